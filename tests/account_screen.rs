//! Sign-in, the idle lock and the roles in the TUI (issue 13), headless against a real store,
//! on both backends.

mod common;

use std::sync::Arc;

use chrono::{Duration, NaiveDate};
use loket::app::aanmelden::AanmeldState;
use loket::app::{run, Msg, Screen, State};
use loket::auth::{self, Regels};
use loket::domain::account::{Account, Rol};
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::{PgStore, SledStore, Store};

use common::{press_in, screen_text, type_in};

fn backends(test: &str) -> Vec<(&'static str, Arc<dyn Store>, Option<tempfile::TempDir>)> {
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let dir = tempfile::tempdir().unwrap();
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    loket::cli::seed(sled.as_ref()).unwrap();
    let mut v = vec![("sled", sled, Some(dir))];
    if let Some(url) = common::pg::fresh_db(&format!("account_screen_{test}")) {
        let pg: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
        loket::cli::seed(pg.as_ref()).unwrap();
        v.push(("postgres", pg, None));
    }
    v
}

fn add(store: &dyn Store, naam: &str, rol: Rol, pin: &str) {
    let a = Account { naam: naam.into(), rol, pin_hash: auth::hash_pin(pin).unwrap(), geblokkeerd: false };
    store.account_toevoegen(&a).unwrap();
}

/// One account of every role: Fenna (functioneel beheerder), Bram (balie), Cees
/// (cliëntondersteuner), Kees (beheerder kaart); PINs 111111, 222222, 333333, 444444.
fn team(store: &dyn Store) {
    add(store, "Fenna", Rol::FunctioneelBeheerder, "111111");
    add(store, "Bram", Rol::Balie, "222222");
    add(store, "Cees", Rol::Clientondersteuner, "333333");
    add(store, "Kees", Rol::BeheerderKaart, "444444");
}

/// An earlier contact handed over to the backoffice (a contact and a case in the store).
fn earlier_handoff(store: &dyn Store) -> loket::domain::case::Case {
    let start = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let slot = Slot {
        ondersteuner_id: "grn-oa-1".into(),
        start,
        eind: start + Duration::minutes(45),
        locatie: "Loket".into(),
        plek: Plek::Balie,
    };
    common::book_elsewhere(store, &slot)
}

/// The desk as `main` starts it on `store`: the sign-in form where required, then the loads.
fn desk(store: &dyn Store) -> State {
    let mut s = common::demo_state();
    s.contact_ids.clear();
    s.medewerker.clear();
    let mut out = Vec::new();
    let t = loket::commands::account::bij_start(store, false, &mut Regels(std::io::Cursor::new(Vec::new())), &mut out)
        .unwrap();
    s.aanmelding_verplicht = t.verplicht;
    s.onbeveiligd = t.onbeveiligd;
    s.vergrendel_na = Some(Duration::minutes(5));
    if t.verplicht {
        s.aanmelden = Some(AanmeldState::start());
    }
    for msg in run::startup(store) {
        run::handle(store, &mut s, msg);
    }
    s
}

fn sign_in(store: &dyn Store, s: &mut State, naam: &str, pin: &str) {
    type_in(store, s, naam);
    press_in(store, s, "enter");
    type_in(store, s, pin);
    press_in(store, s, "enter");
}

fn signed_in(store: &dyn Store, naam: &str, pin: &str) -> State {
    let mut s = desk(store);
    sign_in(store, &mut s, naam, pin);
    assert!(s.aanmelden.is_none(), "signed in as {naam}: {:?}", s.aanmelden.as_ref().and_then(|f| f.fout.clone()));
    s
}

fn warned(s: &State) -> String {
    s.status.as_ref().map(|x| x.1.clone()).unwrap_or_default()
}

#[test]
fn sign_in_is_asked_at_start_once_an_account_exists_and_the_pin_is_masked() {
    for (name, store, _keep) in backends("signin") {
        let store = store.as_ref();
        team(store);
        let mut s = desk(store);
        assert!(s.aanmelden.is_some(), "{name}");
        let text = screen_text(&s, 100, 30);
        assert!(text.contains("Aanmelden") && !text.contains("Zoek"), "{name}: only the form shows:\n{text}");
        type_in(store, &mut s, "Bram");
        press_in(store, &mut s, "enter");
        type_in(store, &mut s, "222222");
        let text = screen_text(&s, 100, 30);
        assert!(text.contains("******") && !text.contains("222222"), "{name}: the PIN is masked:\n{text}");
        press_in(store, &mut s, "enter");
        assert_eq!(s.account.as_ref().map(|a| (a.naam.as_str(), a.rol)), Some(("Bram", Rol::Balie)), "{name}");
        assert_eq!(s.medewerker, "Bram", "{name}: the identity recorded from now on");
        let text = screen_text(&s, 100, 30);
        assert!(text.contains("Bram (balie)") && !text.contains("Aanmelden"), "{name}:\n{text}");
    }
}

#[test]
fn a_wrong_pin_or_a_blocked_account_does_not_sign_in() {
    for (name, store, _keep) in backends("wrong") {
        let store = store.as_ref();
        team(store);
        let mut s = desk(store);
        sign_in(store, &mut s, "Bram", "999999");
        assert!(s.account.is_none() && s.aanmelden.is_some(), "{name}");
        assert!(screen_text(&s, 100, 30).contains("klopt niet"), "{name}");
        // the PIN field is empty again; the right PIN now works
        type_in(store, &mut s, "222222");
        press_in(store, &mut s, "enter");
        assert!(s.account.is_some(), "{name}");
        store.account_blokkeren("Bram", true).unwrap();
        let mut s = desk(store);
        sign_in(store, &mut s, "Bram", "222222");
        assert!(s.account.is_none(), "{name}: blocked");
        assert!(screen_text(&s, 100, 30).contains("geblokkeerd"), "{name}");
    }
}

#[test]
fn an_embedded_store_without_accounts_opens_at_once_with_a_warning_and_the_shared_one_never_does() {
    for (name, store, _keep) in backends("open") {
        let store = store.as_ref();
        if store.is_shared() {
            // no account on the shared database: no way in without making the first (on a terminal)
            let mut out = Vec::new();
            let e = loket::commands::account::bij_start(
                store,
                false,
                &mut Regels(std::io::Cursor::new(Vec::new())),
                &mut out,
            )
            .err()
            .expect("refused");
            assert!(e.to_string().contains("nog geen accounts"), "{name}: {e}");
            continue;
        }
        let mut s = desk(store);
        assert!(!s.aanmelding_verplicht && s.aanmelden.is_none() && s.onbeveiligd, "{name}");
        let text = screen_text(&s, 100, 30);
        assert!(text.contains("Iedereen met toegang tot deze computer ziet alles"), "{name}:\n{text}");
        // at 80 columns the warning is shorter, and the command that ends it is not cut off
        let narrow = screen_text(&s, 80, 24);
        assert!(narrow.contains("iedereen hier ziet alles (loket account toevoegen)."), "{name}:\n{narrow}");
        press_in(store, &mut s, "ctrl-b");
        assert_eq!(s.screen, Screen::Queue, "{name}: everything as before accounts");
        // as soon as one account exists, sign-in is required
        add(store, "Fenna", Rol::FunctioneelBeheerder, "111111");
        let s = desk(store);
        assert!(s.aanmelding_verplicht && s.aanmelden.is_some() && !s.onbeveiligd, "{name}");
    }
}

#[test]
fn the_signed_in_account_is_recorded_on_a_new_contact() {
    for (name, store, _keep) in backends("identity") {
        let store = store.as_ref();
        team(store);
        let mut s = signed_in(store, "bram", "222222");
        press_in(store, &mut s, "ctrl-n");
        type_in(store, &mut s, "hulp bij de administratie");
        let id = s.contact.as_ref().unwrap().contact.id;
        let stored = store.contact(id).unwrap().expect("saved");
        assert_eq!(stored.medewerker, "Bram", "{name}: the account's name as stored, not what was typed");
    }
}

#[test]
fn after_the_idle_time_the_screen_locks_hides_personal_data_and_keeps_the_draft() {
    for (name, store, _keep) in backends("idle") {
        let store = store.as_ref();
        team(store);
        let mut s = signed_in(store, "Bram", "222222");
        let t0 = s.now;
        press_in(store, &mut s, "ctrl-n");
        type_in(store, &mut s, "mevrouw Jansen valt vaak");
        assert!(screen_text(&s, 100, 30).contains("Jansen"), "{name}");
        run::handle(store, &mut s, Msg::Tick(t0 + Duration::minutes(5)));
        assert!(s.is_vergrendeld(), "{name}: locked after 5 minutes");
        let text = screen_text(&s, 100, 30);
        assert!(text.contains("Vergrendeld") && !text.contains("Jansen"), "{name}: nothing personal shows:\n{text}");
        // keys go to the PIN, not into the draft; a wrong PIN keeps it locked
        type_in(store, &mut s, "000000");
        press_in(store, &mut s, "enter");
        assert!(s.is_vergrendeld(), "{name}");
        type_in(store, &mut s, "222222");
        press_in(store, &mut s, "enter");
        assert!(!s.is_vergrendeld(), "{name}: unlocked");
        let cs = s.contact.as_ref().expect("the draft is still open");
        assert_eq!(cs.contact.vraag, "mevrouw Jansen valt vaak", "{name}: nothing lost, nothing added");
        assert_eq!(s.screen, Screen::Contact, "{name}");
        assert_eq!(store.contact(cs.contact.id).unwrap().unwrap().vraag, "mevrouw Jansen valt vaak", "{name}");
        assert!(screen_text(&s, 100, 30).contains("Jansen"), "{name}");
    }
}

#[test]
fn no_lock_before_the_idle_time_and_every_key_starts_it_again() {
    let (_, store, _keep) = backends("idle_keys").into_iter().next().unwrap();
    let store = store.as_ref();
    team(store);
    let mut s = signed_in(store, "Bram", "222222");
    let t0 = s.now;
    run::handle(store, &mut s, Msg::Tick(t0 + Duration::minutes(4)));
    assert!(!s.is_vergrendeld());
    press_in(store, &mut s, "down");
    run::handle(store, &mut s, Msg::Tick(t0 + Duration::minutes(8)));
    assert!(!s.is_vergrendeld(), "4 minutes since the last key");
    run::handle(store, &mut s, Msg::Tick(t0 + Duration::minutes(9)));
    assert!(s.is_vergrendeld(), "5 minutes since the last key");
    // without anyone signed in (no accounts) there is nothing to unlock with: no lock
    let dir = tempfile::tempdir().unwrap();
    let open = SledStore::open(dir.path()).unwrap();
    let mut s = desk(&open);
    run::handle(&open, &mut s, Msg::Tick(t0 + Duration::minutes(60)));
    assert!(!s.is_vergrendeld());
}

#[test]
fn before_sign_in_nothing_personal_is_loaded() {
    for (name, store, _keep) in backends("before") {
        let store = store.as_ref();
        team(store);
        earlier_handoff(store);
        let s = desk(store);
        assert!(s.contacts.is_empty() && s.backoffice.cases.is_empty(), "{name}");
    }
}

// --- the roles, one test per rule (docs/ontwikkelaars.md, "Accounts en rollen") ---

#[test]
fn balie_cannot_open_the_backoffice_queue_nor_load_its_dossiers() {
    for (name, store, _keep) in backends("balie_queue") {
        let store = store.as_ref();
        team(store);
        earlier_handoff(store);
        let mut s = signed_in(store, "Bram", "222222");
        assert!(s.backoffice.cases.is_empty(), "{name}: no dossiers (notes) for the balie");
        assert!(!s.backoffice.ondersteuners.is_empty(), "{name}: who is free stays, for the handoff");
        press_in(store, &mut s, "ctrl-b");
        assert_eq!(s.screen, Screen::Kaart, "{name}");
        assert!(warned(&s).contains("Niet voor uw rol (balie)"), "{name}: {}", warned(&s));
    }
}

#[test]
fn balie_registers_and_looks_up_earlier_contacts_but_does_not_edit_the_map() {
    for (name, store, _keep) in backends("balie_contacts") {
        let store = store.as_ref();
        team(store);
        let k = earlier_handoff(store);
        let mut s = signed_in(store, "Bram", "222222");
        assert!(s.contacts.iter().any(|c| c.id == k.contact_id), "{name}: repeat callers can be found");
        press_in(store, &mut s, "ctrl-l");
        assert_eq!(s.screen, Screen::ContactList, "{name}");
        press_in(store, &mut s, "ctrl-k");
        press_in(store, &mut s, "ctrl-e");
        assert!(s.overlay.is_none() && warned(&s).contains("Niet voor uw rol"), "{name}: no import");
        press_in(store, &mut s, "ctrl-n");
        assert_eq!(s.screen, Screen::Contact, "{name}");
    }
}

#[test]
fn clientondersteuner_works_dossiers_but_registers_and_looks_up_no_contacts() {
    for (name, store, _keep) in backends("co") {
        let store = store.as_ref();
        team(store);
        let k = earlier_handoff(store);
        let mut s = signed_in(store, "Cees", "333333");
        assert!(s.backoffice.cases.iter().any(|c| c.id == k.id), "{name}: the dossiers are there");
        assert!(s.contacts.is_empty(), "{name}: no contact list behind the dossiers");
        press_in(store, &mut s, "ctrl-l");
        assert_eq!(s.screen, Screen::Kaart, "{name}");
        press_in(store, &mut s, "ctrl-n");
        assert!(s.contact.is_none() && s.screen == Screen::Kaart, "{name}");
        press_in(store, &mut s, "ctrl-b");
        assert_eq!(s.screen, Screen::Queue, "{name}");
    }
}

#[test]
fn beheerder_kaart_sees_no_contacts_or_dossiers_but_may_import() {
    for (name, store, _keep) in backends("beheerder") {
        let store = store.as_ref();
        team(store);
        earlier_handoff(store);
        let mut s = signed_in(store, "Kees", "444444");
        assert!(s.contacts.is_empty() && s.backoffice.cases.is_empty(), "{name}: no personal data at all");
        for keys in ["ctrl-l", "ctrl-n", "ctrl-b"] {
            press_in(store, &mut s, keys);
            assert_eq!(s.screen, Screen::Kaart, "{name}: {keys}");
            assert!(warned(&s).contains("beheerder sociale kaart"), "{name}: {keys}: {}", warned(&s));
        }
        press_in(store, &mut s, "ctrl-e");
        assert!(s.overlay.is_some(), "{name}: the import prompt opens");
    }
}

#[test]
fn functioneel_beheerder_reads_no_contacts_and_does_not_edit_the_map() {
    for (name, store, _keep) in backends("fb") {
        let store = store.as_ref();
        team(store);
        earlier_handoff(store);
        let mut s = signed_in(store, "Fenna", "111111");
        assert!(s.contacts.is_empty() && s.backoffice.cases.is_empty(), "{name}");
        for keys in ["ctrl-l", "ctrl-b", "ctrl-e"] {
            press_in(store, &mut s, keys);
            assert!(s.screen == Screen::Kaart && s.overlay.is_none(), "{name}: {keys}");
            assert!(warned(&s).contains("functioneel beheerder"), "{name}: {keys}");
        }
    }
}

/// The beheer screens of issue 14 follow the role table too: the worklist and the word lists are
/// part of the map (beheerder sociale kaart); the supporters' availability lists booked dossiers
/// (cliëntondersteuner).
#[test]
fn word_lists_are_for_the_map_beheerder_and_availability_for_the_backoffice() {
    for (name, store, _keep) in backends("beheerschermen") {
        let store = store.as_ref();
        team(store);
        for (who, pin, f6, f7) in [
            ("Bram", "222222", false, false),
            ("Cees", "333333", true, false),
            ("Kees", "444444", false, true),
            ("Fenna", "111111", false, false),
        ] {
            let mut s = signed_in(store, who, pin);
            // the beheer worklist (ctrl-g) is the map beheerder's
            press_in(store, &mut s, "ctrl-g");
            assert_eq!(s.screen == Screen::Beheer, f7, "{name}: {who}: ctrl-g (beheer)");
            press_in(store, &mut s, "ctrl-k");
            press_in(store, &mut s, "f6");
            assert_eq!(s.screen == Screen::Beschikbaarheid, f6, "{name}: {who}: F6 (beschikbaarheid)");
            press_in(store, &mut s, "ctrl-k");
            press_in(store, &mut s, "f7");
            assert_eq!(s.screen == Screen::Woordenlijst, f7, "{name}: {who}: F7 (woordenlijsten)");
            if !f7 {
                assert!(warned(&s).contains("Niet voor uw rol"), "{name}: {who}: {}", warned(&s));
            }
        }
    }
}

/// The loop ticks when the idle lock is due, not only when the minute turns: a lock of 5 minutes
/// after a key at 10:15:40 is due at 10:20:40, not at 10:21:00.
#[test]
fn the_idle_lock_is_due_to_the_second() {
    let (_, store, _keep) = backends("idle_due").into_iter().next().unwrap();
    let store = store.as_ref();
    team(store);
    let mut s = signed_in(store, "Bram", "222222");
    let t0 = s.now + Duration::seconds(40);
    s.now = t0;
    press_in(store, &mut s, "down");
    assert!(!loket::app::aanmelden::lock_due(&s, t0 + Duration::minutes(5) - Duration::seconds(1)));
    assert!(loket::app::aanmelden::lock_due(&s, t0 + Duration::minutes(5)), "due at the second");
    run::handle(store, &mut s, Msg::Tick(t0 + Duration::minutes(5)));
    assert!(s.is_vergrendeld());
    assert!(!loket::app::aanmelden::lock_due(&s, t0 + Duration::minutes(6)), "once locked, nothing more is due");
}

/// The PIN is checked beside the screen (argon2 is slow on purpose): while the answer is on its
/// way the form says so, and another Enter sends nothing more.
#[test]
fn a_sign_in_being_checked_shows_it_and_is_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    team(store.as_ref());
    let mut s = desk(store.as_ref());
    type_in(store.as_ref(), &mut s, "Bram");
    press_in(store.as_ref(), &mut s, "enter");
    type_in(store.as_ref(), &mut s, "222222");
    // the update alone (as the runtime's loop runs it): the effect goes out, the form waits
    let fx = loket::app::update(&mut s, loket::app::Msg::Action(loket::app::Action::Confirm));
    assert_eq!(fx.iter().filter(|e| matches!(e, loket::app::Effect::Aanmelden { .. })).count(), 1);
    assert!(s.aanmelden.as_ref().unwrap().bezig);
    assert!(screen_text(&s, 80, 24).contains("Pincode controleren"), "{}", screen_text(&s, 80, 24));
    let again = loket::app::update(&mut s, loket::app::Msg::Action(loket::app::Action::Confirm));
    assert!(again.is_empty(), "a second Enter sends nothing");
    // the answer: refused, and the form is ready for another try
    loket::app::update(&mut s, loket::app::Msg::AanmeldenMislukt("Naam of pincode klopt niet.".into()));
    let f = s.aanmelden.as_ref().unwrap();
    assert!(!f.bezig && f.fout.is_some());
    assert!(!screen_text(&s, 80, 24).contains("Pincode controleren"));
}

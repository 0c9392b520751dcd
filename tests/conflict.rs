//! A stale desk never overwrites (issue 18, defect 4; issue 19, "erasure wins"), and a blank
//! draft is never deleted under another desk's hands (issue 18, defect 3). Each test runs on the
//! embedded store and on PostgreSQL (two desks, each with a connection of its own), headless: the
//! desks are driven with keys through `run::handle`, as the runtime does.

mod common;

use std::path::Path;
use std::sync::Arc;

use common::*;
use loket::app::{run, ConfirmKind, Msg, Overlay, State};
use loket::domain::contact::{Afhandeling, Status};
use loket::store::{Change, PgStore, SledStore, Store};

/// A desk of worker `naam` on `store`, loaded as the runtime loads it.
fn desk(store: &dyn Store, naam: &str, dir: &Path) -> State {
    let mut s = demo_state();
    s.contact_ids.clear();
    s.medewerker = naam.into();
    s.data_dir = dir.display().to_string();
    for msg in run::startup(store) {
        run::handle(store, &mut s, msg);
    }
    s
}

/// Run `test` with two connections to one store ("desk A", "desk B"): a sled store (one handle,
/// as one process) and, where PostgreSQL exists, a fresh database with two connections.
fn both(name: &str, test: impl Fn(&dyn Store, &dyn Store, &Path)) {
    std::env::set_var("LOKET_BSN_SLEUTEL", TEST_BSN_KEY);
    let dir = tempfile::tempdir().unwrap();
    let sled = Arc::new(SledStore::open(&dir.path().join("data")).unwrap());
    loket::cli::seed(sled.as_ref()).unwrap();
    test(sled.as_ref(), sled.as_ref(), dir.path());
    if let Some(url) = common::pg::fresh_db(name) {
        let dir = tempfile::tempdir().unwrap();
        let a = PgStore::connect(&url).unwrap();
        let b = PgStore::connect(&url).unwrap();
        loket::cli::seed(&a).unwrap();
        test(&a, &b, dir.path());
    }
}

fn open_id(s: &State) -> u64 {
    s.contact.as_ref().expect("a contact is open").contact.id
}

fn status(s: &State) -> String {
    s.status.as_ref().map(|(_, m)| m.clone()).unwrap_or_default()
}

/// The notice the worker must acknowledge (a dialog), if one is up.
fn melding(s: &State) -> String {
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::Melding)), "a notice is shown");
    s.melding.clone().unwrap_or_default()
}

/// A new contact at desk `s` with a question and a name, stored.
fn contact_with_name(store: &dyn Store, s: &mut State, vraag: &str, naam: &str) -> u64 {
    press_in(store, s, "ctrl-n");
    type_in(store, s, vraag);
    press_in(store, s, "tab");
    type_in(store, s, naam);
    assert!(s.unsaved.is_none(), "{:?}", s.status);
    let id = open_id(s);
    assert_eq!(store.contact(id).unwrap().unwrap().client.naam, naam);
    id
}

/// Issue 19: erasure (or retention) while a desk has the contact open. The desk's next key is
/// refused with a Dutch message, the screen lets go of the contact, and the name never returns
/// to the store. Before the fix the desk took the stored revision and wrote its copy again.
#[test]
fn an_erased_contact_is_never_written_back() {
    both("an_erased_contact_is_never_written_back", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "vraag over vervoer", "Jan Jansen");
        // erasure elsewhere (what `inzage --wis` and retention store), through the other desk's
        // connection
        let mut erased = b.contact(id).unwrap().unwrap();
        loket::domain::bewaren::anonimiseer_contact(&mut erased);
        b.overschrijf(&[erased], &[], &[]).unwrap();
        // the desk types on
        type_in(a, &mut s, "x");
        let stored = b.contact(id).unwrap().unwrap();
        assert!(stored.gewist, "still marked erased");
        assert_eq!(stored.client.naam, "", "the erased name did not come back");
        assert_eq!(stored.vraag, "");
        assert!(s.contact.is_none(), "the screen let go of the erased contact");
        assert!(s.unsaved.is_none(), "nothing waits to be written back");
        let msg = melding(&s);
        assert!(msg.contains("gewist") && msg.contains(&id.to_string()), "{msg}");
        assert!(screen_text(&s, 100, 30).contains("is gewist"));
        press_in(a, &mut s, "enter");
        assert!(s.overlay.is_none());
        // and nothing brings it back later: no retry, no recovery file
        run::handle(a, &mut s, Msg::RetrySave);
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "");
        assert!(run::herstel_schrijven(&s).is_none());
    });
}

/// Erasure at another desk is seen as soon as its notification arrives: the open desk lets go
/// at once, before the worker types.
#[test]
fn an_erasure_notified_lets_go_of_the_open_contact() {
    both("an_erasure_notified_lets_go", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "vraag over hulp thuis", "Piet Puk");
        let mut erased = b.contact(id).unwrap().unwrap();
        loket::domain::bewaren::anonimiseer_contact(&mut erased);
        b.overschrijf(&[erased], &[], &[]).unwrap();
        run::handle(a, &mut s, Msg::Remote(Change::Contact(id)));
        assert!(s.contact.is_none());
        assert!(melding(&s).contains("gewist"));
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "");
    });
}

/// Issue 18, defect 4: another desk closed the contact meanwhile. The stale desk does not
/// reopen or overwrite it; the worker is told, and what she typed is kept as a new draft.
#[test]
fn a_contact_closed_elsewhere_is_not_reopened_and_the_text_is_kept() {
    both("a_contact_closed_elsewhere_is_not_reopened", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "vraag over de rolstoel", "Jan Jansen");
        // desk B closes it
        let mut theirs = b.contact(id).unwrap().unwrap();
        theirs.besluit = Some(loket::domain::contact::TriageBesluit {
            uitkomst: loket::domain::contact::Uitkomst::Enkelvoudig,
            suggestie: loket::domain::contact::Uitkomst::Enkelvoudig,
            reden_afwijking: String::new(),
        });
        theirs.afhandeling = Some(Afhandeling::InformatieGegeven);
        theirs.medewerker = "Bert".into();
        theirs.close(monday_morning()).unwrap();
        let rev = b.save_contact(&theirs).unwrap();
        // desk A types on
        type_in(a, &mut s, "!");
        let stored = b.contact(id).unwrap().unwrap();
        assert_eq!(stored.status, Status::Afgesloten, "not reopened");
        assert_eq!(stored.rev, rev, "not written at all");
        assert_eq!(stored.client.naam, "Jan Jansen");
        assert_eq!(stored.afhandeling, Some(Afhandeling::InformatieGegeven));
        let msg = melding(&s);
        assert!(msg.contains(&format!("Contact {id}")) && msg.contains("afgesloten") && msg.contains("Bert"), "{msg}");
        // the worker's text is offered back: a new draft with it, open and stored
        let nieuw = open_id(&s);
        assert_ne!(nieuw, id);
        assert!(msg.contains(&nieuw.to_string()), "{msg}");
        let kept = a.contact(nieuw).unwrap().expect("the new draft is stored");
        assert_eq!(kept.client.naam, "Jan Jansen!");
        assert_eq!(kept.vraag, "vraag over de rolstoel");
        assert_eq!(kept.status, Status::Concept);
        assert!(s.unsaved.is_none());
        // seen; she types on in the new draft
        press_in(a, &mut s, "enter");
        type_in(a, &mut s, " en de trap");
        assert_eq!(a.contact(nieuw).unwrap().unwrap().vraag, "vraag over de rolstoel en de trap");
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "Jan Jansen");
    });
}

/// A handed-off contact stays handed off: a stale desk's save does not turn it back into a
/// draft without afhandeling (the case would be left without its closed contact).
#[test]
fn a_handed_off_contact_stays_handed_off() {
    both("a_handed_off_contact_stays_handed_off", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "complexe vraag over wonen", "Jan Jansen");
        let mut c = b.contact(id).unwrap().unwrap();
        c.besluit = Some(loket::domain::contact::TriageBesluit {
            uitkomst: loket::domain::contact::Uitkomst::Complex,
            suggestie: loket::domain::contact::Uitkomst::Complex,
            reden_afwijking: String::new(),
        });
        let case = book_elsewhere_from(b, &c);
        type_in(a, &mut s, "x");
        let stored = b.contact(id).unwrap().unwrap();
        assert_eq!(stored.status, Status::Afgesloten);
        assert_eq!(stored.afhandeling, Some(Afhandeling::Backoffice));
        assert_eq!(b.case(case).unwrap().unwrap().contact_id, id);
        assert!(melding(&s).contains("afgesloten"));
    });
}

fn book_elsewhere_from(store: &dyn Store, c: &loket::domain::contact::Contact) -> u64 {
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "grn-oa-1".into(),
        start: monday_morning() + chrono::Duration::days(2),
        eind: monday_morning() + chrono::Duration::days(2) + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    let mut closed = common::store::closed(c);
    closed.medewerker = "Bert".into();
    match store.handoff(&closed, &common::store::new_case(c, "Bert"), &slot).unwrap() {
        loket::store::BookResult::Booked(k) => k.id,
        loket::store::BookResult::Taken => panic!("taken"),
    }
}

/// Different fields changed at two desks are merged: both changes are stored.
#[test]
fn changes_to_different_fields_are_merged() {
    both("changes_to_different_fields_are_merged", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "vraag over vervoer", "Jan Jansen");
        let mut theirs = b.contact(id).unwrap().unwrap();
        theirs.client.telefoon = "0612345678".into();
        b.save_contact(&theirs).unwrap();
        type_in(a, &mut s, "sen");
        let stored = b.contact(id).unwrap().unwrap();
        assert_eq!(stored.client.naam, "Jan Jansensen");
        assert_eq!(stored.client.telefoon, "0612345678", "the other desk's change stays");
        assert_eq!(s.contact.as_ref().unwrap().contact.client.telefoon, "0612345678", "and is shown");
        assert!(s.unsaved.is_none());
        // typing on is an ordinary save again
        type_in(a, &mut s, "!");
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "Jan Jansensen!");
    });
}

/// The same field changed at two desks: nothing is overwritten; the worker's text is kept as a
/// new draft.
#[test]
fn the_same_field_changed_elsewhere_is_not_overwritten() {
    both("the_same_field_changed_elsewhere", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        let id = contact_with_name(a, &mut s, "vraag", "Jan");
        let mut theirs = b.contact(id).unwrap().unwrap();
        theirs.client.naam = "Johannes".into();
        b.save_contact(&theirs).unwrap();
        type_in(a, &mut s, "t");
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "Johannes");
        let msg = melding(&s);
        assert!(msg.contains("naam"), "{msg}");
        let nieuw = open_id(&s);
        assert_ne!(nieuw, id);
        assert_eq!(a.contact(nieuw).unwrap().unwrap().client.naam, "Jant");
    });
}

/// Issue 18, defect 3: a blank draft (`ctrl-n`, nothing typed yet) is not deleted when another
/// desk signs in or loads, nor at this desk's own reconnect; only a worker's own blank drafts
/// left from an earlier session are cleaned up, at her first load.
#[test]
fn a_blank_draft_is_not_deleted_under_a_desks_hands() {
    both("a_blank_draft_is_not_deleted", |a, b, dir| {
        let mut anna = desk(a, "Anna", dir);
        press_in(a, &mut anna, "ctrl-n");
        let id = open_id(&anna);
        assert!(a.contact(id).unwrap().is_some(), "ctrl-n stores a blank draft");
        // another desk starts (and loads every contact)
        let _bert = desk(b, "Bert", dir);
        assert!(b.contact(id).unwrap().is_some(), "another desk's start leaves it alone");
        // this desk reconnects (reads everything again)
        run::handle(a, &mut anna, Msg::Remote(Change::Reconnected));
        assert!(a.contact(id).unwrap().is_some(), "the desk's own reconnect leaves its open draft alone");
        type_in(a, &mut anna, "vraag na het aanmelden van een ander loket");
        assert!(anna.unsaved.is_none(), "{:?}", anna.status);
        assert_eq!(a.contact(id).unwrap().unwrap().vraag, "vraag na het aanmelden van een ander loket");
        // a blank draft Bert left behind (a crash) is his to clean up, at his next start
        let mut left = loket::domain::contact::Contact::new(
            b.new_contact_id().unwrap(),
            loket::domain::contact::Kanaal::Telefoon,
            monday_morning(),
        );
        left.medewerker = "Bert".into();
        b.save_contact(&left).unwrap();
        let _anna2 = desk(a, "Anna", dir);
        assert!(a.contact(left.id).unwrap().is_some(), "not Anna's to delete");
        let _bert2 = desk(b, "Bert", dir);
        assert!(b.contact(left.id).unwrap().is_none(), "Bert's own leftover blank draft is cleaned up");
        assert!(a.contact(id).unwrap().is_some());
    });
}

/// A draft deleted elsewhere (an older desk's cleanup, a discard at another desk) is not a
/// transient failure retried forever: it is stored again from what the desk holds, and the
/// worker is told.
#[test]
fn a_draft_deleted_elsewhere_is_stored_again() {
    both("a_draft_deleted_elsewhere_is_stored_again", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        press_in(a, &mut s, "ctrl-n");
        type_in(a, &mut s, "vraag");
        let id = open_id(&s);
        b.delete_contact(id).unwrap();
        type_in(a, &mut s, " ");
        assert!(s.unsaved.is_none(), "not left as 'niet opgeslagen': {:?}", s.status);
        assert!(status(&s).contains("verwijderd"), "{}", status(&s));
        type_in(a, &mut s, "over vervoer");
        assert_eq!(b.contact(id).unwrap().expect("stored again").vraag, "vraag over vervoer");
        type_in(a, &mut s, "!");
        assert_eq!(b.contact(id).unwrap().unwrap().vraag, "vraag over vervoer!");
    });
}

/// Issue 18, defect 4, word lists: a beheerder's save over a list another beheerder changed
/// since she opened it is refused, her text stays in the editor, and saving again (asked)
/// replaces the other's list.
#[test]
fn a_word_list_changed_elsewhere_is_not_overwritten_silently() {
    use loket::store::lijsten::GEVAARWOORDEN;
    both("a_word_list_changed_elsewhere", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        press_in(a, &mut s, "f7");
        assert_eq!(s.screen, loket::app::Screen::Woordenlijst);
        let gelezen = a.woordenlijst(GEVAARWOORDEN).unwrap().unwrap();
        // Bert changes the list at his desk
        let van_bert = format!("{gelezen}\n# regel van Bert\n");
        b.zet_woordenlijst(GEVAARWOORDEN, &van_bert).unwrap();
        // Anna adds a line and saves
        press_in(a, &mut s, "ctrl-end");
        press_in(a, &mut s, "end");
        press_in(a, &mut s, "enter");
        type_in(a, &mut s, "# regel van Anna");
        press_in(a, &mut s, "ctrl-s");
        assert_eq!(b.woordenlijst(GEVAARWOORDEN).unwrap().unwrap(), van_bert, "Bert's list is not overwritten");
        let msg = status(&s);
        assert!(msg.contains("intussen op een ander loket gewijzigd"), "{msg}");
        assert!(s.woordenlijst.editors[0].tekst().contains("# regel van Anna"), "her text is kept");
        assert!(loket::app::woordenlijst::unsaved(&s), "and counts as unsaved");
        // asked: saving again replaces Bert's list with hers
        press_in(a, &mut s, "ctrl-s");
        let stored = b.woordenlijst(GEVAARWOORDEN).unwrap().unwrap();
        assert!(stored.contains("# regel van Anna") && !stored.contains("# regel van Bert"), "{stored}");
        // restore the bundled list for the other tests in this process
        a.zet_woordenlijst(GEVAARWOORDEN, &gelezen).unwrap();
        loket::store::lijsten::load_word_lists(a);
    });
}

/// Issue 19, dossiers: a change to a case erased meanwhile (a note typed during an outage,
/// retried later) is dropped with a Dutch message; it is never merged into the erased case.
#[test]
fn an_erased_case_is_never_written_back() {
    both("an_erased_case_is_never_written_back", |a, b, dir| {
        let mut c = common::store::complex_draft(b, "Bert", "complexe vraag over wonen");
        c.client.naam = "Jan Jansen".into();
        c.rev = b.save_contact(&c).unwrap();
        let k = book_elsewhere_from(b, &c);
        let base = b.case(k).unwrap().unwrap();
        let mut new = base.clone();
        new.add_note(monday_morning(), "Meneer Jansen belde terug over de trap");
        // erased elsewhere
        let mut erased = base.clone();
        loket::domain::bewaren::anonimiseer_dossier(&mut erased);
        b.overschrijf(&[], &[erased], &[]).unwrap();
        // the desk's change, still waiting, is retried
        let mut s = desk(a, "Carla", dir);
        s.pending_cases.push((base, new));
        s.unsaved = Some("verbinding met de database kwijt".into());
        run::handle(a, &mut s, Msg::RetrySave);
        let stored = b.case(k).unwrap().unwrap();
        assert!(stored.gewist);
        assert!(
            stored.notities.iter().all(|n| !n.tekst.contains("Jansen")),
            "the note did not come back: {:?}",
            stored.notities
        );
        assert!(s.pending_cases.is_empty() && s.unsaved.is_none());
        assert!(status(&s).contains("gewist"), "{}", status(&s));
    });
}

/// Erasure while the handoff screen is open: nothing is handed over, the desk lets go of the
/// contact with the notice, and no case is made.
#[test]
fn a_handoff_of_an_erased_contact_makes_nothing_and_lets_go() {
    both("a_handoff_of_an_erased_contact", |a, b, dir| {
        let mut s = desk(a, "Anna", dir);
        press_in(a, &mut s, "ctrl-n");
        type_in(a, &mut s, "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft geldzorgen");
        for k in ["alt-2", "alt-4", "tab"] {
            press_in(a, &mut s, k);
        }
        type_in(a, &mut s, "Jan Jansen");
        press_in(a, &mut s, "ctrl-o");
        assert!(s.handoff.is_some(), "{:?}", s.status);
        let id = open_id(&s);
        let cases_before = b.cases().unwrap().value.len();
        let mut erased = b.contact(id).unwrap().unwrap();
        loket::domain::bewaren::anonimiseer_contact(&mut erased);
        b.overschrijf(&[erased], &[], &[]).unwrap();
        press_in(a, &mut s, "j");
        press_in(a, &mut s, "enter");
        assert_eq!(b.cases().unwrap().value.len(), cases_before, "no case");
        assert!(s.contact.is_none() && s.handoff.is_none());
        assert!(melding(&s).contains("gewist"));
        assert_eq!(b.contact(id).unwrap().unwrap().client.naam, "");
    });
}

/// A write that reached the store but whose answer was lost (the connection dropped after the
/// commit) is this desk's own: the next save merges over it, no clash, no new draft.
#[test]
fn a_lost_answer_is_recognised_as_the_desks_own_write() {
    both("a_lost_answer_is_recognised", |a, _b, dir| {
        let mut s = desk(a, "Anna", dir);
        press_in(a, &mut s, "ctrl-n");
        type_in(a, &mut s, "vraag");
        let id = open_id(&s);
        let before = s.contact.as_ref().unwrap().contact.clone();
        let basis = s.contact.as_ref().unwrap().basis.clone();
        type_in(a, &mut s, " over");
        // as if the answer to that last write never came: the desk still holds the old revision,
        // and remembers the copy it sent
        let sent = s.contact.as_ref().unwrap().contact.clone();
        {
            let cs = s.contact.as_mut().unwrap();
            cs.contact.rev = before.rev;
            cs.basis = basis;
        }
        s.verstuurd.push(loket::domain::contact::Contact { rev: before.rev, ..sent });
        type_in(a, &mut s, " vervoer");
        assert_eq!(open_id(&s), id, "no new draft");
        assert!(s.overlay.is_none(), "no notice: {:?}", s.melding);
        assert_eq!(a.contact(id).unwrap().unwrap().vraag, "vraag over vervoer");
        assert!(s.unsaved.is_none());
    });
}

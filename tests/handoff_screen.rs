//! The handoff to the backoffice and the queue, headless against a real store.

mod common;

use common::*;
use loket::app::{Overlay, Screen};
use loket::domain::case::{Route, Stap};
use loket::domain::contact::{Afhandeling, Status};
use loket::domain::ondersteuning::OndersteunerSoort;

/// An 80-year-old in Groningen with questions in two domains: complex.
fn complex_contact(store: &dyn loket::store::Store, s: &mut loket::app::State) {
    press_in(store, s, "ctrl-n");
    type_in(store, s, "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft geldzorgen");
    press_in(store, s, "alt-2");
    press_in(store, s, "alt-4");
    press_in(store, s, "tab");
    press_in(store, s, "tab");
    type_in(store, s, "1946");
    press_in(store, s, "tab");
    type_in(store, s, "Groningen");
}

#[test]
fn handoff_in_three_keys_books_the_first_slot_and_queues_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    let contact_id = s.contact.as_ref().unwrap().contact.id;
    // 1: the handoff key
    press_in(store.as_ref(), &mut s, "ctrl-o");
    assert_eq!(s.screen, Screen::Handoff);
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::Ouderenadviseur), "65+ → ouderenadviseur");
    assert!(h.suggestions[0].reden.contains("65+"), "{}", h.suggestions[0].reden);
    assert!(h.samenvatting.contains("slecht ter been"));
    assert!(!h.slots.is_empty(), "{:?}", h.message);
    let first = h.slots[0].clone();
    assert!(first.start > s.now, "nothing in the past");
    // 2: consent; 3: Enter books the first slot
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().expect("booked");
    assert_eq!(case.afspraak.as_ref(), Some(&first));
    assert!(case.consent && !case.anoniem);
    let cl = case.client.as_ref().expect("with consent the client can be reached");
    assert_eq!(cl.gemeente, "Groningen");
    assert_eq!(cl.geboortejaar, Some(1946));
    assert_eq!(cl.bsn, None, "the BSN stays at the desk");
    assert_eq!(case.route, Route::Clientondersteuning);
    assert_eq!(case.contact_id, contact_id);
    // the confirmation for the caller is on screen
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Afspraak gemaakt"), "{text}");
    let ond = s.backoffice.ondersteuner(&first.ondersteuner_id).unwrap().naam.clone();
    assert!(text.contains(&ond), "{text}");
    // the contact is closed as "doorgezet naar backoffice"
    assert!(s.contact.is_none());
    let c = s.contacts.iter().find(|c| c.id == contact_id).unwrap();
    assert_eq!(c.status, Status::Afgesloten);
    assert_eq!(c.afhandeling, Some(Afhandeling::Backoffice));
    // stored: case and slot claim
    let stored = loket::store::booking::load_cases(store.as_ref()).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        loket::store::booking::booked_starts(store.as_ref(), &first.ondersteuner_id).unwrap(),
        vec![first.start]
    );
    // and in the queue
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-b");
    assert_eq!(s.screen, Screen::Queue);
    let q = screen_text(&s, 120, 40);
    assert!(q.contains(&ond) && q.contains("vraagverheldering"), "{q}");
}

#[test]
fn without_consent_the_handoff_is_anonymous() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.handoff.as_ref().unwrap().booked.is_none(), "consent is asked before booking");
    assert!(s.handoff.as_ref().unwrap().message.as_deref().unwrap_or("").contains("toestemming"));
    press_in(store.as_ref(), &mut s, "n");
    press_in(store.as_ref(), &mut s, "enter");
    // the worker writes the summary for the backoffice: not pre-filled, never the question
    let Some(loket::app::Overlay::Prompt { kind, field, .. }) = &s.overlay else {
        panic!("no prompt: {:?}", s.overlay)
    };
    assert_eq!(*kind, loket::app::PromptKind::AnoniemeSamenvatting);
    assert_eq!(field.value(), "", "not pre-filled");
    type_in(
        store.as_ref(),
        &mut s,
        "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft geldzorgen",
    );
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.handoff.as_ref().unwrap().booked.is_none(), "the question word for word is refused");
    let Some(loket::app::Overlay::Prompt { error, .. }) = &s.overlay else { panic!("prompt closed") };
    assert!(error.as_deref().unwrap_or("").contains("niet de vraag letterlijk"), "{error:?}");
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "enter");
    type_in(store.as_ref(), &mut s, "Oudere man: mobiliteit, huishouden en financiën");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().unwrap();
    assert!(case.anoniem && !case.consent);
    assert_eq!(case.client, None, "nothing about the client leaves the desk");
    assert!(!case.samenvatting.contains("slecht ter been"), "{}", case.samenvatting);
    assert!(case.samenvatting.contains("Oudere man: mobiliteit"), "{}", case.samenvatting);
    // stored without a link to the contact, so the backoffice can't follow it to the person
    let stored = loket::store::Store::case(store.as_ref(), case.id).unwrap().unwrap();
    assert_eq!(stored.contact_id, 0);
    assert!(!stored.samenvatting.contains("slecht ter been"));
    // the desk's contact is closed all the same
    assert_eq!(s.contacts.iter().filter(|c| c.status == Status::Afgesloten).count(), 1);
}

#[test]
fn a_slot_once_booked_is_not_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let first = s.handoff.as_ref().unwrap().slots[0].clone();
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let offered = &s.handoff.as_ref().unwrap().slots;
    assert!(!offered.contains(&first), "the booked slot is offered again");
}

#[test]
fn slot_taken_by_someone_else_meanwhile_is_refused_and_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let first = s.handoff.as_ref().unwrap().slots[0].clone();
    // another desk books the same slot first, directly in the store
    book_elsewhere(store.as_ref(), &first);
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let h = s.handoff.as_ref().unwrap();
    assert!(h.booked.is_none());
    assert!(h.message.as_deref().unwrap().contains("net door iemand anders geboekt"));
    assert!(!h.slots.contains(&first));
}

#[test]
fn other_routes_and_kinds_from_the_same_key() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "tab");
    let second = s.handoff.as_ref().unwrap().soort();
    assert_ne!(second, Some(OndersteunerSoort::Ouderenadviseur));
    press_in(store.as_ref(), &mut s, "r");
    assert_eq!(s.handoff.as_ref().unwrap().route, Route::WmoMelding);
    assert_eq!(s.handoff.as_ref().unwrap().soort(), Some(OndersteunerSoort::WmoConsulent));
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().expect("a Wmo-consulent slot was booked");
    assert!(case.wmo.is_some(), "a melding starts the Wmo clock");
    let c = s.contacts.iter().find(|c| c.id == case.contact_id).unwrap();
    assert_eq!(c.afhandeling, Some(Afhandeling::MeldingWmo));
}

#[test]
fn enkelvoudig_contact_is_not_handed_over() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "Waar is de voedselbank?");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    assert_eq!(s.screen, Screen::Contact);
    assert!(s.status.as_ref().unwrap().1.contains("enkelvoudig"));
}

/// The calendar file for the supporter is written on request; the confirmation for the caller is
/// no longer a file on the desk (see the letter below), and an old .txt of an earlier version is
/// removed when the case's files are written again.
#[test]
fn export_writes_the_ics_and_no_txt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let id = s.handoff.as_ref().unwrap().booked.as_ref().unwrap().id;
    let oud = dir.path().join(format!("afspraken/afspraak-{id}.txt"));
    std::fs::create_dir_all(oud.parent().unwrap()).unwrap();
    std::fs::write(&oud, "Bevestiging van uw afspraak (van een eerdere versie)").unwrap();
    press_in(store.as_ref(), &mut s, "e");
    let case = s.handoff.as_ref().unwrap().booked.clone().unwrap();
    assert!(case.client.is_some());
    assert!(!oud.exists(), "the old confirmation is gone");
    let ics = std::fs::read_to_string(dir.path().join(format!("afspraken/afspraak-{id}.ics"))).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    // with consent the supporter can reach the client; the unfolded text names the gemeente
    assert!(ics.replace("\r\n ", "").contains("Cliënt: gemeente Groningen"), "{ics}");
    let parsed = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes())).next().unwrap();
    assert!(parsed.is_ok(), "{parsed:?}");
}

#[test]
fn queue_steps_notes_signals_and_wmo_clock() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "r"); // melding Wmo
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-b");
    press_in(store.as_ref(), &mut s, "v");
    assert_eq!(s.backoffice.cases[0].stap, Stap::KeuzeInformatie);
    press_in(store.as_ref(), &mut s, "n");
    type_in(store.as_ref(), &mut s, "keukentafelgesprek gepland");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "s");
    type_in(store.as_ref(), &mut s, "thuiszorg komt niet opdagen");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "a");
    type_in(store.as_ref(), &mut s, "+1");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(matches!(&s.overlay, Some(Overlay::Prompt { error: Some(e), .. }) if e.contains("toekomst")));
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "a");
    type_in(store.as_ref(), &mut s, "vandaag");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.overlay.is_none());
    let stored = &loket::store::booking::load_cases(store.as_ref()).unwrap()[0];
    assert_eq!(stored.stap, Stap::KeuzeInformatie);
    assert!(stored.notities.iter().any(|n| n.tekst == "keukentafelgesprek gepland"), "{:?}", stored.notities);
    assert_eq!(stored.signalen[0].tekst, "thuiszorg komt niet opdagen");
    let w = stored.wmo.unwrap();
    assert_eq!(w.aanvraag, Some(s.now.date()));
    assert_eq!(w.beschikking_uiterlijk(), Some(s.now.date() + chrono::Duration::days(14)));
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("beschikking Wmo") && text.contains("onderzoek Wmo"), "{text}");
    // six weeks and a day later the onderzoek is overdue and the case is marked
    let later = s.now + chrono::Duration::days(43);
    loket::app::update(&mut s, loket::app::Msg::Tick(later));
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("⚠ te laat: onderzoek Wmo"), "{text}");
    // the onderzoek was done (in time): its clock stops and the case is no longer overdue
    let melding = loket::store::booking::load_cases(store.as_ref()).unwrap()[0].wmo.unwrap().melding;
    let on = |days: i64| (melding + chrono::Duration::days(days)).format("%d-%m-%Y").to_string();
    press_in(store.as_ref(), &mut s, "o");
    type_in(store.as_ref(), &mut s, &on(30));
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.overlay.is_none(), "{:?}", s.overlay);
    let text = screen_text(&s, 120, 40);
    assert!(!text.contains("te laat: onderzoek"), "{text}");
    press_in(store.as_ref(), &mut s, "b");
    type_in(store.as_ref(), &mut s, &on(10));
    press_in(store.as_ref(), &mut s, "enter");
    let stored = &loket::store::booking::load_cases(store.as_ref()).unwrap()[0];
    let w = stored.wmo.unwrap();
    assert!(w.onderzoek_afgerond.is_some() && w.beschikking.is_some());
    assert!(stored.overdue(s.now.date()).is_empty(), "{:?}", stored.overdue(s.now.date()));
    // a bad date is refused with a message
    press_in(store.as_ref(), &mut s, "d");
    type_in(store.as_ref(), &mut s, "ooit");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(matches!(&s.overlay, Some(Overlay::Prompt { error: Some(_), .. })));
}

#[test]
fn snapshot_handoff_panel_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    insta::assert_snapshot!("handoff_80x24", screen_text(&s, 80, 24));
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    insta::assert_snapshot!("handoff_booked_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_queue_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-b");
    insta::assert_snapshot!("queue_120x40", screen_text(&s, 120, 40));
}

#[test]
fn one_unreadable_case_does_not_hide_the_others() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (store, mut s) = demo_state_in(dir.path());
        for _ in 0..2 {
            complex_contact(store.as_ref(), &mut s);
            press_in(store.as_ref(), &mut s, "ctrl-o");
            press_in(store.as_ref(), &mut s, "j");
            press_in(store.as_ref(), &mut s, "enter");
            press_in(store.as_ref(), &mut s, "enter");
        }
        let key = 1u64.to_be_bytes();
        let mut raw = store.raw_get("dossiers", &key).unwrap().unwrap();
        raw.truncate(raw.len() - 3);
        store.raw_put("dossiers", &key, &raw).unwrap();
    }
    let (_store, s) = demo_state_in(dir.path());
    assert_eq!(s.backoffice.cases.len(), 1, "the readable case is still there");
    assert_eq!(s.backoffice.cases[0].id, 2);
    let (_, msg) = s.status.clone().unwrap();
    assert!(msg.contains("1 dossier(s) niet te lezen en overgeslagen: dossier 1:"), "{msg}");
}

#[test]
fn wmo_dates_must_be_consistent_and_can_be_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "r");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-b");
    let melding = s.backoffice.cases[0].wmo.unwrap().melding;
    let later = s.now + chrono::Duration::days(10);
    loket::app::update(&mut s, loket::app::Msg::Tick(later));
    let on = |days: i64| (melding + chrono::Duration::days(days)).format("%d-%m-%Y").to_string();
    let prompt = |s: &mut loket::app::State, key: &str, text: &str| {
        press_in(store.as_ref(), s, key);
        type_in(store.as_ref(), s, text);
        press_in(store.as_ref(), s, "enter");
        let err = match &s.overlay {
            Some(Overlay::Prompt { error, .. }) => error.clone(),
            _ => None,
        };
        if err.is_some() {
            press_in(store.as_ref(), s, "esc");
        }
        err
    };
    assert!(prompt(&mut s, "b", &on(3)).unwrap().contains("eerst de datum van de aanvraag"));
    assert_eq!(prompt(&mut s, "a", &on(5)), None);
    assert!(prompt(&mut s, "b", &on(3)).unwrap().contains("vóór de aanvraag"));
    assert_eq!(prompt(&mut s, "b", &on(8)), None);
    assert!(prompt(&mut s, "a", &on(9)).unwrap().contains("na de beschikking"));
    assert!(prompt(&mut s, "o", &on(-1)).unwrap().contains("vóór de melding"));
    // an empty entry clears a date entered by mistake
    assert_eq!(prompt(&mut s, "b", ""), None);
    let w = loket::store::booking::load_cases(store.as_ref()).unwrap()[0].wmo.unwrap();
    assert_eq!(w.aanvraag, Some(melding + chrono::Duration::days(5)));
    assert_eq!(w.beschikking, None);
}

/// Issue 10, A3: "Mijn moeder (86) moet naar een verpleeghuis", with Wlz and the
/// Wlz-indicatie regeling linked, suggested VIP GGz. The age in the question and the indicatie
/// lead to the ouderenadviseur; GGz needs a ggz sign; the reason is shown.
#[test]
fn the_suggested_supporter_follows_what_the_contact_says() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "Mijn moeder (86) moet naar een verpleeghuis");
    // the help is for a parent (alt-h: zichzelf → kind → partner → ouder): her age counts
    for _ in 0..3 {
        press_in(store.as_ref(), &mut s, "alt-h");
    }
    s.contact.as_mut().unwrap().contact.toggle_wet(loket::domain::kaart::Wet::Wlz);
    press_in(store.as_ref(), &mut s, "ctrl-f");
    type_in(store.as_ref(), &mut s, "wlz indicatie ciz");
    press_in(store.as_ref(), &mut s, "alt-v");
    assert!(s.contact.as_ref().unwrap().contact.links.iter().any(|l| l.entry_id == "rg-wlz-indicatie"));
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let h = s.handoff.as_ref().expect("complex: an indication is needed");
    assert_eq!(h.soort(), Some(OndersteunerSoort::Ouderenadviseur), "{:?}", h.suggestions[0]);
    assert!(h.suggestions[0].reden.contains("86"), "{}", h.suggestions[0].reden);
    assert!(!h.suggestions.iter().take(2).any(|x| x.soort == OndersteunerSoort::VipGgz), "{:?}", h.suggestions);
    let text = screen_text(&s, 100, 30);
    assert!(text.contains(&h.suggestions[0].reden), "the reason is shown:\n{text}");
}

/// Issue 10, A3: an age in the question counts when no birth year is known (and it is the age
/// of the person the help is for).
#[test]
fn an_age_in_the_question_counts_for_the_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "Mijn vader van 79 redt de administratie en het huishouden niet meer");
    for _ in 0..3 {
        press_in(store.as_ref(), &mut s, "alt-h"); // hulp voor: ouder
    }
    press_in(store.as_ref(), &mut s, "alt-2");
    press_in(store.as_ref(), &mut s, "alt-4");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::Ouderenadviseur), "{:?}", h.suggestions[0]);
    assert!(h.suggestions[0].reden.contains("79"), "{}", h.suggestions[0].reden);
}

/// A contact about `vraag` for a client in `plaats`, complex (two domains), handoff opened at `now`.
fn handoff_for(
    store: &dyn loket::store::Store,
    s: &mut loket::app::State,
    vraag: &str,
    jaar: &str,
    plaats: &str,
    now: chrono::NaiveDateTime,
) {
    loket::app::update(s, loket::app::Msg::Tick(now));
    press_in(store, s, "ctrl-n");
    type_in(store, s, vraag);
    // A question about a parent: the desk sets "hulp voor: ouder" (alt-h three times), so the
    // parent's age in the question counts.
    if vraag.starts_with("Mijn moeder") || vraag.starts_with("Mijn vader") {
        for _ in 0..3 {
            press_in(store, s, "alt-h");
        }
    }
    press_in(store, s, "alt-2");
    press_in(store, s, "alt-4");
    press_in(store, s, "tab");
    press_in(store, s, "tab");
    type_in(store, s, jaar);
    press_in(store, s, "tab");
    type_in(store, s, plaats);
    press_in(store, s, "ctrl-o");
    assert_eq!(s.screen, Screen::Handoff);
}

fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

/// Issue 10, A4: MEE for a Winsum client offered Thursday at the Zorgloket in Groningen first.
#[test]
fn a_winsum_clients_first_mee_slot_is_in_winsum() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    // Wednesday 25 November: the Thursday in Groningen comes before the Tuesday in Winsum
    handoff_for(
        store.as_ref(),
        &mut s,
        "Zoon zit in een rolstoel, hulp nodig en geldzorgen",
        "1990",
        "Winsum",
        at(25, 10),
    );
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::Mee));
    assert!(h.slots[0].locatie.contains("Winsum"), "{:?}", h.slots[0]);
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Loket Winsum"), "the place is shown plainly:\n{text}");
}

/// Issue 10, A4: home visits for a Winsum client offered De Marne first.
#[test]
fn home_visits_for_a_winsum_client_are_not_de_marne_first() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    // Tuesday 24 November: Wednesday's home visits are in De Marne, Thursday's in Winsum
    handoff_for(store.as_ref(), &mut s, "Meneer redt het huishouden niet meer", "1944", "Winsum", at(24, 10));
    press_in(store.as_ref(), &mut s, "p");
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::Ouderenadviseur));
    assert!(!h.slots[0].locatie.contains("De Marne"), "{:?}", h.slots[0]);
    assert!(h.slots[0].locatie.contains("Winsum"), "{:?}", h.slots[0]);
}

/// Issue 10, A4: a Groningen client was offered "Loket Leens" first.
#[test]
fn a_groningen_client_is_not_offered_leens_first() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    // Tuesday 24 November: VIP is in Leens on Wednesday, in Groningen on Monday
    handoff_for(
        store.as_ref(),
        &mut s,
        "Mijn zoon is psychisch in de war en heeft schulden",
        "1990",
        "Groningen",
        at(24, 10),
    );
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::VipGgz));
    assert!(!h.slots[0].locatie.contains("Leens"), "{:?}", h.slots[0]);
    assert!(h.slots[0].locatie.contains("Groningen"), "{:?}", h.slots[0]);
}

/// Issue 10, A4: only 6 slots were offered; paging reaches later ones, and Enter books them.
#[test]
fn later_slots_are_reached_by_paging() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "pagedown");
    let h = s.handoff.as_ref().unwrap();
    assert!(h.slots.len() > 6, "{}", h.slots.len());
    assert_eq!(h.selected, 6);
    let seventh = h.slots[6].clone();
    let text = screen_text(&s, 100, 30);
    assert!(text.contains(&loket::ui::kort(seventh.start)), "the later page is shown:\n{text}");
    press_in(store.as_ref(), &mut s, "pageup");
    assert_eq!(s.handoff.as_ref().unwrap().selected, 0);
    press_in(store.as_ref(), &mut s, "pagedown");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().unwrap();
    assert_eq!(case.afspraak, Some(seventh));
}

/// Issue 10, A7: the consent question and the "Eerst de toestemming…" message must be on screen
/// (it was the 4th line of a 3-line box; at 80x24 a wrapped Voorstel pushed Toestemming out).
#[test]
fn the_consent_question_is_always_visible() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handoff_for(
        store.as_ref(),
        &mut s,
        "Mijn moeder (86) kan niet meer alleen wonen en moet naar een verpleeghuis, ook geldzorgen",
        "",
        "Winsum",
        at(23, 10),
    );
    press_in(store.as_ref(), &mut s, "p"); // a home visit: the warning line too
    press_in(store.as_ref(), &mut s, "enter"); // before j/n
    assert!(s.handoff.as_ref().unwrap().booked.is_none());
    for (w, h) in [(80, 24), (100, 30)] {
        let text = screen_text(&s, w, h);
        assert!(text.contains("Toestemming:"), "{w}x{h}:\n{text}");
        assert!(text.contains("Eerst de toestemming"), "{w}x{h}:\n{text}");
        assert!(text.contains("j = ja"), "{w}x{h}:\n{text}");
    }
    insta::assert_snapshot!("handoff_consent_asked_80x24", screen_text(&s, 80, 24));
}

/// Issue 25, item 7: the confirmation letter is made from the store when asked and opened in the
/// system's viewer (here an opener that catches it): the loket's letterhead, everything to find
/// the appointment, how to change it, no BSN or name; no file stays on the desk, and while one
/// exists inzage lists it and erasure removes it.
#[test]
fn the_letter_has_the_letterhead_and_the_appointment_and_leaves_no_file() {
    use loket::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let vang = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    s.briefhoofd = loket::domain::briefhoofd::Briefhoofd {
        naam: "Loket WWZ Groningen (verzonnen)".into(),
        adres: "Voorbeeldplein 1".into(),
        postcode: "9700 AA".into(),
        plaats: "Groningen".into(),
        telefoon: "050 - 000 00 00".into(),
        ..Default::default()
    };
    brief_vangen(&mut s, vang.path(), std::time::Duration::from_millis(300));
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().unwrap();
    let slot = case.afspraak.clone().unwrap();
    let ond = s.backoffice.ondersteuner(&slot.ondersteuner_id).unwrap().clone();
    // the key is on the screen
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("b brief printen"), "{text}");
    // the BSN sits in the store's case (the desk's copy leaves it out): the letter is made from
    // the store, and still shows none
    let mut stored = store.case(case.id).unwrap().unwrap();
    let bsn = "111222333";
    stored.client.as_mut().unwrap().bsn = Some(bsn.into());
    stored.client.as_mut().unwrap().naam = "Mevrouw Verzonnen".into();
    store.save_case(&stored).unwrap();
    let stored = store.case(case.id).unwrap().unwrap();
    press_in(store.as_ref(), &mut s, "b");
    assert!(s.status.as_ref().is_some_and(|(_, t)| t.contains("brief")), "{:?}", s.status);
    let html = gevangen_brief(vang.path());
    for want in [
        "Loket WWZ Groningen (verzonnen)",
        "Voorbeeldplein 1",
        "9700 AA  Groningen",
        "050 - 000 00 00",
        &loket::domain::ics::datum_tijd_nl(slot.start),
        &loket::domain::briefhoofd::escape_html(&slot.locatie),
        &loket::domain::briefhoofd::escape_html(&ond.naam),
        &format!("dossier {}", case.id),
    ] {
        assert!(html.contains(want), "{want} missing from the letter:\n{html}");
    }
    assert!(!html.contains(bsn) && !html.contains("Verzonnen<") && !html.contains("Mevrouw"), "{html}");
    geen_brief_over(dir.path());

    // while a letter exists, inzage lists it and erasure removes it
    s.brief_bewaren = std::time::Duration::from_secs(600);
    press_in(store.as_ref(), &mut s, "b");
    let _ = gevangen_brief(vang.path());
    let g = loket::commands::inzage::Gevonden { dossiers: vec![stored.clone()], ..Default::default() };
    let lijst = loket::commands::inzage::bestanden(dir.path(), &g);
    assert!(lijst.iter().any(|p| p.starts_with(dir.path().join("brieven"))), "{lijst:?}");
    let afzender = loket::commands::inzage::afzender(store.as_ref(), dir.path(), None);
    let g = loket::commands::inzage::wis_met(
        store.as_ref(),
        dir.path(),
        "Mevrouw Verzonnen",
        "verzoek",
        "Anna",
        s.now,
        &afzender,
    )
    .unwrap();
    assert!(g.niet_verwijderd.is_empty(), "{:?}", g.niet_verwijderd);
    assert!(loket::app::brief::alle(dir.path()).is_empty(), "erasure removed the letter");
}

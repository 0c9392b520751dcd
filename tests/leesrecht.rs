//! A desk reads from the store only what its role may see: after another desk writes a dossier
//! note, a balie desk reads who is booked, never the dossier; before anyone signed in, nothing
//! personal is read at start.

mod common;

use loket::app::run::{self, Leesrecht};
use loket::store::{BookResult, Change, Store};

const NOTITIE: &str = "Notitie-merkteken-Qz7: mevrouw heeft schulden bij de woningcorporatie";

fn a_case_with_a_note(store: &dyn Store) -> u64 {
    let c = common::store::complex_draft(store, "Bram", "vraag");
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "grn-oa-1".into(),
        start: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap().and_hms_opt(9, 0, 0).unwrap(),
        eind: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap().and_hms_opt(9, 45, 0).unwrap(),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    let BookResult::Booked(mut k) =
        store.handoff(&common::store::closed(&c), &common::store::new_case(&c, "Bram"), &slot).unwrap()
    else {
        panic!("taken")
    };
    k.add_note(common::monday_morning(), NOTITIE);
    store.save_case(&k).unwrap();
    k.id
}

/// The dossiers' notes and the contacts' questions in these messages: what the desk read.
fn gelezen(msgs: &[loket::app::Msg]) -> String {
    use loket::app::Msg;
    let mut out = String::new();
    let mut case = |k: &loket::domain::case::Case| {
        for n in &k.notities {
            out.push_str(&n.tekst);
            out.push('\n');
        }
    };
    let mut contacts = Vec::new();
    for m in msgs {
        match m {
            Msg::CaseRefreshed(k) => case(k),
            Msg::BackofficeLoaded(b) => b.cases.iter().for_each(&mut case),
            Msg::DossiersGeladen(l) => l.iter().for_each(&mut case),
            Msg::ContactsLoaded(l) => contacts.extend(l.iter().map(|c| c.vraag.clone())),
            Msg::ContactRefreshed(_, Some(c)) => contacts.push(c.vraag.clone()),
            _ => {}
        }
    }
    out + &contacts.join("\n")
}

#[test]
fn after_a_note_elsewhere_a_balie_desk_reads_bookings_not_the_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _s) = common::demo_state_in(dir.path());
    let id = a_case_with_a_note(store.as_ref());
    let balie = Leesrecht { dossiers: false, contacten: true };
    let msgs = run::refresh(store.as_ref(), Change::Case(id), balie, None, None);
    let read = gelezen(&msgs);
    assert!(!read.contains("Qz7"), "the note was read at a balie desk: {read}");
    assert!(msgs.iter().any(|m| matches!(m, loket::app::Msg::BookingsLoaded(_))), "who is booked is: {read}");
    // a reconnect reads no dossier either
    let read = gelezen(&run::refresh(store.as_ref(), Change::Reconnected, balie, None, None));
    assert!(!read.contains("Qz7"), "{read}");
    // the backoffice does read it
    let read = gelezen(&run::refresh(store.as_ref(), Change::Case(id), Leesrecht::ALLES, None, None));
    assert!(read.contains("Qz7"), "the backoffice reads the dossier: {read}");
}

#[test]
fn before_sign_in_nothing_personal_is_read_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    a_case_with_a_note(store.as_ref());
    s.aanmelding_verplicht = true;
    s.account = None;
    let msgs = run::startup_voor(store.as_ref(), Leesrecht::van(&s));
    let read = gelezen(&msgs);
    assert!(read.trim().is_empty(), "read before sign-in: {read}");
    assert!(msgs.iter().any(|m| matches!(m, loket::app::Msg::BackofficeLoaded(_))), "who is free is read");
    // everything, where sign-in is not required
    assert!(gelezen(&run::startup(store.as_ref())).contains("Qz7"));
}

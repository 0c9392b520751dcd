//! Issue 14, item 5: a supporter's availability is edited in the TUI. A change that would leave a
//! booked appointment outside the availability asks first and saves nothing until confirmed;
//! after "ja" the appointment is still booked and its case is flagged for rebooking. The store
//! path on both backends, the screen headless on the embedded store, the fields' errors, and
//! reviewed snapshots at 80x24 and 120x40.

mod common;

use chrono::{Datelike, Timelike};
use common::*;
use loket::app::{ConfirmKind, Overlay, Screen, State};
use loket::domain::beschikbaarheid::{Uitkomst, VERZETTEN};
use loket::domain::case::Case;
use loket::domain::ondersteuning::{Clientondersteuner, Plek};
use loket::domain::slots::{free_slots, Slot};
use loket::store::{PgStore, SledStore, Store, StoreError};

const WIE: &str = "grn-oa-1";

fn supporter(store: &dyn Store) -> Clientondersteuner {
    store.ondersteuners().unwrap().value.into_iter().find(|o| o.id == WIE).expect("demo supporter")
}

/// Another desk books the first free desk slot of the supporter after `common::store::now()`.
fn booked(store: &dyn Store) -> (Clientondersteuner, Slot, Case) {
    let o = supporter(store);
    let slot = free_slots(&o, &[], common::store::now(), 28, Plek::Balie, None, 1).remove(0);
    let case = book_elsewhere(store, &slot);
    (o, slot, case)
}

/// `o` without any block on the weekday of `slot`.
fn zonder_dag_van(o: &Clientondersteuner, slot: &Slot) -> Clientondersteuner {
    let dag = slot.start.weekday().num_days_from_monday() as u8;
    let mut n = o.clone();
    n.beschikbaarheid.retain(|b| b.dag != dag);
    n
}

fn store_path(store: &dyn Store) {
    loket::cli::seed(store).unwrap();
    let (o, slot, case) = booked(store);
    let nieuw = zonder_dag_van(&o, &slot);
    let now = common::store::now();

    // asked: nothing is written
    match store.zet_beschikbaarheid(&o, &nieuw, now, &[], "Beheer").unwrap() {
        Uitkomst::Vraag(list) => {
            assert_eq!(list.len(), 1, "{list:?}");
            assert_eq!((list[0].case_id, list[0].start, list[0].eind), (case.id, slot.start, slot.eind));
        }
        other => panic!("expected a question, got {other:?}"),
    }
    assert_eq!(supporter(store), o, "nothing saved before the worker agreed");
    assert_eq!(store.case(case.id).unwrap().unwrap().rev, case.rev, "the case is untouched");

    // a change that leaves the appointment inside is saved without asking
    let mut verlof_elders = o.clone();
    verlof_elders.uitzonderingen.push(loket::domain::ondersteuning::Uitzondering {
        van: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
        tot: chrono::NaiveDate::from_ymd_opt(2027, 3, 5).unwrap(),
        reden: "verlof".into(),
    });
    assert_eq!(
        store.zet_beschikbaarheid(&o, &verlof_elders, now, &[], "Beheer").unwrap(),
        Uitkomst::Opgeslagen(vec![])
    );
    assert_eq!(supporter(store), verlof_elders);

    // a stale copy is refused
    let err = store.zet_beschikbaarheid(&o, &nieuw, now, &[case.id], "Beheer").unwrap_err();
    assert!(matches!(err, StoreError::Conflict { .. }), "{err:?}");
    assert_eq!(supporter(store), verlof_elders);

    // an invalid availability is refused in Dutch
    let mut kapot = verlof_elders.clone();
    kapot.beschikbaarheid[0].tot = kapot.beschikbaarheid[0].van;
    let err = store.zet_beschikbaarheid(&verlof_elders, &kapot, now, &[], "Beheer").unwrap_err();
    assert!(err.to_string().contains("'van' moet voor 'tot' liggen"), "{err}");

    // agreed: saved, the appointment stays booked, the case is flagged for rebooking
    let nieuw = zonder_dag_van(&verlof_elders, &slot);
    let flagged = match store.zet_beschikbaarheid(&verlof_elders, &nieuw, now, &[case.id], "Beheer").unwrap() {
        Uitkomst::Opgeslagen(c) => c,
        other => panic!("expected saved, got {other:?}"),
    };
    assert_eq!(supporter(store), nieuw);
    assert_eq!(flagged.len(), 1);
    let stored = store.case(case.id).unwrap().unwrap();
    assert_eq!(stored, flagged[0], "the flagged case as returned is the one stored");
    assert_eq!(stored.afspraak.as_ref(), Some(&slot), "the appointment is kept");
    assert!(stored.signalen.iter().any(|s| s.tekst == VERZETTEN), "{:?}", stored.signalen);
    assert!(stored.notities.iter().any(|n| n.tekst == VERZETTEN && n.door == "Beheer"));
    assert_eq!(stored.volgende_actie, Some(now.date()));
    assert!(stored.rev > case.rev);
    let b = store.bookings().unwrap().value;
    assert!(b.iter().any(|b| b.case_id == case.id && b.start == slot.start), "the booking still exists: {b:?}");
}

#[test]
fn an_availability_change_that_hits_a_booking_asks_first_sled() {
    let dir = tempfile::tempdir().unwrap();
    store_path(&SledStore::open(dir.path()).unwrap());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn an_availability_change_that_hits_a_booking_asks_first_postgres() {
    if let Some(url) = common::pg::fresh_db("beschikbaarheid_pg") {
        store_path(&PgStore::connect(&url).unwrap());
    }
}

/// Another desk sees the change: its supporters are reloaded from the notification.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn other_desks_see_a_changed_availability_postgres() {
    let Some(url) = common::pg::fresh_db("beschikbaarheid_notify") else { return };
    let a = PgStore::connect(&url).unwrap();
    loket::cli::seed(&a).unwrap();
    let b = PgStore::connect(&url).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    assert!(b.watch(Box::new(move |c| {
        let _ = tx.send(c);
    })));
    let mut desk_b = demo_state();
    for m in loket::app::run::load_backoffice(&b) {
        loket::app::run::handle(&b, &mut desk_b, m);
    }
    let o = supporter(&a);
    let mut nieuw = o.clone();
    nieuw.beschikbaarheid.pop();
    assert_eq!(
        a.zet_beschikbaarheid(&o, &nieuw, common::store::now(), &[], "Beheer").unwrap(),
        Uitkomst::Opgeslagen(vec![])
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let change = rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())).expect("a change");
        let done = change == loket::store::Change::Ondersteuners;
        loket::app::run::handle(&b, &mut desk_b, loket::app::Msg::Remote(change));
        if done {
            break;
        }
    }
    assert_eq!(desk_b.backoffice.ondersteuner(WIE), Some(&nieuw), "desk B uses the new availability");
}

/// The row index on screen of each block of `o` on the weekday of `slot`, highest first.
fn rows_on_day(o: &Clientondersteuner, slot: &Slot) -> Vec<usize> {
    let dag = slot.start.weekday().num_days_from_monday() as u8;
    let mut v: Vec<usize> =
        o.beschikbaarheid.iter().enumerate().filter(|(_, b)| b.dag == dag).map(|(i, _)| i).collect();
    v.reverse();
    v
}

fn open_supporter(store: &dyn Store, s: &mut State, id: &str) {
    press_in(store, s, "f6");
    assert_eq!(s.screen, Screen::Beschikbaarheid);
    let i = s.backoffice.ondersteuners.iter().position(|o| o.id == id).unwrap();
    for _ in 0..i {
        press_in(store, s, "down");
    }
    press_in(store, s, "enter");
    assert_eq!(s.beschik.bewerking.as_ref().map(|b| b.basis.id.as_str()), Some(id));
}

#[test]
fn the_screen_asks_before_a_booking_falls_outside_and_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let (o, slot, case) = booked(store.as_ref());
    // this desk learns of the booking as it would from the store
    for m in loket::app::run::load_backoffice(store.as_ref()) {
        loket::app::run::handle(store.as_ref(), &mut s, m);
    }
    open_supporter(store.as_ref(), &mut s, WIE);
    for row in rows_on_day(&o, &slot) {
        press_in(store.as_ref(), &mut s, "ctrl-home");
        for _ in 0..row {
            press_in(store.as_ref(), &mut s, "down");
        }
        press_in(store.as_ref(), &mut s, "alt-w");
    }
    press_in(store.as_ref(), &mut s, "ctrl-s");
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::BeschikbaarheidGeraakt)), "asked first");
    let text = screen_text(&s, 100, 30);
    let when = format!("{} {:02}:{:02}", slot.start.format("%d-%m-%Y"), slot.start.hour(), slot.start.minute());
    assert!(text.contains(&when) && text.contains(&format!("dossier {}", case.id)), "{text}");
    assert_eq!(supporter(store.as_ref()), o, "nothing saved while asking");

    // "nee": nothing saved, the changes stay on screen
    press_in(store.as_ref(), &mut s, "n");
    assert_eq!(supporter(store.as_ref()), o);
    assert!(s.beschik.bewerking.as_ref().is_some_and(|b| b.gewijzigd()));

    // "ja": saved; the booking still exists and the case is flagged
    press_in(store.as_ref(), &mut s, "ctrl-s");
    press_in(store.as_ref(), &mut s, "j");
    assert!(s.beschik.bewerking.is_none(), "{:?}", s.status);
    let saved = supporter(store.as_ref());
    assert_eq!(saved, zonder_dag_van(&o, &slot));
    assert_eq!(s.backoffice.ondersteuner(WIE), Some(&saved));
    let stored = store.case(case.id).unwrap().unwrap();
    assert_eq!(stored.afspraak.as_ref(), Some(&slot));
    assert!(stored.signalen.iter().any(|x| x.tekst == VERZETTEN));
    assert!(store.bookings().unwrap().value.iter().any(|b| b.case_id == case.id));
    let here = s.backoffice.cases.iter().find(|c| c.id == case.id).unwrap();
    assert_eq!(here.rev, stored.rev, "this desk holds the flagged case");
    assert!(s.status.as_ref().is_some_and(|(_, t)| t.contains(&format!("dossier {}", case.id))), "{:?}", s.status);
}

#[test]
fn the_form_names_what_is_wrong_per_field_and_saves_a_new_block_and_leave() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let o = supporter(store.as_ref());
    open_supporter(store.as_ref(), &mut s, WIE);
    press_in(store.as_ref(), &mut s, "alt-n");
    type_in(store.as_ref(), &mut s, "xx");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "9 uur");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "08:00");
    press_in(store.as_ref(), &mut s, "enter");
    let form = s.beschik.bewerking.as_ref().and_then(|b| b.form.as_ref()).expect("the form stays open");
    assert!(form.fouten[0].as_deref().is_some_and(|e| e.contains("'xx' is geen dag")), "{:?}", form.fouten);
    assert!(form.fouten[1].as_deref().is_some_and(|e| e.contains("'9 uur' is geen tijd")), "{:?}", form.fouten);
    assert_eq!(form.fouten[2], None, "'tot' alone is fine until 'van' is");
    assert_eq!(form.focus, 0, "the first wrong field gets the cursor");
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("✗ 'xx' is geen dag"), "{text}");
    // correct the fields: day, then 'van' after 'tot'
    press_in(store.as_ref(), &mut s, "ctrl-w");
    type_in(store.as_ref(), &mut s, "za");
    press_in(store.as_ref(), &mut s, "tab");
    for _ in 0..5 {
        press_in(store.as_ref(), &mut s, "backspace");
    }
    type_in(store.as_ref(), &mut s, "10:00");
    press_in(store.as_ref(), &mut s, "enter");
    let form = s.beschik.bewerking.as_ref().and_then(|b| b.form.as_ref()).expect("still wrong");
    assert_eq!(form.fouten[2].as_deref(), Some("'tot' moet na 'van' liggen"));
    assert_eq!(form.focus, 2, "the cursor goes to the wrong field");
    press_in(store.as_ref(), &mut s, "ctrl-w");
    type_in(store.as_ref(), &mut s, "12:00");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.beschik.bewerking.as_ref().is_some_and(|b| b.form.is_none()), "{:?}", s.status);
    // leave
    press_in(store.as_ref(), &mut s, "alt-u");
    type_in(store.as_ref(), &mut s, "01-03-2027");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "28-02-2027");
    press_in(store.as_ref(), &mut s, "enter");
    let form = s.beschik.bewerking.as_ref().and_then(|b| b.form.as_ref()).expect("tot before van");
    assert_eq!(form.fouten[1].as_deref(), Some("'tot' ligt voor 'van'"));
    press_in(store.as_ref(), &mut s, "ctrl-w");
    type_in(store.as_ref(), &mut s, "05-03-2027");
    press_in(store.as_ref(), &mut s, "enter");
    assert_eq!(supporter(store.as_ref()), o, "nothing is stored before saving");
    press_in(store.as_ref(), &mut s, "ctrl-s");
    assert_eq!(s.overlay, None, "nothing booked is hit: no question");
    let saved = supporter(store.as_ref());
    let za = saved.beschikbaarheid.iter().find(|b| b.dag == 5).expect("the new Saturday block");
    assert_eq!((za.van, za.tot), (600, 720));
    assert_eq!(za.plek, o.beschikbaarheid[0].plek, "place and location start as the first block's");
    assert!(saved.uitzonderingen.iter().any(|u| u.reden == "verlof" && u.van.month() == 3 && u.tot.day() == 5));
}

/// The screen with a supporter open and the block form showing its errors.
fn snapshot_state() -> State {
    let mut s = demo_state();
    s.backoffice.ondersteuners = loket::domain::ondersteuning::demo_ondersteuners();
    press(&mut s, "f6");
    press(&mut s, "enter");
    press(&mut s, "down");
    press(&mut s, "down");
    press(&mut s, "enter");
    press(&mut s, "tab");
    press(&mut s, "ctrl-w");
    type_text(&mut s, "half tien");
    press(&mut s, "enter");
    s
}

#[test]
fn snapshot_beschikbaarheid_80x24() {
    let s = snapshot_state();
    insta::assert_snapshot!("beschikbaarheid_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_beschikbaarheid_120x40() {
    let s = snapshot_state();
    insta::assert_snapshot!("beschikbaarheid_120x40", screen_text(&s, 120, 40));
}

#[test]
fn snapshot_beschikbaarheid_list_80x24() {
    let mut s = demo_state();
    s.backoffice.ondersteuners = loket::domain::ondersteuning::demo_ondersteuners();
    press(&mut s, "f6");
    insta::assert_snapshot!("beschikbaarheid_list_80x24", screen_text(&s, 80, 24));
}

/// The new keys are bound in both bundled keymaps, and the help of each screen lists them.
#[test]
fn the_keys_are_in_both_keymaps_and_in_the_help() {
    use loket::app::Action;
    use loket::keymap::{help, Context, Keymap};
    let wanted = [
        (Context::Kaart, Action::Beschikbaarheid),
        (Context::Kaart, Action::Woordenlijsten),
        (Context::Queue, Action::Beschikbaarheid),
        (Context::Beschikbaarheid, Action::NieuwBlok),
        (Context::Beschikbaarheid, Action::NieuweUitzondering),
        (Context::Beschikbaarheid, Action::RegelWissen),
        (Context::Beschikbaarheid, Action::Opslaan),
        (Context::Beschikbaarheid, Action::NextField),
        (Context::Woordenlijst, Action::Opslaan),
        (Context::Woordenlijst, Action::NieuweRegel),
        (Context::Woordenlijst, Action::NextField),
        (Context::Woordenlijst, Action::Cancel),
    ];
    for name in ["standaard", "functietoetsen"] {
        let km = Keymap::load(name).unwrap();
        for (ctx, a) in wanted {
            assert!(km.key_for(ctx, a).is_some(), "{name}: no key for {a:?} in [{}]", ctx.name());
            let text: Vec<String> = help::lines(&km, ctx, 76)
                .into_iter()
                .filter_map(|l| match l {
                    help::HelpLine::Row { text, .. } => Some(text),
                    _ => None,
                })
                .collect();
            assert!(text.join(" ").contains(a.description()), "{name}: help of [{}] lacks {a:?}", ctx.name());
        }
    }
}

/// The question lists the appointments hit: date, time, dossier number (no client names).
#[test]
fn snapshot_beschikbaarheid_vraag_80x24() {
    use loket::domain::beschikbaarheid::Geraakt;
    let mut s = demo_state();
    s.backoffice.ondersteuners = loket::domain::ondersteuning::demo_ondersteuners();
    press(&mut s, "f6");
    press(&mut s, "enter");
    press(&mut s, "alt-w");
    let at = |d: u32, h: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
    let lijst = vec![
        Geraakt {
            case_id: 12,
            start: at(7, 9),
            eind: at(7, 9) + chrono::Duration::minutes(45),
            plek: Plek::Balie,
            reden: "buiten het weekpatroon (balie)".into(),
        },
        Geraakt {
            case_id: 15,
            start: at(14, 10),
            eind: at(14, 10) + chrono::Duration::minutes(45),
            plek: Plek::Balie,
            reden: "buiten het weekpatroon (balie)".into(),
        },
    ];
    loket::app::update(&mut s, loket::app::Msg::BeschikbaarheidGeraakt(lijst));
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::BeschikbaarheidGeraakt)));
    insta::assert_snapshot!("beschikbaarheid_vraag_80x24", screen_text(&s, 80, 24));
}

/// Quitting with unsaved availability edits asks first; "nee" keeps them.
#[test]
fn quitting_with_unsaved_edits_asks() {
    let mut s = demo_state();
    s.backoffice.ondersteuners = loket::domain::ondersteuning::demo_ondersteuners();
    press(&mut s, "f6");
    press(&mut s, "enter");
    assert!(press(&mut s, "ctrl-q").contains(&loket::app::Effect::Quit), "nothing changed: quits");
    let mut s = demo_state();
    s.backoffice.ondersteuners = loket::domain::ondersteuning::demo_ondersteuners();
    press(&mut s, "f6");
    press(&mut s, "enter");
    press(&mut s, "alt-w");
    assert!(press(&mut s, "ctrl-q").is_empty());
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::QuitMetBeheerWijzigingen)));
    press(&mut s, "n");
    assert!(s.beschik.bewerking.as_ref().is_some_and(|b| b.gewijzigd()), "the edits stay");
    press(&mut s, "ctrl-q");
    assert!(press(&mut s, "j").contains(&loket::app::Effect::Quit));
}

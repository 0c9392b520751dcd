//! Issue 18, defect 5: the screen never says "saved" when it isn't. While a write waits for the
//! store, quitting says so and offers to wait, or to keep the unsaved text in a private recovery
//! file that the next start offers back; `inzage` lists that file and erasure removes it.

mod common;

use common::*;
use loket::app::{run, ConfirmKind, Effect, Msg, Overlay};
use loket::store::Store;

#[test]
fn quitting_while_not_saved_says_so_and_keeps_the_text_for_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "vraag over de traplift");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "Herstel Hendriks");
    let id = s.contact.as_ref().unwrap().contact.id;
    s.contact.as_mut().unwrap().contact.client.bsn = Some("123456782".into());
    // the disk is full: the last keys are not stored
    run::handle(store.as_ref(), &mut s, Msg::SaveFailed("de schijf is vol".into()));
    s.contact.as_mut().unwrap().contact.client.naam.push_str(" Jr");
    assert!(s.unsaved.is_some());

    // quit: the dialog does not claim everything is saved
    let fx = press(&mut s, "ctrl-q");
    assert!(!fx.contains(&Effect::Quit));
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::QuitNietOpgeslagen)));
    let screen = screen_text(&s, 100, 30);
    assert!(!screen.contains("Alles is bewaard"), "{screen}");
    assert!(screen.contains("Niet alles is opgeslagen"), "{screen}");
    assert!(screen.contains("herstelbestand"), "{screen}");
    // "nee": wait (the runtime retries)
    press(&mut s, "n");
    assert!(s.overlay.is_none());
    assert!(s.unsaved.is_some());
    // the other quit question (a contact open) is just as honest while a write waits
    s.overlay = Some(Overlay::Confirm(ConfirmKind::QuitWithContact));
    let screen = screen_text(&s, 100, 30);
    assert!(!screen.contains("Alles is bewaard"), "{screen}");
    assert!(screen.contains("Niet alles is opgeslagen"), "the dialog says what waits:\n{screen}");
    s.overlay = None;
    // "ja": quit, and the runtime writes the recovery file (as it does on SIGTERM)
    press(&mut s, "ctrl-q");
    assert!(press(&mut s, "j").contains(&Effect::Quit));
    let said = run::herstel_schrijven(&s).expect("a recovery file is written");
    assert!(!said.contains("Herstel Hendriks"), "no personal data on the terminal: {said}");
    let file = dir.path().join("herstel").join(format!("contact-{id}.json"));
    assert!(file.exists(), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert_ne!(store.contact(id).unwrap().unwrap().client.naam, "Herstel Hendriks Jr", "not stored");
    let inhoud = std::fs::read_to_string(&file).unwrap();
    assert!(!inhoud.contains("123456782"), "the BSN is never in the file in clear");

    // `inzage` lists the file
    let now = monday_morning();
    let (_, g) = loket::commands::inzage::inzage(store.as_ref(), dir.path(), "Herstel Hendriks", "fb", now).unwrap();
    assert!(g.bestanden.contains(&file), "{:?}", g.bestanden);
    drop(s);

    // the next start offers it back, and taking it back stores it and removes the file
    let mut s = demo_state();
    s.contact_ids.clear();
    s.data_dir = dir.path().display().to_string();
    for msg in run::startup(store.as_ref()).into_iter().chain(run::herstel_lezen(&s.data_dir)) {
        run::handle(store.as_ref(), &mut s, msg);
    }
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::Herstel(id))), "{:?}", s.overlay);
    let screen = screen_text(&s, 100, 30);
    assert!(screen.contains("herstelbestand") && screen.contains("traplift"), "{screen}");
    press_in(store.as_ref(), &mut s, "j");
    assert_eq!(s.contact.as_ref().unwrap().contact.client.naam, "Herstel Hendriks Jr");
    assert_eq!(store.contact(id).unwrap().unwrap().client.naam, "Herstel Hendriks Jr", "stored now");
    assert_eq!(store.contact(id).unwrap().unwrap().client.bsn.as_deref(), Some("123456782"), "the BSN came back");
    assert!(!file.exists(), "taken back: the file is gone");
    assert!(s.unsaved.is_none(), "{:?}", s.status);
}

/// Erasure removes a recovery file of the person (it holds their data).
#[test]
fn erasure_removes_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "vraag");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "Wis Willemsen");
    let id = s.contact.as_ref().unwrap().contact.id;
    run::handle(store.as_ref(), &mut s, Msg::SaveFailed("de schijf is vol".into()));
    run::herstel_schrijven(&s).unwrap();
    let file = dir.path().join("herstel").join(format!("contact-{id}.json"));
    assert!(file.exists());
    drop(s);
    let g =
        loket::commands::inzage::wis(store.as_ref(), dir.path(), "Wis Willemsen", "verzoek", "fb", monday_morning())
            .unwrap();
    assert!(!file.exists(), "the recovery file is gone with the erasure");
    assert!(g.bestanden.contains(&file) && g.niet_verwijderd.is_empty(), "{:?} {:?}", g.bestanden, g.niet_verwijderd);
    let c = store.contact(id).unwrap().unwrap();
    assert!(c.gewist && c.client.naam.is_empty());
}

/// A close pressed while the store can't be written is not dropped: it stays pending (the
/// contact is not editable meanwhile) and is tried again; until then nothing says "saved".
#[test]
fn a_close_that_failed_is_retried_not_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "informatie over de wmo");
    let id = s.contact.as_ref().unwrap().contact.id;
    // close; the store answers "disk full" (headless: the effects answered by hand)
    press(&mut s, "ctrl-s");
    let fx = {
        let mut fx = press_no_ack(&mut s, "enter");
        fx.extend(press_no_ack(&mut s, "1"));
        fx
    };
    let close = fx.iter().find_map(|e| match e {
        Effect::CloseContact(c) => Some(c.clone()),
        _ => None,
    });
    assert!(close.is_some(), "{fx:?}");
    loket::app::update(&mut s, Msg::SaveFailed("de schijf is vol".into()));
    assert!(s.contact.is_some(), "not shown as closed");
    assert!(s.status.as_ref().unwrap().1.contains("nog niet afgesloten"), "{:?}", s.status);
    // a draft save of the same contact does not say "alles is weer bewaard" while the close waits
    let fx = loket::app::update(&mut s, Msg::RetrySave);
    assert!(fx.iter().any(|e| matches!(e, Effect::CloseContact(c) if c.id == id)), "the close is retried: {fx:?}");
    // now the store has room again: the retry closes it
    run::handle(store.as_ref(), &mut s, Msg::RetrySave);
    assert!(s.contact.is_none(), "{:?}", s.status);
    assert!(s.unsaved.is_none());
    assert_eq!(store.contact(id).unwrap().unwrap().status, loket::domain::contact::Status::Afgesloten);
    assert!(s.status.as_ref().unwrap().1.contains("afgesloten"), "{:?}", s.status);
}

/// Press keys without answering the writes (as a store that has not answered yet).
fn press_no_ack(s: &mut loket::app::State, keys: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in loket::keymap::chord::parse_sequence(keys).unwrap() {
        if let Some(msg) = s.key(c) {
            out.extend(loket::app::update(s, msg));
        }
    }
    out
}

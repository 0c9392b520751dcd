//! Random key sequences through the whole app (every screen, overlays, dialogs), drawn after
//! every key at 80x24: nothing panics, selections stay inside their lists, and quitting with an
//! open contact always asks first. The effects are carried out against a temporary store, as
//! the runtime does, so bookings, the queue with cases and exports are reached; at the end what
//! the screens show must be what the store holds.

mod common;

use common::*;
use loket::app::Overlay;
use loket::domain::contact::Status;
use proptest::prelude::*;

const KEYS: &[&str] = &[
    "a",
    "e",
    "h",
    "s",
    "j",
    "n",
    "o",
    "r",
    "p",
    "v",
    "1",
    "2",
    "4",
    "6",
    "7",
    "9",
    "0",
    "?",
    "space",
    "down",
    "up",
    "pagedown",
    "pageup",
    "tab",
    "backtab",
    "enter",
    "esc",
    "backspace",
    "left",
    "right",
    "home",
    "end",
    "ctrl-n",
    "ctrl-s",
    "ctrl-t",
    "ctrl-o",
    "ctrl-l",
    "ctrl-b",
    "ctrl-k",
    "ctrl-f",
    "ctrl-w",
    "ctrl-q",
    "f1",
    "alt-1",
    "alt-2",
    "alt-4",
    "alt-w",
    "alt-g",
    "alt-p",
    "alt-t",
    "alt-d",
    "alt-x",
    "alt-i",
    "alt-v",
    "alt-c",
    "alt-a",
    "alt-o",
    "shift-down",
    // Whole desk steps, so random runs reach closed contacts and booked handoffs:
    // a simple question closed with an outcome, and a complex one handed to the backoffice.
    "ctrl-n v r a a g ctrl-s enter 1",
    "ctrl-n h u l p alt-2 alt-4 ctrl-o j enter",
];

/// The desk steps above really close a contact and book a handoff in the store, so the
/// property test below reaches them (a run of only these keys).
#[test]
fn the_desk_steps_reach_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    for key in ["ctrl-n v r a a g ctrl-s enter 1", "ctrl-n h u l p alt-2 alt-4 ctrl-o j enter"] {
        press_in(store.as_ref(), &mut s, key);
    }
    let stored = loket::store::contacts::all(store.as_ref()).unwrap();
    assert!(stored.iter().any(|c| c.status == Status::Afgesloten), "{stored:?}");
    let cases = loket::store::booking::load_cases(store.as_ref()).unwrap();
    assert!(cases.iter().any(|c| c.afspraak.is_some()), "a case with a slot: {cases:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
    #[test]
    fn random_keys_never_panic(seq in proptest::collection::vec(0..KEYS.len(), 1..80)) {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut s) = demo_state_in(dir.path());
        for i in seq {
            let key = KEYS[i];
            let open_draft = s
                .contact
                .as_ref()
                .is_some_and(|c| c.contact.status == loket::domain::contact::Status::Concept && !c.contact.is_blank());
            let overlay_before = s.overlay.clone();
            let mut quit = false;
            for c in loket::keymap::chord::parse_sequence(key).unwrap() {
                if let Some(msg) = s.key(c) {
                    // carry out the effects against the store like the runtime, and see whether
                    // it asked to quit
                    quit |= loket::app::run::handle(store.as_ref(), &mut s, msg);
                }
            }
            if key == "ctrl-q" && open_draft && overlay_before.is_none() {
                prop_assert!(!quit, "quit without asking while a contact was open");
            }
            let _ = screen_text(&s, 80, 24);
            prop_assert!(s.kaart.selected < s.kaart.results.hits.len().max(1));
            if let Some(cs) = &s.contact {
                prop_assert!(cs.search.selected < cs.search.results.hits.len().max(1));
            }
            if let Some(Overlay::Picker(p)) = &s.overlay {
                prop_assert!(p.selected < p.options.len());
            }
        }
        // What the screens show is what the store holds.
        let stored = loket::store::contacts::all(store.as_ref()).unwrap();
        for c in s.contacts.iter().filter(|c| c.status == Status::Afgesloten) {
            let in_store = stored.iter().find(|x| x.id == c.id);
            prop_assert!(
                in_store.is_some_and(|x| x.status == Status::Afgesloten),
                "contact {} is shown as closed but the store has {:?}",
                c.id,
                in_store.map(|x| x.status)
            );
        }
        let cases = loket::store::booking::load_cases(store.as_ref()).unwrap();
        for case in &s.backoffice.cases {
            let in_store = cases.iter().find(|x| x.id == case.id);
            prop_assert!(in_store.is_some(), "case {} is in the queue but not in the store", case.id);
            prop_assert_eq!(in_store.unwrap().afspraak.is_some(), case.afspraak.is_some());
        }
        drop(store);
    }
}

//! Random key sequences through the whole app (every screen, overlays, dialogs), drawn after
//! every key at 80x24: nothing panics, selections stay inside their lists, and quitting with an
//! open contact always asks first.

mod common;

use common::*;
use loket::app::{Effect, Overlay};
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
];

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
                    // carry out the effects like the runtime, and see whether it asked to quit
                    quit |= loket::app::update(&mut s, msg).contains(&Effect::Quit);
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
        drop(store);
    }
}

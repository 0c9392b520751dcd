//! Issue 21: in the word-list editor a test sentence shows the tier, category and words found
//! by the danger list as it stands in the editor, so an edit is tried before it is saved.

mod common;

use common::*;
use loket::app::{Action, Screen};
use loket::keymap::Context;
use loket::store::lijsten::GEVAARWOORDEN;
use loket::store::Store;

#[test]
fn an_edit_is_tried_on_a_test_sentence_before_it_is_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let store: &dyn Store = store.as_ref();
    let before = store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap();
    let proef = s.keymap.key_for(Context::Woordenlijst, Action::Proefzin).expect("bound");
    press_in(store, &mut s, "f7");
    assert_eq!(s.screen, Screen::Woordenlijst);

    // the test sentence with the list as stored
    press_in(store, &mut s, &proef);
    type_in(store, &mut s, "ik zie het niet meer zitten");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Proefzin: ik zie het niet meer zitten"), "{text}");
    assert!(text.contains("→ doorvragen · zelfdoding · 113 (0800-0113)"), "{text}");
    assert!(text.contains("vraag: Denkt u weleens"), "{text}");

    // a sentence the list does not know yet
    for _ in 0.."ik zie het niet meer zitten".len() {
        press_in(store, &mut s, "backspace");
    }
    let zin = "er vliegt elke avond een drone boven mijn huis";
    type_in(store, &mut s, zin);
    assert!(screen_text(&s, 100, 30).contains("→ geen"), "{}", screen_text(&s, 100, 30));

    // back to the text: a new entry at the end, not saved
    press_in(store, &mut s, &proef);
    assert!(!s.woordenlijst.op_proefzin);
    press_in(store, &mut s, "ctrl-end");
    press_in(store, &mut s, "end");
    for line in ["", "[[signaal]]", "soort = \"stalking\"", "niveau = \"doorvragen\"", "samen = [\"drone + huis\"]"] {
        press_in(store, &mut s, "enter");
        type_in(store, &mut s, line);
    }
    let text = screen_text(&s, 100, 30);
    assert!(
        text.contains("→ doorvragen · stalking · politie 0900-8844 · 'drone … huis'"),
        "tried before saving:\n{text}"
    );
    // half an edit that does not read yet says so instead
    press_in(store, &mut s, "backspace");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("→ de lijst leest nog niet"), "{text}");
    type_in(store, &mut s, "]");

    // nothing saved, the list in use unchanged
    assert_eq!(store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap(), before, "not saved");
    assert!(loket::domain::danger::signalen(zin).is_empty(), "the list in use is the stored one");
    assert!(s.woordenlijst.gewijzigd(0));
}

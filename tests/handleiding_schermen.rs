//! Screens the handleiding shows that no other snapshot test has: the sign-in form, the
//! doorvragen prompt, the help overlay in both keymaps and the kaart in the function-key keymap.
//! Their snapshots become pictures in `docs/plaatjes/` (see `tests/plaatjes.rs`).

mod common;

use std::sync::Arc;

use common::*;
use loket::app::aanmelden::AanmeldState;
use loket::app::{update, Msg, State};
use loket::catalog::Catalog;
use loket::keymap::Keymap;

/// The demo desk with the function-key keymap.
fn functietoetsen_state() -> State {
    let km = Keymap::load("functietoetsen").expect("the bundled keymap loads");
    let mut s = State::new(Arc::new(km), monday_morning());
    s.contact_ids.extend(1..=1000);
    s.medewerker = "Test Balie".into();
    update(&mut s, Msg::Loaded(Arc::new(Catalog::build(loket::demo::demo_kaart()))));
    s
}

#[test]
fn snapshot_sign_in_80x24() {
    let mut s = demo_state();
    s.medewerker.clear();
    s.aanmelding_verplicht = true;
    s.aanmelden = Some(AanmeldState::start());
    type_text(&mut s, "Bram");
    press(&mut s, "enter");
    type_text(&mut s, "222222");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("Aanmelden") && text.contains("******") && !text.contains("222222"), "{text}");
    insta::assert_snapshot!("aanmelden_80x24", text);
}

#[test]
fn snapshot_doorvragen_80x24() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Mijn moeder zegt dat ze het niet meer ziet zitten");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("DOORVRAGEN") && text.contains("zelfdoding"), "{text}");
    insta::assert_snapshot!("doorvragen_80x24", text);
}

#[test]
fn snapshot_help_standard_keymap_80x24() {
    let mut s = demo_state();
    press(&mut s, "f1");
    let text = screen_text(&s, 80, 24);
    assert!(
        text.contains("keymaps/default.toml") && text.contains("alt-w") && text.contains("filter op wet"),
        "{text}"
    );
    insta::assert_snapshot!("hulp_standaard_80x24", text);
}

#[test]
fn snapshot_help_function_key_keymap_80x24() {
    let mut s = functietoetsen_state();
    press(&mut s, "f1");
    let text = screen_text(&s, 80, 24);
    assert!(
        text.contains("keymaps/functietoetsen.toml") && text.contains("F4  ") && text.contains("filter op wet"),
        "{text}"
    );
    insta::assert_snapshot!("hulp_functietoetsen_80x24", text);
}

#[test]
fn snapshot_kaart_function_key_keymap_80x24() {
    let mut s = functietoetsen_state();
    type_text(&mut s, "mantelz winsum");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("F2 nieuw contact") && text.contains("F4 wet"), "{text}");
    insta::assert_snapshot!("kaart_functietoetsen_80x24", text);
}

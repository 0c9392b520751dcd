//! Shared helpers for driving the app headless.
#![allow(dead_code)]

use std::sync::Arc;

use chrono::NaiveDate;
use loket::app::{update, Effect, Msg, State};
use loket::catalog::Catalog;
use loket::keymap::{chord, Keymap};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Monday 23 November 2026, 10:15 — a fixed clock for screens and rules.
pub fn monday_morning() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 15, 0).unwrap()
}

pub fn demo_state() -> State {
    let mut s = State::new(Arc::new(Keymap::standard()), monday_morning());
    update(&mut s, Msg::Loaded(Arc::new(Catalog::build(loket::demo::demo_kaart()))));
    s
}

/// Press one chord sequence ("alt-w", "down", "ctrl-n") through the keymap.
pub fn press(state: &mut State, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in chord::parse_sequence(keys).unwrap() {
        if let Some(msg) = state.key(c) {
            effects.extend(update(state, msg));
        }
    }
    effects
}

/// Type text as single key presses.
pub fn type_text(state: &mut State, text: &str) {
    for ch in text.chars() {
        let c =
            if ch == ' ' { chord::Chord::plain(chord::Key::Space) } else { chord::Chord::plain(chord::Key::Char(ch)) };
        if let Some(msg) = state.key(c) {
            update(state, msg);
        }
    }
}

pub fn render(state: &State, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| loket::ui::draw(f, state)).unwrap();
    t
}

/// The screen as plain text lines.
pub fn screen_text(state: &State, w: u16, h: u16) -> String {
    let t = render(state, w, h);
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// Like `press`, but the effects are carried out against `store` as the runtime does.
pub fn press_in(store: &dyn loket::store::Store, state: &mut State, keys: &str) {
    for c in chord::parse_sequence(keys).unwrap() {
        if let Some(msg) = state.key(c) {
            loket::app::run::handle(store, state, msg);
        }
    }
}

pub fn type_in(store: &dyn loket::store::Store, state: &mut State, text: &str) {
    for ch in text.chars() {
        let c =
            if ch == ' ' { chord::Chord::plain(chord::Key::Space) } else { chord::Chord::plain(chord::Key::Char(ch)) };
        if let Some(msg) = state.key(c) {
            loket::app::run::handle(store, state, msg);
        }
    }
}

/// A demo state on a fresh store in `dir`, loaded as the runtime loads it.
pub fn demo_state_in(dir: &std::path::Path) -> (std::sync::Arc<loket::store::SledStore>, State) {
    let store = loket::cli::open_store(dir).unwrap();
    let mut s = demo_state();
    s.data_dir = dir.display().to_string();
    for msg in loket::app::run::startup(store.as_ref()) {
        loket::app::run::handle(store.as_ref(), &mut s, msg);
    }
    (store, s)
}

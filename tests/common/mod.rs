//! Shared helpers for driving the app headless.
#![allow(dead_code)]

use std::sync::Arc;

pub mod cluster;
pub mod leaks;
pub mod pg;
pub mod pg_v7;
pub mod store;
pub mod tmux;

use chrono::NaiveDate;
use loket::app::{update, Effect, Msg, State};
use loket::catalog::Catalog;
use loket::keymap::{chord, Keymap};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The BSN key of the tests (see `loket::store::sealing`).
pub const TEST_BSN_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/// Monday 23 November 2026, 10:15 — a fixed clock for screens and rules.
pub fn monday_morning() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 15, 0).unwrap()
}

/// A demo state without a store: contact ids are handed out here as the store would.
pub fn demo_state() -> State {
    let mut s = State::new(Arc::new(Keymap::standard()), monday_morning());
    s.contact_ids.extend(1..=1000);
    s.medewerker = "Test Balie".into();
    update(&mut s, Msg::Loaded(Arc::new(Catalog::build(loket::demo::demo_kaart()))));
    s
}

/// Press one chord sequence ("alt-w", "down", "ctrl-n") through the keymap. There is no store:
/// writes are answered as a store would answer a successful one (the returned effects are what
/// the keys asked for).
pub fn press(state: &mut State, keys: &str) -> Vec<Effect> {
    let mut effects = Vec::new();
    for c in chord::parse_sequence(keys).unwrap() {
        if let Some(msg) = state.key(c) {
            let fx = update(state, msg);
            acknowledge(state, &fx);
            effects.extend(fx);
        }
    }
    effects
}

/// Answer writes as a store does when they succeed.
pub fn acknowledge(state: &mut State, fx: &[Effect]) {
    for e in fx {
        let reply = match e {
            Effect::SaveContact(c) => Msg::ContactSaved { id: c.id, rev: c.rev + 1 },
            Effect::CloseContact(c) => Msg::ContactClosed { id: c.id, rev: c.rev + 1 },
            Effect::SaveCase { new, .. } => Msg::CaseSaved { id: new.id, rev: new.rev + 1 },
            Effect::DeleteContact(id) => Msg::ContactDeleted(*id),
            _ => continue,
        };
        let more = update(state, reply);
        acknowledge(state, &more);
    }
}

/// Type text as single key presses.
pub fn type_text(state: &mut State, text: &str) {
    for ch in text.chars() {
        let c =
            if ch == ' ' { chord::Chord::plain(chord::Key::Space) } else { chord::Chord::plain(chord::Key::Char(ch)) };
        if let Some(msg) = state.key(c) {
            let fx = update(state, msg);
            acknowledge(state, &fx);
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
    // a test key for the BSN, so tests never make or use the user's own key file
    std::env::set_var("LOKET_BSN_SLEUTEL", TEST_BSN_KEY);
    let store = loket::cli::open_store(dir).unwrap();
    let mut s = demo_state();
    s.contact_ids.clear();
    s.data_dir = dir.display().to_string();
    for msg in loket::app::run::startup(store.as_ref()) {
        loket::app::run::handle(store.as_ref(), &mut s, msg);
    }
    (store, s)
}

/// Another desk books `slot` first: a closed contact and a case, through the store's handoff.
pub fn book_elsewhere(store: &dyn loket::store::Store, slot: &loket::domain::slots::Slot) -> loket::domain::case::Case {
    let c = store::complex_draft(store, "Andere Balie", "andere balie");
    match store.handoff(&store::closed(&c), &store::new_case(&c, "Andere Balie"), slot).unwrap() {
        loket::store::BookResult::Booked(c) => *c,
        loket::store::BookResult::Taken => panic!("the slot was taken"),
    }
}

/// The demo map plus 3 000 synthetic voorzieningen (seed 7), so postings are long and words
/// many: the map the snapshot tests search.
pub fn demo_plus_synthetic() -> loket::domain::kaart::Kaart {
    let mut k = loket::demo::demo_kaart();
    let s = loket::catalog::synth::generate(3000, 7);
    k.organisaties.extend(s.organisaties);
    k.voorzieningen.extend(s.voorzieningen);
    k.regelingen.extend(s.regelingen);
    k
}

/// The confirmation letter opened from the handoff screen or the queue is caught instead of
/// shown: the opener copies the file into `vang` (`cp -t`, the path added last), and the file is
/// removed `bewaren` after it was opened.
#[allow(dead_code)]
pub fn brief_vangen(s: &mut State, vang: &std::path::Path, bewaren: std::time::Duration) {
    s.brief_opener = Some(format!("cp -t {}", vang.display()));
    s.brief_bewaren = bewaren;
}

/// The letter the opener caught in `vang` (waits up to 10 s, the opener runs beside loket).
#[allow(dead_code)]
pub fn gevangen_brief(vang: &std::path::Path) -> String {
    for _ in 0..500 {
        let html = std::fs::read_dir(vang)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "html"))
            .and_then(|p| std::fs::read_to_string(&p).ok().filter(|t| t.ends_with("</html>\n")).map(|t| (p, t)));
        if let Some((p, t)) = html {
            std::fs::remove_file(p).unwrap();
            return t;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("the opener was not called: no letter in {}", vang.display());
}

/// Waits (up to 10 s) until no letter is left in the data directory `dir`.
#[allow(dead_code)]
pub fn geen_brief_over(dir: &std::path::Path) {
    for _ in 0..500 {
        if loket::app::brief::alle(dir).is_empty() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("a letter stayed behind: {:?}", loket::app::brief::alle(dir));
}

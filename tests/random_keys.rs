//! Random key sequences through the whole app (every screen, overlays, dialogs), drawn after
//! every key at 80x24: nothing panics, selections stay inside their lists, and quitting with an
//! open contact always asks first. The effects are carried out against a temporary store, as
//! the runtime does, so bookings, the queue with cases and exports are reached; at the end what
//! the screens show must be what the store holds.

mod common;

use common::*;
use loket::app::Overlay;
use loket::domain::contact::Status;
use loket::keymap::{chord, chord::Chord, Keymap};
use proptest::prelude::*;

/// Text keys: letters and digits that fields, pickers and dialogs take.
const TEXT: &[&str] =
    &["a", "e", "h", "s", "j", "n", "o", "r", "p", "v", "1", "2", "4", "6", "7", "9", "0", "?", "space"];

/// Whole desk steps, so random runs reach closed contacts and booked handoffs: a simple
/// question closed with an outcome, and a complex one handed to the backoffice.
const DESK_STEPS: &[&str] = &["ctrl-n v r a a g ctrl-s enter 1", "ctrl-n h u l p alt-2 alt-4 ctrl-o j enter"];

/// The keys pressed at random: every key sequence bound in either bundled keymap (so a new
/// action is pressed without this list being edited), text keys, and the desk steps.
fn pool() -> &'static [Vec<Chord>] {
    static POOL: std::sync::OnceLock<Vec<Vec<Chord>>> = std::sync::OnceLock::new();
    POOL.get_or_init(|| {
        let mut v = Vec::new();
        for (name, _, _) in loket::keymap::BUNDLED {
            v.extend(Keymap::load(name).unwrap().bound_sequences());
        }
        for t in TEXT {
            v.push(chord::parse_sequence(t).unwrap());
        }
        v.sort();
        v.dedup();
        for t in DESK_STEPS {
            v.push(chord::parse_sequence(t).unwrap());
        }
        v
    })
}

/// Every screen is reached from the start by at most three keys of the pool: the random runs
/// below can get everywhere (the availability, word-list, beheer, report, plan and follow-up
/// screens included).
#[test]
fn the_pool_reaches_every_screen() {
    use loket::app::Screen;
    let want = [
        Screen::Kaart,
        Screen::Contact,
        Screen::ContactList,
        Screen::Handoff,
        Screen::Queue,
        Screen::Beschikbaarheid,
        Screen::Woordenlijst,
        Screen::Beheer,
        Screen::Bewerken,
        Screen::Rapport,
        Screen::Plan,
        Screen::Opvolgen,
    ];
    // a screen added later must be added above: this match has no wildcard, so it stops compiling
    for w in &want {
        match w {
            Screen::Kaart
            | Screen::Contact
            | Screen::ContactList
            | Screen::Handoff
            | Screen::Queue
            | Screen::Beschikbaarheid
            | Screen::Woordenlijst
            | Screen::Beheer
            | Screen::Bewerken
            | Screen::Rapport
            | Screen::Plan
            | Screen::Opvolgen => {}
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = demo_state_in(dir.path());
    // a state after these keys of the pool, fresh each time (the state is not Clone)
    let cat = std::sync::Arc::new(loket::catalog::Catalog::build(loket::demo::demo_kaart()));
    let keymap = std::sync::Arc::new(Keymap::standard());
    let after = |path: &[usize]| {
        let mut s = loket::app::State::new(keymap.clone(), monday_morning());
        s.medewerker = "Test Balie".into();
        loket::app::update(&mut s, loket::app::Msg::Loaded(cat.clone()));
        s.data_dir = dir.path().display().to_string();
        for msg in loket::app::run::startup(store.as_ref()) {
            loket::app::run::handle(store.as_ref(), &mut s, msg);
        }
        for &i in path {
            for &c in &pool()[i] {
                if let Some(msg) = s.key(c) {
                    loket::app::run::handle(store.as_ref(), &mut s, msg);
                }
            }
        }
        format!("{:?}", s.screen)
    };
    let mut seen = std::collections::HashSet::new();
    seen.insert(after(&[]));
    // breadth first over the screens: from the first path that reached each screen
    let mut frontier: Vec<Vec<usize>> = vec![Vec::new()];
    for _ in 0..3 {
        if want.iter().all(|w| seen.contains(&format!("{w:?}"))) {
            break;
        }
        let mut next = Vec::new();
        for path in &frontier {
            for i in 0..pool().len() {
                let mut p = path.clone();
                p.push(i);
                if seen.insert(after(&p)) {
                    next.push(p);
                }
            }
        }
        frontier = next;
    }
    for w in want {
        assert!(seen.contains(&format!("{w:?}")), "{w:?} is not reached by the pool (reached: {seen:?})");
    }
}

/// The desk steps above really close a contact and book a handoff in the store, so the
/// property test below reaches them (a run of only these keys).
#[test]
fn the_desk_steps_reach_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    for key in DESK_STEPS {
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
    fn random_keys_never_panic(seq in proptest::collection::vec(0..pool().len(), 1..80)) {
        let dir = tempfile::tempdir().unwrap();
        let (store, mut s) = demo_state_in(dir.path());
        for i in seq {
            let key = &pool()[i];
            let open_draft = s
                .contact
                .as_ref()
                .is_some_and(|c| c.contact.status == loket::domain::contact::Status::Concept && !c.contact.is_blank());
            let overlay_before = s.overlay.clone();
            let mut quit = false;
            for &c in key {
                if let Some(msg) = s.key(c) {
                    // carry out the effects against the store like the runtime, and see whether
                    // it asked to quit
                    quit |= loket::app::run::handle(store.as_ref(), &mut s, msg);
                }
            }
            let quit_key = matches!(
                s.keymap.lookup(loket::keymap::Context::Kaart, key),
                loket::keymap::Lookup::Action(loket::app::Action::Quit)
            );
            if quit_key && open_draft && overlay_before.is_none() {
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

/// `update` and drawing do no I/O: `update` gets no store (the compiler holds that: neither it
/// nor `State` has one) and here it runs with the store closed, on random keys from the keymap
/// across every screen, its effects never carried out; nothing is written into the data
/// directory, and each frame is drawn from the state alone. The effects it asks for are the
/// only way to the store and the files.
#[test]
fn update_and_draw_do_no_io_their_effects_do() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 32, ..ProptestConfig::default() });
    let effecten = std::cell::Cell::new(0usize);
    runner
        .run(&proptest::collection::vec(0..pool().len(), 1..80), |seq| {
            let dir = tempfile::tempdir().unwrap();
            let (store, mut s) = demo_state_in(dir.path());
            drop(store);
            // an empty data directory: anything update or draw wrote would land here
            let leeg = tempfile::tempdir().unwrap();
            s.data_dir = leeg.path().display().to_string();
            for i in seq {
                for &c in &pool()[i] {
                    if let Some(msg) = s.key(c) {
                        effecten.set(effecten.get() + loket::app::update(&mut s, msg).len());
                    }
                }
                let _ = screen_text(&s, 80, 24);
            }
            let geschreven: Vec<_> = std::fs::read_dir(leeg.path()).unwrap().flatten().map(|e| e.path()).collect();
            prop_assert!(geschreven.is_empty(), "written by update or draw: {geschreven:?}");
            Ok(())
        })
        .unwrap();
    // the keys did ask for work (saves, loads, letters): it went into effects, not done in update
    assert!(effecten.get() > 0, "no effect was asked for: the keys did not reach the screens");
}

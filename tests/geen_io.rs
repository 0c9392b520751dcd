//! The screen never waits for the store: `update` and drawing read nothing from it. A map record
//! not read yet is shown as the search snapshot knows it and read beside the screen; the frame
//! after that shows the record. Here the store behind the map refuses every read made while
//! the screen is being updated or drawn.

mod common;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;
use loket::app::{update, Effect, Msg, State};
use loket::catalog::{snapshot, Catalog, Haal};
use loket::domain::kaart::Kaart;
use loket::keymap::{chord, Keymap};
use loket::store::{HaalUit, SledStore, Store};

/// Reads map records from the store only while the gate is open; a read through a closed gate
/// fails the test (it would be a read on the screen's thread).
struct Poort {
    inner: HaalUit,
    open: AtomicBool,
    reads: AtomicUsize,
}

impl Haal for Poort {
    fn haal(&self, sleutels: &[String]) -> Kaart {
        assert!(
            self.open.load(Ordering::SeqCst),
            "the screen read {sleutels:?} from the store while updating or drawing"
        );
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.haal(sleutels)
    }
}

/// A desk on the demo map as a new desk has it: the snapshot, with records read by key.
fn lazy_state(dir: &std::path::Path) -> (State, Arc<Poort>) {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir).unwrap());
    let k = loket::demo::demo_kaart();
    store.kaart_write(&k).unwrap();
    let mut whole = Catalog::build(k);
    whole.versie = store.kaart_versie().unwrap();
    let path = dir.join(snapshot::FILE_NAME);
    snapshot::write(&path, &whole, whole.versie).unwrap();
    let snap = snapshot::open(&path).unwrap();
    let poort = Arc::new(Poort { inner: HaalUit(store), open: AtomicBool::new(false), reads: AtomicUsize::new(0) });
    let mut s = State::new(Arc::new(Keymap::standard()), monday_morning());
    s.contact_ids.extend(1..=1000);
    s.medewerker = "Test Balie".into();
    let fx = update(&mut s, Msg::Loaded(Arc::new(Catalog::from_snapshot(Arc::new(snap), poort.clone()))));
    acknowledge(&mut s, &fx);
    (s, poort)
}

/// Keys and text through the keymap; the effects they asked for.
fn keys(s: &mut State, seq: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for c in chord::parse_sequence(seq).unwrap() {
        if let Some(msg) = s.key(c) {
            let fx = update(s, msg);
            acknowledge(s, &fx);
            out.extend(fx);
        }
    }
    out
}

fn typed(s: &mut State, text: &str) -> Vec<Effect> {
    let mut out = Vec::new();
    for ch in text.chars() {
        let c =
            if ch == ' ' { chord::Chord::plain(chord::Key::Space) } else { chord::Chord::plain(chord::Key::Char(ch)) };
        if let Some(msg) = s.key(c) {
            let fx = update(s, msg);
            acknowledge(s, &fx);
            out.extend(fx);
        }
    }
    out
}

#[test]
fn update_and_draw_read_nothing_and_the_records_follow_beside_the_screen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, poort) = lazy_state(dir.path());
    // typing a search and moving through it, with the gate closed: no read, no panic
    typed(&mut s, "veilig thuis");
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains("Veilig Thuis"), "the rows come from the snapshot at once:\n{screen}");
    assert!(!screen.contains("0800-2000"), "the phone number is in the record, not read yet:\n{screen}");
    // what the frame showed as the snapshot knows it is asked for, to be read elsewhere
    let gemist = loket::catalog::bron::gemist();
    assert!(!gemist.docs.is_empty(), "the rows drawn without their records are noted");
    assert_eq!(poort.reads.load(Ordering::SeqCst), 0);

    // a worker reads them (another thread, gate open), and the screen is told
    poort.open.store(true, Ordering::SeqCst);
    let cat = s.catalog.clone().unwrap();
    std::thread::spawn(move || cat.haal_op(&gemist)).join().unwrap();
    poort.open.store(false, Ordering::SeqCst);
    assert!(poort.reads.load(Ordering::SeqCst) >= 1);
    let fx = update(&mut s, Msg::Opgehaald);
    assert!(fx.is_empty());
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains("0800-2000"), "the next frame shows the record:\n{screen}");

    // moving through the rows, and a contact with its question and its own search of the map:
    // rows not read yet are noted (by `update` or by the frame), never read here
    let mut asked = Vec::new();
    for _ in 0..5 {
        asked.extend(keys(&mut s, "down"));
        let _ = screen_text(&s, 120, 40);
    }
    asked.extend(keys(&mut s, "ctrl-n"));
    asked.extend(typed(&mut s, "mijn moeder valt steeds thuis"));
    asked.extend(keys(&mut s, "ctrl-f"));
    asked.extend(typed(&mut s, "hulp"));
    for _ in 0..3 {
        asked.extend(keys(&mut s, "down"));
        let _ = screen_text(&s, 80, 24);
        let _ = screen_text(&s, 120, 40);
    }
    let mut noted = loket::catalog::bron::gemist();
    for e in asked {
        if let Effect::Ophalen(g) = e {
            noted.docs.extend(g.docs);
        }
    }
    assert!(!noted.docs.is_empty(), "the contact's search rows not read yet are asked for");
    assert_eq!(poort.reads.load(Ordering::SeqCst), 1, "only the worker read, once");
}

//! Per-keystroke search latency on generated sociale kaarten, typed prefix by prefix as a person
//! types, and the first frame with 100k records in the store.
//!
//! Run: `cargo bench --bench search` (all sizes) or `LOKET_BENCH_SIZES=10000,100000 cargo bench --bench search`.
//! `LOKET_BENCH_DATA_DIRS=DIR1,DIR2 cargo bench --bench search` instead times the TUI's start on
//! existing data directories (`loket --data-dir DIR genereer N`, then `loket --data-dir DIR zoek x`
//! once to write the snapshot): until searchable (the catalog on the snapshot, one search and its first page of details).
//! Prints p50/p90/p99/max per keystroke for each size, the plain-scan baseline for comparison,
//! and the time to the first frame. The machine is shared and noisy: quote medians and ratios.

use std::sync::Arc;
use std::time::{Duration, Instant};

use loket::app::{run, update, Msg, State};
use loket::catalog::snapshot::{self, Snapshot};
use loket::catalog::{synth, Catalog, Filters};
use loket::keymap::Keymap;
use loket::search::{plain_scan, Searcher};
use loket::store::{SledStore, Store};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const QUERIES: &[&str] =
    &["dagbest", "huish hulp gron", "mantelz winsum", "oudernadv", "schuldh heerlen", "wijkverpl hoensbroek"];

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn keystrokes(cat: &Catalog, rounds: usize) -> Vec<Duration> {
    let f = Filters::default();
    keystrokes_with(rounds, &mut |s, q| {
        std::hint::black_box(cat.search(s, q, &f, 200));
    })
}

/// The same keystrokes on a mapped snapshot file, through the catalog the TUI makes of it
/// (`Catalog::from_snapshot`; records are not read here, only searched).
fn keystrokes_snapshot(snap: Arc<Snapshot>, rounds: usize) -> Vec<Duration> {
    struct Geen;
    impl loket::catalog::Haal for Geen {
        fn haal(&self, _: &[String]) -> loket::domain::kaart::Kaart {
            Default::default()
        }
    }
    let cat = Catalog::from_snapshot(snap, Arc::new(Geen));
    keystrokes(&cat, rounds)
}

fn keystrokes_with(rounds: usize, search: &mut dyn FnMut(&mut Searcher, &str)) -> Vec<Duration> {
    let mut times = Vec::new();
    for _ in 0..rounds {
        // One searcher per desk session, as in the TUI: caches carry over between keystrokes.
        let mut s = Searcher::default();
        for q in QUERIES {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                let t = Instant::now();
                search(&mut s, &prefix);
                times.push(t.elapsed());
            }
        }
    }
    times.sort();
    times
}

/// Open the store once the previous run's loader thread has let go of it.
fn open_when_free(dir: &std::path::Path) -> SledStore {
    for _ in 0..100 {
        match SledStore::open(dir) {
            Ok(s) => return s,
            Err(loket::store::StoreError::Locked(_)) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("{e}"),
        }
    }
    panic!("store stays locked")
}

fn first_frame(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = SledStore::open(dir.path()).unwrap();
        loket::store::kaart::upsert(&s, &synth::generate(n, 1)).unwrap();
    }
    let mut firsts = Vec::new();
    let mut loaded = Vec::new();
    for _ in 0..5 {
        let t0 = Instant::now();
        let store: Arc<dyn Store> = Arc::new(open_when_free(dir.path()));
        let (tx, rx) = std::sync::mpsc::channel();
        run::spawn_loader(store.clone(), tx, None);
        let mut state = State::new(Arc::new(Keymap::standard()), run::local_now());
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        term.draw(|f| loket::ui::draw(f, &state)).unwrap();
        firsts.push(t0.elapsed());
        loop {
            let msg = rx.recv().unwrap();
            let done = matches!(msg, Msg::Loaded(_));
            update(&mut state, msg);
            if done {
                break;
            }
        }
        term.draw(|f| loket::ui::draw(f, &state)).unwrap();
        loaded.push(t0.elapsed());
        drop(state);
        // wait for the loader to end and let go of the store before reopening
        while rx.recv().is_ok() {}
        drop(store);
        std::thread::sleep(Duration::from_millis(200));
    }
    firsts.sort();
    loaded.sort();
    println!(
        "first frame with {n} in store: median {} (max {}); map searchable after median {}",
        ms(pct(&firsts, 0.5)),
        ms(*firsts.last().unwrap()),
        ms(pct(&loaded, 0.5))
    );
    // A start without a current snapshot (after `genereer`, an import, other synonyms): the
    // loader writes it from the store's records one at a time, then opens the catalog on it.
    let path = loket::zoekindex::path_for(dir.path(), None);
    let mut rebuilt = Vec::new();
    for _ in 0..3 {
        let _ = std::fs::remove_file(&path);
        let t0 = Instant::now();
        let store: Arc<dyn Store> = Arc::new(open_when_free(dir.path()));
        let (tx, rx) = std::sync::mpsc::channel();
        run::spawn_loader(store.clone(), tx, Some(path.clone()));
        let mut state = State::new(Arc::new(Keymap::standard()), run::local_now());
        loop {
            let msg = rx.recv().unwrap();
            let done = matches!(msg, Msg::Loaded(_));
            update(&mut state, msg);
            if done {
                assert!(state.catalog.as_ref().and_then(|c| c.snapshot()).is_some(), "on the new snapshot");
                rebuilt.push(t0.elapsed());
                break;
            }
        }
        while rx.recv().is_ok() {}
        drop(state);
        drop(store);
        std::thread::sleep(Duration::from_millis(200));
    }
    rebuilt.sort();
    println!(
        "first start with {n} in store and no snapshot: snapshot written from the records and searchable after median {} ({}–{})",
        ms(pct(&rebuilt, 0.5)),
        ms(rebuilt[0]),
        ms(*rebuilt.last().unwrap())
    );
}

/// The TUI's start on an existing data directory (made with `loket genereer N`, searched once
/// so the snapshot is there): store opened, loader started, until the catalog is there and one
/// search with its first page of details (read from the store by key) is done, as the first
/// keystroke would. Three runs, page cache warm.
fn searchable_after_start(dir: &std::path::Path) {
    let path = loket::zoekindex::path_for(dir, None);
    let mut ready = Vec::new();
    for _ in 0..3 {
        let t0 = Instant::now();
        let store: Arc<dyn Store> = Arc::new(open_when_free(dir));
        let (tx, rx) = std::sync::mpsc::channel();
        run::spawn_loader(store.clone(), tx, Some(path.clone()));
        let mut state = State::new(Arc::new(Keymap::standard()), run::local_now());
        loop {
            let msg = rx.recv().unwrap();
            let done = matches!(msg, Msg::Loaded(_));
            update(&mut state, msg);
            if done {
                let cat = state.catalog.clone().unwrap();
                assert!(cat.snapshot().is_some(), "the snapshot of {} is current", dir.display());
                let r = cat.search(&mut state.searcher, "dagbest", &loket::catalog::Filters::default(), 200);
                let page: Vec<u32> = r.hits.iter().take(30).map(|h| h.doc).collect();
                cat.prefetch(&page);
                std::hint::black_box(page.iter().map(|&d| cat.entry(cat.doc(d)).naam().len()).sum::<usize>());
                ready.push(t0.elapsed());
                break;
            }
        }
        // wait for the loader to end and let go of the store
        while rx.recv().is_ok() {}
        drop(state);
        drop(store);
        std::thread::sleep(Duration::from_millis(200));
    }
    ready.sort();
    println!(
        "start on {}: searchable (first search and its first page of details) after median {} ({}–{})",
        dir.display(),
        ms(pct(&ready, 0.5)),
        ms(ready[0]),
        ms(*ready.last().unwrap())
    );
}

fn main() {
    if let Ok(dirs) = std::env::var("LOKET_BENCH_DATA_DIRS") {
        for d in dirs.split(',').filter(|d| !d.is_empty()) {
            searchable_after_start(std::path::Path::new(d));
        }
        return;
    }
    let sizes: Vec<usize> = std::env::var("LOKET_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000]);
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for &n in &sizes {
        let t = Instant::now();
        let cat = Catalog::build(synth::generate(n, 1));
        let build = t.elapsed();
        let rounds = if n >= 1_000_000 {
            3
        } else if n >= 100_000 {
            10
        } else {
            30
        };
        let times = keystrokes(&cat, rounds);
        println!(
            "{n:>8} voorzieningen: per keystroke p50 {}  p90 {}  p99 {}  max {}  ({} keystrokes; index built in {})",
            ms(pct(&times, 0.5)),
            ms(pct(&times, 0.9)),
            ms(pct(&times, 0.99)),
            ms(*times.last().unwrap()),
            times.len(),
            ms(build)
        );
        // The snapshot file: written once, then mapped and checked as at start (page cache warm).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(snapshot::FILE_NAME);
        let t = Instant::now();
        snapshot::write(&path, &cat, 1).unwrap();
        let write = t.elapsed();
        let size = std::fs::metadata(&path).unwrap().len();
        let mut opens = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let snap = snapshot::open(&path).unwrap();
            opens.push(t.elapsed());
            drop(snap);
        }
        opens.sort();
        let snap = Arc::new(snapshot::open(&path).unwrap());
        let mapped = keystrokes_snapshot(snap.clone(), rounds);
        println!(
            "{n:>8} voorzieningen: snapshot {:.0} MiB written in {}; mapped and checked (searchable) median {} (max {}); per keystroke on the mapped index p50 {}  p90 {}  p99 {}  max {}",
            size as f64 / 1048576.0,
            ms(write),
            ms(pct(&opens, 0.5)),
            ms(*opens.last().unwrap()),
            ms(pct(&mapped, 0.5)),
            ms(pct(&mapped, 0.9)),
            ms(pct(&mapped, 0.99)),
            ms(*mapped.last().unwrap()),
        );
        drop(snap);
        if n <= 100_000 {
            let hay = cat.haystacks();
            let mut base = Vec::new();
            for q in ["d", "dagbest", "huish hulp gron", "oudernadv"] {
                let t = Instant::now();
                std::hint::black_box(plain_scan(&hay, q, 200));
                base.push(t.elapsed());
            }
            base.sort();
            println!(
                "{n:>8} voorzieningen: plain scan (every record through SkimMatcherV2) median {}",
                ms(pct(&base, 0.5))
            );
        }
    }
    if sizes.contains(&100_000) {
        first_frame(100_000);
    }
}

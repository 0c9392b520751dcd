//! Per-keystroke search latency on generated sociale kaarten, typed prefix by prefix as a person
//! types, and the first frame with 100k records in the store.
//!
//! Run: `cargo bench --bench search` (all sizes) or `LOKET_BENCH_SIZES=10000,100000 cargo bench --bench search`.
//! Prints p50/p90/p99/max per keystroke for each size, the plain-scan baseline for comparison,
//! and the time to the first frame. The machine is shared and noisy: quote medians and ratios.

use std::sync::Arc;
use std::time::{Duration, Instant};

use loket::app::{run, update, Msg, State};
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
    let mut times = Vec::new();
    let f = Filters::default();
    for _ in 0..rounds {
        // One searcher per desk session, as in the TUI: caches carry over between keystrokes.
        let mut s = Searcher::default();
        for q in QUERIES {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                let t = Instant::now();
                let r = cat.search(&mut s, &prefix, &f, 200);
                times.push(t.elapsed());
                std::hint::black_box(r);
            }
        }
    }
    times.sort();
    times
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
        let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        let (tx, rx) = std::sync::mpsc::channel();
        run::spawn_loader(store.clone(), tx);
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
        // wait for the loader to let go of the store before reopening
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
}

fn main() {
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

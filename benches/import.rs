//! Import of 100k services from a generated HSDS 3.0 tabular data package: read + check + one
//! atomic write into a fresh sled store. Target: under 20 s, peak memory under 1 GiB.
//!
//! Run: `cargo bench --bench import` (`LOKET_BENCH_IMPORT_N=10000` for a smaller package).
//! Prints the median of the timed runs and the peak resident set size (VmHWM) of the process.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use loket::catalog::synth;
use loket::interchange::{export_dir, import_path, ExportFormat, ImportOptions};
use loket::store::{kaart as store_kaart, SledStore};

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l["VmHWM:".len()..].trim().to_string()))
        .unwrap_or_else(|| "onbekend".into())
}

/// Reset the peak (VmHWM) to the current RSS, so the figure is the import's own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// In a fresh process (so memory freed by the export does not count): import `dir` once and
/// print time and peak memory.
fn child(dir: &str) -> ! {
    let db = tempfile::tempdir().unwrap();
    let store = SledStore::open(db.path()).unwrap();
    let t = Instant::now();
    let (kaart, rep) = loket::interchange::read_path(std::path::Path::new(dir), &ImportOptions::default()).unwrap();
    let read = t.elapsed();
    let read_peak = peak_rss();
    drop((kaart, rep));
    let rep = import_path(&store, std::path::Path::new(dir), &ImportOptions::default()).unwrap();
    assert!(rep.written);
    println!(
        "apart proces: lezen+controleren {:.2} s (piek {read_peak}); lezen+schrijven {:.2} s in totaal; piekgeheugen (VmHWM) {}",
        read.as_secs_f64(),
        (t.elapsed() - read).as_secs_f64(),
        peak_rss()
    );
    std::process::exit(0)
}

fn import(c: &mut Criterion) {
    if let Ok(dir) = std::env::var("LOKET_BENCH_IMPORT_CHILD") {
        child(&dir);
    }
    let n: usize = std::env::var("LOKET_BENCH_IMPORT_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let pkg = tempfile::tempdir().unwrap();
    {
        let kaart = synth::generate(n, 1);
        let t = Instant::now();
        export_dir(&kaart, ExportFormat::Csv, pkg.path(), false).unwrap();
        let bytes: u64 = std::fs::read_dir(pkg.path()).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
        eprintln!(
            "datapakket: {n} voorzieningen, {:.1} MB CSV, export {:.2} s, piekgeheugen genereren+export {}",
            bytes as f64 / 1e6,
            t.elapsed().as_secs_f64(),
            peak_rss()
        );
    }
    // The import's own peak memory, measured in a fresh process.
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .arg("--bench")
        .env("LOKET_BENCH_IMPORT_CHILD", pkg.path())
        .output()
        .unwrap();
    eprint!(
        "{}",
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.starts_with("apart proces"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    eprintln!();
    reset_peak();
    let times: Mutex<Vec<Duration>> = Mutex::new(Vec::new());
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(1));
    g.warm_up_time(Duration::from_millis(1));
    g.bench_function(format!("datapackage_{n}"), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let db = tempfile::tempdir().unwrap();
                let store = SledStore::open(db.path()).unwrap();
                let t = Instant::now();
                let rep = import_path(&store, pkg.path(), &ImportOptions::default()).unwrap();
                let d = t.elapsed();
                assert!(rep.written && rep.errors.is_empty(), "{:?}", rep.errors);
                assert_eq!(rep.voorzieningen, n);
                assert_eq!(store_kaart::count_records(&store), rep.records());
                times.lock().unwrap().push(d);
                total += d;
            }
            total
        })
    });
    g.finish();
    let mut t = times.into_inner().unwrap();
    t.sort();
    let median = t[t.len() / 2];
    eprintln!(
        "import {n} voorzieningen: mediaan {:.2} s over {} runs (min {:.2} s, max {:.2} s); piekgeheugen (VmHWM) {}",
        median.as_secs_f64(),
        t.len(),
        t[0].as_secs_f64(),
        t[t.len() - 1].as_secs_f64(),
        peak_rss()
    );
}

criterion_group!(benches, import);
criterion_main!(benches);

//! Keystroke-to-frame of the real binary in a terminal (tmux), with the search alone beside it.
//!
//! For every letter typed on the kaart, the time from `send-keys` until the pane shows the frame
//! it settles on (the new rows with their details, not an intermediate frame): the pane is read
//! every millisecond or so until it has not changed for 300 ms, and the first reading equal to
//! that last one ends the measurement. The same prefixes are then searched in this process on
//! the same search snapshot (the search alone, as `cargo bench --bench search` measures it).
//!
//! ```text
//! cargo build --release
//! cargo run --release --example toetslatentie                  # 100k entries, 2 rounds
//! cargo run --release --example toetslatentie -- 1000000 3     # entries, rounds
//! ```
//! The maps are made once with `loket genereer N --seed 1` under $WORK (default
//! /tmp/loket-vergelijk, shared with scripts/vergelijk-fzf.sh). LOKET names the binary (default
//! target/release/loket).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use loket::catalog::{snapshot, Catalog, Filters, Haal};
use loket::domain::kaart::Kaart;
use loket::search::Searcher;

const WORDS: &[&str] = &["dagbesteding", "huishoudelijke hulp", "mantelzorg", "schuldhulp"];
const SETTLE: Duration = Duration::from_millis(300);

struct Pane {
    socket: PathBuf,
}

impl Pane {
    fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-S").arg(&self.socket).args(args).output().expect("tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "lat"])
    }
    fn wait_for(&self, needle: &str, secs: u64) {
        let start = Instant::now();
        while !self.screen().contains(needle) {
            assert!(start.elapsed() < Duration::from_secs(secs), "niet gezien: {needle}\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    /// Send one key; the time until the pane shows the frame it settles on (None: no change).
    fn timed_key(&self, key: &str, literal: bool) -> Option<Duration> {
        let before = self.screen();
        let mut seen: Vec<(Duration, String)> = Vec::new();
        let mut args = vec!["send-keys", "-t", "lat"];
        if literal {
            args.push("-l");
        }
        args.push(key);
        let t0 = Instant::now();
        self.tmux(&args);
        let mut last_change = Instant::now();
        let mut last = before.clone();
        loop {
            let s = self.screen();
            let now = Instant::now();
            if s != last {
                last = s.clone();
                last_change = now;
            }
            seen.push((now - t0, s));
            if now - last_change >= SETTLE || now - t0 > Duration::from_secs(5) {
                break;
            }
        }
        if last == before {
            return None;
        }
        seen.iter().find(|(_, s)| *s == last).map(|(t, _)| *t)
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

struct Geen;
impl Haal for Geen {
    fn haal(&self, _: &[String]) -> Kaart {
        Kaart::default()
    }
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn summary(name: &str, v: &mut [f64]) {
    println!(
        "{name:<28} n={:<4} p50 {:>7.2} ms   p90 {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        v.len(),
        pct(v, 0.5),
        pct(v, 0.9),
        pct(v, 0.99),
        pct(v, 1.0)
    );
}

fn prepare(loket: &Path, dir: &Path, n: usize) {
    if !dir.join(".klaar").exists() {
        let _ = std::fs::remove_dir_all(dir);
        eprintln!("== genereer {n}");
        let st = Command::new(loket)
            .arg("--data-dir")
            .arg(dir)
            .args(["genereer", &n.to_string(), "--seed", "1"])
            .status()
            .unwrap();
        assert!(st.success());
        std::fs::write(dir.join(".klaar"), "").unwrap();
    }
    // the search snapshot is current
    let st = Command::new(loket)
        .arg("--data-dir")
        .arg(dir)
        .args(["zoek", "dagbest"])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(st.success());
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2);
    let loket = std::fs::canonicalize(std::env::var("LOKET").unwrap_or_else(|_| "target/release/loket".into()))
        .expect("the release binary: cargo build --release");
    let work = PathBuf::from(std::env::var("WORK").unwrap_or_else(|_| "/tmp/loket-vergelijk".into()));
    let dir = work.join(format!("kaart-{n}"));
    std::fs::create_dir_all(&work).unwrap();
    prepare(&loket, &dir, n);

    let mut frames = Vec::new();
    for round in 0..rounds {
        let tmp = tempfile::tempdir().unwrap();
        let pane = Pane { socket: tmp.path().join("sock") };
        let cmd = format!(
            "exec env HOME={} TERM=xterm-256color LOKET_KEYMAP=standaard LOKET_MEDEWERKER=Proef LOKET_CONFIG=/nonexistent/loket.toml {} --data-dir {}",
            tmp.path().display(),
            loket.display(),
            dir.display()
        );
        let st = Command::new("tmux")
            .arg("-S")
            .arg(&pane.socket)
            .args(["new-session", "-d", "-s", "lat", "-x", "120", "-y", "40", &cmd])
            .status()
            .unwrap();
        assert!(st.success());
        pane.wait_for("Resultaten", 60);
        std::thread::sleep(Duration::from_secs(1));
        for w in WORDS {
            for ch in w.chars() {
                let key = if ch == ' ' { "Space".to_string() } else { ch.to_string() };
                if let Some(t) = pane.timed_key(&key, ch != ' ') {
                    frames.push(t.as_secs_f64() * 1000.0);
                }
            }
            for _ in 0..w.chars().count() {
                pane.tmux(&["send-keys", "-t", "lat", "BSpace"]);
            }
            std::thread::sleep(SETTLE);
        }
        eprintln!("ronde {} klaar", round + 1);
    }

    // the search alone, in this process, on the same snapshot and prefixes
    let snap = snapshot::open(&dir.join(snapshot::FILE_NAME)).expect("the search snapshot");
    let cat = Catalog::from_snapshot(Arc::new(snap), Arc::new(Geen));
    let mut searcher = Searcher::default();
    let mut search = Vec::new();
    for _ in 0..rounds {
        for w in WORDS {
            for i in 1..=w.len() {
                if !w.is_char_boundary(i) {
                    continue;
                }
                let t0 = Instant::now();
                let r = cat.search(&mut searcher, &w[..i], &Filters::default(), 200);
                search.push(t0.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(r);
            }
        }
    }
    println!("{n} vermeldingen, {rounds} rondes, {}", loket.display());
    summary("toets tot beeld (tmux)", &mut frames);
    summary("zoeken alleen (zelfde tekst)", &mut search);
}

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
//!
//! On the shared database, with a network round trip added:
//!
//! ```text
//! cargo run --release --example toetslatentie -- 100000 3 pg            # round trips 0, 20, 50 ms
//! cargo run --release --example toetslatentie -- 100000 3 pg 0,10,50
//! ```
//! The map goes into a database `loket_toetslatentie_N` of the local cluster (made once, through
//! its Unix socket in PGHOST, default /var/run/postgresql, as the current user). The desk
//! connects over TCP to a small proxy in this process that passes every byte on to that socket
//! after half the round trip, in each direction (so the round trip is added, the throughput is
//! not limited). Each round starts a desk per round trip, one after the other, so the figures of
//! one round trip and another are measured side by side.

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

/// A TCP proxy to the cluster's Unix socket that holds every chunk for `vertraging` (half the
/// round trip) in each direction; the delay can be changed while it runs (in microseconds).
fn proxy(socket: PathBuf, vertraging: Arc<std::sync::atomic::AtomicU64>) -> u16 {
    use std::io::{Read, Write};
    use std::sync::atomic::Ordering;
    let luister = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let poort = luister.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for tcp in luister.incoming() {
            let Ok(tcp) = tcp else { continue };
            let _ = tcp.set_nodelay(true);
            let Ok(unix) = std::os::unix::net::UnixStream::connect(&socket) else { continue };
            let richting = |mut van: Box<dyn Read + Send>, mut naar: Box<dyn Write + Send>| {
                let v = vertraging.clone();
                let (tx, rx) = std::sync::mpsc::channel::<(Instant, Vec<u8>)>();
                std::thread::spawn(move || {
                    let mut buf = vec![0u8; 64 * 1024];
                    while let Ok(k) = van.read(&mut buf) {
                        if k == 0 {
                            break;
                        }
                        let wanneer = Instant::now() + Duration::from_micros(v.load(Ordering::Relaxed));
                        if tx.send((wanneer, buf[..k].to_vec())).is_err() {
                            break;
                        }
                    }
                });
                std::thread::spawn(move || {
                    for (wanneer, stuk) in rx {
                        let nu = Instant::now();
                        if wanneer > nu {
                            std::thread::sleep(wanneer - nu);
                        }
                        if naar.write_all(&stuk).is_err() {
                            break;
                        }
                    }
                });
            };
            richting(Box::new(tcp.try_clone().unwrap()), Box::new(unix.try_clone().unwrap()));
            richting(Box::new(unix), Box::new(tcp));
        }
    });
    poort
}

/// The map of `n` entries in a database of the local cluster (made once).
fn prepare_pg(loket: &Path, pghost: &str, n: usize) -> String {
    let db = format!("loket_toetslatentie_{n}");
    let psql =
        |sql: &str, db: &str| Command::new("psql").args(["-h", pghost, "-d", db, "-qtAc", sql]).output().expect("psql");
    let klaar = psql("SELECT count(*) FROM loket_klaar", &db);
    if String::from_utf8_lossy(&klaar.stdout).trim() != "1" {
        let _ = psql(&format!("DROP DATABASE IF EXISTS {db}"), "postgres");
        let out = psql(&format!("CREATE DATABASE {db}"), "postgres");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let url = format!("postgres:///{db}?host={pghost}");
        eprintln!("== genereer {n} (PostgreSQL)");
        let tmp = tempfile::tempdir().unwrap();
        let st = Command::new(loket)
            .env("HOME", tmp.path())
            .env("LOKET_CONFIG", "/nonexistent/loket.toml")
            .args(["--database", &url, "--data-dir"])
            .arg(tmp.path())
            .args(["genereer", &n.to_string(), "--seed", "1"])
            .status()
            .unwrap();
        assert!(st.success());
        // a desk on the shared database signs in: one account for the bench
        let mut c = Command::new(loket)
            .env("HOME", tmp.path())
            .env("LOKET_CONFIG", "/nonexistent/loket.toml")
            .args(["--database", &url, "--data-dir"])
            .arg(tmp.path())
            .args(["account", "toevoegen", "Proef", "--rol", "functioneel-beheerder"])
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut c.stdin.take().unwrap(), b"918273\n").unwrap();
        assert!(c.wait().unwrap().success());
        let out = psql("CREATE TABLE loket_klaar (x int); INSERT INTO loket_klaar VALUES (1)", &db);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    db
}

/// Start a desk in tmux with `args` after the binary, wait until the map is searchable, then
/// type the words; the keystroke-to-frame times.
fn type_words(loket: &Path, args: &str, n: usize, aanmelden: bool) -> Vec<f64> {
    let tmp = tempfile::tempdir().unwrap();
    let pane = Pane { socket: tmp.path().join("sock") };
    let cmd = format!(
        "exec env HOME={} TERM=xterm-256color LOKET_KEYMAP=standaard LOKET_MEDEWERKER=Proef LOKET_CONFIG=/nonexistent/loket.toml {} {args}",
        tmp.path().display(),
        loket.display(),
    );
    let st = Command::new("tmux")
        .arg("-S")
        .arg(&pane.socket)
        .args(["new-session", "-d", "-s", "lat", "-x", "120", "-y", "40", &cmd])
        .status()
        .unwrap();
    assert!(st.success());
    if aanmelden {
        pane.wait_for("Meld u aan", 60);
        pane.tmux(&["send-keys", "-t", "lat", "-l", "Proef"]);
        pane.tmux(&["send-keys", "-t", "lat", "Enter"]);
        pane.tmux(&["send-keys", "-t", "lat", "-l", "918273"]);
        pane.tmux(&["send-keys", "-t", "lat", "Enter"]);
    }
    pane.wait_for("Resultaten", 60);
    // the whole map searchable ("200 van N" with N at least the map's size), not a load still
    // running
    let start = Instant::now();
    loop {
        let s = pane.screen();
        let totaal = s.split("200 van ").nth(1).map(|r| {
            r.chars().take_while(|c| c.is_ascii_digit() || *c == '.').filter(char::is_ascii_digit).collect::<String>()
        });
        if totaal.and_then(|t| t.parse::<usize>().ok()).is_some_and(|t| t >= n) {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(300), "de kaart werd niet doorzoekbaar:\n{s}");
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_secs(1));
    let mut frames = Vec::new();
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
    frames
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2);
    let loket = std::fs::canonicalize(std::env::var("LOKET").unwrap_or_else(|_| "target/release/loket".into()))
        .expect("the release binary: cargo build --release");
    if args.get(2).map(String::as_str) == Some("pg") {
        let rtts: Vec<u64> = args
            .get(3)
            .map(|a| a.split(',').map(|x| x.trim().parse().expect("round trips in ms: 0,20,50")).collect())
            .unwrap_or_else(|| vec![0, 20, 50]);
        let pghost = std::env::var("PGHOST").unwrap_or_else(|_| "/var/run/postgresql".into());
        let db = prepare_pg(&loket, &pghost, n);
        let vertraging = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let poort = proxy(PathBuf::from(&pghost).join(".s.PGSQL.5432"), vertraging.clone());
        let mut per_rtt: Vec<Vec<f64>> = vec![Vec::new(); rtts.len()];
        for round in 0..rounds {
            for (i, rtt) in rtts.iter().enumerate() {
                vertraging.store(rtt * 1000 / 2, std::sync::atomic::Ordering::Relaxed);
                let data = tempfile::tempdir().unwrap();
                let a = format!(
                    "--database 'postgres://{}@127.0.0.1:{poort}/{db}?sslmode=disable' --data-dir {}",
                    std::env::var("USER").unwrap_or_else(|_| "root".into()),
                    data.path().display()
                );
                per_rtt[i].extend(type_words(&loket, &a, n, true));
                eprintln!("ronde {} met {rtt} ms klaar", round + 1);
            }
        }
        println!("{n} vermeldingen op PostgreSQL, {rounds} rondes, {}", loket.display());
        let mut p90 = Vec::new();
        for (rtt, v) in rtts.iter().zip(per_rtt.iter_mut()) {
            summary(&format!("toets tot beeld, +{rtt} ms"), v);
            p90.push(pct(v, 0.9));
        }
        for (rtt, p) in rtts.iter().zip(&p90).skip(1) {
            println!("p90 bij +{rtt} ms / p90 bij +{} ms: {:.2}x", rtts[0], p / p90[0]);
        }
        return;
    }
    let work = PathBuf::from(std::env::var("WORK").unwrap_or_else(|_| "/tmp/loket-vergelijk".into()));
    let dir = work.join(format!("kaart-{n}"));
    std::fs::create_dir_all(&work).unwrap();
    prepare(&loket, &dir, n);

    let mut frames = Vec::new();
    for round in 0..rounds {
        frames.extend(type_words(&loket, &format!("--data-dir {}", dir.display()), n, false));
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

//! Issue 18, "What to build 4" (embedded store part): the fault harness. A worker process (this
//! test binary again, `LOKET_WORKER=storing`) does a desk's work on one sled store — drafts,
//! typing, closes, handoffs with a booking, audit entries, and the store's rewrite
//! (`compacteer`) — and is killed: with SIGKILL at a random moment, or abruptly at a named write
//! point (`LOKET_STORINGSPUNT`: every point of the rewrite, of a transaction, of the audit head).
//! With a tmpfs of its own (root), every fourth trial fills the disk under the working desk first.
//! After each kill the store is opened and checked from what it holds:
//! - it opens (no wipe, no corruption);
//! - every write the worker was told was done is there (else: data lost);
//! - no case without a closed contact that says doorgezet (handed to the backoffice);
//! - no booking without a case, no overlapping bookings of one supporter;
//! - the audit chain checks, reaches the head recorded outside the store, and `loket audit
//!   --controleer` (the real binary) agrees.
//!
//! `storing_kort` (CI) runs 30 trials; `scripts/storing.sh` runs `storing_lang` (300 by default,
//! `STORING_PROEVEN=N`) and prints trials, violations and data lost.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loket::domain::contact::{Afhandeling, Status};
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use loket::store::{BookResult, SledStore, Store};

use common::store::{closed, complex_draft, new_case, now};

/// Transaction and audit-head points; with the rewrite's points, every named write point.
const PUNTEN: &[&str] = &[
    "handoff:commit",
    "handoff:committed",
    "handoff:claim",
    "handoff:case",
    "handoff:contact",
    "audit:kop-vastleggen",
];

fn slot(i: u64) -> Slot {
    let day = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap() + chrono::Duration::days((i / 8) as i64);
    let start = day.and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::minutes(45 * (i % 8) as i64);
    Slot {
        ondersteuner_id: ["grn-oa-1", "prv-mee-1", "prv-vip-1"][(i % 3) as usize].into(),
        start,
        eind: start + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: Plek::Balie,
    }
}

/// The worker: a desk's work, told line by line (`contact ID REV VRAAG`, `case ID`, `audit NR`)
/// after the store confirmed it. Without `LOKET_WORKER=storing` it does nothing.
#[test]
#[ignore = "the worker process of the fault harness; started by it"]
fn worker() {
    if std::env::var("LOKET_WORKER").ok().as_deref() != Some("storing") {
        return;
    }
    let dir = std::env::var("LOKET_WORKER_STORE").unwrap();
    let seed: u64 = std::env::var("LOKET_WORKER_SEED").unwrap().parse().unwrap();
    let store = SledStore::open(Path::new(&dir)).unwrap();
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| {
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    say("klaar".into());
    for n in 0.. {
        let mut c = complex_draft(&store, "Balie", &format!("vraag {seed} {n}"));
        say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
        for k in 0..next() % 3 {
            c.vraag = format!("vraag {seed} {n} deel {k}");
            let log = [Gebeurtenis::new(now(), "Balie", Handeling::Gewijzigd, Onderwerp::Contact(c.id))];
            c.rev = store.save_contact_gelogd(&c, &log).unwrap();
            say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
        }
        match next() % 3 {
            0 => {
                // a handoff; its booking on a slot of its own (the id), so none is ever taken;
                // its audit entries in its transaction, as the desk writes them
                let log = |id: u64| {
                    vec![
                        Gebeurtenis::new(now(), "Balie", Handeling::Doorgezet, Onderwerp::Contact(c.id)),
                        Gebeurtenis::new(now(), "Balie", Handeling::Aangemaakt, Onderwerp::Dossier(id)),
                    ]
                };
                if let BookResult::Booked(k) =
                    store.handoff_gelogd(&closed(&c), &new_case(&c, "Balie"), &slot(c.id), &log).unwrap()
                {
                    say(format!("case {}", k.id));
                    say(format!("contact {} {} {}", c.id, c.rev + 1, c.vraag));
                }
            }
            1 => {
                let mut d = c.clone();
                d.afhandeling = Some(Afhandeling::MeldingWmo);
                d.close(now()).unwrap();
                let log = [Gebeurtenis::new(now(), "Balie", Handeling::Afgesloten, Onderwerp::Contact(d.id))];
                let rev = store.save_contact_gelogd(&d, &log).unwrap();
                say(format!("contact {} {} {}", d.id, rev, d.vraag));
            }
            _ => {}
        }
        let kop = store.audit_raw().unwrap().kop.map(|k| k.0).unwrap_or(0);
        say(format!("audit {kop}"));
        if next() % 6 == 0 {
            store.compacteer().unwrap();
            say("herschreven".into());
        }
    }
}

/// What the worker was told was stored, over every trial.
#[derive(Default)]
struct Bevestigd {
    contacten: BTreeMap<u64, (u64, String)>,
    dossiers: Vec<u64>,
    audit: u64,
    herschreven: usize,
}

impl Bevestigd {
    fn lees(&mut self, line: &str) {
        let mut w = line.splitn(4, ' ');
        match (w.next(), w.next(), w.next(), w.next()) {
            (Some("contact"), Some(id), Some(rev), Some(vraag)) => {
                self.contacten.insert(id.parse().unwrap(), (rev.parse().unwrap(), vraag.to_string()));
            }
            (Some("case"), Some(id), ..) => self.dossiers.push(id.parse().unwrap()),
            (Some("audit"), Some(nr), ..) => self.audit = self.audit.max(nr.parse().unwrap()),
            (Some("herschreven"), ..) => self.herschreven += 1,
            _ => {}
        }
    }
}

#[derive(Default)]
struct Uitslag {
    proeven: usize,
    schendingen: Vec<String>,
    /// The confirmed records (and audit entries) found missing, each counted once over the run.
    verloren: std::collections::BTreeSet<String>,
    /// What was confirmed over the run: contacts, dossiers, audit entries, rewrites.
    bevestigd: (usize, usize, u64, usize),
    /// Disk-full trials, and those in which the worker's write failed on the full disk.
    schijf_vol: (usize, usize),
}

/// The checks after a kill, from the store; violations and records lost.
fn controleer(dir: &Path, b: &Bevestigd, u: &mut Uitslag, proef: &str) {
    let s = match SledStore::open(dir) {
        Ok(s) => s,
        Err(e) => {
            u.schendingen.push(format!("{proef}: de opslag opent niet: {e}"));
            return;
        }
    };
    let contacts: BTreeMap<u64, _> = s.contacts().unwrap().value.into_iter().map(|c| (c.id, c)).collect();
    let cases = s.cases().unwrap().value;
    for (id, (rev, vraag)) in &b.contacten {
        match contacts.get(id) {
            Some(c) if c.rev > *rev || c.rev == *rev && &c.vraag == vraag => {}
            _ => {
                u.verloren.insert(format!("contact {id}"));
                u.schendingen.push(format!("{proef}: contact {id} rev {rev} verloren"));
            }
        }
    }
    for id in &b.dossiers {
        if !cases.iter().any(|k| k.id == *id) {
            u.verloren.insert(format!("dossier {id}"));
            u.schendingen.push(format!("{proef}: dossier {id} verloren"));
        }
    }
    for k in &cases {
        let ok = contacts
            .get(&k.contact_id)
            .is_some_and(|c| c.status == Status::Afgesloten && matches!(c.afhandeling, Some(Afhandeling::Backoffice)));
        if !ok {
            u.schendingen.push(format!("{proef}: dossier {} zonder afgesloten, doorgezet contact", k.id));
        }
    }
    let bookings = s.bookings().unwrap().value;
    for (i, a) in bookings.iter().enumerate() {
        if !cases.iter().any(|k| k.id == a.case_id) {
            u.schendingen.push(format!("{proef}: afspraak zonder dossier ({})", a.case_id));
        }
        for o in &bookings[i + 1..] {
            if o.ondersteuner_id == a.ondersteuner_id && loket::store::overlaps((a.start, a.eind), (o.start, o.eind)) {
                u.schendingen.push(format!("{proef}: afspraken {} en {} overlappen", a.case_id, o.case_id));
            }
        }
    }
    match audit::controleer(&s.audit_raw().unwrap()) {
        Ok(regels) => {
            // every stored change has its entry: each dossier its creation, each closed
            // contact its close or handoff
            let heeft = |h: &Handeling, o: Onderwerp| regels.iter().any(|r| &r.handeling == h && r.onderwerp == o);
            for k in &cases {
                if !heeft(&Handeling::Aangemaakt, Onderwerp::Dossier(k.id)) {
                    u.schendingen.push(format!("{proef}: dossier {} zonder auditregel", k.id));
                }
            }
            for c in contacts.values().filter(|c| c.status == Status::Afgesloten) {
                let o = Onderwerp::Contact(c.id);
                if !heeft(&Handeling::Afgesloten, o) && !heeft(&Handeling::Doorgezet, o) {
                    u.schendingen.push(format!("{proef}: afgesloten contact {} zonder auditregel", c.id));
                }
            }
            let laatste = regels.last().map(|r| r.nr).unwrap_or(0);
            if laatste < b.audit {
                u.verloren.extend((laatste + 1..=b.audit).map(|nr| format!("auditregel {nr}")));
                u.schendingen.push(format!("{proef}: auditlogboek eindigt bij {laatste}, bevestigd {}", b.audit));
            }
        }
        Err(e) => u.schendingen.push(format!("{proef}: auditketen: {e}")),
    }
    drop(s);
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["audit", "--controleer", "--data-dir"])
        .arg(dir)
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env("LOKET_MEDEWERKER", "Proef")
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .env_remove("LOKET_STORINGSPUNT")
        .output()
        .unwrap();
    if !out.status.success() {
        u.schendingen
            .push(format!("{proef}: loket audit --controleer: {}", String::from_utf8_lossy(&out.stdout).trim()));
    }
}

/// `n` trials on one store: every other one at a named write point (in turn), the rest with
/// SIGKILL after a random 20–400 ms of work.
/// A tmpfs of its own for the store (root only), unmounted when dropped: the disk-full trials.
struct Tmpfs(std::path::PathBuf);

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn tmpfs(dir: &Path, size: &str) -> Option<Tmpfs> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then(|| Tmpfs(dir.to_path_buf()))
}

/// Fill the file system of `file` until it is full.
fn fill(file: &Path) {
    let mut f = std::fs::File::create(file).unwrap();
    let block = vec![0u8; 256 * 1024];
    while f.write_all(&block).is_ok() {}
    for _ in 0..256 {
        let _ = f.write_all(&[0u8; 1024]);
    }
    let _ = f.sync_all();
}

fn run_trials(n: usize) -> Uitslag {
    let base = tempfile::tempdir().unwrap();
    // on a small file system of its own where that can be mounted: every fourth trial fills it
    let vol = tmpfs(&base.path().join("mnt"), "96m");
    if vol.is_none() {
        println!("geen tmpfs te koppelen (geen root?): proeven met een volle schijf overgeslagen");
    }
    let dir = base.path().join("mnt").join("loket");
    let punten: Vec<&str> =
        loket::store::sled_store::HERSCHRIJF_PUNTEN.iter().copied().chain(PUNTEN.iter().copied()).collect();
    let mut b = Bevestigd::default();
    let mut u = Uitslag::default();
    let mut rng: u64 = 0x9e37_79b9_7f4a_7c15;
    for t in 0..n {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let punt = (t % 2 == 0).then(|| punten[(t / 2) % punten.len()]);
        let schijf_vol = vol.is_some() && t % 4 == 3;
        let proef =
            format!("proef {t} ({})", punt.unwrap_or(if schijf_vol { "schijf vol, dan kill -9" } else { "kill -9" }));
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.args(["--ignored", "--exact", "worker", "--nocapture", "--test-threads=1"])
            .env("LOKET_WORKER", "storing")
            .env("LOKET_WORKER_STORE", &dir)
            .env("LOKET_WORKER_SEED", (rng % 1_000_000).to_string())
            .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match punt {
            Some(p) => cmd.env("LOKET_STORINGSPUNT", p),
            None => cmd.env_remove("LOKET_STORINGSPUNT"),
        };
        let mut child = cmd.spawn().unwrap();
        let stdout = child.stdout.take().unwrap();
        let lines = std::thread::spawn(move || {
            std::io::BufReader::new(stdout).lines().map_while(|l| l.ok()).collect::<Vec<String>>()
        });
        let stderr = child.stderr.take().unwrap();
        let fouten = std::thread::spawn(move || {
            std::io::BufReader::new(stderr).lines().map_while(|l| l.ok()).collect::<Vec<String>>()
        });
        // a named point ends the worker by itself; else (or when it is not reached in time) SIGKILL
        let wacht = match punt {
            Some(_) => Duration::from_secs(20),
            None => Duration::from_millis(20 + rng % 380) + Duration::from_millis(150),
        };
        let mut eind = Instant::now() + wacht;
        while Instant::now() < eind && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(5));
        }
        let vulsel = base.path().join("mnt").join("vulsel");
        if schijf_vol {
            // the disk fills up under the working desk; its writes fail (and the worker stops)
            fill(&vulsel);
            eind = Instant::now() + Duration::from_millis(300);
            while Instant::now() < eind && child.try_wait().unwrap().is_none() {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        for l in lines.join().unwrap() {
            b.lees(&l);
        }
        if schijf_vol {
            std::fs::remove_file(&vulsel).unwrap();
        }
        let fouten = fouten.join().unwrap();
        if schijf_vol {
            u.schijf_vol.0 += 1;
            if fouten.iter().any(|l| l.contains("DiskFull") || l.contains("schijf is vol")) {
                u.schijf_vol.1 += 1;
            }
        }
        // with a full disk the worker stops at its first failed write (confirmed ones count)
        if let Some(p) = fouten.iter().position(|l| l.contains("panicked")).filter(|_| !schijf_vol) {
            u.schendingen.push(format!(
                "{proef}: de worker faalde: {}",
                fouten[p..].iter().take(3).cloned().collect::<Vec<_>>().join(" / ")
            ));
        }
        #[cfg(unix)]
        if punt.is_some() {
            use std::os::unix::process::ExitStatusExt;
            if status.signal() != Some(libc::SIGABRT) {
                u.schendingen.push(format!("{proef}: punt niet bereikt ({status:?})"));
            }
        }
        u.proeven += 1;
        controleer(&dir, &b, &mut u, &proef);
    }
    u.bevestigd = (b.contacten.len(), b.dossiers.len(), b.audit, b.herschreven);
    u
}

fn verslag(u: &Uitslag, duur: Duration) -> String {
    let (c, d, a, h) = u.bevestigd;
    let (v, g) = u.schijf_vol;
    format!(
        "proeven: {}, schendingen: {}, verloren: {}, duur: {:.0} s (schijf vol: {v} proeven, in {g} faalde een schrijfactie; bevestigd: {c} contacten, {d} dossiers, {a} auditregels, {h} herschrijvingen)",
        u.proeven,
        u.schendingen.len(),
        u.verloren.len(),
        duur.as_secs_f64()
    )
}

#[test]
fn storing_kort() {
    let t = Instant::now();
    let u = run_trials(30);
    println!("{}", verslag(&u, t.elapsed()));
    assert!(u.schendingen.is_empty(), "{}\n{}", verslag(&u, t.elapsed()), u.schendingen.join("\n"));
    // the trials did work the checks can see: contacts and audit entries confirmed by the worker
    assert!(u.bevestigd.0 > 0 && u.bevestigd.2 > 0, "{}", verslag(&u, t.elapsed()));
}

#[test]
#[ignore = "the long run (scripts/storing.sh): STORING_PROEVEN trials, 300 by default"]
fn storing_lang() {
    let n = std::env::var("STORING_PROEVEN").ok().and_then(|n| n.parse().ok()).unwrap_or(300);
    let t = Instant::now();
    let u = run_trials(n);
    println!("{}", verslag(&u, t.elapsed()));
    for s in &u.schendingen {
        println!("  {s}");
    }
    assert!(u.schendingen.is_empty());
}

//! Issue 18, "What to build 4", the shared database's part of the fault harness. On a PostgreSQL
//! cluster of its own (never the other tests' server), three worker processes (this test binary
//! again, `LOKET_WORKER=storing_pg`) do desks' work at once: drafts, typing, closes, and handoffs
//! that race for the same few times of the same supporters, each with its audit entries in its
//! transaction. Each trial ends one of three ways, in turn:
//! - `kill -9` of every desk at a random moment;
//! - the server crashes (`pg_ctl stop -m immediate`) under the working desks, and is started again;
//! - one desk ends itself abruptly at a named write point of the handoff (`LOKET_STORINGSPUNT`).
//!
//! After each trial the database is checked from what it holds, not from the harness's records:
//! - every write a desk was told was done is there (else: data lost);
//! - no case without a closed contact that says doorgezet;
//! - no booking without a case, no overlapping bookings of one supporter (the races);
//! - every dossier and every closed contact has its audit entry; the chain checks and is as long as
//!   the longest a desk was told; `loket audit --controleer` (the real binary) agrees.
//!
//! `storing_pg_kort` (CI) runs 30 trials; `scripts/storing.sh` runs `storing_pg_lang` as well
//! (`STORING_PROEVEN=N`, 300 by default).

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loket::domain::contact::{Afhandeling, Status};
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use loket::store::{BookResult, PgStore, Store, StoreError};

use common::cluster::Cluster;
use common::store::{closed, new_case, now};
use loket::domain::contact::{Contact, Kanaal, TriageBesluit, Uitkomst};

/// The named write points of a handoff on PostgreSQL (inside its transaction).
const PUNTEN: &[&str] = &["handoff:contact", "handoff:case", "handoff:claim"];

/// Desks at work at once in each trial.
const BALIES: usize = 3;

/// Time `i` of a trial's sixteen: two days of eight, the supporter by `i % 3`, so the desks of
/// one trial race for the same times; `basis` keeps trials apart.
fn slot(basis: u64, i: u64) -> Slot {
    let day = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap() + chrono::Duration::days((basis * 2 + i / 8) as i64);
    let start = day.and_hms_opt(9, 0, 0).unwrap() + chrono::Duration::minutes(45 * (i % 8) as i64);
    Slot {
        ondersteuner_id: ["grn-oa-1", "prv-mee-1", "prv-vip-1"][(i % 3) as usize].into(),
        start,
        eind: start + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: Plek::Balie,
    }
}

/// A complex draft, saved (as `common::store::complex_draft`, but a failed write is returned: the
/// server may have crashed).
fn draft(store: &dyn Store, balie: &str, vraag: &str) -> Result<Contact, StoreError> {
    let mut c = Contact::new(store.new_contact_id()?, Kanaal::Telefoon, now());
    c.vraag = vraag.into();
    c.medewerker = balie.into();
    c.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Complex,
        suggestie: Uitkomst::Complex,
        reden_afwijking: String::new(),
    });
    c.rev = store.save_contact(&c)?;
    Ok(c)
}

/// One desk's work, told line by line (`contact ID REV VRAAG`, `case ID`, `audit NR`) after the
/// database confirmed it. A failed write (the server crashed) ends it: nothing unconfirmed is
/// told. Without `LOKET_WORKER=storing_pg` it does nothing.
#[test]
#[ignore = "a desk of the shared database's fault harness; started by it"]
fn worker_pg() {
    if std::env::var("LOKET_WORKER").ok().as_deref() != Some("storing_pg") {
        return;
    }
    let url = std::env::var("LOKET_WORKER_DB").unwrap();
    let seed: u64 = std::env::var("LOKET_WORKER_SEED").unwrap().parse().unwrap();
    let basis: u64 = std::env::var("LOKET_WORKER_BASIS").unwrap().parse().unwrap();
    let balie = std::env::var("LOKET_WORKER_BALIE").unwrap();
    let mut out = std::io::stdout().lock();
    let mut say = |line: String| {
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    let Ok(store) = PgStore::connect(&url) else {
        say("geen verbinding".into());
        return;
    };
    let mut rng = seed | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    say("klaar".into());
    let stop = |e: StoreError| -> ! {
        println!("fout {e}");
        std::process::exit(0)
    };
    for n in 0.. {
        let mut c = draft(&store, &balie, &format!("vraag {seed} {n}")).unwrap_or_else(|e| stop(e));
        say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
        for k in 0..next() % 3 {
            c.vraag = format!("vraag {seed} {n} deel {k}");
            let log = [Gebeurtenis::new(now(), &balie, Handeling::Gewijzigd, Onderwerp::Contact(c.id))];
            c.rev = store.save_contact_gelogd(&c, &log).unwrap_or_else(|e| stop(e));
            say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
        }
        match next() % 3 {
            0 => {
                let log = |id: u64| {
                    vec![
                        Gebeurtenis::new(now(), &balie, Handeling::Doorgezet, Onderwerp::Contact(c.id)),
                        Gebeurtenis::new(now(), &balie, Handeling::Aangemaakt, Onderwerp::Dossier(id)),
                    ]
                };
                match store.handoff_gelogd(&closed(&c), &new_case(&c, &balie), &slot(basis, next() % 16), &log) {
                    Ok(BookResult::Booked(k)) => {
                        say(format!("case {}", k.id));
                        say(format!("contact {} {} {}", c.id, c.rev + 1, c.vraag));
                    }
                    // another desk took that time first: nothing of this handoff is stored
                    Ok(BookResult::Taken) | Err(StoreError::TijdBezet) => say(format!("bezet {}", c.id)),
                    Err(e) => stop(e),
                }
            }
            1 => {
                let mut d = c.clone();
                d.afhandeling = Some(Afhandeling::MeldingWmo);
                d.close(now()).unwrap();
                let log = [Gebeurtenis::new(now(), &balie, Handeling::Afgesloten, Onderwerp::Contact(d.id))];
                let rev = store.save_contact_gelogd(&d, &log).unwrap_or_else(|e| stop(e));
                say(format!("contact {} {} {}", d.id, rev, d.vraag));
            }
            _ => {}
        }
        let kop = store.audit_raw().unwrap_or_else(|e| stop(e)).kop.map(|k| k.0).unwrap_or(0);
        say(format!("audit {kop}"));
    }
}

/// What the desks were told was stored, over every trial.
#[derive(Default)]
struct Bevestigd {
    contacten: BTreeMap<u64, (u64, String)>,
    dossiers: Vec<u64>,
    audit: u64,
    /// Handoffs refused because another desk had taken the time (the races that happened).
    bezet: usize,
}

impl Bevestigd {
    fn lees(&mut self, line: &str) {
        let mut w = line.splitn(4, ' ');
        match (w.next(), w.next(), w.next(), w.next()) {
            (Some("contact"), Some(id), Some(rev), Some(vraag)) => {
                let (id, rev): (u64, u64) = (id.parse().unwrap(), rev.parse().unwrap());
                // several desks: keep the highest revision told
                if self.contacten.get(&id).is_none_or(|(r, _)| *r <= rev) {
                    self.contacten.insert(id, (rev, vraag.to_string()));
                }
            }
            (Some("case"), Some(id), ..) => self.dossiers.push(id.parse().unwrap()),
            (Some("audit"), Some(nr), ..) => self.audit = self.audit.max(nr.parse().unwrap()),
            (Some("bezet"), ..) => self.bezet += 1,
            _ => {}
        }
    }
}

#[derive(Default)]
struct Uitslag {
    proeven: usize,
    schendingen: Vec<String>,
    verloren: std::collections::BTreeSet<String>,
    /// Trials by how they ended: kill -9, server crash, named write point.
    soorten: [usize; 3],
}

fn controleer(url: &str, b: &Bevestigd, u: &mut Uitslag, proef: &str) {
    let s = match PgStore::connect(url) {
        Ok(s) => s,
        Err(e) => {
            u.schendingen.push(format!("{proef}: de database opent niet: {e}"));
            return;
        }
    };
    // the dossiers first: a handoff a killed desk had sent may still commit while this reads,
    // and a contact read after its dossier is at least as new as the dossier
    let cases = s.cases().unwrap().value;
    let contacts: BTreeMap<u64, _> = s.contacts().unwrap().value.into_iter().map(|c| (c.id, c)).collect();
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
    // the real binary, signed in as the functioneel beheerder the harness made
    let out = loket_cli(url, &["audit", "--controleer"], "Proef\n918273\n");
    if !out.status.success() {
        u.schendingen.push(format!(
            "{proef}: loket audit --controleer: {} {}",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
}

/// The real binary on the harness's database, with `stdin` typed in.
fn loket_cli(url: &str, args: &[&str], stdin: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .args(["--database", url, "--data-dir"])
        .arg(dir.path())
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env("LOKET_MEDEWERKER", "Proef")
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .env_remove("LOKET_STORINGSPUNT")
        .env_remove("LOKET_DATABASE_URL")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    c.wait_with_output().unwrap()
}

struct Balie {
    child: std::process::Child,
    lines: std::thread::JoinHandle<Vec<String>>,
    fouten: std::thread::JoinHandle<Vec<String>>,
}

fn start_balie(url: &str, nr: usize, seed: u64, basis: u64, punt: Option<&str>) -> Balie {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["--ignored", "--exact", "worker_pg", "--nocapture", "--test-threads=1"])
        .env("LOKET_WORKER", "storing_pg")
        .env("LOKET_WORKER_DB", url)
        .env("LOKET_WORKER_SEED", seed.to_string())
        .env("LOKET_WORKER_BASIS", basis.to_string())
        .env("LOKET_WORKER_BALIE", format!("Balie {nr}"))
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match punt {
        Some(p) => cmd.env("LOKET_STORINGSPUNT", p),
        None => cmd.env_remove("LOKET_STORINGSPUNT"),
    };
    let mut child = cmd.spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let lines =
        std::thread::spawn(move || std::io::BufReader::new(stdout).lines().map_while(|l| l.ok()).collect::<Vec<_>>());
    let stderr = child.stderr.take().unwrap();
    let fouten =
        std::thread::spawn(move || std::io::BufReader::new(stderr).lines().map_while(|l| l.ok()).collect::<Vec<_>>());
    Balie { child, lines, fouten }
}

fn wacht_tot(balies: &mut [Balie], eind: Instant) {
    while Instant::now() < eind && balies.iter_mut().any(|b| b.child.try_wait().unwrap().is_none()) {
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn run_trials(n: usize) -> Uitslag {
    let cluster =
        Cluster::new().expect("a throwaway PostgreSQL cluster (initdb, pg_ctl); PostgreSQL is installed here");
    let url = cluster.url();
    // the schema, made once before the desks start, and the functioneel beheerder whose sign-in
    // `loket audit --controleer` asks
    drop(PgStore::connect(&url).unwrap());
    let out = loket_cli(&url, &["account", "toevoegen", "Proef", "--rol", "functioneel-beheerder"], "918273\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut b = Bevestigd::default();
    let mut u = Uitslag::default();
    let mut rng: u64 = 0x2545_f491_4f6c_dd1d;
    for t in 0..n {
        let mut r = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        let soort = t % 3;
        let punt = (soort == 2).then(|| PUNTEN[(t / 3) % PUNTEN.len()]);
        let proef = format!(
            "proef {t} ({})",
            match soort {
                0 => "kill -9".to_string(),
                1 => "server crasht".to_string(),
                _ => format!("punt {}", punt.unwrap()),
            }
        );
        let mut balies: Vec<Balie> =
            (0..BALIES).map(|i| start_balie(&url, i + 1, r() % 1_000_000, t as u64, punt.filter(|_| i == 0))).collect();
        let werk = Duration::from_millis(300 + r() % 700);
        match soort {
            0 => wacht_tot(&mut balies, Instant::now() + werk),
            1 => {
                wacht_tot(&mut balies, Instant::now() + werk);
                assert!(cluster.stop(), "{proef}: pg_ctl stop -m immediate");
                // the desks meet the dead server and stop
                wacht_tot(&mut balies, Instant::now() + Duration::from_secs(5));
            }
            _ => {
                // the desk at the named point ends itself there; the others work on a little
                wacht_tot(&mut balies[..1], Instant::now() + Duration::from_secs(20));
                wacht_tot(&mut balies, Instant::now() + Duration::from_millis(200));
            }
        }
        for bl in &mut balies {
            let _ = bl.child.kill();
        }
        let mut gefaald = Vec::new();
        for (i, bl) in balies.into_iter().enumerate() {
            let status = bl.child.wait_with_output().map(|o| o.status);
            for l in bl.lines.join().unwrap() {
                b.lees(&l);
            }
            let fouten = bl.fouten.join().unwrap();
            if let Some(p) = fouten.iter().position(|l| l.contains("panicked")) {
                gefaald.push(format!(
                    "balie {}: {}",
                    i + 1,
                    fouten[p..].iter().take(3).cloned().collect::<Vec<_>>().join(" / ")
                ));
            }
            #[cfg(unix)]
            if i == 0 && punt.is_some() {
                use std::os::unix::process::ExitStatusExt;
                if status.as_ref().ok().and_then(|s| s.signal()) != Some(libc::SIGABRT) {
                    u.schendingen.push(format!("{proef}: punt niet bereikt ({status:?})"));
                }
            }
        }
        for g in gefaald {
            u.schendingen.push(format!("{proef}: een balie faalde: {g}"));
        }
        if soort == 1 {
            assert!(cluster.start(), "{proef}: the server starts again");
        }
        u.soorten[soort] += 1;
        u.proeven += 1;
        controleer(&url, &b, &mut u, &proef);
    }
    println!(
        "bevestigd: {} contacten, {} dossiers, {} auditregels; {} keer was een tijd al bezet door een andere balie",
        b.contacten.len(),
        b.dossiers.len(),
        b.audit,
        b.bezet
    );
    assert!(!b.contacten.is_empty() && !b.dossiers.is_empty() && b.audit > 0, "the trials did work the checks see");
    u
}

fn verslag(u: &Uitslag, duur: Duration) -> String {
    let [k, c, p] = u.soorten;
    format!(
        "PostgreSQL: proeven: {} (kill -9: {k}, server crasht: {c}, schrijfpunt: {p}), schendingen: {}, verloren: {}, duur: {:.0} s",
        u.proeven,
        u.schendingen.len(),
        u.verloren.len(),
        duur.as_secs_f64()
    )
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn storing_pg_kort() {
    let t = Instant::now();
    let u = run_trials(30);
    println!("{}", verslag(&u, t.elapsed()));
    assert!(u.schendingen.is_empty(), "{}\n{}", verslag(&u, t.elapsed()), u.schendingen.join("\n"));
}

#[test]
#[ignore = "the long run (scripts/storing.sh): STORING_PROEVEN trials, 300 by default"]
fn storing_pg_lang() {
    let n = std::env::var("STORING_PROEVEN").ok().and_then(|n| n.parse().ok()).unwrap_or(300);
    let t = Instant::now();
    let u = run_trials(n);
    println!("{}", verslag(&u, t.elapsed()));
    for s in &u.schendingen {
        println!("  {s}");
    }
    assert!(u.schendingen.is_empty());
}

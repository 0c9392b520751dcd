//! Many processes on one store: `kill -9` at every write point of a handoff (both backends), and
//! 8 desks + 2 backoffice processes sharing one PostgreSQL database for 30 s.
//!
//! The worker processes are this test binary again, started with `LOKET_WORKER` set; they run
//! the `worker` entry below (ignored in a normal run: it does nothing without that variable).

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loket::domain::case::Case;
use loket::domain::contact::{Contact, Status};
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::{BookResult, PgStore, SledStore, Store, StoreError};

use common::store::{closed, new_case, now};

fn complex_draft(store: &dyn Store, desk: &str, text: String) -> Contact {
    common::store::complex_draft(store, desk, &text)
}

fn open(spec: &str) -> Arc<dyn Store> {
    match spec.split_once(':').unwrap() {
        ("sled", path) => Arc::new(SledStore::open(Path::new(path)).unwrap()),
        (_, url) => Arc::new(PgStore::connect(url).unwrap()),
    }
}

/// Appointment `i` of a small grid of supporters; odd `shift`s overlap the even ones.
fn grid_slot(sup: usize, i: u32, shift: bool) -> Slot {
    let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap() + chrono::Duration::days(i64::from(i / 8));
    let start = day.and_hms_opt(9, 0, 0).unwrap()
        + chrono::Duration::minutes(45 * i64::from(i % 8) + if shift { 20 } else { 0 });
    Slot {
        ondersteuner_id: ["grn-oa-1", "prv-mee-1", "prv-vip-1"][sup % 3].into(),
        start,
        eind: start + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: Plek::Balie,
    }
}

/// The worker processes. Without `LOKET_WORKER` this does nothing (it is not a test itself).
#[test]
#[ignore = "a worker process for the tests in this file; started by them"]
fn worker() {
    let Ok(kind) = std::env::var("LOKET_WORKER") else { return };
    let store = open(&std::env::var("LOKET_WORKER_STORE").unwrap());
    let name = std::env::var("LOKET_WORKER_NAME").unwrap_or_default();
    let log_path = std::env::var("LOKET_WORKER_LOG").ok();
    let mut log = log_path.map(|p| std::fs::File::create(p).unwrap());
    let mut say = |line: String| {
        if let Some(f) = log.as_mut() {
            writeln!(f, "{line}").unwrap();
        }
    };
    match kind.as_str() {
        "handoff" => {
            let c = complex_draft(store.as_ref(), &name, "kill".into());
            println!("CONTACT {}", c.id);
            std::io::stdout().flush().unwrap();
            loket::store::arm_kill_point(std::env::var("LOKET_WORKER_KILL").ok().as_deref());
            let r = store.handoff(&closed(&c), &new_case(&c, &name), &grid_slot(0, 0, false)).unwrap();
            assert!(matches!(r, BookResult::Booked(_)));
            println!("DONE");
        }
        "desk" => {
            let secs: u64 = std::env::var("LOKET_WORKER_SECS").unwrap().parse().unwrap();
            let seed: u64 = std::env::var("LOKET_WORKER_SEED").unwrap().parse().unwrap();
            let mut rng = seed;
            let mut next = || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
            let end = Instant::now() + Duration::from_secs(secs);
            let mut n = 0;
            while Instant::now() < end {
                n += 1;
                let mut c = complex_draft(store.as_ref(), &name, format!("{name} vraag {n}"));
                say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
                // typing: a few more saves of the draft
                for k in 0..(next() % 3) {
                    c.vraag = format!("{name} vraag {n} deel {k}");
                    c.rev = store.save_contact(&c).unwrap();
                    say(format!("contact {} {} {}", c.id, c.rev, c.vraag));
                }
                if next() % 4 == 0 {
                    continue; // stays a draft
                }
                // hand off to a slot of a small grid, so desks race for the same times
                let mut tries = 0;
                loop {
                    tries += 1;
                    let s = grid_slot(next() as usize, (next() % 160) as u32, next() % 3 == 0);
                    match store.handoff(&closed(&c), &new_case(&c, &name), &s) {
                        Ok(BookResult::Booked(k)) => {
                            say(format!("case {} {} {}", k.id, k.rev, k.contact_id));
                            say(format!("contact {} {} {}", c.id, c.rev + 1, c.vraag));
                            break;
                        }
                        Ok(BookResult::Taken) => {
                            say("taken".into());
                            if tries > 20 {
                                break;
                            }
                        }
                        Err(e) => panic!("{name}: {e}"),
                    }
                }
            }
        }
        "backoffice" => {
            let secs: u64 = std::env::var("LOKET_WORKER_SECS").unwrap().parse().unwrap();
            let end = Instant::now() + Duration::from_secs(secs);
            let mut n = 0u64;
            while Instant::now() < end {
                let cases = store.cases().unwrap().value;
                // the same few open cases, so the two backoffice processes really collide
                let open: Vec<&Case> = cases.iter().filter(|c| c.is_open()).take(4).collect();
                let Some(base) = open.get((n % 4) as usize % open.len().max(1)).map(|c| (*c).clone()) else {
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                };
                n += 1;
                let mut mine = base.clone();
                mine.bijgewerkt_door = name.clone();
                let text = format!("{name} notitie {n}");
                mine.add_note(now(), &text);
                if n.is_multiple_of(7) {
                    let _ = mine.advance(now());
                }
                let mut attempt = (base, mine);
                loop {
                    match store.save_case(&attempt.1) {
                        Ok(rev) => {
                            say(format!("note {} {} {}", attempt.1.id, rev, text));
                            break;
                        }
                        Err(StoreError::Conflict { .. }) => {
                            say("stale".into());
                            let theirs = store.case(attempt.1.id).unwrap().unwrap();
                            let merged = match loket::domain::case_merge::merge(&attempt.0, &attempt.1, &theirs) {
                                Ok(mut m) => {
                                    m.rev = theirs.rev;
                                    m
                                }
                                Err(_) => {
                                    // a clash (both moved the step): keep the note only
                                    let mut keep = theirs.clone();
                                    keep.bijgewerkt_door = name.clone();
                                    keep.add_note(now(), &text);
                                    keep
                                }
                            };
                            attempt = (theirs, merged);
                        }
                        Err(e) => panic!("{name}: {e}"),
                    }
                }
            }
        }
        other => panic!("unknown worker {other}"),
    }
}

fn spawn(kind: &str, store: &str, name: &str, env: &[(&str, String)]) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args(["worker", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env("LOKET_WORKER", kind)
        .env("LOKET_WORKER_STORE", store)
        .env("LOKET_WORKER_NAME", name)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

/// Does the whole handoff of `contact_id` exist, or none of it? (Panics on anything in between.)
fn handoff_outcome(store: &dyn Store, contact_id: u64) -> bool {
    let contact = store.contact(contact_id).unwrap().expect("the draft was saved before the handoff");
    let cases: Vec<Case> = store.cases().unwrap().value.into_iter().filter(|k| k.contact_id == contact_id).collect();
    let claims: Vec<_> = store.bookings().unwrap().value;
    match cases.as_slice() {
        [] => {
            assert_eq!(contact.status, Status::Concept, "no case, so the contact must still be a draft");
            assert!(claims.is_empty(), "an orphan claim without a case: {claims:?}");
            false
        }
        [k] => {
            assert_eq!(contact.status, Status::Afgesloten, "a case whose contact is still a draft");
            assert!(claims.iter().any(|b| b.case_id == k.id), "a case without its claim");
            assert_eq!(claims.len(), 1);
            true
        }
        more => panic!("{} cases for one contact", more.len()),
    }
}

#[test]
fn kill_9_at_every_write_point_of_a_handoff_leaves_all_or_nothing() {
    let points = ["handoff:contact", "handoff:case", "handoff:claim", "handoff:commit", "handoff:committed"];
    type MakeStore = Box<dyn Fn() -> (String, Option<tempfile::TempDir>)>;
    let mut backends: Vec<(&str, MakeStore)> = vec![(
        "sled",
        Box::new(|| {
            let d = tempfile::tempdir().unwrap();
            (format!("sled:{}", d.path().display()), Some(d))
        }),
    )];
    backends.push((
        "postgres",
        Box::new(|| match common::pg::fresh_db("kill9") {
            Some(url) => (format!("pg:{url}"), None),
            None => (String::new(), None),
        }),
    ));
    for (name, make) in &backends {
        let mut seen = HashMap::new();
        for point in points {
            let (spec, _keep) = make();
            if spec.is_empty() {
                continue; // said by name in fresh_db
            }
            let out = spawn("handoff", &spec, "Anna", &[("LOKET_WORKER_KILL", point.to_string())])
                .wait_with_output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let id: u64 = stdout
                .lines()
                .find_map(|l| l.split_once("CONTACT ").map(|x| x.1))
                .unwrap_or_else(|| panic!("{name}/{point}: {stdout} {}", String::from_utf8_lossy(&out.stderr)))
                .trim()
                .parse()
                .unwrap();
            assert!(!stdout.contains("DONE"), "{name}/{point}: the process was not stopped at its write point");
            assert!(!out.status.success(), "{name}/{point}: killed");
            let store = open(&spec);
            let whole = handoff_outcome(store.as_ref(), id);
            seen.insert(point, whole);
            // and the store works on: the same slot can be booked now only if it is free
            let c = complex_draft(store.as_ref(), "Bert", "daarna".into());
            let r = store.handoff(&closed(&c), &new_case(&c, "Bert"), &grid_slot(0, 0, false)).unwrap();
            assert_eq!(matches!(r, BookResult::Taken), whole, "{name}/{point}");
        }
        if !seen.is_empty() {
            eprintln!("{name}: {seen:?}");
            assert!(seen.values().any(|w| *w), "{name}: 'everything written' was observed");
            assert!(seen.values().any(|w| !*w), "{name}: 'nothing written' was observed");
        }
    }
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn eight_desks_and_two_backoffices_share_one_database() {
    let Some(url) = common::pg::fresh_db("multi_desk") else { return };
    let secs: u64 = std::env::var("LOKET_MULTI_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(30);
    let spec = format!("pg:{url}");
    {
        let s = open(&spec);
        loket::cli::seed(s.as_ref()).unwrap();
    }
    let logs = tempfile::tempdir().unwrap();
    let mut children = Vec::new();
    for i in 0..10 {
        let (kind, name) = if i < 8 { ("desk", format!("balie{i}")) } else { ("backoffice", format!("co{i}")) };
        let log = logs.path().join(format!("{name}.log"));
        children.push((
            name.clone(),
            log.clone(),
            spawn(
                kind,
                &spec,
                &name,
                &[
                    ("LOKET_WORKER_SECS", secs.to_string()),
                    ("LOKET_WORKER_SEED", (i as u64 * 7919 + 13).to_string()),
                    ("LOKET_WORKER_LOG", log.display().to_string()),
                ],
            ),
        ));
    }
    let mut lines = Vec::new();
    for (name, log, child) in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        lines.extend(std::fs::read_to_string(log).unwrap().lines().map(str::to_string));
    }
    let store = open(&spec);
    // every acknowledged write, by record: the last revision and value
    let mut contacts: BTreeMap<u64, (u64, String)> = BTreeMap::new();
    let mut case_ids = Vec::new();
    let mut notes: HashMap<u64, Vec<String>> = HashMap::new();
    let (mut taken, mut stale) = (0, 0);
    for l in &lines {
        let mut p = l.splitn(4, ' ');
        match p.next().unwrap() {
            "contact" => {
                let id: u64 = p.next().unwrap().parse().unwrap();
                let rev: u64 = p.next().unwrap().parse().unwrap();
                let text = p.next().unwrap().to_string();
                let e = contacts.entry(id).or_insert((0, String::new()));
                if rev >= e.0 {
                    *e = (rev, text);
                }
            }
            "case" => case_ids.push(p.next().unwrap().parse::<u64>().unwrap()),
            "note" => {
                let id: u64 = p.next().unwrap().parse().unwrap();
                p.next();
                notes.entry(id).or_default().push(p.next().unwrap().to_string());
            }
            "taken" => taken += 1,
            "stale" => stale += 1,
            _ => {}
        }
    }
    // 0 duplicate ids
    let unique: HashSet<u64> = case_ids.iter().copied().collect();
    assert_eq!(unique.len(), case_ids.len(), "duplicate case ids");
    let stored_contacts = store.contacts().unwrap().value;
    let ids: HashSet<u64> = stored_contacts.iter().map(|c| c.id).collect();
    assert_eq!(ids.len(), stored_contacts.len());
    // 0 lost updates: every acknowledged write is there, with its last value
    let mut lost = 0;
    for (id, (rev, text)) in &contacts {
        match stored_contacts.iter().find(|c| c.id == *id) {
            Some(c) if c.rev == *rev && &c.vraag == text => {}
            _ => lost += 1,
        }
    }
    let cases = store.cases().unwrap().value;
    for (id, texts) in &notes {
        let c = cases.iter().find(|c| c.id == *id).expect("case");
        for t in texts {
            if !c.notities.iter().any(|n| &n.tekst == t) {
                lost += 1;
            }
        }
    }
    assert_eq!(lost, 0, "lost updates");
    assert_eq!(cases.len(), case_ids.len(), "every acknowledged handoff, and nothing else");
    // 0 overlapping bookings, and every case has its claim
    let b = store.bookings().unwrap().value;
    let mut overlaps = 0;
    for (i, x) in b.iter().enumerate() {
        for y in &b[i + 1..] {
            if x.ondersteuner_id == y.ondersteuner_id && x.start < y.eind && y.start < x.eind {
                overlaps += 1;
            }
        }
    }
    assert_eq!(overlaps, 0, "overlapping bookings");
    assert_eq!(b.len(), cases.len());
    let closed = stored_contacts.iter().filter(|c| c.status == Status::Afgesloten).count();
    assert_eq!(closed, cases.len(), "each closed contact has exactly one case");
    let note_count: usize = notes.values().map(Vec::len).sum();
    println!(
        "meerdere balies, {secs} s: {} contacten, {} overdrachten, {} notities; 0 dubbele ids, 0 verloren wijzigingen, 0 overlappende afspraken; geweigerd: {taken} claims (bezet), {stale} verouderde schrijfacties",
        stored_contacts.len(),
        cases.len(),
        note_count
    );
    assert!(taken > 0, "no claim was refused: the desks did not race");
    assert!(stale > 0, "no stale write was refused: the backoffices did not collide");
}

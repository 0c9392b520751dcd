//! The report over a year of a busy loket: 50 000 contacts and 8 000 dossiers (generated,
//! `loket::report::proef`), read from the store, counted, suppressed and written as JSON and
//! HTML, warm, in the process. Both backends: the embedded store (a temporary directory) and
//! PostgreSQL (LOKET_BENCH_DATABASE_URL, else the local cluster; skipped when none answers).
//!
//! `cargo bench --bench rapport` prints the median and the slowest of 10 runs per backend.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loket::domain::rapport::{Periode, Soort, Vraag, DREMPEL_STANDAARD};
use loket::store::migreer::{Alles, IdTellers};
use loket::store::{PgStore, SledStore, Store};

const CONTACTEN: usize = 50_000;
const DOSSIERS: usize = 8_000;
const RUNS: usize = 10;

fn vraag() -> Vraag {
    Vraag {
        periode: Periode::rond(Soort::Jaar, NaiveDate::from_ymd_opt(2026, 6, 1).unwrap()),
        vandaag: NaiveDate::from_ymd_opt(2026, 12, 31),
        ..Default::default()
    }
}

fn vul(store: &dyn Store) {
    let (contacts, cases) = loket::report::proef::genereer(2026, CONTACTEN, DOSSIERS, 24);
    let alles = Alles {
        tellers: IdTellers { contact: CONTACTEN as u64, dossier: DOSSIERS as u64 },
        contacts,
        cases,
        ..Default::default()
    };
    store.import_all(&alles).unwrap();
}

/// One report as `loket rapport` and the screen make it: read, count, suppress, format.
fn eenmaal(store: &dyn Store) -> (Duration, Duration) {
    let t0 = Instant::now();
    let contacts = store.contacts().unwrap().value;
    let cases = store.cases().unwrap().value;
    let gelezen = t0.elapsed();
    let (_, r) = loket::report::maak(&contacts, &cases, &vraag(), DREMPEL_STANDAARD);
    let json = loket::report::json(&r).to_string();
    let html = loket::report::html(&r);
    assert_eq!(contacts.len(), CONTACTEN);
    assert!(json.len() > 1000 && html.contains("<svg"));
    (gelezen, t0.elapsed())
}

fn meet(naam: &str, store: &dyn Store) {
    eenmaal(store); // warm
    let mut totaal = Vec::new();
    let mut lezen = Vec::new();
    for _ in 0..RUNS {
        let (l, t) = eenmaal(store);
        lezen.push(l);
        totaal.push(t);
    }
    totaal.sort();
    lezen.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "rapport {naam}: {CONTACTEN} contacten, {DOSSIERS} dossiers, een jaar: mediaan {:.0} ms (waarvan lezen {:.0} ms), traagste {:.0} ms",
        ms(totaal[RUNS / 2]),
        ms(lezen[RUNS / 2]),
        ms(totaal[RUNS - 1])
    );
    // Counting alone, without the store: the part the screen's thread never waits for either.
    let contacts = store.contacts().unwrap().value;
    let cases = store.cases().unwrap().value;
    let t0 = Instant::now();
    for _ in 0..RUNS {
        std::hint::black_box(loket::report::maak(&contacts, &cases, &vraag(), DREMPEL_STANDAARD));
    }
    println!("  tellen en afschermen alleen: {:.0} ms per keer", ms(t0.elapsed()) / RUNS as f64);
    let t0 = Instant::now();
    for c in &contacts {
        std::hint::black_box(c.triage());
    }
    println!("  triage van elk contact, één draad: {:.0} ms", ms(t0.elapsed()));
    let t0 = Instant::now();
    for c in &contacts {
        std::hint::black_box(loket::domain::danger::beoordeel(&c.vraag));
    }
    println!("  waarvan gevaarwoorden herkennen (danger::beoordeel), één draad: {:.0} ms", ms(t0.elapsed()));
}

fn fresh_pg(name: &str) -> Option<String> {
    let admin = std::env::var("LOKET_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!("host=/var/run/postgresql dbname=postgres user={}", std::env::var("USER").unwrap_or("root".into()))
    });
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).ok()?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).ok()?;
    c.batch_execute(&format!("CREATE DATABASE {name}")).ok()?;
    Some(admin.replace("dbname=postgres", &format!("dbname={name}")))
}

fn main() {
    // a test key for the BSN, never the user's own
    std::env::set_var("LOKET_BSN_SLEUTEL", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    let dir = tempfile::tempdir().unwrap();
    let sled = SledStore::open(dir.path()).unwrap();
    vul(&sled);
    meet("ingebouwde opslag (sled)", &sled);
    drop(sled);
    match fresh_pg("loket_bench_rapport") {
        Some(url) => {
            let pg = PgStore::connect(&url).unwrap();
            vul(&pg);
            meet("PostgreSQL", &pg);
        }
        None => println!("rapport PostgreSQL: overgeslagen (geen database bereikbaar)"),
    }
}

//! The shared store over loopback: `cargo bench --bench shared`.
//! - start-up with a 100k-entry map in PostgreSQL: connect + what comes before the first frame,
//!   and the time until the map is searchable;
//! - a handoff round trip (claim + case + closed contact, one transaction), p50/p99;
//! - handoff-to-visible at another desk (NOTIFY → the other desk has re-read the case), p50/p99.
//!
//! Uses LOKET_BENCH_DATABASE_URL, else the local cluster (as the tests start it).

use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use loket::domain::case::{Case, Route};
use loket::domain::contact::{Afhandeling, Contact, Kanaal, TriageBesluit, Uitkomst};
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::{BookResult, Change, PgStore, Store};

fn pct(mut v: Vec<Duration>, p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn fresh(name: &str) -> Option<String> {
    let admin = std::env::var("LOKET_BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!("host=/var/run/postgresql dbname=postgres user={}", std::env::var("USER").unwrap_or("root".into()))
    });
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).ok()?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).ok()?;
    c.batch_execute(&format!("CREATE DATABASE {name}")).ok()?;
    Some(admin.replace("dbname=postgres", &format!("dbname={name}")))
}

fn handoff(store: &dyn Store, i: u32) -> Case {
    let now = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let mut c = Contact::new(store.new_contact_id().unwrap(), Kanaal::Telefoon, now);
    c.vraag = "meting".into();
    c.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Complex,
        suggestie: Uitkomst::Complex,
        reden_afwijking: String::new(),
    });
    c.rev = store.save_contact(&c).unwrap();
    c.afhandeling = Some(Afhandeling::Backoffice);
    c.close(now).unwrap();
    let start = now + chrono::Duration::minutes(45 * i64::from(i));
    let slot = Slot {
        ondersteuner_id: "grn-oa-1".into(),
        start,
        eind: start + chrono::Duration::minutes(45),
        locatie: "x".into(),
        plek: Plek::Balie,
    };
    let k = Case::new(0, c.id, "", Route::Clientondersteuning, "meting", true, now);
    match store.handoff(&c, &k, &slot).unwrap() {
        BookResult::Booked(k) => *k,
        BookResult::Taken => panic!("taken"),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let Some(url) = fresh("loket_bench_shared") else {
        eprintln!("geen PostgreSQL bereikbaar: meting overgeslagen");
        return;
    };
    let n: usize = std::env::var("LOKET_BENCH_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    {
        let s = PgStore::connect(&url).unwrap();
        loket::cli::seed(&s).unwrap();
        let t = Instant::now();
        s.kaart_write(&loket::catalog::synth::generate(n, 1)).unwrap();
        println!("kaart van {n} geschreven in {:.1} s", t.elapsed().as_secs_f64());
    }
    // start-up, three times
    for run in 1..=3 {
        let t = Instant::now();
        let s: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
        let msgs = loket::app::run::startup(s.as_ref());
        let first = t.elapsed();
        let l = s.kaart_load(&mut |_| {}).unwrap();
        let cat = loket::catalog::Catalog::build(l.value);
        let searchable = t.elapsed();
        println!(
            "start {run}: eerste beeld na {} ({} berichten), doorzoekbaar na {} ({} items)",
            ms(first),
            msgs.len(),
            ms(searchable),
            cat.len()
        );
    }
    // handoff round trip
    let a: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
    let mut rt = Vec::new();
    for i in 0..300 {
        let t = Instant::now();
        handoff(a.as_ref(), i);
        rt.push(t.elapsed());
    }
    println!("overdracht heen en terug (300×): p50 {}  p99 {}", ms(pct(rt.clone(), 0.5)), ms(pct(rt, 0.99)));
    // handoff to visible at another desk
    let b: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
    let (tx, rx) = mpsc::channel();
    let b2 = b.clone();
    b.watch(Box::new(move |c| {
        if let Change::Case(id) = c {
            let _ = b2.case(id);
            let _ = tx.send((id, Instant::now()));
        }
    }));
    std::thread::sleep(Duration::from_millis(500));
    let mut vis = Vec::new();
    for i in 300..500 {
        let t = Instant::now();
        let k = handoff(a.as_ref(), i);
        loop {
            let (id, at) = rx.recv_timeout(Duration::from_secs(5)).expect("the other desk saw it");
            if id == k.id {
                vis.push(at - t);
                break;
            }
        }
    }
    println!(
        "overdracht tot zichtbaar bij een andere balie (200×): p50 {}  p99 {}",
        ms(pct(vis.clone(), 0.5)),
        ms(pct(vis, 0.99))
    );
}

//! The map's record count kept in the store's metadata (issue 9, "cheap bookkeeping"), on both
//! backends: every write of records keeps it in the same transaction, a rewrite of existing
//! records leaves it, and a store written before the count was kept gets it counted once.

mod common;

use std::process::Command;
use std::sync::Arc;

use chrono::NaiveDate;
use loket::catalog::synth;
use loket::domain::beheer::{Beheer, Record};
use loket::domain::kaart::Kaart;
use loket::store::{kaartbeheer, PgStore, SledStore, Store};

fn at(h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

fn len(k: &Kaart) -> usize {
    k.organisaties.len() + k.voorzieningen.len() + k.regelingen.len()
}

/// The records a full read of the store finds (none may be unreadable here).
fn loaded(store: &dyn Store) -> usize {
    let l = store.kaart_load(&mut |_| {}).unwrap();
    assert!(l.skipped.is_empty(), "{:?}", l.skipped);
    len(&l.value)
}

/// The kept count, checked against a full read of the map.
fn count(name: &str, store: &dyn Store) -> usize {
    let n = store.kaart_count().unwrap();
    assert_eq!(n, loaded(store), "{name}: kept count against the records read");
    n
}

fn loket(args: &[&str], dir: &std::path::Path, database: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.args(args).arg("--data-dir").arg(dir);
    if let Some(url) = database {
        cmd.arg("--database").arg(url);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "loket {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn every_write_of_the_map_keeps_the_record_count() {
    let dir = tempfile::tempdir().unwrap();
    let mut backends: Vec<(&str, Arc<dyn Store>)> = vec![("sled", Arc::new(SledStore::open(dir.path()).unwrap()))];
    if let Some(url) = common::pg::fresh_db("telling") {
        backends.push(("postgres", Arc::new(PgStore::connect(&url).unwrap())));
    }
    for (name, store) in backends {
        let store = store.as_ref();
        assert_eq!(count(name, store), 0, "{name}: empty");
        let demo = loket::demo::demo_kaart();
        assert!(store.kaart_seed_once(&demo).unwrap());
        assert_eq!(count(name, store), len(&demo), "{name}: after seeding");

        // an import adding records
        let extra = synth::generate(200, 7);
        store.kaart_write(&extra).unwrap();
        let n = len(&demo) + len(&extra);
        assert_eq!(count(name, store), n, "{name}: after adding");

        // the same records again, changed: replaced by id, not added
        let mut again = extra.clone();
        for v in &mut again.voorzieningen {
            v.naam.push_str(" (nieuw)");
        }
        store.kaart_write(&again).unwrap();
        assert_eq!(count(name, store), n, "{name}: after a rewrite");

        // one new and one existing record in one write: only the new one counts
        let mut mixed = Kaart::default();
        let mut new_v = extra.voorzieningen[0].clone();
        new_v.id = "telling-nieuw-1".into();
        mixed.voorzieningen = vec![extra.voorzieningen[1].clone(), new_v];
        store.kaart_write(&mixed).unwrap();
        assert_eq!(count(name, store), n + 1, "{name}: one of two new");

        // beheer: an edit of an existing entry (as stored now: an edit of an older copy is
        // refused, issue 18), then a new entry, then an archive
        let r = Record::Voorziening(again.voorzieningen[2].clone());
        let mut form = loket::domain::beheer::velden(&r);
        form.iter_mut().find(|v| v.naam == "naam").unwrap().waarde = "Andere naam".into();
        let changed = loket::domain::beheer::toepassen(&r, &form, &|_| true).unwrap();
        store
            .beheer_schrijf(
                &kaartbeheer::gewijzigd(Some(&r), &changed, &Beheer::new(&r.sleutel()), "Kees", at(9)).unwrap(),
            )
            .unwrap();
        assert_eq!(count(name, store), n + 1, "{name}: after an edit");
        let mut nieuw = extra.voorzieningen[3].clone();
        nieuw.id = "telling-nieuw-2".into();
        let nieuw = Record::Voorziening(nieuw);
        store
            .beheer_schrijf(
                &kaartbeheer::gewijzigd(None, &nieuw, &Beheer::new(&nieuw.sleutel()), "Kees", at(10)).unwrap(),
            )
            .unwrap();
        assert_eq!(count(name, store), n + 2, "{name}: after a new entry");
        store
            .beheer_schrijf(
                &kaartbeheer::vervallen(&nieuw, &Beheer::new(&nieuw.sleutel()), "Kees", at(11), "opgeheven").unwrap(),
            )
            .unwrap();
        assert_eq!(count(name, store), n + 2, "{name}: an archived entry stays stored and counted");

        // a second seeding writes nothing
        assert!(!store.kaart_seed_once(&demo).unwrap());
        assert_eq!(count(name, store), n + 2, "{name}: seeded once");
    }
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_key_twice_in_one_write_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut backends: Vec<(&str, Arc<dyn Store>)> = vec![("sled", Arc::new(SledStore::open(dir.path()).unwrap()))];
    if let Some(url) = common::pg::fresh_db("telling_dubbel") {
        backends.push(("postgres", Arc::new(PgStore::connect(&url).unwrap())));
    }
    for (name, store) in backends {
        let k = synth::generate(3, 1);
        // the same organisation in two writes, and once more beside new regelingen
        store.kaart_write(&Kaart { organisaties: k.organisaties.clone(), ..Default::default() }).unwrap();
        store
            .kaart_write(&Kaart {
                organisaties: k.organisaties.clone(),
                regelingen: k.regelingen.clone(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(count(name, store.as_ref()), k.organisaties.len() + k.regelingen.len(), "{name}");
    }
}

#[test]
fn loket_genereer_keeps_the_record_count() {
    let dir = tempfile::tempdir().unwrap();
    let url = common::pg::fresh_db("telling_genereer");
    let demo = len(&loket::demo::demo_kaart());
    // 25 000 voorzieningen: two parts of the stream (20 000 each), two transactions
    let mut targets: Vec<Option<&str>> = vec![None];
    if url.is_some() {
        targets.push(url.as_deref());
    }
    for database in targets {
        let name = if database.is_some() { "postgres" } else { "sled" };
        loket(&["genereer", "25000"], dir.path(), database);
        let store: Arc<dyn Store> = match database {
            Some(u) => Arc::new(PgStore::connect(u).unwrap()),
            None => Arc::new(SledStore::open(dir.path()).unwrap()),
        };
        let n = 25_000 + 25_000 / 20 + 25_000 / 100;
        assert_eq!(count(name, store.as_ref()), demo + n, "{name}: demo plus the generated map");
        drop(store);
        // the same map again (same seed): replaced, not added
        loket(&["genereer", "25000"], dir.path(), database);
        let store: Arc<dyn Store> = match database {
            Some(u) => Arc::new(PgStore::connect(u).unwrap()),
            None => Arc::new(SledStore::open(dir.path()).unwrap()),
        };
        assert_eq!(count(name, store.as_ref()), demo + n, "{name}: generated twice");
    }
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn migreer_carries_the_record_count_both_ways() {
    let Some(url) = common::pg::fresh_db("telling_migreer") else { return };
    let from_dir = tempfile::tempdir().unwrap();
    let sled = SledStore::open(from_dir.path()).unwrap();
    loket::cli::seed(&sled).unwrap();
    sled.kaart_write(&synth::generate(300, 3)).unwrap();
    let n = count("sled", &sled);
    let pg = PgStore::connect(&url).unwrap();
    loket::store::migreer::copy(&sled, &pg, "Beheer", at(9)).unwrap();
    assert_eq!(count("postgres (copy)", &pg), n);
    let back_dir = tempfile::tempdir().unwrap();
    let back = SledStore::open(back_dir.path()).unwrap();
    loket::store::migreer::copy(&pg, &back, "Beheer", at(10)).unwrap();
    assert_eq!(count("sled (copy back)", &back), n);
}

#[test]
fn an_embedded_store_of_layout_2_gets_its_record_count_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    loket::cli::seed(&s).unwrap();
    s.kaart_write(&synth::generate(500, 5)).unwrap();
    let n = loaded(&s);
    // what loket before the kept count left: layout 2, no count
    s.raw_del_for_test("kaart", b"m/aantal");
    s.raw_put("meta", b"layout", &2u64.to_be_bytes()).unwrap();
    assert_eq!(s.raw_get("kaart", b"m/aantal").unwrap(), None);
    drop(s);
    let s = SledStore::open(dir.path()).unwrap();
    assert_eq!(s.kaart_count().unwrap(), n, "counted once at open");
    assert_eq!(s.raw_get("meta", b"layout").unwrap(), Some(loket::store::sled_store::LAYOUT.to_be_bytes().to_vec()));
    assert_eq!(loket::store::sled_store::LAYOUT, 4, "layout 4 names the map's tree in meta; a layout-2 store has none");
    // and kept from then on
    s.kaart_write(&Kaart {
        voorzieningen: vec![loket::domain::kaart::Voorziening { id: "na-migratie".into(), ..Default::default() }],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(count("sled", &s), n + 1);
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_database_at_schema_5_gets_its_record_count_from_migration_6() {
    let Some(url) = common::pg::fresh_db("telling_schema5") else { return };
    let pg = PgStore::connect(&url).unwrap();
    loket::cli::seed(&pg).unwrap();
    pg.kaart_write(&synth::generate(500, 5)).unwrap();
    let n = loaded(&pg);
    drop(pg);
    // what loket before migration 6 left
    let mut c = common::pg::client(&url);
    c.batch_execute("DELETE FROM meta WHERE sleutel = 'kaart_aantal'; DELETE FROM loket_schema WHERE versie = 6")
        .unwrap();
    assert_eq!(PgStore::schema_bijwerken(&url).unwrap(), vec![6]);
    let pg = PgStore::connect(&url).unwrap();
    assert_eq!(pg.kaart_count().unwrap(), n, "counted by migration 6");
    let v: Vec<i32> =
        c.query("SELECT versie FROM loket_schema ORDER BY versie", &[]).unwrap().iter().map(|r| r.get(0)).collect();
    assert!(v.contains(&6), "{v:?}");
    pg.kaart_write(&Kaart {
        voorzieningen: vec![loket::domain::kaart::Voorziening { id: "na-migratie".into(), ..Default::default() }],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(count("postgres", &pg), n + 1);
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn two_desks_adding_records_at_once_keep_an_exact_count() {
    let Some(url) = common::pg::fresh_db("telling_samen") else { return };
    let a = Arc::new(PgStore::connect(&url).unwrap());
    let b = Arc::new(PgStore::connect(&url).unwrap());
    let k = synth::generate(2000, 9);
    // both write the same records, overlapping in time: each record counts once
    let t = {
        let (a, k) = (a.clone(), k.clone());
        std::thread::spawn(move || {
            for part in k.voorzieningen.chunks(250) {
                a.kaart_write(&Kaart { voorzieningen: part.to_vec(), ..Default::default() }).unwrap();
            }
        })
    };
    for part in k.voorzieningen.chunks(250).rev() {
        b.kaart_write(&Kaart { voorzieningen: part.to_vec(), ..Default::default() }).unwrap();
    }
    t.join().unwrap();
    assert_eq!(count("postgres", a.as_ref()), k.voorzieningen.len());
}

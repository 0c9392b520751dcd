//! The search snapshot (issue 9): the same ranking from the mapped file as from a fresh index;
//! rebuilt when the map changed after it was written; a corrupt or truncated file is detected,
//! never trusted, and rebuilt; `loket zoek` reads it while another process holds the store;
//! the overlay shows changed entries without a rebuild.

use std::path::Path;

use loket::catalog::snapshot::{self, Fout, Snapshot};
use loket::catalog::{Catalog, Filters};
use loket::domain::kaart::Kaart;
use loket::search::{Results, Searcher};
use loket::store::{SledStore, Store};
use loket::zoekindex::{self, Herkomst};

const QUERIES: &[&str] = &[
    "dagbest",
    "dagbest hoensbroek",
    "oudernadviseur",
    "huish hulp gron",
    "taxi",
    "mantelz winsum",
    "parkeerk",
    "thuiszorg",
    "d",
    "da",
    "zwemmen senioren",
    "qqqq",
    "schuldhulp",
    "",
];

/// The demo map plus synthetic records, so postings are long and words many.
fn map() -> Kaart {
    common::demo_plus_synthetic()
}

fn ids_of_snapshot(snap: &Snapshot, r: &Results) -> Vec<(String, i32)> {
    r.hits.iter().map(|h| (snap.row(h.doc).id.to_string(), h.score)).collect()
}

fn ids_of_catalog(cat: &Catalog, r: &Results) -> Vec<(String, i32)> {
    r.hits.iter().map(|h| (cat.entry(cat.doc(h.doc)).id().to_string(), h.score)).collect()
}

#[test]
fn a_query_ranks_the_same_from_the_snapshot_file_as_from_a_fresh_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(snapshot::FILE_NAME);
    let cat = Catalog::build(map());
    snapshot::write(&path, &cat, 42).unwrap();
    let snap = snapshot::open(&path).unwrap();
    assert_eq!(snap.versie, 42);
    assert_eq!(snap.len(), cat.len());
    let (mut a, mut b) = (Searcher::default(), Searcher::default());
    for q in QUERIES {
        for limit in [1, 10, 200] {
            let fresh = cat.search(&mut a, q, &Filters::default(), limit);
            let mapped = b.search(&snap.index, q, &|_| true, limit);
            assert_eq!(ids_of_snapshot(&snap, &mapped), ids_of_catalog(&cat, &fresh), "query {q:?}, limit {limit}");
            assert_eq!((mapped.total, mapped.partial), (fresh.total, fresh.partial), "query {q:?}");
        }
    }
    // The rows show what `loket zoek` shows from the full records.
    for q in ["dagbest", "taxi", "zwemmen senioren"] {
        let from_records = loket::cli::zoek(&cat, q, 20);
        let from_snapshot = loket::cli::zoek_snapshot(&snap, q, 20, &Default::default());
        assert_eq!(
            loket::cli::format_hits(&from_snapshot, true),
            loket::cli::format_hits(&from_records, true),
            "query {q:?}"
        );
    }
}

fn seeded_store(dir: &Path) -> SledStore {
    let store = SledStore::open(dir).unwrap();
    loket::cli::seed(&store).unwrap();
    store
}

fn top_names(snap: &Snapshot, q: &str) -> Vec<String> {
    let mut s = Searcher::default();
    let r = s.search(&snap.index, q, &|_| true, 10);
    r.hits.iter().map(|h| snap.row(h.doc).naam.to_string()).collect()
}

#[test]
fn the_snapshot_is_rebuilt_when_an_import_changed_the_map_after_it_was_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let path = zoekindex::path_for(dir.path(), None);
    let (snap, how) = zoekindex::current(&store, &path).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(ref r) if r.contains("ontbreekt")), "{how:?}");
    assert!(top_names(&snap, "pluimveehouderij").is_empty());
    drop(snap);
    let (_, how) = zoekindex::current(&store, &path).unwrap();
    assert_eq!(how, Herkomst::Actueel);
    let old_versie = snapshot::peek_versie(&path).unwrap();

    // An HSDS import (one transaction) changes the map; the file on disk is now the old one.
    let import = dir.path().join("import.json");
    std::fs::write(&import, hsds_service("svc-kip", "Cursus pluimveehouderij voor senioren")).unwrap();
    let report = loket::interchange::import_path(&store, &import, &Default::default()).unwrap();
    assert!(report.written, "{:?}", report.errors);
    assert_eq!(snapshot::peek_versie(&path), Some(old_versie), "the import itself leaves the file alone");

    let (snap, how) = zoekindex::current(&store, &path).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(ref r) if r.contains("verouderd")), "{how:?}");
    assert_eq!(snap.versie, store.kaart_versie().unwrap());
    assert!(snap.versie > old_versie);
    assert_eq!(top_names(&snap, "pluimveehouderij"), vec!["Cursus pluimveehouderij voor senioren".to_string()]);
    // and the file on disk was replaced
    assert_eq!(snapshot::peek_versie(&path), Some(snap.versie));
}

fn hsds_service(id: &str, name: &str) -> String {
    format!(
        r#"{{"id":"{id}","organization_id":"org-kip","name":"{name}","description":"Leren over kippen.","status":"",
            "organization":{{"id":"org-kip","name":"Stichting Kip","description":"test"}}}}"#
    )
}

/// Damage the file in several ways; each is detected by `open`, and `current` rebuilds it.
#[test]
fn a_corrupt_or_truncated_snapshot_is_detected_never_trusted_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded_store(dir.path());
    let path = zoekindex::path_for(dir.path(), None);
    zoekindex::current(&store, &path).unwrap();
    let good = std::fs::read(&path).unwrap();
    let expected = top_names(&snapshot::open(&path).unwrap(), "dagbest");
    assert!(!expected.is_empty());

    let mut flipped_body = good.clone();
    let mid = good.len() / 2;
    flipped_body[mid] ^= 0x40;
    let mut flipped_header = good.clone();
    flipped_header[20] ^= 1; // the versie
    let mut wrong_table = good.clone();
    wrong_table[60] ^= 0x10; // a section offset
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("one bit in the middle", flipped_body),
        ("versie in the header", flipped_header),
        ("section table", wrong_table),
        ("truncated", good[..good.len() - 100].to_vec()),
        ("truncated to the header", good[..100].to_vec()),
        ("empty", Vec::new()),
        ("longer", [good.as_slice(), &[0u8; 64]].concat()),
        ("not a snapshot", b"dit is geen zoekindex".repeat(50)),
    ];
    for (what, bytes) in cases {
        std::fs::write(&path, &bytes).unwrap();
        match snapshot::open(&path) {
            Err(Fout::Beschadigd(_)) => {}
            other => panic!("{what}: not detected: {other:?}"),
        }
        let (snap, how) = zoekindex::current(&store, &path).unwrap();
        assert!(matches!(how, Herkomst::Herbouwd(ref r) if r.contains("beschadigd")), "{what}: {how:?}");
        assert_eq!(top_names(&snap, "dagbest"), expected, "{what}");
        assert_eq!(std::fs::read(&path).unwrap().len(), good.len(), "{what}: file rewritten whole");
        assert!(snapshot::open(&path).is_ok(), "{what}: the rewritten file is intact");
    }
}

#[test]
fn loket_zoek_reads_the_snapshot_while_another_process_holds_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_loket");
    let zoek = |q: &str| {
        std::process::Command::new(bin)
            .args(["--data-dir", dir.path().to_str().unwrap(), "zoek", q])
            .env_remove("LOKET_DATABASE_URL")
            .output()
            .unwrap()
    };
    // First run: builds the snapshot.
    let first = zoek("dagbest");
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    // Now this test process holds the store's lock, as an open TUI does.
    let store = SledStore::open(dir.path()).unwrap();
    let locked = zoek("dagbest");
    assert!(locked.status.success(), "{}", String::from_utf8_lossy(&locked.stderr));
    assert_eq!(String::from_utf8_lossy(&locked.stdout), String::from_utf8_lossy(&first.stdout));
    assert!(String::from_utf8_lossy(&locked.stdout).contains("Dagbesteding"));
    // A damaged snapshot is not used; while the store is held, that is said in Dutch.
    let path = zoekindex::path_for(dir.path(), None);
    let mut bytes = std::fs::read(&path).unwrap();
    let n = bytes.len();
    bytes[n - 10] ^= 0xff;
    std::fs::write(&path, &bytes).unwrap();
    let damaged = zoek("dagbest");
    assert!(!damaged.status.success());
    let err = String::from_utf8_lossy(&damaged.stderr);
    assert!(err.contains("zoekindex") && err.contains("beschadigd"), "{err}");
    assert!(damaged.stdout.is_empty());
    drop(store);
    // With the store free again, zoek rebuilds it.
    let again = zoek("dagbest");
    assert!(again.status.success());
    assert_eq!(String::from_utf8_lossy(&again.stdout), String::from_utf8_lossy(&first.stdout));
    assert!(snapshot::open(&path).is_ok());
}

#[test]
fn the_overlay_finds_a_changed_entry_by_its_new_name_without_a_rebuild_and_ranks_like_one() {
    let kaart = map();
    let cat = Catalog::build(kaart.clone());
    let mut changed = Kaart::default();
    let mut v = kaart.voorzieningen.iter().find(|v| v.naam.contains("Dagbesteding")).unwrap().clone();
    let old_name = v.naam.clone();
    v.naam = "Zwemclub Waterpret voor ouderen".into();
    changed.voorzieningen.push(v.clone());
    let mut new = kaart.voorzieningen[5].clone();
    new.id = "nieuw-1".into();
    new.naam = "Dagbesteding Waterpret".into();
    changed.voorzieningen.push(new);
    let over = cat.with_changes(changed.clone(), 9);
    assert_eq!(over.versie, 9);
    assert_eq!(over.overlay_len(), 2);
    assert_eq!(over.len(), cat.len() + 1);
    // What a full rebuild of the changed map gives.
    let mut whole = kaart.clone();
    let i = whole.voorzieningen.iter().position(|x| x.id == v.id).unwrap();
    whole.voorzieningen[i] = v.clone();
    whole.voorzieningen.push(changed.voorzieningen[1].clone());
    let rebuilt = Catalog::build(whole);
    let (mut a, mut b) = (Searcher::default(), Searcher::default());
    for q in ["waterpret", "zwemclub ouderen", "dagbest", "dagbest waterpret", "ouderen", "taxi"] {
        let o = over.search(&mut a, q, &Filters::default(), 50);
        let r = rebuilt.search(&mut b, q, &Filters::default(), 50);
        let mut oi = ids_of_catalog(&over, &o);
        let mut ri = ids_of_catalog(&rebuilt, &r);
        assert_eq!((o.total, o.partial), (r.total, r.partial), "{q}");
        // Same entries with the same scores; equal scores may be ordered differently, as
        // overlay entries come after the base.
        assert_eq!(oi.iter().map(|x| x.1).collect::<Vec<_>>(), ri.iter().map(|x| x.1).collect::<Vec<_>>(), "{q}");
        if o.total <= 50 {
            oi.sort();
            ri.sort();
            assert_eq!(oi, ri, "{q}");
        }
    }
    let top = over.search(&mut a, "zwemclub waterpret", &Filters::default(), 3);
    assert_eq!(over.entry(over.doc(top.hits[0].doc)).id(), v.id);
    // The old name is gone from the results (other entries may share it).
    let count = |c: &Catalog, s: &mut Searcher| {
        let r = c.search(s, &old_name, &Filters::default(), 200);
        r.hits.iter().filter(|h| c.entry(c.doc(h.doc)).naam() == old_name).count()
    };
    assert_eq!(count(&over, &mut a), count(&rebuilt, &mut b));
    assert_eq!(count(&over, &mut a) + 1, count(&cat, &mut b), "the changed entry no longer has its old name");
    // found by id as the new version
    assert_eq!(over.entry(over.find(&v.id).unwrap()).naam(), "Zwemclub Waterpret voor ouderen");
}

mod common;

/// Issue 8 item 4 and issue 9: a voorziening changed at one desk (PostgreSQL) is searchable by
/// its new name at another desk within 2 s, through the overlay: the other desk's index is not
/// built again.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_change_from_another_desk_is_found_by_its_new_name_through_the_overlay() {
    use loket::app::{run, update, Msg, State};
    use loket::store::{Change, PgStore};
    use std::sync::Arc;
    use std::time::{Duration, Instant};
    let Some(url) = common::pg::fresh_db("overlay_other_desk") else { return };
    let a = PgStore::connect(&url).unwrap();
    loket::cli::seed(&a).unwrap();
    let b = PgStore::connect(&url).unwrap();

    // Desk B has the map loaded, as its TUI does at start.
    let mut state = State::new(Arc::new(loket::keymap::Keymap::standard()), common::monday_morning());
    let mut base = Catalog::build(loket::store::kaart::load(&b, &mut |_| {}).unwrap());
    base.versie = b.kaart_versie().unwrap();
    let base = Arc::new(base);
    update(&mut state, Msg::Loaded(base.clone()));
    let (tx, rx) = std::sync::mpsc::channel();
    assert!(b.watch(Box::new(move |c| {
        let _ = tx.send(c);
    })));

    // Desk A renames a voorziening.
    let kaart = loket::store::kaart::load(&a, &mut |_| {}).unwrap();
    let mut v = kaart.voorzieningen.iter().find(|v| v.naam.contains("Dagbesteding")).unwrap().clone();
    v.naam = "Zwemclub Waterpret voor ouderen".into();
    a.kaart_write(&Kaart { voorzieningen: vec![v.clone()], ..Default::default() }).unwrap();
    let written = Instant::now();

    // Desk B hears of it and applies it as its event loop does.
    let deadline = written + Duration::from_secs(2);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(Change::Kaart) => break,
            Ok(_) => continue,
            Err(e) => panic!("no kaart change within 2 s: {e}"),
        }
    }
    run::handle(&b, &mut state, Msg::Remote(Change::Kaart));
    assert!(Instant::now() <= deadline, "the change took {:?} to become searchable", written.elapsed());

    let cat = state.catalog.clone().unwrap();
    assert_eq!(cat.overlay_len(), 1, "only the changed entry is in the overlay");
    assert!(std::ptr::eq(cat.index(), base.index()), "the base index is shared, not rebuilt");
    assert_eq!(cat.versie, a.kaart_versie().unwrap());
    let mut s = Searcher::default();
    let r = cat.search(&mut s, "zwemclub waterpret", &Filters::default(), 5);
    assert_eq!(cat.entry(cat.doc(r.hits[0].doc)).id(), v.id);
    assert_eq!(cat.entry(cat.doc(r.hits[0].doc)).naam(), "Zwemclub Waterpret voor ouderen");
    // and the TUI's own search box shows it
    for c in "waterpret".chars() {
        let chord = loket::keymap::chord::parse_sequence(&c.to_string()).unwrap()[0];
        if let Some(msg) = state.key(chord) {
            update(&mut state, msg);
        }
    }
    let hits = &state.kaart.results.hits;
    assert!(!hits.is_empty(), "the kaart search box finds nothing for 'waterpret'");
    assert_eq!(cat.entry(cat.doc(hits[0].doc)).naam(), "Zwemclub Waterpret voor ouderen");
}

/// While the whole map loads, the TUI already searches the snapshot: the same rows, by name
/// and place, as it shows once the map is there.
#[test]
fn the_tui_searches_the_snapshot_while_the_map_loads() {
    use loket::app::{update, Msg, State};
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    use std::sync::Arc;
    let cat = Catalog::build(loket::demo::demo_kaart());
    let snap = Arc::new(snapshot::in_memory(&cat, 1));
    let mut state = State::new(Arc::new(loket::keymap::Keymap::standard()), common::monday_morning());
    update(&mut state, Msg::SnapshotReady(snap));
    for c in "dagbest".chars() {
        let chord = loket::keymap::chord::parse_sequence(&c.to_string()).unwrap()[0];
        if let Some(msg) = state.key(chord) {
            update(&mut state, msg);
        }
    }
    let early = state.kaart.results.clone();
    assert!(!early.hits.is_empty());
    let mut term = Terminal::new(TestBackend::new(120, 30)).unwrap();
    term.draw(|f| loket::ui::draw(f, &state)).unwrap();
    let screen: String = term.backend().buffer().content().iter().map(|c| c.symbol()).collect();
    assert!(screen.contains("kaart laden"), "{screen}");
    assert!(screen.contains("Details laden"), "{screen}");
    let first = cat.entry(cat.doc(early.hits[0].doc)).naam().to_string();
    assert!(screen.contains(&first), "first row {first:?} not on screen:\n{screen}");
    update(&mut state, Msg::Loaded(Arc::new(cat)));
    assert_eq!(state.kaart.results, early, "the loaded map ranks as the snapshot did");
    assert!(state.snapshot.is_none(), "the snapshot is let go once the map is there");
}

/// PostgreSQL: the snapshot is a local cache per database (never named by its password),
/// current while the shared map's version is the same, rebuilt when another desk changed it.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn with_postgresql_the_snapshot_is_a_local_cache_keyed_by_the_shared_version() {
    use loket::store::PgStore;
    let Some(url) = common::pg::fresh_db("snapshot_cache") else { return };
    let tmp = tempfile::tempdir().unwrap();
    // a data directory that does not exist yet (nothing else creates it with PostgreSQL)
    let dir = tmp.path().join("nog-niet");
    let a = PgStore::connect(&url).unwrap();
    loket::cli::seed(&a).unwrap();
    let path = zoekindex::path_for(dir.as_path(), Some(&url));
    assert!(path.starts_with(dir.as_path()));
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("zoekindex-pg-") && !name.contains("password"), "{name}");
    // Another password for the same database is the same cache; another database is not.
    assert_eq!(
        zoekindex::path_for(dir.as_path(), Some("postgres://u:een@h/db")),
        zoekindex::path_for(dir.as_path(), Some("postgres://u:twee@h/db"))
    );
    assert_ne!(
        zoekindex::path_for(dir.as_path(), Some("postgres://u@h/db1")),
        zoekindex::path_for(dir.as_path(), Some("postgres://u@h/db2"))
    );

    let (_, how) = zoekindex::current(&a, &path).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(_)), "{how:?}");
    let (_, how) = zoekindex::current(&a, &path).unwrap();
    assert_eq!(how, Herkomst::Actueel);
    // Another desk changes the shared map.
    let b = PgStore::connect(&url).unwrap();
    let mut v = loket::store::kaart::load(&b, &mut |_| {}).unwrap().voorzieningen[0].clone();
    v.naam = "Pluimveecursus voor mantelzorgers".into();
    b.kaart_write(&Kaart { voorzieningen: vec![v], ..Default::default() }).unwrap();
    let (snap, how) = zoekindex::current(&a, &path).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(ref r) if r.contains("verouderd")), "{how:?}");
    assert_eq!(snap.versie, b.kaart_versie().unwrap());
    assert_eq!(top_names(&snap, "pluimveecursus"), vec!["Pluimveecursus voor mantelzorgers".to_string()]);
}

/// PostgreSQL: the snapshot a desk built is kept in the database, and a desk that starts without
/// one fetches it (one row) instead of reading and indexing the whole map; a kept snapshot of
/// an older map is never used, and the next build replaces it.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_new_desk_fetches_the_snapshot_another_desk_kept_in_the_database() {
    use loket::store::PgStore;
    let url = common::pg::fresh_db("snapshot_in_db").expect("PostgreSQL");
    let a = PgStore::connect(&url).unwrap();
    loket::cli::seed(&a).unwrap();
    let (ma, mb, mc) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let pa = zoekindex::path_for(ma.path(), Some(&url));
    let (_, how) = zoekindex::current(&a, &pa).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(_)), "{how:?}");
    // kept in the database, of the map's version, as the file was written
    let bewaard = |url: &str| -> (u64, Vec<u8>) {
        let r = common::pg::client(url).query_one("SELECT versie, data FROM zoekindex", &[]).unwrap();
        (r.get::<_, i64>(0) as u64, r.get(1))
    };
    let (versie, data) = bewaard(&url);
    assert_eq!(versie, a.kaart_versie().unwrap());
    assert_eq!(data, std::fs::read(&pa).unwrap());
    // a new desk: fetched, not built
    let b = PgStore::connect(&url).unwrap();
    let pb = zoekindex::path_for(mb.path(), Some(&url));
    let (snap, how) = zoekindex::current(&b, &pb).unwrap();
    assert!(matches!(how, Herkomst::UitDatabase(_)), "{how:?}");
    assert_eq!(std::fs::read(&pb).unwrap(), data);
    let gevonden = top_names(&snap, "mantelzorg");
    assert!(!gevonden.is_empty());
    assert_eq!(gevonden, top_names(&snapshot::open(&pa).unwrap(), "mantelzorg"));
    // another desk changes the map: the kept snapshot is of the old map and not used
    let mut v = loket::store::kaart::load(&b, &mut |_| {}).unwrap().voorzieningen[0].clone();
    v.naam = "Pluimveecursus voor mantelzorgers".into();
    b.kaart_write(&Kaart { voorzieningen: vec![v], ..Default::default() }).unwrap();
    let pc = zoekindex::path_for(mc.path(), Some(&url));
    let (snap, how) = zoekindex::current(&b, &pc).unwrap();
    assert!(matches!(how, Herkomst::Herbouwd(_)), "{how:?}");
    assert_eq!(top_names(&snap, "pluimveecursus"), vec!["Pluimveecursus voor mantelzorgers".to_string()]);
    // and the build replaced it with the new map's
    assert_eq!(bewaard(&url).0, b.kaart_versie().unwrap());
    assert!(bewaard(&url).0 > versie);
}

/// `loket zoek` trusts the snapshot without opening the store only when the version file
/// beside the store names the snapshot's version: after a map change it searches the new map.
#[test]
fn loket_zoek_never_answers_from_a_snapshot_older_than_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_loket");
    let zoek = |q: &str| {
        let out = std::process::Command::new(bin)
            .args(["--data-dir", dir.path().to_str().unwrap(), "zoek", q])
            .env_remove("LOKET_DATABASE_URL")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert!(zoek("pluimveecursus").contains("Niets gevonden"));
    let path = zoekindex::path_for(dir.path(), None);
    let before = snapshot::peek_versie(&path).unwrap();
    assert_eq!(loket::store::sled_store::kaart_versie_beside(dir.path()), Some(before));
    {
        let store = SledStore::open(dir.path()).unwrap();
        let mut v = loket::store::kaart::load(&store, &mut |_| {}).unwrap().voorzieningen[0].clone();
        v.naam = "Pluimveecursus voor mantelzorgers".into();
        store.kaart_write(&Kaart { voorzieningen: vec![v], ..Default::default() }).unwrap();
        assert_eq!(loket::store::sled_store::kaart_versie_beside(dir.path()), Some(before + 1));
    }
    assert_eq!(snapshot::peek_versie(&path), Some(before), "the file is stale now");
    assert!(zoek("pluimveecursus").contains("Pluimveecursus voor mantelzorgers"));
    assert_eq!(snapshot::peek_versie(&path), Some(before + 1), "rebuilt");
    // Without the version file the store is asked (and the file written again).
    std::fs::remove_file(dir.path().join(loket::store::sled_store::KAART_VERSIE_FILE)).unwrap();
    assert!(zoek("pluimveecursus").contains("Pluimveecursus voor mantelzorgers"));
    assert_eq!(loket::store::sled_store::kaart_versie_beside(dir.path()), Some(before + 1));
}

/// Issue 14: an archived ("vervallen") entry is not found by `loket zoek` — neither when the
/// store is free nor when another process holds it (the snapshot file alone is read then).
#[test]
fn loket_zoek_does_not_find_an_archived_entry() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_loket");
    let zoek = |q: &str| {
        let out = std::process::Command::new(bin)
            .args(["--data-dir", dir.path().to_str().unwrap(), "zoek", "--json", q])
            .env_remove("LOKET_DATABASE_URL")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let before = zoek("maatje tegen eenzaamheid");
    let store = SledStore::open(dir.path()).unwrap();
    let kaart = loket::store::kaart::load(&store, &mut |_| {}).unwrap();
    let v = kaart.voorzieningen.iter().find(|v| v.naam.to_lowercase().contains("maatje")).unwrap().clone();
    assert!(before.contains(&format!("\"{}\"", v.id)), "found before: {before}");
    let key = format!("v/{}", v.id);
    let b = loket::store::kaartbeheer::staten(&store)
        .unwrap()
        .remove(&key)
        .unwrap_or_else(|| loket::domain::beheer::Beheer::new(&key));
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let a = loket::store::kaartbeheer::vervallen(
        &loket::domain::beheer::Record::Voorziening(v.clone()),
        &b,
        "Bert",
        at,
        "vervallen",
    )
    .unwrap();
    store.beheer_schrijf(&a).unwrap();
    // held by this process: `loket zoek` reads the snapshot file alone; rebuild it here as a
    // desk would (the map's version moved)
    loket::zoekindex::current(&store, &zoekindex::path_for(dir.path(), None)).unwrap();
    let held = zoek("maatje tegen eenzaamheid");
    assert!(!held.contains(&format!("\"{}\"", v.id)), "archived, store held: {held}");
    drop(store);
    std::thread::sleep(std::time::Duration::from_millis(300));
    let free = zoek("maatje tegen eenzaamheid");
    assert!(!free.contains(&format!("\"{}\"", v.id)), "archived, store free: {free}");
}

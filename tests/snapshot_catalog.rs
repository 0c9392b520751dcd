//! The catalog on the search snapshot (issue 9): the desk searches and filters the mapped
//! snapshot, and reads a record from the store by key only when its row is looked at; the map
//! is never decoded whole. It must rank and filter exactly as the whole map in memory does.

mod common;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use loket::catalog::snapshot;
use loket::catalog::{Catalog, Filters, Haal};
use loket::domain::kaart::{Doelgroep, Kaart, Toegang, Wet};
use loket::search::{Results, Searcher};
use loket::store::{HaalUit, SledStore, Store};

const QUERIES: &[&str] =
    &["dagbest", "dagbest hoensbroek", "huish hulp gron", "taxi", "mantelz winsum", "d", "da", "zwemmen senioren", ""];

/// The demo map plus synthetic records, so postings are long and words many.
fn map() -> Kaart {
    common::demo_plus_synthetic()
}

/// Counts the keys read through it.
struct Teller {
    inner: HaalUit,
    keys: AtomicUsize,
}

impl Haal for Teller {
    fn haal(&self, sleutels: &[String]) -> Kaart {
        self.keys.fetch_add(sleutels.len(), Ordering::SeqCst);
        self.inner.haal(sleutels)
    }
}

/// A store holding `map()`, the whole catalog of it, and its snapshot file.
fn setup(dir: &Path) -> (Arc<dyn Store>, Catalog, snapshot::Snapshot) {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir).unwrap());
    let k = map();
    store.kaart_write(&k).unwrap();
    let mut whole = Catalog::build(k);
    whole.versie = store.kaart_versie().unwrap();
    let path = dir.join(snapshot::FILE_NAME);
    snapshot::write(&path, &whole, whole.versie).unwrap();
    (store, whole, snapshot::open(&path).unwrap())
}

fn ids(cat: &Catalog, r: &Results) -> Vec<(String, i32)> {
    r.hits.iter().map(|h| (cat.entry(cat.doc(h.doc)).id().to_string(), h.score)).collect()
}

fn filter_sets(whole: &Catalog) -> Vec<Filters> {
    let mut out = vec![Filters::default()];
    out.extend(Wet::ALL.iter().map(|&w| Filters { wet: Some(w), ..Default::default() }));
    out.extend(Toegang::ALL.iter().map(|&t| Filters { toegang: Some(t), ..Default::default() }));
    out.extend(Doelgroep::ALL.iter().map(|&d| Filters { doelgroep: Some(d), ..Default::default() }));
    for (g, wijken) in &whole.gemeenten {
        out.push(Filters { gemeente: Some(g.clone()), ..Default::default() });
        // a gemeente typed in other letters, and a place that belongs to a gemeente
        out.push(Filters { gemeente: Some(g.to_uppercase()), ..Default::default() });
        for w in wijken.iter().take(3) {
            out.push(Filters { gemeente: Some(g.clone()), wijk: Some(w.clone()), ..Default::default() });
            out.push(Filters { wijk: Some(w.to_lowercase()), ..Default::default() });
        }
    }
    out.push(Filters { gemeente: Some("Winsum".into()), ..Default::default() });
    out.push(Filters { gemeente: Some("Nergenshuizen".into()), ..Default::default() });
    out.push(Filters { wijk: Some("Nergenswijk".into()), ..Default::default() });
    out.push(Filters {
        wet: Some(Wet::Wmo),
        toegang: Some(Toegang::Vrij),
        doelgroep: Some(Doelgroep::Ouderen),
        gemeente: Some("Heerlen".into()),
        wijk: None,
    });
    out
}

#[test]
fn the_catalog_on_the_snapshot_ranks_and_filters_exactly_as_the_whole_map() {
    let dir = tempfile::tempdir().unwrap();
    let (store, whole, snap) = setup(dir.path());
    let lazy = Catalog::from_snapshot(Arc::new(snap), Arc::new(HaalUit(store)));
    assert!(lazy.kaart().is_none(), "the map is not in memory");
    assert_eq!(lazy.gemeenten, whole.gemeenten, "the filter keys' gemeenten come with the snapshot");
    assert!(whole.gemeenten.len() > 3, "the test map names several gemeenten");
    let sets = filter_sets(&whole);
    let (mut a, mut b) = (Searcher::default(), Searcher::default());
    let mut some_filtered_out = 0;
    for q in QUERIES {
        for f in &sets {
            let w = whole.search(&mut a, q, f, 200);
            let l = lazy.search(&mut b, q, f, 200);
            assert_eq!(ids(&lazy, &l), ids(&whole, &w), "query {q:?}, filters {f:?}");
            assert_eq!((l.total, l.partial), (w.total, w.partial), "query {q:?}, filters {f:?}");
            if !f.is_empty() && w.total < whole.search(&mut a, q, &Filters::default(), 200).total {
                some_filtered_out += 1;
            }
        }
    }
    assert!(some_filtered_out > 50, "the filters must actually filter ({some_filtered_out})");
}

#[test]
fn details_are_read_from_the_store_by_key_only_for_the_rows_looked_at() {
    let dir = tempfile::tempdir().unwrap();
    let (store, whole, snap) = setup(dir.path());
    let teller = Arc::new(Teller { inner: HaalUit(store), keys: AtomicUsize::new(0) });
    let lazy = Catalog::from_snapshot(Arc::new(snap), teller.clone());
    let mut s = Searcher::default();
    // searching and filtering read nothing from the store
    let r = lazy.search(&mut s, "dagbest", &Filters { wet: Some(Wet::Wmo), ..Default::default() }, 200);
    let r2 = lazy.search(&mut s, "hulp", &Filters { gemeente: Some("Heerlen".into()), ..Default::default() }, 200);
    assert!(r.hits.len() > 20 && !r2.hits.is_empty());
    assert_eq!(teller.keys.load(Ordering::SeqCst), 0, "search and filters come from the snapshot");
    // the rows on screen: read in one go, then from memory
    let on_screen: Vec<u32> = r.hits.iter().take(12).map(|h| h.doc).collect();
    lazy.prefetch(&on_screen);
    let read = teller.keys.load(Ordering::SeqCst);
    assert!(read <= 24, "12 rows and at most their 12 organisations, not {read} keys");
    for &d in &on_screen {
        let (e, w) = (lazy.entry(lazy.doc(d)), whole.entry(whole.doc(d)));
        match (e, w) {
            (loket::catalog::Entry::Voorziening(a, ao), loket::catalog::Entry::Voorziening(b, bo)) => {
                assert_eq!(a, b, "the record as stored");
                assert_eq!(ao, bo, "with its organisation");
            }
            (loket::catalog::Entry::Regeling(a, ao), loket::catalog::Entry::Regeling(b, bo)) => {
                assert_eq!(a, b);
                assert_eq!(ao, bo);
            }
            _ => panic!("a row changed kind"),
        }
    }
    assert_eq!(teller.keys.load(Ordering::SeqCst), read, "a row looked at again is not read again");
    // a row not prefetched is read by itself, once
    let other = r.hits[150].doc;
    assert_eq!(lazy.entry(lazy.doc(other)).id(), whole.entry(whole.doc(other)).id());
    let after = teller.keys.load(Ordering::SeqCst);
    assert!(after - read <= 2, "one record (and its organisation): {}", after - read);
    // the rest of the map was never read
    assert!(after < 40, "{after} keys read of {}", whole.len());
}

#[test]
fn a_record_that_can_not_be_read_still_shows_and_filters_as_the_snapshot_knows_it() {
    struct Leeg;
    impl Haal for Leeg {
        fn haal(&self, _: &[String]) -> Kaart {
            Kaart::default()
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let (_store, whole, snap) = setup(dir.path());
    let lazy = Catalog::from_snapshot(Arc::new(snap), Arc::new(Leeg));
    let mut s = Searcher::default();
    let f = Filters { toegang: Some(Toegang::Vrij), ..Default::default() };
    let r = lazy.search(&mut s, "taxi", &f, 20);
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        let (e, w) = (lazy.entry(lazy.doc(h.doc)), whole.entry(whole.doc(h.doc)));
        assert_eq!((e.id(), e.naam(), e.wet(), e.toegang()), (w.id(), w.naam(), w.wet(), w.toegang()));
        assert!(f.accepts(&e), "the stand-in passes the filter the row passed");
    }
}

#[test]
fn a_changed_organisation_on_a_snapshot_catalog_takes_its_entries_into_the_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let (store, whole, snap) = setup(dir.path());
    let lazy = Catalog::from_snapshot(Arc::new(snap), Arc::new(HaalUit(store.clone())));
    // an organisation with several voorzieningen gets a new, unique name
    let org = whole.kaart().unwrap().organisaties.iter().find(|o| o.id.starts_with("syn-org-")).unwrap().clone();
    let n_entries = whole.kaart().unwrap().voorzieningen.iter().filter(|v| v.organisatie_id == org.id).count();
    assert!(n_entries > 0);
    let mut renamed = org.clone();
    renamed.naam = "Zonnebloemkwartier Stichting".into();
    let changed = Kaart { organisaties: vec![renamed], ..Default::default() };
    store.kaart_write(&changed).unwrap();
    let cat = lazy.with_changes(changed, lazy.versie + 1);
    let mut s = Searcher::default();
    let r = cat.search(&mut s, "zonnebloemkwartier", &Filters::default(), 200);
    assert_eq!(r.hits.len(), n_entries, "every entry of the organisation is found by its new name");
    for h in &r.hits {
        let e = cat.entry(cat.doc(h.doc));
        assert_eq!(e.organisatie().map(|o| o.naam.as_str()), Some("Zonnebloemkwartier Stichting"));
    }
    assert_eq!(cat.len(), whole.len(), "the base versions are left out, not shown twice");
}

#[test]
fn the_tui_loader_opens_a_current_snapshot_without_decoding_the_map() {
    use loket::app::Msg;
    let dir = tempfile::tempdir().unwrap();
    let (store, whole, _snap) = setup(dir.path());
    let path = dir.path().join(snapshot::FILE_NAME);
    let (tx, rx) = std::sync::mpsc::channel();
    loket::app::run::spawn_loader(store.clone(), tx, Some(path.clone()));
    let cat = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the loader answers") {
            Msg::Loaded(cat) => break cat,
            Msg::LoadFailed(e) => panic!("{e}"),
            _ => {}
        }
    };
    assert!(cat.snapshot().is_some() && cat.kaart().is_none(), "the catalog is the snapshot, the map not decoded");
    assert_eq!(cat.len(), whole.len());
    // a stale snapshot (the map changed since) is rebuilt, and the catalog is on the new one
    let mut k = Kaart::default();
    let mut v = whole.kaart().unwrap().voorzieningen[0].clone();
    v.naam = "Kwekerij de Walvisvinder".into();
    k.voorzieningen.push(v);
    store.kaart_write(&k).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    loket::app::run::spawn_loader(store.clone(), tx, Some(path.clone()));
    let mut searchable_meanwhile = false;
    let cat = loop {
        match rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the loader answers") {
            Msg::Loaded(cat) => break cat,
            Msg::LoadFailed(e) => panic!("{e}"),
            // typing never waits for the rebuild: the earlier snapshot is searched meanwhile
            Msg::SnapshotReady(old) => {
                assert!(old.versie < store.kaart_versie().unwrap(), "it is the earlier snapshot");
                searchable_meanwhile = true;
            }
            _ => {}
        }
    };
    assert!(searchable_meanwhile, "the earlier snapshot is offered while the new one is made");
    assert!(cat.snapshot().is_some(), "after the rebuild the catalog is on the new snapshot");
    assert_eq!(cat.versie, store.kaart_versie().unwrap());
    assert_eq!(snapshot::peek_versie(&path), Some(cat.versie), "the file was written again");
    let mut s = Searcher::default();
    let r = cat.search(&mut s, "walvisvinder", &Filters::default(), 10);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(cat.entry(cat.doc(r.hits[0].doc)).naam(), "Kwekerij de Walvisvinder");
}

#[test]
fn the_beheer_worklist_on_a_snapshot_catalog_is_the_worklist_of_the_whole_map() {
    use loket::app::State;
    use loket::domain::beheer::{Beheer, Melding};
    let dir = tempfile::tempdir().unwrap();
    let (store, whole, snap) = setup(dir.path());
    let teller = Arc::new(Teller { inner: HaalUit(store), keys: AtomicUsize::new(0) });
    let lazy = Catalog::from_snapshot(Arc::new(snap), teller.clone());
    let now = common::monday_morning();
    let melding = |t: &str| Melding { tekst: t.into(), door: "Eva".into(), op: now };
    let mut staten = std::collections::HashMap::new();
    let k = whole.kaart().unwrap();
    let (v, org) = (&k.voorzieningen[10], &k.organisaties[3]);
    let mut b = Beheer::new(&format!("v/{}", v.id));
    b.meldingen.push(melding("telefoonnummer werkt niet"));
    staten.insert(b.sleutel.clone(), b);
    let mut b = Beheer::new(&format!("o/{}", org.id));
    b.meldingen.push(Melding { op: now + chrono::Duration::minutes(1), ..melding("verhuisd") });
    staten.insert(b.sleutel.clone(), b);
    let mut b = Beheer::new(&format!("v/{}", k.voorzieningen[20].id));
    b.gearchiveerd =
        Some(loket::domain::beheer::Archief { op: now.date(), door: "Eva".into(), reden: "vervallen".into() });
    staten.insert(b.sleutel.clone(), b);
    let state_with = |cat: Catalog| {
        let mut s = State::new(Arc::new(loket::keymap::Keymap::standard()), now);
        s.catalog = Some(Arc::new(cat));
        s.beheer.staten = staten.clone();
        s
    };
    let (a, b) = (state_with(Catalog::build(k.clone())), state_with(lazy));
    let (wa, wb) = (loket::app::beheer::werklijst(&a), loket::app::beheer::werklijst(&b));
    let keys = |w: &loket::app::beheer::Werklijst| w.0.iter().map(|r| r.post.sleutel.clone()).collect::<Vec<_>>();
    assert_eq!(keys(&wb), keys(&wa), "same rows in the same order");
    assert_eq!(wb.1, wa.1, "same overview");
    assert_eq!(wa.1.gemeld, 2);
    assert_eq!(wa.1.gearchiveerd, 1);
    assert_eq!(wa.0[0].post.sleutel, format!("v/{}", v.id), "reports first");
    assert!(teller.keys.load(Ordering::SeqCst) <= 2, "only the reported organisation is read, not the map");
    // the selected row's record is read when shown
    let row = loket::app::beheer::selected(&b).unwrap();
    assert_eq!(row.record.naam(), v.naam);
    // made once: the same list again without reading anything
    let before = teller.keys.load(Ordering::SeqCst);
    assert!(Arc::ptr_eq(&loket::app::beheer::werklijst(&b), &loket::app::beheer::werklijst(&b)));
    assert_eq!(teller.keys.load(Ordering::SeqCst), before);
}

/// The snapshot written from the store's records one at a time (`opbouw`, in bounded memory),
/// with the posting lists made in many small windows.
fn streamed(store: &dyn Store, path: &Path, versie: u64) {
    let mut b =
        loket::catalog::opbouw::Bouwer::new(path, &loket::catalog::synonyms::synonyms()).unwrap().met_venster(997);
    let skipped = store.kaart_bekijk(&mut |r| b.record(r)).unwrap();
    assert!(skipped.is_empty());
    b.write(versie).unwrap();
}

#[test]
fn the_streamed_snapshot_is_the_same_file_and_searches_and_filters_the_same() {
    use loket::domain::beheer::Record;
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = setup(dir.path());
    // the whole map in the order the store lists it (by key), built and written in memory
    let mut k = Kaart::default();
    store
        .kaart_bekijk(&mut |r| match r {
            Record::Organisatie(o) => k.organisaties.push(o),
            Record::Regeling(r) => k.regelingen.push(r),
            Record::Voorziening(v) => k.voorzieningen.push(v),
        })
        .unwrap();
    let mut whole = Catalog::build(k);
    whole.versie = store.kaart_versie().unwrap();
    let built_path = dir.path().join("geheel.bin");
    snapshot::write(&built_path, &whole, whole.versie).unwrap();
    let built = std::fs::read(&built_path).unwrap();
    let path = dir.path().join("gestroomd.bin");
    streamed(store.as_ref(), &path, whole.versie);
    let stream = std::fs::read(&path).unwrap();
    assert_eq!(stream.len(), built.len());
    assert!(stream == built, "the same bytes as the snapshot of the whole catalog");
    assert!(!std::fs::read_dir(dir.path()).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .contains(".bouw")));

    let lazy = Catalog::from_snapshot(Arc::new(snapshot::open(&path).unwrap()), Arc::new(HaalUit(store)));
    let (mut a, mut b) = (Searcher::default(), Searcher::default());
    for q in QUERIES {
        for f in &filter_sets(&whole) {
            let w = whole.search(&mut a, q, f, 200);
            let l = lazy.search(&mut b, q, f, 200);
            assert_eq!(ids(&lazy, &l), ids(&whole, &w), "query {q:?}, filters {f:?}");
            assert_eq!((l.total, l.partial), (w.total, w.partial), "query {q:?}, filters {f:?}");
        }
    }
}

#[test]
fn the_streamed_snapshot_takes_the_kinds_in_any_order_and_other_synonyms() {
    use loket::domain::beheer::Record;
    let dir = tempfile::tempdir().unwrap();
    let mut k = map();
    // an organisation given twice (the last one counts) and an entry of an unknown one
    let mut o = k.organisaties[0].clone();
    o.naam = "Tweede naam".into();
    k.organisaties.push(o);
    k.regelingen[0].organisatie_id = "bestaat-niet".into();
    let syn = vec![
        vec!["dagbesteding".to_string(), "dagopvang".to_string()],
        vec!["hulp bij het huishouden".to_string(), "huishoudelijke hulp".to_string(), "hbh".to_string()],
    ];
    let cat = Catalog::build_with_synonyms(k.clone(), &syn);
    let (a, b) = (dir.path().join("a.bin"), dir.path().join("b.bin"));
    snapshot::write(&a, &cat, 7).unwrap();
    // organisations, voorzieningen, regelingen: not the index's order of kinds
    loket::catalog::opbouw::write(&b, 7, &syn, Record::uit(k.clone())).unwrap();
    assert!(std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap());

    // the temporary files of a writer that was killed (its process gone) are removed by the next
    let dood = dir.path().join(format!("b.bin.{}.bouw", u32::MAX - 1));
    std::fs::create_dir(&dood).unwrap();
    std::fs::write(dood.join("v.fwd"), b"half").unwrap();
    loket::catalog::opbouw::write(&b, 7, &syn, Record::uit(k.clone())).unwrap();
    assert!(!dood.exists(), "left by a killed writer: removed");

    // an organisation after the entries that may name it: refused, nothing written
    let c = dir.path().join("c.bin");
    let mut records = Record::uit(k);
    records.rotate_left(1);
    assert!(loket::catalog::opbouw::write(&c, 7, &syn, records).is_err());
    assert!(!c.exists());
    let rest: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(rest.len(), 2, "no temporary files left: {rest:?}");
}

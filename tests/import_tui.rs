//! Importing HSDS data from inside the TUI: the entries are searchable at once and show their
//! source in the detail pane; a bad import writes nothing and says why.

mod common;

use common::*;

#[test]
fn imported_entries_are_searchable_at_once_with_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    // HSDS data from "another system": a small synthetic map exported as a datapackage.
    let pkg = tempfile::tempdir().unwrap();
    let mut other = loket::catalog::synth::generate(40, 77);
    for v in &mut other.voorzieningen {
        v.naam = format!("Zwemmen voor senioren {}", v.id);
    }
    loket::interchange::export_dir(&other, loket::interchange::ExportFormat::Csv, pkg.path(), false).unwrap();
    type_in(store.as_ref(), &mut s, "zwemmen senioren");
    // not on the demo map: at most partial matches ("senioren" alone)
    assert!(s.kaart.results.total == 0 || s.kaart.results.partial, "not on the demo map");
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "ctrl-e");
    type_in(store.as_ref(), &mut s, &pkg.path().display().to_string());
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.status.as_ref().unwrap().1.starts_with("Geïmporteerd"), "{:?}", s.status);
    type_in(store.as_ref(), &mut s, "zwemmen senioren");
    assert_eq!(s.kaart.results.total, 40);
    assert!(!s.kaart.results.partial);
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("bron: hsds-import"), "{text}");
}

#[test]
fn a_path_that_does_not_exist_is_refused_in_the_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-e");
    type_in(store.as_ref(), &mut s, "/bestaat/niet.json");
    press_in(store.as_ref(), &mut s, "enter");
    match &s.overlay {
        Some(loket::app::Overlay::Prompt { error: Some(e), .. }) => assert!(e.contains("bestaat niet"), "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_import_with_errors_writes_nothing_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let before = loket::store::kaart::count_records(store.as_ref());
    let bad = tempfile::tempdir().unwrap();
    let file = bad.path().join("kapot.json");
    // no name: a required field (a missing organisation would be kept under a placeholder)
    std::fs::write(&file, "[{\"id\": \"svc-1\", \"organization_id\": \"org-weg\", \"status\": \"active\"}]").unwrap();
    press_in(store.as_ref(), &mut s, "ctrl-e");
    type_in(store.as_ref(), &mut s, &file.display().to_string());
    press_in(store.as_ref(), &mut s, "enter");
    let (level, msg) = s.status.clone().unwrap();
    assert_eq!(level, loket::app::Level::Error, "{msg}");
    assert!(msg.contains("niets geschreven") && msg.contains("kapot.json"), "{msg}");
    assert_eq!(loket::store::kaart::count_records(store.as_ref()), before);
}

#[test]
fn airs_codes_of_imported_data_are_kept_and_searchable() {
    for (fixture, code) in
        [("service.json", "PH-2360.2100"), ("datapackage", "LN-1500.1800"), ("legacy", "BH-1800.8500")]
    {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds").join(fixture);
        let (kaart, report) = loket::interchange::read_path(&path, &Default::default()).unwrap();
        assert!(report.errors.is_empty(), "{fixture}: {:?}", report.errors);
        let cat = loket::catalog::Catalog::build(kaart);
        let mut s = loket::search::Searcher::default();
        let r = cat.search(&mut s, code, &Default::default(), 5);
        assert!(!r.hits.is_empty(), "{fixture}: {code} not found");
        match cat.entry(cat.doc(r.hits[0].doc)) {
            loket::catalog::Entry::Voorziening(v, _) => {
                assert!(v.taxonomie.iter().any(|t| t == code), "{fixture}: {:?}", v.taxonomie)
            }
            other => panic!("{fixture}: {}", other.naam()),
        }
    }
}

#[test]
fn one_import_at_a_time_and_quitting_during_one_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    s.importing = true; // as after ctrl-e in the TUI, while the worker thread runs
    press_in(store.as_ref(), &mut s, "ctrl-e");
    assert!(s.overlay.is_none());
    assert!(s.status.as_ref().unwrap().1.contains("loopt al een import"));
    press_in(store.as_ref(), &mut s, "ctrl-q");
    assert_eq!(s.overlay, Some(loket::app::Overlay::Confirm(loket::app::ConfirmKind::QuitDuringImport)));
    assert!(screen_text(&s, 100, 30).contains("wordt er niets geïmporteerd"));
    assert!(loket::app::update(&mut s, loket::app::Msg::Action(loket::app::Action::Cancel)).is_empty());
    loket::app::update(&mut s, loket::app::Msg::ImportFailed("kapot".into()));
    assert!(!s.importing);
    assert!(s.status.as_ref().unwrap().1.contains("Import mislukt: kapot"));
}

#[test]
fn no_import_before_the_map_has_loaded() {
    let mut s = loket::app::State::new(std::sync::Arc::new(loket::keymap::Keymap::standard()), monday_morning());
    press(&mut s, "ctrl-e");
    assert!(s.overlay.is_none());
    assert!(s.status.as_ref().unwrap().1.contains("nog geladen"));
}

//! A re-import meets the beheerder's corrections (issue 14): corrected fields are kept and
//! listed as conflicts, entries gone from the source are archived, not deleted.

use loket::domain::beheer::{Beheer, Record, Soort};
use loket::interchange::{export_dir, import_path, ExportFormat, ImportOptions};
use loket::store::{kaartbeheer, SledStore, Store};

fn demo_subset() -> loket::domain::kaart::Kaart {
    let mut k = loket::demo::demo_kaart();
    k.voorzieningen.truncate(6);
    k.regelingen.truncate(2);
    let orgs: std::collections::HashSet<String> = k
        .voorzieningen
        .iter()
        .map(|v| v.organisatie_id.clone())
        .chain(k.regelingen.iter().map(|r| r.organisatie_id.clone()))
        .collect();
    k.organisaties.retain(|o| orgs.contains(&o.id));
    k
}

#[test]
fn a_reimport_keeps_corrections_as_conflicts_and_archives_what_vanished() {
    let db = tempfile::tempdir().unwrap();
    let store = SledStore::open(db.path()).unwrap();
    let src = tempfile::tempdir().unwrap();
    let bron = src.path().join("bron");
    let k = demo_subset();
    export_dir(&k, ExportFormat::Json, &bron, false).unwrap();
    let first = import_path(&store, &bron, &ImportOptions::default()).unwrap();
    assert!(first.written && first.conflicten.is_empty() && first.gearchiveerd.is_empty(), "{first:#?}");

    // the beheerder corrects the phone number of the first voorziening
    let stored = loket::store::kaart::load(&store, &mut |_| {}).unwrap();
    let v0 = stored.voorzieningen.iter().find(|v| v.naam == k.voorzieningen[0].naam).unwrap().clone();
    let r = Record::Voorziening(v0.clone());
    let mut form = loket::domain::beheer::velden(&r);
    form.iter_mut().find(|f| f.naam == "telefoon").unwrap().waarde = "050 999 8888".into();
    let new = loket::domain::beheer::toepassen(&r, &form, &|_| true).unwrap();
    let now = chrono::Local::now().naive_local();
    store
        .beheer_schrijf(&kaartbeheer::gewijzigd(Some(&r), &new, &Beheer::new(&r.sleutel()), "Beheer", now).unwrap())
        .unwrap();

    // the source changes that number too (differently), and drops the last voorziening
    let mut k2 = k.clone();
    k2.voorzieningen[0].telefoon =
        vec![loket::domain::kaart::Telefoon { nummer: "050 111 0000".into(), omschrijving: String::new() }];
    k2.voorzieningen[0].wachttijd = "nu 8 weken".into();
    let gone = k2.voorzieningen.pop().unwrap();
    std::fs::remove_dir_all(&bron).unwrap();
    export_dir(&k2, ExportFormat::Json, &bron, false).unwrap();
    let second = import_path(&store, &bron, &ImportOptions::default()).unwrap();
    assert!(second.written, "{:#?}", second.errors);

    // the correction is kept, the other change of the source is taken
    let after = loket::store::kaart::load(&store, &mut |_| {}).unwrap();
    let v = after.voorzieningen.iter().find(|v| v.id == v0.id).unwrap();
    assert_eq!(v.telefoon[0].nummer, "050 999 8888", "the beheerder's correction is kept");
    assert_eq!(v.wachttijd, "nu 8 weken", "uncorrected fields follow the source");
    assert_eq!(second.conflicten.len(), 1, "{:#?}", second.conflicten);
    assert!(
        second.conflicten[0].contains("telefoon: in loket '050 999 8888', bron '050 111 0000'"),
        "{}",
        second.conflicten[0]
    );
    // … and shows as a report on the entry (first in the worklist)
    let staten = kaartbeheer::staten(&store).unwrap();
    assert!(staten[&r.sleutel()].meldingen[0].tekst.contains("import wijkt af van correctie"));

    // the vanished entry: archived, still stored, with a history line
    assert_eq!(second.gearchiveerd, vec![gone.naam.clone()]);
    let gone_stored = after.voorzieningen.iter().find(|v| v.naam == gone.naam).expect("never deleted");
    let key = format!("v/{}", gone_stored.id);
    assert_eq!(staten[&key].gearchiveerd.as_ref().unwrap().reden, "niet meer in de bron");
    assert_eq!(store.beheer_historie(Some(&key)).unwrap().value.last().unwrap().soort, Soort::Vervallen);
    // entries still in the source are not archived
    assert!(staten.values().filter(|b| b.gearchiveerd.is_some()).count() == 1);
}

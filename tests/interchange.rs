//! HSDS import/export: fixtures written for loket (tests/fixtures/hsds), the exact error
//! messages, atomicity, skip-invalid, re-import, the round trip and the JSON Schema check.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use loket::catalog::synth;
use loket::domain::hours::OpeningHours;
use loket::domain::kaart::{
    Adres, Bron, Contactpersoon, Doelgroep, Kaart, Kosten, KostenSoort, Leeftijd, Locatie, Organisatie, Regeling,
    Telefoon, Toegang, Voorziening, Werkgebied, Wet,
};
use loket::interchange::{export_dir, import_path, read_path, ExportFormat, ImportOptions, ImportReport};
use loket::store::{kaart as store_kaart, SledStore};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds").join(name)
}

fn read(path: &Path) -> (Kaart, ImportReport) {
    read_path(path, &ImportOptions::default()).unwrap()
}

fn hours(lines: &[&str]) -> OpeningHours {
    OpeningHours::parse(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn vz<'a>(k: &'a Kaart, id: &str) -> &'a Voorziening {
    k.voorzieningen.iter().find(|v| v.id == id).unwrap_or_else(|| panic!("{id} ontbreekt"))
}

fn org<'a>(k: &'a Kaart, id: &str) -> &'a Organisatie {
    k.organisaties.iter().find(|o| o.id == id).unwrap_or_else(|| panic!("{id} ontbreekt"))
}

fn has(list: &[String], wanted: &str) -> bool {
    list.iter().any(|l| l == wanted)
}

fn assert_has(list: &[String], wanted: &str) {
    assert!(has(list, wanted), "'{wanted}' ontbreekt in:\n{}", list.join("\n"));
}

/// Sort everything by id and clear the source, so two maps compare on content.
fn normalised(mut k: Kaart) -> Kaart {
    k.organisaties.sort_by(|a, b| a.id.cmp(&b.id));
    k.voorzieningen.sort_by(|a, b| a.id.cmp(&b.id));
    k.regelingen.sort_by(|a, b| a.id.cmp(&b.id));
    k.organisaties.iter_mut().for_each(|o| (o.bron, o.hsds) = Default::default());
    k.voorzieningen.iter_mut().for_each(|v| (v.bron, v.hsds) = Default::default());
    k.regelingen.iter_mut().for_each(|r| (r.bron, r.hsds) = Default::default());
    k
}

fn store_in(dir: &Path) -> SledStore {
    SledStore::open(dir).unwrap()
}

fn load(s: &SledStore) -> Kaart {
    store_kaart::load(s, &mut |_| {}).unwrap()
}

// ---------------------------------------------------------------- 3.0 JSON

#[test]
fn json_single_service_with_nested_objects() {
    let (k, rep) = read(&fixture("service.json"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!((rep.organisaties, rep.voorzieningen, rep.regelingen), (1, 1, 0));
    let v = vz(&k, "svc-mantelzorg");
    assert_eq!(v.naam, "Mantelzorgondersteuning Heerlen");
    assert_eq!(v.organisatie_id, "org-mantelzorg");
    assert_eq!(
        v.beschrijving,
        "Advies, lotgenotencontact en respijtzorg voor mantelzorgers.\nOok voor jonge mantelzorgers."
    );
    assert_eq!(v.wet, Wet::Wmo);
    assert_eq!(v.toegang, Toegang::AlgemeneVoorziening);
    assert_eq!(v.doelgroepen, vec![Doelgroep::Mantelzorgers, Doelgroep::Jeugd]);
    assert_eq!(v.leeftijd, Leeftijd { min: Some(12), max: None });
    assert_eq!(v.werkgebied.gemeenten, vec!["Heerlen".to_string()]);
    assert_eq!(v.trefwoorden, vec!["respijtzorg".to_string(), "Caregiver Support".to_string()]);
    assert_eq!(v.taxonomie, vec!["PH-2360.2100".to_string()], "AIRS-code blijft bewaard");
    assert_eq!(v.openingstijden, hours(&["ma,wo 09:00-12:30", "do 13:30-16:00"]));
    assert_eq!(v.telefoon, vec![Telefoon { nummer: "045-555 20 20".into(), omschrijving: "mantelzorglijn".into() }]);
    assert_eq!(
        v.locaties,
        vec![Locatie {
            naam: "Buurthuis Hoensbroek".into(),
            adres: Adres { straat: "Voorbeeldlaan 8".into(), postcode: "6431 AB".into(), plaats: "Hoensbroek".into() },
            gemeente: "Heerlen".into(),
            wijk: "Hoensbroek".into(),
        }]
    );
    assert_eq!(v.kosten.soort, KostenSoort::Gratis);
    assert_eq!(v.documenten, vec!["Geen; een telefoontje is genoeg".to_string()]);
    assert_eq!(v.talen, vec!["Nederlands".to_string(), "de".to_string()]);
    assert_eq!(v.laatst_geverifieerd, date(2026, 1, 15));
    assert_eq!(v.laatst_gewijzigd, date(2026, 1, 10));
    assert_eq!(v.aanvraag, "Bellen of langskomen op het inloopspreekuur");
    assert_eq!(v.wachttijd, "binnen een week");
    assert_eq!(v.bron, Bron { soort: "hsds-import".into(), naam: "service.json".into() });
    assert_eq!(org(&k, "org-mantelzorg").website, "https://voorbeeld-standby.nl");
    // Tolerated mess, each with a warning that says where.
    let w = &rep.warnings;
    assert_has(w, "service.json:4: name: spaties aan begin of eind verwijderd");
    assert_has(w, "service.json:5: description: letterlijke \\n omgezet in een nieuwe regel");
    assert_has(w, "service.json:8: status: lege status, 'active' aangenomen");
    assert_has(w, "service.json:25: opens_at: tijd '1:30pm' gelezen als 13:30");
    assert_has(w, "service.json:35: country: geen land opgegeven");
    assert_has(w, "service.json:30: latitude: geen coördinaten; locatie zonder kaartpositie");
}

#[test]
fn json_page_of_organizations_with_services() {
    let (k, rep) = read(&fixture("organizations_page.json"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(k.organisaties.len(), 2);
    let ciz = org(&k, "org-ciz");
    assert_eq!(
        ciz.adres,
        Adres { straat: "Voorbeeldbaan 1".into(), postcode: "3500 AA".into(), plaats: "Utrecht".into() }
    );
    assert_eq!(ciz.telefoon[0].nummer, "088-555 00 00");
    let v = vz(&k, "svc-wlz-indicatie");
    assert_eq!((v.wet, v.toegang, v.organisatie_id.as_str()), (Wet::Wlz, Toegang::IndicatieCiz, "org-ciz"));
    assert!(k.voorzieningen.iter().all(|v| v.id != "svc-oud"), "een opgeheven dienst wordt niet geïmporteerd");
    assert_has(&rep.warnings, "organizations_page.json:40: status: dienst 'svc-oud' is 'defunct', niet geïmporteerd");
}

// ---------------------------------------------------------------- 3.0 tabular

fn check_datapackage(k: &Kaart, rep: &ImportReport, bron: &str) {
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!((rep.organisaties, rep.voorzieningen, rep.regelingen), (2, 2, 1));
    let wij = org(k, "org-wij");
    assert_eq!(wij.naam, "WIJ Groningen");
    assert_eq!(wij.gemeente, "Groningen");
    assert_eq!(wij.adres.straat, "Voorbeeldplein 1", "het eigen adres: een locatie zonder dienst");
    assert_eq!(wij.telefoon, vec![Telefoon { nummer: "050-555 00 00".into(), omschrijving: "algemeen".into() }]);
    assert_eq!(org(k, "org-stip").beschrijving, "Informatie- en steunpunt in de dorpen.\nLoop gerust binnen.");
    let d = vz(k, "svc-dagbesteding");
    assert_eq!((d.wet, d.toegang), (Wet::Wmo, Toegang::MaatwerkMelding));
    assert_eq!(d.doelgroepen, vec![Doelgroep::Ouderen]);
    assert_eq!(d.categorie, "dagbesteding");
    assert_eq!(d.werkgebied, Werkgebied { gemeenten: vec!["Groningen".into()], wijken: vec!["Vinkhuizen".into()] });
    assert_eq!(d.taxonomie, vec!["LN-1500.1800".to_string()]);
    assert!(has(&d.trefwoorden, "Adult Day Programs"));
    assert_eq!(d.openingstijden, hours(&["ma-vr 09:00-16:00"]));
    assert_eq!(
        d.kosten,
        Kosten {
            soort: KostenSoort::Abonnementstarief,
            bedrag_cent: Some(2160),
            eenheid: "per maand".into(),
            toelichting: String::new()
        }
    );
    assert_eq!(d.leeftijd.min, Some(65));
    assert_eq!(d.laatst_geverifieerd, date(2026, 3, 1));
    assert_eq!(d.locaties[0].wijk, "Vinkhuizen");
    assert_eq!(d.locaties[0].gemeente, "Groningen");
    assert_eq!(d.bron, Bron { soort: "hsds-import".into(), naam: bron.into() });
    let i = vz(k, "svc-inloop");
    assert_eq!(i.openingstijden, hours(&["di 09:00-12:00"]));
    assert_eq!(i.talen, vec!["Nederlands".to_string(), "Gronings".to_string()]);
    assert_eq!(i.locaties[0].adres.plaats, "Winsum");
    let r = &k.regelingen[0];
    assert_eq!((r.id.as_str(), r.artikel.as_str()), ("svc-regeling-gpk", "art. 49 RVV 1990"));
    assert_eq!(r.documenten, vec!["Medische verklaring".to_string(), "Pasfoto".to_string()]);
    assert_eq!(r.hoe_aanvragen, "Aanvraag via de gemeente");
    let w = &rep.warnings;
    assert_has(w, "organizations.csv:2: name: spaties aan begin of eind verwijderd");
    assert_has(w, "organizations.csv:3: description: letterlijke \\n omgezet in een nieuwe regel");
    assert_has(w, "services.csv:3: status: lege status, 'active' aangenomen");
    assert_has(w, "services.csv:5: dubbele rij (gelijk aan regel 3), overgeslagen");
    assert_has(w, "locations.csv:3: latitude: geen coördinaten; locatie zonder kaartpositie");
    assert_has(w, "addresses.csv:3: country: geen land opgegeven");
    assert_has(w, "schedules.csv:3: opens_at: tijd '9:00am' gelezen als 09:00");
    assert_has(w, "schedules.csv:3: closes_at: tijd '12:00pm' gelezen als 12:00");
}

#[test]
fn datapackage_folder() {
    let (k, rep) = read(&fixture("datapackage"));
    check_datapackage(&k, &rep, "datapackage");
}

/// The same package zipped (inside a folder in the zip, as many portals publish it).
fn zip_folder(src: &Path, zip_path: &Path) {
    let f = std::fs::File::create(zip_path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut names: Vec<_> = std::fs::read_dir(src).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    for p in names {
        z.start_file(format!("sociale-kaart/{}", p.file_name().unwrap().to_string_lossy()), opts).unwrap();
        z.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    z.finish().unwrap();
}

#[test]
fn datapackage_zip() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("wij-stip.zip");
    zip_folder(&fixture("datapackage"), &zip);
    let (k, rep) = read(&zip);
    check_datapackage(&k, &rep, "wij-stip.zip");
    let (folder, _) = read(&fixture("datapackage"));
    assert_eq!(normalised(k), normalised(folder));
}

// ---------------------------------------------------------------- 1.x / 2.0 tabular

#[test]
fn legacy_1x_package() {
    let (k, rep) = read(&fixture("legacy"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!((rep.organisaties, rep.voorzieningen), (1, 2));
    let o = org(&k, "1");
    assert_eq!(o.website, "https://voorbeeld-humanitas.nl", "1.x 'url' is de website");
    let t = vz(&k, "10");
    assert_eq!(t.openingstijden, hours(&["ma,wo 09:00-12:00"]));
    assert_eq!(t.taxonomie, vec!["BH-1800.8500".to_string()]);
    assert!(has(&t.trefwoorden, "Money Management"));
    assert_eq!(t.telefoon[0].nummer, "050-555 77 77");
    assert_eq!(t.talen, vec!["Nederlands".to_string(), "Engels".to_string()]);
    assert_eq!(t.locaties[0].adres.straat, "Voorbeeldstraat 5", "het bezoekadres gaat voor de postbus");
    assert_eq!(t.kosten.toelichting, "Gratis");
    let m = vz(&k, "11");
    assert_eq!(m.openingstijden, hours(&["do 13:00-16:00"]));
    assert_eq!(m.doelgroepen, vec![Doelgroep::Ouderen], "eligibility 'seniors' → ouderen");
    assert_eq!(m.trefwoorden, vec!["weduwen".to_string()]);
    assert_has(&rep.warnings, "regular_schedules.csv:2: opens_at: tijd '9:00' gelezen als 09:00");
    assert_has(
        &rep.warnings,
        "holiday_schedules.csv: 1 uitzonderingstijden (feestdagen) niet overgenomen; loket kent alleen weekroosters",
    );
}

#[test]
fn legacy_errors_use_the_files_own_field_names() {
    let (_, rep) = read(&fixture("legacy_error"));
    assert_eq!(
        rep.errors,
        vec![
            "regular_schedules.csv:2: weekday: onbekende weekdag 'funday'",
            "regular_schedules.csv:3: service_id: verwijst naar onbekende dienst '12'",
            "eligibility.csv:2: service_id: verwijst naar onbekende dienst '13'",
        ]
    );
}

// ---------------------------------------------------------------- one fixture per error kind

#[test]
fn error_unknown_reference() {
    let (_, rep) = read(&fixture("err_reference"));
    assert_eq!(rep.errors, vec!["phones.csv:3: service_id: verwijst naar onbekende dienst 'svc-7'",]);
    // a missing organisation: the service is kept under a placeholder
    assert_has(
        &rep.warnings,
        "services.csv:4: organization_id: organisatie 'org-9' ontbreekt in de bron; dienst bewaard onder 'organisatie onbekend'",
    );
    let (k, rep) = read(&fixture("err_reference.json"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert!(k.organisaties.iter().any(|o| o.id == "org-9" && o.ontbreekt_in_bron));
}

#[test]
fn error_required_field_missing() {
    let (_, rep) = read(&fixture("err_required"));
    assert_eq!(
        rep.errors,
        vec!["organizations.csv:1: name: verplichte kolom ontbreekt", "services.csv:3: name: verplicht veld ontbreekt"]
    );
    let (_, rep) = read(&fixture("err_required.json"));
    assert_eq!(rep.errors, vec!["err_required.json:5: name: verplicht veld ontbreekt"]);
}

/// A wrong value in an optional field is left out with a warning naming it; the record stays.
#[test]
fn wrong_optional_values_are_dropped_with_a_warning() {
    let (k, rep) = read(&fixture("err_type"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    for w in [
        "services.csv:2: minimum_age: geen geheel getal: 'twaalf'; weggelaten",
        "services.csv:3: status: onbekende status 'gesloten' behouden",
        "services.csv:3: assured_date: datum '01-02-2026' gelezen als 2026-02-01",
        "schedules.csv:2: opens_at: geen tijd (UU:MM): 'kwart voor negen'; weggelaten",
    ] {
        assert_has(&rep.warnings, w);
    }
    assert_eq!(k.voorzieningen.len(), 2);
    assert_eq!(vz(&k, "svc-2").laatst_geverifieerd, date(2026, 2, 1));
    let (k, rep) = read(&fixture("err_type.json"));
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(k.voorzieningen.len(), 1);
}

#[test]
fn error_json_syntax_has_a_line() {
    let (k, rep) = read(&fixture("err_syntax.json"));
    assert_eq!(rep.errors, vec!["err_syntax.json:3: ongeldige JSON: verwacht ',' of '}'"]);
    assert!(k.voorzieningen.is_empty());
}

// ---------------------------------------------------------------- atomic, skip-invalid, check, re-import

#[test]
fn import_with_errors_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(dir.path());
    let first = import_path(&s, &fixture("datapackage"), &ImportOptions::default()).unwrap();
    assert!(first.written);
    let before = load(&s);
    let count = store_kaart::count_records(&s);
    for bad in ["err_reference", "err_required", "err_syntax.json"] {
        let rep = import_path(&s, &fixture(bad), &ImportOptions::default()).unwrap();
        assert!(!rep.written, "{bad}");
        assert!(!rep.errors.is_empty(), "{bad}");
    }
    assert_eq!(store_kaart::count_records(&s), count);
    assert_eq!(load(&s), before, "de opslag is onveranderd");
}

#[test]
fn all_errors_are_listed_not_just_the_first() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        ("services.csv", b"id,organization_id,name\n,org-1,Zonder id\nsvc-2,org-1,\n"),
    ]);
    let rep =
        import_path(&store_in(tempfile::tempdir().unwrap().path()), dir.path(), &ImportOptions::default()).unwrap();
    assert_eq!(rep.errors.len(), 2, "{:#?}", rep.errors);
}

#[test]
fn skip_invalid_writes_only_the_valid_records() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(dir.path());
    let opts = ImportOptions { skip_invalid: true, ..Default::default() };
    let rep = import_path(&s, &fixture("err_reference"), &opts).unwrap();
    assert!(rep.written);
    assert_eq!(rep.errors.len(), 1, "de fout staat er nog steeds bij");
    assert_has(&rep.warnings, "  afgewezen: telefoonnummer (phones.csv:3)");
    let k = load(&s);
    let mut ids: Vec<_> = k.voorzieningen.iter().map(|v| v.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["svc-1", "svc-2", "svc-3"], "svc-3 onder een plaatshouder voor org-9");
    assert_eq!(k.organisaties.len(), 2);
    assert_eq!(vz(&k, "svc-1").telefoon.len(), 1, "het telefoonnummer met een foute verwijzing valt weg");
}

#[test]
fn skip_invalid_keeps_services_with_wrong_optional_values() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(dir.path());
    let opts = ImportOptions { skip_invalid: true, ..Default::default() };
    let rep = import_path(&s, &fixture("err_type"), &opts).unwrap();
    // svc-1 has a bad age and a bad schedule, svc-2 an unknown status and a Dutch date: kept.
    assert!(rep.written);
    assert_eq!(rep.voorzieningen, 2);
    assert_eq!(store_kaart::count_records(&s), 2);
}

#[test]
fn check_only_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(dir.path());
    let rep =
        import_path(&s, &fixture("datapackage"), &ImportOptions { check_only: true, ..Default::default() }).unwrap();
    assert!(!rep.written);
    assert!(rep.errors.is_empty());
    assert_eq!(rep.voorzieningen, 2);
    assert_eq!(store_kaart::count_records(&s), 0);
}

#[test]
fn reimport_updates_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let s = store_in(dir.path());
    import_path(&s, &fixture("datapackage"), &ImportOptions::default()).unwrap();
    import_path(&s, &fixture("service.json"), &ImportOptions::default()).unwrap();
    let once = load(&s);
    let n = store_kaart::count_records(&s);
    assert_eq!(n, 2 + 2 + 1 + 1 + 1);
    import_path(&s, &fixture("datapackage"), &ImportOptions::default()).unwrap();
    let zip_dir = tempfile::tempdir().unwrap();
    assert_eq!(store_kaart::count_records(&s), n, "geen dubbele records");
    assert_eq!(load(&s), once);
    // The same data from another file: same ids, so still no duplicates (only the source changes).
    let zip = zip_dir.path().join("datapackage.zip");
    zip_folder(&fixture("datapackage"), &zip);
    import_path(&s, &zip, &ImportOptions::default()).unwrap();
    assert_eq!(store_kaart::count_records(&s), n);
    assert_eq!(vz(&load(&s), "svc-inloop").bron.naam, "datapackage.zip");
}

// ---------------------------------------------------------------- round trip

/// A map that uses every field loket exports.
fn rich() -> Kaart {
    let bron = Bron { soort: "handmatig".into(), naam: String::new() };
    Kaart {
        organisaties: vec![
            Organisatie {
                id: "org-a".into(),
                naam: "Welzijn Noord".into(),
                beschrijving: "Welzijnswerk,\nmet \"aanhalingstekens\" en komma's.".into(),
                website: "https://voorbeeld-noord.nl".into(),
                email: "info@voorbeeld-noord.nl".into(),
                telefoon: vec![
                    Telefoon { nummer: "050-555 01 01".into(), omschrijving: "algemeen".into() },
                    Telefoon { nummer: "050-555 01 02".into(), omschrijving: String::new() },
                ],
                adres: Adres {
                    straat: "Voorbeeldstraat 1".into(),
                    postcode: "9700 AA".into(),
                    plaats: "Groningen".into(),
                },
                gemeente: "Groningen".into(),
                bron: bron.clone(),
                contactpersoon: Contactpersoon {
                    naam: "Sanne de Vries".into(),
                    functie: "coördinator sociale kaart".into(),
                    telefoon: vec![
                        Telefoon { nummer: "050-555 01 40".into(), omschrijving: "direct".into() },
                        Telefoon { nummer: "06 1234 5678".into(), omschrijving: String::new() },
                    ],
                    email: "s.devries@voorbeeld-noord.nl".into(),
                },
                ..Default::default()
            },
            Organisatie { id: "org-b".into(), naam: "Zonder adres".into(), ..Default::default() },
        ],
        voorzieningen: vec![
            Voorziening {
                id: "vz-crisis".into(),
                organisatie_id: "org-a".into(),
                naam: "Crisisdienst".into(),
                beschrijving: "Dag en nacht.".into(),
                categorie: "crisis".into(),
                trefwoorden: vec!["nood".into(), "spoed".into()],
                taxonomie: vec!["RP-1500.1400".into(), "loket-eigen code".into()],
                wet: Wet::Wmo,
                toegang: Toegang::Vrij,
                doelgroepen: vec![Doelgroep::Iedereen, Doelgroep::Ggz],
                leeftijd: Leeftijd { min: Some(0), max: Some(120) },
                werkgebied: Werkgebied {
                    gemeenten: vec!["Groningen".into(), "Het Hogeland".into()],
                    wijken: vec!["Beijum".into()],
                },
                locaties: vec![
                    Locatie {
                        naam: "Hoofdpost".into(),
                        adres: Adres {
                            straat: "Voorbeeldweg 2".into(),
                            postcode: "9711 AB".into(),
                            plaats: "Groningen".into(),
                        },
                        gemeente: "Groningen".into(),
                        wijk: "Centrum".into(),
                    },
                    Locatie { naam: "Alleen een naam".into(), ..Default::default() },
                    Locatie {
                        naam: String::new(),
                        adres: Adres { straat: String::new(), postcode: "9999 ZZ".into(), plaats: "Ergens".into() },
                        gemeente: String::new(),
                        wijk: String::new(),
                    },
                ],
                openingstijden: hours(&["24/7"]),
                telefoon: vec![Telefoon { nummer: "0800-555 0000".into(), omschrijving: "crisis".into() }],
                email: "crisis@voorbeeld-noord.nl".into(),
                website: "https://voorbeeld-noord.nl/crisis".into(),
                kosten: Kosten {
                    soort: KostenSoort::Verzekerd,
                    bedrag_cent: None,
                    eenheid: String::new(),
                    toelichting: "eigen risico".into(),
                },
                wachttijd: "geen".into(),
                aanvraag: "Bellen".into(),
                documenten: vec!["ID-bewijs".into(), "Verzekeringspas".into()],
                talen: vec!["Nederlands".into(), "Arabisch".into()],
                laatst_geverifieerd: date(2026, 2, 1),
                laatst_gewijzigd: date(2026, 1, 31),
                bron: bron.clone(),
                ..Default::default()
            },
            Voorziening {
                id: "vz-nacht".into(),
                organisatie_id: "org-a".into(),
                naam: "Nachtopvang".into(),
                openingstijden: hours(&["ma-zo 21:00-24:00", "ma-zo 00:00-09:00", "za 12:15-13:45"]),
                kosten: Kosten {
                    soort: KostenSoort::EigenBijdrage,
                    bedrag_cent: Some(1),
                    eenheid: "per nacht".into(),
                    toelichting: String::new(),
                },
                ..Default::default()
            },
            Voorziening { id: "vz-kaal".into(), naam: "Zonder organisatie".into(), ..Default::default() },
        ],
        regelingen: vec![Regeling {
            id: "rg-pgb".into(),
            naam: "Persoonsgebonden budget".into(),
            wet: Wet::Jeugdwet,
            artikel: "art. 8.1.1 Jeugdwet".into(),
            beschrijving: "Zelf zorg inkopen.".into(),
            voor_wie: "Ouders van kinderen met een indicatie".into(),
            toegang: Toegang::MaatwerkMelding,
            organisatie_id: "org-a".into(),
            waar_aanvragen: "Bij het wijkteam".into(),
            hoe_aanvragen: "Melding doen".into(),
            wat_zeggen: "Vraag naar het budgetplan.".into(),
            meegeven: "Folder pgb".into(),
            documenten: vec!["Budgetplan".into()],
            kosten: Kosten {
                soort: KostenSoort::Abonnementstarief,
                bedrag_cent: Some(2160),
                eenheid: "per maand".into(),
                toelichting: String::new(),
            },
            doelgroepen: vec![Doelgroep::Ouders, Doelgroep::Jeugd],
            leeftijd: Leeftijd { min: None, max: Some(17) },
            werkgebied: Werkgebied { gemeenten: vec!["Groningen".into()], wijken: vec![] },
            trefwoorden: vec!["pgb".into()],
            laatst_geverifieerd: date(2025, 12, 1),
            laatst_gewijzigd: None,
            bron,
            ..Default::default()
        }],
    }
}

fn round_trip(k: &Kaart, format: ExportFormat) {
    let dir = tempfile::tempdir().unwrap();
    let n = export_dir(k, format, dir.path(), false).unwrap();
    assert_eq!(n, k.organisaties.len() + k.voorzieningen.len() + k.regelingen.len());
    let (back, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let name = dir.path().file_name().unwrap().to_string_lossy().into_owned();
    assert!(back.voorzieningen.iter().all(|v| v.bron == Bron { soort: "hsds-import".into(), naam: name.clone() }));
    let (a, b) = (normalised(k.clone()), normalised(back));
    // Per record first: a failure then names the record.
    for (x, y) in a.voorzieningen.iter().zip(&b.voorzieningen) {
        assert_eq!(x, y);
    }
    for (x, y) in a.regelingen.iter().zip(&b.regelingen) {
        assert_eq!(x, y);
    }
    for (x, y) in a.organisaties.iter().zip(&b.organisaties) {
        assert_eq!(x, y);
    }
    assert_eq!(a, b);
}

#[test]
fn round_trip_rich_csv_and_json() {
    round_trip(&rich(), ExportFormat::Csv);
    round_trip(&rich(), ExportFormat::Json);
}

#[test]
fn round_trip_synth_csv_and_json() {
    let k = synth::generate(300, 1);
    round_trip(&k, ExportFormat::Csv);
    round_trip(&k, ExportFormat::Json);
}

fn demo() -> Option<Kaart> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sociale_kaart.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("demodata {} niet gevonden, overgeslagen", path.display());
        return None;
    };
    Some(toml::from_str(&text).expect("demodata leesbaar"))
}

#[test]
fn round_trip_demo_csv_and_json() {
    let Some(k) = demo() else { return };
    assert!(!k.voorzieningen.is_empty());
    round_trip(&k, ExportFormat::Csv);
    round_trip(&k, ExportFormat::Json);
}

#[test]
fn round_trip_through_the_store() {
    let k = rich();
    let exp = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Csv, exp.path(), false).unwrap();
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_path(&s, exp.path(), &ImportOptions::default()).unwrap();
    assert!(rep.written, "{:#?}", rep.errors);
    let back = load(&s);
    // loket's own export read back maps whole: no copy of the source object is kept
    assert!(back.voorzieningen.iter().all(|v| v.hsds.is_empty()));
    assert!(back.organisaties.iter().all(|o| o.hsds.is_empty()));
    assert_eq!(normalised(back), normalised(k));
}

// ---------------------------------------------------------------- JSON Schema

fn hsds_dir() -> Option<PathBuf> {
    shared("hsds-3.0/schema/compiled/service_with_definitions.json")?;
    shared("hsds-3.0")
}

/// A validator that also asserts formats (uuid, email, uri, date-time), as HSDS tools do. The
/// compiled schema names no draft; HSDS 3.0 is written for 2020-12. "csv" (a format of the
/// datapackage fields) is not a standard format and is ignored.
fn strict_validator(schema: &serde_json::Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(schema)
        .expect("schema compileert")
}

fn read_json(p: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

/// Validate every object of `file` against `schema`; returns the number validated.
fn validate_all(schema: &serde_json::Value, file: &Path) -> usize {
    let validator = strict_validator(schema);
    let items = read_json(file);
    let items = items.as_array().expect("een lijst");
    for item in items {
        let errors: Vec<String> =
            validator.iter_errors(item).map(|e| format!("{} bij {}", e, e.instance_path)).collect();
        assert!(errors.is_empty(), "{} {}: {errors:#?}", file.display(), item["id"]);
    }
    items.len()
}

/// The compiled service schema carries the other definitions: validate against one of them.
fn definition(service_schema: &serde_json::Value, name: &str) -> serde_json::Value {
    serde_json::json!({
        "$ref": format!("#/definitions/{name}"),
        "definitions": service_schema["definitions"].clone(),
    })
}

#[test]
fn exported_json_validates_against_the_hsds_schema() {
    let Some(hsds) = hsds_dir() else { return };
    let service_schema = read_json(&hsds.join("schema/compiled/service_with_definitions.json"));
    let org_schema = definition(&service_schema, "organization");
    let taxonomy_schema = definition(&service_schema, "taxonomy");
    let term_schema = definition(&service_schema, "taxonomy_term");
    let mut maps = vec![rich(), synth::generate(300, 1)];
    maps.extend(demo());
    maps.push(read(&fixture("service.json")).0);
    // imported entries are written back from their source records
    maps.push(read(&fixture("legacy")).0);
    maps.push(read(&fixture("datapackage")).0);
    for k in maps {
        let dir = tempfile::tempdir().unwrap();
        export_dir(&k, ExportFormat::Json, dir.path(), false).unwrap();
        let n = validate_all(&service_schema, &dir.path().join("services.json"));
        assert_eq!(n, k.voorzieningen.len() + k.regelingen.len());
        assert_eq!(validate_all(&org_schema, &dir.path().join("organizations.json")), k.organisaties.len());
        validate_all(&taxonomy_schema, &dir.path().join("taxonomies.json"));
        assert!(validate_all(&term_schema, &dir.path().join("taxonomy_terms.json")) > 30);
    }
    // And the check bites: an invalid service is caught, formats included.
    let validator = strict_validator(&service_schema);
    let id = "ac148810-d857-441c-9679-408f346de14b";
    assert!(validator.is_valid(&serde_json::json!({"id": id, "name": "y", "status": "active"})));
    assert!(!validator.is_valid(&serde_json::json!({"id": id, "name": "y", "status": "misschien"})));
    assert!(!validator.is_valid(&serde_json::json!({"id": id, "status": "active"})));
    assert!(!validator.is_valid(&serde_json::json!({"id": "svc-1", "name": "y", "status": "active"})), "uuid");
    assert!(!validator.is_valid(&serde_json::json!({"id": id, "name": "y", "status": "active", "email": "geen mail"})));
    assert!(!validator.is_valid(&serde_json::json!({"id": id, "name": "y", "status": "active", "url": "www.x.nl"})));
}

#[test]
fn exported_package_lists_every_table() {
    let dir = tempfile::tempdir().unwrap();
    export_dir(&rich(), ExportFormat::Csv, dir.path(), false).unwrap();
    let dp = read_json(&dir.path().join("datapackage.json"));
    let names: Vec<&str> = dp["resources"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    for t in [
        "organizations",
        "services",
        "locations",
        "service_at_location",
        "addresses",
        "phones",
        "schedules",
        "cost_options",
        "required_documents",
        "languages",
        "taxonomies",
        "taxonomy_terms",
        "attributes",
        "contacts",
    ] {
        let resource =
            loket::interchange::model::T::from_name(t).map(loket::interchange::export::resource_name).unwrap();
        assert!(names.contains(&resource), "{resource}");
        assert!(dir.path().join(format!("{t}.csv")).exists());
    }
    let services = std::fs::read_to_string(dir.path().join("services.csv")).unwrap();
    assert!(services.starts_with("id,organization_id,program_id,name,"), "kolommen in de volgorde van de specificatie");
    let attrs = std::fs::read_to_string(dir.path().join("attributes.csv")).unwrap();
    let (svc, term) = (
        loket::interchange::export::hsds_id("vz-crisis"),
        loket::interchange::export::hsds_id_of(loket::interchange::model::T::TaxonomyTerms, "loket:wet:wmo"),
    );
    assert!(attrs.contains(&format!(",{svc},{term},,service,\n")), "{attrs}");
    assert!(attrs.contains(&format!(
        ",{svc},{},,service,vz-crisis\n",
        loket::interchange::export::hsds_id_of(loket::interchange::model::T::TaxonomyTerms, "loket:id")
    )));
    let sched = std::fs::read_to_string(dir.path().join("schedules.csv")).unwrap();
    assert!(sched.contains("\"MO,TU,WE,TH,FR,SA,SU\",,,,,00:00,00:00"), "{sched}");
}

#[test]
fn missing_path_is_an_error() {
    let e = read_path(Path::new("/bestaat/niet.json"), &ImportOptions::default()).unwrap_err();
    assert!(e.to_string().contains("bestaat niet"), "{e}");
}

#[test]
fn error_minimum_age_above_maximum_age() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(fixture("datapackage")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    let services = dir.path().join("services.csv");
    let text = std::fs::read_to_string(&services).unwrap();
    // svc-dagbesteding: minimum_age 65, maximum_age set to 12
    let text = text.replacen("ongeveer 4 weken,65,,", "ongeveer 4 weken,65,12,", 1);
    std::fs::write(&services, text).unwrap();
    let (_, report) = loket::interchange::read_path(dir.path(), &Default::default()).unwrap();
    assert_eq!(report.errors, vec!["services.csv:2: minimum_age: 65 is hoger dan maximum_age 12".to_string()]);
}

// ---------------------------------------------------------------- packages as they are published

/// `shared/<rel>` in the nearest ancestor of the crate that has it (a worktree sits deeper
/// than the checkout); the HSDS reference is read from there, never copied. Absent is a failure.
fn shared(rel: &str) -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in manifest.ancestors() {
        let p = dir.join("shared").join(rel);
        if p.exists() {
            return Some(p);
        }
    }
    panic!("shared/{rel} niet gevonden boven {}", manifest.display());
}

fn search_ids(k: Kaart, query: &str) -> Vec<String> {
    let cat = loket::catalog::Catalog::build(k);
    loket::cli::zoek(&cat, query, 5000).into_iter().map(|h| h.id).collect()
}

#[test]
fn official_hsds_3_example_package_imports() {
    let Some(dir) = shared("hsds-3.0/examples/csv") else { return };
    let (k, rep) = read(&dir);
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!((rep.organisaties, rep.voorzieningen, rep.regelingen), (1, 1, 0), "{:#?}", rep.warnings);
    let v = vz(&k, "ac148810-d857-441c-9679-408f346de14b");
    assert_eq!(v.naam, "Community Counselling");
    assert_eq!(v.organisatie_id, "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610");
    assert_eq!(v.openingstijden, hours(&["do,vr 10:00-18:00"]));
    assert_eq!(v.talen, vec!["Urdu".to_string()]);
    assert_eq!(v.locaties.len(), 1);
    assert_eq!(v.locaties[0].naam, "MyCity Civic Center");
    assert_eq!(v.locaties[0].adres.plaats, "MyCity");
    assert_eq!(v.telefoon[0].nummer, "\"+44 1234 234567\"");
    assert_eq!(v.leeftijd, Leeftijd { min: Some(12), max: Some(100) });
    assert_eq!(v.kosten.bedrag_cent, Some(3500));
    let w = &rep.warnings;
    assert_has(
        w,
        "locations.csv:2: organization_id: verwijst naar onbekende organisatie '985e4a42-bd9f-4edc-911d-0243a4640aca'; verwijzing weggelaten",
    );
    assert_has(
        w,
        "taxonomy_terms.csv:2: taxonomy_id: verwijst naar onbekende taxonomie '07ff6aee-a219-438c-b694-d2fcb6c5373b'; verwijzing weggelaten",
    );
    assert_has(w, "attributes.csv:2: link_entity: onbekende soort 'link_entity'; attribuut overgeslagen");
    assert_has(w, "funding.csv: 1 rij niet overgenomen: loket bewaart geen financiering (funding)");
    assert_has(w, "programs.csv: 1 rij niet overgenomen: loket bewaart geen programma's (programs)");
    assert_has(w, "accessibility.csv: 1 rij niet overgenomen: loket bewaart geen toegankelijkheid (accessibility)");
    // Written without --skip-invalid, and found like `loket zoek` finds it.
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_path(&s, &dir, &ImportOptions::default()).unwrap();
    assert!(rep.written);
    let hits = search_ids(load(&s), "Community Counselling");
    assert_eq!(hits.first().map(String::as_str), Some("ac148810-d857-441c-9679-408f346de14b"));
}

/// A 1.x package as a US 211 directory publishes it, with every quirk of issue 12, under data/.
/// Returns the package folder and the ids of the services that are really wrong (unknown
/// organization), which must be the only ones rejected.
struct Published {
    dir: tempfile::TempDir,
    services: usize,
    wrong: Vec<String>,
}

const AIRS: [(&str, &str); 6] = [
    ("BD-1800.2000", "Food Pantries"),
    ("BH-1800.8500", "Money Management"),
    ("LR-8000", "Vision Screening"),
    ("PH-2360.2100", "Caregiver Support"),
    ("RP-1400.8000-800", "Substance Use Counseling"),
    ("TJ-3000.8000", "Tax Preparation Assistance"),
];

/// A made-up word per number, so every service has a name of its own.
fn word(mut i: usize) -> String {
    const SYL: [&str; 16] =
        ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "be", "do", "fu", "ga", "hi", "jo", "pe", "wu"];
    let mut w = String::new();
    for _ in 0..3 {
        w.push_str(SYL[i % 16]);
        i /= 16;
    }
    let mut c = w.chars();
    c.next().unwrap().to_uppercase().chain(c).collect()
}

fn published_1x(n_services: usize) -> Published {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let mut files: Vec<(&str, String)> = Vec::new();
    let n_org = n_services / 4;
    let mut orgs = String::from("id,name,alternate_name,description,email,url,legal_status\n");
    for o in 0..n_org {
        orgs += &format!(
            "o{o},{} Community Services,,Serving the county since 19{:02}.,,https://example.org/o{o},\n",
            word(o + 5000),
            o % 100
        );
    }
    files.push(("organizations.csv", orgs));
    let mut svcs = String::from(
        "id,organization_id,program_id,name,alternate_name,description,url,email,status,interpretation_services,application_process,wait_time,fees,accreditations,licenses\r\n",
    );
    let mut wrong = Vec::new();
    for s in 0..n_services {
        // One in 200 services names an organization that does not exist: really wrong.
        let org = if s % 200 == 199 {
            wrong.push(format!("s{s}"));
            format!("o-missing-{s}")
        } else {
            format!("o{}", s / 4)
        };
        let (_, label) = AIRS[s % AIRS.len()];
        svcs += &format!(
            "s{s},{org},,{} {label},,\"Walk-in help.\nCall first, \"\"please\"\".\",,,active,,Call,,Free,,\r\n",
            word(s)
        );
    }
    files.push(("services.csv", svcs));
    let mut locs =
        String::from("id,organization_id,name,alternate_name,description,transportation,latitude,longitude\n");
    let mut addrs = String::from("id,location_id,attention,address_1,address_2,address_3,address_4,city,region,state_province,postal_code,country\n");
    let mut sal = String::from("id,service_id,location_id,description\n");
    for o in 0..n_org {
        // Every 7th location names an organization that is not in the package.
        let owner = if o % 7 == 3 { format!("o-elsewhere-{o}") } else { format!("o{o}") };
        locs += &format!("l{o},{owner},Site {o},,,,40.{o},-74.{o}\n");
        addrs += &format!("a{o},l{o},,{o} Main Street,,,,Springfield,,NJ,07081,US\n");
    }
    for s in 0..n_services {
        sal += &format!("sal{s},s{s},l{},\n", s / 4);
    }
    files.push(("locations.csv", locs));
    files.push(("physical_addresses.csv", addrs));
    files.push(("services_at_location.csv", sal));
    let mut phones = String::from("id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description\n");
    for s in 0..n_services {
        if s % 3 == 0 {
            // Only through the service-at-location (the table is 'services_at_location').
            phones += &format!("p{s},,,,,sal{s},555-01{:02},,voice,,\n", s % 100);
        } else {
            phones += &format!("p{s},,s{s},,,sal-gone-{s},555-02{:02},,voice,,\n", s % 100);
        }
        if s % 50 == 7 {
            // A wrong phone: takes only itself down.
            phones += &format!("pbad{s},,s-none-{s},,,,555-0300,,voice,,\n");
        }
    }
    files.push(("phones.csv", phones));
    let mut sched = String::from("id,service_id,location_id,service_at_location_id,weekday,opens_at,closes_at\n");
    for s in 0..n_services {
        let id = if s % 10 == 0 { String::new() } else { format!("r{s}") };
        sched += &format!("{id},s{s},,,Monday,9:00am,5:00pm\n");
        if s % 100 == 42 {
            sched += &format!("rbad{s},s{s},,,Funday,09:00,12:00\n");
        }
    }
    files.push(("regular_schedules.csv", sched));
    let mut langs = String::from("id,service_id,location_id,language\n");
    for s in 0..n_services {
        // The service's own id on each of its language rows.
        langs += &format!("s{s},s{s},,English\ns{s},s{s},,Spanish\n");
    }
    files.push(("languages.csv", langs));
    let mut elig = String::from("id,service_id,eligibility\n");
    for s in 0..n_services {
        elig += &format!("e{s},s{s},seniors\n");
        if s % 25 == 0 {
            elig += ",,everyone\n";
        }
    }
    files.push(("eligibility.csv", elig));
    let mut tax = String::from("id,name,parent_id,parent_name,vocabulary\n");
    for (code, name) in AIRS {
        tax += &format!("{code},{name},,,AIRS\n");
    }
    files.push(("taxonomy.csv", tax));
    let mut st = String::from("id,service_id,taxonomy_id,taxonomy_detail\n");
    for s in 0..n_services {
        st += &format!("st{s},s{s},{},\n", AIRS[s % AIRS.len()].0);
    }
    files.push(("services_taxonomy.csv", st));
    let resources: Vec<serde_json::Value> = files
        .iter()
        .map(|(f, _)| {
            let name = f.trim_end_matches(".csv");
            serde_json::json!({"name": name, "path": format!("data/{f}"), "format": "csv"})
        })
        .collect();
    for (f, text) in &files {
        std::fs::write(data.join(f), text).unwrap();
    }
    let dp = serde_json::json!({"name": "211-export", "resources": resources});
    std::fs::write(dir.path().join("datapackage.json"), serde_json::to_string_pretty(&dp).unwrap()).unwrap();
    Published { dir, services: n_services, wrong }
}

fn zip_tree(src: &Path, zip_path: &Path) {
    let f = std::fs::File::create(zip_path).unwrap();
    let mut z = zip::ZipWriter::new(f);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    fn add(z: &mut zip::ZipWriter<std::fs::File>, root: &Path, dir: &Path, opts: zip::write::SimpleFileOptions) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                add(z, root, &p, opts);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                z.start_file(format!("export-2026/{rel}"), opts).unwrap();
                z.write_all(&std::fs::read(&p).unwrap()).unwrap();
            }
        }
    }
    add(&mut z, src, src, opts);
    z.finish().unwrap();
}

fn check_published(p: &Published, path: &Path) {
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_path(&s, path, &ImportOptions { skip_invalid: true, ..Default::default() }).unwrap();
    assert!(rep.written, "{:#?}", &rep.errors[..rep.errors.len().min(20)]);
    let k = load(&s);
    let imported = k.voorzieningen.len();
    assert!(imported * 100 >= p.services * 99, "{imported} van {} diensten", p.services);
    // Services whose organisation is missing are kept (under a placeholder), with a warning.
    let mut missing: Vec<String> =
        (0..p.services).map(|i| format!("s{i}")).filter(|id| !k.voorzieningen.iter().any(|v| &v.id == id)).collect();
    missing.sort();
    assert!(missing.is_empty(), "{missing:?}");
    for id in &p.wrong {
        let v = k.voorzieningen.iter().find(|v| &v.id == id).unwrap();
        assert!(k.organisaties.iter().any(|o| o.id == v.organisatie_id && o.ontbreekt_in_bron), "{id}");
    }
    assert_has(
        &rep.warnings,
        "data/services.csv:400: organization_id: organisatie 'o-missing-199' ontbreekt in de bron; dienst bewaard onder 'organisatie onbekend'",
    );
    // Wrong child rows are errors, but their services stay.
    assert_has(&rep.errors, "data/phones.csv:10: service_id: verwijst naar onbekende dienst 's-none-7'");
    assert_has(&rep.errors, "data/regular_schedules.csv:45: weekday: onbekende weekdag 'funday'");
    let s7 = vz(&k, "s7");
    assert_eq!(s7.telefoon.len(), 1);
    let s42 = vz(&k, "s42");
    assert_eq!(s42.openingstijden, hours(&["ma 09:00-17:00"]), "the good schedule row stays");
    // The tolerated quirks, each with its warning.
    let s0 = vz(&k, "s0");
    assert_eq!(s0.openingstijden, hours(&["ma 09:00-17:00"]), "schedule with an empty id");
    assert_eq!(s0.talen, vec!["English".to_string(), "Spanish".to_string()], "language rows repeating the service id");
    assert_eq!(s0.telefoon[0].nummer, "555-0100", "phone via services_at_location");
    assert_eq!(vz(&k, "s1").telefoon[0].nummer, "555-0201", "dangling service_at_location link dropped");
    assert_eq!(s0.doelgroepen, vec![Doelgroep::Ouderen]);
    assert_eq!(s0.beschrijving, "Walk-in help.\nCall first, \"please\".");
    // Location 3 names an organization elsewhere: its services keep their address.
    assert_eq!(vz(&k, "s12").locaties[0].adres.straat, "3 Main Street");
    let w = &rep.warnings;
    assert_has(w, "data/regular_schedules.csv:2: id: lege id; 'data/regular_schedules.csv:2' gegenereerd");
    assert_has(
        w,
        "data/languages.csv:3: id: 's0' komt al voor (data/languages.csv:2); 'data/languages.csv:3#1' gegenereerd",
    );
    assert_has(w, "data/eligibility.csv:3: attribuut hoort bij geen dienst, locatie of organisatie; overgeslagen");
    assert_has(
        w,
        "data/locations.csv:5: organization_id: verwijst naar onbekende organisatie 'o-elsewhere-3'; verwijzing weggelaten",
    );
    assert_has(
        w,
        "data/phones.csv:3: service_at_location_id: verwijst naar onbekende dienst-op-locatie 'sal-gone-1'; verwijzing weggelaten",
    );
    // Searchable by name and by AIRS code, as `loket zoek` searches.
    let name = format!("{} {}", word(517), AIRS[517 % AIRS.len()].1);
    assert_eq!(search_ids(k.clone(), &name).first().map(String::as_str), Some("s517"), "{name}");
    let food: Vec<String> = search_ids(k.clone(), "BD-1800.2000");
    let want: Vec<&String> =
        k.voorzieningen.iter().filter(|v| v.taxonomie == ["BD-1800.2000"]).map(|v| &v.id).collect();
    assert!(want.len() > 150);
    assert!(want.iter().all(|id| food.contains(id)), "elke dienst met BD-1800.2000 wordt gevonden");
}

#[test]
fn published_1x_package_with_resources_under_data_folder_and_zip() {
    let p = published_1x(1000);
    check_published(&p, p.dir.path());
    let z = tempfile::tempdir().unwrap();
    let zip = z.path().join("211-export.zip");
    zip_tree(p.dir.path(), &zip);
    check_published(&p, &zip);
}

// ---------------------------------------------------------------- file:line is the physical line

fn pkg(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

const ORGS: &[u8] = b"id,name\norg-1,Welzijn Noord\n";

#[test]
fn error_line_in_a_crlf_file() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        (
            "services.csv",
            b"id,organization_id,name,minimum_age\r\nsvc-1,org-1,Maaltijden,65\r\nsvc-2,org-1,Klusjes,twaalf\r\n",
        ),
    ]);
    let (_, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_has(&rep.warnings, "services.csv:3: minimum_age: geen geheel getal: 'twaalf'; weggelaten");
}

#[test]
fn error_line_after_and_inside_a_multi_line_field() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        (
            "services.csv",
            b"id,organization_id,name,description,status\n\
svc-1,org-1,Maaltijden,\"Warm eten\nthuisbezorgd\nelke dag\",gesloten\n\
svc-2,org-1,Klusjes,\"Kleine\r\nklussen\",active\n\
svc-3,org-1,Vervoer,Rolstoelbus,misschien\n",
        ),
    ]);
    let (_, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(
        rep.warnings,
        vec![
            "services.csv:4: status: onbekende status 'gesloten' behouden",
            "services.csv:7: status: onbekende status 'misschien' behouden",
        ]
    );
}

#[test]
fn error_truncated_csv() {
    // Cut off inside a quoted field.
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        (
            "services.csv",
            b"id,organization_id,name,description\nsvc-1,org-1,Maaltijden,Warm eten\nsvc-2,org-1,Klusjes,\"Kleine kl",
        ),
    ]);
    let (_, rep) = read(dir.path());
    assert_eq!(
        rep.errors,
        vec!["services.csv:3: description: aanhalingsteken niet gesloten; is het bestand afgekapt?"]
    );
    // Cut off between fields.
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        ("services.csv", b"id,organization_id,name,description\nsvc-1,org-1,Maaltijden,Warm eten\nsvc-2,org-1"),
    ]);
    let (_, rep) = read(dir.path());
    assert_eq!(rep.errors, vec!["services.csv:3: regel heeft 2 velden, de kopregel 4; is het bestand afgekapt?"]);
}

#[test]
fn windows_1252_is_read_with_a_warning() {
    let dir = pkg(&[
        ("organizations.csv", b"id,name\norg-1,Welzijn Noord\norg-2,Caf\xe9 de Kroeg \x96 inloop\n"),
        ("services.csv", b"id,organization_id,name\nsvc-1,org-2,Koffie \x80 1\n"),
    ]);
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(org(&k, "org-2").naam, "Café de Kroeg – inloop");
    assert_eq!(vz(&k, "svc-1").naam, "Koffie € 1");
    assert_has(&rep.warnings, "organizations.csv:3: geen UTF-8-tekst; het bestand is gelezen als Windows-1252");
    assert_has(&rep.warnings, "services.csv:2: geen UTF-8-tekst; het bestand is gelezen als Windows-1252");
}

#[test]
fn error_byte_invalid_in_windows_1252_too() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        (
            "services.csv",
            b"id,organization_id,name,description\nsvc-1,org-1,Caf\xe9,Goed\nsvc-2,org-1,Klusjes,\"Kl\nus\x81sen\"\n",
        ),
    ]);
    let (_, rep) = read(dir.path());
    assert_eq!(rep.errors, vec!["services.csv:4: description: ongeldig teken (byte 0x81), ook in Windows-1252"]);
}

#[test]
fn error_invalid_datapackage_json_has_its_line() {
    let dir = pkg(&[
        (
            "datapackage.json",
            b"{\n  \"resources\": [\n    {\"name\": \"services\", \"path\": \"services.csv\",}\n  ]\n}\n",
        ),
        ("organizations.csv", ORGS),
        ("services.csv", b"id,organization_id,name\nsvc-1,org-1,Maaltijden\n"),
    ]);
    let (_, rep) = read(dir.path());
    assert_eq!(rep.errors, vec!["datapackage.json:3: ongeldige JSON: verwacht een veldnaam tussen aanhalingstekens"]);
}

#[test]
fn missing_resource_files_are_named() {
    let dir = pkg(&[
        (
            "datapackage.json",
            b"{\"resources\": [\n {\"name\": \"organizations\", \"path\": \"data/organizations.csv\"},\n {\"name\": \"services\", \"path\": \"data/services.csv\"},\n {\"name\": \"phones\", \"path\": \"data/phones.csv\"}\n]}\n",
        ),
        ("data/organizations.csv", ORGS),
        ("data/services.csv", b"id,organization_id,name\nsvc-1,org-1,Maaltijden\n"),
    ]);
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(vz(&k, "svc-1").naam, "Maaltijden");
    assert_has(&rep.warnings, "datapackage.json:4: path: bestand 'data/phones.csv' van resource 'phones' ontbreekt");
}

#[test]
fn a_huge_text_is_cut_at_import() {
    let mut services = b"id,organization_id,name,description\nsvc-1,org-1,Maaltijden,".to_vec();
    services.extend(std::iter::repeat_n(b'x', 10_000_000));
    services.push(b'\n');
    let dir = pkg(&[("organizations.csv", ORGS), ("services.csv", &services)]);
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty());
    assert_eq!(vz(&k, "svc-1").beschrijving.chars().count(), 20_000);
    assert_has(&rep.warnings, "services.csv:2: description: tekst van 10000000 tekens ingekort tot 20000");
}

#[test]
fn error_json_that_is_not_quite_json() {
    for (text, msg) in [
        (
            "[{\"id\": \"s\",\n \"name\": \"x\",\n \"minimum_age\": 012}]",
            "3: ongeldige JSON: ongeldig getal (voorloopnul)",
        ),
        ("[{\"id\": \"s\",\n \"minimum_age\": 1.}]", "2: ongeldige JSON: ongeldig getal (geen cijfer na de punt)"),
        (
            "[{\"id\": \"s\",\n \"name\": \"a\tb\"}]",
            "2: ongeldige JSON: stuurteken binnen tekst (schrijf het als \\u-code)",
        ),
    ] {
        let dir = pkg(&[("services.json", text.as_bytes())]);
        let (k, rep) = read(&dir.path().join("services.json"));
        assert_eq!(rep.errors, vec![format!("services.json:{msg}")]);
        assert!(k.voorzieningen.is_empty());
    }
}

#[test]
fn a_wrong_child_row_never_takes_its_service_down() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        ("services.csv", b"id,organization_id,name\nsvc-1,org-1,Maaltijden\n"),
        ("phones.csv", b"id,service_id,number,extension\np1,svc-1,050-555 00 01,\np2,svc-1,050-555 00 02,toestel 5\n"),
        (
            "schedules.csv",
            b"id,service_id,byday,opens_at,closes_at\nr1,svc-1,MO,09:00,12:00\nr2,svc-1,TU,kwart over,12:00\n",
        ),
    ]);
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_path(&s, dir.path(), &ImportOptions { skip_invalid: true, ..Default::default() }).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_has(&rep.warnings, "phones.csv:3: extension: geen getal: 'toestel 5'; weggelaten");
    assert_has(&rep.warnings, "schedules.csv:3: opens_at: geen tijd (UU:MM): 'kwart over'; weggelaten");
    assert!(rep.written);
    let k = load(&s);
    let v = vz(&k, "svc-1");
    // the phone stays, without its wrong extension
    assert_eq!(v.telefoon.len(), 2);
    assert_eq!(v.openingstijden, hours(&["ma 09:00-12:00"]));
}

#[test]
fn resources_are_found_through_a_symbolic_link() {
    let real =
        pkg(&[("organizations.csv", ORGS), ("services.csv", b"id,organization_id,name\nsvc-1,org-1,Maaltijden\n")]);
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(real.path(), dir.path().join("data")).unwrap();
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(vz(&k, "svc-1").naam, "Maaltijden");
}

// ---------------------------------------------------------------- fuzz corpus replay (CI)

/// The seed corpus of the cargo-fuzz targets (fuzz/seeds) through the same target bodies.
#[test]
fn fuzz_seed_corpus_replays() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    type Target = fn(&[u8]);
    let targets: [(&str, Target); 3] = [
        ("json", loket::interchange::fuzzing::json),
        ("package", loket::interchange::fuzzing::package),
        ("legacy", loket::interchange::fuzzing::legacy),
    ];
    for (name, f) in targets {
        let mut n = 0;
        for e in std::fs::read_dir(root.join(name)).unwrap() {
            f(&std::fs::read(e.unwrap().path()).unwrap());
            n += 1;
        }
        assert!(n >= 2, "{name}: {n} seeds");
    }
}

mod fuzz_short {
    use proptest::prelude::*;

    /// Bytes that look like JSON or CSV often enough to get past the first check.
    fn tokens() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop_oneof![
            Just(b"{".to_vec()),
            Just(b"}".to_vec()),
            Just(b"[".to_vec()),
            Just(b"]".to_vec()),
            Just(b"\"".to_vec()),
            Just(b",".to_vec()),
            Just(b":".to_vec()),
            Just(b"\n".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\0".to_vec()),
            Just(b"\\u".to_vec()),
            Just(b"\\".to_vec()),
            Just(b"id,service_id,name,organization_id,location_id,number,weekday,opens_at".to_vec()),
            Just(b"\"id\"".to_vec()),
            Just(b"\"name\"".to_vec()),
            Just(b"\"services\"".to_vec()),
            Just(b"\"phones\"".to_vec()),
            Just(b"\"resources\"".to_vec()),
            Just(b"\"path\"".to_vec()),
            Just(b"s1".to_vec()),
            Just(b"o1".to_vec()),
            Just(b"-0.5e+3".to_vec()),
            Just(b"01".to_vec()),
            Just(b"null".to_vec()),
            Just(b"true".to_vec()),
            Just(b"\xe9\x81".to_vec()),
            any::<u8>().prop_map(|b| vec![b]),
        ];
        proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
        #[test]
        fn json_reader(data in tokens()) { loket::interchange::fuzzing::json(&data); }
        #[test]
        fn package_reader(data in tokens()) { loket::interchange::fuzzing::package(&data); }
        #[test]
        fn legacy_reader(data in tokens()) { loket::interchange::fuzzing::legacy(&data); }
    }
}

// ---------------------------------------------------------------- exported ids

fn assert_uuid(v: &str, what: &str) {
    assert!(
        v.len() == 36
            && v.chars().enumerate().all(|(i, c)| if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }),
        "{what}: '{v}' is geen UUID"
    );
}

/// Every `id` and `…_id` in a JSON value.
fn json_ids(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if let (true, serde_json::Value::String(s)) = (k == "id" || k.ends_with("_id"), x) {
                    out.push((format!("{path}.{k}"), s.clone()));
                }
                json_ids(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(xs) => xs.iter().for_each(|x| json_ids(x, path, out)),
        _ => {}
    }
}

#[test]
fn every_exported_id_is_a_uuid() {
    let mut k = rich();
    k.voorzieningen.extend(synth::generate(50, 3).voorzieningen);
    let dir = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, dir.path(), false).unwrap();
    let mut ids = Vec::new();
    for f in ["organizations.json", "services.json", "taxonomies.json", "taxonomy_terms.json"] {
        json_ids(&read_json(&dir.path().join(f)), f, &mut ids);
    }
    assert!(ids.len() > 500);
    for (what, id) in &ids {
        assert_uuid(id, what);
    }
    let csv_dir = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Csv, csv_dir.path(), false).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(csv_dir.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "csv") {
            let mut r = csv::Reader::from_path(&p).unwrap();
            let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
            for rec in r.records() {
                for (h, v) in head.iter().zip(rec.unwrap().iter()) {
                    if (h == "id" || h.ends_with("_id")) && !v.is_empty() {
                        assert_uuid(v, &format!("{}: {h}", p.display()));
                        n += 1;
                    }
                }
            }
        }
    }
    assert!(n > 500);
}

#[test]
fn imported_hsds_ids_are_kept_on_export_and_loket_ids_survive_a_round_trip() {
    let source = "ac148810-d857-441c-9679-408f346de14b";
    let org = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
    let dir = pkg(&[
        ("organizations.csv", format!("id,name\n{org},Voorbeeld\n").as_bytes()),
        (
            "services.csv",
            format!("id,organization_id,name\n{source},{org},Counselling\nsvc-eigen,{org},Eigen\n").as_bytes(),
        ),
    ]);
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, out.path(), false).unwrap();
    let services = read_json(&out.path().join("services.json"));
    let ids: Vec<&str> = services.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&source), "the source system's id is kept: {ids:?}");
    let own = loket::interchange::export::hsds_id("svc-eigen");
    assert!(ids.contains(&own.as_str()));
    assert_eq!(own, loket::interchange::export::hsds_id("svc-eigen"), "stable");
    let (back, rep) = read(out.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let mut back_ids: Vec<&str> = back.voorzieningen.iter().map(|v| v.id.as_str()).collect();
    back_ids.sort();
    assert_eq!(back_ids, [source, "svc-eigen"]);
    assert!(back.voorzieningen.iter().all(|v| v.organisatie_id == org));
}

#[test]
fn the_warning_names_the_cost_options_not_taken_over() {
    let dir = pkg(&[
        ("organizations.csv", ORGS),
        ("services.csv", b"id,organization_id,name\nsvc-1,org-1,Zwemmen\n"),
        (
            "cost_options.csv",
            b"id,service_id,option,amount\nk1,svc-1,Volwassenen,5.50\nk2,svc-1,Kinderen,2.75\nk3,svc-1,65+,3\n",
        ),
    ]);
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(vz(&k, "svc-1").kosten.bedrag_cent, Some(550));
    assert_has(
        &rep.warnings,
        "services.csv:2: cost_options: meerdere kostenopties; alleen de eerste overgenomen, niet 'k2', 'k3'",
    );
}

// ---------------------------------------------------------------- contact person (issue 14)

/// An organisation's contact person goes out as an HSDS `contact` (name, title, email, its own
/// phones) that validates against the HSDS 3.0 organization schema, and comes back unchanged
/// from the JSON and the tabular export; the organisation's own phones stay its own.
#[test]
fn contact_person_round_trips_as_an_hsds_contact_that_validates() {
    let k = rich();
    let want = k.organisaties[0].contactpersoon.clone();
    assert!(!want.is_empty());
    let dir = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, dir.path(), false).unwrap();
    let orgs = read_json(&dir.path().join("organizations.json"));
    let oj = orgs.as_array().unwrap().iter().find(|o| o["name"] == "Welzijn Noord").expect("org-a exported");
    let contacts = oj["contacts"].as_array().expect("contacts");
    assert_eq!(contacts.len(), 1, "{oj:#}");
    let c = &contacts[0];
    assert_eq!(c["name"], "Sanne de Vries");
    assert_eq!(c["title"], "coördinator sociale kaart");
    assert_eq!(c["email"], "s.devries@voorbeeld-noord.nl");
    let nums: Vec<&str> = c["phones"].as_array().unwrap().iter().map(|p| p["number"].as_str().unwrap()).collect();
    assert_eq!(nums, ["050-555 01 40", "06 1234 5678"]);
    let own: Vec<&str> = oj["phones"].as_array().unwrap().iter().map(|p| p["number"].as_str().unwrap()).collect();
    assert_eq!(own, ["050-555 01 01", "050-555 01 02"], "the contact's phones are not the organisation's");
    if let Some(hsds) = hsds_dir() {
        let service_schema = read_json(&hsds.join("schema/compiled/service_with_definitions.json"));
        let v = strict_validator(&definition(&service_schema, "organization"));
        let errs: Vec<String> = v.iter_errors(oj).map(|e| format!("{e} bij {}", e.instance_path)).collect();
        assert!(errs.is_empty(), "{errs:#?}");
        // the check bites on a contact too: a contact e-mail that is none
        let mut bad = oj.clone();
        bad["contacts"][0]["email"] = "geen mail".into();
        assert!(!v.is_valid(&bad));
    }
    for format in [ExportFormat::Json, ExportFormat::Csv] {
        let dir = tempfile::tempdir().unwrap();
        export_dir(&k, format, dir.path(), false).unwrap();
        let (back, rep) = read(dir.path());
        assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
        assert_eq!(org(&back, "org-a").contactpersoon, want, "{format:?}");
        assert_eq!(org(&back, "org-a").telefoon, k.organisaties[0].telefoon, "{format:?}");
        assert!(org(&back, "org-b").contactpersoon.is_empty(), "{format:?}");
    }
}

/// A 3.0 JSON organization with `contacts`: the contact of the organization itself is its
/// contact person (before a contact of one of its services), with the contact's phones.
#[test]
fn hsds_contacts_are_read_into_the_contact_person() {
    let dir = tempfile::tempdir().unwrap();
    let oid = "ae67a707-5893-4225-b0b1-320ab9cb596b";
    let svc = "ac148810-d857-441c-9679-408f346de14b";
    let json = serde_json::json!([{
        "id": oid,
        "name": "Welzijn Zuid",
        "description": "",
        "phones": [{"id": "b0b6d2b4-0000-4000-8000-000000000001", "number": "050 111 1111"}],
        "contacts": [
            {"id": "b0b6d2b4-0000-4000-8000-000000000002", "service_id": svc, "name": "Balie", "title": "receptie"},
            {"id": "b0b6d2b4-0000-4000-8000-000000000003", "name": "Joke Visser", "title": "teamleider",
             "email": "j.visser@voorbeeld-zuid.nl",
             "phones": [{"id": "b0b6d2b4-0000-4000-8000-000000000004", "number": "06 9876 5432"}]}
        ],
        "services": [{"id": svc, "name": "Inloop", "status": "active"}]
    }]);
    std::fs::write(dir.path().join("organizations.json"), serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let (k, rep) = read(dir.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let o = org(&k, oid);
    assert_eq!(o.contactpersoon.naam, "Joke Visser");
    assert_eq!(o.contactpersoon.functie, "teamleider");
    assert_eq!(o.contactpersoon.email, "j.visser@voorbeeld-zuid.nl");
    assert_eq!(o.contactpersoon.telefoon.iter().map(|t| t.nummer.as_str()).collect::<Vec<_>>(), ["06 9876 5432"]);
    assert_eq!(o.telefoon.iter().map(|t| t.nummer.as_str()).collect::<Vec<_>>(), ["050 111 1111"]);
}

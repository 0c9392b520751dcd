//! HSDS without loss: every field of a source comes out of an export as it went in (the
//! official 3.0 examples field by field, a 1.x package), ids never collide across kinds, messy
//! data is kept with a warning (a missing organisation, Dutch Excel CSV, Dutch dates, decimal
//! commas), more formats read (2.0 schedules.csv, service_at_location objects and pages), and a
//! store can start without the demo map.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use loket::interchange::{export_dir, import_path, read_path, ExportFormat, ImportOptions};
use loket::store::{kaart as store_kaart, SledStore, Store};
use serde_json::Value;

/// `shared/<rel>` in the nearest ancestor of the crate that has it (the worktree may sit
/// deeper than the checkout): the HSDS 3.0 reference is read from there, never copied. Absent
/// is a failure, not a skip.
fn shared(rel: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in manifest.ancestors() {
        let p = dir.join("shared").join(rel);
        if p.exists() {
            return p;
        }
    }
    panic!("shared/{rel} niet gevonden boven {}", manifest.display());
}

fn read_json(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn store_in(dir: &Path) -> SledStore {
    SledStore::open(dir).unwrap()
}

fn export_json(s: &SledStore) -> (tempfile::TempDir, Vec<Value>, Vec<Value>) {
    let k = store_kaart::load(s, &mut |_| {}).unwrap();
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, out.path(), false).unwrap();
    let list = |name: &str| read_json(&out.path().join(name)).as_array().cloned().unwrap();
    let (svc, org) = (list("services.json"), list("organizations.json"));
    (out, svc, org)
}

/// Every path where two JSON values differ ("a.b[2].c: x ≠ y").
fn differences(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()).collect::<std::collections::BTreeSet<_>>() {
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => differences(&format!("{path}.{k}"), p, q, out),
                    (p, q) => out.push(format!("{path}.{k}: {p:?} ≠ {q:?}")),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} ≠ {b}")),
    }
}

fn count_fields(v: &Value) -> usize {
    match v {
        Value::Object(m) => m.values().map(|x| 1 + count_fields(x)).sum(),
        Value::Array(xs) => xs.iter().map(count_fields).sum(),
        _ => 0,
    }
}

fn import_into(s: &SledStore, path: &Path) -> loket::interchange::ImportReport {
    let rep = import_path(s, path, &ImportOptions { skip_invalid: true, ..Default::default() }).unwrap();
    assert!(rep.written, "niets geschreven: {:#?}\n{:#?}", rep.errors, rep.warnings);
    rep
}

/// The official service_full.json through import → store → export: the exported service is
/// the source service, every field equal as a JSON value.
#[test]
fn official_service_full_comes_out_field_by_field() {
    let src = shared("hsds-3.0/examples/service_full.json");
    let input = read_json(&src);
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    import_into(&s, &src);
    let (_d, services, _) = export_json(&s);
    let out = services.iter().find(|v| v["id"] == input["id"]).expect("de dienst staat in de export");
    let mut diff = Vec::new();
    differences("service", &input, out, &mut diff);
    assert!(diff.is_empty(), "{} van {} velden anders:\n{}", diff.len(), count_fields(&input), diff.join("\n"));
    assert!(count_fields(&input) > 100);
}

#[test]
fn official_organization_full_comes_out_field_by_field() {
    let src = shared("hsds-3.0/examples/organization_full.json");
    let input = read_json(&src);
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    import_into(&s, &src);
    let (_d, _, orgs) = export_json(&s);
    let out = orgs.iter().find(|v| v["id"] == input["id"]).expect("de organisatie staat in de export");
    let mut diff = Vec::new();
    differences("organization", &input, out, &mut diff);
    assert!(diff.is_empty(), "{} velden anders:\n{}", diff.len(), diff.join("\n"));
}

/// A small HSDS 1.x package as US 211 directories publish it: integer ids shared by an
/// organisation and a service, state_province and country, coordinates, a postal and a
/// physical address, service contacts, schedule text, alternate names, phone extensions, an
/// `x_` column, and an AIRS term with its name.
fn package_1x(dir: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "organizations.csv",
            "id,name,alternate_name,description,email,url,x_funder\n\
             1,Springfield Food Bank,SFB,Food for families.,info@sfb.example,https://sfb.example,United Way\n",
        ),
        (
            "services.csv",
            "id,organization_id,name,alternate_name,description,url,email,status,fees,x_intake\n\
             1,1,Food Pantry,Pantry,Groceries weekly.,,,active,Free,walk-in\n",
        ),
        (
            "locations.csv",
            "id,organization_id,name,alternate_name,description,transportation,latitude,longitude\n\
             1,1,Main Street Pantry,,Behind the church,Bus 4,39.7817,-89.6501\n",
        ),
        ("services_at_location.csv", "id,service_id,location_id,description\n1,1,1,\n"),
        (
            "physical_addresses.csv",
            "id,location_id,attention,address_1,address_2,address_3,address_4,city,region,state_province,postal_code,country\n\
             1,1,,12 Main Street,,,,Springfield,,IL,62701,US\n",
        ),
        (
            "postal_addresses.csv",
            "id,location_id,attention,address_1,address_2,address_3,address_4,city,region,state_province,postal_code,country\n\
             2,1,,PO Box 9,,,,Springfield,,IL,62705,US\n",
        ),
        (
            "contacts.csv",
            "id,organization_id,service_id,service_at_location_id,name,title,department,email\n\
             1,,1,,Pat Doe,Intake Coordinator,,pat@sfb.example\n",
        ),
        (
            "phones.csv",
            "id,location_id,service_id,organization_id,contact_id,service_at_location_id,number,extension,type,language,description\n\
             1,,1,,,,217-555-0100,12,voice,,intake\n",
        ),
        (
            "regular_schedules.csv",
            "id,service_id,location_id,service_at_location_id,weekday,opens_at,closes_at,original_text\n\
             1,1,,,Monday,09:00,12:00,Mondays 9-noon except holidays\n",
        ),
        ("services_taxonomy.csv", "id,service_id,taxonomy_id,taxonomy_detail\n1,1,BD-1800.2000,\n"),
        ("taxonomy.csv", "id,name,parent_id,parent_name,vocabulary\nBD-1800.2000,Food Pantries,,,AIRS\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn walk<'a>(v: &'a Value, f: &mut dyn FnMut(&str, &'a serde_json::Map<String, Value>), key: &str) {
    match v {
        Value::Object(m) => {
            f(key, m);
            for (k, x) in m {
                walk(x, f, k);
            }
        }
        Value::Array(xs) => xs.iter().for_each(|x| walk(x, f, key)),
        _ => {}
    }
}

#[test]
fn a_1x_package_keeps_its_fields_in_the_export() {
    let pkg = tempfile::tempdir().unwrap();
    package_1x(pkg.path());
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_into(&s, pkg.path());
    assert_eq!((rep.organisaties, rep.voorzieningen), (1, 1), "{:#?}", rep.warnings);
    let (_d, services, orgs) = export_json(&s);
    assert_eq!(services.len(), 1);
    let svc = &services[0];
    assert_eq!(svc["alternate_name"], "Pantry");
    assert_eq!(svc["x_intake"], "walk-in");
    let contacts = svc["contacts"].as_array().unwrap();
    assert_eq!(contacts[0]["name"], "Pat Doe");
    assert_eq!(contacts[0]["title"], "Intake Coordinator");
    assert_eq!(svc["phones"][0]["extension"], 12);
    assert_eq!(svc["phones"][0]["type"], "voice");
    assert_eq!(svc["schedules"][0]["description"], "Mondays 9-noon except holidays");
    let loc = &svc["service_at_locations"][0]["location"];
    assert_eq!(loc["latitude"], 39.7817);
    assert_eq!(loc["longitude"], -89.6501);
    assert_eq!(loc["description"], "Behind the church");
    let addrs = loc["addresses"].as_array().unwrap();
    assert_eq!(addrs.len(), 2, "{addrs:#?}");
    for a in addrs {
        assert_eq!(a["state_province"], "IL");
        assert_eq!(a["country"], "US", "nothing invented: no NL");
    }
    let types: HashSet<&str> = addrs.iter().map(|a| a["address_type"].as_str().unwrap()).collect();
    assert_eq!(types, HashSet::from(["physical", "postal"]));
    // the AIRS term keeps its name
    let term = &svc["attributes"][0]["taxonomy_term"];
    assert_eq!(term["name"], "Food Pantries");
    assert_eq!(term["code"], "BD-1800.2000");
    // nothing Dutch invented for a US service
    let text = serde_json::to_string(&services).unwrap();
    for dutch in ["loket:wet", "loket:toegang", "Welzijn", "vrij toegankelijk", "EUR", "\"NL\""] {
        assert!(!text.contains(dutch), "{dutch} in de export van een Amerikaanse dienst");
    }
    assert_eq!(orgs[0]["alternate_name"], "SFB");
    assert_eq!(orgs[0]["x_funder"], "United Way");

    // the tabular export: the required columns filled as the source had them
    let k = store_kaart::load(&s, &mut |_| {}).unwrap();
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Csv, out.path(), false).unwrap();
    let mut rdr = csv::Reader::from_path(out.path().join("addresses.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for r in &rows {
        assert_eq!(&r[col("state_province")], "IL");
        assert_eq!(&r[col("country")], "US");
    }
    let svc_csv = std::fs::read_to_string(out.path().join("services.csv")).unwrap();
    assert!(svc_csv.lines().next().unwrap().ends_with(",x_intake"), "{svc_csv}");
    let dp = read_json(&out.path().join("datapackage.json"));
    let names: Vec<&str> = dp["resources"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"service") && names.contains(&"taxonomy_term"), "{names:?}");
    let svc_res = dp["resources"].as_array().unwrap().iter().find(|r| r["name"] == "service").unwrap();
    let id_field = &svc_res["schema"]["fields"][0];
    assert_eq!(id_field["format"], "uuid");
    assert_eq!(id_field["constraints"]["required"], true);

    // and read back, the CSV export gives the same service
    let (back, rep2) = read_path(out.path(), &ImportOptions::default()).unwrap();
    assert!(rep2.errors.is_empty(), "{:#?}", rep2.errors);
    assert_eq!(back.voorzieningen.len(), 1);
}

/// Ids are unique across kinds: the organisation and the service that share source id "1"
/// (and their attributes, phones, locations) get different ids; every exported object of a
/// kind has its own id.
#[test]
fn no_two_exported_objects_share_an_id() {
    let pkg = tempfile::tempdir().unwrap();
    package_1x(pkg.path());
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    import_into(&s, pkg.path());
    // loket's own entries beside them, with ids that repeat across kinds too
    let mut own = loket::demo::demo_kaart();
    own.organisaties.truncate(3);
    let org_id = own.organisaties[0].id.clone();
    own.voorzieningen.truncate(5);
    for v in &mut own.voorzieningen {
        v.organisatie_id = org_id.clone();
    }
    own.voorzieningen[0].id = org_id.clone();
    own.regelingen.clear();
    for o in &mut own.organisaties {
        o.bron.soort = "handmatig".into();
    }
    for v in &mut own.voorzieningen {
        v.bron.soort = "handmatig".into();
    }
    store_kaart::upsert(&s, &own).unwrap();
    let (_d, services, orgs) = export_json(&s);
    assert_eq!(services.len(), 6);
    let mut kind_of: HashMap<String, String> = HashMap::new();
    let mut clash = Vec::new();
    let all = Value::Array(services.iter().chain(&orgs).cloned().collect());
    let mut objects: HashMap<(String, String), String> = HashMap::new();
    walk(
        &all,
        &mut |key, m| {
            let Some(id) = m.get("id").and_then(Value::as_str) else { return };
            let kind = key.trim_end_matches('s').to_string();
            if let Some(k) = kind_of.insert(id.to_string(), kind.clone()) {
                if k != kind {
                    clash.push(format!("{id}: {k} en {kind}"));
                }
            }
            // within a kind, one id is one object (a copy nested elsewhere is the same object)
            let text = Value::Object(m.clone()).to_string();
            if let Some(prev) = objects.insert((kind.clone(), id.to_string()), text.clone()) {
                if prev != text && kind != "organization" {
                    clash.push(format!("{kind} {id}: twee verschillende objecten"));
                }
            }
        },
        "",
    );
    assert!(clash.is_empty(), "{clash:#?}");
    let top: Vec<&str> = services.iter().chain(&orgs).map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(top.iter().collect::<HashSet<_>>().len(), top.len());
    // every id a UUID
    for id in kind_of.keys() {
        assert!(loket::interchange::export::is_uuid(id), "{id}");
    }
    // the CSV tables: no id in two tables
    let k = store_kaart::load(&s, &mut |_| {}).unwrap();
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Csv, out.path(), false).unwrap();
    let mut table_of: HashMap<String, String> = HashMap::new();
    for e in std::fs::read_dir(out.path()).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "csv") {
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let mut rdr = csv::Reader::from_path(&p).unwrap();
        let mut ids = HashSet::new();
        for r in rdr.records() {
            let r = r.unwrap();
            assert!(ids.insert(r[0].to_string()), "{name}: {} dubbel", &r[0]);
            if let Some(t) = table_of.insert(r[0].to_string(), name.clone()) {
                panic!("{}: in {t} en {name}", &r[0]);
            }
        }
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// A service whose organisation is not in the source is kept under a placeholder, which the
/// beheer worklist shows with "organisatie ontbreekt in bron" and the export leaves out.
#[test]
fn a_missing_organisation_becomes_a_flagged_placeholder() {
    let pkg = tempfile::tempdir().unwrap();
    write(pkg.path(), "organizations.csv", b"id,name,description\nA,Echte aanbieder,x\n");
    write(
        pkg.path(),
        "services.csv",
        b"id,organization_id,name,status\ns1,A,Gewone dienst,active\ns2,ZZ-404,Dienst zonder organisatie,active\ns3,ZZ-404,Nog een,Available\n",
    );
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    let rep = import_into(&s, pkg.path());
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(rep.voorzieningen, 3, "geen dienst afgewezen: {:#?}", rep.warnings);
    assert!(
        rep.warnings.iter().any(|w| w.contains("organization_id") && w.contains("'ZZ-404' ontbreekt")),
        "{:#?}",
        rep.warnings
    );
    assert!(rep.warnings.iter().any(|w| w.contains("onbekende status 'Available' behouden")), "{:#?}", rep.warnings);
    let k = store_kaart::load(&s, &mut |_| {}).unwrap();
    let ph = k.organisaties.iter().find(|o| o.id == "ZZ-404").expect("plaatshouder");
    assert!(ph.ontbreekt_in_bron);
    assert!(ph.naam.starts_with("organisatie onbekend"), "{}", ph.naam);
    assert!(ph.naam.contains("ZZ-404"));
    assert_eq!(k.voorzieningen.iter().filter(|v| v.organisatie_id == "ZZ-404").count(), 2);
    // on the worklist
    let staten = loket::store::kaartbeheer::staten(&s).unwrap();
    let b = staten.get("o/ZZ-404").expect("werklijstpost");
    assert_eq!(b.meldingen.len(), 1);
    assert!(b.meldingen[0].tekst.starts_with("organisatie ontbreekt in bron"), "{}", b.meldingen[0].tekst);
    let today = chrono::Local::now().date_naive();
    let (regels, _) = loket::domain::beheer::werklijst(&k, &staten, today);
    assert!(regels.iter().any(|r| r.record.naam().starts_with("organisatie onbekend")));
    // a second import does not report it twice, and has no upkeep to write with the map: a
    // state written back unchanged made every re-import one transaction of the whole map
    let (opnieuw, _) = loket::interchange::read_path(pkg.path(), &Default::default()).unwrap();
    let nu = chrono::Local::now().naive_local();
    let samen = loket::interchange::herimport::samenvoegen(&s, opnieuw, "import", nu).unwrap();
    assert!(samen.beheer.staten.is_empty(), "{:?}", samen.beheer.staten);
    assert!(samen.beheer.historie.is_empty());
    import_into(&s, pkg.path());
    let staten = loket::store::kaartbeheer::staten(&s).unwrap();
    assert_eq!(staten["o/ZZ-404"].meldingen.len(), 1);
    // not exported as if it were a provider; the status is kept as given
    let (_d, services, orgs) = export_json(&s);
    assert_eq!(orgs.len(), 1);
    assert_eq!(services.len(), 3);
    let s3 = services.iter().find(|v| v["name"] == "Nog een").unwrap();
    assert_eq!(s3["status"], "Available");
}

/// Excel in a Dutch locale: semicolons, Windows-1252, decimal commas, dd-mm-jjjj dates.
#[test]
fn dutch_excel_csv_with_semicolons_in_windows_1252() {
    let pkg = tempfile::tempdir().unwrap();
    // "Cliëntondersteuning" with ë as the single byte 0xEB
    write(pkg.path(), "organizations.csv", b"id;name;description\no1;Stichting Cli\xebnt;Welzijn in de wijk\n");
    write(
        pkg.path(),
        "services.csv",
        b"id;organization_id;name;status;assured_date;minimum_age\ns1;o1;Cli\xebntondersteuning;active;31-12-2025;18,5\n",
    );
    write(
        pkg.path(),
        "locations.csv",
        b"id;organization_id;location_type;name;latitude;longitude\nl1;o1;physical;Wijkcentrum;53,2194;6,5665\n",
    );
    write(pkg.path(), "service_at_location.csv", b"id;service_id;location_id\nsal1;s1;l1\n");
    let (k, rep) = read_path(pkg.path(), &ImportOptions::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(k.voorzieningen.len(), 1, "{:#?}", rep.warnings);
    let v = &k.voorzieningen[0];
    assert_eq!(v.naam, "Cliëntondersteuning");
    assert_eq!(k.organisaties[0].naam, "Stichting Cliënt");
    assert_eq!(v.laatst_geverifieerd, chrono::NaiveDate::from_ymd_opt(2025, 12, 31));
    let w = rep.warnings.join("\n");
    assert!(w.contains("puntkomma"), "{w}");
    assert!(w.contains("Windows-1252"), "{w}");
    assert!(w.contains("latitude: '53,2194' gelezen als 53.2194"), "{w}");
    assert!(w.contains("assured_date: datum '31-12-2025' gelezen als 2025-12-31"), "{w}");
    // 18,5 is no whole number: dropped with a warning naming it, the service stays
    assert!(w.contains("minimum_age") && w.contains("weggelaten"), "{w}");
    assert_eq!(v.leeftijd.min, None);
    // the coordinates travel on
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, out.path(), false).unwrap();
    let svc = read_json(&out.path().join("services.json"));
    let loc = &svc[0]["service_at_locations"][0]["location"];
    assert_eq!(loc["latitude"], 53.2194);
    assert_eq!(loc["longitude"], 6.5665);
}

#[test]
fn tab_separated_csv_is_read() {
    let pkg = tempfile::tempdir().unwrap();
    write(pkg.path(), "organizations.csv", b"id\tname\tdescription\no1\tA, B en C\tx\n");
    write(pkg.path(), "services.csv", b"id\torganization_id\tname\tstatus\ns1\to1\tDienst\tactive\n");
    let (k, rep) = read_path(pkg.path(), &ImportOptions::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(k.organisaties[0].naam, "A, B en C");
    assert_eq!(k.voorzieningen.len(), 1);
}

/// A 2.0 schedules.csv: one row per weekday in a `weekday` column.
#[test]
fn schedules_csv_of_hsds_2_with_a_weekday_column() {
    let pkg = tempfile::tempdir().unwrap();
    write(pkg.path(), "organizations.csv", b"id,name,description\no1,Org,x\n");
    write(pkg.path(), "services.csv", b"id,organization_id,name,status\ns1,o1,Inloop,active\n");
    write(
        pkg.path(),
        "schedules.csv",
        b"id,service_id,weekday,opens_at,closes_at,description\n\
          r1,s1,1,09:00,12:00,ochtend\n\
          r2,s1,Wednesday,13:00,17:00,middag\n",
    );
    let (k, rep) = read_path(pkg.path(), &ImportOptions::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let hours = &k.voorzieningen[0].openingstijden;
    let periods: Vec<(u8, u16, u16)> = hours.periods().iter().map(|p| (p.day, p.open, p.close)).collect();
    assert_eq!(periods, vec![(0, 540, 720), (2, 780, 1020)], "{:#?}", rep.warnings);
}

/// HSDS 3.0 API responses: service_at_location objects (with their service and location),
/// alone and as a page.
#[test]
fn service_at_location_objects_and_pages() {
    let page = serde_json::json!({
        "total_items": 2, "total_pages": 1, "page_number": 1, "size": 2,
        "first_page": true, "last_page": true, "empty": false,
        "contents": [
            {
                "id": "sal-1",
                "service": {"id": "svc-1", "name": "Maaltijdservice", "status": "active",
                            "organization": {"id": "org-1", "name": "Thuiszorg Noord", "description": "x"}},
                "location": {"id": "loc-1", "location_type": "physical", "name": "Buurthuis",
                             "addresses": [{"id": "adr-1", "address_1": "Dorpsstraat 1", "city": "Winsum",
                                            "state_province": "Groningen", "postal_code": "9951 AA",
                                            "country": "NL", "address_type": "physical"}]}
            },
            {
                "id": "sal-2",
                "service": {"id": "svc-2", "name": "Boodschappendienst", "status": "active", "organization_id": "org-1"},
                "location": {"id": "loc-1", "location_type": "physical", "name": "Buurthuis"}
            }
        ]
    });
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("service_at_location_page.json");
    std::fs::write(&p, page.to_string()).unwrap();
    let (k, rep) = read_path(&p, &ImportOptions::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let names: HashSet<&str> = k.voorzieningen.iter().map(|v| v.naam.as_str()).collect();
    assert_eq!(names, HashSet::from(["Maaltijdservice", "Boodschappendienst"]));
    let v = k.voorzieningen.iter().find(|v| v.id == "svc-1").unwrap();
    assert_eq!(v.organisatie_id, "org-1");
    assert_eq!(v.locaties[0].adres.plaats, "Winsum");

    // the official examples: a single object and a list
    for name in ["service_at_location_full.json", "service_at_location_list.json"] {
        let src = shared(&format!("hsds-3.0/examples/{name}"));
        let (k, rep) = read_path(&src, &ImportOptions { skip_invalid: true, ..Default::default() }).unwrap();
        assert!(!k.voorzieningen.is_empty(), "{name}: {:#?}\n{:#?}", rep.errors, rep.warnings);
    }
}

fn loket(data: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("LOKET_DATABASE_URL")
        .env_remove("LOKET_ZONDER_DEMO")
        .env("LOKET_MEDEWERKER", "test")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "loket {args:?}: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn exported_names(dir: &Path) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for name in ["services.json", "organizations.json"] {
        for v in read_json(&dir.join(name)).as_array().unwrap() {
            *m.entry(v["name"].as_str().unwrap().to_string()).or_default() += 1;
        }
    }
    m
}

/// `loket init` / `--zonder-demo`: a store with an empty map; after an import the export holds
/// only the imported entries. A store that did get the demo never exports it beside an import.
#[test]
fn zonder_demo_starts_empty_and_exports_only_the_import() {
    let pkg = tempfile::tempdir().unwrap();
    package_1x(pkg.path());
    let data = tempfile::tempdir().unwrap();
    let out = loket(data.path(), &["init"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("lege sociale kaart"));
    {
        let s = store_in(data.path());
        assert_eq!(store_kaart::count_records(&s), 0);
    }
    // a later start (without the flag) does not bring the demo in
    let out = loket(data.path(), &["zoek", "--json", "mantelzorg"]);
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    loket(data.path(), &["import", pkg.path().to_str().unwrap()]);
    let exp = tempfile::tempdir().unwrap();
    loket(data.path(), &["export", exp.path().to_str().unwrap()]);
    let names = exported_names(exp.path());
    assert_eq!(names.keys().cloned().collect::<Vec<_>>(), vec!["Food Pantry", "Springfield Food Bank"]);

    // --zonder-demo on any command of a new store
    let data2 = tempfile::tempdir().unwrap();
    loket(data2.path(), &["--zonder-demo", "beheer"]);
    assert_eq!(store_kaart::count_records(&store_in(data2.path())), 0);

    // a store seeded with the demo, then an import: the export leaves the demo out
    let data3 = tempfile::tempdir().unwrap();
    loket(data3.path(), &["import", pkg.path().to_str().unwrap()]);
    {
        let s = store_in(data3.path());
        assert!(store_kaart::count_records(&s) > 100, "de demo is er wel");
        let _ = s.kaart_count();
    }
    let exp3 = tempfile::tempdir().unwrap();
    loket(data3.path(), &["export", "--format", "csv", exp3.path().to_str().unwrap()]);
    let services = std::fs::read_to_string(exp3.path().join("services.csv")).unwrap();
    assert_eq!(services.lines().count(), 2, "alleen de geïmporteerde dienst:\n{services}");
}

/// The summary counts every warning, grouped by kind, not the lines listed (ten of a kind).
#[test]
fn warning_counts_are_real_and_grouped_by_kind() {
    let pkg = tempfile::tempdir().unwrap();
    write(pkg.path(), "organizations.csv", b"id;name;description\no1;Org;x\n");
    let mut services = b"id;organization_id;name;status\n".to_vec();
    let mut locations = b"id;organization_id;location_type;name;latitude;longitude\n".to_vec();
    let mut sal = b"id;service_id;location_id\n".to_vec();
    for i in 0..25 {
        services.extend(format!("s{i};o1;Dienst {i};active\n").bytes());
        locations.extend(format!("l{i};o1;physical;Plek {i};53,{i};6,5\n").bytes());
        sal.extend(format!("sal{i};s{i};l{i}\n").bytes());
    }
    write(pkg.path(), "services.csv", &services);
    write(pkg.path(), "locations.csv", &locations);
    write(pkg.path(), "service_at_location.csv", &sal);
    let (_, rep) = read_path(pkg.path(), &ImportOptions::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let kinds: HashMap<&str, usize> = rep.soorten.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(kinds["decimale komma gelezen"], 50, "{kinds:?}");
    assert_eq!(kinds["scheidingsteken herkend"], 4);
    assert_eq!(rep.warning_count(), kinds.values().sum::<usize>());
    assert!(rep.warnings.len() < rep.warning_count(), "the list is cut, the count is not");
    assert!(rep
        .warning_summary()
        .starts_with(&format!("{} waarschuwingen: 50 decimale komma gelezen", rep.warning_count())));
}

/// A change made in loket after the import goes into the export; every field the beheerder did
/// not touch stays as the source gave it.
#[test]
fn a_change_in_loket_goes_out_and_the_rest_stays_as_the_source_gave_it() {
    let src = shared("hsds-3.0/examples/service_full.json");
    let input = read_json(&src);
    let db = tempfile::tempdir().unwrap();
    let s = store_in(db.path());
    import_into(&s, &src);
    let mut k = store_kaart::load(&s, &mut |_| {}).unwrap();
    let v = k.voorzieningen.iter_mut().find(|v| v.id == input["id"].as_str().unwrap()).unwrap();
    v.naam = "Counselling (gecorrigeerd)".into();
    v.doelgroepen.push(loket::domain::kaart::Doelgroep::Jeugd);
    let changed = k.clone();
    store_kaart::upsert(&s, &changed).unwrap();
    let (_d, services, _) = export_json(&s);
    let out = services.iter().find(|x| x["id"] == input["id"]).unwrap();
    assert_eq!(out["name"], "Counselling (gecorrigeerd)");
    let mut diff = Vec::new();
    differences("service", &input, out, &mut diff);
    // the name and the one attribute added in loket; nothing else
    assert!(diff.iter().any(|d| d.starts_with("service.name:")), "{diff:#?}");
    assert!(diff.iter().all(|d| d.starts_with("service.name:") || d.starts_with("service.attributes")), "{diff:#?}");
    let attrs = out["attributes"].as_array().unwrap();
    assert_eq!(attrs.len(), input["attributes"].as_array().unwrap().len() + 1);
    assert!(attrs.iter().any(|a| a["taxonomy_term"]["code"] == "loket:doelgroep:jeugd"));
}

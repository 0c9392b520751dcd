//! `loket api` (issue 22): the read-only HSDS 3.0 API on loopback. Every endpoint's response
//! validates against the HSDS 3.0 schemas (read from ../shared, never copied); paging; search
//! finds what the desk finds; no personal data (no contact persons unless allowed, nothing of
//! contacts); the embedded store held by a desk serves its search snapshot and says so; on
//! PostgreSQL a change shows while the API runs; and a second loket importing from the API by
//! URL gets the same map.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use loket::api::{self, Bron, Opties};
use loket::domain::contact::{Contact, Kanaal};
use loket::interchange::{export_dir, import_path, ExportFormat, ImportOptions};
use loket::store::{kaart as store_kaart, SledStore, Store};
use serde_json::{json, Value};

/// `shared/<rel>` in the nearest ancestor of the crate that has it; absent is a failure.
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

const CONTACTPERSOON: &str = "Annemarie Contactpersoon-Testnaam";
const CLIENT: &str = "Pietje Geheimcliënt";
const CLIENT_VRAAG: &str = "schuldenzorg geheime vraag van de cliënt";

/// A map as a municipality has it: the official examples imported, loket's own entries (one
/// provider with a named contact person), and a client contact beside it.
fn vul(s: &dyn Store) {
    for f in ["service_full.json", "organization_full.json"] {
        let rep = import_path(
            s,
            &shared(&format!("hsds-3.0/examples/{f}")),
            &ImportOptions { skip_invalid: true, ..Default::default() },
        )
        .unwrap();
        assert!(rep.written, "{f}: {:#?}", rep.errors);
    }
    let mut k = loket::catalog::synth::generate(40, 7);
    k.organisaties[0].contactpersoon.naam = CONTACTPERSOON.into();
    k.organisaties[0].contactpersoon.email = "annemarie@aanbieder.example".into();
    store_kaart::upsert(s, &k).unwrap();
    let mut c = Contact::new(s.new_contact_id().unwrap(), Kanaal::Telefoon, common::monday_morning());
    c.client.naam = CLIENT.into();
    c.vraag = CLIENT_VRAAG.into();
    s.save_contact(&c).unwrap();
}

fn embedded(dir: &Path) {
    let s = SledStore::open(dir).unwrap();
    vul(&s);
}

/// How many services an export of the store in `dir` holds (voorzieningen and regelingen).
fn diensten(dir: &Path) -> usize {
    let k = store_kaart::load(&SledStore::open(dir).unwrap(), &mut |_| {}).unwrap();
    let n =
        loket::interchange::export::records(&k).filter(|r| !matches!(r, loket::interchange::export::Rec::O(_))).count();
    assert!(n > 40, "{n}");
    n
}

fn any_port() -> SocketAddr {
    "127.0.0.1:0".parse().unwrap()
}

struct Antwoord {
    status: u16,
    bron: String,
    body: String,
}

impl Antwoord {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("geen JSON ({e}): {}", self.body))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(ureq::config::Config::builder().http_status_as_error(false).build())
}

fn get(a: &ureq::Agent, base: SocketAddr, pad: &str) -> Antwoord {
    let mut r = a.get(&format!("http://{base}{pad}")).call().unwrap_or_else(|e| panic!("{pad}: {e}"));
    let bron = r.headers().get("x-loket-bron").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let status = r.status().as_u16();
    let body = r.body_mut().with_config().limit(1 << 30).read_to_string().unwrap();
    Antwoord { status, bron, body }
}

fn ok(a: &ureq::Agent, base: SocketAddr, pad: &str) -> Value {
    let r = get(a, base, pad);
    assert_eq!(r.status, 200, "{pad}: {}", r.body);
    assert!(!r.bron.is_empty(), "{pad}: zegt niet wat hij aanbiedt");
    r.json()
}

// ---------------------------------------------------------------- schemas

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(schema)
        .expect("schema compileert")
}

struct Schemas {
    service: jsonschema::Validator,
    organization: jsonschema::Validator,
    sal: jsonschema::Validator,
    taxonomy: jsonschema::Validator,
    term: jsonschema::Validator,
    service_list: jsonschema::Validator,
    organization_list: jsonschema::Validator,
    sal_list: jsonschema::Validator,
    page: jsonschema::Validator,
    root: jsonschema::Validator,
}

fn schemas() -> Schemas {
    let dir = shared("hsds-3.0/schema");
    let service = read_json(&dir.join("compiled/service_with_definitions.json"));
    let def = |name: &str| {
        validator(&json!({ "$ref": format!("#/definitions/{name}"), "definitions": service["definitions"].clone() }))
    };
    let openapi = read_json(&dir.join("openapi.json"));
    let page = openapi["components"]["schemas"]["Page"].clone();
    // a page as the description says it, with every field of Page there
    let mut page_strict = page.clone();
    page_strict["required"] =
        json!(["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"]);
    page_strict["properties"]["contents"] = json!({ "type": "array" });
    let root = openapi["paths"]["/"]["get"]["responses"]["200"]["content"]["application/json"]["schema"].clone();
    Schemas {
        service: validator(&service),
        organization: def("organization"),
        sal: def("service_at_location"),
        taxonomy: def("taxonomy"),
        term: def("taxonomy_term"),
        service_list: validator(&read_json(&dir.join("compiled/service_list.json"))),
        organization_list: validator(&read_json(&dir.join("compiled/organization_list.json"))),
        sal_list: validator(&read_json(&dir.join("compiled/service_at_location_list.json"))),
        page: validator(&page_strict),
        root: validator(&root),
    }
}

fn valid(v: &jsonschema::Validator, x: &Value, wat: &str) {
    let errors: Vec<String> = v.iter_errors(x).map(|e| format!("{e} bij {}", e.instance_path)).collect();
    assert!(errors.is_empty(), "{wat}: {errors:#?}\n{x}");
}

/// Every item of every page of a list, validated (page and item), by following the pages.
fn alle(a: &ureq::Agent, base: SocketAddr, pad: &str, item: &jsonschema::Validator, s: &Schemas) -> Vec<Value> {
    let sep = if pad.contains('?') { '&' } else { '?' };
    let mut out = Vec::new();
    let mut page = 1;
    loop {
        let p = ok(a, base, &format!("{pad}{sep}per_page=7&page={page}"));
        valid(&s.page, &p, pad);
        for x in p["contents"].as_array().unwrap() {
            valid(item, x, pad);
            out.push(x.clone());
        }
        assert_eq!(p["page_number"], page);
        if p["last_page"].as_bool().unwrap() {
            assert_eq!(p["total_items"].as_u64().unwrap() as usize, out.len(), "{pad}: total_items");
            return out;
        }
        page += 1;
        assert!(page < 10_000);
    }
}

fn ids(xs: &[Value]) -> Vec<String> {
    xs.iter().map(|x| x["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_endpoint_validates_against_the_hsds_3_schemas() {
    let dir = tempfile::tempdir().unwrap();
    embedded(dir.path());
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
    let (a, b, s) = (agent(), server.adres, schemas());

    let root = ok(&a, b, "/");
    valid(&s.root, &root, "/");
    assert_eq!(root["version"], "3.0");
    assert_eq!(root["x_loket"]["alleen_lezen"], true);

    let services = alle(&a, b, "/services", &s.service_list, &s);
    assert_eq!(services.len(), diensten(dir.path()), "elke voorziening en regeling van de export");
    assert_eq!(ids(&services).into_iter().collect::<HashSet<_>>().len(), services.len(), "geen dubbele");
    for id in ids(&services) {
        valid(&s.service, &ok(&a, b, &format!("/services/{id}")), "/services/{id}");
    }
    for x in alle(&a, b, "/services?full=true", &s.service, &s) {
        assert!(x.get("attributes").is_some(), "full=true geeft de hele voorziening");
    }
    let orgs = alle(&a, b, "/organizations", &s.organization_list, &s);
    assert!(orgs.len() >= 2);
    for id in ids(&orgs) {
        let o = ok(&a, b, &format!("/organizations/{id}"));
        valid(&s.organization, &o, "/organizations/{id}");
        for x in o["services"].as_array().expect("services van de organisatie") {
            valid(&s.service_list, x, "/organizations/{id} services");
        }
        let o = ok(&a, b, &format!("/organizations/{id}?full_service=true"));
        for x in o["services"].as_array().unwrap() {
            valid(&s.service, x, "/organizations/{id}?full_service=true");
        }
    }
    let sals = alle(&a, b, "/service_at_locations", &s.sal_list, &s);
    assert!(!sals.is_empty(), "de voorbeeldvoorziening heeft een service_at_location");
    for id in ids(&sals) {
        valid(&s.sal, &ok(&a, b, &format!("/service_at_locations/{id}")), "/service_at_locations/{id}");
    }
    let taxs = alle(&a, b, "/taxonomies", &s.taxonomy, &s);
    assert!(!taxs.is_empty());
    for id in ids(&taxs) {
        valid(&s.taxonomy, &ok(&a, b, &format!("/taxonomies/{id}")), "/taxonomies/{id}");
    }
    let terms = alle(&a, b, "/taxonomy_terms", &s.term, &s);
    assert!(terms.len() > 30);
    for id in ids(&terms) {
        valid(&s.term, &ok(&a, b, &format!("/taxonomy_terms/{id}")), "/taxonomy_terms/{id}");
    }
    // the filters of the description
    let org = &services.iter().rev().find_map(|x| x["organization_id"].as_str()).unwrap().to_string();
    let van_org = alle(&a, b, &format!("/services?organization_id={org}"), &s.service_list, &s);
    assert!(!van_org.is_empty());
    for x in &van_org {
        assert!(x.get("organization_id").is_none_or(|o| o == org), "{x}");
    }
    let genest = ok(&a, b, &format!("/organizations/{org}"));
    assert_eq!(ids(&van_org), ids(genest["services"].as_array().unwrap()), "dezelfde als bij de organisatie");
    let term = terms.iter().find(|t| t["id"].as_str().is_some()).unwrap()["id"].as_str().unwrap().to_string();
    alle(&a, b, &format!("/services?taxonomy_term_id={term}"), &s.service_list, &s);
    // NDJSON: every item, one a line, no pages
    let r = get(&a, b, "/services?format=ndjson");
    assert_eq!(r.status, 200);
    assert_eq!(r.body.lines().count(), services.len());
    // unknown things are said, in Dutch, as JSON
    let r = get(&a, b, "/services/bestaat-niet");
    assert_eq!(r.status, 404);
    assert!(r.json()["fout"].as_str().unwrap().contains("staat niet op de kaart"));
    assert_eq!(get(&a, b, "/onbekend").status, 404);
}

#[test]
fn pages_follow_the_page_schema() {
    let dir = tempfile::tempdir().unwrap();
    embedded(dir.path());
    let n = diensten(dir.path());
    assert_eq!(n, 42, "40 eigen en twee uit de officiële voorbeelden");
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
    let (a, b) = (agent(), server.adres);
    let p1 = ok(&a, b, "/services?per_page=10");
    assert_eq!(p1["total_items"], 42);
    assert_eq!(p1["total_pages"], 5);
    assert_eq!(p1["page_number"], 1);
    assert_eq!(p1["size"], 10);
    assert_eq!(p1["first_page"], true);
    assert_eq!(p1["last_page"], false);
    assert_eq!(p1["empty"], false);
    let p5 = ok(&a, b, "/services?per_page=10&page=5");
    assert_eq!(p5["size"], 2);
    assert_eq!(p5["first_page"], false);
    assert_eq!(p5["last_page"], true);
    let p9 = ok(&a, b, "/services?per_page=10&page=9");
    assert_eq!(p9["size"], 0, "voorbij het eind: een lege pagina");
    assert_eq!(p9["last_page"], true);
    // far past the end, with a short search (the search asked for page × size results and
    // reserved room for them: 80 GB here, and the process aborted)
    for q in ["search=ab&per_page=1000&page=10000000", "search=a&per_page=1000&page=18446744073709551"] {
        let r = get(&a, b, &format!("/services?{q}"));
        assert_eq!(r.status, 200, "{q}: {}", r.body);
        assert_eq!(r.json()["size"], 0, "{q}");
    }
    assert!(ok(&a, b, "/")["version"].is_string(), "the server still answers");
    // the pages together are the whole list, once each, in a stable order
    let mut alle = Vec::new();
    for p in 1..=5 {
        alle.extend(ids(ok(&a, b, &format!("/services?per_page=10&page={p}"))["contents"].as_array().unwrap()));
    }
    let heel = ids(ok(&a, b, "/services?per_page=1000")["contents"].as_array().unwrap());
    assert_eq!(alle, heel);
    // the default size, and the cap
    assert_eq!(ok(&a, b, "/services")["size"], 42);
    assert_eq!(ok(&a, b, "/services?per_page=1")["total_pages"], 42);
    // wrong values: 400, saying what is wrong
    for q in ["page=0", "page=x", "per_page=0", "per_page=-1", "full=misschien", "format=xml", "page=1&page=2"] {
        let r = get(&a, b, &format!("/services?{q}"));
        assert_eq!(r.status, 400, "{q}");
        assert!(!r.json()["fout"].as_str().unwrap().is_empty());
    }
}

#[test]
fn search_finds_what_the_desk_finds() {
    let dir = tempfile::tempdir().unwrap();
    embedded(dir.path());
    let kaart = store_kaart::load(&SledStore::open(dir.path()).unwrap(), &mut |_| {}).unwrap();
    let cat = loket::catalog::Catalog::build(kaart);
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
    let (a, b) = (agent(), server.adres);
    let mut gezocht = 0;
    for q in ["dagbesteding", "huish", "mantelzorg", "schuldhulp", "BMI", "ouderen hulp", "zzzonbekendzzz"] {
        let desk: Vec<String> =
            loket::cli::zoek(&cat, q, 1000).iter().map(|h| loket::interchange::export::hsds_id(&h.id)).collect();
        let mut api_ids = Vec::new();
        let mut page = 1;
        loop {
            let p = ok(&a, b, &format!("/services?search={}&per_page=3&page={page}", q.replace(' ', "%20")));
            assert_eq!(p["total_items"].as_u64().unwrap() as usize, desk.len(), "{q}: total_items");
            api_ids.extend(ids(p["contents"].as_array().unwrap()));
            if p["last_page"].as_bool().unwrap() {
                break;
            }
            page += 1;
        }
        assert_eq!(api_ids, desk, "{q}: dezelfde treffers in dezelfde volgorde als de desk");
        gezocht += desk.len();
    }
    assert!(gezocht > 5, "de zoekwoorden vinden iets");
    // organisations and terms are searched by name
    let o = ok(&a, b, "/organizations?search=");
    let naam = o["contents"][0]["name"].as_str().unwrap().to_string();
    let gevonden = ok(&a, b, &format!("/organizations?search={}", naam.split(' ').next().unwrap()));
    assert!(
        ids(gevonden["contents"].as_array().unwrap()).contains(&o["contents"][0]["id"].as_str().unwrap().to_string())
    );
}

/// Every body of every endpoint, for the personal-data checks.
fn alles(a: &ureq::Agent, b: SocketAddr) -> String {
    let mut out = String::new();
    for pad in [
        "/",
        "/services?full=true&per_page=1000",
        "/organizations?full=true&full_service=true&per_page=1000",
        "/service_at_locations?full=true&per_page=1000",
        "/taxonomies?per_page=1000",
        "/taxonomy_terms?per_page=1000",
    ] {
        let v = ok(a, b, pad);
        out.push_str(&v.to_string());
        for x in v["contents"].as_array().into_iter().flatten() {
            let id = x["id"].as_str().unwrap_or("");
            let single = match pad.split('?').next().unwrap() {
                "/" => continue,
                p => format!("{p}/{id}"),
            };
            out.push_str(&get(a, b, &single).body);
        }
        out.push_str(&get(a, b, &format!("{}?search=schuldenzorg", pad.split('?').next().unwrap())).body);
    }
    out
}

#[test]
fn no_personal_data_and_contact_persons_only_when_allowed() {
    let dir = tempfile::tempdir().unwrap();
    embedded(dir.path());
    let a = agent();
    {
        let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
        let t = alles(&a, server.adres);
        assert!(!t.contains(CONTACTPERSOON), "een contactpersoon zonder toestemming");
        assert!(!t.contains("annemarie@aanbieder.example"));
        assert!(!t.contains("\"contacts\""), "geen contacts-lijsten");
        // the official example's contact person, also where the source repeats her: as who
        // changed a field, as the assurer, and her phone under the service
        assert!(!t.contains("Ann Persona"), "een contactpersoon uit de bron");
        assert!(!t.contains("assurer_email") && !t.contains("updated_by"), "wie iets wijzigde of controleerde");
        assert!(!t.contains("1554f2e2-a373-45db-a3fa-9fc48a61c15e"), "de telefoon van de contactpersoon");
        assert!(!t.contains(CLIENT) && !t.contains("Geheimcli"), "een cliënt");
        assert!(!t.contains("geheime vraag"), "een vraag van een cliënt");
    }
    let opties = Opties { contactpersonen: true, ..Default::default() };
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), opties).unwrap();
    let t = alles(&a, server.adres);
    assert!(t.contains(CONTACTPERSOON), "api_contactpersonen = true toont de contactpersoon");
    assert!(!t.contains(CLIENT) && !t.contains("geheime vraag"), "ook dan geen cliënt");
}

#[test]
fn the_embedded_store_held_by_a_desk_serves_its_search_snapshot_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    embedded(dir.path());
    let (a, s) = (agent(), schemas());
    // free: a read-only copy of the whole map, said so
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
    let r = get(&a, server.adres, "/");
    assert!(r.bron.contains("alleen-lezen kopie"), "{}", r.bron);
    assert_eq!(r.json()["x_loket"]["alleen_zoekindex"], false);
    drop(server);
    // a desk holds the store: the snapshot it keeps, said so
    let desk = SledStore::open(dir.path()).unwrap();
    let pad = loket::zoekindex::path_for(dir.path(), None);
    loket::zoekindex::current(&desk, &pad).unwrap();
    let server = api::start(Bron::Ingebouwd(dir.path().into()), any_port(), Opties::default()).unwrap();
    assert!(server.wat.contains("in gebruik door een desk") && server.wat.contains("zoekindex"), "{}", server.wat);
    let r = get(&a, server.adres, "/services?search=dagbesteding");
    assert_eq!(r.status, 200);
    assert!(r.bron.contains("zoekindex"), "{}", r.bron);
    let p = r.json();
    assert!(p["total_items"].as_u64().unwrap() > 0);
    for x in p["contents"].as_array().unwrap() {
        valid(&s.service_list, x, "zoekindex");
    }
    let root = ok(&a, server.adres, "/");
    assert_eq!(root["x_loket"]["alleen_zoekindex"], true);
    let id = p["contents"][0]["id"].as_str().unwrap();
    valid(&s.service, &ok(&a, server.adres, &format!("/services/{id}")), "zoekindex");
    for o in alle(&a, server.adres, "/organizations", &s.organization_list, &s) {
        valid(&s.organization, &ok(&a, server.adres, &format!("/organizations/{}", o["id"].as_str().unwrap())), "org");
    }
}

fn wacht_tot(wat: &str, mut f: impl FnMut() -> bool) {
    let t = Instant::now();
    while !f() {
        assert!(t.elapsed() < Duration::from_secs(20), "{wat}: niet binnen 20 s");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn on_postgresql_a_change_shows_while_the_api_runs() {
    let Some(url) = common::pg::fresh_db("api_live") else { return };
    let desk = loket::store::PgStore::connect(&url).unwrap();
    vul(&desk);
    let api_store = loket::store::open(Some(&url), tempfile::tempdir().unwrap().path()).unwrap();
    let opties = Opties { verversen: Duration::from_millis(200), ..Default::default() };
    let server = api::start(Bron::Gedeeld(api_store), any_port(), opties).unwrap();
    assert!(server.wat.contains("live"), "{}", server.wat);
    let a = agent();
    let zoek =
        |a: &ureq::Agent| ok(a, server.adres, "/services?search=kangoeroewerkplaats")["total_items"].as_u64().unwrap();
    assert_eq!(zoek(&a), 0);
    // a desk adds an entry while the API runs
    let mut k = loket::catalog::synth::generate(1, 99);
    k.voorzieningen[0].id = "nieuw-kangoeroe".into();
    k.voorzieningen[0].naam = "Kangoeroewerkplaats".into();
    store_kaart::upsert(&desk, &k).unwrap();
    wacht_tot("de nieuwe voorziening in de API", || zoek(&a) == 1);
    let id = loket::interchange::export::hsds_id("nieuw-kangoeroe");
    assert_eq!(ok(&a, server.adres, &format!("/services/{id}"))["name"], "Kangoeroewerkplaats");
}

/// Both maps exported as JSON: services and organizations by id.
fn geexporteerd(s: &dyn Store) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let k = store_kaart::load(s, &mut |_| {}).unwrap();
    let out = tempfile::tempdir().unwrap();
    export_dir(&k, ExportFormat::Json, out.path(), false).unwrap();
    let by_id = |name: &str| -> BTreeMap<String, Value> {
        read_json(&out.path().join(name))
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["id"].as_str().unwrap().to_string(), x.clone()))
            .collect()
    };
    (by_id("services.json"), by_id("organizations.json"))
}

#[test]
fn a_second_loket_imports_the_map_from_the_api_by_url() {
    let bron = tempfile::tempdir().unwrap();
    embedded(bron.path());
    let n = diensten(bron.path());
    // contact persons on, so the whole map goes over (they are part of the map)
    let opties = Opties { contactpersonen: true, ..Default::default() };
    let server = api::start(Bron::Ingebouwd(bron.path().into()), any_port(), opties).unwrap();
    let doel = tempfile::tempdir().unwrap();
    let b = SledStore::open(doel.path()).unwrap();
    // small pages, so following them is tested
    let url = format!("http://{}/", server.adres);
    let rep = loket::interchange::url::import_url(&b, &url, &ImportOptions::default()).unwrap();
    assert!(rep.written, "{:#?}", rep.errors);
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    drop(server);
    let (svc_a, org_a) = geexporteerd(&SledStore::open(bron.path()).unwrap());
    let (svc_b, org_b) = geexporteerd(&b);
    assert_eq!(svc_a.len(), n);
    assert_eq!(svc_a.keys().collect::<Vec<_>>(), svc_b.keys().collect::<Vec<_>>(), "dezelfde voorzieningen");
    assert_eq!(org_a.keys().collect::<Vec<_>>(), org_b.keys().collect::<Vec<_>>(), "dezelfde organisaties");
    for (id, x) in &svc_a {
        assert_eq!(x, &svc_b[id], "voorziening {id} veld voor veld");
    }
    for (id, x) in &org_a {
        // An organisation's source may nest its services (organization_full.json does): the API
        // lists them as services, and nests them only with full_service, so they are not part of
        // the organisation that goes over.
        let mut x = x.clone();
        x.as_object_mut().unwrap().remove("services");
        assert_eq!(x, org_b[id], "organisatie {id} veld voor veld");
    }
    // a list URL, paged small: every page followed
    let server = api::start(Bron::Ingebouwd(bron.path().into()), any_port(), Opties::default()).unwrap();
    let (kaart, rep) = loket::interchange::url::read_url(
        &format!("http://{}/services?per_page=4", server.adres),
        &ImportOptions::default(),
    )
    .unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    assert_eq!(kaart.voorzieningen.len() + kaart.regelingen.len(), 42, "alle elf pagina's gevolgd");
    // an address that does not answer: a Dutch error naming it
    let e = loket::interchange::url::read_url("http://127.0.0.1:9/services", &ImportOptions::default()).unwrap_err();
    assert!(format!("{e:#}").contains("127.0.0.1:9"), "{e:#}");
}

/// A mistyped data directory is refused: the API does not make a new, empty store there and
/// serve it as if it were the loket's map.
#[test]
fn the_api_refuses_a_data_directory_without_a_store() {
    let tmp = tempfile::tempdir().unwrap();
    let weg = tmp.path().join("typfout");
    let mut kind = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["api", "--adres", "127.0.0.1:0", "--gegevensmap"])
        .arg(&weg)
        .env("HOME", tmp.path())
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env_remove("LOKET_DATABASE_URL")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // refused at once; a server that started serving instead is stopped, and the test fails
    let start = std::time::Instant::now();
    while kind.try_wait().unwrap().is_none() && start.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = kind.kill();
    let out = kind.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("geen opslag van loket"), "{err}");
    assert!(!weg.join("db").exists(), "no store made");
}

//! `loket api`: the sociale kaart as a read-only HSDS 3.0 API (every path of the HSDS 3.0
//! OpenAPI description: `/`, `/services`, `/services/{id}`, `/organizations`,
//! `/organizations/{id}`, `/service_at_locations`, `/service_at_locations/{id}`,
//! `/taxonomies`, `/taxonomies/{id}`, `/taxonomy_terms`, `/taxonomy_terms/{id}`).
//!
//! - The objects are those of `loket export` (the same code: an imported record as its source
//!   gave it, with the changes made in loket), so an API and an export never disagree.
//! - Only the sociale kaart: nothing of contacts, dossiers, appointments or accounts is ever
//!   read. Named contact persons of providers (every HSDS `contacts` list) are left out unless
//!   the config allows them (`api_contactpersonen = true`).
//! - `?search=` uses the desk's own search index and ranking, so the API finds what the desk
//!   finds (archived entries left out, as at the desk).
//! - On PostgreSQL the map is read live: a changed `kaart_versie` is loaded in the background
//!   and served as soon as it is built (requests never wait for it). The embedded store is held
//!   by one process: the API loads a read-only copy of the map while the data directory is free
//!   and lets go of it at once; when a desk holds it, it serves the last search snapshot (names
//!   and organisations only). What it serves is said at start, in the `X-Loket-Bron` header of
//!   every response and at `/`.
//!
//! The HTTP stack is axum on tokio; the map is loaded and refreshed on a plain thread (the
//! synchronous PostgreSQL client may not run inside the runtime).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Duration;

use axum::extract::{Path as UrlDeel, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::catalog::snapshot::Snapshot;
use crate::catalog::{Catalog, EntryRef};
use crate::domain::kaart::Kaart;
use crate::interchange::export::{self, Rec, Terms};
use crate::search::Searcher;
use crate::store::Store;

/// Results per page when `per_page` is not given.
pub const STANDAARD_PER_PAGINA: usize = 50;
/// The most results a page holds (a larger `per_page` is cut to this).
pub const MAX_PER_PAGINA: usize = 1000;
/// The fields of a service in a list (`service_list` of HSDS 3.0: the one-to-one fields).
const DIENST_LIJST: [&str; 23] = [
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
];
/// The fields of an organization in a list (`organization_list`).
const ORG_LIJST: [&str; 13] = [
    "id",
    "name",
    "alternate_name",
    "description",
    "email",
    "website",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "legal_status",
    "logo",
    "uri",
    "parent_organization_id",
];

/// Where the API reads the map.
#[derive(Clone)]
pub enum Bron {
    /// A shared PostgreSQL database, read live.
    Gedeeld(Arc<dyn Store>),
    /// The embedded store in this data directory.
    Ingebouwd(PathBuf),
}

/// How the API runs.
#[derive(Debug, Clone)]
pub struct Opties {
    /// Named contact persons of providers in the responses (config `api_contactpersonen`).
    pub contactpersonen: bool,
    /// How often the map's version is checked (and a changed map loaded).
    pub verversen: Duration,
}

impl Default for Opties {
    fn default() -> Self {
        Opties { contactpersonen: false, verversen: Duration::from_secs(2) }
    }
}

/// One service of the API: a voorziening or regeling of the map, or a row of the snapshot.
#[derive(Debug, Clone, Copy)]
enum Dienst {
    V(u32),
    R(u32),
    Rij(u32),
}

enum Inhoud {
    Kaart(Catalog),
    Zoekindex(Snapshot),
}

/// What is found by walking every service once (on the first request that needs it).
#[derive(Default)]
struct Afgeleid {
    /// service_at_location id → the service that holds it.
    sal: Vec<(String, u32)>,
    sal_id: HashMap<String, u32>,
    termen: Vec<Value>,
    term_id: HashMap<String, u32>,
    taxonomieen: Vec<Value>,
    taxonomie_id: HashMap<String, u32>,
    /// term id → its services, taxonomy id → its services (for the filters).
    per_term: HashMap<String, Vec<u32>>,
    per_taxonomie: HashMap<String, Vec<u32>>,
}

/// One loaded view of the map, served until a newer one replaces it.
pub struct Beeld {
    /// The store's `kaart_versie` it shows.
    pub versie: u64,
    /// What it serves, said plainly (start line, header, `/`); no path or server name, as it
    /// goes to every client.
    pub wat: String,
    /// Only the search snapshot (the embedded store held by a desk).
    pub alleen_zoekindex: bool,
    inhoud: Inhoud,
    diensten: Vec<Dienst>,
    dienst_id: HashMap<String, u32>,
    /// search doc → service (u32::MAX: not served, e.g. the demo in an imported map).
    doc_dienst: Vec<u32>,
    orgs: Vec<u32>,
    org_id: HashMap<String, u32>,
    /// organisation loket id → its services.
    org_diensten: HashMap<String, Vec<u32>>,
    /// Archived (loket ids; `v/` and `r/` keys for the snapshot's rows): inactive, not searched.
    inactief: HashSet<String>,
    afgeleid: OnceLock<Afgeleid>,
    terms: Terms,
    zoekers: Mutex<Vec<Searcher>>,
    contactpersonen: bool,
}

impl Beeld {
    fn kaart(&self) -> Option<&Kaart> {
        match &self.inhoud {
            Inhoud::Kaart(c) => c.kaart(),
            Inhoud::Zoekindex(_) => None,
        }
    }

    /// A view of a whole map (`inactief`: the loket ids the beheerder archived).
    pub fn van_kaart(kaart: Kaart, versie: u64, inactief: HashSet<String>, wat: String, opties: &Opties) -> Beeld {
        let catalog = Catalog::build(kaart);
        let kaart = catalog.kaart().expect("built from a map");
        let mut diensten = Vec::new();
        let mut v_pos = vec![u32::MAX; kaart.voorzieningen.len()];
        let mut r_pos = vec![u32::MAX; kaart.regelingen.len()];
        let mut orgs = Vec::new();
        // the records of an export, in its order (placeholders and the demo beside an import out)
        for (rec, i) in export::records_indexed(kaart) {
            match rec {
                Rec::O(_) => orgs.push(i as u32),
                Rec::V(_) => {
                    v_pos[i] = diensten.len() as u32;
                    diensten.push(Dienst::V(i as u32));
                }
                Rec::R(_) => {
                    r_pos[i] = diensten.len() as u32;
                    diensten.push(Dienst::R(i as u32));
                }
            }
        }
        let mut dienst_id = HashMap::with_capacity(diensten.len());
        let mut org_diensten: HashMap<String, Vec<u32>> = HashMap::new();
        for (n, d) in diensten.iter().enumerate() {
            let (id, org) = match *d {
                Dienst::V(i) => (&kaart.voorzieningen[i as usize].id, &kaart.voorzieningen[i as usize].organisatie_id),
                Dienst::R(i) => (&kaart.regelingen[i as usize].id, &kaart.regelingen[i as usize].organisatie_id),
                Dienst::Rij(_) => unreachable!(),
            };
            dienst_id.insert(export::hsds_id(id), n as u32);
            org_diensten.entry(org.clone()).or_default().push(n as u32);
        }
        let org_id = orgs
            .iter()
            .enumerate()
            .map(|(n, &i)| {
                (
                    export::hsds_id_of(crate::interchange::model::T::Organizations, &kaart.organisaties[i as usize].id),
                    n as u32,
                )
            })
            .collect();
        let n_docs = catalog.len();
        let doc_dienst = (0..n_docs as u32)
            .map(|d| match catalog.doc(d) {
                EntryRef::Voorziening(i) => v_pos[i as usize],
                EntryRef::Regeling(i) => r_pos[i as usize],
            })
            .collect();
        Beeld {
            versie,
            wat,
            alleen_zoekindex: false,
            inhoud: Inhoud::Kaart(catalog),
            diensten,
            dienst_id,
            doc_dienst,
            orgs,
            org_id,
            org_diensten,
            inactief,
            afgeleid: OnceLock::new(),
            terms: Terms::new(),
            zoekers: Mutex::new(Vec::new()),
            contactpersonen: opties.contactpersonen,
        }
    }

    /// A view of the search snapshot only (names, organisations).
    pub fn van_zoekindex(snap: Snapshot, weg: HashSet<String>, wat: String, opties: &Opties) -> Beeld {
        let n = snap.len() as u32;
        let diensten: Vec<Dienst> = (0..n).map(Dienst::Rij).collect();
        let dienst_id = (0..n).map(|d| (export::hsds_id(snap.row(d).id), d)).collect();
        let mut org_diensten: HashMap<String, Vec<u32>> = HashMap::new();
        let mut org_naam: BTreeMap<String, u32> = BTreeMap::new();
        for d in 0..n {
            if let Some(o) = snap.organisatie_id(d) {
                org_diensten.entry(o.to_string()).or_default().push(d);
                org_naam.entry(o.to_string()).or_insert(d);
            }
        }
        let orgs: Vec<u32> = org_naam.values().copied().collect();
        let org_id = org_naam
            .keys()
            .enumerate()
            .map(|(i, id)| (export::hsds_id_of(crate::interchange::model::T::Organizations, id), i as u32))
            .collect();
        Beeld {
            versie: snap.versie,
            wat,
            alleen_zoekindex: true,
            doc_dienst: (0..n).collect(),
            inhoud: Inhoud::Zoekindex(snap),
            diensten,
            dienst_id,
            orgs,
            org_id,
            org_diensten,
            inactief: weg,
            afgeleid: OnceLock::new(),
            terms: Terms::new(),
            zoekers: Mutex::new(Vec::new()),
            contactpersonen: opties.contactpersonen,
        }
    }

    fn is_inactief(&self, d: Dienst) -> bool {
        if self.inactief.is_empty() {
            return false;
        }
        match (d, &self.inhoud) {
            (Dienst::V(i), _) => self.kaart().is_some_and(|k| self.inactief.contains(&k.voorzieningen[i as usize].id)),
            (Dienst::R(i), _) => self.kaart().is_some_and(|k| self.inactief.contains(&k.regelingen[i as usize].id)),
            (Dienst::Rij(d), Inhoud::Zoekindex(s)) => self.inactief.contains(&s.sleutel(d)),
            _ => false,
        }
    }

    /// The whole service `n`, as `loket export` writes it (contact persons left out unless allowed).
    fn dienst(&self, n: u32) -> Value {
        let d = self.diensten[n as usize];
        let uit = self.is_inactief(d);
        let mut v = match (d, &self.inhoud) {
            (Dienst::V(i), _) => {
                let k = self.kaart().expect("map");
                export::export_value(Rec::V(&k.voorzieningen[i as usize]), &self.terms, uit)
            }
            (Dienst::R(i), _) => {
                let k = self.kaart().expect("map");
                export::export_value(Rec::R(&k.regelingen[i as usize]), &self.terms, uit)
            }
            (Dienst::Rij(d), Inhoud::Zoekindex(s)) => {
                let r = s.row(d);
                let mut m = Map::new();
                m.insert("id".into(), export::hsds_id(r.id).into());
                if let Some(o) = s.organisatie_id(d) {
                    m.insert(
                        "organization_id".into(),
                        export::hsds_id_of(crate::interchange::model::T::Organizations, o).into(),
                    );
                }
                m.insert("name".into(), r.naam.into());
                m.insert("status".into(), if uit { "inactive" } else { "active" }.into());
                Value::Object(m)
            }
            _ => Value::Null,
        };
        if !self.contactpersonen {
            zonder_contacten(&mut v);
        }
        v
    }

    fn organisatie(&self, n: u32) -> Value {
        let i = self.orgs[n as usize];
        let mut v = match &self.inhoud {
            Inhoud::Kaart(c) => {
                let k = c.kaart().expect("map");
                export::export_value(Rec::O(&k.organisaties[i as usize]), &self.terms, false)
            }
            Inhoud::Zoekindex(s) => {
                let id = s.organisatie_id(i).unwrap_or("");
                json!({
                    "id": export::hsds_id_of(crate::interchange::model::T::Organizations, id),
                    "name": s.row(i).organisatie,
                    "description": "",
                })
            }
        };
        if !self.contactpersonen {
            zonder_contacten(&mut v);
        }
        v
    }

    fn org_loket_id(&self, n: u32) -> String {
        let i = self.orgs[n as usize];
        match &self.inhoud {
            Inhoud::Kaart(c) => c.kaart().expect("map").organisaties[i as usize].id.clone(),
            Inhoud::Zoekindex(s) => s.organisatie_id(i).unwrap_or("").to_string(),
        }
    }

    fn laatst_gewijzigd(&self, n: u32) -> Option<chrono::NaiveDate> {
        let k = self.kaart()?;
        match self.diensten[n as usize] {
            Dienst::V(i) => k.voorzieningen[i as usize].laatst_gewijzigd,
            Dienst::R(i) => k.regelingen[i as usize].laatst_gewijzigd,
            Dienst::Rij(_) => None,
        }
    }

    /// Service_at_locations and taxonomy terms, found by walking every service once.
    fn afgeleid(&self) -> &Afgeleid {
        self.afgeleid.get_or_init(|| {
            let mut a = Afgeleid::default();
            let mut termen: BTreeMap<String, Value> = BTreeMap::new();
            let mut taxs: BTreeMap<String, Value> = BTreeMap::new();
            for t in self.terms.all_exported() {
                export::collect_terms(&json!({ "taxonomy_term": t }), &mut termen, &mut taxs);
            }
            for n in 0..self.diensten.len() as u32 {
                let v = self.dienst(n);
                for s in v.get("service_at_locations").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(id) = s.get("id").and_then(Value::as_str) {
                        a.sal_id.insert(id.to_string(), a.sal.len() as u32);
                        a.sal.push((id.to_string(), n));
                    }
                }
                for at in v.get("attributes").and_then(Value::as_array).into_iter().flatten() {
                    if let Some(t) = at.get("taxonomy_term_id").and_then(Value::as_str) {
                        let l = a.per_term.entry(t.to_string()).or_default();
                        if l.last() != Some(&n) {
                            l.push(n);
                        }
                    }
                    let tax = at.pointer("/taxonomy_term/taxonomy_id").and_then(Value::as_str);
                    if let Some(t) = tax {
                        let l = a.per_taxonomie.entry(t.to_string()).or_default();
                        if l.last() != Some(&n) {
                            l.push(n);
                        }
                    }
                }
                export::collect_terms(&v, &mut termen, &mut taxs);
            }
            for (id, t) in termen {
                a.term_id.insert(id, a.termen.len() as u32);
                a.termen.push(t);
            }
            for (id, t) in taxs {
                a.taxonomie_id.insert(id, a.taxonomieen.len() as u32);
                a.taxonomieen.push(t);
            }
            a
        })
    }

    /// The desk's search: the services in rank order (archived ones and those not served left
    /// out) and how many there are. `genoeg`: how many the caller needs at least (all of them
    /// when the count must be exact after leaving some out).
    fn zoek(&self, vraag: &str, genoeg: usize, alles: bool) -> (Vec<u32>, usize) {
        let mut s = self.zoekers.lock().map(|mut z| z.pop()).ok().flatten().unwrap_or_default();
        let n_docs = self.doc_dienst.len();
        let volledig = self.inactief.is_empty() && self.doc_dienst.iter().all(|&d| d != u32::MAX);
        // never more than there are: a page far past the end must not ask the search for a heap
        // of that size (`?page=10000000&per_page=1000`)
        let limiet = if volledig && !alles { genoeg.min(n_docs) } else { n_docs };
        let r = match &self.inhoud {
            Inhoud::Kaart(c) => c.search(&mut s, vraag, &Default::default(), limiet),
            Inhoud::Zoekindex(snap) => s.search_all(&snap.index, vraag, limiet),
        };
        if let Ok(mut z) = self.zoekers.lock() {
            z.push(s);
        }
        let treffers: Vec<u32> = r
            .hits
            .iter()
            .map(|h| self.doc_dienst[h.doc as usize])
            .filter(|&n| n != u32::MAX && !self.is_inactief(self.diensten[n as usize]))
            .collect();
        let totaal = if limiet == n_docs { treffers.len() } else { r.total };
        (treffers, totaal)
    }
}

/// Leave out what names or reaches a person at a provider, in an object and the objects in it:
/// every `contacts` list (named contact persons), a phone of such a contact wherever it is
/// listed again (by its id, or by its `contact_id`), the change records (`metadata`: who changed
/// a field, in `updated_by`) and the assurer's e-mail address (`assurer_email`).
fn zonder_contacten(v: &mut Value) {
    fn telefoons_van_contacten(v: &Value, ids: &mut HashSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(cs)) = m.get("contacts") {
                    for c in cs {
                        if let Some(Value::Array(ps)) = c.get("phones") {
                            ids.extend(ps.iter().filter_map(|p| p.get("id")?.as_str().map(str::to_string)));
                        }
                    }
                }
                m.values().for_each(|x| telefoons_van_contacten(x, ids));
            }
            Value::Array(xs) => xs.iter().for_each(|x| telefoons_van_contacten(x, ids)),
            _ => {}
        }
    }
    fn weg(v: &mut Value, ids: &HashSet<String>) {
        match v {
            Value::Object(m) => {
                m.remove("contacts");
                // change records name who changed a field (`updated_by`, required there)
                m.remove("metadata");
                m.remove("assurer_email");
                if let Some(Value::Array(ps)) = m.get_mut("phones") {
                    ps.retain(|p| {
                        let van_contact = p.get("contact_id").is_some_and(|c| !c.is_null());
                        let id = p.get("id").and_then(Value::as_str).is_some_and(|i| ids.contains(i));
                        !van_contact && !id
                    });
                }
                m.values_mut().for_each(|x| weg(x, ids));
            }
            Value::Array(xs) => xs.iter_mut().for_each(|x| weg(x, ids)),
            _ => {}
        }
    }
    let mut ids = HashSet::new();
    telefoons_van_contacten(v, &mut ids);
    weg(v, &ids);
}

/// Only the one-to-one fields of an object (for a list).
fn alleen(v: Value, velden: &[&str]) -> Value {
    match v {
        Value::Object(mut m) => {
            m.retain(|k, _| velden.contains(&k.as_str()));
            Value::Object(m)
        }
        v => v,
    }
}

// ---------------------------------------------------------------- the server

/// The view being served, replaced whole when a newer one is built.
#[derive(Clone)]
struct Gedeeld {
    beeld: Arc<RwLock<Arc<Beeld>>>,
}

impl Gedeeld {
    fn nu(&self) -> Arc<Beeld> {
        self.beeld.read().map(|b| b.clone()).unwrap_or_else(|e| e.into_inner().clone())
    }
}

/// A running API.
pub struct Server {
    pub adres: SocketAddr,
    /// What it serves now (said at start).
    pub wat: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    draad: Option<std::thread::JoinHandle<()>>,
    ververser_stop: Arc<std::sync::atomic::AtomicBool>,
}

impl Server {
    /// Wait until the server ends (never, unless it fails).
    pub fn wacht(mut self) {
        if let Some(d) = self.draad.take() {
            let _ = d.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.ververser_stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(d) = self.draad.take() {
            let _ = d.join();
        }
    }
}

fn tijd() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M").to_string()
}

fn archief(store: &dyn Store) -> anyhow::Result<HashSet<String>> {
    Ok(crate::store::kaartbeheer::staten(store)?
        .into_values()
        .filter(|b| b.gearchiveerd.is_some())
        .filter_map(|b| b.sleutel.split_once('/').map(|(_, id)| id.to_string()))
        .collect())
}

/// Load the map from `bron` into a view. `Ok(None)`: the embedded store is held by a desk and
/// there is no usable search snapshot either.
pub fn laad(bron: &Bron, opties: &Opties) -> anyhow::Result<Beeld> {
    match bron {
        Bron::Gedeeld(store) => {
            let versie = store.kaart_versie()?;
            let kaart = crate::store::kaart::load(store.as_ref(), &mut |_| {})?;
            let wat = format!("gedeelde database: de kaart live, alleen-lezen (versie {versie}, geladen {})", tijd());
            Ok(Beeld::van_kaart(kaart, versie, archief(store.as_ref())?, wat, opties))
        }
        Bron::Ingebouwd(dir) => match crate::store::SledStore::open(dir) {
            Ok(store) => {
                let versie = store.kaart_versie()?;
                let kaart = crate::store::kaart::load(&store, &mut |_| {})?;
                let weg = archief(&store)?;
                drop(store);
                let wat = format!(
                    "ingebouwde opslag: een alleen-lezen kopie van de kaart (versie {versie}, geladen {}); wijzigingen van desks komen erin zodra de gegevensmap vrij is",
                    tijd()
                );
                Ok(Beeld::van_kaart(kaart, versie, weg, wat, opties))
            }
            Err(crate::store::StoreError::Locked(_)) => {
                let pad = crate::zoekindex::path_for(dir, None);
                let snap = crate::catalog::snapshot::open(&pad).map_err(|f| {
                    anyhow::anyhow!(
                        "de gegevensmap {} is in gebruik door een desk en de zoekindex ({}) is niet te gebruiken: {f}; start de API als de desk gesloten is",
                        dir.display(),
                        pad.display()
                    )
                })?;
                let weg = crate::zoekindex::gearchiveerd(&pad, snap.versie);
                let wat = format!(
                    "ingebouwde opslag in gebruik door een desk: alleen de laatste zoekindex (naam en organisatie; versie {}), alleen-lezen; de volledige gegevens zodra de gegevensmap vrij is",
                    snap.versie
                );
                Ok(Beeld::van_zoekindex(snap, weg, wat, opties))
            }
            Err(e) => Err(e.into()),
        },
    }
}

/// The map's version now, where it can be read without holding the embedded store.
fn versie_nu(bron: &Bron) -> Option<u64> {
    match bron {
        Bron::Gedeeld(store) => store.kaart_versie().ok(),
        Bron::Ingebouwd(dir) => crate::store::sled_store::kaart_versie_beside(dir),
    }
}

/// Load the map and serve it on `adres` (port 0: any free port) in the background.
pub fn start(bron: Bron, adres: SocketAddr, opties: Opties) -> anyhow::Result<Server> {
    let beeld = laad(&bron, &opties)?;
    serveer(beeld, Some(bron), adres, opties)
}

/// Serve `beeld` on `adres`; with `bron`, a newer map from it replaces it when one is there.
pub fn serveer(beeld: Beeld, bron: Option<Bron>, adres: SocketAddr, opties: Opties) -> anyhow::Result<Server> {
    let wat = beeld.wat.clone();
    let gedeeld = Gedeeld { beeld: Arc::new(RwLock::new(Arc::new(beeld))) };
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name("loket-api").enable_io().build()?;
    let luisteraar = rt
        .block_on(tokio::net::TcpListener::bind(adres))
        .map_err(|e| anyhow::anyhow!("kan niet luisteren op {adres}: {e}"))?;
    let adres = luisteraar.local_addr()?;
    let (stop, gestopt) = tokio::sync::oneshot::channel::<()>();
    let app = router(gedeeld.clone());
    let draad = std::thread::Builder::new().name("loket-api".into()).spawn(move || {
        rt.block_on(async move {
            let r = axum::serve(luisteraar, app)
                .with_graceful_shutdown(async move {
                    let _ = gestopt.await;
                })
                .await;
            if let Err(e) = r {
                eprintln!("loket api: {e}");
            }
        });
    })?;
    // the refresher: a newer map is loaded beside the one served, then put in its place
    let ververser_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    if let Some(bron) = bron {
        let stop = ververser_stop.clone();
        let g = gedeeld.clone();
        std::thread::Builder::new().name("loket-api-verversen".into()).spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(opties.verversen);
                let nu = g.nu();
                let versie = versie_nu(&bron);
                // the embedded store: a snapshot-only view is replaced as soon as the store is free
                if versie.is_none_or(|v| v == nu.versie) && !nu.alleen_zoekindex {
                    continue;
                }
                match laad(&bron, &opties) {
                    Ok(b) if b.alleen_zoekindex && !nu.alleen_zoekindex => {}
                    Ok(b) if b.alleen_zoekindex && b.versie == nu.versie => {}
                    Ok(b) => {
                        tracing::info!(versie = b.versie, "api: nieuwe versie van de kaart geladen");
                        if let Ok(mut w) = g.beeld.write() {
                            *w = Arc::new(b);
                        }
                    }
                    Err(e) => tracing::warn!("api: kaart niet opnieuw geladen: {e:#}"),
                }
            }
        })?;
    }
    Ok(Server { adres, wat, stop: Some(stop), draad: Some(draad), ververser_stop })
}

fn router(g: Gedeeld) -> Router {
    Router::new()
        .route("/", get(wortel))
        .route("/services", get(diensten))
        .route("/services/{id}", get(dienst))
        .route("/organizations", get(organisaties))
        .route("/organizations/{id}", get(organisatie))
        .route("/service_at_locations", get(sals))
        .route("/service_at_locations/{id}", get(sal))
        .route("/taxonomies", get(taxonomieen))
        .route("/taxonomies/{id}", get(taxonomie))
        .route("/taxonomy_terms", get(termen))
        .route("/taxonomy_terms/{id}", get(term))
        .fallback(|State(g): State<Gedeeld>| async move {
            fout(&g.nu(), StatusCode::NOT_FOUND, "onbekend pad; zie / en de HSDS 3.0 OpenAPI-beschrijving".into())
        })
        .with_state(g)
}

/// The query parameters of the HSDS 3.0 OpenAPI description.
#[derive(Debug, Default, Deserialize)]
struct Vraag {
    search: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
    format: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    modified_after: Option<String>,
    minimal: Option<String>,
    full: Option<String>,
    full_service: Option<String>,
    top_only: Option<String>,
    parent_id: Option<String>,
    postcode: Option<String>,
    proximity: Option<String>,
}

struct Fout(StatusCode, String);

/// The query parameters, read as axum's `Query` reads them; a query that can't be read (a
/// parameter twice, a broken %-code) is a Dutch error in the API's JSON, not axum's English text.
struct Vragen<T>(T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for Vragen<T> {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, Response> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(v)) => Ok(Vragen(v)),
            Err(_) => {
                let v = json!({
                    "fout": "de vraag in het adres is niet te lezen: een parameter staat er twee keer, of een %-code klopt niet",
                    "status": 400
                });
                Err((StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "application/json")], v.to_string())
                    .into_response())
            }
        }
    }
}

fn getal(naam: &str, w: &Option<String>, standaard: usize) -> Result<usize, Fout> {
    match w.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(standaard),
        Some(s) => {
            s.parse::<usize>().ok().filter(|&n| n >= 1).ok_or_else(|| {
                Fout(StatusCode::BAD_REQUEST, format!("{naam}: '{s}' is geen geheel getal van 1 of meer"))
            })
        }
    }
}

fn ja(naam: &str, w: &Option<String>) -> Result<bool, Fout> {
    match w.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
        None => Ok(false),
        Some(s) if s.is_empty() || s == "false" || s == "0" => Ok(false),
        Some(s) if s == "true" || s == "1" => Ok(true),
        Some(s) => Err(Fout(StatusCode::BAD_REQUEST, format!("{naam}: '{s}' is geen true of false"))),
    }
}

impl Vraag {
    fn pagina(&self) -> Result<(usize, usize), Fout> {
        let page = getal("page", &self.page, 1)?;
        let per = getal("per_page", &self.per_page, STANDAARD_PER_PAGINA)?.min(MAX_PER_PAGINA);
        Ok((page, per))
    }
    fn ndjson(&self) -> Result<bool, Fout> {
        match self.format.as_deref().map(|s| s.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(f) if f.is_empty() || f == "json" => Ok(false),
            Some(f) if f == "ndjson" => Ok(true),
            Some(f) => Err(Fout(StatusCode::BAD_REQUEST, format!("format: '{f}' onbekend (json of ndjson)"))),
        }
    }
    fn zoekwoorden(&self) -> Option<&str> {
        self.search.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
}

fn antwoord(b: &Beeld, status: StatusCode, inhoud: Vec<u8>, soort: &'static str) -> Response {
    let mut r = (status, inhoud).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(soort));
    // said in every response: what is served (ASCII, as a header must be)
    let wat: String = b.wat.chars().map(|c| if c.is_ascii() && !c.is_ascii_control() { c } else { '?' }).collect();
    if let Ok(v) = HeaderValue::from_str(&wat) {
        h.insert("x-loket-bron", v);
    }
    h.insert("x-loket-alleen-lezen", HeaderValue::from_static("ja"));
    h.insert("x-loket-kaartversie", HeaderValue::from(b.versie));
    r
}

fn json_antwoord(b: &Beeld, v: &Value) -> Response {
    antwoord(b, StatusCode::OK, serde_json::to_vec(v).unwrap_or_default(), "application/json")
}

fn fout(b: &Beeld, status: StatusCode, tekst: String) -> Response {
    let v = json!({ "fout": tekst, "status": status.as_u16() });
    antwoord(b, status, serde_json::to_vec(&v).unwrap_or_default(), "application/json")
}

fn niet_gevonden(b: &Beeld, wat: &str, id: &str) -> Response {
    fout(b, StatusCode::NOT_FOUND, format!("{wat} '{id}' staat niet op de kaart"))
}

/// A page as HSDS 3.0 gives it (`Page`: total_items, total_pages, page_number, size,
/// first_page, last_page, empty, and `contents`), or every item as NDJSON.
fn pagina(b: &Beeld, totaal: usize, page: usize, per: usize, inhoud: Vec<Value>) -> Response {
    let total_pages = totaal.div_ceil(per);
    let p = json!({
        "total_items": totaal,
        "total_pages": total_pages,
        "page_number": page,
        "size": inhoud.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": totaal == 0,
        "contents": inhoud,
    });
    json_antwoord(b, &p)
}

fn ndjson(b: &Beeld, items: impl Iterator<Item = Value>) -> Response {
    let mut out = Vec::new();
    for i in items {
        let _ = serde_json::to_writer(&mut out, &i);
        out.push(b'\n');
    }
    antwoord(b, StatusCode::OK, out, "application/x-ndjson")
}

/// A list of `n` items: the page asked for (items made by `maak` only for that page).
fn lijst(b: &Beeld, v: &Vraag, n: usize, maak: &dyn Fn(usize) -> Value) -> Result<Response, Fout> {
    if v.ndjson()? {
        return Ok(ndjson(b, (0..n).map(maak)));
    }
    let (page, per) = v.pagina()?;
    let begin = (page - 1).saturating_mul(per).min(n);
    let eind = begin.saturating_add(per).min(n);
    Ok(pagina(b, n, page, per, (begin..eind).map(maak).collect()))
}

fn of_fout(b: &Beeld, r: Result<Response, Fout>) -> Response {
    r.unwrap_or_else(|Fout(s, t)| fout(b, s, t))
}

fn folded_bevat(hooiberg: &str, naald: &str) -> bool {
    crate::base::text::fold(hooiberg).contains(&crate::base::text::fold(naald))
}

async fn wortel(State(g): State<Gedeeld>) -> Response {
    let b = g.nu();
    let v = json!({
        "version": "3.0",
        "profile": "https://docs.openreferral.org/en/latest/hsds/overview.html",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json",
        "x_loket": {
            "bron": b.wat,
            "alleen_lezen": true,
            "alleen_zoekindex": b.alleen_zoekindex,
            "kaartversie": b.versie,
            "voorzieningen": b.diensten.len(),
            "organisaties": b.orgs.len(),
            "contactpersonen": b.contactpersonen,
        },
    });
    json_antwoord(&b, &v)
}

/// The services a list asks for, in order (search rank, else the export's order), and how many.
fn gekozen(b: &Beeld, v: &Vraag, page: usize, per: usize, alles: bool) -> Result<(Vec<u32>, usize), Fout> {
    if v.postcode.as_deref().is_some_and(|s| !s.trim().is_empty())
        || v.proximity.as_deref().is_some_and(|s| !s.trim().is_empty())
    {
        return Err(Fout(StatusCode::BAD_REQUEST, "postcode en proximity: niet ondersteund door deze API".into()));
    }
    let mut filters: Vec<Box<dyn Fn(u32) -> bool + '_>> = Vec::new();
    if let Some(o) = v.organization_id.as_deref().filter(|s| !s.is_empty()) {
        let set: HashSet<u32> = match b.org_id.get(o) {
            Some(&n) => b.org_diensten.get(&b.org_loket_id(n)).into_iter().flatten().copied().collect(),
            None => HashSet::new(),
        };
        filters.push(Box::new(move |n| set.contains(&n)));
    }
    if let Some(t) = v.taxonomy_term_id.as_deref().filter(|s| !s.is_empty()) {
        let set: HashSet<u32> = b.afgeleid().per_term.get(t).into_iter().flatten().copied().collect();
        filters.push(Box::new(move |n| set.contains(&n)));
    }
    if let Some(t) = v.taxonomy_id.as_deref().filter(|s| !s.is_empty()) {
        let set: HashSet<u32> = b.afgeleid().per_taxonomie.get(t).into_iter().flatten().copied().collect();
        filters.push(Box::new(move |n| set.contains(&n)));
    }
    if let Some(m) = v.modified_after.as_deref().filter(|s| !s.is_empty()) {
        let datum =
            m.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).ok_or_else(|| {
                Fout(StatusCode::BAD_REQUEST, format!("modified_after: '{m}' is geen datum (JJJJ-MM-DD)"))
            })?;
        filters.push(Box::new(move |n| b.laatst_gewijzigd(n).is_some_and(|d| d >= datum)));
    }
    let keep = |n: u32| filters.iter().all(|f| f(n));
    match v.zoekwoorden() {
        Some(q) => {
            let genoeg = page.saturating_mul(per);
            let (hits, totaal) = b.zoek(q, genoeg, alles || !filters.is_empty());
            if filters.is_empty() {
                Ok((hits, totaal))
            } else {
                let hits: Vec<u32> = hits.into_iter().filter(|&n| keep(n)).collect();
                let n = hits.len();
                Ok((hits, n))
            }
        }
        None if filters.is_empty() => {
            // every service up to the end of the page (the caller takes the page out of it)
            let n = b.diensten.len();
            let eind = if alles { n } else { page.saturating_mul(per).min(n) };
            Ok(((0..eind as u32).collect(), n))
        }
        None => {
            let hits: Vec<u32> = (0..b.diensten.len() as u32).filter(|&n| keep(n)).collect();
            let n = hits.len();
            Ok((hits, n))
        }
    }
}

async fn diensten(State(g): State<Gedeeld>, Vragen(v): Vragen<Vraag>) -> Response {
    let b = g.nu();
    let r = (|| {
        let nd = v.ndjson()?;
        let (page, per) = v.pagina()?;
        let full = ja("full", &v.full)?;
        let minimal = ja("minimal", &v.minimal)?;
        let (hits, totaal) = gekozen(&b, &v, page, per, nd)?;
        let maak = |n: u32| {
            let d = b.dienst(n);
            if minimal {
                json!({ "id": d["id"], "last_modified": d.get("last_modified").cloned().unwrap_or(Value::Null) })
                    .as_object()
                    .map(|m| {
                        Value::Object(
                            m.iter().filter(|(_, x)| !x.is_null()).map(|(k, x)| (k.clone(), x.clone())).collect(),
                        )
                    })
                    .unwrap_or(Value::Null)
            } else if full {
                d
            } else {
                alleen(d, &DIENST_LIJST)
            }
        };
        if nd {
            return Ok(ndjson(&b, hits.into_iter().map(maak)));
        }
        let begin = (page - 1).saturating_mul(per).min(hits.len());
        let eind = begin.saturating_add(per).min(hits.len());
        Ok(pagina(&b, totaal, page, per, hits[begin..eind].iter().map(|&n| maak(n)).collect()))
    })();
    of_fout(&b, r)
}

async fn dienst(State(g): State<Gedeeld>, UrlDeel(id): UrlDeel<String>) -> Response {
    let b = g.nu();
    match b.dienst_id.get(&id) {
        Some(&n) => json_antwoord(&b, &b.dienst(n)),
        None => niet_gevonden(&b, "voorziening", &id),
    }
}

/// An organization with its services: their one-to-one fields, or whole (`full_service`).
fn org_met_diensten(b: &Beeld, n: u32, full_service: bool) -> Value {
    let mut o = b.organisatie(n);
    let lijst: Vec<Value> = b
        .org_diensten
        .get(&b.org_loket_id(n))
        .into_iter()
        .flatten()
        .map(|&d| if full_service { b.dienst(d) } else { alleen(b.dienst(d), &DIENST_LIJST) })
        .collect();
    if let Some(m) = o.as_object_mut() {
        m.insert("services".into(), Value::Array(lijst));
    }
    o
}

async fn organisaties(State(g): State<Gedeeld>, Vragen(v): Vragen<Vraag>) -> Response {
    let b = g.nu();
    let r = (|| {
        let full = ja("full", &v.full)?;
        let full_service = ja("full_service", &v.full_service)?;
        let gekozen: Vec<u32> = match v.zoekwoorden() {
            Some(q) => (0..b.orgs.len() as u32)
                .filter(|&n| {
                    let o = b.organisatie(n);
                    folded_bevat(o["name"].as_str().unwrap_or(""), q)
                        || folded_bevat(o.get("alternate_name").and_then(Value::as_str).unwrap_or(""), q)
                })
                .collect(),
            None => (0..b.orgs.len() as u32).collect(),
        };
        lijst(&b, &v, gekozen.len(), &|i| {
            let n = gekozen[i];
            if full_service {
                org_met_diensten(&b, n, true)
            } else if full {
                // whole, without services (they are listed as services; `full_service` nests them)
                let mut o = b.organisatie(n);
                if let Some(m) = o.as_object_mut() {
                    m.remove("services");
                }
                o
            } else {
                alleen(b.organisatie(n), &ORG_LIJST)
            }
        })
    })();
    of_fout(&b, r)
}

#[derive(Debug, Default, Deserialize)]
struct OrgVraag {
    full_service: Option<String>,
}

async fn organisatie(State(g): State<Gedeeld>, UrlDeel(id): UrlDeel<String>, Vragen(v): Vragen<OrgVraag>) -> Response {
    let b = g.nu();
    let full_service = match ja("full_service", &v.full_service) {
        Ok(f) => f,
        Err(Fout(s, t)) => return fout(&b, s, t),
    };
    match b.org_id.get(&id) {
        Some(&n) => json_antwoord(&b, &org_met_diensten(&b, n, full_service)),
        None => niet_gevonden(&b, "organisatie", &id),
    }
}

/// A service_at_location with its service (one-to-one fields); None when it is gone.
fn sal_object(b: &Beeld, id: &str, n: u32, volledig: bool) -> Value {
    let d = b.dienst(n);
    let s = d
        .get("service_at_locations")
        .and_then(Value::as_array)
        .and_then(|l| l.iter().find(|s| s.get("id").and_then(Value::as_str) == Some(id)))
        .cloned()
        .unwrap_or_else(|| json!({ "id": id }));
    let mut s = match s {
        Value::Object(m) if volledig => m,
        Value::Object(m) => {
            let keep = ["id", "service_id", "location_id", "description", "location"];
            m.into_iter().filter(|(k, _)| keep.contains(&k.as_str())).collect()
        }
        _ => Map::new(),
    };
    s.insert("service".into(), alleen(d, &DIENST_LIJST));
    Value::Object(s)
}

async fn sals(State(g): State<Gedeeld>, Vragen(v): Vragen<Vraag>) -> Response {
    let b = g.nu();
    let r = (|| {
        let full = ja("full", &v.full)?;
        let a = b.afgeleid();
        let gekozen: Vec<u32> = if v.zoekwoorden().is_some()
            || v.organization_id.is_some()
            || v.taxonomy_id.is_some()
            || v.taxonomy_term_id.is_some()
            || v.modified_after.is_some()
            || v.postcode.is_some()
            || v.proximity.is_some()
        {
            let (hits, _) = gekozen(&b, &v, 1, 1, true)?;
            let mut per_dienst: HashMap<u32, Vec<u32>> = HashMap::new();
            for (i, (_, n)) in a.sal.iter().enumerate() {
                per_dienst.entry(*n).or_default().push(i as u32);
            }
            hits.iter().flat_map(|n| per_dienst.get(n).cloned().unwrap_or_default()).collect()
        } else {
            (0..a.sal.len() as u32).collect()
        };
        lijst(&b, &v, gekozen.len(), &|i| {
            let (id, n) = &a.sal[gekozen[i] as usize];
            sal_object(&b, id, *n, full)
        })
    })();
    of_fout(&b, r)
}

async fn sal(State(g): State<Gedeeld>, UrlDeel(id): UrlDeel<String>) -> Response {
    let b = g.nu();
    let a = b.afgeleid();
    match a.sal_id.get(&id) {
        Some(&i) => json_antwoord(&b, &sal_object(&b, &id, a.sal[i as usize].1, true)),
        None => niet_gevonden(&b, "service_at_location", &id),
    }
}

async fn taxonomieen(State(g): State<Gedeeld>, Vragen(v): Vragen<Vraag>) -> Response {
    let b = g.nu();
    let a = b.afgeleid();
    let gekozen: Vec<&Value> = a
        .taxonomieen
        .iter()
        .filter(|t| v.zoekwoorden().is_none_or(|q| folded_bevat(t["name"].as_str().unwrap_or(""), q)))
        .collect();
    let r = lijst(&b, &v, gekozen.len(), &|i| gekozen[i].clone());
    of_fout(&b, r)
}

async fn taxonomie(State(g): State<Gedeeld>, UrlDeel(id): UrlDeel<String>) -> Response {
    let b = g.nu();
    let a = b.afgeleid();
    match a.taxonomie_id.get(&id) {
        Some(&i) => json_antwoord(&b, &a.taxonomieen[i as usize]),
        None => niet_gevonden(&b, "taxonomie", &id),
    }
}

async fn termen(State(g): State<Gedeeld>, Vragen(v): Vragen<Vraag>) -> Response {
    let b = g.nu();
    let a = b.afgeleid();
    let r = (|| {
        let top_only = ja("top_only", &v.top_only)?;
        let ouders: HashSet<&str> =
            a.termen.iter().filter_map(|t| t.get("parent_id").and_then(Value::as_str)).collect();
        let gekozen: Vec<&Value> = a
            .termen
            .iter()
            .filter(|t| v.zoekwoorden().is_none_or(|q| folded_bevat(t["name"].as_str().unwrap_or(""), q)))
            .filter(|t| {
                v.taxonomy_id.as_deref().is_none_or(|x| t.get("taxonomy_id").and_then(Value::as_str) == Some(x))
            })
            .filter(|t| v.parent_id.as_deref().is_none_or(|x| t.get("parent_id").and_then(Value::as_str) == Some(x)))
            // "only terms that have no child terms", as the description says
            .filter(|t| !top_only || !ouders.contains(t["id"].as_str().unwrap_or("")))
            .collect();
        lijst(&b, &v, gekozen.len(), &|i| gekozen[i].clone())
    })();
    of_fout(&b, r)
}

async fn term(State(g): State<Gedeeld>, UrlDeel(id): UrlDeel<String>) -> Response {
    let b = g.nu();
    let a = b.afgeleid();
    match a.term_id.get(&id) {
        Some(&i) => json_antwoord(&b, &a.termen[i as usize]),
        None => niet_gevonden(&b, "taxonomieterm", &id),
    }
}

impl Bron {
    /// Where it reads, for the start line (not for clients).
    pub fn describe(&self) -> String {
        match self {
            Bron::Gedeeld(s) => s.describe(),
            Bron::Ingebouwd(dir) => format!("gegevensmap {}", dir.display()),
        }
    }
}

/// The map in `dir` (or the database) as an API source, for the command line.
pub fn bron(database: Option<&str>, dir: &Path) -> anyhow::Result<Bron> {
    Ok(match database {
        Some(url) => Bron::Gedeeld(crate::store::open(Some(url), dir)?),
        // the API serves a store that is there: a mistyped data directory must not become a new,
        // empty one (with the demo map) served as if it were the loket's
        None if !dir.join("db").is_file() && !dir.join("conf").is_file() => anyhow::bail!(
            "in {} staat geen opslag van loket; geef de gegevensmap van het loket op (--gegevensmap MAP) of een database (--database URL)",
            dir.display()
        ),
        None => Bron::Ingebouwd(dir.to_path_buf()),
    })
}

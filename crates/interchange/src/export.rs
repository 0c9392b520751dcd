//! Kaart → HSDS 3.0.
//!
//! Every entry becomes one HSDS object (a service with its phones, schedules, locations…, an
//! organization with its contacts and locations):
//! - an entry made in loket: generated from the Dutch model ([`gen_service`], [`gen_org`]);
//! - an imported entry: the source object as read ([`Hsds`]), unchanged, with the parts the
//!   beheerder changed in loket since the import put in (see [`merge`]), so every field the
//!   source gave, `x_` extensions included, is written back as it came in.
//!
//! Ids: a UUID is kept; any other id becomes a v5 UUID made from its kind and the id, so an
//! organization and a service with the same source id never share one ([`hsds_id`]).
//!
//! The objects are written one at a time (bounded memory): as JSON (compact arrays) or as a
//! tabular data package (CSV per table + datapackage.json), the tables walked out of the objects
//! ([`rows_of`]).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use serde_json::{json, Map, Value};

use super::model::{Ty, T};
use super::progress::Progress;
use super::taxonomy::{self, EXTERN_PREFIX};
use loket_base::text::fnv1a;
use loket_domain::hours::OpeningHours;
use loket_domain::kaart::{Hsds, Kaart, Kosten, Leeftijd, Locatie, Organisatie, Regeling, Telefoon, Voorziening};

/// Rows of the HSDS tables, per table (one `Vec` of cells per row, in the specification's
/// column order), with the fields that have no column (`extra`, by row). The cells are `String`s
/// when the export makes them, or shared `Rc<str>`s of the rows an import read (no copy).
pub struct Flat<S = String> {
    pub rows: [Vec<Vec<S>>; 15],
    pub extra: [HashMap<usize, Vec<(S, S)>>; 15],
}

impl<S> Default for Flat<S> {
    fn default() -> Self {
        Flat { rows: Default::default(), extra: Default::default() }
    }
}

impl Flat<String> {
    fn push(&mut self, t: T, fields: &[(&str, &str)]) {
        let mut row = vec![String::new(); t.cols().len()];
        for (k, v) in fields {
            row[t.col(k)] = (*v).to_string();
        }
        self.rows[t as usize].push(row);
    }
}

impl<S: AsRef<str>> Flat<S> {
    /// A row as read, with its extra fields.
    pub fn push_row(&mut self, t: T, row: Vec<S>, extra: Vec<(S, S)>) {
        let i = self.rows[t as usize].len();
        self.rows[t as usize].push(row);
        if !extra.is_empty() {
            self.extra[t as usize].insert(i, extra);
        }
    }
    pub fn t(&self, t: T) -> &[Vec<S>] {
        &self.rows[t as usize]
    }
}

const EXTERN_TAXONOMY: &str = "extern";

/// The namespace of the UUIDs (v5) that loket gives ids that are no UUID.
const ID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x1c0e_7a3e_5b0d_4f61_9a52_6c6f_6b65_7431);

/// The HSDS id of an id of kind `kind` (a table name, e.g. "services"): the id itself when it
/// already is a UUID (a source UUID is kept), else a stable v5 UUID made from kind and id.
pub fn hsds_id_in(kind: &str, id: &str) -> String {
    if is_uuid(id) {
        id.to_string()
    } else {
        uuid::Uuid::new_v5(&ID_NAMESPACE, format!("{kind}/{id}").as_bytes()).hyphenated().to_string()
    }
}

/// [`hsds_id_in`] for a record of table `t`.
pub fn hsds_id_of(t: T, id: &str) -> String {
    hsds_id_in(t.name(), id)
}

/// The HSDS id of a service's (voorziening's, regeling's) loket id.
pub fn hsds_id(id: &str) -> String {
    hsds_id_of(T::Services, id)
}

/// The id lokets before kind-scoped ids gave: read on import, never written.
pub fn hsds_id_unscoped(id: &str) -> String {
    if is_uuid(id) {
        id.to_string()
    } else {
        uuid::Uuid::new_v5(&ID_NAMESPACE, id.as_bytes()).hyphenated().to_string()
    }
}

/// A UUID in the hyphenated form HSDS uses.
pub fn is_uuid(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::try_parse(id).is_ok()
}

fn cents(c: u32) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

fn hhmm(m: u16) -> String {
    let m = if m >= 1440 { 0 } else { m };
    format!("{:02}:{:02}", m / 60, m % 60)
}

struct Ctx<'a> {
    flat: &'a mut Flat,
    /// Made in loket (not imported): Dutch defaults (country NL, euro) apply.
    eigen: bool,
}

impl Ctx<'_> {
    fn attr(&mut self, link: &str, entity: &str, n: &mut usize, term: &str, value: &str) {
        *n += 1;
        let id = format!("{entity}:{link}-a{n}");
        self.flat.push(
            T::Attributes,
            &[("id", &id), ("link_id", link), ("taxonomy_term_id", term), ("link_entity", entity), ("value", value)],
        );
    }

    fn phones(&mut self, owner: &str, field: &str, tel: &[Telefoon]) {
        for (i, t) in tel.iter().enumerate() {
            let id = format!("{field}:{owner}-tel{}", i + 1);
            self.flat.push(
                T::Phones,
                &[("id", &id), (field, owner), ("number", &t.nummer), ("description", &t.omschrijving)],
            );
        }
    }

    fn schedules(&mut self, svc: &str, hours: &OpeningHours) {
        let mut groups: Vec<((u16, u16), Vec<u8>)> = Vec::new();
        for p in hours.periods() {
            match groups.iter_mut().find(|(k, _)| *k == (p.open, p.close)) {
                Some((_, days)) => days.push(p.day),
                None => groups.push(((p.open, p.close), vec![p.day])),
            }
        }
        const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
        for (i, ((open, close), days)) in groups.into_iter().enumerate() {
            let id = format!("{svc}-rooster{}", i + 1);
            let byday: Vec<&str> = days.iter().map(|&d| CODES[d as usize]).collect();
            self.flat.push(
                T::Schedules,
                &[
                    ("id", &id),
                    ("service_id", svc),
                    ("freq", "WEEKLY"),
                    ("wkst", "MO"),
                    ("byday", &byday.join(",")),
                    ("opens_at", &hhmm(open)),
                    ("closes_at", &hhmm(close)),
                ],
            );
        }
    }

    fn locaties(&mut self, svc: &str, org: &str, locs: &[Locatie]) {
        for (i, l) in locs.iter().enumerate() {
            let lid = format!("{svc}-loc{}", i + 1);
            let sid = format!("{svc}-sal{}", i + 1);
            self.flat.push(
                T::Locations,
                &[("id", &lid), ("location_type", "physical"), ("organization_id", org), ("name", &l.naam)],
            );
            self.flat.push(T::ServiceAtLocation, &[("id", &sid), ("service_id", svc), ("location_id", &lid)]);
            self.address(&lid, &l.adres, &l.gemeente);
            let mut n = 0;
            if !l.gemeente.is_empty() {
                self.attr(&lid, "location", &mut n, taxonomy::GEMEENTE, &l.gemeente);
            }
            if !l.wijk.is_empty() {
                self.attr(&lid, "location", &mut n, taxonomy::WIJK, &l.wijk);
            }
        }
    }

    fn address(&mut self, loc: &str, a: &loket_domain::kaart::Adres, gemeente: &str) {
        if a.is_empty() {
            return;
        }
        let id = format!("{loc}-adr");
        let country = if self.eigen { "NL" } else { "" };
        self.flat.push(
            T::Addresses,
            &[
                ("id", &id),
                ("location_id", loc),
                ("address_1", &a.straat),
                ("city", &a.plaats),
                ("region", gemeente),
                ("postal_code", &a.postcode),
                ("country", country),
                ("address_type", "physical"),
            ],
        );
    }

    fn kosten(&mut self, svc: &str, k: &Kosten) {
        if *k == Kosten::default() {
            return;
        }
        let id = format!("{svc}-kosten");
        let amount = k.bedrag_cent.map(cents).unwrap_or_default();
        let currency = if k.bedrag_cent.is_some() && self.eigen { "EUR" } else { "" };
        self.flat.push(
            T::CostOptions,
            &[
                ("id", &id),
                ("service_id", svc),
                ("option", k.soort.label()),
                ("currency", currency),
                ("amount", &amount),
                ("amount_description", &k.eenheid),
            ],
        );
        let mut n = 0;
        self.attr(&id, "cost_option", &mut n, &taxonomy::kosten(k.soort), "");
    }

    fn documenten(&mut self, svc: &str, docs: &[String]) {
        for (i, d) in docs.iter().enumerate() {
            let id = format!("{svc}-doc{}", i + 1);
            self.flat.push(T::RequiredDocuments, &[("id", &id), ("service_id", svc), ("document", d)]);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn service_row(
        &mut self,
        id: &str,
        org: &str,
        naam: &str,
        beschrijving: &str,
        extra: &[(&str, &str)],
        leeftijd: Leeftijd,
        verified: Option<chrono::NaiveDate>,
        modified: Option<chrono::NaiveDate>,
        kosten: &Kosten,
    ) {
        let min = leeftijd.min.map(|m| m.to_string()).unwrap_or_default();
        let max = leeftijd.max.map(|m| m.to_string()).unwrap_or_default();
        let assured = verified.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        let last = modified.map(|d| d.format("%Y-%m-%dT00:00:00Z").to_string()).unwrap_or_default();
        let mut f: Vec<(&str, &str)> = vec![
            ("id", id),
            ("organization_id", org),
            ("name", naam),
            ("description", beschrijving),
            ("status", "active"),
            ("fees_description", &kosten.toelichting),
            ("minimum_age", &min),
            ("maximum_age", &max),
            ("assured_date", &assured),
            ("last_modified", &last),
        ];
        f.extend_from_slice(extra);
        self.flat.push(T::Services, &f);
    }
}

fn flat_org(cx: &mut Ctx, o: &Organisatie) {
    cx.flat.push(
        T::Organizations,
        &[
            ("id", &o.id),
            ("name", &o.naam),
            ("description", &o.beschrijving),
            ("email", &o.email),
            ("website", &o.website),
        ],
    );
    cx.phones(&o.id, "organization_id", &o.telefoon);
    let cp = &o.contactpersoon;
    if !cp.is_empty() {
        let cid = format!("{}-contact", o.id);
        cx.flat.push(
            T::Contacts,
            &[
                ("id", &cid),
                ("organization_id", &o.id),
                ("name", &cp.naam),
                ("title", &cp.functie),
                ("email", &cp.email),
            ],
        );
        cx.phones(&cid, "contact_id", &cp.telefoon);
    }
    if !o.adres.is_empty() {
        let lid = format!("{}-adres", o.id);
        cx.flat.push(
            T::Locations,
            &[("id", &lid), ("location_type", "physical"), ("organization_id", &o.id), ("name", &o.naam)],
        );
        cx.address(&lid, &o.adres, &o.gemeente);
    }
    let mut n = 0;
    if !o.gemeente.is_empty() {
        cx.attr(&o.id, "organization", &mut n, taxonomy::GEMEENTE, &o.gemeente);
    }
    if !is_uuid(&o.id) {
        cx.attr(&o.id, "organization", &mut n, taxonomy::LOKET_ID, &o.id);
    }
}

fn flat_vz(cx: &mut Ctx, v: &Voorziening) {
    cx.service_row(
        &v.id,
        &v.organisatie_id,
        &v.naam,
        &v.beschrijving,
        &[("url", &v.website), ("email", &v.email), ("application_process", &v.aanvraag), ("wait_time", &v.wachttijd)],
        v.leeftijd,
        v.laatst_geverifieerd,
        v.laatst_gewijzigd,
        &v.kosten,
    );
    let mut n = 0;
    let id = v.id.as_str();
    if !is_uuid(id) {
        cx.attr(id, "service", &mut n, taxonomy::LOKET_ID, id);
    }
    cx.attr(id, "service", &mut n, &taxonomy::wet(v.wet), "");
    cx.attr(id, "service", &mut n, &taxonomy::toegang(v.toegang), "");
    for d in &v.doelgroepen {
        cx.attr(id, "service", &mut n, &taxonomy::doelgroep(*d), "");
    }
    if !v.categorie.is_empty() {
        cx.attr(id, "service", &mut n, taxonomy::CATEGORIE, &v.categorie);
    }
    common_attrs(cx, id, &mut n, &v.werkgebied.gemeenten, &v.werkgebied.wijken, &v.trefwoorden);
    for code in &v.taxonomie {
        cx.attr(id, "service", &mut n, &format!("{EXTERN_PREFIX}{code}"), "");
    }
    cx.phones(id, "service_id", &v.telefoon);
    cx.schedules(id, &v.openingstijden);
    cx.locaties(id, &v.organisatie_id, &v.locaties);
    cx.kosten(id, &v.kosten);
    cx.documenten(id, &v.documenten);
    for (i, t) in v.talen.iter().enumerate() {
        let lid = format!("{id}-taal{}", i + 1);
        cx.flat.push(T::Languages, &[("id", &lid), ("service_id", id), ("name", t)]);
    }
}

fn flat_reg(cx: &mut Ctx, r: &Regeling) {
    cx.service_row(
        &r.id,
        &r.organisatie_id,
        &r.naam,
        &r.beschrijving,
        &[("eligibility_description", &r.voor_wie), ("application_process", &r.hoe_aanvragen)],
        r.leeftijd,
        r.laatst_geverifieerd,
        r.laatst_gewijzigd,
        &r.kosten,
    );
    let mut n = 0;
    let id = r.id.as_str();
    if !is_uuid(id) {
        cx.attr(id, "service", &mut n, taxonomy::LOKET_ID, id);
    }
    cx.attr(id, "service", &mut n, taxonomy::REGELING, "");
    cx.attr(id, "service", &mut n, &taxonomy::wet(r.wet), "");
    cx.attr(id, "service", &mut n, &taxonomy::toegang(r.toegang), "");
    for d in &r.doelgroepen {
        cx.attr(id, "service", &mut n, &taxonomy::doelgroep(*d), "");
    }
    common_attrs(cx, id, &mut n, &r.werkgebied.gemeenten, &r.werkgebied.wijken, &r.trefwoorden);
    for (term, value) in [
        (taxonomy::ARTIKEL, &r.artikel),
        (taxonomy::WAAR_AANVRAGEN, &r.waar_aanvragen),
        (taxonomy::WAT_ZEGGEN, &r.wat_zeggen),
        (taxonomy::MEEGEVEN, &r.meegeven),
    ] {
        if !value.is_empty() {
            cx.attr(id, "service", &mut n, term, value);
        }
    }
    cx.kosten(id, &r.kosten);
    cx.documenten(id, &r.documenten);
}

fn common_attrs(
    cx: &mut Ctx,
    id: &str,
    n: &mut usize,
    gemeenten: &[String],
    wijken: &[String],
    trefwoorden: &[String],
) {
    for g in gemeenten {
        cx.attr(id, "service", n, taxonomy::GEMEENTE, g);
    }
    for w in wijken {
        cx.attr(id, "service", n, taxonomy::WIJK, w);
    }
    for t in trefwoorden {
        cx.attr(id, "service", n, taxonomy::TREFWOORD, t);
    }
}

/// loket's taxonomy and its terms as HSDS objects (loket ids), by term id.
pub struct Terms {
    terms: HashMap<String, Value>,
}

impl Default for Terms {
    fn default() -> Self {
        Terms::new()
    }
}

impl Terms {
    pub fn new() -> Terms {
        let loket = json!({
            "id": taxonomy::TAXONOMY_ID,
            "name": taxonomy::TAXONOMY_NAME,
            "description": taxonomy::TAXONOMY_DESCRIPTION,
            "version": taxonomy::TAXONOMY_VERSION,
        });
        let mut terms = HashMap::new();
        for t in taxonomy::terms() {
            let mut o = json!({
                "id": t.id,
                "code": t.id,
                "name": t.name,
                "description": t.description,
                "taxonomy": taxonomy::TAXONOMY_ID,
                "language": "nl",
                "taxonomy_id": taxonomy::TAXONOMY_ID,
                "taxonomy_detail": loket.clone(),
            });
            if !t.parent_id.is_empty() {
                o["parent_id"] = Value::String(t.parent_id.clone());
            }
            terms.insert(t.id.clone(), o);
        }
        Terms { terms }
    }

    /// The term object of a term id: one of loket's, or a code of another taxonomy.
    fn term(&self, id: &str) -> Option<Value> {
        if let Some(t) = self.terms.get(id) {
            return Some(t.clone());
        }
        let code = id.strip_prefix(EXTERN_PREFIX)?;
        Some(json!({
            "id": id,
            "code": code,
            "name": code,
            "description": "",
            "taxonomy": EXTERN_TAXONOMY,
            "taxonomy_id": EXTERN_TAXONOMY,
            "taxonomy_detail": {
                "id": EXTERN_TAXONOMY,
                "name": "Overgenomen classificaties",
                "description": "Codes uit andere taxonomieën (bv. AIRS/211), overgenomen bij een import.",
            },
        }))
    }

    /// Every loket term, as written into an export (ids made HSDS ids).
    pub fn all_exported(&self) -> Vec<Value> {
        let mut v: Vec<(&String, &Value)> = self.terms.iter().collect();
        v.sort_by_key(|(k, _)| k.as_str());
        v.into_iter()
            .map(|(_, t)| {
                let mut t = t.clone();
                remap_ids(&mut t, "taxonomy_terms");
                t
            })
            .collect()
    }
}

/// A row as a JSON object: non-empty fields, numbers as numbers, schema-required fields always,
/// then the extra fields as they were read.
fn obj<S: AsRef<str>>(t: T, row: &[S], extra: Option<&Vec<(S, S)>>) -> Map<String, Value> {
    let mut m = Map::new();
    let req = t.schema_required();
    for (c, v) in t.cols().iter().zip(row) {
        let v = v.as_ref();
        if v.is_empty() {
            if req.contains(&c.name) {
                m.insert(c.name.to_string(), Value::String(String::new()));
            }
            continue;
        }
        let val = match c.ty {
            Ty::Int | Ty::Num => match v.parse::<i64>() {
                Ok(i) => Value::from(i),
                Err(_) => v
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(v.to_string())),
            },
            _ => Value::String(v.to_string()),
        };
        m.insert(c.name.to_string(), val);
    }
    for (k, v) in extra.into_iter().flatten() {
        m.entry(k.as_ref()).or_insert_with(|| Value::String(v.as_ref().to_string()));
    }
    m
}

/// Row indexes of `t` grouped by the value of `field` (rows where `keep` holds).
fn group<'f, S: AsRef<str>>(
    flat: &'f Flat<S>,
    t: T,
    field: &str,
    keep: impl Fn(&[S]) -> bool,
) -> HashMap<&'f str, Vec<usize>> {
    let ci = t.col(field);
    let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in flat.t(t).iter().enumerate() {
        if !r[ci].as_ref().is_empty() && keep(r) {
            m.entry(r[ci].as_ref()).or_default().push(i);
        }
    }
    m
}

fn empty<S: AsRef<str>>(t: T, r: &[S], fields: &[&str]) -> bool {
    fields.iter().all(|f| r[t.col(f)].as_ref().is_empty())
}

/// Nested HSDS 3.0 objects (services, organizations) of flat tables. Terms are taken from the
/// tables, else from `terms` (loket's own and external codes).
pub fn to_json<S: AsRef<str>>(flat: &Flat<S>, terms: &Terms) -> (Vec<Value>, Vec<Value>) {
    let (mut services, mut orgs) = (Vec::new(), Vec::new());
    to_json_each(flat, terms, &mut |t, v| match t {
        T::Organizations => orgs.push(v),
        _ => services.push(v),
    });
    (services, orgs)
}

/// [`to_json`], handing each object to `f` as it is made (services, then organizations).
pub fn to_json_each<S: AsRef<str>>(flat: &Flat<S>, terms: &Terms, f: &mut dyn FnMut(T, Value)) {
    let row_obj = |t: T, i: usize| obj(t, &flat.t(t)[i], flat.extra[t as usize].get(&i));
    let index =
        |t: T| -> HashMap<&str, usize> { flat.t(t).iter().enumerate().map(|(i, r)| (r[0].as_ref(), i)).collect() };
    let term_rows = index(T::TaxonomyTerms);
    let tax_rows = index(T::Taxonomies);
    let loc_rows = index(T::Locations);
    let term_obj = |id: &str| -> Option<Value> {
        match term_rows.get(id) {
            Some(&i) => {
                let mut o = row_obj(T::TaxonomyTerms, i);
                let tax = flat.t(T::TaxonomyTerms)[i][T::TaxonomyTerms.col("taxonomy_id")].as_ref();
                if let Some(&ti) = tax_rows.get(tax) {
                    o.insert("taxonomy_detail".into(), Value::Object(row_obj(T::Taxonomies, ti)));
                }
                Some(Value::Object(o))
            }
            None => terms.term(id),
        }
    };
    let attrs = group(flat, T::Attributes, "link_id", |_| true);
    let entity_ci = T::Attributes.col("link_entity");
    let attr_list = |id: &str, entity: &str| -> Value {
        Value::Array(
            attrs
                .get(id)
                .into_iter()
                .flatten()
                .filter(|&&i| {
                    let e = flat.t(T::Attributes)[i][entity_ci].as_ref();
                    e.is_empty() || e == entity
                })
                .map(|&i| {
                    let mut o = row_obj(T::Attributes, i);
                    let term = flat.t(T::Attributes)[i][T::Attributes.col("taxonomy_term_id")].as_ref();
                    if let Some(to) = term_obj(term) {
                        o.insert("taxonomy_term".into(), to);
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    };
    let list = |m: &HashMap<&str, Vec<usize>>, t: T, id: &str| -> Value {
        Value::Array(m.get(id).into_iter().flatten().map(|&i| Value::Object(row_obj(t, i))).collect())
    };
    let p = T::Phones;
    let c = T::Contacts;
    let s = T::Schedules;
    let svc_phones = group(flat, p, "service_id", |_| true);
    let sal_phones = group(flat, p, "service_at_location_id", |r| empty(p, r, &["service_id"]));
    let loc_phones =
        group(flat, p, "location_id", |r| empty(p, r, &["service_id", "service_at_location_id", "contact_id"]));
    let org_phones = group(flat, p, "organization_id", |r| {
        empty(p, r, &["service_id", "location_id", "service_at_location_id", "contact_id"])
    });
    let contact_phones = group(flat, p, "contact_id", |_| true);
    let phone_langs = group(flat, T::Languages, "phone_id", |_| true);
    let phones_of = |m: &HashMap<&str, Vec<usize>>, id: &str| -> Value {
        Value::Array(
            m.get(id)
                .into_iter()
                .flatten()
                .map(|&i| {
                    let mut o = row_obj(p, i);
                    let langs = list(&phone_langs, T::Languages, flat.t(p)[i][0].as_ref());
                    if langs.as_array().is_some_and(|a| !a.is_empty()) {
                        o.insert("languages".into(), langs);
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    };
    let org_contacts =
        group(flat, c, "organization_id", |r| empty(c, r, &["service_id", "location_id", "service_at_location_id"]));
    let svc_contacts = group(flat, c, "service_id", |_| true);
    let sal_contacts = group(flat, c, "service_at_location_id", |r| empty(c, r, &["service_id"]));
    let loc_contacts = group(flat, c, "location_id", |r| empty(c, r, &["service_id", "service_at_location_id"]));
    let contacts_of = |m: &HashMap<&str, Vec<usize>>, id: &str| -> Value {
        Value::Array(
            m.get(id)
                .into_iter()
                .flatten()
                .map(|&i| {
                    let mut o = row_obj(c, i);
                    o.insert("phones".into(), phones_of(&contact_phones, flat.t(c)[i][0].as_ref()));
                    Value::Object(o)
                })
                .collect(),
        )
    };
    let svc_sched = group(flat, s, "service_id", |_| true);
    let sal_sched = group(flat, s, "service_at_location_id", |r| empty(s, r, &["service_id"]));
    let loc_sched = group(flat, s, "location_id", |r| empty(s, r, &["service_id", "service_at_location_id"]));
    let addresses = group(flat, T::Addresses, "location_id", |_| true);
    let loc_langs = group(flat, T::Languages, "location_id", |r| empty(T::Languages, r, &["service_id"]));
    let location = |i: usize| -> Value {
        let mut o = row_obj(T::Locations, i);
        let id = flat.t(T::Locations)[i][0].as_ref();
        o.insert("addresses".into(), list(&addresses, T::Addresses, id));
        o.insert("phones".into(), phones_of(&loc_phones, id));
        o.insert("schedules".into(), list(&loc_sched, s, id));
        o.insert("languages".into(), list(&loc_langs, T::Languages, id));
        o.insert("contacts".into(), contacts_of(&loc_contacts, id));
        o.insert("attributes".into(), attr_list(id, "location"));
        Value::Object(o)
    };
    let sals = group(flat, T::ServiceAtLocation, "service_id", |_| true);
    let costs = group(flat, T::CostOptions, "service_id", |_| true);
    let docs = group(flat, T::RequiredDocuments, "service_id", |_| true);
    let langs = group(flat, T::Languages, "service_id", |_| true);
    let areas = group(flat, T::ServiceAreas, "service_id", |_| true);
    let org_locs = group(flat, T::Locations, "organization_id", |_| true);
    let sal_locs: HashSet<&str> =
        flat.t(T::ServiceAtLocation).iter().map(|r| r[T::ServiceAtLocation.col("location_id")].as_ref()).collect();

    for (i, row) in flat.t(T::Services).iter().enumerate() {
        let id = row[0].as_ref();
        let mut o = row_obj(T::Services, i);
        o.insert("phones".into(), phones_of(&svc_phones, id));
        o.insert("schedules".into(), list(&svc_sched, s, id));
        let sal: Vec<Value> = sals
            .get(id)
            .into_iter()
            .flatten()
            .map(|&si| {
                let r = &flat.t(T::ServiceAtLocation)[si];
                let mut so = row_obj(T::ServiceAtLocation, si);
                so.insert("phones".into(), phones_of(&sal_phones, r[0].as_ref()));
                so.insert("schedules".into(), list(&sal_sched, s, r[0].as_ref()));
                so.insert("contacts".into(), contacts_of(&sal_contacts, r[0].as_ref()));
                if let Some(&li) = loc_rows.get(r[2].as_ref()) {
                    so.insert("location".into(), location(li));
                }
                Value::Object(so)
            })
            .collect();
        o.insert("service_at_locations".into(), Value::Array(sal));
        o.insert("languages".into(), list(&langs, T::Languages, id));
        o.insert("service_areas".into(), list(&areas, T::ServiceAreas, id));
        o.insert("contacts".into(), contacts_of(&svc_contacts, id));
        let cost: Vec<Value> = costs
            .get(id)
            .into_iter()
            .flatten()
            .map(|&ci| {
                let mut co = row_obj(T::CostOptions, ci);
                co.insert("attributes".into(), attr_list(flat.t(T::CostOptions)[ci][0].as_ref(), "cost_option"));
                Value::Object(co)
            })
            .collect();
        o.insert("cost_options".into(), Value::Array(cost));
        o.insert("required_documents".into(), list(&docs, T::RequiredDocuments, id));
        o.insert("attributes".into(), attr_list(id, "service"));
        f(T::Services, Value::Object(o));
    }
    for (i, row) in flat.t(T::Organizations).iter().enumerate() {
        let id = row[0].as_ref();
        let mut o = row_obj(T::Organizations, i);
        o.insert("phones".into(), phones_of(&org_phones, id));
        o.insert("contacts".into(), contacts_of(&org_contacts, id));
        let locs: Vec<Value> = org_locs
            .get(id)
            .into_iter()
            .flatten()
            .filter(|&&li| !sal_locs.contains(flat.t(T::Locations)[li][0].as_ref()))
            .map(|&li| location(li))
            .collect();
        o.insert("locations".into(), Value::Array(locs));
        o.insert("attributes".into(), attr_list(id, "organization"));
        f(T::Organizations, Value::Object(o));
    }
}

/// One record of the map, as the export sees it.
#[derive(Clone, Copy)]
pub enum Rec<'a> {
    O(&'a Organisatie),
    V(&'a Voorziening),
    R(&'a Regeling),
}

impl Rec<'_> {
    fn hsds(&self) -> &Hsds {
        match self {
            Rec::O(o) => &o.hsds,
            Rec::V(v) => &v.hsds,
            Rec::R(r) => &r.hsds,
        }
    }
}

/// The HSDS object loket makes of a record from its Dutch fields (loket ids, not yet HSDS ids).
pub fn generate(rec: Rec, terms: &Terms) -> Value {
    generate_as(rec, terms, rec.hsds().is_empty())
}

/// [`generate`], as an entry made in loket (`eigen`: Dutch defaults) or an imported one.
fn generate_as(rec: Rec, terms: &Terms, eigen: bool) -> Value {
    let mut flat = Flat::default();
    let mut cx = Ctx { flat: &mut flat, eigen };
    match rec {
        Rec::O(o) => flat_org(&mut cx, o),
        Rec::V(v) => flat_vz(&mut cx, v),
        Rec::R(r) => flat_reg(&mut cx, r),
    }
    let (mut services, mut orgs) = to_json(&flat, terms);
    match rec {
        Rec::O(_) => orgs.pop().unwrap_or(Value::Null),
        _ => services.pop().unwrap_or(Value::Null),
    }
}

fn hash(v: &Value) -> u64 {
    fnv1a(&v.to_string())
}

thread_local! {
    /// The names of [`stempels`] made so far: field names and loket's own attribute keys, a few
    /// hundred at most.
    static NAMEN: std::cell::RefCell<HashSet<Arc<str>>> = Default::default();
}

/// `naam` as a name shared by every record that has it.
fn gedeelde_naam(naam: &str) -> Arc<str> {
    NAMEN.with(|n| {
        let mut n = n.borrow_mut();
        if let Some(k) = n.get(naam) {
            return k.clone();
        }
        let k: Arc<str> = naam.into();
        n.insert(k.clone());
        k
    })
}

/// An attribute of loket's own taxonomy (in a generated object): its "term=value" key.
fn loket_attr_key(a: &Value) -> Option<String> {
    let term = a.get("taxonomy_term_id")?.as_str()?;
    term.starts_with("loket:").then(|| format!("{term}={}", a.get("value").and_then(Value::as_str).unwrap_or("")))
}

/// What an export compares an imported record with: per top-level field of the generated
/// object a fingerprint, and per loket attribute its key (see [`merge`]).
pub fn stempels(generated: &Value) -> Vec<(Arc<str>, u64)> {
    let Some(m) = generated.as_object() else {
        return Vec::new();
    };
    let mut out: Vec<(Arc<str>, u64)> = m.iter().map(|(k, v)| (gedeelde_naam(k), hash(v))).collect();
    if let Some(attrs) = m.get("attributes").and_then(Value::as_array) {
        out.extend(attrs.iter().filter_map(loket_attr_key).map(|k| (gedeelde_naam(&format!("attr:{k}")), 0)));
    }
    // kept with the record: no room left over from growing
    out.shrink_to_fit();
    out
}

/// The source record (`hsds`) of an imported entry: the object as read and what the entry
/// looks like to an export now. None when the entry alone already exports as exactly that
/// object (loket's own export read back): nothing to keep.
pub fn keep_source(rec: Rec, json: String, terms: &Terms) -> Option<Hsds> {
    if rec.hsds().is_empty() {
        if let Ok(source) = serde_json::from_str::<Value>(&json) {
            if export_value(rec, terms, false) == source {
                return None;
            }
        }
    }
    let generated = generate_as(rec, terms, false);
    Some(Hsds { json, stempels: stempels(&generated) })
}

/// The source object with what was changed in loket since the import: a top-level field
/// whose generated value differs from the one at import is taken from the generated object
/// (left out when loket emptied it); every other field stays as the source gave it. Of the
/// attributes only loket's own that were added in loket are put in.
pub fn merge(source: Value, generated: Value, stempels: &[(Arc<str>, u64)]) -> Value {
    let (Value::Object(mut out), Value::Object(gen)) = (source, generated) else {
        return Value::Null;
    };
    let mut then: HashMap<&str, u64> = stempels.iter().map(|(k, h)| (&**k, *h)).collect();
    // loket's id of an entry whose source id is no UUID travels along (see `hsds_id`)
    let has_loket_id = out.get("attributes").and_then(Value::as_array).is_some_and(|xs| {
        xs.iter().any(|a| a.get("taxonomy_term_id").and_then(Value::as_str) == Some(taxonomy::LOKET_ID))
    });
    let needs_loket_id = !has_loket_id && out.get("id").and_then(Value::as_str).is_some_and(|id| !is_uuid(id));
    if needs_loket_id {
        then.remove("attributes");
    }
    for (k, g) in &gen {
        if k == "id" || then.get(k.as_str()) == Some(&hash(g)) {
            continue;
        }
        if k == "attributes" {
            let added: Vec<Value> = g
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| {
                    loket_attr_key(a).is_some_and(|key| {
                        if key.starts_with(&format!("{}=", taxonomy::LOKET_ID)) {
                            needs_loket_id
                        } else {
                            !then.contains_key(format!("attr:{key}").as_str())
                        }
                    })
                })
                .cloned()
                .collect();
            if !added.is_empty() {
                let list = out.entry("attributes").or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(xs) = list {
                    xs.extend(added);
                }
            }
            continue;
        }
        let is_empty = match g {
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            Value::Null => true,
            _ => false,
        };
        if is_empty && !out.contains_key(k) {
            continue;
        }
        out.insert(k.clone(), g.clone());
    }
    // a field loket had and no longer has: emptied in loket
    for (k, _) in stempels.iter().filter(|(k, _)| !k.starts_with("attr:")) {
        let k: &str = k;
        if !gen.contains_key(k) && k != "attributes" {
            out.remove(k);
        }
    }
    Value::Object(out)
}

/// The table (or, for kinds loket has no table for, the kind's name) of a nested key.
fn nested_kind(key: &str) -> Option<&'static str> {
    Some(match key {
        "organization" | "organizations" => "organizations",
        "service" | "services" => "services",
        "location" | "locations" => "locations",
        "service_at_locations" | "service_at_location" => "service_at_location",
        "addresses" => "addresses",
        "phones" => "phones",
        "schedules" => "schedules",
        "cost_options" => "cost_options",
        "required_documents" => "required_documents",
        "languages" => "languages",
        "service_areas" => "service_areas",
        "contacts" => "contacts",
        "attributes" => "attributes",
        "taxonomy_term" => "taxonomy_terms",
        "taxonomy_detail" | "taxonomy" => "taxonomies",
        "funding" => "funding",
        "accessibility" => "accessibility",
        "program" | "programs" => "programs",
        "organization_identifiers" => "organization_identifiers",
        "metadata" => "metadata",
        _ => return None,
    })
}

/// The kind an id field refers to (`link_id`: by the attribute's `link_entity`).
fn ref_kind(own: &str, key: &str, obj: &Map<String, Value>) -> Option<String> {
    Some(
        match key {
            "id" => own,
            "organization_id" | "parent_organization_id" => "organizations",
            "service_id" => "services",
            "location_id" => "locations",
            "service_at_location_id" => "service_at_location",
            "contact_id" => "contacts",
            "phone_id" => "phones",
            "program_id" => "programs",
            "taxonomy_term_id" => "taxonomy_terms",
            "taxonomy_id" => "taxonomies",
            "parent_id" if own == "taxonomy_terms" => "taxonomy_terms",
            "link_id" => {
                let e = obj.get("link_entity").or(obj.get("link_type")).and_then(Value::as_str).unwrap_or("");
                return super::model::T::ALL
                    .iter()
                    .find(|t| t.name().trim_end_matches('s') == e.trim_end_matches('s'))
                    .map(|t| t.name().to_string())
                    .or_else(|| (!e.is_empty()).then(|| e.to_string()));
            }
            _ => return None,
        }
        .to_string(),
    )
}

/// Make every id and reference in an object of kind `own` (and its nested objects) an HSDS id.
pub fn remap_ids(v: &mut Value, own: &str) {
    match v {
        Value::Array(xs) => xs.iter_mut().for_each(|x| remap_ids(x, own)),
        Value::Object(m) => {
            let refs: Vec<(String, String)> = m
                .iter()
                .filter_map(|(k, x)| Some((k.clone(), ref_kind(own, k, m)?, x.as_str()?.to_string())))
                .filter(|(_, _, id)| !id.is_empty())
                .map(|(k, kind, id)| (k, hsds_id_in(&kind, &id)))
                .collect();
            for (k, id) in refs {
                m.insert(k, Value::String(id));
            }
            for (k, x) in m.iter_mut() {
                if let Some(kind) = nested_kind(k) {
                    if x.is_object() || x.is_array() {
                        remap_ids(x, kind);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Every field HSDS 3.0 requires is there (empty when the source lacked it; a service without
/// status is active, as the import read it).
fn fill_required(v: &mut Value, kind: &str) {
    match v {
        Value::Array(xs) => xs.iter_mut().for_each(|x| fill_required(x, kind)),
        Value::Object(m) => {
            if let Some(t) = T::from_name(kind) {
                for f in t.schema_required() {
                    let missing = m.get(*f).is_none_or(Value::is_null);
                    if *f == "status" && (missing || m.get("status").and_then(Value::as_str) == Some("")) {
                        m.insert("status".into(), Value::String("active".into()));
                    } else if missing {
                        m.insert(f.to_string(), Value::String(String::new()));
                    }
                }
            }
            for (k, x) in m.iter_mut() {
                if let Some(kind) = nested_kind(k) {
                    if x.is_object() || x.is_array() {
                        fill_required(x, kind);
                    }
                }
            }
        }
        _ => {}
    }
}

/// A plain value as the text a CSV cell holds.
fn cell(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Walk an object of table `t` (and its nested objects) into rows: `sink(table, row, extra)`.
/// `parent`: references to the object it is nested in, filled when the object has none.
pub fn rows_of(
    v: &Value,
    t: T,
    parent: &[(&str, String)],
    sink: &mut dyn FnMut(T, Vec<String>, Vec<(String, String)>),
) {
    let Value::Object(m) = v else {
        if let Value::Array(xs) = v {
            for x in xs {
                rows_of(x, t, parent, sink);
            }
        }
        return;
    };
    let cols = t.cols();
    let mut row = vec![String::new(); cols.len()];
    let mut extra = Vec::new();
    for (k, x) in m {
        match cols.iter().position(|c| c.name == k) {
            Some(i) => row[i] = cell(x).unwrap_or_default(),
            None if nested_kind(k).is_none() => {
                if let Some(s) = cell(x) {
                    extra.push((k.clone(), s));
                }
            }
            None => {}
        }
    }
    for (k, id) in parent {
        if let Some(i) = cols.iter().position(|c| c.name == *k) {
            if row[i].is_empty() {
                row[i] = id.clone();
            }
        }
    }
    // references that come from a nested object
    let id_of = |k: &str| m.get(k).and_then(|o| o.get("id")).and_then(cell);
    let set = |row: &mut Vec<String>, col: &str, v: Option<String>| {
        if let (Some(i), Some(v)) = (cols.iter().position(|c| c.name == col), v) {
            if row[i].is_empty() {
                row[i] = v;
            }
        }
    };
    set(&mut row, "organization_id", id_of("organization"));
    set(&mut row, "location_id", id_of("location"));
    set(&mut row, "service_id", id_of("service"));
    set(&mut row, "taxonomy_term_id", id_of("taxonomy_term"));
    set(&mut row, "taxonomy_id", id_of("taxonomy_detail"));
    let id = row[0].clone();
    let entity = match t {
        T::Organizations => "organization",
        T::Services => "service",
        T::Locations => "location",
        T::CostOptions => "cost_option",
        T::ServiceAtLocation => "service_at_location",
        _ => "",
    };
    sink(t, row, extra);
    for (k, x) in m {
        let Some(kind) = nested_kind(k) else { continue };
        let Some(ct) = T::from_name(kind) else { continue };
        let refs: Vec<(&str, String)> = match (t, ct) {
            (_, T::Attributes) => vec![("link_id", id.clone()), ("link_entity", entity.to_string())],
            (_, T::TaxonomyTerms) | (_, T::Taxonomies) => Vec::new(),
            (T::Services, T::Organizations) => Vec::new(),
            (T::ServiceAtLocation, T::Locations) | (T::ServiceAtLocation, T::Services) => Vec::new(),
            (T::Organizations, _) => vec![("organization_id", id.clone())],
            (T::Services, _) => vec![("service_id", id.clone())],
            (T::Locations, _) => vec![("location_id", id.clone())],
            (T::ServiceAtLocation, _) => vec![("service_at_location_id", id.clone())],
            (T::Contacts, _) => vec![("contact_id", id.clone())],
            (T::Phones, _) => vec![("phone_id", id.clone())],
            _ => Vec::new(),
        };
        rows_of(x, ct, &refs, sink);
    }
}

/// The exported object of one record: ids made HSDS ids; `inactief` marks it inactive.
pub fn export_value(rec: Rec, terms: &Terms, inactief: bool) -> Value {
    let generated = generate(rec, terms);
    let h = rec.hsds();
    let mut v = if h.is_empty() {
        generated
    } else {
        match serde_json::from_str::<Value>(&h.json) {
            Ok(source) => merge(source, generated, &h.stempels),
            Err(_) => generated,
        }
    };
    let kind = if matches!(rec, Rec::O(_)) { "organizations" } else { "services" };
    remap_ids(&mut v, kind);
    fill_required(&mut v, kind);
    if inactief {
        v["status"] = Value::String("inactive".into());
    }
    v
}

/// The source kind of the bundled demo map's records.
pub const DEMO: &str = "demo";
/// The source kind of imported records.
pub const IMPORT: &str = "hsds-import";

/// The records of a map in export order: organizations (without the placeholders an import
/// made for missing ones), then voorzieningen and regelingen. When the map holds imported
/// records, the fictional demo records are left out: the demo never goes into the export of a
/// real map.
pub fn records(kaart: &Kaart) -> impl Iterator<Item = Rec<'_>> {
    records_indexed(kaart).map(|(r, _)| r)
}

/// [`records`], each with its index in its list of the map (organisaties, voorzieningen or
/// regelingen).
pub fn records_indexed(kaart: &Kaart) -> impl Iterator<Item = (Rec<'_>, usize)> {
    let imported = kaart.organisaties.iter().any(|o| o.bron.soort == IMPORT)
        || kaart.voorzieningen.iter().any(|v| v.bron.soort == IMPORT)
        || kaart.regelingen.iter().any(|r| r.bron.soort == IMPORT);
    let keep = move |b: &loket_domain::kaart::Bron| !(imported && b.soort == DEMO);
    kaart
        .organisaties
        .iter()
        .enumerate()
        .filter(move |(_, o)| !o.ontbreekt_in_bron && keep(&o.bron))
        .map(|(i, o)| (Rec::O(o), i))
        .chain(kaart.voorzieningen.iter().enumerate().filter(move |(_, v)| keep(&v.bron)).map(|(i, v)| (Rec::V(v), i)))
        .chain(kaart.regelingen.iter().enumerate().filter(move |(_, r)| keep(&r.bron)).map(|(i, r)| (Rec::R(r), i)))
}

fn loket_id_of<'a>(rec: Rec<'a>) -> &'a str {
    match rec {
        Rec::O(o) => &o.id,
        Rec::V(v) => &v.id,
        Rec::R(r) => &r.id,
    }
}

/// Write the map as JSON: organizations.json, services.json (compact arrays, one record at a
/// time), taxonomies.json and taxonomy_terms.json (every term the records use, and loket's).
pub fn write_json(
    kaart: &Kaart,
    inactief: &HashSet<String>,
    dir: &Path,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    let terms = Terms::new();
    let mut term_set: BTreeMap<String, Value> = BTreeMap::new();
    let mut tax_set: BTreeMap<String, Value> = BTreeMap::new();
    for t in terms.all_exported() {
        if let Some(d) = t.get("taxonomy_detail") {
            tax_set.insert(d["id"].as_str().unwrap_or("").to_string(), d.clone());
        }
        term_set.insert(t["id"].as_str().unwrap_or("").to_string(), strip_detail(t));
    }
    let open = |name: &str| -> anyhow::Result<BufWriter<std::fs::File>> {
        let path = dir.join(name);
        let f = std::fs::File::create(&path).with_context(|| format!("kan {} niet schrijven", path.display()))?;
        Ok(BufWriter::with_capacity(1 << 16, f))
    };
    let mut done = 0u64;
    for (name, orgs) in [("organizations.json", true), ("services.json", false)] {
        let mut w = open(name)?;
        w.write_all(b"[")?;
        let mut first = true;
        for rec in records(kaart).filter(|r| matches!(r, Rec::O(_)) == orgs) {
            let off = !orgs && inactief.contains(loket_id_of(rec));
            let v = export_value(rec, &terms, off);
            collect_terms(&v, &mut term_set, &mut tax_set);
            if !first {
                w.write_all(b",\n")?;
            }
            first = false;
            serde_json::to_writer(&mut w, &v)?;
            done += 1;
            if done.is_multiple_of(1024) {
                progress.set(done);
            }
        }
        w.write_all(b"]\n")?;
        w.flush().with_context(|| format!("kan {name} niet schrijven"))?;
    }
    for (name, set) in [("taxonomies.json", tax_set), ("taxonomy_terms.json", term_set)] {
        let mut w = open(name)?;
        serde_json::to_writer(&mut w, &set.into_values().collect::<Vec<_>>())?;
        w.write_all(b"\n")?;
        w.flush().with_context(|| format!("kan {name} niet schrijven"))?;
    }
    Ok(())
}

fn strip_detail(mut t: Value) -> Value {
    if let Some(m) = t.as_object_mut() {
        m.remove("taxonomy_detail");
    }
    t
}

/// The taxonomy terms (and taxonomies) nested in an object.
pub fn collect_terms(v: &Value, terms: &mut BTreeMap<String, Value>, taxs: &mut BTreeMap<String, Value>) {
    match v {
        Value::Array(xs) => xs.iter().for_each(|x| collect_terms(x, terms, taxs)),
        Value::Object(m) => {
            for (k, x) in m {
                if k == "taxonomy_term" {
                    if let Some(id) = x.get("id").and_then(Value::as_str) {
                        if !terms.contains_key(id) {
                            terms.insert(id.to_string(), strip_detail(x.clone()));
                        }
                    }
                    if let Some(d) = x.get("taxonomy_detail") {
                        if let Some(id) = d.get("id").and_then(Value::as_str) {
                            taxs.entry(id.to_string()).or_insert_with(|| d.clone());
                        }
                    }
                } else if x.is_object() || x.is_array() {
                    collect_terms(x, terms, taxs);
                }
            }
        }
        _ => {}
    }
}

/// The Table Schema type and format of a column.
fn field_type(c: &super::model::Col) -> (&'static str, Option<&'static str>) {
    match c.ty {
        Ty::Id => ("string", Some("uuid")),
        Ty::Int | Ty::Num => ("number", None),
        Ty::Date => ("date", None),
        Ty::DateTime => ("datetime", None),
        Ty::Time => ("time", None),
        _ => match c.name {
            "url" | "website" | "uri" | "logo" | "schedule_link" | "term_uri" => ("string", Some("uri")),
            "email" | "assurer_email" => ("string", Some("email")),
            _ => ("string", None),
        },
    }
}

/// The resource name HSDS 3.0 gives a table (singular).
pub fn resource_name(t: T) -> &'static str {
    match t {
        T::Organizations => "organization",
        T::Services => "service",
        T::Locations => "location",
        T::ServiceAtLocation => "service_at_location",
        T::Addresses => "address",
        T::Phones => "phone",
        T::Schedules => "schedule",
        T::CostOptions => "cost_option",
        T::RequiredDocuments => "required_document",
        T::Languages => "language",
        T::ServiceAreas => "service_area",
        T::Taxonomies => "taxonomy",
        T::TaxonomyTerms => "taxonomy_term",
        T::Attributes => "attribute",
        T::Contacts => "contact",
    }
}

/// Is the column required in an HSDS 3.0 tabular package?
fn required(t: T, c: &super::model::Col) -> bool {
    c.required || t.schema_required().contains(&c.name) || (t == T::Services && c.name == "organization_id")
}

/// Write the map as an HSDS 3.0 tabular data package: one CSV per table with every column of
/// the specification (and the extra columns the sources had), and datapackage.json. Records
/// are walked twice, one at a time: first for the extra columns, then to write.
pub fn write_csv(kaart: &Kaart, inactief: &HashSet<String>, dir: &Path, progress: &mut Progress) -> anyhow::Result<()> {
    let terms = Terms::new();
    // the extra columns, from the source records (loket's own have none)
    let mut extra_cols: [Vec<String>; 15] = Default::default();
    for rec in records(kaart) {
        let h = rec.hsds();
        if h.is_empty() {
            continue;
        }
        let Ok(v) = serde_json::from_str::<Value>(&h.json) else { continue };
        let t = if matches!(rec, Rec::O(_)) { T::Organizations } else { T::Services };
        rows_of(&v, t, &[], &mut |t, _, extra| {
            for (k, _) in extra {
                if !extra_cols[t as usize].contains(&k) {
                    extra_cols[t as usize].push(k);
                }
            }
        });
    }
    let mut writers = Vec::new();
    for t in T::ALL {
        let path = dir.join(t.file());
        let f = std::fs::File::create(&path).with_context(|| format!("kan {} niet schrijven", path.display()))?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, f));
        w.write_record(t.cols().iter().map(|c| c.name).chain(extra_cols[t as usize].iter().map(String::as_str)))?;
        writers.push(w);
    }
    let mut seen: [HashSet<String>; 15] = Default::default();
    let mut err: Option<anyhow::Error> = None;
    let mut emit = |t: T, mut row: Vec<String>, extra: Vec<(String, String)>| {
        if err.is_some() || (!row[0].is_empty() && !seen[t as usize].insert(row[0].clone())) {
            return;
        }
        for name in &extra_cols[t as usize] {
            row.push(extra.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default());
        }
        if let Err(e) = writers[t as usize].write_record(&row) {
            err = Some(e.into());
        }
    };
    for t in terms.all_exported() {
        rows_of(&t, T::TaxonomyTerms, &[], &mut emit);
    }
    let mut done = 0u64;
    for rec in records(kaart) {
        let off = !matches!(rec, Rec::O(_)) && inactief.contains(loket_id_of(rec));
        let v = export_value(rec, &terms, off);
        let t = if matches!(rec, Rec::O(_)) { T::Organizations } else { T::Services };
        rows_of(&v, t, &[], &mut emit);
        done += 1;
        if done.is_multiple_of(1024) {
            progress.set(done);
        }
    }
    if let Some(e) = err {
        return Err(e);
    }
    for (t, mut w) in T::ALL.into_iter().zip(writers) {
        w.flush().with_context(|| format!("kan {} niet schrijven", t.file()))?;
    }
    let mut resources = Vec::new();
    for t in T::ALL {
        let mut fields: Vec<Value> = t
            .cols()
            .iter()
            .map(|c| {
                let (ty, format) = field_type(c);
                let mut f = json!({"name": c.name, "type": ty});
                if let Some(fm) = format {
                    f["format"] = json!(fm);
                }
                f["constraints"] = json!({"required": required(t, c), "unique": c.name == "id"});
                f
            })
            .collect();
        for name in &extra_cols[t as usize] {
            fields.push(json!({"name": name, "type": "string", "constraints": {"required": false, "unique": false}}));
        }
        resources.push(json!({
            "name": resource_name(t),
            "path": t.file(),
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": fields, "primaryKey": "id"},
        }));
    }
    let dp = json!({
        "profile": "tabular-data-package",
        "name": "loket-sociale-kaart",
        "title": "Sociale kaart (loket), HSDS 3.0",
        "version": "3.0",
        "licenses": [],
        "resources": resources,
    });
    let path = dir.join("datapackage.json");
    std::fs::write(&path, serde_json::to_string_pretty(&dp)? + "\n")
        .with_context(|| format!("kan {} niet schrijven", path.display()))?;
    Ok(())
}

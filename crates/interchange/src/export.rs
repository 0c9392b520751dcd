//! Kaart → HSDS 3.0: first flat tables (one `Vec<String>` per row, in the specification's
//! column order), then written as a tabular data package (CSV + datapackage.json) or as JSON
//! (nested service and organization objects).

use std::collections::{BTreeSet, HashMap};
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context;
use serde_json::{json, Map, Value};

use super::model::{Ty, T};
use super::progress::Progress;
use super::taxonomy::{self, EXTERN_PREFIX};
use loket_domain::hours::OpeningHours;
use loket_domain::kaart::{Kaart, Kosten, Leeftijd, Locatie, Telefoon};

/// All export rows, per table.
#[derive(Default)]
pub struct Flat {
    pub rows: [Vec<Vec<String>>; 15],
}

impl Flat {
    fn push(&mut self, t: T, fields: &[(&str, &str)]) {
        let mut row = vec![String::new(); t.cols().len()];
        for (k, v) in fields {
            row[t.col(k)] = (*v).to_string();
        }
        self.rows[t as usize].push(row);
    }
    pub fn t(&self, t: T) -> &[Vec<String>] {
        &self.rows[t as usize]
    }
}

const EXTERN_TAXONOMY: &str = "extern";

/// The namespace of the UUIDs (v5) that loket gives its own ids in an export.
const ID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x1c0e_7a3e_5b0d_4f61_9a52_6c6f_6b65_7431);

/// The HSDS id of a loket id: the id itself when it already is a UUID (an entry imported from
/// HSDS keeps its source id), else a stable v5 UUID made from it.
pub fn hsds_id(id: &str) -> String {
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
    extern_terms: &'a mut BTreeSet<String>,
}

impl Ctx<'_> {
    fn attr(&mut self, link: &str, entity: &str, n: &mut usize, term: &str, value: &str) {
        *n += 1;
        let id = format!("{link}-a{n}");
        self.flat.push(
            T::Attributes,
            &[("id", &id), ("link_id", link), ("taxonomy_term_id", term), ("link_entity", entity), ("value", value)],
        );
    }

    fn phones(&mut self, owner: &str, field: &str, tel: &[Telefoon]) {
        for (i, t) in tel.iter().enumerate() {
            let id = format!("{owner}-tel{}", i + 1);
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
        self.flat.push(
            T::Addresses,
            &[
                ("id", &id),
                ("location_id", loc),
                ("address_1", &a.straat),
                ("city", &a.plaats),
                ("region", gemeente),
                ("postal_code", &a.postcode),
                ("country", "NL"),
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
        let currency = if k.bedrag_cent.is_some() { "EUR" } else { "" };
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

/// The flat HSDS tables of a map.
pub fn flatten(kaart: &Kaart, progress: &mut Progress) -> Flat {
    let mut flat = Flat::default();
    let mut extern_terms = BTreeSet::new();
    let mut cx = Ctx { flat: &mut flat, extern_terms: &mut extern_terms };
    let mut done = 0u64;
    for o in &kaart.organisaties {
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
        done += 1;
        if done.is_multiple_of(1024) {
            progress.set(done);
        }
    }
    for v in &kaart.voorzieningen {
        cx.service_row(
            &v.id,
            &v.organisatie_id,
            &v.naam,
            &v.beschrijving,
            &[
                ("url", &v.website),
                ("email", &v.email),
                ("application_process", &v.aanvraag),
                ("wait_time", &v.wachttijd),
            ],
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
        common_attrs(&mut cx, id, &mut n, &v.werkgebied.gemeenten, &v.werkgebied.wijken, &v.trefwoorden);
        for code in &v.taxonomie {
            cx.extern_terms.insert(code.clone());
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
        done += 1;
        if done.is_multiple_of(1024) {
            progress.set(done);
        }
    }
    for r in &kaart.regelingen {
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
        common_attrs(&mut cx, id, &mut n, &r.werkgebied.gemeenten, &r.werkgebied.wijken, &r.trefwoorden);
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
        done += 1;
        if done.is_multiple_of(1024) {
            progress.set(done);
        }
    }
    // The taxonomies: loket's own, and the codes of other taxonomies that entries carry.
    flat.push(
        T::Taxonomies,
        &[
            ("id", taxonomy::TAXONOMY_ID),
            ("name", taxonomy::TAXONOMY_NAME),
            ("description", taxonomy::TAXONOMY_DESCRIPTION),
            ("version", taxonomy::TAXONOMY_VERSION),
        ],
    );
    for t in taxonomy::terms() {
        flat.push(
            T::TaxonomyTerms,
            &[
                ("id", &t.id),
                ("code", &t.id),
                ("name", &t.name),
                ("description", &t.description),
                ("parent_id", &t.parent_id),
                ("taxonomy", taxonomy::TAXONOMY_ID),
                ("language", "nl"),
                ("taxonomy_id", taxonomy::TAXONOMY_ID),
            ],
        );
    }
    if !extern_terms.is_empty() {
        flat.push(
            T::Taxonomies,
            &[
                ("id", EXTERN_TAXONOMY),
                ("name", "Overgenomen classificaties"),
                ("description", "Codes uit andere taxonomieën (bv. AIRS/211), overgenomen bij een import."),
            ],
        );
        for code in &extern_terms {
            let id = format!("{EXTERN_PREFIX}{code}");
            flat.push(
                T::TaxonomyTerms,
                &[
                    ("id", &id),
                    ("code", code),
                    ("name", code),
                    ("description", ""),
                    ("taxonomy", EXTERN_TAXONOMY),
                    ("taxonomy_id", EXTERN_TAXONOMY),
                ],
            );
        }
    }
    // HSDS 3.0 ids are UUIDs: every id and every reference to one.
    for t in T::ALL {
        let id_cols: Vec<usize> = t.cols().iter().enumerate().filter(|(_, c)| c.ty == Ty::Id).map(|(i, _)| i).collect();
        for row in &mut flat.rows[t as usize] {
            for &ci in &id_cols {
                if !row[ci].is_empty() {
                    row[ci] = hsds_id(&row[ci]);
                }
            }
        }
    }
    flat
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

/// Write the flat tables as an HSDS 3.0 tabular data package.
pub fn write_csv(flat: &Flat, dir: &Path) -> anyhow::Result<()> {
    let mut resources = Vec::new();
    for t in T::ALL {
        let path = dir.join(t.file());
        let f = std::fs::File::create(&path).with_context(|| format!("kan {} niet schrijven", path.display()))?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, f));
        w.write_record(t.cols().iter().map(|c| c.name))?;
        for row in flat.t(t) {
            w.write_record(row)?;
        }
        w.flush().with_context(|| format!("kan {} niet schrijven", path.display()))?;
        let fields: Vec<Value> = t
            .cols()
            .iter()
            .map(|c| {
                let ty = match c.ty {
                    Ty::Int | Ty::Num => "number",
                    Ty::Date => "date",
                    Ty::DateTime => "datetime",
                    _ => "string",
                };
                let mut f = json!({"name": c.name, "type": ty});
                if c.name == "id" {
                    f["constraints"] = json!({"required": true, "unique": true});
                }
                f
            })
            .collect();
        resources.push(json!({
            "name": t.name(),
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

/// A row as a JSON object: non-empty fields, numbers as numbers, schema-required fields always.
fn obj(t: T, row: &[String]) -> Map<String, Value> {
    let mut m = Map::new();
    let req = t.schema_required();
    for (c, v) in t.cols().iter().zip(row) {
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
                    .unwrap_or(Value::String(v.clone())),
            },
            _ => Value::String(v.clone()),
        };
        m.insert(c.name.to_string(), val);
    }
    m
}

/// Rows of `t` grouped by the value of `field`.
fn group<'a>(flat: &'a Flat, t: T, field: &str) -> HashMap<&'a str, Vec<&'a [String]>> {
    let ci = t.col(field);
    let mut m: HashMap<&str, Vec<&[String]>> = HashMap::new();
    for r in flat.t(t) {
        if !r[ci].is_empty() {
            m.entry(r[ci].as_str()).or_default().push(r);
        }
    }
    m
}

/// HSDS 3.0 JSON objects: (services, organizations, taxonomies, taxonomy_terms).
pub fn to_json(flat: &Flat, progress: &mut Progress) -> (Vec<Value>, Vec<Value>, Vec<Value>, Vec<Value>) {
    let terms: HashMap<&str, &[String]> =
        flat.t(T::TaxonomyTerms).iter().map(|r| (r[0].as_str(), r.as_slice())).collect();
    let taxonomies: HashMap<&str, &[String]> =
        flat.t(T::Taxonomies).iter().map(|r| (r[0].as_str(), r.as_slice())).collect();
    let attrs = group(flat, T::Attributes, "link_id");
    let attr_list = |id: &str| -> Value {
        Value::Array(
            attrs
                .get(id)
                .into_iter()
                .flatten()
                .map(|a| {
                    let mut o = obj(T::Attributes, a);
                    if let Some(term) = terms.get(a[T::Attributes.col("taxonomy_term_id")].as_str()) {
                        let mut to = obj(T::TaxonomyTerms, term);
                        if let Some(tax) = taxonomies.get(term[T::TaxonomyTerms.col("taxonomy_id")].as_str()) {
                            to.insert("taxonomy_detail".into(), Value::Object(obj(T::Taxonomies, tax)));
                        }
                        o.insert("taxonomy_term".into(), Value::Object(to));
                    }
                    Value::Object(o)
                })
                .collect(),
        )
    };
    let list = |m: &HashMap<&str, Vec<&[String]>>, t: T, id: &str| -> Value {
        Value::Array(m.get(id).into_iter().flatten().map(|r| Value::Object(obj(t, r))).collect())
    };
    let addresses = group(flat, T::Addresses, "location_id");
    let location = |r: &[String]| -> Value {
        let mut o = obj(T::Locations, r);
        o.insert("addresses".into(), list(&addresses, T::Addresses, &r[0]));
        o.insert("attributes".into(), attr_list(&r[0]));
        Value::Object(o)
    };
    let locations: HashMap<&str, &[String]> =
        flat.t(T::Locations).iter().map(|r| (r[0].as_str(), r.as_slice())).collect();
    let svc_phones = group(flat, T::Phones, "service_id");
    let org_phones = group(flat, T::Phones, "organization_id");
    let contact_phones = group(flat, T::Phones, "contact_id");
    let org_contacts = group(flat, T::Contacts, "organization_id");
    let schedules = group(flat, T::Schedules, "service_id");
    let sals = group(flat, T::ServiceAtLocation, "service_id");
    let costs = group(flat, T::CostOptions, "service_id");
    let docs = group(flat, T::RequiredDocuments, "service_id");
    let langs = group(flat, T::Languages, "service_id");
    let org_locs = group(flat, T::Locations, "organization_id");
    let sal_locs: std::collections::HashSet<&str> =
        flat.t(T::ServiceAtLocation).iter().map(|r| r[T::ServiceAtLocation.col("location_id")].as_str()).collect();

    let mut services = Vec::with_capacity(flat.t(T::Services).len());
    for (i, s) in flat.t(T::Services).iter().enumerate() {
        let id = s[0].as_str();
        let mut o = obj(T::Services, s);
        o.insert("phones".into(), list(&svc_phones, T::Phones, id));
        o.insert("schedules".into(), list(&schedules, T::Schedules, id));
        let sal: Vec<Value> = sals
            .get(id)
            .into_iter()
            .flatten()
            .map(|r| {
                let mut so = obj(T::ServiceAtLocation, r);
                if let Some(l) = locations.get(r[2].as_str()) {
                    so.insert("location".into(), location(l));
                }
                Value::Object(so)
            })
            .collect();
        o.insert("service_at_locations".into(), Value::Array(sal));
        o.insert("languages".into(), list(&langs, T::Languages, id));
        let cost: Vec<Value> = costs
            .get(id)
            .into_iter()
            .flatten()
            .map(|r| {
                let mut co = obj(T::CostOptions, r);
                co.insert("attributes".into(), attr_list(&r[0]));
                Value::Object(co)
            })
            .collect();
        o.insert("cost_options".into(), Value::Array(cost));
        o.insert("required_documents".into(), list(&docs, T::RequiredDocuments, id));
        o.insert("attributes".into(), attr_list(id));
        services.push(Value::Object(o));
        if i.is_multiple_of(1024) {
            progress.set(i as u64);
        }
    }
    let mut orgs = Vec::with_capacity(flat.t(T::Organizations).len());
    for r in flat.t(T::Organizations) {
        let id = r[0].as_str();
        let mut o = obj(T::Organizations, r);
        // Phones of the organization itself (not those of its services).
        let phones: Vec<Value> = org_phones
            .get(id)
            .into_iter()
            .flatten()
            .filter(|p| p[T::Phones.col("service_id")].is_empty() && p[T::Phones.col("location_id")].is_empty())
            .map(|p| Value::Object(obj(T::Phones, p)))
            .collect();
        o.insert("phones".into(), Value::Array(phones));
        // Its contact person, with the contact's own phones.
        let contacts: Vec<Value> = org_contacts
            .get(id)
            .into_iter()
            .flatten()
            .map(|c| {
                let mut co = obj(T::Contacts, c);
                co.insert("phones".into(), list(&contact_phones, T::Phones, &c[0]));
                Value::Object(co)
            })
            .collect();
        o.insert("contacts".into(), Value::Array(contacts));
        let locs: Vec<Value> = org_locs
            .get(id)
            .into_iter()
            .flatten()
            .filter(|l| !sal_locs.contains(l[0].as_str()))
            .map(|l| location(l))
            .collect();
        o.insert("locations".into(), Value::Array(locs));
        o.insert("attributes".into(), attr_list(id));
        orgs.push(Value::Object(o));
    }
    let taxs = flat.t(T::Taxonomies).iter().map(|r| Value::Object(obj(T::Taxonomies, r))).collect();
    let terms = flat.t(T::TaxonomyTerms).iter().map(|r| Value::Object(obj(T::TaxonomyTerms, r))).collect();
    (services, orgs, taxs, terms)
}

/// Write the JSON files: services.json, organizations.json, taxonomies.json, taxonomy_terms.json.
pub fn write_json(flat: &Flat, dir: &Path, progress: &mut Progress) -> anyhow::Result<()> {
    let (services, orgs, taxs, terms) = to_json(flat, progress);
    for (name, v) in [
        ("organizations.json", orgs),
        ("services.json", services),
        ("taxonomies.json", taxs),
        ("taxonomy_terms.json", terms),
    ] {
        let path = dir.join(name);
        let f = std::fs::File::create(&path).with_context(|| format!("kan {} niet schrijven", path.display()))?;
        let mut w = BufWriter::with_capacity(1 << 16, f);
        serde_json::to_writer_pretty(&mut w, &v)?;
        w.write_all(b"\n")?;
        w.flush().with_context(|| format!("kan {} niet schrijven", path.display()))?;
    }
    Ok(())
}

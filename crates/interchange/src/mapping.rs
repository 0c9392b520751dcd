//! HSDS tables → Kaart: duplicates, references between tables, which records are rejected, and
//! the mapping of HSDS fields onto the Dutch model.

use std::collections::{HashMap, HashSet};

use super::model::{Row, Tables, T};
use super::taxonomy::{self, Meaning};
use super::validate::{parse_datetime, show, Diag};
use loket_domain::hours::{OpeningHours, Period};
use loket_domain::kaart::{
    Adres, Bron, Contactpersoon, Doelgroep, Kaart, Kosten, KostenSoort, Leeftijd, Locatie, Organisatie, Regeling,
    Telefoon, Voorziening, Werkgebied,
};

const DAY_CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

type Ids<'a> = HashMap<&'a str, usize>;

/// Mark duplicate rows: identical → warning, skipped; conflicting → error.
pub fn dedupe(tables: &mut Tables, diag: &mut Diag) {
    enum Act {
        /// Drop this row silently (a nested copy).
        Skip(usize),
        /// Identical to an earlier row: (row, earlier row).
        Same(usize, usize),
        /// Same id, other content: (row, earlier row).
        Conflict(usize, usize),
    }
    for t in T::ALL {
        let rows = &tables.rows[t as usize];
        let mut acts = Vec::new();
        {
            let mut seen: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
            for (i, row) in rows.iter().enumerate() {
                let Some(id) = row.vals[0].as_deref() else { continue };
                let Some(&j) = seen.get(id) else {
                    seen.insert(id, i);
                    continue;
                };
                if row.embedded || rows[j].embedded {
                    // The same object nested in several places (JSON): keep the fullest copy.
                    if row.filled() > rows[j].filled() && !row.bad {
                        acts.push(Act::Skip(j));
                        seen.insert(id, i);
                    } else {
                        acts.push(Act::Skip(i));
                    }
                } else if row.vals == rows[j].vals {
                    acts.push(Act::Same(i, j));
                } else {
                    acts.push(Act::Conflict(i, j));
                }
            }
        }
        let files = &tables.files;
        let rows = &mut tables.rows[t as usize];
        for act in acts {
            match act {
                Act::Skip(i) => rows[i].skip = true,
                Act::Same(i, j) => {
                    let prev = rows[j].line;
                    let r = &mut rows[i];
                    r.skip = true;
                    diag.warn(
                        "dubbele rijen overgeslagen",
                        files,
                        r.src,
                        r.line,
                        "",
                        format!("dubbele rij (gelijk aan regel {prev}), overgeslagen"),
                    );
                }
                Act::Conflict(i, j) if t.is_child() => {
                    // A child row (phone, language…) that repeats an id, often its service's:
                    // messy, not wrong. It gets an id of its own.
                    let prev = format!("{}:{}", files[rows[j].src as usize], rows[j].line);
                    let r = &mut rows[i];
                    let old = show(r.get(0));
                    let id = format!("{}#{i}", super::validate::generated_id(files, r));
                    diag.warn(
                        "dubbele id, gegenereerd",
                        files,
                        r.src,
                        r.line_of(0),
                        "id",
                        format!("'{old}' komt al voor ({prev}); '{id}' gegenereerd"),
                    );
                    r.set(0, id);
                }
                Act::Conflict(i, j) => {
                    let prev = format!("{}:{}", files[rows[j].src as usize], rows[j].line);
                    let r = &mut rows[i];
                    r.bad = true;
                    let id = show(r.get(0));
                    diag.error(files, r.src, r.line_of(0), "id", format!("'{id}' komt dubbel voor (ook {prev})"));
                }
            }
        }
    }
}

fn index(rows: &[Row]) -> Ids<'_> {
    let mut m = HashMap::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if !r.skip {
            if let Some(id) = r.opt(0) {
                m.entry(id).or_insert(i);
            }
        }
    }
    m
}

/// Checks on values that need more than one field: opening hours, ages, amounts.
pub fn check_values(tables: &mut Tables, diag: &mut Diag) {
    let files = tables.files.clone();
    for row in tables.rows[T::Schedules as usize].iter_mut().filter(|r| r.usable()) {
        if let Err((field, msg)) = schedule_periods(row, &files, diag) {
            diag.error(&files, row.src, row.line_of(T::Schedules.col(field)), field, msg);
            row.bad = true;
        }
    }
    let s = T::Services;
    for row in tables.rows[s as usize].iter_mut().filter(|r| r.usable()) {
        let mut ages = [None, None];
        for (k, f) in ["minimum_age", "maximum_age"].into_iter().enumerate() {
            let i = s.col(f);
            if let Some(v) = row.opt(i) {
                match v.parse::<u8>() {
                    Ok(a) => ages[k] = Some(a),
                    Err(_) => {
                        diag.error(
                            &files,
                            row.src,
                            row.line_of(i),
                            f,
                            format!("leeftijd buiten bereik (0-255): '{}'", show(v)),
                        );
                        row.bad = true;
                    }
                }
            }
        }
        if let [Some(min), Some(max)] = ages {
            if min > max {
                let i = s.col("minimum_age");
                diag.error(
                    &files,
                    row.src,
                    row.line_of(i),
                    "minimum_age",
                    format!("{min} is hoger dan maximum_age {max}"),
                );
                row.bad = true;
            }
        }
    }
    let c = T::CostOptions;
    let a = c.col("amount");
    for row in tables.rows[c as usize].iter_mut().filter(|r| r.usable()) {
        if let Some(v) = row.opt(a) {
            if v.parse::<f64>().is_ok_and(|f| !(0.0..=42_000_000.0).contains(&f)) {
                diag.error(&files, row.src, row.line_of(a), "amount", format!("bedrag buiten bereik: '{}'", show(v)));
                row.bad = true;
            }
        }
    }
}

/// Periods of one schedule row; `Err((field, message))` when it is wrong. Warns when it is only
/// beyond what loket keeps (monthly rules, no days).
fn schedule_periods(row: &Row, files: &[String], diag: &mut Diag) -> Result<Vec<Period>, (&'static str, String)> {
    let t = T::Schedules;
    let (o, c) = (row.opt(t.col("opens_at")), row.opt(t.col("closes_at")));
    let byday = row.opt(t.col("byday"));
    if row.opt(t.col("freq")) == Some("monthly") {
        diag.warn(
            "maandroosters niet overgenomen",
            files,
            row.src,
            row.line,
            "freq",
            "maandelijks rooster niet overgenomen",
        );
        return Ok(Vec::new());
    }
    let mut days = Vec::new();
    for d in byday.unwrap_or("").split(',').map(|d| d.trim().to_uppercase()).filter(|d| !d.is_empty()) {
        match DAY_CODES.iter().position(|c| *c == d) {
            Some(p) => days.push(p as u8),
            None if d.len() > 2 && DAY_CODES.iter().any(|c| d.ends_with(c)) => {
                diag.warn(
                    "maandroosters niet overgenomen",
                    files,
                    row.src,
                    row.line,
                    "byday",
                    format!("'{d}' (bv. 1e maandag) niet overgenomen"),
                );
            }
            None => return Err(("byday", format!("onbekende dag '{}' (MO, TU, WE, TH, FR, SA, SU)", show(&d)))),
        }
    }
    let (Some(o), Some(c)) = (o, c) else {
        if !days.is_empty() {
            diag.warn(
                "rooster zonder tijden",
                files,
                row.src,
                row.line,
                "opens_at",
                "rooster zonder opens_at/closes_at niet overgenomen",
            );
        }
        return Ok(Vec::new());
    };
    if days.is_empty() {
        diag.warn(
            "rooster zonder dagen",
            files,
            row.src,
            row.line,
            "byday",
            "rooster zonder dagen (byday) niet overgenomen",
        );
        return Ok(Vec::new());
    }
    let open = minutes(o);
    let mut close = minutes(c);
    if close == 0 {
        close = 1440;
    }
    if close <= open {
        return Err(("closes_at", format!("sluitingstijd {c} ligt niet na openingstijd {o}")));
    }
    Ok(days.into_iter().map(|day| Period { day, open, close }).collect())
}

/// "HH:MM" (already normalised) → minutes.
fn minutes(s: &str) -> u16 {
    let (h, m) = s.split_once(':').unwrap_or((s, "0"));
    h.parse::<u16>().unwrap_or(0) * 60 + m.parse::<u16>().unwrap_or(0)
}

/// Which table an attribute's `link_id` points into.
fn link_target(entity: &str) -> Option<&'static [T]> {
    match entity.trim().to_lowercase().as_str() {
        "" => Some(&[T::Services, T::Organizations, T::Locations, T::CostOptions, T::ServiceAtLocation]),
        "service" | "services" => Some(&[T::Services]),
        "organization" | "organizations" => Some(&[T::Organizations]),
        "location" | "locations" => Some(&[T::Locations]),
        "cost_option" | "cost_options" => Some(&[T::CostOptions]),
        "service_at_location" => Some(&[T::ServiceAtLocation]),
        _ => None,
    }
}

/// The id loket's taxonomy has in an export.
static LOKET_TAXONOMY_UUID: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| super::export::hsds_id_of(T::Taxonomies, taxonomy::TAXONOMY_ID));
/// The same, as lokets before kind-scoped ids wrote it.
static LOKET_TAXONOMY_UUID_OLD: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| super::export::hsds_id_unscoped(taxonomy::TAXONOMY_ID));

/// Is this term id (or term) one of loket's own? Returns the loket key.
fn loket_key<'a>(term_id: &'a str, term: Option<&'a Row>) -> Option<&'a str> {
    if term_id.starts_with("loket:") {
        return Some(term_id);
    }
    let tt = T::TaxonomyTerms;
    let term = term?;
    let tax_id = term.get(tt.col("taxonomy_id"));
    let ours = tax_id == taxonomy::TAXONOMY_ID
        || term.get(tt.col("taxonomy")) == taxonomy::TAXONOMY_ID
        || tax_id == LOKET_TAXONOMY_UUID.as_str()
        || tax_id == LOKET_TAXONOMY_UUID_OLD.as_str();
    let code = term.get(tt.col("code"));
    (ours && code.starts_with("loket:")).then_some(code)
}

/// References that may point at nothing: the link is dropped with a warning, the row kept.
const OPTIONAL_REFS: &[(T, &str)] = &[
    (T::Locations, "organization_id"),
    (T::Phones, "service_at_location_id"),
    (T::TaxonomyTerms, "taxonomy_id"),
    (T::Phones, "contact_id"),
    (T::Contacts, "organization_id"),
    (T::Contacts, "service_id"),
    (T::Contacts, "service_at_location_id"),
    (T::Contacts, "location_id"),
];

struct RefErr {
    t: T,
    row: usize,
    field: &'static str,
    msg: String,
}

/// Check every reference between tables; rows with a broken reference become bad.
pub fn check_references(tables: &mut Tables, diag: &mut Diag) {
    let mut errs: Vec<RefErr> = Vec::new();
    let mut drops: Vec<RefErr> = Vec::new();
    let mut unknown_entity: Vec<usize> = Vec::new();
    {
        let idx: HashMap<T, Ids> = [
            T::Organizations,
            T::Services,
            T::Locations,
            T::ServiceAtLocation,
            T::CostOptions,
            T::TaxonomyTerms,
            T::Taxonomies,
            T::Contacts,
        ]
        .into_iter()
        .map(|t| (t, index(tables.t(t))))
        .collect();
        let refs: &[(T, &'static str, T)] = &[
            (T::Services, "organization_id", T::Organizations),
            (T::Locations, "organization_id", T::Organizations),
            (T::ServiceAtLocation, "service_id", T::Services),
            (T::ServiceAtLocation, "location_id", T::Locations),
            (T::Addresses, "location_id", T::Locations),
            (T::Phones, "service_id", T::Services),
            (T::Phones, "location_id", T::Locations),
            (T::Phones, "organization_id", T::Organizations),
            (T::Phones, "service_at_location_id", T::ServiceAtLocation),
            (T::Schedules, "service_id", T::Services),
            (T::Schedules, "location_id", T::Locations),
            (T::Schedules, "service_at_location_id", T::ServiceAtLocation),
            (T::CostOptions, "service_id", T::Services),
            (T::RequiredDocuments, "service_id", T::Services),
            (T::Languages, "service_id", T::Services),
            (T::Languages, "location_id", T::Locations),
            (T::ServiceAreas, "service_id", T::Services),
            (T::Phones, "contact_id", T::Contacts),
            (T::Contacts, "organization_id", T::Organizations),
            (T::Contacts, "service_id", T::Services),
            (T::Contacts, "service_at_location_id", T::ServiceAtLocation),
            (T::Contacts, "location_id", T::Locations),
        ];
        for &(t, field, target) in refs {
            let ci = t.col(field);
            let ids = &idx[&target];
            let optional = OPTIONAL_REFS.contains(&(t, field));
            for (ri, row) in tables.t(t).iter().enumerate() {
                if row.skip {
                    continue;
                }
                if let Some(v) = row.opt(ci) {
                    if !ids.contains_key(v) {
                        let what = format!("verwijst naar onbekende {} '{}'", target.noun(), show(v));
                        if optional {
                            drops.push(RefErr { t, row: ri, field, msg: format!("{what}; verwijzing weggelaten") });
                        } else {
                            errs.push(RefErr { t, row: ri, field, msg: what });
                        }
                    }
                }
            }
        }
        // Terms → taxonomies, only when the package lists taxonomies at all.
        if !tables.t(T::Taxonomies).is_empty() {
            let ci = T::TaxonomyTerms.col("taxonomy_id");
            for (ri, row) in tables.t(T::TaxonomyTerms).iter().enumerate() {
                if let Some(v) = row.opt(ci).filter(|v| *v != taxonomy::TAXONOMY_ID) {
                    if !row.skip && !idx[&T::Taxonomies].contains_key(v) {
                        drops.push(RefErr {
                            t: T::TaxonomyTerms,
                            row: ri,
                            field: "taxonomy_id",
                            msg: format!("verwijst naar onbekende taxonomie '{}'; verwijzing weggelaten", show(v)),
                        });
                    }
                }
            }
        }
        let a = T::Attributes;
        let (li, ti, ei) = (a.col("link_id"), a.col("taxonomy_term_id"), a.col("link_entity"));
        for (ri, row) in tables.t(a).iter().enumerate() {
            if row.skip {
                continue;
            }
            if let Some(term) = row.opt(ti) {
                let known = idx[&T::TaxonomyTerms].contains_key(term) || taxonomy::meaning(term).is_some();
                if !known {
                    errs.push(RefErr {
                        t: a,
                        row: ri,
                        field: "taxonomy_term_id",
                        msg: format!("verwijst naar onbekende taxonomieterm '{}'", show(term)),
                    });
                }
            }
            if row.opt(li).is_some() && link_target(row.get(ei)).is_none() {
                unknown_entity.push(ri);
            }
            if let (Some(link), Some(targets)) = (row.opt(li), link_target(row.get(ei))) {
                if !targets.iter().any(|t| idx[t].contains_key(link)) {
                    let noun = if targets.len() == 1 { format!("{} ", targets[0].noun()) } else { "object ".into() };
                    let article = if targets.len() == 1 { "onbekende" } else { "onbekend" };
                    errs.push(RefErr {
                        t: a,
                        row: ri,
                        field: "link_id",
                        msg: format!("verwijst naar {article} {noun}'{}'", show(link)),
                    });
                }
            }
        }
    }
    for e in drops {
        let row = &mut tables.rows[e.t as usize][e.row];
        let ci = e.t.col(e.field);
        let line = row.line_of(ci);
        row.vals[ci] = None;
        let field =
            tables.aliases.iter().find(|(s, n, _)| *s == row.src && *n == e.field).map(|a| a.2).unwrap_or(e.field);
        let kind = match e.t {
            T::Locations => "verwijzingen van locaties naar organisaties weggelaten",
            T::Phones if e.field == "contact_id" => "verwijzingen van telefoonnummers naar contactpersonen weggelaten",
            T::Phones => "verwijzingen van telefoonnummers naar diensten-op-locatie weggelaten",
            T::Contacts => "verwijzingen van contactpersonen weggelaten",
            _ => "verwijzingen naar taxonomieën weggelaten",
        };
        diag.warn(kind, &tables.files, row.src, line, field, e.msg);
        if e.t.orphan(row) {
            row.skip = true;
            diag.warn(
                "rijen die nergens bij horen",
                &tables.files,
                row.src,
                row.line,
                "",
                format!("{} hoort bij geen dienst, locatie of organisatie; overgeslagen", e.t.noun()),
            );
        }
    }
    let a = T::Attributes;
    for ri in unknown_entity {
        let row = &mut tables.rows[a as usize][ri];
        let entity = show(row.get(a.col("link_entity")));
        row.skip = true;
        diag.warn(
            "attributen bij onbekende soort",
            &tables.files,
            row.src,
            row.line_of(a.col("link_entity")),
            "link_entity",
            format!("onbekende soort '{entity}'; attribuut overgeslagen"),
        );
    }
    for e in errs {
        let row = &mut tables.rows[e.t as usize][e.row];
        row.bad = true;
        let field =
            tables.aliases.iter().find(|(s, n, _)| *s == row.src && *n == e.field).map(|a| a.2).unwrap_or(e.field);
        diag.error(&tables.files, row.src, row.line_of(e.t.col(e.field)), field, e.msg);
    }
}

/// Services whose organisation the source lacks are kept: under a placeholder organisation
/// named by the missing id (flagged, so the beheerder sees it and the desk never takes it for
/// a real provider), with a warning per service.
pub fn placeholders(tables: &mut Tables, diag: &mut Diag) {
    let s = T::Services;
    let oi = s.col("organization_id");
    let orgs: HashSet<String> =
        tables.t(T::Organizations).iter().filter(|r| !r.skip).filter_map(|r| r.opt(0)).map(str::to_string).collect();
    let mut missing: Vec<(String, u16, u32)> = Vec::new();
    for row in tables.t(s).iter().filter(|r| !r.skip) {
        if let Some(o) = row.opt(oi).filter(|o| !orgs.contains(*o)) {
            diag.warn(
                "organisatie ontbreekt in bron",
                &tables.files,
                row.src,
                row.line_of(oi),
                tables.field_name(row.src, "organization_id"),
                format!("organisatie '{}' ontbreekt in de bron; dienst bewaard onder 'organisatie onbekend'", show(o)),
            );
            if !missing.iter().any(|m| m.0 == o) {
                missing.push((o.to_string(), row.src, row.line));
            }
        }
    }
    let name = T::Organizations.col("name");
    for (id, src, line) in missing {
        let mut row = Row::new(T::Organizations, src, line);
        row.set(0, id.as_str());
        row.set(name, format!("{} ({id})", ORGANISATIE_ONBEKEND));
        row.placeholder = true;
        tables.t_mut(T::Organizations).push(row);
    }
}

/// What the desk sees of a placeholder organisation.
pub const ORGANISATIE_ONBEKEND: &str = "organisatie onbekend";

/// The source objects of a tabular package: every usable row, extra columns included, nested
/// into HSDS 3.0 services and organizations (source ids), kept by (table, id).
fn source_objects(tables: &mut Tables) {
    // the cells are shared with the rows, not copied (a copy of every cell took 470 MB for
    // 100 000 services)
    let mut flat = super::export::Flat::<std::rc::Rc<str>>::default();
    let leeg: std::rc::Rc<str> = "".into();
    for t in T::ALL {
        for row in tables.t(t).iter().filter(|r| r.usable() && !r.placeholder) {
            let mut vals: Vec<std::rc::Rc<str>> =
                row.vals.iter().map(|v| v.clone().unwrap_or_else(|| leeg.clone())).collect();
            if t == T::Schedules {
                // the import compares these lower-case; HSDS writes them in capitals (RRULE)
                for c in ["freq", "wkst"] {
                    let i = t.col(c);
                    vals[i] = vals[i].to_uppercase().into();
                }
            }
            let extra = row.extra.as_deref().cloned().unwrap_or_default();
            flat.push_row(t, vals, extra);
        }
    }
    super::progress::geheugen("bronobjecten: rijen gekopieerd");
    if flat.t(T::Services).is_empty() && flat.t(T::Organizations).is_empty() {
        return;
    }
    let terms = super::export::Terms::new();
    // The texts go to a temporary file and are read back one at a time as their records are
    // made (held in memory all at once, those of loket's own 100 000-service package took
    // 1 GB); without a temporary file, in memory.
    use std::io::Write;
    let mut bestand = tempfile::NamedTempFile::new()
        .ok()
        .map(|f| (std::rc::Rc::<std::path::Path>::from(f.path()), std::io::BufWriter::new(f), 0u64));
    let mut fout = false;
    let raw = &mut tables.raw;
    super::export::to_json_each(&flat, &terms, &mut |t, v| {
        let Some(id) = v.get("id").and_then(|x| x.as_str()).map(str::to_string) else { return };
        let tekst = v.to_string();
        match bestand.as_mut().filter(|_| !fout) {
            Some((pad, w, off)) => {
                fout = w.write_all(tekst.as_bytes()).is_err();
                raw.insert((t, id), super::model::Raw::At(pad.clone(), *off, tekst.len()));
                *off += tekst.len() as u64;
            }
            None => {
                raw.insert((t, id), super::model::Raw::Text(super::model::compact_text(&v)));
            }
        }
    });
    match bestand.map(|(_, w, _)| w.into_inner()) {
        Some(Ok(f)) if !fout => tables.tijdelijk = Some(f),
        _ => {
            // the temporary file could not be written (a full disk): the texts in memory
            tables.raw.clear();
            super::export::to_json_each(&flat, &terms, &mut |t, v| {
                if let Some(id) = v.get("id").and_then(|x| x.as_str()).map(str::to_string) {
                    tables.raw.insert((t, id), super::model::Raw::Text(super::model::compact_text(&v)));
                }
            });
        }
    }
}

/// The result of mapping.
pub struct Mapped {
    pub kaart: Kaart,
    /// "dienst 'x' (services.csv:4)" for each record not imported because of errors.
    pub rejected: Vec<String>,
}

/// Everything after loading: duplicates, values, references, rejection, mapping.
pub fn to_kaart(tables: &mut Tables, diag: &mut Diag, bron_naam: &str) -> Mapped {
    // what only reading needed; the values the interner shares stay shared
    tables.interner = Default::default();
    tables.raw_own = Default::default();
    for rows in tables.rows.iter_mut() {
        rows.shrink_to_fit();
    }
    dedupe(tables, diag);
    check_values(tables, diag);
    placeholders(tables, diag);
    check_references(tables, diag);
    super::progress::geheugen("controles");
    if tables.raw.is_empty() {
        source_objects(tables);
        super::progress::geheugen("bronobjecten");
    }
    let files = tables.files.clone();
    // each source object moves into its record (no second copy while the map is built)
    let raw = std::mem::take(&mut tables.raw);
    let b = Builder::new(tables, raw);
    let (rej_svc, rej_org, rejected) = b.rejected();
    let bron = Bron { soort: super::export::IMPORT.into(), naam: bron_naam.to_string() };
    let kaart = b.build(&rej_svc, &rej_org, &bron, &files, diag);
    Mapped { kaart, rejected }
}

/// Row indexes grouped by the value they point at: one list sorted by that value, so a group is
/// a slice of it (a map with a list per value took four times the memory).
struct Groep<'a> {
    sleutels: Vec<&'a str>,
    rijen: Vec<usize>,
}

impl Groep<'_> {
    /// The rows whose value is `id`, in file order.
    fn get(&self, id: &str) -> &[usize] {
        let van = self.sleutels.partition_point(|k| *k < id);
        let tot = van + self.sleutels[van..].partition_point(|k| *k == id);
        &self.rijen[van..tot]
    }
}

struct Builder<'a> {
    tb: &'a Tables,
    org: Ids<'a>,
    loc: Ids<'a>,
    term: Ids<'a>,
    /// Usable rows grouped by the id they point at.
    by: HashMap<(T, &'static str), Groep<'a>>,
    /// Attributes by (target table, link id).
    attrs: HashMap<(T, &'a str), Vec<usize>>,
    services_at_loc: HashMap<&'a str, Vec<&'a str>>,
    /// The source objects by (table, source id), taken out as their records are made.
    raw: std::cell::RefCell<HashMap<(T, String), super::model::Raw>>,
}

impl<'a> Builder<'a> {
    fn new(tb: &'a Tables, raw: HashMap<(T, String), super::model::Raw>) -> Builder<'a> {
        let mut by: HashMap<(T, &'static str), Groep<'a>> = HashMap::new();
        let groups: &[(T, &'static str)] = &[
            (T::ServiceAtLocation, "service_id"),
            (T::Addresses, "location_id"),
            (T::Phones, "service_id"),
            (T::Phones, "location_id"),
            (T::Phones, "organization_id"),
            (T::Phones, "service_at_location_id"),
            (T::Phones, "contact_id"),
            (T::Contacts, "organization_id"),
            (T::Schedules, "service_id"),
            (T::Schedules, "location_id"),
            (T::Schedules, "service_at_location_id"),
            (T::CostOptions, "service_id"),
            (T::RequiredDocuments, "service_id"),
            (T::Languages, "service_id"),
            (T::ServiceAreas, "service_id"),
            (T::Locations, "organization_id"),
        ];
        for &(t, field) in groups {
            let ci = t.col(field);
            let mut paren: Vec<(&str, usize)> = tb
                .t(t)
                .iter()
                .enumerate()
                .filter(|(_, row)| row.usable())
                .filter_map(|(ri, row)| Some((row.opt(ci)?, ri)))
                .collect();
            paren.sort_unstable();
            let (sleutels, rijen) = paren.into_iter().unzip();
            by.insert((t, field), Groep { sleutels, rijen });
        }
        let (svc, org, loc, sal, cost, term) = (
            index(tb.t(T::Services)),
            index(tb.t(T::Organizations)),
            index(tb.t(T::Locations)),
            index(tb.t(T::ServiceAtLocation)),
            index(tb.t(T::CostOptions)),
            index(tb.t(T::TaxonomyTerms)),
        );
        let a = T::Attributes;
        let (li, ei) = (a.col("link_id"), a.col("link_entity"));
        let mut attrs: HashMap<(T, &str), Vec<usize>> = HashMap::new();
        for (ri, row) in tb.t(a).iter().enumerate() {
            if !row.usable() {
                continue;
            }
            let (Some(link), Some(targets)) = (row.opt(li), link_target(row.get(ei))) else {
                continue;
            };
            let ids = |t: &T| match t {
                T::Services => &svc,
                T::Organizations => &org,
                T::Locations => &loc,
                T::CostOptions => &cost,
                _ => &sal,
            };
            if let Some(t) = targets.iter().find(|t| ids(t).contains_key(link)) {
                attrs.entry((*t, link)).or_default().push(ri);
            }
        }
        let mut services_at_loc: HashMap<&str, Vec<&str>> = HashMap::new();
        let (s, l) = (T::ServiceAtLocation.col("service_id"), T::ServiceAtLocation.col("location_id"));
        for row in tb.t(T::ServiceAtLocation) {
            if !row.skip {
                if let (Some(sv), Some(lc)) = (row.opt(s), row.opt(l)) {
                    services_at_loc.entry(lc).or_default().push(sv);
                }
            }
        }
        Builder { tb, org, loc, term, by, attrs, services_at_loc, raw: std::cell::RefCell::new(raw) }
    }

    fn group(&self, t: T, field: &'static str, id: &str) -> &[usize] {
        self.by.get(&(t, field)).map(|g| g.get(id)).unwrap_or(&[])
    }

    fn row(&self, t: T, i: usize) -> &'a Row {
        &self.tb.t(t)[i]
    }

    /// Services and organizations rejected because their own row has an error (or, for a
    /// service, its organization's). A wrong child row (a phone, a schedule…) is rejected alone
    /// and never takes its service down; it is listed too.
    fn rejected(&self) -> (HashSet<&'a str>, HashSet<&'a str>, Vec<String>) {
        let tb = self.tb;
        let bad_ids =
            |t: T| -> HashSet<&'a str> { tb.t(t).iter().filter(|r| r.bad).filter_map(|r| r.opt(0)).collect() };
        let org = bad_ids(T::Organizations);
        let mut svc = bad_ids(T::Services);
        // Services of a rejected organization go too.
        let oi = T::Services.col("organization_id");
        for row in tb.t(T::Services).iter().filter(|r| !r.skip) {
            if let Some(id) = row.opt(0) {
                if row.opt(oi).is_some_and(|o| org.contains(o)) {
                    svc.insert(id);
                }
            }
        }
        let place = |row: &Row| format!("{}:{}", tb.files[row.src as usize], row.line);
        let mut list = Vec::new();
        for row in tb.t(T::Organizations).iter().filter(|r| !r.skip) {
            if let Some(id) = row.opt(0).filter(|id| org.contains(id)) {
                list.push(format!("organisatie '{}' ({})", show(id), place(row)));
            }
        }
        for row in tb.t(T::Services).iter().filter(|r| !r.skip) {
            if let Some(id) = row.opt(0).filter(|id| svc.contains(id)) {
                list.push(format!("dienst '{}' ({})", show(id), place(row)));
            }
        }
        for t in T::ALL.into_iter().filter(|t| !matches!(t, T::Organizations | T::Services)) {
            for row in tb.t(t).iter().filter(|r| r.bad && !r.skip) {
                list.push(format!("{} ({})", t.noun(), place(row)));
            }
        }
        (svc, org, list)
    }

    /// The source object of a service or organization, taken out (each record is made once).
    fn source_of(&self, t: T, id: &str) -> Option<String> {
        self.raw.borrow_mut().remove(&(t, id.to_string()))?.into_text()
    }

    /// loket's own id of a record exported by loket with a UUID (the `loket:id` attribute).
    fn loket_id(&self, t: T, id: &str) -> Option<&'a str> {
        let a = T::Attributes;
        let (ti, vi) = (a.col("taxonomy_term_id"), a.col("value"));
        let tt = T::TaxonomyTerms;
        self.attrs.get(&(t, id))?.iter().map(|&ri| self.row(a, ri)).find_map(|row| {
            let term_id = row.get(ti);
            let term = self.term.get(term_id).map(|&i| self.row(tt, i));
            (loket_key(term_id, term)? == taxonomy::LOKET_ID).then(|| row.opt(vi)).flatten()
        })
    }

    /// The loket id of the organization a service points at.
    fn org_id(&self, hsds: &str) -> String {
        self.loket_id(T::Organizations, hsds).unwrap_or(hsds).to_string()
    }

    /// The loket meanings and external terms attached to one record.
    fn attributes(&self, t: T, id: &str, files: &[String], diag: &mut Diag) -> Attrs {
        let a = T::Attributes;
        let (ti, vi) = (a.col("taxonomy_term_id"), a.col("value"));
        let tt = T::TaxonomyTerms;
        let mut out = Attrs::default();
        for &ri in self.attrs.get(&(t, id)).map(Vec::as_slice).unwrap_or(&[]) {
            let row = self.row(a, ri);
            let term_id = row.get(ti);
            let term = self.term.get(term_id).map(|&i| self.row(tt, i));
            if term.is_some_and(|r| !r.usable()) {
                continue; // a rejected term
            }
            let value = row.get(vi).to_string();
            match loket_key(term_id, term) {
                Some(key) => match taxonomy::meaning(key) {
                    Some(m) => out.loket.push((m, value)),
                    None => diag.warn(
                        "onbekende loket-termen genegeerd",
                        files,
                        row.src,
                        row.line,
                        "taxonomy_term_id",
                        format!("onbekende loket-term '{}' genegeerd", show(key)),
                    ),
                },
                None => {
                    let name = term.map(|t| t.get(tt.col("name"))).unwrap_or("");
                    let code = term.and_then(|t| t.opt(tt.col("code"))).unwrap_or(if name.is_empty() {
                        term_id
                    } else {
                        name
                    });
                    out.external.push((code.to_string(), name.to_string(), value));
                }
            }
        }
        out
    }

    fn build(
        &self,
        rej_svc: &HashSet<&str>,
        rej_org: &HashSet<&str>,
        bron: &Bron,
        files: &[String],
        diag: &mut Diag,
    ) -> Kaart {
        // the lists sized once: a 100 000-record list grown by doubling leaves up to half unused,
        // and holds the old and the new buffer at once while it grows
        let mut kaart = Kaart::default();
        let orgs = self.tb.t(T::Organizations).iter().filter(|r| r.usable()).count();
        kaart.organisaties.reserve_exact(orgs);
        let diensten = self.tb.t(T::Services).iter().filter(|r| r.usable()).count();
        kaart.voorzieningen.reserve_exact(diensten);
        let terms = super::export::Terms::new();
        let o = T::Organizations;
        let o_t = || T::Organizations;
        for row in self.tb.t(o).iter().filter(|r| r.usable()) {
            let id = row.get(0);
            if rej_org.contains(id) || self.org.get(id).is_some_and(|&i| !std::ptr::eq(self.row(o, i), row)) {
                continue;
            }
            let mut o = self.organisatie(row, bron, files, diag);
            if let Some(json) = self.source_of(o_t(), id) {
                o.hsds = super::export::keep_source(super::export::Rec::O(&o), json, &terms).unwrap_or_default();
            }
            kaart.organisaties.push(o);
        }
        let s = T::Services;
        let status = s.col("status");
        for row in self.tb.t(s).iter().filter(|r| r.usable()) {
            let id = row.get(0);
            if rej_svc.contains(id) {
                continue;
            }
            match row.get(status) {
                "inactive" | "defunct" => {
                    diag.warn(
                        "niet-actieve diensten overgeslagen",
                        files,
                        row.src,
                        row.line_of(status),
                        "status",
                        format!("dienst '{}' is '{}', niet geïmporteerd", show(id), row.get(status)),
                    );
                    continue;
                }
                "temporarily closed" => {
                    diag.warn(
                        "tijdelijk gesloten diensten",
                        files,
                        row.src,
                        row.line_of(status),
                        "status",
                        format!("dienst '{}' is tijdelijk gesloten", show(id)),
                    );
                }
                _ => {}
            }
            let attrs = self.attributes(s, id, files, diag);
            let source = self.source_of(s, id);
            if attrs.loket.iter().any(|(m, _)| *m == Meaning::Regeling) {
                let mut r = self.regeling(row, attrs, bron, files, diag);
                if let Some(json) = source {
                    r.hsds = super::export::keep_source(super::export::Rec::R(&r), json, &terms).unwrap_or_default();
                }
                kaart.regelingen.push(r);
            } else {
                let mut v = self.voorziening(row, attrs, bron, files, diag);
                if let Some(json) = source {
                    v.hsds = super::export::keep_source(super::export::Rec::V(&v), json, &terms).unwrap_or_default();
                }
                kaart.voorzieningen.push(v);
            }
        }
        kaart
    }

    fn address(&self, loc_id: &str) -> Option<&'a Row> {
        let rows = self.group(T::Addresses, "location_id", loc_id);
        let ty = T::Addresses.col("address_type");
        rows.iter()
            .map(|&i| self.row(T::Addresses, i))
            .find(|r| r.get(ty) == "physical")
            .or_else(|| rows.first().map(|&i| self.row(T::Addresses, i)))
    }

    fn adres(&self, addr: Option<&Row>) -> Adres {
        let a = T::Addresses;
        let Some(r) = addr else {
            return Adres::default();
        };
        let mut straat = r.get(a.col("address_1")).to_string();
        if let Some(x) = r.opt(a.col("address_2")) {
            straat = if straat.is_empty() { x.to_string() } else { format!("{straat}, {x}") };
        }
        Adres { straat, postcode: r.get(a.col("postal_code")).to_string(), plaats: r.get(a.col("city")).to_string() }
    }

    fn phones(&self, rows: &[usize], out: &mut Vec<Telefoon>) {
        let p = T::Phones;
        for &i in rows {
            let r = self.row(p, i);
            let nummer = r.get(p.col("number")).to_string();
            if !out.iter().any(|t| t.nummer == nummer) {
                out.push(Telefoon { nummer, omschrijving: r.get(p.col("description")).to_string() });
            }
        }
    }

    fn organisatie(&self, row: &Row, bron: &Bron, files: &[String], diag: &mut Diag) -> Organisatie {
        let o = T::Organizations;
        let id = row.get(0);
        let mut telefoon = Vec::new();
        let p = T::Phones;
        let own: Vec<usize> = self
            .group(p, "organization_id", id)
            .iter()
            .copied()
            .filter(|&i| {
                let r = self.row(p, i);
                r.opt(p.col("service_id")).is_none()
                    && r.opt(p.col("location_id")).is_none()
                    && r.opt(p.col("service_at_location_id")).is_none()
                    && r.opt(p.col("contact_id")).is_none()
            })
            .collect();
        self.phones(&own, &mut telefoon);
        let contactpersoon = self.contactpersoon(id);
        // Its own address: a location of the organization that no service uses.
        let addr_loc = self
            .group(T::Locations, "organization_id", id)
            .iter()
            .map(|&i| self.row(T::Locations, i))
            .filter(|l| !self.services_at_loc.contains_key(l.get(0)))
            .find(|l| self.address(l.get(0)).is_some());
        let addr = addr_loc.and_then(|l| self.address(l.get(0)));
        let attrs = self.attributes(o, id, files, diag);
        let gemeente = attrs
            .first(Meaning::Gemeente)
            .map(str::to_string)
            .unwrap_or_else(|| addr.map(|a| a.get(T::Addresses.col("region")).to_string()).unwrap_or_default());
        Organisatie {
            id: self.org_id(id),
            naam: row.get(o.col("name")).to_string(),
            beschrijving: row.get(o.col("description")).to_string(),
            website: row.get(o.col("website")).to_string(),
            email: row.get(o.col("email")).to_string(),
            telefoon,
            adres: self.adres(addr),
            gemeente,
            bron: bron.clone(),
            contactpersoon,
            ontbreekt_in_bron: row.placeholder,
            ..Default::default()
        }
    }

    /// The organization's contact person: its first contact of its own (not of one of its
    /// services or locations), else its first contact at all; name, title, email and phones.
    fn contactpersoon(&self, org: &str) -> Contactpersoon {
        let c = T::Contacts;
        let rows: Vec<&Row> = self.group(c, "organization_id", org).iter().map(|&i| self.row(c, i)).collect();
        let own = |r: &&&Row| {
            ["service_id", "location_id", "service_at_location_id"].iter().all(|f| r.opt(c.col(f)).is_none())
        };
        let Some(r) = rows.iter().find(own).or_else(|| rows.first()) else {
            return Contactpersoon::default();
        };
        let mut telefoon = Vec::new();
        self.phones(self.group(T::Phones, "contact_id", r.get(0)), &mut telefoon);
        Contactpersoon {
            naam: r.get(c.col("name")).to_string(),
            functie: r.get(c.col("title")).to_string(),
            telefoon,
            email: r.get(c.col("email")).to_string(),
        }
    }

    fn locaties(&self, id: &str, files: &[String], diag: &mut Diag) -> Vec<Locatie> {
        let mut out = Vec::new();
        let l = T::Locations;
        for &si in self.group(T::ServiceAtLocation, "service_id", id) {
            let sal = self.row(T::ServiceAtLocation, si);
            let Some(&li) = self.loc.get(sal.get(2)) else {
                continue;
            };
            let loc = self.row(l, li);
            if !loc.usable() {
                continue;
            }
            let addr = self.address(loc.get(0));
            let attrs = self.attributes(l, loc.get(0), files, diag);
            out.push(Locatie {
                naam: loc.get(l.col("name")).to_string(),
                adres: self.adres(addr),
                gemeente: attrs
                    .first(Meaning::Gemeente)
                    .map(str::to_string)
                    .unwrap_or_else(|| addr.map(|a| a.get(T::Addresses.col("region")).to_string()).unwrap_or_default()),
                wijk: attrs.first(Meaning::Wijk).unwrap_or("").to_string(),
            });
        }
        // kept in the record: no room left over (a push leaves room for four)
        out.shrink_to_fit();
        out
    }

    /// Service phones, else those of its locations.
    fn service_phones(&self, id: &str) -> Vec<Telefoon> {
        let mut out = Vec::new();
        self.phones(self.group(T::Phones, "service_id", id), &mut out);
        if out.is_empty() {
            for &si in self.group(T::ServiceAtLocation, "service_id", id) {
                let sal = self.row(T::ServiceAtLocation, si);
                self.phones(self.group(T::Phones, "service_at_location_id", sal.get(0)), &mut out);
                self.phones(self.group(T::Phones, "location_id", sal.get(2)), &mut out);
            }
        }
        out.shrink_to_fit();
        out
    }

    fn hours(&self, id: &str, files: &[String], diag: &mut Diag) -> OpeningHours {
        let mut rows: Vec<usize> = self.group(T::Schedules, "service_id", id).to_vec();
        if rows.is_empty() {
            for &si in self.group(T::ServiceAtLocation, "service_id", id) {
                let sal = self.row(T::ServiceAtLocation, si);
                rows.extend(self.group(T::Schedules, "service_at_location_id", sal.get(0)));
                if rows.is_empty() {
                    rows.extend(self.group(T::Schedules, "location_id", sal.get(2)));
                }
            }
        }
        let mut periods = Vec::new();
        let mut quiet = Diag::default();
        for i in rows {
            periods.extend(schedule_periods(self.row(T::Schedules, i), files, &mut quiet).unwrap_or_default());
        }
        let _ = diag;
        periods.sort();
        periods.dedup();
        OpeningHours::from_periods(periods)
    }

    fn kosten(&self, id: &str, service: &Row, files: &[String], diag: &mut Diag) -> Kosten {
        let s = T::Services;
        let c = T::CostOptions;
        let toelichting =
            service.opt(s.col("fees_description")).or(service.opt(s.col("fees"))).unwrap_or("").to_string();
        let rows = self.group(c, "service_id", id);
        let Some(&first) = rows.first() else {
            return Kosten { toelichting, ..Default::default() };
        };
        if rows.len() > 1 {
            let dropped: Vec<String> =
                rows[1..].iter().map(|&i| format!("'{}'", show(self.row(c, i).get(0)))).collect();
            diag.warn(
                "meerdere kostenopties",
                files,
                service.src,
                service.line,
                "cost_options",
                format!("meerdere kostenopties; alleen de eerste overgenomen, niet {}", dropped.join(", ")),
            );
        }
        let r = self.row(c, first);
        let bedrag_cent =
            r.opt(c.col("amount")).and_then(|a| a.parse::<f64>().ok()).map(|f| (f * 100.0).round() as u32);
        let attrs = self.attributes(c, r.get(0), files, diag);
        let soort = attrs.loket.iter().find_map(|(m, _)| match m {
            Meaning::Kosten(k) => Some(*k),
            _ => None,
        });
        let mut toelichting = toelichting;
        let soort = match soort {
            Some(k) => k,
            None => {
                if toelichting.is_empty() {
                    toelichting = r.get(c.col("option")).to_string();
                }
                if bedrag_cent.is_some_and(|b| b > 0) {
                    KostenSoort::EigenBijdrage
                } else {
                    KostenSoort::Gratis
                }
            }
        };
        Kosten { soort, bedrag_cent, eenheid: r.get(c.col("amount_description")).to_string(), toelichting }
    }

    fn common(&self, row: &Row, attrs: &Attrs, files: &[String], diag: &mut Diag) -> Common {
        let s = T::Services;
        let id = row.get(0);
        let c = &mut Common::default();
        for (m, v) in &attrs.loket {
            match m {
                Meaning::Doelgroep(d) => push_unique(&mut c.doelgroepen, *d),
                Meaning::Gemeente => c.werkgebied.gemeenten.push(v.clone()),
                Meaning::Wijk => c.werkgebied.wijken.push(v.clone()),
                Meaning::Trefwoord => c.trefwoorden.push(v.clone()),
                Meaning::Eligibility => match doelgroep_from_text(v) {
                    Some(d) => push_unique(&mut c.doelgroepen, d),
                    None => push_unique(&mut c.trefwoorden, v.clone()),
                },
                _ => {}
            }
        }
        if c.werkgebied.gemeenten.is_empty() {
            let a = T::ServiceAreas;
            for &i in self.group(a, "service_id", id) {
                if let Some(n) = self.row(a, i).opt(a.col("name")) {
                    c.werkgebied.gemeenten.push(n.to_string());
                }
            }
        }
        for (code, name, _) in &attrs.external {
            push_unique(&mut c.taxonomie, code.clone());
            if !name.is_empty() && name != code {
                push_unique(&mut c.trefwoorden, name.clone());
            }
        }
        let age = |f: &str| row.opt(s.col(f)).and_then(|v| v.parse::<u8>().ok());
        c.leeftijd = Leeftijd { min: age("minimum_age"), max: age("maximum_age") };
        let d = T::RequiredDocuments;
        c.documenten = self
            .group(d, "service_id", id)
            .iter()
            .map(|&i| self.row(d, i).get(d.col("document")).to_string())
            .collect();
        c.kosten = self.kosten(id, row, files, diag);
        c.laatst_geverifieerd =
            row.opt(s.col("assured_date")).and_then(|v| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok());
        c.laatst_gewijzigd = row.opt(s.col("last_modified")).and_then(parse_datetime).map(|d| d.0);
        std::mem::take(c)
    }

    fn voorziening(&self, row: &Row, attrs: Attrs, bron: &Bron, files: &[String], diag: &mut Diag) -> Voorziening {
        let s = T::Services;
        let id = row.get(0);
        let c = self.common(row, &attrs, files, diag);
        let mut v = Voorziening {
            id: self.loket_id(s, id).unwrap_or(id).to_string(),
            organisatie_id: self.org_id(row.get(s.col("organization_id"))),
            naam: row.get(s.col("name")).to_string(),
            beschrijving: row.get(s.col("description")).to_string(),
            categorie: attrs.first(Meaning::Categorie).unwrap_or("").to_string(),
            trefwoorden: c.trefwoorden,
            taxonomie: c.taxonomie,
            doelgroepen: c.doelgroepen,
            leeftijd: c.leeftijd,
            werkgebied: c.werkgebied,
            locaties: self.locaties(id, files, diag),
            openingstijden: self.hours(id, files, diag),
            telefoon: self.service_phones(id),
            email: row.get(s.col("email")).to_string(),
            website: row.get(s.col("url")).to_string(),
            kosten: c.kosten,
            wachttijd: row.get(s.col("wait_time")).to_string(),
            aanvraag: row.get(s.col("application_process")).to_string(),
            documenten: c.documenten,
            talen: self.talen(id),
            laatst_geverifieerd: c.laatst_geverifieerd,
            laatst_gewijzigd: c.laatst_gewijzigd,
            bron: bron.clone(),
            ..Default::default()
        };
        let (wet, toegang) = attrs.wet_toegang();
        v.wet = wet.unwrap_or(v.wet);
        v.toegang = toegang.unwrap_or(v.toegang);
        if let Some(e) = row.opt(s.col("eligibility_description")) {
            if v.beschrijving.is_empty() {
                v.beschrijving = format!("Voor wie: {e}");
            } else {
                v.beschrijving = format!("{}\n\nVoor wie: {e}", v.beschrijving);
            }
        }
        warn_multiple(&attrs, row, files, diag);
        v
    }

    fn talen(&self, id: &str) -> Vec<String> {
        let l = T::Languages;
        let mut out = Vec::new();
        for &i in self.group(l, "service_id", id) {
            let r = self.row(l, i);
            if let Some(t) = r.opt(l.col("name")).or(r.opt(l.col("code"))) {
                push_unique(&mut out, t.to_string());
            }
        }
        out
    }

    fn regeling(&self, row: &Row, attrs: Attrs, bron: &Bron, files: &[String], diag: &mut Diag) -> Regeling {
        let s = T::Services;
        let id = row.get(0);
        let c = self.common(row, &attrs, files, diag);
        let text = |m: Meaning| attrs.first(m).unwrap_or("").to_string();
        let mut r = Regeling {
            id: self.loket_id(s, id).unwrap_or(id).to_string(),
            naam: row.get(s.col("name")).to_string(),
            artikel: text(Meaning::Artikel),
            beschrijving: row.get(s.col("description")).to_string(),
            voor_wie: row.get(s.col("eligibility_description")).to_string(),
            organisatie_id: self.org_id(row.get(s.col("organization_id"))),
            waar_aanvragen: text(Meaning::WaarAanvragen),
            hoe_aanvragen: row.get(s.col("application_process")).to_string(),
            wat_zeggen: text(Meaning::WatZeggen),
            meegeven: text(Meaning::Meegeven),
            documenten: c.documenten,
            kosten: c.kosten,
            doelgroepen: c.doelgroepen,
            leeftijd: c.leeftijd,
            werkgebied: c.werkgebied,
            trefwoorden: c.trefwoorden,
            laatst_geverifieerd: c.laatst_geverifieerd,
            laatst_gewijzigd: c.laatst_gewijzigd,
            bron: bron.clone(),
            ..Default::default()
        };
        let (wet, toegang) = attrs.wet_toegang();
        r.wet = wet.unwrap_or(r.wet);
        r.toegang = toegang.unwrap_or(r.toegang);
        warn_multiple(&attrs, row, files, diag);
        r
    }
}

fn warn_multiple(attrs: &Attrs, row: &Row, files: &[String], diag: &mut Diag) {
    let wet = attrs.loket.iter().filter(|(m, _)| matches!(m, Meaning::Wet(_))).count();
    let toegang = attrs.loket.iter().filter(|(m, _)| matches!(m, Meaning::Toegang(_))).count();
    if wet > 1 || toegang > 1 {
        diag.warn(
            "meerdere wetten of toegangen",
            files,
            row.src,
            row.line,
            "attributes",
            "meer dan één wet of toegang; de laatste genomen",
        );
    }
}

#[derive(Default)]
struct Attrs {
    loket: Vec<(Meaning, String)>,
    /// (code, name, value) of terms from other taxonomies.
    external: Vec<(String, String, String)>,
}

impl Attrs {
    /// The wet and toegang terms, if set (the last one wins, as before).
    fn wet_toegang(&self) -> (Option<loket_domain::kaart::Wet>, Option<loket_domain::kaart::Toegang>) {
        let (mut wet, mut toegang) = (None, None);
        for (m, _) in &self.loket {
            match m {
                Meaning::Wet(w) => wet = Some(*w),
                Meaning::Toegang(t) => toegang = Some(*t),
                _ => {}
            }
        }
        (wet, toegang)
    }

    fn first(&self, m: Meaning) -> Option<&str> {
        self.loket.iter().find(|(x, _)| *x == m).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Common {
    doelgroepen: Vec<Doelgroep>,
    werkgebied: Werkgebied,
    trefwoorden: Vec<String>,
    taxonomie: Vec<String>,
    leeftijd: Leeftijd,
    documenten: Vec<String>,
    kosten: Kosten,
    laatst_geverifieerd: Option<chrono::NaiveDate>,
    laatst_gewijzigd: Option<chrono::NaiveDate>,
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// 1.x eligibility text (English or Dutch) → doelgroep, when it clearly is one.
pub fn doelgroep_from_text(s: &str) -> Option<Doelgroep> {
    let s = s.trim().to_lowercase();
    if let Some(d) = Doelgroep::from_code(&s) {
        return Some(d);
    }
    let table: &[(&[&str], Doelgroep)] = &[
        (&["seniors", "senior", "elderly", "older adults", "ouderen"], Doelgroep::Ouderen),
        (&["youth", "children", "kinderen", "jongeren", "jeugd", "teens"], Doelgroep::Jeugd),
        (&["families", "parents", "ouders", "gezinnen"], Doelgroep::Ouders),
        (&["caregivers", "carers", "mantelzorgers"], Doelgroep::Mantelzorgers),
        (&["disabled", "disability", "people with disabilities", "beperking"], Doelgroep::Beperking),
        (&["mental health", "ggz"], Doelgroep::Ggz),
        (&["immigrants", "refugees", "migrants", "nieuwkomers", "migranten", "statushouders"], Doelgroep::Migranten),
        (&["low income", "low-income", "minima"], Doelgroep::LaagInkomen),
        (&["homeless", "dakloos", "daklozen"], Doelgroep::Dakloos),
        (&["addiction", "substance use", "verslaving"], Doelgroep::Verslaving),
        (&["everyone", "all", "iedereen"], Doelgroep::Iedereen),
    ];
    table.iter().find(|(words, _)| words.contains(&s.as_str())).map(|(_, d)| *d)
}

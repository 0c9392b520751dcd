//! The older HSDS 1.x/2.0 tabular layout many directories still publish: physical_addresses,
//! postal_addresses, regular_schedules (one row per weekday), holiday_schedules, eligibility,
//! services_taxonomy + taxonomy, service_area. Read into the 3.0 tables, keeping the file's own
//! field names in messages.

use std::collections::{BTreeMap, HashSet};

use super::model::{Row, Tables, T};
use super::progress::Progress;
use super::tabular::{load_rows, Plan, Source};
use super::validate::Diag;

/// Tables that exist only in the old layout.
const LEGACY_ONLY: &[&str] = &[
    "physical_addresses",
    "postal_addresses",
    "regular_schedules",
    "holiday_schedules",
    "eligibility",
    "services_taxonomy",
    "service_taxonomy",
    "service_area",
];

pub fn is_legacy(res: &BTreeMap<String, String>) -> bool {
    res.keys().any(|k| LEGACY_ONLY.contains(&k.as_str()))
}

/// The term that carries 1.x eligibility text.
pub const ELIGIBILITY_TERM: &str = "loket:legacy:eligibility";

/// The 1.x `services_taxonomy` table (also spelled `service_taxonomy`) as attributes.
const SERVICES_TAXONOMY: Plan<'static> = Plan {
    t: T::Attributes,
    renames: &[("service_id", "link_id"), ("taxonomy_id", "taxonomy_term_id"), ("taxonomy_detail", "value")],
    fixed: &[("link_entity", "service")],
    legacy: true,
};

pub fn read(
    src: &Source,
    res: &BTreeMap<String, String>,
    tables: &mut Tables,
    diag: &mut Diag,
    progress: &mut Progress,
) -> anyhow::Result<()> {
    let plans: &[(&str, Plan)] = &[
        ("organizations", Plan { t: T::Organizations, renames: &[("url", "website")], fixed: &[], legacy: true }),
        ("services", Plan { t: T::Services, renames: &[], fixed: &[], legacy: true }),
        ("locations", Plan { t: T::Locations, renames: &[], fixed: &[("location_type", "physical")], legacy: true }),
        ("service_at_location", Plan { t: T::ServiceAtLocation, renames: &[], fixed: &[], legacy: true }),
        (
            "physical_addresses",
            Plan { t: T::Addresses, renames: &[], fixed: &[("address_type", "physical")], legacy: true },
        ),
        (
            "postal_addresses",
            Plan { t: T::Addresses, renames: &[], fixed: &[("address_type", "postal")], legacy: true },
        ),
        ("addresses", Plan { t: T::Addresses, renames: &[], fixed: &[], legacy: true }),
        ("phones", Plan { t: T::Phones, renames: &[], fixed: &[], legacy: true }),
        (
            "regular_schedules",
            Plan { t: T::Schedules, renames: &[("weekday", "byday")], fixed: &[("freq", "weekly")], legacy: true },
        ),
        ("schedules", Plan { t: T::Schedules, renames: &[], fixed: &[], legacy: true }),
        ("cost_options", Plan { t: T::CostOptions, renames: &[], fixed: &[], legacy: true }),
        ("required_documents", Plan { t: T::RequiredDocuments, renames: &[], fixed: &[], legacy: true }),
        ("languages", Plan { t: T::Languages, renames: &[("language", "name")], fixed: &[], legacy: true }),
        ("service_area", Plan { t: T::ServiceAreas, renames: &[("service_area", "name")], fixed: &[], legacy: true }),
        ("service_areas", Plan { t: T::ServiceAreas, renames: &[], fixed: &[], legacy: true }),
        ("taxonomy", Plan { t: T::TaxonomyTerms, renames: &[("vocabulary", "taxonomy")], fixed: &[], legacy: true }),
        ("taxonomy_terms", Plan { t: T::TaxonomyTerms, renames: &[], fixed: &[], legacy: true }),
        (
            "eligibility",
            Plan {
                t: T::Attributes,
                renames: &[("service_id", "link_id"), ("eligibility", "value")],
                fixed: &[("taxonomy_term_id", ELIGIBILITY_TERM), ("link_entity", "service")],
                legacy: true,
            },
        ),
        ("services_taxonomy", SERVICES_TAXONOMY),
        ("service_taxonomy", SERVICES_TAXONOMY),
        ("attributes", Plan { t: T::Attributes, renames: &[], fixed: &[], legacy: true }),
    ];
    for (name, plan) in plans {
        let Some(file) = res.get(*name) else { continue };
        let mut rows = load_rows(src, file, plan, tables, diag, progress)?;
        match *name {
            "regular_schedules" => weekdays(&mut rows, tables, diag),
            "taxonomy" => airs_codes(&mut rows),
            _ => {}
        }
        tables.t_mut(plan.t).extend(rows);
    }
    if let Some(file) = res.get("holiday_schedules") {
        let plan = Plan { t: T::Schedules, renames: &[], fixed: &[], legacy: true };
        let rows = load_rows(src, file, &plan, tables, diag, progress)?;
        holidays(&rows, tables, diag);
    }
    Ok(())
}

/// `weekday` (1 = maandag … 7 = zondag, or a day name) → RRULE `byday`.
fn weekdays(rows: &mut [Row], tables: &Tables, diag: &mut Diag) {
    const CODES: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    const NAMES: [[&str; 4]; 7] = [
        ["monday", "mon", "maandag", "ma"],
        ["tuesday", "tue", "dinsdag", "di"],
        ["wednesday", "wed", "woensdag", "wo"],
        ["thursday", "thu", "donderdag", "do"],
        ["friday", "fri", "vrijdag", "vr"],
        ["saturday", "sat", "zaterdag", "za"],
        ["sunday", "sun", "zondag", "zo"],
    ];
    let i = T::Schedules.col("byday");
    for row in rows.iter_mut() {
        let Some(v) = row.opt(i).map(str::to_lowercase) else {
            continue;
        };
        let day = match v.parse::<u8>() {
            Ok(n @ 1..=7) => Some(n as usize - 1),
            Ok(0) => Some(6),
            Ok(_) => None,
            Err(_) => (0..7).find(|&d| NAMES[d].contains(&v.as_str()) || CODES[d].eq_ignore_ascii_case(&v)),
        };
        match day {
            Some(d) => row.set(i, CODES[d]),
            None => {
                diag.error(&tables.files, row.src, row.line, "weekday", format!("onbekende weekdag '{v}'"));
                super::validate::mark_invalid(row, i);
            }
        }
    }
}

/// In 1.x `taxonomy.csv` the id is often the AIRS/211 code itself: keep it as the code.
fn airs_codes(rows: &mut [Row]) {
    let (id, code) = (T::TaxonomyTerms.col("id"), T::TaxonomyTerms.col("code"));
    for row in rows.iter_mut() {
        if row.opt(code).is_none() && looks_like_airs(row.get(id)) {
            let v = row.get(id).to_string();
            row.set(code, v);
        }
    }
}

/// "BD-1800.2000", "LR-8000", "P" — one or two capitals, then `-` and digits/dots.
pub fn looks_like_airs(s: &str) -> bool {
    let (head, tail) = s.split_once('-').unwrap_or((s, ""));
    (1..=2).contains(&head.len())
        && head.chars().all(|c| c.is_ascii_uppercase())
        && (tail.is_empty() && head.len() <= 2 && s.len() <= 2
            || !tail.is_empty() && tail.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-'))
}

/// holiday_schedules: checked (references), not taken over — loket keeps weekly hours only.
fn holidays(rows: &[Row], tables: &Tables, diag: &mut Diag) {
    let ids = |t: T| -> HashSet<&str> { tables.t(t).iter().filter_map(|r| r.opt(0)).collect() };
    let (svc, loc, sal) = (ids(T::Services), ids(T::Locations), ids(T::ServiceAtLocation));
    let mut n = 0;
    for row in rows {
        if row.bad {
            continue;
        }
        n += 1;
        for (field, set, t) in [
            ("service_id", &svc, T::Services),
            ("location_id", &loc, T::Locations),
            ("service_at_location_id", &sal, T::ServiceAtLocation),
        ] {
            if let Some(v) = row.opt(T::Schedules.col(field)) {
                if !set.contains(v) {
                    diag.error(
                        &tables.files,
                        row.src,
                        row.line,
                        field,
                        format!("verwijst naar onbekende {} '{v}'", t.noun()),
                    );
                }
            }
        }
    }
    if n > 0 {
        let file = rows.first().map(|r| tables.files[r.src as usize].as_str()).unwrap_or("holiday_schedules.csv");
        diag.notes.push(format!(
            "{file}: {n} uitzonderingstijden (feestdagen) niet overgenomen; loket kent alleen weekroosters"
        ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn airs() {
        assert!(super::looks_like_airs("BD-1800.2000"));
        assert!(super::looks_like_airs("LR-8000"));
        assert!(!super::looks_like_airs("101"));
        assert!(!super::looks_like_airs("food"));
    }
}

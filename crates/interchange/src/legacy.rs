//! The older HSDS 1.x/2.0 tabular layout many directories still publish: physical_addresses,
//! postal_addresses, regular_schedules (one row per weekday), holiday_schedules, eligibility,
//! services_taxonomy + taxonomy. Read into the 3.0 tables (see [`super::tabular`]), keeping the
//! file's own field names in messages.

use std::collections::{BTreeMap, HashSet};

use super::model::{Row, Tables, T};
use super::tabular::{header_of, Plan, Source};
use super::validate::Diag;

/// Tables that exist only in the old layout (`taxonomy` here is the 1.x terms table).
const LEGACY_ONLY: &[&str] = &[
    "physical_addresses",
    "postal_addresses",
    "regular_schedules",
    "holiday_schedules",
    "eligibility",
    "services_taxonomy",
    "taxonomy",
];

/// 1.x/2.0 or 3.0, from the tables and columns present: a table only the old layout has, or
/// locations without the `location_type` that 3.0 requires.
pub fn is_legacy(src: &Source, res: &BTreeMap<String, String>) -> bool {
    res.keys().any(|k| LEGACY_ONLY.contains(&k.as_str()))
        || res.get("locations").is_some_and(|f| {
            let h = header_of(src, f);
            !h.is_empty() && !h.iter().any(|c| c == "location_type")
        })
}

/// The term that carries 1.x eligibility text.
pub const ELIGIBILITY_TERM: &str = "loket:legacy:eligibility";

/// The 1.x `services_taxonomy` table (also spelled `service_taxonomy`) as attributes.
pub const SERVICES_TAXONOMY: Plan<'static> = Plan {
    t: T::Attributes,
    renames: &[("service_id", "link_id"), ("taxonomy_id", "taxonomy_term_id"), ("taxonomy_detail", "value")],
    fixed: &[("link_entity", "service")],
    fixed_1x: &[],
};

/// `weekday` (1 = maandag … 7 = zondag, or a day name) → RRULE `byday`.
pub fn weekdays(rows: &mut [Row], tables: &Tables, diag: &mut Diag) {
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
pub fn airs_codes(rows: &mut [Row]) {
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
pub fn holidays(rows: &[Row], tables: &Tables, diag: &mut Diag) {
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

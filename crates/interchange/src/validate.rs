//! Messages (`file:line: field: what is wrong`) and the checks on single values: tolerant where
//! data is merely messy (with a warning), strict where it is wrong (an error).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::model::{Interner, Row, Ty, T};
use loket_domain::hours::parse_clock;

/// After this many warnings of one kind, the rest are counted, not listed.
const WARN_LIMIT: usize = 10;

/// Longest text kept from an import (characters); longer values are cut with a warning.
pub const MAX_TEXT: usize = 20_000;

#[derive(Debug, Default)]
pub struct Diag {
    /// (file index, line, message) — sorted on output.
    errors: Vec<(u16, u32, String)>,
    warnings: Vec<(u16, u32, String)>,
    counts: HashMap<&'static str, usize>,
    /// Plain warnings without a place.
    pub notes: Vec<String>,
}

impl Diag {
    pub fn error(&mut self, files: &[String], src: u16, line: u32, field: &str, msg: impl AsRef<str>) {
        self.errors.push((src, line, fmt_msg(files, src, line, field, msg.as_ref())));
    }
    /// A warning of a kind; after [`WARN_LIMIT`] of one kind only counted.
    pub fn warn(
        &mut self,
        kind: &'static str,
        files: &[String],
        src: u16,
        line: u32,
        field: &str,
        msg: impl AsRef<str>,
    ) {
        let n = self.counts.entry(kind).or_insert(0);
        *n += 1;
        if *n <= WARN_LIMIT {
            self.warnings.push((src, line, fmt_msg(files, src, line, field, msg.as_ref())));
        }
    }
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
    pub fn error_count(&self) -> usize {
        self.errors.len()
    }
    pub fn finish(self) -> (Vec<String>, Vec<String>) {
        let (e, w, _) = self.finish_counted();
        (e, w)
    }
    /// As [`Diag::finish`], with the real number of warnings of each kind (most first; the
    /// plain notes as "overig").
    pub fn finish_counted(mut self) -> (Vec<String>, Vec<String>, Vec<(String, usize)>) {
        let mut kinds: Vec<(String, usize)> = self.counts.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        if !self.notes.is_empty() {
            kinds.push(("overig".into(), self.notes.len()));
        }
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.errors.sort_by_key(|a| (a.0, a.1));
        self.warnings.sort_by_key(|a| (a.0, a.1));
        let mut warnings: Vec<String> = self.warnings.into_iter().map(|w| w.2).collect();
        let mut over: Vec<_> = self.counts.into_iter().filter(|(_, n)| *n > WARN_LIMIT).collect();
        over.sort();
        for (kind, n) in over {
            warnings.push(format!("… en nog {} keer: {kind}", n - WARN_LIMIT));
        }
        warnings.extend(self.notes);
        (self.errors.into_iter().map(|e| e.2).collect(), warnings, kinds)
    }
}

fn fmt_msg(files: &[String], src: u16, line: u32, field: &str, msg: &str) -> String {
    let file = files.get(src as usize).map(String::as_str).unwrap_or("?");
    match (line, field.is_empty()) {
        (0, true) => format!("{file}: {msg}"),
        (0, false) => format!("{file}: {field}: {msg}"),
        (_, true) => format!("{file}:{line}: {msg}"),
        (_, false) => format!("{file}:{line}: {field}: {msg}"),
    }
}

/// Shorten a value for a message.
pub fn show(s: &str) -> String {
    let s = s.replace('\n', " ");
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Context for checking one row.
pub struct Ctx<'a> {
    pub files: &'a [String],
    pub diag: &'a mut Diag,
    /// The user's name for a field (1.x aliases).
    pub alias: &'a dyn Fn(u16, &'static str) -> &'static str,
    pub interner: &'a mut Interner,
}

/// Normalise and check one raw value into column `i` of `row`. `line` is where the value is.
pub fn set_cell(ctx: &mut Ctx, t: T, row: &mut Row, i: usize, raw: &str, line: u32) {
    let col = t.cols()[i];
    let field = (ctx.alias)(row.src, col.name);
    let src = row.src;
    let trimmed = raw.trim();
    if trimmed.len() != raw.len() && !trimmed.is_empty() {
        ctx.diag.warn(
            "spaties aan begin of eind verwijderd",
            ctx.files,
            src,
            line,
            field,
            "spaties aan begin of eind verwijderd",
        );
    }
    if trimmed.is_empty() {
        row.vals[i] = None;
        return;
    }
    let value: String = match col.ty {
        Ty::Text => {
            let v = if trimmed.contains("\\n") {
                ctx.diag.warn(
                    "letterlijke \\n omgezet",
                    ctx.files,
                    src,
                    line,
                    field,
                    "letterlijke \\n omgezet in een nieuwe regel",
                );
                trimmed.replace("\\r\\n", "\n").replace("\\n", "\n")
            } else {
                trimmed.to_string()
            };
            cap_text(ctx, src, line, field, v)
        }
        Ty::Id => trimmed.to_string(),
        Ty::Int => {
            if trimmed.parse::<i64>().is_err() {
                return bad(ctx, row, i, col.required, line, field, format!("geen geheel getal: '{}'", show(trimmed)));
            }
            trimmed.to_string()
        }
        Ty::Num => match trimmed.parse::<f64>() {
            Ok(f) if f.is_finite() => trimmed.to_string(),
            _ => match decimal_comma(trimmed) {
                Some(v) => {
                    ctx.diag.warn(
                        "decimale komma gelezen",
                        ctx.files,
                        src,
                        line,
                        field,
                        format!("'{}' gelezen als {v}", show(trimmed)),
                    );
                    v
                }
                None => return bad(ctx, row, i, col.required, line, field, format!("geen getal: '{}'", show(trimmed))),
            },
        },
        Ty::Date => {
            if NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").is_ok() {
                trimmed.to_string()
            } else if let Some(d) = dutch_date(trimmed) {
                let v = d.format("%Y-%m-%d").to_string();
                warn_dutch_date(ctx, src, line, field, trimmed, &v);
                v
            } else {
                return bad(
                    ctx,
                    row,
                    i,
                    col.required,
                    line,
                    field,
                    format!("geen datum (JJJJ-MM-DD): '{}'", show(trimmed)),
                );
            }
        }
        Ty::DateTime => match parse_datetime(trimmed) {
            Some((_, true)) => trimmed.to_string(),
            Some((_, false)) => {
                ctx.diag.warn(
                    "datum zonder tijd",
                    ctx.files,
                    src,
                    line,
                    field,
                    format!("datum zonder tijd: '{}'", show(trimmed)),
                );
                trimmed.to_string()
            }
            None => match dutch_datetime(trimmed) {
                Some(v) => {
                    warn_dutch_date(ctx, src, line, field, trimmed, &v);
                    v
                }
                None => {
                    return bad(
                        ctx,
                        row,
                        i,
                        col.required,
                        line,
                        field,
                        format!("geen datum-tijd (JJJJ-MM-DDTUU:MM:SS): '{}'", show(trimmed)),
                    )
                }
            },
        },
        Ty::Time => match normalise_time(trimmed) {
            Some((m, exact)) => {
                let norm = format!("{:02}:{:02}", m / 60, m % 60);
                if !exact {
                    ctx.diag.warn(
                        "tijd omgezet",
                        ctx.files,
                        src,
                        line,
                        field,
                        format!("tijd '{}' gelezen als {norm}", show(trimmed)),
                    );
                }
                norm
            }
            None => {
                return bad(ctx, row, i, col.required, line, field, format!("geen tijd (UU:MM): '{}'", show(trimmed)))
            }
        },
        Ty::Enum(allowed) => {
            let low = trimmed.to_lowercase();
            if !allowed.contains(&low.as_str()) && col.name == "status" {
                // a status of the source's own: kept as given
                ctx.diag.warn(
                    "onbekende status behouden",
                    ctx.files,
                    src,
                    line,
                    field,
                    format!("onbekende status '{}' behouden", show(trimmed)),
                );
                trimmed.to_string()
            } else if !allowed.contains(&low.as_str()) {
                return bad(
                    ctx,
                    row,
                    i,
                    col.required,
                    line,
                    field,
                    format!("ongeldige waarde '{}' (toegestaan: {})", show(trimmed), allowed.join(", ")),
                );
            } else {
                low
            }
        }
    };
    row.vals[i] = Some(if i == 0 { value.into() } else { ctx.interner.get(&value) });
}

/// Cut a text longer than [`MAX_TEXT`] characters, with a warning.
fn cap_text(ctx: &mut Ctx, src: u16, line: u32, field: &str, v: String) -> String {
    if v.len() <= MAX_TEXT {
        return v;
    }
    let n = v.chars().count();
    if n <= MAX_TEXT {
        return v;
    }
    ctx.diag.warn(
        "lange tekst ingekort",
        ctx.files,
        src,
        line,
        field,
        format!("tekst van {n} tekens ingekort tot {MAX_TEXT}"),
    );
    v.chars().take(MAX_TEXT).collect()
}

/// A wrong value: in a required field an error (the record is not imported); in an optional
/// one it is left out with a warning naming the field, and the record stays.
fn bad(ctx: &mut Ctx, row: &mut Row, i: usize, required: bool, line: u32, field: &str, msg: String) {
    if !required {
        ctx.diag.warn("ongeldige waarden weggelaten", ctx.files, row.src, line, field, format!("{msg}; weggelaten"));
        row.vals[i] = None;
        return;
    }
    ctx.diag.error(ctx.files, row.src, line, field, msg);
    mark_invalid(row, i);
}

/// "51,5" → "51.5" (one comma, digits around it); None when it is no number that way either.
pub fn decimal_comma(s: &str) -> Option<String> {
    if s.matches(',').count() != 1 || s.contains('.') {
        return None;
    }
    let v = s.replace(',', ".");
    v.parse::<f64>().ok().filter(|f| f.is_finite()).map(|_| v)
}

/// A Dutch date, dd-mm-jjjj (also with `/` or `.`).
pub fn dutch_date(s: &str) -> Option<NaiveDate> {
    ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"].iter().find_map(|f| NaiveDate::parse_from_str(s, f).ok())
}

/// A Dutch date with an optional time ("31-12-2025 14:30") as ISO 8601.
fn dutch_datetime(s: &str) -> Option<String> {
    if let Some(d) = dutch_date(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    ["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S").to_string())
}

fn warn_dutch_date(ctx: &mut Ctx, src: u16, line: u32, field: &str, was: &str, now: &str) {
    ctx.diag.warn(
        "Nederlandse datum gelezen",
        ctx.files,
        src,
        line,
        field,
        format!("datum '{}' gelezen als {now}", show(was)),
    );
}

/// Mark column `i` as present but invalid: an empty value, so no second "verplicht" error.
pub fn mark_invalid(row: &mut Row, i: usize) {
    row.vals[i] = Some("".into());
    row.bad = true;
}

/// Required fields, and the tolerated gaps (empty status, missing country, missing coordinates).
pub fn check_row(ctx: &mut Ctx, t: T, row: &mut Row, legacy: bool) {
    let src = row.src;
    if t.is_child() {
        if t.orphan(row) {
            ctx.diag.warn(
                "rijen die nergens bij horen",
                ctx.files,
                src,
                row.line,
                "",
                format!("{} hoort bij geen dienst, locatie of organisatie; overgeslagen", t.noun()),
            );
            row.skip = true;
            return;
        }
        if row.vals[0].is_none() {
            let id = generated_id(ctx.files, row);
            ctx.diag.warn(
                "lege id, gegenereerd",
                ctx.files,
                src,
                row.line,
                (ctx.alias)(src, "id"),
                format!("lege id; '{id}' gegenereerd"),
            );
            row.set(0, id);
        }
    }
    for (i, col) in t.cols().iter().enumerate() {
        if col.required && row.vals[i].is_none() {
            // 1.x has no location_type / address_type: the reader fills them, so this is 3.0 only.
            if legacy && matches!(col.name, "location_type" | "address_type") {
                continue;
            }
            let field = (ctx.alias)(src, col.name);
            ctx.diag.error(ctx.files, src, row.line_of(i), field, "verplicht veld ontbreekt");
            row.bad = true;
        }
    }
    match t {
        T::Services => {
            let i = t.col("status");
            if row.vals[i].is_none() {
                ctx.diag.warn(
                    "lege status",
                    ctx.files,
                    src,
                    row.line_of(i),
                    "status",
                    "lege status, 'active' aangenomen",
                );
                row.set(i, "active");
            }
        }
        T::Addresses => {
            let i = t.col("country");
            if row.vals[i].is_none() {
                let field = (ctx.alias)(src, "country");
                ctx.diag.warn("geen land", ctx.files, src, row.line_of(i), field, "geen land opgegeven");
            }
        }
        T::Locations => {
            let (la, lo) = (t.col("latitude"), t.col("longitude"));
            let physical = row.get(t.col("location_type")) != "virtual";
            if physical && (row.vals[la].is_none() || row.vals[lo].is_none()) {
                ctx.diag.warn(
                    "geen coördinaten",
                    ctx.files,
                    src,
                    row.line,
                    "latitude",
                    "geen coördinaten; locatie zonder kaartpositie",
                );
            }
        }
        _ => {}
    }
}

/// A stable id for a child row without one: where it is (`phones.csv:14`).
pub fn generated_id(files: &[String], row: &Row) -> String {
    format!("{}:{}", files.get(row.src as usize).map(String::as_str).unwrap_or("?"), row.line)
}

/// Minutes after midnight and whether the text was already `HH:MM` / `HH:MM:SS`.
pub fn normalise_time(s: &str) -> Option<(u16, bool)> {
    let b = s.as_bytes();
    let exact = (b.len() == 5 || (b.len() == 8 && b[5] == b':'))
        && b[2] == b':'
        && b.iter().enumerate().all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit());
    let core = if b.len() == 8 && exact { &s[..5] } else { s };
    if let Some(m) = parse_clock(core) {
        return Some((m, exact));
    }
    // "10:00:00am"
    let low = s.to_lowercase();
    let (body, suffix) = match (low.strip_suffix("am"), low.strip_suffix("pm")) {
        (Some(x), _) => (x.trim().to_string(), "am"),
        (_, Some(x)) => (x.trim().to_string(), "pm"),
        _ => (low.clone(), ""),
    };
    let parts: Vec<&str> = body.split(':').collect();
    if parts.len() == 3 {
        return parse_clock(&format!("{}:{}{}", parts[0], parts[1], suffix)).map(|m| (m, false));
    }
    None
}

/// A date-time, or a date alone (false).
pub fn parse_datetime(s: &str) -> Option<(NaiveDate, bool)> {
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some((d.date_naive(), true));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some((d.date(), true));
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(|d| (d, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(normalise_time("09:00"), Some((540, true)));
        assert_eq!(normalise_time("09:00:00"), Some((540, true)));
        assert_eq!(normalise_time("9:00am"), Some((540, false)));
        assert_eq!(normalise_time("5:30 PM"), Some((1050, false)));
        assert_eq!(normalise_time("10:00:00pm"), Some((1320, false)));
        assert_eq!(normalise_time("kwart over"), None);
    }

    #[test]
    fn datetimes() {
        assert!(parse_datetime("2026-01-02T10:00:00Z").unwrap().1);
        assert!(parse_datetime("2026-01-02T10:00:00").unwrap().1);
        assert!(!parse_datetime("2026-01-02").unwrap().1);
        assert!(parse_datetime("gisteren").is_none());
    }
}

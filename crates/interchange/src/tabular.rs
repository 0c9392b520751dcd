//! Tabular data packages: a folder or `.zip` with `datapackage.json` and one CSV per table,
//! HSDS 3.0 or the older 1.x/2.0 layout (see [`super::legacy`]).
//!
//! Resources are found by their `path` in `datapackage.json` (also in subfolders such as
//! `data/`), else by file name anywhere in the package. Table names are matched in the spellings
//! real packages use (`service`, `services_at_location`, `organisation`…), and 3.0 or 1.x is
//! decided from the tables and columns present.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::jsonparse::{self, JN, JV};
use super::legacy;
use super::model::{Row, Tables, T};
use super::progress::Progress;
use super::text;
use super::validate::{check_row, mark_invalid, set_cell, Ctx, Diag};

/// How deep a package folder is searched for its files.
const MAX_DEPTH: u32 = 8;

/// Where the files of a package are.
pub enum Source {
    Dir(PathBuf),
    /// The files in memory, by path relative to the package folder (`/`-separated): the
    /// contents of a zip, or files handed over directly (tests, fuzzing).
    Zip(BTreeMap<String, Vec<u8>>),
}

fn wanted(name: &str) -> bool {
    let low = name.to_ascii_lowercase();
    low.ends_with(".csv") || low.ends_with(".json")
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

impl Source {
    pub fn open_zip(path: &Path) -> anyhow::Result<Source> {
        let f = std::fs::File::open(path).with_context(|| format!("kan {} niet openen", path.display()))?;
        let mut zip =
            zip::ZipArchive::new(f).with_context(|| format!("{} is geen leesbaar zip-bestand", path.display()))?;
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        // The package folder: where datapackage.json is, else where the shallowest CSV is.
        let base = names
            .iter()
            .filter(|n| base_name(n) == "datapackage.json")
            .min_by_key(|n| (n.matches('/').count(), n.len()))
            .or_else(|| {
                names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".csv")).min_by_key(|n| n.matches('/').count())
            })
            .map(|n| n.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default())
            .unwrap_or_default();
        let mut files = BTreeMap::new();
        for name in names {
            let Some(rel) = name.strip_prefix(&base) else {
                continue;
            };
            if rel.ends_with('/') || !wanted(rel) || rel.split('/').any(|p| p.starts_with('.') || p == "__MACOSX") {
                continue;
            }
            let mut e = zip.by_name(&name).with_context(|| format!("{name} in {}", path.display()))?;
            let mut buf = Vec::with_capacity(e.size().min(1 << 30) as usize);
            e.read_to_end(&mut buf).with_context(|| format!("{name} in {} uitpakken", path.display()))?;
            files.insert(rel.to_string(), buf);
        }
        Ok(Source::Zip(files))
    }

    /// Every CSV and JSON file of the package, `/`-separated, relative to its folder; in
    /// subfolders too, following symbolic links.
    pub fn names(&self) -> anyhow::Result<Vec<String>> {
        match self {
            Source::Zip(m) => Ok(m.keys().cloned().collect()),
            Source::Dir(d) => {
                let mut v = Vec::new();
                let mut seen = HashSet::new();
                walk(d, "", 0, &mut seen, &mut v)?;
                v.sort();
                Ok(v)
            }
        }
    }

    pub fn size(&self, name: &str) -> u64 {
        match self {
            Source::Zip(m) => m.get(name).map(|b| b.len() as u64).unwrap_or(0),
            Source::Dir(d) => std::fs::metadata(d.join(name)).map(|m| m.len()).unwrap_or(0),
        }
    }

    pub fn bytes(&self, name: &str) -> anyhow::Result<Cow<'_, [u8]>> {
        match self {
            Source::Zip(m) => match m.get(name) {
                Some(b) => Ok(Cow::Borrowed(&b[..])),
                None => bail!("{name} ontbreekt in het zip-bestand"),
            },
            Source::Dir(d) => {
                let p = d.join(name);
                Ok(Cow::Owned(std::fs::read(&p).with_context(|| format!("kan {} niet lezen", p.display()))?))
            }
        }
    }

    /// The first `max` bytes (enough for a header line).
    fn head(&self, name: &str, max: usize) -> Vec<u8> {
        match self {
            Source::Zip(m) => m.get(name).map(|b| b[..b.len().min(max)].to_vec()).unwrap_or_default(),
            Source::Dir(d) => {
                let mut buf = Vec::new();
                if let Ok(f) = std::fs::File::open(d.join(name)) {
                    let _ = f.take(max as u64).read_to_end(&mut buf);
                }
                buf
            }
        }
    }

    /// A file as text: UTF-8, else Windows-1252 with a warning.
    pub fn read_text(&self, name: &str, tables: &mut Tables, diag: &mut Diag) -> anyhow::Result<String> {
        let bytes = self.bytes(name)?;
        // a file read whole and valid UTF-8 becomes the text without a copy (large JSON files)
        let bytes = match bytes {
            Cow::Owned(b) => match String::from_utf8(b) {
                Ok(s) => return Ok(s),
                Err(e) => Cow::Owned(e.into_bytes()),
            },
            b => b,
        };
        let dec = text::decode(&bytes);
        warn_encoding(&dec, name, tables, diag);
        Ok(dec.text.into_owned())
    }
}

fn walk(root: &Path, rel: &str, depth: u32, seen: &mut HashSet<PathBuf>, out: &mut Vec<String>) -> anyhow::Result<()> {
    let dir = if rel.is_empty() { root.to_path_buf() } else { root.join(rel) };
    if let Ok(c) = std::fs::canonicalize(&dir) {
        if !seen.insert(c) {
            return Ok(()); // a symbolic link back up: already read
        }
    }
    for e in std::fs::read_dir(&dir).with_context(|| format!("kan map {} niet lezen", dir.display()))? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__MACOSX" {
            continue;
        }
        let path = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        // metadata() follows symbolic links; a broken link is skipped.
        let Ok(meta) = std::fs::metadata(e.path()) else { continue };
        if meta.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, depth + 1, seen, out)?;
            }
        } else if meta.is_file() && wanted(&name) {
            out.push(path);
        }
    }
    Ok(())
}

pub fn warn_encoding(dec: &text::Decoded, file: &str, tables: &mut Tables, diag: &mut Diag) {
    if let Some(line) = dec.cp1252_from_line {
        let s = tables.file_id(file);
        diag.warn(
            "gelezen als Windows-1252",
            &tables.files,
            s,
            line,
            "",
            "geen UTF-8-tekst; het bestand is gelezen als Windows-1252",
        );
    }
}

/// The column separator of a CSV text: comma, semicolon (Excel in a Dutch locale) or tab,
/// whichever the header line has most of outside quotes; comma when it has none.
pub fn delimiter(data: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in data.iter().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let best = (0..3).max_by_key(|&i| (counts[i], usize::from(i == 0))).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        seps[best]
    }
}

/// Tables loket reads, and the spellings real packages use for them.
const TABLES: &[(&str, &[&str])] = &[
    ("organizations", &["organization", "organizations", "organisation", "organisations"]),
    ("services", &["service", "services"]),
    ("locations", &["location", "locations"]),
    (
        "service_at_location",
        &["service_at_location", "service_at_locations", "services_at_location", "services_at_locations"],
    ),
    ("addresses", &["address", "addresses"]),
    ("physical_addresses", &["physical_address", "physical_addresses"]),
    ("postal_addresses", &["postal_address", "postal_addresses"]),
    ("phones", &["phone", "phones"]),
    ("schedules", &["schedule", "schedules"]),
    ("regular_schedules", &["regular_schedule", "regular_schedules"]),
    ("holiday_schedules", &["holiday_schedule", "holiday_schedules"]),
    ("cost_options", &["cost_option", "cost_options"]),
    ("required_documents", &["required_document", "required_documents"]),
    ("languages", &["language", "languages"]),
    ("service_areas", &["service_area", "service_areas"]),
    ("taxonomies", &["taxonomies"]),
    ("taxonomy_terms", &["taxonomy_term", "taxonomy_terms"]),
    ("services_taxonomy", &["service_taxonomy", "services_taxonomy", "service_taxonomies", "services_taxonomies"]),
    ("eligibility", &["eligibility", "eligibilities"]),
    ("attributes", &["attribute", "attributes"]),
    ("contacts", &["contact", "contacts"]),
];

/// Tables of HSDS that loket knows but does not keep: (name, spellings, what it holds in Dutch).
const NOT_KEPT: &[(&str, &[&str], &str)] = &[
    ("funding", &["funding", "fundings"], "financiering"),
    ("programs", &["program", "programs"], "programma's"),
    ("accessibility", &["accessibility", "accessibilities", "accessibility_for_disabilities"], "toegankelijkheid"),
    ("organization_identifiers", &["organization_identifier", "organization_identifiers"], "organisatienummers"),
    ("metadata", &["metadata"], "wijzigingsgeschiedenis"),
    ("meta_table_descriptions", &["meta_table_description", "meta_table_descriptions"], "tabelbeschrijvingen"),
    ("service_capacity", &["service_capacity", "service_capacities"], "capaciteit"),
    ("units", &["unit", "units"], "eenheden"),
    ("urls", &["url", "urls"], "extra links"),
];

fn norm(name: &str) -> String {
    name.trim().to_lowercase().replace(['-', ' '], "_")
}

/// The table a resource or file name stands for. `taxonomy` alone is ambiguous: 3.0
/// `taxonomies` or the 1.x terms table; [`resources`] decides from its columns.
fn table_key(name: &str) -> Option<&'static str> {
    let n = norm(name);
    if n == "taxonomy" {
        return Some("taxonomy");
    }
    TABLES
        .iter()
        .find(|(_, v)| v.contains(&n.as_str()))
        .map(|(k, _)| *k)
        .or_else(|| NOT_KEPT.iter().find(|(_, v, _)| v.contains(&n.as_str())).map(|(k, _, _)| *k))
}

/// The lower-case column names of a CSV file (empty when unreadable).
pub fn header_of(src: &Source, file: &str) -> Vec<String> {
    let head = src.head(file, 64 * 1024);
    let dec = text::decode(&head);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .delimiter(delimiter(dec.text.as_bytes()))
        .from_reader(dec.text.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase()).collect(),
        _ => Vec::new(),
    }
}

fn str_of<'a>(n: &'a JN, key: &str) -> Option<&'a str> {
    match n.get(key) {
        Some(JN { v: JV::Str(s), .. }) => Some(s.as_str()),
        _ => None,
    }
}

/// Table → file, from `datapackage.json` (or the CSV files by name when it is absent).
pub fn resources(src: &Source, tables: &mut Tables, diag: &mut Diag) -> anyhow::Result<BTreeMap<String, String>> {
    let names = src.names()?;
    let csvs: Vec<&String> = names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".csv")).collect();
    let mut listed: Vec<(String, String)> = Vec::new(); // (name, file) in datapackage order
    let mut used: HashSet<String> = HashSet::new();
    let dp_name = names.iter().filter(|n| base_name(n) == "datapackage.json").min_by_key(|n| n.len()).cloned();
    if let Some(dp_name) = &dp_name {
        let prefix = dp_name.strip_suffix("datapackage.json").unwrap_or("").to_string();
        let text = src.read_text(dp_name, tables, diag)?;
        let s = tables.file_id(dp_name);
        match jsonparse::parse(&text) {
            Err(e) => diag.error(&tables.files, s, e.line, "", format!("ongeldige JSON: {}", e.msg)),
            Ok(dp) => {
                let list = match dp.get("resources") {
                    Some(JN { v: JV::Arr(xs), .. }) => xs.as_slice(),
                    Some(other) => {
                        diag.error(
                            &tables.files,
                            s,
                            other.line,
                            "resources",
                            format!("verwacht een lijst, gevonden {}", other.kind()),
                        );
                        &[]
                    }
                    None => {
                        diag.warn(
                            "datapackage zonder resources",
                            &tables.files,
                            s,
                            dp.line,
                            "resources",
                            "datapackage.json noemt geen resources; de CSV-bestanden zijn op naam gelezen",
                        );
                        &[]
                    }
                };
                for r in list {
                    let name = str_of(r, "name").unwrap_or("").to_string();
                    let path = match r.get("path") {
                        Some(JN { v: JV::Str(p), .. }) => p.clone(),
                        Some(JN { v: JV::Arr(ps), .. }) => match ps.first() {
                            Some(JN { v: JV::Str(p), .. }) => p.clone(),
                            _ => String::new(),
                        },
                        _ => String::new(),
                    };
                    if path.is_empty() {
                        if !name.is_empty() {
                            listed.push((name.clone(), String::new()));
                        }
                        continue;
                    }
                    if path.contains("://") {
                        diag.warn(
                            "externe bestanden",
                            &tables.files,
                            s,
                            r.line,
                            "path",
                            format!("resource '{name}' staat op internet ({path}); loket leest alleen bestanden uit het pakket"),
                        );
                        continue;
                    }
                    let rel = path.trim_start_matches("./").replace('\\', "/");
                    let full = format!("{prefix}{rel}");
                    if names.contains(&full) {
                        used.insert(full.clone());
                        listed.push((if name.is_empty() { rel.clone() } else { name }, full));
                    } else {
                        diag.warn(
                            "bestand ontbreekt",
                            &tables.files,
                            s,
                            r.line,
                            "path",
                            format!("bestand '{rel}' van resource '{name}' ontbreekt"),
                        );
                    }
                }
            }
        }
    }
    // CSVs not listed in datapackage.json count by their file name.
    for n in &csvs {
        if !used.contains(*n) {
            let stem = base_name(n);
            let stem = &stem[..stem.len() - 4];
            listed.push((stem.to_string(), (*n).clone()));
        }
    }
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, file) in listed {
        if file.is_empty() {
            continue;
        }
        let stem = base_name(&file).rsplit_once('.').map(|(a, _)| a).unwrap_or(&file).to_string();
        let key = table_key(&name).or_else(|| table_key(&stem));
        let Some(mut key) = key else {
            let s = tables.file_id(&file);
            diag.warn("onbekende tabellen", &tables.files, s, 0, "", format!("onbekende tabel '{name}'; niet gelezen"));
            continue;
        };
        if key == "taxonomy" || key == "taxonomies" {
            let h = header_of(src, &file);
            let terms_1x = h.iter().any(|c| c == "vocabulary" || c == "parent_name" || c == "parent_id");
            key = if terms_1x { "taxonomy" } else { "taxonomies" };
        }
        // The first file for a table wins (datapackage.json before loose files).
        out.entry(key.to_string()).or_insert(file);
    }
    Ok(out)
}

/// Tables that loket does not keep: one warning each with the number of rows.
fn report_not_kept(src: &Source, res: &BTreeMap<String, String>, tables: &mut Tables, diag: &mut Diag) {
    for (key, _, what) in NOT_KEPT {
        let Some(file) = res.get(*key) else { continue };
        let Ok(bytes) = src.bytes(file) else { continue };
        let dec = text::decode(&bytes);
        let n = csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(delimiter(dec.text.as_bytes()))
            .from_reader(dec.text.as_bytes())
            .records()
            .filter(|r| r.as_ref().is_ok_and(|r| r.iter().any(|f| !f.trim().is_empty())))
            .count();
        if n > 0 {
            let s = tables.file_id(file);
            let rijen = if n == 1 { "1 rij" } else { &format!("{n} rijen") };
            diag.warn(
                "tabellen niet overgenomen",
                &tables.files,
                s,
                0,
                "",
                format!("{rijen} niet overgenomen: loket bewaart geen {what} ({key})"),
            );
        }
    }
}

/// How to read one CSV into a 3.0 table.
pub struct Plan<'a> {
    pub t: T,
    /// (name in the file, 3.0 column) — used when the file lacks the 3.0 column itself.
    pub renames: &'a [(&'static str, &'static str)],
    /// Values filled in when the file has none.
    pub fixed: &'a [(&'static str, &'static str)],
    /// Values filled in when the file has none, in a 1.x/2.0 package only.
    pub fixed_1x: &'a [(&'static str, &'static str)],
}

/// Line numbers of byte positions, counted forward (positions only grow).
struct Lines<'a> {
    text: &'a [u8],
    pos: usize,
    line: u32,
}

impl Lines<'_> {
    fn at(&mut self, pos: usize) -> u32 {
        let pos = pos.min(self.text.len());
        if pos >= self.pos {
            self.line += self.text[self.pos..pos].iter().filter(|&&b| b == b'\n').count() as u32;
        } else {
            self.line -= self.text[pos..self.pos].iter().filter(|&&b| b == b'\n').count() as u32;
        }
        self.pos = pos;
        self.line
    }
}

/// Read every row of one CSV file. The line of a row is its physical line in the file (the
/// header is line 1; CRLF and quoted multi-line fields count as they are written).
pub fn load_rows(
    src: &Source,
    file: &str,
    plan: &Plan,
    legacy: bool,
    tables: &mut Tables,
    diag: &mut Diag,
    progress: &mut Progress,
) -> anyhow::Result<Vec<Row>> {
    let t = plan.t;
    let sid = tables.file_id(file);
    let cols = t.cols();
    let bytes = src.bytes(file)?;
    let dec = text::decode(&bytes);
    warn_encoding(&dec, file, tables, diag);
    let data = dec.text.as_bytes();
    let mut lines = Lines { text: data, pos: 0, line: 1 };
    let sep = delimiter(data);
    if sep != b',' {
        let name = if sep == b';' { "puntkomma" } else { "tab" };
        diag.warn(
            "scheidingsteken herkend",
            &tables.files,
            sid,
            1,
            "",
            format!("kolommen gescheiden door een {name} (herkend aan de kopregel)"),
        );
    }
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).delimiter(sep).from_reader(data);
    let mut cur = csv::StringRecord::new();
    match rdr.read_record(&mut cur) {
        Ok(true) => {}
        Ok(false) => return Ok(Vec::new()),
        Err(e) => {
            diag.error(&tables.files, sid, 1, "", format!("onleesbare kopregel: {e}"));
            return Ok(Vec::new());
        }
    }
    let header_as_written: Vec<std::rc::Rc<str>> =
        cur.iter().map(|h| h.trim_start_matches('\u{feff}').trim().into()).collect();
    let header: Vec<String> = header_as_written.iter().map(|h| h.to_lowercase()).collect();
    let mut map: Vec<Option<usize>> = vec![None; header.len()];
    for (hi, h) in header.iter().enumerate() {
        if let Some(ci) = cols.iter().position(|c| c.name == h) {
            if !map.contains(&Some(ci)) {
                map[hi] = Some(ci);
            }
        }
    }
    for (from, to) in plan.renames {
        let ci = t.col(to);
        if map.contains(&Some(ci)) {
            continue;
        }
        if let Some(hi) = header.iter().position(|h| h == from) {
            map[hi] = Some(ci);
            tables.aliases.push((sid, to, from));
        }
    }
    let renamed: Vec<&str> = plan.renames.iter().map(|(from, _)| *from).collect();
    let fixed: Vec<(&str, &str)> = plan.fixed.iter().chain(if legacy { plan.fixed_1x } else { &[] }).copied().collect();
    let aliases = tables.aliases.clone();
    let alias = move |s: u16, n: &'static str| -> &'static str {
        aliases.iter().find(|(a, b, _)| *a == s && *b == n).map(|a| a.2).unwrap_or(n)
    };
    // A required column missing from the header: one error, and every row is invalid.
    let mut missing = Vec::new();
    for (ci, c) in cols.iter().enumerate() {
        let is_fixed = fixed.iter().any(|(n, _)| *n == c.name);
        // 1.x has no location_type / address_type; child rows without id get one generated.
        let tolerated = legacy && matches!(c.name, "location_type" | "address_type") || c.name == "id" && t.is_child();
        if c.required && !is_fixed && !tolerated && !map.contains(&Some(ci)) {
            missing.push(ci);
            diag.error(&tables.files, sid, 1, alias(sid, c.name), "verplichte kolom ontbreekt");
        }
    }
    let base = progress.done();
    let mut rows = Vec::new();
    let mut next = csv::StringRecord::new();
    let mut ctx = Ctx { files: &tables.files, diag, alias: &alias, interner: &mut tables.interner };
    let mut have = match rdr.read_record(&mut cur) {
        Ok(b) => b,
        Err(e) => {
            let line = e.position().map(|p| lines.at(p.byte() as usize)).unwrap_or(0);
            ctx.diag.error(ctx.files, sid, line, "", format!("onleesbare regel: {e}"));
            false
        }
    };
    while have {
        let more = match rdr.read_record(&mut next) {
            Ok(b) => b,
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte() as usize)).unwrap_or(0);
                ctx.diag.error(ctx.files, sid, line, "", format!("onleesbare regel: {e}"));
                false
            }
        };
        let rec = &cur;
        let mut byte = rec.position().map(|p| p.byte() as usize).unwrap_or(0);
        // After a CRLF the reader's position is at the '\n'; a record starts after it.
        while matches!(data.get(byte), Some(b'\r' | b'\n')) {
            byte += 1;
        }
        let line = lines.at(byte);
        if rows.len().is_multiple_of(4096) {
            progress.set(base + byte as u64);
        }
        let blank = rec.iter().all(|f| f.trim().is_empty());
        // Per-field lines, only for a record that spans lines.
        let field_lines: Option<Vec<u32>> = rec.iter().any(|f| f.contains('\n')).then(|| {
            let mut l = line;
            rec.iter()
                .map(|f| {
                    let here = l;
                    l += f.bytes().filter(|&b| b == b'\n').count() as u32;
                    here
                })
                .collect()
        });
        let field_line = |hi: usize| field_lines.as_ref().and_then(|v| v.get(hi).copied()).unwrap_or(line);
        let last = !more;
        let open_quote = last && data[byte.min(data.len())..].iter().filter(|&&b| b == b'"').count() % 2 == 1;
        if blank {
            // an empty line
        } else if open_quote {
            let hi = rec.len().saturating_sub(1);
            let field = header.get(hi).map(String::as_str).unwrap_or("");
            ctx.diag.error(
                ctx.files,
                sid,
                field_line(hi),
                field,
                "aanhalingsteken niet gesloten; is het bestand afgekapt?",
            );
        } else if rec.len() != header.len() {
            let cut = if last && !data.ends_with(b"\n") { "; is het bestand afgekapt?" } else { "" };
            ctx.diag.error(
                ctx.files,
                sid,
                line,
                "",
                format!("regel heeft {} velden, de kopregel {}{cut}", rec.len(), header.len()),
            );
        } else {
            let mut row = Row::new(t, sid, line);
            if let Some(fl) = &field_lines {
                let mut v = vec![0u32; cols.len()];
                for (hi, ci) in map.iter().enumerate() {
                    if let Some(ci) = ci {
                        v[*ci] = fl[hi];
                    }
                }
                row.lines = Some(v.into_boxed_slice());
            }
            for (hi, field) in rec.iter().enumerate() {
                let Some(ci) = map[hi] else {
                    // a column that is no 3.0 column of this table (an x_ extension…): kept
                    if !field.trim().is_empty() && !header[hi].is_empty() && !renamed.contains(&header[hi].as_str()) {
                        row.push_extra(header_as_written[hi].clone(), field.into());
                    }
                    continue;
                };
                if dec.has_undefined {
                    if let Some((b, at)) = text::undefined_byte(field) {
                        let name = (ctx.alias)(sid, cols[ci].name);
                        let within = field[..at].bytes().filter(|&c| c == b'\n').count() as u32;
                        ctx.diag.error(
                            ctx.files,
                            sid,
                            field_line(hi) + within,
                            name,
                            format!("ongeldig teken (byte 0x{b:02X}), ook in Windows-1252"),
                        );
                        mark_invalid(&mut row, ci);
                        continue;
                    }
                }
                set_cell(&mut ctx, t, &mut row, ci, field, field_line(hi));
            }
            for (name, v) in &fixed {
                let ci = t.col(name);
                if row.vals[ci].is_none() {
                    row.set(ci, *v);
                }
            }
            if missing.is_empty() {
                check_row(&mut ctx, t, &mut row, legacy);
            } else {
                row.bad = true;
            }
            rows.push(row);
        }
        std::mem::swap(&mut cur, &mut next);
        have = more;
    }
    progress.set(base + src.size(file));
    Ok(rows)
}

/// Every table loket reads, in reading order, with how to read it.
const PLANS: &[(&str, Plan<'static>)] = &[
    ("organizations", Plan { t: T::Organizations, renames: &[("url", "website")], fixed: &[], fixed_1x: &[] }),
    ("services", Plan { t: T::Services, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("locations", Plan { t: T::Locations, renames: &[], fixed: &[], fixed_1x: &[("location_type", "physical")] }),
    ("service_at_location", Plan { t: T::ServiceAtLocation, renames: &[], fixed: &[], fixed_1x: &[] }),
    (
        "physical_addresses",
        Plan { t: T::Addresses, renames: &[], fixed: &[("address_type", "physical")], fixed_1x: &[] },
    ),
    ("postal_addresses", Plan { t: T::Addresses, renames: &[], fixed: &[("address_type", "postal")], fixed_1x: &[] }),
    ("addresses", Plan { t: T::Addresses, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("contacts", Plan { t: T::Contacts, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("phones", Plan { t: T::Phones, renames: &[], fixed: &[], fixed_1x: &[] }),
    (
        "regular_schedules",
        Plan {
            t: T::Schedules,
            renames: &[("weekday", "byday"), ("original_text", "description")],
            fixed: &[("freq", "weekly")],
            fixed_1x: &[],
        },
    ),
    (
        "schedules",
        Plan {
            t: T::Schedules,
            renames: &[("weekday", "byday"), ("original_text", "description")],
            fixed: &[],
            fixed_1x: &[],
        },
    ),
    ("cost_options", Plan { t: T::CostOptions, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("required_documents", Plan { t: T::RequiredDocuments, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("languages", Plan { t: T::Languages, renames: &[("language", "name")], fixed: &[], fixed_1x: &[] }),
    ("service_areas", Plan { t: T::ServiceAreas, renames: &[("service_area", "name")], fixed: &[], fixed_1x: &[] }),
    ("taxonomies", Plan { t: T::Taxonomies, renames: &[], fixed: &[], fixed_1x: &[] }),
    ("taxonomy", Plan { t: T::TaxonomyTerms, renames: &[("vocabulary", "taxonomy")], fixed: &[], fixed_1x: &[] }),
    ("taxonomy_terms", Plan { t: T::TaxonomyTerms, renames: &[], fixed: &[], fixed_1x: &[] }),
    (
        "eligibility",
        Plan {
            t: T::Attributes,
            renames: &[("service_id", "link_id"), ("eligibility", "value")],
            fixed: &[("taxonomy_term_id", legacy::ELIGIBILITY_TERM), ("link_entity", "service")],
            fixed_1x: &[],
        },
    ),
    ("services_taxonomy", legacy::SERVICES_TAXONOMY),
    ("attributes", Plan { t: T::Attributes, renames: &[], fixed: &[], fixed_1x: &[] }),
];

/// Read a whole package (3.0 or 1.x/2.0) into tables.
pub fn read_package(src: &Source, tables: &mut Tables, diag: &mut Diag, show_progress: bool) -> anyhow::Result<()> {
    let res = resources(src, tables, diag)?;
    if !PLANS.iter().any(|(k, _)| res.contains_key(*k)) {
        if diag.has_errors() {
            return Ok(()); // e.g. an unreadable datapackage.json: that error says it
        }
        bail!("geen HSDS-tabellen gevonden (verwacht bv. organizations.csv en services.csv, ook in een submap)");
    }
    let total: u64 = res.values().map(|f| src.size(f)).sum();
    let mut progress = Progress::new("inlezen", "MB", total, show_progress);
    let legacy = legacy::is_legacy(src, &res);
    for (key, plan) in PLANS {
        let Some(file) = res.get(*key) else { continue };
        let mut rows = load_rows(src, file, plan, legacy, tables, diag, &mut progress)?;
        match *key {
            "regular_schedules" => legacy::weekdays(&mut rows, tables, diag),
            // a 2.0 schedules.csv: one row per weekday in a `weekday` column
            "schedules"
                if tables
                    .aliases
                    .iter()
                    .any(|a| a.0 == tables.file_id_of(file) && a.1 == "byday" && a.2 == "weekday") =>
            {
                legacy::weekdays(&mut rows, tables, diag);
                let freq = T::Schedules.col("freq");
                for row in rows.iter_mut().filter(|r| r.vals[freq].is_none()) {
                    row.set(freq, "weekly");
                }
            }
            "taxonomy" => legacy::airs_codes(&mut rows),
            _ => {}
        }
        tables.t_mut(plan.t).extend(rows);
    }
    if let Some(file) = res.get("holiday_schedules") {
        let plan = Plan { t: T::Schedules, renames: &[], fixed: &[], fixed_1x: &[] };
        let rows = load_rows(src, file, &plan, legacy, tables, diag, &mut progress)?;
        legacy::holidays(&rows, tables, diag);
    }
    report_not_kept(src, &res, tables, diag);
    progress.finish();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_spellings() {
        assert_eq!(table_key("service"), Some("services"));
        assert_eq!(table_key("services_at_location"), Some("service_at_location"));
        assert_eq!(table_key("Service-Area"), Some("service_areas"));
        assert_eq!(table_key("organisation"), Some("organizations"));
        assert_eq!(table_key("funding"), Some("funding"));
        assert_eq!(table_key("kaas"), None);
    }

    #[test]
    fn lines_count_forward_and_back() {
        let mut l = Lines { text: b"a\r\nb\n\"c\nd\"\ne", pos: 0, line: 1 };
        assert_eq!(l.at(3), 2);
        assert_eq!(l.at(5), 3);
        assert_eq!(l.at(11), 5);
        assert_eq!(l.at(3), 2);
    }
}

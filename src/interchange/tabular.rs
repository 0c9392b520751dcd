//! Tabular data packages: a folder or `.zip` with `datapackage.json` and one CSV per table,
//! HSDS 3.0 or the older 1.x/2.0 layout (see [`super::legacy`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::legacy;
use super::model::{Row, Tables, T};
use super::progress::Progress;
use super::validate::{check_row, set_cell, Ctx, Diag};

/// Where the files of a package are.
pub enum Source {
    Dir(PathBuf),
    /// Entries relative to the package folder inside the zip.
    Zip(BTreeMap<String, Vec<u8>>),
}

impl Source {
    pub fn open_zip(path: &Path) -> anyhow::Result<Source> {
        let f = std::fs::File::open(path).with_context(|| format!("kan {} niet openen", path.display()))?;
        let mut zip =
            zip::ZipArchive::new(f).with_context(|| format!("{} is geen leesbaar zip-bestand", path.display()))?;
        let names: Vec<String> = zip.file_names().map(str::to_string).collect();
        // The package folder: where datapackage.json is, else where the CSVs are.
        let base = names
            .iter()
            .filter(|n| n.rsplit('/').next() == Some("datapackage.json"))
            .min_by_key(|n| n.len())
            .or_else(|| names.iter().filter(|n| n.ends_with(".csv")).min_by_key(|n| n.matches('/').count()))
            .map(|n| n.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default())
            .unwrap_or_default();
        let mut files = BTreeMap::new();
        for name in names {
            let Some(rel) = name.strip_prefix(&base) else {
                continue;
            };
            if rel.contains('/') || !(rel.ends_with(".csv") || rel.ends_with(".json")) {
                continue;
            }
            let mut e = zip.by_name(&name).with_context(|| format!("{name} in {}", path.display()))?;
            let mut buf = Vec::with_capacity(e.size() as usize);
            e.read_to_end(&mut buf).with_context(|| format!("{name} in {} uitpakken", path.display()))?;
            files.insert(rel.to_string(), buf);
        }
        Ok(Source::Zip(files))
    }

    pub fn names(&self) -> anyhow::Result<Vec<String>> {
        match self {
            Source::Zip(m) => Ok(m.keys().cloned().collect()),
            Source::Dir(d) => {
                let mut v = Vec::new();
                for e in std::fs::read_dir(d).with_context(|| format!("kan map {} niet lezen", d.display()))? {
                    let e = e?;
                    if e.file_type()?.is_file() {
                        v.push(e.file_name().to_string_lossy().into_owned());
                    }
                }
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

    pub fn open(&self, name: &str) -> anyhow::Result<Box<dyn Read + '_>> {
        match self {
            Source::Zip(m) => match m.get(name) {
                Some(b) => Ok(Box::new(&b[..])),
                None => bail!("{name} ontbreekt in het zip-bestand"),
            },
            Source::Dir(d) => {
                let p = d.join(name);
                let f = std::fs::File::open(&p).with_context(|| format!("kan {} niet openen", p.display()))?;
                Ok(Box::new(std::io::BufReader::with_capacity(1 << 16, f)))
            }
        }
    }

    pub fn read_string(&self, name: &str) -> anyhow::Result<String> {
        let mut s = String::new();
        self.open(name)?.read_to_string(&mut s).with_context(|| format!("{name} is geen UTF-8-tekst"))?;
        Ok(s)
    }
}

/// Table name → file, from `datapackage.json` (or the CSV files by name when it is absent).
pub fn resources(src: &Source, tables: &mut Tables, diag: &mut Diag) -> anyhow::Result<BTreeMap<String, String>> {
    let names = src.names()?;
    let mut out = BTreeMap::new();
    if names.iter().any(|n| n == "datapackage.json") {
        let text = src.read_string("datapackage.json")?;
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(dp) => {
                for r in dp.get("resources").and_then(|r| r.as_array()).into_iter().flatten() {
                    let Some(name) = r.get("name").and_then(|n| n.as_str()) else {
                        continue;
                    };
                    let path = match r.get("path") {
                        Some(serde_json::Value::String(p)) => p.clone(),
                        Some(serde_json::Value::Array(ps)) => {
                            ps.first().and_then(|p| p.as_str()).unwrap_or("").to_string()
                        }
                        _ => format!("{name}.csv"),
                    };
                    let path = path.trim_start_matches("./").to_string();
                    if names.contains(&path) {
                        out.insert(name.to_string(), path);
                    } else {
                        let s = tables.file_id("datapackage.json");
                        diag.warn(
                            "bestand ontbreekt",
                            &tables.files,
                            s,
                            0,
                            "",
                            format!("bestand '{path}' van resource '{name}' ontbreekt"),
                        );
                    }
                }
            }
            Err(e) => {
                let s = tables.file_id("datapackage.json");
                diag.error(&tables.files, s, e.line() as u32, "", format!("ongeldige JSON: {e}"));
            }
        }
    } else {
        diag.notes.push("geen datapackage.json; de CSV-bestanden zijn op naam gelezen".into());
    }
    // CSVs not listed in datapackage.json still count by their file name.
    for n in names {
        if let Some(stem) = n.strip_suffix(".csv") {
            if !out.values().any(|p| p == &n) {
                out.entry(stem.to_string()).or_insert(n);
            }
        }
    }
    Ok(out)
}

/// How to read one CSV into a 3.0 table.
pub struct Plan<'a> {
    pub t: T,
    /// (name in the file, 3.0 column) — used when the file lacks the 3.0 column itself.
    pub renames: &'a [(&'static str, &'static str)],
    /// Values filled in when the file has none.
    pub fixed: &'a [(&'static str, &'static str)],
    pub legacy: bool,
}

/// Read every row of one CSV file.
pub fn load_rows(
    src: &Source,
    file: &str,
    plan: &Plan,
    tables: &mut Tables,
    diag: &mut Diag,
    progress: &mut Progress,
) -> anyhow::Result<Vec<Row>> {
    let t = plan.t;
    let sid = tables.file_id(file);
    let cols = t.cols();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(true).from_reader(src.open(file)?);
    let header = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            diag.error(&tables.files, sid, 1, "", format!("onleesbare kopregel: {e}"));
            return Ok(Vec::new());
        }
    };
    let header: Vec<String> = header.iter().map(|h| h.trim_start_matches('\u{feff}').trim().to_lowercase()).collect();
    let mut map: Vec<Option<usize>> = vec![None; header.len()];
    for (hi, h) in header.iter().enumerate() {
        if let Some(ci) = cols.iter().position(|c| c.name == h) {
            map[hi] = Some(ci);
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
    let aliases = tables.aliases.clone();
    let alias = move |s: u16, n: &'static str| -> &'static str {
        aliases.iter().find(|(a, b, _)| *a == s && *b == n).map(|a| a.2).unwrap_or(n)
    };
    // A required column missing from the header: one error, and every row is invalid.
    let mut missing = Vec::new();
    for (ci, c) in cols.iter().enumerate() {
        let fixed = plan.fixed.iter().any(|(n, _)| *n == c.name);
        if c.required && !fixed && !map.contains(&Some(ci)) {
            missing.push(ci);
            diag.error(&tables.files, sid, 1, alias(sid, c.name), "verplichte kolom ontbreekt");
        }
    }
    let base = progress_base(progress);
    let mut rows = Vec::new();
    let mut rec = csv::StringRecord::new();
    let mut ctx = Ctx { files: &tables.files, diag, alias: &alias, interner: &mut tables.interner };
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line() as u32).unwrap_or(0);
                let msg = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "geen geldige UTF-8-tekst".to_string(),
                    _ => format!("onleesbare regel: {e}"),
                };
                ctx.diag.error(ctx.files, sid, line, "", msg);
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let (line, byte) = rec.position().map(|p| (p.line() as u32, p.byte())).unwrap_or((0, 0));
        if rows.len().is_multiple_of(4096) {
            progress.set(base + byte);
        }
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            ctx.diag.error(
                ctx.files,
                sid,
                line,
                "",
                format!("regel heeft {} velden, de kopregel {}", rec.len(), header.len()),
            );
            continue;
        }
        let mut row = Row::new(t, sid, line);
        for (hi, field) in rec.iter().enumerate() {
            if let Some(ci) = map[hi] {
                set_cell(&mut ctx, t, &mut row, ci, field, line);
            }
        }
        for (name, v) in plan.fixed {
            let ci = t.col(name);
            if row.vals[ci].is_none() {
                row.set(ci, *v);
            }
        }
        if missing.is_empty() {
            check_row(&mut ctx, t, &mut row, plan.legacy);
        } else {
            row.bad = true;
        }
        rows.push(row);
    }
    progress.set(base + src.size(file));
    Ok(rows)
}

fn progress_base(p: &Progress) -> u64 {
    p.done()
}

/// Read a whole package (3.0 or 1.x/2.0) into tables.
pub fn read_package(src: &Source, tables: &mut Tables, diag: &mut Diag, show_progress: bool) -> anyhow::Result<()> {
    let res = resources(src, tables, diag)?;
    if res.is_empty() {
        bail!("geen CSV-bestanden gevonden");
    }
    let total: u64 = res.values().map(|f| src.size(f)).sum();
    let mut progress = Progress::new("inlezen", "MB", total, show_progress);
    if legacy::is_legacy(&res) {
        legacy::read(src, &res, tables, diag, &mut progress)?;
    } else {
        let mut known = 0;
        for t in T::ALL {
            if let Some(file) = res.get(t.name()) {
                known += 1;
                let plan = Plan { t, renames: &[], fixed: &[], legacy: false };
                let rows = load_rows(src, file, &plan, tables, diag, &mut progress)?;
                tables.t_mut(t).extend(rows);
            }
        }
        if known == 0 {
            bail!("geen HSDS-tabellen gevonden (verwacht bv. organizations.csv en services.csv)");
        }
    }
    progress.finish();
    Ok(())
}

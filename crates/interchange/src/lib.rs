//! HSDS 3.0 (and older 1.x/2.0 tabular) import and export.
//!
//! - [`read_path`] reads HSDS 3.0 JSON (a service or organization, a list, or an API page), a
//!   3.0 tabular data package (folder or `.zip` with `datapackage.json`, resources by their
//!   path, also under `data/`), or the 1.x/2.0 layout, and checks it: tolerant of mess
//!   (warnings), strict on errors (`file:line: field: what`, the physical line in the file).
//!   Files that are not UTF-8 are read as Windows-1252.
//! - [`import_path`] writes the result in one transaction — nothing when there is any error,
//!   unless `skip_invalid` — so a store is never half-written, also when killed mid-import (the
//!   embedded store writes a large import in parts beside the map and switches to it in one step).
//!   HSDS ids are kept as loket ids, so a re-import updates in place.
//! - [`export_dir`] writes HSDS 3.0 JSON or a tabular data package; every id is a UUID (a
//!   source UUID is kept, loket's own ids become v5 UUIDs and travel along as `loket:id`).
//!
//! The Dutch fields travel as terms of loket's own taxonomy (see [`taxonomy`]).

pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod herimport;
pub mod json;
pub mod jsonparse;
pub mod legacy;
pub mod mapping;
pub mod model;
pub mod progress;
pub mod tabular;
pub mod taxonomy;
pub mod text;
pub mod url;
pub mod validate;

use std::path::Path;

use anyhow::{bail, Context};

use loket_domain::kaart::Kaart;
use loket_store::Store;
use model::Tables;
use progress::Progress;
use tabular::Source;
use validate::Diag;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Validate only; write nothing.
    pub check_only: bool,
    /// Write the valid records and list the rejected ones (instead of writing nothing).
    pub skip_invalid: bool,
    /// Show progress on stderr (only when it is a terminal).
    pub progress: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records imported (or that would be, with `check_only`).
    pub organisaties: usize,
    pub voorzieningen: usize,
    pub regelingen: usize,
    pub warnings: Vec<String>,
    /// Every error, as `file:line: field: what is wrong`.
    pub errors: Vec<String>,
    /// True when the records were written to the store.
    pub written: bool,
    /// beheer: fields corrected in loket that the source differs on (kept as in
    /// loket), "naam: veld: in loket 'x', bron 'y'".
    pub conflicten: Vec<String>,
    /// beheer: entries of this source no longer in it, archived.
    pub gearchiveerd: Vec<String>,
    /// The real number of warnings of each kind, most first (`warnings` lists only the first
    /// ten of a kind).
    pub soorten: Vec<(String, usize)>,
}

impl ImportReport {
    pub fn records(&self) -> usize {
        self.organisaties + self.voorzieningen + self.regelingen
    }
    /// Every warning, counted (not the lines listed).
    pub fn warning_count(&self) -> usize {
        self.soorten.iter().map(|(_, n)| n).sum()
    }
    /// "3 waarschuwingen: 2 decimale komma gelezen, 1 geen land" (or "geen waarschuwingen").
    pub fn warning_summary(&self) -> String {
        let n = self.warning_count();
        if n == 0 {
            return "geen waarschuwingen".into();
        }
        let word = if n == 1 { "waarschuwing" } else { "waarschuwingen" };
        let kinds: Vec<String> = self.soorten.iter().map(|(k, n)| format!("{n} {k}")).collect();
        format!("{n} {word}: {}", kinds.join(", "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// Read and check HSDS data at `path` (file, folder or .zip); writes nothing.
pub fn read_path(path: &Path, opts: &ImportOptions) -> anyhow::Result<(Kaart, ImportReport)> {
    if !path.exists() {
        bail!("{} bestaat niet", path.display());
    }
    let bron = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string());
    let mut tables = Tables::default();
    let mut diag = Diag::default();
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if path.is_dir() {
        read_folder(Source::Dir(path.to_path_buf()), &mut tables, &mut diag, opts.progress)
            .with_context(|| format!("{} lezen", path.display()))?;
    } else if ext == "zip" {
        let src = Source::open_zip(path)?;
        read_folder(src, &mut tables, &mut diag, opts.progress).with_context(|| format!("{} lezen", path.display()))?;
    } else if path.file_name().is_some_and(|n| n == "datapackage.json") {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        tabular::read_package(&Source::Dir(dir.to_path_buf()), &mut tables, &mut diag, opts.progress)?;
    } else if ext == "json" && read_json_file_fase(path, &bron, &mut tables, &mut diag, opts.progress)? {
        // a list, read in pieces
    } else if ext == "json" {
        let bytes = std::fs::read(path).with_context(|| format!("kan {} niet lezen", path.display()))?;
        let dec = text::decode(&bytes);
        tabular::warn_encoding(&dec, &bron, &mut tables, &mut diag);
        json::read_json(&dec.text, &bron, &mut tables, &mut diag);
    } else if ext == "csv" {
        bail!("{} is één CSV-bestand; geef de map of het .zip-bestand van het datapakket op", path.display());
    } else {
        bail!("{}: onbekend formaat (verwacht .json, .zip of een map)", path.display());
    }
    progress::geheugen("inlezen");
    let mut f = Progress::fase("controleren en omzetten", opts.progress);
    let uit = finish(tables, diag, &bron, opts);
    f.finish();
    progress::geheugen("controleren en omzetten");
    Ok(uit)
}

/// Read and check a package held in memory (`files`: path in the package → contents), as
/// [`read_path`] does for a folder; writes nothing. For tests and fuzzing.
pub fn read_files(
    files: std::collections::BTreeMap<String, Vec<u8>>,
    bron: &str,
    opts: &ImportOptions,
) -> anyhow::Result<(Kaart, ImportReport)> {
    let mut tables = Tables::default();
    let mut diag = Diag::default();
    read_folder(Source::Zip(files), &mut tables, &mut diag, false)?;
    Ok(finish(tables, diag, bron, opts))
}

/// Checks across tables and the mapping onto the Dutch model.
fn finish(mut tables: Tables, mut diag: Diag, bron: &str, opts: &ImportOptions) -> (Kaart, ImportReport) {
    let mapped = mapping::to_kaart(&mut tables, &mut diag, bron);
    // the source's tables are done with; what they held is given back before the next step
    drop(tables);
    loket_base::platform::geheugen_teruggeven();
    let (errors, mut warnings, mut soorten) = diag.finish_counted();
    if opts.skip_invalid && !mapped.rejected.is_empty() {
        soorten.push(("records afgewezen".into(), mapped.rejected.len()));
        warnings.push(format!("{} records afgewezen (niet geïmporteerd):", mapped.rejected.len()));
        warnings.extend(mapped.rejected.into_iter().map(|r| format!("  afgewezen: {r}")));
    }
    let k = &mapped.kaart;
    let report = ImportReport {
        organisaties: k.organisaties.len(),
        voorzieningen: k.voorzieningen.len(),
        regelingen: k.regelingen.len(),
        warnings,
        errors,
        written: false,
        conflicten: Vec::new(),
        gearchiveerd: Vec::new(),
        soorten,
    };
    (mapped.kaart, report)
}

/// A folder or zip: a data package when it has CSVs, else the JSON files in it.
fn read_folder(src: Source, tables: &mut Tables, diag: &mut Diag, progress: bool) -> anyhow::Result<()> {
    let names = src.names()?;
    if names
        .iter()
        .any(|n| n.to_ascii_lowercase().ends_with(".csv") || n.rsplit('/').next() == Some("datapackage.json"))
    {
        return tabular::read_package(&src, tables, diag, progress);
    }
    let jsons: Vec<&String> = names.iter().filter(|n| n.to_ascii_lowercase().ends_with(".json")).collect();
    if jsons.is_empty() {
        bail!("geen HSDS-bestanden gevonden (datapackage.json, CSV of JSON)");
    }
    // Organizations first, so their messages come first.
    let mut jsons = jsons;
    jsons.sort_by_key(|n| (!n.rsplit('/').next().unwrap_or(n).starts_with("organization"), n.to_string()));
    for name in jsons {
        if let Source::Dir(d) = &src {
            if read_json_file(&d.join(name), name, tables, diag)? {
                continue;
            }
        }
        let text = src.read_text(name, tables, diag)?;
        json::read_json(&text, name, tables, diag);
    }
    Ok(())
}

/// [`read_json_file`] with a spinner while it reads (the file's size is not counted).
fn read_json_file_fase(
    path: &Path,
    name: &str,
    tables: &mut Tables,
    diag: &mut Diag,
    progress: bool,
) -> anyhow::Result<bool> {
    let mut f = Progress::fase(format!("inlezen: {name}"), progress);
    let lijst = read_json_file(path, name, tables, diag)?;
    f.finish();
    Ok(lijst)
}

/// A JSON file whose top level is a list, read in pieces; false (nothing read) when it is no list.
fn read_json_file(path: &Path, name: &str, tables: &mut Tables, diag: &mut Diag) -> anyhow::Result<bool> {
    let f = std::fs::File::open(path).with_context(|| format!("kan {} niet lezen", path.display()))?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, f);
    json::read_json_stream(&mut r, path, name, tables, diag)
}

/// Read, check and — unless `check_only` or there are errors (without `skip_invalid`) — write
/// everything in one transaction.
pub fn import_path(store: &dyn Store, path: &Path, opts: &ImportOptions) -> anyhow::Result<ImportReport> {
    let (kaart, report) = read_path(path, opts)?;
    schrijf_import(store, kaart, report, opts)
}

/// Write what was read (see [`import_path`]).
fn schrijf_import(
    store: &dyn Store,
    kaart: Kaart,
    mut report: ImportReport,
    opts: &ImportOptions,
) -> anyhow::Result<ImportReport> {
    if opts.check_only || (!report.errors.is_empty() && !opts.skip_invalid) || report.records() == 0 {
        return Ok(report);
    }
    // one transaction: no count to show while it runs, so a spinner with the time it takes
    let mut p = Progress::fase(format!("opslaan: {} records in één keer", report.records()), opts.progress);
    test_stop("before-write");
    let now = chrono::Local::now().naive_local();
    let merged = herimport::samenvoegen(store, kaart, "import", now).context("opslaan van de import")?;
    progress::geheugen("samenvoegen");
    report.conflicten = merged.conflicten.clone();
    report.gearchiveerd = merged.gearchiveerd.clone();
    herimport::schrijf(store, merged).context("opslaan van de import")?;
    loket_base::platform::geheugen_teruggeven();
    progress::geheugen("opslaan");
    test_stop("after-write");
    p.finish();
    report.written = true;
    Ok(report)
}

/// Test hook, for tests/import_kill.rs only: with `LOKET_TEST_STOP_AT=before-write` or
/// `after-write` the process aborts there — no destructors, no flush, like a kill — so the test
/// observes both outcomes (nothing written, everything written) without relying on timing.
fn test_stop(point: &str) {
    if std::env::var_os("LOKET_TEST_STOP_AT").is_some_and(|v| v == point) {
        std::process::abort();
    }
}

/// Write `kaart` as HSDS 3.0 into `dir` (created when missing); returns the number of records.
pub fn export_dir(kaart: &Kaart, format: ExportFormat, dir: &Path, progress: bool) -> anyhow::Result<usize> {
    export_dir_inactief(kaart, &Default::default(), format, dir, progress)
}

/// As [`export_dir`], with the services whose loket id is in `inactief` (archived by the
/// beheerder) marked `status: inactive`.
pub fn export_dir_inactief(
    kaart: &Kaart,
    inactief: &std::collections::HashSet<String>,
    format: ExportFormat,
    dir: &Path,
    progress: bool,
) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir).with_context(|| format!("kan map {} niet maken", dir.display()))?;
    let n = export::records(kaart).count();
    let mut p = Progress::new("exporteren", "records", n as u64, progress);
    match format {
        ExportFormat::Csv => export::write_csv(kaart, inactief, dir, &mut p)?,
        ExportFormat::Json => export::write_json(kaart, inactief, dir, &mut p)?,
    }
    p.set(n as u64);
    p.finish();
    Ok(n)
}

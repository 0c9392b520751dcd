//! Where the search snapshot of a store lives, and keeping it current: checked against the
//! store's `kaart_versie`, rebuilt from the store when stale, missing or corrupt.
//!
//! - Embedded store: `zoekindex.bin` in the data directory, beside sled's files. sled locks only
//!   its own `db` file, so `loket zoek` can read the snapshot while a TUI holds the store.
//! - PostgreSQL: a local cache in the data directory, one file per database
//!   (`zoekindex-pg-<hash of server, port and database>.bin`), keyed by the shared map's version.

use std::path::{Path, PathBuf};

use crate::Store;
use loket_catalog::opbouw::Bouwer;
use loket_catalog::snapshot::{self, Fout, Snapshot};
use loket_catalog::{synonyms, Catalog};

/// The snapshot file for the store in `data_dir` or the database at `database`.
pub fn path_for(data_dir: &Path, database: Option<&str>) -> PathBuf {
    match database {
        None => data_dir.join(snapshot::FILE_NAME),
        Some(url) => data_dir.join(format!("zoekindex-pg-{:016x}.bin", fnv(&database_key(url)))),
    }
}

/// What identifies a database in a URL: everything but the user's password.
fn database_key(url: &str) -> String {
    // postgres://user:password@host:port/db?opts  or  host=… password=… dbname=…
    if let Some(rest) = url.split_once("://").map(|x| x.1) {
        let after_user = rest.rsplit_once('@').map(|x| x.1).unwrap_or(rest);
        let user = rest.rsplit_once('@').map(|x| x.0.split(':').next().unwrap_or("")).unwrap_or("");
        return format!("{user}@{}", after_user.split('?').next().unwrap_or(after_user));
    }
    url.split_whitespace().filter(|kv| !kv.starts_with("password=")).collect::<Vec<_>>().join(" ")
}

fn fnv(s: &str) -> u64 {
    loket_base::text::fnv1a(s)
}

/// How the snapshot came to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Herkomst {
    /// The file was current.
    Actueel,
    /// Built again from the store, for this reason (missing, stale, corrupt).
    Herbouwd(String),
    /// Fetched from the shared database, where another desk kept it (this reason the local file
    /// was not current).
    UitDatabase(String),
}

/// The snapshot of map version `versie` kept in the shared database, written to `path` (a
/// temporary file renamed into place) and opened; None when the store keeps none of that
/// version or it is not current for this loket (another format or other synonyms). Reads one
/// row instead of the whole map: a new desk searches at once.
pub fn uit_database(store: &dyn Store, path: &Path, versie: u64) -> Option<Snapshot> {
    if !store.is_shared() {
        return None;
    }
    let data = store.zoekindex_lezen(versie).ok()??;
    let tmp = path.with_extension("bin.ophalen");
    let geschreven = std::fs::write(&tmp, &data).and_then(|()| std::fs::rename(&tmp, path));
    if geschreven.is_err() {
        // no place for it here: built from the store as before (and kept in memory)
        let _ = std::fs::remove_file(&tmp);
        return None;
    }
    let snap = snapshot::open(path);
    stale_reason(&snap, versie).is_none().then(|| snap.ok()).flatten()
}

/// Keep the snapshot file at `path` (of map version `versie`) in the shared database, for the
/// desks that start without one. Best effort: a desk whose role may not change the map, or a
/// database that refuses, leaves it to the next import or beheerder.
pub fn naar_database(store: &dyn Store, path: &Path, versie: u64) {
    if !store.is_shared() {
        return;
    }
    if let Ok(data) = std::fs::read(path) {
        let _ = store.zoekindex_bewaren(versie, &data);
    }
}

/// Why [`schrijf`] wrote no snapshot.
#[derive(Debug)]
pub enum NietGeschreven {
    /// The map could not be read.
    Opslag(crate::StoreError),
    /// The file (or its temporary files) could not be written.
    Bestand(std::io::Error),
}

impl std::fmt::Display for NietGeschreven {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NietGeschreven::Opslag(e) => write!(f, "sociale kaart niet te lezen: {e}"),
            NietGeschreven::Bestand(e) => write!(f, "zoekindex niet te schrijven: {e}"),
        }
    }
}

impl std::error::Error for NietGeschreven {}

/// Write the snapshot of the store's map to `path`, reading the map one record at a time and
/// keeping none of them ([`loket_catalog::opbouw`]): memory stays far below the map's, and the
/// file is the same as the snapshot of the whole map built in memory. The version is read
/// before the map, so a change made during the walk leaves the snapshot stale (rebuilt next
/// time), never wrongly current. `progress` hears the number of records read so far. Returns
/// the version written and the records that could not be read (left out).
pub fn schrijf(
    store: &dyn Store,
    path: &Path,
    progress: &mut dyn FnMut(usize),
) -> Result<(u64, Vec<String>), NietGeschreven> {
    use loket_domain::beheer::Record;
    let versie = store.kaart_versie().map_err(NietGeschreven::Opslag)?;
    if let Some(dir) = path.parent() {
        // with PostgreSQL the data directory (the cache's place) may not exist yet
        std::fs::create_dir_all(dir).map_err(NietGeschreven::Bestand)?;
    }
    let mut bouwer = Bouwer::new(path, &synonyms::synonyms()).map_err(NietGeschreven::Bestand)?;
    let mut n = 0usize;
    let walk = store.kaart_bekijk(&mut |r| {
        match r {
            // kept until the end: without its source object
            Record::Organisatie(mut o) => {
                o.hsds = o.hsds.kenmerken();
                bouwer.organisatie(o);
            }
            r => bouwer.record(r),
        }
        n += 1;
        if n.is_multiple_of(10_000) {
            progress(n);
        }
    });
    store.cache_vrijgeven();
    let skipped = walk.map_err(NietGeschreven::Opslag)?;
    progress(n);
    let written = bouwer.write(versie);
    loket_base::platform::geheugen_teruggeven();
    written.map_err(NietGeschreven::Bestand)?;
    Ok((versie, skipped))
}

/// Write the snapshot of the store's map to `path` ([`schrijf`]), with the list of archived
/// entries beside it, and keep it in the shared database; then open it. When the file can't be
/// written, the whole map is loaded and indexed in memory instead, and the second value says why.
pub fn build(store: &dyn Store, path: &Path) -> anyhow::Result<(Snapshot, Option<String>)> {
    match schrijf(store, path, &mut |_| {}) {
        Ok((versie, skipped)) => {
            waarschuw_overgeslagen(&skipped);
            // the archived entries beside it, of the same version: never found
            let _ = archief_bijwerken(store, path);
            naar_database(store, path, versie);
            let snap =
                snapshot::open(path).map_err(|e| anyhow::anyhow!("{e} (net geschreven naar {})", path.display()))?;
            Ok((snap, None))
        }
        Err(NietGeschreven::Opslag(e)) => Err(e.into()),
        Err(NietGeschreven::Bestand(e)) => {
            let warn = format!("zoekindex niet te schrijven naar {}: {e}", path.display());
            let versie = store.kaart_versie()?;
            let (kaart, skipped) = kaart_voor_zoeken(store)?;
            waarschuw_overgeslagen(&skipped);
            let cat = Catalog::build(kaart);
            let snap = snapshot::in_memory(&cat, versie);
            // The whole map is freed beside the caller (seconds at 1M records); a CLI process
            // that ends first leaves it to the operating system.
            std::thread::spawn(move || drop(cat));
            Ok((snap, Some(warn)))
        }
    }
}

fn waarschuw_overgeslagen(skipped: &[String]) {
    if !skipped.is_empty() {
        eprintln!("waarschuwing: {} kaartrecord(s) onleesbaar en overgeslagen: {}", skipped.len(), skipped.join("; "));
    }
}

/// The map as the search needs it, read one record at a time: each imported record keeps only
/// the marks of its source object (`Hsds::kenmerken`), not the object, which at 100 000 imported
/// entries is most of the map's memory. The snapshot holds no source objects: the desk reads a
/// record's details from the store by key.
fn kaart_voor_zoeken(store: &dyn Store) -> anyhow::Result<(loket_domain::kaart::Kaart, Vec<String>)> {
    use loket_domain::beheer::Record;
    let mut kaart = loket_domain::kaart::Kaart::default();
    let skipped = store.kaart_bekijk(&mut |r| match r {
        Record::Organisatie(mut o) => {
            o.hsds = o.hsds.kenmerken();
            kaart.organisaties.push(o);
        }
        Record::Voorziening(mut v) => {
            v.hsds = v.hsds.kenmerken();
            kaart.voorzieningen.push(v);
        }
        Record::Regeling(mut r) => {
            r.hsds = r.hsds.kenmerken();
            kaart.regelingen.push(r);
        }
    })?;
    store.cache_vrijgeven();
    loket_base::platform::geheugen_teruggeven();
    Ok((kaart, skipped))
}

/// The file beside a snapshot that lists the archived entries' keys (`v/<id>`, `r/<id>`).
fn archief_path(path: &Path) -> PathBuf {
    path.with_extension("vervallen")
}

/// Write the archived keys of map version `versie` beside the snapshot (temp file, renamed).
fn write_archief(path: &Path, versie: u64, keys: &[String]) -> std::io::Result<()> {
    let target = archief_path(path);
    let tmp = target.with_extension("vervallen.tmp");
    let mut text = format!("{versie}\n");
    for k in keys {
        text.push_str(k);
        text.push('\n');
    }
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &target)
}

/// The archived entries' keys for a snapshot of map version `versie`: the list beside it when
/// that list is of this version or newer (an open desk brings the list up to date at each
/// archive, before its snapshot is rebuilt); empty when missing or older.
pub fn gearchiveerd(path: &Path, versie: u64) -> std::collections::HashSet<String> {
    let Ok(text) = std::fs::read_to_string(archief_path(path)) else { return Default::default() };
    let mut lines = text.lines();
    if lines.next().and_then(|v| v.parse::<u64>().ok()).is_none_or(|v| v < versie) {
        return Default::default();
    }
    lines.filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Write the list of archived entries beside the snapshot at `path`, as the store has them now
/// (an open desk calls this after each change of the map's upkeep).
pub fn archief_bijwerken(store: &dyn Store, path: &Path) -> anyhow::Result<()> {
    let versie = store.kaart_versie()?;
    let weg: Vec<String> =
        store.beheer_staten()?.value.into_iter().filter(|b| b.gearchiveerd.is_some()).map(|b| b.sleutel).collect();
    write_archief(path, versie, &weg)?;
    Ok(())
}

/// Why a snapshot is not current for `store`, or None when it is.
pub fn stale_reason(snap: &Result<Snapshot, Fout>, versie: u64) -> Option<String> {
    match snap {
        Err(f) => Some(f.to_string()),
        Ok(s) if s.versie != versie => Some(format!("zoekindex verouderd (versie {} , kaart {versie})", s.versie)),
        Ok(s) if !snapshot::is_current(s, versie, &synonyms::synonyms()) => {
            Some("zoekindex met andere synoniemen".into())
        }
        Ok(_) => None,
    }
}

/// The current snapshot for `store`: the file at `path` when it is intact and of the map's
/// version, else built again from the store (and written).
pub fn current(store: &dyn Store, path: &Path) -> anyhow::Result<(Snapshot, Herkomst)> {
    let versie = store.kaart_versie()?;
    let snap = snapshot::open(path);
    let Some(reason) = stale_reason(&snap, versie) else {
        return Ok((snap.expect("checked"), Herkomst::Actueel));
    };
    drop(snap);
    if let Some(snap) = uit_database(store, path, versie) {
        // the archived entries beside it, as for a snapshot built here
        let _ = archief_bijwerken(store, path);
        return Ok((snap, Herkomst::UitDatabase(reason)));
    }
    let (snap, warn) = build(store, path)?;
    if let Some(w) = warn {
        eprintln!("waarschuwing: {w}");
    }
    Ok((snap, Herkomst::Herbouwd(reason)))
}

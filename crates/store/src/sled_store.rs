//! The embedded store: sled 0.34.7 in the data directory, one process at a time.
//!
//! Trees: the map (keys `o/<id>`, `v/<id>`, `r/<id>`, and `m/…` markers) in the tree that `meta`
//! names under [`KAART_BOOM`] (`kaart`, or a later generation `kaart.<n>`), `contacten` and
//! `dossiers` (key = id, u64 big-endian; value = `R`, revision u64 BE, record), `boekingen` (key =
//! supporter id; value = all its appointments, so one transaction checks overlaps),
//! `ondersteuners`, `meta` (layout version, id counters), and `plannen` (key = dossier id) and
//! `opvolgingen` (key = contact id), both with a revision like `dossiers`.
//!
//! Every operation is one sled transaction across the trees it touches, flushed before it returns.
//! sled keeps an IO error (a full disk) until the database is reopened, so after such an error
//! the next operation reopens it in-process: saving works again once space is free.

use loket_base::platform;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use sled::transaction::{abort, ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;

use super::audit::{self, Gebeurtenis, Regel};
use super::codec::{decode, encode, Stored};
use super::usecase::{Backend, Rec, Reeks, Tx};
use super::versions::{Claim, Claims};
use super::{overlaps, BookResult, Booking, Loaded, Result, Store, StoreError};
use loket_domain::beheer::{Beheer, BeheerSchrijf, Melding, Wijziging};
use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::{Kaart, Organisatie, Regeling, Voorziening};
use loket_domain::leefplan::Plan;
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::opvolging::Verwijzingsopvolging;
use loket_domain::slots::Slot;

/// Records per part of a walk over the map ([`Store::kaart_bekijk`]); sled's pages of one part are
/// let go of before the next. (Small in the unit tests, so that they cross part boundaries.)
#[cfg(not(test))]
const BEKIJK_STUK: usize = 20_000;
#[cfg(test)]
const BEKIJK_STUK: usize = 7;
/// How much the heap may grow during a walk over the map before sled's pages are let go of
/// (a reopen, which at 1M entries costs about half a second): so the walk holds at most this much
/// of sled's pages, and a large map is not reopened after every part. (0 in the unit tests: after
/// every part.)
#[cfg(not(test))]
const BEKIJK_GROEI: usize = 128 * 1024 * 1024;
#[cfg(test)]
const BEKIJK_GROEI: usize = 0;
/// Bounded page cache (sled's default is 1 GiB).
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;
/// The layout of the trees; 1 = loket up to 3a9be29 (slots one key each, ids from memory);
/// 2 = claims per supporter, id counters in `meta`; 3 = the map's record count kept under
/// [`KAART_AANTAL`]; 4 = the map's tree named in `meta` ([`KAART_BOOM`]), so that a large write of
/// the map is built beside it and switched to in one step (a layout-3 store has no name there:
/// its map is in `kaart`, and that stays so until its first large write).
pub const LAYOUT: u64 = 4;

const T_KAART: usize = 0;
const T_CONTACTS: usize = 1;
const T_CASES: usize = 2;
const T_CLAIMS: usize = 3;
const T_ONDS: usize = 4;
const T_META: usize = 5;
/// The audit log: key = entry number (u64 BE), value = the stored entry.
const T_AUDIT: usize = 6;
/// The head of the audit log (key `kop`: number and hash of the last entry).
const T_AUDIT_META: usize = 7;
/// Residents' plans: key = dossier id (u64 BE), value = revision + the stored plan.
const T_PLANNEN: usize = 8;
/// Follow-ups of desk referrals: key = contact id (u64 BE), value = revision + the stored record.
const T_OPVOLGINGEN: usize = 9;
const TREES: [&str; 10] = [
    "kaart",
    "contacten",
    "dossiers",
    "boekingen",
    "ondersteuners",
    "meta",
    "audit_log",
    "audit_meta",
    "plannen",
    "opvolgingen",
];
const AUDIT_KOP: &[u8] = b"kop";
/// Layout 1 kept booked slots here, one key per slot.
const OLD_SLOTS: &str = "afspraken";

const SEEDED: &[u8] = b"m/seeded";
const KAART_VERSIE: &[u8] = b"m/versie";
/// The number of the map's records (keys `o/`, `v/`, `r/`; archived ones too: they stay stored),
/// u64 BE; kept by every write of records in the same batch or transaction (layout 3).
const KAART_AANTAL: &[u8] = b"m/aantal";
/// In `meta`: the name of the tree that holds the map (layout 4); without it, `kaart`. A write of
/// more than [`KAART_STUK`] records builds the next generation `kaart.<n>` beside the current
/// one, in batches that no reader sees, and then this key is set to it: that one insert is the
/// switch. Before it the old map is the map, after it the new one; the other generation is
/// removed after the switch, or at the next open (see [`ruim_kaartgeneraties_op`]).
const KAART_BOOM: &[u8] = b"kaart_boom";
/// The prefix of a later generation of the map's tree.
const KAART_GENERATIE: &str = "kaart.";
/// Records per batch when a write of the map is built as a new generation. sled keeps what one
/// batch replaces in memory until the batch ends (one epoch guard for all of it): 100 000
/// records in one batch took 1.8 GB.
const KAART_STUK: usize = 2_000;
/// One writer of the map's records at a time (a sled store has one process): a plain batch
/// (`kaart_write`) reads which keys exist before it is applied, so no other write of records
/// may come between (the transactions of `beheer_schrijf` and `import_all` hold it too).
static KAART_WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());
const SEQ_CONTACT: &[u8] = b"seq/contact";
const SEQ_CASE: &[u8] = b"seq/case";
/// beheer: the upkeep per entry and the history, in trees of their own.
const TREE_BEHEER_STAAT: &str = "beheer_staat";
const TREE_BEHEER_HISTORIE: &str = "beheer_historie";
/// Where the upkeep and the history are in a transaction of the map ([`SledStore::tx_over`]).
const T_BEHEER_STAAT: usize = TREES.len();
const T_BEHEER_HISTORIE: usize = TREES.len() + 1;
const SEQ_BEHEER: &[u8] = b"seq/beheer";
const LAYOUT_KEY: &[u8] = b"layout";
/// The word lists live in `meta` under `lijst/<naam>`.
const LIJST: &[u8] = b"lijst/";
/// First byte of a revisioned value (format-1 records start with 1).
const REV_MARK: u8 = b'R';

struct Inner {
    db: sled::Db,
    /// The trees of [`TREES`], in that order; at [`T_KAART`] the map's current generation.
    trees: Vec<sled::Tree>,
    /// The name of the map's current tree (see [`KAART_BOOM`]).
    kaart_boom: String,
    /// The directory of sled's files (see [`HUIDIG`]) and its generation (0: the data directory).
    dir: PathBuf,
    generatie: u64,
}

pub struct SledStore {
    path: PathBuf,
    inner: RwLock<Option<Inner>>,
    /// What opening had to repair (Dutch lines, no personal data), for the worker to read.
    hersteld: std::sync::Mutex<Vec<String>>,
    /// The audit head last recorded outside the store (see [`SledStore::kop_vastleggen`]).
    kop_laatst: std::sync::Mutex<Option<(u64, audit::Hash)>>,
    /// Opened once in this process: a later open is a reopen (after an I/O error, or to let go
    /// of sled's cache), which waits for sled's lock file instead of calling the store in use.
    eerder_open: std::sync::atomic::AtomicBool,
}

fn io(e: sled::Error) -> StoreError {
    match e {
        sled::Error::Io(ref ioe) if ioe.raw_os_error() == Some(28) || ioe.kind() == std::io::ErrorKind::StorageFull => {
            StoreError::DiskFull
        }
        sled::Error::Io(ioe) => StoreError::Io(ioe.kind().to_string()),
        other => StoreError::Io(other.to_string()),
    }
}

fn tx_err(e: TransactionError<StoreError>) -> StoreError {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => io(e),
    }
}

type TxResult<T> = std::result::Result<T, ConflictableTransactionError<StoreError>>;

fn codec_err(what: String) -> impl FnOnce(super::CodecError) -> StoreError {
    move |source| StoreError::Codec { what, source }
}

fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

fn key_id(k: &[u8]) -> Option<u64> {
    <[u8; 8]>::try_from(k).ok().map(u64::from_be_bytes)
}

/// `R`, revision, record.
fn with_rev(rev: u64, record: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(9 + record.len());
    v.push(REV_MARK);
    v.extend_from_slice(&rev.to_be_bytes());
    v.extend_from_slice(record);
    v
}

/// The revision and the record of a stored value; a format-1 value counts as revision 1.
fn split_rev(v: &[u8]) -> (u64, &[u8]) {
    match v.split_first() {
        Some((&REV_MARK, rest)) if rest.len() >= 8 => {
            (u64::from_be_bytes(rest[..8].try_into().expect("8 bytes")), &rest[8..])
        }
        _ => (1, v),
    }
}

/// The prefix of the failed sign-in counts in the meta tree (`aanmeldfouten:<account key>`).
const AANMELDFOUTEN: &str = "aanmeldfouten:";

fn read_u64(t: &TransactionalTree, key: &[u8]) -> TxResult<u64> {
    Ok(t.get(key)?.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok()).map(u64::from_be_bytes).unwrap_or(0))
}

fn next_seq(t: &TransactionalTree, key: &[u8]) -> TxResult<u64> {
    let n = read_u64(t, key)? + 1;
    t.insert(key, &n.to_be_bytes())?;
    Ok(n)
}

fn enc<T: Stored>(what: impl FnOnce() -> String, v: &T) -> Result<Vec<u8>> {
    encode(v).map_err(|source| StoreError::Codec { what: what(), source })
}

fn claims_of(t: &TransactionalTree, ondersteuner_id: &str) -> TxResult<Claims> {
    match t.get(ondersteuner_id.as_bytes())? {
        None => Ok(Claims::default()),
        Some(v) => decode(&v).map_err(|source| {
            ConflictableTransactionError::Abort(StoreError::Codec {
                what: format!("afspraken van {ondersteuner_id}"),
                source,
            })
        }),
    }
}

fn put_claims(t: &TransactionalTree, ondersteuner_id: &str, c: &Claims) -> TxResult<()> {
    let bytes = encode(c).map_err(|source| {
        ConflictableTransactionError::Abort(StoreError::Codec {
            what: format!("afspraken van {ondersteuner_id}"),
            source,
        })
    })?;
    t.insert(ondersteuner_id.as_bytes(), bytes)?;
    Ok(())
}

/// Release the claim of `case_id` at `old` and, with `new`, claim that instead; false (nothing
/// claimed) when another appointment of that supporter overlaps `new`.
fn move_claim(
    t: &TransactionalTree,
    case_id: u64,
    old: Option<&Slot>,
    new: Option<&Slot>,
    door: &str,
) -> TxResult<bool> {
    if let Some(o) = old {
        let mut c = claims_of(t, &o.ondersteuner_id)?;
        c.0.retain(|x| x.case_id != case_id);
        put_claims(t, &o.ondersteuner_id, &c)?;
    }
    if let Some(s) = new {
        let mut c = claims_of(t, &s.ondersteuner_id)?;
        if c.0.iter().any(|x| x.case_id != case_id && overlaps((x.start, x.eind), (s.start, s.eind))) {
            return Ok(false);
        }
        c.0.retain(|x| x.case_id != case_id);
        c.0.push(Claim { start: s.start, eind: s.eind, case_id, door: door.to_string() });
        c.0.sort_by_key(|x| x.start);
        put_claims(t, &s.ondersteuner_id, &c)?;
    }
    Ok(true)
}

/// Runs its closure when dropped: after a write, whether it succeeded or not.
struct OnDrop<F: FnMut()>(F);
impl<F: FnMut()> Drop for OnDrop<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// Append `log` to the audit log inside a transaction (see [`super::audit`]).
fn audit_append_tx(t: &[TransactionalTree], log: &[Gebeurtenis]) -> TxResult<()> {
    let mut kop = t[T_AUDIT_META].get(AUDIT_KOP)?.and_then(|v| audit::kop_lezen(&v));
    for g in log {
        let (nr, vorige) = audit::volgende(kop);
        let bytes = encode(&Regel::new(nr, g, vorige)).map_err(|source| {
            ConflictableTransactionError::Abort(StoreError::Codec { what: format!("auditregel {nr}"), source })
        })?;
        let h = audit::hash(&bytes);
        t[T_AUDIT].insert(&id_key(nr), bytes)?;
        kop = Some((nr, h));
    }
    if let Some((nr, h)) = kop {
        t[T_AUDIT_META].insert(AUDIT_KOP, audit::kop_bytes(nr, &h))?;
    }
    Ok(())
}

/// The files sled keeps in its directory (the rest of the data directory is loket's own).
fn is_sled_file(name: &str) -> bool {
    matches!(name, "conf" | "db" | "blobs") || name.starts_with("snap.")
}

/// The pointer file in the data directory: it names the generation directory (`opslag.<n>`) that
/// holds sled's files. Without it they are in the data directory itself (every store written
/// before the rewrite became crash-safe, and every store never rewritten). The switch to a
/// rewritten store is this file being renamed into place: before that the old files are the
/// store, after it the new ones, and nothing else decides.
pub const HUIDIG: &str = "opslag-huidig";
const HUIDIG_TMP: &str = "opslag-huidig.tmp";
/// The prefix of a generation directory.
const GENERATIE: &str = "opslag.";
/// Where the earlier rewrite (before the pointer file) built the fresh store, and where old files waited.
const LEGACY_NIEUW: &str = ".herschreven";
const LEGACY_OUD: &str = ".oud";
const LEGACY_KLAAR: &str = "KLAAR";

/// A file in the data directory that says a rewrite is owed: written (and fsynced) before
/// personal data is overwritten or audit entries are pruned, removed when [`SledStore::compacteer`]
/// has finished. An open that finds it rewrites the store first, so an erasure interrupted
/// anywhere (before the rewrite, or in it) still leaves no old value in sled's files.
pub const HERSCHRIJVEN_NODIG: &str = "herschrijven-nodig";

/// Every named write point of the rewrite, in order (see [`SledStore::compacteer`]): the crash
/// test and the fault harness end the process at each (`LOKET_STORINGSPUNT`).
pub const HERSCHRIJF_PUNTEN: &[&str] = &[
    "herschrijf:gekopieerd",
    "herschrijf:nieuw-fsync",
    "herschrijf:datamap-fsync",
    "herschrijf:wijzer-geschreven",
    "herschrijf:wijzer-fsync",
    "herschrijf:wijzer-verplaatst",
    "herschrijf:wijzer-vast",
    "herschrijf:oud-deels-weg",
    "herschrijf:oud-weg",
];

/// fsync one file or directory.
fn fsync(p: &Path) -> std::io::Result<()> {
    std::fs::File::open(p)?.sync_all()
}

/// fsync every file under `dir`, then every directory (deepest first), `dir` included.
fn fsync_boom(dir: &Path) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        if e.file_type()?.is_dir() {
            fsync_boom(&e.path())?;
        } else {
            fsync(&e.path())?;
        }
    }
    fsync(dir)
}

/// The generation the pointer names: (its directory, its number); (the data directory, 0)
/// without a pointer.
fn huidige_opslag(path: &Path) -> std::io::Result<(PathBuf, u64)> {
    let text = match std::fs::read_to_string(path.join(HUIDIG)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((path.to_path_buf(), 0)),
        Err(e) => return Err(e),
    };
    let naam = text.trim();
    let n = naam.strip_prefix(GENERATIE).and_then(|n| n.parse::<u64>().ok()).filter(|n| *n > 0);
    match n {
        Some(n) if path.join(naam).is_dir() => Ok((path.join(naam), n)),
        // never guess: opening the other files would show an old or empty store as if it were this one
        _ => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{HUIDIG} wijst naar '{naam}', en die map is er niet"),
        )),
    }
}

/// Finish a rewrite that was interrupted (see [`SledStore::compacteer`]): the pointer decides
/// which files are the store; every other generation (a half-built copy, or the old files whose
/// removal was interrupted) is removed. Returns the directory of sled's files, and a Dutch line
/// for what was done, if anything.
fn herstel_herschrijving(path: &Path) -> std::io::Result<(PathBuf, u64, Vec<String>)> {
    let mut gedaan = Vec::new();
    // a pointer that was never renamed into place: the switch did not happen
    match std::fs::remove_file(path.join(HUIDIG_TMP)) {
        Ok(()) => gedaan
            .push("onderbroken herschrijving van de opslag gevonden: de oude opslag blijft in gebruik".to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let (dir, n) = huidige_opslag(path)?;
    let huidig_naam = dir.file_name().map(|f| f.to_string_lossy().into_owned());
    let mut weg = false;
    for e in std::fs::read_dir(path)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(GENERATIE) && !(n > 0 && Some(&name) == huidig_naam.as_ref()) {
            if e.file_type()?.is_dir() {
                std::fs::remove_dir_all(e.path())?;
                weg = true;
            }
        } else if n > 0 && is_sled_file(&name) {
            // the files of the data directory itself are the old generation
            if e.file_type()?.is_dir() {
                std::fs::remove_dir_all(e.path())?;
            } else {
                std::fs::remove_file(e.path())?;
            }
            weg = true;
        }
    }
    if weg {
        fsync(path)?;
        gedaan.push("onderbroken herschrijving van de opslag afgemaakt; er is niets verloren".to_string());
    }
    // the rewrite of earlier versions: without its marker the copy was half-built and goes; with
    // it, its switch was under way, and nothing is removed (it can't be told safely which files
    // are complete: the store in the data directory is opened as it is)
    let legacy = path.join(LEGACY_NIEUW);
    if legacy.exists() {
        let nog_te_verplaatsen =
            std::fs::read_dir(&legacy)?.filter_map(|e| e.ok()).any(|e| is_sled_file(&e.file_name().to_string_lossy()));
        let legacy_klaar = legacy.join(LEGACY_KLAAR).exists();
        if legacy_klaar && nog_te_verplaatsen {
            // the old and the new files may each be split over two places: opening either set
            // could show part of the store, or an empty one, as if it were this one
            return Err(std::io::Error::other(format!(
                "een eerdere loket-versie is onderbroken tijdens het herschrijven van de opslag; de bestanden staan deels in {LEGACY_NIEUW} en {LEGACY_OUD}. Er is niets verwijderd. Maak een kopie van de hele gegevensmap en vraag de beheerder om hulp"
            )));
        } else {
            // no marker: the copy was half-built; marker and nothing left in it: every new file
            // was moved into the data directory, which holds the whole store
            std::fs::remove_dir_all(&legacy)?;
            if legacy_klaar && path.join(LEGACY_OUD).exists() {
                std::fs::remove_dir_all(path.join(LEGACY_OUD))?;
            }
        }
    } else if path.join(LEGACY_OUD).exists() {
        // the old switch had moved every new file in: the data directory holds the whole store
        std::fs::remove_dir_all(path.join(LEGACY_OUD))?;
    }
    Ok((dir, n, gedaan))
}

/// Wait until no process (sled's background thread included) holds the lock on `path/db`.
fn wacht_op_slot(path: &Path) {
    let Ok(f) = std::fs::OpenOptions::new().read(true).write(true).open(path.join("db")) else { return };
    for _ in 0..100 {
        if platform::probeer_slot(&f) {
            platform::slot_los(&f);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Hold the lock sled takes on `dir/db` while `f` runs (repairs before sled opens must not touch
/// the files of a store another process has open). `None`: another process holds it.
fn met_slot<R>(dir: &Path, f: impl FnOnce() -> R) -> Option<R> {
    if let Ok(file) = std::fs::OpenOptions::new().read(true).write(true).open(dir.join("db")) {
        if !platform::probeer_slot(&file) {
            return None;
        }
        let r = f();
        platform::slot_los(&file);
        return Some(r);
    }
    Some(f())
}

/// sled 0.34.7 writes a snapshot to `snap.<lsn>.generating` and renames it when complete; after
/// a full disk an empty or partial one is left, and sled takes it for the newest snapshot and
/// refuses to open ("Read corrupted data at file offset None"), even once space is free. Such a
/// file holds nothing the log does not (sled rebuilds it from the log and the snapshot before),
/// so it is removed. Returns a Dutch line per file removed.
fn ruim_halve_snapshots_op(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut gedaan = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(gedaan),
        Err(e) => return Err(e),
    };
    for e in entries {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("snap.") && name.ends_with(".generating") && e.file_type()?.is_file() {
            let len = e.metadata()?.len();
            std::fs::remove_file(e.path())?;
            gedaan.push(format!(
                "De opslag was na een volle schijf beschadigd: een half geschreven momentopname ({name}, {len} bytes) is verwijderd. Alles wat vóór de storing was opgeslagen is er nog; wat na de eerste schrijffout getypt is, is mogelijk niet bewaard."
            ));
        }
    }
    if !gedaan.is_empty() {
        fsync(dir)?;
    }
    Ok(gedaan)
}

/// A file beside the store with the map's version, readable without the store's lock (for the
/// search snapshot: `loket zoek` trusts its snapshot without opening the store when the two
/// versions agree). Removed before every change of the map and written after it, so a missing
/// file means "not known" (the store is then opened to ask), never a wrong version.
pub const KAART_VERSIE_FILE: &str = "kaart-versie";

/// The map's version from the file beside the store in `dir` (see [`KAART_VERSIE_FILE`]).
pub fn kaart_versie_beside(dir: &Path) -> Option<u64> {
    std::fs::read_to_string(dir.join(KAART_VERSIE_FILE)).ok()?.trim().parse().ok()
}

impl SledStore {
    pub fn open(path: &Path) -> Result<SledStore> {
        let s = SledStore {
            path: path.to_path_buf(),
            inner: RwLock::new(None),
            hersteld: Default::default(),
            kop_laatst: Default::default(),
            eerder_open: Default::default(),
        };
        // sled lets go of its lock file from a background thread a moment after the database
        // is dropped, so a store closed and opened again in one process can find it still held:
        // try a few times before saying it is in use by another loket.
        let mut tries = 0;
        loop {
            match s.ensure_open() {
                Err(StoreError::Locked(_)) if tries < 10 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(e),
                Ok(()) => break,
            }
        }
        if kaart_versie_beside(path).is_none() {
            s.kaart_changed();
        }
        // an erasure or retention run was interrupted before its rewrite finished: do it now
        if path.join(HERSCHRIJVEN_NODIG).exists() {
            use super::Store;
            match s.compacteer() {
                Ok(()) => s.hersteld.lock().unwrap_or_else(|p| p.into_inner()).push(
                    "een onderbroken herschrijving van de opslag (na wissen of opschonen) is afgemaakt".to_string(),
                ),
                Err(e) => s.hersteld.lock().unwrap_or_else(|p| p.into_inner()).push(format!(
                    "de opslag moet nog herschreven worden (na wissen of opschonen), maar dat lukte niet: {e}; het wordt bij de volgende start opnieuw geprobeerd"
                )),
            }
        }
        Ok(s)
    }

    /// Mark a rewrite as owed (see [`HERSCHRIJVEN_NODIG`]).
    fn herschrijven_nodig(&self) -> Result<()> {
        let file = self.path.join(HERSCHRIJVEN_NODIG);
        if file.exists() {
            return Ok(());
        }
        let r = std::fs::File::create(&file).and_then(|f| f.sync_all()).and_then(|()| fsync(&self.path));
        r.map_err(|e| {
            if e.raw_os_error() == Some(28) || e.kind() == std::io::ErrorKind::StorageFull {
                StoreError::DiskFull
            } else {
                StoreError::Io(format!("{HERSCHRIJVEN_NODIG} niet te schrijven: {}", e.kind()))
            }
        })
    }

    /// Before a change of the map: the version file goes (see [`KAART_VERSIE_FILE`]).
    fn kaart_changing(&self) -> Result<()> {
        match std::fs::remove_file(self.path.join(KAART_VERSIE_FILE)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(StoreError::Io(format!("{} niet te verwijderen: {}", KAART_VERSIE_FILE, e.kind()))),
        }
    }

    /// After a change of the map: the version file says the version now (written whole, by a
    /// rename). A failure leaves no file, which is safe.
    fn kaart_changed(&self) {
        if let Ok(v) = self.kaart_versie() {
            let file = self.path.join(KAART_VERSIE_FILE);
            let tmp = self.path.join(format!("{KAART_VERSIE_FILE}.{}.tmp", std::process::id()));
            if std::fs::write(&tmp, format!("{v}\n")).and_then(|_| std::fs::rename(&tmp, &file)).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Write (insert or replace, by id) `kaart`'s records in one batch on the current tree.
    fn kaart_een_batch(&self, kaart: &Kaart) -> Result<()> {
        let records = kaart_records(kaart)?;
        self.kaart_changing()?;
        let _changed = OnDrop(|| self.kaart_changed());
        let _one = KAART_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        self.with(|inner| {
            let t = &inner.trees[T_KAART];
            let mut batch = kaart_batch(t, records)?;
            let v = t.get(KAART_VERSIE).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0) + 1;
            batch.insert(KAART_VERSIE, &v.to_be_bytes());
            t.apply_batch(batch).map_err(io)?;
            inner.db.flush().map_err(io)?;
            Ok(())
        })
    }

    /// Write (insert or replace, by id) `kaart`'s records as the map's next generation, `stuk`
    /// per batch, so memory stays bounded; then switch to it (see [`KAART_BOOM`]). A failure or
    /// a kill before the switch leaves the old map as it was, readable throughout.
    fn kaart_generatie_schrijven(&self, kaart: &Kaart, stuk: usize) -> Result<()> {
        self.generatie_schrijven(kaart_sleutels(kaart).collect(), kaart_stukken(kaart, stuk), stuk, None)
    }

    /// [`SledStore::kaart_generatie_schrijven`] of a map that is given away: each record is
    /// freed once it is encoded, so the map's memory goes down while sled's goes up.
    fn kaart_generatie_schrijven_eigen(&self, kaart: Kaart, stuk: usize) -> Result<()> {
        let sleutels = kaart_sleutels(&kaart).collect();
        self.generatie_schrijven(sleutels, kaart_stukken_eigen(kaart, stuk), stuk, None)
    }

    /// [`Store::beheer_schrijf`] of a large map: its records as the map's next generation, and
    /// the upkeep (states, history, after the check that each change started from what is
    /// stored) in the one transaction that switches to it.
    fn beheer_generatie_schrijven(&self, s: &BeheerSchrijf, stuk: usize) -> Result<()> {
        let beheer = beheer_bytes(s)?;
        self.generatie_schrijven(
            kaart_sleutels(&s.kaart).collect(),
            kaart_stukken(&s.kaart, stuk),
            stuk,
            Some((s.historie.as_slice(), &beheer)),
        )
    }

    /// The next generation of the map: the records of `stukken` (whose keys are `inkomend`),
    /// and the stored records they do not replace; with `beheer`, the upkeep written in the
    /// transaction of the switch (refused, and the new generation dropped, when a change did not
    /// start from what is stored).
    fn generatie_schrijven(
        &self,
        inkomend: std::collections::HashSet<Vec<u8>>,
        stukken: impl Iterator<Item = Result<Vec<(Vec<u8>, Vec<u8>)>>>,
        stuk: usize,
        beheer: Option<(&[Wijziging], &BeheerBytes)>,
    ) -> Result<()> {
        self.kaart_changing()?;
        let _changed = OnDrop(|| self.kaart_changed());
        let _one = KAART_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        // 1. the new generation, beside the current one
        let (naam, nieuw) = self.with(|inner| {
            let naam = format!("{KAART_GENERATIE}{}", kaart_generatie(&inner.kaart_boom).unwrap_or(0) + 1);
            inner.db.drop_tree(naam.as_bytes()).map_err(io)?;
            let nieuw = inner.db.open_tree(&naam).map_err(io)?;
            let gevuld = vul_generatie(&inner.trees[T_KAART], &nieuw, inkomend, stukken, stuk).and_then(|()| {
                super::kill_point("kaart:gevuld");
                inner.db.flush().map_err(io).map(|_| ())
            });
            if let Err(e) = gevuld {
                drop(nieuw);
                let _ = inner.db.drop_tree(naam.as_bytes());
                return Err(e);
            }
            Ok((naam, nieuw))
        })?;
        // 2. the switch, with no other operation of this store in between
        let oud = {
            let mut w = self.inner.write().expect("lock");
            let inner = w.as_mut().ok_or_else(|| StoreError::Io("niet geopend".into()))?;
            let mut geweigerd: Option<StoreError> = None;
            let gewisseld = (|| -> Result<()> {
                // a change of the map's version in the meantime (a report on an entry) counts too
                let nu = inner.trees[T_KAART].get(KAART_VERSIE).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0);
                let gebouwd = nieuw.get(KAART_VERSIE).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0);
                if nu >= gebouwd {
                    nieuw.insert(KAART_VERSIE, &(nu + 1).to_be_bytes()).map_err(io)?;
                }
                match beheer {
                    None => {
                        inner.trees[T_META].insert(KAART_BOOM, naam.as_bytes()).map_err(io)?;
                    }
                    Some((historie, b)) => {
                        if let Err(e) = schrijf_beheer_en_wissel(inner, historie, b, &naam) {
                            // refused before the switch: the new generation goes, the map stays
                            let _ = inner.db.drop_tree(naam.as_bytes());
                            geweigerd = Some(e);
                            return Ok(());
                        }
                    }
                }
                super::kill_point("kaart:wissel");
                inner.db.flush().map_err(io)?;
                Ok(())
            })();
            if let Some(e) = geweigerd {
                // a change that did not start from what is stored: nothing switched
                return Err(e);
            }
            if let Err(e) = gewisseld {
                // not known whether the switch reached the disk: the next open reads it
                *w = None;
                return Err(e);
            }
            inner.trees[T_KAART] = nieuw;
            std::mem::replace(&mut inner.kaart_boom, naam)
        };
        super::kill_point("kaart:gewisseld");
        // 3. the old generation goes; a failure leaves it to the next open
        let _ = self.with(|inner| {
            inner.db.drop_tree(oud.as_bytes()).map_err(io)?;
            inner.db.flush().map_err(io).map(|_| ())
        });
        Ok(())
    }

    /// What opening the store had to repair (an interrupted rewrite, a snapshot left
    /// half-written by a full disk): Dutch lines to show the worker.
    pub fn herstelmeldingen(&self) -> Vec<String> {
        self.hersteld.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn open_inner(&self) -> Result<Inner> {
        let path = self.path.as_path();
        std::fs::create_dir_all(path)
            .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.kind().to_string() })?;
        // personal data: the directory is the user's alone
        let _ = platform::prive_map(path);
        // repairs first, under sled's lock (another process with the store open keeps its files)
        let huidig = huidige_opslag(path)
            .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: format!("herschrijven afmaken: {e}") })?
            .0;
        let (dir, generatie, mut gedaan) = met_slot(&huidig, || herstel_herschrijving(path))
            .ok_or_else(|| StoreError::Locked(path.to_path_buf()))?
            .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: format!("herschrijven afmaken: {e}") })?;
        gedaan.extend(
            met_slot(&dir, || ruim_halve_snapshots_op(&dir))
                .ok_or_else(|| StoreError::Locked(path.to_path_buf()))?
                .map_err(|e| StoreError::Open {
                    path: path.to_path_buf(),
                    reason: format!("halve momentopname opruimen: {}", e.kind()),
                })?,
        );
        self.hersteld.lock().unwrap_or_else(|p| p.into_inner()).extend(gedaan);
        let db = sled::Config::new().path(&dir).cache_capacity(CACHE_BYTES).mode(sled::Mode::LowSpace).open().map_err(
            |e| {
                let text = e.to_string();
                if text.contains("could not acquire lock") || text.contains("WouldBlock") {
                    StoreError::Locked(path.to_path_buf())
                } else {
                    match io(e) {
                        StoreError::DiskFull => StoreError::DiskFull,
                        _ => StoreError::Open { path: path.to_path_buf(), reason: text },
                    }
                }
            },
        )?;
        let kaart_boom = kaart_boom_van(&db, path)?;
        let trees = TREES
            .iter()
            .enumerate()
            .map(|(i, n)| if i == T_KAART { db.open_tree(&kaart_boom) } else { db.open_tree(n) })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(io)?;
        let inner = Inner { db, trees, kaart_boom, dir, generatie };
        migrate_layout(&inner)?;
        let opgeruimd = ruim_kaartgeneraties_op(&inner)?;
        self.hersteld.lock().unwrap_or_else(|p| p.into_inner()).extend(opgeruimd);
        Ok(inner)
    }

    fn ensure_open(&self) -> Result<()> {
        if self.inner.read().expect("lock").is_some() {
            return Ok(());
        }
        let mut w = self.inner.write().expect("lock");
        let mut pogingen = 0;
        while w.is_none() {
            match self.open_inner() {
                Ok(inner) => *w = Some(inner),
                // this process closed it a moment ago: sled lets go of its lock file from a
                // background thread after the drop
                Err(StoreError::Locked(_))
                    if pogingen < 40 && self.eerder_open.load(std::sync::atomic::Ordering::Relaxed) =>
                {
                    pogingen += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                Err(e) => return Err(e),
            }
        }
        self.eerder_open.store(true, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    }

    /// Run `f` on the open database. After an IO error the database is closed, so that the
    /// next call opens it again (sled keeps an IO error until then).
    fn with<R>(&self, f: impl FnOnce(&Inner) -> Result<R>) -> Result<R> {
        self.ensure_open()?;
        let r = {
            let g = self.inner.read().expect("lock");
            let inner = g.as_ref().ok_or_else(|| StoreError::Io("niet geopend".into()))?;
            f(inner)
        };
        if let Err(StoreError::DiskFull | StoreError::Io(_)) = &r {
            *self.inner.write().expect("lock") = None;
        }
        r
    }

    /// A transaction over all trees, flushed afterwards.
    fn tx<R>(&self, f: impl Fn(&[TransactionalTree]) -> TxResult<R>) -> Result<R> {
        self.tx_over(false, f)
    }

    /// [`SledStore::tx`]; with `beheer`, over the map's upkeep and history as well (at
    /// [`T_BEHEER_STAAT`] and [`T_BEHEER_HISTORIE`]).
    fn tx_over<R>(&self, beheer: bool, f: impl Fn(&[TransactionalTree]) -> TxResult<R>) -> Result<R> {
        self.with(|inner| {
            let extra = if beheer {
                vec![
                    inner.db.open_tree(TREE_BEHEER_STAAT).map_err(io)?,
                    inner.db.open_tree(TREE_BEHEER_HISTORIE).map_err(io)?,
                ]
            } else {
                Vec::new()
            };
            let trees: Vec<&sled::Tree> = inner.trees.iter().chain(extra.iter()).collect();
            let r = trees.as_slice().transaction(|t| f(t)).map_err(tx_err)?;
            super::kill_point("handoff:commit");
            inner.db.flush().map_err(io)?;
            super::kill_point("handoff:committed");
            self.kop_vastleggen(inner);
            Ok(r)
        })
    }

    /// After a transaction: when the audit log's head moved, record it outside the store
    /// ([`audit::KOP_BESTAND`]). A crash before this leaves the record behind the log, which
    /// the check allows; never ahead of it. The change itself is stored by then, so a failure
    /// here (a full disk) is not the transaction's: the record is tried again after the next.
    fn kop_vastleggen(&self, inner: &Inner) {
        let Ok(Some(kop)) = inner.trees[T_AUDIT_META].get(AUDIT_KOP).map(|v| v.and_then(|v| audit::kop_lezen(&v)))
        else {
            return;
        };
        let mut laatst = self.kop_laatst.lock().unwrap_or_else(|p| p.into_inner());
        if *laatst == Some(kop) {
            return;
        }
        super::kill_point("audit:kop-vastleggen");
        if audit::kop_bestand_schrijven(&self.path.join(audit::KOP_BESTAND), kop).is_ok() {
            *laatst = Some(kop);
        }
    }

    /// Raw bytes of a record (tests that corrupt or inspect stored values).
    pub fn raw_get(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>> {
        let i = TREES.iter().position(|t| *t == tree).ok_or_else(|| StoreError::NotFound(tree.into()))?;
        self.with(|inner| Ok(inner.trees[i].get(key).map_err(io)?.map(|v| v.to_vec())))
    }

    /// Remove a record (tests only: an entry taken out of the audit log).
    pub fn raw_del_for_test(&self, tree: &str, key: &[u8]) {
        if let Some(i) = TREES.iter().position(|t| *t == tree) {
            let _ = self.with(|inner| {
                inner.trees[i].remove(key).map_err(io)?;
                inner.db.flush().map_err(io)?;
                Ok(())
            });
        }
    }

    /// Write raw bytes (tests only: corrupt a record, write an old format).
    pub fn raw_put(&self, tree: &str, key: &[u8], value: &[u8]) -> Result<()> {
        let i = TREES.iter().position(|t| *t == tree).ok_or_else(|| StoreError::NotFound(tree.into()))?;
        self.with(|inner| {
            inner.trees[i].insert(key, value).map_err(io)?;
            inner.db.flush().map_err(io)?;
            Ok(())
        })
    }

    fn scan_lenient<T: Stored>(
        &self,
        tree: usize,
        prefix: &[u8],
        revs: bool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Loaded<Vec<(u64, T)>>> {
        self.with(|inner| {
            let mut out = Loaded::<Vec<(u64, T)>>::default();
            for kv in inner.trees[tree].scan_prefix(prefix) {
                let (k, v) = kv.map_err(io)?;
                let (rev, rec) = if revs { split_rev(&v) } else { (0, &v[..]) };
                match decode::<T>(rec) {
                    Ok(x) => out.value.push((rev, x)),
                    Err(e) => {
                        let key =
                            key_id(&k).map(|i| i.to_string()).unwrap_or_else(|| String::from_utf8_lossy(&k).into());
                        out.skipped.push(format!("{} {key}: {e}", T::KIND));
                    }
                }
                if out.value.len() % 4096 == 0 {
                    progress(out.value.len());
                }
            }
            Ok(out)
        })
    }
}

/// Bring a store written by an older loket to [`LAYOUT`], in one transaction.
fn migrate_layout(inner: &Inner) -> Result<()> {
    let meta = &inner.trees[T_META];
    let layout = meta.get(LAYOUT_KEY).map_err(io)?.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok());
    let from = layout.map(u64::from_be_bytes).unwrap_or(1);
    if from > LAYOUT {
        // written by a newer loket: an older one must not read (or write) what it doesn't know
        return Err(StoreError::Refused(format!(
            "deze gegevens zijn geschreven door een nieuwere versie van loket (opslagindeling {from}; deze versie kent tot en met {LAYOUT}). Start de nieuwere versie; deze laat de gegevens ongemoeid"
        )));
    }
    if from == LAYOUT {
        return Ok(());
    }
    if from < 2 {
        migrate_1_to_2(inner)?;
    }
    if from == 3 {
        // Layout 3 → 4: nothing to move (no name in `meta`: the map is in `kaart`)
        meta.insert(LAYOUT_KEY, &LAYOUT.to_be_bytes()).map_err(io)?;
        inner.db.flush().map_err(io)?;
        return Ok(());
    }
    // Layout 2 → 3 (and so 4): the map's record count, counted once (the last full scan of the map).
    let t = &inner.trees[T_KAART];
    let mut n = 0u64;
    for p in [&b"o/"[..], b"v/", b"r/"] {
        n += t.scan_prefix(p).keys().count() as u64;
    }
    (t, meta)
        .transaction(|(k, m)| {
            k.insert(KAART_AANTAL, &n.to_be_bytes())?;
            m.insert(LAYOUT_KEY, &LAYOUT.to_be_bytes())?;
            Ok(())
        })
        .map_err(tx_err)?;
    inner.db.flush().map_err(io)?;
    Ok(())
}

/// Layout 1 → 2, in one transaction.
fn migrate_1_to_2(inner: &Inner) -> Result<()> {
    // Layout 1 → 2: slots one key each → all claims of a supporter under one key; id counters
    // from the largest stored keys (so no new id ever overwrites a record, readable or not).
    let old = inner.db.open_tree(OLD_SLOTS).map_err(io)?;
    let onds: Vec<Clientondersteuner> = inner.trees[T_ONDS]
        .iter()
        .values()
        .filter_map(|v| v.ok().and_then(|v| decode::<Clientondersteuner>(&v).ok()))
        .collect();
    let mut claims: std::collections::BTreeMap<String, Claims> = Default::default();
    let mut old_keys = Vec::new();
    for kv in old.iter() {
        let (k, v) = kv.map_err(io)?;
        old_keys.push(k.to_vec());
        let Some(nul) = k.iter().position(|b| *b == 0) else { continue };
        let (Ok(sup), Some(minutes), Some(case_id)) = (
            std::str::from_utf8(&k[..nul]),
            <[u8; 8]>::try_from(&k[nul + 1..]).ok().map(i64::from_be_bytes),
            key_id(&v),
        ) else {
            continue;
        };
        let Some(start) = chrono::DateTime::from_timestamp(minutes.saturating_mul(60), 0).map(|d| d.naive_utc()) else {
            continue;
        };
        let len = onds.iter().find(|o| o.id == sup).map(|o| o.slot_minuten).unwrap_or(45);
        let eind = start + chrono::Duration::minutes(i64::from(len));
        claims.entry(sup.to_string()).or_default().0.push(Claim { start, eind, case_id, door: String::new() });
    }
    let max = |t: &sled::Tree| -> Result<u64> { Ok(t.last().map_err(io)?.and_then(|(k, _)| key_id(&k)).unwrap_or(0)) };
    let (max_contact, max_case) = (max(&inner.trees[T_CONTACTS])?, max(&inner.trees[T_CASES])?);
    let mut encoded = Vec::new();
    for (sup, c) in &claims {
        encoded.push((sup.clone(), enc(|| format!("afspraken van {sup}"), c)?));
    }
    (&inner.trees[T_CLAIMS], &inner.trees[T_META], &old)
        .transaction(|(claims_t, meta_t, old_t)| {
            for (sup, bytes) in &encoded {
                claims_t.insert(sup.as_bytes(), bytes.clone())?;
            }
            for k in &old_keys {
                old_t.remove(k.clone())?;
            }
            let c = read_u64(meta_t, SEQ_CONTACT)?.max(max_contact);
            let k = read_u64(meta_t, SEQ_CASE)?.max(max_case);
            meta_t.insert(SEQ_CONTACT, &c.to_be_bytes())?;
            meta_t.insert(SEQ_CASE, &k.to_be_bytes())?;
            meta_t.insert(LAYOUT_KEY, &2u64.to_be_bytes())?;
            Ok(())
        })
        .map_err(tx_err)?;
    inner.db.flush().map_err(io)?;
    Ok(())
}

/// The map's records as (key, stored bytes).
fn kaart_records(kaart: &Kaart) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
    let o = kaart.organisaties.iter().map(organisatie_record);
    let v = kaart.voorzieningen.iter().map(voorziening_record);
    let r = kaart.regelingen.iter().map(regeling_record);
    o.chain(v).chain(r).collect()
}

/// How many of `records`' keys are new (`exists` says whether a key is stored already; a key
/// twice in `records` counts once).
fn nieuwe_sleutels<E>(
    records: &[(Vec<u8>, Vec<u8>)],
    mut exists: impl FnMut(&[u8]) -> std::result::Result<bool, E>,
) -> std::result::Result<u64, E> {
    let mut seen = std::collections::HashSet::new();
    let mut n = 0u64;
    for (k, _) in records {
        if seen.insert(k.as_slice()) && !exists(k)? {
            n += 1;
        }
    }
    Ok(n)
}

/// The stored record count of the map (see [`KAART_AANTAL`]).
fn aantal_van(v: Option<sled::IVec>) -> u64 {
    v.and_then(|v| key_id(&v)).unwrap_or(0)
}

/// A batch that writes `records` and the record count after them; the caller holds
/// [`KAART_WRITE`].
fn kaart_batch(t: &sled::Tree, records: Vec<(Vec<u8>, Vec<u8>)>) -> Result<sled::Batch> {
    let nieuw = nieuwe_sleutels(&records, |k| t.contains_key(k)).map_err(io)?;
    let aantal = aantal_van(t.get(KAART_AANTAL).map_err(io)?) + nieuw;
    let mut b = sled::Batch::default();
    for (k, v) in records {
        b.insert(k, v);
    }
    b.insert(KAART_AANTAL, &aantal.to_be_bytes());
    Ok(b)
}

/// The generation number of a map tree's name: 0 for `kaart`, n for `kaart.<n>`.
fn kaart_generatie(naam: &str) -> Option<u64> {
    if naam == TREES[T_KAART] {
        return Some(0);
    }
    naam.strip_prefix(KAART_GENERATIE).and_then(|n| n.parse::<u64>().ok()).filter(|n| *n > 0)
}

/// The name of the map's tree that `meta` names (see [`KAART_BOOM`]); `kaart` without a name. A
/// name that is no generation, or names a tree that is not there, is refused: opening another
/// tree would show an old or empty map as if it were this one.
fn kaart_boom_van(db: &sled::Db, path: &Path) -> Result<String> {
    let meta = db.open_tree(TREES[T_META]).map_err(io)?;
    let Some(v) = meta.get(KAART_BOOM).map_err(io)? else {
        return Ok(TREES[T_KAART].to_string());
    };
    let naam = String::from_utf8_lossy(&v).into_owned();
    if kaart_generatie(&naam).is_some() && db.tree_names().iter().any(|n| n.as_ref() == naam.as_bytes()) {
        return Ok(naam);
    }
    Err(StoreError::Open {
        path: path.to_path_buf(),
        reason: format!("de opslag noemt '{naam}' als boom van de sociale kaart, en die is er niet"),
    })
}

/// Remove every generation of the map's tree but the current one: one being built when the
/// process stopped (the switch did not happen, so the old map stayed the map), or the old one
/// whose removal after a switch did not finish. Returns a Dutch line for the first case.
fn ruim_kaartgeneraties_op(inner: &Inner) -> Result<Vec<String>> {
    let huidig = kaart_generatie(&inner.kaart_boom).unwrap_or(0);
    let mut out = Vec::new();
    for naam in inner.db.tree_names() {
        let naam = String::from_utf8_lossy(&naam).into_owned();
        let Some(n) = kaart_generatie(&naam) else { continue };
        if naam == inner.kaart_boom {
            continue;
        }
        inner.db.drop_tree(naam.as_bytes()).map_err(io)?;
        if n > huidig && out.is_empty() {
            out.push(
                "een onderbroken import van de sociale kaart is opgeruimd; de kaart van vóór die import is in gebruik"
                    .to_string(),
            );
        }
    }
    if !out.is_empty() {
        inner.db.flush().map_err(io)?;
    }
    Ok(out)
}

/// The map's records as (key, stored bytes), `stuk` at a time, encoded as they are asked for.
fn kaart_stukken(kaart: &Kaart, stuk: usize) -> impl Iterator<Item = Result<Vec<(Vec<u8>, Vec<u8>)>>> + '_ {
    let o = kaart.organisaties.iter().map(organisatie_record);
    let v = kaart.voorzieningen.iter().map(voorziening_record);
    let r = kaart.regelingen.iter().map(regeling_record);
    in_stukken(o.chain(v).chain(r), stuk)
}

fn organisatie_record(o: &Organisatie) -> Result<(Vec<u8>, Vec<u8>)> {
    Ok((format!("o/{}", o.id).into_bytes(), enc(|| format!("organisatie {}", o.id), o)?))
}

fn voorziening_record(v: &Voorziening) -> Result<(Vec<u8>, Vec<u8>)> {
    Ok((format!("v/{}", v.id).into_bytes(), enc(|| format!("voorziening {}", v.id), v)?))
}

fn regeling_record(r: &Regeling) -> Result<(Vec<u8>, Vec<u8>)> {
    Ok((format!("r/{}", r.id).into_bytes(), enc(|| format!("regeling {}", r.id), r)?))
}

/// `alle` in parts of `stuk` records (the first error ends the part it is in).
fn in_stukken<I: Iterator<Item = Result<(Vec<u8>, Vec<u8>)>>>(
    alle: I,
    stuk: usize,
) -> impl Iterator<Item = Result<Vec<(Vec<u8>, Vec<u8>)>>> {
    let mut alle = alle.peekable();
    std::iter::from_fn(move || {
        alle.peek()?;
        Some(alle.by_ref().take(stuk).collect::<Result<Vec<_>>>())
    })
}

#[cfg(test)]
thread_local! {
    /// Tests: make the next staged write of the map fail after its first batch of records.
    static FOUT_NA_EERSTE_STUK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Build the next generation of the map in `nieuw`: the current records of `oud` copied, then
/// `kaart`'s written over them by key, `stuk` per batch; the record count and the version after
/// them. No reader sees `nieuw` until the switch.
fn vul_generatie(
    oud: &sled::Tree,
    nieuw: &sled::Tree,
    inkomend: std::collections::HashSet<Vec<u8>>,
    stukken: impl Iterator<Item = Result<Vec<(Vec<u8>, Vec<u8>)>>>,
    stuk: usize,
) -> Result<()> {
    // 1. the incoming records (a map that was given away is freed as it goes)
    for records in stukken {
        let records = records?;
        let mut b = sled::Batch::default();
        for (k, v) in records {
            b.insert(k, v);
        }
        nieuw.apply_batch(b).map_err(io)?;
        super::kill_point("kaart:stuk-geschreven");
        #[cfg(test)]
        if FOUT_NA_EERSTE_STUK.with(|f| f.replace(false)) {
            return Err(StoreError::Io("test: fout na het eerste stuk".into()));
        }
    }
    // 2. the stored records they do not replace (a re-import of the whole map copied every
    // record first only to overwrite it, and sled held both in memory)
    let mut overlap = 0u64;
    let mut b = sled::Batch::default();
    let mut n = 0;
    for kv in oud.iter() {
        let (k, v) = kv.map_err(io)?;
        if inkomend.contains(k.as_ref()) {
            overlap += 1;
            continue;
        }
        b.insert(k, v);
        n += 1;
        if n == stuk {
            nieuw.apply_batch(std::mem::take(&mut b)).map_err(io)?;
            n = 0;
        }
    }
    nieuw.apply_batch(b).map_err(io)?;
    // every stored record, and each distinct incoming key that was not stored yet
    let aantal = aantal_van(oud.get(KAART_AANTAL).map_err(io)?) + inkomend.len() as u64 - overlap;
    let versie = oud.get(KAART_VERSIE).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0) + 1;
    let mut b = sled::Batch::default();
    b.insert(KAART_AANTAL, &aantal.to_be_bytes());
    b.insert(KAART_VERSIE, &versie.to_be_bytes());
    nieuw.apply_batch(b).map_err(io)
}

/// [`kaart_stukken`] of a map given away: each record is dropped once it is encoded.
fn kaart_stukken_eigen(kaart: Kaart, stuk: usize) -> impl Iterator<Item = Result<Vec<(Vec<u8>, Vec<u8>)>>> {
    let o = kaart.organisaties.into_iter().map(|o| organisatie_record(&o));
    let v = kaart.voorzieningen.into_iter().map(|v| voorziening_record(&v));
    let r = kaart.regelingen.into_iter().map(|r| regeling_record(&r));
    in_stukken(o.chain(v).chain(r), stuk)
}

/// The keys of the map's records, as [`kaart_stukken`] writes them.
fn kaart_sleutels(kaart: &Kaart) -> impl Iterator<Item = Vec<u8>> + '_ {
    let o = kaart.organisaties.iter().map(|o| format!("o/{}", o.id).into_bytes());
    let v = kaart.voorzieningen.iter().map(|v| format!("v/{}", v.id).into_bytes());
    let r = kaart.regelingen.iter().map(|r| format!("r/{}", r.id).into_bytes());
    o.chain(v).chain(r)
}

/// In a transaction: add the new keys among `records` to the stored record count.
fn tel_erbij(k: &TransactionalTree, records: &[(Vec<u8>, Vec<u8>)]) -> TxResult<()> {
    let nieuw = nieuwe_sleutels(records, |key| k.get(key).map(|v| v.is_some()))?;
    if nieuw > 0 {
        let aantal = read_u64(k, KAART_AANTAL)? + nieuw;
        k.insert(KAART_AANTAL, &aantal.to_be_bytes())?;
    }
    Ok(())
}

/// The primitives of the write path ([`super::usecase`]) inside one sled transaction over the
/// trees of [`TREES`]. A sled conflict (another thread wrote a key this transaction read) or a
/// storage error of an operation is kept in `unterwegs`: the use case gets a [`StoreError`] and
/// returns it, and [`SledStore::transactie`] hands sled the conflict (so sled runs the use case
/// again) or the storage error instead of an abort.
struct SledTx<'a> {
    t: &'a [TransactionalTree],
    sled_fout: Option<ConflictableTransactionError<StoreError>>,
}

impl SledTx<'_> {
    /// The result of operations on the trees, as the use case sees it.
    fn b<T>(&mut self, r: TxResult<T>) -> Result<T> {
        match r {
            Ok(v) => Ok(v),
            Err(ConflictableTransactionError::Abort(e)) => Err(e),
            Err(ConflictableTransactionError::Conflict) => {
                self.sled_fout = Some(ConflictableTransactionError::Conflict);
                Err(StoreError::Busy("gelijktijdige schrijfactie".into()))
            }
            Err(ConflictableTransactionError::Storage(e)) => {
                let fout = io(e.clone());
                self.sled_fout = Some(ConflictableTransactionError::Storage(e));
                Err(fout)
            }
        }
    }

    /// The upkeep's tree `i`, which only a transaction of the map has.
    fn beheerboom(&self, i: usize) -> Result<&TransactionalTree> {
        self.t.get(i).ok_or_else(|| StoreError::Io("kaartbeheer buiten een transactie van de kaart".into()))
    }

    /// The tree, key and encoded record of `r` (a contact sealed with this desk's key).
    fn plek(r: Rec<'_>) -> Result<(usize, u64, Vec<u8>)> {
        Ok(match r {
            Rec::Contact(c) => {
                (T_CONTACTS, c.id, enc(|| format!("contact {}", c.id), super::sealing::seal(c)?.as_ref())?)
            }
            Rec::Dossier(k) => (T_CASES, k.id, enc(|| format!("dossier {}", k.id), k)?),
            Rec::Plan(p) => (T_PLANNEN, p.dossier_id, enc(|| format!("leefplan {}", p.dossier_id), p)?),
            Rec::Opvolging(v) => (T_OPVOLGINGEN, v.contact_id, enc(|| format!("opvolging {}", v.contact_id), v)?),
        })
    }
}

/// Who wrote a stored record of tree `tree` (for a refusal); empty when it can't be read.
fn door_van(tree: usize, v: &[u8]) -> String {
    let rec = split_rev(v).1;
    match tree {
        T_CONTACTS => decode::<Contact>(rec).map(|c| c.medewerker).unwrap_or_default(),
        T_CASES => decode::<Case>(rec).map(|c| c.bijgewerkt_door).unwrap_or_default(),
        T_PLANNEN => decode::<Plan>(rec).map(|p| p.bijgewerkt_door).unwrap_or_default(),
        T_OPVOLGINGEN => decode::<Verwijzingsopvolging>(rec)
            .ok()
            .and_then(|x| x.opvolging.vastgelegd.map(|(_, door)| door))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

fn seq_key(reeks: Reeks) -> &'static [u8] {
    match reeks {
        Reeks::Contact => SEQ_CONTACT,
        Reeks::Dossier => SEQ_CASE,
    }
}

impl Tx for SledTx<'_> {
    fn schrijf_als(&mut self, r: Rec<'_>) -> Result<u64> {
        let (tree, id, rec) = Self::plek(r)?;
        let key = id_key(id);
        let stored = self.b(self.t[tree].get(key).map_err(Into::into))?;
        let opgeslagen = stored.as_ref().map(|v| split_rev(v).0);
        let door = || stored.as_ref().map(|v| door_van(tree, v)).unwrap_or_default();
        if let Some(e) = super::usecase::weigering(r, opgeslagen, door) {
            return Err(e);
        }
        let rev = r.rev() + 1;
        self.b(self.t[tree].insert(&key, with_rev(rev, &rec)).map_err(Into::into))?;
        Ok(rev)
    }

    fn overschrijf(&mut self, r: Rec<'_>) -> Result<()> {
        let (tree, id, rec) = Self::plek(r)?;
        let key = id_key(id);
        let t = &self.t[tree];
        let r = (|| -> TxResult<()> {
            let rev = t.get(key)?.map(|v| split_rev(&v).0).unwrap_or(0);
            t.insert(&key, with_rev(rev + 1, &rec))?;
            Ok(())
        })();
        self.b(r)
    }

    fn contact_verwijderen(&mut self, id: u64) -> Result<()> {
        let r = self.t[T_CONTACTS].remove(&id_key(id)).map(|_| ()).map_err(Into::into);
        self.b(r)
    }

    fn dossier_lezen(&mut self, id: u64) -> Result<Option<Case>> {
        let Some(v) = self.b(self.t[T_CASES].get(id_key(id)).map_err(Into::into))? else { return Ok(None) };
        let (rev, rec) = split_rev(&v);
        let mut c: Case = decode(rec).map_err(codec_err(format!("Dossier {id}")))?;
        c.rev = rev;
        Ok(Some(c))
    }

    fn nieuw_id(&mut self, reeks: Reeks) -> Result<u64> {
        let r = next_seq(&self.t[T_META], seq_key(reeks));
        self.b(r)
    }

    fn id_gezien(&mut self, reeks: Reeks, id: u64) -> Result<()> {
        let m = &self.t[T_META];
        let r = (|| -> TxResult<()> {
            if read_u64(m, seq_key(reeks))? < id {
                m.insert(seq_key(reeks), &id.to_be_bytes())?;
            }
            Ok(())
        })();
        self.b(r)
    }

    fn boek(&mut self, dossier: u64, had: Option<&Slot>, naar: Option<&Slot>, door: &str) -> Result<()> {
        let r = move_claim(&self.t[T_CLAIMS], dossier, had, naar, door);
        if self.b(r)? {
            Ok(())
        } else {
            Err(StoreError::TijdBezet)
        }
    }

    fn ondersteuner_lezen(&mut self, id: &str) -> Result<Option<Clientondersteuner>> {
        let Some(v) = self.b(self.t[T_ONDS].get(id.as_bytes()).map_err(Into::into))? else { return Ok(None) };
        decode(&v).map(Some).map_err(codec_err(format!("cliëntondersteuner {id}")))
    }

    fn ondersteuner_schrijven(&mut self, o: &Clientondersteuner) -> Result<()> {
        let rec = enc(|| format!("cliëntondersteuner {}", o.id), o)?;
        let r = self.t[T_ONDS].insert(o.id.as_bytes(), rec).map(|_| ()).map_err(Into::into);
        self.b(r)
    }

    fn geboekte_dossiers(&mut self, id: &str) -> Result<Vec<Case>> {
        let claims = claims_of(&self.t[T_CLAIMS], id);
        let mut cases = Vec::new();
        for claim in self.b(claims)?.0 {
            if let Some(c) = self.dossier_lezen(claim.case_id)? {
                cases.push(c);
            }
        }
        Ok(cases)
    }

    fn woordenlijst_lezen(&mut self, naam: &str) -> Result<Option<String>> {
        let key = [LIJST, naam.as_bytes()].concat();
        let v = self.b(self.t[T_META].get(key).map_err(Into::into))?;
        Ok(v.map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    fn woordenlijst_schrijven(&mut self, naam: &str, tekst: &str, nieuw: bool) -> Result<()> {
        let key = [LIJST, naam.as_bytes()].concat();
        let m = &self.t[T_META];
        let r = (|| -> TxResult<()> {
            if nieuw && m.get(&key)?.is_some() {
                return abort(StoreError::Conflict { what: format!("De woordenlijst {naam}"), door: String::new() });
            }
            m.insert(key.as_slice(), tekst.as_bytes())?;
            Ok(())
        })();
        self.b(r)
    }

    fn kaart_record_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>> {
        let r = self.t[T_KAART].get(sleutel.as_bytes()).map_err(Into::into);
        Ok(self.b(r)?.map(|v| v.to_vec()))
    }

    fn kaart_versie_ophogen(&mut self) -> Result<u64> {
        let k = &self.t[T_KAART];
        let r = (|| -> TxResult<u64> {
            let v = read_u64(k, KAART_VERSIE)? + 1;
            k.insert(KAART_VERSIE, &v.to_be_bytes())?;
            Ok(v)
        })();
        self.b(r)
    }

    fn kaart_schrijven(&mut self, kaart: &Kaart, _versie: u64) -> Result<()> {
        let records = kaart_records(kaart)?;
        let k = &self.t[T_KAART];
        let r = (|| -> TxResult<()> {
            tel_erbij(k, &records)?;
            for (key, v) in &records {
                k.insert(key.as_slice(), v.as_slice())?;
            }
            Ok(())
        })();
        self.b(r)
    }

    fn beheer_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>> {
        let r = self.beheerboom(T_BEHEER_STAAT)?.get(sleutel.as_bytes()).map_err(Into::into);
        Ok(self.b(r)?.map(|v| v.to_vec()))
    }

    fn beheer_schrijven(&mut self, b: &Beheer) -> Result<()> {
        let bytes = enc(|| format!("kaartbeheer {}", b.sleutel), b)?;
        let r = self.beheerboom(T_BEHEER_STAAT)?.insert(b.sleutel.as_bytes(), bytes).map(|_| ()).map_err(Into::into);
        self.b(r)
    }

    fn historie_toevoegen(&mut self, w: &Wijziging) -> Result<()> {
        let bytes = enc(|| format!("kaartwijziging {}", w.sleutel), w)?;
        let h = self.beheerboom(T_BEHEER_HISTORIE)?;
        let m = &self.t[T_META];
        let r = (|| -> TxResult<()> {
            let n = next_seq(m, SEQ_BEHEER)?;
            h.insert(&id_key(n), bytes.as_slice())?;
            Ok(())
        })();
        self.b(r)
    }

    fn audit(&mut self, log: &[Gebeurtenis]) -> Result<()> {
        let r = audit_append_tx(self.t, log);
        self.b(r)
    }

    fn meld(&mut self, _wat: &super::Change) -> Result<()> {
        // one process: no other desk to tell
        Ok(())
    }
}

impl SledStore {
    fn transactie_over(&self, beheer: bool, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let werk = std::cell::RefCell::new(werk);
        self.tx_over(beheer, |t| {
            let mut stx = SledTx { t, sled_fout: None };
            let r = (werk.borrow_mut())(&mut stx);
            match (r, stx.sled_fout.take()) {
                // a conflict or a storage error of sled's goes to sled, whatever the use case made of it
                (_, Some(fout)) => Err(fout),
                (Ok(()), None) => Ok(()),
                (Err(e), None) => Err(ConflictableTransactionError::Abort(e)),
            }
        })
    }
}

impl Backend for SledStore {
    fn transactie(&self, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        self.transactie_over(false, werk)
    }

    fn kaarttransactie(&self, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        self.kaart_changing()?;
        let _changed = OnDrop(|| self.kaart_changed());
        let _one = KAART_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        self.transactie_over(true, werk)
    }

    fn voor_overschrijven(&self) -> Result<()> {
        self.herschrijven_nodig()
    }
}

impl Store for SledStore {
    fn describe(&self) -> String {
        format!("ingebouwde opslag in {}", self.path.display())
    }

    fn kaart_load(&self, progress: &mut dyn FnMut(usize)) -> Result<Loaded<Kaart>> {
        let mut out = Loaded::<Kaart>::default();
        let mut done = 0usize;
        let o = self.scan_lenient::<Organisatie>(T_KAART, b"o/", false, &mut |n| progress(done + n))?;
        done += o.value.len();
        let r = self.scan_lenient::<Regeling>(T_KAART, b"r/", false, &mut |n| progress(done + n))?;
        done += r.value.len();
        let v = self.scan_lenient::<Voorziening>(T_KAART, b"v/", false, &mut |n| progress(done + n))?;
        done += v.value.len();
        progress(done);
        out.value.organisaties = o.value.into_iter().map(|x| x.1).collect();
        out.value.regelingen = r.value.into_iter().map(|x| x.1).collect();
        out.value.voorzieningen = v.value.into_iter().map(|x| x.1).collect();
        out.skipped = [o.skipped, r.skipped, v.skipped].concat();
        Ok(out)
    }

    fn kaart_bekijk(&self, f: &mut dyn FnMut(loket_domain::beheer::Record)) -> Result<Vec<String>> {
        use loket_domain::beheer::Record;
        /// From `vanaf` on (after it when `na`), at most `BEKIJK_STUK` records under `prefix`;
        /// the key of the last one when there may be more.
        fn stuk<T: Stored>(
            t: &sled::Tree,
            prefix: &[u8],
            vanaf: &[u8],
            na: bool,
            maak: fn(T) -> Record,
            f: &mut dyn FnMut(Record),
            overgeslagen: &mut Vec<String>,
        ) -> Result<Option<Vec<u8>>> {
            let mut n = 0;
            for kv in t.range(vanaf..) {
                let (k, v) = kv.map_err(io)?;
                if !k.starts_with(prefix) {
                    return Ok(None);
                }
                if na && k.as_ref() == vanaf {
                    continue;
                }
                match decode::<T>(&v) {
                    Ok(x) => f(maak(x)),
                    Err(e) => overgeslagen.push(format!("{} {}: {e}", T::KIND, String::from_utf8_lossy(&k))),
                }
                n += 1;
                if n == BEKIJK_STUK {
                    return Ok(Some(k.to_vec()));
                }
            }
            Ok(None)
        }
        fn soort<T: Stored>(
            s: &SledStore,
            prefix: &[u8],
            maak: fn(T) -> Record,
            f: &mut dyn FnMut(Record),
            overgeslagen: &mut Vec<String>,
        ) -> Result<()> {
            let mut vanaf = prefix.to_vec();
            let mut na = false;
            // sled keeps every page it read in memory (beyond its cache's capacity): once the heap
            // grew by BEKIJK_GROEI (after every part where the heap can't be read) it lets go of
            // them, so a walk over the map holds a few parts, not the map
            let mut sinds = loket_base::platform::heap_in_gebruik();
            while let Some(laatste) =
                s.with(|inner| stuk::<T>(&inner.trees[T_KAART], prefix, &vanaf, na, maak, f, overgeslagen))?
            {
                // (BEKIJK_GROEI is 0 in the unit tests: let go after every part there)
                #[allow(clippy::absurd_extreme_comparisons)]
                let gegroeid = match (sinds, loket_base::platform::heap_in_gebruik()) {
                    (Some(toen), Some(nu)) => nu.saturating_sub(toen) >= BEKIJK_GROEI,
                    _ => true,
                };
                if gegroeid {
                    s.cache_vrijgeven();
                    sinds = loket_base::platform::heap_in_gebruik();
                }
                vanaf = laatste;
                na = true;
            }
            Ok(())
        }
        let mut overgeslagen = Vec::new();
        soort::<Organisatie>(self, b"o/", Record::Organisatie, f, &mut overgeslagen)?;
        soort::<Regeling>(self, b"r/", Record::Regeling, f, &mut overgeslagen)?;
        soort::<Voorziening>(self, b"v/", Record::Voorziening, f, &mut overgeslagen)?;
        Ok(overgeslagen)
    }

    fn cache_vrijgeven(&self) {
        // sled frees its page cache only when the database is dropped: flush, close and open
        // again (a call from another thread in between opens it itself, the same way)
        let mut w = self.inner.write().expect("lock");
        match w.as_ref().map(|inner| inner.db.flush()) {
            Some(Ok(_)) => {}
            _ => return,
        }
        *w = None;
        drop(w);
        // opened again now (waiting for sled's lock file); if that fails, the next call opens
        // it again and says why it can't
        let _ = self.ensure_open();
    }

    fn kaart_schrijven_eigen(&self, kaart: Kaart) -> Result<()> {
        if kaart.organisaties.len() + kaart.voorzieningen.len() + kaart.regelingen.len() > KAART_STUK {
            return self.kaart_generatie_schrijven_eigen(kaart, KAART_STUK);
        }
        self.kaart_een_batch(&kaart)
    }

    fn kaart_records(&self, sleutels: &[String]) -> Result<Loaded<Kaart>> {
        self.with(|inner| {
            let t = &inner.trees[T_KAART];
            let mut out = Loaded::<Kaart>::default();
            for key in sleutels.iter().filter(|k| matches!(k.get(..2), Some("o/" | "v/" | "r/"))) {
                if let Some(v) = t.get(key.as_bytes()).map_err(io)? {
                    super::kaart::neem_op(&mut out, key.as_bytes()[0], key, &v);
                }
            }
            Ok(out)
        })
    }

    /// The record count kept in the kaart tree (O(1); see [`KAART_AANTAL`]).
    fn kaart_count(&self) -> Result<usize> {
        self.with(|inner| Ok(aantal_van(inner.trees[T_KAART].get(KAART_AANTAL).map_err(io)?) as usize))
    }

    /// One batch when small; more than [`KAART_STUK`] records are built as the map's next
    /// generation and switched to (see [`SledStore::kaart_generatie_schrijven`]): all or nothing either way.
    fn kaart_write(&self, kaart: &Kaart) -> Result<()> {
        if kaart.organisaties.len() + kaart.voorzieningen.len() + kaart.regelingen.len() > KAART_STUK {
            return self.kaart_generatie_schrijven(kaart, KAART_STUK);
        }
        self.kaart_een_batch(kaart)
    }

    fn kaart_seed_once(&self, kaart: &Kaart) -> Result<bool> {
        let _one = KAART_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        let seeded = self.with(|inner| Ok(inner.trees[T_KAART].get(SEEDED).map_err(io)?.is_some()))?;
        if seeded {
            return Ok(false);
        }
        let records = kaart_records(kaart)?;
        self.kaart_changing()?;
        let _changed = OnDrop(|| self.kaart_changed());
        self.with(|inner| {
            let mut batch = kaart_batch(&inner.trees[T_KAART], records)?;
            batch.insert(SEEDED, &[1u8][..]);
            batch.insert(KAART_VERSIE, &1u64.to_be_bytes());
            inner.trees[T_KAART].apply_batch(batch).map_err(io)?;
            inner.db.flush().map_err(io)?;
            Ok(true)
        })
    }

    fn kaart_versie(&self) -> Result<u64> {
        self.with(|inner| Ok(inner.trees[T_KAART].get(KAART_VERSIE).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0)))
    }

    fn ondersteuners(&self) -> Result<Loaded<Vec<Clientondersteuner>>> {
        let l = self.scan_lenient::<Clientondersteuner>(T_ONDS, b"", false, &mut |_| {})?;
        Ok(Loaded { value: l.value.into_iter().map(|x| x.1).collect(), skipped: l.skipped })
    }

    fn save_ondersteuners(&self, list: &[Clientondersteuner]) -> Result<()> {
        let mut b = sled::Batch::default();
        for o in list {
            b.insert(o.id.as_bytes(), enc(|| format!("cliëntondersteuner {}", o.id), o)?);
        }
        self.with(|inner| {
            inner.trees[T_ONDS].apply_batch(b).map_err(io)?;
            inner.db.flush().map_err(io)?;
            Ok(())
        })
    }

    fn new_contact_id(&self) -> Result<u64> {
        self.tx(|t| next_seq(&t[T_META], SEQ_CONTACT))
    }

    fn save_contact_gelogd(&self, c: &Contact, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_contact(self, c, log)
    }

    fn delete_contact_gelogd(&self, id: u64, log: &[Gebeurtenis]) -> Result<()> {
        super::usecase::delete_contact(self, id, log)
    }

    fn contact(&self, id: u64) -> Result<Option<Contact>> {
        self.with(|inner| {
            let Some(v) = inner.trees[T_CONTACTS].get(id_key(id)).map_err(io)? else { return Ok(None) };
            let (rev, rec) = split_rev(&v);
            let mut c: Contact = super::sealing::open(decode(rec).map_err(codec_err(format!("contact {id}")))?);
            c.rev = rev;
            Ok(Some(c))
        })
    }

    fn contacts(&self) -> Result<Loaded<Vec<Contact>>> {
        let l = self.scan_lenient::<Contact>(T_CONTACTS, b"", true, &mut |_| {})?;
        Ok(Loaded {
            value: l
                .value
                .into_iter()
                .map(|(rev, c)| {
                    let mut c = super::sealing::open(c);
                    c.rev = rev;
                    c
                })
                .collect(),
            skipped: l.skipped,
        })
    }

    fn handoff_gelogd(
        &self,
        contact: &Contact,
        case: &Case,
        slot: &Slot,
        log: &dyn Fn(u64) -> Vec<Gebeurtenis>,
    ) -> Result<BookResult> {
        super::usecase::handoff(self, contact, case, slot, log)
    }

    fn save_case_gelogd(&self, case: &Case, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_case(self, case, log)
    }

    fn rebook_gelogd(&self, case: &Case, slot: Option<&Slot>, log: &[Gebeurtenis]) -> Result<BookResult> {
        super::usecase::rebook(self, case, slot, log)
    }

    fn case(&self, id: u64) -> Result<Option<Case>> {
        self.with(|inner| {
            let Some(v) = inner.trees[T_CASES].get(id_key(id)).map_err(io)? else { return Ok(None) };
            let (rev, rec) = split_rev(&v);
            let mut c: Case = decode(rec).map_err(codec_err(format!("dossier {id}")))?;
            c.rev = rev;
            Ok(Some(c))
        })
    }

    fn cases(&self) -> Result<Loaded<Vec<Case>>> {
        let l = self.scan_lenient::<Case>(T_CASES, b"", true, &mut |_| {})?;
        Ok(Loaded {
            value: l
                .value
                .into_iter()
                .map(|(rev, mut c)| {
                    c.rev = rev;
                    c
                })
                .collect(),
            skipped: l.skipped,
        })
    }

    fn woordenlijst(&self, naam: &str) -> Result<Option<String>> {
        let key = format!("{}{naam}", String::from_utf8_lossy(LIJST));
        self.with(|inner| {
            Ok(inner.trees[T_META].get(key.as_bytes()).map_err(io)?.map(|v| String::from_utf8_lossy(&v).into_owned()))
        })
    }

    fn zet_woordenlijst(&self, naam: &str, tekst: &str) -> Result<()> {
        let key = format!("{}{naam}", String::from_utf8_lossy(LIJST));
        self.tx(|t| {
            t[T_META].insert(key.as_bytes(), tekst.as_bytes())?;
            Ok(())
        })
    }

    fn zet_woordenlijst_als(&self, naam: &str, verwacht: &str, standaard: &str, tekst: &str) -> Result<()> {
        super::usecase::zet_woordenlijst_als(self, naam, verwacht, standaard, tekst)
    }

    fn is_empty(&self) -> Result<bool> {
        self.with(|inner| {
            for t in [T_KAART, T_CONTACTS, T_CASES, T_ONDS, T_CLAIMS, T_AUDIT, T_AUDIT_META, T_PLANNEN, T_OPVOLGINGEN] {
                if inner.trees[t].iter().keys().any(|k| k.is_ok_and(|k| !k.starts_with(b"m/"))) {
                    return Ok(false);
                }
            }
            if inner.trees[T_META].scan_prefix(LIJST).next().is_some() {
                return Ok(false);
            }
            for name in [T_ACCOUNTS, TREE_BEHEER_STAAT, TREE_BEHEER_HISTORIE] {
                if !inner.db.open_tree(name).map_err(io)?.is_empty() {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    // --- account ---
    fn accounts(&self) -> Result<Vec<loket_domain::account::Account>> {
        self.accounts_impl()
    }

    fn account(&self, naam: &str) -> Result<Option<loket_domain::account::Account>> {
        let key = loket_domain::account::Account::sleutel(naam);
        self.accounts_tree(|_, tree| {
            tree.get(key.as_bytes())
                .map_err(io)?
                .map(|v| decode(&v).map_err(codec_err(format!("account {key}"))))
                .transpose()
        })
    }

    fn account_toevoegen(&self, a: &loket_domain::account::Account) -> Result<()> {
        let _one = ACCOUNT_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        let bestaand = self.accounts_impl()?;
        loket_domain::account::check_toevoegen(&bestaand, a).map_err(StoreError::Refused)?;
        self.put_account(a)
    }

    fn account_blokkeren(&self, naam: &str, geblokkeerd: bool) -> Result<loket_domain::account::Account> {
        let _one = ACCOUNT_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        let bestaand = self.accounts_impl()?;
        let a = loket_domain::account::check_blokkeren(&bestaand, naam, geblokkeerd).map_err(StoreError::Refused)?;
        self.put_account(&a)?;
        Ok(a)
    }

    fn import_all(&self, all: &super::migreer::Alles) -> Result<()> {
        let kaart = kaart_records(&all.kaart)?;
        let mut onds = Vec::new();
        for o in &all.ondersteuners {
            onds.push((o.id.clone(), enc(|| format!("cliëntondersteuner {}", o.id), o)?));
        }
        let mut contacts = Vec::new();
        for c in &all.contacts {
            contacts.push((
                c.id,
                with_rev(c.rev.max(1), &enc(|| format!("contact {}", c.id), super::sealing::seal(c)?.as_ref())?),
            ));
        }
        let mut cases = Vec::new();
        for k in &all.cases {
            cases.push((k.id, with_rev(k.rev.max(1), &enc(|| format!("dossier {}", k.id), k)?)));
        }
        let mut claims: std::collections::BTreeMap<String, Claims> = Default::default();
        for b in &all.bookings {
            let c = claims.entry(b.ondersteuner_id.clone()).or_default();
            c.0.push(Claim { start: b.start, eind: b.eind, case_id: b.case_id, door: b.door.clone() });
        }
        let mut plannen = Vec::new();
        for p in &all.plannen {
            plannen.push((p.dossier_id, with_rev(p.rev.max(1), &enc(|| format!("leefplan {}", p.dossier_id), p)?)));
        }
        let mut opvolgingen = Vec::new();
        for v in &all.opvolgingen {
            opvolgingen
                .push((v.contact_id, with_rev(v.rev.max(1), &enc(|| format!("opvolging {}", v.contact_id), v)?)));
        }
        let mut claim_bytes = Vec::new();
        for (sup, c) in &claims {
            claim_bytes.push((sup.clone(), enc(|| format!("afspraken van {sup}"), c)?));
        }
        let max_contact = all.contacts.iter().map(|c| c.id).max().unwrap_or(0).max(all.tellers.contact);
        let max_case = all.cases.iter().map(|c| c.id).max().unwrap_or(0).max(all.tellers.dossier);
        let mut accounts = Vec::new();
        for a in &all.accounts {
            accounts.push((loket_domain::account::Account::sleutel(&a.naam), enc(|| "account".to_string(), a)?));
        }
        let mut staten = Vec::new();
        for b in &all.beheer_staten {
            staten.push((b.sleutel.clone(), enc(|| format!("kaartbeheer {}", b.sleutel), b)?));
        }
        let mut historie = Vec::new();
        for (n, w) in &all.beheer_historie {
            historie.push((*n, enc(|| format!("kaartwijziging {n}"), w)?));
        }
        let max_hist = all.beheer_historie.iter().map(|h| h.0).max().unwrap_or(0);
        self.kaart_changing()?;
        let _changed = OnDrop(|| self.kaart_changed());
        let _one = KAART_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        self.with(|inner| {
            // every tree in one transaction: the fixed ones, then accounts and the map's upkeep
            let extra = [T_ACCOUNTS, TREE_BEHEER_STAAT, TREE_BEHEER_HISTORIE]
                .iter()
                .map(|n| inner.db.open_tree(n))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(io)?;
            let trees: Vec<&sled::Tree> = inner.trees.iter().chain(extra.iter()).collect();
            let (t_acc, t_staat, t_hist) = (TREES.len(), TREES.len() + 1, TREES.len() + 2);
            trees
                .as_slice()
                .transaction(|t| {
                    tel_erbij(&t[T_KAART], &kaart)?;
                    for (k, v) in &kaart {
                        t[T_KAART].insert(k.as_slice(), v.as_slice())?;
                    }
                    for (id, v) in &onds {
                        t[T_ONDS].insert(id.as_bytes(), v.as_slice())?;
                    }
                    for (id, v) in &contacts {
                        t[T_CONTACTS].insert(&id_key(*id), v.as_slice())?;
                    }
                    for (id, v) in &cases {
                        t[T_CASES].insert(&id_key(*id), v.as_slice())?;
                    }
                    for (sup, v) in &claim_bytes {
                        t[T_CLAIMS].insert(sup.as_bytes(), v.as_slice())?;
                    }
                    for (id, v) in &plannen {
                        t[T_PLANNEN].insert(&id_key(*id), v.as_slice())?;
                    }
                    for (id, v) in &opvolgingen {
                        t[T_OPVOLGINGEN].insert(&id_key(*id), v.as_slice())?;
                    }
                    t[T_META].insert(SEQ_CONTACT, &max_contact.to_be_bytes())?;
                    t[T_META].insert(SEQ_CASE, &max_case.to_be_bytes())?;
                    for (naam, tekst) in &all.woordenlijsten {
                        t[T_META].insert([LIJST, naam.as_bytes()].concat(), tekst.as_bytes())?;
                    }
                    for (k, v) in &accounts {
                        t[t_acc].insert(k.as_bytes(), v.as_slice())?;
                    }
                    // the audit log byte for byte, with its head; then the new entries after it
                    for (nr, bytes) in &all.audit.regels {
                        t[T_AUDIT].insert(&id_key(*nr), bytes.as_slice())?;
                    }
                    if let Some((nr, h)) = all.audit.kop {
                        t[T_AUDIT_META].insert(AUDIT_KOP, audit::kop_bytes(nr, &h))?;
                    }
                    audit_append_tx(t, &all.audit_erbij)?;
                    for (k, v) in &staten {
                        t[t_staat].insert(k.as_bytes(), v.as_slice())?;
                    }
                    for (n, v) in &historie {
                        t[t_hist].insert(&id_key(*n), v.as_slice())?;
                    }
                    t[T_META].insert(SEQ_BEHEER, &max_hist.to_be_bytes())?;
                    t[T_KAART].insert(SEEDED, &[1u8][..])?;
                    t[T_KAART].insert(KAART_VERSIE, &1u64.to_be_bytes())?;
                    Ok(())
                })
                .map_err(tx_err)?;
            inner.db.flush().map_err(io)?;
            self.kop_vastleggen(inner);
            Ok(())
        })
    }

    // --- migreer ---
    fn id_tellers(&self) -> Result<super::migreer::IdTellers> {
        self.with(|inner| {
            let get = |k: &[u8]| -> Result<u64> {
                Ok(inner.trees[T_META].get(k).map_err(io)?.and_then(|v| key_id(&v)).unwrap_or(0))
            };
            Ok(super::migreer::IdTellers { contact: get(SEQ_CONTACT)?, dossier: get(SEQ_CASE)? })
        })
    }

    fn woordenlijsten(&self) -> Result<Vec<(String, String)>> {
        self.with(|inner| {
            let mut out = Vec::new();
            for kv in inner.trees[T_META].scan_prefix(LIJST) {
                let (k, v) = kv.map_err(io)?;
                out.push((
                    String::from_utf8_lossy(&k[LIJST.len()..]).into_owned(),
                    String::from_utf8_lossy(&v).into_owned(),
                ));
            }
            Ok(out)
        })
    }

    fn beheer_historie_genummerd(&self) -> Result<Loaded<Vec<(u64, Wijziging)>>> {
        self.with(|inner| {
            let t = inner.db.open_tree(TREE_BEHEER_HISTORIE).map_err(io)?;
            let mut out = Loaded::<Vec<(u64, Wijziging)>>::default();
            for kv in t.iter() {
                let (k, v) = kv.map_err(io)?;
                let n = key_id(&k).unwrap_or(0);
                match decode::<Wijziging>(&v) {
                    Ok(w) => out.value.push((n, w)),
                    Err(e) => out.skipped.push(format!("kaartwijziging {n}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn zet_beschikbaarheid(
        &self,
        basis: &Clientondersteuner,
        nieuw: &Clientondersteuner,
        nu: chrono::NaiveDateTime,
        akkoord: &[u64],
        door: &str,
    ) -> Result<loket_domain::beschikbaarheid::Uitkomst> {
        super::usecase::zet_beschikbaarheid(self, basis, nieuw, nu, akkoord, door)
    }

    fn bookings(&self) -> Result<Loaded<Vec<Booking>>> {
        self.with(|inner| {
            let mut out = Loaded::<Vec<Booking>>::default();
            for kv in inner.trees[T_CLAIMS].iter() {
                let (k, v) = kv.map_err(io)?;
                let sup = String::from_utf8_lossy(&k).into_owned();
                match decode::<Claims>(&v) {
                    Ok(claims) => out.value.extend(claims.0.into_iter().map(|c| Booking {
                        ondersteuner_id: sup.clone(),
                        start: c.start,
                        eind: c.eind,
                        case_id: c.case_id,
                        door: c.door,
                    })),
                    Err(e) => out.skipped.push(format!("afspraken van {sup}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn account_pin_zetten(&self, naam: &str, pin_hash: &str) -> Result<()> {
        let _one = ACCOUNT_WRITE.lock().unwrap_or_else(|p| p.into_inner());
        let Some(mut a) = self.account(naam)? else {
            return Err(StoreError::NotFound(format!("account '{}'", naam.trim())));
        };
        a.pin_hash = pin_hash.to_string();
        self.put_account(&a)
    }

    fn aanmelden_mislukt(&self, sleutel: &str, log: &[Gebeurtenis]) -> Result<u32> {
        let key = format!("{AANMELDFOUTEN}{sleutel}");
        self.tx(|t| {
            let n = read_u64(&t[T_META], key.as_bytes())? + 1;
            t[T_META].insert(key.as_bytes(), &n.to_be_bytes())?;
            audit_append_tx(t, log)?;
            Ok(n.min(u64::from(u32::MAX)) as u32)
        })
    }

    fn aanmeldfouten(&self, sleutel: &str) -> Result<u32> {
        let key = format!("{AANMELDFOUTEN}{sleutel}");
        self.with(|inner| {
            let v = inner.trees[T_META].get(key.as_bytes()).map_err(io)?;
            let n = v.and_then(|v| <[u8; 8]>::try_from(v.as_ref()).ok()).map(u64::from_be_bytes).unwrap_or(0);
            Ok(n.min(u64::from(u32::MAX)) as u32)
        })
    }

    fn aanmeldfouten_wissen(&self, sleutel: &str, log: &[Gebeurtenis]) -> Result<()> {
        let key = format!("{AANMELDFOUTEN}{sleutel}");
        self.tx(|t| {
            t[T_META].remove(key.as_bytes())?;
            audit_append_tx(t, log)
        })
    }

    fn audit_append(&self, log: &[Gebeurtenis]) -> Result<()> {
        if log.is_empty() {
            return Ok(());
        }
        self.tx(|t| audit_append_tx(t, log))
    }

    fn audit_raw(&self) -> Result<audit::Ruw> {
        self.with(|inner| {
            let mut out = audit::Ruw::default();
            for kv in inner.trees[T_AUDIT].iter() {
                let (k, v) = kv.map_err(io)?;
                out.regels.push((key_id(&k).unwrap_or(0), v.to_vec()));
            }
            out.kop = inner.trees[T_AUDIT_META].get(AUDIT_KOP).map_err(io)?.and_then(|v| audit::kop_lezen(&v));
            out.vastgelegd = audit::kop_bestand_lezen(&self.path.join(audit::KOP_BESTAND))
                .map_err(|e| StoreError::Io(format!("{} niet te lezen: {}", audit::KOP_BESTAND, e.kind())))?;
            Ok(out)
        })
    }

    fn audit_prune(&self, grens: chrono::NaiveDateTime, controlepunt: &Gebeurtenis) -> Result<usize> {
        // the prefix of entries from before `grens` (the log is in time order)
        let weg: Vec<(u64, Vec<u8>)> = self.with(|inner| {
            let mut weg = Vec::new();
            for kv in inner.trees[T_AUDIT].iter() {
                let (k, v) = kv.map_err(io)?;
                match decode::<Regel>(&v) {
                    Ok(r) if r.op < grens => weg.push((key_id(&k).unwrap_or(0), v.to_vec())),
                    _ => break,
                }
            }
            Ok(weg)
        })?;
        let Some((laatste, bytes)) = weg.last().cloned() else { return Ok(0) };
        self.herschrijven_nodig()?;
        let mut g = controlepunt.clone();
        g.handeling = audit::Handeling::Controlepunt { tot_nr: laatste, hash: audit::hash(&bytes) };
        self.tx(|t| {
            if t[T_AUDIT].get(id_key(laatste))?.as_deref() != Some(&bytes[..]) {
                return abort(StoreError::Conflict { what: "het auditlogboek".into(), door: String::new() });
            }
            for (nr, _) in &weg {
                t[T_AUDIT].remove(&id_key(*nr))?;
            }
            audit_append_tx(t, std::slice::from_ref(&g))
        })?;
        Ok(weg.len())
    }

    fn overschrijf_met_plannen(
        &self,
        contacts: &[Contact],
        cases: &[Case],
        plannen: &[Plan],
        opvolgingen: &[Verwijzingsopvolging],
        log: &[Gebeurtenis],
    ) -> Result<()> {
        super::usecase::overschrijf(self, contacts, cases, plannen, opvolgingen, log)
    }

    fn plan(&self, dossier_id: u64) -> Result<Option<Plan>> {
        self.with(|inner| {
            let Some(v) = inner.trees[T_PLANNEN].get(id_key(dossier_id)).map_err(io)? else { return Ok(None) };
            let (rev, rec) = split_rev(&v);
            let mut p: Plan = decode(rec).map_err(codec_err(format!("leefplan {dossier_id}")))?;
            p.rev = rev;
            Ok(Some(p))
        })
    }

    fn plannen(&self) -> Result<Loaded<Vec<Plan>>> {
        let l = self.scan_lenient::<Plan>(T_PLANNEN, b"", true, &mut |_| {})?;
        Ok(Loaded {
            value: l
                .value
                .into_iter()
                .map(|(rev, mut p)| {
                    p.rev = rev;
                    p
                })
                .collect(),
            skipped: l.skipped,
        })
    }

    fn save_plan_gelogd(&self, plan: &Plan, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_plan(self, plan, log)
    }

    fn opvolgingen(&self) -> Result<Loaded<Vec<Verwijzingsopvolging>>> {
        let l = self.scan_lenient::<Verwijzingsopvolging>(T_OPVOLGINGEN, b"", true, &mut |_| {})?;
        Ok(Loaded {
            value: l
                .value
                .into_iter()
                .map(|(rev, mut v)| {
                    v.rev = rev;
                    v
                })
                .collect(),
            skipped: l.skipped,
        })
    }

    fn save_opvolging_gelogd(&self, v: &Verwijzingsopvolging, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_opvolging(self, v, log)
    }

    fn herstelmeldingen(&self) -> Vec<String> {
        SledStore::herstelmeldingen(self)
    }

    /// Rewrite the store into fresh files, so that overwritten and removed values are gone from
    /// disk. Crash-safe: the fresh store is built in a new generation directory beside the
    /// current one and fsynced, file by file; then the pointer [`HUIDIG`] is written, fsynced
    /// and renamed into place (the one atomic switch); only then are the old files removed. An
    /// interruption anywhere leaves either the old store (before the rename) or the new one
    /// (after it) complete, and the next open removes the other ([`herstel_herschrijving`]).
    fn compacteer(&self) -> Result<()> {
        let fout = |what: &str, e: std::io::Error| StoreError::Io(format!("herschrijven ({what}): {}", e.kind()));
        self.ensure_open()?;
        // no other operation of this store while it is copied and switched
        let mut w = self.inner.write().expect("lock");
        if w.is_none() {
            *w = Some(self.open_inner()?);
        }
        let (oud_dir, n) = {
            let inner = w.as_ref().expect("open");
            (inner.dir.clone(), inner.generatie)
        };
        let naam = format!("{GENERATIE}{}", n + 1);
        let nieuw = self.path.join(&naam);
        if nieuw.exists() {
            std::fs::remove_dir_all(&nieuw).map_err(|e| fout("oude kopie", e))?;
        }
        // 1. every tree, key by key, into a fresh store: only the current values are written
        let kopie = (|| -> Result<()> {
            let inner = w.as_ref().expect("open");
            inner.db.flush().map_err(io)?;
            let fresh = sled::Config::new()
                .path(&nieuw)
                .cache_capacity(CACHE_BYTES)
                .mode(sled::Mode::LowSpace)
                .open()
                .map_err(io)?;
            for name in inner.db.tree_names() {
                let from = inner.db.open_tree(&name).map_err(io)?;
                let to = fresh.open_tree(&name).map_err(io)?;
                for kv in from.iter() {
                    let (k, v) = kv.map_err(io)?;
                    to.insert(k, v).map_err(io)?;
                }
            }
            fresh.flush().map_err(io)?;
            Ok(())
        })();
        if let Err(e) = kopie {
            let _ = std::fs::remove_dir_all(&nieuw);
            if matches!(e, StoreError::DiskFull | StoreError::Io(_)) {
                *w = None;
            }
            return Err(e);
        }
        super::kill_point("herschrijf:gekopieerd");
        wacht_op_slot(&nieuw);
        // 2. the fresh files on disk, and the new directory's entry
        fsync_boom(&nieuw).map_err(|e| fout("fsync", e))?;
        super::kill_point("herschrijf:nieuw-fsync");
        fsync(&self.path).map_err(|e| fout("fsync", e))?;
        super::kill_point("herschrijf:datamap-fsync");
        // 3. the switch: the pointer, written whole and fsynced, renamed into place, fsynced
        let tmp = self.path.join(HUIDIG_TMP);
        {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp).map_err(|e| fout("wijzer", e))?;
            f.write_all(format!("{naam}\n").as_bytes()).map_err(|e| fout("wijzer", e))?;
            super::kill_point("herschrijf:wijzer-geschreven");
            f.sync_all().map_err(|e| fout("wijzer", e))?;
        }
        super::kill_point("herschrijf:wijzer-fsync");
        std::fs::rename(&tmp, self.path.join(HUIDIG)).map_err(|e| fout("wisselen", e))?;
        super::kill_point("herschrijf:wijzer-verplaatst");
        fsync(&self.path).map_err(|e| fout("wisselen", e))?;
        super::kill_point("herschrijf:wijzer-vast");
        // 4. close the old store and remove its files (an interruption is finished at the next open)
        *w = None;
        wacht_op_slot(&oud_dir);
        let verwijder = || -> std::io::Result<()> {
            if n == 0 {
                for e in std::fs::read_dir(&self.path)? {
                    let e = e?;
                    if !is_sled_file(&e.file_name().to_string_lossy()) {
                        continue;
                    }
                    if e.file_type()?.is_dir() {
                        std::fs::remove_dir_all(e.path())?;
                    } else {
                        std::fs::remove_file(e.path())?;
                    }
                    super::kill_point("herschrijf:oud-deels-weg");
                }
            } else {
                std::fs::remove_file(oud_dir.join("db"))?;
                super::kill_point("herschrijf:oud-deels-weg");
                std::fs::remove_dir_all(&oud_dir)?;
            }
            fsync(&self.path)
        };
        verwijder().map_err(|e| fout("oude bestanden", e))?;
        super::kill_point("herschrijf:oud-weg");
        // 5. nothing is owed any more
        match std::fs::remove_file(self.path.join(HERSCHRIJVEN_NODIG)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(fout("markering", e)),
            _ => fsync(&self.path).map_err(|e| fout("fsync", e))?,
        }
        // 6. open the fresh files
        drop(w);
        let mut tries = 0;
        loop {
            match self.ensure_open() {
                Err(StoreError::Locked(_)) if tries < 20 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    // --- beheer ---
    fn beheer_staten(&self) -> Result<Loaded<Vec<Beheer>>> {
        self.with(|inner| {
            let t = inner.db.open_tree(TREE_BEHEER_STAAT).map_err(io)?;
            let mut out = Loaded::<Vec<Beheer>>::default();
            for kv in t.iter() {
                let (k, v) = kv.map_err(io)?;
                match decode::<Beheer>(&v) {
                    Ok(b) => out.value.push(b),
                    Err(e) => out.skipped.push(format!("kaartbeheer {}: {e}", String::from_utf8_lossy(&k))),
                }
            }
            Ok(out)
        })
    }

    fn beheer_historie(&self, sleutel: Option<&str>) -> Result<Loaded<Vec<Wijziging>>> {
        self.with(|inner| {
            let t = inner.db.open_tree(TREE_BEHEER_HISTORIE).map_err(io)?;
            let mut out = Loaded::<Vec<Wijziging>>::default();
            for kv in t.iter() {
                let (k, v) = kv.map_err(io)?;
                match decode::<Wijziging>(&v) {
                    Ok(w) if sleutel.is_none_or(|s| s == w.sleutel) => out.value.push(w),
                    Ok(_) => {}
                    Err(e) => out.skipped.push(format!("kaartwijziging {}: {e}", key_id(&k).unwrap_or(0))),
                }
            }
            Ok(out)
        })
    }

    fn beheer_meld(&self, sleutel: &str, melding: &Melding) -> Result<Beheer> {
        super::usecase::beheer_meld(self, sleutel, melding)
    }

    fn beheer_schrijf(&self, s: &BeheerSchrijf) -> Result<()> {
        // a large map (an import that archives entries or meets the beheerder's corrections)
        // goes through the staged generation, never as one transaction in memory
        if s.kaart.organisaties.len() + s.kaart.voorzieningen.len() + s.kaart.regelingen.len() > KAART_STUK {
            return self.beheer_generatie_schrijven(s, KAART_STUK);
        }
        super::usecase::beheer_schrijf(self, s)
    }
}

/// The upkeep of a map write, encoded: (key, state) and the history entries.
struct BeheerBytes {
    staten: Vec<(String, Vec<u8>)>,
    historie: Vec<Vec<u8>>,
}

fn beheer_bytes(s: &BeheerSchrijf) -> Result<BeheerBytes> {
    let mut staten = Vec::new();
    for b in &s.staten {
        staten.push((b.sleutel.clone(), enc(|| format!("kaartbeheer {}", b.sleutel), b)?));
    }
    let mut historie = Vec::new();
    for w in &s.historie {
        historie.push(enc(|| format!("kaartwijziging {}", w.sleutel), w)?);
    }
    Ok(BeheerBytes { staten, historie })
}

/// In one transaction: check that each change of `historie` started from what the current map
/// and upkeep hold, write the upkeep `b`, and make the generation `naam` the map.
fn schrijf_beheer_en_wissel(inner: &Inner, historie: &[Wijziging], b: &BeheerBytes, naam: &str) -> Result<()> {
    let staat = inner.db.open_tree(TREE_BEHEER_STAAT).map_err(io)?;
    let hist = inner.db.open_tree(TREE_BEHEER_HISTORIE).map_err(io)?;
    (&inner.trees[T_KAART], &staat, &hist, &inner.trees[T_META])
        .transaction(|(k, st, h, m)| {
            for w in historie {
                let rec = k.get(w.sleutel.as_bytes())?;
                let bs = st.get(w.sleutel.as_bytes())?;
                match super::kaartbeheer::nog_actueel(w, rec.as_deref(), bs.as_deref()) {
                    Ok(true) => {}
                    Ok(false) => return abort(super::kaartbeheer::conflict(w)),
                    Err(e) => return abort(e),
                }
            }
            for (key, v) in &b.staten {
                st.insert(key.as_bytes(), v.clone())?;
            }
            for w in &b.historie {
                let n = next_seq(m, SEQ_BEHEER)?;
                h.insert(&id_key(n), w.clone())?;
            }
            m.insert(KAART_BOOM, naam.as_bytes())?;
            Ok(())
        })
        .map_err(tx_err)
}

// --- account ---
/// The tree of accounts: key = the name trimmed and lower-cased, value = the stored Account.
const T_ACCOUNTS: &str = "account_accounts";
/// One writer of accounts at a time (a sled store has one process): the checks of
/// `check_toevoegen` / `check_blokkeren` and the write they allow are one step.
static ACCOUNT_WRITE: std::sync::Mutex<()> = std::sync::Mutex::new(());

impl SledStore {
    fn accounts_tree<R>(&self, f: impl FnOnce(&sled::Db, &sled::Tree) -> Result<R>) -> Result<R> {
        self.with(|inner| {
            let tree = inner.db.open_tree(T_ACCOUNTS).map_err(io)?;
            f(&inner.db, &tree)
        })
    }

    pub(crate) fn accounts_impl(&self) -> Result<Vec<loket_domain::account::Account>> {
        self.accounts_tree(|_, tree| {
            let mut out = Vec::new();
            for kv in tree.iter() {
                let (k, v) = kv.map_err(io)?;
                out.push(decode(&v).map_err(codec_err(format!("account {}", String::from_utf8_lossy(&k))))?);
            }
            Ok(out)
        })
    }

    /// Write one account in a transaction on its tree, flushed.
    fn put_account(&self, a: &loket_domain::account::Account) -> Result<()> {
        let bytes = enc(|| "account".to_string(), a)?;
        let key = loket_domain::account::Account::sleutel(&a.naam);
        self.accounts_tree(|db, tree| {
            tree.transaction(|t| {
                t.insert(key.as_bytes(), bytes.as_slice())?;
                Ok::<_, ConflictableTransactionError<StoreError>>(())
            })
            .map_err(tx_err)?;
            db.flush().map_err(io)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_open_is_locked_with_dutch_message() {
        let dir = tempfile::tempdir().unwrap();
        let _first = SledStore::open(dir.path()).unwrap();
        let err = SledStore::open(dir.path()).err().expect("second open must fail");
        assert!(matches!(err, StoreError::Locked(_)), "{err}");
        assert!(err.to_string().contains("al in gebruik"));
    }

    #[test]
    fn reopens_in_process_after_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let id = s.new_contact_id().unwrap();
        // what an IO error does: close the database; the next call opens it again
        *s.inner.write().unwrap() = None;
        assert_eq!(s.new_contact_id().unwrap(), id + 1);
    }

    #[test]
    fn a_store_of_a_newer_layout_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let id = s.new_contact_id().unwrap();
        assert!(id > 0);
        {
            let g = s.inner.read().unwrap();
            let inner = g.as_ref().unwrap();
            inner.trees[T_META].insert(LAYOUT_KEY, &(LAYOUT + 1).to_be_bytes()).unwrap();
            inner.db.flush().unwrap();
        }
        drop(s);
        let err = SledStore::open(dir.path()).err().expect("a newer layout must be refused");
        assert!(err.to_string().contains("nieuwere versie van loket"), "{err}");
        assert!(err.to_string().contains(&format!("opslagindeling {}", LAYOUT + 1)), "{err}");
    }

    #[test]
    fn revision_survives_reopen_and_legacy_values_count_as_one() {
        assert_eq!(split_rev(&with_rev(7, b"x")), (7, &b"x"[..]));
        assert_eq!(split_rev(&[1, 2, 3]), (1, &[1u8, 2, 3][..]));
    }
}

#[cfg(test)]
mod compact_tests {
    use super::*;

    #[test]
    fn compacteer_keeps_the_data_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let id = s.new_contact_id().unwrap();
        s.compacteer().unwrap();
        assert_eq!(s.new_contact_id().unwrap(), id + 1);
        s.compacteer().unwrap();
        assert_eq!(s.new_contact_id().unwrap(), id + 2);
        s.compacteer().unwrap();
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.new_contact_id().unwrap(), id + 3);
        // one generation, the pointer names it, no old files beside it, nothing owed
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.iter().filter(|n| n.starts_with(GENERATIE)).count(), 1, "{names:?}");
        assert!(names.iter().all(|n| !is_sled_file(n)), "{names:?}");
        assert_eq!(std::fs::read_to_string(dir.path().join(HUIDIG)).unwrap().trim(), "opslag.3");
        assert!(!dir.path().join(HERSCHRIJVEN_NODIG).exists());
    }

    /// A store closed in today's layout (sled's files in the data directory); the last id.
    fn oude_indeling(dir: &Path) -> u64 {
        let s = SledStore::open(dir).unwrap();
        let id = s.new_contact_id().unwrap();
        drop(s);
        wacht_op_slot(dir);
        id
    }

    #[test]
    fn a_pointer_to_a_missing_generation_is_refused_not_guessed() {
        let dir = tempfile::tempdir().unwrap();
        oude_indeling(dir.path());
        std::fs::write(dir.path().join(HUIDIG), "opslag.7\n").unwrap();
        let e = SledStore::open(dir.path()).err().expect("must not open the other files");
        assert!(e.to_string().contains("opslag.7"), "{e}");
    }

    #[test]
    fn leftovers_of_the_old_rewrite_never_cost_the_store() {
        // its half-built copy (no marker) goes; the store is untouched
        let dir = tempfile::tempdir().unwrap();
        let id = oude_indeling(dir.path());
        std::fs::create_dir_all(dir.path().join(LEGACY_NIEUW)).unwrap();
        std::fs::write(dir.path().join(LEGACY_NIEUW).join("db"), b"half").unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.new_contact_id().unwrap(), id + 1);
        assert!(!dir.path().join(LEGACY_NIEUW).exists());
        drop(s);

        // the issue's case: every new file moved in, only the marker left, the old files in .oud:
        // the data directory holds the store, both leftovers go
        let dir = tempfile::tempdir().unwrap();
        let id = oude_indeling(dir.path());
        std::fs::create_dir_all(dir.path().join(LEGACY_NIEUW)).unwrap();
        std::fs::write(dir.path().join(LEGACY_NIEUW).join(LEGACY_KLAAR), b"").unwrap();
        std::fs::create_dir_all(dir.path().join(LEGACY_OUD)).unwrap();
        std::fs::write(dir.path().join(LEGACY_OUD).join("db"), b"oud").unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.new_contact_id().unwrap(), id + 1, "the store in the data directory was kept");
        assert!(!dir.path().join(LEGACY_NIEUW).exists() && !dir.path().join(LEGACY_OUD).exists());
        drop(s);

        // a switch under way (new files still to move): it can't be told which set is whole, so
        // nothing is removed and nothing is opened (not an empty store in its place); it says so
        let dir = tempfile::tempdir().unwrap();
        oude_indeling(dir.path());
        std::fs::create_dir_all(dir.path().join(LEGACY_NIEUW)).unwrap();
        std::fs::write(dir.path().join(LEGACY_NIEUW).join(LEGACY_KLAAR), b"").unwrap();
        std::fs::write(dir.path().join(LEGACY_NIEUW).join("conf"), b"nieuw").unwrap();
        std::fs::create_dir_all(dir.path().join(LEGACY_OUD)).unwrap();
        std::fs::write(dir.path().join(LEGACY_OUD).join("snap.0000000000000001"), b"oud").unwrap();
        let e = SledStore::open(dir.path()).err().expect("refused");
        assert!(e.to_string().contains("niets verwijderd"), "{e}");
        assert!(dir.path().join(LEGACY_NIEUW).join("conf").exists());
        assert!(dir.path().join(LEGACY_OUD).join("snap.0000000000000001").exists());
        assert!(dir.path().join("db").exists());
    }

    #[test]
    fn an_owed_rewrite_is_done_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let id = oude_indeling(dir.path());
        std::fs::write(dir.path().join(HERSCHRIJVEN_NODIG), b"").unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert!(!dir.path().join(HERSCHRIJVEN_NODIG).exists());
        assert!(dir.path().join(HUIDIG).exists());
        assert_eq!(s.new_contact_id().unwrap(), id + 1);
        assert!(s.herstelmeldingen().join(" ").contains("afgemaakt"));
    }
}

#[cfg(test)]
mod schijf_vol_tests {
    use super::*;

    /// A store with a few ids given out and an audit entry, closed; returns the last id.
    fn store_met_gegevens(dir: &Path) -> u64 {
        let s = SledStore::open(dir).unwrap();
        let mut id = 0;
        for _ in 0..5 {
            id = s.new_contact_id().unwrap();
        }
        let op = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        s.audit_append(&[Gebeurtenis::new(op, "Anna", audit::Handeling::Bekeken, audit::Onderwerp::Contact(id))])
            .unwrap();
        drop(s);
        wacht_op_slot(dir);
        id
    }

    /// What a full disk leaves: a `snap.*.generating` file sled takes for its
    /// newest snapshot. The store opens again, with its data, and says what happened.
    fn opent_na_halve_snapshot(inhoud: impl FnOnce(&Path) -> Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let id = store_met_gegevens(dir.path());
        let bytes = inhoud(dir.path());
        let halve = dir.path().join("snap.FFFFFFFFFFFFFFF0.generating");
        std::fs::write(&halve, bytes).unwrap();
        let s = SledStore::open(dir.path()).unwrap_or_else(|e| panic!("opens after a full disk: {e}"));
        assert_eq!(s.new_contact_id().unwrap(), id + 1, "the ids given out are still known");
        assert_eq!(audit::controleer(&s.audit_raw().unwrap()).unwrap().len(), 1, "the audit log is still there");
        assert!(!halve.exists());
        let m = s.herstelmeldingen().join("\n");
        assert!(m.contains("volle schijf") && m.contains("momentopname"), "{m}");
    }

    #[test]
    fn an_empty_generating_snapshot_is_cleared_and_the_store_opens() {
        opent_na_halve_snapshot(|_| Vec::new());
    }

    #[test]
    fn a_partial_generating_snapshot_is_cleared_and_the_store_opens() {
        opent_na_halve_snapshot(|dir| {
            // the first half of a real snapshot, or bytes enough to get past sled's length check
            let echt = std::fs::read_dir(dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .find(|e| e.file_name().to_string_lossy().starts_with("snap."))
                .map(|e| std::fs::read(e.path()).unwrap());
            match echt {
                Some(b) if b.len() > 40 => b[..b.len() / 2].to_vec(),
                _ => vec![7u8; 300],
            }
        });
    }
}

#[cfg(test)]
mod generatie_tests {
    use super::*;
    use crate::Store;

    fn kaart(n: usize, seed: u64) -> Kaart {
        loket_catalog::synth::generate(n, seed)
    }

    fn boomnamen(s: &SledStore) -> Vec<String> {
        let g = s.inner.read().unwrap();
        let mut v: Vec<String> = g
            .as_ref()
            .unwrap()
            .db
            .tree_names()
            .iter()
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .filter(|n| kaart_generatie(n).is_some())
            .collect();
        v.sort();
        v
    }

    /// The map as stored, with its count and version.
    fn stand(s: &SledStore) -> (Kaart, usize, u64) {
        let l = s.kaart_load(&mut |_| {}).unwrap();
        assert!(l.skipped.is_empty(), "{:?}", l.skipped);
        (l.value, s.kaart_count().unwrap(), s.kaart_versie().unwrap())
    }

    #[test]
    fn a_map_written_in_parts_equals_the_map_written_in_one_batch() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (sa, sb) = (SledStore::open(a.path()).unwrap(), SledStore::open(b.path()).unwrap());
        let eerste = kaart(1_200, 3);
        sa.kaart_generatie_schrijven(&eerste, 500).unwrap();
        sb.kaart_een_batch(&eerste).unwrap();
        assert_eq!(stand(&sa), stand(&sb));
        assert_eq!(stand(&sa).0.voorzieningen, eerste.voorzieningen, "field by field, every record");
        assert_eq!(boomnamen(&sa), vec!["kaart.1".to_string()], "the old generation is gone");
        // a second write over it: half replaced by id (another seed), half new, a key twice
        let mut tweede = kaart(700, 4);
        for v in tweede.voorzieningen.iter_mut().skip(1).step_by(2) {
            v.id = format!("nieuw-{}", v.id);
        }
        tweede.voorzieningen.push(tweede.voorzieningen[1].clone());
        sa.kaart_generatie_schrijven(&tweede, 300).unwrap();
        sb.kaart_een_batch(&tweede).unwrap();
        assert_eq!(stand(&sa), stand(&sb));
        assert_eq!(boomnamen(&sa), vec!["kaart.2".to_string()]);
        // it opens again with the same map, and survives a rewrite of the store
        let voor = stand(&sa);
        drop(sa);
        let sa = SledStore::open(a.path()).unwrap();
        assert_eq!(stand(&sa), voor);
        sa.compacteer().unwrap();
        assert_eq!(stand(&sa), voor);
        drop(sa);
        let sa = SledStore::open(a.path()).unwrap();
        assert_eq!(stand(&sa), voor);
        assert_eq!(boomnamen(&sa), vec!["kaart.2".to_string()]);
    }

    #[test]
    fn a_map_given_away_is_stored_as_a_borrowed_one_and_walked_in_parts_whole() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (sa, sb) = (SledStore::open(a.path()).unwrap(), SledStore::open(b.path()).unwrap());
        for (n, seed) in [(120, 5), (80, 6)] {
            let k = kaart(n, seed);
            sa.kaart_generatie_schrijven(&k, 30).unwrap();
            sb.kaart_generatie_schrijven_eigen(k, 30).unwrap();
            assert_eq!(stand(&sa), stand(&sb));
        }
        // the walk crosses many parts of BEKIJK_STUK records, the store let go of in between:
        // every record once, in the order of the whole map's load
        use loket_domain::beheer::Record;
        let (hele, aantal, _) = stand(&sb);
        let mut gezien = Kaart::default();
        let overgeslagen = sb
            .kaart_bekijk(&mut |r| match r {
                Record::Organisatie(o) => gezien.organisaties.push(o),
                Record::Voorziening(v) => gezien.voorzieningen.push(v),
                Record::Regeling(r) => gezien.regelingen.push(r),
            })
            .unwrap();
        assert!(overgeslagen.is_empty());
        assert!(aantal > 10 * BEKIJK_STUK && hele.voorzieningen.len() > 10 * BEKIJK_STUK, "{aantal}");
        assert!(gezien == hele, "every record once, in the order of the whole map's load");
        // and the store still works after letting go of its cache
        let erbij = kaart(3, 9);
        sb.kaart_een_batch(&erbij).unwrap();
        let (na, _, _) = stand(&sb);
        assert!(erbij.voorzieningen.iter().all(|v| na.voorzieningen.contains(v)));
    }

    #[test]
    fn a_large_map_with_upkeep_goes_through_the_generation_all_or_nothing() {
        use loket_domain::beheer::{Archief, Beheer, BeheerSchrijf, Soort, Wijziging};
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (sa, sb) = (SledStore::open(a.path()).unwrap(), SledStore::open(b.path()).unwrap());
        let eerste = kaart(1_200, 3);
        sa.kaart_een_batch(&eerste).unwrap();
        sb.kaart_een_batch(&eerste).unwrap();
        // a re-import: other records, one entry archived with its history line
        let sleutel = format!("v/{}", eerste.voorzieningen[0].id);
        let op = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let archief = Archief { op: op.date(), door: "import".into(), reden: "niet meer in de bron".into() };
        let w = Wijziging {
            sleutel: sleutel.clone(),
            op,
            door: "import".into(),
            soort: Soort::Vervallen,
            velden: Vec::new(),
            record_voor: Vec::new(),
            beheer_voor: encode(&Beheer::new(&sleutel)).unwrap(),
        };
        let schrijf = BeheerSchrijf {
            kaart: kaart(1_200, 4),
            staten: vec![Beheer { gearchiveerd: Some(archief), ..Beheer::new(&sleutel) }],
            historie: vec![w],
        };
        // in parts through a new generation, and as one transaction: the same store after
        sa.beheer_generatie_schrijven(&schrijf, 300).unwrap();
        sb.beheer_schrijf(&schrijf).unwrap();
        assert_eq!(stand(&sa), stand(&sb));
        let staten = |s: &SledStore| crate::kaartbeheer::staten(s).unwrap();
        assert_eq!(staten(&sa), staten(&sb));
        assert!(staten(&sa)[&sleutel].gearchiveerd.is_some());
        let historie = |s: &SledStore| s.beheer_historie(None).unwrap().value;
        assert_eq!(historie(&sa), historie(&sb));
        assert_eq!(historie(&sa).len(), 1);
        assert_eq!(boomnamen(&sa), vec!["kaart.1".to_string()]);
        // the same change again did not start from what is stored now: refused, nothing written,
        // the half-built generation gone
        let voor = (stand(&sa), staten(&sa), historie(&sa));
        let err = sa.beheer_generatie_schrijven(&BeheerSchrijf { kaart: kaart(1_200, 5), ..schrijf }, 300).unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert_eq!((stand(&sa), staten(&sa), historie(&sa)), voor);
        assert_eq!(boomnamen(&sa), vec!["kaart.1".to_string()]);
        drop(sa);
        let sa = SledStore::open(a.path()).unwrap();
        assert_eq!((stand(&sa), staten(&sa), historie(&sa)), voor);
    }

    #[test]
    fn a_failure_after_the_first_part_leaves_the_old_map_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.kaart_een_batch(&kaart(300, 1)).unwrap();
        let voor = stand(&s);
        FOUT_NA_EERSTE_STUK.with(|f| f.set(true));
        let err = s.kaart_generatie_schrijven(&kaart(1_500, 2), 400).unwrap_err();
        assert!(err.to_string().contains("na het eerste stuk"), "{err}");
        assert_eq!(stand(&s), voor, "the old map, complete and readable");
        assert_eq!(boomnamen(&s), vec!["kaart".to_string()], "the half-built generation is removed");
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(stand(&s), voor);
        // and the next write goes through
        let nieuw = kaart(1_500, 2);
        s.kaart_generatie_schrijven(&nieuw, 400).unwrap();
        let (na, aantal, _) = stand(&s);
        assert!(nieuw.voorzieningen.iter().all(|v| na.voorzieningen.contains(v)));
        assert_eq!(aantal, na.organisaties.len() + na.voorzieningen.len() + na.regelingen.len());
    }

    #[test]
    fn a_generation_left_half_built_is_removed_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.kaart_een_batch(&kaart(200, 1)).unwrap();
        let voor = stand(&s);
        {
            let g = s.inner.read().unwrap();
            let db = &g.as_ref().unwrap().db;
            let half = db.open_tree("kaart.1").unwrap();
            half.insert(b"v/half", &b"x"[..]).unwrap();
            db.flush().unwrap();
        }
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        assert!(s.herstelmeldingen().iter().any(|m| m.contains("onderbroken import")), "{:?}", s.herstelmeldingen());
        assert_eq!(stand(&s), voor);
        assert_eq!(boomnamen(&s), vec!["kaart".to_string()]);
    }

    #[test]
    fn a_name_of_a_missing_map_tree_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.raw_put("meta", KAART_BOOM, b"kaart.9").unwrap();
        drop(s);
        let err = SledStore::open(dir.path()).err().expect("no empty map shown as this one");
        assert!(err.to_string().contains("kaart.9"), "{err}");
    }
}

//! The data layer: one [`Store`] trait at the level of the domain, with two backends that behave
//! the same (the contract tests in `tests/store_contract.rs` run against both):
//! - [`SledStore`]: the embedded store in the data directory (one process, the default);
//! - [`PgStore`]: a shared PostgreSQL database for many desks.
//!
//! Each operation a desk performs is one transaction: all of it is stored, or none of it. The
//! changes (handoff, rebooking, saves, availability, map edits, erasure) are written once, in
//! [`usecase`], over the transaction primitives both backends give. Ids come from the store. Every contact and case carries a revision; a write based on a stale one is
//! refused with [`StoreError::Conflict`]. Stored values carry a version per type
//! ([`codec`], [`versions`]); an unreadable record is reported and skipped, never the end of a load.

pub mod audit;
pub mod booking;
pub mod codec;
pub mod contacts;
pub mod kaart;
pub mod kaartbeheer;
pub mod lijsten;
pub mod migreer;
pub mod offline;
pub mod pg;
pub mod pg_tabellen;
pub mod sealing;
pub mod sled_store;
pub mod usecase;
pub mod versions;
pub mod zoekindex;

pub mod auth;

use std::path::PathBuf;

use chrono::NaiveDateTime;

pub use codec::{decode, encode, CodecError, Stored};
pub use pg::PgStore;
pub use sled_store::SledStore;

use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::Kaart;
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::slots::Slot;

#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error("De gegevensmap {0} is al in gebruik door een ander loket-venster of -proces. Sluit dat eerst af (of gebruik --gegevensmap voor een andere map).")]
    Locked(PathBuf),
    #[error("Kan de gegevensmap {path} niet openen: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("de schijf is vol")]
    DiskFull,
    #[error("schrijven naar de schijf mislukt ({0})")]
    Io(String),
    #[error("de database was even bezet door een ander loket ({0}); probeer het opnieuw")]
    Busy(String),
    #[error("verbinding met de database kwijt ({0})")]
    Unavailable(String),
    #[error("{what} is intussen bijgewerkt{}", door_text(.door))]
    Conflict { what: String, door: String },
    #[error("{0} bestaat niet (meer)")]
    NotFound(String),
    #[error("opgeslagen gegeven onleesbaar ({what}): {source}")]
    Codec { what: String, source: CodecError },
    #[error("{0}")]
    Refused(String),
    /// The appointment time was taken meanwhile (another desk booked it): the whole write was
    /// rolled back. Write methods that book answer [`BookResult::Taken`] instead.
    #[error("die tijd is intussen bezet")]
    TijdBezet,
}

fn door_text(door: &str) -> String {
    if door.is_empty() {
        String::new()
    } else {
        format!(" door {door}")
    }
}

impl StoreError {
    /// Worth trying again later (space freed, server back), as opposed to a refusal.
    pub fn is_transient(&self) -> bool {
        matches!(self, StoreError::DiskFull | StoreError::Io(_) | StoreError::Busy(_) | StoreError::Unavailable(_))
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What a load could read, and one Dutch line per record that it could not read (skipped).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loaded<T> {
    pub value: T,
    pub skipped: Vec<String>,
}

/// Outcome of a handoff or a rebooking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookResult {
    /// Done; the case as stored (with its id, appointment and revision).
    Booked(Box<Case>),
    /// Someone else booked that time of this supporter first; nothing was written.
    Taken,
}

/// One booked appointment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Booking {
    pub ondersteuner_id: String,
    pub start: NaiveDateTime,
    pub eind: NaiveDateTime,
    pub case_id: u64,
    pub door: String,
}

/// A change made by another desk (shared store only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Contact(u64),
    Case(u64),
    /// The sociale kaart changed (an import, an edit).
    Kaart,
    /// The connection was lost and is back: reload everything.
    Reconnected,
    /// A supporter's availability changed.
    Ondersteuners,
    /// The desk's word lists changed.
    Woordenlijsten,
    /// An account changed (blocked, released, a new PIN): its key.
    Account(String),
}

/// The data layer of loket. Every method is one transaction.
pub trait Store: Send + Sync {
    /// Where the data is, for messages: a path, or server and database (never a password).
    fn describe(&self) -> String;
    /// Shared by several processes (so other desks' changes can arrive).
    fn is_shared(&self) -> bool {
        false
    }

    // --- the sociale kaart ---
    /// The whole map; `progress` is told now and then how many records were read.
    fn kaart_load(&self, progress: &mut dyn FnMut(usize)) -> Result<Loaded<Kaart>>;
    /// How many records the map has (organisaties, voorzieningen and regelingen; archived ones
    /// count, they stay stored). Kept in the store's metadata by every write of records, in the
    /// same transaction, so this is one read, not a scan.
    fn kaart_count(&self) -> Result<usize>;
    /// Insert or replace (by id) every record of `kaart`, in one transaction.
    fn kaart_write(&self, kaart: &Kaart) -> Result<()>;
    /// [`Store::kaart_write`] of a map the caller gives away, so a store that writes in parts
    /// can free each record once it is written (an import of 100 000 entries holds half a
    /// gigabyte of records).
    fn kaart_schrijven_eigen(&self, kaart: Kaart) -> Result<()> {
        self.kaart_write(&kaart)
    }
    /// Write `kaart` unless the map was seeded before; true when it seeded now.
    fn kaart_seed_once(&self, kaart: &Kaart) -> Result<bool>;
    /// Every record of the map, one at a time (organisaties, regelingen, voorzieningen), without
    /// holding the whole map: for a re-import, which needs of most records only their key and
    /// source. Returns what could not be read. The default reads the whole map first.
    fn kaart_bekijk(&self, f: &mut dyn FnMut(loket_domain::beheer::Record)) -> Result<Vec<String>> {
        let l = self.kaart_load(&mut |_| {})?;
        for r in loket_domain::beheer::Record::uit(l.value) {
            f(r);
        }
        Ok(l.skipped)
    }
    /// Let go of what the store keeps in memory of the records it read: after a walk over the
    /// whole map ([`Store::kaart_bekijk`]) the embedded store's page cache holds about the map's
    /// size on disk (370 MB at 100 000 imported entries), beyond its configured capacity. Nothing
    /// stored changes; a failure only means the memory stays in use.
    fn cache_vrijgeven(&self) {}
    /// The search snapshot kept with a shared map (the file's bytes), when it is of map version
    /// `versie`; None when there is none of that version, or the store keeps none (the embedded
    /// store: its snapshot is the file beside it).
    fn zoekindex_lezen(&self, _versie: u64) -> Result<Option<Vec<u8>>> {
        Ok(None)
    }
    /// Keep the search snapshot of map version `versie` with a shared map, for the desks that
    /// start without one (a newer one kept there stays). Refused for a role that may not change
    /// the map.
    fn zoekindex_bewaren(&self, _versie: u64, _data: &[u8]) -> Result<()> {
        Ok(())
    }
    /// A number that grows with every change of the map.
    fn kaart_versie(&self) -> Result<u64>;
    /// The records changed after `versie`, and the version now; `None` when this store can't
    /// tell (then reload the whole map).
    fn kaart_since(&self, _versie: u64) -> Result<Option<(u64, Kaart)>> {
        Ok(None)
    }

    // --- cliëntondersteuners ---
    fn ondersteuners(&self) -> Result<Loaded<Vec<Clientondersteuner>>>;
    /// Insert or replace these supporters (by id).
    fn save_ondersteuners(&self, list: &[Clientondersteuner]) -> Result<()>;

    // --- contacts ---
    /// A new, unique contact id.
    fn new_contact_id(&self) -> Result<u64>;
    /// Save a contact whose `rev` is the revision it was read at (0: not saved before).
    /// Returns the new revision; a stale `rev` is refused with [`StoreError::Conflict`].
    fn save_contact(&self, c: &Contact) -> Result<u64> {
        self.save_contact_gelogd(c, &[])
    }
    /// [`Store::save_contact`] with the audit entries of the change appended in the same
    /// transaction: both are stored or neither.
    fn save_contact_gelogd(&self, c: &Contact, log: &[audit::Gebeurtenis]) -> Result<u64>;
    fn delete_contact(&self, id: u64) -> Result<()> {
        self.delete_contact_gelogd(id, &[])
    }
    /// [`Store::delete_contact`] with its audit entries, in one transaction.
    fn delete_contact_gelogd(&self, id: u64, log: &[audit::Gebeurtenis]) -> Result<()>;
    fn contact(&self, id: u64) -> Result<Option<Contact>>;
    fn contacts(&self) -> Result<Loaded<Vec<Contact>>>;

    // --- cases and bookings ---
    /// The handoff, in one transaction: claim `slot`, create `case` (a new id from the store),
    /// and save the (closed) `contact` at its revision.
    fn handoff(&self, contact: &Contact, case: &Case, slot: &Slot) -> Result<BookResult> {
        self.handoff_gelogd(contact, case, slot, &|_| Vec::new())
    }
    /// [`Store::handoff`] with its audit entries in the same transaction; `log` is given the
    /// new case's id (the store gives it out) and returns the entries.
    fn handoff_gelogd(
        &self,
        contact: &Contact,
        case: &Case,
        slot: &Slot,
        log: &dyn Fn(u64) -> Vec<audit::Gebeurtenis>,
    ) -> Result<BookResult>;
    /// Save a case at its revision (not its appointment: see [`Store::rebook`]).
    fn save_case(&self, case: &Case) -> Result<u64> {
        self.save_case_gelogd(case, &[])
    }
    /// [`Store::save_case`] with its audit entries, in one transaction.
    fn save_case_gelogd(&self, case: &Case, log: &[audit::Gebeurtenis]) -> Result<u64>;
    /// Move the appointment of `case` to `slot`, or cancel it (`None`), with the case saved at
    /// its revision, in one transaction.
    fn rebook(&self, case: &Case, slot: Option<&Slot>) -> Result<BookResult> {
        self.rebook_gelogd(case, slot, &[])
    }
    /// [`Store::rebook`] with its audit entries, in one transaction.
    fn rebook_gelogd(&self, case: &Case, slot: Option<&Slot>, log: &[audit::Gebeurtenis]) -> Result<BookResult>;
    fn case(&self, id: u64) -> Result<Option<Case>>;
    fn cases(&self) -> Result<Loaded<Vec<Case>>>;
    fn bookings(&self) -> Result<Loaded<Vec<Booking>>>;

    // --- the desk's word lists (danger words, synonyms): TOML text, editable by the beheerder ---
    /// The stored list `naam` ("gevaarwoorden", "synoniemen"), if any.
    fn woordenlijst(&self, naam: &str) -> Result<Option<String>>;
    /// Store list `naam` (replacing it).
    fn zet_woordenlijst(&self, naam: &str, tekst: &str) -> Result<()>;
    /// Store list `naam` when it is still what the editor read: `verwacht`, the stored text, or
    /// `standaard` when none is stored. Otherwise refused with [`StoreError::Conflict`] (another
    /// beheerder changed it meanwhile; nothing written). One transaction.
    fn zet_woordenlijst_als(&self, naam: &str, verwacht: &str, standaard: &str, tekst: &str) -> Result<()>;

    /// Does the store hold no loket data at all?
    fn is_empty(&self) -> Result<bool>;
    /// Write everything of another store into this empty one, in one transaction, keeping ids,
    /// revisions, the audit log's bytes and numbers and the history's numbers.
    fn import_all(&self, all: &migreer::Alles) -> Result<()>;

    // --- beheer ---
    /// The upkeep of every entry that has any ("klopt niet" reports, archive, corrections).
    fn beheer_staten(&self) -> Result<Loaded<Vec<loket_domain::beheer::Beheer>>>;
    /// The history of one entry (`Some(sleutel)`) or of all, oldest first.
    fn beheer_historie(&self, sleutel: Option<&str>) -> Result<Loaded<Vec<loket_domain::beheer::Wijziging>>>;
    /// Add a "klopt niet" report to the entry's upkeep (reports other desks made meanwhile are
    /// kept), with its history line, in one transaction; the map's version goes up. Returns
    /// the upkeep as stored now.
    fn beheer_meld(
        &self,
        sleutel: &str,
        melding: &loket_domain::beheer::Melding,
    ) -> Result<loket_domain::beheer::Beheer>;
    /// A beheerder's change in one transaction (records, upkeep, history); the map's version
    /// goes up.
    fn beheer_schrijf(&self, s: &loket_domain::beheer::BeheerSchrijf) -> Result<()>;

    /// The fingerprint of the BSN key registered with a shared store: every desk must have that
    /// key. None on the embedded store (its key file on this PC is the key) and before the first
    /// BSN or `loket sleutel maken`.
    fn bsn_sleutel(&self) -> Result<Option<i64>> {
        Ok(None)
    }

    /// Register `fp` as the shared store's BSN key when none is: the fingerprint in effect after
    /// (another desk's, when one was registered first). None on the embedded store.
    fn registreer_bsn_sleutel(&self, _fp: i64) -> Result<Option<i64>> {
        Ok(None)
    }

    /// Call `on_change` for every change other processes make, from a background thread, for
    /// as long as the store lives. False when this store has no other processes.
    fn watch(&self, _on_change: Box<dyn Fn(Change) + Send>) -> bool {
        false
    }

    // --- beschik ---
    /// Replace the availability of one supporter (weekly pattern, exceptions, places), in one
    /// transaction. `basis` is the copy the worker started from: when the stored one differs, the
    /// change is refused ([`StoreError::Conflict`]). When the new availability leaves booked
    /// appointments (ending after `nu`) outside it whose case ids are not in `akkoord`, nothing is
    /// written and those appointments are returned to ask about. Agreed ones stay booked; their
    /// cases get a note and a signal to rebook (saved in the same transaction).
    fn zet_beschikbaarheid(
        &self,
        basis: &Clientondersteuner,
        nieuw: &Clientondersteuner,
        nu: NaiveDateTime,
        akkoord: &[u64],
        door: &str,
    ) -> Result<loket_domain::beschikbaarheid::Uitkomst>;
    // --- account ---
    /// Every account, sorted by name.
    fn accounts(&self) -> Result<Vec<loket_domain::account::Account>>;
    /// The account with this name (case-insensitive), if any.
    fn account(&self, naam: &str) -> Result<Option<loket_domain::account::Account>>;
    /// Add an account, in one transaction: refused ([`StoreError::Refused`]) when the name is
    /// taken or when the first account is not a functioneel beheerder
    /// ([`loket_domain::account::check_toevoegen`]).
    fn account_toevoegen(&self, a: &loket_domain::account::Account) -> Result<()>;
    /// Block (or unblock) an account, in one transaction; refused when it does not exist or when
    /// no functioneel beheerder could sign in afterwards. Returns the account as stored.
    fn account_blokkeren(&self, naam: &str, geblokkeerd: bool) -> Result<loket_domain::account::Account>;
    /// Give the account `naam` a new PIN (its hash), in one transaction; refused when it does
    /// not exist.
    fn account_pin_zetten(&self, naam: &str, pin_hash: &str) -> Result<()>;
    /// Give the database its own hash of this account's PIN, when it has none yet (PostgreSQL
    /// since migration 9: `loket.aanmelden` checks a bcrypt hash there, since argon2 can't be
    /// checked inside PostgreSQL). Called after a PIN was checked or set on this desk; nothing
    /// to do for a store that has no such hash.
    fn pin_in_database(&self, _naam: &str, _pin: &str) -> Result<()> {
        Ok(())
    }
    /// A worker changes their own PIN where the database signs in ([`Store::aanmelden_door_database`]):
    /// the current PIN is checked as a sign-in checks it (a wrong one counts towards the lockout
    /// and is audited), then the new one is stored and the change logged, in the database.
    /// `None` where the desk checks PINs itself (then [`Store::account_pin_zetten`]).
    fn eigen_pin_wijzigen(
        &self,
        _naam: &str,
        _huidig: &str,
        _nieuw: &str,
    ) -> Option<std::result::Result<(), auth::AanmeldFout>> {
        None
    }
    /// Does this store sign in through the database itself (PostgreSQL connected as the desks'
    /// login)? Then the accounts can't be read before a sign-in.
    fn aanmelden_door_database(&self) -> bool {
        false
    }
    /// Sign in through the database ([`Store::aanmelden_door_database`]): the account with its
    /// role, its session set on the store's connections; `None` where the desk checks the PIN.
    fn aanmelden_via_database(
        &self,
        _naam: &str,
        _pin: &str,
    ) -> Option<std::result::Result<loket_domain::account::Account, auth::AanmeldFout>> {
        None
    }
    /// A failed sign-in of the account with key `sleutel` ([`loket_domain::account::Account::sleutel`]):
    /// its count goes up by one and `log` is appended, in one transaction. The count is the
    /// store's, so every desk and the CLI share it. Returns the count after.
    fn aanmelden_mislukt(&self, sleutel: &str, log: &[audit::Gebeurtenis]) -> Result<u32>;
    /// The failed sign-ins of `sleutel` since its last success or release.
    fn aanmeldfouten(&self, sleutel: &str) -> Result<u32>;
    /// The count of `sleutel` back to 0 (a sign-in that succeeded, or a release), with `log`, in
    /// one transaction.
    fn aanmeldfouten_wissen(&self, sleutel: &str, log: &[audit::Gebeurtenis]) -> Result<()>;
    // --- audit ---
    /// Append these events to the audit log, in one transaction (the store numbers them and
    /// links each to the hash of the entry before).
    fn audit_append(&self, log: &[audit::Gebeurtenis]) -> Result<()>;
    /// The audit log as stored (bytes per entry, and the head), for checking and showing.
    fn audit_raw(&self) -> Result<audit::Ruw>;
    /// Remove the entries from before `grens` (always a prefix of the log) and append
    /// `controlepunt` as a [`audit::Handeling::Controlepunt`] carrying the hash of the last removed
    /// entry, in one transaction. Returns how many entries were removed.
    fn audit_prune(&self, grens: NaiveDateTime, controlepunt: &audit::Gebeurtenis) -> Result<usize>;
    /// Overwrite these contacts and dossiers whatever their revision (erasure, rectification and
    /// retention replace personal data), and append `log`, in one transaction.
    fn overschrijf(&self, contacts: &[Contact], cases: &[Case], log: &[audit::Gebeurtenis]) -> Result<()> {
        self.overschrijf_met_plannen(contacts, cases, &[], &[], log)
    }
    /// Make what was overwritten or removed unrecoverable from the store's files (the embedded
    /// store rewrites itself into fresh files, crash-safe; PostgreSQL: a plain VACUUM of the
    /// tables involved, which takes no exclusive lock).
    fn compacteer(&self) -> Result<()>;
    /// What opening the store had to repair (an interrupted rewrite, a snapshot a full disk left
    /// half-written), as Dutch lines for the worker; no personal data.
    fn herstelmeldingen(&self) -> Vec<String> {
        Vec::new()
    }
    // --- migreer ---
    /// The last contact and dossier id given out (for `loket migreer`: the target goes on after
    /// them, so no id the audit log names is given out twice).
    fn id_tellers(&self) -> Result<migreer::IdTellers>;
    /// Every stored word list: (name, text), by name.
    fn woordenlijsten(&self) -> Result<Vec<(String, String)>>;
    /// The map's whole history with each line's number, oldest first.
    fn beheer_historie_genummerd(&self) -> Result<Loaded<Vec<(u64, loket_domain::beheer::Wijziging)>>>;

    // --- leefplan and opvolging ---
    /// The plan of dossier `dossier_id`, if it has one.
    fn plan(&self, dossier_id: u64) -> Result<Option<loket_domain::leefplan::Plan>>;
    /// Every plan (unreadable ones reported and skipped).
    fn plannen(&self) -> Result<Loaded<Vec<loket_domain::leefplan::Plan>>>;
    /// Save a plan at its revision (0: a new plan for its dossier) with its audit entries, in one
    /// transaction; a stale revision is refused with [`StoreError::Conflict`]. Returns the new
    /// revision.
    fn save_plan_gelogd(&self, plan: &loket_domain::leefplan::Plan, log: &[audit::Gebeurtenis]) -> Result<u64>;
    /// The stored follow-ups of desk referrals (those not worked on yet are derived from the
    /// contacts: see `loket_domain::opvolging::van_verwijzing`).
    fn opvolgingen(&self) -> Result<Loaded<Vec<loket_domain::opvolging::Verwijzingsopvolging>>>;
    /// Save a desk referral's follow-up at its revision, with its audit entries, in one transaction.
    fn save_opvolging_gelogd(
        &self,
        v: &loket_domain::opvolging::Verwijzingsopvolging,
        log: &[audit::Gebeurtenis],
    ) -> Result<u64>;
    /// [`Store::overschrijf`] that also overwrites these plans and follow-ups whatever their
    /// revision (erasure, retention), all in one transaction.
    fn overschrijf_met_plannen(
        &self,
        contacts: &[Contact],
        cases: &[Case],
        plannen: &[loket_domain::leefplan::Plan],
        opvolgingen: &[loket_domain::opvolging::Verwijzingsopvolging],
        log: &[audit::Gebeurtenis],
    ) -> Result<()>;

    // --- instant start ---
    /// The map records of these keys (`o/<id>`, `v/<id>`, `r/<id>`), read by key: the details
    /// of the rows on screen. A key not stored is left out; an unreadable record is reported
    /// in `skipped` and left out.
    fn kaart_records(&self, sleutels: &[String]) -> Result<Loaded<Kaart>>;
}

/// Reads the catalog's records from a store (the rows on screen). A read that fails
/// leaves the records out: the catalog shows what its snapshot knows of them.
pub struct HaalUit(pub std::sync::Arc<dyn Store>);

impl loket_catalog::Haal for HaalUit {
    fn haal(&self, sleutels: &[String]) -> Kaart {
        self.0.kaart_records(sleutels).map(|l| l.value).unwrap_or_default()
    }
}

static KILL_AT: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);
static KILL_ARMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Test support: from now on, end the process abruptly (as `kill -9` would) at the write point
/// `name` (see [`kill_point`]); `None` disarms.
pub fn arm_kill_point(name: Option<&str>) {
    *KILL_AT.lock().unwrap_or_else(|p| p.into_inner()) = name.map(str::to_string);
    KILL_ARMED.store(name.is_some(), std::sync::atomic::Ordering::SeqCst);
}

/// The environment variable that names a write point (see [`kill_point`]) where the process ends
/// abruptly, as `kill -9` would there: for the crash tests and the fault harness
/// (`LOKET_STORINGSPUNT=herschrijf:wijzer-verplaatst loket opschonen`).
pub const STORINGSPUNT_ENV: &str = "LOKET_STORINGSPUNT";
static KILL_ENV: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

/// A point in a write where a test may end the process (one atomic load when unarmed).
pub fn kill_point(name: &str) {
    let env = KILL_ENV.get_or_init(|| std::env::var(STORINGSPUNT_ENV).ok().filter(|s| !s.is_empty()));
    if env.as_deref() == Some(name) {
        std::process::abort();
    }
    if KILL_ARMED.load(std::sync::atomic::Ordering::Relaxed)
        && KILL_AT.lock().unwrap_or_else(|p| p.into_inner()).as_deref() == Some(name)
    {
        std::process::abort();
    }
}

/// Do two appointments overlap?
pub fn overlaps(a: (NaiveDateTime, NaiveDateTime), b: (NaiveDateTime, NaiveDateTime)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The open store for a data directory or a database URL.
pub fn open(database: Option<&str>, dir: &std::path::Path) -> Result<std::sync::Arc<dyn Store>> {
    Ok(match database {
        Some(url) => std::sync::Arc::new(PgStore::connect(url)?.met_kop_in(dir)),
        None => std::sync::Arc::new(SledStore::open(dir)?),
    })
}

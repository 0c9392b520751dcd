//! The event loop: terminal in, messages to `update`, effects out, draw.

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{update, Effect, Msg, State};
use crate::keymap::Chord;
use loket_catalog::Catalog;
use loket_domain::case::Case;
use loket_store::audit::{Gebeurtenis, Handeling, Onderwerp};
use loket_store::{BookResult, Change, Store, StoreError};

/// Local wall-clock time, minute resolution is enough for the desk. `LOKET_KLOK`
/// ("2025-12-15T10:00") fixes it, for the end-to-end tests of what is due on a day.
pub fn local_now() -> chrono::NaiveDateTime {
    static KLOK: std::sync::OnceLock<Option<chrono::NaiveDateTime>> = std::sync::OnceLock::new();
    let vast = KLOK.get_or_init(|| {
        std::env::var("LOKET_KLOK")
            .ok()
            .and_then(|s| chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M").ok())
    });
    vast.unwrap_or_else(|| chrono::Local::now().naive_local())
}

/// Load the map in the background so the first frame comes at once; progress and the result
/// arrive as messages. When the search snapshot at `zoekindex` is not of this map, it is written
/// afterwards (for `loket zoek`, also while this TUI holds the store).
pub fn spawn_loader(store: Arc<dyn Store>, tx: mpsc::Sender<Msg>, zoekindex: Option<PathBuf>) {
    std::thread::spawn(move || {
        let haal: Arc<dyn loket_catalog::Haal> = Arc::new(loket_store::HaalUit(store.clone()));
        // A current snapshot is the catalog at once: searched and filtered from the mapped
        // file, the records of the rows on screen read from the store by key.
        if let (Some(path), Ok(versie)) = (zoekindex.as_deref(), store.kaart_versie()) {
            let snap = loket_catalog::snapshot::open(path);
            if loket_store::zoekindex::stale_reason(&snap, versie).is_some() {
                // A shared map keeps its snapshot in the database: a desk without a current
                // one fetches it (one row) instead of reading the whole map.
                drop(snap);
                if let Some(snap) = loket_store::zoekindex::uit_database(store.as_ref(), path, versie) {
                    let _ = tx.send(Msg::Loaded(Arc::new(Catalog::from_snapshot(Arc::new(snap), haal))));
                    archief_bijwerken(store.as_ref(), Some(path));
                    return;
                }
                let snap = loket_catalog::snapshot::open(path);
                // An intact snapshot of an earlier version of the map: searchable (names and
                // places) while the new one is made, so typing never waits for the rebuild.
                if let Ok(old) = snap {
                    let old = Arc::new(old);
                    let _ = tx.send(Msg::SnapshotReady(old.clone()));
                    // not all of it in memory beside the new one while that is written
                    old.paginas_loslaten();
                }
            } else if let Ok(snap) = snap {
                if store.kaart_records(&[]).is_ok() {
                    let _ = tx.send(Msg::Loaded(Arc::new(Catalog::from_snapshot(Arc::new(snap), haal))));
                    archief_bijwerken(store.as_ref(), Some(path));
                    return;
                }
                // read-only without the database: names and places only, as before
                let _ = tx.send(Msg::SnapshotReady(Arc::new(snap)));
            }
        }
        // The total for the progress display: the snapshot's record count (its header only),
        // else the count the store keeps in its metadata (one read).
        let total = zoekindex.as_deref().and_then(loket_catalog::snapshot::peek_count);
        let total = total.or_else(|| store.kaart_count().ok()).unwrap_or(0);
        let _ = tx.send(Msg::LoadProgress(0, total));
        let ptx = tx.clone();
        let mut progress = |done| {
            let _ = ptx.send(Msg::LoadProgress(done, total));
        };
        // With a place for the snapshot: written from the map's records one at a time, then
        // the catalog on it, as a start with a current snapshot (the map is never in memory).
        if let Some(path) = zoekindex.as_deref() {
            match loket_store::zoekindex::schrijf(store.as_ref(), path, &mut progress) {
                Ok((versie, bad)) => match loket_catalog::snapshot::open(path) {
                    Ok(snap) if snap.versie == versie => {
                        let _ = tx.send(Msg::Loaded(Arc::new(Catalog::from_snapshot(Arc::new(snap), haal))));
                        // kept in the shared database for the next desk (a beheerder's desk may)
                        loket_store::zoekindex::naar_database(store.as_ref(), path, versie);
                        if let Some(m) = skipped("kaartrecord(s)", &bad) {
                            let _ = tx.send(m);
                        }
                        archief_bijwerken(store.as_ref(), Some(path));
                        return;
                    }
                    // replaced meanwhile, or unreadable: the whole map, as below
                    _ => {}
                },
                Err(loket_store::zoekindex::NietGeschreven::Opslag(e)) => {
                    let _ = tx.send(Msg::LoadFailed(e.to_string()));
                    return;
                }
                // no place for the file: the whole map in memory, and a message why (below)
                Err(loket_store::zoekindex::NietGeschreven::Bestand(_)) => {}
            }
        }
        match load_catalog(store.as_ref(), &mut progress) {
            Ok((cat, bad)) => {
                let (cat, fout) = op_snapshot(cat, zoekindex.as_deref(), Some(haal));
                let versie = cat.versie;
                let _ = tx.send(Msg::Loaded(cat));
                // kept in the shared database for the next desk (a beheerder's desk may)
                if let Some(path) = zoekindex.as_deref().filter(|_| fout.is_none()) {
                    loket_store::zoekindex::naar_database(store.as_ref(), path, versie);
                }
                if let Some(m) = skipped("kaartrecord(s)", &bad) {
                    let _ = tx.send(m);
                }
                if let Some(m) = fout {
                    let _ = tx.send(m);
                }
                archief_bijwerken(store.as_ref(), zoekindex.as_deref());
            }
            Err(e) => {
                let _ = tx.send(Msg::LoadFailed(e.to_string()));
            }
        }
    });
}

/// A freshly loaded whole map as the desk uses it: its search snapshot written, and
/// the catalog on that snapshot, with the records read by key through `haal`; the whole map in
/// memory is dropped. Without a snapshot place (tests) or when the file can't be written or
/// read back, the whole map is used as it is (and a message says why).
fn op_snapshot(
    cat: Catalog,
    zoekindex: Option<&std::path::Path>,
    haal: Option<Arc<dyn loket_catalog::Haal>>,
) -> (Arc<Catalog>, Option<Msg>) {
    let Some(path) = zoekindex else { return (Arc::new(cat), None) };
    if let Some(m) = write_snapshot(&cat, path) {
        return (Arc::new(cat), Some(m));
    }
    let Some(haal) = haal else { return (Arc::new(cat), None) };
    match loket_catalog::snapshot::open(path) {
        Ok(snap) if snap.versie == cat.versie => {
            // Freeing a large map piece by piece takes seconds: left to a thread of its own.
            std::thread::spawn(move || drop(cat));
            (Arc::new(Catalog::from_snapshot(Arc::new(snap), haal)), None)
        }
        _ => (Arc::new(cat), None),
    }
}

/// The map's catalog built again after a change (an import at this desk, other synonyms, many
/// changed entries): with a place for the snapshot and a way to read records by key, the
/// snapshot is written from the map's records one at a time and the catalog opened on it, so
/// the map is never in memory; else the whole map is loaded, as [`op_snapshot`] says.
fn herbouwen(
    store: &dyn Store,
    zoekindex: Option<&std::path::Path>,
    haal: Option<Arc<dyn loket_catalog::Haal>>,
) -> Result<(Arc<Catalog>, Option<Msg>), StoreError> {
    if let (Some(path), Some(h)) = (zoekindex, haal.clone()) {
        match loket_store::zoekindex::schrijf(store, path, &mut |_| {}) {
            Ok((versie, _)) => match loket_catalog::snapshot::open(path) {
                Ok(snap) if snap.versie == versie => {
                    return Ok((Arc::new(Catalog::from_snapshot(Arc::new(snap), h)), None));
                }
                // replaced meanwhile, or unreadable: the whole map, below
                _ => {}
            },
            Err(loket_store::zoekindex::NietGeschreven::Opslag(e)) => return Err(e),
            // no place for the file: the whole map in memory, and a message why
            Err(loket_store::zoekindex::NietGeschreven::Bestand(_)) => {}
        }
    }
    let (cat, _) = load_catalog(store, &mut |_| {})?;
    Ok(op_snapshot(cat, zoekindex, haal))
}

/// The whole map as a catalog tagged with the map's version (read first, so a change during
/// the load is seen as newer), and the records that could not be read.
fn load_catalog(store: &dyn Store, progress: &mut dyn FnMut(usize)) -> Result<(Catalog, Vec<String>), StoreError> {
    let versie = store.kaart_versie()?;
    let l = loket_store::kaart::load_reporting(store, progress)?;
    let mut cat = Catalog::build(l.value);
    cat.versie = versie;
    Ok((cat, l.skipped))
}

/// Write the snapshot of `cat` unless the file already is its snapshot; a message if that failed.
fn write_snapshot(cat: &Catalog, path: &std::path::Path) -> Option<Msg> {
    use loket_catalog::snapshot;
    if cat.overlay_len() > 0 || snapshot::peek_versie(path) == Some(cat.versie) && snapshot::open(path).is_ok() {
        return None;
    }
    snapshot::write(path, cat, cat.versie)
        .err()
        .map(|e| Msg::StoreFailed(format!("zoekindex niet te schrijven naar {}: {e}", path.display())))
}

/// Bring the list of archived entries beside the search snapshot up to date, so
/// `loket zoek` beside this desk leaves them out. Best effort: the desk itself filters with
/// what it holds, and the list is written again with the next snapshot.
fn archief_bijwerken(store: &dyn Store, zoekindex: Option<&std::path::Path>) {
    if let Some(path) = zoekindex {
        let _ = loket_store::zoekindex::archief_bijwerken(store, path);
    }
}

/// The message for records that could not be read and were skipped, if any.
fn skipped(what: &str, bad: &[String]) -> Option<Msg> {
    (!bad.is_empty())
        .then(|| Msg::StoreFailed(format!("{} {what} niet te lezen en overgeslagen: {}", bad.len(), bad.join("; "))))
}

/// What a desk may read from the store now: its role's records, and before anyone signed in
/// (where sign-in is required) nothing personal. The runtime reads only these, so a record a
/// role may not see never reaches the desk's memory (the screens' own checks come on top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Leesrecht {
    /// Dossiers with their notes (the backoffice).
    pub dossiers: bool,
    /// Contacts (the balie).
    pub contacten: bool,
}

impl Leesrecht {
    /// Everything (an embedded store without accounts, and tests).
    pub const ALLES: Leesrecht = Leesrecht { dossiers: true, contacten: true };

    pub fn van(state: &State) -> Leesrecht {
        use loket_domain::account::Recht;
        Leesrecht { dossiers: state.mag(Recht::DossiersWerken), contacten: state.mag(Recht::ContactRegistreren) }
    }
}

/// What the runtime reads at start, before the first frame: a contact id, backoffice, contacts.
pub fn startup(store: &dyn Store) -> Vec<Msg> {
    startup_voor(store, Leesrecht::ALLES)
}

/// [`startup`], reading only what `recht` allows.
pub fn startup_voor(store: &dyn Store, recht: Leesrecht) -> Vec<Msg> {
    let mut msgs = vec![match store.new_contact_id() {
        Ok(id) => Msg::ContactIdReserved(id),
        Err(e) => Msg::StoreFailed(format!("geen contactnummer te krijgen: {e}")),
    }];
    msgs.extend(load_backoffice_voor(store, recht));
    if recht.contacten {
        msgs.extend(load_contacts(store));
    }
    msgs.push(load_beheer(store));
    msgs.extend(super::plan::bij_start(store, recht.dossiers));
    msgs.extend(check_bsn_key(store));
    msgs
}

/// On a shared store: is this desk's BSN key the database's? Said at start when it is not, so the
/// worker knows before typing a BSN that it would be refused.
pub fn check_bsn_key(store: &dyn Store) -> Option<Msg> {
    let db = store.bsn_sleutel().ok().flatten()?;
    let why = match loket_store::sealing::desk_fingerprint(false) {
        Ok(desk) if desk == db => return None,
        Ok(_) => "deze desk heeft een andere BSN-sleutel dan de database".to_string(),
        Err(_) => "deze desk heeft geen BSN-sleutel".to_string(),
    };
    Some(Msg::Waarschuwing(format!(
        "Let op: {why}. Een BSN is hier niet te lezen of op te slaan; de rest werkt. De functioneel beheerder installeert de sleutel met `loket sleutel installeren`."
    )))
}

fn booked_map(bookings: &[loket_store::Booking]) -> std::collections::HashMap<String, Vec<chrono::NaiveDateTime>> {
    let mut booked: std::collections::HashMap<String, Vec<chrono::NaiveDateTime>> = Default::default();
    for b in bookings {
        booked.entry(b.ondersteuner_id.clone()).or_default().push(b.start);
    }
    booked
}

/// A read, tried once more when the connection was lost: after a database restart the first
/// statement on the old connection fails, and the next one connects again.
fn lees<T>(mut f: impl FnMut() -> loket_store::Result<T>) -> loket_store::Result<T> {
    match f() {
        Err(e) if e.is_transient() => f(),
        other => other,
    }
}

/// Supporters, cases and booked slots (small), at start and after a reconnect. What can be read
/// is loaded; what cannot is reported and the desk keeps what it had of that part (never an
/// empty list in its place: no supporters means no free times at all).
pub fn load_backoffice(store: &dyn Store) -> Vec<Msg> {
    load_backoffice_voor(store, Leesrecht::ALLES)
}

/// [`load_backoffice`]: who is free always (for the handoff), the dossiers only when `recht`
/// allows them.
pub fn load_backoffice_voor(store: &dyn Store, recht: Leesrecht) -> Vec<Msg> {
    let mut msgs = Vec::new();
    let ondersteuners = match lees(|| store.ondersteuners()) {
        Ok(l) => {
            msgs.extend(skipped("cliëntondersteuner(s)", &l.skipped));
            Some(l.value)
        }
        Err(e) => {
            msgs.push(Msg::StoreFailed(format!("cliëntondersteuners niet te lezen: {e}")));
            None
        }
    };
    let cases = if !recht.dossiers {
        Some(Vec::new())
    } else {
        match lees(|| store.cases()) {
            Ok(l) => {
                msgs.extend(skipped("dossier(s)", &l.skipped));
                Some(l.value)
            }
            Err(e) => {
                msgs.push(Msg::StoreFailed(format!("dossiers niet te lezen: {e}")));
                None
            }
        }
    };
    let booked = match lees(|| store.bookings()) {
        Ok(l) => {
            msgs.extend(skipped("afspraaklijst(en)", &l.skipped));
            Some(booked_map(&l.value))
        }
        Err(e) => {
            msgs.push(Msg::StoreFailed(format!("afspraken niet te lezen: {e}")));
            None
        }
    };
    match (ondersteuners, cases, booked) {
        (Some(ondersteuners), Some(cases), Some(booked)) => {
            msgs.insert(0, Msg::BackofficeLoaded(super::Backoffice { ondersteuners, cases, booked }))
        }
        (o, c, b) => {
            let mut parts = Vec::new();
            parts.extend(o.map(Msg::OndersteunersGeladen));
            parts.extend(c.map(Msg::DossiersGeladen));
            parts.extend(b.map(Msg::BookingsLoaded));
            msgs.splice(0..0, parts);
        }
    }
    msgs
}

/// The confirmation (.txt) that versions before the letter wrote beside the calendar file. It
/// is no longer written (the letter is made from the store when asked), and an old one is removed
/// when its case's calendar file is written again; until then `inzage` lists it and erasure and
/// the retention periods remove it, as before.
fn oude_bevestiging_weg(dir: &std::path::Path, id: u64) {
    let _ = std::fs::remove_file(dir.join(format!("afspraak-{id}.txt")));
}

/// Make the confirmation letter of case `id` from the store (the case as stored now; the
/// supporter as loaded) and open it in the system's browser or viewer, to print. The file is
/// private and removed again (see [`super::brief`]).
pub fn open_letter(store: &dyn Store, state: &State, id: u64) -> Msg {
    let case = match store.case(id) {
        Ok(Some(c)) => c,
        Ok(None) => return Msg::StoreFailed(format!("dossier {id} niet gevonden")),
        Err(e) => return Msg::StoreFailed(format!("dossier {id} niet te lezen: {e}")),
    };
    let Some(slot) = case.afspraak.as_ref() else {
        return Msg::StoreFailed(format!("dossier {id} heeft geen afspraak (meer)"));
    };
    let Some(ond) = state.backoffice.ondersteuner(&slot.ondersteuner_id) else {
        return Msg::StoreFailed(format!("dossier {id}: cliëntondersteuner onbekend"));
    };
    let html = loket_domain::brief::bevestiging_html(&state.briefhoofd, &case, slot, ond, &[], state.now.date());
    match super::brief::schrijf_en_open(
        std::path::Path::new(&state.data_dir),
        id,
        &html,
        state.brief_opener.as_deref(),
        state.brief_bewaren,
    ) {
        Ok(_) => Msg::Exported(format!(
            "De brief van dossier {id} staat in de browser; print hem daar. Het bestand wordt na {} s weer verwijderd.",
            state.brief_bewaren.as_secs().max(1)
        )),
        Err(e) => Msg::StoreFailed(e),
    }
}

/// Write the supporter's calendar file (.ics) into `<data dir>/afspraken/`, on the user's request
/// only. (The letter for the caller: [`open_letter`].)
pub fn export_appointment(state: &State, id: u64) -> Msg {
    let bo = &state.backoffice;
    let Some(case) = bo.cases.iter().find(|c| c.id == id) else {
        return Msg::StoreFailed(format!("dossier {id} niet gevonden"));
    };
    let (Some(slot), Some(ond)) = (case.afspraak.as_ref(), bo.ondersteuner(&case.ondersteuner_id)) else {
        return Msg::StoreFailed(format!("dossier {id} heeft geen afspraak"));
    };
    let dir = std::path::Path::new(&state.data_dir).join("afspraken");
    let ics = dir.join(format!("afspraak-{id}.ics"));
    let stamp = chrono::Utc::now().naive_utc();
    let result = std::fs::create_dir_all(&dir)
        .and_then(|_| write_private(&ics, state.afzender().afspraak_ics(case, slot, ond, stamp).as_bytes()));
    oude_bevestiging_weg(&dir, id);
    match result {
        Ok(()) => Msg::Exported(format!("Opgeslagen: {}", ics.display())),
        Err(e) => Msg::StoreFailed(format!("bestanden niet te schrijven in {}: {e}", dir.display())),
    }
}

/// After a move or a cancellation: rewrite the calendar file (.ics) of the case at once (the
/// letter is made from the store when asked, so it shows the new time by itself). `before` is the appointment as it was (needed for a cancellation).
pub fn rewrite_appointment(state: &State, case: &Case, before: Option<&loket_domain::slots::Slot>) -> Msg {
    let bo = &state.backoffice;
    let id = case.id;
    let dir = std::path::Path::new(&state.data_dir).join("afspraken");
    let ics = dir.join(format!("afspraak-{id}.ics"));
    let stamp = chrono::Utc::now().naive_utc();
    let (agenda, wat) = match (&case.afspraak, before) {
        (Some(slot), _) => {
            let Some(ond) = bo.ondersteuner(&slot.ondersteuner_id) else {
                return Msg::StoreFailed(format!("dossier {id}: cliëntondersteuner onbekend"));
            };
            (
                state.afzender().afspraak_ics(case, slot, ond, stamp),
                format!("Afspraak verzet naar {}", loket_domain::ics::datum_tijd_nl(slot.start)),
            )
        }
        (None, Some(old)) => {
            let Some(ond) = bo.ondersteuner(&old.ondersteuner_id) else {
                return Msg::StoreFailed(format!("dossier {id}: cliëntondersteuner onbekend"));
            };
            (state.afzender().afzegging_ics(case, old, ond, stamp), "Afspraak afgezegd".to_string())
        }
        (None, None) => return Msg::Exported(format!("Dossier {id} heeft geen afspraak.")),
    };
    let result = std::fs::create_dir_all(&dir).and_then(|_| write_private(&ics, agenda.as_bytes()));
    oude_bevestiging_weg(&dir, id);
    match result {
        Ok(()) => Msg::Exported(format!("{wat} (dossier {id}); bijgewerkt: {}", ics.display())),
        Err(e) => {
            Msg::StoreFailed(format!("{wat}, maar de bestanden in {} zijn niet bij te werken: {e}", dir.display()))
        }
    }
}

pub use loket_base::fs::write_private;

/// Read the stored contacts (small) before the first frame, so a draft can be offered back.
pub fn load_contacts(store: &dyn Store) -> Vec<Msg> {
    match lees(|| loket_store::contacts::all_lenient(store)) {
        Ok((list, bad)) => std::iter::once(Msg::ContactsLoaded(list)).chain(skipped("contact(en)", &bad)).collect(),
        Err(e) => vec![Msg::StoreFailed(format!("contacten niet te lezen: {e}"))],
    }
}

/// Write what could not be saved to a private recovery file, when the desk ends
/// while a write still waits: `<data dir>/herstel/contact-<id>.json`, 0600. Returns a Dutch
/// line for the terminal after the screen is gone (no personal data), if anything was written
/// or could not be.
pub fn herstel_schrijven(state: &State) -> Option<String> {
    let mut h = super::herstel::te_bewaren(state)?;
    // the BSN never in clear: sealed as the store seals it (or left out when it can't be)
    let verzegel = |c: &mut loket_domain::contact::Contact| match loket_store::sealing::seal(c) {
        Ok(s) => *c = s.into_owned(),
        Err(_) => c.client.bsn = None,
    };
    verzegel(&mut h.contact);
    if let Some(b) = h.basis.as_mut() {
        verzegel(b);
    }
    if state.data_dir.is_empty() {
        return Some(format!(
            "Contact {} is niet opgeslagen en er is geen gegevensmap voor een herstelbestand.",
            h.contact.id
        ));
    }
    let dir = std::path::Path::new(&state.data_dir).join(super::herstel::MAP);
    let path = dir.join(super::herstel::Herstel::bestandsnaam(h.contact.id));
    let json = match serde_json::to_vec_pretty(&h) {
        Ok(j) => j,
        Err(e) => return Some(format!("herstelbestand niet te maken: {e}")),
    };
    match std::fs::create_dir_all(&dir).and_then(|_| write_private(&path, &json)) {
        Ok(()) => Some(format!(
            "Contact {} was niet opgeslagen; het staat in het herstelbestand {} en wordt bij de volgende start teruggeboden.",
            h.contact.id,
            path.display()
        )),
        Err(e) => Some(format!("Contact {} is niet opgeslagen en het herstelbestand {} is niet te schrijven: {e}", h.contact.id, path.display())),
    }
}

/// The recovery files in the data directory (an unreadable one is reported and left alone).
pub fn herstel_lezen(data_dir: &str) -> Vec<Msg> {
    if data_dir.is_empty() {
        return Vec::new();
    }
    let dir = std::path::Path::new(data_dir).join(super::herstel::MAP);
    let Ok(rd) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut found = Vec::new();
    let mut bad = Vec::new();
    let mut paths: Vec<PathBuf> =
        rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    paths.sort();
    for p in paths {
        match std::fs::read(&p).ok().and_then(|b| serde_json::from_slice::<super::herstel::Herstel>(&b).ok()) {
            Some(mut h) if h.versie <= super::herstel::VERSIE => {
                h.contact = loket_store::sealing::open(h.contact);
                h.basis = h.basis.map(loket_store::sealing::open);
                found.push((p, h))
            }
            _ => bad.push(p.display().to_string()),
        }
    }
    let mut msgs = Vec::new();
    if !found.is_empty() {
        msgs.push(Msg::HerstelGevonden(found));
    }
    if let Some(m) = skipped("herstelbestand(en)", &bad) {
        msgs.push(m);
    }
    msgs
}

/// Run the TUI until the user quits. The terminal is restored on return and on panic.
pub fn run(store: Arc<dyn Store>, mut state: State) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    // The store's word lists (danger words, synonyms) are the ones used, before the map's index
    // is built.
    for p in loket_store::lijsten::load_word_lists(store.as_ref()) {
        handle(store.as_ref(), &mut state, Msg::StoreFailed(p));
    }
    spawn_loader(store.clone(), tx.clone(), state.zoekindex.clone());
    state.zoeker = Some(super::zoeker::Zoeker::start(tx.clone()));
    for msg in startup_voor(store.as_ref(), Leesrecht::van(&state)) {
        handle(store.as_ref(), &mut state, msg);
    }
    for msg in herstel_lezen(&state.data_dir) {
        handle(store.as_ref(), &mut state, msg);
    }
    // letters a desk that crashed left behind
    if !state.data_dir.is_empty() {
        super::brief::opruimen(std::path::Path::new(&state.data_dir), Some(super::brief::OUD_NA));
    }
    // Other desks' changes arrive as messages (shared store only).
    let wtx = tx.clone();
    store.watch(Box::new(move |change| {
        let _ = wtx.send(Msg::Remote(change));
    }));
    // SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal window closed) end the loop like a
    // quit does, so the terminal is restored below. A second signal ends at once.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register_conditional_shutdown(sig, 1, stop.clone())?;
        signal_hook::flag::register(sig, stop.clone())?;
    }
    let mut terminal = ratatui::try_init()?;
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::EnableBracketedPaste);
    let input_stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let input = spawn_input(tx.clone(), input_stop.clone());
    let result = event_loop((&store, &tx), &mut terminal, &mut state, &rx, &stop);
    // the input thread lets go of the terminal before it is restored
    input_stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = input.join();
    // What still waits for the store goes to a recovery file (after a quit, or a signal).
    let herstel = herstel_schrijven(&state);
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::cursor::Show);
    if let Some(h) = herstel {
        eprintln!("{h}");
    }
    // no letter stays behind on the desk
    if !state.data_dir.is_empty() {
        super::brief::opruimen_bij_einde(std::path::Path::new(&state.data_dir));
    }
    // Everything is stored; the map in memory is left to the operating system instead of being
    // freed piece by piece (seconds at 1M records).
    std::mem::forget(state.catalog.take());
    result
}

/// How often the input thread looks whether it should stop. Input itself is passed on at once:
/// the poll returns as soon as an event is there.
const INPUT_STOP_CHECK: Duration = Duration::from_millis(100);

/// Read the terminal on a thread of its own: every event goes to the loop as a message, the same
/// channel that the search, the loader and the store's notifications use, so whatever comes first
/// wakes the loop at once.
fn spawn_input(tx: mpsc::Sender<Msg>, stop: Arc<std::sync::atomic::AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::Builder::new()
        .name("invoer".into())
        .spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let ready = match event::poll(INPUT_STOP_CHECK) {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = tx.send(Msg::TerminalKwijt(e.to_string()));
                        return;
                    }
                };
                if !ready {
                    continue;
                }
                match event::read() {
                    Ok(ev) => {
                        if tx.send(Msg::Terminal(ev)).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Msg::TerminalKwijt(e.to_string()));
                        return;
                    }
                }
            }
        })
        .expect("start the input thread")
}

/// The message a terminal event stands for, if any: a key through the keymap, a paste, a resize.
fn from_terminal(state: &mut State, ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => Chord::from_event(&k).and_then(|chord| state.key(chord)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        _ => None,
    }
}

/// The longest the loop sleeps when nothing happens: a stop signal (SIGTERM) is seen within it.
const IDLE_WAKE: Duration = Duration::from_millis(250);

fn event_loop(
    bg: (&Arc<dyn Store>, &mpsc::Sender<Msg>),
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    rx: &mpsc::Receiver<Msg>,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    let store = bg.0.as_ref();
    // Drafts are saved once per batch of messages, before the screen is drawn: what was drawn is
    // stored, and a burst of keys costs one write, not one per key.
    let mut batch = Batch::default();
    macro_rules! handle {
        ($msg:expr) => {
            handle_in(store, Some(bg), state, $msg, Some(&mut batch))
        };
    }
    let mut dirty = true;
    let mut last_retry = std::time::Instant::now();
    if let Ok(size) = terminal.size() {
        handle!(Msg::Resize(size.width, size.height));
    }
    // The clock on screen, the idle lock and the clocks of the queue move once a minute (Tick);
    // what is stored (start and end of a contact, audit entries, notes) carries the time to the
    // second, so `state.now` is set before every batch of messages.
    let mut last_minute = state.now.format("%H:%M").to_string();
    loop {
        state.now = local_now();
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            // Every change is saved as it is made; what is still waiting gets one more try.
            flush(store, state, &mut batch);
            if state.unsaved.is_some() {
                handle!(Msg::RetrySave);
                flush(store, state, &mut batch);
            }
            return Ok(());
        }
        // What could not be saved is tried again every two seconds.
        if state.unsaved.is_some() && last_retry.elapsed() >= RETRY_EVERY {
            last_retry = std::time::Instant::now();
            if handle!(Msg::RetrySave) {
                return Ok(());
            }
            dirty = true;
        }
        let now = local_now();
        let minute = now.format("%H:%M").to_string();
        // once a minute, and when the idle lock is due (on time, not at the next minute)
        if minute != last_minute || super::aanmelden::lock_due(state, now) {
            last_minute = minute;
            handle!(Msg::Tick(now));
            dirty = true;
        }
        if dirty {
            // Saved first: nothing is on screen that is not stored.
            flush(store, state, &mut batch);
            terminal.draw(|f| crate::ui::draw(f, state))?;
            dirty = false;
            // map records the frame showed as the snapshot knows them: read them beside the screen
            let gemist = loket_catalog::bron::gemist();
            if let (false, Some(cat)) = (gemist.is_empty(), state.catalog.clone()) {
                ophalen(cat, gemist, bg.1.clone());
            }
        }
        // Sleep until a message comes (a key, a search result, another desk's change), the next
        // minute, or the next retry of what could not be saved; whatever comes first.
        let mut wait = IDLE_WAKE.min(until_next_minute(now));
        if state.unsaved.is_some() {
            wait = wait.min(RETRY_EVERY.saturating_sub(last_retry.elapsed()));
        }
        let first = match rx.recv_timeout(wait) {
            Ok(msg) => msg,
            Err(_) => continue,
        };
        // Handle what else is waiting before drawing again: fast typing stays fast. A long burst
        // is drawn (and saved) every BATCH_MAX messages.
        let mut next = Some(first);
        let mut n = 0;
        while let Some(msg) = next.take() {
            let msg = match msg {
                Msg::Terminal(ev) => from_terminal(state, ev),
                Msg::TerminalKwijt(e) => return Err(anyhow::anyhow!("de terminal is niet meer te lezen: {e}")),
                other => Some(other),
            };
            if let Some(msg) = msg {
                if handle!(msg) {
                    return Ok(());
                }
            }
            dirty = true;
            n += 1;
            if n < BATCH_MAX {
                next = rx.try_recv().ok();
            }
        }
    }
}

/// Read map records on a thread of their own; the screen is drawn again when they are there.
fn ophalen(cat: Arc<Catalog>, gemist: loket_catalog::bron::Gemist, tx: mpsc::Sender<Msg>) {
    let _ = std::thread::Builder::new().name("ophalen".into()).spawn(move || {
        cat.haal_op(&gemist);
        let _ = tx.send(Msg::Opgehaald);
    });
}

/// What could not be saved is tried again this often.
const RETRY_EVERY: Duration = Duration::from_secs(2);

/// Time left until the wall clock turns to the next minute (at least a millisecond).
fn until_next_minute(now: chrono::NaiveDateTime) -> Duration {
    use chrono::Timelike;
    let into = Duration::from_secs(now.second() as u64) + Duration::from_nanos(now.nanosecond() as u64 % 1_000_000_000);
    Duration::from_secs(60).saturating_sub(into).max(Duration::from_millis(1))
}

/// At most this many input events are handled before the screen is saved and drawn again.
const BATCH_MAX: usize = 1000;

/// Draft saves held back while a batch of input is handled: the last copy of each contact.
#[derive(Default)]
pub struct Batch {
    saves: Vec<loket_domain::contact::Contact>,
}

impl Batch {
    fn put(&mut self, c: Box<loket_domain::contact::Contact>) {
        self.saves.retain(|x| x.id != c.id);
        self.saves.push(*c);
    }
    /// A whole-contact write (close, handoff, delete) replaces a held-back save of it.
    fn drop_contact(&mut self, id: u64) {
        self.saves.retain(|x| x.id != id);
    }
}

/// Write the held-back drafts now (before drawing, and before quitting).
fn flush(store: &dyn Store, state: &mut State, batch: &mut Batch) {
    for c in std::mem::take(&mut batch.saves) {
        for reply in write_contact(store, state, &c, false) {
            handle_in(store, None, state, reply, None);
        }
    }
}

/// Write a contact (a draft, or `close`: the closed contact) at its revision. A stale copy is
/// never written over what the store holds: on a conflict the stored contact is
/// read, and an erased one is refused ([`Msg::ContactGewist`]); one closed or changed elsewhere
/// in the same fields is not written ([`Msg::ContactBotsing`], the worker's text is offered
/// back); changes to other fields are merged and written at the stored revision. A copy this
/// desk sent itself whose answer was lost is recognised as its own (`state.verstuurd`). A
/// contact deleted elsewhere is stored again, and the worker told.
fn write_contact(store: &dyn Store, state: &mut State, c: &loket_domain::contact::Contact, close: bool) -> Vec<Msg> {
    use loket_domain::contact_merge::{self, Weigering};
    let basis = state.contact.as_ref().filter(|cs| cs.contact.id == c.id).and_then(|cs| cs.basis.clone());
    let done =
        |rev: u64| if close { Msg::ContactClosed { id: c.id, rev } } else { Msg::ContactSaved { id: c.id, rev } };
    let mut attempt = c.clone();
    let mut bericht: Option<String> = None;
    let onderwerp = Onderwerp::Contact(c.id);
    for _ in 0..4 {
        // the audit entry goes with the write, in its transaction
        let handeling = if close {
            Handeling::Afgesloten
        } else if attempt.rev == 0 {
            Handeling::Aangemaakt
        } else {
            Handeling::Gewijzigd
        };
        let log = super::audit::bij_wijziging(state, handeling.clone(), onderwerp);
        match store.save_contact_gelogd(&attempt, &log) {
            Ok(rev) => {
                super::audit::gelogd(state, handeling, onderwerp);
                state.verstuurd.retain(|v| v.id != c.id);
                attempt.rev = rev;
                if contact_merge::zelfde(&attempt, c) && bericht.is_none() {
                    return vec![done(rev)];
                }
                let bericht = bericht.unwrap_or_else(|| {
                    format!("Contact {} is intussen ook elders bijgewerkt; beide wijzigingen zijn bewaard.", c.id)
                });
                return vec![Msg::ContactSamengevoegd { contact: Box::new(attempt), bericht, gesloten: close }];
            }
            Err(StoreError::Conflict { .. } | StoreError::NotFound(_)) => match store.contact(c.id) {
                Ok(None) => {
                    // deleted elsewhere (a discarded draft): what this desk holds is stored again
                    attempt = loket_domain::contact::Contact { rev: 0, ..attempt };
                    bericht = Some(format!(
                        "Contact {} was elders verwijderd; wat hier op het scherm staat is opnieuw bewaard.",
                        c.id
                    ));
                }
                Ok(Some(theirs)) => match contact_merge::merge(basis.as_ref(), c, &theirs, &state.verstuurd) {
                    Ok(m) if contact_merge::zelfde(&m, &theirs) => {
                        // nothing of ours to add: the store already holds it
                        state.verstuurd.retain(|v| v.id != c.id);
                        if contact_merge::zelfde(&m, c) && bericht.is_none() {
                            return vec![done(theirs.rev)];
                        }
                        let bericht = bericht.unwrap_or_else(|| {
                            format!(
                                "Contact {} is intussen ook elders bijgewerkt; beide wijzigingen zijn bewaard.",
                                c.id
                            )
                        });
                        return vec![Msg::ContactSamengevoegd { contact: Box::new(theirs), bericht, gesloten: close }];
                    }
                    Ok(m) => attempt = m,
                    Err(Weigering::Gewist) => {
                        state.verstuurd.retain(|v| v.id != c.id);
                        return vec![Msg::ContactGewist(Box::new(theirs))];
                    }
                    Err(w) => {
                        state.verstuurd.retain(|v| v.id != c.id);
                        let waarom = match w {
                            Weigering::Afgesloten => "afgesloten".to_string(),
                            Weigering::Botsing(velden) => format!("gewijzigd ({})", velden.join(", ")),
                            Weigering::Gewist => unreachable!("handled above"),
                        };
                        return vec![Msg::ContactBotsing {
                            opgeslagen: Box::new(theirs),
                            mijn: Box::new(c.clone()),
                            waarom,
                        }];
                    }
                },
                Err(e) => return vec![unsent(state, c, &e)],
            },
            Err(e) => return vec![unsent(state, c, &e)],
        }
    }
    vec![Msg::StoreFailed(format!("contact {}: te veel gelijktijdige wijzigingen; probeer het opnieuw", c.id))]
}

/// A write whose outcome is unknown (the connection was lost): the copy is remembered, so a
/// later conflict with it is known to be this desk's own.
fn unsent(state: &mut State, c: &loket_domain::contact::Contact, e: &StoreError) -> Msg {
    if e.is_transient() {
        state.verstuurd.retain(|v| !(v.id == c.id && loket_domain::contact_merge::zelfde(v, c)));
        state.verstuurd.push(c.clone());
        let n = state.verstuurd.len();
        if n > 16 {
            state.verstuurd.drain(..n - 16);
        }
    }
    failed(e)
}

/// Import HSDS data (atomically), then rebuild the map so the entries are searchable at once,
/// and its search snapshot.
fn import_and_reload(
    store: &dyn Store,
    path: &std::path::Path,
    zoekindex: Option<&std::path::Path>,
    haal: Option<Arc<dyn loket_catalog::Haal>>,
) -> Vec<Msg> {
    let opts = loket_interchange::ImportOptions::default();
    match loket_interchange::import_path(store, path, &opts) {
        Ok(report) => {
            let written = report.written;
            let mut msgs = vec![Msg::Imported(Box::new(report))];
            if written {
                match herbouwen(store, zoekindex, haal) {
                    Ok((cat, fout)) => {
                        msgs.push(Msg::Loaded(cat));
                        msgs.extend(fout);
                        msgs.push(load_beheer(store));
                    }
                    Err(e) => msgs.push(Msg::LoadFailed(e.to_string())),
                }
            }
            msgs
        }
        Err(e) => vec![Msg::ImportFailed(format!("{e:#}"))],
    }
}

/// Where slow work (an import) may run beside the screen: the store and the message channel.
pub type Background<'a> = Option<(&'a Arc<dyn Store>, &'a mpsc::Sender<Msg>)>;

/// Apply a message and carry out its effects; true when the program should end.
/// Saves happen here, at once and flushed: what the user typed survives a crash or `kill -9`.
pub fn handle(store: &dyn Store, state: &mut State, msg: Msg) -> bool {
    handle_in(store, None, state, msg, None)
}

fn failed(e: &StoreError) -> Msg {
    Msg::SaveFailed(e.to_string())
}

/// Save a changed case; on a conflict merge the change into what the store holds now. The audit
/// entry goes with whichever write is stored (at most one is).
fn save_case(store: &dyn Store, state: &mut State, base: &Case, new: &Case) -> Msg {
    let onderwerp = Onderwerp::Dossier(new.id);
    let log = super::audit::bij_wijziging(state, Handeling::Gewijzigd, onderwerp);
    let msg = save_case_gelogd(store, base, new, &log);
    if matches!(msg, Msg::CaseSaved { .. } | Msg::CaseMerged { .. } | Msg::CaseClash { .. }) {
        super::audit::gelogd(state, Handeling::Gewijzigd, onderwerp);
    }
    msg
}

fn save_case_gelogd(store: &dyn Store, base: &Case, new: &Case, log: &[Gebeurtenis]) -> Msg {
    let mut base = base.clone();
    let mut new = new.clone();
    for _ in 0..3 {
        match store.save_case_gelogd(&new, log) {
            Ok(rev) => return Msg::CaseSaved { id: new.id, rev },
            Err(StoreError::Conflict { door, .. }) => {
                let theirs = match store.case(new.id) {
                    // erased meanwhile: nothing of this desk's copy is written back
                    Ok(Some(t)) if t.gewist => return Msg::CaseGewist(Box::new(t)),
                    Ok(Some(t)) => t,
                    Ok(None) => return Msg::StoreFailed(format!("dossier {} bestaat niet meer", new.id)),
                    Err(e) => return failed(&e),
                };
                match loket_domain::case_merge::merge(&base, &new, &theirs) {
                    Ok(mut merged) => {
                        merged.rev = theirs.rev;
                        match store.save_case_gelogd(&merged, log) {
                            Ok(rev) => {
                                merged.rev = rev;
                                return Msg::CaseMerged { case: Box::new(merged), door };
                            }
                            Err(StoreError::Conflict { .. }) => {
                                base = theirs;
                                new = merged;
                            }
                            Err(e) => return failed(&e),
                        }
                    }
                    Err(fields) => {
                        // What can be kept is kept: notes and signals typed by this worker.
                        let mut keep = theirs.clone();
                        keep.notities.extend(new.notities.iter().skip(base.notities.len()).cloned());
                        keep.signalen.extend(new.signalen.iter().skip(base.signalen.len()).cloned());
                        if keep != theirs {
                            keep.bijgewerkt_door = new.bijgewerkt_door.clone();
                            match store.save_case_gelogd(&keep, log) {
                                Ok(rev) => keep.rev = rev,
                                Err(e) => return failed(&e),
                            }
                        }
                        return Msg::CaseClash { theirs: Box::new(keep), mine: Box::new(new), fields };
                    }
                }
            }
            Err(e) => return failed(&e),
        }
    }
    Msg::StoreFailed(format!("dossier {}: te veel gelijktijdige wijzigingen; probeer het opnieuw", new.id))
}

/// At most this many entries are kept in the catalog's overlay; a larger change (a big import
/// at another desk) loads the whole map again.
pub const OVERLAY_MAX: usize = 5_000;

/// Another desk changed the map: the changed records since the catalog's version, added to it
/// as an overlay (searchable at once, no rebuild of the index). When the store can't tell what
/// changed, or the change is large, the whole map is loaded again.
pub fn kaart_changed(store: &dyn Store, current: Option<&Catalog>, zoekindex: Option<&std::path::Path>) -> Vec<Msg> {
    if let Some(cat) = current.filter(|c| c.versie > 0) {
        match store.kaart_since(cat.versie) {
            Ok(Some((now, _))) if now == cat.versie => return Vec::new(),
            Ok(Some((now, changed)))
                if changed.voorzieningen.len() + changed.regelingen.len() + cat.overlay_len() <= OVERLAY_MAX =>
            {
                return vec![Msg::KaartBijgewerkt(Arc::new(cat.with_changes(changed, now)))];
            }
            Ok(_) => {}
            Err(e) => return vec![Msg::StoreFailed(format!("sociale kaart niet te lezen: {e}"))],
        }
    }
    match herbouwen(store, zoekindex, current.and_then(|c| c.haal())) {
        Ok((cat, fout)) => std::iter::once(Msg::KaartBijgewerkt(cat)).chain(fout).collect(),
        Err(e) => vec![Msg::StoreFailed(format!("sociale kaart niet te lezen: {e}"))],
    }
}

/// The upkeep of the map: at start and when the map changed at another desk.
pub fn load_beheer(store: &dyn Store) -> Msg {
    match loket_store::kaartbeheer::staten(store) {
        Ok(s) => Msg::BeheerGeladen(s),
        Err(e) => Msg::StoreFailed(format!("meldingen bij de sociale kaart niet te lezen: {e}")),
    }
}

/// Undo the last change of an entry: its history read and the undo written, one after the other.
fn ongedaan(
    store: &dyn Store,
    record: &loket_domain::beheer::Record,
    beheer: &loket_domain::beheer::Beheer,
    door: &str,
    op: chrono::NaiveDateTime,
) -> Msg {
    let h = match store.beheer_historie(Some(&record.sleutel())) {
        Ok(h) => h.value,
        Err(e) => return Msg::StoreFailed(format!("geschiedenis niet te lezen: {e}")),
    };
    match loket_store::kaartbeheer::ongedaan(record, beheer, &h, door, op) {
        Ok(Some(s)) => {
            let what = h.last().map(|w| w.soort.label()).unwrap_or("");
            match store.beheer_schrijf(&s) {
                Ok(()) => Msg::BeheerGeschreven {
                    schrijf: Box::new(s),
                    bericht: format!("{}: laatste wijziging ({what}) ongedaan gemaakt.", record.naam()),
                },
                Err(StoreError::Conflict { .. }) => Msg::StoreFailed(format!(
                    "{}: niet ongedaan gemaakt, de regel is intussen op een ander loket gewijzigd; bekijk de geschiedenis opnieuw",
                    record.naam()
                )),
                Err(e) => Msg::StoreFailed(format!("niet ongedaan gemaakt: {e}")),
            }
        }
        Ok(None) => Msg::Exported(format!("{}: geen wijziging om ongedaan te maken.", record.naam())),
        Err(e) => Msg::StoreFailed(format!("niet ongedaan gemaakt: {e}")),
    }
}

/// Read again what another desk changed, as far as `recht` allows.
pub fn refresh(
    store: &dyn Store,
    change: Change,
    recht: Leesrecht,
    catalog: Option<&Catalog>,
    zoekindex: Option<&std::path::Path>,
) -> Vec<Msg> {
    match change {
        // a record this desk's role may not see is not read: of a dossier only who is booked
        Change::Contact(_) if !recht.contacten => Vec::new(),
        Change::Case(_) if !recht.dossiers => match store.bookings() {
            Ok(b) => vec![Msg::BookingsLoaded(booked_map(&b.value))],
            Err(e) => vec![Msg::StoreFailed(format!("afspraken niet te lezen: {e}"))],
        },
        Change::Contact(id) => match store.contact(id) {
            Ok(c) => vec![Msg::ContactRefreshed(id, c.map(Box::new))],
            Err(e) => vec![Msg::StoreFailed(format!("contact {id} niet te lezen: {e}"))],
        },
        Change::Case(id) => {
            let mut msgs = Vec::new();
            match store.case(id) {
                Ok(Some(c)) => msgs.push(Msg::CaseRefreshed(Box::new(c))),
                Ok(None) => {}
                Err(e) => msgs.push(Msg::StoreFailed(format!("dossier {id} niet te lezen: {e}"))),
            }
            if let Ok(b) = store.bookings() {
                msgs.push(Msg::BookingsLoaded(booked_map(&b.value)));
            }
            msgs
        }
        Change::Kaart => {
            let mut msgs = kaart_changed(store, catalog, zoekindex);
            msgs.push(load_beheer(store));
            msgs
        }
        Change::Reconnected => {
            let mut msgs = load_backoffice_voor(store, recht);
            if recht.contacten {
                msgs.extend(load_contacts(store));
            }
            msgs
        }
        Change::Ondersteuners => match store.ondersteuners() {
            Ok(l) => vec![Msg::OndersteunersGeladen(l.value)],
            Err(e) => vec![Msg::StoreFailed(format!("cliëntondersteuners niet te lezen: {e}"))],
        },
        Change::Woordenlijsten => woordenlijsten_vernieuwd(store, catalog, zoekindex),
        Change::Account(sleutel) => match store.account(&sleutel) {
            Ok(account) => vec![Msg::AccountGewijzigd { sleutel, account: account.map(Box::new) }],
            // unreadable: the next sign-in decides
            Err(e) => vec![Msg::StoreFailed(format!("account niet te lezen: {e}"))],
        },
    }
}

/// The word lists changed (here or at another desk): use the stored ones from now on (triage
/// sees danger words at once), and build the search index again with the synonyms in use.
fn woordenlijsten_vernieuwd(
    store: &dyn Store,
    catalog: Option<&Catalog>,
    zoekindex: Option<&std::path::Path>,
) -> Vec<Msg> {
    let before = loket_catalog::synonyms::synonyms();
    let problemen = loket_store::lijsten::load_word_lists(store);
    let mut msgs = vec![Msg::WoordenlijstenVernieuwd(problemen)];
    if catalog.is_some() && loket_catalog::synonyms::synonyms() != before {
        match herbouwen(store, zoekindex, catalog.and_then(|c| c.haal())) {
            Ok((cat, fout)) => {
                msgs.push(Msg::KaartBijgewerkt(cat));
                msgs.extend(fout);
            }
            Err(e) => msgs.push(Msg::StoreFailed(format!("sociale kaart niet te lezen: {e}"))),
        }
    }
    msgs
}

/// Store a checked word list, then use the stored lists (and rebuild the index for synonyms).
fn zet_woordenlijst(
    store: &dyn Store,
    (naam, tekst, basis): (&str, &str, &str),
    catalog: Option<&Catalog>,
    zoekindex: Option<&std::path::Path>,
) -> Vec<Msg> {
    let standaard = match naam {
        loket_store::lijsten::GEVAARWOORDEN => loket_domain::danger::BUNDLED_TOML,
        _ => loket_catalog::synonyms::SYNONYMS_TOML,
    };
    match store.zet_woordenlijst_als(naam, basis, standaard, tekst) {
        Ok(()) => {}
        // another beheerder changed it meanwhile: nothing written, the worker decides
        Err(StoreError::Conflict { .. }) => {
            return vec![match store.woordenlijst(naam) {
                Ok(nu) => {
                    Msg::WoordenlijstBotsing { naam: naam.to_string(), nu: nu.unwrap_or_else(|| standaard.to_string()) }
                }
                Err(e) => Msg::WoordenlijstMislukt(format!("intussen elders gewijzigd, en niet te lezen: {e}")),
            }];
        }
        Err(e) => return vec![Msg::WoordenlijstMislukt(e.to_string())],
    }
    let mut msgs = woordenlijsten_vernieuwd(store, catalog, zoekindex);
    let problemen = match msgs.first_mut() {
        Some(Msg::WoordenlijstenVernieuwd(p)) => std::mem::take(p),
        _ => Vec::new(),
    };
    msgs[0] = Msg::WoordenlijstOpgeslagen { naam: naam.to_string(), tekst: tekst.to_string(), problemen };
    msgs
}

/// Read both word lists (a list the store lacks: the bundled one).
fn lees_woordenlijsten(store: &dyn Store) -> Msg {
    let mut out = Vec::new();
    for (naam, bundled) in [
        (loket_store::lijsten::GEVAARWOORDEN, loket_domain::danger::BUNDLED_TOML),
        (loket_store::lijsten::SYNONIEMEN, loket_catalog::synonyms::SYNONYMS_TOML),
    ] {
        match store.woordenlijst(naam) {
            Ok(t) => out.push((naam.to_string(), t.unwrap_or_else(|| bundled.to_string()))),
            Err(e) => return Msg::WoordenlijstMislukt(format!("{naam} niet te lezen: {e}")),
        }
    }
    Msg::WoordenlijstenGelezen(out)
}

/// Read the contacts and dossiers, count and suppress: the report screen's answer. Only the
/// suppressed report leaves this function (and the names of the areas), never a record.
pub fn rapport_tellen(store: &dyn Store, vraag: &loket_domain::rapport::Vraag, drempel: u32) -> Msg {
    let contacts = match lees(|| store.contacts()) {
        Ok(l) => l.value,
        Err(e) => return Msg::StoreFailed(format!("rapport: contacten niet te lezen: {e}")),
    };
    let cases = match lees(|| store.cases()) {
        Ok(l) => l.value,
        Err(e) => return Msg::StoreFailed(format!("rapport: dossiers niet te lezen: {e}")),
    };
    let mut t = loket_domain::rapport::tel(&contacts, &cases, vraag);
    let verwijzingen = store.opvolgingen().map(|l| l.value).unwrap_or_default();
    let plannen = store.plannen().map(|l| l.value).unwrap_or_default();
    loket_domain::rapport::tel_opvolgingen(&mut t, &contacts, &verwijzingen, &plannen, vraag);
    let r = loket_domain::rapport::Rapport::uit(&t, drempel);
    super::rapport::bericht(r, loket_domain::rapport::gebieden(&contacts))
}

fn handle_in(
    store: &dyn Store,
    background: Background<'_>,
    state: &mut State,
    msg: Msg,
    mut batch: Option<&mut Batch>,
) -> bool {
    let mut queue = vec![msg];
    let mut quit = false;
    while let Some(msg) = queue.pop() {
        let mut replies = Vec::new();
        let opened_before = super::audit::open_record(state);
        let effects = update(state, msg);
        // (changes are logged with their writes, below)
        let mut events = Vec::new();
        match super::audit::open_record(state) {
            Some((o, true)) if opened_before.map(|x| x.0) != Some(o) => {
                events.push((loket_store::audit::Handeling::Bekeken, o))
            }
            _ => {}
        }
        if !events.is_empty() && state.alleen_lezen.is_none() {
            super::audit::log(store, state, events);
        }
        for effect in effects {
            match effect {
                Effect::Quit => quit = true,
                Effect::Ophalen(gemist) => match (background, state.catalog.clone()) {
                    (Some((_, tx)), Some(cat)) => ophalen(cat, gemist, tx.clone()),
                    (None, Some(cat)) => {
                        cat.haal_op(&gemist);
                        replies.push(Msg::Opgehaald);
                    }
                    _ => {}
                },
                Effect::ReserveContactId => match store.new_contact_id() {
                    Ok(id) => replies.push(Msg::ContactIdReserved(id)),
                    Err(e) => replies.push(failed(&e)),
                },
                Effect::HerstelWeg(path) => {
                    if let Err(e) = std::fs::remove_file(&path) {
                        if e.kind() != std::io::ErrorKind::NotFound {
                            replies.push(Msg::StoreFailed(format!("herstelbestand {} niet te verwijderen: {e}", path.display())));
                        }
                    }
                }
                Effect::DeleteContact(id) => replies.push({
                    if let Some(b) = batch.as_deref_mut() {
                        b.drop_contact(id);
                    }
                    let o = Onderwerp::Contact(id);
                    let log = super::audit::bij_wijziging(state, Handeling::Gewist, o);
                    match store.delete_contact_gelogd(id, &log) {
                    Ok(()) => {
                        super::audit::gelogd(state, Handeling::Gewist, o);
                        Msg::ContactDeleted(id)
                    }
                    Err(e) => Msg::StoreFailed(e.to_string()),
                    }
                }),
                Effect::SaveContact(c) => match batch.as_deref_mut() {
                    Some(b) => b.put(c),
                    None => replies.extend(write_contact(store, state, &c, false)),
                },
                Effect::CloseContact(c) => {
                    if let Some(b) = batch.as_deref_mut() {
                        b.drop_contact(c.id);
                    }
                    replies.extend(write_contact(store, state, &c, true));
                }
                Effect::SaveCase { base, new } => {
                    let reply = save_case(store, state, &base, &new);
                    if let Msg::SaveFailed(_) = reply {
                        state.pending_cases.retain(|(_, n)| n.id != new.id);
                        state.pending_cases.push((*base, *new));
                    }
                    replies.push(reply);
                }
                Effect::Handoff { contact, case, slot } => replies.push({
                    if let Some(b) = batch.as_deref_mut() {
                        b.drop_contact(contact.id);
                    }
                    // the contact handed off and the dossier made, logged in the handoff's
                    // transaction (the dossier's id is the store's)
                    let (medewerker, nu, logt) = (state.medewerker.clone(), state.now, state.alleen_lezen.is_none());
                    let log = |dossier: u64| {
                        if !logt {
                            return Vec::new();
                        }
                        vec![
                            Gebeurtenis::new(nu, &medewerker, Handeling::Doorgezet, Onderwerp::Contact(contact.id)),
                            Gebeurtenis::new(nu, &medewerker, Handeling::Aangemaakt, Onderwerp::Dossier(dossier)),
                        ]
                    };
                    match store.handoff_gelogd(&contact, &case, &slot, &log) {
                    Ok(BookResult::Booked(c)) => {
                        super::audit::gelogd(state, Handeling::Aangemaakt, Onderwerp::Dossier(c.id));
                        Msg::HandedOff(c)
                    }
                    Ok(BookResult::Taken) => Msg::SlotTaken(slot),
                    // erased meanwhile: the screen lets go of it
                    Err(StoreError::Conflict { .. })
                        if store.contact(contact.id).ok().flatten().is_some_and(|c| c.gewist) =>
                    {
                        match store.contact(contact.id) {
                            Ok(Some(c)) => Msg::ContactGewist(Box::new(c)),
                            _ => Msg::StoreFailed(format!("contact {} is gewist; er is niets overgedragen", contact.id)),
                        }
                    }
                    Err(StoreError::Conflict { what, door }) => Msg::StoreFailed(format!(
                        "{what} is intussen{} gewijzigd; er is niets overgedragen. Open het contact opnieuw",
                        if door.is_empty() { String::new() } else { format!(" door {door}") }
                    )),
                    Err(e) => Msg::StoreFailed(format!(
                        "overdracht niet opgeslagen: {e}; er is niets overgedragen, probeer het opnieuw{}",
                        state.key_hint(crate::keymap::Context::Handoff, super::Action::Confirm)
                    )),
                    }
                }),
                Effect::Refresh(change) => {
                    let recht = Leesrecht::van(state);
                    replies.extend(refresh(store, change, recht, state.catalog.as_deref(), state.zoekindex.as_deref()))
                }
                Effect::Rebook { case, slot } => match store.rebook_gelogd(
                    &case,
                    slot.as_deref(),
                    &super::audit::bij_wijziging(state, Handeling::AfspraakVerzet, Onderwerp::Dossier(case.id)),
                ) {
                    Ok(BookResult::Booked(stored)) => {
                        super::audit::gelogd(state, Handeling::AfspraakVerzet, Onderwerp::Dossier(stored.id));
                        // the files at once, then the case with its new appointment, then who is free
                        let files = rewrite_appointment(state, &stored, case.afspraak.as_ref());
                        replies.push(Msg::CaseRefreshed(stored));
                        replies.push(files);
                        if let Ok(b) = store.bookings() {
                            replies.push(Msg::BookingsLoaded(booked_map(&b.value)));
                        }
                    }
                    Ok(BookResult::Taken) => replies.extend(slot.map(Msg::SlotTaken)),
                    Err(StoreError::Conflict { what, door }) => replies.push(Msg::StoreFailed(format!(
                        "{what} is intussen{} gewijzigd; de afspraak is niet verzet. Kijk opnieuw en probeer het nog eens",
                        if door.is_empty() { String::new() } else { format!(" door {door}") }
                    ))),
                    Err(e) => replies.push(Msg::StoreFailed(format!(
                        "afspraak niet verzet of afgezegd: {e}; er is niets gewijzigd, probeer het opnieuw"
                    ))),
                },
                Effect::ZetBeschikbaarheid { basis, nieuw, akkoord } => {
                    use loket_domain::beschikbaarheid::Uitkomst;
                    replies.push(match store.zet_beschikbaarheid(&basis, &nieuw, state.now, &akkoord, &state.medewerker) {
                        Ok(Uitkomst::Opgeslagen(gemarkeerd)) => Msg::BeschikbaarheidOpgeslagen { ond: nieuw, gemarkeerd },
                        Ok(Uitkomst::Vraag(lijst)) => Msg::BeschikbaarheidGeraakt(lijst),
                        Err(StoreError::Conflict { what, .. }) => Msg::BeschikbaarheidMislukt(format!(
                            "{what} is intussen gewijzigd (op een ander loket). Sluit af zonder op te slaan en open de ondersteuner opnieuw"
                        )),
                        Err(e) => Msg::BeschikbaarheidMislukt(e.to_string()),
                    });
                }
                Effect::LeesWoordenlijsten => replies.push(lees_woordenlijsten(store)),
                Effect::ZetWoordenlijst { naam, tekst, basis } => replies.extend(zet_woordenlijst(
                    store,
                    (&naam, &tekst, &basis),
                    state.catalog.as_deref(),
                    state.zoekindex.as_deref(),
                )),
                Effect::Aanmelden { naam, pin, poging } => match background {
                    // beside the screen: the hash is slow on purpose, and after failed tries
                    // the check waits longer; the screen stays drawn meanwhile
                    Some((arc, tx)) => {
                        let (arc, tx) = (arc.clone(), tx.clone());
                        std::thread::spawn(move || {
                            let _ = tx.send(super::aanmelden::controleer(arc.as_ref(), &naam, &pin, poging));
                        });
                    }
                    None => replies.push(super::aanmelden::controleer(store, &naam, &pin, poging)),
                },
                Effect::OpenLetter(id) => {
                    let reply = open_letter(store, state, id);
                    if let Msg::Exported(_) = reply {
                        let o = loket_store::audit::Onderwerp::Dossier(id);
                        super::audit::log(store, state, vec![(loket_store::audit::Handeling::Geexporteerd, o)]);
                    }
                    replies.push(reply);
                }
                Effect::ExportAppointment(id) => {
                    let reply = export_appointment(state, id);
                    if let Msg::Exported(_) = reply {
                        let o = loket_store::audit::Onderwerp::Dossier(id);
                        super::audit::log(store, state, vec![(loket_store::audit::Handeling::Geexporteerd, o)]);
                    }
                    replies.push(reply);
                }
                Effect::BeheerMeld { sleutel, melding } => replies.push(match store.beheer_meld(&sleutel, &melding) {
                    Ok(b) => Msg::BeheerGemeld(Box::new(b)),
                    Err(e) => Msg::StoreFailed(format!("melding niet opgeslagen: {e}")),
                }),
                Effect::BeheerSchrijf { schrijf, bericht } => replies.push(match store.beheer_schrijf(&schrijf) {
                    Ok(()) => {
                        archief_bijwerken(store, state.zoekindex.as_deref());
                        Msg::BeheerGeschreven { schrijf, bericht }
                    }
                    // another beheerder changed the entry (or its reports) since it was read
                    Err(StoreError::Conflict { .. }) => Msg::StoreFailed(
                        "niet opgeslagen: deze regel is intussen op een ander loket gewijzigd of gemeld. Uw wijziging staat nog in het formulier; open de regel opnieuw om de nieuwe versie te zien en doe de wijziging daarop"
                            .to_string(),
                    ),
                    Err(e) => Msg::StoreFailed(format!("niet opgeslagen: {e}")),
                }),
                Effect::BeheerHistorie(key) => replies.push(match store.beheer_historie(Some(&key)) {
                    Ok(h) => Msg::BeheerHistorie(key, h.value),
                    Err(e) => Msg::StoreFailed(format!("geschiedenis niet te lezen: {e}")),
                }),
                Effect::BeheerOngedaan { record, beheer, door, op } => {
                    replies.push(ongedaan(store, &record, &beheer, &door, op));
                    archief_bijwerken(store, state.zoekindex.as_deref());
                }

                Effect::Rapport { vraag, drempel } => match background {
                    // a year of a busy desk is read and counted beside the screen
                    Some((arc, tx)) => {
                        let (arc, tx) = (arc.clone(), tx.clone());
                        std::thread::spawn(move || {
                            let _ = tx.send(rapport_tellen(arc.as_ref(), &vraag, drempel));
                        });
                    }
                    None => replies.push(rapport_tellen(store, &vraag, drempel)),
                },
                Effect::Plan(e) => replies.push(super::plan::uitvoeren(store, state, *e)),
                Effect::Import(path) => match background {
                    // In the TUI the import runs beside the screen, which stays usable.
                    Some((arc, tx)) => {
                        let (arc, tx) = (arc.clone(), tx.clone());
                        let zi = state.zoekindex.clone();
                        std::thread::spawn(move || {
                            let haal: Arc<dyn loket_catalog::Haal> = Arc::new(loket_store::HaalUit(arc.clone()));
                            for msg in import_and_reload(arc.as_ref(), &path, zi.as_deref(), Some(haal)) {
                                let _ = tx.send(msg);
                            }
                        });
                    }
                    None => replies.extend(import_and_reload(
                        store,
                        &path,
                        state.zoekindex.as_deref(),
                        state.catalog.as_deref().and_then(|c| c.haal()),
                    )),
                },
            }
        }
        queue.extend(replies.into_iter().rev());
    }
    if quit {
        // Nothing held back is lost on the way out.
        if let Some(b) = batch {
            flush(store, state, b);
        }
    }
    quit
}

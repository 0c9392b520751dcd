//! The application: state, messages, a pure `update(state, msg) -> effects`, and the event loop.
//!
//! `update` never touches the terminal or the store; it returns [`Effect`]s that the runtime
//! ([`run`]) carries out. Tests drive `State` headless and draw it to a `TestBackend`.

pub mod aanmelden;
pub mod action;
pub mod audit;
pub mod beheer;
pub mod beheer_form;
pub mod beschikbaarheid;
pub mod brief;
pub mod contact;
pub mod contact_list;
pub mod handoff;
pub mod herstel;
pub mod kaart;
pub mod picker;
pub mod plan;
pub mod queue;
pub mod rapport;
pub mod rebook;
pub mod run;
pub mod sync;
pub mod text_field;
pub mod woordenlijst;
pub mod zoeker;

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use chrono::NaiveDateTime;

use crate::keymap::{Chord, Context, Keymap, Lookup};
use loket_catalog::Catalog;
use loket_domain::account::Recht;
use loket_domain::contact::{Contact, Status, Uitkomst};
use loket_search::Searcher;

pub use action::Action;
pub use contact::ContactState;
pub use contact_list::ContactListState;
pub use handoff::{Backoffice, HandoffState};
pub use kaart::KaartState;
pub use picker::Picker;
pub use queue::QueueState;
use text_field::TextField;

/// The smallest window the screens are laid out for; below it the screen asks for a larger one.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Kaart,
    Contact,
    ContactList,
    Handoff,
    Queue,
    /// A supporter's availability (beheer).
    Beschikbaarheid,
    /// The desk's word lists (beheer).
    Woordenlijst,
    /// The beheer worklist.
    Beheer,
    /// The edit form of the beheer screen.
    Bewerken,
    /// Counts, trends and the Wmo deadlines (no personal data).
    Rapport,
    /// The resident's plan of a dossier (cliëntondersteuner).
    Plan,
    /// The follow-ups that are due.
    Opvolgen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// When to call back.
    Terugbel,
    /// What was asked that nothing fits (an unmet need).
    GeenAanbod,
    /// Why the worker decides otherwise than the suggestion.
    OverrideReden(Uitkomst),
    /// Backoffice: a note on the current step of case N.
    Notitie(u64),
    /// Backoffice: care is late or inadequate (seed 004, Opm 3).
    Signaal(u64),
    /// Backoffice: date of the next action.
    VolgendeActie(u64),
    /// Backoffice: date of the Wmo aanvraag (starts the beschikking clock).
    Aanvraag(u64),
    /// Backoffice: the Wmo onderzoek was finished on (stops its clock).
    OnderzoekAfgerond(u64),
    /// Backoffice: the beschikking was given on (stops its clock).
    Beschikking(u64),
    /// Sociale kaart: path of HSDS data to import.
    ImportPad,
    /// Handoff: the address of a home visit.
    HuisbezoekAdres,
    /// Handoff: the phone number for a home visit or a phone appointment.
    AfspraakTelefoon,
    /// Anonymous handoff: the summary the backoffice sees, written by the worker without names.
    AnoniemeSamenvatting,
    /// "Klopt niet": what is wrong with the chosen entry.
    KloptNiet,
    /// The resident's plan and the follow-ups (see `plan::Vraag`).
    Plan(plan::Vraag),
}

impl PromptKind {
    pub fn title(self) -> &'static str {
        match self {
            PromptKind::Terugbel => "Terugbellen: wanneer? (bv. 14:00, morgen 9:30, do 10:00, 24-11 14:00)",
            PromptKind::GeenAanbod => "Geen passend aanbod: wat werd er gevraagd? (zonder namen)",
            PromptKind::OverrideReden(Uitkomst::Complex) => "Toch complex: korte reden",
            PromptKind::OverrideReden(Uitkomst::Enkelvoudig) => "Toch enkelvoudig: korte reden",
            PromptKind::Notitie(_) => "Notitie bij deze stap",
            PromptKind::Signaal(_) => "Signaal: wat is te laat of onvoldoende?",
            PromptKind::VolgendeActie(_) => "Volgende actie op (bv. 24-11, +7, morgen)",
            PromptKind::Aanvraag(_) => "Datum Wmo-aanvraag (bv. vandaag, 24-11)",
            PromptKind::OnderzoekAfgerond(_) => "Wmo-onderzoek afgerond op (bv. vandaag, 24-11)",
            PromptKind::Beschikking(_) => "Beschikking gegeven op (bv. vandaag, 24-11)",
            PromptKind::ImportPad => "Importeer HSDS: pad naar JSON-bestand, datapackage-map of .zip",
            PromptKind::HuisbezoekAdres => "Huisbezoek: adres (straat, huisnummer, plaats)",
            PromptKind::AfspraakTelefoon => "Telefoonnummer van de cliënt (voor de afspraak)",
            PromptKind::AnoniemeSamenvatting => {
                "Anoniem: samenvatting voor de backoffice (zonder namen, in eigen woorden; niet de vraag letterlijk)"
            }
            PromptKind::KloptNiet => "Klopt niet: wat klopt er niet? (bv. telefoonnummer werkt niet)",
            PromptKind::Plan(v) => v.titel(),
        }
    }

    /// Prompts of the backoffice queue (handled by `queue::prompt_done`).
    pub fn is_queue(self) -> bool {
        matches!(
            self,
            PromptKind::Notitie(_)
                | PromptKind::Signaal(_)
                | PromptKind::VolgendeActie(_)
                | PromptKind::Aanvraag(_)
                | PromptKind::OnderzoekAfgerond(_)
                | PromptKind::Beschikking(_)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKind {
    QuitWithContact,
    QuitDuringImport,
    ResumeDraft(u64),
    /// Throw away the open draft (started by accident): deleted, never counted.
    DiscardContact(u64),
    /// Close the open contact although a field is invalid (its raw text is kept, never a BSN).
    CloseWithInvalid,
    /// Hand the open contact over (which closes it) although a field is invalid.
    HandoffWithInvalid,
    /// Close case N at step E while a Wmo clock still runs.
    CloseCaseWithClock(u64),
    /// Cancel the appointment of case N.
    CancelAppointment(u64),
    /// Save an availability that leaves the listed appointments outside it (kept, flagged).
    BeschikbaarheidGeraakt,
    /// Leave the availability screen without saving the changes.
    BeschikbaarheidVerwerpen,
    /// Leave the word-list editor without saving the changes.
    WoordenlijstVerwerpen,
    /// Quit although availability or word-list edits are not saved.
    QuitMetBeheerWijzigingen,
    /// Archive ("vervallen") the entry selected in the beheer worklist.
    Vervallen,
    /// Leave the beheer edit form without saving its changes.
    FormVerwerpen,
    /// Quit while a write is still waiting for the store: yes writes what is not
    /// saved to a private recovery file that the next start offers back; no waits (retried).
    QuitNietOpgeslagen,
    /// A recovery file of contact N was found at start: take it back?
    Herstel(u64),
    /// A notice the worker must see before typing on (`State::melding`): the contact on screen
    /// was erased, or changed elsewhere so that her text became a new draft.
    Melding,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help { context: Context, scroll: u16 },
    Picker(Picker),
    Prompt { kind: PromptKind, field: TextField, error: Option<String> },
    Confirm(ConfirmKind),
}

/// Something from outside: a bound action, an unbound key, the clock, the loader, the store.
pub enum Msg {
    Action(Action),
    /// A key that no binding took: text for the focused field, or a digit for a picker.
    Key(Chord),
    /// Pasted text (bracketed paste): into the focused text field only, never through the keymap.
    Paste(String),
    /// The terminal's size (at start and on every resize): below the minimum, keys do nothing.
    Resize(u16, u16),
    Tick(NaiveDateTime),
    LoadProgress(usize, usize),
    Loaded(Arc<Catalog>),
    /// The search snapshot of the map as it is in the store: searchable (names and places)
    /// while the whole map still loads.
    SnapshotReady(Arc<loket_catalog::snapshot::Snapshot>),
    /// A search made beside the screen.
    Gezocht(Box<zoeker::Antwoord>),
    /// The map changed at another desk: the catalog with the changes (an overlay, or reloaded).
    KaartBijgewerkt(Arc<Catalog>),
    LoadFailed(String),
    /// All stored contacts, at start (or after a reconnect).
    ContactsLoaded(Vec<Contact>),
    /// Something could not be read or written: shown, never silent.
    StoreFailed(String),
    /// Something the worker should know that is not a failure of what she did (a warning).
    Waarschuwing(String),
    /// Supporters, cases and booked slots, at start (or after a reconnect).
    BackofficeLoaded(Backoffice),
    /// The cases as stored (after a reconnect, when the rest of the backoffice could not be read).
    DossiersGeladen(Vec<loket_domain::case::Case>),
    /// A contact id reserved in the store for the next new contact.
    ContactIdReserved(u64),
    /// A draft was saved at this revision.
    ContactSaved {
        id: u64,
        rev: u64,
    },
    /// The contact was closed and stored (at this revision).
    ContactClosed {
        id: u64,
        rev: u64,
    },
    /// The contact as stored after this desk's change was merged with another desk's (or stored
    /// again after it was deleted elsewhere); `gesloten`: it was the close.
    ContactSamengevoegd {
        contact: Box<Contact>,
        bericht: String,
        gesloten: bool,
    },
    /// The contact was erased (or anonymised by retention) meanwhile: nothing was written, and
    /// the screen lets go of it. The erased copy as stored.
    ContactGewist(Box<Contact>),
    /// Another desk closed or changed the contact meanwhile (in the same fields): nothing was
    /// written. `mijn` is the worker's copy, offered back as a new draft; `waarom`: "afgesloten"
    /// or "gewijzigd (vraag, naam)".
    ContactBotsing {
        opgeslagen: Box<Contact>,
        mijn: Box<Contact>,
        waarom: String,
    },
    /// A write failed (disk full, server gone): the change stays on screen and is retried.
    SaveFailed(String),
    /// Time to retry what could not be saved.
    RetrySave,
    /// The handoff went through: claim, case and closed contact are stored.
    HandedOff(Box<loket_domain::case::Case>),
    /// Another booking took the slot first; nothing was written.
    SlotTaken(Box<loket_domain::slots::Slot>),
    /// A case was saved at this revision.
    CaseSaved {
        id: u64,
        rev: u64,
    },
    /// Another worker changed the case meanwhile; the worker's change was merged into theirs.
    CaseMerged {
        case: Box<loket_domain::case::Case>,
        door: String,
    },
    /// Another worker changed the same fields: theirs is shown, the worker decides again.
    CaseClash {
        theirs: Box<loket_domain::case::Case>,
        /// The worker's refused change, to show and to offer back.
        mine: Box<loket_domain::case::Case>,
        fields: Vec<&'static str>,
    },
    /// The case was erased (or anonymised by retention) meanwhile: the change was not written.
    CaseGewist(Box<loket_domain::case::Case>),
    /// A case as stored now (another desk changed it, or after a rebooking).
    CaseRefreshed(Box<loket_domain::case::Case>),
    /// Every booked appointment, per supporter (after another desk booked).
    BookingsLoaded(HashMap<String, Vec<NaiveDateTime>>),
    /// A contact as stored now (another desk changed it), or `None` when it was deleted.
    ContactRefreshed(u64, Option<Box<Contact>>),
    /// The contact was deleted from the store (a discarded draft).
    ContactDeleted(u64),
    /// Another desk changed something.
    Remote(loket_store::Change),
    /// Recovery files found at start: what could not be saved when the desk ended.
    HerstelGevonden(Vec<(std::path::PathBuf, herstel::Herstel)>),
    /// Map records asked for with [`Effect::Ophalen`] (or missed while drawing) are read: draw again.
    Opgehaald,
    /// Input from the terminal, read on a thread of its own; the event loop turns it into the
    /// messages above (a bound action, a key, a paste, a resize) before `update` sees it.
    Terminal(ratatui::crossterm::event::Event),
    /// The terminal could not be read any more: the loop ends with this error.
    TerminalKwijt(String),
    /// Files written on the user's request.
    Exported(String),
    /// An import finished (written or not).
    Imported(Box<loket_interchange::ImportReport>),
    /// An import could not run (unreadable path, unknown format).
    ImportFailed(String),
    /// The supporter's availability is stored; the cases flagged for rebooking.
    BeschikbaarheidOpgeslagen {
        ond: Box<loket_domain::ondersteuning::Clientondersteuner>,
        gemarkeerd: Vec<loket_domain::case::Case>,
    },
    /// Nothing was stored: the change would leave these appointments outside the availability.
    BeschikbaarheidGeraakt(Vec<loket_domain::beschikbaarheid::Geraakt>),
    /// The availability was not stored (refused, conflict, store down).
    BeschikbaarheidMislukt(String),
    /// The supporters as stored now (another desk changed one).
    OndersteunersGeladen(Vec<loket_domain::ondersteuning::Clientondersteuner>),
    /// The word lists as stored: (name, text).
    WoordenlijstenGelezen(Vec<(String, String)>),
    /// A word list is stored and in use (with what could not be used, normally nothing).
    WoordenlijstOpgeslagen {
        naam: String,
        tekst: String,
        problemen: Vec<String>,
    },
    WoordenlijstMislukt(String),
    /// Another beheerder changed list `naam` since the editor read it: nothing was written; `nu`
    /// is the list as stored now.
    WoordenlijstBotsing {
        naam: String,
        nu: String,
    },
    /// Another desk changed the word lists: they are in use now (problems, if any).
    WoordenlijstenVernieuwd(Vec<String>),
    /// Signed in (or unlocked) as this account.
    Aangemeld(loket_domain::account::Aangemeld),
    /// A sign-in was refused: why (never the PIN).
    AanmeldenMislukt(String),
    /// An account changed elsewhere (blocked, released, removed): as stored now.
    AccountGewijzigd {
        sleutel: String,
        account: Option<Box<loket_domain::account::Account>>,
    },
    // --- beheer ---
    /// The upkeep of the map as stored (at start, after a change at another desk).
    BeheerGeladen(HashMap<String, loket_domain::beheer::Beheer>),
    /// A "klopt niet" report is stored; the entry's upkeep now.
    BeheerGemeld(Box<loket_domain::beheer::Beheer>),
    /// A beheerder's change is stored.
    BeheerGeschreven {
        schrijf: Box<loket_domain::beheer::BeheerSchrijf>,
        bericht: String,
    },
    /// The history of an entry.
    BeheerHistorie(String, Vec<loket_domain::beheer::Wijziging>),
    /// The report, counted and suppressed beside the screen, and the areas to choose from.
    RapportKlaar {
        rapport: Box<loket_domain::rapport::Rapport>,
        gebieden: Vec<loket_domain::rapport::Gebied>,
    },
    /// The plan screen and the worklist (see `plan::PlanMsg`).
    Plan(Box<plan::PlanMsg>),
}

/// What the runtime must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Quit,
    /// Read these map records beside the screen; [`Msg::Opgehaald`] says they are there.
    Ophalen(loket_catalog::bron::Gemist),
    /// Reserve an id in the store for the next new contact.
    ReserveContactId,
    /// Write the draft at its revision.
    SaveContact(Box<Contact>),
    /// Write the closed contact; the form closes only when that succeeded.
    CloseContact(Box<Contact>),
    /// Remove a blank draft.
    DeleteContact(u64),
    /// Remove a recovery file that was taken back.
    HerstelWeg(std::path::PathBuf),
    /// The handoff, one transaction: claim the slot, create the case, store the closed contact.
    Handoff {
        contact: Box<Contact>,
        case: Box<loket_domain::case::Case>,
        slot: Box<loket_domain::slots::Slot>,
    },
    /// Save a changed case; `base` is the copy the change started from (to merge on a conflict).
    SaveCase {
        base: Box<loket_domain::case::Case>,
        new: Box<loket_domain::case::Case>,
    },
    /// Read again what another desk changed.
    Refresh(loket_store::Change),
    /// Write the calendar file (.ics) of case N.
    ExportAppointment(u64),
    /// Make the confirmation letter of case N from the store and open it in the system's viewer.
    OpenLetter(u64),
    /// Import HSDS data (atomic), then reload the map.
    Import(std::path::PathBuf),
    /// Move the appointment of `case` to `slot`, or cancel it (`None`), in one transaction; then
    /// rewrite its confirmation and calendar file. `case` is the copy the worker saw (its rev).
    Rebook {
        case: Box<loket_domain::case::Case>,
        slot: Option<Box<loket_domain::slots::Slot>>,
    },
    /// Store a supporter's new availability (one transaction; see
    /// [`loket_store::Store::zet_beschikbaarheid`]).
    ZetBeschikbaarheid {
        basis: Box<loket_domain::ondersteuning::Clientondersteuner>,
        nieuw: Box<loket_domain::ondersteuning::Clientondersteuner>,
        akkoord: Vec<u64>,
    },
    /// Read the word lists from the store.
    LeesWoordenlijsten,
    /// Store a (checked) word list, then use it.
    ZetWoordenlijst {
        naam: String,
        tekst: String,
        /// The text the editor started from: refused when the store holds another by now.
        basis: String,
    },
    /// Check a sign-in against the store's accounts (`poging`: failed tries before this one).
    Aanmelden {
        naam: String,
        pin: loket_store::auth::Geheim,
        poging: u32,
    },
    // --- beheer ---
    /// Store a "klopt niet" report on an entry.
    BeheerMeld {
        sleutel: String,
        melding: loket_domain::beheer::Melding,
    },
    /// Store a beheerder's change (one transaction).
    BeheerSchrijf {
        schrijf: Box<loket_domain::beheer::BeheerSchrijf>,
        bericht: String,
    },
    /// Read the history of an entry.
    BeheerHistorie(String),
    /// Undo the last change of an entry (its history is read in the same step).
    BeheerOngedaan {
        record: Box<loket_domain::beheer::Record>,
        beheer: Box<loket_domain::beheer::Beheer>,
        door: String,
        op: NaiveDateTime,
    },
    /// Read contacts and dossiers, count and suppress (threshold `drempel`), beside the screen.
    Rapport {
        vraag: Box<loket_domain::rapport::Vraag>,
        drempel: u32,
    },
    /// Work of the plan screen and the worklist (see `plan::uitvoeren`).
    Plan(Box<plan::PlanEffect>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

pub struct State {
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub catalog: Option<Arc<Catalog>>,
    /// Records loaded so far and the total, while the map loads.
    pub loading: Option<(usize, usize)>,
    pub kaart: KaartState,
    /// The contact being registered (or viewed), if any.
    pub contact: Option<ContactState>,
    /// All contacts known (for the list, repeat callers and call-backs), in id order.
    pub contacts: Vec<Contact>,
    pub contact_list: ContactListState,
    /// Contact ids reserved in the store (ids never come from a counter in memory).
    pub contact_ids: VecDeque<u64>,
    /// The worker at this desk, recorded on every contact, step, note and booking.
    pub medewerker: String,
    /// The kanaal a new contact starts with (the desk's default from the config).
    pub standaard_kanaal: loket_domain::contact::Kanaal,
    /// What could not be saved yet (shown; retried until it is).
    pub unsaved: Option<String>,
    /// The text of [`ConfirmKind::Melding`], while it is shown.
    pub melding: Option<String>,
    /// Recovery files found at start, not yet offered or taken back.
    pub herstel: Vec<(std::path::PathBuf, herstel::Herstel)>,
    /// This session's own blank drafts (left by a crash) were removed at the first load.
    pub concepten_opgeruimd: bool,
    /// Contact copies sent to the store whose answer never came (the connection was lost): a
    /// later conflict with one of them is this desk's own write, not another desk's.
    pub verstuurd: Vec<Contact>,
    /// The contact being closed: its id and the message to show once it is stored.
    pub closing: Option<(u64, String)>,
    /// Case changes not stored yet (base, new), retried.
    pub pending_cases: Vec<(loket_domain::case::Case, loket_domain::case::Case)>,
    pub handoff: Option<HandoffState>,
    pub backoffice: Backoffice,
    pub queue: QueueState,
    pub now: NaiveDateTime,
    pub status: Option<(Level, String)>,
    pub keymap: Arc<Keymap>,
    /// Chords typed so far of a multi-chord binding.
    pub pending: Vec<Chord>,
    pub searcher: Searcher,
    /// Searches beside the screen (the TUI); None: in place (headless tests).
    pub zoeker: Option<zoeker::Zoeker>,
    pub color: bool,
    pub data_dir: String,
    /// The loket's own domain for the UID and ORGANIZER of calendar files (config `domein`).
    pub ics_domein: Option<String>,
    /// The loket's letterhead on the confirmation letter (config `[loket]`).
    pub briefhoofd: loket_domain::briefhoofd::Briefhoofd,
    /// The program that opens the letter (config `brief_openen_met`, `LOKET_OPENER`); None: the
    /// system's browser or viewer.
    pub brief_opener: Option<String>,
    /// How long the viewer gets to read the letter's file before it is removed.
    pub brief_bewaren: std::time::Duration,
    /// What names the store in calendar UIDs when it is shared by many desks (the database);
    /// `None`: the data directory.
    pub ics_bron: Option<String>,
    /// Set when loket runs read-only on a local snapshot because the database is down: shown
    /// in the header on every screen.
    pub alleen_lezen: Option<String>,
    /// Where the search snapshot of the store is written after a load (none in tests).
    pub zoekindex: Option<std::path::PathBuf>,
    /// The mapped search snapshot, searched until the whole map (`catalog`) is loaded.
    pub snapshot: Option<Arc<loket_catalog::snapshot::Snapshot>>,
    /// An import runs in the background (one at a time).
    pub importing: bool,
    /// The window is below the minimum size: "venster te klein" is shown and keys are ignored.
    pub too_small: bool,
    /// Keys (and pasted characters) refused while the window was too small.
    pub genegeerd: usize,
    /// The terminal's size, once known (the help scrolls to exactly its last line).
    pub size: Option<(u16, u16)>,
    /// The availability screen.
    pub beschik: beschikbaarheid::BeschikState,
    /// The word-list editor.
    pub woordenlijst: woordenlijst::LijstState,
    // --- account: see `aanmelden` ---
    /// Who is signed in (None: nobody, on an embedded store without accounts).
    pub account: Option<loket_domain::account::Aangemeld>,
    /// Sign-in is required here (shared database, or accounts exist): nothing is allowed before.
    pub aanmelding_verplicht: bool,
    /// The sign-in form or the idle lock, shown instead of everything else.
    pub aanmelden: Option<aanmelden::AanmeldState>,
    /// Lock the screen after this long without a key (None: never).
    pub vergrendel_na: Option<chrono::Duration>,
    /// When the worker last pressed a key (for the idle lock).
    pub laatste_invoer: NaiveDateTime,
    /// An embedded store without accounts: the header warns that anyone here sees everything.
    pub onbeveiligd: bool,
    /// The last audit event this desk wrote (a repeat of it is not written again).
    pub audit_laatst: Option<(loket_store::audit::Handeling, loket_store::audit::Onderwerp)>,
    /// Keeping the map true: reports, archive, worklist, form.
    pub beheer: beheer::BeheerState,
    /// The report screen.
    pub rapport: rapport::RapportState,
    /// The resident's plan and the worklist.
    pub plan: plan::PlanState,
}

impl State {
    /// Who writes this desk's calendar files: the configured domain and this store.
    pub fn afzender(&self) -> loket_domain::ics::Afzender {
        let bron = self.ics_bron.as_deref().unwrap_or(&self.data_dir);
        loket_domain::ics::Afzender::new(self.ics_domein.as_deref(), bron)
    }

    pub fn new(keymap: Arc<Keymap>, now: NaiveDateTime) -> State {
        State {
            screen: Screen::Kaart,
            overlay: None,
            catalog: None,
            loading: Some((0, 0)),
            kaart: KaartState::default(),
            contact: None,
            contacts: Vec::new(),
            contact_list: ContactListState::default(),
            contact_ids: VecDeque::new(),
            medewerker: String::new(),
            standaard_kanaal: loket_domain::contact::Kanaal::Telefoon,
            unsaved: None,
            verstuurd: Vec::new(),
            concepten_opgeruimd: false,
            herstel: Vec::new(),
            melding: None,
            closing: None,
            pending_cases: Vec::new(),
            handoff: None,
            backoffice: Backoffice::default(),
            queue: QueueState::default(),
            now,
            status: None,
            keymap,
            pending: Vec::new(),
            searcher: Searcher::default(),
            zoeker: None,
            color: true,
            data_dir: String::new(),
            ics_domein: None,
            briefhoofd: Default::default(),
            brief_opener: None,
            brief_bewaren: brief::BEWAREN_STANDAARD,
            ics_bron: None,
            alleen_lezen: None,
            zoekindex: None,
            snapshot: None,
            importing: false,
            too_small: false,
            genegeerd: 0,
            size: None,
            beschik: Default::default(),
            woordenlijst: Default::default(),
            account: None,
            aanmelding_verplicht: false,
            aanmelden: None,
            vergrendel_na: None,
            laatste_invoer: now,
            onbeveiligd: false,
            audit_laatst: None,
            beheer: beheer::BeheerState::default(),
            rapport: rapport::RapportState::default(),
            plan: plan::PlanState::default(),
        }
    }

    /// The keymap context that receives keys now.
    pub fn context(&self) -> Context {
        if self.aanmelden.is_some() {
            return Context::Prompt;
        }
        match &self.overlay {
            Some(Overlay::Help { .. }) => Context::Help,
            Some(Overlay::Picker(_)) => Context::Picker,
            Some(Overlay::Prompt { .. }) => Context::Prompt,
            Some(Overlay::Confirm(_)) => Context::Confirm,
            None => match self.screen {
                Screen::Kaart => Context::Kaart,
                Screen::Contact => match &self.contact {
                    Some(cs) if cs.focus == contact::Focus::Triage => Context::Triage,
                    _ => Context::Contact,
                },
                Screen::ContactList => Context::ContactList,
                Screen::Handoff => Context::Handoff,
                Screen::Queue => Context::Queue,
                Screen::Beschikbaarheid => Context::Beschikbaarheid,
                Screen::Woordenlijst => Context::Woordenlijst,
                Screen::Beheer => Context::Beheer,
                Screen::Bewerken => Context::Bewerken,
                Screen::Rapport => Context::Rapport,
                Screen::Plan => Context::Plan,
                Screen::Opvolgen => Context::Opvolgen,
            },
        }
    }

    /// Turn a key press into a message through the keymap (handles multi-chord sequences).
    pub fn key(&mut self, chord: Chord) -> Option<Msg> {
        // A notice the worker must see is not closed by typing on (a "j" in a word): keys that
        // type text go nowhere; the keymap's other keys (Enter, Esc) close it.
        if matches!(self.overlay, Some(Overlay::Confirm(ConfirmKind::Melding)))
            && self.aanmelden.is_none()
            && chord.text().is_some()
        {
            return None;
        }
        // A message stays until the next key.
        self.status = None;
        let mut keys = std::mem::take(&mut self.pending);
        keys.push(chord);
        match self.keymap.lookup(self.context(), &keys) {
            Lookup::Action(a) => Some(Msg::Action(a)),
            Lookup::Prefix => {
                self.pending = keys;
                None
            }
            // the sign-in form is a prompt, where only quitting of the global keys works
            Lookup::None
                if self.aanmelden.is_some()
                    && matches!(self.keymap.lookup(Context::Global, &keys), Lookup::Action(Action::Quit)) =>
            {
                Some(Msg::Action(Action::Quit))
            }
            // a picker takes every key, but quitting still works: the picker closes (nothing
            // chosen) and the quit goes on as from the screen below (asking first when a
            // contact is open)
            Lookup::None
                if matches!(self.overlay, Some(Overlay::Picker(_)))
                    && matches!(self.keymap.lookup(Context::Global, &keys), Lookup::Action(Action::Quit)) =>
            {
                self.overlay = None;
                Some(Msg::Action(Action::Quit))
            }
            Lookup::None if keys.len() == 1 => Some(Msg::Key(chord)),
            Lookup::None => None,
        }
    }

    /// " (F2)": the live key for `a` in `ctx`, for a message; empty when no key does it there
    /// (a message never names a key that does nothing).
    pub fn key_hint(&self, ctx: Context, a: Action) -> String {
        self.keymap.key_for(ctx, a).map(|k| format!(" ({k})")).unwrap_or_default()
    }

    /// The live key for `a` in `ctx`, or how to find it when no key does it there.
    pub fn key_name(&self, ctx: Context, a: Action) -> String {
        self.keymap.key_for(ctx, a).unwrap_or_else(|| format!("\"{}\" (geen toets; zie de hulp)", a.description()))
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some((Level::Info, text.into()));
    }
    pub fn warn(&mut self, text: impl Into<String>) {
        self.status = Some((Level::Warning, text.into()));
    }

    /// Keep the contact list in step with a saved contact.
    pub fn upsert_contact(&mut self, c: Contact) {
        match self.contacts.binary_search_by_key(&c.id, |x| x.id) {
            Ok(i) => self.contacts[i] = c,
            Err(i) => self.contacts.insert(i, c),
        }
    }
}

/// The heart of the program: apply one message to the state.
/// Handle one message: change the state and say which effects to run. Nothing is read from or
/// written to the store here: a map record not read yet is shown as the snapshot knows it, and an
/// [`Effect::Ophalen`] asks for it to be read beside the screen.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let mut fx = loket_catalog::bron::zonder_ophalen(|| update_in(state, msg));
    let gemist = loket_catalog::bron::gemist();
    if !gemist.is_empty() {
        fx.push(Effect::Ophalen(gemist));
    }
    fx
}

fn update_in(state: &mut State, msg: Msg) -> Vec<Effect> {
    // While "venster te klein" is shown nothing is visible to edit: only quitting works.
    // The keys are refused visibly: the small screen counts them, and the status says so once
    // the window is big enough again.
    if state.too_small
        && matches!(&msg, Msg::Key(_) | Msg::Paste(_) | Msg::Action(_))
        && !matches!(msg, Msg::Action(Action::Quit))
    {
        state.genegeerd += match &msg {
            Msg::Paste(t) => t.chars().count(),
            _ => 1,
        };
        return Vec::new();
    }
    // Signing in, or locked: input goes to the form; nothing else is reachable.
    if aanmelden::is_input(&msg) {
        aanmelden::activity(state, state.now);
        if state.aanmelden.is_some() {
            return aanmelden::update(state, msg);
        }
    }
    let mut fx = match msg {
        Msg::Resize(w, h) => {
            state.size = Some((w, h));
            state.too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
            if !state.too_small && state.genegeerd > 0 {
                let n = std::mem::take(&mut state.genegeerd);
                state.warn(format!(
                    "Niet verwerkt: {n} {} getypt terwijl het venster te klein was. Typ {} opnieuw.",
                    if n == 1 { "toets" } else { "toetsen" },
                    if n == 1 { "die" } else { "ze" }
                ));
            }
            Vec::new()
        }
        Msg::Paste(text) => paste(state, &text),
        // turned into other messages by the event loop
        Msg::Terminal(_) | Msg::TerminalKwijt(_) => Vec::new(),
        Msg::Opgehaald => Vec::new(),
        Msg::Tick(now) => {
            state.now = now;
            aanmelden::tick(state);
            Vec::new()
        }
        Msg::Aangemeld(a) => aanmelden::aangemeld(state, a),
        Msg::AanmeldenMislukt(e) => aanmelden::mislukt(state, e),
        Msg::AccountGewijzigd { sleutel, account } => aanmelden::account_gewijzigd(state, &sleutel, account.as_deref()),
        Msg::LoadProgress(done, total) => {
            state.loading = Some((done, total));
            Vec::new()
        }
        Msg::SnapshotReady(snap) => {
            if state.catalog.is_none() {
                state.snapshot = Some(snap);
                kaart::refresh(state);
            }
            Vec::new()
        }
        Msg::Loaded(cat) => {
            state.snapshot = None;
            state.catalog = Some(cat);
            state.loading = None;
            kaart::refresh(state);
            contact::refresh_search(state);
            Vec::new()
        }
        Msg::KaartBijgewerkt(cat) => {
            // The worker keeps the entry they were looking at, where it is still found.
            state.kaart.behoud = state.catalog.as_deref().and_then(|old| {
                let hit = state.kaart.results.hits.get(state.kaart.selected)?;
                Some(old.sleutel(hit.doc))
            });
            state.catalog = Some(cat);
            state.loading = None;
            kaart::refresh(state);
            contact::refresh_search(state);
            Vec::new()
        }
        Msg::Gezocht(a) => {
            kaart::gezocht(state, *a);
            Vec::new()
        }
        Msg::LoadFailed(e) => {
            state.loading = None;
            state.status = Some((Level::Error, format!("Sociale kaart niet geladen: {e}")));
            Vec::new()
        }
        // Personal data only for the roles that see contacts (nothing before sign-in).
        Msg::ContactsLoaded(_) | Msg::ContactRefreshed(..) if !state.mag(Recht::ContactRegistreren) => Vec::new(),
        Msg::ContactsLoaded(list) => {
            // Drafts in which nothing was typed are not shown. Only this worker's own are
            // removed, once, at the first load of this session, and never the one open here:
            // another desk's blank draft is its own (a store shared by several desks
            // is read again at every reconnect and sign-in).
            let open = state.contact.as_ref().map(|cs| cs.contact.id);
            let (blank, list): (Vec<Contact>, Vec<Contact>) =
                list.into_iter().partition(|c| c.is_blank() && Some(c.id) != open);
            let opruimen = !std::mem::replace(&mut state.concepten_opgeruimd, true);
            // (a draft without a worker is from before workers were recorded: nobody's open draft)
            let eigen = |c: &Contact| c.medewerker == state.medewerker || c.medewerker.is_empty();
            let blank: Vec<Contact> = if opruimen { blank.into_iter().filter(eigen).collect() } else { Vec::new() };
            let draft = list
                .iter()
                .rev()
                .find(|c| {
                    c.status == Status::Concept
                        && (state.medewerker.is_empty() || c.medewerker == state.medewerker || c.medewerker.is_empty())
                })
                .map(|c| c.id);
            state.contacts = list;
            state.contacts.sort_by_key(|c| c.id);
            // the contact open here stays in the list as this desk holds it (the copy it sends:
            // what a save's answer confirms, see `sync::contact_saved`)
            if let Some(c) = state.contact.as_ref().filter(|cs| !cs.read_only).map(|cs| cs.contact.clone()) {
                state.upsert_contact(c);
            }
            if let (Some(id), None, None) = (draft, &state.contact, &state.overlay) {
                state.overlay = Some(Overlay::Confirm(ConfirmKind::ResumeDraft(id)));
            }
            // a recovery file is newer than any stored draft: offered first
            herstel::aanbieden(state);
            blank.iter().map(|c| Effect::DeleteContact(c.id)).collect()
        }
        Msg::Waarschuwing(text) => {
            state.warn(text);
            Vec::new()
        }
        Msg::StoreFailed(e) => {
            // a discard (or close) that was waiting for the store did not happen
            state.closing = None;
            state.status = Some((Level::Error, format!("Opslagfout: {e}.")));
            Vec::new()
        }
        Msg::BackofficeLoaded(mut b) => {
            // Dossiers only for the roles that work them (who is free stays, for the handoff).
            if !state.mag(Recht::DossiersWerken) {
                b.cases.clear();
            }
            state.backoffice = b;
            queue::keep_selection(state);
            Vec::new()
        }
        Msg::DossiersGeladen(cases) => {
            if state.mag(Recht::DossiersWerken) {
                state.backoffice.cases = cases;
                queue::keep_selection(state);
            }
            Vec::new()
        }
        Msg::ContactIdReserved(id) => {
            state.contact_ids.push_back(id);
            Vec::new()
        }
        Msg::ContactSaved { id, rev } => sync::contact_saved(state, id, rev),
        Msg::ContactClosed { id, rev } => sync::contact_closed(state, id, rev),
        Msg::ContactSamengevoegd { contact, bericht, gesloten } => {
            sync::contact_samengevoegd(state, *contact, bericht, gesloten)
        }
        Msg::ContactGewist(c) => sync::contact_gewist(state, *c),
        Msg::ContactBotsing { opgeslagen, mijn, waarom } => sync::contact_botsing(state, *opgeslagen, *mijn, &waarom),
        Msg::SaveFailed(e) => sync::save_failed(state, e),
        Msg::RetrySave => sync::retry(state),
        Msg::HandedOff(case) => handoff::booked(state, *case),
        Msg::SlotTaken(slot) => {
            if state.handoff.as_ref().is_some_and(|h| h.booked.is_none()) {
                handoff::slot_taken(state, &slot);
            } else {
                // a rebooking: nothing was written
                state.backoffice.booked.entry(slot.ondersteuner_id.clone()).or_default().push(slot.start);
                state.warn("Dit tijdstip is net door iemand anders geboekt; er is niets verzet. Kies een andere tijd.");
            }
            Vec::new()
        }
        Msg::CaseSaved { id, rev } => sync::case_saved(state, id, rev),
        Msg::CaseMerged { case, door } => sync::case_merged(state, *case, &door),
        Msg::CaseClash { theirs, mine, fields } => sync::case_clash(state, *theirs, *mine, &fields),
        Msg::CaseGewist(case) => sync::case_gewist(state, *case),
        Msg::CaseRefreshed(_) if !state.mag(Recht::DossiersWerken) => Vec::new(),
        Msg::CaseRefreshed(case) => sync::case_refreshed(state, *case),
        Msg::BookingsLoaded(b) => {
            state.backoffice.booked = b;
            Vec::new()
        }
        Msg::ContactRefreshed(id, c) => sync::contact_refreshed(state, id, c.map(|c| *c)),
        Msg::ContactDeleted(id) => sync::contact_deleted(state, id),
        Msg::Remote(loket_store::Change::Reconnected) => {
            // a block while the connection was gone came with no notice: look at our account too
            let mut fx = vec![Effect::Refresh(loket_store::Change::Reconnected)];
            if let Some(a) = &state.account {
                let sleutel = loket_domain::account::Account::sleutel(&a.naam);
                fx.push(Effect::Refresh(loket_store::Change::Account(sleutel)));
            }
            fx
        }
        Msg::Remote(change) => vec![Effect::Refresh(change)],
        Msg::HerstelGevonden(list) => herstel::gevonden(state, list),
        Msg::Exported(text) => {
            state.info(text);
            Vec::new()
        }
        Msg::ImportFailed(e) => {
            state.importing = false;
            state.status = Some((Level::Error, format!("Import mislukt: {e}")));
            Vec::new()
        }
        Msg::Imported(r) => {
            state.importing = false;
            let what = format!(
                "{} voorzieningen, {} regelingen, {} organisaties",
                r.voorzieningen, r.regelingen, r.organisaties
            );
            if r.written {
                state.info(format!(
                    "Geïmporteerd: {what} ({}; {} conflicten met correcties, {} gearchiveerd; zie beheer).",
                    r.warning_summary(),
                    r.conflicten.len(),
                    r.gearchiveerd.len()
                ));
            } else if let Some(first) = r.errors.first() {
                state.status = Some((
                    Level::Error,
                    format!(
                        "Import: {} fouten, niets geschreven. Eerste: {first} (alle fouten: loket import --controleer PAD)",
                        r.errors.len()
                    ),
                ));
            } else {
                state.warn("Import: geen records gevonden.");
            }
            Vec::new()
        }
        Msg::BeschikbaarheidOpgeslagen { ond, gemarkeerd } => beschikbaarheid::opgeslagen(state, *ond, gemarkeerd),
        Msg::BeschikbaarheidGeraakt(lijst) => beschikbaarheid::geraakt(state, lijst),
        Msg::BeschikbaarheidMislukt(e) => beschikbaarheid::mislukt(state, e),
        Msg::OndersteunersGeladen(list) => {
            state.backoffice.ondersteuners = list;
            let n = state.backoffice.ondersteuners.len();
            state.beschik.selected = state.beschik.selected.min(n.saturating_sub(1));
            Vec::new()
        }
        Msg::WoordenlijstenGelezen(l) => woordenlijst::gelezen(state, l),
        Msg::WoordenlijstOpgeslagen { naam, tekst, problemen } => {
            woordenlijst::opgeslagen(state, &naam, tekst, problemen)
        }
        Msg::WoordenlijstMislukt(e) => woordenlijst::mislukt(state, e),
        Msg::WoordenlijstBotsing { naam, nu } => woordenlijst::botsing(state, &naam, nu),
        Msg::WoordenlijstenVernieuwd(problemen) => {
            // the stored text is read again when the editor opens; a list with changes keeps the
            // text they started from (saving it then asks, see `woordenlijst::botsing`)
            for i in 0..2 {
                if !state.woordenlijst.gewijzigd(i) {
                    state.woordenlijst.opgeslagen[i] = None;
                }
            }
            if state.screen == Screen::Woordenlijst {
                let fx = woordenlijst::open(state);
                if !problemen.is_empty() {
                    state.status = Some((Level::Error, problemen.join("; ")));
                }
                return fx;
            }
            if !problemen.is_empty() {
                state.status = Some((Level::Error, problemen.join("; ")));
            }
            Vec::new()
        }
        Msg::BeheerGeladen(staten) => beheer::geladen(state, staten),
        Msg::BeheerGemeld(b) => beheer::gemeld(state, *b),
        Msg::BeheerGeschreven { schrijf, bericht } => beheer::geschreven(state, *schrijf, bericht),
        Msg::BeheerHistorie(key, h) => beheer::historie(state, key, h),
        Msg::RapportKlaar { .. } if !state.mag(Recht::RapportBekijken) => Vec::new(),
        Msg::RapportKlaar { rapport, gebieden } => rapport::klaar(state, *rapport, gebieden),
        Msg::Plan(m) => plan::bericht(state, *m),
        Msg::Action(a) => action(state, a),
        // A key no binding took: typed text for the focused field (keys are actions otherwise).
        Msg::Key(k) => match k.text() {
            Some(c) => edit(state, text_field::Edit::Insert(c)),
            None => Vec::new(),
        },
    };
    // Every saved contact is also kept in the list.
    for e in &fx {
        match e {
            Effect::SaveContact(c) => state.upsert_contact((**c).clone()),
            Effect::DeleteContact(id) => state.contacts.retain(|c| c.id != *id),
            _ => {}
        }
    }
    fx.dedup();
    fx
}

/// Pasted text goes into the focused text field, or nowhere: never through the keymap, so a
/// paste can't run a command ("vandaag" on the queue screen is not `v`).
fn paste(state: &mut State, text: &str) -> Vec<Effect> {
    // One line: line breaks and tabs become spaces, other control characters are dropped.
    let clean: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c })
        .filter(|c| !c.is_control())
        .collect();
    if text_field_here(state) {
        let mut fx = Vec::new();
        for c in clean.chars() {
            fx = edit(state, text_field::Edit::Insert(c));
        }
        fx
    } else {
        if state.overlay.is_none() {
            state.warn("Plakken kan hier niet: er is geen tekstveld.");
        }
        Vec::new()
    }
}

/// Is there a focused text field now?
fn text_field_here(state: &State) -> bool {
    match &state.overlay {
        Some(Overlay::Prompt { .. }) => true,
        Some(_) => false,
        None => match state.screen {
            Screen::Kaart | Screen::ContactList | Screen::Bewerken => true,
            Screen::Contact => state.contact.as_ref().is_some_and(|cs| cs.focus != contact::Focus::Triage),
            Screen::Beschikbaarheid => beschikbaarheid::has_field(state),
            Screen::Woordenlijst => true,
            Screen::Handoff | Screen::Queue | Screen::Beheer | Screen::Rapport | Screen::Plan | Screen::Opvolgen => {
                false
            }
        },
    }
}

/// Typed text or an editing action, for the focused text field.
fn edit(state: &mut State, e: text_field::Edit) -> Vec<Effect> {
    match &mut state.overlay {
        Some(Overlay::Prompt { field, error, .. }) => {
            if field.apply(e) {
                *error = None;
            }
            Vec::new()
        }
        Some(_) => Vec::new(),
        None => match state.screen {
            Screen::Kaart => {
                kaart::key(state, e);
                Vec::new()
            }
            Screen::Contact => contact::key(state, e),
            Screen::ContactList => {
                contact_list::key(state, e);
                Vec::new()
            }
            Screen::Beschikbaarheid => {
                beschikbaarheid::key(state, e);
                Vec::new()
            }
            Screen::Woordenlijst => {
                woordenlijst::key(state, e);
                Vec::new()
            }
            Screen::Bewerken => beheer_form::key(state, e),
            Screen::Handoff | Screen::Queue | Screen::Beheer | Screen::Rapport | Screen::Plan | Screen::Opvolgen => {
                Vec::new()
            }
        },
    }
}

/// The terminal size as the help box sees it: a second header row (no accounts) and a message
/// of more than one row take rows from it, as the screen draws them.
fn help_size(state: &State) -> (u16, u16) {
    let (w, h) = state.size.unwrap_or((MIN_WIDTH, MIN_HEIGHT));
    let header = u16::from(state.onbeveiligd);
    let status = state
        .status
        .as_ref()
        .map(|(_, t)| crate::keymap::help::wrap(t, (w as usize).saturating_sub(1)).len().clamp(1, 3) as u16 - 1)
        .unwrap_or(0);
    (w, h.saturating_sub(header + status))
}

fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let (help_w, help_h) = help_size(state);
    // Overlays first.
    match &mut state.overlay {
        Some(Overlay::Help { scroll, context }) => {
            let (w, h) = (help_w, help_h);
            let max = crate::keymap::help::max_scroll(&state.keymap, *context, w, h);
            let page = crate::keymap::help::page(w, h).1.saturating_sub(1).max(1) as u16;
            match a {
                Action::Next => *scroll = scroll.saturating_add(1),
                Action::Previous => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll = scroll.saturating_add(page),
                Action::PageUp => *scroll = scroll.saturating_sub(page),
                Action::First => *scroll = 0,
                Action::Last => *scroll = max,
                Action::Cancel | Action::Help => state.overlay = None,
                _ => {}
            }
            // Never past the last line: the first key back up moves the page.
            if let Some(Overlay::Help { scroll, .. }) = &mut state.overlay {
                *scroll = (*scroll).min(max);
            }
            return Vec::new();
        }
        Some(Overlay::Picker(_)) => return picker::action(state, a),
        Some(Overlay::Prompt { .. }) if a.edit().is_some() => return edit(state, a.edit().expect("checked")),
        Some(Overlay::Prompt { kind, field, .. }) => {
            match a {
                Action::Confirm => {
                    let (kind, text) = (*kind, field.value().to_string());
                    let done = if let PromptKind::Plan(v) = kind {
                        plan::prompt_done(state, v, &text)
                    } else if kind == PromptKind::KloptNiet {
                        beheer::melding_done(state, &text)
                    } else if kind == PromptKind::ImportPad {
                        kaart::import_prompt_done(state, &text)
                    } else if matches!(
                        kind,
                        PromptKind::HuisbezoekAdres | PromptKind::AfspraakTelefoon | PromptKind::AnoniemeSamenvatting
                    ) {
                        handoff::prompt_done(state, kind, &text)
                    } else if kind.is_queue() {
                        queue::prompt_done(state, kind, &text)
                    } else {
                        contact::prompt_done(state, kind, text)
                    };
                    match done {
                        Ok(fx) => return fx,
                        Err(e) => {
                            if let Some(Overlay::Prompt { error, .. }) = &mut state.overlay {
                                *error = Some(e);
                            }
                        }
                    }
                }
                Action::Cancel => {
                    state.overlay = None;
                    if let Some(cs) = &mut state.contact {
                        cs.closing = false;
                    }
                }
                _ => {}
            }
            return Vec::new();
        }
        Some(Overlay::Confirm(kind)) => {
            let kind = *kind;
            state.overlay = None;
            return match (kind, a) {
                (ConfirmKind::QuitWithContact | ConfirmKind::QuitDuringImport, Action::Confirm) => vec![Effect::Quit],
                (ConfirmKind::ResumeDraft(id), Action::Confirm) => {
                    if let Some(c) = state.contacts.iter().find(|c| c.id == id).cloned() {
                        contact::open(state, c);
                        state.info("Concept hersteld: u kunt verder waar u was.");
                    }
                    Vec::new()
                }
                (ConfirmKind::ResumeDraft(_), _) => {
                    let k = state.key_hint(Context::Kaart, Action::ContactList);
                    state.info(format!("Het concept staat in de contactenlijst{k}."));
                    Vec::new()
                }
                (ConfirmKind::DiscardContact(id), Action::Confirm) => contact::discard(state, id),
                (ConfirmKind::QuitNietOpgeslagen, Action::Confirm) => vec![Effect::Quit],
                (ConfirmKind::QuitNietOpgeslagen, _) => {
                    state.info("Er wordt gewacht: loket probeert het opslaan om de paar seconden opnieuw.");
                    Vec::new()
                }
                (ConfirmKind::Melding, _) => {
                    // seen: it stays in the status line until the next key
                    if let Some(m) = state.melding.take() {
                        state.warn(m);
                    }
                    Vec::new()
                }
                (ConfirmKind::Herstel(id), Action::Confirm) => herstel::terugnemen(state, id),
                (ConfirmKind::Herstel(id), _) => {
                    herstel::later(state, id);
                    Vec::new()
                }
                (ConfirmKind::HandoffWithInvalid, Action::Confirm) => {
                    if let Some(cs) = &mut state.contact {
                        cs.ongeldig_bevestigd = true;
                    }
                    handoff::open(state)
                }
                (ConfirmKind::CloseWithInvalid, Action::Confirm) => {
                    if let Some(cs) = &mut state.contact {
                        cs.ongeldig_bevestigd = true;
                    }
                    contact::action(state, Action::CloseContact)
                }
                (ConfirmKind::CloseCaseWithClock(id), Action::Confirm) => queue::advance(state, id),
                (ConfirmKind::CancelAppointment(id), Action::Confirm) => rebook::cancel(state, id),
                (ConfirmKind::BeschikbaarheidGeraakt, Action::Confirm) => beschikbaarheid::bevestigd(state),
                (ConfirmKind::BeschikbaarheidGeraakt, _) => {
                    beschikbaarheid::niet_bevestigd(state);
                    Vec::new()
                }
                (ConfirmKind::BeschikbaarheidVerwerpen, Action::Confirm) => {
                    state.beschik.bewerking = None;
                    state.info("Wijzigingen niet opgeslagen.");
                    Vec::new()
                }
                (ConfirmKind::QuitMetBeheerWijzigingen, Action::Confirm) => {
                    // the edits are dropped; then quit as usual (an open contact still asks)
                    state.beschik.bewerking = None;
                    let screen = state.screen;
                    woordenlijst::verwerpen(state);
                    state.screen = screen;
                    action(state, Action::Quit)
                }
                (ConfirmKind::Vervallen, Action::Confirm) => beheer::vervallen(state),
                (ConfirmKind::FormVerwerpen, Action::Confirm) => {
                    beheer_form::sluiten(state);
                    Vec::new()
                }
                (ConfirmKind::WoordenlijstVerwerpen, Action::Confirm) => {
                    woordenlijst::verwerpen(state);
                    state.info("Wijzigingen in de woordenlijsten niet opgeslagen.");
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        None => {}
    }
    match a {
        Action::Quit if state.importing => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::QuitDuringImport));
            Vec::new()
        }
        // A write still waits for the store: never "alles is bewaard".
        Action::Quit if herstel::wacht(state) => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::QuitNietOpgeslagen));
            Vec::new()
        }
        Action::Quit if beschikbaarheid::unsaved(state) || woordenlijst::unsaved(state) => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::QuitMetBeheerWijzigingen));
            Vec::new()
        }
        Action::Quit => {
            if let Some(cs) = state.contact.as_ref().filter(|cs| cs.contact.is_blank()) {
                // Nothing typed: nothing to ask about, nothing to keep.
                return vec![Effect::DeleteContact(cs.contact.id), Effect::Quit];
            }
            if contact::confirm_quit(state) {
                vec![Effect::Quit]
            } else {
                Vec::new()
            }
        }
        Action::Help => {
            state.overlay = Some(Overlay::Help { context: state.context(), scroll: 0 });
            Vec::new()
        }
        Action::GoKaart => {
            state.screen = Screen::Kaart;
            Vec::new()
        }
        Action::NewContact if state.geweigerd(Recht::ContactRegistreren) => Vec::new(),
        Action::ContactList if state.geweigerd(Recht::ContactenOpzoeken) => Vec::new(),
        Action::Queue if state.geweigerd(Recht::DossiersWerken) => Vec::new(),
        Action::Handoff if state.screen == Screen::Contact && state.geweigerd(Recht::Overdragen) => Vec::new(),
        Action::Import if state.geweigerd(Recht::KaartBewerken) => Vec::new(),
        Action::Woordenlijsten if state.geweigerd(Recht::KaartBewerken) => Vec::new(),
        Action::GoBeheer if state.geweigerd(Recht::KaartBewerken) => Vec::new(),
        Action::Beschikbaarheid if state.geweigerd(Recht::DossiersWerken) => Vec::new(),
        Action::GoRapport if state.geweigerd(Recht::RapportBekijken) => Vec::new(),
        Action::GoRapport => rapport::open(state),
        Action::GoOpvolgen => plan::open_werklijst(state),
        Action::NewContact => contact::new_contact(state),
        Action::ContactList => {
            state.screen = Screen::ContactList;
            state.contact_list.selected = 0;
            Vec::new()
        }
        Action::Queue => {
            state.screen = Screen::Queue;
            Vec::new()
        }
        Action::Beschikbaarheid => beschikbaarheid::open(state),
        Action::Woordenlijsten => woordenlijst::open(state),
        Action::GoBeheer if state.screen != Screen::Bewerken => beheer::open(state),
        Action::KloptNiet if matches!(state.screen, Screen::Kaart | Screen::Contact) => beheer::klopt_niet(state),
        Action::Handoff if state.screen == Screen::Contact => {
            let ask = state
                .contact
                .as_ref()
                .is_some_and(|cs| !cs.read_only && !cs.errors.is_empty() && !cs.ongeldig_bevestigd);
            if ask {
                state.overlay = Some(Overlay::Confirm(ConfirmKind::HandoffWithInvalid));
                return Vec::new();
            }
            handoff::open(state)
        }
        Action::Import if state.importing => {
            state.warn("Er loopt al een import; wacht tot die klaar is.");
            Vec::new()
        }
        Action::Import if state.catalog.is_none() => {
            state.warn("De sociale kaart wordt nog geladen; importeer daarna.");
            Vec::new()
        }
        Action::Import => {
            state.overlay =
                Some(Overlay::Prompt { kind: PromptKind::ImportPad, field: TextField::default(), error: None });
            Vec::new()
        }
        _ if a.edit().is_some() => edit(state, a.edit().expect("checked")),
        _ => match state.screen {
            Screen::Kaart => {
                kaart::action(state, a);
                Vec::new()
            }
            Screen::Contact => contact::action(state, a),
            Screen::ContactList => contact_list::action(state, a),
            Screen::Handoff => handoff::action(state, a),
            Screen::Queue => queue::action(state, a),
            Screen::Beschikbaarheid => beschikbaarheid::action(state, a),
            Screen::Woordenlijst => woordenlijst::action(state, a),
            Screen::Beheer => beheer::action(state, a),
            Screen::Bewerken => beheer_form::action(state, a),
            Screen::Rapport => rapport::action(state, a),
            Screen::Plan => plan::action(state, a),
            Screen::Opvolgen => plan::werk_action(state, a),
        },
    }
}

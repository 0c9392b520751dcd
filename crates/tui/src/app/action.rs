//! The `Action` enum: the vocabulary of the keymap files and the source of the help screen.

use serde::{Deserialize, Serialize};
use strum::IntoEnumIterator;

/// Everything a key can be bound to. Names in the keymap files are the snake_case forms.
/// Every key loket reacts to is one of these (typed text aside): digits in the pickers and the
/// triage panel, the editing keys of text fields, the hints on screen: all from the keymap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, strum::EnumIter)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // global
    Quit,
    Help,
    NewContact,
    ContactList,
    Queue,
    GoKaart,
    // lists
    Next,
    Previous,
    PageDown,
    PageUp,
    First,
    Last,
    // kaart
    ClearSearch,
    FilterWet,
    FilterToegang,
    FilterGemeente,
    FilterWijk,
    FilterDoelgroep,
    ClearFilters,
    DetailDown,
    DetailUp,
    // picker / dialogs
    Confirm,
    Cancel,
    /// Option N of a picker; in the triage panel, reason N of the checklist.
    #[serde(rename = "choose_0")]
    Choose0,
    #[serde(rename = "choose_1")]
    Choose1,
    #[serde(rename = "choose_2")]
    Choose2,
    #[serde(rename = "choose_3")]
    Choose3,
    #[serde(rename = "choose_4")]
    Choose4,
    #[serde(rename = "choose_5")]
    Choose5,
    #[serde(rename = "choose_6")]
    Choose6,
    #[serde(rename = "choose_7")]
    Choose7,
    #[serde(rename = "choose_8")]
    Choose8,
    #[serde(rename = "choose_9")]
    Choose9,
    // editing a text field
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    DeleteBack,
    DeleteForward,
    DeleteWord,
    // contact
    NextField,
    PreviousField,
    FocusSearch,
    DomeinWonen,
    DomeinZorg,
    DomeinWelzijn,
    DomeinFinancien,
    DomeinWerkInkomen,
    DomeinOpvoedingJeugd,
    DomeinVeiligheid,
    DomeinVervoer,
    DomeinMantelzorg,
    ContactWetten,
    CycleKanaal,
    CycleVrager,
    LinkInformatie,
    LinkVerwezen,
    GewezenOco,
    GewezenOcoMantelzorger,
    Triage,
    OverrideTriage,
    CloseContact,
    CrisisGezien,
    /// The caller answered ja to the doorvragen question: a crisis.
    SignaalJa,
    /// The caller answered nee: noted with the contact, the sign closes.
    SignaalNee,
    // contact list
    CallbackDone,
    // handoff to the backoffice
    Handoff,
    ConsentYes,
    ConsentNo,
    CycleSoort,
    CyclePlek,
    CycleRoute,
    ExportAppointment,
    /// The confirmation letter for the caller, opened in the system's browser to print.
    BriefOpenen,
    // backoffice queue
    AdvanceStep,
    AddNote,
    AddSignaal,
    SetVolgendeActie,
    SetAanvraag,
    SetOnderzoekAfgerond,
    SetBeschikking,
    // sociale kaart maintenance
    Import,
    // added later (kept at the end)
    DiscardContact,
    UndoStep,
    Reschedule,
    CancelAppointment,
    CycleHulpVoor,
    // (beschik): availability and word lists
    Beschikbaarheid,
    Woordenlijsten,
    NieuwBlok,
    NieuweUitzondering,
    RegelWissen,
    Opslaan,
    NieuweRegel,
    /// The word-list editor: to the test sentence and back.
    Proefzin,
    // --- beheer ---
    KloptNiet,
    GoBeheer,
    BeheerKlopt,
    BeheerWijzig,
    BeheerVervallen,
    BeheerNieuw,
    BeheerOngedaan,
    BeheerHistorie,
    BeheerOpslaan,
    BeheerSoort,
    // --- in the contact's kaart pane ---
    /// The full details of the chosen entry (linking stays a choice of its own).
    Details,
    // --- backoffice queue ---
    /// Apply the worker's refused change over another worker's (after a clash).
    TochToepassen,
    // --- the report screen ---
    GoRapport,
    /// The period before.
    RapportEerder,
    /// The period after.
    RapportLater,
    /// Month, quarter, year.
    RapportPeriode,
    /// All, a gemeente, a wijk.
    RapportGebied,
    /// The numbers behind the charts, or the charts.
    RapportCijfers,
    // --- the resident's plan and the follow-ups ---
    /// The plan of the selected dossier (from the queue).
    OpenPlan,
    /// The worklist of follow-ups that are due.
    GoOpvolgen,
    PlanToevoegen,
    PlanGoedkeuren,
    PlanWijzigen,
    PlanEvalueren,
    /// Record a follow-up's outcome (plan or worklist).
    PlanOpvolgen,
    /// The monthly overview, or the arrangement's details.
    PlanOverzicht,
    /// Print the monthly overview (opened in the browser).
    PlanAfdrukken,
    /// A signal to the provider about the selected arrangement (late or inadequate).
    PlanSignaal,
}

impl Action {
    /// Every action, in declaration order (derived, so a new action can't be forgotten here).
    pub fn all() -> impl Iterator<Item = Action> {
        Action::iter()
    }

    /// The option a `choose_N` action picks.
    pub fn choice(self) -> Option<usize> {
        use Action::*;
        [Choose0, Choose1, Choose2, Choose3, Choose4, Choose5, Choose6, Choose7, Choose8, Choose9]
            .iter()
            .position(|a| *a == self)
    }

    /// The `choose_N` action for option `n` (0–9).
    pub fn choose(n: usize) -> Option<Action> {
        Action::all().find(|a| a.choice() == Some(n))
    }

    /// The text-field edit an action stands for.
    pub fn edit(self) -> Option<super::text_field::Edit> {
        use super::text_field::Edit;
        Some(match self {
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::CursorHome => Edit::Home,
            Action::CursorEnd => Edit::End,
            Action::DeleteBack => Edit::Backspace,
            Action::DeleteForward => Edit::Delete,
            Action::DeleteWord => Edit::DeleteWord,
            _ => return None,
        })
    }

    /// The name used in keymap files.
    pub fn name(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    /// The levensdomein an action toggles.
    pub fn domein(self) -> Option<loket_domain::contact::Levensdomein> {
        use loket_domain::contact::Levensdomein as L;
        Some(match self {
            Action::DomeinWonen => L::Wonen,
            Action::DomeinZorg => L::Zorg,
            Action::DomeinWelzijn => L::Welzijn,
            Action::DomeinFinancien => L::Financien,
            Action::DomeinWerkInkomen => L::WerkInkomen,
            Action::DomeinOpvoedingJeugd => L::OpvoedingJeugd,
            Action::DomeinVeiligheid => L::Veiligheid,
            Action::DomeinVervoer => L::Vervoer,
            Action::DomeinMantelzorg => L::Mantelzorg,
            _ => return None,
        })
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().find(|a| a.name() == name)
    }

    /// Dutch description for the help screen.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "loket afsluiten",
            Action::Help => "deze hulp tonen of sluiten",
            Action::NewContact => "nieuw contact registreren",
            Action::ContactList => "contactenlijst",
            Action::Queue => "backoffice-wachtrij",
            Action::GoKaart => "naar de sociale kaart",
            Action::Next => "volgende regel",
            Action::Previous => "vorige regel",
            Action::PageDown => "pagina omlaag",
            Action::PageUp => "pagina omhoog",
            Action::First => "naar de eerste",
            Action::Last => "naar de laatste",
            Action::ClearSearch => "zoekveld wissen",
            Action::FilterWet => "filter op wet",
            Action::FilterToegang => "filter op toegang",
            Action::FilterGemeente => "filter op gemeente",
            Action::FilterWijk => "filter op wijk of plaats",
            Action::FilterDoelgroep => "filter op doelgroep",
            Action::ClearFilters => "alle filters uit",
            Action::DetailDown => "details omlaag scrollen",
            Action::DetailUp => "details omhoog scrollen",
            Action::Confirm => "kiezen / bevestigen",
            Action::Cancel => "annuleren / sluiten",
            Action::Choose0 => "keuze 0 (in een keuzelijst: alle / terug)",
            Action::Choose1 => "keuze 1 (triage: reden 1 aan/uit)",
            Action::Choose2 => "keuze 2 (triage: reden 2 aan/uit)",
            Action::Choose3 => "keuze 3 (triage: reden 3 aan/uit)",
            Action::Choose4 => "keuze 4 (triage: reden 4 aan/uit)",
            Action::Choose5 => "keuze 5 (triage: reden 5 aan/uit)",
            Action::Choose6 => "keuze 6 (triage: reden 6 aan/uit)",
            Action::Choose7 => "keuze 7",
            Action::Choose8 => "keuze 8",
            Action::Choose9 => "keuze 9",
            Action::CursorLeft => "cursor naar links",
            Action::CursorRight => "cursor naar rechts",
            Action::CursorHome => "cursor naar het begin",
            Action::CursorEnd => "cursor naar het eind",
            Action::DeleteBack => "teken voor de cursor wissen",
            Action::DeleteForward => "teken onder de cursor wissen",
            Action::DeleteWord => "woord voor de cursor wissen",
            Action::NextField => "volgend veld",
            Action::PreviousField => "vorig veld",
            Action::FocusSearch => "zoeken in de sociale kaart (binnen het contact)",
            Action::DomeinWonen => "levensdomein wonen aan/uit",
            Action::DomeinZorg => "levensdomein zorg aan/uit",
            Action::DomeinWelzijn => "levensdomein welzijn aan/uit",
            Action::DomeinFinancien => "levensdomein financiën aan/uit",
            Action::DomeinWerkInkomen => "levensdomein werk en inkomen aan/uit",
            Action::DomeinOpvoedingJeugd => "levensdomein opvoeding en jeugd aan/uit",
            Action::DomeinVeiligheid => "levensdomein veiligheid aan/uit",
            Action::DomeinVervoer => "levensdomein vervoer aan/uit",
            Action::DomeinMantelzorg => "levensdomein mantelzorg aan/uit",
            Action::ContactWetten => "wetten van de vraag kiezen",
            Action::CycleKanaal => "kanaal wisselen (telefoon, balie, e-mail, huisbezoek)",
            Action::CycleVrager => "wie vraagt (cliënt, mantelzorger, professional)",
            Action::LinkInformatie => "gekozen voorziening: informatie gegeven",
            Action::LinkVerwezen => "gekozen voorziening: verwezen naar",
            Action::GewezenOco => "gewezen op onafhankelijke cliëntondersteuning (Wmo 2.3.2 lid 3)",
            Action::GewezenOcoMantelzorger => "mantelzorger gewezen op cliëntondersteuning",
            Action::Triage => "triage: enkelvoudig of complex",
            Action::OverrideTriage => "anders besluiten dan de suggestie (met reden)",
            Action::CloseContact => "contact afsluiten (afhandeling kiezen)",
            Action::CrisisGezien => "crisisroutes gezien (het paneel gaat dicht, de nummers blijven bovenaan)",
            Action::SignaalJa => "doorvragen: de beller antwoordt ja (crisisroutes)",
            Action::SignaalNee => "doorvragen: de beller antwoordt nee (wordt vastgelegd)",
            Action::CallbackDone => "terugbelverzoek gedaan",
            Action::Handoff => "overdracht naar de backoffice: afspraak maken",
            Action::ConsentYes => "toestemming: gegevens mogen mee",
            Action::ConsentNo => "geen toestemming: anoniem overdragen",
            Action::CycleSoort => "ander soort cliëntondersteuner",
            Action::CyclePlek => "plek: balie, thuis of telefoon",
            Action::CycleRoute => "route: cliëntondersteuning, melding Wmo-consulent, sociaal (wijk)team",
            Action::ExportAppointment => "agenda-bestand (.ics) voor de cliëntondersteuner opslaan",
            Action::BriefOpenen => "bevestigingsbrief voor de beller openen (om te printen)",
            Action::AdvanceStep => "dossier naar de volgende stap",
            Action::AddNote => "notitie bij de huidige stap",
            Action::AddSignaal => "signaal: zorg te laat of onvoldoende",
            Action::SetVolgendeActie => "datum volgende actie",
            Action::SetAanvraag => "datum Wmo-aanvraag (start beschikkingstermijn)",
            Action::SetOnderzoekAfgerond => "Wmo-onderzoek afgerond op (stopt die termijn)",
            Action::SetBeschikking => "beschikking Wmo gegeven op (stopt die termijn)",
            Action::Import => "HSDS-gegevens importeren in de sociale kaart",
            Action::DiscardContact => "contact weggooien (per ongeluk gestart; wordt niet bewaard of geteld)",
            Action::UndoStep => "dossier een stap terug (vergissing herstellen)",
            Action::Reschedule => "afspraak verzetten (nieuwe tijd kiezen)",
            Action::CancelAppointment => "afspraak afzeggen",
            Action::CycleHulpVoor => "voor wie is de hulp (zichzelf, kind, partner, ouder, iemand anders)",
            Action::Beschikbaarheid => "beschikbaarheid van cliëntondersteuners bewerken (beheer)",
            Action::Woordenlijsten => "woordenlijsten bewerken: gevaarwoorden en synoniemen (beheer)",
            Action::NieuwBlok => "nieuw blok in het weekpatroon (dag, van–tot, plek)",
            Action::NieuweUitzondering => "nieuwe uitzondering of verlof (van–tot datum)",
            Action::RegelWissen => "gekozen regel wissen",
            Action::Opslaan => "wijzigingen opslaan",
            Action::NieuweRegel => "nieuwe regel (in de tekst)",
            Action::Proefzin => "proefzin: probeer de gevaarwoorden uit vóór het opslaan (en terug naar de tekst)",
            Action::KloptNiet => "klopt niet: melden wat er niet klopt aan de gekozen regel",
            Action::GoBeheer => "beheer sociale kaart: werklijst",
            Action::BeheerKlopt => "gebeld, klopt (geverifieerd vandaag, meldingen afgehandeld)",
            Action::BeheerWijzig => "gewijzigd: de regel bewerken",
            Action::BeheerVervallen => "vervallen: archiveren (niet meer te vinden, wel bewaard)",
            Action::BeheerNieuw => "nieuwe regel op de kaart (vanuit een sjabloon)",
            Action::BeheerOngedaan => "laatste wijziging van de regel ongedaan maken",
            Action::BeheerHistorie => "geschiedenis van de regel tonen of verbergen",
            Action::BeheerOpslaan => "formulier opslaan",
            Action::BeheerSoort => "nieuwe regel: andere soort (organisatie, voorziening, regeling)",
            Action::Details => "details van de gekozen regel op de kaart tonen of verbergen (koppelen blijft apart)",
            Action::GoRapport => "rapport: aantallen, trends en Wmo-termijnen (geen persoonsgegevens)",
            Action::RapportEerder => "rapport: vorige periode",
            Action::RapportLater => "rapport: volgende periode",
            Action::RapportPeriode => "rapport: maand, kwartaal of jaar",
            Action::RapportGebied => "rapport: alle gemeenten, een gemeente of een wijk",
            Action::RapportCijfers => "rapport: de cijfers achter de grafieken tonen of verbergen",
            Action::TochToepassen => {
                "geweigerde wijziging (een ander was eerder) toch toepassen, over die van de ander"
            }
            Action::OpenPlan => "leefplan van het gekozen dossier openen",
            Action::GoOpvolgen => "opvolgen: verwijzingen en onderdelen van plannen die nu opgevolgd moeten worden",
            Action::PlanToevoegen => "leefplan: onderdeel toevoegen (voorziening of regeling)",
            Action::PlanGoedkeuren => "leefplan: goedgekeurd door bewoner en consulent",
            Action::PlanWijzigen => "leefplan: hoe vaak wijzigen, met de reden",
            Action::PlanEvalueren => "leefplan: evaluatie (stap E) van het gekozen onderdeel",
            Action::PlanOpvolgen => {
                "opvolgen: uitkomst vastleggen (geholpen, wachtlijst, niet passend, niet aangekomen, onbekend)"
            }
            Action::PlanOverzicht => "leefplan: maandoverzicht voor de bewoner tonen of verbergen",
            Action::PlanAfdrukken => "leefplan: maandoverzicht afdrukken (opent in de browser)",
            Action::PlanSignaal => {
                "leefplan: signaal aan de aanbieder over het gekozen onderdeel (te laat of onvoldoende)"
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::all() {
            let n = a.name();
            assert!(!n.is_empty());
            assert!(seen.insert(n.clone()), "duplicate name {n}");
            assert_eq!(Action::from_name(&n), Some(a));
        }
        assert_eq!(Action::from_name("choose_7"), Some(Action::Choose7));
        assert_eq!(Action::choose(7).and_then(Action::choice), Some(7));
    }
}

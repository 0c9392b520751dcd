//! The report screen: counts over contacts and dossiers for a month, quarter or year, for all
//! gemeenten, one gemeente or one wijk. The counting is done beside the screen
//! ([`Effect::Rapport`] → [`Msg::RapportKlaar`]); the state holds only the suppressed report,
//! never a record.

use super::{Action, Effect, Msg, Screen, State};
use loket_domain::rapport::{Gebied, Periode, Rapport, Soort, Vraag, DREMPEL_STANDAARD};

/// The pages of the screen, in order (tab moves on).
pub const PAGINAS: [&str; 8] = [
    "Contacten",
    "Levensdomeinen",
    "Triage en afhandeling",
    "Overdracht en wachttijd",
    "Wmo-termijnen",
    "Signalen van gevaar",
    "Onvervulde vragen",
    "Opvolging",
];

#[derive(Debug, Clone, PartialEq)]
pub struct RapportState {
    pub soort: Soort,
    /// None: the month of today, chosen when the screen opens.
    pub periode: Option<Periode>,
    /// The areas found (names only); `gebied` indexes it, 0 = all.
    pub gebieden: Vec<Gebied>,
    pub gebied: usize,
    pub pagina: usize,
    /// The numbers behind the charts instead of the charts.
    pub cijfers: bool,
    /// Counts under this are "<N" (config `rapport_drempel`).
    pub drempel: u32,
    pub rapport: Option<Box<Rapport>>,
    /// A count was asked for and has not come back yet.
    pub bezig: bool,
}

impl Default for RapportState {
    fn default() -> Self {
        RapportState {
            soort: Soort::Maand,
            periode: None,
            gebieden: Vec::new(),
            gebied: 0,
            pagina: 0,
            cijfers: false,
            drempel: DREMPEL_STANDAARD,
            rapport: None,
            bezig: false,
        }
    }
}

impl RapportState {
    pub fn gekozen_gebied(&self) -> Gebied {
        self.gebied.checked_sub(1).and_then(|i| self.gebieden.get(i)).cloned().unwrap_or_default()
    }
}

fn vraag(state: &mut State) -> Vec<Effect> {
    let today = state.now.date();
    let r = &mut state.rapport;
    let periode = *r.periode.get_or_insert_with(|| Periode::rond(r.soort, today));
    r.bezig = true;
    let vraag = Vraag { periode, gebied: r.gekozen_gebied(), vandaag: Some(today) };
    vec![Effect::Rapport { vraag: Box::new(vraag), drempel: r.drempel }]
}

/// Open the screen and count.
pub fn open(state: &mut State) -> Vec<Effect> {
    state.screen = Screen::Rapport;
    vraag(state)
}

/// The counted report is here (with the areas to choose from).
pub fn klaar(state: &mut State, rapport: Rapport, gebieden: Vec<Gebied>) -> Vec<Effect> {
    let r = &mut state.rapport;
    // a count for another question than the one on screen now is dropped (a newer one comes)
    let gevraagd = (r.periode, r.gekozen_gebied());
    if gevraagd != (Some(rapport.periode), rapport.gebied.clone()) {
        return Vec::new();
    }
    let gekozen = r.gekozen_gebied();
    r.gebied = gebieden.iter().position(|g| *g == gekozen).map(|i| i + 1).unwrap_or(0);
    r.gebieden = gebieden;
    r.bezig = false;
    r.rapport = Some(Box::new(rapport));
    Vec::new()
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let today = state.now.date();
    let r = &mut state.rapport;
    let periode = r.periode.unwrap_or_else(|| Periode::rond(r.soort, today));
    match a {
        Action::Next | Action::NextField => {
            r.pagina = (r.pagina + 1) % PAGINAS.len();
            Vec::new()
        }
        Action::Previous | Action::PreviousField => {
            r.pagina = (r.pagina + PAGINAS.len() - 1) % PAGINAS.len();
            Vec::new()
        }
        Action::RapportCijfers => {
            r.cijfers = !r.cijfers;
            Vec::new()
        }
        Action::RapportEerder | Action::RapportLater => {
            let richting = if a == Action::RapportEerder { -1 } else { 1 };
            let nieuw = periode.verschuif(r.soort, richting);
            if richting > 0 && nieuw.van.is_some_and(|v| v > today) {
                state.info("Dit is de laatste periode: later is nog niet begonnen.");
                return Vec::new();
            }
            r.periode = Some(nieuw);
            vraag(state)
        }
        Action::RapportPeriode => {
            r.soort = r.soort.next();
            // the new length around the start of the period shown
            r.periode = Some(Periode::rond(r.soort, periode.van.unwrap_or(today)));
            vraag(state)
        }
        Action::RapportGebied => {
            r.gebied = (r.gebied + 1) % (r.gebieden.len() + 1);
            vraag(state)
        }
        _ => Vec::new(),
    }
}

/// Another account without the right signed in: the counts go, and so does the screen.
pub fn vergeten(state: &mut State) {
    let drempel = state.rapport.drempel;
    state.rapport = RapportState { drempel, ..Default::default() };
    if state.screen == Screen::Rapport {
        state.screen = Screen::Kaart;
    }
}

/// What the runtime sends back: the suppressed report and the areas.
pub fn bericht(rapport: Rapport, gebieden: Vec<Gebied>) -> Msg {
    Msg::RapportKlaar { rapport: Box::new(rapport), gebieden }
}

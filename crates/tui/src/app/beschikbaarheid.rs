//! The availability screen: pick a cliëntondersteuner and edit the weekly
//! pattern (day, from–to, place and location), exceptions and leave (date ranges). Each row is
//! edited in a small form that names what is wrong per field. Saving is one transaction in the
//! store; when the change would leave booked appointments outside the new availability, the store
//! writes nothing and the screen lists them (date, time, dossier) and asks first. "Ja" saves and
//! keeps those appointments booked, with their cases flagged for rebooking (note, signal, next
//! action today) so the queue's rebook flow picks them up; "nee" saves nothing.

use super::text_field::{Edit, TextField};
use super::{Action, ConfirmKind, Effect, Overlay, Screen, State};
use loket_domain::beschikbaarheid::{self as bsch, Geraakt};
use loket_domain::case::Case;
use loket_domain::ondersteuning::Clientondersteuner;

/// One row of the supporter's availability on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regel {
    Blok(usize),
    Uitzondering(usize),
}

/// The form for one row: a weekly block or an exception, new or existing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formulier {
    /// The row edited; `None` for a new one.
    pub regel: Option<Regel>,
    pub uitzondering: bool,
    pub velden: Vec<TextField>,
    pub focus: usize,
    /// The Dutch error of each field, if any.
    pub fouten: Vec<Option<String>>,
}

impl Formulier {
    pub fn namen(&self) -> &'static [&'static str] {
        if self.uitzondering {
            &bsch::UITZONDERING_VELDEN
        } else {
            &bsch::BLOK_VELDEN
        }
    }

    fn new(regel: Option<Regel>, uitzondering: bool, waarden: Vec<String>) -> Formulier {
        let n = waarden.len();
        Formulier {
            regel,
            uitzondering,
            velden: waarden.iter().map(|w| TextField::new(w)).collect(),
            focus: 0,
            fouten: vec![None; n],
        }
    }

    fn waarden(&self) -> Vec<String> {
        self.velden.iter().map(|v| v.value().to_string()).collect()
    }
}

/// A supporter being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bewerking {
    /// As loaded (the store refuses the save when it changed meanwhile).
    pub basis: Clientondersteuner,
    /// With the worker's changes.
    pub concept: Clientondersteuner,
    /// The selected row.
    pub regel: usize,
    pub form: Option<Formulier>,
    /// The appointments the store said the change would leave outside the availability.
    pub geraakt: Vec<Geraakt>,
    /// A save is on its way to the store.
    pub bezig: bool,
}

impl Bewerking {
    pub fn gewijzigd(&self) -> bool {
        self.basis != self.concept
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BeschikState {
    /// The selected supporter in the list.
    pub selected: usize,
    pub bewerking: Option<Bewerking>,
}

/// The rows of a supporter: weekly blocks, then exceptions.
pub fn regels(o: &Clientondersteuner) -> Vec<Regel> {
    (0..o.beschikbaarheid.len()).map(Regel::Blok).chain((0..o.uitzonderingen.len()).map(Regel::Uitzondering)).collect()
}

/// Open the screen (the supporters as this desk knows them).
pub fn open(state: &mut State) -> Vec<Effect> {
    state.screen = Screen::Beschikbaarheid;
    let n = state.backoffice.ondersteuners.len();
    state.beschik.selected = state.beschik.selected.min(n.saturating_sub(1));
    if n == 0 {
        state.warn("Er zijn (nog) geen cliëntondersteuners geladen.");
    }
    Vec::new()
}

fn moved(i: usize, n: usize, a: Action) -> usize {
    let last = n.saturating_sub(1);
    match a {
        Action::Next => (i + 1).min(last),
        Action::Previous => i.saturating_sub(1),
        Action::First => 0,
        Action::Last => last,
        Action::PageDown => (i + 10).min(last),
        Action::PageUp => i.saturating_sub(10),
        _ => i,
    }
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let Some(bw) = state.beschik.bewerking.as_mut() else {
        // the list of supporters
        let n = state.backoffice.ondersteuners.len();
        match a {
            Action::Confirm => {
                if let Some(o) = state.backoffice.ondersteuners.get(state.beschik.selected).cloned() {
                    state.beschik.bewerking = Some(Bewerking {
                        basis: o.clone(),
                        concept: o,
                        regel: 0,
                        form: None,
                        geraakt: Vec::new(),
                        bezig: false,
                    });
                }
            }
            Action::Cancel => state.screen = Screen::Kaart,
            _ => state.beschik.selected = moved(state.beschik.selected, n, a),
        }
        return Vec::new();
    };
    if bw.bezig {
        state.info("Even geduld: de wijziging wordt opgeslagen.");
        return Vec::new();
    }
    if let Some(form) = bw.form.as_mut() {
        let n = form.velden.len();
        match a {
            Action::NextField | Action::Next => form.focus = (form.focus + 1) % n,
            Action::PreviousField | Action::Previous => form.focus = (form.focus + n - 1) % n,
            Action::Confirm => form_klaar(state),
            Action::Cancel => bw.form = None,
            _ => {}
        }
        return Vec::new();
    }
    let rows = regels(&bw.concept);
    match a {
        Action::Next | Action::Previous | Action::First | Action::Last | Action::PageDown | Action::PageUp => {
            bw.regel = moved(bw.regel, rows.len(), a);
        }
        Action::Confirm => match rows.get(bw.regel) {
            Some(&Regel::Blok(i)) => {
                let w = bsch::blok_velden(&bw.concept.beschikbaarheid[i]);
                bw.form = Some(Formulier::new(Some(Regel::Blok(i)), false, w));
            }
            Some(&Regel::Uitzondering(i)) => {
                let w = bsch::uitzondering_velden(&bw.concept.uitzonderingen[i]);
                bw.form = Some(Formulier::new(Some(Regel::Uitzondering(i)), true, w));
            }
            None => {}
        },
        Action::NieuwBlok => {
            // place and location as the first block has them: most blocks share them
            let (plek, locatie) = bw
                .concept
                .beschikbaarheid
                .first()
                .map(|b| (b.plek.code().to_string(), b.locatie.clone()))
                .unwrap_or_else(|| ("balie".into(), String::new()));
            bw.form =
                Some(Formulier::new(None, false, vec![String::new(), String::new(), String::new(), plek, locatie]));
        }
        Action::NieuweUitzondering => {
            bw.form = Some(Formulier::new(None, true, vec![String::new(), String::new(), "verlof".into()]));
        }
        Action::RegelWissen => {
            match rows.get(bw.regel) {
                Some(&Regel::Blok(i)) => {
                    bw.concept.beschikbaarheid.remove(i);
                }
                Some(&Regel::Uitzondering(i)) => {
                    bw.concept.uitzonderingen.remove(i);
                }
                None => return Vec::new(),
            }
            bw.regel = bw.regel.min(regels(&bw.concept).len().saturating_sub(1));
            let k = state.key_hint(crate::keymap::Context::Beschikbaarheid, Action::Opslaan);
            state.info(format!("Regel gewist; nog niet opgeslagen{k}."));
        }
        Action::Opslaan => return opslaan(state, Vec::new()),
        Action::Cancel if bw.gewijzigd() => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::BeschikbaarheidVerwerpen));
        }
        Action::Cancel => state.beschik.bewerking = None,
        _ => {}
    }
    Vec::new()
}

/// Typed text or an editing key: into the focused field of the open form.
pub fn key(state: &mut State, e: Edit) {
    if let Some(form) = state.beschik.bewerking.as_mut().and_then(|b| b.form.as_mut()) {
        if let Some(f) = form.velden.get_mut(form.focus) {
            if f.apply(e) {
                form.fouten[form.focus] = None;
            }
        }
    }
}

/// Are there availability edits not saved yet?
pub fn unsaved(state: &State) -> bool {
    state.beschik.bewerking.as_ref().is_some_and(|b| b.gewijzigd() || b.form.is_some())
}

/// Is a form field focused (typed text goes there)?
pub fn has_field(state: &State) -> bool {
    state.beschik.bewerking.as_ref().is_some_and(|b| b.form.is_some())
}

/// Enter in the form: check every field; put the row in the concept, or show the errors.
fn form_klaar(state: &mut State) {
    let Some(bw) = state.beschik.bewerking.as_mut() else { return };
    let Some(form) = bw.form.as_mut() else { return };
    let waarden = form.waarden();
    let result = if form.uitzondering {
        bsch::uitzondering(&waarden).map(Ok)
    } else {
        bsch::blok(&waarden, bw.concept.slot_minuten).map(Err)
    };
    match result {
        Err(fouten) => {
            form.fouten = vec![None; form.velden.len()];
            for (i, e) in &fouten {
                if form.fouten[*i].is_none() {
                    form.fouten[*i] = Some(e.clone());
                }
            }
            form.focus = fouten[0].0;
            let namen = form.namen();
            let wat: Vec<String> = fouten.iter().map(|(i, e)| format!("{}: {e}", namen[*i])).collect();
            state.status = Some((super::Level::Error, format!("Niet goed ingevuld — {}", wat.join("; "))));
        }
        Ok(Ok(u)) => {
            match form.regel {
                Some(Regel::Uitzondering(i)) => bw.concept.uitzonderingen[i] = u.clone(),
                _ => bw.concept.uitzonderingen.push(u.clone()),
            }
            bw.concept.uitzonderingen.sort_by_key(|x| (x.van, x.tot));
            bw.form = None;
            let i = bw.concept.uitzonderingen.iter().position(|x| *x == u).unwrap_or(0);
            bw.regel = bw.concept.beschikbaarheid.len() + i;
            klaar_melding(state);
        }
        Ok(Err(b)) => {
            match form.regel {
                Some(Regel::Blok(i)) => bw.concept.beschikbaarheid[i] = b.clone(),
                _ => bw.concept.beschikbaarheid.push(b.clone()),
            }
            bw.concept.beschikbaarheid.sort_by_key(|x| (x.dag, x.van, x.tot));
            bw.form = None;
            bw.regel = bw.concept.beschikbaarheid.iter().position(|x| *x == b).unwrap_or(0);
            klaar_melding(state);
        }
    }
}

fn klaar_melding(state: &mut State) {
    let k = state.key_hint(crate::keymap::Context::Beschikbaarheid, Action::Opslaan);
    state.info(format!("Aangepast; nog niet opgeslagen{k}."));
}

/// Save the concept; `akkoord`: the appointments the worker agreed may fall outside it.
fn opslaan(state: &mut State, akkoord: Vec<u64>) -> Vec<Effect> {
    let Some(bw) = state.beschik.bewerking.as_mut() else { return Vec::new() };
    if !bw.gewijzigd() {
        state.info("Niets gewijzigd; er is niets opgeslagen.");
        return Vec::new();
    }
    if let Err(e) = loket_domain::ondersteuning::validate(&bw.concept) {
        state.status = Some((super::Level::Error, format!("Niet opgeslagen: {e}.")));
        return Vec::new();
    }
    bw.bezig = true;
    let fx = vec![Effect::ZetBeschikbaarheid {
        basis: Box::new(bw.basis.clone()),
        nieuw: Box::new(bw.concept.clone()),
        akkoord,
    }];
    state.info("Beschikbaarheid wordt opgeslagen…");
    fx
}

/// The store wrote nothing: these appointments would fall outside. Ask.
pub fn geraakt(state: &mut State, lijst: Vec<Geraakt>) -> Vec<Effect> {
    if let Some(bw) = state.beschik.bewerking.as_mut() {
        bw.bezig = false;
        bw.geraakt = lijst;
        state.status = None;
        state.overlay = Some(Overlay::Confirm(ConfirmKind::BeschikbaarheidGeraakt));
    }
    Vec::new()
}

/// The worker agreed: save again, with those appointments kept and flagged for rebooking.
pub fn bevestigd(state: &mut State) -> Vec<Effect> {
    let akkoord = state.beschik.bewerking.as_ref().map(|b| b.geraakt.iter().map(|g| g.case_id).collect());
    match akkoord {
        Some(a) => opslaan(state, a),
        None => Vec::new(),
    }
}

/// The worker said no: nothing is saved; the changes stay on screen.
pub fn niet_bevestigd(state: &mut State) {
    if let Some(bw) = state.beschik.bewerking.as_mut() {
        bw.geraakt.clear();
    }
    state.warn("Niet opgeslagen: de afspraken blijven zoals ze zijn. Pas de beschikbaarheid aan of sla later op.");
}

/// Stored: the supporter as saved, and the cases flagged for rebooking.
pub fn opgeslagen(state: &mut State, ond: Clientondersteuner, gemarkeerd: Vec<Case>) -> Vec<Effect> {
    let naam = ond.naam.clone();
    match state.backoffice.ondersteuners.iter_mut().find(|o| o.id == ond.id) {
        Some(o) => *o = ond,
        None => state.backoffice.ondersteuners.push(ond),
    }
    let ids: Vec<String> = gemarkeerd.iter().map(|c| c.id.to_string()).collect();
    for c in gemarkeerd {
        state.backoffice.upsert_case(c);
    }
    super::queue::keep_selection(state);
    state.beschik.bewerking = None;
    if ids.is_empty() {
        state.info(format!("Beschikbaarheid van {naam} opgeslagen."));
    } else {
        let k = state.key_hint(crate::keymap::Context::Beschikbaarheid, Action::Queue);
        state.warn(format!(
            "Beschikbaarheid van {naam} opgeslagen. De afspraken van dossier {} blijven staan en zijn gemarkeerd om te verzetten (wachtrij{k}).",
            ids.join(", ")
        ));
    }
    Vec::new()
}

/// The store refused or failed: the changes stay on screen.
pub fn mislukt(state: &mut State, fout: String) -> Vec<Effect> {
    if let Some(bw) = state.beschik.bewerking.as_mut() {
        bw.bezig = false;
    }
    state.status = Some((super::Level::Error, format!("Beschikbaarheid niet opgeslagen: {fout}")));
    Vec::new()
}

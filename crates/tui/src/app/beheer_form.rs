//! The edit form of the beheer screen: one text field per field of an organisatie,
//! voorziening or regeling (locatie, openingstijden and kosten included), checked as the importer
//! checks, with the error under each field. New entries start from a template (*sjabloon*).

use super::text_field::{Edit, TextField};
use super::{Action, Effect, Screen, State};
use loket_domain::beheer::{self as dom, Beheer, Fouten, Kind, Record, Veld};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormState {
    /// The record as it was (`None`: a new entry, from `base`).
    pub oud: Option<Record>,
    /// What the form applies to: the record itself, or the template.
    pub base: Record,
    pub beheer: Beheer,
    pub velden: Vec<Veld>,
    pub fields: Vec<TextField>,
    pub focus: usize,
    pub fouten: Fouten,
}

impl FormState {
    pub fn new(oud: Option<Record>, base: Record, beheer: Beheer) -> FormState {
        let velden = dom::velden(&base);
        let fields = velden.iter().map(|v| TextField::new(&v.waarde)).collect();
        FormState { oud, base, beheer, velden, fields, focus: 0, fouten: Vec::new() }
    }
    pub fn is_new(&self) -> bool {
        self.oud.is_none()
    }
    /// The errors of field `i`.
    pub fn fout(&self, i: usize) -> Option<&str> {
        let naam = self.velden.get(i)?.naam;
        self.fouten.iter().find(|(n, _)| *n == naam).map(|(_, m)| m.as_str())
    }
}

pub fn open(state: &mut State, r: Option<Record>, b: Beheer) {
    let Some(r) = r else { return };
    state.beheer.form = Some(FormState::new(Some(r.clone()), r, b));
    state.screen = Screen::Bewerken;
}

fn new_id(state: &State, kind: Kind) -> String {
    let stamp = state.now.format("%Y%m%d%H%M%S");
    let mut id = format!("loket-{}-{stamp}", kind.label());
    let mut n = 1;
    while crate::app::beheer::record(state, &format!("{}/{id}", kind.prefix())).is_some() {
        n += 1;
        id = format!("loket-{}-{stamp}-{n}", kind.label());
    }
    id
}

/// A new entry: a voorziening from its template (the kind can be changed in the form).
pub fn nieuw(state: &mut State) {
    let kind = Kind::Voorziening;
    let id = new_id(state, kind);
    let base = dom::sjabloon(kind, &id, &state.medewerker);
    let key = base.sleutel();
    state.beheer.form = Some(FormState::new(None, base, Beheer::new(&key)));
    state.screen = Screen::Bewerken;
}

/// Another kind of new entry (organisatie → voorziening → regeling), from its template.
fn next_kind(state: &mut State) {
    let Some(f) = &state.beheer.form else { return };
    if !f.is_new() {
        state.warn("Alleen bij een nieuwe regel kunt u de soort kiezen.");
        return;
    }
    let kind = match f.base.kind() {
        Kind::Organisatie => Kind::Voorziening,
        Kind::Voorziening => Kind::Regeling,
        Kind::Regeling => Kind::Organisatie,
    };
    let id = new_id(state, kind);
    let base = dom::sjabloon(kind, &id, &state.medewerker);
    let key = base.sleutel();
    state.beheer.form = Some(FormState::new(None, base, Beheer::new(&key)));
}

pub fn key(state: &mut State, e: Edit) -> Vec<Effect> {
    if let Some(f) = &mut state.beheer.form {
        if let Some(t) = f.fields.get_mut(f.focus) {
            if t.apply(e) {
                let naam = f.velden[f.focus].naam;
                f.fouten.retain(|(n, _)| *n != naam);
            }
        }
    }
    Vec::new()
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let Some(f) = &mut state.beheer.form else { return Vec::new() };
    let n = f.fields.len();
    match a {
        Action::NextField | Action::Next | Action::Confirm => f.focus = (f.focus + 1) % n,
        Action::PreviousField | Action::Previous => f.focus = (f.focus + n - 1) % n,
        Action::First => f.focus = 0,
        Action::Last => f.focus = n - 1,
        Action::Cancel => {
            let changed = f.velden.iter().zip(&f.fields).any(|(v, t)| v.waarde != t.value());
            if changed {
                state.overlay = Some(super::Overlay::Confirm(super::ConfirmKind::FormVerwerpen));
            } else {
                sluiten(state);
            }
        }
        Action::BeheerSoort => next_kind(state),
        Action::BeheerOpslaan => return save(state),
        _ => {}
    }
    Vec::new()
}

/// Close the form without saving (nothing was stored).
pub fn sluiten(state: &mut State) {
    state.beheer.form = None;
    state.screen = Screen::Beheer;
    state.info("Niets gewijzigd.");
}

/// Check the form; when it is right, store the change (the form closes once stored).
pub fn save(state: &mut State) -> Vec<Effect> {
    let cat = state.catalog.clone();
    let Some(f) = &mut state.beheer.form else { return Vec::new() };
    let mut velden = f.velden.clone();
    for (v, t) in velden.iter_mut().zip(&f.fields) {
        v.waarde = t.value().to_string();
    }
    let bestaat = |id: &str| cat.as_deref().is_some_and(|c| c.organisatie(id).is_some());
    match dom::toepassen(&f.base, &velden, &bestaat) {
        Err(fouten) => {
            let first = fouten.first().map(|(n, m)| format!("{n}: {m}")).unwrap_or_default();
            if let Some(i) = f.velden.iter().position(|v| fouten.iter().any(|(n, _)| *n == v.naam)) {
                f.focus = i;
            }
            let count = fouten.len();
            f.fouten = fouten;
            state.warn(format!("Niet opgeslagen: {count} veld(en) kloppen niet. Eerste: {first}"));
            Vec::new()
        }
        Ok(new) => {
            if f.oud.as_ref() == Some(&new) {
                state.info("Niets gewijzigd.");
                return Vec::new();
            }
            let naam = new.naam().to_string();
            let s = loket_store::kaartbeheer::gewijzigd(f.oud.as_ref(), &new, &f.beheer, &state.medewerker, state.now);
            let bericht =
                if f.is_new() { format!("{naam}: nieuw op de kaart.") } else { format!("{naam}: gewijzigd.") };
            match s {
                Ok(s) => vec![Effect::BeheerSchrijf { schrijf: Box::new(s), bericht }],
                Err(e) => {
                    state.warn(format!("Niet opgeslagen: {e}"));
                    Vec::new()
                }
            }
        }
    }
}

//! A small choice list in an overlay, used for the filters: arrows and Enter, or `choose_N`
//! (the digits in the standard keymap).

use super::{kaart, Action, Effect, Overlay, State};
use loket_catalog::{Catalog, Filters};
use loket_domain::kaart::{Doelgroep, Toegang, Wet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Wet,
    Toegang,
    Gemeente,
    Wijk,
    Doelgroep,
    /// How the contact ended (contact screen).
    Afhandeling,
    /// Toggle the wetten of a contact; stays open until (klaar) or Esc.
    ContactWetten,
    /// Which crisis line the caller was referred to (closes the contact).
    Crisislijn,
    /// Another time for an appointment (see `rebook`).
    Verzetten,
}

impl PickerKind {
    pub fn title(self) -> &'static str {
        match self {
            PickerKind::Wet => "Filter op wet",
            PickerKind::Toegang => "Filter op toegang",
            PickerKind::Gemeente => "Filter op gemeente",
            PickerKind::Wijk => "Filter op wijk of plaats",
            PickerKind::Doelgroep => "Filter op doelgroep",
            PickerKind::Afhandeling => "Afhandeling van het contact",
            PickerKind::ContactWetten => "Wetten van deze vraag (aan/uit)",
            PickerKind::Crisislijn => "Verwezen naar welke crisislijn?",
            PickerKind::Verzetten => "Afspraak verzetten naar",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub kind: PickerKind,
    /// Shown labels; index 0 is always "(alle)" = filter off.
    pub options: Vec<String>,
    pub selected: usize,
}

impl Picker {
    pub fn for_filter(kind: PickerKind, cat: &Catalog, f: &Filters) -> Option<Picker> {
        let mut options = vec!["(alle)".to_string()];
        let current: Option<String> = match kind {
            PickerKind::Wet => {
                options.extend(Wet::ALL.iter().map(|w| w.label().to_string()));
                f.wet.map(|w| w.label().to_string())
            }
            PickerKind::Toegang => {
                options.extend(Toegang::ALL.iter().map(|t| t.label().to_string()));
                f.toegang.map(|t| t.label().to_string())
            }
            PickerKind::Doelgroep => {
                options.extend(Doelgroep::ALL.iter().skip(1).map(|d| d.label().to_string()));
                f.doelgroep.map(|d| d.label().to_string())
            }
            PickerKind::Gemeente => {
                options.extend(cat.gemeenten.iter().map(|(g, _)| g.clone()));
                f.gemeente.clone()
            }
            PickerKind::Wijk => {
                let g = f.gemeente.as_deref()?;
                let (_, wijken) = cat.gemeenten.iter().find(|(x, _)| x == g)?;
                options.extend(wijken.iter().cloned());
                f.wijk.clone()
            }
            PickerKind::Afhandeling | PickerKind::ContactWetten | PickerKind::Crisislijn | PickerKind::Verzetten => {
                return None
            }
        };
        let selected = current.and_then(|c| options.iter().position(|o| *o == c)).unwrap_or(0);
        Some(Picker { kind, options, selected })
    }
}

fn apply(state: &mut State, p: &Picker, idx: usize) -> Vec<Effect> {
    match p.kind {
        PickerKind::Afhandeling => return super::contact::choose_outcome(state, idx),
        PickerKind::ContactWetten => return super::contact::toggle_wet(state, idx),
        PickerKind::Crisislijn => return super::contact::choose_crisislijn(state, idx),
        PickerKind::Verzetten => return super::rebook::choose(state, idx),
        _ => {}
    }
    let label = if idx == 0 { None } else { p.options.get(idx).cloned() };
    let f = &mut state.kaart.filters;
    match p.kind {
        PickerKind::Wet => f.wet = label.and_then(|l| Wet::ALL.into_iter().find(|w| w.label() == l)),
        PickerKind::Toegang => f.toegang = label.and_then(|l| Toegang::ALL.into_iter().find(|t| t.label() == l)),
        PickerKind::Doelgroep => f.doelgroep = label.and_then(|l| Doelgroep::ALL.into_iter().find(|d| d.label() == l)),
        PickerKind::Gemeente => {
            if f.gemeente != label {
                f.wijk = None;
            }
            f.gemeente = label;
        }
        PickerKind::Wijk => f.wijk = label,
        PickerKind::Afhandeling | PickerKind::ContactWetten | PickerKind::Crisislijn | PickerKind::Verzetten => {}
    }
    state.overlay = None;
    kaart::refresh(state);
    Vec::new()
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let Some(Overlay::Picker(p)) = &mut state.overlay else { return Vec::new() };
    let n = p.options.len();
    match a {
        Action::Next => p.selected = (p.selected + 1) % n,
        Action::Previous => p.selected = (p.selected + n - 1) % n,
        Action::PageDown | Action::Last => p.selected = n - 1,
        Action::PageUp | Action::First => p.selected = 0,
        Action::Confirm => {
            let p = p.clone();
            return apply(state, &p, p.selected);
        }
        _ if a.choice().is_some_and(|d| d < n) => {
            let p = p.clone();
            let d = a.choice().expect("checked");
            return apply(state, &p, d);
        }
        Action::Cancel => {
            let kind = p.kind;
            state.overlay = None;
            if matches!(kind, PickerKind::Afhandeling | PickerKind::Crisislijn) {
                if let Some(cs) = &mut state.contact {
                    cs.closing = false;
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

//! The contact list: call-backs that are due, open drafts and today's contacts; typing filters,
//! and a filter searches all earlier contacts too (repeat callers, by name or phone).

use super::text_field::Edit;
use super::text_field::TextField;
use super::{contact, Action, State};
use loket_domain::contact::{Afhandeling, Contact, Status};

#[derive(Debug, Default)]
pub struct ContactListState {
    pub filter: TextField,
    pub selected: usize,
}

/// Why a row is in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Terugbellen,
    Concept,
    Vandaag,
    Eerder,
}

impl RowKind {
    pub fn label(self) -> &'static str {
        match self {
            RowKind::Terugbellen => "terugbellen",
            RowKind::Concept => "concept",
            RowKind::Vandaag => "vandaag",
            RowKind::Eerder => "eerder",
        }
    }
}

/// The rows in display order: due call-backs, drafts, today's (newest first); with a filter
/// also every earlier contact that matches.
pub fn rows(state: &State) -> Vec<(RowKind, &Contact)> {
    let now = state.now;
    let today = now.date();
    let f = state.contact_list.filter.value();
    let mut out: Vec<(RowKind, &Contact)> = Vec::new();
    for c in state.contacts.iter().rev() {
        if !c.matches_filter(f) {
            continue;
        }
        let kind = if c.terugbellen_due(now) {
            RowKind::Terugbellen
        } else if c.status == Status::Concept {
            RowKind::Concept
        } else if c.start.date() == today {
            RowKind::Vandaag
        } else if !f.trim().is_empty() {
            RowKind::Eerder
        } else {
            continue;
        };
        out.push((kind, c));
    }
    out.sort_by_key(|(k, _)| *k as u8);
    out
}

pub fn key(state: &mut State, e: Edit) {
    if state.contact_list.filter.apply(e) {
        state.contact_list.selected = 0;
    }
}

pub fn action(state: &mut State, a: Action) -> Vec<super::Effect> {
    let n = rows(state).len();
    let sel = &mut state.contact_list.selected;
    match a {
        Action::Next => *sel = (*sel + 1).min(n.saturating_sub(1)),
        Action::Previous => *sel = sel.saturating_sub(1),
        Action::PageDown => *sel = (*sel + 10).min(n.saturating_sub(1)),
        Action::PageUp => *sel = sel.saturating_sub(10),
        Action::First => *sel = 0,
        Action::Last => *sel = n.saturating_sub(1),
        Action::ClearSearch | Action::Cancel => {
            state.contact_list.filter.clear();
            state.contact_list.selected = 0;
        }
        Action::Confirm => {
            let Some((_, c)) = rows(state).get(state.contact_list.selected).map(|(k, c)| (*k, (*c).clone())) else {
                return Vec::new();
            };
            if let Some(open) = &state.contact {
                if open.contact.status == Status::Concept && open.contact.id != c.id {
                    state.warn("Er staat al een contact open; sluit dat eerst af.");
                    return Vec::new();
                }
            }
            contact::open(state, c);
        }
        Action::CallbackDone => {
            let Some(id) = rows(state).get(state.contact_list.selected).map(|(_, c)| c.id) else { return Vec::new() };
            if let Some(c) = state.contacts.iter().find(|c| c.id == id).cloned() {
                if let Some(Afhandeling::Terugbelverzoek { wanneer, gedaan }) = c.afhandeling {
                    let mut c = c;
                    c.afhandeling = Some(Afhandeling::Terugbelverzoek { wanneer, gedaan: !gedaan });
                    c.bijgewerkt = state.now;
                    state.info(if gedaan { "Terugbelverzoek weer open." } else { "Teruggebeld: afgevinkt." });
                    return vec![super::Effect::SaveContact(Box::new(c))];
                }
                state.warn("Dit contact heeft geen terugbelverzoek.");
            }
        }
        _ => {}
    }
    Vec::new()
}

//! The sociale kaart screen: search box, filter chips, results, detail.

use super::picker::{Picker, PickerKind};
use super::text_field::Edit;
use super::text_field::TextField;
use super::{Action, Overlay, State};
use loket_catalog::Filters;
use loket_search::Results;

/// How many results are ranked and listed.
pub const RESULT_LIMIT: usize = 200;
pub const PAGE: usize = 10;

#[derive(Debug, Default)]
pub struct KaartState {
    pub query: TextField,
    pub filters: Filters,
    pub results: Results,
    pub selected: usize,
    pub detail_scroll: u16,
    /// The entry (store key) to keep selected when the next results come (the map changed).
    pub behoud: Option<String>,
}

/// Run the search again for the current query and filters.
pub fn refresh(state: &mut State) {
    if let Some(cat) = state.catalog.clone() {
        if let Some(z) = &state.zoeker {
            // beside the screen; the answer comes as Msg::Gezocht
            z.zoek(super::zoeker::Lijst::Kaart, cat, state.kaart.query.value(), &state.kaart.filters, RESULT_LIMIT);
            return;
        }
        run_search(&cat, &mut state.searcher, &mut state.kaart, &state.beheer.staten);
    } else if let Some(snap) = state.snapshot.clone() {
        // Still loading: names and places from the snapshot (filters come with the map).
        let k = &mut state.kaart;
        k.results = state.searcher.search_all(&snap.index, k.query.value(), RESULT_LIMIT);
        // archived entries are not found here either
        let weg = &state.beheer.staten;
        if weg.values().any(|b| b.gearchiveerd.is_some()) {
            k.results.hits.retain(|h| weg.get(&snap.sleutel(h.doc)).is_none_or(|b| b.gearchiveerd.is_none()));
        }
        k.selected = 0;
        k.detail_scroll = 0;
    }
}

pub fn run_search(
    cat: &loket_catalog::Catalog,
    searcher: &mut loket_search::Searcher,
    k: &mut KaartState,
    beheer: &std::collections::HashMap<String, loket_domain::beheer::Beheer>,
) {
    let results = cat.search(searcher, k.query.value(), &k.filters, RESULT_LIMIT);
    show(cat, k, results, beheer);
}

/// Show new results: archived entries left out, the selection on top (or kept on the entry
/// asked for).
pub fn show(
    cat: &loket_catalog::Catalog,
    k: &mut KaartState,
    results: Results,
    beheer: &std::collections::HashMap<String, loket_domain::beheer::Beheer>,
) {
    k.results = results;
    // archived entries are kept, but not found
    if beheer.values().any(|b| b.gearchiveerd.is_some()) {
        let before = k.results.hits.len();
        k.results.hits.retain(|h| beheer.get(&cat.sleutel(h.doc)).is_none_or(|b| b.gearchiveerd.is_none()));
        k.results.total = k.results.total.saturating_sub(before - k.results.hits.len());
    }
    k.selected = 0;
    k.detail_scroll = 0;
    if let Some(key) = k.behoud.take() {
        if let Some(i) = k.results.hits.iter().position(|h| cat.sleutel(h.doc) == key) {
            k.selected = i;
        }
    }
}

/// A search made beside the screen came back: shown when it answers the newest question.
pub fn gezocht(state: &mut State, a: super::zoeker::Antwoord) {
    let (Some(z), Some(cat)) = (&state.zoeker, state.catalog.clone()) else { return };
    if !z.is_nieuwste(&a) {
        return;
    }
    let k = match a.lijst {
        super::zoeker::Lijst::Kaart => &mut state.kaart,
        super::zoeker::Lijst::Contact => match &mut state.contact {
            Some(cs) => &mut cs.search,
            None => return,
        },
    };
    show(&cat, k, a.results, &state.beheer.staten);
}

pub fn key(state: &mut State, e: Edit) {
    if state.kaart.query.apply(e) {
        refresh(state);
    }
}

fn move_sel(state: &mut State, delta: isize) {
    let n = state.kaart.results.hits.len();
    if n == 0 {
        return;
    }
    let cur = state.kaart.selected as isize;
    state.kaart.selected = (cur + delta).clamp(0, n as isize - 1) as usize;
    state.kaart.detail_scroll = 0;
}

pub fn action(state: &mut State, a: Action) {
    match a {
        Action::Next => move_sel(state, 1),
        Action::Previous => move_sel(state, -1),
        Action::PageDown => move_sel(state, PAGE as isize),
        Action::PageUp => move_sel(state, -(PAGE as isize)),
        Action::First => move_sel(state, isize::MIN / 2),
        Action::Last => move_sel(state, isize::MAX / 2),
        Action::DetailDown => state.kaart.detail_scroll = state.kaart.detail_scroll.saturating_add(3),
        Action::DetailUp => state.kaart.detail_scroll = state.kaart.detail_scroll.saturating_sub(3),
        Action::ClearSearch => {
            state.kaart.query.clear();
            refresh(state);
        }
        Action::ClearFilters => {
            state.kaart.filters = Filters::default();
            refresh(state);
        }
        Action::FilterWet => open_picker(state, PickerKind::Wet),
        Action::FilterToegang => open_picker(state, PickerKind::Toegang),
        Action::FilterGemeente => open_picker(state, PickerKind::Gemeente),
        Action::FilterWijk => open_picker(state, PickerKind::Wijk),
        Action::FilterDoelgroep => open_picker(state, PickerKind::Doelgroep),
        _ => {}
    }
}

fn open_picker(state: &mut State, kind: PickerKind) {
    let Some(cat) = state.catalog.as_deref() else {
        state.warn("De sociale kaart wordt nog geladen.");
        return;
    };
    match Picker::for_filter(kind, cat, &state.kaart.filters) {
        Some(p) => state.overlay = Some(Overlay::Picker(p)),
        None => state.warn("Kies eerst een gemeente (filter gemeente); daarna kunt u een wijk kiezen."),
    }
}

/// The import prompt was confirmed: check the path exists, then import (an effect).
pub fn import_prompt_done(state: &mut State, text: &str) -> Result<Vec<super::Effect>, String> {
    let p = std::path::PathBuf::from(text.trim());
    if text.trim().is_empty() {
        return Err("geef een pad".into());
    }
    if !p.exists() {
        return Err(format!("'{}' bestaat niet", p.display()));
    }
    state.overlay = None;
    state.importing = true;
    state.info("Importeren… (de kaart blijft bruikbaar)");
    Ok(vec![super::Effect::Import(p)])
}

//! The backoffice queue (cliëntvolgsysteem): open cases with their step, supporter, next action
//! and legal clocks; overdue ones first and highlighted.

use super::text_field::TextField;
use super::{Action, Effect, Overlay, PromptKind, State};
use loket_domain::case::{Case, Stap};

#[derive(Debug, Default)]
pub struct QueueState {
    pub selected: usize,
    /// The dossier under the cursor: the selection follows it when the list re-sorts.
    pub selected_id: Option<u64>,
    /// The dossier as it was when a prompt on it opened: the worker's change is based on what
    /// they saw then, so a change made meanwhile at another desk is merged, never overwritten.
    pub prompt_base: Option<Case>,
    /// How far the dossier pane is scrolled (back to the top for another dossier).
    pub detail_scroll: u16,
    /// Times offered for moving an appointment (queue or contact).
    pub aanbod: Option<super::rebook::Aanbod>,
    /// The worker's last refused change (another worker changed the same field first).
    pub geweigerd: Option<Geweigerd>,
}

/// A change refused because another worker changed the same fields first.
#[derive(Debug, Clone)]
pub struct Geweigerd {
    pub mine: Case,
    pub fields: Vec<&'static str>,
}

/// Apply the refused change over the other one (the worker saw both).
fn toch_toepassen(state: &mut State) -> Vec<Effect> {
    let Some(g) = state.queue.geweigerd.take() else {
        state.warn("Er is geen geweigerde wijziging om toe te passen.");
        return Vec::new();
    };
    let id = g.mine.id;
    let Some(c) = state.backoffice.cases.iter_mut().find(|c| c.id == id) else { return Vec::new() };
    let base = c.clone();
    let mut new = loket_domain::case_merge::neem_over(&base, &g.mine, &g.fields);
    new.bijgewerkt_door = state.medewerker.clone();
    new.rev = base.rev;
    *c = new.clone();
    state.info(format!("Dossier {id}: uw wijziging van {} is toegepast.", g.fields.join(", ")));
    keep_selection(state);
    vec![Effect::SaveCase { base: Box::new(base), new: Box::new(new) }]
}

/// A case is spoed when its contact's triage says so (urgent or signs of danger). The case
/// keeps no flag of its own: this desk looks the contact up; for a contact it does not have
/// (another desk's), the summary written at the handoff names the reasons.
pub fn is_spoed(state: &State, case: &Case) -> bool {
    use loket_domain::triage::Reden;
    if let Some(c) = state.contacts.iter().find(|c| c.id == case.contact_id) {
        let t = c.triage();
        return t.crisis || t.redenen.iter().any(|r| matches!(r, Reden::Urgent | Reden::Gevaar));
    }
    case.samenvatting
        .lines()
        .filter_map(|l| l.strip_prefix("Complex: "))
        .flat_map(|l| l.split("; "))
        .any(|r| r == Reden::Urgent.label() || r == Reden::Gevaar.label())
}

/// Who the help is for ("kind, 9 jaar"): what the handoff summary says, else (a case handed
/// off before the summary said it) from this desk's contact.
pub fn hulp_voor(state: &State, case: &Case) -> Option<String> {
    if let Some(v) = case.hulp_voor() {
        return Some(v.to_string());
    }
    let c = state.contacts.iter().find(|c| c.id == case.contact_id)?;
    Some(c.hulp_voor_tekst(c.start.date()))
}

/// The same, short for the list ("kind 9").
pub fn hulp_voor_kort(state: &State, case: &Case) -> Option<String> {
    hulp_voor(state, case).map(|t| loket_domain::case::hulp_voor_kort(&t))
}

/// Put the cursor back on the selected dossier after the list changed (re-sorted, a case
/// closed, another desk's change); when it left the list, stay at the same row.
pub fn keep_selection(state: &mut State) {
    let ids: Vec<u64> = rows(state).iter().map(|c| c.id).collect();
    if let Some(i) = state.queue.selected_id.and_then(|id| ids.iter().position(|x| *x == id)) {
        state.queue.selected = i;
    } else {
        state.queue.selected = state.queue.selected.min(ids.len().saturating_sub(1));
        state.queue.selected_id = ids.get(state.queue.selected).copied();
    }
}

fn select_row(state: &mut State, i: usize) {
    if i != state.queue.selected {
        state.queue.detail_scroll = 0;
    }
    state.queue.selected = i;
    state.queue.selected_id = rows(state).get(i).map(|c| c.id);
}

/// Open cases: overdue first, then by the next deadline, then by id.
pub fn rows(state: &State) -> Vec<&Case> {
    let today = state.now.date();
    let mut v: Vec<&Case> = state.backoffice.cases.iter().filter(|c| c.is_open()).collect();
    v.sort_by_key(|c| (c.overdue(today).is_empty(), c.next_deadline(), c.id));
    v
}

fn selected_id(state: &State) -> Option<u64> {
    let id = state.queue.selected_id?;
    rows(state).iter().any(|c| c.id == id).then_some(id)
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    keep_selection(state);
    let n = rows(state).len();
    let now = state.now;
    match a {
        Action::Next => select_row(state, (state.queue.selected + 1).min(n.saturating_sub(1))),
        Action::Previous => select_row(state, state.queue.selected.saturating_sub(1)),
        Action::First => select_row(state, 0),
        Action::Last => select_row(state, n.saturating_sub(1)),
        Action::DetailDown => state.queue.detail_scroll = state.queue.detail_scroll.saturating_add(3),
        Action::DetailUp => state.queue.detail_scroll = state.queue.detail_scroll.saturating_sub(3),
        Action::TochToepassen => return toch_toepassen(state),
        Action::OpenPlan => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            return super::plan::open_uit_wachtrij(state, id);
        }
        Action::AdvanceStep => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            let ask =
                state.backoffice.cases.iter().any(|c| c.id == id && c.stap == Stap::Evaluatie && c.wmo_klok_loopt());
            if ask {
                // Closing at E while a legal Wmo clock still runs: ask first.
                state.overlay = Some(Overlay::Confirm(super::ConfirmKind::CloseCaseWithClock(id)));
                return Vec::new();
            }
            return advance(state, id);
        }
        Action::UndoStep => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            let door = state.medewerker.clone();
            let Some(c) = state.backoffice.cases.iter_mut().find(|c| c.id == id) else { return Vec::new() };
            let base = c.clone();
            c.bijgewerkt_door = door;
            match c.stap_terug(now) {
                Ok(stap) => {
                    let new = c.clone();
                    state.info(format!("Dossier {id}: terug naar stap {} {}", stap.letter(), stap.label()));
                    keep_selection(state);
                    return vec![Effect::SaveCase { base: Box::new(base), new: Box::new(new) }];
                }
                Err(e) => {
                    *c = base;
                    state.warn(format!("Kan niet terug: {e}"));
                }
            }
        }
        Action::Reschedule => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            return super::rebook::open(state, id);
        }
        Action::CancelAppointment => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            return super::rebook::ask_cancel(state, id);
        }
        // the letter for the caller again, e.g. after the appointment was moved ("Uw afspraak
        // is verzet"): made from the store, as on the handoff screen
        Action::BriefOpenen => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            if state.backoffice.cases.iter().any(|c| c.id == id && c.afspraak.is_some()) {
                return vec![Effect::OpenLetter(id)];
            }
            state.warn(format!("Dossier {id} heeft geen afspraak: er is geen brief te maken."));
        }
        Action::AddNote
        | Action::AddSignaal
        | Action::SetVolgendeActie
        | Action::SetAanvraag
        | Action::SetOnderzoekAfgerond
        | Action::SetBeschikking => {
            let Some(id) = selected_id(state) else { return Vec::new() };
            let kind = match a {
                Action::AddNote => PromptKind::Notitie(id),
                Action::AddSignaal => PromptKind::Signaal(id),
                Action::SetVolgendeActie => PromptKind::VolgendeActie(id),
                _ => {
                    let has_wmo = state.backoffice.cases.iter().any(|c| c.id == id && c.wmo.is_some());
                    if !has_wmo {
                        state.warn("Dit dossier heeft geen Wmo-melding; deze datum hoort bij een melding.");
                        return Vec::new();
                    }
                    match a {
                        Action::SetAanvraag => PromptKind::Aanvraag(id),
                        Action::SetOnderzoekAfgerond => PromptKind::OnderzoekAfgerond(id),
                        _ => PromptKind::Beschikking(id),
                    }
                }
            };
            state.queue.prompt_base = state.backoffice.cases.iter().find(|c| c.id == id).cloned();
            state.overlay = Some(Overlay::Prompt { kind, field: TextField::default(), error: None });
        }
        _ => {}
    }
    Vec::new()
}

/// Move case `id` to its next step (after E: closed).
pub fn advance(state: &mut State, id: u64) -> Vec<Effect> {
    let now = state.now;
    let door = state.medewerker.clone();
    let Some(c) = state.backoffice.cases.iter_mut().find(|c| c.id == id) else { return Vec::new() };
    let base = c.clone();
    c.bijgewerkt_door = door;
    match c.advance(now) {
        Ok(stap) => {
            let new = c.clone();
            state.info(format!("Dossier {id}: nu stap {} {}", stap.letter(), stap.label()));
            keep_selection(state);
            vec![Effect::SaveCase { base: Box::new(base), new: Box::new(new) }]
        }
        Err(e) => {
            *c = base;
            state.warn(format!("Kan niet verder: {e}"));
            Vec::new()
        }
    }
}

/// A queue prompt was confirmed.
pub fn prompt_done(state: &mut State, kind: PromptKind, text: &str) -> Result<Vec<Effect>, String> {
    let now = state.now;
    let id = match kind {
        PromptKind::Notitie(id)
        | PromptKind::Signaal(id)
        | PromptKind::VolgendeActie(id)
        | PromptKind::Aanvraag(id)
        | PromptKind::OnderzoekAfgerond(id)
        | PromptKind::Beschikking(id) => id,
        _ => return Ok(Vec::new()),
    };
    let door = state.medewerker.clone();
    let prompt_base = state.queue.prompt_base.clone().filter(|b| b.id == id);
    let Some(c) = state.backoffice.cases.iter_mut().find(|c| c.id == id) else { return Ok(Vec::new()) };
    let base = prompt_base.unwrap_or_else(|| c.clone());
    let mut new = base.clone();
    new.bijgewerkt_door = door;
    apply_prompt(&mut new, kind, text, now)?;
    *c = new.clone();
    state.queue.prompt_base = None;
    state.overlay = None;
    keep_selection(state);
    Ok(vec![Effect::SaveCase { base: Box::new(base), new: Box::new(new) }])
}

fn apply_prompt(c: &mut Case, kind: PromptKind, text: &str, now: chrono::NaiveDateTime) -> Result<(), String> {
    match kind {
        PromptKind::Notitie(_) => {
            if text.trim().is_empty() {
                return Err("lege notitie".into());
            }
            c.add_note(now, text.trim());
        }
        PromptKind::Signaal(_) => {
            if text.trim().is_empty() {
                return Err("beschrijf kort wat te laat of onvoldoende is".into());
            }
            c.add_signaal(now.date(), text.trim());
        }
        PromptKind::VolgendeActie(_) => {
            c.volgende_actie =
                Some(loket_domain::contact::parse_datum(text, now.date(), loket_domain::contact::Richting::Toekomst)?);
        }
        PromptKind::Aanvraag(_) | PromptKind::OnderzoekAfgerond(_) | PromptKind::Beschikking(_) => {
            let Some(w) = &mut c.wmo else { return Err("dit dossier heeft geen Wmo-melding".into()) };
            let slot = match kind {
                PromptKind::Aanvraag(_) => &mut w.aanvraag,
                PromptKind::OnderzoekAfgerond(_) => &mut w.onderzoek_afgerond,
                _ => &mut w.beschikking,
            };
            // Empty clears a date entered by mistake.
            if text.trim().is_empty() {
                *slot = None;
            } else {
                let d =
                    loket_domain::contact::parse_datum(text, now.date(), loket_domain::contact::Richting::Verleden)?;
                if d > now.date() {
                    return Err("die datum ligt in de toekomst".into());
                }
                if d < w.melding {
                    return Err(format!("die datum ligt vóór de melding ({})", w.melding.format("%d-%m-%Y")));
                }
                match kind {
                    PromptKind::Aanvraag(_) if w.beschikking.is_some_and(|b| d > b) => {
                        return Err("de aanvraag kan niet na de beschikking liggen".into());
                    }
                    PromptKind::Beschikking(_) => match w.aanvraag {
                        None => return Err("eerst de datum van de aanvraag (a)".into()),
                        Some(a) if d < a => {
                            return Err(format!(
                                "de beschikking kan niet vóór de aanvraag ({}) liggen",
                                a.format("%d-%m-%Y")
                            ))
                        }
                        _ => {}
                    },
                    _ => {}
                }
                match kind {
                    PromptKind::Aanvraag(_) => w.aanvraag = Some(d),
                    PromptKind::OnderzoekAfgerond(_) => w.onderzoek_afgerond = Some(d),
                    _ => w.beschikking = Some(d),
                }
            }
        }
        _ => {}
    }
    Ok(())
}

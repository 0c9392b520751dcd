//! What the store answered, applied to the screen: saved revisions, a closed contact, a failed
//! write (kept on screen, retried), a conflict with another worker, and changes made at other
//! desks. Nothing here touches the store; the runtime does that and sends the outcome.

use super::{Effect, Level, Screen, State};
use loket_domain::case::Case;
use loket_domain::contact::{Contact, Status};

/// A draft was stored at `rev`.
pub fn contact_saved(state: &mut State, id: u64, rev: u64) -> Vec<Effect> {
    if let Some(cs) = state.contact.as_mut().filter(|cs| cs.contact.id == id) {
        cs.contact.rev = rev;
    }
    if let Some(c) = state.contacts.iter_mut().find(|c| c.id == id) {
        c.rev = rev;
    }
    if state.unsaved.take().is_some() {
        state.info("Opgeslagen: alles is weer bewaard.");
    }
    Vec::new()
}

/// The closed contact is stored: now the form may close.
pub fn contact_closed(state: &mut State, id: u64, rev: u64) -> Vec<Effect> {
    let message = match state.closing.take() {
        Some((cid, m)) if cid == id => m,
        other => {
            state.closing = other;
            format!("Contact {id} afgesloten.")
        }
    };
    let closed = match state.contact.take() {
        Some(cs) if cs.contact.id == id => Some(cs.contact),
        other => {
            state.contact = other;
            None
        }
    };
    if let Some(mut c) = closed {
        c.rev = rev;
        state.upsert_contact(c);
        if state.screen == Screen::Contact {
            state.screen = Screen::Kaart;
        }
        // A search made for this caller is not carried into the next contact.
        state.kaart.query.clear();
        super::kaart::refresh(state);
    }
    state.unsaved = None;
    state.info(message);
    Vec::new()
}

/// A write failed (disk full, server gone): keep everything on screen, say so, retry.
pub fn save_failed(state: &mut State, error: String) -> Vec<Effect> {
    // A close that failed leaves the contact open, as a draft.
    if let Some((id, _)) = state.closing.take() {
        if let Some(cs) = state.contact.as_mut().filter(|cs| cs.contact.id == id) {
            cs.contact.status = Status::Concept;
            cs.contact.einde = None;
            cs.closing = false;
        }
    }
    let what = if state.contact.is_some() {
        "Het contact blijft open en wordt opnieuw opgeslagen zodra dat weer kan."
    } else {
        "Wordt opnieuw geprobeerd zodra dat weer kan."
    };
    state.status = Some((Level::Error, format!("Niet opgeslagen: {error}. {what}")));
    state.unsaved = Some(error);
    Vec::new()
}

/// Try again what could not be saved.
pub fn retry(state: &mut State) -> Vec<Effect> {
    if state.unsaved.is_none() {
        return Vec::new();
    }
    let mut fx = Vec::new();
    if let Some(cs) = &state.contact {
        if !cs.read_only && cs.contact.status == Status::Concept {
            fx.push(Effect::SaveContact(Box::new(cs.contact.clone())));
        }
    }
    for (base, new) in std::mem::take(&mut state.pending_cases) {
        fx.push(Effect::SaveCase { base: Box::new(base), new: Box::new(new) });
    }
    fx
}

fn set_case(state: &mut State, case: Case) {
    state.backoffice.upsert_case(case);
    super::queue::keep_selection(state);
}

pub fn case_saved(state: &mut State, id: u64, rev: u64) -> Vec<Effect> {
    if let Some(c) = state.backoffice.cases.iter_mut().find(|c| c.id == id) {
        c.rev = rev;
    }
    state.pending_cases.retain(|(_, n)| n.id != id);
    if state.pending_cases.is_empty() && state.unsaved.take().is_some() {
        state.info("Opgeslagen: alles is weer bewaard.");
    }
    Vec::new()
}

fn door(d: &str) -> String {
    if d.is_empty() {
        String::new()
    } else {
        format!(" door {d}")
    }
}

/// Another worker changed the case first; the worker's change was added to theirs.
pub fn case_merged(state: &mut State, case: Case, by: &str) -> Vec<Effect> {
    let id = case.id;
    state.pending_cases.retain(|(_, n)| n.id != id);
    set_case(state, case);
    state.warn(format!("Dossier {id} is intussen bijgewerkt{}; uw wijziging is daarbij opgeslagen.", door(by)));
    Vec::new()
}

/// Another worker changed the same fields: show theirs, and say what was not applied.
pub fn case_clash(state: &mut State, theirs: Case, mine: Case, fields: &[&'static str]) -> Vec<Effect> {
    use loket_domain::case_merge::waarde;
    let id = theirs.id;
    let by = theirs.bijgewerkt_door.clone();
    state.pending_cases.retain(|(_, n)| n.id != id);
    let now = format!("stap {}", theirs.stap.letter());
    // What the worker typed, beside what stands now: shown, and offered back with one key.
    let wat: Vec<String> = fields
        .iter()
        .map(|f| {
            let (u, nu) = (waarde(&mine, f), waarde(&theirs, f));
            if u == "uw versie" {
                f.to_string()
            } else {
                format!("{f} {u} (nu {nu})")
            }
        })
        .collect();
    let k = state.key_name(crate::keymap::Context::Queue, super::Action::TochToepassen);
    state.queue.geweigerd = Some(super::queue::Geweigerd { mine, fields: fields.to_vec() });
    set_case(state, theirs);
    state.status = Some((
        Level::Warning,
        format!(
            "Dossier {id} is intussen bijgewerkt{} (nu {now}). Uw wijziging is niet doorgevoerd: {}. {k}: toch de uwe. Notities blijven altijd bewaard.",
            door(&by),
            wat.join("; ")
        ),
    ));
    Vec::new()
}

/// A case as another desk left it.
pub fn case_refreshed(state: &mut State, case: Case) -> Vec<Effect> {
    // A change of ours not stored yet wins on screen; it will be merged when it is saved.
    if state.pending_cases.iter().any(|(_, n)| n.id == case.id) {
        return Vec::new();
    }
    set_case(state, case);
    Vec::new()
}

/// A contact as another desk left it (`None`: deleted).
pub fn contact_refreshed(state: &mut State, id: u64, c: Option<Contact>) -> Vec<Effect> {
    // the contact open on this screen is this desk's own: it is not replaced under the worker
    if state.contact.as_ref().is_some_and(|cs| cs.contact.id == id && !cs.read_only) {
        return Vec::new();
    }
    match c {
        Some(c) => state.upsert_contact(c),
        None => state.contacts.retain(|x| x.id != id),
    }
    Vec::new()
}

/// A discarded draft is gone from the store: now the form closes.
pub fn contact_deleted(state: &mut State, id: u64) -> Vec<Effect> {
    state.contacts.retain(|c| c.id != id);
    let Some((cid, message)) = state.closing.take() else { return Vec::new() };
    if cid != id {
        state.closing = Some((cid, message));
        return Vec::new();
    }
    if state.contact.as_ref().is_some_and(|cs| cs.contact.id == id) {
        state.contact = None;
        if state.screen == Screen::Contact {
            state.screen = Screen::Kaart;
        }
        // A search made for this caller is not carried into the next contact.
        state.kaart.query.clear();
        super::kaart::refresh(state);
    }
    state.unsaved = None;
    state.info(message);
    Vec::new()
}

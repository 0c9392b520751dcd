//! What the store answered, applied to the screen: saved revisions, a closed contact, a failed
//! write (kept on screen, retried), a conflict with another worker, and changes made at other
//! desks. Nothing here touches the store; the runtime does that and sends the outcome.

use super::{Effect, Level, Screen, State};
use loket_domain::case::Case;
use loket_domain::contact::{Contact, Status};

/// A draft was stored at `rev`.
pub fn contact_saved(state: &mut State, id: u64, rev: u64) -> Vec<Effect> {
    // the list holds the copy last sent, which is the one the store confirmed now
    let mut stored = None;
    if let Some(c) = state.contacts.iter_mut().find(|c| c.id == id) {
        c.rev = rev;
        stored = Some(c.clone());
    }
    if let Some(cs) = state.contact.as_mut().filter(|cs| cs.contact.id == id) {
        cs.contact.rev = rev;
        cs.basis = stored.or_else(|| Some(cs.contact.clone()));
    }
    // "all saved" only when nothing else waits (a close, a case change)
    if state.unsaved.is_some() && !close_pending(state) && state.pending_cases.is_empty() {
        state.unsaved = None;
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

/// This desk's change was merged with another desk's (or stored again): the screen shows the
/// contact as stored.
pub fn contact_samengevoegd(state: &mut State, c: Contact, bericht: String, gesloten: bool) -> Vec<Effect> {
    let (id, rev) = (c.id, c.rev);
    if gesloten {
        contact_closed(state, id, rev);
        let closed = state.status.take().map(|(_, m)| m).unwrap_or_default();
        state.upsert_contact(c);
        state.warn(format!("{closed} {bericht}"));
        return Vec::new();
    }
    state.upsert_contact(c.clone());
    if let Some(cs) = state.contact.as_mut().filter(|cs| cs.contact.id == id) {
        cs.vervang(c);
    }
    if state.pending_cases.is_empty() {
        state.unsaved = None;
    }
    state.warn(bericht);
    Vec::new()
}

/// A notice the worker must see before typing on: a dialog (keys typed meanwhile go nowhere),
/// and the status line.
fn melding(state: &mut State, text: String) {
    state.status = Some((Level::Error, text.clone()));
    state.melding = Some(text);
    state.overlay = Some(super::Overlay::Confirm(super::ConfirmKind::Melding));
}

/// Let go of the contact open on screen (it was erased, or closed elsewhere).
fn loslaten(state: &mut State, id: u64) -> bool {
    if state.contact.as_ref().is_none_or(|cs| cs.contact.id != id) {
        return false;
    }
    state.contact = None;
    if state.closing.as_ref().is_some_and(|(cid, _)| *cid == id) {
        state.closing = None;
    }
    if state.handoff.is_some() {
        state.handoff = None;
    }
    if matches!(state.screen, Screen::Contact | Screen::Handoff) {
        state.screen = Screen::Kaart;
    }
    if matches!(
        state.overlay,
        Some(super::Overlay::Confirm(super::ConfirmKind::QuitWithContact))
            | Some(super::Overlay::Picker(_))
            | Some(super::Overlay::Prompt { .. })
    ) {
        state.overlay = None;
    }
    if state.pending_cases.is_empty() {
        state.unsaved = None;
    }
    true
}

/// The contact was erased (AVG art. 17) or anonymised by retention meanwhile: nothing of this
/// desk's copy is written back, and the screen lets go of it.
pub fn contact_gewist(state: &mut State, c: Contact) -> Vec<Effect> {
    let id = c.id;
    state.verstuurd.retain(|v| v.id != id);
    state.upsert_contact(c);
    if loslaten(state, id) {
        melding(
            state,
            format!(
                "Contact {id} is gewist (op verzoek van de persoon of na de bewaartermijn). Het is gesloten; wat hier stond is niet opgeslagen en komt niet terug."
            ),
        );
    }
    Vec::new()
}

/// Another desk closed or changed the contact meanwhile: nothing was written over it. The
/// worker's copy becomes a new draft (open on screen), so nothing typed is lost; she can
/// throw it away with one key.
pub fn contact_botsing(state: &mut State, opgeslagen: Contact, mijn: Contact, waarom: &str) -> Vec<Effect> {
    let id = opgeslagen.id;
    let door = if opgeslagen.medewerker.is_empty() || opgeslagen.medewerker == state.medewerker {
        String::new()
    } else {
        format!(" ({})", opgeslagen.medewerker)
    };
    state.upsert_contact(opgeslagen);
    let open = state.contact.as_ref().is_some_and(|cs| cs.contact.id == id);
    if !open {
        state.status = Some((
            Level::Warning,
            format!(
                "Contact {id} is intussen elders {waarom}{door}; uw wijziging is niet opgeslagen. Bekijk het opnieuw."
            ),
        ));
        return Vec::new();
    }
    let Some(nieuw) = state.contact_ids.pop_front() else {
        // no id for a new draft: the worker's copy stays on screen, unsaved, and is said so
        if let Some(cs) = state.contact.as_mut() {
            cs.read_only = true;
        }
        state.status = Some((
            Level::Error,
            format!(
                "Contact {id} is intussen elders {waarom}{door}; uw wijzigingen zijn niet opgeslagen en staan alleen nog op dit scherm. Neem ze over in een nieuw contact."
            ),
        ));
        return vec![Effect::ReserveContactId];
    };
    loslaten(state, id);
    let mut c = mijn;
    c.id = nieuw;
    c.rev = 0;
    c.status = Status::Concept;
    c.einde = None;
    c.afhandeling = None;
    c.gewist = false;
    c.medewerker = state.medewerker.clone();
    c.bijgewerkt = state.now;
    super::contact::open(state, c.clone());
    let k = state.key_hint(crate::keymap::Context::Contact, super::Action::DiscardContact);
    melding(
        state,
        format!(
            "Contact {id} is intussen elders {waarom}{door}; uw wijzigingen zijn daar niet in opgeslagen. Ze staan nu in een nieuw concept (contact {nieuw}): werk verder, of gooi het weg{k}."
        ),
    );
    vec![Effect::SaveContact(Box::new(c)), Effect::ReserveContactId]
}

/// A write failed (disk full, server gone): keep everything on screen, say so, retry.
pub fn save_failed(state: &mut State, error: String) -> Vec<Effect> {
    // A close that failed is not dropped: the contact stays as closed on screen (not editable
    // meanwhile) and the close is tried again until the store has it.
    let close_pending = close_pending(state);
    if close_pending {
        if let Some(cs) = state.contact.as_mut() {
            cs.read_only = true;
            cs.closing = false;
        }
    } else {
        state.closing = None;
    }
    let what = if close_pending {
        "Het contact is nog niet afgesloten: dat wordt opnieuw geprobeerd zodra het weer kan (tot dan blijft het op het scherm)."
    } else if state.contact.is_some() {
        "Het contact blijft open en wordt opnieuw opgeslagen zodra dat weer kan."
    } else {
        "Wordt opnieuw geprobeerd zodra dat weer kan."
    };
    state.status = Some((Level::Error, format!("Niet opgeslagen: {error}. {what}")));
    state.unsaved = Some(error);
    Vec::new()
}

/// The close of the open contact waits for the store (it failed and is retried).
pub fn close_pending(state: &State) -> bool {
    match (&state.closing, &state.contact) {
        (Some((id, _)), Some(cs)) => cs.contact.id == *id && cs.contact.status == Status::Afgesloten,
        _ => false,
    }
}

/// Try again what could not be saved.
pub fn retry(state: &mut State) -> Vec<Effect> {
    if state.unsaved.is_none() {
        return Vec::new();
    }
    let mut fx = Vec::new();
    if let Some(cs) = &state.contact {
        if close_pending(state) {
            fx.push(Effect::CloseContact(Box::new(cs.contact.clone())));
        } else if !cs.read_only && cs.contact.status == Status::Concept {
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
    if state.pending_cases.is_empty() && !close_pending(state) && state.unsaved.take().is_some() {
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

/// The case was erased meanwhile: the worker's change is dropped (never written back) and the
/// erased case is shown.
pub fn case_gewist(state: &mut State, case: Case) -> Vec<Effect> {
    let id = case.id;
    state.pending_cases.retain(|(_, n)| n.id != id);
    if state.pending_cases.is_empty() && !close_pending(state) {
        state.unsaved = None;
    }
    if state.mag(loket_domain::account::Recht::DossiersWerken) {
        set_case(state, case);
    }
    state.status = Some((
        Level::Error,
        format!(
            "Dossier {id} is gewist (op verzoek van de persoon of na de bewaartermijn); uw wijziging is niet opgeslagen en komt niet terug."
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
    // erased elsewhere: the screen lets go of it at once
    if let Some(c) = c.as_ref().filter(|c| c.gewist) {
        if state.contact.as_ref().is_some_and(|cs| cs.contact.id == id && !cs.contact.gewist) {
            return contact_gewist(state, c.clone());
        }
    }
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

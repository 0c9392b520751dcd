//! The audit log from the screens: what the worker opened, and what they changed, written in the
//! same transaction as the change. Never content: the worker, the action, the record's id and
//! the time.

use super::{Screen, State};
use loket_store::audit::{Gebeurtenis, Handeling, Onderwerp};
use loket_store::Store;

/// The contact or dossier open on screen now, and whether it was stored before (a new contact
/// being typed is created, not viewed).
pub fn open_record(state: &State) -> Option<(Onderwerp, bool)> {
    match state.screen {
        Screen::Contact | Screen::Handoff => {
            state.contact.as_ref().map(|cs| (Onderwerp::Contact(cs.contact.id), cs.contact.rev > 0))
        }
        // the dossier under the cursor is open in the detail pane
        Screen::Queue => super::queue::rows(state)
            .get(state.queue.selected)
            .map(|c| c.id)
            .or(state.queue.selected_id)
            .map(|id| (Onderwerp::Dossier(id), true)),
        _ => None,
    }
}

/// The entries a change writes with itself, in the store's transaction (a change and its entry
/// are stored together or not at all). A run of the same change or view of one record (a draft
/// saved at every pause in typing) is one entry; call [`gelogd`] once the store confirmed the
/// write. Nothing in read-only mode (nothing is written then).
pub fn bij_wijziging(state: &State, h: Handeling, o: Onderwerp) -> Vec<Gebeurtenis> {
    if state.alleen_lezen.is_some() || is_repeat(state, &h, &o) {
        return Vec::new();
    }
    vec![Gebeurtenis::new(state.now, &state.medewerker, h, o)]
}

/// The store confirmed a write that carried the entry (h, o) (or would have, but for a repeat).
pub fn gelogd(state: &mut State, h: Handeling, o: Onderwerp) {
    state.audit_laatst = Some((h, o));
}

fn is_repeat(state: &State, h: &Handeling, o: &Onderwerp) -> bool {
    matches!(h, Handeling::Gewijzigd | Handeling::Bekeken)
        && state.audit_laatst.as_ref().is_some_and(|(lh, lo)| lh == h && lo == o)
}

/// Write entries of their own (what the worker opened or exported: no change goes with them).
/// A failure is shown, never silent.
pub fn log(store: &dyn Store, state: &mut State, events: Vec<(Handeling, Onderwerp)>) {
    let mut out = Vec::new();
    for (h, o) in events {
        if !is_repeat(state, &h, &o) {
            out.push(Gebeurtenis::new(state.now, &state.medewerker, h.clone(), o));
        }
        state.audit_laatst = Some((h, o));
    }
    if out.is_empty() {
        return;
    }
    if let Err(e) = store.audit_append(&out) {
        state.warn(format!("auditlogboek niet bijgewerkt: {e}"));
    }
}

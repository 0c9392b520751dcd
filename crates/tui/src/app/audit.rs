//! The audit log from the screens: what the worker opened and what the store
//! confirmed they changed, written right after the store confirmed the change. Never content:
//! the worker, the action, the record's id and the time.

use super::{Msg, Screen, State};
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

/// What a store's answer records (a change this desk made and the store confirmed).
pub fn of_reply(msg: &Msg) -> Vec<(Handeling, Onderwerp)> {
    match msg {
        Msg::ContactSaved { id, rev } => {
            vec![(if *rev == 1 { Handeling::Aangemaakt } else { Handeling::Gewijzigd }, Onderwerp::Contact(*id))]
        }
        Msg::ContactClosed { id, .. } => vec![(Handeling::Gewijzigd, Onderwerp::Contact(*id))],
        Msg::ContactSamengevoegd { contact, .. } => {
            vec![(
                if contact.rev == 1 { Handeling::Aangemaakt } else { Handeling::Gewijzigd },
                Onderwerp::Contact(contact.id),
            )]
        }
        Msg::ContactDeleted(id) => vec![(Handeling::Gewist, Onderwerp::Contact(*id))],
        // (the closed contact is logged where the handoff is written: an anonymous case does
        // not name it)
        Msg::HandedOff(case) => vec![(Handeling::Aangemaakt, Onderwerp::Dossier(case.id))],
        Msg::CaseSaved { id, .. } => vec![(Handeling::Gewijzigd, Onderwerp::Dossier(*id))],
        Msg::CaseMerged { case, .. } => vec![(Handeling::Gewijzigd, Onderwerp::Dossier(case.id))],
        _ => Vec::new(),
    }
}

/// Write these events. A run of the same change or view of one record (a draft saved at every
/// pause in typing) is one entry. A failure is shown, never silent.
pub fn log(store: &dyn Store, state: &mut State, events: Vec<(Handeling, Onderwerp)>) {
    let mut out = Vec::new();
    for (h, o) in events {
        let repeat = matches!(h, Handeling::Gewijzigd | Handeling::Bekeken)
            && state.audit_laatst.as_ref().is_some_and(|(lh, lo)| *lh == h && *lo == o);
        if !repeat {
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

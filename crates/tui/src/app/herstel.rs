//! Recovery: what could not be saved when the worker quit (or the desk was stopped)
//! is written to a private file in `<data dir>/herstel/`, and the next start offers it back.
//! The file holds personal data: it is written 0600 (`loket_base::fs::write_private`), listed
//! by `loket inzage`, removed by erasure (`inzage --wis`) and by retention, and removed here as
//! soon as it is taken back. Reading and writing the files is done by the runtime ([`super::run`]);
//! this module is the format and the screen's part.

use serde::{Deserialize, Serialize};

use super::{ConfirmKind, Effect, Overlay, State};
use loket_domain::account::Recht;
use loket_domain::contact::{Contact, Status};

/// The folder in the data directory.
pub const MAP: &str = "herstel";

/// The file's format version (it is read by a later loket).
pub const VERSIE: u16 = 1;

/// One recovery file: the contact as it was on screen, the revision it was read at and the copy
/// the store last confirmed (to merge against, should another desk have changed it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Herstel {
    pub versie: u16,
    pub rev: u64,
    pub contact: Contact,
    #[serde(default)]
    pub basis: Option<Contact>,
    /// The close was pressed but not stored.
    #[serde(default)]
    pub afsluiten: bool,
}

impl Herstel {
    /// The file name for contact `id`.
    pub fn bestandsnaam(id: u64) -> String {
        format!("contact-{id}.json")
    }
}

/// What must go to a recovery file when the desk ends now: the open contact, when a write of it
/// is still waiting (`state.unsaved`).
pub fn te_bewaren(state: &State) -> Option<Herstel> {
    state.unsaved.as_ref()?;
    let cs = state.contact.as_ref()?;
    let afsluiten = super::sync::close_pending(state);
    if cs.contact.status != Status::Concept && !afsluiten {
        return None;
    }
    if cs.contact.is_blank() {
        return None;
    }
    Some(Herstel {
        versie: VERSIE,
        rev: cs.contact.rev,
        contact: cs.contact.clone(),
        basis: cs.basis.clone(),
        afsluiten,
    })
}

/// Something typed or decided still waits for the store (a draft, a close, a case change):
/// quitting must say so. (`state.unsaved` alone is not enough: a failed id reservation sets it
/// with nothing typed.)
pub fn wacht(state: &State) -> bool {
    state.unsaved.is_some()
        && (!state.pending_cases.is_empty()
            || super::sync::close_pending(state)
            || state
                .contact
                .as_ref()
                .is_some_and(|cs| !cs.read_only && cs.contact.status == Status::Concept && !cs.contact.is_blank()))
}

/// Recovery files found at start (path, content): kept until the worker who typed them is
/// signed in, then offered one at a time.
pub fn gevonden(state: &mut State, list: Vec<(std::path::PathBuf, Herstel)>) -> Vec<Effect> {
    state.herstel = list;
    aanbieden(state);
    Vec::new()
}

/// Offer the first recovery file of the worker signed in, when nothing else is open.
pub fn aanbieden(state: &mut State) {
    if !state.mag(Recht::ContactRegistreren) || state.contact.is_some() {
        return;
    }
    if !matches!(state.overlay, None | Some(Overlay::Confirm(ConfirmKind::ResumeDraft(_)))) {
        return;
    }
    let mw = state.medewerker.clone();
    if let Some(i) =
        state.herstel.iter().position(|(_, h)| h.contact.medewerker == mw || h.contact.medewerker.is_empty())
    {
        state.overlay = Some(Overlay::Confirm(ConfirmKind::Herstel(state.herstel[i].1.contact.id)));
    }
}

/// The worker takes the recovered contact back: it opens as a draft and is saved (merged with
/// the store's copy like any save); the file is removed.
pub fn terugnemen(state: &mut State, id: u64) -> Vec<Effect> {
    let Some(i) = state.herstel.iter().position(|(_, h)| h.contact.id == id) else { return Vec::new() };
    let (pad, h) = state.herstel.remove(i);
    let mut c = h.contact;
    c.rev = h.rev;
    let afsluiten = h.afsluiten || c.status != Status::Concept;
    c.status = Status::Concept;
    c.einde = None;
    super::contact::open(state, c.clone());
    if let Some(cs) = state.contact.as_mut() {
        cs.basis = h.basis.map(|b| Contact { rev: h.rev, ..b });
    }
    let k = state.key_hint(crate::keymap::Context::Contact, super::Action::CloseContact);
    state.info(if afsluiten {
        format!(
            "Hersteld: contact {id} staat weer open. Het afsluiten was nog niet opgeslagen: sluit het opnieuw af{k}."
        )
    } else {
        format!("Hersteld: contact {id} staat weer open, zoals het op het scherm stond.")
    });
    vec![Effect::SaveContact(Box::new(c)), Effect::HerstelWeg(pad)]
}

/// Not now: the file stays and is offered again at the next start.
pub fn later(state: &mut State, id: u64) {
    state.herstel.retain(|(_, h)| h.contact.id != id);
    state.info(format!(
        "Het herstelbestand van contact {id} blijft op deze pc bewaard en wordt bij de volgende start weer aangeboden."
    ));
}

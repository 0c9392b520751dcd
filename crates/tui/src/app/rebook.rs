//! Move or cancel the appointment of a case, from the queue or from the contact it came from.
//! The store does it in one transaction ([`loket_store::Store::rebook`]): the claim moves (or is
//! released) and the case is saved with its appointment and a raised `afspraak_volgnummer`. The
//! runtime then rewrites the confirmation (.txt) and the calendar file (.ics) at once.

use chrono::Duration;

use super::picker::{Picker, PickerKind};
use super::{ConfirmKind, Effect, Overlay, State};
use loket_domain::case::Case;
use loket_domain::slots::{slots_by_fit, Slot};

/// How many other times are offered (one picker page; a digit picks).
pub const AANGEBODEN: usize = 9;

/// The times offered for moving the appointment of case `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aanbod {
    pub case_id: u64,
    pub slots: Vec<Slot>,
}

fn case_of(state: &State, id: u64) -> Option<&Case> {
    state.backoffice.cases.iter().find(|c| c.id == id)
}

/// Offer other times with the same supporter, same kind of place, best fitting first.
pub fn open(state: &mut State, id: u64) -> Vec<Effect> {
    let Some(case) = case_of(state, id).cloned() else { return Vec::new() };
    if !case.is_open() {
        state.warn(format!("Dossier {id} is afgesloten; de afspraak kan niet meer worden verzet."));
        return Vec::new();
    }
    let bo = &state.backoffice;
    let Some(ond) = bo.ondersteuner(&case.ondersteuner_id).cloned() else {
        state.warn(format!("De cliëntondersteuner van dossier {id} is niet (meer) bekend."));
        return Vec::new();
    };
    let plek = case.afspraak.as_ref().map(|s| s.plek).unwrap_or(loket_domain::ondersteuning::Plek::Balie);
    let woon = loket_domain::slots::Woonplaats::new(
        case.client.as_ref().map(|c| c.gemeente.as_str()),
        case.client.as_ref().map(|c| c.wijk.as_str()),
    );
    let eigen = case.afspraak.as_ref().map(|s| s.start);
    let slots: Vec<Slot> = slots_by_fit(
        std::slice::from_ref(&ond),
        |oid| bo.booked.get(oid).cloned().unwrap_or_default(),
        state.now + Duration::minutes(30),
        super::handoff::DAYS_AHEAD,
        plek,
        woon,
        AANGEBODEN + 1,
    )
    .into_iter()
    .filter(|s| Some(s.start) != eigen)
    .take(AANGEBODEN)
    .collect();
    if slots.is_empty() {
        state.warn(format!(
            "Geen andere vrije tijd bij {} in de komende {} dagen.",
            ond.naam,
            super::handoff::DAYS_AHEAD
        ));
        return Vec::new();
    }
    let mut options = vec!["(terug)".to_string()];
    options.extend(slots.iter().map(|s| {
        format!(
            "{} {}–{}  {}",
            loket_domain::ics::datum_nl(s.start.date()),
            s.start.format("%H:%M"),
            s.eind.format("%H:%M"),
            s.locatie
        )
    }));
    state.queue.aanbod = Some(Aanbod { case_id: id, slots });
    state.overlay = Some(Overlay::Picker(Picker { kind: PickerKind::Verzetten, options, selected: 1 }));
    Vec::new()
}

/// The worker chose option `idx` (1-based as shown) of the offered times.
pub fn choose(state: &mut State, idx: usize) -> Vec<Effect> {
    state.overlay = None;
    let Some(aanbod) = state.queue.aanbod.take() else { return Vec::new() };
    let Some(slot) = idx.checked_sub(1).and_then(|i| aanbod.slots.get(i)).cloned() else { return Vec::new() };
    let Some(mut case) = case_of(state, aanbod.case_id).cloned() else { return Vec::new() };
    case.bijgewerkt_door = state.medewerker.clone();
    case.add_note(state.now, &format!("afspraak verzet naar {}", loket_domain::ics::datum_tijd_nl(slot.start)));
    state.info(format!("Afspraak van dossier {} wordt verzet…", case.id));
    vec![Effect::Rebook { case: Box::new(case), slot: Some(Box::new(slot)) }]
}

/// Ask before cancelling the appointment of case `id`.
pub fn ask_cancel(state: &mut State, id: u64) -> Vec<Effect> {
    match case_of(state, id) {
        Some(c) if c.afspraak.is_some() && c.is_open() => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::CancelAppointment(id)));
        }
        Some(_) => state.warn(format!("Dossier {id} heeft geen afspraak om af te zeggen.")),
        None => {}
    }
    Vec::new()
}

/// The worker confirmed: cancel the appointment of case `id`.
pub fn cancel(state: &mut State, id: u64) -> Vec<Effect> {
    let Some(mut case) = case_of(state, id).cloned() else { return Vec::new() };
    let Some(slot) = case.afspraak.clone() else { return Vec::new() };
    case.bijgewerkt_door = state.medewerker.clone();
    case.add_note(state.now, &format!("afspraak van {} afgezegd", loket_domain::ics::datum_tijd_nl(slot.start)));
    vec![Effect::Rebook { case: Box::new(case), slot: None }]
}

/// The case of the open contact (handed off from it), if any.
pub fn case_of_contact(state: &State) -> Option<u64> {
    let id = state.contact.as_ref()?.contact.id;
    state.backoffice.cases.iter().find(|c| c.contact_id == id).map(|c| c.id)
}

//! Building blocks for store-level tests: a saved complex draft, its closed copy, and the case a
//! handoff creates for it (the same shapes the desk makes).

use chrono::{NaiveDate, NaiveDateTime};
use loket::domain::case::{Case, Route};
use loket::domain::contact::{Afhandeling, Contact, Kanaal, TriageBesluit, Uitkomst};
use loket::store::Store;

/// Tuesday 1 December 2026, 10:00.
pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

/// A complex draft by `desk`, saved (with its id from the store and its revision).
pub fn complex_draft(store: &dyn Store, desk: &str, vraag: &str) -> Contact {
    let mut c = Contact::new(store.new_contact_id().unwrap(), Kanaal::Telefoon, now());
    c.vraag = vraag.into();
    c.medewerker = desk.into();
    c.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Complex,
        suggestie: Uitkomst::Complex,
        reden_afwijking: String::new(),
    });
    c.rev = store.save_contact(&c).unwrap();
    c
}

/// `c` closed as handed to the backoffice (what a handoff stores).
pub fn closed(c: &Contact) -> Contact {
    let mut c = c.clone();
    c.afhandeling = Some(Afhandeling::Backoffice);
    c.close(now()).unwrap();
    c
}

/// The new case of a handoff of `c` by `desk` (its id comes from the store).
pub fn new_case(c: &Contact, desk: &str) -> Case {
    let mut k = Case::new(0, c.id, "", Route::Clientondersteuning, "samenvatting", true, now());
    k.aangemaakt_door = desk.into();
    k.bijgewerkt_door = desk.into();
    k
}

//! Cases, bookings and supporters through the [`Store`]: small helpers the screens and tests
//! share. No double or overlapping booking: the store refuses it inside the transaction.

use chrono::NaiveDateTime;

use super::{Result, Store};
use loket_domain::case::Case;
use loket_domain::ondersteuning::Clientondersteuner;

pub use super::BookResult;

/// Start times of every booked appointment of one supporter, in time order.
pub fn booked_starts(store: &dyn Store, ondersteuner_id: &str) -> Result<Vec<NaiveDateTime>> {
    let mut v: Vec<NaiveDateTime> =
        store.bookings()?.value.into_iter().filter(|b| b.ondersteuner_id == ondersteuner_id).map(|b| b.start).collect();
    v.sort();
    Ok(v)
}

/// Save a case at its revision.
pub fn save_case(store: &dyn Store, case: &Case) -> Result<u64> {
    store.save_case(case)
}

pub fn load_case(store: &dyn Store, id: u64) -> Result<Option<Case>> {
    store.case(id)
}

/// Every readable case, by id.
pub fn load_cases(store: &dyn Store) -> Result<Vec<Case>> {
    Ok(store.cases()?.value)
}

/// All readable cases, and a message per record that could not be read.
pub fn load_cases_lenient(store: &dyn Store) -> Result<(Vec<Case>, Vec<String>)> {
    let l = store.cases()?;
    Ok((l.value, l.skipped))
}

pub fn save_ondersteuners(store: &dyn Store, onds: &[Clientondersteuner]) -> Result<()> {
    store.save_ondersteuners(onds)
}

/// Every readable supporter, by id.
pub fn load_ondersteuners(store: &dyn Store) -> Result<Vec<Clientondersteuner>> {
    Ok(store.ondersteuners()?.value)
}

//! Booking appointments without double booking, and keeping backoffice cases.
//!
//! The guard is one atomic insert-if-absent ([`Store::insert_new`]) in [`Tree::Slots`] on the key
//! `ondersteuner_id ++ 0u8 ++ start` (start as i64 minutes since 1970-01-01 00:00 local wall-clock
//! time, big-endian, so a supporter's slots sort by time). The value is the case id. Only the
//! winner of that claim writes the case; a loser gets [`BookResult::Taken`]. If writing the case
//! fails, the claim is released again, so a slot is never held by a case that was not saved.

use chrono::{DateTime, NaiveDateTime};

use super::{get_value, id_key, put_value, scan_values, Op, Result, Store, Tree};
use crate::domain::case::Case;
use crate::domain::ondersteuning::Clientondersteuner;
use crate::domain::slots::Slot;

/// Outcome of [`book`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookResult {
    /// The slot is ours; the case as saved (with `afspraak` set to the slot).
    Booked(Box<Case>),
    /// Someone else booked this slot first.
    Taken,
}

fn minutes(start: NaiveDateTime) -> i64 {
    start.and_utc().timestamp().div_euclid(60)
}

fn from_minutes(m: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp(m.checked_mul(60)?, 0).map(|d| d.naive_utc())
}

fn prefix(ondersteuner_id: &str) -> Vec<u8> {
    let mut k = ondersteuner_id.as_bytes().to_vec();
    k.push(0);
    k
}

/// The key of one slot in [`Tree::Slots`].
pub fn slot_key(ondersteuner_id: &str, start: NaiveDateTime) -> Vec<u8> {
    let mut k = prefix(ondersteuner_id);
    k.extend_from_slice(&minutes(start).to_be_bytes());
    k
}

/// Book `slot` for `case`: claim it atomically, then save the case with `afspraak = slot`.
///
/// Booking the slot the case already holds again is a no-op success. When the case held another
/// slot, that one is released after the new one is won (rescheduling).
pub fn book(store: &dyn Store, slot: &Slot, case: &Case) -> Result<BookResult> {
    let key = slot_key(&slot.ondersteuner_id, slot.start);
    let owner = id_key(case.id);
    let claimed_now = store.insert_new(Tree::Slots, &key, &owner)?;
    if !claimed_now {
        let ours = store.get(Tree::Slots, &key)?.is_some_and(|v| v == owner);
        if !ours {
            return Ok(BookResult::Taken);
        }
    }
    // The claim is on the exact start. A claim of another case at another start that overlaps
    // (blocks at two locations, or a slot list made before another booking) means this time is
    // not free after all: give the claim back. Two such claims racing may both give up; neither
    // is ever double booked.
    if claimed_now && overlaps_other_claim(store, slot, &key, &owner)? {
        let _ = store.apply(Tree::Slots, vec![Op::Delete(key)]);
        return Ok(BookResult::Taken);
    }
    let mut saved = case.clone();
    saved.ondersteuner_id = slot.ondersteuner_id.clone();
    saved.afspraak = Some(slot.clone());
    if let Err(e) = save_case(store, &saved) {
        let _ = store.apply(Tree::Slots, vec![Op::Delete(key)]);
        return Err(e);
    }
    if let Some(old) = &case.afspraak {
        if old.ondersteuner_id != slot.ondersteuner_id || old.start != slot.start {
            release(store, &old.ondersteuner_id, old.start, case.id)?;
        }
    }
    Ok(BookResult::Booked(Box::new(saved)))
}

/// Does another case hold a claim on this supporter that overlaps `slot`? (A supporter's slots
/// all have the same length.)
fn overlaps_other_claim(store: &dyn Store, slot: &Slot, key: &[u8], owner: &[u8]) -> Result<bool> {
    let p = prefix(&slot.ondersteuner_id);
    let len = slot.eind - slot.start;
    for kv in store.scan(Tree::Slots, &p) {
        let (k, v) = kv?;
        if k == key || v == owner {
            continue;
        }
        let Ok(bytes) = <[u8; 8]>::try_from(&k[p.len()..]) else { continue };
        let Some(other) = from_minutes(i64::from_be_bytes(bytes)) else { continue };
        if other < slot.eind && slot.start < other + len {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Free a slot, but only if `case_id` holds it. Returns whether it was freed.
pub fn release(store: &dyn Store, ondersteuner_id: &str, start: NaiveDateTime, case_id: u64) -> Result<bool> {
    let key = slot_key(ondersteuner_id, start);
    match store.get(Tree::Slots, &key)? {
        Some(v) if v == id_key(case_id) => {
            store.delete(Tree::Slots, &key)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Start times of every booked slot of one supporter, in time order.
pub fn booked_starts(store: &dyn Store, ondersteuner_id: &str) -> Result<Vec<NaiveDateTime>> {
    let p = prefix(ondersteuner_id);
    let mut out = Vec::new();
    for kv in store.scan(Tree::Slots, &p) {
        let (k, _) = kv?;
        let rest = &k[p.len()..];
        if let Ok(bytes) = <[u8; 8]>::try_from(rest) {
            if let Some(t) = from_minutes(i64::from_be_bytes(bytes)) {
                out.push(t);
            }
        }
    }
    Ok(out)
}

/// Save (insert or replace) a case under its id.
pub fn save_case(store: &dyn Store, case: &Case) -> Result<()> {
    put_value(store, Tree::Cases, &id_key(case.id), case)
}

pub fn load_case(store: &dyn Store, id: u64) -> Result<Option<Case>> {
    get_value(store, Tree::Cases, &id_key(id))
}

/// Every case, by id.
pub fn load_cases(store: &dyn Store) -> Result<Vec<Case>> {
    scan_values(store, Tree::Cases, &[])
}

/// All readable cases, and a message per record that could not be read.
pub fn load_cases_lenient(store: &dyn Store) -> Result<(Vec<Case>, Vec<String>)> {
    super::scan_values_lenient(store, Tree::Cases, b"")
}

/// Save supporters in [`Tree::Ondersteuners`] under their id (replacing the same ids).
pub fn save_ondersteuners(store: &dyn Store, onds: &[Clientondersteuner]) -> Result<()> {
    let mut ops = Vec::with_capacity(onds.len());
    for o in onds {
        let bytes = super::encode(o).map_err(|source| super::StoreError::Codec {
            tree: Tree::Ondersteuners.name(),
            key: o.id.clone(),
            source,
        })?;
        ops.push(Op::Put(o.id.as_bytes().to_vec(), bytes));
    }
    store.apply(Tree::Ondersteuners, ops)
}

/// Every stored supporter, by id.
pub fn load_ondersteuners(store: &dyn Store) -> Result<Vec<Clientondersteuner>> {
    scan_values(store, Tree::Ondersteuners, &[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::Route;
    use crate::domain::ondersteuning::Plek;
    use crate::store::SledStore;
    use chrono::NaiveDate;

    fn slot(id: &str, h: u32) -> Slot {
        let start = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(h, 0, 0).unwrap();
        Slot {
            ondersteuner_id: id.into(),
            start,
            eind: start + chrono::Duration::minutes(45),
            locatie: "Loket".into(),
            plek: Plek::Balie,
        }
    }

    fn case(id: u64) -> Case {
        let now = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap().and_hms_opt(9, 0, 0).unwrap();
        Case::new(id, 1, "a", Route::Clientondersteuning, "vraag", true, now)
    }

    #[test]
    fn second_booking_of_a_slot_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let BookResult::Booked(c) = book(&s, &slot("a", 9), &case(1)).unwrap() else { panic!("first wins") };
        assert_eq!(c.afspraak, Some(slot("a", 9)));
        assert_eq!(book(&s, &slot("a", 9), &case(2)).unwrap(), BookResult::Taken);
        assert!(matches!(book(&s, &slot("a", 9), &c).unwrap(), BookResult::Booked(_)), "same case again is fine");
        assert!(matches!(book(&s, &slot("ab", 9), &case(3)).unwrap(), BookResult::Booked(_)));
        assert_eq!(booked_starts(&s, "a").unwrap(), vec![slot("a", 9).start]);
        assert_eq!(load_cases(&s).unwrap().len(), 2);
    }

    #[test]
    fn rescheduling_frees_the_old_slot() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let BookResult::Booked(c) = book(&s, &slot("a", 9), &case(1)).unwrap() else { panic!() };
        let BookResult::Booked(c) = book(&s, &slot("a", 11), &c).unwrap() else { panic!() };
        assert_eq!(booked_starts(&s, "a").unwrap(), vec![slot("a", 11).start]);
        assert_eq!(load_case(&s, 1).unwrap(), Some(*c));
        assert!(!release(&s, "a", slot("a", 11).start, 99).unwrap(), "only the owner frees a slot");
    }

    #[test]
    fn an_overlapping_slot_at_another_start_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert!(matches!(book(&s, &slot("a", 9), &case(1)).unwrap(), BookResult::Booked(_)));
        // 9:30–10:15 overlaps 9:00–9:45 (e.g. a block at another location)
        let mut half = slot("a", 9);
        half.start += chrono::Duration::minutes(30);
        half.eind += chrono::Duration::minutes(30);
        assert_eq!(book(&s, &half, &case(2)).unwrap(), BookResult::Taken);
        assert_eq!(booked_starts(&s, "a").unwrap(), vec![slot("a", 9).start], "the failed claim was given back");
        // right after it is fine
        let mut next = slot("a", 9);
        next.start += chrono::Duration::minutes(45);
        next.eind += chrono::Duration::minutes(45);
        assert!(matches!(book(&s, &next, &case(3)).unwrap(), BookResult::Booked(_)));
    }

    #[test]
    fn booking_its_own_slot_again_keeps_the_claim() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let BookResult::Booked(c) = book(&s, &slot("a", 9), &case(1)).unwrap() else { panic!() };
        // an overlapping claim of another case that got in earlier (e.g. made by an older loket)
        let mut half = slot("a", 9);
        half.start += chrono::Duration::minutes(30);
        assert!(s.insert_new(Tree::Slots, &slot_key("a", half.start), &id_key(2)).unwrap());
        assert!(matches!(book(&s, &slot("a", 9), &c).unwrap(), BookResult::Booked(_)));
        assert!(booked_starts(&s, "a").unwrap().contains(&slot("a", 9).start), "own claim kept");
    }

    #[test]
    fn key_sorts_by_time() {
        assert!(slot_key("a", slot("a", 9).start) < slot_key("a", slot("a", 10).start));
        assert_eq!(from_minutes(minutes(slot("a", 9).start)), Some(slot("a", 9).start));
    }
}

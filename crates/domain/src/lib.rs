//! Domain types and rules: plain Rust, no UI, no I/O.

pub mod account;
pub mod beheer;
pub mod beschikbaarheid;
pub mod bewaren;
pub mod brief;
pub mod briefhoofd;
pub mod bsn;
pub mod case;
pub mod case_merge;
pub mod contact;
pub mod contact_merge;
pub mod danger;
pub mod eligibility;
pub mod hours;
pub mod ics;
pub mod kaart;
pub mod leeftijd;
pub mod mantelzorg;
pub mod ondersteuning;
pub mod plaatsen;
pub mod rapport;
pub mod slots;
pub mod suggest;
pub mod triage;

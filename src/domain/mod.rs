//! Domain types and rules: plain Rust, no UI, no I/O.

pub mod hours;
pub mod kaart;

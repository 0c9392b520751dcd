//! loket — the front-office desk program of a lokaal loket Wonen, Welzijn, Zorg.
//!
//! The program is a Cargo workspace whose crates depend one way only (an upward import does not
//! compile):
//!
//! ```text
//! loket (this crate: the binary, cli, commands, demo, report)
//!   └─ loket-tui (app, ui, keymap)
//!        └─ loket-interchange (HSDS import and export)
//!             └─ loket-store (store, auth, zoekindex)
//!                  ├─ loket-config
//!                  └─ loket-catalog (the searchable sociale kaart)
//!                       ├─ loket-search (the search engine)
//!                       └─ loket-domain (types and rules: no UI, no I/O)
//!                            └─ loket-base (files, text folding)
//! ```
//!
//! This crate re-exports each of them under the module name it had before the split, so
//! `loket::domain::...`, `loket::store::...` and the others keep working.

pub use loket_base as base;
pub use loket_catalog as catalog;
pub use loket_config as config;
pub use loket_domain as domain;
pub use loket_interchange as interchange;
pub use loket_search as search;
pub use loket_store as store;
pub use loket_store::{auth, zoekindex};
pub use loket_tui::{app, keymap, overzicht, ui};

pub mod api;
pub mod cli;
pub mod cli_nl;
pub mod commands;
pub mod demo;
pub mod logboek;
pub mod report;

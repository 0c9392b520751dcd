//! loket — the front-office desk program of a lokaal loket Wonen, Welzijn, Zorg.
//!
//! Dependency direction is one way: `ui` → `app` → `domain` / `search` / `store`.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod demo;
pub mod domain;
pub mod interchange;
pub mod keymap;
pub mod report;
pub mod search;
pub mod store;
pub mod ui;
pub mod zoekindex;

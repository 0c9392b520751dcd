//! The terminal user interface: the update loop and its screens (`app`), drawing (`ui`) and the
//! keymaps (`keymap`).

pub mod app;
pub mod keymap;
pub mod overzicht;
pub mod ui;

//! Small helpers that every crate of loket shares: private files, and text folding for search
//! and recognition.

pub mod fs;
pub mod platform;
pub mod text;

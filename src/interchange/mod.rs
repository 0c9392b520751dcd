//! HSDS 3.0 (and older 1.x/2.0 tabular) import and export.

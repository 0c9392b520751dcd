//! The bodies of the fuzz targets in `fuzz/` (cargo-fuzz), kept here so the test suite replays
//! the same code over the seed corpus and random input on stable Rust. Each must never panic
//! or hang, whatever the bytes.

use std::collections::BTreeMap;

use super::{export, jsonparse, read_files, ImportOptions};

/// The JSON reader: never panics, and accepts exactly what serde_json accepts (within the
/// nesting depth both allow).
pub fn json(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let ours = jsonparse::parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        let deep = ours.as_ref().err().is_some_and(|e| e.msg == "te diep genest")
            || theirs.as_ref().err().is_some_and(|e| e.to_string().contains("recursion limit"));
        if !deep {
            assert_eq!(ours.is_ok(), theirs.is_ok(), "jsonparse and serde_json disagree on {text:?}: {ours:?}");
        }
    }
    let mut files = BTreeMap::new();
    files.insert("services.json".to_string(), data.to_vec());
    run(files);
}

const FILES_3: &[&str] = &[
    "datapackage.json",
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "service_at_location.csv",
    "phones.csv",
    "schedules.csv",
    "attributes.csv",
    "taxonomy_terms.csv",
    "cost_options.csv",
];

const FILES_1X: &[&str] = &[
    "data/organizations.csv",
    "data/services.csv",
    "data/locations.csv",
    "data/services_at_location.csv",
    "data/phones.csv",
    "data/regular_schedules.csv",
    "data/languages.csv",
    "data/eligibility.csv",
    "data/services_taxonomy.csv",
    "data/taxonomy.csv",
    "data/physical_addresses.csv",
    "datapackage.json",
];

/// Split `data` at NUL bytes into the files named in `names`.
fn split(data: &[u8], names: &[&str]) -> BTreeMap<String, Vec<u8>> {
    data.split(|&b| b == 0).zip(names).map(|(chunk, name)| (name.to_string(), chunk.to_vec())).collect()
}

/// The tabular reader with datapackage.json (3.0 layout): the input is the files, separated by NUL.
pub fn package(data: &[u8]) {
    run(split(data, FILES_3));
}

/// The 1.x/2.0 reader (resources under data/): the input is the files, separated by NUL.
pub fn legacy(data: &[u8]) {
    run(split(data, FILES_1X));
}

fn run(files: BTreeMap<String, Vec<u8>>) {
    let opts = ImportOptions { skip_invalid: true, ..Default::default() };
    if let Ok((kaart, report)) = read_files(files, "fuzz", &opts) {
        assert_eq!(report.voorzieningen, kaart.voorzieningen.len());
        // What was read can be written out again.
        let terms = export::Terms::new();
        for rec in export::records(&kaart) {
            let _ = export::export_value(rec, &terms, false);
        }
    }
}

//! The key tables of `docs/handleiding.md` are checked against the real keymap files, so the
//! handleiding never names a key that does something else. A row of such a table reads
//!
//! `| scherm | standaard | functietoetsen | wat | actie |`
//!
//! where `scherm` is a table of the keymap (`overal` for `[global]`), the two key columns list
//! the keys in backticks (`—` for none), and `actie` is the action in backticks. Each key column
//! must name exactly the keys the keymap binds to that action there. And every action of the
//! desk's screens that a keymap binds has a row (navigation keys shared by every list aside).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// context → action → keys, as the file binds them (lowercase).
type Bindings = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

fn keymap(file: &str) -> Bindings {
    let text = std::fs::read_to_string(root().join("keymaps").join(file)).unwrap();
    let table: toml::Table = text.parse().unwrap();
    let mut out = Bindings::new();
    for (ctx, v) in table {
        let Some(t) = v.as_table() else { continue };
        for (key, action) in t {
            out.entry(ctx.clone())
                .or_default()
                .entry(action.as_str().unwrap().to_string())
                .or_default()
                .insert(key.to_lowercase());
        }
    }
    out
}

/// The keys named in a cell, written for people (`↑`, `PgDn`, `shift-Tab`, `F2`), as the keymap
/// spells them.
fn keys_in_cell(cell: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, part) in cell.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        let mut k = part.to_lowercase();
        for (from, to) in [
            ("↑", "up"),
            ("↓", "down"),
            ("←", "left"),
            ("→", "right"),
            ("pgdn", "pagedown"),
            ("pgup", "pageup"),
            ("shift-tab", "backtab"),
        ] {
            k = k.replace(from, to);
        }
        out.insert(k);
    }
    out
}

struct Row {
    line: usize,
    ctx: String,
    standaard: BTreeSet<String>,
    functietoetsen: BTreeSet<String>,
    action: String,
}

fn rows(doc: &str) -> Vec<Row> {
    let mut out = Vec::new();
    for (i, line) in doc.lines().enumerate() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| a | b | c | d | e |" splits into 7 pieces, the first and last empty
        if cells.len() != 7 || !cells[5].starts_with('`') || !cells[5].ends_with('`') || cells[1] == "scherm" {
            continue;
        }
        let ctx = if cells[1] == "overal" { "global".to_string() } else { cells[1].to_string() };
        out.push(Row {
            line: i + 1,
            ctx,
            standaard: keys_in_cell(cells[2]),
            functietoetsen: keys_in_cell(cells[3]),
            action: cells[5].trim_matches('`').to_string(),
        });
    }
    out
}

#[test]
fn the_keys_in_the_handleiding_are_the_keys_of_the_keymaps() {
    let doc = std::fs::read_to_string(root().join("docs/handleiding.md")).unwrap();
    let maps = [("standaard", keymap("default.toml")), ("functietoetsen", keymap("functietoetsen.toml"))];
    let rows = rows(&doc);
    assert!(rows.len() >= 60, "the handleiding has its key tables ({} rows found)", rows.len());
    let mut fout = Vec::new();
    for r in &rows {
        for (naam, map) in &maps {
            assert!(map.contains_key(&r.ctx), "docs/handleiding.md:{}: no keymap table [{}]", r.line, r.ctx);
            let bound = map.get(&r.ctx).and_then(|a| a.get(&r.action)).cloned().unwrap_or_default();
            let written = if *naam == "standaard" { &r.standaard } else { &r.functietoetsen };
            if &bound != written {
                fout.push(format!(
                    "docs/handleiding.md:{}: [{}] {} in {naam}: the handleiding says {written:?}, the keymap binds {bound:?}",
                    r.line, r.ctx, r.action
                ));
            }
        }
    }
    // every action of the desk's screens has its row
    let generic = [
        "next",
        "previous",
        "page_down",
        "page_up",
        "first",
        "last",
        "confirm",
        "cancel",
        "next_field",
        "previous_field",
    ];
    let desk = ["global", "kaart", "contact", "triage", "overdracht", "wachtrij", "contactlijst", "rapport", "beheer"];
    for (naam, map) in &maps {
        for ctx in desk {
            for action in map.get(ctx).map(|a| a.keys().cloned().collect::<Vec<_>>()).unwrap_or_default() {
                let documented = rows.iter().any(|r| r.ctx == ctx && r.action == action);
                if !documented && !generic.contains(&action.as_str()) && !action.starts_with("choose_") {
                    fout.push(format!("[{ctx}] {action} ({naam}) has no row in docs/handleiding.md"));
                }
            }
        }
    }
    assert!(fout.is_empty(), "{}", fout.join("\n"));
}

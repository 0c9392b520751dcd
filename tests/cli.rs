//! The headless commands: `loket zoek`, and a locked data directory.

use std::process::Command;

use loket::catalog::Catalog;
use loket::store::SledStore;

fn loket(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_loket")).args(args).arg("--data-dir").arg(dir).output().unwrap()
}

#[test]
fn zoek_prints_the_same_ranking_as_the_tui() {
    let dir = tempfile::tempdir().unwrap();
    let out = loket(&["zoek", "parkeerk", "--json", "--limit", "5"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["naam"], "Gehandicaptenparkeerkaart");
    assert_eq!(hits[0]["soort"], "regeling");
    // the TUI's search on the same data gives the same order
    let cat = Catalog::build(loket::demo::demo_kaart());
    let mut s = loket::search::Searcher::default();
    let r = cat.search(&mut s, "parkeerk", &Default::default(), 5);
    let names: Vec<String> = r.hits.iter().map(|h| cat.entry(cat.doc(h.doc)).naam().to_string()).collect();
    let cli: Vec<String> = hits.as_array().unwrap().iter().map(|h| h["naam"].as_str().unwrap().to_string()).collect();
    assert_eq!(cli, names);
}

#[test]
fn zoek_plain_text_and_nothing_found() {
    let dir = tempfile::tempdir().unwrap();
    let out = loket(&["zoek", "dagbest", "hoensbroek"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("  1.   Dagbesteding"), "{text}");
    let out = loket(&["zoek", "qqqqzzzz"], dir.path());
    assert_eq!(String::from_utf8_lossy(&out.stdout), "Niets gevonden.\n");
}

#[test]
fn locked_data_dir_exits_non_zero_with_a_dutch_message() {
    let dir = tempfile::tempdir().unwrap();
    let _held = SledStore::open(dir.path()).unwrap();
    let out = loket(&["zoek", "x"], dir.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is al in gebruik door een ander loket"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn tui_refuses_without_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = loket(&[], dir.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("heeft een terminal nodig"));
}

#[test]
fn data_dir_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["zoek", "veilig", "thuis"])
        .env("LOKET_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        dir.path().join("db").exists() || std::fs::read_dir(dir.path()).unwrap().count() > 0,
        "the store was created in LOKET_DATA_DIR"
    );
}

/// Issue 10, C9: a bad `kanaal` in the config file stops loket before the TUI, naming file and line.
#[test]
fn a_bad_kanaal_in_the_config_file_is_reported_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cfg.path().join("loket")).unwrap();
    std::fs::write(cfg.path().join("loket/config.toml"), "keymap = \"standaard\"\nkanaal = \"fax\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--data-dir")
        .arg(dir.path())
        .env("XDG_CONFIG_HOME", cfg.path())
        .env_remove("LOKET_KEYMAP")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:2:") && err.contains("\"fax\" bestaat niet"), "{err}");
}

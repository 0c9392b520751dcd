//! The headless commands: `loket zoek`, and a locked data directory.

mod common;

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

/// `loket zoek "" --json --limit 100000 | head -1`: the reader goes away after one line; loket
/// must end quietly (no panic, no message, exit 0).
#[test]
fn zoek_into_a_closed_pipe_ends_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    // enough records that the output is far larger than a pipe's buffer
    let out = loket(&["genereer", "3000"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["zoek", "", "--json", "--limit", "100000", "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert_eq!(first.trim(), "[");
    // the reader is dropped here, like `head -1` exiting
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "no message on a closed pipe: {err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}

/// A relative data directory is made absolute against the current directory at start, so the
/// store is the same one whatever later changes the working directory.
#[test]
fn a_relative_data_dir_is_made_absolute_against_the_current_dir() {
    let cwd = tempfile::tempdir().unwrap();
    for (how, env) in [("--data-dir", false), ("LOKET_DATA_DIR", true)] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
        cmd.current_dir(cwd.path()).args(["genereer", "5"]);
        if env {
            cmd.env("LOKET_DATA_DIR", "gegevens-env");
        } else {
            cmd.args(["--data-dir", "gegevens-flag"]);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{how}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        let want = cwd.path().canonicalize().unwrap().join(if env { "gegevens-env" } else { "gegevens-flag" });
        assert!(text.contains(&format!("naar {}", want.display())), "{how}: the absolute path is reported: {text}");
        assert!(want.exists(), "{how}: store created in {}", want.display());
    }
}

/// An empty LOKET_DATA_DIR (or --data-dir "") is a mistake: a Dutch error, not clap's English one.
#[test]
fn an_empty_data_dir_gives_a_dutch_error() {
    let cwd = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .current_dir(cwd.path())
        .args(["zoek", "x"])
        .env("LOKET_DATA_DIR", "")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("LOKET_DATA_DIR is leeg"), "{err}");
    assert!(!err.contains("error:") && !err.contains("required"), "no English: {err}");
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .current_dir(cwd.path())
        .args(["zoek", "x", "--data-dir", ""])
        .env_remove("LOKET_DATA_DIR")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("--gegevensmap is leeg"), "{err}");
    assert_eq!(std::fs::read_dir(cwd.path()).unwrap().count(), 0, "nothing written in the current directory");
}

/// A partial result says so, in text and in JSON.
#[test]
fn zoek_marks_partial_matches() {
    let dir = tempfile::tempdir().unwrap();
    let out = loket(&["zoek", "regiotaxi", "kapperszaak"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Niet alle woorden gevonden"), "{text}");
    assert!(text.contains("Wmo"), "{text}");
    let out = loket(&["zoek", "regiotaxi", "kapperszaak", "--json"], dir.path());
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["alle_woorden"], false);
    let out = loket(&["zoek", "regiotaxi", "--json"], dir.path());
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits[0]["alle_woorden"], true);
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
    assert!(err.contains("config.toml:2:") && err.contains("onbekend kanaal 'fax'"), "{err}");
}

/// Issue 13: `loket rapport` gives counts only: the free text of an unmet need never appears.
#[test]
fn rapport_prints_counts_only_never_the_unmet_need_text() {
    use loket::domain::contact::{Afhandeling, Contact, Kanaal, Levensdomein};
    let dir = tempfile::tempdir().unwrap();
    {
        let store = loket::cli::open_store(dir.path()).unwrap();
        let t = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let mut c = Contact::new(loket::store::Store::new_contact_id(store.as_ref()).unwrap(), Kanaal::Telefoon, t);
        c.vraag = "Zoon met autisme in Ulrum zoekt een maatje".into();
        c.afhandeling = Some(Afhandeling::GeenPassendAanbod {
            wat: "maatje voor zoon met autisme in Ulrum".into(),
            domein: Some(Levensdomein::Welzijn),
        });
        c.status = loket::domain::contact::Status::Afgesloten;
        c.einde = Some(t);
        loket::store::Store::save_contact(store.as_ref(), &c).unwrap();
    }
    for json in [false, true] {
        let mut args = vec!["rapport"];
        if json {
            args.push("--json");
        }
        let out = loket(&args, dir.path());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success());
        assert!(!text.contains("autisme") && !text.contains("Ulrum") && !text.contains("maatje"), "{text}");
        assert!(text.contains("welzijn"), "the domain is counted: {text}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("autisme") && !err.contains("Ulrum"), "{err}");
    }
    // and the whole no-leaks check (issue 13): rapport, its stderr, every file outside the store
    common::leaks::assert_no_leaks(
        dir.path(),
        "",
        &["Zoon met autisme in Ulrum zoekt een maatje", "maatje voor zoon met autisme in Ulrum"],
    );
}

/// Issue 13: the data directory is 0700 and every file loket writes there is 0600 (not readable
/// by other users of the machine).
#[test]
fn the_data_directory_and_its_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("gegevens");
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["genereer", "5", "--data-dir"])
        .arg(&dir)
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "data directory {mode:o}");
    let mut seen = 0;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let e = e.unwrap();
            let m = e.metadata().unwrap();
            let mode = m.permissions().mode() & 0o777;
            if m.is_dir() {
                assert_eq!(mode & 0o077, 0, "{}: {mode:o}", e.path().display());
                stack.push(e.path());
            } else {
                assert_eq!(mode & 0o077, 0, "{}: {mode:o}", e.path().display());
                seen += 1;
            }
        }
    }
    assert!(seen > 0, "the store wrote files");
}

/// Issue 13: after `migreer --naar`, loket offers to wipe the embedded copy (it holds the same
/// personal data); "j" wipes it, anything else keeps it.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn migreer_offers_to_wipe_the_embedded_copy() {
    use std::io::Write;
    for (answer, wiped) in [("j\n", true), ("n\n", false)] {
        let Some(url) = common::pg::fresh_db("migreer_wipe") else { return };
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("gegevens");
        assert!(loket(&["genereer", "3"], &data).status.success());
        let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["migreer", "--naar", &url, "--data-dir"])
            .arg(&data)
            .env("LOKET_CONFIG", "/nonexistent/loket.toml")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
        assert!(text.contains("Gemigreerd") && text.contains("wissen?"), "{text}");
        assert_eq!(!data.exists(), wiped, "{answer:?}: {text}");
    }
}

/// Support needs to know what runs where: the version names the commit and the stored layouts.
#[test]
fn version_names_the_commit_and_the_stored_layouts() {
    let out = Command::new(env!("CARGO_BIN_EXE_loket")).arg("--version").output().unwrap();
    assert!(out.status.success());
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.starts_with("loket 0."), "{s}");
    assert!(s.contains("commit "), "{s}");
    assert!(s.contains(&format!("opslagindeling {}", loket::store::sled_store::LAYOUT)), "{s}");
    let schema = loket::store::pg::MIGRATIONS.last().unwrap().0;
    assert!(s.contains(&format!("databaseschema {schema}")), "{s}");
}

/// `loket regels` (for the fzf comparison) prints the text loket searches: all five fields of
/// every entry, so a word found only in a description or a keyword is on its line too.
#[test]
fn regels_prints_the_five_fields_the_search_index_gets() {
    let dir = tempfile::tempdir().unwrap();
    let out = loket(&["regels"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let kaart = loket::demo::demo_kaart();
    assert_eq!(text.lines().count(), kaart.voorzieningen.len() + kaart.regelingen.len());
    let v = kaart.voorzieningen.iter().find(|v| !v.trefwoorden.is_empty() && !v.beschrijving.is_empty()).unwrap();
    let regel = text.lines().find(|l| l.starts_with(&format!("{} |", v.naam))).expect("its line");
    assert_eq!(regel.split(" | ").count(), 5, "{regel}");
    assert!(regel.contains(&v.trefwoorden[0]), "keywords: {regel}");
    let begin: String = v.beschrijving.chars().take(30).collect();
    assert!(regel.contains(begin.replace('\n', " ").as_str()), "description: {regel}");
}

//! Every kind of keymap error is reported with file:line, by the library and by the binary
//! (`loket --check-keymaps --keymap FILE` exits non-zero before any TUI opens).

use std::process::Command;

use loket::keymap::Keymap;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/keymaps/{name}.toml", env!("CARGO_MANIFEST_DIR"))
}

fn errors_of(name: &str) -> Vec<String> {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap();
    Keymap::parse(&format!("{name}.toml"), &text).expect_err("fixture must be rejected").errors
}

#[test]
fn unknown_action() {
    assert_eq!(errors_of("unknown_action"), vec!["unknown_action.toml:6: [kaart] onbekende actie \"filter_wett\""]);
}

#[test]
fn bad_chord() {
    assert_eq!(
        errors_of("bad_chord"),
        vec!["bad_chord.toml:3: [global] ongeldige toets \"hyper-x\": onbekende toets 'hyper-x'"]
    );
}

#[test]
fn chord_bound_twice_even_when_spelled_differently() {
    assert_eq!(
        errors_of("duplicate_chord"),
        vec!["duplicate_chord.toml:7: [kaart] toets \"ctrl-n\" is twee keer gebonden (ook op regel 5)"]
    );
}

#[test]
fn prefix_clash() {
    assert_eq!(
        errors_of("prefix_clash"),
        vec!["prefix_clash.toml:7: [kaart] \"g g\" begint met \"g\" (regel 5), dat al een eigen actie heeft"]
    );
}

#[test]
fn prefix_clash_with_global() {
    assert_eq!(
        errors_of("prefix_clash_global"),
        vec!["prefix_clash_global.toml:5: [kaart] \"ctrl-x ctrl-s\" begint met \"ctrl-x\" (regel 2), dat al een eigen actie heeft"]
    );
}

#[test]
fn unknown_context() {
    let e = errors_of("unknown_context");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("unknown_context.toml:4: onbekende context [zoeken]"), "{e:?}");
}

#[test]
fn toml_syntax_error() {
    let e = errors_of("toml_syntax");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("toml_syntax.toml:3: ongeldige TOML"), "{e:?}");
}

#[test]
fn action_must_be_text() {
    assert_eq!(
        errors_of("action_not_text"),
        vec!["action_not_text.toml:2: [global] \"ctrl-q\": de actie moet tekst zijn"]
    );
}

#[test]
fn all_errors_are_listed_not_just_the_first() {
    let src = "[global]\n\"hyper-x\" = \"quit\"\n\"f1\" = \"nope\"\n";
    let e = Keymap::parse("two.toml", src).unwrap_err().errors;
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].starts_with("two.toml:2:") && e[1].starts_with("two.toml:3:"), "{e:?}");
}

#[test]
fn binary_rejects_each_fixture_with_file_and_line() {
    let cases = [
        ("unknown_action", ":6:"),
        ("bad_chord", ":3:"),
        ("duplicate_chord", ":7:"),
        ("prefix_clash", ":7:"),
        ("unknown_context", ":4:"),
        ("toml_syntax", ":3:"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, line) in cases {
        let path = fixture(name);
        let out = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["--check-keymaps", "--keymap", &path, "--data-dir"])
            .arg(dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(2), "{name}: {stdout}");
        assert!(stdout.contains(&format!("{path}{line}")), "{name}: expected {path}{line} in {stdout}");
    }
}

#[test]
fn binary_accepts_the_bundled_keymaps() {
    let out = Command::new(env!("CARGO_BIN_EXE_loket")).args(["--check-keymaps"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("keymaps/default.toml: in orde"), "{stdout}");
    assert!(stdout.contains("keymaps/functietoetsen.toml: in orde"), "{stdout}");
}

#[test]
fn tui_does_not_start_with_a_bad_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--keymap", &fixture("unknown_action"), "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown_action.toml:6: [kaart] onbekende actie"), "{stderr}");
}

#[test]
fn every_action_is_bound_in_the_default_keymap() {
    let km = Keymap::standard();
    let bound = km.bound_actions();
    for a in loket::app::Action::all() {
        assert!(bound.contains(&a), "action {} has no key in keymaps/default.toml", a.name());
    }
}

#[test]
fn keymap_chosen_in_the_config_file_is_used_and_checked() {
    let cfg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(cfg.path().join("loket")).unwrap();
    let bad = fixture("prefix_clash");
    std::fs::write(cfg.path().join("loket/config.toml"), format!("keymap = \"{bad}\"\n")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--check-keymaps"])
        .env("XDG_CONFIG_HOME", cfg.path())
        .env_remove("LOKET_KEYMAP")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("prefix_clash.toml:7:"), "{stdout}");
    // the flag wins over the config file
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--check-keymaps", "--keymap", "functietoetsen"])
        .env("XDG_CONFIG_HOME", cfg.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

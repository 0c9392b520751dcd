//! `docs/configuratie.md` is the reference of every config key and environment variable. These
//! tests hold it to the code: a key the config file reader accepts, or an environment variable
//! the program reads, that the reference does not name fails here; and the defaults it gives
//! are the ones `loket config` prints on a machine without config files.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn reference() -> String {
    std::fs::read_to_string(root().join("docs/configuratie.md")).unwrap()
}

/// The keys `load_from` in the config crate matches on: `k == "naam"` and `"naam" =>` arms, and
/// the retention terms of `[bewaartermijnen]`.
fn keys_in_the_reader() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("crates/config/src/lib.rs")).unwrap();
    let start = src.find("pub fn load_from").expect("the reader");
    let end = src[start..].find("\nfn bewaartermijnen(").map(|i| start + i).expect("its end");
    let reader = &src[start..end];
    let mut keys = Vec::new();
    let ident = |s: &str| s.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect::<String>();
    for pat in ["k == \"", "\n            \""] {
        for (i, _) in reader.match_indices(pat) {
            let rest = &reader[i + pat.len()..];
            let k = ident(rest);
            let after = &rest[k.len()..];
            let arm = pat.starts_with('\n') && after.starts_with("\" =>");
            if !k.is_empty() && (pat.starts_with('k') || arm) {
                keys.push(k);
            }
        }
    }
    keys.extend(loket::config::TERMIJNEN.iter().map(|t| t.to_string()));
    keys.sort();
    keys.dedup();
    keys
}

#[test]
fn every_config_key_is_in_the_reference() {
    let keys = keys_in_the_reader();
    for expected in ["keymap", "database", "kanaal", "bewaartermijnen", "contact_maanden"] {
        assert!(keys.iter().any(|k| k == expected), "the scan finds {expected}: {keys:?}");
    }
    let doc = reference();
    let missing: Vec<&String> =
        keys.iter().filter(|k| !doc.contains(&format!("`{k}`")) && !doc.contains(&format!("`[{k}]`"))).collect();
    assert!(missing.is_empty(), "config keys missing from docs/configuratie.md: {missing:?}");
    assert!(doc.contains("### `[bewaartermijnen]`"));
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The environment variables the program reads: `"LOKET_…"` literals anywhere in its source,
/// and the names passed to `env::var` / `env::var_os`.
fn env_vars_in_the_code() -> Vec<String> {
    let mut files = vec![root().join("build.rs")];
    rust_files(&root().join("src"), &mut files);
    rust_files(&root().join("crates"), &mut files);
    let mut vars = Vec::new();
    let name = |s: &str| {
        s.chars().take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_').collect::<String>()
    };
    for f in files {
        let src = std::fs::read_to_string(&f).unwrap();
        for (i, _) in src.match_indices("\"LOKET_") {
            vars.push(name(&src[i + 1..]));
        }
        for pat in ["env::var(\"", "env::var_os(\""] {
            for (i, _) in src.match_indices(pat) {
                vars.push(name(&src[i + pat.len()..]));
            }
        }
    }
    vars.retain(|v| !v.is_empty());
    vars.sort();
    vars.dedup();
    vars
}

#[test]
fn every_environment_variable_the_program_reads_is_in_the_reference() {
    let vars = env_vars_in_the_code();
    for expected in ["LOKET_CONFIG", "LOKET_DATABASE_URL", "LOKET_BSN_SLEUTEL", "NO_COLOR", "PGSSLROOTCERT"] {
        assert!(vars.iter().any(|v| v == expected), "the scan finds {expected}: {vars:?}");
    }
    let doc = reference();
    let missing: Vec<&String> = vars.iter().filter(|v| !doc.contains(&format!("`{v}"))).collect();
    assert!(missing.is_empty(), "environment variables missing from docs/configuratie.md: {missing:?}");
}

/// The default column of the reference's row for `key`.
fn documented_default(doc: &str, key: &str) -> String {
    let row = doc
        .lines()
        .find(|l| l.starts_with(&format!("| `{key}` |")))
        .unwrap_or_else(|| panic!("docs/configuratie.md has no row for {key}"));
    row.split('|').nth(2).unwrap().trim().to_string()
}

/// What `loket config` prints without any config file is what the reference calls the default.
#[test]
fn the_defaults_in_the_reference_are_the_ones_loket_config_prints() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("config")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LOKET_CONFIG", home.path().join("geen.toml"))
        .env("LOKET_SYSTEEMCONFIG", home.path().join("geen-systeem.toml"))
        .env("LOKET_DATA_DIR", home.path().join("data"))
        .env_remove("LOKET_DATABASE_URL")
        .env_remove("LOKET_KEYMAP")
        .env_remove("LOKET_MEDEWERKER")
        .env_remove("LOKET_BSN_SLEUTEL")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let doc = reference();
    let mut checked = 0;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("# ") {
            // "# database = (niet ingesteld: …)": no default value
            if let Some((key, _)) = rest.split_once(" = (niet ingesteld") {
                let d = documented_default(&doc, key);
                assert!(d.starts_with("geen"), "{key}: loket config says no default, the reference says {d}");
                checked += 1;
            }
            continue;
        }
        let Some((key, rest)) = line.split_once(" = ") else { continue };
        let (value, origin) = rest.split_once('#').map(|(v, o)| (v.trim(), o.trim())).unwrap_or((rest.trim(), ""));
        assert_eq!(origin, "standaard", "without config files every value is the default: {line}");
        let d = documented_default(&doc, key);
        assert!(d.starts_with(&format!("`{value}`")), "{key}: loket config prints {value}, the reference says {d}");
        checked += 1;
    }
    // the tables are no keys of their own
    let keys = keys_in_the_reader().into_iter().filter(|k| k != "bewaartermijnen" && k != "loket").count();
    assert_eq!(checked, keys, "every key's default checked:\n{text}");
}

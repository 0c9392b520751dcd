//! The no-leaks check of issue 13: no name, phone, BSN or question text on stderr, in
//! `loket rapport`, or in any file loket wrote outside its store — except the inzage and
//! appointment files, which are for the person and the supporter.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The store's own files (sled): encrypted BSN, personal data that belongs there.
fn is_store_file(rel: &Path) -> bool {
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    // a rewritten store keeps sled's files in a generation directory `opslag.<n>` (issue 18)
    matches!(first.as_str(), "conf" | "db" | "blobs") || first.starts_with("snap.") || first.starts_with("opslag.")
}

/// Files where personal data is meant to be: the appointment and inzage files.
fn is_for_the_person(rel: &Path) -> bool {
    rel.starts_with("afspraken") || rel.starts_with("inzage")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// Run `loket ARGS --data-dir DATA` and return stdout (stderr is checked for leaks too).
pub fn loket(data: &Path, args: &[&str], stdin: Option<&str>) -> (String, String, bool) {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(data)
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env("LOKET_MEDEWERKER", "Proef")
        .env("LOKET_BSN_SLEUTEL", super::TEST_BSN_KEY)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

/// Assert that none of `secrets` is on `stderr`, in `loket rapport` (text, JSON, CSV, HTML) over `data`,
/// or in any file under `data` outside the store, the appointment and the inzage files.
pub fn assert_no_leaks(data: &Path, stderr: &str, secrets: &[&str]) {
    assert_no_leaks_in(&[data], None, stderr, secrets);
}

/// As [`assert_no_leaks`], for desks on a shared PostgreSQL database (`database`): personal data
/// lives in the database, so every file under each desk's directory in `dirs` is checked (none is
/// the store's), and `rapport` runs against the database (with `dirs[0]` as its data dir).
/// Without a database, `dirs` are embedded stores and their own files are left out.
pub fn assert_no_leaks_in(dirs: &[&Path], database: Option<&str>, stderr: &str, secrets: &[&str]) {
    let data = dirs[0];
    let with_db = |args: &[&'static str]| -> Vec<String> {
        let mut v: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if let Some(url) = database {
            v.extend(["--database".to_string(), url.to_string()]);
        }
        v
    };
    let run = |args: &[&'static str]| {
        let v = with_db(args);
        let a: Vec<&str> = v.iter().map(String::as_str).collect();
        loket(data, &a, None)
    };
    let (rapport, rapport_err, ok) = run(&["rapport"]);
    assert!(ok, "rapport failed: {rapport_err}");
    let (json, json_err, ok) = run(&["rapport", "--json"]);
    assert!(ok, "rapport --json failed: {json_err}");
    let (csv, csv_err, ok) = run(&["rapport", "--csv"]);
    assert!(ok, "rapport --csv failed: {csv_err}");
    let (html, html_err, ok) = run(&["rapport", "--html"]);
    assert!(ok, "rapport --html failed: {html_err}");
    assert!(rapport.contains("Contacten:"), "{rapport}");
    for s in secrets.iter().filter(|s| !s.is_empty()) {
        assert!(!stderr.contains(s), "'{s}' on stderr:\n{stderr}");
        assert!(!rapport.contains(s) && !rapport_err.contains(s), "'{s}' in rapport:\n{rapport}");
        assert!(!json.contains(s) && !json_err.contains(s), "'{s}' in rapport --json:\n{json}");
        assert!(!csv.contains(s) && !csv_err.contains(s), "'{s}' in rapport --csv:\n{csv}");
        assert!(!html.contains(s) && !html_err.contains(s), "'{s}' in rapport --html:\n{html}");
        for dir in dirs {
            for f in files(dir) {
                let rel = f.strip_prefix(dir).unwrap().to_path_buf();
                if (database.is_none() && is_store_file(&rel)) || is_for_the_person(&rel) {
                    continue;
                }
                assert!(!rel.to_string_lossy().contains(s), "'{s}' in a file name: {}", f.display());
                let bytes = std::fs::read(&f).unwrap_or_default();
                assert!(
                    !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                    "'{s}' in {} (a file outside the store)",
                    f.display()
                );
            }
        }
    }
}

/// The audit log as `loket audit` shows it (the chain checked: fails when broken).
pub fn audit_log(data: &Path) -> String {
    let (out, err, ok) = loket(data, &["audit"], None);
    assert!(ok, "loket audit: {out}{err}");
    out
}

/// Does the log have an entry `handeling` of `onderwerp` (e.g. "bekeken", "dossier 1")?
pub fn logged(log: &str, handeling: &str, onderwerp: &str) -> bool {
    log.lines().any(|l| {
        let cols: Vec<&str> = l.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
        cols.contains(&handeling) && cols.contains(&onderwerp)
    })
}

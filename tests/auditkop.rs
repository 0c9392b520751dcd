//! Issue 18, defect 8 (part): a wiped or truncated audit log must not pass. The log's head and
//! length are kept outside the store as well (`auditkop` in the data directory), and
//! `loket audit --controleer` fails when the log no longer reaches them.

mod common;

use chrono::NaiveDate;
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use loket::store::{SledStore, Store};
use std::path::Path;
use std::process::Command;

fn g(i: u64) -> Gebeurtenis {
    let op = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, 0, 0).unwrap();
    Gebeurtenis::new(op, "Anna", Handeling::Bekeken, Onderwerp::Contact(i))
}

/// `loket audit --controleer` over `dir`: (exit 0?, stdout).
fn controleer(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["audit", "--controleer", "--data-dir"])
        .arg(dir)
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env("LOKET_MEDEWERKER", "Proef")
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
}

/// Cut the last entry off, and set the store's own head back to fit: the chain itself holds.
fn truncate_sled(s: &SledStore) {
    let ruw = s.audit_raw().unwrap();
    let (last, _) = ruw.regels.last().unwrap().clone();
    let (prev, prev_bytes) = ruw.regels[ruw.regels.len() - 2].clone();
    s.raw_del_for_test("audit_log", &last.to_be_bytes());
    s.raw_put("audit_meta", b"kop", &audit::kop_bytes(prev, &audit::hash(&prev_bytes))).unwrap();
}

#[test]
fn a_truncated_or_wiped_embedded_log_fails_the_check() {
    let dir = tempfile::tempdir().unwrap();
    // a fresh store passes
    let (ok, text) = controleer(dir.path());
    assert!(ok && text.contains("Keten in orde: 0 regels"), "{text}");
    {
        let s = SledStore::open(dir.path()).unwrap();
        s.audit_append(&[g(1), g(2)]).unwrap();
        s.audit_append(&[g(3)]).unwrap();
    }
    let (ok, text) = controleer(dir.path());
    assert!(ok && text.contains("Keten in orde"), "{text}");
    assert!(dir.path().join(audit::KOP_BESTAND).exists());

    // truncated, head and all
    {
        let s = SledStore::open(dir.path()).unwrap();
        truncate_sled(&s);
        let (text, ok) = loket::commands::audit::controleer(&s).unwrap();
        assert!(!ok, "{text}");
    }
    let (ok, text) = controleer(dir.path());
    assert!(!ok, "a truncated log passed: {text}");
    assert!(text.contains("FOUT") && text.contains("ingekort"), "{text}");
    // appending after the cut does not make it pass again
    {
        let s = SledStore::open(dir.path()).unwrap();
        s.audit_append(&[g(4)]).unwrap();
    }
    let (ok, text) = controleer(dir.path());
    assert!(!ok, "{text}");
    assert!(text.contains("wijkt af"), "{text}");

    // wiped: the store's files gone, the data directory kept
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        if matches!(name.as_str(), "conf" | "db" | "blobs") || name.starts_with("snap.") || name.starts_with("opslag") {
            if e.path().is_dir() {
                std::fs::remove_dir_all(e.path()).unwrap();
            } else {
                std::fs::remove_file(e.path()).unwrap();
            }
        }
    }
    let (ok, text) = controleer(dir.path());
    assert!(!ok, "a wiped log passed: {text}");
    assert!(text.contains("FOUT") && text.contains("is leeg"), "{text}");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_truncated_log_on_postgres_fails_the_check() {
    let Some(url) = common::pg::fresh_db("auditkop") else { return };
    let dir = tempfile::tempdir().unwrap();
    let s = loket::store::PgStore::connect(&url).unwrap().met_kop_in(dir.path());
    assert!(loket::commands::audit::controleer(&s).unwrap().1, "fresh");
    s.audit_append(&[g(1), g(2)]).unwrap();
    s.audit_append(&[g(3)]).unwrap();
    assert!(loket::commands::audit::controleer(&s).unwrap().1);
    // the last entry deleted, the head set back
    let mut c = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    c.execute("DELETE FROM audit_log WHERE nr = 3", &[]).unwrap();
    let prev: Vec<u8> = c.query_one("SELECT data FROM audit_log WHERE nr = 2", &[]).unwrap().get(0);
    c.execute("UPDATE audit_kop SET kop = $1 WHERE id = 1", &[&audit::kop_bytes(2, &audit::hash(&prev))]).unwrap();
    let (text, ok) = loket::commands::audit::controleer(&s).unwrap();
    assert!(!ok && text.contains("ingekort"), "{text}");
    // wiped
    c.batch_execute("DELETE FROM audit_log; UPDATE audit_kop SET kop = NULL").unwrap();
    let (text, ok) = loket::commands::audit::controleer(&s).unwrap();
    assert!(!ok && text.contains("is leeg"), "{text}");
}

//! Issue 18, defect 1: a kill at any write point of the embedded store's rewrite
//! (`SledStore::compacteer`, run by `loket opschonen`, `inzage --wis` / `--corrigeer` and the
//! daily retention) loses nothing. The real binary is ended abruptly (`abort`, as `kill -9`
//! would) at each named point (`LOKET_STORINGSPUNT`); the next open must have every contact,
//! dossier and audit entry.

mod common;

use chrono::NaiveDateTime;
use loket::domain::case::{Case, Route};
use loket::domain::contact::{Afhandeling, Contact, Kanaal, Status};
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use loket::store::{SledStore, Store};
use std::path::Path;
use std::process::Command;

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// A closed contact made at `when`.
fn contact(store: &dyn Store, when: NaiveDateTime, vraag: &str) -> Contact {
    let id = store.new_contact_id().unwrap();
    let mut c = Contact::new(id, Kanaal::Telefoon, when);
    c.client.naam = format!("Persoon {id}");
    c.vraag = vraag.into();
    c.afhandeling = Some(Afhandeling::InformatieGegeven);
    c.status = Status::Afgesloten;
    c.einde = Some(when + chrono::Duration::minutes(5));
    c.bijgewerkt = when;
    c.rev = store.save_contact(&c).unwrap();
    c
}

/// What a store holds that must survive: (contact id, question), dossier ids, audit length.
struct Stand {
    contacten: Vec<(u64, String)>,
    dossiers: Vec<u64>,
    audit: usize,
}

fn stand(store: &dyn Store) -> Stand {
    let mut contacten: Vec<_> = store.contacts().unwrap().value.into_iter().map(|c| (c.id, c.vraag)).collect();
    contacten.sort();
    let mut dossiers: Vec<_> = store.cases().unwrap().value.into_iter().map(|k| k.id).collect();
    dossiers.sort();
    let audit = audit::controleer(&store.audit_raw().unwrap()).expect("the chain holds").len();
    Stand { contacten, dossiers, audit }
}

/// A store with recent contacts, one that is past its retention period (so `opschonen` rewrites
/// the store), a dossier and audit entries.
fn prepare(dir: &Path) -> Stand {
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let s = SledStore::open(dir).unwrap();
    let recent = now() - chrono::Duration::days(2);
    let old = now() - chrono::Duration::days(400);
    contact(&s, old, "verlopen vraag");
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(contact(&s, recent, &format!("recente vraag {i} {}", "x".repeat(200))).id);
    }
    let mut k = Case::new(900, ids[0], "grn-oa-1", Route::Clientondersteuning, "dossier", true, recent);
    k.rev = s.save_case(&k).unwrap();
    for i in 0..30 {
        s.audit_append(&[Gebeurtenis::new(recent, "Anna", Handeling::Bekeken, Onderwerp::Contact(ids[i % 20]))])
            .unwrap();
    }
    stand(&s)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn loket(dir: &Path, args: &[&str], punt: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loket"));
    cmd.args(args)
        .arg("--data-dir")
        .arg(dir)
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .env("LOKET_MEDEWERKER", "Proef")
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .env_remove("LOKET_STORINGSPUNT");
    if let Some(p) = punt {
        cmd.env("LOKET_STORINGSPUNT", p);
    }
    cmd.output().unwrap()
}

/// The files under `dir` that hold `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files_containing(&p, needle));
        } else if std::fs::read(&p).unwrap().windows(needle.len()).any(|w| w == needle.as_bytes()) {
            out.push(p);
        }
    }
    out
}

/// After the run: every contact (the expired one maybe anonymised, its question gone), every
/// dossier, at least every audit entry, and the chain holds, in-process and for `loket audit
/// --controleer`.
fn assert_nothing_lost(dir: &Path, before: &Stand, punt: &str) {
    {
        let s = SledStore::open(dir).unwrap_or_else(|e| panic!("{punt}: the store does not open: {e}"));
        let after = stand(&s);
        let ids = |v: &[(u64, String)]| v.iter().map(|c| c.0).collect::<Vec<_>>();
        assert_eq!(ids(&after.contacten), ids(&before.contacten), "{punt}: contacts lost");
        for c in before.contacten.iter().filter(|c| c.1.starts_with("recente")) {
            assert!(after.contacten.contains(c), "{punt}: contact {} changed or lost", c.0);
        }
        assert_eq!(after.dossiers, before.dossiers, "{punt}: dossiers lost");
        assert!(after.audit >= before.audit, "{punt}: audit log {} < {}", after.audit, before.audit);
    }
    let out = loket(dir, &["audit", "--controleer"], None);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{punt}: {text} {}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("Keten in orde") && !text.contains(" 0 regels"), "{punt}: {text}");
}

#[test]
fn a_kill_at_every_write_point_of_the_rewrite_loses_nothing() {
    let base = tempfile::tempdir().unwrap();
    let prepared = base.path().join("voorbereid");
    let before = prepare(&prepared);
    assert!(!loket::store::sled_store::HERSCHRIJF_PUNTEN.is_empty());
    for (i, punt) in loket::store::sled_store::HERSCHRIJF_PUNTEN.iter().enumerate() {
        let dir = base.path().join(format!("proef{i}"));
        copy_dir(&prepared, &dir);
        let out = loket(&dir, &["opschonen"], Some(punt));
        // the point was reached: the process ended there, abruptly
        assert!(
            !out.status.success(),
            "{punt}: not reached ({})",
            String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr)
        );
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(out.status.signal(), Some(libc::SIGABRT), "{punt}: {:?}", out);
        }
        assert_nothing_lost(&dir, &before, punt);
        // and a run that is not interrupted finishes the job
        let out = loket(&dir, &["opschonen"], None);
        assert!(out.status.success(), "{punt}: {}", String::from_utf8_lossy(&out.stderr));
        assert_nothing_lost(&dir, &before, punt);
        assert_eq!(files_containing(&dir, "verlopen vraag"), Vec::<std::path::PathBuf>::new(), "{punt}");
    }
    // uninterrupted from the start: the expired question is gone from every file
    let dir = base.path().join("heel");
    copy_dir(&prepared, &dir);
    let out = loket(&dir, &["opschonen"], None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_nothing_lost(&dir, &before, "zonder onderbreking");
    assert_eq!(files_containing(&dir, "verlopen vraag"), Vec::<std::path::PathBuf>::new());
    assert!(dir.join(loket::store::sled_store::HUIDIG).exists());
}

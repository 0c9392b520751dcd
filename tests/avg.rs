//! Issue 13 (AVG): the audit log, retention, inzage, erasure and rectification, on both
//! backends, against the real stores.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use loket::commands::{audit as audit_cmd, inzage, opschonen};
use loket::domain::bewaren::Bewaartermijnen;
use loket::domain::case::{Case, Route, Stap};
use loket::domain::contact::{Afhandeling, Contact, Kanaal, Levensdomein, Status};
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use loket::store::{SledStore, Store};

const NAAM: &str = "Wilhelmina Zuidbroek";
const TELEFOON: &str = "0687654321";
const BSN: &str = "123456782";
const VRAAG: &str = "mijn dochter met autisme in Uithuizermeeden";

fn key() {
    // a test key, never the user's key file
    std::env::set_var("LOKET_BSN_SLEUTEL", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
}

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

fn g(op: NaiveDateTime, h: Handeling, o: Onderwerp) -> Gebeurtenis {
    Gebeurtenis::new(op, "Anna", h, o)
}

/// A closed contact of the person, with a question and an unmet need.
fn contact_of(store: &dyn Store, when: NaiveDateTime) -> Contact {
    let id = store.new_contact_id().unwrap();
    let mut c = Contact::new(id, Kanaal::Telefoon, when);
    c.client.naam = NAAM.into();
    c.client.telefoon = TELEFOON.into();
    c.client.bsn = Some(BSN.into());
    c.vraag = VRAAG.into();
    c.levensdomeinen.push(Levensdomein::Welzijn);
    c.afhandeling = Some(Afhandeling::GeenPassendAanbod { wat: String::new(), domein: Some(Levensdomein::Welzijn) });
    c.status = Status::Afgesloten;
    c.einde = Some(when + chrono::Duration::minutes(12));
    c.bijgewerkt = when;
    c.rev = store.save_contact(&c).unwrap();
    c
}

/// A case for contact `c` (with consent: her name and phone go along); the contact is handed off
/// to the backoffice first, as a dossier's contact always is (the shared database holds to that).
fn case_of(store: &dyn Store, c: &Contact, when: NaiveDateTime, closed: bool) -> Case {
    let mut doorgezet = store.contact(c.id).unwrap().unwrap();
    doorgezet.afhandeling = Some(Afhandeling::Backoffice);
    store.save_contact(&doorgezet).unwrap();
    let mut k = Case::new(100 + c.id, c.id, "grn-oa-1", Route::Clientondersteuning, VRAAG, true, when);
    k.client = Some(loket::domain::contact::ClientGegevens { bsn: None, ..c.client.clone() });
    k.add_note(when, "gesprek met Wilhelmina over haar dochter");
    if closed {
        k.stap = Stap::Afgesloten;
    }
    k.rev = store.save_case(&k).unwrap();
    k
}

/// Every byte of every file under `dir`.
fn bytes_under(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push((p.clone(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

fn files_containing(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    bytes_under(dir)
        .into_iter()
        .filter(|(_, b)| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
        .map(|(p, _)| p)
        .collect()
}

fn report_of(store: &dyn Store) -> String {
    serde_json::to_string(&loket::report::build(&store.contacts().unwrap().value, None, None)).unwrap()
}

// ---------------------------------------------------------------- audit log, both backends

fn audit_chain_holds_and_prunes_with_a_checkpoint(store: &dyn Store) {
    assert!(audit::controleer(&store.audit_raw().unwrap()).unwrap().is_empty());
    store.audit_append(&[g(at(2020, 1, 1), Handeling::Bekeken, Onderwerp::Contact(1))]).unwrap();
    store
        .audit_append(&[
            g(at(2020, 1, 2), Handeling::Gewijzigd, Onderwerp::Contact(1)),
            g(at(2026, 1, 2), Handeling::Aangemaakt, Onderwerp::Dossier(4)),
        ])
        .unwrap();
    let regels = audit::controleer(&store.audit_raw().unwrap()).unwrap();
    assert_eq!(regels.iter().map(|r| r.nr).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert_eq!(regels[2].onderwerp, Onderwerp::Dossier(4));
    assert_eq!(regels[2].wie, "Anna");
    // the two entries of 2020 go; a checkpoint keeps the rest checkable
    let cp = g(at(2026, 6, 1), Handeling::Controlepunt { tot_nr: 0, hash: [0; 32] }, Onderwerp::Geen);
    assert_eq!(store.audit_prune(at(2025, 1, 1), &cp).unwrap(), 2);
    let regels = audit::controleer(&store.audit_raw().unwrap()).unwrap();
    assert_eq!(regels.iter().map(|r| r.nr).collect::<Vec<_>>(), vec![3, 4]);
    assert!(matches!(regels[1].handeling, Handeling::Controlepunt { tot_nr: 2, .. }));
    store.audit_append(&[g(at(2026, 7, 1), Handeling::Bekeken, Onderwerp::Dossier(4))]).unwrap();
    assert_eq!(audit::controleer(&store.audit_raw().unwrap()).unwrap().len(), 3);
    // nothing older: nothing pruned, no new checkpoint
    assert_eq!(store.audit_prune(at(2025, 1, 1), &cp).unwrap(), 0);
    assert_eq!(store.audit_raw().unwrap().regels.len(), 3);
}

#[test]
fn audit_chain_sled() {
    let dir = tempfile::tempdir().unwrap();
    audit_chain_holds_and_prunes_with_a_checkpoint(&SledStore::open(dir.path()).unwrap());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn audit_chain_pg() {
    let Some(url) = common::pg::fresh_db("avg_audit_chain") else { return };
    audit_chain_holds_and_prunes_with_a_checkpoint(&loket::store::PgStore::connect(&url).unwrap());
}

/// Altering the bytes of any stored entry makes `loket audit` report the break at that entry.
#[test]
fn altering_any_stored_entry_is_reported_by_loket_audit() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    for i in 0..4 {
        s.audit_append(&[g(at(2026, 11, 1 + i), Handeling::Bekeken, Onderwerp::Contact(u64::from(i)))]).unwrap();
    }
    let (text, ok) = audit_cmd::controleer(&s).unwrap();
    assert!(ok && text.contains("4 regels"), "{text}");
    for nr in 1u64..=4 {
        let key = nr.to_be_bytes();
        let good = s.raw_get("audit_log", &key).unwrap().unwrap();
        // a changed worker name, a changed record id, a changed hash byte
        for at_byte in [good.len() / 2, good.len() - 1, 5] {
            let mut bad = good.clone();
            bad[at_byte] ^= 0x20;
            s.raw_put("audit_log", &key, &bad).unwrap();
            let (text, ok) = audit_cmd::toon(&s).unwrap();
            assert!(!ok, "entry {nr} byte {at_byte} changed but the chain holds:\n{text}");
            assert!(
                text.contains(&format!("regel {nr}:")) || text.contains(&format!("regel {}:", nr + 1)),
                "entry {nr} byte {at_byte}: {text}"
            );
            s.raw_put("audit_log", &key, &good).unwrap();
        }
    }
    // a removed entry
    let two = s.raw_get("audit_log", &2u64.to_be_bytes()).unwrap().unwrap();
    s.raw_del_for_test("audit_log", &2u64.to_be_bytes());
    let (text, ok) = audit_cmd::controleer(&s).unwrap();
    assert!(!ok && text.contains("regel 3"), "{text}");
    s.raw_put("audit_log", &2u64.to_be_bytes(), &two).unwrap();
    assert!(audit_cmd::controleer(&s).unwrap().1);
}

// ---------------------------------------------------------------- retention

fn retention_keeps_the_counts_and_removes_the_person(store: &dyn Store, dir: &std::path::Path) {
    key();
    let old = contact_of(store, at(2026, 3, 2));
    let handed = contact_of(store, at(2023, 5, 2));
    let old_case = case_of(store, &handed, at(2023, 5, 2), true);
    let recent = contact_of(store, at(2026, 11, 20));
    let open_case = case_of(store, &recent, at(2026, 11, 20), false);
    std::fs::create_dir_all(dir.join("afspraken")).unwrap();
    std::fs::write(dir.join("afspraken").join("afspraak-1.txt"), NAAM).unwrap();
    let before = report_of(store);
    let now = at(2026, 12, 1);
    // the files were written today; a clock 4 months on makes them old
    let n = opschonen::run(store, dir, &Bewaartermijnen::default(), now, "Anna").unwrap();
    assert_eq!((n.contacten, n.dossiers), (2, 1), "{n}");
    assert_eq!(n.afspraakbestanden, 0, "written today");
    assert_eq!(report_of(store), before, "the report counts the same before and after");
    let c = store.contact(old.id).unwrap().unwrap();
    assert!(c.client.naam.is_empty() && c.client.telefoon.is_empty() && c.client.bsn.is_none() && c.vraag.is_empty());
    let k = store.case(old_case.id).unwrap().unwrap();
    assert!(k.client.is_none() && k.samenvatting.is_empty() && k.notities.iter().all(|n| n.tekst.is_empty()));
    // the recent contact and its open case keep their data
    assert_eq!(store.contact(recent.id).unwrap().unwrap().client.naam, NAAM);
    assert_eq!(store.case(open_case.id).unwrap().unwrap().samenvatting, VRAAG);
    // every removal is in the audit log, with its reason
    let regels = audit::controleer(&store.audit_raw().unwrap()).unwrap();
    for o in [Onderwerp::Contact(old.id), Onderwerp::Contact(handed.id), Onderwerp::Dossier(old_case.id)] {
        assert!(regels
            .iter()
            .any(|r| r.onderwerp == o && r.handeling == Handeling::Gewist && r.reden.contains("bewaartermijn")));
    }
    // four months later everything of the person is gone, and so is the appointment file
    let later = at(2027, 4, 1);
    let n = opschonen::run(store, dir, &Bewaartermijnen::default(), later, "Anna").unwrap();
    assert_eq!(n.afspraakbestanden, 1);
    assert_eq!(report_of(store), before);
}

#[test]
fn retention_sled_leaves_no_name_phone_or_question_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = SledStore::open(dir.path()).unwrap();
        retention_keeps_the_counts_and_removes_the_person(&s, dir.path());
        // the open case from November is still within its period: close it and let it expire
        let mut k = s.cases().unwrap().value.into_iter().find(|k| k.is_open()).unwrap();
        k.stap = Stap::Afgesloten;
        s.save_case(&k).unwrap();
        opschonen::run(&s, dir.path(), &Bewaartermijnen::default(), at(2029, 6, 1), "Anna").unwrap();
        for needle in [NAAM, TELEFOON, BSN, VRAAG, "Wilhelmina"] {
            assert_eq!(
                files_containing(dir.path(), needle),
                Vec::<std::path::PathBuf>::new(),
                "{needle} still on disk"
            );
        }
        // the store still works after its rewrite
        assert!(audit::controleer(&s.audit_raw().unwrap()).is_ok());
        assert!(s.contacts().unwrap().value.len() >= 3);
    }
    // and opens again
    let s = SledStore::open(dir.path()).unwrap();
    assert!(s.contacts().unwrap().value.len() >= 3);
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn retention_pg() {
    let Some(url) = common::pg::fresh_db("avg_retention") else { return };
    let dir = tempfile::tempdir().unwrap();
    retention_keeps_the_counts_and_removes_the_person(&loket::store::PgStore::connect(&url).unwrap(), dir.path());
}

/// Issue 18, defect 7: on the shared database retention is not run at a desk's start (it took
/// locks every desk waited on); the scheduled `loket opschonen` does it.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn retention_pg_does_not_run_at_a_desks_start() {
    let Some(url) = common::pg::fresh_db("avg_retention_start") else { return };
    let dir = tempfile::tempdir().unwrap();
    let store = loket::store::PgStore::connect(&url).unwrap();
    key();
    let old = contact_of(&store, at(2026, 3, 2));
    let t = Bewaartermijnen::default();
    // the desk's start
    assert!(opschonen::dagelijks(&store, dir.path(), &t, at(2026, 12, 1), "Anna").unwrap().is_none());
    assert_eq!(store.contact(old.id).unwrap().unwrap().client.naam, NAAM, "retention ran at a desk's start");
    assert!(!dir.path().join(opschonen::LAATST).exists());
    // the scheduled job
    let n = opschonen::run(&store, dir.path(), &t, at(2026, 12, 1), "Anna").unwrap();
    assert_eq!(n.contacten, 1, "{n}");
    assert!(store.contact(old.id).unwrap().unwrap().client.naam.is_empty());
}

/// Issue 18, defect 7: retention's clean-up on PostgreSQL is a plain VACUUM, which waits for no
/// desk: with a desk's transaction reading `contacten`, VACUUM FULL would wait for it to end.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn retention_pg_vacuum_takes_no_exclusive_lock() {
    let Some(url) = common::pg::fresh_db("avg_vacuum") else { return };
    let store = loket::store::PgStore::connect(&url).unwrap();
    key();
    contact_of(&store, at(2026, 3, 2));
    let mut desk = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    let mut tx = desk.transaction().unwrap();
    tx.query_one("SELECT count(*) FROM contacten", &[]).unwrap();
    let (done, wait) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(store.compacteer().map_err(|e| e.to_string()));
    });
    let r = wait.recv_timeout(std::time::Duration::from_secs(10));
    tx.rollback().unwrap();
    let r = r.expect("compacteer waited for a desk's transaction (an exclusive lock)");
    assert!(r.is_ok(), "{r:?}");
}

#[test]
fn retention_runs_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    let t = Bewaartermijnen::default();
    assert!(opschonen::dagelijks(&s, dir.path(), &t, at(2026, 12, 1), "Anna").unwrap().is_some());
    assert!(opschonen::dagelijks(&s, dir.path(), &t, at(2026, 12, 1) + chrono::Duration::hours(3), "Anna")
        .unwrap()
        .is_none());
    assert!(opschonen::dagelijks(&s, dir.path(), &t, at(2026, 12, 2), "Anna").unwrap().is_some());
}

// ---------------------------------------------------------------- inzage, erasure, rectification

fn inzage_wis_corrigeer(store: &dyn Store, dir: &std::path::Path) {
    key();
    let a = contact_of(store, at(2026, 11, 2));
    let b = contact_of(store, at(2026, 11, 9));
    let k = case_of(store, &b, at(2026, 11, 9), false);
    let mut other = contact_of(store, at(2026, 11, 10));
    other.client.naam = "Jan Anders".into();
    other.client.telefoon = "0611111111".into();
    other.client.bsn = None;
    other.vraag = "iets anders".into();
    other.rev = store.save_contact(&other).unwrap();
    let before = report_of(store);
    // found by name (any case), by phone (any spacing) and by BSN (sealed in the store)
    for term in ["wilhelmina zuidbroek", "06-8765 4321", "123 456 782"] {
        let f = inzage::zoek(store, term).unwrap();
        let mut ids: Vec<u64> = f.contacten.iter().map(|c| c.id).collect();
        ids.sort_unstable();
        assert_eq!(ids, vec![a.id, b.id], "{term}");
        assert_eq!(f.dossiers.iter().map(|k| k.id).collect::<Vec<_>>(), vec![k.id], "{term}");
    }
    let (file, _) = inzage::inzage(store, dir, BSN, "Anna", at(2026, 12, 1)).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    for must in [
        NAAM,
        TELEFOON,
        BSN,
        VRAAG,
        "gesprek met Wilhelmina",
        &format!("Contact {}", a.id),
        &format!("Dossier {}", k.id),
    ] {
        assert!(text.contains(must), "inzage lacks {must}:\n{text}");
    }
    assert!(!text.contains("Jan Anders"), "only this person");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // rectification: a new phone number, logged with its reason
    inzage::corrigeer(store, NAAM, "telefoon=0699999999", "nummer gewijzigd", "Anna", at(2026, 12, 1)).unwrap();
    assert_eq!(store.contact(a.id).unwrap().unwrap().client.telefoon, "0699999999");
    assert_eq!(store.case(k.id).unwrap().unwrap().client.unwrap().telefoon, "0699999999");
    assert!(inzage::corrigeer(store, NAAM, "bsn=123456789", "x", "Anna", at(2026, 12, 1))
        .unwrap_err()
        .to_string()
        .contains("elfproef"));
    assert!(inzage::wis(store, dir, NAAM, " ", "Anna", at(2026, 12, 1)).is_err(), "a reason is required");
    // erasure
    inzage::wis(store, dir, NAAM, "verzoek van betrokkene", "Anna", at(2026, 12, 2)).unwrap();
    assert!(!file.exists(), "the earlier inzage file about the person goes too");
    assert!(inzage::zoek(store, NAAM).unwrap().contacten.is_empty());
    assert!(inzage::zoek(store, BSN).unwrap().contacten.is_empty());
    assert_eq!(report_of(store), before, "the anonymous counts stay");
    assert_eq!(store.contact(other.id).unwrap().unwrap().client.naam, "Jan Anders", "nobody else is touched");
    let regels = audit::controleer(&store.audit_raw().unwrap()).unwrap();
    for (h, reden) in [
        (Handeling::Geexporteerd, "art. 15"),
        (Handeling::Gecorrigeerd, "nummer gewijzigd"),
        (Handeling::Gewist, "verzoek van betrokkene"),
    ] {
        for o in [Onderwerp::Contact(a.id), Onderwerp::Contact(b.id), Onderwerp::Dossier(k.id)] {
            assert!(
                regels
                    .iter()
                    .any(|r| r.handeling == h && r.onderwerp == o && r.reden.contains(reden) && r.wie == "Anna"),
                "{h:?} {o} missing from the audit log"
            );
        }
    }
    // the audit log holds ids, never the person
    let raw = store.audit_raw().unwrap();
    for (_, b) in &raw.regels {
        for needle in [NAAM, TELEFOON, BSN, "0699999999"] {
            assert!(!b.windows(needle.len()).any(|w| w == needle.as_bytes()));
        }
    }
}

#[test]
fn inzage_erasure_and_rectification_sled_leave_nothing_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    inzage_wis_corrigeer(&s, dir.path());
    for needle in [NAAM, TELEFOON, BSN, VRAAG, "Wilhelmina", "0699999999"] {
        assert_eq!(files_containing(dir.path(), needle), Vec::<std::path::PathBuf>::new(), "{needle} still on disk");
    }
    assert!(!files_containing(dir.path(), "Jan Anders").is_empty(), "the byte search does find what is still there");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn inzage_erasure_and_rectification_pg() {
    let Some(url) = common::pg::fresh_db("avg_inzage") else { return };
    let dir = tempfile::tempdir().unwrap();
    inzage_wis_corrigeer(&loket::store::PgStore::connect(&url).unwrap(), dir.path());
}

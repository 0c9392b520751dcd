//! One BSN key for every desk of a shared database: made once, installed on each desk, checked
//! by fingerprint; a desk with another key, or none, never seals a BSN with a key of its own and
//! never destroys one it can't read. Desks B, C and D are the real binary with config
//! directories of their own; desk A is this process.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use loket::domain::contact::{Contact, Kanaal};
use loket::store::{PgStore, Store};

/// The functioneel beheerder signs in (name and PIN on stdin) where a command asks.
const SIGN_IN: &str = "Fenna\n918273\n";

fn desk(conf: &Path, data: &Path, url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("LOKET_CONFIG", conf.join("config.toml"))
        .env_remove("LOKET_BSN_SLEUTEL")
        .env("LOKET_MEDEWERKER", "Functioneel Beheer")
        .arg("--database")
        .arg(url)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn person(store: &dyn Store, naam: &str, bsn: &str) -> u64 {
    let id = store.new_contact_id().unwrap();
    let mut c = Contact::new(id, Kanaal::Telefoon, common::monday_morning());
    c.client.naam = naam.into();
    c.client.bsn = Some(bsn.into());
    c.vraag = "vraag over de Wmo".into();
    store.save_contact(&c).unwrap();
    id
}

fn bsns(store: &dyn Store) -> Vec<(String, Option<String>)> {
    let mut v: Vec<_> =
        loket::store::contacts::all(store).unwrap().into_iter().map(|c| (c.client.naam, c.client.bsn)).collect();
    v.sort();
    v
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn every_desk_uses_the_one_key_of_the_database() {
    let Some(url) = common::pg::fresh_db("bsn_sleutel") else { return };
    let dirs: Vec<tempfile::TempDir> = (0..8).map(|_| tempfile::tempdir().unwrap()).collect();
    let (conf_a, conf_b, conf_c, conf_d) = (dirs[0].path(), dirs[1].path(), dirs[2].path(), dirs[3].path());
    let (data_a, data_b, data_c, data_d) = (dirs[4].path(), dirs[5].path(), dirs[6].path(), dirs[7].path());

    let o =
        desk(conf_a, data_a, &url, &["account", "toevoegen", "Fenna", "--rol", "functioneel-beheerder"], "918273\n");
    assert!(o.status.success(), "{}", text(&o));
    // the functioneel beheerder makes the key at desk A; the database keeps its fingerprint
    let o = desk(conf_a, data_a, &url, &["sleutel", "maken"], SIGN_IN);
    assert!(o.status.success(), "{}", text(&o));
    let key_a = std::fs::read_to_string(conf_a.join("bsn.sleutel")).expect("desk A has the key file");
    let o = desk(conf_a, data_a, &url, &["sleutel"], "");
    assert!(o.status.success() && text(&o).contains("In orde"), "{}", text(&o));

    // desk A (this process, with A's key) registers two people with a BSN
    std::env::set_var("LOKET_BSN_SLEUTEL", key_a.trim());
    let store = PgStore::connect(&url).unwrap();
    person(&store, "Anna Vos", "123456782");
    person(&store, "Bert Smit", "111222333");
    // every contact row as text: its BSN column holds the sealed value only
    let raw: Vec<String> = {
        let mut c = common::pg::client(&url);
        c.query("SELECT c::text FROM contacten c", &[]).unwrap().into_iter().map(|r| r.get(0)).collect()
    };
    assert!(raw.iter().all(|d| d.contains("bsn1:") && !d.contains("123456782")), "the BSN is sealed in the database");

    // desk B gets the key from A, and reads the BSN registered at A: inzage by BSN finds her
    let file = dirs[0].path().join("export.sleutel");
    let o = desk(conf_a, data_a, &url, &["sleutel", "exporteren", file.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", text(&o));
    let o = desk(conf_b, data_b, &url, &["sleutel", "installeren", file.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(conf_b.join("bsn.sleutel")).unwrap().trim(), key_a.trim());
    let o = desk(conf_b, data_b, &url, &["inzage"], &format!("{SIGN_IN}123456782\n"));
    assert!(o.status.success(), "inzage by BSN at desk B: {}", text(&o));
    let inzage = std::fs::read_dir(data_b.join("inzage")).unwrap().next().unwrap().unwrap().path();
    let inzage = std::fs::read_to_string(inzage).unwrap();
    assert!(inzage.contains("Anna Vos") && inzage.contains("123456782"), "{inzage}");

    // desk C has a key of its own (as every desk made before): it says so at the check ...
    std::fs::write(conf_c.join("bsn.sleutel"), loket::store::sealing::key_text(&loket::store::sealing::new_key()))
        .unwrap();
    let o = desk(conf_c, data_c, &url, &["sleutel"], "");
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("andere sleutel"), "{}", text(&o));
    // ... a correction there keeps everyone's BSN (it used to seal the unreadable text again) ...
    let o = desk(
        conf_c,
        data_c,
        &url,
        &["inzage", "--corrigeer", "telefoon=0612345678", "--reden", "verhuisd"],
        &format!("{SIGN_IN}Anna Vos\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let want = vec![
        ("Anna Vos".to_string(), Some("123456782".to_string())),
        ("Bert Smit".to_string(), Some("111222333".to_string())),
    ];
    assert_eq!(bsns(&store), want, "every BSN is still there and readable with the database's key");
    // ... and it refuses to store a BSN with its own key
    let o = desk(
        conf_c,
        data_c,
        &url,
        &["inzage", "--corrigeer", "bsn=111222333", "--reden", "x"],
        &format!("{SIGN_IN}Anna Vos\n"),
    );
    assert!(!o.status.success(), "a desk with another key stored a BSN: {}", text(&o));
    assert!(text(&o).contains("andere BSN-sleutel"), "{}", text(&o));
    assert_eq!(bsns(&store), want);

    // desk D has no key at all: it refuses, and makes none of its own
    let o = desk(
        conf_d,
        data_d,
        &url,
        &["inzage", "--corrigeer", "bsn=111222333", "--reden", "x"],
        &format!("{SIGN_IN}Bert Smit\n"),
    );
    assert!(!o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("geen BSN-sleutel"), "{}", text(&o));
    assert!(!conf_d.join("bsn.sleutel").exists(), "desk D made a key of its own");
    assert_eq!(bsns(&store), want);

    // the wrong key can't be installed over the database's
    let other = dirs[2].path().join("bsn.sleutel");
    let o = desk(conf_d, data_d, &url, &["sleutel", "installeren", other.to_str().unwrap()], "");
    assert!(!o.status.success() && text(&o).contains("niet de sleutel van de database"), "{}", text(&o));
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn old_bsns_of_a_desk_are_re_sealed_with_the_database_key() {
    let Some(url) = common::pg::fresh_db("bsn_herverzegelen") else { return };
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let (conf, data) = (dirs[0].path(), dirs[1].path());
    // a BSN sealed under a desk's own old key, as before this change
    let old = loket::store::sealing::new_key();
    let old_file = dirs[2].path().join("oud.sleutel");
    std::fs::write(&old_file, loket::store::sealing::key_text(&old)).unwrap();
    {
        let mut c = Contact::new(7, Kanaal::Balie, common::monday_morning());
        c.client.naam = "Carla Dekker".into();
        c.client.bsn = Some(loket::store::sealing::seal_bsn_with("123456782", &old).unwrap());
        let store = PgStore::connect(&url).unwrap();
        store.save_contact(&c).unwrap();
    }
    let o = desk(conf, data, &url, &["account", "toevoegen", "Fenna", "--rol", "functioneel-beheerder"], "918273\n");
    assert!(o.status.success(), "{}", text(&o));
    let o = desk(conf, data, &url, &["sleutel", "maken"], SIGN_IN);
    assert!(o.status.success(), "{}", text(&o));
    let o = desk(conf, data, &url, &["sleutel", "herverzegelen", "--oude", old_file.to_str().unwrap()], SIGN_IN);
    assert!(o.status.success() && text(&o).contains("1 BSN('s) opnieuw verzegeld"), "{}", text(&o));
    let o = desk(conf, data, &url, &["inzage"], &format!("{SIGN_IN}123456782\n"));
    assert!(o.status.success(), "found by BSN with the database's key: {}", text(&o));
}

//! Accounts (issue 13): the store methods on both backends, `vereis_rol`, and the `loket account`
//! commands. PINs are never stored or printed in clear.

mod common;

use std::sync::Arc;

use loket::auth::{self, Regels};
use loket::commands::account::{self as cmd, AccountCommand};
use loket::domain::account::{Account, Rol};
use loket::store::{PgStore, SledStore, Store, StoreError};

/// Every backend this machine has, fresh: (name, store, keep-alive).
fn backends(test: &str) -> Vec<(&'static str, Arc<dyn Store>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let mut v = vec![("sled", sled, Some(dir))];
    if let Some(url) = common::pg::fresh_db(&format!("account_{test}")) {
        v.push(("postgres", Arc::new(PgStore::connect(&url).unwrap()) as Arc<dyn Store>, None));
    }
    v
}

fn account(naam: &str, rol: Rol, pin: &str) -> Account {
    Account { naam: naam.into(), rol, pin_hash: auth::hash_pin(pin).unwrap(), geblokkeerd: false }
}

/// A store with a functioneel beheerder "Fenna" (PIN 111111), a balie "Bram" (222222) and a
/// cliëntondersteuner "Cees" (333333).
fn with_accounts(store: &dyn Store) {
    store.account_toevoegen(&account("Fenna", Rol::FunctioneelBeheerder, "111111")).unwrap();
    store.account_toevoegen(&account("Bram", Rol::Balie, "222222")).unwrap();
    store.account_toevoegen(&account("Cees", Rol::Clientondersteuner, "333333")).unwrap();
}

fn lines(s: &str) -> Regels<std::io::Cursor<Vec<u8>>> {
    Regels(std::io::Cursor::new(s.as_bytes().to_vec()))
}

#[test]
fn accounts_are_stored_with_a_salted_hash_and_read_back_by_name_on_both_backends() {
    for (name, store, _keep) in backends("stored") {
        assert!(store.accounts().unwrap().is_empty(), "{name}");
        with_accounts(store.as_ref());
        let list = store.accounts().unwrap();
        let names: Vec<&str> = list.iter().map(|a| a.naam.as_str()).collect();
        assert_eq!(names, ["Bram", "Cees", "Fenna"], "{name}: sorted by name");
        let b = store.account("  bRAM ").unwrap().expect("case-insensitive");
        assert_eq!((b.naam.as_str(), b.rol, b.geblokkeerd), ("Bram", Rol::Balie, false), "{name}");
        assert!(b.pin_hash.starts_with("$argon2id$") && !b.pin_hash.contains("222222"), "{name}");
        assert!(auth::pin_klopt("222222", &b.pin_hash), "{name}");
        assert_eq!(store.account("niemand").unwrap(), None, "{name}");
    }
}

#[test]
fn the_first_account_must_be_a_functioneel_beheerder_on_both_backends() {
    for (name, store, _keep) in backends("first") {
        let e = store.account_toevoegen(&account("Bram", Rol::Balie, "222222")).unwrap_err();
        assert!(matches!(e, StoreError::Refused(_)), "{name}: {e}");
        assert!(e.to_string().contains("functioneel beheerder"), "{name}: {e}");
        assert!(store.accounts().unwrap().is_empty(), "{name}: nothing stored");
        store.account_toevoegen(&account("Fenna", Rol::FunctioneelBeheerder, "111111")).unwrap();
        store.account_toevoegen(&account("Bram", Rol::Balie, "222222")).unwrap();
        assert_eq!(store.accounts().unwrap().len(), 2, "{name}");
    }
}

#[test]
fn a_name_is_taken_once_whatever_its_case_on_both_backends() {
    for (name, store, _keep) in backends("unique") {
        with_accounts(store.as_ref());
        let e = store.account_toevoegen(&account("BRAM", Rol::Clientondersteuner, "999999")).unwrap_err();
        assert!(e.to_string().contains("al een account"), "{name}: {e}");
        let b = store.account("bram").unwrap().unwrap();
        assert_eq!(b.rol, Rol::Balie, "{name}: the first one is kept");
        assert!(auth::pin_klopt("222222", &b.pin_hash), "{name}");
    }
}

#[test]
fn blocking_is_stored_and_the_last_functioneel_beheerder_cannot_be_blocked_on_both_backends() {
    for (name, store, _keep) in backends("block") {
        with_accounts(store.as_ref());
        let a = store.account_blokkeren("bram", true).unwrap();
        assert!(a.geblokkeerd, "{name}");
        assert!(store.account("Bram").unwrap().unwrap().geblokkeerd, "{name}: stored");
        let e = store.account_blokkeren("Fenna", true).unwrap_err();
        assert!(e.to_string().contains("laatste functioneel beheerder"), "{name}: {e}");
        assert!(!store.account("Fenna").unwrap().unwrap().geblokkeerd, "{name}");
        assert!(store.account_blokkeren("niemand", true).unwrap_err().to_string().contains("geen account"), "{name}");
        store.account_blokkeren("Bram", false).unwrap();
        assert!(!store.account("Bram").unwrap().unwrap().geblokkeerd, "{name}: unblocked");
    }
}

#[test]
fn sign_in_needs_the_right_pin_and_an_unblocked_account_on_both_backends() {
    for (name, store, _keep) in backends("signin") {
        with_accounts(store.as_ref());
        assert_eq!(auth::aanmelden(store.as_ref(), "bram", "222222").unwrap().naam, "Bram", "{name}");
        assert_eq!(auth::aanmelden(store.as_ref(), "Bram", "222223"), Err(auth::AanmeldFout::Onjuist), "{name}");
        assert_eq!(auth::aanmelden(store.as_ref(), "Niemand", "222222"), Err(auth::AanmeldFout::Onjuist), "{name}");
        store.account_blokkeren("Bram", true).unwrap();
        assert_eq!(auth::aanmelden(store.as_ref(), "Bram", "222222"), Err(auth::AanmeldFout::Geblokkeerd), "{name}");
    }
}

#[test]
fn vereis_rol_asks_only_where_sign_in_is_required_and_checks_the_role_on_both_backends() {
    for (name, store, _keep) in backends("vereis") {
        let fb = [Rol::FunctioneelBeheerder];
        if store.is_shared() {
            // the shared database always requires it: without accounts that is an error
            let e = auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("")).unwrap_err();
            assert!(e.to_string().contains("nog geen account"), "{name}: {e}");
        } else {
            // an embedded store without accounts runs as before: nothing is asked
            assert_eq!(auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("")).unwrap(), None, "{name}");
        }
        with_accounts(store.as_ref());
        let ok = auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("fenna\n111111\n")).unwrap();
        assert_eq!(ok.map(|a| a.naam), Some("Fenna".to_string()), "{name}");
        let e = auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("Bram\n222222\n")).unwrap_err();
        assert!(e.to_string().contains("alleen voor een functioneel beheerder"), "{name}: {e}");
        let e = auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("Fenna\n000000\n")).unwrap_err();
        assert!(e.to_string().contains("klopt niet") && !e.to_string().contains("000000"), "{name}: {e}");
        let e = auth::vereis_rol_met(store.as_ref(), &fb, &mut lines("Fenna\n")).unwrap_err();
        assert!(e.to_string().contains("geen pincode"), "{name}: {e}");
        let both = [Rol::Balie, Rol::Clientondersteuner];
        let c = auth::vereis_rol_met(store.as_ref(), &both, &mut lines("Cees\n333333\n")).unwrap().unwrap();
        assert_eq!(c.rol, Rol::Clientondersteuner, "{name}");
    }
}

#[test]
fn account_commands_need_a_functioneel_beheerder_once_the_first_exists_on_both_backends() {
    for (name, store, _keep) in backends("commands") {
        let s = store.as_ref();
        let mut out = Vec::new();
        // the first must be a functioneel beheerder, and needs no sign-in
        let first_balie = AccountCommand::Toevoegen { naam: "Bram".into(), rol: Rol::Balie };
        assert!(cmd::run(s, first_balie, &mut lines("222222\n"), &mut out).is_err(), "{name}");
        let first = AccountCommand::Toevoegen { naam: "Fenna".into(), rol: Rol::FunctioneelBeheerder };
        cmd::run(s, first, &mut lines("111111\n"), &mut out).unwrap();
        // then: sign in as functioneel beheerder (name, PIN), then the new PIN
        let add = |naam: &str, rol| AccountCommand::Toevoegen { naam: naam.into(), rol };
        cmd::run(s, add("Bram", Rol::Balie), &mut lines("Fenna\n111111\n222222\n"), &mut out).unwrap();
        let e = cmd::run(s, add("Cees", Rol::Clientondersteuner), &mut lines("Bram\n222222\n333333\n"), &mut out)
            .unwrap_err();
        assert!(e.to_string().contains("functioneel beheerder"), "{name}: {e}");
        assert!(s.account("Cees").unwrap().is_none(), "{name}: a balie cannot add accounts");
        let e = cmd::run(s, add("Cees", Rol::Clientondersteuner), &mut lines("Fenna\n111111\n123\n"), &mut out)
            .unwrap_err();
        assert!(e.to_string().contains("te kort"), "{name}: {e}");
        assert!(s.account("Cees").unwrap().is_none(), "{name}");
        // list and block
        let mut list = Vec::new();
        assert!(cmd::run(s, AccountCommand::Lijst, &mut lines("Bram\n222222\n"), &mut list).is_err(), "{name}");
        cmd::run(s, AccountCommand::Lijst, &mut lines("Fenna\n111111\n"), &mut list).unwrap();
        let list = String::from_utf8(list).unwrap();
        assert!(list.contains("Bram") && list.contains("balie") && list.contains("Fenna"), "{name}: {list}");
        let block = AccountCommand::Blokkeren { naam: "Bram".into(), opheffen: false };
        cmd::run(s, block, &mut lines("Fenna\n111111\n"), &mut out).unwrap();
        assert!(s.account("Bram").unwrap().unwrap().geblokkeerd, "{name}");
        let out = String::from_utf8(out).unwrap();
        for pin in ["111111", "222222", "argon2"] {
            assert!(!out.contains(pin), "{name}: {pin} printed: {out}");
        }
    }
}

/// The binary, with the PIN on stdin: it is stored (as a hash) and never printed.
#[test]
fn loket_account_reads_the_pin_from_stdin_and_never_prints_it() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| loket_in(dir.path(), args, stdin);
    let (ok, out, err) = run(&["account", "toevoegen", "Fenna", "--rol", "balie"], "111111\n");
    assert!(!ok && err.contains("eerste account moet een functioneel beheerder"), "{out}{err}");
    let (ok, out, err) = run(&["account", "toevoegen", "Fenna", "--rol", "functioneel-beheerder"], "918273\n");
    assert!(ok, "{out}{err}");
    assert!(out.contains("Account 'Fenna' toegevoegd"), "{out}");
    let (ok, out2, err2) = run(&["account", "toevoegen", "Bram", "--rol", "balie"], "Fenna\n918273\n564738\n");
    assert!(ok, "{out2}{err2}");
    let (ok, list, err3) = run(&["account", "lijst"], "Fenna\n918273\n");
    assert!(ok && list.contains("Bram") && list.contains("balie"), "{list}{err3}");
    let (ok, _, err4) = run(&["account", "toevoegen", "X", "--rol", "directeur"], "");
    assert!(!ok && err4.contains("onbekende rol 'directeur'"), "{err4}");
    for text in [&out, &err, &out2, &err2, &list, &err3] {
        assert!(!text.contains("918273") && !text.contains("564738"), "a PIN was printed: {text}");
    }
    // and the store holds no PIN in clear
    let store = SledStore::open(dir.path()).unwrap();
    let b = store.account("Bram").unwrap().unwrap();
    assert!(auth::pin_klopt("564738", &b.pin_hash));
    drop(store);
    for entry in walk(dir.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!bytes.windows(6).any(|w| w == b"564738" || w == b"918273"), "PIN in clear in {}", entry.display());
    }
}

/// Run the loket binary on the embedded store in `dir` with `stdin`: (success, stdout, stderr).
fn loket_in(dir: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("LOKET_DATABASE_URL")
        .env("LOKET_MEDEWERKER", "Iemand")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.success(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The commands that read or change personal data (`audit`, `opschonen`, `inzage`, `migreer`)
/// ask for a functioneel beheerder once accounts exist: without a sign-in or with another role
/// they refuse, and nothing is done.
#[test]
fn personal_data_commands_need_a_functioneel_beheerder_once_accounts_exist() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let (ok, out, err) = loket_in(dir.path(), args, stdin);
        (ok, out + &err)
    };
    // before any account: as before, no sign-in
    let (ok, out) = run(&["audit", "--controleer"], "");
    assert!(ok, "{out}");
    assert!(run(&["account", "toevoegen", "Fenna", "--rol", "functioneel-beheerder"], "918273\n").0);
    assert!(run(&["account", "toevoegen", "Bram", "--rol", "balie"], "Fenna\n918273\n564738\n").0);
    for args in [&["audit", "--controleer"][..], &["opschonen"][..], &["inzage"][..]] {
        let (ok, out) = run(args, "");
        assert!(!ok, "{args:?} without a sign-in: {out}");
        let (ok, out) = run(args, "Bram\n564738\n");
        assert!(!ok && out.contains("functioneel beheerder"), "{args:?} as balie: {out}");
        let (ok, out) = run(args, "Fenna\n000000\n");
        assert!(!ok, "{args:?} with a wrong PIN: {out}");
    }
    let (ok, out) = run(&["audit", "--controleer"], "Fenna\n918273\n");
    assert!(ok, "{out}");
    let (ok, out) = run(&["opschonen"], "Fenna\n918273\n");
    assert!(ok && out.contains("Opgeschoond"), "{out}");
}

/// The audit log's lines as `loket audit` shows them (action and reason).
fn audit_texts(store: &dyn Store) -> Vec<String> {
    let ruw = store.audit_raw().unwrap();
    loket::store::audit::controleer(&ruw).unwrap().iter().map(loket::store::audit::regel_tekst).collect()
}

#[test]
fn failed_sign_ins_are_counted_by_the_store_lock_the_account_and_are_audited_on_both_backends() {
    // two desks: two connections on PostgreSQL; on sled, which one process holds, the store
    // opened again (a restart): the count is the store's, not the desk's
    let dir = tempfile::tempdir().unwrap();
    type Desk = Arc<dyn Store>;
    let mut desks: Vec<(&str, Desk, Desk)> = Vec::new();
    {
        let first: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
        with_accounts(first.as_ref());
        for _ in 0..4 {
            let _ = auth::aanmelden(first.as_ref(), "Bram", "999999");
        }
    }
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    assert_eq!(sled.aanmeldfouten("bram").unwrap(), 4, "sled: the count outlives the process");
    sled.aanmeldfouten_wissen("bram", &[]).unwrap();
    desks.push(("sled", sled.clone(), sled));
    if let Some(url) = common::pg::fresh_db("account_lockout") {
        let a: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
        with_accounts(a.as_ref());
        desks.push(("postgres", a, Arc::new(PgStore::connect(&url).unwrap())));
    }
    for (name, store, other) in desks {
        for i in 0..4 {
            let desk = if i % 2 == 0 { &store } else { &other };
            assert_eq!(
                auth::aanmelden(desk.as_ref(), "Bram", "999999").unwrap_err(),
                auth::AanmeldFout::Onjuist,
                "{name}"
            );
        }
        assert_eq!(store.aanmeldfouten("bram").unwrap(), 4, "{name}: both desks counted");
        // the fifth locks it, and then the right PIN is refused too, at every desk
        assert_eq!(
            auth::aanmelden(other.as_ref(), "Bram", "999999").unwrap_err(),
            auth::AanmeldFout::Vergrendeld,
            "{name}"
        );
        assert_eq!(
            auth::aanmelden(store.as_ref(), "Bram", "222222").unwrap_err(),
            auth::AanmeldFout::Vergrendeld,
            "{name}"
        );
        // an unknown name is logged without what was typed
        assert!(auth::aanmelden(store.as_ref(), "123456", "123456").is_err());
        let log = audit_texts(store.as_ref());
        let n = if name == "sled" { 11 } else { 7 };
        assert_eq!(log.iter().filter(|l| l.contains("aanmelden mislukt")).count(), n, "{name}: {log:#?}");
        assert!(log.iter().any(|l| l.contains("Bram") && l.contains("vergrendeld")), "{name}: {log:#?}");
        assert!(!log.iter().any(|l| l.contains("123456") || l.contains("999999")), "{name}: {log:#?}");
        // the functioneel beheerder releases it: the count is gone, the right PIN works again
        let mut out = Vec::new();
        cmd::run(
            store.as_ref(),
            AccountCommand::Blokkeren { naam: "Bram".into(), opheffen: true },
            &mut lines("Fenna\n111111\n"),
            &mut out,
        )
        .unwrap();
        assert_eq!(store.aanmeldfouten("bram").unwrap(), 0, "{name}");
        assert_eq!(auth::aanmelden(other.as_ref(), "Bram", "222222").unwrap().naam, "Bram", "{name}");
        assert!(
            audit_texts(store.as_ref()).iter().any(|l| l.contains("vrijgegeven") && l.contains("account Bram")),
            "{name}"
        );
        // a success sets the count back: four wrong, one right, four wrong is no lock
        for _ in 0..4 {
            let _ = auth::aanmelden(store.as_ref(), "Cees", "000000");
        }
        auth::aanmelden(store.as_ref(), "Cees", "333333").unwrap();
        for _ in 0..4 {
            let _ = auth::aanmelden(store.as_ref(), "Cees", "000000");
        }
        assert_eq!(auth::aanmelden(store.as_ref(), "Cees", "333333").unwrap().naam, "Cees", "{name}");
    }
}

#[test]
fn a_worker_changes_their_own_pin_on_both_backends() {
    for (name, store, _keep) in backends("eigen_pin") {
        with_accounts(store.as_ref());
        let mut out = Vec::new();
        // the wrong current PIN: nothing changes
        let e =
            cmd::run(store.as_ref(), AccountCommand::Pin, &mut lines("Bram\n000000\n444444\n"), &mut out).unwrap_err();
        assert!(e.to_string().contains("niet gewijzigd"), "{name}: {e}");
        assert!(auth::aanmelden(store.as_ref(), "Bram", "222222").is_ok(), "{name}");
        // too short: refused
        assert!(cmd::run(store.as_ref(), AccountCommand::Pin, &mut lines("Bram\n222222\n12\n"), &mut out).is_err());
        cmd::run(store.as_ref(), AccountCommand::Pin, &mut lines("Bram\n222222\n444444\n"), &mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().contains("Pincode van 'Bram' gewijzigd."), "{name}");
        assert_eq!(
            auth::aanmelden(store.as_ref(), "Bram", "222222").unwrap_err(),
            auth::AanmeldFout::Onjuist,
            "{name}"
        );
        assert_eq!(auth::aanmelden(store.as_ref(), "Bram", "444444").unwrap().naam, "Bram", "{name}");
        assert!(audit_texts(store.as_ref()).iter().any(|l| l.contains("eigen pincode")), "{name}");
        let stored = store.account("bram").unwrap().unwrap();
        assert!(!stored.pin_hash.contains("444444"), "{name}: only a hash");
    }
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn blocking_reaches_a_running_desk_within_seconds() {
    let url = common::pg::fresh_db("account_blok_desk").expect("PostgreSQL");
    let beheer: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
    with_accounts(beheer.as_ref());
    let desk = PgStore::connect(&url).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    // (watch listens before it returns: no wait needed)
    assert!(desk.watch(Box::new(move |c| {
        let _ = tx.send(c);
    })));
    let mut out = Vec::new();
    cmd::run(
        beheer.as_ref(),
        AccountCommand::Blokkeren { naam: "Bram".into(), opheffen: false },
        &mut lines("Fenna\n111111\n"),
        &mut out,
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut seen = false;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(loket::store::Change::Account(k)) if k == "bram" => {
                seen = true;
                break;
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    assert!(seen, "the desk heard of the block within 5 s");
    // what the desk then does with it: signed out, the form with why
    let mut s = common::demo_state();
    s.account = Some(loket::domain::account::Aangemeld::from(&beheer.account("bram").unwrap().unwrap()));
    let account = desk.account("bram").unwrap().map(Box::new);
    loket::app::update(&mut s, loket::app::Msg::AccountGewijzigd { sleutel: "bram".into(), account });
    assert!(s.account.is_none(), "signed out");
    let form = s.aanmelden.as_ref().expect("the sign-in form");
    assert!(form.fout.as_deref().unwrap_or("").contains("geblokkeerd"), "{:?}", form.fout);
    let screen = common::screen_text(&s, 80, 24);
    assert!(screen.contains("geblokkeerd"), "{screen}");
}

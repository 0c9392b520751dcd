//! Installing loket at a municipality: a binary without the system's OpenSSL, the system-wide
//! config and `loket config`, backup and restore, the Dutch command line.

mod common;

use std::process::Command;

/// The binary links no system OpenSSL (TLS goes through rustls): `ldd` names neither libssl nor
/// libcrypto. The debug binary links the same libraries as the release one; `scripts/release.sh`
/// checks the release binary the same way.
#[test]
#[cfg(target_os = "linux")]
fn the_binary_links_no_system_openssl() {
    let out = Command::new("ldd").arg(env!("CARGO_BIN_EXE_loket")).output().expect("ldd");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("libc.so"), "ldd answered: {text}");
    assert!(!text.contains("libssl") && !text.contains("libcrypto"), "{text}");
}

fn loket(args: &[&str], home: &std::path::Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("LOKET_CONFIG")
        .env_remove("LOKET_SYSTEEMCONFIG")
        .env_remove("LOKET_DATABASE_URL")
        .env_remove("LOKET_KEYMAP")
        .env_remove("LOKET_MEDEWERKER")
        .env_remove("LOKET_DATA_DIR")
        .env_remove("LOKET_BSN_SLEUTEL")
        .output()
        .unwrap()
}

/// The line of `loket config` for `key` (its value and, after `#`, its origin).
fn regel<'a>(text: &'a str, key: &str) -> &'a str {
    text.lines().find(|l| l.starts_with(&format!("{key} ="))).unwrap_or_else(|| panic!("no line {key} in:\n{text}"))
}

/// The system-wide file sets defaults for every desk; the user's file overrides it key by key
/// (and a retention term by term); an environment variable wins over both; `loket config` names
/// each value's origin, and never a database password.
#[test]
fn loket_config_shows_each_values_origin() {
    let home = tempfile::tempdir().unwrap();
    let systeem = home.path().join("systeem.toml");
    std::fs::write(
        &systeem,
        "kanaal = \"balie\"\nmedewerker = \"Balie 1\"\ndomein = \"wmo.hethogeland.nl\"\nrapport_drempel = 10\naanmelden_max_pogingen = 3\n[bewaartermijnen]\ncontact_maanden = 6\ndossier_maanden = 36\n[loket]\nnaam = \"Loket Winsum\"\ntelefoon = \"0595 000000\"\n",
    )
    .unwrap();
    let gebruiker = home.path().join("gebruiker.toml");
    std::fs::write(&gebruiker, "medewerker = \"Anna\"\nrapport_drempel = 3\n[bewaartermijnen]\ncontact_maanden = 4\n[loket]\ntelefoon = \"0595 111111\"\n")
        .unwrap();
    let run = |extra: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loket"));
        c.arg("config")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("LOKET_SYSTEEMCONFIG", &systeem)
            .env("LOKET_CONFIG", &gebruiker)
            .env("LOKET_DATA_DIR", home.path().join("data"))
            .env_remove("LOKET_DATABASE_URL")
            .env_remove("LOKET_KEYMAP")
            .env_remove("LOKET_MEDEWERKER");
        for (k, v) in extra {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let s = format!("systeem: {}", systeem.display());
    let g = format!("gebruiker: {}", gebruiker.display());
    let text = run(&[]);
    assert!(regel(&text, "kanaal").starts_with("kanaal = \"balie\"") && regel(&text, "kanaal").ends_with(&s), "{text}");
    assert!(
        regel(&text, "medewerker").starts_with("medewerker = \"Anna\"") && regel(&text, "medewerker").ends_with(&g)
    );
    assert!(regel(&text, "domein").ends_with(&s), "{text}");
    assert!(
        regel(&text, "keymap").starts_with("keymap = \"standaard\"") && regel(&text, "keymap").ends_with("# standaard")
    );
    assert!(regel(&text, "vergrendelen_na_minuten").starts_with("vergrendelen_na_minuten = 5 "));
    assert!(regel(&text, "vergrendelen_na_minuten").ends_with("# standaard"));
    // the report's threshold from the user's file over the system's; the sign-in limit the system's
    assert!(
        regel(&text, "rapport_drempel").starts_with("rapport_drempel = 3 ")
            && regel(&text, "rapport_drempel").ends_with(&g),
        "{text}"
    );
    assert!(
        regel(&text, "aanmelden_max_pogingen").starts_with("aanmelden_max_pogingen = 3 ")
            && regel(&text, "aanmelden_max_pogingen").ends_with(&s),
        "{text}"
    );
    // term by term: the user's contact term, the system's dossier term, the default audit term
    assert!(
        regel(&text, "contact_maanden").starts_with("contact_maanden = 4 ")
            && regel(&text, "contact_maanden").ends_with(&g)
    );
    assert!(
        regel(&text, "dossier_maanden").starts_with("dossier_maanden = 36 ")
            && regel(&text, "dossier_maanden").ends_with(&s)
    );
    assert!(regel(&text, "auditlog_maanden").starts_with("auditlog_maanden = 60 "), "{text}");
    assert!(text.contains(&format!("# systeem:   {}\n", systeem.display())), "{text}");
    assert!(text.contains("(omgeving: LOKET_DATA_DIR)"), "{text}");
    // the letterhead ([loket]) key by key: the name from the system, the phone from the user
    assert!(
        regel(&text, "naam").starts_with("naam = \"Loket Winsum\"") && regel(&text, "naam").ends_with(&s),
        "{text}"
    );
    assert!(
        regel(&text, "telefoon").starts_with("telefoon = \"0595 111111\"") && regel(&text, "telefoon").ends_with(&g),
        "{text}"
    );
    assert!(text.contains("# website = (niet ingesteld)"), "{text}");

    // the environment wins, and a password never shows
    let text = run(&[("LOKET_MEDEWERKER", "Bert"), ("LOKET_DATABASE_URL", "postgres://loket:geheim@db/loket")]);
    assert!(
        regel(&text, "medewerker").starts_with("medewerker = \"Bert\"")
            && regel(&text, "medewerker").ends_with("# omgeving: LOKET_MEDEWERKER")
    );
    assert!(regel(&text, "database").contains("postgres://loket:***@db/loket"), "{text}");
    assert!(regel(&text, "database").ends_with("# omgeving: LOKET_DATABASE_URL"));
    assert!(!text.contains("geheim"), "{text}");

    // without a system file: the user's values and the defaults
    std::fs::remove_file(&systeem).unwrap();
    let text = run(&[]);
    assert!(
        regel(&text, "kanaal").starts_with("kanaal = \"telefoon\"") && regel(&text, "kanaal").ends_with("# standaard")
    );
    assert!(text.contains("(niet aanwezig)"), "{text}");
}

/// A broken system-wide file is an error that names it and its line, never skipped silently.
#[test]
fn a_broken_system_config_names_its_file_and_line() {
    let home = tempfile::tempdir().unwrap();
    let systeem = home.path().join("systeem.toml");
    std::fs::write(&systeem, "medewerker = \"x\"\nkanaal = \"fax\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("config")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("LOKET_SYSTEEMCONFIG", &systeem)
        .env_remove("LOKET_CONFIG")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2: kanaal", systeem.display())), "{err}");
}

/// A backup of the embedded store and its restore into an empty data directory hold the same
/// contacts, dossiers and audit log (whose chain still checks), the files beside the store, and
/// are private; restoring over data needs --vervang; a backup from a newer layout is refused.
#[test]
fn backup_and_restore_round_trip_on_the_embedded_store() {
    use loket::store::{SledStore, Store};
    let home = tempfile::tempdir().unwrap();
    let a = home.path().join("a");
    let (contacts, cases, audit_regels) = {
        let store = SledStore::open(&a).unwrap();
        loket::cli::seed(&store).unwrap();
        let c = common::store::complex_draft(&store, "Anna", "hulp bij het huishouden");
        // handed off, as a dossier's contact is (the shared database holds to that)
        store.save_contact(&common::store::closed(&c)).unwrap();
        let mut k = common::store::new_case(&c, "Anna");
        k.id = 100 + c.id;
        store.save_case(&k).unwrap();
        store
            .audit_append(&[loket::store::audit::Gebeurtenis::new(
                common::store::now(),
                "Anna",
                loket::store::audit::Handeling::Bekeken,
                loket::store::audit::Onderwerp::Geen,
            )])
            .unwrap();
        (store.contacts().unwrap().value, store.cases().unwrap().value, store.audit_raw().unwrap().regels.len())
    };
    assert_eq!((contacts.len(), cases.len()), (1, 1));
    std::fs::create_dir_all(a.join("afspraken")).unwrap();
    std::fs::write(a.join("afspraken").join("afspraak-1.ics"), "BEGIN:VCALENDAR\n").unwrap();

    let data = |d: &std::path::Path| d.to_str().unwrap().to_string();
    let b = home.path().join("kopie");
    let out = loket(&["backup", b.to_str().unwrap(), "--data-dir", &data(&a), "--medewerker", "Beheer"], home.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 contacten, 1 dossiers"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&b).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(b.join("reservekopie.toml")).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // a second backup into the same folder is refused
    let out = loket(&["backup", b.to_str().unwrap(), "--data-dir", &data(&a)], home.path());
    assert!(!out.status.success());

    let c = home.path().join("c");
    let out = loket(&["herstel", b.to_str().unwrap(), "--data-dir", &data(&c), "--medewerker", "Beheer"], home.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    {
        let store = SledStore::open(&c).unwrap();
        assert_eq!(store.contacts().unwrap().value, contacts);
        assert_eq!(store.cases().unwrap().value, cases);
        let ruw = store.audit_raw().unwrap();
        let regels = loket::store::audit::controleer(&ruw).expect("the restored chain checks");
        // the copied entries, and one for the restore
        assert_eq!(regels.len(), audit_regels + 1);
        assert!(loket::store::audit::regel_tekst(regels.last().unwrap()).contains("hersteld uit een reservekopie"));
    }
    assert_eq!(std::fs::read_to_string(c.join("afspraken").join("afspraak-1.ics")).unwrap(), "BEGIN:VCALENDAR\n");
    let out = loket(&["audit", "--controleer", "--data-dir", &data(&c)], home.path());
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));

    // over data: only with --vervang
    let out = loket(&["herstel", b.to_str().unwrap(), "--data-dir", &data(&c)], home.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--vervang"));
    let out = loket(&["herstel", b.to_str().unwrap(), "--vervang", "--data-dir", &data(&c)], home.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(SledStore::open(&c).unwrap().contacts().unwrap().value, contacts);

    // a backup of a newer layout is refused before anything is touched
    let m = b.join("reservekopie.toml");
    let text = std::fs::read_to_string(&m).unwrap();
    let newer = loket::store::sled_store::LAYOUT + 1;
    std::fs::write(&m, text.replace(&format!("opslagindeling = {}", newer - 1), &format!("opslagindeling = {newer}")))
        .unwrap();
    let d = home.path().join("d");
    let out = loket(&["herstel", b.to_str().unwrap(), "--data-dir", &data(&d)], home.path());
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("nieuwere versie"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // nothing but the support log was written there
    assert!(std::fs::read_dir(&d).unwrap().flatten().all(|e| e.file_name() == "logboek"));
}

/// A backup of a shared PostgreSQL database (`loket backup --database`, through pg_dump) and its
/// restore into an empty database (pg_restore) hold the same contacts, dossiers and audit log;
/// restoring over loket's data needs --vervang; a dump of a newer schema is refused before
/// anything is touched; the backup is noted for inzage; a database that can't be reached is a
/// Dutch error.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn backup_and_restore_round_trip_on_postgresql() {
    use loket::store::{PgStore, Store};
    let bron = common::pg::fresh_db("backup_pg").expect("PostgreSQL");
    let doel = common::pg::fresh_db("backup_pg_doel").expect("PostgreSQL");
    let (contacts, cases, audit_regels) = {
        let store = PgStore::connect(&bron).unwrap();
        loket::cli::seed(&store).unwrap();
        // a shared database has accounts: the beheerder signs in for a backup
        store
            .account_toevoegen(&loket::domain::account::Account {
                naam: "Fenna".into(),
                rol: loket::domain::account::Rol::FunctioneelBeheerder,
                pin_hash: loket::auth::hash_pin("111111").unwrap(),
                geblokkeerd: false,
            })
            .unwrap();
        let c = common::store::complex_draft(&store, "Anna", "hulp bij het huishouden");
        // handed off, as a dossier's contact is (the shared database holds to that)
        store.save_contact(&common::store::closed(&c)).unwrap();
        let mut k = common::store::new_case(&c, "Anna");
        k.id = 100 + c.id;
        store.save_case(&k).unwrap();
        (store.contacts().unwrap().value, store.cases().unwrap().value, store.audit_raw().unwrap().regels.len())
    };
    assert_eq!((contacts.len(), cases.len()), (1, 1));
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    // name and PIN of the functioneel beheerder on stdin (for the commands that ask)
    let run = |args: &[&str]| {
        use std::io::Write;
        let mut c = Command::new(env!("CARGO_BIN_EXE_loket"));
        c.args(args)
            .args(["--gegevensmap", data.to_str().unwrap()])
            .env("HOME", home.path())
            .env("LOKET_CONFIG", home.path().join("geen.toml"))
            .env("LOKET_SYSTEEMCONFIG", home.path().join("geen-systeem.toml"))
            .env_remove("LOKET_DATABASE_URL")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = c.spawn().unwrap();
        let _ = child.stdin.take().unwrap().write_all(b"Fenna\n111111\n");
        child.wait_with_output().unwrap()
    };
    let b = home.path().join("kopie");
    let out = run(&["backup", b.to_str().unwrap(), "--database", &bron]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tekst = String::from_utf8_lossy(&out.stdout);
    assert!(tekst.contains("pg_dump") && tekst.contains("1 contacten, 1 dossiers"), "{tekst}");
    assert!(b.join("loket.dump").is_file());
    let nieuwste = loket::store::pg::MIGRATIONS.last().unwrap().0;
    let manifest = std::fs::read_to_string(b.join("reservekopie.toml")).unwrap();
    assert!(manifest.contains("soort = \"postgresql\"") && manifest.contains(&format!("schemaversie = {nieuwste}")));
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(b.join("loket.dump")).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // noted for inzage: where a backup with personal data was written
    let gemaakt = loket::commands::reservekopie::gemaakt(&data);
    assert!(gemaakt.len() == 1 && gemaakt[0].contains("postgresql") && gemaakt[0].contains("kopie"), "{gemaakt:?}");

    // restored into an empty database: the same contacts and dossiers, the chain checks
    let out = run(&["herstel", b.to_str().unwrap(), "--database", &doel]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    {
        let store = PgStore::connect(&doel).unwrap();
        assert_eq!(store.contacts().unwrap().value, contacts);
        assert_eq!(store.cases().unwrap().value, cases);
        let regels = loket::store::audit::controleer(&store.audit_raw().unwrap()).expect("the restored chain checks");
        // the copied entries, the backup's own entry was made after the dump, and one for the restore
        assert_eq!(regels.len(), audit_regels + 1);
        assert!(loket::store::audit::regel_tekst(regels.last().unwrap()).contains("hersteld uit een reservekopie"));
        // the roles' owners and grants are back (the dump holds none)
        let mut c = common::pg::client(&doel);
        let r = c
            .query_one(
                "SELECT pg_get_userbyid(relowner), has_table_privilege('loket_desk', 'contacten', 'SELECT'), \
                 has_function_privilege('loket_desk', 'loket.aanmelden(text, text)', 'EXECUTE'), relforcerowsecurity, \
                 has_function_privilege('loket_desk', \
                     'loket.audit_schrijven(timestamp, text, int, bigint, bytea, int, bigint, text)', 'EXECUTE') \
                 FROM pg_class WHERE oid = 'contacten'::regclass",
                &[],
            )
            .unwrap();
        let rechten: (String, bool, bool, bool, bool) = (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        // (a dump without privileges gives every function back to PUBLIC: the step takes that away)
        assert_eq!(rechten, ("loket_eigenaar".to_string(), true, true, true, false));
    }
    // over loket's data: only with --vervang
    let out = run(&["herstel", b.to_str().unwrap(), "--database", &doel]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--vervang"));
    let out = run(&["herstel", b.to_str().unwrap(), "--vervang", "--database", &doel]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(PgStore::connect(&doel).unwrap().contacts().unwrap().value, contacts);
    // --vervang over a database of a newer schema than the dump's: refused (pg_restore --clean
    // would leave the newer schema's tables, and what they hold, beside the restored ones)
    std::fs::write(
        b.join("reservekopie.toml"),
        manifest.replace(&format!("schemaversie = {nieuwste}"), &format!("schemaversie = {}", nieuwste - 1)),
    )
    .unwrap();
    let out = run(&["herstel", b.to_str().unwrap(), "--vervang", "--database", &doel]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("nieuwer dan die van de reservekopie"), "{err}");
    assert_eq!(PgStore::connect(&doel).unwrap().contacts().unwrap().value, contacts, "nothing changed");

    // a dump of a newer schema is refused, and the empty database stays empty
    let leeg = common::pg::fresh_db("backup_pg_leeg").expect("PostgreSQL");
    std::fs::write(
        b.join("reservekopie.toml"),
        manifest.replace(&format!("schemaversie = {nieuwste}"), &format!("schemaversie = {}", nieuwste + 1)),
    )
    .unwrap();
    let out = run(&["herstel", b.to_str().unwrap(), "--database", &leeg]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("nieuwer"), "{err}");
    assert_eq!(PgStore::schemaversie(&leeg).unwrap(), None, "nothing restored");
    // an embedded backup is not restored into a database (and the other way round)
    let out = run(&["herstel", b.to_str().unwrap()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--database"));
    // a server that can't be reached: a Dutch error, no English panic
    let out =
        run(&["backup", home.path().join("k2").to_str().unwrap(), "--database", "postgres://loket@127.0.0.1:1/loket"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("niet bereikbaar"), "{err}");
}

/// In a pipe the long commands print no progress: no carriage returns, no escape sequences, no
/// estimate (a terminal gets the line; checked by hand in tmux, see the report of issue 25).
#[test]
fn long_commands_print_no_progress_into_a_pipe() {
    let home = tempfile::tempdir().unwrap();
    let d = home.path().join("d");
    let d = d.to_str().unwrap();
    let export = home.path().join("export");
    let kopie = home.path().join("kopie");
    let terug = home.path().join("terug");
    for args in [
        vec!["genereer", "3000", "--gegevensmap", d],
        vec!["export", export.to_str().unwrap(), "--gegevensmap", d],
        vec!["import", export.to_str().unwrap(), "--gegevensmap", d],
        vec!["opschonen", "--gegevensmap", d, "--medewerker", "Beheer"],
        vec!["backup", kopie.to_str().unwrap(), "--gegevensmap", d, "--medewerker", "Beheer"],
        vec!["herstel", kopie.to_str().unwrap(), "--gegevensmap", terug.to_str().unwrap(), "--medewerker", "Beheer"],
    ] {
        let out = loket(&args, home.path());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        for s in [&err, &String::from_utf8_lossy(&out.stdout)] {
            assert!(!s.contains('\r') && !s.contains('\u{1b}'), "{args:?} wrote terminal control: {s:?}");
            assert!(!s.contains("nog ~") && !s.contains("/s,") && !s.contains("afronden"), "{args:?}: {s}");
        }
    }
}

/// `loket completions SHELL` writes a completion script for each shell, with the subcommands and
/// the Dutch flags; `loket manpage` writes a man page.
#[test]
fn completions_and_the_man_page_are_generated() {
    let home = tempfile::tempdir().unwrap();
    for (shell, kenmerk) in [
        ("bash", "_loket()"),
        ("zsh", "#compdef loket"),
        ("fish", "complete -c loket"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = loket(&["completions", shell], home.path());
        assert!(out.status.success(), "{shell}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(kenmerk), "{shell}: {text}");
        for woord in ["backup", "herstel", "gegevensmap", "controleer"] {
            assert!(text.contains(woord), "{shell} lacks {woord}");
        }
    }
    let out = loket(&["manpage"], home.path());
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(".ie") && text.contains(".TH loket 1") && text.contains("gegevensmap"), "{text}");
    let out = loket(&["completions", "tcsh"], home.path());
    assert_eq!(out.status.code(), Some(2));
}

/// The flags have Dutch names, and the old names still work (scripts use them): `import --check`
/// is `import --controleer`, `--data-dir` is `--gegevensmap`, `zoek --limit` is `zoek --aantal`.
#[test]
fn old_flag_names_still_work_beside_the_dutch_ones() {
    let home = tempfile::tempdir().unwrap();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hsds/datapackage");
    let d = home.path().join("data");
    let d = d.to_str().unwrap();
    let oud = loket(&["import", "--check", fixture, "--data-dir", d], home.path());
    let nieuw = loket(&["import", "--controleer", fixture, "--gegevensmap", d], home.path());
    assert!(oud.status.success(), "{}", String::from_utf8_lossy(&oud.stderr));
    assert_eq!(oud.stdout, nieuw.stdout);
    assert!(
        String::from_utf8_lossy(&oud.stdout).contains("Niets geschreven (--controleer)"),
        "{}",
        String::from_utf8_lossy(&oud.stdout)
    );
    let oud = loket(&["zoek", "parkeerkaart", "--limit", "2", "--json", "--data-dir", d], home.path());
    let nieuw = loket(&["zoek", "parkeerkaart", "--aantal", "2", "--json", "--gegevensmap", d], home.path());
    assert!(oud.status.success(), "{}", String::from_utf8_lossy(&oud.stderr));
    assert_eq!(oud.stdout, nieuw.stdout);
    let hits: serde_json::Value = serde_json::from_slice(&oud.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 2);
    // the old names are not shown in the help
    let help = String::from_utf8(loket(&["import", "--help"], home.path()).stdout).unwrap();
    assert!(help.contains("--controleer") && !help.contains("--check") && !help.contains("--data-dir"), "{help}");
}

/// Help and errors are in Dutch: no "Usage:" or "Options:", an unknown flag is a Dutch error
/// with exit status 2.
#[test]
fn help_and_errors_are_in_dutch() {
    let home = tempfile::tempdir().unwrap();
    for args in [&["--help"][..], &["zoek", "--help"], &["migreer", "--help"]] {
        let text = String::from_utf8(loket(args, home.path()).stdout).unwrap();
        assert!(text.contains("Gebruik: loket") && text.contains("Opties:"), "{text}");
        for engels in ["Usage:", "Options:", "Arguments:", "Commands:", "Print help", "[default:", "[env:"] {
            assert!(!text.contains(engels), "{engels} in {args:?}:\n{text}");
        }
    }
    let out = loket(&["zoek", "x", "--lmit", "3"], home.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("fout: onbekende optie '--lmit'") && err.contains("Gebruik: loket zoek"), "{err}");
    let out = loket(&["rapport", "--van", "gisteren"], home.path());
    assert!(String::from_utf8_lossy(&out.stderr).contains("verwacht een datum als JJJJ-MM-DD"));
    let out = loket(&["zoek", "x", "--aantal", "veel"], home.path());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("'veel' is geen geldige waarde voor --aantal <AANTAL> (verwacht een getal)"));
    // loket's own parsers keep their Dutch reason
    let out = loket(&["account", "toevoegen", "X", "--rol", "directeur"], home.path());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("onbekende rol 'directeur'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// TERM=dumb: the screens can't be drawn; loket says so in Dutch instead of drawing garbage.
#[test]
fn term_dumb_refuses_the_screen_with_a_dutch_message() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("TERM", "dumb")
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .args(["--gegevensmap", home.path().join("data").to_str().unwrap(), "--medewerker", "Anna"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TERM=dumb"), "{}", String::from_utf8_lossy(&out.stderr));
}

/// The support log: a file per day in `logboek/` in the data directory, private, with the
/// command and its end, never its arguments; an error as on screen; `logniveau = "uit"` writes
/// none. (The no-leaks check of the e2e tests reads it with every other file.)
#[test]
fn the_support_log_records_commands_without_their_arguments() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let d = data.to_str().unwrap();
    let out = loket(&["zoek", "Wilhelmina", "--gegevensmap", d], home.path());
    assert!(out.status.success());
    let out = loket(&["herstel", home.path().join("geen").to_str().unwrap(), "--gegevensmap", d], home.path());
    assert!(!out.status.success());
    let files: Vec<_> = std::fs::read_dir(data.join("logboek")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("INFO start") && text.contains("opdracht=\"zoek\"") && text.contains("INFO klaar"), "{text}");
    assert!(text.contains("ERROR") && text.contains("geen reservekopie"), "{text}");
    assert!(!text.contains("Wilhelmina"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o077, 0);
    }

    let stil = home.path().join("stil");
    let config = home.path().join("config.toml");
    std::fs::write(&config, "logniveau = \"uit\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["zoek", "x", "--gegevensmap", stil.to_str().unwrap()])
        .env("LOKET_CONFIG", &config)
        .env_remove("LOKET_SYSTEEMCONFIG")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stil.join("logboek").exists());
    std::fs::write(&config, "logniveau = \"alles\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket")).args(["config"]).env("LOKET_CONFIG", &config).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("logniveau: onbekend niveau 'alles'"));
}

/// TLS through rustls: `sslmode=require` alone encrypts without checking the certificate (as
/// libpq); with `PGSSLROOTCERT` the server's certificate is checked, so a server whose certificate
/// no given root signed (here the cluster's self-signed one, against the machine's store or the
/// Mozilla bundle) is refused, never silently accepted.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn pgsslrootcert_has_the_servers_certificate_checked() {
    let Some((_, tcp)) = common::pg::tls_url("tlsca") else { return };
    let home = tempfile::tempdir().unwrap();
    let run = |ca: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_loket"));
        c.args(["zoek", "parkeerkaart", "--database", &tcp, "--gegevensmap", home.path().join("d").to_str().unwrap()])
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("LOKET_CONFIG")
            .env_remove("PGSSLROOTCERT");
        if let Some(ca) = ca {
            c.env("PGSSLROOTCERT", ca);
        }
        c.output().unwrap()
    };
    let out = run(None);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for ca in ["system", "/etc/ssl/certs/ca-certificates.crt"] {
        if ca.starts_with('/') && !std::path::Path::new(ca).exists() {
            continue;
        }
        let out = run(Some(ca));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "PGSSLROOTCERT={ca}: a certificate no root signed was accepted");
        assert!(err.contains("niet bereikbaar") && !err.contains("tls-proef"), "{err}");
    }
    let out = run(Some("/nonexistent/ca.pem"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PGSSLROOTCERT /nonexistent/ca.pem"));
}

/// A newer loket upgrades a shared database only on the beheerder's command: a desk refuses a
/// database behind it with what to do, `loket schema bijwerken` upgrades it, and then it opens.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_shared_schema_is_upgraded_only_by_the_command() {
    let url = common::pg::fresh_db("schema_bijwerken").expect("PostgreSQL");
    drop(loket::store::PgStore::connect(&url).unwrap());
    // what an older loket left: the newest step not yet applied
    let newest = loket::store::pg::MIGRATIONS.last().unwrap().0;
    let mut c = common::pg::client(&url);
    c.execute("DELETE FROM loket_schema WHERE versie = $1", &[&newest]).unwrap();
    let home = tempfile::tempdir().unwrap();
    let loket = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(args)
            .env("HOME", home.path())
            .env("LOKET_CONFIG", home.path().join("geen.toml"))
            .env("LOKET_SYSTEEMCONFIG", home.path().join("geen-systeem.toml"))
            .env("LOKET_DATA_DIR", home.path().join("data"))
            .env("LOKET_DATABASE_URL", &url)
            .output()
            .unwrap()
    };
    let out = loket(&["rapport"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && err.contains("loket schema bijwerken"), "{err}");
    let count = |c: &mut postgres::Client| -> i64 {
        c.query_one("SELECT count(*) FROM loket_schema WHERE versie = $1", &[&newest]).unwrap().get(0)
    };
    assert_eq!(count(&mut c), 0, "a command other than the upgrade changed nothing");
    let out = loket(&["schema", "bijwerken"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains(&format!("stap {newest} toegepast")), "{text}");
    assert_eq!(count(&mut c), 1);
    let out = loket(&["schema", "bijwerken"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("al bij"), "a second run does nothing");
    let out = loket(&["rapport"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

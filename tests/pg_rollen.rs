//! PostgreSQL enforces the roles and keeps the audit log (migration 9), checked in raw SQL from
//! outside loket: a connection logged in as `loket_desk`, signed in with `loket.aanmelden` as
//! an account of each role. What a role must not see it doesn't get, whatever the client does.
//!
//! Several tests also undo one policy on the spot (as the owner) and show that the same check
//! then sees the leak: the check depends on that policy.

#![cfg_attr(zonder_postgres, allow(dead_code, unused_imports))]

mod common;

use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use loket::domain::account::{Account, Rol};
use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp, Regel};
use loket::store::{auth, encode, PgStore, Store};
use postgres::{Client, NoTls};

const DESK_WACHTWOORD: &str = "desk-proef";

/// The accounts of these tests: name, role, PIN.
const ACCOUNTS: [(&str, Rol, &str); 5] = [
    ("Fenna", Rol::FunctioneelBeheerder, "111111"),
    ("Bea", Rol::Balie, "222222"),
    ("Cor", Rol::Clientondersteuner, "333333"),
    ("Kees", Rol::BeheerderKaart, "444444"),
    ("Bart", Rol::Balie, "555555"),
];

fn pin_van(naam: &str) -> &'static str {
    ACCOUNTS.iter().find(|a| a.0 == naam).map(|a| a.2).unwrap()
}

/// Give the cluster's `loket_desk` login a password (once per test process; other test
/// processes may do the same at the same moment).
fn desk_wachtwoord(admin: &mut Client) {
    static GEDAAN: OnceLock<()> = OnceLock::new();
    GEDAAN.get_or_init(|| {
        for _ in 0..20 {
            if admin.batch_execute(&format!("ALTER ROLE loket_desk PASSWORD '{DESK_WACHTWOORD}'")).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        panic!("loket_desk kreeg geen wachtwoord");
    });
}

/// A test database at loket's schema with the accounts (their PINs set for the database),
/// one contact, one dossier with a plan and a booking, one follow-up and one map record:
/// (the owner's URL, an owner client).
struct Db {
    url: String,
    admin: Client,
    store: PgStore,
}

impl Db {
    fn new(test: &str) -> Db {
        let url = common::pg::fresh_db(&format!("rollen_{test}")).expect("PostgreSQL");
        let store = PgStore::connect(&url).unwrap();
        for (naam, rol, pin) in ACCOUNTS {
            let a = Account { naam: naam.into(), rol, pin_hash: auth::hash_pin(pin).unwrap(), geblokkeerd: false };
            store.account_toevoegen(&a).unwrap();
            store.pin_in_database(naam, pin).unwrap();
        }
        let mut admin = common::pg::client(&url);
        desk_wachtwoord(&mut admin);
        // a contact handed to the backoffice and its dossier with two notes (typed rows, written
        // by the store on the owner's connection)
        let mut contact = common::pg_v7::contact_4();
        (contact.id, contact.rev, contact.client.bsn) = (1, 0, None);
        store.save_contact_gelogd(&contact, &[]).unwrap();
        let mut dossier = common::pg_v7::dossier_1();
        (dossier.id, dossier.contact_id, dossier.rev) = (1, 1, 0);
        store.save_case_gelogd(&dossier, &[]).unwrap();
        admin
            .batch_execute(
                "INSERT INTO leefplannen (dossier_id, rev, door, data) VALUES (1, 1, 'Cor', '\\x01');
                 INSERT INTO opvolgingen (contact_id, rev, door, data) VALUES (1, 1, 'Bea', '\\x01');
                 INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door)
                     VALUES (1, 'co-1', tsrange('2026-12-08 10:00', '2026-12-08 11:00'), 'Bea');
                 INSERT INTO kaart (sleutel, soort, versie, data) VALUES ('o/1', 'o', 1, '\\x01');
                 SELECT setval('contact_id', 1), setval('dossier_id', 1);",
            )
            .unwrap();
        store.audit_append(&[Gebeurtenis::new(t(0, 0), "Bea", Handeling::Bekeken, Onderwerp::Contact(1))]).unwrap();
        Db { url, admin, store }
    }

    /// The address of this database for the desks' login, over TCP with its password.
    fn desk_url(&self) -> String {
        let db: String = common::pg::client(&self.url).query_one("SELECT current_database()", &[]).unwrap().get(0);
        format!("host=127.0.0.1 port=5432 user=loket_desk password={DESK_WACHTWOORD} dbname={db}")
    }

    /// `SELECT count(*) FROM <what>` on the owner's connection.
    fn admin_count(&self, what: &str) -> i64 {
        common::pg::client(&self.url).query_one(&format!("SELECT count(*) FROM {what}"), &[]).unwrap().get(0)
    }

    /// A fresh connection as the desks' login, not signed in.
    fn desk(&self) -> Client {
        Client::connect(&self.desk_url(), NoTls).expect("connect as loket_desk")
    }

    /// A desk connection signed in as `naam`.
    fn sessie(&self, naam: &str) -> Client {
        let mut c = self.desk();
        let token = aanmelden(&mut c, naam, pin_van(naam)).unwrap_or_else(|| panic!("{naam} signs in"));
        zet_sessie(&mut c, &token);
        c
    }
}

fn t(min: u32, us: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_micro_opt(10, min, 0, us).unwrap()
}

/// `loket.aanmelden`: the token, or None.
fn aanmelden(c: &mut Client, naam: &str, pin: &str) -> Option<String> {
    c.query_one("SELECT loket.aanmelden($1, $2)", &[&naam, &pin]).unwrap().get(0)
}

fn uitkomst(c: &mut Client, naam: &str, pin: &str) -> String {
    c.query_one("SELECT uitkomst FROM loket.aanmelden_uitkomst($1, $2)", &[&naam, &pin]).unwrap().get(0)
}

fn zet_sessie(c: &mut Client, token: &str) {
    c.execute("SELECT set_config('loket.sessie', $1, false)", &[&token]).unwrap();
}

/// Rows of `table` this connection sees.
fn aantal(c: &mut Client, table: &str) -> i64 {
    c.query_one(&format!("SELECT count(*) FROM {table}"), &[]).unwrap().get(0)
}

/// Does this statement fail for this connection?
fn geweigerd(c: &mut Client, sql: &str) -> bool {
    c.batch_execute(sql).is_err()
}

const PERSOONLIJK: [&str; 5] = ["contacten", "dossiers", "leefplannen", "opvolgingen", "boekingen"];

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_roles_exist_as_agreed_and_every_table_has_forced_row_level_security() {
    let mut db = Db::new("rollen");
    let rows = db
        .admin
        .query(
            "SELECT rolname, rolcanlogin, rolsuper, rolcreaterole, rolbypassrls FROM pg_roles \
             WHERE rolname IN ('loket_eigenaar', 'loket_desk', 'loket_rapportage') ORDER BY rolname",
            &[],
        )
        .unwrap();
    let rollen: Vec<(String, bool, bool, bool, bool)> =
        rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))).collect();
    assert_eq!(
        rollen,
        vec![
            ("loket_desk".into(), true, false, false, false),
            ("loket_eigenaar".into(), false, false, false, false),
            ("loket_rapportage".into(), true, false, false, false),
        ]
    );
    // every table belongs to loket_eigenaar and has RLS on and forced (a table added later
    // without policies fails here)
    let tabellen = db
        .admin
        .query(
            "SELECT c.relname, pg_get_userbyid(c.relowner), c.relrowsecurity, c.relforcerowsecurity \
             FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1",
            &[],
        )
        .unwrap();
    assert!(tabellen.len() >= 16, "{}", tabellen.len());
    for r in &tabellen {
        let (naam, eigenaar, aan, geforceerd): (String, String, bool, bool) = (r.get(0), r.get(1), r.get(2), r.get(3));
        assert_eq!(eigenaar, "loket_eigenaar", "{naam}");
        if naam != "loket_schema" {
            assert!(aan && geforceerd, "{naam}: row-level security on and forced");
        }
    }
    // the desks' login owns nothing and is no member of the owner
    let lid: bool =
        db.admin.query_one("SELECT pg_has_role('loket_desk', 'loket_eigenaar', 'MEMBER')", &[]).unwrap().get(0);
    assert!(!lid);
    let mut d = db.desk();
    assert!(geweigerd(&mut d, "SET ROLE loket_rapportage"), "loket_desk can't become another role");
    assert!(geweigerd(&mut d, "SET ROLE loket_eigenaar"));
    // the reports' login reads counts, groups under 5 left out, and never a record
    static RAPPORTAGE: OnceLock<()> = OnceLock::new();
    RAPPORTAGE.get_or_init(|| {
        for _ in 0..20 {
            if db.admin.batch_execute("ALTER ROLE loket_rapportage PASSWORD 'rapportage-proef'").is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    });
    let url = db.desk_url().replace("loket_desk", "loket_rapportage").replace(DESK_WACHTWOORD, "rapportage-proef");
    let mut r = Client::connect(&url, NoTls).unwrap();
    for t in PERSOONLIJK.iter().chain(&["audit_log", "account_accounts", "kaart"]) {
        assert!(geweigerd(&mut r, &format!("SELECT count(*) FROM {t}")), "{t}");
    }
    let getoond = |r: &mut Client| -> Vec<(String, Option<i64>, String)> {
        r.query("SELECT code, aantal, weergave FROM rapportage.contacten_per_maand ORDER BY maand, volgorde", &[])
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect()
    };
    assert_eq!(
        getoond(&mut r),
        vec![("afgesloten".to_string(), None, "<5".to_string())],
        "one contact: too few to show"
    );
    // five drafts beside the one closed contact: the drafts are shown, the closed one (a group
    // of one) is not
    for id in 2..=6 {
        let c = loket::domain::contact::Contact::new(id, loket::domain::contact::Kanaal::Telefoon, t(1, 9));
        db.store.save_contact_gelogd(&c, &[]).unwrap();
    }
    let rijen: Vec<_> = getoond(&mut r).into_iter().filter(|(_, n, _)| n.is_some()).collect();
    assert_eq!(rijen, vec![("concept".to_string(), Some(5), "5".to_string())]);
    // the counts per month and channel, life domain, handling and route: read by the reports'
    // login, nothing under the threshold shown as a number
    let december = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let kanaal: Vec<(NaiveDate, String, Option<i64>, String)> = r
        .query("SELECT maand, code, aantal, weergave FROM rapportage.contacten_per_kanaal", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert!(kanaal.contains(&(december, "telefoon".into(), Some(5), "5".into())), "{kanaal:?}");
    for v in [
        "contacten_per_maand",
        "contacten_per_kanaal",
        "contacten_per_levensdomein",
        "contacten_per_afhandeling",
        "dossiers_per_route",
    ] {
        let rijen = r.query(&format!("SELECT aantal, weergave FROM rapportage.{v}"), &[]).unwrap();
        for rij in &rijen {
            let (n, w): (Option<i64>, String) = (rij.get(0), rij.get(1));
            assert!(n.is_none_or(|n| n == 0 || n >= 5), "{v}: {n:?} {w}");
            assert!(n.is_some() || w == "<5" || w == "x", "{v}: {w}");
        }
    }
}

/// The database suppresses a table of counts exactly as `loket rapport` does (the domain's
/// `afschermen`): the same cells shown, "<5" and "x", over many tables.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_reports_schema_suppresses_as_loket_rapport_does() {
    use loket::domain::rapport::{afschermen, Rij};
    let mut db = Db::new("afschermen");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut volgende = |n: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % n
    };
    let maand = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let mut secundair = 0;
    for _ in 0..300 {
        let rijen: Vec<Rij> = (0..1 + volgende(6))
            .map(|i| Rij { code: format!("c{i}"), label: String::new(), n: volgende(13) })
            .collect();
        let basis: Vec<String> = rijen
            .iter()
            .enumerate()
            .map(|(i, r)| format!(r#"{{"maand":"{maand}","code":"{}","volgorde":{i},"n":{}}}"#, r.code, r.n))
            .collect();
        let sql: Vec<String> = db
            .admin
            .query("SELECT weergave FROM rapportage.afschermen($1::text::jsonb)", &[&format!("[{}]", basis.join(","))])
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let domein: Vec<String> = afschermen(&rijen, 5).iter().map(|c| c.tekst(5)).collect();
        assert_eq!(sql, domein, "{:?}", rijen.iter().map(|r| r.n).collect::<Vec<_>>());
        secundair += domein.iter().filter(|w| *w == "x").count();
    }
    assert!(secundair > 20, "the tables reach the secondary suppression ({secundair})");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_balie_reads_contacts_but_no_dossier_plan_or_note() {
    let mut db = Db::new("balie");
    let mut bea = db.sessie("Bea");
    assert_eq!(aantal(&mut bea, "contacten"), 1);
    assert_eq!(aantal(&mut bea, "opvolgingen"), 1);
    assert_eq!(aantal(&mut bea, "dossiers"), 0, "no dossier, so none of its notes");
    assert_eq!(aantal(&mut bea, "leefplannen"), 0);
    assert_eq!(aantal(&mut bea, "dossier_notities"), 0, "nor a note");
    assert_eq!(aantal(&mut bea, "dossier_signalen"), 0);
    // a handoff: the balie makes a dossier (a copy of dossier 1 as the owner reads it, under
    // another number) and books it, and still can't read it back
    let rij: String = db
        .admin
        .query_one(r#"SELECT (to_jsonb(d) || '{"id": 2}')::text FROM dossiers d WHERE id = 1"#, &[])
        .unwrap()
        .get(0);
    bea.execute("INSERT INTO dossiers SELECT * FROM jsonb_populate_record(NULL::dossiers, $1::text::jsonb)", &[&rij])
        .unwrap();
    bea.batch_execute(
        "INSERT INTO dossier_notities (dossier_id, nr, stap, op, tekst, door)
             VALUES (2, 0, 'vraagverheldering', '2026-12-09 09:00', 'bij de overdracht', 'Bea');
         INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door)
             VALUES (2, 'co-1', tsrange('2026-12-09 10:00', '2026-12-09 11:00'), 'Bea');",
    )
    .unwrap();
    assert_eq!(aantal(&mut bea, "dossiers"), 0);
    assert_eq!(aantal(&mut bea, "dossier_notities"), 0);
    assert_eq!(bea.execute("UPDATE dossiers SET samenvatting = 'x'", &[]).unwrap(), 0, "changes no dossier");
    assert_eq!(bea.execute("DELETE FROM dossier_notities", &[]).unwrap(), 0, "removes no note");
    assert_eq!(bea.execute("DELETE FROM leefplannen", &[]).unwrap(), 0);
    // the cliëntondersteuner reads them all
    let mut cor = db.sessie("Cor");
    assert_eq!(aantal(&mut cor, "dossiers"), 2);
    assert_eq!(aantal(&mut cor, "dossier_notities"), 3, "two of dossier 1, one of the handoff");
    assert_eq!(aantal(&mut cor, "leefplannen"), 1);
    assert_eq!(aantal(&mut cor, "boekingen"), 2);
    assert_eq!(aantal(&mut cor, "contacten"), 1);
    // the check depends on the policy: with RLS off on dossiers the balie would read them
    db.admin.batch_execute("ALTER TABLE dossiers DISABLE ROW LEVEL SECURITY").unwrap();
    assert_eq!(aantal(&mut bea, "dossiers"), 2, "without the policy the balie reads dossiers");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_beheerder_kaart_keeps_the_map_and_reads_no_contact() {
    let mut db = Db::new("kaart");
    let mut kees = db.sessie("Kees");
    for t in PERSOONLIJK {
        assert_eq!(aantal(&mut kees, t), 0, "{t}");
    }
    assert_eq!(aantal(&mut kees, "audit_log"), 0);
    assert_eq!(aantal(&mut kees, "account_accounts"), 0);
    kees.batch_execute(
        "INSERT INTO kaart (sleutel, soort, versie, data) VALUES ('o/2', 'o', 2, '\\x02');
         UPDATE meta SET waarde = waarde + 1 WHERE sleutel = 'kaart_versie';
         INSERT INTO kaart_beheer (sleutel, data) VALUES ('o/2', '\\x01');",
    )
    .unwrap();
    assert_eq!(aantal(&mut kees, "kaart"), 2);
    // no one else changes the map
    let mut bea = db.sessie("Bea");
    assert!(geweigerd(&mut bea, "INSERT INTO kaart (sleutel, soort, versie, data) VALUES ('o/3', 'o', 3, '\\x03')"));
    assert_eq!(bea.execute("DELETE FROM kaart", &[]).unwrap(), 0);
    assert_eq!(aantal(&mut bea, "kaart_beheer"), 0);
    db.admin.batch_execute("ALTER TABLE contacten DISABLE ROW LEVEL SECURITY").unwrap();
    assert_eq!(aantal(&mut kees, "contacten"), 1, "without the policy it would read contacts");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_functioneel_beheerder_reads_accounts_and_the_log_but_no_contact_content() {
    let mut db = Db::new("fb");
    let mut fenna = db.sessie("Fenna");
    for t in PERSOONLIJK {
        assert_eq!(aantal(&mut fenna, t), 0, "{t}");
    }
    assert!(aantal(&mut fenna, "audit_log") >= 1);
    assert_eq!(aantal(&mut fenna, "account_accounts"), 5);
    // the accounts' columns, never the stored record with its PIN hash, nor the database's hash
    let rollen: Vec<String> = fenna
        .query("SELECT rol FROM account_accounts ORDER BY sleutel", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(rollen, ["balie", "balie", "clientondersteuner", "functioneel-beheerder", "beheerder-kaart"]);
    assert!(geweigerd(&mut fenna, "SELECT data FROM account_accounts"));
    assert!(geweigerd(&mut fenna, "UPDATE account_accounts SET data = '\\x00' WHERE sleutel = 'bea'"));
    assert!(geweigerd(&mut fenna, "SELECT * FROM account_pins"));
    assert!(geweigerd(&mut fenna, "SELECT * FROM sessies"));
    // what the others may not: the log and the accounts
    let mut bea = db.sessie("Bea");
    assert_eq!(aantal(&mut bea, "audit_log"), 0);
    assert_eq!(aantal(&mut bea, "account_accounts"), 0);
    db.admin.batch_execute("ALTER TABLE contacten NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY").unwrap();
    assert_eq!(aantal(&mut fenna, "contacten"), 1, "without the policy it would read contacts");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn no_expired_unknown_or_blocked_session_sees_anything_but_the_map() {
    let mut db = Db::new("geen_sessie");
    let alles = [
        "contacten",
        "dossiers",
        "leefplannen",
        "opvolgingen",
        "boekingen",
        "audit_log",
        "account_accounts",
        "kaart_beheer",
    ];
    let kijk = |c: &mut Client, wat: &str| {
        for t in alles {
            assert_eq!(aantal(c, t), 0, "{wat}: {t}");
        }
        assert_eq!(aantal(c, "kaart"), 1, "{wat}: the map is for everyone");
        let rol: Option<String> = c.query_one("SELECT loket.rol()", &[]).unwrap().get(0);
        assert_eq!(rol, None, "{wat}");
    };
    // not signed in
    let mut c = db.desk();
    kijk(&mut c, "geen sessie");
    // a made-up token
    zet_sessie(&mut c, &"ab".repeat(32));
    kijk(&mut c, "onbekend token");
    // expired
    let mut bea = db.sessie("Bea");
    assert_eq!(aantal(&mut bea, "contacten"), 1);
    db.admin.execute("UPDATE sessies SET verloopt = now() - interval '1 second'", &[]).unwrap();
    kijk(&mut bea, "verlopen");
    // blocked, then unblocked: the old token stays dead (blocking ended the session)
    let mut bart = db.sessie("Bart");
    assert_eq!(aantal(&mut bart, "contacten"), 1);
    db.admin.execute("UPDATE account_accounts SET geblokkeerd = true WHERE sleutel = 'bart'", &[]).unwrap();
    kijk(&mut bart, "geblokkeerd");
    db.admin.execute("UPDATE account_accounts SET geblokkeerd = false WHERE sleutel = 'bart'", &[]).unwrap();
    kijk(&mut bart, "weer vrij, oude sessie");
    // a wrong PIN gives no token; signing in again works
    assert_eq!(aanmelden(&mut c, "Bart", "000000"), None);
    assert!(aanmelden(&mut c, "Bart", pin_van("Bart")).is_some());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn blocking_ends_a_running_session_at_its_next_statement() {
    let mut db = Db::new("blok");
    let mut bea = db.sessie("Bea");
    assert_eq!(aantal(&mut bea, "contacten"), 1);
    // the functioneel beheerder blocks her from another desk
    let mut fenna = db.sessie("Fenna");
    let begin = std::time::Instant::now();
    assert_eq!(fenna.execute("UPDATE account_accounts SET geblokkeerd = true WHERE sleutel = 'bea'", &[]).unwrap(), 1);
    assert_eq!(aantal(&mut bea, "contacten"), 0, "her desk's next statement sees nothing");
    assert!(begin.elapsed() < std::time::Duration::from_secs(5));
    let n: i64 = db.admin.query_one("SELECT count(*) FROM sessies WHERE sleutel = 'bea'", &[]).unwrap().get(0);
    assert_eq!(n, 0, "her sessions are gone");
    assert_eq!(uitkomst(&mut db.desk(), "Bea", pin_van("Bea")), "geblokkeerd");
    // the owner's connection (the CLI's sign-in, `loket account lijst`) sees the block too
    assert!(db.store.account("bea").unwrap().unwrap().geblokkeerd);
    assert_eq!(
        auth::aanmelden_met(&db.store, "Bea", pin_van("Bea"), 5, t(0, 0)).unwrap_err(),
        auth::AanmeldFout::Geblokkeerd
    );
    // through loket's own blocking (owner connection, as `loket account blokkeren`)
    let mut cor = db.sessie("Cor");
    assert_eq!(aantal(&mut cor, "dossiers"), 1);
    db.store.account_blokkeren("Cor", true).unwrap();
    assert_eq!(aantal(&mut cor, "dossiers"), 0);
    // a balie can't block anyone
    let mut bart = db.sessie("Bart");
    assert_eq!(bart.execute("UPDATE account_accounts SET geblokkeerd = true", &[]).unwrap(), 0);
    assert_eq!(aantal(&mut fenna, "account_accounts"), 5);
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_lockout_holds_across_connections_and_the_cli() {
    let mut db = Db::new("vergrendeling");
    // the limit is the database's setting
    db.admin.execute("UPDATE meta SET waarde = 3 WHERE sleutel = 'aanmelden_max_pogingen'", &[]).unwrap();
    let (mut a, mut b) = (db.desk(), db.desk());
    assert_eq!(uitkomst(&mut a, "Bea", "000000"), "onjuist");
    assert_eq!(uitkomst(&mut b, "bea", "000001"), "onjuist");
    assert_eq!(uitkomst(&mut a, "Bea", "000002"), "vergrendeld", "the third failure locks, wherever it was made");
    assert_eq!(uitkomst(&mut b, "Bea", pin_van("Bea")), "vergrendeld", "even with the right PIN");
    assert_eq!(aanmelden(&mut a, "Bea", pin_van("Bea")), None);
    // the CLI's sign-in (on an owner connection) counts the same failures
    let cli = auth::aanmelden_met(&db.store, "Bea", pin_van("Bea"), 3, t(1, 0));
    assert_eq!(cli.unwrap_err(), auth::AanmeldFout::Vergrendeld);
    // and failures counted by the CLI lock the database's sign-in
    let _ = auth::aanmelden_met(&db.store, "Bart", "000000", 3, t(1, 0));
    let _ = auth::aanmelden_met(&db.store, "Bart", "000000", 3, t(1, 0));
    assert_eq!(uitkomst(&mut a, "Bart", "000000"), "vergrendeld");
    assert_eq!(uitkomst(&mut b, "Bart", pin_van("Bart")), "vergrendeld");
    // each failure and the lock are in the log, made by the database, never what was typed
    let ruw = db.store.audit_raw().unwrap();
    let regels = audit::controleer(&ruw).expect("the chain holds");
    let mislukt = regels.iter().filter(|r| r.handeling == Handeling::AanmeldenMislukt && r.wie == "Bea").count();
    assert_eq!(mislukt, 6, "three failures, then three tries while locked (two desks, the CLI)");
    assert!(regels.iter().any(|r| r.handeling == Handeling::Vergrendeld && r.wie == "Bea"));
    assert!(regels.iter().all(|r| !r.reden.contains("000000")));
    assert!(uitkomst(&mut a, "niemand", "000000") == "onjuist");
    let onbekend = audit::controleer(&db.store.audit_raw().unwrap()).unwrap();
    assert!(onbekend.last().is_some_and(|r| r.wie.is_empty() && r.reden == "onbekende naam"));
    // the desk login can't reset a count itself
    let mut bea_fb = db.sessie("Fenna");
    assert!(geweigerd(&mut bea_fb, "DELETE FROM meta WHERE sleutel LIKE 'aanmeldfouten:%'"));
    assert_eq!(aantal(&mut bea_fb, "meta WHERE sleutel LIKE 'aanmeldfouten:%'"), 0, "not even readable");
    // released by the functioneel beheerder (owner connection, as `loket account deblokkeer`)
    db.store.aanmeldfouten_wissen("bea", &[]).unwrap();
    assert!(aanmelden(&mut b, "Bea", pin_van("Bea")).is_some());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn no_one_changes_the_audit_log_except_through_its_function() {
    let mut db = Db::new("audit");
    for naam in ["Fenna", "Bea", "Cor", "Kees"] {
        let mut c = db.sessie(naam);
        for sql in [
            "UPDATE audit_log SET data = '\\x00'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "INSERT INTO audit_log (nr, op, data) VALUES (999, now(), '\\x00')",
            "UPDATE audit_kop SET kop = NULL",
            "SELECT loket.audit_schrijven(localtimestamp, 'x', 0, NULL, NULL, 2, NULL, '')",
            // a checkpoint only comes from pruning
            "SELECT loket.audit_toevoegen(localtimestamp, 'x', 6, 2, NULL, '')",
        ] {
            assert!(geweigerd(&mut c, sql), "{naam}: {sql}");
        }
        // through the function: the database says who and when
        let nr: i64 = c
            .query_one("SELECT loket.audit_toevoegen('2020-01-01 00:00', 'iemand anders', 0, 0, 1, '')", &[])
            .unwrap()
            .get(0);
        assert!(nr > 1);
    }
    // pruning: the functioneel beheerder only, and never the recent entries
    let mut fenna = db.sessie("Fenna");
    let mut bea = db.sessie("Bea");
    let opschonen = "SELECT loket.audit_opschonen(localtimestamp - interval '2 years', localtimestamp, 'x', 2, NULL, 'bewaartermijn')";
    assert!(geweigerd(&mut bea, opschonen));
    assert!(!geweigerd(&mut fenna, opschonen), "entries of over a year ago");
    assert!(geweigerd(
        &mut fenna,
        "SELECT loket.audit_opschonen(localtimestamp, localtimestamp, 'x', 2, NULL, 'alles weg')"
    ));
    // without a session not even through the function
    assert!(geweigerd(&mut db.desk(), "SELECT loket.audit_toevoegen(localtimestamp, 'x', 0, 2, NULL, '')"));
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).expect("the database's chain checks");
    let laatste: Vec<&str> = regels.iter().rev().take(4).map(|r| r.wie.as_str()).collect();
    assert_eq!(laatste, ["Kees", "Cor", "Bea", "Fenna"]);
    assert!(regels.iter().rev().take(4).all(|r| r.op.date() > NaiveDate::from_ymd_opt(2025, 1, 1).unwrap()));
    // the check depends on the grant and the policy: with both undone a desk removes an entry,
    // and the chain says so
    db.admin
        .batch_execute("GRANT DELETE ON audit_log TO loket_desk; ALTER TABLE audit_log DISABLE ROW LEVEL SECURITY")
        .unwrap();
    let mut fenna = db.sessie("Fenna");
    assert_eq!(fenna.execute("DELETE FROM audit_log WHERE nr = 2", &[]).unwrap(), 1);
    assert!(audit::controleer(&db.store.audit_raw().unwrap()).is_err());
}

/// The database writes an entry byte for byte as the desk's codec does, so `loket audit
/// --controleer` reads and checks what the database appended (golden: the desk's encoding).
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_database_encodes_an_entry_as_the_desk_does() {
    let mut db = Db::new("codering");
    let handelingen = [
        Handeling::Bekeken,
        Handeling::Aangemaakt,
        Handeling::Gewijzigd,
        Handeling::Geexporteerd,
        Handeling::Gewist,
        Handeling::Gecorrigeerd,
        Handeling::Controlepunt { tot_nr: 70_000, hash: [7; 32] },
        Handeling::Afgesloten,
        Handeling::Doorgezet,
        Handeling::AfspraakVerzet,
        Handeling::AanmeldenMislukt,
        Handeling::Vergrendeld,
        Handeling::Geblokkeerd,
        Handeling::Vrijgegeven,
    ];
    let onderwerpen =
        [Onderwerp::Contact(7), Onderwerp::Dossier(300), Onderwerp::Geen, Onderwerp::Contact(5_000_000_000)];
    let tijden = [t(0, 0), t(1, 500_000), t(2, 123_456), t(3, 1_000)];
    let redenen = ["".to_string(), "verzoek van betrokkene (art. 17) – ‘één’".to_string(), "x".repeat(300)];
    let mut i = 0;
    for (hi, h) in handelingen.iter().enumerate() {
        let o = onderwerpen[hi % onderwerpen.len()];
        let op = tijden[hi % tijden.len()];
        let reden = &redenen[hi % redenen.len()];
        let nr = [1u64, 250, 251, 65_536, 4_294_967_296][hi % 5];
        let g = Gebeurtenis::new(op, "Zoë van 't Hof", h.clone(), o).met_reden(reden);
        let vorige = [hi as u8; 32];
        let verwacht = encode(&Regel::new(nr, &g, vorige)).unwrap();
        let (tot, hash) = match h {
            Handeling::Controlepunt { tot_nr, hash } => (Some(*tot_nr as i64), Some(hash.to_vec())),
            _ => (None, None),
        };
        let (soort, id) = o.nummer();
        let bytes: Vec<u8> = db
            .admin
            .query_one(
                "SELECT loket.audit_bytes($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[&(nr as i64), &op, &g.wie, &h.nummer(), &tot, &hash, &soort, &id, &g.reden, &vorige.to_vec()],
            )
            .unwrap()
            .get(0);
        assert_eq!(bytes, verwacht, "{h:?} {o:?} {op}");
        i += 1;
    }
    assert_eq!(i, 14);
    // a chain appended by the database and pruned by it checks on the desk
    let vroeg = t(0, 0);
    for k in 0..5u32 {
        db.store
            .audit_append(&[Gebeurtenis::new(
                vroeg + chrono::Duration::minutes(k as i64),
                "Cor",
                Handeling::Gewijzigd,
                Onderwerp::Dossier(1),
            )])
            .unwrap();
    }
    db.store.audit_append(&[Gebeurtenis::new(t(30, 0), "Cor", Handeling::Bekeken, Onderwerp::Dossier(1))]).unwrap();
    let weg = db
        .store
        .audit_prune(
            t(20, 0),
            &Gebeurtenis::new(t(40, 0), "Fenna", Handeling::Controlepunt { tot_nr: 0, hash: [0; 32] }, Onderwerp::Geen)
                .met_reden("bewaartermijn"),
        )
        .unwrap();
    assert_eq!(weg, 6, "the first entry and the five early ones");
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).expect("the pruned chain checks");
    assert!(matches!(regels.last().unwrap().handeling, Handeling::Controlepunt { tot_nr: 6, .. }));
    assert_eq!(regels.len(), 2);
}

/// A database of before migration 9: its accounts get their columns from their records, their
/// PINs are to be set again ("PIN opnieuw instellen") until a sign-in on an owner connection or
/// a new PIN gives the database its own hash.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn an_older_database_is_migrated_and_its_pins_are_set_again() {
    let url = common::pg::fresh_db("rollen_migratie").expect("PostgreSQL");
    let mut admin = common::pg::client(&url);
    admin
        .batch_execute(
            "CREATE TABLE loket_schema (versie integer PRIMARY KEY, toegepast timestamptz NOT NULL DEFAULT now())",
        )
        .unwrap();
    for (v, sql) in loket::store::pg::MIGRATIONS.iter().filter(|m| m.0 <= 7) {
        admin.batch_execute(sql).unwrap();
        admin.execute("INSERT INTO loket_schema (versie) VALUES ($1)", &[v]).unwrap();
    }
    let oud = |naam: &str, rol, geblokkeerd| {
        let a = Account { naam: naam.into(), rol, pin_hash: auth::hash_pin("246810").unwrap(), geblokkeerd };
        (Account::sleutel(naam), encode(&a).unwrap())
    };
    for (k, data) in [
        oud("Fenna", Rol::FunctioneelBeheerder, false),
        oud("Bea", Rol::Balie, false),
        oud("Gijs", Rol::Clientondersteuner, true),
    ] {
        admin.execute("INSERT INTO account_accounts (sleutel, data) VALUES ($1, $2)", &[&k, &data]).unwrap();
    }
    // an unreadable record is reported and skipped
    admin.execute("INSERT INTO account_accounts (sleutel, data) VALUES ('kapot', '\\x09')", &[]).unwrap();
    assert!(PgStore::connect(&url).is_err(), "a desk doesn't upgrade the schema");
    let na_7: Vec<i32> = loket::store::pg::MIGRATIONS.iter().map(|m| m.0).filter(|v| *v > 7).collect();
    assert_eq!(&na_7[..2], [8, 9]);
    assert_eq!(PgStore::schema_bijwerken(&url).unwrap(), na_7, "every step after 7, 8 and 9 among them");
    let kolommen: Vec<(String, Option<String>, Option<String>, bool)> = admin
        .query("SELECT sleutel, naam, rol, geblokkeerd FROM account_accounts ORDER BY sleutel", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect();
    assert_eq!(
        kolommen,
        vec![
            ("bea".into(), Some("Bea".into()), Some("balie".into()), false),
            ("fenna".into(), Some("Fenna".into()), Some("functioneel-beheerder".into()), false),
            ("gijs".into(), Some("Gijs".into()), Some("clientondersteuner".into()), true),
            ("kapot".into(), None, None, false),
        ]
    );
    desk_wachtwoord(&mut admin);
    let db: String = admin.query_one("SELECT current_database()", &[]).unwrap().get(0);
    let mut desk = Client::connect(
        &format!("host=127.0.0.1 port=5432 user=loket_desk password={DESK_WACHTWOORD} dbname={db}"),
        NoTls,
    )
    .unwrap();
    assert_eq!(uitkomst(&mut desk, "Bea", "246810"), "pin_opnieuw");
    assert_eq!(uitkomst(&mut desk, "kapot", "246810"), "pin_opnieuw");
    // a sign-in checked with argon2 on an owner connection gives the database its hash
    let store = PgStore::connect(&url).unwrap();
    auth::aanmelden_met(&store, "Bea", "246810", 5, t(0, 0)).unwrap();
    assert!(aanmelden(&mut desk, "Bea", "246810").is_some());
    assert_eq!(uitkomst(&mut desk, "Bea", "135790"), "onjuist");
    // a new PIN (`loket account pin`) replaces the database's hash too
    store.account_pin_zetten("Bea", &auth::hash_pin("135790").unwrap()).unwrap();
    assert_eq!(uitkomst(&mut desk, "Bea", "246810"), "pin_opnieuw", "the old PIN is gone");
    store.pin_in_database("Bea", "135790").unwrap();
    assert!(aanmelden(&mut desk, "Bea", "135790").is_some());
}

/// Records this store's session may read (readable or not: raw test rows don't decode).
fn gezien<T>(l: loket::store::Result<loket::store::Loaded<Vec<T>>>) -> usize {
    let l = l.unwrap();
    l.value.len() + l.skipped.len()
}

/// loket itself on the desks' login: the map before sign-in, sign-in through the database, what
/// the role may after it, the session carried over a reconnect, ended by a block.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn loket_connects_as_the_desk_login_and_signs_in_through_the_database() {
    let db = Db::new("desk_login");
    loket::cli::seed(&db.store).unwrap();
    let url = format!("{} sslmode=require", db.desk_url());
    let desk = PgStore::connect(&url).unwrap();
    assert!(desk.aanmelden_door_database());
    assert!(!db.store.aanmelden_door_database(), "the owner's connection signs in as before");
    // before sign-in: the map and its reference lists, nothing else; a desk's start seeds nothing
    loket::cli::seed(&desk).unwrap();
    assert!(desk.kaart_count().unwrap() > 0);
    assert!(!desk.kaart_load(&mut |_| {}).unwrap().value.voorzieningen.is_empty());
    assert!(!desk.ondersteuners().unwrap().value.is_empty(), "the supporters, to book with");
    assert!(desk.woordenlijst(loket::store::lijsten::GEVAARWOORDEN).unwrap().is_some());
    assert_eq!(gezien(desk.contacts()), 0);
    assert!(desk.accounts().unwrap().is_empty());
    // a wrong PIN is counted by the database, for every desk
    assert_eq!(auth::aanmelden(&desk, "Bea", "000000").unwrap_err(), auth::AanmeldFout::Onjuist);
    assert_eq!(db.store.aanmeldfouten("bea").unwrap(), 1);
    let a = auth::aanmelden(&desk, "Bea", pin_van("Bea")).unwrap();
    assert_eq!((a.naam.as_str(), a.rol), ("Bea", Rol::Balie));
    assert!(a.pin_hash.is_empty(), "the desk never holds a PIN hash");
    assert_eq!(db.store.aanmeldfouten("bea").unwrap(), 0);
    assert_eq!(gezien(desk.contacts()), 1);
    assert_eq!(gezien(desk.cases()), 0, "a balie reads no dossier");
    // signing in again (an unlock) ends the desk's session before
    auth::aanmelden(&desk, "Bea", pin_van("Bea")).unwrap();
    let mut admin = common::pg::client(&db.url);
    let sessies: i64 = admin.query_one("SELECT count(*) FROM sessies WHERE sleutel = 'bea'", &[]).unwrap().get(0);
    assert_eq!(sessies, 1);
    // a reconnect carries the session on
    desk.drop_connection_for_test();
    let _ = desk.contacts(); // (the call that finds the connection gone)
    assert_eq!(gezien(desk.contacts()), 1);
    // what the desk logs, the database signs with the session's account
    desk.audit_append(&[Gebeurtenis::new(t(0, 0), "iemand", Handeling::Bekeken, Onderwerp::Contact(1))]).unwrap();
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).unwrap();
    assert_eq!(regels.last().unwrap().wie, "Bea");
    // blocked: the desk's next call sees nothing
    db.store.account_blokkeren("Bea", true).unwrap();
    assert_eq!(gezien(desk.contacts()), 0);
    // a command's sign-in for a role (`vereis_rol`) on the desks' login
    let desk2 = PgStore::connect(&url).unwrap();
    let cor = auth::vereis_rol_met(&desk2, &[Rol::Clientondersteuner], &mut auth::Regels("Cor\n333333\n".as_bytes()))
        .unwrap()
        .unwrap();
    assert_eq!(cor.rol, Rol::Clientondersteuner);
    assert_eq!(gezien(desk2.cases()), 1);
    let fout = auth::vereis_rol_met(
        &PgStore::connect(&url).unwrap(),
        &[Rol::Clientondersteuner],
        &mut auth::Regels("Kees\n444444\n".as_bytes()),
    )
    .unwrap_err();
    assert!(fout.to_string().contains("alleen voor een"), "{fout}");
}

/// The balie's work on the desks' login: a contact saved and handed off with an appointment (the
/// dossier made and booked, never read back), then read by the cliëntondersteuner.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn a_handoff_on_the_desk_login_is_made_by_the_balie_and_read_by_the_clientondersteuner() {
    let db = Db::new("desk_overdracht");
    loket::cli::seed(&db.store).unwrap();
    let url = format!("{} sslmode=require", db.desk_url());
    let balie = PgStore::connect(&url).unwrap();
    auth::aanmelden(&balie, "Bea", pin_van("Bea")).unwrap();
    let c = common::store::complex_draft(&balie, "Bea", "hulp bij het huishouden");
    let start = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "co-1".into(),
        start,
        eind: start + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    let log = |id: u64| vec![Gebeurtenis::new(t(5, 0), "Bea", Handeling::Doorgezet, Onderwerp::Dossier(id))];
    let r = balie.handoff_gelogd(&common::store::closed(&c), &common::store::new_case(&c, "Bea"), &slot, &log).unwrap();
    let loket::store::BookResult::Booked(k) = r else { panic!("the time was free") };
    assert_eq!(gezien(balie.cases()), 0, "she reads no dossier, not even the one she made");
    assert_eq!(gezien(balie.bookings()), 2, "she sees the times that are taken");
    let cor = PgStore::connect(&url).unwrap();
    auth::aanmelden(&cor, "Cor", pin_van("Cor")).unwrap();
    let dossiers = cor.cases().unwrap().value;
    assert!(dossiers.iter().any(|d| d.id == k.id && d.afspraak.as_ref() == Some(&slot)), "{dossiers:?}");
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).unwrap();
    assert!(regels.iter().any(|r| r.handeling == Handeling::Doorgezet && r.wie == "Bea"));
}

/// The program itself on the desks' login: `loket audit --controleer` asks the functioneel
/// beheerder's sign-in (from stdin), which the database checks, and checks the database's chain;
/// a balie's sign-in is refused for it.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_program_on_the_desk_login_signs_in_through_the_database() {
    let db = Db::new("desk_programma");
    loket::cli::seed(&db.store).unwrap();
    let home = tempfile::tempdir().unwrap();
    let url = format!("{} sslmode=require", db.desk_url());
    let loket = |stdin: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["audit", "--controleer"])
            .env("HOME", home.path())
            .env("LOKET_CONFIG", home.path().join("geen.toml"))
            .env("LOKET_SYSTEEMCONFIG", home.path().join("geen-systeem.toml"))
            .env("LOKET_DATA_DIR", home.path().join("data"))
            .env("LOKET_DATABASE_URL", &url)
            .env("LOKET_MEDEWERKER", "Proef")
            .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        )
    };
    let (ok, text) = loket("Fenna\n111111\n");
    assert!(ok && text.contains("Keten in orde"), "{text}");
    let (ok, text) = loket("Bea\n222222\n");
    assert!(!ok && text.contains("functioneel beheerder"), "{text}");
    let (ok, text) = loket("Fenna\n000000\n");
    assert!(!ok && text.contains("naam of pincode klopt niet"), "{text}");
    assert_eq!(db.store.aanmeldfouten("fenna").unwrap(), 1, "counted by the database");
}

/// An account added with `loket account toevoegen` (the owner's connection) signs in on the
/// desks' login at once: the command gives the database its hash of the new PIN.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn a_new_account_signs_in_on_the_desk_login_at_once() {
    use loket::commands::account::{run, AccountCommand};
    let db = Db::new("nieuw_account");
    let mut out = Vec::new();
    run(
        &db.store,
        AccountCommand::Toevoegen { naam: "Noor".into(), rol: Rol::Clientondersteuner },
        &mut auth::Regels("Fenna\n111111\n777777\n".as_bytes()),
        &mut out,
    )
    .unwrap();
    let mut c = db.desk();
    let token = aanmelden(&mut c, "Noor", "777777").expect("signs in through the database");
    zet_sessie(&mut c, &token);
    assert_eq!(aantal(&mut c, "dossiers"), 1);
}

/// The roles are per cluster: databases migrated at the same moment on a cluster that has none
/// yet all get through (one makes each role, the others find it made). On a throwaway cluster of
/// this test's own, where the roles don't exist yet.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn databases_migrated_at_once_on_a_new_cluster_share_the_roles() {
    let cluster = common::cluster::Cluster::new().expect("a throwaway PostgreSQL cluster (initdb, pg_ctl)");
    let admin_url = cluster.url();
    let mut admin = Client::connect(&admin_url, NoTls).unwrap();
    let n: i64 = admin.query_one("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'loket\\_%'", &[]).unwrap().get(0);
    assert_eq!(n, 0, "a new cluster has none of loket's roles");
    let urls: Vec<String> = (0..4)
        .map(|i| {
            admin.batch_execute(&format!("CREATE DATABASE rollen_{i}")).unwrap();
            admin_url.replace("dbname=postgres", &format!("dbname=rollen_{i}"))
        })
        .collect();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(urls.len()));
    let threads: Vec<_> = urls
        .into_iter()
        .map(|url| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                PgStore::connect(&url).map(|_| ())
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap().expect("every database migrated");
    }
    let n: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_roles WHERE rolname IN ('loket_eigenaar', 'loket_desk', 'loket_rapportage')",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 3);
}

/// The functioneel beheerder manages the accounts on the desks' login: add (the new account
/// signs in through the database at once), list (with a lock after failed sign-ins), release,
/// block.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn accounts_are_managed_on_the_desk_login() {
    use loket::commands::account::{run, AccountCommand};
    let db = Db::new("desk_accounts");
    let desk = PgStore::connect(&format!("{} sslmode=require", db.desk_url())).unwrap();
    let fb = |extra: &str| auth::Regels(std::io::Cursor::new(format!("Fenna\n111111\n{extra}")));
    let mut out = Vec::new();
    run(
        &desk,
        AccountCommand::Toevoegen { naam: "Noor".into(), rol: Rol::Clientondersteuner },
        &mut fb("777777\n"),
        &mut out,
    )
    .unwrap();
    let mut c = db.desk();
    assert_eq!(uitkomst(&mut c, "Noor", "777777"), "aangemeld");
    assert_eq!(db.store.account("noor").unwrap().unwrap().rol, Rol::Clientondersteuner);
    // Bart locks himself out; the list says so; the functioneel beheerder releases him
    for _ in 0..5 {
        uitkomst(&mut c, "Bart", "000000");
    }
    let mut lijst = Vec::new();
    run(&desk, AccountCommand::Lijst, &mut fb(""), &mut lijst).unwrap();
    let lijst = String::from_utf8(lijst).unwrap();
    assert!(
        lijst.contains("Noor") && lijst.lines().any(|l| l.starts_with("Bart") && l.contains("vergrendeld")),
        "{lijst}"
    );
    run(&desk, AccountCommand::Blokkeren { naam: "Bart".into(), opheffen: true }, &mut fb(""), &mut out).unwrap();
    assert_eq!(uitkomst(&mut c, "Bart", pin_van("Bart")), "aangemeld");
    // a block, from the desk: the database and the owner's connection see it
    run(&desk, AccountCommand::Blokkeren { naam: "Bea".into(), opheffen: false }, &mut fb(""), &mut out).unwrap();
    assert_eq!(uitkomst(&mut c, "Bea", pin_van("Bea")), "geblokkeerd");
    assert!(db.store.account("bea").unwrap().unwrap().geblokkeerd);
    // each change is in the log, signed by the session
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).unwrap();
    assert!(regels.iter().any(|r| r.handeling == Handeling::Vrijgegeven && r.wie == "Fenna"));
    assert!(regels.iter().any(|r| r.handeling == Handeling::Geblokkeerd && r.wie == "Fenna"));
    // a balie can't manage accounts there either
    let e = run(&desk, AccountCommand::Lijst, &mut auth::Regels(std::io::Cursor::new("Bart\n555555\n")), &mut out)
        .unwrap_err();
    assert!(e.to_string().contains("functioneel beheerder"), "{e}");
}

/// A worker changes their own PIN on the desks' login (`loket account pin`): the database checks
/// the current PIN as a sign-in does and keeps the new one; the old one no longer signs in, on
/// any connection. A wrong current PIN changes nothing and counts towards the lockout; the
/// change is in the log under the worker's name.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn a_worker_changes_their_own_pin_on_the_desk_login() {
    use loket::commands::account::{run, AccountCommand};
    let db = Db::new("eigen_pin");
    let desk = PgStore::connect(&format!("{} sslmode=require", db.desk_url())).unwrap();
    let mut out = Vec::new();
    // a wrong current PIN: refused before a new one is asked, counted
    let e = run(&desk, AccountCommand::Pin, &mut auth::Regels(std::io::Cursor::new("Cor\n000000\n888888\n")), &mut out)
        .unwrap_err();
    assert!(e.to_string().contains("pincode niet gewijzigd"), "{e}");
    assert_eq!(db.store.aanmeldfouten("cor").unwrap(), 1);
    let mut c = db.desk();
    assert_eq!(uitkomst(&mut c, "Cor", "333333"), "aangemeld", "unchanged");
    // the function itself refuses a wrong current PIN and a short new one
    assert_eq!(
        c.query_one("SELECT loket.eigen_pin_wijzigen('Cor', '000000', '999999')", &[]).unwrap().get::<_, String>(0),
        "onjuist"
    );
    assert_eq!(
        c.query_one("SELECT loket.eigen_pin_wijzigen('Cor', '333333', '12')", &[]).unwrap().get::<_, String>(0),
        "te_kort"
    );
    assert_eq!(uitkomst(&mut c, "Cor", "333333"), "aangemeld", "still unchanged");
    let sessies_voor: i64 = db.admin_count("sessies WHERE sleutel = 'cor'");
    run(&desk, AccountCommand::Pin, &mut auth::Regels(std::io::Cursor::new("Cor\n333333\n888888\n")), &mut out)
        .unwrap();
    assert!(String::from_utf8_lossy(&out).contains("Pincode van 'Cor' gewijzigd"));
    assert_eq!(uitkomst(&mut c, "Cor", "333333"), "onjuist", "the old PIN is gone");
    assert_eq!(uitkomst(&mut c, "Cor", "888888"), "aangemeld");
    // the check inside the change leaves no session of its own: only the command's sign-in and
    // the successful one above started one
    assert_eq!(db.admin_count("sessies WHERE sleutel = 'cor'"), sessies_voor + 2);
    let regels = audit::controleer(&db.store.audit_raw().unwrap()).unwrap();
    assert!(
        regels.iter().any(|r| r.handeling == Handeling::Gewijzigd && r.wie == "Cor" && r.reden == "eigen pincode"),
        "the change is logged"
    );
}

/// Retention on the desks' login would read only what the signed-in role may see and remove
/// nothing: it is refused with where to run it instead, and nothing is changed.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn retention_is_refused_on_the_desk_login() {
    let db = Db::new("opschonen_desk");
    let desk = PgStore::connect(&format!("{} sslmode=require", db.desk_url())).unwrap();
    auth::aanmelden(&desk, "Fenna", pin_van("Fenna")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let voor = db.admin_count("contacten WHERE NOT gewist");
    let e = loket::commands::opschonen::run(
        &desk,
        dir.path(),
        &Default::default(),
        NaiveDate::from_ymd_opt(2040, 1, 1).unwrap().and_hms_opt(3, 0, 0).unwrap(),
        "Fenna",
    )
    .unwrap_err();
    assert!(e.to_string().contains("eigenaarsverbinding"), "{e}");
    assert_eq!(db.admin_count("contacten WHERE NOT gewist"), voor);
}

/// The desk's screen on the desks' login, as `main` starts it: the sign-in form, then a balie
/// signed in through the database finds the earlier contact, no dossier, the supporters to book
/// with, and a new contact is stored under her name.
#[test]
#[cfg_attr(zonder_postgres, ignore = "PostgreSQL ontbreekt op deze machine")]
fn the_desk_screen_signs_in_on_the_desk_login() {
    use common::{press_in, screen_text, type_in};
    use loket::app::aanmelden::AanmeldState;
    use loket::app::run;
    let db = Db::new("desk_scherm");
    loket::cli::seed(&db.store).unwrap();
    let eerder = common::store::complex_draft(&db.store, "Bea", "hulp bij de administratie");
    let store = PgStore::connect(&format!("{} sslmode=require", db.desk_url())).unwrap();
    let mut s = common::demo_state();
    s.contact_ids.clear();
    s.medewerker.clear();
    let mut out = Vec::new();
    let toegang = loket::commands::account::bij_start(
        &store,
        false,
        &mut auth::Regels(std::io::Cursor::new(Vec::new())),
        &mut out,
    )
    .unwrap();
    assert!(toegang.verplicht && !toegang.onbeveiligd, "sign-in required, no 'make the first account'");
    s.aanmelding_verplicht = true;
    s.aanmelden = Some(AanmeldState::start());
    for msg in run::startup(&store) {
        run::handle(&store, &mut s, msg);
    }
    assert!(s.contacts.is_empty(), "nothing personal before sign-in");
    type_in(&store, &mut s, "Bea");
    press_in(&store, &mut s, "enter");
    type_in(&store, &mut s, pin_van("Bea"));
    press_in(&store, &mut s, "enter");
    assert!(s.aanmelden.is_none(), "{:?}", s.aanmelden.as_ref().and_then(|f| f.fout.clone()));
    assert_eq!(s.account.as_ref().map(|a| (a.naam.as_str(), a.rol)), Some(("Bea", Rol::Balie)));
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Bea (balie)"), "{text}");
    assert!(s.contacts.iter().any(|c| c.id == eerder.id), "the earlier contact, read through her session");
    assert!(s.backoffice.cases.is_empty());
    assert!(!s.backoffice.ondersteuners.is_empty(), "the supporters, for a handoff");
    // her unfinished contact is offered (read through her session); later
    assert!(screen_text(&s, 100, 30).contains("hulp bij de administratie"));
    press_in(&store, &mut s, "n");
    press_in(&store, &mut s, "ctrl-n");
    type_in(&store, &mut s, "vraag over vervoer");
    let id = s.contact.as_ref().expect("a new contact").contact.id;
    let stored = db.store.contact(id).unwrap().expect("saved through the desks' login");
    assert_eq!(stored.medewerker, "Bea");
}

//! Contacts and dossiers as typed tables on PostgreSQL (schema step 8): a version-7 database (the
//! golden fixture `tests/fixtures/pg_v7.sql`, bincode blobs) is upgraded by `schema bijwerken`
//! with every record intact; a record loket can't read is kept aside and named; the columns are
//! typed; and the engine itself refuses rows the domain never stores.

mod common;

use loket::store::pg::Bijgewerkt;
use loket::store::{PgStore, Store};

/// A fresh database holding the fixture: schema version 7, as loket left it then.
fn v7_database(test: &str) -> String {
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let url = common::pg::fresh_db(test).expect("PostgreSQL");
    let dump = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/pg_v7.sql")).unwrap();
    // plain SQL; psql's meta-commands (\restrict) are not SQL
    let sql: String = dump.lines().filter(|l| !l.starts_with('\\')).map(|l| format!("{l}\n")).collect();
    common::pg::client(&url).batch_execute(&sql).unwrap();
    assert_eq!(PgStore::schemaversie(&url).unwrap(), Some(7));
    url
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_version_7_database_is_upgraded_with_every_record_intact() {
    let url = v7_database("v7_naar_8");
    let e = PgStore::connect(&url).err().expect("a desk refuses a database behind it");
    assert!(e.to_string().contains("loket schema bijwerken"), "{e}");
    let verslag = PgStore::schema_bijwerken_verslag(&url).unwrap();
    assert_eq!(verslag, Bijgewerkt { stappen: vec![8], meldingen: vec![] });
    let store = PgStore::connect(&url).unwrap();
    // field by field, as the records were written at version 7
    common::pg_v7::controleer(&store);

    let mut c = common::pg::client(&url);
    // the BSN stays sealed in its column; the rules hold for the moved rows too
    let bsn: String = c.query_one("SELECT client_bsn FROM contacten WHERE id = 1", &[]).unwrap().get(0);
    assert!(bsn.starts_with("bsn1:") && !bsn.contains(common::pg_v7::BSN), "{bsn}");
    let ongeldig: Vec<String> = c
        .query("SELECT conname::text FROM pg_constraint WHERE NOT convalidated ORDER BY 1", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(ongeldig.is_empty(), "every rule is checked against the moved rows: {ongeldig:?}");
    let oud: Option<String> = c.query_one("SELECT to_regclass('contacten_v7')::text", &[]).unwrap().get(0);
    assert_eq!(oud, None, "the blob tables are gone");
    let telt = |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(telt(&mut c, "SELECT count(*) FROM onleesbaar"), 0);

    // writing on: revisions go on from the moved ones, a stale one is refused
    let mut k = store.case(1).unwrap().unwrap();
    k.samenvatting.push_str("\nna de migratie");
    let rev = store.save_case(&k).unwrap();
    assert_eq!(rev, 3);
    assert!(store.save_case(&k).is_err(), "a stale revision is refused");
    assert_eq!(store.case(1).unwrap().unwrap().samenvatting, k.samenvatting);
    // a new contact and handoff after the upgrade take the next ids
    let draft = common::store::complex_draft(&store, "Anna", "na de migratie");
    assert_eq!(draft.id, 8);
    let s = loket::domain::slots::Slot {
        start: common::store::now() + chrono::Duration::days(30),
        eind: common::store::now() + chrono::Duration::days(30) + chrono::Duration::minutes(45),
        ..common::pg_v7::dossier_1().afspraak.unwrap()
    };
    match store.handoff(&common::store::closed(&draft), &common::store::new_case(&draft, "Anna"), &s).unwrap() {
        loket::store::BookResult::Booked(k) => assert_eq!(k.id, 4),
        loket::store::BookResult::Taken => panic!("taken"),
    }
    // a second run finds nothing to do
    assert_eq!(PgStore::schema_bijwerken(&url).unwrap(), Vec::<i32>::new());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn an_unreadable_record_is_kept_aside_and_named_not_lost() {
    let url = v7_database("v7_onleesbaar");
    let mut c = common::pg::client(&url);
    let kapot: &[u8] = &[0x01, 0xff, 0xfe, 0x00, 0x42];
    c.execute("INSERT INTO contacten (id, rev, status, door, data) VALUES (99, 3, 'concept', 'Anna', $1)", &[&kapot])
        .unwrap();
    c.execute("INSERT INTO dossiers (id, rev, contact_id, door, data) VALUES (98, 1, 4, 'Olga', $1)", &[&kapot])
        .unwrap();
    c.execute(
        "INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door) VALUES (98, 'grn-oa-9', '[2026-12-01 09:00, 2026-12-01 10:00)', 'Olga')",
        &[],
    )
    .unwrap();
    let verslag = PgStore::schema_bijwerken_verslag(&url).unwrap();
    assert_eq!(verslag.stappen, vec![8]);
    let tekst = verslag.meldingen.join("\n");
    assert!(tekst.contains("contact 99 niet overgezet"), "{tekst}");
    assert!(tekst.contains("dossier 98 niet overgezet"), "{tekst}");
    assert!(tekst.contains("boeking van dossier 98"), "{tekst}");
    // every other record moved intact, the broken ones kept byte for byte
    let store = PgStore::connect(&url).unwrap();
    let contacts = store.contacts().unwrap();
    assert!(contacts.value.iter().all(|c| c.id != 99));
    for want in common::pg_v7::contacten() {
        assert_eq!(store.contact(want.id).unwrap().as_ref(), Some(&want));
    }
    for want in common::pg_v7::dossiers() {
        assert_eq!(store.case(want.id).unwrap().as_ref(), Some(&want));
    }
    let bewaard: Vec<(String, i64, Vec<u8>)> = c
        .query("SELECT tabel, id, data FROM onleesbaar ORDER BY tabel, id", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(bewaard, vec![("contacten".into(), 99, kapot.to_vec()), ("dossiers".into(), 98, kapot.to_vec())]);
    // the booking of the unreadable dossier still holds its time
    let tijd_bezet: bool =
        c.query_one("SELECT EXISTS (SELECT 1 FROM boekingen WHERE dossier_id = 98)", &[]).unwrap().get(0);
    assert!(tijd_bezet);
    assert!(!store.is_empty().unwrap());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn contacts_and_dossiers_are_typed_columns_and_child_tables() {
    let url = common::pg::fresh_db("getypeerd").expect("PostgreSQL");
    drop(PgStore::connect(&url).unwrap());
    let mut c = common::pg::client(&url);
    let kolom = |c: &mut postgres::Client, tabel: &str, naam: &str| -> Option<String> {
        c.query_opt(
            "SELECT data_type::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2",
            &[&tabel, &naam],
        )
        .unwrap()
        .map(|r| r.get(0))
    };
    let ts = "timestamp without time zone";
    for (tabel, naam, soort) in [
        ("contacten", "id", "bigint"),
        ("contacten", "rev", "bigint"),
        ("contacten", "status", "text"),
        ("contacten", "kanaal", "text"),
        ("contacten", "start", ts),
        ("contacten", "einde", ts),
        ("contacten", "vraag", "text"),
        ("contacten", "levensdomeinen", "ARRAY"),
        ("contacten", "wetten", "ARRAY"),
        ("contacten", "client_naam", "text"),
        ("contacten", "client_telefoon", "text"),
        ("contacten", "client_bsn", "text"),
        ("contacten", "afhandeling", "text"),
        ("contacten", "terugbellen_op", ts),
        ("contacten", "medewerker", "text"),
        ("contacten", "hulp_voor_leeftijd", "smallint"),
        ("contacten", "gewist", "boolean"),
        ("contacten", "doorgezet", "boolean"),
        ("contact_links", "entry_id", "text"),
        ("contact_ruwe_invoer", "tekst", "text"),
        ("contact_signaalvragen", "op", ts),
        ("dossiers", "contact_id", "bigint"),
        ("dossiers", "stap", "text"),
        ("dossiers", "route", "text"),
        ("dossiers", "afspraak_start", ts),
        ("dossiers", "wmo_melding", "date"),
        ("dossiers", "wmo_beschikking", "date"),
        ("dossiers", "samenvatting", "text"),
        ("dossiers", "gewist", "boolean"),
        ("dossier_notities", "op", ts),
        ("dossier_signalen", "datum", "date"),
    ] {
        assert_eq!(kolom(&mut c, tabel, naam).as_deref(), Some(soort), "{tabel}.{naam}");
    }
    let bytea: Vec<String> = c
        .query(
            "SELECT table_name::text || '.' || column_name::text FROM information_schema.columns \
             WHERE table_schema = current_schema() AND data_type = 'bytea' \
             AND (table_name LIKE 'contact%' OR table_name LIKE 'dossier%')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(bytea.is_empty(), "no blob left in contacts or dossiers: {bytea:?}");
    assert_eq!(kolom(&mut c, "contacten", "data"), None);
    assert_eq!(kolom(&mut c, "dossiers", "data"), None);
    // every child table goes with its record
    let cascade: Vec<String> = c
        .query(
            "SELECT tc.table_name::text FROM information_schema.table_constraints tc \
             JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name \
             WHERE tc.constraint_type = 'FOREIGN KEY' AND rc.delete_rule = 'CASCADE' ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    for t in [
        "boekingen",
        "contact_links",
        "contact_ruwe_invoer",
        "contact_signaalvragen",
        "dossier_notities",
        "dossier_signalen",
    ] {
        assert!(cascade.iter().any(|x| x == t), "{t}: {cascade:?}");
    }
}

/// The message of the engine's refusal of `sql` (panics when it is accepted).
fn geweigerd(c: &mut postgres::Client, sql: &str) -> String {
    match c.batch_execute(sql) {
        Ok(()) => panic!("accepted: {sql}"),
        Err(e) => e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string()),
    }
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn the_engine_refuses_rows_the_domain_never_stores() {
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let url = common::pg::fresh_db("weigert").expect("PostgreSQL");
    let store = PgStore::connect(&url).unwrap();
    common::pg_v7::schrijf(&store);
    let mut c = common::pg::client(&url);

    // ages and enums
    let m = geweigerd(&mut c, "UPDATE contacten SET hulp_voor_leeftijd = 131 WHERE id = 1");
    assert!(m.contains("hulp_voor_leeftijd"), "{m}");
    assert!(geweigerd(&mut c, "UPDATE contacten SET kanaal = 'fax' WHERE id = 1").contains("kanaal"));
    assert!(geweigerd(&mut c, "UPDATE contacten SET levensdomeinen = '{wonen,sport}' WHERE id = 1")
        .contains("levensdomeinen"));
    assert!(geweigerd(&mut c, "UPDATE dossiers SET stap = 'f' WHERE id = 1").contains("stap"));
    // a call-back without its time, a BSN in the clear
    geweigerd(&mut c, "UPDATE contacten SET afhandeling = 'terugbelverzoek' WHERE id = 3");
    assert!(geweigerd(&mut c, "UPDATE contacten SET client_bsn = '111222333' WHERE id = 1")
        .contains("contact_bsn_verzegeld"));

    // a dossier belongs to a contact that is closed and handed off
    let nieuw = |contact: &str| {
        format!(
            "INSERT INTO dossiers (id, rev, door, contact_id, ondersteuner_id, aangemaakt, stap, consent, anoniem, \
             samenvatting, route, aangemaakt_door, bijgewerkt_door, afspraak_volgnummer, gewist) \
             VALUES (50, 1, 'x', {contact}, 'grn-oa-1', '2026-12-01 10:00', 'vraagverheldering', true, false, '', \
             'wijkteam', 'x', 'x', 0, false)"
        )
    };
    let m = geweigerd(&mut c, &nieuw("1"));
    assert!(m.contains("dossier_van_doorgezet_contact"), "a draft's dossier: {m}");
    assert!(geweigerd(&mut c, &nieuw("2")).contains("dossier_van_doorgezet_contact"), "a call-back's dossier");
    assert!(geweigerd(&mut c, &nieuw("777")).contains("dossier_van_doorgezet_contact"), "no such contact");
    c.batch_execute(&nieuw("4")).unwrap();
    c.batch_execute("DELETE FROM dossiers WHERE id = 50").unwrap();
    c.batch_execute(&nieuw("NULL")).expect("an anonymous dossier has no contact");
    // a handed-off contact with a dossier can't be taken back
    let m = geweigerd(&mut c, "UPDATE contacten SET status = 'concept' WHERE id = 4");
    assert!(m.contains("dossier_van_doorgezet_contact"), "{m}");
    // a booking has its dossier
    assert!(geweigerd(
        &mut c,
        "INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door) VALUES (404, 'grn-oa-1', '[2026-12-20 09:00, 2026-12-20 10:00)', 'x')"
    )
    .contains("boekingen_dossier_id_fkey"));

    // and the store's own writes get the same answer, reported, nothing half written
    let mut k = store.case(1).unwrap().unwrap();
    k.contact_id = 1;
    assert!(store.save_case(&k).is_err());
    common::pg_v7::controleer(&store);
}

/// Every code loket writes into an enum column is one the schema's CHECKs allow.
#[test]
fn every_code_is_allowed_by_the_schema() {
    let sql = loket::store::pg_tabellen::STAP_8;
    for (kolom, codes) in loket::store::pg_tabellen::alle_codes() {
        for code in codes {
            assert!(sql.contains(&format!("'{code}'")), "{kolom}: '{code}' is not in step 8's CHECKs");
        }
    }
}

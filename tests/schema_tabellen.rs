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

/// The schema steps after version 7 (this one and those after it), in order.
fn na_7() -> Vec<i32> {
    loket::store::pg::MIGRATIONS.iter().map(|m| m.0).filter(|v| *v > 7).collect()
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_version_7_database_is_upgraded_with_every_record_intact() {
    let url = v7_database("v7_naar_8");
    let e = PgStore::connect(&url).err().expect("a desk refuses a database behind it");
    assert!(e.to_string().contains("loket schema bijwerken"), "{e}");
    let verslag = PgStore::schema_bijwerken_verslag(&url).unwrap();
    assert_eq!(verslag, Bijgewerkt { stappen: na_7(), meldingen: vec![] });
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
    assert_eq!(verslag.stappen, na_7());
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

/// Each field of a contact and of a dossier lands in a column of its own and reads back: a
/// record that differs from another in that one field only reads back as itself (every variant
/// of every enum included).
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn every_field_and_variant_reads_back_as_written() {
    use loket::domain::case::{Route, Stap};
    use loket::domain::contact::{Afhandeling, HulpVoor, Kanaal, Levensdomein, LinkSoort, Uitkomst, Vrager};
    use loket::domain::ondersteuning::Plek;
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let url = common::pg::fresh_db("elk_veld").expect("PostgreSQL");
    let store = PgStore::connect(&url).unwrap();
    common::pg_v7::schrijf(&store);

    type Wijzig<T> = Box<dyn Fn(&mut T)>;
    let mut contact: Vec<Wijzig<loket::domain::contact::Contact>> = vec![
        Box::new(|c| c.checklist.meerdere_vragen = !c.checklist.meerdere_vragen),
        Box::new(|c| c.checklist.indicatie_nodig = !c.checklist.indicatie_nodig),
        Box::new(|c| c.checklist.niet_zelfredzaam = !c.checklist.niet_zelfredzaam),
        Box::new(|c| c.checklist.meer_tijd_nodig = !c.checklist.meer_tijd_nodig),
        Box::new(|c| c.checklist.urgent = !c.checklist.urgent),
        Box::new(|c| c.checklist.gevaar = !c.checklist.gevaar),
        Box::new(|c| c.checklist.mantelzorger_overbelast = !c.checklist.mantelzorger_overbelast),
        Box::new(|c| c.gewezen_op_clientondersteuning = !c.gewezen_op_clientondersteuning),
        Box::new(|c| c.mantelzorger_gewezen = !c.mantelzorger_gewezen),
        Box::new(|c| c.gewist = !c.gewist),
        Box::new(|c| c.client.geboortejaar = None),
        Box::new(|c| c.client.bsn = None),
        Box::new(|c| c.client.gemeente = "Het Hogeland".into()),
        Box::new(|c| c.client.wijk = "Noord".into()),
        Box::new(|c| c.client.taal = "Pools".into()),
        Box::new(|c| c.einde = Some(c.start)),
        Box::new(|c| c.hulp_voor_leeftijd = Some(130)),
        Box::new(|c| c.hulp_voor_leeftijd = Some(0)),
        Box::new(|c| c.besluit = None),
        Box::new(|c| {
            c.besluit = Some(loket::domain::contact::TriageBesluit {
                uitkomst: Uitkomst::Complex,
                suggestie: Uitkomst::Enkelvoudig,
                reden_afwijking: "x".into(),
            })
        }),
        Box::new(|c| c.levensdomeinen = Levensdomein::ALL.to_vec()),
        Box::new(|c| c.levensdomeinen.reverse()),
        Box::new(|c| c.wetten = loket::domain::kaart::Wet::ALL.to_vec()),
        Box::new(|c| c.links.push(common::pg_v7::contact_2().links[1].clone())),
        Box::new(|c| {
            c.links = common::pg_v7::contact_2().links;
            c.links[0].soort = LinkSoort::VerwezenNaar;
        }),
        Box::new(|c| c.signaalvragen.clear()),
        Box::new(|c| c.ruwe_invoer.reverse()),
    ];
    for k in Kanaal::ALL {
        contact.push(Box::new(move |c| c.kanaal = k));
    }
    for v in Vrager::ALL {
        contact.push(Box::new(move |c| c.vrager = v));
    }
    for h in HulpVoor::ALL {
        contact.push(Box::new(move |c| c.hulp_voor = h));
    }
    let t = common::store::now();
    for a in [
        Afhandeling::InformatieGegeven,
        Afhandeling::VerwezenNaarAanbieder,
        Afhandeling::FormulierMeegegeven,
        Afhandeling::Terugbelverzoek { wanneer: t, gedaan: true },
        Afhandeling::Terugbelverzoek { wanneer: t, gedaan: false },
        Afhandeling::Backoffice,
        Afhandeling::MeldingWmo,
        Afhandeling::GeenPassendAanbod { wat: String::new(), domein: None },
        Afhandeling::GeenPassendAanbod { wat: "x".into(), domein: Some(Levensdomein::Vervoer) },
        Afhandeling::VerwezenCrisisdienst,
    ] {
        contact.push(Box::new(move |c| {
            c.afhandeling = Some(a.clone());
            c.status = loket::domain::contact::Status::Afgesloten;
        }));
    }
    for wijzig in &contact {
        let mut c = common::pg_v7::contact_1();
        c.id = store.new_contact_id().unwrap();
        c.rev = 0;
        wijzig(&mut c);
        c.rev = store.save_contact(&c).unwrap();
        assert_eq!(store.contact(c.id).unwrap().as_ref(), Some(&c));
    }

    let mut dossier: Vec<Wijzig<loket::domain::case::Case>> = vec![
        Box::new(|k| k.consent = !k.consent),
        Box::new(|k| k.anoniem = !k.anoniem),
        Box::new(|k| k.gewist = !k.gewist),
        Box::new(|k| k.contact_id = 0),
        Box::new(|k| k.afspraak = None),
        Box::new(|k| k.wmo = None),
        Box::new(move |k| k.wmo.as_mut().unwrap().beschikking = Some(t.date())),
        Box::new(|k| k.wmo.as_mut().unwrap().aanvraag = None),
        Box::new(|k| k.client = None),
        Box::new(|k| k.client.as_mut().unwrap().geboortejaar = None),
        Box::new(|k| k.volgende_actie = None),
        Box::new(move |k| k.steun_gestart = Some(t.date())),
        Box::new(|k| k.afspraak_volgnummer = u32::MAX),
        Box::new(|k| k.notities.extend(common::pg_v7::dossier_1().notities)),
        Box::new(|k| k.signalen = common::pg_v7::dossier_1().signalen),
    ];
    for s in Stap::ALL {
        dossier.push(Box::new(move |k| {
            k.stap = s;
            k.notities[0].stap = s;
        }));
    }
    for r in Route::ALL {
        dossier.push(Box::new(move |k| k.route = r));
    }
    for p in Plek::ALL {
        dossier.push(Box::new(move |k| k.afspraak.as_mut().unwrap().plek = p));
    }
    for (i, wijzig) in dossier.iter().enumerate() {
        let mut k = common::pg_v7::dossier_2();
        k.notities = common::pg_v7::dossier_3().notities;
        k.id = 1000 + i as u64;
        k.rev = 0;
        wijzig(&mut k);
        k.rev = store.save_case(&k).unwrap();
        assert_eq!(store.case(k.id).unwrap().as_ref(), Some(&k));
    }
}

/// The beheerder's command applies step 8 and names what it kept aside (by id, never content).
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn schema_bijwerken_names_the_records_kept_aside() {
    let url = v7_database("v7_opdracht");
    let kapot: &[u8] = &[0x02, 0x00, 0xff];
    common::pg::client(&url)
        .execute("INSERT INTO contacten (id, rev, status, door, data) VALUES (42, 1, 'concept', 'Anna', $1)", &[&kapot])
        .unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["schema", "bijwerken"])
        .env("HOME", home.path())
        .env("LOKET_CONFIG", home.path().join("geen.toml"))
        .env("LOKET_SYSTEEMCONFIG", home.path().join("geen-systeem.toml"))
        .env("LOKET_DATA_DIR", home.path().join("data"))
        .env("LOKET_DATABASE_URL", &url)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Schema bijgewerkt: stap 8, ") && stdout.contains(" toegepast"), "{stdout}");
    assert!(stdout.contains("Let op: contact 42 niet overgezet"), "{stdout}");
    assert!(stdout.contains("onleesbaar"), "{stdout}");
    for naam in ["Fatima", "Kees Jansen", common::pg_v7::BSN] {
        assert!(!stdout.contains(naam), "no personal data in the report: {stdout}");
    }
    let store = PgStore::connect(&url).unwrap();
    common::pg_v7::controleer(&store);
}

/// The audit log in typed columns (schema step 13). Entries written before it, by loket's own
/// encoding (a contact viewed, a handoff of a dossier, a checkpoint), get their columns from
/// their bytes; entries after it get them from the database's function. The engine holds every
/// row's columns to its bytes: a column changed on its own is refused, even on the owner's
/// connection. The view `audit_regels` names the actions and subjects; the chain still checks.
#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn the_audit_log_is_typed_columns_held_to_its_bytes() {
    use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp, Regel};
    let url = v7_database("auditkolommen");
    let op = |m: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap().and_hms_opt(9, m, 0).unwrap();
    let oud = [
        Gebeurtenis::new(op(1), "Anna Balie", Handeling::Bekeken, Onderwerp::Contact(1)),
        Gebeurtenis::new(op(2), "Anna Balie", Handeling::Doorgezet, Onderwerp::Dossier(1)).met_reden("overdracht"),
        Gebeurtenis::new(op(3), "Fenna", Handeling::Controlepunt { tot_nr: 1, hash: [7; 32] }, Onderwerp::Geen)
            .met_reden("bewaartermijn"),
    ];
    let mut c = common::pg::client(&url);
    let mut vorige = [0u8; 32];
    for (i, g) in oud.iter().enumerate() {
        let nr = i as i64 + 1;
        let bytes = loket::store::encode(&Regel::new(nr as u64, g, vorige)).unwrap();
        c.execute("INSERT INTO audit_log (nr, op, data) VALUES ($1, $2, $3)", &[&nr, &g.op, &bytes]).unwrap();
        vorige = audit::hash(&bytes);
    }
    c.execute("UPDATE audit_kop SET kop = $1 WHERE id = 1", &[&audit::kop_bytes(3, &vorige)]).unwrap();

    let verslag = PgStore::schema_bijwerken_verslag(&url).unwrap();
    assert_eq!(verslag.meldingen, Vec::<String>::new());
    let store = PgStore::connect(&url).unwrap();
    store
        .audit_append(&[Gebeurtenis::new(op(4), "Bert", Handeling::Gewijzigd, Onderwerp::Dossier(1)).met_reden("stap")])
        .unwrap();

    type Rij = (i64, String, String, String, Option<i64>, String, Option<i64>);
    let rijen: Vec<Rij> = c
        .query("SELECT nr, wie, handeling, onderwerp, onderwerp_id, reden, tot_nr FROM audit_regels ORDER BY nr", &[])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6)))
        .collect();
    let rij = |nr: i64, wie: &str, h: &str, o: &str, id: Option<i64>, reden: &str, tot: Option<i64>| -> Rij {
        (nr, wie.to_string(), h.to_string(), o.to_string(), id, reden.to_string(), tot)
    };
    assert_eq!(
        rijen,
        vec![
            rij(1, "Anna Balie", "bekeken", "contact", Some(1), "", None),
            rij(2, "Anna Balie", "doorgezet", "dossier", Some(1), "overdracht", None),
            rij(3, "Fenna", "controlepunt", "geen", None, "bewaartermijn", Some(1)),
            rij(4, "Bert", "gewijzigd", "dossier", Some(1), "stap", None),
        ]
    );
    let hash: Vec<u8> = c.query_one("SELECT hash FROM audit_log WHERE nr = 3", &[]).unwrap().get(0);
    assert_eq!(hash, vec![7u8; 32]);
    let (leeg, geldig): (i64, bool) = {
        let r = c
            .query_one(
                "SELECT (SELECT count(*) FROM audit_log WHERE wie IS NULL OR handeling IS NULL), \
                 (SELECT convalidated FROM pg_constraint WHERE conname = 'audit_log_kolommen_zijn_de_bytes')",
                &[],
            )
            .unwrap();
        (r.get(0), r.get(1))
    };
    assert_eq!((leeg, geldig), (0, true), "every row has its columns, the rule checked against all");
    // a column changed on its own no longer says what the hashed bytes say: refused
    let e = geweigerd(&mut c, "UPDATE audit_log SET wie = 'Iemand anders' WHERE nr = 2");
    assert!(e.contains("audit_log_kolommen_zijn_de_bytes"), "{e}");
    let e = geweigerd(&mut c, "UPDATE audit_log SET onderwerp_id = 2 WHERE nr = 1");
    assert!(e.contains("audit_log_kolommen_zijn_de_bytes"), "{e}");
    // and the chain, read from the bytes, checks over old and new entries
    assert_eq!(audit::controleer(&store.audit_raw().unwrap()).unwrap().len(), 4);
}

//! Golden fixtures: bytes written by earlier lokets (tests/fixtures/golden/) must still open,
//! with every value intact. A stored type changed without a migration step fails here.

use std::io::Read;
use std::path::Path;

use chrono::NaiveDate;
use loket::domain::case::{Case, Route, Stap};
use loket::domain::contact::{Afhandeling, Contact, HulpVoor, Kanaal, Status, Vrager};
use loket::domain::kaart::{Organisatie, Regeling, Voorziening};
use loket::domain::ondersteuning::Clientondersteuner;
use loket::store::{decode, encode, SledStore, Store};

fn golden(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/fixtures/golden").join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The committed fixture `name` holds exactly `bytes`: the stored shape of a type did not change
/// without a new version. A missing fixture fails; it is made on purpose, never by a test run:
/// `LOKET_GOLDEN_MAKEN=1 cargo test --test golden`, then the new file is reviewed and committed.
fn pinned(name: &str, bytes: &[u8]) {
    let path = Path::new("tests/fixtures/golden").join(name);
    if !path.exists() && std::env::var_os("LOKET_GOLDEN_MAKEN").is_some() && std::env::var_os("CI").is_none() {
        std::fs::write(&path, bytes).unwrap();
    }
    let stored = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{name}: {e}; a golden fixture is committed, made on purpose with LOKET_GOLDEN_MAKEN=1")
    });
    assert_eq!(stored, bytes, "{name}: the stored shape changed without a new version");
}

fn t() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 15, 0).unwrap()
}

#[test]
fn contact_v1_opens_with_every_field() {
    let c: Contact = decode(&golden("contact_v1.bin")).unwrap();
    assert_eq!(c.id, 7);
    assert_eq!(c.kanaal, Kanaal::Telefoon);
    assert_eq!(c.vrager, Vrager::Mantelzorger);
    assert_eq!(c.vraag, "Mijn moeder (86) redt het thuis niet meer");
    assert_eq!(c.client.naam, "A. Voorbeeld");
    assert_eq!(c.client.geboortejaar, Some(1940));
    assert_eq!(c.client.bsn.as_deref(), Some("123456782"));
    assert_eq!(c.client.taal, "Fries");
    assert_eq!(c.links[0].entry_id, "vz-wlz");
    assert!(c.checklist.indicatie_nodig && c.gewezen_op_clientondersteuning);
    assert!(matches!(c.afhandeling, Some(Afhandeling::Terugbelverzoek { gedaan: false, .. })));
    assert_eq!(c.status, Status::Concept);
    // fields added since version 1 get their defaults
    assert_eq!(c.medewerker, "");
    assert_eq!(c.hulp_voor, HulpVoor::Zelf);
    assert!(c.ruwe_invoer.is_empty());
    assert!(!c.checklist.mantelzorger_overbelast);
    let closed: Contact = decode(&golden("contact_v1_closed.bin")).unwrap();
    assert_eq!(closed.status, Status::Afgesloten);
    assert!(matches!(closed.afhandeling, Some(Afhandeling::GeenPassendAanbod { .. })));
}

#[test]
fn case_v1_and_the_case_from_before_client_open() {
    let k: Case = decode(&golden("case_v1.bin")).unwrap();
    assert_eq!((k.id, k.contact_id, k.route), (3, 7, Route::WmoMelding));
    assert_eq!(k.afspraak.as_ref().unwrap().locatie, "Loket Winsum");
    assert_eq!(k.notities.len(), 1);
    assert_eq!(k.notities[0].tekst, "eerste gesprek");
    assert_eq!(k.notities[0].stap, Stap::Vraagverheldering);
    assert_eq!(k.notities[0].op, t());
    assert_eq!(k.notities[0].door, "", "notes from before workers were recorded");
    assert_eq!(k.signalen[0].tekst, "zorg te laat");
    assert_eq!(k.client.as_ref().unwrap().naam, "A. Voorbeeld");
    assert_eq!(k.client.as_ref().unwrap().bsn, None);
    assert!(k.wmo.unwrap().aanvraag.is_some());
    let old: Case = decode(&golden("case_v0_before_client.bin")).unwrap();
    assert_eq!((old.id, old.contact_id), (2, 5));
    assert!(old.anoniem && old.client.is_none());
    assert_eq!(old.samenvatting, "Vraag: anoniem");
    assert_eq!(old.notities[0].tekst, "eerste gesprek");
}

#[test]
fn map_and_supporter_records_of_version_1_open() {
    let demo = loket::demo::demo_kaart();
    let v: Voorziening = decode(&golden("voorziening_v1.bin")).unwrap();
    assert_eq!(Some(&v), demo.voorzieningen.iter().find(|x| x.id == v.id), "a demo record, unchanged");
    let r: Regeling = decode(&golden("regeling_v1.bin")).unwrap();
    assert_eq!(Some(&r), demo.regelingen.iter().find(|x| x.id == r.id));
    let o: Organisatie = decode(&golden("organisatie_v1.bin")).unwrap();
    let mut d = demo.organisaties.iter().find(|x| x.id == o.id).cloned().expect("a demo organisation");
    d.contactpersoon = Default::default();
    assert_eq!(o, d, "a demo record, unchanged but for the contact person added since");
    let s: Clientondersteuner = decode(&golden("ondersteuner_v1.bin")).unwrap();
    assert!(loket::domain::ondersteuning::demo_ondersteuners().contains(&s));
}

/// The bytes of the current version of every changed type, as committed. A shape change without
/// a new version and an upgrade step changes these bytes or fails to read them.
#[test]
fn current_versions_are_pinned() {
    let mut c = Contact::new(7, Kanaal::Balie, t());
    c.vraag = "vraag".into();
    c.medewerker = "Anna".into();
    c.hulp_voor = HulpVoor::Kind;
    c.hulp_voor_leeftijd = Some(9);
    c.ruwe_invoer.push(loket::domain::contact::RuweInvoer { veld: "geboortejaar".into(), tekst: "195".into() });
    let mut k = Case::new(3, 7, "mee-1", Route::Clientondersteuning, "samenvatting", true, t());
    k.bijgewerkt_door = "Bert".into();
    k.aangemaakt_door = "Anna".into();
    k.add_note(t(), "notitie");
    k.afspraak_volgnummer = 2;
    // Contact version 2 (before the checklist item for an overloaded mantelzorger) still opens,
    // with the item off; version 3 (with it, before the erasure mark) opens as not erased.
    assert_eq!(decode::<Contact>(&golden("contact_v2.bin")).unwrap(), c);
    let mut c3 = c.clone();
    c3.checklist.mantelzorger_overbelast = true;
    c3.checklist.urgent = true;
    assert_eq!(decode::<Contact>(&golden("contact_v3.bin")).unwrap(), c3);
    // case version 2 (before the erasure mark) opens as not erased
    assert_eq!(decode::<Case>(&golden("case_v2.bin")).unwrap(), k);
    let mut erased_k = k.clone();
    loket::domain::bewaren::anonimiseer_dossier(&mut erased_k);
    assert!(erased_k.gewist);
    pinned("case_v3.bin", &encode(&k).unwrap());
    pinned("case_v3_gewist.bin", &encode(&erased_k).unwrap());
    assert_eq!(decode::<Case>(&golden("case_v3.bin")).unwrap(), k);
    assert_eq!(decode::<Case>(&golden("case_v3_gewist.bin")).unwrap(), erased_k);
    // contact version 4 (the erasure mark: erased contacts are marked, so no desk writes an older
    // copy back) opens with no answers
    let mut erased = c3.clone();
    loket::domain::bewaren::anonimiseer_contact(&mut erased);
    assert!(erased.gewist);
    assert_eq!(decode::<Contact>(&golden("contact_v4.bin")).unwrap(), c3);
    assert_eq!(decode::<Contact>(&golden("contact_v4_gewist.bin")).unwrap(), erased);
    // contact version 5: the answers to the doorvragen prompt of a danger sign
    let mut c5 = c3.clone();
    c5.signaalvragen.push(loket::domain::contact::Signaalvraag {
        soort: "zelfdoding".into(),
        gevonden: "zie het niet meer zitten".into(),
        ja: true,
        op: t(),
        door: "Anna".into(),
    });
    pinned("contact_v5.bin", &encode(&c5).unwrap());
    assert_eq!(&golden("contact_v2.bin")[..3], &[2, 0, 2], "contact version 2 as written then");
    assert_eq!(decode::<Contact>(&golden("contact_v5.bin")).unwrap(), c5);
}

/// Issue 21: the danger word list as loket bundled (and seeded into stores) before the tiers
/// and categories still reads, with its kinds as categories at the crisis tier; a store that
/// holds it unchanged gets the current list, an edited one keeps the beheerder's.
#[test]
fn a_word_list_stored_before_the_tiers_still_loads() {
    use loket::domain::danger::{Gevaarwoorden, Niveau, Soort};
    use loket::store::lijsten::{seed, GEVAARWOORDEN};
    let v1 = std::fs::read_to_string("tests/fixtures/golden/gevaarwoorden_v1.toml").unwrap();
    let l = Gevaarwoorden::parse(&v1, "gevaarwoorden_v1.toml").unwrap();
    for (vraag, soort) in [
        ("mijn man slaat me", Soort::HuiselijkGeweld),
        ("ik wil er niet meer zijn", Soort::Zelfdoding),
        ("hij heeft een pistool", Soort::Acuut),
    ] {
        let u = l.beoordeel(vraag);
        assert_eq!(u.niveau, Niveau::Crisis, "{vraag}: {u:?}");
        assert!(u.signalen.iter().any(|s| s.soort == soort), "{vraag}: {u:?}");
    }
    let u = l.beoordeel("de deurwaarder komt morgen");
    assert_eq!((u.niveau, u.signalen[0].soort), (Niveau::Geen, Soort::Uitzetting));
    assert_eq!(loket::store::lijsten::GEVAARWOORDEN_VORIGE[0], v1, "the fixture is the list loket bundled");

    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    s.zet_woordenlijst(GEVAARWOORDEN, &v1).unwrap();
    seed(&s).unwrap();
    assert_eq!(s.woordenlijst(GEVAARWOORDEN).unwrap().as_deref(), Some(loket::domain::danger::BUNDLED_TOML));
    let eigen = format!("{v1}\n# aangepast door de beheerder\n");
    s.zet_woordenlijst(GEVAARWOORDEN, &eigen).unwrap();
    seed(&s).unwrap();
    assert_eq!(s.woordenlijst(GEVAARWOORDEN).unwrap().as_deref(), Some(eigen.as_str()), "an edited list stays");
    assert!(loket::store::lijsten::load_word_lists(&s).is_empty(), "and it loads");
    loket::domain::danger::set_active(None);
}

/// The tiered danger list as loket bundled it before its phrasing was widened (commit a75500c)
/// still reads with its tiers; a store that holds it unchanged gets the current list, an
/// edited copy stays the beheerder's.
#[test]
fn the_tiered_word_list_of_before_still_loads_and_is_upgraded_when_unchanged() {
    use loket::domain::danger::{Gevaarwoorden, Niveau, Soort};
    use loket::store::lijsten::{seed, GEVAARWOORDEN, GEVAARWOORDEN_VORIGE};
    let v2 = std::fs::read_to_string("tests/fixtures/golden/gevaarwoorden_v2.toml").unwrap();
    assert_eq!(GEVAARWOORDEN_VORIGE[1], v2, "the fixture is the list loket bundled");
    let l = Gevaarwoorden::parse(&v2, "gevaarwoorden_v2.toml").unwrap();
    for (vraag, niveau, soort) in [
        ("ik zie het niet meer zitten", Niveau::Doorvragen, Soort::Zelfdoding),
        ("hij dreigt me iets aan te doen", Niveau::Crisis, Soort::HuiselijkGeweld),
        ("ik word gestalkt", Niveau::Doorvragen, Soort::Stalking),
    ] {
        let u = l.beoordeel(vraag);
        assert_eq!(u.niveau, niveau, "{vraag}: {u:?}");
        assert!(u.signalen.iter().any(|s| s.soort == soort), "{vraag}: {u:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    s.zet_woordenlijst(GEVAARWOORDEN, &v2).unwrap();
    seed(&s).unwrap();
    assert_eq!(s.woordenlijst(GEVAARWOORDEN).unwrap().as_deref(), Some(loket::domain::danger::BUNDLED_TOML));
    let eigen = format!("{v2}\n# aangepast door de beheerder\n");
    s.zet_woordenlijst(GEVAARWOORDEN, &eigen).unwrap();
    seed(&s).unwrap();
    assert_eq!(s.woordenlijst(GEVAARWOORDEN).unwrap().as_deref(), Some(eigen.as_str()), "an edited list stays");
    assert!(loket::store::lijsten::load_word_lists(&s).is_empty(), "and it loads");
    loket::domain::danger::set_active(None);
}

/// Every danger list an earlier loket bundled still reads, and a store that holds one unchanged
/// gets the current list (the lists of every tuning round, the last one v9, as
/// `git show 2c7311b:data/gevaarwoorden.toml` gives it).
#[test]
fn every_earlier_bundled_word_list_reads_and_is_upgraded_when_unchanged() {
    use loket::domain::danger::Gevaarwoorden;
    use loket::store::lijsten::{seed, GEVAARWOORDEN, GEVAARWOORDEN_VORIGE};
    assert_eq!(GEVAARWOORDEN_VORIGE.len(), 9);
    assert!(!GEVAARWOORDEN_VORIGE.contains(&loket::domain::danger::BUNDLED_TOML), "the current list is not an old one");
    let dir = tempfile::tempdir().unwrap();
    let s = SledStore::open(dir.path()).unwrap();
    for (i, oud) in GEVAARWOORDEN_VORIGE.iter().enumerate() {
        let l = Gevaarwoorden::parse(oud, &format!("gevaarwoorden_v{}.toml", i + 1)).unwrap();
        assert!(l.beoordeel("ik denk aan zelfmoord").niveau > loket::domain::danger::Niveau::Geen, "v{}", i + 1);
        s.zet_woordenlijst(GEVAARWOORDEN, oud).unwrap();
        seed(&s).unwrap();
        assert_eq!(
            s.woordenlijst(GEVAARWOORDEN).unwrap().as_deref(),
            Some(loket::domain::danger::BUNDLED_TOML),
            "v{} unchanged is upgraded",
            i + 1
        );
    }
}

fn unzip(zip: &Path, to: &Path) {
    let mut a = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    for i in 0..a.len() {
        let mut f = a.by_index(i).unwrap();
        let out = to.join(f.name());
        std::fs::create_dir_all(out.parent().unwrap()).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        std::fs::write(out, buf).unwrap();
    }
}

#[test]
fn a_store_written_by_the_previous_version_opens_with_every_record() {
    let dir = tempfile::tempdir().unwrap();
    unzip(Path::new("tests/fixtures/golden/store_v1.zip"), dir.path());
    let s = SledStore::open(dir.path()).unwrap();
    let demo = loket::demo::demo_kaart();
    let k = s.kaart_load(&mut |_| {}).unwrap();
    assert!(k.skipped.is_empty(), "{:?}", k.skipped);
    // the demo map of 3a9be29, as written then (the demo has grown since)
    assert_eq!(k.value.voorzieningen.len(), 245);
    assert!(k.value.voorzieningen.iter().all(|v| demo.voorzieningen.iter().any(|d| d.id == v.id)));
    assert_eq!(k.value.regelingen.len(), demo.regelingen.len());
    assert_eq!(s.ondersteuners().unwrap().value.len(), loket::domain::ondersteuning::demo_ondersteuners().len());
    let contacts = s.contacts().unwrap();
    assert!(contacts.skipped.is_empty(), "{:?}", contacts.skipped);
    let ids: Vec<u64> = contacts.value.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![7, 8, 9]);
    assert_eq!(contacts.value[0].client.bsn.as_deref(), Some("123456782"));
    let cases = s.cases().unwrap();
    assert!(cases.skipped.is_empty(), "the case from before `client` is migrated: {:?}", cases.skipped);
    let ids: Vec<u64> = cases.value.iter().map(|c| c.id).collect();
    assert_eq!(ids, vec![2, 3]);
    // the old slot claims became the new layout and still block their times
    let b = s.bookings().unwrap().value;
    assert_eq!(b.len(), 2, "{b:?}");
    assert!(b.iter().all(|x| x.ondersteuner_id == "grn-oa-1"));
    let booked = cases.value.iter().find(|c| c.id == 3).unwrap().afspraak.clone().unwrap();
    assert!(b.iter().any(|x| x.case_id == 3 && x.start == booked.start));
    // new ids continue after the stored ones
    assert!(s.new_contact_id().unwrap() > 9);
    // a revision check works on old records: they count as revision 1
    let mut c9 = s.contact(9).unwrap().unwrap();
    assert_eq!(c9.rev, 1);
    c9.vraag.push_str(" (verder)");
    assert_eq!(s.save_contact(&c9).unwrap(), 2);
    drop(s);
    // and it opens again (the layout migration ran once)
    let s = SledStore::open(dir.path()).unwrap();
    assert_eq!(s.contact(9).unwrap().unwrap().vraag, "concept (verder)");
    assert_eq!(s.bookings().unwrap().value.len(), 2);
}

/// A store of layout 3 (the map in the tree `kaart`, no tree named in `meta`) opens with its map;
/// a large write then builds the map's next generation beside it and switches, keeping every
/// record that was there.
#[test]
fn a_store_of_layout_3_opens_with_its_map_and_takes_a_large_import() {
    let dir = tempfile::tempdir().unwrap();
    unzip(Path::new("tests/fixtures/golden/store_v3.zip"), dir.path());
    let s = SledStore::open(dir.path()).unwrap();
    let voor = s.kaart_load(&mut |_| {}).unwrap();
    assert!(voor.skipped.is_empty(), "{:?}", voor.skipped);
    let voor = voor.value;
    let demo = loket::demo::demo_kaart();
    for v in &demo.voorzieningen {
        assert!(voor.voorzieningen.iter().any(|x| x.id == v.id), "demo record {} is there", v.id);
    }
    for id in ["svc-dagbesteding", "svc-inloop"] {
        let v = voor.voorzieningen.iter().any(|v| v.id == id);
        let r = voor.regelingen.iter().any(|r| r.id == id);
        assert!(v || r, "the imported {id} is there");
    }
    let n = voor.organisaties.len() + voor.voorzieningen.len() + voor.regelingen.len();
    assert_eq!(s.kaart_count().unwrap(), n, "the stored count of layout 3 is kept");
    assert_eq!(s.raw_get("meta", b"layout").unwrap().unwrap(), 4u64.to_be_bytes(), "migrated to layout 4");
    // a large write: staged in parts, then switched to
    let groot = loket::catalog::synth::generate(3_000, 7);
    s.kaart_write(&groot).unwrap();
    drop(s);
    let s = SledStore::open(dir.path()).unwrap();
    let na = s.kaart_load(&mut |_| {}).unwrap();
    assert!(na.skipped.is_empty(), "{:?}", na.skipped);
    let na = na.value;
    for v in voor.voorzieningen.iter().chain(&groot.voorzieningen) {
        assert!(na.voorzieningen.contains(v), "{} kept whole", v.id);
    }
    for o in voor.organisaties.iter().chain(&groot.organisaties) {
        assert!(na.organisaties.contains(o), "{} kept whole", o.id);
    }
    for r in voor.regelingen.iter().chain(&groot.regelingen) {
        assert!(na.regelingen.contains(r), "{} kept whole", r.id);
    }
    assert_eq!(s.kaart_count().unwrap(), na.organisaties.len() + na.voorzieningen.len() + na.regelingen.len());
}

/// Account version 1: the stored bytes are pinned; its PIN only as an argon2 hash string.
#[test]
fn account_v1_is_pinned() {
    use loket::domain::account::{Account, Rol};
    let a = Account {
        naam: "Fenna de Boer".into(),
        rol: Rol::FunctioneelBeheerder,
        pin_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$0Dn2cUZ9cEWbQ4ocmSp6p8dkMmd2tk5wzc8jKeVcWvQ".into(),
        geblokkeerd: true,
    };
    let bytes = encode(&a).unwrap();
    pinned("account_v1.bin", &bytes);
    assert_eq!(decode::<Account>(&golden("account_v1.bin")).unwrap(), a);
    // every role keeps its stored number (a role is added at the end, never in between)
    let codes: Vec<u8> = Rol::ALL
        .iter()
        .map(|r| {
            let b = encode(&Account { rol: *r, ..a.clone() }).unwrap();
            b[3 + 1 + a.naam.len()]
        })
        .collect();
    assert_eq!(codes, [0, 1, 2, 3]);
}
/// The audit log's entry (issue 13), version 1: its bytes are pinned, and so is the hash that
/// the next entry of a chain carries (the chain is over these bytes).
#[test]
fn audit_entry_v1_is_pinned() {
    use loket::store::audit::{self, Gebeurtenis, Handeling, Onderwerp, Regel};
    let g = Gebeurtenis::new(t(), "Anna", Handeling::Gewist, Onderwerp::Dossier(3)).met_reden("verzoek van betrokkene");
    let r = Regel::new(2, &g, [7; 32]);
    let cp = Regel::new(
        3,
        &Gebeurtenis::new(t(), "Bert", Handeling::Controlepunt { tot_nr: 2, hash: [9; 32] }, Onderwerp::Geen),
        [1; 32],
    );
    for (name, value) in [("auditregel_v1.bin", &r), ("auditregel_v1_controlepunt.bin", &cp)] {
        let bytes = encode(value).unwrap();
        pinned(name, &bytes);
        assert_eq!(&decode::<Regel>(&golden(name)).unwrap(), value);
    }
    assert_eq!(
        audit::hash(&golden("auditregel_v1.bin")),
        audit::hash(&encode(&r).unwrap()),
        "the chain hashes the stored bytes"
    );
}

/// The actions added later (a close, a handoff, a moved appointment, sign-in failures, locks,
/// blocks and releases) are new variants at the end:
/// entries written before still decode to what they were, and the new ones are pinned.
#[test]
fn audit_entries_of_closing_handing_off_and_rebooking_are_pinned() {
    use loket::store::audit::{Gebeurtenis, Handeling, Onderwerp, Regel};
    let cases = [
        ("auditregel_v1_afgesloten.bin", Handeling::Afgesloten, Onderwerp::Contact(12)),
        ("auditregel_v1_doorgezet.bin", Handeling::Doorgezet, Onderwerp::Contact(12)),
        ("auditregel_v1_afspraak_verzet.bin", Handeling::AfspraakVerzet, Onderwerp::Dossier(4)),
        ("auditregel_v1_aanmelden_mislukt.bin", Handeling::AanmeldenMislukt, Onderwerp::Geen),
        ("auditregel_v1_vergrendeld.bin", Handeling::Vergrendeld, Onderwerp::Geen),
        ("auditregel_v1_geblokkeerd.bin", Handeling::Geblokkeerd, Onderwerp::Geen),
        ("auditregel_v1_vrijgegeven.bin", Handeling::Vrijgegeven, Onderwerp::Geen),
    ];
    for (name, h, o) in cases {
        let r = Regel::new(5, &Gebeurtenis::new(t(), "Anna", h, o), [3; 32]);
        let bytes = encode(&r).unwrap();
        pinned(name, &bytes);
        assert_eq!(decode::<Regel>(&golden(name)).unwrap(), r);
    }
}

/// beheer (issue 14): the upkeep of an entry and a history line, version 1, pinned.
#[test]
fn beheer_types_v1_are_pinned() {
    use loket::domain::beheer::{Archief, Beheer, Melding, Soort, VeldWijziging, Wijziging};
    let b = Beheer {
        sleutel: "v/vz-1".into(),
        meldingen: vec![Melding { tekst: "telefoonnummer werkt niet".into(), door: "Anna".into(), op: t() }],
        gearchiveerd: Some(Archief { op: t().date(), door: "Bert".into(), reden: "vervallen".into() }),
        gecorrigeerd: vec!["telefoon".into()],
    };
    let w = Wijziging {
        sleutel: "v/vz-1".into(),
        op: t(),
        door: "Bert".into(),
        soort: Soort::Gewijzigd,
        velden: vec![VeldWijziging { veld: "telefoon".into(), oud: "050 1".into(), nieuw: "050 2".into() }],
        record_voor: vec![1, 2, 3],
        beheer_voor: vec![4, 5],
    };
    for (name, bytes) in [("kaartbeheer_v1.bin", encode(&b).unwrap()), ("kaartwijziging_v1.bin", encode(&w).unwrap())] {
        pinned(name, &bytes);
    }
    assert_eq!(decode::<Beheer>(&golden("kaartbeheer_v1.bin")).unwrap(), b);
    assert_eq!(decode::<Wijziging>(&golden("kaartwijziging_v1.bin")).unwrap(), w);
}

/// Organisatie version 2 (contactpersoon): the version-1 bytes open with every field and an
/// empty contact person; the version-2 bytes (as written then) open with the contact person.
#[test]
fn organisatie_v1_opens_without_a_contact_person_and_v2_opens() {
    use loket::domain::kaart::{Contactpersoon, Telefoon};
    let old: Organisatie = decode(&golden("organisatie_v1.bin")).unwrap();
    assert_eq!(old.id, "org-standby-heerlen");
    assert_eq!(old.naam, "Stand-By! Heerlen");
    assert!(!old.beschrijving.is_empty() && !old.telefoon.is_empty());
    assert!(old.contactpersoon.is_empty(), "{:?}", old.contactpersoon);
    assert_eq!(old.contactpersoon, Contactpersoon::default());
    let mut o = old.clone();
    o.contactpersoon = Contactpersoon {
        naam: "Marieke Jansen".into(),
        functie: "teamleider".into(),
        telefoon: vec![Telefoon { nummer: "045 123 4567".into(), omschrijving: "direct".into() }],
        email: "m.jansen@standby.example".into(),
    };
    let v2 = golden("organisatie_v2.bin");
    assert_eq!(&v2[..3], &[2, 0, 2], "format 2, organisatie version 2");
    let back = decode::<Organisatie>(&v2).unwrap();
    assert_eq!(back, o);
    assert!(!back.ontbreekt_in_bron && back.hsds.is_empty(), "fields since version 3 get their defaults");
}

/// The source record kept on import: organisatie version 3 (with `ontbreekt_in_bron` and
/// `hsds`), voorziening and regeling version 2 (`hsds`). Older bytes open with empty ones; the
/// new bytes are pinned.
#[test]
fn map_records_with_their_source_record_are_pinned() {
    use loket::domain::kaart::Hsds;
    let demo = loket::demo::demo_kaart();
    let hsds = Hsds {
        json: r#"{"id":"1","name":"Food Pantry","x_intake":"walk-in"}"#.into(),
        stempels: vec![("name".into(), 7), ("attr:loket:wet:welzijn=".into(), 0)],
    };
    let v1: Voorziening = decode(&golden("voorziening_v1.bin")).unwrap();
    assert!(v1.hsds.is_empty());
    let mut v = v1.clone();
    v.hsds = hsds.clone();
    let bytes = encode(&v).unwrap();
    assert_eq!(&bytes[..3], &[2, 0, 2], "format 2, voorziening version 2");
    pinned("voorziening_v2.bin", &bytes);
    assert_eq!(decode::<Voorziening>(&golden("voorziening_v2.bin")).unwrap(), v);

    let r1: Regeling = decode(&golden("regeling_v1.bin")).unwrap();
    assert_eq!(Some(&r1), demo.regelingen.iter().find(|x| x.id == r1.id));
    let mut r = r1.clone();
    r.hsds = hsds.clone();
    let bytes = encode(&r).unwrap();
    assert_eq!(&bytes[..3], &[2, 0, 2], "format 2, regeling version 2");
    pinned("regeling_v2.bin", &bytes);
    assert_eq!(decode::<Regeling>(&golden("regeling_v2.bin")).unwrap(), r);

    let mut o: Organisatie = decode(&golden("organisatie_v2.bin")).unwrap();
    o.ontbreekt_in_bron = true;
    o.hsds = hsds;
    let bytes = encode(&o).unwrap();
    assert_eq!(&bytes[..3], &[2, 0, 3], "format 2, organisatie version 3");
    pinned("organisatie_v3.bin", &bytes);
    assert_eq!(decode::<Organisatie>(&golden("organisatie_v3.bin")).unwrap(), o);
}

/// A plan with every field set, the same on every run (for its golden bytes).
fn plan_voor_golden() -> loket::domain::leefplan::Plan {
    use loket::domain::kaart::Wet;
    use loket::domain::leefplan::{Kosten, NieuwOnderdeel, Plan, Resultaat, Vorm};
    use loket::domain::opvolging::{Uitkomst, Vervolgstap};
    let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    let mut p = Plan::nieuw(3, "Sanne de Vries", t());
    p.consulent_telefoon = "050-0000000".into();
    p.geboortejaar = Some(1943);
    p.wlz_eigen_bijdrage = false;
    let n = |naam: &str, wet, vorm, kosten| NieuwOnderdeel {
        kaart_sleutel: "v/vz-hh".into(),
        naam: naam.into(),
        aanbieder: "Thuiszorg Voorbeeld".into(),
        telefoon: "050-1111111".into(),
        wet,
        vorm,
        start: d(11, 10),
        eind: Some(d(12, 31)),
        hoe_vaak: "2 uur per week".into(),
        resultaat: "Ik wil mijn huis schoon houden".into(),
        kosten,
        rolstoel: true,
        duurzame_relatie: true,
    };
    p.voeg_toe(n("Huishoudelijke hulp", Wet::Wmo, Vorm::Maatwerk, Kosten::VolgensRegels), 14, t(), "Sanne").unwrap();
    p.voeg_toe(n("Maatje", Wet::Welzijn, Vorm::AlgemeneVoorziening, Kosten::Gratis), 14, t(), "Sanne").unwrap();
    p.voeg_toe(
        n("Maaltijd", Wet::Wmo, Vorm::Pgb, Kosten::Gemeentetarief { naam: "maaltijdservice".into() }),
        14,
        t(),
        "Sanne",
    )
    .unwrap();
    p.voeg_toe(
        n("Vervoer", Wet::Wmo, Vorm::InformeleHulp, Kosten::Vast { cent: 1250, bron: "verordening".into() }),
        14,
        t(),
        "Sanne",
    )
    .unwrap();
    p.keur_goed(d(11, 5), "mevrouw Voorbeeld", "Sanne de Vries", t()).unwrap();
    p.wijzig_hoe_vaak(1, "3 uur per week", "trap lukt niet", t(), "Sanne").unwrap();
    p.evalueer(1, Resultaat::Deels, "beter, nog niet goed", t(), "Sanne").unwrap();
    p.signaleer(1, "kwam twee keer niet", t(), "Sanne").unwrap();
    p.volg_op(2, Uitkomst::NietAangekomen, "nummer klopte niet", t(), "Sanne").unwrap();
    p.kies_vervolg(2, Vervolgstap::OnvervuldeBehoefte { wat: "maatje dat Fries spreekt".into() }, t(), "Sanne")
        .unwrap();
    p.volg_op(3, Uitkomst::OpWachtlijst, "", t(), "Sanne").unwrap();
    p.kies_vervolg(3, Vervolgstap::OpnieuwZoeken, t(), "Sanne").unwrap();
    p.volg_op(4, Uitkomst::NietPassend, "", t(), "Sanne").unwrap();
    p.kies_vervolg(4, Vervolgstap::Overdragen, t(), "Sanne").unwrap();
    p.beeindig(4, d(12, 1), "niet nodig", t(), "Sanne").unwrap();
    p.onderdelen[3].beeindigd = true;
    p.bijgewerkt_door = "Sanne".into();
    p
}

/// The plan and the desk follow-up (version 1) keep their bytes, and an erased one its mark.
#[test]
fn leefplan_and_opvolging_v1_are_pinned() {
    use loket::domain::leefplan::Plan;
    use loket::domain::opvolging::{Opvolging, Uitkomst, Verwijzingsopvolging};
    let p = plan_voor_golden();
    pinned("leefplan_v1.bin", &encode(&p).unwrap());
    let back: Plan = decode(&golden("leefplan_v1.bin")).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.onderdelen.len(), 4);
    assert_eq!(back.goedkeuring.as_ref().unwrap().client, "mevrouw Voorbeeld");
    let mut gewist = p.clone();
    loket::domain::bewaren::anonimiseer_plan(&mut gewist);
    pinned("leefplan_v1_gewist.bin", &encode(&gewist).unwrap());
    assert_eq!(decode::<Plan>(&golden("leefplan_v1_gewist.bin")).unwrap(), gewist);
    let mut o = Opvolging::nieuw(NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(), 14, "Fatima");
    o.leg_vast(Uitkomst::Onbekend, "niet bereikt", t(), "Fatima");
    o.kies_vervolg(loket::domain::opvolging::Vervolgstap::OpnieuwZoeken).unwrap();
    let v = Verwijzingsopvolging { contact_id: 7, naar: "Maatjesproject".into(), opvolging: o, gewist: false, rev: 0 };
    pinned("opvolging_v1.bin", &encode(&v).unwrap());
    assert_eq!(decode::<Verwijzingsopvolging>(&golden("opvolging_v1.bin")).unwrap(), v);
}

//! The resident's plan and the follow-ups of referrals, stored: the same on both backends (one
//! transaction with the audit entries, stale revisions refused, erasure and migration), the
//! printed monthly overview (its arrangements and total, never a BSN), inzage and erasure, the
//! opvolgen worklist and the report's counts.

mod common;

use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use loket::domain::contact::{Afhandeling, Contact, Kanaal};
use loket::domain::kaart::Wet;
use loket::domain::kosten::Kostenregels;
use loket::domain::leefplan::{Kosten, NieuwOnderdeel, Plan, Resultaat, Vorm};
use loket::domain::opvolging::{self, Uitkomst, Vervolgstap, Verwijzingsopvolging, Voor};
use loket::store::audit::{Gebeurtenis, Handeling, Onderwerp};
use loket::store::{BookResult, PgStore, SledStore, Store, StoreError};

use common::store::{closed, now};

fn backends(test: &str) -> Vec<(&'static str, Arc<dyn Store>, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let sled: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    loket::cli::seed(sled.as_ref()).unwrap();
    let mut v = vec![("sled", sled, Some(dir))];
    if let Some(url) = common::pg::fresh_db(test) {
        let pg: Arc<dyn Store> = Arc::new(PgStore::connect(&url).unwrap());
        loket::cli::seed(pg.as_ref()).unwrap();
        v.push(("postgres", pg, None));
    }
    v
}

fn d(j: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(j, m, day).unwrap()
}

fn t(j: i32, m: u32, day: u32) -> NaiveDateTime {
    d(j, m, day).and_hms_opt(10, 0, 0).unwrap()
}

fn onderdeel(naam: &str, aanbieder: &str, wet: Wet, vorm: Vorm, kosten: Kosten, start: NaiveDate) -> NieuwOnderdeel {
    NieuwOnderdeel {
        kaart_sleutel: String::new(),
        naam: naam.into(),
        aanbieder: aanbieder.into(),
        telefoon: "050-0000000".into(),
        wet,
        vorm,
        start,
        eind: None,
        hoe_vaak: "1 keer per week".into(),
        resultaat: "Ik wil zelf thuis blijven wonen".into(),
        kosten,
        rolstoel: false,
        duurzame_relatie: false,
    }
}

/// A resident of 82 (born 1943) with three arrangements from November 2025.
fn plan_82(dossier: u64) -> Plan {
    let mut p = Plan::nieuw(dossier, "Sanne de Vries", t(2025, 11, 3));
    p.geboortejaar = Some(1943);
    p.consulent_telefoon = "050-1234567".into();
    let s = d(2025, 11, 10);
    for n in [
        onderdeel("Huishoudelijke hulp", "Thuiszorg Noord", Wet::Wmo, Vorm::Maatwerk, Kosten::VolgensRegels, s),
        onderdeel("Maatje", "Welzijnsgroep", Wet::Welzijn, Vorm::AlgemeneVoorziening, Kosten::Gratis, s),
        onderdeel("Bijzondere bijstand", "Gemeente", Wet::Participatiewet, Vorm::Maatwerk, Kosten::VolgensRegels, s),
    ] {
        p.voeg_toe(n, 14, t(2025, 11, 3), "Sanne").unwrap();
    }
    p
}

/// A contact with a name and a BSN, handed off: its dossier.
fn dossier_met_client(store: &dyn Store) -> (Contact, loket::domain::case::Case) {
    let mut c = common::store::complex_draft(store, "Anna", "hulp in huis");
    c.client.naam = "Geertruida Voorbeeld".into();
    c.client.bsn = Some("123456782".into());
    c.client.geboortejaar = Some(1943);
    c.rev = store.save_contact(&c).unwrap();
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "wij-oost-1".into(),
        start: t(2026, 12, 8),
        eind: t(2026, 12, 8) + chrono::Duration::minutes(45),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    let mut k = common::store::new_case(&c, "Anna");
    k.client = Some(loket::domain::contact::ClientGegevens { naam: c.client.naam.clone(), ..Default::default() });
    let k = match store.handoff(&closed(&c), &k, &slot).unwrap() {
        BookResult::Booked(k) => *k,
        BookResult::Taken => panic!("taken"),
    };
    (store.contact(c.id).unwrap().unwrap(), k)
}

#[test]
fn a_plan_is_stored_with_its_audit_entry_and_a_stale_copy_is_refused_on_both_backends() {
    for (name, store, _keep) in backends("plan_opslag") {
        let mut p = plan_82(41);
        let voor = store.audit_raw().unwrap().regels.len();
        let log = [Gebeurtenis::new(now(), "Sanne", Handeling::Aangemaakt, Onderwerp::Dossier(41))];
        p.rev = store.save_plan_gelogd(&p, &log).unwrap();
        assert_eq!(p.rev, 1, "{name}");
        assert_eq!(store.audit_raw().unwrap().regels.len(), voor + 1, "{name}: the audit entry in the same write");
        let stored = store.plan(41).unwrap().expect("stored");
        assert_eq!(stored, p, "{name}");
        // a second new plan for the same dossier is a conflict, not an overwrite
        let mut dubbel = plan_82(41);
        dubbel.rev = 0;
        assert!(matches!(store.save_plan_gelogd(&dubbel, &[]), Err(StoreError::Conflict { .. })), "{name}");
        // a change at its revision; then the old copy is stale
        let oud = p.clone();
        p.keur_goed(d(2025, 11, 5), "mevrouw Voorbeeld", "Sanne de Vries", t(2025, 11, 5)).unwrap();
        p.rev = store.save_plan_gelogd(&p, &[]).unwrap();
        assert_eq!(p.rev, 2);
        let mut stale = oud;
        stale.wijzig_hoe_vaak(1, "2 uur", "meer nodig", t(2025, 11, 6), "Bert").unwrap();
        match store.save_plan_gelogd(&stale, &log) {
            Err(StoreError::Conflict { what, .. }) => {
                assert!(what.contains("Leefplan van dossier 41"), "{name}: {what}")
            }
            other => panic!("{name}: {other:?}"),
        }
        assert_eq!(store.audit_raw().unwrap().regels.len(), voor + 1, "{name}: nothing logged for a refused write");
        assert_eq!(store.plan(41).unwrap().unwrap(), p, "{name}");
        assert_eq!(store.plannen().unwrap().value, vec![p.clone()], "{name}");
        assert_eq!(store.plan(42).unwrap(), None);
    }
}

#[test]
fn a_desk_follow_up_is_stored_and_a_stale_copy_refused_on_both_backends() {
    for (name, store, _keep) in backends("opvolging_opslag") {
        let mut v = Verwijzingsopvolging {
            contact_id: 9,
            naar: "Maatjesproject".into(),
            opvolging: opvolging::Opvolging::nieuw(d(2026, 12, 1), 14, "Fatima"),
            gewist: false,
            rev: 0,
        };
        v.opvolging.leg_vast(Uitkomst::NietAangekomen, "nummer klopte niet", t(2026, 12, 15), "Fatima");
        v.rev = store.save_opvolging_gelogd(&v, &[]).unwrap();
        let oud = v.clone();
        v.opvolging.kies_vervolg(Vervolgstap::OpnieuwZoeken).unwrap();
        v.rev = store.save_opvolging_gelogd(&v, &[]).unwrap();
        assert!(matches!(store.save_opvolging_gelogd(&oud, &[]), Err(StoreError::Conflict { .. })), "{name}");
        assert_eq!(store.opvolgingen().unwrap().value, vec![v], "{name}");
    }
}

#[test]
fn migreer_copies_plans_and_follow_ups() {
    let from_dir = tempfile::tempdir().unwrap();
    let from = SledStore::open(from_dir.path()).unwrap();
    let mut p = plan_82(5);
    p.rev = from.save_plan_gelogd(&p, &[]).unwrap();
    let v = Verwijzingsopvolging {
        contact_id: 3,
        naar: "x".into(),
        opvolging: opvolging::Opvolging::nieuw(d(2026, 12, 1), 14, "Fatima"),
        gewist: false,
        rev: 0,
    };
    from.save_opvolging_gelogd(&v, &[]).unwrap();
    let to_dir = tempfile::tempdir().unwrap();
    let mut targets: Vec<(&str, Arc<dyn Store>)> = vec![("sled", Arc::new(SledStore::open(to_dir.path()).unwrap()))];
    if let Some(url) = common::pg::fresh_db("plan_migreer") {
        targets.push(("postgres", Arc::new(PgStore::connect(&url).unwrap())));
    }
    for (name, to) in targets {
        let telling = loket::store::migreer::copy(&from, to.as_ref(), "beheer", now()).unwrap();
        assert_eq!((telling.plannen, telling.opvolgingen), (1, 1), "{name}");
        assert_eq!(to.plan(5).unwrap().unwrap(), p, "{name}");
        assert_eq!(to.opvolgingen().unwrap().value.len(), 1, "{name}");
        assert!(!to.is_empty().unwrap());
    }
}

#[test]
fn inzage_lists_the_plan_and_erasure_anonymises_it_in_the_same_write() {
    for (name, store, keep) in backends("plan_inzage") {
        let dir = keep.as_ref().map(|d| d.path().to_path_buf()).unwrap_or_else(|| tempfile::tempdir().unwrap().keep());
        let (c, k) = dossier_met_client(store.as_ref());
        let mut p = plan_82(k.id);
        p.keur_goed(d(2025, 11, 5), "Geertruida Voorbeeld", "Sanne de Vries", t(2025, 11, 5)).unwrap();
        p.rev = store.save_plan_gelogd(&p, &[]).unwrap();
        // a printed overview waiting for the viewer
        let o = p.maandoverzicht(d(2025, 12, 1), &Kostenregels::standaard());
        let file = loket::overzicht::schrijf(&dir, &o, &Default::default(), now()).unwrap();
        let (inzage, g) =
            loket::commands::inzage::inzage(store.as_ref(), &dir, "Geertruida Voorbeeld", "Anna", now()).unwrap();
        assert_eq!(g.plannen.len(), 1, "{name}");
        let tekst = std::fs::read_to_string(&inzage).unwrap();
        assert!(tekst.contains(&format!("Leefplan bij dossier {}", k.id)), "{name}");
        assert!(tekst.contains("Ik wil zelf thuis blijven wonen"), "{name}");
        assert!(tekst.contains(&file.display().to_string()), "{name}: the printed overview is listed");
        let g = loket::commands::inzage::wis(store.as_ref(), &dir, "Geertruida Voorbeeld", "verzoek", "Anna", now())
            .unwrap();
        assert_eq!(g.plannen.len(), 1);
        assert!(!file.exists(), "{name}: the printed overview is removed");
        let na = store.plan(k.id).unwrap().unwrap();
        assert!(na.gewist, "{name}");
        assert!(!loket::domain::bewaren::plan_heeft_persoonsgegevens(&na), "{name}");
        assert_eq!(na.onderdelen.len(), 3, "{name}: what the report counts stays");
        assert!(na.onderdelen.iter().all(|o| o.resultaat.is_empty()));
        assert!(store.contact(c.id).unwrap().unwrap().gewist);
    }
}

#[test]
fn retention_anonymises_an_ended_plan_after_its_period_and_an_old_follow_up_note() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let mut p = plan_82(77);
    for nr in 1..=3 {
        p.beeindig(nr, d(2025, 12, 31), "klaar", t(2025, 12, 20), "Sanne").unwrap();
    }
    p.rev = store.save_plan_gelogd(&p, &[]).unwrap();
    let mut lopend = plan_82(78);
    lopend.rev = store.save_plan_gelogd(&lopend, &[]).unwrap();
    let mut v = Verwijzingsopvolging {
        contact_id: 3,
        naar: "x".into(),
        opvolging: opvolging::Opvolging::nieuw(d(2026, 1, 1), 14, "Fatima"),
        gewist: false,
        rev: 0,
    };
    v.opvolging.leg_vast(Uitkomst::Geholpen, "mevrouw is blij", t(2026, 1, 15), "Fatima");
    store.save_opvolging_gelogd(&v, &[]).unwrap();
    let termijnen = loket::domain::bewaren::Bewaartermijnen::default();
    // within the period: nothing
    let r = loket::commands::opschonen::run(&store, dir.path(), &termijnen, t(2026, 12, 1), "beheer").unwrap();
    assert_eq!((r.leefplannen, r.opvolgingen), (0, 1), "the follow-up note is past 3 months");
    let r = loket::commands::opschonen::run(&store, dir.path(), &termijnen, t(2028, 1, 2), "beheer").unwrap();
    assert_eq!(r.leefplannen, 1, "the ended plan, 24 months after its last change; the running one stays");
    assert!(store.plan(77).unwrap().unwrap().gewist);
    assert!(!store.plan(78).unwrap().unwrap().gewist);
    let v = &store.opvolgingen().unwrap().value[0];
    assert!(v.opvolging.notitie.is_empty() && v.opvolging.uitkomst == Some(Uitkomst::Geholpen));
}

#[test]
fn the_printed_overview_holds_the_arrangements_and_the_total_and_no_bsn() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = plan_82(3);
    p.keur_goed(d(2025, 11, 5), "mevrouw Voorbeeld", "Sanne de Vries", t(2025, 11, 5)).unwrap();
    let o = p.maandoverzicht(d(2025, 12, 1), &Kostenregels::standaard());
    let loket_hoofd = loket::domain::briefhoofd::Briefhoofd {
        naam: "Loket Wonen, Welzijn, Zorg Winsum".into(),
        adres: "Hoofdstraat 1".into(),
        postcode: "9951 AA".into(),
        plaats: "Winsum".into(),
        telefoon: "0595 000000".into(),
        ..Default::default()
    };
    let file = loket::overzicht::schrijf(dir.path(), &o, &loket_hoofd, t(2025, 12, 2)).unwrap();
    let html = std::fs::read_to_string(&file).unwrap();
    for s in [
        "Huishoudelijke hulp",
        "Maatje",
        "Bijzondere bijstand",
        "€ 21,00 per maand (geschat)",
        "Loket Wonen, Welzijn, Zorg Winsum",
        "Hoofdstraat 1, 9951 AA Winsum",
        "0595 000000",
        "CAK",
        "december 2025",
    ] {
        assert!(html.contains(s), "{s} missing");
    }
    assert_eq!(html.matches("€ 21,00 (geschat)").count(), 1, "the abonnementstarief once per household");
    assert!(!html.contains("<script") && !html.contains("http"), "self-contained");
    // no BSN, whatever the plan holds: loket's overview has no place for one
    assert!(!html.contains("123456782"));
    assert!(
        !html.chars().collect::<Vec<_>>().windows(9).any(|w| w.iter().all(|c| c.is_ascii_digit())),
        "no 9-digit number"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // removed once older than the hours it may stay
    assert_eq!(loket::overzicht::ruim_op(dir.path(), t(2025, 12, 2)).unwrap(), 0);
    let later = chrono::Local::now().naive_local() + chrono::Duration::hours(loket::overzicht::BEWAREN_UREN + 1);
    assert_eq!(loket::overzicht::ruim_op(dir.path(), later).unwrap(), 1);
    assert!(!file.exists());
}

#[test]
fn a_desk_referral_is_on_the_worklist_on_its_date_and_the_report_counts_outcomes_and_unmet_needs() {
    let mut c = Contact::new(12, Kanaal::Balie, t(2026, 12, 1));
    c.medewerker = "Fatima".into();
    c.vraag = "zoekt gezelschap".into();
    c.besluit = Some(loket::domain::contact::TriageBesluit {
        uitkomst: loket::domain::contact::Uitkomst::Enkelvoudig,
        suggestie: loket::domain::contact::Uitkomst::Enkelvoudig,
        reden_afwijking: String::new(),
    });
    c.afhandeling = Some(Afhandeling::VerwezenNaarAanbieder);
    c.close(t(2026, 12, 1)).unwrap();
    let v = opvolging::van_verwijzing(&c, "Maatjesproject", 14).unwrap();
    let voor = Voor::Balie { medewerker: "Fatima".into() };
    assert!(opvolging::werklijst(&voor, std::slice::from_ref(&v), &[], d(2026, 12, 14)).is_empty());
    assert_eq!(opvolging::werklijst(&voor, std::slice::from_ref(&v), &[], d(2026, 12, 15)).len(), 1);
    let mut v = v;
    v.opvolging.leg_vast(Uitkomst::NietAangekomen, "", t(2026, 12, 15), "Fatima");
    v.opvolging.kies_vervolg(Vervolgstap::OnvervuldeBehoefte { wat: "maatje in het Fries".into() }).unwrap();
    let mut p = plan_82(3);
    p.evalueer(1, Resultaat::Behaald, "", t(2026, 2, 10), "Sanne").unwrap();
    p.volg_op(1, Uitkomst::Geholpen, "", t(2025, 11, 24), "Sanne").unwrap();
    let vraag = loket::domain::rapport::Vraag {
        periode: loket::domain::rapport::Periode::new(Some(d(2025, 1, 1)), Some(d(2026, 12, 31))),
        ..Default::default()
    };
    let mut telling = loket::domain::rapport::tel(std::slice::from_ref(&c), &[], &vraag);
    loket::domain::rapport::tel_opvolgingen(&mut telling, std::slice::from_ref(&c), &[v], &[p], &vraag);
    use loket::domain::rapport::Onderwerp as O;
    assert_eq!(telling.n(O::Verwijsuitkomst, "niet_aangekomen"), 1);
    assert_eq!(telling.n(O::Verwijsuitkomst, "geholpen"), 1);
    assert_eq!(telling.n(O::Verwijsuitkomst, "open"), 2, "two arrangements not followed up yet");
    assert_eq!(telling.n(O::OnvervuldeBehoefte, "balie"), 1);
    // the small numbers are suppressed as every other table
    let r = loket::domain::rapport::Rapport::uit(&telling, 5);
    assert_eq!(r.cel(O::Verwijsuitkomst, "niet_aangekomen").unwrap().tekst(5), "<5");
    let r = loket::domain::rapport::Rapport::uit(&telling, 1);
    assert_eq!(r.cel(O::OnvervuldeBehoefte, "balie").unwrap().tekst(1), "1");
}

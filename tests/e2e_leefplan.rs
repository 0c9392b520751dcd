//! End-to-end in tmux: the consultant's day with a resident's plan, and a desk referral followed
//! up on its date (the clock fixed with LOKET_KLOK); then `loket rapport` counts the outcome and
//! the unmet need, and `loket overzicht` prints the month.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use loket::domain::contact::{Afhandeling, Contact, Kanaal, TriageBesluit, Uitkomst};
use loket::domain::leefplan::Resultaat;
use loket::store::{SledStore, Store};

use common::tmux::Pane;

fn start(data: &Path, klok: &str) -> Pane {
    Pane::start_logged(
        &[("LOKET_MEDEWERKER", "Sanne de Vries"), ("LOKET_KLOK", klok)],
        &["--data-dir", data.to_str().unwrap()],
        120,
        40,
    )
}

fn t(m: u32, d: u32, h: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

/// A dossier of a resident of 82 (born 1943) and a desk referral by Sanne on 1 December 2025.
fn voorbereiden(data: &Path) -> (u64, u64) {
    let store = SledStore::open(data).unwrap();
    loket::cli::seed(&store).unwrap();
    let mut c = common::store::complex_draft(&store, "Anna", "redt het niet meer thuis");
    c.client.naam = "Mevrouw Jansen".into();
    c.client.geboortejaar = Some(1943);
    c.rev = store.save_contact(&c).unwrap();
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "wij-oost-1".into(),
        start: t(12, 8, 10),
        eind: t(12, 8, 11),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    let dossier = match store.handoff(&common::store::closed(&c), &common::store::new_case(&c, "Anna"), &slot).unwrap()
    {
        loket::store::BookResult::Booked(k) => k.id,
        loket::store::BookResult::Taken => panic!("taken"),
    };
    let mut v = Contact::new(store.new_contact_id().unwrap(), Kanaal::Balie, t(12, 1, 9));
    v.vraag = "zoekt gezelschap".into();
    v.medewerker = "Sanne de Vries".into();
    v.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Enkelvoudig,
        suggestie: Uitkomst::Enkelvoudig,
        reden_afwijking: String::new(),
    });
    v.afhandeling = Some(Afhandeling::VerwezenNaarAanbieder);
    v.close(t(12, 1, 9)).unwrap();
    store.save_contact(&v).unwrap();
    (dossier, v.id)
}

#[test]
#[cfg_attr(zonder_tmux, ignore = "tmux ontbreekt op deze machine")]
fn a_plan_with_three_arrangements_its_overview_approval_a_change_step_e_and_a_referral_followed_up() {
    common::tmux::available();
    let data = tempfile::tempdir().unwrap();
    let (dossier, contact) = voorbereiden(data.path());

    let p = start(data.path(), "2025-12-01T10:00");
    p.wait_loaded();
    p.keys(&["C-b"]);
    p.wait_for("Wachtrij backoffice");
    p.text("l");
    p.wait_for("nog geen leefplan");
    for (n, regel) in [
        "Huishoudelijke hulp; Thuiszorg Noord; wmo; maatwerk; 3 uur per week; Ik wil mijn huis schoon houden",
        "Maatje; Welzijnsgroep; welzijn; algemeen; 1 keer per week; Ik wil weer eens een praatje maken",
        "Bijzondere bijstand; Gemeente; participatiewet; maatwerk; eenmalig; Ik wil een wasmachine kunnen betalen",
    ]
    .iter()
    .enumerate()
    {
        p.text("a");
        p.wait_for("Nieuw onderdeel");
        p.text(regel);
        p.keys(&["Enter"]);
        p.wait_for(&format!("Onderdelen ({})", n + 1));
    }
    p.text("g");
    p.wait_for("Goedkeuren door beide partijen");
    p.text("Mevrouw Jansen");
    p.keys(&["Enter"]);
    p.wait_for("door beide partijen goedgekeurd op 01-12-2025 (Mevrouw Jansen en Sanne de Vries)");
    p.keys(&["Up", "Up"]);
    p.text("w");
    p.wait_for("Wijzigen: hoe vaak");
    p.text("4 uur per week; trap lukt niet meer");
    p.keys(&["Enter"]);
    // the change in the history, with its reason (the line wraps at 120 columns)
    let s = p.wait_for("lukt niet meer");
    assert!(s.contains("hoe vaak '3 uur per week' → '4 uur per week' — trap"), "{s}");
    // the monthly overview: each arrangement, the abonnementstarief once
    p.text("o");
    let o = p.wait_for("Totaal: € 21,00 per maand (geschat)");
    for x in ["1. Huishoudelijke hulp", "2. Maatje", "3. Bijzondere bijstand", "CAK"] {
        assert!(o.contains(x), "{x}:\n{o}");
    }
    assert_eq!(o.matches("€ 21,00 (geschat)").count(), 1, "the abonnementstarief once per household:\n{o}");
    p.text("o");
    // step E: a result per arrangement
    for (i, (invoer, toon)) in [
        ("behaald; huis is schoon", "behaald"),
        ("deels; twee keer geweest", "deels behaald"),
        ("niet; afgewezen", "niet behaald"),
    ]
    .iter()
    .enumerate()
    {
        if i > 0 {
            p.keys(&["Down"]);
        }
        p.text("e");
        p.wait_for("Evaluatie (stap E)");
        p.text(invoer);
        p.keys(&["Enter"]);
        p.wait_for(&format!("Evaluatie 01-12-2025: {toon}"));
    }
    p.quit();
    {
        let store = SledStore::open(data.path()).unwrap();
        let plan = store.plan(dossier).unwrap().expect("the plan is stored");
        let res: Vec<_> = plan.onderdelen.iter().map(|o| o.evaluatie.as_ref().map(|e| e.resultaat)).collect();
        assert_eq!(res, [Some(Resultaat::Behaald), Some(Resultaat::Deels), Some(Resultaat::Niet)]);
        assert!(plan.goedkeuring.is_some());
        assert!(plan.historie.iter().any(|w| w.waarom == "trap lukt niet meer" && w.door == "Sanne de Vries"));
    }

    // the desk referral: not due the day before, due on its date
    let p = start(data.path(), "2025-12-14T10:00");
    p.wait_loaded();
    p.keys(&["C-u"]);
    let s = p.wait_for("Op te volgen vandaag");
    assert!(!s.contains(&format!("balie, contact {contact}")), "not before its date:\n{s}");
    p.quit();
    let p = start(data.path(), "2025-12-15T10:00");
    p.wait_loaded();
    p.keys(&["C-u"]);
    p.wait_for(&format!("balie, contact {contact}"));
    p.text("u");
    p.wait_for("Opvolgen: geholpen, wachtlijst");
    p.text("niet aangekomen; nummer klopte niet");
    p.keys(&["Enter"]);
    // not helped: the next step is offered at once
    p.wait_for("Niet geholpen: volgende stap?");
    p.text("3: maatje dat Fries spreekt");
    p.keys(&["Enter"]);
    p.wait_for(&format!("Opvolging van contact {contact} opgeslagen"));
    p.quit();

    // the report counts the outcome and the unmet need (threshold 1 to see the exact numbers)
    let cfg = data.path().join("config.toml");
    std::fs::write(&cfg, "rapport_drempel = 1\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .env("LOKET_CONFIG", &cfg)
        .args(["--data-dir", data.path().to_str().unwrap(), "rapport", "--periode", "2025-12", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |tabel: &str, code: &str| {
        json["tabellen"][tabel].as_array().unwrap().iter().find(|r| r["code"] == code).unwrap()["aantal"].as_u64()
    };
    assert_eq!(n("verwijsuitkomst", "niet_aangekomen"), Some(1));
    assert_eq!(n("verwijsuitkomst", "open"), Some(3), "the three arrangements, not followed up yet");
    assert_eq!(n("onvervulde_behoefte", "balie"), Some(1));

    // loket overzicht DOSSIER --maand: the month in plain Dutch, and as a page without a BSN
    let overzicht = |extra: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_loket"))
            .env("LOKET_CONFIG", &cfg)
            .env("LOKET_MEDEWERKER", "Sanne de Vries")
            .args([
                "--data-dir",
                data.path().to_str().unwrap(),
                "overzicht",
                &dossier.to_string(),
                "--maand",
                "2025-12",
            ])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let tekst = overzicht(&[]);
    assert!(
        tekst.contains("Uw overzicht van december 2025") && tekst.contains("Totaal: € 21,00 per maand (geschat)"),
        "{tekst}"
    );
    let html = overzicht(&["--html"]);
    for x in ["Huishoudelijke hulp", "Maatje", "Bijzondere bijstand", "€ 21,00 per maand (geschat)"] {
        assert!(html.contains(x), "{x}");
    }
    assert!(!html.contains("123456782"));
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--data-dir", data.path().to_str().unwrap(), "overzicht", "99", "--maand", "2025-13"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("geen maand"), "{}", String::from_utf8_lossy(&out.stderr));
}

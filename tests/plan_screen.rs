//! The plan screen and the opvolgen worklist, headless against a real store: a resident of 82
//! gets three arrangements, approval, a change and step E; the overview; the worklist on the
//! follow-up's date; the role that may not open a plan. Snapshots at 80x24 and 120x40.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use loket::app::Screen;
use loket::domain::contact::{Afhandeling, Contact, Kanaal, TriageBesluit, Uitkomst};
use loket::domain::leefplan::Resultaat;
use loket::store::Store;

use common::{press_in, type_in};

fn t(j: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(j, m, d).unwrap().and_hms_opt(h, 0, 0).unwrap()
}

/// A dossier of a resident born in 1943, handed off to Sanne; returns its id.
fn dossier(store: &dyn Store) -> u64 {
    let mut c = common::store::complex_draft(store, "Anna", "redt het niet meer thuis");
    c.client.naam = "Mevrouw Jansen".into();
    c.client.geboortejaar = Some(1943);
    c.rev = store.save_contact(&c).unwrap();
    let slot = loket::domain::slots::Slot {
        ondersteuner_id: "wij-oost-1".into(),
        start: t(2026, 12, 8, 10),
        eind: t(2026, 12, 8, 11),
        locatie: "Loket".into(),
        plek: loket::domain::ondersteuning::Plek::Balie,
    };
    match store.handoff(&common::store::closed(&c), &common::store::new_case(&c, "Anna"), &slot).unwrap() {
        loket::store::BookResult::Booked(k) => k.id,
        loket::store::BookResult::Taken => panic!("taken"),
    }
}

/// A desk referral by Sanne, closed on 1 December 2025.
fn verwijzing(store: &dyn Store) -> u64 {
    let mut c = Contact::new(store.new_contact_id().unwrap(), Kanaal::Balie, t(2025, 12, 1, 9));
    c.vraag = "zoekt gezelschap".into();
    c.medewerker = "Sanne de Vries".into();
    c.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Enkelvoudig,
        suggestie: Uitkomst::Enkelvoudig,
        reden_afwijking: String::new(),
    });
    c.afhandeling = Some(Afhandeling::VerwezenNaarAanbieder);
    c.close(t(2025, 12, 1, 9)).unwrap();
    store.save_contact(&c).unwrap();
    c.id
}

fn screen(s: &loket::app::State, w: u16, h: u16) -> String {
    common::screen_text(s, w, h)
}

#[test]
fn the_consultant_makes_a_plan_with_three_arrangements_approval_a_change_and_step_e() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    let id = dossier(store.as_ref());
    let contact = verwijzing(store.as_ref());
    for msg in loket::app::run::startup(store.as_ref()) {
        loket::app::run::handle(store.as_ref(), &mut s, msg);
    }
    s.now = t(2025, 12, 1, 10);
    s.medewerker = "Sanne de Vries".into();
    press_in(store.as_ref(), &mut s, "ctrl-b");
    press_in(store.as_ref(), &mut s, "l");
    assert_eq!(s.screen, Screen::Plan);
    assert!(screen(&s, 80, 24).contains("nog geen leefplan"), "{}", screen(&s, 80, 24));
    for regel in [
        "Huishoudelijke hulp; Thuiszorg Noord; wmo; maatwerk; 3 uur per week; Ik wil mijn huis schoon houden",
        "Maatje; Welzijnsgroep; welzijn; algemeen; 1 keer per week; Ik wil weer eens een praatje maken",
        "Bijzondere bijstand; Gemeente; participatiewet; maatwerk; eenmalig; Ik wil een wasmachine kunnen betalen",
    ] {
        press_in(store.as_ref(), &mut s, "a");
        type_in(store.as_ref(), &mut s, regel);
        press_in(store.as_ref(), &mut s, "enter");
        assert!(s.overlay.is_none(), "{}", screen(&s, 120, 40));
    }
    press_in(store.as_ref(), &mut s, "g");
    type_in(store.as_ref(), &mut s, "Mevrouw Jansen");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "up up");
    press_in(store.as_ref(), &mut s, "w");
    type_in(store.as_ref(), &mut s, "4 uur per week; trap lukt niet meer");
    press_in(store.as_ref(), &mut s, "enter");
    // a signal to the provider, tied to the arrangement it concerns
    press_in(store.as_ref(), &mut s, "s");
    type_in(store.as_ref(), &mut s, "hulp kwam twee keer niet");
    press_in(store.as_ref(), &mut s, "enter");
    let p = store.plan(id).unwrap().expect("stored");
    assert_eq!(p.onderdelen[0].signalen.len(), 1);
    assert_eq!(p.onderdelen[0].signalen[0].tekst, "hulp kwam twee keer niet");
    assert_eq!(p.onderdelen.len(), 3);
    assert_eq!(p.geboortejaar, Some(1943), "from the dossier's contact");
    assert!(p.goedkeuring.as_ref().is_some_and(|g| g.client == "Mevrouw Jansen" && g.consulent == "Sanne de Vries"));
    let w = p.historie.iter().rev().find(|w| !w.waarom.is_empty()).unwrap();
    assert_eq!((w.door.as_str(), w.waarom.as_str()), ("Sanne de Vries", "trap lukt niet meer"));
    let plan = screen(&s, 80, 24);
    assert!(plan.contains("gewijzigd na goedkeuring"), "{plan}");
    insta::assert_snapshot!("leefplan_80x24", plan);
    insta::assert_snapshot!("leefplan_120x40", screen(&s, 120, 40));
    // the overview: each arrangement and the abonnementstarief once
    press_in(store.as_ref(), &mut s, "o");
    let o = screen(&s, 120, 40);
    for x in ["Huishoudelijke hulp", "Maatje", "Bijzondere bijstand", "€ 21,00 per maand (geschat)", "CAK"] {
        assert!(o.contains(x), "{x}:\n{o}");
    }
    insta::assert_snapshot!("maandoverzicht_120x40", o);
    let klein = screen(&s, 80, 24);
    insta::assert_snapshot!("maandoverzicht_80x24", klein);
    // at 80x24 the total is below the pane: the border says so, and scrolling reaches it
    assert!(klein.contains("↓ meer") && !klein.contains("Totaal:"), "{klein}");
    let mut gezien = Vec::new();
    for _ in 0..10 {
        press_in(store.as_ref(), &mut s, "shift-down");
        gezien.push(screen(&s, 80, 24));
    }
    let onder = gezien.last().unwrap();
    assert!(gezien.iter().any(|g| g.contains("Totaal: € 21,00 per maand (geschat)")), "{gezien:#?}");
    assert!(onder.contains("↑ terug") && !onder.contains("↓ meer"), "at the end:\n{onder}");
    assert!(onder.contains("Vragen over uw plan?"), "the last lines are reached:\n{onder}");
    press_in(store.as_ref(), &mut s, "o");
    assert_eq!(s.plan.scroll, 0, "details start at the top again");
    // step E: a result per arrangement
    for (i, r) in ["behaald; huis is schoon", "deels; twee keer geweest", "niet; aanvraag afgewezen"].iter().enumerate()
    {
        if i > 0 {
            press_in(store.as_ref(), &mut s, "down");
        }
        press_in(store.as_ref(), &mut s, "e");
        type_in(store.as_ref(), &mut s, r);
        press_in(store.as_ref(), &mut s, "enter");
    }
    let p = store.plan(id).unwrap().unwrap();
    let res: Vec<_> = p.onderdelen.iter().map(|o| o.evaluatie.as_ref().map(|e| e.resultaat)).collect();
    assert_eq!(res, [Some(Resultaat::Behaald), Some(Resultaat::Deels), Some(Resultaat::Niet)]);
    // every change carried its audit entry on the dossier
    let log = store.audit_raw().unwrap();
    assert!(log.regels.len() >= 2);
    // the follow-ups: nothing due on the 14th, the desk referral and the arrangements on the 15th
    s.now = t(2025, 12, 14, 10);
    press_in(store.as_ref(), &mut s, "ctrl-u");
    assert_eq!(s.screen, Screen::Opvolgen);
    assert!(screen(&s, 80, 24).contains("Niets op te volgen"), "{}", screen(&s, 80, 24));
    s.now = t(2025, 12, 15, 10);
    press_in(store.as_ref(), &mut s, "esc ctrl-u");
    let lijst = screen(&s, 120, 40);
    assert!(lijst.contains(&format!("balie, contact {contact}")), "{lijst}");
    assert!(lijst.contains(&format!("plan {id}, onderdeel 1")), "{lijst}");
    insta::assert_snapshot!("opvolgen_120x40", lijst);
    insta::assert_snapshot!("opvolgen_80x24", screen(&s, 80, 24));
    // "niet aangekomen" offers the next step at once
    press_in(store.as_ref(), &mut s, "u");
    type_in(store.as_ref(), &mut s, "niet aangekomen; nummer klopte niet");
    press_in(store.as_ref(), &mut s, "enter");
    let vraag = screen(&s, 120, 40);
    assert!(vraag.contains("volgende stap"), "{vraag}");
    type_in(store.as_ref(), &mut s, "3: maatje dat Fries spreekt");
    press_in(store.as_ref(), &mut s, "enter");
    let v = store.opvolgingen().unwrap().value;
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].opvolging.uitkomst, Some(loket::domain::opvolging::Uitkomst::NietAangekomen));
    assert!(matches!(
        &v[0].opvolging.vervolg,
        Some(loket::domain::opvolging::Vervolgstap::OnvervuldeBehoefte { wat }) if wat == "maatje dat Fries spreekt"
    ));
    assert!(!screen(&s, 120, 40).contains(&format!("balie, contact {contact}")), "done: off the list");
}

#[test]
fn the_desk_may_not_open_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    let id = dossier(store.as_ref());
    for msg in loket::app::run::startup(store.as_ref()) {
        loket::app::run::handle(store.as_ref(), &mut s, msg);
    }
    s.aanmelding_verplicht = true;
    s.account =
        Some(loket::domain::account::Aangemeld { naam: "Bert".into(), rol: loket::domain::account::Rol::Balie });
    let fx = loket::app::plan::open_uit_wachtrij(&mut s, id);
    assert!(fx.is_empty());
    assert_ne!(s.screen, Screen::Plan);
    // what the desk may see: that a plan exists and whom to call
    let mut p = loket::domain::leefplan::Plan::nieuw(id, "Sanne de Vries", t(2025, 12, 1, 10));
    p.consulent_telefoon = "050-1234567".into();
    assert_eq!(loket::app::plan::voor_balie(&p), "Er is een leefplan; bel consulent Sanne de Vries, 050-1234567.");
    // at start the desk gets of a stored plan only that it exists and whom to call
    let mut vol = p.clone();
    vol.voeg_toe(
        loket::domain::leefplan::NieuwOnderdeel {
            kaart_sleutel: String::new(),
            naam: "Huishoudelijke hulp".into(),
            aanbieder: "Thuiszorg Noord".into(),
            telefoon: String::new(),
            wet: loket::domain::kaart::Wet::Wmo,
            vorm: loket::domain::leefplan::Vorm::Maatwerk,
            start: NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
            eind: None,
            hoe_vaak: "3 uur".into(),
            resultaat: "Ik wil mijn huis schoon houden".into(),
            kosten: loket::domain::leefplan::Kosten::VolgensRegels,
            rolstoel: false,
            duurzame_relatie: false,
        },
        14,
        t(2025, 12, 1, 10),
        "Sanne",
    )
    .unwrap();
    store.save_plan_gelogd(&vol, &[]).unwrap();
    let Some(loket::app::Msg::Plan(m)) = loket::app::plan::bij_start(store.as_ref(), false) else { panic!() };
    let loket::app::plan::PlanMsg::Werklijst { plannen, .. } = *m else { panic!() };
    assert_eq!(plannen.len(), 1);
    assert!(plannen[0].onderdelen.is_empty() && plannen[0].historie.is_empty(), "{:?}", plannen[0]);
    assert_eq!(loket::app::plan::voor_balie(&plannen[0]), loket::app::plan::voor_balie(&p));
}

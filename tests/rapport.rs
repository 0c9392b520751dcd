//! `loket rapport` and the report screen: the CSV parses with its documented columns, the HTML
//! page holds an `<svg>` per chart and nothing personal, small numbers are suppressed in every
//! format (text, JSON, CSV, HTML, the screen), and the older JSON keys still read.

mod common;

use std::sync::Arc;

use chrono::NaiveDate;
use loket::app::{update, Effect, Msg, Screen};
use loket::domain::contact::{Afhandeling, Contact, Kanaal, Status};
use loket::domain::rapport::{self, Gebied, Periode, Rapport, Vraag};
use loket::store::Store;

fn at(m: u32, d: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

/// 20 by phone, 7 at the desk, 3 home visits (a small cell) in November 2026; personal data
/// in names, phones and questions.
fn november() -> Vec<Contact> {
    let mut out = Vec::new();
    let mut id = 0;
    for (kanaal, n) in [(Kanaal::Telefoon, 20), (Kanaal::Balie, 7), (Kanaal::Huisbezoek, 3)] {
        for i in 0..n {
            id += 1;
            let mut c = Contact::new(id, kanaal, at(11, 2 + (i % 25)));
            c.client.naam = format!("Mevrouw Geheimzinnig {id}");
            c.client.telefoon = format!("06-5555{id:04}");
            c.client.gemeente = "Het Hogeland".into();
            c.vraag = "privévraag over de buurman".into();
            c.status = Status::Afgesloten;
            c.einde = Some(c.start + chrono::Duration::minutes(10));
            c.afhandeling = Some(Afhandeling::InformatieGegeven);
            c.gewezen_op_clientondersteuning = true;
            out.push(c);
        }
    }
    out
}

const GEHEIM: [&str; 4] = ["Geheimzinnig", "06-5555", "privévraag", "buurman"];

fn data_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY);
    let store = loket::cli::open_store(dir.path()).unwrap();
    for c in november() {
        store.save_contact(&c).unwrap();
    }
    drop(store);
    dir
}

fn rapport(dir: &std::path::Path, extra: &[&str]) -> String {
    let mut args = vec!["rapport", "--periode", "2026-11"];
    args.extend(extra);
    let (out, err, ok) = common::leaks::loket(dir, &args, None);
    assert!(ok, "rapport {extra:?} failed: {err}");
    for s in GEHEIM {
        assert!(!out.contains(s) && !err.contains(s), "'{s}' in rapport {extra:?}");
    }
    out
}

#[test]
fn the_csv_parses_and_its_columns_are_the_documented_ones() {
    let dir = data_dir();
    let out = rapport(dir.path(), &["--csv"]);
    let mut r = csv::Reader::from_reader(out.as_bytes());
    let kop: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(kop, loket::report::CSV_KOLOMMEN);
    assert_eq!(kop, ["tabel", "week", "code", "label", "waarde"], "as docs/ontwikkelaars.md says");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let namen = loket::report::tabel_namen();
    for row in &rows {
        assert_eq!(row.len(), 5);
        assert!(namen.contains(&&row[0]), "unknown table {}", &row[0]);
    }
    // every table is there, one row per cell
    for t in &namen {
        assert!(rows.iter().any(|r| &&r[0] == t), "table {t} missing");
    }
    let cel = |t: &str, code: &str| {
        rows.iter().find(|r| &r[0] == t && &r[2] == code && r[1].is_empty()).map(|r| r[4].to_string())
    };
    assert_eq!(cel("totalen", "contacten").as_deref(), Some("30"));
    assert_eq!(cel("kanaal", "telefoon").as_deref(), Some("20"));
    assert_eq!(cel("kanaal", "huisbezoek").as_deref(), Some("<5"), "small cell suppressed");
    assert_eq!(cel("kanaal", "balie").as_deref(), Some("x"), "and the smallest other, or 30-20-7 gives it away");
    // a label with a comma is quoted and reads back whole
    assert!(rows.iter().any(|r| &r[0] == "crisislijn" && r[3].contains("huiselijk geweld, kindermishandeling")));
    // weekly rows carry the week
    assert!(rows.iter().filter(|r| &r[0] == "per_week_kanaal").all(|r| r[1].starts_with("2026-W")));
    // --tabel: one table
    let one = rapport(dir.path(), &["--csv", "--tabel", "kanaal"]);
    let mut r = csv::Reader::from_reader(one.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| &r[0] == "kanaal"));
    let (_, err, ok) = common::leaks::loket(dir.path(), &["rapport", "--csv", "--tabel", "bestaatniet"], None);
    assert!(!ok && err.contains("onbekende tabel 'bestaatniet'"), "{err}");
}

#[test]
fn the_html_page_holds_an_svg_per_chart_and_nothing_personal() {
    let dir = data_dir();
    let html = rapport(dir.path(), &["--html"]);
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg ").count(), loket::report::GRAFIEKEN.len(), "one <svg> per chart");
    for (code, _) in loket::report::GRAFIEKEN {
        let sec = html.split(&format!("<section id=\"{code}\">")).nth(1).expect(code);
        let sec = sec.split("</section>").next().unwrap();
        assert_eq!(sec.matches("<svg ").count(), 1, "{code}");
        assert!(sec.contains("<table>"), "{code}: the numbers beside the chart");
    }
    // self-contained: nothing loaded from elsewhere, no script
    for bad in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(bad), "{bad}");
    }
    assert!(html.contains("&lt;5"), "suppressed cells show as <5");
    // and the whole no-leaks check (stderr, rapport in every format, files outside the store)
    let secrets: Vec<String> = november().iter().map(|c| c.client.naam.clone()).collect();
    let mut all: Vec<&str> = secrets.iter().map(String::as_str).collect();
    all.extend(GEHEIM);
    common::leaks::assert_no_leaks(dir.path(), "", &all);
}

#[test]
fn small_cells_are_suppressed_in_every_format() {
    let dir = data_dir();
    // text
    let text = rapport(dir.path(), &[]);
    let huisbezoek = text.lines().find(|l| l.trim_start().starts_with("huisbezoek")).unwrap();
    assert!(huisbezoek.trim_end().ends_with("<5"), "{huisbezoek}");
    let balie = text.lines().find(|l| l.trim_start().starts_with("balie")).unwrap();
    assert!(balie.trim_end().ends_with('x'), "{balie}");
    assert!(text.contains("Contacten: 30"), "{text}");
    // JSON: the stable keys and the older ones
    let json: serde_json::Value = serde_json::from_str(&rapport(dir.path(), &["--json"])).unwrap();
    let kanaal = json["tabellen"]["kanaal"].as_array().unwrap();
    let k = |code: &str| kanaal.iter().find(|c| c["code"] == code).unwrap();
    assert_eq!(k("huisbezoek")["aantal"], serde_json::Value::Null);
    assert_eq!(k("huisbezoek")["weergave"], "<5");
    assert_eq!(k("huisbezoek")["label"], "huisbezoek");
    assert_eq!(k("telefoon")["aantal"], 20);
    assert_eq!(k("email")["aantal"], 0);
    assert_eq!(json["per_kanaal"]["huisbezoek"], "<5", "the older label-keyed map, suppressed too");
    assert_eq!(json["per_kanaal"]["telefoon"], 20);
    assert_eq!(json["contacten"], 30);
    assert_eq!(json["drempel"], 5);
    assert!(!json.to_string().contains("\"3\"") && !json.to_string().contains(":3,"), "the 3 is nowhere: {json}");
    // weekly cells: none under 5 shown
    for rij in json["per_week"]["kanaal"]["rijen"].as_array().unwrap() {
        for n in rij["aantal"].as_array().unwrap() {
            if let Some(n) = n.as_u64() {
                assert!(n == 0 || n >= 5, "{rij}");
            }
        }
    }
    // HTML
    let html = rapport(dir.path(), &["--html"]);
    let sec = html.split("<section id=\"kanaal\">").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(sec.contains("<td>huisbezoek</td><td class=\"n\">&lt;5</td>"), "{sec}");
    assert!(!sec.contains(">3<"), "{sec}");
    // the threshold is in the config
    let cfg = dir.path().join("loket.toml");
    std::fs::write(&cfg, "rapport_drempel = 2\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["rapport", "--periode", "2026-11", "--csv", "--tabel", "kanaal", "--data-dir"])
        .arg(dir.path())
        .env("LOKET_CONFIG", &cfg)
        .env("LOKET_BSN_SLEUTEL", common::TEST_BSN_KEY)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.contains("kanaal,,huisbezoek,huisbezoek,3"), "threshold 2 shows 3: {csv}");
    // the screen
    let (contacts, _) = (november(), ());
    let t = rapport::tel(&contacts, &[], &Vraag { periode: Periode::parse("2026-11").unwrap(), ..Default::default() });
    let mut s = beheerder_state();
    update(&mut s, Msg::RapportKlaar { rapport: Box::new(Rapport::uit(&t, 5)), gebieden: Vec::new() });
    common::press(&mut s, "c");
    let screen = common::screen_text(&s, 80, 24);
    let line = screen.lines().find(|l| l.trim_start().starts_with("huisbezoek")).expect(&screen);
    assert!(line.trim_end().ends_with("<5"), "{screen}");
}

/// A functioneel beheerder's desk (the report's role), without a store.
fn beheerder_state() -> loket::app::State {
    let mut s = common::demo_state();
    s.aanmelding_verplicht = true;
    s.account = Some(loket::domain::account::Aangemeld {
        naam: "Fenna".into(),
        rol: loket::domain::account::Rol::FunctioneelBeheerder,
    });
    let fx = common::press(&mut s, "f8");
    assert_eq!(s.screen, Screen::Rapport);
    assert!(matches!(fx.as_slice(), [Effect::Rapport { .. }]), "{fx:?}");
    s
}

#[test]
fn only_the_functioneel_beheerder_opens_the_report() {
    let mut s = common::demo_state();
    s.aanmelding_verplicht = true;
    s.account =
        Some(loket::domain::account::Aangemeld { naam: "Bram".into(), rol: loket::domain::account::Rol::Balie });
    let fx = common::press(&mut s, "f8");
    assert!(fx.is_empty());
    assert_ne!(s.screen, Screen::Rapport);
    assert!(s.status.as_ref().is_some_and(|(_, t)| t.contains("Niet voor uw rol")), "{:?}", s.status);
    // a report that arrives for a role without the right is dropped
    let t = rapport::tel(&november(), &[], &Vraag::default());
    update(&mut s, Msg::RapportKlaar { rapport: Box::new(Rapport::uit(&t, 5)), gebieden: Vec::new() });
    assert!(s.rapport.rapport.is_none());
}

#[test]
fn the_screen_asks_for_a_new_count_when_the_period_or_area_changes() {
    let mut s = beheerder_state();
    let vraag = |fx: &[Effect]| match fx {
        [Effect::Rapport { vraag, .. }] => (**vraag).clone(),
        other => panic!("{other:?}"),
    };
    // opened on the month of today (23 November 2026)
    assert_eq!(s.rapport.periode.unwrap().label(), "november 2026");
    let v = vraag(&common::press(&mut s, "left"));
    assert_eq!(v.periode.label(), "oktober 2026");
    let v = vraag(&common::press(&mut s, "p"));
    assert_eq!(v.periode.label(), "4e kwartaal 2026");
    let v = vraag(&common::press(&mut s, "p"));
    assert_eq!(v.periode.label(), "2026");
    // no later year yet
    assert!(common::press(&mut s, "right").is_empty());
    // the areas come with the report; g goes through them
    let t = rapport::tel(&november(), &[], &v);
    let gebieden = vec![Gebied { gemeente: Some("Het Hogeland".into()), wijk: None }];
    update(&mut s, Msg::RapportKlaar { rapport: Box::new(Rapport::uit(&t, 5)), gebieden });
    assert!(s.rapport.rapport.is_some());
    let v = vraag(&common::press(&mut s, "g"));
    assert_eq!(v.gebied.gemeente.as_deref(), Some("Het Hogeland"));
    // an answer to an older question is not shown
    let oud = Rapport::uit(&t, 5);
    update(&mut s, Msg::RapportKlaar { rapport: Box::new(oud), gebieden: Vec::new() });
    assert!(s.rapport.bezig, "still waiting for the count of Het Hogeland");
}

/// Through the runtime on a store: the count is read and made beside `update`, and the screen
/// shows it.
#[test]
fn the_runtime_counts_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    for c in november() {
        store.save_contact(&c).unwrap();
    }
    common::press_in(store.as_ref(), &mut s, "f8");
    assert_eq!(s.screen, Screen::Rapport);
    let r = s.rapport.rapport.as_deref().expect("counted");
    assert_eq!(r.contacten.n, Some(30));
    assert_eq!(s.rapport.gebieden, vec![Gebied { gemeente: Some("Het Hogeland".into()), wijk: None }]);
    let _ = Arc::clone(&store);
}

fn screen_with_year() -> loket::app::State {
    let (contacts, cases) = loket::report::proef::genereer(2026, 3_000, 500, 11);
    let vraag = Vraag {
        periode: Periode::rond(rapport::Soort::Maand, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()),
        vandaag: Some(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        ..Default::default()
    };
    let t = rapport::tel(&contacts, &cases, &vraag);
    let mut s = beheerder_state();
    update(
        &mut s,
        Msg::RapportKlaar { rapport: Box::new(Rapport::uit(&t, 5)), gebieden: rapport::gebieden(&contacts) },
    );
    s
}

#[test]
fn report_screen_snapshots() {
    let mut s = screen_with_year();
    insta::assert_snapshot!("rapport_contacten_80x24", common::screen_text(&s, 80, 24));
    insta::assert_snapshot!("rapport_contacten_120x40", common::screen_text(&s, 120, 40));
    common::press(&mut s, "c");
    insta::assert_snapshot!("rapport_contacten_cijfers_80x24", common::screen_text(&s, 80, 24));
    common::press(&mut s, "c");
    for (i, naam) in ["levensdomeinen", "triage", "overdracht", "wmo", "signalen", "onvervuld"].iter().enumerate() {
        common::press(&mut s, "tab");
        assert_eq!(s.rapport.pagina, i + 1);
        insta::assert_snapshot!(format!("rapport_{naam}_80x24"), common::screen_text(&s, 80, 24));
    }
    while s.rapport.pagina != 4 {
        common::press(&mut s, "tab");
    }
    insta::assert_snapshot!("rapport_wmo_120x40", common::screen_text(&s, 120, 40));
}

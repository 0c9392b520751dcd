//! `loket rapport`: the counts of [`loket_domain::rapport`] as text, JSON, CSV or a printable
//! HTML page. Counts only, no personal data; every format shows the suppressed report (small
//! numbers as "<5", the cell beside a lone small one as "x").
//!
//! [`build`] and [`Report`] are the exact counts with the older label-keyed shape, kept for the
//! tests that check counting on a few records; the command prints only the suppressed report.

pub mod proef;
mod svg;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::domain::contact::Contact;
use crate::domain::rapport::{self, Afscherming, Cel, Onderwerp, Rapport, Reeks, Telling, VERWIJSUITKOMSTEN};

/// Exact counts in the older shape (labels as keys). Not for output: see [`tekst`], [`json`].
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Report {
    pub van: Option<NaiveDate>,
    pub tot: Option<NaiveDate>,
    pub contacten: usize,
    pub afgesloten: usize,
    pub concepten: usize,
    pub per_kanaal: BTreeMap<String, usize>,
    pub enkelvoudig: usize,
    pub complex: usize,
    pub triage_afwijkend: usize,
    pub per_afhandeling: BTreeMap<String, usize>,
    pub per_levensdomein: BTreeMap<String, usize>,
    pub gewezen_op_clientondersteuning: usize,
    pub mantelzorger_gewezen: usize,
    /// Spoed or signs of danger: ticked, detected or referred to a crisis line.
    pub spoed: usize,
    pub crisis_contacten: usize,
    pub doorvragen_contacten: usize,
    pub doorvragen_ja: usize,
    pub doorvragen_nee: usize,
    pub doorvragen_open: usize,
    pub per_signaalcategorie: BTreeMap<String, usize>,
    pub verwezen_per_crisislijn: BTreeMap<String, usize>,
    pub verwezen_crisisdienst: usize,
    pub geen_passend_aanbod: BTreeMap<String, usize>,
    pub gemiddelde_duur_minuten: Option<f64>,
}

/// The exact counts over contacts in the older shape (no dossiers, no area).
pub fn build(contacts: &[Contact], van: Option<NaiveDate>, tot: Option<NaiveDate>) -> Report {
    let vraag = rapport::Vraag { periode: rapport::Periode::new(van, tot), ..Default::default() };
    let t = rapport::tel(contacts, &[], &vraag);
    let n = |o, c: &str| t.n(o, c) as usize;
    let map = |o: Onderwerp, key: &dyn Fn(&rapport::Rij) -> String, skip: &str| -> BTreeMap<String, usize> {
        t.tabellen[&o].iter().filter(|r| r.n > 0 && r.code != skip).map(|r| (key(r), r.n as usize)).collect()
    };
    let label = |r: &rapport::Rij| r.label.clone();
    let code = |r: &rapport::Rij| r.code.clone();
    Report {
        van,
        tot,
        contacten: t.contacten as usize,
        afgesloten: n(Onderwerp::Status, "afgesloten"),
        concepten: n(Onderwerp::Status, "concept"),
        per_kanaal: map(Onderwerp::Kanaal, &label, ""),
        enkelvoudig: n(Onderwerp::Triage, "enkelvoudig"),
        complex: n(Onderwerp::Triage, "complex"),
        triage_afwijkend: t.triage_afwijkend as usize,
        per_afhandeling: map(Onderwerp::Afhandeling, &label, "nog_open"),
        per_levensdomein: map(Onderwerp::Levensdomein, &label, ""),
        gewezen_op_clientondersteuning: n(Onderwerp::Clientondersteuning, "gewezen"),
        mantelzorger_gewezen: t.mantelzorger_gewezen as usize,
        spoed: n(Onderwerp::Signalen, "spoed"),
        crisis_contacten: n(Onderwerp::Signalen, "crisis"),
        doorvragen_contacten: n(Onderwerp::Signalen, "doorvragen_contacten"),
        doorvragen_ja: n(Onderwerp::Signalen, "doorvragen_ja"),
        doorvragen_nee: n(Onderwerp::Signalen, "doorvragen_nee"),
        doorvragen_open: n(Onderwerp::Signalen, "doorvragen_open"),
        per_signaalcategorie: map(Onderwerp::Signaalcategorie, &code, ""),
        verwezen_per_crisislijn: map(Onderwerp::Crisislijn, &label, ""),
        verwezen_crisisdienst: n(Onderwerp::Signalen, "verwezen_crisisdienst"),
        geen_passend_aanbod: map(Onderwerp::GeenPassendAanbod, &label, ""),
        gemiddelde_duur_minuten: (!t.duur_minuten.is_empty())
            .then(|| t.duur_minuten.iter().sum::<f64>() / t.duur_minuten.len() as f64),
    }
}

/// The exact counts as text (the older layout; for tests on exact counts).
pub fn format(r: &Report) -> String {
    let mut s = String::new();
    let periode = rapport::Periode::new(r.van, r.tot).label();
    s.push_str(&format!("Rapport loket — {periode}\n\n"));
    s.push_str(&format!("Contacten: {} ({} afgesloten, {} concept)\n", r.contacten, r.afgesloten, r.concepten));
    s.push_str(&format!("Spoed / signalen van gevaar (aangevinkt, herkend of verwezen): {}\n", r.spoed));
    s.push_str(&format!(
        "Doorgevraagd bij een mogelijk signaal: {} contacten (ja: {}, nee: {}, niet beantwoord: {})\n",
        r.doorvragen_contacten, r.doorvragen_ja, r.doorvragen_nee, r.doorvragen_open
    ));
    s.push_str(&format!("Verwezen naar een crisisdienst (112, Veilig Thuis, 113): {}\n", r.verwezen_crisisdienst));
    s.push_str(&format!(
        "Gewezen op onafhankelijke cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 3): {} cliënt, {} mantelzorger\n",
        r.gewezen_op_clientondersteuning, r.mantelzorger_gewezen
    ));
    s
}

// ------------------------------------------------------------------------------ the formats

fn waarde(c: &Cel, drempel: u32) -> Value {
    match c.n {
        Some(n) if c.afscherming == Afscherming::Nee => json!(n),
        _ => json!(c.tekst(drempel)),
    }
}

fn getal(x: Option<f64>) -> Value {
    x.map(|v| json!((v * 10.0).round() / 10.0)).unwrap_or(Value::Null)
}

/// The report as JSON. Stable keys: `tabellen.<onderwerp>` is a list of
/// `{code, label, aantal, weergave}` (`aantal` null when suppressed, `weergave` "12", "<5" or
/// "x"); the weekly series under `per_week`; the figures under `maten`. The older keys
/// (`contacten`, `per_kanaal` with labels as keys, `spoed`, …) stay beside them, with the same
/// suppression: a suppressed number is the text "<5" or "x" there.
pub fn json(r: &Rapport) -> Value {
    let d = r.drempel;
    let cel = |c: &Cel| json!({"code": c.code, "label": c.label, "aantal": c.n, "weergave": c.tekst(d)});
    let mut tabellen = Map::new();
    for o in Onderwerp::ALL {
        tabellen.insert(o.code().into(), Value::Array(r.tabel(o).iter().map(cel).collect()));
    }
    let reeks = |s: &Reeks| {
        json!({
            "weken": s.weken,
            "rijen": s.rijen.iter().map(|(code, label, cellen)| json!({
                "code": code, "label": label,
                "aantal": cellen.iter().map(|c| c.n).collect::<Vec<_>>(),
                "weergave": cellen.iter().map(|c| c.tekst(d)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "totaal": {
                "aantal": s.totaal.iter().map(|c| c.n).collect::<Vec<_>>(),
                "weergave": s.totaal.iter().map(|c| c.tekst(d)).collect::<Vec<_>>(),
            },
        })
    };
    let old_map = |o: Onderwerp, by_code: bool, skip: &str| -> Value {
        let mut m = Map::new();
        for c in r.tabel(o).iter().filter(|c| c.n != Some(0) && c.code != skip) {
            m.insert(if by_code { c.code.clone() } else { c.label.clone() }, waarde(c, d));
        }
        Value::Object(m)
    };
    let n = |o: Onderwerp, code: &str| r.cel(o, code).map(|c| waarde(c, d)).unwrap_or(json!(0));
    let mut v = json!({
        "versie": 2,
        "van": r.periode.van,
        "tot": r.periode.tot,
        "periode": r.periode.label(),
        "gemeente": r.gebied.gemeente,
        "wijk": r.gebied.wijk,
        "drempel": d,
        "afscherming": "cellen onder de drempel als \"<drempel\"; is in een tabel precies één cel afgeschermd, dan ook de kleinste andere (\"x\")",
        "tabellen": tabellen,
        "per_week": {"kanaal": reeks(&r.per_week_kanaal), "levensdomein": reeks(&r.per_week_levensdomein)},
        "maten": {
            "contacten_met_eerste_afspraak": waarde(&r.afspraken, d),
            "wachttijd_eerste_afspraak_mediaan_dagen": getal(r.wachttijd_mediaan_dagen),
            "wachttijd_eerste_afspraak_p90_dagen": getal(r.wachttijd_p90_dagen),
            "aandeel_gewezen_op_clientondersteuning_procent": getal(r.aandeel_clientondersteuning),
            "gemiddelde_duur_minuten": getal(r.gemiddelde_duur_minuten),
        },
        "verwijsuitkomsten": Value::Null,
        "verwijsuitkomsten_toelichting": VERWIJSUITKOMSTEN,
    });
    // the older keys (scripts read them): labels as keys, suppressed the same way
    let old = json!({
        "contacten": waarde(&r.contacten, d),
        "afgesloten": n(Onderwerp::Status, "afgesloten"),
        "concepten": n(Onderwerp::Status, "concept"),
        "per_kanaal": old_map(Onderwerp::Kanaal, false, ""),
        "enkelvoudig": n(Onderwerp::Triage, "enkelvoudig"),
        "complex": n(Onderwerp::Triage, "complex"),
        "triage_afwijkend": waarde(&r.triage_afwijkend, d),
        "per_afhandeling": old_map(Onderwerp::Afhandeling, false, "nog_open"),
        "per_levensdomein": old_map(Onderwerp::Levensdomein, false, ""),
        "gewezen_op_clientondersteuning": n(Onderwerp::Clientondersteuning, "gewezen"),
        "mantelzorger_gewezen": waarde(&r.mantelzorger_gewezen, d),
        "spoed": n(Onderwerp::Signalen, "spoed"),
        "crisis_contacten": n(Onderwerp::Signalen, "crisis"),
        "doorvragen_contacten": n(Onderwerp::Signalen, "doorvragen_contacten"),
        "doorvragen_ja": n(Onderwerp::Signalen, "doorvragen_ja"),
        "doorvragen_nee": n(Onderwerp::Signalen, "doorvragen_nee"),
        "doorvragen_open": n(Onderwerp::Signalen, "doorvragen_open"),
        "per_signaalcategorie": old_map(Onderwerp::Signaalcategorie, true, ""),
        "verwezen_per_crisislijn": old_map(Onderwerp::Crisislijn, false, ""),
        "verwezen_crisisdienst": n(Onderwerp::Signalen, "verwezen_crisisdienst"),
        "geen_passend_aanbod": old_map(Onderwerp::GeenPassendAanbod, false, ""),
        "gemiddelde_duur_minuten": getal(r.gemiddelde_duur_minuten),
    });
    if let (Value::Object(m), Value::Object(o)) = (&mut v, old) {
        m.extend(o);
    }
    v
}

/// The CSV columns, in order (documented in docs/ontwikkelaars.md, "Rapport").
pub const CSV_KOLOMMEN: [&str; 5] = ["tabel", "week", "code", "label", "waarde"];

/// The tables of `--csv` / `--tabel`: the topics, then `maten`, then the weekly series.
pub fn tabel_namen() -> Vec<&'static str> {
    let mut v = vec!["totalen", "maten"];
    v.extend(Onderwerp::ALL.iter().map(|o| o.code()));
    v.extend(["per_week_kanaal", "per_week_levensdomein"]);
    v
}

fn csv_veld(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The report as one CSV table with the columns [`CSV_KOLOMMEN`]: one row per cell, `tabel`
/// names the topic, `week` is set in the weekly series only. `waarde` is the number, "<5",
/// "x", or empty for a figure with too few behind it. `alleen`: one table.
pub fn csv(r: &Rapport, alleen: Option<&str>) -> String {
    let d = r.drempel;
    let mut rows: Vec<[String; 5]> = Vec::new();
    let mut push = |tabel: &str, week: &str, code: &str, label: &str, waarde: String| {
        if alleen.is_none_or(|a| a == tabel) {
            rows.push([tabel.into(), week.into(), code.into(), label.into(), waarde]);
        }
    };
    let f = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_default();
    push("totalen", "", "contacten", "contacten", r.contacten.tekst(d));
    push("totalen", "", "triage_afwijkend", "anders besloten dan de suggestie", r.triage_afwijkend.tekst(d));
    push(
        "totalen",
        "",
        "mantelzorger_gewezen",
        "mantelzorger gewezen op cliëntondersteuning",
        r.mantelzorger_gewezen.tekst(d),
    );
    push("maten", "", "contacten_met_eerste_afspraak", "contacten met een eerste afspraak", r.afspraken.tekst(d));
    push(
        "maten",
        "",
        "wachttijd_mediaan_dagen",
        "wachttijd eerste afspraak, mediaan (dagen)",
        f(r.wachttijd_mediaan_dagen),
    );
    push("maten", "", "wachttijd_p90_dagen", "wachttijd eerste afspraak, p90 (dagen)", f(r.wachttijd_p90_dagen));
    push(
        "maten",
        "",
        "aandeel_clientondersteuning_procent",
        "gewezen op cliëntondersteuning (% van de contacten)",
        f(r.aandeel_clientondersteuning),
    );
    push(
        "maten",
        "",
        "gemiddelde_duur_minuten",
        "gemiddelde duur van een contact (minuten)",
        f(r.gemiddelde_duur_minuten),
    );
    for o in Onderwerp::ALL {
        for c in r.tabel(o) {
            push(o.code(), "", &c.code, &c.label, c.tekst(d));
        }
    }
    for (naam, s) in [("per_week_kanaal", &r.per_week_kanaal), ("per_week_levensdomein", &r.per_week_levensdomein)] {
        for (i, w) in s.weken.iter().enumerate() {
            for (code, label, cellen) in &s.rijen {
                push(naam, w, code, label, cellen[i].tekst(d));
            }
            push(naam, w, "totaal", "totaal", s.totaal[i].tekst(d));
        }
    }
    let mut out = CSV_KOLOMMEN.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|v| csv_veld(v)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

fn dagen(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1} dagen")).unwrap_or_else(|| "— (te weinig)".into())
}

/// The report as text for the terminal.
pub fn tekst(r: &Rapport) -> String {
    let d = r.drempel;
    let mut s = format!("Rapport loket — {} — {}\n", r.periode.label(), r.gebied.label());
    s.push_str(&format!(
        "(aantallen onder de {d} als \"<{d}\"; is in een tabel één cel afgeschermd, dan ook een tweede: \"x\")\n\n"
    ));
    let st = |code: &str| r.cel(Onderwerp::Status, code).map(|c| c.tekst(d)).unwrap_or_default();
    s.push_str(&format!(
        "Contacten: {} ({} afgesloten, {} concept)\n",
        r.contacten.tekst(d),
        st("afgesloten"),
        st("concept")
    ));
    let sig = |code: &str| r.cel(Onderwerp::Signalen, code).map(|c| c.tekst(d)).unwrap_or_default();
    s.push_str(&format!("Spoed / signalen van gevaar (aangevinkt, herkend of verwezen): {}\n", sig("spoed")));
    s.push_str(&format!("Crisis (signaal van gevaar of verwezen naar een crisisdienst): {}\n", sig("crisis")));
    s.push_str(&format!("Verwezen naar een crisisdienst (112, Veilig Thuis, 113): {}\n", sig("verwezen_crisisdienst")));
    s.push_str(&format!(
        "Doorgevraagd bij een mogelijk signaal: {} contacten (ja: {}, nee: {}, niet beantwoord: {})\n",
        sig("doorvragen_contacten"),
        sig("doorvragen_ja"),
        sig("doorvragen_nee"),
        sig("doorvragen_open")
    ));
    let oco = r.cel(Onderwerp::Clientondersteuning, "gewezen").map(|c| c.tekst(d)).unwrap_or_default();
    s.push_str(&format!(
        "Gewezen op onafhankelijke cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 3): {} cliënt{}, {} mantelzorger\n",
        oco,
        r.aandeel_clientondersteuning.map(|p| format!(" ({p:.0}%)")).unwrap_or_default(),
        r.mantelzorger_gewezen.tekst(d)
    ));
    s.push_str(&format!(
        "Eerste afspraak na het contact: mediaan {}, p90 {} (over {} contacten)\n",
        dagen(r.wachttijd_mediaan_dagen),
        dagen(r.wachttijd_p90_dagen),
        r.afspraken.tekst(d)
    ));
    s.push_str(&format!("Anders besloten dan de triagesuggestie: {}\n", r.triage_afwijkend.tekst(d)));
    if let Some(m) = r.gemiddelde_duur_minuten {
        s.push_str(&format!("Gemiddelde duur: {m:.1} minuten\n"));
    }
    for o in Onderwerp::ALL.into_iter().filter(|o| *o != Onderwerp::Status) {
        s.push_str(&format!("\n{}:\n", o.titel()));
        let cellen = r.tabel(o);
        if cellen.iter().all(|c| c.n == Some(0)) || cellen.is_empty() {
            s.push_str("  geen\n");
            continue;
        }
        for c in cellen.iter().filter(|c| c.n != Some(0)) {
            s.push_str(&format!("  {:<60}{:>7}\n", c.label, c.tekst(d)));
        }
    }
    s.push('\n');
    s.push_str(VERWIJSUITKOMSTEN);
    s.push('\n');
    s
}

/// The charts of the HTML page, in order (one `<svg>` each): (code, title).
pub const GRAFIEKEN: [(&str, &str); 13] = [
    ("per_week_kanaal", "Contacten per week, per kanaal"),
    ("per_week_levensdomein", "Contacten per week, per levensdomein"),
    ("kanaal", "Contacten per kanaal"),
    ("levensdomein", "Contacten per levensdomein"),
    ("triage", "Enkelvoudig of complex"),
    ("afhandeling", "Afhandeling"),
    ("clientondersteuning", "Gewezen op onafhankelijke cliëntondersteuning"),
    ("overdracht", "Overdrachten per route"),
    ("wmo_onderzoek", "Wmo-onderzoek binnen 6 weken na de melding"),
    ("wmo_beschikking", "Beschikking binnen 2 weken na de aanvraag"),
    ("signalen", "Spoed en signalen van gevaar"),
    ("crisislijn", "Verwezen per crisisdienst"),
    ("geen_passend_aanbod", "Geen passend aanbod per levensdomein"),
];

fn html_tabel(kop: &[&str], rijen: &[Vec<String>]) -> String {
    let mut s = String::from("<table><thead><tr>");
    for k in kop {
        s.push_str(&format!("<th>{}</th>", svg::escape(k)));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rijen {
        s.push_str("<tr>");
        for (i, v) in r.iter().enumerate() {
            s.push_str(&format!("<td{}>{}</td>", if i > 0 { " class=\"n\"" } else { "" }, svg::escape(v)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>\n");
    s
}

/// The printable page: one self-contained HTML file (no scripts, no links out), a chart per
/// topic as inline SVG with the numbers behind it in a table beside it.
pub fn html(r: &Rapport) -> String {
    let d = r.drempel;
    let e = svg::escape;
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!("<title>Rapport loket — {}</title>\n", e(&r.periode.label())));
    s.push_str(
        "<style>\nbody{font-family:sans-serif;margin:2em;color:#222;max-width:60em}\nh1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}\ntable{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #bbb;padding:2px 8px;font-size:.9em}td.n{text-align:right}\nsection{break-inside:avoid;page-break-inside:avoid}\n.kern td{font-weight:bold}\n@media print{body{margin:0}}\n</style>\n</head>\n<body>\n",
    );
    s.push_str(&format!("<h1>Rapport loket — {} — {}</h1>\n", e(&r.periode.label()), e(&r.gebied.label())));
    s.push_str(&format!(
        "<p>Alleen aantallen, geen persoonsgegevens. Aantallen van 1 tot {d} staan als &lt;{d}; is in een tabel precies één cel afgeschermd, dan ook de kleinste andere (x), zodat geen cel uit een totaal terug te rekenen is.</p>\n"
    ));
    let st = |o, code: &str| r.cel(o, code).map(|c| c.tekst(d)).unwrap_or_default();
    let kern = vec![
        vec!["Contacten".to_string(), r.contacten.tekst(d)],
        vec!["Spoed of signaal van gevaar".into(), st(Onderwerp::Signalen, "spoed")],
        vec!["Verwezen naar een crisisdienst".into(), st(Onderwerp::Signalen, "verwezen_crisisdienst")],
        vec![
            "Gewezen op cliëntondersteuning (%)".into(),
            r.aandeel_clientondersteuning.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into()),
        ],
        vec!["Eerste afspraak, mediaan".into(), dagen(r.wachttijd_mediaan_dagen)],
        vec!["Eerste afspraak, p90".into(), dagen(r.wachttijd_p90_dagen)],
    ];
    s.push_str("<section class=\"kern\">\n");
    s.push_str(&html_tabel(&["Kerncijfer", "Waarde"], &kern));
    s.push_str("</section>\n");
    for (code, titel) in GRAFIEKEN {
        s.push_str(&format!("<section id=\"{code}\">\n<h2>{}</h2>\n", e(titel)));
        let reeks = match code {
            "per_week_kanaal" => Some(&r.per_week_kanaal),
            "per_week_levensdomein" => Some(&r.per_week_levensdomein),
            _ => None,
        };
        if let Some(rk) = reeks {
            let lijnen: Vec<(&str, Vec<u64>)> = rk
                .rijen
                .iter()
                .filter(|(_, _, c)| c.iter().any(|c| c.n != Some(0)))
                .map(|(_, l, c)| (l.as_str(), c.iter().map(Cel::grafiek).collect()))
                .collect();
            s.push_str(&svg::lijnen(titel, &rk.weken, &lijnen));
            let mut kop = vec!["Week"];
            kop.extend(rk.rijen.iter().map(|r| r.1.as_str()));
            kop.push("totaal");
            let rijen: Vec<Vec<String>> = rk
                .weken
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let mut v = vec![w.clone()];
                    v.extend(rk.rijen.iter().map(|r| r.2[i].tekst(d)));
                    v.push(rk.totaal[i].tekst(d));
                    v
                })
                .collect();
            s.push_str(&html_tabel(&kop, &rijen));
        } else {
            let o = Onderwerp::from_code(code).expect("every chart is a topic");
            let cellen = r.tabel(o);
            let staven: Vec<svg::Staaf<'_>> =
                cellen.iter().map(|c| svg::Staaf { label: &c.label, waarde: c.grafiek(), tekst: c.tekst(d) }).collect();
            s.push_str(&svg::staven(titel, &staven));
            let rijen: Vec<Vec<String>> = cellen.iter().map(|c| vec![c.label.clone(), c.tekst(d)]).collect();
            s.push_str(&html_tabel(&["", "Aantal"], &rijen));
        }
        s.push_str("</section>\n");
    }
    s.push_str(&format!("<p>{}</p>\n", e(VERWIJSUITKOMSTEN)));
    s.push_str("</body>\n</html>\n");
    s
}

/// Count and suppress: the report as it may be shown.
pub fn maak(
    contacts: &[Contact],
    cases: &[crate::domain::case::Case],
    vraag: &rapport::Vraag,
    drempel: u32,
) -> (Telling, Rapport) {
    let t = rapport::tel(contacts, cases, vraag);
    let r = Rapport::uit(&t, drempel);
    (t, r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{Afhandeling, Kanaal, Levensdomein, Status, TriageBesluit, Uitkomst};

    fn contact(id: u64, day: u32) -> Contact {
        let t = NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(10, 0, 0).unwrap();
        Contact::new(id, Kanaal::Telefoon, t)
    }

    #[test]
    fn counts_oco_unmet_needs_and_period() {
        let mut a = contact(1, 20);
        a.gewezen_op_clientondersteuning = true;
        a.mantelzorger_gewezen = true;
        a.besluit = Some(TriageBesluit {
            uitkomst: Uitkomst::Complex,
            suggestie: Uitkomst::Enkelvoudig,
            reden_afwijking: "x".into(),
        });
        a.afhandeling = Some(Afhandeling::Backoffice);
        a.status = Status::Afgesloten;
        let mut b = contact(2, 21);
        b.gewezen_op_clientondersteuning = true;
        b.afhandeling = Some(Afhandeling::GeenPassendAanbod {
            wat: "maatje voor zoon".into(),
            domein: Some(Levensdomein::Welzijn),
        });
        let c = contact(3, 1);
        let r = build(&[a, b, c], NaiveDate::from_ymd_opt(2026, 11, 15), None);
        assert_eq!(r.contacten, 2);
        assert_eq!(r.gewezen_op_clientondersteuning, 2);
        assert_eq!(r.mantelzorger_gewezen, 1);
        assert_eq!(r.complex, 1);
        assert_eq!(r.triage_afwijkend, 1);
        assert_eq!(r.geen_passend_aanbod["welzijn"], 1);
        let text = format(&r);
        assert!(!text.contains("maatje"), "counts only, never the text");
        assert!(text.contains("art. 2.3.2 lid 3): 2 cliënt, 1 mantelzorger"), "{text}");
    }

    #[test]
    fn csv_fields_with_a_comma_are_quoted() {
        assert_eq!(csv_veld("a,b"), "\"a,b\"");
        assert_eq!(csv_veld("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_veld("ab"), "ab");
    }
}

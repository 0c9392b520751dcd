//! The report screen: a page per topic with ratatui's Chart (contacts per week), Sparkline (the
//! weekly total) and BarChart, or the numbers behind them (one key). Only the suppressed report
//! is drawn: a small number shows as "<5", its neighbour as "x".

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Bar, BarChart, Block, Chart, Dataset, GraphType, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::rapport::PAGINAS;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::rapport::{Cel, Onderwerp, Rapport, Reeks, VERWIJSUITKOMSTEN};

const KLEUREN: [Color; 9] = [
    Color::Cyan,
    Color::Yellow,
    Color::Green,
    Color::Magenta,
    Color::Blue,
    Color::Red,
    Color::LightCyan,
    Color::LightGreen,
    Color::LightMagenta,
];

/// The topics of each page, in the order they are drawn.
fn onderwerpen(pagina: usize) -> &'static [Onderwerp] {
    match pagina {
        0 => &[Onderwerp::Kanaal],
        1 => &[Onderwerp::Levensdomein],
        2 => &[Onderwerp::Triage, Onderwerp::Afhandeling],
        3 => &[Onderwerp::Overdracht, Onderwerp::Clientondersteuning],
        4 => &[Onderwerp::WmoOnderzoek, Onderwerp::WmoBeschikking],
        5 => &[Onderwerp::Signalen, Onderwerp::Crisislijn, Onderwerp::Signaalcategorie],
        6 => &[Onderwerp::GeenPassendAanbod],
        _ => &[Onderwerp::Verwijsuitkomst, Onderwerp::OnvervuldeBehoefte],
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rs = &state.rapport;
    let km = &state.keymap;
    let key = |a: Action| km.key_for(Context::Rapport, a);
    let hints: Vec<String> = [
        (Action::RapportEerder, "eerder"),
        (Action::RapportLater, "later"),
        (Action::RapportPeriode, "maand/kwartaal/jaar"),
        (Action::RapportGebied, "gebied"),
        (Action::NextField, "volgende pagina"),
        (Action::RapportCijfers, if rs.cijfers { "grafieken" } else { "cijfers" }),
    ]
    .iter()
    .filter_map(|(a, what)| key(*a).map(|k| format!("{k} {what}")))
    .collect();
    let hint_rows = super::hint_rows(hints, area.width as usize);
    let [kop, hint_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(hint_rows.len() as u16), Constraint::Min(0)])
            .areas(area);
    let pagina = rs.pagina.min(PAGINAS.len() - 1);
    let titel = match &rs.rapport {
        Some(r) => format!(
            " {} · {} · {}/{} {}{}",
            r.periode.label(),
            r.gebied.label(),
            pagina + 1,
            PAGINAS.len(),
            PAGINAS[pagina],
            if rs.bezig { " · wordt bijgewerkt…" } else { "" }
        ),
        None => " Rapport".to_string(),
    };
    frame.render_widget(Paragraph::new(Span::styled(titel, theme.title())), kop);
    frame.render_widget(
        Paragraph::new(hint_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.dim()))).collect::<Vec<_>>()),
        hint_area,
    );
    let Some(r) = rs.rapport.as_deref() else {
        frame.render_widget(Paragraph::new(" De aantallen worden geteld…"), body);
        return;
    };
    if rs.cijfers {
        cijfers(frame, body, r, pagina, theme);
    } else {
        grafieken(frame, body, r, pagina, theme);
    }
}

fn dagen(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1} d")).unwrap_or_else(|| "— (te weinig)".into())
}

/// The line of key figures above a page.
fn kern(r: &Rapport, pagina: usize) -> String {
    let d = r.drempel;
    let cel = |o, c: &str| r.cel(o, c).map(|c| c.tekst(d)).unwrap_or_default();
    match pagina {
        0 | 1 => format!(
            " Contacten {} · afgesloten {} · concept {}",
            r.contacten.tekst(d),
            cel(Onderwerp::Status, "afgesloten"),
            cel(Onderwerp::Status, "concept")
        ),
        2 => format!(" Anders besloten dan de suggestie: {}", r.triage_afwijkend.tekst(d)),
        3 => format!(
            " Eerste afspraak: mediaan {}, p90 {} ({} contacten) · gewezen op OCO {}",
            dagen(r.wachttijd_mediaan_dagen),
            dagen(r.wachttijd_p90_dagen),
            r.afspraken.tekst(d),
            r.aandeel_clientondersteuning.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into())
        ),
        4 => " Per melding (onderzoek) en per aanvraag (beschikking) in de periode".to_string(),
        5 => format!(" Spoed of signaal van gevaar: {}", cel(Onderwerp::Signalen, "spoed")),
        6 => " Gevraagd, maar niets passends gevonden".to_string(),
        _ => format!(" Opgevolgde verwijzingen: geholpen {}", cel(Onderwerp::Verwijsuitkomst, "geholpen")),
    }
}

fn staven<'a>(r: &'a Rapport, o: Onderwerp, theme: &Theme) -> (BarChart<'a>, u16) {
    let d = r.drempel;
    // the categories of danger are many and mostly empty: the chart shows those that occur
    // (all are in the numbers)
    let cellen: Vec<&Cel> = r.tabel(o).iter().filter(|c| o != Onderwerp::Signaalcategorie || c.n != Some(0)).collect();
    let label = |c: &Cel| if o == Onderwerp::Crisislijn { kort_label(&c.label) } else { c.label.clone() };
    let mut bars: Vec<Bar> = cellen
        .iter()
        .map(|c| Bar::default().label(Line::from(label(c))).value(c.grafiek()).text_value(c.tekst(d)))
        .collect();
    if bars.is_empty() {
        bars.push(Bar::default().label(Line::from("geen")).value(0).text_value(""));
    }
    let n = bars.len() as u16;
    let chart = BarChart::horizontal(bars)
        .block(Block::new().title(Span::styled(o.titel(), theme.label())))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Cyan))
        .value_style(Style::new().fg(Color::Black).bg(Color::Cyan));
    (chart, n + 1)
}

fn per_week<'a>(reeks: &'a Reeks, titel: &'a str, punten: &'a [Vec<(f64, f64)>]) -> Chart<'a> {
    let max = punten.iter().flatten().map(|p| p.1).fold(0.0, f64::max).max(1.0);
    let n = reeks.weken.len().max(2) as f64 - 1.0;
    let datasets: Vec<Dataset> = reeks
        .rijen
        .iter()
        .zip(punten)
        .enumerate()
        .filter(|(_, ((_, _, cellen), _))| cellen.iter().any(|c| c.n != Some(0)))
        .map(|(i, ((_, label, _), p))| {
            Dataset::default()
                .name(label.clone())
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(Style::new().fg(KLEUREN[i % KLEUREN.len()]))
                .data(p)
        })
        .collect();
    let eerste = reeks.weken.first().cloned().unwrap_or_default();
    let laatste = reeks.weken.last().cloned().unwrap_or_default();
    Chart::new(datasets)
        .block(Block::new().title(titel))
        .x_axis(Axis::default().bounds([0.0, n]).labels([Line::from(eerste), Line::from(laatste)]))
        .y_axis(Axis::default().bounds([0.0, max]).labels([Line::from("0"), Line::from(format!("{max}"))]))
        .hidden_legend_constraints((Constraint::Percentage(60), Constraint::Percentage(60)))
}

fn grafieken(frame: &mut Frame, area: Rect, r: &Rapport, pagina: usize, theme: &Theme) {
    let [kop, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(Paragraph::new(kern(r, pagina)).wrap(Wrap { trim: false }), kop);
    match pagina {
        0 => {
            let reeks = &r.per_week_kanaal;
            let punten: Vec<Vec<(f64, f64)>> = reeks
                .rijen
                .iter()
                .map(|(_, _, c)| c.iter().enumerate().map(|(i, c)| (i as f64, c.grafiek() as f64)).collect())
                .collect();
            let (bars, h) = staven(r, Onderwerp::Kanaal, theme);
            let [boven, onder] = Layout::vertical([Constraint::Min(6), Constraint::Length(h)]).areas(rest);
            frame.render_widget(per_week(reeks, "Contacten per week, per kanaal (afgeschermd: als 0)", &punten), boven);
            frame.render_widget(bars, onder);
        }
        1 => {
            let reeks = &r.per_week_levensdomein;
            // each week as wide as the room allows (a month has only four or five)
            let breed = (rest.width as usize / r.per_week_kanaal.totaal.len().max(1)).clamp(1, 8);
            let totaal: Vec<Option<u64>> =
                r.per_week_kanaal.totaal.iter().flat_map(|c| std::iter::repeat_n(c.n, breed)).collect();
            let (bars, h) = staven(r, Onderwerp::Levensdomein, theme);
            let [boven, onder] = Layout::vertical([Constraint::Min(4), Constraint::Length(h)]).areas(rest);
            let titel = format!(
                "Contacten per week ({} t/m {}; leeg: afgeschermd)",
                reeks.weken.first().map(String::as_str).unwrap_or(""),
                reeks.weken.last().map(String::as_str).unwrap_or("")
            );
            frame.render_widget(
                Sparkline::default()
                    .block(Block::new().title(titel))
                    .data(totaal)
                    .absent_value_symbol("·")
                    .style(Style::new().fg(Color::Cyan)),
                boven,
            );
            frame.render_widget(bars, onder);
        }
        _ => {
            let charts: Vec<(BarChart, u16)> = onderwerpen(pagina).iter().map(|o| staven(r, *o, theme)).collect();
            let mut constraints: Vec<Constraint> = charts.iter().map(|(_, h)| Constraint::Length(*h + 1)).collect();
            constraints.push(Constraint::Min(0));
            let areas = Layout::vertical(constraints).split(rest);
            let n = charts.len();
            for (i, (chart, _)) in charts.into_iter().enumerate() {
                frame.render_widget(chart, areas[i]);
            }
            if pagina == PAGINAS.len() - 1 {
                frame.render_widget(Paragraph::new(VERWIJSUITKOMSTEN).wrap(Wrap { trim: true }), areas[n]);
            }
        }
    }
}

/// The numbers behind the page's charts: label and number, per topic; a weekly series as
/// weeks by rows (the last weeks that fit).
fn cijfers(frame: &mut Frame, area: Rect, r: &Rapport, pagina: usize, theme: &Theme) {
    let d = r.drempel;
    let mut lines: Vec<Line> = vec![Line::from(kern(r, pagina))];
    for o in onderwerpen(pagina) {
        lines.push(Line::from(Span::styled(o.titel(), theme.label())));
        for c in r.tabel(*o) {
            let w = (area.width as usize).saturating_sub(12).min(44);
            let label: String = c.label.chars().take(w).collect();
            lines.push(Line::from(format!("  {label:<w$}{:>8}", c.tekst(d))));
        }
    }
    if pagina == PAGINAS.len() - 1 {
        lines.push(Line::from(VERWIJSUITKOMSTEN));
    }
    let reeks = match pagina {
        0 => Some(&r.per_week_kanaal),
        1 => Some(&r.per_week_levensdomein),
        _ => None,
    };
    if let Some(reeks) = reeks {
        let room = (area.height as usize).saturating_sub(lines.len() + 2);
        let van = reeks.weken.len().saturating_sub(room);
        let kop: String = reeks.rijen.iter().map(|(c, _, _)| format!("{:>6}", kort(c))).collect();
        lines.push(Line::from(Span::styled(
            format!(
                "Per week{}",
                if van > 0 {
                    format!(" (de laatste {}; alle weken: loket rapport --csv)", reeks.weken.len() - van)
                } else {
                    String::new()
                }
            ),
            theme.label(),
        )));
        lines.push(Line::from(format!("  {:<9}{kop}{:>7}", "week", "totaal")));
        for i in van..reeks.weken.len() {
            let rij: String = reeks.rijen.iter().map(|(_, _, c)| format!("{:>6}", c[i].tekst(d))).collect();
            lines.push(Line::from(format!("  {:<9}{rij}{:>7}", week_kort(&reeks.weken[i]), reeks.totaal[i].tekst(d))));
        }
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// "2026-W45" as "wk 45".
fn week_kort(w: &str) -> String {
    w.split_once("-W").map(|(_, n)| format!("wk {n}")).unwrap_or_else(|| w.to_string())
}

/// A bar's label without its explanation: "112 — alarmnummer (acuut gevaar)" is "112".
fn kort_label(label: &str) -> String {
    label.split(" (").next().unwrap_or(label).split(" — ").next().unwrap_or(label).to_string()
}

/// A column head of at most six characters.
fn kort(code: &str) -> String {
    match code {
        "opvoeding_jeugd" => "jeugd".into(),
        "werk_inkomen" => "werk".into(),
        "huisbezoek" => "thuis".into(),
        "telefoon" => "tel".into(),
        "veiligheid" => "veilig".into(),
        "mantelzorg" => "mantlz".into(),
        c => c.chars().take(6).collect(),
    }
}

//! The resident's plan (arrangements; the selected one in detail, or the monthly overview) and
//! the worklist of follow-ups that are due.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::plan::{overzicht, werkrijen};
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::opvolging::Herkomst;

fn hints(state: &State, ctx: Context, wat: &[(Action, &str)]) -> Vec<String> {
    wat.iter().filter_map(|(a, w)| state.keymap.key_for(ctx, *a).map(|k| format!("{k} {w}"))).collect()
}

fn knip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let ps = &state.plan;
    let h = hints(
        state,
        Context::Plan,
        &[
            (Action::PlanToevoegen, "toevoegen"),
            (Action::PlanGoedkeuren, "goedkeuren"),
            (Action::PlanWijzigen, "wijzigen"),
            (Action::PlanEvalueren, "evaluatie"),
            (Action::PlanOpvolgen, "opvolgen"),
            (Action::PlanSignaal, "signaal"),
            (Action::PlanOverzicht, if ps.overzicht { "details" } else { "maandoverzicht" }),
            (Action::PlanAfdrukken, "afdrukken"),
        ],
    );
    let hint_rows = super::hint_rows(h, area.width as usize);
    let [kop, hint_area, lijst, rest] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(hint_rows.len() as u16),
        Constraint::Length(7),
        Constraint::Min(0),
    ])
    .areas(area);
    let dossier = ps.dossier.map(|d| d.to_string()).unwrap_or_default();
    let Some(p) = &ps.plan else {
        let tekst = if ps.gelezen {
            format!(" Dossier {dossier}: nog geen leefplan. Voeg het eerste onderdeel toe.")
        } else {
            format!(" Dossier {dossier}: leefplan wordt gelezen…")
        };
        frame.render_widget(Paragraph::new(tekst), kop);
        frame.render_widget(Paragraph::new(hint_rows.join("\n")).style(theme.dim()), hint_area);
        return;
    };
    let goed = match &p.goedkeuring {
        Some(g) if p.goedkeuring_actueel() => {
            format!(
                "door beide partijen goedgekeurd op {} ({} en {})",
                g.datum.format("%d-%m-%Y"),
                g.client,
                g.consulent
            )
        }
        Some(g) => format!("gewijzigd na goedkeuring van {}: opnieuw goedkeuren", g.datum.format("%d-%m-%Y")),
        None => "nog niet goedgekeurd".to_string(),
    };
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!(" Leefplan dossier {dossier}"), theme.label()),
                Span::raw(format!(" · consulent {} {}", p.consulent, p.consulent_telefoon)),
            ]),
            Line::from(format!(" {goed}")),
        ]),
        kop,
    );
    frame.render_widget(Paragraph::new(hint_rows.join("\n")).style(theme.dim()), hint_area);
    let w = lijst.width as usize;
    let items: Vec<ListItem> = p
        .onderdelen
        .iter()
        .map(|o| {
            let eind = if o.beeindigd || o.eind.is_some_and(|e| e < state.now.date()) { " (gestopt)" } else { "" };
            let e = o.evaluatie.as_ref().map(|e| e.resultaat.label()).unwrap_or("");
            let regel = format!(
                "{:>2} {:<24} {:<14} {:<10} {:<12} {}{eind}",
                o.nr,
                knip(&o.naam, 24),
                knip(o.wet.label(), 14),
                knip(o.vorm.label(), 10),
                knip(&o.hoe_vaak, 12),
                e
            );
            ListItem::new(knip(&regel, w.saturating_sub(2)))
        })
        .collect();
    let mut ls = ListState::default();
    if !p.onderdelen.is_empty() {
        ls.select(Some(ps.selected.min(p.onderdelen.len() - 1)));
    }
    frame.render_stateful_widget(
        List::new(items)
            .block(Block::bordered().title(format!(" Onderdelen ({}) ", p.onderdelen.len())))
            .highlight_style(theme.selected()),
        lijst,
        &mut ls,
    );
    let mut lines: Vec<Line> = Vec::new();
    if ps.overzicht {
        if let Some(o) = overzicht(state) {
            lines.extend(o.regels_tekst().into_iter().map(Line::from));
        }
        onderpaneel(frame, rest, state, lines, " Maandoverzicht voor de bewoner ");
        return;
    }
    if let Some(o) = p.onderdelen.get(ps.selected) {
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", o.naam), theme.label()),
            Span::raw(format!("— {} {}", o.aanbieder, o.telefoon)),
        ]));
        let eind = o.eind.map(|e| format!(" tot {}", e.format("%d-%m-%Y"))).unwrap_or_default();
        lines.push(Line::from(format!(
            "{}, {} · vanaf {}{eind} · {}",
            o.wet.label(),
            o.vorm.label(),
            o.start.format("%d-%m-%Y"),
            o.hoe_vaak
        )));
        if !o.resultaat.is_empty() {
            lines.push(Line::from(format!("Resultaat: \"{}\"", o.resultaat)));
        }
        let evaluatie = match (&o.evaluatie, o.volgende_evaluatie) {
            (Some(e), _) => format!("Evaluatie {}: {} {}", e.datum.format("%d-%m-%Y"), e.resultaat.label(), e.notitie),
            (None, Some(d)) => format!("Evaluatie op {}", d.format("%d-%m-%Y")),
            (None, None) => "Evaluatie: niet gepland".to_string(),
        };
        lines.push(Line::from(evaluatie));
        lines.push(Line::from(format!("Opvolging: {}", o.opvolging.samenvatting())));
        for s in &o.signalen {
            lines.push(Line::from(format!("Signaal {}: {}", s.datum.format("%d-%m-%Y"), s.tekst)));
        }
    }
    lines.push(Line::from(Span::styled("Geschiedenis", theme.label())));
    for w in p.historie.iter().rev() {
        let waarom = if w.waarom.is_empty() { String::new() } else { format!(" — {}", w.waarom) };
        lines.push(Line::from(format!("{} {}: {}{waarom}", w.op.format("%d-%m %H:%M"), w.door, w.wat)));
    }
    onderpaneel(frame, rest, state, lines, "");
}

/// The lower pane (an arrangement's details or the monthly overview), scrolled by the worker
/// (`detail_down`/`page_down`), with a mark in its border while there is more below or above.
fn onderpaneel(frame: &mut Frame, area: Rect, state: &State, lines: Vec<Line>, titel: &str) {
    let hoog = area.height.saturating_sub(2) as usize;
    let tekst = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rijen = tekst.line_count(area.width.saturating_sub(2));
    let max = rijen.saturating_sub(hoog) as u16;
    let scroll = state.plan.scroll.min(max);
    let toets = |a| state.keymap.key_for(Context::Plan, a).unwrap_or_default();
    let merk = if scroll < max {
        Some(format!(" ↓ meer ({}) ", toets(Action::DetailDown)))
    } else if scroll > 0 {
        Some(format!(" ↑ terug ({}) ", toets(Action::DetailUp)))
    } else {
        None
    };
    let mut block = Block::bordered().title(titel.to_string());
    if let Some(m) = merk {
        block = block.title_bottom(Line::from(m).right_aligned());
    }
    frame.render_widget(tekst.scroll((scroll, 0)).block(block), area);
}

pub fn draw_werklijst(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = werkrijen(state);
    let h =
        hints(state, Context::Opvolgen, &[(Action::PlanOpvolgen, "uitkomst vastleggen"), (Action::Cancel, "terug")]);
    let hint_rows = super::hint_rows(h, area.width as usize);
    let [kop, hint_area, lijst] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(hint_rows.len() as u16), Constraint::Min(0)])
            .areas(area);
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" Op te volgen vandaag: {}", rows.len()), theme.label()),
            Span::raw(format!(" · {}", state.now.format("%d-%m-%Y"))),
        ])),
        kop,
    );
    frame.render_widget(Paragraph::new(hint_rows.join("\n")).style(theme.dim()), hint_area);
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(" Niets op te volgen. Een verwijzing komt hier op de dag dat ze opgevolgd moet worden.")
                .wrap(Wrap { trim: true })
                .block(Block::bordered()),
            lijst,
        );
        return;
    }
    let w = lijst.width as usize;
    let items: Vec<ListItem> = rows
        .iter()
        .map(|r| {
            let bron = match r.herkomst {
                Herkomst::Verwijzing(c) => format!("balie, contact {c}"),
                Herkomst::Plan(d, nr) => format!("plan {d}, onderdeel {nr}"),
            };
            let regel = format!(
                "{} {:<24} {:<28} {:<12} {}",
                r.datum.format("%d-%m"),
                knip(&bron, 24),
                knip(&r.wat, 28),
                knip(&r.wie, 12),
                r.stand
            );
            ListItem::new(knip(&regel, w.saturating_sub(2)))
        })
        .collect();
    let mut ls = ListState::default();
    ls.select(Some(state.plan.werk_selected.min(rows.len() - 1)));
    frame.render_stateful_widget(
        List::new(items).block(Block::bordered().title(" Opvolgen ")).highlight_style(theme.selected()),
        lijst,
        &mut ls,
    );
}

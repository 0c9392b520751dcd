//! The beheer screen: the overview line, the worklist (reported entries first, then
//! oldest verified) with the provider's contact, and the selected entry's reports or history.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::beheer::{Record, Werkpost};

/// Phone, e-mail and contact of the provider of a row (the entry's own, else its organisation's).
pub fn contact_van(state: &State, r: &Record) -> (String, String, String) {
    let org = state.catalog.as_deref().and_then(|c| c.organisatie(r.organisatie_id()));
    let (tel, mail) = match r {
        Record::Voorziening(v) => (v.telefoon.first().map(|t| t.nummer.clone()), Some(v.email.clone())),
        Record::Organisatie(o) => (o.telefoon.first().map(|t| t.nummer.clone()), Some(o.email.clone())),
        Record::Regeling(_) => (None, None),
    };
    let tel = tel.filter(|t| !t.is_empty()).or_else(|| org.and_then(|o| o.telefoon.first().map(|t| t.nummer.clone())));
    let mail = mail.filter(|m| !m.is_empty()).or_else(|| org.map(|o| o.email.clone()));
    let wie = org.map(|o| o.naam.clone()).unwrap_or_default();
    (wie, tel.unwrap_or_default(), mail.unwrap_or_default())
}

fn status(row: &Werkpost) -> String {
    if !row.beheer.meldingen.is_empty() {
        format!("⚑ {} gemeld", row.beheer.meldingen.len())
    } else if row.verouderd {
        "⚠ verouderd".into()
    } else {
        String::new()
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let w = crate::app::beheer::werklijst(state);
    let (rows, ov) = (&w.0, w.1);
    let km = &state.keymap;
    let hints: Vec<String> = [
        (Action::BeheerKlopt, "gebeld, klopt"),
        (Action::BeheerWijzig, "gewijzigd"),
        (Action::BeheerVervallen, "vervallen"),
        (Action::BeheerNieuw, "nieuw"),
        (Action::BeheerHistorie, "geschiedenis"),
        (Action::BeheerOngedaan, "ongedaan"),
    ]
    .iter()
    .filter_map(|(a, what)| km.key_for(Context::Beheer, *a).map(|k| format!("{k} {what}")))
    .collect();
    // with the history open the entry's pane gets the room (at 80x24 the list keeps a few rows)
    let list_share = if state.beheer.historie.is_some() { 25 } else { 55 };
    let [top, list_area, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Percentage(list_share), Constraint::Min(3)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "gemeld {} · verouderd >12 mnd {} · deze maand geverifieerd {} · gearchiveerd {}",
                ov.gemeld, ov.verouderd, ov.geverifieerd_deze_maand, ov.gearchiveerd
            ),
            theme.title(),
        )),
        top,
    );
    let block =
        Block::bordered().title(Span::styled(format!(" Werklijst sociale kaart — {} ", rows.len()), theme.title()));
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let w = inner.width as usize;
    let hint_rows = super::hint_rows(hints, w);
    let [rows_area, hint_area] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(hint_rows.len() as u16)]).areas(inner);
    frame.render_widget(
        Paragraph::new(hint_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.dim()))).collect::<Vec<_>>()),
        hint_area,
    );
    if rows.is_empty() {
        frame.render_widget(Paragraph::new("Niets te doen: geen meldingen, alles geverifieerd."), rows_area);
        return;
    }
    let h = rows_area.height as usize;
    let sel = state.beheer.selected.min(rows.len() - 1);
    let offset = super::scroll_offset(sel, h);
    let name_w = w.saturating_sub(12 + 11 + 2).max(10);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(h)
        .map(|r| {
            let ver =
                r.post.laatst_geverifieerd.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nooit".into());
            let name: String = r.post.naam.chars().take(name_w).collect();
            let line = format!("{:<12}{ver:<11} {name}", status(r));
            let style = if !r.beheer.meldingen.is_empty() { theme.alert() } else { ratatui::style::Style::new() };
            ListItem::new(Line::from(Span::styled(line, style)))
        })
        .collect();
    let mut ls = ListState::default().with_selected(Some(sel - offset));
    frame.render_stateful_widget(List::new(items).highlight_style(theme.selected()), rows_area, &mut ls);

    // the selected entry's record, read now
    let Some(row) = crate::app::beheer::selected(state) else { return };
    let row = &row;
    let (wie, tel, mail) = contact_van(state, &row.record);
    let mut l: Vec<Line> =
        vec![Line::from(Span::styled(format!("{} ({})", row.record.naam(), row.record.kind().label()), theme.title()))];
    let org = state.catalog.as_deref().and_then(|c| c.organisatie(row.record.organisatie_id()));
    let contact = match loket_domain::beheer::contactpersoon_van(&row.record, org) {
        Some(cp) => {
            let mut parts = vec![cp.naam_functie()];
            parts.extend(cp.telefoon.first().map(|t| format!("tel {}", t.nummer)));
            parts.extend((!cp.email.is_empty()).then(|| cp.email.clone()));
            parts.retain(|p| !p.is_empty());
            parts.join(" · ")
        }
        None => "onbekend".into(),
    };
    l.push(Line::from(vec![Span::styled("Contactpersoon: ", theme.label()), Span::raw(contact)]));
    l.push(Line::from(vec![
        Span::styled("Aanbieder: ", theme.label()),
        Span::raw(format!(
            "{wie} · tel {} · {}",
            if tel.is_empty() { "—" } else { &tel },
            if mail.is_empty() { "—" } else { &mail }
        )),
    ]));
    for m in &row.beheer.meldingen {
        l.push(Line::from(Span::styled(
            format!(
                "⚑ gemeld {} door {}: {}",
                m.op.format("%d-%m %H:%M"),
                if m.door.is_empty() { "?" } else { &m.door },
                m.tekst
            ),
            theme.alert(),
        )));
    }
    let b = row.record.bron();
    if !b.soort.is_empty() {
        l.push(Line::from(Span::styled(
            if b.naam.is_empty() { format!("bron: {}", b.soort) } else { format!("bron: {} ({})", b.soort, b.naam) },
            theme.dim(),
        )));
    }
    if !row.beheer.gecorrigeerd.is_empty() {
        l.push(Line::from(Span::styled(
            format!("in loket gecorrigeerd (blijft bij een nieuwe import): {}", row.beheer.gecorrigeerd.join(", ")),
            theme.dim(),
        )));
    }
    if let Some((key, h)) = &state.beheer.historie {
        if *key == row.record.sleutel() {
            l.push(Line::from(Span::styled("Geschiedenis (nieuwste eerst):", theme.label())));
            if h.is_empty() {
                l.push(Line::from("  nog geen wijzigingen"));
            }
            for w in h.iter().rev() {
                let what: Vec<String> = w
                    .velden
                    .iter()
                    .map(|v| {
                        if v.oud.is_empty() {
                            format!("{}: {}", v.veld, v.nieuw)
                        } else {
                            format!("{}: {} → {}", v.veld, v.oud, v.nieuw)
                        }
                    })
                    .collect();
                l.push(Line::from(format!(
                    "  {} {} — {}{}",
                    w.op.format("%d-%m-%Y %H:%M"),
                    if w.door.is_empty() { "?" } else { &w.door },
                    w.soort.label(),
                    if what.is_empty() { String::new() } else { format!(": {}", what.join("; ")) }
                )));
            }
        }
    }
    frame.render_widget(
        Paragraph::new(l)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Span::styled(" Regel ", theme.title()))),
        detail,
    );
}

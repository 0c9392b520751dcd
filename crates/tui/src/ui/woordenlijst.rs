//! The word-list editor: two tabs (gevaarwoorden, synoniemen), the TOML text with
//! line numbers, the line of the last error marked, and the keys.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::woordenlijst::LIJSTEN;
use crate::app::{Action, State};
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let ws = &state.woordenlijst;
    let i = ws.lijst;
    let tabs: Vec<Span> = LIJSTEN
        .iter()
        .enumerate()
        .flat_map(|(n, naam)| {
            let mark = if ws.gewijzigd(n) { " *" } else { "" };
            let style = if n == i { theme.selected() } else { theme.dim() };
            [Span::styled(format!(" {naam}{mark} "), style), Span::raw(" ")]
        })
        .collect();
    let block = Block::bordered().title(Line::from(tabs));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let k = |a: Action, what: &str| state.keymap.key_for(Context::Woordenlijst, a).map(|k| format!("{k} {what}"));
    let keys: Vec<String> = [
        k(Action::Opslaan, "controleren en opslaan"),
        k(Action::NextField, "andere lijst"),
        k(Action::NieuweRegel, "nieuwe regel"),
        k(Action::Proefzin, if ws.op_proefzin { "terug naar de tekst" } else { "proefzin" }),
        k(Action::Cancel, "terug"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let key_rows = crate::keymap::help::wrap(&keys.join(" · "), inner.width as usize);
    let fout = ws.fout.as_ref().filter(|f| f.0 == i);
    let fout_rows =
        fout.map(|f| crate::keymap::help::wrap(&format!("✗ {}", f.2), inner.width as usize)).unwrap_or_default();
    let proef_rows = if i == 0 { proef_lines(state, inner.width as usize, theme) } else { Vec::new() };
    let [text_area, proef_area, fout_area, key_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(proef_rows.len().min(3) as u16),
        Constraint::Length(fout_rows.len().min(2) as u16),
        Constraint::Length(key_rows.len().min(2) as u16),
    ])
    .areas(inner);
    let proef_cursor = (ws.op_proefzin && i == 0).then(|| {
        let (_, col) = crate::app::text_field::window(
            ws.proefzin.value(),
            ws.proefzin.cursor_byte(),
            (inner.width as usize).saturating_sub(PROEF_LABEL.len()).max(1),
        );
        (proef_area.x + (PROEF_LABEL.chars().count() + col) as u16, proef_area.y)
    });
    frame.render_widget(Paragraph::new(proef_rows), proef_area);
    frame.render_widget(
        Paragraph::new(fout_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.alert()))).collect::<Vec<_>>()),
        fout_area,
    );
    frame.render_widget(
        Paragraph::new(key_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.dim()))).collect::<Vec<_>>()),
        key_area,
    );
    if ws.opgeslagen[i].is_none() {
        frame.render_widget(Paragraph::new(Span::styled("De lijst wordt gelezen…", theme.dim())), text_area);
        return;
    }
    let ed = &ws.editors[i];
    let h = text_area.height as usize;
    let offset = super::scroll_offset(ed.rij, h);
    let num_w = ed.regels.len().to_string().len().max(3);
    let text_w = (text_area.width as usize).saturating_sub(num_w + 2).max(1);
    let mut lines = Vec::new();
    let mut cursor = None;
    for (n, r) in ed.regels.iter().enumerate().skip(offset).take(h) {
        let here = n == ed.rij;
        let (shown, col) = if here {
            crate::app::text_field::window(r.value(), r.cursor_byte(), text_w)
        } else {
            crate::app::text_field::window(r.value(), 0, text_w)
        };
        if here {
            cursor = Some((text_area.x + (num_w + 2 + col) as u16, text_area.y + (n - offset) as u16));
        }
        let bad = fout.is_some_and(|f| f.1 == n + 1);
        let num_style = if bad { theme.alert() } else { theme.dim() };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>num_w$}{} ", n + 1, if bad { "✗" } else { " " }), num_style),
            Span::raw(shown),
        ]));
    }
    frame.render_widget(Paragraph::new(lines), text_area);
    if let Some(c) = proef_cursor.or(cursor) {
        frame.set_cursor_position(c);
    }
}

const PROEF_LABEL: &str = "Proefzin: ";

/// The test sentence and what the list in the editor makes of it: tier, category,
/// the words found; at the doorvragen tier the question that would be asked.
fn proef_lines(state: &State, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let ws = &state.woordenlijst;
    let w = width.saturating_sub(PROEF_LABEL.len()).max(1);
    let (shown, _) = crate::app::text_field::window(ws.proefzin.value(), ws.proefzin.cursor_byte(), w);
    let mut l = vec![Line::from(vec![
        Span::styled(PROEF_LABEL, if ws.op_proefzin { theme.title() } else { theme.dim() }),
        Span::raw(shown),
    ])];
    let uitslag = match &ws.proef {
        None => {
            let k = state.keymap.key_for(Context::Woordenlijst, Action::Proefzin).unwrap_or_default();
            format!("(typ na {k} een zin: loket toont wat deze lijst ervan maakt, vóór het opslaan)")
        }
        Some(Err(e)) => format!("→ de lijst leest nog niet: {e}"),
        Some(Ok(u)) => {
            let hoofd = u.hoofd().or_else(|| u.signalen.first());
            let mut s = format!("→ {}", u.niveau.code());
            if let Some(h) = hoofd {
                s.push_str(&format!(" · {} · {}", h.soort.code(), h.soort.route().label()));
            }
            if !u.signalen.is_empty() {
                let woorden: Vec<String> = u.signalen.iter().map(|s| format!("'{}'", s.gevonden)).collect();
                s.push_str(&format!(" · {}", woorden.join(", ")));
            }
            if let (loket_domain::danger::Niveau::Doorvragen, Some(h)) = (u.niveau, hoofd) {
                s.push_str(&format!(" · vraag: {}", h.soort.doorvraag()));
            }
            s
        }
    };
    for r in crate::keymap::help::wrap(&uitslag, width).into_iter().take(2) {
        l.push(Line::from(Span::styled(r, theme.warning())));
    }
    l
}

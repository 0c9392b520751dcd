//! The word-list editor (issue 14): two tabs (gevaarwoorden, synoniemen), the TOML text with
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
        k(Action::Cancel, "terug"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let key_rows = crate::keymap::help::wrap(&keys.join(" · "), inner.width as usize);
    let fout = ws.fout.as_ref().filter(|f| f.0 == i);
    let fout_rows =
        fout.map(|f| crate::keymap::help::wrap(&format!("✗ {}", f.2), inner.width as usize)).unwrap_or_default();
    let [text_area, fout_area, key_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(fout_rows.len().min(2) as u16),
        Constraint::Length(key_rows.len().min(2) as u16),
    ])
    .areas(inner);
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
    if let Some(c) = cursor {
        frame.set_cursor_position(c);
    }
}

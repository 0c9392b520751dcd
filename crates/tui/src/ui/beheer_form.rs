//! The edit form of the beheer screen: label, value and, under a wrong field, what
//! is wrong (in Dutch); the focused field shows its cursor.

use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::text_field::window;
use crate::app::{Action, State};
use crate::keymap::Context;

const LABEL_W: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(f) = &state.beheer.form else { return };
    let km = &state.keymap;
    let mut hints: Vec<String> = Vec::new();
    for (a, what) in
        [(Action::BeheerOpslaan, "opslaan"), (Action::Cancel, "annuleren"), (Action::NextField, "volgend veld")]
    {
        if let Some(k) = km.key_for(Context::Bewerken, a) {
            hints.push(format!("{k} {what}"));
        }
    }
    if f.is_new() {
        if let Some(k) = km.key_for(Context::Bewerken, Action::BeheerSoort) {
            hints.push(format!("{k} andere soort"));
        }
    }
    let title = if f.is_new() {
        format!(" Nieuwe {} (sjabloon) ", f.base.kind().label())
    } else {
        format!(" {} bewerken: {} ", f.base.kind().label(), f.base.naam())
    };
    let block = Block::bordered().title(Span::styled(title, theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let val_w = w.saturating_sub(LABEL_W + 1).max(4);
    // every field takes one line, a wrong one two; scroll so the focused field is in view
    let mut lines: Vec<(usize, Line)> = Vec::new();
    let mut cursor: Option<(usize, u16)> = None;
    for (i, (v, t)) in f.velden.iter().zip(&f.fields).enumerate() {
        let label = format!("{:<LABEL_W$} ", v.label.chars().take(LABEL_W).collect::<String>());
        let focused = i == f.focus;
        // the focused field scrolls with its cursor; the others show their start
        let (shown, cx) = window(t.value(), if focused { t.cursor_byte() } else { 0 }, val_w);
        let value = if t.is_empty() && !focused && !v.hint.is_empty() {
            Span::styled(v.hint.chars().take(val_w).collect::<String>(), theme.dim())
        } else {
            Span::raw(shown)
        };
        if focused {
            cursor = Some((lines.len(), (LABEL_W + 1 + cx) as u16));
        }
        let ls = if focused { theme.selected() } else { theme.label() };
        lines.push((i, Line::from(vec![Span::styled(label, ls), value])));
        if let Some(e) = f.fout(i) {
            lines.push((i, Line::from(Span::styled(format!("{:LABEL_W$} ✗ {e}", ""), theme.error()))));
        }
    }
    let h = (inner.height as usize).saturating_sub(1).max(1);
    let focus_line = cursor.map(|c| c.0).unwrap_or(0);
    let offset = super::scroll_offset(focus_line, h);
    let body: Vec<Line> = lines.into_iter().skip(offset).take(h).map(|(_, l)| l).collect();
    frame.render_widget(Paragraph::new(body), Rect { height: h as u16, ..inner });
    frame.render_widget(
        Paragraph::new(Span::styled(hints.join(" · "), theme.dim())),
        Rect { y: inner.y + inner.height.saturating_sub(1), height: 1, ..inner },
    );
    if let Some((line, x)) = cursor {
        if state.overlay.is_none() {
            frame.set_cursor_position(Position { x: inner.x + x, y: inner.y + (line - offset) as u16 });
        }
    }
}

//! The sign-in form and the idle lock: name and PIN (as stars), nothing else.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::aanmelden::{AanmeldState, Veld};
use crate::app::{Action, State};
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, f: &AanmeldState, theme: &Theme) {
    frame.render_widget(Clear, area);
    let [_, mid, _] = Layout::vertical([Constraint::Fill(1), Constraint::Length(9), Constraint::Fill(1)]).areas(area);
    let [_, r, _] = Layout::horizontal([Constraint::Fill(1), Constraint::Length(64), Constraint::Fill(1)]).areas(mid);
    let title = if f.vergrendeld { " Vergrendeld " } else { " Aanmelden " };
    let key = |ctx, a: Action| state.keymap.key_for(ctx, a).unwrap_or_else(|| a.description().to_string());
    let hint = format!(
        " {} = verder · {} = afsluiten ",
        key(Context::Prompt, Action::Confirm),
        key(Context::Global, Action::Quit)
    );
    let block = Block::bordered().title(Span::styled(title, theme.title())).title_bottom(hint);
    let inner = block.inner(r);
    let uitleg = if f.vergrendeld {
        "Het scherm is vergrendeld na een tijd zonder toetsen. Uw werk staat klaar; vul uw pincode in."
    } else {
        "Meld u aan met uw naam en pincode."
    };
    let pijl = |v: Veld| if f.focus == v { "▸ " } else { "  " };
    let sterren = "*".repeat(f.pin.value().chars().count());
    let mut lines = vec![
        Line::from(uitleg),
        Line::from(""),
        Line::from(vec![
            Span::raw(pijl(Veld::Naam)),
            Span::styled("Naam:    ", theme.label()),
            Span::raw(f.naam.value()),
        ]),
        Line::from(vec![
            Span::raw(pijl(Veld::Pin)),
            Span::styled("Pincode: ", theme.label()),
            Span::raw(sterren.clone()),
        ]),
    ];
    if f.bezig {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Pincode controleren…", theme.label())));
    } else if let Some(e) = &f.fout {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(format!("✗ {e}"), theme.alert())));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), r);
    let (row, col) = match f.focus {
        Veld::Naam => (2, f.naam.cursor_width()),
        Veld::Pin => (3, sterren.chars().count()),
    };
    let x = inner.x + 11 + (col as u16).min(inner.width.saturating_sub(12));
    frame.set_cursor_position((x, inner.y + row));
}

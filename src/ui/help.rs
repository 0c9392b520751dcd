//! The help overlay: the live bindings of the current screen, generated from the keymap.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::{centered, theme::Theme};
use crate::app::State;
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, ctx: Context, scroll: u16, theme: &Theme) {
    let r = centered(area, 72, area.height);
    frame.render_widget(Clear, r);
    let mut lines = Vec::new();
    let mut last = None;
    let rows = state.keymap.help_rows(ctx);
    let kw = rows.iter().map(|(_, k, _)| k.chars().count()).max().unwrap_or(8).clamp(6, 24) + 2;
    for (layer, keys, action) in rows {
        if last != Some(layer) {
            if last.is_some() {
                lines.push(Line::from(""));
            }
            lines.push(Line::from(Span::styled(layer.title(), theme.title())));
            last = Some(layer);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<kw$}"), theme.key()),
            Span::raw(action.description()),
        ]));
    }
    if ctx == Context::Kaart {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled("Zoeken", theme.title())));
        lines.push(Line::from("  Typ gewoon: naam, organisatie, soort hulp, doelgroep, gemeente of wijk."));
        lines.push(Line::from("  Meer woorden maken de lijst kleiner: \"huish hulp gron\". Tikfouten mogen."));
        lines.push(Line::from("  § = regeling. ⚠ = langer dan 12 maanden niet gecontroleerd."));
    }
    let block = Block::bordered()
        .title(format!(" Hulp — {} ({}) ", ctx.title(), state.keymap.source))
        .title_bottom(" Esc sluit · ↑↓ scrollen ");
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), r);
}

//! The help overlay: the live bindings of the current screen, generated from the keymap, in
//! Dutch key names, wrapped to the box and scrolled to at most its last line.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;

use super::{centered, theme::Theme};
use crate::app::{Action, State};
use crate::keymap::help::{self, HelpLine};
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, ctx: Context, scroll: u16, theme: &Theme) {
    let r = centered(area, help::MAX_WIDTH, area.height);
    frame.render_widget(Clear, r);
    let width = r.width.saturating_sub(2) as usize;
    let height = r.height.saturating_sub(2) as usize;
    let km = &state.keymap;
    let content = help::lines(km, ctx, width);
    let kw = help::key_width(km, ctx, width);
    let scroll = (scroll as usize).min(content.len().saturating_sub(height));
    let lines: Vec<Line> = content
        .iter()
        .map(|l| match l {
            HelpLine::Blank => Line::from(""),
            HelpLine::Title(t) => Line::from(Span::styled(t.clone(), theme.title())),
            HelpLine::Row { keys, text } if text.is_empty() => {
                Line::from(Span::styled(format!("  {keys}"), theme.key()))
            }
            HelpLine::Row { keys, text } => {
                Line::from(vec![Span::styled(format!("  {keys:<kw$}"), theme.key()), Span::raw(text.clone())])
            }
            HelpLine::Text(t) => Line::from(format!("  {t}")),
        })
        .collect();
    let key = |a: Action| km.key_for(Context::Help, a);
    let mut hint = Vec::new();
    if let Some(k) = key(Action::Cancel).or_else(|| key(Action::Help)) {
        hint.push(format!("{k} sluit"));
    }
    if content.len() > height {
        let more = if scroll + height < content.len() { "meer" } else { "einde" };
        let keys: Vec<String> = [Action::Next, Action::PageDown].into_iter().filter_map(key).collect();
        let keys = match keys.as_slice() {
            [a, b] => super::key_pair(a, b),
            _ => keys.join("/"),
        };
        hint.push(if keys.is_empty() { more.to_string() } else { format!("{keys} {more}") });
    }
    let block = Block::bordered()
        .title(format!(" Hulp — {} ({}) ", ctx.title(), state.keymap.source))
        .title_bottom(format!(" {} ", hint.join(" · ")));
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll as u16, 0)), r);
}

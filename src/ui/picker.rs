//! The filter choice overlay.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};
use ratatui::Frame;

use super::{centered, theme::Theme};
use crate::app::Picker;

pub fn draw(frame: &mut Frame, area: Rect, p: &Picker, theme: &Theme) {
    let h = (p.options.len() as u16 + 2).min(area.height);
    let w = p.options.iter().map(|o| o.chars().count()).max().unwrap_or(10) as u16 + 10;
    let r = centered(area, w.max(34), h);
    frame.render_widget(Clear, r);
    let items: Vec<ListItem> = p
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let n = if i < 10 { format!("{i} ") } else { "  ".into() };
            ListItem::new(Line::from(format!("{n}{o}")))
        })
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(format!(" {} ", p.kind.title())).title_bottom(" cijfer of ↑↓ Enter · Esc "))
        .highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(list, r, &mut ls);
}

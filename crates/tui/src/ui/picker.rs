//! The filter choice overlay.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, List, ListItem, ListState};
use ratatui::Frame;

use super::{centered, theme::Theme};
use crate::app::{Action, Picker, State};
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, p: &Picker, theme: &Theme) {
    let key = |a: Action| state.keymap.key_for(Context::Picker, a);
    // The live key of each option (the digits in the standard keymap).
    let labels: Vec<String> =
        (0..p.options.len()).map(|i| Action::choose(i).and_then(key).unwrap_or_default()).collect();
    let lw = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let h = (p.options.len() as u16 + 2).min(area.height);
    let w = p.options.iter().map(|o| o.chars().count()).max().unwrap_or(10) as u16 + lw as u16 + 9;
    let hint = picker_hint(state);
    let r = centered(area, w.max(34).max(hint.chars().count() as u16 + 4), h);
    frame.render_widget(Clear, r);
    let items: Vec<ListItem> = p
        .options
        .iter()
        .enumerate()
        .map(|(i, o)| ListItem::new(Line::from(format!("{:<lw$} {o}", labels[i]))))
        .collect();
    let list = List::new(items)
        .block(Block::bordered().title(format!(" {} ", p.kind.title())).title_bottom(hint))
        .highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(p.selected));
    frame.render_stateful_widget(list, r, &mut ls);
}

/// " pijl omlaag/omhoog, Enter · Esc terug ", from the live keymap.
fn picker_hint(state: &State) -> String {
    let key = |a: Action| state.keymap.key_for(Context::Picker, a);
    let mut hint = Vec::new();
    let arrows: Vec<String> = [Action::Next, Action::Previous].into_iter().filter_map(key).collect();
    if let (false, Some(ok)) = (arrows.is_empty(), key(Action::Confirm)) {
        let arrows = match arrows.as_slice() {
            [a, b] => super::key_pair(a, b),
            _ => arrows.join("/"),
        };
        hint.push(format!("{arrows}, {ok}"));
    }
    if let Some(k) = key(Action::Cancel) {
        hint.push(format!("{k} terug"));
    }
    format!(" {} ", hint.join(" · "))
}

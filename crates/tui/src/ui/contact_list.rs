//! The contact list screen.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::contact_list::{rows, RowKind};
use crate::app::{Action, State};
use crate::keymap::Context;

/// " Enter opent · Esc wist het filter ", from the live keymap.
fn hints(state: &State) -> String {
    let k = |a: Action| state.keymap.key_for(Context::ContactList, a);
    let parts: Vec<String> = [(Action::Confirm, "opent"), (Action::ClearSearch, "wist het filter")]
        .into_iter()
        .filter_map(|(a, what)| k(a).map(|k| format!("{k} {what}")))
        .collect();
    format!(" {} ", parts.join(" · "))
}
use loket_domain::contact::Afhandeling;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [fbox, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let rows = rows(state);
    let today = state.now.date();
    let n_today = state.contacts.iter().filter(|c| c.start.date() == today).count();
    let n_oco = state.contacts.iter().filter(|c| c.start.date() == today && c.gewezen_op_clientondersteuning).count();
    let summary = format!(
        " vandaag {n_today} {} · {n_oco} gewezen op cliëntondersteuning ",
        if n_today == 1 { "contact" } else { "contacten" }
    );
    let block = Block::bordered().title(Span::styled(" Zoek in contacten (naam, telefoon, vraag) ", theme.title()));
    let inner = block.inner(fbox);
    frame.render_widget(Paragraph::new(state.contact_list.filter.value().to_string()).block(block), fbox);
    if state.overlay.is_none() {
        frame.set_cursor_position((inner.x + state.contact_list.filter.cursor_width() as u16, inner.y));
    }
    // (the day's counts here: beside the search title they were cut off at 80 columns)
    let block = Block::bordered()
        .title(Span::styled(" Contacten ", theme.title()))
        .title_top(Line::from(summary).right_aligned());
    if rows.is_empty() {
        let msg = if state.contact_list.filter.is_empty() {
            &format!(
                "Nog geen contacten vandaag. Nieuw contact: {}.",
                state.key_name(Context::ContactList, Action::NewContact)
            )
        } else {
            "Geen contacten gevonden."
        };
        let msg = msg.to_string();
        frame.render_widget(Paragraph::new(msg).block(block), list);
        return;
    }
    let h = block.inner(list).height as usize;
    let w = block.inner(list).width as usize;
    let sel = state.contact_list.selected.min(rows.len() - 1);
    let offset = super::scroll_offset(sel, h);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(h)
        .map(|(kind, c)| {
            let when = if c.start.date() == today {
                c.start.format("%H:%M").to_string()
            } else {
                c.start.format("%d-%m").to_string()
            };
            let outcome = match &c.afhandeling {
                Some(Afhandeling::Terugbelverzoek { wanneer, gedaan }) => {
                    format!("terugbellen {}{}", wanneer.format("%d-%m %H:%M"), if *gedaan { " ✓" } else { "" })
                }
                Some(a) => a.label().to_string(),
                None => "—".into(),
            };
            let who = if c.client.naam.is_empty() { "anoniem".to_string() } else { c.client.naam.clone() };
            let head = format!(
                "{:<11} {when} {:<9} {:<12} ",
                kind.label(),
                c.kanaal.label(),
                who.chars().take(12).collect::<String>()
            );
            // The question keeps at least half of what is left; a long outcome is shortened.
            let left = w.saturating_sub(head.chars().count() + 1);
            let outcome = if outcome.chars().count() > left / 2 {
                let mut o: String = outcome.chars().take((left / 2).saturating_sub(1)).collect();
                o.push('…');
                o
            } else {
                outcome
            };
            let room = w.saturating_sub(head.chars().count() + outcome.chars().count() + 3);
            let vraag: String = c.vraag.chars().take(room).collect();
            let style = if *kind == RowKind::Terugbellen { theme.warning() } else { ratatui::style::Style::new() };
            ListItem::new(Line::from(vec![
                Span::styled(head, style),
                Span::raw(format!("{vraag:<room$} ")),
                Span::styled(outcome, theme.dim()),
            ]))
        })
        .collect();
    let l = List::new(items).block(block.title_bottom(hints(state))).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(sel - offset));
    frame.render_stateful_widget(l, list, &mut ls);
}

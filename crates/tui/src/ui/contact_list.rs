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
use loket_domain::contact::{Afhandeling, Contact};

/// From this inner width a contact takes one line in the list.
const BREED: usize = 110;

/// How the contact ended, short enough for the list ("terugbellen 08-12 14:00 ✓").
fn uitkomst(c: &Contact) -> String {
    match &c.afhandeling {
        Some(Afhandeling::Terugbelverzoek { wanneer, gedaan }) => {
            format!("terugbellen {}{}", wanneer.format("%d-%m %H:%M"), if *gedaan { " ✓" } else { "" })
        }
        Some(Afhandeling::Backoffice) => "naar de backoffice".into(),
        Some(Afhandeling::MeldingWmo) => "melding Wmo".into(),
        Some(a) => a.label().to_string(),
        None => "—".into(),
    }
}

/// Who: the name, else the phone number, else "anoniem".
fn wie(c: &Contact) -> String {
    let (naam, tel) = (c.client.naam.trim(), c.client.telefoon.trim());
    if !naam.is_empty() {
        naam.to_string()
    } else if !tel.is_empty() {
        tel.to_string()
    } else {
        "anoniem".into()
    }
}

/// Urgent or signs of danger.
fn is_spoed(c: &Contact) -> bool {
    use loket_domain::triage::Reden;
    let t = c.triage();
    t.crisis || t.redenen.contains(&Reden::Urgent)
}

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
    // Narrow (80 columns): two lines a contact, so that the call-back time, the outcome and the
    // question are whole; wide: one line.
    let twee = w < BREED;
    let per = if twee { 2 } else { 1 };
    let sel = state.contact_list.selected.min(rows.len() - 1);
    let offset = super::scroll_offset(sel, (h / per).max(1));
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take((h / per).max(1))
        .map(|(kind, c)| {
            let when = if c.start.date() == today {
                c.start.format("%H:%M").to_string()
            } else {
                c.start.format("%d-%m").to_string()
            };
            let outcome = uitkomst(c);
            let who = wie(c);
            let spoed = is_spoed(c);
            let head = format!(
                "{:<11} {when} {:<9} {:<13} ",
                kind.label(),
                c.kanaal.label(),
                who.chars().take(13).collect::<String>()
            );
            let style = if *kind == RowKind::Terugbellen { theme.warning() } else { ratatui::style::Style::new() };
            let mut first = vec![Span::styled(head.clone(), style)];
            if spoed {
                first.push(Span::styled("SPOED", theme.error()));
                first.push(Span::raw(" "));
            }
            let used = head.chars().count() + if spoed { 6 } else { 0 };
            let vraag = c.vraag.split_whitespace().collect::<Vec<_>>().join(" ");
            if twee {
                first.push(Span::styled(super::kaart::cut(&outcome, w.saturating_sub(used)), theme.dim()));
                let second = Line::from(Span::raw(format!("  {}", super::kaart::cut(&vraag, w.saturating_sub(2)))));
                ListItem::new(vec![Line::from(first), second])
            } else {
                let room = w.saturating_sub(used + outcome.chars().count() + 1);
                let v = super::kaart::cut(&vraag, room);
                let pad = room.saturating_sub(v.chars().count());
                first.push(Span::raw(format!("{v}{} ", " ".repeat(pad))));
                first.push(Span::styled(outcome, theme.dim()));
                ListItem::new(Line::from(first))
            }
        })
        .collect();
    let l = List::new(items).block(block.title_bottom(hints(state))).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(sel - offset));
    frame.render_stateful_widget(l, list, &mut ls);
}

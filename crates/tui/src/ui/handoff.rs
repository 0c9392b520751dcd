//! The handoff screen: summary, suggested supporter with the reason, consent, earliest slots;
//! after booking, the confirmation for the caller.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::kort;
use super::theme::Theme;
use crate::app::handoff::SLOTS_SHOWN;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::ics::bevestiging;
use loket_domain::slots::{fit, Fit};

fn key(state: &State, a: Action) -> String {
    state.keymap.key_for(Context::Handoff, a).unwrap_or_default()
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(h) = &state.handoff else { return };
    if let Some(case) = &h.booked {
        let bo = &state.backoffice;
        let text = match (case.afspraak.as_ref(), bo.ondersteuner(&case.ondersteuner_id)) {
            (Some(slot), Some(ond)) => bevestiging(slot, ond, &[]),
            _ => "De afspraak is gemaakt.".to_string(),
        };
        let mut lines: Vec<Line> = vec![Line::from(Span::styled(
            format!("Afspraak gemaakt — dossier {} staat in de wachtrij ({})", case.id, key(state, Action::Queue)),
            theme.open(),
        ))];
        if case.anoniem {
            lines.push(Line::from(Span::styled(
                "Anoniem overgedragen: zonder toestemming gaan geen gegevens mee.",
                theme.stale(),
            )));
        }
        lines.push(Line::from(""));
        lines.extend(text.lines().map(|l| Line::from(l.to_string())));
        let block =
            Block::bordered().title(Span::styled(" Zeg tegen de beller ", theme.title())).title_bottom(format!(
                " {} brief printen · {} agenda-bestand (.ics) · {} klaar ",
                key(state, Action::BriefOpenen),
                key(state, Action::ExportAppointment),
                key(state, Action::Confirm)
            ));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), area);
        return;
    }
    let mut l: Vec<Line> = Vec::new();
    if let Some(s) = h.suggestions.get(h.soort_idx) {
        l.push(Line::from(vec![
            Span::styled("Voorstel: ", theme.label()),
            Span::styled(s.soort.label().to_string(), theme.title()),
            Span::raw(format!(" — {}", s.reden)),
        ]));
    }
    l.push(Line::from(vec![
        Span::styled("Plek: ", theme.label()),
        Span::raw(h.plek.label().to_string()),
        Span::styled("  (balie/thuis/telefoon)", theme.dim()),
    ]));
    let consent = match h.consent {
        None => Span::styled(
            format!(
                "? mogen naam en gegevens mee?  {} = ja · {} = nee (anoniem)",
                key(state, Action::ConsentYes),
                key(state, Action::ConsentNo)
            ),
            theme.warning(),
        ),
        Some(true) => Span::raw("ja, gegevens mogen mee"),
        Some(false) => Span::raw("nee — anonieme overdracht"),
    };
    l.push(Line::from(vec![Span::styled("Toestemming: ", theme.label()), consent]));
    let ontbreekt = crate::app::handoff::ontbreekt(state);
    if !ontbreekt.is_empty() {
        let wat = ontbreekt.join(" en ");
        let ww = if ontbreekt.len() > 1 { "ontbreken" } else { "ontbreekt" };
        l.push(Line::from(Span::styled(
            match h.consent {
                Some(false) => format!("⚠ {wat} {ww}; zonder toestemming kan dit niet: kies balie"),
                _ => format!("⚠ {wat} {ww}: na toestemming vraagt {} ernaar", key(state, Action::Confirm)),
            },
            theme.warning(),
        )));
    }
    if let Some(m) = &h.message {
        l.push(Line::from(Span::styled(m.clone(), theme.alert())));
    }
    // The choice box is as high as its wrapped lines: the consent question and the message under
    // it are never cut off. The slots get up to one page, the summary what is left (at least 3).
    let inner_w = area.width.saturating_sub(2).max(1) as usize;
    let rows: usize = l.iter().map(|line| wrapped_rows(&line.to_string(), inner_w)).sum();
    let choice_h = rows as u16 + 2;
    // One page of slots; the place first, as plainly as the data says it. Slots at the same
    // place with the same supporter share a heading (address and name in full, wrapped), so
    // nothing is cut off at 80 columns.
    let page = h.selected / SLOTS_SHOWN * SLOTS_SHOWN;
    let woon = h.needs.woonplaats();
    let gemeente = woon.gemeente();
    let mut items: Vec<ListItem> = Vec::new();
    let mut rows_needed = 0;
    let mut selected_item = None;
    let mut last_group: Option<String> = None;
    for (i, s) in h.slots.iter().enumerate().skip(page).take(SLOTS_SHOWN) {
        let who = state.backoffice.ondersteuner(&s.ondersteuner_id).map(|o| o.naam.clone()).unwrap_or_default();
        let elders = match (fit(&s.locatie, s.plek, woon), gemeente.as_deref()) {
            (Fit::Elders, Some(p)) => format!(" (niet in {p})"),
            _ => String::new(),
        };
        let group = format!("{}{elders} · {who}", s.locatie);
        if last_group.as_ref() != Some(&group) {
            let rows = crate::keymap::help::wrap(&group, inner_w);
            rows_needed += rows.len();
            let style = if elders.is_empty() { theme.dim() } else { theme.alert() };
            items.push(ListItem::new(rows.into_iter().map(|r| Line::from(Span::styled(r, style))).collect::<Vec<_>>()));
            last_group = Some(group);
        }
        if i == h.selected {
            selected_item = Some(items.len());
        }
        items.push(ListItem::new(Line::from(Span::styled(format!("  {}", kort(s.start)), theme.label()))));
        rows_needed += 1;
    }
    // The summary is shown whole (what was referred to and pointed out is checked before
    // booking); when the screen is short the question shrinks to one line and the slots list
    // (which scrolls) gives up rows, down to three slots.
    let mut sum_lines: Vec<String> = h.samenvatting.lines().map(str::to_string).collect();
    let rows_of = |ls: &[String]| ls.iter().map(|x| wrapped_rows(x, inner_w)).sum::<usize>() as u16;
    let slots_min = (rows_needed.max(1) as u16 + 2).min(5);
    let room = area.height.saturating_sub(choice_h + slots_min);
    if rows_of(&sum_lines) + 2 > room {
        for line in sum_lines.iter_mut().filter(|x| x.starts_with("Vraag: ") || x.starts_with("Samenvatting")) {
            if line.chars().count() > inner_w {
                *line = line.chars().take(inner_w.saturating_sub(1)).collect::<String>() + "…";
            }
        }
    }
    let summary_h = (rows_of(&sum_lines) + 2).min(room).max(3);
    let slots_h = area.height.saturating_sub(choice_h + summary_h).max(3);
    let [summary, choice, slots] =
        Layout::vertical([Constraint::Length(summary_h), Constraint::Length(choice_h), Constraint::Min(slots_h)])
            .areas(area);
    let block = Block::bordered().title(Span::styled(
        format!(" Overdracht — route: {} ({}) ", h.route.label(), key(state, Action::CycleRoute)),
        theme.title(),
    ));
    frame.render_widget(Paragraph::new(sum_lines.join("\n")).wrap(Wrap { trim: false }).block(block), summary);
    let title = format!(" {} ander soort · {} plek ", key(state, Action::CycleSoort), key(state, Action::CyclePlek));
    frame.render_widget(
        Paragraph::new(l).wrap(Wrap { trim: false }).block(Block::bordered().title(Span::styled(title, theme.dim()))),
        choice,
    );

    let title = if h.slots.is_empty() {
        " Eerste vrije tijden ".to_string()
    } else {
        let pages = if h.slots.len() > SLOTS_SHOWN {
            format!(" · {} later/eerder", super::key_pair(&key(state, Action::PageDown), &key(state, Action::PageUp)))
        } else {
            String::new()
        };
        format!(
            " Vrije tijden {}–{} van {}, eigen plaats eerst{pages} ",
            page + 1,
            (page + SLOTS_SHOWN).min(h.slots.len()),
            h.slots.len()
        )
    };
    let list = List::new(items)
        .block(Block::bordered().title(Span::styled(title, theme.title())).title_bottom(format!(
            " {} boekt · {} andere tijd · {} terug naar het contact ",
            key(state, Action::Confirm),
            super::key_pair(&key(state, Action::Next), &key(state, Action::Previous)),
            key(state, Action::Cancel)
        )))
        .highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(selected_item);
    frame.render_stateful_widget(list, slots, &mut ls);
}

/// How many rows `text` takes when word-wrapped at `width` (as the Paragraph wraps it, or more).
fn wrapped_rows(text: &str, width: usize) -> usize {
    let mut rows = 1;
    let mut used = 0;
    for word in text.split(' ') {
        let w = word.chars().count();
        let need = if used == 0 { w } else { used + 1 + w };
        if need <= width {
            used = need;
        } else {
            rows += 1 + w.saturating_sub(1) / width;
            used = w % width;
        }
    }
    rows
}

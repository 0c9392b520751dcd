//! The backoffice queue: open cases, overdue first; the selected case in detail.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::queue::rows;
use crate::app::{Action, State};
use crate::domain::case::Stap;
use crate::keymap::Context;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = rows(state);
    let today = state.now.date();
    let [list_area, detail] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let km = &state.keymap;
    let hint = [
        Action::AdvanceStep,
        Action::AddNote,
        Action::AddSignaal,
        Action::SetVolgendeActie,
        Action::SetAanvraag,
        Action::SetOnderzoekAfgerond,
        Action::SetBeschikking,
    ]
    .iter()
    .filter_map(|a| {
        km.key_for(Context::Queue, *a).map(|k| {
            let what = match a {
                Action::AdvanceStep => "volgende stap",
                Action::AddNote => "notitie",
                Action::AddSignaal => "signaal",
                Action::SetVolgendeActie => "volgende actie",
                Action::SetAanvraag => "aanvraag",
                Action::SetOnderzoekAfgerond => "onderzoek af",
                _ => "beschikking",
            };
            format!("{k} {what}")
        })
    })
    .collect::<Vec<_>>()
    .join(" · ");
    let block = Block::bordered()
        .title(Span::styled(format!(" Wachtrij backoffice — {} open ", rows.len()), theme.title()))
        .title_bottom(format!(" {hint} "));
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(
                "Geen open dossiers. Een complex contact draagt u over met {} in het contact.",
                state.key_name(Context::Contact, Action::Handoff)
            ))
            .block(block),
            list_area,
        );
        return;
    }
    let h = block.inner(list_area).height as usize;
    let sel = state.queue.selected.min(rows.len() - 1);
    let offset = super::scroll_offset(sel, h);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(h)
        .map(|c| {
            let late = !c.overdue(today).is_empty();
            let who = state.backoffice.ondersteuner(&c.ondersteuner_id).map(|o| o.naam.clone()).unwrap_or_default();
            let when =
                c.afspraak.as_ref().map(|s| s.start.format("%d-%m %H:%M").to_string()).unwrap_or_else(|| "—".into());
            let next = c.next_deadline().map(|d| d.format("%d-%m").to_string()).unwrap_or_else(|| "—".into());
            let line = format!(
                "{}{:>4} {} {:<20} {:<20} afspraak {when}  termijn {next}",
                if late { "⚠ " } else { "  " },
                c.id,
                c.stap.letter(),
                c.stap.label().chars().take(20).collect::<String>(),
                who.chars().take(20).collect::<String>(),
            );
            ListItem::new(Line::from(Span::styled(
                line,
                if late { theme.alert() } else { ratatui::style::Style::new() },
            )))
        })
        .collect();
    let list = List::new(items).block(block).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(sel - offset));
    frame.render_stateful_widget(list, list_area, &mut ls);

    let c = rows[sel];
    let mut l: Vec<Line> = Vec::new();
    let ond = state.backoffice.ondersteuner(&c.ondersteuner_id);
    l.push(Line::from(vec![
        Span::styled(format!("Dossier {} · {} · ", c.id, c.route.label()), theme.title()),
        Span::raw(ond.map(|o| format!("{} ({}, {})", o.naam, o.soort.label(), o.organisatie)).unwrap_or_default()),
    ]));
    let mut who = Vec::new();
    if !c.aangemaakt_door.is_empty() {
        who.push(format!("overgedragen door {}", c.aangemaakt_door));
    }
    if !c.bijgewerkt_door.is_empty() && c.bijgewerkt_door != c.aangemaakt_door {
        who.push(format!("laatst bijgewerkt door {}", c.bijgewerkt_door));
    }
    if !who.is_empty() {
        l.push(Line::from(Span::styled(who.join(" · "), theme.label())));
    }
    for r in c.overdue(today) {
        l.push(Line::from(Span::styled(format!("⚠ te laat: {r}"), theme.alert())));
    }
    let steps: Vec<Span> = [
        Stap::Vraagverheldering,
        Stap::KeuzeInformatie,
        Stap::SteunRealisatie,
        Stap::Indicatieprocedure,
        Stap::Evaluatie,
    ]
    .iter()
    .map(|s| {
        let style = if *s == c.stap { theme.chip() } else { theme.dim() };
        Span::styled(format!(" {} {} ", s.letter(), s.label()), style)
    })
    .collect();
    l.push(Line::from(steps));
    if let Some(s) = &c.afspraak {
        l.push(Line::from(format!(
            "Afspraak: {} — {} ({})",
            s.start.format("%d-%m-%Y %H:%M"),
            s.locatie,
            s.plek.label()
        )));
    }
    for (d, what) in c.deadlines() {
        l.push(Line::from(format!("Termijn: {what}: uiterlijk {}", d.format("%d-%m-%Y"))));
    }
    if c.anoniem {
        l.push(Line::from(Span::styled("Anoniem overgedragen (geen toestemming)", theme.stale())));
    }
    if let Some(cl) = &c.client {
        let mut who = Vec::new();
        if !cl.naam.is_empty() {
            who.push(cl.naam.clone());
        }
        if !cl.telefoon.is_empty() {
            who.push(format!("tel. {}", cl.telefoon));
        }
        if let Some(y) = cl.geboortejaar {
            who.push(format!("geb. {y}"));
        }
        let place =
            [cl.wijk.as_str(), cl.gemeente.as_str()].iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>();
        if !place.is_empty() {
            who.push(place.join(", "));
        }
        if !cl.taal.is_empty() {
            who.push(format!("taal: {}", cl.taal));
        }
        if !who.is_empty() {
            l.push(Line::from(vec![Span::styled("Cliënt: ", theme.label()), Span::raw(who.join(" · "))]));
        }
    }
    l.push(Line::from(""));
    for line in c.samenvatting.lines() {
        l.push(Line::from(line.to_string()));
    }
    for n in &c.notities {
        let door = if n.door.is_empty() { String::new() } else { format!(" ({})", n.door) };
        l.push(Line::from(format!("{} {}{door}: {}", n.stap.letter(), n.op.format("%d-%m %H:%M"), n.tekst)));
    }
    for s in &c.signalen {
        l.push(Line::from(Span::styled(format!("Signaal {}: {}", s.datum.format("%d-%m-%Y"), s.tekst), theme.stale())));
    }
    frame.render_widget(
        Paragraph::new(l).wrap(Wrap { trim: false }).block(Block::bordered().title(" Dossier ")),
        detail,
    );
}

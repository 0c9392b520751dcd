//! The backoffice queue: open cases, overdue first; the selected case in detail.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::queue::rows;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::case::Stap;

/// Width of the column "voor" (who the help is for: "partner 84").
const VOOR_W: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let rows = rows(state);
    let today = state.now.date();
    let [list_area, detail] = Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(area);
    let km = &state.keymap;
    let hints: Vec<String> = [
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
    .collect();
    let block =
        Block::bordered().title(Span::styled(format!(" Wachtrij backoffice — {} open ", rows.len()), theme.title()));
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
    // Inside the box: a column header, the rows, and the hints (whole ones, on as many rows as
    // they need: none is cut off at 80 columns).
    let inner = block.inner(list_area);
    frame.render_widget(block, list_area);
    let w = inner.width as usize;
    let hint_rows = super::hint_rows(hints, w);
    let [head_area, rows_area, hint_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1), Constraint::Length(hint_rows.len() as u16)])
            .areas(inner);
    // Columns: marks, id, step, who the help is for, supporter (what is left), appointment,
    // termijn.
    let who_w = w.saturating_sub(12 + 1 + 19 + 1 + VOOR_W + 1 + 1 + 11 + 2 + 7).clamp(8, 24);
    let header = format!(
        "{:>12} {:<19} {:<VOOR_W$} {:<who_w$} {:<11}  {}",
        "nr", "stap", "voor", "ondersteuner", "afspraak", "termijn"
    );
    frame.render_widget(Paragraph::new(Span::styled(header, theme.dim())), head_area);
    frame.render_widget(
        Paragraph::new(hint_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.dim()))).collect::<Vec<_>>()),
        hint_area,
    );
    let h = rows_area.height as usize;
    let sel = state.queue.selected.min(rows.len() - 1);
    let offset = super::scroll_offset(sel, h);
    let items: Vec<ListItem> = rows
        .iter()
        .skip(offset)
        .take(h)
        .map(|c| {
            let late = !c.overdue(today).is_empty();
            let spoed = crate::app::queue::is_spoed(state, c);
            let who = state.backoffice.ondersteuner(&c.ondersteuner_id).map(|o| o.naam.clone()).unwrap_or_default();
            let when =
                c.afspraak.as_ref().map(|s| s.start.format("%d-%m %H:%M").to_string()).unwrap_or_else(|| "—".into());
            let next = c.next_deadline().map(|d| d.format("%d-%m").to_string()).unwrap_or_else(|| "—".into());
            let voor = crate::app::queue::hulp_voor_kort(state, c).unwrap_or_else(|| "—".into());
            let line = format!(
                "{}{}{:>4} {} {:<17} {:<VOOR_W$} {:<who_w$} {when:<11}  {next}",
                if late { "⚠ " } else { "  " },
                if spoed { "SPOED " } else { "      " },
                c.id,
                c.stap.letter(),
                c.stap.label().chars().take(17).collect::<String>(),
                voor.chars().take(VOOR_W).collect::<String>(),
                who.chars().take(who_w).collect::<String>(),
            );
            ListItem::new(Line::from(Span::styled(
                line,
                if late || spoed { theme.alert() } else { ratatui::style::Style::new() },
            )))
        })
        .collect();
    let list = List::new(items).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(sel - offset));
    frame.render_stateful_widget(list, rows_area, &mut ls);

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
    if let Some(v) = crate::app::queue::hulp_voor(state, c) {
        l.push(Line::from(vec![Span::styled("Hulp voor: ", theme.label()), Span::raw(v)]));
    }
    l.push(Line::from(""));
    for line in c.samenvatting.lines().filter(|l| !l.starts_with(loket_domain::case::HULP_VOOR_REGEL)) {
        l.push(Line::from(line.to_string()));
    }
    for n in &c.notities {
        let door = if n.door.is_empty() { String::new() } else { format!(" ({})", n.door) };
        l.push(Line::from(format!("{} {}{door}: {}", n.stap.letter(), n.op.format("%d-%m %H:%M"), n.tekst)));
    }
    for s in &c.signalen {
        l.push(Line::from(Span::styled(format!("Signaal {}: {}", s.datum.format("%d-%m-%Y"), s.tekst), theme.stale())));
    }
    // The dossier scrolls (shift-pijl omlaag in the standard keymap), never past its end.
    let block = Block::bordered().title(" Dossier ");
    let inner = block.inner(detail);
    let total: usize =
        l.iter().map(|line| crate::keymap::help::wrap(&line.to_string(), inner.width.max(1) as usize).len()).sum();
    let total = total as u16;
    let para = Paragraph::new(l).wrap(Wrap { trim: false });
    let scroll = state.queue.detail_scroll.min(total.saturating_sub(inner.height));
    if total > inner.height {
        let keys: Vec<String> =
            [Action::DetailDown, Action::DetailUp].into_iter().filter_map(|a| km.key_for(Context::Queue, a)).collect();
        let more = if scroll + inner.height < total { "meer" } else { "einde" };
        let keys = match keys.as_slice() {
            [a, b] => super::key_pair(a, b),
            _ => keys.join("/"),
        };
        let block = block.title_bottom(format!(" {keys} {more} "));
        frame.render_widget(para.block(block).scroll((scroll, 0)), detail);
    } else {
        frame.render_widget(para.block(block), detail);
    }
}

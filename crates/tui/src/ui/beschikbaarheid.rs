//! The availability screen: the supporters on the left; on the right the chosen one's
//! weekly pattern and exceptions, the row form with an error per field, and the keys.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::beschikbaarheid::{regels, Formulier, Regel};
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::beschikbaarheid::{fmt_datum, fmt_tijd};
use loket_domain::hours::DAYS;
use loket_domain::ondersteuning::Clientondersteuner;

fn regel_tekst(o: &Clientondersteuner, r: Regel) -> String {
    match r {
        Regel::Blok(i) => {
            let b = &o.beschikbaarheid[i];
            format!(
                "{} {}–{}  {:<8} {}",
                DAYS.get(b.dag as usize).copied().unwrap_or("?"),
                fmt_tijd(b.van),
                fmt_tijd(b.tot),
                b.plek.code(),
                b.locatie
            )
        }
        Regel::Uitzondering(i) => {
            let u = &o.uitzonderingen[i];
            format!("{} t/m {}  {}", fmt_datum(u.van), fmt_datum(u.tot), u.reden)
        }
    }
}

/// "alt-n nieuw blok · alt-u uitzondering · …": the live keys of this screen.
fn hints(state: &State, wanted: &[(Action, &str)]) -> String {
    wanted
        .iter()
        .filter_map(|(a, what)| state.keymap.key_for(Context::Beschikbaarheid, *a).map(|k| format!("{k} {what}")))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let onds = &state.backoffice.ondersteuners;
    let list_w = (area.width / 3).clamp(24, 40);
    let [left, right] = Layout::horizontal([Constraint::Length(list_w), Constraint::Min(20)]).areas(area);
    let editing = state.beschik.bewerking.as_ref();

    // the supporters
    let block = Block::bordered().title(Span::styled(format!(" Cliëntondersteuners ({}) ", onds.len()), theme.title()));
    let inner_h = block.inner(left).height as usize;
    let sel = state.beschik.selected.min(onds.len().saturating_sub(1));
    let offset = super::scroll_offset(sel, inner_h);
    let items: Vec<ListItem> = onds
        .iter()
        .skip(offset)
        .take(inner_h)
        .map(|o| {
            let mark = if editing.is_some_and(|b| b.basis.id == o.id) { "✎ " } else { "  " };
            ListItem::new(Line::from(vec![
                Span::raw(format!("{mark}{}", o.naam)),
                Span::styled(format!("  {}", o.soort.label()), theme.dim()),
            ]))
        })
        .collect();
    let list =
        List::new(items).block(block).highlight_style(if editing.is_some() { theme.dim() } else { theme.selected() });
    let mut ls = ListState::default().with_selected((!onds.is_empty()).then_some(sel - offset));
    frame.render_stateful_widget(list, left, &mut ls);

    // the chosen supporter
    let (o, bw) = match editing {
        Some(b) => (Some(&b.concept), Some(b)),
        None => (onds.get(sel), None),
    };
    let Some(o) = o else {
        frame.render_widget(
            Paragraph::new("Geen cliëntondersteuners geladen.").block(Block::bordered().title(" Beschikbaarheid ")),
            right,
        );
        return;
    };
    let gewijzigd = bw.is_some_and(|b| b.gewijzigd());
    let title = format!(" {}{} ", o.naam, if gewijzigd { " · gewijzigd, niet opgeslagen" } else { "" });
    let block = Block::bordered().title(Span::styled(title, if gewijzigd { theme.warning() } else { theme.title() }));
    let inner = block.inner(right);
    frame.render_widget(block, right);
    let key_text = match bw {
        None => hints(state, &[(Action::Confirm, "bewerken"), (Action::Cancel, "terug naar de kaart")]),
        Some(b) if b.form.is_some() => hints(
            state,
            &[(Action::NextField, "volgend veld"), (Action::Confirm, "klaar"), (Action::Cancel, "annuleren")],
        ),
        Some(_) => hints(
            state,
            &[
                (Action::Confirm, "regel bewerken"),
                (Action::NieuwBlok, "nieuw blok"),
                (Action::NieuweUitzondering, "uitzondering/verlof"),
                (Action::RegelWissen, "wissen"),
                (Action::Opslaan, "opslaan"),
                (Action::Cancel, "terug"),
            ],
        ),
    };
    let key_rows = crate::keymap::help::wrap(&key_text, inner.width as usize);
    let [body, keys] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(key_rows.len().min(3) as u16)]).areas(inner);
    frame.render_widget(
        Paragraph::new(key_rows.into_iter().map(|r| Line::from(Span::styled(r, theme.dim()))).collect::<Vec<_>>()),
        keys,
    );

    let mut lines: Vec<Line> = vec![Line::from(Span::styled(
        format!("{} · {} · afspraak {} min", o.soort.label(), o.organisatie, o.slot_minuten),
        theme.label(),
    ))];
    let rows = regels(o);
    let selected_row = bw.map(|b| b.regel);
    let mut row_line = 0;
    let mut push_row = |lines: &mut Vec<Line>, n: usize, r: Regel| {
        let chosen = selected_row == Some(n);
        if chosen {
            row_line = lines.len();
        }
        let text = format!("{}{}", if chosen { "▶ " } else { "  " }, regel_tekst(o, r));
        lines
            .push(Line::from(Span::styled(text, if chosen { theme.selected() } else { ratatui::style::Style::new() })));
    };
    lines.push(Line::from(Span::styled("Weekpatroon (dag, van–tot, plek, locatie)", theme.title())));
    if o.beschikbaarheid.is_empty() {
        lines.push(Line::from(Span::styled("  (geen blokken: niet te boeken)", theme.dim())));
    }
    for (n, r) in rows.iter().enumerate().filter(|(_, r)| matches!(r, Regel::Blok(_))) {
        push_row(&mut lines, n, *r);
    }
    lines.push(Line::from(Span::styled("Uitzonderingen en verlof (van t/m, reden)", theme.title())));
    if o.uitzonderingen.is_empty() {
        lines.push(Line::from(Span::styled("  (geen)", theme.dim())));
    }
    for (n, r) in rows.iter().enumerate().filter(|(_, r)| matches!(r, Regel::Uitzondering(_))) {
        push_row(&mut lines, n, *r);
    }
    let h = body.height as usize;
    let scroll = super::scroll_offset(row_line, h) as u16;
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);

    if let Some(form) = bw.and_then(|b| b.form.as_ref()) {
        draw_form(frame, body, form, theme);
    }
}

fn draw_form(frame: &mut Frame, area: Rect, form: &Formulier, theme: &Theme) {
    let namen = form.namen();
    let errors = form.fouten.iter().filter(|f| f.is_some()).count() as u16;
    // a row per field, two per error (it may wrap), the hint and the border
    let h = (namen.len() as u16 + errors * 2 + 3).min(area.height);
    let r = Rect { x: area.x, y: area.y + area.height.saturating_sub(h), width: area.width, height: h };
    frame.render_widget(Clear, r);
    let title = match (form.uitzondering, form.regel.is_some()) {
        (false, false) => " Nieuw blok ",
        (false, true) => " Blok bewerken ",
        (true, false) => " Nieuwe uitzondering of verlof ",
        (true, true) => " Uitzondering bewerken ",
    };
    let block = Block::bordered().title(Span::styled(title, theme.title()));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let label_w = 9usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    for (i, naam) in namen.iter().enumerate() {
        let focus = i == form.focus;
        let (shown, col) = crate::app::text_field::window(
            form.velden[i].value(),
            form.velden[i].cursor_byte(),
            (inner.width as usize).saturating_sub(label_w + 2).max(1),
        );
        if focus {
            cursor = Some((inner.x + (label_w + 2 + col) as u16, inner.y + lines.len() as u16));
        }
        lines.push(Line::from(vec![
            Span::styled(format!("{}{naam:<label_w$}", if focus { "▶" } else { " " }), theme.label()),
            Span::raw(" "),
            Span::styled(shown, if focus { theme.selected() } else { ratatui::style::Style::new() }),
        ]));
        if let Some(e) = &form.fouten[i] {
            lines.push(Line::from(Span::styled(format!("{:w$}✗ {e}", "", w = label_w + 2), theme.alert())));
        }
    }
    let hint = match (form.uitzondering, form.focus) {
        (false, 0) => "ma, di, wo, do, vr, za of zo",
        (false, 1 | 2) => "uu:mm, bv. 09:00",
        (false, 3) => "balie, thuis of telefoon",
        (false, _) => "adres van het loket, \"huisbezoek in …\" of \"telefonisch\"",
        (true, 0 | 1) => "dd-mm-jjjj, beide dagen doen mee",
        (true, _) => "bv. verlof, vakantie, cursus",
    };
    lines.push(Line::from(Span::styled(format!("  {hint}"), theme.dim())));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    if let Some(c) = cursor {
        frame.set_cursor_position(c);
    }
}

/// The question when a change would leave appointments outside the availability.
pub fn vraag(state: &State) -> (String, u16) {
    let Some(b) = state.beschik.bewerking.as_ref() else { return (String::new(), 0) };
    const MAX: usize = 8;
    let mut t = match b.geraakt.len() {
        1 => format!("Met deze wijziging valt 1 geboekte afspraak van {} buiten de beschikbaarheid:\n", b.concept.naam),
        n => format!(
            "Met deze wijziging vallen {n} geboekte afspraken van {} buiten de beschikbaarheid:\n",
            b.concept.naam
        ),
    };
    for g in b.geraakt.iter().take(MAX) {
        t.push_str(&format!(
            "  {} {}–{}  dossier {}  {}\n",
            fmt_datum(g.start.date()),
            g.start.format("%H:%M"),
            g.eind.format("%H:%M"),
            g.case_id,
            g.reden
        ));
    }
    if b.geraakt.len() > MAX {
        t.push_str(&format!("  … en nog {}\n", b.geraakt.len() - MAX));
    }
    t.push_str(
        "\nJa: opslaan; de afspraken blijven staan en de dossiers worden gemarkeerd om te verzetten. Nee: niets opslaan.\n\nOpslaan? ",
    );
    let rows = b.geraakt.len().min(MAX + 1) as u16;
    (t, rows)
}

//! The contact screen: registration form on the left; sociale-kaart search or the triage panel
//! on the right.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::contact::{ContactState, Field, Focus};
use crate::app::text_field;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_domain::bsn;
use loket_domain::contact::{Levensdomein, LinkSoort, Uitkomst};
use loket_domain::eligibility;
use loket_domain::triage::{Reden, Teken, CRISISLIJNEN};

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(cs) = &state.contact else {
        let k = state.key_name(Context::Contact, Action::NewContact);
        frame.render_widget(Paragraph::new(format!("Geen contact open. Nieuw contact: {k}.")), area);
        return;
    };
    let [top, main] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    draw_top(frame, top, state, cs, theme);
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);
    draw_form(frame, left, state, cs, theme);
    let open = cs.crisis_open();
    let right = if let (true, Some(sign)) = (open.is_empty(), cs.doorvraag_open()) {
        // A possible sign: a calm prompt with the question to ask; the answer is kept.
        let lines = doorvraag_lines(state, &sign, theme);
        let w = right.width.saturating_sub(2).max(1) as usize;
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum();
        let h = (rows as u16 + 2).min(right.height.saturating_sub(5));
        let [panel, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(right);
        let block = Block::bordered()
            .border_style(theme.warning())
            .title(Span::styled(" DOORVRAGEN — mogelijk signaal ", theme.warning()));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), panel);
        rest
    } else if open.is_empty() {
        right
    } else {
        // The crisis routes come first, at once, until the worker acknowledges them.
        let compact = cs.focus == Focus::Triage;
        let lines = crisis_lines(state, &open, right.width.saturating_sub(2), compact, theme);
        let w = right.width.saturating_sub(2).max(1) as usize;
        let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(w)).sum();
        let h = (rows as u16 + 2).min(right.height.saturating_sub(5));
        let [panel, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(0)]).areas(right);
        let block = Block::bordered()
            .border_style(theme.alert())
            .title(Span::styled(" CRISIS — signalen van gevaar ", theme.error()));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), panel);
        rest
    };
    if cs.focus == Focus::Triage {
        draw_triage(frame, right, state, cs, theme);
    } else {
        draw_search(frame, right, state, cs, theme);
    }
}

fn key(state: &State, a: Action) -> String {
    state.keymap.key_for(Context::Contact, a).unwrap_or_default()
}

/// The crisis panel: why, the lines to refer to, and how to go on. Compact beside the triage
/// panel, so its checklist stays on screen.
fn crisis_lines(state: &State, open: &[Teken], width: u16, compact: bool, theme: &Theme) -> Vec<Line<'static>> {
    let mut l = Vec::new();
    if compact {
        l.push(Line::from(Span::styled("verwijs direct: 112 · Veilig Thuis 0800-2000 · 113", theme.error())));
    } else {
        l.push(Line::from(Span::styled("Bij gevaar: verwijs direct", theme.error())));
        for (nr, wat) in CRISISLIJNEN {
            l.push(Line::from(vec![Span::styled(format!(" {nr:<14}"), theme.alert()), Span::raw(*wat)]));
        }
    }
    for t in open.iter().take(if compact { 1 } else { 2 }) {
        let mut s: String = format!("· {}", t.label());
        if s.chars().count() > width as usize {
            s = s.chars().take((width as usize).saturating_sub(1)).collect::<String>() + "…";
        }
        l.push(Line::from(Span::styled(s, theme.dim())));
    }
    let close = key(state, Action::CloseContact);
    l.push(Line::from(Span::styled(
        format!("{} gezien · {close}: crisisdienst", key(state, Action::CrisisGezien)),
        theme.dim(),
    )));
    l
}

/// The doorvragen prompt: what was heard, the question to ask (113's advice; the meldcode),
/// and the keys for the caller's answer.
fn doorvraag_lines(state: &State, sign: &loket_domain::danger::Signaal, theme: &Theme) -> Vec<Line<'static>> {
    let mut l = vec![
        Line::from(Span::styled(format!("'{}' in de vraag ({})", sign.gevonden, sign.soort.label()), theme.dim())),
        Line::from(vec![Span::raw("Vraag: "), Span::styled(sign.soort.doorvraag().to_string(), theme.title())]),
    ];
    for stap in sign.soort.stappen() {
        l.push(Line::from(Span::styled(format!("· {stap}"), theme.dim())));
    }
    l.push(Line::from(format!(
        "{} ja (crisisroutes) · {} nee (wordt vastgelegd)",
        key(state, Action::SignaalJa),
        key(state, Action::SignaalNee)
    )));
    l
}

fn draw_top(frame: &mut Frame, area: Rect, state: &State, cs: &ContactState, theme: &Theme) {
    let c = &cs.contact;
    let mut spans = vec![Span::styled(format!(" Contact {} ", c.id), theme.title())];
    let advies = c.triage();
    if advies.crisis {
        // Stays on screen after the panel is acknowledged (first, so it is never cut off).
        spans.push(Span::styled(" 112 · 0800-2000 · 113 ", theme.error()));
    } else if advies.redenen.contains(&Reden::Urgent) {
        spans.push(Span::styled(" SPOED ", theme.error()));
    }
    spans.extend([
        Span::raw(format!(" kanaal: {} ({}) ", c.kanaal.label(), key(state, Action::CycleKanaal))),
        Span::raw(format!("· {} ({}) ", c.vrager.label(), key(state, Action::CycleVrager))),
        Span::raw(format!("· {} · {} min ", c.start.format("%H:%M"), c.duur_minuten(state.now))),
    ]);
    if cs.read_only {
        spans.push(Span::styled(" afgesloten — alleen lezen ", theme.warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn draw_form(frame: &mut Frame, area: Rect, state: &State, cs: &ContactState, theme: &Theme) {
    let block = Block::bordered().title(Span::styled(" Registratie ", theme.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(u16, u16)> = None;
    let focused = |f: Field| cs.focus == Focus::Field(f);

    // Vraag: label line then wrapped text (up to 4 lines).
    lines.push(Line::from(vec![
        Span::styled("Vraag", if focused(Field::Vraag) { theme.selected() } else { theme.label() }),
        Span::styled("  (typ wat u hoort)", theme.dim()),
    ]));
    // Wrapped at word boundaries by display width (emoji and CJK take two columns); the four
    // lines shown follow the cursor (Home shows the start).
    let vraag = cs.field(Field::Vraag);
    let text = vraag.value();
    let wrapped = text_field::wrap(text, w.max(1));
    let (row, col) = text_field::cursor_in(text, &wrapped, vraag.cursor_byte(), w.max(1));
    let first = if focused(Field::Vraag) { row.saturating_sub(3) } else { wrapped.len().saturating_sub(4) };
    if focused(Field::Vraag) {
        cursor = Some((col as u16, (lines.len() + row - first) as u16));
    }
    for r in wrapped.iter().skip(first).take(4) {
        lines.push(Line::from(text[r.clone()].trim_end_matches(' ').to_string()));
    }
    for _ in wrapped.len().saturating_sub(first).min(4)..2 {
        lines.push(Line::from(""));
    }

    // Levensdomeinen, toggled with alt-1 … alt-9.
    // Levensdomeinen on as many lines as the width needs, whole labels only.
    let alt =
        state.keymap.key_for(Context::Contact, Action::DomeinWonen).map(|k| k.replace('1', "")).unwrap_or_default();
    let mut spans = vec![Span::styled(format!("Domein {alt}"), theme.label())];
    let mut used = 7 + alt.chars().count();
    for (i, d) in Levensdomein::ALL.iter().enumerate() {
        let on = cs.contact.levensdomeinen.contains(d);
        let label = format!("{} {}", i + 1, short_domein(*d));
        let len = label.chars().count() + 1;
        if used + len > w {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw("       "));
            used = 7;
        }
        spans.push(Span::styled(label, if on { theme.chip() } else { theme.dim() }));
        spans.push(Span::raw(" "));
        used += len;
    }
    lines.push(Line::from(spans));
    let wetten: Vec<&str> = cs.contact.wetten.iter().map(|w| w.label()).collect();
    lines.push(Line::from(vec![
        Span::styled("Wetten ", theme.label()),
        Span::raw(if wetten.is_empty() { "—".to_string() } else { wetten.join(", ") }),
        Span::styled(format!("  ({})", key(state, Action::ContactWetten)), theme.dim()),
    ]));

    // Client: optional, anonymous by default. First who the help is for and that person's age or
    // birth year (the field is last in the Tab order, so the order of the other fields stays).
    let client_fields = [
        Field::HulpLeeftijd,
        Field::Naam,
        Field::Geboortejaar,
        Field::Gemeente,
        Field::Wijk,
        Field::Telefoon,
        Field::Taal,
        Field::Bsn,
    ];
    // On a small screen the empty client fields share one line, so the links and the triage
    // decision below them stay on screen.
    let earlier = crate::app::contact::earlier_contacts(state, &cs.contact);
    let below = usize::from(!earlier.is_empty())
        + 2
        + cs.contact.links.len().max(1)
        + usize::from(cs.contact.besluit.is_some());
    let compact = lines.len() + client_fields.len() + below > inner.height as usize;
    let is_empty =
        |f: Field| f != Field::HulpLeeftijd && cs.field(f).value().is_empty() && !focused(f) && cs.error(f).is_none();
    for f in client_fields {
        if compact && is_empty(f) {
            continue;
        }
        let tf = cs.field(f);
        // Who the help is for (alt-h), and that person's age or birth year, on one line.
        let (label, prefix) = if f == Field::HulpLeeftijd {
            let hv = cs.contact.hulp_voor;
            let k = key(state, Action::CycleHulpVoor);
            (String::from("Hulp voor "), format!("{} ({k}) · lft ", hv.label()))
        } else {
            (format!("{:<17}", f.label()), String::new())
        };
        // The focused field scrolls sideways so that the cursor stays in view.
        let avail = w.saturating_sub(text_field::width(&label) + text_field::width(&prefix)).max(1);
        // The BSN is masked everywhere but the inzage: a stored one also while its field has the
        // focus, until the worker types a new one (the mask has the same width, so the cursor
        // stays put).
        let bsn_stored =
            f == Field::Bsn && !tf.value().is_empty() && cs.contact.client.bsn.as_deref() == Some(tf.value());
        let (value, col) = if focused(f) {
            text_field::window(tf.value(), tf.cursor_byte(), avail)
        } else {
            (tf.value().to_string(), 0)
        };
        let value = if bsn_stored { bsn::mask(&value) } else { value };
        let shown = if f == Field::Bsn && !focused(f) {
            cs.contact.client.bsn.as_deref().map(bsn::mask).unwrap_or_else(|| bsn::mask(tf.value()))
        } else {
            format!("{prefix}{value}")
        };
        let mut spans = vec![
            Span::styled(label.clone(), if focused(f) { theme.selected() } else { theme.label() }),
            Span::raw(shown),
        ];
        if f == Field::Geboortejaar {
            if let Some(age) = cs.contact.client.leeftijd(state.now.date()) {
                spans.push(Span::styled(format!("  ({age} jaar)"), theme.dim()));
            }
        }
        // An error that does not fit beside the value goes on the lines under it, whole.
        let mut onder: Vec<Line> = Vec::new();
        if let Some(e) = cs.error(f) {
            let naast = format!("  ✗ {e}");
            let breed: usize = spans.iter().map(|s| text_field::width(&s.content)).sum();
            if breed + text_field::width(&naast) <= w {
                spans.push(Span::styled(naast, theme.alert()));
            } else {
                for r in crate::keymap::help::wrap(&format!("✗ {e}"), w.saturating_sub(2).max(1)) {
                    onder.push(Line::from(Span::styled(format!("  {r}"), theme.alert())));
                }
            }
        }
        // A known gemeente or place completing what was typed, taken with Right at the end.
        let voorstel = if focused(f) { cs.voorstel(f) } else { None };
        if let Some(v) = voorstel {
            let rest: String = v.chars().skip(tf.value().chars().count()).collect();
            let lead = if loket_domain::plaatsen::sleutel(v).starts_with(&loket_domain::plaatsen::sleutel(tf.value()))
                && v.to_lowercase().starts_with(&tf.value().to_lowercase())
            {
                rest
            } else {
                format!(" → {v}")
            };
            let k = state.keymap.key_for(Context::Contact, Action::CursorRight).unwrap_or_default();
            spans.push(Span::styled(format!("{lead}  ({k})"), theme.dim()));
        } else if let Some(wn) = cs.waarschuwing(f) {
            let naast = format!("  ⚠ {wn}");
            let breed: usize = spans.iter().map(|s| text_field::width(&s.content)).sum();
            if breed + text_field::width(&naast) <= w {
                spans.push(Span::styled(naast, theme.warning()));
            } else {
                for r in crate::keymap::help::wrap(&format!("⚠ {wn}"), w.saturating_sub(2).max(1)) {
                    onder.push(Line::from(Span::styled(format!("  {r}"), theme.warning())));
                }
            }
        }
        if focused(f) {
            cursor = Some(((text_field::width(&label) + text_field::width(&prefix) + col) as u16, lines.len() as u16));
        }
        lines.push(Line::from(spans));
        lines.extend(onder);
    }
    let leeg: Vec<String> =
        client_fields.iter().filter(|f| compact && is_empty(**f)).map(|f| f.label().to_lowercase()).collect();
    if !leeg.is_empty() {
        let tab = state.key_hint(Context::Contact, Action::NextField);
        let mut s = format!("leeg{tab}: {}", leeg.join(", "));
        if s.chars().count() > w {
            s = s.chars().take(w.saturating_sub(1)).collect::<String>() + "…";
        }
        lines.push(Line::from(Span::styled(s, theme.dim())));
    }
    if let Some(last) = earlier.first() {
        let v: String = last.vraag.chars().take(18).collect();
        lines.push(Line::from(Span::styled(
            format!("↺ eerder {}×, {}: \"{v}\"", earlier.len(), last.start.format("%d-%m")),
            theme.stale(),
        )));
    }
    let check = |b: bool| if b { "[x]" } else { "[ ]" };
    lines.push(Line::from(vec![
        Span::raw(format!("{} gewezen op cliëntonderst. ", check(cs.contact.gewezen_op_clientondersteuning))),
        Span::styled(format!("({})", key(state, Action::GewezenOco)), theme.dim()),
    ]));
    lines.push(Line::from(vec![
        Span::raw(format!("{} ook mantelzorger gewezen ", check(cs.contact.mantelzorger_gewezen))),
        Span::styled(format!("({})", key(state, Action::GewezenOcoMantelzorger)), theme.dim()),
    ]));
    if cs.contact.links.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("Gekoppeld: — ({}, {})", key(state, Action::LinkInformatie), key(state, Action::LinkVerwezen)),
            theme.dim(),
        )));
    }
    for l in &cs.contact.links {
        let mark = if l.soort == LinkSoort::InformatieGegeven { "ℹ info: " } else { "→ verwezen: " };
        lines.push(Line::from(vec![Span::styled(mark, theme.label()), Span::raw(l.naam.clone())]));
    }
    // The case handed off from this contact: its appointment can be moved or cancelled here.
    if let Some(case) = state.backoffice.cases.iter().find(|c| c.contact_id == cs.contact.id) {
        let wat = match &case.afspraak {
            Some(a) => format!("afspraak {}", super::kort(a.start)),
            None => "geen afspraak (afgezegd)".to_string(),
        };
        lines.push(Line::from(vec![Span::styled(format!("Dossier {}: ", case.id), theme.label()), Span::raw(wat)]));
        // the desk sees only that a plan exists and whom to call
        if let Some(p) = state.plan.plannen.iter().find(|p| p.dossier_id == case.id) {
            lines.push(Line::from(format!("  {}", crate::app::plan::voor_balie(p))));
        }
        lines.push(Line::from(Span::styled(
            format!(
                "  {} verzetten · {} afzeggen",
                key(state, Action::Reschedule),
                key(state, Action::CancelAppointment)
            ),
            theme.dim(),
        )));
    }
    if let Some(b) = &cs.contact.besluit {
        let mut s = format!("Triage: {}", b.uitkomst.label());
        if b.uitkomst != b.suggestie {
            s.push_str(&format!(" (suggestie was {}; reden: {})", b.suggestie.label(), b.reden_afwijking));
        }
        lines.push(Line::from(Span::styled(s, theme.label())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let (Some((x, y)), None) = (cursor, &state.overlay) {
        if y < inner.height {
            frame.set_cursor_position((inner.x + x.min(inner.width.saturating_sub(1)), inner.y + y));
        }
    }
}

fn short_domein(d: Levensdomein) -> &'static str {
    match d {
        Levensdomein::Wonen => "wonen",
        Levensdomein::Zorg => "zorg",
        Levensdomein::Welzijn => "welzijn",
        Levensdomein::Financien => "geld",
        Levensdomein::WerkInkomen => "werk",
        Levensdomein::OpvoedingJeugd => "jeugd",
        Levensdomein::Veiligheid => "veilig",
        Levensdomein::Vervoer => "vervoer",
        Levensdomein::Mantelzorg => "mantelz",
    }
}

fn draw_search(frame: &mut Frame, area: Rect, state: &State, cs: &ContactState, theme: &Theme) {
    let [sbox, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(0)]).areas(area);
    let title = format!(" Sociale kaart ({}) ", key(state, Action::FocusSearch));
    let style = if cs.focus == Focus::Search { theme.selected() } else { theme.title() };
    let count = format!(" {} ", cs.search.results.total);
    let block = Block::bordered().title(Span::styled(title, style)).title_top(Line::from(count).right_aligned());
    let inner = block.inner(sbox);
    frame.render_widget(Paragraph::new(cs.search.query.value().to_string()).block(block), sbox);
    if cs.focus == Focus::Search && state.overlay.is_none() {
        frame.set_cursor_position((
            inner.x + (cs.search.query.cursor_width() as u16).min(inner.width.saturating_sub(1)),
            inner.y,
        ));
    }
    let block = Block::bordered();
    // The chosen entry in full, in place of the list (Enter or the details key).
    if cs.details && cs.focus == Focus::Search {
        if let (Some(cat), Some(hit)) = (state.catalog.as_deref(), cs.search.results.hits.get(cs.search.selected)) {
            let e = cat.entry(cat.doc(hit.doc));
            let lines = super::kaart::detail_lines(&e, state, theme);
            let hint = format!(
                " {} info · {} verwezen · {} terug ",
                key(state, Action::LinkInformatie),
                key(state, Action::LinkVerwezen),
                key(state, Action::Cancel)
            );
            let block = Block::bordered().title(Span::styled(" Details ", theme.title())).title_bottom(hint);
            frame.render_widget(
                Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).scroll((cs.search.detail_scroll, 0)),
                list,
            );
            return;
        }
    }
    let Some(cat) = state.catalog.as_deref() else {
        frame.render_widget(Paragraph::new("Sociale kaart laden…").block(block), list);
        return;
    };
    let profile = cs.profile(state.now.date());
    let h = block.inner(list).height as usize;
    let wdt = block.inner(list).width as usize;
    let sel = cs.search.selected;
    let offset = super::scroll_offset(sel, h);
    let visible: Vec<u32> = cs.search.results.hits.iter().skip(offset).take(h).map(|hit| hit.doc).collect();
    cat.prefetch(&visible);
    let items: Vec<ListItem> = cs
        .search
        .results
        .hits
        .iter()
        .skip(offset)
        .take(h)
        .map(|hit| {
            let e = cat.entry(cat.doc(hit.doc));
            let linked = cs.contact.links.iter().find(|l| l.entry_id == e.id()).map(|l| l.soort);
            let mark = match linked {
                Some(LinkSoort::InformatieGegeven) => "ℹ ",
                Some(LinkSoort::VerwezenNaar) => "→ ",
                None if e.is_regeling() => "§ ",
                None => "  ",
            };
            let mism = if profile.is_empty() {
                Vec::new()
            } else {
                eligibility::check(&profile, e.leeftijd(), e.werkgebied(), e.doelgroepen())
            };
            let tag = if mism.is_empty() {
                String::new()
            } else {
                format!(" ✗ {}", mism.iter().map(|m| m.short()).collect::<Vec<_>>().join(", "))
            };
            let room = wdt.saturating_sub(2 + tag.chars().count());
            let mut name: String = e.naam().chars().take(room).collect();
            if e.naam().chars().count() > room && room > 1 {
                name.pop();
                name.push('…');
            }
            let name_style = if mism.is_empty() { ratatui::style::Style::new() } else { theme.dim() };
            ListItem::new(Line::from(vec![
                Span::raw(mark),
                Span::styled(name, name_style),
                Span::styled(tag, theme.alert()),
            ]))
        })
        .collect();
    // Whole hints that fit the pane (the details key is also Enter, and in the help).
    let mut hint = String::new();
    for part in [
        format!("{} info", key(state, Action::LinkInformatie)),
        format!("{} verwezen", key(state, Action::LinkVerwezen)),
        format!("{} details", key(state, Action::Details)),
    ] {
        let next = if hint.is_empty() { format!(" {part} ") } else { format!("{}· {part} ", hint) };
        if text_field::width(&next) + 2 > list.width as usize {
            break;
        }
        hint = next;
    }
    let list_w = List::new(items).block(block.title_bottom(hint)).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected((!cs.search.results.hits.is_empty()).then_some(sel - offset));
    frame.render_stateful_widget(list_w, list, &mut ls);
}

fn tkey(state: &State, a: Action) -> String {
    state.keymap.key_for(Context::Triage, a).unwrap_or_default()
}

fn draw_triage(frame: &mut Frame, area: Rect, state: &State, cs: &ContactState, theme: &Theme) {
    let advies = cs.contact.triage();
    let mut l: Vec<Line> = Vec::new();
    let sugg_style = if advies.uitkomst == Uitkomst::Complex { theme.warning() } else { theme.open() };
    l.push(Line::from(vec![
        Span::styled("Suggestie: ", theme.label()),
        Span::styled(format!(" {} ", advies.uitkomst.label().to_uppercase()), sugg_style),
    ]));
    if advies.redenen.is_empty() {
        l.push(Line::from(Span::styled(" · één vraag, nu te beantwoorden", theme.dim())));
    }
    for r in &advies.redenen {
        l.push(Line::from(format!(" · {}", r.label())));
    }
    if advies.redenen.contains(&Reden::MantelzorgerOverbelast) {
        // a referral already made to support for carers (looked up by id: the whole map is
        // never walked while drawing)
        let gekoppeld = state.catalog.as_deref().and_then(|cat| {
            cs.contact.links.iter().find(|l| {
                l.soort == loket_domain::contact::LinkSoort::VerwezenNaar
                    && cat.find(&l.entry_id).is_some_and(|r| {
                        cat.entry(r).doelgroepen().contains(&loket_domain::kaart::Doelgroep::Mantelzorgers)
                    })
            })
        });
        let t = match gekoppeld {
            Some(s) => format!("   → verwezen: {}", s.naam),
            None => format!("   {}: verwijs naar het mantelzorgsteunpunt", tkey(state, Action::LinkVerwezen)),
        };
        l.push(Line::from(Span::styled(t, theme.dim())));
    }
    // (While the crisis panel is up, the lines are in it, above this panel.)
    if advies.crisis && cs.crisis_open().is_empty() {
        l.push(Line::from(Span::styled("CRISIS — verwijs direct:", theme.error())));
        for (nr, wat) in CRISISLIJNEN {
            l.push(Line::from(vec![Span::styled(format!(" {nr:<14}"), theme.alert()), Span::raw(*wat)]));
        }
    }
    l.push(Line::from(Span::styled("Checklist (toets aan/uit):", theme.label())));
    let k = &cs.contact.checklist;
    let items = [
        (k.meerdere_vragen, Reden::MeerdereVragen),
        (k.indicatie_nodig, Reden::IndicatieNodig),
        (k.niet_zelfredzaam, Reden::NietZelfredzaam),
        (k.meer_tijd_nodig, Reden::MeerTijdNodig),
        (k.urgent, Reden::Urgent),
        (k.gevaar, Reden::Gevaar),
        (k.mantelzorger_overbelast, Reden::MantelzorgerOverbelast),
    ];
    for (i, (on, r)) in items.iter().enumerate() {
        let k = Action::choose(i + 1).and_then(|a| state.keymap.key_for(Context::Triage, a)).unwrap_or_default();
        l.push(Line::from(format!(" {k} [{}] {}", if *on { "x" } else { " " }, r.short())));
    }
    // The decision in the title and the keys on the bottom border: the checklist keeps its
    // rows on a small screen.
    let besluit = match &cs.contact.besluit {
        Some(b) => format!(" Triage · besluit: {} ", b.uitkomst.label()),
        None => " Triage · besluit: nog niet genomen ".into(),
    };
    let km = &state.keymap;
    let confirm = km.key_for(Context::Triage, Action::Confirm).unwrap_or_default();
    let other = km.key_for(Context::Triage, Action::OverrideTriage).unwrap_or_default();
    let block = Block::bordered()
        .title(Span::styled(besluit, theme.selected()))
        .title_bottom(Span::styled(format!(" {confirm}: overnemen · {other}: anders "), theme.dim()));
    frame.render_widget(Paragraph::new(l).wrap(Wrap { trim: false }).block(block), area);
}

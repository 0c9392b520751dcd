//! Drawing: `draw(frame, &State)`; one file per screen or overlay. Pure: reads state only.

pub mod aanmelden;
pub mod beheer;
pub mod beheer_form;
pub mod beschikbaarheid;
pub mod contact;
pub mod contact_list;
pub mod dialog;
pub mod handoff;
pub mod help;
pub mod kaart;
pub mod picker;
pub mod plan;
pub mod queue;
pub mod rapport;
pub mod theme;
pub mod woordenlijst;

use chrono::{Datelike, Timelike};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{Action, Level, Overlay, Screen, State};
use theme::Theme;

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

const WEEKDAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const MONTHS: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/// Draw the screen. Nothing is read from the store here: a map record not read yet is drawn as
/// the snapshot knows it and noted ([`loket_catalog::bron::gemist`]), to be read beside the screen.
pub fn draw(frame: &mut Frame, state: &State) {
    loket_catalog::bron::zonder_ophalen(|| draw_in(frame, state))
}

fn draw_in(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let theme = Theme::new(state.color);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let mut msg = format!(
            "Het venster is te klein ({}×{}). loket heeft minstens {}×{} nodig: maak het venster groter.",
            area.width, area.height, MIN_WIDTH, MIN_HEIGHT
        );
        if state.genegeerd > 0 {
            msg.push_str(&format!(
                " Wat u nu typt wordt niet verwerkt ({} {} genegeerd).",
                state.genegeerd,
                if state.genegeerd == 1 { "toets" } else { "toetsen" }
            ));
        }
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    // A long message gets the rows it needs (up to three): a warning is never cut off.
    let status_h = match &state.status {
        Some((_, text)) => {
            crate::keymap::help::wrap(text, (area.width as usize).saturating_sub(1)).len().clamp(1, 3) as u16
        }
        None => 1,
    };
    // An embedded store without accounts: a second header row says that anyone here sees everything.
    let header_h = if state.onbeveiligd { 2 } else { 1 };
    let [header, body, status] =
        Layout::vertical([Constraint::Length(header_h), Constraint::Min(0), Constraint::Length(status_h)]).areas(area);
    draw_header(frame, header, state, &theme);
    if let Some(f) = &state.aanmelden {
        // signing in, or locked: nothing personal is drawn (no screen, no dialog, no message)
        aanmelden::draw(frame, body, state, f, &theme);
        frame.render_widget(Clear, status);
        return;
    }
    match state.screen {
        Screen::Kaart => kaart::draw(frame, body, state, &theme),
        Screen::Contact => contact::draw(frame, body, state, &theme),
        Screen::ContactList => contact_list::draw(frame, body, state, &theme),
        Screen::Handoff => handoff::draw(frame, body, state, &theme),
        Screen::Queue => queue::draw(frame, body, state, &theme),
        Screen::Beschikbaarheid => beschikbaarheid::draw(frame, body, state, &theme),
        Screen::Woordenlijst => woordenlijst::draw(frame, body, state, &theme),
        Screen::Beheer => beheer::draw(frame, body, state, &theme),
        Screen::Bewerken => beheer_form::draw(frame, body, state, &theme),
        Screen::Rapport => rapport::draw(frame, body, state, &theme),
        Screen::Plan => plan::draw(frame, body, state, &theme),
        Screen::Opvolgen => plan::draw_werklijst(frame, body, state, &theme),
    }
    draw_status(frame, status, state, &theme);
    match &state.overlay {
        Some(Overlay::Help { context, scroll }) => help::draw(frame, body, state, *context, *scroll, &theme),
        Some(Overlay::Picker(p)) => picker::draw(frame, body, state, p, &theme),
        Some(Overlay::Prompt { kind, field, error }) => {
            dialog::draw_prompt(frame, body, state, *kind, field, error.as_deref(), &theme)
        }
        Some(Overlay::Confirm(kind)) => dialog::draw_confirm(frame, body, state, *kind, &theme),
        None => {}
    }
}

/// "ma 23 nov 11:15": a moment short enough for a header or a list column.
pub fn kort(t: chrono::NaiveDateTime) -> String {
    format!(
        "{} {} {} {:02}:{:02}",
        WEEKDAYS[t.weekday().num_days_from_monday() as usize],
        t.day(),
        MONTHS[t.month0() as usize],
        t.hour(),
        t.minute()
    )
}

fn draw_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let area = if state.onbeveiligd {
        let [top, warn] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
        let long =
            " Let op: geen accounts. Iedereen met toegang tot deze computer ziet alles (loket account toevoegen).";
        // at 80 columns the short form, so the command to fix it is never cut off
        let short = " Let op: geen accounts; iedereen hier ziet alles (loket account toevoegen).";
        let text = if long.chars().count() <= warn.width as usize { long } else { short };
        frame.render_widget(Paragraph::new(text).style(theme.warning()), warn);
        top
    } else {
        area
    };
    let clock = format!(" {} ", kort(state.now));
    let title = match state.screen {
        Screen::Kaart => "Sociale kaart",
        Screen::Contact => "Contact",
        Screen::ContactList => "Contactenlijst",
        Screen::Handoff => "Overdracht naar de backoffice",
        Screen::Queue => "Wachtrij backoffice",
        Screen::Beschikbaarheid => "Beschikbaarheid cliëntondersteuners",
        Screen::Woordenlijst => "Woordenlijsten",
        Screen::Beheer => "Beheer sociale kaart",
        Screen::Bewerken => "Regel bewerken",
        Screen::Rapport => "Rapport",
        Screen::Plan => "Leefplan",
        Screen::Opvolgen => "Opvolgen",
    };
    let title = match &state.aanmelden {
        Some(f) if f.vergrendeld => "Vergrendeld",
        Some(_) => "Aanmelden",
        None => title,
    };
    // who is signed in, and as what
    let wie = match &state.account {
        Some(a) if state.aanmelden.is_none() => format!(" · {} ({})", a.naam, a.rol.label()),
        _ => String::new(),
    };
    let open = match &state.contact {
        Some(_) if state.aanmelden.is_some() => String::new(),
        Some(cs) if state.screen != Screen::Contact && cs.contact.status == loket_domain::contact::Status::Concept => {
            format!(" · contact {} open{}", cs.contact.id, state.key_hint(state.context(), Action::NewContact))
        }
        _ => String::new(),
    };
    if let Some(why) = &state.alleen_lezen {
        // read-only on the local snapshot: said on every screen, in the alert colour
        let text = format!(" ALLEEN-LEZEN · {why}");
        let pad = (area.width as usize).saturating_sub(text.chars().count() + clock.chars().count());
        let line = Line::from(vec![Span::raw(text), Span::raw(" ".repeat(pad)), Span::raw(clock)]);
        frame.render_widget(Paragraph::new(line).style(theme.error()), area);
        return;
    }
    let left = format!(" loket · {title}{wie}{open}");
    let pad = (area.width as usize).saturating_sub(left.chars().count() + clock.chars().count());
    let line = Line::from(vec![Span::raw(left), Span::raw(" ".repeat(pad)), Span::raw(clock)]);
    frame.render_widget(Paragraph::new(line).style(theme.bar()), area);
}

fn draw_status(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    frame.render_widget(Clear, area);
    if let Some((level, text)) = &state.status {
        let style = match level {
            Level::Info => theme.info(),
            Level::Warning => theme.warning(),
            Level::Error => theme.error(),
        };
        let rows: Vec<Line> = crate::keymap::help::wrap(text, (area.width as usize).saturating_sub(1))
            .into_iter()
            .map(|r| Line::from(format!(" {r}")))
            .collect();
        frame.render_widget(Paragraph::new(rows).style(style), area);
        return;
    }
    let ctx = state.context();
    let wanted: &[Action] = match (&state.overlay, state.screen) {
        (Some(_), _) => &[Action::Confirm, Action::Cancel],
        (None, Screen::Kaart) => &[
            Action::Help,
            Action::NewContact,
            Action::FilterWet,
            Action::FilterGemeente,
            Action::ContactList,
            Action::Quit,
        ],
        (None, Screen::Contact) => &[
            Action::Help,
            Action::FocusSearch,
            Action::LinkInformatie,
            Action::Triage,
            Action::Handoff,
            Action::CloseContact,
            Action::GoKaart,
        ],
        (None, Screen::ContactList) => {
            &[Action::Help, Action::Confirm, Action::CallbackDone, Action::NewContact, Action::GoKaart]
        }
        (None, Screen::Handoff) => {
            &[Action::Help, Action::ConsentYes, Action::ConsentNo, Action::Confirm, Action::Cancel]
        }
        (None, Screen::Queue) => {
            &[Action::Help, Action::AdvanceStep, Action::AddNote, Action::AddSignaal, Action::GoKaart]
        }
        (None, Screen::Beschikbaarheid) if state.beschik.bewerking.is_none() => {
            &[Action::Help, Action::Confirm, Action::GoKaart]
        }
        (None, Screen::Beschikbaarheid | Screen::Woordenlijst) => &[Action::Help, Action::Opslaan, Action::GoKaart],
        (None, Screen::Beheer) => &[Action::Help, Action::BeheerKlopt, Action::BeheerWijzig, Action::GoKaart],
        (None, Screen::Bewerken) => &[Action::Help, Action::BeheerOpslaan, Action::Cancel],
        (None, Screen::Rapport) => &[Action::Help, Action::GoKaart, Action::Quit],
        (None, Screen::Plan) => &[Action::Help, Action::Cancel, Action::Queue, Action::Quit],
        (None, Screen::Opvolgen) => &[Action::Help, Action::Cancel, Action::GoKaart, Action::Quit],
    };
    // Only whole hints: what does not fit is in the help screen. When not all fit, the ones
    // that matter most (help, quitting, handing off, closing) are kept, in their usual order.
    // a question (quit, cancel an appointment…) is answered yes or no: "j = ja · n = nee"
    let vraag = matches!(state.overlay, Some(Overlay::Confirm(_)));
    let label = |a: Action| match (vraag, a) {
        (true, Action::Confirm) => " = ja · ".to_string(),
        (true, Action::Cancel) => " = nee  ".to_string(),
        _ => format!(" {}  ", short(a)),
    };
    let hints: Vec<(Action, String, String)> =
        wanted.iter().filter_map(|a| state.keymap.key_for(ctx, *a).map(|k| (*a, k, label(*a)))).collect();
    let len = |(_, k, label): &(Action, String, String)| k.chars().count() + label.chars().count();
    let mut order: Vec<usize> = (0..hints.len()).collect();
    order.sort_by_key(|&i| (voorrang(hints[i].0), i));
    let mut keep = vec![false; hints.len()];
    let mut used = 1;
    for i in order {
        if used + len(&hints[i]) <= area.width as usize {
            used += len(&hints[i]);
            keep[i] = true;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, (_, k, label)) in hints.into_iter().enumerate() {
        if keep[i] {
            spans.push(Span::styled(k, theme.key()));
            spans.push(Span::raw(label));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.bar()), area);
}

/// Which footer hints stay when not all fit (lower first).
fn voorrang(a: Action) -> u8 {
    match a {
        Action::Help => 0,
        Action::Quit | Action::Handoff | Action::CloseContact => 1,
        Action::Confirm | Action::Cancel | Action::ConsentYes | Action::ConsentNo => 2,
        Action::Triage | Action::NewContact | Action::ContactList => 3,
        _ => 4,
    }
}

fn short(a: Action) -> &'static str {
    match a {
        Action::Help => "hulp",
        Action::FilterWet => "wet",
        Action::FilterGemeente => "gemeente",
        Action::ClearFilters => "filters uit",
        Action::Quit => "afsluiten",
        Action::Confirm => "kiezen",
        Action::Cancel => "sluiten",
        Action::NewContact => "nieuw contact",
        Action::ContactList => "contacten",
        Action::FocusSearch => "zoek kaart",
        Action::LinkInformatie => "info gegeven",
        Action::Triage => "triage",
        Action::CloseContact => "afsluiten contact",
        Action::GoKaart => "kaart",
        Action::BeheerKlopt => "klopt",
        Action::BeheerWijzig => "wijzig",
        Action::BeheerOpslaan => "opslaan",
        Action::CallbackDone => "teruggebeld",
        Action::Handoff => "overdracht",
        Action::ConsentYes => "toestemming",
        Action::ConsentNo => "anoniem",
        Action::AdvanceStep => "volgende stap",
        Action::AddNote => "notitie",
        Action::AddSignaal => "signaal",
        Action::Opslaan => "opslaan",
        _ => a.description(),
    }
}

/// Two keys as one hint: "PgDn/PgUp", "pijl omlaag/omhoog" (the arrows named once).
pub fn key_pair(a: &str, b: &str) -> String {
    // The longest common start that ends in a space ("pijl ", "shift-pijl ") is said once.
    let common = a.char_indices().zip(b.chars()).take_while(|((_, x), y)| x == y).map(|((i, x), _)| i + x.len_utf8());
    let cut = common.filter(|&i| a[..i].ends_with(' ')).last().unwrap_or(0);
    format!("{a}/{}", &b[cut..])
}

/// The first row to show so that row `selected` is visible in a list `height` rows high.
/// Whole hints ("k gebeld, klopt"), joined with " · " on as many rows of `width` as they need:
/// none is cut off at 80 columns.
pub fn hint_rows(hints: Vec<String>, width: usize) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for h in hints {
        match rows.last_mut() {
            Some(r) if r.chars().count() + 3 + h.chars().count() <= width => {
                r.push_str(" · ");
                r.push_str(&h);
            }
            _ => rows.push(h),
        }
    }
    rows
}

pub fn scroll_offset(selected: usize, height: usize) -> usize {
    (selected + 1).saturating_sub(height.max(1))
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

//! The sociale kaart screen: search box, filter chips, results list and detail pane.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::{Action, State};
use crate::keymap::Context;
use loket_catalog::Entry;
use loket_domain::kaart::verification_stale;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [search, chips, main] =
        Layout::vertical([Constraint::Length(3), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    draw_search(frame, search, state, theme);
    draw_chips(frame, chips, state, theme);
    let [list, detail] = Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)]).areas(main);
    draw_results(frame, list, state, theme);
    draw_detail(frame, detail, state, theme);
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn draw_search(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let k = &state.kaart;
    let count = match (&state.catalog, state.loading) {
        (None, _) if state.snapshot.is_some() && state.alleen_lezen.is_some() => {
            format!(" {} gevonden · alleen de zoekindex ", thousands(k.results.total))
        }
        (None, _) if state.snapshot.is_some() => format!(" {} gevonden · kaart laden… ", thousands(k.results.total)),
        (None, Some((done, total))) if total > 0 => format!(" laden… {} van {} ", thousands(done), thousands(total)),
        (None, _) => " laden… ".to_string(),
        (Some(_), _) => {
            let shown = k.results.hits.len();
            let mut c = if k.results.total > shown {
                format!(" {} van {} ", thousands(shown), thousands(k.results.total))
            } else {
                format!(" {} gevonden ", thousands(k.results.total))
            };
            if k.results.partial {
                c.push_str("· niet alle woorden gevonden ");
            }
            c
        }
    };
    let block =
        Block::bordered().title(Span::styled(" Zoeken ", theme.title())).title_top(Line::from(count).right_aligned());
    let inner = block.inner(area);
    let text = if k.query.is_empty() {
        Line::from(Span::styled("typ om te zoeken: naam, soort hulp, doelgroep, gemeente, wijk…", theme.dim()))
    } else {
        Line::from(k.query.value().to_string())
    };
    frame.render_widget(Paragraph::new(text).block(block), area);
    if state.overlay.is_none() {
        let x = inner.x + (k.query.cursor_width() as u16).min(inner.width.saturating_sub(1));
        frame.set_cursor_position((x, inner.y));
    }
}

fn draw_chips(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let f = &state.kaart.filters;
    let mut chips: Vec<String> = Vec::new();
    if let Some(w) = f.wet {
        chips.push(format!("wet: {}", w.label()));
    }
    if let Some(t) = f.toegang {
        chips.push(format!("toegang: {}", t.short()));
    }
    if let Some(g) = &f.gemeente {
        chips.push(format!("gemeente: {g}"));
    }
    if let Some(w) = &f.wijk {
        chips.push(format!("wijk: {w}"));
    }
    if let Some(d) = f.doelgroep {
        chips.push(format!("doelgroep: {}", d.label()));
    }
    let mut spans = vec![Span::raw(" Filter: ")];
    if chips.is_empty() {
        let km = &state.keymap;
        let hint = |a: Action, label: &str| km.key_for(Context::Kaart, a).map(|k| format!("{k} {label}"));
        let hints: Vec<String> = [
            hint(Action::FilterWet, "wet"),
            hint(Action::FilterToegang, "toegang"),
            hint(Action::FilterGemeente, "gemeente"),
            hint(Action::FilterWijk, "wijk"),
            hint(Action::FilterDoelgroep, "doelgroep"),
        ]
        .into_iter()
        .flatten()
        .collect();
        spans.push(Span::styled(hints.join("  "), theme.dim()));
    } else {
        for c in chips {
            spans.push(Span::styled(format!(" {c} "), theme.chip()));
            spans.push(Span::raw(" "));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn place_of(e: &Entry<'_>) -> String {
    match e {
        Entry::Voorziening(v, _) => v
            .locaties
            .first()
            .map(|l| if l.wijk.is_empty() { l.gemeente.clone() } else { l.wijk.clone() })
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| v.werkgebied.gemeenten.first().cloned().unwrap_or_else(|| "landelijk".into())),
        Entry::Regeling(r, _) => r.werkgebied.gemeenten.first().cloned().unwrap_or_else(|| "landelijk".into()),
    }
}

/// Cut `s` to `w` characters, ending in "…" when it was longer.
pub(super) fn cut(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        return s.to_string();
    }
    let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
    if w > 0 {
        out.push('…');
    }
    out
}

/// The name cut to `w` characters so that the part where it differs from the names it shares
/// its first `common` characters with stays visible: "Gehand…keerkaart", "Gehand…keerplaats…".
fn cut_keeping_difference(name: &str, common: usize, w: usize) -> String {
    let chars: Vec<char> = name.chars().collect();
    let head = (w / 3).max(3);
    let from = common.saturating_sub(4);
    if chars.len() <= w || from <= head || w < head + 4 {
        return cut(name, w);
    }
    let mut out: String = chars[..head].iter().collect();
    out.push('…');
    let tail: String = chars[from..].iter().collect();
    out.push_str(&cut(&tail, w - head - 1));
    out
}

/// Other places to tell look-alike rows apart by: the organisation, the first location (wijk and
/// place), the werkgebied.
fn other_places(e: &Entry<'_>) -> [String; 3] {
    let org = e.organisatie().map(|o| o.naam.clone()).unwrap_or_default();
    let loc = match e {
        Entry::Voorziening(v, _) => v
            .locaties
            .first()
            .map(|l| {
                [l.wijk.as_str(), l.adres.plaats.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default(),
        Entry::Regeling(..) => String::new(),
    };
    [org, loc, e.werkgebied().describe()]
}

/// The name and place shown for each visible row. Rows that would read the same (two
/// "§ Gehandicaptenparke…  Groningen") are told apart: by the part of the name where they
/// differ, or, when the names are the same, by the organisation or location that differs.
fn row_labels(entries: &[Entry<'_>], inner_w: usize) -> Vec<(String, String)> {
    let label = |e: &Entry<'_>, place: String| {
        let name_w = inner_w.saturating_sub(place.chars().count() + 4);
        (cut(e.naam(), name_w), place)
    };
    let mut rows: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            let mut place = place_of(e);
            if e.naam().to_lowercase().contains(&place.to_lowercase()) {
                place.clear();
            }
            label(e, place)
        })
        .collect();
    let key = |i: usize, rows: &[(String, String)]| (entries[i].is_regeling(), rows[i].clone());
    let mut done = vec![false; entries.len()];
    for i in 0..entries.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..entries.len()).filter(|&j| key(j, &rows) == key(i, &rows)).collect();
        for &j in &group {
            done[j] = true;
        }
        if group.len() < 2 {
            continue;
        }
        let names: Vec<&str> = group.iter().map(|&j| entries[j].naam()).collect();
        let all_same_name = names.iter().all(|n| *n == names[0]);
        if !all_same_name {
            let common = group
                .iter()
                .flat_map(|&a| group.iter().map(move |&b| (a, b)))
                .filter(|(a, b)| a < b && entries[*a].naam() != entries[*b].naam())
                .map(|(a, b)| {
                    entries[a].naam().chars().zip(entries[b].naam().chars()).take_while(|(x, y)| x == y).count()
                })
                .max()
                .unwrap_or(0);
            for &j in &group {
                let place = rows[j].1.clone();
                let name_w = inner_w.saturating_sub(place.chars().count() + 4);
                rows[j].0 = cut_keeping_difference(entries[j].naam(), common, name_w);
            }
        }
        // Still alike (same names, or no room): show the organisation or location that differs.
        let still: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&j| group.iter().any(|&o| o != j && key(o, &rows) == key(j, &rows)))
            .collect();
        if still.len() < 2 {
            continue;
        }
        let alts: Vec<[String; 3]> = still.iter().map(|&j| other_places(&entries[j])).collect();
        if let Some(a) = (0..3).find(|&a| {
            let vals: Vec<&String> = alts.iter().map(|x| &x[a]).collect();
            vals.iter().all(|v| !v.is_empty()) && (1..vals.len()).all(|m| !vals[..m].contains(&vals[m]))
        }) {
            for (n, &j) in still.iter().enumerate() {
                let place = cut(&alts[n][a], inner_w / 2);
                rows[j] = label(&entries[j], place);
            }
        }
    }
    rows
}

fn draw_results(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::bordered().title(Span::styled(" Resultaten ", theme.title()));
    if let (None, Some(snap)) = (state.catalog.as_deref(), state.snapshot.as_deref()) {
        draw_snapshot_rows(frame, area, state, snap, block, theme);
        return;
    }
    let Some(cat) = state.catalog.as_deref() else {
        let msg = match state.loading {
            Some((d, t)) if t > 0 => format!("Sociale kaart laden… {} van {}", thousands(d), thousands(t)),
            _ => "Sociale kaart laden…".into(),
        };
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    };
    let k = &state.kaart;
    if k.results.hits.is_empty() {
        let msg = if cat.is_empty() {
            "De sociale kaart is leeg. Importeer gegevens met: loket import PAD".to_string()
        } else if k.filters.is_empty() {
            "Niets gevonden. Probeer minder of kortere woorden.".to_string()
        } else {
            "Niets gevonden met deze filters. Zet filters uit om breder te zoeken.".to_string()
        };
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }).block(block), area);
        return;
    }
    // Only the visible window is built (a 1M-row list is never materialised).
    let inner_h = block.inner(area).height as usize;
    let inner_w = block.inner(area).width as usize;
    let offset = super::scroll_offset(k.selected, inner_h);
    let stale_today = state.now.date();
    let visible = &k.results.hits[offset..(offset + inner_h).min(k.results.hits.len())];
    // the records of the rows on screen, asked for in one go (read beside the screen)
    cat.prefetch(&visible.iter().map(|h| h.doc).collect::<Vec<_>>());
    let entries: Vec<Entry<'_>> = visible.iter().map(|h| cat.entry(cat.doc(h.doc))).collect();
    let items: Vec<ListItem> = row_labels(&entries, inner_w)
        .into_iter()
        .zip(&entries)
        .map(|((name, place), e)| {
            let mark = if e.is_regeling() { "§ " } else { "  " };
            let stale = match e {
                Entry::Voorziening(v, _) => verification_stale(v.laatst_geverifieerd, stale_today, 12),
                Entry::Regeling(r, _) => verification_stale(r.laatst_geverifieerd, stale_today, 12),
            };
            let pad = inner_w.saturating_sub(2 + name.chars().count() + place.chars().count() + 2);
            ListItem::new(Line::from(vec![
                Span::raw(mark),
                Span::raw(name),
                Span::raw(" ".repeat(pad)),
                Span::styled(if stale { "⚠ " } else { "  " }, theme.stale()),
                Span::styled(place, theme.dim()),
            ]))
        })
        .collect();
    let list = List::new(items).block(block).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(k.selected - offset));
    frame.render_stateful_widget(list, area, &mut ls);
}

/// The most of one text that the detail pane shows: a stored value can be megabytes (an import),
/// and wrapping all of it on every keystroke would stall the screen.
pub const DETAIL_CAP: usize = 4_000;

/// `text`, cut at [`DETAIL_CAP`] characters with a note saying so.
fn capped(text: &str) -> String {
    match text.char_indices().nth(DETAIL_CAP) {
        None => text.to_string(),
        Some((i, _)) => format!("{}… (ingekort: {} tekens; volledig in de bron)", &text[..i], text.chars().count()),
    }
}

/// While the map loads: the results from the search snapshot (name and place; the details
/// and filters come with the map).
fn draw_snapshot_rows(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    snap: &loket_catalog::snapshot::Snapshot,
    block: Block<'_>,
    theme: &Theme,
) {
    let k = &state.kaart;
    if k.results.hits.is_empty() {
        let msg = if snap.is_empty() {
            "De sociale kaart is leeg."
        } else {
            "Niets gevonden. Probeer minder of kortere woorden."
        };
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }).block(block), area);
        return;
    }
    let inner_h = block.inner(area).height as usize;
    let inner_w = block.inner(area).width as usize;
    let offset = super::scroll_offset(k.selected, inner_h);
    let items: Vec<ListItem> = k.results.hits[offset..(offset + inner_h).min(k.results.hits.len())]
        .iter()
        .map(|h| {
            let r = snap.row(h.doc);
            let mark = if r.soort == loket_catalog::snapshot::Soort::Regeling { "§ " } else { "  " };
            let place = cut(r.plaats, inner_w / 2);
            let name = cut(r.naam, inner_w.saturating_sub(place.chars().count() + 5));
            let pad = inner_w.saturating_sub(2 + name.chars().count() + place.chars().count() + 2);
            ListItem::new(Line::from(vec![
                Span::raw(mark),
                Span::raw(name),
                Span::raw(" ".repeat(pad + 2)),
                Span::styled(place, theme.dim()),
            ]))
        })
        .collect();
    let list = List::new(items).block(block).highlight_style(theme.selected());
    let mut ls = ListState::default().with_selected(Some(k.selected - offset));
    frame.render_stateful_widget(list, area, &mut ls);
}

fn field<'a>(lines: &mut Vec<Line<'a>>, label: &'a str, value: String, theme: &Theme) {
    if value.trim().is_empty() {
        return;
    }
    lines.push(Line::from(vec![Span::styled(format!("{label}: "), theme.label()), Span::raw(capped(&value))]));
}

pub fn detail_lines<'a>(e: &Entry<'a>, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let mut l: Vec<Line> = Vec::new();
    let today = state.now.date();
    let org = e.organisatie().map(|o| o.naam.clone()).unwrap_or_default();
    match e {
        Entry::Voorziening(v, o) => {
            l.push(Line::from(Span::styled(capped(&v.naam), theme.title())));
            if !org.is_empty() {
                l.push(Line::from(org));
            }
            let st = v.openingstijden.status(state.now);
            let style = if st.is_open() { theme.open() } else { theme.closed() };
            l.push(Line::from(Span::styled(format!("● {}", st.describe()), style)));
            stale_line(&mut l, v.laatst_geverifieerd, today, theme);
            melding_lines(&mut l, state, e, theme);
            // an imported entry whose source gave no law or access route: "onbekend", never
            // loket's Dutch defaults
            match (v.wet_bekend(), v.toegang_bekend()) {
                (Some(w), Some(t)) => field(&mut l, "Wet", format!("{} · {}", w.label(), t.label()), theme),
                (w, t) => {
                    field(&mut l, "Wet", w.map(|w| w.label()).unwrap_or("onbekend").to_string(), theme);
                    field(&mut l, "Toegang", t.map(|t| t.label()).unwrap_or("onbekend").to_string(), theme);
                }
            }
            let mut voor: Vec<String> = v.doelgroepen.iter().map(|d| d.label().to_string()).collect();
            if !v.leeftijd.is_any() {
                voor.push(v.leeftijd.describe());
            }
            field(&mut l, "Voor", voor.join(", "), theme);
            for loc in &v.locaties {
                let mut s = loc.adres.one_line();
                if !loc.wijk.is_empty() && !s.contains(&loc.wijk) {
                    s.push_str(&format!(" ({})", loc.wijk));
                }
                if !loc.naam.is_empty() {
                    s = format!("{} — {s}", loc.naam);
                }
                field(&mut l, "Waar", s, theme);
            }
            field(&mut l, "Werkgebied", v.werkgebied.describe(), theme);
            let tel: Vec<&loket_domain::kaart::Telefoon> = if v.telefoon.is_empty() {
                o.map(|o| o.telefoon.iter().collect()).unwrap_or_default()
            } else {
                v.telefoon.iter().collect()
            };
            for t in tel {
                let s = if t.omschrijving.is_empty() {
                    t.nummer.clone()
                } else {
                    format!("{} ({})", t.nummer, t.omschrijving)
                };
                field(&mut l, "Tel", s, theme);
            }
            field(&mut l, "E-mail", v.email.clone(), theme);
            field(&mut l, "Web", v.website.clone(), theme);
            let kosten = match v.kosten_bekend() {
                Some(k) => k.describe(),
                None if v.kosten.toelichting.is_empty() => "onbekend".to_string(),
                None => v.kosten.toelichting.clone(),
            };
            field(&mut l, "Kosten", kosten, theme);
            field(&mut l, "Wachttijd", v.wachttijd.clone(), theme);
            field(&mut l, "Aanvragen", v.aanvraag.clone(), theme);
            field(&mut l, "Meenemen", v.documenten.join(", "), theme);
            field(&mut l, "Open", v.openingstijden.to_lines().join("; "), theme);
            field(&mut l, "Talen", v.talen.join(", "), theme);
            if !v.beschrijving.is_empty() {
                l.push(Line::from(""));
                l.push(Line::from(capped(&v.beschrijving)));
            }
            l.push(Line::from(""));
            field(&mut l, "Trefwoorden", v.trefwoorden.join(", "), theme);
            field(&mut l, "Taxonomie", v.taxonomie.join(", "), theme);
            contact_line(&mut l, e, theme);
            source_line(&mut l, &v.bron.soort, &v.bron.naam, v.laatst_geverifieerd, v.laatst_gewijzigd, theme);
        }
        Entry::Regeling(r, _) => {
            l.push(Line::from(vec![
                Span::styled("§ regeling  ", theme.chip()),
                Span::styled(format!(" {}", r.naam), theme.title()),
            ]));
            field(&mut l, "Wet", format!("{} {}", r.wet.label(), r.artikel), theme);
            stale_line(&mut l, r.laatst_geverifieerd, today, theme);
            melding_lines(&mut l, state, e, theme);
            field(&mut l, "Voor wie", r.voor_wie.clone(), theme);
            field(&mut l, "Toegang", r.toegang.label().to_string(), theme);
            let waar = if r.waar_aanvragen.is_empty() { org } else { r.waar_aanvragen.clone() };
            field(&mut l, "Waar aanvragen", waar, theme);
            field(&mut l, "Hoe", r.hoe_aanvragen.clone(), theme);
            if !r.wat_zeggen.is_empty() {
                l.push(Line::from(vec![
                    Span::styled("Zeg: ", theme.label()),
                    Span::styled(capped(&r.wat_zeggen), theme.script()),
                ]));
            }
            field(&mut l, "Meegeven", r.meegeven.clone(), theme);
            field(&mut l, "Meenemen", r.documenten.join(", "), theme);
            field(&mut l, "Kosten", r.kosten.describe(), theme);
            field(&mut l, "Werkgebied", r.werkgebied.describe(), theme);
            if !r.beschrijving.is_empty() {
                l.push(Line::from(""));
                l.push(Line::from(capped(&r.beschrijving)));
            }
            contact_line(&mut l, e, theme);
            source_line(&mut l, &r.bron.soort, &r.bron.naam, r.laatst_geverifieerd, r.laatst_gewijzigd, theme);
        }
    }
    l
}

/// The provider's contact person for the map's upkeep (a work contact, not client data).
fn contact_line(l: &mut Vec<Line<'_>>, e: &Entry<'_>, theme: &Theme) {
    let Some(cp) = e.organisatie().map(|o| &o.contactpersoon).filter(|c| !c.is_empty()) else { return };
    let mut parts = vec![cp.naam_functie()];
    parts.extend(cp.telefoon.first().map(|t| t.nummer.clone()));
    parts.retain(|p| !p.is_empty());
    field(l, "Contact kaartbeheer", parts.join(" · "), theme);
}

/// "Klopt niet" reports on the entry, for every desk until the beheerder dealt with them.
fn melding_lines(l: &mut Vec<Line<'_>>, state: &State, e: &Entry<'_>, theme: &Theme) {
    if let Some(b) = state.beheer.staten.get(&crate::app::beheer::sleutel(e)) {
        for m in loket_domain::beheer::meldingen_tekst(b) {
            l.push(Line::from(Span::styled(format!("⚑ {}", capped(&m)), theme.alert())));
        }
        if let Some(a) = &b.gearchiveerd {
            l.push(Line::from(Span::styled(
                format!("gearchiveerd {} door {}: {}", a.op.format("%d-%m-%Y"), a.door, a.reden),
                theme.dim(),
            )));
        }
    }
}

fn stale_line(l: &mut Vec<Line<'_>>, d: Option<chrono::NaiveDate>, today: chrono::NaiveDate, theme: &Theme) {
    if verification_stale(d, today, 12) {
        let when = d.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nooit".into());
        l.push(Line::from(Span::styled(
            format!("⚠ laatst geverifieerd {when}: langer dan 12 maanden geleden — controleer bij de aanbieder"),
            theme.stale(),
        )));
    }
}

fn source_line(
    l: &mut Vec<Line<'_>>,
    soort: &str,
    naam: &str,
    verified: Option<chrono::NaiveDate>,
    edited: Option<chrono::NaiveDate>,
    theme: &Theme,
) {
    let mut parts = Vec::new();
    if !soort.is_empty() {
        parts.push(if naam.is_empty() { format!("bron: {soort}") } else { format!("bron: {soort} ({naam})") });
    }
    if let Some(d) = verified {
        parts.push(format!("geverifieerd {}", d.format("%d-%m-%Y")));
    }
    if let Some(d) = edited {
        parts.push(format!("gewijzigd {}", d.format("%d-%m-%Y")));
    }
    if !parts.is_empty() {
        l.push(Line::from(Span::styled(parts.join(" · "), theme.dim())));
    }
}

fn draw_detail(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let block = Block::bordered().title(Span::styled(" Details ", theme.title()));
    let Some(cat) = state.catalog.as_deref() else {
        if state.snapshot.is_some() && !state.kaart.results.hits.is_empty() {
            let text = if state.alleen_lezen.is_some() {
                "Details zijn er niet zolang de database niet bereikbaar is (alleen-lezen: naam en plaats uit de zoekindex)."
            } else {
                "Details laden…"
            };
            frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(block), area);
        } else {
            frame.render_widget(block, area);
        }
        return;
    };
    let Some(hit) = state.kaart.results.hits.get(state.kaart.selected) else {
        frame.render_widget(block, area);
        return;
    };
    let e = cat.entry(cat.doc(hit.doc));
    let lines = detail_lines(&e, state, theme);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(block).scroll((state.kaart.detail_scroll, 0)),
        area,
    );
}

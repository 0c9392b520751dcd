//! The help screen's content, generated from the live keymap and wrapped to a width: one
//! `HelpLine` per screen row, so the overlay can scroll exactly to its last line.

use super::{Context, Keymap};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Blank,
    /// A section: the screen, `tekst` or `global`.
    Title(String),
    /// Keys (empty on a continuation row) and (part of) what they do.
    Row {
        keys: String,
        text: String,
    },
    /// Plain explanation.
    Text(String),
}

/// The help box is at most this wide (fits an 80-column terminal with room to spare).
pub const MAX_WIDTH: u16 = 78;

/// Rows of content that fit in the help box for a terminal of `w`×`h` (header and status bar
/// take one row each, the border two): (inner width, inner height).
pub fn page(w: u16, h: u16) -> (usize, usize) {
    let inner_w = w.min(MAX_WIDTH).saturating_sub(2).max(20) as usize;
    let inner_h = h.saturating_sub(4).max(1) as usize;
    (inner_w, inner_h)
}

/// Split `text` into rows of at most `width` chars, at spaces where possible.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let need = cur.chars().count() + usize::from(!cur.is_empty()) + word.chars().count();
        if need > width && !cur.is_empty() {
            rows.push(std::mem::take(&mut cur));
        }
        let mut word: String = word.to_string();
        while word.chars().count() > width {
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            rows.push(head);
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(&word);
    }
    rows.push(cur);
    rows
}

const SEARCH_HELP: &[&str] = &[
    "Typ gewoon: naam, organisatie, soort hulp, doelgroep, gemeente of wijk.",
    "Meer woorden maken de lijst kleiner: \"huish hulp gron\". Tikfouten mogen.",
    "§ = regeling. ⚠ = langer dan 12 maanden niet gecontroleerd.",
];

/// The help for `ctx`, wrapped to `width` columns.
pub fn lines(km: &Keymap, ctx: Context, width: usize) -> Vec<HelpLine> {
    let rows = km.help_rows(ctx);
    // The key column: as wide as most key names, never more than a third of the box.
    let kw = rows.iter().map(|(_, k, _)| k.chars().count()).max().unwrap_or(8).clamp(6, width / 3) + 2;
    let text_w = width.saturating_sub(kw + 2).max(10);
    let mut out = Vec::new();
    let mut last = None;
    for (layer, keys, action) in rows {
        if last != Some(layer) {
            if last.is_some() {
                out.push(HelpLine::Blank);
            }
            out.push(HelpLine::Title(layer.title().to_string()));
            last = Some(layer);
        }
        let mut text = wrap(action.description(), text_w).into_iter();
        if keys.chars().count() + 2 > kw {
            // A long list of keys gets a row of its own.
            for k in wrap(&keys, width.saturating_sub(2)) {
                out.push(HelpLine::Row { keys: k, text: String::new() });
            }
        } else {
            out.push(HelpLine::Row { keys, text: text.next().unwrap_or_default() });
        }
        out.extend(text.map(|t| HelpLine::Row { keys: String::new(), text: t }));
    }
    if ctx == Context::Kaart {
        out.push(HelpLine::Blank);
        out.push(HelpLine::Title("Zoeken".into()));
        for t in SEARCH_HELP {
            out.extend(wrap(t, width.saturating_sub(2)).into_iter().map(HelpLine::Text));
        }
    }
    out
}

/// The key column's width for rows drawn from [`lines`].
pub fn key_width(km: &Keymap, ctx: Context, width: usize) -> usize {
    km.help_rows(ctx).iter().map(|(_, k, _)| k.chars().count()).max().unwrap_or(8).clamp(6, width / 3) + 2
}

/// The furthest the help for `ctx` can scroll in a terminal of `w`×`h`.
pub fn max_scroll(km: &Keymap, ctx: Context, w: u16, h: u16) -> u16 {
    let (width, height) = page(w, h);
    lines(km, ctx, width).len().saturating_sub(height) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let rows = wrap("gewezen op onafhankelijke cliëntondersteuning (Wmo 2.3.2 lid 3)", 20);
        assert!(rows.iter().all(|r| r.chars().count() <= 20), "{rows:?}");
        assert_eq!(rows.join(" "), "gewezen op onafhankelijke cliëntondersteuning (Wmo 2.3.2 lid 3)");
    }
}

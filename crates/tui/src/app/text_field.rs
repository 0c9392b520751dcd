//! A one-line text field with a cursor, edited by grapheme (what a reader sees as one
//! character: an accented letter, a family emoji, a flag), and laid out by display width (CJK and
//! emoji take two columns). [`wrap`] lays a long text out at word boundaries; [`window`] scrolls
//! a single line sideways so the cursor stays in view.
//!
//! A kept widget was considered: ratatui-textarea 0.9 works with ratatui 0.30 and
//! wraps, but edits by `char` (one backspace leaves half a flag or a broken family emoji), and it
//! would replace this model in every prompt, search and field. This field uses the same Unicode
//! crates as ratatui itself (unicode-segmentation, unicode-width), so nothing new is compiled.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Cursor position in bytes, always on a grapheme boundary.
    cursor: usize,
}

/// Display width of `s` in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

impl TextField {
    pub fn new(s: &str) -> TextField {
        TextField { text: s.to_string(), cursor: s.len() }
    }
    pub fn value(&self) -> &str {
        &self.text
    }
    /// Cursor position in bytes (on a grapheme boundary).
    pub fn cursor_byte(&self) -> usize {
        self.cursor
    }
    /// Cursor position in graphemes from the start.
    pub fn cursor(&self) -> usize {
        self.text[..self.cursor].graphemes(true).count()
    }
    /// Columns on screen before the cursor.
    pub fn cursor_width(&self) -> usize {
        width(&self.text[..self.cursor])
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
    fn prev_boundary(&self) -> Option<usize> {
        self.text[..self.cursor].grapheme_indices(true).next_back().map(|(i, _)| i)
    }
    fn next_boundary(&self) -> Option<usize> {
        self.text[self.cursor..].graphemes(true).next().map(|g| self.cursor + g.len())
    }
    /// Keep the cursor on a grapheme boundary after an insert joined graphemes (a combining
    /// accent, a second regional indicator).
    fn snap(&mut self) {
        let mut at = 0;
        for (i, g) in self.text.grapheme_indices(true) {
            if i + g.len() > self.cursor {
                break;
            }
            at = i + g.len();
        }
        if at < self.cursor {
            // inside a grapheme: move to its end, so typing goes on after it
            self.cursor = self.next_boundary_from(at);
        }
    }
    fn next_boundary_from(&self, at: usize) -> usize {
        self.text[at..].graphemes(true).next().map(|g| at + g.len()).unwrap_or(self.text.len())
    }
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
        self.snap();
    }
    pub fn backspace(&mut self) -> bool {
        match self.prev_boundary() {
            Some(b) => {
                self.text.replace_range(b..self.cursor, "");
                self.cursor = b;
                true
            }
            None => false,
        }
    }
    pub fn delete(&mut self) -> bool {
        match self.next_boundary() {
            Some(e) => {
                self.text.replace_range(self.cursor..e, "");
                true
            }
            None => false,
        }
    }
    pub fn left(&mut self) {
        if let Some(b) = self.prev_boundary() {
            self.cursor = b;
        }
    }
    pub fn right(&mut self) {
        if let Some(e) = self.next_boundary() {
            self.cursor = e;
        }
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.len();
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }
    pub fn set(&mut self, s: &str) {
        *self = TextField::new(s);
    }

    fn before_is_space(&self) -> bool {
        self.text[..self.cursor].ends_with(' ')
    }

    /// Apply an edit; true when the text changed.
    pub fn apply(&mut self, e: Edit) -> bool {
        match e {
            Edit::Insert(c) => {
                self.insert(c);
                true
            }
            Edit::DeleteWord => {
                // delete the word before the cursor
                let mut changed = false;
                while self.cursor > 0 && self.before_is_space() {
                    changed |= self.backspace();
                }
                while self.cursor > 0 && !self.before_is_space() {
                    changed |= self.backspace();
                }
                changed
            }
            Edit::Backspace => self.backspace(),
            Edit::Delete => self.delete(),
            Edit::Left => {
                self.left();
                false
            }
            Edit::Right => {
                self.right();
                false
            }
            Edit::Home => {
                self.home();
                false
            }
            Edit::End => {
                self.end();
                false
            }
        }
    }
}

/// One edit of a text field: typed text, or an editing action from the keymap (`[tekst]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Insert(char),
    Left,
    Right,
    Home,
    End,
    Backspace,
    Delete,
    DeleteWord,
}

/// Lay `text` out in lines of at most `w` columns, breaking after spaces (a word longer than a
/// line is broken between graphemes). Returns the byte range of each line; spaces at a break stay
/// at the end of their line (they may hang past `w`, and are not drawn there).
pub fn wrap(text: &str, w: usize) -> Vec<std::ops::Range<usize>> {
    let w = w.max(1);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    // where the current line may be broken: after the last space, if any
    let mut brk: Option<usize> = None;
    for (i, g) in text.grapheme_indices(true) {
        if g == " " {
            used += 1;
            brk = Some(i + 1);
            continue;
        }
        let gw = width(g);
        if used + gw > w && used > 0 {
            match brk.filter(|b| *b > start) {
                Some(b) => {
                    lines.push(start..b);
                    start = b;
                    used = width(&text[b..i]);
                }
                None => {
                    lines.push(start..i);
                    start = i;
                    used = 0;
                }
            }
            brk = None;
        }
        used += gw;
    }
    lines.push(start..text.len());
    lines
}

/// Where the cursor (a byte offset) is in `lines` from [`wrap`]: (line, column).
pub fn cursor_in(text: &str, lines: &[std::ops::Range<usize>], cursor: usize, w: usize) -> (usize, usize) {
    for (row, r) in lines.iter().enumerate() {
        let last = row + 1 == lines.len();
        if cursor < r.end || last {
            let col = width(&text[r.start..cursor.clamp(r.start, r.end)]);
            return (row, col.min(w.saturating_sub(1)));
        }
    }
    (0, 0)
}

/// The part of a single line to show in `w` columns so that the cursor stays in view, and the
/// cursor's column in it.
pub fn window(text: &str, cursor: usize, w: usize) -> (String, usize) {
    let w = w.max(1);
    let graphemes: Vec<(usize, &str)> = text.grapheme_indices(true).collect();
    // scroll just far enough that the cursor fits (one column is kept for it at the end)
    let mut from = 0;
    while from < graphemes.len() && width(&text[graphemes[from].0..cursor.max(graphemes[from].0)]) >= w {
        from += 1;
    }
    let start = graphemes.get(from).map(|g| g.0).unwrap_or(text.len());
    let mut shown = String::new();
    let mut used = 0;
    for (_, g) in graphemes.iter().skip(from) {
        let gw = width(g);
        if used + gw > w {
            break;
        }
        shown.push_str(g);
        used += gw;
    }
    (shown, width(&text[start..cursor.max(start)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_with_multibyte_chars() {
        let mut f = TextField::new("cliënt");
        f.left();
        f.backspace();
        assert_eq!(f.value(), "cliët");
        f.home();
        f.insert('X');
        assert_eq!(f.value(), "Xcliët");
        f.end();
        f.insert('!');
        assert_eq!(f.value(), "Xcliët!");
        assert!(!f.delete());
    }

    #[test]
    fn a_combining_accent_joins_the_letter_before_it() {
        let mut f = TextField::new("cafe");
        f.insert('\u{301}');
        assert_eq!(f.cursor(), 4);
        assert!(f.backspace());
        assert_eq!(f.value(), "caf");
    }

    #[test]
    fn wrapping_by_word_and_width() {
        let t = "een twee drie";
        let l: Vec<&str> = wrap(t, 7).into_iter().map(|r| &t[r]).collect();
        assert_eq!(l, ["een ", "twee ", "drie"]);
        let l: Vec<&str> = wrap(t, 8).into_iter().map(|r| &t[r]).collect();
        assert_eq!(l, ["een twee ", "drie"]);
        let t = "abcdefghij";
        let l: Vec<&str> = wrap(t, 4).into_iter().map(|r| &t[r]).collect();
        assert_eq!(l, ["abcd", "efgh", "ij"]);
        let t = "我需要帮助";
        let l: Vec<&str> = wrap(t, 5).into_iter().map(|r| &t[r]).collect();
        assert_eq!(l, ["我需", "要帮", "助"]);
        let lines = wrap(t, 5);
        assert_eq!(cursor_in(t, &lines, t.len(), 5), (2, 2));
        assert_eq!(cursor_in(t, &lines, 0, 5), (0, 0));
    }

    #[test]
    fn a_window_keeps_the_cursor_in_view() {
        let t = "abcdefghij";
        assert_eq!(window(t, t.len(), 4), ("hij".to_string(), 3));
        assert_eq!(window(t, 0, 4), ("abcd".to_string(), 0));
        assert_eq!(window("ab", 2, 10), ("ab".to_string(), 2));
    }
}

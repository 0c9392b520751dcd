//! A one-line text field with a cursor (char-indexed).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextField {
    text: String,
    /// Cursor position in chars.
    cursor: usize,
}

impl TextField {
    pub fn new(s: &str) -> TextField {
        TextField { text: s.to_string(), cursor: s.chars().count() }
    }
    pub fn value(&self) -> &str {
        &self.text
    }
    pub fn cursor(&self) -> usize {
        self.cursor
    }
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }
    fn byte_at(&self, char_idx: usize) -> usize {
        self.text.char_indices().nth(char_idx).map(|(b, _)| b).unwrap_or(self.text.len())
    }
    pub fn insert(&mut self, c: char) {
        let b = self.byte_at(self.cursor);
        self.text.insert(b, c);
        self.cursor += 1;
    }
    pub fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let b = self.byte_at(self.cursor);
        self.text.remove(b);
        true
    }
    pub fn delete(&mut self) -> bool {
        if self.cursor >= self.text.chars().count() {
            return false;
        }
        let b = self.byte_at(self.cursor);
        self.text.remove(b);
        true
    }
    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }
    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.text.chars().count());
    }
    pub fn home(&mut self) {
        self.cursor = 0;
    }
    pub fn end(&mut self) {
        self.cursor = self.text.chars().count();
    }
    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }
    pub fn set(&mut self, s: &str) {
        *self = TextField::new(s);
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
                while self.cursor > 0 && self.text.chars().nth(self.cursor - 1) == Some(' ') {
                    changed |= self.backspace();
                }
                while self.cursor > 0 && self.text.chars().nth(self.cursor - 1) != Some(' ') {
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
}

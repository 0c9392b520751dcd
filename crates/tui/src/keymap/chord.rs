//! Key chords: "ctrl-n", "alt-w", "f2", "?", "shift-down", "esc".

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    Space,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Chord {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
    pub key: Key,
}

const NAMED: &[(&str, Key)] = &[
    ("enter", Key::Enter),
    ("ret", Key::Enter),
    ("esc", Key::Esc),
    ("escape", Key::Esc),
    ("tab", Key::Tab),
    ("backtab", Key::BackTab),
    ("backspace", Key::Backspace),
    ("del", Key::Delete),
    ("delete", Key::Delete),
    ("ins", Key::Insert),
    ("insert", Key::Insert),
    ("up", Key::Up),
    ("down", Key::Down),
    ("left", Key::Left),
    ("right", Key::Right),
    ("home", Key::Home),
    ("end", Key::End),
    ("pageup", Key::PageUp),
    ("pgup", Key::PageUp),
    ("pagedown", Key::PageDown),
    ("pgdn", Key::PageDown),
    ("space", Key::Space),
];

impl Chord {
    pub fn plain(key: Key) -> Chord {
        Chord { ctrl: false, alt: false, shift: false, key }
    }

    /// Parse one chord. Modifiers `ctrl-`, `alt-`, `shift-` (also `c-`, `a-`, `s-`), then a key.
    pub fn parse(s: &str) -> Result<Chord, String> {
        let orig = s;
        if s.is_empty() {
            return Err("lege toets".into());
        }
        let mut c = Chord::plain(Key::Space);
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                ("ctrl", 5)
            } else if lower.starts_with("alt-") {
                ("alt", 4)
            } else if lower.starts_with("shift-") {
                ("shift", 6)
            } else if rest.len() > 2 && (lower.starts_with("c-") || lower.starts_with("a-") || lower.starts_with("s-"))
            {
                (&lower[..1], 2)
            } else {
                break;
            };
            match m {
                "ctrl" | "c" => c.ctrl = true,
                "alt" | "a" => c.alt = true,
                _ => c.shift = true,
            }
            rest = &rest[len..];
        }
        let lower = rest.to_ascii_lowercase();
        c.key = if let Some((_, k)) = NAMED.iter().find(|(n, _)| *n == lower) {
            *k
        } else if let Some(n) =
            lower.strip_prefix('f').filter(|n| !n.is_empty() && n.chars().all(|d| d.is_ascii_digit()))
        {
            let n: u8 = n.parse().map_err(|_| format!("onbekende toets '{orig}'"))?;
            if !(1..=12).contains(&n) {
                return Err(format!("functietoets '{orig}' bestaat niet (F1–F12)"));
            }
            Key::F(n)
        } else {
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) if !ch.is_control() => {
                    if ch == ' ' {
                        Key::Space
                    } else if c.ctrl || c.alt {
                        Key::Char(ch.to_ascii_lowercase())
                    } else {
                        Key::Char(ch)
                    }
                }
                _ => return Err(format!("onbekende toets '{orig}'")),
            }
        };
        // "shift-tab" is the key terminals send as backtab (and help shows it so).
        if c.key == Key::Tab && c.shift {
            c.key = Key::BackTab;
            c.shift = false;
        }
        // Shift with a printable character is already in the character itself.
        if let Key::Char(ch) = c.key {
            if c.shift {
                if ch.is_alphabetic() {
                    c.key = Key::Char(ch.to_ascii_uppercase());
                    c.shift = false;
                } else {
                    return Err(format!("'{orig}': shift met een leesteken; schrijf het teken zelf"));
                }
            }
        }
        Ok(c)
    }

    pub fn from_event(ev: &KeyEvent) -> Option<Chord> {
        let m = ev.modifiers;
        let mut c = Chord {
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
            key: Key::Space,
        };
        c.key = match ev.code {
            KeyCode::Char(' ') => Key::Space,
            KeyCode::Char(ch) => {
                c.shift = false;
                if c.ctrl || c.alt {
                    Key::Char(ch.to_ascii_lowercase())
                } else {
                    Key::Char(ch)
                }
            }
            KeyCode::F(n) => Key::F(n),
            KeyCode::Enter => Key::Enter,
            KeyCode::Esc => Key::Esc,
            KeyCode::Tab => Key::Tab,
            KeyCode::BackTab => {
                c.shift = false;
                Key::BackTab
            }
            KeyCode::Backspace => Key::Backspace,
            KeyCode::Delete => Key::Delete,
            KeyCode::Insert => Key::Insert,
            KeyCode::Up => Key::Up,
            KeyCode::Down => Key::Down,
            KeyCode::Left => Key::Left,
            KeyCode::Right => Key::Right,
            KeyCode::Home => Key::Home,
            KeyCode::End => Key::End,
            KeyCode::PageUp => Key::PageUp,
            KeyCode::PageDown => Key::PageDown,
            _ => return None,
        };
        Some(c)
    }

    /// A printable character without ctrl/alt: text for a field when it is not bound.
    pub fn text(&self) -> Option<char> {
        if self.ctrl || self.alt {
            return None;
        }
        match self.key {
            Key::Char(c) => Some(c),
            Key::Space => Some(' '),
            _ => None,
        }
    }
}

impl fmt::Display for Chord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.key {
            Key::Char(c) => write!(f, "{c}"),
            Key::F(n) => write!(f, "F{n}"),
            k => {
                let name = NAMED.iter().find(|(_, x)| *x == k).map(|(n, _)| *n).unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

impl Chord {
    /// The key as the desk worker reads it (Dutch, as on the keyboard): "pijl omlaag", "Esc",
    /// "shift-tab", "PgDn", "ctrl-n". The keymap files keep their own spelling (`Display`).
    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.ctrl {
            s.push_str("ctrl-");
        }
        if self.alt {
            s.push_str("alt-");
        }
        if self.shift {
            s.push_str("shift-");
        }
        let key = match self.key {
            Key::Char(c) => return format!("{s}{c}"),
            Key::F(n) => return format!("{s}F{n}"),
            Key::Enter => "Enter",
            Key::Esc => "Esc",
            Key::Tab => "Tab",
            Key::BackTab => "shift-tab",
            Key::Backspace => "Backspace",
            Key::Delete => "Delete",
            Key::Insert => "Insert",
            Key::Up => "pijl omhoog",
            Key::Down => "pijl omlaag",
            Key::Left => "pijl links",
            Key::Right => "pijl rechts",
            Key::Home => "Home",
            Key::End => "End",
            Key::PageUp => "PgUp",
            Key::PageDown => "PgDn",
            Key::Space => "spatie",
        };
        s + key
    }
}

/// A chord sequence as the desk worker reads it ("g g", "ctrl-x ctrl-s", "pijl omlaag").
pub fn sequence_label(seq: &[Chord]) -> String {
    seq.iter().map(Chord::label).collect::<Vec<_>>().join(" ")
}

/// Parse a space-separated sequence of chords, e.g. "g g" or "ctrl-x ctrl-s".
pub fn parse_sequence(s: &str) -> Result<Vec<Chord>, String> {
    if s == " " {
        return Ok(vec![Chord::plain(Key::Space)]);
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if parts.is_empty() {
        return Err("lege toets".into());
    }
    parts.into_iter().map(Chord::parse).collect()
}

pub fn sequence_to_string(seq: &[Chord]) -> String {
    seq.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(Chord::parse("ctrl-n").unwrap(), Chord::parse("C-N").unwrap());
        assert_eq!(Chord::parse("F2").unwrap().key, Key::F(2));
        assert_eq!(Chord::parse("?").unwrap().key, Key::Char('?'));
        assert_eq!(Chord::parse("shift-a").unwrap(), Chord::parse("A").unwrap());
        assert!(Chord::parse("ctrl-").is_err());
        assert!(Chord::parse("f13").is_err());
        assert!(Chord::parse("hyper-x").is_err());
        assert_eq!(Chord::parse("ctrl-n").unwrap().to_string(), "ctrl-n");
        assert_eq!(parse_sequence("g g").unwrap().len(), 2);
    }

    #[test]
    fn labels_are_dutch() {
        let l = |s: &str| sequence_label(&parse_sequence(s).unwrap());
        assert_eq!(l("down"), "pijl omlaag");
        assert_eq!(l("backtab"), "shift-tab");
        assert_eq!(Chord::parse("shift-tab"), Chord::parse("backtab"));
        assert_eq!(l("esc"), "Esc");
        assert_eq!(l("shift-up"), "shift-pijl omhoog");
        assert_eq!(l("f2"), "F2");
        assert_eq!(l("ctrl-n"), "ctrl-n");
        assert_eq!(l("pagedown"), "PgDn");
    }

    #[test]
    fn matches_terminal_events() {
        let ev = KeyEvent::new(KeyCode::Char('N'), KeyModifiers::CONTROL | KeyModifiers::SHIFT);
        assert_eq!(Chord::from_event(&ev), Some(Chord::parse("ctrl-n").unwrap()));
        let ev = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(Chord::from_event(&ev), Some(Chord::parse("?").unwrap()));
        let ev = KeyEvent::new(KeyCode::F(4), KeyModifiers::NONE);
        assert_eq!(Chord::from_event(&ev), Some(Chord::parse("f4").unwrap()));
    }
}

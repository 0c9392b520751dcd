//! Bytes of a file → text: UTF-8, else Windows-1252 (what Dutch Excel writes as "CSV").
//!
//! The five bytes that Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) are kept as
//! a private-use character, so the reader can report them with file, line and field (see
//! [`undefined_byte`]). A hand table is used instead of `encoding_rs`, which follows the WHATWG
//! rules and silently turns those five bytes into control characters.

use std::borrow::Cow;

/// 0x80–0x9F in Windows-1252; `None` where the code page defines nothing.
const HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// Where an undefined byte `b` is kept: U+F700 + b.
const MARK: u32 = 0xF700;

/// The text of a file and how it was read.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// Not UTF-8: read as Windows-1252; the line of the first byte that is not UTF-8.
    pub cp1252_from_line: Option<u32>,
    /// Some bytes are not valid in Windows-1252 either (see [`undefined_byte`]).
    pub has_undefined: bool,
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Decoded { text: Cow::Borrowed(s), cp1252_from_line: None, has_undefined: false },
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() as u32;
            let mut out = String::with_capacity(bytes.len() + bytes.len() / 8);
            let mut has_undefined = false;
            for &b in bytes {
                let c = match b {
                    0..=0x7F | 0xA0..=0xFF => b as char,
                    _ => HIGH[(b - 0x80) as usize].unwrap_or_else(|| {
                        has_undefined = true;
                        char::from_u32(MARK + b as u32).unwrap_or('\u{fffd}')
                    }),
                };
                out.push(c);
            }
            Decoded { text: Cow::Owned(out), cp1252_from_line: Some(line), has_undefined }
        }
    }
}

/// The first byte in `s` that was undefined in Windows-1252, and where it is in `s` (only
/// meaningful for text that [`decode`] read as Windows-1252).
pub fn undefined_byte(s: &str) -> Option<(u8, usize)> {
    s.char_indices().find_map(|(i, c)| {
        let v = c as u32;
        (MARK + 0x80..MARK + 0xA0).contains(&v).then(|| ((v - MARK) as u8, i))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_borrowed() {
        let d = decode("café\n".as_bytes());
        assert!(matches!(d.text, Cow::Borrowed("café\n")));
        assert_eq!(d.cp1252_from_line, None);
    }

    #[test]
    fn windows_1252() {
        let d = decode(b"a\nb\ncaf\xe9 \x80 \x93x\x94\n");
        assert_eq!(d.text, "a\nb\ncafé € “x”\n");
        assert_eq!(d.cp1252_from_line, Some(3));
        assert!(!d.has_undefined);
        assert_eq!(undefined_byte(&d.text), None);
        let d = decode(b"x\x81y");
        assert!(d.has_undefined);
        assert_eq!(undefined_byte(&d.text), Some((0x81, 1)));
    }
}

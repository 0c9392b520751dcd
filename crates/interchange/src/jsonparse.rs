//! A small JSON parser that keeps the line of every value, so messages can point at the line in
//! the file (serde_json does not keep positions).

#[derive(Debug, Clone, PartialEq)]
pub enum JV {
    Null,
    Bool(bool),
    /// The number as written.
    Num(String),
    Str(String),
    Arr(Vec<JN>),
    Obj(Vec<(String, JN)>),
}

/// A value and the line (1-based) where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct JN {
    pub line: u32,
    pub v: JV,
}

impl JN {
    pub fn get(&self, key: &str) -> Option<&JN> {
        match &self.v {
            JV::Obj(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub fn kind(&self) -> &'static str {
        match self.v {
            JV::Null => "null",
            JV::Bool(_) => "true/false",
            JV::Num(_) => "een getal",
            JV::Str(_) => "tekst",
            JV::Arr(_) => "een lijst",
            JV::Obj(_) => "een object",
        }
    }
}

/// The value as serde_json holds it (numbers as written, keys in their order).
pub fn to_value(n: &JN) -> serde_json::Value {
    use serde_json::Value;
    match &n.v {
        JV::Null => Value::Null,
        JV::Bool(b) => Value::Bool(*b),
        JV::Num(s) => s.parse::<serde_json::Number>().map(Value::Number).unwrap_or_else(|_| Value::String(s.clone())),
        JV::Str(s) => Value::String(s.clone()),
        JV::Arr(xs) => Value::Array(xs.iter().map(to_value).collect()),
        JV::Obj(kv) => Value::Object(kv.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
    }
}

/// A syntax error: line and Dutch description.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: u32,
    pub msg: String,
}

struct P<'a> {
    b: &'a [u8],
    i: usize,
    line: u32,
    depth: u32,
}

pub fn parse(text: &str) -> Result<JN, SyntaxError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = P { b: text.as_bytes(), i: 0, line: 1, depth: 0 };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("onverwachte tekens na het einde"));
    }
    Ok(v)
}

/// Parse one value whose text starts on line `line` of its file.
pub fn parse_at(text: &str, line: u32) -> Result<JN, SyntaxError> {
    let mut p = P { b: text.as_bytes(), i: 0, line, depth: 0 };
    p.ws();
    let v = p.value()?;
    p.ws();
    if p.i < p.b.len() {
        return Err(p.err("onverwachte tekens na het einde"));
    }
    Ok(v)
}

/// A file whose top level is a list, read from `r` in pieces: `f` gets the bytes of each
/// element and the line it starts on, so neither the file nor its tree is ever whole in memory.
/// Ok(false) when the top level is not a list (nothing read past its first character).
pub fn stream_items(r: &mut dyn std::io::BufRead, f: &mut ItemFn) -> Result<bool, StreamError> {
    let mut line = 1u32;
    let mut pos = 0u64;
    let mut cur_off = 0u64;
    let mut started = false;
    let mut bom = 0usize;
    let mut cur: Vec<u8> = Vec::new();
    let mut cur_line = 1u32;
    let (mut depth, mut in_str, mut esc, mut done) = (0u32, false, false, false);
    loop {
        let buf = r.fill_buf().map_err(StreamError::Io)?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        for &b in buf {
            pos += 1;
            if done {
                if !b.is_ascii_whitespace() {
                    return Err(StreamError::Syntax(SyntaxError {
                        line,
                        msg: "onverwachte tekens na het einde".into(),
                    }));
                }
                if b == b'\n' {
                    line += 1;
                }
                continue;
            }
            if !started {
                // an optional BOM, then white space, then '['
                if bom < 3 && [0xEF, 0xBB, 0xBF][bom] == b {
                    bom += 1;
                    continue;
                }
                match b {
                    b'\n' => line += 1,
                    b' ' | b'\t' | b'\r' => {}
                    b'[' => {
                        started = true;
                        depth = 1;
                    }
                    _ => return Ok(false),
                }
                continue;
            }
            if in_str {
                cur.push(b);
                if esc {
                    esc = false;
                } else if b == b'\\' {
                    esc = true;
                } else if b == b'"' {
                    in_str = false;
                } else if b == b'\n' {
                    line += 1;
                }
                continue;
            }
            match b {
                b'"' => {
                    if depth == 1 && cur.iter().all(u8::is_ascii_whitespace) {
                        cur.clear();
                        cur_line = line;
                        cur_off = pos - 1;
                    }
                    in_str = true;
                    cur.push(b);
                }
                b'{' | b'[' => {
                    if depth == 1 && cur.iter().all(u8::is_ascii_whitespace) {
                        cur.clear();
                        cur_line = line;
                        cur_off = pos - 1;
                    }
                    depth += 1;
                    cur.push(b);
                }
                b'}' | b']' if depth > 1 => {
                    depth -= 1;
                    cur.push(b);
                }
                b']' => {
                    // the end of the list
                    if !cur.iter().all(u8::is_ascii_whitespace) {
                        f(&cur, cur_line, cur_off).map_err(StreamError::Syntax)?;
                    }
                    cur.clear();
                    done = true;
                }
                b',' if depth == 1 => {
                    f(&cur, cur_line, cur_off).map_err(StreamError::Syntax)?;
                    cur.clear();
                    cur_line = line;
                }
                b'\n' => {
                    line += 1;
                    cur.push(b);
                }
                _ => {
                    if depth == 1 && cur.iter().all(u8::is_ascii_whitespace) && !b.is_ascii_whitespace() {
                        cur.clear();
                        cur_line = line;
                        cur_off = pos - 1;
                    }
                    cur.push(b);
                }
            }
        }
        r.consume(n);
    }
    if !started {
        return Ok(false);
    }
    if !done {
        return Err(StreamError::Syntax(SyntaxError { line, msg: "onverwacht einde van het bestand".into() }));
    }
    Ok(true)
}

/// What [`stream_items`] calls per element: its bytes, the line it starts on, its byte offset.
pub type ItemFn<'a> = dyn FnMut(&[u8], u32, u64) -> Result<(), SyntaxError> + 'a;

/// What can go wrong reading a list in pieces.
#[derive(Debug)]
pub enum StreamError {
    Io(std::io::Error),
    Syntax(SyntaxError),
}

/// A text whose top level is a list, read one element at a time (`f` per element), so a large
/// file is never one tree in memory. None when the top level is not a list.
pub fn each_item(text: &str, f: &mut dyn FnMut(JN)) -> Option<Result<(), SyntaxError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut p = P { b: text.as_bytes(), i: 0, line: 1, depth: 0 };
    p.ws();
    if p.b.get(p.i) != Some(&b'[') {
        return None;
    }
    let mut run = || -> Result<(), SyntaxError> {
        p.enter()?;
        p.i += 1;
        p.ws();
        if p.b.get(p.i) == Some(&b']') {
            p.i += 1;
        } else {
            loop {
                p.ws();
                let v = p.value()?;
                f(v);
                p.ws();
                match p.b.get(p.i) {
                    Some(b',') => p.i += 1,
                    Some(b']') => {
                        p.i += 1;
                        break;
                    }
                    _ => return Err(p.err("verwacht ',' of ']'")),
                }
            }
        }
        p.depth -= 1;
        p.ws();
        if p.i < p.b.len() {
            return Err(p.err("onverwachte tekens na het einde"));
        }
        Ok(())
    };
    Some(run())
}

impl P<'_> {
    fn err(&self, msg: &str) -> SyntaxError {
        SyntaxError { line: self.line, msg: msg.to_string() }
    }
    fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            match c {
                b'\n' => {
                    self.line += 1;
                    self.i += 1
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                _ => break,
            }
        }
    }
    fn lit(&mut self, word: &[u8], v: JV) -> Result<JN, SyntaxError> {
        if self.b[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(JN { line: self.line, v })
        } else {
            Err(self.err("onbekend woord"))
        }
    }
    fn value(&mut self) -> Result<JN, SyntaxError> {
        let line = self.line;
        match self.b.get(self.i) {
            None => Err(self.err("onverwacht einde van het bestand")),
            Some(b'{') => {
                self.enter()?;
                self.i += 1;
                let mut kv = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(JN { line, v: JV::Obj(kv) });
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.err("verwacht een veldnaam tussen aanhalingstekens"));
                    }
                    let k = self.string()?;
                    self.ws();
                    if self.b.get(self.i) != Some(&b':') {
                        return Err(self.err("verwacht ':'"));
                    }
                    self.i += 1;
                    self.ws();
                    let v = self.value()?;
                    kv.push((k, v));
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(self.err("verwacht ',' of '}'")),
                    }
                }
                self.depth -= 1;
                Ok(JN { line, v: JV::Obj(kv) })
            }
            Some(b'[') => {
                self.enter()?;
                self.i += 1;
                let mut xs = Vec::new();
                self.ws();
                if self.b.get(self.i) == Some(&b']') {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(JN { line, v: JV::Arr(xs) });
                }
                loop {
                    self.ws();
                    xs.push(self.value()?);
                    self.ws();
                    match self.b.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(self.err("verwacht ',' of ']'")),
                    }
                }
                self.depth -= 1;
                Ok(JN { line, v: JV::Arr(xs) })
            }
            Some(b'"') => Ok(JN { line, v: JV::Str(self.string()?) }),
            Some(b't') => self.lit(b"true", JV::Bool(true)),
            Some(b'f') => self.lit(b"false", JV::Bool(false)),
            Some(b'n') => self.lit(b"null", JV::Null),
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number(line),
            Some(_) => Err(self.err("onverwacht teken")),
        }
    }
    /// A number as JSON writes it: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self, line: u32) -> Result<JN, SyntaxError> {
        let start = self.i;
        let digits = |p: &mut Self| -> usize {
            let s = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => {
                self.i += 1;
                if self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err("ongeldig getal (voorloopnul)"));
                }
            }
            Some(c) if c.is_ascii_digit() => {
                digits(self);
            }
            _ => return Err(self.err("ongeldig getal")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if digits(self) == 0 {
                return Err(self.err("ongeldig getal (geen cijfer na de punt)"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("ongeldig getal (geen cijfer in de exponent)"));
            }
        }
        let s = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("");
        Ok(JN { line, v: JV::Num(s.to_string()) })
    }
    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > 200 {
            return Err(self.err("te diep genest"));
        }
        Ok(())
    }
    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self.b.get(self.i..self.i + 4).ok_or_else(|| self.err("onvolledige \\u-code"))?;
        if !h.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.err("ongeldige \\u-code"));
        }
        let s = std::str::from_utf8(h).map_err(|_| self.err("ongeldige \\u-code"))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| self.err("ongeldige \\u-code"))?;
        self.i += 4;
        Ok(v)
    }
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1; // opening quote
        let mut out = Vec::new();
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(self.err("tekst zonder afsluitend aanhalingsteken"));
            };
            self.i += 1;
            match c {
                b'"' => break,
                b'\n' => return Err(self.err("nieuwe regel binnen tekst")),
                0..=0x1F => return Err(self.err("stuurteken binnen tekst (schrijf het als \\u-code)")),
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else {
                        return Err(self.err("tekst zonder afsluitend aanhalingsteken"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                if !self.b[self.i..].starts_with(b"\\u") {
                                    return Err(self.err("ongeldige \\u-code (losse surrogaat)"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("ongeldige \\u-code (losse surrogaat)"));
                                }
                                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                            }
                            let Some(ch) = char::from_u32(cp) else {
                                return Err(self.err("ongeldige \\u-code (losse surrogaat)"));
                            };
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(self.err("ongeldige escape in tekst")),
                    }
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("geen geldige UTF-8"))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_list_is_read_in_pieces_with_lines() {
        let text = "\u{feff}[\n {\"a\": 1},\n {\"b\": \"x,]}\\\"\",\n  \"c\": [1, {}]},\n \"s\"\n]\n";
        let mut got = Vec::new();
        let mut r = std::io::BufReader::with_capacity(3, text.as_bytes());
        let ok = stream_items(&mut r, &mut |b, line, off| {
            assert_eq!(&text.as_bytes()[off as usize..off as usize + b.len()], b);
            let v = parse_at(std::str::from_utf8(b).unwrap(), line)?;
            got.push((v.line, to_value(&v)));
            Ok(())
        })
        .unwrap();
        assert!(ok);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0], (2, serde_json::json!({"a": 1})));
        assert_eq!(got[1], (3, serde_json::json!({"b": "x,]}\"", "c": [1, {}]})));
        assert_eq!(got[2].0, 5);
        let mut obj = std::io::BufReader::new("  {\"a\": [1]}".as_bytes());
        assert!(!stream_items(&mut obj, &mut |_, _, _| Ok(())).unwrap());
        let mut cut = std::io::BufReader::new("[{\"a\": 1},\n{\"b\"".as_bytes());
        assert!(matches!(stream_items(&mut cut, &mut |_, _, _| Ok(())), Err(StreamError::Syntax(_))));
        let mut after = std::io::BufReader::new("[1] x".as_bytes());
        assert!(matches!(stream_items(&mut after, &mut |_, _, _| Ok(())), Err(StreamError::Syntax(_))));
    }

    use super::*;

    #[test]
    fn lines_are_kept() {
        let j = parse("{\n  \"a\": 1,\n  \"b\": [\n    \"x\\u00e9\\n\"\n  ]\n}").unwrap();
        assert_eq!(j.line, 1);
        assert_eq!(j.get("a").unwrap().line, 2);
        let b = j.get("b").unwrap();
        let JV::Arr(xs) = &b.v else { panic!() };
        assert_eq!(xs[0].line, 4);
        assert_eq!(xs[0].v, JV::Str("xé\n".into()));
    }

    #[test]
    fn strict_like_the_standard() {
        for bad in [
            "01",
            "1.",
            "-",
            "+1",
            ".5",
            "1e",
            "1e+",
            "-01",
            "\"a\tb\"",
            "\"\u{1}\"",
            "\"\\ud800\"",
            "\"\\ud800\\u0041\"",
            "\"\\u+123\"",
            "[1,]",
            "{\"a\":1,}",
            "nul",
            "[01]",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} is geen geldige JSON");
            assert!(serde_json::from_str::<serde_json::Value>(bad).is_err(), "{bad:?} (serde_json ook niet)");
        }
        for good in ["0", "-0", "1.5", "1e5", "1E-5", "-12.5e+3", "\"\\ud83d\\ude00\"", "\"é\\u00e9\""] {
            assert!(parse(good).is_ok(), "{good:?} is geldige JSON");
        }
        assert_eq!(parse("01").unwrap_err().msg, "ongeldig getal (voorloopnul)");
        assert_eq!(
            parse("[\n1.]").unwrap_err(),
            SyntaxError { line: 2, msg: "ongeldig getal (geen cijfer na de punt)".into() }
        );
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse("[\n{\"a\": 1,,}\n]").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(parse("{\"a\": tru}").is_err());
        assert_eq!(parse("\"\\ud83d\\ude00\"").unwrap().v, JV::Str("😀".into()));
    }
}

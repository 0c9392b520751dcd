//! Text normalisation for search: lower-case, diacritics folded ("cliënt" → "client"), split into words.

/// Fold one character to its plain lower-case ASCII form where a Dutch reader would not mind.
fn fold_char(c: char, out: &mut String) {
    let f = match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'u',
        'ç' | 'Ç' => 'c',
        'ñ' | 'Ñ' => 'n',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'ĳ' | 'Ĳ' => {
            out.push_str("ij");
            return;
        }
        c => {
            for l in c.to_lowercase() {
                out.push(l);
            }
            return;
        }
    };
    out.push(f);
}

/// Lower-case and fold diacritics.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Call `f` with each folded word of `s`, folding into one reused buffer (no allocation per word).
pub fn for_each_word(s: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    for w in s.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        buf.clear();
        if w.is_ascii() {
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            for c in w.chars() {
                fold_char(c, buf);
            }
        }
        f(buf);
    }
}

/// Folded words of `s`: runs of letters and digits.
pub fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(fold)
}

/// Bit mask of the letters a–z and digits (folded into 6 buckets) that occur in a folded word.
pub fn char_mask(w: &str) -> u32 {
    let mut m = 0u32;
    for b in w.bytes() {
        match b {
            b'a'..=b'z' => m |= 1 << (b - b'a'),
            b'0'..=b'9' => m |= 1 << (26 + (b - b'0') % 6),
            _ => {}
        }
    }
    m
}

/// Edit distance (insert, delete, substitute, swap neighbours) between `a` and the closest
/// prefix of `b`: how far a typed word is from the start of a word in the index.
pub fn prefix_edit_distance(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    let n = a.len();
    let m = b.len().min(n + max);
    if n == 0 {
        return Some(0);
    }
    if m + max < n {
        return None;
    }
    // rows: i over a (0..=n), cols j over b (0..=m)
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=n {
        d[i * w] = i;
        let mut row_min = d[i * w];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
    }
    let best = (0..=m).map(|j| d[n * w + j]).min().unwrap_or(n);
    (best <= max).then_some(best)
}

/// FNV-1a, 64 bits, of `s`: a short hash that is stable across builds and platforms (for names
/// of files and calendar UIDs, never for security).
pub fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_dutch_diacritics() {
        assert_eq!(fold("Cliëntondersteuning"), "clientondersteuning");
        assert_eq!(fold("Ĳsselmonde Café"), "ijsselmonde cafe");
    }

    #[test]
    fn splits_words() {
        let w: Vec<String> = words("Dagbesteding (ouderen), Hoensbroek-Noord LH-3000").collect();
        assert_eq!(w, vec!["dagbesteding", "ouderen", "hoensbroek", "noord", "lh", "3000"]);
    }

    #[test]
    fn prefix_distance() {
        assert_eq!(prefix_edit_distance(b"ouderenadviseur", b"ouderenadviseur", 2), Some(0));
        assert_eq!(prefix_edit_distance(b"oudernadv", b"ouderenadviseur", 2), Some(1));
        assert_eq!(prefix_edit_distance(b"huisoudelijk", b"huishoudelijke", 2), Some(1));
        assert_eq!(prefix_edit_distance(b"hiushoud", b"huishoudelijke", 2), Some(1));
        assert_eq!(prefix_edit_distance(b"xyz", b"huishoudelijke", 1), None);
    }

    #[test]
    fn mask_subset() {
        assert_eq!(char_mask("dag") & !char_mask("dagbesteding"), 0);
        assert_ne!(char_mask("xyz") & !char_mask("dagbesteding"), 0);
    }
}

//! The age of the person the help is for, as the caller says it in the question:
//! "Mijn moeder (86)", "mijn zoon van 9", "vader is 92", "een 79-jarige buurman",
//! "mevrouw van 81 jaar". Plain text rules, no UI.

/// Ages above this are not ages (a house number, an amount).
const MAX: u32 = 115;

/// The first age named in `vraag`, if any. A bare number is not an age: it must stand in
/// brackets, after "van" or "is" (with a person word before it or "jaar" after it), before
/// "jaar" / "jaar oud", or as "-jarig(e)".
pub fn leeftijd_in_vraag(vraag: &str) -> Option<u8> {
    let t = vraag.to_lowercase();
    let words: Vec<&str> = t.split_whitespace().collect();
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '!' | '?'));
        // "(86)" or "(86 jaar)"
        if let Some(inner) = w.strip_prefix('(') {
            let n = inner.trim_end_matches(')');
            if let Some(a) = age(n) {
                let closed = inner.ends_with(')') || words.get(i + 1).is_some_and(|x| x.starts_with("jaar"));
                if closed {
                    return Some(a);
                }
            }
        }
        // "79-jarige", "79 jarige"
        if let Some((n, rest)) = w.split_once('-') {
            if rest.starts_with("jarig") {
                if let Some(a) = age(n) {
                    return Some(a);
                }
            }
        }
        let Some(a) = age(w) else { continue };
        let next = words.get(i + 1).map(|x| x.trim_matches(|c: char| !c.is_alphanumeric())).unwrap_or("");
        if next.starts_with("jarig") || next == "jaar" || next == "jr" {
            return Some(a);
        }
        let prev = if i > 0 { words[i - 1] } else { "" };
        if matches!(prev, "van" | "is" | "wordt" | "werd") && i >= 2 && is_persoon(words[i - 2]) {
            return Some(a);
        }
    }
    None
}

fn age(s: &str) -> Option<u8> {
    if s.is_empty() || s.len() > 3 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = s.parse().ok()?;
    (n <= MAX).then_some(n as u8)
}

/// Words for the person the help may be for ("moeder", "zoon", "buurvrouw", "meneer", "hij").
fn is_persoon(w: &str) -> bool {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    const WOORDEN: &[&str] = &[
        "moeder",
        "vader",
        "ma",
        "pa",
        "zoon",
        "dochter",
        "kind",
        "zoontje",
        "dochtertje",
        "broer",
        "zus",
        "zuster",
        "man",
        "vrouw",
        "partner",
        "vriend",
        "vriendin",
        "opa",
        "oma",
        "buurman",
        "buurvrouw",
        "meneer",
        "mevrouw",
        "tante",
        "oom",
        "neef",
        "nicht",
        "schoonmoeder",
        "schoonvader",
        "cliënt",
        "client",
        "hij",
        "zij",
        "ze",
        "ik",
        "jongen",
        "meisje",
        "baby",
        "kleinzoon",
        "kleindochter",
        "echtgenoot",
        "echtgenote",
    ];
    WOORDEN.contains(&w) || w.ends_with("moeder") || w.ends_with("vader")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_as_callers_say_them() {
        assert_eq!(leeftijd_in_vraag("Mijn moeder (86) moet naar een verpleeghuis"), Some(86));
        assert_eq!(leeftijd_in_vraag("mijn zoon van 9 heeft moeite op school"), Some(9));
        assert_eq!(leeftijd_in_vraag("Mijn vader is 92 en valt vaak"), Some(92));
        assert_eq!(leeftijd_in_vraag("een 79-jarige buurman vraagt om hulp"), Some(79));
        assert_eq!(leeftijd_in_vraag("Mevrouw is 81 jaar en woont alleen"), Some(81));
        assert_eq!(leeftijd_in_vraag("dochter, 16 jaar oud, spijbelt"), Some(16));
        assert_eq!(leeftijd_in_vraag("Mijn vader van 79 redt het niet meer"), Some(79));
        assert_eq!(leeftijd_in_vraag("mijn moeder (86 jaar)"), Some(86));
    }

    #[test]
    fn other_numbers_are_not_ages() {
        assert_eq!(leeftijd_in_vraag("Ik woon op nummer 12 en heb een vraag"), None);
        assert_eq!(leeftijd_in_vraag("De huur is 750 euro"), None);
        assert_eq!(leeftijd_in_vraag("Bus 9 rijdt niet meer"), None);
        assert_eq!(leeftijd_in_vraag("een schuld van 300 euro"), None);
        assert_eq!(leeftijd_in_vraag("bel 06-12345678"), None);
        assert_eq!(leeftijd_in_vraag("al 3 weken geen hulp"), None);
        assert_eq!(leeftijd_in_vraag("Mijn moeder (1200) "), None);
    }
}

//! The age of the person the help is for, as the caller says it in the question:
//! "Mijn moeder (86)", "mijn zoon van 9", "vader is 92", "een 79-jarige buurman",
//! "mevrouw van 81 jaar". Plain text rules, no UI. Each age comes with the person it belongs
//! to, so an age of someone else ("mijn zoon van 9" when the help is for the caller) does not
//! count for the person the help is for.

use super::contact::HulpVoor;

/// Ages above this are not ages (a house number, an amount).
const MAX: u32 = 115;

/// The first age named in `vraag`, if any. A bare number is not an age: it must stand in
/// brackets, after "van" or "is" (with a person word before it or "jaar" after it), before
/// "jaar" / "jaar oud", or as "-jarig(e)".
pub fn leeftijd_in_vraag(vraag: &str) -> Option<u8> {
    leeftijden_in_vraag(vraag).first().map(|(a, _)| *a)
}

/// Who an age in the question belongs to, as far as the words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wie {
    /// "ik ben 80".
    Ik,
    /// "zoon", "dochter", "kind".
    Kind,
    /// "man", "vrouw", "partner".
    Partner,
    /// "moeder", "vader", "schoonmoeder".
    Ouder,
    /// Someone else named: "buurman", "oma", "broer".
    Ander,
    /// No person word, or one that can be anyone ("mevrouw", "hij", "cliënt").
    Onbepaald,
}

impl Wie {
    /// Does an age of this person count for `hulp_voor` (the person the help is for)?
    pub fn hoort_bij(self, hulp_voor: HulpVoor) -> bool {
        matches!(
            (self, hulp_voor),
            (Wie::Onbepaald, _)
                | (Wie::Ik, HulpVoor::Zelf)
                | (Wie::Kind, HulpVoor::Kind)
                | (Wie::Partner, HulpVoor::Partner)
                | (Wie::Ouder, HulpVoor::Ouder)
                | (Wie::Ander, HulpVoor::Ander)
        )
    }
}

/// The age in `vraag` of the person the help is for: the first age whose person word fits
/// `hulp_voor` ("mijn zoon van 9" does not count when the help is for the caller).
pub fn leeftijd_voor(vraag: &str, hulp_voor: HulpVoor) -> Option<u8> {
    leeftijden_in_vraag(vraag).into_iter().find(|(_, w)| w.hoort_bij(hulp_voor)).map(|(a, _)| a)
}

/// Every age named in `vraag`, in order, with the person it belongs to.
pub fn leeftijden_in_vraag(vraag: &str) -> Vec<(u8, Wie)> {
    let t = vraag.to_lowercase();
    let words: Vec<&str> = t.split_whitespace().collect();
    let mut out = Vec::new();
    // The person word just before word `i` (at most three words back: "mijn moeder is 86").
    let before = |i: usize| (i.saturating_sub(3)..i).rev().map(|j| wie(words[j])).find(|w| *w != Wie::Onbepaald);
    let neutral_before =
        |i: usize| (i.saturating_sub(3)..i).rev().any(|j| is_persoon(words[j]) && wie(words[j]) == Wie::Onbepaald);
    let owner = |i: usize| before(i).unwrap_or(Wie::Onbepaald);
    for (i, raw) in words.iter().enumerate() {
        let w = raw.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '!' | '?'));
        // "(86)" or "(86 jaar)"
        if let Some(inner) = w.strip_prefix('(') {
            let n = inner.trim_end_matches(')');
            if let Some(a) = age(n) {
                let closed = inner.ends_with(')') || words.get(i + 1).is_some_and(|x| x.starts_with("jaar"));
                if closed {
                    out.push((a, owner(i)));
                    continue;
                }
            }
        }
        // "79-jarige buurman", "79 jarige"
        if let Some((n, rest)) = w.split_once('-') {
            if rest.starts_with("jarig") {
                if let Some(a) = age(n) {
                    let na = words.get(i + 1).map(|x| wie(x)).filter(|w| *w != Wie::Onbepaald);
                    out.push((a, na.unwrap_or_else(|| owner(i))));
                    continue;
                }
            }
        }
        let Some(a) = age(w) else { continue };
        let next = words.get(i + 1).map(|x| x.trim_matches(|c: char| !c.is_alphanumeric())).unwrap_or("");
        if next.starts_with("jarig") {
            let na = words.get(i + 2).map(|x| wie(x)).filter(|w| *w != Wie::Onbepaald);
            out.push((a, na.unwrap_or_else(|| owner(i))));
            continue;
        }
        if next == "jaar" || next == "jr" {
            let w = if neutral_before(i) && before(i).is_none() { Wie::Onbepaald } else { owner(i) };
            out.push((a, w));
            continue;
        }
        let prev = if i > 0 { words[i - 1] } else { "" };
        if matches!(prev, "van" | "is" | "ben" | "wordt" | "werd") && i >= 2 && is_persoon(words[i - 2]) {
            out.push((a, wie(words[i - 2])));
        }
    }
    out
}

/// Which person a word names.
fn wie(w: &str) -> Wie {
    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
    match w {
        "ik" => Wie::Ik,
        "zoon" | "dochter" | "kind" | "zoontje" | "dochtertje" | "jongen" | "meisje" | "baby" | "kinderen" => Wie::Kind,
        "man" | "vrouw" | "partner" | "echtgenoot" | "echtgenote" | "vriend" | "vriendin" => Wie::Partner,
        "moeder" | "vader" | "ma" | "pa" => Wie::Ouder,
        _ if w.ends_with("moeder") || w.ends_with("vader") => {
            if w.starts_with("groot") {
                Wie::Ander
            } else {
                Wie::Ouder
            }
        }
        _ if is_persoon(w) && !matches!(w, "mevrouw" | "meneer" | "cliënt" | "client" | "hij" | "zij" | "ze") => {
            Wie::Ander
        }
        _ => Wie::Onbepaald,
    }
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
    fn an_age_belongs_to_its_person() {
        let v = "Jonge moeder met schulden en een huurachterstand, mijn zoon van 9 slaapt slecht";
        assert_eq!(leeftijden_in_vraag(v), vec![(9, Wie::Kind)]);
        assert_eq!(leeftijd_voor(v, HulpVoor::Zelf), None);
        assert_eq!(leeftijd_voor(v, HulpVoor::Kind), Some(9));
        assert_eq!(leeftijd_voor("Mijn moeder (86) moet naar een verpleeghuis", HulpVoor::Ouder), Some(86));
        assert_eq!(leeftijd_voor("Mijn moeder (86) moet naar een verpleeghuis", HulpVoor::Zelf), None);
        assert_eq!(leeftijd_voor("Ik ben 81 en mijn zoon van 50 woont ver weg", HulpVoor::Zelf), Some(81));
        assert_eq!(leeftijd_voor("Ik ben 81 en mijn zoon van 50 woont ver weg", HulpVoor::Kind), Some(50));
        assert_eq!(leeftijd_voor("Mevrouw is 81 jaar en woont alleen", HulpVoor::Zelf), Some(81));
        assert_eq!(leeftijd_voor("een 79-jarige buurman vraagt om hulp", HulpVoor::Ander), Some(79));
        assert_eq!(leeftijd_voor("een 79-jarige buurman vraagt om hulp", HulpVoor::Zelf), None);
        assert_eq!(leeftijd_voor("Mijn vader is 92 en valt vaak", HulpVoor::Ouder), Some(92));
        assert_eq!(leeftijd_voor("dochter, 16 jaar oud, spijbelt", HulpVoor::Kind), Some(16));
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

//! Gemeenten, their areas (mostly former gemeenten) and the places and wijken in them, read from
//! `data/gemeenten.toml`: which gemeente a place belongs to (Winsum, Leens and Uithuizen are Het
//! Hogeland since the merger of 2019), and which names the desk knows, to offer them while typing.
//! Names are compared folded (case and diacritics ignored, hyphens as spaces).

use std::sync::OnceLock;

use serde::Deserialize;

/// The data file, built in.
pub const GEMEENTEN_TOML: &str = include_str!("../../../data/gemeenten.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Gemeente {
    pub naam: String,
    #[serde(default)]
    pub ontstaan: String,
    #[serde(default)]
    pub gebied: Vec<Gebied>,
}

/// A part of a gemeente (a former gemeente, or the city itself) with its places and wijken.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Gebied {
    pub naam: String,
    #[serde(default)]
    pub plaatsen: Vec<String>,
}

#[derive(Deserialize)]
struct Bestand {
    #[serde(default)]
    gemeente: Vec<Gemeente>,
}

/// Parse the data file; an error names what is wrong (Dutch).
pub fn parse(text: &str) -> Result<Vec<Gemeente>, String> {
    let b: Bestand = toml::from_str(text).map_err(|e| format!("gemeenten: kan het bestand niet lezen: {e}"))?;
    Ok(b.gemeente)
}

/// The built-in gemeenten (the data file is checked by the tests, so this cannot fail).
pub fn gemeenten() -> &'static [Gemeente] {
    static G: OnceLock<Vec<Gemeente>> = OnceLock::new();
    G.get_or_init(|| parse(GEMEENTEN_TOML).expect("data/gemeenten.toml is valid"))
}

/// Folded words joined by one space: "Wehe-den Hoorn" → "wehe den hoorn".
pub fn sleutel(s: &str) -> String {
    loket_base::text::words(s).collect::<Vec<_>>().join(" ")
}

/// What a known name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Gemeente,
    /// A part of a gemeente, mostly a former gemeente ("De Marne").
    Gebied,
    /// A village, town or wijk.
    Plaats,
}

/// A name the desk knows: its spelling in the data, what it is, and where it lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bekend {
    pub naam: &'static str,
    pub soort: Soort,
    pub gemeente: &'static str,
    /// The area it lies in (for a gebied: itself; for a gemeente: none).
    pub gebied: Option<&'static str>,
}

/// Every known name, gemeenten first, then areas, then places (data order).
fn alle() -> impl Iterator<Item = Bekend> {
    let gs = gemeenten();
    let g = gs.iter().map(|g| Bekend { naam: &g.naam, soort: Soort::Gemeente, gemeente: &g.naam, gebied: None });
    let a = gs.iter().flat_map(|g| {
        g.gebied.iter().map(move |a| Bekend {
            naam: &a.naam,
            soort: Soort::Gebied,
            gemeente: &g.naam,
            gebied: Some(&a.naam),
        })
    });
    let p = gs.iter().flat_map(|g| {
        g.gebied.iter().flat_map(move |a| {
            a.plaatsen.iter().map(move |p| Bekend {
                naam: p,
                soort: Soort::Plaats,
                gemeente: &g.naam,
                gebied: Some(&a.naam),
            })
        })
    });
    g.chain(a).chain(p)
}

/// Every known name by its folded form, in the order of [`alle`]: looking a place up is a hash
/// lookup (the map's gemeente filter asks for every entry it checks).
fn index() -> &'static std::collections::HashMap<String, Vec<Bekend>> {
    static I: OnceLock<std::collections::HashMap<String, Vec<Bekend>>> = OnceLock::new();
    I.get_or_init(|| {
        let mut m: std::collections::HashMap<String, Vec<Bekend>> = std::collections::HashMap::new();
        for b in alle() {
            m.entry(sleutel(b.naam)).or_default().push(b);
        }
        m
    })
}

/// The known name `naam` (a gemeente before an area before a place), preferring one in
/// `gemeente` when given: "Centrum" in Heerlen is not the Centrum of Groningen.
pub fn zoek(naam: &str, gemeente: Option<&str>) -> Option<Bekend> {
    let k = sleutel(naam);
    if k.is_empty() {
        return None;
    }
    let in_g = gemeente.and_then(|g| zoek(g, None)).map(|b| b.gemeente);
    let mut first = None;
    for &b in index().get(&k).map(Vec::as_slice).unwrap_or(&[]) {
        if in_g.is_none_or(|g| g == b.gemeente) {
            return Some(b);
        }
        first.get_or_insert(b);
    }
    first
}

/// The gemeente of a place, area or gemeente the desk knows.
pub fn gemeente_van(naam: &str) -> Option<&'static str> {
    zoek(naam, None).map(|b| b.gemeente)
}

/// Known names starting with what was typed (folded), gemeenten first when `gemeenten_only`,
/// else places and areas in `gemeente` (or everywhere); at most `max`, without repeats.
pub fn voorstellen(getypt: &str, gemeente: Option<&str>, gemeenten_only: bool, max: usize) -> Vec<&'static str> {
    let k = sleutel(getypt);
    let in_g = gemeente.and_then(gemeente_van);
    let mut out: Vec<&'static str> = Vec::new();
    for b in alle() {
        let soort_past = if gemeenten_only { b.soort == Soort::Gemeente } else { b.soort != Soort::Gemeente };
        if !soort_past || in_g.is_some_and(|g| g != b.gemeente) {
            continue;
        }
        if sleutel(b.naam).starts_with(&k) && !out.iter().any(|x| sleutel(x) == sleutel(b.naam)) {
            out.push(b.naam);
            if out.len() >= max {
                break;
            }
        }
    }
    out
}

/// Places and areas a text names (single words up to three in a row: "De Marne", "Wehe-den
/// Hoorn"), gemeenten included, each with its gemeente.
pub fn genoemd(folded_words: &[String]) -> Vec<Bekend> {
    let mut out = Vec::new();
    for n in 1..=3 {
        for w in folded_words.windows(n) {
            if let Some(b) = zoek(&w.join(" "), None) {
                out.push(b);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_file_parses_and_names_are_unique_within_a_gemeente() {
        let gs = parse(GEMEENTEN_TOML).unwrap();
        assert!(gs.len() >= 3);
        for g in &gs {
            let mut seen = std::collections::HashSet::new();
            for p in g.gebied.iter().flat_map(|a| a.plaatsen.iter()) {
                assert!(seen.insert(sleutel(p)), "{p} twice in {}", g.naam);
            }
        }
    }

    #[test]
    fn the_2019_merger_of_het_hogeland() {
        for (plaats, gebied) in [
            ("Winsum", "Winsum"),
            ("Baflo", "Winsum"),
            ("Leens", "De Marne"),
            ("Uithuizen", "Eemsmond"),
            ("Bedum", "Bedum"),
        ] {
            let b = zoek(plaats, None).unwrap();
            assert_eq!(b.gemeente, "Het Hogeland", "{plaats}");
            assert_eq!(b.gebied, Some(gebied), "{plaats}");
        }
        for g in ["De Marne", "Eemsmond", "Bedum", "Winsum"] {
            assert_eq!(gemeente_van(g), Some("Het Hogeland"));
        }
        assert_eq!(gemeente_van("wehe-den hoorn"), Some("Het Hogeland"));
        assert_eq!(gemeente_van("Ten Boer"), Some("Groningen"));
        assert_eq!(gemeente_van("Hoensbroek"), Some("Heerlen"));
        assert_eq!(gemeente_van("café-wijk"), None);
    }

    #[test]
    fn offers_known_names() {
        assert_eq!(voorstellen("het h", None, true, 5), vec!["Het Hogeland"]);
        let w = voorstellen("w", Some("Het Hogeland"), false, 20);
        assert!(w.contains(&"Winsum") && w.contains(&"Warffum"), "{w:?}");
        assert!(!w.contains(&"Welten"), "Welten is Heerlen: {w:?}");
    }
}

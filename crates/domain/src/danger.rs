//! Signs of danger (and of a threatened eviction) in what the caller says.
//!
//! The words are data: `data/gevaarwoorden.toml`, compiled in and read once by [`bundled`]; a
//! beheerder's own list can be read with [`Gevaarwoorden::parse`]. A list entry stands for more
//! than its literal text: a verb ("slaan") also finds its conjugations ("slaat", "sloeg",
//! "geslagen"), a word its plural and the compounds that end in it ("partnergeweld"), and a
//! phrase allows two other words between its words ("ik wil er gewoon niet meer zijn").
//! Matching is on folded text (lower case, no accents). No I/O, no UI.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use loket_base::text;

/// The bundled word list.
pub const BUNDLED_TOML: &str = include_str!("../../../data/gevaarwoorden.toml");

/// What a sign points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Soort {
    /// Violence, abuse, threats at home → Veilig Thuis (112 when acute).
    Geweld,
    /// Suicidal thoughts → 113.
    Suicide,
    /// Acute threat to life → 112.
    Acuut,
    /// A threatened eviction: spoed, not a crisis.
    Uitzetting,
}

impl Soort {
    pub const ALL: [Soort; 4] = [Soort::Geweld, Soort::Suicide, Soort::Acuut, Soort::Uitzetting];

    pub fn code(self) -> &'static str {
        match self {
            Soort::Geweld => "geweld",
            Soort::Suicide => "suicide",
            Soort::Acuut => "acuut",
            Soort::Uitzetting => "uitzetting",
        }
    }

    /// Dutch, for the crisis panel.
    pub fn label(self) -> &'static str {
        match self {
            Soort::Geweld => "geweld of bedreiging",
            Soort::Suicide => "gedachten aan zelfdoding",
            Soort::Acuut => "acuut levensgevaar",
            Soort::Uitzetting => "dreigende huisuitzetting",
        }
    }

    /// A sign of danger (the crisis routes), as opposed to spoed only.
    pub fn is_gevaar(self) -> bool {
        !matches!(self, Soort::Uitzetting)
    }
}

/// One sign found in a text: its kind and the words that gave it away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signaal {
    pub soort: Soort,
    pub gevonden: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    signaal: Vec<RawSignaal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignaal {
    soort: String,
    #[serde(default)]
    werkwoorden: Vec<String>,
    #[serde(default)]
    woorden: Vec<String>,
    #[serde(default)]
    zinnen: Vec<String>,
}

/// One word of a phrase: any of its alternatives.
type Alternatieven = Vec<String>;

#[derive(Debug, Clone)]
struct Groep {
    soort: Soort,
    /// Every form of every verb, folded.
    vormen: HashSet<String>,
    /// Words: exact, plural or compound tail; a trailing `*` = any word that starts so.
    woorden: Vec<String>,
    zinnen: Vec<Vec<Alternatieven>>,
}

/// A compiled word list.
#[derive(Debug, Clone)]
pub struct Gevaarwoorden {
    groepen: Vec<Groep>,
}

/// At most this many other words may stand between the words of a phrase.
const ZIN_TUSSENRUIMTE: usize = 2;

impl Gevaarwoorden {
    /// Read a list in the format of `data/gevaarwoorden.toml`. `bron` names the file in errors.
    pub fn parse(toml_text: &str, bron: &str) -> Result<Gevaarwoorden, String> {
        let raw: RawFile = toml::from_str(toml_text).map_err(|e| {
            let line = e.span().map(|s| toml_text[..s.start.min(toml_text.len())].matches('\n').count() + 1);
            match line {
                Some(l) => format!("{bron}:{l}: {}", e.message()),
                None => format!("{bron}: {}", e.message()),
            }
        })?;
        let mut groepen = Vec::new();
        for (i, r) in raw.signaal.into_iter().enumerate() {
            let soort = Soort::ALL.into_iter().find(|s| s.code() == r.soort.trim()).ok_or_else(|| {
                format!(
                    "{bron}: signaal {}: soort '{}' is onbekend; kies geweld, suicide, acuut of uitzetting",
                    i + 1,
                    r.soort
                )
            })?;
            let mut vormen = HashSet::new();
            for w in &r.werkwoorden {
                let w = text::fold(w.trim());
                if w.is_empty() || w.contains(' ') {
                    return Err(format!("{bron}: signaal {}: werkwoord '{w}' moet één heel woord zijn", i + 1));
                }
                vormen.extend(vervoegingen(&w));
            }
            let woorden: Vec<String> =
                r.woorden.iter().map(|w| text::fold(w.trim())).filter(|w| !w.is_empty()).collect();
            if let Some(w) = woorden.iter().find(|w| w.contains(' ')) {
                return Err(format!("{bron}: signaal {}: '{w}' is meer dan één woord; zet het bij zinnen", i + 1));
            }
            let zinnen = r
                .zinnen
                .iter()
                .map(|z| {
                    text::fold(z)
                        .split_whitespace()
                        .map(|t| t.split('|').filter(|a| !a.is_empty()).map(str::to_string).collect())
                        .collect::<Vec<Alternatieven>>()
                })
                .filter(|z| !z.is_empty())
                .collect();
            groepen.push(Groep { soort, vormen, woorden, zinnen });
        }
        Ok(Gevaarwoorden { groepen })
    }

    /// Every sign in `tekst`, in the order of the list, at most one per list entry.
    pub fn signalen(&self, tekst: &str) -> Vec<Signaal> {
        let woorden: Vec<String> = text::words(tekst).collect();
        let mut out: Vec<Signaal> = Vec::new();
        let mut push = |soort: Soort, gevonden: String| {
            if !out.iter().any(|s| s.soort == soort && s.gevonden == gevonden) {
                out.push(Signaal { soort, gevonden });
            }
        };
        for g in &self.groepen {
            for w in &woorden {
                if g.vormen.contains(w) || g.woorden.iter().any(|e| woord_past(e, w)) {
                    push(g.soort, w.clone());
                }
            }
            for z in &g.zinnen {
                if let Some((a, b)) = zin_in(z, &woorden) {
                    push(g.soort, woorden[a..=b].join(" "));
                }
            }
        }
        out
    }
}

/// The bundled list, read once.
pub fn bundled() -> &'static Gevaarwoorden {
    static LIST: OnceLock<Gevaarwoorden> = OnceLock::new();
    LIST.get_or_init(|| {
        Gevaarwoorden::parse(BUNDLED_TOML, "data/gevaarwoorden.toml").expect("the bundled list is checked by a test")
    })
}

static ACTIVE: std::sync::RwLock<Option<std::sync::Arc<Gevaarwoorden>>> = std::sync::RwLock::new(None);

/// Use `list` from now on (the one the store holds); `None` goes back to the bundled list.
pub fn set_active(list: Option<Gevaarwoorden>) {
    *ACTIVE.write().unwrap_or_else(|p| p.into_inner()) = list.map(std::sync::Arc::new);
}

/// Signs in `tekst` according to the list in use (the store's, else the bundled one).
pub fn signalen(tekst: &str) -> Vec<Signaal> {
    let active = ACTIVE.read().unwrap_or_else(|p| p.into_inner()).clone();
    match active {
        Some(l) => l.signalen(tekst),
        None => bundled().signalen(tekst),
    }
}

fn woord_past(entry: &str, w: &str) -> bool {
    if let Some(stam) = entry.strip_suffix('*') {
        return !stam.is_empty() && w.starts_with(stam);
    }
    if w == entry {
        return true;
    }
    if let Some(rest) = w.strip_prefix(entry) {
        return matches!(rest, "en" | "s" | "e");
    }
    // The tail of a compound ("partnergeweld", "huisuitzettingen").
    entry.chars().count() >= 5 && (w.ends_with(entry) || w.strip_suffix("en").is_some_and(|x| x.ends_with(entry)))
}

/// Where the phrase `z` occurs in `woorden` (first and last word), with at most
/// [`ZIN_TUSSENRUIMTE`] other words between consecutive words of the phrase.
fn zin_in(z: &[Alternatieven], woorden: &[String]) -> Option<(usize, usize)> {
    let past = |alt: &Alternatieven, w: &str| alt.iter().any(|a| a == w);
    fn rest(
        z: &[Alternatieven],
        woorden: &[String],
        from: usize,
        past: &dyn Fn(&Alternatieven, &str) -> bool,
    ) -> Option<usize> {
        let Some((first, tail)) = z.split_first() else { return from.checked_sub(1) };
        let end = (from + ZIN_TUSSENRUIMTE + 1).min(woorden.len());
        (from..end).filter(|&j| past(first, &woorden[j])).find_map(|j| rest(tail, woorden, j + 1, past))
    }
    let (first, tail) = z.split_first()?;
    (0..woorden.len()).filter(|&i| past(first, &woorden[i])).find_map(|i| {
        if tail.is_empty() {
            Some((i, i))
        } else {
            rest(tail, woorden, i + 1, &past).map(|e| (i, e))
        }
    })
}

/// Strong verbs whose past tense the rules can't make: infinitive, past singular, past plural,
/// past participle. A verb ending in one of these ("doodslaan", "neersteken") takes its forms.
const STERK: &[(&str, &str, &str, &str)] = &[
    ("slaan", "sloeg", "sloegen", "geslagen"),
    ("steken", "stak", "staken", "gestoken"),
    ("bijten", "beet", "beten", "gebeten"),
    ("vechten", "vocht", "vochten", "gevochten"),
    ("sluiten", "sloot", "sloten", "gesloten"),
    ("knijpen", "kneep", "knepen", "geknepen"),
    ("schieten", "schoot", "schoten", "geschoten"),
];

/// Prefixes after which the past participle takes no "ge-".
const ONSCHEIDBAAR: &[&str] = &["be", "ver", "ont", "mis", "her", "ge", "er"];
/// Separable prefixes: "ge-" goes after them ("doodgemaakt", "opgesloten").
const SCHEIDBAAR: &[&str] = &["dood", "neer", "op", "uit", "aan", "af", "in", "mee", "weg", "vast"];

fn is_klinker(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// The stem of a Dutch verb: "slaan" → "sla", "schoppen" → "schop", "steken" → "steek",
/// "mishandelen" → "mishandel", "leven" → "leef".
pub fn stam(infinitief: &str) -> String {
    let w = infinitief;
    if let Some(s) = w.strip_suffix("aan") {
        return format!("{s}a");
    }
    if let Some(s) = w.strip_suffix("oen") {
        return format!("{s}oe");
    }
    let Some(s) = w.strip_suffix("en") else { return w.to_string() };
    let c: Vec<char> = s.chars().collect();
    let n = c.len();
    let mut out: Vec<char> = c.clone();
    if n >= 2 && c[n - 1] == c[n - 2] && !is_klinker(c[n - 1]) {
        out.pop();
    } else if n >= 3
        && !is_klinker(c[n - 1])
        && c[n - 1] != 'w'
        && matches!(c[n - 2], 'a' | 'e' | 'o' | 'u')
        && !is_klinker(c[n - 3])
        && !(n > 4 && c[n - 2] == 'e' && matches!(c[n - 1], 'l' | 'r' | 'n'))
    {
        out.insert(n - 1, c[n - 2]);
    }
    match out.last() {
        Some('v') => *out.last_mut().expect("not empty") = 'f',
        Some('z') => *out.last_mut().expect("not empty") = 's',
        _ => {}
    }
    out.into_iter().collect()
}

/// The forms of a verb a caller may use: the infinitive, the stem with -t (present, third
/// person), the past tense, the past participle, and the noun in -ing. The bare stem (first
/// person) is left out: it is often another word ("sla", "trap").
pub fn vervoegingen(infinitief: &str) -> Vec<String> {
    let inf = infinitief.to_string();
    let mut v = vec![inf.clone()];
    if let Some((basis, ott, ovt_mv, vd)) = STERK.iter().find(|(b, ..)| inf.ends_with(b)) {
        let prefix = &inf[..inf.len() - basis.len()];
        let s = stam(&inf);
        v.push(derde_persoon(&s));
        v.push(format!("{prefix}{ott}"));
        v.push(format!("{prefix}{ovt_mv}"));
        if ONSCHEIDBAAR.contains(&prefix) {
            v.push(format!("{prefix}{}", vd.strip_prefix("ge").unwrap_or(vd)));
        } else {
            v.push(format!("{prefix}{vd}"));
        }
        return v;
    }
    let s = stam(&inf);
    v.push(derde_persoon(&s));
    for suffix in ["te", "ten", "de", "den", "d", "t", "ing", "ingen"] {
        if !(suffix == "t" && s.ends_with('t')) {
            v.push(format!("{s}{suffix}"));
        }
    }
    // past participle: ge- in front, after a separable prefix, or none after an inseparable one
    let (prefix, kern) = match SCHEIDBAAR.iter().find(|p| s.starts_with(*p) && s.len() > p.len() + 1) {
        Some(p) => (*p, &s[p.len()..]),
        None => ("", s.as_str()),
    };
    if !ONSCHEIDBAAR.iter().any(|p| s.starts_with(p)) || !prefix.is_empty() {
        for end in ["t", "d", ""] {
            if end.is_empty() && !(kern.ends_with('t') || kern.ends_with('d')) {
                continue;
            }
            v.push(format!("{prefix}ge{kern}{end}"));
        }
    }
    v.sort();
    v.dedup();
    v
}

/// "sla" → "slaat", "schop" → "schopt", "vecht" → "vecht".
fn derde_persoon(s: &str) -> String {
    if s.ends_with('t') {
        return s.to_string();
    }
    let c: Vec<char> = s.chars().collect();
    let n = c.len();
    if n >= 2 && matches!(c[n - 1], 'a' | 'o' | 'u') && !is_klinker(c[n - 2]) {
        return format!("{s}{}t", c[n - 1]);
    }
    format!("{s}t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soorten(t: &str) -> Vec<Soort> {
        let mut v: Vec<Soort> = signalen(t).into_iter().map(|s| s.soort).collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn the_bundled_list_parses() {
        let l = Gevaarwoorden::parse(BUNDLED_TOML, "data/gevaarwoorden.toml").unwrap();
        assert_eq!(l.groepen.len(), 4);
    }

    #[test]
    fn stems_and_conjugations() {
        assert_eq!(stam("slaan"), "sla");
        assert_eq!(stam("schoppen"), "schop");
        assert_eq!(stam("steken"), "steek");
        assert_eq!(stam("mishandelen"), "mishandel");
        assert_eq!(stam("duwen"), "duw");
        assert_eq!(stam("bedreigen"), "bedreig");
        assert_eq!(stam("leven"), "leef");
        assert_eq!(stam("doen"), "doe");
        let slaan = vervoegingen("slaan");
        for f in ["slaan", "slaat", "sloeg", "sloegen", "geslagen"] {
            assert!(slaan.contains(&f.to_string()), "{f} in {slaan:?}");
        }
        assert!(!slaan.contains(&"sla".to_string()), "the bare stem is also 'lettuce'");
        let b = vervoegingen("bedreigen");
        for f in ["bedreigt", "bedreigde", "bedreigd", "bedreiging"] {
            assert!(b.contains(&f.to_string()), "{f} in {b:?}");
        }
        assert!(vervoegingen("doodslaan").contains(&"doodgeslagen".to_string()));
        assert!(vervoegingen("opsluiten").contains(&"opgesloten".to_string()));
        assert!(vervoegingen("schoppen").contains(&"geschopt".to_string()));
        assert!(vervoegingen("mishandelen").contains(&"mishandeld".to_string()));
    }

    /// Phrasings a caller uses that are not literally in the list.
    #[test]
    fn violence_in_other_words_than_the_list() {
        for t in [
            "mijn vriendin slaat me",
            "Mijn man sloeg me gisteren weer",
            "ze is door haar vader geslagen",
            "hij bedreigt me",
            "mijn ex heeft me bedreigd",
            "Hij schopt de kinderen",
            "ze wordt thuis mishandeld",
            "er is sprake van partnergeweld",
            "vermoeden van kindermishandeling",
            "hij heeft me opgesloten in de badkamer",
            "ik zit onder de blauwe plekken",
            "ik voel me thuis niet meer veilig",
        ] {
            assert!(soorten(t).contains(&Soort::Geweld), "{t}: {:?}", signalen(t));
        }
    }

    #[test]
    fn suicide_in_other_words_than_the_list() {
        for t in [
            "ik wil er niet meer zijn",
            "mijn zoon zegt dat hij er gewoon niet meer wil zijn",
            "hij heeft het over zelfmoord",
            "ze heeft zelfmoordgedachten",
            "Mijn vader is suïcidaal",
            "ik wil niet meer leven",
            "ik wil mezelf iets aandoen",
            "ze wil een einde aan haar leven maken",
        ] {
            assert!(soorten(t).contains(&Soort::Suicide), "{t}: {:?}", signalen(t));
        }
    }

    #[test]
    fn acute_threat() {
        for t in [
            "hij zegt dat hij me doodmaakt",
            "hij heeft een pistool",
            "hij dreigt me te vermoorden",
            "hij maakt me dood",
        ] {
            assert!(soorten(t).contains(&Soort::Acuut), "{t}: {:?}", signalen(t));
        }
    }

    #[test]
    fn eviction_is_spoed_not_danger() {
        for t in [
            "er dreigt een huisuitzetting",
            "de deurwaarder komt morgen",
            "ik moet mijn huis uit",
            "we moeten volgende week ons huis uit",
            "de uitzetting is vrijdag",
        ] {
            assert_eq!(soorten(t), vec![Soort::Uitzetting], "{t}: {:?}", signalen(t));
        }
    }

    #[test]
    fn ordinary_questions_raise_nothing() {
        for t in [
            "Meneer vraagt waar hij hulp bij het huishouden kan krijgen",
            "Mijn moeder (86) moet naar een verpleeghuis",
            "Waar is de voedselbank?",
            "Ik wil graag een slaapkamer op de begane grond",
            "Mevrouw is geslaagd voor haar examen en zoekt werk",
            "Dat was een geweldige dag bij de dagbesteding",
            "Zij wil een trap in huis laten maken, met een sla op tafel",
            "Het gaat niet meer zo goed met lopen",
        ] {
            assert!(signalen(t).is_empty(), "{t}: {:?}", signalen(t));
        }
    }

    #[test]
    fn a_bad_list_says_where() {
        let e = Gevaarwoorden::parse("[[signaal]]\nsoort = \"brand\"\n", "x.toml").unwrap_err();
        assert!(e.contains("x.toml") && e.contains("brand"), "{e}");
        let e = Gevaarwoorden::parse("[[signaal]]\nsoort = \"geweld\"\nwoordjes = []\n", "x.toml").unwrap_err();
        assert!(e.starts_with("x.toml:3"), "{e}");
        let e = Gevaarwoorden::parse("[[signaal]]\nsoort = \"geweld\"\nwoorden = [\"blauwe plek\"]\n", "x.toml")
            .unwrap_err();
        assert!(e.contains("zinnen"), "{e}");
    }
}

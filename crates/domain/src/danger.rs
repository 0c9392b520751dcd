//! Signs of danger (and of a threatened eviction) in what the caller says, in two tiers.
//!
//! - **crisis**: clear danger; the crisis panel goes up at once (112, Veilig Thuis, 113).
//! - **doorvragen**: a possible sign; the worker is asked to ask one direct question (113's
//!   advice: "Denkt u weleens aan zelfdoding?"; for violence the first steps of the meldcode).
//!
//! The patterns are data: `data/gevaarwoorden.toml`, compiled in and read once by [`bundled`]; a
//! beheerder's own list is read with [`Gevaarwoorden::parse`]. A list in the format of before
//! the tiers (only `soort`, `werkwoorden`, `woorden`, `zinnen`) still reads: its old kinds
//! (`geweld`, `suicide`, `acuut`, `uitzetting`) are categories here, at the crisis tier.
//!
//! What an entry stands for:
//! - a verb ("slaan") finds its conjugations from the tables below ("slaat", "sloeg",
//!   "geslagen", "doodgeslagen"), and beside them every word the Dutch Snowball stemmer brings to
//!   the stem of one of those forms (the bare stem "sla" never counts: it is often another word);
//! - a word finds its plural and the compounds that end in it ("partnergeweld"); `x*` any word
//!   that starts with x;
//! - a phrase (`zinnen`) allows two other words between its words, within one sentence; a `$`
//!   at its end asks that its last word ends the clause (a punctuation mark, a comma or the end
//!   follows): "ik wil niet meer $" but not "ik wil niet meer naar de dagbesteding";
//! - a combination (`samen`, "A + B") finds its parts in any order within ten words of one
//!   sentence: who does what to whom ("@slaan + me|mij|haar"), objects with verbs
//!   ("pillen + @sparen");
//! - a guard (`behalve`, a phrase or a combination) takes back a sign whose words it covers:
//!   the everyday sense ("de deur slaat dicht", "de rolstoel duwen").
//!
//! In phrases, combinations and guards `a|b` are alternatives, `@verb` is a verb with all its
//! forms, `x*` a word that starts so, `*x` a word that ends so (the tail of a compound). Matching is on folded text (lower case, no accents). No
//! I/O, no UI.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock, RwLock};

use serde::Deserialize;

use loket_base::text;

/// The bundled word list.
pub const BUNDLED_TOML: &str = include_str!("../../../data/gevaarwoorden.toml");

/// How sure a sign is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Niveau {
    /// No sign of danger (an eviction is spoed at this tier).
    #[default]
    Geen,
    /// A possible sign: ask one direct question.
    Doorvragen,
    /// Clear danger: the crisis panel.
    Crisis,
}

impl Niveau {
    pub const ALL: [Niveau; 3] = [Niveau::Geen, Niveau::Doorvragen, Niveau::Crisis];

    pub fn code(self) -> &'static str {
        match self {
            Niveau::Geen => "geen",
            Niveau::Doorvragen => "doorvragen",
            Niveau::Crisis => "crisis",
        }
    }
}

/// Where a sign is referred to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// Violence, abuse, neglect or exploitation at home, of a child, of an elderly person;
    /// honour-related violence; forced marriage.
    VeiligThuis,
    /// Suicide and self-harm.
    Lijn113,
    /// Stalking, extortion, human trafficking.
    Politie,
    /// Acute danger.
    Alarm112,
    /// A threatened eviction: spoed, no crisis line.
    Spoed,
}

impl Route {
    pub fn label(self) -> &'static str {
        match self {
            Route::VeiligThuis => "Veilig Thuis 0800-2000",
            Route::Lijn113 => "113 (0800-0113)",
            Route::Politie => "politie 0900-8844",
            Route::Alarm112 => "112",
            Route::Spoed => "spoed",
        }
    }
}

/// What a sign points to: its category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Soort {
    /// Violence, threats, control at home (partner, family) → Veilig Thuis.
    HuiselijkGeweld,
    /// Child abuse and neglect → Veilig Thuis.
    Kindermishandeling,
    /// Elder abuse, including financial exploitation → Veilig Thuis.
    Ouderenmishandeling,
    /// Sexual violence → Veilig Thuis.
    SeksueelGeweld,
    /// Honour-related violence and forced marriage → Veilig Thuis.
    Eergerelateerd,
    /// Stalking → the police.
    Stalking,
    /// Exploitation: human trafficking, loverboys, sextortion, extortion → the police.
    Uitbuiting,
    /// Suicidal thoughts → 113.
    Zelfdoding,
    /// Self-harm → 113.
    Zelfbeschadiging,
    /// Acute threat to life → 112.
    Acuut,
    /// A threatened eviction: spoed, not a crisis.
    Uitzetting,
}

impl Soort {
    pub const ALL: [Soort; 11] = [
        Soort::HuiselijkGeweld,
        Soort::Kindermishandeling,
        Soort::Ouderenmishandeling,
        Soort::SeksueelGeweld,
        Soort::Eergerelateerd,
        Soort::Stalking,
        Soort::Uitbuiting,
        Soort::Zelfdoding,
        Soort::Zelfbeschadiging,
        Soort::Acuut,
        Soort::Uitzetting,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Soort::HuiselijkGeweld => "huiselijk_geweld",
            Soort::Kindermishandeling => "kindermishandeling",
            Soort::Ouderenmishandeling => "ouderenmishandeling",
            Soort::SeksueelGeweld => "seksueel_geweld",
            Soort::Eergerelateerd => "eergerelateerd",
            Soort::Stalking => "stalking",
            Soort::Uitbuiting => "uitbuiting",
            Soort::Zelfdoding => "zelfdoding",
            Soort::Zelfbeschadiging => "zelfbeschadiging",
            Soort::Acuut => "acuut",
            Soort::Uitzetting => "uitzetting",
        }
    }

    /// The category for a code, also the codes of the lists from before the categories
    /// (`geweld`, `suicide`).
    pub fn from_code(code: &str) -> Option<Soort> {
        match code.trim() {
            "geweld" => Some(Soort::HuiselijkGeweld),
            "suicide" => Some(Soort::Zelfdoding),
            c => Soort::ALL.into_iter().find(|s| s.code() == c),
        }
    }

    /// Dutch, for the crisis panel.
    pub fn label(self) -> &'static str {
        match self {
            Soort::HuiselijkGeweld => "huiselijk geweld of bedreiging",
            Soort::Kindermishandeling => "kindermishandeling of verwaarlozing",
            Soort::Ouderenmishandeling => "ouderenmishandeling of financiële uitbuiting",
            Soort::SeksueelGeweld => "seksueel geweld",
            Soort::Eergerelateerd => "eergerelateerd geweld of huwelijksdwang",
            Soort::Stalking => "stalking",
            Soort::Uitbuiting => "uitbuiting, mensenhandel of afpersing",
            Soort::Zelfdoding => "gedachten aan zelfdoding",
            Soort::Zelfbeschadiging => "zelfbeschadiging",
            Soort::Acuut => "acuut levensgevaar",
            Soort::Uitzetting => "dreigende huisuitzetting",
        }
    }

    /// Where it is referred to (112 comes first in every category when the danger is acute).
    pub fn route(self) -> Route {
        match self {
            Soort::HuiselijkGeweld
            | Soort::Kindermishandeling
            | Soort::Ouderenmishandeling
            | Soort::SeksueelGeweld
            | Soort::Eergerelateerd => Route::VeiligThuis,
            Soort::Stalking | Soort::Uitbuiting => Route::Politie,
            Soort::Zelfdoding | Soort::Zelfbeschadiging => Route::Lijn113,
            Soort::Acuut => Route::Alarm112,
            Soort::Uitzetting => Route::Spoed,
        }
    }

    /// A sign of danger (the crisis routes), as opposed to spoed only.
    pub fn is_gevaar(self) -> bool {
        !matches!(self, Soort::Uitzetting)
    }

    /// The question to ask at the doorvragen tier, in the words a worker says aloud.
    pub fn doorvraag(self) -> &'static str {
        match self.route() {
            Route::Lijn113 => "Denkt u weleens aan zelfdoding?",
            Route::VeiligThuis => "Voelt u zich thuis veilig? Doet iemand u of de kinderen pijn of bedreigt iemand u?",
            Route::Politie => "Wordt u bedreigd, gevolgd of ergens toe gedwongen?",
            Route::Alarm112 => "Is er nu gevaar? Bel dan 112.",
            Route::Spoed => "",
        }
    }

    /// What to do besides the question (113's advice; the first steps of the meldcode).
    pub fn stappen(self) -> &'static [&'static str] {
        match self.route() {
            Route::Lijn113 => &[
                "Vraag het rechtstreeks; erover praten brengt iemand niet op het idee.",
                "Ja: blijf in gesprek en verwijs naar 113 (0800-0113); bij direct gevaar 112.",
            ],
            Route::VeiligThuis => &[
                "Meldcode stap 1: leg vast wat u hoort en ziet, in de woorden van de beller.",
                "Stap 2: overleg met een collega of Veilig Thuis (0800-2000); bij direct gevaar 112.",
            ],
            Route::Politie => &[
                "Leg vast wat u hoort; bij direct gevaar 112, anders de politie (0900-8844).",
                "Bij uitbuiting of huiselijke situatie ook Veilig Thuis (0800-2000).",
            ],
            Route::Alarm112 => &["Bel 112 terwijl de beller aan de lijn blijft."],
            Route::Spoed => &[],
        }
    }
}

/// One sign found in a text: its category, tier and the words that gave it away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signaal {
    pub soort: Soort,
    pub niveau: Niveau,
    pub gevonden: String,
}

/// What a text gives: the highest tier among its signs of danger and the signs themselves.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Uitslag {
    pub niveau: Niveau,
    pub signalen: Vec<Signaal>,
}

impl Uitslag {
    /// The sign that sets the tier (the first of the highest tier), if any.
    pub fn hoofd(&self) -> Option<&Signaal> {
        let gevaar = || self.signalen.iter().filter(|s| s.soort.is_gevaar());
        let hoogste = gevaar().map(|s| s.niveau).max()?;
        gevaar().find(|s| s.niveau == hoogste)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// Guards for every category.
    #[serde(default)]
    behalve: Vec<String>,
    signaal: Vec<RawSignaal>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignaal {
    soort: String,
    #[serde(default)]
    niveau: Option<String>,
    #[serde(default)]
    werkwoorden: Vec<String>,
    #[serde(default)]
    woorden: Vec<String>,
    #[serde(default)]
    zinnen: Vec<String>,
    #[serde(default)]
    samen: Vec<String>,
    #[serde(default)]
    behalve: Vec<String>,
}

/// One word of a pattern: any of these atoms.
type Tok = Vec<u32>;

#[derive(Debug, Clone)]
enum Patroon {
    /// In this order, at most [`ZIN_TUSSENRUIMTE`] other words between; with `true`, the last
    /// word ends its clause (a trailing `$` in the list: "ik wil niet meer $", not "ik wil niet
    /// meer naar de dagbesteding").
    Zin(Vec<Tok>, bool),
    /// In any order, within [`SAMEN_VENSTER`] words.
    Samen(Vec<Tok>),
}

#[derive(Debug, Clone)]
struct Groep {
    soort: Soort,
    niveau: Niveau,
    /// Single words and verbs: any of these atoms.
    enkel: Vec<u32>,
    patronen: Vec<Patroon>,
    behalve: Vec<Patroon>,
}

/// FNV-1a for the short keys of the lookups (words, tails): each word of the question is looked
/// up on every keystroke, and the default SipHash costs more than the rest of a lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type Snel = BuildHasherDefault<Fnv>;
type Kaart<V> = HashMap<String, V, Snel>;

/// A compiled word list.
#[derive(Debug, Clone, Default)]
pub struct Gevaarwoorden {
    groepen: Vec<Groep>,
    behalve: Vec<Patroon>,
    /// Atom ids by the exact folded word (words with their plurals, verb forms, literal words).
    exact: Kaart<Vec<u32>>,
    /// Atom ids of words by the tail of a compound they end (at least four letters).
    staarten: Kaart<Vec<u32>>,
    /// Atom ids of `x*` entries by x.
    begin: Kaart<Vec<u32>>,
    /// Atom ids of verbs by the Snowball stem of their forms, with the bare stem not to count.
    stemmen: Kaart<Vec<(u32, String)>>,
    atomen: Kaart<u32>,
    /// The lengths (bytes) of the keys of `staarten` and `begin`: only those are looked up.
    staart_lengtes: Vec<usize>,
    begin_lengtes: Vec<usize>,
    /// The last four bytes of every tail: a word that ends otherwise ends no tail, and its
    /// lengths are not tried.
    staart_eind: HashSet<[u8; 4], Snel>,
    /// The first two bytes of every `x*` entry, unless one is shorter (`begin_kort`).
    begin_twee: HashSet<[u8; 2], Snel>,
    begin_kort: bool,
    /// The first three bytes of every stem in `stemmen`: Snowball's Dutch stemmer never changes
    /// them (its region R1 starts at the fourth letter at the earliest), so a word that starts
    /// otherwise is not stemmed at all.
    stem_begin: HashSet<[u8; 3], Snel>,
}

/// At most this many other words may stand between the words of a phrase.
const ZIN_TUSSENRUIMTE: usize = 2;
/// The parts of a combination stand within this many words of each other.
const SAMEN_VENSTER: usize = 10;

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static S: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    S.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Dutch))
}

/// The Snowball (Dutch) stem of a folded word.
pub fn snowball(w: &str) -> String {
    stemmer().stem(w).into_owned()
}

/// One word of the text.
struct Woord {
    w: String,
    zin: u32,
    atomen: Vec<u32>,
    /// The last word of its clause: a punctuation mark (also a comma) or the end follows.
    eind: bool,
}

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
        let mut l = Gevaarwoorden::default();
        for b in &raw.behalve {
            let p = l.patroon(b).map_err(|e| format!("{bron}: behalve '{b}': {e}"))?;
            l.behalve.push(p);
        }
        for (i, r) in raw.signaal.into_iter().enumerate() {
            let nr = i + 1;
            let soort = Soort::from_code(&r.soort).ok_or_else(|| {
                let codes: Vec<&str> = Soort::ALL.iter().map(|s| s.code()).collect();
                format!("{bron}: signaal {nr}: soort '{}' is onbekend; kies {}", r.soort, codes.join(", "))
            })?;
            let niveau = match r.niveau.as_deref().map(str::trim) {
                None => {
                    if soort.is_gevaar() {
                        Niveau::Crisis
                    } else {
                        Niveau::Geen
                    }
                }
                Some(n) => Niveau::ALL.into_iter().find(|x| x.code() == n).ok_or_else(|| {
                    format!("{bron}: signaal {nr}: niveau '{n}' is onbekend; kies geen, doorvragen of crisis")
                })?,
            };
            let mut enkel = Vec::new();
            for w in &r.werkwoorden {
                let w = text::fold(w.trim());
                if w.is_empty() || w.contains(' ') {
                    return Err(format!("{bron}: signaal {nr}: werkwoord '{w}' moet één heel woord zijn"));
                }
                enkel.push(l.werkwoord(&w));
            }
            for w in &r.woorden {
                let w = text::fold(w.trim());
                if w.is_empty() {
                    continue;
                }
                if w.contains(' ') {
                    return Err(format!("{bron}: signaal {nr}: '{w}' is meer dan één woord; zet het bij zinnen"));
                }
                enkel.push(l.woord(&w));
            }
            let mut patronen = Vec::new();
            for z in &r.zinnen {
                if z.contains(" + ") {
                    return Err(format!("{bron}: signaal {nr}: '{z}' heeft een +; zet het bij samen"));
                }
                if let Some(p) = l.zin(z).map_err(|e| format!("{bron}: signaal {nr}: zin '{z}': {e}"))? {
                    patronen.push(p);
                }
            }
            for s in &r.samen {
                if !s.contains(" + ") {
                    return Err(format!("{bron}: signaal {nr}: samen '{s}' heeft geen + tussen de delen"));
                }
                patronen.push(l.patroon(s).map_err(|e| format!("{bron}: signaal {nr}: samen '{s}': {e}"))?);
            }
            let mut behalve = Vec::new();
            for b in &r.behalve {
                behalve.push(l.patroon(b).map_err(|e| format!("{bron}: signaal {nr}: behalve '{b}': {e}"))?);
            }
            enkel.sort_unstable();
            enkel.dedup();
            l.groepen.push(Groep { soort, niveau, enkel, patronen, behalve });
        }
        let lengtes = |m: &Kaart<Vec<u32>>| {
            let mut v: Vec<usize> = m.keys().map(String::len).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        l.stem_begin = l.stemmen.keys().filter_map(|k| k.as_bytes().get(..3)?.try_into().ok()).collect();
        l.staart_lengtes = lengtes(&l.staarten);
        l.staart_eind = l.staarten.keys().filter_map(|k| k.as_bytes().last_chunk::<4>().copied()).collect();
        l.begin_kort = l.begin.keys().any(|k| k.len() < 2);
        l.begin_twee = l.begin.keys().filter_map(|k| k.as_bytes().first_chunk::<2>().copied()).collect();
        l.begin_lengtes = lengtes(&l.begin);
        Ok(l)
    }

    fn atoom(&mut self, sleutel: String) -> (u32, bool) {
        let n = self.atomen.len() as u32;
        match self.atomen.entry(sleutel) {
            std::collections::hash_map::Entry::Occupied(e) => (*e.get(), false),
            std::collections::hash_map::Entry::Vacant(e) => (*e.insert(n), true),
        }
    }

    fn voeg(map: &mut Kaart<Vec<u32>>, k: String, id: u32) {
        let v = map.entry(k).or_default();
        if !v.contains(&id) {
            v.push(id);
        }
    }

    fn werkwoord(&mut self, inf: &str) -> u32 {
        let (id, nieuw) = self.atoom(format!("@{inf}"));
        if nieuw {
            let kaal = stam(inf);
            for f in vervoegingen(inf) {
                let s = snowball(&f);
                if s.chars().count() >= 4 {
                    let v = self.stemmen.entry(s).or_default();
                    if !v.iter().any(|(a, _)| *a == id) {
                        v.push((id, kaal.clone()));
                    }
                }
                Self::voeg(&mut self.exact, f, id);
            }
        }
        id
    }

    /// A word entry: exact, plural, compound tail; `x*` any word that starts with x.
    fn woord(&mut self, w: &str) -> u32 {
        if let Some(b) = w.strip_suffix('*') {
            let (id, nieuw) = self.atoom(w.to_string());
            if nieuw && !b.is_empty() {
                Self::voeg(&mut self.begin, b.to_string(), id);
            }
            return id;
        }
        let (id, nieuw) = self.atoom(format!("={w}"));
        if nieuw {
            for s in ["", "en", "s", "e"] {
                Self::voeg(&mut self.exact, format!("{w}{s}"), id);
            }
            if w.chars().count() >= 5 {
                Self::voeg(&mut self.staarten, w.to_string(), id);
            }
        }
        id
    }

    /// `*x` in a pattern: x itself or any word that ends in x ("slaapmedicatie" for `*medicatie`).
    fn staart(&mut self, x: &str) -> u32 {
        let (id, nieuw) = self.atoom(format!("*{x}"));
        if nieuw {
            Self::voeg(&mut self.exact, x.to_string(), id);
            Self::voeg(&mut self.staarten, x.to_string(), id);
        }
        id
    }

    /// A literal word in a pattern (only itself).
    fn letterlijk(&mut self, w: &str) -> u32 {
        let (id, nieuw) = self.atoom(format!("'{w}"));
        if nieuw {
            Self::voeg(&mut self.exact, w.to_string(), id);
        }
        id
    }

    fn tok(&mut self, t: &str) -> Result<Tok, String> {
        let mut v = Vec::new();
        for a in t.split('|').filter(|a| !a.is_empty()) {
            let id = if let Some(verb) = a.strip_prefix('@') {
                if verb.is_empty() {
                    return Err("@ zonder werkwoord".into());
                }
                self.werkwoord(verb)
            } else if let Some(staart) = a.strip_prefix('*') {
                if staart.chars().count() < 4 {
                    return Err(format!("'{a}' is te kort (een staart heeft vier letters of meer)"));
                }
                self.staart(staart)
            } else if a.ends_with('*') {
                if a.len() < 3 {
                    return Err(format!("'{a}' is te kort"));
                }
                self.woord(a)
            } else {
                self.letterlijk(a)
            };
            v.push(id);
        }
        if v.is_empty() {
            return Err("leeg woord".into());
        }
        v.sort_unstable();
        Ok(v)
    }

    fn zin(&mut self, z: &str) -> Result<Option<Patroon>, String> {
        let folded = text::fold(z);
        let mut delen: Vec<&str> = folded.split_whitespace().collect();
        let eind = delen.last() == Some(&"$");
        if eind {
            delen.pop();
        }
        if delen.contains(&"$") {
            return Err("$ (einde van de zin) mag alleen aan het eind staan".to_string());
        }
        let toks = delen.into_iter().map(|t| self.tok(t)).collect::<Result<Vec<Tok>, String>>()?;
        Ok((!toks.is_empty()).then_some(Patroon::Zin(toks, eind)))
    }

    /// A phrase, or with " + " a combination.
    fn patroon(&mut self, p: &str) -> Result<Patroon, String> {
        if p.contains(" + ") {
            let folded = text::fold(p);
            let mut toks = Vec::new();
            for deel in folded.split(" + ") {
                let deel = deel.trim();
                if deel.is_empty() || deel.contains(' ') {
                    return Err(format!("deel '{deel}' moet één woord zijn (met | voor alternatieven)"));
                }
                toks.push(self.tok(deel)?);
            }
            Ok(Patroon::Samen(toks))
        } else {
            self.zin(p)?.ok_or_else(|| "leeg".to_string())
        }
    }

    fn woorden(&self, tekst: &str) -> Vec<Woord> {
        let mut out = Vec::new();
        let mut zin = 0u32;
        let mut cur = String::new();
        let flush = |cur: &mut String, zin: u32, out: &mut Vec<Woord>| {
            if !cur.is_empty() {
                let w = text::fold(cur);
                cur.clear();
                let atomen = self.atomen_van(&w);
                out.push(Woord { w, zin, atomen, eind: false });
            }
        };
        for c in tekst.chars() {
            if c.is_alphanumeric() {
                cur.push(c);
            } else {
                flush(&mut cur, zin, &mut out);
                if matches!(c, '.' | '!' | '?' | ';' | '\n' | ',' | ':') {
                    if let Some(w) = out.last_mut() {
                        w.eind = true;
                    }
                }
                if matches!(c, '.' | '!' | '?' | ';' | '\n') {
                    zin += 1;
                }
            }
        }
        flush(&mut cur, zin, &mut out);
        if let Some(w) = out.last_mut() {
            w.eind = true;
        }
        out
    }

    fn atomen_van(&self, w: &str) -> Vec<u32> {
        let mut v: Vec<u32> = Vec::new();
        if let Some(a) = self.exact.get(w) {
            v.extend(a);
        }
        // the tail of a compound (also of its plural in -en): only the lengths the list has
        let kern = w.strip_suffix("en").filter(|k| !k.is_empty());
        for basis in std::iter::once(w).chain(kern) {
            if !basis.as_bytes().last_chunk::<4>().is_some_and(|e| self.staart_eind.contains(e)) {
                continue;
            }
            for &n in self.staart_lengtes.iter().take_while(|&&n| n < basis.len()) {
                let i = basis.len() - n;
                if basis.is_char_boundary(i) {
                    if let Some(a) = self.staarten.get(&basis[i..]) {
                        v.extend(a);
                    }
                }
            }
        }
        // `x*`: a word that starts with x
        let kan_beginnen =
            self.begin_kort || w.as_bytes().first_chunk::<2>().is_some_and(|b| self.begin_twee.contains(b));
        for &n in self.begin_lengtes.iter().take_while(|&&n| kan_beginnen && n <= w.len()) {
            if w.is_char_boundary(n) {
                if let Some(a) = self.begin.get(&w[..n]) {
                    v.extend(a);
                }
            }
        }
        let begint = w.as_bytes().get(..3).and_then(|b| <[u8; 3]>::try_from(b).ok());
        if w.len() >= 4 && begint.is_some_and(|b| self.stem_begin.contains(&b)) && w.chars().all(|c| c.is_alphabetic())
        {
            let s = snowball(w);
            if let Some(a) = self.stemmen.get(&s) {
                v.extend(a.iter().filter(|(_, kaal)| kaal != w).map(|(id, _)| *id));
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The signs in `tekst` and its tier.
    pub fn beoordeel(&self, tekst: &str) -> Uitslag {
        let woorden = self.woorden(tekst);
        let mut signalen: Vec<Signaal> = Vec::new();
        // only words the list knows can start a pattern
        let kand: Vec<usize> = (0..woorden.len()).filter(|&i| !woorden[i].atomen.is_empty()).collect();
        if kand.is_empty() {
            return Uitslag::default();
        }
        // the guards are sought only once a group has found something
        let mut globaal: Option<Vec<Vec<usize>>> = None;
        for g in &self.groepen {
            let mut gevonden: Vec<Vec<usize>> = Vec::new();
            if !g.enkel.is_empty() {
                for &i in &kand {
                    if woorden[i].atomen.iter().any(|a| g.enkel.binary_search(a).is_ok()) {
                        gevonden.push(vec![i]);
                    }
                }
            }
            // per pattern every place it occurs; the first unguarded one counts
            let mut per_patroon: Vec<Vec<Vec<usize>>> = Vec::new();
            for p in &g.patronen {
                let v = alle(p, &woorden, &kand);
                if !v.is_empty() {
                    per_patroon.push(v);
                }
            }
            if gevonden.is_empty() && per_patroon.is_empty() {
                continue;
            }
            let globaal =
                globaal.get_or_insert_with(|| self.behalve.iter().flat_map(|b| alle(b, &woorden, &kand)).collect());
            let eigen: Vec<Vec<usize>> = g.behalve.iter().flat_map(|b| alle(b, &woorden, &kand)).collect();
            let bewaakt = |pos: &[usize]| globaal.iter().chain(eigen.iter()).any(|b| pos.iter().any(|p| b.contains(p)));
            let mut push = |pos: Vec<usize>| {
                let gevonden = beschrijf(&pos, &woorden);
                if !signalen.iter().any(|s| s.soort == g.soort && s.gevonden == gevonden) {
                    signalen.push(Signaal { soort: g.soort, niveau: g.niveau, gevonden });
                }
            };
            for pos in gevonden {
                if !bewaakt(&pos) {
                    push(pos);
                }
            }
            for v in per_patroon {
                if let Some(pos) = v.into_iter().find(|pos| !bewaakt(pos)) {
                    push(pos);
                }
            }
        }
        // a category found at the crisis tier needs no doorvragen besides
        let crisis: Vec<Soort> = signalen.iter().filter(|s| s.niveau == Niveau::Crisis).map(|s| s.soort).collect();
        signalen.retain(|s| s.niveau == Niveau::Crisis || !crisis.contains(&s.soort));
        let niveau = signalen.iter().filter(|s| s.soort.is_gevaar()).map(|s| s.niveau).max().unwrap_or_default();
        Uitslag { niveau, signalen }
    }

    /// Every sign in `tekst`, in the order of the list, at most one per words found.
    pub fn signalen(&self, tekst: &str) -> Vec<Signaal> {
        self.beoordeel(tekst).signalen
    }
}

fn past(tok: &Tok, w: &Woord) -> bool {
    w.atomen.iter().any(|a| tok.binary_search(a).is_ok())
}

/// Every place the pattern occurs (the positions of its words), at most one per start word.
/// `kand` are the positions of the words the list knows (only they can match a part).
fn alle(p: &Patroon, woorden: &[Woord], kand: &[usize]) -> Vec<Vec<usize>> {
    match p {
        Patroon::Zin(z, eind) => {
            let Some((first, tail)) = z.split_first() else { return Vec::new() };
            let mut out = Vec::new();
            for &i in kand {
                if !past(first, &woorden[i]) {
                    continue;
                }
                let mut pos = vec![i];
                if rest(tail, woorden, i + 1, woorden[i].zin, &mut pos)
                    && (!*eind || woorden[*pos.last().expect("not empty")].eind)
                {
                    // the whole span: a guard covers the words between too
                    let (a, b) = (pos[0], *pos.last().expect("not empty"));
                    out.push((a..=b).collect());
                }
            }
            out
        }
        Patroon::Samen(delen) => {
            let Some((first, tail)) = delen.split_first() else { return Vec::new() };
            let mut out = Vec::new();
            for &i in kand {
                if !past(first, &woorden[i]) {
                    continue;
                }
                let zin = woorden[i].zin;
                // nearest first, after before before ("vriendin slaat me": "slaat me")
                let dichtbij = (1..=SAMEN_VENSTER)
                    .flat_map(|d| [i.checked_add(d), i.checked_sub(d)])
                    .flatten()
                    .filter(|&j| j < woorden.len() && woorden[j].zin == zin);
                let mut pos = vec![i];
                let mut ok = true;
                for t in tail {
                    match dichtbij.clone().find(|&j| !pos.contains(&j) && past(t, &woorden[j])) {
                        Some(j) => pos.push(j),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    pos.sort_unstable();
                    out.push(pos);
                }
            }
            out
        }
    }
}

fn rest(z: &[Tok], woorden: &[Woord], from: usize, zin: u32, pos: &mut Vec<usize>) -> bool {
    let Some((first, tail)) = z.split_first() else { return true };
    let end = (from + ZIN_TUSSENRUIMTE + 1).min(woorden.len());
    for j in from..end {
        if woorden[j].zin != zin {
            break;
        }
        if past(first, &woorden[j]) {
            pos.push(j);
            if rest(tail, woorden, j + 1, zin, pos) {
                return true;
            }
            pos.pop();
        }
    }
    false
}

/// The words found: consecutive words joined by a space, a gap shown as " … ".
fn beschrijf(pos: &[usize], woorden: &[Woord]) -> String {
    let mut s = String::new();
    for (k, &p) in pos.iter().enumerate() {
        if k > 0 {
            s.push_str(if p == pos[k - 1] + 1 { " " } else { " … " });
        }
        s.push_str(&woorden[p].w);
    }
    s
}

/// The bundled list, read once.
pub fn bundled() -> &'static Gevaarwoorden {
    static LIST: OnceLock<Gevaarwoorden> = OnceLock::new();
    LIST.get_or_init(|| {
        Gevaarwoorden::parse(BUNDLED_TOML, "data/gevaarwoorden.toml").expect("the bundled list is checked by a test")
    })
}

static ACTIVE: RwLock<Option<Arc<Gevaarwoorden>>> = RwLock::new(None);

/// Use `list` from now on (the one the store holds); `None` goes back to the bundled list.
pub fn set_active(list: Option<Gevaarwoorden>) {
    *ACTIVE.write().unwrap_or_else(|p| p.into_inner()) = list.map(Arc::new);
}

/// The tier and signs of `tekst` according to the list in use (the store's, else the bundled).
pub fn beoordeel(tekst: &str) -> Uitslag {
    let active = ACTIVE.read().unwrap_or_else(|p| p.into_inner()).clone();
    match active {
        Some(l) => l.beoordeel(tekst),
        None => bundled().beoordeel(tekst),
    }
}

/// Signs in `tekst` according to the list in use (the store's, else the bundled one).
pub fn signalen(tekst: &str) -> Vec<Signaal> {
    beoordeel(tekst).signalen
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
    ("vallen", "viel", "vielen", "gevallen"),
    ("binden", "bond", "bonden", "gebonden"),
    ("dwingen", "dwong", "dwongen", "gedwongen"),
    ("verdwijnen", "verdween", "verdwenen", "verdwenen"),
    ("schelden", "schold", "scholden", "gescholden"),
    ("gooien", "gooide", "gooiden", "gegooid"),
    ("nemen", "nam", "namen", "genomen"),
    ("springen", "sprong", "sprongen", "gesprongen"),
    ("hangen", "hing", "hingen", "gehangen"),
    ("kopen", "kocht", "kochten", "gekocht"),
    ("geven", "gaf", "gaven", "gegeven"),
    ("krijgen", "kreeg", "kregen", "gekregen"),
    ("houden", "hield", "hielden", "gehouden"),
    ("snijden", "sneed", "sneden", "gesneden"),
    ("schrijven", "schreef", "schreven", "geschreven"),
    ("trekken", "trok", "trokken", "getrokken"),
    ("doen", "deed", "deden", "gedaan"),
    ("stelen", "stal", "stalen", "gestolen"),
    ("zitten", "zat", "zaten", "gezeten"),
    ("laten", "liet", "lieten", "gelaten"),
];

/// Prefixes after which the past participle takes no "ge-".
const ONSCHEIDBAAR: &[&str] = &["be", "ver", "ont", "mis", "her", "ge", "er"];
/// Separable prefixes: "ge-" goes after them ("doodgemaakt", "opgesloten").
const SCHEIDBAAR: &[&str] = &[
    "dood", "neer", "open", "op", "uit", "aan", "af", "in", "mee", "weg", "vast", "lastig", "door", "over", "dicht",
    "toe", "om", "terug",
];

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
        v.sort();
        v.dedup();
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
mod tests;

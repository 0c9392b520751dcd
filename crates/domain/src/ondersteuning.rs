//! Cliëntondersteuners: the people of the backoffice who take a complex question further
//! (seed 004): who they are, which kind, for whom, in which gemeenten, and when and where they
//! can be booked.
//!
//! These types are stored (bincode) and read from the human-edited data file
//! `data/ondersteuners.toml`, so they avoid `flatten`, `skip` and `untagged`. Times of day are
//! kept as minutes after midnight and written as `"HH:MM"` (in TOML and in storage alike).

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::hours::DAYS;
use super::kaart::Doelgroep;

/// The kind of cliëntondersteuner (seed 004: local professionals and volunteers, provincial
/// MEE and VIP) plus the sociaal (wijk)team and the Wmo-consulent for the other routes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OndersteunerSoort {
    Ouderenadviseur,
    Seniorenvoorlichter,
    AllochtoneZorgconsulent,
    /// Voorlichter Eigen Taal en Cultuur (allochtone intermediair).
    Vetc,
    /// Algemeen maatschappelijk werk.
    Amw,
    /// Provincial: people with a disability.
    Mee,
    /// Provincial: mental health (GGz).
    VipGgz,
    /// Sociaal (buurt)team; in Groningen the WIJ-team.
    WijTeam,
    /// The municipality's Wmo-consulent (route: melding).
    WmoConsulent,
}

impl OndersteunerSoort {
    pub const ALL: [OndersteunerSoort; 9] = [
        OndersteunerSoort::Ouderenadviseur,
        OndersteunerSoort::Seniorenvoorlichter,
        OndersteunerSoort::AllochtoneZorgconsulent,
        OndersteunerSoort::Vetc,
        OndersteunerSoort::Amw,
        OndersteunerSoort::Mee,
        OndersteunerSoort::VipGgz,
        OndersteunerSoort::WijTeam,
        OndersteunerSoort::WmoConsulent,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OndersteunerSoort::Ouderenadviseur => "ouderenadviseur",
            OndersteunerSoort::Seniorenvoorlichter => "seniorenvoorlichter",
            OndersteunerSoort::AllochtoneZorgconsulent => "allochtone zorgconsulent",
            OndersteunerSoort::Vetc => "VETC'er",
            OndersteunerSoort::Amw => "maatschappelijk werker (AMW)",
            OndersteunerSoort::Mee => "MEE-consulent",
            OndersteunerSoort::VipGgz => "VIP GGz",
            OndersteunerSoort::WijTeam => "WIJ-team / sociaal buurtteam",
            OndersteunerSoort::WmoConsulent => "Wmo-consulent",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            OndersteunerSoort::Ouderenadviseur => "ouderenadviseur",
            OndersteunerSoort::Seniorenvoorlichter => "seniorenvoorlichter",
            OndersteunerSoort::AllochtoneZorgconsulent => "allochtone_zorgconsulent",
            OndersteunerSoort::Vetc => "vetc",
            OndersteunerSoort::Amw => "amw",
            OndersteunerSoort::Mee => "mee",
            OndersteunerSoort::VipGgz => "vip_ggz",
            OndersteunerSoort::WijTeam => "wij_team",
            OndersteunerSoort::WmoConsulent => "wmo_consulent",
        }
    }

    pub fn from_code(s: &str) -> Option<OndersteunerSoort> {
        let s = s.trim().to_lowercase();
        OndersteunerSoort::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Provincial supporters are not at every desk: they come by appointment (seed 004, Opm 2).
    pub fn is_provinciaal(self) -> bool {
        matches!(self, OndersteunerSoort::Mee | OndersteunerSoort::VipGgz)
    }
}

/// Where the appointment takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Plek {
    /// At the desk (loket).
    Balie,
    /// At the client's home (huisbezoek).
    Thuis,
    /// By phone.
    Telefoon,
}

impl Plek {
    pub const ALL: [Plek; 3] = [Plek::Balie, Plek::Thuis, Plek::Telefoon];

    pub fn label(self) -> &'static str {
        match self {
            Plek::Balie => "aan de balie",
            Plek::Thuis => "bij u thuis",
            Plek::Telefoon => "telefonisch",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Plek::Balie => "balie",
            Plek::Thuis => "thuis",
            Plek::Telefoon => "telefoon",
        }
    }

    pub fn from_code(s: &str) -> Option<Plek> {
        let s = s.trim().to_lowercase();
        Plek::ALL.into_iter().find(|p| p.code() == s)
    }
}

/// `u16` minutes after midnight, written as `"HH:MM"`.
mod klok {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &u16, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", m / 60, m % 60))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
        let text = String::deserialize(d)?;
        crate::hours::parse_clock(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("ongeldige tijd '{text}', verwacht HH:MM")))
    }
}

/// One weekly availability block: on `dag`, from `van` to `tot`, at `locatie`, as `plek`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beschikbaarheid {
    /// 0 = maandag … 6 = zondag.
    pub dag: u8,
    /// Minutes after midnight.
    #[serde(with = "klok")]
    pub van: u16,
    /// Minutes after midnight (may be 1440).
    #[serde(with = "klok")]
    pub tot: u16,
    /// Where: a desk address, "huisbezoek in …", or "telefonisch".
    pub locatie: String,
    pub plek: Plek,
}

impl Beschikbaarheid {
    /// "di 09:00-12:30 aan de balie, Loket Winsum".
    pub fn describe(&self) -> String {
        let dag = DAYS.get(self.dag as usize).copied().unwrap_or("?");
        format!(
            "{dag} {:02}:{:02}-{:02}:{:02} {}, {}",
            self.van / 60,
            self.van % 60,
            self.tot / 60,
            self.tot % 60,
            self.plek.label(),
            self.locatie
        )
    }
}

/// A period without appointments (holiday, leave, training), both dates inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Uitzondering {
    pub van: NaiveDate,
    pub tot: NaiveDate,
    pub reden: String,
}

impl Uitzondering {
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.van <= date && date <= self.tot
    }
}

fn default_slot_minuten() -> u16 {
    45
}

/// A cliëntondersteuner (name invented in demo data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clientondersteuner {
    /// Stable id; also the first part of the booking key, so it may not contain a NUL byte.
    pub id: String,
    pub naam: String,
    pub organisatie: String,
    pub soort: OndersteunerSoort,
    #[serde(default)]
    pub doelgroepen: Vec<Doelgroep>,
    /// Languages spoken besides Dutch (e.g. "Turks").
    #[serde(default)]
    pub talen: Vec<String>,
    /// Gemeenten served; empty = every gemeente.
    #[serde(default)]
    pub werkgebied: Vec<String>,
    #[serde(default)]
    pub beschikbaarheid: Vec<Beschikbaarheid>,
    #[serde(default)]
    pub uitzonderingen: Vec<Uitzondering>,
    /// Length of one appointment in minutes.
    #[serde(default = "default_slot_minuten")]
    pub slot_minuten: u16,
}

/// Map a place name to its gemeente where the desk hears places, not gemeenten (Winsum, Leens,
/// Ulrum and the former gemeente De Marne are Het Hogeland; Hoensbroek is Heerlen), from
/// `data/gemeenten.toml`. A name the desk does not know is returned as typed (trimmed).
pub fn normalize_gemeente(plaats: &str) -> String {
    let p = plaats.trim();
    super::plaatsen::gemeente_van(p).unwrap_or(p).to_string()
}

impl Clientondersteuner {
    /// Does this supporter work in the client's gemeente (or place)? Empty werkgebied = overal.
    pub fn serves(&self, gemeente: &str) -> bool {
        let g = normalize_gemeente(gemeente);
        self.werkgebied.is_empty() || self.werkgebied.iter().any(|w| normalize_gemeente(w).eq_ignore_ascii_case(&g))
    }

    /// Speaks `taal` (case-insensitive); Dutch is assumed for everyone.
    pub fn speaks(&self, taal: &str) -> bool {
        let t = taal.trim();
        is_nederlands(t) || self.talen.iter().any(|x| x.trim().eq_ignore_ascii_case(t))
    }

    pub fn offers(&self, plek: Plek) -> bool {
        self.beschikbaarheid.iter().any(|b| b.plek == plek)
    }

    /// The exception covering `date`, if any.
    pub fn uitzondering_op(&self, date: NaiveDate) -> Option<&Uitzondering> {
        self.uitzonderingen.iter().find(|u| u.covers(date))
    }

    /// "Anna de Vries (ouderenadviseur, WIJ Groningen)".
    pub fn describe(&self) -> String {
        format!("{} ({}, {})", self.naam, self.soort.label(), self.organisatie)
    }
}

/// Is this "Dutch" (or empty)? Used to ignore `taal` when it names Dutch.
pub fn is_nederlands(taal: &str) -> bool {
    matches!(taal.trim().to_lowercase().as_str(), "" | "nl" | "nederlands" | "dutch")
}

/// The demo data file `data/ondersteuners.toml`, built in.
pub const DEMO_ONDERSTEUNERS: &str = include_str!("../../../data/ondersteuners.toml");

/// The built-in demo supporters (the data file is checked by the tests, so this cannot fail).
pub fn demo_ondersteuners() -> Vec<Clientondersteuner> {
    parse_ondersteuners(DEMO_ONDERSTEUNERS).expect("data/ondersteuners.toml is valid")
}

#[derive(Deserialize)]
struct Bestand {
    #[serde(default)]
    ondersteuner: Vec<Clientondersteuner>,
}

/// 1-based line of `id = "<id>"` in the file, to point at the entry in validation errors.
fn line_of_id(text: &str, id: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim();
            t.starts_with("id")
                && t[2..].trim_start().starts_with('=')
                && t.split_once('=').map(|x| x.1).is_some_and(|v| v.trim().trim_matches(['"', '\'']) == id)
        })
        .map(|i| i + 1)
}

/// Parse and validate `data/ondersteuners.toml` (`[[ondersteuner]]` tables).
/// Errors are Dutch and name the line: toml's own message for syntax and types, the line of the
/// entry's `id` for validation (dag 0..=6, van < tot, unique ids, …).
pub fn parse_ondersteuners(text: &str) -> Result<Vec<Clientondersteuner>, String> {
    let bestand: Bestand = toml::from_str(text).map_err(|e| {
        let mut msg = format!("ondersteuners: kan het bestand niet lezen: {e}");
        if msg.contains("formatted date string") {
            msg.push_str("(schrijf een datum tussen aanhalingstekens, bv. \"2026-12-21\")");
        }
        msg
    })?;
    let mut seen = HashSet::new();
    for o in &bestand.ondersteuner {
        let waar = match line_of_id(text, &o.id) {
            Some(n) => format!("regel {n}, ondersteuner '{}'", o.id),
            None => format!("ondersteuner '{}'", o.id),
        };
        validate(o).map_err(|reason| format!("{waar}: {reason}"))?;
        if !seen.insert(o.id.clone()) {
            return Err(format!("{waar}: id komt meer dan eens voor"));
        }
    }
    Ok(bestand.ondersteuner)
}

/// Check one supporter; the reason is Dutch.
pub fn validate(o: &Clientondersteuner) -> Result<(), String> {
    if o.id.trim().is_empty() {
        return Err("id ontbreekt".into());
    }
    if o.id.chars().any(char::is_control) {
        return Err("id bevat een stuurteken".into());
    }
    if o.naam.trim().is_empty() {
        return Err("naam ontbreekt".into());
    }
    if o.slot_minuten == 0 {
        return Err("slot_minuten moet groter dan 0 zijn".into());
    }
    for (i, b) in o.beschikbaarheid.iter().enumerate() {
        let n = i + 1;
        if b.dag > 6 {
            return Err(format!("beschikbaarheid {n}: dag {} bestaat niet (0 = ma … 6 = zo)", b.dag));
        }
        if b.tot > 1440 {
            return Err(format!("beschikbaarheid {n}: eindtijd na middernacht"));
        }
        if b.van >= b.tot {
            return Err(format!("beschikbaarheid {n}: 'van' moet voor 'tot' liggen"));
        }
        if b.tot - b.van < o.slot_minuten {
            return Err(format!("beschikbaarheid {n}: korter dan één afspraak van {} minuten", o.slot_minuten));
        }
        if b.locatie.trim().is_empty() {
            return Err(format!("beschikbaarheid {n}: locatie ontbreekt"));
        }
    }
    for (i, u) in o.uitzonderingen.iter().enumerate() {
        if u.van > u.tot {
            return Err(format!("uitzondering {}: 'van' ligt na 'tot'", i + 1));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"
[[ondersteuner]]
id = "t1"
naam = "Test Persoon"
organisatie = "Testorganisatie"
soort = "mee"
doelgroepen = ["beperking"]
talen = ["Pools"]
werkgebied = ["Het Hogeland"]
slot_minuten = 60
beschikbaarheid = [
  { dag = 1, van = "09:00", tot = "12:00", locatie = "Loket Winsum", plek = "balie" },
]
uitzonderingen = [
  { van = "2026-12-21", tot = "2027-01-01", reden = "kerstvakantie" },
]
"#;

    #[test]
    fn parses_one_supporter() {
        let v = parse_ondersteuners(ONE).unwrap();
        assert_eq!(v.len(), 1);
        let o = &v[0];
        assert_eq!(o.soort, OndersteunerSoort::Mee);
        assert_eq!(o.beschikbaarheid[0].van, 9 * 60);
        assert_eq!(o.beschikbaarheid[0].tot, 12 * 60);
        assert_eq!(o.beschikbaarheid[0].plek, Plek::Balie);
        assert_eq!(o.uitzonderingen[0].tot, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
        assert!(o.serves("winsum"));
        assert!(o.serves("Het Hogeland"));
        assert!(!o.serves("Heerlen"));
        assert!(o.speaks("pools"));
        assert!(o.speaks("Nederlands"));
        assert!(!o.speaks("Turks"));
    }

    #[test]
    fn unquoted_dates_get_a_hint() {
        let text = ONE.replace("\"2026-12-21\"", "2026-12-21");
        let err = parse_ondersteuners(&text).unwrap_err();
        assert!(err.contains("line 15") && err.contains("aanhalingstekens"), "{err}");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let bad = ONE.replace("soort = \"mee\"", "soort = \"onbekend\"");
        let err = parse_ondersteuners(&bad).unwrap_err();
        assert!(err.contains("line 6"), "{err}");
    }

    #[test]
    fn validation_errors_name_the_entry_line() {
        let bad = ONE.replace("dag = 1", "dag = 7");
        let err = parse_ondersteuners(&bad).unwrap_err();
        assert!(err.contains("regel 3") && err.contains("dag 7"), "{err}");

        let bad = ONE.replace("tot = \"12:00\"", "tot = \"08:00\"");
        let err = parse_ondersteuners(&bad).unwrap_err();
        assert!(err.contains("'van' moet voor 'tot'"), "{err}");

        let twice = format!("{ONE}\n{ONE}");
        let err = parse_ondersteuners(&twice).unwrap_err();
        assert!(err.contains("meer dan eens"), "{err}");

        let bad = ONE.replace("van = \"09:00\"", "van = \"9 uur\"");
        assert!(parse_ondersteuners(&bad).unwrap_err().contains("ongeldige tijd"));
    }

    #[test]
    fn codes_round_trip() {
        for s in OndersteunerSoort::ALL {
            assert_eq!(OndersteunerSoort::from_code(s.code()), Some(s));
            assert!(!s.label().is_empty());
        }
        for p in Plek::ALL {
            assert_eq!(Plek::from_code(p.code()), Some(p));
        }
        assert!(OndersteunerSoort::Mee.is_provinciaal());
        assert!(!OndersteunerSoort::Amw.is_provinciaal());
    }

    #[test]
    fn place_names_map_to_gemeenten() {
        assert_eq!(normalize_gemeente("Leens"), "Het Hogeland");
        assert_eq!(normalize_gemeente(" Hoensbroek "), "Heerlen");
        assert_eq!(normalize_gemeente("Groningen"), "Groningen");
    }
}

//! The sociale kaart: organisaties, voorzieningen and regelingen.
//!
//! Modelled on Open Referral HSDS 3.0 (organization → service → location, phones, schedules,
//! cost_options, required_documents, taxonomy terms, `assured_date`) plus what a Dutch desk needs
//! on every entry (wet, toegang, doelgroep, werkgebied, kosten, wachttijd, procedure).
//!
//! These types are stored (bincode) and read from the human-edited demo file (TOML), so they
//! avoid `flatten`, `skip` and `untagged`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::hours::OpeningHours;

/// The law a voorziening or regeling falls under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Wet {
    Wmo,
    Jeugdwet,
    Participatiewet,
    Woningwet,
    Welzijn,
    Wlz,
    Zvw,
}

impl Wet {
    pub const ALL: [Wet; 7] =
        [Wet::Wmo, Wet::Jeugdwet, Wet::Participatiewet, Wet::Woningwet, Wet::Welzijn, Wet::Wlz, Wet::Zvw];
    pub fn label(self) -> &'static str {
        match self {
            Wet::Wmo => "Wmo",
            Wet::Jeugdwet => "Jeugdwet",
            Wet::Participatiewet => "Participatiewet",
            Wet::Woningwet => "Woningwet",
            Wet::Welzijn => "Welzijn",
            Wet::Wlz => "Wlz",
            Wet::Zvw => "Zvw",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Wet::Wmo => "wmo",
            Wet::Jeugdwet => "jeugdwet",
            Wet::Participatiewet => "participatiewet",
            Wet::Woningwet => "woningwet",
            Wet::Welzijn => "welzijn",
            Wet::Wlz => "wlz",
            Wet::Zvw => "zvw",
        }
    }
    pub fn from_code(s: &str) -> Option<Wet> {
        Wet::ALL.into_iter().find(|w| w.code() == s.trim().to_lowercase())
    }
}

/// How a person gets access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Toegang {
    /// Vrij toegankelijk: walk in, call, no conditions.
    Vrij,
    /// Algemene voorziening zonder indicatie.
    AlgemeneVoorziening,
    /// Maatwerk via een melding bij de gemeente (onderzoek, beschikking).
    MaatwerkMelding,
    /// Indicatie via het CIZ (Wlz).
    IndicatieCiz,
    /// Via huisarts, wijkverpleging of zorgverzekeraar.
    HuisartsVerzekeraar,
}

impl Toegang {
    pub const ALL: [Toegang; 5] = [
        Toegang::Vrij,
        Toegang::AlgemeneVoorziening,
        Toegang::MaatwerkMelding,
        Toegang::IndicatieCiz,
        Toegang::HuisartsVerzekeraar,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Toegang::Vrij => "vrij toegankelijk",
            Toegang::AlgemeneVoorziening => "algemene voorziening, zonder indicatie",
            Toegang::MaatwerkMelding => "maatwerk via melding bij de gemeente",
            Toegang::IndicatieCiz => "indicatie via het CIZ",
            Toegang::HuisartsVerzekeraar => "via huisarts of zorgverzekeraar",
        }
    }
    pub fn short(self) -> &'static str {
        match self {
            Toegang::Vrij => "vrij",
            Toegang::AlgemeneVoorziening => "algemeen",
            Toegang::MaatwerkMelding => "maatwerk",
            Toegang::IndicatieCiz => "CIZ",
            Toegang::HuisartsVerzekeraar => "huisarts/zvw",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Toegang::Vrij => "vrij",
            Toegang::AlgemeneVoorziening => "algemene_voorziening",
            Toegang::MaatwerkMelding => "maatwerk_melding",
            Toegang::IndicatieCiz => "indicatie_ciz",
            Toegang::HuisartsVerzekeraar => "huisarts_verzekeraar",
        }
    }
    pub fn from_code(s: &str) -> Option<Toegang> {
        Toegang::ALL.into_iter().find(|t| t.code() == s.trim().to_lowercase())
    }
    /// Does this route need an indication procedure (a reason for complex triage)?
    pub fn needs_indication(self) -> bool {
        matches!(self, Toegang::MaatwerkMelding | Toegang::IndicatieCiz)
    }
}

/// Target group (doelgroep).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Doelgroep {
    Iedereen,
    Ouderen,
    Jeugd,
    Ouders,
    Mantelzorgers,
    Beperking,
    Ggz,
    Migranten,
    LaagInkomen,
    Dakloos,
    Verslaving,
}

impl Doelgroep {
    pub const ALL: [Doelgroep; 11] = [
        Doelgroep::Iedereen,
        Doelgroep::Ouderen,
        Doelgroep::Jeugd,
        Doelgroep::Ouders,
        Doelgroep::Mantelzorgers,
        Doelgroep::Beperking,
        Doelgroep::Ggz,
        Doelgroep::Migranten,
        Doelgroep::LaagInkomen,
        Doelgroep::Dakloos,
        Doelgroep::Verslaving,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Doelgroep::Iedereen => "iedereen",
            Doelgroep::Ouderen => "ouderen",
            Doelgroep::Jeugd => "jeugd",
            Doelgroep::Ouders => "ouders",
            Doelgroep::Mantelzorgers => "mantelzorgers",
            Doelgroep::Beperking => "mensen met een beperking",
            Doelgroep::Ggz => "psychische problemen (ggz)",
            Doelgroep::Migranten => "migranten en nieuwkomers",
            Doelgroep::LaagInkomen => "laag inkomen",
            Doelgroep::Dakloos => "dak- en thuislozen",
            Doelgroep::Verslaving => "verslaving",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Doelgroep::Iedereen => "iedereen",
            Doelgroep::Ouderen => "ouderen",
            Doelgroep::Jeugd => "jeugd",
            Doelgroep::Ouders => "ouders",
            Doelgroep::Mantelzorgers => "mantelzorgers",
            Doelgroep::Beperking => "beperking",
            Doelgroep::Ggz => "ggz",
            Doelgroep::Migranten => "migranten",
            Doelgroep::LaagInkomen => "laag_inkomen",
            Doelgroep::Dakloos => "dakloos",
            Doelgroep::Verslaving => "verslaving",
        }
    }
    pub fn from_code(s: &str) -> Option<Doelgroep> {
        Doelgroep::ALL.into_iter().find(|d| d.code() == s.trim().to_lowercase())
    }
}

/// What it costs the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum KostenSoort {
    #[default]
    Gratis,
    EigenBijdrage,
    Abonnementstarief,
    /// Paid by the zorgverzekering (possibly with eigen risico).
    Verzekerd,
}

impl KostenSoort {
    pub fn label(self) -> &'static str {
        match self {
            KostenSoort::Gratis => "gratis",
            KostenSoort::EigenBijdrage => "eigen bijdrage",
            KostenSoort::Abonnementstarief => "Wmo-abonnementstarief",
            KostenSoort::Verzekerd => "via zorgverzekering",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            KostenSoort::Gratis => "gratis",
            KostenSoort::EigenBijdrage => "eigen_bijdrage",
            KostenSoort::Abonnementstarief => "abonnementstarief",
            KostenSoort::Verzekerd => "verzekerd",
        }
    }
    pub fn from_code(s: &str) -> Option<KostenSoort> {
        [KostenSoort::Gratis, KostenSoort::EigenBijdrage, KostenSoort::Abonnementstarief, KostenSoort::Verzekerd]
            .into_iter()
            .find(|k| k.code() == s.trim().to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Kosten {
    pub soort: KostenSoort,
    /// Amount in euro cents, if known.
    pub bedrag_cent: Option<u32>,
    /// "per maand", "per uur", "per rit"…
    pub eenheid: String,
    pub toelichting: String,
}

impl Kosten {
    pub fn describe(&self) -> String {
        let mut s = self.soort.label().to_string();
        if let Some(c) = self.bedrag_cent {
            s.push_str(&format!(": € {},{:02}", c / 100, c % 100));
            if !self.eenheid.is_empty() {
                s.push(' ');
                s.push_str(&self.eenheid);
            }
        }
        if !self.toelichting.is_empty() {
            s.push_str(" — ");
            s.push_str(&self.toelichting);
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Telefoon {
    pub nummer: String,
    /// "algemeen", "crisis", "spreekuur"…
    pub omschrijving: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Adres {
    pub straat: String,
    pub postcode: String,
    pub plaats: String,
}

impl Adres {
    pub fn is_empty(&self) -> bool {
        self.straat.is_empty() && self.postcode.is_empty() && self.plaats.is_empty()
    }
    pub fn one_line(&self) -> String {
        [self.straat.as_str(), self.postcode.as_str(), self.plaats.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Where a service is given (HSDS location + service_at_location).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Locatie {
    pub naam: String,
    pub adres: Adres,
    pub gemeente: String,
    pub wijk: String,
}

/// Age range in years, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Leeftijd {
    pub min: Option<u8>,
    pub max: Option<u8>,
}

impl Leeftijd {
    pub fn contains(&self, age: u8) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }
    pub fn is_any(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
    pub fn describe(&self) -> String {
        match (self.min, self.max) {
            (None, None) => "alle leeftijden".into(),
            (Some(a), None) => format!("{a} jaar en ouder"),
            (None, Some(b)) => format!("tot en met {b} jaar"),
            (Some(a), Some(b)) => format!("{a} t/m {b} jaar"),
        }
    }
}

/// Service area: the gemeenten (and optionally wijken) served. Empty gemeenten = landelijk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Werkgebied {
    pub gemeenten: Vec<String>,
    pub wijken: Vec<String>,
}

impl Werkgebied {
    pub fn is_landelijk(&self) -> bool {
        self.gemeenten.is_empty()
    }
    /// Does it serve `gemeente`? Places are taken to their gemeente first (Winsum → Het Hogeland,
    /// Hoensbroek → Heerlen), as the desk hears places.
    pub fn covers_gemeente(&self, gemeente: &str) -> bool {
        let g = super::ondersteuning::normalize_gemeente(gemeente);
        self.is_landelijk()
            || self.gemeenten.iter().any(|x| super::ondersteuning::normalize_gemeente(x).eq_ignore_ascii_case(&g))
    }
    pub fn describe(&self) -> String {
        if self.is_landelijk() {
            return "landelijk".into();
        }
        let mut s = self.gemeenten.join(", ");
        if !self.wijken.is_empty() {
            s.push_str(&format!(" (wijken: {})", self.wijken.join(", ")));
        }
        s
    }
}

/// Where a record came from: the demo file, an import (with file), or typed in loket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Bron {
    /// "demo", "hsds-import", "handmatig"…
    pub soort: String,
    /// File or system it came from.
    pub naam: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Organisatie {
    pub id: String,
    pub naam: String,
    pub beschrijving: String,
    pub website: String,
    pub email: String,
    pub telefoon: Vec<Telefoon>,
    pub adres: Adres,
    pub gemeente: String,
    pub bron: Bron,
    /// The provider's contact person for the map's upkeep (since version 2).
    pub contactpersoon: Contactpersoon,
    /// Made by an import for services whose organisation the source lacks (named by the
    /// missing id): not a real provider; the desk sees "organisatie onbekend" (since version 3).
    pub ontbreekt_in_bron: bool,
    /// The source record as read (see [`Hsds`]; since version 3).
    pub hsds: Hsds,
}

/// An imported record as the source gave it: the HSDS 3.0 JSON object (compact), with every
/// field loket does not map, so an export writes it back unchanged; and fingerprints of the
/// entry's fields as the import made them (field name → hash), so an export knows which were
/// changed in loket since. Empty for entries made in loket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Hsds {
    pub json: String,
    /// The field names are shared between records (an import of 100 000 entries held 2.5 million
    /// copies of two dozen names); stored as text, the same bytes as a `String`.
    #[serde(with = "gedeelde_namen")]
    pub stempels: Vec<(std::sync::Arc<str>, u64)>,
}

/// (De)serialize `Vec<(Arc<str>, u64)>` exactly as `Vec<(String, u64)>`.
mod gedeelde_namen {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::sync::Arc;

    pub fn serialize<S: Serializer>(v: &[(Arc<str>, u64)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|(k, h)| (&**k, *h)))
    }

    thread_local! {
        /// The names read so far (field names and loket's attribute keys: a few hundred).
        static NAMEN: std::cell::RefCell<std::collections::HashSet<Arc<str>>> = Default::default();
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Arc<str>, u64)>, D::Error> {
        let v = Vec::<(String, u64)>::deserialize(d)?;
        Ok(NAMEN.with(|n| {
            let mut n = n.borrow_mut();
            v.into_iter()
                .map(|(k, h)| match n.get(k.as_str()) {
                    Some(g) => (g.clone(), h),
                    None => {
                        let g: Arc<str> = k.into();
                        n.insert(g.clone());
                        (g, h)
                    }
                })
                .collect()
        }))
    }
}

impl Hsds {
    pub fn is_empty(&self) -> bool {
        self.json.is_empty()
    }

    /// What the desk reads from the source object, without the object: whether there is one,
    /// and which of loket's own term groups it named (see [`Voorziening::wet_bekend`]). For the
    /// search snapshot's build, which would otherwise hold every source object of the map.
    pub fn kenmerken(&self) -> Hsds {
        if self.is_empty() {
            return Hsds::default();
        }
        let mut json = String::from("{}");
        for groep in BRON_GROEPEN {
            let teken = format!("loket:{groep}:");
            if self.json.contains(&teken) {
                json.push(' ');
                json.push_str(&teken);
            }
        }
        Hsds { json, stempels: Vec::new() }
    }
}

/// loket's own term groups in a source object that the desk asks about.
const BRON_GROEPEN: [&str; 3] = ["wet", "toegang", "kosten"];

/// Whom the beheerder calls at a provider to check its entries (HSDS `contact` of the
/// organization: name, title, email, phones). A work contact of the provider, not client data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Contactpersoon {
    pub naam: String,
    /// Job title (HSDS `title`), e.g. "teamleider".
    pub functie: String,
    pub telefoon: Vec<Telefoon>,
    pub email: String,
}

impl Contactpersoon {
    pub fn is_empty(&self) -> bool {
        self.naam.is_empty() && self.functie.is_empty() && self.telefoon.is_empty() && self.email.is_empty()
    }
    /// "Naam (functie)", or the function alone when no name is known.
    pub fn naam_functie(&self) -> String {
        match (self.naam.is_empty(), self.functie.is_empty()) {
            (false, false) => format!("{} ({})", self.naam, self.functie),
            (false, true) => self.naam.clone(),
            (true, false) => self.functie.clone(),
            (true, true) => String::new(),
        }
    }
}

/// A voorziening (HSDS service).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Voorziening {
    pub id: String,
    pub organisatie_id: String,
    pub naam: String,
    pub beschrijving: String,
    /// Short category, e.g. "dagbesteding", "huishoudelijke hulp".
    pub categorie: String,
    pub trefwoorden: Vec<String>,
    /// AIRS/211 taxonomy codes or other classification codes, kept and searchable.
    pub taxonomie: Vec<String>,
    pub wet: Wet,
    pub toegang: Toegang,
    pub doelgroepen: Vec<Doelgroep>,
    pub leeftijd: Leeftijd,
    pub werkgebied: Werkgebied,
    pub locaties: Vec<Locatie>,
    pub openingstijden: OpeningHours,
    pub telefoon: Vec<Telefoon>,
    pub email: String,
    pub website: String,
    pub kosten: Kosten,
    /// Free text, e.g. "ongeveer 4 weken".
    pub wachttijd: String,
    pub aanvraag: String,
    pub documenten: Vec<String>,
    pub talen: Vec<String>,
    pub laatst_geverifieerd: Option<NaiveDate>,
    pub laatst_gewijzigd: Option<NaiveDate>,
    pub bron: Bron,
    /// The source record as read (since version 2).
    pub hsds: Hsds,
}

impl Default for Voorziening {
    fn default() -> Self {
        Voorziening {
            id: String::new(),
            organisatie_id: String::new(),
            naam: String::new(),
            beschrijving: String::new(),
            categorie: String::new(),
            trefwoorden: Vec::new(),
            taxonomie: Vec::new(),
            wet: Wet::Welzijn,
            toegang: Toegang::Vrij,
            doelgroepen: Vec::new(),
            leeftijd: Leeftijd::default(),
            werkgebied: Werkgebied::default(),
            locaties: Vec::new(),
            openingstijden: OpeningHours::default(),
            telefoon: Vec::new(),
            email: String::new(),
            website: String::new(),
            kosten: Kosten::default(),
            wachttijd: String::new(),
            aanvraag: String::new(),
            documenten: Vec::new(),
            talen: Vec::new(),
            laatst_geverifieerd: None,
            laatst_gewijzigd: None,
            bron: Bron::default(),
            hsds: Hsds::default(),
        }
    }
}

/// An imported entry (its source record kept) whose source gave no term of loket's own taxonomy
/// in `groep` ("wet", "toegang", "kosten"): the value it has is loket's Dutch default, not the
/// source's, so the desk says "onbekend" (issue 22). Entries made in loket keep their value.
fn bron_zonder(hsds: &Hsds, groep: &str) -> bool {
    debug_assert!(BRON_GROEPEN.contains(&groep));
    !hsds.is_empty() && !hsds.json.contains(&format!("loket:{groep}:"))
}

impl Voorziening {
    /// The law, unless it is only loket's default for an imported entry (then None: "onbekend").
    pub fn wet_bekend(&self) -> Option<Wet> {
        (!bron_zonder(&self.hsds, "wet") || self.wet != Wet::Welzijn).then_some(self.wet)
    }
    /// The access route, unless it is only loket's default for an imported entry.
    pub fn toegang_bekend(&self) -> Option<Toegang> {
        (!bron_zonder(&self.hsds, "toegang") || self.toegang != Toegang::Vrij).then_some(self.toegang)
    }
    /// The costs, unless they are only loket's default ("gratis") for an imported entry.
    pub fn kosten_bekend(&self) -> Option<&Kosten> {
        (!bron_zonder(&self.hsds, "kosten")
            || self.kosten.soort != KostenSoort::Gratis
            || self.kosten.bedrag_cent.is_some())
        .then_some(&self.kosten)
    }
}

/// A regeling (regulation): law and article, who qualifies, how to apply, and a desk script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Regeling {
    pub id: String,
    pub naam: String,
    pub wet: Wet,
    /// e.g. "art. 2.3.5 Wmo 2015".
    pub artikel: String,
    pub beschrijving: String,
    /// Who qualifies.
    pub voor_wie: String,
    pub toegang: Toegang,
    /// Where to apply (organisation id, if on the map).
    pub organisatie_id: String,
    pub waar_aanvragen: String,
    pub hoe_aanvragen: String,
    /// What to say at the desk.
    pub wat_zeggen: String,
    /// What to hand over (form, leaflet).
    pub meegeven: String,
    pub documenten: Vec<String>,
    pub kosten: Kosten,
    pub doelgroepen: Vec<Doelgroep>,
    pub leeftijd: Leeftijd,
    pub werkgebied: Werkgebied,
    pub trefwoorden: Vec<String>,
    pub laatst_geverifieerd: Option<NaiveDate>,
    pub laatst_gewijzigd: Option<NaiveDate>,
    pub bron: Bron,
    /// The source record as read (since version 2).
    pub hsds: Hsds,
}

impl Default for Regeling {
    fn default() -> Self {
        Regeling {
            id: String::new(),
            naam: String::new(),
            wet: Wet::Wmo,
            artikel: String::new(),
            beschrijving: String::new(),
            voor_wie: String::new(),
            toegang: Toegang::MaatwerkMelding,
            organisatie_id: String::new(),
            waar_aanvragen: String::new(),
            hoe_aanvragen: String::new(),
            wat_zeggen: String::new(),
            meegeven: String::new(),
            documenten: Vec::new(),
            kosten: Kosten::default(),
            doelgroepen: Vec::new(),
            leeftijd: Leeftijd::default(),
            werkgebied: Werkgebied::default(),
            trefwoorden: Vec::new(),
            laatst_geverifieerd: None,
            laatst_gewijzigd: None,
            bron: Bron::default(),
            hsds: Hsds::default(),
        }
    }
}

/// The whole map as one value: what the demo file holds and what import/export move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct Kaart {
    pub organisaties: Vec<Organisatie>,
    pub voorzieningen: Vec<Voorziening>,
    pub regelingen: Vec<Regeling>,
}

/// Is the verification older than `months` months on `today`?
pub fn verification_stale(laatst: Option<NaiveDate>, today: NaiveDate, months: u32) -> bool {
    match laatst {
        None => true,
        Some(d) => match today.checked_sub_months(chrono::Months::new(months)) {
            Some(limit) => d < limit,
            None => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marks_of_a_source_object_answer_as_the_object_does() {
        // loket's defaults (welzijn, vrij, gratis): what the source object says decides
        let mut v = Voorziening::default();
        for json in [
            "",
            r#"{"id":"s1","attributes":[{"value":"loket:toegang:vrij"}]}"#,
            r#"{"id":"s1","x":"loket:wet:wmo loket:kosten:gratis loket:toegang:beschikking"}"#,
            r#"{"id":"s1"}"#,
        ] {
            v.hsds = Hsds { json: json.into(), stempels: vec![("naam".into(), 1)] };
            let licht = Voorziening { hsds: v.hsds.kenmerken(), ..v.clone() };
            assert_eq!(licht.wet_bekend(), v.wet_bekend(), "{json}");
            assert_eq!(licht.toegang_bekend(), v.toegang_bekend(), "{json}");
            assert_eq!(licht.kosten_bekend(), v.kosten_bekend(), "{json}");
            assert_eq!(licht.hsds.is_empty(), json.is_empty());
            assert!(licht.hsds.json.len() <= 64 && licht.hsds.stempels.is_empty());
        }
    }

    #[test]
    fn stale_after_twelve_months() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let d = |y, m, dd| Some(NaiveDate::from_ymd_opt(y, m, dd).unwrap());
        assert!(!verification_stale(d(2025, 11, 22), today, 12));
        assert!(verification_stale(d(2025, 11, 21), today, 12));
        assert!(!verification_stale(d(2026, 6, 1), today, 12));
        assert!(verification_stale(None, today, 12));
    }

    #[test]
    fn leeftijd_bounds_inclusive() {
        let l = Leeftijd { min: Some(18), max: Some(65) };
        assert!(l.contains(18) && l.contains(65));
        assert!(!l.contains(17) && !l.contains(66));
        assert!(Leeftijd::default().contains(3));
    }

    #[test]
    fn codes_round_trip() {
        for w in Wet::ALL {
            assert_eq!(Wet::from_code(w.code()), Some(w));
        }
        for t in Toegang::ALL {
            assert_eq!(Toegang::from_code(t.code()), Some(t));
        }
        for d in Doelgroep::ALL {
            assert_eq!(Doelgroep::from_code(d.code()), Some(d));
        }
    }
}

//! What the support in a resident's plan costs per month: the rules as data per year
//! (`data/kostenregels.toml`, with their source), and an estimate that never claims more
//! precision than those rules give.
//!
//! - The Wmo abonnementstarief is a maximum per household per month, paid once however many Wmo
//!   arrangements the household has. A year without a rate in the data is "tarief onbekend".
//! - No abonnementstarief for a child under 18, for a wheelchair only, or when the household
//!   already pays a Wlz eigen bijdrage.
//! - An algemene voorziening without a lasting relation may be free.
//! - A municipality's own tariffs can be added (in the data file, or on an arrangement).
//!
//! Amounts are whole cents. The CAK sends the bill; loket holds no payment data.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The bundled rules.
pub const KOSTENREGELS_TOML: &str = include_str!("../../../data/kostenregels.toml");

/// Euro cents.
pub type Cent = i64;

/// "€ 21,00".
pub fn euro(c: Cent) -> String {
    let teken = if c < 0 { "-" } else { "" };
    let c = c.abs();
    format!("{teken}€ {},{:02}", c / 100, c % 100)
}

/// One year's abonnementstarief, with where it was published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jaartarief {
    pub bedrag: Cent,
    pub bron: String,
}

/// A municipality's own tariff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gemeentetarief {
    pub naam: String,
    pub bedrag: Cent,
    /// None: every year.
    pub jaar: Option<i32>,
    pub bron: String,
}

/// The cost rules.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kostenregels {
    pub abonnementstarief: BTreeMap<i32, Jaartarief>,
    pub gemeentetarieven: Vec<Gemeentetarief>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bestand {
    #[serde(default)]
    abonnementstarief: Vec<JaarRegel>,
    #[serde(default)]
    gemeentetarief: Vec<TariefRegel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JaarRegel {
    jaar: i32,
    bedrag: f64,
    bron: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TariefRegel {
    naam: String,
    bedrag: f64,
    #[serde(default)]
    jaar: Option<i32>,
    bron: String,
}

fn cent(bedrag: f64, wat: &str) -> Result<Cent, String> {
    if !bedrag.is_finite() || !(0.0..=10_000.0).contains(&bedrag) {
        return Err(format!("{wat}: bedrag {bedrag} is geen redelijk bedrag per maand (0 tot 10000 euro)"));
    }
    Ok((bedrag * 100.0).round() as Cent)
}

impl Kostenregels {
    /// The rules bundled with loket.
    pub fn standaard() -> Kostenregels {
        Kostenregels::parse(KOSTENREGELS_TOML).expect("data/kostenregels.toml is checked by a test")
    }

    /// Read rules from TOML (see `data/kostenregels.toml`); errors in Dutch, naming what is wrong.
    pub fn parse(tekst: &str) -> Result<Kostenregels, String> {
        let b: Bestand = toml::from_str(tekst).map_err(|e| format!("kostenregels: {e}"))?;
        let mut k = Kostenregels::default();
        for r in b.abonnementstarief {
            if r.bron.trim().is_empty() {
                return Err(format!("kostenregels: abonnementstarief {} zonder bron", r.jaar));
            }
            let t = Jaartarief { bedrag: cent(r.bedrag, &format!("abonnementstarief {}", r.jaar))?, bron: r.bron };
            if k.abonnementstarief.insert(r.jaar, t).is_some() {
                return Err(format!("kostenregels: abonnementstarief {} staat er twee keer in", r.jaar));
            }
        }
        for r in b.gemeentetarief {
            if r.bron.trim().is_empty() {
                return Err(format!("kostenregels: gemeentetarief '{}' zonder bron", r.naam));
            }
            let bedrag = cent(r.bedrag, &format!("gemeentetarief '{}'", r.naam))?;
            k.gemeentetarieven.push(Gemeentetarief { naam: r.naam, bedrag, jaar: r.jaar, bron: r.bron });
        }
        Ok(k)
    }

    /// Add (or replace) rules from another file: a municipality's own tariffs, a newer year.
    pub fn aanvullen(&mut self, meer: Kostenregels) {
        self.abonnementstarief.extend(meer.abonnementstarief);
        for t in meer.gemeentetarieven {
            self.gemeentetarieven.retain(|x| !(x.naam == t.naam && x.jaar == t.jaar));
            self.gemeentetarieven.push(t);
        }
    }

    pub fn abonnementstarief(&self, jaar: i32) -> Option<&Jaartarief> {
        self.abonnementstarief.get(&jaar)
    }

    /// A municipality's tariff by name for `jaar` (one for that year before one for every year).
    pub fn gemeentetarief(&self, naam: &str, jaar: i32) -> Option<&Gemeentetarief> {
        let naam = naam.trim().to_lowercase();
        let past = |t: &&Gemeentetarief| t.naam.trim().to_lowercase() == naam;
        self.gemeentetarieven
            .iter()
            .filter(past)
            .find(|t| t.jaar == Some(jaar))
            .or_else(|| self.gemeentetarieven.iter().filter(past).find(|t| t.jaar.is_none()))
    }
}

/// Why a household pays no abonnementstarief.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vrijstelling {
    /// The resident is under 18.
    KindOnder18,
    /// Every Wmo arrangement that would count is a wheelchair.
    AlleenRolstoel,
    /// The household already pays a Wlz eigen bijdrage.
    WlzEigenBijdrage,
}

impl Vrijstelling {
    pub fn tekst(self) -> &'static str {
        match self {
            Vrijstelling::KindOnder18 => "geen abonnementstarief: de hulp is voor een kind onder de 18",
            Vrijstelling::AlleenRolstoel => "geen abonnementstarief: alleen een rolstoel",
            Vrijstelling::WlzEigenBijdrage => {
                "geen abonnementstarief: het huishouden betaalt al een eigen bijdrage voor de Wlz"
            }
        }
    }
}

/// What the household is, as far as the cost rules ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Huishouden {
    /// The resident's age in the month (None: unknown).
    pub leeftijd: Option<u8>,
    pub wlz_eigen_bijdrage: bool,
}

/// Which rule an arrangement's cost follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regelsoort<'a> {
    /// Counts for the household's Wmo abonnementstarief; `rolstoel`: this is a wheelchair.
    Abonnementstarief { rolstoel: bool },
    /// No cost for the resident.
    Gratis,
    /// A fixed amount per month, from the arrangement or the municipality's tariffs.
    Vast { bedrag: Cent },
    /// A municipality's tariff by name (looked up per year).
    Gemeentetarief { naam: &'a str },
    /// Not estimated here (Wlz/Zvw via CAK or insurer, housing, unknown).
    Onbekend { waarom: &'a str },
}

/// The estimate for one arrangement in one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Schatting {
    /// An amount; `uitleg` says which rule gave it.
    Bedrag { bedrag: Cent, uitleg: String },
    /// Unknown; `uitleg` says why.
    Onbekend { uitleg: String },
}

impl Schatting {
    pub fn bedrag(&self) -> Option<Cent> {
        match self {
            Schatting::Bedrag { bedrag, .. } => Some(*bedrag),
            Schatting::Onbekend { .. } => None,
        }
    }
    pub fn uitleg(&self) -> &str {
        match self {
            Schatting::Bedrag { uitleg, .. } | Schatting::Onbekend { uitleg } => uitleg,
        }
    }
    /// "€ 21,00 (geschat)" or "onbekend".
    pub fn tekst(&self) -> String {
        match self {
            Schatting::Bedrag { bedrag: 0, .. } => "€ 0,00".to_string(),
            Schatting::Bedrag { bedrag, .. } => format!("{} (geschat)", euro(*bedrag)),
            Schatting::Onbekend { .. } => "onbekend".to_string(),
        }
    }
}

/// The month's estimate for a household: one line per arrangement, and the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Maandkosten {
    pub regels: Vec<Schatting>,
    /// The sum of what is known.
    pub totaal: Cent,
    /// Some line is unknown: the total is at least `totaal`.
    pub onvolledig: bool,
    /// Why the household pays no abonnementstarief, when that is so.
    pub vrijstelling: Option<Vrijstelling>,
}

impl Maandkosten {
    /// "€ 21,00 per maand (geschat)", "minstens € 21,00 per maand (geschat; …)".
    pub fn totaal_tekst(&self) -> String {
        if self.onvolledig {
            format!("minstens {} per maand (geschat; van een deel zijn de kosten onbekend)", euro(self.totaal))
        } else if self.totaal == 0 {
            "€ 0,00 per maand".to_string()
        } else {
            format!("{} per maand (geschat)", euro(self.totaal))
        }
    }
}

/// Estimate the costs of a household's arrangements active in `jaar`: the abonnementstarief once
/// for all arrangements that count for it (on the first), unless an exemption applies.
pub fn schat(regels: &Kostenregels, jaar: i32, huishouden: Huishouden, soorten: &[Regelsoort<'_>]) -> Maandkosten {
    let tellend: Vec<bool> = soorten.iter().map(|s| matches!(s, Regelsoort::Abonnementstarief { .. })).collect();
    let alleen_rolstoel = tellend.iter().any(|&t| t)
        && soorten.iter().all(|s| !matches!(s, Regelsoort::Abonnementstarief { rolstoel: false }));
    let vrijstelling = if !tellend.iter().any(|&t| t) {
        None
    } else if huishouden.leeftijd.is_some_and(|l| l < 18) {
        Some(Vrijstelling::KindOnder18)
    } else if huishouden.wlz_eigen_bijdrage {
        Some(Vrijstelling::WlzEigenBijdrage)
    } else if alleen_rolstoel {
        Some(Vrijstelling::AlleenRolstoel)
    } else {
        None
    };
    let mut al_geteld = false;
    let mut out = Vec::with_capacity(soorten.len());
    for s in soorten {
        out.push(match *s {
            Regelsoort::Abonnementstarief { rolstoel } => {
                if let Some(v) = vrijstelling {
                    Schatting::Bedrag { bedrag: 0, uitleg: v.tekst().to_string() }
                } else if rolstoel {
                    Schatting::Bedrag {
                        bedrag: 0,
                        uitleg: "rolstoel: telt niet mee voor het abonnementstarief".to_string(),
                    }
                } else if al_geteld {
                    Schatting::Bedrag {
                        bedrag: 0,
                        uitleg: "valt onder hetzelfde abonnementstarief (één keer per huishouden)".to_string(),
                    }
                } else {
                    al_geteld = true;
                    match regels.abonnementstarief(jaar) {
                        Some(t) => Schatting::Bedrag {
                            bedrag: t.bedrag,
                            uitleg: format!(
                                "Wmo-abonnementstarief {jaar}: hoogstens {} per maand voor het hele huishouden",
                                euro(t.bedrag)
                            ),
                        },
                        None => {
                            Schatting::Onbekend { uitleg: format!("Wmo-abonnementstarief {jaar}: tarief onbekend") }
                        }
                    }
                }
            }
            Regelsoort::Gratis => Schatting::Bedrag { bedrag: 0, uitleg: "gratis".to_string() },
            Regelsoort::Vast { bedrag } => {
                Schatting::Bedrag { bedrag, uitleg: "eigen tarief van de gemeente".to_string() }
            }
            Regelsoort::Gemeentetarief { naam } => match regels.gemeentetarief(naam, jaar) {
                Some(t) => {
                    Schatting::Bedrag { bedrag: t.bedrag, uitleg: format!("tarief van de gemeente: {}", t.naam) }
                }
                None => {
                    Schatting::Onbekend { uitleg: format!("tarief van de gemeente '{naam}' voor {jaar}: onbekend") }
                }
            },
            Regelsoort::Onbekend { waarom } => Schatting::Onbekend { uitleg: waarom.to_string() },
        });
    }
    let totaal = out.iter().filter_map(Schatting::bedrag).sum();
    let onvolledig = out.iter().any(|s| s.bedrag().is_none());
    Maandkosten { regels: out, totaal, onvolledig, vrijstelling }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAATWERK: Regelsoort<'static> = Regelsoort::Abonnementstarief { rolstoel: false };
    const ROLSTOEL: Regelsoort<'static> = Regelsoort::Abonnementstarief { rolstoel: true };

    fn oudere() -> Huishouden {
        Huishouden { leeftijd: Some(82), wlz_eigen_bijdrage: false }
    }

    #[test]
    fn the_bundled_rules_read_and_every_year_has_a_source() {
        let r = Kostenregels::standaard();
        for (jaar, t) in &r.abonnementstarief {
            assert!(!t.bron.trim().is_empty(), "{jaar}");
        }
        assert!(r.gemeentetarieven.iter().all(|t| !t.bron.is_empty()));
    }

    #[test]
    fn the_abonnementstarief_per_year() {
        let r = Kostenregels::standaard();
        for (jaar, verwacht) in [(2020, 1900), (2021, 1900), (2022, 1900), (2023, 1900), (2024, 2060), (2025, 2100)] {
            let k = schat(&r, jaar, oudere(), &[MAATWERK]);
            assert_eq!(k.totaal, verwacht, "{jaar}");
            assert!(!k.onvolledig, "{jaar}");
            assert!(k.regels[0].uitleg().contains(&jaar.to_string()), "{jaar}: {:?}", k.regels[0]);
            assert!(k.totaal_tekst().contains("geschat"), "{jaar}: an estimate says so");
        }
    }

    #[test]
    fn a_year_without_a_rate_says_tarief_onbekend() {
        let r = Kostenregels::standaard();
        for jaar in [2019, 2026] {
            let k = schat(&r, jaar, oudere(), &[MAATWERK, Regelsoort::Gratis]);
            assert!(k.onvolledig);
            assert_eq!(k.totaal, 0);
            assert!(k.regels[0].uitleg().contains("tarief onbekend"), "{:?}", k.regels[0]);
            assert_eq!(k.regels[0].tekst(), "onbekend");
            assert!(k.totaal_tekst().starts_with("minstens"), "{}", k.totaal_tekst());
        }
    }

    #[test]
    fn the_abonnementstarief_is_paid_once_per_household() {
        let r = Kostenregels::standaard();
        let k = schat(&r, 2025, oudere(), &[MAATWERK, Regelsoort::Gratis, MAATWERK]);
        assert_eq!(k.regels.iter().map(|s| s.bedrag()).collect::<Vec<_>>(), [Some(2100), Some(0), Some(0)]);
        assert!(k.regels[2].uitleg().contains("één keer per huishouden"));
        assert_eq!(k.totaal, 2100);
        assert_eq!(k.totaal_tekst(), "€ 21,00 per maand (geschat)");
    }

    #[test]
    fn a_child_under_18_pays_no_abonnementstarief() {
        let r = Kostenregels::standaard();
        for jaar in [2020, 2024, 2025] {
            let k = schat(&r, jaar, Huishouden { leeftijd: Some(17), wlz_eigen_bijdrage: false }, &[MAATWERK]);
            assert_eq!((k.totaal, k.vrijstelling), (0, Some(Vrijstelling::KindOnder18)), "{jaar}");
        }
        // 18 pays
        let k = schat(&r, 2025, Huishouden { leeftijd: Some(18), wlz_eigen_bijdrage: false }, &[MAATWERK]);
        assert_eq!(k.totaal, 2100);
        // an exemption needs no rate: even a year without one is known to be 0
        let k = schat(&r, 2026, Huishouden { leeftijd: Some(9), wlz_eigen_bijdrage: false }, &[MAATWERK]);
        assert_eq!((k.totaal, k.onvolledig), (0, false));
    }

    #[test]
    fn a_wheelchair_only_pays_no_abonnementstarief_but_with_other_help_it_does() {
        let r = Kostenregels::standaard();
        let k = schat(&r, 2024, oudere(), &[ROLSTOEL]);
        assert_eq!((k.totaal, k.vrijstelling), (0, Some(Vrijstelling::AlleenRolstoel)));
        let k = schat(&r, 2024, oudere(), &[ROLSTOEL, MAATWERK]);
        assert_eq!(k.totaal, 2060);
        assert_eq!(k.regels[0].bedrag(), Some(0));
        assert_eq!(k.regels[1].bedrag(), Some(2060));
    }

    #[test]
    fn a_household_paying_a_wlz_eigen_bijdrage_pays_no_abonnementstarief() {
        let r = Kostenregels::standaard();
        for jaar in [2023, 2025] {
            let k = schat(&r, jaar, Huishouden { leeftijd: Some(82), wlz_eigen_bijdrage: true }, &[MAATWERK]);
            assert_eq!((k.totaal, k.vrijstelling), (0, Some(Vrijstelling::WlzEigenBijdrage)), "{jaar}");
            assert!(k.regels[0].uitleg().contains("Wlz"));
        }
    }

    #[test]
    fn free_help_and_the_municipalitys_own_tariffs_add_up() {
        let mut r = Kostenregels::standaard();
        let k = schat(&r, 2025, oudere(), &[Regelsoort::Gratis]);
        assert_eq!((k.totaal, k.onvolledig, k.vrijstelling), (0, false, None));
        assert_eq!(k.totaal_tekst(), "€ 0,00 per maand");
        let eigen = Kostenregels::parse(
            "[[gemeentetarief]]\nnaam = \"Dagbesteding Oost\"\nbedrag = 12.5\njaar = 2025\nbron = \"verordening 2025\"\n\
             [[abonnementstarief]]\njaar = 2026\nbedrag = 21.80\nbron = \"test\"\n",
        )
        .unwrap();
        r.aanvullen(eigen);
        let k = schat(
            &r,
            2025,
            oudere(),
            &[MAATWERK, Regelsoort::Gemeentetarief { naam: "dagbesteding oost" }, Regelsoort::Vast { bedrag: 300 }],
        );
        assert_eq!(k.totaal, 2100 + 1250 + 300);
        let k = schat(&r, 2024, oudere(), &[Regelsoort::Gemeentetarief { naam: "Dagbesteding Oost" }]);
        assert!(k.onvolledig, "a tariff for 2025 only is unknown in 2024");
        assert_eq!(schat(&r, 2026, oudere(), &[MAATWERK]).totaal, 2180, "a year added by the municipality");
    }

    #[test]
    fn bad_rules_are_refused_in_dutch() {
        assert!(Kostenregels::parse("[[abonnementstarief]]\njaar = 2025\nbedrag = 21.0\nbron = \"\"\n")
            .unwrap_err()
            .contains("zonder bron"));
        assert!(Kostenregels::parse("[[abonnementstarief]]\njaar = 2025\nbedrag = -1.0\nbron = \"x\"\n")
            .unwrap_err()
            .contains("geen redelijk bedrag"));
        assert!(Kostenregels::parse(
            "[[abonnementstarief]]\njaar = 2025\nbedrag = 1.0\nbron = \"x\"\n[[abonnementstarief]]\njaar = 2025\nbedrag = 1.0\nbron = \"x\"\n"
        )
        .unwrap_err()
        .contains("twee keer"));
    }

    #[test]
    fn euros_are_written_the_dutch_way() {
        assert_eq!(euro(2060), "€ 20,60");
        assert_eq!(euro(5), "€ 0,05");
        assert_eq!(euro(0), "€ 0,00");
    }
}

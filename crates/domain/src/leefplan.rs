//! The resident's plan (leefplan, after the Leefabonnement of WIJ 2.0 Groningen): one consultant
//! coordinates everything a resident gets, across the laws, with the providers. Each arrangement
//! (onderdeel) is a voorziening or regeling of the sociale kaart, with the agreed result in the
//! resident's own words, its next evaluation, its follow-up, and at step E its result. The plan
//! is approved by both the resident and the consultant (Heerlen Stand-By!), and every change is
//! kept with who and why.
//!
//! [`Maandoverzicht`] is what the resident reads each month: the arrangements, an estimate of the
//! costs from the rules in [`crate::kosten`], what is planned, and who to call.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::kaart::Wet;
use crate::kosten::{self, Huishouden, Kostenregels, Maandkosten, Regelsoort};
use crate::opvolging::Opvolging;

/// Months after the start when an arrangement is evaluated, unless agreed otherwise.
pub const EVALUEREN_NA_MAANDEN: u32 = 3;

/// How the support is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vorm {
    /// Open to all, no indication.
    AlgemeneVoorziening,
    /// After research and a decision (beschikking), in kind.
    Maatwerk,
    /// A personal budget.
    Pgb,
    /// Informal help (family, neighbours, volunteers).
    InformeleHulp,
    // (new forms go at the end)
}

impl Vorm {
    pub const ALL: [Vorm; 4] = [Vorm::AlgemeneVoorziening, Vorm::Maatwerk, Vorm::Pgb, Vorm::InformeleHulp];
    pub fn label(self) -> &'static str {
        match self {
            Vorm::AlgemeneVoorziening => "algemene voorziening",
            Vorm::Maatwerk => "maatwerk",
            Vorm::Pgb => "pgb",
            Vorm::InformeleHulp => "informele hulp",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Vorm::AlgemeneVoorziening => "algemeen",
            Vorm::Maatwerk => "maatwerk",
            Vorm::Pgb => "pgb",
            Vorm::InformeleHulp => "informeel",
        }
    }
    pub fn from_code(s: &str) -> Option<Vorm> {
        let s = s.trim().to_lowercase();
        Vorm::ALL.into_iter().find(|v| v.code() == s || v.label() == s)
    }
}

/// What an arrangement costs, as agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kosten {
    /// Follows the rules: Wmo maatwerk/pgb (or an algemene voorziening with a lasting relation)
    /// count for the abonnementstarief; welzijn, informal help, bijstand are free; Wlz, Zvw and
    /// Woningwet are not estimated here.
    VolgensRegels,
    /// Free (e.g. an algemene voorziening without a lasting relation).
    Gratis,
    /// The municipality's own tariff, by name in the cost rules.
    Gemeentetarief { naam: String },
    /// A fixed amount per month in cents, with where it comes from.
    Vast { cent: i64, bron: String },
    // (new kinds go at the end)
}

/// Result at step E.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resultaat {
    Behaald,
    Deels,
    Niet,
}

impl Resultaat {
    pub const ALL: [Resultaat; 3] = [Resultaat::Behaald, Resultaat::Deels, Resultaat::Niet];
    pub fn label(self) -> &'static str {
        match self {
            Resultaat::Behaald => "behaald",
            Resultaat::Deels => "deels behaald",
            Resultaat::Niet => "niet behaald",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Resultaat::Behaald => "behaald",
            Resultaat::Deels => "deels",
            Resultaat::Niet => "niet",
        }
    }
    pub fn from_code(s: &str) -> Option<Resultaat> {
        let s = s.trim().to_lowercase();
        Resultaat::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// The evaluation (step E) of one arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluatie {
    pub datum: NaiveDate,
    pub resultaat: Resultaat,
    pub notitie: String,
    pub door: String,
}

/// A signal to the provider (late or inadequate care), tied to the arrangement it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signaal {
    pub datum: NaiveDate,
    pub tekst: String,
    pub door: String,
}

/// One arrangement of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onderdeel {
    /// Number within the plan (1, 2, …; never given out twice).
    pub nr: u32,
    /// Key of the voorziening or regeling in the sociale kaart (`v/<id>`, `r/<id>`; empty when
    /// not from the map, e.g. informal help).
    pub kaart_sleutel: String,
    pub naam: String,
    pub aanbieder: String,
    /// Who the resident calls about it (the provider's number).
    pub telefoon: String,
    pub wet: Wet,
    pub vorm: Vorm,
    pub start: NaiveDate,
    pub eind: Option<NaiveDate>,
    /// How often ("2 uur per week").
    pub hoe_vaak: String,
    /// The agreed result, in the resident's words.
    pub resultaat: String,
    pub kosten: Kosten,
    /// A wheelchair (no abonnementstarief when it is the only Wmo help).
    pub rolstoel: bool,
    /// An algemene voorziening with a lasting relation (counts for the abonnementstarief).
    pub duurzame_relatie: bool,
    pub volgende_evaluatie: Option<NaiveDate>,
    pub evaluatie: Option<Evaluatie>,
    pub opvolging: Opvolging,
    pub signalen: Vec<Signaal>,
    /// Stopped (kept for the history and the report).
    pub beeindigd: bool,
}

impl Onderdeel {
    /// Active on some day of the month starting `eerste`.
    pub fn loopt_in(&self, eerste: NaiveDate) -> bool {
        let laatste = laatste_dag(eerste);
        !self.beeindigd && self.start <= laatste && self.eind.is_none_or(|e| e >= eerste)
    }

    /// Which cost rule applies.
    pub fn regelsoort(&self) -> Regelsoort<'_> {
        match &self.kosten {
            Kosten::Gratis => Regelsoort::Gratis,
            Kosten::Gemeentetarief { naam } => Regelsoort::Gemeentetarief { naam },
            Kosten::Vast { cent, .. } => Regelsoort::Vast { bedrag: *cent },
            Kosten::VolgensRegels => match (self.wet, self.vorm) {
                (Wet::Wmo, Vorm::Maatwerk | Vorm::Pgb) => Regelsoort::Abonnementstarief { rolstoel: self.rolstoel },
                (Wet::Wmo, Vorm::AlgemeneVoorziening) if self.duurzame_relatie => {
                    Regelsoort::Abonnementstarief { rolstoel: self.rolstoel }
                }
                (Wet::Wmo, _) => Regelsoort::Gratis,
                (Wet::Welzijn | Wet::Participatiewet | Wet::Jeugdwet, _) | (_, Vorm::InformeleHulp) => {
                    Regelsoort::Gratis
                }
                (Wet::Wlz, _) => Regelsoort::Onbekend { waarom: "Wlz: de eigen bijdrage berekent het CAK zelf" },
                (Wet::Zvw, _) => Regelsoort::Onbekend { waarom: "Zvw: via de zorgverzekering (eigen risico)" },
                (Wet::Woningwet, _) => Regelsoort::Onbekend { waarom: "Woningwet: kosten niet bekend bij loket" },
            },
        }
    }
}

/// Approval of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goedkeuring {
    pub datum: NaiveDate,
    /// How the resident is named on the plan (as they approved it).
    pub client: String,
    pub consulent: String,
}

/// One change of the plan: who, why, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wijziging {
    pub op: NaiveDateTime,
    pub door: String,
    pub waarom: String,
    pub wat: String,
}

/// A resident's plan; one per dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub dossier_id: u64,
    /// The leefconsulent (cliëntondersteuner) who coordinates it.
    pub consulent: String,
    /// Who the resident calls (the consultant's number, or the team's).
    pub consulent_telefoon: String,
    pub aangemaakt: NaiveDateTime,
    /// The resident's birth year (for the cost rules; the age is never stored).
    pub geboortejaar: Option<u16>,
    pub wlz_eigen_bijdrage: bool,
    pub onderdelen: Vec<Onderdeel>,
    /// Approved by both: the last approval (a change after it asks for a new one).
    pub goedkeuring: Option<Goedkeuring>,
    pub historie: Vec<Wijziging>,
    pub bijgewerkt_door: String,
    /// Erased (AVG) or past retention.
    pub gewist: bool,
    /// The store's revision of this copy (0 = never saved).
    #[serde(skip)]
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("onderdeel {0} bestaat niet in dit plan")]
    GeenOnderdeel(u32),
    #[error("geef een reden voor de wijziging")]
    GeenReden,
    #[error("de naam van de voorziening of regeling ontbreekt")]
    GeenNaam,
    #[error("het einde ({eind}) ligt voor het begin ({start})")]
    EindVoorStart { start: NaiveDate, eind: NaiveDate },
    #[error("goedkeuren kan alleen met de naam van de bewoner en van de consulent")]
    GoedkeuringOnvolledig,
}

/// The history line of an approval.
pub const GOEDGEKEURD: &str = "door beide partijen goedgekeurd";

/// The first day of the month after.
fn volgende_maand(eerste: NaiveDate) -> NaiveDate {
    eerste.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX)
}

fn laatste_dag(eerste: NaiveDate) -> NaiveDate {
    volgende_maand(eerste).pred_opt().unwrap_or(eerste)
}

/// "2026-12" → the first of that month.
pub fn parse_maand(s: &str) -> Option<NaiveDate> {
    let (j, m) = s.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(j.parse().ok()?, m.parse().ok()?, 1)
}

/// "december 2026".
pub fn maand_naam(eerste: NaiveDate) -> String {
    format!("{} {}", crate::ics::MAANDEN[eerste.month0() as usize], eerste.year())
}

/// "21 december 2026".
pub fn datum_lang(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), crate::ics::MAANDEN[d.month0() as usize], d.year())
}

/// What a new arrangement needs (the rest gets defaults).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NieuwOnderdeel {
    pub kaart_sleutel: String,
    pub naam: String,
    pub aanbieder: String,
    pub telefoon: String,
    pub wet: Wet,
    pub vorm: Vorm,
    pub start: NaiveDate,
    pub eind: Option<NaiveDate>,
    pub hoe_vaak: String,
    pub resultaat: String,
    pub kosten: Kosten,
    pub rolstoel: bool,
    pub duurzame_relatie: bool,
}

impl Plan {
    pub fn nieuw(dossier_id: u64, consulent: &str, aangemaakt: NaiveDateTime) -> Plan {
        Plan {
            dossier_id,
            consulent: consulent.to_string(),
            consulent_telefoon: String::new(),
            aangemaakt,
            geboortejaar: None,
            wlz_eigen_bijdrage: false,
            onderdelen: Vec::new(),
            goedkeuring: None,
            historie: Vec::new(),
            bijgewerkt_door: consulent.to_string(),
            gewist: false,
            rev: 0,
        }
    }

    fn wijzig(&mut self, op: NaiveDateTime, door: &str, waarom: &str, wat: String) {
        self.historie.push(Wijziging { op, door: door.to_string(), waarom: waarom.trim().to_string(), wat });
        self.bijgewerkt_door = door.to_string();
    }

    pub fn onderdeel(&self, nr: u32) -> Option<&Onderdeel> {
        self.onderdelen.iter().find(|o| o.nr == nr)
    }

    fn onderdeel_mut(&mut self, nr: u32) -> Result<&mut Onderdeel, PlanError> {
        self.onderdelen.iter_mut().find(|o| o.nr == nr).ok_or(PlanError::GeenOnderdeel(nr))
    }

    /// Add an arrangement, with its evaluation [`EVALUEREN_NA_MAANDEN`] after the start and its
    /// follow-up `opvolgen_dagen` after the start (by the consultant). Returns its number.
    pub fn voeg_toe(
        &mut self,
        n: NieuwOnderdeel,
        opvolgen_dagen: u32,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<u32, PlanError> {
        if n.naam.trim().is_empty() {
            return Err(PlanError::GeenNaam);
        }
        if let Some(eind) = n.eind.filter(|e| *e < n.start) {
            return Err(PlanError::EindVoorStart { start: n.start, eind });
        }
        let nr = self.onderdelen.iter().map(|o| o.nr).max().unwrap_or(0) + 1;
        let wat = format!("onderdeel {nr} toegevoegd: {} ({}, {})", n.naam.trim(), n.wet.label(), n.vorm.label());
        self.onderdelen.push(Onderdeel {
            nr,
            kaart_sleutel: n.kaart_sleutel,
            naam: n.naam.trim().to_string(),
            aanbieder: n.aanbieder.trim().to_string(),
            telefoon: n.telefoon.trim().to_string(),
            wet: n.wet,
            vorm: n.vorm,
            start: n.start,
            eind: n.eind,
            hoe_vaak: n.hoe_vaak.trim().to_string(),
            resultaat: n.resultaat.trim().to_string(),
            kosten: n.kosten,
            rolstoel: n.rolstoel,
            duurzame_relatie: n.duurzame_relatie,
            volgende_evaluatie: n.start.checked_add_months(Months::new(EVALUEREN_NA_MAANDEN)),
            evaluatie: None,
            opvolging: Opvolging::nieuw(n.start, opvolgen_dagen, &self.consulent),
            signalen: Vec::new(),
            beeindigd: false,
        });
        self.wijzig(op, door, "", wat);
        Ok(nr)
    }

    /// Change how often an arrangement is given; a reason is required and kept in the history.
    pub fn wijzig_hoe_vaak(
        &mut self,
        nr: u32,
        hoe_vaak: &str,
        waarom: &str,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<(), PlanError> {
        if waarom.trim().is_empty() {
            return Err(PlanError::GeenReden);
        }
        let o = self.onderdeel_mut(nr)?;
        let wat = format!("onderdeel {nr} ({}): hoe vaak '{}' → '{}'", o.naam, o.hoe_vaak, hoe_vaak.trim());
        o.hoe_vaak = hoe_vaak.trim().to_string();
        self.wijzig(op, door, waarom, wat);
        Ok(())
    }

    /// End an arrangement on `eind`, with a reason.
    pub fn beeindig(
        &mut self,
        nr: u32,
        eind: NaiveDate,
        waarom: &str,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<(), PlanError> {
        if waarom.trim().is_empty() {
            return Err(PlanError::GeenReden);
        }
        let o = self.onderdeel_mut(nr)?;
        if eind < o.start {
            return Err(PlanError::EindVoorStart { start: o.start, eind });
        }
        o.eind = Some(eind);
        let wat = format!("onderdeel {nr} ({}) stopt op {}", o.naam, eind.format("%d-%m-%Y"));
        self.wijzig(op, door, waarom, wat);
        Ok(())
    }

    /// Approved by both the resident and the consultant on `datum`.
    pub fn keur_goed(
        &mut self,
        datum: NaiveDate,
        client: &str,
        consulent: &str,
        op: NaiveDateTime,
    ) -> Result<(), PlanError> {
        if client.trim().is_empty() || consulent.trim().is_empty() {
            return Err(PlanError::GoedkeuringOnvolledig);
        }
        self.goedkeuring =
            Some(Goedkeuring { datum, client: client.trim().to_string(), consulent: consulent.trim().to_string() });
        self.wijzig(op, consulent, "", GOEDGEKEURD.to_string());
        Ok(())
    }

    /// Is the approval still about the plan as it is (no arrangement added, changed or ended
    /// after it)?
    pub fn goedkeuring_actueel(&self) -> bool {
        if self.goedkeuring.is_none() {
            return false;
        }
        let na = match self.historie.iter().rposition(|w| w.wat == GOEDGEKEURD) {
            Some(i) => &self.historie[i + 1..],
            None => &self.historie[..],
        };
        !na.iter().any(|w| w.wat.starts_with("onderdeel "))
    }

    /// Step E for one arrangement.
    pub fn evalueer(
        &mut self,
        nr: u32,
        resultaat: Resultaat,
        notitie: &str,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<(), PlanError> {
        let o = self.onderdeel_mut(nr)?;
        o.evaluatie = Some(Evaluatie {
            datum: op.date(),
            resultaat,
            notitie: notitie.trim().to_string(),
            door: door.to_string(),
        });
        o.volgende_evaluatie = None;
        let wat = format!("evaluatie onderdeel {nr} ({}): {}", o.naam, resultaat.label());
        self.wijzig(op, door, "", wat);
        Ok(())
    }

    /// A signal to the provider, tied to the arrangement.
    pub fn signaleer(&mut self, nr: u32, tekst: &str, op: NaiveDateTime, door: &str) -> Result<(), PlanError> {
        let o = self.onderdeel_mut(nr)?;
        o.signalen.push(Signaal { datum: op.date(), tekst: tekst.trim().to_string(), door: door.to_string() });
        let wat = format!("signaal aan {} over onderdeel {nr}", o.aanbieder);
        self.wijzig(op, door, "", wat);
        Ok(())
    }

    /// Record the follow-up outcome of an arrangement.
    pub fn volg_op(
        &mut self,
        nr: u32,
        uitkomst: crate::opvolging::Uitkomst,
        notitie: &str,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<(), PlanError> {
        let o = self.onderdeel_mut(nr)?;
        o.opvolging.leg_vast(uitkomst, notitie, op, door);
        let wat = format!("opvolging onderdeel {nr} ({}): {}", o.naam, uitkomst.label());
        self.wijzig(op, door, "", wat);
        Ok(())
    }

    /// Choose the next step after a follow-up that was not geholpen.
    pub fn kies_vervolg(
        &mut self,
        nr: u32,
        stap: crate::opvolging::Vervolgstap,
        op: NaiveDateTime,
        door: &str,
    ) -> Result<(), PlanError> {
        let o = self.onderdeel_mut(nr)?;
        let label = stap.label();
        o.opvolging.kies_vervolg(stap).map_err(|_| PlanError::GeenOnderdeel(nr))?;
        let wat = format!("vervolg onderdeel {nr} ({}): {label}", o.naam);
        self.wijzig(op, door, "", wat);
        Ok(())
    }

    /// The resident's age in `jaar` (from the birth year: can be one year high).
    pub fn leeftijd_in(&self, jaar: i32) -> Option<u8> {
        let a = jaar - self.geboortejaar? as i32;
        (0..=130).contains(&a).then_some(a as u8)
    }

    /// The monthly overview for the month that starts `eerste` (any day of it will do).
    pub fn maandoverzicht(&self, maand: NaiveDate, regels: &Kostenregels) -> Maandoverzicht {
        let eerste = maand.with_day(1).unwrap_or(maand);
        let lopend: Vec<&Onderdeel> = self.onderdelen.iter().filter(|o| o.loopt_in(eerste)).collect();
        let huishouden =
            Huishouden { leeftijd: self.leeftijd_in(eerste.year()), wlz_eigen_bijdrage: self.wlz_eigen_bijdrage };
        let soorten: Vec<Regelsoort<'_>> = lopend.iter().map(|o| o.regelsoort()).collect();
        let kosten = kosten::schat(regels, eerste.year(), huishouden, &soorten);
        let volgende = volgende_maand(eerste);
        let mut gepland = Vec::new();
        for o in &self.onderdelen {
            if o.beeindigd {
                continue;
            }
            if o.start >= eerste && o.start < volgende {
                gepland.push((o.start, format!("{} begint", o.naam)));
            } else if o.start >= volgende && o.start < volgende_maand(volgende) {
                gepland.push((o.start, format!("{} begint (volgende maand)", o.naam)));
            }
            if let Some(e) = o.eind.filter(|e| *e >= eerste && *e < volgende_maand(volgende)) {
                gepland.push((e, format!("{} stopt", o.naam)));
            }
            if let Some(e) = o.volgende_evaluatie.filter(|e| *e < volgende_maand(volgende) && *e >= eerste) {
                gepland.push((e, format!("gesprek over {}: hoe gaat het?", o.naam)));
            }
        }
        gepland.sort();
        Maandoverzicht {
            dossier_id: self.dossier_id,
            maand: eerste,
            regels: lopend
                .iter()
                .zip(&kosten.regels)
                .map(|(o, s)| Overzichtsregel {
                    nr: o.nr,
                    naam: o.naam.clone(),
                    aanbieder: o.aanbieder.clone(),
                    telefoon: o.telefoon.clone(),
                    wet: o.wet.label().to_string(),
                    vorm: o.vorm.label().to_string(),
                    hoe_vaak: o.hoe_vaak.clone(),
                    resultaat: o.resultaat.clone(),
                    kosten: s.clone(),
                })
                .collect(),
            kosten,
            gepland,
            consulent: self.consulent.clone(),
            consulent_telefoon: self.consulent_telefoon.clone(),
            goedgekeurd: self.goedkeuring.clone(),
        }
    }
}

/// One arrangement as the resident reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overzichtsregel {
    pub nr: u32,
    pub naam: String,
    pub aanbieder: String,
    pub telefoon: String,
    pub wet: String,
    pub vorm: String,
    pub hoe_vaak: String,
    pub resultaat: String,
    pub kosten: kosten::Schatting,
}

/// The monthly overview for the resident (made when asked, never stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Maandoverzicht {
    pub dossier_id: u64,
    pub maand: NaiveDate,
    pub regels: Vec<Overzichtsregel>,
    pub kosten: Maandkosten,
    /// What is planned this month and next: (date, what).
    pub gepland: Vec<(NaiveDate, String)>,
    pub consulent: String,
    pub consulent_telefoon: String,
    pub goedgekeurd: Option<Goedkeuring>,
}

/// What the overview says about money, always.
pub const GEEN_BETAALGEGEVENS: &str =
    "Loket heeft geen gegevens over betalingen. De rekening voor de eigen bijdrage krijgt u van het CAK. De bedragen hier zijn een schatting volgens de regels van dit jaar.";

impl Maandoverzicht {
    /// The overview in plain Dutch (B1), as lines of text (the TUI and the CLI show these).
    pub fn regels_tekst(&self) -> Vec<String> {
        let mut out = vec![format!("Uw overzicht van {}", maand_naam(self.maand)), String::new()];
        if self.regels.is_empty() {
            out.push("Deze maand loopt er geen hulp uit uw plan.".to_string());
        } else {
            out.push("Deze hulp krijgt u:".to_string());
            for r in &self.regels {
                out.push(format!("{}. {} — {}", r.nr, r.naam, r.aanbieder));
                let mut wat = vec![format!("{}, {}", r.wet, r.vorm)];
                if !r.hoe_vaak.is_empty() {
                    wat.push(r.hoe_vaak.clone());
                }
                out.push(format!("   {}", wat.join("; ")));
                if !r.resultaat.is_empty() {
                    out.push(format!("   Wat u wilt bereiken: \"{}\"", r.resultaat));
                }
                out.push(format!("   Kosten: {} — {}", r.kosten.tekst(), r.kosten.uitleg()));
                if !r.telefoon.is_empty() {
                    out.push(format!("   Vragen? Bel {} op {}.", r.aanbieder, r.telefoon));
                }
            }
        }
        out.push(String::new());
        out.push(format!("Totaal: {}", self.kosten.totaal_tekst()));
        out.push(GEEN_BETAALGEGEVENS.to_string());
        out.push(String::new());
        if self.gepland.is_empty() {
            out.push("Gepland: niets bijzonders.".to_string());
        } else {
            out.push("Gepland:".to_string());
            for (d, wat) in &self.gepland {
                out.push(format!("- {}: {wat}", datum_lang(*d)));
            }
        }
        out.push(String::new());
        let tel = if self.consulent_telefoon.is_empty() {
            String::new()
        } else {
            format!(", telefoon {}", self.consulent_telefoon)
        };
        out.push(format!("Vragen over uw plan? Bel uw consulent {}{tel}.", self.consulent));
        match &self.goedgekeurd {
            Some(g) => out.push(format!(
                "Dit plan is door beide partijen goedgekeurd op {} ({} en {}).",
                datum_lang(g.datum),
                g.client,
                g.consulent
            )),
            None => out.push("Dit plan is nog niet door u en uw consulent goedgekeurd.".to_string()),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::opvolging::{Uitkomst, Vervolgstap};

    fn d(j: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(j, m, day).unwrap()
    }
    fn t(j: i32, m: u32, day: u32) -> NaiveDateTime {
        d(j, m, day).and_hms_opt(10, 0, 0).unwrap()
    }

    fn nieuw(naam: &str, wet: Wet, vorm: Vorm, start: NaiveDate) -> NieuwOnderdeel {
        NieuwOnderdeel {
            kaart_sleutel: String::new(),
            naam: naam.into(),
            aanbieder: "Aanbieder".into(),
            telefoon: "050-0000000".into(),
            wet,
            vorm,
            start,
            eind: None,
            hoe_vaak: "1 keer per week".into(),
            resultaat: "Ik wil mijn huis schoon houden".into(),
            kosten: Kosten::VolgensRegels,
            rolstoel: false,
            duurzame_relatie: false,
        }
    }

    /// The resident of 82 with three arrangements.
    pub fn plan_82() -> Plan {
        let mut p = Plan::nieuw(3, "Sanne de Vries", t(2025, 11, 3));
        p.geboortejaar = Some(1943);
        p.consulent_telefoon = "050-1234567".into();
        p.voeg_toe(
            nieuw("Huishoudelijke hulp", Wet::Wmo, Vorm::Maatwerk, d(2025, 11, 10)),
            14,
            t(2025, 11, 3),
            "Sanne",
        )
        .unwrap();
        let mut m = nieuw("Maatje", Wet::Welzijn, Vorm::AlgemeneVoorziening, d(2025, 11, 17));
        m.kosten = Kosten::Gratis;
        p.voeg_toe(m, 14, t(2025, 11, 3), "Sanne").unwrap();
        p.voeg_toe(
            nieuw("Bijzondere bijstand", Wet::Participatiewet, Vorm::Maatwerk, d(2025, 12, 1)),
            14,
            t(2025, 11, 3),
            "Sanne",
        )
        .unwrap();
        p
    }

    #[test]
    fn the_overview_of_a_resident_of_82_shows_each_arrangement_and_the_abonnementstarief_once() {
        let p = plan_82();
        let o = p.maandoverzicht(d(2025, 12, 1), &Kostenregels::standaard());
        assert_eq!(o.regels.len(), 3);
        assert_eq!(o.kosten.totaal, 2100);
        assert!(!o.kosten.onvolledig);
        let tekst = o.regels_tekst().join("\n");
        for s in ["Huishoudelijke hulp", "Maatje", "Bijzondere bijstand", "€ 21,00 per maand (geschat)", "CAK"] {
            assert!(tekst.contains(s), "{s} in\n{tekst}");
        }
        assert_eq!(tekst.matches("€ 21,00 (geschat)").count(), 1, "the abonnementstarief once:\n{tekst}");
        // November: the bijstand has not started; December 2026 has no known rate
        assert_eq!(p.maandoverzicht(d(2025, 11, 1), &Kostenregels::standaard()).regels.len(), 2);
        let dec26 = p.maandoverzicht(d(2026, 12, 1), &Kostenregels::standaard());
        assert!(dec26.kosten.onvolledig);
        assert!(dec26.regels_tekst().join("\n").contains("tarief onbekend"));
    }

    #[test]
    fn approval_changes_and_evaluation_are_kept_with_who_and_why() {
        let mut p = plan_82();
        assert!(p.keur_goed(d(2025, 11, 5), "", "Sanne", t(2025, 11, 5)).is_err());
        p.keur_goed(d(2025, 11, 5), "mevrouw Jansen", "Sanne de Vries", t(2025, 11, 5)).unwrap();
        assert!(p.goedkeuring_actueel());
        assert_eq!(p.wijzig_hoe_vaak(1, "3 uur per week", " ", t(2025, 12, 2), "Sanne"), Err(PlanError::GeenReden));
        p.wijzig_hoe_vaak(1, "3 uur per week", "trap lukt niet meer", t(2025, 12, 2), "Sanne").unwrap();
        assert!(!p.goedkeuring_actueel(), "a change after the approval asks for a new one");
        let w = p.historie.last().unwrap();
        assert_eq!((w.door.as_str(), w.waarom.as_str()), ("Sanne", "trap lukt niet meer"));
        assert!(w.wat.contains("'1 keer per week' → '3 uur per week'"));
        for (nr, r) in [(1, Resultaat::Behaald), (2, Resultaat::Deels), (3, Resultaat::Niet)] {
            p.evalueer(nr, r, "besproken", t(2026, 2, 10), "Sanne").unwrap();
        }
        assert_eq!(p.onderdeel(2).unwrap().evaluatie.as_ref().unwrap().resultaat, Resultaat::Deels);
        assert_eq!(p.evalueer(9, Resultaat::Niet, "", t(2026, 2, 10), "Sanne"), Err(PlanError::GeenOnderdeel(9)));
        p.signaleer(1, "hulp kwam twee keer niet", t(2026, 1, 5), "Sanne").unwrap();
        assert_eq!(p.onderdeel(1).unwrap().signalen.len(), 1);
    }

    #[test]
    fn each_arrangement_has_a_next_evaluation_and_a_follow_up() {
        let mut p = plan_82();
        let o = p.onderdeel(1).unwrap();
        assert_eq!(o.volgende_evaluatie, Some(d(2026, 2, 10)));
        assert_eq!(o.opvolging.datum, d(2025, 11, 24));
        assert_eq!(o.opvolging.wie, "Sanne de Vries");
        p.volg_op(2, Uitkomst::OpWachtlijst, "wachtlijst 6 weken", t(2025, 12, 1), "Sanne").unwrap();
        p.kies_vervolg(2, Vervolgstap::OpnieuwZoeken, t(2025, 12, 1), "Sanne").unwrap();
        assert!(!p.onderdeel(2).unwrap().opvolging.staat_open());
        let lijst = crate::opvolging::werklijst(&crate::opvolging::Voor::Backoffice, &[], &[p], d(2025, 12, 15));
        let nrs: Vec<_> = lijst.iter().map(|r| r.herkomst).collect();
        use crate::opvolging::Herkomst::Plan as P;
        assert_eq!(nrs, [P(3, 1), P(3, 3)]);
    }

    #[test]
    fn an_arrangement_ended_before_the_month_is_not_in_it_and_an_end_before_the_start_is_refused() {
        let mut p = plan_82();
        p.beeindig(1, d(2025, 11, 30), "niet meer nodig", t(2025, 11, 28), "Sanne").unwrap();
        let o = p.maandoverzicht(d(2025, 12, 1), &Kostenregels::standaard());
        assert_eq!(o.regels.len(), 2);
        assert_eq!(o.kosten.totaal, 0, "no Wmo maatwerk left: no abonnementstarief");
        assert!(matches!(
            p.beeindig(2, d(2025, 1, 1), "x", t(2025, 11, 28), "Sanne"),
            Err(PlanError::EindVoorStart { .. })
        ));
        assert_eq!(parse_maand("2026-12"), Some(d(2026, 12, 1)));
        assert_eq!(parse_maand("2026-13"), None);
        assert_eq!(maand_naam(d(2026, 12, 1)), "december 2026");
    }
}

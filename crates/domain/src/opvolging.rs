//! Referrals followed to the end (closed-loop referral): every "verwezen naar" at the desk and
//! every arrangement of a resident's plan gets a follow-up: a date (by default
//! [`OPVOLGEN_NA_DAGEN`] days later, or the config's), who follows up, and an outcome with an
//! optional note. An outcome other than geholpen offers the next step at once.
//!
//! A desk referral's follow-up exists from the moment the contact closed with
//! [`Afhandeling::VerwezenNaarAanbieder`]: [`van_verwijzing`] derives it (so every referral has
//! one, also those made before follow-ups existed); it is stored ([`Verwijzingsopvolging`]) once
//! it is worked on.

use chrono::{Days, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::contact::{Afhandeling, Contact, Status};

/// Days after a referral when it is followed up, unless the config says otherwise.
pub const OPVOLGEN_NA_DAGEN: u32 = 14;

/// What came of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uitkomst {
    Geholpen,
    OpWachtlijst,
    NietPassend,
    NietAangekomen,
    Onbekend,
    // (new outcomes go at the end: stored records name them by position)
}

impl Uitkomst {
    pub const ALL: [Uitkomst; 5] = [
        Uitkomst::Geholpen,
        Uitkomst::OpWachtlijst,
        Uitkomst::NietPassend,
        Uitkomst::NietAangekomen,
        Uitkomst::Onbekend,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Uitkomst::Geholpen => "geholpen",
            Uitkomst::OpWachtlijst => "op wachtlijst",
            Uitkomst::NietPassend => "niet passend",
            Uitkomst::NietAangekomen => "niet aangekomen",
            Uitkomst::Onbekend => "onbekend",
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            Uitkomst::Geholpen => "geholpen",
            Uitkomst::OpWachtlijst => "op_wachtlijst",
            Uitkomst::NietPassend => "niet_passend",
            Uitkomst::NietAangekomen => "niet_aangekomen",
            Uitkomst::Onbekend => "onbekend",
        }
    }
    pub fn from_code(s: &str) -> Option<Uitkomst> {
        let s = s.trim().to_lowercase().replace([' ', '-'], "_");
        Uitkomst::ALL.into_iter().find(|u| u.code() == s)
    }
    /// Anything but geholpen asks for a next step.
    pub fn vraagt_vervolg(self) -> bool {
        self != Uitkomst::Geholpen
    }
}

/// The next step after an outcome other than geholpen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vervolgstap {
    /// Search the sociale kaart again (for another provider).
    OpnieuwZoeken,
    /// Hand off (to cliëntondersteuning, the wijkteam).
    Overdragen,
    /// Note an unmet need: asked, but nothing fitting exists.
    OnvervuldeBehoefte { wat: String },
    // (new steps go at the end)
}

impl Vervolgstap {
    pub fn label(&self) -> &'static str {
        match self {
            Vervolgstap::OpnieuwZoeken => "opnieuw zoeken in de sociale kaart",
            Vervolgstap::Overdragen => "overdragen",
            Vervolgstap::OnvervuldeBehoefte { .. } => "onvervulde behoefte genoteerd",
        }
    }
}

/// The next steps offered, in this order, when an outcome is not geholpen.
pub const VERVOLGSTAPPEN: [&str; 3] =
    ["opnieuw zoeken in de sociale kaart", "overdragen", "onvervulde behoefte noteren"];

/// One follow-up: when, who, and (once known) the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opvolging {
    pub datum: NaiveDate,
    /// Who follows up (a worker's name).
    pub wie: String,
    pub uitkomst: Option<Uitkomst>,
    pub notitie: String,
    pub vervolg: Option<Vervolgstap>,
    /// When the outcome was recorded, and by whom.
    pub vastgelegd: Option<(NaiveDateTime, String)>,
}

impl Opvolging {
    pub fn nieuw(vanaf: NaiveDate, dagen: u32, wie: &str) -> Opvolging {
        Opvolging {
            datum: vanaf.checked_add_days(Days::new(dagen as u64)).unwrap_or(NaiveDate::MAX),
            wie: wie.to_string(),
            uitkomst: None,
            notitie: String::new(),
            vervolg: None,
            vastgelegd: None,
        }
    }

    /// Due on `vandaag`: no outcome yet (or an open one: wachtlijst, onbekend, without a next
    /// step) and its date has come.
    pub fn is_te_doen(&self, vandaag: NaiveDate) -> bool {
        self.datum <= vandaag && self.staat_open()
    }

    /// Not finished: no outcome, or an outcome that asks for a next step that was not chosen.
    pub fn staat_open(&self) -> bool {
        match self.uitkomst {
            None => true,
            Some(u) => u.vraagt_vervolg() && self.vervolg.is_none(),
        }
    }

    /// Record an outcome (the next step, if any, is chosen after).
    pub fn leg_vast(&mut self, uitkomst: Uitkomst, notitie: &str, op: NaiveDateTime, door: &str) {
        self.uitkomst = Some(uitkomst);
        self.notitie = notitie.trim().to_string();
        self.vastgelegd = Some((op, door.to_string()));
        if !uitkomst.vraagt_vervolg() {
            self.vervolg = None;
        }
    }

    /// The outcome of a follow-up: a next step; refused after geholpen.
    pub fn kies_vervolg(&mut self, stap: Vervolgstap) -> Result<(), &'static str> {
        match self.uitkomst {
            Some(u) if u.vraagt_vervolg() => {
                self.vervolg = Some(stap);
                Ok(())
            }
            Some(_) => Err("na 'geholpen' is geen vervolgstap nodig"),
            None => Err("leg eerst de uitkomst vast"),
        }
    }

    /// For a worklist whose columns show the date and who: "nog niet opgevolgd" or the outcome.
    pub fn stand(&self) -> String {
        match self.uitkomst {
            None => "nog niet opgevolgd".to_string(),
            Some(_) => format!("{}; kies een vervolgstap", self.samenvatting()),
        }
    }

    /// "opvolgen op 21-12-2026 door Fatima", or "niet aangekomen (…); vervolg: …".
    pub fn samenvatting(&self) -> String {
        match self.uitkomst {
            None => format!("opvolgen op {} door {}", self.datum.format("%d-%m-%Y"), or_dash(&self.wie)),
            Some(u) => {
                let mut s = u.label().to_string();
                if !self.notitie.is_empty() {
                    s.push_str(&format!(" ({})", self.notitie));
                }
                if let Some(v) = &self.vervolg {
                    s.push_str(&format!("; vervolg: {}", v.label()));
                }
                s
            }
        }
    }
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() {
        "-"
    } else {
        s
    }
}

/// The follow-up of a desk referral (stored once worked on; keyed by the contact's id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verwijzingsopvolging {
    pub contact_id: u64,
    /// Where the resident was referred to (the names of the linked entries of the map).
    pub naar: String,
    pub opvolging: Opvolging,
    /// Erased (AVG) or past retention: its note is gone for good.
    pub gewist: bool,
    /// The store's revision of this copy (0 = never saved).
    #[serde(skip)]
    pub rev: u64,
}

/// The follow-up a closed desk referral has: derived when none is stored. `naar` names where
/// to (the caller resolves the contact's links to names); `dagen` from the config.
pub fn van_verwijzing(c: &Contact, naar: &str, dagen: u32) -> Option<Verwijzingsopvolging> {
    if c.status != Status::Afgesloten || !matches!(c.afhandeling, Some(Afhandeling::VerwezenNaarAanbieder)) || c.gewist
    {
        return None;
    }
    let vanaf = c.einde.unwrap_or(c.bijgewerkt).date();
    Some(Verwijzingsopvolging {
        contact_id: c.id,
        naar: naar.to_string(),
        opvolging: Opvolging::nieuw(vanaf, dagen, &c.medewerker),
        gewist: false,
        rev: 0,
    })
}

/// Where a row of the worklist comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Herkomst {
    /// A desk referral (contact id).
    Verwijzing(u64),
    /// An arrangement of a plan: (dossier id, arrangement number).
    Plan(u64, u32),
}

/// One row of the "opvolgen" worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Werkregel {
    pub herkomst: Herkomst,
    pub datum: NaiveDate,
    pub wie: String,
    /// What was referred to / the arrangement.
    pub wat: String,
    pub stand: String,
}

/// Whose worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Voor {
    /// The desk: its own referrals (`medewerker`; empty = every desk referral).
    Balie { medewerker: String },
    /// The backoffice: the plans' arrangements.
    Backoffice,
}

/// The follow-ups due on `vandaag`, oldest first.
pub fn werklijst(
    voor: &Voor,
    verwijzingen: &[Verwijzingsopvolging],
    plannen: &[crate::leefplan::Plan],
    vandaag: NaiveDate,
) -> Vec<Werkregel> {
    let mut out = Vec::new();
    match voor {
        Voor::Balie { medewerker } => {
            for v in verwijzingen {
                let eigen = medewerker.is_empty() || v.opvolging.wie.eq_ignore_ascii_case(medewerker);
                if eigen && !v.gewist && v.opvolging.is_te_doen(vandaag) {
                    out.push(Werkregel {
                        herkomst: Herkomst::Verwijzing(v.contact_id),
                        datum: v.opvolging.datum,
                        wie: v.opvolging.wie.clone(),
                        wat: v.naar.clone(),
                        stand: v.opvolging.stand(),
                    });
                }
            }
        }
        Voor::Backoffice => {
            for p in plannen.iter().filter(|p| !p.gewist) {
                for o in &p.onderdelen {
                    if o.opvolging.is_te_doen(vandaag) {
                        out.push(Werkregel {
                            herkomst: Herkomst::Plan(p.dossier_id, o.nr),
                            datum: o.opvolging.datum,
                            wie: o.opvolging.wie.clone(),
                            wat: format!("{} ({})", o.naam, o.aanbieder),
                            stand: o.opvolging.stand(),
                        });
                    }
                }
            }
        }
    }
    out.sort_by_key(|a| (a.datum, a.herkomst));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Kanaal;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn verwezen(id: u64, wie: &str) -> Contact {
        let mut c = Contact::new(id, Kanaal::Balie, d(12, 1).and_hms_opt(10, 0, 0).unwrap());
        c.medewerker = wie.to_string();
        c.status = Status::Afgesloten;
        c.einde = Some(d(12, 1).and_hms_opt(10, 20, 0).unwrap());
        c.afhandeling = Some(Afhandeling::VerwezenNaarAanbieder);
        c
    }

    #[test]
    fn a_desk_referral_is_followed_up_after_the_configured_days_on_its_date_and_not_before() {
        let v = van_verwijzing(&verwezen(4, "Fatima"), "Maatjesproject", 14).unwrap();
        assert_eq!(v.opvolging.datum, d(12, 15));
        let lijst = [v];
        let voor = Voor::Balie { medewerker: "Fatima".into() };
        assert!(werklijst(&voor, &lijst, &[], d(12, 14)).is_empty(), "not before its date");
        let rij = werklijst(&voor, &lijst, &[], d(12, 15));
        assert_eq!(rij.len(), 1);
        assert_eq!(rij[0].herkomst, Herkomst::Verwijzing(4));
        assert!(werklijst(&Voor::Balie { medewerker: "Jan".into() }, &lijst, &[], d(12, 20)).is_empty(), "own only");
        assert!(werklijst(&Voor::Backoffice, &lijst, &[], d(12, 20)).is_empty());
        // other closings have no follow-up
        let mut info = verwezen(5, "Fatima");
        info.afhandeling = Some(Afhandeling::InformatieGegeven);
        assert!(van_verwijzing(&info, "", 14).is_none());
        let mut open = verwezen(6, "Fatima");
        open.status = Status::Concept;
        assert!(van_verwijzing(&open, "", 14).is_none());
    }

    #[test]
    fn an_outcome_other_than_geholpen_asks_for_a_next_step_and_stays_on_the_list_until_chosen() {
        let mut v = van_verwijzing(&verwezen(4, "Fatima"), "Maatjesproject", 14).unwrap();
        let nu = d(12, 15).and_hms_opt(9, 0, 0).unwrap();
        v.opvolging.leg_vast(Uitkomst::NietAangekomen, "nummer klopte niet", nu, "Fatima");
        assert!(v.opvolging.uitkomst.unwrap().vraagt_vervolg());
        assert!(v.opvolging.is_te_doen(d(12, 16)), "open until a next step is chosen");
        v.opvolging.kies_vervolg(Vervolgstap::OnvervuldeBehoefte { wat: "maatje in het Fries".into() }).unwrap();
        assert!(!v.opvolging.is_te_doen(d(12, 16)));
        assert!(v.opvolging.samenvatting().contains("niet aangekomen (nummer klopte niet); vervolg: onvervulde"));
        let mut g = van_verwijzing(&verwezen(7, "Fatima"), "x", 14).unwrap();
        g.opvolging.leg_vast(Uitkomst::Geholpen, "", nu, "Fatima");
        assert!(!g.opvolging.is_te_doen(d(12, 20)));
        assert!(g.opvolging.kies_vervolg(Vervolgstap::Overdragen).is_err());
    }

    #[test]
    fn outcome_codes_read_back() {
        for u in Uitkomst::ALL {
            assert_eq!(Uitkomst::from_code(u.code()), Some(u));
            assert_eq!(Uitkomst::from_code(u.label()), Some(u));
        }
        assert_eq!(Uitkomst::from_code("raar"), None);
    }
}

//! The backoffice case (cliëntvolgsysteem): one handed-off question, followed through the steps
//! A–E of cliëntondersteuning (seed 004), with notes per step, the next action, signals when care
//! is late or inadequate (Opm 3), and the legal Wmo 2015 clocks when a melding was made.
//!
//! Clocks (Wmo 2015):
//! - art. 2.3.2 lid 9: the onderzoek is finished within **6 weeks** after the melding;
//! - art. 2.3.2 lid 2: the client may hand in a persoonlijk plan within **7 days** after the melding;
//! - art. 2.3.5 lid 1: the beschikking follows within **2 weeks** after the aanvraag.
//!
//! A date is *overdue* when today is after it. Evaluation (step E) is due
//! [`EVALUATIE_NA_MAANDEN`] months after the support started.

use chrono::{Days, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::slots::Slot;

/// Months after the start of the support when the evaluation (E) is due.
pub const EVALUATIE_NA_MAANDEN: u32 = 3;
/// Days for the onderzoek after the melding (6 weeks).
pub const ONDERZOEK_DAGEN: u64 = 42;
/// Days for the persoonlijk plan after the melding.
pub const PERSOONLIJK_PLAN_DAGEN: u64 = 7;
/// Days for the beschikking after the aanvraag (2 weeks).
pub const BESCHIKKING_DAGEN: u64 = 14;

/// Steps of cliëntondersteuning (seed 004), then closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stap {
    /// A. "wat wil ik" en "wat heb ik nodig".
    Vraagverheldering,
    /// B. keuze-ondersteunende informatie.
    KeuzeInformatie,
    /// C. (actieve) steun bij het realiseren van hulp, zorg of begeleiding.
    SteunRealisatie,
    /// D. ondersteuning bij indicatieprocedures.
    Indicatieprocedure,
    /// E. evaluatie.
    Evaluatie,
    Afgesloten,
}

impl Stap {
    pub const ALL: [Stap; 6] = [
        Stap::Vraagverheldering,
        Stap::KeuzeInformatie,
        Stap::SteunRealisatie,
        Stap::Indicatieprocedure,
        Stap::Evaluatie,
        Stap::Afgesloten,
    ];

    /// "A" … "E", "✓" for closed.
    pub fn letter(self) -> &'static str {
        match self {
            Stap::Vraagverheldering => "A",
            Stap::KeuzeInformatie => "B",
            Stap::SteunRealisatie => "C",
            Stap::Indicatieprocedure => "D",
            Stap::Evaluatie => "E",
            Stap::Afgesloten => "✓",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stap::Vraagverheldering => "vraagverheldering",
            Stap::KeuzeInformatie => "keuze-ondersteunende informatie",
            Stap::SteunRealisatie => "steun bij realisatie",
            Stap::Indicatieprocedure => "ondersteuning bij indicatieprocedure",
            Stap::Evaluatie => "evaluatie",
            Stap::Afgesloten => "afgesloten",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Stap::Vraagverheldering => "a",
            Stap::KeuzeInformatie => "b",
            Stap::SteunRealisatie => "c",
            Stap::Indicatieprocedure => "d",
            Stap::Evaluatie => "e",
            Stap::Afgesloten => "afgesloten",
        }
    }

    pub fn from_code(s: &str) -> Option<Stap> {
        let s = s.trim().to_lowercase();
        Stap::ALL.into_iter().find(|x| x.code() == s)
    }

    /// The next step; `None` after Afgesloten.
    pub fn next(self) -> Option<Stap> {
        Stap::ALL.iter().position(|&x| x == self).and_then(|i| Stap::ALL.get(i + 1).copied())
    }
}

/// How the question left the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// To independent cliëntondersteuning (the backoffice).
    Clientondersteuning,
    /// A Wmo melding, to the Wmo-consulent.
    WmoMelding,
    /// A referral to the sociaal (wijk)team.
    Wijkteam,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::Clientondersteuning, Route::WmoMelding, Route::Wijkteam];

    pub fn label(self) -> &'static str {
        match self {
            Route::Clientondersteuning => "cliëntondersteuning",
            Route::WmoMelding => "Wmo-melding (Wmo-consulent)",
            Route::Wijkteam => "sociaal (wijk)team",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Route::Clientondersteuning => "clientondersteuning",
            Route::WmoMelding => "wmo_melding",
            Route::Wijkteam => "wijkteam",
        }
    }

    pub fn from_code(s: &str) -> Option<Route> {
        let s = s.trim().to_lowercase();
        Route::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// A signal that indicated care is late or inadequate (seed 004, Opm 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signaal {
    pub datum: NaiveDate,
    pub tekst: String,
}

/// The Wmo 2015 clocks of a melding. `onderzoek_afgerond` and `beschikking` stop their clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WmoKlok {
    pub melding: NaiveDate,
    pub aanvraag: Option<NaiveDate>,
    pub onderzoek_afgerond: Option<NaiveDate>,
    pub beschikking: Option<NaiveDate>,
}

fn plus_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(NaiveDate::MAX)
}

impl WmoKlok {
    pub fn new(melding: NaiveDate) -> WmoKlok {
        WmoKlok { melding, aanvraag: None, onderzoek_afgerond: None, beschikking: None }
    }

    /// Last day of the onderzoek: melding + 6 weeks (art. 2.3.2 lid 9).
    pub fn onderzoek_uiterlijk(&self) -> NaiveDate {
        plus_days(self.melding, ONDERZOEK_DAGEN)
    }

    /// Last day for the persoonlijk plan: melding + 7 days (art. 2.3.2 lid 2).
    pub fn persoonlijk_plan_uiterlijk(&self) -> NaiveDate {
        plus_days(self.melding, PERSOONLIJK_PLAN_DAGEN)
    }

    /// Last day of the beschikking: aanvraag + 2 weeks (art. 2.3.5 lid 1).
    pub fn beschikking_uiterlijk(&self) -> Option<NaiveDate> {
        self.aanvraag.map(|a| plus_days(a, BESCHIKKING_DAGEN))
    }

    /// Running legal deadlines (not yet met), with a Dutch description.
    pub fn open_termijnen(&self) -> Vec<(NaiveDate, String)> {
        let mut out = Vec::new();
        if self.onderzoek_afgerond.is_none() {
            out.push((self.onderzoek_uiterlijk(), "onderzoek Wmo (6 weken na melding)".to_string()));
        }
        if self.beschikking.is_none() {
            if let Some(d) = self.beschikking_uiterlijk() {
                out.push((d, "beschikking Wmo (2 weken na aanvraag)".to_string()));
            }
        }
        out
    }
}

/// A backoffice case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub id: u64,
    pub contact_id: u64,
    pub ondersteuner_id: String,
    pub aangemaakt: NaiveDateTime,
    pub afspraak: Option<Slot>,
    pub stap: Stap,
    pub notities: Vec<Notitie>,
    pub volgende_actie: Option<NaiveDate>,
    pub signalen: Vec<Signaal>,
    pub wmo: Option<WmoKlok>,
    pub steun_gestart: Option<NaiveDate>,
    /// The client agreed (toestemming) that their details are passed on.
    pub consent: bool,
    /// Without consent the handoff is anonymous: no personal details leave the desk.
    pub anoniem: bool,
    pub samenvatting: String,
    pub route: Route,
    /// How to reach the client: only with consent, never the BSN.
    pub client: Option<crate::contact::ClientGegevens>,
    /// Who handed the question over (the desk worker).
    pub aangemaakt_door: String,
    /// Who changed the case last, and when.
    pub bijgewerkt_door: String,
    /// Raised every time the appointment is moved or cancelled (SEQUENCE in the .ics).
    pub afspraak_volgnummer: u32,
    /// Erased (AVG art. 17) or anonymised by retention: no desk writes an older copy back.
    #[serde(default)]
    pub gewist: bool,
    /// The store's revision of this copy (0 = never saved); kept beside the record.
    #[serde(skip)]
    pub rev: u64,
}

/// A note on a step: when, by whom, what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notitie {
    pub stap: Stap,
    pub op: NaiveDateTime,
    pub tekst: String,
    /// The worker who wrote it ("" in records from before workers were recorded).
    pub door: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("het dossier is al afgesloten")]
    AlAfgesloten,
    #[error("het dossier staat al bij de eerste stap (A)")]
    AlBijBegin,
    #[error("kan niet terug van stap {van} naar stap {naar}")]
    Terug { van: &'static str, naar: &'static str },
}

/// "kind, 9 jaar" → "kind 9"; "cliënt zelf" → "zelf"; "iemand anders, 79 jaar" → "ander 79".
pub fn hulp_voor_kort(t: &str) -> String {
    let (wie, rest) = t.split_once(',').unwrap_or((t, ""));
    let wie = match wie.trim() {
        "cliënt zelf" => "zelf",
        "iemand anders" => "ander",
        w => w,
    };
    let jaar = rest.trim().trim_end_matches("jaar").trim();
    if jaar.is_empty() {
        wie.to_string()
    } else {
        format!("{wie} {jaar}")
    }
}

/// The line of a handoff summary that says who the help is for.
pub const HULP_VOOR_REGEL: &str = "Hulp voor: ";

impl Case {
    /// Who the help is for, as the handoff summary says it ("kind, 9 jaar"); cases handed off
    /// before the summary said it have none.
    pub fn hulp_voor(&self) -> Option<&str> {
        self.samenvatting.lines().find_map(|l| l.strip_prefix(HULP_VOOR_REGEL)).map(str::trim)
    }

    /// The same, short for a list column: "kind 9", "zelf 80", "partner 84".
    pub fn hulp_voor_kort(&self) -> Option<String> {
        self.hulp_voor().map(hulp_voor_kort)
    }

    /// A new case in step A. Without consent it is anonymous.
    pub fn new(
        id: u64,
        contact_id: u64,
        ondersteuner_id: &str,
        route: Route,
        samenvatting: &str,
        consent: bool,
        aangemaakt: NaiveDateTime,
    ) -> Case {
        Case {
            id,
            contact_id,
            ondersteuner_id: ondersteuner_id.to_string(),
            aangemaakt,
            afspraak: None,
            stap: Stap::Vraagverheldering,
            notities: Vec::new(),
            volgende_actie: None,
            signalen: Vec::new(),
            wmo: if route == Route::WmoMelding { Some(WmoKlok::new(aangemaakt.date())) } else { None },
            steun_gestart: None,
            consent,
            anoniem: !consent,
            samenvatting: samenvatting.to_string(),
            route,
            client: None,
            aangemaakt_door: String::new(),
            bijgewerkt_door: String::new(),
            afspraak_volgnummer: 0,
            gewist: false,
            rev: 0,
        }
    }

    pub fn is_open(&self) -> bool {
        self.stap != Stap::Afgesloten
    }

    /// A note on the current step.
    pub fn add_note(&mut self, now: NaiveDateTime, text: &str) {
        let door = self.bijgewerkt_door.clone();
        self.notities.push(Notitie { stap: self.stap, op: now, tekst: text.to_string(), door });
    }

    pub fn notes_of(&self, stap: Stap) -> impl Iterator<Item = &Notitie> {
        self.notities.iter().filter(move |n| n.stap == stap)
    }

    pub fn add_signaal(&mut self, datum: NaiveDate, tekst: &str) {
        self.signalen.push(Signaal { datum, tekst: tekst.to_string() });
    }

    /// Move to the next step (A → B → … → E → Afgesloten). See [`Case::go_to`].
    pub fn advance(&mut self, now: NaiveDateTime) -> Result<Stap, CaseError> {
        let next = self.stap.next().ok_or(CaseError::AlAfgesloten)?;
        self.go_to(next, now)
    }

    /// Move forward to `stap`, skipping steps that are not needed (D only with an indication).
    /// Entering C or later without a start date of the support sets it to today; the move is
    /// logged as a note on the new step.
    pub fn go_to(&mut self, stap: Stap, now: NaiveDateTime) -> Result<Stap, CaseError> {
        if !self.is_open() {
            return Err(CaseError::AlAfgesloten);
        }
        if stap < self.stap {
            return Err(CaseError::Terug { van: self.stap.letter(), naar: stap.letter() });
        }
        if stap == self.stap {
            return Ok(stap);
        }
        if stap >= Stap::SteunRealisatie && stap != Stap::Afgesloten && self.steun_gestart.is_none() {
            self.steun_gestart = Some(now.date());
        }
        self.stap = stap;
        self.add_note(now, &format!("naar stap {} ({})", stap.letter(), stap.label()));
        Ok(stap)
    }

    /// Undo the last step (a `v` pressed by mistake): back to the step before, logged as a note
    /// on that step. Going back before C means the support has not started yet.
    pub fn stap_terug(&mut self, now: NaiveDateTime) -> Result<Stap, CaseError> {
        if !self.is_open() {
            return Err(CaseError::AlAfgesloten);
        }
        let i = Stap::ALL.iter().position(|&x| x == self.stap).unwrap_or(0);
        let Some(prev) = i.checked_sub(1).map(|j| Stap::ALL[j]) else {
            return Err(CaseError::AlBijBegin);
        };
        let van = self.stap;
        self.stap = prev;
        if prev < Stap::SteunRealisatie {
            self.steun_gestart = None;
        }
        self.add_note(
            now,
            &format!("terug naar stap {} ({}), stap {} ongedaan gemaakt", prev.letter(), prev.label(), van.letter()),
        );
        Ok(prev)
    }

    /// A Wmo clock still running (a legal deadline not yet met)?
    pub fn wmo_klok_loopt(&self) -> bool {
        self.wmo.as_ref().is_some_and(|w| !w.open_termijnen().is_empty())
    }

    /// Close the case with a reason (from any step).
    pub fn close(&mut self, now: NaiveDateTime, reden: &str) -> Result<(), CaseError> {
        if !self.is_open() {
            return Err(CaseError::AlAfgesloten);
        }
        self.stap = Stap::Afgesloten;
        self.add_note(now, &format!("afgesloten: {reden}"));
        Ok(())
    }

    /// When the evaluation (E) is due: [`EVALUATIE_NA_MAANDEN`] after the support started.
    pub fn evaluatie_uiterlijk(&self) -> Option<NaiveDate> {
        self.steun_gestart.map(|d| d.checked_add_months(Months::new(EVALUATIE_NA_MAANDEN)).unwrap_or(NaiveDate::MAX))
    }

    /// Every open deadline of an open case, earliest first, with a Dutch description.
    pub fn deadlines(&self) -> Vec<(NaiveDate, String)> {
        let mut out = Vec::new();
        if !self.is_open() {
            return out;
        }
        if let Some(w) = &self.wmo {
            out.extend(w.open_termijnen());
        }
        if self.stap < Stap::Evaluatie {
            if let Some(d) = self.evaluatie_uiterlijk() {
                out.push((d, "evaluatie (stap E)".to_string()));
            }
        }
        if let Some(d) = self.volgende_actie {
            out.push((d, "volgende actie".to_string()));
        }
        out.sort();
        out
    }

    /// The first open deadline, to sort the queue.
    pub fn next_deadline(&self) -> Option<NaiveDate> {
        self.deadlines().first().map(|d| d.0)
    }

    /// Why the case is overdue on `today` (empty when it is not), Dutch, earliest first.
    pub fn overdue(&self, today: NaiveDate) -> Vec<String> {
        self.deadlines()
            .into_iter()
            .filter(|(d, _)| today > *d)
            .map(|(d, what)| {
                format!("{what}: uiterlijk {} ({} dagen te laat)", d.format("%d-%m-%Y"), (today - d).num_days())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate) -> NaiveDateTime {
        date.and_hms_opt(10, 0, 0).unwrap()
    }

    #[test]
    fn wmo_clock_dates() {
        let mut k = WmoKlok::new(d(2026, 11, 24));
        assert_eq!(k.onderzoek_uiterlijk(), d(2027, 1, 5));
        assert_eq!(k.persoonlijk_plan_uiterlijk(), d(2026, 12, 1));
        assert_eq!(k.beschikking_uiterlijk(), None);
        k.aanvraag = Some(d(2027, 1, 4));
        assert_eq!(k.beschikking_uiterlijk(), Some(d(2027, 1, 18)));
    }

    #[test]
    fn overdue_reasons() {
        let mut c = Case::new(1, 2, "o", Route::WmoMelding, "vraag", true, at(d(2026, 11, 24)));
        assert!(c.overdue(d(2027, 1, 5)).is_empty(), "on the last day it is not late yet");
        let r = c.overdue(d(2027, 1, 6));
        assert_eq!(r.len(), 1);
        assert!(r[0].contains("onderzoek") && r[0].contains("05-01-2027") && r[0].contains("1 dagen"), "{r:?}");
        c.wmo.as_mut().unwrap().onderzoek_afgerond = Some(d(2027, 1, 2));
        assert!(c.overdue(d(2027, 1, 6)).is_empty());
        c.volgende_actie = Some(d(2027, 1, 1));
        assert_eq!(c.overdue(d(2027, 1, 6)).len(), 1);
        c.close(at(d(2027, 1, 6)), "klaar").unwrap();
        assert!(c.overdue(d(2027, 6, 1)).is_empty());
    }

    #[test]
    fn evaluation_due_after_support_started() {
        let mut c = Case::new(1, 2, "o", Route::Clientondersteuning, "vraag", false, at(d(2026, 11, 24)));
        assert!(c.anoniem);
        assert_eq!(c.evaluatie_uiterlijk(), None);
        c.advance(at(d(2026, 12, 1))).unwrap(); // B
        c.advance(at(d(2026, 12, 8))).unwrap(); // C
        assert_eq!(c.steun_gestart, Some(d(2026, 12, 8)));
        assert_eq!(c.evaluatie_uiterlijk(), Some(d(2027, 3, 8)));
        assert!(c.overdue(d(2027, 3, 8)).is_empty());
        assert!(c.overdue(d(2027, 3, 9))[0].contains("evaluatie"));
        c.go_to(Stap::Evaluatie, at(d(2027, 3, 9))).unwrap();
        assert!(c.overdue(d(2027, 3, 10)).is_empty());
    }

    #[test]
    fn steps_only_go_forward() {
        let mut c = Case::new(1, 2, "o", Route::Clientondersteuning, "", true, at(d(2026, 11, 24)));
        let now = at(d(2026, 11, 25));
        assert_eq!(c.advance(now), Ok(Stap::KeuzeInformatie));
        assert!(matches!(c.go_to(Stap::Vraagverheldering, now), Err(CaseError::Terug { .. })));
        assert_eq!(c.go_to(Stap::Evaluatie, now), Ok(Stap::Evaluatie));
        assert_eq!(c.advance(now), Ok(Stap::Afgesloten));
        assert_eq!(c.advance(now), Err(CaseError::AlAfgesloten));
        assert_eq!(c.notes_of(Stap::Evaluatie).count(), 1);
    }

    #[test]
    fn a_step_can_be_undone() {
        let mut c = Case::new(1, 2, "o", Route::Clientondersteuning, "", true, at(d(2026, 11, 24)));
        let now = at(d(2026, 11, 25));
        assert_eq!(c.stap_terug(now), Err(CaseError::AlBijBegin));
        c.advance(now).unwrap();
        c.advance(now).unwrap(); // C: the support starts
        assert!(c.steun_gestart.is_some());
        assert_eq!(c.stap_terug(now), Ok(Stap::KeuzeInformatie));
        assert_eq!(c.steun_gestart, None, "back before C: no support started");
        assert!(c.notes_of(Stap::KeuzeInformatie).any(|n| n.tekst.contains("ongedaan")));
    }

    #[test]
    fn labels_and_codes() {
        for s in Stap::ALL {
            assert_eq!(Stap::from_code(s.code()), Some(s));
        }
        for r in Route::ALL {
            assert_eq!(Route::from_code(r.code()), Some(r));
        }
        assert_eq!(Stap::Vraagverheldering.label(), "vraagverheldering");
        assert_eq!(Stap::Evaluatie.next(), Some(Stap::Afgesloten));
        assert_eq!(Stap::Afgesloten.next(), None);
    }
}

//! A contact (vraagregistratie): one conversation at the desk, on the phone, by mail or at home.
//! The client is anonymous by default; only what a later step needs is asked.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::kaart::Wet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kanaal {
    Telefoon,
    Balie,
    Email,
    Huisbezoek,
}

impl Kanaal {
    pub const ALL: [Kanaal; 4] = [Kanaal::Telefoon, Kanaal::Balie, Kanaal::Email, Kanaal::Huisbezoek];
    pub fn label(self) -> &'static str {
        match self {
            Kanaal::Telefoon => "telefoon",
            Kanaal::Balie => "balie",
            Kanaal::Email => "e-mail",
            Kanaal::Huisbezoek => "huisbezoek",
        }
    }
    pub fn next(self) -> Kanaal {
        let i = Kanaal::ALL.iter().position(|k| *k == self).unwrap_or(0);
        Kanaal::ALL[(i + 1) % Kanaal::ALL.len()]
    }
}

/// Who asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Vrager {
    Client,
    Mantelzorger,
    Professional,
}

impl Vrager {
    pub const ALL: [Vrager; 3] = [Vrager::Client, Vrager::Mantelzorger, Vrager::Professional];
    pub fn label(self) -> &'static str {
        match self {
            Vrager::Client => "cliënt zelf",
            Vrager::Mantelzorger => "mantelzorger",
            Vrager::Professional => "professional",
        }
    }
    pub fn next(self) -> Vrager {
        let i = Vrager::ALL.iter().position(|k| *k == self).unwrap_or(0);
        Vrager::ALL[(i + 1) % Vrager::ALL.len()]
    }
}

/// Life domains (levensdomeinen), toggled with single keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Levensdomein {
    Wonen,
    Zorg,
    Welzijn,
    Financien,
    WerkInkomen,
    OpvoedingJeugd,
    Veiligheid,
    Vervoer,
    Mantelzorg,
}

impl Levensdomein {
    pub const ALL: [Levensdomein; 9] = [
        Levensdomein::Wonen,
        Levensdomein::Zorg,
        Levensdomein::Welzijn,
        Levensdomein::Financien,
        Levensdomein::WerkInkomen,
        Levensdomein::OpvoedingJeugd,
        Levensdomein::Veiligheid,
        Levensdomein::Vervoer,
        Levensdomein::Mantelzorg,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Levensdomein::Wonen => "wonen",
            Levensdomein::Zorg => "zorg",
            Levensdomein::Welzijn => "welzijn",
            Levensdomein::Financien => "financiën",
            Levensdomein::WerkInkomen => "werk en inkomen",
            Levensdomein::OpvoedingJeugd => "opvoeding en jeugd",
            Levensdomein::Veiligheid => "veiligheid",
            Levensdomein::Vervoer => "vervoer",
            Levensdomein::Mantelzorg => "mantelzorg",
        }
    }
}

/// Optional client details. Nothing else is asked (AVG data minimisation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientGegevens {
    pub naam: String,
    pub geboortejaar: Option<u16>,
    pub gemeente: String,
    pub wijk: String,
    /// For a call-back only.
    pub telefoon: String,
    /// Only where a later step needs it; validated with the elfproef.
    pub bsn: Option<String>,
    /// A language other than Dutch the client needs (for the choice of supporter).
    pub taal: String,
}

impl ClientGegevens {
    pub fn is_anonymous(&self) -> bool {
        self.naam.trim().is_empty() && self.telefoon.trim().is_empty() && self.bsn.is_none()
    }
    /// Age this year (birth year only is kept, so this can be one year high).
    pub fn leeftijd(&self, today: NaiveDate) -> Option<u8> {
        let y = self.geboortejaar? as i32;
        let age = today.year() - y;
        (0..=130).contains(&age).then_some(age as u8)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkSoort {
    InformatieGegeven,
    VerwezenNaar,
}

impl LinkSoort {
    pub fn label(self) -> &'static str {
        match self {
            LinkSoort::InformatieGegeven => "informatie gegeven",
            LinkSoort::VerwezenNaar => "verwezen naar",
        }
    }
}

/// A sociale-kaart entry given or referred to in this contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub entry_id: String,
    /// Name at the time, so the contact reads well even if the entry changes later.
    pub naam: String,
    pub soort: LinkSoort,
    /// The entry needs an indication procedure (maatwerk via melding, CIZ).
    pub indicatie: bool,
}

/// The desk worker's answers to the triage checklist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageChecklist {
    pub meerdere_vragen: bool,
    pub indicatie_nodig: bool,
    pub niet_zelfredzaam: bool,
    pub meer_tijd_nodig: bool,
    pub urgent: bool,
    pub gevaar: bool,
    /// The mantelzorger can't carry on: a complex question in itself (contact version 3).
    pub mantelzorger_overbelast: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Uitkomst {
    Enkelvoudig,
    Complex,
}

impl Uitkomst {
    pub fn label(self) -> &'static str {
        match self {
            Uitkomst::Enkelvoudig => "enkelvoudig",
            Uitkomst::Complex => "complex",
        }
    }
}

/// What the worker decided, and why if it differs from loket's suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriageBesluit {
    pub uitkomst: Uitkomst,
    pub suggestie: Uitkomst,
    /// Short reason when the worker overrode the suggestion.
    pub reden_afwijking: String,
}

/// How the contact ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Afhandeling {
    InformatieGegeven,
    VerwezenNaarAanbieder,
    FormulierMeegegeven,
    Terugbelverzoek {
        wanneer: NaiveDateTime,
        gedaan: bool,
    },
    Backoffice,
    MeldingWmo,
    /// An unmet need: what was asked, in which domain, so the municipality learns what is missing.
    GeenPassendAanbod {
        wat: String,
        domein: Option<Levensdomein>,
    },
    /// Danger: referred to 112, Veilig Thuis or 113; may close without any client data.
    /// (Added at the end: older records keep their variant numbers.)
    VerwezenCrisisdienst,
}

impl Afhandeling {
    pub fn label(&self) -> &'static str {
        match self {
            Afhandeling::InformatieGegeven => "informatie/advies gegeven",
            Afhandeling::VerwezenNaarAanbieder => "verwezen naar aanbieder",
            Afhandeling::FormulierMeegegeven => "formulier meegegeven",
            Afhandeling::Terugbelverzoek { .. } => "terugbelverzoek",
            Afhandeling::Backoffice => "doorgezet naar backoffice cliëntondersteuning",
            Afhandeling::MeldingWmo => "melding Wmo bij de gemeente",
            Afhandeling::GeenPassendAanbod { .. } => "geen passend aanbod",
            Afhandeling::VerwezenCrisisdienst => "verwezen naar crisisdienst",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Being typed; saved as a draft after every change.
    Concept,
    Afgesloten,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: u64,
    pub kanaal: Kanaal,
    pub start: NaiveDateTime,
    pub einde: Option<NaiveDateTime>,
    pub vrager: Vrager,
    /// The question(s), as heard.
    pub vraag: String,
    pub levensdomeinen: Vec<Levensdomein>,
    pub wetten: Vec<Wet>,
    pub client: ClientGegevens,
    pub links: Vec<Link>,
    pub checklist: TriageChecklist,
    pub besluit: Option<TriageBesluit>,
    /// Wmo 2015 art. 2.3.2 lid 3: pointed to free independent cliëntondersteuning.
    pub gewezen_op_clientondersteuning: bool,
    /// … and the mantelzorger too.
    pub mantelzorger_gewezen: bool,
    pub afhandeling: Option<Afhandeling>,
    pub status: Status,
    pub bijgewerkt: NaiveDateTime,
    /// Who registered the contact (the worker at the desk).
    pub medewerker: String,
    /// Who the help is for; eligibility and the supporter suggestion use that person.
    pub hulp_voor: HulpVoor,
    /// Age of the person the help is for, when it is not the client with a birth year.
    pub hulp_voor_leeftijd: Option<u8>,
    /// Raw text of fields that were not valid yet (never the BSN), so nothing typed is lost.
    pub ruwe_invoer: Vec<RuweInvoer>,
    /// Erased (AVG art. 17) or anonymised by retention: its personal fields are empty for good.
    /// A desk that still holds an older copy may never write it back (see `contact_merge`).
    #[serde(default)]
    pub gewist: bool,
    /// The worker's answers to the doorvragen prompt: one per category asked about.
    pub signaalvragen: Vec<Signaalvraag>,
    /// The store's revision of this copy (0 = never saved). Not part of the stored value: the
    /// store keeps it beside the record and refuses a write based on a stale one.
    #[serde(skip)]
    pub rev: u64,
}

/// A possible sign of danger asked about: the question for its category was put to
/// the caller; ja makes it a crisis, nee is noted and closes the sign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signaalvraag {
    /// The category's code (`zelfdoding`, `huiselijk_geweld`, …; see `danger::Soort::code`).
    pub soort: String,
    /// The words that raised the prompt.
    pub gevonden: String,
    /// The caller's answer: true = ja.
    pub ja: bool,
    pub op: NaiveDateTime,
    /// The worker who asked.
    pub door: String,
}

impl Contact {
    /// The answer recorded for a category, if any.
    pub fn signaalvraag(&self, soort: super::danger::Soort) -> Option<&Signaalvraag> {
        self.signaalvragen.iter().rev().find(|v| v.soort == soort.code())
    }
}

/// Who the help is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HulpVoor {
    #[default]
    Zelf,
    Kind,
    Partner,
    Ouder,
    Ander,
}

impl HulpVoor {
    pub const ALL: [HulpVoor; 5] =
        [HulpVoor::Zelf, HulpVoor::Kind, HulpVoor::Partner, HulpVoor::Ouder, HulpVoor::Ander];
    pub fn label(self) -> &'static str {
        match self {
            HulpVoor::Zelf => "zichzelf",
            HulpVoor::Kind => "kind",
            HulpVoor::Partner => "partner",
            HulpVoor::Ouder => "ouder",
            HulpVoor::Ander => "iemand anders",
        }
    }
    pub fn next(self) -> HulpVoor {
        let i = HulpVoor::ALL.iter().position(|k| *k == self).unwrap_or(0);
        HulpVoor::ALL[(i + 1) % HulpVoor::ALL.len()]
    }
}

/// The raw text of a field that did not validate yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuweInvoer {
    pub veld: String,
    pub tekst: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CloseError {
    #[error("kies eerst een afhandeling")]
    NoOutcome,
    #[error("bevestig eerst de triage (enkelvoudig of complex)")]
    NoTriage,
    #[error("een complexe vraag gaat naar de backoffice, de Wmo-consulent of een terugbelafspraak; kies een passende afhandeling of pas de triage aan")]
    ComplexNeedsFollowUp,
    #[error("geen passend aanbod: beschrijf wat er gevraagd werd")]
    UnmetNeedWithoutText,
}

impl Contact {
    pub fn new(id: u64, kanaal: Kanaal, now: NaiveDateTime) -> Contact {
        Contact {
            id,
            kanaal,
            start: now,
            einde: None,
            vrager: Vrager::Client,
            vraag: String::new(),
            levensdomeinen: Vec::new(),
            wetten: Vec::new(),
            client: ClientGegevens::default(),
            links: Vec::new(),
            checklist: TriageChecklist::default(),
            besluit: None,
            gewezen_op_clientondersteuning: false,
            mantelzorger_gewezen: false,
            afhandeling: None,
            status: Status::Concept,
            bijgewerkt: now,
            medewerker: String::new(),
            hulp_voor: HulpVoor::Zelf,
            hulp_voor_leeftijd: None,
            ruwe_invoer: Vec::new(),
            gewist: false,
            signaalvragen: Vec::new(),
            rev: 0,
        }
    }

    /// A draft in which nothing was entered yet: not worth keeping or offering back.
    pub fn is_blank(&self) -> bool {
        self.status == Status::Concept
            && self.vraag.trim().is_empty()
            && self.levensdomeinen.is_empty()
            && self.wetten.is_empty()
            && self.links.is_empty()
            && self.client == ClientGegevens::default()
            && self.checklist == TriageChecklist::default()
            && self.besluit.is_none()
            && !self.gewezen_op_clientondersteuning
            && !self.mantelzorger_gewezen
            && self.hulp_voor == HulpVoor::Zelf
            && self.hulp_voor_leeftijd.is_none()
            && self.ruwe_invoer.is_empty()
            && !self.gewist
            && self.signaalvragen.is_empty()
    }

    pub fn toggle_domein(&mut self, d: Levensdomein) {
        if let Some(i) = self.levensdomeinen.iter().position(|x| *x == d) {
            self.levensdomeinen.remove(i);
        } else {
            self.levensdomeinen.push(d);
            self.levensdomeinen.sort();
        }
    }

    pub fn toggle_wet(&mut self, w: Wet) {
        if let Some(i) = self.wetten.iter().position(|x| *x == w) {
            self.wetten.remove(i);
        } else {
            self.wetten.push(w);
            self.wetten.sort();
        }
    }

    /// Add or change a link to a sociale-kaart entry; the same soort again removes it.
    pub fn toggle_link(&mut self, link: Link) {
        if let Some(i) = self.links.iter().position(|l| l.entry_id == link.entry_id) {
            if self.links[i].soort == link.soort {
                self.links.remove(i);
            } else {
                self.links[i] = link;
            }
        } else {
            self.links.push(link);
        }
    }

    pub fn duur_minuten(&self, now: NaiveDateTime) -> i64 {
        (self.einde.unwrap_or(now) - self.start).num_minutes().max(0)
    }

    /// The age of the person the help is for: the age recorded for them, else (help for the
    /// client) the client's birth year. Help for a child, partner or parent of unknown age has
    /// no age: the caller's own is not theirs.
    pub fn leeftijd_hulp(&self, today: NaiveDate) -> Option<u8> {
        match (self.hulp_voor_leeftijd, self.hulp_voor) {
            (Some(a), _) => Some(a),
            (None, HulpVoor::Zelf) => self.client.leeftijd(today),
            (None, _) => None,
        }
    }

    /// Who the help is for, with that person's age when known: "kind, 9 jaar", "partner, 84
    /// jaar", "cliënt zelf". The age is the one recorded, else the one the question gives for
    /// that person, else (for the client) the birth year.
    pub fn hulp_voor_tekst(&self, today: NaiveDate) -> String {
        let wie = match self.hulp_voor {
            HulpVoor::Zelf => "cliënt zelf",
            h => h.label(),
        };
        let leeftijd = self
            .hulp_voor_leeftijd
            .or_else(|| super::leeftijd::leeftijd_voor(&self.vraag, self.hulp_voor))
            .or_else(|| self.leeftijd_hulp(today));
        match leeftijd {
            Some(a) => format!("{wie}, {a} jaar"),
            None => wie.to_string(),
        }
    }

    /// The raw text kept for field `veld`, if it did not validate.
    pub fn ruw(&self, veld: &str) -> Option<&str> {
        self.ruwe_invoer.iter().find(|r| r.veld == veld).map(|r| r.tekst.as_str())
    }

    /// Keep (Some) or drop (None) the raw text of field `veld`.
    pub fn set_ruw(&mut self, veld: &str, tekst: Option<String>) {
        self.ruwe_invoer.retain(|r| r.veld != veld);
        if let Some(tekst) = tekst {
            self.ruwe_invoer.push(RuweInvoer { veld: veld.to_string(), tekst });
        }
    }

    /// The suggestion and its reasons, from the checklist and what is known.
    pub fn triage(&self) -> super::triage::Advies {
        super::triage::advise(self)
    }

    /// Close the contact; fails without an outcome or with an outcome that does not fit.
    pub fn close(&mut self, now: NaiveDateTime) -> Result<(), CloseError> {
        let besluit = self.besluit.as_ref().ok_or(CloseError::NoTriage)?;
        let af = self.afhandeling.as_ref().ok_or(CloseError::NoOutcome)?;
        if let Afhandeling::GeenPassendAanbod { wat, .. } = af {
            if wat.trim().is_empty() {
                return Err(CloseError::UnmetNeedWithoutText);
            }
        }
        // A crisis is not a handoff: referred to a crisis line, also a complex contact may close.
        let crisis = matches!(af, Afhandeling::VerwezenCrisisdienst)
            || (matches!(af, Afhandeling::VerwezenNaarAanbieder) && super::triage::naar_crisislijn_verwezen(self));
        if besluit.uitkomst == Uitkomst::Complex
            && !crisis
            && !matches!(af, Afhandeling::Backoffice | Afhandeling::MeldingWmo | Afhandeling::Terugbelverzoek { .. })
        {
            return Err(CloseError::ComplexNeedsFollowUp);
        }
        self.status = Status::Afgesloten;
        self.einde = Some(now);
        self.bijgewerkt = now;
        Ok(())
    }

    /// A callback that is due at `now` and not done yet.
    pub fn terugbellen_due(&self, now: NaiveDateTime) -> bool {
        matches!(self.afhandeling, Some(Afhandeling::Terugbelverzoek { wanneer, gedaan: false }) if wanneer <= now)
    }

    /// Text the contact list filter looks in: question, client name and phone.
    pub fn matches_filter(&self, needle: &str) -> bool {
        let n = loket_base::text::fold(needle.trim());
        if n.is_empty() {
            return true;
        }
        let digits: String = needle.chars().filter(|c| c.is_ascii_digit()).collect();
        let phone: String = self.client.telefoon.chars().filter(|c| c.is_ascii_digit()).collect();
        if digits.len() >= 4 && phone.contains(&digits) {
            return true;
        }
        let hay = loket_base::text::fold(&format!("{} {} {}", self.client.naam, self.vraag, self.client.wijk));
        n.split_whitespace().all(|w| hay.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    fn decided(c: &mut Contact, u: Uitkomst) {
        c.besluit = Some(TriageBesluit { uitkomst: u, suggestie: u, reden_afwijking: String::new() });
    }

    #[test]
    fn cannot_close_without_outcome() {
        let mut c = Contact::new(1, Kanaal::Telefoon, t(10, 0));
        decided(&mut c, Uitkomst::Enkelvoudig);
        assert_eq!(c.close(t(10, 5)), Err(CloseError::NoOutcome));
        assert_eq!(c.status, Status::Concept);
        c.afhandeling = Some(Afhandeling::InformatieGegeven);
        assert_eq!(c.close(t(10, 5)), Ok(()));
        assert_eq!(c.status, Status::Afgesloten);
        assert_eq!(c.duur_minuten(t(11, 0)), 5);
    }

    #[test]
    fn cannot_close_without_triage() {
        let mut c = Contact::new(1, Kanaal::Balie, t(10, 0));
        c.afhandeling = Some(Afhandeling::InformatieGegeven);
        assert_eq!(c.close(t(10, 5)), Err(CloseError::NoTriage));
    }

    #[test]
    fn complex_needs_a_follow_up_outcome() {
        let mut c = Contact::new(1, Kanaal::Balie, t(10, 0));
        decided(&mut c, Uitkomst::Complex);
        c.afhandeling = Some(Afhandeling::InformatieGegeven);
        assert_eq!(c.close(t(10, 5)), Err(CloseError::ComplexNeedsFollowUp));
        c.afhandeling = Some(Afhandeling::Backoffice);
        assert_eq!(c.close(t(10, 5)), Ok(()));
    }

    #[test]
    fn unmet_need_needs_a_description() {
        let mut c = Contact::new(1, Kanaal::Balie, t(10, 0));
        decided(&mut c, Uitkomst::Enkelvoudig);
        c.afhandeling = Some(Afhandeling::GeenPassendAanbod { wat: " ".into(), domein: None });
        assert_eq!(c.close(t(10, 5)), Err(CloseError::UnmetNeedWithoutText));
    }

    #[test]
    fn toggles_and_links() {
        let mut c = Contact::new(1, Kanaal::Telefoon, t(10, 0));
        c.toggle_domein(Levensdomein::Zorg);
        c.toggle_domein(Levensdomein::Wonen);
        assert_eq!(c.levensdomeinen, vec![Levensdomein::Wonen, Levensdomein::Zorg]);
        c.toggle_domein(Levensdomein::Zorg);
        assert_eq!(c.levensdomeinen, vec![Levensdomein::Wonen]);
        let l =
            Link { entry_id: "vz-1".into(), naam: "X".into(), soort: LinkSoort::InformatieGegeven, indicatie: false };
        c.toggle_link(l.clone());
        c.toggle_link(Link { soort: LinkSoort::VerwezenNaar, ..l.clone() });
        assert_eq!(c.links.len(), 1);
        assert_eq!(c.links[0].soort, LinkSoort::VerwezenNaar);
        c.toggle_link(Link { soort: LinkSoort::VerwezenNaar, ..l });
        assert!(c.links.is_empty());
    }

    #[test]
    fn callback_due() {
        let mut c = Contact::new(1, Kanaal::Telefoon, t(10, 0));
        c.afhandeling = Some(Afhandeling::Terugbelverzoek { wanneer: t(14, 0), gedaan: false });
        assert!(!c.terugbellen_due(t(13, 59)));
        assert!(c.terugbellen_due(t(14, 0)));
    }

    #[test]
    fn filter_finds_repeat_callers_by_name_or_phone() {
        let mut c = Contact::new(1, Kanaal::Telefoon, t(10, 0));
        c.client.naam = "Mevrouw De Vries".into();
        c.client.telefoon = "06-5555 1234".into();
        assert!(c.matches_filter("vries"));
        assert!(c.matches_filter("55551234"));
        assert!(c.matches_filter("5555 1234"));
        assert!(!c.matches_filter("jansen"));
    }

    #[test]
    fn age_from_birth_year() {
        let mut g = ClientGegevens::default();
        assert_eq!(g.leeftijd(t(0, 0).date()), None);
        g.geboortejaar = Some(1950);
        assert_eq!(g.leeftijd(t(0, 0).date()), Some(76));
    }
}

/// Parse a call-back moment as a desk worker types it: "14:00" (today), "morgen 9:30",
/// "do 10:00" (next such weekday), "24-11 14:00" or "24-11-2026 14:00". Must lie in the future.
pub fn parse_wanneer(text: &str, now: NaiveDateTime) -> Result<NaiveDateTime, String> {
    use chrono::{Duration, NaiveTime};
    let t = text.trim().to_lowercase();
    let (day_part, time_part) = match t.rsplit_once(' ') {
        Some((d, tm)) => (d.trim().to_string(), tm.to_string()),
        None => (String::new(), t.clone()),
    };
    let minutes = super::hours::parse_clock(&time_part)
        .filter(|m| *m < 1440)
        .ok_or_else(|| format!("'{time_part}' is geen tijd; typ bv. 14:00, morgen 9:30 of 24-11 14:00"))?;
    let time = NaiveTime::from_hms_opt((minutes / 60) as u32, (minutes % 60) as u32, 0).expect("checked range");
    let today = now.date();
    let date = if day_part.is_empty() {
        today
    } else if let Some(d) = super::hours::DAYS.iter().position(|d| day_part.starts_with(d)) {
        let cur = today.weekday().num_days_from_monday() as i64;
        let mut ahead = (d as i64 - cur).rem_euclid(7);
        if ahead == 0 {
            ahead = 7;
        }
        today + Duration::days(ahead)
    } else if day_part == "overmorgen" {
        today + Duration::days(2)
    } else {
        parse_datum(&day_part, today, Richting::Toekomst)?
    };
    let when = date.and_time(time);
    if when <= now {
        return Err("dat moment is al voorbij".into());
    }
    Ok(when)
}

#[cfg(test)]
mod wanneer_tests {
    use super::*;

    // Monday 23 November 2026, 10:15
    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 15, 0).unwrap()
    }
    fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn forms_people_type() {
        assert_eq!(parse_wanneer("14:00", now()), Ok(at(23, 14, 0)));
        assert_eq!(parse_wanneer("morgen 9:30", now()), Ok(at(24, 9, 30)));
        assert_eq!(parse_wanneer("do 10:00", now()), Ok(at(26, 10, 0)));
        assert_eq!(parse_wanneer("ma 10:00", now()), Ok(at(30, 10, 0)), "next week's Monday");
        assert_eq!(parse_wanneer("25-11 8:45", now()), Ok(at(25, 8, 45)));
        assert_eq!(parse_wanneer("25-11-2026 8:45", now()), Ok(at(25, 8, 45)));
    }

    #[test]
    fn rejects_past_and_nonsense() {
        assert!(parse_wanneer("9:00", now()).unwrap_err().contains("voorbij"));
        assert!(parse_wanneer("straks", now()).is_err());
        assert!(parse_wanneer("31-02 10:00", now()).unwrap_err().contains("bestaande datum"));
    }
}

/// Which way a date without a year leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Richting {
    /// An appointment or action: "05-01" typed in December means next January.
    Toekomst,
    /// Something that happened: "20-12" typed in January means last December.
    Verleden,
}

/// How far ahead or back a typed date may lie.
pub const MAX_DAGEN: i64 = 3650;

/// Parse a date as typed at the desk: "vandaag", "morgen", "+14" (days from today), "24-11" or
/// "24-11-2026". At most ten years from today.
pub fn parse_datum(text: &str, today: NaiveDate, richting: Richting) -> Result<NaiveDate, String> {
    let t = text.trim().to_lowercase();
    let shift = |n: i64| -> Result<NaiveDate, String> {
        if n.unsigned_abs() > MAX_DAGEN as u64 {
            return Err(format!("'{t}' ligt te ver weg (hoogstens {MAX_DAGEN} dagen)"));
        }
        chrono::Duration::try_days(n)
            .and_then(|d| today.checked_add_signed(d))
            .ok_or_else(|| format!("'{t}' ligt te ver weg"))
    };
    if t == "vandaag" {
        return Ok(today);
    }
    if t == "morgen" {
        return shift(1);
    }
    if let Some(n) = t.strip_prefix('+') {
        let n: i64 = n.trim().parse().map_err(|_| format!("'{t}': typ +aantal dagen, bv. +14"))?;
        return shift(n);
    }
    let parts: Vec<&str> = t.split(['-', '/']).collect();
    let num = |s: &str| s.parse::<u32>().ok();
    let (d, m, y) = match parts.as_slice() {
        [d, m] => (num(d), num(m), None),
        [d, m, y] => (num(d), num(m), num(y).map(|y| if y < 100 { y + 2000 } else { y })),
        _ => return Err(format!("'{t}' begrijp ik niet; typ bv. 24-11, 24-11-2026, morgen of +14")),
    };
    let (Some(d), Some(m)) = (d, m) else {
        return Err(format!("'{t}' begrijp ik niet; typ bv. 24-11, 24-11-2026, morgen of +14"));
    };
    let date = match y {
        Some(y) => NaiveDate::from_ymd_opt(y as i32, m, d),
        None => {
            let this = NaiveDate::from_ymd_opt(today.year(), m, d);
            match (this, richting) {
                (Some(x), Richting::Toekomst) if x < today => NaiveDate::from_ymd_opt(today.year() + 1, m, d),
                (Some(x), Richting::Verleden) if x > today => NaiveDate::from_ymd_opt(today.year() - 1, m, d),
                (x, _) => x,
            }
        }
    }
    .ok_or_else(|| format!("'{t}' is geen bestaande datum"))?;
    if (date - today).num_days().abs() > MAX_DAGEN {
        return Err(format!("'{t}' ligt te ver weg (hoogstens {MAX_DAGEN} dagen)"));
    }
    Ok(date)
}

#[cfg(test)]
mod datum_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn desk_dates() {
        let today = d(2026, 11, 23);
        let f = Richting::Toekomst;
        assert_eq!(parse_datum("morgen", today, f), Ok(d(2026, 11, 24)));
        assert_eq!(parse_datum("+14", today, f), Ok(d(2026, 12, 7)));
        assert_eq!(parse_datum("5-1-2027", today, f), Ok(d(2027, 1, 5)));
        assert_eq!(parse_datum("5-1-27", today, f), Ok(d(2027, 1, 5)));
        assert_eq!(parse_datum("1-12", today, f), Ok(d(2026, 12, 1)));
        assert!(parse_datum("31-11", today, f).is_err());
        assert!(parse_datum("ooit", today, f).is_err());
    }

    #[test]
    fn no_year_leans_to_the_future_only_for_appointments() {
        let today = d(2026, 12, 20);
        assert_eq!(parse_datum("05-01", today, Richting::Toekomst), Ok(d(2027, 1, 5)));
        assert_eq!(parse_datum("05-01", today, Richting::Verleden), Ok(d(2026, 1, 5)));
        assert_eq!(parse_datum("20-12", d(2027, 1, 5), Richting::Verleden), Ok(d(2026, 12, 20)));
        assert_eq!(parse_datum("20-12", today, Richting::Toekomst), Ok(d(2026, 12, 20)), "today is not the past");
    }

    #[test]
    fn huge_or_far_dates_are_refused_not_a_panic() {
        let today = d(2026, 11, 23);
        for t in ["+999999999", "+99999999999", "+-999999999999", "+-9223372036854775808", "1-1-9999", "1-1-1"] {
            assert!(parse_datum(t, today, Richting::Toekomst).is_err(), "{t}");
        }
        assert!(parse_wanneer("+999999999 10:00", today.and_hms_opt(9, 0, 0).unwrap()).is_err());
    }
}

//! The report a team leader reads: counts over contacts and dossiers for a period and an area,
//! with small numbers suppressed. Pure: the caller reads the store and passes the records in.
//!
//! Two steps:
//! 1. [`tel`] counts ([`Telling`]: exact numbers, never to be shown as they are);
//! 2. [`Rapport::uit`] suppresses small numbers: a cell from 1 to `drempel - 1` becomes "<5"
//!    (primary suppression), and in every table where exactly one cell was suppressed the
//!    smallest other non-zero cell is suppressed too ("x", secondary suppression), so no cell can
//!    be recovered by subtracting the shown cells from a total. The weekly series are checked
//!    along both axes (per week and per category) until no line has a single suppressed cell.
//!    The suppressed values are gone from the [`Rapport`]: a screen or file made from it cannot
//!    show them.
//!
//! What is measured (see docs/ontwikkelaars.md, "Rapport"):
//! - contacts by the date they started, in the period, of the area (the client's gemeente or wijk
//!   as recorded; a contact without one counts only when no area is chosen);
//! - handoffs by the date the dossier was made; the wait for a first appointment from the start
//!   of the contact to the earliest appointment of its dossiers (a moved appointment counts at
//!   its new time: the first time is not stored);
//! - the Wmo deadlines of the dossiers with a melding: the onderzoek by the melding date in the
//!   period, due 6 weeks later (art. 2.3.2 lid 9), met when `onderzoek_afgerond` is on or before
//!   that day; the beschikking by the aanvraag date in the period, due 2 weeks later
//!   (art. 2.3.5 lid 1), met when `beschikking` is on or before that day. A clock still running
//!   is "loopt" while today is on or before its last day, and "loopt, termijn verstreken" after.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::case::{Case, Route, WmoKlok};
use crate::contact::{Afhandeling, Contact, Kanaal, Levensdomein, LinkSoort, Status, Uitkomst};
use crate::triage::{self, Teken};

/// The threshold when the config does not say: cells under 5 are suppressed (as CBS does).
pub const DREMPEL_STANDAARD: u32 = 5;

/// The length of a period on the report screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Soort {
    Maand,
    Kwartaal,
    Jaar,
}

impl Soort {
    pub fn next(self) -> Soort {
        match self {
            Soort::Maand => Soort::Kwartaal,
            Soort::Kwartaal => Soort::Jaar,
            Soort::Jaar => Soort::Maand,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Soort::Maand => "maand",
            Soort::Kwartaal => "kwartaal",
            Soort::Jaar => "jaar",
        }
    }
}

/// A period, both days included. `None`: open at that end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Periode {
    pub van: Option<NaiveDate>,
    pub tot: Option<NaiveDate>,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl Periode {
    pub fn new(van: Option<NaiveDate>, tot: Option<NaiveDate>) -> Periode {
        Periode { van, tot }
    }

    /// The month, quarter or year that holds `dag`.
    pub fn rond(soort: Soort, dag: NaiveDate) -> Periode {
        let (y, m) = (dag.year(), dag.month());
        let (start, maanden) = match soort {
            Soort::Maand => (ymd(y, m, 1), 1),
            Soort::Kwartaal => (ymd(y, (m - 1) / 3 * 3 + 1, 1), 3),
            Soort::Jaar => (ymd(y, 1, 1), 12),
        };
        let eind = start.checked_add_months(Months::new(maanden)).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX);
        Periode { van: Some(start), tot: Some(eind) }
    }

    /// The period of the same length before (`-1`) or after (`1`) this one.
    pub fn verschuif(self, soort: Soort, richting: i32) -> Periode {
        let start = self.van.unwrap_or(NaiveDate::MIN);
        let maanden = match soort {
            Soort::Maand => 1,
            Soort::Kwartaal => 3,
            Soort::Jaar => 12,
        };
        let dag = if richting < 0 {
            start.checked_sub_months(Months::new(maanden))
        } else {
            start.checked_add_months(Months::new(maanden))
        };
        Periode::rond(soort, dag.unwrap_or(start))
    }

    pub fn bevat(&self, d: NaiveDate) -> bool {
        !(self.van.is_some_and(|v| d < v) || self.tot.is_some_and(|t| d > t))
    }

    /// "november 2026", "4e kwartaal 2026", "2026", or "01-11-2026 t/m 30-11-2026".
    pub fn label(&self) -> String {
        let (Some(v), Some(t)) = (self.van, self.tot) else {
            return match (self.van, self.tot) {
                (None, None) => "alle contacten".to_string(),
                (v, t) => format!(
                    "{} t/m {}",
                    v.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "begin".into()),
                    t.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nu".into())
                ),
            };
        };
        for soort in [Soort::Maand, Soort::Kwartaal, Soort::Jaar] {
            if Periode::rond(soort, v) == *self {
                return match soort {
                    Soort::Maand => format!("{} {}", crate::ics::MAANDEN[v.month0() as usize], v.year()),
                    Soort::Kwartaal => format!("{}e kwartaal {}", v.month0() / 3 + 1, v.year()),
                    Soort::Jaar => v.year().to_string(),
                };
            }
        }
        format!("{} t/m {}", v.format("%d-%m-%Y"), t.format("%d-%m-%Y"))
    }

    /// Read "2026-11" (a month), "2026-K4" or "2026-Q4" (a quarter), or "2026" (a year).
    pub fn parse(s: &str) -> Option<Periode> {
        let s = s.trim().to_uppercase();
        if let Ok(y) = s.parse::<i32>() {
            return (1900..=9999).contains(&y).then(|| Periode::rond(Soort::Jaar, ymd(y, 1, 1)));
        }
        let (y, rest) = s.split_once('-')?;
        let y: i32 = y.parse().ok().filter(|y| (1900..=9999).contains(y))?;
        if let Some(k) = rest.strip_prefix('K').or_else(|| rest.strip_prefix('Q')) {
            let k: u32 = k.parse().ok().filter(|k| (1..=4).contains(k))?;
            return Some(Periode::rond(Soort::Kwartaal, ymd(y, (k - 1) * 3 + 1, 1)));
        }
        let m: u32 = rest.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some(Periode::rond(Soort::Maand, ymd(y, m, 1)))
    }
}

/// The area: a gemeente, a wijk, or everything.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Gebied {
    pub gemeente: Option<String>,
    pub wijk: Option<String>,
}

impl Gebied {
    pub fn label(&self) -> String {
        match (&self.gemeente, &self.wijk) {
            (None, None) => "alle gemeenten".into(),
            (Some(g), None) => format!("gemeente {g}"),
            (None, Some(w)) => format!("wijk {w}"),
            (Some(g), Some(w)) => format!("wijk {w} ({g})"),
        }
    }
    fn past(&self, c: &Contact) -> bool {
        let is = |want: &Option<String>, have: &str| {
            want.as_deref().is_none_or(|w| w.trim().eq_ignore_ascii_case(have.trim()))
        };
        is(&self.gemeente, &c.client.gemeente) && is(&self.wijk, &c.client.wijk)
    }
    fn leeg(&self) -> bool {
        self.gemeente.is_none() && self.wijk.is_none()
    }
}

/// The gemeenten and wijken found in the contacts (for choosing an area), sorted, without
/// duplicates. Names only, no counts.
pub fn gebieden(contacts: &[Contact]) -> Vec<Gebied> {
    let mut g: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for c in contacts {
        let gem = c.client.gemeente.trim();
        if gem.is_empty() {
            continue;
        }
        let e = g.entry(gem.to_string()).or_default();
        let w = c.client.wijk.trim();
        if !w.is_empty() {
            e.insert(w.to_string());
        }
    }
    let mut out = Vec::new();
    for (gem, wijken) in g {
        out.push(Gebied { gemeente: Some(gem.clone()), wijk: None });
        for w in wijken {
            out.push(Gebied { gemeente: Some(gem.clone()), wijk: Some(w) });
        }
    }
    out
}

/// What to count.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vraag {
    pub periode: Periode,
    pub gebied: Gebied,
    /// Today: a running Wmo clock is late after its last day.
    pub vandaag: Option<NaiveDate>,
}

/// One exact count with its stable code and its label on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rij {
    pub code: String,
    pub label: String,
    pub n: u64,
}

fn rij(code: impl Into<String>, label: impl Into<String>, n: u64) -> Rij {
    Rij { code: code.into(), label: label.into(), n }
}

/// The topics, each a table of exact counts. The code is stable (files, scripts); the title is
/// what the screen says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Onderwerp {
    /// Closed or draft (sums to the contacts).
    Status,
    Kanaal,
    /// A contact may have several domains.
    Levensdomein,
    /// Enkelvoudig, complex, not decided (sums to the contacts).
    Triage,
    /// How the contact ended (sums to the contacts; drafts are "nog open").
    Afhandeling,
    /// Pointed to independent cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 3).
    Clientondersteuning,
    /// Handoffs per route (dossiers made in the period).
    Overdracht,
    WmoOnderzoek,
    WmoBeschikking,
    /// Spoed or a sign of danger, crisis contacts, crisis referrals, doorvragen.
    Signalen,
    /// Contacts with a sign of danger, per category.
    Signaalcategorie,
    /// Referrals per crisis line.
    Crisislijn,
    /// Unmet needs per levensdomein.
    GeenPassendAanbod,
}

impl Onderwerp {
    pub const ALL: [Onderwerp; 13] = [
        Onderwerp::Status,
        Onderwerp::Kanaal,
        Onderwerp::Levensdomein,
        Onderwerp::Triage,
        Onderwerp::Afhandeling,
        Onderwerp::Clientondersteuning,
        Onderwerp::Overdracht,
        Onderwerp::WmoOnderzoek,
        Onderwerp::WmoBeschikking,
        Onderwerp::Signalen,
        Onderwerp::Signaalcategorie,
        Onderwerp::Crisislijn,
        Onderwerp::GeenPassendAanbod,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Onderwerp::Status => "status",
            Onderwerp::Kanaal => "kanaal",
            Onderwerp::Levensdomein => "levensdomein",
            Onderwerp::Triage => "triage",
            Onderwerp::Afhandeling => "afhandeling",
            Onderwerp::Clientondersteuning => "clientondersteuning",
            Onderwerp::Overdracht => "overdracht",
            Onderwerp::WmoOnderzoek => "wmo_onderzoek",
            Onderwerp::WmoBeschikking => "wmo_beschikking",
            Onderwerp::Signalen => "signalen",
            Onderwerp::Signaalcategorie => "signaalcategorie",
            Onderwerp::Crisislijn => "crisislijn",
            Onderwerp::GeenPassendAanbod => "geen_passend_aanbod",
        }
    }
    pub fn titel(self) -> &'static str {
        match self {
            Onderwerp::Status => "Contacten",
            Onderwerp::Kanaal => "Per kanaal",
            Onderwerp::Levensdomein => "Per levensdomein",
            Onderwerp::Triage => "Enkelvoudig of complex",
            Onderwerp::Afhandeling => "Afhandeling",
            Onderwerp::Clientondersteuning => "Gewezen op onafhankelijke cliëntondersteuning (art. 2.3.2 lid 3)",
            Onderwerp::Overdracht => "Overdrachten per route",
            Onderwerp::WmoOnderzoek => "Wmo-onderzoek binnen 6 weken na de melding",
            Onderwerp::WmoBeschikking => "Beschikking binnen 2 weken na de aanvraag",
            Onderwerp::Signalen => "Spoed en signalen van gevaar",
            Onderwerp::Signaalcategorie => "Signalen van gevaar per soort",
            Onderwerp::Crisislijn => "Verwezen per crisisdienst",
            Onderwerp::GeenPassendAanbod => "Geen passend aanbod per levensdomein",
        }
    }
    pub fn from_code(s: &str) -> Option<Onderwerp> {
        Onderwerp::ALL.into_iter().find(|o| o.code() == s.trim())
    }
}

/// A weekly series: one row per category, one cell per week.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Weken {
    /// ISO weeks, "2026-W45", in order.
    pub weken: Vec<String>,
    /// (code, label, one count per week).
    pub rijen: Vec<(String, String, Vec<u64>)>,
}

/// The exact counts. Never shown as they are: see [`Rapport::uit`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Telling {
    pub periode: Periode,
    pub gebied: Gebied,
    pub contacten: u64,
    pub tabellen: BTreeMap<Onderwerp, Vec<Rij>>,
    pub per_week_kanaal: Weken,
    pub per_week_levensdomein: Weken,
    /// Contacts that differ from loket's triage suggestion.
    pub triage_afwijkend: u64,
    /// Mantelzorgers pointed to cliëntondersteuning.
    pub mantelzorger_gewezen: u64,
    /// Waits for a first appointment, in days (from the start of the contact).
    pub wachttijden_dagen: Vec<f64>,
    pub duur_minuten: Vec<f64>,
}

impl Telling {
    /// The exact count of `code` in topic `o` (0 when absent).
    pub fn n(&self, o: Onderwerp, code: &str) -> u64 {
        self.tabellen.get(&o).and_then(|t| t.iter().find(|r| r.code == code)).map(|r| r.n).unwrap_or(0)
    }
}

pub fn kanaal_code(k: Kanaal) -> &'static str {
    match k {
        Kanaal::Telefoon => "telefoon",
        Kanaal::Balie => "balie",
        Kanaal::Email => "email",
        Kanaal::Huisbezoek => "huisbezoek",
    }
}

pub fn levensdomein_code(l: Levensdomein) -> &'static str {
    match l {
        Levensdomein::Wonen => "wonen",
        Levensdomein::Zorg => "zorg",
        Levensdomein::Welzijn => "welzijn",
        Levensdomein::Financien => "financien",
        Levensdomein::WerkInkomen => "werk_inkomen",
        Levensdomein::OpvoedingJeugd => "opvoeding_jeugd",
        Levensdomein::Veiligheid => "veiligheid",
        Levensdomein::Vervoer => "vervoer",
        Levensdomein::Mantelzorg => "mantelzorg",
    }
}

/// Every outcome, in order: (code, label).
pub const AFHANDELINGEN: [(&str, &str); 9] = [
    ("informatie_gegeven", "informatie/advies gegeven"),
    ("verwezen_naar_aanbieder", "verwezen naar aanbieder"),
    ("formulier_meegegeven", "formulier meegegeven"),
    ("terugbelverzoek", "terugbelverzoek"),
    ("backoffice", "doorgezet naar backoffice cliëntondersteuning"),
    ("melding_wmo", "melding Wmo bij de gemeente"),
    ("geen_passend_aanbod", "geen passend aanbod"),
    ("verwezen_crisisdienst", "verwezen naar crisisdienst"),
    ("nog_open", "nog open (concept)"),
];

pub fn afhandeling_code(a: &Afhandeling) -> &'static str {
    match a {
        Afhandeling::InformatieGegeven => "informatie_gegeven",
        Afhandeling::VerwezenNaarAanbieder => "verwezen_naar_aanbieder",
        Afhandeling::FormulierMeegegeven => "formulier_meegegeven",
        Afhandeling::Terugbelverzoek { .. } => "terugbelverzoek",
        Afhandeling::Backoffice => "backoffice",
        Afhandeling::MeldingWmo => "melding_wmo",
        Afhandeling::GeenPassendAanbod { .. } => "geen_passend_aanbod",
        Afhandeling::VerwezenCrisisdienst => "verwezen_crisisdienst",
    }
}

/// The codes of a Wmo clock's state, in order.
pub const TERMIJN: [(&str, &str); 4] = [
    ("op_tijd", "op tijd"),
    ("te_laat", "te laat"),
    ("loopt", "loopt nog, binnen de termijn"),
    ("loopt_verstreken", "loopt nog, termijn verstreken"),
];

fn termijn(uiterlijk: NaiveDate, klaar: Option<NaiveDate>, vandaag: Option<NaiveDate>) -> &'static str {
    match klaar {
        Some(d) if d <= uiterlijk => "op_tijd",
        Some(_) => "te_laat",
        None if vandaag.is_some_and(|v| v > uiterlijk) => "loopt_verstreken",
        None => "loopt",
    }
}

/// The week key of a day: ISO year and week, "2026-W45".
pub fn week_van(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

fn weken_in(periode: &Periode, contacts: &[&Contact]) -> Vec<String> {
    let first = periode.van.or_else(|| contacts.iter().map(|c| c.start.date()).min());
    let last = periode.tot.or_else(|| contacts.iter().map(|c| c.start.date()).max());
    let (Some(mut d), Some(last)) = (first, last) else { return Vec::new() };
    let mut out: Vec<String> = Vec::new();
    while d <= last {
        let w = week_van(d);
        if out.last() != Some(&w) {
            out.push(w);
        }
        d = match d.checked_add_days(Days::new(1)) {
            Some(n) => n,
            None => break,
        };
        // (a long open period: at most ten years of weeks)
        if out.len() > 530 {
            break;
        }
    }
    out
}

/// What the report needs of the triage advice.
struct Gevaar {
    /// A sign of danger (crisis tier).
    crisis: bool,
    /// Any sign (spoed): danger, or urgent words such as an eviction.
    herkend: bool,
    signalen: Vec<Teken>,
    /// Doorvragen prompts not answered.
    open: usize,
}

fn gevaar(c: &Contact) -> Gevaar {
    // as triage::advise decides crisis and Reden::Urgent, without the rest of the advice
    let (signalen, open) = triage::tekens_en_doorvragen(c);
    let crisis = signalen.iter().any(Teken::is_gevaar);
    Gevaar { crisis, herkend: crisis || c.checklist.urgent || !signalen.is_empty(), signalen, open: open.len() }
}

/// The signs of danger and open doorvragen of every contact, in order. Recognising the signs is
/// most of a year's count: above a few thousand contacts the work is shared over the machine's
/// cores (no I/O; the word list in use is the same for every thread).
fn adviezen(contacts: &[&Contact]) -> Vec<Gevaar> {
    let draden = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    if draden <= 1 || contacts.len() < 4_000 {
        return contacts.iter().map(|c| gevaar(c)).collect();
    }
    let deel = contacts.len().div_ceil(draden);
    std::thread::scope(|s| {
        let delen: Vec<_> =
            contacts.chunks(deel).map(|d| s.spawn(move || d.iter().map(|c| gevaar(c)).collect::<Vec<_>>())).collect();
        delen.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
    })
}

/// Count contacts and dossiers for `vraag`. Exact numbers: pass them through [`Rapport::uit`]
/// before showing any.
pub fn tel(contacts: &[Contact], cases: &[Case], vraag: &Vraag) -> Telling {
    let periode = vraag.periode;
    let gebied = &vraag.gebied;
    let in_gebied: HashMap<u64, &Contact> =
        contacts.iter().filter(|c| gebied.leeg() || gebied.past(c)).map(|c| (c.id, c)).collect();
    let gekozen: Vec<&Contact> = {
        let mut v: Vec<&Contact> = in_gebied.values().copied().filter(|c| periode.bevat(c.start.date())).collect();
        v.sort_by_key(|c| c.id);
        v
    };
    let mut t = Telling { periode, gebied: gebied.clone(), ..Default::default() };
    let weken = weken_in(&periode, &gekozen);
    let week_index: HashMap<&str, usize> = weken.iter().enumerate().map(|(i, w)| (w.as_str(), i)).collect();
    let mut wk_kanaal: Vec<Vec<u64>> = vec![vec![0; weken.len()]; Kanaal::ALL.len()];
    let mut wk_domein: Vec<Vec<u64>> = vec![vec![0; weken.len()]; Levensdomein::ALL.len()];

    let mut status = [0u64; 2];
    let mut kanaal = [0u64; 4];
    let mut domein = [0u64; 9];
    let mut triage_n = [0u64; 3];
    let mut afh: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut oco = [0u64; 2];
    let (mut spoed, mut crisis_c, mut crisis_verwezen) = (0u64, 0u64, 0u64);
    let (mut dv_contacten, mut dv_ja, mut dv_nee, mut dv_open) = (0u64, 0u64, 0u64, 0u64);
    let mut categorie: BTreeMap<(&'static str, &'static str), u64> = BTreeMap::new();
    let mut crisislijn = [0u64; 3];
    let mut gpa: BTreeMap<&'static str, u64> = BTreeMap::new();

    let adviezen = adviezen(&gekozen);
    for (c, advies) in gekozen.iter().zip(adviezen) {
        t.contacten += 1;
        match c.status {
            Status::Afgesloten => status[0] += 1,
            Status::Concept => status[1] += 1,
        }
        let ki = Kanaal::ALL.iter().position(|k| *k == c.kanaal).unwrap_or(0);
        kanaal[ki] += 1;
        let wi = week_index.get(week_van(c.start.date()).as_str()).copied();
        if let Some(wi) = wi {
            wk_kanaal[ki][wi] += 1;
        }
        let mut gezien = [false; 9];
        for l in &c.levensdomeinen {
            let li = Levensdomein::ALL.iter().position(|x| x == l).unwrap_or(0);
            if std::mem::replace(&mut gezien[li], true) {
                continue;
            }
            domein[li] += 1;
            if let Some(wi) = wi {
                wk_domein[li][wi] += 1;
            }
        }
        match &c.besluit {
            Some(b) => {
                triage_n[if b.uitkomst == Uitkomst::Enkelvoudig { 0 } else { 1 }] += 1;
                t.triage_afwijkend += u64::from(b.uitkomst != b.suggestie);
            }
            None => triage_n[2] += 1,
        }
        match &c.afhandeling {
            Some(a) => {
                *afh.entry(afhandeling_code(a)).or_default() += 1;
                if let Afhandeling::GeenPassendAanbod { domein, .. } = a {
                    *gpa.entry(domein.map(levensdomein_code).unwrap_or("onbekend")).or_default() += 1;
                }
            }
            None => *afh.entry("nog_open").or_default() += 1,
        }
        oco[usize::from(!c.gewezen_op_clientondersteuning)] += 1;
        t.mantelzorger_gewezen += u64::from(c.mantelzorger_gewezen);

        // danger: ticked, detected (words, the veiligheid domain, a doorvragen answered ja, an
        // eviction) or referred to a crisis line
        let verwezen = match &c.afhandeling {
            Some(Afhandeling::VerwezenCrisisdienst) => true,
            Some(Afhandeling::VerwezenNaarAanbieder) => triage::naar_crisislijn_verwezen(c),
            _ => false,
        };
        crisis_verwezen += u64::from(verwezen);
        for l in c.links.iter().filter(|l| l.soort == LinkSoort::VerwezenNaar) {
            if let Some(i) = triage::CRISISVERWIJZINGEN.iter().position(|k| k.entry_id == l.entry_id) {
                crisislijn[i] += 1;
            }
        }
        let herkend = advies.herkend;
        crisis_c += u64::from(advies.crisis || verwezen);
        spoed += u64::from(c.checklist.urgent || c.checklist.gevaar || herkend || verwezen);
        let mut soorten: Vec<(&'static str, &'static str)> = advies
            .signalen
            .iter()
            .filter(|s| s.is_gevaar())
            .filter_map(|s| match s {
                Teken::Woorden(s) => Some((s.soort.code(), s.soort.label())),
                _ => None,
            })
            .collect();
        soorten.sort_unstable();
        soorten.dedup();
        for k in soorten {
            *categorie.entry(k).or_default() += 1;
        }
        dv_ja += c.signaalvragen.iter().filter(|v| v.ja).count() as u64;
        dv_nee += c.signaalvragen.iter().filter(|v| !v.ja).count() as u64;
        dv_open += advies.open as u64;
        dv_contacten += u64::from(!c.signaalvragen.is_empty() || advies.open > 0);
        if let Some(e) = c.einde {
            t.duur_minuten.push((e - c.start).num_seconds() as f64 / 60.0);
        }
    }

    // dossiers: handoffs, first appointments, Wmo clocks
    let mut route = [0u64; 3];
    let mut eerste: HashMap<u64, (NaiveDateTime, NaiveDateTime)> = HashMap::new();
    let mut onderzoek: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut beschikking: BTreeMap<&'static str, u64> = BTreeMap::new();
    for case in cases {
        let contact = in_gebied.get(&case.contact_id).copied();
        if !gebied.leeg() && contact.is_none() {
            continue;
        }
        if periode.bevat(case.aangemaakt.date()) {
            route[Route::ALL.iter().position(|r| *r == case.route).unwrap_or(0)] += 1;
            if let Some(slot) = &case.afspraak {
                let start = contact.map(|c| c.start).unwrap_or(case.aangemaakt);
                let e = eerste.entry(case.contact_id).or_insert((start, slot.start));
                e.1 = e.1.min(slot.start);
            }
        }
        if let Some(k @ WmoKlok { melding, aanvraag, .. }) = case.wmo {
            if periode.bevat(melding) {
                *onderzoek.entry(termijn(k.onderzoek_uiterlijk(), k.onderzoek_afgerond, vraag.vandaag)).or_default() +=
                    1;
            }
            if let (Some(a), Some(uiterlijk)) = (aanvraag, k.beschikking_uiterlijk()) {
                if periode.bevat(a) {
                    *beschikking.entry(termijn(uiterlijk, k.beschikking, vraag.vandaag)).or_default() += 1;
                }
            }
        }
    }
    let mut wacht: Vec<f64> = eerste.values().map(|(c, a)| (*a - *c).num_minutes().max(0) as f64 / 1440.0).collect();
    wacht.sort_by(|a, b| a.total_cmp(b));
    t.wachttijden_dagen = wacht;

    let tab = &mut t.tabellen;
    tab.insert(
        Onderwerp::Status,
        vec![rij("afgesloten", "afgesloten", status[0]), rij("concept", "concept (nog open)", status[1])],
    );
    tab.insert(
        Onderwerp::Kanaal,
        Kanaal::ALL.iter().enumerate().map(|(i, k)| rij(kanaal_code(*k), k.label(), kanaal[i])).collect(),
    );
    tab.insert(
        Onderwerp::Levensdomein,
        Levensdomein::ALL.iter().enumerate().map(|(i, l)| rij(levensdomein_code(*l), l.label(), domein[i])).collect(),
    );
    tab.insert(
        Onderwerp::Triage,
        vec![
            rij("enkelvoudig", "enkelvoudig", triage_n[0]),
            rij("complex", "complex", triage_n[1]),
            rij("niet_besloten", "nog niet besloten", triage_n[2]),
        ],
    );
    tab.insert(
        Onderwerp::Afhandeling,
        AFHANDELINGEN.iter().map(|(c, l)| rij(*c, *l, afh.get(c).copied().unwrap_or(0))).collect(),
    );
    tab.insert(
        Onderwerp::Clientondersteuning,
        vec![rij("gewezen", "gewezen op cliëntondersteuning", oco[0]), rij("niet_gewezen", "niet gewezen", oco[1])],
    );
    tab.insert(
        Onderwerp::Overdracht,
        Route::ALL.iter().enumerate().map(|(i, r)| rij(r.code(), r.label(), route[i])).collect(),
    );
    let klok = |m: &BTreeMap<&'static str, u64>| -> Vec<Rij> {
        TERMIJN.iter().map(|(c, l)| rij(*c, *l, m.get(c).copied().unwrap_or(0))).collect()
    };
    tab.insert(Onderwerp::WmoOnderzoek, klok(&onderzoek));
    tab.insert(Onderwerp::WmoBeschikking, klok(&beschikking));
    tab.insert(
        Onderwerp::Signalen,
        vec![
            rij("spoed", "spoed of signaal van gevaar", spoed),
            rij("crisis", "crisis (signaal of crisisverwijzing)", crisis_c),
            rij("verwezen_crisisdienst", "verwezen naar een crisisdienst", crisis_verwezen),
            rij("doorvragen_contacten", "doorgevraagd (contacten)", dv_contacten),
            rij("doorvragen_ja", "doorgevraagd: ja", dv_ja),
            rij("doorvragen_nee", "doorgevraagd: nee", dv_nee),
            rij("doorvragen_open", "doorgevraagd: geen antwoord", dv_open),
        ],
    );
    tab.insert(
        Onderwerp::Signaalcategorie,
        crate::danger::Soort::ALL
            .iter()
            .filter(|s| s.is_gevaar())
            .map(|s| rij(s.code(), s.label(), categorie.get(&(s.code(), s.label())).copied().unwrap_or(0)))
            .collect(),
    );
    tab.insert(
        Onderwerp::Crisislijn,
        triage::CRISISVERWIJZINGEN
            .iter()
            .enumerate()
            .map(|(i, k)| rij(k.entry_id.trim_start_matches("vz-"), k.naam, crisislijn[i]))
            .collect(),
    );
    let mut g: Vec<Rij> = Levensdomein::ALL
        .iter()
        .map(|l| rij(levensdomein_code(*l), l.label(), gpa.get(levensdomein_code(*l)).copied().unwrap_or(0)))
        .collect();
    g.push(rij("onbekend", "onbekend", gpa.get("onbekend").copied().unwrap_or(0)));
    tab.insert(Onderwerp::GeenPassendAanbod, g);

    t.per_week_kanaal = Weken {
        weken: weken.clone(),
        rijen: Kanaal::ALL
            .iter()
            .zip(wk_kanaal)
            .map(|(k, v)| (kanaal_code(*k).to_string(), k.label().to_string(), v))
            .collect(),
    };
    t.per_week_levensdomein = Weken {
        weken,
        rijen: Levensdomein::ALL
            .iter()
            .zip(wk_domein)
            .map(|(l, v)| (levensdomein_code(*l).to_string(), l.label().to_string(), v))
            .collect(),
    };
    t
}

/// The median and the 90th percentile (nearest rank) of sorted values.
pub fn mediaan_p90(sorted: &[f64]) -> Option<(f64, f64)> {
    if sorted.is_empty() {
        return None;
    }
    let n = sorted.len();
    let mediaan = if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
    let rank = ((0.9 * n as f64).ceil() as usize).clamp(1, n);
    Some((mediaan, sorted[rank - 1]))
}

// ---------------------------------------------------------------------------------------------
// suppression

/// Why a cell is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Afscherming {
    /// Shown.
    Nee,
    /// Under the threshold: "<5".
    Klein,
    /// Hidden so that a small cell beside it can't be recovered from the total: "x".
    Secundair,
}

/// A count as it may be shown: `n` is `None` when suppressed (the value is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cel {
    pub code: String,
    pub label: String,
    pub n: Option<u64>,
    pub afscherming: Afscherming,
}

impl Cel {
    /// The text of the cell: the number, "<5" or "x".
    pub fn tekst(&self, drempel: u32) -> String {
        match (self.afscherming, self.n) {
            (Afscherming::Klein, _) => format!("<{drempel}"),
            (Afscherming::Secundair, _) => "x".into(),
            (Afscherming::Nee, Some(n)) => n.to_string(),
            (Afscherming::Nee, None) => "x".into(),
        }
    }
    /// The value for a chart: a suppressed cell draws as 0.
    pub fn grafiek(&self) -> u64 {
        self.n.unwrap_or(0)
    }
}

/// Working cell: the exact count and its suppression.
#[derive(Clone, Copy)]
struct Werk {
    n: u64,
    a: Afscherming,
}

fn primair(n: u64, drempel: u32) -> Afscherming {
    if n > 0 && n < u64::from(drempel) {
        Afscherming::Klein
    } else {
        Afscherming::Nee
    }
}

/// In one line (a table, a row or a column): where exactly one cell is suppressed, suppress the
/// smallest other non-zero cell. Returns whether anything changed.
fn lijn(cellen: &mut [&mut Werk]) -> bool {
    let verborgen = cellen.iter().filter(|c| c.a != Afscherming::Nee).count();
    if verborgen != 1 {
        return false;
    }
    let kandidaat = cellen.iter_mut().filter(|c| c.a == Afscherming::Nee && c.n > 0).min_by_key(|c| c.n);
    match kandidaat {
        Some(c) => {
            c.a = Afscherming::Secundair;
            true
        }
        // the others are all zero: the total is the small cell itself, and suppressed with it
        None => false,
    }
}

fn cel(code: &str, label: &str, w: Werk) -> Cel {
    Cel {
        code: code.to_string(),
        label: label.to_string(),
        n: (w.a == Afscherming::Nee).then_some(w.n),
        afscherming: w.a,
    }
}

/// Suppress one table (its total is known: it sits on the report or can be summed).
pub fn afschermen(rijen: &[Rij], drempel: u32) -> Vec<Cel> {
    let mut w: Vec<Werk> = rijen.iter().map(|r| Werk { n: r.n, a: primair(r.n, drempel) }).collect();
    let mut refs: Vec<&mut Werk> = w.iter_mut().collect();
    lijn(&mut refs);
    rijen.iter().zip(w).map(|(r, w)| cel(&r.code, &r.label, w)).collect()
}

/// A weekly series as it may be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reeks {
    pub weken: Vec<String>,
    /// (code, label, one cell per week).
    pub rijen: Vec<(String, String, Vec<Cel>)>,
    /// The total of each week over the rows.
    pub totaal: Vec<Cel>,
}

/// Suppress a weekly series: each row, each week and the week totals have either no suppressed
/// cell or at least two (checked again until nothing changes).
pub fn afschermen_weken(w: &Weken, drempel: u32) -> Reeks {
    let nw = w.weken.len();
    let mut rows: Vec<Vec<Werk>> =
        w.rijen.iter().map(|(_, _, v)| v.iter().map(|n| Werk { n: *n, a: primair(*n, drempel) }).collect()).collect();
    let totalen: Vec<u64> = (0..nw).map(|i| w.rijen.iter().map(|r| r.2[i]).sum()).collect();
    let mut tot: Vec<Werk> = totalen.iter().map(|n| Werk { n: *n, a: primair(*n, drempel) }).collect();
    loop {
        let mut changed = false;
        for r in rows.iter_mut() {
            let mut refs: Vec<&mut Werk> = r.iter_mut().collect();
            changed |= lijn(&mut refs);
        }
        {
            let mut refs: Vec<&mut Werk> = tot.iter_mut().collect();
            changed |= lijn(&mut refs);
        }
        for i in 0..nw {
            // a week: its rows, with the week total known unless it is suppressed itself
            if tot[i].a != Afscherming::Nee {
                continue;
            }
            let mut refs: Vec<&mut Werk> = rows.iter_mut().map(|r| &mut r[i]).collect();
            changed |= lijn(&mut refs);
        }
        if !changed {
            break;
        }
    }
    Reeks {
        weken: w.weken.clone(),
        rijen: w
            .rijen
            .iter()
            .zip(rows)
            .map(|((c, l, _), r)| (c.clone(), l.clone(), r.into_iter().map(|x| cel("", "", x)).collect()))
            .collect(),
        totaal: tot.into_iter().map(|x| cel("", "", x)).collect(),
    }
}

/// A figure that is not a count (a median, a share): shown only when the count behind it is
/// at or above the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Maat {
    pub waarde: Option<f64>,
}

/// The report as it may be shown: every count at or above the threshold, the rest suppressed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rapport {
    pub periode: Periode,
    pub gebied: Gebied,
    pub drempel: u32,
    /// All contacts in the period and the area.
    pub contacten: Cel,
    pub tabellen: BTreeMap<Onderwerp, Vec<Cel>>,
    pub per_week_kanaal: Reeks,
    pub per_week_levensdomein: Reeks,
    /// Contacts with a first appointment (the number the wait is measured over).
    pub afspraken: Cel,
    pub wachttijd_mediaan_dagen: Option<f64>,
    pub wachttijd_p90_dagen: Option<f64>,
    /// Percentage of the contacts pointed to independent cliëntondersteuning.
    pub aandeel_clientondersteuning: Option<f64>,
    pub triage_afwijkend: Cel,
    pub mantelzorger_gewezen: Cel,
    pub gemiddelde_duur_minuten: Option<f64>,
}

impl Rapport {
    /// Suppress the small numbers of a count (threshold at least 1; 1 shows everything).
    pub fn uit(t: &Telling, drempel: u32) -> Rapport {
        let drempel = drempel.max(1);
        let enkel = |code: &str, label: &str, n: u64| cel(code, label, Werk { n, a: primair(n, drempel) });
        let genoeg = |n: usize| n > 0 && n as u64 >= u64::from(drempel);
        let (mediaan, p90) = match mediaan_p90(&t.wachttijden_dagen) {
            Some((m, p)) if genoeg(t.wachttijden_dagen.len()) => (Some(m), Some(p)),
            _ => (None, None),
        };
        let tabellen: BTreeMap<Onderwerp, Vec<Cel>> =
            t.tabellen.iter().map(|(o, rijen)| (*o, afschermen(rijen, drempel))).collect();
        let gewezen = tabellen
            .get(&Onderwerp::Clientondersteuning)
            .and_then(|t| t.iter().find(|c| c.code == "gewezen"))
            .and_then(|c| c.n);
        let aandeel = match (gewezen, genoeg(t.contacten as usize)) {
            (Some(g), true) => Some(g as f64 * 100.0 / t.contacten as f64),
            _ => None,
        };
        let duur =
            genoeg(t.duur_minuten.len()).then(|| t.duur_minuten.iter().sum::<f64>() / t.duur_minuten.len() as f64);
        Rapport {
            periode: t.periode,
            gebied: t.gebied.clone(),
            drempel,
            contacten: enkel("contacten", "contacten", t.contacten),
            tabellen,
            per_week_kanaal: afschermen_weken(&t.per_week_kanaal, drempel),
            per_week_levensdomein: afschermen_weken(&t.per_week_levensdomein, drempel),
            afspraken: enkel("afspraken", "contacten met een eerste afspraak", t.wachttijden_dagen.len() as u64),
            wachttijd_mediaan_dagen: mediaan,
            wachttijd_p90_dagen: p90,
            aandeel_clientondersteuning: aandeel,
            triage_afwijkend: enkel("triage_afwijkend", "anders dan de suggestie", t.triage_afwijkend),
            mantelzorger_gewezen: enkel("mantelzorger_gewezen", "mantelzorger gewezen", t.mantelzorger_gewezen),
            gemiddelde_duur_minuten: duur,
        }
    }

    /// The cells of a topic (empty when absent).
    pub fn tabel(&self, o: Onderwerp) -> &[Cel] {
        self.tabellen.get(&o).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The cell `code` of topic `o`.
    pub fn cel(&self, o: Onderwerp, code: &str) -> Option<&Cel> {
        self.tabel(o).iter().find(|c| c.code == code)
    }
}

/// Referral outcomes are not recorded yet: what the report says about them.
pub const VERWIJSUITKOMSTEN: &str =
    "Uitkomsten van verwijzingen: nog niet vastgelegd (loket legt nog niet vast of een verwijzing tot hulp leidde).";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{Link, Signaalvraag};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn contact(id: u64, m: u32, day: u32) -> Contact {
        Contact::new(id, Kanaal::Telefoon, d(m, day).and_hms_opt(10, 0, 0).unwrap())
    }

    fn case(id: u64, contact: u64, wmo: Option<WmoKlok>) -> Case {
        let mut c = Case::new(id, contact, "o1", Route::WmoMelding, "", false, d(1, 5).and_hms_opt(11, 0, 0).unwrap());
        c.wmo = wmo;
        c
    }

    #[test]
    fn periods_are_months_quarters_years_and_move() {
        let p = Periode::rond(Soort::Kwartaal, d(11, 20));
        assert_eq!((p.van, p.tot), (Some(d(10, 1)), Some(d(12, 31))));
        assert_eq!(p.label(), "4e kwartaal 2026");
        assert_eq!(Periode::rond(Soort::Maand, d(2, 3)).tot, Some(d(2, 28)));
        assert_eq!(Periode::rond(Soort::Maand, d(11, 3)).label(), "november 2026");
        assert_eq!(p.verschuif(Soort::Kwartaal, 1).label(), "1e kwartaal 2027");
        assert_eq!(Periode::parse("2026-K4"), Some(p));
        assert_eq!(Periode::parse("2026-11").map(|p| p.label()).as_deref(), Some("november 2026"));
        assert_eq!(Periode::parse("2026").map(|p| p.label()).as_deref(), Some("2026"));
        assert_eq!(Periode::parse("2026-13"), None);
    }

    /// The deadline figures on dossiers with known dates: each state of each clock once.
    #[test]
    fn wmo_deadlines_met_and_missed_on_known_dates() {
        let vandaag = Some(d(6, 30));
        let klok = |melding, afgerond, aanvraag, beschikking| WmoKlok {
            melding,
            onderzoek_afgerond: afgerond,
            aanvraag,
            beschikking,
        };
        let cases = vec![
            // onderzoek: melding 1-3, due 12-4; done 12-4: on time (the last day counts)
            case(1, 1, Some(klok(d(3, 1), Some(d(4, 12)), Some(d(4, 20)), Some(d(5, 4))))),
            // done 13-4: one day late; beschikking: aanvraag 20-4, due 4-5, given 5-5: late
            case(2, 2, Some(klok(d(3, 1), Some(d(4, 13)), Some(d(4, 20)), Some(d(5, 5))))),
            // not done, melding 1-6 due 13-7, today 30-6: running; aanvraag 1-6 due 15-6: overdue
            case(3, 3, Some(klok(d(6, 1), None, Some(d(6, 1)), None))),
            // not done, melding 1-5 due 12-6: overdue; no aanvraag: no beschikking clock
            case(4, 4, Some(klok(d(5, 1), None, None, None))),
            // outside the period
            case(5, 5, Some(klok(d(9, 1), None, None, None))),
            // no melding
            case(6, 6, None),
        ];
        let contacts: Vec<Contact> = (1..=6).map(|i| contact(i, 1, 5)).collect();
        let vraag = Vraag { periode: Periode::new(Some(d(1, 1)), Some(d(6, 30))), vandaag, ..Default::default() };
        let t = tel(&contacts, &cases, &vraag);
        let o = Onderwerp::WmoOnderzoek;
        assert_eq!((t.n(o, "op_tijd"), t.n(o, "te_laat"), t.n(o, "loopt"), t.n(o, "loopt_verstreken")), (1, 1, 1, 1));
        let b = Onderwerp::WmoBeschikking;
        assert_eq!((t.n(b, "op_tijd"), t.n(b, "te_laat"), t.n(b, "loopt"), t.n(b, "loopt_verstreken")), (1, 1, 0, 1));
    }

    /// A crisis referral, nothing ticked, nothing in the words: counted as spoed / signaal van
    /// gevaar, as crisis and as referred.
    #[test]
    fn a_crisis_referral_counts_as_a_sign_of_danger() {
        let mut a = contact(1, 11, 20);
        a.vraag = "vraag over de buurt".into();
        a.links.push(Link {
            entry_id: "vz-veilig-thuis".into(),
            naam: "Veilig Thuis".into(),
            soort: LinkSoort::VerwezenNaar,
            indicatie: false,
        });
        a.afhandeling = Some(Afhandeling::VerwezenCrisisdienst);
        let mut c = contact(3, 11, 20);
        c.vraag = "ik zie het niet meer zitten".into();
        c.signaalvragen.push(Signaalvraag {
            soort: "zelfdoding".into(),
            gevonden: "zie het niet meer zitten".into(),
            ja: true,
            op: c.start,
            door: "Anna".into(),
        });
        let t = tel(&[a, c, contact(4, 11, 20)], &[], &Vraag::default());
        let s = Onderwerp::Signalen;
        assert_eq!(t.n(s, "spoed"), 2);
        assert_eq!(t.n(s, "crisis"), 2);
        assert_eq!(t.n(s, "verwezen_crisisdienst"), 1);
        assert_eq!(t.n(Onderwerp::Crisislijn, "veilig-thuis"), 1);
        assert_eq!(t.n(Onderwerp::Afhandeling, "verwezen_crisisdienst"), 1);
        assert_eq!(t.n(Onderwerp::Signaalcategorie, "zelfdoding"), 1);
    }

    /// The report's shortcut decides spoed, crisis and doorvragen as the triage advice does.
    #[test]
    fn danger_is_read_as_the_triage_advice_reads_it() {
        let zinnen =
            ["mijn vriendin slaat me", "ik zie het niet meer zitten", "we worden uit huis gezet", "traplift", ""];
        for (i, z) in zinnen.iter().enumerate() {
            for urgent in [false, true] {
                let mut c = contact(i as u64, 3, 1);
                c.vraag = z.to_string();
                c.checklist.urgent = urgent;
                let a = c.triage();
                let g = gevaar(&c);
                assert_eq!(g.crisis, a.crisis, "{z}");
                assert_eq!(g.herkend, a.crisis || a.redenen.contains(&triage::Reden::Urgent), "{z}");
                assert_eq!(g.open, a.doorvragen.len(), "{z}");
                assert_eq!(g.signalen, a.signalen, "{z}");
            }
        }
    }

    #[test]
    fn the_wait_for_a_first_appointment_is_median_and_p90() {
        use crate::ondersteuning::Plek;
        use crate::slots::Slot;
        let mut contacts = Vec::new();
        let mut cases = Vec::new();
        // waits of 1..=10 days
        for i in 1..=10u64 {
            let c = contact(i, 3, 2);
            let start = c.start + chrono::Duration::days(i as i64);
            let slot = Slot {
                ondersteuner_id: "o1".into(),
                start,
                eind: start + chrono::Duration::minutes(45),
                locatie: String::new(),
                plek: Plek::Balie,
            };
            let mut k = Case::new(i, i, "o1", Route::Clientondersteuning, "", false, c.start);
            k.afspraak = Some(slot.clone());
            cases.push(k);
            // a second dossier of the same contact, later: the first appointment counts
            if i == 10 {
                let mut later = slot;
                later.start += chrono::Duration::days(30);
                let mut k = Case::new(100, i, "o1", Route::Wijkteam, "", false, c.start);
                k.afspraak = Some(later);
                cases.push(k);
            }
            contacts.push(c);
        }
        let t = tel(&contacts, &cases, &Vraag::default());
        assert_eq!(t.wachttijden_dagen.len(), 10);
        let r = Rapport::uit(&t, 5);
        assert_eq!(r.wachttijd_mediaan_dagen, Some(5.5));
        assert_eq!(r.wachttijd_p90_dagen, Some(9.0));
        // one small cell (1 wijkteam) beside one other: both hidden, or 11 - 10 gives it away
        assert_eq!(r.cel(Onderwerp::Overdracht, "wijkteam").unwrap().afscherming, Afscherming::Klein);
        assert_eq!(r.cel(Onderwerp::Overdracht, "clientondersteuning").unwrap().afscherming, Afscherming::Secundair);
        // under the threshold: no median either
        let r = Rapport::uit(&t, 11);
        assert_eq!(r.wachttijd_mediaan_dagen, None);
    }

    #[test]
    fn a_single_small_cell_takes_a_second_one_with_it() {
        let rijen = vec![rij("a", "a", 40), rij("b", "b", 3), rij("c", "c", 7), rij("d", "d", 0), rij("e", "e", 9)];
        let c = afschermen(&rijen, 5);
        let tekst: Vec<String> = c.iter().map(|c| c.tekst(5)).collect();
        assert_eq!(tekst, ["40", "<5", "x", "0", "9"]);
        assert!(c.iter().filter(|c| c.afscherming != Afscherming::Nee).all(|c| c.n.is_none()), "values not kept");
        // two small cells: nothing more to hide
        let c = afschermen(&[rij("a", "a", 40), rij("b", "b", 3), rij("c", "c", 2)], 5);
        assert_eq!(c.iter().map(|c| c.tekst(5)).collect::<Vec<_>>(), ["40", "<5", "<5"]);
        // the threshold comes from the caller (the config)
        let c = afschermen(&[rij("a", "a", 40), rij("b", "b", 7), rij("c", "c", 8)], 10);
        assert_eq!(c.iter().map(|c| c.tekst(10)).collect::<Vec<_>>(), ["40", "<10", "<10"]);
    }

    #[test]
    fn weekly_series_are_protected_along_both_axes() {
        let w = Weken {
            weken: vec!["w1".into(), "w2".into(), "w3".into()],
            rijen: vec![
                ("a".into(), "a".into(), vec![20, 2, 30]),
                ("b".into(), "b".into(), vec![10, 12, 15]),
                ("c".into(), "c".into(), vec![8, 9, 11]),
            ],
        };
        let r = afschermen_weken(&w, 5);
        for row in &r.rijen {
            let k = row.2.iter().filter(|c| c.afscherming != Afscherming::Nee).count();
            assert!(k != 1, "row {} has one suppressed cell: {r:?}", row.0);
        }
        for i in 0..3 {
            if r.totaal[i].afscherming != Afscherming::Nee {
                continue;
            }
            let k = r.rijen.iter().filter(|row| row.2[i].afscherming != Afscherming::Nee).count();
            assert!(k != 1, "week {i} has one suppressed cell: {r:?}");
        }
        assert_eq!(r.rijen[0].2[1].afscherming, Afscherming::Klein);
    }

    #[test]
    fn an_area_counts_only_its_own_contacts() {
        let mut a = contact(1, 11, 2);
        a.client.gemeente = "Het Hogeland".into();
        a.client.wijk = "Uithuizen".into();
        let mut b = contact(2, 11, 2);
        b.client.gemeente = "Groningen".into();
        let c = contact(3, 11, 2);
        let all = [a, b, c];
        let v = |g: Option<&str>, w: Option<&str>| Vraag {
            gebied: Gebied { gemeente: g.map(Into::into), wijk: w.map(Into::into) },
            ..Default::default()
        };
        assert_eq!(tel(&all, &[], &v(None, None)).contacten, 3);
        assert_eq!(tel(&all, &[], &v(Some("het hogeland"), None)).contacten, 1);
        assert_eq!(tel(&all, &[], &v(Some("Het Hogeland"), Some("Uithuizen"))).contacten, 1);
        assert_eq!(tel(&all, &[], &v(Some("Groningen"), Some("Uithuizen"))).contacten, 0);
        assert_eq!(gebieden(&all).len(), 3);
    }
}

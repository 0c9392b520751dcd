//! Triage rules: enkelvoudig or complex, with the reasons. One plain module, no UI.
//!
//! Complex when any of: more than one question or levensdomein; an indication procedure is needed
//! (Wmo-maatwerk, Wlz/CIZ); the person cannot manage alone and has no network; more time is
//! needed to clarify the question; urgency; signs of danger. Signs of danger also make the
//! contact urgent and show the crisis routes at once. A sign of danger is the checklist item,
//! the levensdomein veiligheid, or words of violence, suicide or acute threat in the question
//! (the word list is data: [`danger`]); a threatened eviction in the question means spoed. An
//! overloaded mantelzorger (ticked, or said in the question: [`super::mantelzorg`]) is complex too.
//! Words at the doorvragen tier are a sign that is open until the worker records the caller's
//! answer: ja makes it a crisis, nee closes it. While it is open the triage is never enkelvoudig.

use super::contact::Contact;
use super::danger::{self, Signaal};
use super::kaart::Wet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reden {
    Gevaar,
    Urgent,
    /// A possible sign of danger not yet asked about.
    Doorvragen,
    MeerdereVragen,
    IndicatieNodig,
    NietZelfredzaam,
    MeerTijdNodig,
    /// The mantelzorger is overloaded: support of their own, from the mantelzorgsteunpunt.
    MantelzorgerOverbelast,
}

impl Reden {
    /// Short form for the checklist in a narrow panel.
    pub fn short(self) -> &'static str {
        match self {
            Reden::Gevaar => "signalen van gevaar",
            Reden::Doorvragen => "mogelijk signaal: doorvragen",
            Reden::Urgent => "spoed",
            Reden::MeerdereVragen => "meer vragen of domeinen",
            Reden::IndicatieNodig => "indicatie nodig (maatwerk, CIZ)",
            Reden::NietZelfredzaam => "niet zelfredzaam, geen netwerk",
            Reden::MeerTijdNodig => "meer tijd nodig",
            Reden::MantelzorgerOverbelast => "mantelzorger overbelast",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reden::Gevaar => "signalen van gevaar",
            Reden::Doorvragen => "mogelijk signaal van gevaar: eerst doorvragen",
            Reden::Urgent => "spoed",
            Reden::MeerdereVragen => "meer dan één vraag of levensdomein",
            Reden::IndicatieNodig => "indicatieprocedure nodig (Wmo-maatwerk, Wlz/CIZ)",
            Reden::NietZelfredzaam => "redt het niet alleen en heeft geen netwerk",
            Reden::MeerTijdNodig => "vraagverheldering kost meer tijd",
            Reden::MantelzorgerOverbelast => "mantelzorger overbelast (mantelzorgsteunpunt)",
        }
    }
}

/// The crisis routes every desk must know (real public numbers).
pub const CRISISLIJNEN: &[(&str, &str)] =
    &[("112", "alarmnummer"), ("0800-2000", "Veilig Thuis (24/7)"), ("113/0800-0113", "zelfmoordpreventie")];

/// A crisis line as a referral: the sociale-kaart entry (in the bundled map) and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crisislijn {
    pub entry_id: &'static str,
    pub naam: &'static str,
}

/// The crisis lines a contact can be referred to, in the order of [`CRISISLIJNEN`].
pub const CRISISVERWIJZINGEN: [Crisislijn; 3] = [
    Crisislijn { entry_id: "vz-alarmnummer-112", naam: "112 — alarmnummer (acuut gevaar)" },
    Crisislijn { entry_id: "vz-veilig-thuis", naam: "Veilig Thuis 0800-2000 (huiselijk geweld, kindermishandeling)" },
    Crisislijn { entry_id: "vz-113-zelfmoordpreventie", naam: "113 Zelfmoordpreventie (113 / 0800-0113)" },
];

/// Which crisis line fits the signs best (index into [`CRISISVERWIJZINGEN`]): acute threat 112,
/// suicide and self-harm 113, otherwise Veilig Thuis.
pub fn passende_lijn(tekens: &[Teken]) -> usize {
    let route = |r: danger::Route| {
        tekens
            .iter()
            .any(|t| matches!(t, Teken::Woorden(x) if x.soort.route() == r && x.niveau == danger::Niveau::Crisis))
    };
    if route(danger::Route::Alarm112) {
        0
    } else if route(danger::Route::Lijn113) {
        2
    } else {
        1
    }
}

/// Referred to a crisis line: the contact may close as "verwezen" although the triage is
/// complex (a crisis is not a handoff; no client data is needed).
pub fn naar_crisislijn_verwezen(c: &Contact) -> bool {
    c.links.iter().any(|l| {
        l.soort == super::contact::LinkSoort::VerwezenNaar
            && CRISISVERWIJZINGEN.iter().any(|k| k.entry_id == l.entry_id)
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advies {
    pub uitkomst: super::contact::Uitkomst,
    pub redenen: Vec<Reden>,
    /// Show the crisis routes now and mark the contact urgent.
    pub crisis: bool,
    /// The signs of danger (and spoed) behind it, for the crisis panel.
    pub signalen: Vec<Teken>,
    /// Possible signs not yet asked about (the doorvragen prompt), one per category.
    pub doorvragen: Vec<Signaal>,
}

impl Advies {
    /// A sign of danger stands or a possible one is not yet asked about: never enkelvoudig.
    pub fn teken_open(&self) -> bool {
        self.crisis || !self.doorvragen.is_empty()
    }
}

/// One sign of danger or spoed, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Teken {
    /// Ticked in the triage checklist.
    Checklist,
    /// The levensdomein veiligheid.
    DomeinVeiligheid,
    /// Words in the question (at the crisis tier, or at the doorvragen tier answered ja).
    Woorden(Signaal),
}

impl Teken {
    /// Danger (the crisis routes), not only spoed.
    pub fn is_gevaar(&self) -> bool {
        match self {
            Teken::Checklist | Teken::DomeinVeiligheid => true,
            Teken::Woorden(s) => s.soort.is_gevaar() && s.niveau == danger::Niveau::Crisis,
        }
    }

    /// Dutch, for the crisis panel: "'slaat' in de vraag (geweld of bedreiging)".
    pub fn label(&self) -> String {
        match self {
            Teken::Checklist => "aangevinkt in de triage".into(),
            Teken::DomeinVeiligheid => "levensdomein veiligheid".into(),
            Teken::Woorden(s) => format!("'{}' in de vraag ({})", s.gevonden, s.soort.label()),
        }
    }
}

/// Every sign of danger or spoed in the contact: the checklist, the veiligheid domain, and the
/// words of the question (see [`danger`]). A doorvragen sign answered ja counts as a crisis; one
/// answered nee or not yet asked is not here (see [`open_doorvragen`]).
pub fn tekens(c: &Contact) -> Vec<Teken> {
    tekens_en_open(c).0
}

/// [`tekens`] and [`open_doorvragen`] at once (the question is read once).
pub fn tekens_en_doorvragen(c: &Contact) -> (Vec<Teken>, Vec<Signaal>) {
    tekens_en_open(c)
}

/// The possible signs of the question not yet asked about, one per category.
pub fn open_doorvragen(c: &Contact) -> Vec<Signaal> {
    tekens_en_open(c).1
}

fn tekens_en_open(c: &Contact) -> (Vec<Teken>, Vec<Signaal>) {
    let mut v = Vec::new();
    let mut open: Vec<Signaal> = Vec::new();
    if c.checklist.gevaar {
        v.push(Teken::Checklist);
    }
    if c.levensdomeinen.contains(&super::contact::Levensdomein::Veiligheid) {
        v.push(Teken::DomeinVeiligheid);
    }
    let uitslag = danger::beoordeel(&c.vraag);
    for s in uitslag.signalen {
        if s.niveau != danger::Niveau::Doorvragen {
            v.push(Teken::Woorden(s));
            continue;
        }
        match c.signaalvraag(s.soort) {
            Some(a) if a.ja => v.push(Teken::Woorden(Signaal { niveau: danger::Niveau::Crisis, ..s })),
            Some(_) => {}
            None => {
                if !open.iter().any(|o| o.soort == s.soort) {
                    open.push(s);
                }
            }
        }
    }
    // an answer ja stands as a crisis also when the question changed or was anonymised since
    for a in c.signaalvragen.iter().filter(|a| a.ja) {
        let Some(soort) = danger::Soort::from_code(&a.soort) else { continue };
        let er =
            v.iter().any(|t| matches!(t, Teken::Woorden(x) if x.soort == soort && x.niveau == danger::Niveau::Crisis));
        if !er {
            v.push(Teken::Woorden(Signaal { soort, niveau: danger::Niveau::Crisis, gevonden: a.gevonden.clone() }));
        }
    }
    // a category already at the crisis tier asks nothing more
    open.retain(|o| !v.iter().any(|t| matches!(t, Teken::Woorden(x) if x.soort == o.soort && t.is_gevaar())));
    (v, open)
}

pub fn advise(c: &Contact) -> Advies {
    use super::contact::Uitkomst;
    let k = &c.checklist;
    let (signalen, doorvragen) = tekens_en_open(c);
    let gevaar = signalen.iter().any(Teken::is_gevaar);
    let mut r = Vec::new();
    if gevaar {
        r.push(Reden::Gevaar);
    }
    if k.urgent || !signalen.is_empty() {
        r.push(Reden::Urgent);
    }
    if !doorvragen.is_empty() {
        r.push(Reden::Doorvragen);
    }
    if k.meerdere_vragen || c.levensdomeinen.len() > 1 {
        r.push(Reden::MeerdereVragen);
    }
    let indicatie_link = c.links.iter().any(|l| l.indicatie && l.soort == super::contact::LinkSoort::VerwezenNaar);
    if k.indicatie_nodig || indicatie_link || c.wetten.contains(&Wet::Wlz) {
        r.push(Reden::IndicatieNodig);
    }
    if k.niet_zelfredzaam {
        r.push(Reden::NietZelfredzaam);
    }
    if k.meer_tijd_nodig {
        r.push(Reden::MeerTijdNodig);
    }
    if k.mantelzorger_overbelast || super::mantelzorg::overbelast(c) {
        r.push(Reden::MantelzorgerOverbelast);
    }
    // Never enkelvoudig while a sign of danger stands (Gevaar is then always a reason).
    let uitkomst = if r.is_empty() { Uitkomst::Enkelvoudig } else { Uitkomst::Complex };
    Advies { uitkomst, redenen: r, crisis: gevaar, signalen, doorvragen }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{Contact, Kanaal, Levensdomein, Link, LinkSoort, Uitkomst};

    fn contact() -> Contact {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
        Contact::new(1, Kanaal::Telefoon, now)
    }

    #[test]
    fn nothing_ticked_is_enkelvoudig() {
        let a = advise(&contact());
        assert_eq!(a.uitkomst, Uitkomst::Enkelvoudig);
        assert!(a.redenen.is_empty());
        assert!(!a.crisis);
    }

    #[test]
    fn one_domain_stays_enkelvoudig_two_make_it_complex() {
        let mut c = contact();
        c.toggle_domein(Levensdomein::Zorg);
        assert_eq!(advise(&c).uitkomst, Uitkomst::Enkelvoudig);
        c.toggle_domein(Levensdomein::Financien);
        assert_eq!(advise(&c).redenen, vec![Reden::MeerdereVragen]);
        assert_eq!(advise(&c).uitkomst, Uitkomst::Complex);
    }

    #[test]
    fn each_checklist_item_alone_makes_it_complex() {
        type Set = fn(&mut Contact);
        let cases: [(Set, Vec<Reden>); 5] = [
            (|c| c.checklist.meerdere_vragen = true, vec![Reden::MeerdereVragen]),
            (|c| c.checklist.indicatie_nodig = true, vec![Reden::IndicatieNodig]),
            (|c| c.checklist.niet_zelfredzaam = true, vec![Reden::NietZelfredzaam]),
            (|c| c.checklist.meer_tijd_nodig = true, vec![Reden::MeerTijdNodig]),
            (|c| c.checklist.urgent = true, vec![Reden::Urgent]),
        ];
        for (set, want) in cases {
            let mut c = contact();
            set(&mut c);
            let a = advise(&c);
            assert_eq!(a.uitkomst, Uitkomst::Complex);
            assert_eq!(a.redenen, want);
            assert!(!a.crisis);
        }
    }

    #[test]
    fn danger_is_urgent_and_shows_crisis_routes() {
        let mut c = contact();
        c.checklist.gevaar = true;
        let a = advise(&c);
        assert_eq!(a.redenen, vec![Reden::Gevaar, Reden::Urgent]);
        assert!(a.crisis);
        assert_eq!(a.uitkomst, Uitkomst::Complex);
    }

    #[test]
    fn referral_to_a_maatwerk_entry_or_wlz_needs_indication() {
        let mut c = contact();
        c.links.push(Link {
            entry_id: "vz".into(),
            naam: "Huishoudelijke hulp".into(),
            soort: LinkSoort::InformatieGegeven,
            indicatie: true,
        });
        assert_eq!(advise(&c).uitkomst, Uitkomst::Enkelvoudig, "only informing about it is fine");
        c.links[0].soort = LinkSoort::VerwezenNaar;
        assert_eq!(advise(&c).redenen, vec![Reden::IndicatieNodig]);
        let mut c = contact();
        c.toggle_wet(Wet::Wlz);
        assert_eq!(advise(&c).redenen, vec![Reden::IndicatieNodig]);
    }

    #[test]
    fn reasons_combine_in_a_fixed_order() {
        let mut c = contact();
        c.checklist.meer_tijd_nodig = true;
        c.checklist.niet_zelfredzaam = true;
        c.checklist.gevaar = true;
        c.toggle_domein(Levensdomein::Wonen);
        c.toggle_domein(Levensdomein::Veiligheid);
        assert_eq!(
            advise(&c).redenen,
            vec![Reden::Gevaar, Reden::Urgent, Reden::MeerdereVragen, Reden::NietZelfredzaam, Reden::MeerTijdNodig]
        );
    }

    /// The veiligheid domain is a sign of danger on its own.
    #[test]
    fn veiligheid_domain_raises_the_crisis_routes() {
        let mut c = contact();
        c.toggle_domein(Levensdomein::Veiligheid);
        let a = advise(&c);
        assert!(a.crisis, "{a:?}");
        assert_eq!(a.uitkomst, Uitkomst::Complex);
        assert!(a.redenen.contains(&Reden::Gevaar), "{a:?}");
    }

    /// "mijn vriendin slaat me" was triaged ENKELVOUDIG.
    #[test]
    fn words_of_danger_in_the_question_raise_the_crisis_routes() {
        for vraag in ["mijn vriendin slaat me", "ik wil er niet meer zijn", "hij bedreigt me"] {
            let mut c = contact();
            c.vraag = vraag.into();
            let a = advise(&c);
            assert!(a.crisis, "{vraag}: {a:?}");
            assert_eq!(a.uitkomst, Uitkomst::Complex, "{vraag}: never enkelvoudig with a sign of danger");
            assert_eq!(a.redenen[..2], [Reden::Gevaar, Reden::Urgent], "{vraag}");
        }
    }

    /// A possible sign is open until answered; never enkelvoudig while open; ja makes
    /// it a crisis (113 for suicide), nee closes it.
    #[test]
    fn a_doorvragen_sign_is_open_until_answered() {
        use crate::contact::Signaalvraag;
        let mut c = contact();
        c.vraag = "ik zie het niet meer zitten".into();
        let a = advise(&c);
        assert!(!a.crisis, "{a:?}");
        assert_eq!(a.doorvragen.len(), 1, "{a:?}");
        assert_eq!(a.doorvragen[0].soort, danger::Soort::Zelfdoding);
        assert_eq!(a.redenen, vec![Reden::Doorvragen]);
        assert_eq!(a.uitkomst, Uitkomst::Complex, "never enkelvoudig while a sign is open");
        let antwoord = |ja| Signaalvraag {
            soort: "zelfdoding".into(),
            gevonden: "zie het niet meer zitten".into(),
            ja,
            op: c.start,
            door: "Anna".into(),
        };
        let mut nee = c.clone();
        nee.signaalvragen.push(antwoord(false));
        let a = advise(&nee);
        assert!(!a.crisis && a.doorvragen.is_empty(), "{a:?}");
        assert_eq!(a.uitkomst, Uitkomst::Enkelvoudig, "nee is noted and closes the sign");
        let mut ja = c.clone();
        ja.signaalvragen.push(antwoord(true));
        let a = advise(&ja);
        assert!(a.crisis && a.doorvragen.is_empty(), "{a:?}");
        assert_eq!(a.redenen[..2], [Reden::Gevaar, Reden::Urgent]);
        assert_eq!(passende_lijn(&a.signalen), 2, "113");
        // the ja stands after the question is anonymised (retention) or changed
        crate::bewaren::anonimiseer_contact(&mut ja);
        assert!(ja.vraag.is_empty() && ja.signaalvragen[0].gevonden.is_empty());
        assert!(!crate::bewaren::contact_heeft_persoonsgegevens(&ja));
        let a = advise(&ja);
        assert!(a.crisis, "{a:?}");
    }

    /// A threatened eviction suggests spoed (no crisis panel).
    #[test]
    fn a_threatened_eviction_suggests_spoed() {
        let mut c = contact();
        c.vraag = "De deurwaarder zegt dat ik volgende week mijn huis uit moet".into();
        let a = advise(&c);
        assert_eq!(a.redenen, vec![Reden::Urgent]);
        assert!(!a.crisis);
        assert_eq!(a.uitkomst, Uitkomst::Complex);
    }

    #[test]
    fn an_overloaded_mantelzorger_is_complex_with_one_domain() {
        let mut c = contact();
        c.toggle_domein(Levensdomein::Mantelzorg);
        c.vraag = "Ik kan het niet meer aan, ik ben zelf op".into();
        let a = advise(&c);
        assert_eq!(a.uitkomst, Uitkomst::Complex);
        assert_eq!(a.redenen, vec![Reden::MantelzorgerOverbelast]);
        let mut c = contact();
        c.checklist.mantelzorger_overbelast = true;
        assert_eq!(advise(&c).redenen, vec![Reden::MantelzorgerOverbelast]);
    }
}

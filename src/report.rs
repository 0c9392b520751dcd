//! Aggregate report over contacts: counts only, no personal data. Includes Wmo art. 2.3.2 lid 3
//! (pointed to independent cliëntondersteuning) and the unmet needs (geen passend aanbod).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::contact::{Afhandeling, Contact, Status, Uitkomst};

#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Report {
    pub van: Option<NaiveDate>,
    pub tot: Option<NaiveDate>,
    pub contacten: usize,
    pub afgesloten: usize,
    pub concepten: usize,
    pub per_kanaal: BTreeMap<String, usize>,
    pub enkelvoudig: usize,
    pub complex: usize,
    pub triage_afwijkend: usize,
    pub per_afhandeling: BTreeMap<String, usize>,
    pub per_levensdomein: BTreeMap<String, usize>,
    pub gewezen_op_clientondersteuning: usize,
    pub mantelzorger_gewezen: usize,
    /// Spoed or signs of danger: ticked in the checklist, detected (words, the veiligheid domain,
    /// a doorvragen answered ja, an eviction) or referred to a crisis line (it counted
    /// only ticked boxes).
    pub spoed: usize,
    /// Contacts with a sign of danger at the crisis tier, or referred to a crisis line.
    pub crisis_contacten: usize,
    /// Contacts where the doorvragen prompt came up (answered or still open).
    pub doorvragen_contacten: usize,
    pub doorvragen_ja: usize,
    pub doorvragen_nee: usize,
    /// Prompts not answered (a draft, or closed without an answer).
    pub doorvragen_open: usize,
    /// Contacts with a sign of danger, per category (crisis tier or answered ja).
    pub per_signaalcategorie: BTreeMap<String, usize>,
    /// Referrals per crisis line (the links to 112, Veilig Thuis, 113).
    pub verwezen_per_crisislijn: BTreeMap<String, usize>,
    /// Referred to a crisis line (112, Veilig Thuis, 113): the own outcome, and the older records
    /// that closed as "verwezen naar aanbieder" with a link to a crisis line.
    pub verwezen_crisisdienst: usize,
    /// Unmet needs, counted per levensdomein (never the text: it can name a person).
    pub geen_passend_aanbod: BTreeMap<String, usize>,
    pub gemiddelde_duur_minuten: Option<f64>,
}

pub fn build(contacts: &[Contact], van: Option<NaiveDate>, tot: Option<NaiveDate>) -> Report {
    let mut r = Report { van, tot, ..Default::default() };
    let mut duur = Vec::new();
    for c in contacts {
        let d = c.start.date();
        if van.is_some_and(|v| d < v) || tot.is_some_and(|t| d > t) {
            continue;
        }
        r.contacten += 1;
        match c.status {
            Status::Afgesloten => r.afgesloten += 1,
            Status::Concept => r.concepten += 1,
        }
        *r.per_kanaal.entry(c.kanaal.label().to_string()).or_default() += 1;
        if let Some(b) = &c.besluit {
            match b.uitkomst {
                Uitkomst::Enkelvoudig => r.enkelvoudig += 1,
                Uitkomst::Complex => r.complex += 1,
            }
            if b.uitkomst != b.suggestie {
                r.triage_afwijkend += 1;
            }
        }
        for l in &c.levensdomeinen {
            *r.per_levensdomein.entry(l.label().to_string()).or_default() += 1;
        }
        let crisis = match &c.afhandeling {
            Some(Afhandeling::VerwezenCrisisdienst) => true,
            Some(Afhandeling::VerwezenNaarAanbieder) => crate::domain::triage::naar_crisislijn_verwezen(c),
            _ => false,
        };
        r.verwezen_crisisdienst += usize::from(crisis);
        let advies = c.triage();
        for l in &c.links {
            if l.soort == crate::domain::contact::LinkSoort::VerwezenNaar {
                if let Some(k) = crate::domain::triage::CRISISVERWIJZINGEN.iter().find(|k| k.entry_id == l.entry_id) {
                    *r.verwezen_per_crisislijn.entry(k.naam.to_string()).or_default() += 1;
                }
            }
        }
        let herkend = advies.crisis || advies.redenen.contains(&crate::domain::triage::Reden::Urgent);
        r.crisis_contacten += usize::from(advies.crisis || crisis);
        let mut soorten: Vec<&'static str> = advies
            .signalen
            .iter()
            .filter(|t| t.is_gevaar())
            .filter_map(|t| match t {
                crate::domain::triage::Teken::Woorden(s) => Some(s.soort.code()),
                _ => None,
            })
            .collect();
        soorten.sort_unstable();
        soorten.dedup();
        for k in soorten {
            *r.per_signaalcategorie.entry(k.to_string()).or_default() += 1;
        }
        r.doorvragen_ja += c.signaalvragen.iter().filter(|v| v.ja).count();
        r.doorvragen_nee += c.signaalvragen.iter().filter(|v| !v.ja).count();
        r.doorvragen_open += advies.doorvragen.len();
        r.doorvragen_contacten += usize::from(!c.signaalvragen.is_empty() || !advies.doorvragen.is_empty());
        if let Some(a) = &c.afhandeling {
            *r.per_afhandeling.entry(a.label().to_string()).or_default() += 1;
            if let Afhandeling::GeenPassendAanbod { domein, .. } = a {
                let k = domein.map(|d| d.label().to_string()).unwrap_or_else(|| "onbekend".into());
                *r.geen_passend_aanbod.entry(k).or_default() += 1;
            }
        }
        r.gewezen_op_clientondersteuning += usize::from(c.gewezen_op_clientondersteuning);
        r.mantelzorger_gewezen += usize::from(c.mantelzorger_gewezen);
        r.spoed += usize::from(c.checklist.urgent || c.checklist.gevaar || herkend || crisis);
        if let Some(e) = c.einde {
            duur.push((e - c.start).num_seconds() as f64 / 60.0);
        }
    }
    if !duur.is_empty() {
        r.gemiddelde_duur_minuten = Some(duur.iter().sum::<f64>() / duur.len() as f64);
    }
    r
}

pub fn format(r: &Report) -> String {
    let mut s = String::new();
    let periode = match (r.van, r.tot) {
        (None, None) => "alle contacten".to_string(),
        (v, t) => format!(
            "{} t/m {}",
            v.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "begin".into()),
            t.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nu".into())
        ),
    };
    s.push_str(&format!("Rapport loket — {periode}\n\n"));
    s.push_str(&format!("Contacten: {} ({} afgesloten, {} concept)\n", r.contacten, r.afgesloten, r.concepten));
    for (k, n) in &r.per_kanaal {
        s.push_str(&format!("  {k:<28}{n:>6}\n"));
    }
    s.push_str(&format!(
        "Enkelvoudig: {}   complex: {}   (anders dan de suggestie: {})\n",
        r.enkelvoudig, r.complex, r.triage_afwijkend
    ));
    s.push_str(&format!("Spoed / signalen van gevaar (aangevinkt, herkend of verwezen): {}\n", r.spoed));
    s.push_str(&format!("Crisis (signaal van gevaar of verwezen naar een crisisdienst): {}\n", r.crisis_contacten));
    for (k, n) in &r.per_signaalcategorie {
        s.push_str(&format!("  {k:<28}{n:>6}\n"));
    }
    s.push_str(&format!(
        "Doorgevraagd bij een mogelijk signaal: {} contacten (ja: {}, nee: {}, niet beantwoord: {})\n",
        r.doorvragen_contacten, r.doorvragen_ja, r.doorvragen_nee, r.doorvragen_open
    ));
    s.push_str(&format!("Verwezen naar een crisisdienst (112, Veilig Thuis, 113): {}\n", r.verwezen_crisisdienst));
    for (k, n) in &r.verwezen_per_crisislijn {
        s.push_str(&format!("  {k:<60}{n:>6}\n"));
    }
    s.push_str(&format!(
        "Gewezen op onafhankelijke cliëntondersteuning (Wmo 2015 art. 2.3.2 lid 3): {} cliënt, {} mantelzorger\n",
        r.gewezen_op_clientondersteuning, r.mantelzorger_gewezen
    ));
    if let Some(d) = r.gemiddelde_duur_minuten {
        s.push_str(&format!("Gemiddelde duur: {d:.1} minuten\n"));
    }
    s.push_str("\nAfhandeling:\n");
    for (k, n) in &r.per_afhandeling {
        s.push_str(&format!("  {k:<48}{n:>6}\n"));
    }
    s.push_str("\nLevensdomeinen:\n");
    for (k, n) in &r.per_levensdomein {
        s.push_str(&format!("  {k:<28}{n:>6}\n"));
    }
    s.push_str("\nGeen passend aanbod (onvervulde vragen):\n");
    if r.geen_passend_aanbod.is_empty() {
        s.push_str("  geen\n");
    }
    for (k, n) in &r.geen_passend_aanbod {
        s.push_str(&format!("  {k:<28}{n:>6}\n"));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::{Kanaal, Levensdomein, TriageBesluit};

    fn contact(id: u64, day: u32) -> Contact {
        let t = NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(10, 0, 0).unwrap();
        Contact::new(id, Kanaal::Telefoon, t)
    }

    #[test]
    fn counts_oco_unmet_needs_and_period() {
        let mut a = contact(1, 20);
        a.gewezen_op_clientondersteuning = true;
        a.mantelzorger_gewezen = true;
        a.besluit = Some(TriageBesluit {
            uitkomst: Uitkomst::Complex,
            suggestie: Uitkomst::Enkelvoudig,
            reden_afwijking: "x".into(),
        });
        a.afhandeling = Some(Afhandeling::Backoffice);
        a.status = Status::Afgesloten;
        let mut b = contact(2, 21);
        b.gewezen_op_clientondersteuning = true;
        b.afhandeling = Some(Afhandeling::GeenPassendAanbod {
            wat: "maatje voor zoon".into(),
            domein: Some(Levensdomein::Welzijn),
        });
        let c = contact(3, 1);
        let r = build(&[a, b, c], NaiveDate::from_ymd_opt(2026, 11, 15), None);
        assert_eq!(r.contacten, 2);
        assert_eq!(r.gewezen_op_clientondersteuning, 2);
        assert_eq!(r.mantelzorger_gewezen, 1);
        assert_eq!(r.complex, 1);
        assert_eq!(r.triage_afwijkend, 1);
        assert_eq!(r.geen_passend_aanbod["welzijn"], 1);
        assert!(!format(&r).contains("maatje"), "counts only, never the text");
        let text = format(&r);
        assert!(text.contains("art. 2.3.2 lid 3): 2 cliënt, 1 mantelzorger"), "{text}");
    }

    /// "Spoed / signalen van gevaar: 0" where a Veilig Thuis referral was recorded and
    /// the queue showed SPOED; it counted only ticked boxes. Now it counts what was detected or
    /// referred, and the report counts crisis contacts, doorvragen and their answers.
    #[test]
    fn danger_detected_or_referred_is_counted() {
        use crate::domain::contact::{Link, LinkSoort, Signaalvraag};
        // referred to Veilig Thuis, nothing ticked, nothing in the words
        let mut a = contact(1, 20);
        a.vraag = "vraag over de buurt".into();
        a.links.push(Link {
            entry_id: "vz-veilig-thuis".into(),
            naam: "Veilig Thuis".into(),
            soort: LinkSoort::VerwezenNaar,
            indicatie: false,
        });
        a.afhandeling = Some(Afhandeling::VerwezenCrisisdienst);
        // words at the crisis tier
        let mut b = contact(2, 20);
        b.vraag = "mijn vriendin slaat me".into();
        // doorvragen answered ja
        let mut c = contact(3, 20);
        c.vraag = "ik zie het niet meer zitten".into();
        let antwoord = |ja| Signaalvraag {
            soort: "zelfdoding".into(),
            gevonden: "zie het niet meer zitten".into(),
            ja,
            op: c.start,
            door: "Anna".into(),
        };
        c.signaalvragen.push(antwoord(true));
        // answered nee
        let mut d = contact(4, 20);
        d.vraag = "ik zie het niet meer zitten".into();
        d.signaalvragen.push(antwoord(false));
        // open, not answered
        let mut e = contact(5, 20);
        e.vraag = "mijn man wordt steeds agressiever".into();
        // nothing
        let f = contact(6, 20);
        let r = build(&[a, b, c, d, e, f], None, None);
        assert_eq!(r.spoed, 3, "referred, words, ja: {r:?}");
        assert_eq!(r.crisis_contacten, 3);
        assert_eq!(r.verwezen_crisisdienst, 1);
        assert_eq!(r.verwezen_per_crisislijn.values().sum::<usize>(), 1);
        assert_eq!((r.doorvragen_contacten, r.doorvragen_ja, r.doorvragen_nee, r.doorvragen_open), (3, 1, 1, 1));
        assert_eq!(r.per_signaalcategorie["huiselijk_geweld"], 1);
        assert_eq!(r.per_signaalcategorie["zelfdoding"], 1);
        let text = format(&r);
        assert!(text.contains("Spoed / signalen van gevaar (aangevinkt, herkend of verwezen): 3"), "{text}");
        assert!(
            text.contains("Doorgevraagd bij een mogelijk signaal: 3 contacten (ja: 1, nee: 1, niet beantwoord: 1)"),
            "{text}"
        );
        assert!(!text.contains("agressiever") && !text.contains("zie het niet"), "counts only:\n{text}");
    }

    #[test]
    fn report_holds_no_personal_data() {
        let mut a = contact(1, 20);
        a.client.naam = "Mevrouw Geheim".into();
        a.client.telefoon = "06-5555 9999".into();
        a.client.bsn = Some("123456782".into());
        a.vraag = "privé vraag met details".into();
        let text = format(&build(&[a.clone()], None, None));
        let json = serde_json::to_string(&build(&[a], None, None)).unwrap();
        for secret in ["Geheim", "9999", "123456782", "privé"] {
            assert!(!text.contains(secret) && !json.contains(secret), "{secret} leaked");
        }
    }
}

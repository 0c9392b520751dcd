//! Synthetic contacts and dossiers for the report's benchmark and tests: a year of a busy loket,
//! deterministic from a seed. Every name is "Proefpersoon N" (a leak check can look for it).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use crate::domain::case::{Case, Route, WmoKlok};
use crate::domain::contact::{
    Afhandeling, Contact, Kanaal, Levensdomein, Link, LinkSoort, Status, TriageBesluit, Uitkomst,
};
use crate::domain::ondersteuning::Plek;
use crate::domain::slots::Slot;

/// A tiny deterministic generator (xorshift), so the data is the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const GEBIEDEN: [(&str, &[&str]); 3] = [
    ("Het Hogeland", &["Uithuizen", "Winsum", "Bedum", "Warffum"]),
    ("Groningen", &["Centrum", "Oost", "Zuid"]),
    ("Heerlen", &["Hoensbroek", "Heerlerheide"]),
];

const VRAGEN: [&str; 8] = [
    "vraag over huishoudelijke hulp",
    "zoekt dagbesteding voor haar vader",
    "schulden en een brief van de deurwaarder",
    "vervoer naar het ziekenhuis",
    "mantelzorger raakt overbelast",
    "informatie over een traplift",
    "eenzaam sinds de verhuizing",
    "mijn man slaat me",
];

/// `contacten` contacts spread over `jaar`, and `dossiers` dossiers (handoffs) of some of them,
/// with appointments and Wmo clocks.
pub fn genereer(jaar: i32, contacten: usize, dossiers: usize, seed: u64) -> (Vec<Contact>, Vec<Case>) {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let begin = NaiveDate::from_ymd_opt(jaar, 1, 1).expect("a year").and_hms_opt(8, 30, 0).expect("a time");
    let dagen = if NaiveDate::from_ymd_opt(jaar, 12, 31).expect("a year").ordinal() == 366 { 366 } else { 365 };
    let mut cs = Vec::with_capacity(contacten);
    for i in 0..contacten {
        let dag = (i as u64 * dagen / contacten.max(1) as u64) as i64;
        let start: NaiveDateTime = begin + Duration::days(dag) + Duration::minutes(rng.below(8 * 60) as i64);
        let kanaal = match rng.below(10) {
            0..=5 => Kanaal::Telefoon,
            6..=7 => Kanaal::Balie,
            8 => Kanaal::Email,
            _ => Kanaal::Huisbezoek,
        };
        let mut c = Contact::new(i as u64 + 1, kanaal, start);
        c.vraag = VRAGEN[rng.below(VRAGEN.len() as u64) as usize].to_string();
        let d1 = Levensdomein::ALL[rng.below(9) as usize];
        c.levensdomeinen.push(d1);
        if rng.below(3) == 0 {
            let d2 = Levensdomein::ALL[rng.below(9) as usize];
            if d2 != d1 {
                c.levensdomeinen.push(d2);
            }
        }
        let (g, wijken) = GEBIEDEN[rng.below(GEBIEDEN.len() as u64) as usize];
        if rng.below(5) > 0 {
            c.client.gemeente = g.to_string();
            c.client.wijk = wijken[rng.below(wijken.len() as u64) as usize].to_string();
        }
        if rng.below(4) == 0 {
            c.client.naam = format!("Proefpersoon {}", i + 1);
            c.client.telefoon = format!("06-{:08}", 10_000_000 + i);
        }
        let complex = rng.below(4) == 0;
        let uitkomst = if complex { Uitkomst::Complex } else { Uitkomst::Enkelvoudig };
        let suggestie = if rng.below(10) == 0 { Uitkomst::Complex } else { uitkomst };
        c.besluit = Some(TriageBesluit { uitkomst, suggestie, reden_afwijking: String::new() });
        c.gewezen_op_clientondersteuning = rng.below(3) > 0;
        c.mantelzorger_gewezen = rng.below(10) == 0;
        if rng.below(50) == 0 {
            c.status = Status::Concept;
        } else {
            c.status = Status::Afgesloten;
            c.einde = Some(start + Duration::minutes(5 + rng.below(25) as i64));
            c.afhandeling = Some(match rng.below(20) {
                0..=7 => Afhandeling::InformatieGegeven,
                8..=10 => Afhandeling::VerwezenNaarAanbieder,
                11 => Afhandeling::FormulierMeegegeven,
                12 => Afhandeling::Terugbelverzoek { wanneer: start + Duration::days(1), gedaan: true },
                13..=15 => Afhandeling::Backoffice,
                16..=17 => Afhandeling::MeldingWmo,
                18 => Afhandeling::GeenPassendAanbod { wat: "maatje".into(), domein: Some(d1) },
                _ => {
                    c.links.push(Link {
                        entry_id: "vz-veilig-thuis".into(),
                        naam: "Veilig Thuis".into(),
                        soort: LinkSoort::VerwezenNaar,
                        indicatie: false,
                    });
                    Afhandeling::VerwezenCrisisdienst
                }
            });
        }
        c.bijgewerkt = c.einde.unwrap_or(start);
        c.medewerker = "Proef".into();
        cs.push(c);
    }
    // dossiers: for evenly spread contacts, an appointment 1–20 days later
    let mut ks = Vec::with_capacity(dossiers);
    for j in 0..dossiers.min(contacten) {
        let c = &cs[j * contacten / dossiers.max(1)];
        let route = match rng.below(10) {
            0..=5 => Route::Clientondersteuning,
            6..=8 => Route::WmoMelding,
            _ => Route::Wijkteam,
        };
        let mut k = Case::new(j as u64 + 1, c.id, "ond-1", route, "proef", false, c.start);
        let start = (c.start + Duration::days(1 + rng.below(20) as i64)).date().and_hms_opt(9, 0, 0).expect("9:00")
            + Duration::minutes(45 * rng.below(8) as i64);
        k.afspraak = Some(Slot {
            ondersteuner_id: "ond-1".into(),
            start,
            eind: start + Duration::minutes(45),
            locatie: "loket".into(),
            plek: Plek::Balie,
        });
        if let Some(w) = k.wmo.as_mut() {
            let melding = w.melding;
            *w = WmoKlok {
                melding,
                onderzoek_afgerond: (rng.below(6) > 0).then(|| melding + Duration::days(10 + rng.below(40) as i64)),
                aanvraag: (rng.below(2) == 0).then(|| melding + Duration::days(20 + rng.below(10) as i64)),
                beschikking: None,
            };
            if let Some(a) = w.aanvraag {
                w.beschikking = (rng.below(5) > 0).then(|| a + Duration::days(5 + rng.below(14) as i64));
            }
        }
        ks.push(k);
    }
    (cs, ks)
}

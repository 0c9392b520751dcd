//! `loket beheer`: the beheerder's worklist as text, or with `--json` the counts (gemeld,
//! verouderd, gearchiveerd) and the entries, for a dashboard or a script. Only map data and the
//! desk's reports: no client data.

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::beheer::{werklijst, Record};
use crate::store::Store;

#[derive(Debug, Serialize)]
pub struct Regel {
    pub sleutel: String,
    pub soort: &'static str,
    pub naam: String,
    pub laatst_geverifieerd: Option<NaiveDate>,
    pub verouderd: bool,
    pub meldingen: Vec<String>,
    /// The provider's contact person for the map's upkeep (empty fields when none is known).
    pub contactpersoon: Contact,
    pub telefoon: String,
    pub email: String,
    pub aanbieder: String,
    pub bron: String,
    pub gecorrigeerd: Vec<String>,
}

/// The provider's contact person: name, function, first phone number, e-mail.
#[derive(Debug, Default, Serialize)]
pub struct Contact {
    pub naam: String,
    pub functie: String,
    pub telefoon: String,
    pub email: String,
}

impl Contact {
    fn is_empty(&self) -> bool {
        self.naam.is_empty() && self.functie.is_empty() && self.telefoon.is_empty() && self.email.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct Uitvoer {
    pub gemeld: usize,
    pub verouderd: usize,
    pub gearchiveerd: usize,
    pub geverifieerd_deze_maand: usize,
    pub regels: Vec<Regel>,
}

/// The worklist of the map in `store` on `today`.
pub fn build(store: &dyn Store, today: NaiveDate) -> anyhow::Result<Uitvoer> {
    let kaart = crate::store::kaart::load(store, &mut |_| {})?;
    let staten = crate::store::kaartbeheer::staten(store)?;
    let (rows, ov) = werklijst(&kaart, &staten, today);
    let org = |id: &str| kaart.organisaties.iter().find(|o| o.id == id);
    let regels = rows
        .into_iter()
        .filter(|r| r.verouderd || !r.beheer.meldingen.is_empty())
        .map(|r| {
            let o = org(r.record.organisatie_id());
            let (tel, mail) = match &r.record {
                Record::Voorziening(v) => (v.telefoon.first().map(|t| t.nummer.clone()), Some(v.email.clone())),
                Record::Organisatie(x) => (x.telefoon.first().map(|t| t.nummer.clone()), Some(x.email.clone())),
                Record::Regeling(_) => (None, None),
            };
            let tel =
                tel.filter(|t| !t.is_empty()).or_else(|| o.and_then(|o| o.telefoon.first().map(|t| t.nummer.clone())));
            let mail = mail.filter(|m| !m.is_empty()).or_else(|| o.map(|o| o.email.clone()));
            let b = r.record.bron();
            let contactpersoon = crate::domain::beheer::contactpersoon_van(&r.record, o)
                .map(|c| Contact {
                    naam: c.naam.clone(),
                    functie: c.functie.clone(),
                    telefoon: c.telefoon.first().map(|t| t.nummer.clone()).unwrap_or_default(),
                    email: c.email.clone(),
                })
                .unwrap_or_default();
            Regel {
                sleutel: r.record.sleutel(),
                soort: r.record.kind().label(),
                naam: r.record.naam().to_string(),
                laatst_geverifieerd: r.record.laatst_geverifieerd(),
                verouderd: r.verouderd,
                meldingen: crate::domain::beheer::meldingen_tekst(&r.beheer),
                contactpersoon,
                telefoon: tel.unwrap_or_default(),
                email: mail.unwrap_or_default(),
                aanbieder: o.map(|o| o.naam.clone()).unwrap_or_default(),
                bron: if b.naam.is_empty() { b.soort.clone() } else { format!("{} ({})", b.soort, b.naam) },
                gecorrigeerd: r.beheer.gecorrigeerd.clone(),
            }
        })
        .collect();
    Ok(Uitvoer {
        gemeld: ov.gemeld,
        verouderd: ov.verouderd,
        gearchiveerd: ov.gearchiveerd,
        geverifieerd_deze_maand: ov.geverifieerd_deze_maand,
        regels,
    })
}

/// The worklist as text: the overview line, then one block per entry.
pub fn format(u: &Uitvoer) -> String {
    let mut s = format!(
        "Werklijst sociale kaart: {} gemeld, {} ongeverifieerd > 12 maanden, {} deze maand geverifieerd, {} gearchiveerd\n",
        u.gemeld, u.verouderd, u.geverifieerd_deze_maand, u.gearchiveerd
    );
    for r in &u.regels {
        let ver = r.laatst_geverifieerd.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "nooit".into());
        s.push_str(&format!("\n{} ({}, {}) — geverifieerd {ver}\n", r.naam, r.soort, r.sleutel));
        for m in &r.meldingen {
            s.push_str(&format!("  ⚑ {m}\n"));
        }
        let c = &r.contactpersoon;
        if c.is_empty() {
            s.push_str("  contactpersoon: onbekend\n");
        } else {
            let mut parts = vec![match (c.naam.is_empty(), c.functie.is_empty()) {
                (false, false) => format!("{} ({})", c.naam, c.functie),
                (false, true) => c.naam.clone(),
                _ => c.functie.clone(),
            }];
            parts.extend((!c.telefoon.is_empty()).then(|| format!("tel {}", c.telefoon)));
            parts.extend((!c.email.is_empty()).then(|| c.email.clone()));
            parts.retain(|p| !p.is_empty());
            s.push_str(&format!("  contactpersoon: {}\n", parts.join(" · ")));
        }
        s.push_str(&format!("  aanbieder: {} · tel {} · {}\n", r.aanbieder, r.telefoon, r.email));
        if !r.gecorrigeerd.is_empty() {
            s.push_str(&format!("  in loket gecorrigeerd: {}\n", r.gecorrigeerd.join(", ")));
        }
    }
    s
}

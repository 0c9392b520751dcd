//! Retention (AVG): how long personal data is kept, and what stays after it goes.
//!
//! After its period a contact or dossier is not deleted but anonymised: every field that can
//! name a person (name, phone, BSN, birth year, the question, notes, free text) is emptied, and
//! what `loket rapport` counts (date, channel, triage, levensdomeinen, outcome and the domain of
//! an unmet need, the pointers to cliëntondersteuning) stays, so reports over the past don't
//! change.

use chrono::{Months, NaiveDateTime};

use super::case::Case;
use super::contact::{Afhandeling, ClientGegevens, Contact};
use super::leefplan::Plan as LeefPlan;
use super::opvolging::{Vervolgstap, Verwijzingsopvolging};

/// Retention periods (config.toml, table `[bewaartermijnen]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bewaartermijnen {
    /// Personal data of a contact without a dossier (an enkelvoudig contact, or one referred
    /// elsewhere), counted from its end (a draft: from its start). Default 3 months.
    pub contact_maanden: u32,
    /// A closed dossier (and the contact it came from), counted from its last activity.
    /// Default 24 months.
    pub dossier_maanden: u32,
    /// Appointment files (`afspraken/*.txt`, `*.ics`), counted from when they were written.
    /// Default 3 months.
    pub afspraakbestanden_maanden: u32,
    /// Inzage files (`inzage/*.txt`). Default 1 month.
    pub inzagebestanden_maanden: u32,
    /// Entries of the audit log. Default 60 months (5 years).
    pub auditlog_maanden: u32,
    /// A resident's plan, counted from its last change once every arrangement has ended (and
    /// never before its dossier goes). Default 24 months.
    pub leefplan_maanden: u32,
    /// The note of a desk referral's follow-up, counted from its date. Default 3 months.
    pub opvolging_maanden: u32,
}

impl Default for Bewaartermijnen {
    fn default() -> Self {
        Bewaartermijnen {
            contact_maanden: 3,
            dossier_maanden: 24,
            afspraakbestanden_maanden: 3,
            inzagebestanden_maanden: 1,
            auditlog_maanden: 60,
            leefplan_maanden: 24,
            opvolging_maanden: 3,
        }
    }
}

/// `now` minus `maanden` months (the cut-off: older goes).
pub fn grens(now: NaiveDateTime, maanden: u32) -> NaiveDateTime {
    now.checked_sub_months(Months::new(maanden)).unwrap_or(NaiveDateTime::MIN)
}

/// Has this contact still any personal data?
pub fn contact_heeft_persoonsgegevens(c: &Contact) -> bool {
    c.client != ClientGegevens::default()
        || !c.vraag.is_empty()
        || !c.ruwe_invoer.is_empty()
        || c.signaalvragen.iter().any(|v| !v.gevonden.is_empty())
        || c.hulp_voor_leeftijd.is_some()
        || c.besluit.as_ref().is_some_and(|b| !b.reden_afwijking.is_empty())
        || matches!(&c.afhandeling, Some(Afhandeling::GeenPassendAanbod { wat, .. }) if !wat.is_empty())
}

/// Empty every field of `c` that can name a person; what the report counts stays. The contact
/// is marked erased, so no desk writes an older copy back.
pub fn anonimiseer_contact(c: &mut Contact) {
    c.gewist = true;
    c.client = ClientGegevens::default();
    c.vraag.clear();
    c.ruwe_invoer.clear();
    // the words heard go (they are the question's); category, answer and date stay for the report
    for v in &mut c.signaalvragen {
        v.gevonden.clear();
    }
    c.hulp_voor_leeftijd = None;
    if let Some(b) = &mut c.besluit {
        b.reden_afwijking.clear();
    }
    if let Some(Afhandeling::GeenPassendAanbod { wat, .. }) = &mut c.afhandeling {
        wat.clear();
    }
}

pub fn dossier_heeft_persoonsgegevens(k: &Case) -> bool {
    k.client.is_some()
        || !k.samenvatting.is_empty()
        || k.notities.iter().any(|n| !n.tekst.is_empty())
        || k.signalen.iter().any(|s| !s.tekst.is_empty())
}

/// Empty every field of `k` that can name a person (the steps, dates and route stay).
pub fn anonimiseer_dossier(k: &mut Case) {
    k.gewist = true;
    k.client = None;
    k.samenvatting.clear();
    for n in &mut k.notities {
        n.tekst.clear();
    }
    for s in &mut k.signalen {
        s.tekst.clear();
    }
}

/// The last activity on a dossier: its newest note, appointment or creation.
pub fn laatste_activiteit(k: &Case) -> NaiveDateTime {
    let mut t = k.aangemaakt;
    for n in &k.notities {
        t = t.max(n.op);
    }
    if let Some(a) = &k.afspraak {
        t = t.max(a.eind);
    }
    t
}

/// What a retention run anonymises: the ids of contacts and dossiers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub contacten: Vec<u64>,
    pub dossiers: Vec<u64>,
}

/// Which contacts and dossiers are past their period at `now` (and still hold personal data).
/// A contact with a dossier follows its dossier: it goes when the dossier goes, never before.
pub fn plan(contacts: &[Contact], cases: &[Case], now: NaiveDateTime, t: &Bewaartermijnen) -> Plan {
    let contact_grens = grens(now, t.contact_maanden);
    let dossier_grens = grens(now, t.dossier_maanden);
    let mut p = Plan::default();
    let mut met_dossier = std::collections::HashSet::new();
    for k in cases {
        met_dossier.insert(k.contact_id);
        if !k.is_open() && laatste_activiteit(k) < dossier_grens && dossier_heeft_persoonsgegevens(k) {
            p.dossiers.push(k.id);
        }
    }
    for c in contacts {
        if !contact_heeft_persoonsgegevens(c) {
            continue;
        }
        let due = if met_dossier.contains(&c.id) {
            // every dossier of this contact closed and past its period (or already anonymised)
            cases
                .iter()
                .filter(|k| k.contact_id == c.id)
                .all(|k| !k.is_open() && (laatste_activiteit(k) < dossier_grens || !dossier_heeft_persoonsgegevens(k)))
        } else {
            c.einde.unwrap_or(c.bijgewerkt.max(c.start)) < contact_grens
        };
        if due {
            p.contacten.push(c.id);
        }
    }
    p
}

/// Has this plan still any personal data?
pub fn plan_heeft_persoonsgegevens(p: &LeefPlan) -> bool {
    p.goedkeuring.is_some()
        || p.geboortejaar.is_some()
        || p.historie.iter().any(|w| !w.waarom.is_empty() || !w.wat.is_empty())
        || p.onderdelen.iter().any(|o| {
            !o.resultaat.is_empty()
                || !o.opvolging.notitie.is_empty()
                || o.evaluatie.as_ref().is_some_and(|e| !e.notitie.is_empty())
                || o.signalen.iter().any(|s| !s.tekst.is_empty())
                || matches!(&o.opvolging.vervolg, Some(Vervolgstap::OnvervuldeBehoefte { wat }) if !wat.is_empty())
        })
}

/// Empty every field of a plan that can name the resident or tell their story; what the report
/// counts (laws, forms, dates, outcomes, results) stays.
pub fn anonimiseer_plan(p: &mut LeefPlan) {
    p.gewist = true;
    p.goedkeuring = None;
    p.geboortejaar = None;
    for w in &mut p.historie {
        w.waarom.clear();
        w.wat.clear();
    }
    for o in &mut p.onderdelen {
        o.resultaat.clear();
        o.opvolging.notitie.clear();
        if let Some(Vervolgstap::OnvervuldeBehoefte { wat }) = &mut o.opvolging.vervolg {
            wat.clear();
        }
        if let Some(e) = &mut o.evaluatie {
            e.notitie.clear();
        }
        for s in &mut o.signalen {
            s.tekst.clear();
        }
    }
}

/// Empty the free text of a desk referral's follow-up (the outcome stays for the report).
pub fn anonimiseer_opvolging(v: &mut Verwijzingsopvolging) {
    v.gewist = true;
    v.opvolging.notitie.clear();
    if let Some(Vervolgstap::OnvervuldeBehoefte { wat }) = &mut v.opvolging.vervolg {
        wat.clear();
    }
}

/// The last change of a plan.
pub fn plan_laatste_activiteit(p: &LeefPlan) -> NaiveDateTime {
    p.historie.iter().map(|w| w.op).max().unwrap_or(p.aangemaakt).max(p.aangemaakt)
}

/// Which plans (by dossier id) and desk follow-ups (by contact id) are past their period at
/// `now` and still hold personal data. A plan goes when every arrangement has ended, its last
/// change is past `leefplan_maanden`, and its dossier is closed (or gone); it goes with its
/// dossier in any case (`dossiers_weg`: the dossiers anonymised in the same run).
pub fn plannen_voorbij(
    plannen: &[LeefPlan],
    opvolgingen: &[Verwijzingsopvolging],
    cases: &[Case],
    dossiers_weg: &[u64],
    now: NaiveDateTime,
    t: &Bewaartermijnen,
) -> (Vec<u64>, Vec<u64>) {
    let pg = grens(now, t.leefplan_maanden);
    let og = grens(now, t.opvolging_maanden);
    let mut p_weg = Vec::new();
    for p in plannen.iter().filter(|p| plan_heeft_persoonsgegevens(p)) {
        let dossier = cases.iter().find(|k| k.id == p.dossier_id);
        let dossier_dicht = dossier.is_none_or(|k| !k.is_open());
        let alles_gestopt = p
            .onderdelen
            .iter()
            .all(|o| o.beeindigd || o.eind.is_some_and(|e| e.and_hms_opt(0, 0, 0).unwrap_or_default() < pg));
        if dossiers_weg.contains(&p.dossier_id) || (dossier_dicht && alles_gestopt && plan_laatste_activiteit(p) < pg) {
            p_weg.push(p.dossier_id);
        }
    }
    let o_weg = opvolgingen
        .iter()
        .filter(|v| {
            let tekst = !v.opvolging.notitie.is_empty()
                || matches!(&v.opvolging.vervolg, Some(Vervolgstap::OnvervuldeBehoefte { wat }) if !wat.is_empty());
            tekst && v.opvolging.datum.and_hms_opt(0, 0, 0).unwrap_or_default() < og
        })
        .map(|v| v.contact_id)
        .collect();
    (p_weg, o_weg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Route, Stap};
    use crate::contact::{Kanaal, Status};

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(10, 0, 0).unwrap()
    }

    #[test]
    fn a_contact_goes_after_its_period_and_one_with_an_open_case_stays() {
        let now = at(2026, 12, 1);
        let mut old = Contact::new(1, Kanaal::Telefoon, at(2026, 8, 1));
        old.client.naam = "Piet".into();
        old.einde = Some(at(2026, 8, 1));
        old.status = Status::Afgesloten;
        let mut recent = old.clone();
        recent.id = 2;
        recent.start = at(2026, 11, 1);
        recent.einde = Some(at(2026, 11, 1));
        let mut handed = old.clone();
        handed.id = 3;
        let open = Case::new(9, 3, "x", Route::Clientondersteuning, "s", true, at(2020, 1, 1));
        let p = plan(&[old.clone(), recent, handed], std::slice::from_ref(&open), now, &Bewaartermijnen::default());
        assert_eq!(p.contacten, vec![1]);
        assert!(p.dossiers.is_empty());
        let mut closed = open;
        closed.stap = Stap::Afgesloten;
        let p = plan(&[old], &[closed.clone()], now, &Bewaartermijnen::default());
        assert_eq!(p.dossiers, vec![9], "closed in 2020, past 24 months");
        anonimiseer_dossier(&mut closed);
        assert!(!dossier_heeft_persoonsgegevens(&closed));
    }
}

//! `loket opschonen`: the retention periods (see [`crate::domain::bewaren`]), also run once a
//! day at start on the embedded store (on a shared database only as a scheduled job). Contacts and dossiers past their period are anonymised (the counts the report
//! needs stay), old appointment and inzage files (and any confirmation letter a crashed desk
//! left) are removed, the audit log is pruned to its own
//! period (with a checkpoint), and the store is compacted so the old values are gone from disk.
//! It prints counts only.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::domain::bewaren::{self, Bewaartermijnen};
use crate::store::audit::{Gebeurtenis, Handeling, Onderwerp};
use crate::store::Store;

/// What one run removed, as counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opgeschoond {
    pub contacten: usize,
    pub dossiers: usize,
    pub afspraakbestanden: usize,
    pub inzagebestanden: usize,
    /// Recovery files (`herstel/`): unsaved text of a desk that ended.
    pub herstelbestanden: usize,
    pub auditregels: usize,
    /// Residents' plans and desk follow-ups whose free text was removed.
    pub leefplannen: usize,
    pub opvolgingen: usize,
    /// Printed monthly overviews left behind (`overzichten/`).
    pub overzichtbestanden: usize,
}

impl Opgeschoond {
    /// Nothing was removed.
    pub fn is_leeg(&self) -> bool {
        self.contacten == 0
            && self.dossiers == 0
            && self.afspraakbestanden == 0
            && self.inzagebestanden == 0
            && self.herstelbestanden == 0
            && self.auditregels == 0
            && self.leefplannen == 0
            && self.opvolgingen == 0
            && self.overzichtbestanden == 0
    }
}

impl std::fmt::Display for Opgeschoond {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "persoonsgegevens verwijderd uit {} contacten en {} dossiers; {} afspraakbestanden, {} inzagebestanden en {} herstelbestanden verwijderd; {} auditregels opgeschoond",
            self.contacten, self.dossiers, self.afspraakbestanden, self.inzagebestanden, self.herstelbestanden, self.auditregels
        )?;
        if self.leefplannen + self.opvolgingen + self.overzichtbestanden > 0 {
            write!(
                f,
                "; {} leefplannen en {} opvolgingen geanonimiseerd, {} overzichtbestanden verwijderd",
                self.leefplannen, self.opvolgingen, self.overzichtbestanden
            )?;
        }
        Ok(())
    }
}

/// The file in the data directory that remembers the day of the last run.
pub const LAATST: &str = "opgeschoond-op";

/// Remove the files in `dir` whose extension is in `ext` and that were written before `grens`.
fn oude_bestanden(dir: &Path, ext: &[&str], grens: NaiveDateTime) -> std::io::Result<usize> {
    let mut n = 0;
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    for e in entries {
        let e = e?;
        let p = e.path();
        if !p.extension().and_then(|x| x.to_str()).is_some_and(|x| ext.contains(&x)) {
            continue;
        }
        let t: chrono::DateTime<chrono::Local> = e.metadata()?.modified()?.into();
        if t.naive_local() < grens {
            std::fs::remove_file(&p)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Run every retention period at `now`.
pub fn run(
    store: &dyn Store,
    dir: &Path,
    t: &Bewaartermijnen,
    now: NaiveDateTime,
    wie: &str,
) -> anyhow::Result<Opgeschoond> {
    if store.aanmelden_door_database() {
        // the desks' login reads only what a role may see: a run there would find nothing to
        // remove and say so, while everything past its term stays
        anyhow::bail!(
            "loket opschonen draait niet op de desk-inlog (loket_desk): daar leest geen enkele rol alle \
             contacten en dossiers, dus zou het niets vinden. Draai het op de eigenaarsverbinding, als \
             geplande taak op de beheer-pc (installatiehandleiding, hoofdstuk 10)."
        );
    }
    let contacts = store.contacts()?.value;
    let cases = store.cases()?.value;
    let plan = bewaren::plan(&contacts, &cases, now, t);
    let mut out = Opgeschoond { contacten: plan.contacten.len(), dossiers: plan.dossiers.len(), ..Default::default() };
    let reden = "bewaartermijn verstreken";
    let mut log = Vec::new();
    let mut cs = Vec::new();
    for c in contacts.into_iter().filter(|c| plan.contacten.contains(&c.id)) {
        let mut c = c;
        bewaren::anonimiseer_contact(&mut c);
        log.push(Gebeurtenis::new(now, wie, Handeling::Gewist, Onderwerp::Contact(c.id)).met_reden(reden));
        cs.push(c);
    }
    let mut ks = Vec::new();
    for k in cases.into_iter().filter(|k| plan.dossiers.contains(&k.id)) {
        let mut k = k;
        bewaren::anonimiseer_dossier(&mut k);
        log.push(Gebeurtenis::new(now, wie, Handeling::Gewist, Onderwerp::Dossier(k.id)).met_reden(reden));
        ks.push(k);
    }
    let plannen = store.plannen()?.value;
    let opvolgingen = store.opvolgingen()?.value;
    let (p_weg, o_weg) =
        bewaren::plannen_voorbij(&plannen, &opvolgingen, &store.cases()?.value, &plan.dossiers, now, t);
    let mut ps = Vec::new();
    for mut p in plannen.into_iter().filter(|p| p_weg.contains(&p.dossier_id)) {
        bewaren::anonimiseer_plan(&mut p);
        if !plan.dossiers.contains(&p.dossier_id) {
            log.push(Gebeurtenis::new(now, wie, Handeling::Gewist, Onderwerp::Dossier(p.dossier_id)).met_reden(reden));
        }
        ps.push(p);
    }
    let mut os = Vec::new();
    for mut v in opvolgingen.into_iter().filter(|v| o_weg.contains(&v.contact_id)) {
        bewaren::anonimiseer_opvolging(&mut v);
        if !plan.contacten.contains(&v.contact_id) {
            log.push(Gebeurtenis::new(now, wie, Handeling::Gewist, Onderwerp::Contact(v.contact_id)).met_reden(reden));
        }
        os.push(v);
    }
    (out.leefplannen, out.opvolgingen) = (ps.len(), os.len());
    if !log.is_empty() {
        store.overschrijf_met_plannen(&cs, &ks, &ps, &os, &log)?;
    }
    out.overzichtbestanden = crate::overzicht::ruim_op(dir, now)?;
    out.afspraakbestanden =
        oude_bestanden(&dir.join("afspraken"), &["txt", "ics"], bewaren::grens(now, t.afspraakbestanden_maanden))?;
    // a confirmation letter lives a minute while the browser reads it; one older than that was
    // left behind (a desk that crashed) and goes now, whatever the terms
    out.afspraakbestanden += crate::app::brief::opruimen(dir, Some(crate::app::brief::OUD_NA));
    out.inzagebestanden =
        oude_bestanden(&dir.join("inzage"), &["txt"], bewaren::grens(now, t.inzagebestanden_maanden))?;
    out.herstelbestanden =
        oude_bestanden(&dir.join("herstel"), &["json"], bewaren::grens(now, t.inzagebestanden_maanden))?;
    let controlepunt =
        Gebeurtenis::new(now, wie, Handeling::Controlepunt { tot_nr: 0, hash: [0; 32] }, Onderwerp::Geen)
            .met_reden("bewaartermijn auditlogboek");
    out.auditregels = store.audit_prune(bewaren::grens(now, t.auditlog_maanden), &controlepunt)?;
    if !log.is_empty() || out.auditregels > 0 {
        store.compacteer()?;
    }
    Ok(out)
}

/// Run once a day (at start): `None` when it already ran today on this desk. Never on a shared
/// database: there retention is a scheduled job of its own (`loket opschonen`, run by
/// the beheerder or by cron), so no desk's start holds up the others.
pub fn dagelijks(
    store: &dyn Store,
    dir: &Path,
    t: &Bewaartermijnen,
    now: NaiveDateTime,
    wie: &str,
) -> anyhow::Result<Option<Opgeschoond>> {
    if store.is_shared() {
        return Ok(None);
    }
    let today = now.date().to_string();
    let file = dir.join(LAATST);
    if std::fs::read_to_string(&file).is_ok_and(|s| s.trim() == today) {
        return Ok(None);
    }
    let out = run(store, dir, t, now, wie)?;
    std::fs::create_dir_all(dir)?;
    crate::app::run::write_private(&file, format!("{today}\n").as_bytes())?;
    Ok(Some(out))
}

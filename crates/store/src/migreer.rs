//! `loket migreer`: copy everything from one store into another, empty one, in one transaction
//! (so a loket can start on one desk and grow to a shared database, or go back).
//!
//! Everything a [`Store`] holds is copied: the map, its upkeep and history, the
//! supporters, contacts, dossiers and appointments, the word lists, the accounts, the
//! audit log (byte for byte, with its numbers and head, so its chain still checks) and the id
//! counters. The migration itself is recorded in the target's audit log, in the same
//! transaction, with counts only.

use chrono::NaiveDateTime;

use super::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use super::{Booking, Result, Store, StoreError};
use loket_domain::account::Account;
use loket_domain::beheer::{Beheer, Wijziging};
use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::Kaart;
use loket_domain::ondersteuning::Clientondersteuner;

/// Everything a store holds.
#[derive(Debug, Clone, Default)]
pub struct Alles {
    pub kaart: Kaart,
    pub ondersteuners: Vec<Clientondersteuner>,
    pub contacts: Vec<Contact>,
    pub cases: Vec<Case>,
    pub bookings: Vec<Booking>,
    /// The highest contact and dossier ids ever given out (at least the largest stored id), so
    /// the target never gives out an id again that the audit log already names.
    pub tellers: IdTellers,
    /// The desk's word lists: (name, text).
    pub woordenlijsten: Vec<(String, String)>,
    /// Accounts (PINs as stored: argon2 hashes).
    pub accounts: Vec<Account>,
    /// The audit log as stored: copied byte for byte, with its head.
    pub audit: audit::Ruw,
    /// Appended to the audit log after the copied entries, in the same transaction.
    pub audit_erbij: Vec<Gebeurtenis>,
    /// The upkeep of the map's entries.
    pub beheer_staten: Vec<Beheer>,
    /// The map's history with its numbers, oldest first.
    pub beheer_historie: Vec<(u64, Wijziging)>,
    /// Residents' plans.
    pub plannen: Vec<loket_domain::leefplan::Plan>,
    /// Follow-ups of desk referrals.
    pub opvolgingen: Vec<loket_domain::opvolging::Verwijzingsopvolging>,
}

/// The id counters of a store: the last contact and dossier id given out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IdTellers {
    pub contact: u64,
    pub dossier: u64,
}

/// What was copied, for the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Telling {
    pub organisaties: usize,
    pub voorzieningen: usize,
    pub regelingen: usize,
    pub ondersteuners: usize,
    pub contacten: usize,
    pub dossiers: usize,
    pub afspraken: usize,
    pub accounts: usize,
    pub auditregels: usize,
    pub kaartbeheer: usize,
    pub kaartwijzigingen: usize,
    pub woordenlijsten: usize,
    pub plannen: usize,
    pub opvolgingen: usize,
    /// Records that could not be read in the source (not copied), one line each.
    pub overgeslagen: Vec<String>,
}

impl Telling {
    /// What `all` holds, counted (nothing skipped yet).
    pub fn van(all: &Alles) -> Telling {
        Telling {
            organisaties: all.kaart.organisaties.len(),
            voorzieningen: all.kaart.voorzieningen.len(),
            regelingen: all.kaart.regelingen.len(),
            ondersteuners: all.ondersteuners.len(),
            contacten: all.contacts.len(),
            dossiers: all.cases.len(),
            afspraken: all.bookings.len(),
            accounts: all.accounts.len(),
            auditregels: all.audit.regels.len(),
            kaartbeheer: all.beheer_staten.len(),
            kaartwijzigingen: all.beheer_historie.len(),
            woordenlijsten: all.woordenlijsten.len(),
            plannen: all.plannen.len(),
            opvolgingen: all.opvolgingen.len(),
            overgeslagen: Vec::new(),
        }
    }
}

impl std::fmt::Display for Telling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} organisaties, {} voorzieningen, {} regelingen, {} cliëntondersteuners, {} contacten, {} dossiers, {} afspraken, {} accounts, {} auditregels, {} kaartbeheer, {} kaartwijzigingen, {} woordenlijsten, {} leefplannen, {} opvolgingen",
            self.organisaties,
            self.voorzieningen,
            self.regelingen,
            self.ondersteuners,
            self.contacten,
            self.dossiers,
            self.afspraken,
            self.accounts,
            self.auditregels,
            self.kaartbeheer,
            self.kaartwijzigingen,
            self.woordenlijsten,
            self.plannen,
            self.opvolgingen
        )
    }
}

/// Read everything from `from` (unreadable records are listed, not copied).
pub fn read_all(from: &dyn Store) -> Result<(Alles, Vec<String>)> {
    let kaart = from.kaart_load(&mut |_| {})?;
    let onds = from.ondersteuners()?;
    let contacts = from.contacts()?;
    let cases = from.cases()?;
    let bookings = from.bookings()?;
    let staten = from.beheer_staten()?;
    let historie = from.beheer_historie_genummerd()?;
    let plannen = from.plannen()?;
    let opvolgingen = from.opvolgingen()?;
    let skipped = [
        kaart.skipped,
        onds.skipped,
        contacts.skipped,
        cases.skipped,
        bookings.skipped,
        staten.skipped,
        historie.skipped,
        plannen.skipped,
        opvolgingen.skipped,
    ]
    .concat();
    let mut tellers = from.id_tellers()?;
    tellers.contact = tellers.contact.max(contacts.value.iter().map(|c| c.id).max().unwrap_or(0));
    tellers.dossier = tellers.dossier.max(cases.value.iter().map(|c| c.id).max().unwrap_or(0));
    Ok((
        Alles {
            kaart: kaart.value,
            ondersteuners: onds.value,
            contacts: contacts.value,
            cases: cases.value,
            bookings: bookings.value,
            tellers,
            woordenlijsten: from.woordenlijsten()?,
            accounts: from.accounts()?,
            audit: from.audit_raw()?,
            audit_erbij: Vec::new(),
            beheer_staten: staten.value,
            beheer_historie: historie.value,
            plannen: plannen.value,
            opvolgingen: opvolgingen.value,
        },
        skipped,
    ))
}

/// Copy `from` into `to`; refuses when `to` already holds loket data, or when the source's audit
/// log does not check (a broken chain is looked into first, not carried along unnoticed). `wie`
/// and `nu` go into the entry that records the migration in the target's audit log.
pub fn copy(from: &dyn Store, to: &dyn Store, wie: &str, nu: NaiveDateTime) -> Result<Telling> {
    if !to.is_empty()? {
        return Err(StoreError::Refused(format!(
            "{} bevat al gegevens van loket; migreren gebeurt alleen naar een lege opslag",
            to.describe()
        )));
    }
    let (mut all, skipped) = read_all(from)?;
    if let Err(breuk) = audit::controleer(&all.audit) {
        return Err(StoreError::Refused(format!(
            "het auditlogboek van {} klopt niet ({breuk}); er is niets gemigreerd. Controleer het eerst met loket audit --controleer",
            from.describe()
        )));
    }
    // a booking whose case could not be read would block its supporter forever: leave it out
    let ids: std::collections::HashSet<u64> = all.cases.iter().map(|c| c.id).collect();
    all.bookings.retain(|b| ids.contains(&b.case_id));
    let mut t = Telling::van(&all);
    // counts only: no names, no content
    all.audit_erbij = vec![Gebeurtenis::new(nu, wie, Handeling::Aangemaakt, Onderwerp::Geen)
        .met_reden(&format!("gemigreerd van {}: {t}", soort(from)))];
    to.import_all(&all)?;
    t.overgeslagen = skipped;
    Ok(t)
}

/// The kind of store, for the audit entry (no path, server or user name).
fn soort(s: &dyn Store) -> &'static str {
    if s.is_shared() {
        "de gedeelde database"
    } else {
        "de ingebouwde opslag"
    }
}

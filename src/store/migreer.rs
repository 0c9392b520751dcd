//! `loket migreer`: copy everything from one store into another, empty one, in one transaction
//! (so a loket can start on one desk and grow to a shared database, or go back).

use super::{Booking, Result, Store, StoreError};
use crate::domain::case::Case;
use crate::domain::contact::Contact;
use crate::domain::kaart::Kaart;
use crate::domain::ondersteuning::Clientondersteuner;

/// Everything a store holds.
#[derive(Debug, Clone, Default)]
pub struct Alles {
    pub kaart: Kaart,
    pub ondersteuners: Vec<Clientondersteuner>,
    pub contacts: Vec<Contact>,
    pub cases: Vec<Case>,
    pub bookings: Vec<Booking>,
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
    /// Records that could not be read in the source (not copied), one line each.
    pub overgeslagen: Vec<String>,
}

impl std::fmt::Display for Telling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} organisaties, {} voorzieningen, {} regelingen, {} cliëntondersteuners, {} contacten, {} dossiers, {} afspraken",
            self.organisaties,
            self.voorzieningen,
            self.regelingen,
            self.ondersteuners,
            self.contacten,
            self.dossiers,
            self.afspraken
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
    let skipped = [kaart.skipped, onds.skipped, contacts.skipped, cases.skipped, bookings.skipped].concat();
    Ok((
        Alles {
            kaart: kaart.value,
            ondersteuners: onds.value,
            contacts: contacts.value,
            cases: cases.value,
            bookings: bookings.value,
        },
        skipped,
    ))
}

/// Copy `from` into `to`; refuses when `to` already holds loket data.
pub fn copy(from: &dyn Store, to: &dyn Store) -> Result<Telling> {
    if !to.is_empty()? {
        return Err(StoreError::Refused(format!(
            "{} bevat al gegevens van loket; migreren gebeurt alleen naar een lege opslag",
            to.describe()
        )));
    }
    let (all, skipped) = read_all(from)?;
    // a booking whose case could not be read would block its supporter forever: leave it out
    let mut all = all;
    let ids: std::collections::HashSet<u64> = all.cases.iter().map(|c| c.id).collect();
    all.bookings.retain(|b| ids.contains(&b.case_id));
    to.import_all(&all)?;
    Ok(Telling {
        organisaties: all.kaart.organisaties.len(),
        voorzieningen: all.kaart.voorzieningen.len(),
        regelingen: all.kaart.regelingen.len(),
        ondersteuners: all.ondersteuners.len(),
        contacten: all.contacts.len(),
        dossiers: all.cases.len(),
        afspraken: all.bookings.len(),
        overgeslagen: skipped,
    })
}

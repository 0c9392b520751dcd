//! The shared database is down at start, but this desk has a local search snapshot of its map:
//! loket can open read-only, for searching the sociale kaart only (names and places from the
//! snapshot). Every write is refused with a Dutch message; nothing is ever shown as saved.

use super::migreer::Alles;
use super::{BookResult, Booking, Loaded, Result, Store, StoreError};
use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::Kaart;
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::slots::Slot;

pub struct Offline {
    /// What is down, for messages ("PostgreSQL-database loket op …").
    pub what: String,
    /// The map version of the local snapshot (so it counts as current).
    pub versie: u64,
}

impl Offline {
    fn refused<T>(&self) -> Result<T> {
        Err(StoreError::Refused(format!(
            "alleen-lezen: {} is niet bereikbaar; alleen zoeken in de sociale kaart kan nu. Start loket opnieuw als de database er weer is",
            self.what
        )))
    }
}

impl Store for Offline {
    fn describe(&self) -> String {
        format!("alleen-lezen (niet bereikbaar: {})", self.what)
    }
    fn kaart_load(&self, _: &mut dyn FnMut(usize)) -> Result<Loaded<Kaart>> {
        self.refused()
    }
    fn kaart_records(&self, _: &[String]) -> Result<Loaded<Kaart>> {
        self.refused()
    }
    fn kaart_count(&self) -> Result<usize> {
        self.refused()
    }
    fn kaart_write(&self, _: &Kaart) -> Result<()> {
        self.refused()
    }
    fn kaart_seed_once(&self, _: &Kaart) -> Result<bool> {
        self.refused()
    }
    fn kaart_versie(&self) -> Result<u64> {
        Ok(self.versie)
    }
    fn ondersteuners(&self) -> Result<Loaded<Vec<Clientondersteuner>>> {
        Ok(Loaded::default())
    }
    fn save_ondersteuners(&self, _: &[Clientondersteuner]) -> Result<()> {
        self.refused()
    }
    fn new_contact_id(&self) -> Result<u64> {
        self.refused()
    }
    fn save_contact_gelogd(&self, _: &Contact, _: &[super::audit::Gebeurtenis]) -> Result<u64> {
        self.refused()
    }
    fn delete_contact_gelogd(&self, _: u64, _: &[super::audit::Gebeurtenis]) -> Result<()> {
        self.refused()
    }
    fn contact(&self, _: u64) -> Result<Option<Contact>> {
        Ok(None)
    }
    fn contacts(&self) -> Result<Loaded<Vec<Contact>>> {
        Ok(Loaded::default())
    }
    fn handoff_gelogd(
        &self,
        _: &Contact,
        _: &Case,
        _: &Slot,
        _: &dyn Fn(u64) -> Vec<super::audit::Gebeurtenis>,
    ) -> Result<BookResult> {
        self.refused()
    }
    fn save_case_gelogd(&self, _: &Case, _: &[super::audit::Gebeurtenis]) -> Result<u64> {
        self.refused()
    }
    fn rebook_gelogd(&self, _: &Case, _: Option<&Slot>, _: &[super::audit::Gebeurtenis]) -> Result<BookResult> {
        self.refused()
    }
    fn case(&self, _: u64) -> Result<Option<Case>> {
        Ok(None)
    }
    fn cases(&self) -> Result<Loaded<Vec<Case>>> {
        Ok(Loaded::default())
    }
    fn bookings(&self) -> Result<Loaded<Vec<Booking>>> {
        Ok(Loaded::default())
    }
    fn woordenlijst(&self, _: &str) -> Result<Option<String>> {
        Ok(None)
    }
    fn zet_woordenlijst(&self, _: &str, _: &str) -> Result<()> {
        self.refused()
    }
    fn zet_woordenlijst_als(&self, _: &str, _: &str, _: &str, _: &str) -> Result<()> {
        self.refused()
    }
    fn is_empty(&self) -> Result<bool> {
        Ok(false)
    }
    fn import_all(&self, _: &Alles) -> Result<()> {
        self.refused()
    }
    fn zet_beschikbaarheid(
        &self,
        _: &Clientondersteuner,
        _: &Clientondersteuner,
        _: chrono::NaiveDateTime,
        _: &[u64],
        _: &str,
    ) -> Result<loket_domain::beschikbaarheid::Uitkomst> {
        self.refused()
    }

    // --- account ---
    fn accounts(&self) -> Result<Vec<loket_domain::account::Account>> {
        self.refused()
    }
    fn account(&self, _: &str) -> Result<Option<loket_domain::account::Account>> {
        self.refused()
    }
    fn account_toevoegen(&self, _: &loket_domain::account::Account) -> Result<()> {
        self.refused()
    }
    fn account_blokkeren(&self, _: &str, _: bool) -> Result<loket_domain::account::Account> {
        self.refused()
    }
    fn account_pin_zetten(&self, _: &str, _: &str) -> Result<()> {
        self.refused()
    }
    fn aanmelden_mislukt(&self, _: &str, _: &[super::audit::Gebeurtenis]) -> Result<u32> {
        self.refused()
    }
    fn aanmeldfouten(&self, _: &str) -> Result<u32> {
        self.refused()
    }
    fn aanmeldfouten_wissen(&self, _: &str, _: &[super::audit::Gebeurtenis]) -> Result<()> {
        self.refused()
    }
    fn audit_append(&self, _: &[super::audit::Gebeurtenis]) -> Result<()> {
        self.refused()
    }
    fn audit_raw(&self) -> Result<super::audit::Ruw> {
        self.refused()
    }
    fn audit_prune(&self, _: chrono::NaiveDateTime, _: &super::audit::Gebeurtenis) -> Result<usize> {
        self.refused()
    }
    fn overschrijf_met_plannen(
        &self,
        _: &[Contact],
        _: &[Case],
        _: &[loket_domain::leefplan::Plan],
        _: &[loket_domain::opvolging::Verwijzingsopvolging],
        _: &[super::audit::Gebeurtenis],
    ) -> Result<()> {
        self.refused()
    }
    fn plan(&self, _: u64) -> Result<Option<loket_domain::leefplan::Plan>> {
        Ok(None)
    }
    fn plannen(&self) -> Result<Loaded<Vec<loket_domain::leefplan::Plan>>> {
        Ok(Loaded::default())
    }
    fn save_plan_gelogd(&self, _: &loket_domain::leefplan::Plan, _: &[super::audit::Gebeurtenis]) -> Result<u64> {
        self.refused()
    }
    fn opvolgingen(&self) -> Result<Loaded<Vec<loket_domain::opvolging::Verwijzingsopvolging>>> {
        Ok(Loaded::default())
    }
    fn save_opvolging_gelogd(
        &self,
        _: &loket_domain::opvolging::Verwijzingsopvolging,
        _: &[super::audit::Gebeurtenis],
    ) -> Result<u64> {
        self.refused()
    }
    fn compacteer(&self) -> Result<()> {
        self.refused()
    }

    // --- beheer ---
    fn beheer_staten(&self) -> Result<Loaded<Vec<loket_domain::beheer::Beheer>>> {
        Ok(Loaded::default())
    }
    fn beheer_historie(&self, _: Option<&str>) -> Result<Loaded<Vec<loket_domain::beheer::Wijziging>>> {
        Ok(Loaded::default())
    }
    fn beheer_meld(&self, _: &str, _: &loket_domain::beheer::Melding) -> Result<loket_domain::beheer::Beheer> {
        self.refused()
    }
    fn beheer_schrijf(&self, _: &loket_domain::beheer::BeheerSchrijf) -> Result<()> {
        self.refused()
    }

    // --- migreer ---
    fn id_tellers(&self) -> Result<super::migreer::IdTellers> {
        self.refused()
    }
    fn woordenlijsten(&self) -> Result<Vec<(String, String)>> {
        self.refused()
    }
    fn beheer_historie_genummerd(&self) -> Result<Loaded<Vec<(u64, loket_domain::beheer::Wijziging)>>> {
        self.refused()
    }
}

//! The write path, written once: each change a desk makes (a handoff, a rebooking, saving a
//! contact or a dossier, a supporter's availability, a word list, a plan, a follow-up, erasure)
//! is one function here, over the few primitives of [`Tx`] that both backends give inside one
//! transaction. The [`Store`](super::Store) methods of the backends are the entry points; their
//! bodies call these functions, so the TUI and the CLI keep calling the same methods.
//!
//! The rules of what may change stay in the domain (`loket_domain`: `geraakt`,
//! `markeer_verzetten`, ...); a use case reads, asks the domain, writes, appends its audit
//! entries and tells the other desks, in that order, all through one [`Tx`]. What differs per
//! backend (PostgreSQL's row and booking locks, the embedded store's id counters and encoded
//! records) is inside a primitive, never an `if` here.

use chrono::NaiveDateTime;

use super::audit::Gebeurtenis;
use super::{kill_point, BookResult, Change, Result, StoreError};
use loket_domain::beheer::{Beheer, BeheerSchrijf, Melding, Wijziging};
use loket_domain::beschikbaarheid::Uitkomst;
use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::Kaart;
use loket_domain::leefplan::Plan;
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::opvolging::Verwijzingsopvolging;
use loket_domain::slots::Slot;

/// A record that carries a revision: the unit of a conditional write.
#[derive(Clone, Copy)]
pub enum Rec<'a> {
    Contact(&'a Contact),
    Dossier(&'a Case),
    Plan(&'a Plan),
    Opvolging(&'a Verwijzingsopvolging),
}

impl Rec<'_> {
    /// The revision the record was read at (0: new).
    pub fn rev(&self) -> u64 {
        match self {
            Rec::Contact(c) => c.rev,
            Rec::Dossier(c) => c.rev,
            Rec::Plan(p) => p.rev,
            Rec::Opvolging(v) => v.rev,
        }
    }

    /// How a refusal names it (Dutch, for the worker).
    pub fn wat(&self) -> String {
        match self {
            Rec::Contact(c) => format!("Contact {}", c.id),
            Rec::Dossier(c) => format!("Dossier {}", c.id),
            Rec::Plan(p) => format!("Leefplan van dossier {}", p.dossier_id),
            Rec::Opvolging(v) => format!("Opvolging van contact {}", v.contact_id),
        }
    }
}

/// The refusal of a conditional write, from what is stored: `opgeslagen` is the stored revision
/// (None: nothing stored) and `door` tells who wrote it (read only for a refusal). The one rule for both backends: a record read
/// at a revision that is gone is [`StoreError::NotFound`]; any other mismatch is a
/// [`StoreError::Conflict`] naming who wrote the stored one.
pub fn weigering(r: Rec<'_>, opgeslagen: Option<u64>, door: impl FnOnce() -> String) -> Option<StoreError> {
    match opgeslagen {
        None if r.rev() > 0 => Some(StoreError::NotFound(r.wat())),
        None => None,
        Some(rev) if rev == r.rev() => None,
        Some(_) => Some(StoreError::Conflict { what: r.wat(), door: door() }),
    }
}

/// The id sequences of the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reeks {
    Contact,
    Dossier,
}

/// The primitives of one transaction. Every method works inside the transaction it was given
/// in; an error makes the whole transaction undone (the use case returns it).
pub trait Tx {
    /// Write `r` when the stored revision is still `r.rev()` (0: nothing stored); the new
    /// revision. Refused as [`weigering`] says.
    fn schrijf_als(&mut self, r: Rec<'_>) -> Result<u64>;
    /// Write `r` whatever its stored revision (erasure, rectification, retention); the stored
    /// revision goes up by one (1 when none was stored).
    fn overschrijf(&mut self, r: Rec<'_>) -> Result<()>;
    /// Remove contact `id` (nothing when there is none).
    fn contact_verwijderen(&mut self, id: u64) -> Result<()>;
    /// Dossier `id` with its revision, locked for the rest of the transaction (PostgreSQL:
    /// `FOR UPDATE`).
    fn dossier_lezen(&mut self, id: u64) -> Result<Option<Case>>;
    /// A new id from sequence `reeks`.
    fn nieuw_id(&mut self, reeks: Reeks) -> Result<u64>;
    /// Record `id` of `reeks` was written with an id the store did not give out now (migrated,
    /// imported): the sequence must never give it out again. (The embedded store moves its
    /// counter past it; PostgreSQL's sequences are set when the data is imported.)
    fn id_gezien(&mut self, reeks: Reeks, id: u64) -> Result<()>;
    /// Move the appointment of dossier `dossier` from `had` (where the stored dossier says it
    /// is) to `naar` (None: cancel). [`StoreError::TijdBezet`] when another appointment of that
    /// supporter overlaps `naar`.
    fn boek(&mut self, dossier: u64, had: Option<&Slot>, naar: Option<&Slot>, door: &str) -> Result<()>;
    /// Supporter `id`, locked together with its bookings for the rest of the transaction (no
    /// appointment of theirs can be made or moved meanwhile).
    fn ondersteuner_lezen(&mut self, id: &str) -> Result<Option<Clientondersteuner>>;
    /// Store supporter `o` (replacing it).
    fn ondersteuner_schrijven(&mut self, o: &Clientondersteuner) -> Result<()>;
    /// The dossiers booked with supporter `id`, with their revisions, locked.
    fn geboekte_dossiers(&mut self, id: &str) -> Result<Vec<Case>>;
    /// The stored word list `naam`, locked.
    fn woordenlijst_lezen(&mut self, naam: &str) -> Result<Option<String>>;
    /// Store word list `naam`; with `nieuw`, only when none is stored (else
    /// [`StoreError::Conflict`]: another desk stored one meanwhile).
    fn woordenlijst_schrijven(&mut self, naam: &str, tekst: &str, nieuw: bool) -> Result<()>;
    /// The stored bytes of map record `sleutel` (`o/<id>`, `v/<id>`, `r/<id>`), locked; only in
    /// a [`Backend::kaarttransactie`].
    fn kaart_record_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>>;
    /// The map's version + 1, stored; the new version. Only in a [`Backend::kaarttransactie`].
    fn kaart_versie_ophogen(&mut self) -> Result<u64>;
    /// Insert or replace these map records (the record count kept), as of map version `versie`.
    fn kaart_schrijven(&mut self, kaart: &Kaart, versie: u64) -> Result<()>;
    /// The stored upkeep of map entry `sleutel` (its bytes, which a history line keeps), locked.
    fn beheer_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>>;
    /// Store the upkeep of a map entry (replacing it).
    fn beheer_schrijven(&mut self, b: &Beheer) -> Result<()>;
    /// Add a line to the map's history.
    fn historie_toevoegen(&mut self, w: &Wijziging) -> Result<()>;
    /// Append `log` to the audit log, in this transaction.
    fn audit(&mut self, log: &[Gebeurtenis]) -> Result<()>;
    /// Tell the other desks of `wat` once the transaction is stored (PostgreSQL: NOTIFY; the
    /// embedded store has no other desks).
    fn meld(&mut self, wat: &Change) -> Result<()>;
}

/// A store that runs the use cases: a transaction over its [`Tx`].
pub trait Backend {
    /// Run `werk` in one transaction: all of it is stored or none of it. Retried on a
    /// serialization failure (PostgreSQL) or a transaction conflict (sled), so `werk` may run
    /// more than once.
    fn transactie(&self, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()>;
    /// [`Backend::transactie`] for a change of the map (records, upkeep, history): the embedded
    /// store lets one writer of the map in at a time and keeps the version file beside it.
    fn kaarttransactie(&self, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        self.transactie(werk)
    }
    /// Before a transaction that overwrites personal data: the embedded store records that its
    /// files must be rewritten (old copies stay in sled's log until then). Nothing elsewhere.
    fn voor_overschrijven(&self) -> Result<()> {
        Ok(())
    }
}

/// [`Backend::kaarttransactie`] with a result.
pub fn in_een_kaart<R>(b: &dyn Backend, mut werk: impl FnMut(&mut dyn Tx) -> Result<R>) -> Result<R> {
    let mut uit = None;
    b.kaarttransactie(&mut |tx| {
        uit = Some(werk(tx)?);
        Ok(())
    })?;
    uit.ok_or_else(|| StoreError::Io("transactie zonder uitkomst".into()))
}

/// [`Backend::transactie`] with a result.
pub fn in_een<R>(b: &dyn Backend, mut werk: impl FnMut(&mut dyn Tx) -> Result<R>) -> Result<R> {
    let mut uit = None;
    b.transactie(&mut |tx| {
        uit = Some(werk(tx)?);
        Ok(())
    })?;
    uit.ok_or_else(|| StoreError::Io("transactie zonder uitkomst".into()))
}

fn geboekt(r: Result<Case>) -> Result<BookResult> {
    match r {
        Ok(c) => Ok(BookResult::Booked(Box::new(c))),
        Err(StoreError::TijdBezet) => Ok(BookResult::Taken),
        Err(e) => Err(e),
    }
}

/// Save a contact at its revision, with its audit entries.
pub fn save_contact(b: &dyn Backend, c: &Contact, log: &[Gebeurtenis]) -> Result<u64> {
    in_een(b, |tx| {
        let rev = tx.schrijf_als(Rec::Contact(c))?;
        tx.id_gezien(Reeks::Contact, c.id)?;
        tx.audit(log)?;
        tx.meld(&Change::Contact(c.id))?;
        Ok(rev)
    })
}

/// Remove a contact (a draft), with its audit entries.
pub fn delete_contact(b: &dyn Backend, id: u64, log: &[Gebeurtenis]) -> Result<()> {
    in_een(b, |tx| {
        tx.contact_verwijderen(id)?;
        tx.audit(log)?;
        tx.meld(&Change::Contact(id))
    })
}

/// The handoff: save the (closed) contact at its revision, create the dossier with a new id,
/// claim its appointment, append the audit entries (`log` is given the new id). Contact first:
/// on PostgreSQL a dossier must name a handed-off contact and a booking an existing dossier.
pub fn handoff(
    b: &dyn Backend,
    contact: &Contact,
    case: &Case,
    slot: &Slot,
    log: &dyn Fn(u64) -> Vec<Gebeurtenis>,
) -> Result<BookResult> {
    geboekt(in_een(b, |tx| {
        tx.schrijf_als(Rec::Contact(contact))?;
        kill_point("handoff:contact");
        let mut saved = case.clone();
        saved.id = tx.nieuw_id(Reeks::Dossier)?;
        // an anonymous case keeps no link to the contact's personal data
        saved.contact_id = if case.anoniem { 0 } else { contact.id };
        saved.ondersteuner_id = slot.ondersteuner_id.clone();
        saved.afspraak = Some(slot.clone());
        saved.rev = 0;
        saved.rev = tx.schrijf_als(Rec::Dossier(&saved))?;
        kill_point("handoff:case");
        // taken: nothing of this handoff stays, the contact and the dossier are undone too
        tx.boek(saved.id, None, Some(slot), &case.aangemaakt_door)?;
        kill_point("handoff:claim");
        tx.audit(&log(saved.id))?;
        tx.meld(&Change::Contact(contact.id))?;
        tx.meld(&Change::Case(saved.id))?;
        Ok(saved)
    }))
}

/// Save a dossier at its revision (not its appointment: see [`rebook`]), with its audit entries.
pub fn save_case(b: &dyn Backend, case: &Case, log: &[Gebeurtenis]) -> Result<u64> {
    in_een(b, |tx| {
        let rev = tx.schrijf_als(Rec::Dossier(case))?;
        tx.id_gezien(Reeks::Dossier, case.id)?;
        tx.audit(log)?;
        tx.meld(&Change::Case(case.id))?;
        Ok(rev)
    })
}

/// Move the appointment of `case` to `slot` or cancel it (None), with the dossier saved at its
/// revision and the audit entries. The appointment's sequence number goes past both the stored
/// one and the worker's.
pub fn rebook(b: &dyn Backend, case: &Case, slot: Option<&Slot>, log: &[Gebeurtenis]) -> Result<BookResult> {
    geboekt(in_een(b, |tx| {
        let what = format!("Dossier {}", case.id);
        let stored = tx.dossier_lezen(case.id)?.ok_or_else(|| StoreError::NotFound(what.clone()))?;
        if stored.rev != case.rev {
            return Err(StoreError::Conflict { what, door: stored.bijgewerkt_door });
        }
        tx.boek(case.id, stored.afspraak.as_ref(), slot, &case.bijgewerkt_door)?;
        let mut saved = case.clone();
        if let Some(s) = slot {
            saved.ondersteuner_id = s.ondersteuner_id.clone();
        }
        saved.afspraak = slot.cloned();
        saved.afspraak_volgnummer = stored.afspraak_volgnummer.max(case.afspraak_volgnummer).saturating_add(1);
        saved.rev = tx.schrijf_als(Rec::Dossier(&saved))?;
        tx.audit(log)?;
        tx.meld(&Change::Case(case.id))?;
        Ok(saved)
    }))
}

/// Replace a supporter's availability (see [`super::Store::zet_beschikbaarheid`]): refused when
/// the stored one is not `basis`; the booked appointments (ending after `nu`) it leaves outside
/// are asked about unless agreed (`akkoord`), and agreed ones get a note and a signal to rebook.
pub fn zet_beschikbaarheid(
    b: &dyn Backend,
    basis: &Clientondersteuner,
    nieuw: &Clientondersteuner,
    nu: NaiveDateTime,
    akkoord: &[u64],
    door: &str,
) -> Result<Uitkomst> {
    use loket_domain::beschikbaarheid::{geraakt, markeer_verzetten};
    loket_domain::ondersteuning::validate(nieuw).map_err(StoreError::Refused)?;
    if basis.id != nieuw.id {
        return Err(StoreError::Refused("een andere cliëntondersteuner dan die bewerkt werd".into()));
    }
    in_een(b, |tx| {
        let Some(stored) = tx.ondersteuner_lezen(&nieuw.id)? else {
            return Err(StoreError::NotFound(format!("cliëntondersteuner {}", nieuw.id)));
        };
        if &stored != basis {
            return Err(StoreError::Conflict {
                what: format!("De beschikbaarheid van {}", nieuw.naam),
                door: String::new(),
            });
        }
        let cases = tx.geboekte_dossiers(&nieuw.id)?;
        let hit = geraakt(nieuw, &cases, nu);
        if hit.iter().any(|g| !akkoord.contains(&g.case_id)) {
            return Ok(Uitkomst::Vraag(hit));
        }
        tx.ondersteuner_schrijven(nieuw)?;
        let mut flagged = Vec::new();
        for g in &hit {
            let Some(mut c) = cases.iter().find(|c| c.id == g.case_id).cloned() else { continue };
            markeer_verzetten(&mut c, nu, door);
            c.rev = tx.schrijf_als(Rec::Dossier(&c))?;
            tx.meld(&Change::Case(c.id))?;
            flagged.push(c);
        }
        tx.meld(&Change::Ondersteuners)?;
        Ok(Uitkomst::Opgeslagen(flagged))
    })
}

/// Store word list `naam` when it is still what the editor read (`verwacht`; `standaard` when
/// none is stored).
pub fn zet_woordenlijst_als(b: &dyn Backend, naam: &str, verwacht: &str, standaard: &str, tekst: &str) -> Result<()> {
    in_een(b, |tx| {
        let nu = tx.woordenlijst_lezen(naam)?;
        if nu.as_deref().unwrap_or(standaard) != verwacht {
            return Err(StoreError::Conflict { what: format!("De woordenlijst {naam}"), door: String::new() });
        }
        tx.woordenlijst_schrijven(naam, tekst, nu.is_none())?;
        tx.meld(&Change::Woordenlijsten)
    })
}

/// Save a resident's plan at its revision (0: a new plan for its dossier), with its audit entries.
pub fn save_plan(b: &dyn Backend, plan: &Plan, log: &[Gebeurtenis]) -> Result<u64> {
    in_een(b, |tx| {
        let rev = tx.schrijf_als(Rec::Plan(plan))?;
        tx.audit(log)?;
        Ok(rev)
    })
}

/// Save a desk referral's follow-up at its revision, with its audit entries.
pub fn save_opvolging(b: &dyn Backend, v: &Verwijzingsopvolging, log: &[Gebeurtenis]) -> Result<u64> {
    in_een(b, |tx| {
        let rev = tx.schrijf_als(Rec::Opvolging(v))?;
        tx.audit(log)?;
        Ok(rev)
    })
}

/// Overwrite these contacts, dossiers, plans and follow-ups whatever their revision (erasure,
/// rectification, retention), with the audit entries, in one transaction.
pub fn overschrijf(
    b: &dyn Backend,
    contacts: &[Contact],
    cases: &[Case],
    plannen: &[Plan],
    opvolgingen: &[Verwijzingsopvolging],
    log: &[Gebeurtenis],
) -> Result<()> {
    b.voor_overschrijven()?;
    in_een(b, |tx| {
        for c in contacts {
            tx.overschrijf(Rec::Contact(c))?;
            tx.meld(&Change::Contact(c.id))?;
        }
        for k in cases {
            tx.overschrijf(Rec::Dossier(k))?;
            tx.meld(&Change::Case(k.id))?;
        }
        for p in plannen {
            tx.overschrijf(Rec::Plan(p))?;
        }
        for v in opvolgingen {
            tx.overschrijf(Rec::Opvolging(v))?;
        }
        tx.audit(log)
    })
}

/// A "klopt niet" report on map entry `sleutel`: added to its upkeep as stored now (reports other
/// desks made meanwhile are kept), with its history line; the map's version goes up.
pub fn beheer_meld(b: &dyn Backend, sleutel: &str, melding: &Melding) -> Result<Beheer> {
    in_een_kaart(b, |tx| {
        let (before, mut staat) = match tx.beheer_lezen(sleutel)? {
            Some(bytes) => {
                let staat = super::decode::<Beheer>(&bytes)
                    .map_err(|source| StoreError::Codec { what: format!("kaartbeheer {sleutel}"), source })?;
                (bytes, staat)
            }
            None => (Vec::new(), Beheer::new(sleutel)),
        };
        let w = staat.meld(melding, before);
        tx.beheer_schrijven(&staat)?;
        tx.historie_toevoegen(&w)?;
        tx.kaart_versie_ophogen()?;
        tx.meld(&Change::Kaart)?;
        Ok(staat)
    })
}

/// A beheerder's change of the map in one transaction: refused ([`StoreError::Conflict`]) when
/// what a change started from is no longer what is stored; else the records, the upkeep and the
/// history lines are written and the map's version goes up. (The embedded store writes a map
/// larger than one transaction should hold through its staged generation instead.)
pub fn beheer_schrijf(b: &dyn Backend, s: &BeheerSchrijf) -> Result<()> {
    in_een_kaart(b, |tx| {
        for w in &s.historie {
            let rec = tx.kaart_record_lezen(&w.sleutel)?;
            let staat = tx.beheer_lezen(&w.sleutel)?;
            if !super::kaartbeheer::nog_actueel(w, rec.as_deref(), staat.as_deref())? {
                return Err(super::kaartbeheer::conflict(w));
            }
        }
        let versie = tx.kaart_versie_ophogen()?;
        if s.kaart.organisaties.len() + s.kaart.voorzieningen.len() + s.kaart.regelingen.len() > 0 {
            tx.kaart_schrijven(&s.kaart, versie)?;
        }
        for staat in &s.staten {
            tx.beheer_schrijven(staat)?;
        }
        for w in &s.historie {
            tx.historie_toevoegen(w)?;
        }
        tx.meld(&Change::Kaart)
    })
}

//! The beheerder's actions on the map as store writes: each builds one
//! [`BeheerSchrijf`] (records, upkeep, history line) that the store writes in one transaction.
//! Pure apart from encoding the "before" versions, so an undo can restore them.

use chrono::{NaiveDate, NaiveDateTime};

use super::codec::{decode, encode};
use super::{Result, Store, StoreError};
use loket_domain::beheer::{Archief, Beheer, BeheerSchrijf, Record, Soort, VeldWijziging, Wijziging};
use loket_domain::kaart::{Kaart, Organisatie, Regeling, Voorziening};

fn codec(what: &str) -> impl FnOnce(super::CodecError) -> StoreError + '_ {
    move |source| StoreError::Codec { what: what.to_string(), source }
}

/// The stored bytes of a record (versioned).
pub fn record_bytes(r: &Record) -> Result<Vec<u8>> {
    let what = r.sleutel();
    match r {
        Record::Organisatie(o) => encode(o),
        Record::Voorziening(v) => encode(v),
        Record::Regeling(x) => encode(x),
    }
    .map_err(codec(&what))
}

/// A record back from its stored bytes; the kind comes from the key (`v/…`).
pub fn record_from(sleutel: &str, bytes: &[u8]) -> Result<Record> {
    let r = match sleutel.split('/').next() {
        Some("o") => decode::<Organisatie>(bytes).map(Record::Organisatie),
        Some("v") => decode::<Voorziening>(bytes).map(Record::Voorziening),
        _ => decode::<Regeling>(bytes).map(Record::Regeling),
    };
    r.map_err(codec(sleutel))
}

/// Is the entry still as the beheerder's change found it (revisions on every write
/// path)? `record` and `beheer` are the stored bytes of the entry and its upkeep (`None`: not
/// stored). The history line carries what the change started from: the record before it (a
/// new entry must not exist yet) and the upkeep before it. Both stores call this inside the
/// transaction of [`Store::beheer_schrijf`] and refuse with a conflict when it is false, so two
/// beheerders editing one entry never lose a field silently, and a "klopt niet" report made
/// meanwhile is never marked dealt with unseen.
pub fn nog_actueel(w: &Wijziging, record: Option<&[u8]>, beheer: Option<&[u8]>) -> Result<bool> {
    if !w.record_voor.is_empty() {
        let Some(nu) = record else { return Ok(false) };
        if record_from(&w.sleutel, nu)? != record_from(&w.sleutel, &w.record_voor)? {
            return Ok(false);
        }
    } else if w.soort == Soort::Nieuw && record.is_some() {
        return Ok(false);
    }
    let lees = |b: &[u8]| decode::<Beheer>(b).map_err(codec(&w.sleutel));
    let verwacht = if w.beheer_voor.is_empty() { Beheer::new(&w.sleutel) } else { lees(&w.beheer_voor)? };
    let nu = match beheer {
        Some(b) => lees(b)?,
        None => Beheer::new(&w.sleutel),
    };
    Ok(nu == verwacht)
}

/// The conflict of a map entry changed meanwhile.
pub fn conflict(w: &Wijziging) -> StoreError {
    StoreError::Conflict { what: format!("Kaartregel {}", w.sleutel), door: String::new() }
}

fn beheer_bytes(b: &Beheer) -> Result<Vec<u8>> {
    encode(b).map_err(codec(&b.sleutel))
}

fn wijziging(
    r: &Record,
    b: &Beheer,
    soort: Soort,
    door: &str,
    op: NaiveDateTime,
    velden: Vec<VeldWijziging>,
    record_voor: bool,
) -> Result<Wijziging> {
    Ok(Wijziging {
        sleutel: r.sleutel(),
        op,
        door: door.to_string(),
        soort,
        velden,
        record_voor: if record_voor { record_bytes(r)? } else { Vec::new() },
        beheer_voor: beheer_bytes(b)?,
    })
}

/// "Gebeld, klopt": verified today; the open reports are dealt with.
pub fn geverifieerd(r: &Record, b: &Beheer, door: &str, op: NaiveDateTime) -> Result<BeheerSchrijf> {
    let mut new = r.clone();
    new.set_geverifieerd(op.date());
    let mut velden = loket_domain::beheer::verschil(Some(r), &new);
    let oud = r.laatst_geverifieerd().map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
    velden.push(VeldWijziging {
        veld: "laatst_geverifieerd".into(),
        oud,
        nieuw: op.date().format("%Y-%m-%d").to_string(),
    });
    for m in &b.meldingen {
        velden.push(VeldWijziging { veld: "melding".into(), oud: m.tekst.clone(), nieuw: "afgehandeld".into() });
    }
    let w = wijziging(r, b, Soort::Geverifieerd, door, op, velden, true)?;
    let nb = Beheer { meldingen: Vec::new(), ..b.clone() };
    Ok(BeheerSchrijf { kaart: new.into_kaart(), staten: vec![nb], historie: vec![w] })
}

/// The edit form was saved: the new version (verified and changed today); the fields that
/// differ are remembered as corrections (a re-import keeps them); open reports are dealt with.
/// `oud` is `None` for a new entry.
pub fn gewijzigd(
    oud: Option<&Record>,
    new: &Record,
    b: &Beheer,
    door: &str,
    op: NaiveDateTime,
) -> Result<BeheerSchrijf> {
    let mut new = new.clone();
    new.set_gewijzigd(op.date());
    new.set_geverifieerd(op.date());
    let velden = loket_domain::beheer::verschil(oud, &new);
    let mut nb = Beheer { meldingen: Vec::new(), ..b.clone() };
    if oud.is_some() {
        for v in &velden {
            if !nb.gecorrigeerd.contains(&v.veld) {
                nb.gecorrigeerd.push(v.veld.clone());
            }
        }
    }
    let w = match oud {
        Some(o) => wijziging(o, b, Soort::Gewijzigd, door, op, velden, true)?,
        None => wijziging(&new, b, Soort::Nieuw, door, op, velden, false)?,
    };
    Ok(BeheerSchrijf { kaart: new.into_kaart(), staten: vec![nb], historie: vec![w] })
}

/// "Vervallen": archived (hidden from search, kept).
pub fn vervallen(r: &Record, b: &Beheer, door: &str, op: NaiveDateTime, reden: &str) -> Result<BeheerSchrijf> {
    let w = wijziging(
        r,
        b,
        Soort::Vervallen,
        door,
        op,
        vec![VeldWijziging { veld: "gearchiveerd".into(), oud: String::new(), nieuw: reden.to_string() }],
        false,
    )?;
    let nb = Beheer {
        gearchiveerd: Some(Archief { op: op.date(), door: door.to_string(), reden: reden.to_string() }),
        ..b.clone()
    };
    Ok(BeheerSchrijf { kaart: Kaart::default(), staten: vec![nb], historie: vec![w] })
}

/// Undo the last change of an entry that is still in effect: its record and upkeep as they were
/// before it (an entry that was new is archived, as nothing is ever deleted). Repeated, it goes
/// back one change at a time. `None` when there is nothing (left) to undo.
pub fn ongedaan(
    current: &Record,
    b: &Beheer,
    historie: &[Wijziging],
    door: &str,
    op: NaiveDateTime,
) -> Result<Option<BeheerSchrijf>> {
    // The changes still in effect, as a stack: an undo takes the newest one off, so the next
    // undo reaches the change before it (never the undo itself).
    let mut stack: Vec<&Wijziging> = Vec::new();
    for w in historie.iter().filter(|w| w.sleutel == current.sleutel()) {
        if w.soort == Soort::Ongedaan {
            stack.pop();
        } else {
            stack.push(w);
        }
    }
    let Some(last) = stack.last().copied() else { return Ok(None) };
    let mut kaart = Kaart::default();
    let mut velden = Vec::new();
    let restored = if !last.record_voor.is_empty() {
        let r = record_from(&last.sleutel, &last.record_voor)?;
        velden = loket_domain::beheer::verschil(Some(current), &r);
        kaart = r.clone().into_kaart();
        Some(r)
    } else {
        None
    };
    let mut nb = if last.beheer_voor.is_empty() {
        Beheer::new(&last.sleutel)
    } else {
        decode::<Beheer>(&last.beheer_voor).map_err(codec(&last.sleutel))?
    };
    if last.soort == Soort::Nieuw {
        nb.gearchiveerd =
            Some(Archief { op: op.date(), door: door.to_string(), reden: "nieuw ongedaan gemaakt".into() });
    }
    velden.push(VeldWijziging { veld: "ongedaan".into(), oud: last.soort.label().into(), nieuw: String::new() });
    let w = Wijziging {
        sleutel: last.sleutel.clone(),
        op,
        door: door.to_string(),
        soort: Soort::Ongedaan,
        velden,
        record_voor: if restored.is_some() { record_bytes(current)? } else { Vec::new() },
        beheer_voor: beheer_bytes(b)?,
    };
    Ok(Some(BeheerSchrijf { kaart, staten: vec![nb], historie: vec![w] }))
}

/// The upkeep of every entry, by key.
pub fn staten(store: &dyn Store) -> Result<std::collections::HashMap<String, Beheer>> {
    Ok(store.beheer_staten()?.value.into_iter().map(|b| (b.sleutel.clone(), b)).collect())
}

/// The records changed since `sinds` (by the history), as they are now, for the change-only
/// export; archived ones are included (the export marks them inactive).
pub fn gewijzigd_sinds(store: &dyn Store, kaart: &Kaart, sinds: NaiveDate) -> Result<(Kaart, Vec<String>)> {
    let h = store.beheer_historie(None)?.value;
    let keys: std::collections::BTreeSet<String> =
        h.iter().filter(|w| w.op.date() >= sinds && w.soort != Soort::Gemeld).map(|w| w.sleutel.clone()).collect();
    let mut out = Kaart::default();
    for k in &keys {
        let (kind, id) = k.split_once('/').unwrap_or(("", k));
        match kind {
            "o" => out.organisaties.extend(kaart.organisaties.iter().filter(|o| o.id == id).cloned()),
            "v" => out.voorzieningen.extend(kaart.voorzieningen.iter().filter(|v| v.id == id).cloned()),
            _ => out.regelingen.extend(kaart.regelingen.iter().filter(|r| r.id == id).cloned()),
        }
    }
    // a changed voorziening needs its organisation in HSDS
    let need: Vec<String> = out
        .voorzieningen
        .iter()
        .map(|v| v.organisatie_id.clone())
        .filter(|id| !out.organisaties.iter().any(|o| &o.id == id))
        .collect();
    for id in need {
        if let Some(o) = kaart.organisaties.iter().find(|o| o.id == id) {
            if !out.organisaties.iter().any(|x| x.id == id) {
                out.organisaties.push(o.clone());
            }
        }
    }
    Ok((out, keys.into_iter().collect()))
}

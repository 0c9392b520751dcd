//! A re-import meets local corrections: fields the beheerder corrected in loket are
//! kept (the difference with the source is a conflict: listed in the import summary, and put on
//! the entry as a report, so it comes first in the beheer worklist); entries of the same source
//! that are no longer in it are archived, never deleted. All of it is one transaction.

use chrono::NaiveDateTime;

use loket_domain::beheer::{
    self as dom, Archief, Beheer, BeheerSchrijf, Melding, Record, Soort, VeldWijziging, Wijziging,
};
use loket_domain::kaart::Kaart;
use loket_store::{Result, Store};

/// What a re-import does besides writing the records.
#[derive(Debug, Default)]
pub struct Samengevoegd {
    /// The records to write (the beheerder's corrected fields put back).
    pub kaart: Kaart,
    /// The upkeep and history to write with them; empty when nothing meets a correction.
    pub beheer: BeheerSchrijf,
    /// "naam: veld: in loket 'x', bron 'y'", per corrected field the source differs on.
    pub conflicten: Vec<String>,
    /// Names of the entries archived because the source no longer has them.
    pub gearchiveerd: Vec<String>,
}

/// The report on a placeholder organisation (see `mapping::placeholders`).
pub const ONTBREEKT: &str = "organisatie ontbreekt in bron";

/// Merge an import (`incoming`, all from one source) with what the store holds.
pub fn samenvoegen(store: &dyn Store, incoming: Kaart, door: &str, op: NaiveDateTime) -> Result<Samengevoegd> {
    let staten = loket_store::kaartbeheer::staten(store)?;
    super::progress::geheugen("samenvoegen: beheerstaten");
    // the source of the import (of its first record; not a copy of every record)
    let bron = incoming
        .organisaties
        .first()
        .map(|o| o.bron.clone())
        .or_else(|| incoming.voorzieningen.first().map(|v| v.bron.clone()))
        .or_else(|| incoming.regelingen.first().map(|r| r.bron.clone()));
    let has_corrections = staten.values().any(|b| !b.gecorrigeerd.is_empty());
    let mut out = Samengevoegd::default();
    let same_source = |r: &Record| bron.as_ref().is_some_and(|b| r.bron().soort == b.soort && r.bron().naam == b.naam);
    // The stored map, one record at a time (never the whole map beside the import): the whole
    // record only where the beheerder corrected fields; of the same source's records their key
    // and name (archived when the source no longer has them).
    let mut by_key: std::collections::HashMap<String, Record> = std::collections::HashMap::new();
    let mut van_bron: Vec<(String, String)> = Vec::new();
    store.kaart_bekijk(&mut |r| {
        let key = r.sleutel();
        if same_source(&r) {
            van_bron.push((key.clone(), r.naam().to_string()));
        }
        if staten.get(&key).is_some_and(|b| !b.gecorrigeerd.is_empty()) {
            by_key.insert(key, r);
        }
    })?;
    store.cache_vrijgeven();
    loket_base::platform::geheugen_teruggeven();
    super::progress::geheugen("samenvoegen: opgeslagen kaart bekeken");
    // cheap path: nothing corrected and no earlier import of this source to compare with
    let placeholders = incoming.organisaties.iter().any(|o| o.ontbreekt_in_bron);
    if !has_corrections && !placeholders && van_bron.is_empty() {
        out.kaart = incoming;
        return Ok(out);
    }
    // Each incoming record taken out of its list, merged, and put back in its place: the map is
    // never copied (a list of 100 000 records beside it was 100 MB at the peak).
    let mut k = incoming;
    let mut incoming_keys: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut samen = |r: Record, out: &mut Samengevoegd| -> Record {
        let key = r.sleutel();
        incoming_keys.insert(key.clone());
        let (Some(b), Some(cur)) = (staten.get(&key), by_key.get(&key)) else { return r };
        if b.gecorrigeerd.is_empty() {
            return r;
        }
        let kept = dom::neem_velden(&r, cur, &b.gecorrigeerd);
        let theirs = dom::velden(&r);
        let ours = dom::velden(cur);
        let mut velden = Vec::new();
        for veld in &b.gecorrigeerd {
            let t = theirs.iter().find(|v| v.naam == veld).map(|v| v.waarde.clone()).unwrap_or_default();
            let o = ours.iter().find(|v| v.naam == veld).map(|v| v.waarde.clone()).unwrap_or_default();
            if t != o {
                out.conflicten.push(format!("{}: {veld}: in loket '{o}', bron '{t}'", r.naam()));
                velden.push(VeldWijziging { veld: veld.clone(), oud: o, nieuw: t });
            }
        }
        if !velden.is_empty() {
            let mut nb = b.clone();
            let tekst = velden
                .iter()
                .map(|v| format!("{}: bron '{}', loket '{}'", v.veld, v.nieuw, v.oud))
                .collect::<Vec<_>>()
                .join("; ");
            nb.meldingen.push(Melding {
                tekst: format!("import wijkt af van correctie — {tekst}"),
                door: door.into(),
                op,
            });
            out.beheer.historie.push(Wijziging {
                sleutel: key.clone(),
                op,
                door: door.into(),
                soort: Soort::Import,
                velden,
                record_voor: Vec::new(),
                beheer_voor: loket_store::encode(b).unwrap_or_default(),
            });
            out.beheer.staten.push(nb);
        }
        kept
    };
    for o in k.organisaties.iter_mut() {
        if let Record::Organisatie(x) = samen(Record::Organisatie(std::mem::take(o)), &mut out) {
            *o = x;
        }
    }
    for v in k.voorzieningen.iter_mut() {
        if let Record::Voorziening(x) = samen(Record::Voorziening(std::mem::take(v)), &mut out) {
            *v = x;
        }
    }
    for r in k.regelingen.iter_mut() {
        if let Record::Regeling(x) = samen(Record::Regeling(std::mem::take(r)), &mut out) {
            *r = x;
        }
    }
    // gone from the source: archived
    for (key, naam) in van_bron.into_iter().filter(|(k, _)| !incoming_keys.contains(k)) {
        let b = staten.get(&key).cloned().unwrap_or_else(|| Beheer::new(&key));
        if b.gearchiveerd.is_some() {
            continue;
        }
        let reden = "niet meer in de bron";
        out.beheer.historie.push(Wijziging {
            sleutel: key.clone(),
            op,
            door: door.into(),
            soort: Soort::Vervallen,
            velden: vec![VeldWijziging { veld: "gearchiveerd".into(), oud: String::new(), nieuw: reden.into() }],
            record_voor: Vec::new(),
            beheer_voor: loket_store::encode(&b).unwrap_or_default(),
        });
        out.beheer.staten.push(Beheer {
            gearchiveerd: Some(Archief { op: op.date(), door: door.into(), reden: reden.into() }),
            ..b
        });
        out.gearchiveerd.push(naam);
    }
    // organisations the source lacks (placeholders): on the worklist, once
    for o in &k.organisaties {
        if !o.ontbreekt_in_bron {
            continue;
        }
        let key = format!("o/{}", o.id);
        let al_gewijzigd = out.beheer.staten.iter().position(|b| b.sleutel == key).map(|i| out.beheer.staten.remove(i));
        let nu_gewijzigd = al_gewijzigd.is_some();
        let mut b = al_gewijzigd.or_else(|| staten.get(&key).cloned()).unwrap_or_else(|| Beheer::new(&key));
        if b.meldingen.iter().any(|m| m.tekst.starts_with(ONTBREEKT)) {
            // on the worklist already: written again only when this import changed it otherwise
            // (an unchanged state written back made every re-import one transaction of the whole map)
            if nu_gewijzigd {
                out.beheer.staten.push(b);
            }
            continue;
        }
        let voor = staten.get(&key).map(|x| loket_store::encode(x).unwrap_or_default()).unwrap_or_default();
        let melding =
            Melding { tekst: format!("{ONTBREEKT}: diensten verwijzen naar '{}'", o.id), door: door.into(), op };
        out.beheer.historie.push(b.meld(&melding, voor));
        out.beheer.staten.push(b);
    }
    out.kaart = k;
    Ok(out)
}

/// Write a merged import: in one transaction with the upkeep when there is any, else as before.
pub fn schrijf(store: &dyn Store, s: Samengevoegd) -> Result<()> {
    if s.beheer.staten.is_empty() && s.beheer.historie.is_empty() {
        return store.kaart_schrijven_eigen(s.kaart);
    }
    let w = BeheerSchrijf { kaart: s.kaart, staten: s.beheer.staten, historie: s.beheer.historie };
    store.beheer_schrijf(&w)
}

//! The sociale kaart in the store: one tree, keys `o/<id>`, `v/<id>`, `r/<id>`, written in one
//! atomic batch, so an import or the first-start seeding is all there or not at all.

use crate::domain::kaart::{Kaart, Organisatie, Regeling, Voorziening};

use super::{decode, encode, Op, Result, Store, StoreError, Tree};

const SEEDED: &[u8] = b"m/seeded";

fn key(prefix: &str, id: &str) -> Vec<u8> {
    let mut k = prefix.as_bytes().to_vec();
    k.extend_from_slice(id.as_bytes());
    k
}

fn enc<T: serde::Serialize>(k: &[u8], v: &T) -> Result<Vec<u8>> {
    encode(v).map_err(|source| StoreError::Codec {
        tree: Tree::Kaart.name(),
        key: String::from_utf8_lossy(k).into_owned(),
        source,
    })
}

/// The batch that writes (inserts or replaces, by id) every record of `kaart`.
pub fn upsert_ops(kaart: &Kaart) -> Result<Vec<Op>> {
    let mut ops = Vec::with_capacity(kaart.organisaties.len() + kaart.voorzieningen.len() + kaart.regelingen.len());
    for o in &kaart.organisaties {
        let k = key("o/", &o.id);
        ops.push(Op::Put(k.clone(), enc(&k, o)?));
    }
    for v in &kaart.voorzieningen {
        let k = key("v/", &v.id);
        ops.push(Op::Put(k.clone(), enc(&k, v)?));
    }
    for r in &kaart.regelingen {
        let k = key("r/", &r.id);
        ops.push(Op::Put(k.clone(), enc(&k, r)?));
    }
    Ok(ops)
}

/// Write all records of `kaart` in one atomic, flushed batch (re-importing updates in place).
pub fn upsert(store: &dyn Store, kaart: &Kaart) -> Result<()> {
    store.apply(Tree::Kaart, upsert_ops(kaart)?)
}

/// Seed the store with `kaart` unless it was seeded before; true when it seeded now.
pub fn seed_once(store: &dyn Store, kaart: &Kaart) -> Result<bool> {
    if store.get(Tree::Kaart, SEEDED)?.is_some() {
        return Ok(false);
    }
    let mut ops = upsert_ops(kaart)?;
    ops.push(Op::Put(SEEDED.to_vec(), vec![1]));
    store.apply(Tree::Kaart, ops)?;
    Ok(true)
}

pub fn count_records(store: &dyn Store) -> usize {
    store.count(Tree::Kaart).saturating_sub(usize::from(store.get(Tree::Kaart, SEEDED).ok().flatten().is_some()))
}

fn scan_into<T: serde::de::DeserializeOwned>(
    store: &dyn Store,
    prefix: &[u8],
    out: &mut Vec<T>,
    done: &mut usize,
    progress: &mut dyn FnMut(usize),
) -> Result<()> {
    for kv in store.scan(Tree::Kaart, prefix) {
        let (k, v) = kv?;
        out.push(decode(&v).map_err(|source| StoreError::Codec {
            tree: Tree::Kaart.name(),
            key: String::from_utf8_lossy(&k).into_owned(),
            source,
        })?);
        *done += 1;
        if (*done).is_multiple_of(4096) {
            progress(*done);
        }
    }
    Ok(())
}

/// Load the whole map; `progress` is told how many records are done now and then.
pub fn load(store: &dyn Store, progress: &mut dyn FnMut(usize)) -> Result<Kaart> {
    let mut kaart = Kaart::default();
    let mut done = 0;
    scan_into::<Organisatie>(store, b"o/", &mut kaart.organisaties, &mut done, progress)?;
    scan_into::<Regeling>(store, b"r/", &mut kaart.regelingen, &mut done, progress)?;
    scan_into::<Voorziening>(store, b"v/", &mut kaart.voorzieningen, &mut done, progress)?;
    progress(done);
    Ok(kaart)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::OpeningHours;
    use crate::domain::kaart::{Kosten, KostenSoort, Toegang, Wet};
    use crate::store::SledStore;

    fn sample() -> Kaart {
        Kaart {
            organisaties: vec![Organisatie { id: "org-1".into(), naam: "WIJ Groningen".into(), ..Default::default() }],
            voorzieningen: vec![Voorziening {
                id: "vz-1".into(),
                organisatie_id: "org-1".into(),
                naam: "Dagbesteding".into(),
                wet: Wet::Wmo,
                toegang: Toegang::MaatwerkMelding,
                openingstijden: OpeningHours::parse(&["ma-vr 09:00-17:00".to_string()]).unwrap(),
                kosten: Kosten { soort: KostenSoort::Abonnementstarief, bedrag_cent: Some(2160), ..Default::default() },
                laatst_geverifieerd: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
                ..Default::default()
            }],
            regelingen: vec![Regeling {
                id: "rg-1".into(),
                naam: "Gehandicaptenparkeerkaart".into(),
                ..Default::default()
            }],
        }
    }

    #[test]
    fn round_trip_through_sled() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let k = sample();
        assert!(seed_once(&s, &k).unwrap());
        assert!(!seed_once(&s, &k).unwrap(), "seeding happens once");
        drop(s);
        let s = SledStore::open(dir.path()).unwrap();
        let back = load(&s, &mut |_| {}).unwrap();
        assert_eq!(back, k);
        assert_eq!(count_records(&s), 3);
    }

    #[test]
    fn upsert_replaces_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        let mut k = sample();
        upsert(&s, &k).unwrap();
        k.voorzieningen[0].naam = "Dagbesteding (nieuw)".into();
        upsert(&s, &k).unwrap();
        let back = load(&s, &mut |_| {}).unwrap();
        assert_eq!(back.voorzieningen.len(), 1);
        assert_eq!(back.voorzieningen[0].naam, "Dagbesteding (nieuw)");
    }

    #[test]
    fn stored_values_start_with_the_version_byte() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        upsert(&s, &sample()).unwrap();
        let raw = s.get(Tree::Kaart, b"v/vz-1").unwrap().unwrap();
        assert_eq!(raw[0], crate::store::SCHEMA_VERSION);
        let mut bad = raw.clone();
        bad[0] = 99;
        s.put(Tree::Kaart, b"v/vz-1", &bad).unwrap();
        let err = load(&s, &mut |_| {}).unwrap_err().to_string();
        assert!(err.contains("schemaversie 99"), "{err}");
        assert!(err.contains("v/vz-1"), "{err}");
    }
}

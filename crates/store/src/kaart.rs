//! The sociale kaart through the [`Store`]: an import or the first-start seeding is one
//! transaction, so it is all there or not at all.

use loket_domain::kaart::Kaart;

use super::{Loaded, Result, Store};

/// Write (insert or replace, by id) every record of `kaart`, in one transaction.
pub fn upsert(store: &dyn Store, kaart: &Kaart) -> Result<()> {
    store.kaart_write(kaart)
}

/// Seed the store with `kaart` unless it was seeded before; true when it seeded now.
pub fn seed_once(store: &dyn Store, kaart: &Kaart) -> Result<bool> {
    store.kaart_seed_once(kaart)
}

/// Decode one stored map record of kind `soort` (`o`, `v`, anything else a regeling) into `out`;
/// an unreadable one is reported under `key` and left out. Both backends read records this way.
pub(crate) fn neem_op(out: &mut Loaded<Kaart>, soort: u8, key: &str, data: &[u8]) {
    use super::codec::decode;
    use loket_domain::kaart::{Organisatie, Regeling, Voorziening};
    let r = match soort {
        b'o' => decode::<Organisatie>(data).map(|x| out.value.organisaties.push(x)),
        b'v' => decode::<Voorziening>(data).map(|x| out.value.voorzieningen.push(x)),
        _ => decode::<Regeling>(data).map(|x| out.value.regelingen.push(x)),
    };
    if let Err(e) = r {
        out.skipped.push(format!("{key}: {e}"));
    }
}

pub fn count_records(store: &dyn Store) -> usize {
    store.kaart_count().unwrap_or(0)
}

/// The whole map, with a line per record that could not be read (skipped).
pub fn load_reporting(store: &dyn Store, progress: &mut dyn FnMut(usize)) -> Result<Loaded<Kaart>> {
    store.kaart_load(progress)
}

/// The whole map as far as it can be read (unreadable records are left out; use
/// [`load_reporting`] to hear about them).
pub fn load(store: &dyn Store, progress: &mut dyn FnMut(usize)) -> Result<Kaart> {
    Ok(store.kaart_load(progress)?.value)
}

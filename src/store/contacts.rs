//! Contacts in the store, keyed by id (u64 big-endian). Drafts are contacts with status Concept.

use crate::domain::contact::{Contact, Status};

use super::{get_value, id_key, put_value, scan_values, Result, Store, Tree};

/// Save (insert or replace) and flush: called after every field change.
pub fn save(store: &dyn Store, c: &Contact) -> Result<()> {
    put_value(store, Tree::Contacts, &id_key(c.id), c)
}

pub fn delete(store: &dyn Store, id: u64) -> Result<()> {
    store.delete(Tree::Contacts, &id_key(id))
}

pub fn get(store: &dyn Store, id: u64) -> Result<Option<Contact>> {
    get_value(store, Tree::Contacts, &id_key(id))
}

pub fn all(store: &dyn Store) -> Result<Vec<Contact>> {
    scan_values(store, Tree::Contacts, b"")
}

/// All readable contacts, and a message per record that could not be read.
pub fn all_lenient(store: &dyn Store) -> Result<(Vec<Contact>, Vec<String>)> {
    super::scan_values_lenient(store, Tree::Contacts, b"")
}

pub fn drafts(store: &dyn Store) -> Result<Vec<Contact>> {
    Ok(all(store)?.into_iter().filter(|c| c.status == Status::Concept).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contact::Kanaal;
    use crate::store::SledStore;

    #[test]
    fn save_and_reload_in_id_order() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 0, 0).unwrap();
        {
            let s = SledStore::open(dir.path()).unwrap();
            for id in [300u64, 2, 1000] {
                let mut c = Contact::new(id, Kanaal::Telefoon, now);
                c.vraag = format!("vraag {id}");
                save(&s, &c).unwrap();
            }
        }
        let s = SledStore::open(dir.path()).unwrap();
        let ids: Vec<u64> = all(&s).unwrap().iter().map(|c| c.id).collect();
        assert_eq!(ids, vec![2, 300, 1000], "big-endian keys keep numeric order");
        assert_eq!(get(&s, 300).unwrap().unwrap().vraag, "vraag 300");
        assert_eq!(drafts(&s).unwrap().len(), 3);
    }
}

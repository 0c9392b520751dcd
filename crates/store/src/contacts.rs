//! Contacts through the [`Store`]: small helpers the screens and tests share.

use loket_domain::contact::{Contact, Status};

use super::{Loaded, Result, Store};

/// Save at the contact's revision; returns the new revision.
pub fn save(store: &dyn Store, c: &Contact) -> Result<u64> {
    store.save_contact(c)
}

pub fn delete(store: &dyn Store, id: u64) -> Result<()> {
    store.delete_contact(id)
}

pub fn get(store: &dyn Store, id: u64) -> Result<Option<Contact>> {
    store.contact(id)
}

/// Every readable contact, in id order (unreadable ones are skipped: see [`all_lenient`]).
pub fn all(store: &dyn Store) -> Result<Vec<Contact>> {
    Ok(store.contacts()?.value)
}

/// All readable contacts, and a message per record that could not be read.
pub fn all_lenient(store: &dyn Store) -> Result<(Vec<Contact>, Vec<String>)> {
    let Loaded { value, skipped } = store.contacts()?;
    Ok((value, skipped))
}

pub fn drafts(store: &dyn Store) -> Result<Vec<Contact>> {
    Ok(all(store)?.into_iter().filter(|c| c.status == Status::Concept).collect())
}

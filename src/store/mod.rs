//! Storage behind one small trait: sled now, a shared database later.
//!
//! Values are encoded by [`codec`] (a schema-version byte, then bincode). Numeric keys are
//! big-endian so they sort in order. Every write the user commits is flushed before it returns.

pub mod booking;
pub mod codec;
pub mod contacts;
pub mod kaart;
pub mod sled_store;

use std::path::PathBuf;

pub use codec::{decode, encode, CodecError, SCHEMA_VERSION};
pub use sled_store::SledStore;

/// The collections loket keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tree {
    /// The sociale kaart: keys `o/<id>`, `v/<id>`, `r/<id>`.
    Kaart,
    /// Contacts (vraagregistratie), key = contact id (u64 BE).
    Contacts,
    /// Cliëntondersteuners, key = id.
    Ondersteuners,
    /// Booked slots: key = supporter id, 0, start minute (i64 BE). The guard against double booking.
    Slots,
    /// Backoffice cases, key = case id (u64 BE).
    Cases,
    /// Settings and markers (demo loaded, schema).
    Meta,
}

impl Tree {
    pub fn name(self) -> &'static str {
        match self {
            Tree::Kaart => "kaart",
            Tree::Contacts => "contacten",
            Tree::Ondersteuners => "ondersteuners",
            Tree::Slots => "afspraken",
            Tree::Cases => "dossiers",
            Tree::Meta => "meta",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("De gegevensmap {0} is al in gebruik door een ander loket-venster of -proces. Sluit dat eerst af (of gebruik --data-dir voor een andere map).")]
    Locked(PathBuf),
    #[error("Kan de gegevensmap {path} niet openen: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("Opslagfout: {0}")]
    Io(String),
    #[error("Opgeslagen gegeven onleesbaar ({tree}/{key}): {source}")]
    Codec { tree: &'static str, key: String, source: CodecError },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One write in an atomic batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Put(Vec<u8>, Vec<u8>),
    Delete(Vec<u8>),
}

pub type KvIter<'a> = Box<dyn Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + 'a>;

/// Key-value storage with atomic batches and an insert-if-absent guard.
pub trait Store: Send + Sync {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>>;
    /// Write one value and flush it to disk.
    fn put(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<()>;
    fn delete(&self, tree: Tree, key: &[u8]) -> Result<()>;
    /// All entries whose key starts with `prefix`, in key order.
    fn scan<'a>(&'a self, tree: Tree, prefix: &[u8]) -> KvIter<'a>;
    fn count(&self, tree: Tree) -> usize;
    /// Apply all ops or none, then flush.
    fn apply(&self, tree: Tree, ops: Vec<Op>) -> Result<()>;
    /// Insert only if the key is absent, atomically; false when it was taken. Flushed.
    fn insert_new(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<bool>;
    /// A new unique, increasing id.
    fn next_id(&self) -> Result<u64>;
}

/// Big-endian key of a numeric id.
pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

/// The largest numeric id used as a key in `tree` (0 when none). Keys stay readable even when
/// a value does not decode, so new ids never overwrite a record that could not be read.
pub fn max_key_id(store: &dyn Store, tree: Tree) -> Result<u64> {
    let mut max = 0;
    for kv in store.scan(tree, b"") {
        let (k, _) = kv?;
        if let Ok(b) = <[u8; 8]>::try_from(k.as_slice()) {
            max = max.max(u64::from_be_bytes(b));
        }
    }
    Ok(max)
}

/// Read and decode one value.
pub fn get_value<T: serde::de::DeserializeOwned>(store: &dyn Store, tree: Tree, key: &[u8]) -> Result<Option<T>> {
    match store.get(tree, key)? {
        None => Ok(None),
        Some(bytes) => decode(&bytes).map(Some).map_err(|source| StoreError::Codec {
            tree: tree.name(),
            key: String::from_utf8_lossy(key).into_owned(),
            source,
        }),
    }
}

/// Encode and write one value (flushed).
pub fn put_value<T: serde::Serialize>(store: &dyn Store, tree: Tree, key: &[u8], value: &T) -> Result<()> {
    let bytes = encode(value).map_err(|source| StoreError::Codec {
        tree: tree.name(),
        key: String::from_utf8_lossy(key).into_owned(),
        source,
    })?;
    store.put(tree, key, &bytes)
}

/// Decode every value under `prefix`, skipping what does not decode: (values, one message per
/// unreadable record, naming its key). One bad record never hides all the others.
pub fn scan_values_lenient<T: serde::de::DeserializeOwned>(
    store: &dyn Store,
    tree: Tree,
    prefix: &[u8],
) -> Result<(Vec<T>, Vec<String>)> {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for kv in store.scan(tree, prefix) {
        let (k, v) = kv?;
        match decode(&v) {
            Ok(x) => out.push(x),
            Err(e) => {
                let key = match <[u8; 8]>::try_from(k.as_slice()) {
                    Ok(b) => u64::from_be_bytes(b).to_string(),
                    Err(_) => String::from_utf8_lossy(&k).into_owned(),
                };
                bad.push(format!("{}/{key}: {e}", tree.name()));
            }
        }
    }
    Ok((out, bad))
}

/// Decode every value under `prefix`.
pub fn scan_values<T: serde::de::DeserializeOwned>(store: &dyn Store, tree: Tree, prefix: &[u8]) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for kv in store.scan(tree, prefix) {
        let (k, v) = kv?;
        out.push(decode(&v).map_err(|source| StoreError::Codec {
            tree: tree.name(),
            key: String::from_utf8_lossy(&k).into_owned(),
            source,
        })?);
    }
    Ok(out)
}

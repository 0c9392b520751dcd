//! The sled 0.34.7 implementation of [`Store`].

use std::path::{Path, PathBuf};

use super::{KvIter, Op, Result, Store, StoreError, Tree};

/// Bounded page cache (sled's default is 1 GiB).
pub const CACHE_BYTES: u64 = 64 * 1024 * 1024;

pub struct SledStore {
    db: sled::Db,
    trees: Vec<(Tree, sled::Tree)>,
    path: PathBuf,
}

fn io(e: sled::Error) -> StoreError {
    StoreError::Io(e.to_string())
}

impl SledStore {
    pub fn open(path: &Path) -> Result<SledStore> {
        std::fs::create_dir_all(path)
            .map_err(|e| StoreError::Open { path: path.to_path_buf(), reason: e.to_string() })?;
        let db = sled::Config::new().path(path).cache_capacity(CACHE_BYTES).mode(sled::Mode::LowSpace).open().map_err(
            |e| {
                let text = e.to_string();
                if text.contains("could not acquire lock") || text.contains("WouldBlock") {
                    StoreError::Locked(path.to_path_buf())
                } else {
                    StoreError::Open { path: path.to_path_buf(), reason: text }
                }
            },
        )?;
        let mut trees = Vec::new();
        for t in [Tree::Kaart, Tree::Contacts, Tree::Ondersteuners, Tree::Slots, Tree::Cases, Tree::Meta] {
            trees.push((t, db.open_tree(t.name()).map_err(io)?));
        }
        Ok(SledStore { db, trees, path: path.to_path_buf() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn tree(&self, t: Tree) -> &sled::Tree {
        &self.trees.iter().find(|(k, _)| *k == t).expect("every tree is opened in open()").1
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map_err(io)?;
        Ok(())
    }
}

impl Store for SledStore {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self.tree(tree).get(key).map_err(io)?.map(|v| v.to_vec()))
    }

    fn put(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<()> {
        self.tree(tree).insert(key, value).map_err(io)?;
        self.flush()
    }

    fn delete(&self, tree: Tree, key: &[u8]) -> Result<()> {
        self.tree(tree).remove(key).map_err(io)?;
        self.flush()
    }

    fn scan<'a>(&'a self, tree: Tree, prefix: &[u8]) -> KvIter<'a> {
        Box::new(self.tree(tree).scan_prefix(prefix).map(|r| r.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(io)))
    }

    fn count(&self, tree: Tree) -> usize {
        self.tree(tree).len()
    }

    fn apply(&self, tree: Tree, ops: Vec<Op>) -> Result<()> {
        let mut batch = sled::Batch::default();
        for op in ops {
            match op {
                Op::Put(k, v) => batch.insert(k, v),
                Op::Delete(k) => batch.remove(k),
            }
        }
        self.tree(tree).apply_batch(batch).map_err(io)?;
        self.flush()
    }

    fn insert_new(&self, tree: Tree, key: &[u8], value: &[u8]) -> Result<bool> {
        let r = self.tree(tree).compare_and_swap(key, None as Option<&[u8]>, Some(value)).map_err(io)?;
        let won = r.is_ok();
        if won {
            self.flush()?;
        }
        Ok(won)
    }

    fn next_id(&self) -> Result<u64> {
        // sled's generate_id is unique and increasing across restarts; start above 0.
        Ok(self.db.generate_id().map_err(io)? + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_scan_delete() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.put(Tree::Meta, b"a/1", b"x").unwrap();
        s.put(Tree::Meta, b"a/2", b"y").unwrap();
        s.put(Tree::Meta, b"b/1", b"z").unwrap();
        assert_eq!(s.get(Tree::Meta, b"a/1").unwrap().as_deref(), Some(&b"x"[..]));
        let keys: Vec<Vec<u8>> = s.scan(Tree::Meta, b"a/").map(|r| r.unwrap().0).collect();
        assert_eq!(keys, vec![b"a/1".to_vec(), b"a/2".to_vec()]);
        s.delete(Tree::Meta, b"a/1").unwrap();
        assert_eq!(s.get(Tree::Meta, b"a/1").unwrap(), None);
        assert_eq!(s.count(Tree::Meta), 2);
    }

    #[test]
    fn second_open_is_locked_with_dutch_message() {
        let dir = tempfile::tempdir().unwrap();
        let _first = SledStore::open(dir.path()).unwrap();
        let err = SledStore::open(dir.path()).err().expect("second open must fail");
        assert!(matches!(err, StoreError::Locked(_)), "{err}");
        assert!(err.to_string().contains("al in gebruik"));
    }

    #[test]
    fn insert_new_refuses_a_taken_key() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        assert!(s.insert_new(Tree::Slots, b"k", b"1").unwrap());
        assert!(!s.insert_new(Tree::Slots, b"k", b"2").unwrap());
        assert_eq!(s.get(Tree::Slots, b"k").unwrap().as_deref(), Some(&b"1"[..]));
    }

    #[test]
    fn survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = SledStore::open(dir.path()).unwrap();
            s.put(Tree::Contacts, &super::super::id_key(7), b"saved").unwrap();
        }
        let s = SledStore::open(dir.path()).unwrap();
        assert_eq!(s.get(Tree::Contacts, &super::super::id_key(7)).unwrap().as_deref(), Some(&b"saved"[..]));
    }

    #[test]
    fn batch_is_atomic_and_ordered() {
        let dir = tempfile::tempdir().unwrap();
        let s = SledStore::open(dir.path()).unwrap();
        s.apply(Tree::Kaart, vec![Op::Put(b"v/1".to_vec(), b"a".to_vec()), Op::Put(b"v/2".to_vec(), b"b".to_vec())])
            .unwrap();
        s.apply(Tree::Kaart, vec![Op::Delete(b"v/1".to_vec())]).unwrap();
        let keys: Vec<Vec<u8>> = s.scan(Tree::Kaart, b"v/").map(|r| r.unwrap().0).collect();
        assert_eq!(keys, vec![b"v/2".to_vec()]);
    }
}

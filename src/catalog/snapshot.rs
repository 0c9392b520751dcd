//! The search snapshot: the catalog's display rows and its search index as flat arrays in one
//! file, memory-mapped at start instead of decoding every record and building the index again.
//!
//! The file is tied to the map by the store's `kaart_versie` (and to the desk synonyms and this
//! file format): a snapshot of another version is stale and rebuilt. A CRC-32 over the whole
//! file and a check of every array (bounds, order, UTF-8) make a corrupt or truncated file an
//! error, never a source of results. It is written to a temporary file and renamed into place,
//! so a reader maps either the old or the new file whole (a mapped file is never changed in place).
//!
//! Layout (little-endian): a header of [`HEADER_LEN`] bytes (magic, format, versie, record
//! count, file length, checksum, section table), then the sections, each starting on 8 bytes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Catalog;
use crate::search::flat::{as_bytes, Arr};
use crate::search::index::OwnedParts;
use crate::search::SearchIndex;

/// The file beside the embedded store (in the data directory).
pub const FILE_NAME: &str = "zoekindex.bin";
const MAGIC: &[u8; 8] = b"LOKETZI\0";
/// Raised whenever the layout or the meaning of a section changes.
const FORMAT: u32 = 1;
const ENDIAN: u32 = 0x0A0B_0C0D;
const HEADER_LEN: usize = 256;
const SECTIONS: usize = 11;
/// Offsets in the header.
const H_CRC: usize = 40;
const H_TABLE: usize = 56;
/// Text fields per row: id, naam, organisatie, plaats.
const ROW_FIELDS: usize = 4;

/// Is the row a voorziening or a regeling?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Voorziening,
    Regeling,
}

/// What a result row shows, without the record itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    pub soort: Soort,
    pub id: &'a str,
    pub naam: &'a str,
    pub organisatie: &'a str,
    pub plaats: &'a str,
}

/// Why a snapshot file can't be used. Every case means: build it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fout {
    /// No file (yet).
    Ontbreekt,
    /// Unreadable, truncated, corrupt, or of another format: never trusted.
    Beschadigd(String),
}

impl std::fmt::Display for Fout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fout::Ontbreekt => write!(f, "zoekindex ontbreekt"),
            Fout::Beschadigd(w) => write!(f, "zoekindex beschadigd ({w})"),
        }
    }
}

/// A mapped (or freshly built) snapshot: display rows plus the search index.
pub struct Snapshot {
    /// The store's `kaart_versie` the snapshot was built from.
    pub versie: u64,
    pub index: SearchIndex,
    soort: Arr<u8>,
    /// text[text_off[4d + k]..text_off[4d + k + 1]] is field k of row d.
    text_off: Arr<u32>,
    text: Arr<u8>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Snapshot(versie {}, {} rijen)", self.versie, self.len())
    }
}

impl Snapshot {
    /// Number of rows (records).
    pub fn len(&self) -> usize {
        self.soort.len()
    }
    pub fn is_empty(&self) -> bool {
        self.soort.is_empty()
    }

    fn field(&self, d: usize, k: usize) -> &str {
        let i = d * ROW_FIELDS + k;
        let (a, b) = (self.text_off[i] as usize, self.text_off[i + 1] as usize);
        std::str::from_utf8(&self.text[a..b]).unwrap_or("")
    }

    /// Row `d` (a document of the index).
    /// The map key of row `d` (`v/<id>` or `r/<id>`), as the beheer data uses it.
    pub fn sleutel(&self, d: u32) -> String {
        let row = self.row(d);
        format!("{}/{}", if row.soort == Soort::Regeling { "r" } else { "v" }, row.id)
    }

    pub fn row(&self, d: u32) -> Row<'_> {
        let d = d as usize;
        Row {
            soort: if self.soort[d] == 1 { Soort::Regeling } else { Soort::Voorziening },
            id: self.field(d, 0),
            naam: self.field(d, 1),
            organisatie: self.field(d, 2),
            plaats: self.field(d, 3),
        }
    }

    /// The rows of the documents of a catalog's base index (what [`write`] puts in the file;
    /// an overlay is not part of a snapshot).
    fn rows_of(cat: &Catalog) -> (Vec<u8>, Vec<u32>, Vec<u8>) {
        let n = cat.index().len();
        let mut soort = Vec::with_capacity(n);
        let mut off = Vec::with_capacity(n * ROW_FIELDS + 1);
        let mut text = Vec::new();
        off.push(0u32);
        for d in 0..n as u32 {
            let e = cat.entry(cat.doc(d));
            soort.push(u8::from(e.is_regeling()));
            let org = e.organisatie().map(|o| o.naam.as_str()).unwrap_or("");
            for s in [e.id(), e.naam(), org, &e.plaats()] {
                text.extend_from_slice(s.as_bytes());
                off.push(text.len() as u32);
            }
        }
        (soort, off, text)
    }
}

fn pad8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// Write the snapshot of `cat` (built from the map at `versie`) to `path`, atomically.
pub fn write(path: &Path, cat: &Catalog, versie: u64) -> std::io::Result<()> {
    let (soort, text_off, text) = Snapshot::rows_of(cat);
    let p = cat.index().parts();
    let synonyms = serde_json::to_vec(p.synonyms).map_err(std::io::Error::other)?;
    let sections: [&[u8]; SECTIONS] = [
        p.vocab_bytes,
        as_bytes(p.vocab_off),
        as_bytes(p.vocab_mask),
        as_bytes(p.post_off),
        as_bytes(p.postings),
        as_bytes(p.fwd_off),
        as_bytes(p.fwd),
        &synonyms,
        &soort,
        as_bytes(&text_off),
        &text,
    ];
    let mut header = vec![0u8; HEADER_LEN];
    let mut pos = HEADER_LEN;
    for (i, s) in sections.iter().enumerate() {
        let at = H_TABLE + i * 16;
        header[at..at + 8].copy_from_slice(&(pos as u64).to_le_bytes());
        header[at + 8..at + 16].copy_from_slice(&(s.len() as u64).to_le_bytes());
        pos = pad8(pos + s.len());
    }
    header[0..8].copy_from_slice(MAGIC);
    header[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    header[12..16].copy_from_slice(&ENDIAN.to_le_bytes());
    header[16..24].copy_from_slice(&versie.to_le_bytes());
    header[24..32].copy_from_slice(&(soort.len() as u64).to_le_bytes());
    header[32..40].copy_from_slice(&(pos as u64).to_le_bytes());
    header[48..52].copy_from_slice(&(p.n_docs).to_le_bytes());
    const ZEROS: [u8; 8] = [0; 8];
    let mut crc = crc32fast::Hasher::new();
    crc.update(&header);
    for s in &sections {
        crc.update(s);
        crc.update(&ZEROS[..pad8(s.len()) - s.len()]);
    }
    header[H_CRC..H_CRC + 4].copy_from_slice(&crc.finalize().to_le_bytes());

    let tmp = tmp_path(path);
    let result = (|| {
        // With PostgreSQL the data directory (the cache's place) may not exist yet.
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let f = std::fs::File::create(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        w.write_all(&header)?;
        for s in &sections {
            w.write_all(s)?;
            w.write_all(&ZEROS[..pad8(s.len()) - s.len()])?;
        }
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(format!(".{}.tmp", std::process::id()));
    path.with_file_name(name)
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(b[at..at + 4].try_into().expect("4 bytes"))
}
fn u64_at(b: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"))
}

/// The versie a snapshot file says it has, from its header only (no checks of the body).
pub fn peek_versie(path: &Path) -> Option<u64> {
    use std::io::Read;
    let mut h = [0u8; 24];
    std::fs::File::open(path).ok()?.read_exact(&mut h).ok()?;
    (&h[0..8] == MAGIC && u32_at(&h, 8) == FORMAT).then(|| u64_at(&h, 16))
}

/// The record count a snapshot file says it has, from its header only: a cheap total for the
/// progress display while the map loads (sled can only count by reading every key).
pub fn peek_count(path: &Path) -> Option<usize> {
    use std::io::Read;
    let mut h = [0u8; 32];
    std::fs::File::open(path).ok()?.read_exact(&mut h).ok()?;
    (&h[0..8] == MAGIC && u32_at(&h, 8) == FORMAT).then(|| u64_at(&h, 24) as usize)
}

/// Map and check the snapshot at `path`. Any doubt is an error: a missing file is
/// [`Fout::Ontbreekt`], anything else that is not exactly what [`write`] wrote is
/// [`Fout::Beschadigd`].
pub fn open(path: &Path) -> Result<Snapshot, Fout> {
    let bad = |w: &str| Fout::Beschadigd(w.to_string());
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Fout::Ontbreekt),
        Err(e) => return Err(Fout::Beschadigd(format!("niet te openen: {}", e.kind()))),
    };
    let len = file.metadata().map_err(|e| Fout::Beschadigd(e.kind().to_string()))?.len() as usize;
    if len < HEADER_LEN {
        return Err(bad("korter dan de kop"));
    }
    // SAFETY: the file is only ever replaced by a rename (see `write`), never changed in
    // place, so the mapped bytes stay as they were while mapped.
    let map = Arc::new(unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Fout::Beschadigd(e.kind().to_string()))?);
    let b: &[u8] = &map;
    if &b[0..8] != MAGIC {
        return Err(bad("geen zoekindex van loket"));
    }
    if u32_at(b, 8) != FORMAT || u32_at(b, 12) != ENDIAN {
        return Err(bad("andere versie van het formaat"));
    }
    if u64_at(b, 32) != len as u64 {
        return Err(bad("afgekapt of verlengd"));
    }
    let mut crc = crc32fast::Hasher::new();
    crc.update(&b[..H_CRC]);
    crc.update(&[0; 4]);
    crc.update(&b[H_CRC + 4..]);
    if crc.finalize() != u32_at(b, H_CRC) {
        return Err(bad("controlegetal klopt niet"));
    }
    let versie = u64_at(b, 16);
    let n_rows = u64_at(b, 24) as usize;
    let n_docs = u32_at(b, 48);
    let section = |i: usize| -> (usize, usize) {
        let at = H_TABLE + i * 16;
        (u64_at(b, at) as usize, u64_at(b, at + 8) as usize)
    };
    fn arr<T: crate::search::flat::Plain>(
        map: &Arc<memmap2::Mmap>,
        (off, bytes): (usize, usize),
    ) -> Result<Arr<T>, Fout> {
        let size = std::mem::size_of::<T>();
        if !bytes.is_multiple_of(size) {
            return Err(Fout::Beschadigd("sectie van een vreemde lengte".into()));
        }
        Arr::mapped(map, off, bytes / size).ok_or_else(|| Fout::Beschadigd("sectie buiten het bestand".into()))
    }
    let (so, sl) = section(7);
    let syn_bytes = b.get(so..so.saturating_add(sl)).ok_or_else(|| bad("synoniemen buiten het bestand"))?;
    let synonyms: Vec<Vec<String>> = serde_json::from_slice(syn_bytes).map_err(|_| bad("synoniemen onleesbaar"))?;
    let parts = OwnedParts {
        vocab_bytes: arr(&map, section(0))?,
        vocab_off: arr(&map, section(1))?,
        vocab_mask: arr(&map, section(2))?,
        post_off: arr(&map, section(3))?,
        postings: arr(&map, section(4))?,
        fwd_off: arr(&map, section(5))?,
        fwd: arr(&map, section(6))?,
        n_docs,
        synonyms,
    };
    let index = SearchIndex::from_parts(parts).map_err(Fout::Beschadigd)?;
    index.check_entries().map_err(Fout::Beschadigd)?;
    let soort: Arr<u8> = arr(&map, section(8))?;
    let text_off: Arr<u32> = arr(&map, section(9))?;
    let text: Arr<u8> = arr(&map, section(10))?;
    if soort.len() != n_rows || index.len() != n_rows || text_off.len() != n_rows * ROW_FIELDS + 1 {
        return Err(bad("aantal rijen klopt niet"));
    }
    let s = std::str::from_utf8(&text).map_err(|_| bad("rijen: geen geldige tekst"))?;
    if text_off[0] != 0
        || text_off.last() != Some(&(text.len() as u32))
        || !text_off.windows(2).all(|w| w[0] <= w[1] && s.is_char_boundary(w[1] as usize))
    {
        return Err(bad("rijen: verschuivingen kloppen niet"));
    }
    Ok(Snapshot { versie, index, soort, text_off, text })
}

/// A snapshot of `cat` in memory, the same as [`write`] then [`open`] would give (used when
/// the file can't be written, and by tests).
pub fn in_memory(cat: &Catalog, versie: u64) -> Snapshot {
    let (soort, text_off, text) = Snapshot::rows_of(cat);
    let p = cat.index().parts();
    let index = SearchIndex::from_parts(OwnedParts {
        vocab_bytes: p.vocab_bytes.to_vec().into(),
        vocab_off: p.vocab_off.to_vec().into(),
        vocab_mask: p.vocab_mask.to_vec().into(),
        post_off: p.post_off.to_vec().into(),
        postings: p.postings.to_vec().into(),
        fwd_off: p.fwd_off.to_vec().into(),
        fwd: p.fwd.to_vec().into(),
        n_docs: p.n_docs,
        synonyms: p.synonyms.to_vec(),
    })
    .expect("a built index is consistent");
    Snapshot { versie, index, soort: soort.into(), text_off: text_off.into(), text: text.into() }
}

/// Is `snap` the snapshot of the map at `versie`, built with `synonyms`?
pub fn is_current(snap: &Snapshot, versie: u64, synonyms: &[Vec<String>]) -> bool {
    snap.versie == versie && snap.index.parts().synonyms == synonyms
}

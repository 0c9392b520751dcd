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

use super::kenmerken::{self, Kenmerken, GEEN, WIJK};
use super::Catalog;
use loket_domain::kaart::{Doelgroep, Toegang, Wet};
use loket_search::flat::{as_bytes, Arr};
use loket_search::index::OwnedParts;
use loket_search::SearchIndex;

/// The file beside the embedded store (in the data directory).
pub const FILE_NAME: &str = "zoekindex.bin";
pub(crate) const MAGIC: &[u8; 8] = b"LOKETZI\0";
/// Raised whenever the layout or the meaning of a section changes.
/// 2: the filter facts, organisations, places and an id order per row (the map is not
/// kept in memory; details are read from the store by key).
pub(crate) const FORMAT: u32 = 2;
pub(crate) const ENDIAN: u32 = 0x0A0B_0C0D;
pub(crate) const HEADER_LEN: usize = 512;
pub(crate) const SECTIONS: usize = 20;
/// Offsets in the header.
pub(crate) const H_CRC: usize = 40;
pub(crate) const H_TABLE: usize = 56;
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
    /// Four numbers per row: see [`kenmerken::pack`].
    attr: Arr<u32>,
    /// place[place_off[d]..place_off[d + 1]]: the place keys of row d (ids into `places`, a
    /// wijk key with [`WIJK`] set).
    place_off: Arr<u32>,
    place: Arr<u32>,
    /// Place keys, sorted.
    places: Tekst,
    /// Organisation ids, sorted (a row's organisation is a number into this).
    orgs: Tekst,
    /// Row numbers in the order of their ids (a voorziening before a regeling of the same id).
    by_key: Arr<u32>,
    /// Gemeenten and their wijken, for the filter keys.
    pub gemeenten: Vec<(String, Vec<String>)>,
    /// The mapped file (None: built in memory).
    map: Option<Arc<memmap2::Mmap>>,
}

/// Strings in one byte blob: string i is text[off[i]..off[i + 1]].
#[derive(Debug, Default)]
pub(crate) struct Tekst {
    off: Arr<u32>,
    text: Arr<u8>,
}

impl Tekst {
    pub(crate) fn build<'a>(items: impl IntoIterator<Item = &'a str>) -> (Vec<u32>, Vec<u8>) {
        let mut off = vec![0u32];
        let mut text = Vec::new();
        for s in items {
            text.extend_from_slice(s.as_bytes());
            off.push(text.len() as u32);
        }
        (off, text)
    }
    fn len(&self) -> usize {
        self.off.len().saturating_sub(1)
    }
    fn get(&self, i: usize) -> &str {
        let (a, b) = (self.off[i] as usize, self.off[i + 1] as usize);
        std::str::from_utf8(&self.text[a..b]).unwrap_or("")
    }
    /// Index of `s` in a sorted table.
    fn find(&self, s: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(s) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }
    fn check(&self, what: &str) -> Result<(), Fout> {
        let bad = || Fout::Beschadigd(format!("{what}: verschuivingen kloppen niet"));
        let s = std::str::from_utf8(&self.text).map_err(|_| Fout::Beschadigd(format!("{what}: geen geldige tekst")))?;
        if self.off.first() != Some(&0)
            || self.off.last() != Some(&(self.text.len() as u32))
            || !self.off.windows(2).all(|w| w[0] <= w[1] && s.is_char_boundary(w[1] as usize))
        {
            return Err(bad());
        }
        Ok(())
    }
}

/// Filters turned into the snapshot's numbers once, before a search.
#[derive(Debug, Clone)]
pub struct Filter {
    f: super::Filters,
    /// The gemeente key's number (None: no entry names it, only landelijke pass).
    gemeente: Option<u32>,
    wijk: Option<u32>,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Snapshot(versie {}, {} rijen)", self.versie, self.len())
    }
}

impl Snapshot {
    /// Let the operating system take back the memory of the file's pages this process has
    /// read (opening reads them all, for the checksum): what is looked at later is read again
    /// from the page cache. For an earlier snapshot searched while the next one is written.
    pub fn paginas_loslaten(&self) {
        // a shared, read-only mapping of a file that is never changed in place (only replaced by
        // a rename, see `write`)
        if let Some(map) = &self.map {
            loket_base::platform::gelezen_paginas_loslaten(map);
        }
    }

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

    /// The filter facts of row `d` (a damaged row: the facts of an empty entry).
    pub fn kenmerken(&self, d: u32) -> Kenmerken {
        let d = d as usize;
        let a = [self.attr[4 * d], self.attr[4 * d + 1], self.attr[4 * d + 2], self.attr[4 * d + 3]];
        let mut k = kenmerken::unpack(a).unwrap_or(Kenmerken {
            wet: Wet::Welzijn,
            toegang: Toegang::Vrij,
            landelijk: true,
            doelgroepen: Vec::new(),
            geverifieerd: None,
            gemeenten: Vec::new(),
            wijken: Vec::new(),
        });
        for &p in &self.place[self.place_off[d] as usize..self.place_off[d + 1] as usize] {
            let key = self.places.get((p & !WIJK) as usize).to_string();
            if p & WIJK != 0 {
                k.wijken.push(key);
            } else {
                k.gemeenten.push(key);
            }
        }
        k
    }

    /// When row `d` was last verified (without reading its other facts).
    pub fn geverifieerd(&self, d: u32) -> Option<chrono::NaiveDate> {
        match self.attr[4 * d as usize + 3] {
            GEEN => None,
            n => chrono::NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?),
        }
    }

    /// The organisation id of row `d`, if it has one.
    pub fn organisatie_id(&self, d: u32) -> Option<&str> {
        self.organisatie_nr(d).map(|o| self.orgs.get(o as usize))
    }

    /// The number of row `d`'s organisation in [`Snapshot::organisatie_nr_van`]'s table.
    pub fn organisatie_nr(&self, d: u32) -> Option<u32> {
        Some(self.attr[4 * d as usize + 2]).filter(|&o| o != GEEN)
    }

    /// Number of organisations on the map.
    pub fn organisaties(&self) -> usize {
        self.orgs.len()
    }

    /// The number of an organisation id (None: not on the map).
    pub fn organisatie_nr_van(&self, id: &str) -> Option<u32> {
        self.orgs.find(id)
    }

    /// The id of organisation number `o`.
    pub fn organisatie(&self, o: u32) -> &str {
        self.orgs.get(o as usize)
    }

    /// The row of an entry id (a voorziening before a regeling of the same id).
    pub fn find(&self, id: &str) -> Option<u32> {
        let (mut lo, mut hi) = (0usize, self.by_key.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.row(self.by_key[mid]).id.cmp(id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                _ => hi = mid,
            }
        }
        self.by_key.get(lo).copied().filter(|&d| self.row(d).id == id)
    }

    /// Number of regelingen: rows 0..n are regelingen, the rest voorzieningen.
    pub fn regelingen(&self) -> usize {
        self.soort.iter().take_while(|&&s| s == 1).count()
    }

    /// The filters in this snapshot's numbers.
    pub fn filter(&self, f: &super::Filters) -> Filter {
        Filter {
            f: f.clone(),
            gemeente: f.gemeente.as_deref().and_then(|g| self.places.find(&kenmerken::gemeente_sleutel(g))),
            wijk: f.wijk.as_deref().and_then(|w| self.places.find(&kenmerken::wijk_sleutel(w))),
        }
    }

    /// Does row `d` pass the filter? The same answer as [`super::Filters::accepts`] on the entry.
    pub fn door_filter(&self, d: u32, f: &Filter) -> bool {
        let d = d as usize;
        let a0 = self.attr[4 * d];
        let ff = &f.f;
        if let Some(w) = ff.wet {
            if Wet::ALL.get((a0 & 0xff) as usize) != Some(&w) {
                return false;
            }
        }
        if let Some(t) = ff.toegang {
            if Toegang::ALL.get((a0 >> 8 & 0xff) as usize) != Some(&t) {
                return false;
            }
        }
        if let Some(g) = ff.doelgroep {
            let bit = |x: Doelgroep| Doelgroep::ALL.iter().position(|y| *y == x).map(|i| 1u32 << i).unwrap_or(0);
            if self.attr[4 * d + 1] & (bit(g) | bit(Doelgroep::Iedereen)) == 0 {
                return false;
            }
        }
        let places = || &self.place[self.place_off[d] as usize..self.place_off[d + 1] as usize];
        if ff.gemeente.is_some() && a0 >> 16 & 1 == 0 {
            match f.gemeente {
                Some(g) if places().contains(&g) => {}
                _ => return false,
            }
        }
        if ff.wijk.is_some() {
            match f.wijk {
                Some(w) if places().contains(&(w | WIJK)) => {}
                _ => return false,
            }
        }
        true
    }
}

/// Everything of a catalog's base that goes into the file beside the index.
struct Tables {
    soort: Vec<u8>,
    text_off: Vec<u32>,
    text: Vec<u8>,
    attr: Vec<u32>,
    place_off: Vec<u32>,
    place: Vec<u32>,
    places: (Vec<u32>, Vec<u8>),
    orgs: (Vec<u32>, Vec<u8>),
    by_key: Vec<u32>,
    gemeenten: Vec<u8>,
}

impl Tables {
    /// The rows of the documents of a catalog's base index (what [`write`] puts in the file;
    /// an overlay is not part of a snapshot).
    fn of(cat: &Catalog) -> Tables {
        let n = cat.index().len();
        let mut soort = Vec::with_capacity(n);
        let mut text_off = Vec::with_capacity(n * ROW_FIELDS + 1);
        let mut text = Vec::new();
        text_off.push(0u32);
        let mut org_ids: Vec<&str> = cat.organisatie_ids();
        org_ids.sort_unstable();
        org_ids.dedup();
        let mut facts = Vec::with_capacity(n);
        let mut ids = Vec::with_capacity(n);
        for d in 0..n as u32 {
            let e = cat.entry(cat.doc(d));
            soort.push(u8::from(e.is_regeling()));
            let org = e.organisatie().map(|o| o.naam.as_str()).unwrap_or("");
            for s in [e.id(), e.naam(), org, &e.plaats()] {
                text.extend_from_slice(s.as_bytes());
                text_off.push(text.len() as u32);
            }
            let org_nr = e
                .organisatie()
                .and_then(|o| org_ids.binary_search(&o.id.as_str()).ok())
                .map(|i| i as u32)
                .unwrap_or(GEEN);
            facts.push((Kenmerken::van(&e), org_nr));
            ids.push((e.id(), e.is_regeling(), d));
        }
        let mut keys: Vec<&str> =
            facts.iter().flat_map(|(k, _)| k.gemeenten.iter().chain(k.wijken.iter()).map(|s| s.as_str())).collect();
        keys.sort_unstable();
        keys.dedup();
        let nr = |s: &str| keys.binary_search(&s).expect("collected above") as u32;
        let mut attr = Vec::with_capacity(4 * n);
        let mut place_off = vec![0u32];
        let mut place = Vec::new();
        for (k, org) in &facts {
            attr.extend(kenmerken::pack(k, *org));
            place.extend(k.gemeenten.iter().map(|g| nr(g)));
            place.extend(k.wijken.iter().map(|w| nr(w) | WIJK));
            place_off.push(place.len() as u32);
        }
        ids.sort_unstable();
        let by_key = ids.into_iter().map(|(_, _, d)| d).collect();
        let gemeenten = serde_json::to_vec(&cat.gemeenten).expect("strings to JSON");
        Tables {
            soort,
            text_off,
            text,
            attr,
            place_off,
            place,
            places: Tekst::build(keys.iter().copied()),
            orgs: Tekst::build(org_ids.iter().copied()),
            by_key,
            gemeenten,
        }
    }
}

pub(crate) fn pad8(n: usize) -> usize {
    n.div_ceil(8) * 8
}

/// The header of a file with sections of these lengths, its checksum field still zero.
pub(crate) fn header(lens: &[usize; SECTIONS], versie: u64, n_rows: usize, n_docs: u32) -> Vec<u8> {
    let mut header = vec![0u8; HEADER_LEN];
    let mut pos = HEADER_LEN;
    for (i, len) in lens.iter().enumerate() {
        let at = H_TABLE + i * 16;
        header[at..at + 8].copy_from_slice(&(pos as u64).to_le_bytes());
        header[at + 8..at + 16].copy_from_slice(&(*len as u64).to_le_bytes());
        pos = pad8(pos + len);
    }
    header[0..8].copy_from_slice(MAGIC);
    header[8..12].copy_from_slice(&FORMAT.to_le_bytes());
    header[12..16].copy_from_slice(&ENDIAN.to_le_bytes());
    header[16..24].copy_from_slice(&versie.to_le_bytes());
    header[24..32].copy_from_slice(&(n_rows as u64).to_le_bytes());
    header[32..40].copy_from_slice(&(pos as u64).to_le_bytes());
    header[48..52].copy_from_slice(&n_docs.to_le_bytes());
    header
}

/// Write the snapshot of `cat` (built from the map at `versie`) to `path`, atomically.
pub fn write(path: &Path, cat: &Catalog, versie: u64) -> std::io::Result<()> {
    let t = Tables::of(cat);
    let p = cat.index().parts();
    let synonyms = serde_json::to_vec(p.synonyms).map_err(std::io::Error::other)?;
    let soort = &t.soort;
    let sections: [&[u8]; SECTIONS] = [
        p.vocab_bytes,
        as_bytes(p.vocab_off),
        as_bytes(p.vocab_mask),
        as_bytes(p.post_off),
        as_bytes(p.postings),
        as_bytes(p.fwd_off),
        as_bytes(p.fwd),
        &synonyms,
        soort,
        as_bytes(&t.text_off),
        &t.text,
        as_bytes(&t.attr),
        as_bytes(&t.place_off),
        as_bytes(&t.place),
        as_bytes(&t.places.0),
        &t.places.1,
        as_bytes(&t.orgs.0),
        &t.orgs.1,
        as_bytes(&t.by_key),
        &t.gemeenten,
    ];
    let lens = sections.map(|s| s.len());
    let mut header = header(&lens, versie, soort.len(), p.n_docs);
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

pub(crate) fn tmp_path(path: &Path) -> PathBuf {
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
    fn arr<T: loket_search::flat::Plain>(
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
    let rows = Tekst { off: text_off, text };
    rows.check("rijen")?;
    let Tekst { off: text_off, text } = rows;
    let (go, gl) = section(19);
    let g_bytes = b.get(go..go.saturating_add(gl)).ok_or_else(|| bad("gemeenten buiten het bestand"))?;
    let gemeenten = serde_json::from_slice(g_bytes).map_err(|_| bad("gemeenten onleesbaar"))?;
    let snap = Snapshot {
        versie,
        index,
        soort,
        text_off,
        text,
        attr: arr(&map, section(11))?,
        place_off: arr(&map, section(12))?,
        place: arr(&map, section(13))?,
        places: Tekst { off: arr(&map, section(14))?, text: arr(&map, section(15))? },
        orgs: Tekst { off: arr(&map, section(16))?, text: arr(&map, section(17))? },
        by_key: arr(&map, section(18))?,
        gemeenten,
        map: Some(map.clone()),
    };
    snap.check()?;
    Ok(snap)
}

impl Snapshot {
    /// Every number of the row tables within bounds (the index is checked by itself).
    fn check(&self) -> Result<(), Fout> {
        let bad = |w: &str| Err(Fout::Beschadigd(w.to_string()));
        let n = self.soort.len();
        self.places.check("plaatsen")?;
        self.orgs.check("organisaties")?;
        if self.attr.len() != 4 * n || self.place_off.len() != n + 1 || self.by_key.len() != n {
            return bad("kenmerken: aantal klopt niet");
        }
        if self.place_off[0] != 0
            || self.place_off.last() != Some(&(self.place.len() as u32))
            || !self.place_off.windows(2).all(|w| w[0] <= w[1])
        {
            return bad("plaatsen: verschuivingen kloppen niet");
        }
        if self.place.iter().any(|&p| (p & !WIJK) as usize >= self.places.len()) {
            return bad("plaatsen: nummer buiten de lijst");
        }
        let orgs = self.orgs.len();
        for d in 0..n {
            let a = [self.attr[4 * d], self.attr[4 * d + 1], self.attr[4 * d + 2], self.attr[4 * d + 3]];
            if !kenmerken::geldig(a) || (a[2] != GEEN && a[2] as usize >= orgs) {
                return bad("kenmerken: waarde buiten bereik");
            }
        }
        if self.by_key.iter().any(|&d| d as usize >= n) {
            return bad("volgorde: nummer buiten de lijst");
        }
        let r = self.regelingen();
        if self.soort[r..].iter().any(|&s| s != 0) {
            return bad("rijen: regelingen niet vooraan");
        }
        Ok(())
    }
}

/// A snapshot of `cat` in memory, the same as [`write`] then [`open`] would give (used when
/// the file can't be written, and by tests).
pub fn in_memory(cat: &Catalog, versie: u64) -> Snapshot {
    let t = Tables::of(cat);
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
    Snapshot {
        versie,
        index,
        soort: t.soort.into(),
        text_off: t.text_off.into(),
        text: t.text.into(),
        attr: t.attr.into(),
        place_off: t.place_off.into(),
        place: t.place.into(),
        places: Tekst { off: t.places.0.into(), text: t.places.1.into() },
        orgs: Tekst { off: t.orgs.0.into(), text: t.orgs.1.into() },
        by_key: t.by_key.into(),
        gemeenten: cat.gemeenten.clone(),
        map: None,
    }
}

/// Is `snap` the snapshot of the map at `versie`, built with `synonyms`?
pub fn is_current(snap: &Snapshot, versie: u64, synonyms: &[Vec<String>]) -> bool {
    snap.versie == versie && snap.index.parts().synonyms == synonyms
}

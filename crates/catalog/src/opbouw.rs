//! The search snapshot written from a stream of the map's records, without holding the map:
//! the same file as [`snapshot::write`] of [`Catalog::build`](super::Catalog::build) of the
//! same records, byte for byte.
//!
//! Each record is turned into its row and its index entries as it comes, and those are written
//! to temporary files at once (in a directory beside the snapshot, removed afterwards). Kept in
//! memory are only what the whole map shares and what can't be known before its end: the
//! vocabulary (with the synonym members), the organisations (without their source objects),
//! the place keys, the ids for the id order (one small blob) and the gemeente list. At the end
//! the sections are written in file order from those files: word and organisation numbers
//! become their sorted numbers, and the posting lists (the forward lists turned around) are
//! made a window at a time, each window one read of the forward lists. So memory grows with
//! the vocabulary and the number of ids, not with the records' text or their index entries.
//!
//! Records may come in any order of kinds (the index numbers regelingen before voorzieningen,
//! as the catalog does), but an organisation must come before the entries that name it, as a
//! store lists them; otherwise the result is an error and nothing is written.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::kenmerken::{self, Kenmerken, GEEN, WIJK};
use super::snapshot::{self, pad8, Tekst, FILE_NAME, H_CRC, SECTIONS};
use super::{regeling_fields, voorziening_fields, Entry, Plaatsen};
use loket_domain::beheer::Record;
use loket_domain::kaart::{Organisatie, Regeling, Voorziening};
use loket_search::index::{posting, Vocabulaire, Woorden};

/// Postings made per read of the forward lists (4 bytes each): 64 MiB.
const VENSTER: usize = 16 << 20;

/// A file of numbers or bytes written one after another, read back once or more.
struct Spill {
    path: PathBuf,
    w: Option<io::BufWriter<File>>,
    /// Bytes written.
    len: u64,
}

impl Spill {
    fn new(dir: &Path, name: &str) -> io::Result<Spill> {
        let path = dir.join(name);
        let w = Some(io::BufWriter::with_capacity(1 << 16, File::create(&path)?));
        Ok(Spill { path, w, len: 0 })
    }
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.len += b.len() as u64;
        self.w.as_mut().expect("open for writing").write_all(b)
    }
    fn u32s(&mut self, xs: &[u32]) -> io::Result<()> {
        for x in xs {
            self.bytes(&x.to_le_bytes())?;
        }
        Ok(())
    }
    fn close(&mut self) -> io::Result<()> {
        if let Some(w) = self.w.take() {
            w.into_inner().map_err(|e| e.into_error())?;
        }
        Ok(())
    }
    fn n_u32(&self) -> usize {
        (self.len / 4) as usize
    }
    fn reader(&self) -> io::Result<U32s> {
        Ok(U32s { f: File::open(&self.path)?, buf: Vec::new(), at: 0, left: self.len / 4 })
    }
}

/// The numbers of a [`Spill`], in order.
struct U32s {
    f: File,
    buf: Vec<u32>,
    at: usize,
    left: u64,
}

impl U32s {
    fn next(&mut self) -> io::Result<u32> {
        if self.at == self.buf.len() {
            let n = self.left.min(1 << 14) as usize;
            if n == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "tijdelijk bestand korter dan verwacht"));
            }
            let mut bytes = vec![0u8; 4 * n];
            self.f.read_exact(&mut bytes)?;
            self.buf.clear();
            self.buf.extend(bytes.chunks_exact(4).map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes"))));
            self.left -= n as u64;
            self.at = 0;
        }
        self.at += 1;
        Ok(self.buf[self.at - 1])
    }
}

/// What is written per row of one kind (regelingen, voorzieningen), in arrival order.
struct Deel {
    /// Provisional index entries ([`Woorden::doc`]), and their number per row.
    fwd: Spill,
    fwd_len: Spill,
    /// The four display fields' bytes, and their lengths (four per row).
    text: Spill,
    text_len: Spill,
    /// Four numbers per row ([`kenmerken::pack`]), the organisation's provisional number.
    attr: Spill,
    /// Provisional place keys (a wijk's with [`WIJK`]), and their number per row.
    place: Spill,
    place_len: Spill,
    rows: u32,
}

impl Deel {
    fn new(dir: &Path, kind: &str) -> io::Result<Deel> {
        let s = |n: &str| Spill::new(dir, &format!("{kind}.{n}"));
        Ok(Deel {
            fwd: s("fwd")?,
            fwd_len: s("fwd_len")?,
            text: s("text")?,
            text_len: s("text_len")?,
            attr: s("attr")?,
            place: s("place")?,
            place_len: s("place_len")?,
            rows: 0,
        })
    }
    fn close(&mut self) -> io::Result<()> {
        for s in [
            &mut self.fwd,
            &mut self.fwd_len,
            &mut self.text,
            &mut self.text_len,
            &mut self.attr,
            &mut self.place,
            &mut self.place_len,
        ] {
            s.close()?;
        }
        Ok(())
    }
}

/// The temporary directory, removed with everything in it when dropped.
struct Werkmap(PathBuf);

impl Drop for Werkmap {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes the search snapshot of the records given to it (see the module's text).
pub struct Bouwer {
    path: PathBuf,
    synonyms: Vec<Vec<String>>,
    woorden: Woorden,
    /// By id: the provisional number, and the organisation (the last one given of that id,
    /// as the catalog finds it).
    orgs: HashMap<String, (u32, Organisatie)>,
    org_ids: Vec<String>,
    places: HashMap<String, u32>,
    place_keys: Vec<String>,
    plaatsen: Plaatsen,
    /// Regelingen, voorzieningen.
    delen: [Deel; 2],
    /// Every row's id, in arrival order: ids[id_off[i]..id_off[i + 1]], and its kind and number
    /// within the kind (a regeling's with the high bit).
    ids: Vec<u8>,
    id_off: Vec<u32>,
    id_row: Vec<u32>,
    entries_seen: bool,
    fout: Option<io::Error>,
    venster: usize,
    // last, so the directory goes after the files in it are closed
    _werkmap: Werkmap,
}

const REGELING: u32 = 1 << 31;

impl Bouwer {
    /// A writer of the snapshot at `path`, its index built with `synonyms`.
    pub fn new(path: &Path, synonyms: &[Vec<String>]) -> io::Result<Bouwer> {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| FILE_NAME.into());
        let dir = path.with_file_name(format!("{name}.{}.bouw", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        opruimen(path, &name);
        std::fs::create_dir_all(&dir)?;
        let werkmap = Werkmap(dir);
        let delen = [Deel::new(&werkmap.0, "r")?, Deel::new(&werkmap.0, "v")?];
        Ok(Bouwer {
            path: path.to_path_buf(),
            synonyms: synonyms.to_vec(),
            woorden: Woorden::new(synonyms),
            orgs: HashMap::new(),
            org_ids: Vec::new(),
            places: HashMap::new(),
            place_keys: Vec::new(),
            plaatsen: Plaatsen::default(),
            delen,
            ids: Vec::new(),
            id_off: vec![0],
            id_row: Vec::new(),
            entries_seen: false,
            fout: None,
            venster: VENSTER,
            _werkmap: werkmap,
        })
    }

    /// Make the posting lists `n` at a time (tests: many windows on a small map).
    pub fn met_venster(mut self, n: usize) -> Bouwer {
        self.venster = n.max(1);
        self
    }

    /// Number of rows so far.
    pub fn len(&self) -> usize {
        self.id_row.len()
    }
    pub fn is_empty(&self) -> bool {
        self.id_row.is_empty()
    }

    pub fn record(&mut self, r: Record) {
        match r {
            Record::Organisatie(o) => self.organisatie(o),
            Record::Regeling(r) => self.regeling(&r),
            Record::Voorziening(v) => self.voorziening(&v),
        }
    }

    pub fn organisatie(&mut self, o: Organisatie) {
        if self.entries_seen && self.fout.is_none() {
            self.fout = Some(io::Error::other("organisatie na de voorzieningen of regelingen"));
        }
        let next = self.org_ids.len() as u32;
        match self.orgs.get_mut(&o.id) {
            Some(slot) => slot.1 = o,
            None => {
                self.org_ids.push(o.id.clone());
                self.orgs.insert(o.id.clone(), (next, o));
            }
        }
    }

    pub fn regeling(&mut self, r: &Regeling) {
        let org = self.orgs.get(&r.organisatie_id).map(|(n, o)| (*n, o));
        let fields = regeling_fields(r, org.map(|x| x.1));
        let e = Entry::Regeling(r, org.map(|x| x.1));
        let (org_nr, kenm, plaats) = (org.map(|x| x.0).unwrap_or(GEEN), Kenmerken::van(&e), e.plaats());
        let naam = org.map(|x| x.1.naam.clone()).unwrap_or_default();
        self.rij(0, &r.id, &r.naam, &naam, &plaats, &fields, &kenm, org_nr);
    }

    pub fn voorziening(&mut self, v: &Voorziening) {
        self.plaatsen.add(v);
        let org = self.orgs.get(&v.organisatie_id).map(|(n, o)| (*n, o));
        let fields = voorziening_fields(v, org.map(|x| x.1));
        let e = Entry::Voorziening(v, org.map(|x| x.1));
        let (org_nr, kenm, plaats) = (org.map(|x| x.0).unwrap_or(GEEN), Kenmerken::van(&e), e.plaats());
        let naam = org.map(|x| x.1.naam.clone()).unwrap_or_default();
        self.rij(1, &v.id, &v.naam, &naam, &plaats, &fields, &kenm, org_nr);
    }

    #[allow(clippy::too_many_arguments)]
    fn rij(
        &mut self,
        kind: usize,
        id: &str,
        naam: &str,
        org: &str,
        plaats: &str,
        fields: &loket_search::DocFields,
        k: &Kenmerken,
        org_nr: u32,
    ) {
        if self.fout.is_some() {
            return;
        }
        self.entries_seen = true;
        let deel = &mut self.delen[kind];
        let local = deel.rows;
        self.ids.extend_from_slice(id.as_bytes());
        self.id_off.push(self.ids.len() as u32);
        self.id_row.push(local | if kind == 0 { REGELING } else { 0 });
        let mut place = Vec::with_capacity(k.gemeenten.len() + k.wijken.len());
        for (key, wijk) in k.gemeenten.iter().map(|g| (g, 0)).chain(k.wijken.iter().map(|w| (w, WIJK))) {
            let n = match self.places.get(key) {
                Some(&n) => n,
                None => {
                    let n = self.place_keys.len() as u32;
                    self.places.insert(key.clone(), n);
                    self.place_keys.push(key.clone());
                    n
                }
            };
            place.push(n | wijk);
        }
        let entries = self.woorden.doc(fields);
        let result = (|| {
            deel.fwd.u32s(entries)?;
            deel.fwd_len.u32s(&[entries.len() as u32])?;
            for s in [id, naam, org, plaats] {
                deel.text.bytes(s.as_bytes())?;
                deel.text_len.u32s(&[s.len() as u32])?;
            }
            deel.attr.u32s(&kenmerken::pack(k, org_nr))?;
            deel.place.u32s(&place)?;
            deel.place_len.u32s(&[place.len() as u32])
        })();
        deel.rows += 1;
        if let Err(e) = result {
            self.fout = Some(e);
        }
    }

    /// Write the snapshot of the records given (of map version `versie`) to the path, atomically
    /// (a temporary file renamed into place). The temporary files are removed.
    pub fn write(mut self, versie: u64) -> io::Result<()> {
        if let Some(e) = self.fout.take() {
            return Err(e);
        }
        for d in &mut self.delen {
            d.close()?;
        }
        let too_big = |n: u64| n > u32::MAX as u64;
        let fwd_total = self.delen[0].fwd.len / 4 + self.delen[1].fwd.len / 4;
        let text_total = self.delen[0].text.len + self.delen[1].text.len;
        let place_total = self.delen[0].place.len / 4 + self.delen[1].place.len / 4;
        if too_big(fwd_total) || too_big(text_total) || too_big(place_total) || too_big(self.ids.len() as u64) {
            return Err(io::Error::other("kaart te groot voor een zoekindex"));
        }
        let n_r = self.delen[0].rows;
        let n = self.len();
        let n_docs = n as u32;
        let Bouwer { woorden, .. } = &mut self;
        let woorden = std::mem::replace(woorden, Woorden::new(&[]));
        let vocab = woorden.vocabulaire();

        // Posting list lengths, in final word order.
        let mut post_off = vec![0u32; vocab.n_ids() + 1];
        for d in &self.delen {
            let mut r = d.fwd.reader()?;
            for _ in 0..d.fwd.n_u32() {
                post_off[vocab.id(r.next()?) as usize + 1] += 1;
            }
        }
        for i in 1..post_off.len() {
            post_off[i] += post_off[i - 1];
        }

        // Organisations and place keys in sorted order, and where each provisional one went.
        let mut org_order: Vec<u32> = (0..self.org_ids.len() as u32).collect();
        org_order.sort_unstable_by(|&a, &b| self.org_ids[a as usize].cmp(&self.org_ids[b as usize]));
        let org_remap = ranks(&org_order);
        let mut place_order: Vec<u32> = (0..self.place_keys.len() as u32).collect();
        place_order.sort_unstable_by(|&a, &b| self.place_keys[a as usize].cmp(&self.place_keys[b as usize]));
        let place_remap = ranks(&place_order);
        let orgs = Tekst::build(org_order.iter().map(|&i| self.org_ids[i as usize].as_str()));
        let places = Tekst::build(place_order.iter().map(|&i| self.place_keys[i as usize].as_str()));

        // The id order: (id, is a regeling, row), as the catalog's snapshot sorts it.
        let doc = |x: u32| if x & REGELING != 0 { x & !REGELING } else { n_r + x };
        let id_of = |i: usize| &self.ids[self.id_off[i] as usize..self.id_off[i + 1] as usize];
        let mut by_key: Vec<u32> = (0..n as u32).collect();
        by_key.sort_unstable_by(|&a, &b| {
            let (ra, rb) = (self.id_row[a as usize], self.id_row[b as usize]);
            (id_of(a as usize), ra & REGELING != 0, doc(ra)).cmp(&(id_of(b as usize), rb & REGELING != 0, doc(rb)))
        });
        for x in by_key.iter_mut() {
            *x = doc(self.id_row[*x as usize]);
        }
        let synonyms = serde_json::to_vec(&self.synonyms).map_err(io::Error::other)?;
        let gemeenten = serde_json::to_vec(&std::mem::take(&mut self.plaatsen).finish()).map_err(io::Error::other)?;

        let lens: [usize; SECTIONS] = [
            vocab.vocab_bytes.len(),
            4 * vocab.vocab_off.len(),
            4 * vocab.vocab_mask.len(),
            4 * post_off.len(),
            4 * fwd_total as usize,
            4 * (n + 1),
            4 * fwd_total as usize,
            synonyms.len(),
            n,
            4 * (4 * n + 1),
            text_total as usize,
            4 * 4 * n,
            4 * (n + 1),
            4 * place_total as usize,
            4 * places.0.len(),
            places.1.len(),
            4 * orgs.0.len(),
            orgs.1.len(),
            4 * n,
            gemeenten.len(),
        ];
        let mut header = snapshot::header(&lens, versie, n, n_docs);

        let tmp = snapshot::tmp_path(&self.path);
        let result = (|| {
            let f = File::create(&tmp)?;
            let mut w = Uit { w: io::BufWriter::with_capacity(1 << 20, f), crc: crc32fast::Hasher::new(), n: 0 };
            w.bytes(&header)?;
            let mut sectie = 0;
            let einde = |w: &mut Uit, sectie: &mut usize| -> io::Result<()> {
                debug_assert_eq!(w.n, lens[*sectie], "sectie {sectie}");
                let pad = pad8(w.n) - w.n;
                w.bytes(&[0u8; 8][..pad])?;
                w.n = 0;
                *sectie += 1;
                Ok(())
            };
            w.n = 0;
            w.bytes(&vocab.vocab_bytes)?;
            einde(&mut w, &mut sectie)?;
            w.u32s(&vocab.vocab_off)?;
            einde(&mut w, &mut sectie)?;
            w.u32s(&vocab.vocab_mask)?;
            einde(&mut w, &mut sectie)?;
            w.u32s(&post_off)?;
            einde(&mut w, &mut sectie)?;
            self.postings(&vocab, &post_off, n_r, &mut w)?;
            einde(&mut w, &mut sectie)?;
            self.offsets(|d| &d.fwd_len, 1, &mut w)?;
            einde(&mut w, &mut sectie)?;
            for d in &self.delen {
                let mut r = d.fwd.reader()?;
                for _ in 0..d.fwd.n_u32() {
                    w.u32s(&[vocab.entry(r.next()?)])?;
                }
            }
            einde(&mut w, &mut sectie)?;
            w.bytes(&synonyms)?;
            einde(&mut w, &mut sectie)?;
            w.bytes(&vec![1u8; n_r as usize])?;
            w.bytes(&vec![0u8; self.delen[1].rows as usize])?;
            einde(&mut w, &mut sectie)?;
            self.offsets(|d| &d.text_len, 4, &mut w)?;
            einde(&mut w, &mut sectie)?;
            for d in &self.delen {
                io::copy(&mut File::open(&d.text.path)?.take(d.text.len), &mut w)?;
            }
            einde(&mut w, &mut sectie)?;
            for d in &self.delen {
                let mut r = d.attr.reader()?;
                for i in 0..d.attr.n_u32() {
                    let x = r.next()?;
                    w.u32s(&[if i % 4 == 2 && x != GEEN { org_remap[x as usize] } else { x }])?;
                }
            }
            einde(&mut w, &mut sectie)?;
            self.offsets(|d| &d.place_len, 1, &mut w)?;
            einde(&mut w, &mut sectie)?;
            for d in &self.delen {
                let mut r = d.place.reader()?;
                for _ in 0..d.place.n_u32() {
                    let x = r.next()?;
                    w.u32s(&[place_remap[(x & !WIJK) as usize] | (x & WIJK)])?;
                }
            }
            einde(&mut w, &mut sectie)?;
            w.u32s(&places.0)?;
            einde(&mut w, &mut sectie)?;
            w.bytes(&places.1)?;
            einde(&mut w, &mut sectie)?;
            w.u32s(&orgs.0)?;
            einde(&mut w, &mut sectie)?;
            w.bytes(&orgs.1)?;
            einde(&mut w, &mut sectie)?;
            w.u32s(&by_key)?;
            einde(&mut w, &mut sectie)?;
            w.bytes(&gemeenten)?;
            einde(&mut w, &mut sectie)?;
            debug_assert_eq!(sectie, SECTIONS);
            let crc = w.crc.clone().finalize();
            header[H_CRC..H_CRC + 4].copy_from_slice(&crc.to_le_bytes());
            let mut f = w.w.into_inner().map_err(|e| e.into_error())?;
            f.seek(SeekFrom::Start(0))?;
            f.write_all(&header)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// Offsets from lengths written per row (`per` lengths a row), both kinds in doc order.
    fn offsets(&self, lens: impl Fn(&Deel) -> &Spill, per: usize, w: &mut Uit) -> io::Result<()> {
        let mut at = 0u32;
        w.u32s(&[0])?;
        for d in &self.delen {
            let s = lens(d);
            debug_assert_eq!(s.n_u32(), per * d.rows as usize);
            let mut r = s.reader()?;
            for _ in 0..s.n_u32() {
                at += r.next()?;
                w.u32s(&[at])?;
            }
        }
        Ok(())
    }

    /// The posting lists: every document in order, each entry put at its word's next place,
    /// a window of the lists at a time (one read of the forward lists per window).
    fn postings(&self, vocab: &Vocabulaire, post_off: &[u32], n_r: u32, w: &mut Uit) -> io::Result<()> {
        let total = *post_off.last().unwrap_or(&0) as usize;
        let mut lo = 0usize;
        let mut buf: Vec<u32> = Vec::new();
        while lo < total {
            let hi = (lo + self.venster).min(total);
            buf.clear();
            buf.resize(hi - lo, 0);
            let mut fill: Vec<u32> = post_off[..post_off.len() - 1].to_vec();
            for (k, d) in self.delen.iter().enumerate() {
                let mut lens = d.fwd_len.reader()?;
                let mut r = d.fwd.reader()?;
                for row in 0..d.rows {
                    let doc = if k == 0 { row } else { n_r + row };
                    for _ in 0..lens.next()? {
                        let e = r.next()?;
                        let id = vocab.id(e) as usize;
                        let at = fill[id] as usize;
                        fill[id] += 1;
                        if (lo..hi).contains(&at) {
                            buf[at - lo] = posting(doc, e);
                        }
                    }
                }
            }
            w.u32s(&buf)?;
            lo = hi;
        }
        Ok(())
    }
}

/// The output file, with its checksum and the length of the section being written.
struct Uit {
    w: io::BufWriter<File>,
    crc: crc32fast::Hasher,
    n: usize,
}

impl Uit {
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.crc.update(b);
        self.n += b.len();
        self.w.write_all(b)
    }
    fn u32s(&mut self, xs: &[u32]) -> io::Result<()> {
        self.bytes(loket_search::flat::as_bytes(xs))
    }
}

impl Write for Uit {
    fn write(&mut self, b: &[u8]) -> io::Result<usize> {
        self.bytes(b)?;
        Ok(b.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// For a sorted order of provisional numbers: each one's place in it.
fn ranks(order: &[u32]) -> Vec<u32> {
    let mut r = vec![0u32; order.len()];
    for (new, &old) in order.iter().enumerate() {
        r[old as usize] = new as u32;
    }
    r
}

/// Remove the temporary directories of writers that ended without removing them (a process
/// killed while writing): those of a process that no longer runs, or, where that can't be told,
/// older than a day. A writer still running keeps its own.
fn opruimen(path: &Path, name: &str) {
    let Some(dir) = path.parent() else { return };
    let Ok(list) = std::fs::read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) else {
        return;
    };
    let proc = Path::new("/proc/self").exists();
    for e in list.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(name))
            .and_then(|f| f.strip_prefix('.'))
            .and_then(|f| f.strip_suffix(".bouw"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let weg = if proc {
            pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
        } else {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|d| d > std::time::Duration::from_secs(24 * 3600))
        };
        if weg {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Write the snapshot of these records (of map version `versie`) to `path`, in bounded memory.
pub fn write(
    path: &Path,
    versie: u64,
    synonyms: &[Vec<String>],
    records: impl IntoIterator<Item = Record>,
) -> io::Result<()> {
    let mut b = Bouwer::new(path, synonyms)?;
    for r in records {
        b.record(r);
    }
    b.write(versie)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{synonyms, synth, Catalog};
    use loket_domain::kaart::Kaart;

    fn same_file(kaart: Kaart, venster: usize, naam: &str) {
        let dir = std::env::temp_dir().join(format!("loket-opbouw-{naam}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let syn = synonyms::synonyms();
        let (a, b) = (dir.join("a.bin"), dir.join("b.bin"));
        snapshot::write(&a, &Catalog::build_with_synonyms(kaart.clone(), &syn), 3).unwrap();
        let mut w = Bouwer::new(&b, &syn).unwrap().met_venster(venster);
        for r in Record::uit(kaart) {
            w.record(r);
        }
        w.write(3).unwrap();
        let same = std::fs::read(&a).unwrap() == std::fs::read(&b).unwrap();
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(same, "{naam}: the same bytes as snapshot::write of the whole catalog");
        assert_eq!(left.len(), 2, "{naam}: no temporary files left: {left:?}");
    }

    #[test]
    fn an_empty_map_gives_the_same_file() {
        same_file(Kaart::default(), VENSTER, "leeg");
    }

    #[test]
    fn one_posting_per_window_gives_the_same_file() {
        same_file(synth::generate(300, 3), 1, "venster1");
    }
}

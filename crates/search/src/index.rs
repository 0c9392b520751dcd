//! A word index that narrows the candidates before fuzzy ranking.
//!
//! Every document is a few text fields (name, category/keywords, place, other, description). Their words form
//! a sorted vocabulary; each word has a posting list of (document, field). A query is split into
//! terms; each term is matched against the *vocabulary* (far smaller than the documents) with the
//! fuzzy matcher (subsequence, so left-out letters are forgiven) and, for longer terms, an edit
//! distance to a word's prefix (swapped or wrong letters). A document matches when every term
//! matches one of its words; its score is the sum over terms of the best word score times the
//! weight of the field it was found in. Only the document lists of the matched words are touched,
//! and only the top `limit` hits are sorted.
//!
//! Desk synonyms: each synonym group is one extra "word" of the index (after the vocabulary),
//! given to every document that contains a member of the group (a phrase member only with its
//! words in order), in the field it was found in. A term that is a member (or a prefix or a
//! small typo of one) also matches the group, at [`SYNONYM_PCT`] of a direct hit; query words
//! that spell a phrase member are taken together.
//!
//! When no document has every term, the documents with the most terms are returned, marked
//! [`Results::partial`].

use std::collections::HashMap;
use std::sync::Arc;

use super::flat::Arr;
use super::matcher::Matcher;
use super::text::{char_mask, fold, for_each_word, prefix_edit_distance, words};

/// FxHash (as in rustc): a fast hash for the vocabulary map; the keys are our own words, not
/// attacker-chosen input, so a DoS-resistant hash buys nothing here.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);
impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = [0u8; 8];
            v[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}
type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// Number of text fields per document.
pub const FIELDS: usize = 5;
/// Field weights: name, category/keywords, place (gemeente, wijk, organisation), other, description.
const WEIGHTS: [i32; FIELDS] = [4, 3, 3, 2, 1];
/// Bits of a posting or forward entry that hold the field.
const FIELD_BITS: u32 = 3;
const FIELD_MASK: u32 = (1 << FIELD_BITS) - 1;
/// A synonym hit scores this share (percent) of a direct hit of the same term, so the entry
/// that says the typed word itself stays first, and one that says it only as a keyword can be
/// passed by one that has a synonym in its name.
pub const SYNONYM_PCT: i32 = 80;
/// The description field, searched at the lowest weight.
const DESCRIPTION: usize = 4;
/// Dutch function words that are not indexed from descriptions: in running text they are in
/// every record, make every posting list long and let "naar de kapper" match anything. Names and
/// keywords keep them ("Hulp bij scheiding"). Sorted, for a binary search.
const STOPWORDS: &[&str] = &[
    "aan", "als", "bij", "dan", "dat", "de", "die", "door", "een", "en", "er", "het", "hun", "in", "is", "je", "kan",
    "met", "na", "naar", "niet", "of", "om", "ook", "op", "over", "te", "tot", "u", "uit", "uw", "van", "voor", "wat",
    "wie", "wordt", "zijn", "zo",
];

/// Partial matches: a term whose posting lists are longer than this is checked on the
/// candidates instead of walked.
const PARTIAL_WALK_CAP: usize = 20_000;
/// While building, marks a synonym group among the word ids.
const GROUP_FLAG: u32 = 1 << 27;

/// The text of one document, by field.
pub type DocFields = [String; FIELDS];

#[derive(Debug, Default)]
pub struct SearchIndex {
    /// The sorted vocabulary: word w is vocab_bytes[vocab_off[w]..vocab_off[w+1]] (UTF-8).
    vocab_bytes: Arr<u8>,
    vocab_off: Arr<u32>,
    vocab_mask: Arr<u32>,
    /// postings[post_off[w]..post_off[w+1]] = doc << FIELD_BITS | field, ascending. Ids from
    /// `vocab_len()` on are synonym groups.
    post_off: Arr<u32>,
    postings: Arr<u32>,
    /// fwd[fwd_off[d]..fwd_off[d+1]] = word << FIELD_BITS | field.
    fwd_off: Arr<u32>,
    fwd: Arr<u32>,
    n_docs: u32,
    syn: SynTable,
    /// The synonym groups the index was built with (kept for the snapshot file).
    syn_groups: Vec<Vec<String>>,
    /// Unique per built index, so a [`Searcher`] never uses caches of another index.
    id: u64,
}

static NEXT_INDEX_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// All matching documents (after the filter), of which `hits` are the best.
    pub total: usize,
    /// No document had every word: these are the best partial matches ("niet alle woorden gevonden").
    pub partial: bool,
}

/// The synonym groups, folded: single-word members and phrase members, with their group.
#[derive(Debug, Default)]
struct SynTable {
    single: Vec<(Box<str>, u32)>,
    phrases: Vec<(Vec<String>, u32)>,
    groups: u32,
}

impl SynTable {
    fn new(groups: &[Vec<String>]) -> SynTable {
        let mut t = SynTable { groups: groups.len() as u32, ..Default::default() };
        for (g, members) in groups.iter().enumerate() {
            for m in members {
                let ws: Vec<String> = words(m).collect();
                match ws.len() {
                    0 => {}
                    1 => t.single.push((ws[0].as_str().into(), g as u32)),
                    _ => t.phrases.push((ws, g as u32)),
                }
            }
        }
        t
    }
}

/// Keep only the best (lowest-numbered) field per word or group of one document.
fn add_entry(seen: &mut Vec<u32>, id: u32, f: u32) {
    let e = id << FIELD_BITS | f;
    if let Some(prev) = seen.iter_mut().find(|x| **x >> FIELD_BITS == id) {
        if e < *prev {
            *prev = e;
        }
    } else {
        seen.push(e);
    }
}

/// The words of documents, one document at a time: what building an index needs to remember
/// across documents (the vocabulary and the synonym members), without the documents. A
/// document's entries ([`Woorden::doc`]) carry provisional word ids, in the order of first
/// appearance; [`Woorden::finish`] sorts the vocabulary and gives the final ids
/// ([`Vocabulaire::entry`]). [`SearchIndex::build_with_synonyms`] is this plus the posting
/// lists; the search snapshot's streaming writer uses it to index a map it never holds whole.
pub struct Woorden {
    syn: SynTable,
    ids: HashMap<Box<str>, u32, FxBuild>,
    words: Vec<Box<str>>,
    single_by_id: HashMap<u32, Vec<u32>, FxBuild>,
    phrase_by_first: HashMap<u32, Vec<(Vec<u32>, u32)>, FxBuild>,
    /// Words below this id are synonym members.
    n_syn_ids: u32,
    seen: Vec<u32>,
    seq: Vec<u32>,
    buf: String,
}

fn intern(ids: &mut HashMap<Box<str>, u32, FxBuild>, words: &mut Vec<Box<str>>, w: &str) -> u32 {
    match ids.get(w) {
        Some(&id) => id,
        None => {
            let id = words.len() as u32;
            ids.insert(w.into(), id);
            words.push(w.into());
            id
        }
    }
}

impl Woorden {
    pub fn new(synonyms: &[Vec<String>]) -> Woorden {
        let syn = SynTable::new(synonyms);
        let mut ids: HashMap<Box<str>, u32, FxBuild> = HashMap::default();
        let mut words: Vec<Box<str>> = Vec::new();
        // The words of the synonym members get the first ids, so a word is checked against the
        // synonyms only when its id is below `n_syn_ids`.
        let mut single_by_id: HashMap<u32, Vec<u32>, FxBuild> = HashMap::default();
        let mut phrase_by_first: HashMap<u32, Vec<(Vec<u32>, u32)>, FxBuild> = HashMap::default();
        for (w, g) in &syn.single {
            let id = intern(&mut ids, &mut words, w);
            single_by_id.entry(id).or_default().push(*g);
        }
        for (ws, g) in &syn.phrases {
            let pids: Vec<u32> = ws.iter().map(|w| intern(&mut ids, &mut words, w)).collect();
            phrase_by_first.entry(pids[0]).or_default().push((pids, *g));
        }
        let n_syn_ids = ids.len() as u32;
        Woorden {
            syn,
            ids,
            words,
            single_by_id,
            phrase_by_first,
            n_syn_ids,
            seen: Vec::new(),
            seq: Vec::new(),
            buf: String::new(),
        }
    }

    /// The entries of the next document: provisional word id (or synonym group) and field,
    /// one per word with its best field, in the order first found.
    pub fn doc(&mut self, doc: &DocFields) -> &[u32] {
        let Woorden { ids, words, single_by_id, phrase_by_first, n_syn_ids, seen, seq, buf, .. } = self;
        let n_syn_ids = *n_syn_ids;
        seen.clear();
        for (f, text) in doc.iter().enumerate() {
            seq.clear();
            for_each_word(text, buf, |w| {
                let id = intern(ids, words, w);
                if f != DESCRIPTION || STOPWORDS.binary_search(&w).is_err() {
                    add_entry(seen, id, f as u32);
                }
                seq.push(id);
            });
            if n_syn_ids == 0 {
                continue;
            }
            for i in 0..seq.len() {
                let id = seq[i];
                if id >= n_syn_ids {
                    continue;
                }
                if let Some(gs) = single_by_id.get(&id) {
                    for g in gs {
                        add_entry(seen, GROUP_FLAG | g, f as u32);
                    }
                }
                if let Some(ps) = phrase_by_first.get(&id) {
                    for (pids, g) in ps {
                        if seq[i..].starts_with(pids) {
                            add_entry(seen, GROUP_FLAG | g, f as u32);
                        }
                    }
                }
            }
        }
        seen
    }

    /// Number of distinct words so far.
    pub fn len(&self) -> usize {
        self.words.len()
    }
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The sorted vocabulary, and the way from provisional to final ids.
    fn finish(self) -> (SynTable, Vocabulaire) {
        let Woorden { syn, ids, words, .. } = self;
        drop(ids);
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        let mut remap = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let mut vocab_bytes: Vec<u8> = Vec::new();
        let mut vocab_off: Vec<u32> = Vec::with_capacity(order.len() + 1);
        let mut vocab_mask: Vec<u32> = Vec::with_capacity(order.len());
        vocab_off.push(0);
        for &o in &order {
            let w = &words[o as usize];
            vocab_bytes.extend_from_slice(w.as_bytes());
            vocab_off.push(vocab_bytes.len() as u32);
            vocab_mask.push(char_mask(w));
        }
        let groups = syn.groups;
        (syn, Vocabulaire { vocab_bytes, vocab_off, vocab_mask, remap, groups })
    }

    /// [`Woorden::finish`] for a writer of the index's arrays.
    pub fn vocabulaire(self) -> Vocabulaire {
        self.finish().1
    }
}

/// The sorted vocabulary of [`Woorden`], as the index keeps it, and the final id of each
/// provisional one.
pub struct Vocabulaire {
    pub vocab_bytes: Vec<u8>,
    pub vocab_off: Vec<u32>,
    pub vocab_mask: Vec<u32>,
    remap: Vec<u32>,
    groups: u32,
}

impl Vocabulaire {
    /// Words plus synonym groups: the number of posting lists.
    pub fn n_ids(&self) -> usize {
        self.remap.len() + self.groups as usize
    }
    /// The final id of a provisional entry's word or group.
    pub fn id(&self, e: u32) -> u32 {
        let id = e >> FIELD_BITS;
        if id & GROUP_FLAG != 0 {
            self.remap.len() as u32 + (id & !GROUP_FLAG)
        } else {
            self.remap[id as usize]
        }
    }
    /// A provisional entry (of [`Woorden::doc`]) with its final id: what the forward list holds.
    pub fn entry(&self, e: u32) -> u32 {
        self.id(e) << FIELD_BITS | (e & FIELD_MASK)
    }
}

/// A posting of document `d` for a (provisional or final) entry: what the posting list holds.
pub fn posting(d: u32, e: u32) -> u32 {
    d << FIELD_BITS | (e & FIELD_MASK)
}

impl SearchIndex {
    pub fn build<I>(docs: I) -> SearchIndex
    where
        I: IntoIterator<Item = DocFields>,
    {
        SearchIndex::build_with_synonyms(docs, &[])
    }

    /// Build the index; `synonyms` are groups of words or phrases that mean the same.
    pub fn build_with_synonyms<I>(docs: I, synonyms: &[Vec<String>]) -> SearchIndex
    where
        I: IntoIterator<Item = DocFields>,
    {
        let mut w = Woorden::new(synonyms);
        let mut fwd_off = vec![0u32];
        let mut fwd: Vec<u32> = Vec::new();
        for doc in docs {
            fwd.extend_from_slice(w.doc(&doc));
            fwd_off.push(fwd.len() as u32);
        }
        let n_docs = (fwd_off.len() - 1) as u32;
        let (syn, v) = w.finish();
        for e in fwd.iter_mut() {
            *e = v.entry(*e);
        }
        // Postings from the forward index (words, then synonym groups).
        let mut counts = vec![0u32; v.n_ids() + 1];
        for e in &fwd {
            counts[(*e >> FIELD_BITS) as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let post_off = counts.clone();
        let mut fill = counts;
        let mut postings = vec![0u32; fwd.len()];
        for d in 0..n_docs {
            for &e in &fwd[fwd_off[d as usize] as usize..fwd_off[d as usize + 1] as usize] {
                let w = (e >> FIELD_BITS) as usize;
                postings[fill[w] as usize] = d << FIELD_BITS | (e & FIELD_MASK);
                fill[w] += 1;
            }
        }
        let id = NEXT_INDEX_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        SearchIndex {
            vocab_bytes: v.vocab_bytes.into(),
            vocab_off: v.vocab_off.into(),
            vocab_mask: v.vocab_mask.into(),
            post_off: post_off.into(),
            postings: postings.into(),
            fwd_off: fwd_off.into(),
            fwd: fwd.into(),
            n_docs,
            syn,
            syn_groups: synonyms.to_vec(),
            id,
        }
    }

    /// The arrays of the index, for writing a snapshot file.
    pub fn parts(&self) -> IndexParts<'_> {
        IndexParts {
            vocab_bytes: &self.vocab_bytes,
            vocab_off: &self.vocab_off,
            vocab_mask: &self.vocab_mask,
            post_off: &self.post_off,
            postings: &self.postings,
            fwd_off: &self.fwd_off,
            fwd: &self.fwd,
            n_docs: self.n_docs,
            synonyms: &self.syn_groups,
        }
    }

    /// An index over arrays read from a snapshot file. Every array is checked so that no
    /// lookup can go out of bounds or split a character; what does not fit is an error
    /// (the snapshot is then rebuilt, never trusted).
    pub fn from_parts(p: OwnedParts) -> Result<SearchIndex, String> {
        let n_words = p.vocab_off.len().checked_sub(1).ok_or("woordenlijst zonder begin")?;
        let syn = SynTable::new(&p.synonyms);
        let n_ids = n_words + syn.groups as usize;
        let ascending = |a: &[u32], end: usize| a.windows(2).all(|w| w[0] <= w[1]) && a.last() == Some(&(end as u32));
        if !ascending(&p.vocab_off, p.vocab_bytes.len()) || p.vocab_off[0] != 0 {
            return Err("woordenlijst: verschuivingen kloppen niet".into());
        }
        let text = std::str::from_utf8(&p.vocab_bytes).map_err(|_| "woordenlijst: geen geldige tekst")?;
        if !p.vocab_off.iter().all(|&o| text.is_char_boundary(o as usize)) {
            return Err("woordenlijst: woordgrens midden in een teken".into());
        }
        if p.vocab_mask.len() != n_words {
            return Err("woordenlijst: maskers ontbreken".into());
        }
        if p.post_off.len() != n_ids + 1 || p.post_off[0] != 0 || !ascending(&p.post_off, p.postings.len()) {
            return Err("postings: verschuivingen kloppen niet".into());
        }
        if p.fwd_off.len() != p.n_docs as usize + 1 || p.fwd_off[0] != 0 || !ascending(&p.fwd_off, p.fwd.len()) {
            return Err("voorwaartse lijsten: verschuivingen kloppen niet".into());
        }
        let id = NEXT_INDEX_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(SearchIndex {
            vocab_bytes: p.vocab_bytes,
            vocab_off: p.vocab_off,
            vocab_mask: p.vocab_mask,
            post_off: p.post_off,
            postings: p.postings,
            fwd_off: p.fwd_off,
            fwd: p.fwd,
            n_docs: p.n_docs,
            syn,
            syn_groups: p.synonyms,
            id,
        })
    }

    /// Check the entries of the posting and forward lists (every document and word id in
    /// range). Walks every entry once; done while the checksum is computed anyway.
    pub fn check_entries(&self) -> Result<(), String> {
        let n_ids = self.n_ids() as u32;
        let n_docs = self.n_docs;
        if self.postings.iter().any(|&p| p >> FIELD_BITS >= n_docs || (p & FIELD_MASK) as usize >= FIELDS) {
            return Err("postings: document buiten de lijst".into());
        }
        if self.fwd.iter().any(|&e| e >> FIELD_BITS >= n_ids || (e & FIELD_MASK) as usize >= FIELDS) {
            return Err("voorwaartse lijsten: woord buiten de woordenlijst".into());
        }
        Ok(())
    }

    /// Words plus synonym groups: the ids a posting list exists for.
    fn n_ids(&self) -> usize {
        self.vocab_len() + self.syn.groups as usize
    }

    /// Word `w` of the sorted vocabulary.
    fn word(&self, w: usize) -> &str {
        let (a, b) = (self.vocab_off[w] as usize, self.vocab_off[w + 1] as usize);
        // Built from strings, or checked in `from_parts` (valid UTF-8, boundaries on characters).
        std::str::from_utf8(&self.vocab_bytes[a..b]).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.n_docs as usize
    }
    pub fn is_empty(&self) -> bool {
        self.n_docs == 0
    }
    pub fn vocab_len(&self) -> usize {
        self.vocab_off.len().saturating_sub(1)
    }

    fn postings(&self, w: u32) -> &[u32] {
        &self.postings[self.post_off[w as usize] as usize..self.post_off[w as usize + 1] as usize]
    }
    fn doc_words(&self, d: u32) -> &[u32] {
        &self.fwd[self.fwd_off[d as usize] as usize..self.fwd_off[d as usize + 1] as usize]
    }
}

/// Borrowed arrays of an index (see [`SearchIndex::parts`]).
pub struct IndexParts<'a> {
    pub vocab_bytes: &'a [u8],
    pub vocab_off: &'a [u32],
    pub vocab_mask: &'a [u32],
    pub post_off: &'a [u32],
    pub postings: &'a [u32],
    pub fwd_off: &'a [u32],
    pub fwd: &'a [u32],
    pub n_docs: u32,
    pub synonyms: &'a [Vec<String>],
}

/// Arrays for [`SearchIndex::from_parts`] (mapped from a snapshot file).
pub struct OwnedParts {
    pub vocab_bytes: Arr<u8>,
    pub vocab_off: Arr<u32>,
    pub vocab_mask: Arr<u32>,
    pub post_off: Arr<u32>,
    pub postings: Arr<u32>,
    pub fwd_off: Arr<u32>,
    pub fwd: Arr<u32>,
    pub n_docs: u32,
    pub synonyms: Vec<Vec<String>>,
}

/// Split a query into folded terms.
pub fn terms(query: &str) -> Vec<String> {
    let mut t: Vec<String> = words(query).collect();
    t.dedup();
    t
}

/// The query's terms, with the words that spell a phrase synonym ("huishoudelijke hulp") taken
/// together as one term (its words joined by a space).
fn query_terms(idx: &SearchIndex, query: &str) -> Vec<String> {
    let t = terms(query);
    if idx.syn.phrases.is_empty() {
        return t;
    }
    let mut out = Vec::with_capacity(t.len());
    let mut i = 0;
    while i < t.len() {
        let longest =
            idx.syn.phrases.iter().map(|(ws, _)| ws).filter(|ws| t[i..].starts_with(ws)).map(|ws| ws.len()).max();
        match longest {
            Some(n) => {
                out.push(t[i..i + n].join(" "));
                i += n;
            }
            None => {
                out.push(t[i].clone());
                i += 1;
            }
        }
    }
    out.dedup();
    out
}

/// How well a typed term calls up a synonym member: the whole word, its start (4 letters or
/// more), or a small typo in it; never letters scattered over it.
fn synonym_score(member: &str, term: &str) -> Option<i32> {
    let l = term.len() as i32;
    if member == term {
        return Some(20 * l + 40);
    }
    if l >= 4 && member.starts_with(term) {
        return Some(18 * l + 20);
    }
    if l >= 5 && member.as_bytes()[0] == term.as_bytes()[0] {
        let max = if l >= 7 { 2 } else { 1 };
        if let Some(d) = prefix_edit_distance(term.as_bytes(), member.as_bytes(), max) {
            return Some(14 * l - 25 * d as i32);
        }
    }
    None
}

/// Words matched by one term, with their scores.
type TermWords = Arc<Vec<(u32, i32)>>;

/// Stops a search that is no longer wanted: the search gives up once `flag` no longer holds `gen`.
#[derive(Clone, Debug)]
pub struct Cancel {
    pub flag: std::sync::Arc<std::sync::atomic::AtomicU64>,
    pub gen: u64,
}

/// How many postings, candidates or vocabulary words a search handles between two looks at its
/// [`Cancel`] flag.
const CANCEL_EVERY: usize = 4096;

/// The search was cancelled: give up (the results are thrown away).
struct Stop;

/// Reusable scratch space and caches for searching one index. Not shared between threads.
#[derive(Default)]
pub struct Searcher {
    matcher: Matcher,
    mark: Vec<u32>,
    acc: Vec<i32>,
    /// For partial matches: per document, the terms it has, and one term's best score.
    nmatch: Vec<u16>,
    tmark: Vec<u32>,
    tbest: Vec<i32>,
    gen: u32,
    word_score: Vec<i32>,
    word_stamp: Vec<u32>,
    term_cache: HashMap<String, TermWords>,
    index_id: u64,
    /// A second searcher for a second index searched beside the first (the catalog's overlay),
    /// so neither throws away the other's scratch space.
    side: Option<Box<Searcher>>,
    /// Score counts for [`Searcher::top_by_histogram`].
    hist: Vec<u32>,
    /// Only the plain ways (each candidate's own words, a full selection): the reference the
    /// shortcuts are tested against.
    simple: bool,
    /// Set by the caller: give up once its flag moves on.
    cancel: Option<Cancel>,
    /// The last search gave up early.
    cancelled: bool,
    /// Tests: the flag counts as moved on after this many looks at it.
    #[cfg(test)]
    trip_after: Option<u32>,
    /// The candidates of the completed terms of the last query ("dagbesteding" while
    /// "dagbesteding ams" is typed), kept while only the last term changes.
    done: Option<DoneTerms>,
    /// Number of documents matching a one- or two-letter term alone (see [`Searcher::short_top`]).
    short_totals: HashMap<String, usize>,
    /// One bit per document, for counting those.
    bits: Vec<u64>,
}

/// The documents that have every completed term of a query, with their summed scores, before
/// any filter (the filter is applied after the last term, so these hold for every filter).
struct DoneTerms {
    terms: Vec<String>,
    cand: Vec<u32>,
    acc: Vec<i32>,
}

/// How well a typed term fits one vocabulary word, or None.
fn word_score(m: &Matcher, word: &str, term: &str) -> Option<i32> {
    let l = term.len() as i32;
    if word == term {
        return Some(20 * l + 40);
    }
    if word.starts_with(term) {
        return Some(18 * l + 20);
    }
    if l >= 3 {
        if let Some(s) = m.score(word, term) {
            let s = s as i32;
            // Reject letters scattered over a long word: a real hit keeps most letters together.
            if s >= 12 * l {
                return Some(s.min(18 * l + 10));
            }
        }
    }
    if l >= 4 && word.as_bytes()[0] == term.as_bytes()[0] {
        let max = if l >= 7 { 2 } else { 1 };
        if let Some(d) = prefix_edit_distance(term.as_bytes(), word.as_bytes(), max) {
            return Some(14 * l - 25 * d as i32);
        }
    }
    None
}

impl Searcher {
    /// A searcher that takes no shortcuts (for tests that compare the results with them).
    pub fn simple() -> Searcher {
        Searcher { simple: true, ..Default::default() }
    }

    /// The searcher for a second index (see [`Searcher::side`] field).
    pub fn side(&mut self) -> &mut Searcher {
        let cancel = self.cancel.clone();
        self.side.get_or_insert_with(|| Box::new(Searcher { cancel, ..Default::default() }))
    }

    /// Give up searching once `c`'s flag no longer holds its generation (the next keystroke
    /// came); `None`: never give up. Applies to the side searcher too.
    pub fn set_cancel(&mut self, c: Option<Cancel>) {
        if let Some(side) = &mut self.side {
            side.set_cancel(c.clone());
        }
        self.cancel = c;
    }

    /// The last search (of this searcher or its side searcher) gave up early: its results are
    /// empty or incomplete and must be thrown away.
    pub fn was_cancelled(&self) -> bool {
        self.cancelled || self.side.as_ref().is_some_and(|s| s.cancelled)
    }

    /// Has the caller moved on? Remembers it in `cancelled`.
    fn stale(&mut self) -> bool {
        #[cfg(test)]
        if let Some(n) = &mut self.trip_after {
            if *n == 0 {
                self.cancelled = true;
                return true;
            }
            *n -= 1;
        }
        if let Some(c) = &self.cancel {
            if c.flag.load(std::sync::atomic::Ordering::Relaxed) != c.gen {
                self.cancelled = true;
            }
        }
        self.cancelled
    }

    /// `Err(Stop)` when the caller has moved on.
    fn check(&mut self) -> Result<(), Stop> {
        if self.stale() {
            Err(Stop)
        } else {
            Ok(())
        }
    }

    fn matched_words(&mut self, idx: &SearchIndex, term: &str) -> Result<TermWords, Stop> {
        if let Some(v) = self.term_cache.get(term) {
            return Ok(v.clone());
        }
        let v = Arc::new(if let Some((_, last)) = term.rsplit_once(' ') {
            // A phrase synonym: its group, as a whole-word hit, or the phrase's longest word.
            let longest = term.split(' ').max_by_key(|w| w.len()).unwrap_or(last);
            let mut out: Vec<(u32, i32)> = self.matched_words(idx, longest)?.as_ref().clone();
            let score = (20 * term.len() as i32 + 40) * SYNONYM_PCT / 100;
            let n_words = idx.vocab_len() as u32;
            for (ws, g) in &idx.syn.phrases {
                if ws.join(" ") == term {
                    out.retain(|(w, _)| *w != n_words + g);
                    out.push((n_words + g, score));
                }
            }
            out
        } else {
            self.word_matches(idx, term)?
        });
        if self.term_cache.len() > 256 {
            self.term_cache.clear();
        }
        self.term_cache.insert(term.to_string(), v.clone());
        Ok(v)
    }

    fn word_matches(&mut self, idx: &SearchIndex, term: &str) -> Result<Vec<(u32, i32)>, Stop> {
        let mut out = Vec::new();
        if term.len() <= 2 {
            let n = idx.vocab_len();
            let (mut lo, mut hi) = (0, n);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if idx.word(mid) < term {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            for i in lo..n {
                if (i - lo) % CANCEL_EVERY == CANCEL_EVERY - 1 {
                    self.check()?;
                }
                let w = idx.word(i);
                if !w.starts_with(term) {
                    break;
                }
                if let Some(s) = word_score(&self.matcher, w, term) {
                    out.push((i as u32, s));
                }
            }
        } else {
            let tmask = char_mask(term);
            let first = term.as_bytes()[0];
            let fuzzy_ok = term.len() >= 4;
            let masks: &[u32] = &idx.vocab_mask;
            let (off, bytes): (&[u32], &[u8]) = (&idx.vocab_off, &idx.vocab_bytes);
            for (i, &mask) in masks.iter().enumerate() {
                if i % CANCEL_EVERY == CANCEL_EVERY - 1 {
                    self.check()?;
                }
                let subset = tmask & !mask == 0;
                if !(subset || (fuzzy_ok && bytes.get(off[i] as usize) == Some(&first))) {
                    continue;
                }
                let w = idx.word(i);
                if let Some(s) = word_score(&self.matcher, w, term) {
                    out.push((i as u32, s));
                }
            }
        }
        // Synonym groups the term calls up, each once at its best score.
        let n_words = idx.vocab_len() as u32;
        let first_group = out.len();
        for (m, g) in &idx.syn.single {
            if let Some(s) = synonym_score(m, term) {
                let s = s * SYNONYM_PCT / 100;
                let id = n_words + g;
                match out[first_group..].iter_mut().find(|(w, _)| *w == id) {
                    Some(e) => e.1 = e.1.max(s),
                    None => out.push((id, s)),
                }
            }
        }
        Ok(out)
    }

    fn prepare(&mut self, idx: &SearchIndex) {
        let n = idx.n_docs as usize;
        if self.index_id != idx.id {
            self.mark = vec![0; n];
            self.acc = vec![0; n];
            self.nmatch = vec![0; n];
            self.tmark = vec![0; n];
            self.tbest = vec![0; n];
            self.word_score = vec![0; idx.n_ids()];
            self.word_stamp = vec![0; idx.n_ids()];
            self.term_cache.clear();
            self.done = None;
            self.short_totals.clear();
            self.gen = 0;
            self.index_id = idx.id;
        }
        if self.gen > u32::MAX - 64 {
            self.mark.iter_mut().for_each(|m| *m = 0);
            self.tmark.iter_mut().for_each(|m| *m = 0);
            self.word_stamp.iter_mut().for_each(|m| *m = 0);
            self.gen = 0;
        }
    }

    /// Search `idx` for `query`; `keep` filters documents (wet, toegang, gemeente…).
    /// Returns the best `limit` hits, best first; ties in document order.
    pub fn search(&mut self, idx: &SearchIndex, query: &str, keep: &dyn Fn(u32) -> bool, limit: usize) -> Results {
        self.search_with(idx, query, Some(keep), limit)
    }

    /// [`Searcher::search`] without a filter (saves a call per candidate).
    pub fn search_all(&mut self, idx: &SearchIndex, query: &str, limit: usize) -> Results {
        self.search_with(idx, query, None, limit)
    }

    fn search_with(
        &mut self,
        idx: &SearchIndex,
        query: &str,
        filter: Option<&dyn Fn(u32) -> bool>,
        limit: usize,
    ) -> Results {
        self.cancelled = false;
        if let Some(side) = &mut self.side {
            side.cancelled = false;
        }
        self.prepare(idx);
        // Cancelled (`Err(Stop)`): nothing.
        self.run(idx, query, filter, limit).unwrap_or_default()
    }

    fn run(
        &mut self,
        idx: &SearchIndex,
        query: &str,
        filter: Option<&dyn Fn(u32) -> bool>,
        limit: usize,
    ) -> Result<Results, Stop> {
        self.check()?;
        let keep = filter.unwrap_or(&|_| true);
        let terms = query_terms(idx, query);
        if terms.is_empty() {
            let mut hits = Vec::new();
            let mut total = 0;
            for d in 0..idx.n_docs {
                if d as usize % CANCEL_EVERY == CANCEL_EVERY - 1 {
                    self.check()?;
                }
                if keep(d) {
                    total += 1;
                    if hits.len() < limit {
                        hits.push(Hit { doc: d, score: 0 });
                    }
                }
            }
            return Ok(Results { hits, total, partial: false });
        }
        let mut per_term: Vec<(TermWords, usize)> = Vec::with_capacity(terms.len());
        for t in &terms {
            let ws = self.matched_words(idx, t)?;
            let cost: usize = ws.iter().map(|(w, _)| idx.postings(*w).len()).sum();
            per_term.push((ws, cost));
        }
        if per_term.iter().any(|(ws, _)| ws.is_empty()) {
            return self.search_partial(idx, &per_term, keep, limit);
        }
        let n = terms.len();
        if !self.simple && filter.is_none() && n == 1 && terms[0].len() <= 2 && limit > 0 {
            if let Some(r) = self.short_top(idx, &terms[0], &per_term[0].0, per_term[0].1, limit)? {
                return Ok(r);
            }
        }
        let last_cost = per_term[n - 1].1;
        let cand = match self.done.take() {
            // The completed terms are those of the last query: start from their candidates,
            // unless the last term alone has fewer postings than they are many.
            Some(done)
                if !self.simple && n >= 2 && done.terms[..] == terms[..n - 1] && done.cand.len() <= last_cost =>
            {
                let mut cand = done.cand.clone();
                for (&d, &a) in done.cand.iter().zip(&done.acc) {
                    self.acc[d as usize] = a;
                }
                self.done = Some(done);
                self.narrow(idx, &mut cand, &per_term[n - 1].0, last_cost)?;
                cand
            }
            done => {
                self.done = done;
                self.candidates(idx, &terms, &per_term)?
            }
        };
        self.rank(idx, &per_term, cand, filter, limit)
    }

    /// The documents that have every term, with their summed scores in `acc`: the rarest term's
    /// postings walked, the others checked on those. When the last term is not the rarest, the
    /// completed terms are done first and their candidates kept for the next keystroke.
    fn candidates(
        &mut self,
        idx: &SearchIndex,
        terms: &[String],
        per_term: &[(TermWords, usize)],
    ) -> Result<Vec<u32>, Stop> {
        let n = per_term.len();
        let mut order: Vec<usize> = (0..n).collect();
        let keep_done = !self.simple
            && n >= 2
            && per_term[..n - 1].iter().map(|(_, c)| *c).min().is_some_and(|c| c <= per_term[n - 1].1);
        if keep_done {
            order[..n - 1].sort_by_key(|&i| per_term[i].1);
        } else {
            order.sort_by_key(|&i| per_term[i].1);
        }
        // First (rarest) term: walk its posting lists.
        self.gen += 1;
        let g = self.gen;
        let mut cand: Vec<u32> = Vec::new();
        {
            let (ws, _) = &per_term[order[0]];
            for &(w, s) in ws.iter() {
                for chunk in idx.postings(w).chunks(CANCEL_EVERY) {
                    self.check()?;
                    for &p in chunk {
                        let d = (p >> FIELD_BITS) as usize;
                        let sc = s * WEIGHTS[(p & FIELD_MASK) as usize];
                        if self.mark[d] != g {
                            self.mark[d] = g;
                            self.acc[d] = sc;
                            cand.push(d as u32);
                        } else if sc > self.acc[d] {
                            self.acc[d] = sc;
                        }
                    }
                }
            }
        }
        // Other terms: check each remaining candidate's own words, or, when that term's posting
        // lists are shorter than the candidates' word lists, walk them (same result).
        for (k, &i) in order.iter().enumerate().skip(1) {
            if keep_done && k == n - 1 {
                let acc = cand.iter().map(|&d| self.acc[d as usize]).collect();
                self.done = Some(DoneTerms { terms: terms[..n - 1].to_vec(), cand: cand.clone(), acc });
            }
            let (ws, cost) = &per_term[i];
            self.narrow(idx, &mut cand, ws, *cost)?;
        }
        Ok(cand)
    }

    /// Filter the candidates and keep the best `limit`, best first.
    fn rank(
        &mut self,
        idx: &SearchIndex,
        per_term: &[(TermWords, usize)],
        mut cand: Vec<u32>,
        filter: Option<&dyn Fn(u32) -> bool>,
        limit: usize,
    ) -> Result<Results, Stop> {
        let keep = filter.unwrap_or(&|_| true);
        if let Some(keep) = filter {
            let mut n = 0;
            for i in 0..cand.len() {
                if i % CANCEL_EVERY == CANCEL_EVERY - 1 {
                    self.check()?;
                }
                if keep(cand[i]) {
                    cand[n] = cand[i];
                    n += 1;
                }
            }
            cand.truncate(n);
        }
        if cand.is_empty() {
            return self.search_partial(idx, per_term, keep, limit);
        }
        let total = cand.len();
        if !self.simple && cand.len() > 4 * limit && limit > 0 {
            self.top_by_histogram(&mut cand, limit)?;
        }
        let acc = &self.acc;
        let cmp = |a: &u32, b: &u32| acc[*b as usize].cmp(&acc[*a as usize]).then(a.cmp(b));
        if cand.len() > limit && limit > 0 {
            cand.select_nth_unstable_by(limit - 1, cmp);
            cand.truncate(limit);
        }
        cand.sort_unstable_by(cmp);
        cand.truncate(limit);
        Ok(Results {
            hits: cand.iter().map(|&d| Hit { doc: d, score: acc[d as usize] }).collect(),
            total,
            partial: false,
        })
    }

    /// One term of one or two letters, no filter: up to 0.9M postings at 1M records, of which
    /// only the first page is shown. The documents are visited in order, each scored by its own
    /// words (those of the term are one range of the sorted vocabulary), until `limit` of them
    /// have the best score a plain prefix word can give (a name word): no later document can
    /// pass them (ties go to the lower document). The few words that score higher (the term as
    /// a whole word, synonym groups) are walked beforehand, and their documents past that
    /// point scored as well. Gives the same first page as the full walk; the total comes from
    /// a count of the postings, once per term and index. `None`: the visit would cost more than
    /// the walk (a term rare in names), so walk.
    fn short_top(
        &mut self,
        idx: &SearchIndex,
        term: &str,
        ws: &TermWords,
        cost: usize,
        limit: usize,
    ) -> Result<Option<Results>, Stop> {
        let n_words = idx.vocab_len() as u32;
        let words: Vec<(u32, i32)> = ws.iter().filter(|(w, _)| *w < n_words).copied().collect();
        let groups: Vec<(u32, i32)> = ws.iter().filter(|(w, _)| *w >= n_words).copied().collect();
        let (Some(&(lo, _)), Some(&(last, _))) = (words.first(), words.last()) else { return Ok(None) };
        let hi = last + 1;
        if (hi - lo) as usize != words.len() {
            return Ok(None);
        }
        let plain = words.iter().map(|(_, s)| *s).min().unwrap_or(0);
        // The best a document without a higher-scoring word can get.
        let cap = plain * WEIGHTS[0];
        self.gen += 1;
        let g = self.gen;
        let mut high: Vec<u32> = Vec::new();
        for &(w, _) in ws.iter().filter(|(_, s)| *s > plain) {
            for chunk in idx.postings(w).chunks(CANCEL_EVERY) {
                self.check()?;
                for &p in chunk {
                    let d = (p >> FIELD_BITS) as usize;
                    if self.mark[d] != g {
                        self.mark[d] = g;
                        high.push(d as u32);
                    }
                }
            }
        }
        let score_of = |d: u32| {
            let mut best = 0;
            for &e in idx.doc_words(d) {
                let w = e >> FIELD_BITS;
                let s = if (lo..hi).contains(&w) {
                    words[(w - lo) as usize].1
                } else if w >= n_words {
                    groups.iter().find(|(x, _)| *x == w).map_or(0, |x| x.1)
                } else {
                    0
                };
                best = best.max(s * WEIGHTS[(e & FIELD_MASK) as usize]);
            }
            best
        };
        // The best `limit` so far; the top of the heap is the worst of them (lowest score,
        // then highest document).
        let mut heap: std::collections::BinaryHeap<(std::cmp::Reverse<i32>, u32)> =
            // (room reserved for at most a few thousand: `limit` may be far more than there are)
            std::collections::BinaryHeap::with_capacity(limit.min(4096) + 1);
        let offer = |heap: &mut std::collections::BinaryHeap<(std::cmp::Reverse<i32>, u32)>, d: u32, sc: i32| {
            if sc <= 0 {
                return;
            }
            if heap.len() < limit {
                heap.push((std::cmp::Reverse(sc), d));
            } else if heap.peek().is_some_and(|&(std::cmp::Reverse(ws), wd)| sc > ws || (sc == ws && d < wd)) {
                heap.pop();
                heap.push((std::cmp::Reverse(sc), d));
            }
        };
        let budget = cost / 2;
        let mut spent = 0usize;
        let mut next = 0u32;
        while next < idx.n_docs {
            if heap.len() == limit && heap.peek().is_some_and(|&(std::cmp::Reverse(ws), _)| ws >= cap) {
                break;
            }
            if next as usize % CANCEL_EVERY == CANCEL_EVERY - 1 {
                self.check()?;
            }
            spent += idx.doc_words(next).len();
            if spent > budget {
                return Ok(None);
            }
            offer(&mut heap, next, score_of(next));
            next += 1;
        }
        for &d in &high {
            if d >= next {
                offer(&mut heap, d, score_of(d));
            }
        }
        let mut hits: Vec<Hit> = heap.into_iter().map(|(std::cmp::Reverse(score), doc)| Hit { doc, score }).collect();
        hits.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
        let total = self.short_total(idx, term, ws)?;
        Ok(Some(Results { hits, total, partial: false }))
    }

    /// How many documents have a word of `term` (counted once per term and index).
    fn short_total(&mut self, idx: &SearchIndex, term: &str, ws: &TermWords) -> Result<usize, Stop> {
        if let Some(&n) = self.short_totals.get(term) {
            return Ok(n);
        }
        let mut bits = std::mem::take(&mut self.bits);
        bits.clear();
        bits.resize(idx.n_docs.div_ceil(64) as usize, 0);
        for &(w, _) in ws.iter() {
            for chunk in idx.postings(w).chunks(CANCEL_EVERY) {
                if self.stale() {
                    self.bits = bits;
                    return Err(Stop);
                }
                for &p in chunk {
                    let d = p >> FIELD_BITS;
                    bits[(d / 64) as usize] |= 1 << (d % 64);
                }
            }
        }
        let n = bits.iter().map(|b| b.count_ones() as usize).sum();
        self.bits = bits;
        if self.short_totals.len() > 4096 {
            self.short_totals.clear();
        }
        self.short_totals.insert(term.to_string(), n);
        Ok(n)
    }

    /// Keep the candidates that have a word of one more term, adding its best score to theirs.
    fn narrow(&mut self, idx: &SearchIndex, cand: &mut Vec<u32>, ws: &TermWords, cost: usize) -> Result<(), Stop> {
        let avg_words = (idx.fwd.len() / idx.n_docs.max(1) as usize).max(1);
        self.gen += 1;
        let wg = self.gen;
        if !self.simple && cost < cand.len().saturating_mul(avg_words) {
            for &d in cand.iter() {
                self.tmark[d as usize] = wg;
                self.tbest[d as usize] = 0;
            }
            for &(w, s) in ws.iter() {
                for chunk in idx.postings(w).chunks(CANCEL_EVERY) {
                    self.check()?;
                    for &p in chunk {
                        let d = (p >> FIELD_BITS) as usize;
                        if self.tmark[d] == wg {
                            let sc = s * WEIGHTS[(p & FIELD_MASK) as usize];
                            if sc > self.tbest[d] {
                                self.tbest[d] = sc;
                            }
                        }
                    }
                }
            }
            cand.retain(|&d| {
                let best = self.tbest[d as usize];
                if best > 0 {
                    self.acc[d as usize] += best;
                }
                best > 0
            });
            return Ok(());
        }
        for &(w, s) in ws.iter() {
            self.word_stamp[w as usize] = wg;
            self.word_score[w as usize] = s;
        }
        let mut n = 0;
        for i in 0..cand.len() {
            if i % CANCEL_EVERY == CANCEL_EVERY - 1 {
                self.check()?;
            }
            let d = cand[i];
            let mut best = 0;
            for &e in idx.doc_words(d) {
                let w = (e >> FIELD_BITS) as usize;
                if self.word_stamp[w] == wg {
                    best = best.max(self.word_score[w] * WEIGHTS[(e & FIELD_MASK) as usize]);
                }
            }
            if best > 0 {
                self.acc[d as usize] += best;
                cand[n] = d;
                n += 1;
            }
        }
        cand.truncate(n);
        Ok(())
    }

    /// Keep the best `limit` candidates (score, then document order), the same ones a full
    /// sort keeps, by counting scores instead of comparing: a many-candidate keystroke (one or
    /// two letters at 1M records) costs three passes instead of a selection over all of them.
    /// Scores outside the counted range leave `cand` as it was (the caller sorts).
    /// Looks at the [`Cancel`] flag between the passes (the score counts are cleared by then).
    fn top_by_histogram(&mut self, cand: &mut Vec<u32>, limit: usize) -> Result<(), Stop> {
        self.check()?;
        const RANGE: usize = 1 << 16;
        if self.hist.len() < RANGE {
            self.hist = vec![0; RANGE];
        }
        let acc = &self.acc;
        let hist = &mut self.hist;
        // One pass: count the scores (and their range).
        let (mut lo, mut hi) = (i32::MAX, i32::MIN);
        let mut out_of_range = false;
        for &d in cand.iter() {
            let a = acc[d as usize];
            lo = lo.min(a);
            hi = hi.max(a);
            match hist.get_mut(a as usize) {
                Some(h) if a >= 0 => *h += 1,
                _ => out_of_range = true,
            }
        }
        let clear = |hist: &mut Vec<u32>| {
            let (a, b) = (lo.max(0) as usize, (hi.max(0) as usize).min(RANGE - 1));
            hist[a..=b].iter_mut().for_each(|h| *h = 0);
        };
        if out_of_range {
            clear(hist);
            return Ok(());
        }
        // The score of the limit-th best, and how many score higher.
        let mut above = 0usize;
        let mut cut = hi;
        loop {
            let n = hist[cut as usize] as usize;
            if above + n >= limit || cut == lo {
                break;
            }
            above += n;
            cut -= 1;
        }
        clear(hist);
        self.check()?;
        let acc = &self.acc;
        // Second pass: all that score higher, and of those at the cut the lowest documents
        // (a bounded max-heap: most are turned away by one comparison).
        let need = limit.saturating_sub(above).min(cand.len());
        let mut heap: std::collections::BinaryHeap<u32> = std::collections::BinaryHeap::with_capacity(need + 1);
        let mut top = Vec::with_capacity(above + need);
        for &d in cand.iter() {
            let a = acc[d as usize];
            if a > cut {
                top.push(d);
            } else if a == cut && need > 0 {
                if heap.len() < need {
                    heap.push(d);
                } else if heap.peek().is_some_and(|&m| d < m) {
                    heap.pop();
                    heap.push(d);
                }
            }
        }
        top.extend(heap);
        *cand = top;
        Ok(())
    }

    /// No document has every term: the documents with the most terms, best first, marked
    /// partial. One term alone has no partial matches. To stay as fast as the full search, the
    /// posting lists of the cheapest term and of every term cheaper than [`PARTIAL_WALK_CAP`]
    /// give the candidates; the other (vague, half-typed) terms are only checked against the
    /// candidates' own words, so an entry with nothing but such a term is not shown.
    fn search_partial(
        &mut self,
        idx: &SearchIndex,
        per_term: &[(TermWords, usize)],
        keep: &dyn Fn(u32) -> bool,
        limit: usize,
    ) -> Result<Results, Stop> {
        if per_term.len() < 2 {
            return Ok(Results::default());
        }
        let mut order: Vec<&(TermWords, usize)> = per_term.iter().filter(|(ws, _)| !ws.is_empty()).collect();
        order.sort_by_key(|(_, c)| *c);
        let walked = order.iter().enumerate().take_while(|(i, (_, c))| *i == 0 || *c <= PARTIAL_WALK_CAP).count();
        self.gen += 1;
        let g = self.gen;
        let mut cand: Vec<u32> = Vec::new();
        let mut touched: Vec<u32> = Vec::new();
        for (ws, _) in &order[..walked] {
            self.gen += 1;
            let tg = self.gen;
            touched.clear();
            for &(w, s) in ws.iter() {
                for chunk in idx.postings(w).chunks(CANCEL_EVERY) {
                    self.check()?;
                    for &p in chunk {
                        let d = (p >> FIELD_BITS) as usize;
                        let sc = s * WEIGHTS[(p & FIELD_MASK) as usize];
                        if self.tmark[d] != tg {
                            self.tmark[d] = tg;
                            self.tbest[d] = sc;
                            touched.push(d as u32);
                        } else if sc > self.tbest[d] {
                            self.tbest[d] = sc;
                        }
                    }
                }
            }
            for &d in &touched {
                let d = d as usize;
                if self.mark[d] != g {
                    self.mark[d] = g;
                    self.acc[d] = 0;
                    self.nmatch[d] = 0;
                    cand.push(d as u32);
                }
                self.acc[d] += self.tbest[d];
                self.nmatch[d] += 1;
            }
        }
        for (ws, _) in &order[walked..] {
            self.gen += 1;
            let wg = self.gen;
            for &(w, s) in ws.iter() {
                self.word_stamp[w as usize] = wg;
                self.word_score[w as usize] = s;
            }
            for (i, &d) in cand.iter().enumerate() {
                if i % CANCEL_EVERY == CANCEL_EVERY - 1 && self.stale() {
                    return Err(Stop);
                }
                let mut best = 0;
                for &e in idx.doc_words(d) {
                    let w = (e >> FIELD_BITS) as usize;
                    if self.word_stamp[w] == wg {
                        best = best.max(self.word_score[w] * WEIGHTS[(e & FIELD_MASK) as usize]);
                    }
                }
                if best > 0 {
                    self.acc[d as usize] += best;
                    self.nmatch[d as usize] += 1;
                }
            }
        }
        self.check()?;
        cand.retain(|&d| keep(d));
        let total = cand.len();
        let (acc, nmatch) = (&self.acc, &self.nmatch);
        let cmp = |a: &u32, b: &u32| {
            let (a_, b_) = (*a as usize, *b as usize);
            nmatch[b_].cmp(&nmatch[a_]).then(acc[b_].cmp(&acc[a_])).then(a.cmp(b))
        };
        if cand.len() > limit && limit > 0 {
            cand.select_nth_unstable_by(limit - 1, cmp);
            cand.truncate(limit);
        }
        cand.sort_unstable_by(cmp);
        cand.truncate(limit);
        let hits: Vec<Hit> = cand.iter().map(|&d| Hit { doc: d, score: acc[d as usize] }).collect();
        Ok(Results { partial: !hits.is_empty(), hits, total })
    }
}

/// The plain scan the index replaces: fuzzy-match every term against every document's whole
/// text. Kept as the reference for ranking-quality tests and as the benchmark baseline.
pub fn plain_scan(docs: &[String], query: &str, limit: usize) -> Vec<Hit> {
    let m = Matcher;
    let terms = terms(query);
    let mut hits: Vec<Hit> = docs
        .iter()
        .enumerate()
        .filter_map(|(d, text)| {
            let mut total = 0i32;
            for t in &terms {
                total += m.score(text, t)? as i32;
            }
            Some(Hit { doc: d as u32, score: total })
        })
        .collect();
    hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.doc.cmp(&b.doc)));
    hits.truncate(limit);
    hits
}

/// The folded whole text of a document, as `plain_scan` sees it.
pub fn haystack(fields: &DocFields) -> String {
    fold(&fields.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, cat: &str, place: &str, other: &str) -> DocFields {
        [name.into(), cat.into(), place.into(), other.into(), String::new()]
    }

    fn sample() -> Vec<DocFields> {
        vec![
            doc("Ouderenadviseur Oosterparkwijk", "ouderenadvies", "Groningen Oosterparkwijk", "ouderen"),
            doc("Dagbesteding ouderen Hoensbroek", "dagbesteding", "Heerlen Hoensbroek", "ouderen"),
            doc("Dagbesteding jongvolwassenen", "dagbesteding", "Groningen Vinkhuizen", "beperking"),
            doc("Huishoudelijke hulp Wmo", "huishoudelijke hulp", "Groningen", "iedereen"),
            doc("Mantelzorgsteunpunt Winsum", "mantelzorgondersteuning", "Het Hogeland Winsum", "mantelzorgers"),
            doc("Gehandicaptenparkeerkaart", "parkeerkaart GPK", "Groningen", "beperking"),
        ]
    }

    fn top(q: &str) -> Vec<u32> {
        let idx = SearchIndex::build(sample());
        let mut s = Searcher::default();
        s.search(&idx, q, &|_| true, 10).hits.iter().map(|h| h.doc).collect()
    }

    #[test]
    fn typo_and_prefix_queries() {
        assert_eq!(top("oudernadviseur").first(), Some(&0));
        assert_eq!(top("ouderenadvizeur").first(), Some(&0), "wrong letter forgiven");
        assert_eq!(top("dagbest hoensbroek"), vec![1]);
        assert_eq!(top("parkeerk").first(), Some(&5));
        assert_eq!(top("huish hulp gron"), vec![3]);
        assert_eq!(top("mantelz winsum"), vec![4]);
    }

    #[test]
    fn words_narrow() {
        assert_eq!(top("dagbest").len(), 2);
        assert_eq!(top("dagbest vinkh"), vec![2]);
        assert!(top("qqqq").is_empty());
    }

    #[test]
    fn empty_query_lists_all_with_filter() {
        let idx = SearchIndex::build(sample());
        let mut s = Searcher::default();
        let r = s.search(&idx, "", &|d| d % 2 == 0, 2);
        assert_eq!(r.total, 3);
        assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![0, 2]);
    }

    #[test]
    fn a_searcher_does_not_reuse_caches_of_another_index() {
        let a = SearchIndex::build(sample());
        let mut s = Searcher::default();
        assert_eq!(s.search(&a, "dagbest", &|_| true, 10).hits.len(), 2);
        // same number of documents and words, other words
        let b = SearchIndex::build(sample().into_iter().map(|mut d| {
            d[0] = d[0].replace("Dagbesteding", "Zwembad");
            d[1] = d[1].replace("dagbesteding", "zwembad");
            d
        }));
        assert_eq!(a.vocab_len(), b.vocab_len());
        assert!(s.search(&b, "dagbest", &|_| true, 10).hits.is_empty());
        assert_eq!(s.search(&b, "zwemb", &|_| true, 10).hits.len(), 2);
    }

    #[test]
    fn stopwords_are_sorted_and_only_left_out_of_descriptions() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        let idx = SearchIndex::build(vec![
            [String::from("Hulp bij scheiding"), String::new(), String::new(), String::new(), String::new()],
            [
                String::from("Taalcafe"),
                String::new(),
                String::new(),
                String::new(),
                String::from("Oefenen bij de bieb"),
            ],
        ]);
        let mut s = Searcher::default();
        assert_eq!(s.search(&idx, "bij", &|_| true, 10).hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![0]);
        assert_eq!(s.search(&idx, "bieb", &|_| true, 10).hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn filter_applies_to_matches() {
        let idx = SearchIndex::build(sample());
        let mut s = Searcher::default();
        let r = s.search(&idx, "dagbest", &|d| d != 1, 10);
        assert_eq!(r.hits.iter().map(|h| h.doc).collect::<Vec<_>>(), vec![2]);
        assert_eq!(r.total, 1);
    }

    /// Many documents over a small vocabulary, so that every query has long posting lists and
    /// many candidates (the cancellation checks come every few postings in these tests).
    fn many(n: usize) -> Vec<DocFields> {
        let w = ["dagbesteding", "dagopvang", "huishoudelijke", "hulp", "hoensbroek", "heerlen", "groningen", "winsum"];
        (0..n)
            .map(|i| {
                [
                    format!("{} {}", w[i % 8], w[(i / 8) % 8]),
                    w[(i / 3) % 8].to_string(),
                    format!("{} d{}", w[(i / 5) % 8], i % 13),
                    format!("h{}", i % 7),
                    format!("{} de {}", w[(i / 7) % 8], w[(i / 11) % 8]),
                ]
            })
            .collect()
    }

    const QUERIES: &[&str] =
        &["d", "h", "da", "dagb", "hulp h", "dagbest hoensbroek", "huish hulp gro", "winsum zzz", "", "hoen qq d"];

    /// A search cancelled at any point leaves nothing behind that changes the next search: it
    /// gives exactly what a fresh searcher gives, for every query after every cut-off point.
    #[test]
    fn a_cancelled_search_leaves_the_searcher_as_good_as_new() {
        let idx = SearchIndex::build_with_synonyms(many(3000), &[vec!["dagbesteding".into(), "dagopvang".into()]]);
        for cut in QUERIES {
            for after in 0..40 {
                for q in QUERIES {
                    let mut s = Searcher { trip_after: Some(after), ..Default::default() };
                    let r = s.search(&idx, cut, &|d| d % 3 != 0, 10);
                    let cancelled = s.was_cancelled();
                    if cancelled {
                        assert_eq!(r, Results::default(), "a cancelled search returns nothing");
                    }
                    s.trip_after = None;
                    let again = s.search(&idx, q, &|d| d % 3 != 0, 10);
                    assert!(!s.was_cancelled());
                    let fresh = Searcher::default().search(&idx, q, &|d| d % 3 != 0, 10);
                    assert_eq!(again, fresh, "{q:?} after {cut:?} cancelled after {after} looks ({cancelled})");
                    let all = s.search_all(&idx, q, 200);
                    assert_eq!(all, Searcher::default().search_all(&idx, q, 200), "{q:?} after {cut:?}/{after}");
                }
            }
        }
    }

    #[test]
    fn a_search_whose_flag_moved_on_before_it_began_gives_up_at_once() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let idx = SearchIndex::build(sample());
        let flag = Arc::new(AtomicU64::new(7));
        let mut s = Searcher::default();
        s.set_cancel(Some(Cancel { flag: flag.clone(), gen: 7 }));
        assert_eq!(s.search(&idx, "dagbest", &|_| true, 10).hits.len(), 2);
        assert!(!s.was_cancelled());
        flag.store(8, Ordering::Relaxed);
        assert_eq!(s.search(&idx, "dagbest", &|_| true, 10), Results::default());
        assert!(s.was_cancelled());
        // the side searcher follows the same flag, also when made after set_cancel
        let side = s.side();
        assert_eq!(side.search(&idx, "dagbest", &|_| true, 10), Results::default());
        assert!(s.was_cancelled());
        s.set_cancel(Some(Cancel { flag: flag.clone(), gen: 8 }));
        assert_eq!(s.search(&idx, "dagbest", &|_| true, 10).hits.len(), 2);
        assert!(!s.was_cancelled(), "a new search forgets that the side searcher gave up last time");
        assert_eq!(s.side().search(&idx, "dagbest", &|_| true, 10).hits.len(), 2);
        s.set_cancel(None);
        flag.store(9, Ordering::Relaxed);
        assert_eq!(s.search(&idx, "dagbest", &|_| true, 10).hits.len(), 2);
        assert!(!s.was_cancelled());
    }

    /// The next keystroke, on another thread, stops a long search midway.
    #[test]
    fn flipping_the_flag_from_another_thread_stops_a_long_search() {
        use std::sync::atomic::{AtomicU64, Ordering};
        let idx = Arc::new(SearchIndex::build(many(300_000)));
        let full = Searcher::default().search_all(&idx, "d", 200);
        assert!(full.total > 100_000);
        let flag = Arc::new(AtomicU64::new(1));
        let mut stopped = 0;
        for gen in 1..=5u64 {
            flag.store(gen, Ordering::Relaxed);
            let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
            let f = flag.clone();
            let flipper = std::thread::spawn(move || {
                started_rx.recv().unwrap();
                f.store(gen + 1000, Ordering::Relaxed);
            });
            let mut s = Searcher::default();
            s.set_cancel(Some(Cancel { flag: flag.clone(), gen }));
            // the flag moves on while the searcher walks 300k postings
            started_tx.send(()).unwrap();
            let r = s.search_all(&idx, "d", 200);
            flipper.join().unwrap();
            if s.was_cancelled() {
                stopped += 1;
                assert_eq!(r, Results::default());
                // and the same searcher, no longer cancelled, finds everything
                s.set_cancel(None);
                assert_eq!(s.search_all(&idx, "d", 200), full);
            } else {
                assert_eq!(r, full);
            }
        }
        assert!(stopped >= 1, "none of five searches noticed the flag moving on");
    }

    /// While the last term is typed, the candidates of the completed ones are kept and used;
    /// whatever the filter, the index or the completed terms, the results are those of the
    /// plain searcher.
    #[test]
    fn the_candidates_of_completed_terms_are_kept_and_give_the_plain_results() {
        let idx = SearchIndex::build_with_synonyms(many(3000), &[vec!["dagbesteding".into(), "dagopvang".into()]]);
        let other = SearchIndex::build(many(2000));
        let mut s = Searcher::default();
        let filters: [&dyn Fn(u32) -> bool; 3] = [&|_| true, &|d| d % 3 != 0, &|d| d > 2500];
        let mut used = 0;
        for q in ["dagbest hoensbroek h", "hulp h d", "dagopvang winsum", "winsum qq", "h heerlen d1"] {
            let chars: Vec<char> = q.chars().collect();
            for n in 1..=chars.len() {
                let prefix: String = chars[..n].iter().collect();
                for (k, keep) in filters.iter().enumerate() {
                    for limit in [1, 10, 200] {
                        let before = s.done.as_ref().map(|d| d.terms.clone());
                        let a = s.search(&idx, &prefix, keep, limit);
                        let b = Searcher::simple().search(&idx, &prefix, keep, limit);
                        assert_eq!(a, b, "{prefix:?}, filter {k}, limit {limit}");
                        let t = terms(&prefix);
                        if t.len() >= 2 && before.as_deref() == Some(&t[..t.len() - 1]) {
                            used += 1;
                        }
                    }
                }
                // another index in between: nothing of this one is used there
                let a = s.search_all(&other, &prefix, 10);
                assert_eq!(a, Searcher::simple().search_all(&other, &prefix, 10), "{prefix:?} on the other index");
            }
        }
        assert!(used > 50, "the kept candidates were used {used} times");
        s.search_all(&idx, "hulp hoensbroek h", 10);
        let done = s.done.as_ref().expect("candidates kept");
        assert_eq!(done.terms, vec!["hulp".to_string(), "hoensbroek".to_string()]);
        let want = Searcher::simple().search(&idx, "hulp hoensbroek h", &|d| d % 3 != 0, 10);
        assert_eq!(s.search(&idx, "hulp hoensbroek h", &|d| d % 3 != 0, 10), want, "same candidates, another filter");
    }

    /// One or two letters: the documents are visited in order and the visit stops early; the
    /// first page and the total are those of the full walk.
    #[test]
    fn one_or_two_letters_stop_early_with_the_first_page_of_the_full_walk() {
        let idx = SearchIndex::build_with_synonyms(many(5000), &[vec!["d1".into(), "dagopvang".into()]]);
        let mut s = Searcher::default();
        let mut early = 0;
        for q in ["d", "h", "w", "g", "da", "he", "ho", "hu", "d1", "h3", "de", "z", "dz"] {
            for limit in [1, 10, 200] {
                s.prepare(&idx);
                let per = s.matched_words(&idx, q).ok().unwrap();
                let cost = per.iter().map(|(w, _)| idx.postings(*w).len()).sum();
                if let Some(r) = s.short_top(&idx, q, &per, cost, limit).ok().unwrap() {
                    early += 1;
                    assert_eq!(r, Searcher::simple().search_all(&idx, q, limit), "{q:?} limit {limit} (visit)");
                }
                assert_eq!(
                    s.search_all(&idx, q, limit),
                    Searcher::simple().search_all(&idx, q, limit),
                    "{q:?} {limit}"
                );
            }
        }
        assert!(early >= 20, "the visit stopped early only {early} times");
    }
}

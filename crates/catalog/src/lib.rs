//! The loaded sociale kaart with its search index: what the desk searches.
//! No UI and no I/O; built from a [`Kaart`] however it was loaded.

pub mod bron;
pub mod kenmerken;
pub mod opbouw;
pub mod snapshot;
pub mod synonyms;
pub mod synth;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use loket_domain::kaart::{Doelgroep, Kaart, Leeftijd, Organisatie, Regeling, Toegang, Voorziening, Werkgebied, Wet};
use loket_domain::ondersteuning::normalize_gemeente;
use loket_search::{DocFields, Results, SearchIndex, Searcher};

/// One searchable entry: a voorziening or a regeling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryRef {
    Voorziening(u32),
    Regeling(u32),
}

/// What a search result points at, borrowed from the catalog.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Voorziening(&'a Voorziening, Option<&'a Organisatie>),
    Regeling(&'a Regeling, Option<&'a Organisatie>),
}

impl<'a> Entry<'a> {
    pub fn id(&self) -> &'a str {
        match self {
            Entry::Voorziening(v, _) => &v.id,
            Entry::Regeling(r, _) => &r.id,
        }
    }
    pub fn naam(&self) -> &'a str {
        match self {
            Entry::Voorziening(v, _) => &v.naam,
            Entry::Regeling(r, _) => &r.naam,
        }
    }
    pub fn wet(&self) -> Wet {
        match self {
            Entry::Voorziening(v, _) => v.wet,
            Entry::Regeling(r, _) => r.wet,
        }
    }
    pub fn toegang(&self) -> Toegang {
        match self {
            Entry::Voorziening(v, _) => v.toegang,
            Entry::Regeling(r, _) => r.toegang,
        }
    }
    pub fn doelgroepen(&self) -> &'a [Doelgroep] {
        match self {
            Entry::Voorziening(v, _) => &v.doelgroepen,
            Entry::Regeling(r, _) => &r.doelgroepen,
        }
    }
    pub fn leeftijd(&self) -> Leeftijd {
        match self {
            Entry::Voorziening(v, _) => v.leeftijd,
            Entry::Regeling(r, _) => r.leeftijd,
        }
    }
    pub fn werkgebied(&self) -> &'a Werkgebied {
        match self {
            Entry::Voorziening(v, _) => &v.werkgebied,
            Entry::Regeling(r, _) => &r.werkgebied,
        }
    }
    pub fn organisatie(&self) -> Option<&'a Organisatie> {
        match self {
            Entry::Voorziening(_, o) | Entry::Regeling(_, o) => *o,
        }
    }
    pub fn is_regeling(&self) -> bool {
        matches!(self, Entry::Regeling(..))
    }
    /// Where it is, in one short line: the first location's wijk and gemeente, else the
    /// werkgebied (as `loket zoek` and the snapshot rows show it).
    pub fn plaats(&self) -> String {
        match self {
            Entry::Voorziening(v, _) => v
                .locaties
                .first()
                .map(|l| if l.wijk.is_empty() { l.gemeente.clone() } else { format!("{} ({})", l.wijk, l.gemeente) })
                .unwrap_or_else(|| v.werkgebied.describe()),
            Entry::Regeling(r, _) => r.werkgebied.describe(),
        }
    }
    /// Gemeenten where it is given or that it serves.
    pub fn in_gemeente(&self, g: &str) -> bool {
        let wg = self.werkgebied();
        if wg.covers_gemeente(g) {
            return true;
        }
        match self {
            Entry::Voorziening(v, _) => {
                let g = normalize_gemeente(g);
                v.locaties.iter().any(|l| normalize_gemeente(&l.gemeente).eq_ignore_ascii_case(&g))
            }
            Entry::Regeling(..) => false,
        }
    }
    pub fn in_wijk(&self, w: &str) -> bool {
        if self.werkgebied().wijken.iter().any(|x| x.eq_ignore_ascii_case(w)) {
            return true;
        }
        match self {
            Entry::Voorziening(v, _) => {
                v.locaties.iter().any(|l| l.wijk.eq_ignore_ascii_case(w) || l.adres.plaats.eq_ignore_ascii_case(w))
            }
            Entry::Regeling(..) => false,
        }
    }
}

/// Filters shown as chips above the results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub wet: Option<Wet>,
    pub toegang: Option<Toegang>,
    pub gemeente: Option<String>,
    pub wijk: Option<String>,
    pub doelgroep: Option<Doelgroep>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        *self == Filters::default()
    }
    pub fn accepts(&self, e: &Entry<'_>) -> bool {
        self.wet.is_none_or(|w| e.wet() == w)
            && self.toegang.is_none_or(|t| e.toegang() == t)
            && self
                .doelgroep
                .is_none_or(|d| e.doelgroepen().contains(&d) || e.doelgroepen().contains(&Doelgroep::Iedereen))
            && self.gemeente.as_deref().is_none_or(|g| e.in_gemeente(g))
            && self.wijk.as_deref().is_none_or(|w| e.in_wijk(w))
    }
}

pub use bron::Haal;
use bron::{Base, Geheel};

/// Entries changed since the base was built (an edit, a change from another desk): a small
/// index of their own, searched beside the base, whose base versions are left out. Their
/// [`EntryRef`]s and documents are numbered after the base's.
#[derive(Default)]
struct Overlay {
    kaart: Kaart,
    org_index: HashMap<String, usize>,
    docs: Vec<EntryRef>,
    by_id: HashMap<String, EntryRef>,
    index: SearchIndex,
    /// Base documents replaced by an overlay entry.
    hidden: HashSet<u32>,
}

pub struct Catalog {
    base: Arc<Base>,
    overlay: Overlay,
    /// The store's `kaart_versie` this catalog shows (0: not known).
    pub versie: u64,
    /// Gemeenten and their wijken found in the data, sorted, for the filter keys.
    pub gemeenten: Vec<(String, Vec<String>)>,
}

/// The searchable text of a voorziening, by field (name, category+keywords, place+organisation,
/// other, description).
pub fn voorziening_fields(v: &Voorziening, org: Option<&Organisatie>) -> DocFields {
    let mut cat = v.categorie.clone();
    for t in &v.trefwoorden {
        cat.push(' ');
        cat.push_str(t);
    }
    let mut place = String::new();
    if let Some(o) = org {
        place.push_str(&o.naam);
    }
    for g in v.werkgebied.gemeenten.iter().chain(v.werkgebied.wijken.iter()) {
        place.push(' ');
        place.push_str(g);
    }
    for l in &v.locaties {
        for s in [&l.gemeente, &l.wijk, &l.adres.plaats, &l.naam] {
            place.push(' ');
            place.push_str(s);
        }
    }
    let mut other = String::new();
    for d in &v.doelgroepen {
        other.push_str(d.label());
        other.push(' ');
    }
    // an imported entry whose source named no law is not found by loket's default law
    // ("welzijn"): the detail pane says "onbekend" for it too
    if let Some(w) = v.wet_bekend() {
        other.push_str(w.label());
    }
    for t in &v.taxonomie {
        other.push(' ');
        other.push_str(t);
    }
    [v.naam.clone(), cat, place, other, v.beschrijving.clone()]
}

pub fn regeling_fields(r: &Regeling, org: Option<&Organisatie>) -> DocFields {
    let mut cat = String::from("regeling");
    for t in &r.trefwoorden {
        cat.push(' ');
        cat.push_str(t);
    }
    let mut place = String::new();
    if let Some(o) = org {
        place.push_str(&o.naam);
    }
    for g in r.werkgebied.gemeenten.iter().chain(r.werkgebied.wijken.iter()) {
        place.push(' ');
        place.push_str(g);
    }
    let mut other = String::new();
    for d in &r.doelgroepen {
        other.push_str(d.label());
        other.push(' ');
    }
    other.push_str(r.wet.label());
    other.push(' ');
    other.push_str(&r.artikel);
    [r.naam.clone(), cat, place, other, r.beschrijving.clone()]
}

/// The searchable text of every entry of `kaart`, regelingen first (the order of the index), as
/// the index gets it (also what `loket regels` prints for a comparison with line-based tools);
/// `org` finds an organisation by its id.
pub fn zoekvelden<'a>(
    kaart: &'a Kaart,
    org: impl Fn(&str) -> Option<&'a Organisatie>,
    mut f: impl FnMut(EntryRef, DocFields),
) {
    for (i, r) in kaart.regelingen.iter().enumerate() {
        f(EntryRef::Regeling(i as u32), regeling_fields(r, org(&r.organisatie_id)));
    }
    for (i, v) in kaart.voorzieningen.iter().enumerate() {
        f(EntryRef::Voorziening(i as u32), voorziening_fields(v, org(&v.organisatie_id)));
    }
}

impl Catalog {
    /// Build with the desk synonyms of [`synonyms::synonyms`].
    pub fn build(kaart: Kaart) -> Catalog {
        Catalog::build_with_synonyms(kaart, &synonyms::synonyms())
    }

    /// Build with the given synonym groups (words or phrases that mean the same at the desk).
    pub fn build_with_synonyms(kaart: Kaart, synonyms: &[Vec<String>]) -> Catalog {
        let org_index: HashMap<String, usize> =
            kaart.organisaties.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        let org = |id: &str| org_index.get(id).map(|&i| &kaart.organisaties[i]);
        let mut docs = Vec::with_capacity(kaart.regelingen.len() + kaart.voorzieningen.len());
        let mut fields = Vec::with_capacity(docs.capacity());
        zoekvelden(&kaart, org, |d, f| {
            docs.push(d);
            fields.push(f);
        });
        let index = SearchIndex::build_with_synonyms(fields, synonyms);
        let mut by_id = HashMap::with_capacity(docs.len());
        for d in &docs {
            let id = match *d {
                EntryRef::Voorziening(i) => kaart.voorzieningen[i as usize].id.clone(),
                EntryRef::Regeling(i) => kaart.regelingen[i as usize].id.clone(),
            };
            by_id.insert(id, *d);
        }
        let gemeenten = places_of(&kaart.voorzieningen);
        let base = Base::Geheel(Box::new(Geheel { kaart, org_index, docs, by_id, index }));
        Catalog { base: Arc::new(base), overlay: Overlay::default(), versie: 0, gemeenten }
    }

    /// A catalog on a search snapshot: searched and filtered from the snapshot, each record read
    /// through `haal` (from the store, by key) the first time it is looked at.
    pub fn from_snapshot(snap: Arc<snapshot::Snapshot>, haal: Arc<dyn Haal>) -> Catalog {
        let versie = snap.versie;
        let gemeenten = snap.gemeenten.clone();
        let base = Base::Lui(bron::Lui::new(snap, haal));
        Catalog { base: Arc::new(base), overlay: Overlay::default(), versie, gemeenten }
    }

    /// The snapshot this catalog searches, when it is built on one.
    pub fn snapshot(&self) -> Option<&Arc<snapshot::Snapshot>> {
        self.base.snapshot()
    }

    /// Read the records of these documents from the store now, in one go (the rows on
    /// screen), instead of one by one as they are drawn.
    pub fn prefetch(&self, docs: &[u32]) {
        let n = self.base.n_docs() as u32;
        let base: Vec<u32> = docs.iter().copied().filter(|&d| d < n).collect();
        self.base.prefetch(&base);
    }

    /// Read what was looked at under [`bron::zonder_ophalen`] (on a thread where reading may wait).
    pub fn haal_op(&self, gemist: &bron::Gemist) {
        self.base.haal_op(gemist);
    }

    /// The store key of a document (`v/<id>` or `r/<id>`), without reading its record.
    pub fn sleutel(&self, doc: u32) -> String {
        if let Some(snap) = self.base.snapshot().filter(|_| (doc as usize) < self.base.n_docs()) {
            return snap.sleutel(doc);
        }
        match self.entry(self.doc(doc)) {
            Entry::Voorziening(v, _) => format!("v/{}", v.id),
            Entry::Regeling(r, _) => format!("r/{}", r.id),
        }
    }

    /// What the beheer worklist needs of every voorziening and regeling as this catalog shows
    /// it (voorzieningen first), read from the snapshot where there is one, not from the records.
    pub fn posten(&self) -> Vec<loket_domain::beheer::Post> {
        use loket_domain::beheer::{Kind, Post};
        let n = self.base.n_docs() as u32;
        let all = n + self.overlay.docs.len() as u32;
        let mut out = Vec::with_capacity(all as usize);
        for regelingen in [false, true] {
            for d in (0..all).filter(|d| !self.overlay.hidden.contains(d)) {
                let r = self.doc(d);
                if matches!(r, EntryRef::Regeling(_)) != regelingen {
                    continue;
                }
                let kind = if regelingen { Kind::Regeling } else { Kind::Voorziening };
                match self.base.snapshot().filter(|_| d < n) {
                    Some(snap) => {
                        let row = snap.row(d);
                        out.push(Post {
                            sleutel: snap.sleutel(d),
                            naam: row.naam.to_string(),
                            kind,
                            laatst_geverifieerd: snap.geverifieerd(d),
                        })
                    }
                    None => {
                        let (sleutel, naam, ver) = match self.entry(r) {
                            Entry::Voorziening(v, _) => (format!("v/{}", v.id), &v.naam, v.laatst_geverifieerd),
                            Entry::Regeling(x, _) => (format!("r/{}", x.id), &x.naam, x.laatst_geverifieerd),
                        };
                        out.push(Post { sleutel, naam: naam.clone(), kind, laatst_geverifieerd: ver })
                    }
                }
            }
        }
        out
    }

    /// How this catalog reads its records by key (on a snapshot only).
    pub fn haal(&self) -> Option<Arc<dyn Haal>> {
        self.base.haal()
    }

    /// Ids of the organisations on the map (base).
    pub(crate) fn organisatie_ids(&self) -> Vec<&str> {
        self.base.organisatie_ids()
    }
}

/// Gemeenten and their wijken named by these voorzieningen, sorted (none when more than 200:
/// too many to pick from).
fn places_of<'a>(voorzieningen: impl IntoIterator<Item = &'a Voorziening>) -> Vec<(String, Vec<String>)> {
    let mut p = Plaatsen::default();
    for v in voorzieningen {
        p.add(v);
    }
    p.finish()
}

/// The gemeenten and wijken of voorzieningen, collected one at a time (see [`places_of`]).
#[derive(Default)]
pub(crate) struct Plaatsen(std::collections::BTreeMap<String, std::collections::BTreeSet<String>>);

impl Plaatsen {
    pub(crate) fn add(&mut self, v: &Voorziening) {
        let places = &mut self.0;
        // Places are listed under their gemeente (Winsum under Het Hogeland).
        for l in &v.locaties {
            if !l.gemeente.is_empty() {
                let g = normalize_gemeente(&l.gemeente);
                let e = places.entry(g.clone()).or_default();
                if !l.wijk.is_empty() {
                    e.insert(l.wijk.clone());
                }
                if g != l.gemeente.trim() {
                    e.insert(l.gemeente.trim().to_string());
                }
            }
        }
        for g in &v.werkgebied.gemeenten {
            let n = normalize_gemeente(g);
            let e = places.entry(n.clone()).or_default();
            if n != g.trim() {
                e.insert(g.trim().to_string());
            }
        }
    }

    pub(crate) fn finish(self) -> Vec<(String, Vec<String>)> {
        if self.0.len() <= 200 {
            self.0.into_iter().map(|(g, w)| (g, w.into_iter().collect())).collect()
        } else {
            Vec::new()
        }
    }
}

impl Catalog {
    /// Number of entries (a changed entry counts once).
    pub fn len(&self) -> usize {
        self.base.n_docs() - self.overlay.hidden.len() + self.overlay.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The map as it was loaded (changes in the overlay not included), when it is in memory
    /// (not on a snapshot).
    pub fn kaart(&self) -> Option<&Kaart> {
        match &*self.base {
            Base::Geheel(g) => Some(&g.kaart),
            Base::Lui(_) => None,
        }
    }

    /// The index of the base (for the snapshot file; the overlay is not in it).
    pub fn index(&self) -> &SearchIndex {
        self.base.index()
    }

    /// The map as loaded with the changes since (the overlay) put in by id (beheer).
    /// On a snapshot every record is read from the store.
    pub fn kaart_nu(&self) -> Kaart {
        let mut k = match &*self.base {
            Base::Geheel(g) => g.kaart.clone(),
            Base::Lui(_) => {
                let docs: Vec<u32> = (0..self.base.n_docs() as u32).collect();
                let mut k = Kaart::default();
                for chunk in docs.chunks(4096) {
                    self.base.prefetch(chunk);
                    for &d in chunk {
                        match self.base.doc(d) {
                            EntryRef::Voorziening(i) => k.voorzieningen.push(self.base.voorziening(i).clone()),
                            EntryRef::Regeling(i) => k.regelingen.push(self.base.regeling(i).clone()),
                        }
                    }
                }
                k.organisaties = self
                    .base
                    .organisatie_ids()
                    .into_iter()
                    .filter_map(|id| self.base.organisatie(id).cloned())
                    .collect();
                k
            }
        };
        fn put<T: Clone>(list: &mut Vec<T>, new: &[T], id: impl Fn(&T) -> &str) {
            for n in new {
                match list.iter().position(|x| id(x) == id(n)) {
                    Some(i) => list[i] = n.clone(),
                    None => list.push(n.clone()),
                }
            }
        }
        put(&mut k.organisaties, &self.overlay.kaart.organisaties, |o| &o.id);
        put(&mut k.voorzieningen, &self.overlay.kaart.voorzieningen, |v| &v.id);
        put(&mut k.regelingen, &self.overlay.kaart.regelingen, |r| &r.id);
        k
    }

    /// Entries changed since the base was built, searched from the overlay.
    pub fn overlay_len(&self) -> usize {
        self.overlay.docs.len()
    }

    pub fn organisatie(&self, id: &str) -> Option<&Organisatie> {
        if let Some(&i) = self.overlay.org_index.get(id) {
            return Some(&self.overlay.kaart.organisaties[i]);
        }
        self.base.organisatie(id)
    }

    fn voorziening(&self, i: u32) -> &Voorziening {
        match i.checked_sub(self.base.n_voorzieningen()) {
            Some(j) => &self.overlay.kaart.voorzieningen[j as usize],
            None => self.base.voorziening(i),
        }
    }

    fn regeling(&self, i: u32) -> &Regeling {
        match i.checked_sub(self.base.n_regelingen()) {
            Some(j) => &self.overlay.kaart.regelingen[j as usize],
            None => self.base.regeling(i),
        }
    }

    pub fn entry(&self, r: EntryRef) -> Entry<'_> {
        match r {
            EntryRef::Voorziening(i) => {
                let v = self.voorziening(i);
                Entry::Voorziening(v, self.organisatie(&v.organisatie_id))
            }
            EntryRef::Regeling(i) => {
                let r = self.regeling(i);
                Entry::Regeling(r, self.organisatie(&r.organisatie_id))
            }
        }
    }

    pub fn doc(&self, doc: u32) -> EntryRef {
        let n = self.base.n_docs();
        match (doc as usize).checked_sub(n) {
            Some(j) => self.overlay.docs[j],
            None => self.base.doc(doc),
        }
    }

    pub fn find(&self, id: &str) -> Option<EntryRef> {
        self.overlay.by_id.get(id).copied().or_else(|| self.base.find(id))
    }

    /// A catalog that shows `changed` (records written after this one was built: new ones,
    /// and new versions of existing ones) on top of this one, without building the whole index
    /// again: the base is shared, and only the changed entries (with those of earlier changes)
    /// get a small index of their own. A changed organisation takes its voorzieningen and
    /// regelingen along, as their searchable text names it.
    pub fn with_changes(&self, changed: Kaart, versie: u64) -> Catalog {
        let base = &self.base;
        // Earlier overlay records, replaced by id where changed again.
        let mut kaart = self.overlay.kaart.clone();
        fn upsert<T: Clone>(list: &mut Vec<T>, new: Vec<T>, id: impl Fn(&T) -> &str) {
            for n in new {
                match list.iter_mut().find(|x| id(x) == id(&n)) {
                    Some(x) => *x = n,
                    None => list.push(n),
                }
            }
        }
        let changed_orgs: HashSet<String> = changed.organisaties.iter().map(|o| o.id.clone()).collect();
        upsert(&mut kaart.organisaties, changed.organisaties, |o| &o.id);
        upsert(&mut kaart.voorzieningen, changed.voorzieningen, |v| &v.id);
        upsert(&mut kaart.regelingen, changed.regelingen, |r| &r.id);
        if !changed_orgs.is_empty() {
            let docs = base.docs_of_orgs(&changed_orgs);
            base.prefetch(&docs);
            for d in docs {
                match base.doc(d) {
                    EntryRef::Voorziening(i) => {
                        let v = base.voorziening(i);
                        if !kaart.voorzieningen.iter().any(|x| x.id == v.id) {
                            kaart.voorzieningen.push(v.clone());
                        }
                    }
                    EntryRef::Regeling(i) => {
                        let r = base.regeling(i);
                        if !kaart.regelingen.iter().any(|x| x.id == r.id) {
                            kaart.regelingen.push(r.clone());
                        }
                    }
                }
            }
        }
        let org_index: HashMap<String, usize> =
            kaart.organisaties.iter().enumerate().map(|(i, o)| (o.id.clone(), i)).collect();
        let org = |id: &str| org_index.get(id).map(|&i| &kaart.organisaties[i]).or_else(|| base.organisatie(id));
        let (nv, nr) = (base.n_voorzieningen(), base.n_regelingen());
        let mut docs = Vec::new();
        let mut fields = Vec::new();
        for (i, r) in kaart.regelingen.iter().enumerate() {
            docs.push(EntryRef::Regeling(nr + i as u32));
            fields.push(regeling_fields(r, org(&r.organisatie_id)));
        }
        for (i, v) in kaart.voorzieningen.iter().enumerate() {
            docs.push(EntryRef::Voorziening(nv + i as u32));
            fields.push(voorziening_fields(v, org(&v.organisatie_id)));
        }
        let index = SearchIndex::build_with_synonyms(fields, base.index().parts().synonyms);
        let mut by_id = HashMap::with_capacity(docs.len());
        let mut hidden = HashSet::new();
        let base_doc = |id: &str, regeling: bool| {
            let d = base.doc_of(base.find(id)?)?;
            // an id can name a voorziening and a regeling: only the same kind is replaced
            (matches!(base.doc(d), EntryRef::Regeling(_)) == regeling).then_some(d)
        };
        for (j, r) in kaart.regelingen.iter().enumerate() {
            by_id.insert(r.id.clone(), EntryRef::Regeling(nr + j as u32));
            if let Some(d) = base_doc(&r.id, true) {
                hidden.insert(d);
            }
        }
        for (j, v) in kaart.voorzieningen.iter().enumerate() {
            by_id.insert(v.id.clone(), EntryRef::Voorziening(nv + j as u32));
            if let Some(d) = base_doc(&v.id, false) {
                hidden.insert(d);
            }
        }
        let mut gemeenten = self.gemeenten.clone();
        if !gemeenten.is_empty() {
            for (g, wijken) in places_of(&kaart.voorzieningen) {
                match gemeenten.iter_mut().find(|(x, _)| *x == g) {
                    Some((_, w)) => {
                        w.extend(wijken);
                        w.sort();
                        w.dedup();
                    }
                    None => gemeenten.push((g, wijken)),
                }
            }
            gemeenten.sort();
        }
        let overlay = Overlay { kaart, org_index, docs, by_id, index, hidden };
        Catalog { base: self.base.clone(), overlay, versie, gemeenten }
    }

    pub fn search(&self, searcher: &mut Searcher, query: &str, filters: &Filters, limit: usize) -> Results {
        let n_base = self.base.n_docs() as u32;
        let snap_filter = if filters.is_empty() { None } else { self.base.filter(filters) };
        let keep_base = |d: u32| {
            !self.overlay.hidden.contains(&d)
                && (filters.is_empty()
                    || match &snap_filter {
                        Some(f) => f(d),
                        None => filters.accepts(&self.entry(self.doc(d))),
                    })
        };
        let base = if filters.is_empty() && self.overlay.hidden.is_empty() {
            searcher.search_all(self.base.index(), query, limit)
        } else {
            searcher.search(self.base.index(), query, &keep_base, limit)
        };
        if self.overlay.docs.is_empty() {
            return base;
        }
        let keep_over = |d: u32| filters.is_empty() || filters.accepts(&self.entry(self.doc(n_base + d)));
        let mut over = searcher.side().search(&self.overlay.index, query, &keep_over, limit);
        for h in &mut over.hits {
            h.doc += n_base;
        }
        merge(base, over, limit)
    }
    /// The whole folded text of every document, for the plain-scan reference.
    pub fn haystacks(&self) -> Vec<String> {
        (0..(self.base.n_docs() + self.overlay.docs.len()) as u32)
            .filter(|d| !self.overlay.hidden.contains(d))
            .map(|d| {
                let f = match self.entry(self.doc(d)) {
                    Entry::Voorziening(v, o) => voorziening_fields(v, o),
                    Entry::Regeling(r, o) => regeling_fields(r, o),
                };
                loket_search::index::haystack(&f)
            })
            .collect()
    }
}

/// The results of the base and of the overlay as one list: full matches win over partial ones
/// (a partial list is only shown when neither has an entry with every word), then by score,
/// ties in document order (base before overlay), as one index would rank them.
fn merge(base: Results, over: Results, limit: usize) -> Results {
    let full = |r: &Results| !r.partial && !r.hits.is_empty();
    let (a, b) = match (full(&base), full(&over)) {
        (true, false) => return base,
        (false, true) => return over,
        _ => (base, over),
    };
    let partial = a.partial || b.partial;
    let total = a.total + b.total;
    let mut hits = a.hits;
    hits.extend(b.hits);
    hits.sort_by(|x, y| y.score.cmp(&x.score).then(x.doc.cmp(&y.doc)));
    hits.truncate(limit);
    Results { hits, total, partial }
}

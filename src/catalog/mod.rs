//! The loaded sociale kaart with its search index: what the desk searches.
//! No UI and no I/O; built from a [`Kaart`] however it was loaded.

pub mod synonyms;
pub mod synth;

use std::collections::HashMap;

use crate::domain::kaart::{Doelgroep, Kaart, Leeftijd, Organisatie, Regeling, Toegang, Voorziening, Werkgebied, Wet};
use crate::domain::ondersteuning::normalize_gemeente;
use crate::search::{DocFields, Results, SearchIndex, Searcher};

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

pub struct Catalog {
    pub kaart: Kaart,
    org_index: HashMap<String, usize>,
    docs: Vec<EntryRef>,
    by_id: HashMap<String, EntryRef>,
    index: SearchIndex,
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
    other.push_str(v.wet.label());
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
        for (i, r) in kaart.regelingen.iter().enumerate() {
            docs.push(EntryRef::Regeling(i as u32));
            fields.push(regeling_fields(r, org(&r.organisatie_id)));
        }
        for (i, v) in kaart.voorzieningen.iter().enumerate() {
            docs.push(EntryRef::Voorziening(i as u32));
            fields.push(voorziening_fields(v, org(&v.organisatie_id)));
        }
        let index = SearchIndex::build_with_synonyms(fields, synonyms);
        let mut by_id = HashMap::with_capacity(docs.len());
        for d in &docs {
            let id = match *d {
                EntryRef::Voorziening(i) => kaart.voorzieningen[i as usize].id.clone(),
                EntryRef::Regeling(i) => kaart.regelingen[i as usize].id.clone(),
            };
            by_id.insert(id, *d);
        }
        let mut places: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> = Default::default();
        for v in &kaart.voorzieningen {
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
        let gemeenten = if places.len() <= 200 {
            places.into_iter().map(|(g, w)| (g, w.into_iter().collect())).collect()
        } else {
            Vec::new()
        };
        Catalog { kaart, org_index, docs, by_id, index, gemeenten }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    pub fn organisatie(&self, id: &str) -> Option<&Organisatie> {
        self.org_index.get(id).map(|&i| &self.kaart.organisaties[i])
    }

    pub fn entry(&self, r: EntryRef) -> Entry<'_> {
        match r {
            EntryRef::Voorziening(i) => {
                let v = &self.kaart.voorzieningen[i as usize];
                Entry::Voorziening(v, self.organisatie(&v.organisatie_id))
            }
            EntryRef::Regeling(i) => {
                let r = &self.kaart.regelingen[i as usize];
                Entry::Regeling(r, self.organisatie(&r.organisatie_id))
            }
        }
    }

    pub fn doc(&self, doc: u32) -> EntryRef {
        self.docs[doc as usize]
    }

    pub fn find(&self, id: &str) -> Option<EntryRef> {
        self.by_id.get(id).copied()
    }

    pub fn search(&self, searcher: &mut Searcher, query: &str, filters: &Filters, limit: usize) -> Results {
        if filters.is_empty() {
            searcher.search(&self.index, query, &|_| true, limit)
        } else {
            let keep = |d: u32| filters.accepts(&self.entry(self.docs[d as usize]));
            searcher.search(&self.index, query, &keep, limit)
        }
    }

    /// The whole folded text of every document, for the plain-scan reference.
    pub fn haystacks(&self) -> Vec<String> {
        self.docs
            .iter()
            .map(|d| {
                let f = match self.entry(*d) {
                    Entry::Voorziening(v, o) => voorziening_fields(v, o),
                    Entry::Regeling(r, o) => regeling_fields(r, o),
                };
                crate::search::index::haystack(&f)
            })
            .collect()
    }
}

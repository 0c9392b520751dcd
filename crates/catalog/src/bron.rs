//! Where the catalog's base entries come from: the whole map in memory (built from a load), or
//! the search snapshot with the records read from the store by key when they are looked at
//! (a 1M map is searched and filtered without being in memory). No UI; the store is
//! reached only through [`Haal`].

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::snapshot::{Snapshot, Soort};
use super::{EntryRef, Filters};
use loket_domain::kaart::{Kaart, Organisatie, Regeling, Voorziening};
use loket_search::SearchIndex;

/// Reads map records by key (`o/<id>`, `v/<id>`, `r/<id>`) from wherever they are stored.
pub trait Haal: Send + Sync {
    /// The records of these keys; a key that is not found (or not readable) is left out.
    fn haal(&self, sleutels: &[String]) -> Kaart;
}

/// The map as loaded and indexed whole.
pub(super) struct Geheel {
    pub kaart: Kaart,
    pub org_index: HashMap<String, usize>,
    pub docs: Vec<EntryRef>,
    pub by_id: HashMap<String, EntryRef>,
    pub index: SearchIndex,
}

enum Rec {
    V(Voorziening),
    R(Regeling),
}

/// The snapshot, with each record read from the store the first time it is looked at.
pub(super) struct Lui {
    snap: Arc<Snapshot>,
    haal: Arc<dyn Haal>,
    /// Rows 0..nr are regelingen, the rest voorzieningen.
    nr: u32,
    recs: Vec<OnceLock<Box<Rec>>>,
    orgs: Vec<OnceLock<Option<Box<Organisatie>>>>,
    /// What the snapshot knows of a record that is looked at where nothing may be read (see
    /// [`zonder_ophalen`]), made the first time that happens.
    stand_ins: OnceLock<Vec<OnceLock<Box<Rec>>>>,
}

thread_local! {
    static ZONDER_OPHALEN: Cell<u32> = const { Cell::new(0) };
    static GEMIST: RefCell<Gemist> = RefCell::new(Gemist::default());
}

/// Records looked at where nothing may be read: to be read elsewhere ([`crate::Catalog::haal_op`]).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Gemist {
    /// Documents of the base whose record is not read yet.
    pub docs: Vec<u32>,
    /// Organisations (by their number in the snapshot) not read yet.
    pub orgs: Vec<u32>,
}

impl Gemist {
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.orgs.is_empty()
    }
}

/// Run `f` without reading from the store on this thread: a record that is not read yet is
/// shown as what the snapshot knows of it (name, organisation, place, law, access, target
/// groups), and noted; [`gemist`] gives what was noted, to be read on another thread. The screen
/// (`update` and drawing) runs this way, so a keystroke never waits for the store.
pub fn zonder_ophalen<R>(f: impl FnOnce() -> R) -> R {
    struct Terug;
    impl Drop for Terug {
        fn drop(&mut self) {
            ZONDER_OPHALEN.with(|z| z.set(z.get() - 1));
        }
    }
    ZONDER_OPHALEN.with(|z| z.set(z.get() + 1));
    let _terug = Terug;
    f()
}

/// The records looked at under [`zonder_ophalen`] on this thread since the last call.
pub fn gemist() -> Gemist {
    GEMIST.with(|g| std::mem::take(&mut *g.borrow_mut()))
}

fn mag_ophalen() -> bool {
    ZONDER_OPHALEN.with(|z| z.get() == 0)
}

/// The base of a catalog: shared (not copied) by the catalogs that add an overlay.
pub(super) enum Base {
    Geheel(Box<Geheel>),
    Lui(Lui),
}

impl Lui {
    pub fn new(snap: Arc<Snapshot>, haal: Arc<dyn Haal>) -> Lui {
        let nr = snap.regelingen() as u32;
        let recs = (0..snap.len()).map(|_| OnceLock::new()).collect();
        let orgs = (0..snap.organisaties()).map(|_| OnceLock::new()).collect();
        Lui { snap, haal, nr, recs, orgs, stand_ins: OnceLock::new() }
    }

    /// A record that could not be read: what the snapshot knows of it (name, law, access,
    /// target groups), so the row still shows and filters the same.
    fn placeholder(&self, d: u32) -> Rec {
        let row = self.snap.row(d);
        let k = self.snap.kenmerken(d);
        let org = self.snap.organisatie_id(d).unwrap_or("").to_string();
        match row.soort {
            Soort::Voorziening => Rec::V(Voorziening {
                id: row.id.into(),
                naam: row.naam.into(),
                organisatie_id: org,
                wet: k.wet,
                toegang: k.toegang,
                doelgroepen: k.doelgroepen,
                laatst_geverifieerd: k.geverifieerd,
                ..Default::default()
            }),
            Soort::Regeling => Rec::R(Regeling {
                id: row.id.into(),
                naam: row.naam.into(),
                organisatie_id: org,
                wet: k.wet,
                toegang: k.toegang,
                doelgroepen: k.doelgroepen,
                laatst_geverifieerd: k.geverifieerd,
                ..Default::default()
            }),
        }
    }

    /// The stand-in of a record not read yet: the placeholder, with the place the snapshot gives
    /// (as [`crate::Entry::plaats`] wrote it: "wijk (gemeente)", a gemeente, or the werkgebied).
    fn stand_in(&self, d: u32) -> &Rec {
        let all = self.stand_ins.get_or_init(|| (0..self.snap.len()).map(|_| OnceLock::new()).collect());
        all[d as usize].get_or_init(|| {
            let plaats = self.snap.row(d).plaats;
            let mut rec = self.placeholder(d);
            let (wijk, gemeente) = match plaats.strip_suffix(')').and_then(|p| p.split_once(" (")) {
                Some((w, g)) if !g.starts_with("wijken: ") => (w.to_string(), g.to_string()),
                _ => (String::new(), plaats.split([',', '(']).next().unwrap_or("").trim().to_string()),
            };
            if !gemeente.is_empty() && gemeente != "landelijk" {
                match &mut rec {
                    Rec::V(v) => {
                        v.locaties = vec![loket_domain::kaart::Locatie { wijk, gemeente, ..Default::default() }]
                    }
                    Rec::R(r) => r.werkgebied.gemeenten = vec![gemeente],
                }
            }
            Box::new(rec)
        })
    }

    fn rec(&self, d: u32) -> &Rec {
        if self.recs[d as usize].get().is_none() {
            if !mag_ophalen() {
                GEMIST.with(|g| {
                    let mut g = g.borrow_mut();
                    if !g.docs.contains(&d) {
                        g.docs.push(d);
                    }
                });
                return self.stand_in(d);
            }
            self.prefetch(&[d]);
        }
        self.recs[d as usize].get().expect("prefetch sets every row it is given")
    }

    fn org(&self, o: u32) -> Option<&Organisatie> {
        if self.orgs[o as usize].get().is_none() && !mag_ophalen() {
            GEMIST.with(|g| {
                let mut g = g.borrow_mut();
                if !g.orgs.contains(&o) {
                    g.orgs.push(o);
                }
            });
            return None;
        }
        self.orgs[o as usize]
            .get_or_init(|| {
                let id = self.snap.organisatie(o);
                let k = self.haal.haal(&[format!("o/{id}")]);
                k.organisaties.into_iter().find(|x| x.id == id).map(Box::new)
            })
            .as_deref()
    }

    /// Read the records of these rows (and their organisations) that are not read yet, in one go.
    pub fn prefetch(&self, docs: &[u32]) {
        self.haal_op(docs, &[]);
    }

    /// Read these rows and organisations that are not read yet, in one go. Where nothing may be
    /// read ([`zonder_ophalen`]) they are noted instead.
    pub fn haal_op(&self, docs: &[u32], orgs: &[u32]) {
        if !mag_ophalen() {
            GEMIST.with(|g| {
                let mut g = g.borrow_mut();
                for &d in docs {
                    if (d as usize) < self.recs.len() && self.recs[d as usize].get().is_none() && !g.docs.contains(&d) {
                        g.docs.push(d);
                    }
                }
            });
            return;
        }
        let mut keys = Vec::new();
        let mut want = Vec::new();
        let mut want_org = Vec::new();
        for &o in orgs {
            if (o as usize) < self.orgs.len() && self.orgs[o as usize].get().is_none() && !want_org.contains(&o) {
                keys.push(format!("o/{}", self.snap.organisatie(o)));
                want_org.push(o);
            }
        }
        for &d in docs {
            if (d as usize) < self.recs.len() && self.recs[d as usize].get().is_none() {
                keys.push(self.snap.sleutel(d));
                want.push(d);
            }
            if let Some(o) = self.snap.organisatie_nr(d) {
                if self.orgs[o as usize].get().is_none() && !want_org.contains(&o) {
                    keys.push(format!("o/{}", self.snap.organisatie(o)));
                    want_org.push(o);
                }
            }
        }
        if keys.is_empty() {
            return;
        }
        let k = self.haal.haal(&keys);
        let mut vs: HashMap<String, Voorziening> = k.voorzieningen.into_iter().map(|v| (v.id.clone(), v)).collect();
        let mut rs: HashMap<String, Regeling> = k.regelingen.into_iter().map(|r| (r.id.clone(), r)).collect();
        let mut os: HashMap<String, Organisatie> = k.organisaties.into_iter().map(|o| (o.id.clone(), o)).collect();
        for d in want {
            let row = self.snap.row(d);
            let rec = match row.soort {
                Soort::Voorziening => vs.remove(row.id).map(Rec::V),
                Soort::Regeling => rs.remove(row.id).map(Rec::R),
            };
            let _ = self.recs[d as usize].set(Box::new(rec.unwrap_or_else(|| self.placeholder(d))));
        }
        for o in want_org {
            let _ = self.orgs[o as usize].set(os.remove(self.snap.organisatie(o)).map(Box::new));
        }
    }
}

impl Base {
    pub fn n_docs(&self) -> usize {
        match self {
            Base::Geheel(g) => g.docs.len(),
            Base::Lui(l) => l.snap.len(),
        }
    }
    pub fn n_voorzieningen(&self) -> u32 {
        match self {
            Base::Geheel(g) => g.kaart.voorzieningen.len() as u32,
            Base::Lui(l) => l.snap.len() as u32 - l.nr,
        }
    }
    pub fn n_regelingen(&self) -> u32 {
        match self {
            Base::Geheel(g) => g.kaart.regelingen.len() as u32,
            Base::Lui(l) => l.nr,
        }
    }
    pub fn index(&self) -> &SearchIndex {
        match self {
            Base::Geheel(g) => &g.index,
            Base::Lui(l) => &l.snap.index,
        }
    }
    pub fn snapshot(&self) -> Option<&Arc<Snapshot>> {
        match self {
            Base::Geheel(_) => None,
            Base::Lui(l) => Some(&l.snap),
        }
    }
    pub fn doc(&self, d: u32) -> EntryRef {
        match self {
            Base::Geheel(g) => g.docs[d as usize],
            Base::Lui(l) if d < l.nr => EntryRef::Regeling(d),
            Base::Lui(l) => EntryRef::Voorziening(d - l.nr),
        }
    }
    /// The document of a base entry.
    pub fn doc_of(&self, r: EntryRef) -> Option<u32> {
        match self {
            Base::Geheel(g) => g.docs.binary_search_by_key(&sort_key(r), |d| sort_key(*d)).ok().map(|d| d as u32),
            Base::Lui(l) => Some(match r {
                EntryRef::Regeling(i) => i,
                EntryRef::Voorziening(i) => l.nr + i,
            }),
        }
    }
    pub fn find(&self, id: &str) -> Option<EntryRef> {
        match self {
            Base::Geheel(g) => g.by_id.get(id).copied(),
            Base::Lui(l) => l.snap.find(id).map(|d| self.doc(d)),
        }
    }
    pub fn voorziening(&self, i: u32) -> &Voorziening {
        match self {
            Base::Geheel(g) => &g.kaart.voorzieningen[i as usize],
            Base::Lui(l) => match l.rec(l.nr + i) {
                Rec::V(v) => v,
                Rec::R(_) => unreachable!("rows after the regelingen are voorzieningen (checked at open)"),
            },
        }
    }
    pub fn regeling(&self, i: u32) -> &Regeling {
        match self {
            Base::Geheel(g) => &g.kaart.regelingen[i as usize],
            Base::Lui(l) => match l.rec(i) {
                Rec::R(r) => r,
                Rec::V(_) => unreachable!("the first rows are the regelingen (checked at open)"),
            },
        }
    }
    pub fn organisatie(&self, id: &str) -> Option<&Organisatie> {
        match self {
            Base::Geheel(g) => g.org_index.get(id).map(|&i| &g.kaart.organisaties[i]),
            Base::Lui(l) => l.org(l.snap.organisatie_nr_van(id)?),
        }
    }
    pub fn organisatie_ids(&self) -> Vec<&str> {
        match self {
            Base::Geheel(g) => g.kaart.organisaties.iter().map(|o| o.id.as_str()).collect(),
            Base::Lui(l) => (0..l.snap.organisaties() as u32).map(|o| l.snap.organisatie(o)).collect(),
        }
    }
    /// The base documents of entries of these organisations.
    pub fn docs_of_orgs(&self, orgs: &std::collections::HashSet<String>) -> Vec<u32> {
        match self {
            Base::Geheel(_) => (0..self.n_docs() as u32)
                .filter(|&d| {
                    let org = match self.doc(d) {
                        EntryRef::Voorziening(i) => &self.voorziening(i).organisatie_id,
                        EntryRef::Regeling(i) => &self.regeling(i).organisatie_id,
                    };
                    orgs.contains(org)
                })
                .collect(),
            Base::Lui(l) => {
                let nrs: Vec<u32> = orgs.iter().filter_map(|o| l.snap.organisatie_nr_van(o)).collect();
                if nrs.is_empty() {
                    return Vec::new();
                }
                (0..l.snap.len() as u32)
                    .filter(|&d| l.snap.organisatie_nr(d).is_some_and(|o| nrs.contains(&o)))
                    .collect()
            }
        }
    }
    pub fn prefetch(&self, docs: &[u32]) {
        if let Base::Lui(l) = self {
            l.prefetch(docs)
        }
    }
    pub fn haal_op(&self, gemist: &Gemist) {
        if let Base::Lui(l) = self {
            l.haal_op(&gemist.docs, &gemist.orgs)
        }
    }
    pub fn haal(&self) -> Option<Arc<dyn Haal>> {
        match self {
            Base::Geheel(_) => None,
            Base::Lui(l) => Some(l.haal.clone()),
        }
    }
    /// A filter check for base documents, or None when the entry itself must be asked.
    pub fn filter(&self, f: &Filters) -> Option<impl Fn(u32) -> bool + '_> {
        match self {
            Base::Geheel(_) => None,
            Base::Lui(l) => {
                let f = l.snap.filter(f);
                Some(move |d| l.snap.door_filter(d, &f))
            }
        }
    }
}

/// Order of a whole base's documents: regelingen first, then voorzieningen, each by index.
pub(super) fn sort_key(r: EntryRef) -> (u8, u32) {
    match r {
        EntryRef::Regeling(i) => (0, i),
        EntryRef::Voorziening(i) => (1, i),
    }
}

//! The search beside the screen: a keystroke sends the query to a thread of its own
//! and the screen stays responsive; a newer query for the same list cancels the one still
//! running, and a result that is no longer the newest is thrown away. The results come back
//! as [`Msg::Gezocht`]. Without a `Zoeker` (headless tests) the search runs in place.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};

use super::Msg;
use loket_catalog::{Catalog, Filters};
use loket_search::{Cancel, Results, Searcher};

/// How many rows of an answer have their records read ahead (more than a screen holds).
const VOORUIT: usize = 64;

/// Which result list a search is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lijst {
    /// The sociale kaart screen.
    Kaart,
    /// The kaart search inside a contact.
    Contact,
}

impl Lijst {
    fn nr(self) -> usize {
        match self {
            Lijst::Kaart => 0,
            Lijst::Contact => 1,
        }
    }
}

struct Vraag {
    lijst: Lijst,
    gen: u64,
    cat: Arc<Catalog>,
    query: String,
    filters: Filters,
    limit: usize,
}

/// The answer to a search: for `lijst`, request number `gen`.
#[derive(Debug, Clone)]
pub struct Antwoord {
    pub lijst: Lijst,
    pub gen: u64,
    pub results: Results,
}

/// The handle the screen keeps: sends queries, knows which answer is the newest.
pub struct Zoeker {
    tx: mpsc::Sender<Vraag>,
    gens: [Arc<AtomicU64>; 2],
}

impl std::fmt::Debug for Zoeker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Zoeker")
    }
}

impl Zoeker {
    /// Start the search thread; its answers go to `out`.
    pub fn start(out: mpsc::Sender<Msg>) -> Zoeker {
        let (tx, rx) = mpsc::channel::<Vraag>();
        let gens = [Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0))];
        let flags = gens.clone();
        std::thread::Builder::new()
            .name("zoeken".into())
            .spawn(move || {
                let mut searcher = Searcher::default();
                while let Ok(first) = rx.recv() {
                    // only the newest query of each list is worth answering
                    let mut newest: [Option<Vraag>; 2] = [None, None];
                    let n = first.lijst.nr();
                    newest[n] = Some(first);
                    while let Ok(v) = rx.try_recv() {
                        let n = v.lijst.nr();
                        newest[n] = Some(v);
                    }
                    for v in newest.into_iter().flatten() {
                        let flag = flags[v.lijst.nr()].clone();
                        if flag.load(Ordering::Relaxed) != v.gen {
                            continue;
                        }
                        searcher.set_cancel(Some(Cancel { flag: flag.clone(), gen: v.gen }));
                        let results = v.cat.search(&mut searcher, &v.query, &v.filters, v.limit);
                        if searcher.was_cancelled() || flag.load(Ordering::Relaxed) != v.gen {
                            continue;
                        }
                        // the first rows' records are read now, beside the screen, after the
                        // answer: the rows are drawn from the snapshot at once, the details follow
                        let eerste: Vec<u32> = results.hits.iter().take(VOORUIT).map(|h| h.doc).collect();
                        if out.send(Msg::Gezocht(Box::new(Antwoord { lijst: v.lijst, gen: v.gen, results }))).is_err() {
                            return;
                        }
                        if !eerste.is_empty() && v.cat.snapshot().is_some() {
                            v.cat.prefetch(&eerste);
                            let _ = out.send(Msg::Opgehaald);
                        }
                    }
                }
            })
            .expect("a thread for the search");
        Zoeker { tx, gens }
    }

    /// Ask for a search; any search still running for the same list is cancelled.
    pub fn zoek(&self, lijst: Lijst, cat: Arc<Catalog>, query: &str, filters: &Filters, limit: usize) {
        let gen = self.gens[lijst.nr()].fetch_add(1, Ordering::Relaxed) + 1;
        let _ = self.tx.send(Vraag { lijst, gen, cat, query: query.to_string(), filters: filters.clone(), limit });
    }

    /// Is this the answer to the newest question of its list?
    pub fn is_nieuwste(&self, a: &Antwoord) -> bool {
        self.gens[a.lijst.nr()].load(Ordering::Relaxed) == a.gen
    }
}

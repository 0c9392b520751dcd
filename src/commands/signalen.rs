//! `loket signalen`: one sentence a line on stdin; per line the tier (`geen`,
//! `doorvragen`, `crisis`), the category and the words that matched, as text or JSON. So a
//! beheerder can try the word list (the store's, or a file with `--lijst`) on test sentences.
//! The sentences themselves are not printed back: only the line number and what matched.

use serde::Serialize;

use crate::domain::danger::{Gevaarwoorden, Niveau, Uitslag};

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Regel {
    pub regel: usize,
    pub niveau: &'static str,
    /// The category that sets the tier (empty: none); a threatened eviction is `uitzetting`.
    pub categorie: String,
    /// Where it is referred to (empty: none).
    pub route: String,
    /// The question to ask at the doorvragen tier (empty otherwise).
    pub vraag: String,
    pub signalen: Vec<Gevonden>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Gevonden {
    pub categorie: &'static str,
    pub niveau: &'static str,
    pub gevonden: String,
}

/// The verdict on one sentence.
pub fn regel(nr: usize, u: &Uitslag) -> Regel {
    let hoofd = u.hoofd().or_else(|| u.signalen.first());
    Regel {
        regel: nr,
        niveau: u.niveau.code(),
        categorie: hoofd.map(|s| s.soort.code().to_string()).unwrap_or_default(),
        route: hoofd.map(|s| s.soort.route().label().to_string()).unwrap_or_default(),
        vraag: match (u.niveau, hoofd) {
            (Niveau::Doorvragen, Some(s)) => s.soort.doorvraag().to_string(),
            _ => String::new(),
        },
        signalen: u
            .signalen
            .iter()
            .map(|s| Gevonden { categorie: s.soort.code(), niveau: s.niveau.code(), gevonden: s.gevonden.clone() })
            .collect(),
    }
}

/// Every non-empty line of `input`, numbered from 1 as in the file.
pub fn beoordeel(lijst: &Gevaarwoorden, input: &str) -> Vec<Regel> {
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| regel(i + 1, &lijst.beoordeel(l)))
        .collect()
}

/// Text: "3  crisis      huiselijk_geweld    slaat me; geslagen", one line per sentence.
pub fn format_text(regels: &[Regel]) -> String {
    let mut s = String::new();
    for r in regels {
        let cat = if r.categorie.is_empty() { "-" } else { &r.categorie };
        let woorden: Vec<String> = r.signalen.iter().map(|g| g.gevonden.clone()).collect();
        let regel = format!("{:>3}  {:<10}  {:<19}  {}", r.regel, r.niveau, cat, woorden.join("; "));
        s.push_str(regel.trim_end());
        s.push('\n');
    }
    s
}

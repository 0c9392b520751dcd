//! The desk's word lists live in the store (seeded from `data/` on first start), so a beheerder
//! can change them: the danger words (`gevaarwoorden`) and the desk synonyms (`synoniemen`).
//! [`load_word_lists`] makes the stored lists the ones loket uses; a list that does not parse is
//! reported in Dutch with its place, and the bundled one is used instead.

use super::{Result, Store};

pub const GEVAARWOORDEN: &str = "gevaarwoorden";
pub const SYNONIEMEN: &str = "synoniemen";

/// The danger lists that earlier lokets bundled (and seeded into the store), oldest first. A
/// store that still holds one of them unchanged gets the current bundled list: nobody chose the
/// old one. A list a beheerder edited stays as it is (it still reads, see `danger`).
pub const GEVAARWOORDEN_VORIGE: &[&str] = &[
    include_str!("../../../data/vorige/gevaarwoorden_v1.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v2.toml"),
    // the widened lists of the later tuning rounds (f46e7e8 … 2c7311b), each bundled by a landed
    // version; v9 is the one bundled before the ninth round
    include_str!("../../../data/vorige/gevaarwoorden_v3.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v4.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v5.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v6.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v7.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v8.toml"),
    include_str!("../../../data/vorige/gevaarwoorden_v9.toml"),
];

/// Write the bundled lists into the store where it has none yet, or where it holds an earlier
/// bundled danger list unchanged.
pub fn seed(store: &dyn Store) -> Result<()> {
    for (naam, tekst) in
        [(GEVAARWOORDEN, loket_domain::danger::BUNDLED_TOML), (SYNONIEMEN, loket_catalog::synonyms::SYNONYMS_TOML)]
    {
        match store.woordenlijst(naam)? {
            None => store.zet_woordenlijst(naam, tekst)?,
            Some(t) if naam == GEVAARWOORDEN && GEVAARWOORDEN_VORIGE.contains(&t.as_str()) => {
                store.zet_woordenlijst(naam, tekst)?
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Use the store's lists from now on. Returns one Dutch line per problem (empty: all well).
pub fn load_word_lists(store: &dyn Store) -> Vec<String> {
    let mut problems = Vec::new();
    let bron = |naam: &str| format!("{naam} (in {})", store.describe());
    match store.woordenlijst(GEVAARWOORDEN) {
        Ok(Some(t)) => match loket_domain::danger::Gevaarwoorden::parse(&t, &bron(GEVAARWOORDEN)) {
            Ok(l) => loket_domain::danger::set_active(Some(l)),
            Err(e) => {
                loket_domain::danger::set_active(None);
                problems.push(format!("woordenlijst gevaarwoorden: {e}; de ingebouwde lijst wordt gebruikt"));
            }
        },
        Ok(None) => loket_domain::danger::set_active(None),
        Err(e) => problems.push(format!("woordenlijst gevaarwoorden niet te lezen: {e}")),
    }
    match store.woordenlijst(SYNONIEMEN) {
        Ok(Some(t)) => match loket_catalog::synonyms::parse_synonyms(&bron(SYNONIEMEN), &t) {
            Ok(g) => loket_catalog::synonyms::set_active(Some(g)),
            Err(e) => {
                loket_catalog::synonyms::set_active(None);
                problems.push(format!("woordenlijst synoniemen: {}; de ingebouwde lijst wordt gebruikt", e.join("; ")));
            }
        },
        Ok(None) => loket_catalog::synonyms::set_active(None),
        Err(e) => problems.push(format!("woordenlijst synoniemen niet te lezen: {e}")),
    }
    problems
}

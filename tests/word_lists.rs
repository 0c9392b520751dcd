//! Issue 10 (B8) and 11 (E21): the desk's word lists (danger words, synonyms) are data, seeded
//! from `data/` into the store on first start, and what loket uses is what the store holds, so
//! a beheerder can change them. Both backends. (Its own test binary: the active lists are global.)

mod common;

use loket::store::{PgStore, SledStore, Store};

fn check(store: &dyn Store) {
    loket::cli::seed(store).unwrap();
    assert_eq!(
        store.woordenlijst("gevaarwoorden").unwrap().as_deref(),
        Some(loket::domain::danger::BUNDLED_TOML),
        "seeded from data/"
    );
    assert_eq!(store.woordenlijst("synoniemen").unwrap().as_deref(), Some(loket::catalog::synonyms::SYNONYMS_TOML));
    // the beheerder adds a word and a synonym group; loket uses the store's lists
    let gevaar =
        format!("{}\n[[signaal]]\nsoort = \"acuut\"\nwoorden = [\"bijlproef\"]\n", loket::domain::danger::BUNDLED_TOML);
    store.zet_woordenlijst("gevaarwoorden", &gevaar).unwrap();
    let syn = format!(
        "{}\n[[groep]]\nwoorden = [\"zorgproefwoord\", \"dagbesteding\"]\n",
        loket::catalog::synonyms::SYNONYMS_TOML
    );
    store.zet_woordenlijst("synoniemen", &syn).unwrap();
    assert!(loket::store::lijsten::load_word_lists(store).is_empty());
    assert!(
        !loket::domain::danger::signalen("hij kwam met een bijlproef").is_empty(),
        "the store's danger list is used"
    );
    let cat = loket::catalog::Catalog::build(loket::demo::demo_kaart());
    let hits = loket::cli::zoek(&cat, "zorgproefwoord", 5);
    assert!(hits.iter().any(|h| h.naam.to_lowercase().contains("dagbesteding")), "the store's synonyms are used");
    // a broken list in the store is reported in Dutch with its place, and the bundled one is used
    store.zet_woordenlijst("gevaarwoorden", "[[signaal]\nkapot").unwrap();
    let errors = loket::store::lijsten::load_word_lists(store);
    assert!(errors.iter().any(|e| e.contains("gevaarwoorden") && e.contains(":1")), "{errors:?}");
    assert!(loket::domain::danger::signalen("hij kwam met een bijlproef").is_empty(), "back to the bundled list");
    assert!(!loket::domain::danger::signalen("mijn man slaat me").is_empty());
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn the_word_lists_live_in_the_store_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    check(&SledStore::open(dir.path()).unwrap());
    if let Some(url) = common::pg::fresh_db("word_lists") {
        check(&PgStore::connect(&url).unwrap());
    }
}

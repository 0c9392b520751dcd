//! Issue 12, item 10: `loket import` runs while desks are working on the shared database, and
//! their open lokets see the new entries live.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use loket::app::{run, Msg};
use loket::store::{PgStore, Store};

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn an_import_on_the_shared_database_reaches_an_open_desk() {
    let Some(url) = common::pg::fresh_db("live_import") else { return };
    let store = std::sync::Arc::new(PgStore::connect(&url).unwrap());
    loket::cli::seed(store.as_ref()).unwrap();
    // desk B is open: its map is loaded, and it listens for other desks' changes
    let mut s = common::demo_state();
    let l = store.kaart_load(&mut |_| {}).unwrap();
    run::handle(store.as_ref(), &mut s, Msg::Loaded(std::sync::Arc::new(loket::catalog::Catalog::build(l.value))));
    let (tx, rx) = mpsc::channel();
    assert!(store.watch(Box::new(move |c| {
        let _ = tx.send(c);
    })));
    let before = s.catalog.as_ref().unwrap().len();
    // the beheerder imports from the command line, meanwhile
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["import", "tests/fixtures/hsds/service.json", "--database", &url])
        .env("LOKET_CONFIG", "/nonexistent/loket.toml")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let change = rx.recv_timeout(Duration::from_secs(10)).expect("the open desk hears of the import");
    run::handle(store.as_ref(), &mut s, Msg::Remote(change));
    let cat = s.catalog.as_ref().unwrap();
    assert!(cat.len() > before, "{} → {}", before, cat.len());
    let hits = loket::cli::zoek(cat, "Mantelzorgondersteuning Heerlen", 3);
    assert!(
        hits.iter().any(|h| h.naam.trim() == "Mantelzorgondersteuning Heerlen"),
        "{:?}",
        hits.iter().map(|h| &h.naam).collect::<Vec<_>>()
    );
}

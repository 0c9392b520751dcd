//! End-to-end: two lokets on one PostgreSQL database, each in its own tmux server.
//! Desk A hands off; desk B's queue shows the case live. Then both change the same dossier at
//! once: the second gets the Dutch conflict message and loses nothing.

mod common;

use common::tmux::{available, Pane};
use loket::store::{PgStore, Store};

fn desk(name: &str, url: &str, data: &std::path::Path) -> Pane {
    Pane::start(
        &[("LOKET_MEDEWERKER", name), ("LOKET_DATABASE_URL", url)],
        &["--data-dir", &data.display().to_string()],
        120,
        40,
    )
}

#[test]
fn two_desks_one_database_handoff_is_live_and_conflicts_lose_nothing() {
    if !available() {
        return;
    }
    let Some(url) = common::pg::fresh_db("e2e_shared") else { return };
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = desk("Anna", &url, da.path());
    a.wait_for("Resultaten");
    let b = desk("Bert", &url, db.path());
    b.wait_for("Resultaten");
    b.keys(&["C-b"]);
    b.wait_for("Wachtrij backoffice — 0 open");

    // Desk A: a complex question, handed off in three keys
    a.keys(&["C-n"]);
    a.wait_for("Registratie");
    a.text("Mevrouw kan thuis niet meer rondkomen en krijgt het huishouden niet meer gedaan");
    a.keys(&["M-2", "M-4", "Tab", "Tab"]);
    a.text("1944");
    a.keys(&["Tab"]);
    a.text("Groningen");
    a.keys(&["C-o"]);
    a.wait_for("Vrije tijden");
    a.keys(&["j", "Enter"]);
    a.wait_for("Afspraak gemaakt");

    // Desk B's open queue shows it, without any key
    let q = b.wait_for("Wachtrij backoffice — 1 open");
    assert!(q.contains("overgedragen door Anna"), "{q}");

    // Both change dossier 1: B opens "volgende actie" first, A moves the step meanwhile
    a.keys(&["Enter", "C-b"]);
    a.wait_for("Wachtrij backoffice — 1 open");
    b.keys(&["d"]);
    b.wait_for("Volgende actie op");
    b.text("+7");
    a.keys(&["v"]);
    a.wait_for("nu stap B");
    b.keys(&["Enter"]);
    let s = b.wait_for("intussen bijgewerkt door Anna");
    assert!(s.contains("Dossier 1"), "{s}");

    // Now a real clash: both set the next action to different dates
    a.keys(&["d"]);
    a.wait_for("Volgende actie op");
    b.keys(&["d"]);
    b.wait_for("Volgende actie op");
    b.text("+3");
    a.text("+14");
    a.keys(&["Enter"]);
    b.keys(&["Enter"]);
    let s = b.wait_for("niet doorgevoerd");
    assert!(s.contains("volgende actie"), "{s}");

    // Both add a note at once: notes never clash, both are kept
    a.keys(&["n"]);
    b.keys(&["n"]);
    a.wait_for("Notitie bij deze stap");
    b.wait_for("Notitie bij deze stap");
    a.text("Anna belde de dochter");
    b.text("Bert sprak de huisarts");
    a.keys(&["Enter"]);
    b.keys(&["Enter"]);
    let store = PgStore::connect(&url).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let case = loop {
        let c = store.case(1).unwrap().unwrap();
        let texts: Vec<&str> = c.notities.iter().map(|n| n.tekst.as_str()).collect();
        if texts.contains(&"Anna belde de dochter") && texts.contains(&"Bert sprak de huisarts") {
            break c;
        }
        assert!(std::time::Instant::now() < deadline, "a note was lost: {texts:?}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    // what ended up in the store: the step A set, A's date (first), B's date refused, notes by author
    assert_eq!(case.stap, loket::domain::case::Stap::KeuzeInformatie);
    assert_eq!(case.aangemaakt_door, "Anna");
    assert!(case.notities.iter().any(|n| n.tekst == "Bert sprak de huisarts" && n.door == "Bert"));
    assert!(case.notities.iter().any(|n| n.tekst == "Anna belde de dochter" && n.door == "Anna"));
    let contacts = store.contacts().unwrap().value;
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].medewerker, "Anna");
    assert_eq!(contacts[0].afhandeling, Some(loket::domain::contact::Afhandeling::Backoffice));
    // desk B's contact list has desk A's contact, live
    b.keys(&["C-l"]);
    b.wait_for("Mevrouw kan thuis niet meer");
    a.keys(&["C-q"]);
    b.keys(&["C-q"]);
    a.wait_exit();
    b.wait_exit();
}

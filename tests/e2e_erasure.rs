//! Issue 19, "erasure wins", end to end: a desk on the shared database has a contact open while
//! `inzage --wis` erases that person. At the desk's next key the erased name does not come back:
//! not in the database (raw rows), not in any file of the desk, and the desk says so in Dutch and
//! lets go of the contact. Before the fix, the desk wrote its copy back at the next key.

mod common;

use common::tmux::{available, Pane};
use loket::store::{PgStore, Store};

fn files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
#[cfg_attr(zonder_tmux, ignore = "tmux ontbreekt op deze machine")]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn an_erased_name_never_returns_from_an_open_desk() {
    available();
    let Some(url) = common::pg::fresh_db("e2e_erasure") else { return };
    let store = PgStore::connect(&url).unwrap();
    for (naam, rol, pin) in [
        ("Fenna", loket::domain::account::Rol::FunctioneelBeheerder, "111111"),
        ("Anna", loket::domain::account::Rol::Balie, "222222"),
    ] {
        let pin_hash = loket::auth::hash_pin(pin).unwrap();
        store
            .account_toevoegen(&loket::domain::account::Account {
                naam: naam.into(),
                rol,
                pin_hash,
                geblokkeerd: false,
            })
            .unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let a = Pane::start_logged(
        &[("LOKET_DATABASE_URL", &url)],
        &["--data-dir", &data.path().display().to_string()],
        120,
        40,
    );
    a.wait_for("Meld u aan");
    a.text("Anna");
    a.keys(&["Enter"]);
    a.text("222222");
    a.keys(&["Enter"]);
    a.wait_for("Resultaten");
    a.keys(&["C-n"]);
    a.wait_for("Registratie");
    a.text("Vraag over de traplift");
    a.keys(&["Tab"]);
    a.text("Erik Wisman");
    a.wait_for("Erik Wisman");
    // the draft is stored with the name
    let id = {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            let found = store.contacts().unwrap().value.into_iter().find(|c| c.client.naam == "Erik Wisman");
            if let Some(c) = found {
                break c.id;
            }
            assert!(std::time::Instant::now() < deadline, "the draft was not stored");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };

    // the functioneel beheerder erases the person (AVG art. 17) elsewhere
    let elders = tempfile::tempdir().unwrap();
    let now = chrono::Local::now().naive_local();
    loket::commands::inzage::wis(&store, elders.path(), "Erik Wisman", "verzoek van betrokkene", "Fenna", now).unwrap();

    // the desk types on (the notice may already be up from the erasure's notification: then
    // these keys go nowhere)
    a.text(" jr");
    let s = a.wait_for("is gewist");
    assert!(s.contains(&format!("Contact {id}")), "{s}");
    assert!(!s.contains("Registratie"), "the form let go of the contact: {s}");
    a.keys(&["Enter"]);
    a.text("x");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let c = store.contact(id).unwrap().unwrap();
    assert!(c.gewist, "still marked erased");
    assert_eq!(c.client.naam, "", "the name did not come back");
    assert_eq!(c.vraag, "");
    // not in any stored row (raw bytes) either
    let mut pg = postgres::Client::connect(&url, postgres::NoTls).unwrap();
    // the contact's rows, its child rows included, as text
    let rows = "SELECT c::text FROM contacten c UNION ALL SELECT l::text FROM contact_links l \
                UNION ALL SELECT r::text FROM contact_ruwe_invoer r UNION ALL SELECT s::text FROM contact_signaalvragen s";
    for row in pg.query(rows, &[]).unwrap() {
        let text: String = row.get(0);
        assert!(!text.contains("Erik Wisman"), "the name is in a stored row");
    }
    a.keys(&["C-q"]);
    a.wait_exit();
    // nor in any file of the desk (no recovery file with it)
    for f in files(data.path()) {
        let bytes = std::fs::read(&f).unwrap_or_default();
        assert!(!bytes.windows(11).any(|w| w == b"Erik Wisman"), "the name is in {}", f.display());
    }
    assert!(!a.stderr().contains("Erik Wisman"));
}

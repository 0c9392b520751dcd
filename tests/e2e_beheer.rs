//! End-to-end (issue 14): two lokets on one PostgreSQL database, each in its own tmux server.
//! A desk flags a wrong phone number; the beheerder sees it first in the worklist, edits the
//! number and marks the entry verified; the desk sees the new number, with no flag and no ⚠.

mod common;

use common::tmux::{available, Pane};
use loket::domain::account::{Account, Rol};
use loket::store::{PgStore, Store};

/// A desk on the shared database, signed in as `name` (issue 13: always on the shared one).
fn desk(name: &str, pin: &str, url: &str, data: &std::path::Path) -> Pane {
    let p = Pane::start(&[("LOKET_DATABASE_URL", url)], &["--data-dir", &data.display().to_string()], 120, 40);
    p.wait_for("Meld u aan");
    p.text(name);
    p.keys(&["Enter"]);
    p.text(pin);
    p.keys(&["Enter"]);
    p
}

#[test]
#[cfg_attr(zonder_tmux, ignore = "tmux ontbreekt op deze machine")]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn a_flagged_phone_number_is_fixed_by_the_beheerder_and_the_desk_sees_it() {
    assert!(available() || std::env::var("CI").as_deref() != Ok("true"), "tmux is needed under CI");
    if !available() {
        println!("tmux niet gevonden: overgeslagen (buiten CI)");
        return;
    }
    let Some(url) = common::pg::fresh_db("e2e_beheer") else { return };
    {
        let store = PgStore::connect(&url).unwrap();
        for (naam, rol, pin) in [
            ("Fenna", Rol::FunctioneelBeheerder, "111111"),
            ("Anna", Rol::Balie, "222222"),
            ("Bert Beheer", Rol::BeheerderKaart, "333333"),
        ] {
            let pin_hash = loket::auth::hash_pin(pin).unwrap();
            store.account_toevoegen(&Account { naam: naam.into(), rol, pin_hash, geblokkeerd: false }).unwrap();
        }
    }
    let (da, db) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = desk("Anna", "222222", &url, da.path());
    a.wait_for("Resultaten");
    let b = desk("Bert Beheer", "333333", &url, db.path());
    b.wait_for("Resultaten");

    // the desk: the entry, its old number, stale
    a.text("maatje tegen eenzaamheid");
    let s = a.wait_for("050-555 03 10");
    assert!(s.contains("⚠ laatst geverifieerd"), "{s}");
    a.keys(&["C-r"]);
    a.wait_for("Klopt niet: wat klopt er niet?");
    a.text("telefoonnummer werkt niet");
    a.keys(&["Enter"]);
    let s = a.wait_for("telefoonnummer werkt niet");
    assert!(s.contains("⚑ gemeld"), "{s}");
    assert!(s.contains("maatje tegen eenzaamheid"), "the chord did not type into the search box: {s}");

    // the beheerder: first in the worklist
    b.keys(&["C-g"]);
    let w = b.wait_for("⚑ 1 gemeld");
    let first = w.lines().find(|l| l.contains("⚑ 1 gemeld")).unwrap();
    let list_start = w.lines().position(|l| l.contains("Werklijst sociale kaart")).unwrap();
    assert_eq!(w.lines().nth(list_start + 1).unwrap(), first, "the reported entry comes first:\n{w}");
    assert!(first.contains("Maatje tegen eenzaamheid"), "{w}");
    assert!(w.contains("door Anna: telefoonnummer werkt niet"), "{w}");
    b.keys(&["Enter"]);
    b.wait_for("voorziening bewerken: Maatje tegen eenzaamheid");
    b.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    for _ in 0..20 {
        b.keys(&["BSpace"]);
    }
    b.text("050 123 4567");
    b.keys(&["C-s"]);
    b.wait_for("Maatje tegen eenzaamheid: gewijzigd.");
    b.keys(&["k"]);
    b.wait_for("gebeld, klopt");

    // the desk: the new number, no flag, no ⚠ — without a key
    let s = a.wait_for("050 123 4567");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let s2 = a.screen();
    for s in [&s, &s2] {
        assert!(!s.contains("gemeld"), "{s}");
        assert!(!s.contains("⚠"), "{s}");
        assert!(!s.contains("050-555 03 10"), "{s}");
    }
}

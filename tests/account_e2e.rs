//! End-to-end (tmux, the real binary): the first start on a shared database without accounts
//! makes the first functioneel beheerder on the terminal (the PIN not echoed), then the TUI asks
//! to sign in and the role's rules apply (issue 13).

mod common;

use common::tmux::{available, Pane};
use loket::domain::account::Rol;
use loket::store::{PgStore, Store};

#[test]
#[cfg_attr(zonder_tmux, ignore = "tmux ontbreekt op deze machine")]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn the_first_start_on_a_shared_database_makes_the_first_beheerder_then_signs_in() {
    available();
    let Some(url) = common::pg::fresh_db("account_e2e") else { return };
    let data = tempfile::tempdir().unwrap();
    let p =
        Pane::start_teed(&[("LOKET_DATABASE_URL", &url)], &["--data-dir", &data.path().display().to_string()], 100, 30);
    p.wait_for_wrapped("nog geen accounts");
    p.text("Fenna");
    p.keys(&["Enter"]);
    p.wait_for_wrapped("Pincode of wachtwoord voor 'Fenna'");
    p.text("918273");
    let s = p.screen();
    assert!(!s.contains("918273"), "the PIN is not echoed: {s}");
    p.keys(&["Enter"]);
    p.wait_for_wrapped("Nog een keer");
    p.text("918273");
    p.keys(&["Enter"]);
    // the TUI: sign in with the new account
    p.wait_for("Meld u aan");
    p.text("Fenna");
    p.keys(&["Enter"]);
    p.text("918273");
    let s = p.screen();
    assert!(s.contains("******") && !s.contains("918273"), "{s}");
    p.keys(&["Enter"]);
    p.wait_for("Fenna (functioneel beheerder)");
    p.keys(&["C-l"]);
    p.wait_for("Niet voor uw rol (functioneel beheerder)");
    p.keys(&["C-q"]);
    p.wait_exit();
    let store = PgStore::connect(&url).unwrap();
    let a = store.account("fenna").unwrap().expect("stored");
    assert_eq!(a.rol, Rol::FunctioneelBeheerder);
    assert!(loket::auth::pin_klopt("918273", &a.pin_hash));
    // issue 13: the PIN, typed four times, is nowhere in clear: not on stderr, not in `rapport`
    // over the database, not in any file in the desk's data dir (no personal data was typed)
    let stderr = p.stderr();
    assert!(
        stderr.contains("Pincode of wachtwoord") && stderr.contains("Nog een keer"),
        "the questions are captured: {stderr}"
    );
    common::leaks::assert_no_leaks_in(&[data.path()], Some(&url), &stderr, &["918273"]);
}

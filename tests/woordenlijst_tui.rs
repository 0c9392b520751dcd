//! Issue 14, item 7: the beheerder edits the desk's word lists in the TUI. A list with a syntax
//! error is refused (Dutch, with its line) and the old list stays in use; a valid edit is used at
//! once: a new danger word raises the crisis panel, a new synonym finds its entries, and another
//! desk on the shared store uses the new list after the notification. (Its own test binary, one
//! test per backend run in order: the lists in use are global.)

mod common;

use common::*;
use loket::app::{ConfirmKind, Level, Overlay, Screen};
use loket::store::lijsten::{GEVAARWOORDEN, SYNONIEMEN};
use loket::store::{PgStore, Store};

fn status_has(s: &loket::app::State, level: Level, text: &str) -> bool {
    s.status.as_ref().is_some_and(|(l, t)| *l == level && t.contains(text))
}

fn tui_edits(dir: &std::path::Path) {
    let (store, mut s) = demo_state_in(dir);
    let store: &dyn Store = store.as_ref();
    assert!(loket::store::lijsten::load_word_lists(store).is_empty());
    assert!(loket::domain::danger::signalen("hij kwam met een bijlproef").is_empty());
    let before = store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap();

    press_in(store, &mut s, "f7");
    assert_eq!(s.screen, Screen::Woordenlijst);
    assert_eq!(s.woordenlijst.editors[0].tekst(), before, "the stored list is what is edited");
    let lines = before.split('\n').count();

    // a syntax error: refused with its line, nothing stored, the old list stays in use
    press_in(store, &mut s, "ctrl-end");
    press_in(store, &mut s, "end");
    press_in(store, &mut s, "enter");
    type_in(store, &mut s, "[[signaal]");
    press_in(store, &mut s, "ctrl-s");
    assert!(status_has(&s, Level::Error, &format!("regel {}", lines + 1)), "{:?}", s.status);
    assert!(status_has(&s, Level::Error, "Niet opgeslagen"), "{:?}", s.status);
    assert_eq!(store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap(), before, "not saved");
    assert_eq!(s.woordenlijst.editors[0].rij, lines, "the cursor is on the wrong line");
    assert!(screen_text(&s, 100, 30).contains("✗ regel"), "the error is on screen");
    assert!(!loket::domain::danger::signalen("mijn man slaat me").is_empty(), "the old list is in use");

    // a list that parses but is wrong (an unknown kind): refused too, with the entry's line
    press_in(store, &mut s, "ctrl-w");
    type_in(store, &mut s, "[[signaal]]");
    press_in(store, &mut s, "enter");
    type_in(store, &mut s, "soort = \"brand\"");
    press_in(store, &mut s, "enter");
    type_in(store, &mut s, "woorden = [\"bijlproef\"]");
    press_in(store, &mut s, "ctrl-s");
    assert!(status_has(&s, Level::Error, &format!("regel {}", lines + 1)), "{:?}", s.status);
    assert!(status_has(&s, Level::Error, "brand"), "{:?}", s.status);
    assert_eq!(store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap(), before, "not saved");

    // corrected: saved and used at once by triage (the cursor went to the entry's first line)
    assert_eq!(s.woordenlijst.editors[0].rij, lines);
    press_in(store, &mut s, "down");
    press_in(store, &mut s, "end");
    for _ in 0.."brand\"".len() {
        press_in(store, &mut s, "backspace");
    }
    type_in(store, &mut s, "acuut\"");
    press_in(store, &mut s, "ctrl-s");
    assert!(status_has(&s, Level::Info, "opgeslagen"), "{:?}", s.status);
    let stored = store.woordenlijst(GEVAARWOORDEN).unwrap().unwrap();
    assert!(stored.ends_with("[[signaal]]\nsoort = \"acuut\"\nwoorden = [\"bijlproef\"]"), "{stored}");
    press_in(store, &mut s, "ctrl-n");
    type_in(store, &mut s, "hij kwam met een bijlproef");
    let cs = s.contact.as_ref().expect("a contact");
    assert!(!cs.crisis_open().is_empty(), "the new danger word raises the crisis panel");

    // synonyms: a new group finds its entries at once
    let cat = s.catalog.clone().unwrap();
    let found = |cat: &loket::catalog::Catalog| {
        loket::cli::zoek(cat, "zorgproefwoord", 5).iter().any(|h| h.naam.to_lowercase().contains("dagbesteding"))
    };
    assert!(!found(&cat));
    press_in(store, &mut s, "f7");
    press_in(store, &mut s, "tab");
    assert_eq!(s.woordenlijst.lijst, 1);
    press_in(store, &mut s, "ctrl-end");
    press_in(store, &mut s, "end");
    press_in(store, &mut s, "enter");
    type_in(store, &mut s, "[[groep]]");
    press_in(store, &mut s, "enter");
    type_in(store, &mut s, "woorden = [\"zorgproefwoord\"]");
    press_in(store, &mut s, "ctrl-s");
    assert!(status_has(&s, Level::Error, "minstens twee woorden"), "{:?}", s.status);
    assert_eq!(store.woordenlijst(SYNONIEMEN).unwrap().unwrap(), loket::catalog::synonyms::SYNONYMS_TOML);
    press_in(store, &mut s, "end");
    press_in(store, &mut s, "left");
    type_in(store, &mut s, ", \"dagbesteding\"");
    press_in(store, &mut s, "ctrl-s");
    assert!(status_has(&s, Level::Info, "opgeslagen"), "{:?}", s.status);
    assert!(found(s.catalog.as_deref().unwrap()), "the search uses the new synonym at once");

    // unsaved changes are not lost by accident
    type_in(store, &mut s, "x");
    press_in(store, &mut s, "esc");
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::WoordenlijstVerwerpen)));
    press_in(store, &mut s, "j");
    assert_eq!(s.screen, Screen::Kaart);
    assert!(!s.woordenlijst.gewijzigd(1));
}

fn other_desk_sees_it(url: &str) {
    let a = PgStore::connect(url).unwrap();
    loket::cli::seed(&a).unwrap();
    let b = PgStore::connect(url).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    assert!(b.watch(Box::new(move |c| {
        let _ = tx.send(c);
    })));
    let mut desk_b = demo_state();
    assert!(loket::store::lijsten::load_word_lists(&b).is_empty());
    let nieuw = format!(
        "{}\n[[signaal]]\nsoort = \"geweld\"\nwoorden = [\"pgproefwoord\"]\n",
        loket::domain::danger::BUNDLED_TOML
    );
    loket::app::woordenlijst::controleer(GEVAARWOORDEN, &nieuw).unwrap();
    a.zet_woordenlijst(GEVAARWOORDEN, &nieuw).unwrap();
    assert!(loket::domain::danger::signalen("een pgproefwoord").is_empty(), "not in use before the notification");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let change = rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now())).expect("a change");
        let done = change == loket::store::Change::Woordenlijsten;
        loket::app::run::handle(&b, &mut desk_b, loket::app::Msg::Remote(change));
        if done {
            break;
        }
    }
    assert!(!loket::domain::danger::signalen("een pgproefwoord").is_empty(), "desk B uses the new list");
}

#[test]
#[cfg_attr(zonder_postgres, ignore = "geen PostgreSQL op deze machine")]
fn word_lists_are_edited_in_the_tui_and_used_at_once() {
    let dir = tempfile::tempdir().unwrap();
    tui_edits(dir.path());
    if let Some(url) = common::pg::fresh_db("woordenlijst_tui") {
        other_desk_sees_it(&url);
    }
}

#[test]
fn a_bad_list_is_explained_with_its_line() {
    use loket::app::woordenlijst::controleer;
    let e = controleer(GEVAARWOORDEN, "[[signaal]]\nsoort = \"acuut\"\nwoorden = [\"a\"\n").unwrap_err();
    assert_eq!(e.0, 3, "{e:?}");
    assert!(e.1.starts_with("regel 3: geen geldige TOML"), "{e:?}");
    let e = controleer(GEVAARWOORDEN, "# lijst\n\n[[signaal]]\nsoort = \"onzin\"\nwoorden = [\"a\"]\n").unwrap_err();
    assert_eq!(e.0, 3, "{e:?}");
    assert!(e.1.contains("onzin"), "{e:?}");
    let e = controleer(SYNONIEMEN, "[[groep]]\nwoorden = [\"een\"]\n").unwrap_err();
    assert_eq!(e.0, 2, "{e:?}");
    assert!(e.1.contains("minstens twee woorden"), "{e:?}");
    // a comment that names [[groep]] (as the bundled file's does) is not a group
    let e = controleer(
        SYNONIEMEN,
        "# Elke [[groep]] is een rij woorden\n[[groep]]\nwoorden = [\"a\", \"b\"]\n\n[[groep]]\nwoorden = [\"een\"]\n",
    )
    .unwrap_err();
    assert_eq!(e.0, 6, "the line of the wrong group's words: {e:?}");
    assert!(controleer(SYNONIEMEN, loket::catalog::synonyms::SYNONYMS_TOML).is_ok());
    assert!(controleer(GEVAARWOORDEN, loket::domain::danger::BUNDLED_TOML).is_ok());
}

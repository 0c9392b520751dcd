//! The beheer screen and "klopt niet" at the desk (issue 14), headless against a real store.

mod common;

use common::{demo_state_in, press_in, screen_text, type_in};
use loket::app::{Screen, State};
use loket::catalog::Entry;
use loket::domain::beheer::Soort;
use loket::store::Store;

/// The selected kaart entry: its key and name.
fn selected(s: &State) -> (String, String) {
    let cat = s.catalog.as_deref().unwrap();
    let hit = &s.kaart.results.hits[s.kaart.selected];
    let e = cat.entry(cat.doc(hit.doc));
    (loket::app::beheer::sleutel(&e), e.naam().to_string())
}

fn phone_of(s: &State, key: &str) -> String {
    let cat = s.catalog.as_deref().unwrap();
    let id = key.split_once('/').unwrap().1;
    match cat.entry(cat.find(id).unwrap()) {
        Entry::Voorziening(v, _) => v.telefoon.first().map(|t| t.nummer.clone()).unwrap_or_default(),
        Entry::Regeling(..) => panic!("a voorziening"),
    }
}

/// Move down the results to the first voorziening.
fn to_voorziening(store: &dyn Store, s: &mut State) {
    for _ in 0..20 {
        if selected(s).0.starts_with("v/") {
            return;
        }
        press_in(store, s, "down");
    }
    panic!("no voorziening in the results");
}

fn clear_field(store: &dyn Store, s: &mut State) {
    press_in(store, s, &vec!["backspace"; 80].join(" "));
}

/// At the desk: search `query`, report the first voorziening as "klopt niet" (`melding`); then
/// as beheerder: open it from the worklist (first there) and save `phone` as its number.
/// Returns the entry's key and its number from before.
fn flag_and_change_phone(st: &dyn Store, s: &mut State, query: &str, melding: &str, phone: &str) -> (String, String) {
    type_in(st, s, query);
    to_voorziening(st, s);
    let (key, _) = selected(s);
    let old = phone_of(s, &key);
    press_in(st, s, "ctrl-r");
    type_in(st, s, melding);
    press_in(st, s, "enter ctrl-g");
    assert_eq!(loket::app::beheer::werklijst(s).0[0].post.sleutel, key, "the reported entry comes first");
    press_in(st, s, "enter tab tab tab tab tab");
    clear_field(st, s);
    type_in(st, s, phone);
    press_in(st, s, "ctrl-s");
    (key, old)
}

#[test]
fn a_flag_reaches_the_worklist_and_an_edit_and_verify_clear_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    type_in(st, &mut s, "huishoudelijke hulp");
    to_voorziening(st, &mut s);
    let (key, _) = selected(&s);
    assert!(key.starts_with("v/"));
    // the desk: klopt niet
    press_in(st, &mut s, "ctrl-r");
    type_in(st, &mut s, "telefoonnummer werkt niet");
    press_in(st, &mut s, "enter");
    let stored = loket::store::kaartbeheer::staten(st).unwrap();
    assert_eq!(stored[&key].meldingen[0].tekst, "telefoonnummer werkt niet");
    assert_eq!(stored[&key].meldingen[0].door, "Test Balie");
    assert!(
        screen_text(&s, 120, 40).contains("gemeld 23-11: telefoonnummer werkt niet"),
        "the flag shows on the entry"
    );
    // the search box did not get the chord as text
    assert_eq!(s.kaart.query.value(), "huishoudelijke hulp");

    // the beheerder: first in the worklist
    press_in(st, &mut s, "ctrl-g");
    assert_eq!(s.screen, Screen::Beheer);
    let w = loket::app::beheer::werklijst(&s);
    let (rows, ov) = (&w.0, w.1);
    assert_eq!(rows[0].post.sleutel, key, "a reported entry comes first");
    assert_eq!(ov.gemeld, 1);
    assert!(screen_text(&s, 120, 40).contains("⚑ 1 gemeld"));

    // edit the number: wrong first (an error under the field), then right
    press_in(st, &mut s, "enter");
    assert_eq!(s.screen, Screen::Bewerken);
    press_in(st, &mut s, "tab tab tab tab tab");
    clear_field(st, &mut s);
    type_in(st, &mut s, "bel maar");
    press_in(st, &mut s, "ctrl-s");
    assert_eq!(s.screen, Screen::Bewerken, "an invalid form is not stored");
    assert!(screen_text(&s, 120, 40).contains("✗ geen telefoonnummer: 'bel maar'"));
    clear_field(st, &mut s);
    type_in(st, &mut s, "050 123 4567");
    press_in(st, &mut s, "ctrl-s");
    assert_eq!(s.screen, Screen::Beheer);
    assert_eq!(phone_of(&s, &key), "050 123 4567", "searchable at once on this desk");
    press_in(st, &mut s, "k");

    // what the store has: the new number, verified today, no open report, the history
    let k = loket::store::kaart::load(st, &mut |_| {}).unwrap();
    let v = k.voorzieningen.iter().find(|v| format!("v/{}", v.id) == key).unwrap();
    assert_eq!(v.telefoon[0].nummer, "050 123 4567");
    assert_eq!(v.laatst_geverifieerd, Some(s.now.date()));
    assert!(loket::store::kaartbeheer::staten(st).unwrap()[&key].meldingen.is_empty());
    let h: Vec<Soort> = st.beheer_historie(Some(&key)).unwrap().value.iter().map(|w| w.soort).collect();
    assert_eq!(h, [Soort::Gemeld, Soort::Gewijzigd, Soort::Geverifieerd]);

    // the desk again: new number, no flag, no ⚠
    press_in(st, &mut s, "esc");
    assert_eq!(s.screen, Screen::Kaart);
    for _ in 0..20 {
        if selected(&s).0 == key {
            break;
        }
        press_in(st, &mut s, "down");
    }
    assert_eq!(selected(&s).0, key);
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains("050 123 4567"), "{screen}");
    assert!(!screen.contains("gemeld"), "{screen}");
    assert!(!screen.contains("⚠ laatst geverifieerd"), "{screen}");
}

#[test]
fn archive_hides_from_search_but_not_from_history() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    let zoekindex = loket::zoekindex::path_for(dir.path(), None);
    s.zoekindex = Some(zoekindex.clone());
    press_in(st, &mut s, "ctrl-g");
    let w = loket::app::beheer::werklijst(&s);
    let rows = &w.0;
    let first = rows[0].post.clone();
    press_in(st, &mut s, "v");
    press_in(st, &mut s, "j");
    assert!(loket::store::kaartbeheer::staten(st).unwrap()[&first.sleutel].gearchiveerd.is_some());
    // `loket zoek` beside this open desk reads the snapshot file alone: the list of archived
    // entries beside it is brought up to date at once
    assert!(
        loket::zoekindex::gearchiveerd(&zoekindex, 0).contains(&first.sleutel),
        "the archived entry is listed beside the snapshot"
    );
    press_in(st, &mut s, "esc");
    type_in(st, &mut s, &first.naam);
    let cat = s.catalog.clone().unwrap();
    let found = s.kaart.results.hits.iter().any(|h| cat.entry(cat.doc(h.doc)).naam() == first.naam);
    assert!(!found, "an archived entry is not found");
    let h = st.beheer_historie(Some(&first.sleutel)).unwrap().value;
    assert_eq!(h.last().unwrap().soort, Soort::Vervallen, "kept in the history");
    let all = loket::domain::beheer::Record::all(&loket::store::kaart::load(st, &mut |_| {}).unwrap());
    assert!(all.iter().any(|r| r.sleutel() == first.sleutel), "an archived entry is kept in the store");
    // a new start on the same store does not find it either, nor lists it for work
    drop(s);
    drop(store);
    let (store, mut s) = demo_state_in(dir.path());
    type_in(store.as_ref(), &mut s, &first.naam);
    let cat = s.catalog.clone().unwrap();
    assert!(!s.kaart.results.hits.iter().any(|h| cat.entry(cat.doc(h.doc)).naam() == first.naam));
    let w = loket::app::beheer::werklijst(&s);
    let (rows, ov) = (&w.0, w.1);
    assert!(!rows.iter().any(|r| r.post.sleutel == first.sleutel), "not in the worklist while archived");
    assert_eq!(ov.gearchiveerd, 1);
}

#[test]
fn a_new_entry_from_a_template_is_searchable_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    press_in(st, &mut s, "ctrl-g n");
    assert_eq!(s.screen, Screen::Bewerken);
    type_in(st, &mut s, "Repair Cafe Oosterpoort");
    press_in(st, &mut s, "ctrl-s");
    assert!(screen_text(&s, 120, 40).contains("✗ verplicht veld ontbreekt"), "organisatie is required");
    // the focus went to the first wrong field
    type_in(st, &mut s, "org-wij-groningen");
    press_in(st, &mut s, "ctrl-s");
    assert_eq!(s.screen, Screen::Beheer);
    press_in(st, &mut s, "esc");
    type_in(st, &mut s, "repair cafe");
    let (key, naam) = selected(&s);
    assert_eq!(naam, "Repair Cafe Oosterpoort");
    assert!(loket::store::kaart::load(st, &mut |_| {})
        .unwrap()
        .voorzieningen
        .iter()
        .any(|v| format!("v/{}", v.id) == key));
    assert_eq!(st.beheer_historie(Some(&key)).unwrap().value[0].soort, Soort::Nieuw);
}

fn worklist_state(dir: &std::path::Path) -> (std::sync::Arc<loket::store::SledStore>, State) {
    let (store, mut s) = demo_state_in(dir);
    let st = store.as_ref();
    type_in(st, &mut s, "huishoudelijke hulp");
    to_voorziening(st, &mut s);
    press_in(st, &mut s, "ctrl-r");
    type_in(st, &mut s, "telefoonnummer werkt niet");
    press_in(st, &mut s, "enter ctrl-g");
    (store, s)
}

#[test]
fn snapshot_worklist() {
    let dir = tempfile::tempdir().unwrap();
    let (_store, s) = worklist_state(dir.path());
    insta::assert_snapshot!("beheer_worklist_80x24", screen_text(&s, 80, 24));
    insta::assert_snapshot!("beheer_worklist_120x40", screen_text(&s, 120, 40));
}

#[test]
fn snapshot_form() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = worklist_state(dir.path());
    press_in(store.as_ref(), &mut s, "enter");
    insta::assert_snapshot!("beheer_form_80x24", screen_text(&s, 80, 24));
    insta::assert_snapshot!("beheer_form_120x40", screen_text(&s, 120, 40));
}

/// "Klopt niet" and the beheer screen in the functietoetsen keymap; the chord never types.
#[test]
fn function_key_keymap_reports_and_opens_the_worklist() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    s.keymap = std::sync::Arc::new(loket::keymap::Keymap::load("functietoetsen").unwrap());
    let st = store.as_ref();
    type_in(st, &mut s, "maatje tegen eenzaamheid");
    to_voorziening(st, &mut s);
    let (key, _) = selected(&s);
    press_in(st, &mut s, "shift-f4");
    type_in(st, &mut s, "wachttijd nu 3 maanden");
    press_in(st, &mut s, "enter");
    assert_eq!(s.kaart.query.value(), "maatje tegen eenzaamheid");
    assert_eq!(loket::store::kaartbeheer::staten(st).unwrap()[&key].meldingen[0].tekst, "wachttijd nu 3 maanden");
    press_in(st, &mut s, "shift-f10");
    assert_eq!(s.screen, Screen::Beheer);
    assert_eq!(loket::app::beheer::werklijst(&s).0[0].post.sleutel, key);
    press_in(st, &mut s, "f5");
    assert!(loket::store::kaartbeheer::staten(st).unwrap()[&key].meldingen.is_empty(), "F5: gebeld, klopt");
}

/// The history of an entry on screen (who, what old → new), and undo of its last change.
#[test]
fn history_shows_each_change_and_undo_restores_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    let (key, old) = flag_and_change_phone(st, &mut s, "maatje tegen eenzaamheid", "nummer klopt niet", "050 765 4321");
    press_in(st, &mut s, "h");
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains(&format!("Test Balie — gewijzigd: telefoon: {old} → 050 765 4321")), "{screen}");
    assert!(screen.contains("Test Balie — klopt niet gemeld: melding: nummer klopt niet"), "{screen}");
    press_in(st, &mut s, "u");
    assert_eq!(phone_of(&s, &key), old, "undo restores the number on this desk");
    let k = loket::store::kaart::load(st, &mut |_| {}).unwrap();
    let v = k.voorzieningen.iter().find(|v| format!("v/{}", v.id) == key).unwrap();
    assert_eq!(v.telefoon[0].nummer, old, "… and in the store");
    assert_eq!(loket::store::kaartbeheer::staten(st).unwrap()[&key].meldingen.len(), 1, "the report is back too");
    let h: Vec<Soort> = st.beheer_historie(Some(&key)).unwrap().value.iter().map(|w| w.soort).collect();
    assert_eq!(h, [Soort::Gemeld, Soort::Gewijzigd, Soort::Ongedaan]);
}

/// Archiving asks first ("vervallen" can't be undone from the worklist, where the entry is gone),
/// and leaving a changed form with Esc asks before the edits are dropped — nothing is lost by one
/// key (found by trying it as a beheerder).
#[test]
fn archiving_and_dropping_form_edits_ask_first() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    press_in(st, &mut s, "ctrl-g");
    let first = loket::app::beheer::werklijst(&s).0[0].post.clone();
    press_in(st, &mut s, "v");
    assert!(screen_text(&s, 100, 30).contains("vervallen"), "{}", screen_text(&s, 100, 30));
    let staat = |st: &dyn Store| loket::store::kaartbeheer::staten(st).unwrap().get(&first.sleutel).cloned();
    assert!(staat(st).and_then(|b| b.gearchiveerd).is_none(), "nothing archived while asking");
    press_in(st, &mut s, "n");
    assert!(staat(st).and_then(|b| b.gearchiveerd).is_none(), "'nee' archives nothing");
    assert_eq!(loket::app::beheer::werklijst(&s).0[0].post.sleutel, first.sleutel);
    press_in(st, &mut s, "v");
    press_in(st, &mut s, "j");
    assert!(staat(st).and_then(|b| b.gearchiveerd).is_some(), "'ja' archives");

    // the form: a change, then Esc asks; 'nee' keeps the edit in the form
    press_in(st, &mut s, "enter");
    assert_eq!(s.screen, Screen::Bewerken);
    type_in(st, &mut s, "X");
    press_in(st, &mut s, "esc");
    assert_eq!(s.screen, Screen::Bewerken, "Esc on a changed form asks first");
    press_in(st, &mut s, "n");
    assert_eq!(s.screen, Screen::Bewerken);
    assert!(s.beheer.form.as_ref().unwrap().fields.iter().any(|f| f.value().ends_with('X')), "the edit is kept");
    press_in(st, &mut s, "esc");
    press_in(st, &mut s, "j");
    assert_eq!(s.screen, Screen::Beheer, "'ja' drops the edits");
    // an unchanged form closes with Esc at once
    press_in(st, &mut s, "enter");
    press_in(st, &mut s, "esc");
    assert_eq!(s.screen, Screen::Beheer);
}

/// At 80x24 the history of an entry (`h`) can be read: the entry's pane gets the room.
#[test]
fn the_history_is_readable_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    // a reported and corrected entry: reports, source and corrected fields fill its pane
    flag_and_change_phone(
        st,
        &mut s,
        "huishoudelijke hulp",
        "telefoonnummer werkt niet, al drie keer geprobeerd op verschillende dagen",
        "050 123 4567",
    );
    assert_eq!(s.screen, Screen::Beheer);
    press_in(st, &mut s, "h");
    let screen = screen_text(&s, 80, 24);
    let door = s.medewerker.clone();
    for what in ["klopt niet gemeld", "gewijzigd"] {
        assert!(
            screen.lines().any(|l| l.contains(&format!("{door} — {what}"))),
            "the history line '{what}' is on screen at 80x24:\n{screen}"
        );
    }
}

/// Undo goes back step by step: a second `u` undoes the change before the one already undone
/// (not the undo itself) — so a wrong edit followed by "gebeld, klopt" can still be taken back.
#[test]
fn undo_goes_back_one_change_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    let (key, original) =
        flag_and_change_phone(st, &mut s, "maatje tegen eenzaamheid", "nummer klopt niet", "050 999 9999");
    assert_eq!(phone_of(&s, &key), "050 999 9999");
    press_in(st, &mut s, "k"); // gebeld, klopt
    press_in(st, &mut s, "u"); // undoes "gebeld, klopt"
    assert_eq!(phone_of(&s, &key), "050 999 9999");
    press_in(st, &mut s, "u"); // undoes the edit
    assert_eq!(phone_of(&s, &key), original, "the second undo takes the wrong edit back");
}

/// The provider's contact person: shown first in the worklist's detail, edited in the form of
/// an organisation, with a per-field error for a bad contact e-mail, then stored.
#[test]
fn the_contact_person_shows_in_the_worklist_and_is_edited_with_a_per_field_error() {
    use loket::domain::beheer::Melding;
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    let key = "o/org-wij-groningen";
    st.beheer_meld(key, &Melding { tekst: "contactpersoon vertrokken".into(), door: "Anna".into(), op: s.now })
        .unwrap();
    loket::app::beheer::geladen(&mut s, loket::store::kaartbeheer::staten(st).unwrap());
    press_in(st, &mut s, "ctrl-g");
    assert_eq!(s.screen, Screen::Beheer);
    assert_eq!(loket::app::beheer::werklijst(&s).0[0].post.sleutel, key);
    let screen = screen_text(&s, 120, 40);
    let contact =
        "Contactpersoon: Sanne de Vries (coördinator sociale kaart) · tel 050-555 01 40 · s.devries@voorbeeld-wij.nl";
    assert!(screen.contains(contact), "{screen}");
    let (c, a) = (screen.find("Contactpersoon: ").unwrap(), screen.find("Aanbieder: ").unwrap());
    assert!(c < a, "the contact person comes first: {screen}");

    // the form: naam, telefoon, e-mail, website, straat, postcode, plaats, gemeente,
    // beschrijving, then the contact person's naam, functie, telefoon, e-mail
    press_in(st, &mut s, "enter");
    assert_eq!(s.screen, Screen::Bewerken);
    let screen = screen_text(&s, 120, 40);
    assert!(screen.contains("E-mail contact   s.devries@voorbeeld-wij.nl"), "{screen}");
    press_in(st, &mut s, &["tab"; 12].join(" "));
    clear_field(st, &mut s);
    type_in(st, &mut s, "sanne.voorbeeld.nl");
    press_in(st, &mut s, "ctrl-s");
    assert_eq!(s.screen, Screen::Bewerken, "an invalid form is not stored");
    let screen = screen_text(&s, 120, 40);
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.contains("E-mail contact")).expect("the field");
    assert!(lines[at + 1].contains("✗ geen e-mailadres: 'sanne.voorbeeld.nl'"), "under its own field: {screen}");
    assert_eq!(screen.matches("✗ ").count(), 1, "only that field: {screen}");
    clear_field(st, &mut s);
    type_in(st, &mut s, "sanne@voorbeeld-wij.nl");
    press_in(st, &mut s, "ctrl-s");
    assert_eq!(s.screen, Screen::Beheer);

    // stored, and in the history per field
    let k = loket::store::kaart::load(st, &mut |_| {}).unwrap();
    let o = k.organisaties.iter().find(|o| o.id == "org-wij-groningen").unwrap();
    assert_eq!(o.contactpersoon.email, "sanne@voorbeeld-wij.nl");
    assert_eq!(o.contactpersoon.naam, "Sanne de Vries");
    let h = st.beheer_historie(Some(key)).unwrap().value;
    let last = h.iter().rfind(|w| w.soort == Soort::Gewijzigd).expect("a change");
    assert_eq!(last.velden.iter().map(|v| v.veld.as_str()).collect::<Vec<_>>(), ["contact_email"]);
    assert!(loket::store::kaartbeheer::staten(st).unwrap()[key].meldingen.is_empty(), "the report is dealt with");
}

/// The kaart detail names the provider's contact person for the map's upkeep, in one line.
#[test]
fn the_kaart_detail_shows_the_contact_person_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    type_in(st, &mut s, "huishoudelijke hulp wmo groningen");
    to_voorziening(st, &mut s);
    let (key, _) = selected(&s);
    let k = loket::store::kaart::load(st, &mut |_| {}).unwrap();
    let v = k.voorzieningen.iter().find(|v| format!("v/{}", v.id) == key).unwrap();
    assert_eq!(v.organisatie_id, "org-zorgloket-groningen", "the demo entry this test expects");
    let screen = screen_text(&s, 160, 80);
    assert!(screen.contains("Contact kaartbeheer: Pieter Bakker (teamleider) · 050-555 02 41"), "{screen}");
    assert!(!screen.contains("p.bakker@"), "kept short: no e-mail on the desk's screen");
}

/// A provider phones about one entry: from the kaart, ctrl-g opens the worklist on the entry
/// chosen there (found by trying it: it always opened at the top of 290 entries).
#[test]
fn the_worklist_opens_on_the_entry_chosen_on_the_kaart() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    let st = store.as_ref();
    type_in(st, &mut s, "maatje tegen eenzaamheid");
    to_voorziening(st, &mut s);
    let (key, naam) = selected(&s);
    press_in(st, &mut s, "ctrl-g");
    let w = loket::app::beheer::werklijst(&s);
    let rows = &w.0;
    assert_eq!(rows[s.beheer.selected].post.sleutel, key, "on '{naam}'");
    assert_ne!(s.beheer.selected, 0, "the demo's stale entries come first, so this is not the top");
}

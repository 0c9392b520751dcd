//! Issue 11, F23: at 80x24 nothing that matters falls off the screen, and every screen and
//! overlay has a reviewed snapshot at that size.

mod common;

use common::*;
use loket::app::State;
use loket::domain::case::{Notitie, Stap};

/// The screen's text with box borders removed and each run of spaces made one: what a reader
/// can read, whatever the wrapping (only for screens of full-width boxes).
fn readable(s: &State) -> String {
    let text = screen_text(s, 80, 24);
    let cleaned: String = text.chars().map(|c| if "│┌┐└┘─├┤".contains(c) { ' ' } else { c }).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A complex contact in Groningen (80 years old, two domains).
fn complex_contact(store: &dyn loket::store::Store, s: &mut State) {
    press_in(store, s, "ctrl-n");
    type_in(store, s, "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft geldzorgen");
    press_in(store, s, "alt-2");
    press_in(store, s, "alt-4");
    press_in(store, s, "tab");
    press_in(store, s, "tab");
    type_in(store, s, "1946");
    press_in(store, s, "tab");
    type_in(store, s, "Groningen");
}

/// The contact handed over with consent on the first slot (`route` presses of the route key).
fn handed_over(store: &dyn loket::store::Store, s: &mut State, route: usize) {
    complex_contact(store, s);
    press_in(store, s, "ctrl-o");
    for _ in 0..route {
        press_in(store, s, "r");
    }
    press_in(store, s, "j");
    press_in(store, s, "enter");
    assert!(s.handoff.as_ref().and_then(|h| h.booked.as_ref()).is_some(), "booked");
    press_in(store, s, "enter");
}

#[test]
fn gekoppeld_lines_stay_on_screen() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Mevrouw wil thuis blijven wonen en vraagt naar hulp in huis en vervoer");
    press(&mut s, "tab");
    type_text(&mut s, "Jansen");
    press(&mut s, "alt-o");
    press(&mut s, "ctrl-f");
    type_text(&mut s, "huish hulp");
    press(&mut s, "alt-i");
    press(&mut s, "down");
    press(&mut s, "alt-i");
    press(&mut s, "down");
    press(&mut s, "alt-v");
    press(&mut s, "down");
    press(&mut s, "alt-v");
    press(&mut s, "esc");
    press(&mut s, "ctrl-t");
    press(&mut s, "enter");
    let links = s.contact.as_ref().unwrap().contact.links.clone();
    assert_eq!(links.len(), 4);
    let text = screen_text(&s, 80, 24);
    // The form: the left box (the search list on the right marks linked entries too).
    let form: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix('│'))
        .map(|l| l.split('│').next().unwrap_or("").to_string())
        .collect();
    let shown = form.iter().filter(|l| l.starts_with("ℹ info: ") || l.starts_with("→ verwezen: ")).count();
    assert_eq!(shown, links.len(), "not every link is on screen:\n{text}");
    assert!(form.iter().any(|l| l.starts_with("Triage: ")), "the decision is not on screen:\n{text}");
}

#[test]
fn the_contact_list_shows_the_question_of_a_handoff() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handed_over(store.as_ref(), &mut s, 0);
    press_in(store.as_ref(), &mut s, "ctrl-l");
    let text = screen_text(&s, 80, 24);
    // at 80 columns a contact takes two lines: the question is on the second, whole as far as
    // the width goes
    let lines: Vec<&str> = text.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.starts_with('│') && l.contains("vandaag"))
        .unwrap_or_else(|| panic!("no row:\n{text}"));
    let row = lines[i + 1];
    assert!(row.contains("Meneer is slecht"), "the question is not on screen: {row:?}\n{text}");
}

#[test]
fn long_warnings_are_not_cut_off() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de regiotaxi");
    press(&mut s, "ctrl-t");
    press(&mut s, "enter");
    press(&mut s, "ctrl-o");
    let (_, msg) = s.status.clone().expect("a warning");
    assert!(msg.chars().count() > 78, "the warning is long enough to test: {msg}");
    let text = readable(&s);
    assert!(text.contains(&msg), "the warning is cut off:\n{}", screen_text(&s, 80, 24));
}

#[test]
fn slot_addresses_and_supporters_are_not_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let text = readable(&s);
    let h = s.handoff.as_ref().unwrap();
    for slot in h.slots.iter().take(loket::app::handoff::SLOTS_SHOWN) {
        assert!(text.contains(&slot.locatie), "{:?} is cut off:\n{}", slot.locatie, screen_text(&s, 80, 24));
        let who = &s.backoffice.ondersteuner(&slot.ondersteuner_id).unwrap().naam;
        assert!(text.contains(who.as_str()), "{who:?} is cut off:\n{}", screen_text(&s, 80, 24));
    }
}

#[test]
fn the_queue_shows_termijn_and_every_hint() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handed_over(store.as_ref(), &mut s, 1); // melding Wmo: the onderzoek clock runs
    press_in(store.as_ref(), &mut s, "ctrl-b");
    let case = &s.backoffice.cases[0];
    let due = case.next_deadline().expect("a Wmo melding has a deadline").format("%d-%m").to_string();
    let text = screen_text(&s, 80, 24);
    let row = text.lines().find(|l| l.contains(" A vraagverh")).unwrap_or_else(|| panic!("no row:\n{text}"));
    assert!(row.contains(&due), "the termijn {due} is not in the row {row:?}:\n{text}");
    for hint in ["volgende stap", "notitie", "signaal", "volgende actie", "aanvraag", "onderzoek", "beschikking"] {
        assert!(text.contains(hint), "the hint {hint:?} is cut off:\n{text}");
    }
}

#[test]
fn the_dossier_pane_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handed_over(store.as_ref(), &mut s, 0);
    let now = s.now;
    for i in 1..=25 {
        s.backoffice.cases[0].notities.push(Notitie {
            stap: Stap::Vraagverheldering,
            op: now,
            tekst: format!("notitie nummer {i}"),
            door: "Test".into(),
        });
    }
    press_in(store.as_ref(), &mut s, "ctrl-b");
    let text = screen_text(&s, 80, 24);
    assert!(!text.contains("notitie nummer 25"), "{text}");
    for _ in 0..30 {
        press_in(store.as_ref(), &mut s, "shift-down");
    }
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("notitie nummer 25"), "the dossier does not scroll:\n{text}");
    for _ in 0..30 {
        press_in(store.as_ref(), &mut s, "shift-up");
    }
    assert!(screen_text(&s, 80, 24).contains("Dossier 1 ·"), "and back up");
}

#[test]
fn the_queue_marks_spoed_cases() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    // urgent: reason 5 of the triage checklist
    complex_contact(store.as_ref(), &mut s);
    press_in(store.as_ref(), &mut s, "ctrl-t");
    press_in(store.as_ref(), &mut s, "5");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    // and one that is not urgent
    handed_over(store.as_ref(), &mut s, 0);
    press_in(store.as_ref(), &mut s, "ctrl-b");
    assert_eq!(s.backoffice.cases.len(), 2);
    let text = screen_text(&s, 80, 24);
    let row = |id: u64| {
        text.lines()
            .find(|l| l.split_whitespace().any(|w| w == id.to_string()) && l.contains(" A "))
            .unwrap_or_else(|| panic!("no row for {id}:\n{text}"))
            .to_string()
    };
    let (urgent, calm) = (s.backoffice.cases[0].id, s.backoffice.cases[1].id);
    assert!(row(urgent).to_lowercase().contains("spoed"), "{text}");
    assert!(!row(calm).to_lowercase().contains("spoed"), "{text}");
    // A case from another desk (its contact not in this desk's list): spoed from its summary.
    s.contacts.clear();
    let text2 = screen_text(&s, 80, 24);
    let r = text2.lines().find(|l| l.contains(&format!(" {urgent} ")) && l.contains(" A ")).unwrap();
    assert!(r.to_lowercase().contains("spoed"), "{text2}");
}

// Every screen and overlay at 80x24 (kaart, contact, triage and handoff are in their own files).

#[test]
fn snapshot_contact_list_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handed_over(store.as_ref(), &mut s, 0);
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "Vraagt naar de openingstijden van het Zorgloket");
    press_in(store.as_ref(), &mut s, "ctrl-l");
    insta::assert_snapshot!("contact_list_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_queue_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    handed_over(store.as_ref(), &mut s, 1);
    press_in(store.as_ref(), &mut s, "ctrl-b");
    insta::assert_snapshot!("queue_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_help_80x24() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    press(&mut s, "f1");
    insta::assert_snapshot!("help_contact_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_picker_80x24() {
    let mut s = demo_state();
    press(&mut s, "alt-w");
    insta::assert_snapshot!("picker_wet_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_prompt_80x24() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de regiotaxi");
    press(&mut s, "ctrl-t");
    press(&mut s, "o");
    type_text(&mut s, "mevrouw klinkt verward");
    insta::assert_snapshot!("prompt_override_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_confirm_80x24() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de regiotaxi");
    press(&mut s, "ctrl-q");
    insta::assert_snapshot!("confirm_quit_80x24", screen_text(&s, 80, 24));
}

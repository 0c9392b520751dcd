//! Intake and triage, headless: snapshots at 80x24, autosave, closing rules, eligibility marks,
//! BSN, call-backs, unmet needs, the contact list.

mod common;

use chrono::Duration;
use common::*;
use loket::app::{update, ConfirmKind, Effect, Msg, Overlay, Screen};
use loket::domain::contact::{Afhandeling, Levensdomein, LinkSoort, Status, Uitkomst};

fn saved(fx: &[Effect]) -> Option<loket::domain::contact::Contact> {
    fx.iter().rev().find_map(|e| match e {
        Effect::SaveContact(c) | Effect::CloseContact(c) => Some((**c).clone()),
        _ => None,
    })
}

#[test]
fn snapshot_contact_form_80x24() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Mevrouw (82) vraagt hulp bij het huishouden sinds haar heupoperatie");
    press(&mut s, "alt-2");
    press(&mut s, "tab");
    press(&mut s, "tab");
    type_text(&mut s, "1944");
    press(&mut s, "tab");
    type_text(&mut s, "Groningen");
    press(&mut s, "ctrl-f");
    type_text(&mut s, "huish hulp");
    press(&mut s, "alt-i");
    insta::assert_snapshot!("contact_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_triage_panel_80x24_with_danger() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Buurvrouw meldt dat een man zijn vrouw bedreigt; ook schulden");
    press(&mut s, "alt-7");
    press(&mut s, "alt-4");
    press(&mut s, "ctrl-t");
    type_text(&mut s, "6");
    insta::assert_snapshot!("triage_80x24", screen_text(&s, 80, 24));
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("0800-2000") && text.contains("112") && text.contains("113"), "{text}");
}

#[test]
fn every_change_is_autosaved_with_the_latest_content() {
    let mut s = demo_state();
    let fx = press(&mut s, "ctrl-n");
    let first = saved(&fx).expect("a new contact is saved at once");
    assert_eq!(first.status, Status::Concept);
    let mut last = None;
    for ch in "Vraag over".chars() {
        let c = if ch == ' ' {
            loket::keymap::Chord::plain(loket::keymap::Key::Space)
        } else {
            loket::keymap::Chord::plain(loket::keymap::Key::Char(ch))
        };
        let msg = s.key(c).unwrap();
        let fx = update(&mut s, msg);
        last = saved(&fx);
        assert!(last.is_some(), "typing '{ch}' was not saved");
    }
    assert_eq!(last.unwrap().vraag, "Vraag over");
    let c = saved(&press(&mut s, "alt-5")).unwrap();
    assert_eq!(c.levensdomeinen, vec![Levensdomein::WerkInkomen]);
    let c = saved(&press(&mut s, "alt-c")).unwrap();
    assert_ne!(c.kanaal, first.kanaal);
    let c = saved(&press(&mut s, "alt-o")).unwrap();
    assert!(c.gewezen_op_clientondersteuning);
    // moving between fields is not a change
    assert!(saved(&press(&mut s, "tab")).is_none());
}

#[test]
fn a_contact_cannot_be_closed_without_an_outcome() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de voedselbank");
    press(&mut s, "ctrl-s");
    assert!(matches!(s.context(), loket::keymap::Context::Triage));
    press(&mut s, "enter");
    assert!(matches!(s.overlay, Some(Overlay::Picker(_))), "the outcome picker follows the triage");
    press(&mut s, "esc");
    assert!(s.overlay.is_none());
    let cs = s.contact.as_ref().expect("still open");
    assert_eq!(cs.contact.status, Status::Concept);
    assert_eq!(cs.contact.afhandeling, None);
    // choosing (terug) also leaves it open
    press(&mut s, "ctrl-s");
    type_text(&mut s, "0");
    assert_eq!(s.contact.as_ref().unwrap().contact.status, Status::Concept);
}

#[test]
fn complex_contact_cannot_close_with_just_information() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Meerdere vragen");
    press(&mut s, "alt-1");
    press(&mut s, "alt-4");
    press(&mut s, "ctrl-s");
    press(&mut s, "enter");
    assert_eq!(s.contact.as_ref().unwrap().contact.besluit.as_ref().unwrap().uitkomst, Uitkomst::Complex);
    type_text(&mut s, "1");
    let (_, msg) = s.status.clone().unwrap();
    assert!(msg.contains("Nog niet af te sluiten"), "{msg}");
    assert_eq!(s.contact.as_ref().unwrap().contact.status, Status::Concept);
}

#[test]
fn override_needs_a_reason_and_keeps_it() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Eenvoudige vraag, maar beller is erg verward");
    press(&mut s, "ctrl-t");
    press(&mut s, "o");
    press(&mut s, "enter");
    match &s.overlay {
        Some(Overlay::Prompt { error: Some(e), .. }) => assert!(e.contains("reden"), "{e}"),
        other => panic!("expected the prompt with an error, got {other:?}"),
    }
    type_text(&mut s, "verward, onduidelijk wat nodig is");
    press(&mut s, "enter");
    let b = s.contact.as_ref().unwrap().contact.besluit.clone().unwrap();
    assert_eq!(b.uitkomst, Uitkomst::Complex);
    assert_eq!(b.suggestie, Uitkomst::Enkelvoudig);
    assert_eq!(b.reden_afwijking, "verward, onduidelijk wat nodig is");
}

#[test]
fn eligibility_marks_follow_age_and_gemeente() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    press(&mut s, "tab");
    press(&mut s, "tab");
    type_text(&mut s, "1996");
    press(&mut s, "tab");
    type_text(&mut s, "Heerlen");
    press(&mut s, "ctrl-f");
    type_text(&mut s, "ouderenadviseur");
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("✗ leeftijd") || text.contains("✗ doelgroep"), "{text}");
    assert!(text.contains("gemeente"), "{text}");
    // an entry in Heerlen for everyone carries no mark
    press(&mut s, "esc");
    press(&mut s, "ctrl-f");
    for _ in 0.."ouderenadviseur".len() {
        press(&mut s, "backspace");
    }
    type_text(&mut s, "veilig thuis");
    let text = screen_text(&s, 120, 40);
    let line = text.lines().find(|l| l.contains("Veilig Thuis")).unwrap();
    assert!(!line.contains('✗'), "{line}");
}

#[test]
fn bsn_is_checked_and_shown_masked() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    for _ in 0..7 {
        press(&mut s, "tab");
    }
    type_text(&mut s, "123456789");
    assert!(screen_text(&s, 100, 30).contains("elfproef"));
    assert_eq!(s.contact.as_ref().unwrap().contact.client.bsn, None, "an invalid BSN is never stored");
    press(&mut s, "backspace");
    type_text(&mut s, "2");
    assert_eq!(s.contact.as_ref().unwrap().contact.client.bsn.as_deref(), Some("123456782"));
    press(&mut s, "tab");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("******782") && !text.contains("123456782"), "{text}");
}

#[test]
fn call_back_appears_in_the_list_when_due() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Wil teruggebeld worden over de parkeerkaart");
    press(&mut s, "tab");
    press(&mut s, "tab");
    press(&mut s, "tab");
    press(&mut s, "tab");
    press(&mut s, "tab");
    type_text(&mut s, "06-5555 0101");
    press(&mut s, "ctrl-s");
    press(&mut s, "enter");
    type_text(&mut s, "4");
    assert!(matches!(s.overlay, Some(Overlay::Prompt { .. })));
    press(&mut s, "ctrl-w"); // clear the suggested text word by word
    press(&mut s, "ctrl-w");
    type_text(&mut s, "gisteren 10:00");
    press(&mut s, "enter");
    assert!(matches!(s.overlay, Some(Overlay::Prompt { error: Some(_), .. })), "nonsense is refused");
    for _ in 0..20 {
        press(&mut s, "backspace");
    }
    type_text(&mut s, "14:00");
    press(&mut s, "enter");
    assert!(s.contact.is_none(), "closed");
    let c = s.contacts.last().unwrap().clone();
    assert!(matches!(c.afhandeling, Some(Afhandeling::Terugbelverzoek { gedaan: false, .. })));
    press(&mut s, "ctrl-l");
    let due_row = |t: &str| t.lines().any(|l| l.starts_with("│terugbellen"));
    assert!(!due_row(&screen_text(&s, 100, 30)), "not due yet");
    let later = s.now + Duration::hours(4);
    update(&mut s, Msg::Tick(later));
    let text = screen_text(&s, 100, 30);
    assert!(due_row(&text), "{text}");
    let fx = press(&mut s, "alt-t");
    let done = saved(&fx).unwrap();
    assert!(matches!(done.afhandeling, Some(Afhandeling::Terugbelverzoek { gedaan: true, .. })));
}

#[test]
fn unmet_need_is_recorded_with_what_and_domain() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Zoekt een maatje voor zijn zoon met autisme in Ulrum");
    press(&mut s, "alt-3");
    press(&mut s, "ctrl-s");
    press(&mut s, "enter");
    type_text(&mut s, "7");
    // issue 13: the prompt is not pre-filled with the caller's question (it asks "zonder namen")
    match &s.overlay {
        Some(loket::app::Overlay::Prompt { field, .. }) => assert_eq!(field.value(), "", "not pre-filled"),
        other => panic!("{other:?}"),
    }
    let fx = press(&mut s, "enter");
    assert!(saved(&fx).is_none(), "an empty description is refused");
    type_text(&mut s, "maatje voor een jongere met autisme");
    let fx = press(&mut s, "enter");
    let c = saved(&fx).unwrap();
    assert_eq!(c.status, Status::Afgesloten);
    assert_eq!(
        c.afhandeling,
        Some(Afhandeling::GeenPassendAanbod {
            wat: "maatje voor een jongere met autisme".into(),
            domein: Some(Levensdomein::Welzijn)
        })
    );
}

#[test]
fn quitting_with_an_open_contact_asks_first() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "half af");
    assert!(press(&mut s, "ctrl-q").is_empty());
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::QuitWithContact)));
    press(&mut s, "n");
    assert!(s.overlay.is_none());
    press(&mut s, "ctrl-q");
    assert_eq!(press(&mut s, "j"), vec![Effect::Quit]);
}

#[test]
fn new_contact_from_the_middle_of_a_search_keeps_the_query() {
    let mut s = demo_state();
    type_text(&mut s, "mantelz winsum");
    press(&mut s, "ctrl-n");
    assert_eq!(s.screen, Screen::Contact);
    let cs = s.contact.as_ref().unwrap();
    assert_eq!(cs.search.query.value(), "mantelz winsum");
    assert!(!cs.search.results.hits.is_empty());
    press(&mut s, "alt-v");
    let c = &s.contact.as_ref().unwrap().contact;
    assert_eq!(c.links[0].soort, LinkSoort::VerwezenNaar);
}

#[test]
fn repeat_callers_are_found_by_phone_in_the_list() {
    let mut s = demo_state();
    let yesterday = s.now - Duration::days(1);
    let mut old = loket::domain::contact::Contact::new(7, loket::domain::contact::Kanaal::Telefoon, yesterday);
    old.client.telefoon = "06-5555 4321".into();
    old.vraag = "eerder gebeld over vervoer".into();
    old.status = Status::Afgesloten;
    update(&mut s, Msg::ContactsLoaded(vec![old]));
    press(&mut s, "ctrl-l");
    assert!(!screen_text(&s, 100, 30).contains("eerder gebeld"), "yesterday's contact is not in today's list");
    type_text(&mut s, "55554321");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("eerder gebeld over vervoer"), "{text}");
    press(&mut s, "enter");
    assert_eq!(s.screen, Screen::Contact);
    assert!(s.contact.as_ref().unwrap().read_only);
}

#[test]
fn a_draft_found_at_start_is_offered_back() {
    let mut s = demo_state();
    let mut draft = loket::domain::contact::Contact::new(3, loket::domain::contact::Kanaal::Balie, s.now);
    draft.vraag = "half getypt".into();
    update(&mut s, Msg::ContactsLoaded(vec![draft]));
    assert_eq!(s.overlay, Some(Overlay::Confirm(ConfirmKind::ResumeDraft(3))));
    press(&mut s, "j");
    assert_eq!(s.contact.as_ref().unwrap().contact.id, 3);
}

#[test]
fn blank_drafts_are_not_kept_or_asked_about() {
    let mut s = demo_state();
    let blank = loket::domain::contact::Contact::new(5, loket::domain::contact::Kanaal::Balie, s.now);
    let fx = update(&mut s, Msg::ContactsLoaded(vec![blank]));
    assert_eq!(fx, vec![Effect::DeleteContact(5)]);
    assert!(s.overlay.is_none(), "nothing to offer back");
    assert!(s.contacts.is_empty());
    press(&mut s, "ctrl-n");
    let id = s.contact.as_ref().unwrap().contact.id;
    assert_eq!(press(&mut s, "ctrl-q"), vec![Effect::DeleteContact(id), Effect::Quit]);
}

#[test]
fn a_repeat_caller_is_recognised_while_typing_the_phone_number() {
    let mut s = demo_state();
    let mut old =
        loket::domain::contact::Contact::new(7, loket::domain::contact::Kanaal::Telefoon, s.now - Duration::days(3));
    old.client.telefoon = "06-5555 4321".into();
    old.vraag = "vervoer naar het ziekenhuis".into();
    old.status = Status::Afgesloten;
    update(&mut s, Msg::ContactsLoaded(vec![old]));
    press(&mut s, "ctrl-n");
    for _ in 0..5 {
        press(&mut s, "tab");
    }
    type_text(&mut s, "06555");
    assert!(!screen_text(&s, 100, 30).contains("↺ eerder"), "too few digits to say");
    type_text(&mut s, "54321");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("↺ eerder 1×, 20-11: \"vervoer naar het z"), "{text}");
}

#[test]
fn an_unreadable_stored_contact_is_never_overwritten_by_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = loket::cli::open_store(dir.path()).unwrap();
        let mut c = loket::domain::contact::Contact::new(5, loket::domain::contact::Kanaal::Balie, monday_morning());
        c.vraag = "eerder bewaard".into();
        loket::store::contacts::save(store.as_ref(), &c).unwrap();
        // damage it: a schema version this loket does not know
        // damage it: a storage format this loket does not know (after `R` and the revision)
        let key = 5u64.to_be_bytes();
        let mut raw = store.raw_get("contacten", &key).unwrap().unwrap();
        raw[9] = 200;
        store.raw_put("contacten", &key, &raw).unwrap();
    }
    let (store, mut s) = demo_state_in(dir.path());
    let (level, msg) = s.status.clone().expect("the failure is shown");
    assert_eq!(level, loket::app::Level::Error, "{msg}");
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "nieuw");
    assert_eq!(s.contact.as_ref().unwrap().contact.id, 6, "id 5 is taken by the unreadable record");
    let raw = store.raw_get("contacten", &5u64.to_be_bytes()).unwrap().unwrap();
    assert_eq!(raw[9], 200, "the unreadable record is left as it was");
}

/// The crisis panel, without ctrl-t: the routes and the hint to acknowledge.
fn crisis_panel_shown(text: &str) -> bool {
    text.contains("verwijs direct") && text.contains("0800-2000") && text.contains("112") && text.contains("113")
}

/// Issue 10, B8: words of danger raise the crisis routes at once, and they stay (also after
/// the triage is confirmed) until the worker acknowledges them.
#[test]
fn danger_words_raise_the_crisis_panel_at_once_until_acknowledged() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "mijn vriendin slaat me");
    for (w, h) in [(100, 30), (80, 24)] {
        let text = screen_text(&s, w, h);
        assert!(crisis_panel_shown(&text), "{w}x{h}:\n{text}");
        assert!(text.contains("'slaat me' in de vraag"), "the reason is shown:\n{text}");
    }
    press(&mut s, "ctrl-t");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("COMPLEX") && !text.contains("ENKELVOUDIG"), "{text}");
    press(&mut s, "enter");
    assert_eq!(s.contact.as_ref().unwrap().contact.besluit.as_ref().unwrap().uitkomst, Uitkomst::Complex);
    let text = screen_text(&s, 100, 30);
    assert!(crisis_panel_shown(&text), "the panel stays after the triage is confirmed:\n{text}");
    press(&mut s, "alt-g");
    let text = screen_text(&s, 100, 30);
    assert!(!text.contains("verwijs direct"), "acknowledged:\n{text}");
    assert!(text.lines().nth(1).unwrap().contains("0800-2000"), "a reminder stays in the top line:\n{text}");
    // a new kind of danger raises it again
    press(&mut s, "end");
    type_text(&mut s, " en ik wil er niet meer zijn");
    assert!(crisis_panel_shown(&screen_text(&s, 100, 30)));
}

#[test]
fn the_veiligheid_domain_raises_the_crisis_panel() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de buurt");
    assert!(!crisis_panel_shown(&screen_text(&s, 100, 30)));
    press(&mut s, "alt-7");
    let text = screen_text(&s, 100, 30);
    assert!(crisis_panel_shown(&text), "{text}");
    assert!(text.contains("levensdomein veiligheid"), "{text}");
}

/// Issue 10, B8: a crisis contact closes as "verwezen naar crisisdienst" with no client data.
#[test]
fn a_crisis_contact_closes_as_referred_to_the_crisis_line_without_client_data() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "mijn vriendin slaat me");
    press_in(store.as_ref(), &mut s, "ctrl-s");
    press_in(store.as_ref(), &mut s, "enter"); // take the triage suggestion: complex
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("verwezen naar crisisdienst"), "{text}");
    type_in(store.as_ref(), &mut s, "8");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Veilig Thuis"), "{text}");
    press_in(store.as_ref(), &mut s, "enter"); // Veilig Thuis is preselected for violence
    assert!(s.contact.is_none(), "closed: {:?}", s.status);
    let c = loket::store::contacts::all(store.as_ref()).unwrap().pop().unwrap();
    assert_eq!(c.status, Status::Afgesloten);
    assert_eq!(c.afhandeling, Some(Afhandeling::VerwezenCrisisdienst));
    assert!(c.client.is_anonymous());
    assert_eq!(c.besluit.as_ref().unwrap().uitkomst, Uitkomst::Complex);
    assert!(
        c.links.iter().any(|l| l.soort == LinkSoort::VerwezenNaar && l.naam.contains("Veilig Thuis")),
        "{:?}",
        c.links
    );
}

/// Issue 10, B8: triage never says enkelvoudig while a sign of danger stands.
#[test]
fn no_enkelvoudig_decision_stands_beside_a_sign_of_danger() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag over de regiotaxi");
    press(&mut s, "ctrl-t");
    press(&mut s, "enter");
    assert_eq!(s.contact.as_ref().unwrap().contact.besluit.as_ref().unwrap().uitkomst, Uitkomst::Enkelvoudig);
    type_text(&mut s, ", en hij bedreigt me");
    let c = &s.contact.as_ref().unwrap().contact;
    assert!(c.besluit.as_ref().is_none_or(|b| b.uitkomst != Uitkomst::Enkelvoudig), "{:?}", c.besluit);
    assert!(!screen_text(&s, 100, 30).contains("Triage: enkelvoudig"));
    // deciding enkelvoudig otherwise is refused while the sign stands
    press(&mut s, "ctrl-t");
    press(&mut s, "o");
    type_text(&mut s, "toch maar eenvoudig");
    press(&mut s, "enter");
    let c = &s.contact.as_ref().unwrap().contact;
    assert!(c.besluit.as_ref().is_none_or(|b| b.uitkomst != Uitkomst::Enkelvoudig), "{:?}", c.besluit);
}

/// Issue 10, B8: a terugbelverzoek was taken with no phone number.
#[test]
fn a_call_back_needs_a_phone_number() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Wil teruggebeld worden");
    press(&mut s, "ctrl-s");
    press(&mut s, "enter");
    type_text(&mut s, "4");
    assert!(!matches!(s.overlay, Some(Overlay::Prompt { .. })), "no call-back without a number");
    let (_, msg) = s.status.clone().unwrap();
    assert!(msg.contains("telefoonnummer"), "{msg}");
    assert_eq!(s.contact.as_ref().unwrap().contact.status, Status::Concept);
}

/// Issue 10, C9: two phone calls were recorded as "balie": the kanaal of the previous contact
/// carried over. Each new contact starts from the desk's default, shown plainly.
#[test]
fn each_new_contact_starts_from_the_default_kanaal() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Vraag aan de balie");
    press(&mut s, "alt-c"); // telefoon → balie
    assert_eq!(s.contact.as_ref().unwrap().contact.kanaal, loket::domain::contact::Kanaal::Balie);
    press(&mut s, "ctrl-s");
    press(&mut s, "enter");
    type_text(&mut s, "1");
    assert!(s.contact.is_none());
    press(&mut s, "ctrl-n");
    assert_eq!(s.contact.as_ref().unwrap().contact.kanaal, loket::domain::contact::Kanaal::Telefoon);
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("kanaal: telefoon"), "{text}");
}

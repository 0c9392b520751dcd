//! Issue 21 on the contact screen: a possible sign raises the doorvragen prompt with the
//! question to ask; the caller's answer is stored with the contact; ja raises the crisis panel,
//! nee closes the sign; the triage is never enkelvoudig while the sign is open.

mod common;

use common::*;
use loket::app::Action;
use loket::domain::contact::Uitkomst;
use loket::keymap::Context;
use loket::store::Store;

fn key(s: &loket::app::State, a: Action) -> String {
    s.keymap.key_for(Context::Contact, a).expect("bound in the standard keymap")
}

fn crisis_panel_shown(text: &str) -> bool {
    text.contains("verwijs direct") && text.contains("0800-2000") && text.contains("112") && text.contains("113")
}

#[test]
fn ja_records_the_answer_and_raises_the_crisis_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "ik zie het niet meer zitten");
    for (w, h) in [(100, 30), (80, 24)] {
        let text = screen_text(&s, w, h);
        assert!(text.contains("DOORVRAGEN"), "{w}x{h}:\n{text}");
        assert!(text.contains("Denkt u weleens aan zelfdoding?"), "{w}x{h}: the 113 question:\n{text}");
        assert!(!crisis_panel_shown(&text), "a calm prompt, not the crisis panel:\n{text}");
        assert!(text.contains(&format!("{} ja", key(&s, Action::SignaalJa))), "{text}");
    }
    let advies = s.contact.as_ref().unwrap().contact.triage();
    assert_eq!(advies.uitkomst, Uitkomst::Complex, "never enkelvoudig while the sign is open");
    let id = s.contact.as_ref().unwrap().contact.id;
    let ja = key(&s, Action::SignaalJa);
    press_in(store.as_ref(), &mut s, &ja);
    let text = screen_text(&s, 100, 30);
    assert!(crisis_panel_shown(&text), "ja raises the crisis panel:\n{text}");
    assert!(!text.contains("DOORVRAGEN"), "{text}");
    let stored = store.contact(id).unwrap().unwrap();
    assert_eq!(stored.signaalvragen.len(), 1, "{:?}", stored.signaalvragen);
    let v = &stored.signaalvragen[0];
    assert!(v.ja);
    assert_eq!(v.soort, "zelfdoding");
    assert_eq!(v.gevonden, "zie het niet meer zitten");
    assert_eq!(v.door, "Test Balie");
    assert!(stored.triage().crisis);
    // the crisis line that fits is 113
    assert_eq!(loket::domain::triage::passende_lijn(&stored.triage().signalen), 2);
}

#[test]
fn nee_is_noted_and_closes_the_sign() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    press_in(store.as_ref(), &mut s, "ctrl-n");
    type_in(store.as_ref(), &mut s, "mijn man wordt steeds agressiever");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("DOORVRAGEN") && text.contains("Voelt u zich thuis veilig?"), "{text}");
    assert!(text.contains("Meldcode stap 1"), "the first steps of the meldcode:\n{text}");
    // an enkelvoudig override is refused while the sign is open
    press_in(store.as_ref(), &mut s, "ctrl-t");
    press_in(store.as_ref(), &mut s, "o");
    assert!(s.overlay.is_none(), "no reason asked: the override is refused");
    press_in(store.as_ref(), &mut s, "esc");
    let nee = key(&s, Action::SignaalNee);
    press_in(store.as_ref(), &mut s, &nee);
    let text = screen_text(&s, 100, 30);
    assert!(!text.contains("DOORVRAGEN") && !crisis_panel_shown(&text), "{text}");
    let id = s.contact.as_ref().unwrap().contact.id;
    let stored = store.contact(id).unwrap().unwrap();
    assert_eq!(stored.signaalvragen.len(), 1);
    assert!(!stored.signaalvragen[0].ja);
    assert_eq!(stored.signaalvragen[0].soort, "huiselijk_geweld");
    assert_eq!(stored.triage().uitkomst, Uitkomst::Enkelvoudig, "the sign is closed");
}

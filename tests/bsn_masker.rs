//! Issue 13: the BSN is masked everywhere but the inzage — in its field (also while it has the
//! focus, once stored), in the contact list, the handoff and the queue.

mod common;

use common::*;

const BSN: &str = "123456782";

#[test]
fn a_stored_bsn_is_masked_in_its_field_even_with_the_focus_and_in_every_list() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    type_text(&mut s, "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft geldzorgen");
    press(&mut s, "alt-2");
    press(&mut s, "alt-4");
    press(&mut s, "tab");
    type_text(&mut s, "Harm Bakker");
    for _ in 0..6 {
        press(&mut s, "tab");
    }
    type_text(&mut s, BSN);
    assert_eq!(s.contact.as_ref().unwrap().contact.client.bsn.as_deref(), Some(BSN));
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("******782") && !text.contains(BSN), "focused, stored: masked\n{text}");
    press(&mut s, "tab");
    press(&mut s, "shift-tab");
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("******782") && !text.contains(BSN), "back in the field: masked\n{text}");
    // a new one typed over it shows what is typed until it is valid (then masked again)
    press(&mut s, "backspace");
    let text = screen_text(&s, 120, 40);
    assert!(!text.contains(BSN), "{text}");
    // the handoff, with consent, and the queue
    press(&mut s, "ctrl-o");
    let text = screen_text(&s, 120, 40);
    assert!(!text.contains(BSN) && !text.contains("12345678"), "handoff:\n{text}");
    press(&mut s, "ctrl-l");
    let text = screen_text(&s, 120, 40);
    assert!(!text.contains(BSN) && !text.contains("12345678"), "contact list:\n{text}");
    press(&mut s, "ctrl-b");
    let text = screen_text(&s, 120, 40);
    assert!(!text.contains(BSN), "queue:\n{text}");
}

//! The screens' changes reach the audit log in the store's own transaction: a close is logged
//! as a close, a handoff as a handoff, and a write the store refused leaves no entry.

mod common;

use loket::domain::contact::{Afhandeling, Status};
use loket::store::audit::{self, Handeling, Onderwerp};
use loket::store::Store;

fn entries(store: &dyn Store) -> Vec<(Handeling, Onderwerp)> {
    audit::controleer(&store.audit_raw().unwrap()).unwrap().into_iter().map(|r| (r.handeling, r.onderwerp)).collect()
}

#[test]
fn a_close_at_the_desk_is_logged_as_a_close_with_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    common::press_in(store.as_ref(), &mut s, "ctrl-n");
    common::type_in(store.as_ref(), &mut s, "Waar kan ik een rollator lenen?");
    common::press_in(store.as_ref(), &mut s, "ctrl-s");
    common::press_in(store.as_ref(), &mut s, "enter");
    common::type_in(store.as_ref(), &mut s, "1");
    let c = store.contacts().unwrap().value.into_iter().next().expect("a contact");
    assert_eq!((c.status, c.afhandeling.clone()), (Status::Afgesloten, Some(Afhandeling::InformatieGegeven)));
    let log = entries(store.as_ref());
    let o = Onderwerp::Contact(c.id);
    assert!(log.contains(&(Handeling::Aangemaakt, o)), "{log:?}");
    assert!(log.contains(&(Handeling::Afgesloten, o)), "the close is told apart from an edit: {log:?}");
    assert!(!log.contains(&(Handeling::Doorgezet, o)), "{log:?}");
}

#[test]
fn a_handoff_is_logged_as_a_handoff_and_its_dossier_as_created() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    common::press_in(store.as_ref(), &mut s, "ctrl-n");
    common::type_in(
        store.as_ref(),
        &mut s,
        "Mevrouw kan thuis niet meer rondkomen en krijgt het huishouden niet meer gedaan",
    );
    common::press_in(store.as_ref(), &mut s, "alt-2");
    common::press_in(store.as_ref(), &mut s, "alt-4");
    common::press_in(store.as_ref(), &mut s, "ctrl-o");
    common::press_in(store.as_ref(), &mut s, "j");
    common::press_in(store.as_ref(), &mut s, "enter");
    let k = s.handoff.as_ref().unwrap().booked.as_ref().expect("booked").clone();
    let log = entries(store.as_ref());
    let i = log.iter().position(|e| *e == (Handeling::Doorgezet, Onderwerp::Contact(k.contact_id))).expect("doorgezet");
    assert_eq!(log.get(i + 1), Some(&(Handeling::Aangemaakt, Onderwerp::Dossier(k.id))), "in one go: {log:?}");
}

#[test]
fn a_save_the_store_refused_leaves_no_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = common::demo_state_in(dir.path());
    common::press_in(store.as_ref(), &mut s, "ctrl-n");
    common::type_in(store.as_ref(), &mut s, "Waar kan ik een rollator lenen?");
    let id = s.contact.as_ref().unwrap().contact.id;
    // the contact is erased elsewhere meanwhile: this desk's next save is refused
    let mut gone = store.contact(id).unwrap().unwrap();
    gone.gewist = true;
    gone.vraag.clear();
    store.overschrijf(&[gone], &[], &[]).unwrap();
    let before = entries(store.as_ref()).len();
    common::type_in(store.as_ref(), &mut s, " En een douchestoel?");
    let after = entries(store.as_ref());
    assert_eq!(after.len(), before, "no entry for a write that was not stored: {after:?}");
    assert!(!store.contact(id).unwrap().unwrap().vraag.contains("douchestoel"), "erasure wins");
}

//! The desk day, third pass: the right supporter and place, the whole picture for the
//! backoffice, 80x24 and the keyboard, the calendar file. Headless against a real store.

mod common;

use common::*;
use loket::app::Screen;
use loket::domain::contact::Uitkomst;
use loket::domain::ondersteuning::OndersteunerSoort;

type St = std::sync::Arc<loket::store::SledStore>;

/// A new contact with `vraag`, the given domain keys, and the client fields by Tab order
/// (naam, geboortejaar, gemeente, wijk, telefoon), empty ones left alone.
fn contact(store: &St, s: &mut loket::app::State, vraag: &str, domeinen: &[&str], velden: [&str; 5]) {
    press_in(store.as_ref(), s, "ctrl-n");
    type_in(store.as_ref(), s, vraag);
    for d in domeinen {
        press_in(store.as_ref(), s, d);
    }
    for v in velden {
        press_in(store.as_ref(), s, "tab");
        type_in(store.as_ref(), s, v);
    }
}

// ───────────────────────────── 1. gemeente and wijk ─────────────────────────────

/// Gemeente "Het Hogeland", Wijk "Winsum": the first home visit is the Winsum round, and no
/// slot in Het Hogeland is labelled "(niet in Het Hogeland)".
#[test]
fn het_hogeland_with_wijk_winsum_gets_a_winsum_home_visit_first() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Mevrouw redt het huishouden niet meer en kan niet meer zelf naar de winkel",
        &["alt-2", "alt-8"],
        ["", "1944", "Het Hogeland", "Winsum", ""],
    );
    press_in(store.as_ref(), &mut s, "ctrl-o");
    assert_eq!(s.screen, Screen::Handoff);
    press_in(store.as_ref(), &mut s, "p"); // bij u thuis
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.soort(), Some(OndersteunerSoort::Ouderenadviseur));
    assert_eq!(h.slots[0].locatie, "huisbezoek in Winsum e.o.", "{:?}", h.slots.first());
    let text = screen_text(&s, 100, 30);
    assert!(!text.contains("niet in Het Hogeland"), "{text}");
}

/// The form offers the known names; an unknown one is kept, with a warning.
#[test]
fn gemeente_and_wijk_offer_known_names_and_keep_unknown_ones_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(&store, &mut s, "Vraag over de regiotaxi", &[], ["", "", "het hog", "", ""]);
    // back to the Gemeente field
    for _ in 0..2 {
        press_in(store.as_ref(), &mut s, "backtab");
    }
    let text = screen_text(&s, 100, 30);
    let regel = text.lines().find(|l| l.contains("Gemeente ")).unwrap_or_default();
    let rechts = s.keymap.key_for(loket::keymap::Context::Contact, loket::app::Action::CursorRight).unwrap();
    assert!(regel.contains(&format!("het hogeland  ({rechts})")), "the completion is offered: {regel:?}\n{text}");
    press_in(store.as_ref(), &mut s, "right");
    assert_eq!(s.contact.as_ref().unwrap().contact.client.gemeente, "Het Hogeland");
    press_in(store.as_ref(), &mut s, "tab");
    type_in(store.as_ref(), &mut s, "café-wijk");
    press_in(store.as_ref(), &mut s, "tab");
    let c = &s.contact.as_ref().unwrap().contact;
    assert_eq!(c.client.wijk, "café-wijk", "kept as typed");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("onbekende wijk"), "{text}");
    assert!(text.contains("café-wijk"), "{text}");
}

// ───────────────────────────── 2. the person the help is for ─────────────────────────────

/// A young mother with debts and a rent arrear and a son of 9, "Hulp voor: zichzelf" (and the
/// indication ticked): the first suggestion is the wijkteam or the AMW, and no reason
/// contradicts itself.
#[test]
fn the_young_mothers_first_suggestion_is_the_wijkteam_or_the_amw() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Jonge moeder met schulden en een huurachterstand, mijn zoon van 9 slaapt slecht door de zorgen",
        &["alt-1", "alt-4"],
        ["", "", "Groningen", "", ""],
    );
    press_in(store.as_ref(), &mut s, "ctrl-t");
    press_in(store.as_ref(), &mut s, "2");
    press_in(store.as_ref(), &mut s, "ctrl-t");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let h = s.handoff.as_ref().expect("handoff");
    assert!(
        matches!(h.suggestions[0].soort, OndersteunerSoort::Amw | OndersteunerSoort::WijTeam),
        "{:?}",
        h.suggestions
    );
    for x in &h.suggestions {
        assert!(!x.reden.contains("9 jaar") && !x.reden.contains("65+"), "{x:?}");
    }
    // The son's age counts when the help is for the child.
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "alt-h"); // kind
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let h = s.handoff.as_ref().unwrap();
    assert_eq!(h.needs.leeftijd, Some(9));
}

// ───────────────────────────── 3. an overloaded mantelzorger ─────────────────────────────

#[test]
fn an_overloaded_mantelzorger_is_complex_with_the_steunpunt_linked() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Ik kan het niet meer aan, ik ben zelf op",
        &["alt-9"],
        ["", "", "Het Hogeland", "Winsum", ""],
    );
    let c = &s.contact.as_ref().unwrap().contact;
    assert_eq!(c.triage().uitkomst, Uitkomst::Complex, "{:?}", c.triage().redenen);
    press_in(store.as_ref(), &mut s, "ctrl-t");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("mantelzorger overbelast"), "{text}");
    press_in(store.as_ref(), &mut s, "alt-v");
    let c = s.contact.as_ref().unwrap().contact.clone();
    assert!(c.links.iter().any(|l| l.entry_id == "vz-mantelzorgsteunpunt-winsum"), "{:?}", c.links);
    // the checklist has the item too (7), and it is stored
    press_in(store.as_ref(), &mut s, "7");
    assert!(s.contact.as_ref().unwrap().contact.checklist.mantelzorger_overbelast);
    let stored = loket::store::Store::contact(store.as_ref(), c.id).unwrap().unwrap();
    assert!(stored.checklist.mantelzorger_overbelast);
}

// ───────────────────────────── 4. who the help is for ─────────────────────────────

#[test]
fn queue_dossier_and_summary_say_who_the_help_is_for() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Mijn zoon van 9 heeft moeite op school en thuis gaat het mis",
        &["alt-6", "alt-3"],
        ["", "", "Groningen", "", ""],
    );
    press_in(store.as_ref(), &mut s, "alt-h"); // kind
    press_in(store.as_ref(), &mut s, "ctrl-o");
    assert!(s.handoff.as_ref().unwrap().samenvatting.contains("Hulp voor: kind, 9 jaar"));
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("Hulp voor: kind, 9 jaar"), "{text}");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    let case = s.handoff.as_ref().unwrap().booked.clone().expect("booked");
    assert!(case.samenvatting.contains("Hulp voor: kind, 9 jaar"), "{}", case.samenvatting);
    press_in(store.as_ref(), &mut s, "ctrl-b");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("kind 9"), "the queue row:\n{text}");
    assert!(text.contains("Hulp voor: kind, 9 jaar"), "the dossier:\n{text}");
}

// ───────────────────────────── 8. a window too small ─────────────────────────────

#[test]
fn text_typed_while_the_window_is_too_small_is_refused_visibly() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(&store, &mut s, "Vraag over de regiotaxi", &[], ["", "", "", "", ""]);
    loket::app::run::handle(store.as_ref(), &mut s, loket::app::Msg::Resize(60, 20));
    type_in(store.as_ref(), &mut s, "abc");
    assert_eq!(s.contact.as_ref().unwrap().contact.vraag, "Vraag over de regiotaxi", "not edited unseen");
    let text = screen_text(&s, 60, 20).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("niet verwerkt") && text.contains("3 toetsen"), "{text}");
    loket::app::run::handle(store.as_ref(), &mut s, loket::app::Msg::Resize(100, 30));
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Niet verwerkt: 3 toetsen"), "{text}");
}

// ───────────────────────────── 10. help ─────────────────────────────

/// ctrl-g (beheer) works on the contact and queue screens: the help lists it under "Overal".
#[test]
fn help_lists_ctrl_g_under_overal_where_it_works() {
    use loket::keymap::help::{lines, HelpLine};
    use loket::keymap::Context;
    let km = loket::keymap::Keymap::standard();
    for ctx in [Context::Contact, Context::Queue, Context::Kaart, Context::ContactList] {
        let l = lines(&km, ctx, 76);
        let start = l.iter().position(|x| *x == HelpLine::Title("Overal".into()));
        let Some(start) = start else { panic!("{ctx:?}: no Overal in {l:?}") };
        let overal: Vec<String> = l[start..]
            .iter()
            .filter_map(|x| match x {
                HelpLine::Row { keys, .. } => Some(keys.clone()),
                _ => None,
            })
            .collect();
        assert!(overal.iter().any(|k| k.contains("ctrl-g")), "{ctx:?}: {overal:?}");
        // and the key really works there
        let g = loket::keymap::chord::parse_sequence("ctrl-g").unwrap();
        let werkt = matches!(km.lookup(ctx, &g), loket::keymap::Lookup::Action(loket::app::Action::GoBeheer));
        assert!(werkt, "{ctx:?}");
    }
}

/// The help box scrolls to its last line also when the header has two rows (an embedded store
/// without accounts) or a message takes more rows: ctrl-g, the last line of "Overal", was out
/// of reach on the contact and queue screens.
#[test]
fn the_help_scrolls_to_ctrl_g_on_the_contact_and_queue_screens() {
    for onbeveiligd in [false, true] {
        let mut s = demo_state();
        s.onbeveiligd = onbeveiligd;
        loket::app::update(&mut s, loket::app::Msg::Resize(80, 24));
        press(&mut s, "ctrl-n");
        for scherm in ["ctrl-n", "ctrl-b"] {
            press(&mut s, scherm);
            press(&mut s, "f1");
            for _ in 0..20 {
                press(&mut s, "pagedown");
            }
            let text = screen_text(&s, 80, 24);
            assert!(text.contains("ctrl-g") && text.contains("beheer sociale kaart"), "{onbeveiligd}:\n{text}");
            press(&mut s, "esc");
        }
    }
}

// ───────────────────────────── 7. 80x24 ─────────────────────────────

/// A contact, urgent, with a phone number and no name.
fn terugbel_contact(store: &St, s: &mut loket::app::State) {
    contact(
        store,
        s,
        "Mevrouw wacht al weken op de traplift en kan de trap niet meer op, zoon belt terug",
        &[],
        ["", "", "Groningen", "", "06-12345678"],
    );
    press_in(store.as_ref(), s, "ctrl-t");
    press_in(store.as_ref(), s, "5"); // spoed
    press_in(store.as_ref(), s, "enter");
}

#[test]
fn the_contact_list_at_80x24_shows_call_back_question_spoed_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    terugbel_contact(&store, &mut s);
    let mut c = s.contact.as_ref().unwrap().contact.clone();
    c.afhandeling = Some(loket::domain::contact::Afhandeling::Terugbelverzoek {
        wanneer: chrono::NaiveDate::from_ymd_opt(2026, 12, 8).unwrap().and_hms_opt(14, 30, 0).unwrap(),
        gedaan: false,
    });
    s.upsert_contact(c);
    press_in(store.as_ref(), &mut s, "ctrl-l");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("terugbellen 08-12 14:30"), "{text}");
    assert!(text.contains("SPOED"), "{text}");
    assert!(text.contains("06-12345678") && !text.contains("anoniem"), "{text}");
    assert!(text.contains("Mevrouw wacht al weken op de traplift en kan de trap"), "{text}");
    insta::assert_snapshot!("contact_list_80x24", text);
}

#[test]
fn the_handoff_summary_at_80x24_shows_referrals_and_pointers() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Meneer is slecht ter been, kan het huis niet meer schoonhouden en heeft daarbij ook nog geldzorgen die hem boven het hoofd groeien",
        &["alt-2", "alt-4"],
        ["", "1946", "Groningen", "", ""],
    );
    press_in(store.as_ref(), &mut s, "ctrl-f");
    type_in(store.as_ref(), &mut s, "huish hulp");
    press_in(store.as_ref(), &mut s, "alt-v");
    press_in(store.as_ref(), &mut s, "esc");
    press_in(store.as_ref(), &mut s, "alt-o");
    press_in(store.as_ref(), &mut s, "ctrl-o");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("Verwezen naar:"), "{text}");
    assert!(text.contains("Gewezen op onafhankelijke cliëntondersteuning"), "{text}");
    insta::assert_snapshot!("handoff_summary_80x24", text);
}

#[test]
fn the_contact_footer_and_the_age_error_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(&store, &mut s, "Vraag over de regiotaxi", &[], ["", "", "", "", ""]);
    // the age field (last in the Tab order) with a wrong value
    for _ in 0..3 {
        press_in(store.as_ref(), &mut s, "tab");
    }
    type_in(store.as_ref(), &mut s, "1000");
    let text = screen_text(&s, 80, 24);
    let footer = text.lines().last().unwrap();
    assert!(footer.contains("ctrl-o") && footer.contains("ctrl-s"), "{footer}");
    let plat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(plat.contains("✗ leeftijd (0–130) of geboortejaar"), "{text}");
    insta::assert_snapshot!("contact_footer_80x24", text);
    press_in(store.as_ref(), &mut s, "ctrl-k");
    let footer = screen_text(&s, 80, 24).lines().last().unwrap().to_string();
    assert!(footer.contains("ctrl-q afsluiten"), "{footer}");
}

// ───────────────────────────── 11. the calendar file ─────────────────────────────

/// Dossier 1 booked and exported in the data directory `dir` (on its own store).
fn dossier_1(dir: &std::path::Path) -> (St, loket::app::State) {
    let (store, mut s) = demo_state_in(dir);
    s.ics_domein = Some("wmo.hethogeland.nl".into());
    contact(
        &store,
        &mut s,
        "Meneer is slecht ter been en heeft geldzorgen",
        &["alt-2", "alt-4"],
        ["", "1946", "Groningen", "", ""],
    );
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    assert_eq!(s.handoff.as_ref().unwrap().booked.as_ref().unwrap().id, 1);
    press_in(store.as_ref(), &mut s, "e");
    (store, s)
}

fn ics_of(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("afspraken/afspraak-1.ics")).unwrap()
}

/// The VEVENT part of an .ics (between BEGIN:VEVENT and END:VEVENT, both included).
fn vevent(ics: &str) -> String {
    let a = ics.find("BEGIN:VEVENT").unwrap();
    let b = ics.find("END:VEVENT").unwrap() + "END:VEVENT\r\n".len();
    ics[a..b].to_string()
}

/// What a calendar keeps of events imported one after another: per UID the one with the
/// highest SEQUENCE (RFC 5546), with its STATUS.
fn import(cal: &mut std::collections::BTreeMap<String, (u32, String)>, ics: &str) {
    let parsed = ical::IcalParser::new(std::io::BufReader::new(ics.as_bytes())).next().unwrap().unwrap();
    for ev in parsed.events {
        let p = |n: &str| ev.properties.iter().find(|p| p.name == n).and_then(|p| p.value.clone()).unwrap_or_default();
        assert!(!p("ORGANIZER").is_empty(), "an ORGANIZER: {ics}");
        let seq: u32 = p("SEQUENCE").parse().unwrap();
        let e = cal.entry(p("UID")).or_insert((seq, p("STATUS")));
        if seq >= e.0 {
            *e = (seq, p("STATUS"));
        }
    }
}

#[test]
fn two_data_directories_stay_two_events_and_a_cancellation_replaces_its_own() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (store_a, mut sa) = dossier_1(a.path());
    let _b = dossier_1(b.path());
    let (ics_a, ics_b) = (ics_of(a.path()), ics_of(b.path()));
    assert!(ics_a.contains("@wmo.hethogeland.nl\r\n"), "{ics_a}");
    // one calendar file with both events
    let head = &ics_a[..ics_a.find("BEGIN:VEVENT").unwrap()];
    let samen = format!("{head}{}{}END:VCALENDAR\r\n", vevent(&ics_a), vevent(&ics_b));
    let cal = ical::IcalParser::new(std::io::BufReader::new(samen.as_bytes())).next().unwrap().unwrap();
    assert_eq!(cal.events.len(), 2);
    let uids: std::collections::BTreeSet<_> = cal
        .events
        .iter()
        .map(|e| e.properties.iter().find(|p| p.name == "UID").unwrap().value.clone().unwrap())
        .collect();
    assert_eq!(uids.len(), 2, "two lokets' dossier 1 are two events: {uids:?}");
    // imported one after another, then A's cancellation
    let mut agenda = std::collections::BTreeMap::new();
    import(&mut agenda, &ics_a);
    import(&mut agenda, &ics_b);
    assert_eq!(agenda.len(), 2);
    press_in(store_a.as_ref(), &mut sa, "enter");
    press_in(store_a.as_ref(), &mut sa, "ctrl-b");
    press_in(store_a.as_ref(), &mut sa, "x");
    press_in(store_a.as_ref(), &mut sa, "j");
    let afgezegd = ics_of(a.path());
    assert!(afgezegd.contains("METHOD:CANCEL"), "{afgezegd}");
    import(&mut agenda, &afgezegd);
    assert_eq!(agenda.len(), 2, "the cancellation replaced its own event: {agenda:?}");
    let statuses: Vec<&str> = agenda.values().map(|(_, s)| s.as_str()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == "CANCELLED").count(), 1, "{agenda:?}");
    assert_eq!(statuses.iter().filter(|s| **s == "CONFIRMED").count(), 1, "{agenda:?}");
}

#[test]
fn the_config_names_the_lokets_domain() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("config.toml");
    std::fs::write(&p, "domein = \"Wmo.HetHogeland.nl\"\n").unwrap();
    assert_eq!(loket::config::load_from(&p).unwrap().domein.as_deref(), Some("wmo.hethogeland.nl"));
    std::fs::write(&p, "domein = \"café wijk\"\n").unwrap();
    let e = loket::config::load_from(&p).unwrap_err();
    assert!(e.contains(":1: domein:"), "{e}");
}

// ───────────────────────────── 9. details inside a contact ─────────────────────────────

/// Enter on a kaart entry inside a contact shows its details and links nothing; linking is a
/// key of its own.
#[test]
fn inside_a_contact_enter_shows_details_and_linking_is_a_choice() {
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(&store, &mut s, "Vraag over hulp in het huishouden", &[], ["", "", "", "", ""]);
    press_in(store.as_ref(), &mut s, "ctrl-f");
    type_in(store.as_ref(), &mut s, "huish hulp");
    press_in(store.as_ref(), &mut s, "enter");
    assert!(s.contact.as_ref().unwrap().contact.links.is_empty(), "Enter linked nothing");
    let text = screen_text(&s, 100, 30);
    assert!(text.contains("Details") && text.contains("Wet:"), "{text}");
    press_in(store.as_ref(), &mut s, "esc");
    let text = screen_text(&s, 100, 30);
    assert!(!text.contains("Wet:"), "back to the list:\n{text}");
    press_in(store.as_ref(), &mut s, "alt-d");
    assert!(screen_text(&s, 100, 30).contains("Wet:"));
    press_in(store.as_ref(), &mut s, "alt-i");
    let c = &s.contact.as_ref().unwrap().contact;
    assert_eq!(c.links.len(), 1, "linked on purpose: {:?}", c.links);
}

// ───────────────────────────── 5. a refused change ─────────────────────────────

/// Two supporters set the same date; the refused one sees what she typed beside what stands,
/// and one key applies hers over the other.
#[test]
fn a_refused_change_is_shown_and_offered_back_with_one_key() {
    use loket::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Meneer is slecht ter been en heeft geldzorgen",
        &["alt-2", "alt-4"],
        ["", "1946", "Groningen", "", ""],
    );
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "ctrl-b");
    press_in(store.as_ref(), &mut s, "d");
    type_in(store.as_ref(), &mut s, "+3");
    // meanwhile Carla, at another desk, sets another date
    let mut k = store.case(1).unwrap().unwrap();
    k.volgende_actie = chrono::NaiveDate::from_ymd_opt(2026, 12, 7);
    k.bijgewerkt_door = "Carla".into();
    store.save_case(&k).unwrap();
    press_in(store.as_ref(), &mut s, "enter");
    let text = screen_text(&s, 120, 40).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("niet doorgevoerd"), "{text}");
    assert!(text.contains("volgende actie 26-11-2026 (nu 07-12-2026)"), "what she typed is shown: {text}");
    assert!(text.contains("t: toch de uwe"), "{text}");
    assert_eq!(store.case(1).unwrap().unwrap().volgende_actie, chrono::NaiveDate::from_ymd_opt(2026, 12, 7));
    press_in(store.as_ref(), &mut s, "t");
    let stored = store.case(1).unwrap().unwrap();
    assert_eq!(stored.volgende_actie, chrono::NaiveDate::from_ymd_opt(2026, 11, 26), "hers, applied over Carla's");
    assert_eq!(stored.bijgewerkt_door, "Test Balie");
}

// ───────────────────────────── 6. an erased person's case ─────────────────────────────

/// Erasing a person (AVG art. 17) does not leave their open case in the queue with its
/// appointment: the appointment is cancelled (the supporter's time free, a cancellation .ics
/// that replaces the supporter's event), the dossier closed with a note saying why.
#[test]
fn an_erased_persons_case_is_closed_with_the_appointment_cancelled_and_the_supporter_told() {
    use loket::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let (store, mut s) = demo_state_in(dir.path());
    contact(
        &store,
        &mut s,
        "Meneer is slecht ter been en heeft geldzorgen",
        &["alt-2", "alt-4"],
        ["Wilhelmus Voorbeeldt", "1946", "Groningen", "", "06-99887766"],
    );
    press_in(store.as_ref(), &mut s, "ctrl-o");
    press_in(store.as_ref(), &mut s, "j");
    press_in(store.as_ref(), &mut s, "enter");
    press_in(store.as_ref(), &mut s, "e");
    let case = store.case(1).unwrap().unwrap();
    let slot = case.afspraak.clone().expect("booked");
    let uid = |ics: &str| ics.replace("\r\n ", "").lines().find(|l| l.starts_with("UID:")).unwrap().to_string();
    let before = std::fs::read_to_string(dir.path().join("afspraken/afspraak-1.ics")).unwrap();
    let g = loket::commands::inzage::wis(
        store.as_ref(),
        dir.path(),
        "Wilhelmus Voorbeeldt",
        "verzoek van betrokkene",
        "Anna",
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(11, 0, 0).unwrap(),
    )
    .unwrap();
    let k = store.case(1).unwrap().unwrap();
    assert!(!k.is_open(), "closed, out of the queue");
    assert_eq!(k.afspraak, None, "the appointment is cancelled");
    assert!(k.notities.last().unwrap().tekst.contains("gewist (AVG art. 17)"), "{:?}", k.notities);
    assert!(store
        .bookings()
        .unwrap()
        .value
        .iter()
        .all(|b| b.ondersteuner_id != slot.ondersteuner_id || b.start != slot.start));
    assert_eq!(g.gesloten.len(), 1);
    let after = std::fs::read_to_string(dir.path().join("afspraken/afspraak-1.ics")).unwrap();
    assert!(after.contains("METHOD:CANCEL") && after.contains("STATUS:CANCELLED"), "{after}");
    assert_eq!(uid(&after), uid(&before), "the cancellation replaces the supporter's own event");
    for persoonlijk in ["Wilhelmus", "Voorbeeldt", "99887766", "slecht ter been"] {
        assert!(!after.contains(persoonlijk), "{persoonlijk} in {after}");
    }
}

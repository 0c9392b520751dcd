//! The desk day, third pass: the right supporter and place, the whole picture for the
//! backoffice, 80x24 and the keyboard, the calendar file. Headless against a real store.

mod common;

use common::*;

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

//! Issue 4, the backoffice handoff without UI: demo supporters, slot finding, suggestion rules,
//! the double-booking guard, the Wmo clocks, the iCalendar file and the confirmation text.

use std::collections::HashSet;
use std::io::BufReader;
use std::sync::{Arc, Barrier};
use std::thread;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use loket::domain::case::{Case, Route, Stap, WmoKlok};
use loket::domain::ics::{afspraak_ics, bevestiging};
use loket::domain::ondersteuning::{
    demo_ondersteuners, parse_ondersteuners, Clientondersteuner, OndersteunerSoort, Plek,
};
use loket::domain::slots::{earliest_slots, free_slots, Slot};
use loket::domain::suggest::{candidates, suggest, suggestions, HandoffNeeds};
use loket::store::booking::{booked_starts, load_cases, BookResult};

/// A handoff through the store: a new (closed) contact, the case and the claim in one transaction.
fn book(
    store: &dyn loket::store::Store,
    slot: &loket::domain::slots::Slot,
    case: &Case,
) -> loket::store::Result<BookResult> {
    use loket::domain::contact::{Afhandeling, Contact, Kanaal, TriageBesluit, Uitkomst};
    let mut c = Contact::new(store.new_contact_id()?, Kanaal::Balie, case.aangemaakt);
    c.vraag = "vraag".into();
    c.besluit = Some(TriageBesluit {
        uitkomst: Uitkomst::Complex,
        suggestie: Uitkomst::Complex,
        reden_afwijking: String::new(),
    });
    c.afhandeling = Some(Afhandeling::Backoffice);
    c.close(case.aangemaakt).unwrap();
    store.handoff(&c, case, slot)
}
use loket::store::SledStore;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dt(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn ond(id: &str) -> Clientondersteuner {
    demo_ondersteuners().into_iter().find(|o| o.id == id).unwrap_or_else(|| panic!("{id} in demo data"))
}

/// Monday 23 November 2026, 08:00.
fn monday() -> NaiveDateTime {
    dt(2026, 11, 23, 8, 0)
}

// ───────────────────────────── data file ─────────────────────────────

#[test]
fn demo_data_parses_and_covers_every_kind_and_region() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/ondersteuners.toml")).unwrap();
    let all = parse_ondersteuners(&text).unwrap();
    assert!(all.len() >= 14, "{} supporters", all.len());
    for soort in OndersteunerSoort::ALL {
        assert!(all.iter().any(|o| o.soort == soort), "no {soort:?}");
    }
    for g in ["Groningen", "Winsum", "Leens", "Ulrum", "Heerlen", "Hoensbroek"] {
        assert!(all.iter().filter(|o| o.serves(g)).count() >= 5, "few supporters for {g}");
    }
    for taal in ["Turks", "Arabisch", "Tigrinya", "Pools"] {
        assert!(all.iter().any(|o| o.speaks(taal)), "nobody speaks {taal}");
    }
    assert!(all.iter().any(|o| o.uitzonderingen.iter().any(|u| u.van.year() == 2026 && u.van.month() == 12)));
    assert!(text.contains("VERZONNEN"), "the header says the data is invented");
    assert_eq!(all, demo_ondersteuners());
}

#[test]
fn data_errors_name_the_line() {
    let text = demo_ondersteuners_text().replacen("dag = 0", "dag = 9", 1);
    let err = parse_ondersteuners(&text).unwrap_err();
    assert!(err.contains("regel ") && err.contains("dag 9"), "{err}");
    let text = demo_ondersteuners_text().replacen("slot_minuten = 45", "slot_minuten = \"lang\"", 1);
    let err = parse_ondersteuners(&text).unwrap_err();
    assert!(err.contains("line "), "{err}");
}

fn demo_ondersteuners_text() -> String {
    loket::domain::ondersteuning::DEMO_ONDERSTEUNERS.to_string()
}

// ───────────────────────────── slots ─────────────────────────────

#[test]
fn mee_in_winsum_only_on_tuesday_morning() {
    let mee = ond("prv-mee-1");
    let slots = free_slots(&mee, &[], monday(), 28, Plek::Balie, Some("Winsum"), 100);
    let winsum: Vec<&Slot> = slots.iter().filter(|s| s.locatie.contains("Winsum")).collect();
    assert!(winsum.len() >= 8, "{winsum:?}");
    for s in &winsum {
        assert_eq!(s.start.weekday(), chrono::Weekday::Tue, "{s:?}");
        assert!(s.eind.hour() <= 12 && s.start.hour() >= 9, "{s:?}");
    }
    assert_eq!(slots[0].start, dt(2026, 11, 24, 9, 0));
    assert_eq!(slots[0].eind, dt(2026, 11, 24, 10, 0));
}

#[test]
fn weekly_pattern_repeats_every_week() {
    let sv = ond("grn-sv-1"); // Thursday 10:00-12:00 at the desk, 60 minutes.
    let starts: Vec<NaiveDateTime> =
        free_slots(&sv, &[], monday(), 13, Plek::Balie, None, 10).into_iter().map(|s| s.start).collect();
    assert_eq!(
        starts,
        vec![dt(2026, 11, 26, 10, 0), dt(2026, 11, 26, 11, 0), dt(2026, 12, 3, 10, 0), dt(2026, 12, 3, 11, 0)]
    );
}

#[test]
fn holiday_exception_is_inclusive() {
    let mee = ond("prv-mee-1"); // kerstvakantie 2026-12-21 t/m 2027-01-01
    let from = dt(2026, 12, 18, 13, 0); // Friday afternoon, after the phone hour
    let slots = free_slots(&mee, &[], from, 30, Plek::Balie, None, 3);
    assert_eq!(slots[0].start, dt(2027, 1, 5, 9, 0), "{slots:?}");
    let all = free_slots(&mee, &[], from, 30, Plek::Telefoon, None, 100);
    assert!(all.iter().all(|s| s.start.date() < d(2026, 12, 21) || s.start.date() > d(2027, 1, 1)));
    assert_eq!(all[0].start.date(), d(2027, 1, 8), "first Friday after the holiday");
}

#[test]
fn werkgebied_must_cover_the_clients_gemeente() {
    let mee = ond("prv-mee-1");
    assert!(free_slots(&mee, &[], monday(), 14, Plek::Balie, Some("Heerlen"), 5).is_empty());
    assert!(!free_slots(&mee, &[], monday(), 14, Plek::Balie, Some("Ulrum"), 5).is_empty());
    let n = HandoffNeeds { beperking: true, gemeente: Some("Hoensbroek".into()), ..Default::default() };
    let c = candidates(&demo_ondersteuners(), suggest(&n).soort, &n);
    assert_eq!(c.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), vec!["lim-mee-1"]);
}

#[test]
fn nothing_in_the_past_and_rounded_up_to_the_next_boundary() {
    let oa = ond("grn-oa-1"); // Monday 09:00-12:00 at the desk, 45 minutes.
    let from = dt(2026, 11, 23, 9, 20);
    let slots = free_slots(&oa, &[], from, 0, Plek::Balie, None, 10);
    let starts: Vec<_> = slots.iter().map(|s| s.start).collect();
    assert_eq!(starts, vec![dt(2026, 11, 23, 9, 45), dt(2026, 11, 23, 10, 30), dt(2026, 11, 23, 11, 15)]);
    // 11:15-12:00 fits; a slot that would run past 12:00 is not offered.
    let later = free_slots(&oa, &[], dt(2026, 11, 23, 11, 15), 0, Plek::Balie, None, 10);
    assert_eq!(later.iter().map(|s| s.start).collect::<Vec<_>>(), vec![dt(2026, 11, 23, 11, 15)]);
    assert!(free_slots(&oa, &[], dt(2026, 11, 23, 11, 16), 0, Plek::Balie, None, 10).is_empty());
    for s in free_slots(&oa, &[], from, 30, Plek::Balie, None, 50) {
        assert!(s.start >= from);
    }
}

#[test]
fn earliest_first_over_supporters_with_deterministic_ties() {
    let all = demo_ondersteuners();
    let groningen: Vec<Clientondersteuner> = all.iter().filter(|o| o.serves("Groningen")).cloned().collect();
    let slots = earliest_slots(&groningen, |_| Vec::new(), monday(), 14, Plek::Balie, Some("Groningen"), 25);
    assert_eq!(slots.len(), 25);
    for w in slots.windows(2) {
        assert!(w[0].start <= w[1].start);
    }
    // Monday 09:00: three supporters at once; the order follows the input.
    let first: Vec<&str> =
        slots.iter().take_while(|s| s.start == slots[0].start).map(|s| s.ondersteuner_id.as_str()).collect();
    let in_input_order: Vec<&str> = groningen.iter().map(|o| o.id.as_str()).filter(|id| first.contains(id)).collect();
    assert!(first.len() >= 2, "{first:?}");
    assert_eq!(first, in_input_order);
    let mut reversed = groningen.clone();
    reversed.reverse();
    let again = earliest_slots(&reversed, |_| Vec::new(), monday(), 14, Plek::Balie, Some("Groningen"), 25);
    assert_eq!(again[0].ondersteuner_id, *first.last().unwrap());
    assert_eq!(slots, earliest_slots(&groningen, |_| Vec::new(), monday(), 14, Plek::Balie, Some("Groningen"), 25));
}

#[test]
fn booked_slots_are_not_offered_again() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let mee = ond("prv-mee-1");
    let first = free_slots(&mee, &[], monday(), 14, Plek::Balie, Some("Winsum"), 1).remove(0);
    let case = Case::new(1, 10, &mee.id, Route::Clientondersteuning, "vraag", true, monday());
    assert!(matches!(book(&store, &first, &case).unwrap(), BookResult::Booked(_)));
    let booked = booked_starts(&store, &mee.id).unwrap();
    assert_eq!(booked, vec![first.start]);
    let next = free_slots(&mee, &booked, monday(), 14, Plek::Balie, Some("Winsum"), 1).remove(0);
    assert_eq!(next.start, dt(2026, 11, 24, 10, 0));
    // The multi-supporter search asks the store for what is booked.
    let slots = earliest_slots(
        std::slice::from_ref(&mee),
        |id| booked_starts(&store, id).unwrap(),
        monday(),
        14,
        Plek::Balie,
        None,
        3,
    );
    assert_eq!(slots[0].start, next.start);
    assert!(slots.iter().all(|s| s.start != first.start));
}

// ───────────────────────────── suggestion rules ─────────────────────────────

fn needs() -> HandoffNeeds {
    HandoffNeeds::default()
}

#[test]
fn suggestion_rules_alone() {
    use OndersteunerSoort::*;
    let cases = [
        (HandoffNeeds { leeftijd: Some(78), ..needs() }, Ouderenadviseur, "65+: ouderenadviseur"),
        (HandoffNeeds { beperking: true, ..needs() }, Mee, "beperking: MEE"),
        (HandoffNeeds { ggz: true, ..needs() }, VipGgz, "psychische problemen: VIP GGz"),
        (
            HandoffNeeds { taal: Some("Pools".into()), ..needs() },
            AllochtoneZorgconsulent,
            "taal (Pools): allochtone zorgconsulent",
        ),
        (HandoffNeeds { jeugd_gezin: true, ..needs() }, WijTeam, "jeugd en gezin: WIJ-team"),
        (HandoffNeeds { levensdomeinen: 4, ..needs() }, WijTeam, "4 levensdomeinen: WIJ-team"),
        (
            HandoffNeeds { leeftijd: Some(40), levensdomeinen: 2, ..needs() },
            Amw,
            "algemene hulpvraag: maatschappelijk werk (AMW)",
        ),
    ];
    for (n, soort, reden) in cases {
        let s = suggest(&n);
        assert_eq!((s.soort, s.reden.as_str()), (soort, reden), "{n:?}");
    }
}

#[test]
fn suggestion_rules_in_combination_follow_the_precedence() {
    use OndersteunerSoort::*;
    let n = |f: &dyn Fn(&mut HandoffNeeds)| {
        let mut x = needs();
        f(&mut x);
        suggest(&x).soort
    };
    assert_eq!(
        n(&|x| {
            x.ggz = true;
            x.leeftijd = Some(80)
        }),
        VipGgz
    );
    assert_eq!(
        n(&|x| {
            x.ggz = true;
            x.beperking = true
        }),
        VipGgz
    );
    assert_eq!(
        n(&|x| {
            x.beperking = true;
            x.leeftijd = Some(70)
        }),
        Mee
    );
    assert_eq!(
        n(&|x| {
            x.beperking = true;
            x.taal = Some("Turks".into())
        }),
        Mee
    );
    assert_eq!(
        n(&|x| {
            x.taal = Some("Turks".into());
            x.leeftijd = Some(72)
        }),
        AllochtoneZorgconsulent
    );
    assert_eq!(
        n(&|x| {
            x.taal = Some("Tigrinya".into());
            x.jeugd_gezin = true
        }),
        Vetc
    );
    assert_eq!(
        n(&|x| {
            x.taal = Some("Arabisch".into());
            x.leeftijd = Some(15)
        }),
        Vetc
    );
    assert_eq!(
        n(&|x| {
            x.leeftijd = Some(70);
            x.levensdomeinen = 5
        }),
        Ouderenadviseur
    );
    assert_eq!(
        n(&|x| {
            x.leeftijd = Some(70);
            x.jeugd_gezin = true
        }),
        Ouderenadviseur
    );
    assert_eq!(n(&|x| { x.leeftijd = Some(16) }), WijTeam);
    // Every rule that applies is offered, best first, the fallback last.
    let all = suggestions(&HandoffNeeds { leeftijd: Some(70), beperking: true, ..needs() });
    let kinds: Vec<_> = all.iter().map(|s| s.soort).collect();
    assert_eq!(kinds, vec![Mee, Ouderenadviseur, Seniorenvoorlichter, Amw, WijTeam]);
}

#[test]
fn candidates_prefer_the_clients_language_and_gemeente() {
    let all = demo_ondersteuners();
    let n = HandoffNeeds { taal: Some("Turks".into()), gemeente: Some("Groningen".into()), ..needs() };
    let c = candidates(&all, suggest(&n).soort, &n);
    assert_eq!(c[0].id, "grn-azc-1");
    let n = HandoffNeeds { taal: Some("pools".into()), gemeente: Some("Winsum".into()), ..needs() };
    let c = candidates(&all, suggest(&n).soort, &n);
    assert_eq!(c.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), vec!["hgl-azc-1"]);
}

// ───────────────────────────── double booking ─────────────────────────────

#[test]
fn two_threads_racing_for_one_slot_exactly_one_wins() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(SledStore::open(dir.path()).unwrap());
    let mee = ond("prv-mee-1");
    let slots = free_slots(&mee, &[], monday(), 120, Plek::Balie, None, 50);
    assert_eq!(slots.len(), 50);
    let mut next_case = 1u64;
    for slot in slots {
        let barrier = Arc::new(Barrier::new(2));
        let mut handles = Vec::new();
        for _ in 0..2 {
            let (store, barrier, slot) = (Arc::clone(&store), Arc::clone(&barrier), slot.clone());
            let case = Case::new(
                next_case,
                next_case,
                &slot.ondersteuner_id,
                Route::Clientondersteuning,
                "vraag",
                true,
                monday(),
            );
            next_case += 1;
            handles.push(thread::spawn(move || {
                barrier.wait();
                (case.id, book(store.as_ref(), &slot, &case).unwrap())
            }));
        }
        let results: Vec<(u64, BookResult)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
        let winners: Vec<u64> =
            results.iter().filter(|(_, r)| matches!(r, BookResult::Booked(_))).map(|(id, _)| *id).collect();
        assert_eq!(winners.len(), 1, "{results:?}");
        assert_eq!(results.iter().filter(|(_, r)| *r == BookResult::Taken).count(), 1);
    }
    let cases = load_cases(store.as_ref()).unwrap();
    assert_eq!(cases.len(), 50, "only winners write a case");
    let starts: HashSet<NaiveDateTime> = cases.iter().map(|c| c.afspraak.as_ref().unwrap().start).collect();
    assert_eq!(starts.len(), 50);
    assert_eq!(booked_starts(store.as_ref(), &mee.id).unwrap().len(), 50);
}

// ───────────────────────────── Wmo clocks ─────────────────────────────

#[test]
fn wmo_clock_dates_and_overdue() {
    let mut k = WmoKlok::new(d(2026, 11, 24));
    assert_eq!(k.persoonlijk_plan_uiterlijk(), d(2026, 12, 1), "7 days");
    assert_eq!(k.onderzoek_uiterlijk(), d(2027, 1, 5), "6 weeks");
    k.aanvraag = Some(d(2027, 1, 6));
    assert_eq!(k.beschikking_uiterlijk(), Some(d(2027, 1, 20)), "2 weeks");

    let mut c = Case::new(
        5,
        6,
        "grn-wmo-1",
        Route::WmoMelding,
        "melding hulp bij het huishouden",
        true,
        dt(2026, 11, 24, 10, 0),
    );
    assert_eq!(c.wmo.unwrap().melding, d(2026, 11, 24));
    assert_eq!(c.next_deadline(), Some(d(2027, 1, 5)));
    assert!(c.overdue(d(2027, 1, 5)).is_empty());
    assert_eq!(c.overdue(d(2027, 1, 7)).len(), 1);
    c.wmo = Some(WmoKlok { onderzoek_afgerond: Some(d(2027, 1, 4)), ..k });
    assert!(c.overdue(d(2027, 1, 20)).is_empty());
    let late = c.overdue(d(2027, 1, 21));
    assert!(late.len() == 1 && late[0].contains("beschikking"), "{late:?}");
    c.go_to(Stap::SteunRealisatie, dt(2027, 2, 1, 9, 0)).unwrap();
    assert_eq!(c.evaluatie_uiterlijk(), Some(d(2027, 5, 1)));
}

// ───────────────────────────── iCalendar and confirmation ─────────────────────────────

fn booked_case() -> (Case, Slot, Clientondersteuner) {
    let mee = ond("prv-mee-1");
    let slot = free_slots(&mee, &[], monday(), 14, Plek::Balie, Some("Winsum"), 1).remove(0);
    let mut case = Case::new(
        42,
        7,
        &mee.id,
        Route::Clientondersteuning,
        "Mevrouw (82) wil thuis blijven wonen; valt vaak, zoon woont ver weg; vraagt naar \
         hulpmiddelen, dagbesteding en vervoer. Gegeven: folder Wmo; verwezen: geen.\nOpgelet: \\ teken.",
        true,
        monday(),
    );
    case.afspraak = Some(slot.clone());
    (case, slot, mee)
}

#[test]
fn ics_parses_with_a_real_icalendar_parser() {
    let (case, slot, mee) = booked_case();
    let text = afspraak_ics(&case, &slot, &mee, dt(2026, 11, 23, 7, 5));
    assert!(text.ends_with("\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        assert!(!line.contains('\n'));
    }
    let mut parser = ical::IcalParser::new(BufReader::new(text.as_bytes()));
    let cal = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none());
    assert_eq!(cal.timezones.len(), 1);
    assert_eq!(cal.events.len(), 1);
    let prop =
        |name: &str| cal.events[0].properties.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(prop("DTSTART").value.as_deref(), Some("20261124T090000"));
    assert_eq!(prop("DTEND").value.as_deref(), Some("20261124T100000"));
    let tzid = prop("DTSTART").params.clone().unwrap();
    assert_eq!(tzid, vec![("TZID".to_string(), vec!["Europe/Amsterdam".to_string()])]);
    assert_eq!(prop("DTSTAMP").value.as_deref(), Some("20261123T070500Z"));
    assert!(prop("UID").value.as_deref().unwrap().contains("42"));
    assert!(prop("LOCATION").value.as_deref().unwrap().contains("Winsum"));
    let desc = prop("DESCRIPTION").value.clone().unwrap();
    assert!(desc.contains("valt vaak\\, zoon") && desc.contains("\\n") && desc.contains("\\\\ teken"), "{desc}");
    let version = cal.properties.iter().find(|p| p.name == "VERSION").unwrap();
    assert_eq!(version.value.as_deref(), Some("2.0"));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
}

#[test]
fn anonymous_handoff_keeps_the_summary_out_of_the_ics() {
    let (mut case, slot, mee) = booked_case();
    case.consent = false;
    case.anoniem = true;
    let text = afspraak_ics(&case, &slot, &mee, dt(2026, 11, 23, 7, 5));
    assert!(!text.contains("valt vaak"));
    assert!(text.contains("Anonieme overdracht"));
}

#[test]
fn confirmation_for_the_caller() {
    let (_, slot, mee) = booked_case();
    let t = bevestiging(&slot, &mee, &[]);
    assert!(t.contains("dinsdag 24 november 2026 om 09:00 (tot 10:00)"), "{t}");
    assert!(t.contains("Loket Winsum"));
    assert!(t.contains("Jorrit Wiersema, MEE-consulent (MEE Groningen)"));
    assert!(t.contains("identiteitsbewijs"));
    let own = bevestiging(&slot, &mee, &["de brief van het CIZ".to_string()]);
    assert!(own.contains("- de brief van het CIZ") && !own.contains("identiteitsbewijs"));
}

// ───────────────────────────── the whole handoff ─────────────────────────────

#[test]
fn handoff_from_needs_to_booked_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let all = demo_ondersteuners();
    let n = HandoffNeeds { leeftijd: Some(81), gemeente: Some("Ulrum".into()), levensdomeinen: 2, ..needs() };
    let s = suggest(&n);
    assert_eq!(s.soort, OndersteunerSoort::Ouderenadviseur);
    let onds = candidates(&all, s.soort, &n);
    let now = dt(2026, 11, 23, 11, 50);
    let slots =
        earliest_slots(&onds, |id| booked_starts(&store, id).unwrap(), now, 21, Plek::Balie, n.gemeente.as_deref(), 5);
    assert_eq!(slots[0].ondersteuner_id, "hgl-oa-1");
    assert_eq!(slots[0].start, dt(2026, 11, 25, 9, 0), "Monday's last slot has begun; Wednesday in Ulrum");
    let case = Case::new(100, 55, &slots[0].ondersteuner_id, Route::Clientondersteuning, "samenvatting", true, now);
    let BookResult::Booked(saved) = book(&store, &slots[0], &case).unwrap() else { panic!("free slot") };
    assert_eq!(load_cases(&store).unwrap(), vec![*saved]);
    let again =
        earliest_slots(&onds, |id| booked_starts(&store, id).unwrap(), now, 21, Plek::Balie, n.gemeente.as_deref(), 5);
    assert_eq!(again[0].start, dt(2026, 11, 25, 9, 45));
}

//! The records of the golden fixture `tests/fixtures/pg_v7.sql`: a PostgreSQL database at schema
//! version 7 (contacts and dossiers as bincode blobs), written by loket's own code at that
//! version (`tests/fixtures/maak_pg_v7.sh`), and what every record must read as after any
//! upgrade of the schema. Never change these values: the fixture was made from them.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use loket::domain::bewaren;
use loket::domain::case::{Case, Notitie, Route, Signaal, Stap, WmoKlok};
use loket::domain::contact::{
    Afhandeling, ClientGegevens, Contact, HulpVoor, Kanaal, Levensdomein, Link, LinkSoort, RuweInvoer, Signaalvraag,
    Status, TriageBesluit, Uitkomst, Vrager,
};
use loket::domain::kaart::Wet;
use loket::domain::ondersteuning::Plek;
use loket::domain::slots::Slot;
use loket::store::{BookResult, Booking, Store};

/// The BSN of the fixture's clients (passes the elfproef), sealed in the fixture with
/// [`super::TEST_BSN_KEY`].
pub const BSN: &str = "111222333";

fn dag(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn t(d: u32, h: u32, m: u32) -> NaiveDateTime {
    dag(d).and_hms_opt(h, m, 0).unwrap()
}

fn slot(sup: &str, d: u32, h: u32) -> Slot {
    Slot {
        ondersteuner_id: sup.into(),
        start: t(d, h, 0),
        eind: t(d, h, 0) + Duration::minutes(45),
        locatie: "Wijkcentrum De Wending".into(),
        plek: Plek::Balie,
    }
}

fn besluit(uitkomst: Uitkomst, reden: &str) -> Option<TriageBesluit> {
    Some(TriageBesluit { uitkomst, suggestie: Uitkomst::Complex, reden_afwijking: reden.into() })
}

/// Contact 1: a draft with everything a desk can type, a sealed BSN included.
pub fn contact_1() -> Contact {
    let mut c = Contact::new(1, Kanaal::Balie, t(2, 9, 0));
    c.vrager = Vrager::Mantelzorger;
    c.vraag = "Mijn moeder valt vaak; kan iemand helpen met het huishouden?".into();
    c.levensdomeinen = vec![Levensdomein::Zorg, Levensdomein::Wonen, Levensdomein::Mantelzorg];
    c.wetten = vec![Wet::Wmo, Wet::Wlz];
    c.client = ClientGegevens {
        naam: "Fatima el Amrani".into(),
        geboortejaar: Some(1948),
        gemeente: "Groningen".into(),
        wijk: "Oosterpark".into(),
        telefoon: "06-12345678".into(),
        bsn: Some(BSN.into()),
        taal: "Arabisch".into(),
    };
    c.checklist.meerdere_vragen = true;
    c.checklist.mantelzorger_overbelast = true;
    c.hulp_voor = HulpVoor::Ouder;
    c.hulp_voor_leeftijd = Some(78);
    c.ruwe_invoer = vec![
        RuweInvoer { veld: "geboortejaar".into(), tekst: "ong. 1948".into() },
        RuweInvoer { veld: "telefoon".into(), tekst: "050-31 ..".into() },
    ];
    c.signaalvragen = vec![Signaalvraag {
        soort: "huiselijk_geweld".into(),
        gevonden: "hij slaat".into(),
        ja: false,
        op: t(2, 9, 5),
        door: "Anna Balie".into(),
    }];
    c.medewerker = "Anna Balie".into();
    c.bijgewerkt = t(2, 9, 10);
    c.rev = 1;
    c
}

/// Contact 2: closed with a call-back, links, an overridden triage, pointed to support.
pub fn contact_2() -> Contact {
    let mut c = Contact::new(2, Kanaal::Telefoon, t(3, 11, 0));
    c.vraag = "Vraag over de regiotaxi".into();
    c.levensdomeinen = vec![Levensdomein::Vervoer];
    c.wetten = vec![Wet::Wmo];
    c.client.naam = "Jan de Vries".into();
    c.client.telefoon = "050-3111111".into();
    c.links = vec![
        Link {
            entry_id: "v-regiotaxi".into(),
            naam: "Regiotaxi Groningen".into(),
            soort: LinkSoort::InformatieGegeven,
            indicatie: false,
        },
        Link {
            entry_id: "v-rolstoel".into(),
            naam: "Rolstoelvoorziening".into(),
            soort: LinkSoort::VerwezenNaar,
            indicatie: true,
        },
    ];
    c.checklist.indicatie_nodig = true;
    c.checklist.urgent = true;
    c.besluit = besluit(Uitkomst::Enkelvoudig, "alleen informatie gevraagd");
    c.gewezen_op_clientondersteuning = true;
    c.mantelzorger_gewezen = true;
    c.afhandeling = Some(Afhandeling::Terugbelverzoek { wanneer: t(4, 14, 30), gedaan: false });
    c.status = Status::Afgesloten;
    c.einde = Some(t(3, 11, 20));
    c.bijgewerkt = t(3, 11, 20);
    c.medewerker = "Bert Balie".into();
    c.hulp_voor = HulpVoor::Partner;
    c.rev = 2;
    c
}

/// Contact 3: closed, anonymous, an unmet need with its domain.
pub fn contact_3() -> Contact {
    let mut c = Contact::new(3, Kanaal::Email, t(4, 8, 0));
    c.vrager = Vrager::Professional;
    c.vraag = "Maaltijden in het weekend".into();
    c.besluit = besluit(Uitkomst::Enkelvoudig, "");
    c.afhandeling = Some(Afhandeling::GeenPassendAanbod {
        wat: "maaltijdservice in het weekend".into(),
        domein: Some(Levensdomein::Zorg),
    });
    c.status = Status::Afgesloten;
    c.einde = Some(t(4, 8, 15));
    c.bijgewerkt = t(4, 8, 15);
    c.medewerker = "Anna Balie".into();
    c.hulp_voor = HulpVoor::Ander;
    c.hulp_voor_leeftijd = Some(9);
    c.rev = 1;
    c
}

fn doorgezet(id: u64, af: Afhandeling, naam: &str) -> Contact {
    let mut c = Contact::new(id, Kanaal::Huisbezoek, t(5, 10, 0));
    c.vraag = format!("Meerdere vragen van {naam}");
    c.levensdomeinen = vec![Levensdomein::Zorg, Levensdomein::Financien];
    c.client.naam = naam.into();
    c.client.telefoon = "06-98765432".into();
    c.client.bsn = Some(BSN.into());
    c.client.geboortejaar = Some(1950);
    c.checklist.meerdere_vragen = true;
    c.checklist.niet_zelfredzaam = true;
    c.besluit = besluit(Uitkomst::Complex, "");
    c.afhandeling = Some(af);
    c.medewerker = "Anna Balie".into();
    c.status = Status::Afgesloten;
    c.einde = Some(t(5, 10, 30));
    c.bijgewerkt = t(5, 10, 30);
    c.rev = 2;
    c
}

/// Contact 4: handed to the backoffice (dossier 1).
pub fn contact_4() -> Contact {
    doorgezet(4, Afhandeling::Backoffice, "Kees Jansen")
}

/// Contact 5: a Wmo melding (dossier 2).
pub fn contact_5() -> Contact {
    doorgezet(5, Afhandeling::MeldingWmo, "Ria Bakker")
}

/// Contact 6: handed off anonymously (dossier 3 holds no link to it).
pub fn contact_6() -> Contact {
    let mut c = doorgezet(6, Afhandeling::Backoffice, "");
    c.client = ClientGegevens::default();
    c
}

/// Contact 7: closed, then erased (its personal fields empty for good).
pub fn contact_7() -> Contact {
    let mut c = contact_7_voor_wissen();
    bewaren::anonimiseer_contact(&mut c);
    c.rev = 2;
    c
}

fn contact_7_voor_wissen() -> Contact {
    let mut c = Contact::new(7, Kanaal::Balie, t(6, 9, 0));
    c.vraag = "Vraag over schuldhulp".into();
    c.client.naam = "Piet Wis".into();
    c.client.bsn = Some(BSN.into());
    c.ruwe_invoer = vec![RuweInvoer { veld: "telefoon".into(), tekst: "06-".into() }];
    c.signaalvragen = vec![Signaalvraag {
        soort: "zelfdoding".into(),
        gevonden: "het hoeft niet meer".into(),
        ja: false,
        op: t(6, 9, 3),
        door: "Bert Balie".into(),
    }];
    c.besluit = besluit(Uitkomst::Enkelvoudig, "bekend bij schuldhulp");
    c.afhandeling = Some(Afhandeling::InformatieGegeven);
    c.status = Status::Afgesloten;
    c.einde = Some(t(6, 9, 20));
    c.bijgewerkt = t(6, 9, 20);
    c.medewerker = "Bert Balie".into();
    c.hulp_voor_leeftijd = Some(44);
    c.rev = 1;
    c
}

pub fn contacten() -> Vec<Contact> {
    vec![contact_1(), contact_2(), contact_3(), contact_4(), contact_5(), contact_6(), contact_7()]
}

fn case_van(c: &Contact, route: Route, consent: bool) -> Case {
    let mut k = Case::new(0, c.id, "", route, "Hulp voor: zichzelf\nvalt vaak, schulden", consent, t(5, 10, 30));
    k.aangemaakt_door = "Anna Balie".into();
    k.bijgewerkt_door = "Anna Balie".into();
    if consent {
        k.client = Some(ClientGegevens { bsn: None, ..c.client.clone() });
    }
    k
}

/// Dossier 1 as the handoff of contact 4 makes it.
fn dossier_1_bij_overdracht() -> Case {
    case_van(&contact_4(), Route::Clientondersteuning, true)
}

/// Dossier 1: steps taken, notes and signals written, booked.
pub fn dossier_1() -> Case {
    let mut k = dossier_1_bij_overdracht();
    k.id = 1;
    k.contact_id = 4;
    k.ondersteuner_id = "grn-oa-1".into();
    k.afspraak = Some(slot("grn-oa-1", 10, 9));
    k.stap = Stap::SteunRealisatie;
    k.notities = vec![
        Notitie {
            stap: Stap::Vraagverheldering,
            op: t(10, 10, 0),
            tekst: "Eerste gesprek gehad.".into(),
            door: "Olga OA".into(),
        },
        Notitie {
            stap: Stap::KeuzeInformatie,
            op: t(12, 15, 0),
            tekst: "Folder thuiszorg gegeven.".into(),
            door: "".into(),
        },
    ];
    k.volgende_actie = Some(dag(20));
    k.signalen = vec![Signaal { datum: dag(12), tekst: "Wachtlijst thuiszorg 8 weken".into() }];
    k.steun_gestart = Some(dag(12));
    k.bijgewerkt_door = "Olga OA".into();
    k.rev = 2;
    k
}

fn dossier_2_bij_overdracht() -> Case {
    case_van(&contact_5(), Route::WmoMelding, true)
}

/// Dossier 2: a Wmo melding with its clock, the appointment moved once.
pub fn dossier_2() -> Case {
    let mut k = dossier_2_bij_overdracht();
    k.id = 2;
    k.contact_id = 5;
    k.ondersteuner_id = "grn-oa-2".into();
    k.afspraak = Some(Slot { plek: Plek::Thuis, locatie: "bij de cliënt thuis".into(), ..slot("grn-oa-2", 11, 13) });
    k.afspraak_volgnummer = 1;
    k.wmo = Some(WmoKlok {
        melding: dag(5),
        aanvraag: Some(dag(16)),
        onderzoek_afgerond: Some(dag(15)),
        beschikking: None,
    });
    k.stap = Stap::Indicatieprocedure;
    k.rev = 3;
    k
}

fn dossier_3_bij_overdracht() -> Case {
    case_van(&contact_6(), Route::Wijkteam, false)
}

/// Dossier 3: anonymous, its appointment cancelled, closed and then erased.
pub fn dossier_3() -> Case {
    let mut k = dossier_3_bij_overdracht();
    k.id = 3;
    k.contact_id = 0;
    k.ondersteuner_id = "grn-oa-1".into();
    k.afspraak = None;
    k.afspraak_volgnummer = 1;
    k.stap = Stap::Afgesloten;
    k.notities = vec![Notitie { stap: Stap::Evaluatie, op: t(20, 9, 0), tekst: String::new(), door: "Olga OA".into() }];
    k.signalen = vec![Signaal { datum: dag(20), tekst: String::new() }];
    bewaren::anonimiseer_dossier(&mut k);
    k.rev = 3;
    k
}

pub fn dossiers() -> Vec<Case> {
    vec![dossier_1(), dossier_2(), dossier_3()]
}

pub fn boekingen() -> Vec<Booking> {
    let b = |k: &Case, door: &str| {
        let s = k.afspraak.clone().unwrap();
        Booking { ondersteuner_id: s.ondersteuner_id, start: s.start, eind: s.eind, case_id: k.id, door: door.into() }
    };
    vec![b(&dossier_1(), "Anna Balie"), b(&dossier_2(), "Anna Balie")]
}

fn concept(c: &Contact) -> Contact {
    let mut d = c.clone();
    d.status = Status::Concept;
    d.einde = None;
    d.afhandeling = None;
    d.rev = 0;
    d
}

fn booked(r: BookResult) -> Case {
    match r {
        BookResult::Booked(k) => *k,
        BookResult::Taken => panic!("the slot was taken"),
    }
}

/// Write the records above through `store`, the way the desk writes them (drafts, closing,
/// handoffs, rebooking, erasure); then check they read back as above.
pub fn schrijf(store: &dyn Store) {
    for want in contacten() {
        assert_eq!(store.new_contact_id().unwrap(), want.id);
    }
    // 1: a draft saved once
    let mut c = contact_1();
    c.rev = 0;
    store.save_contact(&c).unwrap();
    // 2: a draft, then closed
    let mut c = concept(&contact_2());
    c.rev = store.save_contact(&c).unwrap();
    let mut closed = contact_2();
    closed.rev = c.rev;
    store.save_contact(&closed).unwrap();
    // 3: closed in one save
    let mut c = contact_3();
    c.rev = 0;
    store.save_contact(&c).unwrap();
    // 4: handed off to the backoffice, then the dossier followed up
    let mut c = concept(&contact_4());
    let mut closed = contact_4();
    closed.rev = store.save_contact(&c).unwrap();
    let k = booked(store.handoff(&closed, &dossier_1_bij_overdracht(), &slot("grn-oa-1", 10, 9)).unwrap());
    let mut verder = dossier_1();
    verder.rev = k.rev;
    store.save_case(&verder).unwrap();
    // 5: a Wmo melding, its clock running, the appointment moved
    c = concept(&contact_5());
    closed = contact_5();
    closed.rev = store.save_contact(&c).unwrap();
    let k = booked(store.handoff(&closed, &dossier_2_bij_overdracht(), &slot("grn-oa-2", 10, 9)).unwrap());
    let mut verder = k.clone();
    verder.wmo = dossier_2().wmo;
    verder.stap = Stap::Indicatieprocedure;
    verder.rev = store.save_case(&verder).unwrap();
    let nieuw = dossier_2().afspraak.unwrap();
    booked(store.rebook(&verder, Some(&nieuw)).unwrap());
    // 6: handed off anonymously; the appointment cancelled; the dossier closed and erased
    c = concept(&contact_6());
    closed = contact_6();
    closed.rev = store.save_contact(&c).unwrap();
    let k = booked(store.handoff(&closed, &dossier_3_bij_overdracht(), &slot("grn-oa-1", 10, 10)).unwrap());
    let k = booked(store.rebook(&k, None).unwrap());
    let mut verder = dossier_3();
    verder.rev = k.rev;
    store.save_case(&verder).unwrap();
    // 7: closed, then erased
    let mut c = contact_7_voor_wissen();
    c.rev = 0;
    let rev = store.save_contact(&c).unwrap();
    let mut gewist = contact_7();
    gewist.rev = rev;
    store.save_contact(&gewist).unwrap();

    controleer(store);
}

/// Every record reads back as above (the BSN opened with the test key), and the bookings are
/// the dossiers' appointments.
pub fn controleer(store: &dyn Store) {
    let contacts = store.contacts().unwrap();
    assert!(contacts.skipped.is_empty(), "{:?}", contacts.skipped);
    for want in contacten() {
        let got = store.contact(want.id).unwrap().unwrap_or_else(|| panic!("contact {} missing", want.id));
        assert_eq!(got, want, "contact {}", want.id);
        assert_eq!(contacts.value.iter().find(|c| c.id == want.id), Some(&want), "contact {} in the list", want.id);
    }
    let cases = store.cases().unwrap();
    assert!(cases.skipped.is_empty(), "{:?}", cases.skipped);
    for want in dossiers() {
        let got = store.case(want.id).unwrap().unwrap_or_else(|| panic!("dossier {} missing", want.id));
        assert_eq!(got, want, "dossier {}", want.id);
        assert_eq!(cases.value.iter().find(|c| c.id == want.id), Some(&want), "dossier {} in the list", want.id);
    }
    assert_eq!(store.bookings().unwrap().value, boekingen());
}

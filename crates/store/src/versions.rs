//! Every stored type, its current version, and how each older version is read.
//!
//! The frozen shapes below are copies of what older lokets wrote; never change them. When a
//! stored type changes, copy its old shape here, raise its version and add the step.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::codec::{bin, CodecError, Stored};
use loket_domain::case::{Case, Notitie, Route, Signaal, Stap, WmoKlok};
use loket_domain::contact::{
    Afhandeling, ClientGegevens, Contact, HulpVoor, Kanaal, Levensdomein, Link, RuweInvoer, Status, TriageBesluit,
    TriageChecklist, Vrager,
};
use loket_domain::kaart::{Adres, Bron, Contactpersoon, Organisatie, Regeling, Telefoon, Voorziening, Wet};
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::slots::Slot;

/// Organisatie, version 1 (loket up to cfee564): no contact person.
#[derive(Deserialize)]
struct OrganisatieV1 {
    id: String,
    naam: String,
    beschrijving: String,
    website: String,
    email: String,
    telefoon: Vec<Telefoon>,
    adres: Adres,
    gemeente: String,
    bron: Bron,
}

impl Stored for Organisatie {
    const KIND: &'static str = "organisatie";
    /// 2: contactpersoon (the provider's contact for the map's upkeep).
    const VERSION: u16 = 2;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                let o: OrganisatieV1 = bin(payload)?;
                Ok(Organisatie {
                    id: o.id,
                    naam: o.naam,
                    beschrijving: o.beschrijving,
                    website: o.website,
                    email: o.email,
                    telefoon: o.telefoon,
                    adres: o.adres,
                    gemeente: o.gemeente,
                    bron: o.bron,
                    contactpersoon: Contactpersoon::default(),
                })
            }
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
}
impl Stored for Voorziening {
    const KIND: &'static str = "voorziening";
    const VERSION: u16 = 1;
}
impl Stored for Regeling {
    const KIND: &'static str = "regeling";
    const VERSION: u16 = 1;
}
impl Stored for Clientondersteuner {
    const KIND: &'static str = "cliëntondersteuner";
    const VERSION: u16 = 1;
}

/// Contact, version 1 (loket up to 3a9be29): no worker, no "help for", no raw input.
#[derive(Deserialize)]
struct ContactV1 {
    id: u64,
    kanaal: Kanaal,
    start: NaiveDateTime,
    einde: Option<NaiveDateTime>,
    vrager: Vrager,
    vraag: String,
    levensdomeinen: Vec<Levensdomein>,
    wetten: Vec<Wet>,
    client: ClientGegevens,
    links: Vec<Link>,
    checklist: TriageChecklist,
    besluit: Option<TriageBesluit>,
    gewezen_op_clientondersteuning: bool,
    mantelzorger_gewezen: bool,
    afhandeling: Option<Afhandeling>,
    status: Status,
    bijgewerkt: NaiveDateTime,
}

/// Contact, version 2 (loket up to issue 21): no answers to the doorvragen prompt.
#[derive(Deserialize)]
struct ContactV2 {
    id: u64,
    kanaal: Kanaal,
    start: NaiveDateTime,
    einde: Option<NaiveDateTime>,
    vrager: Vrager,
    vraag: String,
    levensdomeinen: Vec<Levensdomein>,
    wetten: Vec<Wet>,
    client: ClientGegevens,
    links: Vec<Link>,
    checklist: TriageChecklist,
    besluit: Option<TriageBesluit>,
    gewezen_op_clientondersteuning: bool,
    mantelzorger_gewezen: bool,
    afhandeling: Option<Afhandeling>,
    status: Status,
    bijgewerkt: NaiveDateTime,
    medewerker: String,
    hulp_voor: HulpVoor,
    hulp_voor_leeftijd: Option<u8>,
    ruwe_invoer: Vec<RuweInvoer>,
}

impl Stored for Contact {
    const KIND: &'static str = "contact";
    /// 2: medewerker, hulp_voor, hulp_voor_leeftijd, ruwe_invoer.
    /// 3: signaalvragen (the answers to the doorvragen prompt, issue 21).
    const VERSION: u16 = 3;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            2 => {
                let o: ContactV2 = bin(payload)?;
                Ok(Contact {
                    id: o.id,
                    kanaal: o.kanaal,
                    start: o.start,
                    einde: o.einde,
                    vrager: o.vrager,
                    vraag: o.vraag,
                    levensdomeinen: o.levensdomeinen,
                    wetten: o.wetten,
                    client: o.client,
                    links: o.links,
                    checklist: o.checklist,
                    besluit: o.besluit,
                    gewezen_op_clientondersteuning: o.gewezen_op_clientondersteuning,
                    mantelzorger_gewezen: o.mantelzorger_gewezen,
                    afhandeling: o.afhandeling,
                    status: o.status,
                    bijgewerkt: o.bijgewerkt,
                    medewerker: o.medewerker,
                    hulp_voor: o.hulp_voor,
                    hulp_voor_leeftijd: o.hulp_voor_leeftijd,
                    ruwe_invoer: o.ruwe_invoer,
                    signaalvragen: Vec::new(),
                    rev: 0,
                })
            }
            1 => {
                let o: ContactV1 = bin(payload)?;
                Ok(Contact {
                    id: o.id,
                    kanaal: o.kanaal,
                    start: o.start,
                    einde: o.einde,
                    vrager: o.vrager,
                    vraag: o.vraag,
                    levensdomeinen: o.levensdomeinen,
                    wetten: o.wetten,
                    client: o.client,
                    links: o.links,
                    checklist: o.checklist,
                    besluit: o.besluit,
                    gewezen_op_clientondersteuning: o.gewezen_op_clientondersteuning,
                    mantelzorger_gewezen: o.mantelzorger_gewezen,
                    afhandeling: o.afhandeling,
                    status: o.status,
                    bijgewerkt: o.bijgewerkt,
                    medewerker: String::new(),
                    hulp_voor: HulpVoor::Zelf,
                    hulp_voor_leeftijd: None,
                    ruwe_invoer: Vec::new(),
                    signaalvragen: Vec::new(),
                    rev: 0,
                })
            }
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
}

/// Case before the field `client` (written with format 1 too, so it shares version 1).
#[derive(Deserialize)]
struct CaseV0 {
    id: u64,
    contact_id: u64,
    ondersteuner_id: String,
    aangemaakt: NaiveDateTime,
    afspraak: Option<Slot>,
    stap: Stap,
    notities: Vec<(Stap, NaiveDateTime, String)>,
    volgende_actie: Option<NaiveDate>,
    signalen: Vec<Signaal>,
    wmo: Option<WmoKlok>,
    steun_gestart: Option<NaiveDate>,
    consent: bool,
    anoniem: bool,
    samenvatting: String,
    route: Route,
}

/// Case, version 1 (loket up to 3a9be29).
#[derive(Deserialize)]
struct CaseV1 {
    id: u64,
    contact_id: u64,
    ondersteuner_id: String,
    aangemaakt: NaiveDateTime,
    afspraak: Option<Slot>,
    stap: Stap,
    notities: Vec<(Stap, NaiveDateTime, String)>,
    volgende_actie: Option<NaiveDate>,
    signalen: Vec<Signaal>,
    wmo: Option<WmoKlok>,
    steun_gestart: Option<NaiveDate>,
    consent: bool,
    anoniem: bool,
    samenvatting: String,
    route: Route,
    client: Option<ClientGegevens>,
}

impl From<CaseV0> for CaseV1 {
    fn from(o: CaseV0) -> CaseV1 {
        CaseV1 {
            id: o.id,
            contact_id: o.contact_id,
            ondersteuner_id: o.ondersteuner_id,
            aangemaakt: o.aangemaakt,
            afspraak: o.afspraak,
            stap: o.stap,
            notities: o.notities,
            volgende_actie: o.volgende_actie,
            signalen: o.signalen,
            wmo: o.wmo,
            steun_gestart: o.steun_gestart,
            consent: o.consent,
            anoniem: o.anoniem,
            samenvatting: o.samenvatting,
            route: o.route,
            client: None,
        }
    }
}

impl Stored for Case {
    const KIND: &'static str = "dossier";
    /// 2: notes with their author, aangemaakt_door, bijgewerkt_door, afspraak_volgnummer.
    const VERSION: u16 = 2;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                // Both the layout with `client` and the one from before it were written as 1.
                let o: CaseV1 = match bin::<CaseV1>(payload) {
                    Ok(o) => o,
                    Err(first) => bin::<CaseV0>(payload).map(CaseV1::from).map_err(|_| first)?,
                };
                Ok(Case {
                    id: o.id,
                    contact_id: o.contact_id,
                    ondersteuner_id: o.ondersteuner_id,
                    aangemaakt: o.aangemaakt,
                    afspraak: o.afspraak,
                    stap: o.stap,
                    notities: o
                        .notities
                        .into_iter()
                        .map(|(stap, op, tekst)| Notitie { stap, op, tekst, door: String::new() })
                        .collect(),
                    volgende_actie: o.volgende_actie,
                    signalen: o.signalen,
                    wmo: o.wmo,
                    steun_gestart: o.steun_gestart,
                    consent: o.consent,
                    anoniem: o.anoniem,
                    samenvatting: o.samenvatting,
                    route: o.route,
                    client: o.client,
                    aangemaakt_door: String::new(),
                    bijgewerkt_door: String::new(),
                    afspraak_volgnummer: 0,
                    rev: 0,
                })
            }
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
}

/// One booked appointment of a supporter, as the embedded store keeps them (all of one
/// supporter under one key, so a transaction can check overlaps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub start: NaiveDateTime,
    pub eind: NaiveDateTime,
    pub case_id: u64,
    pub door: String,
}

/// The booked appointments of one supporter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims(pub Vec<Claim>);

impl Stored for Claims {
    const KIND: &'static str = "afspraken";
    const VERSION: u16 = 1;
}

// --- account (issue 13) ---
impl Stored for loket_domain::account::Account {
    const KIND: &'static str = "account";
    const VERSION: u16 = 1;
}
// --- beheer (issue 14) ---
impl Stored for loket_domain::beheer::Beheer {
    const KIND: &'static str = "kaartbeheer";
    const VERSION: u16 = 1;
}
impl Stored for loket_domain::beheer::Wijziging {
    const KIND: &'static str = "kaartwijziging";
    const VERSION: u16 = 1;
}

#[cfg(test)]
mod tests {
    //! Domain values through the stored format.

    use chrono::{NaiveDate, NaiveDateTime};
    use loket_domain::case::{Case, Route};
    use loket_domain::ondersteuning::{parse_ondersteuners, Clientondersteuner};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn at(date: NaiveDate) -> NaiveDateTime {
        date.and_hms_opt(10, 0, 0).unwrap()
    }

    const ONE: &str = r#"
[[ondersteuner]]
id = "t1"
naam = "Test Persoon"
organisatie = "Testorganisatie"
soort = "mee"
doelgroepen = ["beperking"]
talen = ["Pools"]
werkgebied = ["Het Hogeland"]
slot_minuten = 60
beschikbaarheid = [
  { dag = 1, van = "09:00", tot = "12:00", locatie = "Loket Winsum", plek = "balie" },
]
uitzonderingen = [
  { van = "2026-12-21", tot = "2027-01-01", reden = "kerstvakantie" },
]
"#;

    #[test]
    fn a_case_stores_with_bincode() {
        let mut c = Case::new(9, 2, "o", Route::WmoMelding, "vraag", true, at(d(2026, 11, 24)));
        c.add_note(at(d(2026, 11, 24)), "eerste gesprek");
        c.add_signaal(d(2026, 12, 1), "huishoudelijke hulp start te laat");
        let back: Case = crate::decode(&crate::encode(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn a_supporter_stores_with_bincode() {
        let v = parse_ondersteuners(ONE).unwrap();
        let bytes = crate::encode(&v[0]).unwrap();
        let back: Clientondersteuner = crate::decode(&bytes).unwrap();
        assert_eq!(back, v[0]);
    }
}

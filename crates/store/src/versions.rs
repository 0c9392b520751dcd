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
use loket_domain::hours::OpeningHours;
use loket_domain::kaart::{
    Adres, Bron, Contactpersoon, Doelgroep, Hsds, Kosten, Leeftijd, Locatie, Organisatie, Regeling, Telefoon, Toegang,
    Voorziening, Werkgebied, Wet,
};
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

/// Organisatie, version 2 (loket up to the source record kept on import): no
/// `ontbreekt_in_bron`, no `hsds`.
#[derive(Deserialize)]
struct OrganisatieV2 {
    id: String,
    naam: String,
    beschrijving: String,
    website: String,
    email: String,
    telefoon: Vec<Telefoon>,
    adres: Adres,
    gemeente: String,
    bron: Bron,
    contactpersoon: Contactpersoon,
}

impl From<OrganisatieV2> for Organisatie {
    fn from(o: OrganisatieV2) -> Organisatie {
        Organisatie {
            id: o.id,
            naam: o.naam,
            beschrijving: o.beschrijving,
            website: o.website,
            email: o.email,
            telefoon: o.telefoon,
            adres: o.adres,
            gemeente: o.gemeente,
            bron: o.bron,
            contactpersoon: o.contactpersoon,
            ontbreekt_in_bron: false,
            hsds: Hsds::default(),
        }
    }
}

impl Stored for Organisatie {
    const KIND: &'static str = "organisatie";
    /// 2: contactpersoon (the provider's contact for the map's upkeep).
    /// 3: ontbreekt_in_bron (a placeholder for a missing organisation), hsds (the source record).
    const VERSION: u16 = 3;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                let o: OrganisatieV1 = bin(payload)?;
                Ok(OrganisatieV2 {
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
                }
                .into())
            }
            2 => Ok(bin::<OrganisatieV2>(payload)?.into()),
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
}

/// Voorziening, version 1 (loket up to the source record kept on import): no `hsds`.
#[derive(Deserialize)]
struct VoorzieningV1 {
    id: String,
    organisatie_id: String,
    naam: String,
    beschrijving: String,
    categorie: String,
    trefwoorden: Vec<String>,
    taxonomie: Vec<String>,
    wet: Wet,
    toegang: Toegang,
    doelgroepen: Vec<Doelgroep>,
    leeftijd: Leeftijd,
    werkgebied: Werkgebied,
    locaties: Vec<Locatie>,
    openingstijden: OpeningHours,
    telefoon: Vec<Telefoon>,
    email: String,
    website: String,
    kosten: Kosten,
    wachttijd: String,
    aanvraag: String,
    documenten: Vec<String>,
    talen: Vec<String>,
    laatst_geverifieerd: Option<NaiveDate>,
    laatst_gewijzigd: Option<NaiveDate>,
    bron: Bron,
}

impl Stored for Voorziening {
    const KIND: &'static str = "voorziening";
    /// 2: hsds (the source record).
    const VERSION: u16 = 2;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                let v: VoorzieningV1 = bin(payload)?;
                Ok(Voorziening {
                    id: v.id,
                    organisatie_id: v.organisatie_id,
                    naam: v.naam,
                    beschrijving: v.beschrijving,
                    categorie: v.categorie,
                    trefwoorden: v.trefwoorden,
                    taxonomie: v.taxonomie,
                    wet: v.wet,
                    toegang: v.toegang,
                    doelgroepen: v.doelgroepen,
                    leeftijd: v.leeftijd,
                    werkgebied: v.werkgebied,
                    locaties: v.locaties,
                    openingstijden: v.openingstijden,
                    telefoon: v.telefoon,
                    email: v.email,
                    website: v.website,
                    kosten: v.kosten,
                    wachttijd: v.wachttijd,
                    aanvraag: v.aanvraag,
                    documenten: v.documenten,
                    talen: v.talen,
                    laatst_geverifieerd: v.laatst_geverifieerd,
                    laatst_gewijzigd: v.laatst_gewijzigd,
                    bron: v.bron,
                    hsds: Hsds::default(),
                })
            }
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
}

/// Regeling, version 1 (loket up to the source record kept on import): no `hsds`.
#[derive(Deserialize)]
struct RegelingV1 {
    id: String,
    naam: String,
    wet: Wet,
    artikel: String,
    beschrijving: String,
    voor_wie: String,
    toegang: Toegang,
    organisatie_id: String,
    waar_aanvragen: String,
    hoe_aanvragen: String,
    wat_zeggen: String,
    meegeven: String,
    documenten: Vec<String>,
    kosten: Kosten,
    doelgroepen: Vec<Doelgroep>,
    leeftijd: Leeftijd,
    werkgebied: Werkgebied,
    trefwoorden: Vec<String>,
    laatst_geverifieerd: Option<NaiveDate>,
    laatst_gewijzigd: Option<NaiveDate>,
    bron: Bron,
}

impl Stored for Regeling {
    const KIND: &'static str = "regeling";
    /// 2: hsds (the source record).
    const VERSION: u16 = 2;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                let r: RegelingV1 = bin(payload)?;
                Ok(Regeling {
                    id: r.id,
                    naam: r.naam,
                    wet: r.wet,
                    artikel: r.artikel,
                    beschrijving: r.beschrijving,
                    voor_wie: r.voor_wie,
                    toegang: r.toegang,
                    organisatie_id: r.organisatie_id,
                    waar_aanvragen: r.waar_aanvragen,
                    hoe_aanvragen: r.hoe_aanvragen,
                    wat_zeggen: r.wat_zeggen,
                    meegeven: r.meegeven,
                    documenten: r.documenten,
                    kosten: r.kosten,
                    doelgroepen: r.doelgroepen,
                    leeftijd: r.leeftijd,
                    werkgebied: r.werkgebied,
                    trefwoorden: r.trefwoorden,
                    laatst_geverifieerd: r.laatst_geverifieerd,
                    laatst_gewijzigd: r.laatst_gewijzigd,
                    bron: r.bron,
                    hsds: Hsds::default(),
                })
            }
            _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION }),
        }
    }
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
    checklist: TriageChecklistV1,
    besluit: Option<TriageBesluit>,
    gewezen_op_clientondersteuning: bool,
    mantelzorger_gewezen: bool,
    afhandeling: Option<Afhandeling>,
    status: Status,
    bijgewerkt: NaiveDateTime,
}

/// The triage checklist up to contact version 2: no item for an overloaded mantelzorger.
#[derive(Deserialize)]
struct TriageChecklistV1 {
    meerdere_vragen: bool,
    indicatie_nodig: bool,
    niet_zelfredzaam: bool,
    meer_tijd_nodig: bool,
    urgent: bool,
    gevaar: bool,
}

impl From<TriageChecklistV1> for TriageChecklist {
    fn from(o: TriageChecklistV1) -> TriageChecklist {
        TriageChecklist {
            meerdere_vragen: o.meerdere_vragen,
            indicatie_nodig: o.indicatie_nodig,
            niet_zelfredzaam: o.niet_zelfredzaam,
            meer_tijd_nodig: o.meer_tijd_nodig,
            urgent: o.urgent,
            gevaar: o.gevaar,
            mantelzorger_overbelast: false,
        }
    }
}

/// Contact, version 2 (loket up to the checklist item for an overloaded mantelzorger).
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
    checklist: TriageChecklistV1,
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

/// Contact, version 3 (loket up to the erasure mark): no `gewist`.
#[derive(Deserialize)]
struct ContactV3 {
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

/// Contact, version 4 (loket up to the answers to the doorvragen prompt): no `signaalvragen`.
#[derive(Deserialize)]
struct ContactV4 {
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
    gewist: bool,
}

impl From<ContactV1> for ContactV2 {
    fn from(o: ContactV1) -> ContactV2 {
        ContactV2 {
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
        }
    }
}

impl From<ContactV2> for ContactV3 {
    fn from(o: ContactV2) -> ContactV3 {
        ContactV3 {
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
            checklist: o.checklist.into(),
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
        }
    }
}

impl From<ContactV3> for ContactV4 {
    fn from(o: ContactV3) -> ContactV4 {
        ContactV4 {
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
            // erased before the mark existed: erasure emptied the client, the question and the
            // raw input; such a copy is read as not erased (nothing tells it apart from a blank)
            gewist: false,
        }
    }
}

impl From<ContactV4> for Contact {
    fn from(o: ContactV4) -> Contact {
        Contact {
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
            gewist: o.gewist,
            signaalvragen: Vec::new(),
            rev: 0,
        }
    }
}

impl Stored for Contact {
    const KIND: &'static str = "contact";
    /// 2: medewerker, hulp_voor, hulp_voor_leeftijd, ruwe_invoer.
    /// 3: checklist.mantelzorger_overbelast. 4: gewist (erasure mark).
    /// 5: signaalvragen (the worker's answers to the doorvragen prompt of a danger sign).
    const VERSION: u16 = 5;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => Ok(ContactV4::from(ContactV3::from(ContactV2::from(bin::<ContactV1>(payload)?))).into()),
            2 => Ok(ContactV4::from(ContactV3::from(bin::<ContactV2>(payload)?)).into()),
            3 => Ok(ContactV4::from(bin::<ContactV3>(payload)?).into()),
            4 => Ok(bin::<ContactV4>(payload)?.into()),
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

/// Case, version 2 (loket up to the erasure mark): no `gewist`.
#[derive(Deserialize)]
struct CaseV2 {
    id: u64,
    contact_id: u64,
    ondersteuner_id: String,
    aangemaakt: NaiveDateTime,
    afspraak: Option<Slot>,
    stap: Stap,
    notities: Vec<Notitie>,
    volgende_actie: Option<NaiveDate>,
    signalen: Vec<Signaal>,
    wmo: Option<WmoKlok>,
    steun_gestart: Option<NaiveDate>,
    consent: bool,
    anoniem: bool,
    samenvatting: String,
    route: Route,
    client: Option<ClientGegevens>,
    aangemaakt_door: String,
    bijgewerkt_door: String,
    afspraak_volgnummer: u32,
}

impl From<CaseV1> for CaseV2 {
    fn from(o: CaseV1) -> CaseV2 {
        CaseV2 {
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
        }
    }
}

impl From<CaseV2> for Case {
    fn from(o: CaseV2) -> Case {
        Case {
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
            client: o.client,
            aangemaakt_door: o.aangemaakt_door,
            bijgewerkt_door: o.bijgewerkt_door,
            afspraak_volgnummer: o.afspraak_volgnummer,
            // erased before the mark existed: read as not erased
            gewist: false,
            rev: 0,
        }
    }
}

impl Stored for Case {
    const KIND: &'static str = "dossier";
    /// 2: notes with their author, aangemaakt_door, bijgewerkt_door, afspraak_volgnummer.
    /// 3: gewist (erasure mark).
    const VERSION: u16 = 3;
    fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
        match version {
            1 => {
                // Both the layout with `client` and the one from before it were written as 1.
                let o: CaseV1 = match bin::<CaseV1>(payload) {
                    Ok(o) => o,
                    Err(first) => bin::<CaseV0>(payload).map(CaseV1::from).map_err(|_| first)?,
                };
                Ok(CaseV2::from(o).into())
            }
            2 => Ok(bin::<CaseV2>(payload)?.into()),
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

// --- account ---
impl Stored for loket_domain::account::Account {
    const KIND: &'static str = "account";
    const VERSION: u16 = 1;
}
// --- beheer ---
impl Stored for loket_domain::beheer::Beheer {
    const KIND: &'static str = "kaartbeheer";
    const VERSION: u16 = 1;
}
impl Stored for loket_domain::beheer::Wijziging {
    const KIND: &'static str = "kaartwijziging";
    const VERSION: u16 = 1;
}

// --- leefplan and opvolging ---
impl Stored for loket_domain::leefplan::Plan {
    const KIND: &'static str = "leefplan";
    const VERSION: u16 = 1;
}
impl Stored for loket_domain::opvolging::Verwijzingsopvolging {
    const KIND: &'static str = "opvolging";
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

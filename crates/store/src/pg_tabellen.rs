//! Contacts and dossiers as typed rows on PostgreSQL (schema step 8): a column per field, the
//! lists in child tables, enums as text with CHECK constraints, so the database itself refuses
//! what the domain would never store, and a DBA, a BI tool or `pg_dump` reads the records as they
//! are. (The embedded store keeps versioned bytes; these rows are PostgreSQL's own layout.)
//!
//! Step 8 moves the rows of step 7 (one bincode blob per record in a `data` column): SQL can't
//! read bincode, so loket decodes every blob inside the migration's transaction and writes the
//! typed rows; a blob it can't read is kept, with its id and the reason, in `onleesbaar` instead
//! of being lost, and named in the migration's report.

// the codes loket already writes in its report (the same words in both, kept forever)
use loket_domain::rapport::{afhandeling_code, kanaal_code, levensdomein_code as domein_code};
use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use postgres::types::ToSql;
use postgres::{GenericClient, Row};

use super::codec::{decode, CodecError};
use super::pg::db_err;
use super::{Result, StoreError};
use loket_domain::case::{Case, Notitie, Route, Signaal, Stap, WmoKlok};
use loket_domain::contact::{
    Afhandeling, ClientGegevens, Contact, HulpVoor, Kanaal, Levensdomein, Link, LinkSoort, RuweInvoer, Signaalvraag,
    Status, TriageBesluit, TriageChecklist, Uitkomst, Vrager,
};
use loket_domain::kaart::Wet;
use loket_domain::ondersteuning::Plek;
use loket_domain::slots::Slot;

/// Schema step 8. The old blob tables are renamed (only when they still hold blobs, so the step
/// can run again where its record in `loket_schema` was lost) and the typed tables made beside
/// them; [`stap_8_verhuizen`] then moves the rows and drops the old tables.
///
/// The enum codes in the CHECKs are the domain's serde names (see the `*_code` functions below;
/// `every_code_is_allowed_by_the_schema` checks they agree). Never change this step once shipped:
/// a new variant is a new step that replaces the CHECK.
pub const STAP_8: &str = r#"
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema = current_schema() AND table_name = 'contacten' AND column_name = 'data') THEN
        ALTER TABLE boekingen DROP CONSTRAINT IF EXISTS boekingen_dossier_id_fkey;
        ALTER TABLE contacten RENAME TO contacten_v7;
        ALTER TABLE contacten_v7 RENAME CONSTRAINT contacten_pkey TO contacten_v7_pkey;
        ALTER TABLE dossiers RENAME TO dossiers_v7;
        ALTER TABLE dossiers_v7 RENAME CONSTRAINT dossiers_pkey TO dossiers_v7_pkey;
    END IF;
END $$;

-- A record loket could not read when it moved it to the typed tables: kept byte for byte.
CREATE TABLE IF NOT EXISTS onleesbaar (
    tabel text NOT NULL,
    id bigint NOT NULL,
    reden text NOT NULL,
    data bytea NOT NULL,
    opgeborgen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tabel, id)
);

CREATE TABLE IF NOT EXISTS contacten (
    id bigint PRIMARY KEY,
    rev bigint NOT NULL CHECK (rev >= 1),
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    status text NOT NULL CHECK (status IN ('concept', 'afgesloten')),
    kanaal text NOT NULL CHECK (kanaal IN ('telefoon', 'balie', 'email', 'huisbezoek')),
    start timestamp NOT NULL,
    einde timestamp,
    vrager text NOT NULL CHECK (vrager IN ('client', 'mantelzorger', 'professional')),
    vraag text NOT NULL,
    levensdomeinen text[] NOT NULL CHECK (levensdomeinen <@ ARRAY['wonen', 'zorg', 'welzijn', 'financien',
        'werk_inkomen', 'opvoeding_jeugd', 'veiligheid', 'vervoer', 'mantelzorg']),
    wetten text[] NOT NULL CHECK (wetten <@ ARRAY['wmo', 'jeugdwet', 'participatiewet', 'woningwet', 'welzijn',
        'wlz', 'zvw']),
    client_naam text NOT NULL,
    client_geboortejaar integer CHECK (client_geboortejaar BETWEEN 0 AND 65535),
    client_gemeente text NOT NULL,
    client_wijk text NOT NULL,
    client_telefoon text NOT NULL,
    client_bsn text CONSTRAINT contact_bsn_verzegeld CHECK (client_bsn LIKE 'bsn1:%'),
    client_taal text NOT NULL,
    meerdere_vragen boolean NOT NULL,
    indicatie_nodig boolean NOT NULL,
    niet_zelfredzaam boolean NOT NULL,
    meer_tijd_nodig boolean NOT NULL,
    urgent boolean NOT NULL,
    gevaar boolean NOT NULL,
    mantelzorger_overbelast boolean NOT NULL,
    besluit_uitkomst text CHECK (besluit_uitkomst IN ('enkelvoudig', 'complex')),
    besluit_suggestie text CHECK (besluit_suggestie IN ('enkelvoudig', 'complex')),
    besluit_reden text,
    CHECK (num_nulls(besluit_uitkomst, besluit_suggestie, besluit_reden) IN (0, 3)),
    gewezen_op_clientondersteuning boolean NOT NULL,
    mantelzorger_gewezen boolean NOT NULL,
    afhandeling text CHECK (afhandeling IN ('informatie_gegeven', 'verwezen_naar_aanbieder',
        'formulier_meegegeven', 'terugbelverzoek', 'backoffice', 'melding_wmo', 'geen_passend_aanbod',
        'verwezen_crisisdienst')),
    terugbellen_op timestamp,
    terugbellen_gedaan boolean,
    CHECK ((afhandeling IS NOT DISTINCT FROM 'terugbelverzoek') = (terugbellen_op IS NOT NULL)
        AND (terugbellen_op IS NULL) = (terugbellen_gedaan IS NULL)),
    geen_aanbod_wat text,
    geen_aanbod_domein text CHECK (geen_aanbod_domein IN ('wonen', 'zorg', 'welzijn', 'financien',
        'werk_inkomen', 'opvoeding_jeugd', 'veiligheid', 'vervoer', 'mantelzorg')),
    CHECK ((afhandeling IS NOT DISTINCT FROM 'geen_passend_aanbod') = (geen_aanbod_wat IS NOT NULL)
        AND (geen_aanbod_domein IS NULL OR geen_aanbod_wat IS NOT NULL)),
    bijgewerkt_op timestamp NOT NULL,
    medewerker text NOT NULL,
    hulp_voor text NOT NULL CHECK (hulp_voor IN ('zelf', 'kind', 'partner', 'ouder', 'ander')),
    hulp_voor_leeftijd smallint CHECK (hulp_voor_leeftijd BETWEEN 0 AND 130),
    gewist boolean NOT NULL,
    doorgezet boolean NOT NULL GENERATED ALWAYS AS
        (coalesce(status = 'afgesloten' AND afhandeling IN ('backoffice', 'melding_wmo'), false)) STORED,
    UNIQUE (id, doorgezet)
);
COMMENT ON COLUMN contacten.rev IS 'revisie: elke opslag +1; een opslag op een oudere revisie wordt geweigerd';
COMMENT ON COLUMN contacten.door IS 'wie het contact het laatst opsloeg';
COMMENT ON COLUMN contacten.bijgewerkt IS 'wanneer de rij het laatst geschreven werd (servertijd)';
COMMENT ON COLUMN contacten.bijgewerkt_op IS 'wanneer de medewerker het contact het laatst wijzigde (lokale tijd)';
COMMENT ON COLUMN contacten.client_bsn IS 'het BSN, versleuteld door de desk (bsn1:nonce+ciphertext); de database ziet het nooit leesbaar';
COMMENT ON COLUMN contacten.gewist IS 'gewist (AVG art. 17) of geanonimiseerd: de persoonsgegevens zijn voorgoed leeg';
COMMENT ON COLUMN contacten.doorgezet IS 'afgesloten met afhandeling backoffice of melding Wmo: alleen zo''n contact kan een dossier hebben';

CREATE TABLE IF NOT EXISTS contact_links (
    contact_id bigint NOT NULL REFERENCES contacten (id) ON DELETE CASCADE,
    nr integer NOT NULL,
    entry_id text NOT NULL,
    naam text NOT NULL,
    soort text NOT NULL CHECK (soort IN ('informatie_gegeven', 'verwezen_naar')),
    indicatie boolean NOT NULL,
    PRIMARY KEY (contact_id, nr)
);
CREATE TABLE IF NOT EXISTS contact_ruwe_invoer (
    contact_id bigint NOT NULL REFERENCES contacten (id) ON DELETE CASCADE,
    nr integer NOT NULL,
    veld text NOT NULL,
    tekst text NOT NULL,
    PRIMARY KEY (contact_id, nr)
);
CREATE TABLE IF NOT EXISTS contact_signaalvragen (
    contact_id bigint NOT NULL REFERENCES contacten (id) ON DELETE CASCADE,
    nr integer NOT NULL,
    soort text NOT NULL,
    gevonden text NOT NULL,
    ja boolean NOT NULL,
    op timestamp NOT NULL,
    door text NOT NULL,
    PRIMARY KEY (contact_id, nr)
);

CREATE TABLE IF NOT EXISTS dossiers (
    id bigint PRIMARY KEY,
    rev bigint NOT NULL CHECK (rev >= 1),
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    contact_id bigint,
    contact_doorgezet boolean NOT NULL DEFAULT true CHECK (contact_doorgezet),
    ondersteuner_id text NOT NULL,
    aangemaakt timestamp NOT NULL,
    afspraak_ondersteuner_id text,
    afspraak_start timestamp,
    afspraak_eind timestamp,
    afspraak_locatie text,
    afspraak_plek text CHECK (afspraak_plek IN ('balie', 'thuis', 'telefoon')),
    CHECK (num_nulls(afspraak_ondersteuner_id, afspraak_start, afspraak_eind, afspraak_locatie, afspraak_plek) IN (0, 5)),
    stap text NOT NULL CHECK (stap IN ('vraagverheldering', 'keuze_informatie', 'steun_realisatie',
        'indicatieprocedure', 'evaluatie', 'afgesloten')),
    volgende_actie date,
    wmo_melding date,
    wmo_aanvraag date,
    wmo_onderzoek_afgerond date,
    wmo_beschikking date,
    CHECK (wmo_melding IS NOT NULL OR num_nonnulls(wmo_aanvraag, wmo_onderzoek_afgerond, wmo_beschikking) = 0),
    steun_gestart date,
    consent boolean NOT NULL,
    anoniem boolean NOT NULL,
    samenvatting text NOT NULL,
    route text NOT NULL CHECK (route IN ('clientondersteuning', 'wmo_melding', 'wijkteam')),
    client_naam text,
    client_geboortejaar integer CHECK (client_geboortejaar BETWEEN 0 AND 65535),
    client_gemeente text,
    client_wijk text,
    client_telefoon text,
    client_bsn text,
    client_taal text,
    CHECK (num_nulls(client_naam, client_gemeente, client_wijk, client_telefoon, client_taal) IN (0, 5)
        AND (client_naam IS NOT NULL OR num_nonnulls(client_geboortejaar, client_bsn) = 0)),
    aangemaakt_door text NOT NULL,
    bijgewerkt_door text NOT NULL,
    afspraak_volgnummer bigint NOT NULL CHECK (afspraak_volgnummer BETWEEN 0 AND 4294967295),
    gewist boolean NOT NULL,
    CONSTRAINT dossier_van_doorgezet_contact FOREIGN KEY (contact_id, contact_doorgezet)
        REFERENCES contacten (id, doorgezet) DEFERRABLE INITIALLY DEFERRED
);
COMMENT ON COLUMN dossiers.contact_id IS 'het contact dat werd doorgezet; leeg bij een anonieme overdracht';
COMMENT ON COLUMN dossiers.contact_doorgezet IS 'altijd waar: met contact_id de sleutel naar contacten (id, doorgezet), zodat een dossier alleen bij een doorgezet contact hoort';
COMMENT ON COLUMN dossiers.client_naam IS 'leeg: geen cliëntgegevens doorgegeven (zonder toestemming)';
CREATE INDEX IF NOT EXISTS dossiers_contact ON dossiers (contact_id);

CREATE TABLE IF NOT EXISTS dossier_notities (
    dossier_id bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    nr integer NOT NULL,
    stap text NOT NULL CHECK (stap IN ('vraagverheldering', 'keuze_informatie', 'steun_realisatie',
        'indicatieprocedure', 'evaluatie', 'afgesloten')),
    op timestamp NOT NULL,
    tekst text NOT NULL,
    door text NOT NULL,
    PRIMARY KEY (dossier_id, nr)
);
CREATE TABLE IF NOT EXISTS dossier_signalen (
    dossier_id bigint NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
    nr integer NOT NULL,
    datum date NOT NULL,
    tekst text NOT NULL,
    PRIMARY KEY (dossier_id, nr)
);

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'boekingen_dossier_id_fkey') THEN
        -- NOT VALID: the bookings' dossiers arrive after this (stap_8_verhuizen validates it)
        ALTER TABLE boekingen ADD CONSTRAINT boekingen_dossier_id_fkey
            FOREIGN KEY (dossier_id) REFERENCES dossiers (id) ON DELETE CASCADE NOT VALID;
    END IF;
END $$;
"#;

// --- the enums' codes: their serde names, so a DBA reads the same words as an export ---

fn status_code(s: Status) -> &'static str {
    match s {
        Status::Concept => "concept",
        Status::Afgesloten => "afgesloten",
    }
}
const STATUSSEN: [Status; 2] = [Status::Concept, Status::Afgesloten];

fn vrager_code(v: Vrager) -> &'static str {
    match v {
        Vrager::Client => "client",
        Vrager::Mantelzorger => "mantelzorger",
        Vrager::Professional => "professional",
    }
}

fn wet_code(w: Wet) -> &'static str {
    w.code()
}

fn uitkomst_code(u: Uitkomst) -> &'static str {
    match u {
        Uitkomst::Enkelvoudig => "enkelvoudig",
        Uitkomst::Complex => "complex",
    }
}
const UITKOMSTEN: [Uitkomst; 2] = [Uitkomst::Enkelvoudig, Uitkomst::Complex];

fn hulp_voor_code(h: HulpVoor) -> &'static str {
    match h {
        HulpVoor::Zelf => "zelf",
        HulpVoor::Kind => "kind",
        HulpVoor::Partner => "partner",
        HulpVoor::Ouder => "ouder",
        HulpVoor::Ander => "ander",
    }
}

fn link_code(s: LinkSoort) -> &'static str {
    match s {
        LinkSoort::InformatieGegeven => "informatie_gegeven",
        LinkSoort::VerwezenNaar => "verwezen_naar",
    }
}
const LINKSOORTEN: [LinkSoort; 2] = [LinkSoort::InformatieGegeven, LinkSoort::VerwezenNaar];

fn stap_code(s: Stap) -> &'static str {
    match s {
        Stap::Vraagverheldering => "vraagverheldering",
        Stap::KeuzeInformatie => "keuze_informatie",
        Stap::SteunRealisatie => "steun_realisatie",
        Stap::Indicatieprocedure => "indicatieprocedure",
        Stap::Evaluatie => "evaluatie",
        Stap::Afgesloten => "afgesloten",
    }
}

fn route_code(r: Route) -> &'static str {
    r.code()
}

fn plek_code(p: Plek) -> &'static str {
    p.code()
}

/// Every code the tables above hold, per column, for the test that the schema allows each.
pub fn alle_codes() -> Vec<(&'static str, Vec<&'static str>)> {
    let afhandelingen = [
        Afhandeling::InformatieGegeven,
        Afhandeling::VerwezenNaarAanbieder,
        Afhandeling::FormulierMeegegeven,
        Afhandeling::Terugbelverzoek { wanneer: NaiveDateTime::default(), gedaan: false },
        Afhandeling::Backoffice,
        Afhandeling::MeldingWmo,
        Afhandeling::GeenPassendAanbod { wat: String::new(), domein: None },
        Afhandeling::VerwezenCrisisdienst,
    ];
    vec![
        ("status", STATUSSEN.map(status_code).to_vec()),
        ("kanaal", Kanaal::ALL.map(kanaal_code).to_vec()),
        ("vrager", Vrager::ALL.map(vrager_code).to_vec()),
        ("levensdomeinen", Levensdomein::ALL.map(domein_code).to_vec()),
        ("wetten", Wet::ALL.map(wet_code).to_vec()),
        ("besluit_uitkomst", UITKOMSTEN.map(uitkomst_code).to_vec()),
        ("afhandeling", afhandelingen.iter().map(afhandeling_code).collect()),
        ("hulp_voor", HulpVoor::ALL.map(hulp_voor_code).to_vec()),
        ("soort", LINKSOORTEN.map(link_code).to_vec()),
        ("stap", Stap::ALL.map(stap_code).to_vec()),
        ("route", Route::ALL.map(route_code).to_vec()),
        ("afspraak_plek", Plek::ALL.map(plek_code).to_vec()),
    ]
}

/// The value whose code is `s`, or the record is unreadable.
fn uit_code<T: Copy>(alle: &[T], code: fn(T) -> &'static str, s: &str, kolom: &str, wat: &str) -> Result<T> {
    alle.iter()
        .copied()
        .find(|v| code(*v) == s)
        .ok_or_else(|| onleesbaar(wat, format!("onbekende waarde '{s}' in {kolom}")))
}

fn onleesbaar(wat: &str, waarom: String) -> StoreError {
    StoreError::Codec { what: wat.to_string(), source: CodecError::Decode(waarom) }
}

/// The columns of a contact beside id, door and rev, in the order [`schrijf_contact`] binds them.
const CONTACT_KOLOMMEN: [&str; 37] = [
    "status",
    "kanaal",
    "start",
    "einde",
    "vrager",
    "vraag",
    "levensdomeinen",
    "wetten",
    "client_naam",
    "client_geboortejaar",
    "client_gemeente",
    "client_wijk",
    "client_telefoon",
    "client_bsn",
    "client_taal",
    "meerdere_vragen",
    "indicatie_nodig",
    "niet_zelfredzaam",
    "meer_tijd_nodig",
    "urgent",
    "gevaar",
    "mantelzorger_overbelast",
    "besluit_uitkomst",
    "besluit_suggestie",
    "besluit_reden",
    "gewezen_op_clientondersteuning",
    "mantelzorger_gewezen",
    "afhandeling",
    "terugbellen_op",
    "terugbellen_gedaan",
    "geen_aanbod_wat",
    "geen_aanbod_domein",
    "bijgewerkt_op",
    "medewerker",
    "hulp_voor",
    "hulp_voor_leeftijd",
    "gewist",
];

const DOSSIER_KOLOMMEN: [&str; 30] = [
    "contact_id",
    "ondersteuner_id",
    "aangemaakt",
    "afspraak_ondersteuner_id",
    "afspraak_start",
    "afspraak_eind",
    "afspraak_locatie",
    "afspraak_plek",
    "stap",
    "volgende_actie",
    "wmo_melding",
    "wmo_aanvraag",
    "wmo_onderzoek_afgerond",
    "wmo_beschikking",
    "steun_gestart",
    "consent",
    "anoniem",
    "samenvatting",
    "route",
    "client_naam",
    "client_geboortejaar",
    "client_gemeente",
    "client_wijk",
    "client_telefoon",
    "client_bsn",
    "client_taal",
    "aangemaakt_door",
    "bijgewerkt_door",
    "afspraak_volgnummer",
    "gewist",
];

/// How a record is written.
#[derive(Clone, Copy)]
pub enum Hoe {
    /// A new row at this revision (not written when the id exists).
    Nieuw(i64),
    /// Over the row at this revision (not written when the stored one differs); revision + 1.
    Op(i64),
    /// Over the row whatever its revision, keeping who wrote it last; revision + 1.
    Over,
}

/// Write `vals` (bound as $4…) into `tabel` as `hoe` says; $1 is the id, $2 who writes, $3 the
/// revision. The rows written (0 or 1).
fn schrijf_rij(
    t: &mut impl GenericClient,
    tabel: &str,
    kolommen: &[&str],
    id: i64,
    door: Option<&str>,
    hoe: Hoe,
    vals: &[&(dyn ToSql + Sync)],
) -> Result<u64> {
    let namen = kolommen.join(", ");
    let plekken: Vec<String> = (0..kolommen.len()).map(|i| format!("${}", i + 4)).collect();
    let plekken = plekken.join(", ");
    let sql = match hoe {
        // a plain insert, a taken id undone to a savepoint (below): ON CONFLICT would need to
        // read the table, and the balie, who makes a dossier at a handoff, may not read dossiers
        Hoe::Nieuw(_) => {
            format!("INSERT INTO {tabel} (id, door, rev, {namen}) VALUES ($1, coalesce($2, ''), $3, {plekken})")
        }
        Hoe::Op(_) | Hoe::Over => format!(
            "UPDATE {tabel} SET rev = rev + 1, door = coalesce($2, door), bijgewerkt = now(), ({namen}) = ROW({plekken}) \
             WHERE id = $1 AND ($3::bigint IS NULL OR rev = $3)"
        ),
    };
    let rev = match hoe {
        Hoe::Nieuw(rev) | Hoe::Op(rev) => Some(rev),
        Hoe::Over => None,
    };
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id, &door, &rev];
    params.extend_from_slice(vals);
    if !matches!(hoe, Hoe::Nieuw(_)) {
        return t.execute(sql.as_str(), &params).map_err(db_err);
    }
    t.batch_execute("SAVEPOINT nieuwe_rij").map_err(db_err)?;
    match t.execute(sql.as_str(), &params) {
        Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => {
            t.batch_execute("ROLLBACK TO SAVEPOINT nieuwe_rij").map_err(db_err)?;
            Ok(0)
        }
        Err(e) => Err(db_err(e)),
        Ok(n) => {
            t.batch_execute("RELEASE SAVEPOINT nieuwe_rij").map_err(db_err)?;
            Ok(n)
        }
    }
}

/// Write contact `c` (its BSN already sealed) as `hoe` says, with its child rows. The rows
/// written (0: the id exists, or the revision is not the stored one).
pub fn schrijf_contact(t: &mut impl GenericClient, c: &Contact, door: Option<&str>, hoe: Hoe) -> Result<u64> {
    let domeinen: Vec<&str> = c.levensdomeinen.iter().map(|d| domein_code(*d)).collect();
    let wetten: Vec<&str> = c.wetten.iter().map(|w| wet_code(*w)).collect();
    let geboortejaar = c.client.geboortejaar.map(i32::from);
    let (uitkomst, suggestie, reden) = match &c.besluit {
        Some(b) => {
            (Some(uitkomst_code(b.uitkomst)), Some(uitkomst_code(b.suggestie)), Some(b.reden_afwijking.as_str()))
        }
        None => (None, None, None),
    };
    let afhandeling = c.afhandeling.as_ref().map(afhandeling_code);
    let (terug_op, terug_gedaan) = match &c.afhandeling {
        Some(Afhandeling::Terugbelverzoek { wanneer, gedaan }) => (Some(*wanneer), Some(*gedaan)),
        _ => (None, None),
    };
    let (wat, domein) = match &c.afhandeling {
        Some(Afhandeling::GeenPassendAanbod { wat, domein }) => (Some(wat.as_str()), domein.map(domein_code)),
        _ => (None, None),
    };
    let leeftijd = c.hulp_voor_leeftijd.map(i16::from);
    let k = &c.checklist;
    let vals: [&(dyn ToSql + Sync); 37] = [
        &status_code(c.status),
        &kanaal_code(c.kanaal),
        &c.start,
        &c.einde,
        &vrager_code(c.vrager),
        &c.vraag,
        &domeinen,
        &wetten,
        &c.client.naam,
        &geboortejaar,
        &c.client.gemeente,
        &c.client.wijk,
        &c.client.telefoon,
        &c.client.bsn,
        &c.client.taal,
        &k.meerdere_vragen,
        &k.indicatie_nodig,
        &k.niet_zelfredzaam,
        &k.meer_tijd_nodig,
        &k.urgent,
        &k.gevaar,
        &k.mantelzorger_overbelast,
        &uitkomst,
        &suggestie,
        &reden,
        &c.gewezen_op_clientondersteuning,
        &c.mantelzorger_gewezen,
        &afhandeling,
        &terug_op,
        &terug_gedaan,
        &wat,
        &domein,
        &c.bijgewerkt,
        &c.medewerker,
        &hulp_voor_code(c.hulp_voor),
        &leeftijd,
        &c.gewist,
    ];
    let id = c.id as i64;
    let n = schrijf_rij(t, "contacten", &CONTACT_KOLOMMEN, id, door, hoe, &vals)?;
    if n == 0 {
        return Ok(0);
    }
    if !matches!(hoe, Hoe::Nieuw(_)) {
        for tabel in ["contact_links", "contact_ruwe_invoer", "contact_signaalvragen"] {
            t.execute(format!("DELETE FROM {tabel} WHERE contact_id = $1").as_str(), &[&id]).map_err(db_err)?;
        }
    }
    if !c.links.is_empty() {
        let nr: Vec<i32> = (0..c.links.len() as i32).collect();
        let entry: Vec<&str> = c.links.iter().map(|l| l.entry_id.as_str()).collect();
        let naam: Vec<&str> = c.links.iter().map(|l| l.naam.as_str()).collect();
        let soort: Vec<&str> = c.links.iter().map(|l| link_code(l.soort)).collect();
        let indicatie: Vec<bool> = c.links.iter().map(|l| l.indicatie).collect();
        t.execute(
            "INSERT INTO contact_links (contact_id, nr, entry_id, naam, soort, indicatie) \
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::bool[])",
            &[&id, &nr, &entry, &naam, &soort, &indicatie],
        )
        .map_err(db_err)?;
    }
    if !c.ruwe_invoer.is_empty() {
        let nr: Vec<i32> = (0..c.ruwe_invoer.len() as i32).collect();
        let veld: Vec<&str> = c.ruwe_invoer.iter().map(|r| r.veld.as_str()).collect();
        let tekst: Vec<&str> = c.ruwe_invoer.iter().map(|r| r.tekst.as_str()).collect();
        t.execute(
            "INSERT INTO contact_ruwe_invoer (contact_id, nr, veld, tekst) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])",
            &[&id, &nr, &veld, &tekst],
        )
        .map_err(db_err)?;
    }
    if !c.signaalvragen.is_empty() {
        let v = &c.signaalvragen;
        let nr: Vec<i32> = (0..v.len() as i32).collect();
        let soort: Vec<&str> = v.iter().map(|s| s.soort.as_str()).collect();
        let gevonden: Vec<&str> = v.iter().map(|s| s.gevonden.as_str()).collect();
        let ja: Vec<bool> = v.iter().map(|s| s.ja).collect();
        let op: Vec<NaiveDateTime> = v.iter().map(|s| s.op).collect();
        let wie: Vec<&str> = v.iter().map(|s| s.door.as_str()).collect();
        t.execute(
            "INSERT INTO contact_signaalvragen (contact_id, nr, soort, gevonden, ja, op, door) \
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::bool[], $6::timestamp[], $7::text[])",
            &[&id, &nr, &soort, &gevonden, &ja, &op, &wie],
        )
        .map_err(db_err)?;
    }
    Ok(n)
}

/// Write dossier `k` as `hoe` says, with its notes and signals. The rows written (0 or 1).
pub fn schrijf_dossier(t: &mut impl GenericClient, k: &Case, door: Option<&str>, hoe: Hoe) -> Result<u64> {
    // an anonymous handoff keeps no contact (0 in the domain)
    let contact_id = (k.contact_id != 0).then_some(k.contact_id as i64);
    let a = k.afspraak.as_ref();
    let a_ond = a.map(|s| s.ondersteuner_id.as_str());
    let a_start = a.map(|s| s.start);
    let a_eind = a.map(|s| s.eind);
    let a_loc = a.map(|s| s.locatie.as_str());
    let a_plek = a.map(|s| plek_code(s.plek));
    let w = k.wmo.as_ref();
    let melding = w.map(|w| w.melding);
    let aanvraag = w.and_then(|w| w.aanvraag);
    let onderzoek = w.and_then(|w| w.onderzoek_afgerond);
    let beschikking = w.and_then(|w| w.beschikking);
    let cl = k.client.as_ref();
    let naam = cl.map(|c| c.naam.as_str());
    let jaar = cl.and_then(|c| c.geboortejaar).map(i32::from);
    let gemeente = cl.map(|c| c.gemeente.as_str());
    let wijk = cl.map(|c| c.wijk.as_str());
    let telefoon = cl.map(|c| c.telefoon.as_str());
    let bsn = cl.and_then(|c| c.bsn.as_deref());
    let taal = cl.map(|c| c.taal.as_str());
    let volgnummer = i64::from(k.afspraak_volgnummer);
    let vals: [&(dyn ToSql + Sync); 30] = [
        &contact_id,
        &k.ondersteuner_id,
        &k.aangemaakt,
        &a_ond,
        &a_start,
        &a_eind,
        &a_loc,
        &a_plek,
        &stap_code(k.stap),
        &k.volgende_actie,
        &melding,
        &aanvraag,
        &onderzoek,
        &beschikking,
        &k.steun_gestart,
        &k.consent,
        &k.anoniem,
        &k.samenvatting,
        &route_code(k.route),
        &naam,
        &jaar,
        &gemeente,
        &wijk,
        &telefoon,
        &bsn,
        &taal,
        &k.aangemaakt_door,
        &k.bijgewerkt_door,
        &volgnummer,
        &k.gewist,
    ];
    let id = k.id as i64;
    let n = schrijf_rij(t, "dossiers", &DOSSIER_KOLOMMEN, id, door, hoe, &vals)?;
    if n == 0 {
        return Ok(0);
    }
    if !matches!(hoe, Hoe::Nieuw(_)) {
        for tabel in ["dossier_notities", "dossier_signalen"] {
            t.execute(format!("DELETE FROM {tabel} WHERE dossier_id = $1").as_str(), &[&id]).map_err(db_err)?;
        }
    }
    if !k.notities.is_empty() {
        let v = &k.notities;
        let nr: Vec<i32> = (0..v.len() as i32).collect();
        let stap: Vec<&str> = v.iter().map(|n| stap_code(n.stap)).collect();
        let op: Vec<NaiveDateTime> = v.iter().map(|n| n.op).collect();
        let tekst: Vec<&str> = v.iter().map(|n| n.tekst.as_str()).collect();
        let wie: Vec<&str> = v.iter().map(|n| n.door.as_str()).collect();
        t.execute(
            "INSERT INTO dossier_notities (dossier_id, nr, stap, op, tekst, door) \
             SELECT $1, * FROM unnest($2::int[], $3::text[], $4::timestamp[], $5::text[], $6::text[])",
            &[&id, &nr, &stap, &op, &tekst, &wie],
        )
        .map_err(db_err)?;
    }
    if !k.signalen.is_empty() {
        let v = &k.signalen;
        let nr: Vec<i32> = (0..v.len() as i32).collect();
        let datum: Vec<NaiveDate> = v.iter().map(|s| s.datum).collect();
        let tekst: Vec<&str> = v.iter().map(|s| s.tekst.as_str()).collect();
        t.execute(
            "INSERT INTO dossier_signalen (dossier_id, nr, datum, tekst) SELECT $1, * FROM unnest($2::int[], $3::date[], $4::text[])",
            &[&id, &nr, &datum, &tekst],
        )
        .map_err(db_err)?;
    }
    Ok(n)
}

/// The child rows of the records `ids` of one child table, per record id, in their order.
fn kinderen<T>(
    c: &mut impl GenericClient,
    sql: &str,
    ids: &[i64],
    mut lees: impl FnMut(&Row) -> Result<T>,
) -> Result<HashMap<i64, Vec<Result<T>>>> {
    let mut out: HashMap<i64, Vec<Result<T>>> = HashMap::new();
    for r in c.query(sql, &[&ids]).map_err(db_err)? {
        out.entry(r.get(0)).or_default().push(lees(&r));
    }
    Ok(out)
}

fn neem<T>(m: &mut HashMap<i64, Vec<Result<T>>>, id: i64) -> Result<Vec<T>> {
    m.remove(&id).unwrap_or_default().into_iter().collect()
}

/// The contacts `WHERE {waar}` (with `params`), each read or the reason it can't be (its id
/// beside it). BSNs as stored (sealed).
pub fn lees_contacten(
    c: &mut impl GenericClient,
    waar: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<(i64, Result<Contact>)>> {
    let sql = format!("SELECT id, rev, {} FROM contacten WHERE {waar} ORDER BY id", CONTACT_KOLOMMEN.join(", "));
    let rows = c.query(sql.as_str(), params).map_err(db_err)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut links = kinderen(
        c,
        "SELECT contact_id, entry_id, naam, soort, indicatie FROM contact_links WHERE contact_id = ANY($1) ORDER BY contact_id, nr",
        &ids,
        |r| {
            let wat = format!("contact {}", r.get::<_, i64>(0));
            Ok(Link {
                entry_id: r.get(1),
                naam: r.get(2),
                soort: uit_code(&LINKSOORTEN, link_code, r.get(3), "soort", &wat)?,
                indicatie: r.get(4),
            })
        },
    )?;
    let mut ruw = kinderen(
        c,
        "SELECT contact_id, veld, tekst FROM contact_ruwe_invoer WHERE contact_id = ANY($1) ORDER BY contact_id, nr",
        &ids,
        |r| Ok(RuweInvoer { veld: r.get(1), tekst: r.get(2) }),
    )?;
    let mut vragen = kinderen(
        c,
        "SELECT contact_id, soort, gevonden, ja, op, door FROM contact_signaalvragen WHERE contact_id = ANY($1) ORDER BY contact_id, nr",
        &ids,
        |r| Ok(Signaalvraag { soort: r.get(1), gevonden: r.get(2), ja: r.get(3), op: r.get(4), door: r.get(5) }),
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            let id: i64 = r.get(0);
            let mut lees = || -> Result<Contact> {
                let mut x = contact_uit(r)?;
                x.links = neem(&mut links, id)?;
                x.ruwe_invoer = neem(&mut ruw, id)?;
                x.signaalvragen = neem(&mut vragen, id)?;
                Ok(x)
            };
            (id, lees())
        })
        .collect())
}

fn contact_uit(r: &Row) -> Result<Contact> {
    let id: i64 = r.get("id");
    let wat = format!("contact {id}");
    let wat = wat.as_str();
    let lijst = |kolom: &str| -> Vec<String> { r.get(kolom) };
    let levensdomeinen = lijst("levensdomeinen")
        .iter()
        .map(|s| uit_code(&Levensdomein::ALL, domein_code, s, "levensdomeinen", wat))
        .collect::<Result<_>>()?;
    let wetten =
        lijst("wetten").iter().map(|s| uit_code(&Wet::ALL, wet_code, s, "wetten", wat)).collect::<Result<_>>()?;
    let besluit = match (r.get::<_, Option<&str>>("besluit_uitkomst"), r.get::<_, Option<&str>>("besluit_suggestie")) {
        (Some(u), Some(s)) => Some(TriageBesluit {
            uitkomst: uit_code(&UITKOMSTEN, uitkomst_code, u, "besluit_uitkomst", wat)?,
            suggestie: uit_code(&UITKOMSTEN, uitkomst_code, s, "besluit_suggestie", wat)?,
            reden_afwijking: r.get::<_, Option<String>>("besluit_reden").unwrap_or_default(),
        }),
        _ => None,
    };
    let afhandeling = match r.get::<_, Option<&str>>("afhandeling") {
        None => None,
        Some(a) => Some(match a {
            "informatie_gegeven" => Afhandeling::InformatieGegeven,
            "verwezen_naar_aanbieder" => Afhandeling::VerwezenNaarAanbieder,
            "formulier_meegegeven" => Afhandeling::FormulierMeegegeven,
            "terugbelverzoek" => Afhandeling::Terugbelverzoek {
                wanneer: r
                    .get::<_, Option<NaiveDateTime>>("terugbellen_op")
                    .ok_or_else(|| onleesbaar(wat, "terugbelverzoek zonder tijd".into()))?,
                gedaan: r.get::<_, Option<bool>>("terugbellen_gedaan").unwrap_or(false),
            },
            "backoffice" => Afhandeling::Backoffice,
            "melding_wmo" => Afhandeling::MeldingWmo,
            "geen_passend_aanbod" => Afhandeling::GeenPassendAanbod {
                wat: r.get::<_, Option<String>>("geen_aanbod_wat").unwrap_or_default(),
                domein: r
                    .get::<_, Option<&str>>("geen_aanbod_domein")
                    .map(|d| uit_code(&Levensdomein::ALL, domein_code, d, "geen_aanbod_domein", wat))
                    .transpose()?,
            },
            "verwezen_crisisdienst" => Afhandeling::VerwezenCrisisdienst,
            other => return Err(onleesbaar(wat, format!("onbekende waarde '{other}' in afhandeling"))),
        }),
    };
    let leeftijd: Option<i16> = r.get("hulp_voor_leeftijd");
    let jaar: Option<i32> = r.get("client_geboortejaar");
    Ok(Contact {
        id: id as u64,
        kanaal: uit_code(&Kanaal::ALL, kanaal_code, r.get("kanaal"), "kanaal", wat)?,
        start: r.get("start"),
        einde: r.get("einde"),
        vrager: uit_code(&Vrager::ALL, vrager_code, r.get("vrager"), "vrager", wat)?,
        vraag: r.get("vraag"),
        levensdomeinen,
        wetten,
        client: ClientGegevens {
            naam: r.get("client_naam"),
            geboortejaar: jaar.and_then(|j| u16::try_from(j).ok()),
            gemeente: r.get("client_gemeente"),
            wijk: r.get("client_wijk"),
            telefoon: r.get("client_telefoon"),
            bsn: r.get("client_bsn"),
            taal: r.get("client_taal"),
        },
        links: Vec::new(),
        checklist: TriageChecklist {
            meerdere_vragen: r.get("meerdere_vragen"),
            indicatie_nodig: r.get("indicatie_nodig"),
            niet_zelfredzaam: r.get("niet_zelfredzaam"),
            meer_tijd_nodig: r.get("meer_tijd_nodig"),
            urgent: r.get("urgent"),
            gevaar: r.get("gevaar"),
            mantelzorger_overbelast: r.get("mantelzorger_overbelast"),
        },
        besluit,
        gewezen_op_clientondersteuning: r.get("gewezen_op_clientondersteuning"),
        mantelzorger_gewezen: r.get("mantelzorger_gewezen"),
        afhandeling,
        status: uit_code(&STATUSSEN, status_code, r.get("status"), "status", wat)?,
        bijgewerkt: r.get("bijgewerkt_op"),
        medewerker: r.get("medewerker"),
        hulp_voor: uit_code(&HulpVoor::ALL, hulp_voor_code, r.get("hulp_voor"), "hulp_voor", wat)?,
        hulp_voor_leeftijd: leeftijd.and_then(|l| u8::try_from(l).ok()),
        ruwe_invoer: Vec::new(),
        gewist: r.get("gewist"),
        signaalvragen: Vec::new(),
        rev: r.get::<_, i64>("rev") as u64,
    })
}

/// The dossiers `WHERE {waar}` (columns of `dossiers` as `d.`), each read or the reason it can't
/// be.
pub fn lees_dossiers(
    c: &mut impl GenericClient,
    waar: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<(i64, Result<Case>)>> {
    let kolommen: Vec<String> = DOSSIER_KOLOMMEN.iter().map(|k| format!("d.{k}")).collect();
    let sql = format!("SELECT d.id, d.rev, {} FROM dossiers d WHERE {waar} ORDER BY d.id", kolommen.join(", "));
    let rows = c.query(sql.as_str(), params).map_err(db_err)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.get(0)).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut notities = kinderen(
        c,
        "SELECT dossier_id, stap, op, tekst, door FROM dossier_notities WHERE dossier_id = ANY($1) ORDER BY dossier_id, nr",
        &ids,
        |r| {
            let wat = format!("dossier {}", r.get::<_, i64>(0));
            Ok(Notitie {
                stap: uit_code(&Stap::ALL, stap_code, r.get(1), "stap", &wat)?,
                op: r.get(2),
                tekst: r.get(3),
                door: r.get(4),
            })
        },
    )?;
    let mut signalen = kinderen(
        c,
        "SELECT dossier_id, datum, tekst FROM dossier_signalen WHERE dossier_id = ANY($1) ORDER BY dossier_id, nr",
        &ids,
        |r| Ok(Signaal { datum: r.get(1), tekst: r.get(2) }),
    )?;
    Ok(rows
        .iter()
        .map(|r| {
            let id: i64 = r.get(0);
            let mut lees = || -> Result<Case> {
                let mut k = dossier_uit(r)?;
                k.notities = neem(&mut notities, id)?;
                k.signalen = neem(&mut signalen, id)?;
                Ok(k)
            };
            (id, lees())
        })
        .collect())
}

fn dossier_uit(r: &Row) -> Result<Case> {
    let id: i64 = r.get("id");
    let wat = format!("dossier {id}");
    let wat = wat.as_str();
    let afspraak = match r.get::<_, Option<String>>("afspraak_ondersteuner_id") {
        None => None,
        Some(ondersteuner_id) => Some(Slot {
            ondersteuner_id,
            start: r.get::<_, Option<NaiveDateTime>>("afspraak_start").unwrap_or_default(),
            eind: r.get::<_, Option<NaiveDateTime>>("afspraak_eind").unwrap_or_default(),
            locatie: r.get::<_, Option<String>>("afspraak_locatie").unwrap_or_default(),
            plek: uit_code(
                &Plek::ALL,
                plek_code,
                r.get::<_, Option<&str>>("afspraak_plek").unwrap_or(""),
                "afspraak_plek",
                wat,
            )?,
        }),
    };
    let wmo = r.get::<_, Option<NaiveDate>>("wmo_melding").map(|melding| WmoKlok {
        melding,
        aanvraag: r.get("wmo_aanvraag"),
        onderzoek_afgerond: r.get("wmo_onderzoek_afgerond"),
        beschikking: r.get("wmo_beschikking"),
    });
    let client = r.get::<_, Option<String>>("client_naam").map(|naam| ClientGegevens {
        naam,
        geboortejaar: r.get::<_, Option<i32>>("client_geboortejaar").and_then(|j| u16::try_from(j).ok()),
        gemeente: r.get::<_, Option<String>>("client_gemeente").unwrap_or_default(),
        wijk: r.get::<_, Option<String>>("client_wijk").unwrap_or_default(),
        telefoon: r.get::<_, Option<String>>("client_telefoon").unwrap_or_default(),
        bsn: r.get("client_bsn"),
        taal: r.get::<_, Option<String>>("client_taal").unwrap_or_default(),
    });
    Ok(Case {
        id: id as u64,
        contact_id: r.get::<_, Option<i64>>("contact_id").unwrap_or(0) as u64,
        ondersteuner_id: r.get("ondersteuner_id"),
        aangemaakt: r.get("aangemaakt"),
        afspraak,
        stap: uit_code(&Stap::ALL, stap_code, r.get("stap"), "stap", wat)?,
        notities: Vec::new(),
        volgende_actie: r.get("volgende_actie"),
        signalen: Vec::new(),
        wmo,
        steun_gestart: r.get("steun_gestart"),
        consent: r.get("consent"),
        anoniem: r.get("anoniem"),
        samenvatting: r.get("samenvatting"),
        route: uit_code(&Route::ALL, route_code, r.get("route"), "route", wat)?,
        client,
        aangemaakt_door: r.get("aangemaakt_door"),
        bijgewerkt_door: r.get("bijgewerkt_door"),
        afspraak_volgnummer: u32::try_from(r.get::<_, i64>("afspraak_volgnummer")).unwrap_or(u32::MAX),
        gewist: r.get("gewist"),
        rev: r.get::<_, i64>("rev") as u64,
    })
}

/// The second half of step 8, in its transaction: when the blob tables of step 7 are there, move
/// every record into the typed tables and drop them. Returns what the beheerder must know: each
/// record kept in `onleesbaar` (table, id, reason; never its content), and each rule the moved
/// records break (the rule then holds for new rows only, until the records are repaired).
pub fn stap_8_verhuizen(t: &mut impl GenericClient) -> Result<Vec<String>> {
    let oud: Option<String> = t.query_one("SELECT to_regclass('contacten_v7')::text", &[]).map_err(db_err)?.get(0);
    if oud.is_none() {
        return Ok(Vec::new());
    }
    let mut meldingen = Vec::new();
    // the rules over several records are put back once every record is in
    t.batch_execute(
        "ALTER TABLE dossiers DROP CONSTRAINT dossier_van_doorgezet_contact; \
         ALTER TABLE contacten DROP CONSTRAINT contact_bsn_verzegeld",
    )
    .map_err(db_err)?;
    verhuis(t, "contacten", &mut meldingen)?;
    verhuis(t, "dossiers", &mut meldingen)?;
    t.batch_execute(
        "UPDATE contacten n SET bijgewerkt = o.bijgewerkt FROM contacten_v7 o WHERE o.id = n.id; \
         UPDATE dossiers n SET bijgewerkt = o.bijgewerkt FROM dossiers_v7 o WHERE o.id = n.id",
    )
    .map_err(db_err)?;

    let fout = ids(
        t,
        "SELECT d.id FROM dossiers d WHERE d.contact_id IS NOT NULL \
         AND NOT EXISTS (SELECT 1 FROM contacten c WHERE c.id = d.contact_id AND c.doorgezet) ORDER BY d.id",
    )?;
    regel(
        t,
        &mut meldingen,
        "ALTER TABLE dossiers ADD CONSTRAINT dossier_van_doorgezet_contact FOREIGN KEY (contact_id, contact_doorgezet) \
         REFERENCES contacten (id, doorgezet) DEFERRABLE INITIALLY DEFERRED",
        &fout,
        "dossier",
        "hoort niet bij een bestaand, doorgezet contact",
    )?;
    let fout = ids(t, "SELECT id FROM contacten WHERE client_bsn NOT LIKE 'bsn1:%' ORDER BY id")?;
    regel(
        t,
        &mut meldingen,
        "ALTER TABLE contacten ADD CONSTRAINT contact_bsn_verzegeld CHECK (client_bsn LIKE 'bsn1:%')",
        &fout,
        "contact",
        "heeft een onversleuteld BSN (versleuteld bij de volgende opslag)",
    )?;
    let fout = ids(
        t,
        "SELECT b.dossier_id FROM boekingen b WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.id = b.dossier_id) ORDER BY 1",
    )?;
    if fout.is_empty() {
        t.batch_execute("ALTER TABLE boekingen VALIDATE CONSTRAINT boekingen_dossier_id_fkey").map_err(db_err)?;
    } else {
        for id in fout {
            meldingen.push(format!("boeking van dossier {id}: het dossier is niet leesbaar; de tijd blijft bezet"));
        }
    }
    t.batch_execute("DROP TABLE contacten_v7, dossiers_v7").map_err(db_err)?;
    Ok(meldingen)
}

fn ids(t: &mut impl GenericClient, sql: &str) -> Result<Vec<i64>> {
    Ok(t.query(sql, &[]).map_err(db_err)?.iter().map(|r| r.get(0)).collect())
}

/// Add the rule `sql` whole when no record breaks it; otherwise for new rows only (NOT VALID)
/// and name each record that breaks it.
fn regel(
    t: &mut impl GenericClient,
    meldingen: &mut Vec<String>,
    sql: &str,
    fout: &[i64],
    wat: &str,
    waarom: &str,
) -> Result<()> {
    if fout.is_empty() {
        t.batch_execute(sql).map_err(db_err)?;
    } else {
        t.batch_execute(&format!("{sql} NOT VALID")).map_err(db_err)?;
        for id in fout {
            meldingen
                .push(format!("{wat} {id} {waarom}; de regel geldt tot het hersteld is alleen voor nieuwe gegevens"));
        }
    }
    Ok(())
}

/// Decode a record of step 7 and write it as a typed row of `tabel` at revision `rev`.
fn zet_over(
    t: &mut impl GenericClient,
    tabel: &str,
    id: i64,
    rev: i64,
    door: &str,
    bytes: &[u8],
) -> std::result::Result<u64, String> {
    let fout = |e: StoreError| match e {
        StoreError::Io(m) => m,
        e => e.to_string(),
    };
    if tabel == "contacten" {
        let c: Contact = decode(bytes).map_err(|e| e.to_string())?;
        if c.id as i64 != id {
            return Err(format!("het record draagt id {}", c.id));
        }
        schrijf_contact(t, &c, Some(door), Hoe::Nieuw(rev)).map_err(fout)
    } else {
        let k: Case = decode(bytes).map_err(|e| e.to_string())?;
        if k.id as i64 != id {
            return Err(format!("het record draagt id {}", k.id));
        }
        schrijf_dossier(t, &k, Some(door), Hoe::Nieuw(rev)).map_err(fout)
    }
}

/// Move every row of `{tabel}_v7` into `tabel`, a few hundred at a time, each in a savepoint: a
/// row that can't be decoded or written goes to `onleesbaar` with the reason, and is named in
/// `meldingen` by its id.
fn verhuis(t: &mut impl GenericClient, tabel: &str, meldingen: &mut Vec<String>) -> Result<()> {
    let wat = if tabel == "contacten" { "contact" } else { "dossier" };
    let sql = format!("SELECT id, rev, door, data FROM {tabel}_v7 WHERE id > $1 ORDER BY id LIMIT 500");
    let mut na = i64::MIN;
    loop {
        let rows = t.query(sql.as_str(), &[&na]).map_err(db_err)?;
        let Some(last) = rows.last() else { break };
        na = last.get(0);
        for r in &rows {
            let (id, rev, door, bytes): (i64, i64, String, Vec<u8>) = (r.get(0), r.get(1), r.get(2), r.get(3));
            t.batch_execute("SAVEPOINT verhuis").map_err(db_err)?;
            let reden = match zet_over(t, tabel, id, rev.max(1), &door, &bytes) {
                Ok(1) => None,
                Ok(_) => Some("dubbel id".to_string()),
                Err(e) => Some(e),
            };
            match reden {
                None => t.batch_execute("RELEASE SAVEPOINT verhuis").map_err(db_err)?,
                Some(reden) => {
                    t.batch_execute("ROLLBACK TO SAVEPOINT verhuis").map_err(db_err)?;
                    t.execute(
                        "INSERT INTO onleesbaar (tabel, id, reden, data) VALUES ($1, $2, $3, $4) \
                         ON CONFLICT (tabel, id) DO UPDATE SET reden = excluded.reden, data = excluded.data",
                        &[&tabel, &id, &reden, &bytes],
                    )
                    .map_err(db_err)?;
                    meldingen.push(format!("{wat} {id} niet overgezet ({reden}); bewaard in de tabel onleesbaar"));
                }
            }
        }
    }
    Ok(())
}

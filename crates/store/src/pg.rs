//! The shared store: PostgreSQL, for many desks on one database.
//!
//! Contacts and dossiers are typed rows (a column per field, child tables for their lists, CHECKs
//! on enums and ages, a foreign key that ties a dossier to a contact handed off; see
//! [`super::pg_tabellen`]). The other records are stored as the same versioned bytes as in the
//! embedded store, with the columns a transaction needs beside them: revision, worker. Double
//! bookings are refused by an exclusion constraint on (supporter, time range).
//! Every write sends a NOTIFY on channel `loket`, so other desks see it at once ([`Store::watch`]).
//!
//! The schema is created and upgraded by the versioned migrations in [`MIGRATIONS`], each applied
//! once, in order, in a transaction under an advisory lock (so two desks starting at once don't
//! both apply one). A lost connection is reported as [`StoreError::Unavailable`] and the next call
//! connects again.

use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, GenericClient};

use super::audit::{self, Gebeurtenis, Regel};
use super::codec::{decode, encode, Stored};
use super::pg_tabellen::{lees_contacten, lees_dossiers, schrijf_contact, schrijf_dossier, Hoe};
use super::usecase::{Backend, Rec, Reeks, Tx};
use super::{BookResult, Booking, Change, Loaded, Result, Store, StoreError};
use loket_domain::beheer::{Beheer, BeheerSchrijf, Melding, Wijziging};
use loket_domain::case::Case;
use loket_domain::contact::Contact;
use loket_domain::kaart::Kaart;
use loket_domain::leefplan::Plan;
use loket_domain::ondersteuning::Clientondersteuner;
use loket_domain::opvolging::Verwijzingsopvolging;
use loket_domain::slots::Slot;

/// The schema, one step per version. Never change a step that has shipped: add one.
pub const MIGRATIONS: &[(i32, &str)] = &[
    (
        1,
        r#"
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE meta (sleutel text PRIMARY KEY, waarde bigint NOT NULL);
INSERT INTO meta VALUES ('kaart_versie', 0), ('kaart_geseed', 0);
CREATE TABLE kaart (
    sleutel text PRIMARY KEY,
    soort "char" NOT NULL,
    versie bigint NOT NULL,
    data bytea NOT NULL
);
CREATE INDEX kaart_op_versie ON kaart (versie);
CREATE TABLE ondersteuners (id text PRIMARY KEY, data bytea NOT NULL);
CREATE SEQUENCE contact_id;
CREATE TABLE contacten (
    id bigint PRIMARY KEY,
    rev bigint NOT NULL,
    status text NOT NULL,
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    data bytea NOT NULL
);
CREATE SEQUENCE dossier_id;
CREATE TABLE dossiers (
    id bigint PRIMARY KEY,
    rev bigint NOT NULL,
    contact_id bigint NOT NULL,
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    data bytea NOT NULL
);
CREATE TABLE boekingen (
    dossier_id bigint PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
    ondersteuner_id text NOT NULL,
    tijd tsrange NOT NULL,
    door text NOT NULL,
    CONSTRAINT geen_dubbele_boeking EXCLUDE USING gist (ondersteuner_id WITH =, tijd WITH &&)
);
"#,
    ),
    (
        2,
        r#"
CREATE TABLE woordenlijsten (
    naam text PRIMARY KEY,
    tekst text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now()
);
"#,
    ),
    // account: one row per account; `sleutel` is the name trimmed and lower-cased,
    // `data` the stored Account (its PIN only as an argon2 hash).
    (
        3,
        r#"
CREATE TABLE account_accounts (
    sleutel text PRIMARY KEY,
    data bytea NOT NULL
);
"#,
    ),
    (
        4,
        r#"
CREATE TABLE audit_log (nr bigint PRIMARY KEY, op timestamp NOT NULL, data bytea NOT NULL);
CREATE TABLE audit_kop (id int PRIMARY KEY CHECK (id = 1), kop bytea);
INSERT INTO audit_kop VALUES (1, NULL);
"#,
    ),
    // beheer: the upkeep per entry of the map, and its history.
    (
        5,
        r#"
CREATE TABLE kaart_beheer (
    sleutel text PRIMARY KEY,
    data bytea NOT NULL
);
CREATE TABLE kaart_historie (
    id bigserial PRIMARY KEY,
    sleutel text NOT NULL,
    op timestamp NOT NULL,
    data bytea NOT NULL
);
CREATE INDEX kaart_historie_op_sleutel ON kaart_historie (sleutel, id);
"#,
    ),
    // telling: the map's record count (organisaties, voorzieningen, regelingen; archived
    // ones too, they stay stored), kept by every write of records in its transaction, so
    // `kaart_count` is one row instead of a count over the table. Counted once here, with writers
    // held off until this step commits.
    (
        6,
        r#"
LOCK TABLE kaart IN SHARE MODE;
INSERT INTO meta (sleutel, waarde) VALUES ('kaart_aantal', (SELECT count(*) FROM kaart))
ON CONFLICT (sleutel) DO UPDATE SET waarde = excluded.waarde;
"#,
    ),
    // leefplan: a resident's plan per dossier, and the follow-ups of desk referrals (per
    // contact), each with a revision like the dossiers. (IF NOT EXISTS: a step may run again
    // where its record in loket_schema was lost.)
    (
        7,
        r#"
CREATE TABLE IF NOT EXISTS leefplannen (
    dossier_id bigint PRIMARY KEY,
    rev bigint NOT NULL,
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    data bytea NOT NULL
);
CREATE TABLE IF NOT EXISTS opvolgingen (
    contact_id bigint PRIMARY KEY,
    rev bigint NOT NULL,
    door text NOT NULL,
    bijgewerkt timestamptz NOT NULL DEFAULT now(),
    data bytea NOT NULL
);
"#,
    ),
    // contacts and dossiers as typed tables; loket then moves the rows of step 7 into them
    // (`pg_tabellen::stap_8_verhuizen`, in the same transaction)
    (8, super::pg_tabellen::STAP_8),
    // rollen: the roles loket_eigenaar, loket_desk and loket_rapportage; sessions signed in by
    // the database; row-level security per role; the audit log appended by the database. After
    // the SQL, [`MIGRATIE_ROLLEN_NA`] fills the accounts' new columns from their records.
    (9, include_str!("pg_migratie_9_rollen.sql")),
    // zoekindex: the search snapshot of the map (names, places and the search index; nothing
    // personal), kept beside the map so that a desk that starts without one searches at once
    // instead of reading the whole map. One row, of the map version it was made of. Everyone
    // reads it (before sign-in too, like the map); the map's beheerder and the owner (an import
    // on the owner's connection) write it.
    (
        10,
        r#"
SET LOCAL search_path = public;
CREATE TABLE IF NOT EXISTS zoekindex (
    id integer PRIMARY KEY CHECK (id = 1),
    versie bigint NOT NULL CHECK (versie >= 0),
    data bytea NOT NULL,
    gemaakt timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE zoekindex OWNER TO loket_eigenaar;
ALTER TABLE zoekindex ENABLE ROW LEVEL SECURITY;
ALTER TABLE zoekindex FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS zoekindex_lezen ON zoekindex;
CREATE POLICY zoekindex_lezen ON zoekindex FOR SELECT USING (true);
DROP POLICY IF EXISTS zoekindex_schrijven ON zoekindex;
CREATE POLICY zoekindex_schrijven ON zoekindex FOR ALL
    USING ((SELECT loket.mag('beheerder-kaart'))) WITH CHECK ((SELECT loket.mag('beheerder-kaart')));
GRANT SELECT, INSERT, UPDATE ON zoekindex TO loket_desk;
"#,
    ),
    // rapportage: counts per month for a municipality's BI tool (loket_rapportage), small
    // numbers suppressed as `loket rapport` suppresses them
    (11, include_str!("pg_migratie_11_rapportage.sql")),
    // a worker changes their own PIN on the desks' login
    (12, include_str!("pg_migratie_12_eigen_pin.sql")),
    // the audit log in typed columns, held to the bytes of its chain
    (13, include_str!("pg_migratie_13_auditregels.sql")),
];

/// The step after which [`accountkolommen_vullen`] runs, in the same transaction.
pub const MIGRATIE_ROLLEN_NA: i32 = 9;

/// Advisory lock key while migrating ("loket" in ASCII).
const MIGRATION_LOCK: i64 = 0x6c6f6b6574;

pub struct PgStore {
    config: postgres::Config,
    describe: String,
    client: Mutex<Option<Client>>,
    stop: Arc<AtomicBool>,
    /// Where this desk records the audit head it last saw (see [`audit::KOP_BESTAND`]).
    kop_bestand: Option<std::path::PathBuf>,
    /// Connected as the desks' login (`loket_desk`, migration 9) rather than as the owner: signs
    /// in through `loket.aanmelden` and sees what its session's role may.
    desk_login: AtomicBool,
    /// The session token after a sign-in through the database; set on every connection
    /// (`loket.sessie`), again after a reconnect.
    sessie: Mutex<Option<String>>,
}

impl Drop for PgStore {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// TLS as libpq does it, through rustls (no system OpenSSL): `sslmode=require` encrypts without
/// checking the certificate (many municipal servers have an internal one). With `PGSSLROOTCERT`
/// the server's certificate must be signed by a trusted root and name the host (as libpq's
/// verify-full): `PGSSLROOTCERT=/pad/ca.pem` trusts the CA(s) in that file, `PGSSLROOTCERT=system`
/// the machine's own certificate store (where the municipality's IT installs its CA; libpq 16 reads
/// the same word).
fn tls() -> std::result::Result<tokio_postgres_rustls::MakeRustlsConnect, String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;
    // ring (builds with only a C compiler, unlike aws-lc-rs); rustls deprecates its provider for
    // lacking post-quantum key exchange, which it has never had: TLS 1.3 with X25519 as before
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS niet beschikbaar: {e}"))?;
    let config = match std::env::var_os("PGSSLROOTCERT") {
        Some(path) => {
            let mut roots = rustls::RootCertStore::empty();
            if path == "system" {
                let found = rustls_native_certs::load_native_certs();
                let (added, _) = roots.add_parsable_certificates(found.certs);
                if added == 0 {
                    return Err(
                        "PGSSLROOTCERT=system: geen certificaten in het certificaatarchief van deze machine".into()
                    );
                }
            } else {
                let shown = std::path::Path::new(&path).display().to_string();
                let certs = CertificateDer::pem_file_iter(&path)
                    .and_then(|it| it.collect::<std::result::Result<Vec<_>, _>>())
                    .map_err(|e| format!("PGSSLROOTCERT {shown}: {e}"))?;
                let (added, _) = roots.add_parsable_certificates(certs);
                if added == 0 {
                    return Err(format!("PGSSLROOTCERT {shown}: geen bruikbaar CA-certificaat (verwacht PEM)"));
                }
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
        None => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AlleenVersleutelen(provider)))
            .with_no_client_auth(),
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// `sslmode=require` without a CA: the connection is encrypted and the handshake's signatures
/// checked, but the certificate is not checked against a root (libpq's `require`).
#[derive(Debug)]
struct AlleenVersleutelen(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for AlleenVersleutelen {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> std::result::Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> std::result::Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Server, port, database and user, for messages (never the password).
pub fn describe_config(c: &postgres::Config) -> String {
    let host = match c.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
        None => "localhost".into(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432);
    format!(
        "PostgreSQL-database {} op {host}:{port} (gebruiker {})",
        c.get_dbname().unwrap_or("?"),
        c.get_user().unwrap_or("?")
    )
}

/// A password from PGPASSFILE or ~/.pgpass (only when that file is not readable by others), as
/// libpq does: lines `host:port:database:user:password`, `*` matches anything.
fn pgpass(c: &postgres::Config) -> Option<String> {
    let path = std::env::var_os("PGPASSFILE")
        .map(std::path::PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass")))?;
    // (libpq ignores a pgpass readable by others, and so does loket)
    if loket_base::platform::leesbaar_voor_anderen(&path) == Some(true) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    let host = match c.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "localhost".into(),
    };
    let port = c.get_ports().first().copied().unwrap_or(5432).to_string();
    let want = [host.as_str(), port.as_str(), c.get_dbname().unwrap_or(""), c.get_user().unwrap_or("")];
    text.lines().filter(|l| !l.starts_with('#')).find_map(|l| {
        let parts: Vec<&str> = l.splitn(5, ':').collect();
        (parts.len() == 5 && parts[..4].iter().zip(want).all(|(p, w)| *p == "*" || *p == w))
            .then(|| parts[4].to_string())
    })
}

fn unavailable(e: &postgres::Error) -> StoreError {
    // The server's own text for a refusal (auth, missing database) helps; never the URL.
    let text = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => {
            let s = e.to_string();
            if s.contains("Connection refused") || s.contains("error connecting") {
                "server niet bereikbaar".to_string()
            } else if e.is_closed() || s.contains("connection closed") {
                "verbinding verbroken".to_string()
            } else {
                s
            }
        }
    };
    StoreError::Unavailable(text)
}

/// Does this error mean the connection is gone (so: reconnect next time)?
fn is_connection_error(e: &postgres::Error) -> bool {
    if e.is_closed() {
        return true;
    }
    match e.code() {
        Some(c) => {
            c.code().starts_with("08")
                || *c == SqlState::ADMIN_SHUTDOWN
                || *c == SqlState::CRASH_SHUTDOWN
                || *c == SqlState::CANNOT_CONNECT_NOW
        }
        None => true,
    }
}

pub(crate) fn db_err(e: postgres::Error) -> StoreError {
    if is_connection_error(&e) {
        return unavailable(&e);
    }
    if matches!(e.code(), Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE)
    {
        return StoreError::Busy(e.as_db_error().map(|d| d.message().to_string()).unwrap_or_default());
    }
    match e.as_db_error() {
        Some(db) => StoreError::Io(format!("database: {}", db.message())),
        None => StoreError::Io(e.to_string()),
    }
}

fn enc<T: Stored>(what: impl FnOnce() -> String, v: &T) -> Result<Vec<u8>> {
    encode(v).map_err(|source| StoreError::Codec { what: what(), source })
}

fn dec<T: Stored>(what: impl FnOnce() -> String, bytes: &[u8]) -> Result<T> {
    decode(bytes).map_err(|source| StoreError::Codec { what: what(), source })
}

/// Every account (sorted by name), read through `c` (a connection or a transaction).
fn accounts_in(c: &mut impl GenericClient) -> Result<Vec<loket_domain::account::Account>> {
    let rows = c
        .query("SELECT data, rol, geblokkeerd FROM account_accounts ORDER BY sleutel COLLATE \"C\"", &[])
        .map_err(db_err)?;
    rows.iter().map(account_uit_rij).collect()
}

/// An account from its row (`data, rol, geblokkeerd`): the stored record, with its role and
/// blocked state from the columns, which the database's policies and a desk's session go by
/// (a functioneel beheerder on the desks' login changes the column only).
fn account_uit_rij(r: &postgres::Row) -> Result<loket_domain::account::Account> {
    let mut a: loket_domain::account::Account = dec(|| "account".to_string(), r.get::<_, &[u8]>(0))?;
    if let Some(rol) = r.get::<_, Option<&str>>(1).and_then(loket_domain::account::Rol::parse) {
        a.rol = rol;
    }
    a.geblokkeerd = r.get(2);
    Ok(a)
}

fn notify(t: &mut impl GenericClient, what: &str) -> Result<()> {
    t.execute("SELECT pg_notify('loket', $1)", &[&what]).map_err(db_err)?;
    Ok(())
}

/// The fingerprint of the BSN key of this database (`meta`), if one is registered.
fn bsn_fingerprint(t: &mut impl GenericClient) -> Result<Option<i64>> {
    Ok(t.query_opt("SELECT waarde FROM meta WHERE sleutel = 'bsn_sleutel'", &[]).map_err(db_err)?.map(|r| r.get(0)))
}

/// Register `fp` as the database's BSN key, unless one is registered: the one in effect.
fn register_bsn_fingerprint(t: &mut impl GenericClient, fp: i64) -> Result<i64> {
    t.execute("INSERT INTO meta (sleutel, waarde) VALUES ('bsn_sleutel', $1) ON CONFLICT (sleutel) DO NOTHING", &[&fp])
        .map_err(db_err)?;
    Ok(bsn_fingerprint(t)?.unwrap_or(fp))
}

/// The refusal when a desk's key is not the database's.
pub fn other_key(desk: i64, db: i64) -> StoreError {
    StoreError::Refused(format!(
        "BSN niet opgeslagen: deze desk heeft een andere BSN-sleutel ({}) dan de database ({}). De functioneel beheerder installeert de juiste met `loket sleutel installeren BESTAND`",
        super::sealing::fingerprint_text(desk),
        super::sealing::fingerprint_text(db)
    ))
}

/// Seal a contact's BSN with the desk's key, after checking in the same transaction that it is
/// the database's key (one key for every desk). The first BSN stored registers the key of the
/// desk that stores it; a desk never makes a key of its own here.
fn seal_tx<'a>(t: &mut impl GenericClient, c: &'a Contact) -> Result<std::borrow::Cow<'a, Contact>> {
    if !super::sealing::needs_sealing(c) {
        return Ok(std::borrow::Cow::Borrowed(c));
    }
    let desk = super::sealing::desk_fingerprint(false)?;
    let db = match bsn_fingerprint(t)? {
        Some(db) => db,
        None => register_bsn_fingerprint(t, desk)?,
    };
    if db != desk {
        return Err(other_key(desk, db));
    }
    super::sealing::seal_shared(c)
}

/// Save a contact at its revision inside a transaction; the new revision.
fn put_contact(t: &mut impl GenericClient, c: &Contact) -> Result<u64> {
    let sealed = seal_tx(t, c)?;
    let (id, rev) = (c.id as i64, c.rev as i64);
    let hoe = if c.rev == 0 { Hoe::Nieuw(1) } else { Hoe::Op(rev) };
    let n = schrijf_contact(t, sealed.as_ref(), Some(&c.medewerker), hoe)?;
    if n == 0 {
        return Err(geweigerd(t, Rec::Contact(c), "contacten", "id", id)?);
    }
    Ok(c.rev + 1)
}

fn put_case(t: &mut impl GenericClient, c: &Case) -> Result<u64> {
    let (id, rev) = (c.id as i64, c.rev as i64);
    let hoe = if c.rev == 0 { Hoe::Nieuw(1) } else { Hoe::Op(rev) };
    let n = schrijf_dossier(t, c, Some(&c.bijgewerkt_door), hoe)?;
    if n == 0 {
        return Err(geweigerd(t, Rec::Dossier(c), "dossiers", "id", id)?);
    }
    Ok(c.rev + 1)
}

/// Append `log` to the audit log inside a transaction, through the database's own function
/// (`loket.audit_toevoegen`, migration 9): it numbers each entry, links it to the hash of the
/// one before and keeps the head, under a lock of the head row, so desks append one after
/// another. A checkpoint is never appended here: only pruning makes one.
fn audit_append_tx(t: &mut impl GenericClient, log: &[Gebeurtenis]) -> Result<()> {
    for g in log {
        if matches!(g.handeling, audit::Handeling::Controlepunt { .. }) {
            return Err(StoreError::Refused("een controlepunt komt alleen van het opschonen van het auditlog".into()));
        }
        let (soort, id) = g.onderwerp.nummer();
        t.query_one(
            "SELECT loket.audit_toevoegen($1, $2, $3, $4, $5, $6)",
            &[&g.op, &g.wie, &g.handeling.nummer(), &soort, &id, &g.reden],
        )
        .map_err(db_err)?;
    }
    Ok(())
}

/// Inside an account write: take the accounts' lock (one writer at a time, on every desk and
/// connection) and read them all. The owner locks the table as well; the desks' login may not,
/// and reads the accounts from their columns.
fn accounts_schrijven(t: &mut postgres::Transaction<'_>, desk: bool) -> Result<Vec<loket_domain::account::Account>> {
    t.execute("SELECT pg_advisory_xact_lock(hashtext('loket.accounts'))", &[]).map_err(db_err)?;
    if desk {
        return accounts_zonder_pin(t, None);
    }
    t.batch_execute("LOCK TABLE account_accounts IN EXCLUSIVE MODE").map_err(db_err)?;
    accounts_in(t)
}

/// The accounts a desk's session may see (the functioneel beheerder's: all), from their columns:
/// the desks' login never reads the stored record with its PIN hash (`pin_hash` stays empty).
fn accounts_zonder_pin(
    c: &mut impl GenericClient,
    sleutel: Option<&str>,
) -> Result<Vec<loket_domain::account::Account>> {
    let rows = c
        .query(
            "SELECT coalesce(naam, sleutel), rol, geblokkeerd FROM account_accounts \
             WHERE $1::text IS NULL OR sleutel = $1 ORDER BY sleutel COLLATE \"C\"",
            &[&sleutel],
        )
        .map_err(db_err)?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let rol = loket_domain::account::Rol::parse(r.get::<_, Option<&str>>(1)?)?;
            Some(loket_domain::account::Account { naam: r.get(0), rol, pin_hash: String::new(), geblokkeerd: r.get(2) })
        })
        .collect())
}

/// The columns kept beside a stored account (migration 9) for sign-in and the policies: name,
/// role, blocked.
fn account_kolommen(a: &loket_domain::account::Account) -> (String, &'static str, bool) {
    (a.naam.clone(), a.rol.code(), a.geblokkeerd)
}

/// Migration 9, after its SQL: fill the new columns of every stored account from its record. An
/// unreadable record is reported (by number, never by name) and skipped: that account signs in
/// only on an owner connection until it is written again.
fn accountkolommen_vullen(t: &mut postgres::Transaction<'_>) -> Result<()> {
    let rows = t.query("SELECT sleutel, data FROM account_accounts", &[]).map_err(db_err)?;
    let mut onleesbaar = 0;
    for r in rows {
        let key: String = r.get(0);
        match dec::<loket_domain::account::Account>(|| "account".into(), r.get(1)) {
            Ok(a) => {
                let (naam, rol, geblokkeerd) = account_kolommen(&a);
                t.execute(
                    "UPDATE account_accounts SET naam = $2, rol = $3, geblokkeerd = $4 WHERE sleutel = $1",
                    &[&key, &naam, &rol, &geblokkeerd],
                )
                .map_err(db_err)?;
            }
            Err(_) => onleesbaar += 1,
        }
    }
    if onleesbaar > 0 {
        eprintln!(
            "schema-migratie {MIGRATIE_ROLLEN_NA}: {onleesbaar} account(s) onleesbaar en overgeslagen; die melden alleen aan via de eigenaarsverbinding"
        );
    }
    Ok(())
}

/// The typed columns of an audit entry, as `loket.audit_schrijven` fills them (migration 13):
/// wie, handeling, tot_nr, hash, onderwerp, onderwerp_id, reden, vorige.
#[allow(clippy::type_complexity)]
fn audit_kolommen(r: &Regel) -> (String, i16, Option<i64>, Option<Vec<u8>>, i16, Option<i64>, String, Vec<u8>) {
    let (tot_nr, hash) = match &r.handeling {
        audit::Handeling::Controlepunt { tot_nr, hash } => (Some(*tot_nr as i64), Some(hash.to_vec())),
        _ => (None, None),
    };
    let (soort, id) = r.onderwerp.nummer();
    (r.wie.clone(), r.handeling.nummer() as i16, tot_nr, hash, soort as i16, id, r.reden.clone(), r.vorige.to_vec())
}

/// Write an audit entry's stored bytes with its typed columns (a log copied over as it is).
fn audit_regel_invoegen(t: &mut impl GenericClient, nr: u64, bytes: &[u8]) -> Result<()> {
    let r: Regel = dec(|| format!("auditregel {nr}"), bytes)?;
    let (wie, handeling, tot_nr, hash, soort, id, reden, vorige) = audit_kolommen(&r);
    t.execute(
        "INSERT INTO audit_log (nr, op, data, wie, handeling, tot_nr, hash, onderwerp, onderwerp_id, reden, vorige) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &[&(nr as i64), &r.op, &bytes, &wie, &handeling, &tot_nr, &hash, &soort, &id, &reden, &vorige],
    )
    .map_err(db_err)?;
    Ok(())
}

/// Migration 13: the typed columns of the entries written before it, read from their bytes in
/// the migration's transaction; then the database holds every entry's columns to its bytes. An
/// entry loket can't read keeps empty columns and is named (by number) in what `loket schema
/// bijwerken` reports; the rule then holds for new entries only (NOT VALID).
fn audit_kolommen_vullen(t: &mut postgres::Transaction<'_>) -> Result<Vec<String>> {
    // a step applied again (its record in loket_schema lost): done already
    let gedaan: bool = t
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'audit_log_kolommen_zijn_de_bytes')",
            &[],
        )
        .map_err(db_err)?
        .get(0);
    if gedaan {
        return Ok(Vec::new());
    }
    let rows = t.query("SELECT nr, data FROM audit_log WHERE wie IS NULL ORDER BY nr", &[]).map_err(db_err)?;
    let mut onleesbaar = Vec::new();
    for r in rows {
        let nr: i64 = r.get(0);
        match dec::<Regel>(|| format!("auditregel {nr}"), r.get(1)) {
            Ok(regel) => {
                let (wie, handeling, tot_nr, hash, soort, id, reden, vorige) = audit_kolommen(&regel);
                t.execute(
                    "UPDATE audit_log SET wie = $2, handeling = $3, tot_nr = $4, hash = $5, onderwerp = $6, \
                     onderwerp_id = $7, reden = $8, vorige = $9 WHERE nr = $1",
                    &[&nr, &wie, &handeling, &tot_nr, &hash, &soort, &id, &reden, &vorige],
                )
                .map_err(db_err)?;
            }
            Err(_) => onleesbaar.push(nr),
        }
    }
    let bytes = "loket.audit_bytes(nr, op, wie, handeling, tot_nr, hash, onderwerp, onderwerp_id, reden, vorige)";
    // an entry read, whose columns don't give its bytes back (a time finer than the column's
    // microseconds, say): kept as it is, named below
    let anders: Vec<i64> = t
        .query(
            &format!("SELECT nr FROM audit_log WHERE wie IS NOT NULL AND data IS DISTINCT FROM {bytes} ORDER BY nr"),
            &[],
        )
        .map_err(db_err)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let regel = format!("ALTER TABLE audit_log ADD CONSTRAINT audit_log_kolommen_zijn_de_bytes CHECK (data = {bytes})");
    let mut meldingen = Vec::new();
    if !anders.is_empty() {
        let nrs: Vec<String> = anders.iter().map(|n| n.to_string()).collect();
        meldingen.push(format!(
            "auditlog: {} regel(s) waarvan de kolommen niet precies de bewaarde bytes geven (nummers {}); de regel geldt voor nieuwe regels, de keten controleert ze",
            anders.len(),
            nrs.join(", ")
        ));
    }
    if onleesbaar.is_empty() && anders.is_empty() {
        t.batch_execute(&format!(
            "ALTER TABLE audit_log ALTER COLUMN wie SET NOT NULL, ALTER COLUMN handeling SET NOT NULL, \
             ALTER COLUMN onderwerp SET NOT NULL, ALTER COLUMN reden SET NOT NULL, ALTER COLUMN vorige SET NOT NULL; \
             {regel}"
        ))
        .map_err(db_err)?;
        return Ok(Vec::new());
    }
    t.batch_execute(&format!("{regel} NOT VALID")).map_err(db_err)?;
    if !onleesbaar.is_empty() {
        let nrs: Vec<String> = onleesbaar.iter().map(|n| n.to_string()).collect();
        meldingen.push(format!(
            "auditlog: {} regel(s) onleesbaar, zonder kolommen bewaard (nummers {}); de keten blijft ze controleren",
            onleesbaar.len(),
            nrs.join(", ")
        ));
    }
    Ok(meldingen)
}

/// Take the booking locks of these supporters for the rest of the transaction, in one fixed
/// order. An exclusion constraint can deadlock two transactions that insert clashing rows at the
/// same moment (each waits for the other's uncommitted row); with every insert and delete of a
/// supporter's bookings made under that supporter's lock, they queue instead.
fn lock_supporters(t: &mut postgres::Transaction<'_>, ids: &[&str]) -> Result<()> {
    let mut ids: Vec<&str> = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        t.execute("SELECT pg_advisory_xact_lock(hashtext('loket.boeking:' || $1))", &[&id]).map_err(db_err)?;
    }
    Ok(())
}

/// Claim `slot` for `case_id`; false when another appointment of that supporter overlaps.
fn claim(t: &mut postgres::Transaction<'_>, case_id: u64, slot: &Slot, door: &str) -> Result<bool> {
    lock_supporters(t, &[&slot.ondersteuner_id])?;
    t.execute("SAVEPOINT claim", &[]).map_err(db_err)?;
    let r = t.execute(
        "INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door) VALUES ($1, $2, tsrange($3, $4), $5)",
        &[&(case_id as i64), &slot.ondersteuner_id, &slot.start, &slot.eind, &door],
    );
    match r {
        Ok(_) => {
            t.execute("RELEASE SAVEPOINT claim", &[]).map_err(db_err)?;
            Ok(true)
        }
        Err(e) if e.code() == Some(&SqlState::EXCLUSION_VIOLATION) => {
            t.execute("ROLLBACK TO SAVEPOINT claim", &[]).map_err(db_err)?;
            Ok(false)
        }
        Err(e) => Err(db_err(e)),
    }
}

impl PgStore {
    /// Connect, and create or upgrade the schema. A Dutch error names the server, never the
    /// password.
    /// Record the audit log's head in this desk's data directory `dir` after each append, and
    /// check the log against it: one file per database (its name, host and port).
    pub fn met_kop_in(mut self, dir: &std::path::Path) -> PgStore {
        let host = match self.config.get_hosts().first() {
            Some(postgres::config::Host::Tcp(h)) => h.clone(),
            Some(postgres::config::Host::Unix(p)) => p.display().to_string(),
            None => "localhost".into(),
        };
        let wie = format!(
            "{}@{host}:{}",
            self.config.get_dbname().unwrap_or("?"),
            self.config.get_ports().first().copied().unwrap_or(5432)
        );
        let h: String = audit::hash(wie.as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect();
        self.kop_bestand = Some(dir.join(format!("{}.pg-{h}", audit::KOP_BESTAND)));
        self
    }

    /// After a write that appended `log`: record the head.
    fn na_audit(&self, log: &[Gebeurtenis]) {
        if !log.is_empty() {
            self.kop_vastleggen();
        }
    }

    /// After an append: record the head (best effort; the change itself is stored).
    fn kop_vastleggen(&self) {
        let Some(file) = &self.kop_bestand else { return };
        let kop = self.with(|c| {
            Ok(c.query_opt("SELECT kop FROM audit_kop WHERE id = 1", &[])
                .map_err(db_err)?
                .and_then(|r| r.get::<_, Option<Vec<u8>>>(0))
                .and_then(|b| audit::kop_lezen(&b)))
        });
        if let Ok(Some(kop)) = kop {
            if let Some(dir) = file.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            let _ = audit::kop_bestand_schrijven(file, kop);
        }
    }

    /// Connect to the shared database. An empty database gets loket's schema; one whose schema is
    /// older than this loket's is refused (a desk never upgrades it as a side effect of starting:
    /// the beheerder runs [`PgStore::schema_bijwerken`], `loket schema bijwerken`).
    pub fn connect(url: &str) -> Result<PgStore> {
        Ok(PgStore::open(url, false)?.0)
    }

    /// Apply the schema steps this loket has and the database lacks, in order, in one
    /// transaction (`loket schema bijwerken`). Returns the steps applied (none: already current).
    pub fn schema_bijwerken(url: &str) -> Result<Vec<i32>> {
        Ok(PgStore::open(url, true)?.1.stappen)
    }

    /// As [`PgStore::schema_bijwerken`], with what the beheerder must know about the records the
    /// steps moved (see [`Bijgewerkt`]).
    pub fn schema_bijwerken_verslag(url: &str) -> Result<Bijgewerkt> {
        Ok(PgStore::open(url, true)?.1)
    }

    /// After a restore of a dump made without owners and grants (`loket herstel`: pg_restore
    /// --no-owner --no-privileges): apply the roles step ([`MIGRATIE_ROLLEN_NA`]) and every
    /// applied step after it again, so the tables, views and functions belong to loket_eigenaar
    /// and the desks' and reports' logins have their grants. These steps run again cleanly; on
    /// the owner's connection, in one transaction.
    pub fn rechten_herstellen(url: &str) -> Result<()> {
        let config = Self::config_van(url)?;
        let mut c = Self::new_client(&config)?;
        let mut t = c.transaction().map_err(db_err)?;
        t.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(db_err)?;
        t.batch_execute("SET LOCAL search_path = public").map_err(db_err)?;
        let done: Vec<i32> =
            t.query("SELECT versie FROM loket_schema", &[]).map_err(db_err)?.iter().map(|r| r.get(0)).collect();
        for (_, sql) in MIGRATIONS.iter().filter(|m| m.0 >= MIGRATIE_ROLLEN_NA && done.contains(&m.0)) {
            t.batch_execute(sql).map_err(|e| match e.as_db_error() {
                Some(db) => StoreError::Refused(format!("rollen en rechten niet hersteld: {}", db.message())),
                None => db_err(e),
            })?;
        }
        t.commit().map_err(db_err)
    }

    /// The database's loket schema version, without changing anything: None for a database
    /// without loket's schema (empty, or another program's). For `loket backup` and `loket
    /// herstel` on PostgreSQL.
    pub fn schemaversie(url: &str) -> Result<Option<i32>> {
        let config = Self::config_van(url)?;
        let mut c = Self::new_client(&config).map_err(|e| match e {
            StoreError::Unavailable(why) => {
                StoreError::Refused(format!("de database is niet bereikbaar: {} ({why})", describe_config(&config)))
            }
            other => other,
        })?;
        let bestaat: Option<String> =
            c.query_one("SELECT to_regclass('loket_schema')::text", &[]).map_err(db_err)?.get(0);
        if bestaat.is_none() {
            return Ok(None);
        }
        c.query_one("SELECT max(versie) FROM loket_schema", &[]).map_err(db_err).map(|r| r.get(0))
    }

    fn config_van(url: &str) -> Result<postgres::Config> {
        let mut config = postgres::Config::from_str(url).map_err(|_| {
            StoreError::Refused(
                "het database-adres is ongeldig; verwacht bijvoorbeeld postgres://gebruiker@server/loket".into(),
            )
        })?;
        if config.get_password().is_none() {
            if let Some(p) = pgpass(&config) {
                config.password(p);
            } else if let Ok(p) = std::env::var("PGPASSWORD") {
                config.password(p);
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        if config.get_application_name().is_none() {
            config.application_name("loket");
        }
        Ok(config)
    }

    fn open(url: &str, bijwerken: bool) -> Result<(PgStore, Bijgewerkt)> {
        let config = Self::config_van(url)?;
        let describe = describe_config(&config);
        let store = PgStore {
            config,
            describe,
            client: Mutex::new(None),
            stop: Arc::new(AtomicBool::new(false)),
            kop_bestand: None,
            desk_login: AtomicBool::new(false),
            sessie: Mutex::new(None),
        };
        let toegepast = store.with(|c| migrate(c, bijwerken)).map_err(|e| match e {
            StoreError::Unavailable(why) => StoreError::Refused(format!(
                "de database is niet bereikbaar: {} ({why}). Controleer of de server draait en het adres klopt; zonder --database werkt loket met de ingebouwde opslag",
                store.describe
            )),
            other => other,
        })?;
        // the owner (or a superuser) is loket_eigenaar or a member; the desks' login is not
        let desk = store.with(|c| {
            let r = c
                .query_one(
                    "SELECT to_regprocedure('loket.eigenaar()') IS NOT NULL \
                     AND NOT pg_has_role(current_user, 'loket_eigenaar', 'USAGE')",
                    &[],
                )
                .map_err(db_err)?;
            Ok(r.get::<_, bool>(0))
        })?;
        store.desk_login.store(desk, Ordering::Relaxed);
        Ok((store, toegepast))
    }

    fn new_client(config: &postgres::Config) -> Result<Client> {
        let tls = tls().map_err(StoreError::Unavailable)?;
        config.connect(tls).map_err(|e| unavailable(&e))
    }

    /// Run `f` with a connection (connecting when there is none). After a connection error the
    /// connection is dropped, so the next call connects again.
    fn with<R>(&self, f: impl FnOnce(&mut Client) -> Result<R>) -> Result<R> {
        let mut guard = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if guard.as_ref().is_some_and(|c| c.is_closed()) {
            *guard = None;
        }
        if guard.is_none() {
            let mut c = Self::new_client(&self.config)?;
            // a new connection carries on the signed-in session
            let token = self.sessie.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(token) = token {
                c.execute("SELECT set_config('loket.sessie', $1, false)", &[&token]).map_err(|e| unavailable(&e))?;
            }
            *guard = Some(c);
        }
        let r = f(guard.as_mut().expect("connected above"));
        if let Err(StoreError::Unavailable(_)) = &r {
            *guard = None;
        }
        r
    }

    /// A transaction; retried a few times on a serialization failure or deadlock.
    fn tx<R>(&self, f: impl Fn(&mut postgres::Transaction<'_>) -> Result<R>) -> Result<R> {
        self.with(|c| {
            let mut tries = 0;
            loop {
                let mut t = c.transaction().map_err(db_err)?;
                let r = f(&mut t);
                let r = match r {
                    Ok(v) => {
                        super::kill_point("handoff:commit");
                        let r = t.commit().map(|_| v).map_err(db_err);
                        super::kill_point("handoff:committed");
                        r
                    }
                    Err(e) => Err(e),
                };
                match r {
                    // the whole transaction is undone by the server; run it again, a little later
                    Err(StoreError::Busy(_)) if tries < 10 => {
                        tries += 1;
                        let jitter = std::process::id() as u64 % 7 + tries * 5;
                        std::thread::sleep(std::time::Duration::from_millis(jitter));
                    }
                    other => return other,
                }
            }
        })
    }

    /// Is any loket data in this database? (`migreer` refuses a target that has data.)
    fn is_empty_impl(&self) -> Result<bool> {
        self.with(|c| {
            let row = c
                .query_one(
                    "SELECT (SELECT count(*) FROM kaart) + (SELECT count(*) FROM contacten) + (SELECT count(*) FROM dossiers) + (SELECT count(*) FROM ondersteuners) \
                     + (SELECT count(*) FROM woordenlijsten) + (SELECT count(*) FROM account_accounts) + (SELECT count(*) FROM audit_log) \
                     + (SELECT count(*) FROM audit_kop WHERE kop IS NOT NULL) + (SELECT count(*) FROM kaart_beheer) + (SELECT count(*) FROM kaart_historie) \
                     + (SELECT count(*) FROM leefplannen) + (SELECT count(*) FROM opvolgingen) + (SELECT count(*) FROM onleesbaar)",
                    &[],
                )
                .map_err(db_err)?;
            Ok(row.get::<_, i64>(0) == 0)
        })
    }

    /// Copy everything into this (empty) database in one transaction, keeping ids and
    /// revisions; the id sequences continue after the largest ids.
    fn import_all_impl(&self, all: &super::migreer::Alles) -> Result<()> {
        self.tx(|t| {
            write_kaart(t, &all.kaart)?;
            t.execute("UPDATE meta SET waarde = 1 WHERE sleutel = 'kaart_geseed'", &[]).map_err(db_err)?;
            for o in &all.ondersteuners {
                let data = enc(|| format!("cliëntondersteuner {}", o.id), o)?;
                t.execute("INSERT INTO ondersteuners (id, data) VALUES ($1, $2)", &[&o.id, &data]).map_err(db_err)?;
            }
            for c in &all.contacts {
                let sealed = seal_tx(t, c)?;
                if schrijf_contact(t, sealed.as_ref(), Some(&c.medewerker), Hoe::Nieuw(c.rev.max(1) as i64))? == 0 {
                    return Err(StoreError::Refused(format!("contact {} staat er twee keer in", c.id)));
                }
            }
            for k in &all.cases {
                if schrijf_dossier(t, k, Some(&k.bijgewerkt_door), Hoe::Nieuw(k.rev.max(1) as i64))? == 0 {
                    return Err(StoreError::Refused(format!("dossier {} staat er twee keer in", k.id)));
                }
            }
            for b in &all.bookings {
                t.execute(
                    "INSERT INTO boekingen (dossier_id, ondersteuner_id, tijd, door) VALUES ($1, $2, tsrange($3, $4), $5)",
                    &[&(b.case_id as i64), &b.ondersteuner_id, &b.start, &b.eind, &b.door],
                )
                .map_err(db_err)?;
            }
            let (tc, td) = (all.tellers.contact as i64, all.tellers.dossier as i64);
            t.execute(
                "SELECT setval('contact_id', greatest((SELECT max(id) FROM contacten), $1, 1)), \
                        setval('dossier_id', greatest((SELECT max(id) FROM dossiers), $2, 1))",
                &[&tc, &td],
            )
            .map_err(db_err)?;
            for (naam, tekst) in &all.woordenlijsten {
                t.execute("INSERT INTO woordenlijsten (naam, tekst) VALUES ($1, $2)", &[naam, tekst]).map_err(db_err)?;
            }
            for a in &all.accounts {
                let data = enc(|| "account".to_string(), a)?;
                let (naam, rol, geblokkeerd) = account_kolommen(a);
                t.execute(
                    "INSERT INTO account_accounts (sleutel, data, naam, rol, geblokkeerd) VALUES ($1, $2, $3, $4, $5)",
                    &[&loket_domain::account::Account::sleutel(&a.naam), &data, &naam, &rol, &geblokkeerd],
                )
                .map_err(db_err)?;
            }
            // the audit log byte for byte, with its numbers and head; then the new entries
            for (nr, bytes) in &all.audit.regels {
                audit_regel_invoegen(t, *nr, bytes)?;
            }
            let kop = all.audit.kop.map(|(nr, h)| audit::kop_bytes(nr, &h));
            t.execute("UPDATE audit_kop SET kop = $1 WHERE id = 1", &[&kop]).map_err(db_err)?;
            audit_append_tx(t, &all.audit_erbij)?;
            for b in &all.beheer_staten {
                put_beheer(t, b)?;
            }
            for (n, w) in &all.beheer_historie {
                let data = enc(|| format!("kaartwijziging {n}"), w)?;
                t.execute(
                    "INSERT INTO kaart_historie (id, sleutel, op, data) VALUES ($1, $2, $3, $4)",
                    &[&(*n as i64), &w.sleutel, &w.op, &data],
                )
                .map_err(db_err)?;
            }
            if !all.beheer_historie.is_empty() {
                t.batch_execute("SELECT setval('kaart_historie_id_seq', (SELECT max(id) FROM kaart_historie))")
                    .map_err(db_err)?;
            }
            for p in &all.plannen {
                let data = enc(|| format!("leefplan {}", p.dossier_id), p)?;
                t.execute(
                    "INSERT INTO leefplannen (dossier_id, rev, door, data) VALUES ($1, $2, $3, $4)",
                    &[&(p.dossier_id as i64), &(p.rev.max(1) as i64), &p.bijgewerkt_door, &data],
                )
                .map_err(db_err)?;
            }
            for v in &all.opvolgingen {
                let data = enc(|| format!("opvolging {}", v.contact_id), v)?;
                t.execute(
                    "INSERT INTO opvolgingen (contact_id, rev, door, data) VALUES ($1, $2, $3, $4)",
                    &[&(v.contact_id as i64), &(v.rev.max(1) as i64), &v.opvolging.wie, &data],
                )
                .map_err(db_err)?;
            }
            notify(t, "kaart")?;
            notify(t, "woordenlijsten")?;
            Ok(())
        })
    }

    /// Test support: end every other connection to this database, as a server restart would.
    pub fn kill_other_connections(&self) -> Result<u64> {
        self.with(|c| {
            c.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                &[],
            )
            .map_err(db_err)
        })
    }

    /// Test support: end this store's own connection (the next call reconnects).
    pub fn drop_connection_for_test(&self) {
        if let Ok(mut g) = self.client.lock() {
            if let Some(c) = g.as_mut() {
                let _ = c.batch_execute("SELECT pg_terminate_backend(pg_backend_pid())");
            }
        }
    }
}

/// A read-only transaction on one snapshot (REPEATABLE READ): a record and its child rows are
/// read as they were at one moment, even while other desks write.
fn lees_tx(c: &mut Client) -> std::result::Result<postgres::Transaction<'_>, postgres::Error> {
    c.build_transaction().read_only(true).isolation_level(postgres::IsolationLevel::RepeatableRead).start()
}

/// The schema steps missing from the database, applied when it is empty (a new database) or when
/// `bijwerken`; otherwise a database behind this loket is refused with what to do.
fn migrate(c: &mut Client, bijwerken: bool) -> Result<Bijgewerkt> {
    let mut t = c.transaction().map_err(db_err)?;
    t.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(db_err)?;
    // every step makes its tables in schema public, whatever the role's "$user" schema (an owner
    // named `loket` has one since step 9 made the schema `loket` for its functions)
    t.batch_execute("SET LOCAL search_path = public").map_err(db_err)?;
    // made only when missing: the desks' login (loket_desk, migration 9) may create nothing
    let bestaat: bool = t.query_one("SELECT to_regclass('loket_schema') IS NOT NULL", &[]).map_err(db_err)?.get(0);
    if !bestaat {
        t.batch_execute(
            "CREATE TABLE loket_schema (versie integer PRIMARY KEY, toegepast timestamptz NOT NULL DEFAULT now())",
        )
        .map_err(db_err)?;
    }
    let done: Vec<i32> =
        t.query("SELECT versie FROM loket_schema", &[]).map_err(db_err)?.iter().map(|r| r.get(0)).collect();
    let newest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if let Some(v) = done.iter().copied().filter(|v| *v > newest).max() {
        return Err(StoreError::Refused(format!(
            "de database heeft schemaversie {v}, nieuwer dan deze loket kent ({newest}); werk loket bij"
        )));
    }
    let missend: Vec<i32> = MIGRATIONS.iter().map(|m| m.0).filter(|v| !done.contains(v)).collect();
    if !bijwerken && !done.is_empty() && !missend.is_empty() {
        let nu = done.iter().copied().max().unwrap_or(0);
        return Err(StoreError::Refused(format!(
            "de database heeft schemaversie {nu} en deze loket verwacht {newest}; de functioneel beheerder werkt het schema bij met 'loket schema bijwerken --database …' (maak eerst een reservekopie met pg_dump); tot dan opent deze loket de database niet"
        )));
    }
    // every step not done yet, in order (a development build may have done a later step before
    // an earlier one existed)
    let mut meldingen = Vec::new();
    for (v, sql) in MIGRATIONS.iter().filter(|m| !done.contains(&m.0)) {
        let mislukt = |e: postgres::Error| match e.as_db_error() {
            Some(db) => StoreError::Refused(format!("schema-migratie {v} mislukt: {}", db.message())),
            None => db_err(e),
        };
        t.batch_execute(sql).map_err(mislukt)?;
        // a step whose records loket itself converts (SQL can't read bincode)
        if *v == 8 {
            meldingen.extend(super::pg_tabellen::stap_8_verhuizen(&mut t).map_err(|e| match e {
                StoreError::Io(m) => StoreError::Refused(format!("schema-migratie 8 mislukt: {m}")),
                e => e,
            })?);
        }
        if *v == MIGRATIE_ROLLEN_NA {
            accountkolommen_vullen(&mut t)?;
        }
        if *v == 13 {
            meldingen.extend(audit_kolommen_vullen(&mut t)?);
        }
        t.execute("INSERT INTO loket_schema (versie) VALUES ($1)", &[v]).map_err(db_err)?;
    }
    t.commit().map_err(db_err)?;
    Ok(Bijgewerkt { stappen: missend, meldingen })
}

/// What `loket schema bijwerken` did: the steps applied, and what the beheerder must know about
/// the records they moved (a record kept aside as unreadable, a rule that old records break).
/// Ids and reasons only, never a record's content.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Bijgewerkt {
    pub stappen: Vec<i32>,
    pub meldingen: Vec<String>,
}

fn kaart_rows(kaart: &Kaart) -> Result<Vec<(String, i8, Vec<u8>)>> {
    let mut rows = Vec::with_capacity(kaart.organisaties.len() + kaart.voorzieningen.len() + kaart.regelingen.len());
    for o in &kaart.organisaties {
        rows.push((format!("o/{}", o.id), b'o' as i8, enc(|| format!("organisatie {}", o.id), o)?));
    }
    for v in &kaart.voorzieningen {
        rows.push((format!("v/{}", v.id), b'v' as i8, enc(|| format!("voorziening {}", v.id), v)?));
    }
    for r in &kaart.regelingen {
        rows.push((format!("r/{}", r.id), b'r' as i8, enc(|| format!("regeling {}", r.id), r)?));
    }
    Ok(rows)
}

/// Upsert the map in chunks (arrays, so 100k records are a few dozen round trips), and add the
/// rows that are new to the record count (`meta` row `kaart_aantal`) in the same transaction.
fn write_kaart(t: &mut postgres::Transaction<'_>, kaart: &Kaart) -> Result<()> {
    let versie = kaart_versie_op(t)?;
    kaart_rijen(t, kaart, versie)?;
    notify(t, "kaart")
}

/// The map's version + 1, stored; the new version.
fn kaart_versie_op(t: &mut postgres::Transaction<'_>) -> Result<i64> {
    Ok(t.query_one("UPDATE meta SET waarde = waarde + 1 WHERE sleutel = 'kaart_versie' RETURNING waarde", &[])
        .map_err(db_err)?
        .get(0))
}

/// Insert or replace the records of `kaart` as of map version `versie`, the count kept.
fn kaart_rijen(t: &mut postgres::Transaction<'_>, kaart: &Kaart, versie: i64) -> Result<()> {
    let rows = kaart_rows(kaart)?;
    let mut nieuw = 0i64;
    for chunk in rows.chunks(4000) {
        let keys: Vec<&str> = chunk.iter().map(|r| r.0.as_str()).collect();
        let kinds: Vec<i8> = chunk.iter().map(|r| r.1).collect();
        let data: Vec<&[u8]> = chunk.iter().map(|r| r.2.as_slice()).collect();
        // a row inserted now has xmax 0; one updated by ON CONFLICT carries this transaction's id
        let erbij: i64 = t
            .query_one(
                "WITH w AS (INSERT INTO kaart (sleutel, soort, versie, data) \
                 SELECT k, s, $4, d FROM unnest($1::text[], $2::\"char\"[], $3::bytea[]) AS u(k, s, d) \
                 ON CONFLICT (sleutel) DO UPDATE SET soort = excluded.soort, versie = excluded.versie, data = excluded.data \
                 RETURNING (xmax = 0) AS nieuw) \
                 SELECT count(*) FILTER (WHERE nieuw) FROM w",
                &[&keys, &kinds, &data, &versie],
            )
            .map_err(db_err)?
            .get(0);
        nieuw += erbij;
    }
    if nieuw > 0 {
        t.execute("UPDATE meta SET waarde = waarde + $1 WHERE sleutel = 'kaart_aantal'", &[&nieuw]).map_err(db_err)?;
    }
    Ok(())
}

/// beheer: store the upkeep of an entry (insert or replace).
fn put_beheer(t: &mut postgres::Transaction<'_>, b: &Beheer) -> Result<()> {
    let data = enc(|| format!("kaartbeheer {}", b.sleutel), b)?;
    t.execute(
        "INSERT INTO kaart_beheer (sleutel, data) VALUES ($1, $2) ON CONFLICT (sleutel) DO UPDATE SET data = excluded.data",
        &[&b.sleutel, &data],
    )
    .map_err(db_err)?;
    Ok(())
}

/// beheer: add a history line.
fn put_historie(t: &mut postgres::Transaction<'_>, w: &Wijziging) -> Result<()> {
    let data = enc(|| format!("kaartwijziging {}", w.sleutel), w)?;
    t.execute("INSERT INTO kaart_historie (sleutel, op, data) VALUES ($1, $2, $3)", &[&w.sleutel, &w.op, &data])
        .map_err(db_err)?;
    Ok(())
}

fn read_kaart(
    c: &mut impl GenericClient,
    after: Option<i64>,
    progress: &mut dyn FnMut(usize),
) -> Result<Loaded<Kaart>> {
    use postgres::fallible_iterator::FallibleIterator;
    let mut out = Loaded::<Kaart>::default();
    let after = after.unwrap_or(-1);
    let mut it = c
        .query_raw("SELECT sleutel, soort, data FROM kaart WHERE versie > $1 ORDER BY sleutel", [&after])
        .map_err(db_err)?;
    let mut n = 0usize;
    while let Some(row) = it.next().map_err(db_err)? {
        let soort: i8 = row.get(1);
        super::kaart::neem_op(&mut out, soort as u8, row.get(0), row.get(2));
        n += 1;
        if n.is_multiple_of(4096) {
            progress(n);
        }
    }
    progress(n);
    Ok(out)
}

/// The primitives of the write path ([`super::usecase`]) inside one PostgreSQL transaction, on
/// the typed tables. `geaudit` tells [`PgStore::transactie`] to record the audit head after the
/// commit.
struct PgTx<'a, 'b> {
    t: &'a mut postgres::Transaction<'b>,
    geaudit: bool,
}

/// A conditional write of a record kept as a blob with a revision beside it (plans,
/// follow-ups): insert when `rev` is 0, else update at `rev`; refused as
/// [`super::usecase::weigering`] says.
fn schrijf_blob_als(
    t: &mut postgres::Transaction<'_>,
    r: Rec<'_>,
    tabel: &str,
    sleutel: &str,
    id: i64,
    door: &str,
    data: &[u8],
) -> Result<u64> {
    let rev = r.rev() as i64;
    let n = if rev == 0 {
        t.execute(
            &format!("INSERT INTO {tabel} ({sleutel}, rev, door, data) VALUES ($1, 1, $2, $3) ON CONFLICT ({sleutel}) DO NOTHING"),
            &[&id, &door, &data],
        )
    } else {
        t.execute(
            &format!("UPDATE {tabel} SET rev = rev + 1, door = $3, data = $4, bijgewerkt = now() WHERE {sleutel} = $1 AND rev = $2"),
            &[&id, &rev, &door, &data],
        )
    }
    .map_err(db_err)?;
    if n == 0 {
        return Err(geweigerd(t, r, tabel, sleutel, id)?);
    }
    Ok(r.rev() + 1)
}

/// Why a conditional write of `r` in `tabel` wrote no row: read the stored revision and who
/// wrote it, and refuse as [`super::usecase::weigering`] says.
fn geweigerd(t: &mut impl GenericClient, r: Rec<'_>, tabel: &str, sleutel: &str, id: i64) -> Result<StoreError> {
    let stored = t
        .query_opt(&format!("SELECT rev, door FROM {tabel} WHERE {sleutel} = $1"), &[&id])
        .map_err(db_err)?
        .map(|row| (row.get::<_, i64>(0) as u64, row.get::<_, String>(1)));
    let (opgeslagen, door) = match stored {
        Some((rev, door)) => (Some(rev), door),
        None => (None, String::new()),
    };
    // a row that matches now was changed between the write and this read: still a conflict
    Ok(super::usecase::weigering(r, opgeslagen, || door.clone())
        .unwrap_or_else(|| StoreError::Conflict { what: r.wat(), door: door.clone() }))
}

/// Overwrite a blob record whatever its revision (plans, follow-ups): revision + 1.
fn overschrijf_blob(
    t: &mut postgres::Transaction<'_>,
    tabel: &str,
    sleutel: &str,
    id: i64,
    door: &str,
    data: &[u8],
) -> Result<()> {
    t.execute(
        &format!(
            "INSERT INTO {tabel} ({sleutel}, rev, door, data) VALUES ($1, 1, $2, $3) \
             ON CONFLICT ({sleutel}) DO UPDATE SET rev = {tabel}.rev + 1, data = excluded.data, bijgewerkt = now()"
        ),
        &[&id, &door, &data],
    )
    .map_err(db_err)?;
    Ok(())
}

fn opvolging_door(v: &Verwijzingsopvolging) -> String {
    v.opvolging.vastgelegd.as_ref().map(|x| x.1.clone()).unwrap_or_default()
}

impl Tx for PgTx<'_, '_> {
    fn schrijf_als(&mut self, r: Rec<'_>) -> Result<u64> {
        match r {
            Rec::Contact(c) => put_contact(self.t, c),
            Rec::Dossier(k) => put_case(self.t, k),
            Rec::Plan(p) => {
                let data = enc(|| format!("leefplan {}", p.dossier_id), p)?;
                schrijf_blob_als(self.t, r, "leefplannen", "dossier_id", p.dossier_id as i64, &p.bijgewerkt_door, &data)
            }
            Rec::Opvolging(v) => {
                let data = enc(|| format!("opvolging {}", v.contact_id), v)?;
                schrijf_blob_als(self.t, r, "opvolgingen", "contact_id", v.contact_id as i64, &opvolging_door(v), &data)
            }
        }
    }

    fn overschrijf(&mut self, r: Rec<'_>) -> Result<()> {
        match r {
            Rec::Contact(c) => {
                let sealed = seal_tx(self.t, c)?;
                schrijf_contact(self.t, sealed.as_ref(), None, Hoe::Over)?;
            }
            Rec::Dossier(k) => {
                schrijf_dossier(self.t, k, None, Hoe::Over)?;
            }
            Rec::Plan(p) => {
                let data = enc(|| format!("leefplan {}", p.dossier_id), p)?;
                overschrijf_blob(self.t, "leefplannen", "dossier_id", p.dossier_id as i64, &p.bijgewerkt_door, &data)?;
            }
            Rec::Opvolging(v) => {
                let data = enc(|| format!("opvolging {}", v.contact_id), v)?;
                overschrijf_blob(self.t, "opvolgingen", "contact_id", v.contact_id as i64, &v.opvolging.wie, &data)?;
            }
        }
        Ok(())
    }

    fn contact_verwijderen(&mut self, id: u64) -> Result<()> {
        self.t.execute("DELETE FROM contacten WHERE id = $1", &[&(id as i64)]).map_err(db_err)?;
        Ok(())
    }

    fn dossier_lezen(&mut self, id: u64) -> Result<Option<Case>> {
        let id = id as i64;
        if self.t.query_opt("SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE", &[&id]).map_err(db_err)?.is_none() {
            return Ok(None);
        }
        lees_dossiers(self.t, "d.id = $1", &[&id])?.pop().map(|(_, k)| k).transpose()
    }

    fn nieuw_id(&mut self, reeks: Reeks) -> Result<u64> {
        let sql = match reeks {
            Reeks::Contact => "SELECT nextval('contact_id')",
            Reeks::Dossier => "SELECT nextval('dossier_id')",
        };
        Ok(self.t.query_one(sql, &[]).map_err(db_err)?.get::<_, i64>(0) as u64)
    }

    fn id_gezien(&mut self, _reeks: Reeks, _id: u64) -> Result<()> {
        // ids come from the sequences; an import sets them past what it brings
        Ok(())
    }

    fn boek(&mut self, dossier: u64, _had: Option<&Slot>, naar: Option<&Slot>, door: &str) -> Result<()> {
        // the dossier's bookings as stored (the rows, whatever the dossier says), and the new
        // supporter's, locked in one order; then let go and claim
        let held: Vec<String> = self
            .t
            .query("SELECT ondersteuner_id FROM boekingen WHERE dossier_id = $1", &[&(dossier as i64)])
            .map_err(db_err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut locks: Vec<&str> = held.iter().map(String::as_str).collect();
        if let Some(s) = naar {
            locks.push(&s.ondersteuner_id);
        }
        lock_supporters(self.t, &locks)?;
        if !held.is_empty() {
            self.t.execute("DELETE FROM boekingen WHERE dossier_id = $1", &[&(dossier as i64)]).map_err(db_err)?;
        }
        match naar {
            Some(s) if !claim(self.t, dossier, s, door)? => Err(StoreError::TijdBezet),
            _ => Ok(()),
        }
    }

    fn ondersteuner_lezen(&mut self, id: &str) -> Result<Option<Clientondersteuner>> {
        // no booking of this supporter can be made or moved while this transaction runs
        lock_supporters(self.t, &[id])?;
        let Some(row) =
            self.t.query_opt("SELECT data FROM ondersteuners WHERE id = $1 FOR UPDATE", &[&id]).map_err(db_err)?
        else {
            return Ok(None);
        };
        dec(|| format!("cliëntondersteuner {id}"), row.get(0)).map(Some)
    }

    fn ondersteuner_schrijven(&mut self, o: &Clientondersteuner) -> Result<()> {
        let data = enc(|| format!("cliëntondersteuner {}", o.id), o)?;
        self.t.execute("UPDATE ondersteuners SET data = $2 WHERE id = $1", &[&o.id, &data]).map_err(db_err)?;
        Ok(())
    }

    fn geboekte_dossiers(&mut self, id: &str) -> Result<Vec<Case>> {
        // the booked dossiers of this supporter, locked, then read
        self.t
            .query(
                "SELECT d.id FROM boekingen b JOIN dossiers d ON d.id = b.dossier_id WHERE b.ondersteuner_id = $1 FOR UPDATE OF d",
                &[&id],
            )
            .map_err(db_err)?;
        lees_dossiers(self.t, "d.id IN (SELECT dossier_id FROM boekingen WHERE ondersteuner_id = $1)", &[&id])?
            .into_iter()
            .map(|(_, k)| k)
            .collect()
    }

    fn woordenlijst_lezen(&mut self, naam: &str) -> Result<Option<String>> {
        // the row is locked; when there is none, a desk storing one meanwhile makes the insert
        // of `woordenlijst_schrijven` find it
        Ok(self
            .t
            .query_opt("SELECT tekst FROM woordenlijsten WHERE naam = $1 FOR UPDATE", &[&naam])
            .map_err(db_err)?
            .map(|r| r.get(0)))
    }

    fn woordenlijst_schrijven(&mut self, naam: &str, tekst: &str, nieuw: bool) -> Result<()> {
        let n = if nieuw {
            self.t.execute(
                "INSERT INTO woordenlijsten (naam, tekst) VALUES ($1, $2) ON CONFLICT (naam) DO NOTHING",
                &[&naam, &tekst],
            )
        } else {
            self.t.execute(
                "INSERT INTO woordenlijsten (naam, tekst) VALUES ($1, $2) \
                 ON CONFLICT (naam) DO UPDATE SET tekst = excluded.tekst, bijgewerkt = now()",
                &[&naam, &tekst],
            )
        }
        .map_err(db_err)?;
        if n == 0 {
            return Err(StoreError::Conflict { what: format!("De woordenlijst {naam}"), door: String::new() });
        }
        Ok(())
    }

    fn kaart_record_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .t
            .query_opt("SELECT data FROM kaart WHERE sleutel = $1 FOR UPDATE", &[&sleutel])
            .map_err(db_err)?
            .map(|r| r.get(0)))
    }

    fn kaart_versie_ophogen(&mut self) -> Result<u64> {
        Ok(kaart_versie_op(self.t)? as u64)
    }

    fn kaart_schrijven(&mut self, kaart: &Kaart, versie: u64) -> Result<()> {
        kaart_rijen(self.t, kaart, versie as i64)
    }

    fn beheer_lezen(&mut self, sleutel: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .t
            .query_opt("SELECT data FROM kaart_beheer WHERE sleutel = $1 FOR UPDATE", &[&sleutel])
            .map_err(db_err)?
            .map(|r| r.get(0)))
    }

    fn beheer_schrijven(&mut self, b: &Beheer) -> Result<()> {
        put_beheer(self.t, b)
    }

    fn historie_toevoegen(&mut self, w: &Wijziging) -> Result<()> {
        put_historie(self.t, w)
    }

    fn audit(&mut self, log: &[Gebeurtenis]) -> Result<()> {
        audit_append_tx(self.t, log)?;
        self.geaudit |= !log.is_empty();
        Ok(())
    }

    fn meld(&mut self, wat: &Change) -> Result<()> {
        let tekst = match wat {
            Change::Contact(id) => format!("contact:{id}"),
            Change::Case(id) => format!("dossier:{id}"),
            Change::Kaart => "kaart".into(),
            Change::Ondersteuners => "ondersteuners".into(),
            Change::Woordenlijsten => "woordenlijsten".into(),
            Change::Account(k) => format!("account:{k}"),
            Change::Reconnected => return Ok(()),
        };
        notify(self.t, &tekst)
    }
}

impl Backend for PgStore {
    fn transactie(&self, werk: &mut dyn FnMut(&mut dyn Tx) -> Result<()>) -> Result<()> {
        let werk = std::cell::RefCell::new(werk);
        let geaudit = self.tx(|t| {
            let mut ptx = PgTx { t, geaudit: false };
            (werk.borrow_mut())(&mut ptx)?;
            Ok(ptx.geaudit)
        })?;
        if geaudit {
            self.kop_vastleggen();
        }
        Ok(())
    }
}

impl Store for PgStore {
    fn describe(&self) -> String {
        self.describe.clone()
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn kaart_load(&self, progress: &mut dyn FnMut(usize)) -> Result<Loaded<Kaart>> {
        // A connection of its own: reading a large map in the background must not hold up the
        // desk's saves on the shared connection.
        let mut c = Self::new_client(&self.config)?;
        read_kaart(&mut c, None, progress)
    }

    fn kaart_records(&self, sleutels: &[String]) -> Result<Loaded<Kaart>> {
        self.with(|c| {
            let mut out = Loaded::<Kaart>::default();
            let rows = c
                .query("SELECT sleutel, soort, data FROM kaart WHERE sleutel = ANY($1)", &[&sleutels])
                .map_err(db_err)?;
            for row in rows {
                let soort: i8 = row.get(1);
                super::kaart::neem_op(&mut out, soort as u8, row.get(0), row.get(2));
            }
            Ok(out)
        })
    }

    /// The record count kept in `meta` (one row; see migration 6).
    fn kaart_count(&self) -> Result<usize> {
        self.with(|c| {
            let n: i64 =
                c.query_one("SELECT waarde FROM meta WHERE sleutel = 'kaart_aantal'", &[]).map_err(db_err)?.get(0);
            Ok(n as usize)
        })
    }

    fn kaart_write(&self, kaart: &Kaart) -> Result<()> {
        self.tx(|t| write_kaart(t, kaart))
    }

    fn kaart_seed_once(&self, kaart: &Kaart) -> Result<bool> {
        self.tx(|t| {
            let n = t
                .execute("UPDATE meta SET waarde = 1 WHERE sleutel = 'kaart_geseed' AND waarde = 0", &[])
                .map_err(db_err)?;
            if n == 0 {
                return Ok(false);
            }
            write_kaart(t, kaart)?;
            Ok(true)
        })
    }

    fn kaart_versie(&self) -> Result<u64> {
        self.with(|c| {
            let v: i64 =
                c.query_one("SELECT waarde FROM meta WHERE sleutel = 'kaart_versie'", &[]).map_err(db_err)?.get(0);
            Ok(v as u64)
        })
    }

    fn kaart_since(&self, versie: u64) -> Result<Option<(u64, Kaart)>> {
        self.tx(|t| {
            let now: i64 =
                t.query_one("SELECT waarde FROM meta WHERE sleutel = 'kaart_versie'", &[]).map_err(db_err)?.get(0);
            let l = read_kaart(t, Some(versie as i64), &mut |_| {})?;
            Ok(Some((now as u64, l.value)))
        })
    }

    fn ondersteuners(&self) -> Result<Loaded<Vec<Clientondersteuner>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<Clientondersteuner>>::default();
            for row in c.query("SELECT id, data FROM ondersteuners ORDER BY id", &[]).map_err(db_err)? {
                let id: String = row.get(0);
                match decode::<Clientondersteuner>(row.get(1)) {
                    Ok(o) => out.value.push(o),
                    Err(e) => out.skipped.push(format!("cliëntondersteuner {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn save_ondersteuners(&self, list: &[Clientondersteuner]) -> Result<()> {
        let rows: Vec<(String, Vec<u8>)> = list
            .iter()
            .map(|o| Ok((o.id.clone(), enc(|| format!("cliëntondersteuner {}", o.id), o)?)))
            .collect::<Result<_>>()?;
        self.tx(|t| {
            for (id, data) in &rows {
                t.execute(
                    "INSERT INTO ondersteuners (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data",
                    &[id, data],
                )
                .map_err(db_err)?;
            }
            notify(t, "ondersteuners")?;
            Ok(())
        })
    }

    fn new_contact_id(&self) -> Result<u64> {
        self.with(|c| {
            let id: i64 = c.query_one("SELECT nextval('contact_id')", &[]).map_err(db_err)?.get(0);
            Ok(id as u64)
        })
    }

    fn save_contact_gelogd(&self, c: &Contact, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_contact(self, c, log)
    }

    fn delete_contact_gelogd(&self, id: u64, log: &[Gebeurtenis]) -> Result<()> {
        super::usecase::delete_contact(self, id, log)
    }

    fn contact(&self, id: u64) -> Result<Option<Contact>> {
        self.with(|c| {
            // one transaction, so the row and its child rows are of one moment
            let mut t = lees_tx(c).map_err(db_err)?;
            let x = lees_contacten(&mut t, "id = $1", &[&(id as i64)])?.pop();
            t.commit().map_err(db_err)?;
            x.map(|(_, x)| x.map(super::sealing::open)).transpose()
        })
    }

    fn contacts(&self) -> Result<Loaded<Vec<Contact>>> {
        self.with(|c| {
            let mut t = lees_tx(c).map_err(db_err)?;
            let rows = lees_contacten(&mut t, "true", &[])?;
            t.commit().map_err(db_err)?;
            let mut out = Loaded::<Vec<Contact>>::default();
            for (id, x) in rows {
                match x {
                    Ok(x) => out.value.push(super::sealing::open(x)),
                    Err(e) => out.skipped.push(format!("contact {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn handoff_gelogd(
        &self,
        contact: &Contact,
        case: &Case,
        slot: &Slot,
        log: &dyn Fn(u64) -> Vec<Gebeurtenis>,
    ) -> Result<BookResult> {
        super::usecase::handoff(self, contact, case, slot, log)
    }

    fn save_case_gelogd(&self, case: &Case, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_case(self, case, log)
    }

    fn rebook_gelogd(&self, case: &Case, slot: Option<&Slot>, log: &[Gebeurtenis]) -> Result<BookResult> {
        super::usecase::rebook(self, case, slot, log)
    }

    fn case(&self, id: u64) -> Result<Option<Case>> {
        self.with(|c| {
            let mut t = lees_tx(c).map_err(db_err)?;
            let x = lees_dossiers(&mut t, "d.id = $1", &[&(id as i64)])?.pop();
            t.commit().map_err(db_err)?;
            x.map(|(_, x)| x).transpose()
        })
    }

    fn cases(&self) -> Result<Loaded<Vec<Case>>> {
        self.with(|c| {
            let mut t = lees_tx(c).map_err(db_err)?;
            let rows = lees_dossiers(&mut t, "true", &[])?;
            t.commit().map_err(db_err)?;
            let mut out = Loaded::<Vec<Case>>::default();
            for (id, x) in rows {
                match x {
                    Ok(x) => out.value.push(x),
                    Err(e) => out.skipped.push(format!("dossier {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn bookings(&self) -> Result<Loaded<Vec<Booking>>> {
        self.with(|c| {
            let rows = c
                .query(
                    "SELECT ondersteuner_id, lower(tijd), upper(tijd), dossier_id, door FROM boekingen ORDER BY ondersteuner_id, lower(tijd)",
                    &[],
                )
                .map_err(db_err)?;
            Ok(Loaded {
                value: rows
                    .iter()
                    .map(|r| Booking {
                        ondersteuner_id: r.get(0),
                        start: r.get(1),
                        eind: r.get(2),
                        case_id: r.get::<_, i64>(3) as u64,
                        door: r.get(4),
                    })
                    .collect(),
                skipped: Vec::new(),
            })
        })
    }

    fn is_empty(&self) -> Result<bool> {
        self.is_empty_impl()
    }

    fn zoekindex_lezen(&self, versie: u64) -> Result<Option<Vec<u8>>> {
        self.with(|c| {
            Ok(c.query_opt("SELECT data FROM zoekindex WHERE id = 1 AND versie = $1", &[&(versie as i64)])
                .map_err(db_err)?
                .map(|r| r.get(0)))
        })
    }

    fn zoekindex_bewaren(&self, versie: u64, data: &[u8]) -> Result<()> {
        self.with(|c| {
            // an older snapshot is replaced, a newer one kept
            c.execute(
                "INSERT INTO zoekindex (id, versie, data) VALUES (1, $1, $2) \
                 ON CONFLICT (id) DO UPDATE SET versie = excluded.versie, data = excluded.data, gemaakt = now() \
                 WHERE zoekindex.versie < excluded.versie",
                &[&(versie as i64), &data],
            )
            .map_err(db_err)?;
            Ok(())
        })
    }

    fn woordenlijst(&self, naam: &str) -> Result<Option<String>> {
        self.with(|c| {
            Ok(c.query_opt("SELECT tekst FROM woordenlijsten WHERE naam = $1", &[&naam])
                .map_err(db_err)?
                .map(|r| r.get(0)))
        })
    }

    fn zet_woordenlijst_als(&self, naam: &str, verwacht: &str, standaard: &str, tekst: &str) -> Result<()> {
        super::usecase::zet_woordenlijst_als(self, naam, verwacht, standaard, tekst)
    }

    fn zet_woordenlijst(&self, naam: &str, tekst: &str) -> Result<()> {
        self.tx(|t| {
            t.execute(
                "INSERT INTO woordenlijsten (naam, tekst) VALUES ($1, $2) ON CONFLICT (naam) DO UPDATE SET tekst = excluded.tekst, bijgewerkt = now()",
                &[&naam, &tekst],
            )
            .map_err(db_err)?;
            notify(t, "woordenlijsten")
        })
    }

    fn import_all(&self, all: &super::migreer::Alles) -> Result<()> {
        self.import_all_impl(all)?;
        self.kop_vastleggen();
        Ok(())
    }

    fn zet_beschikbaarheid(
        &self,
        basis: &Clientondersteuner,
        nieuw: &Clientondersteuner,
        nu: chrono::NaiveDateTime,
        akkoord: &[u64],
        door: &str,
    ) -> Result<loket_domain::beschikbaarheid::Uitkomst> {
        super::usecase::zet_beschikbaarheid(self, basis, nieuw, nu, akkoord, door)
    }
    // --- account ---
    fn accounts(&self) -> Result<Vec<loket_domain::account::Account>> {
        if self.desk_login.load(Ordering::Relaxed) {
            return self.with(|c| accounts_zonder_pin(c, None));
        }
        self.with(accounts_in)
    }

    fn account(&self, naam: &str) -> Result<Option<loket_domain::account::Account>> {
        let key = loket_domain::account::Account::sleutel(naam);
        if self.desk_login.load(Ordering::Relaxed) {
            return self.with(|c| Ok(accounts_zonder_pin(c, Some(&key))?.into_iter().next()));
        }
        self.with(|c| {
            c.query_opt("SELECT data, rol, geblokkeerd FROM account_accounts WHERE sleutel = $1", &[&key])
                .map_err(db_err)?
                .map(|r| account_uit_rij(&r))
                .transpose()
        })
    }

    fn account_toevoegen(&self, a: &loket_domain::account::Account) -> Result<()> {
        let bytes = enc(|| "account".to_string(), a)?;
        let desk = self.desk_login.load(Ordering::Relaxed);
        self.tx(|t| {
            // one writer of accounts at a time: the checks below see every committed account
            let bestaand = accounts_schrijven(t, desk)?;
            loket_domain::account::check_toevoegen(&bestaand, a).map_err(StoreError::Refused)?;
            let (naam, rol, geblokkeerd) = account_kolommen(a);
            t.execute(
                "INSERT INTO account_accounts (sleutel, data, naam, rol, geblokkeerd) VALUES ($1, $2, $3, $4, $5)",
                &[&loket_domain::account::Account::sleutel(&a.naam), &bytes, &naam, &rol, &geblokkeerd],
            )
            .map_err(db_err)?;
            Ok(())
        })
    }

    fn account_blokkeren(&self, naam: &str, geblokkeerd: bool) -> Result<loket_domain::account::Account> {
        let desk = self.desk_login.load(Ordering::Relaxed);
        self.tx(|t| {
            let bestaand = accounts_schrijven(t, desk)?;
            let a =
                loket_domain::account::check_blokkeren(&bestaand, naam, geblokkeerd).map_err(StoreError::Refused)?;
            let key = loket_domain::account::Account::sleutel(&a.naam);
            // (a block also ends the account's sessions: a trigger of migration 9)
            if desk {
                // the desks' login changes the column only (the stored record holds the PIN hash)
                t.execute("UPDATE account_accounts SET geblokkeerd = $2 WHERE sleutel = $1", &[&key, &a.geblokkeerd])
                    .map_err(db_err)?;
            } else {
                let bytes = enc(|| "account".to_string(), &a)?;
                t.execute(
                    "UPDATE account_accounts SET data = $2, geblokkeerd = $3 WHERE sleutel = $1",
                    &[&key, &bytes, &a.geblokkeerd],
                )
                .map_err(db_err)?;
            }
            // the blocked worker's desk signs out at once
            notify(t, &format!("account:{key}"))?;
            Ok(a)
        })
    }

    fn account_pin_zetten(&self, naam: &str, pin_hash: &str) -> Result<()> {
        if self.desk_login.load(Ordering::Relaxed) {
            return Err(StoreError::Refused(
                "een pincode wijzigen kan nog niet via de desk-inlog; gebruik de eigenaarsverbinding".into(),
            ));
        }
        let key = loket_domain::account::Account::sleutel(naam);
        self.tx(|t| {
            let Some(row) = t
                .query_opt("SELECT data FROM account_accounts WHERE sleutel = $1 FOR UPDATE", &[&key])
                .map_err(db_err)?
            else {
                return Err(StoreError::NotFound(format!("account '{}'", naam.trim())));
            };
            let mut a: loket_domain::account::Account = dec(|| format!("account {key}"), row.get(0))?;
            a.pin_hash = pin_hash.to_string();
            let bytes = enc(|| "account".to_string(), &a)?;
            t.execute("UPDATE account_accounts SET data = $2 WHERE sleutel = $1", &[&key, &bytes]).map_err(db_err)?;
            // the database's own hash is of the old PIN: to be set again ([`Store::pin_in_database`])
            t.execute("UPDATE account_pins SET bcrypt = NULL WHERE sleutel = $1", &[&key]).map_err(db_err)?;
            notify(t, &format!("account:{key}"))
        })
    }

    fn aanmelden_door_database(&self) -> bool {
        self.desk_login.load(Ordering::Relaxed)
    }

    fn aanmelden_via_database(
        &self,
        naam: &str,
        pin: &str,
    ) -> Option<std::result::Result<loket_domain::account::Account, super::auth::AanmeldFout>> {
        use super::auth::AanmeldFout;
        if !self.desk_login.load(Ordering::Relaxed) {
            return None;
        }
        let opslag = |e: StoreError| AanmeldFout::Opslag(format!("aanmelding niet te controleren: {e}"));
        let r = self.with(|c| {
            // a desk holds one session: the one before (an unlock, the next worker) ends here
            if self.sessie.lock().unwrap_or_else(|p| p.into_inner()).take().is_some() {
                c.execute("SELECT loket.afmelden()", &[]).map_err(db_err)?;
                c.execute("SELECT set_config('loket.sessie', '', false)", &[]).map_err(db_err)?;
            }
            let row = c
                .query_one("SELECT token, uitkomst FROM loket.aanmelden_uitkomst($1, $2)", &[&naam, &pin])
                .map_err(db_err)?;
            let (token, uitkomst): (Option<String>, String) = (row.get(0), row.get(1));
            let Some(token) = token else { return Ok(Err(uitkomst)) };
            // this connection and every later one carry the session
            c.execute("SELECT set_config('loket.sessie', $1, false)", &[&token]).map_err(db_err)?;
            *self.sessie.lock().unwrap_or_else(|p| p.into_inner()) = Some(token);
            let s = c.query_one("SELECT naam, rol FROM loket.sessie()", &[]).map_err(db_err)?;
            let (naam, rol): (Option<String>, Option<String>) = (s.get(0), s.get(1));
            Ok(Ok((naam.unwrap_or_default(), rol.unwrap_or_default())))
        });
        Some(match r {
            Err(e) => Err(opslag(e)),
            Ok(Ok((naam, rol))) => match loket_domain::account::Rol::parse(&rol) {
                Some(rol) => {
                    Ok(loket_domain::account::Account { naam, rol, pin_hash: String::new(), geblokkeerd: false })
                }
                None => Err(AanmeldFout::Opslag("de rol van dit account is onbekend".into())),
            },
            Ok(Err(uitkomst)) => Err(match uitkomst.as_str() {
                "vergrendeld" => AanmeldFout::Vergrendeld,
                "geblokkeerd" => AanmeldFout::Geblokkeerd,
                "pin_opnieuw" => AanmeldFout::Opslag(
                    "uw pincode moet opnieuw worden ingesteld; vraag de functioneel beheerder".into(),
                ),
                _ => AanmeldFout::Onjuist,
            }),
        })
    }

    fn eigen_pin_wijzigen(
        &self,
        naam: &str,
        huidig: &str,
        nieuw: &str,
    ) -> Option<std::result::Result<(), super::auth::AanmeldFout>> {
        use super::auth::AanmeldFout;
        if !self.desk_login.load(Ordering::Relaxed) {
            return None;
        }
        let r = self.with(|c| {
            let row = c
                .query_one("SELECT loket.eigen_pin_wijzigen($1, $2, $3)", &[&naam, &huidig, &nieuw])
                .map_err(db_err)?;
            Ok(row.get::<_, String>(0))
        });
        Some(match r {
            Err(e) => Err(AanmeldFout::Opslag(format!("pincode niet te wijzigen: {e}"))),
            Ok(uitkomst) => match uitkomst.as_str() {
                "gewijzigd" => Ok(()),
                "vergrendeld" => Err(AanmeldFout::Vergrendeld),
                "geblokkeerd" => Err(AanmeldFout::Geblokkeerd),
                "te_kort" => Err(AanmeldFout::Opslag("de nieuwe pincode is te kort: minstens 6 tekens".into())),
                "pin_opnieuw" => Err(AanmeldFout::Opslag(
                    "uw pincode moet opnieuw worden ingesteld; vraag de functioneel beheerder".into(),
                )),
                _ => Err(AanmeldFout::Onjuist),
            },
        })
    }

    fn pin_in_database(&self, naam: &str, pin: &str) -> Result<()> {
        let key = loket_domain::account::Account::sleutel(naam);
        if self.desk_login.load(Ordering::Relaxed) {
            // a new account's PIN, set by the functioneel beheerder's session
            return self
                .with(|c| c.execute("SELECT loket.pin_zetten($1, $2)", &[&naam, &pin]).map(|_| ()).map_err(db_err));
        }
        self.tx(|t| {
            // only when the database has no hash of this account's PIN yet (set, or to be set again)
            t.query(
                "SELECT loket.pin_zetten($1, $2) WHERE NOT EXISTS \
                 (SELECT 1 FROM account_pins WHERE sleutel = $3 AND bcrypt IS NOT NULL)",
                &[&naam, &pin, &key],
            )
            .map_err(db_err)?;
            Ok(())
        })
    }

    fn aanmelden_mislukt(&self, sleutel: &str, log: &[Gebeurtenis]) -> Result<u32> {
        let key = format!("aanmeldfouten:{sleutel}");
        let n = self.tx(|t| {
            let n: i64 = t
                .query_one(
                    "INSERT INTO meta (sleutel, waarde) VALUES ($1, 1) \
                     ON CONFLICT (sleutel) DO UPDATE SET waarde = meta.waarde + 1 RETURNING waarde",
                    &[&key],
                )
                .map_err(db_err)?
                .get(0);
            audit_append_tx(t, log)?;
            Ok(n)
        })?;
        self.na_audit(log);
        Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
    }

    fn aanmeldfouten(&self, sleutel: &str) -> Result<u32> {
        let key = format!("aanmeldfouten:{sleutel}");
        if self.desk_login.load(Ordering::Relaxed) {
            // the count is the definer functions'; the functioneel beheerder's session may read it
            return self.with(|c| {
                let n: i64 = c.query_one("SELECT loket.aanmeldfouten($1)", &[&sleutel]).map_err(db_err)?.get(0);
                Ok(n.clamp(0, i64::from(u32::MAX)) as u32)
            });
        }
        self.with(|c| {
            let n: Option<i64> =
                c.query_opt("SELECT waarde FROM meta WHERE sleutel = $1", &[&key]).map_err(db_err)?.map(|r| r.get(0));
            Ok(n.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32)
        })
    }

    fn aanmeldfouten_wissen(&self, sleutel: &str, log: &[Gebeurtenis]) -> Result<()> {
        let key = format!("aanmeldfouten:{sleutel}");
        let desk = self.desk_login.load(Ordering::Relaxed);
        self.tx(|t| {
            if desk {
                t.execute("SELECT loket.vrijgeven($1)", &[&sleutel]).map_err(db_err)?;
            } else {
                t.execute("DELETE FROM meta WHERE sleutel = $1", &[&key]).map_err(db_err)?;
            }
            audit_append_tx(t, log)
        })?;
        self.na_audit(log);
        Ok(())
    }

    fn audit_append(&self, log: &[Gebeurtenis]) -> Result<()> {
        if log.is_empty() {
            return Ok(());
        }
        self.tx(|t| audit_append_tx(t, log))?;
        self.kop_vastleggen();
        Ok(())
    }

    fn audit_raw(&self) -> Result<audit::Ruw> {
        let vastgelegd = match &self.kop_bestand {
            Some(f) => audit::kop_bestand_lezen(f)
                .map_err(|e| StoreError::Io(format!("{} niet te lezen: {}", f.display(), e.kind())))?,
            None => None,
        };
        self.with(|c| {
            let mut out = audit::Ruw::default();
            for r in c.query("SELECT nr, data FROM audit_log ORDER BY nr", &[]).map_err(db_err)? {
                out.regels.push((r.get::<_, i64>(0) as u64, r.get(1)));
            }
            out.kop = c
                .query_opt("SELECT kop FROM audit_kop WHERE id = 1", &[])
                .map_err(db_err)?
                .and_then(|r| r.get::<_, Option<Vec<u8>>>(0))
                .and_then(|b| audit::kop_lezen(&b));
            out.vastgelegd = vastgelegd;
            Ok(out)
        })
    }

    fn audit_prune(&self, grens: chrono::NaiveDateTime, controlepunt: &Gebeurtenis) -> Result<usize> {
        // the database removes the prefix and appends the checkpoint (`loket.audit_opschonen`)
        let (soort, id) = controlepunt.onderwerp.nummer();
        self.tx(|t| {
            let n: i64 = t
                .query_one(
                    "SELECT loket.audit_opschonen($1, $2, $3, $4, $5, $6)",
                    &[&grens, &controlepunt.op, &controlepunt.wie, &soort, &id, &controlepunt.reden],
                )
                .map_err(db_err)?
                .get(0);
            Ok(n.max(0) as usize)
        })
        .inspect(|_| self.kop_vastleggen())
    }

    fn overschrijf_met_plannen(
        &self,
        contacts: &[Contact],
        cases: &[Case],
        plannen: &[Plan],
        opvolgingen: &[Verwijzingsopvolging],
        log: &[Gebeurtenis],
    ) -> Result<()> {
        super::usecase::overschrijf(self, contacts, cases, plannen, opvolgingen, log)
    }

    fn plan(&self, dossier_id: u64) -> Result<Option<Plan>> {
        self.with(|c| {
            let Some(row) = c
                .query_opt("SELECT rev, data FROM leefplannen WHERE dossier_id = $1", &[&(dossier_id as i64)])
                .map_err(db_err)?
            else {
                return Ok(None);
            };
            let mut p: Plan = dec(|| format!("leefplan {dossier_id}"), row.get(1))?;
            p.rev = row.get::<_, i64>(0) as u64;
            Ok(Some(p))
        })
    }

    fn plannen(&self) -> Result<Loaded<Vec<Plan>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<Plan>>::default();
            for row in
                c.query("SELECT dossier_id, rev, data FROM leefplannen ORDER BY dossier_id", &[]).map_err(db_err)?
            {
                let id: i64 = row.get(0);
                match decode::<Plan>(row.get(2)) {
                    Ok(mut p) => {
                        p.rev = row.get::<_, i64>(1) as u64;
                        out.value.push(p)
                    }
                    Err(e) => out.skipped.push(format!("leefplan {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn save_plan_gelogd(&self, plan: &Plan, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_plan(self, plan, log)
    }

    fn opvolgingen(&self) -> Result<Loaded<Vec<Verwijzingsopvolging>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<Verwijzingsopvolging>>::default();
            for row in
                c.query("SELECT contact_id, rev, data FROM opvolgingen ORDER BY contact_id", &[]).map_err(db_err)?
            {
                let id: i64 = row.get(0);
                match decode::<Verwijzingsopvolging>(row.get(2)) {
                    Ok(mut v) => {
                        v.rev = row.get::<_, i64>(1) as u64;
                        out.value.push(v)
                    }
                    Err(e) => out.skipped.push(format!("opvolging {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn save_opvolging_gelogd(&self, v: &Verwijzingsopvolging, log: &[Gebeurtenis]) -> Result<u64> {
        super::usecase::save_opvolging(self, v, log)
    }

    fn compacteer(&self) -> Result<()> {
        // Plain VACUUM: it marks the old row versions (with the personal data that was
        // overwritten) as free space, to be overwritten by new rows, without the exclusive lock
        // of VACUUM FULL that made every desk wait. The old bytes may stay in the table files
        // until then, and in the WAL and backups for their own retention (see docs/ontwikkelaars.md, "Audit log, retention, inzage").
        self.with(|c| {
            c.batch_execute(
                "VACUUM contacten, contact_links, contact_ruwe_invoer, contact_signaalvragen, dossiers, \
                 dossier_notities, dossier_signalen, audit_log, leefplannen, opvolgingen",
            )
            .map_err(db_err)
        })
    }

    fn bsn_sleutel(&self) -> Result<Option<i64>> {
        self.with(bsn_fingerprint)
    }

    fn registreer_bsn_sleutel(&self, fp: i64) -> Result<Option<i64>> {
        self.tx(|t| register_bsn_fingerprint(t, fp)).map(Some)
    }

    fn watch(&self, on_change: Box<dyn Fn(Change) + Send>) -> bool {
        let config = self.config.clone();
        let stop = self.stop.clone();
        // The first connection listens before `watch` returns, so every change made after it
        // returns is told (a caller need not wait for the thread to get going).
        let listening =
            PgStore::new_client(&config).ok().and_then(|mut c| c.batch_execute("LISTEN loket").ok().map(|()| c));
        std::thread::spawn(move || {
            let mut first = true;
            let mut ready = listening;
            while !stop.load(Ordering::Relaxed) {
                let mut client = match ready.take() {
                    Some(c) => c,
                    None => match PgStore::new_client(&config)
                        .ok()
                        .and_then(|mut c| c.batch_execute("LISTEN loket").ok().map(|()| c))
                    {
                        Some(c) => c,
                        None => {
                            std::thread::sleep(Duration::from_millis(500));
                            continue;
                        }
                    },
                };
                if !first {
                    on_change(Change::Reconnected);
                }
                first = false;
                loop {
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    use postgres::fallible_iterator::FallibleIterator;
                    let mut broken = false;
                    {
                        let mut n = client.notifications();
                        let mut it = n.timeout_iter(Duration::from_millis(250));
                        loop {
                            match it.next() {
                                Ok(Some(note)) => {
                                    let p = note.payload();
                                    let change = if let Some(id) = p.strip_prefix("contact:") {
                                        id.parse().ok().map(Change::Contact)
                                    } else if let Some(id) = p.strip_prefix("dossier:") {
                                        id.parse().ok().map(Change::Case)
                                    } else if p == "kaart" {
                                        Some(Change::Kaart)
                                    } else if p == "ondersteuners" {
                                        Some(Change::Ondersteuners)
                                    } else if p == "woordenlijsten" {
                                        Some(Change::Woordenlijsten)
                                    } else {
                                        p.strip_prefix("account:").map(|k| Change::Account(k.to_string()))
                                    };
                                    if let Some(c) = change {
                                        on_change(c);
                                    }
                                }
                                Ok(None) => break,
                                Err(_) => {
                                    broken = true;
                                    break;
                                }
                            }
                        }
                    }
                    if broken || client.is_closed() || client.batch_execute("").is_err() {
                        break;
                    }
                }
            }
        });
        true
    }

    // --- migreer ---
    fn id_tellers(&self) -> Result<super::migreer::IdTellers> {
        self.with(|c| {
            let mut last = |seq: &str| -> Result<u64> {
                let r = c.query_one(&format!("SELECT last_value, is_called FROM {seq}"), &[]).map_err(db_err)?;
                Ok(if r.get::<_, bool>(1) { r.get::<_, i64>(0) as u64 } else { 0 })
            };
            Ok(super::migreer::IdTellers { contact: last("contact_id")?, dossier: last("dossier_id")? })
        })
    }

    fn woordenlijsten(&self) -> Result<Vec<(String, String)>> {
        self.with(|c| {
            Ok(c.query("SELECT naam, tekst FROM woordenlijsten ORDER BY naam COLLATE \"C\"", &[])
                .map_err(db_err)?
                .iter()
                .map(|r| (r.get(0), r.get(1)))
                .collect())
        })
    }

    fn beheer_historie_genummerd(&self) -> Result<Loaded<Vec<(u64, Wijziging)>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<(u64, Wijziging)>>::default();
            for row in c.query("SELECT id, data FROM kaart_historie ORDER BY id", &[]).map_err(db_err)? {
                let id = row.get::<_, i64>(0) as u64;
                match decode::<Wijziging>(row.get(1)) {
                    Ok(w) => out.value.push((id, w)),
                    Err(e) => out.skipped.push(format!("kaartwijziging {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    // --- beheer ---
    fn beheer_staten(&self) -> Result<Loaded<Vec<Beheer>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<Beheer>>::default();
            for row in c.query("SELECT sleutel, data FROM kaart_beheer ORDER BY sleutel", &[]).map_err(db_err)? {
                let key: String = row.get(0);
                match decode::<Beheer>(row.get(1)) {
                    Ok(b) => out.value.push(b),
                    Err(e) => out.skipped.push(format!("kaartbeheer {key}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn beheer_historie(&self, sleutel: Option<&str>) -> Result<Loaded<Vec<Wijziging>>> {
        self.with(|c| {
            let mut out = Loaded::<Vec<Wijziging>>::default();
            let rows = match sleutel {
                Some(k) => c.query("SELECT id, data FROM kaart_historie WHERE sleutel = $1 ORDER BY id", &[&k]),
                None => c.query("SELECT id, data FROM kaart_historie ORDER BY id", &[]),
            }
            .map_err(db_err)?;
            for row in rows {
                let id: i64 = row.get(0);
                match decode::<Wijziging>(row.get(1)) {
                    Ok(w) => out.value.push(w),
                    Err(e) => out.skipped.push(format!("kaartwijziging {id}: {e}")),
                }
            }
            Ok(out)
        })
    }

    fn beheer_meld(&self, sleutel: &str, melding: &Melding) -> Result<Beheer> {
        super::usecase::beheer_meld(self, sleutel, melding)
    }

    fn beheer_schrijf(&self, s: &BeheerSchrijf) -> Result<()> {
        super::usecase::beheer_schrijf(self, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_comes_from_a_private_pgpass_file_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(&file, "# desk\nandere:5432:loket:anna:fout\n*:*:loket:anna:geheim\n").unwrap();
        std::env::set_var("PGPASSFILE", &file);
        let c = postgres::Config::from_str("host=db.gemeente.nl user=anna dbname=loket").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(pgpass(&c), None, "a file others can read is not used");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(pgpass(&c).as_deref(), Some("geheim"));
        let other = postgres::Config::from_str("host=db user=bert dbname=loket").unwrap();
        assert_eq!(pgpass(&other), None);
        std::env::remove_var("PGPASSFILE");
        assert_eq!(describe_config(&c), "PostgreSQL-database loket op db.gemeente.nl:5432 (gebruiker anna)");
    }
}

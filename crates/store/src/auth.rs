//! Signing in: PIN hashes, checking a sign-in against the store, and requiring an
//! account of a role for a command (`vereis_rol`).
//!
//! A PIN or password is kept only as a salted argon2id hash. It is never printed, logged or put
//! in an error; [`Geheim`] keeps it out of `Debug` output.

use std::io::{BufRead, IsTerminal, Write};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

use crate::Store;
use loket_domain::account::{Account, Rol};

/// A PIN or password: its `Debug` shows stars, so it never reaches a log or a test's output.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Geheim(pub String);

impl std::fmt::Debug for Geheim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Geheim(***)")
    }
}

impl Geheim {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The argon2id PHC string of `pin`, with a fresh random salt.
pub fn hash_pin(pin: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut chacha20poly1305::aead::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("pincode niet te versleutelen: {e}"))
}

/// Does `pin` match the stored hash? (A broken hash matches nothing.)
pub fn pin_klopt(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

/// A hash of nothing in particular, checked when the name is unknown, so a wrong name takes as
/// long as a wrong PIN (the answer does not tell which names exist).
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_pin("geen-account").unwrap_or_default())
}

/// Why a sign-in failed (Dutch, for the screen; never the PIN).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AanmeldFout {
    #[error("naam of pincode klopt niet")]
    Onjuist,
    #[error("dit account is geblokkeerd; vraag de functioneel beheerder")]
    Geblokkeerd,
    #[error(
        "te veel mislukte aanmeldingen: dit account is vergrendeld; vraag de functioneel beheerder het vrij te geven"
    )]
    Vergrendeld,
    #[error("{0}")]
    Opslag(String),
}

/// After this many failed sign-ins in a row an account is locked (the default of the config key
/// `aanmelden_max_pogingen`).
pub const MAX_POGINGEN: u32 = 5;

static MAX_INGESTELD: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(MAX_POGINGEN);

/// The limit from the config, for every sign-in of this process (set once at start).
pub fn zet_max_pogingen(n: u32) {
    MAX_INGESTELD.store(n.max(1), std::sync::atomic::Ordering::Relaxed);
}

/// The limit in effect.
pub fn max_pogingen() -> u32 {
    MAX_INGESTELD.load(std::sync::atomic::Ordering::Relaxed)
}

/// Check a sign-in against the store: the account, when the name exists, the PIN matches and
/// the account is neither blocked nor locked; with the configured limit and the clock.
pub fn aanmelden(store: &dyn Store, naam: &str, pin: &str) -> Result<Account, AanmeldFout> {
    aanmelden_met(store, naam, pin, max_pogingen(), chrono::Local::now().naive_local())
}

/// [`aanmelden`] with the limit of failed tries in a row, after which the account is locked
/// for every desk and the CLI until a functioneel beheerder releases it (`loket account
/// deblokkeer`). Every failure and a lock are in the audit log (never what was typed).
pub fn aanmelden_met(
    store: &dyn Store,
    naam: &str,
    pin: &str,
    max_pogingen: u32,
    nu: chrono::NaiveDateTime,
) -> Result<Account, AanmeldFout> {
    use crate::audit::{Gebeurtenis, Handeling, Onderwerp};
    // the desks' login of PostgreSQL: the database checks, counts, locks and audits
    if let Some(r) = store.aanmelden_via_database(naam, pin) {
        return r;
    }
    let opslag = |e: crate::StoreError| AanmeldFout::Opslag(format!("aanmelding niet te controleren: {e}"));
    let account = store.account(naam).map_err(|e| AanmeldFout::Opslag(format!("accounts niet te lezen: {e}")))?;
    let Some(a) = account else {
        let _ = pin_klopt(pin, dummy_hash());
        // what was typed as the name is not logged: it may be a PIN typed in the wrong field
        store
            .audit_append(&[
                Gebeurtenis::new(nu, "", Handeling::AanmeldenMislukt, Onderwerp::Geen).met_reden("onbekende naam")
            ])
            .map_err(opslag)?;
        return Err(AanmeldFout::Onjuist);
    };
    let sleutel = Account::sleutel(&a.naam);
    let max = max_pogingen.max(1);
    // one read of the count: the lock, the entry that says it locks now, the reset on success
    let fouten = store.aanmeldfouten(&sleutel).map_err(opslag)?;
    if fouten >= max {
        // as slow as a check, and no further guess is looked at
        let _ = pin_klopt(pin, dummy_hash());
        store
            .audit_append(&[Gebeurtenis::new(nu, &a.naam, Handeling::AanmeldenMislukt, Onderwerp::Geen)
                .met_reden("account vergrendeld")])
            .map_err(opslag)?;
        return Err(AanmeldFout::Vergrendeld);
    }
    if !pin_klopt(pin, &a.pin_hash) {
        let mut log = vec![Gebeurtenis::new(nu, &a.naam, Handeling::AanmeldenMislukt, Onderwerp::Geen)];
        if fouten + 1 >= max {
            log.push(
                Gebeurtenis::new(nu, &a.naam, Handeling::Vergrendeld, Onderwerp::Geen)
                    .met_reden(&format!("{max} mislukte aanmeldingen")),
            );
        }
        let n = store.aanmelden_mislukt(&sleutel, &log).map_err(opslag)?;
        return Err(if n >= max { AanmeldFout::Vergrendeld } else { AanmeldFout::Onjuist });
    }
    if a.geblokkeerd {
        return Err(AanmeldFout::Geblokkeerd);
    }
    if fouten > 0 {
        store.aanmeldfouten_wissen(&sleutel, &[]).map_err(opslag)?;
    }
    // the database's own hash of this PIN, once (PostgreSQL: for sign-in through the database);
    // a failure here leaves the account to have its PIN set again, and the sign-in stands
    let _ = store.pin_in_database(&a.naam, pin);
    Ok(a)
}

/// Must a worker sign in on this store? Always on the shared database; on the embedded store as
/// soon as one account exists.
pub fn aanmelding_verplicht(store: &dyn Store) -> crate::Result<bool> {
    Ok(store.is_shared() || !store.accounts()?.is_empty())
}

/// Has this store no account yet? (Never said where the accounts can't be read before a
/// sign-in: the desks' login of PostgreSQL.)
pub fn zonder_accounts(store: &dyn Store) -> crate::Result<bool> {
    Ok(!store.aanmelden_door_database() && store.accounts()?.is_empty())
}

/// Where a command reads a name and a PIN: the terminal (the PIN not echoed) or plain lines.
pub trait Invoer {
    /// One line, after showing `vraag` (on stderr).
    fn regel(&mut self, vraag: &str) -> std::io::Result<String>;
    /// A PIN or password, after showing `vraag`; not echoed on a terminal.
    fn geheim(&mut self, vraag: &str) -> std::io::Result<Geheim>;
    /// Is a person typing (so a new PIN can be asked twice)?
    fn is_terminal(&self) -> bool {
        false
    }
}

/// Standard input: a terminal (questions on stderr, the PIN without echo) or a pipe (one line
/// per answer, no questions shown).
pub struct Stdin;

fn read_line(r: &mut dyn BufRead) -> std::io::Result<String> {
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "invoer is op"));
    }
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

impl Invoer for Stdin {
    fn regel(&mut self, vraag: &str) -> std::io::Result<String> {
        if self.is_terminal() {
            eprint!("{vraag}");
            let _ = std::io::stderr().flush();
        }
        read_line(&mut std::io::stdin().lock())
    }
    fn geheim(&mut self, vraag: &str) -> std::io::Result<Geheim> {
        if !self.is_terminal() {
            return read_line(&mut std::io::stdin().lock()).map(Geheim);
        }
        eprint!("{vraag}");
        let _ = std::io::stderr().flush();
        let line = loket_base::platform::zonder_echo(|| read_line(&mut std::io::stdin().lock()));
        eprintln!();
        line.map(Geheim)
    }
    fn is_terminal(&self) -> bool {
        std::io::stdin().is_terminal()
    }
}

/// Lines from any reader (tests, scripts): name and PIN one per line.
pub struct Regels<R: BufRead>(pub R);

impl<R: BufRead> Invoer for Regels<R> {
    fn regel(&mut self, _: &str) -> std::io::Result<String> {
        read_line(&mut self.0)
    }
    fn geheim(&mut self, _: &str) -> std::io::Result<Geheim> {
        read_line(&mut self.0).map(Geheim)
    }
}

/// For a command that reads or changes personal data or accounts: where sign-in is required
/// ([`aanmelding_verplicht`]), ask a name and PIN on the terminal or read them from stdin (two
/// lines), and return the account when it may sign in and has one of `rollen`. `Ok(None)`: no
/// sign-in is required here (an embedded store without accounts), so the command runs as before.
/// A wrong name or PIN, a blocked account or another role is an error with a Dutch message.
pub fn vereis_rol(store: &dyn Store, rollen: &[Rol]) -> anyhow::Result<Option<Account>> {
    vereis_rol_met(store, rollen, &mut Stdin)
}

/// [`vereis_rol`], reading from `invoer`.
pub fn vereis_rol_met(store: &dyn Store, rollen: &[Rol], invoer: &mut dyn Invoer) -> anyhow::Result<Option<Account>> {
    if !aanmelding_verplicht(store)? {
        return Ok(None);
    }
    let wie = rollen.iter().map(|r| r.label()).collect::<Vec<_>>().join(" of ");
    if zonder_accounts(store)? {
        anyhow::bail!(
            "aanmelden als {wie} is nodig, maar er is nog geen account; maak eerst het eerste aan: loket account toevoegen NAAM --rol {}",
            Rol::FunctioneelBeheerder.code()
        );
    }
    let naam = invoer
        .regel(&format!("Aanmelden als {wie}. Naam: "))
        .map_err(|e| anyhow::anyhow!("geen naam gelezen om aan te melden ({e})"))?;
    let pin = invoer.geheim("Pincode: ").map_err(|e| anyhow::anyhow!("geen pincode gelezen om aan te melden ({e})"))?;
    let a = aanmelden(store, naam.trim(), pin.as_str()).map_err(|e| anyhow::anyhow!("aanmelden mislukt: {e}"))?;
    if !rollen.contains(&a.rol) {
        anyhow::bail!("dit is alleen voor een {wie}; het account '{}' is {}", a.naam, a.rol.label());
    }
    Ok(Some(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_salted_and_only_its_pin_matches() {
        let a = hash_pin("246810").unwrap();
        let b = hash_pin("246810").unwrap();
        assert_ne!(a, b, "a fresh salt every time");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert!(!a.contains("246810"));
        assert!(pin_klopt("246810", &a) && pin_klopt("246810", &b));
        assert!(!pin_klopt("246811", &a));
        assert!(!pin_klopt("246810", "kapot"));
    }

    #[test]
    fn a_secret_never_shows_in_debug_output() {
        assert_eq!(format!("{:?}", Geheim("135790".into())), "Geheim(***)");
    }
}

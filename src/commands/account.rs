//! `loket account toevoegen NAAM --rol ROL`, `loket account lijst`, `loket account blokkeren
//! NAAM`, and what the TUI's start needs: whether sign-in is required, and on a
//! shared database without accounts the first functioneel beheerder.
//!
//! The first account must be a functioneel beheerder; after that every account command asks a
//! functioneel beheerder to sign in. PINs are read from the terminal without echo, or from stdin
//! one per line; they are never printed.

use std::io::Write;

use clap::Subcommand;

use crate::auth::{self, Invoer};
use crate::domain::account::{check_naam, check_pin, Account, Rol};
use crate::store::audit::{Gebeurtenis, Handeling, Onderwerp};
use crate::store::Store;

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Voeg een account toe; de pincode (minstens 6 tekens) komt van de terminal of stdin
    Toevoegen {
        /// Naam om mee aan te melden
        naam: String,
        /// balie, clientondersteuner, beheerder-kaart of functioneel-beheerder
        #[arg(long, value_parser = parse_rol)]
        rol: Rol,
    },
    /// Toon alle accounts met hun rol
    Lijst,
    /// Blokkeer een account (het kan niet meer aanmelden; een open scherm wordt afgemeld)
    Blokkeren {
        naam: String,
        /// Heft de blokkade op, en ook een vergrendeling na te veel mislukte aanmeldingen
        #[arg(long)]
        opheffen: bool,
    },
    /// Verander uw eigen pincode: eerst naam en huidige pincode, dan de nieuwe (twee keer)
    Pin,
}

fn parse_rol(s: &str) -> Result<Rol, crate::cli_nl::Reden> {
    Rol::parse(s).ok_or_else(|| {
        crate::cli_nl::Reden(format!(
            "onbekende rol '{s}': kies {}",
            Rol::ALL.iter().map(|r| r.code()).collect::<Vec<_>>().join(", ")
        ))
    })
}

/// Run an account command; questions and PINs through `invoer`, results to `out`.
pub fn run(store: &dyn Store, cmd: AccountCommand, invoer: &mut dyn Invoer, out: &mut dyn Write) -> anyhow::Result<()> {
    match cmd {
        AccountCommand::Toevoegen { naam, rol } => {
            check_naam(&naam).map_err(|e| anyhow::anyhow!("account toevoegen: {e}"))?;
            if auth::zonder_accounts(store)? {
                if rol != Rol::FunctioneelBeheerder {
                    anyhow::bail!(
                        "het eerste account moet een functioneel beheerder zijn: loket account toevoegen NAAM --rol {}",
                        Rol::FunctioneelBeheerder.code()
                    );
                }
            } else {
                beheerder(store, invoer)?;
            }
            let (a, pin) = nieuw_account(&naam, rol, invoer)?;
            toevoegen(store, &a, &pin)?;
            writeln!(out, "Account '{}' toegevoegd ({}).", a.naam, a.rol.label())?;
        }
        AccountCommand::Lijst => {
            let list = store.accounts()?;
            if list.is_empty() {
                writeln!(
                    out,
                    "Nog geen accounts. Maak het eerste aan: loket account toevoegen NAAM --rol {}",
                    Rol::FunctioneelBeheerder.code()
                )?;
                return Ok(());
            }
            beheerder(store, invoer)?;
            for a in store.accounts()? {
                let blok = if a.geblokkeerd { "  (geblokkeerd)" } else { "" };
                let fouten = store.aanmeldfouten(&Account::sleutel(&a.naam))?;
                let slot = if fouten >= auth::max_pogingen() {
                    format!("  (vergrendeld na {fouten} mislukte aanmeldingen)")
                } else {
                    String::new()
                };
                writeln!(out, "{:<30} {}{blok}{slot}", a.naam, a.rol.label())?;
            }
        }
        AccountCommand::Blokkeren { naam, opheffen } => {
            if auth::zonder_accounts(store)? {
                anyhow::bail!("er zijn nog geen accounts");
            }
            let fb = beheerder(store, invoer)?;
            let a = store
                .account_blokkeren(&naam, !opheffen)
                .map_err(|e| anyhow::anyhow!("account '{}' niet gewijzigd: {e}", naam.trim()))?;
            let nu = chrono::Local::now().naive_local();
            let (h, wat) = if a.geblokkeerd {
                (Handeling::Geblokkeerd, "geblokkeerd")
            } else {
                (Handeling::Vrijgegeven, "weer vrijgegeven")
            };
            let log = [Gebeurtenis::new(nu, &fb.naam, h, Onderwerp::Geen).met_reden(&format!("account {}", a.naam))];
            if a.geblokkeerd {
                store.audit_append(&log)?;
            } else {
                // released: a lock after failed sign-ins ends too
                store.aanmeldfouten_wissen(&Account::sleutel(&a.naam), &log)?;
            }
            writeln!(out, "Account '{}' is {wat}.", a.naam)?;
        }
        AccountCommand::Pin => {
            if auth::zonder_accounts(store)? {
                anyhow::bail!("er zijn nog geen accounts");
            }
            let naam = invoer.regel("Naam: ")?;
            let huidig = invoer.geheim("Huidige pincode: ")?;
            let a = auth::aanmelden(store, naam.trim(), huidig.as_str())
                .map_err(|e| anyhow::anyhow!("pincode niet gewijzigd: {e}"))?;
            let nieuw = invoer
                .geheim("Nieuwe pincode (minstens 6 tekens): ")
                .map_err(|e| anyhow::anyhow!("geen nieuwe pincode gelezen ({e})"))?;
            check_pin(nieuw.as_str()).map_err(|e| anyhow::anyhow!("pincode niet gewijzigd: {e}"))?;
            if invoer.is_terminal() && invoer.geheim("Nog een keer: ")? != nieuw {
                anyhow::bail!("pincode niet gewijzigd: de twee pincodes verschillen");
            }
            if nieuw == huidig {
                anyhow::bail!("pincode niet gewijzigd: de nieuwe is gelijk aan de huidige");
            }
            // where the database signs in, it checks the current PIN again and keeps the new one
            if let Some(r) = store.eigen_pin_wijzigen(&a.naam, huidig.as_str(), nieuw.as_str()) {
                r.map_err(|e| anyhow::anyhow!("pincode niet gewijzigd: {e}"))?;
                writeln!(out, "Pincode van '{}' gewijzigd.", a.naam)?;
                return Ok(());
            }
            store
                .account_pin_zetten(&a.naam, &auth::hash_pin(nieuw.as_str())?)
                .map_err(|e| anyhow::anyhow!("pincode niet gewijzigd: {e}"))?;
            store
                .pin_in_database(&a.naam, nieuw.as_str())
                .map_err(|e| anyhow::anyhow!("pincode gewijzigd, maar niet voor aanmelden via de database: {e}"))?;
            let nu = chrono::Local::now().naive_local();
            store.audit_append(&[
                Gebeurtenis::new(nu, &a.naam, Handeling::Gewijzigd, Onderwerp::Geen).met_reden("eigen pincode")
            ])?;
            writeln!(out, "Pincode van '{}' gewijzigd.", a.naam)?;
        }
    }
    Ok(())
}

/// A functioneel beheerder signs in (accounts exist, so sign-in is required).
fn beheerder(store: &dyn Store, invoer: &mut dyn Invoer) -> anyhow::Result<Account> {
    auth::vereis_rol_met(store, &[Rol::FunctioneelBeheerder], invoer)?
        .ok_or_else(|| anyhow::anyhow!("aanmelden als functioneel beheerder is nodig"))
}

/// A new account with a PIN read from `invoer` (asked twice on a terminal), hashed.
/// A new account from its name and role, its PIN asked through `invoer`: the account (its PIN
/// hashed) and the PIN, for the database's own hash ([`Store::pin_in_database`]).
fn nieuw_account(naam: &str, rol: Rol, invoer: &mut dyn Invoer) -> anyhow::Result<(Account, auth::Geheim)> {
    let pin = invoer
        .geheim(&format!("Pincode of wachtwoord voor '{}' (minstens 6 tekens): ", naam.trim()))
        .map_err(|e| anyhow::anyhow!("geen pincode gelezen voor het nieuwe account ({e})"))?;
    check_pin(pin.as_str()).map_err(|e| anyhow::anyhow!("account niet toegevoegd: {e}"))?;
    if invoer.is_terminal() {
        let again = invoer.geheim("Nog een keer: ")?;
        if again != pin {
            anyhow::bail!("account niet toegevoegd: de twee pincodes verschillen");
        }
    }
    let a = Account { naam: naam.trim().to_string(), rol, pin_hash: auth::hash_pin(pin.as_str())?, geblokkeerd: false };
    Ok((a, pin))
}

/// Store a new account, and give the database its own hash of its PIN (PostgreSQL: so it signs
/// in on the desks' login at once).
fn toevoegen(store: &dyn Store, a: &Account, pin: &auth::Geheim) -> anyhow::Result<()> {
    store.account_toevoegen(a).map_err(|e| anyhow::anyhow!("account niet toegevoegd: {e}"))?;
    store
        .pin_in_database(&a.naam, pin.as_str())
        .map_err(|e| anyhow::anyhow!("account toegevoegd, maar nog niet voor aanmelden via de database: {e}"))
}

/// At the TUI's start: is sign-in required here, and are there no accounts (the header warns)?
/// On the shared database without any account, the first start creates the first functioneel
/// beheerder on the terminal. `alleen_lezen`: the map-only fallback (no personal data): no sign-in.
pub struct Toegang {
    pub verplicht: bool,
    pub onbeveiligd: bool,
}

pub fn bij_start(
    store: &dyn Store,
    alleen_lezen: bool,
    invoer: &mut dyn Invoer,
    out: &mut dyn Write,
) -> anyhow::Result<Toegang> {
    if alleen_lezen {
        return Ok(Toegang { verplicht: false, onbeveiligd: false });
    }
    let leeg = auth::zonder_accounts(store)?;
    if store.is_shared() && leeg {
        if !invoer.is_terminal() {
            anyhow::bail!(
                "de gedeelde database heeft nog geen accounts; maak eerst een functioneel beheerder: loket account toevoegen NAAM --rol {}",
                Rol::FunctioneelBeheerder.code()
            );
        }
        writeln!(
            out,
            "Deze gedeelde database heeft nog geen accounts. Maak nu het eerste aan: de functioneel beheerder, die daarna de andere accounts maakt."
        )?;
        let naam = invoer.regel("Naam: ")?;
        check_naam(&naam).map_err(|e| anyhow::anyhow!("account: {e}"))?;
        let (a, pin) = nieuw_account(&naam, Rol::FunctioneelBeheerder, invoer)?;
        toevoegen(store, &a, &pin)?;
        writeln!(out, "Account '{}' toegevoegd (functioneel beheerder). Meld u zo aan.", a.naam)?;
        return Ok(Toegang { verplicht: true, onbeveiligd: false });
    }
    Ok(Toegang { verplicht: store.is_shared() || !leeg, onbeveiligd: leeg && !store.is_shared() })
}

//! Accounts and roles: who may sign in, and what each role may see and do.
//!
//! The rules live here, in one table ([`Rol::mag`]); the app and the commands ask it. The section
//! "Accounts en rollen" of docs/ontwikkelaars.md says the same in words.

use serde::{Deserialize, Serialize};

/// The role of an account. Stored: add new roles only at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Rol {
    /// Frontoffice: registers contacts, looks up earlier ones, hands over.
    Balie,
    /// Backoffice: works the dossiers (queue, notes, appointments).
    Clientondersteuner,
    /// Beheerder sociale kaart: keeps the map; sees no personal data.
    BeheerderKaart,
    /// Functioneel beheerder: accounts and the audit log; reads no contacts or dossiers.
    FunctioneelBeheerder,
}

impl Rol {
    pub const ALL: [Rol; 4] = [Rol::Balie, Rol::Clientondersteuner, Rol::BeheerderKaart, Rol::FunctioneelBeheerder];

    /// The name on the command line and in lists.
    pub fn code(self) -> &'static str {
        match self {
            Rol::Balie => "balie",
            Rol::Clientondersteuner => "clientondersteuner",
            Rol::BeheerderKaart => "beheerder-kaart",
            Rol::FunctioneelBeheerder => "functioneel-beheerder",
        }
    }

    /// The name on screen.
    pub fn label(self) -> &'static str {
        match self {
            Rol::Balie => "balie",
            Rol::Clientondersteuner => "cliëntondersteuner",
            Rol::BeheerderKaart => "beheerder sociale kaart",
            Rol::FunctioneelBeheerder => "functioneel beheerder",
        }
    }

    /// Read a role name (as [`Rol::code`], with or without accents, spaces or dashes).
    pub fn parse(s: &str) -> Option<Rol> {
        let norm: String =
            s.trim().to_lowercase().replace('ë', "e").chars().filter(|c| !matches!(c, '-' | '_' | ' ')).collect();
        match norm.as_str() {
            "balie" | "frontoffice" => Some(Rol::Balie),
            "clientondersteuner" | "backoffice" => Some(Rol::Clientondersteuner),
            "beheerderkaart" | "beheerdersocialekaart" | "kaartbeheerder" => Some(Rol::BeheerderKaart),
            "functioneelbeheerder" => Some(Rol::FunctioneelBeheerder),
            _ => None,
        }
    }

    /// The rules: may this role do `r`? (One table; see docs/ontwikkelaars.md, "Accounts en rollen".)
    pub fn mag(self, r: Recht) -> bool {
        use Recht::*;
        match self {
            Rol::Balie => matches!(r, KaartZoeken | ContactRegistreren | ContactenOpzoeken | Overdragen),
            Rol::Clientondersteuner => matches!(r, KaartZoeken | DossiersWerken),
            Rol::BeheerderKaart => matches!(r, KaartZoeken | KaartBewerken),
            // the report holds counts only (small numbers suppressed): no contact or dossier is read
            Rol::FunctioneelBeheerder => matches!(r, KaartZoeken | AccountsBeheren | AuditLog | RapportBekijken),
        }
    }
}

impl std::fmt::Display for Rol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label())
    }
}

/// What a role may be allowed to see or do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recht {
    /// Search and read the sociale kaart (no personal data).
    KaartZoeken,
    /// Change the map: import, edit.
    KaartBewerken,
    /// Register a new contact (and finish one's own).
    ContactRegistreren,
    /// The contact list: earlier contacts, repeat callers, call-backs (personal data).
    ContactenOpzoeken,
    /// Hand a contact over to the backoffice (book an appointment).
    Overdragen,
    /// The backoffice queue: open dossiers, read and write notes, rebook.
    DossiersWerken,
    /// Manage accounts (add, list, block).
    AccountsBeheren,
    /// Read, check and export the audit log.
    AuditLog,
    /// The report screen: counts over contacts and dossiers, small numbers suppressed (never a
    /// record). Not stored.
    RapportBekijken,
}

impl Recht {
    /// What is refused, for a message ("… is niet voor uw rol").
    pub fn label(self) -> &'static str {
        match self {
            Recht::KaartZoeken => "de sociale kaart",
            Recht::KaartBewerken => "de sociale kaart bewerken",
            Recht::ContactRegistreren => "contacten registreren",
            Recht::ContactenOpzoeken => "de contactenlijst",
            Recht::Overdragen => "overdragen aan de backoffice",
            Recht::DossiersWerken => "de dossiers (backoffice)",
            Recht::AccountsBeheren => "accounts beheren",
            Recht::AuditLog => "het auditlog",
            Recht::RapportBekijken => "het rapport",
        }
    }
}

/// A stored account. The PIN or password is kept only as a salted argon2 hash (PHC string).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The name to sign in with, as typed when the account was made (unique, case-insensitive).
    pub naam: String,
    pub rol: Rol,
    /// argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub pin_hash: String,
    /// A blocked account cannot sign in.
    pub geblokkeerd: bool,
}

impl Account {
    /// The key under which an account is stored: the name, trimmed and lower-cased.
    pub fn sleutel(naam: &str) -> String {
        naam.trim().to_lowercase()
    }
}

/// Who is signed in at a desk (no secrets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aangemeld {
    pub naam: String,
    pub rol: Rol,
}

impl From<&Account> for Aangemeld {
    fn from(a: &Account) -> Aangemeld {
        Aangemeld { naam: a.naam.clone(), rol: a.rol }
    }
}

/// The shortest PIN or password accepted.
pub const MIN_PIN: usize = 6;

/// Is this a usable name for an account? A Dutch reason when not.
pub fn check_naam(naam: &str) -> Result<(), String> {
    let n = naam.trim();
    if n.is_empty() {
        return Err("de naam is leeg".into());
    }
    if n.chars().count() > 60 {
        return Err("de naam is langer dan 60 tekens".into());
    }
    if n.chars().any(|c| c.is_control()) {
        return Err("de naam bevat een stuurteken".into());
    }
    Ok(())
}

/// Is this a usable PIN or password? A Dutch reason when not (never the PIN itself).
pub fn check_pin(pin: &str) -> Result<(), String> {
    if pin.chars().count() < MIN_PIN {
        return Err(format!("de pincode of het wachtwoord is te kort: minstens {MIN_PIN} tekens"));
    }
    if pin.chars().any(|c| c.is_control()) {
        return Err("de pincode of het wachtwoord bevat een stuurteken".into());
    }
    Ok(())
}

/// May `nieuw` be added next to `bestaand`? Both backends check this inside their transaction:
/// the name must be free (case-insensitive) and the first account must be a functioneel beheerder.
pub fn check_toevoegen(bestaand: &[Account], nieuw: &Account) -> Result<(), String> {
    check_naam(&nieuw.naam)?;
    let key = Account::sleutel(&nieuw.naam);
    if bestaand.iter().any(|a| Account::sleutel(&a.naam) == key) {
        return Err(format!("er is al een account met de naam '{}'", nieuw.naam.trim()));
    }
    if bestaand.is_empty() && nieuw.rol != Rol::FunctioneelBeheerder {
        return Err(format!(
            "het eerste account moet een functioneel beheerder zijn (--rol {}), niet {}",
            Rol::FunctioneelBeheerder.code(),
            nieuw.rol.label()
        ));
    }
    Ok(())
}

/// The account `naam` blocked (or unblocked), as it is to be stored; refused when it does not
/// exist, or when blocking it would leave no functioneel beheerder who can sign in.
pub fn check_blokkeren(bestaand: &[Account], naam: &str, geblokkeerd: bool) -> Result<Account, String> {
    let key = Account::sleutel(naam);
    let Some(a) = bestaand.iter().find(|a| Account::sleutel(&a.naam) == key) else {
        return Err(format!("er is geen account met de naam '{}'", naam.trim()));
    };
    let actieve_fb = |x: &&Account| x.rol == Rol::FunctioneelBeheerder && !x.geblokkeerd;
    if geblokkeerd && actieve_fb(&a) && bestaand.iter().filter(actieve_fb).count() == 1 {
        return Err(
            "dit is de laatste functioneel beheerder die kan aanmelden; maak eerst een andere aan, anders kan niemand de accounts nog beheren"
                .into(),
        );
    }
    Ok(Account { geblokkeerd, ..a.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_read_back() {
        for r in Rol::ALL {
            assert_eq!(Rol::parse(r.code()), Some(r));
            assert_eq!(Rol::parse(r.label()), Some(r));
        }
        assert_eq!(Rol::parse("Cliëntondersteuner"), Some(Rol::Clientondersteuner));
        assert_eq!(Rol::parse("directeur"), None);
    }

    #[test]
    fn only_the_functioneel_beheerder_manages_accounts_and_no_one_else_reads_the_audit_log() {
        for r in Rol::ALL {
            assert_eq!(r.mag(Recht::AccountsBeheren), r == Rol::FunctioneelBeheerder, "{r}");
            assert_eq!(r.mag(Recht::AuditLog), r == Rol::FunctioneelBeheerder, "{r}");
            assert!(r.mag(Recht::KaartZoeken), "{r}");
            // the report (counts only) is the functioneel beheerder's, who reads no records
            assert_eq!(r.mag(Recht::RapportBekijken), r == Rol::FunctioneelBeheerder, "{r}");
        }
    }

    #[test]
    fn short_pins_and_empty_names_are_refused() {
        assert!(check_pin("12345").is_err());
        assert!(check_pin("123456").is_ok());
        assert!(check_naam("  ").is_err());
        assert!(check_naam("Anna de Vries").is_ok());
    }
}

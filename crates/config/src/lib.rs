//! The config files: a system-wide one (`/etc/loket/config.toml` on Unix,
//! `%PROGRAMDATA%\loket\config.toml` on Windows, or `LOKET_SYSTEEMCONFIG`), set by the
//! functioneel beheerder for every desk on the machine, and the user's own (`config.toml` in the
//! user's config directory, or `LOKET_CONFIG`), which overrides it key by key (and
//! `[bewaartermijnen]` term by term). Keys: `keymap`, `database`, `medewerker`, `kanaal`, `domein`,
//! `vergrendelen_na_minuten`, `logniveau`, `brief_openen_met`, `api_contactpersonen`, `[bewaartermijnen]`, `[loket]` (the letterhead). Flags and environment variables win over both.
//! Every value remembers where it came from ([`Bron`]), for `loket config`.
//!
//! A database URL with a password must not sit in a file that others can read: such a file is
//! refused (use a 0600 file, or PGPASSFILE / ~/.pgpass).

use std::path::{Path, PathBuf};

use loket_domain::contact::Kanaal;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub keymap: Option<String>,
    pub database: Option<String>,
    pub medewerker: Option<String>,
    pub kanaal: Option<Kanaal>,
    /// `domein`: the loket's own internet domain ("wmo.hethogeland.nl"), in the UID and
    /// ORGANIZER of calendar files.
    pub domein: Option<String>,
    /// `vergrendelen_na_minuten`: lock the screen after this many minutes without a key
    /// (default [`VERGRENDELEN_STANDAARD`]; 0 = never).
    pub vergrendelen_na_minuten: Option<u32>,
    /// `logniveau`: how much the support log in the data directory records (see [`LOGNIVEAUS`];
    /// default [`LOGNIVEAU_STANDAARD`]).
    pub logniveau: Option<String>,
    /// `rapport_drempel`: counts under this are shown as "<N" in reports (default
    /// `loket_domain::rapport::DREMPEL_STANDAARD`, 5).
    pub rapport_drempel: Option<u32>,
    /// `aanmelden_max_pogingen`: failed sign-ins in a row (counted by the store, for every desk)
    /// before an account locks until a functioneel beheerder releases it (default 5).
    pub aanmelden_max_pogingen: Option<u32>,
    /// `opvolgen_na_dagen`: days after a referral (at the desk, or an arrangement's start) when
    /// it is followed up (default `loket_domain::opvolging::OPVOLGEN_NA_DAGEN`, 14).
    pub opvolgen_na_dagen: Option<u32>,
    /// `brief_openen_met`: the program that opens the confirmation letter (its arguments after
    /// it, split on spaces; the file's path is added last). Unset: the system's browser or viewer
    /// (xdg-open, open, start). `LOKET_OPENER` wins over it.
    pub brief_openen_met: Option<String>,
    /// `api_contactpersonen`: `loket api` shows the named contact persons of providers (HSDS
    /// `contacts`); default false: left out.
    pub api_contactpersonen: Option<bool>,
    /// Retention periods (table `[bewaartermijnen]`; defaults when absent).
    pub bewaartermijnen: loket_domain::bewaren::Bewaartermijnen,
    /// The loket's letterhead (table `[loket]`: naam, adres, postcode, plaats, telefoon, email,
    /// website; each empty when not set), on the letters and pages made for residents.
    pub loket: loket_domain::briefhoofd::Briefhoofd,
    /// The file it came from (None when there is none; the user's when both are read).
    pub path: Option<PathBuf>,
    /// Where each key that a file set came from (`bewaartermijnen.contact_maanden` for a term);
    /// a key not named here has its default.
    pub bronnen: std::collections::BTreeMap<String, Bron>,
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bron {
    Standaard,
    Systeem(PathBuf),
    Gebruiker(PathBuf),
    /// An environment variable.
    Omgeving(&'static str),
    /// A command-line flag.
    Vlag(&'static str),
}

impl std::fmt::Display for Bron {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bron::Standaard => write!(f, "standaard"),
            Bron::Systeem(p) => write!(f, "systeem: {}", p.display()),
            Bron::Gebruiker(p) => write!(f, "gebruiker: {}", p.display()),
            Bron::Omgeving(v) => write!(f, "omgeving: {v}"),
            Bron::Vlag(v) => write!(f, "vlag: {v}"),
        }
    }
}

/// The names of the retention terms in `[bewaartermijnen]`.
pub const TERMIJNEN: [&str; 7] = [
    "contact_maanden",
    "dossier_maanden",
    "afspraakbestanden_maanden",
    "inzagebestanden_maanden",
    "auditlog_maanden",
    "leefplan_maanden",
    "opvolging_maanden",
];

fn termijn_mut<'a>(t: &'a mut loket_domain::bewaren::Bewaartermijnen, naam: &str) -> Option<&'a mut u32> {
    Some(match naam {
        "contact_maanden" => &mut t.contact_maanden,
        "dossier_maanden" => &mut t.dossier_maanden,
        "afspraakbestanden_maanden" => &mut t.afspraakbestanden_maanden,
        "inzagebestanden_maanden" => &mut t.inzagebestanden_maanden,
        "auditlog_maanden" => &mut t.auditlog_maanden,
        "leefplan_maanden" => &mut t.leefplan_maanden,
        "opvolging_maanden" => &mut t.opvolging_maanden,
        _ => return None,
    })
}

/// One retention term by its name in `[bewaartermijnen]`.
pub fn termijn(t: &loket_domain::bewaren::Bewaartermijnen, naam: &str) -> Option<u32> {
    termijn_mut(&mut t.clone(), naam).map(|n| *n)
}

/// The levels of the support log, least first: `uit` writes nothing.
pub const LOGNIVEAUS: [&str; 5] = ["uit", "fout", "waarschuwing", "info", "debug"];
/// The support log's level when the config does not say.
pub const LOGNIVEAU_STANDAARD: &str = "info";

/// Minutes without a key before the screen locks, when the config does not say.
pub const VERGRENDELEN_STANDAARD: u32 = 5;

impl Config {
    /// The idle time before the screen locks (None: never).
    pub fn vergrendel_na(&self) -> Option<chrono::Duration> {
        match self.vergrendelen_na_minuten.unwrap_or(VERGRENDELEN_STANDAARD) {
            0 => None,
            n => Some(chrono::Duration::minutes(i64::from(n))),
        }
    }
}

/// Where the system-wide config file is: `LOKET_SYSTEEMCONFIG`, else `/etc/loket/config.toml`
/// (Unix) or `%PROGRAMDATA%\loket\config.toml` (Windows).
pub fn system_config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LOKET_SYSTEEMCONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    loket_base::platform::systeemconfig_map().map(|d| d.join("config.toml"))
}

/// Where the user's config file is: `LOKET_CONFIG`, else the platform's config directory.
pub fn config_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("LOKET_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("nl", "loket", "loket").map(|d| d.config_dir().join("config.toml"))
}

pub fn parse_kanaal(s: &str) -> Option<Kanaal> {
    let s = s.trim().to_lowercase();
    Kanaal::ALL.into_iter().find(|k| k.label() == s || (s == "email" && *k == Kanaal::Email))
}

/// Does this database URL carry a password?
pub fn url_has_password(url: &str) -> bool {
    if let Some(rest) = url.split_once("://").map(|x| x.1) {
        let auth = rest.split(['/', '?']).next().unwrap_or("");
        if let Some((user, _host)) = auth.rsplit_once('@') {
            return user.contains(':');
        }
        return url.contains("password=");
    }
    url.split_whitespace().any(|p| p.starts_with("password="))
}

/// Read the system-wide config file, then the user's over it. A missing file is an empty
/// config; a broken one is an error with its place, never silently ignored.
pub fn load() -> Result<Config, String> {
    let systeem = system_config_path().filter(|p| p.exists());
    let gebruiker = config_path().filter(|p| p.exists());
    load_layers(systeem.as_deref(), gebruiker.as_deref())
}

/// The system-wide file (if any) with the user's (if any) over it, key by key.
pub fn load_layers(systeem: Option<&Path>, gebruiker: Option<&Path>) -> Result<Config, String> {
    let mut c = Config::default();
    if let Some(p) = systeem {
        c.overlay(load_from(p)?, Bron::Systeem(p.to_path_buf()));
    }
    if let Some(p) = gebruiker {
        c.overlay(load_from(p)?, Bron::Gebruiker(p.to_path_buf()));
    }
    Ok(c)
}

impl Config {
    /// Days after a referral when it is followed up.
    pub fn opvolgen_dagen(&self) -> u32 {
        self.opvolgen_na_dagen.unwrap_or(loket_domain::opvolging::OPVOLGEN_NA_DAGEN)
    }

    /// Take every key that `laag` set, recording `bron` as where it came from.
    fn overlay(&mut self, laag: Config, bron: Bron) {
        fn zet<T>(doel: &mut Option<T>, van: Option<T>) {
            if van.is_some() {
                *doel = van;
            }
        }
        zet(&mut self.keymap, laag.keymap);
        zet(&mut self.database, laag.database);
        zet(&mut self.medewerker, laag.medewerker);
        zet(&mut self.kanaal, laag.kanaal);
        zet(&mut self.domein, laag.domein);
        zet(&mut self.vergrendelen_na_minuten, laag.vergrendelen_na_minuten);
        zet(&mut self.logniveau, laag.logniveau);
        zet(&mut self.rapport_drempel, laag.rapport_drempel);
        zet(&mut self.aanmelden_max_pogingen, laag.aanmelden_max_pogingen);
        zet(&mut self.opvolgen_na_dagen, laag.opvolgen_na_dagen);
        zet(&mut self.brief_openen_met, laag.brief_openen_met);
        zet(&mut self.api_contactpersonen, laag.api_contactpersonen);
        for key in laag.bronnen.keys() {
            if let Some(naam) = key.strip_prefix("loket.") {
                if let (Some(v), Some(doel)) = (laag.loket.veld(naam), self.loket.veld_mut(naam)) {
                    *doel = v.to_string();
                }
            }
            if let Some(naam) = key.strip_prefix("bewaartermijnen.") {
                if let (Some(n), Some(doel)) =
                    (termijn(&laag.bewaartermijnen, naam), termijn_mut(&mut self.bewaartermijnen, naam))
                {
                    *doel = n;
                }
            }
            self.bronnen.insert(key.clone(), bron.clone());
        }
        zet(&mut self.path, laag.path);
    }

    /// Where `key` came from (`bewaartermijnen.contact_maanden` for a term).
    pub fn bron(&self, key: &str) -> Bron {
        self.bronnen.get(key).cloned().unwrap_or(Bron::Standaard)
    }
}

pub fn load_from(path: &Path) -> Result<Config, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{}: niet te lezen ({})", path.display(), e.kind()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map(|s| text[..s.start].lines().count().max(1)).unwrap_or(1);
        format!("{}:{line}: {}", path.display(), e.message())
    })?;
    let mut c = Config { path: Some(path.to_path_buf()), ..Default::default() };
    let line_of = |key: &str| text.lines().position(|l| l.trim_start().starts_with(key)).map(|i| i + 1).unwrap_or(1);
    for (k, v) in &table {
        if k == "vergrendelen_na_minuten" {
            let n = v.as_integer().filter(|n| (0..=1440).contains(n)).ok_or_else(|| {
                format!(
                    "{}:{}: vergrendelen_na_minuten: verwacht een geheel aantal minuten van 0 tot 1440 (0 = nooit), zonder aanhalingstekens",
                    path.display(),
                    line_of(k)
                )
            })?;
            c.vergrendelen_na_minuten = Some(n as u32);
            c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
            continue;
        }
        if k == "rapport_drempel" {
            let n = v.as_integer().filter(|n| (1..=100).contains(n)).ok_or_else(|| {
                format!(
                    "{}:{}: rapport_drempel: verwacht een geheel getal van 1 tot 100 (aantallen daaronder staan als \"<N\" in rapporten), zonder aanhalingstekens",
                    path.display(),
                    line_of(k)
                )
            })?;
            c.rapport_drempel = Some(n as u32);
            c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
            continue;
        }
        if k == "aanmelden_max_pogingen" {
            let n = v.as_integer().filter(|n| (1..=100).contains(n)).ok_or_else(|| {
                format!(
                    "{}:{}: aanmelden_max_pogingen: verwacht een geheel getal van 1 tot 100 (mislukte aanmeldingen op rij voordat een account vergrendelt), zonder aanhalingstekens",
                    path.display(),
                    line_of(k)
                )
            })?;
            c.aanmelden_max_pogingen = Some(n as u32);
            c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
            continue;
        }
        if k == "opvolgen_na_dagen" {
            let n = v.as_integer().filter(|n| (1..=365).contains(n)).ok_or_else(|| {
                format!(
                    "{}:{}: opvolgen_na_dagen: verwacht een geheel getal van 1 tot 365 (dagen na een verwijzing dat die wordt opgevolgd), zonder aanhalingstekens",
                    path.display(),
                    line_of(k)
                )
            })?;
            c.opvolgen_na_dagen = Some(n as u32);
            c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
            continue;
        }
        if k == "api_contactpersonen" {
            let b = v.as_bool().ok_or_else(|| {
                format!(
                    "{}:{}: api_contactpersonen: verwacht true of false (zonder aanhalingstekens): toont loket api de contactpersonen van aanbieders",
                    path.display(),
                    line_of(k)
                )
            })?;
            c.api_contactpersonen = Some(b);
            c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
            continue;
        }
        if k == "bewaartermijnen" {
            let (t, gezet) = bewaartermijnen(path, &text, v)?;
            c.bewaartermijnen = t;
            for naam in gezet {
                c.bronnen.insert(format!("bewaartermijnen.{naam}"), Bron::Gebruiker(path.to_path_buf()));
            }
            continue;
        }
        if k == "loket" {
            let (b, gezet) = briefhoofd(path, &text, v)?;
            c.loket = b;
            for naam in gezet {
                c.bronnen.insert(format!("loket.{naam}"), Bron::Gebruiker(path.to_path_buf()));
            }
            continue;
        }
        let s = v
            .as_str()
            .ok_or_else(|| format!("{}:{}: {k}: verwacht tekst tussen aanhalingstekens", path.display(), line_of(k)))?;
        c.bronnen.insert(k.clone(), Bron::Gebruiker(path.to_path_buf()));
        match k.as_str() {
            "keymap" => c.keymap = Some(s.to_string()),
            "database" => c.database = Some(s.to_string()),
            "medewerker" => c.medewerker = Some(s.to_string()),
            "brief_openen_met" => c.brief_openen_met = Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            "logniveau" => {
                if !LOGNIVEAUS.contains(&s) {
                    return Err(format!(
                        "{}:{}: logniveau: onbekend niveau '{s}' (kies uit: {})",
                        path.display(),
                        line_of(k),
                        LOGNIVEAUS.join(", ")
                    ));
                }
                c.logniveau = Some(s.to_string());
            }
            "domein" => {
                if !loket_domain::ics::is_domein(s) {
                    return Err(format!(
                        "{}:{}: domein: '{s}' is geen domeinnaam (bijvoorbeeld wmo.hethogeland.nl)",
                        path.display(),
                        line_of(k)
                    ));
                }
                c.domein = Some(s.trim().to_lowercase());
            }
            "kanaal" => {
                c.kanaal = Some(parse_kanaal(s).ok_or_else(|| {
                    format!(
                        "{}:{}: kanaal: onbekend kanaal '{s}' (telefoon, balie, e-mail of huisbezoek)",
                        path.display(),
                        line_of(k)
                    )
                })?)
            }
            other => {
                return Err(format!(
                    "{}:{}: onbekende instelling '{other}' (bekend: keymap, database, medewerker, kanaal, domein, vergrendelen_na_minuten, rapport_drempel, aanmelden_max_pogingen, opvolgen_na_dagen, api_contactpersonen, logniveau, brief_openen_met, [bewaartermijnen], [loket])",
                    path.display(),
                    line_of(other)
                ))
            }
        }
    }
    if c.database.as_deref().is_some_and(url_has_password)
        && loket_base::platform::leesbaar_voor_anderen(path) == Some(true)
    {
        return Err(format!(
            "{}: bevat een databasewachtwoord maar is leesbaar voor anderen; maak het privé (chmod 600 {}) of zet het wachtwoord in ~/.pgpass",
            path.display(),
            path.display()
        ));
    }
    Ok(c)
}

/// The table `[bewaartermijnen]`: whole numbers of months, each optional (defaults otherwise).
/// Returns the terms and the names of those the file set.
fn bewaartermijnen(
    path: &Path,
    text: &str,
    v: &toml::Value,
) -> Result<(loket_domain::bewaren::Bewaartermijnen, Vec<String>), String> {
    let mut t = loket_domain::bewaren::Bewaartermijnen::default();
    let line_of = |key: &str| {
        let from = text.lines().position(|l| l.trim_start().starts_with("[bewaartermijnen]")).unwrap_or(0);
        text.lines()
            .enumerate()
            .skip(from)
            .find(|(_, l)| l.trim_start().starts_with(key))
            .map(|(i, _)| i + 1)
            .unwrap_or(1)
    };
    let table = v.as_table().ok_or_else(|| {
        format!(
            "{}:{}: bewaartermijnen: verwacht een tabel [bewaartermijnen]",
            path.display(),
            line_of("bewaartermijnen")
        )
    })?;
    let mut gezet = Vec::new();
    for (k, v) in table {
        let n = v.as_integer().filter(|n| (1..=1200).contains(n)).ok_or_else(|| {
            format!("{}:{}: bewaartermijnen.{k}: verwacht een aantal maanden (1 t/m 1200)", path.display(), line_of(k))
        })? as u32;
        match termijn_mut(&mut t, k) {
            Some(doel) => {
                *doel = n;
                gezet.push(k.clone());
            }
            None => {
                return Err(format!(
                    "{}:{}: bewaartermijnen: onbekende termijn '{k}' (bekend: {})",
                    path.display(),
                    line_of(k),
                    TERMIJNEN.join(", ")
                ))
            }
        }
    }
    Ok((t, gezet))
}

/// The table `[loket]`: the letterhead, each key text. Returns it and the names of the keys set.
fn briefhoofd(
    path: &Path,
    text: &str,
    v: &toml::Value,
) -> Result<(loket_domain::briefhoofd::Briefhoofd, Vec<String>), String> {
    let line_of = |key: &str| {
        let from = text.lines().position(|l| l.trim_start().starts_with("[loket]")).unwrap_or(0);
        text.lines()
            .enumerate()
            .skip(from)
            .find(|(_, l)| l.trim_start().starts_with(key))
            .map(|(i, _)| i + 1)
            .unwrap_or(1)
    };
    let table = v
        .as_table()
        .ok_or_else(|| format!("{}:{}: loket: verwacht een tabel [loket]", path.display(), line_of("loket")))?;
    let mut b = loket_domain::briefhoofd::Briefhoofd::default();
    let mut gezet = Vec::new();
    for (k, v) in table {
        let Some(doel) = b.veld_mut(k) else {
            return Err(format!(
                "{}:{}: loket: onbekende instelling '{k}' (bekend: {})",
                path.display(),
                line_of(k),
                loket_domain::briefhoofd::VELDEN.join(", ")
            ));
        };
        let s = v.as_str().ok_or_else(|| {
            format!("{}:{}: loket.{k}: verwacht tekst tussen aanhalingstekens", path.display(), line_of(k))
        })?;
        *doel = s.trim().to_string();
        gezet.push(k.clone());
    }
    Ok((b, gezet))
}

/// Remember the worker's name in the config file (asked once).
pub fn save_medewerker(name: &str) -> Result<(), String> {
    let path = config_path().ok_or("geen configuratiemap gevonden")?;
    let mut table: toml::Table = match std::fs::read_to_string(&path) {
        Ok(t) => t.parse().map_err(|e: toml::de::Error| format!("{}: {}", path.display(), e.message()))?,
        Err(_) => toml::Table::new(),
    };
    table.insert("medewerker".into(), toml::Value::String(name.to_string()));
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), e.kind()))?;
    }
    let text = toml::to_string(&table).map_err(|e| e.to_string())?;
    loket_base::fs::write_private(&path, text.as_bytes()).map_err(|e| format!("{}: {}", path.display(), e.kind()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_recognised() {
        assert!(url_has_password("postgres://loket:geheim@db/loket"));
        assert!(!url_has_password("postgres://loket@db/loket"));
        assert!(!url_has_password("postgres://db/loket?sslmode=require"));
        assert!(url_has_password("host=db user=loket password=geheim"));
    }

    #[test]
    fn a_world_readable_file_with_a_password_is_refused_and_errors_name_the_line() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "medewerker = \"Anna\"\ndatabase = \"postgres://loket:geheim@db/loket\"\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = load_from(&p).unwrap_err();
        assert!(e.contains("chmod 600") && !e.contains("geheim"), "{e}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        let c = load_from(&p).unwrap();
        assert_eq!(c.medewerker.as_deref(), Some("Anna"));
        std::fs::write(&p, "medewerker = \"Anna\"\nkanaal = \"fax\"\n").unwrap();
        let e = load_from(&p).unwrap_err();
        assert!(e.contains(":2: kanaal"), "{e}");
        std::fs::write(&p, "kleur = \"rood\"\n").unwrap();
        assert!(load_from(&p).unwrap_err().contains(":1: onbekende instelling 'kleur'"));
        std::fs::write(&p, "medewerker = \"Anna\"\nvergrendelen_na_minuten = \"vijf\"\n").unwrap();
        assert!(load_from(&p).unwrap_err().contains(":2: vergrendelen_na_minuten"));
    }

    #[test]
    fn the_idle_lock_defaults_to_five_minutes_and_zero_means_never() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "medewerker = \"Anna\"\n").unwrap();
        assert_eq!(load_from(&p).unwrap().vergrendel_na(), Some(chrono::Duration::minutes(5)));
        std::fs::write(&p, "vergrendelen_na_minuten = 12\n").unwrap();
        assert_eq!(load_from(&p).unwrap().vergrendel_na(), Some(chrono::Duration::minutes(12)));
        std::fs::write(&p, "vergrendelen_na_minuten = 0\n").unwrap();
        assert_eq!(load_from(&p).unwrap().vergrendel_na(), None);
    }

    #[test]
    fn retention_periods_are_read_with_defaults_and_bad_ones_name_their_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("config.toml");
        std::fs::write(&p, "medewerker = \"Anna\"\n[bewaartermijnen]\ncontact_maanden = 6\n").unwrap();
        let c = load_from(&p).unwrap();
        assert_eq!(c.bewaartermijnen.contact_maanden, 6);
        assert_eq!(c.bewaartermijnen.dossier_maanden, 24, "the default");
        std::fs::write(
            &p,
            "medewerker = \"Anna\"\n[bewaartermijnen]\ncontact_maanden = 6\ndossier_maanden = \"lang\"\n",
        )
        .unwrap();
        let e = load_from(&p).unwrap_err();
        assert!(e.contains(":4: bewaartermijnen.dossier_maanden"), "{e}");
    }

    #[test]
    fn the_letterhead_is_read_key_by_key_over_the_system_file() {
        let dir = tempfile::tempdir().unwrap();
        let sys = dir.path().join("systeem.toml");
        let user = dir.path().join("gebruiker.toml");
        std::fs::write(&sys, "[loket]\nnaam = \"Loket Winsum\"\ntelefoon = \"0595 000000\"\n").unwrap();
        std::fs::write(&user, "[loket]\ntelefoon = \"0595 111111\"\n").unwrap();
        let c = load_layers(Some(&sys), Some(&user)).unwrap();
        assert_eq!(c.loket.naam, "Loket Winsum");
        assert_eq!(c.loket.telefoon, "0595 111111");
        assert_eq!(c.bron("loket.naam"), Bron::Systeem(sys.clone()));
        assert_eq!(c.bron("loket.telefoon"), Bron::Gebruiker(user.clone()));
        assert_eq!(c.bron("loket.adres"), Bron::Standaard);
        std::fs::write(&user, "[loket]\nfax = \"1\"\n").unwrap();
        let e = load_from(&user).unwrap_err();
        assert!(e.contains(":2: loket: onbekende instelling 'fax'"), "{e}");
    }
}

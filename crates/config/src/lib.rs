//! The config file (`config.toml` in the user's config directory, or `LOKET_CONFIG`):
//! `keymap`, `database`, `medewerker`, `kanaal`, `domein` and `vergrendelen_na_minuten`. Flags and environment variables win over it.
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
    /// `rapport_drempel`: counts under this are shown as "<N" in reports (default
    /// `loket_domain::rapport::DREMPEL_STANDAARD`, 5).
    pub rapport_drempel: Option<u32>,
    /// Retention periods (table `[bewaartermijnen]`; defaults when absent).
    pub bewaartermijnen: loket_domain::bewaren::Bewaartermijnen,
    /// The file it came from (None when there is none).
    pub path: Option<PathBuf>,
}

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

/// Where the config file is: `LOKET_CONFIG`, else the platform's config directory.
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

/// Read the config file. A missing file is an empty config; a broken one is an error with its
/// place, never silently ignored.
pub fn load() -> Result<Config, String> {
    match config_path() {
        Some(p) if p.exists() => load_from(&p),
        _ => Ok(Config::default()),
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
            continue;
        }
        if k == "bewaartermijnen" {
            c.bewaartermijnen = bewaartermijnen(path, &text, v)?;
            continue;
        }
        let s = v
            .as_str()
            .ok_or_else(|| format!("{}:{}: {k}: verwacht tekst tussen aanhalingstekens", path.display(), line_of(k)))?;
        match k.as_str() {
            "keymap" => c.keymap = Some(s.to_string()),
            "database" => c.database = Some(s.to_string()),
            "medewerker" => c.medewerker = Some(s.to_string()),
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
                    "{}:{}: onbekende instelling '{other}' (bekend: keymap, database, medewerker, kanaal, domein, vergrendelen_na_minuten, rapport_drempel, [bewaartermijnen])",
                    path.display(),
                    line_of(other)
                ))
            }
        }
    }
    #[cfg(unix)]
    if c.database.as_deref().is_some_and(url_has_password) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map(|m| m.permissions().mode()).unwrap_or(0);
        if mode & 0o077 != 0 {
            return Err(format!(
                "{}: bevat een databasewachtwoord maar is leesbaar voor anderen; maak het privé (chmod 600 {}) of zet het wachtwoord in ~/.pgpass",
                path.display(),
                path.display()
            ));
        }
    }
    Ok(c)
}

/// The table `[bewaartermijnen]`: whole numbers of months, each optional (defaults otherwise).
fn bewaartermijnen(path: &Path, text: &str, v: &toml::Value) -> Result<loket_domain::bewaren::Bewaartermijnen, String> {
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
    for (k, v) in table {
        let n = v.as_integer().filter(|n| (1..=1200).contains(n)).ok_or_else(|| {
            format!("{}:{}: bewaartermijnen.{k}: verwacht een aantal maanden (1 t/m 1200)", path.display(), line_of(k))
        })? as u32;
        match k.as_str() {
            "contact_maanden" => t.contact_maanden = n,
            "dossier_maanden" => t.dossier_maanden = n,
            "afspraakbestanden_maanden" => t.afspraakbestanden_maanden = n,
            "inzagebestanden_maanden" => t.inzagebestanden_maanden = n,
            "auditlog_maanden" => t.auditlog_maanden = n,
            other => {
                return Err(format!(
                    "{}:{}: bewaartermijnen: onbekende termijn '{other}' (bekend: contact_maanden, dossier_maanden, afspraakbestanden_maanden, inzagebestanden_maanden, auditlog_maanden)",
                    path.display(),
                    line_of(other)
                ))
            }
        }
    }
    Ok(t)
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
}

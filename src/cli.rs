//! The command line: data directory, keymap choice, and the headless commands.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalog::{Catalog, Entry, Filters};
use crate::domain::contact::Kanaal;
use crate::keymap::{Keymap, KeymapErrors, BUNDLED};
use crate::search::Searcher;
use crate::store::{SledStore, Store};

#[derive(Debug, Parser)]
#[command(
    name = "loket",
    version,
    about = "loket — sociale kaart, contactregistratie en overdracht voor de frontoffice"
)]
pub struct Cli {
    /// Map met de gegevens (standaard de gegevensmap van het systeem)
    #[arg(long, global = true, env = "LOKET_DATA_DIR", value_name = "MAP")]
    pub data_dir: Option<PathBuf>,
    /// Toetsenbordindeling: "standaard", "functietoetsen" of een pad naar een TOML-bestand
    #[arg(long, global = true, env = "LOKET_KEYMAP", value_name = "NAAM|PAD")]
    pub keymap: Option<String>,
    /// Controleer de toetsenbordindelingen en stop (zonder de TUI te openen)
    #[arg(long)]
    pub check_keymaps: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Zoek in de sociale kaart en druk de resultaten af (dezelfde rangorde als in de TUI)
    Zoek {
        /// Zoekwoorden
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Uitvoer als JSON
        #[arg(long)]
        json: bool,
        /// Hoeveel resultaten
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Vul de gegevensmap met een grote synthetische kaart (voor metingen)
    Genereer {
        /// Aantal voorzieningen
        aantal: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Importeer HSDS-gegevens (JSON, datapackage-map of .zip)
    Import {
        pad: PathBuf,
        /// Alleen controleren, niets schrijven
        #[arg(long)]
        check: bool,
        /// Geldige records schrijven en afgekeurde melden
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Rapport over de contacten: aantallen, gewezen op cliëntondersteuning, onvervulde vragen (geen persoonsgegevens)
    Rapport {
        /// Vanaf datum (JJJJ-MM-DD)
        #[arg(long)]
        van: Option<chrono::NaiveDate>,
        /// Tot en met datum (JJJJ-MM-DD)
        #[arg(long)]
        tot: Option<chrono::NaiveDate>,
        /// Uitvoer als JSON
        #[arg(long)]
        json: bool,
    },
    /// Exporteer de sociale kaart als HSDS 3.0
    Export {
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Doelmap
        map: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

/// Where the data lives: `--data-dir`, else `LOKET_DATA_DIR` (both via clap), else the platform's.
pub fn data_dir(opt: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = opt {
        return Ok(p.to_path_buf());
    }
    directories::ProjectDirs::from("nl", "loket", "loket")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| "Geen gegevensmap gevonden voor deze gebruiker; geef er een op met --data-dir MAP.".to_string())
}

/// The keymap from the flag, else `keymap = "…"` in the config file, else the standard one.
pub fn keymap_choice(flag: Option<&str>) -> String {
    if let Some(k) = flag {
        return k.to_string();
    }
    if let Some(dirs) = directories::ProjectDirs::from("nl", "loket", "loket") {
        let cfg = dirs.config_dir().join("config.toml");
        if let Ok(text) = std::fs::read_to_string(&cfg) {
            if let Ok(t) = text.parse::<toml::Table>() {
                if let Some(k) = t.get("keymap").and_then(|v| v.as_str()) {
                    return k.to_string();
                }
            }
        }
    }
    "standaard".to_string()
}

/// The config file (`~/.config/loket/config.toml` on Linux), if the platform has one.
pub fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "loket", "loket").map(|d| d.config_dir().join("config.toml"))
}

/// `kanaal = "…"` in the config text: the kanaal new contacts start with. None when not set; a
/// bad value or a broken file is an error naming the file and line.
pub fn kanaal_from_config(text: &str, path: &str) -> Result<Option<Kanaal>, String> {
    let line_of = |off: usize| text[..off.min(text.len())].matches('\n').count() + 1;
    let t: toml::Table = text.parse().map_err(|e: toml::de::Error| match e.span() {
        Some(s) => format!("{path}:{}: {}", line_of(s.start), e.message()),
        None => format!("{path}: {}", e.message()),
    })?;
    let Some(v) = t.get("kanaal") else { return Ok(None) };
    let line = text.lines().position(|l| l.trim_start().starts_with("kanaal")).map(|i| i + 1).unwrap_or(1);
    let s = v.as_str().ok_or_else(|| format!("{path}:{line}: kanaal moet tekst zijn, bv. kanaal = \"telefoon\""))?;
    let k = match s.trim().to_lowercase().as_str() {
        "telefoon" => Kanaal::Telefoon,
        "balie" => Kanaal::Balie,
        "email" | "e-mail" => Kanaal::Email,
        "huisbezoek" => Kanaal::Huisbezoek,
        other => {
            return Err(format!(
                "{path}:{line}: kanaal \"{other}\" bestaat niet; kies telefoon, balie, e-mail of huisbezoek"
            ))
        }
    };
    Ok(Some(k))
}

/// The desk's default kanaal from the config file, else telefoon.
pub fn kanaal_choice() -> Result<Kanaal, String> {
    let Some(path) = config_path() else { return Ok(Kanaal::Telefoon) };
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(kanaal_from_config(&text, &path.display().to_string())?.unwrap_or(Kanaal::Telefoon)),
        Err(_) => Ok(Kanaal::Telefoon),
    }
}

pub fn load_keymap(choice: &str) -> Result<Keymap, KeymapErrors> {
    Keymap::load(choice)
}

/// `--check-keymaps`: every bundled keymap and the chosen one. Returns the report and success.
pub fn check_keymaps(choice: &str) -> (String, bool) {
    let mut out = String::new();
    let mut ok = true;
    let mut names: Vec<String> = BUNDLED.iter().map(|b| b.0.to_string()).collect();
    if !names.iter().any(|n| n == choice) && choice != "default" {
        names.push(choice.to_string());
    }
    for n in names {
        match Keymap::load(&n) {
            Ok(k) => out.push_str(&format!("{}: in orde\n", k.source)),
            Err(e) => {
                ok = false;
                out.push_str(&format!("{e}\n"));
            }
        }
    }
    (out, ok)
}

/// Open the store, and seed the demo sociale kaart on first start.
pub fn open_store(dir: &Path) -> anyhow::Result<Arc<SledStore>> {
    let store = SledStore::open(dir)?;
    crate::store::kaart::seed_once(&store, &crate::demo::demo_kaart())?;
    if store.count(crate::store::Tree::Ondersteuners) == 0 {
        crate::store::booking::save_ondersteuners(&store, &crate::domain::ondersteuning::demo_ondersteuners())?;
    }
    Ok(Arc::new(store))
}

#[derive(Debug, Serialize)]
pub struct ZoekHit {
    pub rang: usize,
    pub score: i32,
    pub soort: &'static str,
    pub id: String,
    pub naam: String,
    pub organisatie: String,
    pub plaats: String,
}

/// Search like the TUI does (no filters) and return the ranked hits.
pub fn zoek(cat: &Catalog, query: &str, limit: usize) -> Vec<ZoekHit> {
    let mut s = Searcher::default();
    let r = cat.search(&mut s, query, &Filters::default(), limit);
    r.hits
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let e = cat.entry(cat.doc(h.doc));
            let plaats = match e {
                Entry::Voorziening(v, _) => v
                    .locaties
                    .first()
                    .map(
                        |l| if l.wijk.is_empty() { l.gemeente.clone() } else { format!("{} ({})", l.wijk, l.gemeente) },
                    )
                    .unwrap_or_else(|| v.werkgebied.describe()),
                Entry::Regeling(r, _) => r.werkgebied.describe(),
            };
            ZoekHit {
                rang: i + 1,
                score: h.score,
                soort: if e.is_regeling() { "regeling" } else { "voorziening" },
                id: e.id().to_string(),
                naam: e.naam().to_string(),
                organisatie: e.organisatie().map(|o| o.naam.clone()).unwrap_or_default(),
                plaats,
            }
        })
        .collect()
}

pub fn format_hits(hits: &[ZoekHit], json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".into()) + "\n";
    }
    let mut out = String::new();
    for h in hits {
        let mark = if h.soort == "regeling" { "§" } else { " " };
        out.push_str(&format!("{:>3}. {mark} {}  — {} · {}\n", h.rang, h.naam, h.organisatie, h.plaats));
    }
    if hits.is_empty() {
        out.push_str("Niets gevonden.\n");
    }
    out
}

pub fn load_catalog(store: &dyn Store) -> anyhow::Result<Catalog> {
    let kaart = crate::store::kaart::load(store, &mut |_| {})?;
    Ok(Catalog::build(kaart))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanaal_in_the_config_file() {
        assert_eq!(kanaal_from_config("keymap = \"standaard\"\n", "c.toml"), Ok(None));
        assert_eq!(kanaal_from_config("kanaal = \"balie\"\n", "c.toml"), Ok(Some(Kanaal::Balie)));
        assert_eq!(kanaal_from_config("kanaal = \"e-mail\"", "c.toml"), Ok(Some(Kanaal::Email)));
        let e = kanaal_from_config("keymap = \"standaard\"\nkanaal = \"fax\"\n", "c.toml").unwrap_err();
        assert!(e.starts_with("c.toml:2:") && e.contains("fax") && e.contains("telefoon"), "{e}");
        let e = kanaal_from_config("kanaal = \n", "c.toml").unwrap_err();
        assert!(e.starts_with("c.toml:1"), "{e}");
    }
}

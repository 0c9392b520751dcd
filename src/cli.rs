//! The command line: data directory, keymap choice, and the headless commands.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalog::snapshot::{Snapshot, Soort};
use crate::catalog::{Catalog, Filters};
use crate::keymap::{Keymap, KeymapErrors, BUNDLED};
use crate::search::Searcher;
use crate::store::{SledStore, Store};

/// What `loket --version` says: the version, the commit it was built from, and the versions of
/// the stored layouts it reads and writes (the embedded store's layout, the database schema).
pub fn versie() -> String {
    format!(
        "{} (commit {}; opslagindeling {}, databaseschema {})",
        env!("CARGO_PKG_VERSION"),
        env!("LOKET_COMMIT"),
        crate::store::sled_store::LAYOUT,
        crate::store::pg::MIGRATIONS.last().map(|m| m.0).unwrap_or(0)
    )
}

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
    /// Gedeelde PostgreSQL-database (bv. postgres://loket@server/loket); zonder: de ingebouwde opslag in de gegevensmap
    #[arg(long, global = true, env = "LOKET_DATABASE_URL", value_name = "URL", hide_env_values = true)]
    pub database: Option<String>,
    /// Naam van de medewerker (komt bij elk contact, elke stap en elke afspraak)
    #[arg(long, global = true, env = "LOKET_MEDEWERKER", value_name = "NAAM")]
    pub medewerker: Option<String>,
    /// Controleer de toetsenbordindelingen en stop (zonder de TUI te openen)
    #[arg(long)]
    pub check_keymaps: bool,
    /// Begin een nieuwe gegevensmap zonder de fictieve demokaart (een gemeente met alleen haar eigen kaart)
    #[arg(long, global = true, env = "LOKET_ZONDER_DEMO")]
    pub zonder_demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

fn parse_maand(s: &str) -> Result<chrono::NaiveDate, String> {
    crate::domain::leefplan::parse_maand(s)
        .ok_or_else(|| format!("'{s}' is geen maand: schrijf JJJJ-MM, bijvoorbeeld 2026-12"))
}

fn parse_periode(s: &str) -> Result<crate::domain::rapport::Periode, String> {
    crate::domain::rapport::Periode::parse(s)
        .ok_or_else(|| format!("'{s}' is geen periode: een maand (2026-11), kwartaal (2026-K4) of jaar (2026)"))
}

/// What `loket schema` does.
#[derive(Debug, Subcommand)]
pub enum SchemaActie {
    /// Werk het schema van de gedeelde database bij naar deze versie van loket (één transactie;
    /// desks van deze versie openen een oudere database pas daarna)
    Bijwerken,
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
    /// Maak een nieuwe gegevensmap aan zonder de fictieve demokaart (daarna: loket import)
    Init,
    /// Het schema van de gedeelde database (alleen met --database)
    Schema {
        #[command(subcommand)]
        actie: SchemaActie,
    },
    /// Vul de gegevensmap met een grote synthetische kaart (voor metingen)
    Genereer {
        /// Aantal voorzieningen
        aantal: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Importeer HSDS-gegevens (JSON, datapackage-map of .zip), of van een HSDS-API (https://…; alle pagina's)
    Import {
        /// Bestand, map, .zip of het adres van een HSDS-API (http:// of https://)
        #[arg(value_name = "PAD|URL")]
        pad: PathBuf,
        /// Alleen controleren, niets schrijven
        #[arg(long)]
        check: bool,
        /// Geldige records schrijven en afgekeurde melden
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Het maandoverzicht van het leefplan van een dossier, voor de bewoner: de onderdelen, de geschatte kosten (de rekening komt van het CAK), wat er gepland is en wie u belt
    Overzicht {
        /// Het dossiernummer
        #[arg(value_name = "DOSSIER")]
        dossier: u64,
        /// De maand (JJJJ-MM); zonder: deze maand
        #[arg(long, value_name = "MAAND", value_parser = parse_maand)]
        maand: Option<chrono::NaiveDate>,
        /// Als één afdrukbare HTML-pagina met het briefhoofd uit de config (naar stdout; bv. > overzicht.html)
        #[arg(long, group = "uitvoer")]
        html: bool,
        /// Afdrukken: de HTML-pagina openen in de browser (het bestand wordt na 12 uur verwijderd)
        #[arg(long, group = "uitvoer")]
        afdrukken: bool,
    },
    /// Wat vandaag opgevolgd moet worden: verwijzingen aan de balie (van de medewerker) en onderdelen van leefplannen
    Opvolgen {
        /// Op deze datum (JJJJ-MM-DD) in plaats van vandaag
        #[arg(long, value_name = "DATUM")]
        datum: Option<chrono::NaiveDate>,
    },
    /// Rapport over contacten en dossiers: aantallen per kanaal, domein, afhandeling, overdracht, wachttijd, Wmo-termijnen, signalen van gevaar, onvervulde vragen (alleen aantallen; kleine aantallen als "<5")
    Rapport {
        /// Vanaf datum (JJJJ-MM-DD)
        #[arg(long, conflicts_with = "periode")]
        van: Option<chrono::NaiveDate>,
        /// Tot en met datum (JJJJ-MM-DD)
        #[arg(long, conflicts_with = "periode")]
        tot: Option<chrono::NaiveDate>,
        /// Een maand (2026-11), kwartaal (2026-K4) of jaar (2026)
        #[arg(long, value_name = "PERIODE", value_parser = parse_periode)]
        periode: Option<crate::domain::rapport::Periode>,
        /// Alleen contacten uit deze gemeente (zoals bij de cliënt vastgelegd)
        #[arg(long)]
        gemeente: Option<String>,
        /// Alleen contacten uit deze wijk
        #[arg(long)]
        wijk: Option<String>,
        /// Uitvoer als JSON (vaste codes als sleutels, de labels ernaast)
        #[arg(long, group = "uitvoer")]
        json: bool,
        /// Uitvoer als CSV: kolommen tabel,week,code,label,waarde
        #[arg(long, group = "uitvoer")]
        csv: bool,
        /// Met --csv: alleen deze tabel (bv. kanaal, wmo_onderzoek, per_week_kanaal)
        #[arg(long, value_name = "NAAM", requires = "csv")]
        tabel: Option<String>,
        /// Uitvoer als één afdrukbare HTML-pagina met grafieken (naar stdout; bv. > rapport.html)
        #[arg(long, group = "uitvoer")]
        html: bool,
    },
    /// Kopieer alles (kaart en kaartbeheer, ondersteuners, contacten, dossiers, afspraken, woordenlijsten, accounts, auditlogboek) naar een lege opslag
    Migreer {
        /// Van de ingebouwde opslag (de gegevensmap) naar deze PostgreSQL-database
        #[arg(long, value_name = "URL", conflicts_with = "van", required_unless_present = "van")]
        naar: Option<String>,
        /// Van deze PostgreSQL-database terug naar de ingebouwde opslag (de gegevensmap, die leeg moet zijn)
        #[arg(long, value_name = "URL")]
        van: Option<String>,
    },
    /// Druk elke voorziening en regeling af als één regel met de vijf velden die loket doorzoekt (naam | categorie en trefwoorden | plaats en organisatie | doelgroep, wet en taxonomie | beschrijving; voor vergelijkingen)
    #[command(hide = true)]
    Regels,
    /// Accounts: toevoegen, lijst, blokkeren (functioneel beheerder; het eerste account is er een)
    Account {
        #[command(subcommand)]
        wat: crate::commands::account::AccountCommand,
    },
    /// Werklijst beheer sociale kaart: meldingen en verouderde regels
    Beheer {
        /// Uitvoer als JSON (aantallen gemeld, verouderd, gearchiveerd, en de regels)
        #[arg(long)]
        json: bool,
    },
    /// Bied de sociale kaart aan als HSDS 3.0-API, alleen-lezen (voor de website van de gemeente, een 211-app of een ander loket); zonder persoonsgegevens
    Api {
        /// Adres en poort om op te luisteren (0.0.0.0:8080 voor het hele netwerk)
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADRES:POORT")]
        address: std::net::SocketAddr,
    },
    /// Exporteer de sociale kaart als HSDS 3.0
    Export {
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Alleen wat sinds deze datum in loket is gewijzigd (JJJJ-MM-DD), om terug te sturen naar de bron
        #[arg(long)]
        sinds: Option<chrono::NaiveDate>,
        /// Doelmap
        map: PathBuf,
    },
    /// Het auditlogboek: wie wat bekeek, aanmaakte, wijzigde, exporteerde of wiste (nooit de inhoud)
    Audit {
        /// Alleen de keten van hashes controleren (meldt de eerste breuk)
        #[arg(long)]
        controleer: bool,
        /// Exporteer het gecontroleerde logboek naar dit bestand
        #[arg(long, value_name = "BESTAND")]
        export: Option<PathBuf>,
    },
    /// Voer de bewaartermijnen uit (gebeurt ook eens per dag bij de start); meldt aantallen
    Opschonen,
    /// Signalen van gevaar: lees één zin per regel van stdin en druk per regel het niveau (geen, doorvragen, crisis), de categorie en de gevonden woorden af
    Signalen {
        /// Uitvoer als JSON
        #[arg(long)]
        json: bool,
        /// Probeer deze woordenlijst (TOML) in plaats van die in de opslag
        #[arg(long, value_name = "BESTAND")]
        lijst: Option<PathBuf>,
    },
    /// Inzage (AVG art. 15), wissen (art. 17) of corrigeren (art. 16) voor één persoon; de naam, het telefoonnummer of BSN wordt van stdin gelezen
    Inzage {
        /// Wis alles over deze persoon (de anonieme aantallen blijven)
        #[arg(long, conflicts_with = "corrigeer")]
        wis: bool,
        /// Corrigeer één gegeven: naam, telefoon, bsn, geboortejaar, gemeente, wijk of taal
        #[arg(long, value_name = "VELD=WAARDE")]
        corrigeer: Option<String>,
        /// De reden (verplicht bij wissen en corrigeren; zonder namen: komt in het auditlogboek)
        #[arg(long)]
        reden: Option<String>,
    },
    /// De BSN-sleutel: één sleutel voor alle desks van een gedeelde database (zonder actie: de stand)
    Sleutel {
        #[command(subcommand)]
        wat: Option<SleutelActie>,
    },
    /// Toon de configuratie die nu geldt en waar elke waarde vandaan komt (standaard, systeem, gebruiker, omgeving)
    Config,
    /// Maak een reservekopie in een nieuwe map: van de ingebouwde opslag (alle desks gesloten), of met --database van de gedeelde database (via pg_dump)
    Backup {
        /// De nieuwe (of lege) map voor de reservekopie
        doel: PathBuf,
    },
    /// Zet een reservekopie terug in een lege gegevensmap, of met --database in een lege database (via pg_restore)
    Herstel {
        /// De map met de reservekopie (van loket backup)
        bron: PathBuf,
        /// Vervang de gegevens die er nu zijn (die gaan weg)
        #[arg(long)]
        vervang: bool,
    },
    /// Schrijf de aanvulling van opdrachten voor een shell naar stdout (bv. loket completions bash > /etc/bash_completion.d/loket)
    Completions { shell: crate::cli_nl::Shell },
    /// Schrijf de handleiding als manpagina naar stdout (bv. loket manpage > /usr/local/share/man/man1/loket.1)
    Manpage,
}

#[derive(Debug, Subcommand)]
pub enum SleutelActie {
    /// Maak de sleutel (als deze desk er nog geen heeft) en meld hem bij de database
    Maken,
    /// Schrijf de sleutel van deze desk naar een bestand, om op een andere desk te installeren
    Exporteren {
        /// Het nieuwe bestand (alleen voor u leesbaar)
        bestand: PathBuf,
    },
    /// Installeer de sleutel uit een bestand op deze desk (gecontroleerd tegen de database)
    Installeren {
        bestand: PathBuf,
        /// Vervang een andere sleutel die deze desk al heeft
        #[arg(long)]
        vervang: bool,
    },
    /// Verzegel BSN's die met een oude sleutel van een desk zijn opgeslagen opnieuw met de sleutel van de database
    Herverzegelen {
        /// Een oud sleutelbestand (mag vaker)
        #[arg(long = "oude", value_name = "BESTAND", required = true)]
        oude: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Csv,
}

/// An empty `LOKET_DATA_DIR` or `--data-dir ""` is a mistake (it would mean the current
/// directory): say so in Dutch before clap gives its English "a value is required".
pub fn empty_data_dir(args: &[std::ffi::OsString], env: Option<&std::ffi::OsStr>) -> Option<String> {
    let is_flag = |a: &std::ffi::OsString| a == "--data-dir" || a == "--gegevensmap";
    let flag_empty = args.iter().enumerate().any(|(i, a)| {
        a == "--data-dir=" || a == "--gegevensmap=" || (is_flag(a) && args.get(i + 1).is_some_and(|v| v.is_empty()))
    });
    if flag_empty {
        return Some(
            "--gegevensmap is leeg: geef een map op (bijvoorbeeld --gegevensmap ~/loket-gegevens), of laat de optie weg voor de standaardmap."
                .into(),
        );
    }
    let flag_given = args.iter().any(|a| {
        let a = a.to_string_lossy();
        a == "--data-dir" || a == "--gegevensmap" || a.starts_with("--data-dir=") || a.starts_with("--gegevensmap=")
    });
    if !flag_given && env.is_some_and(|v| v.is_empty()) {
        return Some(
            "LOKET_DATA_DIR is leeg: zet er een map in (export LOKET_DATA_DIR=~/loket-gegevens) of haal de variabele weg (unset LOKET_DATA_DIR) voor de standaardmap."
                .into(),
        );
    }
    None
}

/// Where the data lives: `--data-dir`, else `LOKET_DATA_DIR` (both via clap), else the platform's.
/// A relative path is made absolute against the current directory at start, so it is reported
/// and used as one fixed place.
pub fn data_dir(opt: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = opt {
        if p.as_os_str().is_empty() {
            return Err("De gegevensmap is leeg; geef er een op met --gegevensmap MAP.".into());
        }
        return std::path::absolute(p)
            .map_err(|e| format!("De gegevensmap {} is niet te vinden vanuit de huidige map: {e}", p.display()));
    }
    directories::ProjectDirs::from("nl", "loket", "loket").map(|d| d.data_dir().to_path_buf()).ok_or_else(|| {
        "Geen gegevensmap gevonden voor deze gebruiker; geef er een op met --gegevensmap MAP.".to_string()
    })
}

/// The keymap from the flag, else `keymap = "…"` in the config file, else the standard one.
pub fn keymap_choice(flag: Option<&str>) -> String {
    if let Some(k) = flag {
        return k.to_string();
    }
    crate::config::load().ok().and_then(|c| c.keymap).unwrap_or_else(|| "standaard".to_string())
}

/// The config file (`~/.config/loket/config.toml` on Linux), if the platform has one.
pub fn config_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("nl", "loket", "loket").map(|d| d.config_dir().join("config.toml"))
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

/// `--zonder-demo` (or `loket init`): a new store starts with an empty map.
static ZONDER_DEMO: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Start new stores without the demo map (for this process).
pub fn zonder_demo(on: bool) {
    ZONDER_DEMO.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Seed the demo sociale kaart (unless `--zonder-demo`: then the map is marked seeded, empty,
/// so the demo never comes in later either) and supporters on first start.
pub fn seed(store: &dyn Store) -> anyhow::Result<()> {
    // the desks' login of PostgreSQL writes none of this: a shared database is seeded by its
    // owner's connection (its first start, `loket init`)
    if store.aanmelden_door_database() {
        return Ok(());
    }
    let kaart = if ZONDER_DEMO.load(std::sync::atomic::Ordering::Relaxed) {
        crate::domain::kaart::Kaart::default()
    } else {
        crate::demo::demo_kaart()
    };
    crate::store::kaart::seed_once(store, &kaart)?;
    crate::store::lijsten::seed(store)?;
    if store.ondersteuners()?.value.is_empty() {
        store.save_ondersteuners(&crate::domain::ondersteuning::demo_ondersteuners())?;
    }
    Ok(())
}

/// Open the embedded store in `dir`, and seed the demo on first start.
pub fn open_store(dir: &Path) -> anyhow::Result<Arc<SledStore>> {
    let store = SledStore::open(dir)?;
    seed(&store)?;
    Ok(Arc::new(store))
}

/// Open the shared database when one is given, else the embedded store in `dir`; seeded.
pub fn open_any(database: Option<&str>, dir: &Path) -> anyhow::Result<Arc<dyn Store>> {
    let store = crate::store::open(database, dir)?;
    for m in store.herstelmeldingen() {
        tracing::warn!("{m}");
        eprintln!("let op: {m}");
    }
    seed(store.as_ref())?;
    Ok(store)
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
    /// False for a partial match: the entry lacks some of the words ("niet alle woorden gevonden").
    pub alle_woorden: bool,
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
            ZoekHit {
                rang: i + 1,
                score: h.score,
                soort: if e.is_regeling() { "regeling" } else { "voorziening" },
                id: e.id().to_string(),
                naam: e.naam().to_string(),
                organisatie: e.organisatie().map(|o| o.naam.clone()).unwrap_or_default(),
                plaats: e.plaats(),
                alle_woorden: !r.partial,
            }
        })
        .collect()
}

/// The same search on a snapshot (its rows hold what a hit shows), leaving out the archived
/// entries `weg` (keys `v/<id>`, `r/<id>`).
pub fn zoek_snapshot(
    snap: &Snapshot,
    query: &str,
    limit: usize,
    weg: &std::collections::HashSet<String>,
) -> Vec<ZoekHit> {
    let mut s = Searcher::default();
    let r = s.search_all(&snap.index, query, limit + weg.len());
    r.hits
        .iter()
        .filter(|h| weg.is_empty() || !weg.contains(&snap.sleutel(h.doc)))
        .take(limit)
        .enumerate()
        .map(|(i, h)| {
            let row = snap.row(h.doc);
            ZoekHit {
                rang: i + 1,
                score: h.score,
                soort: if row.soort == Soort::Regeling { "regeling" } else { "voorziening" },
                id: row.id.to_string(),
                naam: row.naam.to_string(),
                organisatie: row.organisatie.to_string(),
                plaats: row.plaats.to_string(),
                alle_woorden: !r.partial,
            }
        })
        .collect()
}

/// Every entry of the map as one line of the five fields the search index gets, joined by " | "
/// (line breaks in a description become spaces): the same text for line-based tools such as
/// fzf as loket searches.
pub fn regels(kaart: &crate::domain::kaart::Kaart, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 16, out);
    let orgs: std::collections::HashMap<&str, &crate::domain::kaart::Organisatie> =
        kaart.organisaties.iter().map(|o| (o.id.as_str(), o)).collect();
    let mut fout = Ok(());
    crate::catalog::zoekvelden(
        kaart,
        |id| orgs.get(id).copied(),
        |_, velden| {
            if fout.is_ok() {
                let regel = velden.join(" | ").replace(['\n', '\r'], " ");
                fout = writeln!(w, "{regel}");
            }
        },
    );
    fout?;
    w.flush()
}

pub fn format_hits(hits: &[ZoekHit], json: bool) -> String {
    if json {
        return serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".into()) + "\n";
    }
    let mut out = String::new();
    if hits.iter().any(|h| !h.alle_woorden) {
        out.push_str("Niet alle woorden gevonden; de beste gedeeltelijke treffers:\n");
    }
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
    for p in crate::store::lijsten::load_word_lists(store) {
        eprintln!("waarschuwing: {p}");
    }
    let l = crate::store::kaart::load_reporting(store, &mut |_| {})?;
    if !l.skipped.is_empty() {
        eprintln!(
            "waarschuwing: {} kaartrecord(s) onleesbaar en overgeslagen: {}",
            l.skipped.len(),
            l.skipped.join("; ")
        );
    }
    Ok(Catalog::build(l.value))
}

/// For `loket zoek`: the snapshot to search. With the store at hand it is checked against
/// the map's version (and rebuilt when stale). When the embedded store is held by another
/// process (a TUI), the snapshot file is read without the store: that process keeps it current.
pub fn for_search(database: Option<&str>, dir: &Path) -> anyhow::Result<Snapshot> {
    let path = crate::zoekindex::path_for(dir, database);
    // Embedded store: when the version file beside it names the snapshot's version, the
    // snapshot is current and the store is not opened at all (opening sled costs more than
    // the search).
    if database.is_none() {
        if let Some(v) = crate::store::sled_store::kaart_versie_beside(dir) {
            if crate::catalog::snapshot::peek_versie(&path) == Some(v) {
                let snap = crate::catalog::snapshot::open(&path);
                if crate::zoekindex::stale_reason(&snap, v).is_none() {
                    return Ok(snap.expect("checked"));
                }
            }
        }
    }
    match open_any(database, dir) {
        Ok(store) => Ok(crate::zoekindex::current(store.as_ref(), &path)?.0),
        Err(e) if matches!(e.downcast_ref::<crate::store::StoreError>(), Some(crate::store::StoreError::Locked(_))) => {
            let known = crate::store::sled_store::kaart_versie_beside(dir);
            if known.is_some() && known != crate::catalog::snapshot::peek_versie(&path) {
                eprintln!(
                    "let op: de zoekindex is van een eerdere versie van de kaart; het programma dat de gegevensmap open heeft, werkt hem bij"
                );
            }
            crate::catalog::snapshot::open(&path).map_err(|f| {
                anyhow::anyhow!(
                    "{e}\nDe zoekindex ({}) is niet te gebruiken: {f}. Het programma dat de gegevensmap open heeft, maakt hem opnieuw; probeer het zo nog eens.",
                    path.display()
                )
            })
        }
        Err(e) => Err(e),
    }
}

//! `loket config`: the configuration in effect and where each value came from (standaard, the
//! system-wide file, the user's file, an environment variable or a flag). Written as TOML with
//! the origin as a comment, so a line can be copied into a config file as it stands.

use std::path::Path;

use crate::config::{Bron, Config, TERMIJNEN};

/// What the command line gave (flags and environment variables, as clap merged them).
#[derive(Debug, Clone, Copy, Default)]
pub struct Gegeven<'a> {
    pub database: Option<&'a str>,
    pub keymap: Option<&'a str>,
    pub medewerker: Option<&'a str>,
    pub data_dir: Option<&'a Path>,
}

/// A value that clap took from the flag or from its environment variable: which of the two.
fn vlag_of_omgeving(waarde: &str, var: &'static str, vlag: &'static str) -> Bron {
    match std::env::var(var) {
        Ok(v) if v == waarde => Bron::Omgeving(var),
        _ => Bron::Vlag(vlag),
    }
}

/// A database URL as shown: a password in it is replaced by `***`.
pub fn zonder_wachtwoord(url: &str) -> String {
    if let Some((schema, rest)) = url.split_once("://") {
        let eind = rest.find(['/', '?']).unwrap_or(rest.len());
        let (auth, pad) = rest.split_at(eind);
        if let Some((gebruiker, host)) = auth.rsplit_once('@') {
            if let Some((naam, _)) = gebruiker.split_once(':') {
                return format!("{schema}://{naam}:***@{host}{pad}");
            }
        }
        return url.to_string();
    }
    url.split_whitespace()
        .map(|p| if p.starts_with("password=") { "password=***" } else { p })
        .collect::<Vec<_>>()
        .join(" ")
}

fn tekst(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The report: the files read, then every key with its value and origin.
pub fn toon(config: &Config, gegeven: Gegeven<'_>, data_dir: &Path) -> String {
    let mut regels: Vec<(String, String)> = Vec::new();
    let mut zet = |regel: String, bron: Bron| regels.push((regel, bron.to_string()));

    let (keymap, bron) = match gegeven.keymap {
        Some(k) => (k.to_string(), vlag_of_omgeving(k, "LOKET_KEYMAP", "--keymap")),
        None => (config.keymap.clone().unwrap_or_else(|| "standaard".into()), config.bron("keymap")),
    };
    zet(format!("keymap = {}", tekst(&keymap)), bron);
    match gegeven.database.filter(|d| !d.trim().is_empty()) {
        Some(d) => zet(
            format!("database = {}", tekst(&zonder_wachtwoord(d))),
            vlag_of_omgeving(d, "LOKET_DATABASE_URL", "--database"),
        ),
        None => match config.database.as_deref().filter(|d| !d.trim().is_empty()) {
            Some(d) => zet(format!("database = {}", tekst(&zonder_wachtwoord(d))), config.bron("database")),
            None => zet("# database = (niet ingesteld: de ingebouwde opslag)".into(), Bron::Standaard),
        },
    }
    match gegeven.medewerker.filter(|m| !m.trim().is_empty()) {
        Some(m) => zet(format!("medewerker = {}", tekst(m)), vlag_of_omgeving(m, "LOKET_MEDEWERKER", "--medewerker")),
        None => match &config.medewerker {
            Some(m) => zet(format!("medewerker = {}", tekst(m)), config.bron("medewerker")),
            None => zet("# medewerker = (niet ingesteld: gevraagd bij de eerste start)".into(), Bron::Standaard),
        },
    }
    let kanaal = config.kanaal.unwrap_or(crate::domain::contact::Kanaal::Telefoon);
    zet(format!("kanaal = {}", tekst(kanaal.label())), config.bron("kanaal"));
    match &config.domein {
        Some(d) => zet(format!("domein = {}", tekst(d)), config.bron("domein")),
        None => zet("# domein = (niet ingesteld)".into(), Bron::Standaard),
    }
    let minuten = config.vergrendelen_na_minuten.unwrap_or(crate::config::VERGRENDELEN_STANDAARD);
    zet(format!("vergrendelen_na_minuten = {minuten}"), config.bron("vergrendelen_na_minuten"));
    let niveau = config.logniveau.as_deref().unwrap_or(crate::config::LOGNIVEAU_STANDAARD);
    zet(format!("logniveau = {}", tekst(niveau)), config.bron("logniveau"));
    let drempel = config.rapport_drempel.unwrap_or(crate::domain::rapport::DREMPEL_STANDAARD);
    zet(format!("rapport_drempel = {drempel}"), config.bron("rapport_drempel"));
    let pogingen = config.aanmelden_max_pogingen.unwrap_or(crate::auth::MAX_POGINGEN);
    zet(format!("aanmelden_max_pogingen = {pogingen}"), config.bron("aanmelden_max_pogingen"));
    zet(format!("opvolgen_na_dagen = {}", config.opvolgen_dagen()), config.bron("opvolgen_na_dagen"));
    let contactpersonen = config.api_contactpersonen.unwrap_or(false);
    zet(format!("api_contactpersonen = {contactpersonen}"), config.bron("api_contactpersonen"));
    match std::env::var("LOKET_OPENER").ok().filter(|o| !o.trim().is_empty()) {
        Some(o) => zet(format!("brief_openen_met = {}", tekst(&o)), Bron::Omgeving("LOKET_OPENER")),
        None => match &config.brief_openen_met {
            Some(o) => zet(format!("brief_openen_met = {}", tekst(o)), config.bron("brief_openen_met")),
            None => zet("# brief_openen_met = (niet ingesteld: de browser van het systeem)".into(), Bron::Standaard),
        },
    }
    zet("[loket]".into(), Bron::Standaard);
    for naam in crate::domain::briefhoofd::VELDEN {
        let v = config.loket.veld(naam).unwrap_or("");
        if v.is_empty() {
            zet(format!("# {naam} = (niet ingesteld)"), Bron::Standaard);
        } else {
            zet(format!("{naam} = {}", tekst(v)), config.bron(&format!("loket.{naam}")));
        }
    }
    zet("[bewaartermijnen]".into(), Bron::Standaard);
    for naam in TERMIJNEN {
        let n = crate::config::termijn(&config.bewaartermijnen, naam).unwrap_or(0);
        zet(format!("{naam} = {n}"), config.bron(&format!("bewaartermijnen.{naam}")));
    }

    let mut out = String::from("# De configuratie van loket zoals die nu geldt, met de herkomst van elke waarde.\n");
    let bestand = |p: Option<std::path::PathBuf>| match p {
        Some(p) if p.exists() => p.display().to_string(),
        Some(p) => format!("{} (niet aanwezig)", p.display()),
        None => "(geen)".to_string(),
    };
    out.push_str(&format!("# systeem:   {}\n", bestand(crate::config::system_config_path())));
    out.push_str(&format!("# gebruiker: {}\n", bestand(crate::config::config_path())));
    let map_bron = match gegeven.data_dir {
        Some(d) => vlag_of_omgeving(&d.display().to_string(), "LOKET_DATA_DIR", "--gegevensmap"),
        None => Bron::Standaard,
    };
    out.push_str(&format!("# gegevensmap: {} ({map_bron})\n", data_dir.display()));
    let sleutel = if std::env::var_os("LOKET_BSN_SLEUTEL").is_some() {
        "omgeving: LOKET_BSN_SLEUTEL".to_string()
    } else {
        bestand(crate::store::sealing::key_path())
    };
    out.push_str(&format!("# BSN-sleutel: {sleutel}\n\n"));
    let breed = regels.iter().map(|(r, _)| r.chars().count()).max().unwrap_or(0);
    for (regel, bron) in regels {
        if regel.starts_with('[') {
            out.push_str(&format!("\n{regel}\n"));
        } else {
            out.push_str(&format!("{regel:<breed$}  # {bron}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_not_shown() {
        assert_eq!(zonder_wachtwoord("postgres://loket:geheim@db/loket"), "postgres://loket:***@db/loket");
        assert_eq!(
            zonder_wachtwoord("postgres://loket@db/loket?sslmode=require"),
            "postgres://loket@db/loket?sslmode=require"
        );
        assert_eq!(zonder_wachtwoord("host=db password=geheim user=x"), "host=db password=*** user=x");
    }
}

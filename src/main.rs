//! The `loket` binary: parse the command line, check the keymap, open the store, run.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::str::FromStr;
use std::sync::Arc;

use loket::app::{run, State};
use loket::cli::{self, Cli, Command};
use loket::interchange::progress::Progress;

fn main() -> ExitCode {
    // Personal data: every file and directory loket creates is readable by this user only.
    loket_base::platform::prive_proces();
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(msg) = cli::empty_data_dir(&argv, std::env::var_os("LOKET_DATA_DIR").as_deref()) {
        eprintln!("loket: {msg}");
        return ExitCode::from(2);
    }
    let opdracht;
    let args = {
        use clap::FromArgMatches;
        // once per process: the text lives as long as the program
        let versie: &'static str = Box::leak(cli::versie().into_boxed_str());
        let m = loket::cli_nl::parse(versie);
        opdracht = m.subcommand_name().unwrap_or("scherm").to_string();
        Cli::from_arg_matches(&m).unwrap_or_else(|e| e.exit())
    };
    cli::zonder_demo(args.zonder_demo || matches!(args.command, Some(Command::Init)));
    let begin = std::time::Instant::now();
    let r = real_main(args, &opdracht);
    let ms = begin.elapsed().as_millis() as u64;
    match r {
        Ok(code) => {
            tracing::info!(opdracht, ms, "klaar");
            code
        }
        // The reader went away (`loket zoek … | head -1`): end quietly, as other tools do.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // the same text as on screen, which never holds personal data
            tracing::error!(opdracht, ms, "{e:#}");
            eprintln!("loket: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The worker's name: flag or LOKET_MEDEWERKER, else the config, else asked once (and kept in
/// the config), else the login name.
fn medewerker(flag: Option<&str>, config: &loket::config::Config) -> String {
    if let Some(m) = flag.map(str::trim).filter(|m| !m.is_empty()) {
        return m.to_string();
    }
    if let Some(m) = config.medewerker.as_deref().map(str::trim).filter(|m| !m.is_empty()) {
        return m.to_string();
    }
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        print!("Uw naam (komt bij elk contact en elke afspraak; eenmalig gevraagd): ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_ok() && !line.trim().is_empty() {
            let name = line.trim().to_string();
            if let Err(e) = loket::config::save_medewerker(&name) {
                eprintln!("waarschuwing: naam niet bewaard: {e}");
            }
            return name;
        }
    }
    std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "onbekend".into())
}

/// Who runs a command that reads or changes personal data (audit, opschonen, inzage): where
/// sign-in is required (shared database, or accounts exist), a functioneel beheerder signs in
/// (name and PIN from the terminal or stdin); else the configured worker, as before accounts.
fn aangemeld_als(
    store: &dyn loket::store::Store,
    flag: Option<&str>,
    config: &loket::config::Config,
) -> anyhow::Result<String> {
    use loket::domain::account::Rol;
    Ok(match loket::auth::vereis_rol(store, &[Rol::FunctioneelBeheerder])? {
        Some(a) => a.naam,
        None => loket::commands::audit::wie(flag, config),
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Write to stdout, returning the error (a closed pipe included) instead of panicking as
/// `print!` does.
fn emit(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The shared database is down at start: where this desk has a local search snapshot of its map,
/// offer to open read-only for searching the map (asked on the terminal).
fn offer_read_only(
    database: Option<&str>,
    dir: &std::path::Path,
    error: &anyhow::Error,
) -> Option<(Arc<dyn loket::store::Store>, String)> {
    let url = database?;
    let path = loket::zoekindex::path_for(dir, Some(url));
    let snap = loket::catalog::snapshot::open(&path).ok()?;
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let what = postgres::Config::from_str(url)
        .map(|c| loket::store::pg::describe_config(&c))
        .unwrap_or_else(|_| "de database".into());
    eprintln!("loket: {error:#}");
    print!(
        "Wel is er een zoekindex van de sociale kaart op deze computer ({} items). Alleen-lezen openen, om in de kaart te zoeken? (j/n) ",
        snap.len()
    );
    let _ = std::io::stdout().flush();
    let mut answer = String::new();
    let _ = std::io::stdin().read_line(&mut answer);
    if !answer.trim().eq_ignore_ascii_case("j") {
        return None;
    }
    let versie = snap.versie;
    let store = loket::store::offline::Offline { what: what.clone(), versie };
    Some((Arc::new(store), format!("database niet bereikbaar ({what}); alleen zoeken in de kaart")))
}

fn real_main(args: Cli, opdracht: &str) -> anyhow::Result<ExitCode> {
    let config = match loket::config::load() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Fout in het configuratiebestand: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    if let Some(n) = config.aanmelden_max_pogingen {
        loket::auth::zet_max_pogingen(n);
    }
    let database = args.database.clone().or_else(|| config.database.clone());
    let database = database.as_deref().filter(|d| !d.trim().is_empty());
    let choice = cli::keymap_choice(args.keymap.as_deref());
    if args.check_keymaps {
        let (report, ok) = cli::check_keymaps(&choice);
        emit(&report)?;
        return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(2) });
    }
    let dir = cli::data_dir(args.data_dir.as_deref()).map_err(anyhow::Error::msg)?;
    let flag_medewerker = args.medewerker.clone();
    // the support log, in the data directory (not for commands that only print)
    if !matches!(args.command, Some(Command::Config | Command::Completions { .. } | Command::Manpage)) {
        let niveau = config.logniveau.as_deref().unwrap_or(loket::config::LOGNIVEAU_STANDAARD);
        if loket::logboek::start(&dir, niveau) {
            let opslag = if database.is_some() { "gedeeld" } else { "ingebouwd" };
            tracing::info!(versie = %cli::versie(), opdracht, opslag, "start");
        }
    }
    match args.command {
        Some(Command::Zoek { query, json, limit }) => {
            let snap = loket::cli::for_search(database, &dir)?;
            let weg = loket::zoekindex::gearchiveerd(&loket::zoekindex::path_for(&dir, database), snap.versie);
            emit(&cli::format_hits(&cli::zoek_snapshot(&snap, &query.join(" "), limit, &weg), json))?;
            // The mapped snapshot is left to the operating system (no unmapping work at exit).
            std::mem::forget(snap);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Regels) => {
            let store = cli::open_any(database, &dir)?;
            let kaart = store.kaart_load(&mut |_| {})?.value;
            cli::regels(&kaart, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Genereer { aantal, seed }) => {
            let store = cli::open_any(database, &dir)?;
            // Written in parts (one transaction each), so memory stays bounded at any size.
            let mut n = [0usize; 3];
            let mut p = Progress::new("genereren", "voorzieningen", aantal as u64, true);
            loket::catalog::synth::generate_chunks(aantal, seed, 20_000, &mut |k| {
                n[0] += k.voorzieningen.len();
                n[1] += k.organisaties.len();
                n[2] += k.regelingen.len();
                let r = loket::store::kaart::upsert(store.as_ref(), &k);
                p.add(k.voorzieningen.len() as u64);
                r
            })?;
            p.finish();
            emit(&format!(
                "{} synthetische voorzieningen, {} organisaties en {} regelingen geschreven naar {}\n",
                n[0],
                n[1],
                n[2],
                match database {
                    Some(_) => "de gedeelde database".to_string(),
                    None => dir.display().to_string(),
                }
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Rapport { van, tot, periode, gemeente, wijk, json, csv, tabel, html }) => {
            if let Some(t) = tabel.as_deref() {
                let namen = loket::report::tabel_namen();
                if !namen.contains(&t) {
                    anyhow::bail!("onbekende tabel '{t}' (kies uit: {})", namen.join(", "));
                }
            }
            let store = cli::open_any(database, &dir)?;
            // signs are detected with the desk's own word list, as in the TUI
            for p in loket::store::lijsten::load_word_lists(store.as_ref()) {
                eprintln!("loket: {p}");
            }
            let contacts = loket::store::contacts::all(store.as_ref())?;
            let cases = loket::store::booking::load_cases(store.as_ref())?;
            let vraag = loket::domain::rapport::Vraag {
                periode: periode.unwrap_or(loket::domain::rapport::Periode::new(van, tot)),
                gebied: loket::domain::rapport::Gebied { gemeente, wijk },
                vandaag: Some(chrono::Local::now().date_naive()),
            };
            let drempel = config.rapport_drempel.unwrap_or(loket::domain::rapport::DREMPEL_STANDAARD);
            let verwijzingen = store.opvolgingen()?.value;
            let plannen = store.plannen()?.value;
            let (_, r) =
                loket::report::maak_met_opvolgingen(&contacts, &cases, &verwijzingen, &plannen, &vraag, drempel);
            if json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&loket::report::json(&r))?))?;
            } else if csv {
                emit(&loket::report::csv(&r, tabel.as_deref()))?;
            } else if html {
                emit(&loket::report::html(&r))?;
            } else {
                emit(&loket::report::tekst(&r))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Api { address }) => {
            let bron = loket::api::bron(database, &dir)?;
            let opties = loket::api::Opties {
                contactpersonen: config.api_contactpersonen.unwrap_or(false),
                ..Default::default()
            };
            let contactpersonen = opties.contactpersonen;
            let waar = bron.describe();
            let server = loket::api::start(bron, address, opties)?;
            tracing::info!(adres = %server.adres, "api gestart");
            emit(&format!(
                "HSDS 3.0-API op http://{}/ (alleen-lezen; {}), uit {waar}.\nBron: {}.\nStoppen: Ctrl-C.\n",
                server.adres,
                if contactpersonen {
                    "met contactpersonen van aanbieders (api_contactpersonen = true)"
                } else {
                    "zonder contactpersonen"
                },
                server.wat
            ))?;
            server.wacht();
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { pad, check, skip_invalid }) => {
            let opts = loket::interchange::ImportOptions {
                check_only: check,
                skip_invalid,
                progress: std::io::stderr().is_terminal(),
            };
            let url = pad.to_str().filter(|p| loket::interchange::url::is_url(p)).map(str::to_string);
            let report = if check {
                match &url {
                    Some(u) => loket::interchange::url::read_url(u, &opts)?.1,
                    None => loket::interchange::read_path(&pad, &opts)?.1,
                }
            } else {
                let store = cli::open_any(database, &dir)?;
                let report = match &url {
                    Some(u) => loket::interchange::url::import_url(store.as_ref(), u, &opts)?,
                    None => loket::interchange::import_path(store.as_ref(), &pad, &opts)?,
                };
                if report.written {
                    // The search snapshot of the new map, so the next search or start is instant.
                    let path = loket::zoekindex::path_for(&dir, database);
                    if let Err(e) = loket::zoekindex::current(store.as_ref(), &path) {
                        eprintln!("waarschuwing: zoekindex niet bijgewerkt: {e:#}");
                    }
                    loket::interchange::progress::geheugen("zoekindex");
                }
                report
            };
            for w in &report.warnings {
                eprintln!("waarschuwing: {w}");
            }
            for e in &report.errors {
                eprintln!("fout: {e}");
            }
            let what = format!(
                "{} organisaties, {} voorzieningen, {} regelingen",
                report.organisaties, report.voorzieningen, report.regelingen
            );
            if report.written {
                emit(&format!(
                    "Geïmporteerd: {what} ({}; {} afgekeurd).\n",
                    report.warning_summary(),
                    report.errors.len()
                ))?;
                if !report.conflicten.is_empty() {
                    let mut t = format!(
                        "{} velden in loket gecorrigeerd en door de bron anders aangeleverd (loket-waarde behouden; op te lossen in het beheerscherm):\n",
                        report.conflicten.len()
                    );
                    for c in &report.conflicten {
                        t.push_str(&format!("  conflict: {c}\n"));
                    }
                    emit(&t)?;
                }
                if !report.gearchiveerd.is_empty() {
                    let mut t = format!(
                        "{} regels niet meer in de bron: gearchiveerd (bewaard, niet meer te vinden):\n",
                        report.gearchiveerd.len()
                    );
                    for n in &report.gearchiveerd {
                        t.push_str(&format!("  gearchiveerd: {n}\n"));
                    }
                    emit(&t)?;
                }
                Ok(ExitCode::SUCCESS)
            } else if report.errors.is_empty() {
                emit(&format!(
                    "In orde: {what} ({}). Niets geschreven{}.\n",
                    report.warning_summary(),
                    if check { " (--controleer)" } else { "" }
                ))?;
                Ok(ExitCode::SUCCESS)
            } else {
                emit(&format!(
                    "{} fouten: niets geschreven. Verbeter de fouten, of gebruik --sla-afgekeurde-over om alleen de goede records te importeren.\n",
                    report.errors.len()
                ))?;
                Ok(ExitCode::FAILURE)
            }
        }
        Some(Command::Migreer { naar, van }) => {
            let (from, to): (std::sync::Arc<dyn loket::store::Store>, std::sync::Arc<dyn loket::store::Store>) =
                match (naar, van) {
                    (Some(url), _) => (
                        std::sync::Arc::new(loket::store::SledStore::open(&dir)?),
                        std::sync::Arc::new(loket::store::PgStore::connect(&url)?),
                    ),
                    (None, Some(url)) => (
                        std::sync::Arc::new(loket::store::PgStore::connect(&url)?),
                        std::sync::Arc::new(loket::store::SledStore::open(&dir)?),
                    ),
                    (None, None) => anyhow::bail!("geef --naar URL of --van URL"),
                };
            let wie = aangemeld_als(from.as_ref(), flag_medewerker.as_deref(), &config)?;
            let mut p = Progress::fase(format!("migreren naar {}: alles lezen en schrijven", to.describe()), true);
            let t = loket::store::migreer::copy(from.as_ref(), to.as_ref(), &wie, run::local_now())?;
            p.finish();
            for s in &t.overgeslagen {
                eprintln!("overgeslagen (onleesbaar): {s}");
            }
            println!("Gemigreerd van {} naar {}: {t}.", from.describe(), to.describe());
            if to.is_shared() {
                // The embedded copy holds the same personal data: offer to wipe it (AVG).
                drop(from);
                print!(
                    "De ingebouwde opslag in {} bevat nog dezelfde gegevens, ook persoonsgegevens. Nu wissen? (j/n) ",
                    dir.display()
                );
                std::io::stdout().flush()?;
                let mut answer = String::new();
                let _ = std::io::stdin().read_line(&mut answer);
                if answer.trim().eq_ignore_ascii_case("j") {
                    std::fs::remove_dir_all(&dir)?;
                    println!("Gewist: {}", dir.display());
                } else {
                    println!("Bewaard. Wis de map later zelf als de gegevens in de database goed zijn aangekomen.");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Account { wat }) => {
            let store = cli::open_any(database, &dir)?;
            loket::commands::account::run(store.as_ref(), wat, &mut loket::auth::Stdin, &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Beheer { json }) => {
            let store = cli::open_any(database, &dir)?;
            let u = loket::commands::beheer::build(store.as_ref(), run::local_now().date())?;
            emit(&if json {
                format!("{}\n", serde_json::to_string_pretty(&u)?)
            } else {
                loket::commands::beheer::format(&u)
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Init) => {
            let store = cli::open_any(database, &dir)?;
            let n = loket::store::kaart::count_records(store.as_ref());
            // what was made: the shared database (no password shown) or the data directory
            let wat = match database {
                Some(_) => "de gedeelde database".to_string(),
                None => format!("gegevensmap {}", dir.display()),
            };
            emit(&if n == 0 {
                format!("{wat} klaar, met een lege sociale kaart; vul hem met: loket import <pad>\n")
            } else {
                format!("{wat} bestond al, met {n} records op de kaart; niets veranderd\n")
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { format, map, sinds }) => {
            let store = cli::open_any(database, &dir)?;
            let mut kaart = loket::store::kaart::load(store.as_ref(), &mut |_| {})?;
            if let Some(d) = sinds {
                kaart = loket::store::kaartbeheer::gewijzigd_sinds(store.as_ref(), &kaart, d)?.0;
            }
            let fmt = match format {
                cli::Format::Json => loket::interchange::ExportFormat::Json,
                cli::Format::Csv => loket::interchange::ExportFormat::Csv,
            };
            // archived entries are exported as inactive services
            let inactief: std::collections::HashSet<String> = loket::store::kaartbeheer::staten(store.as_ref())?
                .into_values()
                .filter(|b| b.gearchiveerd.is_some())
                .filter_map(|b| b.sleutel.split_once('/').map(|(_, id)| id.to_string()))
                .collect();
            let n =
                loket::interchange::export_dir_inactief(&kaart, &inactief, fmt, &map, std::io::stderr().is_terminal())?;
            emit(&format!("{n} records geëxporteerd naar {} (HSDS 3.0)\n", map.display()))?;
            // The whole map is left to the operating system at exit (freeing it costs seconds at 1M).
            std::mem::forget(kaart);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Audit { controleer, export }) => {
            let store = cli::open_any(database, &dir)?;
            let wie = aangemeld_als(store.as_ref(), flag_medewerker.as_deref(), &config)?;
            loket::commands::audit::cli(store.as_ref(), controleer, export.as_deref(), &wie, run::local_now())
        }
        Some(Command::Signalen { json, lijst }) => {
            let list = match lijst {
                Some(pad) => {
                    let tekst = std::fs::read_to_string(&pad)
                        .map_err(|e| anyhow::anyhow!("{} niet te lezen: {e}", pad.display()))?;
                    match loket::domain::danger::Gevaarwoorden::parse(&tekst, &pad.display().to_string()) {
                        Ok(l) => l,
                        Err(e) => {
                            eprintln!("loket: {e}");
                            return Ok(ExitCode::from(2));
                        }
                    }
                }
                None => {
                    // the list in use: the store's (a list that does not parse: the bundled one)
                    let store = cli::open_any(database, &dir)?;
                    for p in loket::store::lijsten::load_word_lists(store.as_ref()) {
                        eprintln!("loket: {p}");
                    }
                    let tekst = store.woordenlijst(loket::store::lijsten::GEVAARWOORDEN)?;
                    tekst
                        .and_then(|t| loket::domain::danger::Gevaarwoorden::parse(&t, "gevaarwoorden").ok())
                        .unwrap_or_else(|| loket::domain::danger::bundled().clone())
                }
            };
            let mut input = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut input)?;
            let regels = loket::commands::signalen::beoordeel(&list, &input);
            if json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&regels)?))?;
            } else {
                emit(&loket::commands::signalen::format_text(&regels))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Opschonen) => {
            let store = cli::open_any(database, &dir)?;
            let wie = aangemeld_als(store.as_ref(), flag_medewerker.as_deref(), &config)?;
            let mut p = Progress::fase("opschonen: bewaartermijnen toepassen en de opslag compacteren", true);
            let n =
                loket::commands::opschonen::run(store.as_ref(), &dir, &config.bewaartermijnen, run::local_now(), &wie)?;
            p.finish();
            emit(&format!("Opgeschoond: {n}.\n"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sleutel { wat }) => {
            use loket::cli::SleutelActie;
            let store = cli::open_any(database, &dir)?;
            let mut out = std::io::stdout();
            match wat {
                None => {
                    let ok = loket::commands::sleutel::status(store.as_ref(), &mut out)?;
                    return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) });
                }
                Some(SleutelActie::Maken) => {
                    // registering the database's key is the functioneel beheerder's
                    if store.is_shared() {
                        aangemeld_als(store.as_ref(), flag_medewerker.as_deref(), &config)?;
                    }
                    loket::commands::sleutel::maken(store.as_ref(), &mut out)?
                }
                Some(SleutelActie::Exporteren { bestand }) => loket::commands::sleutel::exporteren(&bestand, &mut out)?,
                Some(SleutelActie::Installeren { bestand, vervang }) => {
                    loket::commands::sleutel::installeren(store.as_ref(), &bestand, vervang, &mut out)?
                }
                Some(SleutelActie::Herverzegelen { oude }) => {
                    let wie = aangemeld_als(store.as_ref(), flag_medewerker.as_deref(), &config)?;
                    loket::commands::sleutel::herverzegelen(store.as_ref(), &oude, &wie, run::local_now(), &mut out)?
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Overzicht { dossier, maand, html, afdrukken }) => {
            use loket::domain::account::Rol;
            let store = cli::open_any(database, &dir)?;
            let wie = match loket::auth::vereis_rol(store.as_ref(), &[Rol::Clientondersteuner])? {
                Some(a) => a.naam,
                None => medewerker(flag_medewerker.as_deref(), &config),
            };
            let Some(plan) = store.plan(dossier)? else {
                anyhow::bail!("dossier {dossier} heeft geen leefplan (of bestaat niet)");
            };
            let nu = run::local_now();
            let o = plan.maandoverzicht(maand.unwrap_or(nu.date()), &loket::domain::kosten::Kostenregels::standaard());
            use loket::store::audit::{Gebeurtenis, Handeling, Onderwerp};
            store.audit_append(&[Gebeurtenis::new(nu, &wie, Handeling::Geexporteerd, Onderwerp::Dossier(dossier))
                .met_reden("maandoverzicht leefplan")])?;
            if html {
                emit(&loket::overzicht::html(&o, &config.loket, nu))?;
            } else if afdrukken {
                let f = loket::overzicht::schrijf(&dir, &o, &config.loket, nu)?;
                loket::overzicht::open(&f)?;
                emit(&format!(
                    "Overzicht geopend in de browser: {} (wordt na {} uur verwijderd).\n",
                    f.display(),
                    loket::overzicht::BEWAREN_UREN
                ))?;
            } else {
                emit(&(o.regels_tekst().join("\n") + "\n"))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Opvolgen { datum }) => {
            let store = cli::open_any(database, &dir)?;
            let wie = medewerker(flag_medewerker.as_deref(), &config);
            let vandaag = datum.unwrap_or(run::local_now().date());
            let contacts = loket::store::contacts::all(store.as_ref())?;
            let mut verwijzingen = store.opvolgingen()?.value;
            for c in &contacts {
                if !verwijzingen.iter().any(|v| v.contact_id == c.id) {
                    let naar: Vec<&str> = c.links.iter().map(|l| l.naam.as_str()).collect();
                    verwijzingen.extend(loket::domain::opvolging::van_verwijzing(
                        c,
                        &naar.join(", "),
                        config.opvolgen_dagen(),
                    ));
                }
            }
            let plannen = store.plannen()?.value;
            use loket::domain::opvolging::{werklijst, Voor};
            let mut rijen = werklijst(&Voor::Balie { medewerker: wie }, &verwijzingen, &[], vandaag);
            rijen.extend(werklijst(&Voor::Backoffice, &[], &plannen, vandaag));
            let mut out = format!("Op te volgen op {}: {}\n", vandaag.format("%d-%m-%Y"), rijen.len());
            for r in &rijen {
                let bron = match r.herkomst {
                    loket::domain::opvolging::Herkomst::Verwijzing(c) => format!("contact {c}"),
                    loket::domain::opvolging::Herkomst::Plan(d, nr) => format!("dossier {d}, onderdeel {nr}"),
                };
                out.push_str(&format!("{}  {bron}  {}  ({})  {}\n", r.datum.format("%d-%m-%Y"), r.wat, r.wie, r.stand));
            }
            emit(&out)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Inzage { wis, corrigeer, reden }) => {
            let store = cli::open_any(database, &dir)?;
            let wie = aangemeld_als(store.as_ref(), flag_medewerker.as_deref(), &config)?;
            loket::commands::inzage::cli(
                store.as_ref(),
                &dir,
                wis,
                corrigeer.as_deref(),
                reden.as_deref(),
                &wie,
                run::local_now(),
                config.domein.as_deref(),
            )
        }
        Some(Command::Schema { actie: cli::SchemaActie::Bijwerken }) => {
            let Some(url) = database else {
                anyhow::bail!(
                    "'schema bijwerken' is voor een gedeelde database (--database of LOKET_DATABASE_URL); de ingebouwde opslag werkt zichzelf bij"
                );
            };
            let verslag = loket::store::PgStore::schema_bijwerken_verslag(url)?;
            let stappen = verslag.stappen;
            let nieuwste = loket::store::pg::MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
            // what the steps could not move whole: ids and reasons only, never a record's content
            for m in &verslag.meldingen {
                tracing::warn!(melding = %m, "schema bijwerken");
                emit(&format!("Let op: {m}.\n"))?;
            }
            if stappen.is_empty() {
                emit(&format!("Het schema is al bij: versie {nieuwste}.\n"))?;
            } else {
                let lijst: Vec<String> = stappen.iter().map(|v| v.to_string()).collect();
                tracing::info!(stappen = %lijst.join(","), "schema bijgewerkt");
                emit(&format!("Schema bijgewerkt: stap {} toegepast; nu versie {nieuwste}.\n", lijst.join(", ")))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Config) => {
            let gegeven = loket::commands::instellingen::Gegeven {
                database: args.database.as_deref(),
                keymap: args.keymap.as_deref(),
                medewerker: flag_medewerker.as_deref(),
                data_dir: args.data_dir.as_deref(),
            };
            emit(&loket::commands::instellingen::toon(&config, gegeven, &dir))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Backup { doel }) => {
            let wie = |store: &dyn loket::store::Store| aangemeld_als(store, flag_medewerker.as_deref(), &config);
            emit(&match database {
                Some(url) => loket::commands::reservekopie::backup_pg(&dir, url, &doel, run::local_now(), wie)?,
                None => loket::commands::reservekopie::backup(&dir, &doel, run::local_now(), wie)?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Herstel { bron, vervang }) => {
            let wie = loket::commands::audit::wie(flag_medewerker.as_deref(), &config);
            emit(&match database {
                Some(url) => loket::commands::reservekopie::herstel_pg(url, &bron, vervang, &wie, run::local_now())?,
                None => loket::commands::reservekopie::herstel(&dir, &bron, vervang, &wie, run::local_now())?,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            emit(&String::from_utf8_lossy(&loket::cli_nl::completions(shell)))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Manpage) => {
            emit(&String::from_utf8_lossy(&loket::cli_nl::manpage(Box::leak(cli::versie().into_boxed_str()))?))?;
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let keymap = match cli::load_keymap(&choice) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("Fout in de toetsenbordindeling:\n{e}\n(loket --controleer-toetsenborden controleert zonder te starten; --toetsenbord standaard gebruikt de standaardindeling)");
                    return Ok(ExitCode::from(2));
                }
            };
            // a terminal that can't place text on the screen (TERM=dumb: an editor's shell, a
            // serial console) would show the screens as garbage
            if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
                anyhow::bail!(
                    "deze terminal (TERM=dumb) kan het scherm van loket niet tonen; open loket in een gewone terminal. De opdrachten werken wel: loket --help"
                );
            }
            if !std::io::stdout().is_terminal() {
                anyhow::bail!("loket heeft een terminal nodig; voor scripts: loket zoek ZOEKWOORDEN");
            }
            let mut alleen_lezen = None;
            let store = match cli::open_any(database, &dir) {
                Ok(s) => s,
                Err(e) => match offer_read_only(database, &dir, &e) {
                    Some((store, why)) => {
                        alleen_lezen = Some(why);
                        store
                    }
                    None => return Err(e),
                },
            };
            let mut state = State::new(Arc::new(keymap), run::local_now());
            let hersteld = store.herstelmeldingen();
            if !hersteld.is_empty() {
                state.warn(hersteld.join(" "));
            }
            // Accounts: sign in at start where required; else as before, with a warning.
            let toegang = loket::commands::account::bij_start(
                store.as_ref(),
                alleen_lezen.is_some(),
                &mut loket::auth::Stdin,
                &mut std::io::stdout(),
            )?;
            state.aanmelding_verplicht = toegang.verplicht;
            state.onbeveiligd = toegang.onbeveiligd;
            state.vergrendel_na = config.vergrendel_na();
            state.rapport.drempel = config.rapport_drempel.unwrap_or(loket::domain::rapport::DREMPEL_STANDAARD);
            state.plan.briefhoofd = config.loket.clone();
            state.plan.opvolgen_dagen = config.opvolgen_dagen();
            if toegang.verplicht {
                state.aanmelden = Some(loket::app::aanmelden::AanmeldState::start());
            } else {
                state.medewerker = medewerker(flag_medewerker.as_deref(), &config);
            }
            state.alleen_lezen = alleen_lezen;
            if let Some(k) = config.kanaal {
                state.standaard_kanaal = k;
            }
            state.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            state.data_dir = dir.display().to_string();
            state.ics_domein = config.domein.clone();
            state.briefhoofd = config.loket.clone();
            state.brief_opener =
                std::env::var("LOKET_OPENER").ok().filter(|o| !o.trim().is_empty()).or(config.brief_openen_met.clone());
            // Desks sharing one database share their calendar UIDs (not the worker's name).
            if store.is_shared() {
                let d = store.describe();
                state.ics_bron = Some(d.split(" (gebruiker").next().unwrap_or(&d).to_string());
            }
            state.zoekindex = Some(loket::zoekindex::path_for(&dir, database));
            // the retention periods, once a day (counts only)
            if state.alleen_lezen.is_none() {
                let t = &config.bewaartermijnen;
                match loket::commands::opschonen::dagelijks(store.as_ref(), &dir, t, state.now, &state.medewerker) {
                    // said only when something was removed: an all-zero line would cover the hints
                    Ok(Some(n)) if !n.is_leeg() => state.info(format!("Bewaartermijnen toegepast: {n}.")),
                    Ok(_) => {}
                    Err(e) => state.warn(format!("bewaartermijnen niet toegepast: {e:#}")),
                }
            }
            run::run(store, state)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

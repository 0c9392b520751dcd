//! The `loket` binary: parse the command line, check the keymap, open the store, run.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use loket::app::{run, State};
use loket::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let args = Cli::parse();
    match real_main(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("loket: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn real_main(args: Cli) -> anyhow::Result<ExitCode> {
    let choice = cli::keymap_choice(args.keymap.as_deref());
    if args.check_keymaps {
        let (report, ok) = cli::check_keymaps(&choice);
        print!("{report}");
        return Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(2) });
    }
    let dir = cli::data_dir(args.data_dir.as_deref()).map_err(anyhow::Error::msg)?;
    match args.command {
        Some(Command::Zoek { query, json, limit }) => {
            let store = cli::open_store(&dir)?;
            let cat = cli::load_catalog(store.as_ref())?;
            print!("{}", cli::format_hits(&cli::zoek(&cat, &query.join(" "), limit), json));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Genereer { aantal, seed }) => {
            let store = cli::open_store(&dir)?;
            let kaart = loket::catalog::synth::generate(aantal, seed);
            loket::store::kaart::upsert(store.as_ref(), &kaart)?;
            println!(
                "{} synthetische voorzieningen, {} organisaties en {} regelingen geschreven naar {}",
                kaart.voorzieningen.len(),
                kaart.organisaties.len(),
                kaart.regelingen.len(),
                dir.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Rapport { van, tot, json }) => {
            let store = cli::open_store(&dir)?;
            let contacts = loket::store::contacts::all(store.as_ref())?;
            let r = loket::report::build(&contacts, van, tot);
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                print!("{}", loket::report::format(&r));
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { pad, check, skip_invalid }) => {
            let opts = loket::interchange::ImportOptions {
                check_only: check,
                skip_invalid,
                progress: std::io::stderr().is_terminal(),
            };
            let report = if check {
                loket::interchange::read_path(&pad, &opts)?.1
            } else {
                let store = cli::open_store(&dir)?;
                loket::interchange::import_path(store.as_ref(), &pad, &opts)?
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
                println!(
                    "Geïmporteerd: {what} ({} waarschuwingen, {} afgekeurd).",
                    report.warnings.len(),
                    report.errors.len()
                );
                Ok(ExitCode::SUCCESS)
            } else if report.errors.is_empty() {
                println!(
                    "In orde: {what} ({} waarschuwingen). Niets geschreven{}.",
                    report.warnings.len(),
                    if check { " (--check)" } else { "" }
                );
                Ok(ExitCode::SUCCESS)
            } else {
                println!(
                    "{} fouten: niets geschreven. Verbeter de fouten, of gebruik --skip-invalid om alleen de goede records te importeren.",
                    report.errors.len()
                );
                Ok(ExitCode::FAILURE)
            }
        }
        Some(Command::Export { format, map }) => {
            let store = cli::open_store(&dir)?;
            let kaart = loket::store::kaart::load(store.as_ref(), &mut |_| {})?;
            let fmt = match format {
                cli::Format::Json => loket::interchange::ExportFormat::Json,
                cli::Format::Csv => loket::interchange::ExportFormat::Csv,
            };
            let n = loket::interchange::export_dir(&kaart, fmt, &map, std::io::stderr().is_terminal())?;
            println!("{n} records geëxporteerd naar {} (HSDS 3.0)", map.display());
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let keymap = match cli::load_keymap(&choice) {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("Fout in de toetsenbordindeling:\n{e}\n(loket --check-keymaps controleert zonder te starten; --keymap standaard gebruikt de standaardindeling)");
                    return Ok(ExitCode::from(2));
                }
            };
            let kanaal = match cli::kanaal_choice() {
                Ok(k) => k,
                Err(e) => {
                    eprintln!("Fout in het configuratiebestand:\n{e}");
                    return Ok(ExitCode::from(2));
                }
            };
            if !std::io::stdout().is_terminal() {
                anyhow::bail!("loket heeft een terminal nodig; voor scripts: loket zoek ZOEKWOORDEN");
            }
            let store = cli::open_store(&dir)?;
            let mut state = State::new(Arc::new(keymap), run::local_now());
            state.default_kanaal = kanaal;
            state.color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            state.data_dir = dir.display().to_string();
            run::run(store, state)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

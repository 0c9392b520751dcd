//! The command line in the desk's language: clap's headings, its own flags and its errors in
//! Dutch, the flags' Dutch names (today's names stay as hidden aliases, so scripts keep working),
//! shell completions and the man page. Applied to the command [`crate::cli::Cli`] defines, so the
//! subcommands themselves are written as before.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

/// The help layout: clap's own with Dutch words (its `{usage-heading}` and `{all-args}` headings
/// are English).
const SJABLOON: &str = "\
{before-help}{about-with-newline}
Gebruik: {usage}

{all-args}{after-help}";

/// Said under the top-level help.
const NA_HULP: &str = "\
Omgeving:
  NO_COLOR=1       toon het scherm zonder kleur
  TERM=dumb        geen schermprogramma (de opdrachten werken wel)
  LOKET_CONFIG     het configuratiebestand van de gebruiker (standaard ~/.config/loket/config.toml)
  LOKET_SYSTEEMCONFIG  het configuratiebestand voor de hele machine (standaard /etc/loket/config.toml)

Zie ook: loket config, loket completions, loket manpage.";

/// Dutch names for flags that had English ones: (subcommand or "" for the top level, the
/// argument's id, its old long name, the new one). The old name stays as a hidden alias.
const NAMEN: [(&str, &str, &str, &str); 9] = [
    ("", "data_dir", "data-dir", "gegevensmap"),
    ("", "keymap", "keymap", "toetsenbord"),
    ("", "check_keymaps", "check-keymaps", "controleer-toetsenborden"),
    ("zoek", "limit", "limit", "aantal"),
    ("genereer", "seed", "seed", "startwaarde"),
    ("import", "check", "check", "controleer"),
    ("import", "skip_invalid", "skip-invalid", "sla-afgekeurde-over"),
    ("export", "format", "format", "formaat"),
    ("api", "address", "address", "adres"),
];

/// Dutch value names for arguments whose value name clap made from an English field name.
const WAARDENAMEN: [(&str, &str); 6] = [
    ("query", "ZOEKWOORDEN"),
    ("limit", "AANTAL"),
    ("seed", "GETAL"),
    ("format", "FORMAAT"),
    ("van", "DATUM"),
    ("tot", "DATUM"),
];

fn nederlandse_naam(a: Arg, sub: &str) -> Arg {
    let id = a.get_id().as_str();
    match NAMEN.iter().find(|(s, i, oud, _)| *s == sub && *i == id && a.get_long() == Some(*oud)) {
        Some((_, _, oud, nieuw)) => a.long(*nieuw).alias(*oud),
        None => a,
    }
}

/// Headings, default values, environment variables and possible values in Dutch, for one
/// argument (clap's own "[default: …]", "[env: …]" and "[possible values: …]" are hidden).
fn nederlands_arg(a: Arg, sub: &str) -> Arg {
    let a = nederlandse_naam(a, sub);
    if matches!(a.get_action(), ArgAction::Help | ArgAction::Version) {
        return a.help_heading("Opties").display_order(usize::MAX);
    }
    // a value name clap made from the field's name (<QUERY>) in Dutch
    let id = a.get_id().as_str().to_string();
    let afgeleid = a.get_value_names().is_some_and(|v| v.len() == 1 && v[0].as_str() == id.to_uppercase());
    let a = match WAARDENAMEN.iter().find(|(i, _)| *i == id) {
        Some((_, naam)) if afgeleid => a.value_name(*naam),
        _ => a,
    };
    let mut extra = Vec::new();
    let standaard: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !standaard.is_empty() && !matches!(a.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        extra.push(format!("standaard: {}", standaard.join(", ")));
    }
    let keuzes: Vec<String> =
        a.get_possible_values().iter().filter(|p| !p.is_hide_set()).map(|p| p.get_name().to_string()).collect();
    if !keuzes.is_empty() && !matches!(a.get_action(), ArgAction::SetTrue | ArgAction::SetFalse) {
        extra.push(format!("keuzes: {}", keuzes.join(", ")));
    }
    if let Some(env) = a.get_env() {
        extra.push(format!("omgeving: {}", env.to_string_lossy()));
    }
    let kop = if a.is_positional() { "Argumenten" } else { "Opties" };
    let mut a = if a.get_action().takes_values() {
        a.hide_default_value(true).hide_possible_values(true).hide_env(true)
    } else {
        a.hide_env(true)
    };
    if a.get_help_heading().is_none() {
        a = a.help_heading(kop);
    }
    if !extra.is_empty() {
        let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
        a = a.help(format!("{help} [{}]", extra.join("; ")));
    }
    a
}

/// One command (and, recursively, its subcommands) in Dutch.
fn nederlands(cmd: Command, sub: &str, top: bool) -> Command {
    let mut cmd = cmd
        .help_template(SJABLOON)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(Arg::new("hulp").short('h').long("help").action(ArgAction::Help).help("Toon deze hulp"));
    if top {
        cmd = cmd
            .override_usage("loket [OPTIES] [OPDRACHT]")
            .disable_version_flag(true)
            .arg(Arg::new("versie").short('V').long("version").action(ArgAction::Version).help("Toon de versie"))
            .after_help(NA_HULP);
    }
    cmd = cmd.mut_args(|a| nederlands_arg(a, sub));
    let namen: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for naam in namen {
        cmd = cmd.mut_subcommand(&naam, |s| nederlands(s, &naam, false));
    }
    cmd
}

/// The command line as loket uses it: [`crate::cli::Cli`] in Dutch, with `versie` as its version.
pub fn command(versie: &'static str) -> Command {
    nederlands(crate::cli::Cli::command().version(versie), "", true)
}

fn tekst(e: &clap::Error, k: ContextKind) -> Option<String> {
    match e.get(k)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Why a value was refused, in Dutch: the error of loket's own value parsers, shown as it is.
#[derive(Debug)]
pub struct Reden(pub String);

impl std::fmt::Display for Reden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Reden {}

/// A parse error of clap in Dutch: what is wrong, a suggestion where clap has one, and where to
/// find help. Help and version requests are not errors (see [`parse`]).
pub fn foutmelding(e: &clap::Error) -> String {
    let arg = tekst(e, ContextKind::InvalidArg).unwrap_or_default();
    let waarde = tekst(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut s = match e.kind() {
        ErrorKind::UnknownArgument => format!("onbekende optie '{arg}'"),
        ErrorKind::InvalidSubcommand => {
            format!("onbekende opdracht '{}'", tekst(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::InvalidValue => match tekst(e, ContextKind::ValidValue) {
            Some(goed) if !waarde.is_empty() => {
                format!("'{waarde}' is geen geldige waarde voor {arg} (kies uit: {goed})")
            }
            _ if waarde.is_empty() => format!("{arg} heeft een waarde nodig"),
            _ => format!("'{waarde}' is geen geldige waarde voor {arg}"),
        },
        ErrorKind::ValueValidation => {
            // loket's own parsers give their reason in Dutch ([`Reden`], shown as it is); those
            // of std and chrono an English one, said here as what is expected
            let bron = std::error::Error::source(e);
            if let Some(r) = bron.and_then(|b| b.downcast_ref::<Reden>()) {
                r.0.clone()
            } else {
                let reden = match bron {
                    Some(b) if b.is::<std::num::ParseIntError>() || b.is::<std::num::ParseFloatError>() => {
                        " (verwacht een getal)".to_string()
                    }
                    _ if arg.contains("<DATUM>") => " (verwacht een datum als JJJJ-MM-DD)".to_string(),
                    Some(b) => format!(": {b}"),
                    None => String::new(),
                };
                format!("'{waarde}' is geen geldige waarde voor {arg}{reden}")
            }
        }
        ErrorKind::MissingRequiredArgument => format!("nog nodig: {arg}"),
        ErrorKind::MissingSubcommand => "geef een opdracht".to_string(),
        ErrorKind::ArgumentConflict => {
            let eerder = tekst(e, ContextKind::PriorArg).unwrap_or_default();
            format!("{arg} gaat niet samen met {eerder}")
        }
        ErrorKind::TooManyValues => format!("te veel waarden: '{waarde}' (bij {arg})"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!("verkeerd aantal waarden bij {arg}"),
        ErrorKind::NoEquals => format!("{arg} vraagt een '=' vóór de waarde"),
        _ => e.to_string().trim_start_matches("error: ").trim().to_string(),
    };
    let voorstel = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
        .into_iter()
        .find_map(|k| tekst(e, k));
    if let Some(v) = voorstel {
        s.push_str(&format!("\n  tip: bedoelt u '{v}'?"));
    }
    if let Some(g) = tekst(e, ContextKind::Usage) {
        let g = g.trim().trim_start_matches("Usage:").trim().to_string();
        s.push_str(&format!("\n\nGebruik: {g}"));
    }
    s.push_str("\n\nMeer uitleg: loket --help");
    format!("fout: {s}\n")
}

/// Parse the command line: help and version are shown as clap shows them, errors in Dutch
/// (exit status 2, as clap's).
pub fn parse(versie: &'static str) -> clap::ArgMatches {
    match command(versie).try_get_matches() {
        Ok(m) => m,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            eprint!("{}", foutmelding(&e));
            std::process::exit(2)
        }
    }
}

/// The shells `loket completions` writes for.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

/// `loket completions SHELL`: the completion script for that shell.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = command("");
    let sh = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut out = Vec::new();
    clap_complete::generate(sh, &mut cmd, "loket", &mut out);
    out
}

/// `loket manpage`: the man page (roff), for `man -l` or /usr/local/share/man/man1/loket.1.
pub fn manpage(versie: &'static str) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command(versie)).render(&mut out)?;
    Ok(out)
}

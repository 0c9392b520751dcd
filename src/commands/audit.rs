//! `loket audit`: show the audit log, check its chain (`--controleer`), export it (`--export`).
//! Also who is working ([`wie`]) for the entries that CLI commands write.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use crate::store::Store;

/// Who does what the CLI commands do: the configured worker (flag, `LOKET_MEDEWERKER`, the
/// config file), else the login name. (To be replaced by the signed-in account.)
pub fn wie(flag: Option<&str>, config: &crate::config::Config) -> String {
    flag.map(str::trim)
        .filter(|m| !m.is_empty())
        .or_else(|| config.medewerker.as_deref().map(str::trim).filter(|m| !m.is_empty()))
        .map(str::to_string)
        .unwrap_or_else(|| {
            std::env::var("USER").or_else(|_| std::env::var("LOGNAME")).unwrap_or_else(|_| "onbekend".into())
        })
}

/// What `loket audit` prints, and whether the chain holds.
pub fn toon(store: &dyn Store) -> anyhow::Result<(String, bool)> {
    let ruw = store.audit_raw()?;
    Ok(match audit::controleer(&ruw) {
        Ok(regels) => {
            let mut s = String::new();
            for r in &regels {
                s.push_str(&audit::regel_tekst(r));
                s.push('\n');
            }
            s.push_str(&format!("Keten in orde: {} regels.\n", regels.len()));
            (s, true)
        }
        Err(b) => (format!("FOUT: {b}\n"), false),
    })
}

/// `--controleer`: only the verdict.
pub fn controleer(store: &dyn Store) -> anyhow::Result<(String, bool)> {
    let ruw = store.audit_raw()?;
    Ok(match audit::controleer(&ruw) {
        Ok(regels) => (format!("Keten in orde: {} regels.\n", regels.len()), true),
        Err(b) => (format!("FOUT: {b}\n"), false),
    })
}

/// `--export FILE`: the checked log as text (0600), the export itself logged.
pub fn export(store: &dyn Store, file: &Path, wie: &str, now: NaiveDateTime) -> anyhow::Result<(String, bool)> {
    let (text, ok) = toon(store)?;
    if !ok {
        return Ok((text, false));
    }
    crate::app::run::write_private(file, text.as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", file.display(), e.kind()))?;
    store.audit_append(&[
        Gebeurtenis::new(now, wie, Handeling::Geexporteerd, Onderwerp::Geen).met_reden("auditlogboek")
    ])?;
    Ok((format!("Auditlogboek geëxporteerd naar {} ({} regels).\n", file.display(), text.lines().count() - 1), true))
}

/// `loket audit [--controleer] [--export FILE]`: exit status 1 when the chain is broken.
pub fn cli(
    store: &dyn Store,
    alleen_controleren: bool,
    export_naar: Option<&Path>,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<std::process::ExitCode> {
    use std::io::Write;
    let (text, ok) = match (alleen_controleren, export_naar) {
        (_, Some(file)) => export(store, file, wie, now)?,
        (true, None) => controleer(store)?,
        (false, None) => toon(store)?,
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(if ok { std::process::ExitCode::SUCCESS } else { std::process::ExitCode::FAILURE })
}

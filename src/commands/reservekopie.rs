//! `loket backup DOEL` and `loket herstel BRON`: a consistent copy of the embedded store.
//!
//! The copy is made with the store open, so its lock keeps every desk out while it is read (a
//! desk that has it open makes the command stop with the usual "in gebruik" message): everything
//! is read through the store, as `loket migreer` does (the audit log byte for byte, with its
//! chain), and written into a new store in `DOEL/opslag`; the folders of files beside it
//! (`afspraken`, `inzage`, `herstel`) are copied too. `DOEL/reservekopie.toml` says what the copy
//! holds (version, layout, counts, and the fingerprint of the BSN key it was sealed with, never
//! the key). The key itself is not copied: a stolen copy with its key would show every BSN; it is
//! backed up apart (`loket sleutel exporteren`). Everything is private (0700 folders, 0600 files).
//!
//! Restoring goes into an empty data directory (or, with `--vervang`, over the current one, which
//! is moved aside first and removed only after the copy succeeded). A copy of a newer layout is
//! refused before anything is touched. Both record themselves in the audit log (counts only).
//!
//! A shared PostgreSQL database is backed up with `pg_dump` (see docs/installatiehandleiding.md); `loket backup` on
//! one says so.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use crate::store::migreer;
use crate::store::{SledStore, Store};

/// The description of a backup, beside its store.
pub const MANIFEST: &str = "reservekopie.toml";
/// The store's folder inside a backup.
pub const OPSLAG: &str = "opslag";
/// The folders of files beside the store that a backup holds.
pub const MAPPEN: [&str; 3] = ["afspraken", "inzage", "herstel"];

/// What `loket backup` on a PostgreSQL database says.
pub const PG_DUMP_UITLEG: &str = "een gedeelde PostgreSQL-database wordt niet door loket gekopieerd maar met pg_dump, op de databaseserver: \
pg_dump --format=custom --file=loket-$(date +%F).dump loket (en terugzetten in een lege database met pg_restore --dbname=loket --no-owner loket-DATUM.dump). \
Zie 'Reservekopie' in docs/installatiehandleiding.md. Bewaar de BSN-sleutel apart (loket sleutel exporteren)";

fn private_dir(p: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(p).map_err(|e| anyhow::anyhow!("{}: niet aan te maken ({})", p.display(), e.kind()))?;
    loket_base::platform::prive_map(p)?;
    Ok(())
}

/// Is `p` missing, or an empty folder (the support log's folder aside)?
fn leeg(p: &Path) -> bool {
    match std::fs::read_dir(p) {
        Ok(d) => d.filter_map(|e| e.ok()).all(|e| e.file_name() == crate::logboek::MAP),
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
    }
}

/// Copy the files of `van` (one level of folders, as loket writes them) into `naar`, privately.
fn kopieer_map(van: &Path, naar: &Path) -> anyhow::Result<usize> {
    let entries = match std::fs::read_dir(van) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => anyhow::bail!("{}: niet te lezen ({})", van.display(), e.kind()),
    };
    private_dir(naar)?;
    let mut n = 0;
    for e in entries {
        let e = e?;
        if e.file_type()?.is_dir() {
            n += kopieer_map(&e.path(), &naar.join(e.file_name()))?;
        } else if e.file_type()?.is_file() {
            let bytes = std::fs::read(e.path())?;
            schrijf_prive(&naar.join(e.file_name()), &bytes)?;
            n += 1;
        }
    }
    Ok(n)
}

fn schrijf_prive(p: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::base::fs::write_private(p, bytes)
        .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", p.display(), e.kind()))
}

/// The fingerprint of this desk's BSN key, if it has one (never made here).
fn sleutel_vingerafdruk() -> Option<String> {
    crate::store::sealing::desk_key(false)
        .ok()
        .map(|k| crate::store::sealing::fingerprint_text(crate::store::sealing::fingerprint(&k)))
}

/// Read everything from `from` and write it into the empty `to`, with `erbij` appended to the
/// copied audit log; refuses a source whose audit log does not check.
fn kopieer(
    from: &dyn Store,
    to: &dyn Store,
    erbij: impl FnOnce(&migreer::Telling) -> Vec<Gebeurtenis>,
) -> anyhow::Result<migreer::Telling> {
    let (mut all, skipped) = migreer::read_all(from)?;
    if let Err(breuk) = audit::controleer(&all.audit) {
        anyhow::bail!("het auditlogboek klopt niet ({breuk}); er is niets gekopieerd. Controleer het eerst met loket audit --controleer");
    }
    if !skipped.is_empty() {
        anyhow::bail!("{} records zijn onleesbaar ({}); er is niets gekopieerd", skipped.len(), skipped.join("; "));
    }
    let t = migreer::Telling::van(&all);
    all.audit_erbij = erbij(&t);
    to.import_all(&all)?;
    Ok(t)
}

/// `loket backup DOEL`: the embedded store in `dir` copied to the new or empty folder `doel`.
/// `wie` names who makes it (the functioneel beheerder signs in where accounts require it).
pub fn backup(
    dir: &Path,
    doel: &Path,
    nu: NaiveDateTime,
    wie: impl FnOnce(&dyn Store) -> anyhow::Result<String>,
) -> anyhow::Result<String> {
    if !leeg(doel) {
        anyhow::bail!("{} bestaat al en is niet leeg; kies een nieuwe map voor de reservekopie", doel.display());
    }
    if !dir.exists() {
        anyhow::bail!("er is geen opslag in {}", dir.display());
    }
    let from = SledStore::open(dir)?;
    let wie = wie(&from)?;
    private_dir(doel)?;
    let to = SledStore::open(&doel.join(OPSLAG))?;
    // the copy holds the source's log as it was; the source records that a copy was made
    let t = kopieer(&from, &to, |_| Vec::new())?;
    drop(to);
    let mut bestanden = 0;
    for m in MAPPEN {
        bestanden += kopieer_map(&dir.join(m), &doel.join(m))?;
    }
    let manifest = toml::toml! {
        loket = (env!("CARGO_PKG_VERSION"))
        commit = (env!("LOKET_COMMIT"))
        opslagindeling = (crate::store::sled_store::LAYOUT as i64)
        gemaakt = (nu.format("%Y-%m-%d %H:%M:%S").to_string())
        inhoud = (t.to_string())
        bestanden = (bestanden as i64)
    };
    let mut manifest = manifest;
    if let Some(v) = sleutel_vingerafdruk() {
        manifest.insert("bsn_sleutel_vingerafdruk".into(), toml::Value::String(v));
    }
    schrijf_prive(&doel.join(MANIFEST), toml::to_string(&manifest)?.as_bytes())?;
    from.audit_append(&[Gebeurtenis::new(nu, &wie, Handeling::Geexporteerd, Onderwerp::Geen)
        .met_reden(&format!("reservekopie gemaakt: {t}"))])?;
    Ok(format!(
        "Reservekopie gemaakt in {}: {t}; {bestanden} bestanden.\nDe BSN-sleutel zit er niet in: bewaar die apart (loket sleutel exporteren BESTAND).\n",
        doel.display()
    ))
}

/// What a backup's manifest says that restoring needs.
struct Manifest {
    opslagindeling: u64,
    gemaakt: String,
    vingerafdruk: Option<String>,
}

fn lees_manifest(bron: &Path) -> anyhow::Result<Manifest> {
    let p = bron.join(MANIFEST);
    let text = std::fs::read_to_string(&p)
        .map_err(|e| anyhow::anyhow!("{} is geen reservekopie van loket ({MANIFEST}: {})", bron.display(), e.kind()))?;
    let t: toml::Table =
        text.parse().map_err(|e: toml::de::Error| anyhow::anyhow!("{}: {}", p.display(), e.message()))?;
    let opslagindeling = t
        .get("opslagindeling")
        .and_then(|v| v.as_integer())
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| anyhow::anyhow!("{}: opslagindeling ontbreekt", p.display()))?;
    Ok(Manifest {
        opslagindeling,
        gemaakt: t.get("gemaakt").and_then(|v| v.as_str()).unwrap_or("?").to_string(),
        vingerafdruk: t.get("bsn_sleutel_vingerafdruk").and_then(|v| v.as_str()).map(str::to_string),
    })
}

/// `loket herstel BRON [--vervang]`: the backup in `bron` restored into the data directory `dir`.
pub fn herstel(dir: &Path, bron: &Path, vervang: bool, wie: &str, nu: NaiveDateTime) -> anyhow::Result<String> {
    let m = lees_manifest(bron)?;
    let layout = crate::store::sled_store::LAYOUT;
    if m.opslagindeling > layout {
        anyhow::bail!(
            "deze reservekopie is gemaakt door een nieuwere versie van loket (opslagindeling {}; deze versie kent tot en met {layout}). Herstel met die versie; er is niets veranderd",
            m.opslagindeling
        );
    }
    let mut waarschuwing = String::new();
    if let Some(v) = &m.vingerafdruk {
        if sleutel_vingerafdruk().as_deref() != Some(v.as_str()) {
            waarschuwing = format!(
                "Let op: de BSN's in deze reservekopie zijn verzegeld met de sleutel {v}, en deze desk heeft een andere (of geen). Installeer die sleutel (loket sleutel installeren BESTAND) om ze te lezen.\n"
            );
        }
    }
    let opzij = if leeg(dir) {
        None
    } else if vervang {
        // a desk that has the store open keeps it: opening takes its lock
        drop(SledStore::open(dir)?);
        let naam = format!(
            "{}.vervangen-{}",
            dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "loket".into()),
            std::process::id()
        );
        let opzij = dir.with_file_name(naam);
        std::fs::rename(dir, &opzij)
            .map_err(|e| anyhow::anyhow!("{} niet opzij te zetten ({})", dir.display(), e.kind()))?;
        Some(opzij)
    } else {
        anyhow::bail!(
            "{} is niet leeg; herstel gaat naar een lege gegevensmap, of gebruik --vervang om de huidige gegevens te vervangen (die gaan dan weg)",
            dir.display()
        );
    };
    let gedaan = (|| -> anyhow::Result<(migreer::Telling, usize)> {
        let from = SledStore::open(&bron.join(OPSLAG))?;
        private_dir(dir)?;
        let to = SledStore::open(dir)?;
        let t = kopieer(&from, &to, |t| {
            vec![Gebeurtenis::new(nu, wie, Handeling::Aangemaakt, Onderwerp::Geen)
                .met_reden(&format!("hersteld uit een reservekopie van {}: {t}", m.gemaakt))]
        })?;
        let mut bestanden = 0;
        for map in MAPPEN {
            bestanden += kopieer_map(&bron.join(map), &dir.join(map))?;
        }
        Ok((t, bestanden))
    })();
    match (gedaan, opzij) {
        (Ok((t, bestanden)), opzij) => {
            if let Some(o) = opzij {
                std::fs::remove_dir_all(&o).map_err(|e| {
                    anyhow::anyhow!("de oude gegevens in {} niet te verwijderen ({})", o.display(), e.kind())
                })?;
            }
            Ok(format!(
                "Hersteld in {} uit de reservekopie van {}: {t}; {bestanden} bestanden.\n{waarschuwing}",
                dir.display(),
                m.gemaakt
            ))
        }
        (Err(e), Some(o)) => {
            // put the old data back as it was
            let _ = std::fs::remove_dir_all(dir);
            let terug = std::fs::rename(&o, dir);
            Err(e.context(match terug {
                Ok(()) => "herstel mislukt; de oude gegevens staan weer op hun plaats".to_string(),
                Err(_) => format!("herstel mislukt; de oude gegevens staan in {}", o.display()),
            }))
        }
        (Err(e), None) => Err(e),
    }
}

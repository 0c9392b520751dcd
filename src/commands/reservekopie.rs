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
//! A shared PostgreSQL database is backed up by `pg_dump` and restored by `pg_restore` (the
//! PostgreSQL client programs, found on PATH or in `/usr/lib/postgresql/*/bin`), wrapped so the
//! copy has the same manifest: `DOEL/loket.dump` (custom format) with `DOEL/reservekopie.toml`
//! naming the schema version. Restoring refuses a dump of a newer schema than this loket knows,
//! and goes into an empty database (or, with `--vervang`, over loket's tables).
//!
//! Every backup made is noted in `<data dir>/reservekopieen.txt` (when, where, which store): a
//! backup holds personal data that erasure (`loket inzage --wis`) and the retention periods
//! cannot reach, so `loket inzage` names where they were written. See docs/installatiehandleiding.md.

use std::path::Path;

use chrono::NaiveDateTime;

use crate::interchange::progress::Progress;
use crate::store::audit::{self, Gebeurtenis, Handeling, Onderwerp};
use crate::store::migreer;
use crate::store::{SledStore, Store};

/// The description of a backup, beside its store.
pub const MANIFEST: &str = "reservekopie.toml";
/// The store's folder inside a backup.
pub const OPSLAG: &str = "opslag";
/// The folders of files beside the store that a backup holds.
pub const MAPPEN: [&str; 3] = ["afspraken", "inzage", "herstel"];

/// The dump of a PostgreSQL database inside a backup.
pub const DUMP: &str = "loket.dump";
/// The list of backups made from this data directory (for inzage).
pub const LIJST: &str = "reservekopieen.txt";

/// Note a backup in `<dir>/reservekopieen.txt`: when, which store, where (no personal data).
fn noteer(dir: &Path, nu: NaiveDateTime, soort: &str, doel: &Path) -> anyhow::Result<()> {
    let pad = dir.join(LIJST);
    let doel = std::fs::canonicalize(doel).unwrap_or_else(|_| doel.to_path_buf());
    let oud = std::fs::read_to_string(&pad).unwrap_or_default();
    let regel = format!("{}\t{soort}\t{}\n", nu.format("%Y-%m-%d %H:%M"), doel.display());
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: niet aan te maken ({})", dir.display(), e.kind()))?;
    schrijf_prive(&pad, format!("{oud}{regel}").as_bytes())
}

/// The backups made from the data directory `dir` (newest last): "2026-12-07 17:30  ingebouwd
/// /pad". They hold personal data that erasure cannot reach.
pub fn gemaakt(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join(LIJST))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut d = l.splitn(3, '\t');
            Some(format!("{}  {}  {}", d.next()?, d.next()?, d.next()?))
        })
        .collect()
}

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
    p: &Progress,
    wat: &str,
) -> anyhow::Result<migreer::Telling> {
    p.zeg(format!("{wat}: alles lezen"));
    let (mut all, skipped) = migreer::read_all(from)?;
    if let Err(breuk) = audit::controleer(&all.audit) {
        anyhow::bail!("het auditlogboek klopt niet ({breuk}); er is niets gekopieerd. Controleer het eerst met loket audit --controleer");
    }
    if !skipped.is_empty() {
        anyhow::bail!("{} records zijn onleesbaar ({}); er is niets gekopieerd", skipped.len(), skipped.join("; "));
    }
    let t = migreer::Telling::van(&all);
    all.audit_erbij = erbij(&t);
    p.zeg(format!("{wat}: schrijven ({t})"));
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
    let mut p = Progress::fase("reservekopie", true);
    // the copy holds the source's log as it was; the source records that a copy was made
    let t = kopieer(&from, &to, |_| Vec::new(), &p, "reservekopie")?;
    drop(to);
    p.zeg("reservekopie: bestanden kopiëren");
    let mut bestanden = 0;
    for m in MAPPEN {
        bestanden += kopieer_map(&dir.join(m), &doel.join(m))?;
    }
    p.finish();
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
    noteer(dir, nu, "ingebouwd", doel)?;
    Ok(format!(
        "Reservekopie gemaakt in {}: {t}; {bestanden} bestanden.\nDe BSN-sleutel zit er niet in: bewaar die apart (loket sleutel exporteren BESTAND).\n",
        doel.display()
    ))
}

/// What a backup's manifest says that restoring needs.
struct Manifest {
    /// "postgresql" for a dump of a shared database; absent (the embedded store) otherwise.
    soort: Option<String>,
    /// The schema version of a PostgreSQL dump.
    schemaversie: Option<i64>,
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
    let soort = t.get("soort").and_then(|v| v.as_str()).map(str::to_string);
    let schemaversie = t.get("schemaversie").and_then(|v| v.as_integer());
    let opslagindeling = match soort.as_deref() {
        Some("postgresql") => {
            schemaversie.ok_or_else(|| anyhow::anyhow!("{}: schemaversie ontbreekt", p.display()))?;
            0
        }
        _ => t
            .get("opslagindeling")
            .and_then(|v| v.as_integer())
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(|| anyhow::anyhow!("{}: opslagindeling ontbreekt", p.display()))?,
    };
    Ok(Manifest {
        soort,
        schemaversie,
        opslagindeling,
        gemaakt: t.get("gemaakt").and_then(|v| v.as_str()).unwrap_or("?").to_string(),
        vingerafdruk: t.get("bsn_sleutel_vingerafdruk").and_then(|v| v.as_str()).map(str::to_string),
    })
}

/// `loket herstel BRON [--vervang]`: the backup in `bron` restored into the data directory `dir`.
pub fn herstel(dir: &Path, bron: &Path, vervang: bool, wie: &str, nu: NaiveDateTime) -> anyhow::Result<String> {
    let m = lees_manifest(bron)?;
    if m.soort.as_deref() == Some("postgresql") {
        anyhow::bail!(
            "{} is een reservekopie van een gedeelde PostgreSQL-database; zet hem terug met loket herstel --database URL {}",
            bron.display(),
            bron.display()
        );
    }
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
        let mut p = Progress::fase("herstel", true);
        let t = kopieer(
            &from,
            &to,
            |t| {
                vec![Gebeurtenis::new(nu, wie, Handeling::Aangemaakt, Onderwerp::Geen)
                    .met_reden(&format!("hersteld uit een reservekopie van {}: {t}", m.gemaakt))]
            },
            &p,
            "herstel",
        )?;
        p.zeg("herstel: bestanden kopiëren");
        let mut bestanden = 0;
        for map in MAPPEN {
            bestanden += kopieer_map(&bron.join(map), &dir.join(map))?;
        }
        p.finish();
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

// ------------------------------------------------------------------------------ PostgreSQL

/// Where a PostgreSQL client program (`pg_dump`, `pg_restore`) is: on PATH, else in the newest
/// `/usr/lib/postgresql/<versie>/bin` (Debian and Ubuntu put them there). A clear Dutch error when
/// it is nowhere.
pub fn pg_programma(naam: &str) -> anyhow::Result<std::path::PathBuf> {
    let bestand = format!("{naam}{}", std::env::consts::EXE_SUFFIX);
    let mut mappen: Vec<std::path::PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    let mut versies: Vec<(u32, std::path::PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|rd| {
            rd.flatten()
                .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
                .collect()
        })
        .unwrap_or_default();
    versies.sort();
    mappen.extend(versies.into_iter().rev().map(|(_, p)| p));
    mappen.into_iter().map(|m| m.join(&bestand)).find(|p| p.is_file()).ok_or_else(|| {
        anyhow::anyhow!(
            "{naam} is niet gevonden (niet op PATH en niet in /usr/lib/postgresql/*/bin). Installeer de PostgreSQL-clientprogramma's (Debian/Ubuntu: apt install postgresql-client; Windows: de PostgreSQL-installatie, met de map bin op PATH), in dezelfde of een nieuwere versie dan de server"
        )
    })
}

/// The database URL without its password, and the password apart (given to pg_dump and
/// pg_restore through PGPASSWORD, so it never shows in the list of processes). The password is
/// read as the desk reads it (percent-decoded, quoted); it is taken out of the user part of a
/// URL, out of its `?password=` parameter, and out of a `password=` pair of the key-value form.
fn zonder_wachtwoord(url: &str) -> (String, Option<String>) {
    use std::str::FromStr;
    let ww = postgres::Config::from_str(url)
        .ok()
        .and_then(|c| c.get_password().map(|w| String::from_utf8_lossy(w).into_owned()));
    if let Some((schema, rest)) = url.split_once("://") {
        let eind = rest.find(['/', '?']).unwrap_or(rest.len());
        let (auth, pad) = rest.split_at(eind);
        let auth = match auth.rsplit_once('@') {
            Some((gebruiker, host)) => match gebruiker.split_once(':') {
                Some((naam, _)) => format!("{naam}@{host}"),
                None => auth.to_string(),
            },
            None => auth.to_string(),
        };
        let pad = match pad.split_once('?') {
            Some((pad, query)) => {
                let rest: Vec<&str> = query.split('&').filter(|p| !p.starts_with("password=")).collect();
                if rest.is_empty() {
                    pad.to_string()
                } else {
                    format!("{pad}?{}", rest.join("&"))
                }
            }
            None => pad.to_string(),
        };
        return (format!("{schema}://{auth}{pad}"), ww);
    }
    // key=value pairs; a value may be quoted ('a b', with \' and \\ escaped)
    let mut paren: Vec<String> = Vec::new();
    let mut tekens = url.chars().peekable();
    loop {
        while tekens.peek().is_some_and(|c| c.is_whitespace()) {
            tekens.next();
        }
        let Some(_) = tekens.peek() else { break };
        let mut paar = String::new();
        let mut quote = false;
        while let Some(c) = tekens.next() {
            match c {
                '\\' if quote => {
                    paar.push(c);
                    if let Some(d) = tekens.next() {
                        paar.push(d);
                    }
                }
                '\'' => {
                    quote = !quote;
                    paar.push(c);
                }
                c if c.is_whitespace() && !quote => break,
                c => paar.push(c),
            }
        }
        let sleutel = paar.split('=').next().unwrap_or("").trim();
        if sleutel != "password" {
            paren.push(paar);
        }
    }
    (paren.join(" "), ww)
}

/// Run a PostgreSQL client program; its own error text (English, from libpq) is passed on after
/// a Dutch line saying what failed.
fn pg_draai(naam: &str, args: &[std::ffi::OsString], url: &str, wat: &str) -> anyhow::Result<()> {
    let prog = pg_programma(naam)?;
    let (url, ww) = zonder_wachtwoord(url);
    let mut c = std::process::Command::new(&prog);
    c.args(args).arg(format!("--dbname={url}")).stdin(std::process::Stdio::null()).env_remove("LOKET_DATABASE_URL");
    if let Some(w) = ww {
        c.env("PGPASSWORD", w);
    }
    let out = c.output().map_err(|e| anyhow::anyhow!("{} niet te starten: {e}", prog.display()))?;
    if !out.status.success() {
        anyhow::bail!(
            "{wat} mislukt ({} gaf {}):\n{}",
            prog.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// The newest schema version this loket knows.
fn schema_nieuwste() -> i64 {
    i64::from(crate::store::pg::MIGRATIONS.last().map(|m| m.0).unwrap_or(0))
}

/// `loket backup DOEL` on a shared PostgreSQL database: `pg_dump --format=custom` into
/// `DOEL/loket.dump`, with the manifest (schema version, counts). The database is opened as a desk
/// opens it first (a schema this loket does not know is refused), and `wie` signs in.
pub fn backup_pg(
    dir: &Path,
    url: &str,
    doel: &Path,
    nu: NaiveDateTime,
    wie: impl FnOnce(&dyn Store) -> anyhow::Result<String>,
) -> anyhow::Result<String> {
    if !leeg(doel) {
        anyhow::bail!("{} bestaat al en is niet leeg; kies een nieuwe map voor de reservekopie", doel.display());
    }
    pg_programma("pg_dump")?;
    let store = crate::store::PgStore::connect(url)?;
    let wie = wie(&store)?;
    let mut p = Progress::fase("reservekopie: tellen", true);
    let (all, _) = migreer::read_all(&store)?;
    let t = migreer::Telling::van(&all);
    drop(all);
    private_dir(doel)?;
    let dump = doel.join(DUMP);
    p.zeg("reservekopie: pg_dump");
    let args: Vec<std::ffi::OsString> = vec![
        "--format=custom".into(),
        "--no-owner".into(),
        "--no-privileges".into(),
        format!("--file={}", dump.display()).into(),
    ];
    pg_draai("pg_dump", &args, url, "de reservekopie (pg_dump)")?;
    loket_base::platform::prive_bestand(&dump)?;
    p.finish();
    let mut manifest = toml::toml! {
        soort = "postgresql"
        loket = (env!("CARGO_PKG_VERSION"))
        commit = (env!("LOKET_COMMIT"))
        schemaversie = (schema_nieuwste())
        gemaakt = (nu.format("%Y-%m-%d %H:%M:%S").to_string())
        inhoud = (t.to_string())
    };
    if let Some(v) = sleutel_vingerafdruk() {
        manifest.insert("bsn_sleutel_vingerafdruk".into(), toml::Value::String(v));
    }
    schrijf_prive(&doel.join(MANIFEST), toml::to_string(&manifest)?.as_bytes())?;
    store.audit_append(&[Gebeurtenis::new(nu, &wie, Handeling::Geexporteerd, Onderwerp::Geen)
        .met_reden(&format!("reservekopie gemaakt (pg_dump): {t}"))])?;
    noteer(dir, nu, "postgresql", doel)?;
    Ok(format!(
        "Reservekopie gemaakt in {} (pg_dump, schemaversie {}): {t}.\nDe BSN-sleutel zit er niet in: bewaar die apart (loket sleutel exporteren BESTAND).\n",
        doel.display(),
        schema_nieuwste()
    ))
}

/// `loket herstel BRON --database URL [--vervang]`: a PostgreSQL backup made by [`backup_pg`]
/// restored with `pg_restore` into an empty database (with `--vervang` over loket's tables), in
/// one transaction. A dump of a newer schema than this loket knows is refused before anything
/// is touched.
pub fn herstel_pg(url: &str, bron: &Path, vervang: bool, wie: &str, nu: NaiveDateTime) -> anyhow::Result<String> {
    let m = lees_manifest(bron)?;
    let Some(versie) = m.schemaversie.filter(|_| m.soort.as_deref() == Some("postgresql")) else {
        anyhow::bail!(
            "{} is een reservekopie van de ingebouwde opslag; zet hem terug zonder --database (loket herstel {})",
            bron.display(),
            bron.display()
        );
    };
    if versie > schema_nieuwste() {
        anyhow::bail!(
            "deze reservekopie heeft schemaversie {versie}, nieuwer dan deze versie van loket kent ({}). Herstel met die nieuwere versie; er is niets veranderd",
            schema_nieuwste()
        );
    }
    let dump = bron.join(DUMP);
    if !dump.is_file() {
        anyhow::bail!("{} ontbreekt; dit is geen volledige reservekopie", dump.display());
    }
    pg_programma("pg_restore")?;
    let nu_in_db = crate::store::PgStore::schemaversie(url)?;
    if nu_in_db.is_some() && !vervang {
        anyhow::bail!(
            "de database heeft al gegevens van loket (schemaversie {}); herstel gaat naar een lege database (createdb), of gebruik --vervang om de huidige gegevens te vervangen (die gaan dan weg)",
            nu_in_db.unwrap_or(0)
        );
    }
    // --clean drops only what the dump holds: the tables of a newer schema would stay, with what
    // they hold, next to the restored ones
    if let Some(db) = nu_in_db.filter(|&db| i64::from(db) > versie) {
        anyhow::bail!(
            "de database heeft schemaversie {db}, nieuwer dan die van de reservekopie ({versie}); --vervang zou de tabellen van het nieuwere schema laten staan. Zet de reservekopie terug in een lege database (createdb); er is niets veranderd"
        );
    }
    let mut p = Progress::fase("herstel: pg_restore", true);
    let mut args: Vec<std::ffi::OsString> =
        vec!["--no-owner".into(), "--no-privileges".into(), "--exit-on-error".into(), "--single-transaction".into()];
    if vervang {
        args.extend(["--clean".into(), "--if-exists".into()]);
    }
    args.push(dump.into_os_string());
    pg_draai("pg_restore", &args, url, "het herstel (pg_restore)")?;
    if versie >= i64::from(crate::store::pg::MIGRATIE_ROLLEN_NA) {
        // the dump holds no owners or grants: the roles step gives them back
        crate::store::PgStore::rechten_herstellen(url)?;
    }
    p.zeg("herstel: controleren");
    let mut waarschuwing = String::new();
    if let Some(v) = &m.vingerafdruk {
        if sleutel_vingerafdruk().as_deref() != Some(v.as_str()) {
            waarschuwing = format!(
                "Let op: de BSN's in deze reservekopie zijn verzegeld met de sleutel {v}, en deze desk heeft een andere (of geen). Installeer die sleutel (loket sleutel installeren BESTAND) om ze te lezen.\n"
            );
        }
    }
    if versie < schema_nieuwste() {
        p.finish();
        return Ok(format!(
            "Hersteld uit de reservekopie van {} (schemaversie {versie}). Deze loket verwacht schemaversie {}: werk het schema bij met loket schema bijwerken --database ….\n{waarschuwing}",
            m.gemaakt,
            schema_nieuwste()
        ));
    }
    let store = crate::store::PgStore::connect(url)?;
    let (all, _) = migreer::read_all(&store)?;
    let t = migreer::Telling::van(&all);
    store.audit_append(&[Gebeurtenis::new(nu, wie, Handeling::Aangemaakt, Onderwerp::Geen)
        .met_reden(&format!("hersteld uit een reservekopie (pg_restore) van {}: {t}", m.gemaakt))])?;
    p.finish();
    Ok(format!("Hersteld in {} uit de reservekopie van {}: {t}.\n{waarschuwing}", store.describe(), m.gemaakt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_goes_apart() {
        assert_eq!(
            zonder_wachtwoord("postgres://loket:geheim@db:5432/loket?sslmode=require"),
            ("postgres://loket@db:5432/loket?sslmode=require".to_string(), Some("geheim".to_string()))
        );
        assert_eq!(zonder_wachtwoord("postgres://loket@db/loket"), ("postgres://loket@db/loket".to_string(), None));
        assert_eq!(
            zonder_wachtwoord("host=db password=geheim user=x"),
            ("host=db user=x".to_string(), Some("geheim".to_string()))
        );
        // as a parameter of the URL, percent-encoded, and quoted with a space
        assert_eq!(
            zonder_wachtwoord("postgres://loket@db/loket?password=geheim&sslmode=require"),
            ("postgres://loket@db/loket?sslmode=require".to_string(), Some("geheim".to_string()))
        );
        assert_eq!(
            zonder_wachtwoord("postgres://loket@db/loket?password=geheim"),
            ("postgres://loket@db/loket".to_string(), Some("geheim".to_string()))
        );
        assert_eq!(
            zonder_wachtwoord("postgres://loket:p%40ss@db/loket"),
            ("postgres://loket@db/loket".to_string(), Some("p@ss".to_string()))
        );
        assert_eq!(
            zonder_wachtwoord("host=db password='a b\\'c' user=x"),
            ("host=db user=x".to_string(), Some("a b'c".to_string()))
        );
    }

    #[test]
    fn a_missing_program_is_a_dutch_error() {
        let e = pg_programma("pg_bestaat_niet").unwrap_err().to_string();
        assert!(e.contains("niet gevonden") && e.contains("postgresql-client"), "{e}");
    }
}

//! `loket sleutel`: one BSN key for every desk of a shared database.
//!
//! The key itself stays on the desks (a 0600 file beside the config, or `LOKET_BSN_SLEUTEL`);
//! the database keeps only its fingerprint, so a desk can check at start that it has the key of
//! the database, and a desk with another key, or none, refuses to store a BSN instead of
//! sealing it with a key of its own. The functioneel beheerder makes the key once (`maken`),
//! carries it to each desk (`exporteren`, `installeren`), and re-seals BSNs stored under a desk's
//! own old key (`herverzegelen`).

use std::io::Write;
use std::path::Path;

use crate::store::sealing;
use crate::store::Store;

/// What the desk and the store say about the key, in Dutch lines.
pub fn status(store: &dyn Store, out: &mut dyn Write) -> anyhow::Result<bool> {
    let desk = sealing::desk_key(false).ok().map(|k| sealing::fingerprint(&k));
    let db = store.bsn_sleutel()?;
    let shown = |fp: Option<i64>| fp.map(sealing::fingerprint_text).unwrap_or_else(|| "geen".into());
    writeln!(out, "Sleutel van deze desk: {}", shown(desk))?;
    if !store.is_shared() {
        writeln!(
            out,
            "Ingebouwde opslag: de sleutel van deze pc is de sleutel (bewaar een kopie apart van de gegevens)."
        )?;
        return Ok(true);
    }
    writeln!(out, "Sleutel van de database: {}", shown(db))?;
    let ok = match (desk, db) {
        (Some(d), Some(b)) if d == b => {
            writeln!(out, "In orde: deze desk heeft de sleutel van de database.")?;
            true
        }
        (_, None) => {
            writeln!(out, "De database heeft nog geen sleutel: maak hem met `loket sleutel maken`.")?;
            false
        }
        (None, Some(_)) => {
            writeln!(
                out,
                "Deze desk heeft geen sleutel: installeer die van de database met `loket sleutel installeren BESTAND`."
            )?;
            false
        }
        (Some(_), Some(_)) => {
            writeln!(out, "Deze desk heeft een andere sleutel dan de database: installeer de juiste met `loket sleutel installeren BESTAND --vervang`.")?;
            false
        }
    };
    Ok(ok)
}

/// Make the key (when this desk has none) and register it with the shared store.
pub fn maken(store: &dyn Store, out: &mut dyn Write) -> anyhow::Result<()> {
    let db = store.bsn_sleutel()?;
    let existing = existing_key()?;
    if let (Some(db), Some(k)) = (db, existing) {
        anyhow::ensure!(
            sealing::fingerprint(&k) == db,
            "de database heeft al een andere sleutel ({}); installeer die met `loket sleutel installeren BESTAND --vervang`",
            sealing::fingerprint_text(db)
        );
    }
    anyhow::ensure!(
        db.is_none() || existing.is_some(),
        "de database heeft al een sleutel ({}); installeer die op deze desk met `loket sleutel installeren BESTAND`",
        sealing::fingerprint_text(db.unwrap_or_default())
    );
    let key = match existing {
        Some(k) => k,
        None => {
            let k = sealing::new_key();
            write_key_file(&k)?;
            k
        }
    };
    let fp = sealing::fingerprint(&key);
    if store.is_shared() {
        let in_effect = store.registreer_bsn_sleutel(fp)?;
        anyhow::ensure!(
            in_effect == Some(fp),
            "een andere desk meldde net een andere sleutel; probeer `loket sleutel`"
        );
        writeln!(out, "De sleutel van de database is {}.", sealing::fingerprint_text(fp))?;
        writeln!(
            out,
            "Zet hem op elke desk: `loket sleutel exporteren BESTAND` hier, `loket sleutel installeren BESTAND` daar."
        )?;
    } else {
        writeln!(out, "De sleutel van deze pc is {}.", sealing::fingerprint_text(fp))?;
    }
    Ok(())
}

/// Write this desk's key to `file` (0600), to be installed on another desk.
pub fn exporteren(file: &Path, out: &mut dyn Write) -> anyhow::Result<()> {
    let key = sealing::desk_key(false).map_err(anyhow::Error::msg)?;
    anyhow::ensure!(!file.exists(), "{} bestaat al; kies een nieuw bestand", file.display());
    crate::base::fs::write_private(file, format!("{}\n", sealing::key_text(&key)).as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    writeln!(
        out,
        "Sleutel {} geschreven naar {}. Breng het bestand naar de desk, installeer het daar en wis het daarna.",
        sealing::fingerprint_text(sealing::fingerprint(&key)),
        file.display()
    )?;
    Ok(())
}

/// Install the key in `file` on this desk, after checking it against the shared store.
pub fn installeren(store: &dyn Store, file: &Path, vervang: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let key = sealing::parse_key(&text)
        .ok_or_else(|| anyhow::anyhow!("{}: geen BSN-sleutel (verwacht 64 hexadecimale tekens)", file.display()))?;
    let fp = sealing::fingerprint(&key);
    if let Some(db) = store.bsn_sleutel()? {
        anyhow::ensure!(
            db == fp,
            "{}: dit is niet de sleutel van de database (bestand {}, database {})",
            file.display(),
            sealing::fingerprint_text(fp),
            sealing::fingerprint_text(db)
        );
    }
    if let Some(old) = existing_key()? {
        let old_fp = sealing::fingerprint_text(sealing::fingerprint(&old));
        anyhow::ensure!(
            old == key || vervang,
            "deze desk heeft al een andere sleutel ({old_fp}); --vervang zet de nieuwe ervoor in de plaats"
        );
        // the old key is kept beside it: BSNs sealed with it can still be re-sealed (`herverzegelen --oude`)
        if old != key {
            if let Some(path) = sealing::key_path().filter(|p| p.exists()) {
                let kept = path.with_file_name(format!("bsn.sleutel.{old_fp}.oud"));
                std::fs::rename(&path, &kept).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                writeln!(out, "De oude sleutel staat in {}.", kept.display())?;
            }
        }
    }
    write_key_file(&key)?;
    if store.is_shared() && store.bsn_sleutel()?.is_none() {
        store.registreer_bsn_sleutel(fp)?;
    }
    writeln!(out, "Sleutel {} geïnstalleerd op deze desk.", sealing::fingerprint_text(fp))?;
    if std::env::var_os("LOKET_BSN_SLEUTEL").is_some() {
        writeln!(out, "Let op: LOKET_BSN_SLEUTEL is gezet en gaat voor het bestand.")?;
    }
    Ok(())
}

/// Re-seal the BSNs that this desk can't open with its key but one of the `old` keys can.
pub fn herverzegelen(
    store: &dyn Store,
    old: &[std::path::PathBuf],
    wie: &str,
    now: chrono::NaiveDateTime,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut keys = Vec::new();
    for f in old {
        let text = std::fs::read_to_string(f).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?;
        keys.push(sealing::parse_key(&text).ok_or_else(|| anyhow::anyhow!("{}: geen BSN-sleutel", f.display()))?);
    }
    sealing::desk_key(false).map_err(anyhow::Error::msg)?;
    let mut changed = Vec::new();
    let mut unreadable = 0usize;
    for mut c in crate::store::contacts::all(store)? {
        let Some(sealed) = c.client.bsn.clone().filter(|b| b.starts_with(crate::domain::bsn::VERZEGELD)) else {
            continue;
        };
        match keys.iter().find_map(|k| sealing::open_with(&sealed, k)) {
            Some(plain) => {
                // written sealed with the desk's (the database's) key
                c.client.bsn = Some(plain);
                changed.push(c);
            }
            None => unreadable += 1,
        }
    }
    if !changed.is_empty() {
        use crate::store::audit::{Gebeurtenis, Handeling, Onderwerp};
        let log: Vec<Gebeurtenis> = changed
            .iter()
            .map(|c| {
                Gebeurtenis::new(now, wie, Handeling::Gecorrigeerd, Onderwerp::Contact(c.id))
                    .met_reden("BSN opnieuw verzegeld met de sleutel van de database")
            })
            .collect();
        store.overschrijf(&changed, &[], &log)?;
    }
    writeln!(out, "{} BSN('s) opnieuw verzegeld met de sleutel van de database.", changed.len())?;
    if unreadable > 0 {
        writeln!(out, "{unreadable} BSN('s) met geen van deze sleutels te openen: ongewijzigd gelaten.")?;
    }
    Ok(())
}

/// The desk's key if it has one; a key file that is there but can't be read is an error (never
/// taken for "no key", so it is never replaced unseen).
fn existing_key() -> anyhow::Result<Option<[u8; 32]>> {
    let there = std::env::var_os("LOKET_BSN_SLEUTEL").is_some() || sealing::key_path().is_some_and(|p| p.exists());
    if !there {
        return Ok(None);
    }
    sealing::desk_key(false).map(Some).map_err(anyhow::Error::msg)
}

fn write_key_file(key: &[u8; 32]) -> anyhow::Result<()> {
    let path = sealing::key_path().ok_or_else(|| anyhow::anyhow!("geen configuratiemap voor de BSN-sleutel"))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
    }
    crate::base::fs::write_private(&path, format!("{}\n", sealing::key_text(key)).as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    Ok(())
}

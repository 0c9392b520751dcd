//! The confirmation letter on paper: made from the store when asked, written to a private file
//! only to hand it to the system's browser or viewer, and removed again — after the viewer had
//! time to read it ([`State::brief_bewaren`](super::State::brief_bewaren)), at the end of loket,
//! and, for a file a crash left behind, at the next start ([`opruimen`]). So no letter with a
//! name stays on the desk. `loket inzage` lists such a file while it exists ([`van_dossier`]),
//! and erasure and the retention periods remove it.
//!
//! The files: `<data dir>/brieven/brief-<dossier>-<process>-<millis>.html`, 0600 in a 0700 folder.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The folder in the data directory.
pub const MAP: &str = "brieven";

/// How long the viewer gets to read the file before it is removed, when nothing else is set.
pub const BEWAREN_STANDAARD: Duration = Duration::from_secs(60);

/// A file at start older than this was left by a desk that ended without cleaning up.
pub const OUD_NA: Duration = Duration::from_secs(120);

fn naam(id: u64) -> String {
    let ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    format!("brief-{id}-{}-{ms}.html", std::process::id())
}

/// The least time a viewer gets to read a letter opened just before loket ends.
pub const MINSTE_LEESTIJD: Duration = Duration::from_secs(5);

/// At the end of loket: this process's letters removed, after a letter opened just before had
/// [`MINSTE_LEESTIJD`] to be read (so quitting right after opening does not empty the viewer).
pub fn opruimen_bij_einde(data_dir: &Path) -> usize {
    let eigen = std::process::id();
    let jongste = brieven(data_dir)
        .into_iter()
        .filter(|(_, _, pid)| *pid == eigen)
        .filter_map(|(p, _, _)| std::fs::metadata(p).and_then(|m| m.modified()).ok()?.elapsed().ok())
        .min();
    if let Some(leeftijd) = jongste {
        std::thread::sleep(MINSTE_LEESTIJD.saturating_sub(leeftijd));
    }
    opruimen(data_dir, None)
}

/// The dossier and process of a letter's file name, when it is one (also the `.tmp` a crash
/// while writing it leaves, so that one is listed and removed as well).
fn ontleed(bestand: &str) -> Option<(u64, u32)> {
    let rest = bestand.strip_prefix("brief-")?;
    let rest = rest.strip_suffix(".html").or_else(|| rest.strip_suffix(".tmp"))?;
    let mut delen = rest.split('-');
    let id = delen.next()?.parse().ok()?;
    let pid = delen.next()?.parse().ok()?;
    Some((id, pid))
}

fn brieven(data_dir: &Path) -> Vec<(PathBuf, u64, u32)> {
    let Ok(rd) = std::fs::read_dir(data_dir.join(MAP)) else { return Vec::new() };
    let mut out: Vec<(PathBuf, u64, u32)> = rd
        .flatten()
        .filter_map(|e| {
            let n = e.file_name();
            let (id, pid) = ontleed(n.to_str()?)?;
            Some((e.path(), id, pid))
        })
        .collect();
    out.sort();
    out
}

/// Write `html` (the letter of dossier `id`) to a private file, open it with the system's viewer
/// (or `opener`), and remove it after `bewaren`. Returns the Dutch error when it can't be written
/// or opened (then nothing is left).
pub fn schrijf_en_open(
    data_dir: &Path,
    id: u64,
    html: &str,
    opener: Option<&str>,
    bewaren: Duration,
) -> Result<PathBuf, String> {
    if data_dir.as_os_str().is_empty() {
        return Err("er is geen gegevensmap om de brief tijdelijk in te zetten".into());
    }
    let map = data_dir.join(MAP);
    std::fs::create_dir_all(&map)
        .and_then(|_| loket_base::platform::prive_map(&map))
        .map_err(|e| format!("map {} niet aan te maken: {e}", map.display()))?;
    let pad = map.join(naam(id));
    loket_base::fs::write_private(&pad, html.as_bytes())
        .map_err(|e| format!("brief niet te schrijven in {}: {e}", map.display()))?;
    if let Err(e) = loket_base::platform::openen_met_systeem(&pad, opener) {
        let _ = std::fs::remove_file(&pad);
        let wie = opener.map(str::trim).filter(|o| !o.is_empty()).unwrap_or("het systeem");
        return Err(format!(
            "de brief is niet te openen met {wie} ({e}); stel een programma in met brief_openen_met in config.toml of LOKET_OPENER"
        ));
    }
    let weg = pad.clone();
    std::thread::spawn(move || {
        std::thread::sleep(bewaren);
        let _ = std::fs::remove_file(&weg);
    });
    Ok(pad)
}

/// Remove the letters in the data directory: those of this process (`ouder_dan` None: at the end
/// of loket), or every one older than `ouder_dan` (at start: what a crash left). Returns how many.
pub fn opruimen(data_dir: &Path, ouder_dan: Option<Duration>) -> usize {
    let eigen = std::process::id();
    let mut n = 0;
    for (pad, _, pid) in brieven(data_dir) {
        let weg = match ouder_dan {
            None => pid == eigen,
            Some(d) => std::fs::metadata(&pad)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|leeftijd| leeftijd >= d),
        };
        if weg && std::fs::remove_file(&pad).is_ok() {
            n += 1;
        }
    }
    n
}

/// The letters of dossier `id` that exist right now (for inzage and erasure).
pub fn van_dossier(data_dir: &Path, id: u64) -> Vec<PathBuf> {
    brieven(data_dir).into_iter().filter(|(_, d, _)| *d == id).map(|(p, _, _)| p).collect()
}

/// Every letter file that exists right now (for the retention periods).
pub fn alle(data_dir: &Path) -> Vec<PathBuf> {
    brieven(data_dir).into_iter().map(|(p, _, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_parsed_and_only_letters_are_touched() {
        assert_eq!(ontleed("brief-12-345-1700000000000.html"), Some((12, 345)));
        assert_eq!(ontleed("afspraak-12.txt"), None);
        // what a crash while writing leaves (write_private's temporary file)
        assert_eq!(ontleed("brief-12-345-1700000000000.tmp"), Some((12, 345)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(MAP)).unwrap();
        std::fs::write(dir.path().join(MAP).join("anders.txt"), "x").unwrap();
        std::fs::write(dir.path().join(MAP).join(naam(4)), "x").unwrap();
        std::fs::write(dir.path().join(MAP).join("brief-5-1-1.html"), "x").unwrap();
        assert_eq!(van_dossier(dir.path(), 4).len(), 1);
        assert_eq!(alle(dir.path()).len(), 2);
        // at the end: only this process's own
        assert_eq!(opruimen(dir.path(), None), 1);
        // at start: what is old enough
        assert_eq!(opruimen(dir.path(), Some(Duration::from_secs(3600))), 0);
        assert_eq!(opruimen(dir.path(), Some(Duration::ZERO)), 1);
        assert!(dir.path().join(MAP).join("anders.txt").exists());
    }

    #[test]
    fn a_letter_that_cannot_be_opened_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let e = schrijf_en_open(dir.path(), 1, "<p>x</p>", Some("/bestaat/niet"), Duration::from_secs(60)).unwrap_err();
        assert!(e.contains("/bestaat/niet") && e.contains("brief_openen_met"), "{e}");
        assert!(alle(dir.path()).is_empty());
    }

    #[test]
    fn the_letter_is_removed_after_the_viewer_had_its_time() {
        let dir = tempfile::tempdir().unwrap();
        let p = schrijf_en_open(dir.path(), 1, "<p>x</p>", Some("true"), Duration::from_millis(100)).unwrap();
        assert!(p.exists());
        for _ in 0..100 {
            if !p.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        assert!(!p.exists() && alle(dir.path()).is_empty());
    }
}

//! `loket inzage`: the rights of the person (AVG art. 15, 16, 17). Finds one person by name,
//! phone or BSN (the BSN is compared after unsealing, as the store returns it) and:
//! - writes everything loket holds about them (contacts, dossiers, notes, appointments) to a
//!   readable 0600 file in `inzage/` of the data directory (art. 15);
//! - `--wis --reden R`: erases them (art. 17): every field that names them is emptied in one
//!   transaction with its audit entries, the store compacted and their appointment files removed;
//!   the anonymous counts of the report stay;
//! - `--corrigeer VELD=WAARDE --reden R`: rectifies one field (art. 16).
//!
//! Only counts and file names are printed, never the personal data itself.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::domain::bewaren;
use crate::domain::case::Case;
use crate::domain::contact::Contact;
use crate::store::audit::{Gebeurtenis, Handeling, Onderwerp};
use crate::store::Store;

fn cijfers(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_digit()).collect()
}

fn zelfde_naam(a: &str, b: &str) -> bool {
    let f = |s: &str| crate::search::text::fold(s).split_whitespace().collect::<Vec<_>>().join(" ");
    !a.trim().is_empty() && f(a) == f(b)
}

/// Does `term` (a name, a phone number or a BSN) name this person?
pub fn past(term: &str, naam: &str, telefoon: &str, bsn: Option<&str>) -> bool {
    let d = cijfers(term);
    if d.len() >= 6 && d.len() == term.chars().filter(|c| c.is_ascii_alphanumeric()).count() {
        // digits only: a phone number or a BSN
        return (!telefoon.is_empty() && cijfers(telefoon) == d) || bsn.is_some_and(|b| cijfers(b) == d);
    }
    zelfde_naam(term, naam)
}

/// Everything about one person: their contacts, and the dossiers of those contacts or naming
/// them.
#[derive(Debug, Clone, Default)]
pub struct Gevonden {
    pub contacten: Vec<Contact>,
    pub dossiers: Vec<Case>,
}

pub fn zoek(store: &dyn Store, term: &str) -> anyhow::Result<Gevonden> {
    let term = term.trim();
    anyhow::ensure!(!term.is_empty(), "geef een naam, telefoonnummer of BSN");
    let contacten: Vec<Contact> = store
        .contacts()?
        .value
        .into_iter()
        .filter(|c| past(term, &c.client.naam, &c.client.telefoon, c.client.bsn.as_deref()))
        .collect();
    let dossiers = store
        .cases()?
        .value
        .into_iter()
        .filter(|k| {
            contacten.iter().any(|c| c.id == k.contact_id)
                || k.client.as_ref().is_some_and(|g| past(term, &g.naam, &g.telefoon, g.bsn.as_deref()))
        })
        .collect();
    Ok(Gevonden { contacten, dossiers })
}

fn regel(s: &mut String, label: &str, waarde: &str) {
    if !waarde.trim().is_empty() {
        s.push_str(&format!("  {label:<22}{waarde}\n"));
    }
}

/// The readable text of an inzage.
pub fn tekst(g: &Gevonden, now: NaiveDateTime) -> String {
    let mut s = format!(
        "Inzage persoonsgegevens (AVG art. 15) — opgesteld {}\n{} contacten, {} dossiers\n\n",
        now.format("%d-%m-%Y %H:%M"),
        g.contacten.len(),
        g.dossiers.len()
    );
    for c in &g.contacten {
        s.push_str(&format!("Contact {} — {} via {}\n", c.id, c.start.format("%d-%m-%Y %H:%M"), c.kanaal.label()));
        regel(&mut s, "Naam", &c.client.naam);
        regel(&mut s, "Telefoon", &c.client.telefoon);
        regel(&mut s, "BSN", c.client.bsn.as_deref().unwrap_or(""));
        regel(&mut s, "Geboortejaar", &c.client.geboortejaar.map(|j| j.to_string()).unwrap_or_default());
        regel(&mut s, "Gemeente", &c.client.gemeente);
        regel(&mut s, "Wijk", &c.client.wijk);
        regel(&mut s, "Taal", &c.client.taal);
        regel(&mut s, "Vraag", &c.vraag);
        regel(&mut s, "Vrager", c.vrager.label());
        regel(&mut s, "Afhandeling", c.afhandeling.as_ref().map(|a| a.label()).unwrap_or(""));
        regel(&mut s, "Medewerker", &c.medewerker);
        for v in &c.signaalvragen {
            let soort = crate::domain::danger::Soort::from_code(&v.soort).map_or(v.soort.as_str(), |s| s.label());
            let antwoord = if v.ja { "ja" } else { "nee" };
            regel(&mut s, "Doorgevraagd", &format!("{soort} ('{}'): {antwoord}", v.gevonden));
        }
        for l in &c.links {
            regel(&mut s, "Verwijzing", &l.naam);
        }
        s.push('\n');
    }
    for k in &g.dossiers {
        s.push_str(&format!(
            "Dossier {} — aangemaakt {} (contact {})\n",
            k.id,
            k.aangemaakt.format("%d-%m-%Y"),
            k.contact_id
        ));
        regel(&mut s, "Route", k.route.label());
        regel(&mut s, "Stap", k.stap.label());
        regel(&mut s, "Samenvatting", &k.samenvatting.replace('\n', " / "));
        if let Some(a) = &k.afspraak {
            regel(&mut s, "Afspraak", &format!("{} {}", a.start.format("%d-%m-%Y %H:%M"), a.locatie));
        }
        if let Some(g) = &k.client {
            regel(&mut s, "Naam", &g.naam);
            regel(&mut s, "Telefoon", &g.telefoon);
        }
        for n in &k.notities {
            regel(&mut s, &format!("Notitie {}", n.op.format("%d-%m-%Y")), &n.tekst);
        }
        for x in &k.signalen {
            regel(&mut s, &format!("Signaal {}", x.datum.format("%d-%m-%Y")), &x.tekst);
        }
        s.push('\n');
    }
    s.push_str("Volledige gegevens zoals opgeslagen (JSON):\n");
    for c in &g.contacten {
        s.push_str(&serde_json::to_string_pretty(c).unwrap_or_default());
        s.push('\n');
    }
    for k in &g.dossiers {
        s.push_str(&serde_json::to_string_pretty(k).unwrap_or_default());
        s.push('\n');
    }
    s
}

fn log_voor(g: &Gevonden, now: NaiveDateTime, wie: &str, h: Handeling, reden: &str) -> Vec<Gebeurtenis> {
    g.contacten
        .iter()
        .map(|c| Onderwerp::Contact(c.id))
        .chain(g.dossiers.iter().map(|k| Onderwerp::Dossier(k.id)))
        .map(|o| Gebeurtenis::new(now, wie, h.clone(), o).met_reden(reden))
        .collect()
}

/// Art. 15: write the inzage file; returns its path.
pub fn inzage(
    store: &dyn Store,
    dir: &Path,
    term: &str,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<(PathBuf, Gevonden)> {
    let g = zoek(store, term)?;
    anyhow::ensure!(
        !g.contacten.is_empty() || !g.dossiers.is_empty(),
        "niemand gevonden met deze naam, dit telefoonnummer of dit BSN"
    );
    let map = dir.join("inzage");
    std::fs::create_dir_all(&map)?;
    let file = map.join(format!("inzage-{}.txt", now.format("%Y%m%d-%H%M%S")));
    crate::app::run::write_private(&file, tekst(&g, now).as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", file.display(), e.kind()))?;
    store.audit_append(&log_voor(&g, now, wie, Handeling::Geexporteerd, "inzage (AVG art. 15)"))?;
    Ok((file, g))
}

/// Art. 17: erase everything that names the person; the anonymous counts stay.
pub fn wis(
    store: &dyn Store,
    dir: &Path,
    term: &str,
    reden: &str,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Gevonden> {
    anyhow::ensure!(!reden.trim().is_empty(), "--reden is verplicht bij wissen (zonder namen)");
    let mut g = zoek(store, term)?;
    anyhow::ensure!(
        !g.contacten.is_empty() || !g.dossiers.is_empty(),
        "niemand gevonden met deze naam, dit telefoonnummer of dit BSN"
    );
    // earlier inzage files of this person go too
    let mut kenmerken: Vec<String> = Vec::new();
    for c in &g.contacten {
        kenmerken.extend([c.client.naam.clone(), c.client.telefoon.clone()]);
        kenmerken.extend(c.client.bsn.clone());
    }
    for k in &g.dossiers {
        if let Some(cl) = &k.client {
            kenmerken.extend([cl.naam.clone(), cl.telefoon.clone()]);
        }
    }
    kenmerken.retain(|k| k.trim().chars().count() >= 3);
    if let Ok(rd) = std::fs::read_dir(dir.join("inzage")) {
        for e in rd.flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            if kenmerken.iter().any(|k| text.contains(k.as_str())) {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    for c in &mut g.contacten {
        bewaren::anonimiseer_contact(c);
    }
    for k in &mut g.dossiers {
        bewaren::anonimiseer_dossier(k);
    }
    let log = log_voor(&g, now, wie, Handeling::Gewist, &format!("wissen (AVG art. 17): {}", reden.trim()));
    store.overschrijf(&g.contacten, &g.dossiers, &log)?;
    for k in &g.dossiers {
        for ext in ["txt", "ics"] {
            let _ = std::fs::remove_file(dir.join("afspraken").join(format!("afspraak-{}.{ext}", k.id)));
        }
    }
    store.compacteer()?;
    Ok(g)
}

/// Art. 16: set one field (naam, telefoon, bsn, geboortejaar, gemeente, wijk, taal) of every
/// record of the person.
pub fn corrigeer(
    store: &dyn Store,
    term: &str,
    veld_waarde: &str,
    reden: &str,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Gevonden> {
    anyhow::ensure!(!reden.trim().is_empty(), "--reden is verplicht bij corrigeren (zonder namen)");
    let (veld, waarde) = veld_waarde
        .split_once('=')
        .ok_or_else(|| anyhow::anyhow!("--corrigeer: schrijf VELD=WAARDE, bijvoorbeeld telefoon=0612345678"))?;
    let (veld, waarde) = (veld.trim(), waarde.trim());
    let mut g = zoek(store, term)?;
    anyhow::ensure!(
        !g.contacten.is_empty() || !g.dossiers.is_empty(),
        "niemand gevonden met deze naam, dit telefoonnummer of dit BSN"
    );
    let bsn = if veld == "bsn" {
        Some(crate::domain::bsn::validate(waarde).map_err(|e| anyhow::anyhow!("--corrigeer bsn: {e}"))?)
    } else {
        None
    };
    let jaar = if veld == "geboortejaar" {
        Some(waarde.parse::<u16>().map_err(|_| anyhow::anyhow!("--corrigeer geboortejaar: verwacht een jaartal"))?)
    } else {
        None
    };
    let zet = |c: &mut crate::domain::contact::ClientGegevens, met_bsn: bool| -> anyhow::Result<()> {
        match veld {
            "naam" => c.naam = waarde.to_string(),
            "telefoon" => c.telefoon = waarde.to_string(),
            "gemeente" => c.gemeente = waarde.to_string(),
            "wijk" => c.wijk = waarde.to_string(),
            "taal" => c.taal = waarde.to_string(),
            "geboortejaar" => c.geboortejaar = jaar,
            "bsn" if met_bsn => c.bsn = bsn.clone(),
            "bsn" => {}
            other => anyhow::bail!(
                "--corrigeer: onbekend veld '{other}' (naam, telefoon, bsn, geboortejaar, gemeente, wijk, taal)"
            ),
        }
        Ok(())
    };
    for c in &mut g.contacten {
        zet(&mut c.client, true)?;
    }
    for k in &mut g.dossiers {
        if let Some(cl) = &mut k.client {
            // a dossier never holds the BSN
            zet(cl, false)?;
        }
    }
    let log = log_voor(
        &g,
        now,
        wie,
        Handeling::Gecorrigeerd,
        &format!("{veld} gecorrigeerd (AVG art. 16): {}", reden.trim()),
    );
    store.overschrijf(&g.contacten, &g.dossiers, &log)?;
    // the old value must not stay on disk either
    store.compacteer()?;
    Ok(g)
}

/// `loket inzage [--wis | --corrigeer VELD=WAARDE] [--reden R]`: the person's name, phone or BSN
/// is read from stdin (one line), so it stays out of the shell history and the process list.
pub fn cli(
    store: &dyn Store,
    dir: &Path,
    wis_: bool,
    corrigeer_: Option<&str>,
    reden: Option<&str>,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<std::process::ExitCode> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("Naam, telefoonnummer of BSN van de persoon: ");
    }
    let mut term = String::new();
    std::io::stdin().lock().read_line(&mut term)?;
    let mut out = std::io::stdout().lock();
    if wis_ {
        let g = wis(store, dir, &term, reden.unwrap_or(""), wie, now)?;
        writeln!(
            out,
            "Gewist: persoonsgegevens uit {} contacten en {} dossiers; de anonieme aantallen blijven.",
            g.contacten.len(),
            g.dossiers.len()
        )?;
    } else if let Some(vw) = corrigeer_ {
        let g = corrigeer(store, &term, vw, reden.unwrap_or(""), wie, now)?;
        writeln!(out, "Gecorrigeerd in {} contacten en {} dossiers.", g.contacten.len(), g.dossiers.len())?;
    } else {
        let (file, g) = inzage(store, dir, &term, wie, now)?;
        writeln!(
            out,
            "Inzage geschreven naar {} ({} contacten, {} dossiers; alleen voor u leesbaar).",
            file.display(),
            g.contacten.len(),
            g.dossiers.len()
        )?;
    }
    Ok(std::process::ExitCode::SUCCESS)
}

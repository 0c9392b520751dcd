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
    /// The plans of those dossiers.
    pub plannen: Vec<crate::domain::leefplan::Plan>,
    /// The follow-ups of their desk referrals.
    pub opvolgingen: Vec<crate::domain::opvolging::Verwijzingsopvolging>,
    /// Files on this PC that hold their data: appointment files of their dossiers, recovery
    /// files of their contacts (`herstel/`) and earlier inzage files.
    pub bestanden: Vec<PathBuf>,
    /// The backups made from this data directory (`loket backup`, see
    /// [`crate::commands::reservekopie::gemaakt`]): they may hold the person's data, and erasure
    /// can't reach them.
    pub reservekopieen: Vec<String>,
    /// Erasure: files that hold their data and could not be removed (path, why).
    pub niet_verwijderd: Vec<(PathBuf, String)>,
    /// After erasure: the open dossiers closed, with the appointment cancelled (if any) and
    /// the file of the cancellation for the supporter.
    pub gesloten: Vec<Gesloten>,
}

/// An open dossier of an erased person: closed, its appointment cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gesloten {
    pub dossier: u64,
    /// The appointment that was cancelled, with the supporter's name and the .ics written (none
    /// when the supporter is not in the store).
    pub afgezegd: Option<(crate::domain::slots::Slot, String, Option<PathBuf>)>,
}

/// What names the person, to find them in files: names, phone numbers, BSNs (3+ characters).
fn kenmerken(g: &Gevonden) -> Vec<String> {
    let mut k: Vec<String> = Vec::new();
    for c in &g.contacten {
        k.extend([c.client.naam.clone(), c.client.telefoon.clone()]);
        k.extend(c.client.bsn.clone());
    }
    for d in &g.dossiers {
        if let Some(cl) = &d.client {
            k.extend([cl.naam.clone(), cl.telefoon.clone()]);
        }
    }
    k.retain(|x| x.trim().chars().count() >= 3);
    k
}

/// The files in the data directory `dir` that hold the person's data.
pub fn bestanden(dir: &Path, g: &Gevonden) -> Vec<PathBuf> {
    let kenmerken = kenmerken(g);
    let noemt = |p: &Path| {
        let text = std::fs::read_to_string(p).unwrap_or_default();
        kenmerken.iter().any(|k| text.contains(k.as_str()))
    };
    let mut out = Vec::new();
    for k in &g.dossiers {
        // the .txt: a confirmation written by versions before the letter
        for ext in ["txt", "ics"] {
            let p = dir.join("afspraken").join(format!("afspraak-{}.{ext}", k.id));
            if p.exists() {
                out.push(p);
            }
        }
        // a confirmation letter that a browser is reading right now (or a crashed desk left)
        out.extend(crate::app::brief::van_dossier(dir, k.id));
    }
    // printed monthly overviews of their plans not yet removed
    if let Ok(rd) = std::fs::read_dir(dir.join(crate::overzicht::MAP)) {
        for e in rd.flatten() {
            let naam = e.file_name().to_string_lossy().to_string();
            if g.dossiers.iter().any(|k| crate::overzicht::is_bestand_van(&naam, k.id)) || noemt(&e.path()) {
                out.push(e.path());
            }
        }
    }
    let ids: Vec<u64> = g.contacten.iter().map(|c| c.id).collect();
    if let Ok(rd) = std::fs::read_dir(dir.join(crate::app::herstel::MAP)) {
        for e in rd.flatten() {
            let p = e.path();
            let van = std::fs::read(&p)
                .ok()
                .and_then(|b| serde_json::from_slice::<crate::app::herstel::Herstel>(&b).ok())
                .is_some_and(|h| ids.contains(&h.contact.id));
            if van || noemt(&p) {
                out.push(p);
            }
        }
    }
    if let Ok(rd) = std::fs::read_dir(dir.join("inzage")) {
        for e in rd.flatten() {
            if noemt(&e.path()) {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
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
        .collect::<Vec<Case>>();
    let plannen =
        store.plannen()?.value.into_iter().filter(|p| dossiers.iter().any(|k| k.id == p.dossier_id)).collect();
    let opvolgingen =
        store.opvolgingen()?.value.into_iter().filter(|v| contacten.iter().any(|c| c.id == v.contact_id)).collect();
    Ok(Gevonden { contacten, dossiers, plannen, opvolgingen, ..Default::default() })
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
        let bsn = c.client.bsn.as_deref().unwrap_or("");
        // sealed with a key this desk does not have: said, never printed as ciphertext
        let bsn = if bsn.starts_with(crate::domain::bsn::VERZEGELD) { "onleesbaar (andere BSN-sleutel)" } else { bsn };
        regel(&mut s, "BSN", bsn);
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
    for p in &g.plannen {
        s.push_str(&format!("Leefplan bij dossier {} — consulent {}\n", p.dossier_id, p.consulent));
        if let Some(gk) = &p.goedkeuring {
            regel(
                &mut s,
                "Goedgekeurd",
                &format!("{} door {} en {}", gk.datum.format("%d-%m-%Y"), gk.client, gk.consulent),
            );
        }
        for o in &p.onderdelen {
            regel(
                &mut s,
                &format!("Onderdeel {}", o.nr),
                &format!(
                    "{} ({}, {}, {}), vanaf {}",
                    o.naam,
                    o.aanbieder,
                    o.wet.label(),
                    o.vorm.label(),
                    o.start.format("%d-%m-%Y")
                ),
            );
            regel(&mut s, "  Hoe vaak", &o.hoe_vaak);
            regel(&mut s, "  Resultaat", &o.resultaat);
            regel(&mut s, "  Opvolging", &o.opvolging.samenvatting());
            if let Some(e) = &o.evaluatie {
                regel(&mut s, "  Evaluatie", &format!("{} {}", e.resultaat.label(), e.notitie));
            }
            for x in &o.signalen {
                regel(&mut s, &format!("  Signaal {}", x.datum.format("%d-%m-%Y")), &x.tekst);
            }
        }
        for w in &p.historie {
            regel(
                &mut s,
                &format!("Wijziging {}", w.op.format("%d-%m-%Y")),
                &format!("{} ({}; {})", w.wat, w.door, w.waarom),
            );
        }
        s.push('\n');
    }
    for v in &g.opvolgingen {
        s.push_str(&format!("Opvolging van de verwijzing in contact {} naar {}\n", v.contact_id, v.naar));
        regel(&mut s, "Stand", &v.opvolging.samenvatting());
        s.push('\n');
    }
    if !g.bestanden.is_empty() {
        s.push_str("Bestanden op deze pc met deze gegevens:\n");
        for b in &g.bestanden {
            s.push_str(&format!("  {}\n", b.display()));
        }
        s.push('\n');
    }
    if !g.reservekopieen.is_empty() {
        s.push_str("Reservekopieën die deze gegevens kunnen bevatten (loket backup; wissen bereikt ze niet, de functioneel beheerder vernietigt ze volgens het bewaarbeleid):\n");
        for r in &g.reservekopieen {
            s.push_str(&format!("  {r}\n"));
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
    for p in &g.plannen {
        s.push_str(&serde_json::to_string_pretty(p).unwrap_or_default());
        s.push('\n');
    }
    for v in &g.opvolgingen {
        s.push_str(&serde_json::to_string_pretty(v).unwrap_or_default());
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
    let mut g = zoek(store, term)?;
    anyhow::ensure!(
        !g.contacten.is_empty() || !g.dossiers.is_empty(),
        "niemand gevonden met deze naam, dit telefoonnummer of dit BSN"
    );
    g.bestanden = bestanden(dir, &g);
    g.reservekopieen = crate::commands::reservekopie::gemaakt(dir);
    let map = dir.join("inzage");
    std::fs::create_dir_all(&map)?;
    let file = map.join(format!("inzage-{}.txt", now.format("%Y%m%d-%H%M%S")));
    crate::app::run::write_private(&file, tekst(&g, now).as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", file.display(), e.kind()))?;
    store.audit_append(&log_voor(&g, now, wie, Handeling::Geexporteerd, "inzage (AVG art. 15)"))?;
    Ok((file, g))
}

/// Who writes the calendar files of this store: the loket's domain and the store, as the desk
/// program names them (so a cancellation replaces the supporter's event).
pub fn afzender(store: &dyn Store, dir: &Path, domein: Option<&str>) -> crate::domain::ics::Afzender {
    let bron = if store.is_shared() {
        let d = store.describe();
        d.split(" (gebruiker").next().unwrap_or(&d).to_string()
    } else {
        dir.display().to_string()
    };
    crate::domain::ics::Afzender::new(domein, &bron)
}

/// Art. 17: erase everything that names the person; the anonymous counts stay. (Calendar files
/// named as by a loket without a configured domain; see [`wis_met`].)
pub fn wis(
    store: &dyn Store,
    dir: &Path,
    term: &str,
    reden: &str,
    wie: &str,
    now: NaiveDateTime,
) -> anyhow::Result<Gevonden> {
    wis_met(store, dir, term, reden, wie, now, &afzender(store, dir, None))
}

/// Art. 17, as [`wis`]: an open dossier of the person does not stay in the queue with its
/// appointment. Its appointment is cancelled (the supporter's time is free again, and the
/// cancellation .ics for the supporter is written, without any personal data), the dossier is
/// closed with a note saying why; then everything that names the person is erased.
pub fn wis_met(
    store: &dyn Store,
    dir: &Path,
    term: &str,
    reden: &str,
    wie: &str,
    now: NaiveDateTime,
    afzender: &crate::domain::ics::Afzender,
) -> anyhow::Result<Gevonden> {
    anyhow::ensure!(!reden.trim().is_empty(), "--reden is verplicht bij wissen (zonder namen)");
    let mut g = zoek(store, term)?;
    anyhow::ensure!(
        !g.contacten.is_empty() || !g.dossiers.is_empty(),
        "niemand gevonden met deze naam, dit telefoonnummer of dit BSN"
    );
    // earlier inzage files, recovery files and appointment files of this person go too (found
    // now, while the store still names them; removed once the store is erased)
    g.bestanden = bestanden(dir, &g);
    g.reservekopieen = crate::commands::reservekopie::gemaakt(dir);
    // Open dossiers: the appointment cancelled first, in the store's own transaction.
    let mut gesloten = Vec::new();
    for k in g.dossiers.iter_mut().filter(|k| k.is_open()) {
        let mut afgezegd = None;
        if let Some(slot) = k.afspraak.clone() {
            match store.rebook(k, None)? {
                crate::store::BookResult::Booked(stored) => *k = *stored,
                crate::store::BookResult::Taken => anyhow::bail!("dossier {}: de afspraak is niet af te zeggen", k.id),
            }
            afgezegd = Some(slot);
        }
        gesloten.push((k.id, afgezegd));
    }
    for c in &mut g.contacten {
        bewaren::anonimiseer_contact(c);
    }
    for k in &mut g.dossiers {
        bewaren::anonimiseer_dossier(k);
        if let Some((_, afgezegd)) = gesloten.iter().find(|(id, _)| *id == k.id) {
            k.stap = crate::domain::case::Stap::Afgesloten;
            k.bijgewerkt_door = wie.to_string();
            let afspraak = match afgezegd {
                Some(s) => format!(", de afspraak van {} afgezegd", s.start.format("%d-%m-%Y %H:%M")),
                None => String::new(),
            };
            k.add_note(now, &format!("gesloten: de persoonsgegevens zijn gewist (AVG art. 17){afspraak}"));
        }
    }
    for p in &mut g.plannen {
        bewaren::anonimiseer_plan(p);
    }
    for v in &mut g.opvolgingen {
        bewaren::anonimiseer_opvolging(v);
    }
    let log = log_voor(&g, now, wie, Handeling::Gewist, &format!("wissen (AVG art. 17): {}", reden.trim()));
    store.overschrijf_met_plannen(&g.contacten, &g.dossiers, &g.plannen, &g.opvolgingen, &log)?;
    for p in &g.bestanden {
        match std::fs::remove_file(p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => g.niet_verwijderd.push((p.clone(), e.kind().to_string())),
        }
    }
    // The supporter is told: the cancellation of the event in their calendar (no personal data:
    // the dossier is anonymised by now).
    let ondersteuners = store.ondersteuners().map(|l| l.value).unwrap_or_default();
    let stamp = chrono::Utc::now().naive_utc();
    for (id, afgezegd) in gesloten {
        let Some(k) = g.dossiers.iter().find(|k| k.id == id) else { continue };
        let afgezegd = match afgezegd {
            Some(slot) => {
                let ond = ondersteuners.iter().find(|o| o.id == slot.ondersteuner_id);
                let naam = ond.map(|o| o.naam.clone()).unwrap_or_else(|| slot.ondersteuner_id.clone());
                // the cancellation file is written only for a supporter the store knows
                let file = match ond {
                    Some(ond) => {
                        let file = dir.join("afspraken").join(format!("afspraak-{id}.ics"));
                        std::fs::create_dir_all(dir.join("afspraken"))?;
                        crate::app::run::write_private(&file, afzender.afzegging_ics(k, &slot, ond, stamp).as_bytes())
                            .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", file.display(), e.kind()))?;
                        Some(file)
                    }
                    None => None,
                };
                Some((slot, naam, file))
            }
            None => None,
        };
        g.gesloten.push(Gesloten { dossier: id, afgezegd });
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
#[allow(clippy::too_many_arguments)]
pub fn cli(
    store: &dyn Store,
    dir: &Path,
    wis_: bool,
    corrigeer_: Option<&str>,
    reden: Option<&str>,
    wie: &str,
    now: NaiveDateTime,
    domein: Option<&str>,
) -> anyhow::Result<std::process::ExitCode> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("Naam, telefoonnummer of BSN van de persoon: ");
    }
    let mut term = String::new();
    std::io::stdin().lock().read_line(&mut term)?;
    let mut out = std::io::stdout().lock();
    if wis_ {
        let g = wis_met(store, dir, &term, reden.unwrap_or(""), wie, now, &afzender(store, dir, domein))?;
        // "Gewist" only when every copy this command knows of is gone; what it can't reach is named
        let bestanden = g.bestanden.len() - g.niet_verwijderd.len();
        if g.niet_verwijderd.is_empty() {
            writeln!(
                out,
                "Gewist: persoonsgegevens uit {} contacten en {} dossiers en {bestanden} bestanden op deze pc; de anonieme aantallen blijven.",
                g.contacten.len(),
                g.dossiers.len()
            )?;
        } else {
            writeln!(
                out,
                "Niet alles gewist: persoonsgegevens uit {} contacten en {} dossiers en {bestanden} bestanden zijn gewist, maar deze bestanden niet:",
                g.contacten.len(),
                g.dossiers.len()
            )?;
            for (p, why) in &g.niet_verwijderd {
                writeln!(out, "  {} ({why})", p.display())?;
            }
        }
        for k in &g.gesloten {
            match &k.afgezegd {
                Some((slot, naam, Some(file))) => writeln!(
                    out,
                    "Dossier {}: gesloten; de afspraak van {} is afgezegd. Stuur {} de afzegging: {}",
                    k.dossier,
                    slot.start.format("%d-%m-%Y %H:%M"),
                    naam,
                    file.display()
                )?,
                Some((slot, naam, None)) => writeln!(
                    out,
                    "Dossier {}: gesloten; de afspraak van {} is afgezegd. Laat {} het weten (geen agendabestand: de ondersteuner staat niet in de opslag).",
                    k.dossier,
                    slot.start.format("%d-%m-%Y %H:%M"),
                    naam
                )?,
                None => writeln!(out, "Dossier {}: gesloten (er was geen afspraak).", k.dossier)?,
            }
        }
        if store.is_shared() {
            writeln!(
                out,
                "Let op: afspraak- en herstelbestanden op de pc's van andere loketten zijn vanaf hier niet te bereiken; laat ze daar met dezelfde opdracht (of de bewaartermijn) verwijderen."
            )?;
        }
        if !g.reservekopieen.is_empty() {
            writeln!(
                out,
                "Let op: deze gegevens kunnen nog in reservekopieën staan; wissen bereikt die niet (ze verlopen volgens het bewaarbeleid van de functioneel beheerder):"
            )?;
            for r in &g.reservekopieen {
                writeln!(out, "  {r}")?;
            }
        }
        if !g.niet_verwijderd.is_empty() {
            return Ok(std::process::ExitCode::FAILURE);
        }
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

//! The resident's monthly overview of their plan, printed: one self-contained HTML file (no
//! scripts, no links out, print styles), with the loket's letterhead from the config. HTML rather
//! than a PDF crate: every desk PC has a browser that prints it well (page size, margins and the
//! printer are the browser's), the text stays selectable and readable by a screen reader, and no
//! font or layout engine is compiled into loket.
//!
//! The file is made from the store when asked and not kept: it is written (0600) to
//! `overzichten/` in the data directory, opened in the system's browser through the platform
//! module, and removed the next time an overview is made or retention runs, once it is older
//! than [`BEWAREN_UREN`] hours (the viewer needs it while it prints). `loket inzage` lists such
//! a file while it exists, and erasure removes it. It never holds a BSN.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use loket_domain::briefhoofd::Briefhoofd;
use loket_domain::leefplan::{datum_lang, maand_naam, Maandoverzicht, GEEN_BETAALGEGEVENS};

use loket_domain::briefhoofd::escape_html as escape;

/// The folder in the data directory where printed overviews wait for the viewer.
pub const MAP: &str = "overzichten";
/// Hours a printed overview may stay before it is removed.
pub const BEWAREN_UREN: i64 = 12;

/// The file name of a printed overview of dossier `dossier` for `maand`.
pub fn bestandsnaam(o: &Maandoverzicht, gemaakt: NaiveDateTime) -> String {
    format!("overzicht-{}-{}-{}.html", o.dossier_id, o.maand.format("%Y-%m"), gemaakt.format("%Y%m%d%H%M%S"))
}

/// Is `naam` a printed overview of dossier `dossier`?
pub fn is_bestand_van(naam: &str, dossier: u64) -> bool {
    naam.strip_prefix("overzicht-").and_then(|r| r.split_once('-')).is_some_and(|(id, _)| id == dossier.to_string())
}

/// Remove printed overviews older than [`BEWAREN_UREN`]; returns how many went.
pub fn ruim_op(dir: &Path, now: NaiveDateTime) -> std::io::Result<usize> {
    let rd = match std::fs::read_dir(dir.join(MAP)) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let grens = now - chrono::Duration::hours(BEWAREN_UREN);
    let mut n = 0;
    for e in rd.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "html") {
            continue;
        }
        let t: chrono::DateTime<chrono::Local> = e.metadata()?.modified()?.into();
        if t.naive_local() < grens {
            std::fs::remove_file(&p)?;
            n += 1;
        }
    }
    Ok(n)
}

/// The printable page.
pub fn html(o: &Maandoverzicht, loket: &Briefhoofd, gemaakt: NaiveDateTime) -> String {
    let e = escape;
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str(&format!("<title>Uw overzicht van {}</title>\n", e(&maand_naam(o.maand))));
    s.push_str(
        "<style>\nbody{font-family:sans-serif;font-size:12pt;line-height:1.45;margin:2em auto;color:#111;max-width:42em}\n\
         header{border-bottom:2px solid #333;margin-bottom:1.5em;padding-bottom:.5em}\nheader .naam{font-size:1.3em;font-weight:bold}\n\
         h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n\
         table{border-collapse:collapse;width:100%;margin:.5em 0 1em}td,th{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}\n\
         td.bedrag,th.bedrag{text-align:right;white-space:nowrap}tr.totaal td{font-weight:bold;border-top:2px solid #333}\n\
         .let-op{border:1px solid #333;padding:.6em 1em;margin:1em 0}\nsection{break-inside:avoid;page-break-inside:avoid}\n\
         @media print{body{margin:0;max-width:none}}\n</style>\n</head>\n<body>\n",
    );
    s.push_str("<header>\n");
    s.push_str(&format!("<div class=\"naam\">{}</div>\n", e(loket.naam_of_standaard())));
    let adres = loket.adres_op_een_regel();
    if !adres.is_empty() {
        s.push_str(&format!("<div>{}</div>\n", e(&adres)));
    }
    if !loket.telefoon.trim().is_empty() {
        s.push_str(&format!("<div>Telefoon {}</div>\n", e(loket.telefoon.trim())));
    }
    s.push_str("</header>\n");
    s.push_str(&format!("<h1>Uw overzicht van {}</h1>\n", e(&maand_naam(o.maand))));
    s.push_str(&format!(
        "<p>Dit is wat uw plan deze maand regelt. Gemaakt op {}.</p>\n",
        e(&datum_lang(gemaakt.date()))
    ));
    s.push_str("<section>\n<h2>Deze hulp krijgt u</h2>\n");
    if o.regels.is_empty() {
        s.push_str("<p>Deze maand loopt er geen hulp uit uw plan.</p>\n");
    } else {
        s.push_str("<table><thead><tr><th>Wat</th><th>Van wie</th><th>Wat u wilt bereiken</th><th class=\"bedrag\">Kosten per maand</th></tr></thead><tbody>\n");
        for r in &o.regels {
            let mut wat = format!("<strong>{}</strong><br>{}, {}", e(&r.naam), e(&r.wet), e(&r.vorm));
            if !r.hoe_vaak.is_empty() {
                wat.push_str(&format!("<br>{}", e(&r.hoe_vaak)));
            }
            let mut wie = e(&r.aanbieder);
            if !r.telefoon.is_empty() {
                wie.push_str(&format!("<br>Bel {}", e(&r.telefoon)));
            }
            s.push_str(&format!(
                "<tr><td>{wat}</td><td>{wie}</td><td>{}</td><td class=\"bedrag\">{}<br><small>{}</small></td></tr>\n",
                if r.resultaat.is_empty() { String::new() } else { format!("&ldquo;{}&rdquo;", e(&r.resultaat)) },
                e(&r.kosten.tekst()),
                e(r.kosten.uitleg())
            ));
        }
        s.push_str(&format!(
            "<tr class=\"totaal\"><td colspan=\"3\">Totaal</td><td class=\"bedrag\">{}</td></tr>\n",
            e(&o.kosten.totaal_tekst())
        ));
        s.push_str("</tbody></table>\n");
    }
    s.push_str(&format!("<p class=\"let-op\">{}</p>\n", e(GEEN_BETAALGEGEVENS)));
    s.push_str("</section>\n<section>\n<h2>Wat er gepland is</h2>\n");
    if o.gepland.is_empty() {
        s.push_str("<p>Niets bijzonders.</p>\n");
    } else {
        s.push_str("<ul>\n");
        for (d, wat) in &o.gepland {
            s.push_str(&format!("<li>{}: {}</li>\n", e(&datum_lang(*d)), e(wat)));
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n<section>\n<h2>Wie u belt</h2>\n");
    let tel =
        if o.consulent_telefoon.is_empty() { String::new() } else { format!(", telefoon {}", o.consulent_telefoon) };
    s.push_str(&format!("<p>Vragen over uw plan? Bel uw consulent {}{}.", e(&o.consulent), e(&tel)));
    if !loket.telefoon.trim().is_empty() {
        s.push_str(&format!(" Of bel het loket: {}.", e(loket.telefoon.trim())));
    }
    s.push_str("</p>\n");
    match &o.goedgekeurd {
        Some(g) => {
            s.push_str(&format!("<p>Dit plan is door beide partijen goedgekeurd op {}.</p>\n", e(&datum_lang(g.datum))))
        }
        None => s.push_str("<p>Dit plan is nog niet door u en uw consulent goedgekeurd.</p>\n"),
    }
    s.push_str("</section>\n</body>\n</html>\n");
    s
}

/// Write the page to `overzichten/` (0600), after removing old ones; returns its path.
pub fn schrijf(dir: &Path, o: &Maandoverzicht, loket: &Briefhoofd, now: NaiveDateTime) -> anyhow::Result<PathBuf> {
    let map = dir.join(MAP);
    std::fs::create_dir_all(&map)
        .map_err(|e| anyhow::anyhow!("{}: map niet te maken ({})", map.display(), e.kind()))?;
    let _ = loket_base::platform::prive_map(&map);
    ruim_op(dir, now)
        .map_err(|e| anyhow::anyhow!("{}: oude overzichten niet te verwijderen ({})", map.display(), e.kind()))?;
    let file = map.join(bestandsnaam(o, now));
    loket_base::fs::write_private(&file, html(o, loket, now).as_bytes())
        .map_err(|e| anyhow::anyhow!("{}: niet te schrijven ({})", file.display(), e.kind()))?;
    Ok(file)
}

/// Open a written page in the system's browser (`LOKET_OPENER` names another program).
pub fn open(file: &Path) -> anyhow::Result<()> {
    let opener = std::env::var("LOKET_OPENER").ok();
    loket_base::platform::openen_met_systeem(file, opener.as_deref())
        .map_err(|e| anyhow::anyhow!("{}: niet te openen in de browser ({e}); open het bestand zelf", file.display()))
}

//! The pictures of the handleiding (`docs/plaatjes/*.svg`) are the insta snapshots of the real
//! screens (`tests/snapshots/*.snap`), drawn as monospace text in a terminal frame. The SVG is
//! written by hand, as the report's charts are (`src/report/svg.rs`): a frame, a title bar and
//! one line of text per screen row, nothing else.
//!
//! This test fails when a committed picture no longer matches its snapshot, when a picture is
//! left over that no snapshot makes, or when a document links a picture that is not made here.
//! `scripts/plaatjes.sh` draws them again (it runs this test with `LOKET_PLAATJES_MAKEN=1`).

use std::path::{Path, PathBuf};

use loket::domain::briefhoofd::escape_html as escape;

/// Which snapshots become pictures: (snapshot file without `.snap`, picture name, caption).
const PLAATJES: &[(&str, &str, &str)] = &[
    ("handleiding_schermen__aanmelden_80x24", "aanmelden", "Aanmelden met naam en pincode"),
    ("kaart_screen__kaart_80x24", "kaart", "De sociale kaart: zoeken terwijl de beller praat"),
    ("kaart_screen__kaart_120x40_start", "kaart-groot", "De sociale kaart op een groter scherm"),
    ("kaart_screen__kaart_120x40_regeling", "kaart-regeling", "Een regeling op de sociale kaart"),
    ("contact_screen__contact_80x24", "contact", "Een contact registreren"),
    ("contact_screen__triage_80x24", "triage", "Triage, met signalen van gevaar: de crisisroutes"),
    ("handleiding_schermen__doorvragen_80x24", "doorvragen", "Een mogelijk signaal: doorvragen"),
    ("handoff_screen__handoff_80x24", "overdracht", "Overdracht naar de backoffice"),
    ("handoff_screen__handoff_consent_asked_80x24", "overdracht-toestemming", "Overdracht: toestemming gevraagd"),
    ("handoff_screen__handoff_booked_80x24", "overdracht-geboekt", "De afspraak is gemaakt"),
    ("desk_day3__contact_list_80x24", "contactenlijst", "De contactenlijst"),
    ("handoff_screen__queue_120x40", "wachtrij", "De wachtrij van de backoffice met de Wmo-termijnen"),
    ("rapport__rapport_contacten_80x24", "rapport", "Het rapport (F8)"),
    ("beheer_screen__beheer_worklist_80x24", "beheer", "De werklijst beheer sociale kaart"),
    ("beschikbaarheid__beschikbaarheid_80x24", "beschikbaarheid", "Beschikbaarheid van cliëntondersteuners"),
    ("handleiding_schermen__hulp_standaard_80x24", "hulp-standaard", "Hulp (F1), standaardindeling"),
    ("handleiding_schermen__hulp_functietoetsen_80x24", "hulp-functietoetsen", "Hulp (F1), functietoetsen"),
    ("handleiding_schermen__kaart_functietoetsen_80x24", "kaart-functietoetsen", "De sociale kaart met functietoetsen"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The screen text of a snapshot: what follows insta's header (between the first two `---`).
fn scherm(snap: &str) -> Vec<String> {
    let mut lines = snap.lines();
    assert_eq!(lines.next(), Some("---"), "an insta snapshot starts with its header");
    for l in lines.by_ref() {
        if l == "---" {
            break;
        }
    }
    lines.map(str::to_string).collect()
}

/// A terminal window with the screen's rows: 8.4 × 18 px per cell, every character placed on its
/// own cell (an `x` per character), so columns line up whatever font the viewer falls back to
/// for a character (box drawing, the report's braille charts).
fn svg(titel: &str, regels: &[String]) -> String {
    const CW: f64 = 8.4;
    const LH: f64 = 18.0;
    const RAND: f64 = 12.0;
    const BALK: f64 = 28.0;
    let kolommen = regels.iter().map(|r| r.chars().count()).max().unwrap_or(0);
    let breedte = (kolommen as f64 * CW + 2.0 * RAND).round();
    let hoogte = (BALK + regels.len() as f64 * LH + 2.0 * RAND).round();
    let t = escape(titel);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{breedte}\" height=\"{hoogte}\" viewBox=\"0 0 {breedte} {hoogte}\" role=\"img\" aria-label=\"{t}\">\n\
<title>{t}</title>\n\
<rect x=\"0.5\" y=\"0.5\" width=\"{w}\" height=\"{h}\" rx=\"6\" fill=\"#fcfcfa\" stroke=\"#555\"/>\n\
<rect x=\"0.5\" y=\"0.5\" width=\"{w}\" height=\"{BALK}\" rx=\"6\" fill=\"#3a3a3a\"/>\n\
<circle cx=\"16\" cy=\"14.5\" r=\"5\" fill=\"#e06c5a\"/><circle cx=\"32\" cy=\"14.5\" r=\"5\" fill=\"#e0b35a\"/><circle cx=\"48\" cy=\"14.5\" r=\"5\" fill=\"#6cbf5a\"/>\n\
<text x=\"{mid}\" y=\"19\" text-anchor=\"middle\" font-family=\"sans-serif\" font-size=\"13\" fill=\"#eee\">{t}</text>\n\
<g font-family=\"'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"14\" fill=\"#1a1a1a\" xml:space=\"preserve\">\n",
        w = breedte - 1.0,
        h = hoogte - 1.0,
        mid = breedte / 2.0,
    );
    for (i, r) in regels.iter().enumerate() {
        let y = BALK + RAND + LH * (i as f64 + 0.75);
        // each run of non-blank characters is one text, every character at its own cell
        let tekens: Vec<char> = r.chars().collect();
        let mut k = 0;
        while k < tekens.len() {
            if tekens[k] == ' ' {
                k += 1;
                continue;
            }
            let begin = k;
            while k < tekens.len() && !(tekens[k] == ' ' && tekens.get(k + 1).is_none_or(|c| *c == ' ')) {
                k += 1;
            }
            let run: String = tekens[begin..k].iter().collect();
            let xs: Vec<String> =
                (begin..k).map(|c| format!("{}", ((RAND + c as f64 * CW) * 10.0).round() / 10.0)).collect();
            s.push_str(&format!("<text x=\"{}\" y=\"{y}\">{}</text>\n", xs.join(" "), escape(&run)));
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

fn plaatje_pad(naam: &str) -> PathBuf {
    root().join("docs/plaatjes").join(format!("{naam}.svg"))
}

#[test]
fn the_pictures_of_the_handleiding_are_the_snapshots_of_the_real_screens() {
    let maken = std::env::var_os("LOKET_PLAATJES_MAKEN").is_some();
    let mut fout = Vec::new();
    for (snap, naam, titel) in PLAATJES {
        let snap_pad = root().join("tests/snapshots").join(format!("{snap}.snap"));
        let tekst = std::fs::read_to_string(&snap_pad).unwrap_or_else(|e| panic!("{}: {e}", snap_pad.display()));
        let nieuw = svg(titel, &scherm(&tekst));
        let pad = plaatje_pad(naam);
        if maken {
            std::fs::create_dir_all(pad.parent().unwrap()).unwrap();
            std::fs::write(&pad, &nieuw).unwrap();
            continue;
        }
        match std::fs::read_to_string(&pad) {
            Ok(oud) if oud == nieuw => {}
            Ok(_) => fout.push(format!("{} no longer matches {}", pad.display(), snap_pad.display())),
            Err(e) => fout.push(format!("{}: {e}", pad.display())),
        }
    }
    assert!(fout.is_empty(), "{}\nDraw the pictures again: scripts/plaatjes.sh", fout.join("\n"));
}

#[test]
fn no_picture_is_left_over_and_every_linked_picture_is_made() {
    let namen: Vec<&str> = PLAATJES.iter().map(|p| p.1).collect();
    let map = root().join("docs/plaatjes");
    for e in std::fs::read_dir(&map).unwrap() {
        let p = e.unwrap().path();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            p.extension().is_some_and(|x| x == "svg") && namen.contains(&stem.as_str()),
            "{} is made by no snapshot (remove it, or add it to PLAATJES)",
            p.display()
        );
    }
    let mut gelinkt = 0;
    for doc in ["README.md", "docs/handleiding.md", "docs/installatiehandleiding.md"] {
        let tekst = std::fs::read_to_string(root().join(doc)).unwrap();
        for (i, _) in tekst.match_indices("plaatjes/") {
            let rest = &tekst[i + "plaatjes/".len()..];
            let naam = rest.split(".svg").next().unwrap();
            assert!(namen.contains(&naam), "{doc} links plaatjes/{naam}.svg, which no snapshot makes");
            assert!(Path::new(&plaatje_pad(naam)).exists(), "{doc}: plaatjes/{naam}.svg is missing");
            gelinkt += 1;
        }
    }
    assert!(gelinkt >= 10, "the handleiding shows the screens ({gelinkt} pictures linked)");
}

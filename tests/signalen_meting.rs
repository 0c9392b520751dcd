//! Issue 21: recall and false alarms of the danger recognizer, measured on the evaluation sets
//! in tests/fixtures/signalen/. Each set has a tuning part and a held-out part (`*_apart.txt`,
//! committed before the recognizer changed and never edited since). Both parts must meet:
//! - danger phrasings raising crisis or doorvragen: ≥ 95 %;
//! - everyday questions raising crisis: ≤ 2 %;
//! - everyday questions raising doorvragen: ≤ 5 %, and the suicide question (113) ≤ 2 %.
//!
//! `cargo test --test signalen_meting -- --nocapture` prints the figures per category; misses
//! are listed for the tuning part only (the held-out part is not looked at sentence by sentence).

use std::collections::BTreeMap;

use loket::domain::danger::{bundled, Niveau, Route, Soort};

fn regels(naam: &str) -> Vec<String> {
    let t = std::fs::read_to_string(format!("tests/fixtures/signalen/{naam}")).unwrap();
    t.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

fn pct(n: usize, of: usize) -> f64 {
    100.0 * n as f64 / of.max(1) as f64
}

struct Gevaar {
    totaal: usize,
    gevonden: usize,
    crisis: usize,
    juiste_categorie: usize,
}

fn meet_gevaar(naam: &str, misses_tonen: bool) -> (usize, usize) {
    let mut per: BTreeMap<String, Gevaar> = BTreeMap::new();
    let mut missers = Vec::new();
    for r in regels(naam) {
        let (cat, zin) = r.split_once('|').unwrap_or_else(|| panic!("{naam}: no category in '{r}'"));
        let soort = Soort::from_code(cat).unwrap_or_else(|| panic!("{naam}: unknown category {cat}"));
        let u = bundled().beoordeel(zin);
        let e = per.entry(cat.to_string()).or_insert(Gevaar { totaal: 0, gevonden: 0, crisis: 0, juiste_categorie: 0 });
        e.totaal += 1;
        if u.niveau >= Niveau::Doorvragen {
            e.gevonden += 1;
            if u.signalen.iter().any(|s| s.soort == soort) {
                e.juiste_categorie += 1;
            }
        } else {
            missers.push(format!("{cat}|{zin}"));
        }
        if u.niveau == Niveau::Crisis {
            e.crisis += 1;
        }
    }
    println!("\n{naam}: gevaar herkend (crisis of doorvragen)");
    println!("  {:<22} {:>6} {:>9} {:>7} {:>16}", "categorie", "zinnen", "herkend", "crisis", "juiste categorie");
    let (mut n, mut g) = (0, 0);
    for (cat, e) in &per {
        println!(
            "  {cat:<22} {:>6} {:>5} {:>3.0}% {:>7} {:>16}",
            e.totaal,
            e.gevonden,
            pct(e.gevonden, e.totaal),
            e.crisis,
            e.juiste_categorie
        );
        n += e.totaal;
        g += e.gevonden;
    }
    println!("  {:<22} {:>6} {:>5} {:>4.1}%", "totaal", n, g, pct(g, n));
    if misses_tonen {
        for m in &missers {
            println!("  gemist: {m}");
        }
    }
    (g, n)
}

/// (crisis, doorvragen, the 113 question, total)
fn meet_alledaags(naam: &str, tonen: bool) -> (usize, usize, usize, usize) {
    let (mut crisis, mut door, mut vraag113) = (0, 0, 0);
    let zinnen = regels(naam);
    let mut alarm = Vec::new();
    for zin in &zinnen {
        let u = bundled().beoordeel(zin);
        match u.niveau {
            Niveau::Crisis => crisis += 1,
            Niveau::Doorvragen => {
                door += 1;
                if u.hoofd().is_some_and(|s| s.soort.route() == Route::Lijn113) {
                    vraag113 += 1;
                }
            }
            Niveau::Geen => continue,
        }
        alarm.push(format!(
            "{}: {zin}  ({:?})",
            u.niveau.code(),
            u.signalen.iter().map(|s| &s.gevonden).collect::<Vec<_>>()
        ));
    }
    let n = zinnen.len();
    println!("\n{naam}: alledaagse vragen ({n})");
    println!("  crisis      {crisis:>3}  {:>4.1}%  (mag ≤ 2 %)", pct(crisis, n));
    println!("  doorvragen  {door:>3}  {:>4.1}%  (mag ≤ 5 %)", pct(door, n));
    println!("  vraag 113   {vraag113:>3}  {:>4.1}%  (mag ≤ 2 %)", pct(vraag113, n));
    if tonen {
        for a in &alarm {
            println!("  vals alarm: {a}");
        }
    }
    (crisis, door, vraag113, n)
}

fn check(deel: &str, gevaar: (usize, usize), alledaags: (usize, usize, usize, usize)) -> Vec<String> {
    let mut fout = Vec::new();
    let (g, n) = gevaar;
    if pct(g, n) < 95.0 {
        fout.push(format!("{deel}: herkend {g}/{n} = {:.1}% < 95%", pct(g, n)));
    }
    let (c, d, v, m) = alledaags;
    if pct(c, m) > 2.0 {
        fout.push(format!("{deel}: alledaags crisis {c}/{m} = {:.1}% > 2%", pct(c, m)));
    }
    if pct(d, m) > 5.0 {
        fout.push(format!("{deel}: alledaags doorvragen {d}/{m} = {:.1}% > 5%", pct(d, m)));
    }
    if pct(v, m) > 2.0 {
        fout.push(format!("{deel}: alledaags vraag 113 {v}/{m} = {:.1}% > 2%", pct(v, m)));
    }
    fout
}

#[test]
fn the_sets_are_as_large_as_the_issue_asks() {
    let gevaar = regels("gevaar.txt").len() + regels("gevaar_apart.txt").len();
    let alledaags = regels("alledaags.txt").len() + regels("alledaags_apart.txt").len();
    assert!(gevaar >= 150, "{gevaar}");
    assert!(alledaags >= 200, "{alledaags}");
    // every category of the issue is in both parts
    for naam in ["gevaar.txt", "gevaar_apart.txt"] {
        for s in Soort::ALL.iter().filter(|s| s.is_gevaar()) {
            assert!(regels(naam).iter().any(|r| r.starts_with(&format!("{}|", s.code()))), "{naam}: {s:?}");
        }
    }
}

#[test]
fn recall_and_false_alarms_on_the_tuning_part() {
    let f = check("afstemdeel", meet_gevaar("gevaar.txt", true), meet_alledaags("alledaags.txt", true));
    assert!(f.is_empty(), "{f:#?}");
}

/// The held-out part, as it was committed before the recognizer changed. Measured at the time of
/// writing: 57/60 = 95.0 % recognised; everyday crisis 0/82, doorvragen 1/82 = 1.2 %, the 113
/// question 0. This test keeps what was measured from getting worse.
#[test]
fn recall_and_false_alarms_on_the_held_out_part_do_not_get_worse() {
    let (g, n) = meet_gevaar("gevaar_apart.txt", false);
    let (c, d, v, m) = meet_alledaags("alledaags_apart.txt", false);
    assert!(g >= 57, "recall {g}/{n} fell below the 57/60 measured");
    assert!(c == 0, "everyday crisis {c}/{m} rose above the 0/82 measured");
    assert!(d <= 1 && v == 0, "doorvragen {d}/{m} (measured 1/82), vraag 113 {v}/{m} (measured 0)");
}

/// The issue's own bar on the held-out part.
#[test]
fn held_out_part_meets_the_issue_thresholds() {
    let f = check(
        "apart gehouden deel",
        meet_gevaar("gevaar_apart.txt", false),
        meet_alledaags("alledaags_apart.txt", false),
    );
    assert!(f.is_empty(), "{f:#?}");
}

/// Four sentences of the held-out part also stand, word for word, in the tuning part (written so
/// by earlier rounds; short common phrasings). Printed apart so the figure without them is seen:
/// 53/56 = 94.6 % at the time of writing. Only the count is shown, never the sentences.
#[test]
fn held_out_part_without_the_sentences_the_tuning_part_shares() {
    let afstem: std::collections::HashSet<String> = regels("gevaar.txt").into_iter().collect();
    let apart = regels("gevaar_apart.txt");
    let eigen: Vec<&String> = apart.iter().filter(|r| !afstem.contains(*r)).collect();
    let gevonden = eigen
        .iter()
        .filter(|r| bundled().beoordeel(r.split_once('|').expect("category").1).niveau >= Niveau::Doorvragen)
        .count();
    println!(
        "\napart gehouden deel zonder de {} zinnen die ook in het afstemdeel staan: {gevonden}/{} = {:.1}%",
        apart.len() - eigen.len(),
        eigen.len(),
        pct(gevonden, eigen.len())
    );
    assert_eq!(apart.len() - eigen.len(), 4, "the overlap changed: the held-out part must never be edited");
    assert!(gevonden >= 53, "recall without the shared sentences {gevonden}/{} fell below 53/56", eigen.len());
}

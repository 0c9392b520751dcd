//! Danger signals (issue 21): detection runs on every keystroke in the question, so on a
//! 2,000-character question it must stay under 1 ms.
//!
//! Run: `cargo bench --bench signalen`.
//! - `alledaags`: 2,000 characters of everyday desk questions (most words reach the lookups,
//!   few patterns start);
//! - `met gevaar`: the same with danger phrasings among them (patterns complete, guards run);
//! - `lijst lezen`: compiling the bundled list (once per save in the word-list editor, and per
//!   keystroke while a test sentence is tried there);
//! - the same three with the list bundled before (`vorige lijst`), so one run shows what the
//!   wider list costs.

use criterion::{criterion_group, criterion_main, Criterion};
use loket::domain::danger::{bundled, Gevaarwoorden, BUNDLED_TOML};

/// Sentences of the evaluation set (the files taken in turn) joined into a question of exactly
/// `len` characters.
fn vraag(files: &[&str], len: usize) -> String {
    let per_file: Vec<Vec<String>> = files
        .iter()
        .map(|f| {
            let t = std::fs::read_to_string(format!("tests/fixtures/signalen/{f}")).expect("evaluation set");
            t.lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
                .map(|l| l.split_once('|').map_or(l, |x| x.1).to_string())
                .collect()
        })
        .collect();
    let n = per_file.iter().map(Vec::len).max().unwrap_or(0);
    let zinnen: Vec<String> = (0..n).flat_map(|i| per_file.iter().filter_map(move |f| f.get(i).cloned())).collect();
    let mut s = String::new();
    for z in zinnen.iter().cycle() {
        if s.chars().count() >= len {
            break;
        }
        s.push_str(z);
        s.push_str(". ");
    }
    s.chars().take(len).collect()
}

fn bench(c: &mut Criterion) {
    let alledaags = vraag(&["alledaags.txt"], 2000);
    let gemengd = vraag(&["alledaags.txt", "gevaar.txt"], 2000);
    let l = bundled();
    assert!(l.beoordeel(&gemengd).niveau > loket::domain::danger::Niveau::Geen);
    let mut g = c.benchmark_group("signalen 2000 tekens");
    g.bench_function("alledaags", |b| b.iter(|| l.beoordeel(std::hint::black_box(&alledaags))));
    g.bench_function("met gevaar", |b| b.iter(|| l.beoordeel(std::hint::black_box(&gemengd))));
    g.bench_function("lijst lezen", |b| {
        b.iter(|| Gevaarwoorden::parse(std::hint::black_box(BUNDLED_TOML), "bench").expect("parses"))
    });
    let vorige_toml = *loket::store::lijsten::GEVAARWOORDEN_VORIGE.last().expect("a list bundled before");
    let vorige = Gevaarwoorden::parse(vorige_toml, "vorige").expect("parses");
    g.bench_function("alledaags, vorige lijst", |b| b.iter(|| vorige.beoordeel(std::hint::black_box(&alledaags))));
    g.bench_function("met gevaar, vorige lijst", |b| b.iter(|| vorige.beoordeel(std::hint::black_box(&gemengd))));
    g.bench_function("lijst lezen, vorige lijst", |b| {
        b.iter(|| Gevaarwoorden::parse(std::hint::black_box(vorige_toml), "bench").expect("parses"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

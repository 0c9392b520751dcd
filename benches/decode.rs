//! Decoding the stored map (issue 9, "no per-record parsing while loading"): 100k generated
//! voorzieningen (`catalog::synth::generate`, as `loket genereer` writes them), encoded as the
//! store holds them, then decoded one by one as `kaart_load` does.
//!
//! Run: `cargo bench --bench decode` (`LOKET_BENCH_DECODE_N=10000` for fewer records).
//! - `decode`: the records as a load reads them;
//! - `decode + openingstijden`: the same, then each record's opening hours used once (what every
//!   load paid before the hours were parsed on first use);

use criterion::{criterion_group, criterion_main, Criterion};
use loket::catalog::synth;
use loket::domain::kaart::Voorziening;
use loket::store::{decode, encode};

fn n() -> usize {
    std::env::var("LOKET_BENCH_DECODE_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn bench(c: &mut Criterion) {
    let n = n();
    let stored: Vec<Vec<u8>> = synth::generate(n, 1).voorzieningen.iter().map(|v| encode(v).expect("encode")).collect();
    let mut g = c.benchmark_group(format!("{n} voorzieningen"));
    g.sample_size(10);
    g.bench_function("decode", |b| {
        b.iter(|| stored.iter().map(|s| decode::<Voorziening>(s).expect("decode")).collect::<Vec<_>>())
    });
    g.bench_function("decode + openingstijden", |b| {
        b.iter(|| {
            stored
                .iter()
                .map(|s| {
                    let v = decode::<Voorziening>(s).expect("decode");
                    std::hint::black_box(v.openingstijden.is_empty());
                    v
                })
                .collect::<Vec<_>>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

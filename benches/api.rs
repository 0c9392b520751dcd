//! Requests per second of `loket api` for `/services?search=` on a generated map of 100k
//! entries, over loopback HTTP (keep-alive clients, as a website's backend would ask).
//!
//! Run: `cargo bench --bench api`. `LOKET_BENCH_API_N=10000` for another size,
//! `LOKET_BENCH_SECONDS=3` for the time per measurement (default 5). Prints, per query and per
//! number of concurrent clients, requests per second and the p50/p99 latency. The machine is
//! shared and noisy: quote medians and ratios.

use std::time::{Duration, Instant};

use loket::api::{self, Beeld, Opties};

const QUERIES: &[&str] = &["dagbesteding", "huish hulp gron", "mantelz", "schuldh heerlen", "zzzgeenzzz"];

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let n: usize = std::env::var("LOKET_BENCH_API_N").ok().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let secs: u64 = std::env::var("LOKET_BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5);
    let kaart = loket::catalog::synth::generate(n, 1);
    let t = Instant::now();
    let beeld = Beeld::van_kaart(kaart, 1, Default::default(), "bank".into(), &Opties::default());
    println!("api: kaart van {n} voorzieningen klaar om te dienen in {:.2} s", t.elapsed().as_secs_f64());
    let server = api::serveer(beeld, None, "127.0.0.1:0".parse().unwrap(), Opties::default()).unwrap();
    let base = format!("http://{}", server.adres);
    for q in QUERIES {
        let url = format!("{base}/services?search={}", q.replace(' ', "%20"));
        for clients in [1usize, 2] {
            let eind = Instant::now() + Duration::from_secs(secs);
            let draden: Vec<_> = (0..clients)
                .map(|_| {
                    let url = url.clone();
                    std::thread::spawn(move || {
                        let agent = ureq::Agent::new_with_config(ureq::config::Config::builder().build());
                        let mut tijden = Vec::new();
                        let mut treffers = 0usize;
                        while Instant::now() < eind {
                            let t = Instant::now();
                            let mut r = agent.get(&url).call().expect("antwoord");
                            let body = r.body_mut().read_to_string().expect("body");
                            tijden.push(t.elapsed());
                            treffers = body.len();
                        }
                        (tijden, treffers)
                    })
                })
                .collect();
            let mut tijden = Vec::new();
            let mut bytes = 0;
            for d in draden {
                let (t, b) = d.join().unwrap();
                tijden.extend(t);
                bytes = b;
            }
            let aantal = tijden.len();
            println!(
                "api: /services?search={q:<18} {clients} client(s): {:>7.0} verzoeken/s, p50 {:.2} ms, p99 {:.2} ms ({bytes} bytes per antwoord)",
                aantal as f64 / secs as f64,
                pct(&mut tijden, 0.5).as_secs_f64() * 1000.0,
                pct(&mut tijden, 0.99).as_secs_f64() * 1000.0,
            );
        }
    }
}

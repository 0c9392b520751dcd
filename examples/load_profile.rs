//! Where the start-up time goes with a big store: `cargo run --release --example load_profile -- DIR`.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).expect("data dir");
    let t = Instant::now();
    let s = loket::store::SledStore::open(std::path::Path::new(&dir)).unwrap();
    let open = t.elapsed();
    let t = Instant::now();
    let bytes = raw_scan(&s);
    println!("raw scan {:?} ({} MB)", t.elapsed(), bytes / 1_000_000);
    let t = Instant::now();
    let k = loket::store::kaart::load(&s, &mut |_| {}).unwrap();
    let load = t.elapsed();
    let t = Instant::now();
    let cat = loket::catalog::Catalog::build(k);
    let build = t.elapsed();
    println!("open {open:?}  load+decode {load:?}  catalog+index {build:?}  ({} records)", cat.len());
}

/// Only reading the bytes, without decoding: the floor for loading.
fn raw_scan(s: &dyn loket::store::Store) -> usize {
    s.scan(loket::store::Tree::Kaart, b"").map(|r| r.unwrap().1.len()).sum()
}

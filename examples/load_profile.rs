//! Where the start-up time goes with a big store: `cargo run --release --example load_profile -- DIR`.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).expect("data dir");
    let t = Instant::now();
    let s = loket::store::SledStore::open(std::path::Path::new(&dir)).unwrap();
    let open = t.elapsed();
    let t = Instant::now();
    let k = loket::store::kaart::load(&s, &mut |_| {}).unwrap();
    let load = t.elapsed();
    let t = Instant::now();
    let cat = loket::catalog::Catalog::build(k);
    let build = t.elapsed();
    println!("open {open:?}  load+decode {load:?}  catalog+index {build:?}  ({} records)", cat.len());
}

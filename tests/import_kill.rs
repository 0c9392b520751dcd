//! An import killed with SIGKILL at any moment leaves the store whole: either nothing of the
//! import or all of it, never a part. The real binary is killed at several points in time.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use loket::store::SledStore;

#[test]
fn sigkill_during_import_never_leaves_a_half_written_store() {
    let pkg = tempfile::tempdir().unwrap();
    let map = loket::catalog::synth::generate(6_000, 5);
    let n = map.organisaties.len() + map.voorzieningen.len() + map.regelingen.len();
    loket::interchange::export_dir(&map, loket::interchange::ExportFormat::Csv, pkg.path(), false).unwrap();

    // How long does a whole import take here? Kill at fractions of that.
    let probe = tempfile::tempdir().unwrap();
    let t = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["import"])
        .arg(pkg.path())
        .arg("--data-dir")
        .arg(probe.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let full = t.elapsed();
    let demo = loket::store::kaart::count_records(&SledStore::open(probe.path()).unwrap()) - n;

    let mut seen_none = false;
    let mut seen_all = false;
    // Fractions of the full import time, dense near the end where the one atomic batch is written.
    for (i, pct) in [20u32, 50, 80, 90, 95, 100, 105, 110, 120].into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        // seed the store first (the demo map), so "before" is known
        let before = {
            let s = loket::cli::open_store(dir.path()).unwrap();
            loket::store::kaart::count_records(s.as_ref())
        };
        assert_eq!(before, demo);
        let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["import"])
            .arg(pkg.path())
            .arg("--data-dir")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full * pct / 100 + Duration::from_millis(5));
        let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
        let _ = child.wait();
        let s = SledStore::open(dir.path()).expect("the store opens again after a kill");
        let after = loket::store::kaart::count_records(&s);
        assert!(
            after == before || after == before + n,
            "kill {i} at {pct}%: {after} records, expected {before} or {}",
            before + n
        );
        // what is there reads back completely
        let k = loket::store::kaart::load(&s, &mut |_| {}).unwrap();
        assert_eq!(k.organisaties.len() + k.voorzieningen.len() + k.regelingen.len(), after);
        seen_none |= after == before;
        seen_all |= after == before + n;
    }
    println!("import of {n} records took {full:?}; kills saw nothing: {seen_none}, everything: {seen_all}");
}

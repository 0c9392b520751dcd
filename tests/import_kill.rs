//! An import killed at any moment leaves the store whole: either nothing of the import or all of
//! it, never a part. The real binary is stopped (1) by a test-only hook that aborts just before or
//! just after the one atomic write (`LOKET_TEST_STOP_AT`), so both outcomes are observed every
//! run, and (2) with SIGKILL at several points in time, which must give one of the two as well.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use loket::store::SledStore;

/// A store seeded with the demo map; returns its record count.
fn seeded(dir: &Path) -> usize {
    let s = loket::cli::open_store(dir).unwrap();
    loket::store::kaart::count_records(s.as_ref())
}

/// After the stop: the store opens, holds `before` or `before + n` records, and reads back whole.
fn check(dir: &Path, before: usize, n: usize, what: &str) -> usize {
    let s = SledStore::open(dir).expect("the store opens again after a kill");
    let after = loket::store::kaart::count_records(&s);
    assert!(after == before || after == before + n, "{what}: {after} records, expected {before} or {}", before + n);
    let k = loket::store::kaart::load(&s, &mut |_| {}).unwrap();
    assert_eq!(k.organisaties.len() + k.voorzieningen.len() + k.regelingen.len(), after, "{what}");
    after
}

fn import(pkg: &Path, dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_loket"));
    c.args(["import"]).arg(pkg).arg("--data-dir").arg(dir).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

#[test]
fn a_killed_import_leaves_nothing_or_everything() {
    let pkg = tempfile::tempdir().unwrap();
    let map = loket::catalog::synth::generate(6_000, 5);
    let n = map.organisaties.len() + map.voorzieningen.len() + map.regelingen.len();
    loket::interchange::export_dir(&map, loket::interchange::ExportFormat::Csv, pkg.path(), false).unwrap();

    // (1) Stopped at a chosen point of the write: both outcomes, every time.
    for (point, expect_all) in [("before-write", false), ("after-write", true)] {
        let dir = tempfile::tempdir().unwrap();
        let before = seeded(dir.path());
        let status = import(pkg.path(), dir.path()).env("LOKET_TEST_STOP_AT", point).status().unwrap();
        assert!(!status.success(), "{point}: the import must have been stopped");
        let after = check(dir.path(), before, n, point);
        assert_eq!(after, if expect_all { before + n } else { before }, "{point}");
    }

    // (2) SIGKILL at fractions of the full import time, dense near the end where the batch is
    // written: whatever moment, one of the two outcomes.
    let probe = tempfile::tempdir().unwrap();
    let t = Instant::now();
    assert!(import(pkg.path(), probe.path()).status().unwrap().success());
    let full = t.elapsed();
    let mut seen = (0, 0);
    for (i, pct) in [20u32, 50, 80, 90, 95, 100, 105, 110, 120].into_iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let before = seeded(dir.path());
        let mut child = import(pkg.path(), dir.path()).spawn().unwrap();
        std::thread::sleep(full * pct / 100 + Duration::from_millis(5));
        let _ = Command::new("kill").args(["-9", &child.id().to_string()]).status();
        let _ = child.wait();
        let after = check(dir.path(), before, n, &format!("kill {i} at {pct}%"));
        if after == before {
            seen.0 += 1;
        } else {
            seen.1 += 1;
        }
    }
    println!("import of {n} records took {full:?}; timed kills: {} saw nothing, {} saw everything", seen.0, seen.1);
}

/// A large import is built beside the map, in parts no reader sees, and switched to in one step:
/// stopped after its first part, before the switch, at it or after it, the store holds the old
/// map or the new one, whole; a half-built generation is removed at the next open.
#[test]
fn an_import_stopped_while_written_in_parts_leaves_the_old_map_or_the_new() {
    let pkg = tempfile::tempdir().unwrap();
    // more records than one part holds (2 000), so the import is written in parts
    let map = loket::catalog::synth::generate(6_000, 5);
    let n = map.organisaties.len() + map.voorzieningen.len() + map.regelingen.len();
    loket::interchange::export_dir(&map, loket::interchange::ExportFormat::Csv, pkg.path(), false).unwrap();
    for (point, expect_all) in [
        ("kaart:stuk-geschreven", Some(false)),
        ("kaart:gevuld", Some(false)),
        ("kaart:wissel", None),
        ("kaart:gewisseld", Some(true)),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let before = seeded(dir.path());
        let status = import(pkg.path(), dir.path()).env("LOKET_STORINGSPUNT", point).status().unwrap();
        assert!(!status.success(), "{point}: the import must have been stopped");
        if expect_all == Some(false) {
            let s = SledStore::open(dir.path()).unwrap();
            assert!(
                s.herstelmeldingen().iter().any(|m| m.contains("onderbroken import")),
                "{point}: the half-built map is removed and said so: {:?}",
                s.herstelmeldingen()
            );
        }
        let after = check(dir.path(), before, n, point);
        if let Some(all) = expect_all {
            assert_eq!(after, if all { before + n } else { before }, "{point}");
        }
        // and the next import goes through
        assert!(import(pkg.path(), dir.path()).status().unwrap().success(), "{point}");
        assert_eq!(check(dir.path(), before, n, point), before + n, "{point}");
    }
}

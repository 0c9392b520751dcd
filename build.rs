//! The commit the binary is built from, for `loket --version` (support needs to know what runs
//! where). Without git (a source archive) it says so.
//!
//! And the one skip rule of the tests: tests that need tmux or PostgreSQL are marked ignored
//! (`cfg(zonder_tmux)`, `cfg(zonder_postgres)`) on a machine without them, so `cargo test`
//! reports them as ignored, never as passed. Under CI (`CI` set) both are required.
fn main() {
    skip_rule();
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=10", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "onbekend".into());
    let dirty = std::process::Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| !o.stdout.is_empty());
    println!("cargo:rustc-env=LOKET_COMMIT={commit}{}", if dirty { "+gewijzigd" } else { "" });
    for p in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(p).exists() {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// Set `zonder_tmux` / `zonder_postgres` where the machine lacks them (see the module comment).
fn skip_rule() {
    println!("cargo:rustc-check-cfg=cfg(zonder_tmux)");
    println!("cargo:rustc-check-cfg=cfg(zonder_postgres)");
    println!("cargo:rerun-if-env-changed=CI");
    println!("cargo:rerun-if-env-changed=PATH");
    println!("cargo:rerun-if-env-changed=LOKET_TEST_DATABASE_URL");
    let runs =
        |cmd: &str, arg: &str| std::process::Command::new(cmd).arg(arg).output().is_ok_and(|o| o.status.success());
    let ci = std::env::var_os("CI").is_some();
    let tmux = runs("tmux", "-V");
    // a server to test against: given, or a local installation the test harness can start
    let postgres = std::env::var_os("LOKET_TEST_DATABASE_URL").is_some()
        || std::path::Path::new("/usr/lib/postgresql").is_dir()
        || runs("pg_ctl", "--version")
        || runs("psql", "--version");
    for (have, what, cfg) in [(tmux, "tmux", "zonder_tmux"), (postgres, "PostgreSQL", "zonder_postgres")] {
        if !have {
            assert!(!ci, "{what} is required under CI (.ci/run installs and starts it)");
            println!("cargo:warning=geen {what} op deze machine: de tests die het nodig hebben staan als ignored");
            println!("cargo:rustc-cfg={cfg}");
        }
    }
}

//! A throwaway PostgreSQL cluster of a test's own (initdb, pg_ctl), so a test can stop, crash and
//! start its server without touching the other tests' one.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Option<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    v.sort();
    v.pop()
}

pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    pub port: u16,
    _dir: tempfile::TempDir,
}

fn as_postgres(cmd: &Path, args: &[&str]) -> bool {
    // initdb and the server refuse to run as root
    let mut c = if nix_is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(cmd);
        c
    } else {
        Command::new(cmd)
    };
    c.args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn nix_is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

impl Cluster {
    pub fn new() -> Option<Cluster> {
        let bin = bin()?;
        let dir = tempfile::tempdir().unwrap();
        if nix_is_root() {
            Command::new("chown").args(["-R", "postgres"]).arg(dir.path()).status().ok()?;
        }
        let data = dir.path().join("data");
        static NEXT: std::sync::atomic::AtomicU16 = std::sync::atomic::AtomicU16::new(0);
        let port =
            20000 + (std::process::id() % 10000) as u16 * 2 + NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if !as_postgres(&bin.join("initdb"), &["-D", data.to_str()?, "-A", "trust", "-U", "loket"]) {
            return None;
        }
        let c = Cluster { bin, data, port, _dir: dir };
        c.start().then_some(c)
    }

    pub fn start(&self) -> bool {
        let opts = format!("-p {} -k {} -c listen_addresses=''", self.port, self.data.display());
        as_postgres(&self.bin.join("pg_ctl"), &["-D", self.data.to_str().unwrap(), "-o", &opts, "-w", "start"])
    }

    pub fn stop(&self) -> bool {
        as_postgres(&self.bin.join("pg_ctl"), &["-D", self.data.to_str().unwrap(), "-m", "immediate", "-w", "stop"])
    }

    pub fn url(&self) -> String {
        format!("host={} port={} user=loket dbname=postgres password=geheim-wachtwoord", self.data.display(), self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

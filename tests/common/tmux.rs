//! A tmux driver for end-to-end tests: the real binary in a pane, send-keys and capture-pane.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Pane {
    socket: PathBuf,
    _dir: tempfile::TempDir,
    /// The command the pane runs (for a restart with [`Pane::respawn`]).
    command: String,
    /// Keys sent so far (a named key counts one, typed text one per character).
    sent: std::cell::Cell<usize>,
    /// Named keys sent so far (everything but typed text).
    named: std::cell::Cell<usize>,
}

/// tmux is here: a test that needs it is marked ignored where it is missing (build.rs:
/// `cfg(zonder_tmux)`), so reaching this without tmux is an error, never a silent pass.
pub fn available() -> bool {
    let ok = Command::new("tmux").arg("-V").output().map(|o| o.status.success()).unwrap_or(false);
    assert!(ok, "tmux ontbreekt, maar deze test is niet als ignored gemarkeerd (zie build.rs)");
    ok
}

impl Pane {
    /// Start `loket ARGS` with `ENV` in a new tmux server of its own.
    pub fn start(env: &[(&str, &str)], args: &[&str], w: u16, h: u16) -> Pane {
        Self::start_in(env, args, w, h, Stderr::Pane)
    }

    /// As [`Pane::start`], with loket's stderr kept apart in a file (see [`Pane::stderr`]), for
    /// the no-leaks check (issue 13).
    pub fn start_logged(env: &[(&str, &str)], args: &[&str], w: u16, h: u16) -> Pane {
        Self::start_in(env, args, w, h, Stderr::File)
    }

    /// As [`Pane::start_logged`], but stderr is shown in the pane as well (through `tee`), for
    /// flows that answer questions loket asks on stderr before the TUI (the first account).
    /// The pane's process is then the shell, not loket: don't `kill` it by the pane's pid.
    pub fn start_teed(env: &[(&str, &str)], args: &[&str], w: u16, h: u16) -> Pane {
        Self::start_in(env, args, w, h, Stderr::Both)
    }

    /// What loket wrote to stderr (a pane started with [`Pane::start_logged`]).
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("stderr")).unwrap_or_default()
    }

    fn start_in(env: &[(&str, &str)], args: &[&str], w: u16, h: u16, stderr: Stderr) -> Pane {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("sock");
        let mut cmd =
            String::from("env TERM=xterm-256color LOKET_KEYMAP=standaard LOKET_CONFIG=/nonexistent/loket.toml");
        for (k, v) in env {
            cmd.push_str(&format!(" {k}='{v}'"));
        }
        cmd.push_str(&format!(" {}", env!("CARGO_BIN_EXE_loket")));
        for a in args {
            cmd.push_str(&format!(" '{a}'"));
        }
        let file = dir.path().join("stderr");
        match stderr {
            Stderr::Pane => {}
            Stderr::File => cmd.push_str(&format!(" 2>>'{}'", file.display())),
            // stdout to the pane (fd 3), stderr through the pipe to tee: the file and the pane
            Stderr::Both => cmd = format!("{{ {cmd} 2>&1 1>&3 3>&- | tee -a '{}' 1>&2; }} 3>&1", file.display()),
        }
        let st = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(["new-session", "-d", "-s", "e2e", "-x", &w.to_string(), "-y", &h.to_string(), cmd.as_str()])
            .status()
            .unwrap();
        assert!(st.success());
        // keep the pane after the program ends, so a crash can be inspected and respawned
        let p = Pane { socket, _dir: dir, command: cmd, sent: Default::default(), named: Default::default() };
        p.tmux(&["set-option", "-t", "e2e", "remain-on-exit", "on"]);
        p
    }

    pub fn tmux(&self, args: &[&str]) -> String {
        let out = Command::new("tmux").arg("-S").arg(&self.socket).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Named keys (tmux names: C-n, M-2, Enter, Escape, Down), one at a time.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux(&["send-keys", "-t", "e2e", k]);
            self.sent.set(self.sent.get() + 1);
            self.named.set(self.named.get() + 1);
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    pub fn text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "e2e", "-l", text]);
        self.sent.set(self.sent.get() + text.chars().count());
        std::thread::sleep(Duration::from_millis(100));
    }

    /// Paste `text` as the terminal does (bracketed paste, as loket enables it).
    pub fn paste(&self, text: &str) {
        self.tmux(&["set-buffer", "-b", "e2e", text]);
        self.tmux(&["paste-buffer", "-p", "-b", "e2e", "-t", "e2e"]);
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Keys sent so far: a named key counts one, typed text one per character.
    pub fn sent(&self) -> usize {
        self.sent.get()
    }

    /// Named keys sent so far (everything but typed text).
    pub fn named(&self) -> usize {
        self.named.get()
    }

    /// Start the same command again in the pane (after a kill or an exit).
    pub fn respawn(&self) {
        self.tmux(&["respawn-pane", "-k", "-t", "e2e", &self.command]);
    }

    /// As [`Pane::respawn`], under a shell that prints loket's exit status afterwards
    /// (`loket-exit=N`), so a test can read how loket ended.
    pub fn respawn_reporting_exit(&self) {
        let cmd = format!("{}; echo loket-exit=$?; sleep 60", self.command);
        self.tmux(&["respawn-pane", "-k", "-t", "e2e", "sh", "-c", &cmd]);
    }

    /// The pid of the pane's process.
    pub fn pane_pid(&self) -> i32 {
        self.tmux(&["list-panes", "-t", "e2e", "-F", "#{pane_pid}"]).trim().parse().unwrap()
    }

    /// The pid of loket itself when it runs under a shell ([`Pane::respawn_reporting_exit`]).
    pub fn loket_pid(&self) -> i32 {
        let sh = self.pane_pid();
        let out = Command::new("pgrep").args(["-P", &sh.to_string()]).output().unwrap();
        String::from_utf8_lossy(&out.stdout).lines().next().and_then(|l| l.trim().parse().ok()).unwrap_or(sh)
    }

    /// Wait until the sociale kaart is loaded and listed; the screen then.
    pub fn wait_loaded(&self) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains("Resultaten") && !s.contains("laden") && s.contains("│§ ") {
                return s;
            }
            assert!(start.elapsed() < Duration::from_secs(40), "the map did not load:\n{s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", "e2e"])
    }

    /// Wait until `needle` is in the plain text written before the TUI starts (questions on
    /// stderr), which the terminal wraps wherever the line happens to end: lines that wrapped are
    /// joined again (`capture-pane -J`).
    pub fn wait_for_wrapped(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.tmux(&["capture-pane", "-p", "-J", "-t", "e2e"]);
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(40) {
                panic!("'{needle}' did not appear on screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Wait (generously) until `needle` is on screen.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(40) {
                panic!("'{needle}' did not appear on screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Quit loket with ctrl-q, answering j when it asks whether to quit anyway; returns once it
    /// has ended.
    pub fn quit(&self) {
        self.keys(&["C-q"]);
        let start = Instant::now();
        loop {
            if self.tmux(&["list-panes", "-t", "e2e", "-F", "#{pane_dead}"]).trim() == "1" {
                return;
            }
            if self.screen().contains("Toch afsluiten?") {
                self.keys(&["j"]);
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "loket did not quit:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(50));
        }
        self.wait_exit();
    }

    pub fn wait_exit(&self) {
        let start = Instant::now();
        while self.tmux(&["list-panes", "-t", "e2e", "-F", "#{pane_dead}"]).trim() != "1" {
            assert!(start.elapsed() < Duration::from_secs(30), "loket did not exit:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Where loket's stderr goes.
enum Stderr {
    Pane,
    File,
    Both,
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux").arg("-S").arg(&self.socket).arg("kill-server").status();
    }
}

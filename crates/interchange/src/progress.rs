//! Progress on stderr for the long commands (import, export, genereer, migreer, opschonen,
//! backup, herstel): what is done, the rate and the time left — only on a terminal; in a pipe or
//! a log file nothing at all.
//!
//! Drawn by indicatif (console-rs): it clears the line it redraws (the hand-made `\r` line left
//! stray characters when a line got shorter or another message came in between), hides itself
//! when stderr is no terminal, and redraws on a timer of its own (a steady tick), so the line
//! keeps moving while loket waits on one long step. The estimate is loket's own ([`schatting`],
//! unit-tested): never "nog ~0 s" while work remains, and once everything is read but not yet
//! written it says "afronden" with the seconds it has taken so far, instead of an estimate that
//! sits frozen at zero. A step whose size is not known ([`Progress::fase`]) shows a spinner with
//! the time it has taken — honest, and never an estimate.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// How often the line is redrawn when nothing new is reported (the time keeps counting).
const TICK: Duration = Duration::from_millis(250);

/// What the line says about the time left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schatting {
    /// Too early to say (nothing done yet, or less than a second gone).
    Onbekend,
    /// About this many seconds left (at least 1).
    Nog(u64),
    /// Everything counted is done; the last step (writing, committing) still runs.
    Afronden,
}

/// The time left after `done` of `total` in `elapsed`, from the average rate so far. Rounded up,
/// so it is never 0 while work remains.
pub fn schatting(done: u64, total: u64, elapsed: Duration) -> Schatting {
    if done >= total {
        return Schatting::Afronden;
    }
    if done == 0 || elapsed < Duration::from_secs(1) {
        return Schatting::Onbekend;
    }
    let left = (total - done) as f64 * elapsed.as_secs_f64() / done as f64;
    Schatting::Nog((left.ceil() as u64).max(1))
}

/// "nog ~12 s", "nog ~3 min", "afronden (14 s)", "schatten…".
pub fn schatting_tekst(s: Schatting, elapsed: Duration) -> String {
    match s {
        Schatting::Onbekend => "schatten…".to_string(),
        Schatting::Nog(n) if n < 90 => format!("nog ~{n} s"),
        Schatting::Nog(n) => format!("nog ~{} min", n.div_ceil(60)),
        Schatting::Afronden => format!("afronden ({} s)", elapsed.as_secs()),
    }
}

pub struct Progress {
    bar: ProgressBar,
    done: u64,
    total: u64,
}

fn target(wanted: bool) -> ProgressDrawTarget {
    if tonen(wanted, std::io::stderr().is_terminal()) {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    }
}

/// Progress is drawn only when asked for and stderr is a terminal (never into a pipe or file).
fn tonen(wanted: bool, terminal: bool) -> bool {
    wanted && terminal
}

impl Progress {
    /// A count of `total` `unit`s ("records", or "MB" for bytes shown as megabytes).
    /// `wanted`: the caller asked for progress; it still shows only when stderr is a terminal.
    pub fn new(label: &'static str, unit: &'static str, total: u64, wanted: bool) -> Progress {
        let mb = unit == "MB";
        let style = ProgressStyle::with_template(if mb {
            "{msg}: {mb_done}/{mb_total} MB, {mb_rate}, {nog}"
        } else {
            "{msg}: {pos}/{len} {unit}, {rate}, {nog}"
        })
        .expect("a valid template")
        .with_key("unit", move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(unit);
        })
        .with_key("mb_done", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.1}", s.pos() as f64 / 1e6);
        })
        .with_key("mb_total", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.1}", s.len().unwrap_or(0) as f64 / 1e6);
        })
        .with_key("mb_rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.1} MB/s", s.pos() as f64 / 1e6 / s.elapsed().as_secs_f64().max(0.001));
        })
        .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0}/s", s.pos() as f64 / s.elapsed().as_secs_f64().max(0.001));
        })
        .with_key("nog", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let e = s.elapsed();
            let _ = w.write_str(&schatting_tekst(schatting(s.pos(), s.len().unwrap_or(0), e), e));
        });
        let bar = ProgressBar::with_draw_target(Some(total), target(wanted)).with_style(style).with_message(label);
        if !bar.is_hidden() {
            bar.enable_steady_tick(TICK);
        }
        Progress { bar, done: 0, total }
    }

    /// A step whose size is not known (reading a whole store, one transaction): a spinner, the
    /// label and the time it has taken so far.
    pub fn fase(label: impl Into<String>, wanted: bool) -> Progress {
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template");
        let bar = ProgressBar::with_draw_target(None, target(wanted)).with_style(style).with_message(label.into());
        if !bar.is_hidden() {
            bar.enable_steady_tick(TICK);
        }
        Progress { bar, done: 0, total: 0 }
    }

    /// Say what the step does now (a [`Progress::fase`] that goes on to its next part).
    pub fn zeg(&self, label: impl Into<String>) {
        self.bar.set_message(label.into());
    }

    pub fn set(&mut self, done: u64) {
        self.done = done;
        self.bar.set_position(done);
    }

    pub fn done(&self) -> u64 {
        self.done
    }

    pub fn add(&mut self, n: u64) {
        self.set(self.done + n);
    }

    /// Is anything shown (a terminal, and asked for)?
    pub fn zichtbaar(&self) -> bool {
        !self.bar.is_hidden()
    }

    /// The line is cleared; what the command prints next stands on a clean line.
    pub fn finish(&mut self) {
        self.done = self.total.max(self.done);
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    /// An error on the way leaves no half line behind either.
    fn drop(&mut self) {
        if !self.bar.is_finished() {
            self.bar.finish_and_clear();
        }
    }
}

/// With `LOKET_GEHEUGEN` set: the process's resident memory now and its peak so far (Linux
/// `/proc/self/status`), on stderr, after a named step of an import. For measurements
/// (docs/hsds.md); nothing of the data is printed.
pub fn geheugen(stap: &str) {
    if std::env::var_os("LOKET_GEHEUGEN").is_none() {
        return;
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let veld = |k: &str| {
        status.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_string()).unwrap_or_else(|| "?".into())
    };
    let heap = loket_base::platform::heap_in_gebruik().map(|b| format!(", in gebruik {} kB", b / 1024));
    eprintln!("geheugen na {stap}: {} (piek {}){}", veld("VmRSS:"), veld("VmHWM:"), heap.unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_estimate_is_never_zero_while_work_remains() {
        let s = Duration::from_secs;
        assert_eq!(schatting(0, 100, s(5)), Schatting::Onbekend);
        assert_eq!(schatting(10, 100, Duration::from_millis(300)), Schatting::Onbekend, "too early");
        assert_eq!(schatting(50, 100, s(10)), Schatting::Nog(10));
        // almost done: rounded up, never 0
        assert_eq!(schatting(999_999, 1_000_000, s(10)), Schatting::Nog(1));
        for done in [1, 10, 500, 99_999] {
            assert!(matches!(schatting(done, 100_000, s(3)), Schatting::Nog(n) if n >= 1));
        }
        // all counted, the last step still running: no estimate, the time it takes
        assert_eq!(schatting(100, 100, s(12)), Schatting::Afronden);
        assert_eq!(schatting(0, 0, s(1)), Schatting::Afronden);
        assert_eq!(schatting_tekst(Schatting::Afronden, s(14)), "afronden (14 s)");
        assert_eq!(schatting_tekst(Schatting::Nog(12), s(1)), "nog ~12 s");
        assert_eq!(schatting_tekst(Schatting::Nog(150), s(1)), "nog ~3 min");
        assert!(!schatting_tekst(Schatting::Nog(1), s(1)).contains("~0"));
    }

    #[test]
    fn the_estimate_moves_with_the_clock_when_no_work_is_reported() {
        // a step that stalls: with the same count the time left grows as the time goes by,
        // it never sits frozen
        let a = schatting(40, 100, Duration::from_secs(4));
        let b = schatting(40, 100, Duration::from_secs(8));
        assert!(matches!((a, b), (Schatting::Nog(x), Schatting::Nog(y)) if y > x), "{a:?} {b:?}");
    }

    #[test]
    fn in_a_pipe_nothing_is_drawn() {
        assert!(!tonen(true, false), "a pipe or a file");
        assert!(tonen(true, true) && !tonen(false, true));
        // the real stderr decides, whatever it is while the tests run
        let p = Progress::new("inlezen", "records", 10, true);
        assert_eq!(p.zichtbaar(), std::io::stderr().is_terminal());
        assert!(!Progress::new("x", "records", 1, false).zichtbaar());
        assert!(!Progress::fase("x", false).zichtbaar());
    }
}

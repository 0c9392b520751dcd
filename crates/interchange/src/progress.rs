//! Progress on stderr for long imports and exports: done, rate, time left. Only on a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    enabled: bool,
    label: &'static str,
    unit: &'static str,
    total: u64,
    done: u64,
    start: Instant,
    last: Option<Instant>,
    shown: bool,
}

impl Progress {
    /// `wanted`: the caller asked for progress; it still shows only when stderr is a terminal.
    pub fn new(label: &'static str, unit: &'static str, total: u64, wanted: bool) -> Progress {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            label,
            unit,
            total,
            done: 0,
            start: Instant::now(),
            last: None,
            shown: false,
        }
    }

    pub fn set(&mut self, done: u64) {
        self.done = done;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self.last.is_some_and(|l| now - l < Duration::from_millis(200)) {
            return;
        }
        if self.last.is_none() && now - self.start < Duration::from_millis(300) {
            return;
        }
        self.last = Some(now);
        self.draw();
    }

    pub fn done(&self) -> u64 {
        self.done
    }

    pub fn add(&mut self, n: u64) {
        self.set(self.done + n);
    }

    fn draw(&mut self) {
        let secs = self.start.elapsed().as_secs_f64().max(0.001);
        let rate = self.done as f64 / secs;
        let (done, total, rate_s) = if self.unit == "MB" {
            (
                format!("{:.1}", self.done as f64 / 1e6),
                format!("{:.1}", self.total as f64 / 1e6),
                format!("{:.1} MB/s", rate / 1e6),
            )
        } else {
            (self.done.to_string(), self.total.to_string(), format!("{rate:.0}/s"))
        };
        let left = if self.total > self.done && rate > 0.0 {
            format!(", nog ~{:.0} s", (self.total - self.done) as f64 / rate)
        } else {
            String::new()
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r{}: {done}/{total} {}, {rate_s}{left}   ", self.label, self.unit);
        let _ = err.flush();
        self.shown = true;
    }

    pub fn finish(&mut self) {
        if self.enabled && self.shown {
            self.done = self.total.max(self.done);
            self.draw();
            let _ = writeln!(std::io::stderr());
        }
    }
}

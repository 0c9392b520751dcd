//! The support log: what loket did and what went wrong, for the helpdesk, in a file per day in
//! `logboek/` in the data directory (kept 14 days, private like everything loket writes). Never
//! personal data: it records the version, the command, the kind of store, how long it took, and
//! the same error and repair lines loket shows on screen (which never hold personal data
//! either; the no-leaks check reads this file with the others). `logniveau` in the config says
//! how much (uit, fout, waarschuwing, info, debug; default info).

use std::path::Path;

/// The folder in the data directory.
pub const MAP: &str = "logboek";
/// How many daily files are kept.
pub const BEWAARD: usize = 14;

/// Start the log in `data_dir` at `niveau` (a name from [`crate::config::LOGNIVEAUS`]). A log
/// that can't be started (a read-only folder) never stops loket: it says so on stderr once.
/// Returns whether a log was started.
pub fn start(data_dir: &Path, niveau: &str) -> bool {
    let level = match niveau {
        "uit" => return false,
        "fout" => tracing::Level::ERROR,
        "waarschuwing" => tracing::Level::WARN,
        "debug" => tracing::Level::DEBUG,
        _ => tracing::Level::INFO,
    };
    let map = data_dir.join(MAP);
    let appender = std::fs::create_dir_all(&map).map_err(|e| e.to_string()).and_then(|()| {
        tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("loket")
            .filename_suffix("log")
            .max_log_files(BEWAARD)
            .build(&map)
            .map_err(|e| e.to_string())
    });
    match appender {
        Ok(a) => tracing_subscriber::fmt()
            .with_writer(a)
            .with_ansi(false)
            .with_target(false)
            .with_max_level(level)
            .try_init()
            .is_ok(),
        Err(e) => {
            eprintln!("loket: waarschuwing: geen logboek in {} ({e})", map.display());
            false
        }
    }
}

//! What differs between Unix and Windows, one function per concern, so that the rest of loket
//! has no `cfg` of its own (a test, `tests/platform.rs`, holds every crate to that).
//!
//! Linux is built and tested here. The Windows side is written for and reviewed, not built: this
//! machine has no Windows standard library. Each Unix protection has its Windows counterpart, or
//! the reason why none is needed, next to it.
//!
//! On Windows loket keeps its files in the user's profile (`%APPDATA%`, `%LOCALAPPDATA%`, the
//! locations `directories` gives): the profile's ACL grants only that user (with SYSTEM and the
//! administrators), and files created there inherit it. That is what the Unix modes 0600/0700
//! and the umask give on Unix, so those three are no-ops on Windows by design, and a data
//! directory outside the profile (`--data-dir`) must be given such an ACL by the beheerder
//! (installatiehandleiding).

use std::fs::{File, OpenOptions};
use std::path::Path;

/// Every file and directory this process creates is its user's alone (umask 077).
/// Windows: no umask; the profile's inherited ACL (see the module's text).
pub fn prive_proces() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file mode mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

/// Options that create a file readable and writable by its owner only (0600).
/// Windows: the inherited ACL of the per-user location (see the module's text).
pub fn prive_openen(o: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Make a directory its owner's alone (0700).
/// Windows: the inherited ACL of the per-user location (see the module's text).
pub fn prive_map(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Make an existing file its owner's alone (0600), for a file another program wrote (pg_dump).
/// Windows: the inherited ACL of the per-user location (see the module's text).
pub fn prive_bestand(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// The folder of the machine-wide configuration: `/etc/loket` on Unix; on Windows the
/// machine-wide data folder (`%PROGRAMDATA%\loket`, `C:\ProgramData`, writable by
/// administrators only).
pub fn systeemconfig_map() -> Option<std::path::PathBuf> {
    #[cfg(windows)]
    {
        std::env::var_os("PROGRAMDATA").map(|d| std::path::PathBuf::from(d).join("loket"))
    }
    #[cfg(not(windows))]
    {
        Some(std::path::PathBuf::from("/etc/loket"))
    }
}

/// May others than its owner read this file? `Some` on Unix (the group and other bits);
/// `None` where the platform does not say it this way. Windows: `None`, and the caller trusts
/// the per-user location, as libpq does for `pgpass.conf` ("on Microsoft Windows, it is assumed
/// that the file is stored in a directory that is secure").
pub fn leesbaar_voor_anderen(path: &Path) -> Option<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o077 != 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Run `f` with the terminal's echo off (a PIN typed is not shown); echo is restored after.
/// When stdin is no terminal (a pipe), `f` runs as it is.
pub fn zonder_echo<T>(f: impl FnOnce() -> T) -> T {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let fd = std::io::stdin().as_raw_fd();
        // SAFETY: termios is plain data; tcgetattr fills it or fails (then echo is left alone).
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        if unsafe { libc::tcgetattr(fd, &mut t) } != 0 {
            return f();
        }
        let old = t;
        t.c_lflag &= !libc::ECHO;
        // SAFETY: a valid termios for this fd, read above.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &t) };
        let r = f();
        // SAFETY: restores the settings read above.
        unsafe { libc::tcsetattr(fd, libc::TCSANOW, &old) };
        r
    }
    #[cfg(windows)]
    {
        use windows_sys::Win32::System::Console::{
            GetConsoleMode, GetStdHandle, SetConsoleMode, ENABLE_ECHO_INPUT, STD_INPUT_HANDLE,
        };
        // SAFETY: the process's own console input handle; the mode is read before it is set, and
        // when either call fails (no console: a pipe) nothing is changed.
        unsafe {
            let h = GetStdHandle(STD_INPUT_HANDLE);
            let mut mode = 0u32;
            if GetConsoleMode(h, &mut mode) == 0 {
                return f();
            }
            SetConsoleMode(h, mode & !ENABLE_ECHO_INPUT);
            let r = f();
            SetConsoleMode(h, mode);
            r
        }
    }
    #[cfg(not(any(unix, windows)))]
    {
        // no other platform is supported; the PIN would be shown
        f()
    }
}

/// Try to take the exclusive lock on `file` that sled takes on its `db` file, without waiting.
/// True when taken (release it with [`slot_los`], or by closing the file). Both platforms: the
/// standard library's file lock (flock on Unix, LockFileEx on Windows, as sled's own).
pub fn probeer_slot(file: &File) -> bool {
    file.try_lock().is_ok()
}

/// Release a lock taken with [`probeer_slot`].
pub fn slot_los(file: &File) {
    let _ = file.unlock();
}

/// The program that opens a file in the system's browser or viewer: `xdg-open` (Linux and other
/// Unix desktops), `open` (macOS), `start` through `cmd` (Windows).
fn systeemopener() -> Vec<std::ffi::OsString> {
    #[cfg(windows)]
    {
        // `start` is a command of cmd itself; its first quoted argument is the window's title
        ["cmd", "/C", "start", ""].iter().map(Into::into).collect()
    }
    #[cfg(target_os = "macos")]
    {
        vec!["open".into()]
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        vec!["xdg-open".into()]
    }
    #[cfg(not(any(unix, windows)))]
    {
        Vec::new()
    }
}

/// Open `path` in the system's browser or viewer ([`systeemopener`]), or with `opener` when given
/// (a program and its arguments, split on spaces; the path is added as the last argument; the
/// config's `brief_openen_met` or `LOKET_OPENER`). Does not wait for the viewer: the opener runs
/// beside loket with its output discarded (it would write over the screen), and is reaped by a
/// thread of its own. An error when it can't be started.
pub fn openen_met_systeem(path: &Path, opener: Option<&str>) -> std::io::Result<()> {
    let mut woorden: Vec<std::ffi::OsString> = match opener.map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => o.split_whitespace().map(Into::into).collect(),
        None => systeemopener(),
    };
    if woorden.is_empty() {
        return Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "geen programma om bestanden te openen"));
    }
    let programma = woorden.remove(0);
    let mut child = std::process::Command::new(programma)
        .args(woorden)
        .arg(path)
        // the browser needs no way into the database
        .env_remove("LOKET_DATABASE_URL")
        .env_remove("PGPASSWORD")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    std::thread::spawn(move || {
        let _ = child.wait();
    });
    Ok(())
}

/// The bytes the allocator has handed out and not got back: the live data, beside the resident
/// memory that also holds freed blocks the allocator keeps. For the memory figures of an import
/// (`LOKET_GEHEUGEN`). Windows (and Unix without glibc): None, not measured there.
pub fn heap_in_gebruik() -> Option<usize> {
    #[cfg(all(unix, target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 takes no arguments and returns a plain struct by value (glibc 2.33+).
        let m = unsafe { libc::mallinfo2() };
        Some(m.uordblks + m.hblkhd)
    }
    #[cfg(not(all(unix, target_os = "linux", target_env = "gnu")))]
    {
        None
    }
}

/// Give memory that was freed back to the operating system. glibc keeps freed blocks of a
/// fragmented heap resident, so after a large step (an import's source tables, a merged map)
/// the next step's allocations came on top and the process's peak was the sum of both.
/// Windows (and Unix without glibc): nothing to do, their allocators return memory themselves.
pub fn geheugen_teruggeven() {
    #[cfg(all(unix, target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory of the allocator's own heaps; it cannot fail.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Let the operating system take back the pages of a read-only file mapping that this process
/// has read: what is looked at later is read again from the page cache. Only for a shared,
/// read-only mapping of a file that is never changed in place (replaced by a rename), so that a
/// page let go comes back with the same bytes. Elsewhere: nothing to do.
pub fn gelezen_paginas_loslaten(map: &memmap2::Mmap) {
    #[cfg(unix)]
    // SAFETY: as said above: a page let go of is read again from the unchanged file, so every
    // slice borrowed from the mapping keeps its bytes.
    let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
    #[cfg(not(unix))]
    let _ = map;
}

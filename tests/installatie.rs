//! Installing loket at a municipality: a binary without the system's OpenSSL, the system-wide
//! config and `loket config`, backup and restore, the Dutch command line.

use std::process::Command;

/// The binary links no system OpenSSL (TLS goes through rustls): `ldd` names neither libssl nor
/// libcrypto. The debug binary links the same libraries as the release one; `scripts/release.sh`
/// checks the release binary the same way.
#[test]
#[cfg(target_os = "linux")]
fn the_binary_links_no_system_openssl() {
    let out = Command::new("ldd").arg(env!("CARGO_BIN_EXE_loket")).output().expect("ldd");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("libc.so"), "ldd answered: {text}");
    assert!(!text.contains("libssl") && !text.contains("libcrypto"), "{text}");
}

//! The BSN is encrypted at rest (AVG): XChaCha20-Poly1305 with a key kept outside the store, in
//! a 0600 file `bsn.sleutel` beside the config file (created on first use), or in the environment
//! variable `LOKET_BSN_SLEUTEL` (64 hex digits) for servers. A stored BSN reads `bsn1:` followed
//! by the nonce and the ciphertext in hex. Without the key a stored BSN can't be read: back the
//! key up apart from the data.

use std::sync::OnceLock;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use sha2::Digest;

use super::StoreError;
use loket_domain::bsn::VERZEGELD as PREFIX;
use loket_domain::contact::Contact;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// Where the key file is.
pub fn key_path() -> Option<std::path::PathBuf> {
    loket_config::config_path().and_then(|p| p.parent().map(|d| d.join("bsn.sleutel")))
}

/// A key as written in a key file or `LOKET_BSN_SLEUTEL`: 64 hexadecimal digits.
pub fn parse_key(text: &str) -> Option<[u8; 32]> {
    unhex(text.trim()).and_then(|v| <[u8; 32]>::try_from(v).ok())
}

/// A key as it is written in a key file.
pub fn key_text(key: &[u8; 32]) -> String {
    hex(key)
}

/// A new random key.
pub fn new_key() -> [u8; 32] {
    XChaCha20Poly1305::generate_key(&mut OsRng).into()
}

/// The fingerprint of a key: what a shared store keeps to check that every desk has the same
/// key, without holding the key (the first 8 bytes of SHA-256 over a fixed label and the key).
pub fn fingerprint(key: &[u8; 32]) -> i64 {
    let mut h = sha2::Sha256::new();
    h.update(b"loket bsn-sleutel v1");
    h.update(key);
    let d = h.finalize();
    i64::from_be_bytes(d[..8].try_into().expect("8 bytes"))
}

/// A fingerprint as people read it: 16 hexadecimal digits in groups of four.
pub fn fingerprint_text(fp: i64) -> String {
    let h = format!("{:016x}", fp as u64);
    format!("{}-{}-{}-{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
}

/// The desk's key, from `LOKET_BSN_SLEUTEL` or the key file. `make`: create the key file when
/// there is none (the embedded store, one PC); a shared store never does that: every desk must
/// have the one key of the database (`loket sleutel installeren`).
pub fn desk_key(make: bool) -> Result<[u8; 32], String> {
    if let Ok(h) = std::env::var("LOKET_BSN_SLEUTEL") {
        return parse_key(&h).ok_or_else(|| "LOKET_BSN_SLEUTEL moet 64 hexadecimale tekens zijn".to_string());
    }
    let path = key_path().ok_or("geen configuratiemap voor de BSN-sleutel")?;
    match std::fs::read_to_string(&path) {
        Ok(text) => parse_key(&text).ok_or_else(|| format!("{}: geen geldige BSN-sleutel", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && make => {
            let key = new_key();
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), e.kind()))?;
            }
            loket_base::fs::write_private(&path, key_text(&key).as_bytes())
                .map_err(|e| format!("{}: {}", path.display(), e.kind()))?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!(
            "deze desk heeft geen BSN-sleutel ({} ontbreekt). Op een gedeelde database maakt een desk nooit een eigen sleutel: de functioneel beheerder installeert de sleutel van de database met `loket sleutel installeren BESTAND`",
            path.display()
        )),
        Err(e) => Err(format!("{}: {}", path.display(), e.kind())),
    }
}

/// The desk's key as used: its cipher and its fingerprint, together, so the key that is checked
/// against the database is the key that seals.
struct Sleutel {
    cipher: XChaCha20Poly1305,
    fingerprint: i64,
}

fn sleutel(make: bool) -> Result<&'static Sleutel, StoreError> {
    // a key found once is kept; a missing one is looked for again (it may be installed meanwhile)
    static SLEUTEL: OnceLock<Sleutel> = OnceLock::new();
    if let Some(s) = SLEUTEL.get() {
        return Ok(s);
    }
    let key = desk_key(make).map_err(|e| StoreError::Refused(format!("BSN-sleutel: {e}")))?;
    Ok(SLEUTEL.get_or_init(|| Sleutel { cipher: XChaCha20Poly1305::new(&key.into()), fingerprint: fingerprint(&key) }))
}

/// The fingerprint of the key this desk seals with (see [`desk_key`] for `make`).
pub fn desk_fingerprint(make: bool) -> Result<i64, StoreError> {
    sleutel(make).map(|s| s.fingerprint)
}

fn cipher(make: bool) -> Result<&'static XChaCha20Poly1305, StoreError> {
    sleutel(make).map(|s| &s.cipher)
}

/// Does this contact carry a BSN that is not sealed yet?
pub fn needs_sealing(c: &Contact) -> bool {
    c.client.bsn.as_deref().is_some_and(|b| !b.starts_with(PREFIX))
}

/// A copy of `c` whose BSN is encrypted (only when it has one), on the embedded store: the key
/// file is made on first use.
pub fn seal(c: &Contact) -> Result<std::borrow::Cow<'_, Contact>, StoreError> {
    seal_with(c, true)
}

/// As [`seal`], on a shared store: the desk's key must be there (never made here); the caller
/// has checked its fingerprint against the database's.
pub fn seal_shared(c: &Contact) -> Result<std::borrow::Cow<'_, Contact>, StoreError> {
    seal_with(c, false)
}

fn seal_with(c: &Contact, make: bool) -> Result<std::borrow::Cow<'_, Contact>, StoreError> {
    match c.client.bsn.as_deref() {
        Some(b) if !b.starts_with(PREFIX) => {
            let cipher = cipher(make)?;
            let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
            let ct = cipher
                .encrypt(&nonce, b.as_bytes())
                .map_err(|_| StoreError::Refused("BSN versleutelen mislukt".into()))?;
            let mut out = c.clone();
            out.client.bsn = Some(format!("{PREFIX}{}{}", hex(&nonce), hex(&ct)));
            Ok(std::borrow::Cow::Owned(out))
        }
        _ => Ok(std::borrow::Cow::Borrowed(c)),
    }
}

/// Decrypt a sealed BSN with this key (None: not sealed with it).
pub fn open_with(sealed: &str, key: &[u8; 32]) -> Option<String> {
    let v = unhex(sealed.strip_prefix(PREFIX)?).filter(|v| v.len() > 24)?;
    let (nonce, ct) = v.split_at(24);
    let plain = XChaCha20Poly1305::new(&(*key).into()).decrypt(XNonce::from_slice(nonce), ct).ok()?;
    String::from_utf8(plain).ok()
}

/// Seal a BSN with this key (for re-sealing under the database's key).
pub fn seal_bsn_with(bsn: &str, key: &[u8; 32]) -> Result<String, StoreError> {
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let ct = XChaCha20Poly1305::new(&(*key).into())
        .encrypt(&nonce, bsn.as_bytes())
        .map_err(|_| StoreError::Refused("BSN versleutelen mislukt".into()))?;
    Ok(format!("{PREFIX}{}{}", hex(&nonce), hex(&ct)))
}

/// Decrypt the BSN of a contact as read from the store (a BSN from before encryption is plain).
/// Without the right key the sealed value stays as it is: shown as unreadable (see
/// [`loket_domain::bsn::mask`]), and written back unchanged, so a desk with a wrong or missing
/// key never destroys a BSN.
pub fn open(mut c: Contact) -> Contact {
    if let Some(sealed) = c.client.bsn.as_deref().filter(|b| b.starts_with(PREFIX)) {
        let plain = unhex(&sealed[PREFIX.len()..]).filter(|v| v.len() > 24).and_then(|v| {
            let cipher = cipher(false).ok()?;
            let (nonce, ct) = v.split_at(24);
            cipher.decrypt(XNonce::from_slice(nonce), ct).ok()
        });
        if let Some(p) = plain.and_then(|p| String::from_utf8(p).ok()) {
            c.client.bsn = Some(p);
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_bsn_is_not_in_the_bytes_and_opens_again() {
        // a test key, as a server would give it (never the user's own key file)
        std::env::set_var("LOKET_BSN_SLEUTEL", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        let mut c = Contact::new(1, loket_domain::contact::Kanaal::Balie, chrono::NaiveDateTime::default());
        c.client.bsn = Some("123456782".into());
        let sealed = seal(&c).unwrap().into_owned();
        let bytes = crate::encode(&sealed).unwrap();
        assert!(!bytes.windows(9).any(|w| w == b"123456782"));
        assert!(sealed.client.bsn.as_deref().unwrap().starts_with("bsn1:"));
        assert_eq!(open(sealed).client.bsn.as_deref(), Some("123456782"));
        let mut none = c.clone();
        none.client.bsn = None;
        assert!(matches!(seal(&none).unwrap(), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_bsn_sealed_with_another_key_stays_sealed_and_is_written_back_unchanged() {
        std::env::set_var("LOKET_BSN_SLEUTEL", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        let other = new_key();
        let mut c = Contact::new(1, loket_domain::contact::Kanaal::Balie, chrono::NaiveDateTime::default());
        let sealed = seal_bsn_with("123456782", &other).unwrap();
        c.client.bsn = Some(sealed.clone());
        let opened = open(c);
        assert_eq!(opened.client.bsn.as_deref(), Some(sealed.as_str()), "kept sealed, not replaced by a marker");
        assert_eq!(seal(&opened).unwrap().client.bsn.as_deref(), Some(sealed.as_str()), "written back as it was");
        assert_eq!(open_with(&sealed, &other).as_deref(), Some("123456782"));
        assert!(loket_domain::bsn::mask(&sealed).starts_with("onleesbaar"));
    }

    #[test]
    fn fingerprints_tell_keys_apart_and_read_in_groups() {
        let (a, b) = (new_key(), new_key());
        assert_ne!(fingerprint(&a), fingerprint(&b));
        assert_eq!(fingerprint(&a), fingerprint(&a));
        assert_eq!(fingerprint_text(fingerprint(&a)).len(), 19);
        assert_eq!(parse_key(&key_text(&a)), Some(a));
    }
}

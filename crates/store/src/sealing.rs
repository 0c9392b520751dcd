//! The BSN is encrypted at rest (AVG): XChaCha20-Poly1305 with a key kept outside the store, in
//! a 0600 file `bsn.sleutel` beside the config file (created on first use), or in the environment
//! variable `LOKET_BSN_SLEUTEL` (64 hex digits) for servers. A stored BSN reads `bsn1:` followed
//! by the nonce and the ciphertext in hex. Without the key a stored BSN can't be read: back the
//! key up apart from the data.

use std::sync::OnceLock;

use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

use super::StoreError;
use loket_domain::contact::Contact;

const PREFIX: &str = "bsn1:";

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

fn load_key() -> Result<[u8; 32], String> {
    if let Ok(h) = std::env::var("LOKET_BSN_SLEUTEL") {
        return unhex(h.trim())
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .ok_or_else(|| "LOKET_BSN_SLEUTEL moet 64 hexadecimale tekens zijn".to_string());
    }
    let path = key_path().ok_or("geen configuratiemap voor de BSN-sleutel")?;
    match std::fs::read_to_string(&path) {
        Ok(text) => unhex(text.trim())
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .ok_or_else(|| format!("{}: geen geldige BSN-sleutel", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let key = XChaCha20Poly1305::generate_key(&mut OsRng);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {}", dir.display(), e.kind()))?;
            }
            loket_base::fs::write_private(&path, hex(&key).as_bytes())
                .map_err(|e| format!("{}: {}", path.display(), e.kind()))?;
            Ok(key.into())
        }
        Err(e) => Err(format!("{}: {}", path.display(), e.kind())),
    }
}

fn cipher() -> Result<&'static XChaCha20Poly1305, StoreError> {
    static CIPHER: OnceLock<Result<XChaCha20Poly1305, String>> = OnceLock::new();
    CIPHER
        .get_or_init(|| load_key().map(|k| XChaCha20Poly1305::new(&k.into())))
        .as_ref()
        .map_err(|e| StoreError::Refused(format!("BSN-sleutel: {e}")))
}

/// A copy of `c` whose BSN is encrypted (only when it has one).
pub fn seal(c: &Contact) -> Result<std::borrow::Cow<'_, Contact>, StoreError> {
    match c.client.bsn.as_deref() {
        Some(b) if !b.starts_with(PREFIX) => {
            let cipher = cipher()?;
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

/// Decrypt the BSN of a contact as read from the store (a BSN from before encryption is plain).
pub fn open(mut c: Contact) -> Contact {
    if let Some(s) = c.client.bsn.as_deref().and_then(|b| b.strip_prefix(PREFIX)) {
        let plain = unhex(s).filter(|v| v.len() > 24).and_then(|v| {
            let cipher = cipher().ok()?;
            let (nonce, ct) = v.split_at(24);
            cipher.decrypt(XNonce::from_slice(nonce), ct).ok()
        });
        // Without the key the BSN is unreadable: shown as such, never as the ciphertext.
        c.client.bsn =
            Some(plain.and_then(|p| String::from_utf8(p).ok()).unwrap_or_else(|| "onleesbaar (sleutel?)".into()));
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
}

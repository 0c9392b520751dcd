//! Stored values, with a version per stored type.
//!
//! Format 2 (since this change): one format byte `2`, the type's version as u16 big-endian, then
//! bincode 2 (serde, standard config). Format 1 (loket up to commit 3a9be29): one byte `1`, then
//! bincode; such a record counts as version 1 of its type.
//!
//! A type that changes shape raises its [`Stored::VERSION`] and teaches [`Stored::upgrade`] to read
//! every older version (keep a frozen copy of the old shape next to it). The golden fixtures in
//! `tests/fixtures/golden/` fail a test when a stored type changes without that.

use serde::{de::DeserializeOwned, Serialize};

/// The format byte of records written since per-type versions.
pub const FORMAT: u8 = 2;
/// The format byte of records written by loket up to commit 3a9be29 (one version for all types).
pub const LEGACY_FORMAT: u8 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("leeg gegeven")]
    Empty,
    #[error("onbekend opslagformaat {0}")]
    Format(u8),
    #[error("{kind} versie {found} is nieuwer dan deze loket kent (versie {expected}); werk loket bij")]
    TooNew { kind: &'static str, found: u16, expected: u16 },
    #[error("{kind} versie {found} kan deze loket niet omzetten (kent versie {expected})")]
    Version { kind: &'static str, found: u16, expected: u16 },
    #[error("coderen mislukt: {0}")]
    Encode(String),
    #[error("decoderen mislukt: {0}")]
    Decode(String),
}

/// A type that is stored: its name in messages, its current version, and how to read older ones.
pub trait Stored: Serialize + DeserializeOwned {
    /// Dutch name of the kind of record, for messages ("contact", "dossier").
    const KIND: &'static str;
    /// The version written now. Raise it when the shape changes, and extend [`Stored::upgrade`].
    const VERSION: u16;
    /// Read a payload written at an older `version` (format-1 records are version 1).
    fn upgrade(version: u16, _payload: &[u8]) -> Result<Self, CodecError> {
        Err(CodecError::Version { kind: Self::KIND, found: version, expected: Self::VERSION })
    }
}

/// Plain bincode of exactly these bytes (nothing left over).
pub fn bin<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    let (value, read) = bincode::serde::decode_from_slice(payload, bincode::config::standard())
        .map_err(|e| CodecError::Decode(e.to_string()))?;
    if read != payload.len() {
        return Err(CodecError::Decode(format!("{} bytes over na het gegeven", payload.len() - read)));
    }
    Ok(value)
}

fn bin_encode<T: Serialize>(value: &T, out: &mut Vec<u8>) -> Result<(), CodecError> {
    bincode::serde::encode_into_std_write(value, out, bincode::config::standard())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(())
}

pub fn encode<T: Stored>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = Vec::with_capacity(64);
    out.push(FORMAT);
    out.extend_from_slice(&T::VERSION.to_be_bytes());
    bin_encode(value, &mut out)?;
    Ok(out)
}

pub fn decode<T: Stored>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&format, rest) = bytes.split_first().ok_or(CodecError::Empty)?;
    let (version, payload) = match format {
        FORMAT => {
            let (v, payload) = rest.split_at_checked(2).ok_or(CodecError::Empty)?;
            (u16::from_be_bytes([v[0], v[1]]), payload)
        }
        LEGACY_FORMAT => (1, rest),
        other => return Err(CodecError::Format(other)),
    };
    match version.cmp(&T::VERSION) {
        std::cmp::Ordering::Equal => bin(payload),
        std::cmp::Ordering::Less => T::upgrade(version, payload),
        std::cmp::Ordering::Greater => Err(CodecError::TooNew { kind: T::KIND, found: version, expected: T::VERSION }),
    }
}

/// The version a stored record carries (1 for format 1), without decoding it.
pub fn version_of(bytes: &[u8]) -> Option<u16> {
    match bytes.split_first()? {
        (&FORMAT, rest) => rest.get(..2).map(|v| u16::from_be_bytes([v[0], v[1]])),
        (&LEGACY_FORMAT, _) => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Old {
        a: u32,
    }
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct New {
        a: u32,
        b: String,
    }
    impl Stored for Old {
        const KIND: &'static str = "proef";
        const VERSION: u16 = 1;
    }
    impl Stored for New {
        const KIND: &'static str = "proef";
        const VERSION: u16 = 2;
        fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
            match version {
                1 => bin::<Old>(payload).map(|o| New { a: o.a, b: "nieuw".into() }),
                _ => Err(CodecError::Version { kind: Self::KIND, found: version, expected: 2 }),
            }
        }
    }

    #[test]
    fn an_old_version_is_upgraded_and_a_newer_one_refused() {
        let old = encode(&Old { a: 7 }).unwrap();
        assert_eq!(version_of(&old), Some(1));
        assert_eq!(decode::<New>(&old).unwrap(), New { a: 7, b: "nieuw".into() });
        let new = encode(&New { a: 1, b: "x".into() }).unwrap();
        let err = decode::<Old>(&new).unwrap_err();
        assert!(matches!(err, CodecError::TooNew { found: 2, expected: 1, .. }), "{err}");
        assert!(err.to_string().contains("nieuwer"), "{err}");
    }

    #[test]
    fn legacy_format_counts_as_version_one() {
        let mut legacy = vec![LEGACY_FORMAT];
        bin_encode(&Old { a: 3 }, &mut legacy).unwrap();
        assert_eq!(decode::<Old>(&legacy).unwrap(), Old { a: 3 });
        assert_eq!(decode::<New>(&legacy).unwrap().b, "nieuw");
        assert!(matches!(decode::<Old>(&[99, 0]).unwrap_err(), CodecError::Format(99)));
        assert!(matches!(decode::<Old>(&[]).unwrap_err(), CodecError::Empty));
    }
}

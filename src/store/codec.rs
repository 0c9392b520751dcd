//! Stored values: one schema-version byte, then bincode 2 (serde, standard config).

use serde::{de::DeserializeOwned, Serialize};

/// Bump when a stored type changes shape; old values then fail with a clear message.
pub const SCHEMA_VERSION: u8 = 1;

#[derive(Debug, thiserror::Error)]
pub enum CodecError {
    #[error("leeg gegeven")]
    Empty,
    #[error("schemaversie {found} wordt niet ondersteund (deze loket kent versie {expected})")]
    Version { found: u8, expected: u8 },
    #[error("coderen mislukt: {0}")]
    Encode(String),
    #[error("decoderen mislukt: {0}")]
    Decode(String),
}

pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![SCHEMA_VERSION];
    bincode::serde::encode_into_std_write(value, &mut out, bincode::config::standard())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    Ok(out)
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    let (&v, rest) = bytes.split_first().ok_or(CodecError::Empty)?;
    if v != SCHEMA_VERSION {
        return Err(CodecError::Version { found: v, expected: SCHEMA_VERSION });
    }
    let (value, read) = bincode::serde::decode_from_slice(rest, bincode::config::standard())
        .map_err(|e| CodecError::Decode(e.to_string()))?;
    if read != rest.len() {
        return Err(CodecError::Decode(format!("{} bytes over na het gegeven", rest.len() - read)));
    }
    Ok(value)
}

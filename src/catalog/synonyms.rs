//! Desk synonyms (stub; filled in by the next commit).

/// Groups of words or phrases that mean the same at the desk.
pub fn synonyms() -> Vec<Vec<String>> {
    Vec::new()
}

pub fn parse_synonyms(_path: &str, _src: &str) -> Result<Vec<Vec<String>>, Vec<String>> {
    Ok(Vec::new())
}

//! Desk synonyms: groups of words or phrases that mean the same at the desk ("thuiszorg" and
//! "wijkverpleging", "taxi" and "regiotaxi"). They are data (`data/synoniemen.toml`), compiled in
//! like the demo map; [`synonyms`] is the one place they are loaded, so they can later come from
//! the store where a beheerder edits them.

use serde::Deserialize;

pub const SYNONYMS_PATH: &str = "data/synoniemen.toml";
pub const SYNONYMS_TOML: &str = include_str!("../../../data/synoniemen.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    groep: Vec<Groep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Groep {
    woorden: Vec<String>,
}

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Parse a synonyms file: `[[groep]]` tables with `woorden = [...]`, at least two per group.
/// Errors say `file:line: field: what is wrong`, in Dutch.
pub fn parse_synonyms(path: &str, src: &str) -> Result<Vec<Vec<String>>, Vec<String>> {
    let file: File = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
        vec![format!("{path}:{line}: {}", e.message().trim().replace('\n', " "))]
    })?;
    // The line of the n-th [[groep]] header, for messages about a group.
    // (a header starts its line: "[[groep]]" inside a comment is not one)
    let headers: Vec<usize> =
        src.lines().enumerate().filter(|(_, l)| l.trim_start().starts_with("[[groep]]")).map(|(i, _)| i + 1).collect();
    let mut errors = Vec::new();
    let mut groups = Vec::with_capacity(file.groep.len());
    for (i, g) in file.groep.into_iter().enumerate() {
        let line = headers.get(i).map(|l| l + 1).unwrap_or(0);
        let words: Vec<String> = g.woorden.iter().map(|w| w.trim().to_string()).filter(|w| !w.is_empty()).collect();
        if words.iter().any(|w| !w.chars().any(char::is_alphanumeric)) {
            errors.push(format!("{path}:{line}: woorden: een woord zonder letters of cijfers"));
        } else if words.len() < 2 {
            errors
                .push(format!("{path}:{line}: woorden: een groep heeft minstens twee woorden ({})", words.join(", ")));
        } else {
            groups.push(words);
        }
    }
    if errors.is_empty() {
        Ok(groups)
    } else {
        Err(errors)
    }
}

static ACTIVE: std::sync::RwLock<Option<Vec<Vec<String>>>> = std::sync::RwLock::new(None);

/// Use `groups` from now on (the store's list); `None` goes back to the bundled file.
pub fn set_active(groups: Option<Vec<Vec<String>>>) {
    *ACTIVE.write().unwrap_or_else(|p| p.into_inner()) = groups;
}

/// The desk synonyms in use (the store's list, else the bundled file), as groups of words or
/// phrases (as written).
pub fn synonyms() -> Vec<Vec<String>> {
    if let Some(g) = ACTIVE.read().unwrap_or_else(|p| p.into_inner()).clone() {
        return g;
    }
    parse_synonyms(SYNONYMS_PATH, SYNONYMS_TOML).expect("the bundled synonyms are valid (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_file_is_valid() {
        assert!(parse_synonyms(SYNONYMS_PATH, SYNONYMS_TOML).is_ok());
    }

    #[test]
    fn unknown_fields_are_named() {
        let err = parse_synonyms("s.toml", "[[groep]]\nwoord = [\"a\", \"b\"]\n").unwrap_err();
        assert!(err[0].starts_with("s.toml:2:") && err[0].contains("woord"), "{err:?}");
    }
}

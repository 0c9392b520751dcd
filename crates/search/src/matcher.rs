//! The one place that talks to the fuzzy matcher, so it can be swapped.
//!
//! fuzzy-matcher 0.3.7's `SkimMatcherV2` reuses a thread-local score matrix between calls and
//! does not fully reset it, which was seen to give a record a different score depending on what
//! was matched before. Its `use_cache(false)` switch panics (a RefCell borrowed twice), so every
//! call gets a fresh matcher and so a clean matrix. We only score vocabulary words, not every
//! record, so the extra allocation is cheap.

use fuzzy_matcher::skim::SkimMatcherV2;

#[derive(Default)]
pub struct Matcher;

impl Matcher {
    /// Score of `pattern` as a fuzzy subsequence of `choice`, or None when it does not occur.
    pub fn score(&self, choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default().ignore_case().fuzzy(choice, pattern, false).map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsequence_and_miss() {
        let m = Matcher;
        assert!(m.score("ouderenadviseur", "oudernadviseur").is_some());
        assert!(m.score("dagbesteding", "xyz").is_none());
    }

    #[test]
    fn same_score_whatever_came_before() {
        let m = Matcher;
        let first = m.score("huishoudelijke", "huish");
        for other in ["a-very-long-haystack-with-many-characters-in-it-for-the-matrix", "h", "hhhhhhhhhhhhhhhhhhhhuis"]
        {
            let _ = m.score(other, "huishoudelijk");
            assert_eq!(m.score("huishoudelijke", "huish"), first);
        }
    }
}

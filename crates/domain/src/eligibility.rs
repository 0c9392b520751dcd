//! Does a client qualify for a sociale-kaart entry? Marks shown in the results list when the
//! contact has an age or a gemeente. A mark is a hint for the desk, not a decision.

use super::kaart::{Doelgroep, Leeftijd, Werkgebied};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// Outside the age range.
    Leeftijd(String),
    /// The client's gemeente is outside the werkgebied.
    Werkgebied(String),
    /// The entry is only for a group the client's age rules out (ouderen / jeugd).
    Doelgroep(String),
}

impl Mismatch {
    pub fn short(&self) -> &'static str {
        match self {
            Mismatch::Leeftijd(_) => "leeftijd",
            Mismatch::Werkgebied(_) => "gemeente",
            Mismatch::Doelgroep(_) => "doelgroep",
        }
    }
    pub fn describe(&self) -> &str {
        match self {
            Mismatch::Leeftijd(s) | Mismatch::Werkgebied(s) | Mismatch::Doelgroep(s) => s,
        }
    }
}

/// What is known of the client for these checks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientProfile {
    pub leeftijd: Option<u8>,
    pub gemeente: Option<String>,
}

impl ClientProfile {
    pub fn is_empty(&self) -> bool {
        self.leeftijd.is_none() && self.gemeente.is_none()
    }
}

pub fn check(
    p: &ClientProfile,
    leeftijd: Leeftijd,
    werkgebied: &Werkgebied,
    doelgroepen: &[Doelgroep],
) -> Vec<Mismatch> {
    let mut out = Vec::new();
    if let Some(age) = p.leeftijd {
        if !leeftijd.contains(age) {
            out.push(Mismatch::Leeftijd(format!("alleen {}", leeftijd.describe())));
        } else if !doelgroepen.is_empty() && !doelgroepen.contains(&Doelgroep::Iedereen) {
            let only_old = doelgroepen.iter().all(|d| *d == Doelgroep::Ouderen);
            let only_young = doelgroepen.iter().all(|d| *d == Doelgroep::Jeugd);
            if only_old && leeftijd.is_any() && age < 55 {
                out.push(Mismatch::Doelgroep("bedoeld voor ouderen".into()));
            }
            if only_young && leeftijd.is_any() && age >= 27 {
                out.push(Mismatch::Doelgroep("bedoeld voor jeugd".into()));
            }
        }
    }
    if let Some(g) = p.gemeente.as_deref() {
        if !g.trim().is_empty() && !werkgebied.covers_gemeente(g.trim()) {
            out.push(Mismatch::Werkgebied(format!("alleen {}", werkgebied.describe())));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wg(g: &[&str]) -> Werkgebied {
        Werkgebied { gemeenten: g.iter().map(|s| s.to_string()).collect(), wijken: vec![] }
    }

    #[test]
    fn age_range() {
        let p = ClientProfile { leeftijd: Some(40), gemeente: None };
        let m = check(&p, Leeftijd { min: Some(65), max: None }, &wg(&[]), &[]);
        assert_eq!(m, vec![Mismatch::Leeftijd("alleen 65 jaar en ouder".into())]);
        let p = ClientProfile { leeftijd: Some(70), gemeente: None };
        assert!(check(&p, Leeftijd { min: Some(65), max: None }, &wg(&[]), &[]).is_empty());
    }

    #[test]
    fn werkgebied() {
        let p = ClientProfile { leeftijd: None, gemeente: Some("Heerlen".into()) };
        assert_eq!(check(&p, Leeftijd::default(), &wg(&["Groningen"]), &[]).len(), 1);
        assert!(check(&p, Leeftijd::default(), &wg(&["Heerlen"]), &[]).is_empty());
        assert!(check(&p, Leeftijd::default(), &wg(&[]), &[]).is_empty(), "landelijk fits everyone");
        let p = ClientProfile { leeftijd: None, gemeente: Some("heerlen".into()) };
        assert!(check(&p, Leeftijd::default(), &wg(&["Heerlen"]), &[]).is_empty(), "case-insensitive");
    }

    #[test]
    fn places_count_as_their_gemeente() {
        for place in ["Winsum", "Leens", "ulrum"] {
            let p = ClientProfile { leeftijd: None, gemeente: Some(place.into()) };
            assert!(check(&p, Leeftijd::default(), &wg(&["Het Hogeland"]), &[]).is_empty(), "{place}");
        }
        let p = ClientProfile { leeftijd: None, gemeente: Some("Hoensbroek".into()) };
        assert!(check(&p, Leeftijd::default(), &wg(&["Heerlen"]), &[]).is_empty());
        assert_eq!(check(&p, Leeftijd::default(), &wg(&["Groningen"]), &[]).len(), 1);
    }

    #[test]
    fn doelgroep_by_age() {
        let young = ClientProfile { leeftijd: Some(30), gemeente: None };
        assert_eq!(check(&young, Leeftijd::default(), &wg(&[]), &[Doelgroep::Ouderen]).len(), 1);
        assert!(
            check(&young, Leeftijd::default(), &wg(&[]), &[Doelgroep::Ouderen, Doelgroep::Mantelzorgers]).is_empty()
        );
        let old = ClientProfile { leeftijd: Some(80), gemeente: None };
        assert_eq!(check(&old, Leeftijd::default(), &wg(&[]), &[Doelgroep::Jeugd]).len(), 1);
        assert!(check(&old, Leeftijd::default(), &wg(&[]), &[Doelgroep::Iedereen]).is_empty());
    }

    #[test]
    fn nothing_known_nothing_marked() {
        let p = ClientProfile::default();
        assert!(check(&p, Leeftijd { min: Some(65), max: None }, &wg(&["Groningen"]), &[Doelgroep::Ouderen]).is_empty());
    }
}

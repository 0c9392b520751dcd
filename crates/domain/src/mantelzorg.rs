//! An overloaded mantelzorger (informal carer): "ik kan het niet meer aan, ik ben zelf op".
//! Overload of a carer is a complex question in itself (the carer needs support of their own,
//! from the mantelzorgsteunpunt), whatever the number of domains. Plain text rules, no UI.

use super::contact::{Contact, Levensdomein, Vrager};

/// Words that say the caller can't carry on (folded, as word sequences).
const OVERBELAST: &[&str] = &[
    "kan het niet meer aan",
    "kan het niet langer aan",
    "kan het niet meer opbrengen",
    "ben zelf op",
    "ben helemaal op",
    "ben echt op",
    "ben op van",
    "overbelast",
    "overbelasting",
    "opgebrand",
    "uitgeput",
    "trek het niet meer",
    "trek het niet langer",
    "hou het niet meer vol",
    "houd het niet meer vol",
    "hou het niet langer vol",
    "houd het niet langer vol",
    "op mijn tandvlees",
    "ben kapot",
    "ben doodop",
    "zorg wordt me te zwaar",
    "wordt me te veel",
    "wordt mij te veel",
    "wordt me te zwaar",
    "wordt mij te zwaar",
];

/// Words that say the caller cares for someone.
const ZORGT: &[&str] = &["mantelzorg", "mantelzorger", "zorg voor", "verzorg", "verzorgen", "zorgen voor"];

fn woorden(s: &str) -> Vec<String> {
    loket_base::text::words(s).collect()
}

fn noemt(hay: &[String], phrase: &str) -> bool {
    let n = woorden(phrase);
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n.as_slice())
}

/// The words of overload found in `vraag`, if any ("kan het niet meer aan").
pub fn overbelasting_in(vraag: &str) -> Option<&'static str> {
    let hay = woorden(vraag);
    OVERBELAST.iter().copied().find(|p| noemt(&hay, p))
}

/// Is the caller a mantelzorger: asking as one, the levensdomein mantelzorg, or saying so?
pub fn is_mantelzorger(c: &Contact) -> bool {
    let hay = woorden(&c.vraag);
    c.vrager == Vrager::Mantelzorger
        || c.levensdomeinen.contains(&Levensdomein::Mantelzorg)
        || ZORGT.iter().any(|p| noemt(&hay, p))
        || OVERBELAST.iter().filter(|p| p.contains("zelf")).any(|p| noemt(&hay, p))
}

/// The question says a mantelzorger is overloaded (the checklist item aside).
pub fn overbelast(c: &Contact) -> bool {
    overbelasting_in(&c.vraag).is_some() && is_mantelzorger(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::Kanaal;

    fn contact(vraag: &str) -> Contact {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let mut c = Contact::new(1, Kanaal::Telefoon, now);
        c.vraag = vraag.into();
        c
    }

    #[test]
    fn an_overloaded_carer_is_recognised() {
        let mut c = contact("Ik kan het niet meer aan, ik ben zelf op");
        assert!(overbelast(&c), "'zelf op' says the caller cares for someone");
        c.vraag = "Ik zorg voor mijn man met dementie en ik houd het niet meer vol".into();
        assert!(overbelast(&c));
        c.vraag = "Ik kan het niet meer aan".into();
        assert!(!overbelast(&c), "not a carer as far as the desk knows");
        c.vrager = Vrager::Mantelzorger;
        assert!(overbelast(&c));
        c.vraag = "Ik ben op zoek naar een mantelzorgcafé".into();
        assert!(!overbelast(&c));
    }
}

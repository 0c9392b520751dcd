//! Two workers changed the same dossier: merge their changes field by field (three-way, against
//! the copy both started from). A note or a signal is an append and never clashes; a field both
//! changed to different values is a clash, named in Dutch so the worker can decide.

use super::case::Case;

/// Appended items win on both sides; otherwise the list is one value.
pub(crate) fn merge_list<T: Clone + PartialEq>(base: &[T], mine: &[T], theirs: &[T]) -> Option<Vec<T>> {
    if mine.starts_with(base) && theirs.starts_with(base) {
        let mut out = theirs.to_vec();
        out.extend(mine[base.len()..].iter().cloned());
        return Some(out);
    }
    merge_value(&base.to_vec(), &mine.to_vec(), &theirs.to_vec())
}

/// One value changed on at most one side since `base`: that side's value; both changed it
/// differently: none (a clash).
pub(crate) fn merge_value<T: Clone + PartialEq>(base: &T, mine: &T, theirs: &T) -> Option<T> {
    if mine == base || mine == theirs {
        Some(theirs.clone())
    } else if theirs == base {
        Some(mine.clone())
    } else {
        None
    }
}

/// Merge `mine` (the worker's change of `base`) into `theirs` (what the store holds now).
/// `Err` lists the fields both changed differently, by their Dutch names.
pub fn merge(base: &Case, mine: &Case, theirs: &Case) -> Result<Case, Vec<&'static str>> {
    let mut out = theirs.clone();
    let mut clashes = Vec::new();
    macro_rules! field {
        ($f:ident, $name:expr) => {
            match merge_value(&base.$f, &mine.$f, &theirs.$f) {
                Some(v) => out.$f = v,
                None => clashes.push($name),
            }
        };
    }
    field!(stap, "stap");
    field!(afspraak, "afspraak");
    field!(ondersteuner_id, "cliëntondersteuner");
    field!(volgende_actie, "volgende actie");
    field!(wmo, "Wmo-data");
    field!(steun_gestart, "start van de steun");
    field!(consent, "toestemming");
    field!(anoniem, "anoniem");
    field!(samenvatting, "samenvatting");
    field!(route, "route");
    field!(client, "cliëntgegevens");
    // Both moved to the same step (two "next step" presses at once): the step's note is
    // theirs already, so mine's copy of it is dropped instead of recording the step twice.
    let mut mine_notities = mine.notities.clone();
    if mine.stap == theirs.stap && mine.stap != base.stap && mine.notities.starts_with(&base.notities) {
        let theirs_new = theirs.notities.get(base.notities.len()..).unwrap_or(&[]);
        let mut keep = base.notities.clone();
        for n in &mine.notities[base.notities.len()..] {
            let stapnotitie = n.stap == mine.stap && n.tekst.starts_with("naar stap ");
            if !(stapnotitie && theirs_new.iter().any(|t| t.stap == n.stap && t.tekst == n.tekst)) {
                keep.push(n.clone());
            }
        }
        mine_notities = keep;
    }
    match merge_list(&base.notities, &mine_notities, &theirs.notities) {
        Some(v) => out.notities = v,
        None => clashes.push("notities"),
    }
    match merge_list(&base.signalen, &mine.signalen, &theirs.signalen) {
        Some(v) => out.signalen = v,
        None => clashes.push("signalen"),
    }
    out.afspraak_volgnummer = mine.afspraak_volgnummer.max(theirs.afspraak_volgnummer);
    out.bijgewerkt_door = mine.bijgewerkt_door.clone();
    if clashes.is_empty() {
        Ok(out)
    } else {
        Err(clashes)
    }
}

/// `theirs` with the clashing `fields` (as [`merge`] names them) taken from `mine`: the worker
/// applies the refused change over the other one, knowingly.
pub fn neem_over(theirs: &Case, mine: &Case, fields: &[&str]) -> Case {
    let mut out = theirs.clone();
    for f in fields {
        match *f {
            "stap" => out.stap = mine.stap,
            "afspraak" => out.afspraak = mine.afspraak.clone(),
            "cliëntondersteuner" => out.ondersteuner_id = mine.ondersteuner_id.clone(),
            "volgende actie" => out.volgende_actie = mine.volgende_actie,
            "Wmo-data" => out.wmo = mine.wmo,
            "start van de steun" => out.steun_gestart = mine.steun_gestart,
            "toestemming" => out.consent = mine.consent,
            "anoniem" => out.anoniem = mine.anoniem,
            "samenvatting" => out.samenvatting = mine.samenvatting.clone(),
            "route" => out.route = mine.route,
            "cliëntgegevens" => out.client = mine.client.clone(),
            "notities" => out.notities = mine.notities.clone(),
            "signalen" => out.signalen = mine.signalen.clone(),
            _ => {}
        }
    }
    out.bijgewerkt_door = mine.bijgewerkt_door.clone();
    out
}

/// A field's value as the worker reads it (Dutch): "21-12-2026", "stap B", "—".
pub fn waarde(c: &Case, field: &str) -> String {
    let datum =
        |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d-%m-%Y").to_string()).unwrap_or_else(|| "—".into());
    match field {
        "stap" => format!("stap {}", c.stap.letter()),
        "volgende actie" => datum(c.volgende_actie),
        "afspraak" => {
            c.afspraak.as_ref().map(|s| s.start.format("%d-%m-%Y %H:%M").to_string()).unwrap_or_else(|| "geen".into())
        }
        "cliëntondersteuner" => c.ondersteuner_id.clone(),
        "Wmo-data" => match &c.wmo {
            Some(w) => format!(
                "aanvraag {}, onderzoek af {}, beschikking {}",
                datum(w.aanvraag),
                datum(w.onderzoek_afgerond),
                datum(w.beschikking)
            ),
            None => "—".into(),
        },
        "start van de steun" => datum(c.steun_gestart),
        "route" => c.route.label().to_string(),
        _ => "uw versie".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::{Route, Stap};
    use chrono::NaiveDate;

    fn base() -> Case {
        let t = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        Case::new(12, 3, "mee-1", Route::Clientondersteuning, "vraag", true, t)
    }

    fn t() -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 2).unwrap().and_hms_opt(9, 0, 0).unwrap()
    }

    #[test]
    fn notes_on_both_sides_are_kept() {
        let b = base();
        let mut mine = b.clone();
        mine.add_note(t(), "mijn notitie");
        let mut theirs = b.clone();
        theirs.add_note(t(), "hun notitie");
        theirs.advance(t()).unwrap();
        let m = merge(&b, &mine, &theirs).unwrap();
        let texts: Vec<&str> = m.notities.iter().map(|n| n.tekst.as_str()).collect();
        assert_eq!(texts, vec!["hun notitie", "naar stap B (keuze-ondersteunende informatie)", "mijn notitie"]);
        assert_eq!(m.stap, Stap::KeuzeInformatie);
    }

    #[test]
    fn both_moving_to_the_same_step_records_the_step_once() {
        // Two supporters pressed "next step" at once: the step moves once, and its note is
        // written once (the second desk's copy came back as a conflict and was merged).
        let b = base();
        let mut mine = b.clone();
        mine.advance(t()).unwrap();
        mine.add_note(t(), "mijn notitie");
        let mut theirs = b.clone();
        theirs.advance(t()).unwrap();
        let m = merge(&b, &mine, &theirs).unwrap();
        let texts: Vec<&str> = m.notities.iter().map(|n| n.tekst.as_str()).collect();
        assert_eq!(texts, vec!["naar stap B (keuze-ondersteunende informatie)", "mijn notitie"]);
        assert_eq!(m.stap, Stap::KeuzeInformatie);
    }

    #[test]
    fn both_moving_the_step_differently_clashes() {
        let b = base();
        let mut mine = b.clone();
        mine.go_to(Stap::SteunRealisatie, t()).unwrap();
        let mut theirs = b.clone();
        theirs.advance(t()).unwrap();
        let e = merge(&b, &mine, &theirs).unwrap_err();
        assert!(e.contains(&"stap"), "{e:?}");
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_clash() {
        let b = base();
        let mut mine = b.clone();
        mine.volgende_actie = NaiveDate::from_ymd_opt(2026, 12, 9);
        let mut theirs = mine.clone();
        theirs.add_note(t(), "x");
        assert_eq!(merge(&b, &mine, &theirs).unwrap().volgende_actie, mine.volgende_actie);
        let mut other = b.clone();
        other.volgende_actie = NaiveDate::from_ymd_opt(2026, 12, 10);
        assert_eq!(merge(&b, &mine, &other).unwrap_err(), vec!["volgende actie"]);
    }

    #[test]
    fn a_refused_change_can_be_taken_over() {
        let b = base();
        let mut mine = b.clone();
        mine.volgende_actie = Some(NaiveDate::from_ymd_opt(2026, 12, 10).unwrap());
        mine.bijgewerkt_door = "Bert".into();
        let mut theirs = b.clone();
        theirs.volgende_actie = Some(NaiveDate::from_ymd_opt(2026, 12, 21).unwrap());
        theirs.add_note(t(), "van Carla");
        let fields = merge(&b, &mine, &theirs).unwrap_err();
        assert_eq!(fields, vec!["volgende actie"]);
        assert_eq!(waarde(&mine, fields[0]), "10-12-2026");
        let out = neem_over(&theirs, &mine, &fields);
        assert_eq!(out.volgende_actie, mine.volgende_actie);
        assert_eq!(out.notities, theirs.notities, "the other's note stays");
        assert_eq!(out.bijgewerkt_door, "Bert");
    }
}

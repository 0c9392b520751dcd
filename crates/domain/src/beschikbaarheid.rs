//! Editing a cliëntondersteuner's availability: the rules for the form fields
//! (with a Dutch error per field), and which booked appointments a new availability would leave
//! outside it. An appointment is never dropped: a change that hits one is only saved after the
//! worker agreed, and then the appointment stays booked and its case is flagged for rebooking.
//! No I/O, no UI.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use super::case::Case;
use super::hours::DAYS;
use super::ondersteuning::{Beschikbaarheid, Clientondersteuner, Plek, Uitzondering};

/// A booked appointment that falls outside a supporter's new availability.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geraakt {
    pub case_id: u64,
    pub start: NaiveDateTime,
    pub eind: NaiveDateTime,
    pub plek: Plek,
    /// Why, in Dutch: "valt in 'verlof'", "buiten het weekpatroon (balie)".
    pub reden: String,
}

/// What saving a new availability did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uitkomst {
    /// Saved; the cases flagged for rebooking (as stored now, with their revision).
    Opgeslagen(Vec<Case>),
    /// Not saved: these appointments would fall outside the new availability and were not
    /// agreed to yet.
    Vraag(Vec<Geraakt>),
}

/// The note and signal put on a case whose appointment fell outside the new availability.
pub const VERZETTEN: &str = "afspraak valt buiten de nieuwe beschikbaarheid van de cliëntondersteuner: verzetten";

/// Why `start..eind` at `plek` is not within `ond`'s availability, or `None` when it is.
pub fn waarom_niet(ond: &Clientondersteuner, start: NaiveDateTime, eind: NaiveDateTime, plek: Plek) -> Option<String> {
    if let Some(u) = ond.uitzondering_op(start.date()) {
        return Some(format!("valt in '{}'", u.reden));
    }
    let dag = start.date().weekday().num_days_from_monday() as u8;
    let van = (start.hour() * 60 + start.minute()) as u16;
    let tot = if eind.date() == start.date() { (eind.hour() * 60 + eind.minute()) as u16 } else { 1440 };
    let past = ond.beschikbaarheid.iter().any(|b| b.dag == dag && b.plek == plek && b.van <= van && tot <= b.tot);
    (!past).then(|| format!("buiten het weekpatroon ({})", plek.code()))
}

/// The appointments of `ond` in `cases` from `vanaf` on that the availability of `ond` does not
/// cover, earliest first.
pub fn geraakt<'a>(
    ond: &Clientondersteuner,
    cases: impl IntoIterator<Item = &'a Case>,
    vanaf: NaiveDateTime,
) -> Vec<Geraakt> {
    let mut out: Vec<Geraakt> = cases
        .into_iter()
        .filter_map(|c| {
            let s = c.afspraak.as_ref().filter(|s| s.ondersteuner_id == ond.id && s.eind > vanaf)?;
            let reden = waarom_niet(ond, s.start, s.eind, s.plek)?;
            Some(Geraakt { case_id: c.id, start: s.start, eind: s.eind, plek: s.plek, reden })
        })
        .collect();
    out.sort_by_key(|g| (g.start, g.case_id));
    out
}

/// Flag `case` for rebooking: a note, a signal and the next action today (or earlier, if set).
/// The appointment itself is left as it is.
pub fn markeer_verzetten(case: &mut Case, nu: NaiveDateTime, door: &str) {
    case.bijgewerkt_door = door.to_string();
    case.add_note(nu, VERZETTEN);
    case.add_signaal(nu.date(), VERZETTEN);
    let vandaag = nu.date();
    case.volgende_actie = Some(case.volgende_actie.map_or(vandaag, |d| d.min(vandaag)));
}

/// "ma", "maandag", "Di" → 0..=6.
pub fn parse_dag(s: &str) -> Result<u8, String> {
    let t = s.trim().to_lowercase();
    if t.is_empty() {
        return Err("vul een dag in (ma, di, wo, do, vr, za of zo)".into());
    }
    const VOLUIT: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
    (0..7u8)
        .find(|&i| t == DAYS[i as usize] || t == VOLUIT[i as usize])
        .ok_or_else(|| format!("'{}' is geen dag; kies ma, di, wo, do, vr, za of zo", s.trim()))
}

/// "9:00", "09:30", "13.15" → minutes after midnight.
pub fn parse_tijd(s: &str) -> Result<u16, String> {
    if s.trim().is_empty() {
        return Err("vul een tijd in (uu:mm, bv. 09:00)".into());
    }
    super::hours::parse_clock(s).ok_or_else(|| format!("'{}' is geen tijd; schrijf uu:mm, bv. 09:00", s.trim()))
}

/// "balie", "thuis", "telefoon".
pub fn parse_plek(s: &str) -> Result<Plek, String> {
    if s.trim().is_empty() {
        return Err("vul een plek in: balie, thuis of telefoon".into());
    }
    Plek::from_code(s).ok_or_else(|| format!("'{}' is geen plek; kies balie, thuis of telefoon", s.trim()))
}

/// "21-12-2026" or "2026-12-21".
pub fn parse_datum(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("vul een datum in (dd-mm-jjjj)".into());
    }
    NaiveDate::parse_from_str(t, "%d-%m-%Y")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| format!("'{t}' is geen datum; schrijf dd-mm-jjjj, bv. 21-12-2026"))
}

pub fn fmt_tijd(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

pub fn fmt_datum(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// The fields of one weekly block, as typed: dag, van, tot, plek, locatie.
pub const BLOK_VELDEN: [&str; 5] = ["dag", "van", "tot", "plek", "locatie"];
/// The fields of one exception (leave, holiday, training): van, tot, reden.
pub const UITZONDERING_VELDEN: [&str; 3] = ["van", "tot", "reden"];

/// A weekly block from its typed fields (in [`BLOK_VELDEN`] order), or an error per field
/// (index, Dutch text).
pub fn blok(velden: &[String], slot_minuten: u16) -> Result<Beschikbaarheid, Vec<(usize, String)>> {
    let get = |i: usize| velden.get(i).map(String::as_str).unwrap_or("");
    let mut fouten = Vec::new();
    let dag = parse_dag(get(0)).map_err(|e| fouten.push((0, e))).ok();
    let van = parse_tijd(get(1)).map_err(|e| fouten.push((1, e))).ok();
    let tot = parse_tijd(get(2)).map_err(|e| fouten.push((2, e))).ok();
    let plek = parse_plek(get(3)).map_err(|e| fouten.push((3, e))).ok();
    let locatie = get(4).trim().to_string();
    if locatie.is_empty() {
        fouten.push((4, "vul een locatie in (bv. Loket Winsum, huisbezoek in Leens, telefonisch)".into()));
    } else if locatie.chars().any(char::is_control) {
        fouten.push((4, "de locatie bevat een stuurteken".into()));
    }
    if let (Some(v), Some(t)) = (van, tot) {
        if t <= v {
            fouten.push((2, "'tot' moet na 'van' liggen".into()));
        } else if t - v < slot_minuten {
            fouten.push((2, format!("korter dan één afspraak van {slot_minuten} minuten")));
        }
    }
    match (dag, van, tot, plek) {
        (Some(dag), Some(van), Some(tot), Some(plek)) if fouten.is_empty() => {
            Ok(Beschikbaarheid { dag, van, tot, locatie, plek })
        }
        _ => {
            fouten.sort_by_key(|f| f.0);
            Err(fouten)
        }
    }
}

/// The typed fields of a block (for editing it).
pub fn blok_velden(b: &Beschikbaarheid) -> Vec<String> {
    vec![
        DAYS.get(b.dag as usize).copied().unwrap_or("?").to_string(),
        fmt_tijd(b.van),
        fmt_tijd(b.tot),
        b.plek.code().to_string(),
        b.locatie.clone(),
    ]
}

/// An exception from its typed fields (in [`UITZONDERING_VELDEN`] order), or an error per field.
pub fn uitzondering(velden: &[String]) -> Result<Uitzondering, Vec<(usize, String)>> {
    let get = |i: usize| velden.get(i).map(String::as_str).unwrap_or("");
    let mut fouten = Vec::new();
    let van = parse_datum(get(0)).map_err(|e| fouten.push((0, e))).ok();
    let tot = parse_datum(get(1)).map_err(|e| fouten.push((1, e))).ok();
    let reden = get(2).trim().to_string();
    if reden.is_empty() {
        fouten.push((2, "vul een reden in (bv. verlof, vakantie, cursus)".into()));
    }
    if let (Some(v), Some(t)) = (van, tot) {
        if t < v {
            fouten.push((1, "'tot' ligt voor 'van'".into()));
        }
    }
    match (van, tot) {
        (Some(van), Some(tot)) if fouten.is_empty() => Ok(Uitzondering { van, tot, reden }),
        _ => {
            fouten.sort_by_key(|f| f.0);
            Err(fouten)
        }
    }
}

pub fn uitzondering_velden(u: &Uitzondering) -> Vec<String> {
    vec![fmt_datum(u.van), fmt_datum(u.tot), u.reden.clone()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ondersteuning::demo_ondersteuners;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn each_field_gets_its_own_dutch_error() {
        let e = blok(&s(&["xx", "9 uur", "", "kantoor", " "]), 45).unwrap_err();
        let fields: Vec<usize> = e.iter().map(|f| f.0).collect();
        assert_eq!(fields, vec![0, 1, 2, 3, 4], "{e:?}");
        assert!(e[0].1.contains("'xx' is geen dag"), "{e:?}");
        assert!(e[1].1.contains("geen tijd"), "{e:?}");
        assert!(e[2].1.contains("vul een tijd in"), "{e:?}");
        assert!(e[3].1.contains("balie, thuis of telefoon"), "{e:?}");
        assert!(e[4].1.contains("locatie"), "{e:?}");
        let e = blok(&s(&["di", "12:00", "09:00", "balie", "Loket"]), 45).unwrap_err();
        assert_eq!(e, vec![(2, "'tot' moet na 'van' liggen".to_string())]);
        let e = blok(&s(&["di", "09:00", "09:30", "balie", "Loket"]), 45).unwrap_err();
        assert!(e[0].1.contains("45 minuten"), "{e:?}");
        let b = blok(&s(&["Dinsdag", "9:00", "12.30", "Thuis", "huisbezoek in Leens"]), 45).unwrap();
        assert_eq!((b.dag, b.van, b.tot, b.plek), (1, 540, 750, Plek::Thuis));
        assert_eq!(blok(&blok_velden(&b), 45).unwrap(), b);

        let e = uitzondering(&s(&["31-02-2026", "2026-12-01", ""])).unwrap_err();
        assert_eq!(e.iter().map(|f| f.0).collect::<Vec<_>>(), vec![0, 2]);
        assert!(e[0].1.contains("geen datum"));
        let e = uitzondering(&s(&["10-12-2026", "01-12-2026", "verlof"])).unwrap_err();
        assert_eq!(e, vec![(1, "'tot' ligt voor 'van'".to_string())]);
        let u = uitzondering(&s(&["21-12-2026", "2027-01-01", "kerst"])).unwrap();
        assert_eq!(uitzondering(&uitzondering_velden(&u)).unwrap(), u);
    }

    #[test]
    fn an_appointment_outside_the_new_availability_is_found() {
        let mut ond = demo_ondersteuners().into_iter().find(|o| !o.beschikbaarheid.is_empty()).unwrap();
        ond.uitzonderingen.clear();
        let b = ond.beschikbaarheid[0].clone();
        // the first such weekday after 23 November 2026
        let mut date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        while date.weekday().num_days_from_monday() as u8 != b.dag {
            date = date.succ_opt().unwrap();
        }
        let start = date.and_hms_opt(0, 0, 0).unwrap() + chrono::Duration::minutes(b.van as i64);
        let eind = start + chrono::Duration::minutes(ond.slot_minuten as i64);
        assert_eq!(waarom_niet(&ond, start, eind, b.plek), None);
        let mut zonder = ond.clone();
        zonder.beschikbaarheid.retain(|x| x.dag != b.dag);
        assert!(waarom_niet(&zonder, start, eind, b.plek).is_some());
        let mut verlof = ond.clone();
        verlof.uitzonderingen.push(Uitzondering { van: date, tot: date, reden: "verlof".into() });
        assert_eq!(waarom_niet(&verlof, start, eind, b.plek).as_deref(), Some("valt in 'verlof'"));
    }
}

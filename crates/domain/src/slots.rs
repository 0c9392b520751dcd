//! Finding free appointment slots of cliëntondersteuners.
//!
//! A supporter's week is a list of [`Beschikbaarheid`] blocks; each block is cut into slots of
//! `slot_minuten`, starting at the block's start. A slot is offered when it lies on a day that no
//! [`Uitzondering`](super::ondersteuning::Uitzondering) covers, is at the chosen [`Plek`], starts
//! at or after `from` (so a slot that has already begun is skipped and the search rounds up to the
//! next slot boundary), and does not overlap an appointment already booked. The supporter must
//! serve the client's gemeente. All times are local (Europe/Amsterdam) wall-clock times.

use chrono::{Datelike, Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::ondersteuning::{normalize_gemeente, Clientondersteuner, Plek};

/// One bookable (or booked) appointment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slot {
    pub ondersteuner_id: String,
    pub start: NaiveDateTime,
    pub eind: NaiveDateTime,
    pub locatie: String,
    pub plek: Plek,
}

impl Slot {
    pub fn minuten(&self) -> i64 {
        (self.eind - self.start).num_minutes()
    }
}

/// Free slots of one supporter, earliest first, at most `limit`.
///
/// The window is the date of `from` and the `days_ahead` days after it. `booked` holds the start
/// times of appointments already made; each occupies `slot_minuten` and blocks every slot it
/// overlaps. With `gemeente` given, a supporter whose werkgebied does not cover it has no slots.
pub fn free_slots(
    ond: &Clientondersteuner,
    booked: &[NaiveDateTime],
    from: NaiveDateTime,
    days_ahead: u32,
    plek: Plek,
    gemeente: Option<&str>,
    limit: usize,
) -> Vec<Slot> {
    let mut out = Vec::new();
    if limit == 0 || ond.slot_minuten == 0 {
        return out;
    }
    if let Some(g) = gemeente {
        if !ond.serves(g) {
            return out;
        }
    }
    let len = Duration::minutes(i64::from(ond.slot_minuten));
    let first_day = from.date();
    for offset in 0..=days_ahead {
        let Some(date) = first_day.checked_add_days(chrono::Days::new(u64::from(offset))) else {
            break;
        };
        if ond.uitzondering_op(date).is_some() {
            continue;
        }
        let weekday = date.weekday().num_days_from_monday() as u8;
        let mut day: Vec<Slot> = Vec::new();
        for b in ond.beschikbaarheid.iter().filter(|b| b.dag == weekday && b.plek == plek) {
            let mut m = b.van;
            while u32::from(m) + u32::from(ond.slot_minuten) <= u32::from(b.tot) {
                let start = date.and_hms_opt(0, 0, 0).expect("midnight exists") + Duration::minutes(i64::from(m));
                let eind = start + len;
                let overlaps = booked.iter().any(|&s| s < eind && start < s + len);
                if start >= from && !overlaps {
                    day.push(Slot { ondersteuner_id: ond.id.clone(), start, eind, locatie: b.locatie.clone(), plek });
                }
                m += ond.slot_minuten;
            }
        }
        // Blocks may overlap (two locations in one morning): one person, one appointment at a time.
        day.sort_by(|a, b| a.start.cmp(&b.start).then_with(|| a.locatie.cmp(&b.locatie)));
        for s in day {
            if out.last().is_some_and(|l: &Slot| s.start < l.eind) {
                continue;
            }
            out.push(s);
            if out.len() >= limit {
                return out;
            }
        }
    }
    out
}

/// The earliest free slots over several supporters, merged earliest first, at most `limit`.
///
/// Ties (same start) are broken by the supporter's position in `onds` (put the preferred ones
/// first), then by id and location, so the result is deterministic.
pub fn earliest_slots(
    onds: &[Clientondersteuner],
    booked_by: impl Fn(&str) -> Vec<NaiveDateTime>,
    from: NaiveDateTime,
    days_ahead: u32,
    plek: Plek,
    gemeente: Option<&str>,
    limit: usize,
) -> Vec<Slot> {
    let mut all: Vec<(usize, Slot)> = Vec::new();
    for (i, ond) in onds.iter().enumerate() {
        let booked = booked_by(&ond.id);
        all.extend(free_slots(ond, &booked, from, days_ahead, plek, gemeente, limit).into_iter().map(|s| (i, s)));
    }
    all.sort_by(|(ia, a), (ib, b)| {
        a.start
            .cmp(&b.start)
            .then(ia.cmp(ib))
            .then_with(|| a.ondersteuner_id.cmp(&b.ondersteuner_id))
            .then_with(|| a.locatie.cmp(&b.locatie))
    });
    all.into_iter().map(|(_, s)| s).take(limit).collect()
}

/// How well a slot's place fits the client, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// In the client's own place (or by phone, or no place known: place does not matter).
    EigenPlaats,
    /// Elsewhere in the client's gemeente, or a home visit in an area that covers it.
    Gemeente,
    /// Somewhere else: another place, or home visits in another part of the gemeente.
    Elders,
}

/// Folded words of a text.
fn woorden(s: &str) -> Vec<String> {
    loket_base::text::words(s).collect()
}

/// Does `hay` hold the words of `needle` one after the other?
fn noemt(hay: &[String], needle: &str) -> bool {
    let n = woorden(needle);
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n.as_slice())
}

/// Where the client lives, as the desk typed it: the gemeente and the wijk or village. Either
/// may be missing; a place typed as gemeente ("Winsum") counts as the place in its gemeente.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Woonplaats<'a> {
    pub gemeente: Option<&'a str>,
    pub wijk: Option<&'a str>,
}

impl<'a> Woonplaats<'a> {
    pub fn new(gemeente: Option<&'a str>, wijk: Option<&'a str>) -> Woonplaats<'a> {
        let leeg = |s: Option<&'a str>| s.map(str::trim).filter(|s| !s.is_empty());
        Woonplaats { gemeente: leeg(gemeente), wijk: leeg(wijk) }
    }

    /// Nothing known: every place fits.
    pub fn is_onbekend(&self) -> bool {
        self.gemeente.is_none() && self.wijk.is_none()
    }

    /// The client's gemeente: the one typed (a place typed there taken to its gemeente), else
    /// the gemeente of the wijk or village.
    pub fn gemeente(&self) -> Option<String> {
        match (self.gemeente, self.wijk) {
            (Some(g), _) => Some(normalize_gemeente(g)),
            (None, Some(w)) => crate::plaatsen::gemeente_van(w).map(str::to_string),
            (None, None) => None,
        }
    }

    /// The client's own place: the wijk or village, else a place typed as gemeente ("Winsum").
    fn eigen_plaats(&self) -> Option<&'a str> {
        self.wijk.or_else(|| self.gemeente.filter(|g| !normalize_gemeente(g).eq_ignore_ascii_case(g)))
    }
}

/// How well a slot at `locatie` (as `plek`) fits a client living at `woon`. By phone, or with
/// no place known, every slot fits.
///
/// Own place: the location names the client's wijk or village, or the area (former gemeente)
/// it lies in ("huisbezoek in Winsum e.o." for Baflo), or — with only a gemeente known — that
/// gemeente. Gemeente: it names the client's gemeente or a place in it ("De Marne" for a Winsum
/// client), or is a home visit in an area the desk can't place. Elsewhere: anything else.
pub fn fit(locatie: &str, plek: Plek, woon: Woonplaats) -> Fit {
    if woon.is_onbekend() || plek == Plek::Telefoon {
        return Fit::EigenPlaats;
    }
    let hay = woorden(locatie);
    let gemeente = woon.gemeente();
    match woon.eigen_plaats() {
        Some(p) => {
            if noemt(&hay, p) {
                return Fit::EigenPlaats;
            }
            let gebied = crate::plaatsen::zoek(p, gemeente.as_deref()).and_then(|b| b.gebied);
            if gebied.is_some_and(|a| noemt(&hay, a)) {
                return Fit::EigenPlaats;
            }
        }
        None => {
            if gemeente.as_deref().is_some_and(|g| noemt(&hay, g)) {
                return Fit::EigenPlaats;
            }
        }
    }
    let Some(g) = gemeente else {
        // A place the desk does not know: only its own name fits.
        return Fit::Elders;
    };
    if noemt(&hay, &g) {
        return Fit::Gemeente;
    }
    let plaatsen = crate::plaatsen::genoemd(&hay);
    if plaatsen.iter().any(|b| b.gemeente.eq_ignore_ascii_case(&g)) {
        return Fit::Gemeente;
    }
    // A home visit in an area the desk can't place ("in de Oosterparkwijk" unknown) is within
    // the werkgebied; one that names other places only is not here.
    if plek == Plek::Thuis && plaatsen.is_empty() {
        return Fit::Gemeente;
    }
    Fit::Elders
}

/// Free slots over several supporters, ordered by [`fit`] with where the client lives, then by
/// time (ties as in [`earliest_slots`]), at most `limit`. Supporters who don't serve the
/// client's gemeente have none.
#[allow(clippy::too_many_arguments)]
pub fn slots_by_fit(
    onds: &[Clientondersteuner],
    booked_by: impl Fn(&str) -> Vec<NaiveDateTime>,
    from: NaiveDateTime,
    days_ahead: u32,
    plek: Plek,
    woon: Woonplaats,
    limit: usize,
) -> Vec<Slot> {
    // Every free slot in the window: the best fitting one may be the last in time.
    let gemeente = woon.gemeente();
    let all = earliest_slots(onds, booked_by, from, days_ahead, plek, gemeente.as_deref(), usize::MAX);
    let mut keyed: Vec<(Fit, usize, Slot)> =
        all.into_iter().enumerate().map(|(i, s)| (fit(&s.locatie, plek, woon), i, s)).collect();
    keyed.sort_by_key(|(f, i, _)| (*f, *i));
    keyed.into_iter().map(|(_, _, s)| s).take(limit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ondersteuning::{Beschikbaarheid, OndersteunerSoort, Uitzondering};
    use chrono::NaiveDate;

    fn dt(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, 0).unwrap()
    }

    fn mee() -> Clientondersteuner {
        Clientondersteuner {
            id: "mee-1".into(),
            naam: "Test".into(),
            organisatie: "MEE".into(),
            soort: OndersteunerSoort::Mee,
            doelgroepen: vec![],
            talen: vec![],
            werkgebied: vec!["Het Hogeland".into()],
            beschikbaarheid: vec![Beschikbaarheid {
                dag: 1,
                van: 9 * 60,
                tot: 12 * 60,
                locatie: "Loket Winsum".into(),
                plek: Plek::Balie,
            }],
            uitzonderingen: vec![],
            slot_minuten: 60,
        }
    }

    #[test]
    fn tuesday_morning_only() {
        // 2026-11-23 is a Monday.
        let s = free_slots(&mee(), &[], dt(2026, 11, 23, 8, 0), 8, Plek::Balie, None, 4);
        let starts: Vec<_> = s.iter().map(|s| s.start).collect();
        assert_eq!(
            starts,
            vec![dt(2026, 11, 24, 9, 0), dt(2026, 11, 24, 10, 0), dt(2026, 11, 24, 11, 0), dt(2026, 12, 1, 9, 0)]
        );
        assert_eq!(s[0].eind, dt(2026, 11, 24, 10, 0));
        assert_eq!(s[0].locatie, "Loket Winsum");
    }

    #[test]
    fn rounds_up_to_next_boundary() {
        let s = free_slots(&mee(), &[], dt(2026, 11, 24, 9, 1), 0, Plek::Balie, None, 10);
        assert_eq!(s[0].start, dt(2026, 11, 24, 10, 0));
        let s = free_slots(&mee(), &[], dt(2026, 11, 24, 10, 0), 0, Plek::Balie, None, 10);
        assert_eq!(s[0].start, dt(2026, 11, 24, 10, 0));
    }

    #[test]
    fn exception_and_booked_and_werkgebied() {
        let mut o = mee();
        o.uitzonderingen.push(Uitzondering {
            van: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            tot: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            reden: "cursus".into(),
        });
        let s = free_slots(&o, &[dt(2026, 12, 1, 9, 0)], dt(2026, 11, 23, 8, 0), 14, Plek::Balie, Some("Ulrum"), 1);
        assert_eq!(s[0].start, dt(2026, 12, 1, 10, 0));
        assert!(free_slots(&o, &[], dt(2026, 11, 23, 8, 0), 14, Plek::Balie, Some("Heerlen"), 5).is_empty());
        assert!(free_slots(&o, &[], dt(2026, 11, 23, 8, 0), 14, Plek::Telefoon, None, 5).is_empty());
    }

    #[test]
    fn overlapping_blocks_give_one_appointment_at_a_time() {
        let mut o = mee();
        o.beschikbaarheid.push(Beschikbaarheid {
            dag: 1,
            van: 9 * 60 + 30,
            tot: 11 * 60,
            locatie: "Loket Leens".into(),
            plek: Plek::Balie,
        });
        let s = free_slots(&o, &[], dt(2026, 11, 24, 0, 0), 0, Plek::Balie, None, 10);
        for w in s.windows(2) {
            assert!(w[0].eind <= w[1].start, "{s:?}");
        }
    }

    #[test]
    fn fit_of_places() {
        let w = Woonplaats::new(Some("Winsum"), None);
        assert_eq!(fit("Loket Winsum, Dorpsvoorbeeld 2, Winsum (verzonnen adres)", Plek::Balie, w), Fit::EigenPlaats);
        assert_eq!(fit("Loket Leens, Kerkvoorbeeld 4, Leens", Plek::Balie, w), Fit::Gemeente);
        assert_eq!(fit("Het Zorgloket, Testweg 10, Groningen", Plek::Balie, w), Fit::Elders);
        assert_eq!(fit("huisbezoek in Winsum e.o.", Plek::Thuis, w), Fit::EigenPlaats);
        assert_eq!(fit("huisbezoek in Het Hogeland", Plek::Thuis, w), Fit::Gemeente);
        assert_eq!(fit("huisbezoek in Groningen of Het Hogeland", Plek::Thuis, w), Fit::Gemeente);
        assert_eq!(fit("huisbezoek in De Marne (Leens, Ulrum e.o.)", Plek::Thuis, w), Fit::Gemeente);
        let g = Woonplaats::new(Some("Groningen"), None);
        assert_eq!(fit("Loket Leens, Kerkvoorbeeld 4, Leens", Plek::Balie, g), Fit::Elders);
        assert_eq!(fit("huisbezoek in de Oosterparkwijk", Plek::Thuis, g), Fit::Gemeente);
        assert_eq!(fit("huisbezoek in de stad Groningen", Plek::Thuis, g), Fit::EigenPlaats);
        assert_eq!(fit("telefonisch", Plek::Telefoon, g), Fit::EigenPlaats);
        assert_eq!(fit("Loket Leens", Plek::Balie, Woonplaats::default()), Fit::EigenPlaats);
    }

    #[test]
    fn fit_uses_gemeente_and_wijk_together() {
        // Gemeente "Het Hogeland", Wijk "Winsum": the Winsum round is the client's own, the De
        // Marne round is elsewhere in the gemeente (not "niet in Het Hogeland").
        let w = Woonplaats::new(Some("Het Hogeland"), Some("Winsum"));
        assert_eq!(fit("huisbezoek in Winsum e.o.", Plek::Thuis, w), Fit::EigenPlaats);
        assert_eq!(fit("huisbezoek in De Marne (Leens, Ulrum e.o.)", Plek::Thuis, w), Fit::Gemeente);
        assert_eq!(fit("Loket Ulrum, Marnevoorbeeld 8, Ulrum", Plek::Balie, w), Fit::Gemeente);
        assert_eq!(fit("huisbezoek in de stad Groningen", Plek::Thuis, w), Fit::Elders);
        // A village in the former gemeente Winsum: the Winsum round is its own area.
        let baflo = Woonplaats::new(Some("Het Hogeland"), Some("Baflo"));
        assert_eq!(fit("huisbezoek in Winsum e.o.", Plek::Thuis, baflo), Fit::EigenPlaats);
        // Only the wijk typed: its gemeente is known from the data.
        let leens = Woonplaats::new(None, Some("Leens"));
        assert_eq!(leens.gemeente().as_deref(), Some("Het Hogeland"));
        assert_eq!(fit("Loket Winsum, Dorpsvoorbeeld 2, Winsum", Plek::Balie, leens), Fit::Gemeente);
        // A wijk of Groningen.
        let opw = Woonplaats::new(Some("Groningen"), Some("Oosterparkwijk"));
        assert_eq!(fit("WIJ Oosterparkwijk, Voorbeeldstraat 1, Groningen", Plek::Balie, opw), Fit::EigenPlaats);
        assert_eq!(fit("Het Zorgloket, Testweg 10, Groningen", Plek::Balie, opw), Fit::Gemeente);
    }

    #[test]
    fn het_hogeland_with_wijk_winsum_gets_the_winsum_round_first() {
        let onds = crate::ondersteuning::demo_ondersteuners();
        let oa: Vec<_> = onds.into_iter().filter(|o| o.id == "hgl-oa-1").collect();
        let w = Woonplaats::new(Some("Het Hogeland"), Some("Winsum"));
        // 2026-11-23 is a Monday: the De Marne round (Wednesday) comes before Winsum (Thursday).
        let s = slots_by_fit(&oa, |_| vec![], dt(2026, 11, 23, 8, 0), 14, Plek::Thuis, w, 3);
        assert_eq!(s[0].locatie, "huisbezoek in Winsum e.o.", "{s:?}");
        assert_eq!(s[0].start, dt(2026, 11, 26, 13, 0));
    }
}

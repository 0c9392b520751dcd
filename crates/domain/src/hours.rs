//! Opening hours: parsing the desk notation ("ma-vr 09:00-17:00") and computing
//! "nu open tot 17:00" / "gesloten, opent ma 9:00" from an injected clock.

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

pub const DAYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

/// One opening period on one weekday, in minutes after midnight (close may be 1440).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    /// 0 = maandag … 6 = zondag.
    pub day: u8,
    pub open: u16,
    pub close: u16,
}

/// Weekly opening hours. Serialized as the desk notation, e.g. `["ma-vr 09:00-12:30", "di 13:30-16:00"]`
/// (always the compact form of [`OpeningHours::to_lines`]).
///
/// Read from a human-readable format (the TOML of the demo map, JSON) the notation is parsed at
/// once and a bad line is an error. Read from the store (bincode) it is kept as text and parsed
/// on first use ([`OpeningHours::periods`]): loading a large map parses no hours. The store only
/// holds what [`OpeningHours::to_lines`] wrote; a stored line that does not parse (a damaged
/// record) reads as unknown hours.
#[derive(Clone, Default)]
pub struct OpeningHours {
    /// The notation as stored, not parsed yet (empty once built from periods).
    stored: Vec<String>,
    periods: std::sync::OnceLock<Vec<Period>>,
}

impl std::fmt::Debug for OpeningHours {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpeningHours").field("periods", &self.periods()).finish()
    }
}

impl PartialEq for OpeningHours {
    fn eq(&self, other: &Self) -> bool {
        self.periods() == other.periods()
    }
}

impl Eq for OpeningHours {}

impl Serialize for OpeningHours {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_lines().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for OpeningHours {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let human = deserializer.is_human_readable();
        let lines = Vec::<String>::deserialize(deserializer)?;
        if human {
            OpeningHours::parse(&lines).map_err(serde::de::Error::custom)
        } else {
            Ok(OpeningHours { stored: lines, periods: std::sync::OnceLock::new() })
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("openingstijd '{input}': {reason}")]
pub struct HoursError {
    pub input: String,
    pub reason: String,
}

fn parse_time(s: &str) -> Option<u16> {
    let s = s.trim().to_lowercase();
    let (s, pm, am) = if let Some(x) = s.strip_suffix("pm") {
        (x.trim().to_string(), true, false)
    } else if let Some(x) = s.strip_suffix("am") {
        (x.trim().to_string(), false, true)
    } else {
        (s, false, false)
    };
    let (h, m) = match s.split_once([':', '.']) {
        Some((h, m)) => (h.parse::<u16>().ok()?, m.parse::<u16>().ok()?),
        None => (s.parse::<u16>().ok()?, 0),
    };
    let mut h = h;
    if pm && h < 12 {
        h += 12;
    }
    if am && h == 12 {
        h = 0;
    }
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// Parse "HH:MM" (also "9:00am", "17.30") into minutes after midnight.
pub fn parse_clock(s: &str) -> Option<u16> {
    parse_time(s)
}

fn parse_day(s: &str) -> Option<u8> {
    let s = s.trim().to_lowercase();
    DAYS.iter().position(|d| s.starts_with(d)).map(|p| p as u8)
}

fn fmt_min(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// "9:00" style (no leading zero), as people say it.
pub fn fmt_clock(m: u16) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

impl OpeningHours {
    pub fn parse_line(line: &str) -> Result<Vec<Period>, HoursError> {
        let err = |reason: &str| HoursError { input: line.to_string(), reason: reason.to_string() };
        let t = line.trim();
        if t == "24/7" {
            return Ok((0..7).map(|day| Period { day, open: 0, close: 1440 }).collect());
        }
        let (days, times) = t
            .split_once(char::is_whitespace)
            .ok_or_else(|| err("verwacht 'dag(en) HH:MM-HH:MM', bv. 'ma-vr 09:00-17:00'"))?;
        let mut day_list = Vec::new();
        for part in days.split(',') {
            if let Some((a, b)) = part.split_once('-') {
                let a = parse_day(a).ok_or_else(|| err("onbekende dag (ma di wo do vr za zo)"))?;
                let b = parse_day(b).ok_or_else(|| err("onbekende dag (ma di wo do vr za zo)"))?;
                if b < a {
                    return Err(err("dagbereik loopt achteruit"));
                }
                day_list.extend(a..=b);
            } else {
                day_list.push(parse_day(part).ok_or_else(|| err("onbekende dag (ma di wo do vr za zo)"))?);
            }
        }
        let mut out = Vec::new();
        for range in times.split(',') {
            let (o, c) = range.trim().split_once('-').ok_or_else(|| err("tijd moet 'HH:MM-HH:MM' zijn"))?;
            let open = parse_time(o).ok_or_else(|| err("ongeldige openingstijd"))?;
            let close = parse_time(c).ok_or_else(|| err("ongeldige sluitingstijd"))?;
            if close <= open {
                return Err(err("sluitingstijd ligt niet na openingstijd"));
            }
            for &day in &day_list {
                out.push(Period { day, open, close });
            }
        }
        Ok(out)
    }

    pub fn parse(lines: &[String]) -> Result<OpeningHours, HoursError> {
        Ok(OpeningHours::from_periods(Self::parse_periods(lines)?))
    }

    fn parse_periods(lines: &[String]) -> Result<Vec<Period>, HoursError> {
        let mut periods = Vec::new();
        for l in lines {
            periods.extend(Self::parse_line(l)?);
        }
        periods.sort();
        periods.dedup();
        Ok(periods)
    }

    /// Hours made of these periods (sorted, without repeats, as [`OpeningHours::parse`] gives).
    pub fn from_periods(periods: Vec<Period>) -> OpeningHours {
        OpeningHours { stored: Vec::new(), periods: std::sync::OnceLock::from(periods) }
    }

    /// The opening periods, sorted; parsed from the stored notation on first use.
    pub fn periods(&self) -> &[Period] {
        self.periods.get_or_init(|| Self::parse_periods(&self.stored).unwrap_or_default())
    }

    pub fn is_empty(&self) -> bool {
        if self.periods.get().is_none() && self.stored.is_empty() {
            return true;
        }
        self.periods().is_empty()
    }

    /// Compact notation, one line per distinct set of times, consecutive days joined ("ma-vr 09:00-17:00").
    pub fn to_lines(&self) -> Vec<String> {
        let mut by_day: Vec<Vec<(u16, u16)>> = vec![Vec::new(); 7];
        for p in self.periods() {
            by_day[p.day as usize].push((p.open, p.close));
        }
        let mut lines = Vec::new();
        let mut d = 0usize;
        while d < 7 {
            if by_day[d].is_empty() {
                d += 1;
                continue;
            }
            let mut e = d;
            while e + 1 < 7 && by_day[e + 1] == by_day[d] {
                e += 1;
            }
            let days = if e == d { DAYS[d].to_string() } else { format!("{}-{}", DAYS[d], DAYS[e]) };
            let times: Vec<String> =
                by_day[d].iter().map(|(o, c)| format!("{}-{}", fmt_min(*o), fmt_min(*c))).collect();
            lines.push(format!("{} {}", days, times.join(",")));
            d = e + 1;
        }
        lines
    }

    /// Open/closed status at `now` (local time).
    pub fn status(&self, now: NaiveDateTime) -> OpenStatus {
        let periods = self.periods();
        if periods.is_empty() {
            return OpenStatus::Unknown;
        }
        let today = now.weekday().num_days_from_monday() as u8;
        let minute = (now.time().hour() * 60 + now.time().minute()) as u16;
        // Open now? Periods that touch (17:00-24:00 then 00:00-…) are followed to the real close.
        if let Some(p) = periods.iter().find(|p| p.day == today && p.open <= minute && minute < p.close) {
            let mut close = p.close;
            let mut day = today;
            let mut offset = 0u8;
            let mut guard = 0;
            loop {
                // (weekday, close, midnights crossed)
                let next = if close == 1440 {
                    let nd = (day + 1) % 7;
                    periods.iter().find(|q| q.day == nd && q.open == 0).map(|q| (nd, q.close, 1))
                } else {
                    periods.iter().find(|q| q.day == day && q.open == close).map(|q| (day, q.close, 0))
                };
                match next {
                    Some((nd, c, step)) if guard < 14 => {
                        day = nd;
                        close = c;
                        offset += step;
                        guard += 1;
                    }
                    Some(_) => return OpenStatus::AlwaysOpen,
                    None => break,
                }
            }
            return OpenStatus::Open { day_offset: offset, day, until: close };
        }
        // Next opening: today later, or the next days (up to a week ahead, then today again).
        for offset in 0..=7u8 {
            let day = (today + offset) % 7;
            let next = periods.iter().filter(|p| p.day == day && (offset > 0 || p.open > minute)).map(|p| p.open).min();
            if let Some(open) = next {
                return OpenStatus::Closed { next: Some((offset, day, open)) };
            }
        }
        OpenStatus::Closed { next: None }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenStatus {
    Unknown,
    AlwaysOpen,
    /// Open until `until` minutes on weekday `day`, `day_offset` days from now.
    Open {
        day_offset: u8,
        day: u8,
        until: u16,
    },
    /// Closed; next opening (days from today, weekday, minute) if any.
    Closed {
        next: Option<(u8, u8, u16)>,
    },
}

impl OpenStatus {
    pub fn is_open(&self) -> bool {
        matches!(self, OpenStatus::Open { .. } | OpenStatus::AlwaysOpen)
    }

    /// Dutch text for the desk, e.g. "nu open tot 17:00" or "gesloten, opent ma 9:00".
    pub fn describe(&self) -> String {
        match *self {
            OpenStatus::Unknown => "openingstijden onbekend".into(),
            OpenStatus::AlwaysOpen => "dag en nacht bereikbaar".into(),
            OpenStatus::Open { day_offset: 0, until: 1440, .. } => "nu open tot middernacht".into(),
            OpenStatus::Open { day_offset: 0, until, .. } => format!("nu open tot {}", fmt_clock(until)),
            OpenStatus::Open { day_offset: 1, until: 1440, .. } => "nu open tot morgen middernacht".into(),
            OpenStatus::Open { day_offset: 1, until, .. } => format!("nu open tot morgen {}", fmt_clock(until)),
            OpenStatus::Open { day, until: 1440, .. } => format!("nu open tot {} middernacht", DAYS[day as usize]),
            OpenStatus::Open { day, until, .. } => format!("nu open tot {} {}", DAYS[day as usize], fmt_clock(until)),
            OpenStatus::Closed { next: None } => "gesloten".into(),
            OpenStatus::Closed { next: Some((0, _, open)) } => format!("gesloten, opent vandaag {}", fmt_clock(open)),
            OpenStatus::Closed { next: Some((1, _, open)) } => format!("gesloten, opent morgen {}", fmt_clock(open)),
            OpenStatus::Closed { next: Some((_, day, open)) } => {
                format!("gesloten, opent {} {}", DAYS[day as usize], fmt_clock(open))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
    }
    fn hours(lines: &[&str]) -> OpeningHours {
        OpeningHours::parse(&lines.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
    }

    // 2026-11-23 is a Monday.
    #[test]
    fn open_during_office_hours() {
        let h = hours(&["ma-vr 09:00-17:00"]);
        assert_eq!(h.status(at(2026, 11, 23, 10, 0)).describe(), "nu open tot 17:00");
        assert!(h.status(at(2026, 11, 23, 9, 0)).is_open());
        assert!(!h.status(at(2026, 11, 23, 17, 0)).is_open(), "closing minute is closed");
    }

    #[test]
    fn closed_before_opening_today() {
        let h = hours(&["ma-vr 09:00-17:00"]);
        assert_eq!(h.status(at(2026, 11, 23, 8, 15)).describe(), "gesloten, opent vandaag 9:00");
    }

    #[test]
    fn closed_friday_evening_opens_monday() {
        let h = hours(&["ma-vr 09:00-17:00"]);
        // Friday 2026-11-27 18:00 → next is Monday, three days away.
        assert_eq!(h.status(at(2026, 11, 27, 18, 0)).describe(), "gesloten, opent ma 9:00");
        // Saturday → Monday is two days away: named by weekday.
        assert_eq!(h.status(at(2026, 11, 28, 12, 0)).describe(), "gesloten, opent ma 9:00");
        // Sunday → tomorrow.
        assert_eq!(h.status(at(2026, 11, 29, 12, 0)).describe(), "gesloten, opent morgen 9:00");
    }

    #[test]
    fn lunch_break_and_split_days() {
        let h = hours(&["ma,wo 09:00-12:30,13:30-16:00", "vr 09:00-12:00"]);
        assert_eq!(h.status(at(2026, 11, 23, 12, 45)).describe(), "gesloten, opent vandaag 13:30");
        assert_eq!(h.status(at(2026, 11, 23, 14, 0)).describe(), "nu open tot 16:00");
        // Tuesday: closed, opens Wednesday (tomorrow).
        assert_eq!(h.status(at(2026, 11, 24, 10, 0)).describe(), "gesloten, opent morgen 9:00");
        // Friday afternoon: next Monday.
        assert_eq!(h.status(at(2026, 11, 27, 13, 0)).describe(), "gesloten, opent ma 9:00");
    }

    #[test]
    fn weekly_single_day_wraps_a_week() {
        let h = hours(&["di 09:00-12:00"]);
        // Tuesday 13:00: next is Tuesday next week.
        assert_eq!(h.status(at(2026, 11, 24, 13, 0)).describe(), "gesloten, opent di 9:00");
    }

    #[test]
    fn always_open_and_unknown() {
        assert_eq!(hours(&["24/7"]).status(at(2026, 11, 23, 3, 0)), OpenStatus::AlwaysOpen);
        assert_eq!(OpeningHours::default().status(at(2026, 11, 23, 3, 0)).describe(), "openingstijden onbekend");
    }

    #[test]
    fn evening_into_midnight() {
        let h = hours(&["vr 18:00-24:00"]);
        assert_eq!(h.status(at(2026, 11, 27, 23, 0)).describe(), "nu open tot middernacht");
    }

    #[test]
    fn open_stretches_over_several_days() {
        // Friday 2026-11-27 23:00
        let h = hours(&["vr 18:00-24:00", "za 00:00-24:00"]);
        assert_eq!(h.status(at(2026, 11, 27, 23, 0)).describe(), "nu open tot morgen middernacht");
        let h = hours(&["vr 18:00-24:00", "za 00:00-24:00", "zo 00:00-17:00"]);
        assert_eq!(h.status(at(2026, 11, 27, 23, 0)).describe(), "nu open tot zo 17:00");
        let h = hours(&["ma-zo 21:00-24:00", "ma-zo 00:00-09:00"]);
        assert_eq!(h.status(at(2026, 11, 23, 22, 0)).describe(), "nu open tot morgen 9:00");
        // open from Monday 10:00 for a whole week, until next Monday 9:00
        let h = hours(&["ma 00:00-09:00", "ma 10:00-24:00", "di-zo 00:00-24:00"]);
        let st = h.status(at(2026, 11, 23, 11, 0));
        assert!(matches!(st, OpenStatus::Open { day_offset: 7, until: 540, .. }), "{st:?}");
        assert_eq!(st.describe(), "nu open tot ma 9:00");
    }

    #[test]
    fn parse_errors_name_the_problem() {
        assert!(OpeningHours::parse_line("maandag").is_err());
        assert!(OpeningHours::parse_line("xx 09:00-17:00").unwrap_err().reason.contains("onbekende dag"));
        assert!(OpeningHours::parse_line("ma 17:00-09:00").unwrap_err().reason.contains("na openingstijd"));
        assert!(OpeningHours::parse_line("ma 25:00-26:00").is_err());
    }

    #[test]
    fn stored_hours_are_parsed_on_first_use_and_written_back_byte_for_byte() {
        let cfg = bincode::config::standard();
        let h = hours(&["ma,wo 09:00-12:30,13:30-16:00", "vr 09:00-12:00"]);
        let bytes = bincode::serde::encode_to_vec(&h, cfg).unwrap();
        // the bytes are the notation, as before: a list of strings
        let lines: Vec<String> = bincode::serde::decode_from_slice(&bytes, cfg).unwrap().0;
        assert_eq!(lines, h.to_lines());
        let (back, _): (OpeningHours, usize) = bincode::serde::decode_from_slice(&bytes, cfg).unwrap();
        assert!(back.periods.get().is_none(), "not parsed while decoding");
        assert_eq!(bincode::serde::encode_to_vec(&back, cfg).unwrap(), bytes);
        assert_eq!(back.periods(), h.periods());
        assert_eq!(back, h);
        assert_eq!(back.status(at(2026, 11, 23, 14, 0)).describe(), "nu open tot 16:00");
    }

    #[test]
    fn a_bad_line_in_a_readable_format_is_still_refused_at_once() {
        #[derive(Debug, Deserialize)]
        struct V {
            #[allow(dead_code)]
            openingstijden: OpeningHours,
        }
        let err = toml::from_str::<V>("openingstijden = [\"ma 17:00-09:00\"]").unwrap_err().to_string();
        assert!(err.contains("openingstijd 'ma 17:00-09:00': sluitingstijd ligt niet na openingstijd"), "{err}");
        let ok: V = toml::from_str("openingstijden = [\"ma-vr 09:00-17:00\"]").unwrap();
        assert_eq!(ok.openingstijden.periods().len(), 5);
    }

    #[test]
    fn am_pm_and_round_trip() {
        let h = hours(&["ma-vr 9:00am-5:00pm"]);
        assert_eq!(h.to_lines(), vec!["ma-vr 09:00-17:00".to_string()]);
        let again = OpeningHours::parse(&h.to_lines()).unwrap();
        assert_eq!(again, h);
    }
}

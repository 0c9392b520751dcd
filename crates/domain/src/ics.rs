//! The appointment for the supporter as an iCalendar file (RFC 5545), and the confirmation
//! text for the caller.
//!
//! The `.ics` has CRLF line ends, content lines folded at 75 octets (never inside a UTF-8
//! character), TEXT values escaped (`\\`, `\;`, `\,`, `\n`), local times with
//! `TZID=Europe/Amsterdam` and a minimal VTIMEZONE (CET/CEST, EU rules), and a UTC DTSTAMP.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::case::Case;
use super::ondersteuning::{Clientondersteuner, Plek};
use super::slots::Slot;

pub const PRODID: &str = "-//loket//Wmo-loket afspraak//NL";
pub const TZID: &str = "Europe/Amsterdam";

const VTIMEZONE: [&str; 17] = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One calendar event, all text plain (escaping is done on output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Globally unique, e.g. `loket-dossier-12-20261124T1000@loket.invalid`.
    pub uid: String,
    /// When the file was made, in UTC.
    pub dtstamp_utc: NaiveDateTime,
    /// Local (Europe/Amsterdam) times.
    pub start: NaiveDateTime,
    pub eind: NaiveDateTime,
    pub summary: String,
    pub location: String,
    pub description: String,
    /// Raised every time the appointment is moved or cancelled (the case's `afspraak_volgnummer`).
    pub sequence: u32,
    /// A cancellation (METHOD:CANCEL, STATUS:CANCELLED).
    pub cancelled: bool,
}

/// Escape a TEXT value (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Fold one content line at 75 octets (RFC 5545 §3.1) and end every part with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0; // octets on the current physical line
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

fn local(dt: NaiveDateTime) -> String {
    dt.format("%Y%m%dT%H%M%S").to_string()
}

/// The whole VCALENDAR with one VEVENT.
pub fn to_ics(ev: &IcsEvent) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        format!("PRODID:{PRODID}"),
        "CALSCALE:GREGORIAN".into(),
        if ev.cancelled { "METHOD:CANCEL".into() } else { "METHOD:PUBLISH".into() },
    ];
    lines.extend(VTIMEZONE.iter().map(|s| s.to_string()));
    lines.extend([
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", escape_text(&ev.uid)),
        format!("SEQUENCE:{}", ev.sequence),
        format!("DTSTAMP:{}Z", local(ev.dtstamp_utc)),
        format!("DTSTART;TZID={TZID}:{}", local(ev.start)),
        format!("DTEND;TZID={TZID}:{}", local(ev.eind)),
        format!("SUMMARY:{}", escape_text(&ev.summary)),
        format!("LOCATION:{}", escape_text(&ev.location)),
        format!("DESCRIPTION:{}", escape_text(&ev.description)),
        if ev.cancelled { "STATUS:CANCELLED".into() } else { "STATUS:CONFIRMED".into() },
        "TRANSP:OPAQUE".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    lines.iter().map(|l| fold_line(l)).collect()
}

/// The event for the supporter's calendar. Without consent (anonymous handoff) the summary of
/// the question stays out of the file.
pub fn afspraak_event(case: &Case, slot: &Slot, ond: &Clientondersteuner, dtstamp_utc: NaiveDateTime) -> IcsEvent {
    // One UID per case: a moved or cancelled appointment replaces the event in the calendar.
    let uid = format!("loket-dossier-{}@loket.invalid", case.id);
    let summary = format!("Cliëntondersteuning ({}) — dossier {}", slot.plek.label(), case.id);
    let mut description = format!("Afspraak via het loket voor {}.\n", ond.describe());
    description.push_str(&format!("Route: {}.\n", case.route.label()));
    if case.anoniem || !case.consent {
        description.push_str("Anonieme overdracht: de cliënt gaf geen toestemming om gegevens door te geven.");
    } else {
        if let Some(c) = &case.client {
            let mut who = Vec::new();
            for (label, v) in [("naam", &c.naam), ("tel.", &c.telefoon), ("gemeente", &c.gemeente), ("wijk", &c.wijk)] {
                if !v.trim().is_empty() {
                    who.push(format!("{label} {}", v.trim()));
                }
            }
            if !who.is_empty() {
                description.push_str(&format!("Cliënt: {}.\n", who.join(", ")));
            }
        }
        description.push_str("Samenvatting:\n");
        description.push_str(&case.samenvatting);
    }
    IcsEvent {
        uid,
        dtstamp_utc,
        start: slot.start,
        eind: slot.eind,
        summary,
        location: locatie_text(slot),
        description,
        sequence: case.afspraak_volgnummer,
        cancelled: false,
    }
}

/// The `.ics` that cancels the appointment `slot` of `case` (METHOD:CANCEL, SEQUENCE raised).
pub fn afzegging_ics(case: &Case, slot: &Slot, ond: &Clientondersteuner, dtstamp_utc: NaiveDateTime) -> String {
    let mut ev = afspraak_event(case, slot, ond, dtstamp_utc);
    ev.cancelled = true;
    ev.summary = format!("Afgezegd: {}", ev.summary);
    to_ics(&ev)
}

/// The text for the caller when the appointment `slot` was cancelled.
pub fn afzegging(slot: &Slot, ond: &Clientondersteuner) -> String {
    format!(
        "Uw afspraak is afgezegd\n\nDe afspraak van {} met {}, {} ({}) gaat niet door.\nWilt u een nieuwe afspraak? Bel dan het loket.\n",
        datum_tijd_nl(slot.start),
        ond.naam,
        ond.soort.label(),
        ond.organisatie
    )
}

/// The confirmation of a moved appointment: the new time, said plainly at the top.
pub fn verzet(slot: &Slot, ond: &Clientondersteuner) -> String {
    format!("Uw afspraak is verzet naar {}.\n\n{}", datum_tijd_nl(slot.start), bevestiging(slot, ond, &[]))
}

/// The `.ics` text of the appointment of `case`.
pub fn afspraak_ics(case: &Case, slot: &Slot, ond: &Clientondersteuner, dtstamp_utc: NaiveDateTime) -> String {
    to_ics(&afspraak_event(case, slot, ond, dtstamp_utc))
}

fn locatie_text(slot: &Slot) -> String {
    match slot.plek {
        Plek::Balie => slot.locatie.clone(),
        Plek::Thuis => format!("bij de cliënt thuis ({})", slot.locatie),
        Plek::Telefoon => format!("telefonisch ({})", slot.locatie),
    }
}

const DAGEN: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
const MAANDEN: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// "dinsdag 24 november 2026".
pub fn datum_nl(d: NaiveDate) -> String {
    format!(
        "{} {} {} {}",
        DAGEN[d.weekday().num_days_from_monday() as usize],
        d.day(),
        MAANDEN[d.month0() as usize],
        d.year()
    )
}

/// "dinsdag 24 november 2026 om 10:00".
pub fn datum_tijd_nl(dt: NaiveDateTime) -> String {
    format!("{} om {}", datum_nl(dt.date()), dt.format("%H:%M"))
}

/// What the caller brings (or keeps at hand on the phone) when nothing more specific is known.
pub fn standaard_meenemen(plek: Plek) -> Vec<String> {
    let mut v = vec![
        "brieven of beschikkingen die over uw vraag gaan".to_string(),
        "een lijst van uw medicijnen, als uw vraag over zorg gaat".to_string(),
    ];
    if plek != Plek::Telefoon {
        v.insert(0, "een geldig identiteitsbewijs".to_string());
    }
    v
}

/// The confirmation for the caller: date and time, place, who, what to bring. Plain text, Dutch,
/// for the screen and a printable file. `meenemen` empty = [`standaard_meenemen`].
pub fn bevestiging(slot: &Slot, ond: &Clientondersteuner, meenemen: &[String]) -> String {
    let mut t = String::new();
    t.push_str("Bevestiging van uw afspraak\n\n");
    t.push_str(&format!("Wanneer: {} (tot {})\n", datum_tijd_nl(slot.start), slot.eind.format("%H:%M")));
    match slot.plek {
        Plek::Balie => t.push_str(&format!("Waar:    {}\n", slot.locatie)),
        Plek::Thuis => t.push_str(&format!("Waar:    bij u thuis; {} komt bij u langs\n", ond.naam)),
        Plek::Telefoon => t.push_str(&format!("Waar:    telefonisch; {} belt u op het nummer dat u gaf\n", ond.naam)),
    }
    t.push_str(&format!("Met:     {}, {} ({})\n", ond.naam, ond.soort.label(), ond.organisatie));
    let lijst = if meenemen.is_empty() { standaard_meenemen(slot.plek) } else { meenemen.to_vec() };
    t.push_str(if slot.plek == Plek::Telefoon { "\nHoud bij de hand:\n" } else { "\nNeem mee:\n" });
    for m in &lijst {
        t.push_str(&format!("- {m}\n"));
    }
    t.push_str("\nU mag iemand meenemen die u vertrouwt, bijvoorbeeld uw mantelzorger.\n");
    t.push_str("Kunt u niet? Bel dan het loket, dan maken we een nieuwe afspraak.\n");
    t.push_str("De cliëntondersteuning is gratis en onafhankelijk.\n");
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_dates() {
        let dt = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(datum_tijd_nl(dt), "dinsdag 24 november 2026 om 10:00");
        assert_eq!(datum_nl(NaiveDate::from_ymd_opt(2027, 3, 7).unwrap()), "zondag 7 maart 2027");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_text("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn folding_keeps_utf8_and_75_octets() {
        let long = format!("DESCRIPTION:{}", "ë".repeat(100));
        let folded = fold_line(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
        assert_eq!(fold_line("SHORT"), "SHORT\r\n");
    }
}

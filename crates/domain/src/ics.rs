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

/// Who writes the calendar files: the loket's own domain (config `domein`; `loket.invalid`
/// when none is set) and the store the cases live in. Both go into the UID, so dossier 1 of
/// two lokets, or of two data directories, are two events in one calendar; a moved or
/// cancelled appointment keeps its UID and replaces its own event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Afzender {
    pub domein: String,
    /// A short stable code of the store (empty: none, as before).
    pub bron: String,
}

impl Default for Afzender {
    fn default() -> Afzender {
        Afzender { domein: ONBEKEND_DOMEIN.to_string(), bron: String::new() }
    }
}

/// The domain used when the config names none (reserved, never resolves).
pub const ONBEKEND_DOMEIN: &str = "loket.invalid";

/// Is `d` a plain domain name ("wmo.hethogeland.nl")? Letters, digits, hyphens and dots.
pub fn is_domein(d: &str) -> bool {
    let d = d.trim();
    !d.is_empty()
        && d.len() <= 253
        && d.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl Afzender {
    /// `domein` from the config (None or invalid: [`ONBEKEND_DOMEIN`]); `store` names the store
    /// (the data directory, or the shared database), hashed to a short stable code.
    pub fn new(domein: Option<&str>, store: &str) -> Afzender {
        let domein = domein.map(str::trim).filter(|d| is_domein(d)).unwrap_or(ONBEKEND_DOMEIN).to_lowercase();
        let h = loket_base::text::fnv1a(store);
        Afzender { domein, bron: format!("{:08x}", h >> 32) }
    }

    /// One UID per case: a moved or cancelled appointment replaces the event in the calendar.
    pub fn uid(&self, case_id: u64) -> String {
        if self.bron.is_empty() {
            format!("loket-dossier-{case_id}@{}", self.domein)
        } else {
            format!("loket-dossier-{case_id}-{}@{}", self.bron, self.domein)
        }
    }

    /// The ORGANIZER: the loket itself, so calendars match a cancellation to its event.
    pub fn organizer(&self) -> String {
        format!("ORGANIZER;CN=Loket {}:mailto:loket@{}", self.domein, self.domein)
    }

    /// The event for the supporter's calendar (see [`afspraak_event`]).
    pub fn event(&self, case: &Case, slot: &Slot, ond: &Clientondersteuner, dtstamp_utc: NaiveDateTime) -> IcsEvent {
        let mut ev = afspraak_event(case, slot, ond, dtstamp_utc);
        ev.uid = self.uid(case.id);
        ev.organizer = self.organizer();
        ev
    }

    /// The `.ics` of the appointment of `case`.
    pub fn afspraak_ics(
        &self,
        case: &Case,
        slot: &Slot,
        ond: &Clientondersteuner,
        dtstamp_utc: NaiveDateTime,
    ) -> String {
        to_ics(&self.event(case, slot, ond, dtstamp_utc))
    }

    /// The `.ics` that cancels the appointment `slot` of `case` (METHOD:CANCEL, SEQUENCE raised).
    pub fn afzegging_ics(
        &self,
        case: &Case,
        slot: &Slot,
        ond: &Clientondersteuner,
        dtstamp_utc: NaiveDateTime,
    ) -> String {
        let mut ev = self.event(case, slot, ond, dtstamp_utc);
        ev.cancelled = true;
        ev.summary = format!("Afgezegd: {}", ev.summary);
        to_ics(&ev)
    }
}

/// One calendar event, all text plain (escaping is done on output).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Globally unique, e.g. `loket-dossier-12-3f9a0c21@wmo.hethogeland.nl` ([`Afzender::uid`]).
    pub uid: String,
    /// The whole ORGANIZER content line ([`Afzender::organizer`]).
    pub organizer: String,
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
        ev.organizer.clone(),
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
    let afzender = Afzender::default();
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
        uid: afzender.uid(case.id),
        organizer: afzender.organizer(),
        dtstamp_utc,
        start: slot.start,
        eind: slot.eind,
        summary,
        location: locatie_text(case, slot),
        description,
        sequence: case.afspraak_volgnummer,
        cancelled: false,
    }
}

/// The `.ics` that cancels the appointment `slot` of `case` (METHOD:CANCEL, SEQUENCE raised).
pub fn afzegging_ics(case: &Case, slot: &Slot, ond: &Clientondersteuner, dtstamp_utc: NaiveDateTime) -> String {
    Afzender::default().afzegging_ics(case, slot, ond, dtstamp_utc)
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

/// The address of a home visit, as the handoff wrote it into the summary (with consent only).
pub fn huisbezoek_adres(case: &Case) -> Option<&str> {
    if case.anoniem || !case.consent {
        return None;
    }
    case.samenvatting.lines().find_map(|l| l.strip_prefix(ADRES_HUISBEZOEK)).map(str::trim).filter(|a| !a.is_empty())
}

/// The line of a handoff summary with the address of a home visit.
pub const ADRES_HUISBEZOEK: &str = "Adres huisbezoek: ";

/// LOCATION: the desk's address; for a home visit the client's address (with the client's
/// place), so the supporter's calendar can route there.
fn locatie_text(case: &Case, slot: &Slot) -> String {
    match slot.plek {
        Plek::Balie => slot.locatie.clone(),
        Plek::Thuis => match huisbezoek_adres(case) {
            Some(a) => {
                let plaats = case
                    .client
                    .as_ref()
                    .map(|c| if c.wijk.trim().is_empty() { c.gemeente.trim() } else { c.wijk.trim() })
                    .filter(|p| !p.is_empty() && !a.to_lowercase().contains(&p.to_lowercase()));
                match plaats {
                    Some(p) => format!("{a}, {p}"),
                    None => a.to_string(),
                }
            }
            None => format!("bij de cliënt thuis ({})", slot.locatie),
        },
        Plek::Telefoon => format!("telefonisch ({})", slot.locatie),
    }
}

const DAGEN: [&str; 7] = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
/// The months in Dutch, lower case.
pub(crate) const MAANDEN: [&str; 12] = [
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

/// What the caller brings to the desk (has ready at home, keeps at hand on the phone) when
/// nothing more specific is known.
pub fn standaard_meenemen(plek: Plek) -> Vec<String> {
    let mut v = vec![
        "brieven of beschikkingen die over uw vraag gaan".to_string(),
        "een lijst van uw medicijnen, als uw vraag over zorg gaat".to_string(),
    ];
    match plek {
        Plek::Balie => v.insert(0, "een geldig identiteitsbewijs".to_string()),
        Plek::Thuis => v.insert(0, "uw identiteitsbewijs".to_string()),
        Plek::Telefoon => {}
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
    t.push_str(match slot.plek {
        Plek::Telefoon => "\nHoud bij de hand:\n",
        Plek::Thuis => "\nLeg klaar:\n",
        Plek::Balie => "\nNeem mee:\n",
    });
    for m in &lijst {
        t.push_str(&format!("- {m}\n"));
    }
    t.push_str(match slot.plek {
        Plek::Balie => "\nU mag iemand meenemen die u vertrouwt, bijvoorbeeld uw mantelzorger.\n",
        _ => "\nU mag iemand die u vertrouwt erbij vragen, bijvoorbeeld uw mantelzorger.\n",
    });
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

    fn geval(plek: Plek) -> (Case, Slot, Clientondersteuner) {
        let t = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(13, 0, 0).unwrap();
        let ond = crate::ondersteuning::demo_ondersteuners().into_iter().find(|o| o.id == "hgl-oa-1").unwrap();
        let slot = Slot {
            ondersteuner_id: ond.id.clone(),
            start: t,
            eind: t + chrono::Duration::minutes(45),
            locatie: "huisbezoek in Winsum e.o.".into(),
            plek,
        };
        let mut case = Case::new(1, 1, &ond.id, crate::case::Route::Clientondersteuning, "", true, t);
        case.samenvatting = "Vraag: hulp thuis\nAdres huisbezoek: Dorpsweg 1\n".into();
        case.client = Some(crate::contact::ClientGegevens {
            gemeente: "Het Hogeland".into(),
            wijk: "Winsum".into(),
            ..Default::default()
        });
        (case, slot, ond)
    }

    #[test]
    fn a_home_visit_has_the_address_as_location_and_no_neem_mee() {
        let (case, slot, ond) = geval(Plek::Thuis);
        let ics = Afzender::new(Some("wmo.hethogeland.nl"), "/data/a").afspraak_ics(&case, &slot, &ond, slot.start);
        assert!(ics.contains("LOCATION:Dorpsweg 1\\, Winsum\r\n"), "{ics}");
        assert!(ics.contains("ORGANIZER;CN=Loket wmo.hethogeland.nl:mailto:loket@wmo.hethogeland.nl\r\n"), "{ics}");
        assert!(ics.contains("@wmo.hethogeland.nl\r\n"), "{ics}");
        let t = bevestiging(&slot, &ond, &[]);
        assert!(!t.contains("Neem mee") && !t.contains("meenemen"), "{t}");
        assert!(t.contains("Leg klaar:"), "{t}");
        let (case, slot, ond) = geval(Plek::Balie);
        assert!(bevestiging(&slot, &ond, &[]).contains("Neem mee:"));
        assert!(afspraak_ics(&case, &slot, &ond, slot.start).contains("LOCATION:huisbezoek in Winsum e.o."));
    }

    #[test]
    fn the_uid_names_the_domain_and_the_store() {
        let a = Afzender::new(Some("Wmo.HetHogeland.nl"), "/data/a");
        let b = Afzender::new(Some("wmo.hethogeland.nl"), "/data/b");
        assert_ne!(a.uid(1), b.uid(1));
        assert_eq!(a.uid(1), Afzender::new(Some("wmo.hethogeland.nl"), "/data/a").uid(1), "stable");
        assert!(a.uid(1).starts_with("loket-dossier-1-") && a.uid(1).ends_with("@wmo.hethogeland.nl"));
        assert!(Afzender::new(Some("café wijk"), "x").uid(1).ends_with("@loket.invalid"));
        assert!(Afzender::new(None, "x").uid(1).ends_with("@loket.invalid"));
    }
}

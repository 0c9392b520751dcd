//! The confirmation letter for the caller: one printable, self-contained HTML page (no scripts,
//! no links out, no pictures to fetch) with the loket's letterhead, and everything the caller
//! needs to find the appointment: the day and time, the place with its address, who they meet,
//! what to bring, and whom to call to change it. Plain Dutch (B1). Never a BSN; not the caller's
//! name either (the letter is handed over or printed at the desk; the dossier number is the
//! reference when the caller phones).
//!
//! Made from the store when asked (see the handoff screen), never kept on the desk.

use chrono::NaiveDate;

use crate::briefhoofd::{escape_html as e, Briefhoofd};
use crate::case::Case;
use crate::ics::{datum_nl, datum_tijd_nl, huisbezoek_adres, standaard_meenemen};
use crate::ondersteuning::{Clientondersteuner, Plek};
use crate::slots::Slot;

const STIJL: &str = "body{font-family:sans-serif;font-size:12pt;line-height:1.45;color:#111;max-width:42em;margin:2em auto;padding:0 1em}\n\
.briefhoofd{border-bottom:2px solid #1f4e79;padding-bottom:.6em;margin-bottom:1.6em}\n\
.loketnaam{font-size:1.3em;font-weight:bold;color:#1f4e79}\n\
h1{font-size:1.35em;margin:.2em 0 .8em}\n\
table.afspraak{border-collapse:collapse;margin:.4em 0 1.2em}\n\
table.afspraak th{text-align:left;vertical-align:top;padding:.25em 1em .25em 0;white-space:nowrap}\n\
table.afspraak td{padding:.25em 0}\n\
.wanneer{font-size:1.15em;font-weight:bold}\n\
.klein{font-size:.9em;color:#444}\n\
@media print{body{margin:0;max-width:none}.niet-printen{display:none}}\n";

/// The letter of the appointment `slot` of `case` with `ond`, as of `vandaag`. `meenemen` empty
/// = [`standaard_meenemen`].
pub fn bevestiging_html(
    hoofd: &Briefhoofd,
    case: &Case,
    slot: &Slot,
    ond: &Clientondersteuner,
    meenemen: &[String],
    vandaag: NaiveDate,
) -> String {
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str(&format!("<title>Uw afspraak op {}</title>\n", e(&datum_nl(slot.start.date()))));
    s.push_str(&format!("<style>\n{STIJL}</style>\n</head>\n<body>\n"));
    s.push_str(&hoofd.html());
    s.push_str(&format!("<p class=\"klein\">{}<br>Kenmerk: dossier {}</p>\n", e(&datum_nl(vandaag)), case.id));
    if case.afspraak_volgnummer > 0 {
        s.push_str("<h1>Uw afspraak is verzet</h1>\n<p>Dit is de nieuwe tijd. Deze brief vervangt de brief die u eerder kreeg.</p>\n");
    } else {
        s.push_str("<h1>Bevestiging van uw afspraak</h1>\n");
    }
    s.push_str(&format!(
        "<p>U heeft een afspraak met een cliëntondersteuner. Hieronder staat wanneer en waar.</p>\n<table class=\"afspraak\">\n<tr><th>Wanneer</th><td class=\"wanneer\">{} tot {}</td></tr>\n",
        e(&datum_tijd_nl(slot.start)),
        slot.eind.format("%H:%M")
    ));
    let waar = match slot.plek {
        Plek::Balie => e(slot.locatie.trim()),
        Plek::Thuis => match huisbezoek_adres(case) {
            Some(a) => format!("Bij u thuis: {}. {} komt bij u langs.", e(a), e(&ond.naam)),
            None => format!("Bij u thuis. {} komt bij u langs.", e(&ond.naam)),
        },
        Plek::Telefoon => format!("Telefonisch. {} belt u op het nummer dat u aan het loket gaf.", e(&ond.naam)),
    };
    s.push_str(&format!("<tr><th>Waar</th><td>{waar}</td></tr>\n"));
    s.push_str(&format!(
        "<tr><th>Met wie</th><td>{}, {} ({})</td></tr>\n</table>\n",
        e(&ond.naam),
        e(ond.soort.label()),
        e(&ond.organisatie)
    ));
    let lijst = if meenemen.is_empty() { standaard_meenemen(slot.plek) } else { meenemen.to_vec() };
    s.push_str(match slot.plek {
        Plek::Telefoon => "<h2>Houd dit bij de hand</h2>\n<ul>\n",
        Plek::Thuis => "<h2>Leg dit klaar</h2>\n<ul>\n",
        Plek::Balie => "<h2>Neem dit mee</h2>\n<ul>\n",
    });
    for m in &lijst {
        s.push_str(&format!("<li>{}</li>\n", e(m)));
    }
    s.push_str("</ul>\n");
    s.push_str(match slot.plek {
        Plek::Balie => "<p>U mag iemand meenemen die u vertrouwt, bijvoorbeeld uw mantelzorger.</p>\n",
        _ => "<p>U mag iemand die u vertrouwt erbij vragen, bijvoorbeeld uw mantelzorger.</p>\n",
    });
    s.push_str("<h2>Kunt u niet?</h2>\n");
    let telefoon = hoofd.telefoon.trim();
    if telefoon.is_empty() {
        s.push_str(&format!(
            "<p>Bel dan {}. Dan maken we samen een nieuwe afspraak. Noem het kenmerk: dossier {}.</p>\n",
            e(hoofd.naam_of_standaard()),
            case.id
        ));
    } else {
        s.push_str(&format!(
            "<p>Bel dan {} op <strong>{}</strong>. Dan maken we samen een nieuwe afspraak. Noem het kenmerk: dossier {}.</p>\n",
            e(hoofd.naam_of_standaard()),
            e(telefoon),
            case.id
        ));
    }
    s.push_str("<p>De cliëntondersteuning is gratis. De cliëntondersteuner werkt voor u, niet voor de gemeente of een zorgaanbieder.</p>\n");
    s.push_str("</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geval(plek: Plek) -> (Case, Slot, Clientondersteuner) {
        let t = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(13, 0, 0).unwrap();
        let ond = crate::ondersteuning::demo_ondersteuners().into_iter().next().unwrap();
        let slot = Slot {
            ondersteuner_id: ond.id.clone(),
            start: t,
            eind: t + chrono::Duration::minutes(45),
            locatie: "Loket Winsum, Hoofdstraat 1, Winsum".into(),
            plek,
        };
        let mut case = Case::new(7, 1, &ond.id, crate::case::Route::Clientondersteuning, "", true, t);
        case.samenvatting = "Adres huisbezoek: Dorpsweg 1\n".into();
        case.client = Some(crate::contact::ClientGegevens {
            naam: "Jansen".into(),
            bsn: Some("111222333".into()),
            ..Default::default()
        });
        (case, slot, ond)
    }

    #[test]
    fn the_letter_has_letterhead_appointment_and_how_to_change_it_and_no_bsn_or_name() {
        let hoofd = Briefhoofd {
            naam: "Loket WWZ Winsum".into(),
            adres: "Hoofdstraat 1".into(),
            plaats: "Winsum".into(),
            telefoon: "0595 - 12 34 56".into(),
            ..Default::default()
        };
        let (case, slot, ond) = geval(Plek::Balie);
        let h = bevestiging_html(&hoofd, &case, &slot, &ond, &[], NaiveDate::from_ymd_opt(2026, 11, 20).unwrap());
        for want in [
            "Loket WWZ Winsum",
            "Hoofdstraat 1",
            "dinsdag 24 november 2026 om 13:00 tot 13:45",
            "Loket Winsum, Hoofdstraat 1, Winsum",
            &ond.naam,
            "Neem dit mee",
            "op <strong>0595 - 12 34 56</strong>",
            "dossier 7",
        ] {
            assert!(h.contains(want), "{want} missing:\n{h}");
        }
        assert!(!h.contains("111222333") && !h.contains("Jansen"), "{h}");
        assert!(!h.contains("<script") && !h.contains("http"), "self-contained: {h}");
        let (case, slot, ond) = geval(Plek::Thuis);
        let h = bevestiging_html(&Briefhoofd::default(), &case, &slot, &ond, &[], slot.start.date());
        assert!(h.contains("Bij u thuis: Dorpsweg 1") && h.contains("Leg dit klaar"), "{h}");
        assert!(h.contains("Bel dan Het loket Wonen, Welzijn, Zorg."), "{h}");
    }
}

//! Which kind of cliëntondersteuner fits a handoff.
//!
//! Rules, in order of precedence (the first that applies is the suggestion; [`suggestions`]
//! lists every rule that applies, in this order, so the desk can choose another with the arrows):
//!
//! 1. **psychische problemen → VIP GGz.** Mental health goes first: it asks for specialist
//!    support and often carries risk, whatever the age or language.
//! 2. **beperking → MEE.** A disability asks for the specialist too, before age.
//! 3. **andere taal → allochtone zorgconsulent**, or the **VETC'er** when the question is about
//!    youth or the family. Language goes before age: an older migrant is best helped in their own
//!    language by the consulent who knows both the care system and the culture.
//! 4. **money and housing trouble together → WIJ-team or AMW** (below 65): debts with a rent
//!    arrear ask for the integral approach, not an indication.
//! 5. **an indication (Wlz via the CIZ, or Wmo-maatwerk) → ouderenadviseur at 65+, else MEE**:
//!    they help through the indication procedure (seed 004, step D).
//! 6. **65+ → ouderenadviseur** (the seniorenvoorlichter is offered as an alternative).
//! 7. otherwise **jeugd/gezin (or under 18), or 3 or more levensdomeinen → WIJ-team** (sociaal
//!    buurtteam), else **AMW**. This fallback is always listed last.
//!
//! The age is that of the person the help is for; a reason names it only where the age is the
//! reason (never "65+" beside a younger age).
//!
//! Crisis (danger now) is not a handoff: that goes to 112 / Veilig Thuis / 113 before any of this.

use super::ondersteuning::{is_nederlands, Clientondersteuner, OndersteunerSoort};

/// From this age the ouderenadviseur is suggested.
pub const OUDEREN_VANAF: u8 = 65;
/// From this many levensdomeinen the WIJ-team (integral approach) is suggested instead of AMW.
pub const WIJ_TEAM_VANAF_DOMEINEN: usize = 3;

/// What the desk knows about the person the help is for, as far as it matters for the choice.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HandoffNeeds {
    /// Age of the person the help is for.
    pub leeftijd: Option<u8>,
    /// The age was said in the question ("mijn moeder (86)"), not taken from the birth year.
    pub leeftijd_uit_vraag: bool,
    /// An indication procedure is needed (Wlz/CIZ, Wmo-maatwerk).
    pub indicatie: bool,
    /// A physical, sensory or intellectual disability.
    pub beperking: bool,
    /// Mental health problems.
    pub ggz: bool,
    /// A language other than Dutch that the person needs ("Turks"); Dutch or empty counts as none.
    pub taal: Option<String>,
    /// The question is about youth, parenting or the family.
    pub jeugd_gezin: bool,
    /// How many levensdomeinen the question touches.
    pub levensdomeinen: usize,
    /// Both money (financiën, werk en inkomen) and housing are among them.
    pub geld_en_wonen: bool,
    /// The client's gemeente (or place), for the werkgebied.
    pub gemeente: Option<String>,
    /// The client's wijk or village, for the place of the appointment.
    pub wijk: Option<String>,
}

impl HandoffNeeds {
    /// The language other than Dutch, if any.
    pub fn andere_taal(&self) -> Option<&str> {
        self.taal.as_deref().map(str::trim).filter(|t| !is_nederlands(t))
    }

    /// Where the client lives, for the werkgebied and the place of the appointment.
    pub fn woonplaats(&self) -> super::slots::Woonplaats<'_> {
        super::slots::Woonplaats::new(self.gemeente.as_deref(), self.wijk.as_deref())
    }

    fn jeugd(&self) -> bool {
        self.jeugd_gezin || self.leeftijd.is_some_and(|a| a < 18)
    }

    /// " (86 jaar, uit de vraag)" when the age came from the question, so the desk sees why.
    fn bron(&self) -> String {
        match self.leeftijd {
            Some(a) if self.leeftijd_uit_vraag => format!(" ({a} jaar, in de vraag)"),
            _ => String::new(),
        }
    }
}

/// A suggested kind of supporter and why (Dutch, shown at the desk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub soort: OndersteunerSoort,
    pub reden: String,
}

fn s(soort: OndersteunerSoort, reden: String) -> Suggestion {
    Suggestion { soort, reden }
}

/// Every applicable suggestion, best first, without repeats; never empty (ends with AMW or WIJ-team).
pub fn suggestions(n: &HandoffNeeds) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    if n.ggz {
        out.push(s(OndersteunerSoort::VipGgz, "psychische problemen: VIP GGz".into()));
    }
    if n.beperking {
        out.push(s(OndersteunerSoort::Mee, "beperking: MEE".into()));
    }
    if let Some(taal) = n.andere_taal() {
        if n.jeugd() {
            out.push(s(OndersteunerSoort::Vetc, format!("taal ({taal}), jeugd/gezin: VETC'er")));
            out.push(s(OndersteunerSoort::AllochtoneZorgconsulent, format!("taal ({taal}): allochtone zorgconsulent")));
        } else {
            out.push(s(OndersteunerSoort::AllochtoneZorgconsulent, format!("taal ({taal}): allochtone zorgconsulent")));
            out.push(s(OndersteunerSoort::Vetc, format!("taal ({taal}): VETC'er")));
        }
    }
    let oud = n.leeftijd.is_some_and(|a| a >= OUDEREN_VANAF);
    let bron = n.bron();
    let many = n.levensdomeinen >= WIJ_TEAM_VANAF_DOMEINEN;
    let wij = if n.jeugd() {
        s(OndersteunerSoort::WijTeam, "jeugd en gezin: WIJ-team".into())
    } else if many {
        s(OndersteunerSoort::WijTeam, format!("{} levensdomeinen: WIJ-team", n.levensdomeinen))
    } else if n.geld_en_wonen {
        s(OndersteunerSoort::WijTeam, "geld en wonen samen: WIJ-team".into())
    } else {
        s(OndersteunerSoort::WijTeam, "WIJ-team".into())
    };
    let amw = if n.geld_en_wonen {
        s(OndersteunerSoort::Amw, "geld en wonen samen: maatschappelijk werk (AMW)".into())
    } else {
        s(OndersteunerSoort::Amw, "algemene hulpvraag: maatschappelijk werk (AMW)".into())
    };
    let wij_eerst = n.jeugd() || many;
    let fallback = if wij_eerst { [wij, amw] } else { [amw, wij] };
    if n.geld_en_wonen && !oud {
        out.extend(fallback.iter().cloned());
    }
    if n.indicatie {
        // The age is named only where it is the reason.
        let oa = if oud {
            s(OndersteunerSoort::Ouderenadviseur, format!("indicatie, {OUDEREN_VANAF}+{bron}: ouderenadviseur"))
        } else {
            s(OndersteunerSoort::Ouderenadviseur, "indicatie: ouderenadviseur".into())
        };
        let mee = s(OndersteunerSoort::Mee, "indicatie: MEE".into());
        if oud {
            out.extend([oa, mee]);
        } else {
            out.extend([mee, oa]);
        }
    }
    if oud {
        out.push(s(OndersteunerSoort::Ouderenadviseur, format!("{OUDEREN_VANAF}+{bron}: ouderenadviseur")));
        out.push(s(OndersteunerSoort::Seniorenvoorlichter, format!("{OUDEREN_VANAF}+{bron}: seniorenvoorlichter")));
    }
    out.extend(fallback);
    let mut seen = Vec::new();
    out.retain(|x| {
        let new = !seen.contains(&x.soort);
        seen.push(x.soort);
        new
    });
    out
}

/// The suggestion: the first rule that applies (see the module docs for the order).
pub fn suggest(n: &HandoffNeeds) -> Suggestion {
    suggestions(n).into_iter().next().expect("the fallback always applies")
}

/// Supporters of `soort` who serve the client's gemeente, those who speak the client's language
/// first, then by id. Feed the result to [`earliest_slots`](super::slots::earliest_slots), whose
/// tie-break follows this order.
pub fn candidates(all: &[Clientondersteuner], soort: OndersteunerSoort, n: &HandoffNeeds) -> Vec<Clientondersteuner> {
    let mut v: Vec<&Clientondersteuner> = all
        .iter()
        .filter(|o| o.soort == soort)
        .filter(|o| n.woonplaats().gemeente().is_none_or(|g| o.serves(&g)))
        .collect();
    let taal = n.andere_taal();
    v.sort_by_key(|o| (!taal.is_some_and(|t| o.speaks(t)), o.id.clone()));
    v.into_iter().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use OndersteunerSoort::*;

    fn needs() -> HandoffNeeds {
        HandoffNeeds::default()
    }

    #[test]
    fn each_rule_alone() {
        assert_eq!(suggest(&HandoffNeeds { leeftijd: Some(65), ..needs() }).soort, Ouderenadviseur);
        assert_eq!(suggest(&HandoffNeeds { leeftijd: Some(64), ..needs() }).soort, Amw);
        assert_eq!(suggest(&HandoffNeeds { beperking: true, ..needs() }).soort, Mee);
        assert_eq!(suggest(&HandoffNeeds { ggz: true, ..needs() }).soort, VipGgz);
        assert_eq!(suggest(&HandoffNeeds { taal: Some("Turks".into()), ..needs() }).soort, AllochtoneZorgconsulent);
        assert_eq!(suggest(&HandoffNeeds { jeugd_gezin: true, ..needs() }).soort, WijTeam);
        assert_eq!(suggest(&HandoffNeeds { levensdomeinen: 3, ..needs() }).soort, WijTeam);
        assert_eq!(suggest(&HandoffNeeds { levensdomeinen: 2, ..needs() }).soort, Amw);
        assert_eq!(suggest(&needs()).soort, Amw);
    }

    #[test]
    fn dutch_is_no_language_need() {
        assert_eq!(suggest(&HandoffNeeds { taal: Some("Nederlands".into()), ..needs() }).soort, Amw);
        assert_eq!(suggest(&HandoffNeeds { taal: Some(" ".into()), ..needs() }).soort, Amw);
    }

    #[test]
    fn reasons_are_dutch() {
        assert_eq!(suggest(&HandoffNeeds { leeftijd: Some(80), ..needs() }).reden, "65+: ouderenadviseur");
        assert!(suggest(&HandoffNeeds { taal: Some("Arabisch".into()), ..needs() }).reden.contains("Arabisch"));
    }

    #[test]
    fn list_has_no_repeats_and_ends_with_fallback() {
        let all = suggestions(&HandoffNeeds {
            leeftijd: Some(70),
            beperking: true,
            ggz: true,
            taal: Some("Tigrinya".into()),
            jeugd_gezin: false,
            levensdomeinen: 4,
            gemeente: None,
            wijk: None,
            ..needs()
        });
        let kinds: Vec<_> = all.iter().map(|s| s.soort).collect();
        assert_eq!(
            kinds,
            vec![VipGgz, Mee, AllochtoneZorgconsulent, Vetc, Ouderenadviseur, Seniorenvoorlichter, WijTeam, Amw]
        );
    }

    #[test]
    fn an_indication_leads_to_the_ouderenadviseur_or_mee() {
        let oud = HandoffNeeds { indicatie: true, leeftijd: Some(86), leeftijd_uit_vraag: true, ..needs() };
        let s = suggest(&oud);
        assert_eq!(s.soort, Ouderenadviseur);
        assert_eq!(s.reden, "indicatie, 65+ (86 jaar, in de vraag): ouderenadviseur");
        assert_eq!(suggestions(&oud)[1].soort, Mee);
        assert_eq!(suggest(&HandoffNeeds { indicatie: true, leeftijd: Some(40), ..needs() }).soort, Mee);
        assert_eq!(suggest(&HandoffNeeds { indicatie: true, ..needs() }).soort, Mee);
        assert_eq!(suggest(&HandoffNeeds { indicatie: true, leeftijd: Some(40), ..needs() }).reden, "indicatie: MEE");
        // a ggz sign still goes first
        assert_eq!(suggest(&HandoffNeeds { ggz: true, ..oud }).soort, VipGgz);
    }

    #[test]
    fn money_and_housing_lead_to_the_wijkteam_or_the_amw() {
        // The young mother with debts and a rent arrear; the indication ticked or not.
        for indicatie in [false, true] {
            let n = HandoffNeeds { geld_en_wonen: true, levensdomeinen: 2, indicatie, ..needs() };
            let v = suggestions(&n);
            assert!(matches!(v[0].soort, Amw | WijTeam), "{v:?}");
            assert!(matches!(v[1].soort, Amw | WijTeam), "{v:?}");
        }
        // Not for an 80-year-old: the ouderenadviseur comes first.
        let oud = HandoffNeeds { geld_en_wonen: true, levensdomeinen: 2, leeftijd: Some(80), ..needs() };
        assert_eq!(suggest(&oud).soort, Ouderenadviseur);
    }

    #[test]
    fn no_reason_contradicts_the_age() {
        for leeftijd in [None, Some(9), Some(40), Some(64), Some(65), Some(86)] {
            for uit_vraag in [false, true] {
                for indicatie in [false, true] {
                    let n = HandoffNeeds { leeftijd, leeftijd_uit_vraag: uit_vraag, indicatie, ..needs() };
                    for x in suggestions(&n) {
                        if x.reden.contains("65+") {
                            assert!(leeftijd.is_some_and(|a| a >= 65), "{leeftijd:?}: {}", x.reden);
                        }
                        if let Some(a) = leeftijd.filter(|a| *a < 65) {
                            assert!(!x.reden.contains(&format!("{a} jaar")), "{}", x.reden);
                        }
                    }
                }
            }
        }
    }
}

//! The handoff to the backoffice: from a complex contact, one key opens it pre-filled (summary,
//! suggested kind of supporter with the reason, earliest free slots); consent is asked; Enter
//! books. Other routes from the same key: a melding to the Wmo-consulent, the sociaal (wijk)team.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};

use super::{Action, Effect, Screen, State};
use crate::keymap::Context;
use loket_domain::case::{Case, Route};
use loket_domain::contact::{Afhandeling, Contact, Levensdomein, LinkSoort, Status, TriageBesluit, Uitkomst};
use loket_domain::kaart::Doelgroep;
use loket_domain::ondersteuning::{Clientondersteuner, OndersteunerSoort, Plek};
use loket_domain::slots::{slots_by_fit, Slot};
use loket_domain::suggest::{candidates, suggestions, HandoffNeeds, Suggestion};

/// How far ahead slots are looked for.
pub const DAYS_AHEAD: u32 = 28;
/// How many slots are offered on one page (PageDown/PageUp turn the page).
pub const SLOTS_SHOWN: usize = 6;
/// How many slots are looked up at most (over all pages).
pub const SLOTS_MAX: usize = 60;

/// Everything the backoffice side needs in memory: supporters, cases, booked starts.
#[derive(Debug, Default, Clone)]
pub struct Backoffice {
    pub ondersteuners: Vec<Clientondersteuner>,
    pub cases: Vec<Case>,
    pub booked: HashMap<String, Vec<NaiveDateTime>>,
}

impl Backoffice {
    pub fn ondersteuner(&self, id: &str) -> Option<&Clientondersteuner> {
        self.ondersteuners.iter().find(|o| o.id == id)
    }
    pub fn upsert_case(&mut self, c: Case) {
        if let Some(slot) = &c.afspraak {
            let b = self.booked.entry(slot.ondersteuner_id.clone()).or_default();
            if !b.contains(&slot.start) {
                b.push(slot.start);
            }
        }
        match self.cases.iter_mut().find(|x| x.id == c.id) {
            Some(x) => *x = c,
            None => self.cases.push(c),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoffState {
    pub contact_id: u64,
    pub route: Route,
    pub needs: HandoffNeeds,
    pub samenvatting: String,
    pub suggestions: Vec<Suggestion>,
    pub soort_idx: usize,
    pub plek: Plek,
    pub slots: Vec<Slot>,
    pub selected: usize,
    /// None until asked; without consent only an anonymous handoff.
    pub consent: Option<bool>,
    /// The booked case, once done.
    pub booked: Option<Case>,
    pub message: Option<String>,
    /// Where a home visit takes place (asked when the client consents; goes into the summary).
    pub adres: String,
    /// Without consent: the summary the worker wrote for the backoffice, without names.
    pub anoniem_samenvatting: Option<String>,
}

impl HandoffState {
    pub fn soort(&self) -> Option<OndersteunerSoort> {
        self.suggestions.get(self.soort_idx).map(|s| s.soort)
    }
}

/// What a home visit (or a phone appointment) still lacks to reach the client: "adres",
/// "telefoon". Empty for the desk.
pub fn ontbreekt(state: &State) -> Vec<&'static str> {
    let Some(h) = &state.handoff else { return Vec::new() };
    let telefoon = state
        .contact
        .as_ref()
        .filter(|cs| cs.contact.id == h.contact_id)
        .is_some_and(|cs| !cs.contact.client.telefoon.trim().is_empty());
    let mut v = Vec::new();
    if h.plek == Plek::Thuis && h.adres.trim().is_empty() {
        v.push("adres");
    }
    if h.plek != Plek::Balie && !telefoon {
        v.push("telefoon");
    }
    v
}

/// An address or phone number for the appointment was typed.
pub fn prompt_done(state: &mut State, kind: super::PromptKind, text: &str) -> Result<Vec<Effect>, String> {
    let t = text.trim();
    let mut fx = Vec::new();
    match kind {
        super::PromptKind::HuisbezoekAdres => {
            if t.chars().count() < 5 || !t.chars().any(|c| c.is_ascii_digit()) {
                return Err("straat, huisnummer en plaats".into());
            }
            if let Some(h) = &mut state.handoff {
                h.adres = t.to_string();
            }
        }
        super::PromptKind::AfspraakTelefoon => {
            if t.chars().filter(|c| c.is_ascii_digit()).count() < 6 {
                return Err("een telefoonnummer (minstens 6 cijfers)".into());
            }
            let now = state.now;
            if let Some(cs) = &mut state.contact {
                cs.contact.client.telefoon = t.to_string();
                cs.contact.bijgewerkt = now;
                if let Some(i) = super::contact::Field::ORDER.iter().position(|f| *f == super::contact::Field::Telefoon)
                {
                    cs.fields[i].set(t);
                }
                fx.push(Effect::SaveContact(Box::new(cs.contact.clone())));
            }
        }
        super::PromptKind::AnoniemeSamenvatting => {
            let c = state.contact.as_ref().map(|cs| &cs.contact);
            anonieme_samenvatting_fout(t, c)?;
            if let Some(h) = &mut state.handoff {
                h.anoniem_samenvatting = Some(t.to_string());
            }
        }
        _ => return Ok(Vec::new()),
    }
    state.overlay = None;
    // On to the next question, or the booking: that stores the contact (with the phone) in its
    // own transaction, so the draft is not saved apart first (its revision would be stale).
    let next = action(state, Action::Confirm);
    if next.iter().any(|e| matches!(e, Effect::Handoff { .. })) {
        return Ok(next);
    }
    fx.extend(next);
    Ok(fx)
}

fn has_word(text: &str, words: &[&str]) -> bool {
    let t = loket_search::text::fold(text);
    words.iter().any(|w| t.contains(w))
}

/// What the desk knows that matters for the choice of supporter, from the contact and the
/// entries linked to it. A hint: the worker can choose another kind with one key.
pub fn needs_of(c: &Contact, catalog: Option<&loket_catalog::Catalog>, today: chrono::NaiveDate) -> HandoffNeeds {
    let linked_groups: Vec<Vec<Doelgroep>> = catalog
        .map(|cat| {
            c.links.iter().filter_map(|l| cat.find(&l.entry_id)).map(|r| cat.entry(r).doelgroepen().to_vec()).collect()
        })
        .unwrap_or_default();
    // A linked entry is a sign only when it is for that group alone: the Wlz-indicatie is for
    // ouderen, beperking and ggz alike, and says nothing about this person.
    let only = |gs: &[Doelgroep]| linked_groups.iter().any(|l| !l.is_empty() && l.iter().all(|x| gs.contains(x)));
    let beperking = only(&[Doelgroep::Beperking])
        || has_word(&c.vraag, &["beperking", "handicap", "autis", "verstandelijk", "rolstoel", "blind", "doof"]);
    let ggz = only(&[Doelgroep::Ggz, Doelgroep::Verslaving])
        || has_word(&c.vraag, &["psychisch", "depress", "ggz", "angst", "psychose", "verward", "verslav"]);
    let g = c.client.gemeente.trim();
    // The age of the person the help is for: said in the question for that person ("mijn
    // moeder (86)" when the help is for a parent), else the client's birth year. An age of
    // someone else in the question ("mijn zoon van 9" when the help is for the caller) does not
    // count.
    let uit_vraag = loket_domain::leeftijd::leeftijd_voor(&c.vraag, c.hulp_voor);
    let indicatie = c.wetten.contains(&loket_domain::kaart::Wet::Wlz)
        || c.checklist.indicatie_nodig
        || c.links.iter().any(|l| l.indicatie);
    // The age recorded for the person the help is for comes first.
    let leeftijd = c.hulp_voor_leeftijd.or(uit_vraag).or_else(|| c.leeftijd_hulp(today));
    HandoffNeeds {
        leeftijd,
        leeftijd_uit_vraag: c.hulp_voor_leeftijd.is_none() && uit_vraag.is_some(),
        indicatie,
        beperking,
        ggz,
        taal: (!c.client.taal.trim().is_empty()).then(|| c.client.taal.trim().to_string()),
        jeugd_gezin: c.levensdomeinen.contains(&Levensdomein::OpvoedingJeugd),
        geld_en_wonen: c.levensdomeinen.contains(&Levensdomein::Wonen)
            && (c.levensdomeinen.contains(&Levensdomein::Financien)
                || c.levensdomeinen.contains(&Levensdomein::WerkInkomen)),
        levensdomeinen: c.levensdomeinen.len(),
        gemeente: (!g.is_empty()).then(|| g.to_string()),
        wijk: Some(c.client.wijk.trim().to_string()).filter(|w| !w.is_empty()),
    }
}

/// The summary that goes with the case (no name, phone or BSN: those stay in the contact).
pub fn summary_of(c: &Contact) -> String {
    let mut s = format!("Vraag: {}\n", c.vraag.trim());
    s.push_str(&format!("{}{}\n", loket_domain::case::HULP_VOOR_REGEL, c.hulp_voor_tekst(c.start.date())));
    if !c.levensdomeinen.is_empty() {
        let d: Vec<&str> = c.levensdomeinen.iter().map(|d| d.label()).collect();
        s.push_str(&format!("Levensdomeinen: {}\n", d.join(", ")));
    }
    let advies = c.triage();
    if !advies.redenen.is_empty() {
        let r: Vec<&str> = advies.redenen.iter().map(|r| r.label()).collect();
        s.push_str(&format!("Complex: {}\n", r.join("; ")));
    }
    let given: Vec<&str> =
        c.links.iter().filter(|l| l.soort == LinkSoort::InformatieGegeven).map(|l| l.naam.as_str()).collect();
    let referred: Vec<&str> =
        c.links.iter().filter(|l| l.soort == LinkSoort::VerwezenNaar).map(|l| l.naam.as_str()).collect();
    if !given.is_empty() {
        s.push_str(&format!("Al gegeven: {}\n", given.join(", ")));
    }
    if !referred.is_empty() {
        s.push_str(&format!("Verwezen naar: {}\n", referred.join(", ")));
    }
    if c.gewezen_op_clientondersteuning {
        s.push_str("Gewezen op onafhankelijke cliëntondersteuning.\n");
    }
    s
}

/// Why an anonymous summary can't go to the backoffice (it names the client, gives their
/// phone, or repeats the question word for word), or `Ok`.
pub fn anonieme_samenvatting_fout(t: &str, c: Option<&Contact>) -> Result<(), String> {
    if t.chars().filter(|c| c.is_alphabetic()).count() < 10 {
        return Err("schrijf in een paar woorden waar de hulpvraag over gaat".into());
    }
    let fold = loket_search::text::fold;
    let tf = fold(t);
    if let Some(c) = c {
        let naam_delen = c.client.naam.split_whitespace().filter(|w| w.chars().count() >= 3);
        if naam_delen.map(fold).any(|w| tf.split(|ch: char| !ch.is_alphanumeric()).any(|x| x == w)) {
            return Err("zonder de naam van de cliënt".into());
        }
        let tel: String = c.client.telefoon.chars().filter(|c| c.is_ascii_digit()).collect();
        let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
        if tel.len() >= 6 && digits.contains(&tel[tel.len() - 6..]) {
            return Err("zonder telefoonnummer".into());
        }
        let vraag = fold(c.vraag.trim());
        if !vraag.is_empty() && (tf == vraag || (vraag.chars().count() >= 20 && tf.contains(&vraag))) {
            return Err("in eigen woorden, niet de vraag letterlijk".into());
        }
    }
    Ok(())
}

/// The summary of an anonymous handoff: the worker's words, then what the desk established
/// (levensdomeinen, the reasons it is complex, what was given) — never the question as heard.
pub fn anonieme_samenvatting(tekst: &str, c: Option<&Contact>) -> String {
    let mut s = format!("Samenvatting (anoniem): {}\n", tekst.trim());
    if let Some(c) = c {
        for line in summary_of(c).lines().filter(|l| !l.starts_with("Vraag:")) {
            s.push_str(line);
            s.push('\n');
        }
    }
    s
}

pub fn suggestions_for(route: Route, needs: &HandoffNeeds) -> Vec<Suggestion> {
    match route {
        Route::Clientondersteuning => {
            let mut v = suggestions(needs);
            // the other kinds after the suggested ones, so any can be chosen with one key
            for k in OndersteunerSoort::ALL {
                if k != OndersteunerSoort::WmoConsulent && !v.iter().any(|s| s.soort == k) {
                    v.push(Suggestion { soort: k, reden: "andere keuze".into() });
                }
            }
            v
        }
        Route::WmoMelding => {
            vec![Suggestion {
                soort: OndersteunerSoort::WmoConsulent,
                reden: "melding Wmo: de Wmo-consulent doet het onderzoek".into(),
            }]
        }
        Route::Wijkteam => {
            vec![Suggestion {
                soort: OndersteunerSoort::WijTeam,
                reden: "verwijzing naar het sociaal (wijk)team".into(),
            }]
        }
    }
}

/// Recompute the offered slots for the current kind, place and route.
pub fn refresh_slots(state: &mut State) {
    let now = state.now;
    let bo = &state.backoffice;
    let Some(h) = &mut state.handoff else { return };
    h.slots.clear();
    h.selected = 0;
    let Some(soort) = h.soort() else { return };
    let cands = candidates(&bo.ondersteuners, soort, &h.needs);
    let from = now + Duration::minutes(30);
    // The client's own place first, then the rest of the gemeente, then elsewhere; each by time.
    h.slots = slots_by_fit(
        &cands,
        |id| bo.booked.get(id).cloned().unwrap_or_default(),
        from,
        DAYS_AHEAD,
        h.plek,
        h.needs.woonplaats(),
        SLOTS_MAX,
    );
    h.message = if h.slots.is_empty() {
        Some(format!(
            "Geen vrije tijd gevonden in de komende {DAYS_AHEAD} dagen voor {} ({}). Kies een andere plek of soort.",
            soort.label(),
            h.plek.label()
        ))
    } else {
        None
    };
}

/// Open the handoff from the open contact.
pub fn open(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    if cs.read_only || cs.contact.status != Status::Concept {
        state.warn("Dit contact is al afgesloten.");
        return Vec::new();
    }
    let advies = cs.contact.triage();
    let mut fx = Vec::new();
    match &cs.contact.besluit {
        Some(b) if b.uitkomst == Uitkomst::Complex => {}
        Some(_) => {
            let (t, o) = (
                state.key_name(Context::Contact, Action::Triage),
                state.key_name(Context::Triage, Action::OverrideTriage),
            );
            state
                .warn(format!("De triage is enkelvoudig. Overdragen? Besluit eerst anders: {t}, dan {o} (met reden)."));
            return Vec::new();
        }
        None if advies.uitkomst == Uitkomst::Complex => {
            // Handing over is taking the suggestion: record it.
            cs.contact.besluit = Some(TriageBesluit {
                uitkomst: Uitkomst::Complex,
                suggestie: Uitkomst::Complex,
                reden_afwijking: String::new(),
            });
            cs.contact.bijgewerkt = now;
            fx.push(Effect::SaveContact(Box::new(cs.contact.clone())));
        }
        None => {
            let (t, o) = (
                state.key_name(Context::Contact, Action::Triage),
                state.key_name(Context::Triage, Action::OverrideTriage),
            );
            state.warn(format!(
                "Deze vraag lijkt enkelvoudig. Voor een overdracht: triage ({t}) en {o} = toch complex, met reden."
            ));
            return Vec::new();
        }
    }
    let c = cs.contact.clone();
    let needs = needs_of(&c, state.catalog.as_deref(), now.date());
    let route = Route::Clientondersteuning;
    let suggestions = suggestions_for(route, &needs);
    state.handoff = Some(HandoffState {
        contact_id: c.id,
        route,
        samenvatting: summary_of(&c),
        needs,
        suggestions,
        soort_idx: 0,
        plek: Plek::Balie,
        slots: Vec::new(),
        selected: 0,
        consent: None,
        booked: None,
        message: None,
        adres: String::new(),
        anoniem_samenvatting: None,
    });
    state.screen = Screen::Handoff;
    refresh_slots(state);
    fx
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let now = state.now;
    let Some(h) = &mut state.handoff else {
        state.screen = Screen::Kaart;
        return Vec::new();
    };
    if h.booked.is_some() {
        return match a {
            Action::ExportAppointment => {
                let id = h.booked.as_ref().map(|c| c.id).unwrap_or_default();
                vec![Effect::ExportAppointment(id)]
            }
            Action::BriefOpenen => {
                let id = h.booked.as_ref().map(|c| c.id).unwrap_or_default();
                vec![Effect::OpenLetter(id)]
            }
            Action::Cancel | Action::Confirm => {
                state.handoff = None;
                state.screen = Screen::Kaart;
                Vec::new()
            }
            _ => Vec::new(),
        };
    }
    match a {
        Action::ConsentYes => {
            h.consent = Some(true);
            h.message = None;
        }
        Action::ConsentNo => {
            h.consent = Some(false);
            h.message = None;
        }
        Action::Next => h.selected = (h.selected + 1).min(h.slots.len().saturating_sub(1)),
        Action::Previous => h.selected = h.selected.saturating_sub(1),
        Action::PageDown => {
            let next = (h.selected / SLOTS_SHOWN + 1) * SLOTS_SHOWN;
            if next < h.slots.len() {
                h.selected = next;
            }
        }
        Action::PageUp => h.selected = (h.selected / SLOTS_SHOWN).saturating_sub(1) * SLOTS_SHOWN,
        Action::CycleSoort | Action::NextField => {
            h.soort_idx = (h.soort_idx + 1) % h.suggestions.len().max(1);
            refresh_slots(state);
        }
        Action::PreviousField => {
            let n = h.suggestions.len().max(1);
            h.soort_idx = (h.soort_idx + n - 1) % n;
            refresh_slots(state);
        }
        Action::CyclePlek => {
            h.plek = match h.plek {
                Plek::Balie => Plek::Thuis,
                Plek::Thuis => Plek::Telefoon,
                Plek::Telefoon => Plek::Balie,
            };
            refresh_slots(state);
        }
        Action::CycleRoute => {
            h.route = match h.route {
                Route::Clientondersteuning => Route::WmoMelding,
                Route::WmoMelding => Route::Wijkteam,
                Route::Wijkteam => Route::Clientondersteuning,
            };
            h.suggestions = suggestions_for(h.route, &h.needs);
            h.soort_idx = 0;
            refresh_slots(state);
        }
        Action::Confirm => {
            let Some(consent) = h.consent else {
                let k = state.keymap.key_for(Context::Handoff, Action::Confirm).unwrap_or_default();
                let Some(h) = &mut state.handoff else { return Vec::new() };
                h.message = Some(format!("Eerst de toestemming (zie hierboven), dan boekt {k}."));
                return Vec::new();
            };
            let Some(slot) = h.slots.get(h.selected).cloned() else {
                return Vec::new();
            };
            // A home visit needs an address and a phone number, a phone appointment a number:
            // asked for now, with consent; without consent only the desk.
            if slot.plek != Plek::Balie && !consent {
                h.message = Some(format!(
                    "Zonder toestemming geen {}: daarvoor zijn adres en telefoon nodig. Kies {} (plek) → balie, of vraag toestemming ({}).",
                    if slot.plek == Plek::Thuis { "huisbezoek" } else { "telefonische afspraak" },
                    state.keymap.key_for(crate::keymap::Context::Handoff, Action::CyclePlek).unwrap_or_default(),
                    state.keymap.key_for(crate::keymap::Context::Handoff, Action::ConsentYes).unwrap_or_default(),
                ));
                return Vec::new();
            }
            // Without consent the backoffice gets a summary the worker writes without names,
            // never the question as heard.
            if !consent && h.anoniem_samenvatting.is_none() {
                state.overlay = Some(super::Overlay::Prompt {
                    kind: super::PromptKind::AnoniemeSamenvatting,
                    field: super::text_field::TextField::new(""),
                    error: None,
                });
                return Vec::new();
            }
            if let Some(wat) = ontbreekt(state).first() {
                let (kind, start) = match *wat {
                    "adres" => (super::PromptKind::HuisbezoekAdres, String::new()),
                    _ => (super::PromptKind::AfspraakTelefoon, String::new()),
                };
                state.overlay = Some(super::Overlay::Prompt {
                    kind,
                    field: super::text_field::TextField::new(&start),
                    error: None,
                });
                return Vec::new();
            }
            let Some(h) = &mut state.handoff else { return Vec::new() };
            // The id comes from the store, inside the handoff's transaction.
            let mut samenvatting = h.samenvatting.clone();
            if slot.plek == Plek::Thuis && !h.adres.trim().is_empty() {
                samenvatting.push_str(&format!("Adres huisbezoek: {}\n", h.adres.trim()));
            }
            if !consent {
                let contact = state.contact.as_ref().filter(|cs| cs.contact.id == h.contact_id).map(|cs| &cs.contact);
                samenvatting = anonieme_samenvatting(h.anoniem_samenvatting.as_deref().unwrap_or(""), contact);
            }
            let mut case = Case::new(0, h.contact_id, &slot.ondersteuner_id, h.route, &samenvatting, consent, now);
            if consent {
                // With consent the supporter can reach the client; the BSN stays at the desk.
                case.client = state
                    .contact
                    .as_ref()
                    .filter(|cs| cs.contact.id == h.contact_id)
                    .map(|cs| loket_domain::contact::ClientGegevens { bsn: None, ..cs.contact.client.clone() });
            }
            case.aangemaakt_door = state.medewerker.clone();
            case.bijgewerkt_door = state.medewerker.clone();
            // The closed contact goes into the same transaction as the claim and the case.
            let Some(mut contact) =
                state.contact.as_ref().filter(|cs| cs.contact.id == h.contact_id).map(|cs| cs.contact.clone())
            else {
                h.message = Some("Het contact van deze overdracht is niet meer open.".into());
                return Vec::new();
            };
            contact.afhandeling = Some(match h.route {
                Route::WmoMelding => Afhandeling::MeldingWmo,
                _ => Afhandeling::Backoffice,
            });
            if let Err(e) = contact.close(now) {
                h.message = Some(format!("Het contact kan nog niet worden afgesloten: {e}."));
                return Vec::new();
            }
            return vec![Effect::Handoff { contact: Box::new(contact), case: Box::new(case), slot: Box::new(slot) }];
        }
        Action::Cancel => {
            state.handoff = None;
            state.screen = Screen::Contact;
        }
        _ => {}
    }
    Vec::new()
}

/// The handoff is stored (claim, case and closed contact, in one transaction): show it.
pub fn booked(state: &mut State, case: Case) -> Vec<Effect> {
    let now = state.now;
    state.backoffice.upsert_case(case.clone());
    let af = match case.route {
        Route::WmoMelding => Afhandeling::MeldingWmo,
        _ => Afhandeling::Backoffice,
    };
    // an anonymous case holds no link to the contact: the handoff knows which one it was
    let contact_id = state.handoff.as_ref().map(|h| h.contact_id).unwrap_or(case.contact_id);
    if let Some(cs) = state.contact.take() {
        if cs.contact.id == contact_id {
            let mut c = cs.contact;
            c.afhandeling = Some(af);
            let _ = c.close(now);
            c.rev += 1;
            state.upsert_contact(c);
            // A search made for this caller is not carried into the next contact.
            state.kaart.query.clear();
            super::kaart::refresh(state);
        } else {
            state.contact = Some(cs);
        }
    }
    if let Some(h) = &mut state.handoff {
        h.booked = Some(case);
        h.message = None;
    }
    state.info("Afspraak gemaakt, contact afgesloten: geef de beller datum, tijd, plek, naam.");
    Vec::new()
}

/// Someone else took the slot first: offer fresh ones.
pub fn slot_taken(state: &mut State, slot: &Slot) {
    state.backoffice.booked.entry(slot.ondersteuner_id.clone()).or_default().push(slot.start);
    refresh_slots(state);
    if let Some(h) = &mut state.handoff {
        h.message = Some("Dit tijdstip is net door iemand anders geboekt. Kies een andere tijd.".into());
    }
}

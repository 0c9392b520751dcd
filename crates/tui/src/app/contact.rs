//! The contact screen: register the conversation, link the sociale kaart, triage, close.
//! Every field change is saved as a draft (an [`Effect::SaveContact`]).

use chrono::NaiveDateTime;

use super::kaart::{self as kaartmod, KaartState};
use super::picker::{Picker, PickerKind};
use super::text_field::Edit;
use super::text_field::TextField;
use super::{Action, ConfirmKind, Effect, Overlay, PromptKind, Screen, State};
use crate::keymap::Context;
use loket_catalog::Entry;
use loket_domain::bsn;
use loket_domain::contact::{Afhandeling, Contact, Link, LinkSoort, Status, TriageBesluit, Uitkomst};
use loket_domain::eligibility::ClientProfile;
use loket_domain::kaart::Wet;
use loket_domain::triage::{passende_lijn, tekens, Teken, CRISISVERWIJZINGEN};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Vraag,
    Naam,
    Geboortejaar,
    Gemeente,
    Wijk,
    Telefoon,
    Taal,
    Bsn,
    /// Age or birth year of the person the help is for (last, so Tab keeps its old order).
    HulpLeeftijd,
}

impl Field {
    pub const ORDER: [Field; 9] = [
        Field::Vraag,
        Field::Naam,
        Field::Geboortejaar,
        Field::Gemeente,
        Field::Wijk,
        Field::Telefoon,
        Field::Taal,
        Field::Bsn,
        Field::HulpLeeftijd,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Field::Vraag => "Vraag",
            Field::Naam => "Naam",
            Field::Geboortejaar => "Geboortejaar",
            Field::Gemeente => "Gemeente",
            Field::Wijk => "Wijk",
            Field::Telefoon => "Tel. terugbellen",
            Field::Taal => "Taal (niet NL)",
            Field::Bsn => "BSN",
            Field::HulpLeeftijd => "Leeftijd",
        }
    }
}

/// Names of fields in `Contact.ruwe_invoer` (never the BSN: an invalid BSN is never stored).
pub const RUW_GEBOORTEJAAR: &str = "geboortejaar";
pub const RUW_HULP_LEEFTIJD: &str = "hulp_voor_leeftijd";

fn ruw_veld(f: Field) -> &'static str {
    match f {
        Field::HulpLeeftijd => RUW_HULP_LEEFTIJD,
        _ => RUW_GEBOORTEJAAR,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Field(Field),
    Search,
    Triage,
}

#[derive(Debug)]
pub struct ContactState {
    pub contact: Contact,
    pub focus: Focus,
    /// The field focused before the search or triage took focus.
    pub last_field: Field,
    pub fields: [TextField; 9],
    pub errors: Vec<(Field, String)>,
    /// Closing was asked; after the triage is confirmed the outcome picker follows.
    pub closing: bool,
    pub read_only: bool,
    pub search: KaartState,
    /// Signs of danger the worker has acknowledged (their labels): the crisis panel stays up
    /// until then, and comes back for a new sign.
    pub crisis_gezien: Vec<String>,
    /// The worker chose to close although a field is invalid.
    pub ongeldig_bevestigd: bool,
    /// The copy the store last confirmed (None: never stored): what a change is merged
    /// against when another desk wrote the contact meanwhile.
    pub basis: Option<Contact>,
    /// The kaart pane shows the chosen entry's details instead of the list.
    pub details: bool,
}

impl ContactState {
    pub fn new(contact: Contact) -> ContactState {
        let c = &contact;
        let fields = [
            TextField::new(&c.vraag),
            TextField::new(&c.client.naam),
            // What was typed, also when it did not validate (kept as raw text in the draft).
            TextField::new(
                &c.ruw(RUW_GEBOORTEJAAR)
                    .map(str::to_string)
                    .unwrap_or_else(|| c.client.geboortejaar.map(|y| y.to_string()).unwrap_or_default()),
            ),
            TextField::new(&c.client.gemeente),
            TextField::new(&c.client.wijk),
            TextField::new(&c.client.telefoon),
            TextField::new(&c.client.taal),
            TextField::new(c.client.bsn.as_deref().unwrap_or("")),
            TextField::new(
                &c.ruw(RUW_HULP_LEEFTIJD)
                    .map(str::to_string)
                    .unwrap_or_else(|| c.hulp_voor_leeftijd.map(|a| a.to_string()).unwrap_or_default()),
            ),
        ];
        let read_only = c.status == Status::Afgesloten;
        let basis = (c.rev > 0).then(|| c.clone());
        let mut cs = ContactState {
            contact,
            focus: Focus::Field(Field::Vraag),
            last_field: Field::Vraag,
            fields,
            errors: Vec::new(),
            closing: false,
            read_only,
            search: KaartState::default(),
            crisis_gezien: Vec::new(),
            ongeldig_bevestigd: false,
            basis,
            details: false,
        };
        // Fields that did not validate show their error again.
        let now = cs.contact.bijgewerkt;
        for f in [Field::Geboortejaar, Field::HulpLeeftijd] {
            if cs.contact.ruw(ruw_veld(f)).is_some() {
                let kept = cs.contact.bijgewerkt;
                cs.sync(f, now);
                cs.contact.bijgewerkt = kept;
            }
        }
        cs
    }

    /// The contact as the store holds it now (merged with another desk's change): the fields
    /// show it, and what the worker was doing (focus, search, cursor in an unchanged field)
    /// stays.
    pub fn vervang(&mut self, c: Contact) {
        let mut new = ContactState::new(c);
        new.focus = self.focus;
        new.last_field = self.last_field;
        new.closing = self.closing;
        new.search = std::mem::take(&mut self.search);
        new.crisis_gezien = std::mem::take(&mut self.crisis_gezien);
        new.ongeldig_bevestigd = self.ongeldig_bevestigd;
        for (n, o) in new.fields.iter_mut().zip(&self.fields) {
            if n.value() == o.value() {
                *n = o.clone();
            }
        }
        *self = new;
    }

    /// Fields whose text is not valid, with what was typed (the BSN masked): asked about before
    /// closing or quitting.
    pub fn ongeldig(&self) -> Vec<(Field, String)> {
        self.errors
            .iter()
            .map(|(f, _)| {
                let t = self.field(*f).value().trim().to_string();
                (*f, if *f == Field::Bsn { "*".repeat(t.chars().count()) } else { t })
            })
            .collect()
    }

    /// Signs of danger not yet acknowledged: while there are any, the crisis panel is up.
    pub fn crisis_open(&self) -> Vec<Teken> {
        tekens(&self.contact)
            .into_iter()
            .filter(|t| t.is_gevaar() && !self.crisis_gezien.contains(&t.label()))
            .collect()
    }

    /// The possible sign to ask about now: the first not yet answered, once no
    /// crisis panel is up. None on a closed contact.
    pub fn doorvraag_open(&self) -> Option<loket_domain::danger::Signaal> {
        if self.read_only || !self.crisis_open().is_empty() {
            return None;
        }
        self.contact.triage().doorvragen.into_iter().next()
    }

    /// An enkelvoudig decision can't stand beside a sign of danger: it is taken back.
    fn guard_besluit(&mut self) {
        let enkel = self.contact.besluit.as_ref().is_some_and(|b| b.uitkomst == Uitkomst::Enkelvoudig);
        if enkel && self.contact.triage().teken_open() {
            self.contact.besluit = None;
        }
    }

    pub fn field(&self, f: Field) -> &TextField {
        &self.fields[Field::ORDER.iter().position(|x| *x == f).expect("every field is in ORDER")]
    }
    fn field_mut(&mut self, f: Field) -> &mut TextField {
        &mut self.fields[Field::ORDER.iter().position(|x| *x == f).expect("every field is in ORDER")]
    }
    /// The known gemeente or place that completes what was typed in the Gemeente or Wijk field
    /// (places in the typed gemeente first), when it adds something.
    pub fn voorstel(&self, f: Field) -> Option<&'static str> {
        let t = self.field(f).value();
        if t.trim().is_empty() {
            return None;
        }
        let g = self.contact.client.gemeente.trim();
        let v = match f {
            Field::Gemeente => loket_domain::plaatsen::voorstellen(t, None, true, 1),
            Field::Wijk => {
                let mut v = loket_domain::plaatsen::voorstellen(t, Some(g).filter(|g| !g.is_empty()), false, 1);
                if v.is_empty() {
                    v = loket_domain::plaatsen::voorstellen(t, None, false, 1);
                }
                v
            }
            _ => return None,
        };
        v.into_iter().next().filter(|n| *n != t.trim())
    }

    /// A warning for a Gemeente or Wijk the desk does not know (kept as typed: it may be right),
    /// or for a wijk that lies in another gemeente than the one typed.
    pub fn waarschuwing(&self, f: Field) -> Option<String> {
        use loket_domain::plaatsen::{gemeente_van, zoek};
        let c = &self.contact.client;
        match f {
            Field::Gemeente => {
                let g = c.gemeente.trim();
                (!g.is_empty() && gemeente_van(g).is_none()).then(|| "onbekende gemeente; toch bewaard".to_string())
            }
            Field::Wijk => {
                let w = c.wijk.trim();
                if w.is_empty() {
                    return None;
                }
                let g = c.gemeente.trim();
                match zoek(w, Some(g).filter(|g| !g.is_empty())) {
                    None => Some("onbekende wijk of plaats; toch bewaard".to_string()),
                    Some(b) => match gemeente_van(g) {
                        Some(gg) if gg != b.gemeente => Some(format!("ligt in {}, niet in {gg}", b.gemeente)),
                        _ => None,
                    },
                }
            }
            _ => None,
        }
    }

    pub fn error(&self, f: Field) -> Option<&str> {
        self.errors.iter().find(|(x, _)| *x == f).map(|(_, e)| e.as_str())
    }

    pub fn profile(&self, today: chrono::NaiveDate) -> ClientProfile {
        let g = self.contact.client.gemeente.trim();
        ClientProfile {
            // the person the help is for (a child, a parent …), not necessarily the caller
            leeftijd: self.contact.leeftijd_hulp(today),
            gemeente: (!g.is_empty()).then(|| g.to_string()),
        }
    }

    /// Copy a field's text into the contact, validating it.
    fn sync(&mut self, f: Field, now: NaiveDateTime) {
        self.errors.retain(|(x, _)| *x != f);
        let v = self.field(f).value().to_string();
        let c = &mut self.contact;
        match f {
            Field::Vraag => c.vraag = v,
            Field::Naam => c.client.naam = v,
            Field::Gemeente => c.client.gemeente = v,
            Field::Wijk => c.client.wijk = v,
            Field::Telefoon => c.client.telefoon = v,
            Field::Taal => c.client.taal = v,
            Field::Geboortejaar => {
                let t = v.trim();
                c.client.geboortejaar = None;
                let mut ruw = None;
                if !t.is_empty() {
                    use chrono::Datelike;
                    match t.parse::<u16>() {
                        Ok(y) if (1900..=now.year() as u16).contains(&y) => c.client.geboortejaar = Some(y),
                        _ => {
                            self.errors.push((f, format!("vier cijfers, 1900–{}", now.year())));
                            ruw = Some(t.to_string());
                        }
                    }
                }
                c.set_ruw(RUW_GEBOORTEJAAR, ruw);
            }
            Field::HulpLeeftijd => {
                let t = v.trim();
                c.hulp_voor_leeftijd = None;
                let mut ruw = None;
                if !t.is_empty() {
                    use chrono::Datelike;
                    let year = now.year();
                    match t.parse::<i32>() {
                        Ok(a) if (0..=130).contains(&a) => c.hulp_voor_leeftijd = Some(a as u8),
                        Ok(y) if (year - 130..=year).contains(&y) => c.hulp_voor_leeftijd = Some((year - y) as u8),
                        _ => {
                            self.errors.push((f, "leeftijd (0–130) of geboortejaar".to_string()));
                            ruw = Some(t.to_string());
                        }
                    }
                }
                c.set_ruw(RUW_HULP_LEEFTIJD, ruw);
            }
            Field::Bsn => {
                let t = v.trim();
                c.client.bsn = None;
                if !t.is_empty() {
                    match bsn::validate(t) {
                        Ok(d) => c.client.bsn = Some(d),
                        Err(e) => self.errors.push((f, e.to_string())),
                    }
                }
            }
        }
        self.contact.bijgewerkt = now;
    }
}

/// Earlier contacts of the same client, by phone number (digits) or name: a repeat caller.
pub fn earlier_contacts<'a>(state: &'a State, c: &Contact) -> Vec<&'a Contact> {
    let digits = |s: &str| s.chars().filter(|c| c.is_ascii_digit()).collect::<String>();
    let phone = digits(&c.client.telefoon);
    let naam = loket_search::text::fold(c.client.naam.trim());
    if phone.len() < 6 && naam.chars().count() < 3 {
        return Vec::new();
    }
    let mut v: Vec<&Contact> = state
        .contacts
        .iter()
        .filter(|o| o.id != c.id)
        .filter(|o| {
            (phone.len() >= 6 && digits(&o.client.telefoon) == phone)
                || (naam.chars().count() >= 3 && loket_search::text::fold(o.client.naam.trim()) == naam)
        })
        .collect();
    v.sort_by_key(|o| std::cmp::Reverse(o.start));
    v
}

fn save(state: &State) -> Vec<Effect> {
    match &state.contact {
        Some(cs) => vec![Effect::SaveContact(Box::new(cs.contact.clone()))],
        None => Vec::new(),
    }
}

/// Start a new contact (from anywhere, also in the middle of a search).
pub fn new_contact(state: &mut State) -> Vec<Effect> {
    if let Some(cs) = &state.contact {
        if cs.contact.status == Status::Concept {
            state.screen = Screen::Contact;
            state.warn("Er staat al een contact open; sluit dat eerst af (of open de contactenlijst).");
            return Vec::new();
        }
    }
    // Ids come from the store: one is reserved ahead, and another reserved when it is used.
    let Some(id) = state.contact_ids.pop_front() else {
        state.status = Some((
            super::Level::Error,
            "Geen nieuw contactnummer: de opslag is niet bereikbaar. Probeer het zo opnieuw.".into(),
        ));
        return vec![Effect::ReserveContactId];
    };
    // Every contact starts from the desk's own kanaal, never the previous contact's.
    let mut contact = Contact::new(id, state.standaard_kanaal, state.now);
    contact.medewerker = state.medewerker.clone();
    let mut cs = ContactState::new(contact);
    // A search already typed on the sociale kaart carries over.
    if !state.kaart.query.is_empty() {
        cs.search.query = state.kaart.query.clone();
    }
    state.contact = Some(cs);
    state.screen = Screen::Contact;
    refresh_search(state);
    state.info("Nieuw contact — typ de vraag. Alles wordt direct bewaard.");
    let mut fx = save(state);
    fx.push(Effect::ReserveContactId);
    fx
}

/// Open an existing contact (from the list or a recovered draft).
pub fn open(state: &mut State, c: Contact) {
    state.contact = Some(ContactState::new(c));
    state.screen = Screen::Contact;
    refresh_search(state);
}

pub fn refresh_search(state: &mut State) {
    let Some(cat) = state.catalog.clone() else { return };
    if let Some(cs) = &mut state.contact {
        if let Some(z) = &state.zoeker {
            let (q, f) = (cs.search.query.value(), &cs.search.filters);
            z.zoek(super::zoeker::Lijst::Contact, cat, q, f, kaartmod::RESULT_LIMIT);
            return;
        }
        kaartmod::run_search(&cat, &mut state.searcher, &mut cs.search, &state.beheer.staten);
    }
}

/// How many entries for carers are weighed when choosing the mantelzorgsteunpunt.
const STEUNPUNT_KANDIDATEN: usize = 500;

/// The mantelzorgsteunpunt (support for adult carers) nearest to the client: one in the client's
/// wijk or village first, then one in the gemeente; with no place known, the first steunpunt.
pub fn mantelzorgsteunpunt(cat: &loket_catalog::Catalog, c: &Contact) -> Option<Link> {
    use loket_domain::kaart::Doelgroep;
    let woon = loket_domain::slots::Woonplaats::new(Some(&c.client.gemeente), Some(&c.client.wijk));
    let gemeente = woon.gemeente();
    let mut best: Option<((u8, bool), Link)> = None;
    // the candidates come from the search's filters (target group, gemeente), so only they are
    // looked at, never the whole map
    let filters = loket_catalog::Filters {
        doelgroep: Some(Doelgroep::Mantelzorgers),
        gemeente: gemeente.clone(),
        ..Default::default()
    };
    let kandidaten = cat.search(&mut loket_search::Searcher::default(), "", &filters, STEUNPUNT_KANDIDATEN);
    for doc in kandidaten.hits.iter().map(|h| h.doc) {
        let e = cat.entry(cat.doc(doc));
        let volwassen = e.leeftijd().min.is_none_or(|m| m >= 18) && e.leeftijd().max.is_none_or(|m| m >= 65);
        if e.is_regeling() || !e.doelgroepen().contains(&Doelgroep::Mantelzorgers) || !volwassen {
            continue;
        }
        let plek = match (&gemeente, woon.wijk) {
            (Some(g), Some(w)) if e.in_gemeente(g) && e.in_wijk(w) => 0,
            (Some(g), _) if e.in_gemeente(g) => 1,
            (Some(_), _) => continue,
            (None, _) => 2,
        };
        let key = (plek, !loket_search::text::fold(e.naam()).contains("steunpunt"));
        if best.as_ref().is_none_or(|(k, _)| key < *k) {
            let link = Link {
                entry_id: e.id().to_string(),
                naam: e.naam().to_string(),
                soort: LinkSoort::VerwezenNaar,
                indicatie: e.toegang().needs_indication(),
            };
            best = Some((key, link));
        }
    }
    best.map(|(_, l)| l)
}

/// Refer an overloaded mantelzorger to the mantelzorgsteunpunt (from the triage panel).
fn link_steunpunt(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(cat) = state.catalog.clone() else { return Vec::new() };
    let Some(cs) = &mut state.contact else { return Vec::new() };
    let advies = cs.contact.triage();
    if !advies.redenen.contains(&loket_domain::triage::Reden::MantelzorgerOverbelast) {
        state.warn("Verwijzen vanuit de triage kan bij een overbelaste mantelzorger (naar het mantelzorgsteunpunt).");
        return Vec::new();
    }
    let Some(link) = mantelzorgsteunpunt(&cat, &cs.contact) else {
        state.warn("Geen mantelzorgsteunpunt op de sociale kaart voor deze gemeente.");
        return Vec::new();
    };
    if cs.contact.links.iter().any(|l| l.entry_id == link.entry_id && l.soort == LinkSoort::VerwezenNaar) {
        state.info(format!("Al verwezen naar {}.", link.naam));
        return Vec::new();
    }
    let naam = link.naam.clone();
    cs.contact.toggle_link(link);
    cs.contact.bijgewerkt = now;
    state.info(format!("Verwezen naar {naam}."));
    save(state)
}

fn selected_entry_link(state: &State, soort: LinkSoort) -> Option<Link> {
    let cat = state.catalog.as_deref()?;
    let cs = state.contact.as_ref()?;
    let hit = cs.search.results.hits.get(cs.search.selected)?;
    let e: Entry = cat.entry(cat.doc(hit.doc));
    Some(Link {
        entry_id: e.id().to_string(),
        naam: e.naam().to_string(),
        soort,
        indicatie: e.toegang().needs_indication(),
    })
}

pub fn key(state: &mut State, e: Edit) -> Vec<Effect> {
    let now = state.now;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    match cs.focus {
        Focus::Search => {
            if cs.search.query.apply(e) {
                cs.details = false;
                refresh_search(state);
            }
            Vec::new()
        }
        Focus::Triage => Vec::new(),
        Focus::Field(f) => {
            if cs.read_only {
                if matches!(e, Edit::Insert(_)) {
                    state.warn("Dit contact is afgesloten: alleen lezen.");
                }
                return Vec::new();
            }
            // Right (or End) at the end of the Gemeente or Wijk field takes the known name offered.
            let aan_eind = cs.field(f).cursor_byte() == cs.field(f).value().len();
            if matches!(e, Edit::Right | Edit::End) && aan_eind {
                if let Some(v) = cs.voorstel(f) {
                    cs.field_mut(f).set(v);
                    cs.sync(f, now);
                    return save(state);
                }
            }
            if cs.field_mut(f).apply(e) {
                cs.ongeldig_bevestigd = false;
                cs.sync(f, now);
                cs.guard_besluit();
                return save(state);
            }
            Vec::new()
        }
    }
}

/// Reason `n` (1–7) of the triage checklist on or off.
fn toggle_reason(state: &mut State, n: usize) -> Vec<Effect> {
    let now = state.now;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    let cl = &mut cs.contact.checklist;
    match n {
        1 => cl.meerdere_vragen = !cl.meerdere_vragen,
        2 => cl.indicatie_nodig = !cl.indicatie_nodig,
        3 => cl.niet_zelfredzaam = !cl.niet_zelfredzaam,
        4 => cl.meer_tijd_nodig = !cl.meer_tijd_nodig,
        7 => cl.mantelzorger_overbelast = !cl.mantelzorger_overbelast,
        5 => cl.urgent = !cl.urgent,
        6 => {
            cl.gevaar = !cl.gevaar;
            // Signs of danger make the contact urgent.
            cl.urgent |= cl.gevaar;
        }
        _ => return Vec::new(),
    }
    // A decision no longer matching the checklist must be taken again.
    cs.contact.besluit = None;
    cs.contact.bijgewerkt = now;
    save(state)
}

fn move_focus(cs: &mut ContactState, delta: isize) {
    let cur = match cs.focus {
        Focus::Field(f) => f,
        _ => cs.last_field,
    };
    let i = Field::ORDER.iter().position(|x| *x == cur).unwrap_or(0) as isize;
    let n = Field::ORDER.len() as isize;
    let f = Field::ORDER[((i + delta).rem_euclid(n)) as usize];
    cs.focus = Focus::Field(f);
    cs.last_field = f;
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let now = state.now;
    let Some(cs) = &mut state.contact else {
        state.screen = Screen::Kaart;
        return Vec::new();
    };
    let read_only = cs.read_only;
    let changes = !matches!(
        a,
        Action::NextField
            | Action::PreviousField
            | Action::FocusSearch
            | Action::Next
            | Action::Previous
            | Action::PageDown
            | Action::PageUp
            | Action::First
            | Action::Last
            | Action::Cancel
            | Action::DetailDown
            | Action::DetailUp
            | Action::Details
            | Action::CrisisGezien
            | Action::Reschedule
            | Action::CancelAppointment
    );
    if read_only && changes {
        let k = state.key_name(Context::Contact, Action::GoKaart);
        state.warn(format!("Dit contact is afgesloten: alleen lezen. {k} gaat terug naar de kaart."));
        return Vec::new();
    }
    if let (Some(n), Focus::Triage) = (a.choice(), cs.focus) {
        return toggle_reason(state, n);
    }
    if let Some(d) = a.domein() {
        cs.contact.toggle_domein(d);
        cs.guard_besluit();
        cs.contact.bijgewerkt = now;
        return save(state);
    }
    match a {
        Action::NextField => {
            move_focus(cs, 1);
            Vec::new()
        }
        Action::PreviousField => {
            move_focus(cs, -1);
            Vec::new()
        }
        Action::Next | Action::Previous | Action::PageDown | Action::PageUp | Action::First | Action::Last => {
            if cs.focus == Focus::Search {
                let n = cs.search.results.hits.len();
                if n > 0 {
                    let step: isize = match a {
                        Action::Next => 1,
                        Action::Previous => -1,
                        Action::PageDown => kaartmod::PAGE as isize,
                        Action::PageUp => -(kaartmod::PAGE as isize),
                        Action::First => -(n as isize),
                        _ => n as isize,
                    };
                    cs.search.selected = (cs.search.selected as isize + step).clamp(0, n as isize - 1) as usize;
                    cs.search.detail_scroll = 0;
                }
            } else {
                move_focus(cs, if matches!(a, Action::Previous | Action::PageUp | Action::First) { -1 } else { 1 });
            }
            Vec::new()
        }
        Action::FocusSearch => {
            if let Focus::Field(f) = cs.focus {
                cs.last_field = f;
            }
            cs.focus = Focus::Search;
            Vec::new()
        }
        Action::Cancel if cs.details => {
            cs.details = false;
            Vec::new()
        }
        Action::Cancel => {
            cs.focus = Focus::Field(cs.last_field);
            cs.closing = false;
            Vec::new()
        }
        Action::Details => {
            if cs.search.results.hits.is_empty() {
                let k = state.key_name(Context::Contact, Action::FocusSearch);
                state.warn(format!("Zoek eerst een regel op de kaart ({k}); dan tonen de details die regel."));
                return Vec::new();
            }
            if let Focus::Field(f) = cs.focus {
                cs.last_field = f;
            }
            cs.focus = Focus::Search;
            cs.details = !cs.details;
            cs.search.detail_scroll = 0;
            Vec::new()
        }
        Action::DetailDown => {
            cs.search.detail_scroll = cs.search.detail_scroll.saturating_add(3);
            Vec::new()
        }
        Action::DetailUp => {
            cs.search.detail_scroll = cs.search.detail_scroll.saturating_sub(3);
            Vec::new()
        }
        Action::CycleKanaal => {
            cs.contact.kanaal = cs.contact.kanaal.next();
            save(state)
        }
        Action::CycleVrager => {
            cs.contact.vrager = cs.contact.vrager.next();
            save(state)
        }
        Action::CycleHulpVoor => {
            cs.contact.hulp_voor = cs.contact.hulp_voor.next();
            cs.contact.bijgewerkt = now;
            let label = cs.contact.hulp_voor.label();
            state.info(format!(
                "Hulp voor: {label}. De leeftijd van die persoon staat onderaan het formulier (shift-tab vanaf de vraag)."
            ));
            save(state)
        }
        Action::GewezenOco => {
            cs.contact.gewezen_op_clientondersteuning = !cs.contact.gewezen_op_clientondersteuning;
            save(state)
        }
        Action::GewezenOcoMantelzorger => {
            cs.contact.mantelzorger_gewezen = !cs.contact.mantelzorger_gewezen;
            save(state)
        }
        // In the triage panel, with an overloaded mantelzorger: refer to the mantelzorgsteunpunt.
        Action::LinkVerwezen if cs.focus == Focus::Triage => link_steunpunt(state),
        Action::LinkInformatie | Action::LinkVerwezen => {
            let soort =
                if a == Action::LinkInformatie { LinkSoort::InformatieGegeven } else { LinkSoort::VerwezenNaar };
            match selected_entry_link(state, soort) {
                Some(link) => {
                    let naam = link.naam.clone();
                    let cs = state.contact.as_mut().expect("checked above");
                    cs.contact.toggle_link(link);
                    let on = cs.contact.links.iter().any(|l| l.naam == naam && l.soort == soort);
                    cs.contact.bijgewerkt = now;
                    state.info(if on {
                        format!("{}: {naam}", soort.label())
                    } else {
                        format!("koppeling verwijderd: {naam}")
                    });
                    save(state)
                }
                None => {
                    let (f, d, u) = (
                        state.key_name(Context::Contact, Action::FocusSearch),
                        state.key_name(Context::Contact, Action::Next),
                        state.key_name(Context::Contact, Action::Previous),
                    );
                    state.warn(format!("Zoek eerst een voorziening ({f}) en kies er een met {d} / {u}."));
                    Vec::new()
                }
            }
        }
        Action::ContactWetten => {
            let mut options = vec!["(klaar)".to_string()];
            options.extend(Wet::ALL.iter().map(|w| w.label().to_string()));
            state.overlay = Some(Overlay::Picker(Picker { kind: PickerKind::ContactWetten, options, selected: 0 }));
            Vec::new()
        }
        Action::Triage => {
            cs.focus = if cs.focus == Focus::Triage { Focus::Field(cs.last_field) } else { Focus::Triage };
            Vec::new()
        }
        Action::Confirm => {
            if cs.focus == Focus::Triage {
                let advies = cs.contact.triage();
                cs.contact.besluit = Some(TriageBesluit {
                    uitkomst: advies.uitkomst,
                    suggestie: advies.uitkomst,
                    reden_afwijking: String::new(),
                });
                cs.contact.bijgewerkt = now;
                cs.focus = Focus::Field(cs.last_field);
                let mut fx = save(state);
                let closing = state.contact.as_ref().is_some_and(|c| c.closing);
                if closing {
                    fx.extend(open_outcome_picker(state));
                } else {
                    state.info(format!("Triage: {}", advies.uitkomst.label()));
                }
                fx
            } else if cs.focus == Focus::Search {
                // Enter on a result shows its details; linking is a choice of its own (alt-i,
                // alt-v), never a side effect.
                action(state, Action::Details)
            } else {
                move_focus(cs, 1);
                Vec::new()
            }
        }
        Action::SignaalJa | Action::SignaalNee => {
            let Some(s) = cs.doorvraag_open() else {
                state.info("Er staat geen vraag open.");
                return Vec::new();
            };
            let ja = a == Action::SignaalJa;
            cs.contact.signaalvragen.push(loket_domain::contact::Signaalvraag {
                soort: s.soort.code().to_string(),
                gevonden: s.gevonden.clone(),
                ja,
                op: now,
                door: state.medewerker.clone(),
            });
            cs.contact.bijgewerkt = now;
            cs.guard_besluit();
            let fx = save(state);
            if ja {
                state.warn(format!(
                    "Antwoord ja vastgelegd: {}. Verwijs nu door ({}).",
                    s.soort.label(),
                    s.soort.route().label()
                ));
            } else {
                state.info(format!("Antwoord nee vastgelegd bij het contact ({}).", s.soort.label()));
            }
            fx
        }
        Action::CrisisGezien => {
            let labels: Vec<String> = tekens(&cs.contact).iter().filter(|t| t.is_gevaar()).map(Teken::label).collect();
            if labels.is_empty() {
                return Vec::new();
            }
            cs.crisis_gezien = labels;
            let k = state.key_name(Context::Contact, Action::CloseContact);
            state
                .info(format!("Crisisroutes gezien. De nummers blijven bovenaan; afsluiten als verwezen kan met {k}."));
            Vec::new()
        }
        Action::OverrideTriage => {
            if cs.focus != Focus::Triage {
                cs.focus = Focus::Triage;
            }
            let advies = cs.contact.triage();
            let sugg = advies.uitkomst;
            let other = if sugg == Uitkomst::Enkelvoudig { Uitkomst::Complex } else { Uitkomst::Enkelvoudig };
            if other == Uitkomst::Enkelvoudig && advies.teken_open() {
                let close = state.key_name(Context::Triage, Action::CloseContact);
                let crisis = state.key_name(Context::Picker, Action::Choose8);
                state.warn(format!(
                    "Niet enkelvoudig: er zijn signalen van gevaar. Verwijs naar een crisislijn ({close}, dan {crisis})."
                ));
                return Vec::new();
            }
            state.overlay = Some(Overlay::Prompt {
                kind: PromptKind::OverrideReden(other),
                field: TextField::default(),
                error: None,
            });
            Vec::new()
        }
        // The appointment of the case handed off from this contact (also when it is closed).
        Action::Reschedule | Action::CancelAppointment => match super::rebook::case_of_contact(state) {
            Some(id) if a == Action::Reschedule => super::rebook::open(state, id),
            Some(id) => super::rebook::ask_cancel(state, id),
            None => {
                state.warn("Bij dit contact hoort geen dossier met een afspraak.");
                Vec::new()
            }
        },
        Action::DiscardContact => {
            if cs.contact.status == Status::Concept {
                state.overlay = Some(Overlay::Confirm(ConfirmKind::DiscardContact(cs.contact.id)));
            }
            Vec::new()
        }
        Action::CloseContact if !cs.errors.is_empty() && !cs.ongeldig_bevestigd => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::CloseWithInvalid));
            Vec::new()
        }
        Action::CloseContact => {
            cs.closing = true;
            if cs.contact.besluit.is_none() {
                cs.focus = Focus::Triage;
                let k = state.key_name(Context::Triage, Action::Confirm);
                state.info(format!("Bevestig eerst de triage: {k} neemt de suggestie over."));
                Vec::new()
            } else {
                open_outcome_picker(state)
            }
        }
        _ => Vec::new(),
    }
}

pub const OUTCOMES: [&str; 7] = [
    "informatie/advies gegeven",
    "verwezen naar aanbieder",
    "formulier meegegeven",
    "terugbelverzoek",
    "doorgezet naar backoffice cliëntondersteuning",
    "melding Wmo bij de gemeente",
    "geen passend aanbod (onvervulde vraag)",
];

/// The extra outcome offered (as 8) while there are signs of danger.
pub const OUTCOME_CRISIS: &str = "verwezen naar crisisdienst (112 / Veilig Thuis / 113)";

fn open_outcome_picker(state: &mut State) -> Vec<Effect> {
    let mut options = vec!["(terug)".to_string()];
    options.extend(OUTCOMES.iter().map(|s| s.to_string()));
    let crisis = state.contact.as_ref().is_some_and(|cs| cs.contact.triage().crisis);
    if crisis {
        options.push(OUTCOME_CRISIS.to_string());
    }
    // Preselect what fits: danger → crisis line, complex → backoffice, a referral link → verwezen.
    let selected = match &state.contact {
        _ if crisis => 8,
        Some(cs) if cs.contact.besluit.as_ref().is_some_and(|b| b.uitkomst == Uitkomst::Complex) => 5,
        Some(cs) if cs.contact.links.iter().any(|l| l.soort == LinkSoort::VerwezenNaar) => 2,
        _ => 1,
    };
    state.overlay = Some(Overlay::Picker(Picker { kind: PickerKind::Afhandeling, options, selected }));
    Vec::new()
}

/// The outcome picker chose option `idx` (1-based as shown).
pub fn choose_outcome(state: &mut State, idx: usize) -> Vec<Effect> {
    state.overlay = None;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    let af = match idx {
        1 => Afhandeling::InformatieGegeven,
        2 => Afhandeling::VerwezenNaarAanbieder,
        3 => Afhandeling::FormulierMeegegeven,
        4 if cs.contact.client.telefoon.trim().is_empty() => {
            cs.closing = false;
            let k = state.key_hint(Context::Contact, Action::NextField);
            state.warn(format!("Terugbellen kan niet zonder telefoonnummer: vul eerst 'Tel. terugbellen' in{k}."));
            return Vec::new();
        }
        4 => {
            state.overlay = Some(Overlay::Prompt {
                kind: PromptKind::Terugbel,
                field: TextField::new("morgen 10:00"),
                error: None,
            });
            return Vec::new();
        }
        // "doorgezet" only exists with a case: these run the handoff (which closes the contact).
        5 | 6 => {
            cs.closing = false;
            let fx = super::handoff::open(state);
            if let (Some(h), 6) = (&mut state.handoff, idx) {
                h.route = loket_domain::case::Route::WmoMelding;
                h.suggestions = super::handoff::suggestions_for(h.route, &h.needs);
                h.soort_idx = 0;
                super::handoff::refresh_slots(state);
            }
            return fx;
        }
        7 => {
            // Not pre-filled with the question: that can name a person, and this text is kept
            // for reports. The worker writes what was missing, without names.
            state.overlay =
                Some(Overlay::Prompt { kind: PromptKind::GeenAanbod, field: TextField::default(), error: None });
            return Vec::new();
        }
        8 if cs.contact.triage().crisis => {
            let mut options = vec!["(terug)".to_string()];
            options.extend(CRISISVERWIJZINGEN.iter().map(|l| l.naam.to_string()));
            let selected = passende_lijn(&tekens(&cs.contact)) + 1;
            state.overlay = Some(Overlay::Picker(Picker { kind: PickerKind::Crisislijn, options, selected }));
            return Vec::new();
        }
        _ => {
            cs.closing = false;
            return Vec::new();
        }
    };
    finish(state, af)
}

/// The crisis-line picker chose option `idx` (1-based as shown): link it as a referral and close
/// as "verwezen naar crisisdienst" (no client data needed).
pub fn choose_crisislijn(state: &mut State, idx: usize) -> Vec<Effect> {
    state.overlay = None;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    let Some(lijn) = idx.checked_sub(1).and_then(|i| CRISISVERWIJZINGEN.get(i)) else {
        cs.closing = false;
        return Vec::new();
    };
    let naam = state
        .catalog
        .as_deref()
        .and_then(|cat| cat.find(lijn.entry_id).map(|r| cat.entry(r).naam().to_string()))
        .map(|n| format!("{n} — {}", lijn.naam))
        .unwrap_or_else(|| lijn.naam.to_string());
    let link = Link { entry_id: lijn.entry_id.to_string(), naam, soort: LinkSoort::VerwezenNaar, indicatie: false };
    if !cs.contact.links.iter().any(|l| l.entry_id == link.entry_id && l.soort == link.soort) {
        cs.contact.toggle_link(link);
    }
    finish(state, Afhandeling::VerwezenCrisisdienst)
}

/// Set the outcome and close; on a rule error, say why and keep the contact open.
pub fn finish(state: &mut State, af: Afhandeling) -> Vec<Effect> {
    let now = state.now;
    let Some(cs) = &mut state.contact else { return Vec::new() };
    cs.contact.afhandeling = Some(af.clone());
    match cs.contact.close(now) {
        Ok(()) => {
            let c = cs.contact.clone();
            // The form closes when the store has it (see sync::contact_closed).
            let message = format!("Contact afgesloten: {} ({} min).", af.label(), c.duur_minuten(now));
            state.closing = Some((c.id, message));
            vec![Effect::CloseContact(Box::new(c))]
        }
        Err(e) => {
            cs.contact.afhandeling = None;
            cs.contact.status = Status::Concept;
            cs.closing = false;
            state.warn(format!("Nog niet af te sluiten: {e}."));
            save(state)
        }
    }
}

/// A prompt was confirmed.
pub fn prompt_done(state: &mut State, kind: PromptKind, text: String) -> Result<Vec<Effect>, String> {
    let now = state.now;
    match kind {
        PromptKind::Terugbel => {
            let wanneer = loket_domain::contact::parse_wanneer(&text, now)?;
            state.overlay = None;
            Ok(finish(state, Afhandeling::Terugbelverzoek { wanneer, gedaan: false }))
        }
        PromptKind::GeenAanbod => {
            if text.trim().is_empty() {
                return Err("beschrijf kort wat er gevraagd werd".into());
            }
            state.overlay = None;
            let domein = state.contact.as_ref().and_then(|c| c.contact.levensdomeinen.first().copied());
            Ok(finish(state, Afhandeling::GeenPassendAanbod { wat: text.trim().to_string(), domein }))
        }
        PromptKind::OverrideReden(uitkomst) => {
            if text.trim().len() < 3 {
                return Err("geef een korte reden (wordt bewaard)".into());
            }
            state.overlay = None;
            let Some(cs) = &mut state.contact else { return Ok(Vec::new()) };
            if uitkomst == Uitkomst::Enkelvoudig && cs.contact.triage().teken_open() {
                return Err("niet enkelvoudig bij signalen van gevaar".into());
            }
            let sugg = cs.contact.triage().uitkomst;
            cs.contact.besluit =
                Some(TriageBesluit { uitkomst, suggestie: sugg, reden_afwijking: text.trim().to_string() });
            cs.contact.bijgewerkt = now;
            cs.focus = Focus::Field(cs.last_field);
            let closing = cs.closing;
            let mut fx = save(state);
            if closing {
                fx.extend(open_outcome_picker(state));
            } else {
                state.info(format!("Triage: {} (afwijkend van de suggestie)", uitkomst.label()));
            }
            Ok(fx)
        }
        // Queue prompts and the import path are handled elsewhere.
        k => {
            debug_assert!(
                k.is_queue()
                    || k == PromptKind::ImportPad
                    || k == PromptKind::HuisbezoekAdres
                    || k == PromptKind::AfspraakTelefoon
                    || k == PromptKind::AnoniemeSamenvatting
            );
            Ok(Vec::new())
        }
    }
}

/// Toggle a wet from the wetten picker.
pub fn toggle_wet(state: &mut State, idx: usize) -> Vec<Effect> {
    let Some(cs) = &mut state.contact else { return Vec::new() };
    if idx == 0 {
        state.overlay = None;
        return Vec::new();
    }
    if let Some(w) = Wet::ALL.get(idx - 1) {
        cs.contact.toggle_wet(*w);
        cs.contact.bijgewerkt = state.now;
    }
    save(state)
}

/// The worker confirmed: throw the open draft away (deleted, not counted). The form closes when
/// the store has deleted it (see `sync::contact_deleted`).
pub fn discard(state: &mut State, id: u64) -> Vec<Effect> {
    match &state.contact {
        Some(cs) if cs.contact.id == id && cs.contact.status == Status::Concept && !cs.read_only => {
            state.closing = Some((id, "Contact weggegooid: niet bewaard en niet meegeteld.".into()));
            vec![Effect::DeleteContact(id)]
        }
        _ => Vec::new(),
    }
}

/// Quit asks first when a contact is open.
pub fn confirm_quit(state: &mut State) -> bool {
    match &state.contact {
        Some(cs) if cs.contact.status == Status::Concept => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::QuitWithContact));
            false
        }
        _ => true,
    }
}

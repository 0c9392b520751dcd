//! Keeping the sociale kaart true: "klopt niet" from any kaart search, and the beheer
//! screen: the worklist (reported entries first, then oldest verified), with "gebeld, klopt",
//! "gewijzigd" (the edit form), "vervallen", undo of the last change and the history per entry.

use std::collections::HashMap;

use super::text_field::TextField;
use super::{Action, Effect, Overlay, PromptKind, Screen, State};
use loket_catalog::Entry;
use loket_domain::beheer::{Beheer, BeheerSchrijf, Melding, Record, Werkpost, Werkregel, Wijziging};

#[derive(Debug, Default)]
pub struct BeheerState {
    /// The upkeep of every entry that has any, by key (`v/<id>`), as stored.
    pub staten: HashMap<String, Beheer>,
    pub selected: usize,
    /// The entry a "klopt niet" report is being typed for.
    pub melden: Option<String>,
    /// The history shown for an entry (key, changes oldest first).
    pub historie: Option<(String, Vec<Wijziging>)>,
    /// The edit form, while open.
    pub form: Option<super::beheer_form::FormState>,
    /// The worklist as last made, with what it was made from (see [`werklijst`]).
    cache: std::sync::Mutex<Option<(u64, Werklijst)>>,
}

/// The worklist rows (without their records) and the overview counts.
pub type Werklijst = std::sync::Arc<(Vec<Werkpost>, loket_domain::beheer::Overzicht)>;

/// The store key of a search entry.
pub fn sleutel(e: &Entry<'_>) -> String {
    match e {
        Entry::Voorziening(v, _) => format!("v/{}", v.id),
        Entry::Regeling(r, _) => format!("r/{}", r.id),
    }
}

/// What the worklist is made from: the catalog shown, the upkeep, the day.
fn vingerafdruk(state: &State) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    state.catalog.as_ref().map(|c| std::sync::Arc::as_ptr(c) as usize).hash(&mut h);
    state.now.date().hash(&mut h);
    // order-free: the sum of each entry's own hash
    let mut sum = 0u64;
    for (k, b) in &state.beheer.staten {
        let mut e = std::collections::hash_map::DefaultHasher::new();
        k.hash(&mut e);
        format!("{b:?}").hash(&mut e);
        sum = sum.wrapping_add(e.finish());
    }
    sum.hash(&mut h);
    h.finish()
}

/// The worklist and overview as this desk knows the map now. Made again only when the map,
/// the upkeep or the day changed (not at every key or frame: a large map has a long list).
pub fn werklijst(state: &State) -> Werklijst {
    let key = vingerafdruk(state);
    let mut cache = state.beheer.cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, w)) = cache.as_ref() {
        if *k == key {
            return w.clone();
        }
    }
    let mut posten = Vec::new();
    if let Some(cat) = state.catalog.as_deref() {
        // organisations are on the list only with upkeep (a report): those are read
        let mut orgs: Vec<&String> = state.beheer.staten.keys().filter(|k| k.starts_with("o/")).collect();
        orgs.sort();
        for k in orgs {
            if let Some(o) = cat.organisatie(&k[2..]) {
                posten.push(loket_domain::beheer::Post::van(&Record::Organisatie(o.clone())));
            }
        }
        posten.extend(cat.posten());
    }
    let w = std::sync::Arc::new(loket_domain::beheer::werkposten(posten, &state.beheer.staten, state.now.date()));
    *cache = Some((key, w.clone()));
    w
}

/// The record of a key as this desk knows it (with the organisation of a voorziening).
pub fn record(state: &State, key: &str) -> Option<Record> {
    let cat = state.catalog.as_deref()?;
    let (kind, id) = key.split_once('/')?;
    if kind == "o" {
        return cat.organisatie(id).cloned().map(Record::Organisatie);
    }
    match cat.entry(cat.find(id)?) {
        Entry::Voorziening(v, _) if kind == "v" => Some(Record::Voorziening(v.clone())),
        Entry::Regeling(r, _) if kind == "r" => Some(Record::Regeling(r.clone())),
        _ => None,
    }
}

/// "Klopt niet" on the selected entry of the kaart (or of the kaart search in the contact).
pub fn klopt_niet(state: &mut State) -> Vec<Effect> {
    let Some(cat) = state.catalog.clone() else {
        state.warn("De sociale kaart wordt nog geladen.");
        return Vec::new();
    };
    let k = match state.screen {
        Screen::Contact => state.contact.as_ref().map(|cs| &cs.search),
        _ => Some(&state.kaart),
    };
    let Some(hit) = k.and_then(|k| k.results.hits.get(k.selected)) else {
        state.warn("Kies eerst een voorziening of regeling in de lijst.");
        return Vec::new();
    };
    let key = cat.sleutel(hit.doc);
    state.beheer.melden = Some(key);
    state.overlay = Some(Overlay::Prompt { kind: PromptKind::KloptNiet, field: TextField::default(), error: None });
    Vec::new()
}

/// The "klopt niet" note was typed.
pub fn melding_done(state: &mut State, text: &str) -> Result<Vec<Effect>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("typ kort wat er niet klopt (bv. telefoonnummer werkt niet)".into());
    }
    let Some(key) = state.beheer.melden.take() else { return Err("geen regel gekozen".into()) };
    state.overlay = None;
    let melding = Melding { tekst: t.to_string(), door: state.medewerker.clone(), op: state.now };
    state.info("Melding wordt opgeslagen…");
    Ok(vec![Effect::BeheerMeld { sleutel: key, melding }])
}

/// The store has the report: show it on the entry.
pub fn gemeld(state: &mut State, b: Beheer) -> Vec<Effect> {
    state.beheer.staten.insert(b.sleutel.clone(), b);
    state.info("Gemeld: de beheerder ziet het bovenaan de werklijst.");
    Vec::new()
}

/// All upkeep as stored (at start, and when another desk changed the map).
pub fn geladen(state: &mut State, staten: HashMap<String, Beheer>) -> Vec<Effect> {
    state.beheer.staten = staten;
    super::kaart::refresh(state);
    super::contact::refresh_search(state);
    Vec::new()
}

/// A beheerder's change is stored: it shows (and is searchable) at once on this desk.
pub fn geschreven(state: &mut State, s: BeheerSchrijf, bericht: String) -> Vec<Effect> {
    let key = s.staten.first().map(|b| b.sleutel.clone());
    for b in s.staten {
        state.beheer.staten.insert(b.sleutel.clone(), b);
    }
    let n = s.kaart.organisaties.len() + s.kaart.voorzieningen.len() + s.kaart.regelingen.len();
    if n > 0 {
        if let Some(cat) = state.catalog.clone() {
            state.catalog = Some(std::sync::Arc::new(cat.with_changes(s.kaart, cat.versie)));
        }
    }
    if let Some((key, h)) = &mut state.beheer.historie {
        let k = key.clone();
        h.extend(s.historie.into_iter().filter(|w| w.sleutel == k));
    }
    if state.screen == Screen::Bewerken {
        state.beheer.form = None;
        state.screen = Screen::Beheer;
    }
    super::kaart::refresh(state);
    super::contact::refresh_search(state);
    // the worklist is sorted anew: the selection stays on the entry just handled
    if let Some(key) = key {
        if let Some(i) = werklijst(state).0.iter().position(|r| r.post.sleutel == key) {
            state.beheer.selected = i;
        }
    }
    state.info(bericht);
    Vec::new()
}

pub fn open(state: &mut State) -> Vec<Effect> {
    if state.catalog.is_none() {
        state.warn("De sociale kaart wordt nog geladen.");
        return Vec::new();
    }
    // from a kaart search: on the entry chosen there (a provider phones about that one)
    let gekozen = (state.screen == Screen::Kaart && !state.kaart.query.value().trim().is_empty())
        .then(|| {
            let cat = state.catalog.as_deref()?;
            let hit = state.kaart.results.hits.get(state.kaart.selected)?;
            Some(cat.sleutel(hit.doc))
        })
        .flatten();
    state.screen = Screen::Beheer;
    state.beheer.historie = None;
    state.beheer.selected =
        gekozen.and_then(|k| werklijst(state).0.iter().position(|r| r.post.sleutel == k)).unwrap_or(0);
    Vec::new()
}

/// The selected row with its record (read now).
pub fn selected(state: &State) -> Option<Werkregel> {
    let w = werklijst(state);
    let p = w.0.get(state.beheer.selected.min(w.0.len().saturating_sub(1)))?;
    Some(Werkregel { record: record(state, &p.post.sleutel)?, beheer: p.beheer.clone(), verouderd: p.verouderd })
}

/// The name of the entry selected in the worklist (for a question about it).
pub fn gekozen_naam(state: &State) -> Option<String> {
    selected(state).map(|r| r.record.naam().to_string())
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let n = werklijst(state).0.len();
    let move_to = |state: &mut State, i: isize| {
        state.beheer.selected = i.clamp(0, n.saturating_sub(1) as isize) as usize;
        state.beheer.historie = None;
    };
    let cur = state.beheer.selected as isize;
    match a {
        Action::Next => move_to(state, cur + 1),
        Action::Previous => move_to(state, cur - 1),
        Action::PageDown => move_to(state, cur + 10),
        Action::PageUp => move_to(state, cur - 10),
        Action::First => move_to(state, 0),
        Action::Last => move_to(state, n as isize),
        Action::BeheerKlopt => {
            let Some(row) = selected(state) else { return Vec::new() };
            return write(
                state,
                loket_store::kaartbeheer::geverifieerd(&row.record, &row.beheer, &state.medewerker, state.now),
                format!("{}: gebeld, klopt (geverifieerd {}).", row.record.naam(), state.now.format("%d-%m-%Y")),
            );
        }
        // asks first: once archived the entry is gone from this list
        Action::BeheerVervallen if selected(state).is_some() => {
            state.overlay = Some(super::Overlay::Confirm(super::ConfirmKind::Vervallen));
        }
        Action::BeheerWijzig => {
            if let Some(row) = selected(state) {
                super::beheer_form::open(state, Some(row.record), row.beheer);
            }
        }
        Action::BeheerNieuw => super::beheer_form::nieuw(state),
        Action::BeheerHistorie => {
            let Some(row) = selected(state) else { return Vec::new() };
            let key = row.record.sleutel();
            if state.beheer.historie.as_ref().is_some_and(|(k, _)| *k == key) {
                state.beheer.historie = None;
            } else {
                return vec![Effect::BeheerHistorie(key)];
            }
        }
        Action::BeheerOngedaan => {
            let Some(row) = selected(state) else { return Vec::new() };
            return vec![Effect::BeheerOngedaan {
                record: Box::new(row.record),
                beheer: Box::new(row.beheer),
                door: state.medewerker.clone(),
                op: state.now,
            }];
        }
        _ => {}
    }
    Vec::new()
}

fn write(state: &mut State, s: loket_store::Result<BeheerSchrijf>, bericht: String) -> Vec<Effect> {
    match s {
        Ok(s) => vec![Effect::BeheerSchrijf { schrijf: Box::new(s), bericht }],
        Err(e) => {
            state.warn(format!("Niet opgeslagen: {e}"));
            Vec::new()
        }
    }
}

/// The history of an entry arrived.
pub fn historie(state: &mut State, key: String, h: Vec<Wijziging>) -> Vec<Effect> {
    state.beheer.historie = Some((key, h));
    Vec::new()
}

/// Archive the selected entry ("vervallen", confirmed): hidden from search, kept.
pub fn vervallen(state: &mut State) -> Vec<Effect> {
    let Some(row) = selected(state) else { return Vec::new() };
    write(
        state,
        loket_store::kaartbeheer::vervallen(&row.record, &row.beheer, &state.medewerker, state.now, "vervallen"),
        format!("{}: vervallen (niet meer te vinden, wel bewaard).", row.record.naam()),
    )
}

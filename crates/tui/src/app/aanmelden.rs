//! Signing in and the idle lock.
//!
//! While [`State::aanmelden`] is set, the screen shows only the sign-in form (name and PIN, the
//! PIN masked) and every key goes to it: nothing personal is drawn, and whatever was open (a
//! draft, a dialog) stays as it was underneath. At start it asks who signs in; after
//! [`State::vergrendel_na`] without a key it locks, and only the signed-in account's PIN opens
//! it again. The PIN is checked by the runtime against the store ([`Effect::Aanmelden`]).

use chrono::NaiveDateTime;

use super::text_field::TextField;
use super::{Action, Effect, Msg, State};
use loket_domain::account::{Aangemeld, Recht};
use loket_store::auth::Geheim;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Veld {
    Naam,
    Pin,
}

/// The sign-in form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AanmeldState {
    pub naam: TextField,
    /// Drawn as stars only.
    pub pin: TextField,
    pub focus: Veld,
    /// Why the last try failed.
    pub fout: Option<String>,
    /// The idle lock of a signed-in account (the name is fixed), not the sign-in at start.
    pub vergrendeld: bool,
    /// Failed tries in a row (after a few, each further try waits longer).
    pub mislukt: u32,
    /// A try is being checked (beside the screen: the PIN's hash is slow on purpose): Enter
    /// waits for its answer instead of sending another.
    pub bezig: bool,
}

impl AanmeldState {
    /// The form at start: who are you?
    pub fn start() -> AanmeldState {
        AanmeldState {
            naam: TextField::default(),
            pin: TextField::default(),
            focus: Veld::Naam,
            fout: None,
            vergrendeld: false,
            mislukt: 0,
            bezig: false,
        }
    }

    /// The idle lock of `naam`: only the PIN is asked.
    pub fn vergrendeld(naam: &str) -> AanmeldState {
        AanmeldState { naam: TextField::new(naam), focus: Veld::Pin, vergrendeld: true, ..AanmeldState::start() }
    }

    fn field(&mut self) -> &mut TextField {
        match self.focus {
            Veld::Naam => &mut self.naam,
            Veld::Pin => &mut self.pin,
        }
    }
}

impl State {
    /// May the worker at this desk do `r`? Without sign-in (an embedded store without accounts)
    /// everything, as before accounts; where sign-in is required, what the account's role may.
    pub fn mag(&self, r: Recht) -> bool {
        match &self.account {
            Some(a) => a.rol.mag(r),
            None => !self.aanmelding_verplicht,
        }
    }

    /// `r` is not for this worker: say so (and true), or false when it is allowed.
    pub fn geweigerd(&mut self, r: Recht) -> bool {
        if self.mag(r) {
            return false;
        }
        let wie = self.account.as_ref().map(|a| a.rol.label()).unwrap_or("niet aangemeld");
        self.warn(format!("Niet voor uw rol ({wie}): {}.", r.label()));
        true
    }

    /// Is the sign-in form or the idle lock showing?
    pub fn is_vergrendeld(&self) -> bool {
        self.aanmelden.is_some()
    }
}

/// Is this message input from the worker (it is handled by the form while the form shows)?
pub fn is_input(msg: &Msg) -> bool {
    matches!(msg, Msg::Key(_) | Msg::Paste(_) | Msg::Action(_))
}

/// Input while the form shows.
pub fn update(state: &mut State, msg: Msg) -> Vec<Effect> {
    let Some(f) = state.aanmelden.as_mut() else { return Vec::new() };
    match msg {
        Msg::Key(k) => {
            if let Some(c) = k.text() {
                f.field().insert(c);
            }
            Vec::new()
        }
        Msg::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                f.field().insert(c);
            }
            Vec::new()
        }
        Msg::Action(Action::Quit) => vec![Effect::Quit],
        Msg::Action(a) if a.edit().is_some() => {
            f.field().apply(a.edit().expect("checked"));
            Vec::new()
        }
        Msg::Action(Action::Confirm) if f.bezig => Vec::new(),
        Msg::Action(Action::Confirm) => {
            if f.focus == Veld::Naam {
                if f.naam.value().trim().is_empty() {
                    f.fout = Some("Vul uw naam in.".into());
                } else {
                    f.fout = None;
                    f.focus = Veld::Pin;
                }
                return Vec::new();
            }
            if f.pin.is_empty() {
                f.fout = Some("Vul uw pincode in.".into());
                return Vec::new();
            }
            let pin = Geheim(f.pin.value().to_string());
            f.pin.clear();
            f.bezig = true;
            f.fout = None;
            vec![Effect::Aanmelden { naam: f.naam.value().trim().to_string(), pin, poging: f.mislukt }]
        }
        Msg::Action(Action::Cancel) => {
            // back to the name (at start), or clear the PIN
            f.pin.clear();
            if !f.vergrendeld {
                f.focus = Veld::Naam;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The store said yes.
pub fn aangemeld(state: &mut State, a: Aangemeld) -> Vec<Effect> {
    let was_vergrendeld = state.aanmelden.as_ref().is_some_and(|f| f.vergrendeld);
    state.aanmelden = None;
    state.laatste_invoer = state.now;
    if was_vergrendeld && state.account.as_ref().is_some_and(|x| x.naam == a.naam) {
        // unlocked: everything is as it was
        state.info("Ontgrendeld.");
        return Vec::new();
    }
    state.medewerker = a.naam.clone();
    state.info(format!("Aangemeld als {} ({}).", a.naam, a.rol.label()));
    state.account = Some(a);
    if !state.mag(Recht::RapportBekijken) {
        super::rapport::vergeten(state);
    }
    // read contacts and dossiers again, now through this role's rules
    vec![Effect::Refresh(loket_store::Change::Reconnected)]
}

/// An account changed elsewhere. When it is the one signed in here and it is now blocked (or
/// gone), the desk signs out at once: the screen shows only the sign-in form, with why, and
/// whatever was open stays underneath, unsaved text included (it is written as a draft by the
/// runtime as always), for whoever signs in next with the right to see it.
pub fn account_gewijzigd(
    state: &mut State,
    sleutel: &str,
    account: Option<&loket_domain::account::Account>,
) -> Vec<Effect> {
    let ons = state.account.as_ref().is_some_and(|a| loket_domain::account::Account::sleutel(&a.naam) == sleutel);
    if !ons || account.is_some_and(|a| !a.geblokkeerd) {
        return Vec::new();
    }
    state.account = None;
    state.pending.clear();
    state.aanmelden = Some(AanmeldState {
        fout: Some("Uw account is geblokkeerd door de functioneel beheerder; u bent afgemeld.".into()),
        ..AanmeldState::start()
    });
    Vec::new()
}

/// The store said no.
pub fn mislukt(state: &mut State, fout: String) -> Vec<Effect> {
    if let Some(f) = state.aanmelden.as_mut() {
        f.bezig = false;
        f.mislukt += 1;
        f.fout = Some(fout);
        f.pin.clear();
    }
    Vec::new()
}

/// The clock moved: lock after the idle time (only where someone is signed in, who can unlock).
pub fn tick(state: &mut State) {
    let (Some(a), Some(na)) = (&state.account, state.vergrendel_na) else { return };
    if state.aanmelden.is_none() && state.now - state.laatste_invoer >= na {
        state.aanmelden = Some(AanmeldState::vergrendeld(&a.naam));
        state.pending.clear();
    }
}

/// Is the idle lock due at `now` (signed in, not locked, idle for the configured time)?
pub fn lock_due(state: &State, now: NaiveDateTime) -> bool {
    match (&state.account, state.vergrendel_na) {
        (Some(_), Some(na)) => state.aanmelden.is_none() && now - state.laatste_invoer >= na,
        _ => false,
    }
}

/// A key or paste came in: the worker is here.
pub fn activity(state: &mut State, at: NaiveDateTime) {
    if state.aanmelden.is_none() {
        state.laatste_invoer = at;
    }
}

/// Check a sign-in against the store (the runtime's side of [`Effect::Aanmelden`]). After a few
/// failed tries each further try waits a little longer (at most 5 s), which slows guessing.
pub fn controleer(store: &dyn loket_store::Store, naam: &str, pin: &Geheim, poging: u32) -> Msg {
    if poging >= 3 {
        std::thread::sleep(std::time::Duration::from_millis(500 * u64::from(poging - 2).min(10)));
    }
    match loket_store::auth::aanmelden(store, naam, pin.as_str()) {
        Ok(a) => Msg::Aangemeld(Aangemeld::from(&a)),
        Err(e) => Msg::AanmeldenMislukt(zin(&e.to_string())),
    }
}

/// "naam klopt niet" → "Naam klopt niet."
fn zin(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

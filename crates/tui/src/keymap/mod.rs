//! Keymaps are data: TOML files in `keymaps/`, one table per context, `"chord" = "action"`.
//! Loaded and validated before the TUI opens; every problem is reported with file:line.

pub mod chord;
pub mod help;

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub use chord::{Chord, Key};

use crate::app::action::Action;

/// Where a binding applies. `global` applies on every screen unless the screen binds the chord.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Kaart,
    Picker,
    Help,
    Contact,
    ContactList,
    Triage,
    Prompt,
    Confirm,
    Handoff,
    Queue,
    /// The beheer worklist.
    Beheer,
    /// The edit form of the beheer screen.
    Bewerken,
    /// Editing keys of every text field (search boxes, the contact form, prompts).
    Text,
    /// A supporter's availability.
    Beschikbaarheid,
    /// The word-list editor.
    Woordenlijst,
    /// The report screen.
    Rapport,
    /// The resident's plan.
    Plan,
    /// The worklist of follow-ups.
    Opvolgen,
}

impl Context {
    pub const ALL: [Context; 19] = [
        Context::Global,
        Context::Kaart,
        Context::Picker,
        Context::Help,
        Context::Contact,
        Context::ContactList,
        Context::Triage,
        Context::Prompt,
        Context::Confirm,
        Context::Handoff,
        Context::Queue,
        Context::Text,
        Context::Beschikbaarheid,
        Context::Woordenlijst,
        Context::Beheer,
        Context::Bewerken,
        Context::Rapport,
        Context::Plan,
        Context::Opvolgen,
    ];
    /// The screens (not overlays): each needs a way to quit and to get help.
    pub const SCREENS: [Context; 13] = [
        Context::Kaart,
        Context::Contact,
        Context::Triage,
        Context::ContactList,
        Context::Handoff,
        Context::Queue,
        Context::Beschikbaarheid,
        Context::Woordenlijst,
        Context::Beheer,
        Context::Bewerken,
        Context::Rapport,
        Context::Plan,
        Context::Opvolgen,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Kaart => "kaart",
            Context::Picker => "kiezer",
            Context::Help => "hulp",
            Context::Contact => "contact",
            Context::ContactList => "contactlijst",
            Context::Triage => "triage",
            Context::Prompt => "invoer",
            Context::Confirm => "bevestigen",
            Context::Handoff => "overdracht",
            Context::Queue => "wachtrij",
            Context::Text => "tekst",
            Context::Beschikbaarheid => "beschikbaarheid",
            Context::Woordenlijst => "woordenlijst",
            Context::Beheer => "beheer",
            Context::Bewerken => "bewerken",
            Context::Rapport => "rapport",
            Context::Plan => "leefplan",
            Context::Opvolgen => "opvolgen",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Overal",
            Context::Kaart => "Sociale kaart",
            Context::Picker => "Keuzelijst",
            Context::Help => "Hulp",
            Context::Contact => "Contact",
            Context::ContactList => "Contactenlijst",
            Context::Triage => "Triage",
            Context::Prompt => "Invoerveld",
            Context::Confirm => "Vraag",
            Context::Handoff => "Overdracht",
            Context::Queue => "Wachtrij backoffice",
            Context::Text => "Tekst bewerken",
            Context::Beschikbaarheid => "Beschikbaarheid cliëntondersteuners",
            Context::Woordenlijst => "Woordenlijsten",
            Context::Beheer => "Beheer sociale kaart",
            Context::Bewerken => "Regel bewerken",
            Context::Rapport => "Rapport",
            Context::Plan => "Leefplan",
            Context::Opvolgen => "Opvolgen",
        }
    }
    /// Does `global` apply underneath? Overlays (picker, help) capture all keys.
    pub fn inherits_global(self) -> bool {
        !matches!(self, Context::Picker | Context::Help | Context::Prompt | Context::Confirm | Context::Text)
    }
    /// Does `tekst` apply underneath (the context has a text field)?
    pub fn has_text(self) -> bool {
        matches!(
            self,
            Context::Kaart
                | Context::Contact
                | Context::ContactList
                | Context::Prompt
                | Context::Beschikbaarheid
                | Context::Woordenlijst
                | Context::Bewerken
        )
    }
    /// The layers a key is looked up in, in order: the context, `tekst`, `global`.
    pub fn layers(self) -> Vec<Context> {
        let mut v = vec![self];
        if self.has_text() {
            v.push(Context::Text);
        }
        if self.inherits_global() && self != Context::Global {
            v.push(Context::Global);
        }
        v
    }
    /// Does `a` do something when bound here? A binding that does nothing is a mistake in the
    /// keymap, reported at load. (Mirrors the dispatch in `app`: `global` actions work on every
    /// screen, each screen's own actions only there.)
    pub fn handles(self, a: Action) -> bool {
        use Action::*;
        let global = matches!(
            a,
            Quit | Help
                | NewContact
                | ContactList
                | Queue
                | GoKaart
                | Import
                | Beschikbaarheid
                | Woordenlijsten
                | GoBeheer
                | GoRapport
                | GoOpvolgen
        );
        let lists = matches!(a, Next | Previous | PageDown | PageUp | First | Last);
        let edit = a.edit().is_some();
        let contact = lists
            || a.domein().is_some()
            || matches!(
                a,
                NextField
                    | PreviousField
                    | FocusSearch
                    | Confirm
                    | Cancel
                    | ContactWetten
                    | CycleKanaal
                    | CycleVrager
                    | LinkInformatie
                    | LinkVerwezen
                    | GewezenOco
                    | GewezenOcoMantelzorger
                    | Triage
                    | OverrideTriage
                    | CloseContact
                    | CrisisGezien
                    | SignaalJa
                    | SignaalNee
                    | Handoff
                    | DiscardContact
                    | Reschedule
                    | CancelAppointment
                    | CycleHulpVoor
                    | KloptNiet
                    | Details
                    | DetailDown
                    | DetailUp
            );
        match self {
            Context::Global => global,
            Context::Text => edit,
            Context::Kaart => {
                global
                    || lists
                    || matches!(
                        a,
                        DetailDown
                            | DetailUp
                            | ClearSearch
                            | ClearFilters
                            | FilterWet
                            | FilterToegang
                            | FilterGemeente
                            | FilterWijk
                            | FilterDoelgroep
                            | KloptNiet
                    )
            }
            Context::Contact => global || contact || edit,
            Context::Triage => global || contact || matches!(a.choice(), Some(1..=7)),
            Context::ContactList => {
                global || lists || edit || matches!(a, ClearSearch | Cancel | Confirm | CallbackDone)
            }
            Context::Handoff => {
                global
                    || matches!(
                        a,
                        ConsentYes
                            | ConsentNo
                            | Next
                            | Previous
                            | PageDown
                            | PageUp
                            | CycleSoort
                            | NextField
                            | PreviousField
                            | CyclePlek
                            | CycleRoute
                            | Confirm
                            | Cancel
                            | ExportAppointment
                            | BriefOpenen
                    )
            }
            Context::Beheer => {
                global
                    || lists
                    || matches!(
                        a,
                        BeheerKlopt | BeheerWijzig | BeheerVervallen | BeheerNieuw | BeheerOngedaan | BeheerHistorie
                    )
            }
            Context::Bewerken => {
                global
                    || edit
                    || matches!(
                        a,
                        Next | Previous
                            | First
                            | Last
                            | NextField
                            | PreviousField
                            | Confirm
                            | Cancel
                            | BeheerOpslaan
                            | BeheerSoort
                    )
            }
            Context::Queue => {
                global
                    || matches!(
                        a,
                        Next | Previous
                            | First
                            | Last
                            | DetailDown
                            | DetailUp
                            | AdvanceStep
                            | AddNote
                            | AddSignaal
                            | SetVolgendeActie
                            | SetAanvraag
                            | SetOnderzoekAfgerond
                            | SetBeschikking
                            | UndoStep
                            | Reschedule
                            | CancelAppointment
                            | TochToepassen
                            | OpenPlan
                            | BriefOpenen
                    )
            }
            Context::Beschikbaarheid => {
                global
                    || lists
                    || edit
                    || matches!(
                        a,
                        Confirm
                            | Cancel
                            | NextField
                            | PreviousField
                            | NieuwBlok
                            | NieuweUitzondering
                            | RegelWissen
                            | Opslaan
                    )
            }
            Context::Woordenlijst => {
                global
                    || lists
                    || edit
                    || matches!(a, Cancel | NextField | PreviousField | NieuweRegel | Opslaan | Proefzin)
            }
            Context::Rapport => {
                global
                    || matches!(
                        a,
                        Next | Previous
                            | NextField
                            | PreviousField
                            | RapportEerder
                            | RapportLater
                            | RapportPeriode
                            | RapportGebied
                            | RapportCijfers
                    )
            }
            Context::Plan => {
                global
                    || matches!(
                        a,
                        Next | Previous
                            | Cancel
                            | PlanToevoegen
                            | PlanGoedkeuren
                            | PlanWijzigen
                            | PlanEvalueren
                            | PlanOpvolgen
                            | PlanOverzicht
                            | PlanAfdrukken
                            | PlanSignaal
                            | DetailDown
                            | DetailUp
                            | PageDown
                            | PageUp
                    )
            }
            Context::Opvolgen => global || matches!(a, Next | Previous | Cancel | PlanOpvolgen),
            Context::Picker => lists || matches!(a, Confirm | Cancel) || a.choice().is_some(),
            Context::Help => lists || matches!(a, Cancel | Help),
            Context::Prompt => edit || matches!(a, Confirm | Cancel),
            Context::Confirm => matches!(a, Confirm | Cancel),
        }
    }
    fn from_name(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Chord>,
    pub action: Action,
    pub line: usize,
    /// From the keymap a user file is merged over (its line is in that file).
    pub from_base: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Keymap {
    pub source: String,
    contexts: BTreeMap<Context, Vec<Binding>>,
}

/// All problems found in one keymap file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapErrors {
    pub errors: Vec<String>,
}

impl fmt::Display for KeymapErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}
impl std::error::Error for KeymapErrors {}

pub enum Lookup {
    Action(Action),
    /// The keys so far start a longer chord sequence.
    Prefix,
    None,
}

pub const BUNDLED: &[(&str, &str, &str)] = &[
    ("standaard", "keymaps/default.toml", include_str!("../../../../keymaps/default.toml")),
    ("functietoetsen", "keymaps/functietoetsen.toml", include_str!("../../../../keymaps/functietoetsen.toml")),
];

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

type Contexts = BTreeMap<Context, Vec<Binding>>;

impl Keymap {
    /// The bundled default keymap.
    pub fn standard() -> Keymap {
        let (_, path, text) = BUNDLED[0];
        Keymap::parse(path, text).expect("the bundled default keymap is valid (tested)")
    }

    /// A bundled keymap by name ("standaard", "functietoetsen") or a file path. A file is
    /// merged over a bundled keymap key by key (helix style): `basis = "functietoetsen"` at the
    /// top chooses which (default "standaard"; `basis = "geen"` starts from nothing). The
    /// result must leave a way to quit and to get help on every screen.
    pub fn load(name_or_path: &str) -> Result<Keymap, KeymapErrors> {
        let wanted = if name_or_path == "default" { "standaard" } else { name_or_path };
        if let Some((_, path, text)) = BUNDLED.iter().find(|(n, _, _)| *n == wanted) {
            let km = Keymap::parse(path, text)?;
            let errors = km.missing(path);
            return if errors.is_empty() { Ok(km) } else { Err(KeymapErrors { errors }) };
        }
        let p = Path::new(name_or_path);
        let text = std::fs::read_to_string(p).map_err(|e| KeymapErrors {
            errors: vec![format!(
                "{name_or_path}: toetsenbordindeling niet te lezen: {e} (ingebouwd: {})",
                BUNDLED.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
            )],
        })?;
        let file = name_or_path;
        let (basis, user, mut errors) = read(file, &text);
        let mut contexts: Contexts = match basis {
            None => Keymap::standard().contexts,
            Some((ref b, _)) if b == "geen" => Contexts::new(),
            Some((b, line)) => match BUNDLED.iter().find(|(n, _, _)| *n == b) {
                Some((_, path, text)) => Keymap::parse(path, text)?.contexts,
                None => {
                    errors.push(format!(
                        "{file}:{line}: basis \"{b}\" bestaat niet (kies: {}, geen)",
                        BUNDLED.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
                    ));
                    Contexts::new()
                }
            },
        };
        for list in contexts.values_mut() {
            for b in list.iter_mut() {
                b.from_base = true;
            }
        }
        // Key by key: a chord the user binds replaces the same chord of the base in that context.
        for (ctx, list) in user {
            let merged = contexts.entry(ctx).or_default();
            for b in list {
                merged.retain(|x| x.keys != b.keys || !x.from_base);
                merged.push(b);
            }
        }
        validate(file, &contexts, &mut errors);
        let km = Keymap { source: file.to_string(), contexts };
        if errors.is_empty() {
            errors = km.missing(file);
        }
        if errors.is_empty() {
            Ok(km)
        } else {
            Err(KeymapErrors { errors })
        }
    }

    /// Parse and validate one file on its own. Reports every unknown context or action, bad
    /// chord, chord bound twice, prefix clash and binding that does nothing, each as
    /// `file:line: …`.
    pub fn parse(file: &str, src: &str) -> Result<Keymap, KeymapErrors> {
        let (basis, contexts, mut errors) = read(file, src);
        if let Some((_, line)) = basis {
            errors.push(format!("{file}:{line}: basis kan alleen in een eigen indeling (--keymap PAD)"));
        }
        validate(file, &contexts, &mut errors);
        if errors.is_empty() {
            Ok(Keymap { source: file.to_string(), contexts })
        } else {
            Err(KeymapErrors { errors })
        }
    }

    /// What makes a keymap unusable: a screen with no way to quit or to get help, an overlay
    /// with no way to close it.
    fn missing(&self, file: &str) -> Vec<String> {
        let reach = |ctx: Context, a: Action| ctx.layers().iter().any(|l| self.live(*l, ctx, a));
        let mut errors = Vec::new();
        let screens =
            |a: Action| -> Vec<&str> { Context::SCREENS.iter().filter(|c| !reach(**c, a)).map(|c| c.name()).collect() };
        let no_quit = screens(Action::Quit);
        if !no_quit.is_empty() {
            errors.push(format!(
                "{file}: geen toets om loket te verlaten: afsluiten (actie \"quit\") in [{}]; zet bv. \"ctrl-q\" = \"quit\" in [global]",
                no_quit.join("], [")
            ));
        }
        let no_help = screens(Action::Help);
        if !no_help.is_empty() {
            errors.push(format!(
                "{file}: geen toets voor de hulp (actie \"help\") in [{}]; zet bv. \"f1\" = \"help\" in [global]",
                no_help.join("], [")
            ));
        }
        for ctx in [Context::Picker, Context::Prompt, Context::Confirm, Context::Help] {
            let out = reach(ctx, Action::Cancel) || (ctx == Context::Help && reach(ctx, Action::Help));
            if !out {
                errors.push(format!(
                    "{file}: [{}] kan niet dicht: bind er een toets aan \"cancel\", bv. \"esc\" = \"cancel\"",
                    ctx.name()
                ));
            }
        }
        errors
    }

    /// Is `a` bound in `layer` by a chord that `ctx` does not shadow (looked up from `ctx`)?
    fn live(&self, layer: Context, ctx: Context, a: Action) -> bool {
        self.bindings(layer).iter().any(|b| b.action == a && self.first_layer(ctx, &b.keys) == Some(layer))
    }

    /// The first layer of `ctx` that binds exactly `keys`.
    fn first_layer(&self, ctx: Context, keys: &[Chord]) -> Option<Context> {
        ctx.layers().into_iter().find(|l| self.bindings(*l).iter().any(|b| b.keys == keys))
    }

    fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts.get(&ctx).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// What the keys typed so far mean in `ctx`.
    pub fn lookup(&self, ctx: Context, keys: &[Chord]) -> Lookup {
        for layer in ctx.layers() {
            let mut prefix = false;
            for b in self.bindings(layer) {
                if b.keys == keys {
                    return Lookup::Action(b.action);
                }
                if b.keys.len() > keys.len() && b.keys.starts_with(keys) {
                    prefix = true;
                }
            }
            if prefix {
                return Lookup::Prefix;
            }
        }
        Lookup::None
    }

    /// The live bindings of `ctx` (then `tekst`, then global), for the help screen:
    /// (layer, Dutch key names, action). Chords shadowed by an earlier layer are left out.
    pub fn help_rows(&self, ctx: Context) -> Vec<(Context, String, Action)> {
        let mut rows = Vec::new();
        for layer in ctx.layers() {
            let mut by_action: Vec<(Action, Vec<String>)> = Vec::new();
            for b in self.bindings(layer) {
                if self.first_layer(ctx, &b.keys) != Some(layer) {
                    continue;
                }
                let k = chord::sequence_label(&b.keys);
                match by_action.iter_mut().find(|(a, _)| *a == b.action) {
                    Some((_, ks)) => ks.push(k),
                    None => by_action.push((b.action, vec![k])),
                }
            }
            for (a, ks) in by_action {
                rows.push((layer, ks.join(", "), a));
            }
        }
        rows
    }

    /// The first live chord for `action` in `ctx` (its layers), in Dutch key names, for hints
    /// and messages. `None` when no key does it there: then no key may be named.
    pub fn key_for(&self, ctx: Context, action: Action) -> Option<String> {
        self.key_for_where(ctx, action, |_| true)
    }

    /// The live key for `action` in `ctx` that types no text (Enter, not "j"), if any: for a
    /// notice that typing on must not close unseen.
    pub fn key_for_without_text(&self, ctx: Context, action: Action) -> Option<String> {
        self.key_for_where(ctx, action, |keys| keys.len() == 1 && keys[0].text().is_none())
    }

    /// The first live chord for `action` in `ctx` whose keys pass `keep`.
    fn key_for_where(&self, ctx: Context, action: Action, keep: impl Fn(&[Chord]) -> bool) -> Option<String> {
        ctx.layers().into_iter().find_map(|l| {
            self.bindings(l)
                .iter()
                .find(|b| b.action == action && keep(&b.keys) && self.first_layer(ctx, &b.keys) == Some(l))
                .map(|b| chord::sequence_label(&b.keys))
        })
    }

    /// Every key sequence bound anywhere, once each (for tests that press every bound key).
    pub fn bound_sequences(&self) -> Vec<Vec<Chord>> {
        let mut v: Vec<Vec<Chord>> = self.contexts.values().flatten().map(|b| b.keys.clone()).collect();
        v.sort();
        v.dedup();
        v
    }

    /// Every action bound anywhere (for tests: the keymaps cover the vocabulary).
    pub fn bound_actions(&self) -> Vec<Action> {
        let mut v: Vec<Action> = self.contexts.values().flatten().map(|b| b.action).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Read one keymap file: the optional `basis` and the bindings per context, with every
/// unknown context or action, bad chord or bad value as `file:line: …`.
fn read(file: &str, src: &str) -> (Option<(String, usize)>, Contexts, Vec<String>) {
    use toml::de::{DeTable, DeValue};
    let mut errors = Vec::new();
    let mut basis = None;
    let mut contexts: Contexts = BTreeMap::new();
    let doc = match DeTable::parse(src) {
        Ok(d) => d,
        Err(e) => {
            let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
            let msg = e.message().trim().replace('\n', " ");
            return (None, contexts, vec![format!("{file}:{line}: ongeldige TOML: {msg}")]);
        }
    };
    for (ctx_key, ctx_val) in doc.get_ref().iter() {
        let ctx_line = line_of(src, ctx_key.span().start);
        if ctx_key.get_ref() == "basis" {
            match ctx_val.get_ref() {
                DeValue::String(b) => basis = Some((b.to_string(), ctx_line)),
                _ => {
                    errors.push(format!("{file}:{ctx_line}: basis moet tekst zijn (standaard, functietoetsen of geen)"))
                }
            }
            continue;
        }
        let Some(ctx) = Context::from_name(ctx_key.get_ref()) else {
            errors.push(format!(
                "{file}:{ctx_line}: onbekende context [{}] (bekend: {})",
                ctx_key.get_ref(),
                Context::ALL.iter().map(|c| c.name()).collect::<Vec<_>>().join(", ")
            ));
            continue;
        };
        let DeValue::Table(table) = ctx_val.get_ref() else {
            errors.push(format!("{file}:{ctx_line}: [{}] moet een tabel zijn", ctx.name()));
            continue;
        };
        let list = contexts.entry(ctx).or_default();
        for (k, v) in table.iter() {
            let line = line_of(src, k.span().start);
            let keys = match chord::parse_sequence(k.get_ref()) {
                Ok(keys) => keys,
                Err(e) => {
                    errors.push(format!("{file}:{line}: [{}] ongeldige toets \"{}\": {e}", ctx.name(), k.get_ref()));
                    continue;
                }
            };
            let DeValue::String(name) = v.get_ref() else {
                errors.push(format!("{file}:{line}: [{}] \"{}\": de actie moet tekst zijn", ctx.name(), k.get_ref()));
                continue;
            };
            let Some(action) = Action::from_name(name) else {
                errors.push(format!("{file}:{line}: [{}] onbekende actie \"{name}\"", ctx.name()));
                continue;
            };
            if !ctx.handles(action) {
                errors.push(format!(
                    "{file}:{line}: [{}] \"{}\" = \"{name}\": deze actie doet niets in [{}]",
                    ctx.name(),
                    k.get_ref(),
                    ctx.name()
                ));
                continue;
            }
            list.push(Binding { keys, action, line, from_base: false });
        }
        list.sort_by_key(|b| b.line);
    }
    (basis, contexts, errors)
}

/// Duplicates and prefix clashes within a context, and prefix clashes against the layers under
/// it (a screen may override a global chord on purpose, so equal chords there are fine).
fn validate(file: &str, contexts: &Contexts, errors: &mut Vec<String>) {
    let none: Vec<Binding> = Vec::new();
    let at = |b: &Binding| if b.from_base { "in de basisindeling".to_string() } else { format!("regel {}", b.line) };
    for (&ctx, list) in contexts {
        let under: Vec<&Binding> =
            ctx.layers()[1..].iter().flat_map(|l| contexts.get(l).unwrap_or(&none).iter()).collect();
        let mut check = |a: &Binding, b: &Binding, same_layer: bool| {
            if a.from_base && b.from_base {
                return;
            }
            let (short, long) = if a.keys.len() <= b.keys.len() { (a, b) } else { (b, a) };
            if a.keys == b.keys {
                if same_layer {
                    let (first, second) = if a.line <= b.line { (a, b) } else { (b, a) };
                    errors.push(format!(
                        "{file}:{}: [{}] toets \"{}\" is twee keer gebonden (ook op {})",
                        second.line,
                        ctx.name(),
                        chord::sequence_to_string(&a.keys),
                        at(first)
                    ));
                }
            } else if long.keys.starts_with(&short.keys) {
                let (report, other) = if long.from_base { (short, long) } else { (long, short) };
                errors.push(format!(
                    "{file}:{}: [{}] \"{}\" begint met \"{}\" ({}), dat al een eigen actie heeft",
                    report.line,
                    ctx.name(),
                    chord::sequence_to_string(&long.keys),
                    chord::sequence_to_string(&short.keys),
                    at(other)
                ));
            }
        };
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                check(a, b, true);
            }
            for g in &under {
                check(a, g, false);
            }
        }
    }
    errors.sort_by_key(|e| e.split(':').nth(1).and_then(|l| l.parse::<usize>().ok()).unwrap_or(0));
    errors.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_keymaps_are_valid() {
        for (name, path, text) in BUNDLED {
            if let Err(e) = Keymap::parse(path, text) {
                panic!("{name}: {e}");
            }
        }
    }

    #[test]
    fn lookup_prefers_screen_then_global_and_sees_prefixes() {
        let km = Keymap::parse(
            "t.toml",
            "[global]\n\"ctrl-q\" = \"quit\"\n[kaart]\n\"g g\" = \"first\"\n\"down\" = \"next\"\n",
        )
        .unwrap();
        let c = |s: &str| chord::parse_sequence(s).unwrap();
        assert!(matches!(km.lookup(Context::Kaart, &c("down")), Lookup::Action(Action::Next)));
        assert!(matches!(km.lookup(Context::Kaart, &c("ctrl-q")), Lookup::Action(Action::Quit)));
        assert!(matches!(km.lookup(Context::Kaart, &c("g")), Lookup::Prefix));
        assert!(matches!(km.lookup(Context::Kaart, &c("g g")), Lookup::Action(Action::First)));
        assert!(matches!(km.lookup(Context::Picker, &c("ctrl-q")), Lookup::None), "overlays capture keys");
    }
}

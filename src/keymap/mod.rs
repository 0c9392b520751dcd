//! Keymaps are data: TOML files in `keymaps/`, one table per context, `"chord" = "action"`.
//! Loaded and validated before the TUI opens; every problem is reported with file:line.

pub mod chord;

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
}

impl Context {
    pub const ALL: [Context; 11] = [
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
        }
    }
    /// Does `global` apply underneath? Overlays (picker, help) capture all keys.
    pub fn inherits_global(self) -> bool {
        !matches!(self, Context::Picker | Context::Help | Context::Prompt | Context::Confirm)
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
    ("standaard", "keymaps/default.toml", include_str!("../../keymaps/default.toml")),
    ("functietoetsen", "keymaps/functietoetsen.toml", include_str!("../../keymaps/functietoetsen.toml")),
];

fn line_of(src: &str, offset: usize) -> usize {
    src[..offset.min(src.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

impl Keymap {
    /// The bundled default keymap.
    pub fn standard() -> Keymap {
        let (_, path, text) = BUNDLED[0];
        Keymap::parse(path, text).expect("the bundled default keymap is valid (tested)")
    }

    /// A bundled keymap by name ("standaard", "functietoetsen") or a file path.
    pub fn load(name_or_path: &str) -> Result<Keymap, KeymapErrors> {
        let wanted = if name_or_path == "default" { "standaard" } else { name_or_path };
        if let Some((_, path, text)) = BUNDLED.iter().find(|(n, _, _)| *n == wanted) {
            return Keymap::parse(path, text);
        }
        let p = Path::new(name_or_path);
        let text = std::fs::read_to_string(p).map_err(|e| KeymapErrors {
            errors: vec![format!(
                "{name_or_path}: toetsenbordindeling niet te lezen: {e} (ingebouwd: {})",
                BUNDLED.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
            )],
        })?;
        Keymap::parse(name_or_path, &text)
    }

    /// Parse and validate. Reports every unknown context or action, bad chord, chord bound
    /// twice and prefix clash, each as `file:line: …`.
    pub fn parse(file: &str, src: &str) -> Result<Keymap, KeymapErrors> {
        use toml::de::{DeTable, DeValue};
        let mut errors = Vec::new();
        let doc = match DeTable::parse(src) {
            Ok(d) => d,
            Err(e) => {
                let line = e.span().map(|s| line_of(src, s.start)).unwrap_or(1);
                let msg = e.message().trim().replace('\n', " ");
                return Err(KeymapErrors { errors: vec![format!("{file}:{line}: ongeldige TOML: {msg}")] });
            }
        };
        let mut contexts: BTreeMap<Context, Vec<Binding>> = BTreeMap::new();
        for (ctx_key, ctx_val) in doc.get_ref().iter() {
            let ctx_line = line_of(src, ctx_key.span().start);
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
                        errors.push(format!(
                            "{file}:{line}: [{}] ongeldige toets \"{}\": {e}",
                            ctx.name(),
                            k.get_ref()
                        ));
                        continue;
                    }
                };
                let DeValue::String(name) = v.get_ref() else {
                    errors.push(format!(
                        "{file}:{line}: [{}] \"{}\": de actie moet tekst zijn",
                        ctx.name(),
                        k.get_ref()
                    ));
                    continue;
                };
                let Some(action) = Action::from_name(name) else {
                    errors.push(format!("{file}:{line}: [{}] onbekende actie \"{name}\"", ctx.name()));
                    continue;
                };
                list.push(Binding { keys, action, line });
            }
            list.sort_by_key(|b| b.line);
        }
        // Duplicates and prefix clashes within a context; prefix clashes against global too
        // (a screen may override a global chord on purpose, so equal chords there are fine).
        let no_global: Vec<Binding> = Vec::new();
        for (&ctx, list) in &contexts {
            let global = if ctx != Context::Global && ctx.inherits_global() {
                contexts.get(&Context::Global).unwrap_or(&no_global)
            } else {
                &no_global
            };
            let mut check = |a: &Binding, b: &Binding, same_layer: bool| {
                let (short, long) = if a.keys.len() <= b.keys.len() { (a, b) } else { (b, a) };
                if a.keys == b.keys {
                    if same_layer {
                        errors.push(format!(
                            "{file}:{}: [{}] toets \"{}\" is twee keer gebonden (ook op regel {})",
                            a.line.max(b.line),
                            ctx.name(),
                            chord::sequence_to_string(&a.keys),
                            a.line.min(b.line)
                        ));
                    }
                } else if long.keys.starts_with(&short.keys) {
                    errors.push(format!(
                        "{file}:{}: [{}] \"{}\" begint met \"{}\" (regel {}), dat al een eigen actie heeft",
                        long.line,
                        ctx.name(),
                        chord::sequence_to_string(&long.keys),
                        chord::sequence_to_string(&short.keys),
                        short.line
                    ));
                }
            };
            for (i, a) in list.iter().enumerate() {
                for b in &list[i + 1..] {
                    check(a, b, true);
                }
                for g in global {
                    check(a, g, false);
                }
            }
        }
        errors.sort_by_key(|e| e.split(':').nth(1).and_then(|l| l.parse::<usize>().ok()).unwrap_or(0));
        errors.dedup();
        if errors.is_empty() {
            Ok(Keymap { source: file.to_string(), contexts })
        } else {
            Err(KeymapErrors { errors })
        }
    }

    fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts.get(&ctx).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// What the keys typed so far mean in `ctx`.
    pub fn lookup(&self, ctx: Context, keys: &[Chord]) -> Lookup {
        let mut layers = vec![ctx];
        if ctx.inherits_global() && ctx != Context::Global {
            layers.push(Context::Global);
        }
        for layer in layers {
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

    /// The live bindings of `ctx` (then global), for the help screen: (keys, action).
    pub fn help_rows(&self, ctx: Context) -> Vec<(Context, String, Action)> {
        let mut rows = Vec::new();
        let mut layers = vec![ctx];
        if ctx.inherits_global() && ctx != Context::Global {
            layers.push(Context::Global);
        }
        for layer in layers {
            let mut by_action: Vec<(Action, Vec<String>)> = Vec::new();
            for b in self.bindings(layer) {
                let shadowed = layer == Context::Global && self.bindings(ctx).iter().any(|x| x.keys == b.keys);
                if shadowed {
                    continue;
                }
                let k = chord::sequence_to_string(&b.keys);
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

    /// The first chord bound to `action` in `ctx` (or global), for hints in the status bar.
    pub fn key_for(&self, ctx: Context, action: Action) -> Option<String> {
        let mut layers = vec![ctx];
        if ctx != Context::Global {
            layers.push(Context::Global);
        }
        layers.into_iter().find_map(|l| {
            self.bindings(l).iter().find(|b| b.action == action).map(|b| chord::sequence_to_string(&b.keys))
        })
    }

    /// Every action bound anywhere (for tests: the keymaps cover the vocabulary).
    pub fn bound_actions(&self) -> Vec<Action> {
        let mut v: Vec<Action> = self.contexts.values().flatten().map(|b| b.action).collect();
        v.sort();
        v.dedup();
        v
    }
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

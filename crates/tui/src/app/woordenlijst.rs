//! The word-list editor: the beheerder edits the desk's danger words and
//! synonyms as their TOML text, in a small multi-line editor. Before saving the text is checked
//! as loket reads it; a bad list gives a Dutch error with its line and is not saved (the list in
//! use stays). A saved list is used at once for triage and search, on this desk and on others.
//! A test sentence typed here shows the tier, category and words found by the danger
//! list as it stands in the editor, so an edit is tried before it is saved.

use super::text_field::{Edit, TextField};
use super::{Action, ConfirmKind, Effect, Overlay, Screen, State};
use loket_store::lijsten::{GEVAARWOORDEN, SYNONIEMEN};

/// The lists, in the order of the tabs.
pub const LIJSTEN: [&str; 2] = [GEVAARWOORDEN, SYNONIEMEN];

/// A multi-line text: one [`TextField`] per line, and the cursor's line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Editor {
    pub regels: Vec<TextField>,
    pub rij: usize,
}

impl Editor {
    pub fn new(tekst: &str) -> Editor {
        let mut regels: Vec<TextField> = tekst.split('\n').map(TextField::new).collect();
        for r in &mut regels {
            r.home();
        }
        Editor { regels, rij: 0 }
    }

    pub fn tekst(&self) -> String {
        self.regels.iter().map(|r| r.value()).collect::<Vec<_>>().join("\n")
    }

    fn cur(&mut self) -> &mut TextField {
        if self.regels.is_empty() {
            self.regels.push(TextField::default());
        }
        self.rij = self.rij.min(self.regels.len() - 1);
        &mut self.regels[self.rij]
    }

    /// Move to line `rij`, keeping the column where it can.
    pub fn ga_naar(&mut self, rij: usize) {
        let col = self.cur().cursor();
        self.rij = rij.min(self.regels.len().saturating_sub(1));
        let f = self.cur();
        f.home();
        for _ in 0..col {
            f.right();
        }
    }

    /// Split the line at the cursor.
    pub fn nieuwe_regel(&mut self) {
        let f = self.cur();
        let (voor, na) = f.value().split_at(f.cursor_byte());
        let (voor, na) = (voor.to_string(), na.to_string());
        *f = TextField::new(&voor);
        let mut volgende = TextField::new(&na);
        volgende.home();
        self.regels.insert(self.rij + 1, volgende);
        self.rij += 1;
    }

    /// An edit; at the start or end of a line, backspace and delete join lines.
    pub fn edit(&mut self, e: Edit) {
        let (at_start, at_end) = {
            let f = self.cur();
            (f.cursor_byte() == 0, f.cursor_byte() == f.value().len())
        };
        match e {
            Edit::Backspace if at_start && self.rij > 0 => {
                let cur = self.regels.remove(self.rij);
                self.rij -= 1;
                let prev = self.regels[self.rij].value().to_string();
                let mut joined = TextField::new(&format!("{prev}{}", cur.value()));
                joined.home();
                for _ in 0..TextField::new(&prev).cursor() {
                    joined.right();
                }
                self.regels[self.rij] = joined;
            }
            Edit::Delete if at_end && self.rij + 1 < self.regels.len() => {
                let next = self.regels.remove(self.rij + 1);
                let f = self.cur();
                let pos = f.cursor();
                let mut joined = TextField::new(&format!("{}{}", f.value(), next.value()));
                joined.home();
                for _ in 0..pos {
                    joined.right();
                }
                *f = joined;
            }
            e => {
                self.cur().apply(e);
            }
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LijstState {
    /// The list shown (index in [`LIJSTEN`]).
    pub lijst: usize,
    /// The text as stored (`None` until read).
    pub opgeslagen: [Option<String>; 2],
    pub editors: [Editor; 2],
    /// The error of the last check: (list, 1-based line, Dutch text).
    pub fout: Option<(usize, usize, String)>,
    /// A save is on its way to the store.
    pub bezig: bool,
    /// The test sentence and whether it has the keys.
    pub proefzin: TextField,
    pub op_proefzin: bool,
    /// The test sentence judged by the danger list in the editor (not the stored one), or why
    /// the list does not read yet. `None`: no sentence.
    pub proef: Option<Result<loket_domain::danger::Uitslag, String>>,
}

impl LijstState {
    /// Judge the test sentence with the danger list as it is in the editor.
    pub fn proef_bijwerken(&mut self) {
        let zin = self.proefzin.value().trim();
        self.proef = (!zin.is_empty()).then(|| {
            loket_domain::danger::Gevaarwoorden::parse(&self.editors[0].tekst(), GEVAARWOORDEN)
                .map(|l| l.beoordeel(zin))
        });
    }
}

impl LijstState {
    pub fn gewijzigd(&self, i: usize) -> bool {
        self.opgeslagen[i].as_deref().is_some_and(|t| t != self.editors[i].tekst())
    }
}

/// Are there word-list edits not saved yet?
pub fn unsaved(state: &State) -> bool {
    (0..2).any(|i| state.woordenlijst.gewijzigd(i))
}

/// Open the editor; the lists are read from the store.
pub fn open(state: &mut State) -> Vec<Effect> {
    state.screen = Screen::Woordenlijst;
    if state.woordenlijst.opgeslagen.iter().any(Option::is_none) || !(0..2).any(|i| state.woordenlijst.gewijzigd(i)) {
        return vec![Effect::LeesWoordenlijsten];
    }
    Vec::new()
}

/// The lists as the store holds them (a list it lacks: the bundled one).
pub fn gelezen(state: &mut State, lijsten: Vec<(String, String)>) -> Vec<Effect> {
    let ws = &mut state.woordenlijst;
    for (naam, tekst) in lijsten {
        if let Some(i) = LIJSTEN.iter().position(|n| *n == naam) {
            // a list with changes keeps the text they started from: saving checks against it
            if !ws.gewijzigd(i) {
                ws.editors[i] = Editor::new(&tekst);
                ws.opgeslagen[i] = Some(tekst);
            }
        }
    }
    ws.proef_bijwerken();
    Vec::new()
}

/// Check a list's text as loket reads it: `Err((line, Dutch text))`.
pub fn controleer(naam: &str, tekst: &str) -> Result<(), (usize, String)> {
    let line_of = |offset: usize| tekst[..offset.min(tekst.len())].matches('\n').count() + 1;
    if let Err(e) = tekst.parse::<toml::Table>() {
        let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
        return Err((line, format!("regel {line}: geen geldige TOML ({})", e.message().trim().replace('\n', " "))));
    }
    let result = if naam == GEVAARWOORDEN {
        loket_domain::danger::Gevaarwoorden::parse(tekst, naam).map(|_| ())
    } else {
        loket_catalog::synonyms::parse_synonyms(naam, tekst).map(|_| ()).map_err(|e| e.join("; "))
    };
    result.map_err(|e| {
        // "naam:12: …" names the line; otherwise the line of the entry named "signaal N"
        let line = e
            .strip_prefix(&format!("{naam}:"))
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.trim().parse::<usize>().ok())
            .or_else(|| {
                let n: usize = e.split("signaal ").nth(1)?.split(':').next()?.trim().parse().ok()?;
                // the n-th header (a header starts its line; a comment may name it too)
                let (i, _) = tekst
                    .lines()
                    .enumerate()
                    .filter(|(_, l)| l.trim_start().starts_with("[[signaal]]"))
                    .nth(n.checked_sub(1)?)?;
                Some(i + 1)
            })
            .unwrap_or(1);
        let detail = e.strip_prefix(&format!("{naam}:")).map(|r| r.split_once(':').map_or(r, |x| x.1)).unwrap_or(&e);
        let detail = detail.trim().trim_start_matches(&format!("{naam}: ")).to_string();
        (line, format!("regel {line}: {detail}"))
    })
}

pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let ws = &mut state.woordenlijst;
    if ws.bezig {
        state.info("Even geduld: de lijst wordt opgeslagen.");
        return Vec::new();
    }
    if a == Action::Proefzin {
        ws.op_proefzin = !ws.op_proefzin;
        ws.lijst = 0;
        ws.proef_bijwerken();
        return Vec::new();
    }
    if ws.op_proefzin && matches!(a, Action::Cancel | Action::NieuweRegel | Action::Next | Action::Previous) {
        ws.op_proefzin = false;
        return Vec::new();
    }
    let ed = &mut ws.editors[ws.lijst];
    let last = ed.regels.len().saturating_sub(1);
    match a {
        Action::Next => ed.ga_naar((ed.rij + 1).min(last)),
        Action::Previous => ed.ga_naar(ed.rij.saturating_sub(1)),
        Action::PageDown => ed.ga_naar((ed.rij + 15).min(last)),
        Action::PageUp => ed.ga_naar(ed.rij.saturating_sub(15)),
        Action::First => ed.ga_naar(0),
        Action::Last => ed.ga_naar(last),
        Action::NieuweRegel => ed.nieuwe_regel(),
        Action::NextField | Action::PreviousField => ws.lijst = 1 - ws.lijst,
        Action::Opslaan => return opslaan(state),
        Action::Cancel if (0..2).any(|i| ws.gewijzigd(i)) => {
            state.overlay = Some(Overlay::Confirm(ConfirmKind::WoordenlijstVerwerpen));
        }
        Action::Cancel => state.screen = Screen::Kaart,
        _ => {}
    }
    Vec::new()
}

pub fn key(state: &mut State, e: Edit) {
    let ws = &mut state.woordenlijst;
    if ws.op_proefzin {
        ws.proefzin.apply(e);
    } else {
        ws.editors[ws.lijst].edit(e);
    }
    if ws.lijst == 0 {
        ws.proef_bijwerken();
    }
}

/// Check, then save the shown list; a bad list is not saved.
fn opslaan(state: &mut State) -> Vec<Effect> {
    let ws = &mut state.woordenlijst;
    let i = ws.lijst;
    let naam = LIJSTEN[i];
    if ws.opgeslagen[i].is_none() {
        state.warn("De lijst is nog niet gelezen; probeer het zo opnieuw.");
        return Vec::new();
    }
    if !ws.gewijzigd(i) {
        state.info(format!("Niets gewijzigd in de {naam}; er is niets opgeslagen."));
        return Vec::new();
    }
    let tekst = ws.editors[i].tekst();
    let basis = ws.opgeslagen[i].clone().unwrap_or_default();
    match controleer(naam, &tekst) {
        Err((line, e)) => {
            ws.fout = Some((i, line, e.clone()));
            ws.editors[i].ga_naar(line.saturating_sub(1));
            state.status = Some((
                super::Level::Error,
                format!("Niet opgeslagen: {naam}, {e}. De lijst die in gebruik is, blijft."),
            ));
            Vec::new()
        }
        Ok(()) => {
            ws.fout = None;
            ws.bezig = true;
            state.info(format!("De {naam} worden opgeslagen…"));
            vec![Effect::ZetWoordenlijst { naam: naam.to_string(), tekst, basis }]
        }
    }
}

/// Stored and in use (`problemen`: what could not be used, normally none).
pub fn opgeslagen(state: &mut State, naam: &str, tekst: String, problemen: Vec<String>) -> Vec<Effect> {
    let ws = &mut state.woordenlijst;
    ws.bezig = false;
    if let Some(i) = LIJSTEN.iter().position(|n| *n == naam) {
        ws.opgeslagen[i] = Some(tekst);
    }
    if problemen.is_empty() {
        state
            .info(format!("De {naam} zijn opgeslagen en gelden meteen voor triage en zoeken, ook op andere loketten."));
    } else {
        state.status = Some((super::Level::Error, problemen.join("; ")));
    }
    Vec::new()
}

pub fn mislukt(state: &mut State, fout: String) -> Vec<Effect> {
    state.woordenlijst.bezig = false;
    state.status = Some((super::Level::Error, format!("Woordenlijst niet opgeslagen: {fout}")));
    Vec::new()
}

/// Another beheerder changed the list since the editor read it: nothing was written, the
/// worker's text stays in the editor. Saving again replaces the other's list (asked, never
/// silent); throwing the changes away shows the new list.
pub fn botsing(state: &mut State, naam: &str, nu: String) -> Vec<Effect> {
    let ws = &mut state.woordenlijst;
    ws.bezig = false;
    if let Some(i) = LIJSTEN.iter().position(|n| *n == naam) {
        ws.opgeslagen[i] = Some(nu);
    }
    let opslaan = state.key_hint(crate::keymap::Context::Woordenlijst, Action::Opslaan);
    let weg = state.key_hint(crate::keymap::Context::Woordenlijst, Action::Cancel);
    state.status = Some((
        super::Level::Warning,
        format!(
            "De {naam} zijn intussen op een ander loket gewijzigd; uw wijziging is niet opgeslagen en staat nog hier. Nogmaals opslaan{opslaan} vervangt de lijst van de ander door deze; weggooien{weg} toont de nieuwe lijst."
        ),
    ));
    Vec::new()
}

/// Throw away the unsaved changes (after the worker confirmed) and leave.
pub fn verwerpen(state: &mut State) {
    let ws = &mut state.woordenlijst;
    for i in 0..2 {
        if let Some(t) = &ws.opgeslagen[i] {
            ws.editors[i] = Editor::new(t);
        }
    }
    ws.fout = None;
    ws.proef_bijwerken();
    state.screen = Screen::Kaart;
}

//! The event loop: terminal in, messages to `update`, effects out, draw.

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind};

use super::{update, Effect, Msg, State};
use crate::catalog::Catalog;
use crate::keymap::Chord;
use crate::store::Store;

/// Local wall-clock time, minute resolution is enough for the desk.
pub fn local_now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Load the map in the background so the first frame comes at once; progress and the result
/// arrive as messages.
pub fn spawn_loader(store: Arc<dyn Store>, tx: mpsc::Sender<Msg>) {
    std::thread::spawn(move || {
        let total = crate::store::kaart::count_records(store.as_ref());
        let _ = tx.send(Msg::LoadProgress(0, total));
        let ptx = tx.clone();
        let result = crate::store::kaart::load(store.as_ref(), &mut |done| {
            let _ = ptx.send(Msg::LoadProgress(done, total));
        });
        let msg = match result {
            Ok(kaart) => Msg::Loaded(Arc::new(Catalog::build(kaart))),
            Err(e) => Msg::LoadFailed(e.to_string()),
        };
        let _ = tx.send(msg);
    });
}

/// The message for records that could not be read and were skipped, if any.
fn skipped(what: &str, bad: &[String]) -> Option<Msg> {
    (!bad.is_empty())
        .then(|| Msg::StoreFailed(format!("{} {what} niet te lezen en overgeslagen: {}", bad.len(), bad.join("; "))))
}

/// What the runtime reads at start, before the first frame: id floors, backoffice, contacts.
pub fn startup(store: &dyn Store) -> Vec<Msg> {
    let floors = match (
        crate::store::max_key_id(store, crate::store::Tree::Contacts),
        crate::store::max_key_id(store, crate::store::Tree::Cases),
    ) {
        (Ok(c), Ok(k)) => Msg::IdFloors { contact: c + 1, case: k + 1 },
        (Err(e), _) | (_, Err(e)) => Msg::StoreFailed(format!("sleutels niet te lezen: {e}")),
    };
    let mut msgs = vec![floors];
    msgs.extend(load_backoffice(store));
    msgs.extend(load_contacts(store));
    msgs
}

/// Supporters, cases and booked slots (small), at start. What can be read is loaded; what
/// cannot is reported, and the rest still works.
pub fn load_backoffice(store: &dyn Store) -> Vec<Msg> {
    use crate::store::booking;
    let mut msgs = Vec::new();
    let ondersteuners = booking::load_ondersteuners(store).unwrap_or_else(|e| {
        msgs.push(Msg::StoreFailed(format!("cliëntondersteuners niet te lezen: {e}")));
        Vec::new()
    });
    let cases = match booking::load_cases_lenient(store) {
        Ok((cases, bad)) => {
            msgs.extend(skipped("dossier(s)", &bad));
            cases
        }
        Err(e) => {
            msgs.push(Msg::StoreFailed(format!("dossiers niet te lezen: {e}")));
            Vec::new()
        }
    };
    let mut booked = std::collections::HashMap::new();
    for o in &ondersteuners {
        match booking::booked_starts(store, &o.id) {
            Ok(b) => {
                booked.insert(o.id.clone(), b);
            }
            Err(e) => msgs.push(Msg::StoreFailed(format!("afspraken niet te lezen: {e}"))),
        }
    }
    msgs.insert(0, Msg::BackofficeLoaded(super::Backoffice { ondersteuners, cases, booked, next_case: 0 }));
    msgs
}

/// Write the confirmation for the caller (.txt) and the supporter's calendar file (.ics) into
/// `<data dir>/afspraken/`, on the user's request only.
pub fn export_appointment(state: &State, id: u64) -> Msg {
    let bo = &state.backoffice;
    let Some(case) = bo.cases.iter().find(|c| c.id == id) else {
        return Msg::StoreFailed(format!("dossier {id} niet gevonden"));
    };
    let (Some(slot), Some(ond)) = (case.afspraak.as_ref(), bo.ondersteuner(&case.ondersteuner_id)) else {
        return Msg::StoreFailed(format!("dossier {id} heeft geen afspraak"));
    };
    let dir = std::path::Path::new(&state.data_dir).join("afspraken");
    let txt = dir.join(format!("afspraak-{id}.txt"));
    let ics = dir.join(format!("afspraak-{id}.ics"));
    let stamp = chrono::Utc::now().naive_utc();
    let result = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&txt, crate::domain::ics::bevestiging(slot, ond, &[])))
        .and_then(|_| std::fs::write(&ics, crate::domain::ics::afspraak_ics(case, slot, ond, stamp)));
    match result {
        Ok(()) => Msg::Exported(format!("Opgeslagen: {} en {}", txt.display(), ics.display())),
        Err(e) => Msg::StoreFailed(format!("bestanden niet te schrijven in {}: {e}", dir.display())),
    }
}

/// Read the stored contacts (small) before the first frame, so a draft can be offered back.
pub fn load_contacts(store: &dyn Store) -> Vec<Msg> {
    match crate::store::contacts::all_lenient(store) {
        Ok((list, bad)) => std::iter::once(Msg::ContactsLoaded(list)).chain(skipped("contact(en)", &bad)).collect(),
        Err(e) => vec![Msg::StoreFailed(format!("contacten niet te lezen: {e}"))],
    }
}

/// Run the TUI until the user quits. The terminal is restored on return and on panic.
pub fn run(store: Arc<dyn Store>, mut state: State) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel::<Msg>();
    spawn_loader(store.clone(), tx.clone());
    for msg in startup(store.as_ref()) {
        handle(store.as_ref(), &mut state, msg);
    }
    let mut terminal = ratatui::try_init()?;
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::EnableBracketedPaste);
    let result = event_loop((&store, &tx), &mut terminal, &mut state, &rx);
    let _ = ratatui::crossterm::execute!(std::io::stdout(), ratatui::crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    result
}

fn event_loop(
    bg: (&Arc<dyn Store>, &mpsc::Sender<Msg>),
    terminal: &mut ratatui::DefaultTerminal,
    state: &mut State,
    rx: &mpsc::Receiver<Msg>,
) -> anyhow::Result<()> {
    let store = bg.0.as_ref();
    let handle = |state: &mut State, msg: Msg| handle_in(store, Some(bg), state, msg);
    let mut dirty = true;
    if let Ok(size) = terminal.size() {
        handle(state, Msg::Resize(size.width, size.height));
    }
    loop {
        // Messages from the loader and other workers.
        while let Ok(msg) = rx.try_recv() {
            if handle(state, msg) {
                return Ok(());
            }
            dirty = true;
        }
        let now = local_now();
        if now.format("%H:%M").to_string() != state.now.format("%H:%M").to_string() {
            handle(state, Msg::Tick(now));
            dirty = true;
        }
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, state))?;
            dirty = false;
        }
        // Wait for input, but wake up regularly for the loader and the clock.
        if event::poll(Duration::from_millis(50))? {
            // Drain every pending event before drawing again: fast typing stays fast.
            loop {
                match event::read()? {
                    Event::Key(k) if k.kind != KeyEventKind::Release => {
                        if let Some(chord) = Chord::from_event(&k) {
                            if let Some(msg) = state.key(chord) {
                                if handle(state, msg) {
                                    return Ok(());
                                }
                            }
                        }
                    }
                    Event::Paste(text) => {
                        let quit = handle(state, Msg::Paste(text));
                        if quit {
                            return Ok(());
                        }
                    }
                    Event::Resize(w, h) => {
                        handle(state, Msg::Resize(w, h));
                    }
                    _ => {}
                }
                dirty = true;
                // Not a zero timeout: crossterm's dev-tty source (see Cargo.toml) answers a zero
                // poll with "nothing" even when events wait (crossterm-rs/crossterm#839).
                if !event::poll(Duration::from_millis(1))? {
                    break;
                }
            }
        }
    }
}

/// Import HSDS data (atomically), then rebuild the map so the entries are searchable at once.
fn import_and_reload(store: &dyn Store, path: &std::path::Path) -> Vec<Msg> {
    let opts = crate::interchange::ImportOptions::default();
    match crate::interchange::import_path(store, path, &opts) {
        Ok(report) => {
            let written = report.written;
            let mut msgs = vec![Msg::Imported(Box::new(report))];
            if written {
                msgs.push(match crate::store::kaart::load(store, &mut |_| {}) {
                    Ok(k) => Msg::Loaded(Arc::new(Catalog::build(k))),
                    Err(e) => Msg::LoadFailed(e.to_string()),
                });
            }
            msgs
        }
        Err(e) => vec![Msg::ImportFailed(format!("{e:#}"))],
    }
}

/// Where slow work (an import) may run beside the screen: the store and the message channel.
pub type Background<'a> = Option<(&'a Arc<dyn Store>, &'a mpsc::Sender<Msg>)>;

/// Apply a message and carry out its effects; true when the program should end.
/// Saves happen here, at once and flushed: what the user typed survives a crash or `kill -9`.
pub fn handle(store: &dyn Store, state: &mut State, msg: Msg) -> bool {
    handle_in(store, None, state, msg)
}

fn handle_in(store: &dyn Store, background: Background<'_>, state: &mut State, msg: Msg) -> bool {
    let mut queue = vec![msg];
    let mut quit = false;
    while let Some(msg) = queue.pop() {
        for effect in update(state, msg) {
            match effect {
                Effect::Quit => quit = true,
                Effect::DeleteContact(id) => {
                    if let Err(e) = crate::store::contacts::delete(store, id) {
                        queue.push(Msg::StoreFailed(e.to_string()));
                    }
                }
                Effect::SaveContact(c) => {
                    if let Err(e) = crate::store::contacts::save(store, &c) {
                        queue.push(Msg::StoreFailed(e.to_string()));
                    }
                }
                Effect::SaveCase(c) => {
                    if let Err(e) = crate::store::booking::save_case(store, &c) {
                        queue.push(Msg::StoreFailed(e.to_string()));
                    }
                }
                Effect::Book { slot, case } => match crate::store::booking::book(store, &slot, &case) {
                    Ok(crate::store::booking::BookResult::Booked(c)) => queue.push(Msg::Booked(c)),
                    Ok(crate::store::booking::BookResult::Taken) => queue.push(Msg::SlotTaken(slot)),
                    Err(e) => queue.push(Msg::StoreFailed(e.to_string())),
                },
                Effect::ExportAppointment(id) => queue.push(export_appointment(state, id)),
                Effect::Import(path) => match background {
                    // In the TUI the import runs beside the screen, which stays usable.
                    Some((arc, tx)) => {
                        let (arc, tx) = (arc.clone(), tx.clone());
                        std::thread::spawn(move || {
                            for msg in import_and_reload(arc.as_ref(), &path) {
                                let _ = tx.send(msg);
                            }
                        });
                    }
                    None => queue.extend(import_and_reload(store, &path).into_iter().rev()),
                },
            }
        }
    }
    quit
}

//! The search beside the screen (issue 9): keystrokes send queries to a thread of their own;
//! only the answer to the newest question is shown, and an older answer that arrives late is
//! thrown away, so the list always matches what is typed.

mod common;

use std::sync::Arc;
use std::time::Duration;

use loket::app::zoeker::{Antwoord, Lijst, Zoeker};
use loket::app::{update, Msg, State};
use loket::catalog::{Catalog, Filters};
use loket::search::Searcher;

fn typ(state: &mut State, text: &str) {
    for c in text.chars() {
        let chord = loket::keymap::chord::parse_sequence(&c.to_string()).unwrap()[0];
        if let Some(msg) = state.key(chord) {
            update(state, msg);
        }
    }
}

fn ids(cat: &Catalog, r: &loket::search::Results) -> Vec<String> {
    r.hits.iter().map(|h| cat.sleutel(h.doc)).collect()
}

#[test]
fn typing_searches_beside_the_screen_and_shows_only_the_newest_answer() {
    let mut k = loket::demo::demo_kaart();
    let s = loket::catalog::synth::generate(20_000, 3);
    k.voorzieningen.extend(s.voorzieningen);
    k.organisaties.extend(s.organisaties);
    let cat = Arc::new(Catalog::build(k));
    let (tx, rx) = std::sync::mpsc::channel();
    let mut state = State::new(Arc::new(loket::keymap::Keymap::standard()), common::monday_morning());
    state.catalog = Some(cat.clone());
    state.zoeker = Some(Zoeker::start(tx));
    typ(&mut state, "dagbest");
    assert!(state.kaart.results.hits.is_empty(), "the keystroke itself did not search");
    // the answers arrive as messages; only the newest one is shown
    let mut answers = 0;
    while let Ok(msg) = rx.recv_timeout(Duration::from_secs(5)) {
        assert!(matches!(msg, Msg::Gezocht(_)));
        answers += 1;
        update(&mut state, msg);
    }
    assert!((1..=7).contains(&answers), "{answers} answers for 7 keystrokes");
    let want = cat.search(&mut Searcher::default(), "dagbest", &Filters::default(), loket::app::kaart::RESULT_LIMIT);
    assert!(!want.hits.is_empty());
    assert_eq!(ids(&cat, &state.kaart.results), ids(&cat, &want), "the list is that of what was typed");

    // a late answer to an older question changes nothing
    let shown = state.kaart.results.clone();
    let old = cat.search(&mut Searcher::default(), "dagb", &Filters::default(), 10);
    assert_ne!(ids(&cat, &old), ids(&cat, &shown));
    update(&mut state, Msg::Gezocht(Box::new(Antwoord { lijst: Lijst::Kaart, gen: 1, results: old })));
    assert_eq!(state.kaart.results, shown, "an answer that is not the newest is thrown away");
}

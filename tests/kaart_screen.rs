//! The sociale kaart screen, headless: snapshots at 80x24 and 120x40, filters, help, sizes.

mod common;

use common::*;
use loket::app::Effect;

#[test]
fn snapshot_80x24_after_typing_a_query() {
    let mut s = demo_state();
    type_text(&mut s, "dagbest hoensbroek");
    insta::assert_snapshot!("kaart_80x24", screen_text(&s, 80, 24));
}

#[test]
fn snapshot_120x40_with_a_regeling_selected() {
    let mut s = demo_state();
    type_text(&mut s, "parkeerk");
    insta::assert_snapshot!("kaart_120x40_regeling", screen_text(&s, 120, 40));
}

#[test]
fn snapshot_120x40_start_screen() {
    let s = demo_state();
    insta::assert_snapshot!("kaart_120x40_start", screen_text(&s, 120, 40));
}

#[test]
fn too_small_terminal_gets_a_message_not_a_panic() {
    let s = demo_state();
    let text = screen_text(&s, 60, 20);
    assert!(text.contains("te klein"), "{text}");
    let text = screen_text(&s, 1, 1);
    assert_eq!(text.trim().chars().count(), 1);
}

#[test]
fn detail_shows_open_status_from_the_clock() {
    let mut s = demo_state();
    type_text(&mut s, "veilig thuis");
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("dag en nacht bereikbaar"), "{text}");
    assert!(text.contains("0800-2000"), "{text}");
}

#[test]
fn stale_entries_carry_a_warning() {
    let mut s = demo_state();
    let cat = s.catalog.clone().unwrap();
    let today = s.now.date();
    let stale = cat
        .kaart()
        .expect("the demo state has the whole map in memory")
        .voorzieningen
        .iter()
        .find(|v| loket::domain::kaart::verification_stale(v.laatst_geverifieerd, today, 12))
        .expect("the demo data has stale entries");
    type_text(&mut s, &stale.naam);
    // select it
    let pos = s.kaart.results.hits.iter().position(|h| cat.entry(cat.doc(h.doc)).id() == stale.id).unwrap();
    for _ in 0..pos {
        press(&mut s, "down");
    }
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("langer dan 12 maanden"), "{text}");
}

#[test]
fn filter_wet_with_two_keys_shows_a_chip_and_narrows() {
    let mut s = demo_state();
    let before = s.kaart.results.total;
    press(&mut s, "alt-w");
    assert!(screen_text(&s, 80, 24).contains("Filter op wet"));
    type_text(&mut s, "6"); // 1 Wmo … 6 Wlz
    assert_eq!(s.kaart.filters.wet, Some(loket::domain::kaart::Wet::Wlz));
    assert!(s.kaart.results.total < before);
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("wet: Wlz"), "{text}");
    press(&mut s, "alt-x");
    assert_eq!(s.kaart.results.total, before);
}

#[test]
fn gemeente_then_wijk_filter() {
    let mut s = demo_state();
    press(&mut s, "alt-p");
    assert!(s.overlay.is_none(), "wijk needs a gemeente first");
    press(&mut s, "alt-g");
    // pick Heerlen with arrows
    let opts = match &s.overlay {
        Some(loket::app::Overlay::Picker(p)) => p.options.clone(),
        _ => panic!("picker expected"),
    };
    let idx = opts.iter().position(|o| o == "Heerlen").expect("Heerlen in the gemeente list");
    for _ in 0..idx {
        press(&mut s, "down");
    }
    press(&mut s, "enter");
    assert_eq!(s.kaart.filters.gemeente.as_deref(), Some("Heerlen"));
    press(&mut s, "alt-p");
    let opts = match &s.overlay {
        Some(loket::app::Overlay::Picker(p)) => p.options.clone(),
        _ => panic!("picker expected"),
    };
    let idx = opts.iter().position(|o| o == "Hoensbroek").expect("Hoensbroek among Heerlen's wijken");
    for _ in 0..idx {
        press(&mut s, "down");
    }
    press(&mut s, "enter");
    type_text(&mut s, "dagbest");
    assert!(s.kaart.results.total > 0);
    let cat = s.catalog.clone().unwrap();
    for h in &s.kaart.results.hits {
        assert!(cat.entry(cat.doc(h.doc)).in_wijk("Hoensbroek"));
    }
    let text = screen_text(&s, 120, 40);
    assert!(text.contains("gemeente: Heerlen") && text.contains("wijk: Hoensbroek"), "{text}");
}

#[test]
fn help_lists_the_live_bindings_from_the_keymap() {
    let mut s = demo_state();
    press(&mut s, "?");
    let text = screen_text(&s, 100, 40);
    assert!(text.contains("alt-w") && text.contains("filter op wet"), "{text}");
    assert!(text.contains("ctrl-q") && text.contains("loket afsluiten"), "{text}");
    press(&mut s, "esc");
    assert!(s.overlay.is_none());
}

#[test]
fn help_follows_another_keymap() {
    let mut s = demo_state();
    s.keymap = std::sync::Arc::new(loket::keymap::Keymap::load("functietoetsen").unwrap());
    press(&mut s, "f1");
    let text = screen_text(&s, 100, 40);
    assert!(text.contains("F4") && text.contains("filter op wet"), "{text}");
}

#[test]
fn arrows_move_the_selection_and_quit_is_an_effect() {
    let mut s = demo_state();
    type_text(&mut s, "dagbest");
    assert!(s.kaart.results.hits.len() > 2);
    press(&mut s, "down");
    press(&mut s, "down");
    assert_eq!(s.kaart.selected, 2);
    press(&mut s, "up");
    assert_eq!(s.kaart.selected, 1);
    press(&mut s, "esc");
    assert!(s.kaart.query.is_empty());
    assert_eq!(press(&mut s, "ctrl-q"), vec![Effect::Quit]);
}

#[test]
fn no_color_draws_without_colours() {
    let mut s = demo_state();
    s.color = false;
    type_text(&mut s, "veilig");
    let t = render(&s, 80, 24);
    for cell in t.backend().buffer().content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset, "a colour was used with NO_COLOR");
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

/// The rows of the results list as drawn (between the list's borders), without blank rows.
fn list_rows(text: &str) -> Vec<String> {
    text.lines()
        .skip(4)
        .filter_map(|l| l.split('│').nth(1))
        .map(|r| r.trim_end().to_string())
        .filter(|r| !r.trim().is_empty())
        .collect()
}

#[test]
fn look_alike_rows_are_distinguishable_at_80x24() {
    for q in [
        "gehandicapt",
        "ouderenadviseur",
        "wijkverpleging",
        "dagbesteding",
        "consultatiebureau",
        "wmo",
        "sociaal buurtteam",
    ] {
        let mut s = demo_state();
        type_text(&mut s, q);
        let text = screen_text(&s, 80, 24);
        let rows = list_rows(&text);
        assert!(rows.len() >= 2, "{q}: {text}");
        let mut seen = std::collections::HashSet::new();
        for r in &rows {
            assert!(seen.insert(r.clone()), "{q}: two rows read {r:?}:\n{text}");
        }
    }
}

#[test]
fn snapshot_80x24_look_alike_rows() {
    let mut s = demo_state();
    type_text(&mut s, "gehandicapt");
    insta::assert_snapshot!("kaart_80x24_look_alike_rows", screen_text(&s, 80, 24));
}

#[test]
fn partial_matches_are_marked_in_the_result_header() {
    let mut s = demo_state();
    type_text(&mut s, "regiotaxi kapperszaak");
    let text = screen_text(&s, 80, 24);
    assert!(text.contains("niet alle woorden gevonden"), "{text}");
    assert!(text.contains("Wmo"), "{text}");
    let mut s = demo_state();
    type_text(&mut s, "regiotaxi");
    assert!(!screen_text(&s, 80, 24).contains("niet alle woorden"));
}

/// Issue 12, item 6: a huge stored value (a 10 MB description) never reaches the detail pane
/// whole; what is drawn is capped, so each keystroke stays fast whatever is stored.
#[test]
fn a_huge_stored_text_is_capped_in_the_detail_pane() {
    let mut kaart = loket::demo::demo_kaart();
    kaart.voorzieningen[0].beschrijving = "lang ".repeat(2_000_000);
    kaart.voorzieningen[0].aanvraag = "x".repeat(1_000_000);
    let id = kaart.voorzieningen[0].id.clone();
    let cat = loket::catalog::Catalog::build(kaart);
    let s = demo_state();
    let e = cat.entry(cat.find(&id).unwrap());
    let lines = loket::ui::kaart::detail_lines(&e, &s, &loket::ui::theme::Theme::new(false));
    let total: usize = lines.iter().map(|l| l.spans.iter().map(|s| s.content.chars().count()).sum::<usize>()).sum();
    assert!(total < 50_000, "{total} characters in the detail pane");
    let text: String = lines.iter().flat_map(|l| l.spans.iter().map(|s| s.content.to_string())).collect();
    assert!(text.contains("ingekort"), "the cut is said");
}

/// Issue 22: an imported entry whose source gave no law, access route or costs shows
/// "onbekend" in the detail pane, never loket's Dutch defaults ("Welzijn", "vrij toegankelijk",
/// "gratis"); an entry made in loket keeps them. The official HSDS example, read from ../shared.
#[test]
fn imported_entries_show_onbekend_instead_of_dutch_defaults() {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let src = manifest
        .ancestors()
        .map(|d| d.join("shared/hsds-3.0/examples/service_full.json"))
        .find(|p| p.exists())
        .expect("shared/hsds-3.0 gevonden");
    let (mut kaart, rep) = loket::interchange::read_path(&src, &Default::default()).unwrap();
    assert!(rep.errors.is_empty(), "{:#?}", rep.errors);
    let imported = kaart.voorzieningen[0].clone();
    assert!(!imported.hsds.is_empty(), "the source record is kept");
    // the same entry as if made in loket: no source record
    let mut eigen = imported.clone();
    eigen.id = "eigen-1".into();
    eigen.hsds = Default::default();
    eigen.kosten = Default::default();
    kaart.voorzieningen.push(eigen);
    // an imported entry whose source had no costs either
    let mut zonder_kosten = imported.clone();
    zonder_kosten.id = "import-2".into();
    zonder_kosten.kosten = Default::default();
    kaart.voorzieningen.push(zonder_kosten);
    let cat = loket::catalog::Catalog::build(kaart);
    let s = demo_state();
    let text = |id: &str| -> Vec<String> {
        let e = cat.entry(cat.find(id).unwrap());
        loket::ui::kaart::detail_lines(&e, &s, &loket::ui::theme::Theme::new(false))
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.to_string()).collect::<String>())
            .collect()
    };
    let t = text(&imported.id);
    assert!(t.iter().any(|l| l == "Wet: onbekend"), "{t:#?}");
    assert!(t.iter().any(|l| l == "Toegang: onbekend"), "{t:#?}");
    assert!(!t.iter().any(|l| l.contains("Welzijn") || l.contains("vrij toegankelijk")), "{t:#?}");
    let t = text("import-2");
    assert!(t.iter().any(|l| l == "Kosten: onbekend"), "{t:#?}");
    let t = text("eigen-1");
    assert!(t.iter().any(|l| l == "Wet: Welzijn · vrij toegankelijk"), "made in loket: the defaults stand: {t:#?}");
    assert!(t.iter().any(|l| l == "Kosten: gratis"), "{t:#?}");
    // nor is the imported entry found by loket's default law; the one made in loket is
    let mut zoeker = loket::search::Searcher::default();
    let r = cat.search(&mut zoeker, "welzijn", &Default::default(), 50);
    let ids: Vec<String> = r.hits.iter().map(|h| cat.entry(cat.doc(h.doc)).id().to_string()).collect();
    assert!(ids.contains(&"eigen-1".to_string()), "{ids:?}");
    assert!(!ids.contains(&imported.id) && !ids.contains(&"import-2".to_string()), "{ids:?}");
}

/// ctrl-q works while a picker is open: the picker closes and loket quits as from the screen
/// below (it did nothing: a picker takes every key).
#[test]
fn quitting_works_while_a_picker_is_open() {
    let mut s = demo_state();
    press(&mut s, "alt-g");
    assert!(matches!(s.overlay, Some(loket::app::Overlay::Picker(_))), "the gemeente picker");
    let fx = press(&mut s, "ctrl-q");
    assert!(fx.iter().any(|e| matches!(e, loket::app::Effect::Quit)), "{fx:?}");
    assert!(s.overlay.is_none());
    assert!(s.kaart.filters.gemeente.is_none(), "nothing chosen");
}

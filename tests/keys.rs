//! Issue 11, D19: the Action enum is the one key vocabulary. Every key named on screen comes
//! from the live keymap; help speaks Dutch and is never cut off; user keymaps merge over the
//! defaults; a keymap without a way out is refused; a binding that does nothing is reported.

mod common;

use std::sync::Arc;

use common::*;
use loket::app::{update, Msg, State};
use loket::keymap::{chord, Context, Keymap, Lookup};

fn with_keymap(km: Keymap) -> State {
    let mut s = demo_state();
    s.keymap = Arc::new(km);
    s
}

fn user_keymap(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mijn.toml");
    std::fs::write(&path, text).unwrap();
    let p = path.display().to_string();
    (dir, p)
}

/// Key names on a screen: `ctrl-x`, `alt-x`, `shift-x`, `F1`…`F12`, `Enter`, `Esc`, `Tab`.
fn named_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| c.is_whitespace() || "│┌┐└┘─(),.:;·/=\"'".contains(c)) {
        let w = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        if w.is_empty() {
            continue;
        }
        let lower = w.to_lowercase();
        // (arrows are named in words, "shift-pijl omlaag": only chords with a key in one word)
        let modifier = ["ctrl-", "alt-", "shift-"].iter().any(|m| lower.starts_with(m) && lower.len() > m.len())
            && !lower.ends_with("-pijl");
        let fkey = w.len() >= 2
            && w.starts_with('F')
            && w[1..].chars().all(|c| c.is_ascii_digit())
            && w[1..].parse::<u8>().is_ok_and(|n| (1..=12).contains(&n));
        let named = ["Enter", "Esc", "Tab"].contains(&w);
        if modifier || fkey || named {
            out.push(w.to_string());
        }
    }
    out
}

/// Is `name` bound to something anywhere in the keymap?
fn bound_anywhere(km: &Keymap, name: &str) -> bool {
    let Ok(c) = chord::Chord::parse(name) else { return false };
    Context::ALL.iter().any(|ctx| matches!(km.lookup(*ctx, &[c]), Lookup::Action(_)))
}

fn assert_only_live_keys(km: &Keymap, state: &State, step: &str) {
    for (w, h) in [(80, 24), (100, 30)] {
        let text = screen_text(state, w, h);
        for k in named_keys(&text) {
            assert!(bound_anywhere(km, &k), "{step}: the screen names {k:?}, which does nothing here:\n{text}");
        }
    }
}

#[test]
fn with_functietoetsen_no_message_names_a_key_that_does_nothing() {
    let km = Keymap::load("functietoetsen").unwrap();
    let mut s = with_keymap(km.clone());
    let step = |s: &mut State, keys: &str, what: &str| {
        if !keys.is_empty() {
            press(s, keys);
        }
        assert_only_live_keys(&km, s, what);
    };
    step(&mut s, "", "start");
    step(&mut s, "f1", "help on the kaart");
    step(&mut s, "esc", "help closed");
    step(&mut s, "f4", "wet picker");
    step(&mut s, "esc", "picker closed");
    step(&mut s, "f2", "new contact");
    type_text(&mut s, "Mevrouw vraagt om hulp");
    step(&mut s, "f6", "link");
    step(&mut s, "f6", "link taken back");
    step(&mut s, "f8", "handoff of an enkelvoudig question");
    step(&mut s, "f1", "help on the contact");
    step(&mut s, "esc", "help closed");
    step(&mut s, "f7", "triage");
    step(&mut s, "o", "override prompt");
    step(&mut s, "esc", "prompt closed");
    step(&mut s, "enter", "triage taken");
    step(&mut s, "f8", "handoff after an enkelvoudig decision");
    step(&mut s, "f9", "outcome picker");
    step(&mut s, "4", "call back without a phone number");
    step(&mut s, "ctrl-k", "kaart with a contact open");
    step(&mut s, "f2", "new contact while one is open");
    type_text(&mut s, " en hij slaat haar");
    step(&mut s, "", "crisis panel");
    step(&mut s, "alt-g", "crisis seen");
    step(&mut s, "f7", "triage with danger");
    step(&mut s, "o", "override with danger");
    step(&mut s, "f10", "quit with a contact open");
    step(&mut s, "n", "quit cancelled");
    step(&mut s, "f11", "contact list");
    step(&mut s, "f12", "empty queue");

    // A draft found at start, put off until later.
    let draft = s.contacts.first().cloned().expect("the contact is kept");
    let mut s2 = with_keymap(km.clone());
    update(&mut s2, Msg::ContactsLoaded(vec![draft]));
    assert_only_live_keys(&km, &s2, "draft offered back");
    press(&mut s2, "n");
    assert_only_live_keys(&km, &s2, "draft put off");
}

/// Key names written into strings of the app and the screens can't follow the keymap.
#[test]
fn no_key_name_is_hard_coded_in_app_or_ui_strings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/tui/src");
    let mut found = Vec::new();
    for dir in ["app", "ui"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = e.unwrap().path();
            let src = std::fs::read_to_string(&path).unwrap();
            let code = src.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                // the string literals of the line
                for (i, lit) in line.split('"').enumerate() {
                    if i % 2 == 0 {
                        continue;
                    }
                    let l = lit.to_lowercase();
                    let bad = l.contains("ctrl-")
                        || l.contains("alt-")
                        || lit.contains("Enter")
                        || lit.contains("Esc")
                        || lit.contains("(Tab)")
                        || lit.contains("↑↓")
                        || lit.contains("(j/n)")
                        || lit.contains("j = ja")
                        || lit.contains("pijltjes")
                        || lit.contains("cijfer aan/uit");
                    if bad {
                        found.push(format!("{}:{}: \"{lit}\"", path.display(), n + 1));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "key names written into strings:\n{}", found.join("\n"));
}

#[test]
fn help_shows_dutch_key_names() {
    let mut s = demo_state();
    press(&mut s, "ctrl-n");
    press(&mut s, "f1");
    let text = help_content(&mut s, 80, 24).join("\n");
    for dutch in ["pijl omlaag", "pijl omhoog", "shift-tab", "Esc", "Enter", "PgDn"] {
        assert!(text.contains(dutch), "{dutch:?} missing in help:\n{text}");
    }
    for english in ["down", "backtab", "esc", "enter", "pagedown"] {
        let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',').collect();
        assert!(!words.contains(&english), "help names the key {english:?}:\n{text}");
    }
}

/// The help overlay's content lines, read by scrolling one line at a time until the last page.
fn help_content(s: &mut State, w: u16, h: u16) -> Vec<String> {
    let page = |s: &State| -> Vec<String> {
        let text = screen_text(s, w, h);
        let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let top = lines.iter().position(|l| l.iter().collect::<String>().contains("┌ Hulp")).expect("help is open");
        let x0 = lines[top].iter().collect::<String>().find("┌ Hulp").unwrap();
        let x0 = lines[top].iter().collect::<String>()[..x0].chars().count();
        let x1 = (x0 + 1..lines[top].len()).find(|&x| lines[top][x] == '┐').unwrap();
        let mut out = Vec::new();
        for l in &lines[top + 1..] {
            if l[x0] == '└' {
                break;
            }
            out.push(l[x0 + 1..x1].iter().collect::<String>().trim_end().to_string());
        }
        out
    };
    let mut content = Vec::new();
    let mut last = page(s);
    for _ in 0..400 {
        press(s, "down");
        let now = page(s);
        if now == last {
            break;
        }
        content.push(last[0].clone());
        last = now;
    }
    assert!(
        last.last().is_some_and(|l| !l.trim().is_empty()) || content.is_empty(),
        "help scrolled past its end:\n{}",
        last.join("\n")
    );
    content.extend(last);
    content
}

#[test]
fn help_is_never_cut_off_at_80x24() {
    let screens: Vec<(&str, Vec<&str>)> = vec![
        ("kaart", vec![]),
        ("contact", vec!["ctrl-n"]),
        ("triage", vec!["ctrl-n", "ctrl-t"]),
        ("contactlijst", vec!["ctrl-l"]),
        ("wachtrij", vec!["ctrl-b"]),
    ];
    for (name, keys) in screens {
        let mut s = demo_state();
        for k in keys {
            press(&mut s, k);
        }
        let ctx = s.context();
        press(&mut s, "f1");
        let text = help_content(&mut s, 80, 24);
        let flat = text.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
        for (_, _, action) in s.keymap.help_rows(ctx) {
            let d = action.description();
            assert!(flat.contains(d), "{name}: help cuts off {d:?}:\n{}", text.join("\n"));
        }
    }
}

#[test]
fn a_user_keymap_merges_over_the_defaults_key_by_key() {
    let (_d, path) = user_keymap("[global]\n\"ctrl-n\" = \"contact_list\"\n\n[kaart]\n\"ctrl-y\" = \"clear_search\"\n");
    let km = Keymap::load(&path).expect("a small user keymap is complete with the defaults under it");
    let mut s = with_keymap(km);
    // the user's own binding
    type_text(&mut s, "dagbest");
    press(&mut s, "ctrl-y");
    assert!(s.kaart.query.is_empty(), "ctrl-y clears the search");
    // a default chord the user rebound
    press(&mut s, "ctrl-n");
    assert_eq!(s.screen, loket::app::Screen::ContactList, "ctrl-n now opens the contact list");
    // defaults the user did not touch are still there
    press(&mut s, "ctrl-k");
    assert_eq!(s.screen, loket::app::Screen::Kaart);
    assert_eq!(press(&mut s, "ctrl-q"), vec![loket::app::Effect::Quit]);
}

#[test]
fn a_keymap_without_a_way_to_quit_or_get_help_is_refused() {
    // Without the defaults under it, an empty keymap leaves no way out.
    let (_d, path) = user_keymap("basis = \"geen\"\n");
    let e = Keymap::load(&path).expect_err("an empty keymap must be refused").to_string();
    assert!(e.contains("afsluiten"), "{e}");
    assert!(e.contains("hulp"), "{e}");
    // Rebinding both quit keys away leaves no way to quit either.
    let (_d2, path2) = user_keymap("[global]\n\"ctrl-q\" = \"queue\"\n\"ctrl-c\" = \"contact_list\"\n");
    let e = Keymap::load(&path2).expect_err("no quit key left").to_string();
    assert!(e.contains(&path2) && e.contains("afsluiten"), "{e}");
    // and the binary says so before anything starts
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
        .args(["--check-keymaps", "--keymap", &path])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stdout).contains("afsluiten"));
}

#[test]
fn an_action_bound_where_it_does_nothing_is_reported() {
    let src = "[kaart]\n\"ctrl-s\" = \"close_contact\"\n\n[wachtrij]\n\"x\" = \"consent_yes\"\n";
    let e = Keymap::parse("nutteloos.toml", src).expect_err("bindings that do nothing are reported").errors;
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].starts_with("nutteloos.toml:2: [kaart]") && e[0].contains("close_contact"), "{e:?}");
    assert!(e[1].starts_with("nutteloos.toml:5: [wachtrij]") && e[1].contains("consent_yes"), "{e:?}");
}

#[test]
fn picker_and_triage_digits_come_from_the_keymap() {
    let (_d, path) = user_keymap("[kiezer]\n\"x\" = \"choose_2\"\n\n[triage]\n\"q\" = \"choose_1\"\n");
    let km = Keymap::load(&path).unwrap();
    let mut s = with_keymap(km);
    press(&mut s, "alt-w");
    press(&mut s, "x");
    assert!(s.overlay.is_none(), "x chose option 2");
    assert!(s.kaart.filters.wet.is_some());
    press(&mut s, "ctrl-n");
    type_text(&mut s, "vraag");
    press(&mut s, "ctrl-t");
    press(&mut s, "q");
    assert!(s.contact.as_ref().unwrap().contact.checklist.meerdere_vragen, "q ticks the first reason");
    // the default digits stay too
    press(&mut s, "2");
    assert!(s.contact.as_ref().unwrap().contact.checklist.indicatie_nodig);
}

#[test]
fn editing_keys_come_from_the_keymap() {
    let (_d, path) = user_keymap("[tekst]\n\"ctrl-u\" = \"delete_word\"\n\"ctrl-a\" = \"cursor_home\"\n");
    let km = Keymap::load(&path).unwrap();
    let mut s = with_keymap(km);
    type_text(&mut s, "huish hulp");
    press(&mut s, "ctrl-u");
    assert_eq!(s.kaart.query.value(), "huish ");
    press(&mut s, "ctrl-a");
    type_text(&mut s, "x");
    assert_eq!(s.kaart.query.value(), "xhuish ");
    // the default editing keys are still there
    press(&mut s, "end");
    press(&mut s, "ctrl-w");
    assert_eq!(s.kaart.query.value(), "");
}

/// A terminal sends F3 with a modifier as `CSI 1;<m> R`, which crossterm reads as a cursor
/// position report, never as a key: a bundled keymap must not bind it (shift-F3 once opened the
/// report and did nothing in a real terminal).
#[test]
fn no_bundled_keymap_binds_a_modified_f3() {
    for path in ["keymaps/default.toml", "keymaps/functietoetsen.toml"] {
        let text = std::fs::read_to_string(path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let key = line.split('=').next().unwrap_or("").trim().trim_matches('"');
            assert!(
                !(key.ends_with("-f3") && key.contains('-')),
                "{path}:{}: {key} reaches loket as a cursor position report, not as a key",
                i + 1
            );
        }
    }
}

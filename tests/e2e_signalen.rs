//! Issue 21 end-to-end (tmux): "ik zie het niet meer zitten" gives the doorvragen prompt with
//! 113's question; ja raises the crisis panel; the stored contact records the answer; `loket
//! rapport` counts it.

mod common;

use common::tmux::{available, Pane};
use loket::app::Action;
use loket::keymap::{Context, Keymap};
use loket::store::{SledStore, Store};

/// The standard keymap's key for `a` on the contact screen, as tmux names it ("alt-j" → "M-j").
fn tmux_key(a: Action) -> String {
    let k = Keymap::standard().key_for(Context::Contact, a).expect("bound");
    match k.strip_prefix("alt-") {
        Some(rest) => format!("M-{rest}"),
        None => k.replace("ctrl-", "C-"),
    }
}

#[test]
#[cfg_attr(zonder_tmux, ignore = "tmux ontbreekt op deze machine")]
fn doorvragen_prompt_then_ja_raises_the_crisis_panel_and_the_answer_is_stored() {
    available();
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().display().to_string();
    let p = Pane::start_logged(&[("LOKET_MEDEWERKER", "Proef")], &["--data-dir", &dir], 100, 30);
    p.wait_loaded();
    p.keys(&["C-n"]);
    p.wait_for("Registratie");
    p.text("ik zie het niet meer zitten");
    let s = p.wait_for("Denkt u weleens aan zelfdoding?");
    assert!(s.contains("DOORVRAGEN"), "{s}");
    assert!(!s.contains("verwijs direct"), "a calm prompt first, not the crisis panel:\n{s}");
    p.keys(&[&tmux_key(Action::SignaalJa)]);
    let s = p.wait_for("verwijs direct");
    assert!(s.contains("CRISIS") && s.contains("0800-0113"), "{s}");
    assert!(!s.contains("DOORVRAGEN"), "{s}");
    p.quit();
    common::leaks::assert_no_leaks(data.path(), &p.stderr(), &["ik zie het niet meer zitten"]);

    let store = SledStore::open(data.path()).unwrap();
    let contacts = store.contacts().unwrap().value;
    assert_eq!(contacts.len(), 1);
    let c = &contacts[0];
    assert_eq!(c.vraag, "ik zie het niet meer zitten");
    assert_eq!(c.signaalvragen.len(), 1, "{:?}", c.signaalvragen);
    assert!(c.signaalvragen[0].ja);
    assert_eq!(c.signaalvragen[0].soort, "zelfdoding");
    assert_eq!(c.signaalvragen[0].door, "Proef");
    assert!(c.triage().crisis);
    drop(store);

    // rapport counts it: a crisis contact, a doorvragen prompt answered ja, spoed. One contact
    // is under the threshold of small numbers: the command shows "<5" (the exact counts are
    // checked with a threshold of 1 from the config, as a desk may set it)
    let cfg = data.path().join("drempel.toml");
    std::fs::write(&cfg, "rapport_drempel = 1\n").unwrap();
    let rapport = |config: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_loket"))
            .args(["rapport", "--json", "--data-dir"])
            .arg(data.path())
            .env("LOKET_CONFIG", config)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let r = rapport(&cfg);
    assert_eq!(r["crisis_contacten"], 1, "{r}");
    assert_eq!(r["doorvragen_contacten"], 1, "{r}");
    assert_eq!(r["doorvragen_ja"], 1, "{r}");
    assert_eq!(r["doorvragen_nee"], 0, "{r}");
    assert_eq!(r["spoed"], 1, "{r}");
    assert_eq!(r["per_signaalcategorie"]["zelfdoding"], 1, "{r}");
    let r = rapport(std::path::Path::new("/nonexistent/loket.toml"));
    assert_eq!(r["crisis_contacten"], "<5", "{r}");
    assert_eq!(r["spoed"], "<5", "{r}");
    assert_eq!(r["doorvragen_nee"], 0, "{r}");
}

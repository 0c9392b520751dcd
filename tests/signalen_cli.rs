//! Issue 21: `loket signalen` reads one sentence a line on stdin and prints per line the tier,
//! the category and the words that matched; `--json` the same as JSON; `--lijst` tries a word
//! list from a file before it is stored.

use std::io::Write;
use std::process::{Command, Stdio};

fn signalen(args: &[&str], dir: &std::path::Path, input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_loket"))
        .arg("--data-dir")
        .arg(dir)
        .arg("signalen")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // loket may exit before it reads (a list that does not parse): a closed pipe is no error here
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

const ZINNEN: &str = "ik zie het niet meer zitten\nde buurman slaat de deur dicht\n\nmijn vriendin slaat me\nde deurwaarder komt morgen\n";

#[test]
fn text_per_line_tier_category_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let out = signalen(&[], dir.path(), ZINNEN);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split_whitespace().collect()).collect();
    assert_eq!(lines.len(), 4, "the empty line is skipped:\n{text}");
    assert_eq!(lines[0][..3], ["1", "doorvragen", "zelfdoding"], "{text}");
    assert!(text.lines().next().unwrap().ends_with("zie het niet meer zitten"), "{text}");
    assert_eq!(lines[1], ["2", "geen", "-"], "the door that slams:\n{text}");
    assert_eq!(lines[2][..4], ["4", "crisis", "huiselijk_geweld", "slaat"], "{text}");
    assert_eq!(lines[3][..4], ["5", "geen", "uitzetting", "deurwaarder"], "{text}");
}

#[test]
fn json_gives_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = signalen(&["--json"], dir.path(), ZINNEN);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = v.as_array().unwrap();
    assert_eq!(r.len(), 4);
    assert_eq!(r[0]["regel"], 1);
    assert_eq!(r[0]["niveau"], "doorvragen");
    assert_eq!(r[0]["categorie"], "zelfdoding");
    assert_eq!(r[0]["route"], "113 (0800-0113)");
    assert_eq!(r[0]["vraag"], "Denkt u weleens aan zelfdoding?");
    assert_eq!(r[0]["signalen"][0]["gevonden"], "zie het niet meer zitten");
    assert_eq!(r[1]["niveau"], "geen");
    assert_eq!(r[1]["signalen"].as_array().unwrap().len(), 0);
    assert_eq!(r[2]["niveau"], "crisis");
    assert_eq!(r[2]["route"], "Veilig Thuis 0800-2000");
    assert_eq!(r[2]["signalen"][0]["gevonden"], "slaat me");
}

#[test]
fn a_list_from_a_file_is_tried_and_a_broken_one_is_refused_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let lijst = dir.path().join("proef.toml");
    let toml = format!(
        "{}\n[[signaal]]\nsoort = \"stalking\"\nniveau = \"doorvragen\"\nsamen = [\"drone + @vliegen|huis\"]\n",
        loket::domain::danger::BUNDLED_TOML
    );
    std::fs::write(&lijst, toml).unwrap();
    let zin = "er vliegt elke avond een drone boven mijn huis\n";
    let before = signalen(&[], dir.path(), zin);
    assert!(String::from_utf8_lossy(&before.stdout).contains("geen"), "not in the stored list");
    let out = signalen(&["--lijst", lijst.to_str().unwrap()], dir.path(), zin);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("doorvragen") && text.contains("stalking") && text.contains("drone"), "{text}");
    std::fs::write(&lijst, "[[signaal]]\nsoort = \"brand\"\n").unwrap();
    let out = signalen(&["--lijst", lijst.to_str().unwrap()], dir.path(), zin);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("soort 'brand' is onbekend"), "{err}");
}

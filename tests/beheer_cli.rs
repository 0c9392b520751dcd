//! `loket beheer [--json]` and `loket export --sinds` (issue 14), through the binary.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use loket::domain::beheer::{Beheer, Melding, Record};
use loket::store::{kaartbeheer, Store};

fn loket(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_loket")).args(args).arg("--data-dir").arg(dir).output().unwrap()
}

fn at(m: u32, d: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

/// A store with one entry edited on 1 November, one on 1 December, and one reported.
fn prepared(dir: &Path) -> (String, String, String) {
    let store = loket::cli::open_store(dir).unwrap();
    let k = loket::store::kaart::load(store.as_ref(), &mut |_| {}).unwrap();
    let (a, b, c) = (
        Record::Voorziening(k.voorzieningen[0].clone()),
        Record::Voorziening(k.voorzieningen[1].clone()),
        Record::Voorziening(k.voorzieningen[2].clone()),
    );
    for (r, when, tel) in [(&a, at(11, 1), "050 100 0000"), (&b, at(12, 1), "050 200 0000")] {
        let mut form = loket::domain::beheer::velden(r);
        form.iter_mut().find(|v| v.naam == "telefoon").unwrap().waarde = tel.into();
        let new = loket::domain::beheer::toepassen(r, &form, &|_| true).unwrap();
        store
            .beheer_schrijf(&kaartbeheer::gewijzigd(Some(r), &new, &Beheer::new(&r.sleutel()), "Beheer", when).unwrap())
            .unwrap();
    }
    store
        .beheer_meld(
            &c.sleutel(),
            &Melding { tekst: "wachttijd nu 3 maanden".into(), door: "Anna".into(), op: at(12, 2) },
        )
        .unwrap();
    // a fourth is archived on 3 December
    let d = Record::Voorziening(k.voorzieningen[3].clone());
    store
        .beheer_schrijf(
            &kaartbeheer::vervallen(&d, &Beheer::new(&d.sleutel()), "Beheer", at(12, 3), "vervallen").unwrap(),
        )
        .unwrap();
    (a.id().to_string(), b.id().to_string(), c.sleutel())
}

#[test]
fn beheer_json_counts_and_lists_the_reported_entry_first() {
    let dir = tempfile::tempdir().unwrap();
    let (_, _, reported) = prepared(dir.path());
    let out = loket(&["beheer", "--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gemeld"], 1);
    assert_eq!(v["gearchiveerd"], 1);
    assert!(v["verouderd"].as_u64().unwrap() > 0, "the demo has stale entries");
    assert_eq!(v["regels"][0]["sleutel"], reported.as_str());
    assert_eq!(v["regels"][0]["meldingen"][0], "gemeld 02-12: wachttijd nu 3 maanden");
    let n = v["regels"].as_array().unwrap().len() as u64;
    assert_eq!(n, v["verouderd"].as_u64().unwrap() + 1, "stale ones plus the reported one");
    let text = loket(&["beheer"], dir.path());
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.starts_with("Werklijst sociale kaart: 1 gemeld"), "{text}");
    assert!(text.contains("⚑ gemeld 02-12: wachttijd nu 3 maanden"));
}

fn shared(rel: &str) -> Option<std::path::PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared").join(rel);
    if p.exists() {
        return Some(p);
    }
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{} ontbreekt; onder CI=true is dat een fout", p.display());
    println!("{} niet gevonden, overgeslagen (buiten CI)", p.display());
    None
}

#[test]
fn export_since_a_date_writes_only_those_changes_and_validates_as_hsds() {
    let dir = tempfile::tempdir().unwrap();
    let (before, after, _) = prepared(dir.path());
    let out_dir = tempfile::tempdir().unwrap();
    let out = loket(&["export", "--sinds", "2026-11-15", out_dir.path().to_str().unwrap()], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let services: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("services.json")).unwrap()).unwrap();
    let services = services.as_array().unwrap();
    assert_eq!(services.len(), 2, "only the changes since the date (a report is not a change)");
    assert_eq!(services[0]["id"], loket::interchange::export::hsds_id(&after).as_str());
    assert_eq!(services[0]["status"], "active");
    assert_eq!(services[1]["status"], "inactive", "an archived entry goes back as inactive");
    assert_ne!(services[0]["id"], loket::interchange::export::hsds_id(&before).as_str());
    let phones = serde_json::to_string(&services[0]).unwrap();
    assert!(phones.contains("050 200 0000"), "{phones}");
    let Some(hsds) = shared("hsds-3.0/schema/compiled/service_with_definitions.json") else { return };
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(hsds).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&schema)
        .unwrap();
    for s in services {
        let errors: Vec<String> = validator.iter_errors(s).map(|e| format!("{e} bij {}", e.instance_path)).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let org_schema =
        serde_json::json!({"$ref": "#/definitions/organization", "definitions": schema["definitions"].clone()});
    let orgs: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("organizations.json")).unwrap()).unwrap();
    let ov = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(true)
        .build(&org_schema)
        .unwrap();
    assert!(!orgs.as_array().unwrap().is_empty(), "the changed service's organisation comes along");
    for o in orgs.as_array().unwrap() {
        assert!(ov.is_valid(o), "{o}");
    }
}

/// Each entry of the worklist names the provider's contact person first (from its
/// organisation), then the phone and e-mail; an entry whose organisation has none says so.
#[test]
fn beheer_shows_the_providers_contact_person() {
    let dir = tempfile::tempdir().unwrap();
    let store = loket::cli::open_store(dir.path()).unwrap();
    let k = loket::store::kaart::load(store.as_ref(), &mut |_| {}).unwrap();
    let with = k.voorzieningen.iter().find(|v| v.organisatie_id == "org-wij-groningen").expect("a WIJ entry");
    let without = k
        .voorzieningen
        .iter()
        .find(|v| {
            k.organisaties.iter().any(|o| o.id == v.organisatie_id && o.contactpersoon.is_empty())
                && !v.telefoon.is_empty()
        })
        .expect("an entry whose provider has no contact person");
    for (v, d) in [(with, 2), (without, 3)] {
        store
            .beheer_meld(
                &format!("v/{}", v.id),
                &Melding { tekst: "telefoonnummer werkt niet".into(), door: "Anna".into(), op: at(12, d) },
            )
            .unwrap();
    }
    drop(store);
    let out = loket(&["beheer", "--json"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &v["regels"][0];
    assert_eq!(first["sleutel"], format!("v/{}", with.id));
    assert_eq!(
        first["contactpersoon"],
        serde_json::json!({
            "naam": "Sanne de Vries",
            "functie": "coördinator sociale kaart",
            "telefoon": "050-555 01 40",
            "email": "s.devries@voorbeeld-wij.nl"
        })
    );
    assert_eq!(first["aanbieder"], "WIJ Groningen");
    let second = &v["regels"][1];
    assert_eq!(second["sleutel"], format!("v/{}", without.id));
    assert_eq!(second["contactpersoon"]["naam"], "");
    assert_eq!(second["telefoon"], without.telefoon[0].nummer.as_str());
    // the fields come in that order: contact person, then phone and e-mail
    let raw = String::from_utf8(out.stdout).unwrap();
    let regel = &raw[raw.find("\"regels\"").unwrap()..];
    let regel = &regel[..regel.find("\n    },").or_else(|| regel.find("\n    }")).unwrap()];
    let keys: Vec<&str> = regel
        .lines()
        .filter(|l| l.starts_with("      \"") && !l.starts_with("       "))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    let pos = |k: &str| keys.iter().position(|x| *x == k).unwrap_or_else(|| panic!("{k} in {keys:?}"));
    assert!(pos("contactpersoon") < pos("telefoon") && pos("telefoon") < pos("email"), "{keys:?}");
    let text = String::from_utf8(loket(&["beheer"], dir.path()).stdout).unwrap();
    let block = text.split("\n\n").find(|b| b.contains(&format!("v/{}", with.id))).expect("the WIJ block");
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(
        lines[2],
        "  contactpersoon: Sanne de Vries (coördinator sociale kaart) · tel 050-555 01 40 · s.devries@voorbeeld-wij.nl",
        "{block}"
    );
    assert!(lines[3].starts_with("  aanbieder: WIJ Groningen · tel "), "{block}");
    let block = text.split("\n\n").find(|b| b.contains(&format!("v/{}", without.id))).expect("the other block");
    assert!(block.contains("\n  contactpersoon: onbekend\n"), "{block}");
}

//! Platform code stays in one module (`crates/base/src/platform.rs`): no other source file of
//! loket has a `cfg` for an operating system, and every Unix protection there has its Windows
//! counterpart or the written reason why none is needed.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

const OS_CFG: [&str; 5] = ["cfg(unix)", "cfg(windows)", "cfg(not(unix))", "cfg(not(windows))", "target_os"];

#[test]
fn no_source_outside_the_platform_module_has_an_os_cfg() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for c in std::fs::read_dir(root.join("crates")).unwrap() {
        sources(&c.unwrap().path().join("src"), &mut files);
    }
    assert!(files.len() > 50, "the sources were found ({})", files.len());
    let platform = root.join("crates/base/src/platform.rs");
    let mut found = Vec::new();
    for f in files.iter().filter(|f| **f != platform) {
        let text = std::fs::read_to_string(f).unwrap();
        for (i, line) in text.lines().enumerate() {
            if OS_CFG.iter().any(|c| line.contains(c)) && !line.trim_start().starts_with("//") {
                found.push(format!("{}:{}: {}", f.strip_prefix(root).unwrap().display(), i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "platform code outside crates/base/src/platform.rs:\n{}", found.join("\n"));
}

#[test]
fn every_unix_branch_of_the_platform_module_has_its_windows_side_or_reason() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/base/src/platform.rs")).unwrap();
    // one function at a time: its doc comment (the lines above it) and its body
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.starts_with("pub fn")) {
        let doc: Vec<&str> =
            lines[..i].iter().rev().take_while(|l| l.starts_with("///") || l.starts_with("#[")).copied().collect();
        let body: Vec<&str> = lines[i..].iter().take_while(|l| **l != "}").copied().collect();
        if !body.iter().any(|l| l.contains("cfg(unix)")) {
            continue;
        }
        checked += 1;
        let windows_side = body.iter().any(|l| l.contains("cfg(windows)") || l.contains("cfg(not(unix))"));
        let reason = doc.iter().any(|l| l.contains("Windows:"));
        assert!(
            windows_side || reason,
            "{l}: a Unix branch without a Windows branch or a 'Windows:' reason in its doc"
        );
    }
    assert!(checked >= 5, "the module's functions were checked ({checked})");
}

//! Import from an HSDS API by URL (`loket import https://…`), following its pages.
//!
//! - An API's root (`/`, answering `{"version": …}`): its organizations and services, whole
//!   (`full=true`), every page.
//! - A list (`/services`, `/organizations`, `/service_at_locations`): every page of it (whole
//!   objects: `full=true` is added when the URL does not say).
//! - A single object (`/services/{id}`) or any other JSON: read as a file with that content.
//!
//! Each page is read as the import reads a JSON file (its URL named in the messages), so
//! everything an import checks and keeps holds here too.

use std::time::Duration;

use anyhow::{bail, Context};
use serde_json::Value;

use super::model::Tables;
use super::validate::Diag;
use super::{ImportOptions, ImportReport};
use loket_domain::kaart::Kaart;
use loket_store::Store;

/// Results asked per page when the URL does not say (an API may give fewer).
const PER_PAGINA: usize = 500;
/// No API has more pages than this: a loop that does not end is stopped.
const MAX_PAGINAS: usize = 100_000;
/// The largest page body read.
const MAX_BODY: u64 = 1 << 30;

/// Is `s` the address of an API (http:// or https://) rather than a path?
pub fn is_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// `url` with query parameter `key` set to `value` (replacing it when there).
pub fn met_param(url: &str, key: &str, value: &str) -> String {
    let (basis, frag) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    let (pad, query) = basis.split_once('?').unwrap_or((basis, ""));
    let mut delen: Vec<String> =
        query.split('&').filter(|p| !p.is_empty() && p.split('=').next() != Some(key)).map(str::to_string).collect();
    delen.push(format!("{key}={value}"));
    let mut out = format!("{pad}?{}", delen.join("&"));
    if let Some(f) = frag {
        out.push('#');
        out.push_str(f);
    }
    out
}

fn heeft_param(url: &str, key: &str) -> bool {
    url.split_once('?')
        .map(|(_, q)| q.split('#').next().unwrap_or("").split('&').any(|p| p.split('=').next() == Some(key)))
        .unwrap_or(false)
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::config::Config::builder()
            .timeout_global(Some(Duration::from_secs(120)))
            .user_agent(concat!("loket/", env!("CARGO_PKG_VERSION")))
            .build(),
    )
}

/// The body of `url` as text.
fn haal(agent: &ureq::Agent, url: &str) -> anyhow::Result<String> {
    let mut r = agent.get(url).header("Accept", "application/json").call().map_err(|e| match e {
        ureq::Error::StatusCode(n) => anyhow::anyhow!("{url}: de server antwoordt met status {n}"),
        e => anyhow::anyhow!("{url} niet op te halen: {e}"),
    })?;
    r.body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_string()
        .with_context(|| format!("{url}: antwoord niet te lezen"))
}

/// The path of a URL without query, e.g. "/api/services".
fn pad_van(url: &str) -> &str {
    let zonder = url.split(['?', '#']).next().unwrap_or(url);
    let na_schema = zonder.split_once("://").map(|(_, r)| r).unwrap_or(zonder);
    na_schema.find('/').map(|i| &na_schema[i..]).unwrap_or("/")
}

/// Every page of the list at `url` (page 1 already read: `eerste`), read into `tables`.
fn alle_paginas(
    agent: &ureq::Agent,
    url: &str,
    eerste: Value,
    eerste_tekst: String,
    tables: &mut Tables,
    diag: &mut Diag,
    progress: bool,
) -> anyhow::Result<usize> {
    let totaal = eerste.get("total_pages").and_then(Value::as_u64).unwrap_or(1) as usize;
    let mut laatste = eerste.get("last_page").and_then(Value::as_bool).unwrap_or(totaal <= 1);
    let mut leeg = eerste.get("contents").and_then(Value::as_array).is_none_or(|c| c.is_empty());
    drop(eerste);
    super::json::read_json(&eerste_tekst, url, tables, diag);
    drop(eerste_tekst);
    let mut p = super::progress::Progress::new("ophalen", "pagina's", totaal as u64, progress);
    let mut pagina = 1usize;
    while !laatste && !leeg && pagina < totaal.max(1) && pagina < MAX_PAGINAS {
        pagina += 1;
        let u = met_param(url, "page", &pagina.to_string());
        let tekst = haal(agent, &u)?;
        let v: Value = serde_json::from_str(&tekst).with_context(|| format!("{u}: geen JSON"))?;
        laatste = v.get("last_page").and_then(Value::as_bool).unwrap_or(pagina >= totaal);
        leeg = v.get("contents").and_then(Value::as_array).is_none_or(|c| c.is_empty());
        drop(v);
        super::json::read_json(&tekst, &u, tables, diag);
        p.set(pagina as u64);
    }
    p.finish();
    Ok(pagina)
}

/// Read (and check) everything at `url`; writes nothing.
pub fn read_url(url: &str, opts: &ImportOptions) -> anyhow::Result<(Kaart, ImportReport)> {
    if !is_url(url) {
        bail!("{url} is geen adres (http:// of https://)");
    }
    let agent = agent();
    let mut tables = Tables::default();
    let mut diag = Diag::default();
    let lijst_url = |u: &str| {
        let mut u = u.to_string();
        if !heeft_param(&u, "full") {
            u = met_param(&u, "full", "true");
        }
        if !heeft_param(&u, "per_page") {
            u = met_param(&u, "per_page", &PER_PAGINA.to_string());
        }
        u
    };
    let pad = pad_van(url).trim_end_matches('/');
    let is_lijst = ["/services", "/organizations", "/service_at_locations"].iter().any(|l| pad.ends_with(l));
    let eerste_url = if is_lijst { lijst_url(url) } else { url.to_string() };
    let tekst = haal(&agent, &eerste_url)?;
    let v: Value = serde_json::from_str(&tekst).with_context(|| format!("{eerste_url}: geen JSON"))?;
    let is_wortel = v.get("version").is_some() && v.get("contents").is_none() && v.get("id").is_none();
    if is_wortel {
        // an API's root: its organizations first, then its services
        drop(v);
        let basis = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
        for lijst in ["organizations", "services"] {
            let u = lijst_url(&format!("{basis}/{lijst}"));
            let t = haal(&agent, &u)?;
            let v: Value = serde_json::from_str(&t).with_context(|| format!("{u}: geen JSON"))?;
            if v.get("contents").is_none() {
                bail!("{u}: geen HSDS-lijst (verwacht een pagina met \"contents\")");
            }
            alle_paginas(&agent, &u, v, t, &mut tables, &mut diag, opts.progress)?;
        }
    } else if v.get("contents").is_some() {
        alle_paginas(&agent, &eerste_url, v, tekst, &mut tables, &mut diag, opts.progress)?;
    } else {
        drop(v);
        super::json::read_json(&tekst, &eerste_url, &mut tables, &mut diag);
    }
    Ok(super::finish(tables, diag, url, opts))
}

/// [`super::import_path`] for an API at `url`.
pub fn import_url(store: &dyn Store, url: &str, opts: &ImportOptions) -> anyhow::Result<ImportReport> {
    let (kaart, report) = read_url(url, opts)?;
    super::schrijf_import(store, kaart, report, opts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_set_and_replaced() {
        assert_eq!(met_param("http://x/services", "page", "2"), "http://x/services?page=2");
        assert_eq!(met_param("http://x/services?page=1&full=true", "page", "3"), "http://x/services?full=true&page=3");
        assert!(heeft_param("http://x/s?full=true", "full"));
        assert!(!heeft_param("http://x/s?fully=true", "full"));
        assert_eq!(pad_van("https://x.nl:8080/api/services?page=2"), "/api/services");
        assert_eq!(pad_van("http://x.nl"), "/");
        assert!(is_url("HTTPS://x") && is_url("http://x") && !is_url("./http") && !is_url("kaart.json"));
    }
}

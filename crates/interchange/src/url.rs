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
/// The largest page body read (a page of 500 whole services is a few MB).
const MAX_BODY: u64 = 64 << 20;

/// Query parameters that may carry a secret: left out wherever a URL is shown or kept.
const GEHEIME_PARAMS: &[&str] = &["token", "access_token", "key", "api_key", "apikey", "password", "secret"];

/// `url` as it may be shown and kept (in messages, the log, and as the entries' source): without
/// `user:password@`, without parameters that may carry a secret, and without the paging
/// parameters loket adds (so one API is always the same source).
pub fn zonder_geheimen(url: &str) -> String {
    let (basis, _) = url.split_once('#').unwrap_or((url, ""));
    let (pad, query) = basis.split_once('?').unwrap_or((basis, ""));
    let pad = match pad.split_once("://") {
        Some((schema, rest)) => {
            let eind = rest.find('/').unwrap_or(rest.len());
            let (auth, rest) = rest.split_at(eind);
            let host = auth.rsplit_once('@').map(|(_, h)| h).unwrap_or(auth);
            format!("{schema}://{host}{rest}")
        }
        None => pad.to_string(),
    };
    let delen: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| {
            let k = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !GEHEIME_PARAMS.contains(&k.as_str()) && !["page", "per_page", "full"].contains(&k.as_str())
        })
        .collect();
    if delen.is_empty() {
        pad
    } else {
        format!("{pad}?{}", delen.join("&"))
    }
}

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
    let toon = zonder_geheimen_met_pagina(url);
    let mut r = agent.get(url).header("Accept", "application/json").call().map_err(|e| match e {
        ureq::Error::StatusCode(n) => anyhow::anyhow!("{toon}: de server antwoordt met status {n}"),
        e => anyhow::anyhow!("{toon} niet op te halen: {e}"),
    })?;
    r.body_mut()
        .with_config()
        .limit(MAX_BODY)
        .read_to_string()
        .with_context(|| format!("{toon}: antwoord niet te lezen (of groter dan {} MB per pagina)", MAX_BODY >> 20))
}

/// [`zonder_geheimen`], with the page number kept (for messages about one page).
fn zonder_geheimen_met_pagina(url: &str) -> String {
    let schoon = zonder_geheimen(url);
    let pagina = url
        .split_once('?')
        .and_then(|(_, q)| q.split('#').next().unwrap_or("").split('&').find_map(|p| p.strip_prefix("page=")));
    match pagina {
        Some(n) => met_param(&schoon, "page", n),
        None => schoon,
    }
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
    // The end: `last_page` when the API gives it, else `total_pages`, else the first empty
    // page. A page that is not the one asked for, or that holds only ids already read (an API
    // that ignores ?page=), stops the import with an error: half a map must not be written as
    // if it were the whole (a later import would archive what was not read).
    fn einde(v: &Value, pagina: usize, totaal: Option<usize>) -> bool {
        let leeg = v.get("contents").and_then(Value::as_array).is_none_or(|c| c.is_empty());
        leeg || v.get("last_page").and_then(Value::as_bool).unwrap_or(totaal.is_some_and(|t| pagina >= t))
    }
    fn ids(v: &Value) -> Vec<String> {
        let cs = v.get("contents").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        cs.iter().filter_map(|c| c.get("id")?.as_str().map(str::to_string)).collect()
    }
    let toon = zonder_geheimen(url);
    let totaal = eerste.get("total_pages").and_then(Value::as_u64).map(|t| t as usize);
    let mut klaar = einde(&eerste, 1, totaal);
    let mut gezien: std::collections::HashSet<String> = ids(&eerste).into_iter().collect();
    drop(eerste);
    super::json::read_json(&eerste_tekst, &toon, tables, diag);
    drop(eerste_tekst);
    let mut p = super::progress::Progress::new("ophalen", "pagina's", totaal.unwrap_or(0) as u64, progress);
    let mut pagina = 1usize;
    while !klaar {
        if pagina >= MAX_PAGINAS {
            bail!("{toon}: meer dan {MAX_PAGINAS} pagina's; gestopt, er is niets geschreven");
        }
        pagina += 1;
        let u = met_param(url, "page", &pagina.to_string());
        let naam = met_param(&toon, "page", &pagina.to_string());
        let tekst = haal(agent, &u)?;
        let v: Value = serde_json::from_str(&tekst).with_context(|| format!("{naam}: geen JSON"))?;
        if let Some(n) = v.get("page_number").and_then(Value::as_u64).filter(|&n| n as usize != pagina) {
            bail!(
                "{naam}: de API gaf pagina {n} terug op de vraag naar pagina {pagina}; gestopt, er is niets geschreven"
            );
        }
        let nieuw = ids(&v);
        if !nieuw.is_empty() && nieuw.iter().all(|i| gezien.contains(i)) {
            bail!(
                "{naam}: deze pagina herhaalt alleen wat al gelezen is (negeert de API ?page=?); gestopt, er is niets geschreven"
            );
        }
        gezien.extend(nieuw);
        klaar = einde(&v, pagina, totaal);
        drop(v);
        super::json::read_json(&tekst, &naam, tables, diag);
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
    let toon = zonder_geheimen(url);
    let v: Value = serde_json::from_str(&tekst).with_context(|| format!("{toon}: geen JSON"))?;
    let is_wortel = v.get("version").is_some() && v.get("contents").is_none() && v.get("id").is_none();
    if is_wortel {
        // an API's root: its organizations first, then its services
        drop(v);
        let basis = url.split(['?', '#']).next().unwrap_or(url).trim_end_matches('/');
        for lijst in ["organizations", "services"] {
            let u = lijst_url(&format!("{basis}/{lijst}"));
            let t = haal(&agent, &u)?;
            let naam = zonder_geheimen(&u);
            let v: Value = serde_json::from_str(&t).with_context(|| format!("{naam}: geen JSON"))?;
            if v.get("contents").is_none() {
                bail!("{naam}: geen HSDS-lijst (verwacht een pagina met \"contents\")");
            }
            alle_paginas(&agent, &u, v, t, &mut tables, &mut diag, opts.progress)?;
        }
    } else if v.get("contents").is_some() {
        alle_paginas(&agent, &eerste_url, v, tekst, &mut tables, &mut diag, opts.progress)?;
    } else {
        drop(v);
        super::json::read_json(&tekst, &toon, &mut tables, &mut diag);
    }
    // the entries' source: the API without secrets or paging, the same at every import
    Ok(super::finish(tables, diag, &toon, opts))
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

    #[test]
    fn secrets_and_paging_are_left_out_of_the_source() {
        assert_eq!(
            zonder_geheimen(
                "https://ik:geheim@api.example/hsds/services?token=abc&page=3&per_page=500&full=true&status=active"
            ),
            "https://api.example/hsds/services?status=active"
        );
        assert_eq!(zonder_geheimen("https://api.example/?API_KEY=x"), "https://api.example/");
        assert_eq!(
            zonder_geheimen_met_pagina("https://api.example/services?key=x&page=2"),
            "https://api.example/services?page=2"
        );
    }

    /// A server on loopback that answers every request with `body`.
    fn server(body: &'static str) -> String {
        use std::io::{Read, Write};
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let adres = l.local_addr().unwrap();
        std::thread::spawn(move || {
            for s in l.incoming() {
                let Ok(mut s) = s else { continue };
                let mut buf = [0u8; 4096];
                let mut gelezen = Vec::new();
                while !gelezen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match s.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => gelezen.extend_from_slice(&buf[..n]),
                    }
                }
                let _ = write!(
                    s,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        format!("http://{adres}/services")
    }

    #[test]
    fn an_api_that_ignores_the_page_stops_the_import_with_an_error() {
        let opts = ImportOptions::default();
        // says which page it gives: page 1, whatever is asked
        let url = server(
            r#"{"total_items":4,"page_number":1,"size":2,"first_page":true,"last_page":false,"empty":false,"contents":[{"id":"a","name":"A","status":"active"},{"id":"b","name":"B","status":"active"}]}"#,
        );
        let e = read_url(&url, &opts).unwrap_err().to_string();
        assert!(e.contains("pagina 1 terug op de vraag naar pagina 2") && e.contains("niets geschreven"), "{e}");
        // says nothing of pages: the same ids again
        let url = server(r#"{"contents":[{"id":"a","name":"A","status":"active"}]}"#);
        let e = read_url(&url, &opts).unwrap_err().to_string();
        assert!(e.contains("herhaalt alleen wat al gelezen is"), "{e}");
    }
}

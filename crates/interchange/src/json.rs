//! HSDS 3.0 JSON: a single service or organization, a list of them, or an API page
//! (`{"contents": [...]}`), flattened into [`Tables`].

use super::jsonparse::{self, JN, JV};
use std::rc::Rc;

use super::model::{Raw, Row, Tables, Ty, T};
use super::validate::{check_row, mark_invalid, set_cell, Ctx, Diag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Service,
    Organization,
    Location,
    ServiceAtLocation,
    Taxonomy,
    Term,
}

/// Read a JSON file whose top level is a list from `r`, one element at a time (bounded memory
/// for a large export). Ok(false) when the top level is no list: nothing was read.
pub fn read_json_stream(
    r: &mut dyn std::io::BufRead,
    path: &std::path::Path,
    file: &str,
    tables: &mut Tables,
    diag: &mut Diag,
) -> anyhow::Result<bool> {
    let src = tables.file_id(file);
    let hint = file_hint(file);
    let before: Vec<usize> = tables.rows.iter().map(Vec::len).collect();
    let mut cp1252: Option<u32> = None;
    let mut rd = Reader { tables, diag, src, top: None };
    let path: Rc<std::path::Path> = path.into();
    let res = jsonparse::stream_items(r, &mut |bytes, line, off| {
        let dec = super::text::decode(bytes);
        if let (None, Some(l)) = (cp1252, dec.cp1252_from_line) {
            cp1252 = Some(line + l - 1);
        }
        let item = jsonparse::parse_at(&dec.text, line)?;
        rd.top = Some((&item as *const JN as usize, path.clone(), off, bytes.len()));
        rd.item(hint, &item);
        rd.top = None;
        Ok(())
    });
    if let Some(line) = cp1252 {
        rd.diag.warn(
            "gelezen als Windows-1252",
            &rd.tables.files,
            src,
            line,
            "",
            "geen UTF-8-tekst; het bestand is gelezen als Windows-1252",
        );
    }
    match res {
        Ok(read) => Ok(read),
        Err(jsonparse::StreamError::Io(e)) => Err(anyhow::anyhow!("{file} lezen: {e}")),
        Err(jsonparse::StreamError::Syntax(e)) => {
            // a broken file gives nothing, as when it is read whole
            for (rows, n) in rd.tables.rows.iter_mut().zip(before) {
                rows.truncate(n);
            }
            let t = &mut *rd.tables;
            let lens: Vec<usize> = t.rows.iter().map(Vec::len).collect();
            t.embedded.retain(|(tt, _), i| *i < lens[*tt as usize]);
            rd.diag.error(&rd.tables.files, src, e.line, "", format!("ongeldige JSON: {}", e.msg));
            Ok(true)
        }
    }
}

/// Read one JSON file into `tables`.
pub fn read_json(text: &str, file: &str, tables: &mut Tables, diag: &mut Diag) {
    let src = tables.file_id(file);
    // a list (what loket exports): one element at a time, never the whole file as one tree
    let hint = file_hint(file);
    let before: Vec<usize> = tables.rows.iter().map(Vec::len).collect();
    let mut r = Reader { tables, diag, src, top: None };
    if let Some(res) = jsonparse::each_item(text, &mut |item| r.item(hint, &item)) {
        if let Err(e) = res {
            // a broken file gives nothing, as when it is read whole
            for (rows, n) in r.tables.rows.iter_mut().zip(before) {
                rows.truncate(n);
            }
            let t = &mut *r.tables;
            let lens: Vec<usize> = t.rows.iter().map(Vec::len).collect();
            t.embedded.retain(|(tt, _), i| *i < lens[*tt as usize]);
            r.diag.error(&r.tables.files, src, e.line, "", format!("ongeldige JSON: {}", e.msg));
        }
        return;
    }
    let Reader { tables, diag, .. } = r;
    let root = match jsonparse::parse(text) {
        Ok(j) => j,
        Err(e) => {
            diag.error(&tables.files, src, e.line, "", format!("ongeldige JSON: {}", e.msg));
            return;
        }
    };
    let items: Vec<&JN> = match &root.v {
        JV::Arr(xs) => xs.iter().collect(),
        JV::Obj(_) => match root.get("contents") {
            Some(JN { v: JV::Arr(xs), .. }) => xs.iter().collect(),
            Some(other) => {
                diag.error(
                    &tables.files,
                    src,
                    other.line,
                    "contents",
                    format!("verwacht een lijst, gevonden {}", other.kind()),
                );
                return;
            }
            None => vec![&root],
        },
        _ => {
            diag.error(
                &tables.files,
                src,
                root.line,
                "",
                format!("verwacht een object of een lijst, gevonden {}", root.kind()),
            );
            return;
        }
    };
    let mut r = Reader { tables, diag, src, top: None };
    for item in items {
        r.item(hint, item);
    }
}

impl Reader<'_> {
    /// One top-level object, of the kind the file name says or its fields suggest.
    fn item(&mut self, hint: Option<Kind>, item: &JN) {
        let r = self;
        match hint.unwrap_or_else(|| guess(item)) {
            Kind::Service => {
                r.service(item, &[], false);
            }
            Kind::Organization => {
                r.organization(item, false);
            }
            Kind::Location => {
                r.location(item, &[], false);
            }
            Kind::ServiceAtLocation => {
                r.sal(item, &[]);
            }
            Kind::Taxonomy => {
                r.row(T::Taxonomies, item, &[], false);
            }
            Kind::Term => {
                r.term(item, false);
            }
        }
    }
}

fn file_hint(file: &str) -> Option<Kind> {
    let f = file.rsplit(['/', '\\']).next().unwrap_or(file).to_lowercase();
    if f.starts_with("taxonomy_term") {
        Some(Kind::Term)
    } else if f.starts_with("taxonom") {
        Some(Kind::Taxonomy)
    } else if f.starts_with("organization") || f.starts_with("organisation") {
        Some(Kind::Organization)
    } else if f.starts_with("service_at_location") {
        Some(Kind::ServiceAtLocation)
    } else if f.starts_with("location") {
        Some(Kind::Location)
    } else if f.starts_with("service") {
        Some(Kind::Service)
    } else {
        None
    }
}

fn guess(item: &JN) -> Kind {
    let has = |k: &str| item.get(k).is_some();
    if has("status") || has("service_at_locations") || has("organization_id") || has("organization") {
        Kind::Service
    } else if has("website")
        || has("services")
        || has("locations")
        || has("organization_identifiers")
        || has("legal_status")
        || has("tax_status")
        || has("year_incorporated")
    {
        Kind::Organization
    } else {
        Kind::Service
    }
}

struct Reader<'a> {
    tables: &'a mut Tables,
    diag: &'a mut Diag,
    src: u16,
    /// The top-level object being read from a file in pieces, and where it is in the file.
    top: Option<(usize, Rc<std::path::Path>, u64, usize)>,
}

impl Reader<'_> {
    fn err(&mut self, line: u32, field: &str, msg: String) {
        self.diag.error(&self.tables.files, self.src, line, field, msg);
    }

    /// Build and store one row from an object's scalar fields; returns its id.
    fn row(&mut self, t: T, node: &JN, parent: &[(&'static str, &str)], embedded: bool) -> Option<String> {
        let JV::Obj(kv) = &node.v else {
            self.err(node.line, "", format!("verwacht een object ({}), gevonden {}", t.noun(), node.kind()));
            return None;
        };
        let cols = t.cols();
        let mut row = Row::new(t, self.src, node.line);
        let mut lines = vec![0u32; cols.len()];
        {
            let no_alias = |_: u16, n: &'static str| n;
            let mut ctx = Ctx {
                files: &self.tables.files,
                diag: self.diag,
                alias: &no_alias,
                interner: &mut self.tables.interner,
            };
            for (k, v) in kv {
                let Some(i) = cols.iter().position(|c| c.name == k) else {
                    // a field loket has no column for: kept when it is a plain value
                    let text = match &v.v {
                        JV::Str(s) => Some(s.clone()),
                        JV::Num(n) => Some(n.clone()),
                        JV::Bool(b) => Some(b.to_string()),
                        _ => None,
                    };
                    if let Some(text) = text {
                        row.push_extra(k.as_str().into(), text.into());
                    }
                    continue;
                };
                lines[i] = v.line;
                match &v.v {
                    JV::Null => {}
                    JV::Str(s) | JV::Num(s) => set_cell(&mut ctx, t, &mut row, i, s, v.line),
                    JV::Bool(b) => set_cell(&mut ctx, t, &mut row, i, if *b { "true" } else { "false" }, v.line),
                    other => {
                        let found = JN { line: v.line, v: other.clone() };
                        let numeric = matches!(cols[i].ty, Ty::Int | Ty::Num);
                        let want = if numeric { "een getal" } else { "tekst" };
                        let msg = format!("verwacht {want}, gevonden {}", found.kind());
                        if cols[i].required {
                            ctx.diag.error(ctx.files, self.src, v.line, k, msg);
                            mark_invalid(&mut row, i);
                        } else {
                            ctx.diag.warn(
                                "ongeldige waarden weggelaten",
                                ctx.files,
                                self.src,
                                v.line,
                                k,
                                format!("{msg}; weggelaten"),
                            );
                        }
                    }
                }
            }
            for (name, val) in parent {
                let i = t.col(name);
                if row.vals[i].is_none() && !val.is_empty() {
                    row.set(i, *val);
                }
            }
            row.lines = Some(lines.into_boxed_slice());
            row.embedded = embedded;
            check_row(&mut ctx, t, &mut row, false);
        }
        let id = row.opt(0).map(str::to_string);
        // the same term nested in many attributes: one row (the fullest copy)
        if embedded && matches!(t, T::TaxonomyTerms | T::Taxonomies) {
            if let Some(i) = id.as_ref().and_then(|i| self.tables.embedded.get(&(t, i.clone()))) {
                let prev = &self.tables.t(t)[*i];
                if prev.filled() >= row.filled() && !row.bad {
                    return id;
                }
            }
            if let Some(i) = &id {
                let n = self.tables.t(t).len();
                self.tables.embedded.insert((t, i.clone()), n);
            }
        }
        self.tables.t_mut(t).push(row);
        id
    }

    /// Keep the source object of a service or organization (the first one read for an id, an
    /// organization's own record before one nested in a service).
    fn keep_raw(&mut self, t: T, id: &str, node: &JN) {
        let key = (t, id.to_string());
        let own = !self.tables.t(t).last().is_some_and(|r| r.embedded);
        let replace = match self.tables.raw.contains_key(&key) {
            false => true,
            true => own && !self.tables.raw_own.contains(&key),
        };
        if !replace {
            return;
        }
        if own {
            self.tables.raw_own.insert(key.clone());
        }
        let raw = match &self.top {
            Some((p, path, off, len)) if *p == node as *const JN as usize => Raw::At(path.clone(), *off, *len),
            _ => Raw::Text(super::model::compact_text(&super::jsonparse::to_value(node))),
        };
        self.tables.raw.insert(key, raw);
    }

    /// Visit each element of the list under `key`.
    fn list<'j>(&mut self, node: &'j JN, key: &str) -> Vec<&'j JN> {
        match node.get(key) {
            None => Vec::new(),
            Some(JN { v: JV::Null, .. }) => Vec::new(),
            Some(JN { v: JV::Arr(xs), .. }) => xs.iter().collect(),
            Some(other) => {
                self.err(other.line, key, format!("verwacht een lijst, gevonden {}", other.kind()));
                Vec::new()
            }
        }
    }

    fn object<'j>(&mut self, node: &'j JN, key: &str) -> Option<&'j JN> {
        match node.get(key) {
            None | Some(JN { v: JV::Null, .. }) => None,
            Some(o @ JN { v: JV::Obj(_), .. }) => Some(o),
            Some(other) => {
                self.err(other.line, key, format!("verwacht een object, gevonden {}", other.kind()));
                None
            }
        }
    }

    fn attributes(&mut self, node: &JN, link_id: &str, entity: &'static str) {
        for a in self.list(node, "attributes") {
            let term_id = self.object(a, "taxonomy_term").and_then(|t| self.term(t, true));
            let term_id = term_id.unwrap_or_default();
            self.row(
                T::Attributes,
                a,
                &[("link_id", link_id), ("link_entity", entity), ("taxonomy_term_id", &term_id)],
                false,
            );
        }
    }

    fn term(&mut self, node: &JN, embedded: bool) -> Option<String> {
        let tax = self.object(node, "taxonomy_detail").and_then(|t| self.row(T::Taxonomies, t, &[], true));
        self.row(T::TaxonomyTerms, node, &[("taxonomy_id", tax.as_deref().unwrap_or(""))], embedded)
    }

    fn service(&mut self, node: &JN, parent: &[(&'static str, &str)], embedded: bool) -> Option<String> {
        let org = self.object(node, "organization").and_then(|o| self.organization(o, true));
        let mut p: Vec<(&'static str, &str)> = parent.to_vec();
        if let Some(o) = &org {
            p.push(("organization_id", o));
        }
        let id = self.row(T::Services, node, &p, embedded)?;
        self.keep_raw(T::Services, &id, node);
        let sid = [("service_id", id.as_str())];
        for x in self.list(node, "phones") {
            self.row(T::Phones, x, &sid, false);
        }
        for x in self.list(node, "schedules") {
            self.row(T::Schedules, x, &sid, false);
        }
        for x in self.list(node, "service_areas") {
            self.row(T::ServiceAreas, x, &sid, false);
        }
        for x in self.list(node, "languages") {
            self.row(T::Languages, x, &sid, false);
        }
        for x in self.list(node, "required_documents") {
            self.row(T::RequiredDocuments, x, &sid, false);
        }
        for x in self.list(node, "cost_options") {
            if let Some(co) = self.row(T::CostOptions, x, &sid, false) {
                self.attributes(x, &co, "cost_option");
            }
        }
        for x in self.list(node, "service_at_locations") {
            self.sal(x, &sid);
        }
        self.attributes(node, &id, "service");
        Some(id)
    }

    fn sal(&mut self, node: &JN, parent: &[(&'static str, &str)]) -> Option<String> {
        let loc = self.object(node, "location").and_then(|l| self.location(l, &[], true));
        // a service_at_location object on its own (an API response) carries its service
        let svc = if parent.is_empty() {
            self.object(node, "service").and_then(|s| self.service(s, &[], true))
        } else {
            None
        };
        let mut p = parent.to_vec();
        if let Some(s) = &svc {
            p.push(("service_id", s));
        }
        if let Some(l) = &loc {
            p.push(("location_id", l));
        }
        let id = self.row(T::ServiceAtLocation, node, &p, false)?;
        let s = [("service_at_location_id", id.as_str())];
        for x in self.list(node, "phones") {
            self.row(T::Phones, x, &s, false);
        }
        for x in self.list(node, "schedules") {
            self.row(T::Schedules, x, &s, false);
        }
        Some(id)
    }

    fn location(&mut self, node: &JN, parent: &[(&'static str, &str)], embedded: bool) -> Option<String> {
        let id = self.row(T::Locations, node, parent, embedded)?;
        let l = [("location_id", id.as_str())];
        for x in self.list(node, "addresses") {
            self.row(T::Addresses, x, &l, false);
        }
        for x in self.list(node, "phones") {
            self.row(T::Phones, x, &l, false);
        }
        for x in self.list(node, "schedules") {
            self.row(T::Schedules, x, &l, false);
        }
        for x in self.list(node, "languages") {
            self.row(T::Languages, x, &l, false);
        }
        self.attributes(node, &id, "location");
        Some(id)
    }

    fn organization(&mut self, node: &JN, embedded: bool) -> Option<String> {
        let id = self.row(T::Organizations, node, &[], embedded)?;
        self.keep_raw(T::Organizations, &id, node);
        let o = [("organization_id", id.as_str())];
        for x in self.list(node, "phones") {
            self.row(T::Phones, x, &o, false);
        }
        for x in self.list(node, "locations") {
            self.location(x, &o, false);
        }
        for x in self.list(node, "contacts") {
            if let Some(cid) = self.row(T::Contacts, x, &o, false) {
                for p in self.list(x, "phones") {
                    self.row(T::Phones, p, &[("contact_id", cid.as_str())], false);
                }
            }
        }
        self.attributes(node, &id, "organization");
        for x in self.list(node, "services") {
            self.service(x, &o, false);
        }
        Some(id)
    }
}

//! The flat HSDS 3.0 tables that every reader fills (JSON, 3.0 tabular, 1.x/2.0 tabular) and the
//! exporter writes: one row per record, values as normalised strings, with file and line kept
//! for messages.

use std::collections::HashSet;
use std::rc::Rc;

/// The value type of a column, checked on import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Text,
    /// An identifier (a reference or the record's own id).
    Id,
    /// A whole number.
    Int,
    /// A decimal number.
    Num,
    /// `YYYY-MM-DD`.
    Date,
    /// ISO 8601 date-time.
    DateTime,
    /// `HH:MM` (also `HH:MM:SS`, and tolerated `9:00am`).
    Time,
    /// One of these values (compared lower-case).
    Enum(&'static [&'static str]),
}

#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub ty: Ty,
    /// A missing value is an error.
    pub required: bool,
}

const fn c(name: &'static str, ty: Ty) -> Col {
    Col { name, ty, required: false }
}
const fn r(name: &'static str, ty: Ty) -> Col {
    Col { name, ty, required: true }
}

use Ty::*;

pub const STATUS: &[&str] = &["active", "inactive", "defunct", "temporarily closed"];
pub const LOCATION_TYPE: &[&str] = &["physical", "postal", "virtual"];
pub const WKST: &[&str] = &["mo", "tu", "we", "th", "fr", "sa", "su"];
pub const FREQ: &[&str] = &["weekly", "monthly"];

/// The HSDS 3.0 tables loket reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T {
    Organizations,
    Services,
    Locations,
    ServiceAtLocation,
    Addresses,
    Phones,
    Schedules,
    CostOptions,
    RequiredDocuments,
    Languages,
    ServiceAreas,
    Taxonomies,
    TaxonomyTerms,
    Attributes,
    /// Named contacts; loket keeps an organization's first as its contact person.
    Contacts,
}

impl T {
    pub const ALL: [T; 15] = [
        T::Organizations,
        T::Services,
        T::Locations,
        T::ServiceAtLocation,
        T::Addresses,
        T::Phones,
        T::Schedules,
        T::CostOptions,
        T::RequiredDocuments,
        T::Languages,
        T::ServiceAreas,
        T::Taxonomies,
        T::TaxonomyTerms,
        T::Attributes,
        T::Contacts,
    ];

    /// Resource name in a datapackage.
    pub fn name(self) -> &'static str {
        match self {
            T::Organizations => "organizations",
            T::Services => "services",
            T::Locations => "locations",
            T::ServiceAtLocation => "service_at_location",
            T::Addresses => "addresses",
            T::Phones => "phones",
            T::Schedules => "schedules",
            T::CostOptions => "cost_options",
            T::RequiredDocuments => "required_documents",
            T::Languages => "languages",
            T::ServiceAreas => "service_areas",
            T::Taxonomies => "taxonomies",
            T::TaxonomyTerms => "taxonomy_terms",
            T::Attributes => "attributes",
            T::Contacts => "contacts",
        }
    }

    /// The Dutch noun used in "verwijst naar onbekende …".
    pub fn noun(self) -> &'static str {
        match self {
            T::Organizations => "organisatie",
            T::Services => "dienst",
            T::Locations => "locatie",
            T::ServiceAtLocation => "dienst-op-locatie",
            T::Addresses => "adres",
            T::Phones => "telefoonnummer",
            T::Schedules => "openingstijd",
            T::CostOptions => "kostenoptie",
            T::RequiredDocuments => "document",
            T::Languages => "taal",
            T::ServiceAreas => "werkgebied",
            T::Taxonomies => "taxonomie",
            T::TaxonomyTerms => "taxonomieterm",
            T::Attributes => "attribuut",
            T::Contacts => "contactpersoon",
        }
    }

    pub fn file(self) -> String {
        format!("{}.csv", self.name())
    }

    pub fn from_name(s: &str) -> Option<T> {
        T::ALL.into_iter().find(|t| t.name() == s)
    }

    /// All HSDS 3.0 scalar columns of the table, in the specification's order.
    pub fn cols(self) -> &'static [Col] {
        match self {
            T::Organizations => {
                const C: &[Col] = &[
                    r("id", Id),
                    r("name", Text),
                    c("alternate_name", Text),
                    c("description", Text),
                    c("email", Text),
                    c("website", Text),
                    c("tax_status", Text),
                    c("tax_id", Text),
                    c("year_incorporated", Num),
                    c("legal_status", Text),
                    c("logo", Text),
                    c("uri", Text),
                    c("parent_organization_id", Id),
                ];
                C
            }
            T::Services => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("organization_id", Id),
                    c("program_id", Id),
                    r("name", Text),
                    c("alternate_name", Text),
                    c("description", Text),
                    c("url", Text),
                    c("email", Text),
                    c("status", Enum(STATUS)),
                    c("interpretation_services", Text),
                    c("application_process", Text),
                    c("fees_description", Text),
                    c("wait_time", Text),
                    c("fees", Text),
                    c("accreditations", Text),
                    c("eligibility_description", Text),
                    c("minimum_age", Int),
                    c("maximum_age", Int),
                    c("assured_date", Date),
                    c("assurer_email", Text),
                    c("licenses", Text),
                    c("alert", Text),
                    c("last_modified", DateTime),
                ];
                C
            }
            T::Locations => {
                const C: &[Col] = &[
                    r("id", Id),
                    r("location_type", Enum(LOCATION_TYPE)),
                    c("url", Text),
                    c("organization_id", Id),
                    c("name", Text),
                    c("alternate_name", Text),
                    c("description", Text),
                    c("transportation", Text),
                    c("latitude", Num),
                    c("longitude", Num),
                    c("external_identifier", Text),
                    c("external_identifier_type", Text),
                ];
                C
            }
            T::ServiceAtLocation => {
                const C: &[Col] = &[r("id", Id), r("service_id", Id), r("location_id", Id), c("description", Text)];
                C
            }
            T::Addresses => {
                const C: &[Col] = &[
                    r("id", Id),
                    r("location_id", Id),
                    c("attention", Text),
                    c("address_1", Text),
                    c("address_2", Text),
                    c("city", Text),
                    c("region", Text),
                    c("state_province", Text),
                    c("postal_code", Text),
                    c("country", Text),
                    r("address_type", Enum(LOCATION_TYPE)),
                ];
                C
            }
            T::Phones => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("location_id", Id),
                    c("service_id", Id),
                    c("organization_id", Id),
                    c("contact_id", Id),
                    c("service_at_location_id", Id),
                    r("number", Text),
                    c("extension", Num),
                    c("type", Text),
                    c("description", Text),
                ];
                C
            }
            T::Schedules => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("service_id", Id),
                    c("location_id", Id),
                    c("service_at_location_id", Id),
                    c("valid_from", Text),
                    c("valid_to", Text),
                    c("dtstart", Text),
                    c("timezone", Num),
                    c("until", Text),
                    c("count", Num),
                    c("wkst", Enum(WKST)),
                    c("freq", Enum(FREQ)),
                    c("interval", Num),
                    c("byday", Text),
                    c("byweekno", Text),
                    c("bymonthday", Text),
                    c("byyearday", Text),
                    c("description", Text),
                    c("opens_at", Time),
                    c("closes_at", Time),
                    c("schedule_link", Text),
                    c("attending_type", Text),
                    c("notes", Text),
                ];
                C
            }
            T::CostOptions => {
                const C: &[Col] = &[
                    r("id", Id),
                    r("service_id", Id),
                    c("valid_from", Text),
                    c("valid_to", Text),
                    c("option", Text),
                    c("currency", Text),
                    c("amount", Num),
                    c("amount_description", Text),
                ];
                C
            }
            T::RequiredDocuments => {
                const C: &[Col] = &[r("id", Id), r("service_id", Id), r("document", Text), c("uri", Text)];
                C
            }
            T::Languages => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("service_id", Id),
                    c("location_id", Id),
                    c("phone_id", Id),
                    c("name", Text),
                    c("code", Text),
                    c("note", Text),
                ];
                C
            }
            T::ServiceAreas => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("service_id", Id),
                    c("name", Text),
                    c("description", Text),
                    c("extent", Text),
                    c("extent_type", Text),
                    c("uri", Text),
                ];
                C
            }
            T::Taxonomies => {
                const C: &[Col] =
                    &[r("id", Id), r("name", Text), c("description", Text), c("uri", Text), c("version", Text)];
                C
            }
            T::TaxonomyTerms => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("code", Text),
                    r("name", Text),
                    c("description", Text),
                    c("parent_id", Id),
                    c("taxonomy", Text),
                    c("language", Text),
                    c("taxonomy_id", Id),
                    c("term_uri", Text),
                ];
                C
            }
            T::Attributes => {
                const C: &[Col] = &[
                    r("id", Id),
                    r("link_id", Id),
                    r("taxonomy_term_id", Id),
                    c("link_type", Text),
                    c("link_entity", Text),
                    c("value", Text),
                ];
                C
            }
            T::Contacts => {
                const C: &[Col] = &[
                    r("id", Id),
                    c("organization_id", Id),
                    c("service_id", Id),
                    c("service_at_location_id", Id),
                    c("location_id", Id),
                    c("name", Text),
                    c("title", Text),
                    c("department", Text),
                    c("email", Text),
                ];
                C
            }
        }
    }

    /// Column index by name (panics on a typo: the names are compile-time constants).
    pub fn col(self, name: &str) -> usize {
        self.cols()
            .iter()
            .position(|c| c.name == name)
            .unwrap_or_else(|| panic!("kolom {name} bestaat niet in {}", self.name()))
    }

    /// A table whose rows only add to a record of another table (a phone, a schedule…): an
    /// empty or repeated id gets a generated one, and a row that belongs to nothing is dropped.
    pub fn is_child(self) -> bool {
        !matches!(self, T::Organizations | T::Services | T::Locations | T::Taxonomies | T::TaxonomyTerms)
    }

    /// The references that say what a child row belongs to.
    pub fn owner_cols(self) -> &'static [&'static str] {
        match self {
            T::Addresses => &["location_id"],
            T::Phones => &["service_id", "location_id", "organization_id", "service_at_location_id", "contact_id"],
            T::Contacts => &["organization_id", "service_id", "location_id", "service_at_location_id"],
            T::Schedules => &["service_id", "location_id", "service_at_location_id"],
            T::CostOptions | T::RequiredDocuments | T::ServiceAreas => &["service_id"],
            T::Languages => &["service_id", "location_id"],
            T::Attributes => &["link_id"],
            T::ServiceAtLocation => &["service_id", "location_id"],
            _ => &[],
        }
    }

    /// A child row that belongs to nothing: no owner reference (a service-at-location needs both).
    pub fn orphan(self, row: &Row) -> bool {
        let owners = self.owner_cols();
        if owners.is_empty() {
            return false;
        }
        let set = |n: &&str| row.opt(self.col(n)).is_some();
        if self == T::ServiceAtLocation {
            !owners.iter().all(set)
        } else {
            !owners.iter().any(set)
        }
    }

    /// Fields required by the HSDS 3.0 JSON schema (written even when empty).
    pub fn schema_required(self) -> &'static [&'static str] {
        match self {
            T::Organizations => &["id", "name", "description"],
            T::Services => &["id", "name", "status"],
            T::Locations => &["id", "location_type"],
            T::Addresses => &["id", "address_1", "city", "state_province", "postal_code", "country", "address_type"],
            T::Phones => &["id", "number"],
            T::Taxonomies | T::TaxonomyTerms => &["id", "name", "description"],
            _ => &["id"],
        }
    }
}

/// Shares the allocation of short values that repeat (references, codes, "physical", "NL"…):
/// a 100k-service package has a million attribute rows that mostly repeat a few values.
#[derive(Debug, Default)]
pub struct Interner {
    set: HashSet<Rc<str>>,
}

impl Interner {
    /// Values longer than this are rarely repeated: not interned.
    const MAX: usize = 40;

    pub fn get(&mut self, s: &str) -> Rc<str> {
        if s.len() > Self::MAX {
            return s.into();
        }
        if let Some(r) = self.set.get(s) {
            return r.clone();
        }
        let r: Rc<str> = s.into();
        self.set.insert(r.clone());
        r
    }
}

/// Fields of a row that are no column of its table: (name, value).
pub type Extra = Vec<(Rc<str>, Rc<str>)>;

/// One record.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into [`Tables::files`].
    pub src: u16,
    /// Line of the record (CSV: header is line 1; JSON: the line of the object's `{`).
    pub line: u32,
    /// Values; short repeated ones share one allocation (see [`Interner`]).
    pub vals: Box<[Option<Rc<str>>]>,
    /// Per-column line (JSON only).
    pub lines: Option<Box<[u32]>>,
    /// Came nested inside another object (JSON); duplicates of it are silent.
    pub embedded: bool,
    /// Had an error; not imported.
    pub bad: bool,
    /// A duplicate of an earlier row; ignored.
    pub skip: bool,
    /// Columns (CSV) or scalar fields (JSON) that are not HSDS 3.0 columns of the table, `x_`
    /// extensions among them: (name as in the source, value), kept and written back.
    pub extra: Option<Box<Extra>>,
    /// Made by the import: an organisation the source lacks, named by the id its services
    /// point at.
    pub placeholder: bool,
}

impl Row {
    pub fn new(t: T, src: u16, line: u32) -> Row {
        Row {
            src,
            line,
            vals: vec![None; t.cols().len()].into_boxed_slice(),
            lines: None,
            embedded: false,
            bad: false,
            skip: false,
            extra: None,
            placeholder: false,
        }
    }
    /// Keep a field that is not an HSDS 3.0 column of the table.
    pub fn push_extra(&mut self, name: Rc<str>, value: Rc<str>) {
        self.extra.get_or_insert_with(Default::default).push((name, value));
    }
    pub fn get(&self, i: usize) -> &str {
        self.vals[i].as_deref().unwrap_or("")
    }
    pub fn opt(&self, i: usize) -> Option<&str> {
        self.vals[i].as_deref().filter(|s| !s.is_empty())
    }
    pub fn set(&mut self, i: usize, v: impl Into<Rc<str>>) {
        let v: Rc<str> = v.into();
        self.vals[i] = if v.is_empty() { None } else { Some(v) };
    }
    pub fn line_of(&self, i: usize) -> u32 {
        self.lines.as_ref().map(|l| l[i]).filter(|&l| l > 0).unwrap_or(self.line)
    }
    pub fn filled(&self) -> usize {
        self.vals.iter().filter(|v| v.is_some()).count()
    }
    pub fn usable(&self) -> bool {
        !self.bad && !self.skip
    }
}

/// A source object: its text, or where it is in a file read in pieces (read again when needed,
/// so a large file's objects are not all in memory at once).
#[derive(Debug, Clone)]
pub enum Raw {
    Text(String),
    At(Rc<std::path::Path>, u64, usize),
}

impl Raw {
    /// The source object as compact JSON text (read again from its file when it is there).
    pub fn text(&self) -> Option<String> {
        match self {
            Raw::Text(s) => Some(s.clone()),
            Raw::At(path, off, len) => {
                use std::io::{Read, Seek};
                let mut f = std::fs::File::open(path).ok()?;
                f.seek(std::io::SeekFrom::Start(*off)).ok()?;
                let mut buf = vec![0u8; *len];
                f.read_exact(&mut buf).ok()?;
                let dec = super::text::decode(&buf);
                let node = super::jsonparse::parse_at(&dec.text, 1).ok()?;
                Some(compact_text(&super::jsonparse::to_value(&node)))
            }
        }
    }
    /// [`Raw::text`], without a copy of a text held in memory.
    pub fn into_text(self) -> Option<String> {
        match self {
            Raw::Text(s) => Some(s),
            at => at.text(),
        }
    }
}

/// A JSON value as compact text, its buffer no larger than the text (a record keeps it: the
/// doubling growth of the writer would leave up to half of it unused).
pub fn compact_text(v: &serde_json::Value) -> String {
    let mut s = v.to_string();
    s.shrink_to_fit();
    s
}

/// All tables of one import, with the files they came from.
#[derive(Debug, Default)]
pub struct Tables {
    pub files: Vec<String>,
    pub rows: [Vec<Row>; 15],
    /// Field names as the source file spells them, when it differs (1.x layout): (src, 3.0 name) → name.
    pub aliases: Vec<(u16, &'static str, &'static str)>,
    pub interner: Interner,
    /// The source objects of a JSON import, compact: (table, id) → JSON text, for the
    /// services and organizations (see `loket_domain::kaart::Hsds`).
    pub raw: std::collections::HashMap<(T, String), Raw>,
    /// Nested taxonomy terms and taxonomies read so far: (table, id) → row.
    pub embedded: std::collections::HashMap<(T, String), usize>,
    /// The keys of `raw` that came from the record itself, not from a copy nested in another.
    pub raw_own: HashSet<(T, String)>,
    /// The temporary file that source objects made by the import were written to (see
    /// `mapping::source_objects`); removed when the tables go.
    pub tijdelijk: Option<tempfile::NamedTempFile>,
}

impl Tables {
    pub fn file_id(&mut self, name: &str) -> u16 {
        if let Some(i) = self.files.iter().position(|f| f == name) {
            return i as u16;
        }
        self.files.push(name.to_string());
        (self.files.len() - 1) as u16
    }
    /// The source object of a record, as compact JSON text.
    pub fn raw_text(&self, t: T, id: &str) -> Option<String> {
        self.raw.get(&(t, id.to_string()))?.text()
    }
    /// The index of a file already read (u16::MAX when it was not).
    pub fn file_id_of(&self, name: &str) -> u16 {
        self.files.iter().position(|f| f == name).map(|i| i as u16).unwrap_or(u16::MAX)
    }
    pub fn t(&self, t: T) -> &Vec<Row> {
        &self.rows[t as usize]
    }
    pub fn t_mut(&mut self, t: T) -> &mut Vec<Row> {
        &mut self.rows[t as usize]
    }
    /// The name of a field as the user sees it in their file.
    pub fn field_name(&self, src: u16, name: &'static str) -> &'static str {
        self.aliases.iter().find(|(s, n, _)| *s == src && *n == name).map(|a| a.2).unwrap_or(name)
    }
    pub fn total_rows(&self) -> usize {
        self.rows.iter().map(Vec::len).sum()
    }
}

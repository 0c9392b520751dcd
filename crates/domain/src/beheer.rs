//! Keeping the sociale kaart true: "klopt niet" reports from the desk, archiving,
//! the fields a beheerder corrected, and the history of every change.
//!
//! The upkeep of an entry lives beside the entry (its own stored type, keyed like the map:
//! `o/<id>`, `v/<id>`, `r/<id>`), so the map's records keep their shape. History entries are
//! stored on their own, one per change, oldest first.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::hours::OpeningHours;
use super::kaart::{
    Contactpersoon, Kaart, Kosten, KostenSoort, Locatie, Organisatie, Regeling, Telefoon, Toegang, Voorziening, Wet,
};

/// Longest text a field takes (the importer's limit, characters).
pub const MAX_TEXT: usize = 20_000;

/// "Klopt niet": what a desk worker noticed about an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Melding {
    pub tekst: String,
    pub door: String,
    pub op: NaiveDateTime,
}

/// An entry that is no longer offered: hidden from search, kept for history and reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archief {
    pub op: NaiveDate,
    pub door: String,
    /// "vervallen" (by the beheerder), "niet meer in de bron" (by a re-import).
    pub reden: String,
}

/// The upkeep of one entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Beheer {
    /// `o/<id>`, `v/<id>` or `r/<id>`.
    pub sleutel: String,
    /// Open "klopt niet" reports, oldest first (cleared when the beheerder deals with them).
    pub meldingen: Vec<Melding>,
    pub gearchiveerd: Option<Archief>,
    /// Fields the beheerder corrected in loket (field names, see [`velden`]): a re-import from
    /// the source keeps these and lists the difference as a conflict.
    pub gecorrigeerd: Vec<String>,
}

impl Beheer {
    pub fn new(sleutel: &str) -> Beheer {
        Beheer { sleutel: sleutel.to_string(), ..Beheer::default() }
    }

    /// Add a "klopt niet" report; returns its history line (`beheer_voor`: this upkeep's stored
    /// bytes from before, empty when it had none). Both stores call this inside their transaction.
    pub fn meld(&mut self, melding: &Melding, beheer_voor: Vec<u8>) -> Wijziging {
        self.meldingen.push(melding.clone());
        Wijziging {
            sleutel: self.sleutel.clone(),
            op: melding.op,
            door: melding.door.clone(),
            soort: Soort::Gemeld,
            velden: vec![VeldWijziging { veld: "melding".into(), oud: String::new(), nieuw: melding.tekst.clone() }],
            record_voor: Vec::new(),
            beheer_voor,
        }
    }
}

/// What happened to an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Soort {
    Gemeld,
    Geverifieerd,
    Gewijzigd,
    Nieuw,
    Vervallen,
    Ongedaan,
    /// Changed by a re-import from the source system.
    Import,
}

impl Soort {
    pub fn label(self) -> &'static str {
        match self {
            Soort::Gemeld => "klopt niet gemeld",
            Soort::Geverifieerd => "gebeld, klopt",
            Soort::Gewijzigd => "gewijzigd",
            Soort::Nieuw => "nieuw",
            Soort::Vervallen => "vervallen",
            Soort::Ongedaan => "ongedaan gemaakt",
            Soort::Import => "import",
        }
    }
}

/// One field changed: old and new value as shown in the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VeldWijziging {
    pub veld: String,
    pub oud: String,
    pub nieuw: String,
}

/// One change of an entry: who, when, what (fields old → new), and enough to undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wijziging {
    pub sleutel: String,
    pub op: NaiveDateTime,
    pub door: String,
    pub soort: Soort,
    pub velden: Vec<VeldWijziging>,
    /// The entry before the change as stored bytes (versioned, see `store::codec`); empty when
    /// the entry was new or did not change.
    pub record_voor: Vec<u8>,
    /// The upkeep before the change (stored bytes of [`Beheer`]).
    pub beheer_voor: Vec<u8>,
}

/// A beheerder's change, written in one transaction: the records (new versions, may be none),
/// the upkeep of the entries, and the history lines. The map's version goes up, so other desks
/// pick it up.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BeheerSchrijf {
    pub kaart: Kaart,
    pub staten: Vec<Beheer>,
    pub historie: Vec<Wijziging>,
}

/// An entry of the map, of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Organisatie(Organisatie),
    Voorziening(Voorziening),
    Regeling(Regeling),
}

/// The kinds of entry, for templates and new entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Organisatie,
    Voorziening,
    Regeling,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Organisatie => "organisatie",
            Kind::Voorziening => "voorziening",
            Kind::Regeling => "regeling",
        }
    }
    pub fn prefix(self) -> &'static str {
        match self {
            Kind::Organisatie => "o",
            Kind::Voorziening => "v",
            Kind::Regeling => "r",
        }
    }
}

impl Record {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Organisatie(_) => Kind::Organisatie,
            Record::Voorziening(_) => Kind::Voorziening,
            Record::Regeling(_) => Kind::Regeling,
        }
    }
    pub fn id(&self) -> &str {
        match self {
            Record::Organisatie(o) => &o.id,
            Record::Voorziening(v) => &v.id,
            Record::Regeling(r) => &r.id,
        }
    }
    pub fn naam(&self) -> &str {
        match self {
            Record::Organisatie(o) => &o.naam,
            Record::Voorziening(v) => &v.naam,
            Record::Regeling(r) => &r.naam,
        }
    }
    pub fn sleutel(&self) -> String {
        format!("{}/{}", self.kind().prefix(), self.id())
    }
    pub fn organisatie_id(&self) -> &str {
        match self {
            Record::Organisatie(o) => &o.id,
            Record::Voorziening(v) => &v.organisatie_id,
            Record::Regeling(r) => &r.organisatie_id,
        }
    }
    pub fn laatst_geverifieerd(&self) -> Option<NaiveDate> {
        match self {
            Record::Organisatie(_) => None,
            Record::Voorziening(v) => v.laatst_geverifieerd,
            Record::Regeling(r) => r.laatst_geverifieerd,
        }
    }
    pub fn set_geverifieerd(&mut self, d: NaiveDate) {
        match self {
            Record::Organisatie(_) => {}
            Record::Voorziening(v) => v.laatst_geverifieerd = Some(d),
            Record::Regeling(r) => r.laatst_geverifieerd = Some(d),
        }
    }
    pub fn set_gewijzigd(&mut self, d: NaiveDate) {
        match self {
            Record::Organisatie(_) => {}
            Record::Voorziening(v) => v.laatst_gewijzigd = Some(d),
            Record::Regeling(r) => r.laatst_gewijzigd = Some(d),
        }
    }
    pub fn bron(&self) -> &super::kaart::Bron {
        match self {
            Record::Organisatie(o) => &o.bron,
            Record::Voorziening(v) => &v.bron,
            Record::Regeling(r) => &r.bron,
        }
    }
    pub fn set_bron(&mut self, b: super::kaart::Bron) {
        match self {
            Record::Organisatie(o) => o.bron = b,
            Record::Voorziening(v) => v.bron = b,
            Record::Regeling(r) => r.bron = b,
        }
    }
    /// A map holding only this record.
    pub fn into_kaart(self) -> Kaart {
        let mut k = Kaart::default();
        match self {
            Record::Organisatie(o) => k.organisaties.push(o),
            Record::Voorziening(v) => k.voorzieningen.push(v),
            Record::Regeling(r) => k.regelingen.push(r),
        }
        k
    }
    /// Every record of a map.
    /// The records of `kaart`, moved (no copy).
    pub fn uit(kaart: Kaart) -> Vec<Record> {
        let mut out = Vec::with_capacity(kaart.organisaties.len() + kaart.voorzieningen.len() + kaart.regelingen.len());
        out.extend(kaart.organisaties.into_iter().map(Record::Organisatie));
        out.extend(kaart.voorzieningen.into_iter().map(Record::Voorziening));
        out.extend(kaart.regelingen.into_iter().map(Record::Regeling));
        out
    }

    pub fn all(kaart: &Kaart) -> Vec<Record> {
        kaart
            .organisaties
            .iter()
            .cloned()
            .map(Record::Organisatie)
            .chain(kaart.voorzieningen.iter().cloned().map(Record::Voorziening))
            .chain(kaart.regelingen.iter().cloned().map(Record::Regeling))
            .collect()
    }
}

/// One field of the edit form: its name (stable, used in history and corrections), its Dutch
/// label and its value as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Veld {
    pub naam: &'static str,
    pub label: &'static str,
    pub waarde: String,
    /// A hint shown under an empty field (the format).
    pub hint: &'static str,
}

fn v(naam: &'static str, label: &'static str, waarde: String, hint: &'static str) -> Veld {
    Veld { naam, label, waarde, hint }
}

fn telefoons(t: &[Telefoon]) -> String {
    t.iter().map(|t| t.nummer.as_str()).collect::<Vec<_>>().join(", ")
}

fn bedrag(k: &Kosten) -> String {
    k.bedrag_cent.map(|c| format!("{},{:02}", c / 100, c % 100)).unwrap_or_default()
}

fn eerste_locatie(l: &[Locatie]) -> Locatie {
    l.first().cloned().unwrap_or_default()
}

const CODES_WET: &str = "wmo, jeugdwet, participatiewet, woningwet, welzijn, wlz, zvw";
const CODES_TOEGANG: &str = "vrij, algemene_voorziening, maatwerk_melding, indicatie_ciz, huisarts_verzekeraar";
const CODES_KOSTEN: &str = "gratis, eigen_bijdrage, abonnementstarief, verzekerd";

/// The fields of the edit form for a record, in form order.
pub fn velden(r: &Record) -> Vec<Veld> {
    match r {
        Record::Organisatie(o) => vec![
            v("naam", "Naam", o.naam.clone(), "verplicht"),
            v("telefoon", "Telefoon", telefoons(&o.telefoon), "bv. 050 367 4000, meerdere met komma"),
            v("email", "E-mail", o.email.clone(), "bv. info@aanbieder.nl"),
            v("website", "Website", o.website.clone(), "https://…"),
            v("straat", "Straat + nr", o.adres.straat.clone(), ""),
            v("postcode", "Postcode", o.adres.postcode.clone(), "1234 AB"),
            v("plaats", "Plaats", o.adres.plaats.clone(), ""),
            v("gemeente", "Gemeente", o.gemeente.clone(), ""),
            v("beschrijving", "Beschrijving", o.beschrijving.clone(), ""),
            v(
                "contact_naam",
                "Contactpersoon",
                o.contactpersoon.naam.clone(),
                "wie de kaart bijhoudt bij de aanbieder",
            ),
            v("contact_functie", "Functie", o.contactpersoon.functie.clone(), "bv. teamleider"),
            v("contact_telefoon", "Tel. contact", telefoons(&o.contactpersoon.telefoon), "bv. 06 1234 5678"),
            v("contact_email", "E-mail contact", o.contactpersoon.email.clone(), "bv. naam@aanbieder.nl"),
        ],
        Record::Voorziening(x) => {
            let l = eerste_locatie(&x.locaties);
            vec![
                v("naam", "Naam", x.naam.clone(), "verplicht"),
                v("organisatie_id", "Organisatie", x.organisatie_id.clone(), "id van de aanbieder (verplicht)"),
                v("categorie", "Categorie", x.categorie.clone(), "bv. dagbesteding"),
                v("wet", "Wet", x.wet.code().to_string(), CODES_WET),
                v("toegang", "Toegang", x.toegang.code().to_string(), CODES_TOEGANG),
                v("telefoon", "Telefoon", telefoons(&x.telefoon), "bv. 050 367 4000, meerdere met komma"),
                v("email", "E-mail", x.email.clone(), "bv. info@aanbieder.nl"),
                v("website", "Website", x.website.clone(), "https://…"),
                v("locatie", "Locatie (naam)", l.naam.clone(), ""),
                v("straat", "Straat + nr", l.adres.straat.clone(), ""),
                v("postcode", "Postcode", l.adres.postcode.clone(), "1234 AB"),
                v("plaats", "Plaats", l.adres.plaats.clone(), ""),
                v("gemeente", "Gemeente", l.gemeente.clone(), ""),
                v(
                    "openingstijden",
                    "Openingstijden",
                    x.openingstijden.to_lines().join("; "),
                    "bv. ma-vr 09:00-17:00; za 10:00-12:00",
                ),
                v("kosten", "Kosten", x.kosten.soort.code().to_string(), CODES_KOSTEN),
                v("bedrag", "Bedrag (€)", bedrag(&x.kosten), "bv. 19,70"),
                v("eenheid", "Per", x.kosten.eenheid.clone(), "bv. per maand"),
                v("wachttijd", "Wachttijd", x.wachttijd.clone(), "bv. ongeveer 4 weken"),
                v("aanvraag", "Aanvragen", x.aanvraag.clone(), "hoe de cliënt het aanvraagt"),
                v("beschrijving", "Beschrijving", x.beschrijving.clone(), ""),
            ]
        }
        Record::Regeling(x) => vec![
            v("naam", "Naam", x.naam.clone(), "verplicht"),
            v("wet", "Wet", x.wet.code().to_string(), CODES_WET),
            v("artikel", "Artikel", x.artikel.clone(), "bv. art. 2.3.5 Wmo 2015"),
            v("toegang", "Toegang", x.toegang.code().to_string(), CODES_TOEGANG),
            v("organisatie_id", "Organisatie", x.organisatie_id.clone(), "id van de organisatie waar men aanvraagt"),
            v("voor_wie", "Voor wie", x.voor_wie.clone(), ""),
            v("waar_aanvragen", "Waar aanvragen", x.waar_aanvragen.clone(), ""),
            v("hoe_aanvragen", "Hoe aanvragen", x.hoe_aanvragen.clone(), ""),
            v("wat_zeggen", "Wat zeggen", x.wat_zeggen.clone(), ""),
            v("kosten", "Kosten", x.kosten.soort.code().to_string(), CODES_KOSTEN),
            v("bedrag", "Bedrag (€)", bedrag(&x.kosten), "bv. 19,70"),
            v("eenheid", "Per", x.kosten.eenheid.clone(), "bv. per maand"),
            v("beschrijving", "Beschrijving", x.beschrijving.clone(), ""),
        ],
    }
}

/// A template (*sjabloon*) per kind: a new entry with the fields a desk needs set to their
/// usual values, and a fresh id.
pub fn sjabloon(kind: Kind, id: &str, bron: &str) -> Record {
    let b = super::kaart::Bron { soort: "handmatig".into(), naam: bron.to_string() };
    match kind {
        Kind::Organisatie => Record::Organisatie(Organisatie { id: id.into(), bron: b, ..Default::default() }),
        Kind::Voorziening => Record::Voorziening(Voorziening {
            id: id.into(),
            wet: Wet::Wmo,
            toegang: Toegang::AlgemeneVoorziening,
            openingstijden: OpeningHours::parse(&["ma-vr 09:00-17:00".to_string()]).unwrap_or_default(),
            kosten: Kosten { soort: KostenSoort::Gratis, ..Default::default() },
            bron: b,
            ..Default::default()
        }),
        Kind::Regeling => Record::Regeling(Regeling {
            id: id.into(),
            wet: Wet::Wmo,
            toegang: Toegang::MaatwerkMelding,
            bron: b,
            ..Default::default()
        }),
    }
}

/// Per field, what is wrong (Dutch), as the importer says it.
pub type Fouten = Vec<(&'static str, String)>;

fn tekst(fouten: &mut Fouten, naam: &'static str, s: &str) -> String {
    let t = s.trim();
    if t.chars().count() > MAX_TEXT {
        fouten.push((naam, format!("te lang: {} tekens (hoogstens {MAX_TEXT})", t.chars().count())));
    }
    t.to_string()
}

fn parse_telefoons(fouten: &mut Fouten, naam: &'static str, s: &str) -> Vec<Telefoon> {
    let mut out = Vec::new();
    for n in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let digits = n.chars().filter(|c| c.is_ascii_digit()).count();
        let ok = n.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)) && (3..=15).contains(&digits);
        if !ok {
            fouten.push((naam, format!("geen telefoonnummer: '{n}' (cijfers, spaties, + - en haakjes)")));
        }
        out.push(Telefoon { nummer: n.to_string(), omschrijving: String::new() });
    }
    out
}

fn email_ok(fouten: &mut Fouten, naam: &'static str, s: &str) -> String {
    let t = s.trim();
    if !t.is_empty() {
        let ok = t.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !t.contains(' '));
        if !ok {
            fouten.push((naam, format!("geen e-mailadres: '{t}'")));
        }
    }
    t.to_string()
}

fn parse_bedrag(fouten: &mut Fouten, s: &str) -> Option<u32> {
    let t = s.trim().trim_start_matches('€').trim();
    if t.is_empty() {
        return None;
    }
    let norm = t.replace(',', ".");
    match norm.parse::<f64>() {
        Ok(f) if f.is_finite() && (0.0..1_000_000.0).contains(&f) => Some((f * 100.0).round() as u32),
        _ => {
            fouten.push(("bedrag", format!("geen getal: '{t}' (bv. 19,70)")));
            None
        }
    }
}

fn enum_code<T>(
    fouten: &mut Fouten,
    naam: &'static str,
    s: &str,
    allowed: &str,
    f: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let r = f(s);
    if r.is_none() {
        fouten.push((naam, format!("ongeldige waarde '{}' (toegestaan: {allowed})", s.trim())));
    }
    r
}

fn waarde<'a>(form: &'a [Veld], naam: &str) -> &'a str {
    form.iter().find(|v| v.naam == naam).map(|v| v.waarde.as_str()).unwrap_or("")
}

/// Apply the form to `base` (the record being edited, or a template): the new record, or the
/// errors per field. `bestaat` tells whether an organisation id is on the map.
pub fn toepassen(base: &Record, form: &[Veld], bestaat: &dyn Fn(&str) -> bool) -> Result<Record, Fouten> {
    let mut f = Fouten::new();
    let w = |n: &str| waarde(form, n);
    let naam = tekst(&mut f, "naam", w("naam"));
    if naam.is_empty() {
        f.push(("naam", "verplicht veld ontbreekt".into()));
    }
    let mut out = base.clone();
    match &mut out {
        Record::Organisatie(o) => {
            o.naam = naam;
            o.telefoon = parse_telefoons(&mut f, "telefoon", w("telefoon"));
            o.email = email_ok(&mut f, "email", w("email"));
            o.website = tekst(&mut f, "website", w("website"));
            o.adres.straat = tekst(&mut f, "straat", w("straat"));
            o.adres.postcode = tekst(&mut f, "postcode", w("postcode"));
            o.adres.plaats = tekst(&mut f, "plaats", w("plaats"));
            o.gemeente = tekst(&mut f, "gemeente", w("gemeente"));
            o.beschrijving = tekst(&mut f, "beschrijving", w("beschrijving"));
            let cp = &mut o.contactpersoon;
            cp.naam = tekst(&mut f, "contact_naam", w("contact_naam"));
            cp.functie = tekst(&mut f, "contact_functie", w("contact_functie"));
            cp.telefoon = parse_telefoons(&mut f, "contact_telefoon", w("contact_telefoon"));
            cp.email = email_ok(&mut f, "contact_email", w("contact_email"));
        }
        Record::Voorziening(x) => {
            x.naam = naam;
            x.organisatie_id = w("organisatie_id").trim().to_string();
            if x.organisatie_id.is_empty() {
                f.push(("organisatie_id", "verplicht veld ontbreekt".into()));
            } else if !bestaat(&x.organisatie_id) {
                f.push(("organisatie_id", format!("organisatie '{}' staat niet op de kaart", x.organisatie_id)));
            }
            x.categorie = tekst(&mut f, "categorie", w("categorie"));
            if let Some(v) = enum_code(&mut f, "wet", w("wet"), CODES_WET, Wet::from_code) {
                x.wet = v;
            }
            if let Some(v) = enum_code(&mut f, "toegang", w("toegang"), CODES_TOEGANG, Toegang::from_code) {
                x.toegang = v;
            }
            x.telefoon = parse_telefoons(&mut f, "telefoon", w("telefoon"));
            x.email = email_ok(&mut f, "email", w("email"));
            x.website = tekst(&mut f, "website", w("website"));
            let mut l = eerste_locatie(&x.locaties);
            l.naam = tekst(&mut f, "locatie", w("locatie"));
            l.adres.straat = tekst(&mut f, "straat", w("straat"));
            l.adres.postcode = tekst(&mut f, "postcode", w("postcode"));
            l.adres.plaats = tekst(&mut f, "plaats", w("plaats"));
            l.gemeente = tekst(&mut f, "gemeente", w("gemeente"));
            let leeg = l == Locatie::default();
            match (x.locaties.is_empty(), leeg) {
                (true, true) => {}
                (true, false) => x.locaties.push(l),
                (false, _) => x.locaties[0] = l,
            }
            let lines: Vec<String> =
                w("openingstijden").split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect();
            match OpeningHours::parse(&lines) {
                Ok(h) => x.openingstijden = h,
                Err(e) => f.push(("openingstijden", e.to_string())),
            }
            if let Some(k) = enum_code(&mut f, "kosten", w("kosten"), CODES_KOSTEN, KostenSoort::from_code) {
                x.kosten.soort = k;
            }
            x.kosten.bedrag_cent = parse_bedrag(&mut f, w("bedrag"));
            x.kosten.eenheid = tekst(&mut f, "eenheid", w("eenheid"));
            x.wachttijd = tekst(&mut f, "wachttijd", w("wachttijd"));
            x.aanvraag = tekst(&mut f, "aanvraag", w("aanvraag"));
            x.beschrijving = tekst(&mut f, "beschrijving", w("beschrijving"));
        }
        Record::Regeling(x) => {
            x.naam = naam;
            if let Some(v) = enum_code(&mut f, "wet", w("wet"), CODES_WET, Wet::from_code) {
                x.wet = v;
            }
            x.artikel = tekst(&mut f, "artikel", w("artikel"));
            if let Some(v) = enum_code(&mut f, "toegang", w("toegang"), CODES_TOEGANG, Toegang::from_code) {
                x.toegang = v;
            }
            x.organisatie_id = w("organisatie_id").trim().to_string();
            if !x.organisatie_id.is_empty() && !bestaat(&x.organisatie_id) {
                f.push(("organisatie_id", format!("organisatie '{}' staat niet op de kaart", x.organisatie_id)));
            }
            x.voor_wie = tekst(&mut f, "voor_wie", w("voor_wie"));
            x.waar_aanvragen = tekst(&mut f, "waar_aanvragen", w("waar_aanvragen"));
            x.hoe_aanvragen = tekst(&mut f, "hoe_aanvragen", w("hoe_aanvragen"));
            x.wat_zeggen = tekst(&mut f, "wat_zeggen", w("wat_zeggen"));
            if let Some(k) = enum_code(&mut f, "kosten", w("kosten"), CODES_KOSTEN, KostenSoort::from_code) {
                x.kosten.soort = k;
            }
            x.kosten.bedrag_cent = parse_bedrag(&mut f, w("bedrag"));
            x.kosten.eenheid = tekst(&mut f, "eenheid", w("eenheid"));
            x.beschrijving = tekst(&mut f, "beschrijving", w("beschrijving"));
        }
    }
    if f.is_empty() {
        Ok(out)
    } else {
        Err(f)
    }
}

/// The fields that differ between two versions of a record (as the form shows them).
pub fn verschil(oud: Option<&Record>, nieuw: &Record) -> Vec<VeldWijziging> {
    let new = velden(nieuw);
    let old = oud.map(velden).unwrap_or_default();
    new.into_iter()
        .filter_map(|n| {
            let o = old.iter().find(|o| o.naam == n.naam).map(|o| o.waarde.clone()).unwrap_or_default();
            (o != n.waarde).then(|| VeldWijziging { veld: n.naam.to_string(), oud: o, nieuw: n.waarde })
        })
        .collect()
}

/// Put the values of `fields` (by name) from `from` into `into` (a re-import keeps the
/// beheerder's corrections): the record with those fields as in `from`.
pub fn neem_velden(into: &Record, from: &Record, fields: &[String]) -> Record {
    let mut form = velden(into);
    let theirs = velden(from);
    for f in &mut form {
        if fields.iter().any(|n| n == f.naam) {
            if let Some(t) = theirs.iter().find(|t| t.naam == f.naam) {
                f.waarde = t.waarde.clone();
            }
        }
    }
    toepassen(into, &form, &|_| true).unwrap_or_else(|_| into.clone())
}

/// Counts for the beheer overview line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Overzicht {
    pub gemeld: usize,
    pub verouderd: usize,
    pub geverifieerd_deze_maand: usize,
    pub gearchiveerd: usize,
}

/// One line of the worklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Werkregel {
    pub record: Record,
    pub beheer: Beheer,
    pub verouderd: bool,
}

/// What the worklist needs of an entry; the record itself is read when it is shown (
/// a large map is not kept in memory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Post {
    pub sleutel: String,
    pub naam: String,
    pub kind: Kind,
    pub laatst_geverifieerd: Option<NaiveDate>,
}

impl Post {
    pub fn van(r: &Record) -> Post {
        Post {
            sleutel: r.sleutel(),
            naam: r.naam().to_string(),
            kind: r.kind(),
            laatst_geverifieerd: r.laatst_geverifieerd(),
        }
    }
}

/// A row of the worklist without its record: the entry, its upkeep, and `nr`, its place in
/// the list of entries it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Werkpost {
    pub post: Post,
    pub beheer: Beheer,
    pub verouderd: bool,
    pub nr: usize,
}

/// The worklist: entries with open reports first (oldest report first), then the rest of the
/// voorzieningen and regelingen oldest-verified first (never verified before all). Archived
/// entries are left out.
pub fn werklijst(
    kaart: &Kaart,
    staten: &std::collections::HashMap<String, Beheer>,
    today: NaiveDate,
) -> (Vec<Werkregel>, Overzicht) {
    let records = Record::all(kaart);
    let (posten, ov) = werkposten(records.iter().map(Post::van), staten, today);
    let mut records: Vec<Option<Record>> = records.into_iter().map(Some).collect();
    let rows = posten
        .into_iter()
        .filter_map(|p| {
            let record = records[p.nr].take()?;
            Some(Werkregel { record, beheer: p.beheer, verouderd: p.verouderd })
        })
        .collect();
    (rows, ov)
}

/// [`werklijst`] over what the worklist needs of each entry (organisations: only those with
/// upkeep need be given).
pub fn werkposten(
    posten: impl IntoIterator<Item = Post>,
    staten: &std::collections::HashMap<String, Beheer>,
    today: NaiveDate,
) -> (Vec<Werkpost>, Overzicht) {
    let mut ov = Overzicht::default();
    let mut rows = Vec::new();
    let maand = today.format("%Y-%m").to_string();
    for (nr, p) in posten.into_iter().enumerate() {
        let b = staten.get(&p.sleutel).cloned().unwrap_or_else(|| Beheer::new(&p.sleutel));
        if b.gearchiveerd.is_some() {
            ov.gearchiveerd += 1;
            continue;
        }
        let is_org = p.kind == Kind::Organisatie;
        if is_org && b.meldingen.is_empty() {
            continue;
        }
        let stale = !is_org && super::kaart::verification_stale(p.laatst_geverifieerd, today, 12);
        if !b.meldingen.is_empty() {
            ov.gemeld += 1;
        }
        if stale {
            ov.verouderd += 1;
        }
        if let Some(d) = p.laatst_geverifieerd {
            if d.format("%Y-%m").to_string() == maand {
                ov.geverifieerd_deze_maand += 1;
            }
        }
        rows.push(Werkpost { post: p, beheer: b, verouderd: stale, nr });
    }
    rows.sort_by(|a, b| {
        let fa = a.beheer.meldingen.first().map(|m| m.op);
        let fb = b.beheer.meldingen.first().map(|m| m.op);
        match (fa, fb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => {
                a.post.laatst_geverifieerd.cmp(&b.post.laatst_geverifieerd).then_with(|| a.post.naam.cmp(&b.post.naam))
            }
        }
    });
    (rows, ov)
}

/// The provider's contact person for an entry: an organisation's own, else that of the
/// organisation the entry belongs to (`org`); `None` when none is known.
pub fn contactpersoon_van<'a>(r: &'a Record, org: Option<&'a Organisatie>) -> Option<&'a Contactpersoon> {
    let cp = match r {
        Record::Organisatie(o) => Some(&o.contactpersoon),
        _ => org.map(|o| &o.contactpersoon),
    };
    cp.filter(|c| !c.is_empty())
}

/// "gemeld 02-12: telefoonnummer werkt niet" for an entry's open reports (newest last).
pub fn meldingen_tekst(b: &Beheer) -> Vec<String> {
    b.meldingen.iter().map(|m| format!("gemeld {}: {}", m.op.format("%d-%m"), m.tekst)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn voorziening() -> Record {
        Record::Voorziening(Voorziening {
            id: "v1".into(),
            organisatie_id: "o1".into(),
            naam: "Dagbesteding".into(),
            ..Default::default()
        })
    }

    fn form_with(r: &Record, naam: &str, waarde: &str) -> Vec<Veld> {
        let mut f = velden(r);
        f.iter_mut().find(|v| v.naam == naam).expect("field").waarde = waarde.into();
        f
    }

    fn fout_voor(r: &Record, veld: &str, waarde: &str) -> Vec<String> {
        let f = form_with(r, veld, waarde);
        match toepassen(r, &f, &|id| id == "o1") {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().filter(|(n, _)| *n == veld).map(|(_, m)| m).collect(),
        }
    }

    #[test]
    fn validation_per_field() {
        let r = voorziening();
        assert_eq!(fout_voor(&r, "naam", "  "), vec!["verplicht veld ontbreekt".to_string()]);
        assert!(fout_voor(&r, "wet", "wmo2015")[0].contains("ongeldige waarde 'wmo2015'"));
        assert!(fout_voor(&r, "toegang", "open")[0].contains("toegestaan"));
        assert!(fout_voor(&r, "kosten", "duur")[0].contains("ongeldige waarde"));
        assert!(fout_voor(&r, "bedrag", "twee euro")[0].contains("geen getal"));
        assert!(fout_voor(&r, "telefoon", "bel maar")[0].contains("geen telefoonnummer"));
        assert!(fout_voor(&r, "email", "info.aanbieder.nl")[0].contains("geen e-mailadres"));
        assert!(fout_voor(&r, "openingstijden", "maandag negen uur")[0].contains("openingstijd"));
        assert!(fout_voor(&r, "organisatie_id", "o-onbekend")[0].contains("staat niet op de kaart"));
        assert!(fout_voor(&r, "beschrijving", &"x".repeat(MAX_TEXT + 1))[0].contains("te lang"));
        // good values pass and land in the record
        let f = form_with(&r, "telefoon", "050 123 4567");
        let f = {
            let mut f = f;
            f.iter_mut().find(|v| v.naam == "bedrag").unwrap().waarde = "19,70".into();
            f.iter_mut().find(|v| v.naam == "openingstijden").unwrap().waarde =
                "ma-vr 09:00-17:00; za 10:00-12:00".into();
            f
        };
        let Record::Voorziening(v) = toepassen(&r, &f, &|id| id == "o1").expect("valid") else { panic!() };
        assert_eq!(v.telefoon[0].nummer, "050 123 4567");
        assert_eq!(v.kosten.bedrag_cent, Some(1970));
        assert_eq!(v.openingstijden.to_lines().len(), 2);
    }

    #[test]
    fn contact_person_fields_are_checked_per_field() {
        let r = Record::Organisatie(Organisatie { id: "o1".into(), naam: "Welzijn".into(), ..Default::default() });
        // a bad contact e-mail or phone is named on its own field, not on the organisation's
        assert_eq!(
            fout_voor(&r, "contact_email", "sanne.voorbeeld.nl"),
            vec!["geen e-mailadres: 'sanne.voorbeeld.nl'"]
        );
        assert!(fout_voor(&r, "email", "sanne.voorbeeld.nl").iter().all(|m| m.contains("e-mailadres")));
        let f = form_with(&r, "contact_telefoon", "bel Sanne");
        let e = toepassen(&r, &f, &|_| true).unwrap_err();
        assert_eq!(
            e,
            vec![(
                "contact_telefoon",
                "geen telefoonnummer: 'bel Sanne' (cijfers, spaties, + - en haakjes)".to_string()
            )]
        );
        assert!(fout_voor(&r, "contact_naam", &"x".repeat(MAX_TEXT + 1))[0].contains("te lang"));
        // good values land in the contact person, trimmed; the organisation's own phone stays empty
        let mut f = form_with(&r, "contact_naam", " Sanne de Vries ");
        for (n, w) in [
            ("contact_functie", "coördinator"),
            ("contact_telefoon", "050 555 0140, 06 1234 5678"),
            ("contact_email", "s.devries@voorbeeld.nl"),
        ] {
            f.iter_mut().find(|v| v.naam == n).expect("field").waarde = w.into();
        }
        let Record::Organisatie(o) = toepassen(&r, &f, &|_| true).expect("valid") else { panic!() };
        assert_eq!(o.contactpersoon.naam, "Sanne de Vries");
        assert_eq!(o.contactpersoon.functie, "coördinator");
        assert_eq!(
            o.contactpersoon.telefoon.iter().map(|t| t.nummer.as_str()).collect::<Vec<_>>(),
            ["050 555 0140", "06 1234 5678"]
        );
        assert_eq!(o.contactpersoon.email, "s.devries@voorbeeld.nl");
        assert!(o.telefoon.is_empty() && o.email.is_empty());
        // and the change is named per field in the history
        let d: Vec<String> = verschil(Some(&r), &Record::Organisatie(o)).into_iter().map(|w| w.veld).collect();
        assert_eq!(d, ["contact_naam", "contact_functie", "contact_telefoon", "contact_email"]);
    }

    #[test]
    fn diff_names_old_and_new() {
        let r = voorziening();
        let n = toepassen(&r, &form_with(&r, "telefoon", "050 999 0000"), &|_| true).unwrap();
        let d = verschil(Some(&r), &n);
        assert_eq!(
            d,
            vec![VeldWijziging { veld: "telefoon".into(), oud: String::new(), nieuw: "050 999 0000".into() }]
        );
    }

    #[test]
    fn worklist_flagged_first_then_oldest_verified() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1);
        let mut k = Kaart::default();
        for (id, ver) in [("a", d(2026, 11)), ("b", d(2024, 1)), ("c", d(2025, 6)), ("x", d(2026, 12))] {
            k.voorzieningen.push(Voorziening {
                id: id.into(),
                naam: id.into(),
                laatst_geverifieerd: ver,
                ..Default::default()
            });
        }
        let mut staten = std::collections::HashMap::new();
        let op = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, 0, 0).unwrap();
        staten.insert(
            "v/a".to_string(),
            Beheer {
                sleutel: "v/a".into(),
                meldingen: vec![Melding { tekst: "t".into(), door: "d".into(), op }],
                ..Default::default()
            },
        );
        staten.insert(
            "v/x".to_string(),
            Beheer {
                sleutel: "v/x".into(),
                gearchiveerd: Some(Archief { op: op.date(), door: "b".into(), reden: "vervallen".into() }),
                ..Default::default()
            },
        );
        let (rows, ov) = werklijst(&k, &staten, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        let ids: Vec<&str> = rows.iter().map(|r| r.record.id()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(ov, Overzicht { gemeld: 1, verouderd: 2, geverifieerd_deze_maand: 0, gearchiveerd: 1 });
    }
}

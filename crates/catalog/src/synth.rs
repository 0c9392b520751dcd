//! A generator of large synthetic sociale kaarten (10k, 100k, 1M voorzieningen) for benchmarks
//! and load tests. Deterministic for a given seed; every name, phone number and address is
//! invented.

use chrono::NaiveDate;

use loket_domain::hours::OpeningHours;
use loket_domain::kaart::{
    Adres, Bron, Doelgroep, Kaart, Kosten, KostenSoort, Leeftijd, Locatie, Organisatie, Regeling, Telefoon, Toegang,
    Voorziening, Werkgebied, Wet,
};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next() % xs.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const CATEGORIES: &[(&str, Wet, Toegang, &[&str])] = &[
    ("Dagbesteding", Wet::Wmo, Toegang::MaatwerkMelding, &["dagactiviteiten", "structuur", "activering"]),
    ("Huishoudelijke hulp", Wet::Wmo, Toegang::MaatwerkMelding, &["schoonmaak", "thuishulp", "poetsen"]),
    ("Individuele begeleiding", Wet::Wmo, Toegang::MaatwerkMelding, &["begeleiding", "zelfstandig", "ondersteuning"]),
    ("Ouderenadviseur", Wet::Welzijn, Toegang::Vrij, &["ouderenadvies", "senioren", "advies"]),
    ("Mantelzorgondersteuning", Wet::Wmo, Toegang::AlgemeneVoorziening, &["mantelzorg", "respijt", "overbelast"]),
    ("Schuldhulpverlening", Wet::Participatiewet, Toegang::Vrij, &["schulden", "budget", "geldzorgen"]),
    ("Voedselbank", Wet::Welzijn, Toegang::Vrij, &["voedselpakket", "armoede", "eten"]),
    ("Woningaanpassing", Wet::Wmo, Toegang::MaatwerkMelding, &["traplift", "drempel", "badkamer"]),
    ("Wijkverpleging", Wet::Zvw, Toegang::HuisartsVerzekeraar, &["thuiszorg", "verpleging", "wondzorg"]),
    ("Verpleeghuiszorg", Wet::Wlz, Toegang::IndicatieCiz, &["verpleeghuis", "langdurige", "zorg"]),
    ("Jeugdhulp", Wet::Jeugdwet, Toegang::MaatwerkMelding, &["jongeren", "gezin", "opvoeding"]),
    ("Opvoedondersteuning", Wet::Jeugdwet, Toegang::AlgemeneVoorziening, &["opvoeden", "ouders", "kinderen"]),
    ("Sociale huurwoning", Wet::Woningwet, Toegang::Vrij, &["huren", "woning", "inschrijven"]),
    ("Maaltijdservice", Wet::Welzijn, Toegang::AlgemeneVoorziening, &["maaltijden", "warme", "bezorgd"]),
    ("Vervoersdienst", Wet::Wmo, Toegang::MaatwerkMelding, &["regiotaxi", "vervoer", "rolstoel"]),
    ("Inloopspreekuur", Wet::Welzijn, Toegang::Vrij, &["inloop", "vragen", "spreekuur"]),
    ("Re-integratie", Wet::Participatiewet, Toegang::MaatwerkMelding, &["werk", "baan", "uitkering"]),
    ("Beschermd wonen", Wet::Wmo, Toegang::MaatwerkMelding, &["ggz", "wonen", "begeleid"]),
    ("Hulpmiddelen", Wet::Wmo, Toegang::MaatwerkMelding, &["scootmobiel", "rolstoel", "rollator"]),
    ("Taalcafe", Wet::Welzijn, Toegang::Vrij, &["taal", "nederlands", "oefenen"]),
];

const GEMEENTEN: &[(&str, &[&str])] = &[
    (
        "Groningen",
        &["Oosterparkwijk", "Vinkhuizen", "Selwerd", "Paddepoel", "Lewenborg", "Beijum", "Centrum", "Hoogkerk"],
    ),
    ("Het Hogeland", &["Winsum", "Baflo", "Leens", "Ulrum", "Zoutkamp", "Warffum", "Uithuizen"]),
    ("Heerlen", &["Hoensbroek", "Heerlerheide", "Heerlen-Centrum", "Meezenbroek", "Schandelen"]),
    ("Westerkwartier", &["Zuidhorn", "Leek", "Grootegast", "Marum"]),
    ("Midden-Groningen", &["Hoogezand", "Sappemeer", "Slochteren", "Siddeburen"]),
    ("Eemsdelta", &["Appingedam", "Delfzijl", "Loppersum"]),
    ("Kerkrade", &["Bleijerheide", "Chevremont", "Terwinselen"]),
    ("Landgraaf", &["Schaesberg", "Nieuwenhagen", "Ubach over Worms"]),
    ("Brunssum", &["Treebeek", "Rumpen", "Langeberg"]),
    ("Sittard-Geleen", &["Sittard", "Geleen", "Born", "Munstergeleen"]),
    ("Maastricht", &["Wyck", "Heer", "Malberg", "Caberg", "Wittevrouwenveld"]),
    ("Assen", &["Kloosterveen", "Pittelo", "Marsdijk", "Lariks"]),
    ("Emmen", &["Angelslo", "Emmerhout", "Bargeres", "Klazienaveen"]),
    ("Leeuwarden", &["Bilgaard", "Heechterp", "Huizum", "Camminghaburen"]),
];

const DOELGROEP_ADJ: &[(&str, Doelgroep)] = &[
    ("ouderen", Doelgroep::Ouderen),
    ("jongeren", Doelgroep::Jeugd),
    ("gezinnen", Doelgroep::Ouders),
    ("mantelzorgers", Doelgroep::Mantelzorgers),
    ("volwassenen", Doelgroep::Iedereen),
    ("nieuwkomers", Doelgroep::Migranten),
    ("mensen met dementie", Doelgroep::Ouderen),
    ("licht verstandelijk beperkten", Doelgroep::Beperking),
    ("ggz-clienten", Doelgroep::Ggz),
    ("minima", Doelgroep::LaagInkomen),
];

const ORG_PREFIX: &[&str] =
    &["Stichting", "Zorggroep", "Welzijn", "Coöperatie", "Vereniging", "Thuiszorg", "Buurtteam"];
const ORG_NAMES: &[&str] = &[
    "De Linde",
    "Het Anker",
    "Noorderlicht",
    "Zonnehuis",
    "De Brug",
    "Heuvelland",
    "Parkstad",
    "Wadden",
    "De Horst",
    "Mijnstreek",
    "Het Baken",
    "De Schakel",
    "Lentis",
    "Vanboeijen",
    "Oosterlengte",
    "De Kroon",
    "Zuiderzon",
    "Ommeland",
    "Reitdiep",
    "Terra",
    "Kompas",
    "Humanitas",
    "Cordaad",
    "Zonnebloem",
    "Meander",
    "Radar",
];

/// Generate a map with `n` voorzieningen (and n/20 organisaties, n/100 regelingen).
pub fn generate(n: usize, seed: u64) -> Kaart {
    let mut all = Kaart::default();
    generate_chunks(n, seed, usize::MAX, &mut |k| {
        all.organisaties.extend(k.organisaties);
        all.voorzieningen.extend(k.voorzieningen);
        all.regelingen.extend(k.regelingen);
        Ok::<(), std::convert::Infallible>(())
    })
    .unwrap_or_else(|e| match e {});
    all
}

/// The same map as [`generate`], handed to `sink` in parts of at most `chunk` voorzieningen
/// (the organisaties come with the first part, the regelingen with the last), so a large map
/// can be written without holding it whole.
pub fn generate_chunks<E>(
    n: usize,
    seed: u64,
    chunk: usize,
    sink: &mut dyn FnMut(Kaart) -> Result<(), E>,
) -> Result<(), E> {
    let chunk = chunk.max(1);
    let mut rng = Rng(seed);
    let n_orgs = (n / 20).max(1);
    let bron = Bron { soort: "synthetisch".into(), naam: format!("loket genereer {n}") };
    let organisaties: Vec<Organisatie> = (0..n_orgs)
        .map(|i| {
            let (g, _) = rng.pick(GEMEENTEN);
            Organisatie {
                id: format!("syn-org-{i:07}"),
                naam: format!("{} {} {}", rng.pick(ORG_PREFIX), rng.pick(ORG_NAMES), g),
                telefoon: vec![Telefoon {
                    nummer: format!("0800-555 {:04}", i % 10_000),
                    omschrijving: "algemeen".into(),
                }],
                gemeente: g.to_string(),
                bron: bron.clone(),
                ..Default::default()
            }
        })
        .collect();
    let hours = OpeningHours::parse(&["ma-vr 09:00-17:00".to_string()]).expect("valid literal");
    let org_ids: Vec<String> = organisaties.iter().map(|o| o.id.clone()).collect();
    let mut make = |i: usize| {
        let (cat, wet, toegang, kw) = rng.pick(CATEGORIES);
        let (g, wijken) = rng.pick(GEMEENTEN);
        let wijk = rng.pick(wijken);
        let (adj, dg) = rng.pick(DOELGROEP_ADJ);
        let org = rng.below(n_orgs as u64) as usize;
        let verified =
            NaiveDate::from_ymd_opt(2024 + rng.below(3) as i32, 1 + rng.below(12) as u32, 1 + rng.below(28) as u32);
        Voorziening {
            id: format!("syn-vz-{i:07}"),
            organisatie_id: org_ids[org].clone(),
            naam: format!("{cat} {adj} {wijk}"),
            beschrijving: format!("{cat} voor {adj} in {wijk} ({g})."),
            categorie: cat.to_lowercase(),
            trefwoorden: kw.iter().map(|s| s.to_string()).collect(),
            wet: *wet,
            toegang: *toegang,
            doelgroepen: vec![*dg],
            leeftijd: if *dg == Doelgroep::Ouderen {
                Leeftijd { min: Some(65), max: None }
            } else {
                Leeftijd::default()
            },
            werkgebied: Werkgebied { gemeenten: vec![g.to_string()], wijken: vec![] },
            locaties: vec![Locatie {
                naam: format!("Locatie {wijk}"),
                adres: Adres {
                    straat: format!("Voorbeeldstraat {}", 1 + rng.below(200)),
                    postcode: format!("{} XX", 1000 + rng.below(8999)),
                    plaats: wijk.to_string(),
                },
                gemeente: g.to_string(),
                wijk: wijk.to_string(),
            }],
            openingstijden: hours.clone(),
            kosten: match toegang {
                Toegang::MaatwerkMelding => Kosten {
                    soort: KostenSoort::Abonnementstarief,
                    bedrag_cent: Some(2160),
                    eenheid: "per maand".into(),
                    ..Default::default()
                },
                _ => Kosten::default(),
            },
            laatst_geverifieerd: verified,
            bron: bron.clone(),
            ..Default::default()
        }
    };
    let mut organisaties = Some(organisaties);
    let mut start = 0usize;
    let mut last = loop {
        let end = start.saturating_add(chunk).min(n);
        let part = Kaart {
            organisaties: organisaties.take().unwrap_or_default(),
            voorzieningen: (start..end).map(&mut make).collect(),
            regelingen: Vec::new(),
        };
        start = end;
        if start >= n {
            break part;
        }
        sink(part)?;
    };
    last.regelingen = (0..(n / 100).max(1))
        .map(|i| {
            let (cat, wet, toegang, _) = rng.pick(CATEGORIES);
            let (g, _) = rng.pick(GEMEENTEN);
            Regeling {
                id: format!("syn-rg-{i:06}"),
                naam: format!("Regeling {} {g}", cat.to_lowercase()),
                wet: *wet,
                toegang: *toegang,
                werkgebied: Werkgebied { gemeenten: vec![g.to_string()], wijken: vec![] },
                bron: bron.clone(),
                ..Default::default()
            }
        })
        .collect();
    sink(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_sized() {
        let a = generate(500, 7);
        let b = generate(500, 7);
        assert_eq!(a, b);
        assert_eq!(a.voorzieningen.len(), 500);
        assert_eq!(a.organisaties.len(), 25);
        let ids: std::collections::HashSet<_> = a.voorzieningen.iter().map(|v| &v.id).collect();
        assert_eq!(ids.len(), 500);
    }

    #[test]
    fn chunks_give_the_same_map() {
        let whole = generate(1234, 3);
        let mut parts = Vec::new();
        generate_chunks(1234, 3, 100, &mut |k| {
            parts.push(k);
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(parts.len(), 13);
        assert!(parts[0].organisaties.len() == whole.organisaties.len() && parts[1].organisaties.is_empty());
        assert!(parts[12].regelingen.len() == whole.regelingen.len() && parts[0].regelingen.is_empty());
        let mut joined = Kaart::default();
        for p in parts {
            joined.organisaties.extend(p.organisaties);
            joined.voorzieningen.extend(p.voorzieningen);
            joined.regelingen.extend(p.regelingen);
        }
        assert_eq!(joined, whole);
    }
}

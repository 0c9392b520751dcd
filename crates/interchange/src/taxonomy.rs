//! loket's own published HSDS taxonomy ("loket-nl"): the Dutch fields travel as attributes that
//! link a service (or organization, location, cost option) to one of these terms. Terms that
//! carry free text (gemeente, wijk, categorie…) put the text in the attribute's `value`.

use loket_domain::kaart::{Doelgroep, KostenSoort, Toegang, Wet};

pub const TAXONOMY_ID: &str = "loket-nl";
pub const TAXONOMY_NAME: &str = "loket sociale kaart (Nederland)";
pub const TAXONOMY_DESCRIPTION: &str = "Termen van het Nederlandse sociaal domein die HSDS niet kent: wet, toegang, \
doelgroep, kosten, werkgebied (gemeente/wijk), categorie en de velden van regelingen.";
pub const TAXONOMY_VERSION: &str = "1";

pub const REGELING: &str = "loket:soort:regeling";
pub const CATEGORIE: &str = "loket:categorie";
pub const GEMEENTE: &str = "loket:gemeente";
pub const WIJK: &str = "loket:wijk";
pub const TREFWOORD: &str = "loket:trefwoord";
pub const ARTIKEL: &str = "loket:artikel";
pub const WAAR_AANVRAGEN: &str = "loket:waar_aanvragen";
pub const WAT_ZEGGEN: &str = "loket:wat_zeggen";
pub const MEEGEVEN: &str = "loket:meegeven";
/// loket's own id of an entry whose exported HSDS id (a UUID) differs from it; in value.
pub const LOKET_ID: &str = "loket:id";

/// Prefix of the ids of terms from other taxonomies that loket exports (AIRS/211 codes…).
pub const EXTERN_PREFIX: &str = "extern:";

/// What a loket term means for the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    Wet(Wet),
    Toegang(Toegang),
    Doelgroep(Doelgroep),
    Kosten(KostenSoort),
    Regeling,
    Categorie,
    Gemeente,
    Wijk,
    Trefwoord,
    Artikel,
    WaarAanvragen,
    WatZeggen,
    Meegeven,
    /// 1.x `eligibility.csv` text.
    Eligibility,
    /// loket's own id of the entry (see [`LOKET_ID`]).
    LoketId,
    /// A grouping term (no meaning of its own).
    Group,
}

pub fn wet(w: Wet) -> String {
    format!("loket:wet:{}", w.code())
}
pub fn toegang(t: Toegang) -> String {
    format!("loket:toegang:{}", t.code())
}
pub fn doelgroep(d: Doelgroep) -> String {
    format!("loket:doelgroep:{}", d.code())
}
pub fn kosten(k: KostenSoort) -> String {
    format!("loket:kosten:{}", k.code())
}

const KOSTEN: [KostenSoort; 4] =
    [KostenSoort::Gratis, KostenSoort::EigenBijdrage, KostenSoort::Abonnementstarief, KostenSoort::Verzekerd];

pub fn meaning(id: &str) -> Option<Meaning> {
    let rest = id.strip_prefix("loket:")?;
    Some(match rest.split_once(':') {
        Some(("wet", c)) => Meaning::Wet(Wet::from_code(c)?),
        Some(("toegang", c)) => Meaning::Toegang(Toegang::from_code(c)?),
        Some(("doelgroep", c)) => Meaning::Doelgroep(Doelgroep::from_code(c)?),
        Some(("kosten", c)) => Meaning::Kosten(KostenSoort::from_code(c)?),
        Some(("soort", "regeling")) => Meaning::Regeling,
        Some(("legacy", "eligibility")) => Meaning::Eligibility,
        Some(_) => return None,
        None => match rest {
            "categorie" => Meaning::Categorie,
            "gemeente" => Meaning::Gemeente,
            "wijk" => Meaning::Wijk,
            "trefwoord" => Meaning::Trefwoord,
            "artikel" => Meaning::Artikel,
            "waar_aanvragen" => Meaning::WaarAanvragen,
            "wat_zeggen" => Meaning::WatZeggen,
            "meegeven" => Meaning::Meegeven,
            "id" => Meaning::LoketId,
            "wet" | "toegang" | "doelgroep" | "kosten" | "soort" => Meaning::Group,
            _ => return None,
        },
    })
}

/// One published term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub id: String,
    pub name: String,
    pub description: String,
    pub parent_id: String,
}

/// Every term of the loket taxonomy, groups first.
pub fn terms() -> Vec<Term> {
    let t = |id: &str, name: &str, description: &str, parent: &str| Term {
        id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
        parent_id: parent.to_string(),
    };
    let mut v = vec![
        t("loket:wet", "Wet", "De wet waaronder een voorziening of regeling valt.", ""),
        t("loket:toegang", "Toegang", "Hoe iemand de voorziening krijgt.", ""),
        t("loket:doelgroep", "Doelgroep", "Voor wie de voorziening bedoeld is.", ""),
        t("loket:kosten", "Kosten", "Wat de cliënt betaalt; gekoppeld aan een cost_option.", ""),
        t("loket:soort", "Soort", "Soort vermelding op de sociale kaart.", ""),
    ];
    for w in Wet::ALL {
        v.push(t(&wet(w), w.label(), &format!("Valt onder de {}.", w.label()), "loket:wet"));
    }
    for x in Toegang::ALL {
        v.push(t(&toegang(x), x.label(), &format!("Toegang: {}.", x.label()), "loket:toegang"));
    }
    for d in Doelgroep::ALL {
        v.push(t(&doelgroep(d), d.label(), &format!("Doelgroep: {}.", d.label()), "loket:doelgroep"));
    }
    for k in KOSTEN {
        v.push(t(&kosten(k), k.label(), &format!("Kosten: {}.", k.label()), "loket:kosten"));
    }
    v.push(t(REGELING, "Regeling", "Een regeling (wet, artikel, aanvraag), geen voorziening.", "loket:soort"));
    for (id, name, d) in [
        (CATEGORIE, "Categorie", "Korte categorie, bv. 'dagbesteding'; de tekst staat in value."),
        (GEMEENTE, "Gemeente", "Gemeente van het werkgebied of de locatie; de naam staat in value."),
        (WIJK, "Wijk", "Wijk van het werkgebied of de locatie; de naam staat in value."),
        (TREFWOORD, "Trefwoord", "Zoekwoord; het woord staat in value."),
        (ARTIKEL, "Artikel", "Wetsartikel van een regeling, bv. 'art. 2.3.5 Wmo 2015'; in value."),
        (WAAR_AANVRAGEN, "Waar aanvragen", "Waar een regeling wordt aangevraagd; in value."),
        (WAT_ZEGGEN, "Wat zeggen", "Wat de baliemedewerker zegt; in value."),
        (MEEGEVEN, "Meegeven", "Wat de baliemedewerker meegeeft (formulier, folder); in value."),
        (LOKET_ID, "loket-id", "De eigen id van de vermelding in loket, als die geen UUID is; in value."),
    ] {
        v.push(t(id, name, d, ""));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_term_has_a_meaning() {
        for t in terms() {
            assert!(meaning(&t.id).is_some(), "{}", t.id);
        }
        assert_eq!(meaning("loket:wet:wmo"), Some(Meaning::Wet(Wet::Wmo)));
        assert_eq!(meaning("loket:wet:xx"), None);
        assert_eq!(meaning("BD-1800"), None);
    }
}

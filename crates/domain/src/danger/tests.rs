use super::*;

fn soorten(t: &str) -> Vec<Soort> {
    let mut v: Vec<Soort> = signalen(t).into_iter().map(|s| s.soort).collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn the_bundled_list_parses() {
    let l = Gevaarwoorden::parse(BUNDLED_TOML, "data/gevaarwoorden.toml").unwrap();
    assert!(l.groepen.len() >= 11);
    for s in Soort::ALL {
        assert!(l.groepen.iter().any(|g| g.soort == s), "{s:?} has a group");
    }
}

#[test]
fn stems_and_conjugations() {
    assert_eq!(stam("slaan"), "sla");
    assert_eq!(stam("schoppen"), "schop");
    assert_eq!(stam("steken"), "steek");
    assert_eq!(stam("mishandelen"), "mishandel");
    assert_eq!(stam("duwen"), "duw");
    assert_eq!(stam("bedreigen"), "bedreig");
    assert_eq!(stam("leven"), "leef");
    assert_eq!(stam("doen"), "doe");
    let slaan = vervoegingen("slaan");
    for f in ["slaan", "slaat", "sloeg", "sloegen", "geslagen"] {
        assert!(slaan.contains(&f.to_string()), "{f} in {slaan:?}");
    }
    assert!(!slaan.contains(&"sla".to_string()), "the bare stem is also 'lettuce'");
    let b = vervoegingen("bedreigen");
    for f in ["bedreigt", "bedreigde", "bedreigd", "bedreiging"] {
        assert!(b.contains(&f.to_string()), "{f} in {b:?}");
    }
    assert!(vervoegingen("doodslaan").contains(&"doodgeslagen".to_string()));
    assert!(vervoegingen("opsluiten").contains(&"opgesloten".to_string()));
    assert!(vervoegingen("schoppen").contains(&"geschopt".to_string()));
    assert!(vervoegingen("mishandelen").contains(&"mishandeld".to_string()));
    // separable prefixes take ge- after them: toe-, om-, open-
    assert!(vervoegingen("toetakelen").contains(&"toegetakeld".to_string()));
    assert!(vervoegingen("omdraaien").contains(&"omgedraaid".to_string()));
    assert!(vervoegingen("openhalen").contains(&"opengehaald".to_string()));
}

/// Phrasings a caller uses that are not literally in the list.
#[test]
fn violence_in_other_words_than_the_list() {
    for t in [
        "mijn vriendin slaat me",
        "Mijn man sloeg me gisteren weer",
        "ze is door haar vader geslagen",
        "hij bedreigt me",
        "mijn ex heeft me bedreigd",
        "Hij schopt de kinderen",
        "ze wordt thuis mishandeld",
        "er is sprake van partnergeweld",
        "vermoeden van kindermishandeling",
        "hij heeft me opgesloten in de badkamer",
        "ik zit onder de blauwe plekken",
        "ik voel me thuis niet meer veilig",
    ] {
        let u = beoordeel(t);
        assert!(
            u.niveau >= Niveau::Doorvragen && u.signalen.iter().any(|s| s.soort.route() == Route::VeiligThuis),
            "{t}: {u:?}"
        );
    }
}

#[test]
fn suicide_in_other_words_than_the_list() {
    for t in [
        "ik wil er niet meer zijn",
        "mijn zoon zegt dat hij er gewoon niet meer wil zijn",
        "hij heeft het over zelfmoord",
        "ze heeft zelfmoordgedachten",
        "Mijn vader is suïcidaal",
        "ik wil niet meer leven",
        "ik wil mezelf iets aandoen",
        "ze wil een einde aan haar leven maken",
    ] {
        assert!(soorten(t).contains(&Soort::Zelfdoding), "{t}: {:?}", signalen(t));
    }
}

#[test]
fn acute_threat() {
    for t in
        ["hij zegt dat hij me doodmaakt", "hij heeft een pistool", "hij dreigt me te vermoorden", "hij maakt me dood"]
    {
        assert!(soorten(t).contains(&Soort::Acuut), "{t}: {:?}", signalen(t));
    }
}

#[test]
fn eviction_is_spoed_not_danger() {
    for t in [
        "er dreigt een huisuitzetting",
        "de deurwaarder komt morgen",
        "ik moet mijn huis uit",
        "we moeten volgende week ons huis uit",
        "de uitzetting is vrijdag",
    ] {
        assert_eq!(soorten(t), vec![Soort::Uitzetting], "{t}: {:?}", signalen(t));
    }
}

#[test]
fn ordinary_questions_raise_nothing() {
    for t in [
        "Meneer vraagt waar hij hulp bij het huishouden kan krijgen",
        "Mijn moeder (86) moet naar een verpleeghuis",
        "Waar is de voedselbank?",
        "Ik wil graag een slaapkamer op de begane grond",
        "Mevrouw is geslaagd voor haar examen en zoekt werk",
        "Dat was een geweldige dag bij de dagbesteding",
        "Zij wil een trap in huis laten maken, met een sla op tafel",
        "Het gaat niet meer zo goed met lopen",
    ] {
        assert!(signalen(t).is_empty(), "{t}: {:?}", signalen(t));
    }
}

#[test]
fn a_bad_list_says_where() {
    let e = Gevaarwoorden::parse("[[signaal]]\nsoort = \"brand\"\n", "x.toml").unwrap_err();
    assert!(e.contains("x.toml") && e.contains("brand"), "{e}");
    let e = Gevaarwoorden::parse("[[signaal]]\nsoort = \"geweld\"\nwoordjes = []\n", "x.toml").unwrap_err();
    assert!(e.starts_with("x.toml:3"), "{e}");
    let e =
        Gevaarwoorden::parse("[[signaal]]\nsoort = \"geweld\"\nwoorden = [\"blauwe plek\"]\n", "x.toml").unwrap_err();
    assert!(e.contains("zinnen"), "{e}");
}

/// The phrasings of the issue, each in its tier.
#[test]
fn the_phrasings_of_the_issue() {
    for (t, want) in [
        ("ik zie het niet meer zitten", Niveau::Doorvragen),
        ("hij dreigt me iets aan te doen", Niveau::Crisis),
        ("ze heeft pillen gespaard", Niveau::Crisis),
        ("mijn man wordt steeds agressiever", Niveau::Doorvragen),
        ("ze heeft een overdosis genomen", Niveau::Crisis),
        ("ik ben het leven zat", Niveau::Doorvragen),
        ("ik word gestalkt", Niveau::Doorvragen),
        ("de baby wordt door hem door elkaar geschud", Niveau::Crisis),
    ] {
        assert_eq!(beoordeel(t).niveau, want, "{t}: {:?}", beoordeel(t));
    }
    for t in [
        "ik kom niet meer verder met het aanvraagformulier",
        "de rolstoel kan ik niet meer duwen",
        "de buurman slaat de deur dicht",
        "de kinderen slaan het ontbijt over",
        "ik ben doodmoe",
    ] {
        assert_eq!(beoordeel(t).niveau, Niveau::Geen, "{t}: {:?}", beoordeel(t));
    }
}

/// Colloquial phrasings and the everyday senses of the same words (the bundled list).
#[test]
fn colloquial_phrasings_and_their_everyday_senses() {
    for (t, want) in [
        ("ze dreigt zich iets aan te doen", Niveau::Crisis),
        ("hij doet zijn eigen nog wat aan", Niveau::Crisis),
        ("ik ga me verhangen", Niveau::Crisis),
        ("hij geeft me ervan langs als hij gedronken heeft", Niveau::Doorvragen),
        ("hij geeft zijn zoon een draai om de oren", Niveau::Doorvragen),
        ("ik ben bang dat ik iets doms ga doen", Niveau::Doorvragen),
        ("mijn vriend heeft me gisteren toegetakeld", Niveau::Doorvragen),
        ("mijn oom heeft het spaargeld van opa ingepikt", Niveau::Doorvragen),
    ] {
        assert_eq!(beoordeel(t).niveau, want, "{t}: {:?}", beoordeel(t));
    }
    for t in [
        "mijn moeder kan de trappen niet meer op, kan er een traplift komen",
        "ik steek veel tijd in de zorg voor mijn moeder",
        "ik heb geld nodig voor de trein naar het ziekenhuis",
        "wie zorgt er voor mijn gehandicapte zoon als wij er niet meer zijn",
        "mijn man is dood, ik wil weten hoe het zit met de huurtoeslag",
        "kan je er iets aan doen dat de thuiszorg steeds te laat komt",
        "ik kan niet meer met een mes snijden sinds de beroerte",
        "mijn moeder is gevallen en heeft een blauw oog, wie helpt haar met douchen",
        "de gemeente dwingt me om te werken terwijl ik ziek ben",
    ] {
        assert_eq!(beoordeel(t).niveau, Niveau::Geen, "{t}: {:?}", beoordeel(t));
    }
}

/// The stemmer beside the tables: Snowball leaves the strong forms apart, the tables join them.
#[test]
fn snowball_beside_the_tables() {
    let stems: Vec<String> = ["slaan", "slaat", "sloeg", "geslagen"].iter().map(|w| snowball(w)).collect();
    // the first three letters stay (the lookup skips stemming on words that start otherwise)
    for w in [
        "geslagen",
        "bedreigingen",
        "verwaarloosd",
        "mishandelingen",
        "ijselijk",
        "vrijen",
        "kinderen",
        "gooien",
        "ayen",
    ] {
        assert!(snowball(w).starts_with(&w[..3]), "{w}: {}", snowball(w));
    }
    assert!(stems.windows(2).any(|w| w[0] != w[1]), "Snowball alone does not join them: {stems:?}");
    let l = Gevaarwoorden::parse("[[signaal]]\nsoort = \"huiselijk_geweld\"\nwerkwoorden = [\"bedreigen\"]\n", "t")
        .unwrap();
    // "bedreigingen" and "bedreigend" are not in the table; the stemmer brings them to its stem
    for t in ["de bedreigingen gaan door", "hij is bedreigend", "ze sloeg"] {
        let found = !l.signalen(t).is_empty();
        assert_eq!(found, !t.contains("sloeg"), "{t}");
    }
    let l =
        Gevaarwoorden::parse("[[signaal]]\nsoort = \"huiselijk_geweld\"\nwerkwoorden = [\"slaan\"]\n", "t").unwrap();
    for t in ["hij slaat", "hij sloeg", "ze is geslagen", "slaan"] {
        assert!(!l.signalen(t).is_empty(), "{t}");
    }
    assert!(l.signalen("een krop sla").is_empty(), "the bare stem is another word");
}

/// Phrases, combinations (who does what to whom, in any order) and guards, from a list.
#[test]
fn combinations_and_guards() {
    let toml = r#"
behalve = ["@duwen + rolstoel"]
[[signaal]]
soort = "huiselijk_geweld"
niveau = "crisis"
samen = ["@duwen + me|mij|moeder"]
[[signaal]]
soort = "zelfdoding"
niveau = "doorvragen"
zinnen = ["zie|ziet niet meer zitten"]
"#;
    let l = Gevaarwoorden::parse(toml, "t").unwrap();
    assert_eq!(l.beoordeel("hij heeft me tegen de muur geduwd").niveau, Niveau::Crisis);
    assert_eq!(l.beoordeel("ik moet mijn moeder in de rolstoel duwen").niveau, Niveau::Geen);
    assert_eq!(l.beoordeel("ik duw mijn moeder in de rolstoel. Hij duwt mij.").niveau, Niveau::Crisis);
    let u = l.beoordeel("ik zie het echt niet meer zitten");
    assert_eq!(u.niveau, Niveau::Doorvragen);
    assert_eq!(u.signalen[0].gevonden, "zie het echt niet meer zitten");
    assert_eq!(u.signalen[0].soort, Soort::Zelfdoding);
    assert_eq!(u.hoofd().unwrap().soort.doorvraag(), "Denkt u weleens aan zelfdoding?");
    assert_eq!(l.beoordeel("ik zie het niet meer. Zitten is moeilijk").niveau, Niveau::Geen, "one sentence");
}

/// A list from before the tiers (the golden fixture is in tests/golden.rs) keeps its meaning:
/// its kinds are categories at the crisis tier.
#[test]
fn an_old_list_reads_with_its_kinds_at_the_crisis_tier() {
    let l = Gevaarwoorden::parse("[[signaal]]\nsoort = \"geweld\"\nwerkwoorden = [\"slaan\"]\n[[signaal]]\nsoort = \"suicide\"\nzinnen = [\"er niet meer zijn\"]\n[[signaal]]\nsoort = \"uitzetting\"\nwoorden = [\"deurwaarder\"]\n", "oud").unwrap();
    let u = l.beoordeel("hij slaat me");
    assert_eq!((u.niveau, u.signalen[0].soort), (Niveau::Crisis, Soort::HuiselijkGeweld));
    let u = l.beoordeel("ik wil er niet meer zijn");
    assert_eq!((u.niveau, u.signalen[0].soort), (Niveau::Crisis, Soort::Zelfdoding));
    let u = l.beoordeel("de deurwaarder komt");
    assert_eq!((u.niveau, u.signalen[0].soort), (Niveau::Geen, Soort::Uitzetting));
}

#[test]
fn every_category_has_its_route() {
    use Route::*;
    let want = [
        (Soort::HuiselijkGeweld, VeiligThuis),
        (Soort::Kindermishandeling, VeiligThuis),
        (Soort::Ouderenmishandeling, VeiligThuis),
        (Soort::SeksueelGeweld, VeiligThuis),
        (Soort::Eergerelateerd, VeiligThuis),
        (Soort::Stalking, Politie),
        (Soort::Uitbuiting, Politie),
        (Soort::Zelfdoding, Lijn113),
        (Soort::Zelfbeschadiging, Lijn113),
        (Soort::Acuut, Alarm112),
    ];
    for (s, r) in want {
        assert_eq!(s.route(), r, "{s:?}");
        assert_eq!(Soort::from_code(s.code()), Some(s));
    }
    assert_eq!(Soort::from_code("geweld"), Some(Soort::HuiselijkGeweld));
    assert_eq!(Soort::from_code("suicide"), Some(Soort::Zelfdoding));
}

/// A phrase that ends in `$` only counts when its last word ends the clause (a punctuation
/// mark, a comma or the end of the question follows).
#[test]
fn a_phrase_with_dollar_asks_for_the_end_of_the_clause() {
    let l = Gevaarwoorden::parse(
        "[[signaal]]\nsoort = \"zelfdoding\"\nniveau = \"doorvragen\"\nzinnen = [\"wil niet meer $\"]\n",
        "proef.toml",
    )
    .unwrap();
    for t in ["ik wil niet meer", "Ik wil niet meer.", "ik wil niet meer, echt niet", "ik wil niet meer; help"] {
        assert_eq!(l.beoordeel(t).niveau, Niveau::Doorvragen, "{t}");
    }
    for t in ["ik wil niet meer naar de dagbesteding", "ik wil niet meer wachten op de woning"] {
        assert_eq!(l.beoordeel(t).niveau, Niveau::Geen, "{t}");
    }
    // `$` anywhere but at the end is an error that says where
    let fout =
        Gevaarwoorden::parse("[[signaal]]\nsoort = \"zelfdoding\"\nzinnen = [\"wil $ niet meer\"]\n", "proef.toml")
            .unwrap_err();
    assert!(fout.contains("$") && fout.contains("wil $ niet meer"), "{fout}");
}

/// The bundled list on phrasings of the ninth round that the list has no literal words for.
#[test]
fn new_phrasings_of_the_ninth_round() {
    for (t, n) in [
        ("ik wil gewoon niet meer", Niveau::Doorvragen),
        ("ik trek het niet meer", Niveau::Doorvragen),
        ("ik ben bang dat mijn vriendin zichzelf iets aandoet", Niveau::Crisis),
        ("mijn broers dreigen me te doden omdat ik een vriend heb", Niveau::Crisis),
        ("hij heeft me gisteren de deur uit gezet en me geslagen", Niveau::Crisis),
    ] {
        assert_eq!(beoordeel(t).niveau, n, "{t}");
    }
    for t in [
        "de rekening van de CAK slaat nergens op",
        "ik wil dood graag een tuin",
        "de deur van mijn moeder slaat steeds dicht door de wind",
        "ik wil niet meer wachten op de woning, zijn er andere opties",
        "de buurman heeft een geweer voor de jacht, is dat toegestaan",
    ] {
        assert_eq!(beoordeel(t).niveau, Niveau::Geen, "{t}");
    }
}

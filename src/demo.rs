//! The bundled demo sociale kaart (`data/sociale_kaart.toml`), parsed and checked.

use std::collections::HashSet;

use crate::domain::kaart::Kaart;

pub const DEMO_PATH: &str = "data/sociale_kaart.toml";
pub const DEMO_TOML: &str = include_str!("../data/sociale_kaart.toml");

fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

/// Parse a sociale kaart in loket's TOML form. Errors say `file:line:column: what is wrong`.
pub fn parse_kaart(path: &str, src: &str) -> Result<Kaart, Vec<String>> {
    let kaart: Kaart = toml::from_str(src).map_err(|e| {
        let (line, col) = e.span().map(|s| line_col(src, s.start)).unwrap_or((1, 1));
        vec![format!("{path}:{line}:{col}: {}", e.message().trim().replace('\n', " "))]
    })?;
    let mut errors = Vec::new();
    let find_line = |needle: &str| -> usize { src.find(needle).map(|o| line_col(src, o).0).unwrap_or(0) };
    let mut ids = HashSet::new();
    let orgs: HashSet<&str> = kaart.organisaties.iter().map(|o| o.id.as_str()).collect();
    let all_ids = kaart
        .organisaties
        .iter()
        .map(|o| (&o.id, "organisaties"))
        .chain(kaart.voorzieningen.iter().map(|v| (&v.id, "voorzieningen")))
        .chain(kaart.regelingen.iter().map(|r| (&r.id, "regelingen")));
    for (id, table) in all_ids {
        if id.trim().is_empty() {
            errors.push(format!("{path}: {table}: id: ontbreekt bij een record"));
        } else if !ids.insert(id.clone()) {
            errors.push(format!("{path}:{}: {table}: id: '{id}' komt twee keer voor", find_line(&format!("\"{id}\""))));
        }
    }
    for v in &kaart.voorzieningen {
        if !v.organisatie_id.is_empty() && !orgs.contains(v.organisatie_id.as_str()) {
            errors.push(format!(
                "{path}:{}: voorzieningen: organisatie_id: '{}' bestaat niet (bij '{}')",
                find_line(&format!("\"{}\"", v.id)),
                v.organisatie_id,
                v.id
            ));
        }
        if v.naam.trim().is_empty() {
            errors.push(format!(
                "{path}:{}: voorzieningen: naam: ontbreekt (bij '{}')",
                find_line(&format!("\"{}\"", v.id)),
                v.id
            ));
        }
    }
    for r in &kaart.regelingen {
        if !r.organisatie_id.is_empty() && !orgs.contains(r.organisatie_id.as_str()) {
            errors.push(format!(
                "{path}:{}: regelingen: organisatie_id: '{}' bestaat niet (bij '{}')",
                find_line(&format!("\"{}\"", r.id)),
                r.organisatie_id,
                r.id
            ));
        }
    }
    if errors.is_empty() {
        Ok(kaart)
    } else {
        Err(errors)
    }
}

/// The bundled demo map. It is checked by a test, so this cannot fail at run time.
pub fn demo_kaart() -> Kaart {
    parse_kaart(DEMO_PATH, DEMO_TOML).expect("the bundled demo data is valid (tested)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_parses() {
        let k = parse_kaart(DEMO_PATH, DEMO_TOML).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        assert!(k.organisaties.len() >= 40, "{} organisaties", k.organisaties.len());
        assert!(k.voorzieningen.len() >= 200, "{} voorzieningen", k.voorzieningen.len());
        assert!(k.regelingen.len() >= 30, "{} regelingen", k.regelingen.len());
    }

    #[test]
    fn bad_enum_value_names_line_and_column() {
        let src = "[[voorzieningen]]\nid = \"vz-1\"\nnaam = \"X\"\nwet = \"wmoo\"\n";
        let err = parse_kaart("x.toml", src).unwrap_err();
        assert!(err[0].starts_with("x.toml:4:"), "{err:?}");
        assert!(err[0].contains("wmoo"), "{err:?}");
    }

    #[test]
    fn dangling_organisation_is_reported() {
        let src = "[[voorzieningen]]\nid = \"vz-1\"\nnaam = \"X\"\norganisatie_id = \"org-weg\"\n";
        let err = parse_kaart("x.toml", src).unwrap_err();
        assert_eq!(
            err,
            vec!["x.toml:2: voorzieningen: organisatie_id: 'org-weg' bestaat niet (bij 'vz-1')".to_string()]
        );
    }
}

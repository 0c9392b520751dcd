//! A desk's copy of a contact is stale (another desk, erasure or retention wrote it meanwhile):
//! merge or refuse, never overwrite. Three-way, field by field, against the copy the desk last
//! knew stored. An erased contact is never written back; a contact closed or handed off
//! elsewhere is not reopened; a field both changed differently is a clash.

use super::contact::{Contact, Status};

/// Why a stale copy is not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Weigering {
    /// The stored contact was erased (AVG art. 17) or anonymised by retention.
    Gewist,
    /// Another desk closed it (or handed it off) meanwhile.
    Afgesloten,
    /// Both changed these fields differently (Dutch names).
    Botsing(Vec<&'static str>),
}

/// The same content (the revision aside)?
pub fn zelfde(a: &Contact, b: &Contact) -> bool {
    a.id == b.id && Contact { rev: b.rev, ..a.clone() } == *b
}

/// Merge `mine` (this desk's change of `base`, the copy it last knew stored) into `theirs` (what
/// the store holds now). `verstuurd` are copies this desk sent whose answer never came (a lost
/// connection): when the stored one is one of them, it is this desk's own and not a change of
/// another. The result carries `theirs`' revision, ready to be written at it.
pub fn merge(
    base: Option<&Contact>,
    mine: &Contact,
    theirs: &Contact,
    verstuurd: &[Contact],
) -> Result<Contact, Weigering> {
    if theirs.gewist {
        return Err(Weigering::Gewist);
    }
    let rev = theirs.rev;
    if zelfde(mine, theirs) {
        return Ok(Contact { rev, ..mine.clone() });
    }
    // the stored copy is one this desk wrote itself (its answer was lost): ours goes on from it
    let eigen = verstuurd.iter().any(|v| zelfde(v, theirs));
    if eigen {
        return Ok(Contact { rev, ..mine.clone() });
    }
    let Some(base) = base else {
        return Err(Weigering::Botsing(vec!["het hele contact"]));
    };
    if theirs.status != Status::Concept && base.status == Status::Concept {
        return Err(Weigering::Afgesloten);
    }
    let mut out = theirs.clone();
    let mut botsing = Vec::new();
    // Every field is named here: a field added to Contact must be added (the destructuring
    // below does not compile otherwise).
    let Contact {
        id: _,
        kanaal: _,
        start: _,
        einde: _,
        vrager: _,
        vraag: _,
        levensdomeinen: _,
        wetten: _,
        client: _,
        links: _,
        checklist: _,
        besluit: _,
        gewezen_op_clientondersteuning: _,
        mantelzorger_gewezen: _,
        afhandeling: _,
        status: _,
        bijgewerkt: _,
        medewerker: _,
        hulp_voor: _,
        hulp_voor_leeftijd: _,
        ruwe_invoer: _,
        gewist: _,
        signaalvragen: _,
        rev: _,
    } = mine;
    macro_rules! velden {
        ($($($f:ident).+ => $naam:expr),* $(,)?) => {
            $(match crate::case_merge::merge_value(&base.$($f).+, &mine.$($f).+, &theirs.$($f).+) {
                Some(v) => out.$($f).+ = v,
                None => botsing.push($naam),
            })*
        };
    }
    velden!(
        kanaal => "kanaal",
        start => "begin",
        einde => "einde",
        vrager => "vrager",
        vraag => "vraag",
        levensdomeinen => "levensdomeinen",
        wetten => "wetten",
        client.naam => "naam",
        client.geboortejaar => "geboortejaar",
        client.gemeente => "gemeente",
        client.wijk => "wijk",
        client.telefoon => "telefoon",
        client.bsn => "BSN",
        client.taal => "taal",
        links => "verwijzingen",
        checklist => "checklist",
        besluit => "triage",
        gewezen_op_clientondersteuning => "gewezen op cliëntondersteuning",
        mantelzorger_gewezen => "mantelzorger gewezen",
        afhandeling => "afhandeling",
        status => "status",
        medewerker => "medewerker",
        hulp_voor => "hulp voor",
        hulp_voor_leeftijd => "leeftijd",
        ruwe_invoer => "ongeldige invoer",
    );
    // answers are only ever added: both desks' new answers are kept
    match crate::case_merge::merge_list(&base.signaalvragen, &mine.signaalvragen, &theirs.signaalvragen) {
        Some(v) => out.signaalvragen = v,
        None => botsing.push("antwoorden op doorvragen"),
    }
    if !botsing.is_empty() {
        return Err(Weigering::Botsing(botsing));
    }
    out.bijgewerkt = mine.bijgewerkt.max(theirs.bijgewerkt);
    out.rev = rev;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::{Afhandeling, Kanaal};
    use chrono::NaiveDate;

    fn t() -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 15, 0).unwrap()
    }

    fn base() -> Contact {
        let mut c = Contact::new(4, Kanaal::Telefoon, t());
        c.vraag = "vraag".into();
        c.rev = 2;
        c
    }

    #[test]
    fn different_fields_merge() {
        let b = base();
        let mut mine = b.clone();
        mine.client.naam = "Jan".into();
        let mut theirs = b.clone();
        theirs.client.telefoon = "0612345678".into();
        theirs.rev = 3;
        let m = merge(Some(&b), &mine, &theirs, &[]).unwrap();
        assert_eq!((m.client.naam.as_str(), m.client.telefoon.as_str(), m.rev), ("Jan", "0612345678", 3));
    }

    #[test]
    fn the_same_field_clashes_and_erased_or_closed_refuse() {
        let b = base();
        let mut mine = b.clone();
        mine.vraag = "vraag over vervoer".into();
        let mut theirs = b.clone();
        theirs.vraag = "vraag over huishouden".into();
        theirs.rev = 3;
        assert_eq!(merge(Some(&b), &mine, &theirs, &[]), Err(Weigering::Botsing(vec!["vraag"])));
        let mut erased = b.clone();
        crate::bewaren::anonimiseer_contact(&mut erased);
        assert_eq!(merge(Some(&b), &mine, &erased, &[]), Err(Weigering::Gewist));
        let mut closed = b.clone();
        closed.afhandeling = Some(Afhandeling::InformatieGegeven);
        closed.status = Status::Afgesloten;
        closed.einde = Some(t());
        assert_eq!(merge(Some(&b), &mine, &closed, &[]), Err(Weigering::Afgesloten));
    }

    #[test]
    fn a_copy_this_desk_sent_itself_is_not_a_clash() {
        let b = base();
        let mut sent = b.clone();
        sent.vraag = "vraag over".into();
        let mut mine = b.clone();
        mine.vraag = "vraag over vervoer".into();
        let theirs = Contact { rev: 3, ..sent.clone() };
        assert!(merge(Some(&b), &mine, &theirs, &[]).is_err());
        let m = merge(Some(&b), &mine, &theirs, &[sent]).unwrap();
        assert_eq!((m.vraag.as_str(), m.rev), ("vraag over vervoer", 3));
    }

    #[test]
    fn answers_recorded_at_two_desks_are_both_kept() {
        let b = base();
        let answer = |soort: &str, door: &str| crate::contact::Signaalvraag {
            soort: soort.into(),
            gevonden: "woorden".into(),
            ja: false,
            op: t(),
            door: door.into(),
        };
        let mut mine = b.clone();
        mine.signaalvragen.push(answer("zelfdoding", "Anna"));
        let mut theirs = b.clone();
        theirs.signaalvragen.push(answer("huiselijk_geweld", "Bert"));
        theirs.rev = 3;
        let out = merge(Some(&b), &mine, &theirs, &[]).expect("no clash");
        let soorten: Vec<&str> = out.signaalvragen.iter().map(|a| a.soort.as_str()).collect();
        assert_eq!(soorten, ["huiselijk_geweld", "zelfdoding"]);
    }
}

//! What the filters and the beheer worklist need of an entry, without the record itself: kept
//! per document in the search snapshot, so the map need not be in memory to filter it.
//! No UI and no I/O.

use chrono::NaiveDate;

use super::{Entry, Filters};
use loket_domain::kaart::{Doelgroep, Toegang, Wet};
use loket_domain::ondersteuning::normalize_gemeente;

/// "None" in a number field of the snapshot.
pub const GEEN: u32 = u32::MAX;
/// Marks a place key as a wijk (or place) key; without it, a gemeente key.
pub const WIJK: u32 = 1 << 31;

/// The key a gemeente filter compares by: the gemeente a place belongs to, in lower case.
pub fn gemeente_sleutel(g: &str) -> String {
    normalize_gemeente(g).to_ascii_lowercase()
}

/// The key a wijk filter compares by (wijk or place name, in lower case).
pub fn wijk_sleutel(w: &str) -> String {
    w.to_ascii_lowercase()
}

/// The filterable facts of one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kenmerken {
    pub wet: Wet,
    pub toegang: Toegang,
    /// Serves every gemeente (no werkgebied given).
    pub landelijk: bool,
    pub doelgroepen: Vec<Doelgroep>,
    pub geverifieerd: Option<NaiveDate>,
    /// Gemeente keys ([`gemeente_sleutel`]) of the werkgebied and of the locations.
    pub gemeenten: Vec<String>,
    /// Wijk keys ([`wijk_sleutel`]) of the werkgebied, and of the locations' wijk and place.
    pub wijken: Vec<String>,
}

impl Kenmerken {
    pub fn van(e: &Entry<'_>) -> Kenmerken {
        let wg = e.werkgebied();
        let mut gemeenten: Vec<String> = wg.gemeenten.iter().map(|g| gemeente_sleutel(g)).collect();
        let mut wijken: Vec<String> = wg.wijken.iter().map(|w| wijk_sleutel(w)).collect();
        let geverifieerd = match e {
            Entry::Voorziening(v, _) => {
                for l in &v.locaties {
                    gemeenten.push(gemeente_sleutel(&l.gemeente));
                    wijken.push(wijk_sleutel(&l.wijk));
                    wijken.push(wijk_sleutel(&l.adres.plaats));
                }
                v.laatst_geverifieerd
            }
            Entry::Regeling(r, _) => r.laatst_geverifieerd,
        };
        gemeenten.retain(|g| !g.is_empty());
        wijken.retain(|w| !w.is_empty());
        gemeenten.sort();
        gemeenten.dedup();
        wijken.sort();
        wijken.dedup();
        Kenmerken {
            wet: e.wet(),
            toegang: e.toegang(),
            landelijk: wg.is_landelijk(),
            doelgroepen: e.doelgroepen().to_vec(),
            geverifieerd,
            gemeenten,
            wijken,
        }
    }

    /// Does the filter let it through? The same answer as [`Filters::accepts`] on the entry.
    pub fn door_filter(&self, f: &Filters) -> bool {
        f.wet.is_none_or(|w| self.wet == w)
            && f.toegang.is_none_or(|t| self.toegang == t)
            && f.doelgroep
                .is_none_or(|d| self.doelgroepen.contains(&d) || self.doelgroepen.contains(&Doelgroep::Iedereen))
            && f.gemeente.as_deref().is_none_or(|g| self.landelijk || self.gemeenten.contains(&gemeente_sleutel(g)))
            && f.wijk.as_deref().is_none_or(|w| self.wijken.contains(&wijk_sleutel(w)))
    }
}

/// Fixed-size numbers of one entry in the snapshot: `[wet | toegang << 8 | landelijk << 16,
/// doelgroepen as bits, organisation number or GEEN, verified as days since 1-1-1 or GEEN]`.
pub fn pack(k: &Kenmerken, org: u32) -> [u32; 4] {
    let wet = Wet::ALL.iter().position(|w| *w == k.wet).unwrap_or(0) as u32;
    let toegang = Toegang::ALL.iter().position(|t| *t == k.toegang).unwrap_or(0) as u32;
    let mut groepen = 0u32;
    for d in &k.doelgroepen {
        if let Some(i) = Doelgroep::ALL.iter().position(|x| x == d) {
            groepen |= 1 << i;
        }
    }
    let dag = k.geverifieerd.map(|d| chrono::Datelike::num_days_from_ce(&d) as u32).unwrap_or(GEEN);
    [wet | toegang << 8 | u32::from(k.landelijk) << 16, groepen, org, dag]
}

/// Are these packed numbers in range (what [`unpack`] accepts), without building anything?
pub fn geldig(a: [u32; 4]) -> bool {
    (a[0] & 0xff) < Wet::ALL.len() as u32
        && (a[0] >> 8 & 0xff) < Toegang::ALL.len() as u32
        && a[0] >> 17 == 0
        && a[1] >> Doelgroep::ALL.len() == 0
        && (a[3] == GEEN || i32::try_from(a[3]).ok().and_then(NaiveDate::from_num_days_from_ce_opt).is_some())
}

/// The packed numbers read back, without the places (None when a number is out of range: a
/// damaged file).
pub fn unpack(a: [u32; 4]) -> Option<Kenmerken> {
    let wet = *Wet::ALL.get((a[0] & 0xff) as usize)?;
    let toegang = *Toegang::ALL.get((a[0] >> 8 & 0xff) as usize)?;
    if a[0] >> 17 != 0 || a[1] >> Doelgroep::ALL.len() != 0 {
        return None;
    }
    let groepen = Doelgroep::ALL.iter().enumerate().filter(|(i, _)| a[1] & (1 << i) != 0).map(|(_, d)| *d).collect();
    let dag = match a[3] {
        GEEN => None,
        n => Some(NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)?),
    };
    Some(Kenmerken {
        wet,
        toegang,
        landelijk: a[0] >> 16 & 1 == 1,
        doelgroepen: groepen,
        geverifieerd: dag,
        gemeenten: Vec::new(),
        wijken: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_numbers_read_back_the_same() {
        let k = Kenmerken {
            wet: Wet::Jeugdwet,
            toegang: Toegang::MaatwerkMelding,
            landelijk: true,
            doelgroepen: vec![Doelgroep::Ouderen, Doelgroep::Jeugd],
            geverifieerd: NaiveDate::from_ymd_opt(2026, 3, 4),
            gemeenten: vec![],
            wijken: vec![],
        };
        assert_eq!(unpack(pack(&k, 7)), Some(k.clone()));
        assert!(unpack([99, 0, 0, GEEN]).is_none(), "a wet out of range is a damaged file");
        assert!(geldig(pack(&k, 7)) && !geldig([99, 0, 0, GEEN]) && !geldig([0, 1 << 20, 0, GEEN]));
    }
}

//! The audit log (AVG): who viewed, created, changed, exported or erased which contact
//! or dossier, and when — never the content itself.
//!
//! Append-only and tamper-evident: every entry carries the SHA-256 of the stored bytes of the
//! entry before it, and the store keeps the hash of the last entry (the head) beside the log. An
//! entry changed, removed or inserted breaks the chain at that entry; [`controleer`] reports the
//! first break by its number. The log has its own retention: pruning removes a prefix of the log
//! and appends a checkpoint carrying the hash of the last removed entry, so the entries that stay
//! are still checkable.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::codec::{decode, Stored};

/// A hash of the chain (SHA-256).
pub type Hash = [u8; 32];

/// The hash before the first entry.
pub const BEGIN: Hash = [0; 32];

/// What was done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Handeling {
    /// A contact or dossier was opened (not: passed by in a list).
    Bekeken,
    Aangemaakt,
    Gewijzigd,
    /// Written to a file (an appointment, an inzage, the audit log itself).
    Geexporteerd,
    /// Personal data removed (erasure on request, or a retention period).
    Gewist,
    /// Rectified on request (art. 16).
    Gecorrigeerd,
    /// Entries up to and including `tot_nr` were pruned; `hash` is the hash of entry `tot_nr`.
    Controlepunt {
        tot_nr: u64,
        hash: Hash,
    },
    // (new actions go at the end: an entry's bytes name its action by position)
    /// A contact was closed (answered at the desk, referred).
    Afgesloten,
    /// A contact was handed off to cliëntondersteuning: logged on the contact, and the new
    /// dossier is logged as created.
    Doorgezet,
    /// A dossier's appointment was moved or cancelled.
    AfspraakVerzet,
    /// A sign-in with a wrong PIN (`wie`: the account's name; empty for a name that is no
    /// account: what was typed is never logged, it may be a PIN).
    AanmeldenMislukt,
    /// Too many failed sign-ins: the account is locked until a functioneel beheerder unlocks it.
    Vergrendeld,
    /// A functioneel beheerder blocked an account (`reden`: which).
    Geblokkeerd,
    /// A functioneel beheerder released an account (unblocked, or unlocked after failures).
    Vrijgegeven,
}

impl Handeling {
    /// The action's number in its stored bytes (its position in this enum), as the database's
    /// `loket.audit_bytes` writes it (PostgreSQL, migration 9).
    pub fn nummer(&self) -> i32 {
        match self {
            Handeling::Bekeken => 0,
            Handeling::Aangemaakt => 1,
            Handeling::Gewijzigd => 2,
            Handeling::Geexporteerd => 3,
            Handeling::Gewist => 4,
            Handeling::Gecorrigeerd => 5,
            Handeling::Controlepunt { .. } => 6,
            Handeling::Afgesloten => 7,
            Handeling::Doorgezet => 8,
            Handeling::AfspraakVerzet => 9,
            Handeling::AanmeldenMislukt => 10,
            Handeling::Vergrendeld => 11,
            Handeling::Geblokkeerd => 12,
            Handeling::Vrijgegeven => 13,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Handeling::Bekeken => "bekeken",
            Handeling::Aangemaakt => "aangemaakt",
            Handeling::Gewijzigd => "gewijzigd",
            Handeling::Geexporteerd => "geëxporteerd",
            Handeling::Gewist => "gewist",
            Handeling::Gecorrigeerd => "gecorrigeerd",
            Handeling::Controlepunt { .. } => "controlepunt",
            Handeling::Afgesloten => "afgesloten",
            Handeling::Doorgezet => "doorgezet",
            Handeling::AfspraakVerzet => "afspraak verzet",
            Handeling::AanmeldenMislukt => "aanmelden mislukt",
            Handeling::Vergrendeld => "vergrendeld",
            Handeling::Geblokkeerd => "geblokkeerd",
            Handeling::Vrijgegeven => "vrijgegeven",
        }
    }
}

/// Which record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Onderwerp {
    Contact(u64),
    Dossier(u64),
    /// The log itself, or the whole store (a retention run, an export of the log).
    Geen,
}

impl Onderwerp {
    /// The subject's number in its stored bytes and its record's id, as the database's
    /// `loket.audit_bytes` takes them: 0 contact, 1 dossier, 2 none.
    pub fn nummer(self) -> (i32, Option<i64>) {
        match self {
            Onderwerp::Contact(id) => (0, Some(id as i64)),
            Onderwerp::Dossier(id) => (1, Some(id as i64)),
            Onderwerp::Geen => (2, None),
        }
    }
}

impl std::fmt::Display for Onderwerp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Onderwerp::Contact(id) => write!(f, "contact {id}"),
            Onderwerp::Dossier(id) => write!(f, "dossier {id}"),
            Onderwerp::Geen => write!(f, "-"),
        }
    }
}

/// One event to log (the store gives it its number and its link in the chain).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gebeurtenis {
    pub op: NaiveDateTime,
    pub wie: String,
    pub handeling: Handeling,
    pub onderwerp: Onderwerp,
    /// Why (erasure, rectification: the worker's reason, written without names; retention: the
    /// period). Empty for ordinary work.
    pub reden: String,
}

impl Gebeurtenis {
    pub fn new(op: NaiveDateTime, wie: &str, handeling: Handeling, onderwerp: Onderwerp) -> Gebeurtenis {
        Gebeurtenis { op, wie: wie.to_string(), handeling, onderwerp, reden: String::new() }
    }
    pub fn met_reden(mut self, reden: &str) -> Gebeurtenis {
        self.reden = reden.to_string();
        self
    }
}

/// One stored entry of the log (stored type, version 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Regel {
    pub nr: u64,
    pub op: NaiveDateTime,
    pub wie: String,
    pub handeling: Handeling,
    pub onderwerp: Onderwerp,
    pub reden: String,
    /// The hash of the stored bytes of entry `nr - 1` ([`BEGIN`] for entry 1).
    pub vorige: Hash,
}

impl Stored for Regel {
    const KIND: &'static str = "auditregel";
    const VERSION: u16 = 1;
}

impl Regel {
    pub fn new(nr: u64, g: &Gebeurtenis, vorige: Hash) -> Regel {
        Regel {
            nr,
            op: g.op,
            wie: g.wie.clone(),
            handeling: g.handeling.clone(),
            onderwerp: g.onderwerp,
            reden: g.reden.clone(),
            vorige,
        }
    }
}

pub fn hash(bytes: &[u8]) -> Hash {
    Sha256::digest(bytes).into()
}

/// The log as stored: every entry's number and bytes, in order, and the head (the hash of the
/// last entry and its number), if any entry was ever written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ruw {
    pub regels: Vec<(u64, Vec<u8>)>,
    pub kop: Option<(u64, Hash)>,
    /// The head as last recorded outside the store ([`KOP_BESTAND`]): the log must reach it.
    pub vastgelegd: Option<(u64, Hash)>,
}

/// The file outside the store that records the audit log's head: its number (the log's length,
/// pruned entries included) and hash, updated after each append. A log that was wiped
/// or cut short, its head included, no longer reaches it, and [`controleer`] says so. Embedded
/// store: in the data directory, beside sled's files; PostgreSQL: in each desk's data directory
/// (per database), holding the head that desk last saw.
pub const KOP_BESTAND: &str = "auditkop";

/// The head recorded in `file` (`<nr> <hash in hex>`); `None` when there is none (a store
/// written before the head was kept outside the store, or never audited). An unreadable file counts as a recorded head
/// that no log reaches.
pub fn kop_bestand_lezen(file: &std::path::Path) -> std::io::Result<Option<(u64, Hash)>> {
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut w = text.split_whitespace();
    let nr = w.next().and_then(|n| n.parse::<u64>().ok());
    let h = w.next().and_then(|h| {
        let b: Vec<u8> = (0..h.len())
            .step_by(2)
            .filter_map(|i| h.get(i..i + 2))
            .filter_map(|x| u8::from_str_radix(x, 16).ok())
            .collect();
        Hash::try_from(b.as_slice()).ok()
    });
    Ok(Some(match (nr, h) {
        (Some(nr), Some(h)) => (nr, h),
        _ => (u64::MAX, BEGIN),
    }))
}

/// Record `kop` in `file` (written whole, fsynced, renamed into place). Only a head further on
/// than the one recorded is written: a lower number (or the same with another hash) means the
/// log was cut short or replaced, and the check must keep saying so.
pub fn kop_bestand_schrijven(file: &std::path::Path, kop: (u64, Hash)) -> std::io::Result<()> {
    if let Ok(Some((nr, _))) = kop_bestand_lezen(file) {
        if nr >= kop.0 {
            return Ok(());
        }
    }
    use std::io::Write;
    let tmp = file.with_extension(format!("{}.tmp", std::process::id()));
    let hex: String = kop.1.iter().map(|b| format!("{b:02x}")).collect();
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(format!("{} {hex}\n", kop.0).as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, file)?;
    if let Some(dir) = file.parent() {
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breuk {
    /// The number of the first entry that does not check out.
    pub nr: u64,
    pub waarom: String,
}

impl std::fmt::Display for Breuk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "de keten is verbroken bij regel {}: {}", self.nr, self.waarom)
    }
}

/// Check the chain; the entries when it holds, else the first break.
pub fn controleer(ruw: &Ruw) -> Result<Vec<Regel>, Breuk> {
    let mut out: Vec<Regel> = Vec::with_capacity(ruw.regels.len());
    let mut vorige: Option<(u64, Hash)> = None;
    for (nr, bytes) in &ruw.regels {
        let nr = *nr;
        let r: Regel = decode(bytes).map_err(|e| Breuk { nr, waarom: format!("onleesbaar ({e})") })?;
        if r.nr != nr {
            return Err(Breuk { nr, waarom: format!("draagt nummer {} op plaats {nr}", r.nr) });
        }
        match vorige {
            Some((pnr, phash)) => {
                if nr != pnr + 1 {
                    return Err(Breuk { nr, waarom: format!("regel {} ontbreekt", pnr + 1) });
                }
                if r.vorige != phash {
                    return Err(Breuk { nr, waarom: format!("past niet bij regel {pnr} (gewijzigd?)") });
                }
            }
            None if nr == 1 => {
                if r.vorige != BEGIN {
                    return Err(Breuk { nr, waarom: "de eerste regel wijst naar een voorganger".into() });
                }
            }
            None => {
                // entries before this one were pruned: a checkpoint must vouch for them
                let anker =
                    ruw.regels.iter().filter_map(|(_, b)| decode::<Regel>(b).ok()).find_map(|x| match x.handeling {
                        Handeling::Controlepunt { tot_nr, hash } if tot_nr + 1 == nr => Some(hash),
                        _ => None,
                    });
                match anker {
                    Some(h) if h == r.vorige => {}
                    Some(_) => {
                        return Err(Breuk { nr, waarom: "past niet bij het controlepunt van de opschoning".into() })
                    }
                    None => {
                        return Err(Breuk {
                            nr,
                            waarom: format!("regels 1 t/m {} ontbreken zonder controlepunt", nr - 1),
                        })
                    }
                }
            }
        }
        vorige = Some((nr, hash(bytes)));
        out.push(r);
    }
    match (vorige, ruw.kop) {
        (None, None) => {}
        (Some((nr, h)), Some((knr, kh))) => {
            if knr != nr {
                let n = if knr > nr { nr + 1 } else { knr + 1 };
                return Err(Breuk { nr: n, waarom: format!("het logboek eindigt bij {nr} maar de kop zegt {knr}") });
            }
            if kh != h {
                return Err(Breuk { nr, waarom: "past niet bij de opgeslagen kop (gewijzigd?)".into() });
            }
        }
        (Some((nr, _)), None) => return Err(Breuk { nr, waarom: "de kop van het logboek ontbreekt".into() }),
        (None, Some((knr, _))) => {
            return Err(Breuk { nr: knr, waarom: "het logboek is leeg maar de kop bestaat".into() })
        }
    }
    if let Some(v) = ruw.vastgelegd {
        tegen_vastgelegd(ruw, &out, v)?;
    }
    Ok(out)
}

/// The checked log `regels` against the head recorded outside the store: the log reaches it
/// (it may have grown since: the record lags a crash behind at most) and holds it unchanged,
/// or pruned it behind a checkpoint.
fn tegen_vastgelegd(ruw: &Ruw, regels: &[Regel], (vnr, vh): (u64, Hash)) -> Result<(), Breuk> {
    let laatste = regels.last().map(|r| r.nr).unwrap_or(0);
    if vnr == u64::MAX {
        return Err(Breuk { nr: laatste + 1, waarom: format!("het bestand {KOP_BESTAND} is onleesbaar") });
    }
    if laatste < vnr {
        let wat = if laatste == 0 { "is leeg".to_string() } else { format!("eindigt bij regel {laatste}") };
        return Err(Breuk {
            nr: laatste + 1,
            waarom: format!(
                "het logboek {wat}, maar buiten de opslag is vastgelegd dat het tot regel {vnr} liep (gewist of ingekort?)"
            ),
        });
    }
    if let Some((_, bytes)) = ruw.regels.iter().find(|(nr, _)| *nr == vnr) {
        if hash(bytes) != vh {
            return Err(Breuk {
                nr: vnr,
                waarom: format!("wijkt af van de kop die buiten de opslag is vastgelegd ({KOP_BESTAND}; vervangen?)"),
            });
        }
        return Ok(());
    }
    // pruned since: a checkpoint vouches for it
    let gedekt = regels.iter().any(|r| match r.handeling {
        Handeling::Controlepunt { tot_nr, hash } => tot_nr > vnr || tot_nr == vnr && hash == vh,
        _ => false,
    });
    if gedekt {
        Ok(())
    } else {
        Err(Breuk { nr: vnr, waarom: format!("de regel die buiten de opslag is vastgelegd ({KOP_BESTAND}) ontbreekt") })
    }
}

/// One line per entry, for `loket audit` and its export (numbers, ids and workers, no content).
pub fn regel_tekst(r: &Regel) -> String {
    let extra = match &r.handeling {
        Handeling::Controlepunt { tot_nr, .. } => format!("  (regels t/m {tot_nr} opgeschoond)"),
        _ if !r.reden.is_empty() => format!("  reden: {}", r.reden),
        _ => String::new(),
    };
    format!(
        "{:>6}  {}  {:<16}  {:<13}  {}{extra}",
        r.nr,
        r.op.format("%Y-%m-%d %H:%M:%S"),
        r.wie,
        r.handeling.label(),
        r.onderwerp
    )
}

/// Numbers and hashes for a new entry after `kop`.
pub fn volgende(kop: Option<(u64, Hash)>) -> (u64, Hash) {
    match kop {
        Some((nr, h)) => (nr + 1, h),
        None => (1, BEGIN),
    }
}

/// The head stored beside the log: number (u64 BE) then hash.
pub fn kop_bytes(nr: u64, h: &Hash) -> Vec<u8> {
    let mut v = nr.to_be_bytes().to_vec();
    v.extend_from_slice(h);
    v
}

pub fn kop_lezen(b: &[u8]) -> Option<(u64, Hash)> {
    if b.len() != 40 {
        return None;
    }
    Some((u64::from_be_bytes(b[..8].try_into().ok()?), b[8..].try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode;

    fn t(min: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(10, min, 0).unwrap()
    }

    fn keten(n: u64) -> Ruw {
        let mut ruw = Ruw::default();
        for i in 0..n {
            let (nr, vorige) = volgende(ruw.kop);
            let g = Gebeurtenis::new(t(i as u32), "Anna", Handeling::Bekeken, Onderwerp::Contact(i));
            let b = encode(&Regel::new(nr, &g, vorige)).unwrap();
            ruw.kop = Some((nr, hash(&b)));
            ruw.regels.push((nr, b));
        }
        ruw
    }

    #[test]
    fn an_intact_chain_checks_and_every_change_is_found_at_its_entry() {
        let ruw = keten(5);
        assert_eq!(controleer(&ruw).unwrap().len(), 5);
        for i in 0..5 {
            for byte in [4, 10, 20] {
                let mut bad = ruw.clone();
                let b = &mut bad.regels[i].1;
                let at = byte.min(b.len() - 1);
                b[at] ^= 0x01;
                let e = controleer(&bad).unwrap_err();
                // the entry itself is unreadable or renumbered, or the next one (or the head)
                // no longer fits it
                assert!(e.nr == i as u64 + 1 || e.nr == i as u64 + 2, "entry {i} byte {at}: {e}");
            }
        }
        let mut gone = ruw.clone();
        gone.regels.remove(2);
        assert_eq!(controleer(&gone).unwrap_err().nr, 4);
        let mut tail = ruw.clone();
        tail.regels.pop();
        assert_eq!(controleer(&tail).unwrap_err().nr, 5);
    }

    /// A log cut short with its head, or wiped, no longer passes once its head is
    /// recorded outside the store; one that grew since (a crash before the record) does.
    #[test]
    fn the_recorded_head_catches_a_wiped_or_shortened_log() {
        let ruw = keten(5);
        let vast = ruw.kop;
        // cut short, the head in the store set back to fit: the chain itself holds
        let mut kort = keten(3);
        assert!(controleer(&kort).is_ok());
        kort.vastgelegd = vast;
        let e = controleer(&kort).unwrap_err();
        assert!(e.to_string().contains("eindigt bij regel 3") && e.to_string().contains("tot regel 5"), "{e}");
        // wiped
        let leeg = Ruw { vastgelegd: vast, ..Ruw::default() };
        assert!(controleer(&leeg).unwrap_err().to_string().contains("is leeg"));
        // a different log of the same length
        let mut vervangen = keten(5);
        vervangen.vastgelegd = Some((5, [9; 32]));
        assert!(controleer(&vervangen).unwrap_err().to_string().contains("wijkt af"));
        // the same log, or a longer one: in order; a fresh store without a record: in order
        let mut zelfde = keten(5);
        zelfde.vastgelegd = vast;
        assert_eq!(controleer(&zelfde).unwrap().len(), 5);
        let mut langer = keten(7);
        langer.vastgelegd = vast;
        assert_eq!(controleer(&langer).unwrap().len(), 7);
        assert!(controleer(&Ruw::default()).unwrap().is_empty());
    }

    #[test]
    fn the_head_file_is_written_whole_and_never_set_back() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join(KOP_BESTAND);
        assert_eq!(kop_bestand_lezen(&f).unwrap(), None);
        kop_bestand_schrijven(&f, (4, [1; 32])).unwrap();
        assert_eq!(kop_bestand_lezen(&f).unwrap(), Some((4, [1; 32])));
        kop_bestand_schrijven(&f, (3, [2; 32])).unwrap();
        kop_bestand_schrijven(&f, (4, [2; 32])).unwrap();
        assert_eq!(kop_bestand_lezen(&f).unwrap(), Some((4, [1; 32])), "never set back or replaced");
        kop_bestand_schrijven(&f, (5, [3; 32])).unwrap();
        assert_eq!(kop_bestand_lezen(&f).unwrap(), Some((5, [3; 32])));
        std::fs::write(&f, "rommel").unwrap();
        assert_eq!(kop_bestand_lezen(&f).unwrap().map(|k| k.0), Some(u64::MAX));
    }
}

//! The resident's plan (leefplan) of a dossier, worked by the cliëntondersteuner, and the
//! "opvolgen" worklist of follow-ups that are due (the desk: its own referrals; the backoffice:
//! the plans' arrangements). A component of its own: its state, its actions, its prompts, its
//! effects (carried out by [`uitvoeren`]) and its messages ([`bericht`]).

use std::path::PathBuf;

use chrono::NaiveDate;

use super::text_field::TextField;
use super::{Effect, Msg, Overlay, PromptKind, Screen, State};
use crate::app::Action;
use loket_domain::account::Recht;
use loket_domain::briefhoofd::Briefhoofd;
use loket_domain::contact::{Afhandeling, Status};
use loket_domain::kaart::Wet;
use loket_domain::kosten::Kostenregels;
use loket_domain::leefplan::{Kosten, Maandoverzicht, NieuwOnderdeel, Plan, Resultaat, Vorm};
use loket_domain::opvolging::{self, Herkomst, Uitkomst, Vervolgstap, Verwijzingsopvolging, Voor, Werkregel};
use loket_store::audit::{Handeling, Onderwerp};
use loket_store::Store;

/// The plan screen and the worklist.
#[derive(Debug, Clone)]
pub struct PlanState {
    /// The dossier whose plan is open.
    pub dossier: Option<u64>,
    /// The plan as stored (None: none yet, or not read yet).
    pub plan: Option<Plan>,
    /// The plan was read (so None means: no plan yet).
    pub gelezen: bool,
    /// The selected arrangement (index).
    pub selected: usize,
    /// Show the monthly overview instead of the arrangement's details.
    pub overzicht: bool,
    /// How far the lower pane (details or overview) is scrolled, in lines.
    pub scroll: u16,
    pub kostenregels: Kostenregels,
    /// The loket's letterhead for the printed overview (config `[loket]`).
    pub briefhoofd: Briefhoofd,
    /// Days after a referral when it is followed up (config `opvolgen_na_dagen`).
    pub opvolgen_dagen: u32,
    /// The stored follow-ups of desk referrals and every plan, for the worklist.
    pub verwijzingen: Vec<Verwijzingsopvolging>,
    pub plannen: Vec<Plan>,
    pub werk_selected: usize,
    /// The worklist was shown from which screen (Esc goes back there).
    pub terug: Option<Screen>,
    /// The last printed overview (its path, to say where it is).
    pub afgedrukt: Option<PathBuf>,
}

impl Default for PlanState {
    fn default() -> Self {
        PlanState {
            dossier: None,
            plan: None,
            gelezen: false,
            selected: 0,
            overzicht: false,
            scroll: 0,
            kostenregels: Kostenregels::standaard(),
            briefhoofd: Briefhoofd::default(),
            opvolgen_dagen: opvolging::OPVOLGEN_NA_DAGEN,
            verwijzingen: Vec::new(),
            plannen: Vec::new(),
            werk_selected: 0,
            terug: None,
            afgedrukt: None,
        }
    }
}

/// What a prompt of this component asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vraag {
    /// A new arrangement: "naam; aanbieder; wet; vorm; hoe vaak; resultaat".
    Toevoegen,
    /// Approval: the resident's name.
    Goedkeuren,
    /// How often, and why (arrangement nr).
    Wijzigen(u32),
    /// Step E result and note (arrangement nr).
    Evalueren(u32),
    /// A follow-up's outcome and note.
    Opvolgen(Herkomst),
    /// The next step after an outcome other than geholpen.
    Vervolg(Herkomst),
    /// A signal to the provider about arrangement nr.
    Signaal(u32),
}

impl Vraag {
    pub fn titel(self) -> &'static str {
        match self {
            Vraag::Toevoegen => {
                "Nieuw onderdeel: naam; aanbieder; wet; vorm; hoe vaak; resultaat in de woorden van de bewoner (wet: wmo, jeugdwet, participatiewet, woningwet, welzijn, wlz, zvw; vorm: algemeen, maatwerk, pgb, informeel)"
            }
            Vraag::Goedkeuren => "Goedkeuren door beide partijen: naam van de bewoner (de consulent bent u)",
            Vraag::Wijzigen(_) => "Wijzigen: hoe vaak; waarom (bv. 3 uur per week; trap lukt niet meer)",
            Vraag::Evalueren(_) => "Evaluatie (stap E): behaald, deels of niet; notitie",
            Vraag::Opvolgen(_) => {
                "Opvolgen: geholpen, wachtlijst, niet passend, niet aangekomen of onbekend; notitie"
            }
            Vraag::Signaal(_) => "Signaal aan de aanbieder: wat is te laat of onvoldoende? (zonder namen)",
            Vraag::Vervolg(_) => {
                "Niet geholpen: volgende stap? 1 opnieuw zoeken in de kaart · 2 overdragen · 3 onvervulde behoefte: wat"
            }
        }
    }
}

/// Work for the runtime.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanEffect {
    /// Read the plan of this dossier.
    Laad(u64),
    /// Store the plan (at its revision) with an audit entry of `handeling` on the dossier.
    Bewaar { plan: Box<Plan>, handeling: Handeling },
    /// Read the stored follow-ups and every plan, for the worklist.
    LaadWerklijst,
    /// Store a desk referral's follow-up with an audit entry on the contact.
    BewaarOpvolging(Box<Verwijzingsopvolging>),
    /// Write the printed overview to the data directory and open it in the browser.
    Afdrukken { overzicht: Box<Maandoverzicht>, briefhoofd: Box<Briefhoofd>, dir: PathBuf },
}

/// What the runtime reports back.
#[derive(Debug, Clone)]
pub enum PlanMsg {
    Geladen(u64, Option<Box<Plan>>),
    Opgeslagen(Box<Plan>),
    Werklijst { verwijzingen: Vec<Verwijzingsopvolging>, plannen: Vec<Plan> },
    OpvolgingOpgeslagen(Box<Verwijzingsopvolging>),
    Afgedrukt(PathBuf),
    Mislukt(String),
}

fn effect(e: PlanEffect) -> Vec<Effect> {
    vec![Effect::Plan(Box::new(e))]
}

/// Open the plan of the dossier selected in the queue.
pub fn open_uit_wachtrij(state: &mut State, dossier: u64) -> Vec<Effect> {
    if state.geweigerd(Recht::DossiersWerken) {
        return Vec::new();
    }
    let p = &mut state.plan;
    if p.dossier != Some(dossier) {
        p.plan = None;
        p.gelezen = false;
        p.selected = 0;
    }
    p.dossier = Some(dossier);
    p.overzicht = false;
    p.scroll = 0;
    state.screen = Screen::Plan;
    effect(PlanEffect::Laad(dossier))
}

/// Open the worklist.
pub fn open_werklijst(state: &mut State) -> Vec<Effect> {
    if state.screen != Screen::Opvolgen {
        state.plan.terug = Some(state.screen);
    }
    state.screen = Screen::Opvolgen;
    state.plan.werk_selected = 0;
    effect(PlanEffect::LaadWerklijst)
}

/// The month shown: the one of today.
pub fn maand(state: &State) -> NaiveDate {
    state.now.date()
}

/// The overview of the open plan for this month.
pub fn overzicht(state: &State) -> Option<Maandoverzicht> {
    let p = state.plan.plan.as_ref()?;
    Some(p.maandoverzicht(maand(state), &state.plan.kostenregels))
}

/// Does this worker see the backoffice side of the worklist (the plans)?
fn ziet_plannen(state: &State) -> bool {
    state.mag(Recht::DossiersWerken)
}

/// Every desk referral's follow-up: the stored one, else the one derived from the closed contact.
fn alle_verwijzingen(state: &State) -> Vec<Verwijzingsopvolging> {
    let mut out = state.plan.verwijzingen.clone();
    for c in &state.contacts {
        if c.status != Status::Afgesloten || !matches!(c.afhandeling, Some(Afhandeling::VerwezenNaarAanbieder)) {
            continue;
        }
        if out.iter().any(|v| v.contact_id == c.id) {
            continue;
        }
        let naar: Vec<&str> = c.links.iter().map(|l| l.naam.as_str()).collect();
        if let Some(v) = opvolging::van_verwijzing(c, &naar.join(", "), state.plan.opvolgen_dagen) {
            out.push(v);
        }
    }
    out
}

/// The rows of the worklist today: the desk's own referrals (every desk referral for a worker
/// without a name), then the plans' arrangements for the backoffice.
pub fn werkrijen(state: &State) -> Vec<Werkregel> {
    let vandaag = state.now.date();
    let mut rows = Vec::new();
    if state.mag(Recht::ContactRegistreren) || !ziet_plannen(state) {
        let voor = Voor::Balie { medewerker: state.medewerker.clone() };
        rows.extend(opvolging::werklijst(&voor, &alle_verwijzingen(state), &[], vandaag));
    }
    if ziet_plannen(state) {
        rows.extend(opvolging::werklijst(&Voor::Backoffice, &[], &state.plan.plannen, vandaag));
    }
    rows
}

fn selected_nr(state: &State) -> Option<u32> {
    state.plan.plan.as_ref()?.onderdelen.get(state.plan.selected).map(|o| o.nr)
}

fn prompt(state: &mut State, v: Vraag) {
    state.overlay = Some(Overlay::Prompt { kind: PromptKind::Plan(v), field: TextField::default(), error: None });
}

/// An action on the plan screen.
pub fn action(state: &mut State, a: Action) -> Vec<Effect> {
    let n = state.plan.plan.as_ref().map(|p| p.onderdelen.len()).unwrap_or(0);
    match a {
        Action::Next => {
            state.plan.selected = (state.plan.selected + 1).min(n.saturating_sub(1));
            state.plan.scroll = 0;
        }
        Action::Previous => {
            state.plan.selected = state.plan.selected.saturating_sub(1);
            state.plan.scroll = 0;
        }
        Action::PlanOverzicht => {
            state.plan.overzicht = !state.plan.overzicht;
            state.plan.scroll = 0;
        }
        // the lower pane; the view stops at its last line
        Action::DetailDown => state.plan.scroll = state.plan.scroll.saturating_add(3),
        Action::DetailUp => state.plan.scroll = state.plan.scroll.saturating_sub(3),
        Action::PageDown => state.plan.scroll = state.plan.scroll.saturating_add(10),
        Action::PageUp => state.plan.scroll = state.plan.scroll.saturating_sub(10),
        Action::PlanToevoegen if state.plan.gelezen => prompt(state, Vraag::Toevoegen),
        Action::PlanGoedkeuren if n > 0 => prompt(state, Vraag::Goedkeuren),
        Action::PlanWijzigen | Action::PlanEvalueren | Action::PlanOpvolgen | Action::PlanSignaal => {
            let Some(nr) = selected_nr(state) else {
                state.warn("Dit plan heeft nog geen onderdelen: voeg er eerst een toe.");
                return Vec::new();
            };
            let dossier = state.plan.dossier.unwrap_or_default();
            prompt(
                state,
                match a {
                    Action::PlanWijzigen => Vraag::Wijzigen(nr),
                    Action::PlanEvalueren => Vraag::Evalueren(nr),
                    Action::PlanSignaal => Vraag::Signaal(nr),
                    _ => Vraag::Opvolgen(Herkomst::Plan(dossier, nr)),
                },
            );
        }
        Action::PlanAfdrukken => {
            let Some(o) = overzicht(state) else {
                state.warn("Er is nog geen plan om af te drukken.");
                return Vec::new();
            };
            return effect(PlanEffect::Afdrukken {
                overzicht: Box::new(o),
                briefhoofd: Box::new(state.plan.briefhoofd.clone()),
                dir: PathBuf::from(&state.data_dir),
            });
        }
        Action::Cancel | Action::Queue => state.screen = Screen::Queue,
        _ => {}
    }
    Vec::new()
}

/// An action on the worklist.
pub fn werk_action(state: &mut State, a: Action) -> Vec<Effect> {
    let n = werkrijen(state).len();
    match a {
        Action::Next => state.plan.werk_selected = (state.plan.werk_selected + 1).min(n.saturating_sub(1)),
        Action::Previous => state.plan.werk_selected = state.plan.werk_selected.saturating_sub(1),
        Action::PlanOpvolgen => {
            let Some(r) = werkrijen(state).get(state.plan.werk_selected).cloned() else {
                state.info("Er is vandaag niets op te volgen.");
                return Vec::new();
            };
            if let Herkomst::Plan(d, _) = r.herkomst {
                // the plan is worked on as stored: read it (the answer is kept in the worklist)
                state.plan.dossier = Some(d);
                state.plan.plan = state.plan.plannen.iter().find(|p| p.dossier_id == d).cloned();
                state.plan.gelezen = state.plan.plan.is_some();
            }
            prompt(state, Vraag::Opvolgen(r.herkomst));
        }
        Action::Cancel => state.screen = state.plan.terug.take().unwrap_or(Screen::Kaart),
        _ => {}
    }
    Vec::new()
}

fn delen(text: &str) -> Vec<String> {
    text.split(';').map(|s| s.trim().to_string()).collect()
}

fn wet_van(s: &str) -> Option<Wet> {
    Wet::ALL
        .into_iter()
        .find(|w| w.code() == s.trim().to_lowercase() || w.label().to_lowercase() == s.trim().to_lowercase())
}

fn uitkomst_van(s: &str) -> Option<Uitkomst> {
    let s = s.trim().to_lowercase();
    if s == "wachtlijst" {
        return Some(Uitkomst::OpWachtlijst);
    }
    Uitkomst::from_code(&s)
}

/// Look a name up in the sociale kaart: (key, provider, law, phone) of an entry with that name.
fn uit_kaart(state: &State, naam: &str) -> Option<(String, String, Wet, String)> {
    let cat = state.catalog.as_ref()?;
    let k = cat.kaart()?;
    let want = naam.trim().to_lowercase();
    let v = k.voorzieningen.iter().find(|v| v.naam.to_lowercase() == want)?;
    let org = k.organisaties.iter().find(|o| o.id == v.organisatie_id);
    let tel = v.telefoon.first().or(org.and_then(|o| o.telefoon.first())).map(|t| t.nummer.clone()).unwrap_or_default();
    Some((format!("v/{}", v.id), org.map(|o| o.naam.clone()).unwrap_or_default(), v.wet, tel))
}

/// A prompt of this component was confirmed.
pub fn prompt_done(state: &mut State, v: Vraag, text: &str) -> Result<Vec<Effect>, String> {
    let now = state.now;
    let door = state.medewerker.clone();
    let d = delen(text);
    let deel = |i: usize| d.get(i).cloned().unwrap_or_default();
    // a follow-up of a desk referral is not about the open plan
    if let Vraag::Opvolgen(Herkomst::Verwijzing(cid)) | Vraag::Vervolg(Herkomst::Verwijzing(cid)) = v {
        let mut vo = alle_verwijzingen(state)
            .into_iter()
            .find(|x| x.contact_id == cid)
            .ok_or_else(|| format!("de verwijzing van contact {cid} is niet (meer) gevonden"))?;
        let vervolg = match v {
            Vraag::Opvolgen(_) => {
                let u = uitkomst_van(&deel(0))
                    .ok_or("kies geholpen, wachtlijst, niet passend, niet aangekomen of onbekend")?;
                vo.opvolging.leg_vast(u, &d[1..].join("; "), now, &door);
                u.vraagt_vervolg()
            }
            _ => {
                vo.opvolging.kies_vervolg(vervolgstap(text)?).map_err(str::to_string)?;
                if matches!(vo.opvolging.vervolg, Some(Vervolgstap::OpnieuwZoeken)) {
                    state.screen = Screen::Kaart;
                }
                false
            }
        };
        state.overlay = None;
        if vervolg {
            prompt(state, Vraag::Vervolg(Herkomst::Verwijzing(cid)));
        }
        return Ok(effect(PlanEffect::BewaarOpvolging(Box::new(vo))));
    }
    let Some(mut p) = state.plan.plan.clone().or_else(|| {
        state.plan.dossier.filter(|_| state.plan.gelezen).map(|dossier| {
            let mut p = Plan::nieuw(dossier, &door, now);
            if let Some(k) = state.backoffice.cases.iter().find(|k| k.id == dossier) {
                let c = state.contacts.iter().find(|c| c.id == k.contact_id);
                p.geboortejaar = c.and_then(|c| c.client.geboortejaar);
            }
            p
        })
    }) else {
        return Err("het plan is nog niet gelezen; probeer het zo opnieuw".into());
    };
    let mut vervolg = None;
    let handeling = if p.rev == 0 { Handeling::Aangemaakt } else { Handeling::Gewijzigd };
    match v {
        Vraag::Toevoegen => {
            let naam = deel(0);
            let kaart = uit_kaart(state, &naam);
            let aanbieder =
                if deel(1).is_empty() { kaart.as_ref().map(|k| k.1.clone()).unwrap_or_default() } else { deel(1) };
            let wet = match wet_van(&deel(2)) {
                Some(w) => w,
                None if deel(2).is_empty() => {
                    kaart.as_ref().map(|k| k.2).ok_or("welke wet? (wmo, welzijn, participatiewet, …)")?
                }
                None => {
                    return Err(format!(
                        "onbekende wet '{}' (wmo, jeugdwet, participatiewet, woningwet, welzijn, wlz, zvw)",
                        deel(2)
                    ))
                }
            };
            let vorm = Vorm::from_code(&deel(3)).ok_or("welke vorm? (algemeen, maatwerk, pgb, informeel)")?;
            let n = NieuwOnderdeel {
                kaart_sleutel: kaart.as_ref().map(|k| k.0.clone()).unwrap_or_default(),
                naam,
                aanbieder,
                telefoon: kaart.map(|k| k.3).unwrap_or_default(),
                wet,
                vorm,
                start: now.date(),
                eind: None,
                hoe_vaak: deel(4),
                resultaat: d.get(5..).map(|r| r.join("; ")).unwrap_or_default(),
                kosten: Kosten::VolgensRegels,
                rolstoel: false,
                duurzame_relatie: false,
            };
            p.voeg_toe(n, state.plan.opvolgen_dagen, now, &door).map_err(|e| e.to_string())?;
            state.plan.selected = p.onderdelen.len() - 1;
        }
        Vraag::Goedkeuren => p.keur_goed(now.date(), text, &door, now).map_err(|e| e.to_string())?,
        Vraag::Wijzigen(nr) => {
            p.wijzig_hoe_vaak(nr, &deel(0), &d[1..].join("; "), now, &door).map_err(|e| e.to_string())?
        }
        Vraag::Evalueren(nr) => {
            let r = Resultaat::from_code(&deel(0)).ok_or("kies behaald, deels of niet")?;
            p.evalueer(nr, r, &d[1..].join("; "), now, &door).map_err(|e| e.to_string())?;
        }
        Vraag::Opvolgen(Herkomst::Plan(_, nr)) => {
            let u =
                uitkomst_van(&deel(0)).ok_or("kies geholpen, wachtlijst, niet passend, niet aangekomen of onbekend")?;
            p.volg_op(nr, u, &d[1..].join("; "), now, &door).map_err(|e| e.to_string())?;
            if u.vraagt_vervolg() {
                vervolg = Some(Vraag::Vervolg(Herkomst::Plan(p.dossier_id, nr)));
            }
        }
        Vraag::Vervolg(Herkomst::Plan(_, nr)) => {
            let stap = vervolgstap(text)?;
            let zoeken = matches!(stap, Vervolgstap::OpnieuwZoeken);
            p.kies_vervolg(nr, stap, now, &door).map_err(|_| "na 'geholpen' is geen vervolgstap nodig".to_string())?;
            if zoeken {
                state.screen = Screen::Kaart;
            }
        }
        Vraag::Signaal(nr) => {
            if text.trim().is_empty() {
                return Err("beschrijf kort wat te laat of onvoldoende is".into());
            }
            p.signaleer(nr, text, now, &door).map_err(|e| e.to_string())?;
        }
        Vraag::Opvolgen(_) | Vraag::Vervolg(_) => {}
    }
    state.overlay = None;
    state.plan.plan = Some(p.clone());
    if let Some(v) = vervolg {
        prompt(state, v);
    }
    Ok(effect(PlanEffect::Bewaar { plan: Box::new(p), handeling }))
}

fn vervolgstap(text: &str) -> Result<Vervolgstap, String> {
    let t = text.trim();
    let (keuze, rest) = t.split_once([':', ';']).unwrap_or((t, ""));
    match keuze.trim() {
        "1" | "zoeken" | "opnieuw zoeken" => Ok(Vervolgstap::OpnieuwZoeken),
        "2" | "overdragen" => Ok(Vervolgstap::Overdragen),
        "3" | "behoefte" | "onvervulde behoefte" if !rest.trim().is_empty() => {
            Ok(Vervolgstap::OnvervuldeBehoefte { wat: rest.trim().to_string() })
        }
        "3" | "behoefte" | "onvervulde behoefte" => Err("schrijf na '3:' wat er nodig is (zonder namen)".into()),
        _ => Err("kies 1, 2 of 3".into()),
    }
}

/// Carry out an effect against the store (the runtime calls this).
pub fn uitvoeren(store: &dyn Store, state: &mut State, e: PlanEffect) -> Msg {
    let m = match e {
        PlanEffect::Laad(id) => match store.plan(id) {
            Ok(p) => {
                super::audit::log(store, state, vec![(Handeling::Bekeken, Onderwerp::Dossier(id))]);
                PlanMsg::Geladen(id, p.map(Box::new))
            }
            Err(e) => PlanMsg::Mislukt(format!("leefplan van dossier {id} niet te lezen: {e}")),
        },
        PlanEffect::Bewaar { mut plan, handeling } => {
            let o = Onderwerp::Dossier(plan.dossier_id);
            let log = super::audit::bij_wijziging(state, handeling.clone(), o);
            match store.save_plan_gelogd(&plan, &log) {
                Ok(rev) => {
                    super::audit::gelogd(state, handeling, o);
                    plan.rev = rev;
                    PlanMsg::Opgeslagen(plan)
                }
                Err(e) => PlanMsg::Mislukt(format!("leefplan niet opgeslagen: {e}")),
            }
        }
        PlanEffect::LaadWerklijst => match (store.opvolgingen(), store.plannen()) {
            (Ok(v), Ok(p)) => {
                let mut skipped = v.skipped;
                skipped.extend(p.skipped);
                if !skipped.is_empty() {
                    state.warn(format!(
                        "{} opgeslagen opvolging(en) of plan(nen) onleesbaar, overgeslagen",
                        skipped.len()
                    ));
                }
                PlanMsg::Werklijst { verwijzingen: v.value, plannen: p.value }
            }
            (Err(e), _) | (_, Err(e)) => PlanMsg::Mislukt(format!("opvolgen: niet te lezen: {e}")),
        },
        PlanEffect::BewaarOpvolging(mut v) => {
            let o = Onderwerp::Contact(v.contact_id);
            let log = super::audit::bij_wijziging(state, Handeling::Gewijzigd, o);
            match store.save_opvolging_gelogd(&v, &log) {
                Ok(rev) => {
                    super::audit::gelogd(state, Handeling::Gewijzigd, o);
                    v.rev = rev;
                    PlanMsg::OpvolgingOpgeslagen(v)
                }
                Err(e) => PlanMsg::Mislukt(format!("opvolging niet opgeslagen: {e}")),
            }
        }
        PlanEffect::Afdrukken { overzicht, briefhoofd, dir } => {
            let r = crate::overzicht::schrijf(&dir, &overzicht, &briefhoofd, state.now)
                .and_then(|f| crate::overzicht::open(&f).map(|_| f));
            match r {
                Ok(f) => {
                    super::audit::log(
                        store,
                        state,
                        vec![(Handeling::Geexporteerd, Onderwerp::Dossier(overzicht.dossier_id))],
                    );
                    PlanMsg::Afgedrukt(f)
                }
                Err(e) => PlanMsg::Mislukt(format!("overzicht niet af te drukken: {e:#}")),
            }
        }
    };
    Msg::Plan(Box::new(m))
}

/// A message of this component.
pub fn bericht(state: &mut State, m: PlanMsg) -> Vec<Effect> {
    match m {
        PlanMsg::Geladen(id, p) if state.plan.dossier == Some(id) => {
            state.plan.plan = p.map(|p| *p);
            state.plan.gelezen = true;
            let n = state.plan.plan.as_ref().map(|p| p.onderdelen.len()).unwrap_or(0);
            state.plan.selected = state.plan.selected.min(n.saturating_sub(1));
        }
        PlanMsg::Geladen(..) => {}
        PlanMsg::Opgeslagen(p) => {
            if let Some(x) = state.plan.plannen.iter_mut().find(|x| x.dossier_id == p.dossier_id) {
                *x = (*p).clone();
            } else {
                state.plan.plannen.push((*p).clone());
            }
            if state.plan.dossier == Some(p.dossier_id) {
                state.plan.plan = Some(*p);
            }
            state.info("Leefplan opgeslagen.");
        }
        PlanMsg::Werklijst { verwijzingen, plannen } => {
            state.plan.verwijzingen = verwijzingen;
            state.plan.plannen = plannen;
        }
        PlanMsg::OpvolgingOpgeslagen(v) => {
            state.plan.verwijzingen.retain(|x| x.contact_id != v.contact_id);
            state.info(format!("Opvolging van contact {} opgeslagen: {}.", v.contact_id, v.opvolging.samenvatting()));
            state.plan.verwijzingen.push(*v);
        }
        PlanMsg::Afgedrukt(f) => {
            state.info(format!("Overzicht geopend in de browser ({}; wordt later verwijderd).", f.display()));
            state.plan.afgedrukt = Some(f);
        }
        PlanMsg::Mislukt(e) => {
            // what was typed stays on screen as the stored copy: read it again
            state.status = Some((super::Level::Error, e));
            if let (Some(id), Screen::Plan) = (state.plan.dossier, state.screen) {
                return effect(PlanEffect::Laad(id));
            }
        }
    }
    Vec::new()
}

/// At start: the stored follow-ups and the plans. A worker who does not work dossiers (the desk)
/// gets of each plan only that it exists and whom to call.
pub fn bij_start(store: &dyn Store, dossiers: bool) -> Option<Msg> {
    let verwijzingen = store.opvolgingen().ok()?.value;
    let plannen = store
        .plannen()
        .ok()?
        .value
        .into_iter()
        .map(|p| {
            if dossiers {
                return p;
            }
            let mut kaal = Plan::nieuw(p.dossier_id, &p.consulent, p.aangemaakt);
            kaal.consulent_telefoon = p.consulent_telefoon;
            kaal
        })
        .collect();
    Some(Msg::Plan(Box::new(PlanMsg::Werklijst { verwijzingen, plannen })))
}

/// What the desk sees of a dossier's plan: only that it exists and who to call.
pub fn voor_balie(p: &Plan) -> String {
    let tel = if p.consulent_telefoon.is_empty() { String::new() } else { format!(", {}", p.consulent_telefoon) };
    format!("Er is een leefplan; bel consulent {}{tel}.", p.consulent)
}

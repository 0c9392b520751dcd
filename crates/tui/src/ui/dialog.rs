//! Small dialogs: a one-line text prompt and a yes/no question.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::{centered, theme::Theme};
use crate::app::text_field::TextField;
use crate::app::{Action, ConfirmKind, PromptKind, State};
use crate::keymap::Context;

pub fn draw_prompt(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    kind: PromptKind,
    field: &TextField,
    error: Option<&str>,
    theme: &Theme,
) {
    let r = centered(area, 76, 6);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(Span::styled(format!(" {} ", kind.title()), theme.title())).title_bottom(hint(
        state,
        Context::Prompt,
        "opslaan",
        "terug",
    ));
    let inner = block.inner(r);
    let mut lines = vec![Line::from(field.value().to_string()), Line::from("")];
    if let Some(e) = error {
        lines.push(Line::from(Span::styled(format!("✗ {e}"), theme.alert())));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), r);
    frame.set_cursor_position((inner.x + (field.cursor_width() as u16).min(inner.width.saturating_sub(1)), inner.y));
}

/// " j = ja · n = nee ": the live keys of `ctx` for confirm and cancel.
fn hint(state: &State, ctx: Context, yes: &str, no: &str) -> String {
    let k = |a: Action| state.keymap.key_for(ctx, a);
    let parts: Vec<String> = [(Action::Confirm, yes), (Action::Cancel, no)]
        .into_iter()
        .filter_map(|(a, what)| k(a).map(|k| format!("{k} = {what}")))
        .collect();
    format!(" {} ", parts.join(" · "))
}

pub fn draw_confirm(frame: &mut Frame, area: Rect, state: &State, kind: ConfirmKind, theme: &Theme) {
    let text = match kind {
        // a write still waits for the store: say so, never "alles is bewaard"
        ConfirmKind::QuitWithContact | ConfirmKind::QuitNietOpgeslagen if crate::app::herstel::wacht(state) => {
            niet_opgeslagen(state)
        }
        ConfirmKind::Melding => format!("{}\n\n", state.melding.as_deref().unwrap_or("")),
        ConfirmKind::QuitNietOpgeslagen => "Alles is inmiddels opgeslagen.\n\nAfsluiten? ".to_string(),
        ConfirmKind::Herstel(id) => {
            let wat = state
                .herstel
                .iter()
                .find(|(_, h)| h.contact.id == id)
                .map(|(_, h)| {
                    let v: String = h.contact.vraag.chars().take(60).collect();
                    format!("contact {id} van {} {}: \"{v}\"", h.contact.start.format("%d-%m"), h.contact.start.format("%H:%M"))
                })
                .unwrap_or_default();
            format!(
                "Bij het vorige afsluiten kon dit niet worden opgeslagen; het is in een herstelbestand op deze pc bewaard:\n{wat}\n\nTerugzetten? "
            )
        }
        ConfirmKind::QuitWithContact => match state.contact.as_ref().map(|cs| cs.ongeldig()).filter(|v| !v.is_empty()) {
            Some(bad) => format!(
                "Er staat een contact open; het is bewaard als concept en komt bij de volgende start terug. Niet geldig: {}. Een ongeldig BSN wordt nooit bewaard; andere ongeldige tekst wel, zoals getypt.\n\nToch afsluiten? ",
                ongeldig_text(&bad)
            ),
            None => "Er staat een contact open. Alles is bewaard als concept en komt bij de volgende start terug.\n\nToch afsluiten? ".to_string(),
        },
        ConfirmKind::CloseWithInvalid | ConfirmKind::HandoffWithInvalid => {
            let bad = state.contact.as_ref().map(|cs| cs.ongeldig()).unwrap_or_default();
            format!(
                "Niet geldig: {}. Bij afsluiten blijft de getypte tekst bij het contact bewaard, behalve een BSN (dat wordt niet bewaard).\n\nToch afsluiten? (nee: eerst verbeteren) ",
                ongeldig_text(&bad)
            )
        }
        ConfirmKind::QuitDuringImport => {
            "Er loopt nog een import. Als u nu afsluit, wordt er niets geïmporteerd (de kaart blijft zoals hij was).\n\nToch afsluiten? ".to_string()
        }
        ConfirmKind::ResumeDraft(id) => {
            let c = state.contacts.iter().find(|c| c.id == id);
            let wat = c
                .map(|c| {
                    let v: String = c.vraag.chars().take(60).collect();
                    format!("{} {} ({}): \"{}\"", c.start.format("%d-%m"), c.start.format("%H:%M"), c.kanaal.label(), v)
                })
                .unwrap_or_default();
            format!("Er is een onafgerond contact (concept) gevonden:\n{wat}\n\nVerder werken? ")
        }
        ConfirmKind::DiscardContact(id) => format!(
            "Contact {id} weggooien? Het wordt verwijderd en niet meegeteld (bedoeld voor een contact dat per ongeluk is gestart).\n\nWeggooien? "
        ),
        ConfirmKind::CloseCaseWithClock(id) => {
            let klok = state
                .backoffice
                .cases
                .iter()
                .find(|c| c.id == id)
                .and_then(|c| c.wmo.as_ref())
                .map(|w| {
                    w.open_termijnen()
                        .iter()
                        .map(|(d, what)| format!("{what}, uiterlijk {}", d.format("%d-%m-%Y")))
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .unwrap_or_default();
            format!("Dossier {id} afsluiten? Er loopt nog een Wmo-termijn: {klok}.\n\nToch afsluiten? ")
        }
        ConfirmKind::CancelAppointment(id) => format!(
            "De afspraak van dossier {id} afzeggen? De bevestiging en het agenda-bestand worden bijgewerkt.\n\nAfzeggen? "
        ),
        ConfirmKind::BeschikbaarheidGeraakt => super::beschikbaarheid::vraag(state).0,
        ConfirmKind::BeschikbaarheidVerwerpen => {
            "De beschikbaarheid is gewijzigd maar niet opgeslagen.\n\nWijzigingen weggooien? ".to_string()
        }
        ConfirmKind::QuitMetBeheerWijzigingen => {
            "Er zijn wijzigingen in de beschikbaarheid of de woordenlijsten die nog niet zijn opgeslagen.\n\nToch afsluiten? (de wijzigingen gaan verloren) ".to_string()
        }
        ConfirmKind::Vervallen => {
            let naam = crate::app::beheer::gekozen_naam(state).unwrap_or_default();
            format!("'{naam}' laten vervallen? De regel is daarna niet meer te vinden en staat niet meer in de werklijst; hij blijft bewaard in de geschiedenis.\n\nVervallen? ")
        }
        ConfirmKind::FormVerwerpen => {
            "Het formulier is gewijzigd maar niet opgeslagen.\n\nWijzigingen weggooien? ".to_string()
        }
        ConfirmKind::WoordenlijstVerwerpen => {
            "De woordenlijsten zijn gewijzigd maar niet opgeslagen.\n\nWijzigingen weggooien? ".to_string()
        }
    };
    let answer = match kind {
        ConfirmKind::ResumeDraft(_) => hint(state, Context::Confirm, "ja", "later (blijft in de contactenlijst)"),
        ConfirmKind::QuitWithContact | ConfirmKind::QuitNietOpgeslagen if crate::app::herstel::wacht(state) => {
            hint(state, Context::Confirm, "afsluiten met herstelbestand", "wachten en opnieuw proberen")
        }
        ConfirmKind::Herstel(_) => hint(state, Context::Confirm, "ja", "later (het bestand blijft)"),
        ConfirmKind::Melding => match state.keymap.key_for_without_text(Context::Confirm, Action::Confirm) {
            Some(k) => format!(" {k} = gezien "),
            None => hint(state, Context::Confirm, "gezien", "gezien"),
        },
        _ => hint(state, Context::Confirm, "ja", "nee"),
    };
    let text = format!("{text}{}", answer.trim_end());
    let h = match kind {
        ConfirmKind::BeschikbaarheidGeraakt => 10 + super::beschikbaarheid::vraag(state).1,
        ConfirmKind::QuitWithContact | ConfirmKind::QuitNietOpgeslagen if crate::app::herstel::wacht(state) => 11,
        ConfirmKind::Melding => 9,
        _ => 8,
    };
    let r = centered(area, 72, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(Span::styled(" Let op ", theme.warning()));
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }).block(block), r);
}

/// The quit question while a write waits for the store: what is not saved, and the choice.
fn niet_opgeslagen(state: &State) -> String {
    let fout = state.unsaved.as_deref().unwrap_or("");
    let contact = match state.contact.as_ref() {
        Some(cs) if crate::app::sync::close_pending(state) => {
            format!("Contact {} is nog niet afgesloten (het afsluiten is niet opgeslagen). ", cs.contact.id)
        }
        Some(cs) => format!("De laatste wijzigingen in contact {} zijn niet opgeslagen. ", cs.contact.id),
        None => String::new(),
    };
    let dossiers = if state.pending_cases.is_empty() {
        String::new()
    } else {
        format!(
            "{} dossierwijziging(en) zijn niet opgeslagen en gaan bij afsluiten verloren. ",
            state.pending_cases.len()
        )
    };
    format!(
        "Niet alles is opgeslagen ({fout}). {contact}{dossiers}\n\nWachten: loket probeert het om de paar seconden opnieuw. Afsluiten: wat van het contact niet is opgeslagen wordt in een herstelbestand op deze pc bewaard (alleen voor u leesbaar) en bij de volgende start teruggeboden.\n\nAfsluiten? "
    )
}

fn ongeldig_text(bad: &[(crate::app::contact::Field, String)]) -> String {
    bad.iter().map(|(f, t)| format!("{} '{t}'", f.label())).collect::<Vec<_>>().join(", ")
}

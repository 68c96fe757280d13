//! Every edit of the staff survey, applied by [`Workspace::apply`] through
//! [`crate::domain::Command::Survey`]: validated first, then applied whole or refused with nothing changed.

use std::collections::HashSet;

use super::codec::SurveyResponse;
use super::disclose::check_threshold;
use super::instrument::{default_items, Construct, SurveyItem, MAX_ITEMS};
use super::responses::check_against;
use super::rounds::{check_item_text, cut};
use super::{GroupBy, StaffSurvey};
use crate::domain::command::Applied;
use crate::domain::error::DomainError;
use crate::domain::model::Workspace;
use crate::domain::validate::{check_name, same_name};

/// One edit of the survey. Items and rounds are named by id and key, never by position.
#[derive(Clone, Debug, PartialEq)]
pub enum SurveyCommand {
    /// Adds a question at the end of its construct's questions; the new id is in `Applied::created`.
    AddItem { construct: Construct, text: String },
    UpdateItem { id: String, construct: Construct, text: String },
    DeleteItem { id: String },
    /// Moves a question one place up or down.
    MoveItem { id: String, up: bool },
    /// Puts the default questionnaire back (rounds keep what they asked).
    RestoreDefaultItems,
    /// The anonymity threshold new rounds promise (3–50).
    SetThreshold(u8),
    /// Whether new rounds group respondents by role or by team.
    SetGroupBy(GroupBy),
    /// Opens a round of the current questionnaire: `key` random (chosen by the app), `suppliers` the groups
    /// respondents may rate as internal suppliers (`None`: those with low or medium customer contact).
    OpenRound { key: String, label: String, opened: String, suppliers: Option<Vec<String>> },
    RenameRound { key: String, label: String },
    /// A closed round takes no more responses.
    SetRoundClosed { key: String, closed: bool },
    /// Deletes a round with its responses.
    DeleteRound { key: String },
    /// Adds responses to their rounds (all or none): each checked against its round, open, with a token
    /// not yet in the workspace nor twice in the batch.
    AddResponses(Vec<SurveyResponse>),
}

fn unknown(what: &'static str, id: &str) -> DomainError {
    DomainError::UnknownId { what, id: cut(id) }
}

impl Workspace {
    /// Applies a survey command whole, or refuses it and changes nothing.
    pub(crate) fn apply_survey(&mut self, cmd: SurveyCommand) -> Result<Applied, DomainError> {
        let s = &self.survey;
        match cmd {
            SurveyCommand::AddItem { construct, text } => {
                let text = check_item_text(&text)?;
                if s.items.len() >= MAX_ITEMS {
                    return Err(DomainError::Invalid(format!("a survey has at most {MAX_ITEMS} questions")));
                }
                let id = loop {
                    let id = self.mint("q");
                    if !self.survey.items.iter().any(|i| i.id == id) {
                        break id;
                    }
                };
                let items = &mut self.survey.items;
                // After the last question of the same construct, else where the construct's order puts it.
                let at = items
                    .iter()
                    .rposition(|i| i.construct == construct)
                    .map(|i| i + 1)
                    .unwrap_or_else(|| items.iter().position(|i| i.construct > construct).unwrap_or(items.len()));
                items.insert(at, SurveyItem { id: id.clone(), construct, text });
                return Ok(Applied { created: Some(id) });
            }
            SurveyCommand::UpdateItem { id, construct, text } => {
                let text = check_item_text(&text)?;
                let item = self.survey.items.iter_mut().find(|i| i.id == id).ok_or_else(|| unknown("question", &id))?;
                item.construct = construct;
                item.text = text;
            }
            SurveyCommand::DeleteItem { id } => {
                let i = s.items.iter().position(|i| i.id == id).ok_or_else(|| unknown("question", &id))?;
                self.survey.items.remove(i);
            }
            SurveyCommand::MoveItem { id, up } => {
                let i = s.items.iter().position(|i| i.id == id).ok_or_else(|| unknown("question", &id))?;
                let j = if up { i.checked_sub(1) } else { Some(i + 1).filter(|&j| j < s.items.len()) };
                if let Some(j) = j {
                    self.survey.items.swap(i, j);
                }
            }
            SurveyCommand::RestoreDefaultItems => {
                self.survey.items = default_items();
            }
            SurveyCommand::SetThreshold(k) => {
                self.survey.threshold = check_threshold(k)?;
            }
            SurveyCommand::SetGroupBy(by) => {
                self.survey.group_by = by;
            }
            SurveyCommand::OpenRound { key, label, opened, suppliers } => {
                let round = s.new_round(self, &key, &label, &opened, suppliers)?;
                self.survey.rounds.push(round);
            }
            SurveyCommand::RenameRound { key, label } => {
                let label = check_name("survey round", &label)?;
                if s.rounds.iter().any(|r| r.key != key && same_name(&r.label, &label)) {
                    return Err(DomainError::DuplicateName { what: "survey round", name: label });
                }
                let r = self.survey.rounds.iter_mut().find(|r| r.key == key).ok_or_else(|| unknown("survey round", &key))?;
                r.label = label;
            }
            SurveyCommand::SetRoundClosed { key, closed } => {
                let r = self.survey.rounds.iter_mut().find(|r| r.key == key).ok_or_else(|| unknown("survey round", &key))?;
                r.closed = closed;
            }
            SurveyCommand::DeleteRound { key } => {
                let i = s.rounds.iter().position(|r| r.key == key).ok_or_else(|| unknown("survey round", &key))?;
                self.survey.rounds.remove(i);
            }
            SurveyCommand::AddResponses(list) => {
                let count = list.len();
                let mut tokens = s.tokens();
                let mut placed = Vec::with_capacity(count);
                for (i, r) in list.iter().enumerate() {
                    let at = |e: DomainError| DomainError::Invalid(format!("response {} of {count}: {e}", i + 1));
                    let round = s.rounds.iter().position(|x| x.key == r.round).ok_or_else(|| at(unknown("survey round", &r.round)))?;
                    check_against(self, &s.rounds[round], r).map_err(at)?;
                    if !tokens.insert(r.token()) {
                        return Err(at(DomainError::Invalid("a response with the same token is already there".into())));
                    }
                    placed.push(round);
                }
                let mut counts = vec![0usize; s.rounds.len()];
                for &p in &placed {
                    counts[p] += 1;
                }
                for (round, extra) in counts.into_iter().enumerate() {
                    if s.rounds[round].responses.len() + extra > super::rounds::MAX_RESPONSES {
                        return Err(DomainError::Invalid(format!(
                            "the round \u{201c}{}\u{201d} would hold more than {} responses",
                            s.rounds[round].label,
                            super::rounds::MAX_RESPONSES
                        )));
                    }
                }
                let mut touched = HashSet::new();
                for (r, round) in list.into_iter().zip(placed) {
                    self.survey.rounds[round].responses.push(r.body);
                    touched.insert(round);
                }
                for round in touched {
                    self.survey.rounds[round].responses.sort_by(|a, b| a.token.cmp(&b.token));
                }
            }
        }
        Ok(Applied::default())
    }
}

impl StaffSurvey {
    /// Trims surrounding white space as the commands do, so an imported file is stored as edits would store it.
    pub fn normalise(&mut self) {
        for i in self.items.iter_mut().chain(self.rounds.iter_mut().flat_map(|r| r.items.iter_mut())) {
            if i.text.trim().len() != i.text.len() {
                i.text = i.text.trim().to_string();
            }
        }
        for r in &mut self.rounds {
            r.responses.sort_by(|a, b| a.token.cmp(&b.token));
            for t in [&mut r.label, &mut r.opened] {
                if t.trim().len() != t.len() {
                    *t = t.trim().to_string();
                }
            }
        }
    }

    /// Checks every invariant of the survey: the questionnaire, the threshold, each round (its questions,
    /// groups, suppliers, threshold), and each response against its round; round keys, labels and response
    /// tokens unique.
    pub fn validate(&self, ws: &Workspace) -> Result<(), DomainError> {
        super::rounds::check_items(&self.items).map_err(|e| e.at("survey questions"))?;
        check_threshold(self.threshold).map_err(|e| e.at("survey"))?;
        let (mut keys, mut labels, mut tokens) = (HashSet::new(), HashSet::new(), HashSet::new());
        for (i, r) in self.rounds.iter().enumerate() {
            let at = || format!("survey round {} (\u{201c}{}\u{201d})", i + 1, cut(&r.label));
            r.check_frame().map_err(|e| e.at(at()))?;
            if !keys.insert(r.key.as_str()) {
                return Err(DomainError::DuplicateId { id: r.key.clone() }.at(at()));
            }
            if !labels.insert(r.label.to_lowercase()) {
                return Err(DomainError::DuplicateName { what: "survey round", name: r.label.clone() });
            }
            if r.responses.len() > super::rounds::MAX_RESPONSES {
                return Err(DomainError::Invalid(format!("it holds more than {} responses", super::rounds::MAX_RESPONSES)).at(at()));
            }
            let link = super::codec::link_for(ws, r);
            for (j, body) in r.responses.iter().enumerate() {
                let resp = SurveyResponse { round: r.key.clone(), fingerprint: link.fingerprint.clone(), body: body.clone() };
                let here = |e: DomainError| e.at(format!("{}, response {}", at(), j + 1));
                crate::domain::learner::Payload::check(&resp).map_err(here)?;
                link.fits(&resp).map_err(here)?;
                if !tokens.insert(body.token.as_str()) {
                    return Err(DomainError::Invalid("two responses have the same token".into()).at(at()));
                }
            }
            if r.responses.windows(2).any(|w| w[0].token > w[1].token) {
                return Err(DomainError::Invalid("its responses are not in token order".into()).at(at()));
            }
        }
        Ok(())
    }
}

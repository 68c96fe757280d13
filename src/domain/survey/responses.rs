//! Responses coming in: checking each against its round, and planning the import of a batch of codes and
//! files. Nothing changes until the caller applies the plan's [`SurveyCommand::AddResponses`].
//!
//! The plan never shows what a response says, or its group: only which codes can be imported, which are
//! refused and why, and how many responses each round would then hold.

use std::collections::{HashMap, HashSet};

use super::codec::{decode_response, link_for, SurveyResponse};
use super::rounds::{cut, MAX_RESPONSES};
use super::{Round, StaffSurvey, SurveyCommand};
use crate::domain::error::DomainError;
use crate::domain::model::Workspace;

/// A code the import would add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcceptedResponse {
    /// Its position among the inputs, and its label.
    pub index: usize,
    pub source: String,
    /// The round it answers.
    pub round: String,
    pub round_label: String,
}

/// A code the import refuses, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedResponse {
    pub index: usize,
    pub source: String,
    pub reason: String,
}

/// What importing a batch would do.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponsePlan {
    pub accepted: Vec<AcceptedResponse>,
    pub rejected: Vec<RejectedResponse>,
    /// Per round with accepted responses: (key, label, responses it holds now, responses after the import).
    pub rounds: Vec<(String, String, usize, usize)>,
    responses: Vec<SurveyResponse>,
}

impl ResponsePlan {
    /// The command that applies the plan (`None` when nothing can be imported).
    pub fn command(&self) -> Option<SurveyCommand> {
        (!self.responses.is_empty()).then(|| SurveyCommand::AddResponses(self.responses.clone()))
    }
}

impl StaffSurvey {
    /// Every token the workspace's rounds hold.
    pub(super) fn tokens(&self) -> HashSet<&str> {
        self.rounds.iter().flat_map(|r| r.responses.iter().map(|s| s.token.as_str())).collect()
    }
}

/// Why `r` cannot go into `round` of `ws` (its link, as the workspace makes it now, must fit).
pub(super) fn check_against(ws: &Workspace, round: &Round, r: &SurveyResponse) -> Result<(), DomainError> {
    if round.closed {
        return Err(DomainError::Invalid(format!(
            "the round \u{201c}{}\u{201d} is closed, so it takes no more responses; reopen it to add them",
            round.label
        )));
    }
    if r.fingerprint != round.fingerprint() {
        return Err(DomainError::Invalid(format!(
            "it was made from a link that does not match the round \u{201c}{}\u{201d} (its fingerprint differs)",
            round.label
        )));
    }
    if round.responses.len() >= MAX_RESPONSES {
        return Err(DomainError::Invalid(format!("the round \u{201c}{}\u{201d} holds {MAX_RESPONSES} responses already", round.label)));
    }
    link_for(ws, round).fits(r)
}

/// Plans importing survey responses (each with a label naming where it came from, such as `"code 3"` or a
/// file name). Each is decoded (damaged, tampered, truncated, wrong-kind or too-new codes are refused),
/// matched to its round by key and fingerprint, and checked against it; a closed round refuses it. A
/// response whose token is already in the workspace is refused as already imported, and a second one with
/// the same token in the batch as the same response.
pub fn plan_import(ws: &Workspace, inputs: &[(String, String)]) -> ResponsePlan {
    let survey = &ws.survey;
    let stored = survey.tokens();
    let mut in_batch: HashMap<String, usize> = HashMap::new();
    let mut per_round: HashMap<&str, usize> = HashMap::new();
    let (mut accepted, mut rejected, mut responses) = (Vec::new(), Vec::new(), Vec::new());
    for (index, (source, text)) in inputs.iter().enumerate() {
        let reject = |reason: String| RejectedResponse { index, source: source.clone(), reason };
        let r = match decode_response(text) {
            Ok(r) => r,
            Err(e) => {
                rejected.push(reject(e.to_string()));
                continue;
            }
        };
        let Some(round) = survey.round(&r.round) else {
            rejected.push(reject(format!(
                "no survey round of this workspace has the key \u{201c}{}\u{201d}; import it into the workspace whose link it answers",
                cut(&r.round)
            )));
            continue;
        };
        if stored.contains(r.token()) {
            rejected.push(reject("already imported: this response is in the workspace".into()));
            continue;
        }
        if let Some(&j) = in_batch.get(r.token()) {
            rejected.push(reject(format!(
                "the same response as {} (the same respondent's page made both); only the first is imported",
                inputs[j].0
            )));
            continue;
        }
        if let Err(e) = check_against(ws, round, &r) {
            rejected.push(reject(e.to_string()));
            continue;
        }
        let held = per_round.entry(round.key.as_str()).or_insert(round.responses.len());
        if *held >= MAX_RESPONSES {
            rejected.push(reject(format!("the round \u{201c}{}\u{201d} would hold more than {MAX_RESPONSES} responses", round.label)));
            continue;
        }
        *held += 1;
        in_batch.insert(r.token().to_string(), index);
        accepted.push(AcceptedResponse {
            index,
            source: source.clone(),
            round: round.key.clone(),
            round_label: round.label.clone(),
        });
        responses.push(r);
    }
    let rounds = survey
        .rounds
        .iter()
        .filter_map(|r| per_round.get(r.key.as_str()).map(|&after| (r.key.clone(), r.label.clone(), r.responses.len(), after)))
        .collect();
    ResponsePlan { accepted, rejected, rounds, responses }
}

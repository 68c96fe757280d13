//! Staff surveys of the internal service climate: the trainer listens to staff without a server and without
//! learning who said what.
//!
//! The source texts make regular staff surveys of the internal service climate (and of the obstacles to
//! better service) part of internal marketing itself, and trust between staff and management a
//! prerequisite of it; not listening to staff is among the reasons it fails. So:
//!
//! - [`instrument`]: the questionnaire — constructs (service climate, trust in management, empowerment,
//!   recognition, internal communication, internal service quality, obstacles) and the default items,
//!   written for Skillgap; the trainer edits, drops and adds items.
//! - [`commands`]: [`SurveyCommand`], every edit of the survey, applied through
//!   [`crate::domain::Command::Survey`] so undo and the command property tests cover it.
//! - [`rounds`]: a *round* freezes the items, the respondents' groups (roles or teams) and the internal
//!   suppliers to rate, and the anonymity threshold its link promises.
//! - [`codec`]: the survey link (`s1.…`) and the anonymous response (`v1.…`), in the learner links' codec
//!   family ([`crate::domain::learner`]), and the response file.
//! - [`responses`]: checking responses against their round and planning a batch import; duplicates are
//!   refused by each response's random token.
//! - [`disclose`]: **the one rule** that decides what may be shown — a group's figures only with at least
//!   k responses, and complementary suppression so that no hidden group can be worked out by subtraction.
//!   Every statistic any view, chart, export or report shows is a [`disclose::Disclosed`] value, which
//!   only that rule can make.
//! - [`stats`]: means, Student-t confidence intervals (with the finite-population correction where a
//!   group's size is known), Welch intervals for rounds compared.
//! - [`results`]: per group and construct, the internal-customer matrix, free text, rounds compared, the
//!   results CSV and the re-identification warnings — all built on [`disclose`].
//!
//! A stored response holds no name, no identifier of a person, no date and no time: its group (or none),
//! its answers, its free text and a random token drawn by the respondent's browser. The responses of a
//! round can only be read through [`results`]: their fields are private to the domain.

pub mod codec;
pub mod commands;
pub mod disclose;
pub mod instrument;
pub mod responses;
pub mod results;
pub mod rounds;
pub mod stats;

use serde::{Deserialize, Serialize};

use super::model::RoleId;

pub use commands::SurveyCommand;
pub use instrument::{Construct, SurveyItem};

/// The answer scale of every rated item: 1 (strongly disagree) to 5 (strongly agree).
pub const SCALE: [&str; 5] = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"];
/// The highest point of [`SCALE`].
pub const SCALE_MAX: u8 = 5;

/// Whom respondents say they are: their role, or their team.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// One group per role of the workspace.
    #[default]
    Role,
    /// One group per team (the roles' team or department).
    Team,
}

impl GroupBy {
    /// "role" or "team", for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            GroupBy::Role => "role",
            GroupBy::Team => "team",
        }
    }
}

/// A group respondents can say they belong to, frozen in its round.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The role's id (grouping by role) or `t1`, `t2`, … (by team); what responses name.
    pub id: String,
    pub name: String,
    /// How many people the group has (the roles' headcount), when known: the response rate and the
    /// finite-population correction of its confidence intervals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u32>,
    /// The workspace's roles in the group (the role itself, or the roles of the team).
    #[serde(default)]
    pub roles: Vec<RoleId>,
}

/// One respondent's ratings of one internal supplier.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplierAnswers {
    /// The supplier's group id.
    #[serde(rename = "g")]
    pub group: String,
    /// One character per internal-service item of the round: `1`–`5`, or `-` for no answer.
    #[serde(rename = "a")]
    pub answers: String,
}

/// A response as the round keeps it: no name, no identifier of a person, no date or time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredResponse {
    /// Random, drawn by the respondent's browser; refuses the same response twice.
    #[serde(rename = "t")]
    pub(in crate::domain) token: String,
    /// The respondent's group, or `None` when they preferred not to say.
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub(in crate::domain) group: Option<String>,
    /// One character per rated item of the round (not the internal-service items): `1`–`5` or `-`.
    #[serde(rename = "a")]
    pub(in crate::domain) answers: String,
    #[serde(rename = "s", default, skip_serializing_if = "Vec::is_empty")]
    pub(in crate::domain) suppliers: Vec<SupplierAnswers>,
    /// The answer to the free-text question(s), one per text item, in order.
    #[serde(rename = "x", default, skip_serializing_if = "Vec::is_empty")]
    pub(in crate::domain) texts: Vec<String>,
}

/// A survey sent once: its link, what it asked and the responses it got.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    /// Random, chosen by the app when the round is opened; what the link and its responses carry.
    pub key: String,
    pub label: String,
    /// When the round was opened (YYYY-MM-DD).
    pub opened: String,
    /// The anonymity threshold the link promised respondents; it never changes for this round.
    pub k: u8,
    pub group_by: GroupBy,
    pub groups: Vec<Group>,
    /// The groups respondents may rate as internal suppliers (ids of `groups`).
    #[serde(default)]
    pub suppliers: Vec<String>,
    /// The questions as asked (a copy: editing the questionnaire later does not change the round).
    pub items: Vec<SurveyItem>,
    /// A closed round takes no more responses.
    #[serde(default)]
    pub closed: bool,
    /// Kept in token order, so the order says nothing about when or from whom a response came.
    #[serde(default)]
    pub(in crate::domain) responses: Vec<StoredResponse>,
}

impl Round {
    /// How many responses the round holds.
    pub fn response_count(&self) -> usize {
        self.responses.len()
    }

    /// The group with id `id`.
    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }
}

/// The workspace's staff survey: the questionnaire being edited, the settings for new rounds, and the rounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StaffSurvey {
    pub items: Vec<SurveyItem>,
    /// The anonymity threshold new rounds promise (at least [`disclose::MIN_K`]).
    pub threshold: u8,
    pub group_by: GroupBy,
    #[serde(default)]
    pub rounds: Vec<Round>,
}

impl Default for StaffSurvey {
    fn default() -> Self {
        Self {
            items: instrument::default_items(),
            threshold: disclose::DEFAULT_K,
            group_by: GroupBy::Role,
            rounds: Vec::new(),
        }
    }
}

impl StaffSurvey {
    /// The round with key `key`.
    pub fn round(&self, key: &str) -> Option<&Round> {
        self.rounds.iter().find(|r| r.key == key)
    }

    /// The latest round (by opening date, then position) that has responses.
    pub fn latest_with_responses(&self) -> Option<&Round> {
        self.rounds.iter().enumerate().filter(|(_, r)| !r.responses.is_empty()).max_by(|a, b| {
            a.1.opened.cmp(&b.1.opened).then(a.0.cmp(&b.0))
        }).map(|(_, r)| r)
    }
}

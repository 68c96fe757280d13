//! The questionnaire: what a staff survey asks, grouped into constructs.
//!
//! The default items were written for Skillgap from the source texts' list of internal-marketing activities
//! (service climate and obstacles to service quality; trust between staff and management; empowerment and
//! involvement; recognition and rewards; internal communication flowing up as well as down; internal
//! customers served by other roles). They are not taken from a published scale, have not been validated
//! psychometrically, and are meant to be edited: a trainer can reword, drop and add items.

use serde::{Deserialize, Serialize};

/// Longest item text, in characters.
pub const MAX_ITEM_TEXT: usize = 300;
/// Most items a questionnaire may have (a short survey is answered; a long one is abandoned).
pub const MAX_ITEMS: usize = 60;

/// What an item measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Construct {
    /// Whether the workplace expects, supports and rewards good service.
    ServiceClimate,
    /// Trust between staff and management.
    Trust,
    /// Discretion to act for the customer, involvement in decisions.
    Empowerment,
    /// Recognition and reward of service.
    Recognition,
    /// Information flowing down, across and up.
    Communication,
    /// How well another group serves the respondent's group (rated per internal supplier).
    InternalService,
    /// Free text: what gets in the way of better service.
    Obstacles,
}

/// How an item is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// On the agreement scale, once.
    Rated,
    /// On the agreement scale, once per internal supplier the respondent chooses.
    PerSupplier,
    /// In words.
    Text,
}

impl Construct {
    /// Every construct, in the order the survey asks them.
    pub const ALL: [Construct; 7] = [
        Construct::ServiceClimate,
        Construct::Trust,
        Construct::Empowerment,
        Construct::Recognition,
        Construct::Communication,
        Construct::InternalService,
        Construct::Obstacles,
    ];

    /// The constructs scored per group (all rated ones but internal service, which is scored per supplier).
    pub const SCORED: [Construct; 5] =
        [Construct::ServiceClimate, Construct::Trust, Construct::Empowerment, Construct::Recognition, Construct::Communication];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Construct::ServiceClimate => "Service climate",
            Construct::Trust => "Trust in management",
            Construct::Empowerment => "Empowerment",
            Construct::Recognition => "Recognition",
            Construct::Communication => "Internal communication",
            Construct::InternalService => "Internal service quality",
            Construct::Obstacles => "Obstacles to better service",
        }
    }

    /// What it covers, in a line.
    pub fn meaning(self) -> &'static str {
        match self {
            Construct::ServiceClimate => "whether the workplace expects, equips and notices good service",
            Construct::Trust => "whether staff can speak up and believe what management says and does",
            Construct::Empowerment => "discretion to put things right for customers, and a say in how work is done",
            Construct::Recognition => "whether good service is noticed and rewarded",
            Construct::Communication => "information reaching staff in time, and staff concerns reaching those who can act",
            Construct::InternalService => "how well the groups that serve a group do so, rated by their internal customers",
            Construct::Obstacles => "what gets in the way, in the respondents' own words",
        }
    }

    /// Stable key, as written in JSON and CSV.
    pub fn key(self) -> &'static str {
        match self {
            Construct::ServiceClimate => "service_climate",
            Construct::Trust => "trust",
            Construct::Empowerment => "empowerment",
            Construct::Recognition => "recognition",
            Construct::Communication => "communication",
            Construct::InternalService => "internal_service",
            Construct::Obstacles => "obstacles",
        }
    }

    /// Parses [`Construct::key`].
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }

    /// How its items are answered.
    pub fn kind(self) -> ItemKind {
        match self {
            Construct::InternalService => ItemKind::PerSupplier,
            Construct::Obstacles => ItemKind::Text,
            _ => ItemKind::Rated,
        }
    }
}

/// One question.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyItem {
    /// Stable within the workspace (`q12`); never reused.
    pub id: String,
    pub construct: Construct,
    pub text: String,
}

/// The default questionnaire (ids `q-…`).
pub fn default_items() -> Vec<SurveyItem> {
    use Construct::*;
    let items: [(&str, Construct, &str); 21] = [
        ("q-climate-1", ServiceClimate, "In my team, giving customers excellent service is what gets noticed and talked about."),
        ("q-climate-2", ServiceClimate, "We have the tools, information and time we need to serve customers well."),
        ("q-climate-3", ServiceClimate, "When a customer has a problem, we are expected to fix it rather than pass it on."),
        ("q-climate-4", ServiceClimate, "Managers here take service quality as seriously as sales and cost targets."),
        ("q-trust-1", Trust, "I can raise a problem with my manager without it being held against me."),
        ("q-trust-2", Trust, "Management does what it says it will do."),
        ("q-trust-3", Trust, "When decisions change my work, management explains the real reasons."),
        ("q-empower-1", Empowerment, "I can use my own judgement to put things right for a customer."),
        ("q-empower-2", Empowerment, "I am trusted to decide how to do my own work."),
        ("q-empower-3", Empowerment, "Ideas from people like me change the way we work."),
        ("q-recognition-1", Recognition, "Good service from people in my team is noticed and acknowledged."),
        ("q-recognition-2", Recognition, "The way people are rewarded here reflects the service they give customers."),
        ("q-recognition-3", Recognition, "Credit goes to the people who actually did the work."),
        ("q-comms-1", Communication, "I hear about changes that affect my work before customers do."),
        ("q-comms-2", Communication, "I understand how my work helps the organisation reach its goals."),
        ("q-comms-3", Communication, "Concerns raised by staff reach the people who can act on them."),
        ("q-internal-1", InternalService, "They respond to our requests promptly."),
        ("q-internal-2", InternalService, "What they deliver to us is right the first time."),
        ("q-internal-3", InternalService, "They understand what we need in order to serve our customers."),
        ("q-internal-4", InternalService, "They keep us informed about work of theirs that affects us."),
        ("q-obstacles-1", Obstacles, "What gets in the way of giving customers better service here?"),
    ];
    items.into_iter().map(|(id, construct, text)| SurveyItem { id: id.into(), construct, text: text.into() }).collect()
}

/// The items of `items` answered as `kind`, in order.
pub fn of_kind(items: &[SurveyItem], kind: ItemKind) -> impl Iterator<Item = &SurveyItem> {
    items.iter().filter(move |i| i.construct.kind() == kind)
}

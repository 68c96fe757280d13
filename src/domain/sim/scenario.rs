//! What a trainer designs: programmes, technology support, internal-marketing levers, assumption overrides,
//! horizon, runs and seed. All plain data, serde-serialisable, so a web worker can receive it as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::model::{RoleId, SkillId};

/// Shortest and longest horizon the UI offers, in months.
pub const HORIZON_RANGE: std::ops::RangeInclusive<u32> = 12..=60;
/// The engine clamps any horizon to this range.
pub const HORIZON_LIMIT: std::ops::RangeInclusive<u32> = 1..=120;

/// How a programme is delivered; each method has a learning-gain multiplier (`method_*` assumptions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Workshop,
    #[serde(rename = "e_learning")]
    ELearning,
    Coaching,
    /// Ballantyne's code breaking: small teams solving real customer problems together.
    CodeBreaking,
    OnTheJob,
}

impl Method {
    pub const ALL: [Method; 5] = [
        Method::Workshop,
        Method::ELearning,
        Method::Coaching,
        Method::CodeBreaking,
        Method::OnTheJob,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Method::Workshop => "Workshop",
            Method::ELearning => "E-learning",
            Method::Coaching => "Coaching",
            Method::CodeBreaking => "Code-breaking team sessions",
            Method::OnTheJob => "On-the-job training",
        }
    }

    /// The key of its learning-gain multiplier assumption.
    pub fn assumption_key(self) -> &'static str {
        match self {
            Method::Workshop => "method_workshop",
            Method::ELearning => "method_elearning",
            Method::Coaching => "method_coaching",
            Method::CodeBreaking => "method_code_breaking",
            Method::OnTheJob => "method_on_the_job",
        }
    }
}

/// Who a programme takes, each month, up to its capacity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// Largest weighted gap (Σ importance × gap over the programme's skills) first; ties by position.
    LargestGap,
    /// Everyone in the target roles, in position order.
    WholeRole,
    /// Volunteers only (Ballantyne's energising): each person volunteers with probability `participation`;
    /// volunteers join in a random order.
    Volunteers { participation: f64 },
}

/// A reskilling programme.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Programme {
    pub name: String,
    pub method: Method,
    /// Skills it teaches (a participant learns those their role requires).
    pub skills: Vec<SkillId>,
    /// Roles it is open to.
    pub roles: Vec<RoleId>,
    /// First month that takes participants (1 = the first simulated month).
    pub start_month: u32,
    /// Months it keeps taking participants.
    pub duration_months: u32,
    /// Participants a month, at most.
    pub capacity_per_month: u32,
    pub selection: Selection,
    /// Adds code-breaking sessions (solving real customer problems together): transfer × `code_breaking_transfer`.
    /// Always on for [`Method::CodeBreaking`].
    pub code_breaking: bool,
    /// Authorising: months before management approves applying what was learned. Nothing is applied
    /// meanwhile and the unused skill decays.
    pub approval_delay_months: u32,
    /// Authorising: the largest share of the learning that management lets be applied (1 = no cap).
    pub adoption_cap: f64,
    /// Diffusing: a share of attendees' applied gain spreads to role colleagues who did not attend.
    pub diffusing: bool,
    /// One-off cost at the start month.
    pub fixed_cost: f64,
    /// Cost per participant (fees, materials, travel).
    pub cost_per_participant: f64,
    /// Hours each participant spends away from work; costed at the role's hourly wage.
    pub hours_per_participant: f64,
}

impl Default for Programme {
    fn default() -> Self {
        Self {
            name: "Programme".to_string(),
            method: Method::Workshop,
            skills: Vec::new(),
            roles: Vec::new(),
            start_month: 1,
            duration_months: 6,
            capacity_per_month: 20,
            selection: Selection::LargestGap,
            code_breaking: false,
            approval_delay_months: 0,
            adoption_cap: 1.0,
            diffusing: true,
            fixed_cost: 0.0,
            cost_per_participant: 0.0,
            hours_per_participant: 0.0,
        }
    }
}

/// Technology support that deskills a process: from `from_month` on, `role` needs only `required_level`
/// of `skill` (never more than before).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TechSupport {
    pub name: String,
    pub role: RoleId,
    pub skill: SkillId,
    pub from_month: u32,
    pub required_level: u8,
    /// One-off cost at `from_month`.
    pub fixed_cost: f64,
    /// Running cost per month from `from_month` on.
    pub monthly_cost: f64,
}

impl Default for TechSupport {
    fn default() -> Self {
        Self {
            name: "Technology support".to_string(),
            role: RoleId::from(""),
            skill: SkillId::from(""),
            from_month: 1,
            required_level: 0,
            fixed_cost: 0.0,
            monthly_cost: 0.0,
        }
    }
}

/// Internal-marketing levers, each from 0 (as today) to 1 (full strength). Their effects and costs per
/// unit are assumptions (`recognition_transfer`, `recognition_turnover`, `recognition_cost`, …).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Levers {
    /// Non-monetary recognition and rewards for service excellence.
    pub recognition: f64,
    /// Empowerment and involvement.
    pub empowerment: f64,
    /// Internal communication.
    pub communication: f64,
    /// Trust between staff and management / internal service climate (staff surveys acted on).
    pub trust: f64,
}

impl Levers {
    /// Whether every lever is at 0.
    pub fn is_zero(&self) -> bool {
        self.recognition == 0.0
            && self.empowerment == 0.0
            && self.communication == 0.0
            && self.trust == 0.0
    }
}

/// A scenario: programmes + technology + levers + assumption overrides + horizon + runs + seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    pub name: String,
    pub horizon_months: u32,
    pub runs: u32,
    pub seed: u64,
    pub programmes: Vec<Programme>,
    pub technology: Vec<TechSupport>,
    pub levers: Levers,
    /// Assumption key → value (see [`super::assumptions`]).
    pub overrides: BTreeMap<String, f64>,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            name: "Scenario".to_string(),
            horizon_months: 36,
            runs: 500,
            seed: 1,
            programmes: Vec::new(),
            technology: Vec::new(),
            levers: Levers::default(),
            overrides: BTreeMap::new(),
        }
    }
}

impl Scenario {
    /// The baseline this scenario is compared with: the same horizon, seed and assumptions, with no
    /// programme, no technology support and every lever at 0.
    pub fn baseline(&self) -> Scenario {
        Scenario {
            name: format!("{} — baseline", self.name),
            programmes: Vec::new(),
            technology: Vec::new(),
            levers: Levers::default(),
            ..self.clone()
        }
    }

    /// Whether this scenario is its own baseline.
    pub fn is_baseline(&self) -> bool {
        self.programmes.is_empty() && self.technology.is_empty() && self.levers.is_zero()
    }

    /// The horizon the engine uses (clamped to [`HORIZON_LIMIT`]).
    pub fn horizon(&self) -> u32 {
        self.horizon_months
            .clamp(*HORIZON_LIMIT.start(), *HORIZON_LIMIT.end())
    }
}

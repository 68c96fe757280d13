//! The workspace and its parts: proficiency scale, skill library, roles with their profiles, people and ratings.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The JSON schema version this build writes. See [`crate::domain::io`] for the migration path.
pub const SCHEMA_VERSION: u32 = 5;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_string())
            }
        }
    };
}

id_type!(
    /// Stable id of a skill; never reused within a workspace.
    SkillId
);
id_type!(
    /// Stable id of a role; never reused within a workspace.
    RoleId
);
id_type!(
    /// Stable id of a person; never reused within a workspace.
    PersonId
);
id_type!(
    /// Stable id of a simulation scenario; never reused within a workspace.
    ScenarioId
);

/// A proficiency level on the workspace's scale (0 = lowest).
pub type Level = u8;

/// Importance of a skill to a role, 1 (nice to have) to 5 (critical).
pub type Importance = u8;

/// Lowest and highest importance.
pub const IMPORTANCE_RANGE: std::ops::RangeInclusive<Importance> = 1..=5;

/// Highest weight a skill can give one SERVQUAL dimension (0 none … 3 core).
pub const MAX_SERVQUAL_WEIGHT: u8 = 3;

/// The workspace's proficiency scale: level `i` is labelled `labels[i]`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub labels: Vec<String>,
}

impl Scale {
    /// Smallest number of levels a scale may have.
    pub const MIN_LEVELS: usize = 2;
    /// Largest number of levels a scale may have (digits 0–9 select a level by keyboard).
    pub const MAX_LEVELS: usize = 10;

    /// The highest level.
    pub fn max_level(&self) -> Level {
        (self.labels.len().saturating_sub(1)) as Level
    }

    /// Whether `level` lies on the scale.
    pub fn contains(&self, level: Level) -> bool {
        (level as usize) < self.labels.len()
    }

    /// The label of `level`, or `"?"` off the scale.
    pub fn label(&self, level: Level) -> &str {
        self.labels.get(level as usize).map(String::as_str).unwrap_or("?")
    }
}

impl Default for Scale {
    fn default() -> Self {
        Self {
            labels: ["Not yet", "Aware", "Developing", "Proficient", "Expert – can coach"]
                .into_iter()
                .map(String::from)
                .collect(),
        }
    }
}

/// The five SERVQUAL dimensions of service quality (Parasuraman, Zeithaml & Berry 1988).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Tangibles,
    Reliability,
    Responsiveness,
    Assurance,
    Empathy,
}

impl Dimension {
    /// All five, in SERVQUAL's usual order.
    pub const ALL: [Dimension; 5] = [
        Dimension::Tangibles,
        Dimension::Reliability,
        Dimension::Responsiveness,
        Dimension::Assurance,
        Dimension::Empathy,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Dimension::Tangibles => "Tangibles",
            Dimension::Reliability => "Reliability",
            Dimension::Responsiveness => "Responsiveness",
            Dimension::Assurance => "Assurance",
            Dimension::Empathy => "Empathy",
        }
    }

    /// One-line meaning, for help text.
    pub fn meaning(self) -> &'static str {
        match self {
            Dimension::Tangibles => "appearance of facilities, equipment, staff and materials",
            Dimension::Reliability => "doing what was promised, dependably and accurately",
            Dimension::Responsiveness => "willingness to help and prompt service",
            Dimension::Assurance => "knowledge and courtesy that inspire trust and confidence",
            Dimension::Empathy => "caring, individual attention to each customer",
        }
    }
}

/// How strongly a skill serves each SERVQUAL dimension, 0 (not at all) to [`MAX_SERVQUAL_WEIGHT`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServqualWeights {
    pub tangibles: u8,
    pub reliability: u8,
    pub responsiveness: u8,
    pub assurance: u8,
    pub empathy: u8,
}

impl ServqualWeights {
    /// The weight given to `d`.
    pub fn get(&self, d: Dimension) -> u8 {
        match d {
            Dimension::Tangibles => self.tangibles,
            Dimension::Reliability => self.reliability,
            Dimension::Responsiveness => self.responsiveness,
            Dimension::Assurance => self.assurance,
            Dimension::Empathy => self.empathy,
        }
    }

    /// Sets the weight given to `d`.
    pub fn set(&mut self, d: Dimension, w: u8) {
        match d {
            Dimension::Tangibles => self.tangibles = w,
            Dimension::Reliability => self.reliability = w,
            Dimension::Responsiveness => self.responsiveness = w,
            Dimension::Assurance => self.assurance = w,
            Dimension::Empathy => self.empathy = w,
        }
    }

    /// Builds weights from an array in [`Dimension::ALL`] order.
    pub fn from_array(w: [u8; 5]) -> Self {
        Self { tangibles: w[0], reliability: w[1], responsiveness: w[2], assurance: w[3], empathy: w[4] }
    }
}

/// Label of a SERVQUAL weight.
pub fn servqual_weight_label(w: u8) -> &'static str {
    match w {
        0 => "None",
        1 => "Some",
        2 => "Strong",
        _ => "Core",
    }
}

/// A relationship-marketing skill in the library.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    pub id: SkillId,
    pub name: String,
    pub category: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub servqual: ServqualWeights,
    /// What each level of the scale looks like for this skill; index = level. Shorter than the scale
    /// means the remaining levels have no text yet.
    #[serde(default)]
    pub level_texts: Vec<String>,
    /// Where the skill was imported from (schema version 3): a second import of the same framework finds
    /// it by this and updates it instead of adding it again. Not written when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SkillSource>,
}

/// A skill's identifier in the framework it was imported from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SkillSource {
    /// The framework, in words: `ESCO`, `O*NET`, a Moodle framework's id number, a CASE document's title.
    #[serde(default)]
    pub framework: String,
    /// The skill's identifier there: a CASE or ESCO URI, a Moodle id number, an O*NET element id, an RSD URL.
    pub id: String,
}

impl SkillSource {
    /// What two sources must share to be the same skill: a URI alone (it is global), otherwise the
    /// framework and the id together (a Moodle id number is unique only within its framework).
    pub fn key(&self) -> (&str, &str) {
        if self.id.contains("://") {
            ("", self.id.as_str())
        } else {
            (self.framework.as_str(), self.id.as_str())
        }
    }
}

impl Skill {
    /// The text describing `level` for this skill ("" when none).
    pub fn level_text(&self, level: Level) -> &str {
        self.level_texts.get(level as usize).map(String::as_str).unwrap_or("")
    }
}

/// A role's level of customer contact (internal customer segmentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactLevel {
    High,
    Medium,
    Low,
}

impl ContactLevel {
    /// All three, highest contact first.
    pub const ALL: [ContactLevel; 3] = [ContactLevel::High, ContactLevel::Medium, ContactLevel::Low];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            ContactLevel::High => "High contact",
            ContactLevel::Medium => "Medium contact",
            ContactLevel::Low => "Low contact (internal customers)",
        }
    }

    /// Short name for compact views.
    pub fn short(self) -> &'static str {
        match self {
            ContactLevel::High => "High",
            ContactLevel::Medium => "Medium",
            ContactLevel::Low => "Low",
        }
    }

    /// Stable key, as written in JSON.
    pub fn key(self) -> &'static str {
        match self {
            ContactLevel::High => "high",
            ContactLevel::Medium => "medium",
            ContactLevel::Low => "low",
        }
    }

    /// Parses [`ContactLevel::key`].
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }
}

/// What a role needs of one skill.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Requirement {
    pub level: Level,
    pub importance: Importance,
}

/// A role: who does it, how many, how much customer contact, and its skill profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Role {
    pub id: RoleId,
    pub name: String,
    /// Team or department.
    pub team: String,
    pub headcount: u32,
    /// Annual staff turnover as a fraction (0.25 = 25 % a year).
    pub annual_turnover: f64,
    /// Average annual salary in the workspace currency.
    pub salary: f64,
    pub contact: ContactLevel,
    /// Required level and importance per skill; a skill absent here is not required.
    #[serde(default)]
    pub requirements: BTreeMap<SkillId, Requirement>,
}

/// Who gave a rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The learner's own rating.
    #[serde(rename = "self")]
    SelfRating,
    /// The trainer's or manager's rating.
    Trainer,
    /// The rating agreed in conversation between learner and trainer.
    Agreed,
}

impl Source {
    /// All three, in the order they are shown.
    pub const ALL: [Source; 3] = [Source::SelfRating, Source::Trainer, Source::Agreed];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Source::SelfRating => "Self",
            Source::Trainer => "Trainer",
            Source::Agreed => "Agreed",
        }
    }
}

/// A person in the organisation (name or pseudonym).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub role: RoleId,
    #[serde(default)]
    pub team: String,
    /// ISO date (YYYY-MM-DD), if known.
    #[serde(default)]
    pub start_date: Option<String>,
}

/// One rating of one person's skill from one source. `level: None` means "no opportunity to show
/// this skill", which is not the same as a low rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub person: PersonId,
    pub skill: SkillId,
    pub source: Source,
    pub level: Option<Level>,
    /// ISO date (YYYY-MM-DD).
    pub date: String,
    #[serde(default)]
    pub note: String,
}

/// Everything a trainer works on, saved and exported as one JSON document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Workspace {
    pub schema_version: u32,
    pub name: String,
    /// ISO 4217 code used for salaries and costs.
    pub currency: String,
    /// True while this is (derived from) the built-in example data.
    #[serde(default)]
    pub is_example: bool,
    pub scale: Scale,
    pub skills: Vec<Skill>,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub ratings: Vec<Rating>,
    /// Simulation scenarios (added in schema version 2).
    #[serde(default)]
    pub scenarios: Vec<crate::domain::sim::Scenario>,
    /// The staff survey: questionnaire, settings and rounds with their anonymous responses (schema version 5).
    #[serde(default)]
    pub survey: crate::domain::survey::StaffSurvey,
    /// Next number used to mint an id; ids are never reused.
    pub next_id: u64,
}

impl Default for Workspace {
    fn default() -> Self {
        Self::empty("New workspace")
    }
}

impl Workspace {
    /// An empty workspace with the default scale.
    pub fn empty(name: &str) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            name: name.to_string(),
            currency: "AUD".to_string(),
            is_example: false,
            scale: Scale::default(),
            skills: Vec::new(),
            roles: Vec::new(),
            people: Vec::new(),
            ratings: Vec::new(),
            scenarios: Vec::new(),
            survey: Default::default(),
            next_id: 1,
        }
    }

    /// The skill with id `id`.
    pub fn skill(&self, id: &SkillId) -> Option<&Skill> {
        self.skills.iter().find(|s| &s.id == id)
    }

    /// The role with id `id`.
    pub fn role(&self, id: &RoleId) -> Option<&Role> {
        self.roles.iter().find(|r| &r.id == id)
    }

    /// The person with id `id`.
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.iter().find(|p| &p.id == id)
    }

    /// Skill categories in order of first appearance.
    pub fn categories(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in &self.skills {
            if !out.iter().any(|c| c == &s.category) {
                out.push(s.category.clone());
            }
        }
        out
    }

    /// How many people hold role `id`.
    pub fn people_in_role(&self, id: &RoleId) -> usize {
        self.people.iter().filter(|p| &p.role == id).count()
    }

    /// How many roles require skill `id`.
    pub fn roles_requiring(&self, id: &SkillId) -> usize {
        self.roles.iter().filter(|r| r.requirements.contains_key(id)).count()
    }

    /// Total headcount over all roles.
    pub fn total_headcount(&self) -> u64 {
        self.roles.iter().map(|r| r.headcount as u64).sum()
    }

    /// Mints a fresh id with the given prefix.
    pub(crate) fn mint(&mut self, prefix: &str) -> String {
        let id = format!("{prefix}{}", self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        id
    }
}

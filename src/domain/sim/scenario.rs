//! What a trainer designs: programmes, technology support, internal-marketing levers, assumption overrides,
//! horizon, runs and seed. All plain data, serde-serialisable, so a web worker can receive it as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::params::{assumption, Distribution};
use super::uncertainty::Band;
use crate::domain::error::DomainError;
use crate::domain::model::{RoleId, ScenarioId, SkillId, Workspace};
use crate::domain::validate::check_name;

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

/// The version of the simulation model. A scenario saved by an earlier model keeps its
/// [`Scenario::model_version`] (set by the workspace migration) so the page can say that its results will
/// differ from those seen before; 2 is "Simulation v2" (assumption uncertainty in every run, the money chain,
/// transfer and workforce re-specified).
pub const MODEL_VERSION: u32 = 2;

/// A scenario: programmes + technology + levers + pinned and narrowed assumptions + horizon + runs + seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// Its id in the workspace (empty until the workspace stores it).
    pub id: ScenarioId,
    pub name: String,
    pub horizon_months: u32,
    pub runs: u32,
    pub seed: u64,
    pub programmes: Vec<Programme>,
    pub technology: Vec<TechSupport>,
    pub levers: Levers,
    /// Pinned assumptions, key → value ("use my organisation's figure"): the same in every run (see
    /// [`super::assumptions`]).
    pub overrides: BTreeMap<String, f64>,
    /// Narrowed (or moved) ranges, key → low and high: runs draw from these instead of the plausible range.
    pub ranges: BTreeMap<String, Band>,
    /// The model version the scenario was last confirmed with ([`MODEL_VERSION`] for new ones).
    pub model_version: u32,
    /// What the migration to the current model changed in this scenario, in words (empty when nothing).
    pub model_note: String,
}

impl Default for Scenario {
    fn default() -> Self {
        Self {
            id: ScenarioId::from(""),
            name: "Scenario".to_string(),
            horizon_months: 36,
            runs: 500,
            seed: 1,
            programmes: Vec::new(),
            technology: Vec::new(),
            levers: Levers::default(),
            overrides: BTreeMap::new(),
            ranges: BTreeMap::new(),
            model_version: MODEL_VERSION,
            model_note: String::new(),
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

    /// Whether it was saved with an earlier model, so its results will differ from those seen before.
    pub fn from_earlier_model(&self) -> bool {
        self.model_version < MODEL_VERSION
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

/// Most runs a scenario may ask for.
pub const MAX_RUNS: u32 = 10_000;
/// Most programmes, and most technology supports, in one scenario.
pub const MAX_ITEMS: usize = 20;
/// Largest amount of money any cost field takes.
pub const MAX_MONEY: f64 = 1e12;
/// Largest seed (JSON numbers are exact up to 2^53).
pub const MAX_SEED: u64 = (1 << 53) - 1;

fn in_range(field: &'static str, rule: &'static str, value: f64, lo: f64, hi: f64) -> Result<(), DomainError> {
    if value.is_finite() && (lo..=hi).contains(&value) {
        Ok(())
    } else {
        Err(DomainError::OutOfRange { field, rule, value: value.to_string() })
    }
}

fn month(field: &'static str, m: u32) -> Result<(), DomainError> {
    in_range(field, "a month from 1 to 120", m as f64, 1.0, *HORIZON_LIMIT.end() as f64)
}

impl Programme {
    /// Checks the programme's own fields and that its skills and roles exist in `ws`.
    pub fn check(&self, ws: &Workspace) -> Result<(), DomainError> {
        check_name("programme", &self.name)?;
        for (i, s) in self.skills.iter().enumerate() {
            if ws.skill(s).is_none() {
                return Err(DomainError::UnknownId { what: "skill", id: s.to_string() });
            }
            if self.skills[..i].contains(s) {
                return Err(DomainError::DuplicateId { id: s.to_string() });
            }
        }
        for (i, r) in self.roles.iter().enumerate() {
            if ws.role(r).is_none() {
                return Err(DomainError::UnknownId { what: "role", id: r.to_string() });
            }
            if self.roles[..i].contains(r) {
                return Err(DomainError::DuplicateId { id: r.to_string() });
            }
        }
        month("start month", self.start_month)?;
        in_range("duration", "1 to 120 months", self.duration_months as f64, 1.0, 120.0)?;
        in_range("capacity", "0 to 100,000 people a month", self.capacity_per_month as f64, 0.0, 100_000.0)?;
        if let Selection::Volunteers { participation } = self.selection {
            in_range("share who volunteer", "between 0 and 1", participation, 0.0, 1.0)?;
        }
        in_range("approval delay", "0 to 120 months", self.approval_delay_months as f64, 0.0, 120.0)?;
        in_range("adoption cap", "between 0 and 1", self.adoption_cap, 0.0, 1.0)?;
        in_range("fixed cost", "0 or more (up to 10^12)", self.fixed_cost, 0.0, MAX_MONEY)?;
        in_range("cost per participant", "0 or more (up to 10^12)", self.cost_per_participant, 0.0, MAX_MONEY)?;
        in_range("hours per participant", "0 to 10,000", self.hours_per_participant, 0.0, 10_000.0)?;
        Ok(())
    }
}

impl TechSupport {
    /// Checks the fields and that the role and skill exist and the level is on the scale.
    pub fn check(&self, ws: &Workspace) -> Result<(), DomainError> {
        check_name("technology support", &self.name)?;
        if ws.role(&self.role).is_none() {
            return Err(DomainError::UnknownId { what: "role", id: self.role.to_string() });
        }
        if ws.skill(&self.skill).is_none() {
            return Err(DomainError::UnknownId { what: "skill", id: self.skill.to_string() });
        }
        if !ws.scale.contains(self.required_level) {
            return Err(DomainError::LevelOffScale { level: self.required_level, max: ws.scale.max_level() });
        }
        month("first month", self.from_month)?;
        in_range("one-off cost", "0 or more (up to 10^12)", self.fixed_cost, 0.0, MAX_MONEY)?;
        in_range("monthly cost", "0 or more (up to 10^12)", self.monthly_cost, 0.0, MAX_MONEY)?;
        Ok(())
    }
}

impl Scenario {
    /// Checks every field against `ws`; the error names the programme or technology support at fault.
    pub fn check(&self, ws: &Workspace) -> Result<(), DomainError> {
        check_name("scenario", &self.name)?;
        in_range("horizon", "12 to 60 months", self.horizon_months as f64, 12.0, 60.0)?;
        in_range("runs", "1 to 10,000", self.runs as f64, 1.0, MAX_RUNS as f64)?;
        if self.seed > MAX_SEED {
            return Err(DomainError::OutOfRange { field: "seed", rule: "at most 2^53 − 1", value: self.seed.to_string() });
        }
        if self.programmes.len() > MAX_ITEMS || self.technology.len() > MAX_ITEMS {
            return Err(DomainError::Invalid(format!(
                "a scenario holds at most {MAX_ITEMS} programmes and {MAX_ITEMS} technology supports"
            )));
        }
        for (i, p) in self.programmes.iter().enumerate() {
            p.check(ws).map_err(|e| e.at(format!("programme {} (\u{201c}{}\u{201d})", i + 1, p.name)))?;
        }
        for (i, t) in self.technology.iter().enumerate() {
            t.check(ws).map_err(|e| e.at(format!("technology support {} (\u{201c}{}\u{201d})", i + 1, t.name)))?;
        }
        let l = &self.levers;
        for (field, v) in [
            ("recognition", l.recognition),
            ("empowerment", l.empowerment),
            ("internal communication", l.communication),
            ("trust", l.trust),
        ] {
            in_range(field, "between 0 and 1", v, 0.0, 1.0)?;
        }
        for (key, &v) in &self.overrides {
            let a = assumption(key).ok_or_else(|| DomainError::Invalid(format!("there is no assumption \u{201c}{key}\u{201d}")))?;
            if !(v.is_finite() && (a.min..=a.max).contains(&v)) {
                return Err(DomainError::Invalid(format!(
                    "{} must be between {} and {}, not {v}",
                    a.label, a.min, a.max
                )));
            }
        }
        for (key, b) in &self.ranges {
            let a = assumption(key).ok_or_else(|| DomainError::Invalid(format!("there is no assumption \u{201c}{key}\u{201d}")))?;
            if a.distribution == Distribution::Fixed {
                return Err(DomainError::Invalid(format!(
                    "{} is an evaluation choice, not an uncertain figure: set one value instead of a range",
                    a.label
                )));
            }
            let ok = |v: f64| v.is_finite() && (a.min..=a.max).contains(&v);
            if !(ok(b.low) && ok(b.high) && b.low <= b.high) {
                return Err(DomainError::Invalid(format!(
                    "the range of {} must run from a low to a high value between {} and {}, not {} to {}",
                    a.label, a.min, a.max, b.low, b.high
                )));
            }
        }
        if self.model_version > MODEL_VERSION {
            return Err(DomainError::Invalid(format!(
                "scenario \u{201c}{}\u{201d} was made by a newer simulation model (version {})",
                self.name, self.model_version
            )));
        }
        Ok(())
    }

    /// Things that are allowed but probably not meant: they are shown beside the scenario, never refused.
    pub fn warnings(&self, ws: &Workspace) -> Vec<String> {
        let mut out = Vec::new();
        let h = self.horizon_months;
        for p in &self.programmes {
            let name = &p.name;
            if p.skills.is_empty() || p.roles.is_empty() {
                out.push(format!("\u{201c}{name}\u{201d} trains nobody yet: choose at least one skill and one role."));
            } else if !p.roles.iter().any(|r| {
                ws.role(r).is_some_and(|role| p.skills.iter().any(|s| role.requirements.contains_key(s)))
            }) {
                out.push(format!(
                    "\u{201c}{name}\u{201d} teaches skills none of its roles requires, so it changes nothing."
                ));
            }
            if p.capacity_per_month == 0 {
                out.push(format!("\u{201c}{name}\u{201d} has a capacity of 0 people a month."));
            }
            if p.start_month > h {
                out.push(format!("\u{201c}{name}\u{201d} starts in month {} — after the {h}-month horizon.", p.start_month));
            }
        }
        // A role trained here with salary 0 (a new role's default) costs its training time and its leavers'
        // replacement at nothing, which flatters the return.
        let mut unpaid: Vec<&str> = Vec::new();
        for r in self.programmes.iter().flat_map(|p| &p.roles).filter_map(|r| ws.role(r)) {
            if r.salary == 0.0 && r.headcount > 0 && !unpaid.contains(&r.name.as_str()) {
                unpaid.push(&r.name);
            }
        }
        if !unpaid.is_empty() {
            let names = unpaid.iter().map(|n| format!("\u{201c}{n}\u{201d}")).collect::<Vec<_>>().join(", ");
            out.push(format!(
                "{names} {} a salary of 0, so training time and replacing leavers there cost nothing: set {} on the Roles page.",
                if unpaid.len() == 1 { "has" } else { "have" },
                if unpaid.len() == 1 { "it" } else { "them" }
            ));
        }
        for t in &self.technology {
            let current = ws.role(&t.role).and_then(|r| r.requirements.get(&t.skill)).map(|q| q.level);
            match current {
                None => out.push(format!(
                    "\u{201c}{}\u{201d}: the role does not require this skill, so lowering it changes nothing.",
                    t.name
                )),
                Some(l) if t.required_level >= l => out.push(format!(
                    "\u{201c}{}\u{201d} lowers the requirement to {} but the role already needs only {l}.",
                    t.name, t.required_level
                )),
                _ => {}
            }
            if t.from_month > h {
                out.push(format!("\u{201c}{}\u{201d} starts in month {} — after the {h}-month horizon.", t.name, t.from_month));
            }
        }
        if !self.is_baseline()
            && self.programmes.iter().all(|p| p.fixed_cost == 0.0 && p.cost_per_participant == 0.0 && p.hours_per_participant == 0.0)
            && self.technology.iter().all(|t| t.fixed_cost == 0.0 && t.monthly_cost == 0.0)
            && self.levers.is_zero()
        {
            out.push("No costs are entered, so ROI cannot be computed.".to_string());
        }
        out
    }

    /// Removes a deleted skill from every programme and drops technology support for it.
    pub fn forget_skill(&mut self, id: &SkillId) {
        self.programmes.iter_mut().for_each(|p| p.skills.retain(|s| s != id));
        self.technology.retain(|t| &t.skill != id);
    }

    /// Removes a deleted role from every programme and drops technology support for it.
    pub fn forget_role(&mut self, id: &RoleId) {
        self.programmes.iter_mut().for_each(|p| p.roles.retain(|r| r != id));
        self.technology.retain(|t| &t.role != id);
    }
}

impl Scenario {
    /// A new scenario named `name` with one workshop programme on the workspace's three highest gap
    /// priorities, open to the roles where those gaps are (no programme when nothing has a gap yet).
    pub fn starter(ws: &Workspace, name: &str) -> Scenario {
        let analysis = crate::domain::gaps::analyse(ws, &crate::domain::gaps::Filter::default(), None);
        let top: Vec<_> = analysis.priorities.iter().filter(|p| p.score > 0.0).take(3).collect();
        let mut roles: Vec<RoleId> = Vec::new();
        for r in top.iter().flat_map(|p| &p.by_role).filter(|r| r.score > 0.0) {
            if !roles.contains(&r.role) {
                roles.push(r.role.clone());
            }
        }
        let programmes = if top.is_empty() {
            Vec::new()
        } else {
            vec![Programme {
                name: "Workshops on the top gap priorities".to_string(),
                skills: top.iter().map(|p| p.skill.clone()).collect(),
                roles,
                ..Programme::default()
            }]
        };
        Scenario { name: name.to_string(), programmes, ..Scenario::default() }
    }
}

/// Brings one scenario saved by the first simulation model (workspace schema 3 or older) to the current one,
/// as JSON (the workspace migration 3 → 4 calls it for each scenario): marks it `model_version` 1, so the page says
/// its results will differ from those seen before, and rewrites its overrides for the current assumptions
/// (keys that no longer exist are set aside, values outside the new hard limits are clamped), saying what
/// changed in `model_note`.
pub fn migrate_from_model_1(scenario: &mut serde_json::Value) -> Result<(), String> {
    use serde_json::Value;
    let obj = scenario.as_object_mut().ok_or("a scenario is not a JSON object")?;
    let mut notes: Vec<String> = Vec::new();
    let number = |v: f64| format!("{v}");
    if let Some(Value::Object(overrides)) = obj.get_mut("overrides") {
        let keys: Vec<String> = overrides.keys().cloned().collect();
        for k in keys {
            let v = overrides.get(&k).and_then(Value::as_f64);
            match (k.as_str(), v) {
                ("transfer_6m", Some(v)) => {
                    overrides.remove(&k);
                    notes.push(format!(
                        "Your share applying training after 6 months ({}) was set aside: the transfer curve now runs \
                         through the shares right after and at 12 months towards a long-run floor.",
                        number(v)
                    ));
                }
                ("method_code_breaking", Some(v)) => {
                    overrides.remove(&k);
                    notes.push(format!(
                        "Your learning multiplier for code-breaking sessions ({}) was set aside: code breaking now \
                         acts on transfer only, so it is not counted twice.",
                        number(v)
                    ));
                }
                ("new_hire_spread_levels", Some(v)) => {
                    overrides.remove(&k);
                    notes.push(format!(
                        "Your spread of new hires' levels ({}) was set aside: a new hire now heads for the profile of \
                         a randomly drawn colleague in the role.",
                        number(v)
                    ));
                }
                (_, Some(v)) => match assumption(&k) {
                    None => {
                        overrides.remove(&k);
                        notes.push(format!("The value {} for \u{201c}{k}\u{201d}, which the model no longer has, was set aside.", number(v)));
                    }
                    Some(a) => {
                        let c = v.clamp(a.min, a.max);
                        if c != v {
                            overrides.insert(k.clone(), Value::from(c));
                            notes.push(format!("{}: {} is outside the model's limits now and became {}.", a.label, number(v), number(c)));
                        }
                        match k.as_str() {
                            "effect_size_d" => notes.push(format!(
                                "Your effect size ({}) is now read as the learning criterion (d ≈ 0.63), with transfer \
                                 applied to it.",
                                number(c)
                            )),
                            "service_profit_link" => notes.push(format!(
                                "Your service-profit link ρ ({}) is now turned into an effect with the spread of \
                                 defection between units, which makes it several times weaker.",
                                number(c)
                            )),
                            "replacement_cost_share" => notes.push(
                                "Only the direct part of your replacement cost is now charged; its lost productivity is \
                                 counted through service quality."
                                    .to_string(),
                            ),
                            _ => {}
                        }
                    }
                },
                (_, None) => {
                    overrides.remove(&k);
                    notes.push(format!("The override of \u{201c}{k}\u{201d}, which was not a number, was set aside."));
                }
            }
        }
    }
    let mut text = String::from(
        "Saved before the simulation model changed: every run now draws every assumption from its range, and the \
         customer link, costs, transfer and decay are re-specified, so the results will differ from those you saw \
         before.",
    );
    for n in notes {
        text.push(' ');
        text.push_str(&n);
    }
    obj.insert("model_version".to_string(), Value::from(1));
    obj.insert("model_note".to_string(), Value::from(text));
    Ok(())
}

//! Every number the simulation assumes, as data: key, label, default, plausible range, distribution, unit,
//! source, firmness and group.
//!
//! The list ([`assumptions`]) is what the assumptions panel shows, what every Monte Carlo run samples (see
//! [`super::uncertainty`]) and what the sensitivity analysis ranks. A scenario pins a value by key
//! ([`super::Scenario::overrides`]: "use my organisation's figure") or narrows a range
//! ([`super::Scenario::ranges`]); [`Params::resolve`] gives the central values with pins applied, and
//! [`Params::from_values`] a run's sampled values. docs/model.md lists the same rows, and a test checks that
//! it does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::detmath;

/// How firm an assumption is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Firmness {
    /// A published primary figure.
    F,
    /// Secondary: industry surveys, or a published figure read beyond what it measured.
    S,
    /// A modelling assumption the user should set to their own figure.
    G,
    /// An evaluation choice (Phillips' conservative practice): not uncertain, chosen.
    P,
}

impl Firmness {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Firmness::F => "Firm (published)",
            Firmness::S => "Secondary (surveys, estimates)",
            Firmness::G => "Assumption (adjust)",
            Firmness::P => "Evaluation choice",
        }
    }
}

/// How a run draws an assumption from its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Triangular on low – default – high: the default is the most likely value.
    Triangular,
    /// Uniform on low – high: no value in the range is more likely than another.
    Uniform,
    /// Not sampled: an evaluation choice, the same in every run.
    Fixed,
}

impl Distribution {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Distribution::Triangular => "triangular",
            Distribution::Uniform => "uniform",
            Distribution::Fixed => "fixed",
        }
    }
}

/// The groups of the assumptions panel, in display order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The money side, which the organisation knows better than any study: shown first.
    Organisation,
    /// Phillips' conservative evaluation choices.
    Evaluation,
    Learning,
    Transfer,
    Workforce,
    Service,
    Levers,
}

impl Group {
    pub const ALL: [Group; 7] = [
        Group::Organisation,
        Group::Evaluation,
        Group::Learning,
        Group::Transfer,
        Group::Workforce,
        Group::Service,
        Group::Levers,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Group::Organisation => "Your organisation's figures",
            Group::Evaluation => "Evaluation choices (Phillips-conservative view)",
            Group::Learning => "Learning",
            Group::Transfer => "Transfer to the job and decay",
            Group::Workforce => "Staff turnover and new hires",
            Group::Service => "Service quality",
            Group::Levers => "Internal-marketing levers (effect at full strength)",
        }
    }
}

/// One assumption of the model, as shown in the assumptions panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    /// Stable key, used in [`super::Scenario::overrides`] and [`super::Scenario::ranges`].
    pub key: String,
    /// What it is, in words.
    pub label: String,
    /// The central (most likely) value.
    pub default: f64,
    /// Low end of the plausible range, which every run samples.
    pub low: f64,
    /// High end of the plausible range.
    pub high: f64,
    pub distribution: Distribution,
    pub unit: String,
    /// Where the figure comes from.
    pub source: String,
    pub firmness: Firmness,
    pub group: Group,
    /// Hard lower limit: a scenario may not set it lower (the model stops making sense).
    pub min: f64,
    /// Hard upper limit.
    pub max: f64,
}

struct Spec {
    key: &'static str,
    label: &'static str,
    default: f64,
    low: f64,
    high: f64,
    dist: Distribution,
    unit: &'static str,
    source: &'static str,
    firmness: Firmness,
    group: Group,
    min: f64,
    max: f64,
}

const SAKS: &str = "Saks & Belcourt 2006, Human Resource Management 45(4): trainers' estimates of the share of \
                    trainees who apply their training";
const IM_GUESS: &str = "Modelling assumption; direction from the internal-marketing literature (recognition, \
                        empowerment, internal communication, service-climate surveys acted on); transfer \
                        effects bounded by Blume et al. 2010 (support–transfer ρ ≈ .2–.3)";
const METHOD: &str = "Modelling assumption; Arthur et al. 2003 report that effects vary by method";

macro_rules! specs {
    ($( $field:ident : $label:literal, $default:expr, [$low:expr, $high:expr], $dist:ident, $unit:literal,
        $source:expr, $firm:ident, $group:ident, [$min:expr, $max:expr]; )*) => {
        const SPECS: &[Spec] = &[ $( Spec {
            key: stringify!($field), label: $label, default: $default, low: $low, high: $high,
            dist: Distribution::$dist, unit: $unit, source: $source, firmness: Firmness::$firm,
            group: Group::$group, min: $min, max: $max,
        }, )* ];

        /// The parameters of one run (field names are the assumption keys).
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct Params { $( pub $field: f64, )* }

        impl Params {
            /// A run's parameters from one value per assumption, in [`assumptions`] order.
            pub fn from_values(values: &[f64]) -> Self {
                let mut it = values.iter().copied();
                Self { $( $field: it.next().expect("one value per assumption"), )* }
            }

            /// The values in [`assumptions`] order.
            pub fn values(&self) -> Vec<f64> {
                vec![ $( self.$field, )* ]
            }
        }
    };
}

specs! {
    // --- Your organisation's figures ----------------------------------------------------------------------
    customers_per_employee: "Customers served per employee", 150.0, [50.0, 300.0], Triangular, "customers",
        "Modelling assumption: set it to your organisation's own figure", G, Organisation, [0.0, 1e7];
    value_per_customer_month: "Margin a retained customer contributes per month", 25.0, [10.0, 50.0], Triangular,
        "currency", "Modelling assumption: set it to your organisation's own figure (Reichheld & Sasser 1990 show \
        why retention drives profit; their figures are firm cases, not a general value)", G, Organisation, [0.0, 1e9];
    customer_retention_monthly: "Baseline monthly customer retention", 0.985, [0.97, 0.995], Triangular, "share",
        "Modelling assumption (0.985 a month ≈ 17 % of customers lost a year): set it to your own figure", G,
        Organisation, [0.5, 1.0];
    service_profit_link: "Service-profit link ρ: correlation between service quality and customer retention across comparable units",
        0.25, [0.15, 0.35], Triangular, "correlation", "Heskett et al. 1994; Hogreve et al. 2017 and Gelade & Young 2005 \
        find the chain's links positive but modest (small in retail banking)", G, Organisation, [0.0, 1.0];
    defection_cv_units: "Spread of the customer defection rate between comparable units (SD ÷ mean)", 0.25,
        [0.10, 0.40], Triangular, "ratio", "Modelling assumption: with ρ and the quality spread it turns the \
        correlation into an effect (x = ρ × SD_defection ÷ SD_quality); set it from your branches' or teams' figures",
        G, Organisation, [0.0, 2.0];
    quality_sd_points: "Spread of service quality between comparable units (SD)", 10.0, [5.0, 20.0], Triangular,
        "points", "Modelling assumption: the SD of this readiness-based quality across your units", G, Organisation,
        [0.1, 100.0];
    customer_lag_months: "Months customers take to react to a change in service (mean lag)", 3.0, [1.0, 6.0],
        Triangular, "months", "Modelling assumption: customers notice service over several contacts", G,
        Organisation, [0.0, 36.0];
    customer_acquisition_ratio: "New customers a month, as a multiple of the baseline's monthly losses", 1.0,
        [0.9, 1.1], Triangular, "×", "Modelling assumption (1 keeps the customer base steady at today's service)", G,
        Organisation, [0.0, 5.0];
    on_cost_multiplier: "Fully loaded wage ÷ salary (payroll tax, pension, leave and other on-costs)", 1.3,
        [1.15, 1.45], Triangular, "×", "Modelling assumption: on-costs typically add 15–45 % to salary; set your own",
        G, Organisation, [1.0, 3.0];
    replacement_cost_share: "Cost of replacing a leaver, share of annual salary (all of it)", 0.21, [0.10, 0.40],
        Triangular, "share", "Boushey & Glynn 2012 (Center for American Progress): median 21 % for jobs paying \
        under USD 75,000 (range across studies 2–150 %)", F, Organisation, [0.0, 5.0];
    replacement_direct_share: "Share of that replacement cost that is direct (recruiting, hiring, onboarding); the rest, lost productivity, the model charges through service quality",
        0.5, [0.3, 0.7], Triangular, "share", "Modelling assumption: Boushey & Glynn's figure includes lost \
        productivity during the vacancy and ramp-up, which the model counts through quality and customers", G,
        Organisation, [0.0, 1.0];
    // --- Evaluation choices (Phillips) ---------------------------------------------------------------------
    benefit_horizon_months: "Benefit horizon: months after each person's training that count (Phillips-conservative view)",
        12.0, [6.0, 24.0], Fixed, "months", "Phillips & Phillips, ROI Methodology: first-year benefits for short \
        programmes", P, Evaluation, [1.0, 120.0];
    discount_rate: "Discount rate a year (Phillips-conservative view)", 0.07, [0.03, 0.12], Fixed, "share a year",
        "Your organisation's cost of capital or hurdle rate", P, Evaluation, [0.0, 0.5];
    estimate_confidence: "Confidence in the estimated benefits (Phillips-conservative view: benefits × this)", 0.75,
        [0.5, 1.0], Fixed, "share", "Phillips & Phillips, ROI Methodology: adjust estimates for the confidence in \
        them", P, Evaluation, [0.0, 1.0];
    // --- Learning ---------------------------------------------------------------------------------------------
    effect_size_d: "Training effect size on learning (Cohen's d)", 0.63, [0.45, 0.80], Triangular, "SD",
        "Arthur, Bennett, Edens & Bell 2003, J. Applied Psychology 88(2): d ≈ 0.63 on learning criteria \
        (0.62 on behaviour, which already includes transfer, so the model applies transfer to the learning d)",
        F, Learning, [0.0, 2.0];
    proficiency_sd_levels: "Standard deviation of proficiency, in scale levels", 0.9, [0.6, 1.2], Triangular,
        "levels", "Modelling assumption (converts d into levels of your scale)", G, Learning, [0.1, 3.0];
    gain_cv: "Person-to-person variation of the learning gain (coefficient of variation)", 0.5, [0.2, 0.8],
        Triangular, "ratio", "Modelling assumption", G, Learning, [0.0, 2.0];
    method_workshop: "Learning-gain multiplier: workshop (also code-breaking sessions)", 1.0, [0.8, 1.2], Triangular,
        "×", METHOD, G, Learning, [0.0, 3.0];
    method_elearning: "Learning-gain multiplier: e-learning", 1.0, [0.8, 1.1], Triangular, "×",
        "Sitzmann, Kraiger, Stewart & Wisher 2006, Personnel Psychology 59(3): web-based and classroom instruction \
        equally effective when the same methods are used", F, Learning, [0.0, 3.0];
    method_coaching: "Learning-gain multiplier: one-to-one coaching", 1.25, [1.0, 1.5], Triangular, "×", METHOD, G,
        Learning, [0.0, 3.0];
    method_on_the_job: "Learning-gain multiplier: on-the-job training", 1.1, [0.8, 1.3], Triangular, "×", METHOD, G,
        Learning, [0.0, 3.0];
    self_rating_bias: "Correction added to self-only ratings", -0.3, [-0.6, 0.0], Triangular, "levels",
        "Heidemeier & Moser 2009, J. Applied Psychology 94(2): self-ratings exceed others' by d ≈ .32, i.e. about \
        0.3 levels at the default proficiency SD", S, Learning, [-3.0, 3.0];
    unrated_offset_levels: "Where an unrated skill starts when nobody in the role is rated on it (levels from the requirement)",
        -1.0, [-1.5, -0.5], Triangular, "levels", "Modelling assumption (a role is usually short of what it needs)",
        G, Learning, [-10.0, 10.0];
    unrated_spread_levels: "Spread of that starting level (± uniformly)", 1.0, [0.5, 1.5], Triangular, "levels",
        "Modelling assumption", G, Learning, [0.0, 10.0];
    // --- Transfer and decay -----------------------------------------------------------------------------------
    transfer_0m: "Share of trainees applying their training right after it", 0.62, [0.57, 0.67], Triangular, "share",
        SAKS, S, Transfer, [0.01, 1.0];
    transfer_12m: "Share of trainees still applying it 12 months after", 0.34, [0.29, 0.39], Triangular, "share",
        SAKS, S, Transfer, [0.0, 1.0];
    transfer_floor: "Share who keep applying it in the long run (the curve's floor)", 0.215, [0.10, 0.27],
        Triangular, "share", "Modelling assumption: with the defaults the curve also passes through Saks & \
        Belcourt's 44 % at 6 months", G, Transfer, [0.0, 1.0];
    code_breaking_transfer: "Transfer multiplier when a programme includes code breaking", 1.2, [1.0, 1.4],
        Triangular, "×", "Modelling assumption (Ballantyne's internal marketing cycle: solving real customer \
        problems together); acts on transfer only", G, Transfer, [0.0, 3.0];
    decay_half_life_months: "Half-life of learned skill that is not used", 9.0, [6.5, 13.0], Triangular, "months",
        "Tatel & Ackerman (Psychological Bulletin, doi 10.1037/bul0000481): half of gains lost after ≈ 6.5–13 \
        months; Arthur, Bennett, Stanush & McNelly 1998, Human Performance 11(1)", F, Transfer, [0.5, 240.0];
    applied_decay_slowdown: "How many times more slowly skill in use decays than unused skill", 4.0, [2.0, 8.0],
        Triangular, "×", "Modelling assumption (Arthur et al. 1998: decay grows with the time of non-use)", G,
        Transfer, [1.0, 100.0];
    diffusion_share: "Share of attendees' applied gain that spreads to role colleagues who did not attend", 0.15,
        [0.0, 0.3], Triangular, "share", "Modelling assumption (Ballantyne's diffusing)", G, Transfer, [0.0, 1.0];
    // --- Staff turnover and new hires ---------------------------------------------------------------------------
    turnover_scale: "Multiplier on every role's annual turnover", 1.0, [0.8, 1.2], Triangular, "×",
        "Roles' own figures; typical ranges from industry surveys and BLS JOLTS", S, Workforce, [0.0, 5.0];
    replacement_delay_months: "Months a position stays vacant after a leaver (rounded to whole months)", 2.0,
        [0.0, 4.0], Triangular, "months", "Modelling assumption", G, Workforce, [0.0, 24.0];
    new_hire_gap_levels: "How far below the level they grow to a new hire starts", 1.0, [0.5, 1.5], Triangular,
        "levels", "Modelling assumption (knowledge walks out of the door)", G, Workforce, [0.0, 10.0];
    time_to_proficiency_months: "Months a new hire takes to reach the role's usual level", 6.0, [3.0, 12.0],
        Triangular, "months", "Modelling assumption; service roles commonly quote 3–12 months to full \
        proficiency (contact-centre agents at the short end, advisers at the long end)", G, Workforce, [0.0, 60.0];
    new_hire_curve_shape: "Shape of the new-hire learning curve (0 = straight line; higher = faster at first)", 3.0,
        [1.0, 5.0], Triangular, "rate", "Modelling assumption: learning curves rise fast and then level off", G,
        Workforce, [0.0, 20.0];
    trained_turnover_effect: "Relative change in the leaving rate of trained staff", 0.0, [-0.2, 0.2], Triangular,
        "share", "Gardner, Wright & Moynihan 2011: direction mixed; zero by default", G, Workforce, [-1.0, 2.0];
    hours_per_year: "Paid working hours a year (hourly wage = salary ÷ hours)", 1720.0, [1600.0, 1900.0],
        Triangular, "hours", "Modelling assumption (38-hour week, leave deducted)", G, Workforce, [100.0, 4000.0];
    // --- Service quality --------------------------------------------------------------------------------------
    understaffing_impact: "Service lost per vacant (or training) position, share of what it would give", 0.5,
        [0.25, 1.0], Triangular, "share", "Modelling assumption; its sign follows Park & Shaw 2013 (turnover → \
        performance ρ = −0.15): colleagues cover part of the work", G, Service, [0.0, 1.0];
    contact_weight_medium: "Weight of a medium-contact role in service quality (high contact = 1)", 0.6, [0.4, 0.8],
        Triangular, "×", "Modelling assumption (internal customer segmentation by level of contact)", G, Service,
        [0.0, 1.0];
    contact_weight_low: "Weight of a low-contact role in service quality (high contact = 1)", 0.3, [0.1, 0.5],
        Triangular, "×", "Modelling assumption (support staff serve internal customers)", G, Service, [0.0, 1.0];
    // --- Internal-marketing levers (effect per lever at full strength, 1.0) -------------------------------------
    recognition_transfer: "Recognition and rewards: relative rise in transfer", 0.10, [0.0, 0.2], Triangular,
        "share", IM_GUESS, G, Levers, [-1.0, 3.0];
    recognition_turnover: "Recognition and rewards: relative fall in staff turnover", 0.10, [0.0, 0.2], Triangular,
        "share", IM_GUESS, G, Levers, [-1.0, 1.0];
    recognition_cost: "Recognition and rewards: cost per employee per month", 15.0, [5.0, 40.0], Triangular,
        "currency", IM_GUESS, G, Levers, [0.0, 1e6];
    empowerment_transfer: "Empowerment: relative rise in transfer", 0.10, [0.0, 0.2], Triangular, "share", IM_GUESS,
        G, Levers, [-1.0, 3.0];
    empowerment_turnover: "Empowerment: relative fall in staff turnover", 0.05, [0.0, 0.1], Triangular, "share",
        IM_GUESS, G, Levers, [-1.0, 1.0];
    empowerment_cost: "Empowerment: cost per employee per month", 5.0, [0.0, 15.0], Triangular, "currency",
        IM_GUESS, G, Levers, [0.0, 1e6];
    communication_transfer: "Internal communication: relative rise in transfer", 0.05, [0.0, 0.1], Triangular,
        "share", IM_GUESS, G, Levers, [-1.0, 3.0];
    communication_turnover: "Internal communication: relative fall in staff turnover", 0.05, [0.0, 0.1],
        Triangular, "share", IM_GUESS, G, Levers, [-1.0, 1.0];
    communication_cost: "Internal communication: cost per employee per month", 5.0, [0.0, 15.0], Triangular,
        "currency", IM_GUESS, G, Levers, [0.0, 1e6];
    trust_transfer: "Trust / service climate: relative rise in transfer", 0.15, [0.0, 0.3], Triangular, "share",
        IM_GUESS, G, Levers, [-1.0, 3.0];
    trust_turnover: "Trust / service climate: relative fall in staff turnover", 0.10, [0.0, 0.2], Triangular,
        "share", IM_GUESS, G, Levers, [-1.0, 1.0];
    trust_cost: "Trust / service climate (surveys, follow-up): cost per employee per month", 5.0, [0.0, 15.0],
        Triangular, "currency", IM_GUESS, G, Levers, [0.0, 1e6];
}

/// How many assumptions there are.
pub fn count() -> usize {
    SPECS.len()
}

fn of(s: &Spec) -> Assumption {
    Assumption {
        key: s.key.to_string(),
        label: s.label.to_string(),
        default: s.default,
        low: s.low,
        high: s.high,
        distribution: s.dist,
        unit: s.unit.to_string(),
        source: s.source.to_string(),
        firmness: s.firmness,
        group: s.group,
        min: s.min,
        max: s.max,
    }
}

/// The assumptions, in display order (grouped: your organisation's figures first).
pub fn assumptions() -> Vec<Assumption> {
    SPECS.iter().map(of).collect()
}

/// The assumption with `key`, if any.
pub fn assumption(key: &str) -> Option<Assumption> {
    SPECS.iter().find(|s| s.key == key).map(of)
}

/// The position of `key` in [`assumptions`].
pub fn index_of(key: &str) -> Option<usize> {
    SPECS.iter().position(|s| s.key == key)
}

impl Params {
    /// The central values (each assumption's default) with `overrides` pinned (unknown keys and non-finite
    /// values ignored, values clamped to each assumption's hard limits). Narrowed ranges do not move the
    /// centre unless they exclude it; see [`super::uncertainty::Marginal`].
    pub fn resolve(overrides: &BTreeMap<String, f64>) -> Self {
        let values: Vec<f64> = SPECS
            .iter()
            .map(|s| match overrides.get(s.key) {
                Some(v) if v.is_finite() => v.clamp(s.min, s.max),
                _ => s.default,
            })
            .collect();
        Self::from_values(&values)
    }
}

impl Default for Params {
    fn default() -> Self {
        Self::resolve(&BTreeMap::new())
    }
}

/// The transfer curve: the share of trainees still applying their training t months after it (before
/// climate, code breaking, approval and the adoption cap),
///
///   T(t) = floor + (p0 − floor) × x^(t/12),  x = (p12 − floor) / (p0 − floor),
///
/// which runs through p0 at 0 and p12 at 12 months and falls towards the floor. With floor < p12 < p0 it
/// is strictly falling and above the floor forever; other inputs are made valid: p12 above p0 is read as
/// p0 (a flat curve), a floor above p12 as p12 (a drop to p12 after month 0).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransferCurve {
    pub p0: f64,
    pub floor: f64,
    /// ln x / 12 (≤ 0; −∞ for a drop straight to the floor, 0 for a flat curve).
    pub rate: f64,
}

impl TransferCurve {
    pub fn new(p0: f64, p12: f64, floor: f64) -> Self {
        let p0 = p0.clamp(0.0, 1.0);
        let p12 = p12.clamp(0.0, p0);
        let floor = floor.clamp(0.0, p12);
        if p12 >= p0 {
            return Self { p0, floor: p0, rate: 0.0 };
        }
        let x = (p12 - floor) / (p0 - floor);
        let rate = if x > 0.0 { detmath::ln(x) / 12.0 } else { f64::NEG_INFINITY };
        Self { p0, floor, rate }
    }

    /// The share applying `t` ≥ 0 months after training.
    pub fn at(&self, t: f64) -> f64 {
        if t <= 0.0 || self.rate == 0.0 {
            return self.p0;
        }
        if self.rate == f64::NEG_INFINITY {
            return self.floor;
        }
        self.floor + (self.p0 - self.floor) * detmath::exp(self.rate * t)
    }
}

impl Params {
    /// The transfer curve of these parameters.
    pub fn transfer_curve(&self) -> TransferCurve {
        TransferCurve::new(self.transfer_0m, self.transfer_12m, self.transfer_floor)
    }

    /// Share of learned, unused skill still there `t` months later: 2^(−t / half-life).
    pub fn unused_retention(&self, t: f64) -> f64 {
        detmath::exp(-t * std::f64::consts::LN_2 / self.decay_half_life_months)
    }

    /// Share of skill in use still there `t` months later: 2^(−t / (half-life × slowdown)).
    pub fn applied_retention(&self, t: f64) -> f64 {
        detmath::exp(-t * std::f64::consts::LN_2 / (self.decay_half_life_months * self.applied_decay_slowdown))
    }

    /// Monthly leaving probability from an annual turnover rate: 1 − (1 − annual)^(1/12).
    pub fn monthly_hazard(annual: f64) -> f64 {
        let annual = annual.clamp(0.0, 1.0);
        if annual >= 1.0 {
            1.0
        } else {
            1.0 - detmath::pow(1.0 - annual, 1.0 / 12.0)
        }
    }

    /// The learning-gain multiplier of `method` (code-breaking sessions learn as a workshop; code breaking
    /// acts on transfer, [`Params::code_breaking_transfer`], so it is not counted twice).
    pub fn method_multiplier(&self, method: super::Method) -> f64 {
        use super::Method::*;
        match method {
            Workshop | CodeBreaking => self.method_workshop,
            ELearning => self.method_elearning,
            Coaching => self.method_coaching,
            OnTheJob => self.method_on_the_job,
        }
    }

    /// The mean learning gain, in levels, of `method`: d × method multiplier × SD in levels.
    pub fn mean_gain(&self, method: super::Method) -> f64 {
        self.effect_size_d * self.method_multiplier(method) * self.proficiency_sd_levels
    }

    /// The service-profit link as an effect: the relative fall in customer defection per point of service
    /// quality, ρ × (SD of defection ÷ mean) ÷ SD of quality.
    pub fn defection_elasticity(&self) -> f64 {
        self.service_profit_link * self.defection_cv_units / self.quality_sd_points
    }

    /// The weight of a role's contact level in service quality (high contact is the reference, 1).
    pub fn contact_weight(&self, contact: crate::domain::model::ContactLevel) -> f64 {
        use crate::domain::model::ContactLevel::*;
        match contact {
            High => 1.0,
            Medium => self.contact_weight_medium,
            Low => self.contact_weight_low,
        }
    }

    /// The share of the new-hire shortfall left `t` months after hiring: 1 at hiring, 0 from
    /// `time_to_proficiency_months` on, in between (e^(−k t/T) − e^(−k)) / (1 − e^(−k)) with k the curve's
    /// shape (a straight line 1 − t/T when k = 0).
    pub fn ramp_left(&self, t: f64) -> f64 {
        let big_t = self.time_to_proficiency_months;
        if big_t <= 0.0 || t >= big_t {
            return 0.0;
        }
        if t <= 0.0 {
            return 1.0;
        }
        let k = self.new_hire_curve_shape;
        if k < 1e-6 {
            return 1.0 - t / big_t;
        }
        let end = detmath::exp(-k);
        ((detmath::exp(-k * t / big_t) - end) / (1.0 - end)).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_ranges_hold_the_default() {
        let list = assumptions();
        for (i, a) in list.iter().enumerate() {
            assert!(list[..i].iter().all(|b| b.key != a.key), "duplicate {}", a.key);
            assert!(a.min <= a.low && a.low <= a.default && a.default <= a.high && a.high <= a.max, "{}", a.key);
            assert_eq!(index_of(&a.key), Some(i));
        }
        assert!(list.windows(2).all(|w| w[0].group <= w[1].group), "grouped in display order");
        let p = Params::default();
        assert_eq!(p.effect_size_d, 0.63);
        assert_eq!(Params::from_values(&p.values()), p);
        let mut o = BTreeMap::new();
        o.insert("effect_size_d".to_string(), 0.5);
        o.insert("transfer_0m".to_string(), 7.0);
        o.insert("nonsense".to_string(), 1.0);
        let p = Params::resolve(&o);
        assert_eq!((p.effect_size_d, p.transfer_0m), (0.5, 1.0));
    }

    #[test]
    fn default_curve_goes_through_saks_and_belcourt() {
        let c = Params::default().transfer_curve();
        for (t, want) in [(0.0, 0.62), (6.0, 0.44), (12.0, 0.34)] {
            assert!((c.at(t) - want).abs() < 1e-9, "{t}: {}", c.at(t));
        }
        // Degenerate inputs stay valid: flat, and a drop to p12.
        assert_eq!(TransferCurve::new(0.5, 0.6, 0.1).at(30.0), 0.5);
        let drop = TransferCurve::new(0.6, 0.3, 0.4);
        assert_eq!((drop.at(0.0), drop.at(1.0), drop.at(50.0)), (0.6, 0.3, 0.3));
    }

    #[test]
    fn ramp_is_one_at_hire_zero_at_proficiency_and_front_loaded() {
        let p = Params::default();
        assert_eq!(p.ramp_left(0.0), 1.0);
        assert_eq!(p.ramp_left(6.0), 0.0);
        assert!(p.ramp_left(3.0) < 0.5, "faster at first: {}", p.ramp_left(3.0));
        let mut o = BTreeMap::new();
        o.insert("new_hire_curve_shape".to_string(), 0.0);
        assert!((Params::resolve(&o).ramp_left(3.0) - 0.5).abs() < 1e-12);
    }
}

//! Every number the simulation assumes, as data: key, label, default, range, unit, source and firmness.
//!
//! The list ([`assumptions`]) is what the assumptions panel shows and what the sensitivity analysis varies
//! between `low` and `high`. A scenario's `overrides` map keys to values; [`Params::resolve`] turns the
//! defaults plus overrides into the typed parameters the engine reads. docs/model.md explains each one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::detmath;

/// How firm an assumption is: F = firm (a published primary figure), S = secondary (industry surveys),
/// G = a modelling guess the user should adjust.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Firmness {
    F,
    S,
    G,
}

impl Firmness {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Firmness::F => "Firm (published)",
            Firmness::S => "Secondary (surveys)",
            Firmness::G => "Assumption (adjust)",
        }
    }
}

/// One assumption of the model, as shown in the assumptions panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assumption {
    /// Stable key, used in [`super::Scenario::overrides`].
    pub key: String,
    /// What it is, in words.
    pub label: String,
    pub default: f64,
    /// Low end of the plausible range (used by the sensitivity analysis).
    pub low: f64,
    /// High end of the plausible range.
    pub high: f64,
    pub unit: String,
    /// Where the figure comes from.
    pub source: String,
    pub firmness: Firmness,
    /// Hard lower limit: a scenario may not set it lower (the model stops making sense).
    pub min: f64,
    /// Hard upper limit.
    pub max: f64,
}

/// Hard limits an override is clamped to (wider than the plausible ranges; they only keep the model sane).
struct Spec {
    key: &'static str,
    label: &'static str,
    default: f64,
    low: f64,
    high: f64,
    unit: &'static str,
    source: &'static str,
    firmness: Firmness,
    /// Values outside [min, max] are clamped.
    min: f64,
    max: f64,
}

const SAKS: &str = "Saks & Belcourt 2006, Human Resource Management 45(4)";
const IM_GUESS: &str =
    "Modelling assumption; direction from the internal-marketing literature (IM activities: \
                        recognition, empowerment, internal communication, service-climate surveys)";

macro_rules! specs {
    ($( $field:ident : $key:literal, $label:literal, $default:expr, $low:expr, $high:expr, $unit:literal,
        $source:expr, $firm:ident, [$min:expr, $max:expr]; )*) => {
        const SPECS: &[Spec] = &[ $( Spec {
            key: $key, label: $label, default: $default, low: $low, high: $high, unit: $unit,
            source: $source, firmness: Firmness::$firm, min: $min, max: $max,
        }, )* ];

        /// The resolved parameters the engine reads (field names match the assumption keys).
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        pub struct Params { $( pub $field: f64, )* }

        impl Params {
            /// The defaults with `overrides` applied (unknown keys ignored, non-finite values ignored,
            /// values clamped to each assumption's hard limits).
            pub fn resolve(overrides: &BTreeMap<String, f64>) -> Self {
                let get = |key: &str| -> f64 {
                    let spec = SPECS.iter().find(|s| s.key == key).expect("assumption key");
                    match overrides.get(key) {
                        Some(v) if v.is_finite() => v.clamp(spec.min, spec.max),
                        _ => spec.default,
                    }
                };
                Self { $( $field: get($key), )* }
            }
        }
    };
}

specs! {
    // --- Learning -------------------------------------------------------------------------------------
    effect_size_d: "effect_size_d", "Training effect size on behaviour (Cohen's d)", 0.62, 0.40, 0.80, "SD",
        "Arthur, Bennett, Edens & Bell 2003, J. Applied Psychology 88(2)", F, [0.0, 2.0];
    proficiency_sd_levels: "proficiency_sd_levels", "Standard deviation of proficiency, in scale levels", 0.9, 0.6, 1.2,
        "levels", "Modelling assumption (converts d into levels)", G, [0.1, 3.0];
    gain_cv: "gain_cv", "Person-to-person variation of the learning gain (coefficient of variation)", 0.5, 0.2, 0.8,
        "ratio", "Modelling assumption", G, [0.0, 2.0];
    method_workshop: "method_workshop", "Learning-gain multiplier: workshop", 1.0, 0.8, 1.2, "×",
        "Modelling assumption; Arthur et al. 2003 report effects vary by method", G, [0.0, 3.0];
    method_elearning: "method_elearning", "Learning-gain multiplier: e-learning", 0.75, 0.5, 1.0, "×",
        "Modelling assumption; Arthur et al. 2003 report effects vary by method", G, [0.0, 3.0];
    method_coaching: "method_coaching", "Learning-gain multiplier: one-to-one coaching", 1.25, 1.0, 1.5, "×",
        "Modelling assumption", G, [0.0, 3.0];
    method_code_breaking: "method_code_breaking", "Learning-gain multiplier: code-breaking team sessions", 1.15, 0.9, 1.4,
        "×", "Modelling assumption (Ballantyne's code breaking: solving real customer problems together)", G, [0.0, 3.0];
    method_on_the_job: "method_on_the_job", "Learning-gain multiplier: on-the-job training", 1.1, 0.8, 1.3, "×",
        "Modelling assumption", G, [0.0, 3.0];
    self_rating_bias: "self_rating_bias", "Correction added to self-only ratings", -0.3, -0.6, 0.0, "levels",
        "Modelling assumption (self-ratings tend to exceed assessors' ratings)", G, [-3.0, 3.0];
    // --- Transfer and decay ---------------------------------------------------------------------------
    transfer_0m: "transfer_0m", "Share of training applied on the job right after", 0.62, 0.57, 0.67, "share",
        SAKS, F, [0.01, 1.0];
    transfer_6m: "transfer_6m", "Share of training applied on the job after 6 months", 0.44, 0.39, 0.49, "share",
        SAKS, F, [0.005, 1.0];
    transfer_12m: "transfer_12m", "Share of training applied on the job after 12 months", 0.34, 0.29, 0.39, "share",
        SAKS, F, [0.0, 1.0];
    code_breaking_transfer: "code_breaking_transfer", "Transfer multiplier when a programme includes code breaking",
        1.2, 1.0, 1.4, "×", "Modelling assumption (Ballantyne's internal marketing cycle)", G, [0.0, 3.0];
    decay_half_life_months: "decay_half_life_months", "Half-life of learned but unused skill", 9.0, 6.5, 13.0,
        "months", "Tatel & Ackerman (Psychological Bulletin, doi 10.1037/bul0000481); Arthur, Bennett, Stanush & McNelly 1998",
        F, [0.5, 240.0];
    diffusion_share: "diffusion_share", "Share of attendees' applied gain that spreads to role colleagues who did not attend",
        0.15, 0.0, 0.3, "share", "Modelling assumption (Ballantyne's diffusing)", G, [0.0, 1.0];
    // --- Staff turnover ---------------------------------------------------------------------------------
    turnover_scale: "turnover_scale", "Multiplier on every role's annual turnover", 1.0, 0.8, 1.2, "×",
        "Roles' own figures; industry surveys and BLS JOLTS for typical ranges", S, [0.0, 5.0];
    replacement_delay_months: "replacement_delay_months", "Months a position stays vacant after a leaver", 2.0, 0.0, 4.0,
        "months", "Modelling assumption", G, [0.0, 24.0];
    new_hire_gap_levels: "new_hire_gap_levels", "How far below the role's mean a new hire starts (closed over the ramp-up)", 1.0, 0.5, 1.5,
        "levels", "Modelling assumption (knowledge walks out of the door)", G, [0.0, 10.0];
    time_to_proficiency_months: "time_to_proficiency_months", "Months a new hire takes to grow to the role's usual level",
        6.0, 3.0, 12.0, "months", "Modelling assumption; service roles commonly quote 3–12 months to full proficiency \
        (contact-centre agents at the short end, advisers and relationship managers at the long end)", G, [0.0, 60.0];
    new_hire_spread_levels: "new_hire_spread_levels", "Spread (SD) of new hires' levels", 0.5, 0.25, 0.75, "levels",
        "Modelling assumption", G, [0.0, 5.0];
    replacement_cost_share: "replacement_cost_share", "Cost of replacing a leaver, share of annual salary", 0.21, 0.02,
        1.5, "share", "Boushey & Glynn 2012 (Center for American Progress): median 21 %, range 2–150 %", F, [0.0, 5.0];
    trained_turnover_effect: "trained_turnover_effect", "Relative change in the leaving rate of trained staff", 0.0,
        -0.2, 0.2, "share", "Gardner, Wright & Moynihan 2011: direction mixed; zero by default", G, [-1.0, 2.0];
    hours_per_year: "hours_per_year", "Paid working hours a year (hourly wage = salary ÷ hours)", 1720.0, 1600.0,
        1900.0, "hours", "Modelling assumption (38-hour week, leave deducted)", G, [100.0, 4000.0];
    // --- Internal-marketing levers (effect per lever at full strength, 1.0) ---------------------------
    recognition_transfer: "recognition_transfer", "Recognition and rewards: relative rise in transfer", 0.10, 0.0, 0.2,
        "share", IM_GUESS, G, [-1.0, 3.0];
    recognition_turnover: "recognition_turnover", "Recognition and rewards: relative fall in staff turnover", 0.10, 0.0,
        0.2, "share", IM_GUESS, G, [-1.0, 1.0];
    recognition_cost: "recognition_cost", "Recognition and rewards: cost per employee per month", 15.0, 5.0, 40.0,
        "currency", IM_GUESS, G, [0.0, 1e6];
    empowerment_transfer: "empowerment_transfer", "Empowerment: relative rise in transfer", 0.10, 0.0, 0.2, "share",
        IM_GUESS, G, [-1.0, 3.0];
    empowerment_turnover: "empowerment_turnover", "Empowerment: relative fall in staff turnover", 0.05, 0.0, 0.1,
        "share", IM_GUESS, G, [-1.0, 1.0];
    empowerment_cost: "empowerment_cost", "Empowerment: cost per employee per month", 5.0, 0.0, 15.0, "currency",
        IM_GUESS, G, [0.0, 1e6];
    communication_transfer: "communication_transfer", "Internal communication: relative rise in transfer", 0.05, 0.0,
        0.1, "share", IM_GUESS, G, [-1.0, 3.0];
    communication_turnover: "communication_turnover", "Internal communication: relative fall in staff turnover", 0.05,
        0.0, 0.1, "share", IM_GUESS, G, [-1.0, 1.0];
    communication_cost: "communication_cost", "Internal communication: cost per employee per month", 5.0, 0.0, 15.0,
        "currency", IM_GUESS, G, [0.0, 1e6];
    trust_transfer: "trust_transfer", "Trust / service climate: relative rise in transfer", 0.15, 0.0, 0.3, "share",
        IM_GUESS, G, [-1.0, 3.0];
    trust_turnover: "trust_turnover", "Trust / service climate: relative fall in staff turnover", 0.10, 0.0, 0.2,
        "share", IM_GUESS, G, [-1.0, 1.0];
    trust_cost: "trust_cost", "Trust / service climate (surveys, follow-up): cost per employee per month", 5.0, 0.0,
        15.0, "currency", IM_GUESS, G, [0.0, 1e6];
    // --- Customers and money --------------------------------------------------------------------------
    customers_per_employee: "customers_per_employee", "Customers served per employee", 150.0, 50.0, 300.0,
        "customers", "Modelling assumption (set it to the organisation's own figure)", G, [0.0, 1e7];
    customer_retention_monthly: "customer_retention_monthly", "Baseline monthly customer retention", 0.985, 0.97,
        0.995, "share", "Modelling assumption (≈ 17 % of customers lost a year)", G, [0.0, 1.0];
    value_per_customer_month: "value_per_customer_month", "Margin a retained customer contributes per month", 25.0,
        10.0, 50.0, "currency", "Modelling assumption (Reichheld & Sasser 1990 show retention drives profit)", G, [0.0, 1e9];
    service_profit_link: "service_profit_link", "Service-profit-chain link ρ: relative fall in customer defection per SD of service quality",
        0.25, 0.2, 0.35, "per SD", "Heskett et al. 1994; Hogreve et al. 2017; Gelade & Young 2005 (links positive but modest)",
        G, [0.0, 1.0];
    quality_sd_points: "quality_sd_points", "Standard deviation of service quality between comparable units", 10.0,
        5.0, 20.0, "points", "Modelling assumption (standardises the service-profit link)", G, [0.1, 100.0];
}

/// The assumptions, in display order.
pub fn assumptions() -> Vec<Assumption> {
    SPECS
        .iter()
        .map(|s| Assumption {
            key: s.key.to_string(),
            label: s.label.to_string(),
            default: s.default,
            low: s.low,
            high: s.high,
            unit: s.unit.to_string(),
            source: s.source.to_string(),
            firmness: s.firmness,
            min: s.min,
            max: s.max,
        })
        .collect()
}

/// The assumption with `key`, if any.
pub fn assumption(key: &str) -> Option<Assumption> {
    assumptions().into_iter().find(|a| a.key == key)
}

impl Default for Params {
    fn default() -> Self {
        Self::resolve(&BTreeMap::new())
    }
}

/// The fitted transfer curve applied(t) = a + b·e^(−t/τ) through the three points at 0, 6 and 12 months.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TransferCurve {
    pub a: f64,
    pub b: f64,
    /// Time constant τ in months (∞ when the share does not fall).
    pub tau: f64,
}

impl TransferCurve {
    /// Fits a + b·e^(−t/τ) to (0, p0), (6, p6), (12, p12). With x = e^(−6/τ): b(1 − x) = p0 − p6 and
    /// b(1 − x²) = p0 − p12, so 1 + x = (p0 − p12)/(p0 − p6). A curve that does not fall, or falls faster in
    /// the second half-year (x ≥ 1), is clamped to x ∈ [0.001, 0.999]: a nearly linear fall.
    pub fn fit(p0: f64, p6: f64, p12: f64) -> Self {
        let d1 = p0 - p6;
        if d1 <= 0.0 {
            return Self {
                a: p0,
                b: 0.0,
                tau: f64::INFINITY,
            };
        }
        let x = ((p0 - p12) / d1 - 1.0).clamp(0.001, 0.999);
        let b = d1 / (1.0 - x);
        let tau = -6.0 / detmath::ln(x);
        Self { a: p0 - b, b, tau }
    }

    /// The applied share t months after training (before climate and programme multipliers).
    pub fn at(&self, t: f64) -> f64 {
        if self.b == 0.0 {
            self.a
        } else {
            (self.a + self.b * detmath::exp(-t / self.tau)).clamp(0.0, 1.0)
        }
    }
}

impl Params {
    /// The transfer curve of these parameters.
    pub fn transfer_curve(&self) -> TransferCurve {
        TransferCurve::fit(self.transfer_0m, self.transfer_6m, self.transfer_12m)
    }

    /// Share of learned but unused skill still there `t` months later: 2^(−t / half-life).
    pub fn unused_retention(&self, t: f64) -> f64 {
        detmath::exp(-t * std::f64::consts::LN_2 / self.decay_half_life_months)
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

    /// The mean learning gain, in levels, of `method`: d × method multiplier × SD in levels.
    pub fn mean_gain(&self, method: super::Method) -> f64 {
        use super::Method::*;
        let m = match method {
            Workshop => self.method_workshop,
            ELearning => self.method_elearning,
            Coaching => self.method_coaching,
            CodeBreaking => self.method_code_breaking,
            OnTheJob => self.method_on_the_job,
        };
        self.effect_size_d * m * self.proficiency_sd_levels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_ranges_hold_the_default() {
        let list = assumptions();
        for (i, a) in list.iter().enumerate() {
            assert!(
                list[..i].iter().all(|b| b.key != a.key),
                "duplicate {}",
                a.key
            );
            assert!(a.low <= a.default && a.default <= a.high, "{}", a.key);
        }
        let p = Params::default();
        assert_eq!(p.effect_size_d, 0.62);
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
        assert!((c.tau - 10.2).abs() < 0.1, "{}", c.tau);
    }
}

//! Summaries over runs: percentile fans per month, the ROI distribution, gap closure, and the
//! sensitivity tornado.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::engine::{run_plans, Plan, RunResult};
use super::params::assumptions;
use super::population::Population;
use super::scenario::Scenario;
use crate::domain::model::{Dimension, RoleId, SkillId};

/// The p-th percentile (0–100) of `sorted` (ascending), interpolating linearly between order statistics.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let x = (p / 100.0).clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let i = x.floor() as u32 as usize;
    let frac = x - i as f64;
    if i + 1 < sorted.len() {
        sorted[i] + (sorted[i + 1] - sorted[i]) * frac
    } else {
        sorted[i]
    }
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(|a, b| a.total_cmp(b));
    v
}

/// P10 / P50 / P90 of one series, month by month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fan {
    pub key: String,
    pub label: String,
    pub p10: Vec<f64>,
    pub p50: Vec<f64>,
    pub p90: Vec<f64>,
}

fn fan(key: &str, label: &str, results: &[RunResult], get: impl Fn(&RunResult) -> &[f64]) -> Fan {
    let months = results.first().map(|r| get(r).len()).unwrap_or(0);
    let (mut p10, mut p50, mut p90) = (Vec::new(), Vec::new(), Vec::new());
    let mut col = Vec::with_capacity(results.len());
    for m in 0..months {
        col.clear();
        col.extend(results.iter().map(|r| get(r)[m]));
        col.sort_by(|a, b| a.total_cmp(b));
        p10.push(percentile(&col, 10.0));
        p50.push(percentile(&col, 50.0));
        p90.push(percentile(&col, 90.0));
    }
    Fan {
        key: key.to_string(),
        label: label.to_string(),
        p10,
        p50,
        p90,
    }
}

/// A distribution over runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// Runs with a value.
    pub n: u32,
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    pub min: f64,
    pub max: f64,
    /// Share of runs with a value above 0.
    pub prob_positive: f64,
    /// Histogram over [min, max] in [`HISTOGRAM_BINS`] equal bins.
    pub histogram: Vec<u32>,
}

/// Bins of [`Distribution::histogram`].
pub const HISTOGRAM_BINS: u32 = 20;

impl Distribution {
    /// The distribution of `values`.
    pub fn of(values: Vec<f64>) -> Self {
        let v = sorted(values);
        if v.is_empty() {
            return Self::default();
        }
        let n = v.len();
        let (min, max) = (v[0], v[n - 1]);
        let mut histogram = vec![0u32; HISTOGRAM_BINS as usize];
        for &x in &v {
            let b = if max > min {
                ((x - min) / (max - min) * HISTOGRAM_BINS as f64).floor() as u32
            } else {
                0
            };
            histogram[b.min(HISTOGRAM_BINS - 1) as usize] += 1;
        }
        Self {
            n: n as u32,
            mean: v.iter().sum::<f64>() / n as f64,
            p10: percentile(&v, 10.0),
            p50: percentile(&v, 50.0),
            p90: percentile(&v, 90.0),
            min,
            max,
            prob_positive: v.iter().filter(|&&x| x > 0.0).count() as f64 / n as f64,
            histogram,
        }
    }
}

/// Gap closure in one role × skill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GapClosure {
    pub role: RoleId,
    pub skill: SkillId,
    /// Median over runs of the mean gap at the start.
    pub start_gap: f64,
    /// Median mean gap at the end, baseline.
    pub baseline_end_gap: f64,
    /// Median mean gap at the end, scenario.
    pub scenario_end_gap: f64,
    /// Median over paired runs of (baseline end gap − scenario end gap): the gap the scenario closed.
    pub closed: f64,
}

/// Everything the results page shows for one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub runs: u32,
    pub horizon_months: u32,
    /// Fans of the scenario: quality, quality per dimension, employee retention, customer retention,
    /// customers, cumulative cost, cumulative benefit, trained, vacancies.
    pub series: Vec<Fan>,
    /// Fans of the baseline: quality and employee retention.
    pub baseline_series: Vec<Fan>,
    /// Phillips ROI % over runs (runs without costs left out).
    pub roi: Distribution,
    /// Benefit-cost ratio over runs.
    pub bcr: Distribution,
    /// Benefits − costs over runs.
    pub net_benefit: Distribution,
    /// Share of runs with ROI > 0.
    pub prob_roi_positive: f64,
    /// Payback month over the runs that paid back.
    pub payback: Distribution,
    /// Share of runs that paid back within the horizon.
    pub share_paid_back: f64,
    /// Median enrolments per programme per month (the training schedule).
    pub schedule: Vec<Vec<f64>>,
    pub gap_closure: Vec<GapClosure>,
}

/// Summarises `results` of a scenario against `baseline_results` (the baseline's runs; pair by run index).
pub fn summarise(
    pop: &Population,
    results: &[RunResult],
    baseline_results: &[RunResult],
) -> Summary {
    let horizon = results
        .first()
        .map(|r| r.quality.len().saturating_sub(1) as u32)
        .unwrap_or(0);
    let mut series = vec![fan("quality", "Service quality", results, |r| &r.quality)];
    for (i, d) in Dimension::ALL.iter().enumerate() {
        series.push(fan(
            &format!("quality_{}", d.label().to_lowercase()),
            d.label(),
            results,
            move |r| &r.quality_dims[i],
        ));
    }
    let as_f64 = |v: &[u32]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let trained: Vec<RunResult> = results
        .iter()
        .map(|r| RunResult {
            quality: as_f64(&r.trained),
            employee_retention: as_f64(&r.vacancies),
            ..r.clone()
        })
        .collect();
    series.extend([
        fan(
            "employee_retention",
            "Starting staff still in post",
            results,
            |r| &r.employee_retention,
        ),
        fan(
            "customer_retention",
            "Monthly customer retention",
            results,
            |r| &r.customer_retention,
        ),
        fan("customers", "Customers", results, |r| &r.customers),
        fan("cumulative_cost", "Cumulative cost", results, |r| {
            &r.cumulative_cost
        }),
        fan("cumulative_benefit", "Cumulative benefit", results, |r| {
            &r.cumulative_benefit
        }),
        fan("trained", "Enrolments so far", &trained, |r| &r.quality),
        fan("vacancies", "Vacant positions", &trained, |r| {
            &r.employee_retention
        }),
    ]);
    let baseline_series = vec![
        fan(
            "quality",
            "Service quality (baseline)",
            baseline_results,
            |r| &r.quality,
        ),
        fan(
            "employee_retention",
            "Starting staff still in post (baseline)",
            baseline_results,
            |r| &r.employee_retention,
        ),
    ];
    let roi = Distribution::of(results.iter().filter_map(|r| r.roi_percent).collect());
    let bcr = Distribution::of(results.iter().filter_map(|r| r.bcr).collect());
    let net_benefit = Distribution::of(
        results
            .iter()
            .map(|r| r.total_benefit - r.total_cost)
            .collect(),
    );
    let paid: Vec<f64> = results
        .iter()
        .filter_map(|r| r.payback_month.map(|m| m as f64))
        .collect();
    let n = results.len().max(1) as f64;
    let share_paid_back = paid.len() as f64 / n;
    let payback = Distribution::of(paid);
    let schedule = match results.first() {
        None => Vec::new(),
        Some(first) => (0..first.enrolments.len())
            .map(|p| {
                (0..first.enrolments[p].len())
                    .map(|m| {
                        percentile(
                            &sorted(results.iter().map(|r| r.enrolments[p][m] as f64).collect()),
                            50.0,
                        )
                    })
                    .collect()
            })
            .collect(),
    };
    let pairs = pop.role_skill_pairs();
    let median = |f: &dyn Fn(&RunResult) -> f64, rs: &[RunResult]| {
        percentile(&sorted(rs.iter().map(f).collect()), 50.0)
    };
    let gap_closure = pairs
        .iter()
        .enumerate()
        .map(|(i, &(r, k))| {
            let closed: Vec<f64> = results
                .iter()
                .filter_map(|s| {
                    baseline_results
                        .iter()
                        .find(|b| b.run == s.run)
                        .map(|b| b.end_gaps[i] - s.end_gaps[i])
                })
                .collect();
            GapClosure {
                role: pop.roles[r as usize].id.clone(),
                skill: pop.skills[k as usize].id.clone(),
                start_gap: median(&|x: &RunResult| x.start_gaps[i], results),
                baseline_end_gap: median(&|x: &RunResult| x.end_gaps[i], baseline_results),
                scenario_end_gap: median(&|x: &RunResult| x.end_gaps[i], results),
                closed: percentile(&sorted(closed), 50.0),
            }
        })
        .collect();
    Summary {
        runs: results.len() as u32,
        horizon_months: horizon,
        series,
        baseline_series,
        prob_roi_positive: roi.prob_positive,
        roi,
        bcr,
        net_benefit,
        payback,
        share_paid_back,
        schedule,
        gap_closure,
    }
}

/// One bar of the sensitivity tornado: the scenario's mean net benefit (benefits − costs) with one
/// assumption at its low and at its high value, everything else at the scenario's values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TornadoBar {
    pub key: String,
    pub label: String,
    pub low: f64,
    pub high: f64,
    /// Mean net benefit with the assumption at `low`.
    pub at_low: f64,
    /// Mean net benefit with the assumption at `high`.
    pub at_high: f64,
    /// Mean net benefit at the scenario's own values.
    pub base: f64,
    /// |at_high − at_low|.
    pub swing: f64,
}

fn mean_net(pop: &Population, scenario: &Scenario, runs: Range<u32>) -> f64 {
    let plan = Plan::new(pop, scenario);
    let base = Plan::new(pop, &scenario.baseline());
    let res = run_plans(&plan, Some(&base), runs);
    res.iter()
        .map(|r| r.total_benefit - r.total_cost)
        .sum::<f64>()
        / res.len().max(1) as f64
}

/// The tornado bar of one assumption (workers can split the tornado by assumption).
pub fn sensitivity_bar(
    pop: &Population,
    scenario: &Scenario,
    key: &str,
    runs: Range<u32>,
) -> Option<TornadoBar> {
    let base = mean_net(pop, scenario, runs.clone());
    sensitivity_bar_with_base(pop, scenario, key, runs, base)
}

/// Varies every assumption between its low and high value (common random numbers: the same runs each
/// time) and returns the bars, largest swing first (ties by key).
pub fn sensitivity(pop: &Population, scenario: &Scenario, runs: Range<u32>) -> Vec<TornadoBar> {
    let base = mean_net(pop, scenario, runs.clone());
    let mut bars: Vec<TornadoBar> = assumptions()
        .iter()
        .filter_map(|a| sensitivity_bar_with_base(pop, scenario, &a.key, runs.clone(), base))
        .collect();
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then_with(|| a.key.cmp(&b.key)));
    bars
}

fn sensitivity_bar_with_base(
    pop: &Population,
    scenario: &Scenario,
    key: &str,
    runs: Range<u32>,
    base: f64,
) -> Option<TornadoBar> {
    let a = super::params::assumption(key)?;
    let with = |v: f64| {
        let mut s = scenario.clone();
        s.overrides.insert(key.to_string(), v);
        mean_net(pop, &s, runs.clone())
    };
    let (at_low, at_high) = (with(a.low), with(a.high));
    Some(TornadoBar {
        key: a.key,
        label: a.label,
        low: a.low,
        high: a.high,
        at_low,
        at_high,
        base,
        swing: (at_high - at_low).abs(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_interpolate() {
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&v, 50.0), 3.0);
        assert_eq!(percentile(&v, 0.0), 1.0);
        assert_eq!(percentile(&v, 100.0), 5.0);
        assert!((percentile(&v, 10.0) - 1.4).abs() < 1e-12);
        let d = Distribution::of(vec![-1.0, 1.0, 2.0, 3.0]);
        assert_eq!(
            (d.n, d.prob_positive, d.histogram.iter().sum::<u32>()),
            (4, 0.75, 4)
        );
    }
}

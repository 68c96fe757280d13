//! Summaries over runs: percentile fans per month, the two money views (full horizon and
//! Phillips-conservative), benefit by source, gap closure, and the global sensitivity from the same runs.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::engine::{RunResult, Totals};
use super::params::{assumption, assumptions};
use super::population::Population;
use super::scenario::Scenario;
use super::sensitivity::{global, GlobalSensitivity, View};
use super::uncertainty::{Mode, Sampler};
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

/// The same as [`percentile`] of `values` sorted by `total_cmp`, for each of `ps` (ascending), bit for bit,
/// without sorting: each needed order statistic is found by selection (`select_nth_unstable_by`) in the
/// part of `values` above the previous one, and its successor is the least of what lies above it.
/// `values` is left permuted.
fn percentiles<const N: usize>(values: &mut [f64], ps: [f64; N]) -> [f64; N] {
    let n = values.len();
    let mut out = [0.0; N];
    if n == 0 {
        return out;
    }
    // Everything before `lo` is at or below the last selected order statistic, which sits at `lo - 1`.
    let mut lo = 0usize;
    for (o, p) in out.iter_mut().zip(ps) {
        // The index arithmetic of `percentile`, verbatim.
        let x = (p / 100.0).clamp(0.0, 1.0) * (n - 1) as f64;
        let i = x.floor() as u32 as usize;
        let frac = x - i as f64;
        debug_assert!(i + 1 >= lo, "percentiles: `ps` must ascend");
        if i >= lo {
            values[lo..].select_nth_unstable_by(i - lo, f64::total_cmp);
            lo = i + 1;
        }
        *o = if i + 1 < n {
            let next = values[i + 1..]
                .iter()
                .copied()
                .min_by(f64::total_cmp)
                .expect("non-empty");
            values[i] + (next - values[i]) * frac
        } else {
            values[i]
        };
    }
    out
}

/// The median of `values` (bit for bit [`percentile`]`(sorted, 50)`); `values` is left permuted.
fn median(values: &mut [f64]) -> f64 {
    percentiles(values, [50.0])[0]
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

/// The fan of the series `get(run)` (`months` points; `value(run, m)` is point m).
fn fan(
    key: &str,
    label: &str,
    results: &[RunResult],
    months: impl Fn(&RunResult) -> usize,
    value: impl Fn(&RunResult, usize) -> f64,
) -> Fan {
    let months = results.first().map(months).unwrap_or(0);
    let (mut p10, mut p50, mut p90) = (
        Vec::with_capacity(months),
        Vec::with_capacity(months),
        Vec::with_capacity(months),
    );
    let mut col = Vec::with_capacity(results.len());
    for m in 0..months {
        col.clear();
        col.extend(results.iter().map(|r| value(r, m)));
        let [a, b, c] = percentiles(&mut col, [10.0, 50.0, 90.0]);
        p10.push(a);
        p50.push(b);
        p90.push(c);
    }
    Fan {
        key: key.to_string(),
        label: label.to_string(),
        p10,
        p50,
        p90,
    }
}

/// The fan of an `f64` series.
fn fan_f64(
    key: &str,
    label: &str,
    results: &[RunResult],
    get: impl Fn(&RunResult) -> &[f64],
) -> Fan {
    fan(key, label, results, |r| get(r).len(), |r, m| get(r)[m])
}

/// The fan of a count series.
fn fan_u32(
    key: &str,
    label: &str,
    results: &[RunResult],
    get: impl Fn(&RunResult) -> &[u32],
) -> Fan {
    fan(
        key,
        label,
        results,
        |r| get(r).len(),
        |r, m| get(r)[m] as f64,
    )
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

/// One view's money over the runs: the full horizon, or the Phillips-conservative view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoneyView {
    pub view: View,
    /// What the view counts, in words.
    pub includes: String,
    /// Benefits at the horizon over runs.
    pub benefit: Distribution,
    /// Costs at the horizon over runs.
    pub cost: Distribution,
    /// Benefits − costs over runs.
    pub net_benefit: Distribution,
    /// Phillips ROI % over the runs with costs.
    pub roi: Distribution,
    /// Benefit-cost ratio over the runs with costs.
    pub bcr: Distribution,
    /// Share of the runs with costs whose ROI is above 0: over total uncertainty (assumptions and noise)
    /// when the runs drew their assumptions, over the noise alone when they did not.
    pub prob_roi_positive: f64,
    /// Payback month over the runs that pay back within the horizon.
    pub payback: Distribution,
    /// Share of all runs that pay back within the horizon.
    pub share_paid_back: f64,
}

/// One source of benefit over the months (full view): the mean over runs of its cumulative value, so the
/// sources stack to the mean cumulative benefit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenefitSource {
    pub key: String,
    pub label: String,
    /// Mean cumulative value per month (horizon + 1 points).
    pub mean: Vec<f64>,
    /// Its value at the horizon over runs.
    pub at_horizon: Distribution,
}

/// Everything the results page shows for one scenario; plain data, serialisable, for the page, a print
/// report or an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub runs: u32,
    pub horizon_months: u32,
    /// Whether the runs drew their assumptions ([`Mode::Total`]) or held them at their central values
    /// ([`Mode::Central`], the noise-only runs).
    pub mode: Mode,
    /// What the bands include, in words.
    pub bands_include: String,
    /// Assumptions the runs drew from a range.
    pub sampled: Vec<String>,
    /// Assumptions the user pinned.
    pub pinned: Vec<String>,
    /// Fans of the scenario: quality, quality per dimension, employee retention, customer retention,
    /// extra customers, cumulative cost, cumulative benefit, the two views' cumulative net benefit,
    /// trained, vacancies.
    pub series: Vec<Fan>,
    /// Fans of the baseline: quality and employee retention.
    pub baseline_series: Vec<Fan>,
    pub full: MoneyView,
    pub conservative: MoneyView,
    /// Where the full view's benefit comes from, stacked over the months.
    pub benefit_sources: Vec<BenefitSource>,
    /// Which assumptions drive the net benefit (from these runs; `None` for noise-only runs or too few).
    pub sensitivity: Option<GlobalSensitivity>,
    /// Median enrolments per programme per month (the training schedule).
    pub schedule: Vec<Vec<f64>>,
    pub gap_closure: Vec<GapClosure>,
}

/// What the bands of runs in `mode` include, in words.
pub fn bands_include(mode: Mode, sampled: usize, pinned: usize) -> String {
    match mode {
        Mode::Total => format!(
            "Total uncertainty: each run draws all {sampled} uncertain assumptions from their ranges{} and the \
             people's chance events (who leaves, who learns how much, who applies it).",
            if pinned > 0 { format!(" ({pinned} pinned to your figures)") } else { String::new() }
        ),
        Mode::Central => "Noise only: every assumption at its central value; the spread is the people's chance events \
                          alone (who leaves, who learns how much, who applies it)."
            .to_string(),
    }
}

fn money_view(view: View, results: &[RunResult], totals: impl Fn(&RunResult) -> Totals) -> MoneyView {
    let t: Vec<Totals> = results.iter().map(&totals).collect();
    let roi = Distribution::of(t.iter().filter_map(|x| x.roi_percent).collect());
    let paid: Vec<f64> = t.iter().filter_map(|x| x.payback_month.map(|m| m as f64)).collect();
    let includes = match view {
        View::Full => "Every benefit to the horizon, undiscounted: customers kept and direct turnover costs avoided; \
                       costs with participants' time at salary.",
        View::Conservative => "Phillips-conservative: a trainee's gain counts only within the benefit horizon after their \
                               training and a kept customer for at most that long; no diffusion to colleagues; costs and \
                               benefits discounted; participants' time fully loaded; benefits × confidence.",
    };
    MoneyView {
        view,
        includes: includes.to_string(),
        benefit: Distribution::of(t.iter().map(|x| x.benefit).collect()),
        cost: Distribution::of(t.iter().map(|x| x.cost).collect()),
        net_benefit: Distribution::of(t.iter().map(|x| x.net()).collect()),
        prob_roi_positive: roi.prob_positive,
        roi,
        bcr: Distribution::of(t.iter().filter_map(|x| x.bcr).collect()),
        share_paid_back: paid.len() as f64 / results.len().max(1) as f64,
        payback: Distribution::of(paid),
    }
}

/// The mean over runs of a series, month by month.
fn mean_series(results: &[RunResult], get: impl Fn(&RunResult) -> &[f64]) -> Vec<f64> {
    let months = results.first().map(|r| get(r).len()).unwrap_or(0);
    let n = results.len().max(1) as f64;
    (0..months).map(|m| results.iter().map(|r| get(r)[m]).sum::<f64>() / n).collect()
}

/// Summarises `results` of `scenario` against `baseline_results` (the baseline's runs; paired by run
/// index), run in `mode` (which decides what the bands include and whether the global sensitivity can be
/// read from the runs).
pub fn summarise(
    pop: &Population,
    scenario: &Scenario,
    mode: Mode,
    results: &[RunResult],
    baseline_results: &[RunResult],
) -> Summary {
    let horizon = results.first().map(|r| r.quality.len().saturating_sub(1) as u32).unwrap_or(0);
    let sampler = Sampler::of(scenario, mode);
    let list = assumptions();
    let sampled: Vec<String> = (0..list.len()).filter(|&k| sampler.varies(k)).map(|k| list[k].key.clone()).collect();
    let pinned: Vec<String> = scenario.overrides.keys().filter(|k| assumption(k).is_some()).cloned().collect();
    let mut series = vec![
        fan_f64("quality", "Service quality", results, |r| &r.quality),
    ];
    for (i, d) in Dimension::ALL.iter().enumerate() {
        series.push(fan_f64(&format!("quality_{}", d.label().to_lowercase()), d.label(), results, move |r| &r.quality_dims[i]));
    }
    series.extend([
        fan_f64("employee_retention", "Starting staff still in post", results, |r| &r.employee_retention),
        fan_f64("customer_retention", "Monthly customer retention", results, |r| &r.customer_retention),
        fan_f64("extra_customers", "Customers kept beyond the baseline", results, |r| &r.extra_customers),
        fan_f64("cumulative_cost", "Cumulative cost", results, |r| &r.cumulative_cost),
        fan_f64("cumulative_benefit", "Cumulative benefit", results, |r| &r.cumulative_benefit),
        fan("net_benefit", "Cumulative net benefit (full horizon)", results, |r| r.cumulative_benefit.len(), |r, m| {
            r.cumulative_benefit[m] - r.cumulative_cost[m]
        }),
        fan("conservative_net_benefit", "Cumulative net benefit (Phillips-conservative)", results, |r| r.conservative_benefit.len(), |r, m| {
            r.conservative_benefit[m] - r.conservative_cost[m]
        }),
        fan_u32("trained", "Enrolments so far", results, |r| &r.trained),
        fan_u32("vacancies", "Vacant positions", results, |r| &r.vacancies),
    ]);
    let baseline_series = vec![
        fan_f64("quality", "Service quality (baseline)", baseline_results, |r| &r.quality),
        fan_f64("employee_retention", "Starting staff still in post (baseline)", baseline_results, |r| &r.employee_retention),
    ];
    let full = money_view(View::Full, results, |r| r.full);
    let conservative = money_view(View::Conservative, results, |r| r.conservative);
    let last = horizon as usize;
    let at_end = |get: fn(&RunResult) -> &[f64]| Distribution::of(results.iter().map(|r| get(r).get(last).copied().unwrap_or(0.0)).collect());
    let benefit_sources = vec![
        BenefitSource {
            key: "customers".into(),
            label: "Customers kept (margin)".into(),
            mean: mean_series(results, |r| &r.benefit_customers),
            at_horizon: at_end(|r| &r.benefit_customers),
        },
        BenefitSource {
            key: "turnover".into(),
            label: "Direct turnover costs avoided".into(),
            mean: mean_series(results, |r| &r.benefit_turnover),
            at_horizon: at_end(|r| &r.benefit_turnover),
        },
    ];
    let mut col: Vec<f64> = Vec::with_capacity(results.len().max(baseline_results.len()));
    let mut median_of = |values: &mut dyn Iterator<Item = f64>| {
        col.clear();
        col.extend(values);
        median(&mut col)
    };
    let schedule = match results.first() {
        None => Vec::new(),
        Some(first) => (0..first.enrolments.len())
            .map(|p| (0..first.enrolments[p].len()).map(|m| median_of(&mut results.iter().map(|r| r.enrolments[p][m] as f64))).collect())
            .collect(),
    };
    // Pair each run with the baseline run of the same index (the first such, if any), once.
    let by_run: BTreeMap<u32, usize> = baseline_results.iter().enumerate().rev().map(|(j, b)| (b.run, j)).collect();
    let paired: Vec<(&RunResult, &RunResult)> =
        results.iter().filter_map(|s| by_run.get(&s.run).map(|&j| (s, &baseline_results[j]))).collect();
    let gap_closure = pop
        .role_skill_pairs()
        .iter()
        .enumerate()
        .map(|(i, &(r, k))| GapClosure {
            role: pop.roles[r as usize].id.clone(),
            skill: pop.skills[k as usize].id.clone(),
            start_gap: median_of(&mut results.iter().map(|x| x.start_gaps[i])),
            baseline_end_gap: median_of(&mut baseline_results.iter().map(|x| x.end_gaps[i])),
            scenario_end_gap: median_of(&mut results.iter().map(|x| x.end_gaps[i])),
            closed: median_of(&mut paired.iter().map(|(s, b)| b.end_gaps[i] - s.end_gaps[i])),
        })
        .collect();
    Summary {
        runs: results.len() as u32,
        horizon_months: horizon,
        mode,
        bands_include: bands_include(mode, sampled.len(), pinned.len()),
        sensitivity: global(scenario, &sampler, results),
        sampled,
        pinned,
        series,
        baseline_series,
        full,
        conservative,
        benefit_sources,
        schedule,
        gap_closure,
    }
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

    /// Selection gives exactly the sort-based `percentile`, bit for bit: every length from 0 to 60 and
    /// some large ones, with ties, signed zeros, infinities and NaNs, at the fans' percentiles and others.
    #[test]
    fn selected_percentiles_are_the_sorted_ones_bit_for_bit() {
        use rand::{Rng, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            1e-300,
        ];
        let lengths = (0..=60).chain([99, 100, 101, 1000, 1001]);
        let mut checked = 0;
        for n in lengths {
            for trial in 0..12 {
                let v: Vec<f64> = (0..n)
                    .map(|_| match trial % 4 {
                        0 => rng.random_range(-1e6..1e6),
                        1 => rng.random_range(0..4u32) as f64, // many ties
                        2 => specials[rng.random_range(0..specials.len())],
                        _ => rng.random::<f64>() * 1e-3 + 5.0,
                    })
                    .collect();
                let sorted = sorted(v.clone());
                let want = |p: f64| percentile(&sorted, p).to_bits();
                let mut w = v.clone();
                let got = percentiles(&mut w, [10.0, 50.0, 90.0]);
                assert_eq!(
                    got.map(f64::to_bits),
                    [want(10.0), want(50.0), want(90.0)],
                    "n {n}: {v:?}"
                );
                let mut w = v.clone();
                let got = percentiles(&mut w, [0.0, 10.0, 10.0, 33.3, 50.0, 99.9, 100.0]);
                let ps = [0.0, 10.0, 10.0, 33.3, 50.0, 99.9, 100.0].map(want);
                assert_eq!(got.map(f64::to_bits), ps, "n {n}: {v:?}");
                let mut w = v.clone();
                assert_eq!(median(&mut w).to_bits(), want(50.0));
                checked += 1;
            }
        }
        assert!(checked > 700);
    }

    /// Gap closure pairs runs by run index, whatever the order of the baseline's runs; a run with no
    /// baseline run is left out of `closed` only.
    #[test]
    fn gap_closure_pairs_by_run_index() {
        use crate::domain::example::example_workspace;
        use crate::domain::sim::{prepare, run_pairs, Programme, Scenario};
        let pop = prepare(&example_workspace());
        let s = Scenario {
            horizon_months: 12,
            programmes: vec![Programme {
                skills: vec!["s-listening".into(), "s-complaints".into()],
                roles: vec!["r-branch-advisor".into(), "r-contact-centre".into()],
                capacity_per_month: 4,
                ..Programme::default()
            }],
            ..Scenario::default()
        };
        let plan = crate::domain::sim::Plan::new(&pop, &s);
        let base_plan = plan.baseline(&s);
        let (runs, base) = run_pairs(&plan, &base_plan, 0..9);
        let want = summarise(&pop, &s, Mode::Total, &runs, &base);
        let mut reversed = base.clone();
        reversed.reverse();
        assert_eq!(summarise(&pop, &s, Mode::Total, &runs, &reversed), want);
        // Against the definition: the median over runs of the paired difference.
        for (i, g) in want.gap_closure.iter().enumerate() {
            let closed: Vec<f64> = runs
                .iter()
                .map(|r| base.iter().find(|b| b.run == r.run).unwrap().end_gaps[i] - r.end_gaps[i])
                .collect();
            assert_eq!(
                g.closed.to_bits(),
                percentile(&sorted(closed), 50.0).to_bits()
            );
        }
        assert!(want.gap_closure.iter().any(|g| g.closed > 0.0));
        // Drop the baseline of run 4 and repeat run 0's: `closed` uses the 8 pairs, the first match each.
        let mut partial: Vec<RunResult> = base.iter().filter(|b| b.run != 4).cloned().collect();
        let mut extra = base[0].clone();
        extra.end_gaps.iter_mut().for_each(|g| *g = 99.0);
        partial.push(extra);
        let got = summarise(&pop, &s, Mode::Total, &runs, &partial);
        for (i, g) in got.gap_closure.iter().enumerate() {
            let closed: Vec<f64> = runs
                .iter()
                .filter(|r| r.run != 4)
                .map(|r| base[r.run as usize].end_gaps[i] - r.end_gaps[i])
                .collect();
            assert_eq!(
                g.closed.to_bits(),
                percentile(&sorted(closed), 50.0).to_bits()
            );
        }
    }
}

//! Which assumptions drive the result.
//!
//! - [`global`]: from the same runs, at no extra simulation cost. Every run drew every assumption from its
//!   range (Latin hypercube), so the runs are a sample of (assumptions → net benefit). Each assumption gets a
//!   **standardised rank regression coefficient** (SRRC: the net benefit's rank, in SDs, per SD of the
//!   assumption's rank, the other assumptions held; signed), a **first-order index** (Sobol's S₁ estimated
//!   from the same runs by binning: the share of the net benefit's variance explained by that assumption
//!   alone), and for the top drivers a **break-even value**: where the mean net benefit given that assumption
//!   crosses 0, the others still varying over their ranges.
//! - [`one_at_a_time`]: the classic tornado, optional: every assumption at its central value, one at a time
//!   moved to the low and the high end of its range, over the same runs (common random numbers).

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::engine::{run_pairs, Plan, RunResult};
use super::params::{assumptions, Assumption, Group};
use super::population::Population;
use super::scenario::{Method, Scenario};
use super::uncertainty::{Marginal, Mode, Sampler};

/// Whether `key` can change the results of `scenario` (the levers it uses, the methods its programmes use,
/// …). Assumptions it cannot use are still drawn (the baseline shares the draw) but are left out of the
/// ranking.
pub fn uses(scenario: &Scenario, key: &str) -> bool {
    if scenario.is_baseline() {
        return false;
    }
    let progs = &scenario.programmes;
    let trains = !progs.is_empty();
    let l = &scenario.levers;
    let method = |m: Method| progs.iter().any(|p| p.method == m);
    match key {
        k if k.starts_with("recognition_") => l.recognition > 0.0,
        k if k.starts_with("empowerment_") => l.empowerment > 0.0,
        k if k.starts_with("communication_") => l.communication > 0.0,
        k if k.starts_with("trust_") => l.trust > 0.0,
        "method_workshop" => method(Method::Workshop) || method(Method::CodeBreaking),
        "method_elearning" => method(Method::ELearning),
        "method_coaching" => method(Method::Coaching),
        "method_on_the_job" => method(Method::OnTheJob),
        "code_breaking_transfer" => progs.iter().any(|p| p.code_breaking || p.method == Method::CodeBreaking),
        "diffusion_share" => progs.iter().any(|p| p.diffusing),
        "hours_per_year" | "on_cost_multiplier" => progs.iter().any(|p| p.hours_per_participant > 0.0),
        "effect_size_d" | "proficiency_sd_levels" | "gain_cv" | "transfer_0m" | "transfer_12m" | "transfer_floor"
        | "decay_half_life_months" | "applied_decay_slowdown" | "trained_turnover_effect" | "benefit_horizon_months" => {
            trains
        }
        _ => true,
    }
}

/// Which net benefit a ranking explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Every benefit to the horizon, undiscounted, wages at salary.
    Full,
    /// Phillips-conservative: benefit horizon, discounting, fully loaded wages, confidence adjustment.
    Conservative,
}

impl View {
    pub fn label(self) -> &'static str {
        match self {
            View::Full => "Full horizon",
            View::Conservative => "Phillips-conservative",
        }
    }
}

/// One assumption's importance for the net benefit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub group: Group,
    /// The range the runs drew from.
    pub low: f64,
    pub high: f64,
    /// Standardised rank regression coefficient (−1 … 1): positive when a higher value raises the net
    /// benefit.
    pub srrc: f64,
    /// Spearman's rank correlation with the net benefit (the same sign; equal to SRRC when the draws are
    /// uncorrelated).
    pub spearman: f64,
    /// First-order index S₁ (0 … 1): the share of the net benefit's variance this assumption explains on
    /// its own.
    pub first_order: f64,
}

/// Whether the mean net benefit given an assumption crosses 0 within its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Crossing {
    /// At `value`: the net benefit is positive on the side `positive_above` says.
    Crosses,
    /// Positive over the whole range the runs drew.
    AlwaysPositive,
    /// Negative over the whole range.
    AlwaysNegative,
}

/// The break-even value of one driver.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BreakEven {
    pub key: String,
    pub label: String,
    pub unit: String,
    pub crossing: Crossing,
    /// The value where the mean net benefit crosses 0 (with [`Crossing::Crosses`]).
    pub value: Option<f64>,
    /// Net benefit > 0 above `value` (true) or below it (false).
    pub positive_above: bool,
    /// The range the runs drew.
    pub low: f64,
    pub high: f64,
}

/// The drivers of one view's net benefit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub view: View,
    /// Share of the variance of the net benefit's ranks the rank regression explains (0 … 1). Low values
    /// mean interactions or non-monotone effects matter.
    pub r_squared: f64,
    /// Largest |SRRC| first (ties by key).
    pub drivers: Vec<Driver>,
    /// Of the top drivers, in the same order.
    pub break_even: Vec<BreakEven>,
}

/// The global sensitivity of a scenario, from its runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GlobalSensitivity {
    /// How the coefficients were estimated, in words.
    pub method: String,
    pub runs: u32,
    pub full: Ranking,
    pub conservative: Ranking,
    /// Keys drawn but unable to change this scenario (left out of the ranking).
    pub unused: Vec<String>,
    /// Keys pinned or fixed (not drawn).
    pub fixed: Vec<String>,
}

/// How many drivers get a break-even value.
pub const BREAK_EVEN_DRIVERS: usize = 5;
/// How many of the top drivers the optional one-at-a-time check moves (the results page and the benchmark).
pub const ONE_AT_A_TIME_DRIVERS: usize = 8;
/// Noise-only runs per point of the one-at-a-time check.
pub const ONE_AT_A_TIME_RUNS: u32 = 100;

/// Ranks (1 … n, ties averaged) of `v`.
fn ranks(v: &[f64]) -> Vec<f64> {
    let n = v.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]).then(a.cmp(&b)));
    let mut out = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            out[k] = r;
        }
        i = j + 1;
    }
    out
}

/// `v` centred and scaled to unit variance (all zeros if constant).
fn standardise(v: &[f64]) -> Vec<f64> {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    let sd = var.sqrt();
    v.iter().map(|x| if sd > 0.0 { (x - mean) / sd } else { 0.0 }).collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Solves `a x = b` (a: k × k, row-major) by Gaussian elimination with partial pivoting; `None` if singular.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>, k: usize) -> Option<Vec<f64>> {
    for col in 0..k {
        let pivot = (col..k).max_by(|&i, &j| a[i * k + col].abs().total_cmp(&a[j * k + col].abs()))?;
        if a[pivot * k + col].abs() < 1e-10 {
            return None;
        }
        if pivot != col {
            for c in 0..k {
                a.swap(pivot * k + c, col * k + c);
            }
            b.swap(pivot, col);
        }
        for row in col + 1..k {
            let f = a[row * k + col] / a[col * k + col];
            if f != 0.0 {
                for c in col..k {
                    a[row * k + c] -= f * a[col * k + c];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let s: f64 = (row + 1..k).map(|c| a[row * k + c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row * k + row];
    }
    Some(x)
}

/// First-order index of `x` for `y` by binning `x` into equal-count bins: the correlation ratio η², corrected
/// for the bias of a finite sample (as an adjusted R²), clamped to [0, 1].
fn first_order(x_rank: &[f64], y: &[f64]) -> f64 {
    let n = y.len();
    let bins = ((n as f64).sqrt().floor() as usize).clamp(2, 20);
    if n < 2 * bins {
        return 0.0;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let total: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    if total <= 0.0 {
        return 0.0;
    }
    let (mut sum, mut cnt) = (vec![0.0; bins], vec![0u32; bins]);
    for (r, v) in x_rank.iter().zip(y) {
        let b = (((r - 1.0) / n as f64 * bins as f64) as usize).min(bins - 1);
        sum[b] += v;
        cnt[b] += 1;
    }
    let between: f64 = sum.iter().zip(&cnt).filter(|(_, &c)| c > 0).map(|(s, &c)| { let dev = s / c as f64 - mean; c as f64 * dev * dev }).sum();
    let eta2 = between / total;
    (1.0 - (1.0 - eta2) * (n as f64 - 1.0) / (n as f64 - bins as f64)).clamp(0.0, 1.0)
}

/// Where the mean of `y` given `x` crosses 0: bins of equal count by `x`, interpolated between the bin
/// means on each side of a sign change (the crossing nearest to `centre` if there are several).
fn break_even(x: &[f64], y: &[f64], centre: f64) -> (Crossing, Option<f64>, bool) {
    let n = x.len();
    let bins = (n / 10).clamp(2, 10);
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let points: Vec<(f64, f64)> = (0..bins)
        .map(|b| {
            let part = &idx[b * n / bins..(b + 1) * n / bins];
            let k = part.len().max(1) as f64;
            (part.iter().map(|&i| x[i]).sum::<f64>() / k, part.iter().map(|&i| y[i]).sum::<f64>() / k)
        })
        .collect();
    if points.iter().all(|p| p.1 > 0.0) {
        return (Crossing::AlwaysPositive, None, true);
    }
    if points.iter().all(|p| p.1 <= 0.0) {
        return (Crossing::AlwaysNegative, None, true);
    }
    let mut best: Option<(f64, bool)> = None;
    for w in points.windows(2) {
        let ((x0, y0), (x1, y1)) = (w[0], w[1]);
        if (y0 > 0.0) != (y1 > 0.0) {
            let v = if y1 != y0 { x0 + (0.0 - y0) * (x1 - x0) / (y1 - y0) } else { (x0 + x1) / 2.0 };
            let above = y1 > y0;
            if best.is_none_or(|(b, _)| (v - centre).abs() < (b - centre).abs()) {
                best = Some((v, above));
            }
        }
    }
    match best {
        Some((v, above)) => (Crossing::Crosses, Some(v), above),
        None => (Crossing::AlwaysPositive, None, true),
    }
}

fn ranking(view: View, list: &[&Assumption], marg: &[Marginal], xs: &[Vec<f64>], y: &[f64]) -> Ranking {
    let n = y.len();
    let k = xs.len();
    let x_ranks: Vec<Vec<f64>> = xs.iter().map(|x| ranks(x)).collect();
    let zx: Vec<Vec<f64>> = x_ranks.iter().map(|r| standardise(r)).collect();
    let zy = standardise(&ranks(y));
    let spearman: Vec<f64> = zx.iter().map(|z| dot(z, &zy) / n as f64).collect();
    // Rank regression when there are enough runs for the number of assumptions; else the correlations.
    let srrc = if n >= k + 10 && k > 0 {
        let mut a = vec![0.0; k * k];
        for i in 0..k {
            for j in i..k {
                let c = dot(&zx[i], &zx[j]) / n as f64;
                a[i * k + j] = c;
                a[j * k + i] = c;
            }
        }
        solve(a, spearman.clone(), k).unwrap_or_else(|| spearman.clone())
    } else {
        spearman.clone()
    };
    let r_squared = srrc.iter().zip(&spearman).map(|(b, r)| b * r).sum::<f64>().clamp(0.0, 1.0);
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| srrc[b].abs().total_cmp(&srrc[a].abs()).then_with(|| list[a].key.cmp(&list[b].key)));
    let drivers = order
        .iter()
        .map(|&i| Driver {
            key: list[i].key.clone(),
            label: list[i].label.clone(),
            unit: list[i].unit.clone(),
            group: list[i].group,
            low: marg[i].low,
            high: marg[i].high,
            srrc: srrc[i],
            spearman: spearman[i],
            first_order: first_order(&x_ranks[i], y),
        })
        .collect();
    let break_even = order
        .iter()
        .take(BREAK_EVEN_DRIVERS)
        .map(|&i| {
            let (crossing, value, positive_above) = break_even(&xs[i], y, marg[i].mode);
            BreakEven {
                key: list[i].key.clone(),
                label: list[i].label.clone(),
                unit: list[i].unit.clone(),
                crossing,
                value,
                positive_above,
                low: marg[i].low,
                high: marg[i].high,
            }
        })
        .collect();
    Ranking { view, r_squared, drivers, break_even }
}

/// The global sensitivity of `scenario` from its `results` (runs drawn with every assumption varying; `None`
/// for fewer than 10 runs, a baseline scenario, or runs without parameter uncertainty).
pub fn global(scenario: &Scenario, sampler: &Sampler, results: &[RunResult]) -> Option<GlobalSensitivity> {
    if results.len() < 10 || scenario.is_baseline() || sampler.mode() != Mode::Total {
        return None;
    }
    let all = assumptions();
    let marg = sampler.marginals();
    let (mut list, mut ms, mut cols, mut unused, mut fixed) = (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (k, a) in all.iter().enumerate() {
        if !sampler.varies(k) {
            fixed.push(a.key.clone());
        } else if !uses(scenario, &a.key) {
            unused.push(a.key.clone());
        } else {
            list.push(a);
            ms.push(marg[k]);
            cols.push(k);
        }
    }
    let mut xs: Vec<Vec<f64>> = vec![Vec::with_capacity(results.len()); cols.len()];
    for r in results {
        let v = sampler.values(r.run);
        for (x, &k) in xs.iter_mut().zip(&cols) {
            x.push(v[k]);
        }
    }
    let full: Vec<f64> = results.iter().map(|r| r.full.net()).collect();
    let cons: Vec<f64> = results.iter().map(|r| r.conservative.net()).collect();
    let k = cols.len();
    let method = if results.len() >= k + 10 {
        format!("standardised rank regression over {} runs, {} assumptions drawn by Latin hypercube", results.len(), k)
    } else {
        format!("rank correlation over {} runs (too few runs for a regression on {} assumptions)", results.len(), k)
    };
    Some(GlobalSensitivity {
        method,
        runs: results.len() as u32,
        full: ranking(View::Full, &list, &ms, &xs, &full),
        conservative: ranking(View::Conservative, &list, &ms, &xs, &cons),
        unused,
        fixed,
    })
}

/// One bar of the one-at-a-time tornado: the mean net benefit (full view) with every assumption at its
/// central value and one at the low and at the high end of its range.
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
    /// Mean net benefit with every assumption at its central value.
    pub base: f64,
    /// |at_high − at_low|.
    pub swing: f64,
}

impl TornadoBar {
    /// The bar of assumption `a` tested between `low` and `high`, from its three points.
    pub fn of(a: &Assumption, low: f64, high: f64, at_low: f64, at_high: f64, base: f64) -> Self {
        TornadoBar {
            key: a.key.clone(),
            label: a.label.clone(),
            low,
            high,
            at_low,
            at_high,
            base,
            swing: (at_high - at_low).abs(),
        }
    }
}

/// The tornado's order: largest swing first, ties by key.
pub fn sort_tornado(bars: &mut [TornadoBar]) {
    bars.sort_by(|a, b| b.swing.total_cmp(&a.swing).then_with(|| a.key.cmp(&b.key)));
}

/// The mean net benefit (full view, benefits − costs, each run against its paired baseline run) of
/// `scenario` over `runs` with every assumption at its central value (pins kept) and, if given, `key` pinned
/// to `value`: one point of the one-at-a-time tornado.
pub fn mean_net_benefit(pop: &Population, scenario: &Scenario, pin: Option<(&str, f64)>, runs: Range<u32>) -> f64 {
    let mut s = scenario.clone();
    if let Some((key, value)) = pin {
        s.overrides.insert(key.to_string(), value);
    }
    let plan = Plan::with_mode(pop, &s, Mode::Central);
    let base = plan.baseline(&s);
    let (res, _) = run_pairs(&plan, &base, runs);
    res.iter().map(|r| r.full.net()).sum::<f64>() / res.len().max(1) as f64
}

/// The one-at-a-time tornado of `keys` (each between the low and high end of the scenario's range for it),
/// over `runs` noise-only runs; largest swing first.
pub fn one_at_a_time(pop: &Population, scenario: &Scenario, keys: &[String], runs: Range<u32>) -> Vec<TornadoBar> {
    let base = mean_net_benefit(pop, scenario, None, runs.clone());
    let sampler = Sampler::of(scenario, Mode::Central);
    let list = assumptions();
    let mut bars: Vec<TornadoBar> = keys
        .iter()
        .filter_map(|key| {
            let k = list.iter().position(|a| &a.key == key)?;
            let m = sampler.marginals()[k];
            let at = |v: f64| mean_net_benefit(pop, scenario, Some((key, v)), runs.clone());
            Some(TornadoBar::of(&list[k], m.low, m.high, at(m.low), at(m.high), base))
        })
        .collect();
    sort_tornado(&mut bars);
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_average_ties() {
        assert_eq!(ranks(&[3.0, 1.0, 2.0, 1.0]), vec![4.0, 1.5, 3.0, 1.5]);
    }

    #[test]
    fn solve_solves() {
        let x = solve(vec![2.0, 1.0, 1.0, 3.0], vec![3.0, 5.0], 2).unwrap();
        assert!((x[0] - 0.8).abs() < 1e-12 && (x[1] - 1.4).abs() < 1e-12);
        assert!(solve(vec![1.0, 2.0, 2.0, 4.0], vec![1.0, 2.0], 2).is_none());
    }

    #[test]
    fn break_even_of_a_line_is_its_root() {
        let x: Vec<f64> = (0..200).map(|i| i as f64 / 10.0).collect();
        let y: Vec<f64> = x.iter().map(|v| 3.0 * v - 30.0).collect();
        let (c, v, above) = break_even(&x, &y, 5.0);
        assert_eq!(c, Crossing::Crosses);
        assert!((v.unwrap() - 10.0).abs() < 1e-9 && above);
        let (c, _, _) = break_even(&x, &vec![1.0; 200], 5.0);
        assert_eq!(c, Crossing::AlwaysPositive);
    }

    #[test]
    fn first_order_of_a_function_of_x_is_near_one_and_of_noise_near_zero() {
        let n = 400;
        let x: Vec<f64> = (0..n).map(|i| ((i * 37) % n) as f64).collect();
        let r = ranks(&x);
        let y: Vec<f64> = x.iter().map(|v| v * v).collect();
        assert!(first_order(&r, &y) > 0.95);
        let noise: Vec<f64> = (0..n).map(|i| super::super::detmath::unit(super::super::detmath::mix(i as u64))).collect();
        assert!(first_order(&r, &noise) < 0.1);
    }
}

//! Parameter uncertainty: every Monte Carlo run draws every assumption from its range (probabilistic
//! sensitivity analysis, Briggs et al. 2012), with a Latin hypercube over the runs.
//!
//! - Each assumption has a [`Marginal`]: its distribution on the scenario's range (the plausible range, or the
//!   one the user narrowed it to), or a fixed value when the user pinned it or it is an evaluation choice.
//! - [`Sampler`] gives run r its values. For each sampled assumption the runs 0..N are a random permutation of
//!   the N equal-probability strata of the unit interval (one run per stratum), jittered within the stratum,
//!   then mapped through the marginal's quantile function. Everything is a pure function of (seed, N,
//!   assumption, run), so the runs a worker computes do not depend on which other runs it computes, and a
//!   scenario and its baseline (same seed, runs and assumptions) share each run's draw: common random numbers
//!   still cancel the noise in every difference.
//! - In [`Mode::Central`] every assumption sits at its central value (pins kept): what is left is the
//!   run-to-run noise of the agents (who leaves, who learns how much), the noise-only band.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::detmath::{key, mix};
use super::params::{assumptions, Assumption, Distribution, Params};

/// The purpose code of the design's random keys (see [`super::detmath::key`]).
const P_LHS: u32 = 15 << 28;

/// Which uncertainty the runs include.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Every assumption drawn from its range in every run, plus the agents' noise.
    #[default]
    Total,
    /// Every assumption at its central value: the agents' noise only.
    Central,
}

/// A scenario's narrowed range for one assumption.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub low: f64,
    pub high: f64,
}

/// How one assumption is drawn in a scenario.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Marginal {
    pub low: f64,
    /// The most likely (central) value.
    pub mode: f64,
    pub high: f64,
    /// [`Distribution::Fixed`] when pinned, an evaluation choice, or a range of width 0.
    pub distribution: Distribution,
    /// The user pinned it (`Scenario::overrides`).
    pub pinned: bool,
    /// The user narrowed (or moved) its range (`Scenario::ranges`).
    pub narrowed: bool,
}

impl Marginal {
    /// The marginal of `a` in a scenario with these pins and ranges.
    pub fn of(a: &Assumption, overrides: &BTreeMap<String, f64>, ranges: &BTreeMap<String, Band>) -> Self {
        if let Some(&v) = overrides.get(&a.key).filter(|v| v.is_finite()) {
            let v = v.clamp(a.min, a.max);
            return Marginal { low: v, mode: v, high: v, distribution: Distribution::Fixed, pinned: true, narrowed: false };
        }
        if a.distribution == Distribution::Fixed {
            let v = a.default;
            return Marginal { low: v, mode: v, high: v, distribution: Distribution::Fixed, pinned: false, narrowed: false };
        }
        let (low, high, narrowed) = match ranges.get(&a.key) {
            Some(b) if b.low.is_finite() && b.high.is_finite() => {
                let (lo, hi) = (b.low.clamp(a.min, a.max), b.high.clamp(a.min, a.max));
                (lo.min(hi), lo.max(hi), true)
            }
            _ => (a.low, a.high, false),
        };
        let mode = a.default.clamp(low, high);
        let distribution = if high > low { a.distribution } else { Distribution::Fixed };
        Marginal { low, mode, high, distribution, pinned: false, narrowed }
    }

    /// Whether runs draw it.
    pub fn is_sampled(&self) -> bool {
        self.distribution != Distribution::Fixed
    }

    /// The value at cumulative probability `u` ∈ [0, 1) (only basic operations and `sqrt`, so identical on
    /// every platform).
    pub fn quantile(&self, u: f64) -> f64 {
        let (a, c, b) = (self.low, self.mode, self.high);
        match self.distribution {
            Distribution::Fixed => c,
            Distribution::Uniform => a + u * (b - a),
            Distribution::Triangular => {
                let fc = (c - a) / (b - a);
                let x = if u < fc { a + (u * (b - a) * (c - a)).sqrt() } else { b - ((1.0 - u) * (b - a) * (b - c)).sqrt() };
                x.clamp(a, b)
            }
        }
    }

    /// The mean of the distribution.
    pub fn mean(&self) -> f64 {
        match self.distribution {
            Distribution::Fixed => self.mode,
            Distribution::Uniform => (self.low + self.high) / 2.0,
            Distribution::Triangular => (self.low + self.mode + self.high) / 3.0,
        }
    }
}

/// Every assumption's marginal in a scenario, in [`assumptions`] order.
pub fn marginals(overrides: &BTreeMap<String, f64>, ranges: &BTreeMap<String, Band>) -> Vec<Marginal> {
    assumptions().iter().map(|a| Marginal::of(a, overrides, ranges)).collect()
}

/// The values of every run: a Latin hypercube over the runs `0..n` of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampler {
    mode: Mode,
    seed: u64,
    n: u32,
    marginals: Vec<Marginal>,
    /// Per assumption, the stratum of each run (empty when not sampled).
    strata: Vec<Vec<u32>>,
}

impl Sampler {
    /// The design of `n` runs with `seed`, for assumptions pinned by `overrides` and ranges narrowed by
    /// `ranges`.
    pub fn new(
        mode: Mode,
        seed: u64,
        n: u32,
        overrides: &BTreeMap<String, f64>,
        ranges: &BTreeMap<String, Band>,
    ) -> Self {
        let marginals = marginals(overrides, ranges);
        let n = n.max(1);
        let strata = marginals
            .iter()
            .enumerate()
            .map(|(k, m)| if mode == Mode::Total && m.is_sampled() { permutation(seed, k as u32, n) } else { Vec::new() })
            .collect();
        Self { mode, seed, n, marginals, strata }
    }

    /// The scenario's sampler (its seed, runs, pins and ranges).
    pub fn of(scenario: &super::Scenario, mode: Mode) -> Self {
        Self::new(mode, scenario.seed, scenario.runs, &scenario.overrides, &scenario.ranges)
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The runs the hypercube is stratified over.
    pub fn runs(&self) -> u32 {
        self.n
    }

    pub fn marginals(&self) -> &[Marginal] {
        &self.marginals
    }

    /// Whether assumption `k` varies between runs.
    pub fn varies(&self, k: usize) -> bool {
        !self.strata[k].is_empty()
    }

    /// The cumulative probability run `run` draws for assumption `k` (in its stratum, jittered). A run
    /// beyond the design's `n` draws plainly at random.
    pub fn unit(&self, k: usize, run: u32) -> f64 {
        let jitter = super::detmath::unit(key(self.seed, run, k as u32, self.n, P_LHS));
        match self.strata[k].get(run as usize) {
            Some(&s) => (s as f64 + jitter) / self.n as f64,
            None => jitter,
        }
    }

    /// Every assumption's value in run `run`, in [`assumptions`] order.
    pub fn values(&self, run: u32) -> Vec<f64> {
        self.marginals
            .iter()
            .enumerate()
            .map(|(k, m)| if self.varies(k) { m.quantile(self.unit(k, run)) } else { m.mode })
            .collect()
    }

    /// Run `run`'s parameters.
    pub fn params(&self, run: u32) -> Params {
        Params::from_values(&self.values(run))
    }
}

/// A random permutation of 0..n keyed by (seed, assumption): Fisher–Yates with counter-based draws and an
/// integer multiply-shift for the index (no floating point).
fn permutation(seed: u64, k: u32, n: u32) -> Vec<u32> {
    let mut p: Vec<u32> = (0..n).collect();
    let base = key(seed, k, n, 0, P_LHS | 1);
    for i in (1..n).rev() {
        let r = mix(base ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)) >> 32;
        let j = ((r * (i as u64 + 1)) >> 32) as usize;
        p.swap(i as usize, j);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triangular_quantile_is_the_inverse_cdf() {
        let m = Marginal { low: 1.0, mode: 2.0, high: 5.0, distribution: Distribution::Triangular, pinned: false, narrowed: false };
        assert_eq!(m.quantile(0.0), 1.0);
        assert!((m.quantile(0.25) - 2.0).abs() < 1e-12, "F(mode) = (c − a)/(b − a) = 0.25");
        assert!((m.quantile(1.0) - 5.0).abs() < 1e-12);
        // The mean of many strata is the distribution's mean.
        let n = 10_000;
        let mean = (0..n).map(|i| m.quantile((i as f64 + 0.5) / n as f64)).sum::<f64>() / n as f64;
        assert!((mean - m.mean()).abs() < 1e-3, "{mean}");
    }

    #[test]
    fn the_hypercube_puts_one_run_in_each_stratum() {
        let s = Sampler::new(Mode::Total, 3, 50, &BTreeMap::new(), &BTreeMap::new());
        for k in 0..s.marginals.len() {
            if !s.varies(k) {
                continue;
            }
            let mut seen = vec![false; 50];
            for r in 0..50 {
                let u = s.unit(k, r);
                let stratum = (u * 50.0).floor() as usize;
                assert!(!seen[stratum], "stratum {stratum} twice for {k}");
                seen[stratum] = true;
            }
        }
        let central = Sampler::new(Mode::Central, 3, 50, &BTreeMap::new(), &BTreeMap::new());
        assert_eq!(central.params(7), Params::default());
    }
}

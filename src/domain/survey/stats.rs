//! The statistics of survey scores: mean, standard deviation, a 95 % confidence interval and the
//! distribution, and the change between two rounds.
//!
//! - **Score.** A respondent's score on a construct is the mean of their answers to its items, counted
//!   only when they answered at least half of them (rounded up); otherwise they are left out of that
//!   construct. Scores lie on the 1–5 agreement scale.
//! - **Interval.** Student's t: mean ± t(0.975, n − 1) · s / √n · fpc, with s the sample standard deviation
//!   (n − 1 in the denominator). The finite-population correction fpc = √((N − n) / (N − 1)) is applied when
//!   the group's size N is known and at least n (a team of 8 of whom 6 answered is known far better than a
//!   sample of 6 from thousands); otherwise fpc = 1. The interval is cut to the scale (1–5). It covers
//!   sampling variation among the people who could have answered, not non-response bias (those who answer
//!   may differ from those who do not) or how the questions were understood. When every answer is the same
//!   the interval has no width: that says the respondents agreed, not that the group's view is known exactly.
//! - **Distribution.** The scores rounded to the nearest point (halves up: 3.5 counts as 4), counted per
//!   point: the same respondents as the mean, so one cannot be played against the other.
//! - **Change between rounds.** Welch's interval for the difference of two means with the
//!   Welch–Satterthwaite degrees of freedom, each side's variance with its own correction. Rounds are
//!   treated as independent samples: responses are anonymous, so the same person's two answers cannot be
//!   paired (pairing would usually give a narrower interval).

use super::SCALE_MAX;

/// The confidence level of every interval.
pub const LEVEL: f64 = 0.95;

/// The figures of one cell: what a respondent group's scores on one measure look like.
#[derive(Clone, Debug, PartialEq)]
pub struct ScoreStats {
    pub n: usize,
    pub mean: f64,
    /// Sample standard deviation (n − 1).
    pub sd: f64,
    /// The 95 % interval, cut to 1–5.
    pub low: f64,
    pub high: f64,
    /// Scores rounded to 1–5: `dist[i]` respondents at point i + 1.
    pub dist: [usize; 5],
    /// The group's size, when known.
    pub population: Option<u32>,
    /// Whether the finite-population correction was applied.
    pub fpc: bool,
}

impl ScoreStats {
    /// The figures of `scores` (at least two), from a group of `population` people when known.
    pub fn of(scores: &[f64], population: Option<u32>) -> Self {
        let n = scores.len();
        let (mean, sd) = mean_sd(scores);
        let fpc = population.filter(|&p| p as usize >= n && p > 1).map(|p| ((p as f64 - n as f64) / (p as f64 - 1.0)).sqrt());
        let se = sd / (n as f64).sqrt() * fpc.unwrap_or(1.0);
        let half = if n > 1 { t_quantile(0.5 + LEVEL / 2.0, (n - 1) as f64) * se } else { f64::NAN };
        let mut dist = [0; 5];
        for &s in scores {
            dist[point(s) as usize - 1] += 1;
        }
        let top = SCALE_MAX as f64;
        ScoreStats {
            n,
            mean,
            sd,
            low: (mean - half).clamp(1.0, top),
            high: (mean + half).clamp(1.0, top),
            dist,
            population,
            fpc: fpc.is_some(),
        }
    }

    /// The standard error of the mean, with the finite-population correction when it was applied.
    pub fn se(&self) -> f64 {
        let fpc = match (self.fpc, self.population) {
            (true, Some(p)) => ((p as f64 - self.n as f64) / (p as f64 - 1.0)).sqrt(),
            _ => 1.0,
        };
        self.sd / (self.n as f64).sqrt() * fpc
    }

    /// The share of respondents at each point, in percent.
    pub fn percentages(&self) -> [f64; 5] {
        let n = self.n.max(1) as f64;
        self.dist.map(|c| c as f64 * 100.0 / n)
    }
}

/// The point a score counts at in the distribution: rounded, halves up, within 1–5.
pub fn point(score: f64) -> u8 {
    ((score + 0.5).floor() as i64).clamp(1, SCALE_MAX as i64) as u8
}

/// Mean and sample standard deviation (n − 1; 0 for a single value).
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    if xs.len() < 2 {
        return (mean, 0.0);
    }
    let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
    (mean, (ss / (n - 1.0)).sqrt())
}

/// The change from round `a` to round `b`: `b − a` with its 95 % Welch interval.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub before: f64,
    pub after: f64,
    pub diff: f64,
    pub low: f64,
    pub high: f64,
    /// Welch–Satterthwaite degrees of freedom (infinite when both sides have no spread).
    pub df: f64,
}

/// The change from `a` to `b`.
pub fn change(a: &ScoreStats, b: &ScoreStats) -> Change {
    let (va, vb) = (a.se().powi(2), b.se().powi(2));
    let diff = b.mean - a.mean;
    let v = va + vb;
    let df = if v > 0.0 {
        let part = |var: f64, n: usize| if n > 1 { var * var / (n as f64 - 1.0) } else { 0.0 };
        v * v / (part(va, a.n) + part(vb, b.n))
    } else {
        f64::INFINITY
    };
    let half = if v > 0.0 { t_quantile(0.5 + LEVEL / 2.0, df) * v.sqrt() } else { 0.0 };
    Change { before: a.mean, after: b.mean, diff, low: diff - half, high: diff + half, df }
}

/// ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error below 1e-13).
pub fn ln_gamma(x: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = G[0];
    let t = x + 7.5;
    for (i, g) in G.iter().enumerate().skip(1) {
        a += g / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified Lentz).
pub fn inc_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    // The fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
    if x > (a + 1.0) / (a + b + 2.0) {
        return 1.0 - inc_beta(1.0 - x, b, a);
    }
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut f = d;
    for m in 1..=300 {
        let m = m as f64;
        for step in 0..2 {
            let num = if step == 0 {
                m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m))
            } else {
                -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))
            };
            d = 1.0 + num * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + num / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            f *= c * d;
        }
        if (c * d - 1.0).abs() < 1e-15 {
            break;
        }
    }
    front * f / a
}

/// P(T ≤ t) for Student's t with `df` degrees of freedom (any df > 0; the normal distribution for infinite df).
pub fn t_cdf(t: f64, df: f64) -> f64 {
    if df.is_infinite() {
        return 0.5 * (1.0 + erf(t / std::f64::consts::SQRT_2));
    }
    let x = df / (df + t * t);
    let tail = 0.5 * inc_beta(x, df / 2.0, 0.5);
    if t >= 0.0 {
        1.0 - tail
    } else {
        tail
    }
}

/// The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1), by bisection on [`t_cdf`]
/// (to 1e-12).
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    if p < 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    while t_cdf(hi, df) < p && hi < 1e12 {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if t_cdf(mid, df) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The error function (Abramowitz and Stegun 7.1.26 is too coarse; this is erf through the incomplete
/// gamma function's series and continued fraction, to about 1e-15).
pub fn erf(x: f64) -> f64 {
    if x < 0.0 {
        return -erf(-x);
    }
    // erf(x) = P(1/2, x²), the regularised lower incomplete gamma function.
    let a = 0.5;
    let z = x * x;
    if z == 0.0 {
        return 0.0;
    }
    let ln_front = -z + a * z.ln() - ln_gamma(a);
    if z < a + 1.0 {
        let (mut sum, mut term, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..500 {
            ap += 1.0;
            term *= z / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        sum * ln_front.exp()
    } else {
        // Upper tail by Lentz's continued fraction; erf = 1 − Q.
        const TINY: f64 = 1e-300;
        let mut b = z + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..500 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let del = d * c;
            h *= del;
            if (del - 1.0).abs() < 1e-16 {
                break;
            }
        }
        1.0 - ln_front.exp() * h
    }
}

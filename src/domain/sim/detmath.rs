//! Deterministic arithmetic and random numbers for the simulation.
//!
//! `f64::exp`, `ln` and `powf` call the platform's maths library, which may round the last bit
//! differently natively and in wasm32. Bit-identical results on every platform therefore use only the
//! IEEE-754 basic operations (+ − × ÷ and `sqrt`, all correctly rounded) and `floor` (exact): [`exp`],
//! [`ln`] and [`pow`] below are built from those. They are accurate to a few ulps, which is far more than
//! the model needs; what matters is that they give the same bits everywhere.
//!
//! Random draws are *counter-based*: every draw is a pure function of (seed, run, slot, month, purpose)
//! through [`key`], so the baseline and a scenario see the same draw for the same person slot and month
//! (common random numbers) whatever else differs between them. Streams that draw many numbers in a row
//! (the initial staffing of a role) seed a ChaCha8 generator from such a key.

/// ln 2, split in a high part exact in 33 bits and a low correction (Cody–Waite range reduction).
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000); // 6.93147180369123816490e-01
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76); // 1.90821492927058770002e-10
const LOG2_E: f64 = std::f64::consts::LOG2_E;
const LN2: f64 = std::f64::consts::LN_2;

/// 2^k for an integer k in [−1022, 1023].
fn pow2i(k: i64) -> f64 {
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// 1/16, 1/15, …, 1/1: the Taylor series' factors, innermost first.
const RECIPROCALS: [f64; 16] = [
    1.0 / 16.0,
    1.0 / 15.0,
    1.0 / 14.0,
    1.0 / 13.0,
    1.0 / 12.0,
    1.0 / 11.0,
    1.0 / 10.0,
    1.0 / 9.0,
    1.0 / 8.0,
    1.0 / 7.0,
    1.0 / 6.0,
    1.0 / 5.0,
    1.0 / 4.0,
    1.0 / 3.0,
    1.0 / 2.0,
    1.0,
];

/// e^x from basic operations only.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -745.0 {
        return 0.0;
    }
    let k = (x * LOG2_E + 0.5).floor();
    let r = (x - k * LN2_HI) - k * LN2_LO; // |r| ≤ 0.35
                                           // Taylor series to r^16/16!: the remainder is below 1e-20 on |r| ≤ 0.35.
    // (Horner with the reciprocals 1/i, which are exact to the last bit as constants: no division.)
    let mut p = 1.0;
    for inv in RECIPROCALS {
        p = 1.0 + p * r * inv;
    }
    let k = k as i64;
    if k < -1020 {
        p * pow2i(k + 600) * pow2i(-600)
    } else if k > 1023 {
        p * pow2i(k - 1) * 2.0
    } else {
        p * pow2i(k)
    }
}

/// 1/1, 1/3, …, 1/25: the atanh series' coefficients.
const ODD_RECIPROCALS: [f64; 13] = [
    1.0,
    1.0 / 3.0,
    1.0 / 5.0,
    1.0 / 7.0,
    1.0 / 9.0,
    1.0 / 11.0,
    1.0 / 13.0,
    1.0 / 15.0,
    1.0 / 17.0,
    1.0 / 19.0,
    1.0 / 21.0,
    1.0 / 23.0,
    1.0 / 25.0,
];

/// Natural logarithm from basic operations only; `ln(0) = −∞`, negative or NaN → NaN.
pub fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let (mut x, mut e) = (x, 0i64);
    if x < f64::MIN_POSITIVE {
        x *= pow2i(54);
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000); // [1, 2)
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    // ln m = 2 atanh(f), f = (m − 1)/(m + 1), |f| ≤ 0.172: series to f^25.
    let f = (m - 1.0) / (m + 1.0);
    let s = f * f;
    let mut p = 0.0;
    for c in ODD_RECIPROCALS.iter().rev() {
        p = c + s * p;
    }
    e as f64 * LN2 + 2.0 * f * p
}

/// a^b for a ≥ 0 (a = 0 gives 0 for b > 0 and 1 for b = 0).
pub fn pow(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        1.0
    } else if a == 0.0 {
        0.0
    } else {
        exp(b * ln(a))
    }
}

/// SplitMix64's finaliser: a bijective mix of 64 bits.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The random key of one draw: a hash of (seed, run, slot, month, purpose). Every argument is a fixed-width
/// integer, so the key is the same on 32- and 64-bit targets.
pub fn key(seed: u64, run: u32, slot: u32, month: u32, purpose: u32) -> u64 {
    let mut h = mix(seed ^ GOLDEN);
    h = mix(h ^ (run as u64).wrapping_mul(GOLDEN).wrapping_add(1));
    h = mix(h ^ (slot as u64).wrapping_mul(GOLDEN).wrapping_add(2));
    h = mix(h
        ^ ((month as u64) << 32 | purpose as u64)
            .wrapping_mul(GOLDEN)
            .wrapping_add(3));
    h
}

/// The `i`-th sub-key of key `k` (one mix), for several draws of one event.
pub fn subkey(k: u64, i: u32) -> u64 {
    mix(k ^ (i as u64 + 1).wrapping_mul(GOLDEN))
}

/// A uniform number in [0, 1) from 53 bits of `h`.
pub fn unit(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// The `i`-th uniform number of the stream keyed by `k`.
pub fn unit_at(k: u64, i: u32) -> f64 {
    unit(mix(k.wrapping_add((i as u64 + 1).wrapping_mul(GOLDEN))))
}

/// A standard normal number from the stream keyed by `k` (Marsaglia's polar method: only `ln` and `sqrt`).
pub fn normal(k: u64) -> f64 {
    let mut i = 0u32;
    loop {
        let u = 2.0 * unit_at(k, i) - 1.0;
        let v = 2.0 * unit_at(k, i + 1) - 1.0;
        i += 2;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * ln(s) / s).sqrt();
        }
    }
}

/// An approximately standard normal number from one hash: the Irwin–Hall sum of four uniforms (16 bits
/// each), centred and scaled to unit variance. Bounded at ±2√3 ≈ ±3.46; one mix, no `ln` or `sqrt`.
pub fn approx_normal(k: u64) -> f64 {
    let h = mix(k);
    let mut sum = 0.0;
    for i in 0..4 {
        sum += (((h >> (16 * i)) & 0xffff) as f64 + 0.5) * (1.0 / 65536.0);
    }
    (sum - 2.0) * 1.732_050_807_568_877_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_ln_pow_match_std_closely() {
        for i in -400..=400 {
            let x = i as f64 * 0.0731;
            let (a, b) = (exp(x), x.exp());
            assert!(((a - b) / b).abs() < 1e-14, "exp({x}) = {a} vs {b}");
        }
        for i in 1..=2000 {
            let x = i as f64 * 0.0173 + 1e-9;
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() < 1e-14 * b.abs().max(1.0),
                "ln({x}) = {a} vs {b}"
            );
        }
        assert!((ln(1e-310) - 1e-310f64.ln()).abs() < 1e-12);
        assert!((pow(0.75, 1.0 / 12.0) - 0.75f64.powf(1.0 / 12.0)).abs() < 1e-15);
        assert_eq!(pow(0.0, 2.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(ln(1.0), 0.0);
    }

    #[test]
    fn uniform_and_normal_draws_look_right() {
        let n = 20_000;
        let (mut s, mut s2, mut u) = (0.0, 0.0, 0.0);
        for i in 0..n {
            let z = normal(key(1, 2, i, 3, 4));
            s += z;
            s2 += z * z;
            u += unit(key(1, 2, i, 3, 5));
        }
        let mean = s / n as f64;
        assert!(mean.abs() < 0.03, "{mean}");
        assert!((s2 / n as f64 - 1.0).abs() < 0.05);
        assert!((u / n as f64 - 0.5).abs() < 0.01);
        let (mut s, mut s2) = (0.0, 0.0);
        for i in 0..n {
            let z = approx_normal(key(9, 2, i, 3, 4));
            assert!(z.abs() < 3.47);
            s += z;
            s2 += z * z;
        }
        assert!((s / n as f64).abs() < 0.03);
        assert!((s2 / n as f64 - 1.0).abs() < 0.05);
        assert_ne!(key(1, 0, 0, 0, 0), key(1, 0, 0, 0, 1));
        assert_ne!(key(1, 0, 0, 1, 0), key(1, 0, 1, 0, 0));
    }
}

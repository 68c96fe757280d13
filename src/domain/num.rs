//! Numbers as text, without core's float formatter (`{:.2}`, `f64::to_string`): the learner's bundle formats
//! only a few numbers, and core's formatter (with its tables) is about 20 KB of its wasm. The trainer's pages
//! may use either; these give the same text.

/// `x` with `decimals` digits after the point, as `format!("{x:.decimals$}")` writes it for the numbers the
/// app shows (|x| < 10¹⁵, at most 6 decimals): `x`'s exact binary value times 10^decimals, rounded half to
/// even with integers (as core rounds), written with integers. A result of zero is written without a sign
/// (core writes `-0.0` for a small negative number).
pub fn fixed(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return if x.is_nan() { "NaN".into() } else if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let decimals = decimals.min(6);
    let scale = 10u128.pow(decimals as u32);
    // x = ±m × 2^e exactly.
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = (bits & ((1 << 52) - 1)) as u128;
    let (m, e) = if field == 0 { (fraction, -1074) } else { (fraction | (1 << 52), field - 1075) };
    let n: u128 = if e >= 0 {
        (m * scale) << e.min(60)
    } else {
        let k = -e as u32;
        let v = m * scale;
        if k >= 120 {
            0
        } else {
            let (q, r, half) = (v >> k, v & ((1u128 << k) - 1), 1u128 << (k - 1));
            if r > half || (r == half && q % 2 == 1) { q + 1 } else { q }
        }
    };
    let sign = if negative && n != 0 { "-" } else { "" };
    if decimals == 0 {
        return format!("{sign}{n}");
    }
    format!("{sign}{}.{:0width$}", n / scale, n % scale, width = decimals)
}

/// A number as JavaScript's `String(n)` writes it (ECMAScript Number::toString): the shortest digits that
/// read back as `n`, in plain notation from 10⁻⁷ up to 10²¹ and in exponent notation (`1e-7`, `1.5e+300`)
/// outside that.
pub fn js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    if n == 0.0 {
        return "0".into();
    }
    // The shortest round-trip digits, from serde_json's float writer (e.g. "1.5e300", "0.001", "12.5").
    let text = serde_json::Number::from_f64(n.abs()).map(|v| v.to_string()).unwrap_or_default();
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
        None => (text.as_str(), 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // digits × 10^(point − len): `point` is where the decimal point goes in `digits`.
    let all = format!("{int}{frac}");
    let lead = all.len() - all.trim_start_matches('0').len();
    let digits = all.trim_matches('0');
    let point = int.len() as i32 - lead as i32 + exp;
    let k = digits.len() as i32;
    let sign = if n < 0.0 { "-" } else { "" };
    let body = if k <= point && point <= 21 {
        format!("{digits}{}", "0".repeat((point - k) as usize))
    } else if 0 < point && point <= 21 {
        format!("{}.{}", &digits[..point as usize], &digits[point as usize..])
    } else if -6 < point && point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else {
        let e = point - 1;
        let e = if e < 0 { format!("-{}", -e) } else { format!("+{e}") };
        if k == 1 {
            format!("{digits}e{e}")
        } else {
            format!("{}.{}e{e}", &digits[..1], &digits[1..])
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_is_what_core_writes() {
        for x in [0.0, 1.0, -1.0, 0.125, 0.375, 2.5, 3.5, 62.5, 99.99, 12.345, -12.345, 0.004999, 1234567.891, 1e-9, 41.0 / 3.0] {
            for d in 0..=4 {
                let want = format!("{x:.d$}");
                let want = if want.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { want.trim_start_matches('-').to_string() } else { want };
                assert_eq!(fixed(x, d), want, "{x} to {d} decimals");
            }
        }
        assert_eq!(fixed(f64::NAN, 1), "NaN");
        // Many values, from tiny to large, of every magnitude's binary fractions.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..200_000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let x = ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi((i % 16) as i32 - 4);
            let d = i % 5;
            let want = format!("{x:.d$}");
            let want = if want.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') { want.trim_start_matches('-').to_string() } else { want };
            assert_eq!(fixed(x, d), want, "{x:e} to {d} decimals");
        }
    }

    #[test]
    fn js_numbers_are_what_javascript_writes() {
        // Expected texts from String(n) in a JavaScript engine.
        let cases: [(f64, &str); 20] = [
            (0.5, "0.5"),
            (-0.25, "-0.25"),
            (85.0, "85"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.0000015, "0.0000015"),
            (123456789.125, "123456789.125"),
            (1e21, "1e+21"),
            (1.5e300, "1.5e+300"),
            (1e20, "100000000000000000000"),
            (123e18, "123000000000000000000"),
            (2.5e-300, "2.5e-300"),
            (-3.0, "-3"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
            (-0.0, "0"),
            (9007199254740993.0, "9007199254740992"),
        ];
        for (n, want) in cases {
            assert_eq!(js_number(n), want, "{n:e}");
        }
    }
}

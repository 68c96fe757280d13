//! Route targets, one module per page, and the small helpers they share.

pub mod assess;
pub mod data;
pub mod gaps;
pub mod matrix;
pub mod overview;
pub mod people;
pub mod roles;
pub mod skills;

use yew::AttrValue;

use crate::domain::{Importance, Scale};

/// Words for importance 1–5.
pub fn importance_label(i: Importance) -> &'static str {
    match i {
        1 => "Nice to have",
        2 => "Useful",
        3 => "Important",
        4 => "Very important",
        _ => "Critical",
    }
}

/// Options "1 – Nice to have" … "5 – Critical".
pub fn importance_options() -> Vec<(AttrValue, AttrValue)> {
    (1..=5u8).map(|i| (i.to_string().into(), format!("{i} – {}", importance_label(i)).into())).collect()
}

/// Options for a required level: "Not required" then every level of the scale.
pub fn requirement_options(scale: &Scale) -> Vec<(AttrValue, AttrValue)> {
    let mut v: Vec<(AttrValue, AttrValue)> = vec![("".into(), "Not required".into())];
    v.extend(scale.labels.iter().enumerate().map(|(i, l)| (i.to_string().into(), format!("{i} – {l}").into())));
    v
}

/// Formats a whole amount with thousands separators ("62,000").
pub fn thousands(v: f64) -> String {
    let n = v.round() as i64;
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

//! Route targets, one module per page, and the small helpers they share.

pub mod assess;
pub mod data;
pub mod frameworks;
pub mod gaps;
pub mod matrix;
pub mod overview;
pub mod people;
pub mod roles;
pub mod scenario;
pub mod share;
pub mod sim_results;
pub mod simulate;
pub mod skills;
pub mod surveys;

use wasm_bindgen::JsCast;
use yew::AttrValue;

use crate::domain::{Importance, Scale};

/// Moves keyboard focus to the element with DOM id `id`, if it exists and can take focus.
pub fn focus_id(id: &str) {
    if let Some(el) = gloo::utils::document().get_element_by_id(id) {
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}

/// Moves keyboard focus to `id` once the render that the current event causes has happened: an element
/// that an edit creates (or enables) does not exist, or cannot take focus, until then.
pub fn focus_after_render(id: &str) {
    let id = id.to_string();
    gloo::timers::callback::Timeout::new(0, move || focus_id(&id)).forget();
}

/// Shows a new page or step from its top, as a page load would, with keyboard focus on the element with
/// DOM id `id` (a heading, made focusable by script with `tabindex="-1"` if it is not): scrolls the window
/// to the top and focuses without scrolling again, so what sits above the heading (the h1, a progress bar)
/// stays in view.
pub fn focus_at_top(id: &str) {
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    let Some(el) = gloo::utils::document().get_element_by_id(id) else { return };
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    // el.focus({ preventScroll: true }), called by name (web-sys's FocusOptions would be one more feature).
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
    if let Ok(focus) = js_sys::Reflect::get(&el, &"focus".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = focus.call1(&el, &options);
    }
}

/// [`focus_at_top`] once the render that the current event causes has happened.
pub fn focus_at_top_after_render(id: &str) {
    let id = id.to_string();
    gloo::timers::callback::Timeout::new(0, move || focus_at_top(&id)).forget();
}

/// Whether a key event happened on a grid cell, i.e. an element whose id starts with `prefix`; other
/// controls inside a grid table (header links) keep their own keys.
pub fn on_grid_cell(e: &yew::KeyboardEvent, prefix: &str) -> bool {
    e.target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
        .is_some_and(|el| el.id().starts_with(prefix))
}

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

/// A count with its noun, singular for one: "1 person", "2,000 people" (thousands separated).
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n as f64), if n == 1 { one } else { many })
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

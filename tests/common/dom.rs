//! DOM helpers shared by the wasm-bindgen component tests (`web_components`, `web_learner`, `web_share`):
//! a fresh mount point, firing events the way a browser does, and finding buttons by their text.
#![allow(dead_code)] // each test file uses its own subset

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement};

/// A new, empty `<div>` at the end of the test page's body, to mount a component in.
pub fn fresh_root() -> Element {
    let doc = gloo::utils::document();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

/// Dispatches a bubbling event of type `kind` (`input`, `change`, …) on `el`.
pub fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

/// The first button under `root` whose trimmed text satisfies `pred`.
pub fn find_button(root: &Element, pred: impl Fn(&str) -> bool) -> Option<HtmlElement> {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| pred(b.text_content().unwrap_or_default().trim()))
}

/// The button under `root` whose text is `label` (surrounding white space ignored), if shown.
pub fn button(root: &Element, label: &str) -> Option<HtmlElement> {
    find_button(root, |t| t == label)
}

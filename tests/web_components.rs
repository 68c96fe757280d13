//! Component tests in headless Chromium (wasm-bindgen-test): the labelled field's commit/refusal cycle and
//! the whole app booting on the example workspace. Run by `cargo test --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use skillgap::app::components::fields::{Field, FieldProps, Kind};
use skillgap::app::App;
use skillgap::domain::example::example_workspace;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/dom.rs"]
mod dom;
use dom::{fire, fresh_root};

async fn settle() {
    for _ in 0..3 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
}

#[wasm_bindgen_test]
async fn field_commits_accepted_values_and_shows_refusals_beside_itself() {
    let root = fresh_root();
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let on_commit = {
        let seen = seen.clone();
        Callback::from(move |v: String| {
            seen.borrow_mut().push(v.clone());
            if v.trim().is_empty() { Some("Skill needs a name".to_string()) } else { None }
        })
    };
    let props = FieldProps {
        id: "t-name".into(),
        label: "Name".into(),
        value: "Listening".into(),
        kind: Kind::Text,
        hint: Some("What the skill is called".into()),
        on_commit,
        class: Classes::new(),
        required: true,
        suffix: None,
    };
    yew::Renderer::<Field>::with_root_and_props(root.clone(), props).render();
    settle().await;

    let label = root.query_selector("label").unwrap().expect("a label");
    assert_eq!(label.get_attribute("for").as_deref(), Some("t-name"));
    assert_eq!(label.text_content().as_deref(), Some("Name"));
    let input: HtmlInputElement = root.query_selector("#t-name").unwrap().expect("the input").unchecked_into();
    assert_eq!(input.value(), "Listening");
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("t-name-hint"));

    // A refused value: the message appears, is announced through aria-describedby, and the draft stays.
    input.set_value("  ");
    fire(&input, "input");
    fire(&input, "change");
    settle().await;
    assert_eq!(seen.borrow().as_slice(), ["  "]);
    let err = root.query_selector(".field-error").unwrap().expect("an error message");
    assert_eq!(err.text_content().as_deref(), Some("Skill needs a name"));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.get_attribute("aria-describedby").as_deref(), Some("t-name-hint t-name-err"));

    // An accepted value clears the message.
    input.set_value("Active listening");
    fire(&input, "input");
    fire(&input, "change");
    settle().await;
    assert_eq!(seen.borrow().last().map(String::as_str), Some("Active listening"));
    assert!(root.query_selector(".field-error").unwrap().is_none());
    assert_eq!(input.get_attribute("aria-invalid"), None);
}

#[wasm_bindgen_test]
async fn app_boots_on_the_example_workspace_with_navigation() {
    if let Ok(Some(s)) = gloo::utils::window().local_storage() {
        let _ = s.remove_item("skillgap.workspace");
    }
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // Opening the browser's database takes a moment; until then only a line says so.
    let mut h1 = None;
    for _ in 0..200 {
        settle().await;
        h1 = root.query_selector("main h1").unwrap();
        if h1.is_some() {
            break;
        }
    }
    let h1 = h1.expect("a page heading once the workspace is open");
    assert_eq!(h1.text_content().unwrap(), example_workspace().name);
    let links = root.query_selector_all("nav[aria-label=Main] a").unwrap();
    assert_eq!(links.length(), 11);
    let current = root.query_selector("nav[aria-label=Main] a[aria-current=page]").unwrap().expect("a current link");
    assert_eq!(current.text_content().as_deref(), Some("Overview"));
    // Autosave runs shortly after the first render: the example is then in IndexedDB.
    yew::platform::time::sleep(Duration::from_millis(1500)).await;
    let meta = skillgap::app::services::storage::read_meta().await.expect("storage open");
    assert!(meta.gen >= 1, "{meta:?}");
    assert_eq!(meta.name, example_workspace().name);
    let (ws, _) = skillgap::app::services::storage::load_stored().await.expect("the saved workspace reads back");
    assert_eq!(ws, example_workspace());
    let state = root.query_selector(".save-state").unwrap().expect("the save state");
    assert_eq!(state.text_content().as_deref(), Some("Saved in this browser"));
}

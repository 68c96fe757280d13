//! The trainer's "Learner links" page in headless Chromium (wasm-bindgen-test), driven through the whole app
//! on the example workspace: the links it makes decode to the chosen role or skill set; a result code made
//! from such a link is checked, imported as one undoable step, refused when imported again, and offered again
//! after undo (the plan is re-checked against the workspace as it is). Run by
//! `cargo test --target wasm32-unknown-unknown --test web_share`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use skillgap::app::App;
use skillgap::app::services::files::today;
use skillgap::domain::example::example_workspace;
use skillgap::domain::learner::{decode_link, encode_result, Answer, Learner, LearnerAssessment};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

async fn settle() {
    for _ in 0..4 {
        yew::platform::time::sleep(Duration::from_millis(15)).await;
    }
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict(kind, &init).unwrap()).unwrap();
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

/// The button whose text is `label`, if shown.
fn button(root: &Element, label: &str) -> Option<HtmlElement> {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
}

/// The shell's Undo button ("↶ Undo").
fn undo_button(root: &Element) -> HtmlElement {
    let all = root.query_selector_all("button").unwrap();
    (0..all.length())
        .filter_map(|i| all.get(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().ends_with("Undo"))
        .expect("an Undo button")
}

async fn press(root: &Element, label: &str) {
    button(root, label).unwrap_or_else(|| panic!("no button {label}")).click();
    settle().await;
}

/// The assessment in the "Learner link" text area.
fn made_link(root: &Element) -> LearnerAssessment {
    let link = one(root, "#share-link").unchecked_into::<HtmlTextAreaElement>().value();
    let base = gloo::utils::window().location().href().unwrap();
    let base = base.split('#').next().unwrap();
    assert!(link.starts_with(&format!("{base}#/learn/a1.")), "{link}");
    decode_link(&link).expect("the link decodes")
}

fn rows(root: &Element, caption_id: &str) -> u32 {
    let table = one(root, &format!("#{caption_id}")).parent_element().unwrap();
    table.query_selector_all("tbody tr").unwrap().length()
}

#[wasm_bindgen_test]
async fn share_page_makes_links_and_imports_results_undoably() {
    if let Ok(Some(s)) = gloo::utils::window().local_storage() {
        let _ = s.remove_item("skillgap.workspace");
    }
    gloo::utils::window().location().set_hash("/share").unwrap();
    let root = gloo::utils::document().create_element("div").unwrap();
    gloo::utils::document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle().await;
    assert_eq!(text(&root, "main h1"), "Learner links");
    let ws = example_workspace();

    // The whole profile of the second role.
    let role = &ws.roles[1];
    let select: HtmlSelectElement = one(&root, "#share-role").unchecked_into();
    select.set_value(role.id.as_str());
    fire(&select, "change");
    settle().await;
    press(&root, "Make learner link").await;
    let a = made_link(&root);
    assert_eq!(a.role, role.id);
    assert_eq!(a.skills.len(), role.requirements.len());
    assert_eq!(a.skill_set, None);
    assert_eq!(a.created, today());
    assert!(a.id.len() == 10 && a.id.chars().all(|c| c.is_ascii_alphanumeric()), "id {}", a.id);
    let embed = one(&root, "#share-embed").unchecked_into::<HtmlTextAreaElement>().value();
    assert!(embed.starts_with("<iframe src=\"") && embed.contains(&format!("title=\"Self-assessment: {}\"", role.name)), "{embed}");
    let command = one(&root, "#share-package").unchecked_into::<HtmlTextAreaElement>().value();
    assert_eq!(command, format!("bash scripts/package.sh --link '{}' --out packages", crate_code(&root)));
    let open = one(&root, ".share-output a[target=_blank]");
    assert_eq!(open.get_attribute("rel").as_deref(), Some("noopener"));

    // Some skills: none chosen is refused with a message; two chosen and named make a skill-set link.
    one(&root, "#share-some").unchecked_into::<HtmlElement>().click();
    settle().await;
    press(&root, "Make learner link").await;
    assert!(text(&root, "[role=alert]").starts_with("Choose at least one skill"), "{}", text(&root, "[role=alert]"));
    assert!(root.query_selector("#share-link").unwrap().is_none(), "a refused link leaves no old link shown");
    one(&root, "#share-skill-0").unchecked_into::<HtmlElement>().click();
    one(&root, "#share-skill-2").unchecked_into::<HtmlElement>().click();
    settle().await;
    let name: HtmlInputElement = one(&root, "#share-set-name").unchecked_into();
    name.set_value("Handling complaints");
    fire(&name, "input");
    settle().await;
    press(&root, "Make learner link").await;
    let set = made_link(&root);
    assert_eq!(set.skill_set.as_deref(), Some("Handling complaints"));
    assert_eq!(set.skills.len(), 2);
    assert_eq!(set.title(), "Handling complaints");

    // A learner answers the skill-set link; their result code is pasted between other text.
    let mut answers = set.blank_answers();
    answers[0].answer = Answer::Level(1);
    answers[1].answer = Answer::NoOpportunity;
    let result = set
        .result(Learner { name: "Test Learner".into(), email: None, employee_ref: None }, "2026-11-25", answers)
        .unwrap();
    let code = encode_result(&result);
    let area: HtmlTextAreaElement = one(&root, "#result-codes").unchecked_into();
    area.set_value(&format!("Here are my answers:\n{code}\nThanks!\nnot a code: r1.12.damaged"));
    fire(&area, "input");
    settle().await;
    press(&root, "Check results").await;
    assert_eq!(rows(&root, "share-accepted-caption"), 1);
    assert_eq!(rows(&root, "share-refused-caption"), 1);
    assert!(text(&root, "#share-accepted-caption").contains("Results to import"));
    assert!(text(&root, ".share-table tbody").contains("Test Learner"));
    // Nothing has changed yet.
    assert!(undo_button(&root).get_attribute("disabled").is_some(), "nothing to undo before importing");

    press(&root, "Import 1 result").await;
    let flash = text(&root, ".flash");
    assert!(flash.starts_with("Imported 1 result: 2 self ratings for 1 person (1 new)."), "{flash}");
    assert!(button(&root, "Import 1 result").is_none(), "the form is cleared after importing");

    // The same code again is refused as already imported.
    let area: HtmlTextAreaElement = one(&root, "#result-codes").unchecked_into();
    area.set_value(&code);
    fire(&area, "input");
    settle().await;
    press(&root, "Check results").await;
    assert!(root.query_selector("#share-accepted-caption").unwrap().is_none());
    assert!(text(&root, ".share-table tbody").contains("Already imported"), "{}", text(&root, ".share-table tbody"));

    // Undo takes the import back; the plan shown is re-checked against the workspace as it now is.
    undo_button(&root).click();
    settle().await;
    assert_eq!(rows(&root, "share-accepted-caption"), 1);
    assert!(button(&root, "Import 1 result").is_some());
    assert!(text(&root, ".share-plan").contains("checked again"));
}

/// The code inside the "Learner link" text area.
fn crate_code(root: &Element) -> String {
    let link = one(root, "#share-link").unchecked_into::<HtmlTextAreaElement>().value();
    link.rsplit('/').next().unwrap().to_string()
}

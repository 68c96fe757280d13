//! The trainer's "Learner links" page in headless Chromium (wasm-bindgen-test), driven through the whole app
//! on the example workspace plus a role without a profile and a role whose long level texts make a long
//! link: the links it makes decode to the chosen role or skill set; a long link is warned about; a result
//! code made from such a link is checked, imported as one undoable step, refused when imported again, and
//! offered again after undo (the plan is re-checked against the workspace as it is); a link whose profile
//! changes while it is shown says it must be made again. Run by
//! `cargo test --target wasm32-unknown-unknown --test web_share`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use skillgap::app::App;
use skillgap::app::services::files::today;
use skillgap::domain::example::example_workspace;
use skillgap::domain::io::to_storage_text;
use skillgap::domain::learner::{decode_link, encode_result, Answer, Learner, LearnerAssessment, LONG_LINK_CHARS};
use skillgap::domain::{Command, ContactLevel, Requirement, RoleId, SkillId, Workspace};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/dom.rs"]
mod dom;
use dom::{button, find_button, fire};

async fn settle() {
    for _ in 0..4 {
        yew::platform::time::sleep(Duration::from_millis(15)).await;
    }
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no element {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

/// The shell's Undo button ("↶ Undo").
fn undo_button(root: &Element) -> HtmlElement {
    find_button(root, |t| t.ends_with("Undo")).expect("an Undo button")
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

/// The example plus "Empty role" (no required skills) and "Wordy role", which requires three skills whose
/// level texts are 900 characters of pseudo-random words each (they do not compress much).
fn workspace() -> Workspace {
    let mut ws = example_workspace();
    let apply = |ws: &mut Workspace, cmd| ws.apply(cmd).expect("a valid edit").created;
    apply(&mut ws, Command::AddRole { name: "Empty role".into(), team: "".into(), contact: ContactLevel::Low });
    let wordy = RoleId(apply(&mut ws, Command::AddRole { name: "Wordy role".into(), team: "".into(), contact: ContactLevel::High }).unwrap());
    let mut seed = 12345u32;
    for k in 0..3 {
        let skill = SkillId(apply(&mut ws, Command::AddSkill { name: format!("Wordy skill {k}"), category: "Wordy".into() }).unwrap());
        for level in 1..5u8 {
            let mut text = String::new();
            while text.len() < 900 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let len = 2 + (seed >> 16) % 8;
                for i in 0..len {
                    text.push((b'a' + ((seed >> (i % 3 * 5)) % 26) as u8) as char);
                    seed = seed.wrapping_mul(69_069).wrapping_add(1);
                }
                text.push(' ');
            }
            apply(&mut ws, Command::SetLevelText { id: skill.clone(), level, text: text.trim().to_string() });
        }
        let requirement = Some(Requirement { level: 3, importance: 4 });
        apply(&mut ws, Command::SetRequirement { role: wordy.clone(), skill, requirement });
    }
    ws
}

#[wasm_bindgen_test]
async fn share_page_makes_links_and_imports_results_undoably() {
    let start = workspace();
    gloo::utils::window().local_storage().unwrap().unwrap().set_item("skillgap.workspace", &to_storage_text(&start)).unwrap();
    gloo::utils::window().location().set_hash("/share").unwrap();
    let root = gloo::utils::document().create_element("div").unwrap();
    gloo::utils::document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    // The saved workspace is read from the browser's database (an earlier version's localStorage save, as
    // set above, is moved there) before the page shows.
    for _ in 0..200 {
        settle().await;
        if root.query_selector("main h1").unwrap().is_some() {
            break;
        }
    }
    assert_eq!(text(&root, "main h1"), "Learner links");
    let ws = start;

    // A role without required skills cannot be chosen.
    let empty = ws.roles.iter().find(|r| r.name == "Empty role").unwrap();
    let option = one(&root, &format!("#share-role option[value='{}']", empty.id));
    assert!(option.has_attribute("disabled"), "{:?}", option.outer_html());
    assert!(option.text_content().unwrap().contains("no required skills"));

    // A long link is made, and warned about.
    let wordy = ws.roles.iter().find(|r| r.name == "Wordy role").unwrap();
    let select: HtmlSelectElement = one(&root, "#share-role").unchecked_into();
    select.set_value(wordy.id.as_str());
    fire(&select, "change");
    settle().await;
    press(&root, "Make learner link").await;
    let long = one(&root, "#share-link").unchecked_into::<HtmlTextAreaElement>().value();
    assert!(long.len() > LONG_LINK_CHARS, "the wordy link is {} characters", long.len());
    assert_eq!(made_link(&root).skills.len(), 3);
    assert!(text(&root, ".share-output").contains("longer than 8,000 characters"));

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
    // The LMS packages are downloaded from the page (built in the browser); the command is for automation.
    for kind in ["SCORM 1.2", "SCORM 2004", "cmi5"] {
        assert!(button(&root, &format!("Download {kind} package")).is_some(), "a button for {kind}");
    }
    // A pass mark is 1–100 (0 would pass everyone): said under the field, and the download refuses it.
    let mastery: HtmlInputElement = one(&root, "#share-mastery").unchecked_into();
    mastery.set_value("0");
    fire(&mastery, "input");
    settle().await;
    assert_eq!(mastery.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(text(&root, ".share-mastery .field-error").contains("1–100"), "{}", text(&root, ".share-mastery"));
    press(&root, "Download SCORM 1.2 package").await;
    assert!(text(&root, ".share-packages [role=alert]").starts_with("No package was made: Pass mark"), "{}", text(&root, ".share-packages"));
    mastery.set_value("80");
    fire(&mastery, "input");
    let sites: HtmlInputElement = one(&root, "#share-origins").unchecked_into();
    sites.set_value("https://lrs.example.com/xapi");
    fire(&sites, "input");
    settle().await;
    assert!(text(&root, ".share-origins .field-error").contains("not a site address"), "{}", text(&root, ".share-origins"));
    press(&root, "Download cmi5 package").await;
    assert!(text(&root, ".share-packages [role=alert]").starts_with("No package was made: Other sites"), "{}", text(&root, ".share-packages"));
    sites.set_value("");
    fire(&sites, "input");
    mastery.set_value("");
    fire(&mastery, "input");
    settle().await;

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

    // A link whose profile changes while it is shown (here by undoing a change made on the role's page)
    // says it must be made again.
    let role = &ws.roles[1];
    let (skill, req) = role.requirements.iter().next().unwrap();
    gloo::utils::window().location().set_hash(&format!("/roles/{}", role.id)).unwrap();
    settle().await;
    let importance: HtmlSelectElement = one(&root, &format!("#req-imp-{skill}")).unchecked_into();
    importance.set_value(&(req.importance % 5 + 1).to_string());
    fire(&importance, "change");
    settle().await;
    gloo::utils::window().location().set_hash("/share").unwrap();
    settle().await;
    let select: HtmlSelectElement = one(&root, "#share-role").unchecked_into();
    select.set_value(role.id.as_str());
    fire(&select, "change");
    settle().await;
    press(&root, "Make learner link").await;
    assert!(root.query_selector(".share-output .notice.warn").unwrap().is_none(), "a fresh link is not stale");
    undo_button(&root).click();
    settle().await;
    let stale = text(&root, ".share-output [role=alert]");
    assert!(stale.contains("has changed since this link was made") && stale.contains("Make the link again"), "{stale}");
}

/// The code inside the "Learner link" text area.
fn crate_code(root: &Element) -> String {
    let link = one(root, "#share-link").unchecked_into::<HtmlTextAreaElement>().value();
    link.rsplit('/').next().unwrap().to_string()
}

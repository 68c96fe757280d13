//! Learner mode in headless Chromium (wasm-bindgen-test): the whole flow from a real learner link — start,
//! the name check, one skill per step, saving and resuming, the list mode, the review, the result with its
//! readiness and result code — and the page for a damaged link. Run by
//! `cargo test --target wasm32-unknown-unknown --test web_learner`.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use skillgap::app::learner::{LearnerRoot, LearnerRootProps};
use skillgap::domain::example::example_workspace;
use skillgap::domain::gaps::{analyse, Filter};
use skillgap::domain::learner::{
    assessment_for_role, decode_link, decode_result, encode_link, Answer, LearnerAssessment,
};
use skillgap::domain::lms::decode_progress;
use skillgap::domain::RoleId;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "common/dom.rs"]
mod dom;
use dom::{button, fire, fresh_root};

async fn sleep(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Waits (at most 3 s) until `check` holds; fails with `what` otherwise.
async fn until(what: &str, check: impl Fn() -> bool) {
    for _ in 0..150 {
        if check() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

fn text(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector).unwrap().and_then(|e| e.text_content())
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn click(root: &Element, label: &str) {
    button(root, label).unwrap_or_else(|| panic!("no button {label:?}")).click();
}

fn type_into(root: &Element, selector: &str, value: &str) {
    let el = root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"));
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        i.set_value(value);
    } else {
        el.dyn_ref::<HtmlTextAreaElement>().unwrap().set_value(value);
    }
    fire(&el, "input");
}

fn assessment(id: &str) -> LearnerAssessment {
    assessment_for_role(&example_workspace(), &RoleId::from("r-back-office"), id, "2026-11-27").unwrap()
}

fn clear_progress(a: &LearnerAssessment) {
    let s = gloo::utils::window().local_storage().unwrap().unwrap();
    let _ = s.remove_item(&format!("skillgap.learner.{}", a.id));
}

fn saved_progress(a: &LearnerAssessment) -> Option<skillgap::domain::lms::Progress> {
    let s = gloo::utils::window().local_storage().unwrap().unwrap();
    s.get_item(&format!("skillgap.learner.{}", a.id)).unwrap().and_then(|t| decode_progress(&t, a))
}

fn mount(root: &Element, a: &LearnerAssessment) -> yew::AppHandle<LearnerRoot> {
    let props = LearnerRootProps { code: encode_link(a).into() };
    yew::Renderer::<LearnerRoot>::with_root_and_props(root.clone(), props).render()
}

#[wasm_bindgen_test]
async fn a_learner_answers_resumes_reviews_and_gets_a_result_code() {
    let a = assessment("web-flow");
    let n = a.skills.len();
    clear_progress(&a);
    let root = fresh_root();
    let app = mount(&root, &a);
    until("the start page", || button(&root, "Start").is_some()).await;

    assert_eq!(text(&root, "main h1").unwrap(), "Self-assessment: Back-office operations officer");
    assert_eq!(count(&root, "h1"), 1);
    assert_eq!(text(&root, ".lms-mode").unwrap(), "Standalone");
    assert_eq!(gloo::utils::document().title(), "Self-assessment: Back-office operations officer · Skillgap");
    assert!(text(&root, "footer").unwrap().contains("Your answers stay in this browser"));
    // The scale's labels are explained.
    assert!(text(&root, ".lr-scale").unwrap().contains("4 – Expert – can coach"));

    // Start without a name: an inline message, and the learner stays on the start page.
    click(&root, "Start");
    until("the name message", || root.query_selector("#learner-name-err").unwrap().is_some()).await;
    let name = root.query_selector("#learner-name").unwrap().unwrap();
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(name.get_attribute("aria-describedby").unwrap().contains("learner-name-err"));
    assert_eq!(count(&root, "fieldset"), 0);

    type_into(&root, "#learner-name", "Ana Lima");
    click(&root, "Start");
    until("the first skill", || count(&root, "fieldset") == 1).await;
    assert_eq!(text(&root, "fieldset legend").unwrap(), a.skills[0].name);
    assert!(text(&root, ".lr-count").unwrap() == format!("Skill 1 of {n}"));
    let progress = root.query_selector("progress").unwrap().unwrap();
    assert_eq!(progress.get_attribute("aria-label").as_deref(), Some("Progress"));
    assert_eq!(progress.get_attribute("max"), Some(n.to_string()));
    // One radio per level ("N – Label" first, then the level text), and "No opportunity to show this".
    assert_eq!(count(&root, "fieldset input[type=radio]") as usize, a.scale.len() + 1);
    let label2 = text(&root, "label[for=answer-0-2]").unwrap();
    assert!(label2.starts_with(&format!("2 – {}", a.scale[2])), "{label2}");
    if let Some(t) = a.skills[0].level_texts.get(2).filter(|t| !t.is_empty()) {
        assert!(label2.ends_with(t.as_str()));
    }
    assert_eq!(text(&root, "label[for=answer-0-none]").unwrap(), "No opportunity to show this");
    // The required level is not shown before answering.
    let req = format!("{} – {}", a.skills[0].required, a.scale[a.skills[0].required as usize]);
    assert!(!text(&root, "fieldset").unwrap().contains(&format!("needs {req}")));

    // Answer, write a note, and the progress is saved.
    root.query_selector("#answer-0-2").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    sleep(50).await;
    let p = saved_progress(&a).expect("progress saved after an answer");
    assert_eq!(p.answers[0].answer, Answer::Level(2));
    assert_eq!(p.step, 1);
    assert_eq!(p.learner, "Ana Lima");
    // A note is saved after a pause in typing, not on every keystroke.
    type_into(&root, "#note-0", "Mostly the daily checks");
    sleep(50).await;
    assert_eq!(saved_progress(&a).unwrap().answers[0].note, "");
    until("the note saved after a pause", || saved_progress(&a).is_some_and(|p| p.answers[0].note.contains("daily"))).await;

    // Next without an answer is allowed; Back returns with the answer kept; focus goes to the heading.
    click(&root, "Next");
    until("the second skill", || text(&root, "fieldset legend").as_deref() == Some(a.skills[1].name.as_str())).await;
    until("focus on the heading", || gloo::utils::document().active_element().is_some_and(|e| e.id() == "step-heading")).await;
    click(&root, "Back");
    until("the first skill again", || text(&root, "fieldset legend").as_deref() == Some(a.skills[0].name.as_str())).await;
    assert!(root.query_selector("#answer-0-2").unwrap().unwrap().unchecked_into::<HtmlInputElement>().checked());

    // All skills on one page, and back.
    click(&root, "Show all skills on one page");
    until("the list", || count(&root, "fieldset") as usize == n).await;
    assert!(button(&root, "Show one skill at a time").is_some());
    root.query_selector(&format!("#answer-{}-none", n - 1)).unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    click(&root, "Show one skill at a time");
    until("one skill again", || count(&root, "fieldset") == 1).await;

    // To the review.
    for k in 1..n {
        click(&root, "Next");
        let want = format!("Skill {} of {n}", k + 1);
        until("the next skill", || text(&root, ".lr-count").as_deref() == Some(want.as_str())).await;
    }
    click(&root, "Next");
    until("the review", || text(&root, "h2").as_deref() == Some("Check your answers")).await;
    assert_eq!(count(&root, ".lr-review-list li") as usize, n);
    assert_eq!(count(&root, ".lr-review-list li.unanswered") as usize, n - 2);

    // A reload resumes at the review.
    sleep(50).await;
    app.destroy();
    let root = fresh_root();
    let app = mount(&root, &a);
    until("the review after a reload", || text(&root, "h2").as_deref() == Some("Check your answers")).await;
    assert_eq!(root.query_selector("#learner-name").unwrap().unwrap().unchecked_into::<HtmlInputElement>().value(), "Ana Lima");

    click(&root, "Submit my answers");
    until("the result", || text(&root, "h2").as_deref() == Some("Your result")).await;
    let h3: Vec<String> = {
        let l = root.query_selector_all("h3").unwrap();
        (0..l.length()).filter_map(|i| l.get(i)).filter_map(|e| e.text_content()).collect()
    };
    assert!(h3.iter().any(|h| h == "Your largest gaps") && h3.iter().any(|h| h == "Next steps"), "{h3:?}");
    let code = root.query_selector("#result-code").unwrap().unwrap().unchecked_into::<HtmlTextAreaElement>();
    assert!(code.read_only());
    assert_eq!(text(&root, "label[for=result-code]").unwrap(), "Your result code");
    let r = decode_result(&code.value()).expect("a valid result code");
    assert_eq!(r.learner.name, "Ana Lima");
    assert_eq!(r.answers[0].answer, Answer::Level(2));
    assert_eq!(r.answers[0].note, "Mostly the daily checks");
    assert_eq!(r.answers[n - 1].answer, Answer::NoOpportunity);
    assert!(r.answers[1..n - 1].iter().all(|x| x.answer == Answer::Skipped));
    assert!(button(&root, "Copy result code").is_some() && button(&root, "Download result file").is_some());
    // No LMS: no Finish.
    assert!(button(&root, "Finish").is_none());

    // Readiness is the trainer's definition.
    let (ws, person) = a.preview(&r).unwrap();
    let expected = analyse(&ws, &Filter::default(), None).person(&person).unwrap().readiness.unwrap();
    assert_eq!(text(&root, ".lr-readiness .big").unwrap(), format!("{expected:.0}%"));
    sleep(50).await;
    let p = saved_progress(&a);
    assert!(p.as_ref().is_some_and(|p| p.submitted), "{p:?}");
    app.destroy();
    clear_progress(&a);
}

#[wasm_bindgen_test]
async fn a_damaged_link_says_what_is_wrong_and_what_to_do() {
    let code = encode_link(&assessment("web-bad"));
    let cut = &code[..code.len() - 7];
    let root = fresh_root();
    let props = LearnerRootProps { code: cut.to_string().into() };
    let app = yew::Renderer::<LearnerRoot>::with_root_and_props(root.clone(), props).render();
    until("the page", || text(&root, "main h1").is_some()).await;
    assert_eq!(text(&root, "main h1").unwrap(), "This learner link cannot be opened");
    let alert = text(&root, "[role=alert]").unwrap();
    let message = decode_link(cut).unwrap_err().to_string();
    assert!(alert.to_lowercase().starts_with(&message.to_lowercase()[..30]), "{alert}");
    assert!(text(&root, "main").unwrap().contains("Ask whoever sent it for a new link"));
    assert_eq!(count(&root, "h1"), 1);
    app.destroy();
}

/// Installs a stand-in SCORM 1.2 LMS as `window.API` (values kept in `window.__lms.store`); while
/// `window.__lms.refuse` is true it refuses `cmi.core.score.raw` with error 405.
fn install_scorm12(refuse: bool) {
    let f = js_sys::Function::new_no_args(&format!(
        r#"
        const store = {{ 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio',
          'cmi.core.student_name': 'Lima, Ana', 'cmi.interactions._count': '0', 'cmi.suspend_data': '' }};
        let err = '0';
        window.__lms = {{ store, refuse: {refuse} }};
        window.API = {{
          LMSInitialize: () => {{ err = '0'; return 'true'; }},
          LMSFinish: () => {{ err = '0'; return 'true'; }},
          LMSCommit: () => {{ err = '0'; return 'true'; }},
          LMSGetValue: (k) => {{ if (k in store) {{ err = '0'; return store[k]; }} err = '401'; return ''; }},
          LMSSetValue: (k, v) => {{
            if (window.__lms.refuse && k === 'cmi.core.score.raw') {{ err = '405'; return 'false'; }}
            store[k] = String(v);
            const m = /^cmi\.interactions\.(\d+)\.id$/.exec(k);
            if (m) store['cmi.interactions._count'] = String(Math.max(Number(store['cmi.interactions._count']), Number(m[1]) + 1));
            err = '0';
            return 'true';
          }},
          LMSGetLastError: () => err,
          LMSGetErrorString: (c) => (c === '405' ? 'Incorrect Data Type' : ''),
          LMSGetDiagnostic: () => '',
        }};"#
    ));
    f.call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

fn lms_value(key: &str) -> String {
    js_sys::eval(&format!("window.__lms.store[{key:?}] || ''")).unwrap().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_result_the_lms_refused_is_sent_again_on_the_next_launch() {
    let a = assessment("web-resend");
    clear_progress(&a);
    install_scorm12(true);
    let root = fresh_root();
    let app = mount(&root, &a);
    until("the start page in SCORM 1.2", || text(&root, ".lms-mode").as_deref() == Some("SCORM 1.2") && button(&root, "Start").is_some()).await;
    click(&root, "Start");
    until("the first skill", || count(&root, "fieldset") == 1).await;
    root.query_selector("#answer-0-3").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    sleep(30).await;
    for _ in 0..a.skills.len() {
        click(&root, "Next");
        sleep(15).await;
    }
    until("the review", || button(&root, "Submit my answers").is_some()).await;
    click(&root, "Submit my answers");
    until("the LMS's refusal", || text(&root, "[role=alert]").is_some_and(|t| t.contains("did not record"))).await;
    assert_eq!(lms_value("cmi.core.lesson_status"), "incomplete", "nothing was completed");
    let saved = decode_progress(&lms_value("cmi.suspend_data"), &a).expect("progress in suspend_data");
    assert!(saved.submitted && !saved.recorded, "submitted but not recorded: {saved:?}");

    // The learner closes the page without pressing Try again; the LMS relaunches it and now accepts.
    app.destroy();
    js_sys::eval("window.__lms.refuse = false; window.__lms.store['cmi.core.entry'] = 'resume';").unwrap();
    let root = fresh_root();
    let _app = mount(&root, &a);
    until("the result sent again and recorded", || lms_value("cmi.core.lesson_status") == "completed").await;
    assert!(!lms_value("cmi.core.score.raw").is_empty(), "a score");
    until("the recorded flag saved", || {
        decode_progress(&lms_value("cmi.suspend_data"), &a).is_some_and(|p| p.submitted && p.recorded)
    })
    .await;
    until("the page says so", || text(&root, ".lr-lms [role=status]").is_some_and(|t| t.contains("Recorded in your LMS"))).await;
    js_sys::eval("delete window.API; delete window.__lms;").unwrap();
}

// ---------------------------------------------------------------------------------------------------------
// A whole session in a strict SCORM 1.2 LMS: how often the page commits.

/// The strict SCORM run-times of tests/e2e/lms/strict-scorm.js (written from the RTE's data-model tables).
const STRICT: &str = include_str!("e2e/lms/strict-scorm.js");

/// Installs a strict run-time of `version` as `window[global]` with the LMS's launch data `data` (a JS
/// object literal) and `options` (a JS object literal of the run-time's options).
fn install_strict(version: &str, global: &str, data: &str, options: &str) {
    let js = format!(
        "{STRICT}\nconst rt = window.StrictScorm.create({version:?}, Object.assign({{ data: {data} }}, {options}));\
         window.{global} = rt.api; window.__strict = window.__strict || {{}}; window.__strict[{global:?}] = rt;"
    );
    js_sys::Function::new_no_args(&js).call0(&wasm_bindgen::JsValue::NULL).unwrap();
}

/// What the strict run-time installed as `global` has recorded (calls, sets, refusals, what it stores).
fn strict_record(global: &str) -> serde_json::Value {
    let v = js_sys::eval(&format!("JSON.stringify(window.__strict[{global:?}].record())")).unwrap();
    serde_json::from_str(&v.as_string().unwrap()).unwrap()
}

fn remove_strict(global: &str) {
    js_sys::eval(&format!("delete window.{global}; delete window.__strict[{global:?}];")).unwrap();
}

/// A 16-skill session as a learner goes through it — a level for every skill, a change of mind on every
/// third, a note on every fourth, Next, the review, Submit and Finish — in a strict SCORM 1.2 LMS that
/// answers with numbers and booleans: the page commits at step changes and the SCORM moments (not on
/// every choice or keystroke), and the LMS stores the result.
#[wasm_bindgen_test]
async fn a_sixteen_skill_session_commits_at_step_changes_only() {
    let a = assessment_for_role(&example_workspace(), &RoleId::from("r-branch-advisor"), "web-commits", "2026-11-27").unwrap();
    let n = a.skills.len();
    assert_eq!(n, 16);
    clear_progress(&a);
    install_strict(
        "1.2",
        "API",
        "{ 'cmi.core.student_name': 'Lima, Ana', 'cmi.core.entry': 'ab-initio', 'cmi.core.lesson_mode': 'normal', 'cmi.core.credit': 'credit' }",
        "{ returns: 'native' }",
    );
    let root = fresh_root();
    let app = mount(&root, &a);
    until("the start page in SCORM 1.2", || text(&root, ".lms-mode").as_deref() == Some("SCORM 1.2") && button(&root, "Start").is_some()).await;
    click(&root, "Start");
    until("the first skill", || count(&root, "fieldset") == 1).await;
    for i in 0..n {
        until("the skill's step", || root.query_selector(&format!("#answer-{i}-2")).unwrap().is_some()).await;
        let pick = |l: &str| root.query_selector(&format!("#answer-{i}-{l}")).unwrap().unwrap().unchecked_into::<HtmlElement>().click();
        pick(&(i % 4).to_string());
        sleep(10).await;
        if i % 3 == 0 {
            pick("3");
            sleep(10).await;
        }
        if i % 4 == 0 {
            let note = "A customer said so";
            for k in (4..note.len()).step_by(4).chain([note.len()]) {
                type_into(&root, &format!("#note-{i}"), &note[..k]);
                sleep(5).await;
            }
            sleep(700).await;
        }
        click(&root, "Next");
        sleep(10).await;
    }
    until("the review", || button(&root, "Submit my answers").is_some()).await;
    click(&root, "Submit my answers");
    until("the result recorded", || text(&root, ".lr-lms [role=status]").is_some_and(|t| t.contains("Recorded in your LMS"))).await;
    click(&root, "Finish");
    until("finished", || strict_record("API")["state"] == "terminated").await;
    let rec = strict_record("API");
    let commits = rec["counts"]["LMSCommit"].as_u64().unwrap_or(0);
    web_sys::console::log_1(&format!("a {n}-skill session made {commits} LMSCommit calls").into());
    assert!(commits <= n as u64 + 6, "{commits} commits for {n} skills: {:?}", rec["calls"]);
    assert_eq!(rec["refused"], serde_json::json!([]), "the strict LMS refused nothing");
    let stored = &rec["stored"]["store"];
    assert_eq!(stored["cmi.core.lesson_status"], "completed");
    assert!(stored["cmi.core.score.raw"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(rec["stored"]["counts"]["cmi.interactions"], n as u64, "one stored interaction per skill");
    let p = decode_progress(stored["cmi.suspend_data"].as_str().unwrap(), &a).expect("progress stored");
    assert!(p.submitted && p.recorded);
    assert_eq!(p.answers[0].note, "A customer said so", "the note typed is in the stored progress");
    assert!(stored["cmi.core.session_time"].as_str().is_some_and(|t| t.starts_with("00:")));
    app.destroy();
    remove_strict("API");
}

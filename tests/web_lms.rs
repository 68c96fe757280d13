//! The LMS runtime in headless Chromium against fake LMSs installed on `window`: a SCORM 1.2 `API` and a
//! SCORM 2004 `API_1484_11` object that record every call and keep values like an LMS (and refuse the
//! values they are told to, with an error code), and a cmi5 launch (query set with history.replaceState)
//! whose LMS answers through a replaced `window.fetch`. Checks detection, the calls made and their order,
//! the values set, resume from suspend_data, review mode, refusals worded with element and code, and that
//! auto_resize does nothing in a top-level window.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use serde_json::{json, Value};
use skillgap::app::services::lms::{auto_resize, Mode, Save, Session};
use skillgap::domain::example::example_workspace;
use skillgap::domain::learner::*;
use skillgap::domain::lms::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fake SCORM API whose methods are `names` (initialize, get, set, commit, finish, last error, error
/// string), keeping values in `store`, refusing the elements in `refuse` (element → error code) and
/// answering 401 for elements it does not hold. Returns `{ API, calls, store }`.
const FAKE: &str = r#"
const [init, get, set, commit, finish, lastError, errorString] = names;
const calls = []; const store = Object.assign({}, initial); let err = "0";
const texts = { "0": "", "401": "Not implemented", "403": "Element is read only", "405": "Incorrect Data Type" };
const api = {};
api[init] = (a) => { calls.push([init, a]); err = "0"; return "true"; };
api[get] = (k) => { calls.push([get, k]); if (k in store) { err = "0"; return store[k]; } err = "401"; return ""; };
api[set] = (k, v) => {
  calls.push([set, k, v]);
  if (typeof k !== "string" || typeof v !== "string") { err = "405"; return "false"; }
  if (k in refuse) { err = refuse[k]; return "false"; }
  store[k] = v;
  const m = /^cmi\.interactions\.(\d+)\.id$/.exec(k);
  if (m) store["cmi.interactions._count"] = String(Math.max(Number(store["cmi.interactions._count"] || 0), Number(m[1]) + 1));
  err = "0"; return "true";
};
api[commit] = (a) => { calls.push([commit, a]); err = "0"; return "true"; };
api[finish] = (a) => { calls.push([finish, a]); err = "0"; return "true"; };
api[lastError] = () => err;
api[errorString] = (c) => texts[c] || "General error";
return { API: api, calls, store };
"#;

const NAMES_12: [&str; 7] =
    ["LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish", "LMSGetLastError", "LMSGetErrorString"];
const NAMES_2004: [&str; 7] = ["Initialize", "GetValue", "SetValue", "Commit", "Terminate", "GetLastError", "GetErrorString"];

struct Fake {
    global: &'static str,
    fake: JsValue,
}

impl Fake {
    /// Installs a fake API as `window[global]`; removed again on drop.
    fn install(global: &'static str, names: [&str; 7], initial: Value, refuse: Value) -> Fake {
        let f = Function::new_with_args("names, initial, refuse", FAKE);
        let names: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let fake = f.call3(&JsValue::NULL, &names, &to_js(&initial), &to_js(&refuse)).unwrap();
        let api = Reflect::get(&fake, &"API".into()).unwrap();
        Reflect::set(&js_sys::global(), &global.into(), &api).unwrap();
        Fake { global, fake }
    }

    fn calls(&self) -> Vec<Vec<String>> {
        let calls = Reflect::get(&self.fake, &"calls".into()).unwrap();
        from_js(&calls)
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_array().unwrap().iter().map(|x| x.as_str().unwrap_or("<not a string>").to_string()).collect())
            .collect()
    }

    fn store(&self, k: &str) -> Option<String> {
        let store = Reflect::get(&self.fake, &"store".into()).unwrap();
        Reflect::get(&store, &k.into()).unwrap().as_string()
    }

    fn sets(&self) -> Vec<(String, String)> {
        self.calls().into_iter().filter(|c| c[0].ends_with("SetValue")).map(|c| (c[1].clone(), c[2].clone())).collect()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        Reflect::delete_property(&js_sys::global(), &JsValue::from_str(self.global)).unwrap();
    }
}

fn to_js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).unwrap()
}

fn from_js(v: &JsValue) -> Value {
    serde_json::from_str(&js_sys::JSON::stringify(v).unwrap().as_string().unwrap()).unwrap()
}

fn assessment() -> LearnerAssessment {
    let ws = example_workspace();
    assessment_for_role(&ws, &ws.roles[0].id, "web-lms-1", "2026-09-20").unwrap()
}

fn result(a: &LearnerAssessment) -> LearnerResult {
    let answers = a
        .blank_answers()
        .into_iter()
        .enumerate()
        .map(|(i, s)| SkillAnswer { answer: if i == 1 { Answer::NoOpportunity } else { Answer::Level((i % 4) as u8) }, ..s })
        .collect();
    a.result(Learner { name: "Ana Lima".into(), ..Learner::default() }, "2026-11-27", answers).unwrap()
}

/// Pseudo-random letters, which deflate cannot shrink much.
fn noise(n: usize) -> String {
    let mut seed = 42u64;
    (0..n)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            char::from(b'a' + (seed >> 59) as u8 % 26)
        })
        .collect()
}

fn first_launch_12() -> Value {
    json!({
        "cmi.core.student_name": "Lima, Ana",
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_status": "not attempted",
        "cmi.core.lesson_mode": "normal",
        "cmi.suspend_data": "",
        "cmi.interactions._count": "0"
    })
}

#[wasm_bindgen_test]
async fn scorm12_session_start_save_submit_finish() {
    let fake = Fake::install("API", NAMES_12, first_launch_12(), json!({}));
    let a = assessment();
    let (session, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.mode, Mode::Scorm12);
    assert_eq!(session.mode(), Mode::Scorm12);
    assert_eq!(launch.learner_name.as_deref(), Some("Ana Lima"));
    assert_eq!(launch.resume, None);
    assert!(!launch.review_only);
    let calls = fake.calls();
    assert_eq!(calls[0], ["LMSInitialize", ""]);
    let reads: Vec<&str> = calls.iter().filter(|c| c[0] == "LMSGetValue").map(|c| c[1].as_str()).collect();
    for el in ["cmi.core.student_name", "cmi.core.entry", "cmi.suspend_data", "cmi.student_data.mastery_score", "cmi.core.lesson_mode"] {
        assert!(reads.contains(&el), "{el} not read: {reads:?}");
    }
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("incomplete"));
    assert_eq!(calls.last().unwrap()[0], "LMSCommit");

    let mut p = Progress::start(&a);
    p.learner = "Ana Lima".into();
    p.step = 3;
    p.answers[0].answer = Answer::Level(2);
    p.answers[0].note = noise(5_000);
    let report = session.save(&p, Save::Commit).await.unwrap();
    assert!(report.notes_dropped, "a 5,000-character note cannot fit SCORM 1.2's 4,096");
    let saved = fake.store("cmi.suspend_data").unwrap();
    assert!(saved.len() <= SCORM12_SUSPEND_LIMIT);
    let back = decode_progress(&saved, &a).unwrap();
    assert_eq!((back.step, back.answers[0].answer), (3, Answer::Level(2)));
    assert_eq!(fake.store("cmi.core.exit").as_deref(), Some("suspend"));
    assert_eq!(fake.calls().last().unwrap()[0], "LMSCommit");

    let r = result(&a);
    let before = fake.calls().len();
    let mut done = p.clone();
    done.submitted = true;
    done.completed = "2026-11-27".into();
    let report = session.submit(&a, &r, 71.6, &done).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: completed, score 72 out of 100.");
    let expected = scorm_submit_values(ScormVersion::V12, &a, &r, 71.6, None, 0.0, 0).values;
    let sets: Vec<(String, String)> =
        fake.calls()[before..].iter().filter(|c| c[0] == "LMSSetValue").map(|c| (c[1].clone(), c[2].clone())).collect();
    // The progress as submitted but not recorded, exactly the domain's values in order, then the progress as
    // recorded (and where its interactions start) — all before the one commit.
    assert_eq!(sets.len(), expected.len() + 2);
    assert_eq!(sets[1..=expected.len()], expected, "exactly the domain's values, in order");
    let first = decode_progress(&sets[0].1, &a).unwrap();
    assert!(sets[0].0 == "cmi.suspend_data" && first.submitted && !first.recorded, "{first:?}");
    assert_eq!(sets[expected.len() + 1].0, "cmi.suspend_data");
    let stored = decode_progress(&sets[expected.len() + 1].1, &a).unwrap();
    assert!(stored.submitted && stored.recorded && stored.interactions_from == Some(0), "{stored:?}");
    let commits = fake.calls()[before..].iter().filter(|c| c[0] == "LMSCommit").count();
    assert_eq!(commits, 1, "one commit for the whole result");
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("completed"));
    assert_eq!(fake.store("cmi.core.score.raw").as_deref(), Some("72"));
    assert_eq!(fake.store("cmi.interactions.1.student_response").as_deref(), Some("n"));
    assert_eq!(fake.calls().last().unwrap()[0], "LMSCommit");

    assert_eq!(session.finish(None).await.unwrap(), None);
    let calls = fake.calls();
    assert_eq!(calls.last().unwrap(), &["LMSFinish", ""]);
    let time = fake.store("cmi.core.session_time").unwrap();
    assert!(time.starts_with("00:00:"), "{time}");
    assert_eq!(fake.store("cmi.core.exit").as_deref(), Some(""), "a submitted attempt exits normally");
    let n = calls.len();
    session.finish(None).await.unwrap();
    assert_eq!(fake.calls().len(), n, "finishing twice calls nothing");
    // Every argument passed was a string (the fake answers 405 otherwise, which would have failed above).
    assert!(fake.calls().iter().all(|c| c.iter().all(|x| x != "<not a string>")));
}

#[wasm_bindgen_test]
async fn scorm12_resumes_from_suspend_data_and_judges_mastery() {
    let a = assessment();
    let mut p = Progress::start(&a);
    p.step = 2;
    p.answers[1].answer = Answer::NoOpportunity;
    p.answers[1].note = "New in post".into();
    let (code, _) = encode_progress(&p, SCORM12_SUSPEND_LIMIT);
    let mut initial = first_launch_12();
    initial["cmi.core.entry"] = json!("resume");
    initial["cmi.core.lesson_status"] = json!("incomplete");
    initial["cmi.suspend_data"] = json!(code);
    initial["cmi.student_data.mastery_score"] = json!("80");
    initial["cmi.interactions._count"] = json!("4");
    let fake = Fake::install("API", NAMES_12, initial, json!({}));
    let (session, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.resume, Some(p));
    assert!(fake.sets().is_empty(), "a resumed attempt is not reset to incomplete: {:?}", fake.sets());
    let report = session.submit(&a, &result(&a), 85.0, &Progress::start(&a)).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: passed (pass mark 80), score 85 out of 100.");
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("passed"));
    assert!(fake.store("cmi.interactions.4.id").is_some(), "new interactions follow the LMS's count");
    session.finish(None).await.unwrap();
}

#[wasm_bindgen_test]
async fn scorm12_refusal_names_element_value_and_code() {
    let fake = Fake::install("API", NAMES_12, first_launch_12(), json!({ "cmi.core.score.raw": "405" }));
    let a = assessment();
    let (session, _) = Session::start(&a).await.unwrap();
    let err = session.submit(&a, &result(&a), 85.0, &Progress::start(&a)).await.unwrap_err();
    assert_eq!(
        err.message,
        "Your LMS refused to record the score (cmi.core.score.raw = 85): error 405, Incorrect Data Type."
    );
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("incomplete"), "nothing after the refusal");
    session.finish(None).await.unwrap();
}

#[wasm_bindgen_test]
async fn scorm12_review_mode_records_nothing() {
    let mut initial = first_launch_12();
    initial["cmi.core.lesson_mode"] = json!("review");
    let fake = Fake::install("API", NAMES_12, initial, json!({}));
    let a = assessment();
    let (session, launch) = Session::start(&a).await.unwrap();
    assert!(launch.review_only);
    session.save(&Progress::start(&a), Save::Commit).await.unwrap();
    let report = session.submit(&a, &result(&a), 50.0, &Progress::start(&a)).await.unwrap();
    assert!(report.message.contains("review only"), "{}", report.message);
    session.finish(None).await.unwrap();
    assert!(fake.sets().is_empty(), "{:?}", fake.sets());
    assert_eq!(fake.calls().last().unwrap()[0], "LMSFinish");
}

#[wasm_bindgen_test]
async fn scorm2004_is_preferred_and_speaks_2004() {
    let _v12 = Fake::install("API", NAMES_12, first_launch_12(), json!({}));
    let fake = Fake::install(
        "API_1484_11",
        NAMES_2004,
        json!({
            "cmi.learner_name": "Ana Lima",
            "cmi.entry": "ab-initio",
            "cmi.completion_status": "unknown",
            "cmi.mode": "normal",
            "cmi.suspend_data": "",
            "cmi.scaled_passing_score": "0.9",
            "cmi.interactions._count": "0"
        }),
        json!({}),
    );
    let a = assessment();
    let (session, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.mode, Mode::Scorm2004);
    assert_eq!(launch.learner_name.as_deref(), Some("Ana Lima"));
    assert_eq!(fake.store("cmi.completion_status").as_deref(), Some("incomplete"));
    let report = session.submit(&a, &result(&a), 72.0, &Progress::start(&a)).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: failed (pass mark 90), score 72 out of 100.");
    assert_eq!(fake.store("cmi.score.scaled").as_deref(), Some("0.72"));
    assert_eq!(fake.store("cmi.success_status").as_deref(), Some("failed"));
    assert_eq!(fake.store("cmi.interactions.0.description").as_deref(), Some(a.skills[0].name.as_str()));
    let stamp = fake.store("cmi.interactions.0.timestamp").unwrap();
    assert_eq!(stamp.len(), 23, "time(second,10,0) with two fractional digits: {stamp}");
    assert!(stamp.ends_with('Z') && stamp.as_bytes()[19] == b'.', "{stamp}");
    session.finish(None).await.unwrap();
    assert!(fake.store("cmi.session_time").unwrap().starts_with("PT"));
    assert_eq!(fake.store("cmi.exit").as_deref(), Some("normal"));
    assert_eq!(fake.calls().last().unwrap(), &["Terminate", ""]);
}

#[wasm_bindgen_test]
async fn standalone_without_an_lms() {
    let a = assessment();
    let (session, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.mode, Mode::Standalone);
    let mut p = Progress::start(&a);
    p.learner = "Bo".into();
    session.save(&p, Save::Keep).await.unwrap();
    let (_, again) = Session::start(&a).await.unwrap();
    if again.notice.is_none() {
        assert_eq!(again.resume, Some(p), "progress is read back from localStorage");
        web_sys::window().unwrap().local_storage().unwrap().unwrap().remove_item("skillgap.learner.web-lms-1").unwrap();
    }
    assert!(auto_resize().is_none(), "a top-level page has no frame to size");
}

/// A fake cmi5 LMS + LRS behind `window.fetch`: a token per fetch URL (once each), the launch data, the
/// learner preferences, the progress State document (kept in `lrs.state`, shared by every launch of the
/// test, like an LMS keeps it for the registration) and the statements, all recorded in `seen`.
const FAKE_FETCH: &str = r#"
const lrs = window.__lrs = window.__lrs || { state: {}, fetched: {} };
const seen = [];
const original = window.fetch;
window.fetch = async (req) => {
  const url = req.url; const method = req.method;
  const headers = {}; req.headers.forEach((v, k) => headers[k] = v);
  const text = method === "PUT" ? await req.text() : null;
  const body = text && text.startsWith("{") ? JSON.parse(text) : text;
  seen.push({ url, method, headers, body });
  if (url.startsWith("https://lms.example/fetch")) {
    lrs.fetched[url] = (lrs.fetched[url] || 0) + 1;
    return lrs.fetched[url] === 1 ? new Response(JSON.stringify({ "auth-token": "dG9rZW4=" }))
                                  : new Response(JSON.stringify({ "error-code": "1", "error-text": "used" }));
  }
  const u = new URL(url);
  if (u.pathname.endsWith("/activities/state")) {
    const id = u.searchParams.get("stateId");
    if (id === "LMS.LaunchData") return new Response(JSON.stringify(launchData));
    if (method === "PUT") { lrs.state[id] = text; return new Response(null, { status: 204 }); }
    return id in lrs.state ? new Response(lrs.state[id]) : new Response("{}", { status: 404 });
  }
  if (u.pathname.endsWith("/agents/profile")) return new Response(JSON.stringify({ languagePreference: "en-GB,en", audioPreference: "off" }));
  if (u.pathname.endsWith("/statements")) return new Response(null, { status: 204 });
  return new Response("not found", { status: 404 });
};
return { seen, restore: () => { window.fetch = original; } };
"#;

/// A cmi5 launch of this test page: the launch parameters in the query or after a fragment (set with
/// history.replaceState), the page made a cmi5 package allowed to report to the two test sites (its
/// `skillgap-lms` meta tag), and the fake LMS behind `fetch`. Dropping it puts everything back.
struct Cmi5Page {
    original: String,
    meta: web_sys::Element,
    fake: JsValue,
}

const ACTOR: &str = r#"{"objectType":"Agent","name":"Ana Lima","account":{"homePage":"https://lms.example","name":"ana"}}"#;

fn launch_params(fetch: &str) -> String {
    format!(
        "endpoint={}&fetch={}&actor={}&registration=reg-1&activityId={}",
        percent_encode("https://lrs.example/xapi/"),
        percent_encode(fetch),
        percent_encode(ACTOR),
        percent_encode("https://example.com/au/1")
    )
}

impl Cmi5Page {
    fn open(address: &str, launch_data: Value, allowed: &str) -> Cmi5Page {
        let window = web_sys::window().unwrap();
        let original = window.location().href().unwrap();
        history_replace(address);
        let doc = window.document().unwrap();
        let meta = doc.create_element("meta").unwrap();
        meta.set_attribute("name", "skillgap-lms").unwrap();
        meta.set_attribute("content", allowed).unwrap();
        doc.head().unwrap().append_child(&meta).unwrap();
        let f = Function::new_with_args("launchData", FAKE_FETCH);
        let fake = f.call1(&JsValue::NULL, &to_js(&launch_data)).unwrap();
        Cmi5Page { original, meta, fake }
    }

    fn seen(&self) -> Vec<Value> {
        from_js(&Reflect::get(&self.fake, &"seen".into()).unwrap()).as_array().unwrap().clone()
    }
}

impl Drop for Cmi5Page {
    fn drop(&mut self) {
        let restore: Function = Reflect::get(&self.fake, &"restore".into()).unwrap().into();
        restore.call0(&JsValue::NULL).unwrap();
        self.meta.remove();
        history_replace(&self.original);
    }
}

fn history_replace(address: &str) {
    let window = web_sys::window().unwrap();
    let history = Reflect::get(&window, &"history".into()).unwrap();
    let replace: Function = Reflect::get(&history, &"replaceState".into()).unwrap().into();
    replace.call3(&history, &JsValue::NULL, &"".into(), &address.into()).unwrap();
}

fn launch_data(mastery: Option<f64>) -> Value {
    let mut d = json!({
        "contextTemplate": {"extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"},
                            "contextActivities": {"grouping": [{"id": "https://lms.example/course/1"}]}},
        "launchMode": "Normal", "moveOn": "CompletedAndPassed", "returnURL": "https://lms.example/back"
    });
    if let Some(m) = mastery {
        d["masteryScore"] = json!(m);
    }
    d
}

const ALLOWED: &str = "cmi5 https://lms.example https://lrs.example";

fn statements(seen: &[Value]) -> Vec<String> {
    seen.iter()
        .filter(|s| s["url"].as_str().unwrap().contains("/statements?"))
        .map(|s| s["body"]["verb"]["display"]["en-US"].as_str().unwrap().to_string())
        .collect()
}


/// Removes what a failed test may have left (wasm tests do not unwind, so guards are not dropped): LMS API
/// objects on the window and `skillgap-lms` meta tags.
fn clean_page() {
    let _ = js_sys::eval(
        "delete window.API; delete window.API_1484_11; \
         document.querySelectorAll('meta[name=skillgap-lms]').forEach((m) => m.remove());",
    );
}

fn clean_cmi5() {
    clean_page();
    let _ = web_sys::window().unwrap().session_storage().unwrap().unwrap().clear();
    js_sys::eval("delete window.__lrs").unwrap();
}

#[wasm_bindgen_test]
async fn cmi5_flow() {
    clean_cmi5();
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=1")), launch_data(Some(0.6)), ALLOWED);
    let a = assessment();
    let outcome = async {
        let (session, launch) = Session::start(&a).await?;
        let submitted = session.submit(&a, &result(&a), 65.0, &Progress::start(&a)).await?;
        let back = session.finish(None).await?;
        Ok::<_, skillgap::app::services::lms::LmsError>((launch, submitted, back))
    }
    .await;
    let seen = page.seen();
    drop(page);
    let (launch, submitted, back) = outcome.unwrap();
    assert_eq!(launch.mode, Mode::Cmi5);
    assert_eq!(launch.reports_to.as_deref(), Some("lrs.example"), "the page says where it reports");
    assert_eq!(launch.learner_name.as_deref(), Some("Ana Lima"));
    assert_eq!(submitted.message, "Recorded in your LMS: passed (pass mark 60), score 65 out of 100.");
    assert_eq!(back.as_deref(), Some("https://lms.example/back"));
    assert_eq!(seen[0]["method"], "POST");
    assert_eq!(seen[0]["url"], "https://lms.example/fetch?x=1");
    assert_eq!(seen[1]["method"], "GET");
    assert!(seen[1]["url"].as_str().unwrap().starts_with("https://lrs.example/xapi/activities/state?stateId=LMS.LaunchData"));
    // §11: the learner preferences are read before any statement.
    assert!(seen[2]["url"].as_str().unwrap().starts_with("https://lrs.example/xapi/agents/profile?agent=%7B"), "{}", seen[2]);
    assert!(seen[2]["url"].as_str().unwrap().ends_with("profileId=cmi5LearnerPreferences"));
    assert!(seen[3]["url"].as_str().unwrap().contains("stateId=https%3A%2F%2Fskillgap.app"), "the progress is read from the LMS");
    for s in &seen[1..] {
        assert_eq!(s["headers"]["authorization"], "Basic dG9rZW4=");
        assert_eq!(s["headers"]["x-experience-api-version"], "1.0.3");
    }
    assert_eq!(statements(&seen), ["initialized", "completed", "passed", "terminated"]);
    let puts: Vec<&Value> = seen.iter().filter(|s| s["url"].as_str().unwrap().contains("/statements?")).collect();
    for s in &puts {
        assert_eq!(s["method"], "PUT");
        let id = s["body"]["id"].as_str().unwrap();
        assert_eq!(s["url"], format!("https://lrs.example/xapi/statements?statementId={id}"));
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4", "a version 4 UUID: {id}");
        assert_eq!(s["body"]["context"]["registration"], "reg-1");
        assert_eq!(s["body"]["context"]["contextActivities"]["grouping"][0]["id"], "https://lms.example/course/1");
    }
    let ids: std::collections::HashSet<&str> = puts.iter().map(|s| s["body"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4, "every statement has its own id");
    assert_eq!(puts[2]["body"]["result"]["score"]["scaled"], 0.65);
    // The progress State document says the result is recorded, and which verbs the registration has.
    let state = seen.iter().filter(|s| s["method"] == "PUT" && s["url"].as_str().unwrap().contains("/activities/state")).last().unwrap();
    let code = state["body"]["progress"].as_str().unwrap();
    let p = decode_progress(code, &a).unwrap();
    assert!(p.submitted && p.recorded && p.sent.completed && p.sent.passed, "{p:?}");
    assert!(seen.iter().all(|s| s["url"].as_str().unwrap().starts_with("https://lrs.example/") || s["url"].as_str().unwrap().starts_with("https://lms.example/")));
}

/// A reload of the same launch carries on the session: no second token request, no second initialized;
/// the progress comes back from the LMS. A second device (a new launch of the same registration) resumes
/// from the LMS's State document and never sends again the completed the registration has.
#[wasm_bindgen_test]
async fn cmi5_reload_and_second_device_resume_from_the_lms() {
    clean_cmi5();
    let a = assessment();
    // After the fragment, as an LMS appends its parameters to an AU URL that has one.
    let page = Cmi5Page::open(&format!("#/learn/code?{}", launch_params("https://lms.example/fetch?x=2")), launch_data(Some(0.9)), ALLOWED);
    let (s1, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.mode, Mode::Cmi5, "launch parameters after the fragment are read");
    assert_eq!(launch.resume, None);
    let mut p = Progress::start(&a);
    p.learner = "Ana Lima".into();
    p.step = 3;
    p.answers[0].answer = Answer::Level(2);
    s1.save(&p, Save::Keep).await.unwrap();
    s1.save(&p, Save::Commit).await.unwrap();
    // The reload.
    drop(s1);
    let (s2, again) = Session::start(&a).await.unwrap();
    assert_eq!(again.resume.as_ref().map(|r| (r.step, r.answers[0].answer)), Some((3, Answer::Level(2))));
    let mut done = p.clone();
    done.submitted = true;
    done.completed = "2026-11-27".into();
    let failed = s2.submit(&a, &result(&a), 50.0, &done).await.unwrap();
    assert!(failed.message.contains("failed"), "{}", failed.message);
    let seen = page.seen();
    drop(page);
    assert_eq!(seen.iter().filter(|s| s["method"] == "POST").count(), 1, "one token request for the launch");
    assert_eq!(statements(&seen), ["initialized", "completed", "failed"], "one initialized for the session");
    drop(s2);

    // A second device: a new tab (no session storage) and a new launch of the registration.
    let _ = web_sys::window().unwrap().session_storage().unwrap().unwrap().clear();
    let mut second = launch_data(Some(0.9));
    second["contextTemplate"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"] = json!("s-2");
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=3")), second.clone(), ALLOWED);
    let (s3, there) = Session::start(&a).await.unwrap();
    let resumed = there.resume.clone().expect("the progress is in the LMS");
    assert!(resumed.submitted && resumed.recorded && resumed.sent.completed && resumed.sent.failed, "{resumed:?}");
    // Sending the result again from there (a retry) adds nothing the registration has.
    let again = s3.submit(&a, &result(&a), 95.0, &resumed).await.unwrap();
    assert!(again.message.contains("passed"), "{}", again.message);
    s3.finish(Some(&resumed)).await.unwrap();
    let seen = page.seen();
    drop(page);
    assert_eq!(statements(&seen), ["initialized", "passed", "terminated"], "no second completed in the registration");
    // Nothing can follow terminated: a reload of the ended session says so and sends nothing.
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=3")), second, ALLOWED);
    let ended = Session::start(&a).await.err().expect("an ended session does not start");
    assert!(ended.message.contains("session has ended"), "{}", ended.message);
    assert_eq!(statements(&page.seen()), Vec::<String>::new());
    drop(page);
    clean_cmi5();
}

/// Launch parameters in the address of a page that is not a cmi5 package, or naming a site a cmi5 package
/// may not report to, contact nobody.
#[wasm_bindgen_test]
async fn cmi5_parameters_are_honoured_only_where_they_can_be() {
    clean_cmi5();
    let a = assessment();
    // A SCORM package (or the hosted app): ignored, with a notice, standalone.
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=4")), launch_data(None), "scorm2004");
    let (_, launch) = Session::start(&a).await.unwrap();
    assert_eq!(launch.mode, Mode::Standalone);
    assert!(launch.notice.as_deref().unwrap_or_default().contains("not a cmi5 package"), "{:?}", launch.notice);
    assert!(!skillgap::app::services::csp::connect_src().contains("example"), "nothing widened");
    assert!(page.seen().is_empty(), "no request");
    drop(page);
    // A cmi5 package allowed only the LMS's site: an endpoint elsewhere is refused.
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=5")), launch_data(None), "cmi5 https://lms.example");
    let err = Session::start(&a).await.err().expect("refused");
    assert!(err.message.contains("https://lrs.example") && err.message.contains("nothing was sent"), "{}", err.message);
    assert!(page.seen().is_empty(), "no request");
    assert_eq!(skillgap::app::services::csp::connect_src(), "'self'");
    drop(page);
    let page = Cmi5Page::open(&format!("?{}", launch_params("https://lms.example/fetch?x=6")), launch_data(None), ALLOWED);
    assert_eq!(skillgap::app::services::csp::connect_src(), "'self' https://lms.example https://lrs.example");
    drop(page);
    clean_cmi5();
}

/// Resolves after `ms` milliseconds.
async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// The messages the fake parent received so far.
fn received(got: &JsValue) -> Vec<Value> {
    from_js(got).as_array().unwrap().clone()
}

fn count(got: &[Value], pred: impl Fn(&Value) -> bool) -> usize {
    got.iter().filter(|m| pred(m)).count()
}

#[wasm_bindgen_test]
async fn auto_resize_talks_to_the_parent_frame() {
    let window = web_sys::window().unwrap();
    let doc = window.document().unwrap();
    let body = doc.body().unwrap();
    // A same-origin frame plays the parent window: `window.parent` is replaceable, and messages posted to
    // the frame's window are recorded there.
    let iframe = doc.create_element("iframe").unwrap();
    body.append_child(&iframe).unwrap();
    let parent = Reflect::get(&iframe, &"contentWindow".into()).unwrap();
    let got = Function::new_with_args("w", "const got = []; w.addEventListener('message', e => got.push(e.data)); return got;")
        .call1(&JsValue::NULL, &parent)
        .unwrap();
    let reply = Function::new_with_args(
        "source, action",
        "window.dispatchEvent(new MessageEvent('message', { data: { context: 'h5p', action }, source }));",
    );
    Reflect::set(&window, &"parent".into(), &parent).unwrap();

    let guard = auto_resize().expect("a page in a frame is sized");
    sleep(60).await;
    let m = received(&got);
    assert_eq!(m[0], json!({"context": "h5p", "action": "hello"}));
    assert_eq!(count(&m, |x| x["subject"] == "lti.frameResize" && x["height"].as_u64().is_some_and(|h| h > 0)), 1, "{m:?}");
    assert_eq!(count(&m, |x| x["action"] == "prepareResize"), 0, "no H5P sizes before the parent says hello");

    // A hello from another window is ignored; one from the parent starts H5P sizing.
    reply.call2(&JsValue::NULL, &window, &"hello".into()).unwrap();
    sleep(150).await;
    assert_eq!(count(&received(&got), |x| x["action"] == "prepareResize"), 0);
    reply.call2(&JsValue::NULL, &parent, &"hello".into()).unwrap();
    sleep(150).await;
    let m = received(&got);
    let prep: Vec<&Value> = m.iter().filter(|x| x["action"] == "prepareResize").collect();
    assert_eq!(prep.len(), 1, "{m:?}");
    assert!(prep[0]["scrollHeight"].is_u64() && prep[0]["clientHeight"].is_u64());
    assert_eq!(prep[0].as_object().unwrap().len(), 4, "only heights: {}", prep[0]);
    reply.call2(&JsValue::NULL, &parent, &"resizePrepared".into()).unwrap();
    sleep(30).await;
    let m = received(&got);
    assert_eq!(count(&m, |x| x["action"] == "resize" && x["scrollHeight"].is_u64()), 1, "{m:?}");

    // The parent asking (hello again) while a size-change send is pending is answered even when, by the time
    // the send is due, the height is back to what was sent last: the pending send must not swallow it.
    sleep(150).await;
    let blip = doc.create_element("div").unwrap();
    blip.set_attribute("style", "height: 50px").unwrap();
    body.append_child(&blip).unwrap();
    sleep(30).await; // sent at once (the throttle window had passed): the taller height
    blip.set_attribute("style", "height: 0").unwrap();
    sleep(20).await; // a send is now due within the window
    blip.set_attribute("style", "height: 50px").unwrap();
    sleep(5).await;
    let prep_before = count(&received(&got), |x| x["action"] == "prepareResize");
    reply.call2(&JsValue::NULL, &parent, &"hello".into()).unwrap();
    sleep(200).await;
    let prep_after = count(&received(&got), |x| x["action"] == "prepareResize");
    assert_eq!(prep_after, prep_before + 1, "a hello during a pending send is answered: {:?}", received(&got));
    body.remove_child(&blip).unwrap();
    sleep(150).await;

    // Growing the page 12 times in 240 ms sends at most one message per 100 ms, the last at the final size.
    let before = count(&received(&got), |x| x["subject"] == "lti.frameResize");
    let grow = doc.create_element("div").unwrap();
    body.append_child(&grow).unwrap();
    for i in 1..=12 {
        grow.set_attribute("style", &format!("height: {}px", i * 40)).unwrap();
        sleep(20).await;
    }
    sleep(250).await;
    let m = received(&got);
    let sizes: Vec<u64> = m.iter().filter(|x| x["subject"] == "lti.frameResize").map(|x| x["height"].as_u64().unwrap()).collect();
    let sent = sizes.len() - before;
    assert!((1..=4).contains(&sent), "{sent} messages for 12 changes in 240 ms: {sizes:?}");
    // The page's whole height: the body's content, or the root element's box when that is taller (it also
    // holds the body's margins and a last child's margin collapsing through the body).
    let root_box = doc.document_element().unwrap().unchecked_into::<web_sys::HtmlElement>().offset_height();
    let whole = body.scroll_height().max(root_box) as u64;
    assert!(whole > body.scroll_height() as u64, "this frame's body has margins: {whole}");
    assert_eq!(*sizes.last().unwrap(), whole, "the final size is always sent, margins included");

    // Dropped: nothing more is sent.
    drop(guard);
    let n = received(&got).len();
    grow.set_attribute("style", "height: 900px").unwrap();
    reply.call2(&JsValue::NULL, &parent, &"resize".into()).unwrap();
    sleep(250).await;
    assert_eq!(received(&got).len(), n);

    Reflect::set(&window, &"parent".into(), &window).unwrap();
    grow.remove();
    iframe.remove();
    assert!(auto_resize().is_none());
}

// ---------------------------------------------------------------------------------------------------------
// Strict SCORM run-times (tests/e2e/lms/strict-scorm.js, written from the RTE data-model tables)
// ---------------------------------------------------------------------------------------------------------

const STRICT: &str = include_str!("e2e/lms/strict-scorm.js");

/// A strict run-time installed as `window[global]` (removed on drop), with the LMS's launch data and options
/// (JS object literals).
struct Strict {
    global: &'static str,
}

impl Strict {
    fn install(version: &str, global: &'static str, data: Value, options: &str) -> Strict {
        let js = format!(
            "{STRICT}\nconst rt = window.StrictScorm.create({version:?}, Object.assign({{ data: {data} }}, {options}));\
             window.{global} = rt.api; window.__strict = window.__strict || {{}}; window.__strict[{global:?}] = rt;"
        );
        Function::new_no_args(&js).call0(&JsValue::NULL).unwrap();
        Strict { global }
    }

    fn record(&self) -> Value {
        let v = js_sys::eval(&format!("JSON.stringify(window.__strict[{:?}].record())", self.global)).unwrap();
        serde_json::from_str(&v.as_string().unwrap()).unwrap()
    }

    /// What the LMS has stored (at the last successful commit) for `element`.
    fn stored(&self, element: &str) -> Value {
        self.record()["stored"]["store"][element].clone()
    }
}

impl Drop for Strict {
    fn drop(&mut self) {
        let _ = js_sys::eval(&format!("delete window.{0}; delete window.__strict[{0:?}];", self.global));
    }
}

/// The page says it is a package of `kind` (its `skillgap-lms` meta tag) while the guard lives.
struct PackagePage(web_sys::Element);

impl PackagePage {
    fn says(content: &str) -> PackagePage {
        let doc = web_sys::window().unwrap().document().unwrap();
        let meta = doc.create_element("meta").unwrap();
        meta.set_attribute("name", "skillgap-lms").unwrap();
        meta.set_attribute("content", content).unwrap();
        doc.head().unwrap().append_child(&meta).unwrap();
        PackagePage(meta)
    }
}

impl Drop for PackagePage {
    fn drop(&mut self) {
        self.0.remove();
    }
}

fn submitted(a: &LearnerAssessment) -> Progress {
    let mut p = Progress::start(a);
    p.learner = "Ana Lima".into();
    p.submitted = true;
    p.completed = "2026-11-27".into();
    p
}

#[wasm_bindgen_test]
async fn a_scorm12_package_uses_api_when_the_lms_offers_both() {
    clean_page();
    let v12 = Strict::install("1.2", "API", json!({"cmi.core.student_name": "Lima, Ana", "cmi.core.entry": "ab-initio"}), "{}");
    let v2004 = Strict::install("2004", "API_1484_11", json!({"cmi.learner_name": "Ana Lima", "cmi.entry": "ab-initio"}), "{}");
    let a = assessment();
    {
        let _page = PackagePage::says("scorm12");
        let (session, launch) = Session::start(&a).await.unwrap();
        assert_eq!(launch.mode, Mode::Scorm12);
        assert!(launch.reports_to.is_some());
        session.submit(&a, &result(&a), 60.0, &submitted(&a)).await.unwrap();
        session.finish(None).await.unwrap();
    }
    assert_eq!(v2004.record()["calls"], json!([]), "the 2004 API is not touched by a 1.2 package");
    assert_eq!(v12.record()["refused"], json!([]));
    assert_eq!(v12.stored("cmi.core.lesson_status"), "completed");
    drop(v12);
    // And a 2004 package uses the 2004 API.
    let v12 = Strict::install("1.2", "API", json!({}), "{}");
    {
        let _page = PackagePage::says("scorm2004");
        let (session, launch) = Session::start(&a).await.unwrap();
        assert_eq!(launch.mode, Mode::Scorm2004);
        session.finish(None).await.unwrap();
    }
    assert_eq!(v12.record()["calls"], json!([]));
    drop((v12, v2004));
}

/// Run-times answer with numbers and booleans (Moodle's `_count`, a relaunch's reconstituted values,
/// `true` from Initialize, 0 from GetLastError): read as the string API means them, nothing freezes, and
/// the result's interactions follow the 3 already there.
#[wasm_bindgen_test]
async fn numbers_and_booleans_from_the_lms_are_read_as_strings() {
    clean_page();
    let a = assessment();
    for version in ["1.2", "2004"] {
        let (global, data) = if version == "1.2" {
            ("API", json!({"cmi.core.student_name": "Lima, Ana", "cmi.core.entry": "resume", "cmi.core.lesson_status": "incomplete",
                "cmi.student_data.mastery_score": "70", "cmi.core.score.raw": "55",
                "cmi.interactions.0.id": "skill_a", "cmi.interactions.1.id": "skill_b", "cmi.interactions.2.id": "skill_c"}))
        } else {
            ("API_1484_11", json!({"cmi.learner_name": "Ana Lima", "cmi.entry": "resume", "cmi.completion_status": "incomplete",
                "cmi.scaled_passing_score": "0.7", "cmi.score.raw": "55",
                "cmi.interactions.0.id": "urn:x:a", "cmi.interactions.1.id": "urn:x:b", "cmi.interactions.2.id": "urn:x:c"}))
        };
        let strict = Strict::install(version, global, data, "{ returns: 'native' }");
        let (session, launch) = Session::start(&a).await.unwrap();
        assert_eq!(launch.learner_name.as_deref(), Some("Ana Lima"));
        let report = session.submit(&a, &result(&a), 75.0, &submitted(&a)).await.unwrap();
        assert_eq!(report.message, "Recorded in your LMS: passed (pass mark 70), score 75 out of 100.", "{version}");
        session.finish(None).await.unwrap();
        let rec = strict.record();
        assert_eq!(rec["refused"], json!([]), "{version}: {}", rec["refused"]);
        assert_eq!(rec["stored"]["counts"]["cmi.interactions"], 3 + a.skills.len() as u64, "{version}: after the three there");
        assert_eq!(rec["state"], "terminated");
    }
}

/// An LMS that calls back into the page while it is being called, or throws, cannot leave the session
/// stuck: no borrow is held across a call into the LMS.
#[wasm_bindgen_test]
async fn an_lms_that_calls_back_or_throws_cannot_break_the_session() {
    clean_page();
    let fake = Fake::install("API", NAMES_12, first_launch_12(), json!({}));
    let a = assessment();
    let (session, _) = Session::start(&a).await.unwrap();
    // On its next commit, the LMS calls into the page, which saves again (a page-hide while committing).
    let reentered = std::rc::Rc::new(std::cell::Cell::new(0));
    let cb = {
        let (session, reentered, a) = (session.clone(), reentered.clone(), a.clone());
        Closure::<dyn FnMut()>::new(move || {
            reentered.set(reentered.get() + 1);
            let mut p = Progress::start(&a);
            p.step = 2;
            session.leave(&p, true);
            assert_eq!(session.mode(), Mode::Scorm12);
        })
    };
    Reflect::set(&js_sys::global(), &"__reenter".into(), cb.as_ref()).unwrap();
    js_sys::eval(
        "const c = window.API.LMSCommit; let once = true; \
         window.API.LMSCommit = (x) => { if (once) { once = false; window.__reenter(); } return c(x); };",
    )
    .unwrap();
    let mut p = Progress::start(&a);
    p.step = 1;
    session.save(&p, Save::Commit).await.unwrap();
    assert_eq!(reentered.get(), 1);
    // The LMS throws while the score is set: a refusal for the learner, and the next try works.
    js_sys::eval(
        "const s = window.API.LMSSetValue; let thrown = false; \
         window.API.LMSSetValue = (k, v) => { if (k === 'cmi.core.score.raw' && !thrown) { thrown = true; throw new TypeError('boom'); } return s(k, v); };",
    )
    .unwrap();
    let err = session.submit(&a, &result(&a), 50.0, &submitted(&a)).await.unwrap_err();
    assert!(err.message.contains("boom"), "{}", err.message);
    session.submit(&a, &result(&a), 50.0, &submitted(&a)).await.unwrap();
    // The retry wrote over the same interactions: as many as skills, not twice.
    assert_eq!(fake.store("cmi.interactions._count").as_deref(), Some(a.skills.len().to_string().as_str()));
    session.finish(None).await.unwrap();
    assert!(session.finished());
    let _ = Reflect::delete_property(&js_sys::global().into(), &"__reenter".into());
}

/// A commit the LMS refuses is an error for the learner; sending again writes over the same interactions,
/// and what the LMS finally stores holds each once.
#[wasm_bindgen_test]
async fn a_refused_commit_is_sent_again_over_the_same_interactions() {
    clean_page();
    let a = assessment();
    let strict = Strict::install(
        "2004",
        "API_1484_11",
        json!({"cmi.learner_name": "Ana Lima", "cmi.entry": "resume", "cmi.completion_status": "incomplete"}),
        "{ refuseCommits: 1 }",
    );
    let (session, _) = Session::start(&a).await.unwrap();
    let err = session.submit(&a, &result(&a), 40.0, &submitted(&a)).await.unwrap_err();
    assert!(err.message.contains("error 391"), "{}", err.message);
    assert!(strict.record()["stored"].is_null(), "nothing stored yet");
    session.submit(&a, &result(&a), 40.0, &submitted(&a)).await.unwrap();
    let rec = strict.record();
    assert_eq!(rec["stored"]["counts"]["cmi.interactions"], a.skills.len() as u64);
    assert_eq!(rec["stored"]["store"]["cmi.completion_status"], "completed");
    let p = decode_progress(rec["stored"]["store"]["cmi.suspend_data"].as_str().unwrap(), &a).unwrap();
    assert!(p.recorded && p.interactions_from == Some(0));
    session.finish(None).await.unwrap();
}

/// Closing the page mid-way ends the SCORM session as SCORM requires: the progress, the session time, exit
/// suspend, a commit and Finish — all stored. A page kept in the back-forward cache only commits.
#[wasm_bindgen_test]
async fn closing_the_page_finishes_the_scorm_session() {
    clean_page();
    let a = assessment();
    let mut p = Progress::start(&a);
    p.learner = "Ana Lima".into();
    p.step = 3;
    p.answers[1].answer = Answer::Level(3);
    for (version, global) in [("1.2", "API"), ("2004", "API_1484_11")] {
        let strict = Strict::install(version, global, json!({}), "{}");
        let (session, _) = Session::start(&a).await.unwrap();
        session.leave(&p, true);
        assert_eq!(strict.record()["state"], "running", "{version}: hidden, not closed");
        session.leave(&p, false);
        let rec = strict.record();
        assert_eq!(rec["state"], "terminated", "{version}");
        let store = &rec["stored"]["store"];
        let (time, exit) = if version == "1.2" { ("cmi.core.session_time", "cmi.core.exit") } else { ("cmi.session_time", "cmi.exit") };
        assert!(store[time].as_str().is_some_and(|t| !t.is_empty()), "{version}: {store}");
        assert_eq!(store[exit], "suspend");
        let back = decode_progress(store["cmi.suspend_data"].as_str().unwrap(), &a).unwrap();
        assert_eq!((back.step, back.answers[1].answer), (3, Answer::Level(3)));
        assert_eq!(rec["refused"], json!([]));
        drop(strict);
    }
}

/// A review (or browse) launch writes nothing, and can still be finished.
#[wasm_bindgen_test]
async fn a_review_launch_writes_nothing_and_finishes() {
    clean_page();
    let a = assessment();
    let strict = Strict::install("2004", "API_1484_11", json!({"cmi.mode": "review", "cmi.entry": "resume"}), "{}");
    let (session, launch) = Session::start(&a).await.unwrap();
    assert!(launch.review_only);
    session.save(&Progress::start(&a), Save::Commit).await.unwrap();
    session.finish(Some(&Progress::start(&a))).await.unwrap();
    let rec = strict.record();
    assert_eq!(rec["sets"], json!([]));
    assert_eq!(rec["state"], "terminated");
}

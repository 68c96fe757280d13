//! The LMS runtime in headless Chromium against fake LMSs installed on `window`: a SCORM 1.2 `API` and a
//! SCORM 2004 `API_1484_11` object that record every call and keep values like an LMS (and refuse the
//! values they are told to, with an error code), and a cmi5 launch (query set with history.replaceState)
//! whose LMS answers through a replaced `window.fetch`. Checks detection, the calls made and their order,
//! the values set, resume from suspend_data, review mode, refusals worded with element and code, and that
//! auto_resize does nothing in a top-level window.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Reflect};
use serde_json::{json, Value};
use skillgap::app::services::lms::{auto_resize, Mode, Session};
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
    let report = session.save(&p).unwrap();
    assert!(report.notes_dropped, "a 5,000-character note cannot fit SCORM 1.2's 4,096");
    let saved = fake.store("cmi.suspend_data").unwrap();
    assert!(saved.len() <= SCORM12_SUSPEND_LIMIT);
    let back = decode_progress(&saved, &a).unwrap();
    assert_eq!((back.step, back.answers[0].answer), (3, Answer::Level(2)));
    assert_eq!(fake.store("cmi.core.exit").as_deref(), Some("suspend"));
    assert_eq!(fake.calls().last().unwrap()[0], "LMSCommit");

    let r = result(&a);
    let before = fake.calls().len();
    let report = session.submit(&a, &r, 71.6).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: completed, score 72 out of 100.");
    let expected = scorm_submit_values(ScormVersion::V12, &a, &r, 71.6, None, "", 0).values;
    let sets: Vec<(String, String)> =
        fake.calls()[before..].iter().filter(|c| c[0] == "LMSSetValue").map(|c| (c[1].clone(), c[2].clone())).collect();
    assert_eq!(sets, expected, "exactly the domain's values, in order");
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("completed"));
    assert_eq!(fake.store("cmi.core.score.raw").as_deref(), Some("72"));
    assert_eq!(fake.store("cmi.interactions.1.student_response").as_deref(), Some("n"));
    assert_eq!(fake.calls().last().unwrap()[0], "LMSCommit");

    assert_eq!(session.finish().await.unwrap(), None);
    let calls = fake.calls();
    assert_eq!(calls.last().unwrap(), &["LMSFinish", ""]);
    let time = fake.store("cmi.core.session_time").unwrap();
    assert!(time.starts_with("00:00:"), "{time}");
    assert_eq!(fake.store("cmi.core.exit").as_deref(), Some(""), "a submitted attempt exits normally");
    let n = calls.len();
    session.finish().await.unwrap();
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
    let report = session.submit(&a, &result(&a), 85.0).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: passed (pass mark 80), score 85 out of 100.");
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("passed"));
    assert!(fake.store("cmi.interactions.4.id").is_some(), "new interactions follow the LMS's count");
    session.finish().await.unwrap();
}

#[wasm_bindgen_test]
async fn scorm12_refusal_names_element_value_and_code() {
    let fake = Fake::install("API", NAMES_12, first_launch_12(), json!({ "cmi.core.score.raw": "405" }));
    let a = assessment();
    let (session, _) = Session::start(&a).await.unwrap();
    let err = session.submit(&a, &result(&a), 85.0).await.unwrap_err();
    assert_eq!(
        err.message,
        "Your LMS refused to record the score (cmi.core.score.raw = 85): error 405, Incorrect Data Type."
    );
    assert_eq!(fake.store("cmi.core.lesson_status").as_deref(), Some("incomplete"), "nothing after the refusal");
    session.finish().await.unwrap();
}

#[wasm_bindgen_test]
async fn scorm12_review_mode_records_nothing() {
    let mut initial = first_launch_12();
    initial["cmi.core.lesson_mode"] = json!("review");
    let fake = Fake::install("API", NAMES_12, initial, json!({}));
    let a = assessment();
    let (session, launch) = Session::start(&a).await.unwrap();
    assert!(launch.review_only);
    session.save(&Progress::start(&a)).unwrap();
    let report = session.submit(&a, &result(&a), 50.0).await.unwrap();
    assert!(report.message.contains("review only"), "{}", report.message);
    session.finish().await.unwrap();
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
    let report = session.submit(&a, &result(&a), 72.0).await.unwrap();
    assert_eq!(report.message, "Recorded in your LMS: failed (pass mark 90), score 72 out of 100.");
    assert_eq!(fake.store("cmi.score.scaled").as_deref(), Some("0.72"));
    assert_eq!(fake.store("cmi.success_status").as_deref(), Some("failed"));
    assert_eq!(fake.store("cmi.interactions.0.description").as_deref(), Some(a.skills[0].name.as_str()));
    session.finish().await.unwrap();
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
    session.save(&p).unwrap();
    let (_, again) = Session::start(&a).await.unwrap();
    if again.notice.is_none() {
        assert_eq!(again.resume, Some(p), "progress is read back from localStorage");
        web_sys::window().unwrap().local_storage().unwrap().unwrap().remove_item("skillgap.learner.web-lms-1").unwrap();
    }
    assert!(auto_resize().is_none(), "a top-level page has no frame to size");
}

/// A fake cmi5 LMS + LRS behind `window.fetch`: one token, the launch data, statements kept in `sent`.
const FAKE_FETCH: &str = r#"
const seen = []; let tokens = 0;
const original = window.fetch;
window.fetch = async (req) => {
  const url = req.url; const method = req.method;
  const headers = {}; req.headers.forEach((v, k) => headers[k] = v);
  const body = method === "PUT" ? JSON.parse(await req.text()) : null;
  seen.push({ url, method, headers, body });
  if (url.startsWith("https://lms.example/fetch")) {
    tokens += 1;
    return tokens === 1 ? new Response(JSON.stringify({ "auth-token": "dG9rZW4=" }))
                        : new Response(JSON.stringify({ "error-code": "1", "error-text": "used" }), { status: 400 });
  }
  if (url.includes("/activities/state?")) return new Response(JSON.stringify(launchData));
  if (url.includes("/statements?statementId=")) return new Response(null, { status: 204 });
  return new Response("not found", { status: 404 });
};
return { seen, restore: () => { window.fetch = original; } };
"#;

#[wasm_bindgen_test]
async fn cmi5_flow() {
    let window = web_sys::window().unwrap();
    let actor = r#"{"objectType":"Agent","name":"Ana Lima","account":{"homePage":"https://lms.example","name":"ana"}}"#;
    let query = format!(
        "?endpoint={}&fetch={}&actor={}&registration=reg-1&activityId={}",
        percent_encode("https://lrs.example/xapi/"),
        percent_encode("https://lms.example/fetch?x=1"),
        percent_encode(actor),
        percent_encode("https://example.com/au/1")
    );
    let history = Reflect::get(&window, &"history".into()).unwrap();
    let replace: Function = Reflect::get(&history, &"replaceState".into()).unwrap().into();
    let original = window.location().href().unwrap();
    replace.call3(&history, &JsValue::NULL, &"".into(), &query.clone().into()).unwrap();
    let _ = window.session_storage().unwrap().unwrap().clear();
    let launch_data = json!({
        "contextTemplate": {"extensions": {"https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s-1"}},
        "launchMode": "Normal", "moveOn": "Completed", "masteryScore": 0.6, "returnURL": "https://lms.example/back"
    });
    let f = Function::new_with_args("launchData", FAKE_FETCH);
    let fake = f.call1(&JsValue::NULL, &to_js(&launch_data)).unwrap();
    let a = assessment();
    let outcome = async {
        let (session, launch) = Session::start(&a).await?;
        let submitted = session.submit(&a, &result(&a), 65.0).await?;
        let back = session.finish().await?;
        Ok::<_, skillgap::app::services::lms::LmsError>((launch, submitted, back))
    }
    .await;
    let restore: Function = Reflect::get(&fake, &"restore".into()).unwrap().into();
    restore.call0(&JsValue::NULL).unwrap();
    replace.call3(&history, &JsValue::NULL, &"".into(), &original.into()).unwrap();
    let (launch, submitted, back) = outcome.unwrap();
    assert_eq!(launch.mode, Mode::Cmi5);
    assert_eq!(launch.learner_name.as_deref(), Some("Ana Lima"));
    assert_eq!(submitted.message, "Recorded in your LMS: passed (pass mark 60), score 65 out of 100.");
    assert_eq!(back.as_deref(), Some("https://lms.example/back"));
    let seen = from_js(&Reflect::get(&fake, &"seen".into()).unwrap());
    let seen = seen.as_array().unwrap();
    assert_eq!(seen[0]["method"], "POST");
    assert_eq!(seen[0]["url"], "https://lms.example/fetch?x=1");
    assert_eq!(seen[1]["method"], "GET");
    assert!(seen[1]["url"].as_str().unwrap().starts_with("https://lrs.example/xapi/activities/state?stateId=LMS.LaunchData"));
    assert_eq!(seen[1]["headers"]["authorization"], "Basic dG9rZW4=");
    assert_eq!(seen[1]["headers"]["x-experience-api-version"], "1.0.3");
    let verbs: Vec<&str> = seen[2..].iter().map(|s| s["body"]["verb"]["display"]["en-US"].as_str().unwrap()).collect();
    assert_eq!(verbs, ["initialized", "completed", "passed", "terminated"]);
    for s in &seen[2..] {
        assert_eq!(s["method"], "PUT");
        let id = s["body"]["id"].as_str().unwrap();
        assert_eq!(s["url"], format!("https://lrs.example/xapi/statements?statementId={id}"));
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4", "a version 4 UUID: {id}");
        assert_eq!(s["body"]["context"]["registration"], "reg-1");
        assert_eq!(s["headers"]["authorization"], "Basic dG9rZW4=");
    }
    let ids: std::collections::HashSet<&str> = seen[2..].iter().map(|s| s["body"]["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 4, "every statement has its own id");
    assert_eq!(seen[4]["body"]["result"]["score"]["scaled"], 0.65);
    assert_eq!(seen.len(), 6, "no other requests");
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

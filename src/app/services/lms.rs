//! The learner's connection to whoever launched them: an LMS through SCORM 1.2, SCORM 2004 or cmi5, or
//! nobody (standalone: progress is kept in this browser's storage, or in memory when storage is blocked).
//! Also sizes the iframe the learner pages run in (H5P resizer and Canvas `lti.frameResize` messages).
//!
//! Everything the LMS is sent is built by `domain::lms` (progress codes, SCORM values, cmi5 statements,
//! resize messages); this module finds the LMS, calls it and turns refusals into sentences for the learner.
//! docs/lms.md describes the whole flow.
//!
//! - Detection, in order: cmi5 launch parameters in the URL's query → cmi5; a SCORM 2004 API
//!   (`API_1484_11`) → SCORM 2004; a SCORM 1.2 API (`API`) → SCORM 1.2; else standalone.
//! - SCORM APIs are looked for in this window and its parents (1.2: at most 7 steps up, 2004: at most 500),
//!   then from `window.opener` and `top.opener`. Every property is read through `Reflect` and a failure (a
//!   cross-origin window throws) counts as "not here".
//! - The only network requests the app makes are cmi5's: the one-time token POST to the `fetch` URL, the
//!   LMS.LaunchData GET and the statement PUTs, all to the URLs the LMS launched us with.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::storage::{LocalStorage, SessionStorage, Storage};
use gloo::timers::callback::Timeout;
use js_sys::{Function, Object, Reflect};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::domain::learner::{LearnerAssessment, LearnerResult};
use crate::domain::lms::*;

/// Who launched the learner pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Standalone,
    Scorm12,
    Scorm2004,
    Cmi5,
}

impl Mode {
    /// How the mode is shown to the learner.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Standalone => "Standalone",
            Mode::Scorm12 => "SCORM 1.2",
            Mode::Scorm2004 => "SCORM 2004",
            Mode::Cmi5 => "cmi5",
        }
    }
}

/// Something the LMS (or the browser) refused, in words for the learner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LmsError {
    pub message: String,
}

impl LmsError {
    fn new(message: impl Into<String>) -> Self {
        LmsError { message: message.into() }
    }
}

impl std::fmt::Display for LmsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What the launch found.
#[derive(Clone, Debug, PartialEq)]
pub struct Launch {
    pub mode: Mode,
    /// The learner's name as the LMS knows it ("Lima, Ana" in SCORM is turned into "Ana Lima").
    pub learner_name: Option<String>,
    /// Saved progress for this assessment: from the LMS when it launched us (the record of truth), else
    /// from this browser's storage.
    pub resume: Option<Progress>,
    /// The LMS opened the assessment for review only (cmi5 Browse/Review, SCORM `mode` review/browse):
    /// nothing is recorded.
    pub review_only: bool,
    /// A notice to show, e.g. that progress is kept in memory only because storage is blocked.
    pub notice: Option<String>,
}

/// What submitting recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct SubmitReport {
    /// One sentence for the learner, e.g. "Recorded in your LMS: completed, score 72 out of 100."
    pub message: String,
}

/// What saving progress did.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveReport {
    /// Notes had to be left out of the saved progress to fit the LMS's limit.
    pub notes_dropped: bool,
}

/// The notice shown when progress can only be kept in memory.
const MEMORY_NOTICE: &str =
    "This browser blocks storage here, so your answers are kept only while this page is open.";
/// What a review-only launch says on submit.
const REVIEW_ONLY: &str = "Your LMS opened this assessment for review only, so nothing was recorded.";

// ---------------------------------------------------------------------------------------------------------
// Browser storage (standalone progress, and cmi5's local copy)
// ---------------------------------------------------------------------------------------------------------

/// Progress in `localStorage` under `skillgap.learner.<assessment id>`, or in memory when storage throws.
struct Local {
    key: String,
    memory: Option<String>,
    use_memory: bool,
}

impl Local {
    fn open(a: &LearnerAssessment) -> Self {
        let use_memory = !crate::app::services::storage::available();
        Local { key: format!("skillgap.learner.{}", a.id), memory: None, use_memory }
    }

    fn load(&self, a: &LearnerAssessment) -> Option<Progress> {
        if self.use_memory {
            return None;
        }
        LocalStorage::raw().get_item(&self.key).ok().flatten().and_then(|t| decode_progress(&t, a))
    }

    fn notice(&self) -> Option<String> {
        self.use_memory.then(|| MEMORY_NOTICE.to_string())
    }

    fn save(&mut self, p: &Progress) -> SaveReport {
        let (text, notes_dropped) = encode_progress(p, SCORM2004_SUSPEND_LIMIT);
        if self.use_memory || LocalStorage::raw().set_item(&self.key, &text).is_err() {
            self.use_memory = true;
            self.memory = Some(text);
        }
        SaveReport { notes_dropped }
    }
}

// ---------------------------------------------------------------------------------------------------------
// SCORM
// ---------------------------------------------------------------------------------------------------------

/// Reads `obj[key]`; `None` when it throws (cross-origin), is undefined or null.
fn prop(obj: &JsValue, key: &str) -> Option<JsValue> {
    if obj.is_undefined() || obj.is_null() {
        return None;
    }
    Reflect::get(obj, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Looks for `name` on `win` and up its parents, at most `max_steps` steps up.
fn find_up(win: &JsValue, name: &str, max_steps: usize) -> Option<JsValue> {
    let mut w = win.clone();
    for _ in 0..=max_steps {
        if let Some(api) = prop(&w, name).filter(JsValue::is_object) {
            return Some(api);
        }
        let parent = prop(&w, "parent")?;
        if Object::is(&parent, &w) {
            return None;
        }
        w = parent;
    }
    None
}

/// The standard SCORM API discovery: this window and its parents, then the opener's, then top's opener's.
fn discover(name: &str, max_steps: usize) -> Option<JsValue> {
    let win: JsValue = web_sys::window()?.into();
    if let Some(api) = find_up(&win, name, max_steps) {
        return Some(api);
    }
    if let Some(api) = prop(&win, "opener").and_then(|o| find_up(&o, name, max_steps)) {
        return Some(api);
    }
    prop(&win, "top").and_then(|t| prop(&t, "opener")).and_then(|o| find_up(&o, name, max_steps))
}

/// A SCORM run-time API object found in some window.
#[derive(Clone)]
struct ScormApi {
    v: ScormVersion,
    api: JsValue,
}

impl ScormApi {
    fn method(&self, which: &str) -> &'static str {
        let v12 = self.v == ScormVersion::V12;
        match which {
            "init" => if v12 { "LMSInitialize" } else { "Initialize" },
            "get" => if v12 { "LMSGetValue" } else { "GetValue" },
            "set" => if v12 { "LMSSetValue" } else { "SetValue" },
            "commit" => if v12 { "LMSCommit" } else { "Commit" },
            "finish" => if v12 { "LMSFinish" } else { "Terminate" },
            "error" => if v12 { "LMSGetLastError" } else { "GetLastError" },
            _ => if v12 { "LMSGetErrorString" } else { "GetErrorString" },
        }
    }

    /// Calls `method` with string arguments; the result as a string (undefined → empty).
    fn raw_call(&self, method: &str, args: &[&str]) -> Result<String, String> {
        let f: Function = prop(&self.api, method)
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| format!("it has no {method} function"))?;
        let arr = js_sys::Array::new();
        for a in args {
            arr.push(&JsValue::from_str(a));
        }
        let out = f.apply(&self.api, &arr).map_err(|e| format!("{method} threw {}", js_text(&e)))?;
        Ok(if out.is_undefined() || out.is_null() { String::new() } else { js_text(&out) })
    }

    /// The last error's code ("0" = none) and its text.
    fn last_error(&self) -> (String, String) {
        let code = self.raw_call(self.method("error"), &[]).unwrap_or_default();
        let code = if code.trim().is_empty() { "0".to_string() } else { code.trim().to_string() };
        if code == "0" {
            return (code, String::new());
        }
        let text = self.raw_call(self.method("text"), &[&code]).unwrap_or_default();
        (code, text)
    }

    /// A call whose failure is an error for the learner: the call's result is "false", it threw, or the
    /// LMS reports an error code afterwards. `what` says what was being done.
    fn call(&self, which: &str, args: &[&str], what: &str) -> Result<String, LmsError> {
        let method = self.method(which);
        let out = self
            .raw_call(method, args)
            .map_err(|e| LmsError::new(format!("Your LMS could not {what} ({method}): {e}.")))?;
        let (code, text) = self.last_error();
        if code != "0" || out == "false" {
            let detail = if code != "0" { format!("error {code}{}", describe(&text)) } else { "it answered false".into() };
            return Err(LmsError::new(format!("Your LMS refused to {what} ({method}): {detail}.")));
        }
        Ok(out)
    }

    /// Reads an element; `None` when the LMS does not have it (not implemented or not set).
    fn get(&self, element: &str) -> Result<Option<String>, LmsError> {
        let method = self.method("get");
        let out = self
            .raw_call(method, &[element])
            .map_err(|e| LmsError::new(format!("Your LMS could not read {element}: {e}.")))?;
        match self.last_error() {
            (c, _) if c == "0" => Ok(Some(out)),
            // 1.2: 401 not implemented; 2004: 401 undefined, 402 unimplemented, 403 not initialized.
            (c, _) if matches!(c.as_str(), "401" | "402" | "403") => Ok(None),
            (c, t) => Err(LmsError::new(format!("Your LMS refused to read {element}: error {c}{}.", describe(&t)))),
        }
    }

    /// Sets an element; a refusal names the element, the value and the LMS's error.
    fn set(&self, element: &str, value: &str) -> Result<(), LmsError> {
        let method = self.method("set");
        let shown: String = if value.chars().count() > 40 {
            format!("{}… ({} characters)", value.chars().take(40).collect::<String>(), value.chars().count())
        } else {
            value.to_string()
        };
        let what = what_is(element);
        let out = self.raw_call(method, &[element, value]).map_err(|e| {
            LmsError::new(format!("Your LMS could not record {what} ({element} = {shown}): {e}."))
        })?;
        let (code, text) = self.last_error();
        if code != "0" || out == "false" {
            let detail = if code != "0" { format!("error {code}{}", describe(&text)) } else { "it answered false".into() };
            return Err(LmsError::new(format!("Your LMS refused to record {what} ({element} = {shown}): {detail}.")));
        }
        Ok(())
    }
}

/// ", Incorrect Data Type" from an error text (nothing when empty).
fn describe(text: &str) -> String {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() {
        String::new()
    } else {
        format!(", {t}")
    }
}

/// What an element is, in the learner's words.
fn what_is(element: &str) -> &'static str {
    if element.contains(".score.") {
        "the score"
    } else if element.contains("status") {
        "the status"
    } else if element.contains("suspend_data") {
        "your progress"
    } else if element.starts_with("cmi.interactions.") {
        "your answers"
    } else if element.ends_with("session_time") {
        "the time spent"
    } else if element.ends_with("exit") {
        "how the session ended"
    } else {
        "a value"
    }
}

/// A JavaScript value as text (`String(value)`).
fn js_text(v: &JsValue) -> String {
    v.as_string().unwrap_or_else(|| String::from(js_sys::JsString::from(v.clone())))
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

struct Scorm {
    api: ScormApi,
    started: f64,
    review_only: bool,
    mastery: Option<u8>,
    submitted: bool,
    /// Shared with the `pagehide` listener, which must not commit after Finish/Terminate.
    finished: Rc<std::cell::Cell<bool>>,
    _pagehide: EventListener,
}

impl Scorm {
    async fn start(v: ScormVersion, api: JsValue, a: &LearnerAssessment) -> Result<(Scorm, Launch), LmsError> {
        let api = ScormApi { v, api };
        api.call("init", &[""], "start the session")?;
        let learner_name =
            api.get(v.element(ScormElement::LearnerName))?.and_then(|n| learner_name_from_lms(&n));
        let entry = api.get(v.element(ScormElement::Entry))?.unwrap_or_default();
        let suspend = api.get(v.element(ScormElement::SuspendData))?.unwrap_or_default();
        let mastery = api.get(v.element(ScormElement::Mastery))?.and_then(|m| mastery_from_lms(v, &m));
        let review_only = api.get(v.element(ScormElement::Mode))?.is_some_and(|m| is_review_mode(&m));
        let resume = (!suspend.trim().is_empty()).then(|| decode_progress(&suspend, a)).flatten();
        let mut notice = None;
        if !suspend.trim().is_empty() && resume.is_none() {
            notice = Some("Your LMS holds saved progress this link cannot use (another version of the assessment), so you start afresh.".to_string());
        }
        if !review_only {
            let status = api.get(v.element(ScormElement::Status))?.unwrap_or_default();
            if entry == "ab-initio" || matches!(status.as_str(), "" | "not attempted" | "unknown") {
                api.set(v.element(ScormElement::Status), "incomplete")?;
                api.call("commit", &[""], "save")?;
            }
        }
        let hide_api = api.clone();
        let finished = Rc::new(std::cell::Cell::new(false));
        let hide_finished = finished.clone();
        let window = web_sys::window().ok_or_else(|| LmsError::new("There is no browser window."))?;
        let pagehide = EventListener::new(&window, "pagehide", move |_| {
            if !hide_finished.get() {
                let _ = hide_api.raw_call(hide_api.method("commit"), &[""]);
            }
        });
        let mode = if v == ScormVersion::V12 { Mode::Scorm12 } else { Mode::Scorm2004 };
        let launch = Launch { mode, learner_name, resume, review_only, notice };
        let s = Scorm { api, started: now_ms(), review_only, mastery, submitted: false, finished, _pagehide: pagehide };
        Ok((s, launch))
    }

    fn save(&self, p: &Progress) -> Result<SaveReport, LmsError> {
        let v = self.api.v;
        let (text, notes_dropped) = encode_progress(p, v.suspend_limit());
        if self.review_only || self.finished.get() {
            return Ok(SaveReport { notes_dropped });
        }
        self.api.set(v.element(ScormElement::SuspendData), &text)?;
        self.api.set(v.element(ScormElement::Exit), "suspend")?;
        self.api.call("commit", &[""], "save your progress")?;
        Ok(SaveReport { notes_dropped })
    }

    fn submit(&mut self, a: &LearnerAssessment, r: &LearnerResult, readiness: f64) -> Result<SubmitReport, LmsError> {
        if self.review_only {
            return Ok(SubmitReport { message: REVIEW_ONLY.into() });
        }
        let v = self.api.v;
        let first = self
            .api
            .get(v.element(ScormElement::InteractionCount))?
            .and_then(|n| n.trim().parse::<usize>().ok())
            .unwrap_or(0);
        let record = scorm_submit_values(v, a, r, readiness, self.mastery, &iso_now(), first);
        for (element, value) in &record.values {
            self.api.set(element, value)?;
        }
        self.api.call("commit", &[""], "save the result")?;
        self.submitted = true;
        Ok(SubmitReport { message: record.message() })
    }

    fn finish(&mut self) -> Result<(), LmsError> {
        if self.finished.get() {
            return Ok(());
        }
        let v = self.api.v;
        if !self.review_only {
            let time = match v {
                ScormVersion::V12 => scorm12_time(now_ms() - self.started),
                ScormVersion::V2004 => iso_duration(now_ms() - self.started),
            };
            self.api.set(v.element(ScormElement::SessionTime), &time)?;
            let exit = match (self.submitted, v) {
                (false, _) => "suspend",
                (true, ScormVersion::V12) => "",
                (true, ScormVersion::V2004) => "normal",
            };
            self.api.set(v.element(ScormElement::Exit), exit)?;
            self.api.call("commit", &[""], "save")?;
        }
        self.api.call("finish", &[""], "end the session")?;
        self.finished.set(true);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// cmi5
// ---------------------------------------------------------------------------------------------------------

struct Cmi5 {
    launch: Cmi5Launch,
    data: LaunchData,
    token: String,
    started: f64,
    local: Local,
    terminated: bool,
}

/// A random (version 4) UUID from the browser's cryptographic random source.
fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut b).is_ok());
    if !filled {
        for x in b.iter_mut() {
            *x = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

/// One HTTP request; the answer's status and text. Network failures become `Err(reason)`.
async fn http(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<(u16, String), String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_mode(web_sys::RequestMode::Cors);
    let h = web_sys::Headers::new().map_err(|e| js_text(&e))?;
    for (k, v) in headers {
        h.set(k, v).map_err(|e| js_text(&e))?;
    }
    init.set_headers(&h);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    let req = web_sys::Request::new_with_str_and_init(url, &init).map_err(|e| js_text(&e))?;
    let window = web_sys::window().ok_or("there is no browser window")?;
    let resp = JsFuture::from(window.fetch_with_request(&req)).await.map_err(|e| js_text(&e))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "the answer is not an HTTP response".to_string())?;
    let text = match resp.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((resp.status(), text))
}

fn short(text: &str) -> String {
    let t = text.trim();
    if t.chars().count() > 160 {
        format!("{}…", t.chars().take(160).collect::<String>())
    } else {
        t.to_string()
    }
}

impl Cmi5 {
    async fn start(launch: Cmi5Launch, a: &LearnerAssessment) -> Result<(Cmi5, Launch), LmsError> {
        // The fetch URL answers once; a reload of the same launch reuses the token kept for this tab.
        let token_key = format!("skillgap.cmi5.token.{}", launch.fetch);
        let kept: Option<String> = SessionStorage::raw().get_item(&token_key).ok().flatten();
        let token = match kept {
            Some(t) => t,
            None => {
                let (status, text) = http("POST", &launch.fetch, &[], None).await.map_err(|e| {
                    LmsError::new(format!("Could not reach your LMS to start this assessment ({}): {e}.", launch.fetch))
                })?;
                if !(200..300).contains(&status) {
                    return Err(LmsError::new(format!(
                        "Your LMS refused to start this assessment: its token request answered HTTP {status}{}. The launch link can be used only once; open the assessment again from your LMS.",
                        if text.trim().is_empty() { String::new() } else { format!(" ({})", short(&text)) }
                    )));
                }
                let t = parse_auth_token(&text).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
                let _ = SessionStorage::raw().set_item(&token_key, &t);
                t
            }
        };
        let auth = format!("Basic {token}");
        let headers = [("Authorization", auth.as_str()), ("X-Experience-API-Version", "1.0.3")];
        let url = cmi5_launch_data_url(&launch);
        let (status, text) = http("GET", &url, &headers, None)
            .await
            .map_err(|e| LmsError::new(format!("Could not read the launch data from your LMS: {e}.")))?;
        if status != 200 {
            return Err(LmsError::new(format!(
                "Your LMS did not give the launch data (LMS.LaunchData): HTTP {status}{}.",
                if text.trim().is_empty() { String::new() } else { format!(" ({})", short(&text)) }
            )));
        }
        let data = parse_launch_data(&text).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
        let local = Local::open(a);
        let resume = local.load(a);
        let learner_name = launch.actor.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        let review_only = data.review_only();
        let notice = local.notice();
        let c = Cmi5 { launch, data, token, started: now_ms(), local, terminated: false };
        c.send(Cmi5Verb::Initialized, None).await?;
        Ok((c, Launch { mode: Mode::Cmi5, learner_name, resume, review_only, notice }))
    }

    async fn put(&self, statement: &Value, what: &str) -> Result<(), LmsError> {
        Cmi5Ref { launch: &self.launch, token: &self.token }.put(statement, what).await
    }

    async fn send(&self, verb: Cmi5Verb, scaled: Option<f64>) -> Result<(), LmsError> {
        let duration = iso_duration(now_ms() - self.started);
        let s = cmi5_statement(verb, &self.launch, &self.data, &uuid_v4(), &iso_now(), &duration, scaled);
        self.put(&s, verb.word()).await
    }
}

// ---------------------------------------------------------------------------------------------------------
// The session
// ---------------------------------------------------------------------------------------------------------

enum Backend {
    Standalone(Local),
    Scorm(Scorm),
    Cmi5(Cmi5),
}

struct Inner {
    mode: Mode,
    backend: Backend,
}

/// One learner session. Cheap to clone; all clones are the same session.
#[derive(Clone)]
pub struct Session(Rc<RefCell<Inner>>);

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Session {
    /// Detects who launched us, connects (SCORM Initialize, cmi5 auth token and LaunchData) and reads saved
    /// progress for assessment `a`.
    pub async fn start(a: &LearnerAssessment) -> Result<(Session, Launch), LmsError> {
        let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
        let cmi5 = parse_cmi5_launch(&search).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
        let (backend, launch) = if let Some(l) = cmi5 {
            let (c, launch) = Cmi5::start(l, a).await?;
            (Backend::Cmi5(c), launch)
        } else if let Some(api) = discover("API_1484_11", 500) {
            let (s, launch) = Scorm::start(ScormVersion::V2004, api, a).await?;
            (Backend::Scorm(s), launch)
        } else if let Some(api) = discover("API", 7) {
            let (s, launch) = Scorm::start(ScormVersion::V12, api, a).await?;
            (Backend::Scorm(s), launch)
        } else {
            let local = Local::open(a);
            let launch = Launch {
                mode: Mode::Standalone,
                learner_name: None,
                resume: local.load(a),
                review_only: false,
                notice: local.notice(),
            };
            (Backend::Standalone(local), launch)
        };
        Ok((Session(Rc::new(RefCell::new(Inner { mode: launch.mode, backend }))), launch))
    }

    /// Who launched us.
    pub fn mode(&self) -> Mode {
        self.0.borrow().mode
    }

    /// Saves progress (after every answer): LMS suspend data (within the version's limit), exit = suspend
    /// and a commit; or browser storage (standalone and cmi5).
    pub fn save(&self, p: &Progress) -> Result<SaveReport, LmsError> {
        match &mut self.0.borrow_mut().backend {
            Backend::Standalone(local) => Ok(local.save(p)),
            Backend::Cmi5(c) => Ok(c.local.save(p)),
            Backend::Scorm(s) => s.save(p),
        }
    }

    /// Records the submitted result: one likert interaction per skill, the score (readiness 0–100) and the
    /// status (passed/failed only with a mastery score from the LMS), then commits; cmi5 sends completed
    /// (and passed/failed). The report says what was recorded.
    pub async fn submit(&self, a: &LearnerAssessment, r: &LearnerResult, readiness: f64) -> Result<SubmitReport, LmsError> {
        // cmi5 awaits the network, so its statements are built first and the borrow released.
        let pending = {
            let mut inner = self.0.borrow_mut();
            match &mut inner.backend {
                Backend::Standalone(_) => return Ok(SubmitReport { message: String::new() }),
                Backend::Scorm(s) => return s.submit(a, r, readiness),
                Backend::Cmi5(c) => {
                    if c.data.review_only() {
                        return Ok(SubmitReport { message: REVIEW_ONLY.into() });
                    }
                    let ids = [uuid_v4(), uuid_v4()];
                    let duration = iso_duration(now_ms() - c.started);
                    let (statements, outcome, score) =
                        cmi5_submit_statements(&c.launch, &c.data, readiness, &ids, &iso_now(), &duration);
                    let sender = Cmi5Sender { launch: c.launch.clone(), token: c.token.clone() };
                    (sender, statements, recorded_message(outcome, score, c.data.mastery_percent()))
                }
            }
        };
        let (sender, statements, message) = pending;
        for s in &statements {
            let what = s["verb"]["display"]["en-US"].as_str().unwrap_or("result").to_string();
            sender.put(s, &what).await?;
        }
        Ok(SubmitReport { message })
    }

    /// Ends the session (SCORM session time, exit and Finish/Terminate; cmi5 terminated). Returns where to
    /// go next (cmi5 returnURL), if anywhere. Finishing twice does nothing the second time.
    pub async fn finish(&self) -> Result<Option<String>, LmsError> {
        let pending = {
            let mut inner = self.0.borrow_mut();
            match &mut inner.backend {
                Backend::Standalone(_) => return Ok(None),
                Backend::Scorm(s) => return s.finish().map(|_| None),
                Backend::Cmi5(c) => {
                    if c.terminated {
                        return Ok(c.data.return_url.clone());
                    }
                    let duration = iso_duration(now_ms() - c.started);
                    let s = cmi5_statement(Cmi5Verb::Terminated, &c.launch, &c.data, &uuid_v4(), &iso_now(), &duration, None);
                    (Cmi5Sender { launch: c.launch.clone(), token: c.token.clone() }, s, c.data.return_url.clone())
                }
            }
        };
        let (sender, statement, return_url) = pending;
        sender.put(&statement, "terminated").await?;
        if let Backend::Cmi5(c) = &mut self.0.borrow_mut().backend {
            c.terminated = true;
        }
        Ok(return_url)
    }
}

/// What sending a statement needs, held without borrowing the session across an await.
struct Cmi5Sender {
    launch: Cmi5Launch,
    token: String,
}

impl Cmi5Sender {
    async fn put(&self, statement: &Value, what: &str) -> Result<(), LmsError> {
        let c = Cmi5Ref { launch: &self.launch, token: &self.token };
        c.put(statement, what).await
    }
}

/// Sends one statement with the launch's token (PUT to the Statement API).
struct Cmi5Ref<'a> {
    launch: &'a Cmi5Launch,
    token: &'a str,
}

impl Cmi5Ref<'_> {
    async fn put(&self, statement: &Value, what: &str) -> Result<(), LmsError> {
        let id = statement["id"].as_str().unwrap_or_default();
        let url = cmi5_statement_url(self.launch, id);
        let auth = format!("Basic {}", self.token);
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Experience-API-Version", "1.0.3"),
            ("Content-Type", "application/json"),
        ];
        let (status, text) = http("PUT", &url, &headers, Some(&statement.to_string()))
            .await
            .map_err(|e| LmsError::new(format!("Could not send \u{201c}{what}\u{201d} to your LMS: {e}.")))?;
        if !(200..300).contains(&status) {
            return Err(LmsError::new(format!(
                "Your LMS refused the \u{201c}{what}\u{201d} statement: HTTP {status}{}.",
                if text.trim().is_empty() { String::new() } else { format!(" ({})", short(&text)) }
            )));
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// iframe resizing
// ---------------------------------------------------------------------------------------------------------

/// At most one size message per this many milliseconds (the last change is always sent).
const RESIZE_EVERY_MS: f64 = 100.0;

struct ResizeState {
    /// `window.parent` (a cross-origin window allows `postMessage`, read through `Reflect`).
    parent: JsValue,
    /// Where to post: the parent's origin when known, else "*".
    target: String,
    /// The parent's origin, when known: replies from elsewhere are ignored.
    origin: Option<String>,
    /// The parent runs the H5P resizer (it said hello).
    h5p: bool,
    last_sent: f64,
    last_height: Option<u32>,
    timer: Option<Timeout>,
    /// The next send goes out even when the height has not changed (the parent asked, or said hello). Set
    /// also while a send is already scheduled, so a pending size-change send cannot swallow it.
    forced: bool,
    stopped: bool,
}

fn post(parent: &JsValue, target: &str, m: ResizeMessage) {
    let Some(f) = prop(parent, "postMessage").and_then(|f| f.dyn_into::<Function>().ok()) else { return };
    if let Ok(v) = js_sys::JSON::parse(&m.to_json().to_string()) {
        let _ = f.call2(parent, &v, &JsValue::from_str(target));
    }
}

/// (scrollHeight, clientHeight) of the page's body (of the root element when there is no body). The height
/// is at least the root element's own box height, which also holds a last child's bottom margin that
/// collapses through the body (the body's scrollHeight leaves it out, and the frame would cut it off). The
/// root's scrollHeight is not used: it never drops below the frame's height, so the frame could not shrink.
fn measure() -> (u32, u32) {
    let doc = gloo::utils::document();
    let root_box = doc
        .document_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .map_or(0.0, |h| h.offset_height().max(0) as f64);
    let el: Option<web_sys::Element> = doc.body().map(Into::into).or_else(|| doc.document_element());
    el.map_or((0, 0), |e| {
        let scroll = (e.scroll_height().max(0) as f64).max(root_box);
        (scroll as u32, e.client_height().max(0) as u32)
    })
}

/// Sends the current size now: Canvas `lti.frameResize` when the height changed (or a send was forced),
/// H5P `prepareResize` when the parent runs the H5P resizer.
fn send_size(state: &Rc<RefCell<ResizeState>>) {
    let mut s = state.borrow_mut();
    s.timer = None;
    if s.stopped {
        return;
    }
    let (scroll_height, client_height) = measure();
    s.last_sent = now_ms();
    let force = std::mem::take(&mut s.forced);
    if s.last_height != Some(scroll_height) || force {
        post(&s.parent, &s.target, ResizeMessage::CanvasFrameResize { height: scroll_height });
        if s.h5p {
            post(&s.parent, &s.target, ResizeMessage::H5pPrepareResize { scroll_height, client_height });
        }
        s.last_height = Some(scroll_height);
    }
}

/// Sends the size at once if nothing was sent in the last 100 ms, else once the 100 ms are up.
fn schedule(state: &Rc<RefCell<ResizeState>>, force: bool) {
    let wait = {
        let mut s = state.borrow_mut();
        s.forced |= force;
        if s.stopped || s.timer.is_some() {
            return;
        }
        (RESIZE_EVERY_MS - (now_ms() - s.last_sent)).max(0.0)
    };
    let st = state.clone();
    let t = Timeout::new(wait.ceil() as u32, move || send_size(&st));
    state.borrow_mut().timer = Some(t);
}

/// The parent frame's origin: `location.ancestorOrigins[0]` where the browser has it, else the referrer's.
fn parent_origin() -> Option<String> {
    let window = web_sys::window()?;
    let location: JsValue = window.location().into();
    if let Some(first) = prop(&location, "ancestorOrigins").and_then(|a| prop(&a, "0")).and_then(|o| o.as_string()) {
        if let Some(o) = origin_of(&first) {
            return Some(o);
        }
    }
    origin_of(&gloo::utils::document().referrer())
}

/// Starts telling the parent frame our height (H5P resizer and Canvas messages, throttled) when we run in
/// an iframe; nothing otherwise. Dropping the guard stops it.
pub fn auto_resize() -> Option<ResizeGuard> {
    let window = web_sys::window()?;
    let me: JsValue = window.clone().into();
    let parent = prop(&me, "parent")?;
    if Object::is(&parent, &me) {
        return None;
    }
    let origin = parent_origin();
    let target = origin.clone().unwrap_or_else(|| "*".to_string());
    let state = Rc::new(RefCell::new(ResizeState {
        parent: parent.clone(),
        target,
        origin,
        h5p: false,
        last_sent: f64::NEG_INFINITY,
        last_height: None,
        timer: None,
        forced: false,
        stopped: false,
    }));
    let st = state.clone();
    let parent_js = parent.clone();
    let listener = EventListener::new(&window, "message", move |e| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
        let from_parent = e.source().is_some_and(|s| Object::is(&s, &parent_js));
        if !from_parent {
            return;
        }
        if let Some(o) = st.borrow().origin.as_deref() {
            if e.origin() != o {
                return;
            }
        }
        let data = e.data();
        let json = if let Some(s) = data.as_string() {
            Value::String(s)
        } else {
            match js_sys::JSON::stringify(&data).ok().and_then(|s| s.as_string()) {
                Some(s) => serde_json::from_str(&s).unwrap_or(Value::Null),
                None => return,
            }
        };
        match parse_h5p_reply(&json) {
            Some(H5pReply::Hello) => {
                st.borrow_mut().h5p = true;
                schedule(&st, true);
            }
            Some(H5pReply::ResizePrepared) => {
                let s = st.borrow();
                if !s.stopped {
                    let (scroll_height, _) = measure();
                    post(&s.parent, &s.target, ResizeMessage::H5pResize { scroll_height });
                }
            }
            Some(H5pReply::Resize) => schedule(&st, true),
            None => {}
        }
    });
    let st = state.clone();
    let on_size = Closure::<dyn FnMut()>::new(move || schedule(&st, false));
    let observer = web_sys::ResizeObserver::new(on_size.as_ref().unchecked_ref()).ok();
    if let Some(o) = &observer {
        let doc = gloo::utils::document();
        if let Some(el) = doc.document_element() {
            o.observe(&el);
        }
        if let Some(body) = doc.body() {
            o.observe(&body);
        }
    }
    post(&parent, &state.borrow().target, ResizeMessage::H5pHello);
    schedule(&state, true);
    Some(ResizeGuard { state, observer, _on_size: on_size, _listener: listener })
}

/// Keeps [`auto_resize`] running while it lives.
pub struct ResizeGuard {
    state: Rc<RefCell<ResizeState>>,
    observer: Option<web_sys::ResizeObserver>,
    _on_size: Closure<dyn FnMut()>,
    _listener: EventListener,
}

impl Drop for ResizeGuard {
    fn drop(&mut self) {
        if let Some(o) = &self.observer {
            o.disconnect();
        }
        let mut s = self.state.borrow_mut();
        s.stopped = true;
        s.timer = None;
    }
}

//! The learner's connection to whoever launched them: an LMS through SCORM 1.2, SCORM 2004 or cmi5, or
//! nobody (standalone: progress is kept in this browser's storage, or in memory when storage is blocked).
//! Also sizes the iframe the learner pages run in (H5P resizer and Canvas `lti.frameResize` messages).
//!
//! Everything the LMS is sent is built by `domain::lms` (progress codes, SCORM values in their exact types,
//! cmi5 statements, resize messages); this module finds the LMS, calls it and turns refusals into sentences
//! for the learner. docs/lms.md describes the whole flow.
//!
//! - Detection: a packaged page (its `skillgap-lms` meta tag) uses only its own kind — a SCORM 1.2 package
//!   the `API` object even where the LMS also offers `API_1484_11`, a cmi5 package only a cmi5 launch whose
//!   URLs are on its own origin or on one it was made to allow. A page that is not a package looks for
//!   `API_1484_11`, then `API`, and ignores cmi5 parameters (it says so, and contacts nobody).
//! - SCORM APIs are looked for in this window and its parents (1.2: at most 7 steps up, 2004: at most 500),
//!   then from `window.opener` and `top.opener`. Every property is read through `Reflect` and a failure (a
//!   cross-origin window throws) counts as "not here".
//! - Every value an API function returns is read as the string API means it (`ApiValue`): run-times return
//!   numbers, booleans, `undefined` and `null` too.
//! - No `RefCell` borrow is held while the LMS is called or awaited: the session's state is in `Cell`s and
//!   short borrows, so an LMS that calls back into the page, or throws, cannot leave the session stuck.
//! - The only network requests the app makes are cmi5's: the one-time token POST to the `fetch` URL, the
//!   LMS.LaunchData and learner-preferences GETs, the progress State document and the statement PUTs, all
//!   to the URLs the LMS launched us with (and `services::csp` allows nothing else).

use std::cell::{Cell, RefCell};
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
    /// The site the page reports to (`lms.example.com`): the LMS's for SCORM (the API lives in a page of
    /// the same site), the endpoint's for cmi5; `None` standalone.
    pub reports_to: Option<String>,
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

/// How far a save goes. Commits are HTTP round trips in most LMSs (synchronous in many), so the pages
/// commit at the moments SCORM recommends — a step change, the submission, leaving — and not on every
/// choice or keystroke, which only updates the run-time's copy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Save {
    /// Hand the progress to the run-time (SCORM SetValue; cmi5 and standalone: this browser's copy).
    Keep,
    /// And make the LMS store it (SCORM Commit; cmi5 the State document).
    Commit,
}

/// The notice shown when progress can only be kept in memory.
const MEMORY_NOTICE: &str =
    "This browser blocks storage here, so your answers are kept only while this page is open.";
/// What a review-only launch says on submit.
const REVIEW_ONLY: &str = "Your LMS opened this assessment for review only, so nothing was recorded.";

// ---------------------------------------------------------------------------------------------------------
// What this page is
// ---------------------------------------------------------------------------------------------------------

/// The packaged index.html's `skillgap-lms` meta tag, read as [`PackageMeta`]; `None` for a page that is
/// not a package (the hosted app).
pub fn package_meta() -> Option<PackageMeta> {
    gloo::utils::document()
        .query_selector(&format!("meta[name='{LMS_META}']"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .and_then(|c| PackageMeta::parse(&c))
}

/// The page's own origin (`location.origin`).
fn page_origin() -> String {
    gloo::utils::window().location().origin().unwrap_or_default()
}

/// What the cmi5 parameters in this page's address (query and fragment) mean for it.
pub fn cmi5_offer_here() -> Cmi5Offer {
    let location = gloo::utils::window().location();
    let (search, hash) = (location.search().unwrap_or_default(), location.hash().unwrap_or_default());
    cmi5_offer(&search, &hash, package_meta().as_ref(), &page_origin())
}

// ---------------------------------------------------------------------------------------------------------
// Browser storage (standalone progress, and cmi5's local copy)
// ---------------------------------------------------------------------------------------------------------

/// Progress in `localStorage` under `skillgap.learner.<assessment id>`, or in memory when storage throws.
struct Local {
    key: String,
    memory: RefCell<Option<String>>,
    use_memory: Cell<bool>,
}

impl Local {
    fn open(a: &LearnerAssessment) -> Self {
        let use_memory = !crate::app::services::storage::available();
        Local { key: format!("skillgap.learner.{}", a.id), memory: RefCell::new(None), use_memory: Cell::new(use_memory) }
    }

    fn load(&self, a: &LearnerAssessment) -> Option<Progress> {
        if self.use_memory.get() {
            return None;
        }
        LocalStorage::raw().get_item(&self.key).ok().flatten().and_then(|t| decode_progress(&t, a))
    }

    fn notice(&self) -> Option<String> {
        self.use_memory.get().then(|| MEMORY_NOTICE.to_string())
    }

    fn save(&self, p: &Progress) -> SaveReport {
        let (text, notes_dropped) = encode_progress(p, SCORM2004_SUSPEND_LIMIT);
        if self.use_memory.get() || LocalStorage::raw().set_item(&self.key, &text).is_err() {
            self.use_memory.set(true);
            *self.memory.borrow_mut() = Some(text);
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

/// The standard SCORM API discovery for version `v`: this window and its parents, then the opener's, then
/// top's opener's.
fn discover(v: ScormVersion) -> Option<JsValue> {
    let (name, max_steps) = (v.api_name(), v.discovery_steps());
    let win: JsValue = web_sys::window()?.into();
    if let Some(api) = find_up(&win, name, max_steps) {
        return Some(api);
    }
    if let Some(api) = prop(&win, "opener").and_then(|o| find_up(&o, name, max_steps)) {
        return Some(api);
    }
    prop(&win, "top").and_then(|t| prop(&t, "opener")).and_then(|o| find_up(&o, name, max_steps))
}

/// A JavaScript value an API function returned, read without assuming it is a string.
fn api_value(v: &JsValue) -> ApiValue {
    if v.is_undefined() {
        ApiValue::Undefined
    } else if v.is_null() {
        ApiValue::Null
    } else if let Some(b) = v.as_bool() {
        ApiValue::Bool(b)
    } else if let Some(n) = v.as_f64() {
        ApiValue::Number(n)
    } else if let Some(s) = v.as_string() {
        ApiValue::Text(s)
    } else {
        ApiValue::Other("[object]".into())
    }
}

/// A thrown JavaScript value as text, for a message.
fn thrown(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    prop(e, "message").and_then(|m| m.as_string()).unwrap_or_else(|| api_value(e).text())
}

/// A SCORM run-time API object found in some window.
#[derive(Clone)]
struct ScormApi {
    v: ScormVersion,
    api: JsValue,
}

impl ScormApi {
    /// Calls `call` with string arguments; what it returned, or why it could not be called.
    fn raw(&self, call: ApiCall, args: &[&str]) -> Result<ApiValue, String> {
        let name = self.v.function(call);
        let f: Function = prop(&self.api, name)
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| format!("it has no {name} function"))?;
        let arr = js_sys::Array::new();
        for a in args {
            arr.push(&JsValue::from_str(a));
        }
        f.apply(&self.api, &arr).map(|v| api_value(&v)).map_err(|e| format!("{name} threw {}", thrown(&e)))
    }

    /// The last error's code ("0" = none) and its text.
    fn last_error(&self) -> (String, String) {
        let code = self.raw(ApiCall::GetLastError, &[]).map(|v| v.error_code()).unwrap_or_else(|_| "0".into());
        if code == "0" {
            return (code, String::new());
        }
        let text = self.raw(ApiCall::GetErrorString, &[&code]).map(|v| v.text()).unwrap_or_default();
        (code, text)
    }

    /// A call whose failure is an error for the learner: it threw, returned false, or the LMS reports an
    /// error code afterwards. `what` says what was being done. `ok_codes` are error codes that are not a
    /// failure of this call.
    fn call(&self, call: ApiCall, what: &str, ok_codes: &[&str]) -> Result<(), LmsError> {
        let name = self.v.function(call);
        let out = self.raw(call, &[""]).map_err(|e| LmsError::new(format!("Your LMS could not {what} ({name}): {e}.")))?;
        let (code, text) = self.last_error();
        if ok_codes.contains(&code.as_str()) {
            return Ok(());
        }
        if code != "0" || out.is_false() {
            let detail = if code != "0" { format!("error {code}{}", describe(&text)) } else { "it answered false".into() };
            return Err(LmsError::new(format!("Your LMS refused to {what} ({name}): {detail}.")));
        }
        Ok(())
    }

    /// Reads an element; `None` when the LMS does not have it (not implemented or not set).
    fn get(&self, element: &str) -> Result<Option<String>, LmsError> {
        let out = self
            .raw(ApiCall::GetValue, &[element])
            .map_err(|e| LmsError::new(format!("Your LMS could not read {element}: {e}.")))?;
        match self.last_error() {
            (c, _) if c == "0" => Ok(Some(out.text())),
            (c, _) if self.v.means_no_value(&c) => Ok(None),
            (c, t) => Err(LmsError::new(format!("Your LMS refused to read {element}: error {c}{}.", describe(&t)))),
        }
    }

    /// Sets an element; a refusal names the element, the value and the LMS's error.
    fn set(&self, element: &str, value: &str) -> Result<(), LmsError> {
        let shown: String = if value.chars().count() > 40 {
            format!("{}… ({} characters)", value.chars().take(40).collect::<String>(), value.chars().count())
        } else {
            value.to_string()
        };
        let what = what_is(element);
        let out = self.raw(ApiCall::SetValue, &[element, value]).map_err(|e| {
            LmsError::new(format!("Your LMS could not record {what} ({element} = {shown}): {e}."))
        })?;
        let (code, text) = self.last_error();
        if code != "0" || out.is_false() {
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

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The current time in UTC as xAPI timestamps want it (ISO 8601).
fn iso_now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// A SCORM session. Its state is in cells, touched only between calls into the LMS.
struct Scorm {
    api: ScormApi,
    started: f64,
    review_only: bool,
    mastery: Option<u8>,
    /// A result was recorded in this launch or an earlier one (so the exit is normal).
    recorded: Cell<bool>,
    finished: Cell<bool>,
    /// The first interaction index of the result, once chosen (kept in the suspend data too).
    base: Cell<Option<usize>>,
    /// The suspend data last handed to the run-time, and whether it has been committed.
    last: RefCell<String>,
    dirty: Cell<bool>,
    exit_set: Cell<bool>,
}

impl Scorm {
    fn start(v: ScormVersion, api: JsValue, a: &LearnerAssessment) -> Result<(Scorm, Launch), LmsError> {
        let api = ScormApi { v, api };
        // "Already initialized" is a reload of a page that never finished: the same attempt carries on.
        if let Err(e) = api.call(ApiCall::Initialize, "start the session", &[v.already_initialized_code()]) {
            if v == ScormVersion::V2004 && api.last_error().0 == "104" {
                return Err(LmsError::new(format!(
                    "{} Your LMS has ended this session: close this page and open the assessment again from your LMS.",
                    e.message
                )));
            }
            return Err(e);
        }
        let learner_name = api.get(v.element(ScormElement::LearnerName))?.and_then(|n| learner_name_from_lms(&n));
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
                api.call(ApiCall::Commit, "save", &[])?;
            }
        }
        let mode = if v == ScormVersion::V12 { Mode::Scorm12 } else { Mode::Scorm2004 };
        let host = gloo::utils::window().location().host().ok().filter(|h| !h.is_empty());
        let s = Scorm {
            api,
            started: now_ms(),
            review_only,
            mastery,
            recorded: Cell::new(resume.as_ref().is_some_and(|p| p.submitted && p.recorded)),
            finished: Cell::new(false),
            base: Cell::new(resume.as_ref().and_then(|p| p.interactions_from)),
            last: RefCell::new(suspend),
            dirty: Cell::new(false),
            exit_set: Cell::new(false),
        };
        Ok((s, Launch { mode, learner_name, resume, review_only, notice, reports_to: host }))
    }

    /// `p` with what this session owns: the interaction base of the result.
    fn overlay(&self, p: &Progress) -> Progress {
        let mut p = p.clone();
        p.interactions_from = self.base.get().or(p.interactions_from);
        p
    }

    /// Hands `p` to the run-time as suspend data (when it changed) and, for `Save::Commit`, commits it.
    fn save(&self, p: &Progress, how: Save) -> Result<SaveReport, LmsError> {
        let v = self.api.v;
        let (text, notes_dropped) = encode_progress(&self.overlay(p), v.suspend_limit());
        if self.review_only || self.finished.get() {
            return Ok(SaveReport { notes_dropped });
        }
        let changed = *self.last.borrow() != text;
        if changed {
            self.api.set(v.element(ScormElement::SuspendData), &text)?;
            *self.last.borrow_mut() = text;
            self.dirty.set(true);
        }
        if !self.exit_set.get() {
            self.api.set(v.element(ScormElement::Exit), v.exit_value(false))?;
            self.exit_set.set(true);
            self.dirty.set(true);
        }
        if how == Save::Commit && self.dirty.get() {
            self.api.call(ApiCall::Commit, "save your progress", &[])?;
            self.dirty.set(false);
        }
        Ok(SaveReport { notes_dropped })
    }

    /// Records the result: the interactions (from the base chosen the first time, so a retry writes over
    /// them), score and status, then the suspend data saying it is recorded, and one commit.
    fn submit(&self, a: &LearnerAssessment, r: &LearnerResult, readiness: f64, p: &Progress) -> Result<SubmitReport, LmsError> {
        if self.review_only {
            return Ok(SubmitReport { message: REVIEW_ONLY.into() });
        }
        let v = self.api.v;
        let base = match self.base.get() {
            Some(b) => b,
            None => {
                let n = self
                    .api
                    .get(v.element(ScormElement::InteractionCount))?
                    .and_then(|n| n.trim().parse::<f64>().ok())
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .map_or(0, |n| n as usize);
                self.base.set(Some(n));
                n
            }
        };
        let record = scorm_submit_values(v, a, r, readiness, self.mastery, now_ms(), base);
        // First the progress as submitted but not yet recorded (so a refusal half-way leaves that), then
        // the result, then the progress as recorded: all in the one commit.
        let mut done = self.overlay(p);
        done.submitted = true;
        done.recorded = false;
        self.save(&done, Save::Keep)?;
        for (element, value) in &record.values {
            self.api.set(element, value)?;
        }
        done.recorded = true;
        self.save(&done, Save::Keep)?;
        self.api.call(ApiCall::Commit, "save the result", &[])?;
        self.dirty.set(false);
        self.recorded.set(true);
        Ok(SubmitReport { message: record.message() })
    }

    /// Ends the session: the latest progress, session time and exit, a commit, and Finish/Terminate.
    fn finish(&self, p: Option<&Progress>) -> Result<(), LmsError> {
        if self.finished.get() {
            return Ok(());
        }
        let v = self.api.v;
        if !self.review_only {
            if let Some(p) = p {
                self.save(p, Save::Keep)?;
            }
            self.api.set(v.element(ScormElement::SessionTime), &v.session_time(now_ms() - self.started))?;
            self.api.set(v.element(ScormElement::Exit), v.exit_value(self.recorded.get()))?;
            self.api.call(ApiCall::Commit, "save", &[])?;
        }
        self.api.call(ApiCall::Terminate, "end the session", &[])?;
        self.finished.set(true);
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// cmi5
// ---------------------------------------------------------------------------------------------------------

/// A cmi5 session. Its state is in cells; nothing is borrowed across an await.
struct Cmi5 {
    launch: Cmi5Launch,
    data: LaunchData,
    token: String,
    started: f64,
    /// The verbs the registration has (from the State document, and what this session sent).
    sent: Cell<Sent>,
    terminated: Cell<bool>,
    /// A State save is being sent; a newer one waits here and is sent next.
    saving: Cell<bool>,
    pending: RefCell<Option<String>>,
    last_state: RefCell<String>,
    /// Where this session's start and end are noted for this tab (a reload carries on the same session).
    session_key: String,
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

/// A request, ready to send: `keepalive` lets it finish after the page has gone.
fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>, keepalive: bool) -> Result<web_sys::Request, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_mode(web_sys::RequestMode::Cors);
    if keepalive {
        let _ = Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    }
    let h = web_sys::Headers::new().map_err(|e| thrown(&e))?;
    for (k, v) in headers {
        h.set(k, v).map_err(|e| thrown(&e))?;
    }
    init.set_headers(&h);
    if let Some(b) = body {
        init.set_body(&JsValue::from_str(b));
    }
    web_sys::Request::new_with_str_and_init(url, &init).map_err(|e| thrown(&e))
}

/// One HTTP request; the answer's status and text. Network failures become `Err(reason)`.
async fn http(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Result<(u16, String), String> {
    let req = request(method, url, headers, body, false)?;
    let window = web_sys::window().ok_or("there is no browser window")?;
    let resp = JsFuture::from(window.fetch_with_request(&req)).await.map_err(|e| thrown(&e))?;
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

/// " (the answer)" for a message, or nothing when the answer is empty.
fn answer(text: &str) -> String {
    if text.trim().is_empty() { String::new() } else { format!(" ({})", short(text)) }
}

/// What a cmi5 session needs to talk to the LRS, cloned out so no borrow is held across an await.
#[derive(Clone)]
struct Lrs {
    launch: Cmi5Launch,
    token: String,
}

impl Lrs {
    fn auth(&self) -> String {
        format!("Basic {}", self.token)
    }

    async fn get(&self, url: &str) -> Result<(u16, String), String> {
        let auth = self.auth();
        http("GET", url, &[("Authorization", auth.as_str()), ("X-Experience-API-Version", "1.0.3")], None).await
    }

    /// PUTs `statement` (its id in the URL).
    async fn put_statement(&self, statement: &Value, what: &str) -> Result<(), LmsError> {
        let id = statement["id"].as_str().unwrap_or_default();
        let url = cmi5_statement_url(&self.launch, id);
        let auth = self.auth();
        let headers =
            [("Authorization", auth.as_str()), ("X-Experience-API-Version", "1.0.3"), ("Content-Type", "application/json")];
        let (status, text) = http("PUT", &url, &headers, Some(&statement.to_string()))
            .await
            .map_err(|e| LmsError::new(format!("Could not send \u{201c}{what}\u{201d} to your LMS: {e}.")))?;
        if !(200..300).contains(&status) {
            return Err(LmsError::new(format!(
                "Your LMS refused the \u{201c}{what}\u{201d} statement: HTTP {status}{}.",
                answer(&text)
            )));
        }
        Ok(())
    }

    fn state_headers(&self) -> [(&'static str, String); 3] {
        [
            ("Authorization", self.auth()),
            ("X-Experience-API-Version", "1.0.3".to_string()),
            ("Content-Type", "application/json".to_string()),
        ]
    }

    /// PUTs the progress State document.
    async fn put_state(&self, doc: &str) -> Result<(), LmsError> {
        let h = self.state_headers();
        let headers: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, text) = http("PUT", &cmi5_progress_url(&self.launch), &headers, Some(doc))
            .await
            .map_err(|e| LmsError::new(format!("Could not save your progress in your LMS: {e}.")))?;
        if !(200..300).contains(&status) {
            return Err(LmsError::new(format!("Your LMS refused to save your progress: HTTP {status}{}.", answer(&text))));
        }
        Ok(())
    }

    /// Starts a PUT that may finish after the page has gone (`keepalive`); its answer is not awaited.
    fn put_state_keepalive(&self, doc: &str) {
        let h = self.state_headers();
        let headers: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let (Some(w), Ok(req)) = (web_sys::window(), request("PUT", &cmi5_progress_url(&self.launch), &headers, Some(doc), true)) {
            let _ = w.fetch_with_request(&req);
        }
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
                        answer(&text)
                    )));
                }
                let t = parse_auth_token(&text).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
                let _ = SessionStorage::raw().set_item(&token_key, &t);
                t
            }
        };
        let lrs = Lrs { launch: launch.clone(), token: token.clone() };
        let (status, text) = lrs
            .get(&cmi5_launch_data_url(&launch))
            .await
            .map_err(|e| LmsError::new(format!("Could not read the launch data from your LMS: {e}.")))?;
        if status != 200 {
            return Err(LmsError::new(format!(
                "Your LMS did not give the launch data (LMS.LaunchData): HTTP {status}{}.",
                answer(&text)
            )));
        }
        let data = parse_launch_data(&text).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
        // §11: the learner preferences are read at start-up (the pages are in English and silent, so
        // neither preference changes what they show).
        let (status, text) = lrs
            .get(&cmi5_preferences_url(&launch))
            .await
            .map_err(|e| LmsError::new(format!("Could not read your learner preferences from your LMS: {e}.")))?;
        match status {
            200 => {
                parse_learner_preferences(&text).map_err(|e| LmsError::new(format!("Could not start: {e}.")))?;
            }
            204 | 404 => {}
            s => {
                return Err(LmsError::new(format!(
                    "Your LMS did not give your learner preferences (cmi5LearnerPreferences): HTTP {s}{}.",
                    answer(&text)
                )))
            }
        }
        // The progress kept in the LMS: the same on every device this registration is opened on.
        let (status, text) = lrs
            .get(&cmi5_progress_url(&launch))
            .await
            .map_err(|e| LmsError::new(format!("Could not read your saved progress from your LMS: {e}.")))?;
        let mut notice = None;
        let saved = match status {
            200 => parse_progress_state_doc(&text),
            204 | 404 => None,
            s => {
                return Err(LmsError::new(format!("Your LMS did not give your saved progress: HTTP {s}{}.", answer(&text))))
            }
        };
        let from_lms = saved.as_deref().and_then(|t| decode_progress(t, a));
        if saved.is_some() && from_lms.is_none() {
            notice = Some("Your LMS holds saved progress this link cannot use (another version of the assessment), so you start afresh.".into());
        }
        // Only the LMS's copy: this browser's storage is not per registration.
        let resume = from_lms;
        let session = data.session_id().map_or_else(|| launch.fetch.clone(), str::to_string);
        let session_key = format!("skillgap.cmi5.session.{session}");
        let noted = SessionStorage::raw().get_item(&session_key).ok().flatten().unwrap_or_default();
        if noted == "terminated" {
            return Err(LmsError::new(
                "This LMS session has ended. Close this page and open the assessment again from your LMS; your progress is saved there.",
            ));
        }
        let learner_name = launch.actor.get("name").and_then(Value::as_str).map(str::trim).filter(|n| !n.is_empty()).map(str::to_string);
        let review_only = data.review_only();
        let reports_to = Some(host_of(&launch.endpoint));
        let c = Cmi5 {
            sent: Cell::new(resume.as_ref().map_or(Sent::default(), |p| p.sent)),
            launch,
            data,
            token,
            started: now_ms(),
            terminated: Cell::new(false),
            saving: Cell::new(false),
            pending: RefCell::new(None),
            last_state: RefCell::new(saved.unwrap_or_default()),
            session_key,
        };
        // One initialized per session: a reload of this launch carries on without another.
        if noted.is_empty() {
            let s = c.statement(Cmi5Verb::Initialized, None);
            c.lrs().put_statement(&s, "initialized").await?;
            let _ = SessionStorage::raw().set_item(&c.session_key, "initialized");
        }
        Ok((c, Launch { mode: Mode::Cmi5, learner_name, resume, review_only, notice, reports_to }))
    }

    fn lrs(&self) -> Lrs {
        Lrs { launch: self.launch.clone(), token: self.token.clone() }
    }

    fn statement(&self, verb: Cmi5Verb, scaled: Option<f64>) -> Value {
        let duration = iso_duration(now_ms() - self.started);
        cmi5_statement(verb, &self.launch, &self.data, &uuid_v4(), &iso_now(), &duration, scaled)
    }

    /// `p` with what this session owns: the verbs the registration has.
    fn overlay(&self, p: &Progress) -> Progress {
        let mut p = p.clone();
        p.sent = p.sent.union(self.sent.get());
        p
    }

    /// The State document for `p`, and whether notes had to be left out.
    fn doc(&self, p: &Progress) -> (String, bool) {
        let (code, dropped) = encode_progress(&self.overlay(p), SCORM2004_SUSPEND_LIMIT);
        (progress_state_doc(&code), dropped)
    }

    /// For `Save::Commit`, keeps `p` in the LMS's State document (the page holds it until then). Saves are
    /// sent one at a time, the newest last.
    async fn save(&self, p: &Progress, how: Save) -> Result<SaveReport, LmsError> {
        let (doc, notes_dropped) = self.doc(p);
        let report = SaveReport { notes_dropped };
        if self.data.review_only() || self.terminated.get() || how == Save::Keep {
            return Ok(report);
        }
        if *self.last_state.borrow() == doc {
            return Ok(report);
        }
        *self.pending.borrow_mut() = Some(doc);
        if self.saving.replace(true) {
            return Ok(report); // the save in flight sends it next
        }
        let lrs = self.lrs();
        let mut result = Ok(report);
        loop {
            let next = self.pending.borrow_mut().take();
            let Some(doc) = next else { break };
            match lrs.put_state(&doc).await {
                Ok(()) => *self.last_state.borrow_mut() = doc,
                Err(e) => result = Err(e),
            }
        }
        self.saving.set(false);
        result
    }

    /// Sends what the registration does not have yet of completed and passed/failed, then saves the
    /// progress as recorded.
    async fn submit(&self, readiness: f64, p: &Progress) -> Result<SubmitReport, LmsError> {
        if self.data.review_only() {
            return Ok(SubmitReport { message: REVIEW_ONLY.into() });
        }
        if self.terminated.get() {
            return Err(LmsError::new("This LMS session has ended; open the assessment again from your LMS to send your result."));
        }
        let ids = [uuid_v4(), uuid_v4()];
        let duration = iso_duration(now_ms() - self.started);
        let (statements, outcome, score) =
            cmi5_submit_statements(&self.launch, &self.data, readiness, self.sent.get(), &ids, &iso_now(), &duration);
        let lrs = self.lrs();
        for (verb, s) in &statements {
            lrs.put_statement(s, verb.word()).await?;
            self.sent.set(verb.mark(self.sent.get()));
        }
        let mut done = p.clone();
        done.submitted = true;
        done.recorded = true;
        self.save(&done, Save::Commit).await?;
        Ok(SubmitReport { message: recorded_message(outcome, score, self.data.mastery_percent()) })
    }

    /// Saves `p` and sends terminated (nothing can follow it); returns the LMS's returnURL.
    async fn finish(&self, p: Option<&Progress>) -> Result<Option<String>, LmsError> {
        if self.terminated.get() {
            return Ok(self.data.return_url.clone());
        }
        if let Some(p) = p {
            self.save(p, Save::Commit).await?;
        }
        let s = self.statement(Cmi5Verb::Terminated, None);
        self.lrs().put_statement(&s, "terminated").await?;
        self.terminated.set(true);
        let _ = SessionStorage::raw().set_item(&self.session_key, "terminated");
        Ok(self.data.return_url.clone())
    }

    /// The page is going away: its progress goes to the LMS with a request that outlives the page. The
    /// session is not terminated — a reload carries on with it; a closed tab is for the LMS to mark
    /// abandoned (§9.3.6).
    fn leave(&self, p: &Progress) {
        if self.data.review_only() || self.terminated.get() {
            return;
        }
        let (doc, _) = self.doc(p);
        if *self.last_state.borrow() != doc {
            self.lrs().put_state_keepalive(&doc);
            *self.last_state.borrow_mut() = doc;
        }
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
pub struct Session(Rc<Inner>);

impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The notice for a page that found cmi5 parameters it will not use.
fn ignored_cmi5(host: &str) -> String {
    let to = if host.is_empty() { String::new() } else { format!(" for {host}") };
    format!(
        "This page was opened with cmi5 launch details{to}, but it is not a cmi5 package, so it reports to no LMS and \
         contacts nobody. Your answers stay in this browser; send your result code to your trainer."
    )
}

impl Session {
    /// Detects who launched us (see the module's documentation), connects (SCORM Initialize; cmi5 token,
    /// LaunchData, learner preferences, saved progress, initialized) and reads saved progress for `a`.
    pub async fn start(a: &LearnerAssessment) -> Result<(Session, Launch), LmsError> {
        let meta = package_meta();
        let offer = cmi5_offer_here();
        let mut notice = None;
        let scorm = |v: ScormVersion| -> Option<Result<(Backend, Launch), LmsError>> {
            let api = discover(v)?;
            Some(Scorm::start(v, api, a).map(|(s, l)| (Backend::Scorm(s), l)))
        };
        let found = match (meta.as_ref().map(|m| m.kind), offer) {
            (Some(PackageKind::Cmi5), Cmi5Offer::Allowed { launch, .. }) => {
                let (c, l) = Cmi5::start(launch, a).await?;
                Some(Ok((Backend::Cmi5(c), l)))
            }
            (Some(PackageKind::Cmi5), Cmi5Offer::Refused(why)) => {
                return Err(LmsError::new(format!("Could not start: {why}.")));
            }
            (Some(PackageKind::Cmi5), _) => None,
            (Some(k), offer) => {
                if let Cmi5Offer::Ignored { host } = offer {
                    notice = Some(ignored_cmi5(&host));
                }
                k.scorm().and_then(scorm)
            }
            (None, offer) => {
                if let Cmi5Offer::Ignored { host } = offer {
                    notice = Some(ignored_cmi5(&host));
                }
                scorm(ScormVersion::V2004).or_else(|| scorm(ScormVersion::V12))
            }
        };
        let (backend, mut launch) = match found {
            Some(r) => r?,
            None => {
                let local = Local::open(a);
                let launch = Launch {
                    mode: Mode::Standalone,
                    learner_name: None,
                    resume: local.load(a),
                    review_only: false,
                    notice: local.notice(),
                    reports_to: None,
                };
                (Backend::Standalone(local), launch)
            }
        };
        if let Some(n) = notice {
            launch.notice = Some(match launch.notice.take() {
                Some(other) => format!("{n} {other}"),
                None => n,
            });
        }
        Ok((Session(Rc::new(Inner { mode: launch.mode, backend })), launch))
    }

    /// Who launched us.
    pub fn mode(&self) -> Mode {
        self.0.mode
    }

    /// Saves progress: LMS suspend data (within the version's limit), exit = suspend, and for
    /// `Save::Commit` a commit; cmi5 this browser's copy and, for `Save::Commit`, the State document;
    /// standalone this browser's storage.
    pub async fn save(&self, p: &Progress, how: Save) -> Result<SaveReport, LmsError> {
        match &self.0.backend {
            Backend::Standalone(local) => Ok(local.save(p)),
            Backend::Scorm(s) => s.save(p, how),
            Backend::Cmi5(c) => c.save(p, how).await,
        }
    }

    /// Records the submitted result: one likert interaction per skill, the score (readiness 0–100) and the
    /// status (passed/failed only with a mastery score from the LMS), and the progress `p` marked recorded,
    /// in one commit; cmi5 sends completed (and passed/failed) — what the registration does not have yet —
    /// and saves the progress. Sending again after a refusal writes over the same interactions.
    pub async fn submit(&self, a: &LearnerAssessment, r: &LearnerResult, readiness: f64, p: &Progress) -> Result<SubmitReport, LmsError> {
        match &self.0.backend {
            Backend::Standalone(_) => Ok(SubmitReport { message: String::new() }),
            Backend::Scorm(s) => s.submit(a, r, readiness, p),
            Backend::Cmi5(c) => c.submit(readiness, p).await,
        }
    }

    /// Ends the session (SCORM: the latest progress, session time, exit and Finish/Terminate; cmi5: the
    /// progress and terminated). Returns where to go next (cmi5 returnURL), if anywhere. Finishing twice does
    /// nothing the second time.
    pub async fn finish(&self, p: Option<&Progress>) -> Result<Option<String>, LmsError> {
        match &self.0.backend {
            Backend::Standalone(local) => {
                if let Some(p) = p {
                    local.save(p);
                }
                Ok(None)
            }
            Backend::Scorm(s) => s.finish(p).map(|_| None),
            Backend::Cmi5(c) => c.finish(p).await,
        }
    }

    /// The page is going away (`pagehide`): everything is saved at once. A page put in the back-forward
    /// cache (`persisted`) may come back, so SCORM only commits; one that is unloading ends the SCORM
    /// session as SCORM requires (session time, exit, Finish/Terminate). cmi5 keeps the progress in the
    /// LMS with a request that outlives the page.
    pub fn leave(&self, p: &Progress, persisted: bool) {
        match &self.0.backend {
            Backend::Standalone(local) => {
                local.save(p);
            }
            Backend::Scorm(s) => {
                let _ = if persisted { s.save(p, Save::Commit).map(|_| ()) } else { s.finish(Some(p)) };
            }
            Backend::Cmi5(c) => c.leave(p),
        }
    }

    /// Whether the session has ended (Finish/Terminate or terminated sent).
    pub fn finished(&self) -> bool {
        match &self.0.backend {
            Backend::Standalone(_) => false,
            Backend::Scorm(s) => s.finished.get(),
            Backend::Cmi5(c) => c.terminated.get(),
        }
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

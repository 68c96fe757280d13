//! cmi5, the content (AU) side (the cmi5 specification, Quartz): the launch parameters the LMS appends to
//! the AU's URL (§8.1) — in the query, or after a `#fragment` where the URL had one — the LMS.LaunchData
//! document (§10), the learner preferences the AU must read at start-up (§11), the statements it sends
//! (§9) and the State API document that keeps the learner's progress in the LMS, so that a reload or a
//! second device resumes (and never sends a verb the registration already has).
//!
//! A launch is honoured only where it can be one: the page is a cmi5 package (its index.html says so)
//! and the LMS's endpoint and fetch URLs are on the page's own origin or on an origin the package was
//! made to allow ([`cmi5_origins`]). Any other page that finds cmi5 parameters in its address contacts
//! nobody.

use serde_json::{json, Map, Value};

use super::progress::Sent;
use super::scorm::{score_of, Outcome};

/// The cmi5 launch parameters an LMS appends to the AU's URL (cmi5 spec §8.1).
#[derive(Clone, Debug, PartialEq)]
pub struct Cmi5Launch {
    /// The LRS endpoint (xAPI base URL).
    pub endpoint: String,
    /// The URL to POST once for the authorization token.
    pub fetch: String,
    /// The learner as an xAPI Agent (JSON object).
    pub actor: Value,
    pub registration: String,
    /// The AU's activity id: every statement's object.
    pub activity_id: String,
}

const CMI5_PARAMS: [&str; 5] = ["endpoint", "fetch", "actor", "registration", "activityId"];

/// Decodes `%xx` escapes and `+` (a space) in one query-string component; `None` for a bad escape or
/// text that is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Encodes a query-string component: everything but letters, digits and `-._~` as `%XX`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The name=value pairs of a URL's query (`?` optional) followed by those an LMS appended to its fragment
/// (`#…?name=value…` or `#…&name=value…`: the LMS adds its parameters to the AU's URL as it stands).
fn launch_pairs<'a>(search: &'a str, hash: &'a str) -> impl Iterator<Item = &'a str> {
    let query = search.strip_prefix('?').unwrap_or(search);
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let in_hash = hash.find(['?', '&']).map_or("", |i| &hash[i + 1..]);
    query.split('&').chain(in_hash.split('&')).filter(|p| !p.is_empty())
}

/// Reads the cmi5 launch parameters from a URL's query (`?` optional). `Ok(None)` when none of them is
/// there (not a cmi5 launch); an error naming what is wrong when some are missing or unreadable.
pub fn parse_cmi5_launch(query: &str) -> Result<Option<Cmi5Launch>, String> {
    parse_cmi5_launch_url(query, "")
}

/// Reads the cmi5 launch parameters wherever the LMS put them: the query `search` (`location.search`)
/// and the part of the fragment `hash` (`location.hash`) after its first `?` or `&`. A parameter given in
/// both places is taken from the query.
pub fn parse_cmi5_launch_url(search: &str, hash: &str) -> Result<Option<Cmi5Launch>, String> {
    let mut found: [Option<String>; 5] = Default::default();
    for pair in launch_pairs(search, hash) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(k) = percent_decode(k) else { continue };
        if let Some(i) = CMI5_PARAMS.iter().position(|p| *p == k) {
            let v = percent_decode(v)
                .ok_or_else(|| format!("the cmi5 launch parameter \u{201c}{k}\u{201d} is not correctly encoded"))?;
            found[i].get_or_insert(v);
        }
    }
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    let missing: Vec<&str> = CMI5_PARAMS
        .iter()
        .zip(&found)
        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "this looks like a cmi5 launch, but the LMS did not give {} (launch parameters: {})",
            missing.join(", "),
            CMI5_PARAMS.join(", ")
        ));
    }
    let [endpoint, fetch, actor, registration, activity_id] = found.map(|v| v.unwrap_or_default());
    let actor: Value = serde_json::from_str(&actor)
        .map_err(|e| format!("the cmi5 launch parameter \u{201c}actor\u{201d} is not JSON: {e}"))?;
    if !actor.is_object() {
        return Err("the cmi5 launch parameter \u{201c}actor\u{201d} is not an xAPI Agent (a JSON object)".into());
    }
    for (name, url) in [("endpoint", &endpoint), ("fetch", &fetch)] {
        if super::embed::origin_of(url).is_none() {
            return Err(format!("the cmi5 launch parameter \u{201c}{name}\u{201d} is not an http(s) URL: {url}"));
        }
    }
    Ok(Some(Cmi5Launch { endpoint, fetch, actor, registration, activity_id }))
}

/// The origins a cmi5 launch makes the page contact — its endpoint's and its fetch URL's — when the page
/// may: each must be the page's own origin `page_origin` or one of `allowed` (fixed in the cmi5 package
/// when it was made). The error names the origin that is not allowed and where the package may report.
pub fn cmi5_origins(launch: &Cmi5Launch, page_origin: &str, allowed: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for (what, url) in [("endpoint", &launch.endpoint), ("fetch URL", &launch.fetch)] {
        let origin = super::embed::origin_of(url).unwrap_or_default();
        if origin != page_origin.to_ascii_lowercase() && !allowed.iter().any(|a| a.eq_ignore_ascii_case(&origin)) {
            let may = std::iter::once(page_origin.to_string()).chain(allowed.iter().cloned()).collect::<Vec<_>>().join(", ");
            return Err(format!(
                "the LMS launched this package with its {what} at {origin}, but the package may report only to {may}; nothing was sent"
            ));
        }
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a list of origins typed for a cmi5 package (white space or commas between them): each an
/// `http(s)://host[:port]` with nothing after it. Returned lower-case, sorted, without repeats.
pub fn parse_origin_list(text: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for item in text.split([' ', ',', '\n', '\t', '\r']).map(str::trim).filter(|s| !s.is_empty()) {
        let trimmed = item.trim_end_matches('/');
        let bare = trimmed.split_once("://").is_some_and(|(_, rest)| !rest.contains(['/', '?', '#', '@', '\\']));
        match super::embed::origin_of(trimmed) {
            Some(o) if bare => {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            _ => {
                return Err(format!(
                    "\u{201c}{item}\u{201d} is not a site address such as https://lrs.example.com (scheme and host, nothing after them)"
                ))
            }
        }
    }
    out.sort();
    Ok(out)
}

/// cmi5 launch modes (LMS.LaunchData `launchMode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaunchMode {
    Normal,
    Browse,
    Review,
}

/// The LMS.LaunchData document the AU reads from the State API (cmi5 spec §10).
#[derive(Clone, Debug, PartialEq)]
pub struct LaunchData {
    /// Merged into every statement's context (holds the session id extension).
    pub context_template: Value,
    pub launch_mode: LaunchMode,
    /// The scaled score (0–1) at or above which the learner passes, when the course sets one.
    pub mastery_score: Option<f64>,
    /// Passed, Completed, CompletedAndPassed, CompletedOrPassed or NotApplicable.
    pub move_on: String,
    /// Where to send the learner when they finish.
    pub return_url: Option<String>,
}

/// The context extension that carries the session id (§9.6.3.1).
pub const SESSION_EXTENSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";

impl LaunchData {
    /// Whether the LMS opened the AU for browsing or review only: only initialized and terminated are sent.
    pub fn review_only(&self) -> bool {
        self.launch_mode != LaunchMode::Normal
    }

    /// The mastery score as a 0–100 whole number (for the result message).
    pub fn mastery_percent(&self) -> Option<u8> {
        self.mastery_score.map(|m| (m * 100.0).round().clamp(0.0, 100.0) as u8)
    }

    /// The session id the LMS put in the context template (one AU launch session).
    pub fn session_id(&self) -> Option<&str> {
        self.context_template.get("extensions")?.get(SESSION_EXTENSION)?.as_str()
    }
}

/// Reads LMS.LaunchData. The error says which field is missing or wrong.
pub fn parse_launch_data(text: &str) -> Result<LaunchData, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("the LMS's launch data is not JSON: {e}"))?;
    let obj = v.as_object().ok_or("the LMS's launch data is not a JSON object")?;
    let context_template = obj.get("contextTemplate").cloned().unwrap_or(Value::Null);
    if !context_template.is_object() {
        return Err("the LMS's launch data has no contextTemplate object".into());
    }
    let launch_mode = match obj.get("launchMode").and_then(Value::as_str) {
        Some("Normal") => LaunchMode::Normal,
        Some("Browse") => LaunchMode::Browse,
        Some("Review") => LaunchMode::Review,
        Some(other) => return Err(format!("the LMS's launch data has an unknown launchMode \u{201c}{other}\u{201d}")),
        None => return Err("the LMS's launch data has no launchMode".into()),
    };
    let mastery_score = match obj.get("masteryScore") {
        None | Some(Value::Null) => None,
        Some(m) => match m.as_f64() {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            _ => return Err(format!("the LMS's launch data has a masteryScore outside 0–1: {m}")),
        },
    };
    let move_on = obj.get("moveOn").and_then(Value::as_str).unwrap_or("NotApplicable").to_string();
    let return_url = obj.get("returnURL").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
    Ok(LaunchData { context_template, launch_mode, mastery_score, move_on, return_url })
}

/// The learner preferences (§11): languages in order of preference, and audio on or off.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LearnerPreferences {
    pub languages: Vec<String>,
    pub audio: Option<bool>,
}

/// Reads the `cmi5LearnerPreferences` Agent Profile document. A missing document (HTTP 404) is the
/// default; unreadable JSON is an error.
pub fn parse_learner_preferences(text: &str) -> Result<LearnerPreferences, String> {
    if text.trim().is_empty() {
        return Ok(LearnerPreferences::default());
    }
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("the LMS's learner preferences are not JSON: {e}"))?;
    let languages = v
        .get("languagePreference")
        .and_then(Value::as_str)
        .map(|s| s.split(',').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default();
    let audio = match v.get("audioPreference").and_then(Value::as_str) {
        Some("on") => Some(true),
        Some("off") => Some(false),
        _ => None,
    };
    Ok(LearnerPreferences { languages, audio })
}

/// The cmi5-defined verbs this AU sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmi5Verb {
    Initialized,
    Completed,
    Passed,
    Failed,
    Terminated,
}

impl Cmi5Verb {
    /// The verb's display word.
    pub fn word(self) -> &'static str {
        match self {
            Cmi5Verb::Initialized => "initialized",
            Cmi5Verb::Completed => "completed",
            Cmi5Verb::Passed => "passed",
            Cmi5Verb::Failed => "failed",
            Cmi5Verb::Terminated => "terminated",
        }
    }

    /// The ADL verb id.
    pub fn id(self) -> String {
        format!("http://adlnet.gov/expapi/verbs/{}", self.word())
    }

    /// `sent` with this verb recorded.
    pub fn mark(self, sent: Sent) -> Sent {
        let mut s = sent;
        match self {
            Cmi5Verb::Completed => s.completed = true,
            Cmi5Verb::Passed => s.passed = true,
            Cmi5Verb::Failed => s.failed = true,
            _ => {}
        }
        s
    }
}

/// The cmi5 category every cmi5-defined statement carries.
pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The category of statements that count towards moveOn (completed, passed, failed).
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
/// The context extension passed/failed statements carry the mastery score in.
pub const MASTERY_EXTENSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

/// One cmi5-defined statement. `id` (a UUID) and `timestamp` (ISO 8601, UTC) come from the caller;
/// `duration` (ISO 8601, see [`super::iso_duration`]) goes in the result of completed, passed, failed and
/// terminated; `scaled` (0–1) only in passed and failed. The context is the LaunchData's contextTemplate,
/// none of whose values is overwritten, with the registration and the cmi5 category added (and the moveOn
/// category on completed, passed and failed, and the mastery score extension on passed and failed).
pub fn cmi5_statement(
    verb: Cmi5Verb,
    launch: &Cmi5Launch,
    data: &LaunchData,
    id: &str,
    timestamp: &str,
    duration: &str,
    scaled: Option<f64>,
) -> Value {
    let mut context = match &data.context_template {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    context.entry("registration").or_insert_with(|| Value::String(launch.registration.clone()));
    let activities = context.entry("contextActivities").or_insert_with(|| json!({}));
    if !activities.is_object() {
        *activities = json!({});
    }
    let category = activities.as_object_mut().expect("made an object above").entry("category").or_insert_with(|| json!([]));
    if !category.is_array() {
        *category = json!([]);
    }
    let category = category.as_array_mut().expect("made an array above");
    let moves_on = matches!(verb, Cmi5Verb::Completed | Cmi5Verb::Passed | Cmi5Verb::Failed);
    for (wanted, cat) in [(true, CMI5_CATEGORY), (moves_on, MOVEON_CATEGORY)] {
        if wanted && !category.iter().any(|c| c.get("id").and_then(Value::as_str) == Some(cat)) {
            category.push(json!({ "id": cat, "objectType": "Activity" }));
        }
    }
    let judged = matches!(verb, Cmi5Verb::Passed | Cmi5Verb::Failed);
    if let (true, Some(m)) = (judged, data.mastery_score) {
        let ext = context.entry("extensions").or_insert_with(|| json!({}));
        if !ext.is_object() {
            *ext = json!({});
        }
        ext.as_object_mut().expect("made an object above").entry(MASTERY_EXTENSION).or_insert(json!(m));
    }
    let mut statement = json!({
        "id": id,
        "timestamp": timestamp,
        "actor": launch.actor,
        "verb": { "id": verb.id(), "display": { "en-US": verb.word() } },
        "object": { "id": launch.activity_id, "objectType": "Activity" },
        "context": Value::Object(context),
    });
    let result = match verb {
        Cmi5Verb::Initialized => None,
        Cmi5Verb::Terminated => Some(json!({ "duration": duration })),
        Cmi5Verb::Completed => Some(json!({ "completion": true, "duration": duration })),
        Cmi5Verb::Passed | Cmi5Verb::Failed => {
            let mut r = json!({ "success": verb == Cmi5Verb::Passed, "duration": duration });
            if let Some(s) = scaled {
                r["score"] = json!({ "scaled": (s.clamp(0.0, 1.0) * 100.0).round() / 100.0 });
            }
            Some(r)
        }
    };
    if let Some(r) = result {
        statement["result"] = r;
    }
    statement
}

/// The statements a submission sends, in order, with their verbs: none in Browse/Review; else completed,
/// then passed or failed (with the score) only when the LaunchData has a masteryScore — leaving out what
/// the registration already has (`sent`): cmi5 allows one completed and one passed per registration, and
/// no failed after a passed. `ids` supplies a fresh statement id for each (two are enough). Also returns
/// the outcome and score for the learner's message.
pub fn cmi5_submit_statements(
    launch: &Cmi5Launch,
    data: &LaunchData,
    readiness_0_100: f64,
    sent: Sent,
    ids: &[String],
    timestamp: &str,
    duration: &str,
) -> (Vec<(Cmi5Verb, Value)>, Outcome, u8) {
    let score = score_of(readiness_0_100);
    // Judged on the scaled score against the scaled mastery score itself (no rounding of the mark).
    let outcome = match data.mastery_score {
        None => Outcome::Completed,
        Some(m) if score as f64 / 100.0 + 1e-9 >= m => Outcome::Passed,
        Some(_) => Outcome::Failed,
    };
    if data.review_only() {
        return (Vec::new(), outcome, score);
    }
    let mut verbs = Vec::new();
    if !sent.completed {
        verbs.push(Cmi5Verb::Completed);
    }
    match outcome {
        Outcome::Passed if !sent.passed => verbs.push(Cmi5Verb::Passed),
        Outcome::Failed if !sent.passed && !sent.failed => verbs.push(Cmi5Verb::Failed),
        _ => {}
    }
    let scaled = score as f64 / 100.0;
    let out = verbs
        .into_iter()
        .enumerate()
        .map(|(i, verb)| {
            let id = ids.get(i).cloned().unwrap_or_default();
            let s = (verb != Cmi5Verb::Completed).then_some(scaled);
            (verb, cmi5_statement(verb, launch, data, &id, timestamp, duration, s))
        })
        .collect();
    (out, outcome, score)
}

/// Joins the LRS endpoint and a resource path (`statements`, `activities/state`) with one `/`.
fn lrs_url(endpoint: &str, resource: &str) -> String {
    format!("{}/{resource}", endpoint.trim_end_matches('/'))
}

/// The State API URL of the document `state_id` for this launch's activity, agent and registration.
pub fn cmi5_state_url(launch: &Cmi5Launch, state_id: &str) -> String {
    format!(
        "{}?stateId={}&activityId={}&agent={}&registration={}",
        lrs_url(&launch.endpoint, "activities/state"),
        percent_encode(state_id),
        percent_encode(&launch.activity_id),
        percent_encode(&launch.actor.to_string()),
        percent_encode(&launch.registration)
    )
}

/// The State API URL of the LMS.LaunchData document for this launch.
pub fn cmi5_launch_data_url(launch: &Cmi5Launch) -> String {
    cmi5_state_url(launch, "LMS.LaunchData")
}

/// The id of the State API document in which the learner's progress is kept (one per activity, agent and
/// registration: the same on every device).
pub const PROGRESS_STATE_ID: &str = "https://skillgap.app/xapi/state/progress";

/// The State API URL of the learner's progress document.
pub fn cmi5_progress_url(launch: &Cmi5Launch) -> String {
    cmi5_state_url(launch, PROGRESS_STATE_ID)
}

/// The progress State document: `{"progress": "<p1 code>"}` (JSON, so an LRS may merge it).
pub fn progress_state_doc(code: &str) -> String {
    json!({ "progress": code }).to_string()
}

/// The progress code in a progress State document; `None` when it holds none.
pub fn parse_progress_state_doc(text: &str) -> Option<String> {
    let v: Value = serde_json::from_str(text).ok()?;
    v.get("progress")?.as_str().map(str::to_string)
}

/// The Agent Profile URL of the learner preferences document (§11).
pub fn cmi5_preferences_url(launch: &Cmi5Launch) -> String {
    format!(
        "{}?agent={}&profileId=cmi5LearnerPreferences",
        lrs_url(&launch.endpoint, "agents/profile"),
        percent_encode(&launch.actor.to_string())
    )
}

/// The Statement API URL to PUT the statement with id `id` to.
pub fn cmi5_statement_url(launch: &Cmi5Launch, id: &str) -> String {
    format!("{}?statementId={}", lrs_url(&launch.endpoint, "statements"), percent_encode(id))
}

/// Reads the fetch URL's answer: `{"auth-token": "…"}`, or `{"error-code": "1", "error-text": "…"}`.
pub fn parse_auth_token(text: &str) -> Result<String, String> {
    let v: Value = serde_json::from_str(text).map_err(|_| "the LMS's answer to the token request is not JSON".to_string())?;
    if let Some(t) = v.get("auth-token").and_then(Value::as_str).filter(|t| !t.is_empty()) {
        return Ok(t.to_string());
    }
    let code = v.get("error-code").map(|c| c.to_string().trim_matches('"').to_string());
    let text = v.get("error-text").and_then(Value::as_str);
    Err(match (code.as_deref(), text) {
        (Some("1"), _) => "the LMS says this launch's token was already fetched; open the assessment again from the LMS".into(),
        (Some(c), Some(t)) => format!("the LMS refused the token request (error {c}: {t})"),
        (Some(c), None) => format!("the LMS refused the token request (error {c})"),
        _ => "the LMS's answer to the token request holds no auth-token".into(),
    })
}

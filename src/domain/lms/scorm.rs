//! SCORM run-time values: which data-model elements the learner pages read and write, and every value in
//! the exact lexical form of its data type — SCORM 2004 4th edition RTE §4.1 (`time(second,10,0)`: at most
//! two fractional digits of seconds and a time zone only after them; `timeinterval(second,10,2)`;
//! `real(10,7)`: at most seven decimals; `long_identifier_type`: a URN of at most 4,000 characters;
//! `short_identifier_type`; `localized_string_type` of at most 250 characters) and the SCORM 1.2 RTE
//! (`CMIIdentifier`, `CMITimespan` `HHHH:MM:SS.SS`, `CMIDecimal` 0–100, the vocabularies). Also how the
//! run-time's answers are read: real run-times return numbers and booleans as well as strings.

use crate::domain::learner::{Answer, LearnerAssessment, LearnerResult};

use super::progress::{SCORM12_SUSPEND_LIMIT, SCORM2004_SUSPEND_LIMIT};

/// Which SCORM edition the LMS speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScormVersion {
    /// SCORM 1.2 (`window.API`).
    V12,
    /// SCORM 2004 4th edition (`window.API_1484_11`).
    V2004,
}

impl ScormVersion {
    /// How the version is named to people.
    pub fn label(self) -> &'static str {
        match self {
            ScormVersion::V12 => "SCORM 1.2",
            ScormVersion::V2004 => "SCORM 2004",
        }
    }

    /// The name of the API object the LMS puts on a window.
    pub fn api_name(self) -> &'static str {
        match self {
            ScormVersion::V12 => "API",
            ScormVersion::V2004 => "API_1484_11",
        }
    }

    /// How many parent windows the standard discovery algorithm climbs: 7 for SCORM 1.2, 500 for 2004.
    pub fn discovery_steps(self) -> usize {
        match self {
            ScormVersion::V12 => 7,
            ScormVersion::V2004 => 500,
        }
    }

    /// The `cmi.suspend_data` limit.
    pub fn suspend_limit(self) -> usize {
        match self {
            ScormVersion::V12 => SCORM12_SUSPEND_LIMIT,
            ScormVersion::V2004 => SCORM2004_SUSPEND_LIMIT,
        }
    }

    /// The API function for `call`.
    pub fn function(self, call: ApiCall) -> &'static str {
        use ApiCall::*;
        match (self, call) {
            (ScormVersion::V12, Initialize) => "LMSInitialize",
            (ScormVersion::V12, GetValue) => "LMSGetValue",
            (ScormVersion::V12, SetValue) => "LMSSetValue",
            (ScormVersion::V12, Commit) => "LMSCommit",
            (ScormVersion::V12, Terminate) => "LMSFinish",
            (ScormVersion::V12, GetLastError) => "LMSGetLastError",
            (ScormVersion::V12, GetErrorString) => "LMSGetErrorString",
            (ScormVersion::V2004, Initialize) => "Initialize",
            (ScormVersion::V2004, GetValue) => "GetValue",
            (ScormVersion::V2004, SetValue) => "SetValue",
            (ScormVersion::V2004, Commit) => "Commit",
            (ScormVersion::V2004, Terminate) => "Terminate",
            (ScormVersion::V2004, GetLastError) => "GetLastError",
            (ScormVersion::V2004, GetErrorString) => "GetErrorString",
        }
    }

    /// Error codes of a GetValue that mean "the LMS has no value here" rather than a failure: 1.2 401 (not
    /// implemented); 2004 401 (undefined), 402 (unimplemented), 403 (value not initialized).
    pub fn means_no_value(self, code: &str) -> bool {
        match self {
            ScormVersion::V12 => code == "401",
            ScormVersion::V2004 => matches!(code, "401" | "402" | "403"),
        }
    }

    /// The Initialize error code that means an earlier page of this same attempt initialized the API and
    /// never terminated it (a reload): 1.2 101 (Moodle's "already initialized"), 2004 103. The session
    /// carries on.
    pub fn already_initialized_code(self) -> &'static str {
        match self {
            ScormVersion::V12 => "101",
            ScormVersion::V2004 => "103",
        }
    }

    /// The data-model element holding `what`, for the few elements both versions have under other names.
    pub fn element(self, what: ScormElement) -> &'static str {
        use ScormElement::*;
        match (self, what) {
            (ScormVersion::V12, SuspendData) | (ScormVersion::V2004, SuspendData) => "cmi.suspend_data",
            (ScormVersion::V12, Entry) => "cmi.core.entry",
            (ScormVersion::V2004, Entry) => "cmi.entry",
            (ScormVersion::V12, LearnerName) => "cmi.core.student_name",
            (ScormVersion::V2004, LearnerName) => "cmi.learner_name",
            (ScormVersion::V12, Mode) => "cmi.core.lesson_mode",
            (ScormVersion::V2004, Mode) => "cmi.mode",
            (ScormVersion::V12, Mastery) => "cmi.student_data.mastery_score",
            (ScormVersion::V2004, Mastery) => "cmi.scaled_passing_score",
            (ScormVersion::V12, Exit) => "cmi.core.exit",
            (ScormVersion::V2004, Exit) => "cmi.exit",
            (ScormVersion::V12, SessionTime) => "cmi.core.session_time",
            (ScormVersion::V2004, SessionTime) => "cmi.session_time",
            (ScormVersion::V12, Status) => "cmi.core.lesson_status",
            (ScormVersion::V2004, Status) => "cmi.completion_status",
            (ScormVersion::V12, InteractionCount) | (ScormVersion::V2004, InteractionCount) => {
                "cmi.interactions._count"
            }
        }
    }

    /// `cmi.exit` when the learner leaves: `suspend` until a result is recorded (so the next launch resumes),
    /// then the normal exit — `""` in 1.2 (whose vocabulary has no `normal`), `normal` in 2004.
    pub fn exit_value(self, done: bool) -> &'static str {
        match (done, self) {
            (false, _) => "suspend",
            (true, ScormVersion::V12) => "",
            (true, ScormVersion::V2004) => "normal",
        }
    }

    /// `cmi.core.session_time` / `cmi.session_time` for `ms` milliseconds in this version's type.
    pub fn session_time(self, ms: f64) -> String {
        match self {
            ScormVersion::V12 => scorm12_time(ms),
            ScormVersion::V2004 => iso_duration(ms),
        }
    }
}

/// The calls of the SCORM API (1.2 and 2004 name them differently: [`ScormVersion::function`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiCall {
    Initialize,
    GetValue,
    SetValue,
    Commit,
    Terminate,
    GetLastError,
    GetErrorString,
}

/// Data-model elements the runtime reads or writes outside of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScormElement {
    SuspendData,
    Entry,
    LearnerName,
    Mode,
    Mastery,
    Exit,
    SessionTime,
    /// 1.2 `cmi.core.lesson_status`, 2004 `cmi.completion_status`.
    Status,
    InteractionCount,
}

// ---------------------------------------------------------------------------------------------------------
// What the run-time answers
// ---------------------------------------------------------------------------------------------------------

/// A value an LMS's API function returned. The API is defined on strings ("true"/"false", numbers as
/// text), but real run-times also return JavaScript numbers (a `_count` of 0, Moodle's reconstituted values
/// on relaunch), booleans, `undefined` and `null`.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiValue {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// Anything else (an object, a symbol), as the run-time would convert it to a string.
    Other(String),
}

impl ApiValue {
    /// The value as the string API means it: the text itself; a number as JavaScript's `String(n)` writes
    /// it (`0`, `80`, `0.75`); `true`/`false`; nothing for `undefined` and `null`.
    pub fn text(&self) -> String {
        match self {
            ApiValue::Undefined | ApiValue::Null => String::new(),
            ApiValue::Bool(b) => b.to_string(),
            ApiValue::Number(n) => js_number(*n),
            ApiValue::Text(t) | ApiValue::Other(t) => t.clone(),
        }
    }

    /// The call said it failed: `false` or `"false"`.
    pub fn is_false(&self) -> bool {
        match self {
            ApiValue::Bool(b) => !b,
            ApiValue::Text(t) => t.trim() == "false",
            _ => false,
        }
    }

    /// An error code from GetLastError: its text, with nothing (an LMS that answers `undefined` or `""`)
    /// read as "0", no error.
    pub fn error_code(&self) -> String {
        let t = self.text();
        let t = t.trim();
        if t.is_empty() { "0".into() } else { t.to_string() }
    }
}

/// A number as JavaScript's `Number.prototype.toString()` writes it, for the numbers an LMS returns.
fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else if n == 0.0 {
        "0".into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

// ---------------------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------------------

/// The learner's response recorded for a skill answered "no opportunity to show this": `n` in SCORM 1.2
/// (its likert responses are single characters), `no_opportunity` in 2004 (a short_identifier_type).
pub fn likert_response(v: ScormVersion, a: Answer) -> String {
    match (a, v) {
        (Answer::Level(l), _) => l.to_string(),
        (Answer::NoOpportunity, ScormVersion::V12) => "n".into(),
        (Answer::NoOpportunity, ScormVersion::V2004) => "no_opportunity".into(),
        (Answer::Skipped, ScormVersion::V12) => "s".into(),
        (Answer::Skipped, ScormVersion::V2004) => "skipped".into(),
    }
}

/// The interaction ids for the skills `ids`, in order: SCORM 1.2 `skill_<id>` (letters, digits and `_`
/// only, at most 255 characters: the strictest CMIIdentifier real run-times apply, `^\w{1,255}$`), SCORM
/// 2004 `urn:skillgap:skill:<id>` (a URN, valid as a long_identifier_type). Other characters become `_`;
/// an id that would repeat an earlier one gets `_<position>` added, so every interaction has its own id.
pub fn interaction_ids(v: ScormVersion, ids: &[&str]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let keep = |c: char| c.is_ascii_alphanumeric() || c == '_' || (c == '-' && v == ScormVersion::V2004);
            let clean: String = id.chars().map(|c| if keep(c) { c } else { '_' }).take(200).collect();
            let base = match v {
                ScormVersion::V12 => format!("skill_{clean}"),
                ScormVersion::V2004 => format!("urn:skillgap:skill:{clean}"),
            };
            let id = if seen.contains(&base) { format!("{base}_{}", i + 1) } else { base };
            seen.insert(id.clone());
            id
        })
        .collect()
}

/// A SCORM 2004 `localized_string_type` of SPM 250 from free text: control characters (line breaks
/// included, which run-times' patterns do not match) become spaces, at most 250 UTF-16 code units (what a
/// JavaScript run-time counts), and no leading `{` (which would read as a `{lang=…}` delimiter).
pub fn lang_string_250(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut units = 0;
    clean
        .trim()
        .trim_start_matches('{')
        .trim_start()
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= 250
        })
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// The overall outcome a submission records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No mastery score: a pure self-assessment is completed.
    Completed,
    Passed,
    Failed,
}

impl Outcome {
    /// The word written to the LMS and shown to the learner.
    pub fn word(self) -> &'static str {
        match self {
            Outcome::Completed => "completed",
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
        }
    }
}

/// What a submission writes to a SCORM LMS.
#[derive(Clone, Debug, PartialEq)]
pub struct ScormRecord {
    /// The (element, value) pairs, in the order they are to be set.
    pub values: Vec<(String, String)>,
    /// The score recorded, 0–100.
    pub score: u8,
    pub outcome: Outcome,
    /// The mastery score (0–100) the outcome was judged against, when the LMS gave one.
    pub mastery: Option<u8>,
}

impl ScormRecord {
    /// One sentence for the learner: "Recorded in your LMS: completed, score 72 out of 100."
    pub fn message(&self) -> String {
        recorded_message(self.outcome, self.score, self.mastery)
    }
}

/// "Recorded in your LMS: passed (pass mark 80), score 85 out of 100."
pub fn recorded_message(outcome: Outcome, score: u8, mastery: Option<u8>) -> String {
    let mark = match (outcome, mastery) {
        (Outcome::Completed, _) | (_, None) => String::new(),
        (_, Some(m)) => format!(" (pass mark {m})"),
    };
    format!("Recorded in your LMS: {}{mark}, score {score} out of 100.", outcome.word())
}

/// The score a readiness percentage records: rounded, within 0–100 (not a number counts as 0).
pub fn score_of(readiness_0_100: f64) -> u8 {
    if readiness_0_100.is_nan() {
        0
    } else {
        readiness_0_100.round().clamp(0.0, 100.0) as u8
    }
}

/// The outcome of `score` against an optional mastery score (0–100): passed at or above it.
pub fn outcome_of(score: u8, mastery: Option<u8>) -> Outcome {
    match mastery {
        None => Outcome::Completed,
        Some(m) if score >= m => Outcome::Passed,
        Some(_) => Outcome::Failed,
    }
}

/// A mastery score read from the LMS as a 0–100 whole number: SCORM 1.2 `cmi.student_data.mastery_score`
/// is 0–100 already, SCORM 2004 `cmi.scaled_passing_score` is −1…1 (scaled). Empty or unreadable → `None`.
pub fn mastery_from_lms(v: ScormVersion, text: &str) -> Option<u8> {
    let x: f64 = text.trim().parse().ok().filter(|x: &f64| x.is_finite())?;
    let pct = match v {
        ScormVersion::V12 => x,
        ScormVersion::V2004 => x * 100.0,
    };
    Some(pct.round().clamp(0.0, 100.0) as u8)
}

/// The values a submitted self-assessment writes, in order: one likert interaction per skill (from
/// index `first_interaction`), then the score, then the status.
///
/// - Interactions: id ([`interaction_ids`]), `type` likert, the response ([`likert_response`]), `result`
///   neutral; in 2004 also `description` (the skill's name, [`lang_string_250`]) and `timestamp`
///   ([`scorm_timestamp`] of `now_ms`, milliseconds since 1970).
/// - Score: 1.2 `cmi.core.score.raw`, `.min` 0, `.max` 100; 2004 `cmi.score.scaled` (0–1) and raw, min, max.
/// - Status: 1.2 `cmi.core.lesson_status` completed, or passed/failed against `mastery`; 2004
///   `cmi.completion_status` completed and `cmi.success_status` passed/failed, or unknown without mastery.
pub fn scorm_submit_values(
    v: ScormVersion,
    a: &LearnerAssessment,
    r: &LearnerResult,
    readiness_0_100: f64,
    mastery: Option<u8>,
    now_ms: f64,
    first_interaction: usize,
) -> ScormRecord {
    let mut values: Vec<(String, String)> = Vec::new();
    let mut set = |k: String, v: String| values.push((k, v));
    let skill_ids: Vec<&str> = r.answers.iter().map(|x| x.skill.0.as_str()).collect();
    let ids = interaction_ids(v, &skill_ids);
    let timestamp = scorm_timestamp(now_ms);
    for (k, (answer, id)) in r.answers.iter().zip(ids).enumerate() {
        let n = format!("cmi.interactions.{}", first_interaction + k);
        set(format!("{n}.id"), id);
        set(format!("{n}.type"), "likert".into());
        match v {
            ScormVersion::V12 => {
                set(format!("{n}.student_response"), likert_response(v, answer.answer));
                set(format!("{n}.result"), "neutral".into());
            }
            ScormVersion::V2004 => {
                set(format!("{n}.learner_response"), likert_response(v, answer.answer));
                set(format!("{n}.result"), "neutral".into());
                let name = a.skills.iter().find(|s| s.id == answer.skill).map_or(answer.skill.0.as_str(), |s| &s.name);
                let description = lang_string_250(name);
                if !description.is_empty() {
                    set(format!("{n}.description"), description);
                }
                set(format!("{n}.timestamp"), timestamp.clone());
            }
        }
    }
    let score = score_of(readiness_0_100);
    let outcome = outcome_of(score, mastery);
    match v {
        ScormVersion::V12 => {
            set("cmi.core.score.raw".into(), score.to_string());
            set("cmi.core.score.min".into(), "0".into());
            set("cmi.core.score.max".into(), "100".into());
            set("cmi.core.lesson_status".into(), outcome.word().into());
        }
        ScormVersion::V2004 => {
            set("cmi.score.scaled".into(), scaled_text(score));
            set("cmi.score.raw".into(), score.to_string());
            set("cmi.score.min".into(), "0".into());
            set("cmi.score.max".into(), "100".into());
            set("cmi.completion_status".into(), "completed".into());
            let success = match outcome {
                Outcome::Completed => "unknown",
                o => o.word(),
            };
            set("cmi.success_status".into(), success.into());
        }
    }
    ScormRecord { values, score, outcome, mastery }
}

/// A 0–100 score as a scaled decimal text (a `real(10,7)` with at most two decimals): `0.72`, `1`, `0`.
pub fn scaled_text(score: u8) -> String {
    match score.min(100) {
        0 => "0".into(),
        100 => "1".into(),
        s => format!("{:.2}", s as f64 / 100.0).trim_end_matches('0').to_string(),
    }
}

/// A SCORM 1.2 `CMITimespan` (`HHHH:MM:SS.SS`, hours at least two digits, at most 9999) for `ms`
/// milliseconds: `00:01:05`, `01:02:03.5`.
pub fn scorm12_time(ms: f64) -> String {
    let cs = if ms.is_finite() && ms > 0.0 { (ms / 10.0).round() as u64 } else { 0 };
    let cs = cs.min(9999 * 360_000 + 59 * 6000 + 5999);
    let (h, m, s, frac) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    format!("{h:02}:{m:02}:{s:02}{}", centis(frac))
}

/// `.5`, `.46` or nothing, for hundredths of a second.
fn centis(frac: u64) -> String {
    match frac {
        0 => String::new(),
        f if f % 10 == 0 => format!(".{}", f / 10),
        f => format!(".{f:02}"),
    }
}

/// An ISO 8601 duration (SCORM 2004 `timeinterval(second,10,2)`, xAPI `result.duration`) for `ms`
/// milliseconds, with at most two decimals of seconds: `PT1H2M3.5S`, `PT0S`.
pub fn iso_duration(ms: f64) -> String {
    let cs = if ms.is_finite() && ms > 0.0 { (ms / 10.0).round() as u64 } else { 0 };
    let (h, m, s, frac) = (cs / 360_000, cs / 6000 % 60, cs / 100 % 60, cs % 100);
    let mut out = String::from("PT");
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 || frac > 0 || (h == 0 && m == 0) {
        out.push_str(&format!("{s}{}S", centis(frac)));
    }
    out
}

/// The UTC civil date and time of `ms` milliseconds since 1970-01-01: (year, month, day, hour, minute,
/// second, hundredths), hundredths cut (not rounded, so 59.999 s stays in its minute). Before 1970 → 1970.
pub fn utc_parts(ms: f64) -> (i64, u32, u32, u32, u32, u32, u32) {
    let cs = if ms.is_finite() && ms > 0.0 { (ms / 10.0).floor() as i64 } else { 0 };
    let secs = cs / 100;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d, (rem / 3600) as u32, (rem / 60 % 60) as u32, (rem % 60) as u32, (cs % 100) as u32)
}

/// A SCORM 2004 `time(second,10,0)` for `ms` milliseconds since 1970, in UTC:
/// `2026-11-27T14:30:29.45Z`. Always two fractional digits: the type allows at most two, and a time zone
/// designator only after the fractional part (a browser's `toISOString` writes three, which strict LMSs
/// refuse with 406).
pub fn scorm_timestamp(ms: f64) -> String {
    let (y, mo, d, h, mi, s, cs) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{cs:02}Z")
}

/// The learner's name as SCORM 1.2 gives it ("Last, First") turned round ("First Last"); other forms
/// are kept as they are (trimmed). `None` when empty.
pub fn learner_name_from_lms(text: &str) -> Option<String> {
    let text = text.trim();
    let name = match text.split_once(',') {
        Some((last, first)) if !first.trim().is_empty() && !last.trim().is_empty() && !first.contains(',') => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => text.to_string(),
    };
    (!name.is_empty()).then_some(name)
}

/// Whether a SCORM `cmi.core.lesson_mode` / `cmi.mode` value means nothing is recorded (browse, review).
pub fn is_review_mode(mode: &str) -> bool {
    matches!(mode.trim(), "browse" | "review")
}

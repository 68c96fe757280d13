//! Running inside a learning management system, the pure part: what the learner's saved progress looks
//! like (it must fit SCORM 1.2's 4,096-character `cmi.suspend_data`), which SCORM data-model values a
//! submitted self-assessment sets, cmi5 launch parameters, LaunchData and statements, iframe resize
//! messages, and SCORM 1.2 / 2004 packages (imsmanifest.xml + zip). The browser side that talks to the
//! LMS is `app::services::lms`; docs/lms.md describes both.
//!
//! Nothing here reads a clock or a random source: timestamps, durations and statement ids are arguments.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::learner::{frame, unframe, Answer, LearnerAssessment, LearnerResult, SkillAnswer};
use super::zip::ZipWriter;

/// `cmi.suspend_data` limit of SCORM 1.2 (real LMSs stop here even when a runtime accepts more).
pub const SCORM12_SUSPEND_LIMIT: usize = 4_096;
/// `cmi.suspend_data` limit of SCORM 2004 (4th edition).
pub const SCORM2004_SUSPEND_LIMIT: usize = 64_000;

/// A learner's progress through one assessment: what save-and-resume keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The assessment's id and fingerprint: progress for another link is never applied.
    pub assessment: String,
    pub fingerprint: String,
    /// The learner's name as typed so far (may be empty).
    pub learner: String,
    /// One answer per skill of the link, in its order.
    pub answers: Vec<SkillAnswer>,
    /// The step shown: 0 = start, 1..=n = skill n, n + 1 = review.
    pub step: usize,
    /// Whether the learner has submitted (the result page is shown on resume).
    pub submitted: bool,
    /// The date of submission (YYYY-MM-DD), when submitted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub completed: String,
    /// The LMS that launched the learner has recorded the submitted result. Submitted but not recorded
    /// (the LMS refused, or the page closed first) means the result is sent again on the next launch.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recorded: bool,
}

impl Progress {
    /// Where a learner starts on assessment `a`.
    pub fn start(a: &LearnerAssessment) -> Self {
        Progress {
            assessment: a.id.clone(),
            fingerprint: a.fingerprint.clone(),
            answers: a.blank_answers(),
            ..Default::default()
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Progress codes
// ---------------------------------------------------------------------------------------------------------

/// The progress code's header letter and version: `p1.<length>.<body>`, laid out like the learner link's
/// `a1.` codes (deflated compact JSON + CRC-32 over header and deflated bytes, base64url without padding).
const PROGRESS_HEADER: &str = "p1";
/// Most bytes a progress code may unpack to.
const MAX_PROGRESS_JSON: usize = 1 << 20;

/// The compact JSON inside a progress code. Skill ids are not stored (they are the assessment's, in its
/// order); answers are one character per skill: `0`–`9` a level, `n` no opportunity, `-` skipped.
#[derive(Serialize, Deserialize)]
struct Wire {
    i: String,
    f: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    l: String,
    s: usize,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    d: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    c: String,
    /// Recorded by the LMS.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    r: bool,
    a: String,
    /// Notes as (skill index, note), only for skills with a note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    n: Vec<(usize, String)>,
}

fn answer_char(a: Answer) -> char {
    match a {
        Answer::Level(l) if l <= 9 => char::from(b'0' + l),
        Answer::Level(_) | Answer::Skipped => '-',
        Answer::NoOpportunity => 'n',
    }
}

fn pack(w: &Wire) -> String {
    frame(PROGRESS_HEADER, &serde_json::to_vec(w).expect("progress always serialises"))
}

fn unpack(text: &str) -> Option<Wire> {
    let text = text.trim();
    let rest = text.strip_prefix(PROGRESS_HEADER)?.strip_prefix('.')?;
    let (length, body) = rest.split_once('.')?;
    if length.is_empty() || length.len() > 7 || !length.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if body.len() != length.parse::<usize>().ok()? {
        return None;
    }
    let json = unframe(&text[..text.len() - body.len()], body, MAX_PROGRESS_JSON).ok()?;
    serde_json::from_slice(&json).ok()
}

/// Packs `p` into a text of at most `limit` characters (a `p1.` code). When it would not fit, notes are
/// dropped, longest first, until it does, and then the learner's typed name is shortened; the second value
/// says whether anything was left out. Should even the bare answers not fit (a limit far below SCORM's),
/// the text is empty.
pub fn encode_progress(p: &Progress, limit: usize) -> (String, bool) {
    let mut w = Wire {
        i: p.assessment.clone(),
        f: p.fingerprint.clone(),
        l: p.learner.clone(),
        s: p.step,
        d: p.submitted,
        c: p.completed.clone(),
        r: p.recorded,
        a: p.answers.iter().map(|a| answer_char(a.answer)).collect(),
        n: p.answers.iter().enumerate().filter(|(_, a)| !a.note.is_empty()).map(|(i, a)| (i, a.note.clone())).collect(),
    };
    let mut text = pack(&w);
    if text.len() <= limit {
        return (text, false);
    }
    // Longest note first; a stable sort keeps skill order among equal lengths.
    w.n.sort_by_key(|(_, note)| std::cmp::Reverse(note.chars().count()));
    while text.len() > limit && !w.n.is_empty() {
        w.n.remove(0);
        text = pack(&w);
    }
    while text.len() > limit && !w.l.is_empty() {
        let keep = w.l.chars().count() / 2;
        w.l = w.l.chars().take(keep).collect();
        text = pack(&w);
    }
    if text.len() > limit {
        text.clear();
    }
    (text, true)
}

/// Reads progress saved by [`encode_progress`] for assessment `a`; `None` when the text is not progress,
/// is damaged, or belongs to another assessment or an older profile.
pub fn decode_progress(text: &str, a: &LearnerAssessment) -> Option<Progress> {
    let w = unpack(text)?;
    if w.i != a.id || w.f != a.fingerprint || w.a.chars().count() != a.skills.len() {
        return None;
    }
    let levels = a.scale.len();
    let mut answers = Vec::with_capacity(a.skills.len());
    for (c, s) in w.a.chars().zip(&a.skills) {
        let answer = match c {
            '-' => Answer::Skipped,
            'n' => Answer::NoOpportunity,
            '0'..='9' if (c as usize - '0' as usize) < levels => Answer::Level(c as u8 - b'0'),
            _ => return None,
        };
        answers.push(SkillAnswer { skill: s.id.clone(), answer, note: String::new() });
    }
    for (i, note) in w.n {
        answers.get_mut(i)?.note = note;
    }
    Some(Progress {
        assessment: w.i,
        fingerprint: w.f,
        learner: w.l,
        answers,
        step: w.s.min(a.skills.len() + 1),
        submitted: w.d,
        completed: w.c,
        recorded: w.r,
    })
}

// ---------------------------------------------------------------------------------------------------------
// SCORM run-time values
// ---------------------------------------------------------------------------------------------------------

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

    /// The `cmi.suspend_data` limit.
    pub fn suspend_limit(self) -> usize {
        match self {
            ScormVersion::V12 => SCORM12_SUSPEND_LIMIT,
            ScormVersion::V2004 => SCORM2004_SUSPEND_LIMIT,
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

/// The learner's response recorded for a skill answered "no opportunity to show this": `n` in SCORM 1.2
/// (its likert responses are single characters), `no_opportunity` in 2004.
pub fn likert_response(v: ScormVersion, a: Answer) -> String {
    match (a, v) {
        (Answer::Level(l), _) => l.to_string(),
        (Answer::NoOpportunity, ScormVersion::V12) => "n".into(),
        (Answer::NoOpportunity, ScormVersion::V2004) => "no_opportunity".into(),
        (Answer::Skipped, ScormVersion::V12) => "s".into(),
        (Answer::Skipped, ScormVersion::V2004) => "skipped".into(),
    }
}

/// The interaction ids for the skills `ids`, in order: SCORM 1.2 `skill_<id>` (letters, digits, `_` and
/// `-` only, at most 255 characters: its strict CMIIdentifier), SCORM 2004 `urn:skillgap:skill:<id>`
/// (a URN, valid as a long identifier). Characters outside those sets become `_`; an id that would repeat
/// an earlier one gets `_<position>` added, so every interaction has its own id.
pub fn interaction_ids(v: ScormVersion, ids: &[&str]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            let clean: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
                .take(200)
                .collect();
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

/// A SCORM 2004 `CMILangString250` value from free text: control characters become spaces, at most 250
/// characters, and a leading `{` (which would read as a language tag) is dropped.
fn lang_string_250(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    clean.trim().trim_start_matches('{').chars().take(250).collect()
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
/// index `first_interaction`, the LMS's `cmi.interactions._count`), then the score, then the status.
///
/// - Interactions: id ([`interaction_ids`]), `type` likert, the response ([`likert_response`]), `result`
///   neutral; in 2004 also `description` (the skill's name) and `timestamp` (`timestamp`, an ISO 8601
///   date-time such as `2026-11-27T14:30:29.123Z`, as the browser's `Date.toISOString` gives it).
/// - Score: 1.2 `cmi.core.score.raw`, `.min` 0, `.max` 100; 2004 `cmi.score.scaled` (0–1) and raw, min, max.
/// - Status: 1.2 `cmi.core.lesson_status` completed, or passed/failed against `mastery`; 2004
///   `cmi.completion_status` completed and `cmi.success_status` passed/failed, or unknown without mastery.
pub fn scorm_submit_values(
    v: ScormVersion,
    a: &LearnerAssessment,
    r: &LearnerResult,
    readiness_0_100: f64,
    mastery: Option<u8>,
    timestamp: &str,
    first_interaction: usize,
) -> ScormRecord {
    let mut values: Vec<(String, String)> = Vec::new();
    let mut set = |k: String, v: String| values.push((k, v));
    let skill_ids: Vec<&str> = r.answers.iter().map(|x| x.skill.0.as_str()).collect();
    let ids = interaction_ids(v, &skill_ids);
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
                set(format!("{n}.timestamp"), timestamp.to_string());
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

/// A 0–100 score as a scaled decimal text: `0.72`, `1`, `0`.
fn scaled_text(score: u8) -> String {
    match score {
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
    let frac = match frac {
        0 => String::new(),
        f if f % 10 == 0 => format!(".{}", f / 10),
        f => format!(".{f:02}"),
    };
    format!("{h:02}:{m:02}:{s:02}{frac}")
}

/// An ISO 8601 duration (SCORM 2004 `cmi.session_time`, xAPI `result.duration`) for `ms` milliseconds,
/// with at most two decimals of seconds: `PT1H2M3.5S`, `PT0S`.
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
        out.push_str(&s.to_string());
        match frac {
            0 => {}
            f if f % 10 == 0 => out.push_str(&format!(".{}", f / 10)),
            f => out.push_str(&format!(".{f:02}")),
        }
        out.push('S');
    }
    out
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

// ---------------------------------------------------------------------------------------------------------
// cmi5
// ---------------------------------------------------------------------------------------------------------

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

/// Reads the cmi5 launch parameters from a URL's query (`?` optional). `Ok(None)` when none of them is
/// there (not a cmi5 launch); an error naming what is wrong when some are missing or unreadable.
pub fn parse_cmi5_launch(query: &str) -> Result<Option<Cmi5Launch>, String> {
    let query = query.strip_prefix('?').unwrap_or(query);
    let mut found: [Option<String>; 5] = Default::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let Some(k) = percent_decode(k) else { continue };
        if let Some(i) = CMI5_PARAMS.iter().position(|p| *p == k) {
            let v = percent_decode(v)
                .ok_or_else(|| format!("the cmi5 launch parameter \u{201c}{k}\u{201d} is not correctly encoded"))?;
            found[i] = Some(v);
        }
    }
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    let missing: Vec<&str> = CMI5_PARAMS.iter().zip(&found).filter(|(_, v)| v.as_deref().map_or(true, |v| v.trim().is_empty())).map(|(k, _)| *k).collect();
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
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(format!("the cmi5 launch parameter \u{201c}{name}\u{201d} is not an http(s) URL: {url}"));
        }
    }
    Ok(Some(Cmi5Launch { endpoint, fetch, actor, registration, activity_id }))
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

impl LaunchData {
    /// Whether the LMS opened the AU for browsing or review only: only initialized and terminated are sent.
    pub fn review_only(&self) -> bool {
        self.launch_mode != LaunchMode::Normal
    }

    /// The mastery score as a 0–100 whole number (for the result message).
    pub fn mastery_percent(&self) -> Option<u8> {
        self.mastery_score.map(|m| (m * 100.0).round().clamp(0.0, 100.0) as u8)
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
}

/// The cmi5 category every cmi5-defined statement carries.
pub const CMI5_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
/// The category of statements that count towards moveOn (completed, passed, failed).
pub const MOVEON_CATEGORY: &str = "https://w3id.org/xapi/cmi5/context/categories/moveon";
/// The context extension passed/failed statements carry the mastery score in.
pub const MASTERY_EXTENSION: &str = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

/// One cmi5-defined statement. `id` (a UUID) and `timestamp` (ISO 8601) come from the caller; `duration`
/// (ISO 8601, see [`iso_duration`]) goes in the result of completed, passed, failed and terminated;
/// `scaled` (0–1) only in passed and failed. The context is the LaunchData's contextTemplate with the
/// registration and the cmi5 category added (and the moveOn category on completed, passed and failed, and
/// the mastery score extension on passed and failed).
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
    context.insert("registration".into(), Value::String(launch.registration.clone()));
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
        ext.as_object_mut().expect("made an object above").insert(MASTERY_EXTENSION.into(), json!(m));
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

/// The statements a submission sends, in order: none in Browse/Review; else completed, then passed or
/// failed (with the score) only when the LaunchData has a masteryScore. `ids` supplies a fresh statement
/// id for each (two are enough). Also returns the outcome for the learner's message.
pub fn cmi5_submit_statements(
    launch: &Cmi5Launch,
    data: &LaunchData,
    readiness_0_100: f64,
    ids: &[String],
    timestamp: &str,
    duration: &str,
) -> (Vec<Value>, Outcome, u8) {
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
    let id = |i: usize| ids.get(i).cloned().unwrap_or_default();
    let scaled = score as f64 / 100.0;
    let mut out = vec![cmi5_statement(Cmi5Verb::Completed, launch, data, &id(0), timestamp, duration, None)];
    let verb = match outcome {
        Outcome::Passed => Some(Cmi5Verb::Passed),
        Outcome::Failed => Some(Cmi5Verb::Failed),
        Outcome::Completed => None,
    };
    if let Some(verb) = verb {
        out.push(cmi5_statement(verb, launch, data, &id(1), timestamp, duration, Some(scaled)));
    }
    (out, outcome, score)
}

/// Joins the LRS endpoint and a resource path (`statements`, `activities/state`) with one `/`.
fn lrs_url(endpoint: &str, resource: &str) -> String {
    format!("{}/{resource}", endpoint.trim_end_matches('/'))
}

/// The State API URL of the LMS.LaunchData document for this launch.
pub fn cmi5_launch_data_url(launch: &Cmi5Launch) -> String {
    format!(
        "{}?stateId=LMS.LaunchData&activityId={}&agent={}&registration={}",
        lrs_url(&launch.endpoint, "activities/state"),
        percent_encode(&launch.activity_id),
        percent_encode(&launch.actor.to_string()),
        percent_encode(&launch.registration)
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

// ---------------------------------------------------------------------------------------------------------
// iframe resize messages
// ---------------------------------------------------------------------------------------------------------

/// A message this page posts to its parent frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResizeMessage {
    /// H5P: introduces the child frame.
    H5pHello,
    /// H5P: the content's size changed; the parent resets the frame and answers `resizePrepared`.
    H5pPrepareResize { scroll_height: u32, client_height: u32 },
    /// H5P: the height to set the frame to.
    H5pResize { scroll_height: u32 },
    /// Canvas LMS: `lti.frameResize`.
    CanvasFrameResize { height: u32 },
}

impl ResizeMessage {
    /// The message as JSON (it is posted as the equivalent object; it carries only heights).
    pub fn to_json(self) -> Value {
        match self {
            ResizeMessage::H5pHello => json!({ "context": "h5p", "action": "hello" }),
            ResizeMessage::H5pPrepareResize { scroll_height, client_height } => json!({
                "context": "h5p", "action": "prepareResize",
                "scrollHeight": scroll_height, "clientHeight": client_height
            }),
            ResizeMessage::H5pResize { scroll_height } => {
                json!({ "context": "h5p", "action": "resize", "scrollHeight": scroll_height })
            }
            ResizeMessage::CanvasFrameResize { height } => json!({ "subject": "lti.frameResize", "height": height }),
        }
    }
}

/// A reply from an H5P resizer in the parent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum H5pReply {
    /// The parent runs the resizer: start sending sizes.
    Hello,
    /// The parent reset the frame's height: send `resize` with the content's height.
    ResizePrepared,
    /// The parent's window changed size: measure again.
    Resize,
}

/// Reads a message from the parent as an H5P reply: an object with `context` "h5p" and a known `action`
/// (a JSON string holding such an object is read too). Anything else is `None`.
pub fn parse_h5p_reply(v: &Value) -> Option<H5pReply> {
    if let Value::String(s) = v {
        return serde_json::from_str::<Value>(s).ok().filter(Value::is_object).and_then(|v| parse_h5p_reply(&v));
    }
    let obj = v.as_object()?;
    if obj.get("context").and_then(Value::as_str) != Some("h5p") {
        return None;
    }
    match obj.get("action").and_then(Value::as_str)? {
        "hello" => Some(H5pReply::Hello),
        "resizePrepared" => Some(H5pReply::ResizePrepared),
        "resize" => Some(H5pReply::Resize),
        _ => None,
    }
}

/// The origin (`scheme://host[:port]`) of a URL, for checking where messages come from; `None` when the
/// URL has none (empty, relative, `about:`, `data:`).
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    (!host.is_empty()).then(|| format!("{}://{}", scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

// ---------------------------------------------------------------------------------------------------------
// SCORM packages
// ---------------------------------------------------------------------------------------------------------

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// An XML id (NCName) made from `text`: letters, digits, `-`, `_` and `.` kept, others `-`, starting with
/// a letter.
fn xml_id(prefix: &str, text: &str) -> String {
    let body: String =
        text.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' }).collect();
    format!("{prefix}{body}")
}

/// `imsmanifest.xml` for a package of one SCO (`index.html`) listing every file in `files`. `identifier`
/// names the package (made into an XML id); `title` is shown by the LMS; `mastery` (0–100) becomes SCORM
/// 1.2 `adlcp:masteryscore` or a SCORM 2004 primary objective satisfied by a normalized measure of at
/// least mastery / 100 (which the LMS passes to the content as `cmi.scaled_passing_score`).
pub fn scorm_manifest(v: ScormVersion, identifier: &str, title: &str, files: &[String], mastery: Option<u8>) -> String {
    let id = xml_id("skillgap-", identifier);
    let title = xml_escape(title);
    let file_list: String = files.iter().map(|f| format!("      <file href=\"{}\"/>\n", xml_escape(f))).collect();
    // What differs between the versions: namespaces and schema locations, the schema version, how mastery is
    // said, and the spelling of the SCO attribute.
    let (namespaces, schema_version, item_extra, sco_attribute) = match v {
        ScormVersion::V12 => (
            r#"xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd""#,
            "1.2",
            mastery.map(|m| format!("        <adlcp:masteryscore>{m}</adlcp:masteryscore>\n")).unwrap_or_default(),
            "adlcp:scormtype",
        ),
        ScormVersion::V2004 => (
            r#"xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd""#,
            "2004 4th Edition",
            mastery
                .map(|m| {
                    format!(
                        r#"        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="skillgap-mastery" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
"#,
                        scaled_text(m.min(100))
                    )
                })
                .unwrap_or_default(),
            "adlcp:scormType",
        ),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{id}" version="1"
  {namespaces}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{schema_version}</schemaversion>
  </metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="res-1" isvisible="true">
        <title>{title}</title>
{item_extra}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" {sco_attribute}="sco" href="index.html">
{file_list}    </resource>
  </resources>
</manifest>
"#
    )
}

/// The meta tag that carries the learner link's code into a packaged index.html.
pub const LEARNER_META: &str = "skillgap-learner";

/// `index.html` with `<meta name="skillgap-learner" content="<code>">` in its `<head>` (replacing any such
/// tag already there, so there is exactly one). Refused when the page has no `<head>`.
pub fn inject_learner_meta(html: &str, code: &str) -> Result<String, String> {
    let lower = html.to_ascii_lowercase();
    let tag = format!("<meta name=\"{LEARNER_META}\" content=\"{}\">", xml_escape(code));
    // Remove existing tags (the same marker in any quoting), from the last to the first.
    let mut html = html.to_string();
    let mut search_end = lower.len();
    while let Some(at) = lower[..search_end].rfind("<meta") {
        let end = lower[at..].find('>').map(|e| at + e + 1).unwrap_or(lower.len());
        let t = &lower[at..end];
        if t.contains(&format!("name=\"{LEARNER_META}\"")) || t.contains(&format!("name='{LEARNER_META}'")) {
            html.replace_range(at..end, "");
        }
        search_end = at;
    }
    let lower = html.to_ascii_lowercase();
    let head = lower
        .find("<head")
        .filter(|&i| matches!(lower.as_bytes().get(i + 5), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')))
        .ok_or("index.html has no <head>; is this Skillgap's built page (dist/index.html)?")?;
    let insert_at = head + lower[head..].find('>').ok_or("index.html's <head> tag is not closed")? + 1;
    html.insert_str(insert_at, &format!("\n  {tag}"));
    Ok(html)
}

/// A short, file-name-safe name for a role: lower-case ASCII letters and digits joined by `-`, at most 40
/// characters; `fallback` (e.g. the role id) when nothing is left.
pub fn slug(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_matches('-').to_string();
    if out.is_empty() {
        let f: String = fallback.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        if f.is_empty() { "assessment".into() } else { f.to_ascii_lowercase() }
    } else {
        out
    }
}

/// A SCORM package: the zip's bytes and what went in.
#[derive(Clone, Debug, PartialEq)]
pub struct ScormPackage {
    pub version: ScormVersion,
    /// `skillgap-<role-slug>-scorm12.zip` or `-scorm2004.zip`.
    pub file_name: String,
    pub bytes: Vec<u8>,
    /// The number of files in the zip (the manifest included).
    pub files: usize,
}

/// Builds a SCORM package of the built app (`files`: path inside dist → bytes; `index.html` required)
/// for assessment `a` whose learner link code is `code`: index.html gets the learner meta tag, and
/// `imsmanifest.xml` (listing every file) is added at the root. `imsmanifest.xml` in `files` is replaced.
pub fn build_scorm_package(
    v: ScormVersion,
    a: &LearnerAssessment,
    code: &str,
    files: &[(String, Vec<u8>)],
    mastery: Option<u8>,
) -> Result<ScormPackage, String> {
    if let Some(m) = mastery.filter(|m| *m > 100) {
        return Err(format!("a mastery score is 0–100, not {m}"));
    }
    let mut names: Vec<String> = Vec::new();
    let mut index = None;
    for (name, bytes) in files {
        if name.starts_with('/') || name.split('/').any(|p| p == ".." || p.is_empty()) || name.contains('\\') {
            return Err(format!("{name}: not a relative path inside the built app"));
        }
        if name == "imsmanifest.xml" {
            continue;
        }
        if name == "index.html" {
            let html = std::str::from_utf8(bytes).map_err(|_| "index.html is not UTF-8 text".to_string())?;
            index = Some(inject_learner_meta(html, code)?);
        }
        names.push(name.clone());
    }
    let index = index.ok_or("the built app has no index.html")?;
    names.sort();
    let title = format!("Self-assessment: {}", a.title());
    let manifest = scorm_manifest(v, &a.id, &title, &names, mastery);
    let mut zip = ZipWriter::new(9);
    let err = |e: std::io::Error| format!("could not write the zip: {e}");
    zip.add("imsmanifest.xml", &[manifest.as_bytes()]).map_err(err)?;
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().filter(|(n, _)| n != "imsmanifest.xml").collect();
    sorted.sort_by(|x, y| x.0.cmp(&y.0));
    for (name, bytes) in sorted {
        let data: &[u8] = if name == "index.html" { index.as_bytes() } else { bytes };
        zip.add(name, &[data]).map_err(err)?;
    }
    let bytes = zip.finish().map_err(err)?;
    let suffix = match v {
        ScormVersion::V12 => "scorm12",
        ScormVersion::V2004 => "scorm2004",
    };
    let file_name = format!("skillgap-{}-{suffix}.zip", slug(a.title(), &a.role.0));
    Ok(ScormPackage { version: v, file_name, bytes, files: names.len() + 1 })
}

// ---------------------------------------------------------------------------------------------------------
// The package command's options
// ---------------------------------------------------------------------------------------------------------

/// Where the assessment for a package comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PackageSource {
    /// A learner link or its code.
    Link(String),
    /// A workspace file (`.json` or `.skillgap.json` export) and a role given by id or name.
    Workspace { file: String, role: String },
}

/// The package command's options (`scripts/package.sh --help` lists them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PackageArgs {
    pub source: PackageSource,
    pub out: String,
    pub dist: String,
    pub mastery: Option<u8>,
    pub versions: Vec<ScormVersion>,
}

/// The package command's usage text.
pub const PACKAGE_USAGE: &str = "usage: bash scripts/package.sh --link '<learner link or code>' [--out DIR] [--dist DIR] \
[--mastery 0-100] [--version 12|2004|both]
   or: bash scripts/package.sh --workspace FILE.json --role <role id or name> [options as above]
  --link       the learner link (or just its a1.… code) from the Learner links page
  --workspace  a workspace export (.json / .skillgap.json); with --role, packages that role's whole profile
  --out        where to write the zips (default: the current directory)
  --dist       the built app (default: dist; built with trunk build --release when missing)
  --mastery    pass mark 0–100: the LMS records passed/failed instead of completed
  --version    12, 2004 or both (default both)";

/// Reads the package command's arguments. Errors name the option and what is wrong.
pub fn parse_package_args(args: &[String]) -> Result<PackageArgs, String> {
    let mut link = None;
    let mut workspace = None;
    let mut role = None;
    let mut out = ".".to_string();
    let mut dist = "dist".to_string();
    let mut mastery = None;
    let mut versions = vec![ScormVersion::V12, ScormVersion::V2004];
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (flag.as_str(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Err(PACKAGE_USAGE.to_string());
        }
        let known = ["--link", "--workspace", "--role", "--out", "--dist", "--mastery", "--version"];
        if !known.contains(&flag) {
            return Err(format!("unknown option {flag}\n{PACKAGE_USAGE}"));
        }
        let value = match inline.or_else(|| it.next().cloned()) {
            Some(v) => v,
            None => return Err(format!("{flag} needs a value\n{PACKAGE_USAGE}")),
        };
        match flag {
            "--link" => link = Some(value),
            "--workspace" => workspace = Some(value),
            "--role" => role = Some(value),
            "--out" => out = value,
            "--dist" => dist = value,
            "--mastery" => {
                let m: u8 = value
                    .trim()
                    .parse()
                    .ok()
                    .filter(|m| *m <= 100)
                    .ok_or_else(|| format!("--mastery is a whole number 0–100, not \u{201c}{value}\u{201d}"))?;
                mastery = Some(m);
            }
            _ => {
                versions = match value.trim() {
                    "12" | "1.2" => vec![ScormVersion::V12],
                    "2004" => vec![ScormVersion::V2004],
                    "both" => vec![ScormVersion::V12, ScormVersion::V2004],
                    other => return Err(format!("--version is 12, 2004 or both, not \u{201c}{other}\u{201d}")),
                }
            }
        }
    }
    let source = match (link, workspace, role) {
        (Some(l), None, None) => PackageSource::Link(l),
        (None, Some(file), Some(role)) => PackageSource::Workspace { file, role },
        (None, Some(_), None) => return Err("--workspace needs --role <role id or name>".into()),
        (None, None, Some(_)) => return Err("--role needs --workspace FILE.json".into()),
        (Some(_), _, _) => return Err("give either --link or --workspace with --role, not both".into()),
        (None, None, None) => return Err(format!("say what to package: --link or --workspace with --role\n{PACKAGE_USAGE}")),
    };
    Ok(PackageArgs { source, out, dist, mastery, versions })
}

/// The role a `--role` value names in `ws`: its id, else its name (ignoring case and surrounding space).
pub fn find_role(ws: &super::model::Workspace, role: &str) -> Result<super::model::RoleId, String> {
    let role = role.trim();
    if let Some(r) = ws.roles.iter().find(|r| r.id.0 == role) {
        return Ok(r.id.clone());
    }
    let matches: Vec<_> = ws.roles.iter().filter(|r| r.name.trim().eq_ignore_ascii_case(role)).collect();
    match matches.as_slice() {
        [r] => Ok(r.id.clone()),
        [] => Err(format!(
            "there is no role \u{201c}{role}\u{201d} in the workspace; its roles are: {}",
            ws.roles.iter().map(|r| format!("{} ({})", r.name, r.id)).collect::<Vec<_>>().join(", ")
        )),
        _ => Err(format!("more than one role is called \u{201c}{role}\u{201d}; give its id instead")),
    }
}

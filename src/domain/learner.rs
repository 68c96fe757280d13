//! Learner self-assessment without a server: the *learner link* that carries everything a learner needs to
//! rate themselves against a role's profile, the *result code* and *result file* that carry their answers
//! back, and the planning of a batch import of results as self ratings.
//!
//! Both codes are text of the form `<kind><version>.<length>.<body>` (`a1.…` for a link, `r1.…` for a
//! result): the body is base64url without padding of the deflated compact JSON followed by a CRC-32 over
//! the header text and the deflated bytes. Every single-character change, truncation or extension is
//! refused, never decoded into something else. The checksum detects damage and casual edits; it is not a
//! signature, since anyone can compute one. The byte-level format is in `docs/learner-link.md`.
//!
//! Nothing here reads a clock or a random source: assessment ids and dates are arguments.

use std::collections::HashMap;
use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::command::{Command, PersonFields};
use super::error::{cut, DomainError};
use super::io::cut_quoted;
use super::model::*;
use super::validate::{check_date, check_name, check_text, same_name};
use super::zip::{crc32, crc32_update};

/// The format version this build writes and reads (the digit after the kind letter).
pub const FORMAT_VERSION: u32 = 1;
/// Longest code (link fragment or result code) built or read, in characters.
pub const MAX_CODE_CHARS: usize = 16_000;
/// Links longer than this still open in browsers, but some tools that pass links on (LMS URL fields, chat
/// and email programs, proxies) may cut them: worth a warning. RFC 9110 asks for at least 8,000 octets.
pub const LONG_LINK_CHARS: usize = 8_000;
/// Most bytes a code may unpack to.
pub const MAX_JSON_BYTES: usize = 1 << 20;
/// Longest assessment id, in characters.
pub const MAX_ID_CHARS: usize = 64;
/// The `kind` of a result file.
pub const RESULT_FILE_KIND: &str = "skillgap-learner-results";
/// The `format_version` of result files this build writes and reads.
pub const RESULT_FILE_VERSION: u32 = 1;

/// Which code a text is. The learner's two and the staff survey's two (`crate::domain::survey::codec`) share
/// this codec, so a code pasted into the wrong box is named for what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeKind {
    /// A learner link (`a…`): the assessment.
    Link,
    /// A result code (`r…`): the learner's answers.
    Result,
    /// A survey link (`s…`): a staff survey round's questions and groups.
    SurveyLink,
    /// A survey response (`v…`): one anonymous respondent's answers.
    SurveyResponse,
}

impl CodeKind {
    /// Every kind.
    pub const ALL: [CodeKind; 4] = [CodeKind::Link, CodeKind::Result, CodeKind::SurveyLink, CodeKind::SurveyResponse];

    /// The letter that starts the code.
    pub fn letter(self) -> char {
        match self {
            CodeKind::Link => 'a',
            CodeKind::Result => 'r',
            CodeKind::SurveyLink => 's',
            CodeKind::SurveyResponse => 'v',
        }
    }

    /// The kind whose code starts with `c`.
    pub fn from_letter(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.letter() == c)
    }
}

impl fmt::Display for CodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CodeKind::Link => "learner link",
            CodeKind::Result => "result code",
            CodeKind::SurveyLink => "survey link",
            CodeKind::SurveyResponse => "survey response",
        })
    }
}

/// Why a link or result code could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum LinkError {
    #[error("there is no {what} here; paste the whole {what}")]
    Empty { what: CodeKind },
    #[error("this is not a Skillgap {what} (a {what} starts with \u{201c}{}{FORMAT_VERSION}.\u{201d})", .what.letter())]
    NotSkillgap { what: CodeKind },
    #[error("this is a {found}, not a {what}")]
    WrongKind { what: CodeKind, found: CodeKind },
    #[error("this {what} was made by a newer Skillgap (format {found}; this version reads format {FORMAT_VERSION}); update the app, or ask for a {what} made with this version")]
    TooNew { what: CodeKind, found: u64 },
    #[error("this {what} is incomplete{}; copy all of it (long links are sometimes cut when copied or emailed)", of_need(.have, .need))]
    Truncated { what: CodeKind, have: usize, need: Option<usize> },
    #[error("this {what} was changed or damaged after it was made (its checksum does not match); ask for it again")]
    Checksum { what: CodeKind },
    #[error("this {what} is {chars} characters long; Skillgap reads at most {MAX_CODE_CHARS}")]
    TooLarge { what: CodeKind, chars: usize },
    #[error("this {what} is damaged: {why}")]
    Damaged { what: CodeKind, why: String },
    #[error("this {what} holds invalid data: {message}")]
    Invalid { what: CodeKind, message: String },
}

fn of_need(have: &usize, need: &Option<usize>) -> String {
    need.map(|n| format!(" ({have} of {n} characters)")).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------------------
// The payloads
// ---------------------------------------------------------------------------------------------------------

/// Everything a learner needs to assess themselves: what the learner link carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LearnerAssessment {
    /// The assessment's id, chosen by the caller (1–64 letters, digits, `-` or `_`).
    pub id: String,
    /// The workspace's name.
    pub workspace: String,
    pub role: RoleId,
    pub role_name: String,
    /// The name of the skill set, when the link asks about part of the role's profile only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill_set: Option<String>,
    /// The scale's level labels, lowest first.
    pub scale: Vec<String>,
    /// The skills asked about, in library order.
    pub skills: Vec<LinkSkill>,
    /// When the link was made (YYYY-MM-DD).
    pub created: String,
    /// [`profile_fingerprint`] of the role's profile over these skills when the link was made.
    pub fingerprint: String,
}

/// One skill of a learner link, with what the role requires of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkSkill {
    pub id: SkillId,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What each level looks like for this skill (index = level; may be shorter than the scale).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub level_texts: Vec<String>,
    pub required: Level,
    pub importance: Importance,
}

/// Who answered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Learner {
    /// Free text, required.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// An employee number or other reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee_ref: Option<String>,
}

/// A learner's answer for one skill.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A level on the scale.
    Level(Level),
    /// "I have had no opportunity to show this skill" (not a low rating).
    NoOpportunity,
    /// Not answered; imports as no rating at all.
    #[default]
    Skipped,
}

impl Answer {
    /// The rating level this answer records: `Some(None)` for no opportunity, `None` when skipped.
    pub fn rating(self) -> Option<Option<Level>> {
        match self {
            Answer::Level(l) => Some(Some(l)),
            Answer::NoOpportunity => Some(None),
            Answer::Skipped => None,
        }
    }
}

/// One skill's answer and the learner's note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillAnswer {
    pub skill: SkillId,
    pub answer: Answer,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What the learner sends back: the result code's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnerResult {
    /// The assessment's id.
    pub assessment: String,
    /// The assessment's [`LearnerAssessment::fingerprint`].
    pub fingerprint: String,
    /// The workspace and role the link was made for (names are for messages only).
    pub workspace: String,
    pub role: RoleId,
    pub role_name: String,
    pub learner: Learner,
    /// When the learner finished (YYYY-MM-DD); the self ratings' date.
    pub completed: String,
    /// One answer per skill of the link, in its order.
    pub answers: Vec<SkillAnswer>,
}

// ---------------------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------------------

/// A learner link's content for role `role`'s whole profile (its required skills in library order).
/// Refused for an unknown role, a role without requirements, a bad id or date, or a link over
/// [`MAX_CODE_CHARS`].
pub fn assessment_for_role(
    ws: &Workspace,
    role: &RoleId,
    id: &str,
    created: &str,
) -> Result<LearnerAssessment, DomainError> {
    let r = ws.role(role).ok_or_else(|| DomainError::UnknownId { what: "role", id: role.to_string() })?;
    build(ws, r, None, |s| r.requirements.contains_key(s), id, created)
}

/// A learner link's content for a named set of skills from role `role`'s profile (asked in library order).
pub fn assessment_for_skills(
    ws: &Workspace,
    role: &RoleId,
    set_name: &str,
    skills: &[SkillId],
    id: &str,
    created: &str,
) -> Result<LearnerAssessment, DomainError> {
    let r = ws.role(role).ok_or_else(|| DomainError::UnknownId { what: "role", id: role.to_string() })?;
    let set_name = check_name("skill set", set_name)?;
    for s in skills {
        let skill = ws.skill(s).ok_or_else(|| DomainError::UnknownId { what: "skill", id: s.to_string() })?;
        if !r.requirements.contains_key(s) {
            return Err(DomainError::Invalid(format!(
                "\u{201c}{}\u{201d} is not in the profile of \u{201c}{}\u{201d}; a skill set is chosen from the role's required skills",
                skill.name, r.name
            )));
        }
    }
    build(ws, r, Some(set_name), |s| skills.contains(s), id, created)
}

fn build(
    ws: &Workspace,
    role: &Role,
    skill_set: Option<String>,
    asked: impl Fn(&SkillId) -> bool,
    id: &str,
    created: &str,
) -> Result<LearnerAssessment, DomainError> {
    check_id(id)?;
    let created = check_date("created date", created)?;
    let skills: Vec<LinkSkill> = ws
        .skills
        .iter()
        .filter(|s| asked(&s.id))
        .map(|s| {
            let q = role.requirements[&s.id];
            LinkSkill {
                id: s.id.clone(),
                name: s.name.clone(),
                description: s.description.clone(),
                level_texts: s.level_texts.clone(),
                required: q.level,
                importance: q.importance,
            }
        })
        .collect();
    if skills.is_empty() {
        return Err(DomainError::Invalid(match skill_set {
            Some(_) => "choose at least one skill for the skill set".to_string(),
            None => format!("\u{201c}{}\u{201d} requires no skills yet; set its profile first", role.name),
        }));
    }
    let mut a = LearnerAssessment {
        id: id.to_string(),
        workspace: ws.name.clone(),
        role: role.id.clone(),
        role_name: role.name.clone(),
        skill_set,
        scale: ws.scale.labels.clone(),
        skills,
        created,
        fingerprint: String::new(),
    };
    a.fingerprint = a.own_fingerprint();
    let chars = encode_link(&a).len();
    if chars > MAX_CODE_CHARS {
        return Err(DomainError::Invalid(format!(
            "the link would be {chars} characters, over the limit of {MAX_CODE_CHARS}; make it for fewer skills \
             (a skill set) or shorten long level texts"
        )));
    }
    Ok(a)
}

/// Checks an assessment id: 1–64 ASCII letters, digits, `-` or `_`.
fn check_id(id: &str) -> Result<(), DomainError> {
    let ok = (1..=MAX_ID_CHARS).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(DomainError::Invalid(format!(
            "an assessment id is 1–{MAX_ID_CHARS} letters, digits, - or _, not \u{201c}{}\u{201d}",
            cut(id)
        )))
    }
}

/// The fingerprint of `role`'s current profile over `skills`: 8 hex digits of the CRC-32 of the role id,
/// the number of scale levels and each skill's id, required level and importance (sorted by skill id).
/// `None` when the role no longer requires one of the skills. Renaming anything or rewording texts keeps
/// it; changing which skills are required, their level or importance, or the scale's size changes it.
pub fn profile_fingerprint<'a>(
    ws: &Workspace,
    role: &Role,
    skills: impl IntoIterator<Item = &'a SkillId>,
) -> Option<String> {
    let reqs = skills.into_iter().map(|s| role.requirements.get(s).map(|q| (s, *q))).collect::<Option<Vec<_>>>()?;
    Some(fingerprint(&role.id, ws.scale.labels.len(), reqs))
}

fn fingerprint(role: &RoleId, levels: usize, mut reqs: Vec<(&SkillId, Requirement)>) -> String {
    // The whole entry as the key: an order without ties, so the unstable sort (smaller code than the stable
    // one, which the learner's bundle then does without) gives the one answer.
    reqs.sort_unstable_by(|a, b| (a.0, a.1.level, a.1.importance).cmp(&(b.0, b.1.level, b.1.importance)));
    let mut text = format!("{role}\u{1f}{levels}");
    for (s, q) in reqs {
        text.push_str(&format!("\u{1e}{s}\u{1f}{}\u{1f}{}", q.level, q.importance));
    }
    format!("{:08x}", crc32(text.as_bytes()))
}

impl LearnerAssessment {
    /// What the assessment is called: the skill set's name, else the role's.
    pub fn title(&self) -> &str {
        self.skill_set.as_deref().unwrap_or(&self.role_name)
    }

    /// One skipped answer per skill: where a learner starts.
    pub fn blank_answers(&self) -> Vec<SkillAnswer> {
        self.skills
            .iter()
            .map(|s| SkillAnswer { skill: s.id.clone(), answer: Answer::Skipped, note: String::new() })
            .collect()
    }

    /// The learner's result, checked: a name, a date, one answer per skill in the link's order with levels
    /// on its scale, notes within limits, and a result code within [`MAX_CODE_CHARS`]. Empty email and
    /// reference become `None`; names, dates and notes are trimmed.
    pub fn result(
        &self,
        learner: Learner,
        completed: &str,
        answers: Vec<SkillAnswer>,
    ) -> Result<LearnerResult, DomainError> {
        let opt = |o: Option<String>| o.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let learner = Learner {
            name: learner.name.trim().to_string(),
            email: opt(learner.email),
            employee_ref: opt(learner.employee_ref),
        };
        let answers: Vec<SkillAnswer> =
            answers.into_iter().map(|a| SkillAnswer { note: a.note.trim().to_string(), ..a }).collect();
        let same_skills =
            answers.len() == self.skills.len() && answers.iter().zip(&self.skills).all(|(a, s)| a.skill == s.id);
        if !same_skills {
            return Err(DomainError::Invalid("the answers must follow the link's skills, one each".into()));
        }
        let r = LearnerResult {
            assessment: self.id.clone(),
            fingerprint: self.fingerprint.clone(),
            workspace: self.workspace.clone(),
            role: self.role.clone(),
            role_name: self.role_name.clone(),
            learner,
            completed: completed.trim().to_string(),
            answers,
        };
        r.check()?;
        self.preview(&r)?;
        let chars = encode_result(&r).len();
        if chars > MAX_CODE_CHARS {
            return Err(DomainError::Invalid(format!(
                "the result code would be {chars} characters, over the limit of {MAX_CODE_CHARS}; shorten the notes"
            )));
        }
        Ok(r)
    }

    /// A small workspace holding just this assessment's scale, skills and role, with the learner as its
    /// one person and their answers as self ratings: what the learner's own result page analyses with
    /// [`crate::domain::gaps`] (readiness, gaps). Returns the workspace and the learner's person id.
    ///
    /// Built directly rather than through `AddPerson` and `SetRating` (which would bring every command into
    /// the learner's bundle); the same workspace, as `tests/domain_learner.rs` checks, and it must pass
    /// `Workspace::validate` (`validate_profile`: it has no scenarios).
    pub fn preview(&self, result: &LearnerResult) -> Result<(Workspace, PersonId), DomainError> {
        let mut ws = self.base_workspace();
        let person = loop {
            let id = ws.mint("p");
            if !ws.skills.iter().any(|s| s.id.0 == id) && !ws.roles.iter().any(|r| r.id.0 == id) {
                break PersonId(id);
            }
        };
        ws.people.push(Person {
            id: person.clone(),
            name: check_name("person", &result.learner.name)?,
            role: self.role.clone(),
            team: String::new(),
            start_date: None,
        });
        for a in &result.answers {
            if let Some(level) = a.answer.rating() {
                ws.ratings.push(Rating {
                    person: person.clone(),
                    skill: a.skill.clone(),
                    source: Source::SelfRating,
                    date: result.completed.clone(),
                    level,
                    note: a.note.clone(),
                });
            }
        }
        ws.validate_profile()?;
        Ok((ws, person))
    }

    /// The assessment as a workspace without people, so that `Workspace::validate` checks its content.
    fn base_workspace(&self) -> Workspace {
        let mut ws = Workspace::empty(&self.workspace);
        ws.scale = Scale { labels: self.scale.clone() };
        ws.skills = self
            .skills
            .iter()
            .map(|s| Skill {
                id: s.id.clone(),
                name: s.name.clone(),
                category: self.title().to_string(),
                description: s.description.clone(),
                servqual: ServqualWeights::default(),
                level_texts: s.level_texts.clone(),
                source: None,
            })
            .collect();
        ws.roles = vec![Role {
            id: self.role.clone(),
            name: self.role_name.clone(),
            team: String::new(),
            headcount: 1,
            annual_turnover: 0.0,
            salary: 0.0,
            contact: ContactLevel::High,
            requirements: Default::default(),
        }];
        // Inserted one by one: collecting into the map would sort, and bring a sort into the learner's bundle.
        for s in &self.skills {
            ws.roles[0].requirements.insert(s.id.clone(), Requirement { level: s.required, importance: s.importance });
        }
        ws
    }

    fn own_fingerprint(&self) -> String {
        let reqs = self.skills.iter().map(|s| (&s.id, Requirement { level: s.required, importance: s.importance }));
        fingerprint(&self.role, self.scale.len(), reqs.collect())
    }

    fn check(&self) -> Result<(), DomainError> {
        check_id(&self.id)?;
        check_date("created date", &self.created)?;
        if let Some(n) = &self.skill_set {
            check_name("skill set", n)?;
        }
        if self.skills.is_empty() {
            return Err(DomainError::Invalid("it asks about no skills".into()));
        }
        self.base_workspace().validate_profile()?;
        if self.fingerprint != self.own_fingerprint() {
            return Err(DomainError::Invalid("its profile fingerprint does not match its skills".into()));
        }
        Ok(())
    }
}

impl LearnerResult {
    /// The checks that need no assessment: ids, names, date, answers unique, levels possible, notes short.
    fn check(&self) -> Result<(), DomainError> {
        check_id(&self.assessment)?;
        if self.fingerprint.len() != 8 || !self.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(DomainError::Invalid("the profile fingerprint must be 8 hex digits".into()));
        }
        check_name("workspace", &self.workspace)?;
        check_name("role", &self.role_name)?;
        check_name("learner", &self.learner.name)?;
        for v in [&self.learner.email, &self.learner.employee_ref].into_iter().flatten() {
            check_name("email or employee reference", v)?;
        }
        check_date("completed date", &self.completed)?;
        if self.answers.is_empty() {
            return Err(DomainError::Invalid("it holds no answers".into()));
        }
        let mut seen = std::collections::HashSet::new();
        for a in &self.answers {
            if !seen.insert(&a.skill) {
                return Err(DomainError::DuplicateId { id: a.skill.to_string() });
            }
            if let Answer::Level(l) = a.answer {
                if l as usize >= Scale::MAX_LEVELS {
                    return Err(DomainError::LevelOffScale { level: l, max: (Scale::MAX_LEVELS - 1) as Level });
                }
            }
            check_text("note", &a.note)?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------------------
// The codes
// ---------------------------------------------------------------------------------------------------------

/// A payload of a code: which code carries it, and the checks a decoded one must pass.
pub(crate) trait Payload: Serialize + DeserializeOwned {
    const KIND: CodeKind;
    /// Whether a field error names the field's path (`answers[0].answer`). Result codes do, for the trainer
    /// importing them; a learner link's error gives serde_json's own message, which keeps the path tracker
    /// (about 4 KB gzipped) out of the learner's bundle — links are made by the app, not typed.
    const FIELD_PATHS: bool;
    /// Trims what the checks trim, so that what is stored is what was checked.
    fn normalise(&mut self);
    fn check(&self) -> Result<(), DomainError>;
}

impl Payload for LearnerAssessment {
    const KIND: CodeKind = CodeKind::Link;
    const FIELD_PATHS: bool = false;
    fn normalise(&mut self) {
        self.created = self.created.trim().to_string();
    }
    fn check(&self) -> Result<(), DomainError> {
        LearnerAssessment::check(self)
    }
}

impl Payload for LearnerResult {
    const KIND: CodeKind = CodeKind::Result;
    const FIELD_PATHS: bool = true;
    /// A hand-made code may carry " 2026-01-01": the date was checked trimmed but stored as written, so the
    /// import's preview looked for ratings of another date and said "new" while the import replaced them.
    fn normalise(&mut self) {
        let trim = |s: &mut String| {
            if s.trim().len() != s.len() {
                *s = s.trim().to_string();
            }
        };
        trim(&mut self.completed);
        trim(&mut self.learner.name);
        for v in [&mut self.learner.email, &mut self.learner.employee_ref] {
            if let Some(t) = v {
                trim(t);
            }
            if v.as_deref() == Some("") {
                *v = None;
            }
        }
        for a in &mut self.answers {
            trim(&mut a.note);
        }
    }
    fn check(&self) -> Result<(), DomainError> {
        LearnerResult::check(self)
    }
}

/// The learner link's code, to put in the URL fragment (for example `#/learn/<code>`).
pub fn encode_link(a: &LearnerAssessment) -> String {
    encode(a)
}

/// Reads a learner link: the code alone, or a whole URL or fragment ending in it. White space inside is
/// ignored (links wrapped by email programs).
pub fn decode_link(text: &str) -> Result<LearnerAssessment, LinkError> {
    decode(text)
}

/// The result code a learner sends back.
pub fn encode_result(r: &LearnerResult) -> String {
    encode(r)
}

/// Reads a result code (as [`decode_link`] reads links).
pub fn decode_result(text: &str) -> Result<LearnerResult, LinkError> {
    decode(text)
}

/// `value` as its code: compact JSON framed by [`frame`] behind `<letter><version>`.
pub(crate) fn encode<T: Payload>(value: &T) -> String {
    let json = serde_json::to_vec(value).expect("a payload always serialises");
    frame(&format!("{}{FORMAT_VERSION}", T::KIND.letter()), &json)
}

/// `json` framed as a code: `<prefix>.<body length>.<body>`, the body being base64url (no padding) of the
/// raw-deflated JSON followed by the big-endian CRC-32 of the header text and the deflated bytes. The
/// learner link (`a1`), the result code (`r1`) and the saved progress (`p1`, in `lms`) are all framed so.
pub(crate) fn frame(prefix: &str, json: &[u8]) -> String {
    let mut bytes = super::deflate::deflate(json, 9);
    let chars = base64::encoded_len(bytes.len() + 4, false).expect("a code is far below usize::MAX");
    let header = format!("{prefix}.{chars}.");
    let crc = crc32_update(crc32(header.as_bytes()), &bytes);
    bytes.extend(crc.to_be_bytes());
    header + &URL_SAFE_NO_PAD.encode(bytes)
}

/// Why a framed code's body could not be opened by [`unframe`].
pub(crate) enum Unframe {
    /// Not valid base64url (the decoder's message).
    Base64(String),
    /// Fewer than the four bytes of a checksum.
    NoChecksum,
    /// The checksum does not match the header and the deflated bytes.
    Checksum,
    /// The deflated bytes do not inflate (the decoder's message).
    Inflate(String),
    /// The JSON would be longer than the caller's limit.
    TooLarge,
}

/// The JSON inside the body of a [`frame`]d code whose header text (up to and with its last `.`) is
/// `header`: base64url decoded, checksum verified, inflated to at most `max_json` bytes.
pub(crate) fn unframe(header: &str, body: &str, max_json: usize) -> Result<Vec<u8>, Unframe> {
    let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|e| Unframe::Base64(e.to_string()))?;
    if bytes.len() < 4 {
        return Err(Unframe::NoChecksum);
    }
    let (deflated, crc) = bytes.split_at(bytes.len() - 4);
    if crc32_update(crc32(header.as_bytes()), deflated).to_be_bytes() != crc {
        return Err(Unframe::Checksum);
    }
    super::deflate::inflate(deflated, max_json).map_err(|e| match e {
        super::deflate::InflateError::TooLarge => Unframe::TooLarge,
        super::deflate::InflateError::Damaged(why) => Unframe::Inflate(why.to_string()),
    })
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// A learner link or result code as mail programs, chat tools and LMS fields pass it on, made whole again:
/// quoted-printable soft line breaks (`=` at a line's end) removed, percent-encoding undone (`#%2Flearn%2F…`,
/// up to three times over, for links encoded twice), line breaks and the reply marks (`>`) at their start
/// and any other white space or invisible character (zero-width space, soft hyphen, byte-order mark)
/// dropped, and the brackets, quotes and punctuation around it (`<…>`, `"…"`, a closing `)` or full stop)
/// cut. Codes only hold ASCII letters, digits, `-`, `_` and `.`, so this never turns one code into another.
/// The learner page reads its address through this, and [`decode_link`], [`decode_result`] and
/// [`split_codes`] read pasted text through it.
pub fn unmangle(text: &str) -> String {
    let joined: String = unmangle_lines(text).chars().filter(|c| !c.is_whitespace()).collect();
    let lead = |c: char| matches!(c, '<' | '"' | '\'' | '(' | '[' | '{' | '\u{201c}' | '\u{2018}' | '\u{ab}');
    let trail = |c: char| {
        matches!(c, '>' | '"' | '\'' | ')' | ']' | '}' | '.' | ',' | ';' | ':' | '!' | '?' | '\u{201d}' | '\u{2019}' | '\u{bb}')
    };
    joined.trim_start_matches(lead).trim_end_matches(trail).to_string()
}

/// [`unmangle`] without joining lines: soft line breaks, percent-encoding, reply marks and invisible
/// characters are dealt with, white space is kept (it separates the codes of a pasted text).
fn unmangle_lines(text: &str) -> String {
    let mut t = text.replace("=\r\n", "").replace("=\n", "");
    for _ in 0..3 {
        if !t.contains('%') {
            break;
        }
        let d = decode_lenient(&t);
        if d == t {
            break;
        }
        t = d;
    }
    let mut out = String::with_capacity(t.len());
    let mut line_start = true;
    for c in t.chars() {
        if matches!(c, '\n' | '\r') {
            line_start = true;
            out.push(c);
            continue;
        }
        // A reply's quote marks at a line's start (`> > `) belong to the mail, not to the code.
        if line_start && (c == '>' || c == ' ' || c == '\t') {
            if c != '>' {
                out.push(c);
            }
            continue;
        }
        line_start = false;
        if !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}' | '\u{2028}' | '\u{2029}') {
            out.push(c);
        }
    }
    out
}

/// `text` with every valid `%XX` escape decoded and everything else kept as it is (an invalid escape, a
/// `+`); bytes that do not make UTF-8 become U+FFFD, which no code contains, so such a text is refused as
/// damaged. One decoding step of [`unmangle`]; the learner page's address is read through the same.
pub fn decode_lenient(text: &str) -> String {
    let b = text.as_bytes();
    let hex = |k: usize| b.get(k).and_then(|&c| (c as char).to_digit(16)).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if let (b'%', Some(h), Some(l)) = (b[i], hex(i + 1), hex(i + 2)) {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The code in `text` (after [`unmangle`]): what follows the last `#`, `/`, `?`, `&` or `=`, without leading
/// or trailing characters that no code has.
fn code_part(text: &str) -> String {
    let clean = unmangle(text);
    let tail = clean.rsplit(['#', '/', '?', '&', '=']).next().unwrap_or(&clean);
    tail.trim_start_matches(|c: char| !c.is_ascii_alphanumeric()).trim_end_matches(|c| !is_code_char(c)).to_string()
}

/// Reads the code in `text` as a `T`: cleaned ([`code_part`]), its header, length, characters and checksum
/// checked, unframed, deserialised and checked by [`Payload::check`].
pub(crate) fn decode<T: Payload>(text: &str) -> Result<T, LinkError> {
    let what = T::KIND;
    let code = code_part(text);
    let have = code.chars().count();
    if have == 0 {
        return Err(LinkError::Empty { what });
    }
    if have > MAX_CODE_CHARS {
        return Err(LinkError::TooLarge { what, chars: have });
    }
    let truncated = |need| LinkError::Truncated { what, have, need };
    let damaged = |why: String| LinkError::Damaged { what, why };
    let mut parts = code.splitn(3, '.');
    let head = parts.next().unwrap_or_default();
    let letter = head.chars().next().unwrap_or_default();
    let digits = &head[letter.len_utf8()..];
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LinkError::NotSkillgap { what });
    }
    if let Some(found) = CodeKind::from_letter(letter).filter(|&k| k != what) {
        return Err(LinkError::WrongKind { what, found });
    }
    if letter != what.letter() {
        return Err(LinkError::NotSkillgap { what });
    }
    if digits.is_empty() {
        return Err(if code.len() == head.len() { truncated(None) } else { LinkError::NotSkillgap { what } });
    }
    match digits.parse::<u64>() {
        Ok(v) if v > FORMAT_VERSION as u64 => return Err(LinkError::TooNew { what, found: v }),
        Ok(v) if v == FORMAT_VERSION as u64 => {}
        _ => return Err(LinkError::NotSkillgap { what }),
    }
    let (Some(length), Some(body)) = (parts.next(), parts.next()) else {
        // `a1`, `a1.` or `a1.12`: the start of a code, cut off.
        return Err(if code.len() <= head.len() + 7 {
            truncated(None)
        } else {
            damaged("its header is unreadable".into())
        });
    };
    let need: usize = match length.parse() {
        Ok(n) if length.bytes().all(|b| b.is_ascii_digit()) && length.len() <= 6 => n,
        _ => return Err(damaged("its length is not a number".into())),
    };
    let header_len = code.len() - body.len();
    if body.len() < need {
        return Err(truncated(Some(header_len + need)));
    }
    if body.len() > need {
        return Err(damaged(format!("it has {} characters too many at its end", body.len() - need)));
    }
    if let Some((i, c)) = body.chars().enumerate().find(|&(_, c)| !is_code_char(c)) {
        return Err(damaged(format!("character {} (\u{201c}{c}\u{201d}) cannot appear in a code", header_len + i + 1)));
    }
    let json = unframe(&code[..header_len], body, MAX_JSON_BYTES).map_err(|e| match e {
        Unframe::Base64(why) | Unframe::Inflate(why) => damaged(why),
        Unframe::NoChecksum => damaged("it is too short to hold a checksum".into()),
        Unframe::Checksum => LinkError::Checksum { what },
        Unframe::TooLarge => damaged("it unpacks to more than 1 MiB".into()),
    })?;
    let de = &mut serde_json::Deserializer::from_slice(&json);
    let invalid = |message: String| LinkError::Invalid { what, message };
    let without_position = |message: String| message.rfind(" at line ").map_or(message.as_str(), |i| &message[..i]).to_string();
    let mut value: T = if T::FIELD_PATHS {
        serde_path_to_error::deserialize(de).map_err(|e| {
            invalid(cut_quoted(&format!("field {}: {}", cut(&e.path().to_string()), without_position(e.inner().to_string()))))
        })?
    } else {
        T::deserialize(de).map_err(|e| invalid(cut_quoted(&without_position(e.to_string()))))?
    };
    value.normalise();
    value.check().map_err(|e| invalid(cut_quoted(&e.to_string())))?;
    Ok(value)
}

/// The codes in a pasted text, in order: each starts at a code's letter and digits (`a1.`, `r1.`, `s1.`,
/// `v1.`: [`CodeKind`]) and runs to its
/// declared length, skipping white space (so wrapped codes are joined), or to the first other character.
/// Text between codes is ignored. The text is first cleaned of what mail programs do to it (see
/// [`unmangle`]: percent-encoding, soft line breaks, reply marks). A non-blank text with no code in it is
/// returned whole, so that reading it explains what is wrong. Linear in the text's length.
pub fn split_codes(text: &str) -> Vec<String> {
    let clean = unmangle_lines(text);
    let b = clean.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let boundary = i == 0 || !(is_code_char(b[i - 1] as char) || b[i - 1] == b'.');
        if boundary && CodeKind::from_letter(b[i] as char).is_some() {
            let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 && b.get(i + 1 + digits) == Some(&b'.') {
                starts.push(i);
            }
            // Nothing inside the digits can start a code; skipping them keeps this linear.
            i += 1 + digits;
            continue;
        }
        i += 1;
    }
    if starts.is_empty() {
        return if text.trim().is_empty() { Vec::new() } else { vec![text.trim().to_string()] };
    }
    let ends = starts.iter().skip(1).copied().chain([clean.len()]);
    starts.iter().zip(ends).map(|(&s, e)| take_code(&clean[s..e])).collect()
}

/// The code at the start of `chunk`, up to its declared length.
fn take_code(chunk: &str) -> String {
    let mut code = String::new();
    let mut want = None;
    let mut dots = 0;
    let mut length_from = 0;
    for c in chunk.chars().filter(|c| !c.is_whitespace()) {
        if want == Some(code.len()) || !(is_code_char(c) || c == '.') {
            break;
        }
        code.push(c);
        if c == '.' && dots < 2 {
            dots += 1;
            if dots == 2 {
                let length = &code[length_from..code.len() - 1];
                want = length.parse::<usize>().ok().map(|n| code.len().saturating_add(n));
            }
            length_from = code.len();
        }
    }
    code
}

// ---------------------------------------------------------------------------------------------------------
// Result files
// ---------------------------------------------------------------------------------------------------------

#[derive(Serialize, Deserialize)]
struct ResultFile {
    kind: String,
    format_version: u32,
    codes: Vec<String>,
}

/// A result file holding `codes` (pretty JSON with `kind` and `format_version`).
pub fn result_file(codes: &[String]) -> String {
    codes_file(RESULT_FILE_KIND, codes)
}

/// A file of codes of kind `kind` (a result file, a survey response file): pretty JSON with `kind`,
/// `format_version` and `codes`.
pub(crate) fn codes_file(kind: &str, codes: &[String]) -> String {
    let file = ResultFile { kind: kind.into(), format_version: RESULT_FILE_VERSION, codes: codes.to_vec() };
    serde_json::to_string_pretty(&file).expect("a file of codes always serialises")
}

/// Why a result file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{file}: {message}")]
pub struct ResultFileError {
    pub file: String,
    pub message: String,
}

/// The codes in a result file named `file`, each labelled for [`plan_result_import`] (`"file"` for a file
/// of one code, `"file, code 2"` otherwise). A file that is not JSON is read as pasted text
/// ([`split_codes`]). The codes themselves are decoded by the import.
pub fn parse_result_file(file: &str, text: &str) -> Result<Vec<(String, String)>, ResultFileError> {
    parse_codes_file(RESULT_FILE_KIND, "result", file, text)
}

/// Reads a file written by [`codes_file`] with kind `kind` (`noun`: what the file is called in messages,
/// "result" or "survey response"), or pasted text, as [`parse_result_file`] does.
pub(crate) fn parse_codes_file(
    kind: &str,
    noun: &str,
    file: &str,
    text: &str,
) -> Result<Vec<(String, String)>, ResultFileError> {
    let err = |message: String| ResultFileError { file: file.to_string(), message };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let codes = if text.trim_start().starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| err(format!("not valid JSON at line {}, column {}", e.line(), e.column())))?;
        if value.get("kind").and_then(|k| k.as_str()) != Some(kind) {
            return Err(err(format!("this is not a Skillgap {noun} file (its kind is not \u{201c}{kind}\u{201d})")));
        }
        match value.get("format_version").and_then(|v| v.as_u64()) {
            Some(v) if v > RESULT_FILE_VERSION as u64 => {
                return Err(err(format!(
                    "made by a newer Skillgap (format_version {v}; this version reads up to {RESULT_FILE_VERSION}); update the app"
                )))
            }
            Some(v) if v >= 1 => {}
            _ => return Err(err("format_version must be a whole number from 1".into())),
        }
        let file: ResultFile = serde_json::from_value(value).map_err(|e| err(cut_quoted(&format!("codes: {e}"))))?;
        file.codes
    } else {
        split_codes(text)
    };
    match codes.len() {
        0 => Err(err(format!("the file holds no {noun} codes"))),
        1 => Ok(vec![(file.to_string(), codes.into_iter().next().expect("one"))]),
        _ => Ok(codes.into_iter().enumerate().map(|(i, c)| (format!("{file}, code {}", i + 1), c)).collect()),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Import planning
// ---------------------------------------------------------------------------------------------------------

/// A result the import would apply.
#[derive(Clone, Debug, PartialEq)]
pub struct Accepted {
    /// Its position in the inputs and its label.
    pub index: usize,
    pub source: String,
    pub learner: Learner,
    pub role: RoleId,
    pub role_name: String,
    /// The person the self ratings go to: found by name in the role, or added (`new_person`).
    pub person: PersonId,
    pub person_name: String,
    pub new_person: bool,
    /// The self ratings' date (the result's completed date).
    pub date: String,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub skipped: usize,
}

impl fmt::Display for Accepted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let who = if self.new_person {
            format!("new person {}", self.person)
        } else {
            format!("existing person {} \u{201c}{}\u{201d}", self.person, self.person_name)
        };
        write!(
            f,
            "{}: {} \u{2192} {who} in \u{201c}{}\u{201d}; self ratings of {}: {} new, {} replaced, {} unchanged, {} skipped",
            self.source, self.learner.name, self.role_name, self.date, self.added, self.replaced, self.unchanged, self.skipped
        )
    }
}

/// A result the import refuses, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejected {
    pub index: usize,
    pub source: String,
    /// The learner's name, when the code could be read.
    pub learner: Option<String>,
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.learner {
            Some(l) => write!(f, "{} ({l}): {}", self.source, self.reason),
            None => write!(f, "{}: {}", self.source, self.reason),
        }
    }
}

/// What importing a batch of result codes would do. Nothing is changed until the caller applies
/// `workspace` (with `Command::Replace`), which holds every accepted result and none of the rejected.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportPlan {
    pub accepted: Vec<Accepted>,
    pub rejected: Vec<Rejected>,
    /// The workspace with the accepted results applied, validated; `None` when nothing was accepted.
    pub workspace: Option<Workspace>,
}

/// Whom a result's ratings go to while planning.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Who {
    Existing(PersonId),
    /// A person to add: role and lower-cased name.
    New(RoleId, String),
}

struct Planned {
    index: usize,
    result: LearnerResult,
    who: Who,
    counts: [usize; 4],
}

/// Plans importing result codes (each with a label naming where it came from, such as `"code 3"`) as self
/// ratings dated on each result's completed date. Each code is decoded (damaged, tampered, truncated or
/// too-new codes are rejected); its role is found by id and its fingerprint checked against the role's
/// current profile (a changed profile rejects it as stale); its learner is matched by name within the
/// role, any case, or added as a new person. A code given twice, a second result for the same learner and
/// date, and a result whose ratings are all already in the workspace are rejected.
pub fn plan_result_import(ws: &Workspace, inputs: &[(String, String)]) -> ImportPlan {
    let mut rejected = Vec::new();
    let mut planned: Vec<Planned> = Vec::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut claimed: HashMap<(Who, String), usize> = HashMap::new();
    let existing: HashMap<(&PersonId, &SkillId, &str), &Rating> = ws
        .ratings
        .iter()
        .filter(|r| r.source == Source::SelfRating)
        .map(|r| ((&r.person, &r.skill, r.date.as_str()), r))
        .collect();
    for (index, (source, text)) in inputs.iter().enumerate() {
        let reject = |learner: Option<&str>, reason: String| Rejected {
            index,
            source: source.clone(),
            learner: learner.map(String::from),
            reason,
        };
        let r = match decode_result(text) {
            Ok(r) => r,
            Err(e) => {
                rejected.push(reject(None, e.to_string()));
                continue;
            }
        };
        let name = r.learner.name.trim();
        if let Some(&j) = codes.get(&code_part(text)) {
            rejected.push(reject(Some(name), format!("the same code as {}", inputs[j].0)));
            continue;
        }
        codes.insert(code_part(text), index);
        let Some(role) = ws.role(&r.role) else {
            rejected.push(reject(
                Some(name),
                format!(
                    "this workspace has no role \u{201c}{}\u{201d} (id {}); the link was made in the workspace \u{201c}{}\u{201d}",
                    r.role_name,
                    cut(r.role.as_str()),
                    r.workspace
                ),
            ));
            continue;
        };
        if profile_fingerprint(ws, role, r.answers.iter().map(|a| &a.skill)).as_deref() != Some(r.fingerprint.as_str())
        {
            rejected.push(reject(
                Some(name),
                format!(
                    "stale: the profile of \u{201c}{}\u{201d} (its skills, required levels or importance, or the scale) \
                     has changed since this learner's link was made; send them a new link",
                    role.name
                ),
            ));
            continue;
        }
        let answered: Vec<&SkillAnswer> = r.answers.iter().filter(|a| a.answer.rating().is_some()).collect();
        if answered.is_empty() {
            rejected.push(reject(Some(name), "every skill was skipped, so there is nothing to import".into()));
            continue;
        }
        let matches: Vec<&Person> = ws.people.iter().filter(|p| p.role == r.role && same_name(&p.name, name)).collect();
        let who = match matches.as_slice() {
            [] => Who::New(r.role.clone(), name.to_lowercase()),
            [p] => Who::Existing(p.id.clone()),
            many => {
                let ids: Vec<&str> = many.iter().map(|p| p.id.as_str()).collect();
                rejected.push(reject(
                    Some(name),
                    format!(
                        "{} people in \u{201c}{}\u{201d} are called \u{201c}{name}\u{201d} ({}); rename one, or import this \
                         learner's ratings by CSV with a person_id",
                        many.len(),
                        role.name,
                        ids.join(", ")
                    ),
                ));
                continue;
            }
        };
        let key = (who.clone(), r.completed.clone());
        if let Some(&j) = claimed.get(&key) {
            rejected.push(reject(
                Some(name),
                format!(
                    "{} is also this learner's result of {}; only one result per learner and date can be imported, so \
                     leave one out",
                    inputs[j].0, r.completed
                ),
            ));
            continue;
        }
        // [added, replaced, unchanged, skipped]
        let mut counts = [0, 0, 0, r.answers.len() - answered.len()];
        for a in &answered {
            let old = match &who {
                Who::Existing(p) => existing.get(&(p, &a.skill, r.completed.as_str())),
                Who::New(..) => None,
            };
            let slot = match old {
                None => 0,
                Some(o) if o.level == a.answer.rating().flatten() && o.note == a.note.trim() => 2,
                Some(_) => 1,
            };
            counts[slot] += 1;
        }
        // Claimed even when already imported, so that re-importing a batch in which a second result for this
        // learner and date was left out leaves it out again (the import is idempotent).
        claimed.insert(key, index);
        if counts[2] == answered.len() {
            rejected.push(reject(
                Some(name),
                format!(
                    "already imported: these self ratings of {} are in the workspace with the same values",
                    r.completed
                ),
            ));
            continue;
        }
        planned.push(Planned { index, result: r, who, counts });
    }

    let mut accepted = Vec::new();
    let mut workspace = None;
    while !planned.is_empty() {
        match apply_planned(ws, &planned) {
            Ok((next, people)) => {
                for (p, (person, new_person)) in planned.iter().zip(people) {
                    let [added, replaced, unchanged, skipped] = p.counts;
                    let person_name = next.person(&person).map(|x| x.name.clone()).unwrap_or_default();
                    accepted.push(Accepted {
                        index: p.index,
                        source: inputs[p.index].0.clone(),
                        learner: p.result.learner.clone(),
                        role: p.result.role.clone(),
                        role_name: ws.role(&p.result.role).map(|r| r.name.clone()).unwrap_or_default(),
                        person,
                        person_name,
                        new_person,
                        date: p.result.completed.clone(),
                        added,
                        replaced,
                        unchanged,
                        skipped,
                    });
                }
                workspace = Some(next);
                break;
            }
            // One result's ratings were refused: leave it out and plan the rest again.
            Err((Some(k), e)) => {
                let p = planned.remove(k);
                rejected.push(Rejected {
                    index: p.index,
                    source: inputs[p.index].0.clone(),
                    learner: Some(p.result.learner.name),
                    reason: format!("refused: {e}"),
                });
            }
            Err((None, e)) => {
                for p in planned.drain(..) {
                    rejected.push(Rejected {
                        index: p.index,
                        source: inputs[p.index].0.clone(),
                        learner: Some(p.result.learner.name),
                        reason: format!("the result would not be a valid workspace ({e}); nothing was imported"),
                    });
                }
            }
        }
    }
    rejected.sort_by_key(|r| r.index);
    ImportPlan { accepted, rejected, workspace }
}

/// Applies the planned results to a copy of `ws` through the same commands as edits, then validates it.
/// Returns the workspace and, per result, its person and whether the import adds them; or which result
/// was refused (`None`: the whole workspace failed validation).
#[allow(clippy::type_complexity)]
fn apply_planned(
    ws: &Workspace,
    planned: &[Planned],
) -> Result<(Workspace, Vec<(PersonId, bool)>), (Option<usize>, DomainError)> {
    let mut next = ws.clone();
    let mut added: HashMap<&Who, PersonId> = HashMap::new();
    let mut people = Vec::with_capacity(planned.len());
    // Every rating to set, and which planned result it comes from.
    let (mut ratings, mut owners) = (Vec::new(), Vec::new());
    for (k, p) in planned.iter().enumerate() {
        let r = &p.result;
        let person = match &p.who {
            Who::Existing(id) => id.clone(),
            Who::New(..) => match added.get(&p.who) {
                Some(id) => id.clone(),
                None => {
                    let fields = PersonFields {
                        name: r.learner.name.clone(),
                        role: r.role.clone(),
                        team: String::new(),
                        start_date: None,
                    };
                    let id = next.apply(Command::AddPerson { fields }).map_err(|e| (Some(k), e))?.created;
                    let id = PersonId(id.expect("AddPerson mints an id"));
                    added.insert(&p.who, id.clone());
                    id
                }
            },
        };
        for a in &r.answers {
            if let Some(level) = a.answer.rating() {
                ratings.push(Rating {
                    person: person.clone(),
                    skill: a.skill.clone(),
                    source: Source::SelfRating,
                    date: r.completed.clone(),
                    level,
                    note: a.note.clone(),
                });
                owners.push(k);
            }
        }
        people.push((person, matches!(p.who, Who::New(..))));
    }
    // All the self ratings in one command: one pass over the workspace's ratings, however many results.
    next.apply(Command::SetRatings(ratings)).map_err(|e| match e {
        DomainError::BatchItem { position, source, .. } => (Some(owners[position - 1]), *source),
        e => (None, e),
    })?;
    next.validate().map_err(|e| (None, e))?;
    Ok((next, people))
}

//! The survey link and the anonymous response, as codes of the learner links' family
//! ([`crate::domain::learner`]: `<letter><version>.<length>.<body>`, deflated compact JSON with a CRC-32
//! over header and body, base64url): `s1.…` for a survey link, `v1.…` for a response. The framing,
//! cleaning of pasted text, error messages and limits are the learner codes' own (`learner::encode`,
//! `learner::decode`, `learner::split_codes`), so every single-character change, truncation or extension is
//! refused the same way. The byte-level format and the JSON fields are in `docs/surveys.md`.
//!
//! A response carries no name, no identifier of a person, no date and no time: the round's key and
//! fingerprint (to find its round), a random token (to refuse it twice), the group the respondent chose
//! (or none), the answers and the free text.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::instrument::{Construct, ItemKind, MAX_ITEMS};
use super::rounds::{check_key, cut, fingerprint, MAX_GROUPS, MAX_SUPPLIERS};
use super::{GroupBy, Round, StoredResponse, SupplierAnswers, SCALE_MAX};
use crate::domain::error::DomainError;
use crate::domain::learner::{self, CodeKind, LinkError, Payload, ResultFileError};
use crate::domain::model::Workspace;
use crate::domain::validate::check_name;

/// Longest answer to a free-text question, in characters.
pub const MAX_FREE_TEXT: usize = 2_000;
/// Shortest and longest response token, in characters (letters, digits, `-`, `_`).
pub const TOKEN_CHARS: std::ops::RangeInclusive<usize> = 16..=64;
/// The `kind` of a response file.
pub const RESPONSE_FILE_KIND: &str = "skillgap-survey-responses";
/// The character of an unanswered item.
pub const NO_ANSWER: char = '-';

/// A group as the link offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkGroup {
    pub id: String,
    pub name: String,
}

/// A question as the link carries it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkItem {
    pub id: String,
    #[serde(rename = "c")]
    pub construct: Construct,
    pub text: String,
}

/// What a survey link carries: everything the respondent's page needs, and nothing about anyone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyLink {
    /// The round's key.
    pub id: String,
    /// The workspace's name (shown to respondents as who is asking).
    pub workspace: String,
    /// The round's label.
    pub label: String,
    /// The anonymity threshold promised: a group's answers are shown only with at least this many.
    pub k: u8,
    pub by: GroupBy,
    pub groups: Vec<LinkGroup>,
    /// Ids of the groups that may be rated as internal suppliers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<String>,
    pub items: Vec<LinkItem>,
    /// The round's [`Round::fingerprint`].
    pub fingerprint: String,
}

/// What a respondent sends back: the response code's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// The round's key.
    #[serde(rename = "r")]
    pub round: String,
    #[serde(rename = "f")]
    pub fingerprint: String,
    #[serde(rename = "v")]
    pub(in crate::domain) body: StoredResponse,
}

impl SurveyResponse {
    /// The random token that tells this response from every other.
    pub fn token(&self) -> &str {
        &self.body.token
    }
}

/// The link of `round` in `ws` (the workspace's name as it is now).
pub fn link_for(ws: &Workspace, round: &Round) -> SurveyLink {
    SurveyLink {
        id: round.key.clone(),
        workspace: ws.name.clone(),
        label: round.label.clone(),
        k: round.k,
        by: round.group_by,
        groups: round.groups.iter().map(|g| LinkGroup { id: g.id.clone(), name: g.name.clone() }).collect(),
        suppliers: round.suppliers.clone(),
        items: round
            .items
            .iter()
            .map(|i| LinkItem { id: i.id.clone(), construct: i.construct, text: i.text.clone() })
            .collect(),
        fingerprint: round.fingerprint(),
    }
}

/// One rated answer: a point of the scale, or none.
pub type Rating = Option<u8>;

fn answer_chars(answers: &[Rating]) -> Result<String, DomainError> {
    answers
        .iter()
        .map(|a| match a {
            None => Ok(NO_ANSWER),
            Some(v) if (1..=SCALE_MAX).contains(v) => Ok(char::from(b'0' + v)),
            Some(v) => Err(DomainError::Invalid(format!("an answer is 1–{SCALE_MAX}, not {v}"))),
        })
        .collect()
}

/// The points of an answer string: `1`–`5` as numbers, `-` as none; `None` for any other character.
pub(super) fn parse_answers(s: &str) -> Option<Vec<Rating>> {
    s.chars()
        .map(|c| match c {
            NO_ANSWER => Some(None),
            '1'..='5' => Some(Some(c as u8 - b'0')),
            _ => None,
        })
        .collect()
}

impl SurveyLink {
    /// The questions answered as `kind`, in order.
    pub fn items_of(&self, kind: ItemKind) -> impl Iterator<Item = &LinkItem> {
        self.items.iter().filter(move |i| i.construct.kind() == kind)
    }

    /// The group with id `id`.
    pub fn group(&self, id: &str) -> Option<&LinkGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// The groups `group`'s respondents may rate as internal suppliers (never their own).
    pub fn suppliers_for(&self, group: Option<&str>) -> Vec<&LinkGroup> {
        self.suppliers.iter().filter(|s| Some(s.as_str()) != group).filter_map(|s| self.group(s)).collect()
    }

    /// A response to this link, checked: `group` one of its groups or `None` (not given); `rated` one answer
    /// per rated question in order; `suppliers` at most [`MAX_SUPPLIERS`] of the link's suppliers (not the
    /// respondent's own group), each with one answer per internal-service question; `texts` one per
    /// free-text question (trimmed, at most [`MAX_FREE_TEXT`] characters); `token` random, chosen by the
    /// caller (the domain draws no random numbers). Refused when nothing at all is answered.
    pub fn respond(
        &self,
        group: Option<String>,
        rated: &[Rating],
        suppliers: &[(String, Vec<Rating>)],
        texts: &[String],
        token: &str,
    ) -> Result<SurveyResponse, DomainError> {
        let body = StoredResponse {
            token: token.to_string(),
            group,
            answers: answer_chars(rated)?,
            suppliers: suppliers
                .iter()
                .map(|(g, a)| Ok(SupplierAnswers { group: g.clone(), answers: answer_chars(a)? }))
                .collect::<Result<_, DomainError>>()?,
            texts: texts.iter().map(|t| t.trim().to_string()).collect(),
        };
        let r = SurveyResponse { round: self.id.clone(), fingerprint: self.fingerprint.clone(), body };
        r.check()?;
        self.fits(&r)?;
        let chars = encode_response(&r).len();
        if chars > learner::MAX_CODE_CHARS {
            return Err(DomainError::Invalid(format!(
                "the response code would be {chars} characters, over the limit of {}; shorten the written answers",
                learner::MAX_CODE_CHARS
            )));
        }
        Ok(r)
    }

    /// Whether `r` answers this link: its round and fingerprint, its group, one answer per rated question,
    /// its suppliers (allowed, not its own group, once each) with one answer per internal-service question,
    /// one text per free-text question, and something answered.
    pub fn fits(&self, r: &SurveyResponse) -> Result<(), DomainError> {
        let bad = |m: String| Err(DomainError::Invalid(m));
        if r.round != self.id || r.fingerprint != self.fingerprint {
            return bad("it answers another survey round".into());
        }
        let b = &r.body;
        if let Some(g) = &b.group {
            if self.group(g).is_none() {
                return bad(format!("its group \u{201c}{}\u{201d} is not one of the round's", cut(g)));
            }
        }
        let rated = self.items_of(ItemKind::Rated).count();
        if b.answers.chars().count() != rated {
            return bad(format!("it has {} answers for the {rated} rated questions", b.answers.chars().count()));
        }
        let per_supplier = self.items_of(ItemKind::PerSupplier).count();
        for s in &b.suppliers {
            if !self.suppliers.contains(&s.group) {
                return bad(format!("it rates \u{201c}{}\u{201d}, which the round does not offer as an internal supplier", cut(&s.group)));
            }
            if b.group.as_deref() == Some(s.group.as_str()) {
                return bad("it rates the respondent's own group as an internal supplier".into());
            }
            if s.answers.chars().count() != per_supplier {
                return bad(format!(
                    "it has {} answers about an internal supplier for the {per_supplier} questions",
                    s.answers.chars().count()
                ));
            }
        }
        let texts = self.items_of(ItemKind::Text).count();
        if b.texts.len() != texts {
            return bad(format!("it has {} written answers for the {texts} free-text questions", b.texts.len()));
        }
        let anything = b.answers.contains(|c| c != NO_ANSWER)
            || b.suppliers.iter().any(|s| s.answers.contains(|c| c != NO_ANSWER))
            || b.texts.iter().any(|t| !t.is_empty());
        if !anything {
            return bad("nothing was answered".into());
        }
        Ok(())
    }

    /// The link's own fingerprint, from its contents.
    fn own_fingerprint(&self) -> String {
        fingerprint(
            &self.id,
            self.k,
            self.by,
            self.items.iter().map(|i| (i.id.as_str(), i.construct.key())),
            self.groups.iter().map(|g| g.id.as_str()),
            self.suppliers.iter().map(String::as_str),
        )
    }
}

/// `s` without surrounding white space (left alone when there is none).
fn trim_in_place(s: &mut String) {
    if s.trim().len() != s.len() {
        *s = s.trim().to_string();
    }
}

impl Payload for SurveyLink {
    const KIND: CodeKind = CodeKind::SurveyLink;
    const FIELD_PATHS: bool = false;
    /// Trims the texts a hand-made link may pad (the fingerprint covers none of them).
    fn normalise(&mut self) {
        trim_in_place(&mut self.workspace);
        trim_in_place(&mut self.label);
        for g in &mut self.groups {
            trim_in_place(&mut g.name);
        }
        for i in &mut self.items {
            trim_in_place(&mut i.text);
        }
    }
    fn check(&self) -> Result<(), DomainError> {
        check_key(&self.id)?;
        check_name("workspace", &self.workspace)?;
        check_name("survey round", &self.label)?;
        super::disclose::check_threshold(self.k)?;
        let groups: Vec<super::Group> = self
            .groups
            .iter()
            .map(|g| super::Group { id: g.id.clone(), name: g.name.clone(), population: None, roles: Vec::new() })
            .collect();
        super::rounds::check_groups(&groups)?;
        super::rounds::check_suppliers(&groups, &self.suppliers)?;
        let items: Vec<super::SurveyItem> = self
            .items
            .iter()
            .map(|i| super::SurveyItem { id: i.id.clone(), construct: i.construct, text: i.text.clone() })
            .collect();
        super::rounds::check_items(&items)?;
        if items.is_empty() {
            return Err(DomainError::Invalid("it asks no questions".into()));
        }
        for i in &self.items {
            if i.text != i.text.trim() {
                return Err(DomainError::Invalid(format!("question {} has untrimmed text", i.id)));
            }
        }
        if self.fingerprint != self.own_fingerprint() {
            return Err(DomainError::Invalid("its fingerprint does not match its questions and groups".into()));
        }
        Ok(())
    }
}

impl Payload for SurveyResponse {
    const KIND: CodeKind = CodeKind::SurveyResponse;
    const FIELD_PATHS: bool = true;
    /// Trims the written answers, as the respondent's page does.
    fn normalise(&mut self) {
        for t in &mut self.body.texts {
            trim_in_place(t);
        }
    }
    /// The checks that need no round: key, fingerprint and token well formed; answers only `1`–`5` and `-`,
    /// no more than a survey can ask; suppliers at most [`MAX_SUPPLIERS`], once each; texts within limits.
    fn check(&self) -> Result<(), DomainError> {
        let bad = |m: &str| Err(DomainError::Invalid(m.to_string()));
        check_key(&self.round)?;
        if self.fingerprint.len() != 8 || !self.fingerprint.bytes().all(|b| b.is_ascii_hexdigit()) {
            return bad("the round's fingerprint must be 8 hex digits");
        }
        let b = &self.body;
        let token_ok = TOKEN_CHARS.contains(&b.token.len())
            && b.token.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
        if !token_ok {
            return bad("its token must be 16–64 letters, digits, - or _");
        }
        if let Some(g) = &b.group {
            check_key(g).map_err(|_| DomainError::Invalid("its group id is not valid".into()))?;
        }
        let answers_ok = |s: &str| s.chars().count() <= MAX_ITEMS && parse_answers(s).is_some();
        if !answers_ok(&b.answers) {
            return bad("its answers must be 1–5 or - for each question");
        }
        if b.suppliers.len() > MAX_SUPPLIERS.min(MAX_GROUPS) {
            return bad("it rates more than 3 internal suppliers");
        }
        let mut seen = HashSet::new();
        for s in &b.suppliers {
            check_key(&s.group).map_err(|_| DomainError::Invalid("an internal supplier's id is not valid".into()))?;
            if !seen.insert(&s.group) {
                return bad("it rates the same internal supplier twice");
            }
            if !answers_ok(&s.answers) {
                return bad("its answers about an internal supplier must be 1–5 or - for each question");
            }
        }
        if b.texts.len() > MAX_ITEMS {
            return bad("it has more written answers than a survey has questions");
        }
        for t in &b.texts {
            if t.chars().count() > MAX_FREE_TEXT {
                return Err(DomainError::Invalid(format!("a written answer is limited to {MAX_FREE_TEXT} characters")));
            }
            if t != t.trim() {
                return bad("a written answer has untrimmed text");
            }
        }
        Ok(())
    }
}

/// The survey link's code, for the URL fragment (`#/survey/<code>`).
pub fn encode_link(link: &SurveyLink) -> String {
    learner::encode(link)
}

/// Reads a survey link: the code alone, or a whole URL or fragment ending in it.
pub fn decode_link(text: &str) -> Result<SurveyLink, LinkError> {
    learner::decode(text)
}

/// The survey link's code in a URL fragment (`#/survey/<code>`, mangled as mail programs mangle learner
/// links: [`crate::domain::lms::code_in_fragment`]); `None` when the fragment is not a survey route.
pub fn survey_code_in_fragment(hash: &str) -> Option<String> {
    crate::domain::lms::code_in_fragment(hash, "/survey/")
}

/// The response code a respondent sends back.
pub fn encode_response(r: &SurveyResponse) -> String {
    learner::encode(r)
}

/// Reads a response code (as [`decode_link`] reads links).
pub fn decode_response(text: &str) -> Result<SurveyResponse, LinkError> {
    learner::decode(text)
}

/// A response file holding `codes`.
pub fn response_file(codes: &[String]) -> String {
    learner::codes_file(RESPONSE_FILE_KIND, codes)
}

/// The codes in a response file named `file` (or in pasted text), labelled as
/// [`learner::parse_result_file`] labels them.
pub fn parse_response_file(file: &str, text: &str) -> Result<Vec<(String, String)>, ResultFileError> {
    learner::parse_codes_file(RESPONSE_FILE_KIND, "survey response", file, text)
}

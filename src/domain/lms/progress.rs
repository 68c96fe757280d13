//! The learner's saved progress: what save-and-resume keeps, and the compact `p1.` code it is saved as in
//! SCORM `cmi.suspend_data` (within SCORM 1.2's 4,096 characters), in the cmi5 State API and in this
//! browser's storage.

use serde::{Deserialize, Serialize};

use crate::domain::learner::{frame, unframe, Answer, LearnerAssessment, SkillAnswer};

/// `cmi.suspend_data` limit of SCORM 1.2 (real LMSs stop here even when a runtime accepts more).
pub const SCORM12_SUSPEND_LIMIT: usize = 4_096;
/// `cmi.suspend_data` limit of SCORM 2004 (4th edition): characterstring SPM 64,000.
pub const SCORM2004_SUSPEND_LIMIT: usize = 64_000;

/// The cmi5-defined verbs about the result an LMS has accepted in this registration. cmi5 allows one
/// `completed` and one `passed` per registration, and no `failed` after `passed` (§9.3), so a result sent
/// again (a reload, a second device, a retry after a refusal) sends only what is still missing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub completed: bool,
    pub passed: bool,
    pub failed: bool,
}

impl Sent {
    fn letters(self) -> String {
        [(self.completed, 'c'), (self.passed, 'p'), (self.failed, 'f')].iter().filter(|(b, _)| *b).map(|(_, c)| *c).collect()
    }

    fn from_letters(s: &str) -> Self {
        Sent { completed: s.contains('c'), passed: s.contains('p'), failed: s.contains('f') }
    }

    /// Everything either says was sent.
    pub fn union(self, o: Sent) -> Sent {
        Sent { completed: self.completed || o.completed, passed: self.passed || o.passed, failed: self.failed || o.failed }
    }
}

/// A learner's progress through one assessment: what save-and-resume keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    pub completed: String,
    /// The LMS that launched the learner has recorded the submitted result. Submitted but not recorded
    /// (the LMS refused, or the page closed first) means the result is sent again on the next launch.
    pub recorded: bool,
    /// SCORM: the interaction index the submitted result's interactions start at, once chosen. A result sent
    /// again writes over the same interactions instead of adding them a second time.
    pub interactions_from: Option<usize>,
    /// cmi5: the verbs the LMS has accepted in this registration.
    pub sent: Sent,
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
    /// SCORM: the first interaction index of the submitted result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<usize>,
    /// cmi5: the verbs accepted, as letters (`c` completed, `p` passed, `f` failed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    v: String,
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
        b: p.interactions_from,
        v: p.sent.letters(),
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
        interactions_from: w.b,
        sent: Sent::from_letters(&w.v),
    })
}

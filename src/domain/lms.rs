//! Running inside a learning management system, the pure part: what the learner's saved progress looks
//! like (it must fit SCORM 1.2's 4,096-character `cmi.suspend_data`), which SCORM data-model values a
//! submitted self-assessment sets, cmi5 launch parameters, LaunchData and statements, iframe resize
//! messages, and SCORM 1.2 / 2004 packages (imsmanifest.xml + zip). The browser side that talks to the
//! LMS is `app::services::lms`; docs/lms.md describes both.
//!
//! SKELETON: the types below are the contract the learner pages use; the functions are filled in by the
//! LMS work (issue 6).

use serde::{Deserialize, Serialize};

use super::learner::{LearnerAssessment, SkillAnswer};

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

/// Packs `p` into a text of at most `limit` characters. When it would not fit, notes are dropped (longest
/// first) until it does; the second value says whether any was. SKELETON: JSON, no packing yet.
pub fn encode_progress(p: &Progress, _limit: usize) -> (String, bool) {
    (serde_json::to_string(p).unwrap_or_default(), false)
}

/// Reads progress saved by [`encode_progress`] for assessment `a`; `None` when the text is not progress,
/// is damaged, or belongs to another assessment or an older profile. SKELETON.
pub fn decode_progress(text: &str, a: &LearnerAssessment) -> Option<Progress> {
    let p: Progress = serde_json::from_str(text).ok()?;
    (p.assessment == a.id && p.fingerprint == a.fingerprint && p.answers.len() == a.skills.len()).then_some(p)
}

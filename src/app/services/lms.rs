//! The learner's connection to whoever launched them: an LMS through SCORM 1.2, SCORM 2004 or cmi5, or
//! nobody (standalone: progress is kept in this browser's storage, or in memory when storage is blocked).
//! Also sizes the iframe the learner pages run in (H5P resizer and Canvas `lti.frameResize` messages).
//!
//! SKELETON: this is the contract the learner pages (`app::learner`) use. Only standalone mode works
//! here; the LMS work of issue 6 fills in detection, SCORM, cmi5 and resizing behind the same API.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};

use crate::domain::learner::{LearnerAssessment, LearnerResult};
use crate::domain::lms::{decode_progress, encode_progress, Progress, SCORM2004_SUSPEND_LIMIT};

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
    /// One sentence for the learner, e.g. "Your result was recorded in your LMS: completed, score 72."
    pub message: String,
}

/// What saving progress did.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveReport {
    /// Notes had to be left out of the saved progress to fit the LMS's limit.
    pub notes_dropped: bool,
}

struct Inner {
    mode: Mode,
    key: String,
    memory: Option<String>,
    use_memory: bool,
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
        let key = format!("skillgap.learner.{}", a.id);
        let use_memory = !crate::app::services::storage::available();
        let resume = if use_memory {
            None
        } else {
            LocalStorage::raw().get_item(&key).ok().flatten().and_then(|t| decode_progress(&t, a))
        };
        let notice = use_memory.then(|| {
            "This browser blocks storage here, so your answers are kept only while this page is open.".to_string()
        });
        let inner = Inner { mode: Mode::Standalone, key, memory: None, use_memory };
        let launch = Launch { mode: Mode::Standalone, learner_name: None, resume, review_only: false, notice };
        Ok((Session(Rc::new(RefCell::new(inner))), launch))
    }

    /// Who launched us.
    pub fn mode(&self) -> Mode {
        self.0.borrow().mode
    }

    /// Saves progress (after every answer): LMS suspend data and a commit, or browser storage.
    pub fn save(&self, p: &Progress) -> Result<SaveReport, LmsError> {
        let (text, notes_dropped) = encode_progress(p, SCORM2004_SUSPEND_LIMIT);
        let mut inner = self.0.borrow_mut();
        if inner.use_memory || LocalStorage::raw().set_item(&inner.key, &text).is_err() {
            inner.use_memory = true;
            inner.memory = Some(text);
        }
        Ok(SaveReport { notes_dropped })
    }

    /// Records the submitted result: score (readiness 0–100), completion (passed/failed only with a
    /// mastery score from the LMS), one likert interaction per skill, then commits.
    pub async fn submit(
        &self,
        _a: &LearnerAssessment,
        _r: &LearnerResult,
        _readiness: f64,
    ) -> Result<SubmitReport, LmsError> {
        Ok(SubmitReport { message: String::new() })
    }

    /// Ends the session (SCORM Finish/Terminate, cmi5 terminated). Returns where to go next (cmi5
    /// returnURL), if anywhere.
    pub async fn finish(&self) -> Result<Option<String>, LmsError> {
        Ok(None)
    }
}

/// Starts telling the parent frame our height (H5P resizer and Canvas messages, throttled) when we run in
/// an iframe; nothing otherwise. Dropping the guard stops it.
pub fn auto_resize() -> Option<ResizeGuard> {
    None
}

/// Keeps [`auto_resize`] running while it lives.
pub struct ResizeGuard {
    _private: (),
}

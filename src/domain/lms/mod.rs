//! Running inside a learning management system, the pure part: the learner's saved progress (which must fit
//! SCORM 1.2's 4,096-character `cmi.suspend_data`), the SCORM data-model values a submitted self-assessment
//! sets in their exact lexical types, cmi5 launch parameters, LaunchData, learner preferences, statements
//! and the State document that keeps progress in the LMS, what a page load is (learner route, packaged
//! page, whether a cmi5 launch may be honoured), iframe resize messages, and the SCORM 1.2 / 2004 and
//! cmi5 packages. The browser side that talks to the LMS is `app::services::lms`; docs/lms.md describes both.
//!
//! Nothing here reads a clock or a random source: timestamps, durations and statement ids are arguments.
//!
//! - [`progress`]: [`Progress`] and its `p1.` code.
//! - [`scorm`]: SCORM elements, values and their types; reading what a run-time returns.
//! - [`cmi5`]: launch parameters, LaunchData, learner preferences, statements, State and Agent Profile URLs.
//! - [`launch`]: the page load: learner code in a (mangled) fragment, and whether cmi5 may be honoured.
//! - [`embed`]: iframe resize messages; the origin of a URL.
//! - [`package`]: manifests, cmi5.xml, the meta tags, the one package builder, the package command's options.

pub mod cmi5;
pub mod embed;
pub mod launch;
pub mod package;
pub mod progress;
pub mod scorm;

pub use cmi5::*;
pub use embed::*;
pub use launch::*;
pub use package::*;
pub use progress::*;
pub use scorm::*;

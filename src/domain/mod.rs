//! The pure core of Skillgap: model, validation, commands, undo history and JSON import/export.
//!
//! Nothing here names a web crate (the UI framework, the DOM bindings or the browser helpers): those are
//! dependencies of the wasm32 target only, so a native build that tried would not compile, and
//! `tests/domain_purity.rs` checks the sources too. Everything is tested with plain `cargo test`.
//!
//! A tour:
//! - [`model`]: the [`Workspace`] — [`Scale`], [`Skill`] (with SERVQUAL weights and level texts),
//!   [`Role`] (contact level, headcount, turnover, salary, and its profile of [`Requirement`]s),
//!   [`Person`] and [`Rating`]. Everything is addressed by stable ids.
//! - [`command`]: every edit is a [`Command`]; [`Workspace::apply`] accepts it whole or refuses it.
//! - [`validate`]: the invariants ([`Workspace::validate`]) and the field checks commands share.
//! - [`gaps`]: gap analysis — effective ratings, gaps, readiness, heatmaps, priorities, rounds compared.
//! - [`history`]: undo/redo over whole workspaces.
//! - [`merge`]: a three-way merge of two tabs' edits, item by item, with the conflicts listed.
//! - [`io`]: versioned JSON export and an atomic, migrating, validating import; the stored forms.
//! - [`pack`]: the packed workspace the browser stores (ratings as rows of numbers, deflated, capped).
//! - [`frameworks`]: skill frameworks in and out — Moodle, CASE, ESCO, O*NET and RSD files read into a plan
//!   (new, matched, categories, level texts, role profile, skipped) applied as one step; Moodle and CASE exports.
//! - [`csv_io`]: people and ratings as CSV — an atomic import placing every problem by row and column, export, template.
//! - [`learner`]: learner self-assessment without a server — the learner link and result code (compact,
//!   versioned, checksummed), result files, and planning a batch import of results as self ratings.
//! - [`lms`]: running inside an LMS — saved progress within SCORM limits, SCORM values, cmi5 statements,
//!   iframe resize messages, SCORM packages.
//! - [`xlsx`]: the .xlsx workbook export (ratings with level labels, effective levels, role profiles).
//! - [`deflate`]: raw deflate for the codes, with a preset dictionary (miniz_oxide directly).
//! - [`zip`]: a minimal deflating zip writer with CRC-32, for the .xlsx export.
//! - [`survey`]: staff surveys of the internal service climate — questionnaire, anonymous survey links and
//!   responses, results shown only for groups of at least k (one rule, with complementary suppression).
//! - [`sim`]: the reskilling simulation — programmes, levers, turnover, service quality, customers, ROI (docs/model.md).
//! - [`synth`]: seeded synthetic workspaces of any size, for benchmarks and scale tests.
//! - [`example`]: the built-in example workspace (a retail bank's service organisation).
//! - [`error`]: [`DomainError`], one message per way an edit can be refused.
//! - [`num`]: numbers as text without core's float formatter (which the learner's bundle leaves out).

pub mod command;
pub mod csv_io;
pub mod deflate;
pub mod error;
pub mod example;
pub mod frameworks;
pub mod gaps;
pub mod history;
pub mod io;
pub mod learner;
pub mod lms;
pub mod merge;
pub mod model;
pub mod num;
pub mod pack;
pub mod sim;
pub mod survey;
pub mod synth;
pub mod validate;
pub mod xlsx;
pub mod zip;

pub use command::{Applied, Command, PersonFields, RoleFields, SkillFields};
pub use error::DomainError;
pub use history::History;
pub use io::{export_json, import_json, ImportError};
pub use model::*;

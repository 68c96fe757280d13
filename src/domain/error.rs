//! The one error type of the domain: every refused command or broken invariant, with a message a trainer can act on.

use std::borrow::Cow;

use thiserror::Error;

/// Longest piece of a user's value that a message quotes, in characters.
pub const QUOTE_CHARS: usize = 60;

/// `value` as a message quotes it: whole when short, else its first [`QUOTE_CHARS`] characters and "…",
/// so that a 1 MiB cell or id does not make a 1 MiB message.
pub fn cut(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(QUOTE_CHARS) {
        None => Cow::Borrowed(value),
        Some((at, _)) => Cow::Owned(format!("{}\u{2026}", &value[..at])),
    }
}

/// Why a command was refused or a workspace is invalid. Messages name the thing at fault.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DomainError {
    #[error("{what} needs a name")]
    EmptyName { what: &'static str },
    #[error("{what} names are limited to {max} characters")]
    NameTooLong { what: &'static str, max: usize },
    #[error("there is already a {what} called \u{201c}{}\u{201d}", cut(.name))]
    DuplicateName { what: &'static str, name: String },
    #[error("no {what} with id \u{201c}{}\u{201d}", cut(.id))]
    UnknownId { what: &'static str, id: String },
    #[error("id \u{201c}{}\u{201d} is used twice", cut(.id))]
    DuplicateId { id: String },
    #[error("level {level} is not on the scale (0–{max})")]
    LevelOffScale { level: u8, max: u8 },
    #[error("importance must be 1–5, not {0}")]
    ImportanceOutOfRange(u8),
    #[error("SERVQUAL weight must be 0–3, not {0}")]
    WeightOutOfRange(u8),
    #[error("{field} must be {rule}, not {}", cut(.value))]
    OutOfRange { field: &'static str, rule: &'static str, value: String },
    #[error("the scale needs {min}–{max} levels")]
    ScaleSize { min: usize, max: usize },
    #[error("level {level} (\u{201c}{}\u{201d}) is still used by {uses}; lower those first", cut(.label))]
    LevelInUse { level: u8, label: String, uses: String },
    #[error("{count} {noun} still hold the role \u{201c}{role}\u{201d}; move them to another role first", noun = if *count == 1 { "person" } else { "people" })]
    RoleInUse { role: String, count: usize },
    #[error("{what} must be a date written YYYY-MM-DD, not \u{201c}{}\u{201d}", cut(.value))]
    BadDate { what: &'static str, value: String },
    #[error("{0}")]
    Invalid(String),
    #[error("in {context}: {source}")]
    At { context: String, source: Box<DomainError> },
    /// Item `position` (from 1) of a batch command such as [`crate::domain::Command::SetRatings`] was refused.
    #[error("rating {position} of {count}: {source}")]
    BatchItem { position: usize, count: usize, source: Box<DomainError> },
}

impl DomainError {
    /// Wraps this error with the place it was found ("skills[3] (Listening)").
    pub fn at(self, context: impl Into<String>) -> Self {
        DomainError::At { context: context.into(), source: Box::new(self) }
    }
}

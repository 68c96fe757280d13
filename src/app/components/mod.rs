//! Reusable pieces of the shell: labelled fields that commit edits and show refusals beside themselves.
pub mod fields;

//! Reusable pieces of the shell: labelled fields that commit edits and show refusals beside themselves,
//! the person profile chart, and files of codes read as they are chosen.
pub mod charts;
pub mod code_files;
pub mod fields;
pub mod profile_chart;

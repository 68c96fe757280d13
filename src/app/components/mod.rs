//! Reusable pieces of the shell: labelled fields that commit edits and show refusals beside themselves,
//! and the person profile chart.
pub mod charts;
pub mod fields;
pub mod profile_chart;

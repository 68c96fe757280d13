//! Side effects of the shell: browser storage, files, the simulation workers and the learner's LMS. Nothing
//! else touches the browser's APIs for these.
pub mod crash;
pub mod csp;
pub mod files;
pub mod idb;
pub mod lms;
pub mod storage;
pub mod simulate;
pub mod tabs;

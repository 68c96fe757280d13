//! Side effects of the shell: browser storage, files and the simulation workers. Nothing else touches the
//! browser's APIs for these.
pub mod files;
pub mod storage;
pub mod simulate;

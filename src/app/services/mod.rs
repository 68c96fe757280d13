//! Side effects of the shell: browser storage and files. Nothing else touches the browser's APIs for these.
pub mod files;
pub mod storage;

//! adrift: architecture decision records, parsed, linted and enforced.
//!
//! The library does all the work and never prints; the `adrift` binary
//! parses arguments, calls [`cli::run`] and maps the outcome to an exit code.
//! See ARCHITECTURE.md for the map.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod collection;
pub mod config;
pub mod error;
pub mod explain;
pub mod finding;
pub mod git;
pub mod glob;
pub mod parallel;
pub mod record;
pub mod source;
#[macro_use]
pub mod lints;
pub mod author;
pub mod check;
pub mod cli;
pub mod render;
pub mod rules;
pub mod scan;
pub mod site;
pub mod suggest;

//! adrift's one integration-test binary: it drives the real `adrift`
//! executable as a user would and compares what it prints with snapshots.
//! Set `ADRIFT_BLESS=1` to rewrite snapshots after an intended change.

mod action;
mod author;
mod authoring;
mod branches;
mod cargo;
mod check;
mod citations;
mod cli;
mod cloudformation;
mod conditions;
mod dialects;
#[cfg(feature = "interop")]
mod differential;
mod explain;
mod fail_closed;
mod formats;
mod go;
mod images;
#[cfg(feature = "interop")]
mod interop;
mod lints;
mod npm;
mod packaging;
mod python;
mod records;
mod robustness;
mod rules;
mod site;
mod support;
mod tricks;

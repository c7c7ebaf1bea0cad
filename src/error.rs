//! Errors that stop adrift from doing its job (exit code 2).
//!
//! Problems in the files adrift checks are findings, never these. These are
//! for what makes checking impossible: a bad config, no record directory, an
//! argument that names nothing.

use miette::{Diagnostic, NamedSource, SourceSpan};

#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum Error {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] Box<ConfigError>),

    #[error("no record directory found")]
    #[diagnostic(
        code(adrift::no_adr_dir),
        help(
            "looked for {searched}, and for any directory holding numbered Markdown files read as decision records (a status, or MADR's sections); run `adrift init` to create one, pass --adr-dir DIR, or set adr_dir in adrift.toml"
        )
    )]
    NoAdrDir { searched: String },

    #[error("record directory {path} {reason}")]
    #[diagnostic(code(adrift::adr_dir), help("{help}"))]
    AdrDir {
        path: String,
        reason: String,
        help: String,
    },

    #[error("{message}")]
    #[diagnostic(code(adrift::usage), help("{help}"))]
    Usage { message: String, help: String },

    #[error("cannot read {path}: {message}")]
    #[diagnostic(code(adrift::io))]
    Io { path: String, message: String },

    #[error("cannot write {path}: {message}")]
    #[diagnostic(
        code(adrift::write),
        help("check that the directory exists and is writable, or write the report elsewhere")
    )]
    Write { path: String, message: String },
    /// Several problems found in one pass (every rule-file problem at
    /// once, not one per run).
    #[error("{} problems in the rule files", problems.len())]
    #[diagnostic(
        code(adrift::rules),
        help("each is shown below; fix them all before the next run")
    )]
    Many {
        #[related]
        problems: Vec<Error>,
    },
}

impl Error {
    /// One error for a non-empty list: itself when alone, else `Many`.
    pub fn combine(mut problems: Vec<Error>) -> Error {
        if problems.len() == 1 {
            problems.pop().expect("one")
        } else {
            Error::Many { problems }
        }
    }
}

/// An error in `adrift.toml`, pointing into the file.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(adrift::config))]
pub struct ConfigError {
    pub message: String,
    #[source_code]
    pub source_code: NamedSource<String>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
}

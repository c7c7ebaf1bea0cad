//! The one finding type. Every lint, check code and rule reports through
//! it, and every output format is a renderer over it. Findings of adrift's
//! own codes are made from the code's registry entry ([`Finding::new`]),
//! never from a string.

use std::borrow::Cow;
use std::sync::Arc;

use crate::source::{LineCol, SourceFile, Span};

/// How bad a finding is. `Error` fails the gate (exit code 1).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A secondary location shown next to the primary one.
#[derive(Debug, Clone)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One problem found in one place.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The lint code (`status-unknown`) or, for decision rules, the rule id.
    pub code: Cow<'static, str>,
    pub severity: Severity,
    /// Lower case, no trailing period: what is wrong.
    pub message: String,
    /// The file the finding is in; `None` only for findings about no file.
    pub file: Option<Arc<SourceFile>>,
    /// Where in the file; `None` when the finding is about the file as a whole.
    pub span: Option<Span>,
    pub labels: Vec<Label>,
    /// What to do about it.
    pub help: Option<String>,
    /// The decision a rule enforces (`ADR-0012`); `None` for record lints.
    pub decision: Option<String>,
    /// The rule that found it; `None` for record lints.
    pub rule: Option<String>,
    /// What the finding is about, independent of where it stands: the
    /// declaration a rule matched (`resource "aws_db_instance" "main"`).
    /// Baselines and fingerprints use it; `None` means the message.
    pub key: Option<String>,
    /// The decision's own words about what was matched, when the record
    /// speaks about it (see [`crate::explain::quote`]).
    pub reason: Option<Reason>,
    /// Other declarations this finding stands for: one thing, one finding
    /// (a resource that configures the one reported, the same transitive
    /// package reached from other members). See `check::fold`.
    pub covers: Vec<Covered>,
    /// Why the finding is only a "may": what adrift could not know
    /// statically (a condition's attribute it cannot read, or a remote
    /// module matched by its name alone). `None`: the finding is certain.
    /// A "may" keeps its rule's severity; outputs say it is one.
    pub may: Option<String>,
}

/// A declaration folded into another's finding.
#[derive(Debug, Clone)]
pub struct Covered {
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// How messages name it (`resource "aws_s3_bucket_versioning" "x"`).
    pub subject: String,
    /// Its baseline identity (what it is, independent of its line).
    pub identity: String,
    /// How it relates to the finding (`configures it`).
    pub relation: String,
}

/// Where a decision speaks about a finding's technology, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// The record's path, as shown.
    pub path: String,
    /// The 1-based line.
    pub line: usize,
    /// The quote.
    pub text: String,
}

impl Finding {
    /// A finding of one of adrift's own codes (a lint or a check code), at
    /// the code's default severity; `[severity]` is applied later, once,
    /// to every finding alike.
    pub fn new(code: &'static crate::lints::Lint, message: impl Into<String>) -> Self {
        Finding {
            code: Cow::Borrowed(code.code),
            severity: code.default_severity,
            message: message.into(),
            file: None,
            span: None,
            labels: Vec::new(),
            help: None,
            decision: None,
            rule: None,
            key: None,
            reason: None,
            covers: Vec::new(),
            may: None,
        }
    }

    /// What the finding is about, for baselines and fingerprints: the key,
    /// else the message (messages never carry line numbers).
    pub fn identity(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.message)
    }

    pub fn in_file(mut self, file: &Arc<SourceFile>) -> Self {
        self.file = Some(Arc::clone(file));
        self
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// The display path, or `""` for findings about no file.
    pub fn path(&self) -> &str {
        self.file.as_ref().map(|f| f.path.as_str()).unwrap_or("")
    }

    /// Start and end (exclusive) of the primary span; line 1 column 1 for
    /// whole-file findings.
    pub fn range(&self) -> (LineCol, LineCol) {
        match (&self.file, &self.span) {
            (Some(file), Some(span)) => (file.line_col(span.start), file.line_col(span.end)),
            _ => {
                let start = LineCol { line: 1, column: 1 };
                (start, start)
            }
        }
    }

    /// The order findings are reported in: by path, then position, then code.
    pub fn sort_key(&self) -> (String, usize, Cow<'static, str>, String) {
        (
            self.path().to_string(),
            self.span.as_ref().map(|s| s.start).unwrap_or(0),
            self.code.clone(),
            self.message.clone(),
        )
    }
}

/// Counts for the closing line and the JSON summary.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    /// The declarations the findings stand for, when findings cover more
    /// than themselves (one finding per thing, many declarations each).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declarations: Option<usize>,
}

impl Summary {
    pub fn of(findings: &[Finding], files: usize) -> Self {
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let covered: usize = findings.iter().map(|f| f.covers.len()).sum();
        Summary {
            errors,
            warnings: findings.len() - errors,
            files,
            declarations: (covered > 0).then_some(findings.len() + covered),
        }
    }
}

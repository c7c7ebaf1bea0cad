//! The record lints: one file each, one registry.
//!
//! Every lint is declared with [`declare_lint!`], whose doc comment is the
//! lint's documentation (what it does, why, an example, how to fix it), so
//! the docs shown to users cannot drift from the code. [`LINTS`] is the one
//! list of them; tests check that codes are unique and that each has a
//! fixture.

use crate::collection::Collection;
use crate::config::Config;
use crate::finding::{Finding, Severity};
use crate::record::Record;

/// One lint: a stable code, a default severity, its docs and its check.
pub struct Lint {
    /// Stable, kebab-case; never changes meaning once released.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line, for listings.
    pub summary: &'static str,
    /// The doc comment of the declaration, Markdown.
    pub docs: &'static str,
    pub check: fn(&LintContext<'_>, &mut Vec<Finding>),
}

impl Lint {
    /// A finding of this lint in `record`'s file.
    pub fn finding(&'static self, record: &Record, message: impl Into<String>) -> Finding {
        Finding::new(self, message).in_file(&record.source)
    }

    /// The documentation as Markdown (the doc comment without its leading
    /// space on each line).
    pub fn documentation(&self) -> String {
        let lines: Vec<&str> = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        lines.join("\n").trim().to_string() + "\n"
    }

    /// The "What it does" section as one paragraph.
    pub fn what_it_does(&self) -> String {
        let docs = self.documentation();
        let text: Vec<&str> = docs
            .lines()
            .skip_while(|l| !l.starts_with("## What it does"))
            .skip(1)
            .take_while(|l| !l.starts_with("## "))
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('|'))
            .collect();
        text.join(" ")
    }

    /// A finding about a whole record, pointing at its title when it has one.
    pub fn record_finding(&'static self, record: &Record, message: impl Into<String>) -> Finding {
        let finding = self.finding(record, message);
        match &record.title {
            Some(title) => finding.at(title.span.clone()),
            None => finding,
        }
    }
}

/// Declares a lint; the doc comment becomes its `docs`.
macro_rules! declare_lint {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $name:ident = {
            code: $code:literal,
            severity: $severity:ident,
            summary: $summary:literal,
            check: $check:path $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::lints::Lint = $crate::lints::Lint {
            code: $code,
            default_severity: $crate::finding::Severity::$severity,
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            check: $check,
        };
    };
}

mod date_impossible;
mod date_in_future;
mod date_missing;
mod date_not_iso;
mod duplicate_number;
mod file_name_pattern;
mod file_unreadable;
mod front_matter_mismatch;
mod front_matter_unclosed;
mod index_drift;
mod index_stale;
mod link_not_reciprocal;
mod link_target_missing;
mod lookalike_characters;
mod number_mismatch;
mod number_too_large;
mod numbering_gap;
mod record_empty;
mod relative_link_broken;
mod section_empty;
mod section_missing;
mod status_missing;
mod status_unknown;
mod superseded_without_target;
mod title_malformed;
mod title_missing;

/// Every lint, in the order their findings are produced.
pub static LINTS: &[&Lint] = &[
    &file_unreadable::FILE_UNREADABLE,
    &record_empty::RECORD_EMPTY,
    &front_matter_unclosed::FRONT_MATTER_UNCLOSED,
    &title_missing::TITLE_MISSING,
    &title_malformed::TITLE_MALFORMED,
    &number_mismatch::NUMBER_MISMATCH,
    &number_too_large::NUMBER_TOO_LARGE,
    &duplicate_number::DUPLICATE_NUMBER,
    &numbering_gap::NUMBERING_GAP,
    &file_name_pattern::FILE_NAME_PATTERN,
    &status_missing::STATUS_MISSING,
    &status_unknown::STATUS_UNKNOWN,
    &superseded_without_target::SUPERSEDED_WITHOUT_TARGET,
    &link_target_missing::LINK_TARGET_MISSING,
    &link_not_reciprocal::LINK_NOT_RECIPROCAL,
    &front_matter_mismatch::FRONT_MATTER_MISMATCH,
    &date_missing::DATE_MISSING,
    &date_impossible::DATE_IMPOSSIBLE,
    &date_not_iso::DATE_NOT_ISO,
    &date_in_future::DATE_IN_FUTURE,
    &lookalike_characters::LOOKALIKE_CHARACTERS,
    &section_missing::SECTION_MISSING,
    &section_empty::SECTION_EMPTY,
    &relative_link_broken::RELATIVE_LINK_BROKEN,
    &index_stale::INDEX_STALE,
    &index_drift::INDEX_DRIFT,
];

pub use file_unreadable::FILE_UNREADABLE;

/// Every code adrift itself reports: the record lints, then the check
/// codes, then the branch codes.
pub fn all_codes() -> impl Iterator<Item = &'static Lint> {
    LINTS
        .iter()
        .copied()
        .chain(crate::check::CHECK_CODES.iter().copied())
        .chain(crate::check::BRANCH_CODES.iter().copied())
}

/// The lint or check code `code`, if adrift has one.
pub fn find_code(code: &str) -> Option<&'static Lint> {
    all_codes().find(|l| l.code == code)
}

/// The codes through which the gate fails closed: a file adrift could not
/// read or parse. They are always errors: `[severity]` cannot lower or
/// turn them off (exclude the file instead).
pub static FAIL_CLOSED: &[&Lint] = &[
    &file_unreadable::FILE_UNREADABLE,
    &crate::check::PARSE_ERROR,
];

impl Lint {
    /// Whether this is one of the [`FAIL_CLOSED`] codes.
    pub fn fails_closed(&self) -> bool {
        FAIL_CLOSED.iter().any(|l| std::ptr::eq(*l, self))
    }
}

/// What a lint sees.
pub struct LintContext<'a> {
    pub collection: &'a Collection,
    pub config: &'a Config,
    /// Today's date (UTC), for `date-in-future`.
    pub today: jiff::civil::Date,
}

impl LintContext<'_> {
    /// Records that were read and are not empty, with their indexes.
    pub fn records(&self) -> impl Iterator<Item = (usize, &Record)> {
        self.collection.readable()
    }

    /// The sections a record must have: the config's list, else its dialect's.
    /// Each entry lists the headings that satisfy it, the first being the
    /// one to suggest.
    ///
    /// Every entry also lists the section's built-in synonyms
    /// ([`crate::record::section_synonyms`]) and its `[sections] aliases`.
    pub fn required_sections(&self, record: &Record) -> Vec<Vec<&str>> {
        let mut required: Vec<Vec<&str>> = match &self.config.required_sections {
            Some(list) => list.iter().map(|s| vec![s.as_str()]).collect(),
            None => {
                let has = |key: &str| record.sections.iter().any(|s| s.key() == key);
                let madr = [
                    "context and problem statement",
                    "considered options",
                    "decision outcome",
                ];
                // Bullet metadata (`- **Status:** Accepted`, as MADR 2 writes
                // it) over Nygard's sections: the sections are Nygard's.
                let dialect = if record.dialect == crate::record::Dialect::Madr2
                    && !madr.iter().any(|k| has(k))
                    && has("context")
                    && has("decision")
                {
                    crate::record::Dialect::Nygard
                } else {
                    record.dialect
                };
                dialect
                    .required_sections()
                    .iter()
                    // The status is in the bullets, not a section of its own.
                    .filter(|names| dialect == record.dialect || names[0] != "Status")
                    .map(|names| names.to_vec())
                    .collect()
            }
        };
        for names in &mut required {
            let key = crate::record::heading_key(names[0]);
            for synonym in crate::record::section_synonyms(names[0]) {
                if !names.contains(synonym) {
                    names.push(synonym);
                }
            }
            if let Some(aliases) = self.config.section_aliases.get(&key) {
                names.extend(aliases.iter().map(String::as_str));
            }
        }
        required
    }
}

/// Runs every lint that is on, with the configured severities, and returns
/// the findings in report order. Large collections spread the lints over
/// the cores; lints only read the collection.
pub fn run(ctx: &LintContext<'_>) -> Vec<Finding> {
    let active: Vec<(&Lint, Severity)> = LINTS
        .iter()
        .filter_map(|lint| {
            ctx.config
                .severity_of(lint.code, lint.default_severity)
                .map(|severity| (*lint, severity))
        })
        .collect();
    let run_some = |lints: &[(&Lint, Severity)]| {
        let mut out = Vec::new();
        for (lint, severity) in lints {
            let mut found = Vec::new();
            crate::parallel::fault_point(lint.code);
            (lint.check)(ctx, &mut found);
            for mut finding in found {
                finding.severity = *severity;
                out.push(finding);
            }
        }
        out
    };
    let threads = crate::parallel::threads(4);
    let mut all = if threads <= 1 || ctx.collection.records.len() < 500 {
        run_some(&active)
    } else {
        // Interleaved, so the costly lints do not all land on one thread.
        let parts: Vec<Vec<(&Lint, Severity)>> = (0..threads)
            .map(|t| active.iter().skip(t).step_by(threads).copied().collect())
            .collect();
        crate::parallel::map(&parts, 1, threads, |part| run_some(part))
            .into_iter()
            .flatten()
            .collect()
    };
    all.sort_by_cached_key(Finding::sort_key);
    all
}

//! GitLab Code Quality: Code Climate's issue format as GitLab ingests it
//! (a JSON array of `description`, `check_name`, `fingerprint`, `severity`,
//! `location.path`, `location.lines.begin`). The fingerprint is stable
//! across runs and line moves: the code, the path and what the finding is
//! about (its baseline identity), with a counter for repeats. What a
//! finding also covers is in `other_locations`; a "may" says so, and why,
//! in its description (the message), as the format has no field for it.

use std::collections::HashMap;

use serde::Serialize;

use crate::finding::{Finding, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
    /// The declarations the finding also covers (one thing, one finding):
    /// Code Climate's `other_locations`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    other_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

pub fn render(findings: &[Finding]) -> String {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let (start, _) = f.range();
            let base = super::sarif::fingerprint(&[&f.code, f.path(), f.identity()]);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            let fingerprint = if *n == 1 {
                base
            } else {
                super::sarif::fingerprint(&[&base, &n.to_string()])
            };
            let mut description = f.message.clone();
            if let Some(reason) = &f.reason {
                description.push_str(&format!(
                    ". {} says ({}:{}): \"{}\"",
                    f.decision.as_deref().unwrap_or("the decision"),
                    reason.path,
                    reason.line,
                    reason.text
                ));
            }
            Issue {
                kind: "issue",
                description,
                check_name: &f.code,
                fingerprint,
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: f.path(),
                    lines: Lines { begin: start.line },
                },
                other_locations: f
                    .covers
                    .iter()
                    .map(|c| Location {
                        path: &c.file.path,
                        lines: Lines {
                            begin: c.file.line_col(c.span.start).line,
                        },
                    })
                    .collect(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

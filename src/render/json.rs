//! The JSON output contract of `lint` (and later `check`):
//! `{"findings": [...], "summary": {"errors", "warnings", "files"}}`.
//! Lines and columns are 1-based; columns count characters; `end_column` is
//! exclusive (the column after the last character), as in SARIF.

use serde::Serialize;

use crate::finding::{Finding, Summary};

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<&'a str>,
    decision: Option<&'a str>,
    rule: Option<&'a str>,
    /// The decision's own words about what was matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<JsonReason<'a>>,
    /// The other declarations this finding stands for (one thing, one
    /// finding), each with its location and baseline identity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    covers: Vec<JsonCovered<'a>>,
    /// Present only on a finding adrift is not sure of (a "may"): why.
    /// Absent: the finding is certain. Either way it has its severity.
    #[serde(skip_serializing_if = "Option::is_none")]
    may: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonCovered<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    subject: &'a str,
    identity: &'a str,
    relation: &'a str,
}

#[derive(Serialize)]
struct JsonReason<'a> {
    path: &'a str,
    line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Report<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonSummary {
    #[serde(flatten)]
    counts: Summary,
    #[serde(skip_serializing_if = "Option::is_none")]
    waived: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baselined: Option<usize>,
}

pub fn render(findings: &[Finding], summary: Summary) -> String {
    render_report(findings, summary, None)
}

/// The `check` report: the summary also counts waived findings and those a
/// baseline held.
pub fn render_check(
    findings: &[Finding],
    summary: Summary,
    waived: usize,
    baselined: usize,
) -> String {
    render_report(findings, summary, Some((waived, baselined)))
}

fn render_report(
    findings: &[Finding],
    summary: Summary,
    suppressed: Option<(usize, usize)>,
) -> String {
    let findings = findings
        .iter()
        .map(|f| {
            let (start, end) = f.range();
            JsonFinding {
                code: &f.code,
                severity: f.severity.as_str(),
                message: &f.message,
                path: f.path(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                help: f.help.as_deref(),
                decision: f.decision.as_deref(),
                rule: f.rule.as_deref(),
                reason: f.reason.as_ref().map(|r| JsonReason {
                    path: &r.path,
                    line: r.line,
                    text: &r.text,
                }),
                covers: f
                    .covers
                    .iter()
                    .map(|c| {
                        let at = c.file.line_col(c.span.start);
                        JsonCovered {
                            path: &c.file.path,
                            line: at.line,
                            column: at.column,
                            subject: &c.subject,
                            identity: &c.identity,
                            relation: &c.relation,
                        }
                    })
                    .collect(),
                may: f.may.as_deref(),
            }
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&Report {
        findings,
        summary: JsonSummary {
            counts: summary,
            waived: suppressed.map(|s| s.0),
            baselined: suppressed.map(|s| s.1),
        },
    })
    .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    out.push('\n');
    out
}

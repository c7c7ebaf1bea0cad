//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! finding, which the runner turns into annotations on the pull request.
//! A "may" says so in its title (`rule (ADR-0012, may)`); the message says
//! why, and names the declarations the finding also covers.

use crate::finding::{Finding, Severity};

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let command = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if !f.path().is_empty() {
            let (start, end) = f.range();
            props.push(format!("file={}", escape_property(f.path())));
            props.push(format!("line={}", start.line));
            props.push(format!("endLine={}", end.line));
            if f.span.is_some() {
                props.push(format!("col={}", start.column));
                if end.line == start.line {
                    props.push(format!("endColumn={}", end.column));
                }
            }
        }
        // A finding adrift is not sure of says so in its title.
        let title = match (&f.decision, f.may.is_some()) {
            (Some(decision), false) => format!("{} ({decision})", f.code),
            (Some(decision), true) => format!("{} ({decision}, may)", f.code),
            (None, false) => f.code.to_string(),
            (None, true) => format!("{} (may)", f.code),
        };
        props.push(format!("title={}", escape_property(&title)));
        let mut message = f.message.clone();
        if let Some(help) = &f.help {
            message.push_str(&format!("\nhelp: {help}"));
        }
        // The help names what it covers in other files; those in its own
        // file (labels in the human report) are named here.
        for c in f.covers.iter().filter(|c| c.file.path == f.path()) {
            let at = c.file.line_col(c.span.start);
            message.push_str(&format!(
                "\nalso covers {}:{}:{}: {}: {}",
                c.file.path, at.line, at.column, c.subject, c.relation
            ));
        }
        out.push_str(&format!(
            "::{command} {}::{}\n",
            props.join(","),
            escape_data(&message)
        ));
    }
    out
}

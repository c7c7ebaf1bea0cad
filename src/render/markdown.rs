//! Markdown: a summary for a pull-request comment or GitHub's job summary
//! (`$GITHUB_STEP_SUMMARY`): counts per decision and rule, then every
//! finding with its place (`rule, may` for a finding adrift is not sure
//! of), the decision's own words where it has them, and what it also covers.
//! Text from files is escaped for GitHub-flavoured Markdown tables (`|`,
//! HTML, line breaks), so a finding cannot break the table or inject markup.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::finding::{Finding, Severity, Summary};

/// Table-cell text: `|`, `&`, `<`, `>`, backticks and line breaks escaped.
pub fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("&#96;"),
            '\n' | '\r' => out.push(' '),
            '\\' => out.push_str("\\\\"),
            '*' | '_' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `suppressed` is (waived, baselined) for `check`.
pub fn render(
    findings: &[Finding],
    summary: Summary,
    suppressed: Option<(usize, usize)>,
) -> String {
    let mut out = String::new();
    let noun = if suppressed.is_some() {
        "file"
    } else {
        "record"
    };
    let mut headline = if findings.is_empty() {
        format!("no problems found in {}", plural(summary.files, noun))
    } else {
        format!(
            "{} and {} in {}",
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            plural(summary.files, noun)
        )
    };
    if let Some((waived, baselined)) = suppressed {
        let mut quiet = Vec::new();
        if waived > 0 {
            quiet.push(format!("{waived} waived"));
        }
        if baselined > 0 {
            quiet.push(format!("{baselined} in the baseline"));
        }
        if !quiet.is_empty() {
            let _ = write!(headline, " ({})", quiet.join(", "));
        }
    }
    let mark = if summary.errors > 0 {
        "❌"
    } else if summary.warnings > 0 {
        "⚠️"
    } else {
        "✅"
    };
    let _ = writeln!(out, "### {mark} adrift: {headline}\n");
    if findings.is_empty() {
        return out;
    }
    // Counts per (decision, code, severity).
    let mut counts: BTreeMap<(String, String, &str), usize> = BTreeMap::new();
    for f in findings {
        let decision = f.decision.clone().unwrap_or_default();
        *counts
            .entry((decision, f.code.to_string(), f.severity.as_str()))
            .or_default() += 1;
    }
    out.push_str("| decision | rule or lint | severity | findings |\n|---|---|---|---:|\n");
    for ((decision, code, severity), n) in &counts {
        let decision = if decision.is_empty() {
            "—".to_string()
        } else {
            cell(decision)
        };
        let _ = writeln!(out, "| {decision} | {} | {severity} | {n} |", cell(code));
    }
    out.push_str("\n| | where | finding |\n|---|---|---|\n");
    for f in findings {
        let (start, _) = f.range();
        let icon = match f.severity {
            Severity::Error => "❌",
            Severity::Warning => "⚠️",
        };
        let place = if f.path().is_empty() {
            "—".to_string()
        } else {
            format!("{}:{}", cell(f.path()), start.line)
        };
        let may = if f.may.is_some() { ", may" } else { "" };
        let mut text = format!("{} ({}{may})", cell(&f.message), cell(&f.code));
        for c in super::covered(f) {
            let _ = write!(text, "<br>also covers {}", cell(&c));
        }
        if let Some(reason) = &f.reason {
            let _ = write!(
                text,
                "<br>{} says ({}:{}): “{}”",
                cell(f.decision.as_deref().unwrap_or("the decision")),
                cell(&reason.path),
                reason.line,
                cell(&reason.text)
            );
        }
        let _ = writeln!(out, "| {icon} | {place} | {text} |");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_inject_markup() {
        assert_eq!(
            cell("a|b <script>x</script> `c`\nd **e**"),
            "a\\|b &lt;script&gt;x&lt;/script&gt; &#96;c&#96; d \\*\\*e\\*\\*"
        );
    }
}

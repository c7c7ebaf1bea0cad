use super::LintContext;
use crate::finding::Finding;
use crate::record::DateProblem;

declare_lint! {
    /// ## What it does
    /// Reports a date that is not written as ISO 8601 (`YYYY-MM-DD`):
    /// `09/04/2018`, `December 1, 2021`, `May 2025`, or a template
    /// placeholder such as `[Insert Date]`. When the text names one day
    /// without doubt, the help gives its ISO form; when it could be read two
    /// ways (`09/04/2018`), the help lists both.
    ///
    /// ## Why is this bad?
    /// `09/04/2018` is April in London and September in New York. ISO dates
    /// are unambiguous and sort as text (adr-tools' own eighth record says so).
    ///
    /// ## Example
    /// `Date: December 1, 2021`
    ///
    /// ## Use instead
    /// `Date: 2021-12-01`
    pub static DATE_NOT_ISO = {
        code: "date-not-iso",
        severity: Error,
        summary: "a date is not written as YYYY-MM-DD",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let Some(date) = &record.date else { continue };
        let text = date.text.trim();
        let (message, help) = match &date.value {
            Err(DateProblem::Placeholder) => (
                format!("date {text:?} is a placeholder, not a date"),
                "write the date of the decision as YYYY-MM-DD".to_string(),
            ),
            Err(DateProblem::NotIso { iso: Some(iso), .. }) => (
                format!("date {text:?} is not ISO 8601"),
                format!("write it as {iso}"),
            ),
            Err(DateProblem::NotIso { iso: None, choices }) if choices.len() > 1 => (
                format!("date {text:?} is not ISO 8601, and it is ambiguous"),
                format!("write it as {} (whichever was meant)", choices.join(" or ")),
            ),
            Err(DateProblem::NotIso { iso: None, choices }) if choices.len() == 1 => (
                format!("date {text:?} is not ISO 8601"),
                format!("write it as {}", choices[0]),
            ),
            Err(DateProblem::NotIso { .. }) => (
                format!("date {text:?} is not ISO 8601"),
                "write the date as YYYY-MM-DD".to_string(),
            ),
            _ => continue,
        };
        out.push(
            DATE_NOT_ISO
                .finding(record, message)
                .at(date.span.clone())
                .help(help),
        );
    }
}

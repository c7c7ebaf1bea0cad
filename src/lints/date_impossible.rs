use super::LintContext;
use crate::finding::Finding;
use crate::record::DateProblem;

declare_lint! {
    /// ## What it does
    /// Reports a date written as ISO 8601 that names no real day:
    /// `2025-02-30`, `2024-13-01`.
    ///
    /// ## Why is this bad?
    /// It is a typo, and nobody can tell which day was meant.
    ///
    /// ## Example
    /// `Date: 2025-02-30`
    ///
    /// ## Use instead
    /// `Date: 2025-02-28`
    pub static DATE_IMPOSSIBLE = {
        code: "date-impossible",
        severity: Error,
        summary: "a date names no real day",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let Some(date) = &record.date else { continue };
        if date.value == Err(DateProblem::Impossible) {
            out.push(
                DATE_IMPOSSIBLE
                    .finding(
                        record,
                        format!("date {:?} is not a real day", date.text.trim()),
                    )
                    .at(date.span.clone())
                    .help("check the month and the day"),
            );
        }
    }
}

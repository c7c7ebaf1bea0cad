use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record dated after today. A day of slack allows for time
    /// zones: adrift compares against today's date in UTC plus one day.
    ///
    /// ## Why is this bad?
    /// A record states when a decision was made. A future date is a typo
    /// (a wrong year is common in January) or a plan written as a fact.
    ///
    /// ## Example
    /// `Date: 2062-03-01`
    ///
    /// ## Use instead
    /// The date the decision was made (or last changed status).
    pub static DATE_IN_FUTURE = {
        code: "date-in-future",
        severity: Error,
        summary: "a record is dated in the future",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let latest = ctx.today.tomorrow().unwrap_or(ctx.today);
    for (_, record) in ctx.records() {
        let Some(date) = &record.date else { continue };
        let Ok(day) = &date.value else { continue };
        if *day > latest {
            out.push(
                DATE_IN_FUTURE
                    .finding(record, format!("date {day} is in the future"))
                    .at(date.span.clone())
                    .help("date the record with the day the decision was made"),
            );
        }
    }
}

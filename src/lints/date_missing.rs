use super::LintContext;
use crate::finding::Finding;
use crate::record::Dialect;

declare_lint! {
    /// ## What it does
    /// Reports a record with no date, in the dialects that date every record:
    /// adr-tools (`Date: 2024-05-01` under the title) and adrift's own
    /// (`## Date` section). MADR, log4brains and Nygard's original template
    /// make the date optional and are not checked.
    ///
    /// ## Why is this bad?
    /// The date places a decision in the history: what was known then, and
    /// what came before and after it.
    ///
    /// ## Example
    /// ```markdown
    /// # 7. Use PostgreSQL
    ///
    /// ## Status
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 7. Use PostgreSQL
    ///
    /// Date: 2024-05-01
    ///
    /// ## Status
    /// ```
    pub static DATE_MISSING = {
        code: "date-missing",
        severity: Error,
        summary: "a record has no date where its dialect has one",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        if record.date.is_some() || !record.dialect.has_dates() {
            continue;
        }
        let help = match record.dialect {
            Dialect::Adrift => "add a `## Date` section with the date as YYYY-MM-DD",
            _ => "add a line `Date: YYYY-MM-DD` under the title",
        };
        let finding = DATE_MISSING
            .record_finding(
                record,
                format!("record has no date ({} records are dated)", record.dialect),
            )
            .help(help);
        out.push(finding);
    }
}

use super::LintContext;
use crate::finding::Finding;
use crate::record::Dialect;

declare_lint! {
    /// ## What it does
    /// Reports a record with no status, in the dialects whose template has
    /// one (all but MADR 3/4, where status is an optional front-matter field).
    /// The status is read from a `## Status` section, a `Status:` line or
    /// bullet under the title, or a `status:` front-matter field.
    ///
    /// ## Why is this bad?
    /// The status says whether a decision holds. adrift's gate enforces
    /// accepted decisions, previews proposed ones and drops superseded ones:
    /// without a status, nobody (and no tool) knows which applies.
    ///
    /// ## Example
    /// ```markdown
    /// # 4. Use Kafka
    ///
    /// ## Context
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 4. Use Kafka
    ///
    /// ## Status
    ///
    /// Accepted
    /// ```
    pub static STATUS_MISSING = {
        code: "status-missing",
        severity: Error,
        summary: "a record has no status",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        if record.status.is_some() || !record.dialect.requires_status() {
            continue;
        }
        let help = match record.dialect {
            Dialect::Madr2 | Dialect::Log4brains => {
                "add a bullet under the title: `- Status: proposed` (or accepted, rejected, deprecated, superseded)"
            }
            _ => {
                "add a `## Status` section whose first line is proposed, accepted, rejected, deprecated or superseded"
            }
        };
        let finding = STATUS_MISSING
            .record_finding(record, "record has no status")
            .help(help);
        out.push(finding);
    }
}

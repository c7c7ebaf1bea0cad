use super::LintContext;
use crate::finding::Finding;
use crate::record::{LinkKind, Status};

declare_lint! {
    /// ## What it does
    /// Reports a record whose status is superseded but that never says what
    /// supersedes it.
    ///
    /// ## Why is this bad?
    /// A reader who lands on a superseded decision needs to find the one in
    /// force. The link is also what lets adrift check that both records agree.
    ///
    /// ## Example
    /// ```markdown
    /// ## Status
    /// Superseded
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## Status
    /// Superseded by [15. DNS infrastructure](0015-dns-infrastructure.md)
    /// ```
    pub static SUPERSEDED_WITHOUT_TARGET = {
        code: "superseded-without-target",
        severity: Error,
        summary: "a superseded record does not say by what",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let Some(status) = &record.status else {
            continue;
        };
        if status.canonical != Some(Status::Superseded) {
            continue;
        }
        if record
            .links
            .iter()
            .any(|l| l.kind == LinkKind::SupersededBy)
        {
            continue;
        }
        out.push(
            SUPERSEDED_WITHOUT_TARGET
                .finding(record, "record is superseded but does not say by what")
                .at(status.span.clone())
                .help("write `Superseded by [N. Title](NNNN-title.md)` naming the record that replaces it"),
        );
    }
}

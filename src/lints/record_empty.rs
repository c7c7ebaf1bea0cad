use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record file that is empty or holds only white space.
    ///
    /// ## Why is this bad?
    /// An empty file with a record's name takes a number and says nothing;
    /// it is usually a record created and never written, or a failed save.
    ///
    /// ## Example
    /// `adr/0008-caching.md` with no content.
    ///
    /// ## Use instead
    /// Write the record, or delete the file.
    pub static RECORD_EMPTY = {
        code: "record-empty",
        severity: Error,
        summary: "a record file is empty",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for record in &ctx.collection.records {
        if record.read_problem.is_none()
            && record
                .source
                .text
                .trim_start_matches('\u{feff}')
                .trim()
                .is_empty()
        {
            out.push(
                RECORD_EMPTY.finding(record, "record file is empty").help(
                    "write the record (title, status, context, decision), or delete the file",
                ),
            );
        }
    }
}

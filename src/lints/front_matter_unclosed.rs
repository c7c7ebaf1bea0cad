use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports front matter that opens with `---` on the first line and is
    /// never closed by a second `---` line.
    ///
    /// ## Why is this bad?
    /// Without the closing line nothing in the block is read as metadata
    /// (status, date), and Markdown renders the block as text.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: accepted
    /// # Use PostgreSQL
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ---
    /// status: accepted
    /// ---
    /// # Use PostgreSQL
    /// ```
    pub static FRONT_MATTER_UNCLOSED = {
        code: "front-matter-unclosed",
        severity: Error,
        summary: "front matter is never closed",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        if let Some(span) = &record.front_matter_unclosed {
            out.push(
                FRONT_MATTER_UNCLOSED
                    .finding(record, "front matter opened here is never closed")
                    .at(span.clone())
                    .help("add a line with `---` after the last metadata field"),
            );
        }
    }
}

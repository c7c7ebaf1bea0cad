use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record with no level-1 heading (`# Title`) and no `title`
    /// in its front matter.
    ///
    /// ## Why is this bad?
    /// The title is what indexes, graphs and reviewers show. Without one the
    /// record is known only by its file name.
    ///
    /// ## Example
    /// ```markdown
    /// ## Status
    /// Accepted
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 7. Use PostgreSQL for persistence
    ///
    /// ## Status
    /// Accepted
    /// ```
    pub static TITLE_MISSING = {
        code: "title-missing",
        severity: Error,
        summary: "a record has no title",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        if record.title.is_none() {
            let example = match record.number {
                Some(n) => format!("`# {n}. Title`"),
                None => "`# Title`".to_string(),
            };
            let mut finding = TITLE_MISSING
                .finding(record, "record has no title")
                .help(format!(
                    "start the record with a level-1 heading such as {example}"
                ));
            if let Some(first) = record.sections.first() {
                finding = finding.at(first.heading_span.clone());
                finding.message = format!(
                    "record has no title (its first heading, {:?}, is level {})",
                    first.heading, first.level
                );
            }
            out.push(finding);
        }
    }
}

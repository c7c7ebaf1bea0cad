use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a supersede, amend or relates-to link whose target is no
    /// record of the collection: the file it names does not exist, or the
    /// number it names belongs to no record (or to several).
    ///
    /// ## Why is this bad?
    /// The decision history breaks: a superseded record points nowhere, and
    /// adrift cannot tell which decision is in force.
    ///
    /// ## Example
    /// ```markdown
    /// Superseded by [9. Use MySQL](0009-use-mysql.md)
    /// ```
    /// when there is no `0009-use-mysql.md`.
    ///
    /// ## Use instead
    /// Point the link at the record's real file name.
    pub static LINK_TARGET_MISSING = {
        code: "link-target-missing",
        severity: Error,
        summary: "a link between records names no record",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        for link in record.links.iter().filter(|l| l.target.is_none()) {
            let named = link
                .path
                .clone()
                .unwrap_or_else(|| format!("{:?}", link.label));
            out.push(
                LINK_TARGET_MISSING
                    .finding(
                        record,
                        format!(
                            "{} {named}, which is no record in {}",
                            link.kind.as_words(),
                            ctx.collection.display_dir
                        ),
                    )
                    .at(link.span.clone())
                    .help("link to the record's file, as in `[12. Title](0012-title.md)`"),
            );
        }
    }
}

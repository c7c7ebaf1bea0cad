use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record whose title carries a number (`# 3. Networking`)
    /// that differs from the number in its file name (`0033-ip-ranges.md`).
    ///
    /// ## Why is this bad?
    /// The file name decides the record's number: links, `adr-tools` and
    /// adrift use it. A title that says otherwise is usually a copied record
    /// whose heading was never renumbered, and readers cite the wrong number.
    ///
    /// ## Example
    /// `0033-ip-ranges.md`:
    /// ```markdown
    /// # 3. Networking Outline
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 33. IP ranges
    /// ```
    pub static NUMBER_MISMATCH = {
        code: "number-mismatch",
        severity: Error,
        summary: "the title's number differs from the file name's",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let (Some(file_number), Some(title)) = (record.file_number, &record.title) else {
            continue;
        };
        let Some((title_number, span)) = &title.number else {
            continue;
        };
        if *title_number != file_number {
            out.push(
                NUMBER_MISMATCH
                    .finding(
                        record,
                        format!(
                            "title says {title_number} but the file name says {file_number}"
                        ),
                    )
                    .at(span.clone())
                    .help(format!(
                        "the file name decides the number: write {file_number} in the title, or rename the file"
                    )),
            );
        }
    }
}

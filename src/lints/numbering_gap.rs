use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Warns where the numbers of a collection skip: `0033` is followed by
    /// `0035`.
    ///
    /// ## Why is this bad?
    /// A missing number is usually a record that was deleted instead of
    /// being marked deprecated or superseded, or one still on an unmerged
    /// branch. Decisions should leave a trace.
    ///
    /// ## Example
    /// `0033-ip-ranges.md`, `0035-bouncer.md`, and no `0034`.
    ///
    /// ## Use instead
    /// Restore the record with the status it really has. If the gap is
    /// deliberate, turn the lint off: `[severity] numbering-gap = "off"`.
    pub static NUMBERING_GAP = {
        code: "numbering-gap",
        severity: Warning,
        summary: "the numbering skips a number",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let mut numbered: Vec<(u32, usize)> = ctx
        .records()
        .filter_map(|(i, r)| r.number.map(|n| (n, i)))
        .collect();
    numbered.sort();
    numbered.dedup_by_key(|(n, _)| *n);
    for pair in numbered.windows(2) {
        let (before, _) = pair[0];
        let (after, index) = pair[1];
        if after <= before + 1 {
            continue;
        }
        let record = &ctx.collection.records[index];
        let message = if after == before + 2 {
            format!("number {} is missing before {}", before + 1, record.id)
        } else {
            format!(
                "numbers {} to {} are missing before {}",
                before + 1,
                after - 1,
                record.id
            )
        };
        let finding = NUMBERING_GAP.record_finding(record, message).help(
            "restore deleted records with their real status (deprecated, superseded); if the gap is deliberate, set numbering-gap = \"off\" under [severity] in adrift.toml",
        );
        out.push(finding);
    }
}

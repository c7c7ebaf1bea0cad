use super::LintContext;
use crate::finding::Finding;
use crate::record::FieldSource;

declare_lint! {
    /// ## What it does
    /// Reports a record number larger than 4,294,967,295, the largest adrift
    /// reads, in a file name (`99999999999-x.md`), a title
    /// (`# 99999999999. X`) or front matter (`adr: 99999999999`). Such a
    /// number is not read: the record is treated as unnumbered, so links and
    /// rules cannot name it by number. Numbers of any smaller size are read,
    /// however many digits they have (`1000000-x.md`).
    ///
    /// ## Why is this bad?
    /// A number is a record's identity. One that cannot be read leaves the
    /// record without one: `duplicate-number` and `numbering-gap` cannot
    /// check it, and references to it do not resolve.
    ///
    /// ## Example
    /// `99999999999-use-postgres.md`
    ///
    /// ## Use instead
    /// `0042-use-postgres.md`: the next free number.
    pub static NUMBER_TOO_LARGE = {
        code: "number-too-large",
        severity: Error,
        summary: "a record number is too large to read",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for record in &ctx.collection.records {
        for oversized in &record.oversized_numbers {
            let place = match oversized.source {
                FieldSource::FileName => "the file name",
                FieldSource::Heading => "the title",
                FieldSource::FrontMatter => "front matter's adr",
                FieldSource::Section | FieldSource::Line => "the record",
            };
            let mut finding = NUMBER_TOO_LARGE
                .finding(
                    record,
                    format!(
                        "number {} in {place} is larger than {}, the largest record number",
                        shown(&oversized.digits),
                        u32::MAX
                    ),
                )
                .help("give the record the next free number, and update the links to it");
            if let Some(span) = &oversized.span {
                finding = finding.at(span.clone());
            }
            out.push(finding);
        }
    }
}

/// The digits, or their start and how many there are when there are many.
fn shown(digits: &str) -> String {
    if digits.len() <= 24 {
        digits.to_string()
    } else {
        format!("{}… ({} digits)", &digits[..12], digits.len())
    }
}

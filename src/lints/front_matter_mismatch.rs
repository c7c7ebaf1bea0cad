use super::LintContext;
use crate::finding::Finding;
use crate::record::{FieldSource, heading_key, parse_date, read_status};

declare_lint! {
    /// ## What it does
    /// Reports front matter that contradicts the body: a `status:` whose
    /// meaning differs from the `## Status` section or `Status:` line, a
    /// `title:` that differs from the H1, a `date:` that differs from the
    /// body's date, or an `adr:` number that differs from the record's.
    ///
    /// ## Why is this bad?
    /// Site generators show the front matter and readers of the file see the
    /// body: when they disagree, two audiences believe two different things.
    /// adrift reads the body; the front matter is usually the stale one.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: proposed
    /// ---
    /// # Use PostgreSQL
    ///
    /// ## Status
    /// Accepted
    /// ```
    ///
    /// ## Use instead
    /// Say it once, or say the same thing in both places.
    pub static FRONT_MATTER_MISMATCH = {
        code: "front-matter-mismatch",
        severity: Error,
        summary: "front matter and body disagree",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let mut report = |field: &str, fm_value: &str, fm_span, body_value: &str, body_span| {
            out.push(
                FRONT_MATTER_MISMATCH
                    .finding(
                        record,
                        format!("front matter {field} {fm_value:?} disagrees with the body's {body_value:?}"),
                    )
                    .at(fm_span)
                    .label(body_span, "the body says this")
                    .help(format!("make the front matter's {field} match the body, or remove it")),
            );
        };
        if let (Some(fm), Some(status)) = (record.front_matter("status"), &record.status)
            && status.source != FieldSource::FrontMatter
            && !fm.value.is_empty()
        {
            let (canonical, key) = read_status(&fm.value, &ctx.config.statuses);
            let differs = match (canonical, status.canonical) {
                (Some(a), Some(b)) => a != b,
                _ => key != status.key,
            };
            if differs {
                report(
                    "status",
                    &fm.value,
                    fm.value_span.clone(),
                    status.text.trim(),
                    status.span.clone(),
                );
            }
        }
        if let (Some(fm), Some(title)) = (record.front_matter("title"), &record.title)
            && title.source != FieldSource::FrontMatter
            && !fm.value.is_empty()
            && heading_key(&fm.value) != heading_key(&title.text)
            && heading_key(&fm.value) != heading_key(&title.raw)
        {
            report(
                "title",
                &fm.value,
                fm.value_span.clone(),
                &title.text,
                title.text_span.clone(),
            );
        }
        if let (Some(fm), Some(date)) = (record.front_matter("date"), &record.date)
            && date.source != FieldSource::FrontMatter
            && !fm.value.is_empty()
        {
            let differs = match (parse_date(&fm.value), &date.value) {
                (Ok(a), Ok(b)) => a != *b,
                _ => fm.value.trim() != date.text.trim(),
            };
            if differs {
                report(
                    "date",
                    &fm.value,
                    fm.value_span.clone(),
                    date.text.trim(),
                    date.span.clone(),
                );
            }
        }
        if let (Some(fm), Some(number)) = (record.front_matter("adr"), record.number)
            && record.number_source != Some(FieldSource::FrontMatter)
            && let Ok(fm_number) = fm.value.trim().parse::<u32>()
            && fm_number != number
        {
            let span = record
                .title
                .as_ref()
                .and_then(|t| t.number.as_ref().map(|n| n.1.clone()))
                .unwrap_or_else(|| fm.value_span.clone());
            report(
                "adr",
                &fm.value,
                fm.value_span.clone(),
                &number.to_string(),
                span,
            );
        }
    }
}

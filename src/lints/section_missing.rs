use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record without a section its dialect requires, or one that
    /// `[sections] required` in `adrift.toml` names (which replaces the
    /// dialect's list). Headings are compared loosely: case, a trailing colon,
    /// emoji and `<!-- optional -->` comments do not matter.
    ///
    /// | dialect | required sections |
    /// |---|---|
    /// | adrift | Status, Date, Context, Decision, Consequences |
    /// | adr-tools, nygard | Status, Context, Decision, Consequences |
    /// | madr, madr2 | Context and Problem Statement, Considered Options, Decision Outcome |
    /// | log4brains | Decision Outcome (or Decision) |
    /// | front-matter, unknown | none |
    ///
    /// ## Why is this bad?
    /// A decision without its context cannot be re-examined, and one without
    /// consequences hides its cost. The template's sections are the record.
    ///
    /// ## Example
    /// An adr-tools record with `## Status`, `## Context` and `## Decision` only.
    ///
    /// ## Use instead
    /// Add `## Consequences` and say what becomes easier and harder.
    pub static SECTION_MISSING = {
        code: "section-missing",
        severity: Error,
        summary: "a required section is missing",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let required = ctx.required_sections(record);
        for names in &required {
            if record.section(names).is_some() {
                continue;
            }
            // A status or date written another way is still there, and one
            // that is missing is reported by status-missing or date-missing.
            let key = crate::record::heading_key(names[0]);
            if (key == "status" && (record.status.is_some() || record.dialect.requires_status()))
                || (key == "date" && (record.date.is_some() || record.dialect.has_dates()))
            {
                continue;
            }
            let list: Vec<&str> = required.iter().map(|n| n[0]).collect();
            let why = match &ctx.config.required_sections {
                Some(_) => "adrift.toml requires".to_string(),
                None => format!("{} records have", record.dialect),
            };
            let finding = SECTION_MISSING
                .record_finding(
                    record,
                    format!("required section {:?} is missing", names[0]),
                )
                .help(format!("add `## {}` ({why} {})", names[0], list.join(", ")));
            out.push(finding);
        }
    }
}

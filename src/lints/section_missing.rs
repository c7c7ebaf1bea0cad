use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a record without a section its dialect requires, or one that
    /// `[sections] required` in `adrift.toml` names (which replaces the
    /// dialect's list). Headings are compared loosely: case, a trailing colon,
    /// emoji and `<!-- optional -->` comments do not matter, nor a plural
    /// (`## Decisions`). Each section also counts under its common synonyms
    /// (Decision: `Decision Outcome`, `Chosen Option`, `Proposal`, `Proposed
    /// Solution`, `What’s proposed`, `Solution`, `Resolution`, `Outcome`; Context: `Context and
    /// Problem Statement`, `Problem Statement`, `Background`, `Problem`;
    /// Consequences: `Implications`, `Impact`; Considered Options: `Options`,
    /// `Alternatives`, `Considered Alternatives`) and under a team's own
    /// names in `[sections] aliases` (`Decision = ["What we decided"]`). The
    /// finding names the headings it looked for and the ones it saw.
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
            if record.section_like(names).is_some() {
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
            let looked_for = names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let seen = record
                .sections
                .iter()
                .filter(|s| s.level == 2 || record.sections.iter().all(|t| t.level != 2))
                .map(|s| format!("`{}`", s.heading))
                .collect::<Vec<_>>();
            let seen = if seen.is_empty() {
                "no headings".to_string()
            } else {
                format!("headings seen: {}", seen.join(", "))
            };
            let finding = SECTION_MISSING
                .record_finding(
                    record,
                    format!("required section {:?} is missing", names[0]),
                )
                .help(format!(
                    "add `## {}` ({why} {}); looked for {looked_for}; {seen}. If one of them is this section under your own name, add it to `[sections] aliases` in adrift.toml (`{:?} = [\"Your heading\"]`)",
                    names[0],
                    list.join(", "),
                    names[0],
                ));
            out.push(finding);
        }
    }
}

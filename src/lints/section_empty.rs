use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a required section (see `section-missing`) whose heading is
    /// there but under which nothing is written: only blank lines, HTML
    /// comments or a thematic break (`---`). Sub-sections count as content.
    ///
    /// ## Why is this bad?
    /// An empty section is a template left unfilled; it looks complete to a
    /// quick review and says nothing.
    ///
    /// ## Example
    /// ```markdown
    /// ## Consequences
    ///
    /// ## Alternatives
    /// ```
    ///
    /// ## Use instead
    /// Write the section, or remove the record from review until it is.
    pub static SECTION_EMPTY = {
        code: "section-empty",
        severity: Error,
        summary: "a required section is empty",
        check: check,
    }
}

fn is_empty(text: &str) -> bool {
    let stripped;
    let rest = if text.contains('<') {
        stripped = crate::record::strip_html_comment(text);
        &stripped
    } else {
        text
    };
    rest.lines().all(|line| {
        let t = line.trim();
        t.is_empty()
            || (t.len() >= 3
                && (t.chars().all(|c| c == '-' || c == ' ')
                    || t.chars().all(|c| c == '*' || c == ' ')
                    || t.chars().all(|c| c == '_' || c == ' ')))
    })
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        for names in ctx.required_sections(record) {
            let Some(section) = record.section_like(&names) else {
                continue;
            };
            if is_empty(&record.source.text[section.body_span.clone()]) {
                out.push(
                    SECTION_EMPTY
                        .finding(record, format!("required section {:?} is empty", section.heading))
                        .at(section.heading_span.clone())
                        .help("write the section; a template heading with nothing under it says nothing"),
                );
            }
        }
    }
}

use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports a title that is there but says nothing: only a number or an
    /// id (`# 12.`, `# ADR-0012:`), or a template placeholder left in place
    /// (`# [short title of solved problem]`, `# {short title}`, `# TITLE`).
    ///
    /// ## Why is this bad?
    /// Lists, indexes and the gate's messages quote the title; an empty or
    /// placeholder title makes them useless.
    ///
    /// ## Example
    /// ```markdown
    /// # 12.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # 12. Keep the service stateless
    /// ```
    pub static TITLE_MALFORMED = {
        code: "title-malformed",
        severity: Error,
        summary: "a title is empty or a template placeholder",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        let Some(title) = &record.title else { continue };
        let text = title.text.trim();
        let message = if text.is_empty() {
            "title has no text after its number".to_string()
        } else if (text.starts_with('[') && text.ends_with(']'))
            || (text.starts_with('{') && text.ends_with('}'))
            || text == "TITLE"
        {
            format!("title {text:?} is a template placeholder")
        } else {
            continue;
        };
        out.push(
            TITLE_MALFORMED
                .finding(record, message)
                .at(title.span.clone())
                .help("write a short title that names the decision"),
        );
    }
}

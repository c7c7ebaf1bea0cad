use super::LintContext;
use crate::finding::Finding;
use crate::record::{Lookalike, LookalikeField};

declare_lint! {
    /// ## What it does
    /// Warns about characters that look like an ASCII hyphen but are not
    /// one (U+2010 to U+2015, U+2212) in a record's id, title or date.
    /// adrift reads them as `-`, so `ADR‑0012` is still ADR-0012; other tools
    /// do not. In a title only hyphens inside a word are reported (`Trade‑offs`),
    /// since a dash between words is typography.
    ///
    /// ## Why is this bad?
    /// Editors such as Word, Confluence and Notion insert them. `grep
    /// ADR-0012` then misses the record, date parsers reject `2026‑01‑23`,
    /// and links built from the title break.
    ///
    /// ## Example
    /// `# ADR‑0012: Persistence` (U+2011 NON-BREAKING HYPHEN)
    ///
    /// ## Use instead
    /// `# ADR-0012: Persistence`
    pub static LOOKALIKE_CHARACTERS = {
        code: "lookalike-characters",
        severity: Warning,
        summary: "a look-alike hyphen in an id, title or date",
        check: check,
    }
}

fn name(c: char) -> &'static str {
    match c {
        '\u{2010}' => "HYPHEN",
        '\u{2011}' => "NON-BREAKING HYPHEN",
        '\u{2012}' => "FIGURE DASH",
        '\u{2013}' => "EN DASH",
        '\u{2014}' => "EM DASH",
        '\u{2015}' => "HORIZONTAL BAR",
        '\u{2212}' => "MINUS SIGN",
        _ => "look-alike",
    }
}

/// How many look-alikes after the first one a finding labels.
const LABELLED: usize = 20;

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    for (_, record) in ctx.records() {
        for field in [
            LookalikeField::Id,
            LookalikeField::Title,
            LookalikeField::Date,
        ] {
            let found: Vec<&Lookalike> = record
                .lookalikes
                .iter()
                .filter(|l| l.field == field)
                .collect();
            let Some(first) = found.first() else { continue };
            let field_name = match field {
                LookalikeField::Id => "id",
                LookalikeField::Title => "title",
                LookalikeField::Date => "date",
            };
            let message = if found.len() == 1 {
                format!(
                    "the {field_name} contains U+{:04X} {}, which looks like \"-\" but is not",
                    first.character as u32,
                    name(first.character)
                )
            } else {
                format!(
                    "the {field_name} contains {} characters that look like \"-\" but are not (the first is U+{:04X} {})",
                    found.len(),
                    first.character as u32,
                    name(first.character)
                )
            };
            let mut finding = LOOKALIKE_CHARACTERS
                .finding(record, message)
                .at(first.span.clone())
                .help("replace it with `-` (U+002D); adrift reads it as one, other tools do not");
            // The message counts them all; the labels show the first few.
            for other in found.iter().skip(1).take(LABELLED) {
                finding = finding.label(
                    other.span.clone(),
                    format!("U+{:04X}", other.character as u32),
                );
            }
            out.push(finding);
        }
    }
}

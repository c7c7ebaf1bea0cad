//! What the property tests and the fuzz target hold the reader to, on any
//! text: the text stage is sound (when [`may_declare`] says no, a full
//! reading as YAML or JSON finds no template, resource or problem; and
//! [`could_be_template`] implies it), every span lies inside the text on
//! character boundaries, every resource's type looks like one, and nothing
//! panics.

use super::template::{self, Syntax, could_be_template, may_declare, read};
use crate::source::SourceFile;

/// `Err` with what went wrong when a property does not hold for `text`.
pub fn check(text: &str) -> Result<(), String> {
    if could_be_template(text) && !may_declare(text) {
        return Err(format!("could_be_template without may_declare: {text:?}"));
    }
    for syntax in [Syntax::Yaml, Syntax::Json] {
        let parsed = read(text, syntax);
        if !may_declare(text)
            && (parsed.template || !parsed.resources.is_empty() || !parsed.problems.is_empty())
        {
            return Err(format!(
                "the text stage said no to {text:?}, but {syntax:?} gives {parsed:?}"
            ));
        }
        let spans = parsed
            .resources
            .iter()
            .flat_map(|r| {
                [r.ty_span.clone(), r.id_span.clone()]
                    .into_iter()
                    .chain(r.waivers.iter().map(|w| w.span.clone()))
                    .chain(r.images.iter().map(|(_, s)| s.clone()))
            })
            .chain(parsed.problems.iter().map(|p| p.span.clone()))
            .chain(parsed.json_error.iter().map(|p| p.span.clone()));
        for span in spans {
            if !(span.start <= span.end
                && span.end <= text.len()
                && text.is_char_boundary(span.start)
                && text.is_char_boundary(span.end))
            {
                return Err(format!("span {span:?} outside {text:?} ({syntax:?})"));
            }
        }
        if let Some(r) = parsed
            .resources
            .iter()
            .find(|r| !template::looks_like_type(&r.ty))
        {
            return Err(format!("{:?} is declared as a type", r.ty));
        }
        // Through the ecosystem: findings point inside the text, and the
        // text stage holds there too.
        let file = SourceFile::new("t".to_string(), text.to_string());
        let scanned = super::scan_text(file, Some(syntax), true);
        for p in &scanned.problems {
            let span = p.span.clone().unwrap_or(0..0);
            if span.end > text.len() || !text.is_char_boundary(span.start) {
                return Err(format!("finding at {span:?} outside {text:?}"));
            }
        }
        let reported = !scanned.declarations.is_empty() || !scanned.problems.is_empty();
        if !may_declare(text) && reported {
            return Err(format!(
                "the text stage said no to {text:?}, but the scan reports"
            ));
        }
    }
    Ok(())
}

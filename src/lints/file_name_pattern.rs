use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::LintContext;
use crate::finding::Finding;
use crate::record::Record;

declare_lint! {
    /// ## What it does
    /// Warns when a record's file name does not follow the pattern most of
    /// its collection uses: the prefix (`adr-`), the number of digits, the
    /// separator, or dashes in the slug (`0038-mongo_replacement.md` among
    /// `NNNN-title-with-dashes.md` names). Date-named collections
    /// (`20200924-slug.md`) have their own pattern.
    ///
    /// ## Why is this bad?
    /// Tools find and sort records by name: adr-tools, log4brains, static
    /// site generators, and `ls`. An odd name sorts in the wrong place or is
    /// missed.
    ///
    /// ## Example
    /// `0038-mongo_replacement_by_documentdb.md` among `0037-alb-health-checks.md`.
    ///
    /// ## Use instead
    /// `0038-mongo-replacement-by-documentdb.md`
    pub static FILE_NAME_PATTERN = {
        code: "file-name-pattern",
        severity: Warning,
        summary: "a file name is off the collection's pattern",
        check: check,
    }
}

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z]*[-_]?)(\d+)([-_ ])(.*)$").unwrap());

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Shape {
    Numbered {
        prefix: String,
        digits: usize,
        separator: char,
        dashed_slug: bool,
    },
    Dated {
        dashed_slug: bool,
    },
    Other,
}

impl Shape {
    fn of(record: &Record) -> Shape {
        let stem = record
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        let dashed = |slug: &str| !slug.contains(['_', ' ']);
        if crate::record::classify_file_name(stem).is_none() && is_dated(stem) {
            let slug = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
            return Shape::Dated {
                dashed_slug: dashed(slug),
            };
        }
        match NUMBERED.captures(stem) {
            Some(c) => Shape::Numbered {
                prefix: c[1].to_string(),
                digits: c[2].len(),
                separator: c[3].chars().next().unwrap_or('-'),
                dashed_slug: dashed(&c[4]),
            },
            None => Shape::Other,
        }
    }

    fn describe(&self) -> String {
        match self {
            Shape::Numbered {
                prefix,
                digits,
                separator,
                ..
            } => format!(
                "{prefix}{}{separator}title-with-dashes.md",
                "N".repeat(*digits)
            ),
            Shape::Dated { .. } => "YYYYMMDD-title-with-dashes.md".to_string(),
            Shape::Other => "no common pattern".to_string(),
        }
    }

    /// The name a record would have under this shape.
    fn suggest(&self, record: &Record) -> Option<String> {
        let Shape::Numbered {
            prefix,
            digits,
            separator,
            ..
        } = self
        else {
            return None;
        };
        let number = record.number?;
        let stem = record.path.file_stem()?.to_str()?;
        let slug_source = NUMBERED
            .captures(stem)
            .map(|c| c[4].to_string())
            .unwrap_or_else(|| record.title_text().to_string());
        let slug = crate::record::slugify(&slug_source);
        Some(format!(
            "{prefix}{number:0digits$}{separator}{slug}.md",
            digits = *digits
        ))
    }
}

fn is_dated(stem: &str) -> bool {
    crate::record::is_date_named(stem)
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let shapes: Vec<(usize, Shape)> = ctx.records().map(|(i, r)| (i, Shape::of(r))).collect();
    let mut counts: HashMap<&Shape, usize> = HashMap::new();
    for (_, shape) in &shapes {
        *counts.entry(shape).or_default() += 1;
    }
    let Some((dominant, count)) = counts
        .iter()
        .filter(|(s, _)| **s != &Shape::Other)
        .max_by_key(|(s, c)| (**c, s.describe()))
    else {
        return;
    };
    // A pattern needs at least two records and no tie for first place.
    let tied = counts
        .iter()
        .any(|(s, c)| *s != *dominant && **s != Shape::Other && c == count);
    if *count < 2 || tied {
        return;
    }
    for (i, shape) in &shapes {
        if shape == *dominant {
            continue;
        }
        let record = &ctx.collection.records[*i];
        let help = match dominant.suggest(record) {
            Some(name) => format!("rename it to {name}"),
            None => format!("rename it to match {}", dominant.describe()),
        };
        out.push(
            FILE_NAME_PATTERN
                .finding(
                    record,
                    format!(
                        "file name {} does not follow the collection's pattern {}",
                        record.file_name(),
                        dominant.describe()
                    ),
                )
                .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_lower_case_and_dashed() {
        assert_eq!(
            crate::record::slugify("mongo_replacement_by DocumentDB"),
            "mongo-replacement-by-documentdb"
        );
    }
}

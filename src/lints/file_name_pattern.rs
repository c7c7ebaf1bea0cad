use std::collections::HashMap;

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
        let stem = stem_of(record);
        let dashed = |slug: &str| !slug.contains(['_', ' ']);
        if crate::record::classify_file_name(stem).is_none() && is_dated(stem) {
            let slug = stem.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-');
            return Shape::Dated {
                dashed_slug: dashed(slug),
            };
        }
        match numbered(stem) {
            Some((prefix, digits, separator, slug)) => Shape::Numbered {
                prefix: prefix.to_string(),
                digits: digits.len(),
                separator,
                dashed_slug: dashed(slug),
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
        let slug_source = numbered(stem)
            .map(|n| n.3.to_string())
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

/// A record's shape, and whether its number has a leading zero.
struct Named {
    index: usize,
    shape: Shape,
    leading_zero: bool,
}

/// Whether a name of `shape` follows `pattern`. A number's width is a
/// minimum: `10000-x.md` follows `NNNN-title-with-dashes.md` (the padding
/// ran out), `00010-x.md` and `10-x.md` do not.
fn follows(shape: &Shape, leading_zero: bool, pattern: &Shape) -> bool {
    match (shape, pattern) {
        (
            Shape::Numbered {
                prefix,
                digits,
                separator,
                dashed_slug,
            },
            Shape::Numbered {
                prefix: p,
                digits: width,
                separator: s,
                dashed_slug: d,
            },
        ) => {
            prefix == p
                && separator == s
                && dashed_slug == d
                && (digits == width || (digits > width && !leading_zero))
        }
        _ => shape == pattern,
    }
}

/// A numbered name's prefix, separator and whether its slug is dashed.
type NumberedKey<'a> = (&'a str, char, bool);

/// Each pattern the names suggest, with how many names follow it.
fn candidates(named: &[Named]) -> Vec<(Shape, usize)> {
    let mut dated: HashMap<&Shape, usize> = HashMap::new();
    // Numbered names by everything but the width: (digits, leading zero).
    let mut numbered: HashMap<NumberedKey<'_>, Vec<(usize, bool)>> = HashMap::new();
    for n in named {
        match &n.shape {
            Shape::Numbered {
                prefix,
                digits,
                separator,
                dashed_slug,
            } => numbered
                .entry((prefix.as_str(), *separator, *dashed_slug))
                .or_default()
                .push((*digits, n.leading_zero)),
            Shape::Dated { .. } => *dated.entry(&n.shape).or_default() += 1,
            Shape::Other => {}
        }
    }
    let mut out: Vec<(Shape, usize)> = dated.into_iter().map(|(s, c)| (s.clone(), c)).collect();
    for ((prefix, separator, dashed_slug), mut widths) in numbered {
        // Widest first: a running count of the wider names without a
        // leading zero, which follow every narrower width.
        widths.sort_unstable_by_key(|w| std::cmp::Reverse(w.0));
        let mut wider_unpadded = 0;
        let mut i = 0;
        while i < widths.len() {
            let width = widths[i].0;
            let same = widths[i..].iter().take_while(|w| w.0 == width).count();
            out.push((
                Shape::Numbered {
                    prefix: prefix.to_string(),
                    digits: width,
                    separator,
                    dashed_slug,
                },
                same + wider_unpadded,
            ));
            wider_unpadded += widths[i..i + same].iter().filter(|w| !w.1).count();
            i += same;
        }
    }
    out
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let named: Vec<Named> = ctx
        .records()
        .map(|(index, r)| Named {
            index,
            shape: Shape::of(r),
            leading_zero: numbered(stem_of(r)).is_some_and(|n| n.1.starts_with('0')),
        })
        .collect();
    let candidates = candidates(&named);
    let Some((dominant, count)) = candidates
        .iter()
        .max_by_key(|(s, c)| (*c, s.describe()))
        .map(|(s, c)| (s, *c))
    else {
        return;
    };
    // A pattern needs at least two records and no tie for first place.
    let tied = candidates.iter().any(|(s, c)| s != dominant && *c == count);
    if count < 2 || tied {
        return;
    }
    for n in &named {
        if follows(&n.shape, n.leading_zero, dominant) {
            continue;
        }
        let record = &ctx.collection.records[n.index];
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

fn stem_of(record: &Record) -> &str {
    record
        .path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
}

/// `adr-0012-slug`: the prefix (`adr-`), the digits, the separator and the
/// slug; `None` for a name that does not start that way.
fn numbered(stem: &str) -> Option<(&str, &str, char, &str)> {
    let bytes = stem.as_bytes();
    let mut at = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if matches!(bytes.get(at), Some(b'-' | b'_')) {
        at += 1;
    }
    let digits = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let separator = *bytes.get(at + digits)?;
    if digits == 0 || !matches!(separator, b'-' | b'_' | b' ') {
        return None;
    }
    Some((
        &stem[..at],
        &stem[at..at + digits],
        separator as char,
        &stem[at + digits + 1..],
    ))
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

use std::path::Path;

use super::LintContext;
use crate::collection::{FastMap, percent_decode};
use crate::config::normalise;
use crate::finding::Finding;
use crate::record::Record;
use crate::source::Span;

declare_lint! {
    /// ## What it does
    /// Reports a relative Markdown link to a `.md` file that does not exist,
    /// anywhere in a record: `[ADR 9](0009-use-mysql.md)` after 0009 was
    /// renamed. Links with a scheme (`https:`), absolute paths and anchors
    /// are not checked. A supersede or amend link whose target is missing is
    /// reported by `link-target-missing` instead.
    ///
    /// ## Why is this bad?
    /// Records cite each other to explain themselves. A broken link loses
    /// the reasoning, usually after a renumbering or a rename.
    ///
    /// ## Example
    /// `See [the networking record](0003-networking.md).` with no such file.
    ///
    /// ## Use instead
    /// Point the link at the file's current name.
    pub static RELATIVE_LINK_BROKEN = {
        code: "relative-link-broken",
        severity: Error,
        summary: "a relative link names a record file that does not exist",
        check: check,
    }
}

/// Whether `text` ends with `suffix` (ASCII), ignoring case.
fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    // Whether a destination exists, for the records of one directory (they
    // come in path order): records link to the same few files over and over.
    let mut exists: FastMap<&str, bool> = FastMap::default();
    let mut exists_dir: &[u8] = &[];
    for (_, record) in ctx.records() {
        let dir = record.path.parent().unwrap_or(Path::new("."));
        if dir.as_os_str().as_encoded_bytes() != exists_dir {
            exists.clear();
            exists_dir = dir.as_os_str().as_encoded_bytes();
        }
        let mut typed: Option<UnresolvedLinks> = None;
        for link in &record.body_links {
            let dest = link.dest.split(['#', '?']).next().unwrap_or("");
            if dest.is_empty()
                || dest.starts_with('/')
                || dest.contains("://")
                || dest
                    .get(..7)
                    .is_some_and(|s| s.eq_ignore_ascii_case("mailto:"))
                || !(ends_with_ignore_case(dest, ".md") || ends_with_ignore_case(dest, ".markdown"))
            {
                continue;
            }
            // Already reported as a link between records.
            if typed
                .get_or_insert_with(|| UnresolvedLinks::of(record))
                .cover(&link.span)
            {
                continue;
            }
            let found = *exists.entry(dest).or_insert_with(|| {
                let target = normalise(&dir.join(percent_decode(dest)));
                ctx.collection.files.contains(&target) || target.exists()
            });
            if found {
                continue;
            }
            out.push(
                RELATIVE_LINK_BROKEN
                    .finding(record, format!("link to {dest}, which does not exist"))
                    .at(link.span.clone())
                    .help("point the link at the file's current name"),
            );
        }
    }
}

/// The spans of a record's unresolved links between records, to ask in
/// logarithmic time whether one of them covers a span.
struct UnresolvedLinks {
    /// Sorted by start.
    spans: Vec<Span>,
    /// `reach[i]`: the furthest end among `spans[..=i]`.
    reach: Vec<usize>,
}

impl UnresolvedLinks {
    fn of(record: &Record) -> Self {
        let mut spans: Vec<Span> = record
            .links
            .iter()
            .filter(|l| l.target.is_none())
            .map(|l| l.span.clone())
            .collect();
        spans.sort_unstable_by_key(|s| s.start);
        let reach = spans
            .iter()
            .scan(0, |far, s| {
                *far = (*far).max(s.end);
                Some(*far)
            })
            .collect();
        UnresolvedLinks { spans, reach }
    }

    /// Whether some span starts at or before `span` and ends at or after it.
    fn cover(&self, span: &Span) -> bool {
        let starting_before = self.spans.partition_point(|s| s.start <= span.start);
        starting_before > 0 && self.reach[starting_before - 1] >= span.end
    }
}

use std::collections::HashSet;

use super::LintContext;
use crate::finding::Finding;
use crate::record::LinkKind;

declare_lint! {
    /// ## What it does
    /// Reports a supersede or amend link that the other record does not
    /// return: `0004` says it is superseded by `0015`, but `0015` never says
    /// it supersedes `0004` (and likewise for amends and amended by).
    ///
    /// ## Why is this bad?
    /// Readers meet records one at a time. The reader of the newer record
    /// should learn what it replaced, and the reader of the older one what
    /// replaced it; one-way links lose half the history.
    ///
    /// ## Example
    /// `0004-dns.md`:
    /// ```markdown
    /// Superseded by [15. DNS infrastructure](0015-dns-infrastructure.md)
    /// ```
    /// and `0015-dns-infrastructure.md` says nothing of 0004.
    ///
    /// ## Use instead
    /// In `0015-dns-infrastructure.md`'s status section:
    /// ```markdown
    /// Supersedes [4. DNS](0004-dns.md)
    /// ```
    pub static LINK_NOT_RECIPROCAL = {
        code: "link-not-reciprocal",
        severity: Error,
        summary: "a supersede or amend link is not returned",
        check: check,
    }
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let records = &ctx.collection.records;
    // Every resolved link as (from, kind, to): one look-up per link.
    let stated: HashSet<(usize, LinkKind, usize)> = records
        .iter()
        .enumerate()
        .flat_map(|(from, r)| {
            r.links
                .iter()
                .filter_map(move |l| Some((from, l.kind, l.target?)))
        })
        .collect();
    for (index, record) in ctx.records() {
        for link in &record.links {
            let (Some(target), Some(back)) = (link.target, link.kind.reciprocal()) else {
                continue;
            };
            let other = &records[target];
            if other.read_problem.is_some() {
                continue;
            }
            if stated.contains(&(target, back, index)) {
                continue;
            }
            let title = record.title_text();
            let reference = match record.number {
                Some(n) if !title.is_empty() => format!("[{n}. {title}]({})", record.file_name()),
                _ => format!("[{}]({})", record.id, record.file_name()),
            };
            let mut back_words = back.as_words().to_string();
            back_words[..1].make_ascii_uppercase();
            out.push(
                LINK_NOT_RECIPROCAL
                    .finding(
                        record,
                        format!(
                            "{} {} {}, but {} does not say it {} {}",
                            record.id,
                            verb(link.kind),
                            other.id,
                            other.id,
                            verb(back),
                            record.id
                        ),
                    )
                    .at(link.span.clone())
                    .help(format!(
                        "add `{back_words} {reference}` to the status of {}",
                        other.source.path
                    )),
            );
        }
    }
}

fn verb(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Supersedes => "supersedes",
        LinkKind::SupersededBy => "is superseded by",
        LinkKind::Amends => "amends",
        LinkKind::AmendedBy => "is amended by",
        LinkKind::RelatesTo => "relates to",
    }
}

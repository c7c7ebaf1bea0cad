//! One thing, one finding. A rule that matches an S3 bucket also matches
//! the `aws_s3_bucket_versioning` and `aws_s3_bucket_lifecycle_configuration`
//! that configure it, and a transitive crate reached from ten members of a
//! workspace is one crate: each of those is one finding that lists the
//! rest, not five or ten.
//!
//! Ecosystems say what folds ([`Fold`] on a declaration): a key for what
//! the declaration is, and the keys it folds into. The engine folds
//! findings of the same rule only, after waivers: a declaration a waiver
//! waived is not a finding and folds into nothing, and one that is still
//! reported is never hidden, only moved into the finding it belongs to
//! (listed there with its location and its baseline identity, and counted
//! in the summary's declarations).

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::{Covered, Finding};
use crate::scan::Fold;
use crate::source::{SourceFile, Span};

/// A rule finding that may fold: its index among the findings, and what
/// its declaration said.
pub struct Foldable {
    pub index: usize,
    pub rule: String,
    pub fold: Fold,
    pub subject: String,
    pub identity: String,
    pub file: Arc<SourceFile>,
    pub span: Span,
    /// Which of a group stands for it: the lowest rank (the shortest path
    /// to the package), then the first by position.
    pub rank: usize,
    /// A declaration a waiver waived (not a finding; `index` is unused):
    /// what configures it is waived with it. A group never follows a
    /// waiver: each member's dependency line is its own choice.
    pub waived: bool,
}

impl Foldable {
    /// A rule's hit that may fold (it has a [`Fold`]): the finding at
    /// `index` among the findings, or with `None` a declaration a waiver
    /// waived.
    pub fn of(
        hit: &crate::scan::Declaration,
        rule: &str,
        file: &Arc<SourceFile>,
        index: Option<usize>,
    ) -> Option<Foldable> {
        Some(Foldable {
            index: index.unwrap_or(usize::MAX),
            rule: rule.to_string(),
            fold: hit.fold.clone()?,
            subject: hit.subject.clone(),
            identity: hit.identity.clone(),
            file: Arc::clone(file),
            span: hit.span.clone(),
            rank: hit.via.len(),
            waived: index.is_none(),
        })
    }
}

/// What folding did: how many findings it folded into others, and how
/// many it waived with the declaration they configure.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Folded {
    pub folded: usize,
    pub waived: usize,
}

/// Folds `foldable` findings of `findings` into the ones they belong to;
/// the folded ones are removed, and so are those that configure a waived
/// declaration (counted as waived).
pub fn fold(findings: &mut Vec<Finding>, mut foldable: Vec<Foldable>) -> Folded {
    if foldable.is_empty() {
        return Folded::default();
    }
    // The nearest of a group (then the first by position) stands for it.
    foldable.sort_by(|a, b| {
        (a.rank, a.file.path.as_str(), a.span.start, a.index).cmp(&(
            b.rank,
            b.file.path.as_str(),
            b.span.start,
            b.index,
        ))
    });
    let mut by_key: HashMap<(&str, &str), usize> = HashMap::new();
    // A finding stands for its key before a waived declaration does (a
    // group's members fold among themselves, never into a waiver).
    for waived in [false, true] {
        for (i, f) in foldable
            .iter()
            .enumerate()
            .filter(|(_, f)| f.waived == waived)
        {
            by_key.entry((&f.rule, &f.fold.key)).or_insert(i);
        }
    }
    let parent: Vec<Option<usize>> = foldable
        .iter()
        .enumerate()
        .map(|(i, f)| {
            f.fold
                .into
                .iter()
                .filter_map(|k| by_key.get(&(f.rule.as_str(), k.as_str())).copied())
                .find(|&j| j != i && !(foldable[j].waived && f.fold.into.contains(&f.fold.key)))
        })
        .collect();
    // Follow parents to the finding that stands for each; a cycle (which
    // Terraform refuses, but a file may still hold) folds nothing.
    let root = |start: usize| -> usize {
        let mut seen = vec![start];
        let mut at = start;
        while let Some(next) = parent[at] {
            if seen.contains(&next) {
                return start;
            }
            seen.push(next);
            at = next;
        }
        at
    };
    let mut moved: Vec<(usize, usize)> = Vec::new();
    let mut removed = vec![false; findings.len()];
    let mut waived = 0;
    for i in 0..foldable.len() {
        if foldable[i].waived {
            continue;
        }
        let r = root(i);
        if r == i {
            continue;
        }
        if foldable[r].waived {
            removed[foldable[i].index] = true;
            waived += 1;
        } else {
            moved.push((foldable[r].index, i));
        }
    }
    for &(into, i) in &moved {
        let f = &foldable[i];
        removed[f.index] = true;
        findings[into].covers.push(Covered {
            file: Arc::clone(&f.file),
            span: f.span.clone(),
            subject: f.subject.clone(),
            identity: f.identity.clone(),
            relation: f.fold.relation.clone(),
        });
    }
    for (i, finding) in findings.iter_mut().enumerate() {
        if !finding.covers.is_empty() && !removed[i] {
            describe(finding);
        }
    }
    let mut i = 0;
    findings.retain(|_| {
        i += 1;
        !removed[i - 1]
    });
    Folded {
        folded: moved.len(),
        waived,
    }
}

/// Shows what a finding covers: labels at the ones in its own file, a line
/// of help for each elsewhere, and the count in the message.
fn describe(finding: &mut Finding) {
    finding.covers.sort_by(|a, b| {
        (a.file.path.as_str(), a.span.start).cmp(&(b.file.path.as_str(), b.span.start))
    });
    let own = finding.file.as_ref().map(|f| f.path.clone());
    let mut elsewhere = Vec::new();
    for c in &finding.covers {
        if own.as_deref() == Some(c.file.path.as_str()) {
            finding.labels.push(crate::finding::Label {
                span: c.span.clone(),
                text: format!("{}: {}", c.subject, c.relation),
            });
        } else {
            let at = c.file.line_col(c.span.start);
            elsewhere.push(format!(
                "{}:{}:{}: {}: {}",
                c.file.path, at.line, at.column, c.subject, c.relation
            ));
        }
    }
    let n = finding.covers.len() + 1;
    finding
        .message
        .push_str(&format!(" (one finding for {n} declarations)"));
    if !elsewhere.is_empty() {
        let list = elsewhere.join("\n");
        finding.help = Some(match finding.help.take() {
            Some(help) => format!("{help}\nAlso covers:\n{list}"),
            None => format!("Also covers:\n{list}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Findings `0..n` in one file, each folding as `edges` say: nothing is
    /// lost (every finding is kept or covered exactly once), nothing folds
    /// across rules, and cycles fold nothing.
    #[test]
    fn folding_loses_nothing_and_stops_at_cycles() {
        let file = SourceFile::new("m/a.tf".into(), "x".repeat(64));
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let mut waived_total = 0;
        for _ in 0..500 {
            let n = 1 + next(8) as usize;
            let mut findings = Vec::new();
            let mut foldable = Vec::new();
            for i in 0..n {
                let rule = format!("r{}", next(2));
                let mut f = Finding::new(&crate::lints::FILE_UNREADABLE, format!("f{i}"));
                f.rule = Some(rule.clone());
                findings.push(f);
                let into = (0..next(3))
                    .map(|_| format!("k{}", next(n as u64 + 2)))
                    .collect();
                foldable.push(Foldable {
                    index: i,
                    rule,
                    fold: Fold {
                        key: format!("k{i}"),
                        into,
                        relation: "configures it".into(),
                    },
                    subject: format!("f{i}"),
                    identity: format!("f{i}"),
                    file: Arc::clone(&file),
                    span: i..i + 1,
                    rank: 0,
                    waived: false,
                });
            }
            let rules: Vec<String> = foldable.iter().map(|f| f.rule.clone()).collect();
            // Waived declarations with keys of their own and of the others.
            for w in 0..next(3) {
                foldable.push(Foldable {
                    index: usize::MAX,
                    rule: format!("r{}", next(2)),
                    fold: Fold {
                        key: format!(
                            "k{}",
                            if next(2) == 0 {
                                n as u64 + w
                            } else {
                                next(n as u64)
                            }
                        ),
                        into: Vec::new(),
                        relation: "configures it".into(),
                    },
                    subject: "w".into(),
                    identity: "w".into(),
                    file: Arc::clone(&file),
                    span: 0..1,
                    rank: 0,
                    waived: true,
                });
            }
            let done = fold(&mut findings, foldable);
            let covered: usize = findings.iter().map(|f| f.covers.len()).sum();
            assert_eq!(findings.len() + covered + done.waived, n);
            assert_eq!(covered, done.folded);
            let mut seen: Vec<String> = Vec::new();
            for f in &findings {
                seen.push(f.message.split(' ').next().unwrap().to_string());
                for c in &f.covers {
                    let i: usize = c.identity[1..].parse().unwrap();
                    assert_eq!(Some(&rules[i]), f.rule.as_ref(), "folded across rules");
                    seen.push(c.identity.clone());
                }
            }
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len() + done.waived, n);
            waived_total += done.waived;
        }
        assert!(waived_total > 0, "no round followed a waiver");
    }
}

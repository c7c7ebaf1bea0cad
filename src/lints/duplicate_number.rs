use std::collections::BTreeMap;

use super::LintContext;
use crate::finding::Finding;

declare_lint! {
    /// ## What it does
    /// Reports records that share a number.
    ///
    /// ## Why is this bad?
    /// A number is a record's identity: links, rules (`decision = "ADR-0015"`)
    /// and people cite it. Two records with one number make every such
    /// reference ambiguous. It happens most when two branches each add the
    /// next record.
    ///
    /// ## Example
    /// `0015-dns-infrastructure.md` and `0015-use-graphql.md`.
    ///
    /// ## Use instead
    /// Give the later record the next free number, and update links to it.
    pub static DUPLICATE_NUMBER = {
        code: "duplicate-number",
        severity: Error,
        summary: "two records share a number",
        check: check,
    }
}

/// How many of the other records sharing a number a message names.
const NAMED_OTHERS: usize = 5;

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let mut by_number: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, record) in ctx.records() {
        if let Some(n) = record.number {
            by_number.entry(n).or_default().push(i);
        }
    }
    let highest = by_number.keys().next_back().copied().unwrap_or(0);
    for (number, indexes) in by_number.into_iter().filter(|(_, v)| v.len() > 1) {
        let records = &ctx.collection.records;
        for &i in &indexes {
            // A few of the others by name, the rest counted: each message
            // stays short however many records share the number.
            let others: Vec<&str> = indexes
                .iter()
                .filter(|&&j| j != i)
                .take(NAMED_OTHERS)
                .map(|&j| records[j].source.path.as_str())
                .collect();
            let unnamed = indexes.len() - 1 - others.len();
            let mut also = others.join(", ");
            if unnamed > 0 {
                also.push_str(&format!(" and {unnamed} other records"));
            }
            let record = &records[i];
            let finding = DUPLICATE_NUMBER
                .record_finding(record, format!("number {number} is also used by {also}"))
                .help(match highest.checked_add(1) {
                    Some(next) => format!(
                        "give one of them the next free number ({next}) and update the links to it"
                    ),
                    None => "give one of them a free number and update the links to it".into(),
                });
            out.push(finding);
        }
    }
}

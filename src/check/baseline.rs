//! Baselines: adopting the gate where drift already exists.
//!
//! `adrift check --write-baseline FILE` records today's findings;
//! `--baseline FILE` (or `baseline` in `adrift.toml`) then reports only
//! findings that are not in it. Entries are keyed by meaning (code, path
//! relative to the project root, and what the finding is about: the
//! resource, module or package, else the message), never by line, so edits
//! above a finding do not resurrect it. Entries that match nothing are
//! reported, so the baseline shrinks.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::baseline_unmatched::BASELINE_UNMATCHED;
use crate::config::display;
use crate::error::Error;
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    pub path: String,
    pub key: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    adrift_baseline: u32,
    findings: Vec<Entry>,
}

/// A finding's entry: its path made relative to the project root.
fn entry(finding: &Finding, root: &Path, cwd: &Path) -> Entry {
    let path = if finding.path().is_empty() {
        String::new()
    } else {
        display(&cwd.join(finding.path()), root)
    };
    Entry {
        code: finding.code.to_string(),
        path,
        key: finding.identity().to_string(),
    }
}

/// Writes today's findings as the baseline.
/// A finding's entries: its own, then one per declaration it covers (so
/// a baseline lists every declaration, whether findings fold or not).
fn entries(finding: &Finding, root: &Path, cwd: &Path) -> Vec<Entry> {
    let mut out = vec![entry(finding, root, cwd)];
    for c in &finding.covers {
        out.push(Entry {
            code: finding.code.to_string(),
            path: display(&cwd.join(&c.file.path), root),
            key: c.identity.clone(),
        });
    }
    out
}

pub fn write(
    path: &Path,
    findings: &[Finding],
    root: &Path,
    cwd: &Path,
) -> Result<(usize, usize), Error> {
    let held = findings.len();
    let mut findings: Vec<Entry> = findings
        .iter()
        .flat_map(|f| entries(f, root, cwd))
        .collect();
    findings.sort_by(|a, b| (&a.path, &a.code, &a.key).cmp(&(&b.path, &b.code, &b.key)));
    let count = findings.len();
    let mut text = serde_json::to_string_pretty(&File {
        adrift_baseline: 1,
        findings,
    })
    .unwrap_or_default();
    text.push('\n');
    let io = |e: std::io::Error| Error::Io {
        path: display(path, cwd),
        message: e.to_string(),
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    crate::author::replace_file(path, text.as_bytes()).map_err(io)?;
    Ok((held, count))
}

/// Removes the findings the baseline holds; returns how many, and adds a
/// `baseline-unmatched` warning for each entry that matched nothing.
pub fn apply(
    path: &Path,
    findings: &mut Vec<Finding>,
    root: &Path,
    cwd: &Path,
) -> Result<usize, Error> {
    apply_scoped(path, findings, root, cwd, &|_| true)
}

/// [`apply`] for a check of part of the project (`check PATHS`,
/// `--changed-since`): an entry for a file the check did not scan (its
/// path from the root is not `in_scope`) is left alone, not unmatched.
pub fn apply_scoped(
    path: &Path,
    findings: &mut Vec<Finding>,
    root: &Path,
    cwd: &Path,
    in_scope: &dyn Fn(&str) -> bool,
) -> Result<usize, Error> {
    let shown = display(path, cwd);
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io {
        path: shown.clone(),
        message: format!("cannot read the baseline: {e}"),
    })?;
    let parsed: File = serde_json::from_str(&text).map_err(|e| Error::Usage {
        message: format!("{shown} is not an adrift baseline: {e}"),
        help: "write one with `adrift check --write-baseline FILE`".to_string(),
    })?;
    let file = SourceFile::new(shown, text);
    let spans = entry_spans(&file.text);
    let mut used = vec![false; parsed.findings.len()];
    let before = findings.len();
    // A finding is held when every declaration it stands for is: one
    // that now also covers something new is reported whole. The entries
    // it matched are used either way (they are not stale).
    findings.retain(|f| {
        let mut held = true;
        for e in entries(f, root, cwd) {
            match parsed
                .findings
                .iter()
                .enumerate()
                .find(|(i, x)| !used[*i] && **x == e)
            {
                Some((i, _)) => used[i] = true,
                None => held = false,
            }
        }
        !held
    });
    let matched = before - findings.len();
    for (i, e) in parsed.findings.iter().enumerate() {
        if used[i] || !in_scope(&e.path) {
            continue;
        }
        let mut f = Finding::new(
            &BASELINE_UNMATCHED,
            format!(
                "baseline entry for {} in {} matches no finding: {}",
                e.code, e.path, e.key
            ),
        )
        .in_file(&file)
        .help("the drift it recorded is gone: remove the entry so the baseline only shrinks");
        if let Some(span) = spans.get(i) {
            f = f.at(span.clone());
        }
        f.rule = Some(e.code.clone());
        findings.push(f);
    }
    Ok(matched)
}

/// The span of each entry object in the `findings` array, in order.
fn entry_spans(text: &str) -> Vec<Span> {
    use jsonc_parser::ast::Value;
    let Ok(parsed) = jsonc_parser::parse_to_ast(text, &Default::default(), &Default::default())
    else {
        return Vec::new();
    };
    let Some(Value::Object(root)) = parsed.value else {
        return Vec::new();
    };
    root.properties
        .iter()
        .find(|p| p.name.as_str() == "findings")
        .and_then(|p| match &p.value {
            Value::Array(a) => Some(
                a.elements
                    .iter()
                    .filter_map(|e| match e {
                        Value::Object(o) => Some(o.range.start..o.range.end),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default()
}

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::LintContext;
use crate::author::index;
use crate::collection::percent_decode;
use crate::config::normalise;
use crate::finding::Finding;
use crate::record::{Record, is_date_named, number_in_name, read_status};
use crate::source::{SourceFile, Span};

declare_lint! {
    /// ## What it does
    /// Checks a hand-made index in the record directory: a `README.md` or
    /// `index.md` without adrift's index markers that links to at least two
    /// records. It reports a link to a record file that does not exist
    /// (`0008-fts-prefix-config.m`), a record the index does not list, and a
    /// status the index shows for a record (in a table cell, or after the
    /// link in a list item) that contradicts the record's own.
    ///
    /// ## Why is this bad?
    /// A hand-made index is what readers open first, and nothing keeps it
    /// true: a renamed file, a new record or a superseded decision leaves it
    /// pointing nowhere, hiding decisions, or calling a replaced decision
    /// current.
    ///
    /// ## Example
    /// `adr/README.md`:
    /// ```markdown
    /// | ADR | Title | Status |
    /// |---|---|---|
    /// | [1](0001-record-architecture-decisions.md) | Record decisions | Accepted |
    /// | [2](0002-use-kafka.md) | Use Kafka | Accepted |
    /// ```
    /// while `0002-use-kafka.md` says `Superseded by [3. Use NATS](0003-use-nats.md)`
    /// and ADR-0003 is not listed.
    ///
    /// ## Use instead
    /// Correct the index by hand, or let adrift keep it: put
    /// `<!-- adrift:index:start -->` and `<!-- adrift:index:end -->` where
    /// the table goes and run `adrift index` (then `index-stale` watches it).
    pub static INDEX_DRIFT = {
        code: "index-drift",
        severity: Warning,
        summary: "a hand-made index links a missing file, misses a record or shows a wrong status",
        check: check,
    }
}

/// What separates the parts of a list item: `- [ADR-2](…) Use Kafka - Accepted (2019)`.
static LIST_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(),;|—–]|\s-\s|\s-$").unwrap());

static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)"#).unwrap());

/// A link in the index to a record-like file.
struct IndexLink {
    /// The whole `[..](..)`.
    span: Span,
    dest: String,
    /// The record it resolves to.
    record: Option<usize>,
    /// The line it stands on.
    line: Span,
    /// Whether it is the line's first link to a record-like file (the
    /// line's status is this record's).
    first: bool,
}

fn check(ctx: &LintContext<'_>, out: &mut Vec<Finding>) {
    let dir = &ctx.collection.dir;
    for name in ["README.md", "index.md"] {
        let path = dir.join(name);
        let Ok(text) = crate::collection::read_text(&path, crate::collection::MAX_RECORD_BYTES)
        else {
            continue;
        };
        if index::is_adrift_index(&text) {
            continue;
        }
        check_index(ctx, &path, name, text, out);
    }
}

fn record_like(file_name: &str) -> bool {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(s, _)| s);
    number_in_name(stem).is_some() || is_date_named(stem)
}

fn check_index(
    ctx: &LintContext<'_>,
    path: &Path,
    name: &str,
    text: String,
    out: &mut Vec<Finding>,
) {
    let dir = path.parent().unwrap_or(Path::new("."));
    let by_path: HashMap<PathBuf, usize> = ctx
        .collection
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| (normalise(&r.path), i))
        .collect();
    let mut links = Vec::new();
    let mut offset = 0;
    let mut in_code = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim_start().starts_with("```") || content.trim_start().starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        let mut first = true;
        for c in MD_LINK.captures_iter(content) {
            let whole = c.get(0).expect("group 0");
            let dest = c[2].split(['#', '?']).next().unwrap_or("").to_string();
            if dest.is_empty()
                || dest.starts_with('/')
                || dest.contains(':')
                || !record_like(dest.rsplit('/').next().unwrap_or(""))
            {
                continue;
            }
            let target = normalise(&dir.join(percent_decode(&dest)));
            links.push(IndexLink {
                span: start + whole.start()..start + whole.end(),
                dest,
                record: by_path.get(&target).copied(),
                line: start..start + content.len(),
                first,
            });
            first = false;
        }
    }
    // A broken link names the record its file name is nearest to: that one
    // is listed (under a wrong name, reported once).
    let names: Vec<&str> = ctx
        .collection
        .records
        .iter()
        .map(Record::file_name)
        .collect();
    let mut listed: Vec<usize> = links.iter().filter_map(|l| l.record).collect();
    for link in links.iter().filter(|l| l.record.is_none()) {
        let wanted = link.dest.rsplit('/').next().unwrap_or("");
        if let Some(near) = crate::suggest::nearest(wanted, names.iter().copied()) {
            listed.extend(names.iter().position(|n| *n == near));
        }
    }
    let mut distinct: Vec<usize> = links.iter().filter_map(|l| l.record).collect();
    distinct.sort_unstable();
    distinct.dedup();
    // A README that mentions a record or two is no index.
    if distinct.len() < 2 {
        return;
    }
    let shown = format!("{}/{name}", ctx.collection.display_dir);
    let file = SourceFile::new(shown.clone(), text);
    let adopt = "or let adrift keep the index: `adrift index --check` prints the marker lines";
    for link in &links {
        match link.record {
            None if !dir.join(percent_decode(&link.dest)).exists() => {
                let wanted = link.dest.rsplit('/').next().unwrap_or("");
                let help = crate::suggest::did_you_mean(
                    wanted,
                    names.iter().copied(),
                    &format!("point the link at the record's file name; {adopt}"),
                );
                out.push(
                    Finding::new(
                        &INDEX_DRIFT,
                        format!("the index links to {}, which does not exist", link.dest),
                    )
                    .in_file(&file)
                    .at(link.span.clone())
                    .help(help),
                );
            }
            Some(i) if link.first => {
                if let Some(f) = status_contradiction(ctx, &file, link, &ctx.collection.records[i])
                {
                    out.push(f.help(format!("write the record's status in the index; {adopt}")));
                }
            }
            _ => {}
        }
    }
    let last_line = links.last().map(|l| l.line.clone()).unwrap_or(0..0);
    for (i, record) in ctx.collection.readable() {
        if listed.contains(&i) {
            continue;
        }
        out.push(
            Finding::new(
                &INDEX_DRIFT,
                format!("{} is not in the index {shown}", record.describe()),
            )
            .in_file(&file)
            .at(last_line.clone())
            .help(format!(
                "add a line for {} ({}); {adopt}",
                record.id,
                record.file_name()
            )),
        );
    }
}

/// A status the index shows for the record on the link's line that is not
/// the record's: a table cell, or a part of a list item after the link,
/// that reads as a canonical status on its own.
fn status_contradiction(
    ctx: &LintContext<'_>,
    file: &std::sync::Arc<SourceFile>,
    link: &IndexLink,
    record: &Record,
) -> Option<Finding> {
    let actual = record.canonical_status()?;
    let line = &file.text[link.line.clone()];
    let link_at = link.span.start - link.line.start;
    let link_end = link.span.end - link.line.start;
    let table = line.trim_start().starts_with('|');
    let mut parts: Vec<(usize, &str)> = Vec::new();
    if table {
        let mut at = 0;
        for cell in line.split('|') {
            let (s, e) = (at, at + cell.len());
            at = e + 1;
            // Not the cell of the link.
            if s <= link_at && link_end <= e {
                continue;
            }
            parts.push((s, cell));
        }
    } else {
        let mut at = link_end;
        for sep in LIST_SEPARATOR.find_iter(&line[link_end..]) {
            parts.push((at, &line[at..link_end + sep.start()]));
            at = link_end + sep.end();
        }
        parts.push((at, &line[at..]));
    }
    for (at, part) in parts {
        let trimmed = part.trim().trim_start_matches(['-', ':', '*', '_', ' ']);
        let trimmed = trimmed
            .strip_prefix("Status")
            .or_else(|| trimmed.strip_prefix("status"))
            .map(|t| t.trim_start_matches([':', ' ']))
            .unwrap_or(trimmed);
        if trimmed.is_empty() {
            continue;
        }
        let (Some(shown), _) = read_status(trimmed, &ctx.config.statuses) else {
            continue;
        };
        if shown == actual {
            return None;
        }
        let offset = part.find(trimmed).unwrap_or(0);
        let span_start = link.line.start + at + offset;
        return Some(
            Finding::new(
                &INDEX_DRIFT,
                format!(
                    "the index shows {} as {shown}, but the record says {actual}",
                    record.id
                ),
            )
            .in_file(file)
            .at(span_start..span_start + trimmed.len()),
        );
    }
    None
}

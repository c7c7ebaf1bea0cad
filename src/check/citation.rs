//! `citation-stale`: the project's text files citing a decision that is no
//! longer in force.
//!
//! Done on the walk `check` already makes, with one Aho-Corasick search per
//! file, built once from the stale records only (superseded, deprecated,
//! rejected): `ADR-0003`, `ADR 3`, `ADR-3` (every zero padding up to four
//! digits, ASCII case ignored) and the record's file name
//! (`adr/0003-use-mysql.md`, `[ADR 3](0003-use-mysql.md)`), plus
//! `adrift:allow=` for the waivers. When no record is stale, nothing is
//! built and no file is read for it.
//!
//! A file is searched only when it is text: its first 8,000 bytes hold no
//! NUL (git's own test) and, where something matched, it is UTF-8. Records
//! are searched in the text the collection already read; a file an
//! ecosystem read and kept is searched in that text; any other file is read
//! once, through the [`Reader`] and its size cap. A file this check cannot
//! read is left to the ecosystem that claims it (which reports it): for a
//! warning about prose, an unreadable picture is no finding.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use crate::finding::Finding;
use crate::lints::LintContext;
use crate::record::{LinkKind, Record, Status};
use crate::scan::Reader;
use crate::scan::files::{Tap, is_binary};
use crate::scan::waiver::{self, Comments};
use crate::source::{SourceFile, Span};

declare_lint! {
    /// ## What it does
    /// Warns where a project file (a code comment, a document, another
    /// record) cites a decision that is superseded, deprecated or rejected:
    /// `ADR-0003`, `ADR 3`, `ADR-3`, a path to its file
    /// (`adr/0003-use-mysql.md`) or a Markdown link to it, in any case. The
    /// message names the record that replaced it (number and title), or says
    /// that the decision was deprecated or rejected.
    ///
    /// Not reported: a record citing itself, the record that supersedes it,
    /// the `Supersedes` and `Superseded by` lines of any record, and the
    /// generated index (between `<!-- adrift:index:start -->` and
    /// `<!-- adrift:index:end -->`).
    ///
    /// ## Why is this bad?
    /// A comment that says "per ADR-0003 we use MySQL" keeps a retired
    /// decision alive: the next reader follows it to a record that no longer
    /// holds, and the code it explains may be drifting from the decision in
    /// force.
    ///
    /// ## Example
    /// ```text
    /// # Connection pooling as ADR-0003 decided.
    /// ```
    /// while ADR-0003 is superseded by ADR-0005.
    ///
    /// ## Use instead
    /// Cite the decision in force (`ADR-0005`), or remove the citation. Where
    /// the old record is cited on purpose (a history, a migration note),
    /// waive it with a reason in a comment on the line or the line above:
    /// `<!-- adrift:allow=citation-stale: the migration's history -->` or
    /// `# adrift:allow=citation-stale: <reason>`.
    pub static CITATION_STALE = {
        code: "citation-stale",
        severity: Warning,
        summary: "a file cites a superseded, deprecated or rejected record",
        check: super::reported_by_check,
    }
}

/// The widest zero padding a citation is recognised with (`ADR-0003`).
const PADDED_WIDTH: usize = 4;

/// What one pattern of the automaton stands for.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    /// `ADR-0003` and its spellings, for stale record `.0`.
    Id(usize),
    /// The record's file name.
    FileName(usize),
    /// `adrift:allow=`: a waiver may be here.
    Waiver,
}

/// A record that is no longer in force.
#[derive(Debug)]
struct Stale {
    /// Its index in the collection.
    record: usize,
    /// Records that supersede it (their own citations of it are expected).
    successors: Vec<usize>,
}

/// The search for stale citations, built once per check.
pub struct Citations {
    automaton: AhoCorasick,
    /// The same search, offered every file the ecosystems read.
    pub tap: Arc<Tap>,
    patterns: Vec<Pattern>,
    stale: Vec<Stale>,
}

/// One citation found.
struct Cited {
    span: Span,
    stale: usize,
}

impl Citations {
    /// The search, or `None` when no record is stale or the code is off (then
    /// nothing is read for it).
    pub fn new(ctx: &LintContext<'_>) -> Option<Citations> {
        ctx.config
            .severity_of(CITATION_STALE.code, CITATION_STALE.default_severity)?;
        let records = &ctx.collection.records;
        let mut stale = Vec::new();
        for (i, record) in ctx.collection.readable() {
            if !matches!(
                record.canonical_status(),
                Some(Status::Superseded | Status::Deprecated | Status::Rejected)
            ) {
                continue;
            }
            let mut successors: Vec<usize> = record
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::SupersededBy)
                .filter_map(|l| l.target)
                .collect();
            // A record that says it supersedes this one, linked back or not.
            for (j, other) in records.iter().enumerate() {
                if other
                    .links
                    .iter()
                    .any(|l| l.kind == LinkKind::Supersedes && l.target == Some(i))
                {
                    successors.push(j);
                }
            }
            successors.sort_unstable();
            successors.dedup();
            stale.push(Stale {
                record: i,
                successors,
            });
        }
        if stale.is_empty() {
            return None;
        }
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        for (s, entry) in stale.iter().enumerate() {
            let record = &records[entry.record];
            if let Some(number) = record.number {
                let digits = number.to_string().len();
                for width in digits..=PADDED_WIDTH.max(digits) {
                    for separator in ['-', ' '] {
                        texts.push(format!("adr{separator}{number:0width$}"));
                        patterns.push(Pattern::Id(s));
                    }
                }
            }
            let name = record.file_name();
            if !name.is_empty() {
                texts.push(name.to_string());
                patterns.push(Pattern::FileName(s));
            }
        }
        texts.push("adrift:allow=".to_string());
        patterns.push(Pattern::Waiver);
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .expect("citation patterns are plain strings");
        // The same strings as one literal alternation, which the regex
        // crate searches with SIMD (Teddy): a file with no match costs one
        // fast pass; the automaton then runs only on files that matched.
        let alternation: Vec<String> = texts.iter().map(|t| regex::escape(t)).collect();
        let gate = regex::bytes::RegexBuilder::new(&format!("(?i-u:{})", alternation.join("|")))
            .unicode(false)
            .size_limit(64 << 20)
            .build()
            // Too large to compile: a gate that lets every file through
            // (slower, never a citation missed).
            .unwrap_or_else(|_| regex::bytes::Regex::new("").expect("the empty regex"));
        Some(Citations {
            tap: Arc::new(Tap::new(gate)),
            automaton,
            patterns,
            stale,
        })
    }

    /// Searches the records (in the text already read) and `paths` (every
    /// other file of the walk, sorted): a file an ecosystem read was
    /// searched then (through [`Tap`]), any other is read now.
    /// Returns the findings, how many a waiver waived and how many files
    /// beside the records were looked at.
    pub fn run(
        &self,
        ctx: &LintContext<'_>,
        paths: &[PathBuf],
        reader: &Reader,
    ) -> (Vec<Finding>, usize, usize) {
        let records = &ctx.collection.records;
        let record_paths: HashSet<PathBuf> = records
            .iter()
            .map(|r| crate::config::normalise(&r.path))
            .collect();
        // A rule file bound to a stale decision is `rule-inactive`'s to report.
        let rules_dir = crate::config::normalise(&ctx.config.rules_dir);
        let others: Vec<&PathBuf> = paths
            .iter()
            .filter(|p| {
                let p = crate::config::normalise(p);
                !record_paths.contains(&p) && !p.starts_with(&rules_dir)
            })
            .collect();
        let from_records: Vec<(Vec<Finding>, usize)> = crate::parallel::map(
            &ctx.collection.readable().collect::<Vec<_>>(),
            64,
            4,
            |(i, r)| self.search(ctx, &r.source, Some((*i, r))),
        );
        let from_files: Vec<(Vec<Finding>, usize)> = crate::parallel::map(&others, 64, 4, |path| {
            crate::parallel::fault_point("citations");
            match self.tap.taken(path) {
                Some(Some(bytes)) => self.search_bytes(ctx, path, bytes, reader),
                Some(None) => Default::default(),
                None => self.search_path(ctx, path, reader),
            }
        });
        let mut findings = Vec::new();
        let mut waived = 0;
        for (found, w) in from_records.into_iter().chain(from_files) {
            findings.extend(found);
            waived += w;
        }
        (findings, waived, others.len())
    }

    /// Reads a file no ecosystem kept: only when it is text.
    fn search_path(
        &self,
        ctx: &LintContext<'_>,
        path: &Path,
        reader: &Reader,
    ) -> (Vec<Finding>, usize) {
        let Ok(bytes) = reader.read_bytes(path) else {
            return Default::default();
        };
        if is_binary(&bytes) || !self.tap.gate.is_match(&bytes) {
            return Default::default();
        }
        self.search_bytes(ctx, path, bytes, reader)
    }

    /// A text file's bytes that matched.
    fn search_bytes(
        &self,
        ctx: &LintContext<'_>,
        path: &Path,
        bytes: Vec<u8>,
        reader: &Reader,
    ) -> (Vec<Finding>, usize) {
        match SourceFile::from_bytes(reader.display(path), bytes) {
            (file, None) => self.search(ctx, &file, None),
            // Not UTF-8: not a text file adrift can point into.
            (_, Some(_)) => Default::default(),
        }
    }

    /// The citations and waivers of one file.
    fn search(
        &self,
        ctx: &LintContext<'_>,
        file: &Arc<SourceFile>,
        record: Option<(usize, &Record)>,
    ) -> (Vec<Finding>, usize) {
        let text = file.text.as_str();
        let bytes = text.as_bytes();
        let mut cited: Vec<Cited> = Vec::new();
        let mut has_waiver = false;
        for m in self.automaton.find_iter(bytes) {
            let (mut start, end) = (m.start(), m.end());
            let stale = match self.patterns[m.pattern().as_usize()] {
                Pattern::Waiver => {
                    has_waiver = true;
                    continue;
                }
                Pattern::Id(s) => {
                    // `MADR-3`, `ADR-30`, `ADR-3a` are not `ADR-3`.
                    if start > 0 && is_word(bytes[start - 1])
                        || bytes.get(end).is_some_and(|&b| is_word(b))
                    {
                        continue;
                    }
                    s
                }
                Pattern::FileName(s) => {
                    if start > 0 && (is_word(bytes[start - 1]) || bytes[start - 1] == b'-')
                        || bytes.get(end).is_some_and(|&b| is_word(b))
                    {
                        continue;
                    }
                    // The whole path: `docs/adr/0003-x.md`, `../adr/0003-x.md`.
                    while start > 0
                        && (is_word(bytes[start - 1]) || b"./\\~-".contains(&bytes[start - 1]))
                    {
                        start -= 1;
                    }
                    s
                }
            };
            if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            if let Some((index, r)) = record
                && self.expected_in_record(stale, index, r, start)
            {
                continue;
            }
            cited.push(Cited {
                span: markdown_link_around(text, start..end),
                stale,
            });
        }
        if cited.is_empty() && !has_waiver {
            return Default::default();
        }
        // The generated index cites every record, stale or not.
        if let Some(index) = generated_index(text) {
            cited.retain(|c| !(index.start <= c.span.start && c.span.end <= index.end));
        }
        // `[ADR 3](0003-x.md)` is one citation, however many names it holds.
        cited.dedup_by(|b, a| a.span == b.span && a.stale == b.stale);

        let waivers: Vec<waiver::Waiver> = if has_waiver {
            waiver::find(file, Comments::AnyText)
                .into_iter()
                .filter(|w| w.rule == CITATION_STALE.code)
                .collect()
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        let valid: Vec<bool> = waivers
            .iter()
            .map(|w| match waiver_problem(w, ctx.today) {
                Some((code, message, help)) => {
                    let mut f = Finding::new(code, message)
                        .in_file(file)
                        .at(w.span.clone())
                        .help(help);
                    f.rule = Some(w.rule.clone());
                    out.push(f);
                    false
                }
                None => true,
            })
            .collect();
        let mut used = vec![false; waivers.len()];
        let mut waived = 0;
        for c in &cited {
            let line = file.line_col(c.span.start).line;
            if let Some(i) = (0..waivers.len())
                .find(|&i| valid[i] && (waivers[i].line == line || waivers[i].line + 1 == line))
            {
                used[i] = true;
                waived += 1;
                continue;
            }
            out.push(self.finding(ctx, file, c));
        }
        for (i, w) in waivers.iter().enumerate() {
            if valid[i] && !used[i] {
                let mut f = Finding::new(
                    &super::waiver_unused::WAIVER_UNUSED,
                    "waiver for citation-stale waives nothing here",
                )
                .in_file(file)
                .at(w.span.clone())
                .help("remove it; a citation-stale waiver applies to a citation on its own line or the line below");
                f.rule = Some(w.rule.clone());
                out.push(f);
            }
        }
        (out, waived)
    }

    /// Whether record `r` (index `index`) may cite stale record `stale` at
    /// `offset`: itself, its successor, or its links that say so.
    fn expected_in_record(&self, stale: usize, index: usize, r: &Record, offset: usize) -> bool {
        let entry = &self.stale[stale];
        entry.record == index
            || entry.successors.contains(&index)
            || r.links.iter().any(|l| {
                matches!(l.kind, LinkKind::Supersedes | LinkKind::SupersededBy)
                    && l.span.start <= offset
                    && offset < l.span.end
            })
    }

    fn finding(&self, ctx: &LintContext<'_>, file: &Arc<SourceFile>, c: &Cited) -> Finding {
        let records = &ctx.collection.records;
        let entry = &self.stale[c.stale];
        let record = &records[entry.record];
        let quoted = |r: &Record| format!("{} \"{}\"", r.id, r.title_text());
        let waive = "or waive it with a reason in a comment on this line or the line above: `adrift:allow=citation-stale: <reason>`";
        let (why, help) = match record.canonical_status() {
            Some(Status::Superseded) if !entry.successors.is_empty() => {
                let names: Vec<String> = entry
                    .successors
                    .iter()
                    .map(|&s| quoted(&records[s]))
                    .collect();
                let mut why = format!("superseded by {}", names.join(" and "));
                let current = in_force(records, &self.stale, entry);
                if let Some(current) = current.filter(|c| !entry.successors.contains(c)) {
                    why.push_str(&format!(
                        " (itself replaced: the decision in force is {})",
                        quoted(&records[current])
                    ));
                }
                let cite = current.unwrap_or(entry.successors[0]);
                (why, format!("cite {} instead, {waive}", records[cite].id))
            }
            Some(Status::Superseded) => (
                "superseded (no record says by which)".to_string(),
                format!(
                    "cite the decision in force instead (add `Superseded by` to {} to name it), {waive}",
                    record.id
                ),
            ),
            Some(Status::Deprecated) => (
                "deprecated".to_string(),
                format!(
                    "the decision is no longer in force: remove or update the citation, {waive}"
                ),
            ),
            _ => (
                "rejected".to_string(),
                format!("the decision was never in force: remove or update the citation, {waive}"),
            ),
        };
        let mut f = Finding::new(
            &CITATION_STALE,
            format!("cites {}, which is {why}", quoted(record)),
        )
        .in_file(file)
        .at(c.span.clone())
        .help(help);
        f.decision = Some(record.id.clone());
        f.key = Some(format!("cites {}", record.id));
        f
    }
}

/// Follows `superseded by` from a stale record to the first record in force
/// (the first successor each time; a loop gives `None`).
fn in_force<'s>(records: &[Record], stale: &'s [Stale], mut entry: &'s Stale) -> Option<usize> {
    let mut seen = HashSet::new();
    loop {
        let next = *entry.successors.first()?;
        if !seen.insert(next) {
            return None;
        }
        match stale.iter().find(|s| s.record == next) {
            Some(s) if records[next].canonical_status() == Some(Status::Superseded) => entry = s,
            _ => return Some(next),
        }
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A waiver that cannot waive: no reason, a bad or past `until` date.
fn waiver_problem(
    w: &waiver::Waiver,
    today: jiff::civil::Date,
) -> Option<(&'static crate::lints::Lint, String, String)> {
    if w.reason.is_none() {
        return Some((
            &super::waiver_invalid::WAIVER_INVALID,
            format!("waiver for {} gives no reason", w.rule),
            format!("say why after a colon: adrift:allow={}: <reason>", w.rule),
        ));
    }
    match &w.until {
        Some(Err(_)) => Some((
            &super::waiver_invalid::WAIVER_INVALID,
            format!(
                "waiver for {} has an until date that is not YYYY-MM-DD",
                w.rule
            ),
            "write the date as YYYY-MM-DD".to_string(),
        )),
        Some(Ok(until)) if *until < today => Some((
            &super::waiver_expired::WAIVER_EXPIRED,
            format!("waiver for {} expired on {until}", w.rule),
            "update the citation and remove the waiver, or agree a new date".to_string(),
        )),
        _ => None,
    }
}

/// The span of the Markdown inline link `[text](dest)` on the same line
/// that holds `span`, else `span`.
fn markdown_link_around(text: &str, span: Span) -> Span {
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[[^\[\]\n]*\]\([^()\s]*\)").expect("link regex"));
    // A link is short: look within a bounded window of the line, so a
    // file of one long line with many citations (minified HTML, a lock)
    // stays linear.
    const REACH: usize = 1024;
    let mut from = span.start.saturating_sub(REACH);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (span.end + REACH).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    let line_start = text[from..span.start]
        .rfind('\n')
        .map_or(from, |i| from + i + 1);
    let line_end = text[span.end..to].find('\n').map_or(to, |i| span.end + i);
    LINK.find_iter(&text[line_start..line_end])
        .map(|m| line_start + m.start()..line_start + m.end())
        .find(|link| link.start <= span.start && span.end <= link.end)
        .unwrap_or(span)
}

/// The bytes between the index markers, if the file has them.
fn generated_index(text: &str) -> Option<Span> {
    let start = text.find(crate::author::index::START)?;
    let end = text[start..]
        .find(crate::author::index::END)
        .map_or(text.len(), |i| start + i);
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_in_a_link_is_the_whole_link() {
        let text = "see [ADR 3](0003-x.md) now\n";
        let at = text.find("ADR 3").unwrap();
        assert_eq!(markdown_link_around(text, at..at + 5), 4..22);
        let at = text.find("0003").unwrap();
        assert_eq!(markdown_link_around(text, at..at + 9), 4..22);
        assert_eq!(markdown_link_around("ADR 3\n", 0..5), 0..5);
    }

    #[test]
    fn the_index_is_between_its_markers() {
        let text = "a\n<!-- adrift:index:start -->\nADR-3\n<!-- adrift:index:end -->\nADR-3\n";
        let span = generated_index(text).unwrap();
        assert!(span.contains(&text.find("ADR-3").unwrap()));
        assert!(!span.contains(&text.rfind("ADR-3").unwrap()));
    }
}

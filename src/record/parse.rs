//! The record parser: Markdown in, [`Record`] out, never an error.
//!
//! pulldown-cmark finds the headings, code blocks, HTML and links (so that a
//! `Status:` inside a code block is never read as the status); the lines
//! under the title and inside the `Status`, `Date` and `Links` sections are
//! then read with their byte spans. Every field keeps the span it came from.

use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::front_matter::{self, FrontMatterField};
use super::lookalike::{self, original_offset};
use super::status::{StatusMap, read_status};
use super::{
    BodyLink, DateField, Dialect, FieldSource, Link, LinkKind, Lookalike, LookalikeField,
    OversizedNumber, Record, Section, StatusField, Title, date::parse_date, heading_key,
};
use crate::source::{SourceFile, Span};

/// Files beside the records that are not records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IgnoredKind {
    Template,
    Index,
}

/// Tells templates and indexes (`template.md`, `0000-TEMPLATE.md`,
/// `adr-template.md`, `ODH-ADR-0000-template.md`, `README.md`, `index.md`)
/// from records.
pub fn classify_file_name(name: &str) -> Option<IgnoredKind> {
    let lower = name.to_ascii_lowercase();
    let stem = lower
        .strip_suffix(".md")
        .or_else(|| lower.strip_suffix(".markdown"))
        .unwrap_or(&lower);
    if matches!(stem, "readme" | "index" | "_index" | "toc" | "summary") {
        return Some(IgnoredKind::Index);
    }
    if let Some(before) = stem.strip_suffix("template") {
        let before = before.trim_end_matches(['-', '_', '.', ' ']);
        // Number zero, whatever the collection's prefix (`ODH-ADR-0000-template.md`).
        let last = before.rsplit(['-', '_', '.', ' ']).next().unwrap_or("");
        if before.is_empty()
            || before == "adr"
            || before.bytes().all(|b| b.is_ascii_digit())
            || (!last.is_empty() && last.bytes().all(|b| b == b'0'))
        {
            return Some(IgnoredKind::Template);
        }
    }
    if stem.starts_with("template") {
        return Some(IgnoredKind::Template);
    }
    None
}

static TITLE_PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:adr|rfc|dr|decision)\s*-?\s*#?(\d+)\b\s*(?:[:.)-]\s*)?(.*)$").unwrap()
});
static TITLE_NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#?(\d+)(?:[.:)]|\s*-\s|\s*-$|\s+|$)\s*(.*)$").unwrap());
static TITLE_LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:architecture decision record|decision record|adr)\s*:\s*(.*)$").unwrap()
});
static LINK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?i)(supersedes|supercedes|superseded\s+by|superceded\s+by|replaces|replaced\s+by|amends|amended\s+by|relates\s+to|related\s+to)\b\s*:?\s*(.*)$",
    )
    .unwrap()
});
static MD_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)"#).unwrap());
static META_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i)(status|date)\b(\s*:\s*|\s+)(.*)$").unwrap());

/// The number a file stem or link label carries (`0012-x`, `adr-012-x`,
/// `ADR-0012`), or `None` for date-named and unnumbered names.
pub fn number_in_name(stem: &str) -> Option<u32> {
    number_digits_in_name(stem)?.parse().ok()
}

/// The digits of the number a file stem or link label carries, however
/// many (a number above `u32::MAX` is reported, not read): what the
/// expression `^(?i:adr|rfc|dr)?[-_ ]?#?0*(\d+)(?:[-_. ]|$)` captures,
/// unless the stem is date-named. Written out: it runs for every record
/// and every link.
fn number_digits_in_name(stem: &str) -> Option<&str> {
    if is_date_named(stem) {
        return None;
    }
    let bytes = stem.as_bytes();
    let after_prefix = ["adr", "rfc", "dr"]
        .iter()
        .find(|p| bytes.len() >= p.len() && bytes[..p.len()].eq_ignore_ascii_case(p.as_bytes()))
        .map_or(0, |p| p.len());
    // With the prefix, else without it (`dr` never starts a stem that
    // another prefix starts, so one fallback is all the expression tries).
    digits_after(stem, after_prefix).or_else(|| {
        if after_prefix > 0 {
            digits_after(stem, 0)
        } else {
            None
        }
    })
}

/// `[-_ ]?#?0*(\d+)(?:[-_. ]|$)` from byte `at`: the digits.
fn digits_after(stem: &str, mut at: usize) -> Option<&str> {
    let bytes = stem.as_bytes();
    if matches!(bytes.get(at), Some(b'-' | b'_' | b' ')) {
        at += 1;
    }
    if bytes.get(at) == Some(&b'#') {
        at += 1;
    }
    let run = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if run == 0 || !matches!(bytes.get(at + run), None | Some(b'-' | b'_' | b'.' | b' ')) {
        return None;
    }
    // Leading zeros go, but not the last digit (`000` is 0).
    let zeros = bytes[at..at + run - 1]
        .iter()
        .take_while(|&&b| b == b'0')
        .count();
    Some(&stem[at + zeros..at + run])
}

/// Whether a file stem starts with a date (`20200924-slug`, `2020-09-24-slug`)
/// of this century or the last: `^(19|20)\d\d-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])([-_ ]|$)`.
/// Record numbers of eight digits that are no such date (`10000000-x.md`)
/// stay numbers.
pub fn is_date_named(stem: &str) -> bool {
    let b = stem.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut at = 0;
    let two = |at: &mut usize| -> Option<(u8, u8)> {
        if *at < b.len() && b[*at] == b'-' && *at > 0 && *at != 2 {
            *at += 1;
        }
        let pair = (digit(*at) && digit(*at + 1)).then(|| (b[*at] - b'0', b[*at + 1] - b'0'));
        *at += 2;
        pair
    };
    let (Some(century), Some(_)) = (two(&mut at), two(&mut at)) else {
        return false;
    };
    if !matches!(century, (1, 9) | (2, 0)) {
        return false;
    }
    let (Some(month), Some(day)) = (two(&mut at), two(&mut at)) else {
        return false;
    };
    let month = month.0 * 10 + month.1;
    let day = day.0 * 10 + day.1;
    (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && matches!(b.get(at), None | Some(b'-' | b'_' | b' '))
}

struct Heading {
    level: u8,
    span: Span,
}

/// What the Markdown pass found.
struct Outline {
    headings: Vec<Heading>,
    /// Code blocks and HTML blocks: nothing in them is read as a field.
    excluded: Vec<Span>,
    links: Vec<BodyLink>,
}

fn outline(text: &str, body_start: usize) -> Outline {
    let body = &text[body_start..];
    let mut out = Outline {
        headings: Vec::new(),
        excluded: Vec::new(),
        links: Vec::new(),
    };
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        let span = range.start + body_start..range.end + body_start;
        match event {
            Event::Start(Tag::Heading { level, .. }) => out.headings.push(Heading {
                level: level as u8,
                span,
            }),
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                out.excluded.push(span)
            }
            Event::Start(Tag::Link { dest_url, .. }) => out.links.push(BodyLink {
                // (Not `to_string`: formatting machinery for a copy.)
                dest: dest_url.into_string(),
                span,
            }),
            Event::End(TagEnd::Heading(_)) => {}
            _ => {}
        }
    }
    out.excluded = merge_spans(out.excluded);
    out
}

/// `spans` sorted by start, overlapping and touching ones merged: a list a
/// forward-moving cursor can test line starts against ([`SpanCursor`]).
fn merge_spans(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_unstable_by_key(|s| s.start);
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// Answers "is this offset inside one of the spans?" for offsets that only
/// grow, in amortised constant time (spans sorted and disjoint).
struct SpanCursor<'a> {
    spans: &'a [Span],
    next: usize,
}

impl<'a> SpanCursor<'a> {
    fn new(spans: &'a [Span]) -> Self {
        SpanCursor { spans, next: 0 }
    }

    fn contains(&mut self, offset: usize) -> bool {
        while self.next < self.spans.len() && self.spans[self.next].end <= offset {
            self.next += 1;
        }
        self.spans
            .get(self.next)
            .is_some_and(|s| s.start <= offset && offset < s.end)
    }
}

/// The span of a heading's text: its first line without `#` marks.
fn heading_text_span(text: &str, span: &Span) -> Span {
    let line_end = text[span.start..span.end]
        .find('\n')
        .map(|i| span.start + i)
        .unwrap_or(span.end);
    let line = &text[span.start..line_end];
    let lead = line.len() - line.trim_start().len();
    let after_hashes = line[lead..].trim_start_matches('#');
    let mut start = span.start + lead + (line[lead..].len() - after_hashes.len());
    let mut content = &text[start..line_end];
    let trimmed_front = content.trim_start();
    start += content.len() - trimmed_front.len();
    content = trimmed_front.trim_end();
    // A closing sequence of `#` preceded by a space is not part of the text.
    let without_closing = content.trim_end_matches('#');
    if without_closing.len() < content.len()
        && (without_closing.is_empty() || without_closing.ends_with([' ', '\t']))
    {
        content = without_closing.trim_end();
    }
    start..start + content.len()
}

/// Lines of `span` outside excluded blocks, with `<!-- -->` comments cut
/// off and list markers and emphasis around a leading label removed.
fn content_lines<'a>(
    text: &'a str,
    span: Span,
    excluded: &'a [Span],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut pos = span.start;
    let mut in_excluded = SpanCursor::new(excluded);
    std::iter::from_fn(move || {
        while pos < span.end {
            let rest = &text[pos..span.end];
            // Lines end in `\n`, `\r\n` or (old Mac files) `\r`.
            let (line, advance) = match rest.find(['\n', '\r']) {
                Some(i) if rest[i..].starts_with("\r\n") => (&rest[..i], i + 2),
                Some(i) => (&rest[..i], i + 1),
                None => (rest, rest.len()),
            };
            let start = pos;
            pos += advance;
            if in_excluded.contains(start) {
                continue;
            }
            if let Some(content) = content_line(start, line) {
                return Some(content);
            }
        }
        None
    })
}

/// The line starting at byte `start` as [`content_lines`] reads it: `None`
/// when nothing is left of it.
fn content_line(start: usize, line: &str) -> Option<(usize, &str)> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    // (`<` first: a byte search is far cheaper than a substring one.)
    let line = match line.as_bytes().contains(&b'<') {
        true => line.find("<!--").map_or(line, |i| &line[..i]),
        false => line,
    };
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let unmarked = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("* "))
        .or_else(|| trimmed.strip_prefix("+ "))
        .unwrap_or(trimmed)
        .trim_start();
    Some((start + offset_in(line, unmarked), unmarked))
}

/// The lines of `text` from `from` on that hold `](` (every Markdown link
/// does), as [`content_lines`] reads them: one byte search through the
/// text instead of a look at every line.
fn lines_with_links<'a>(
    text: &'a str,
    from: usize,
    excluded: &'a [Span],
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    let mut in_excluded = SpanCursor::new(excluded);
    // `line_floor` starts the line `pos` is in (or an earlier one): the
    // search back for a line's start never passes it, so no byte is looked
    // at twice.
    let (mut pos, mut line_floor) = (from, from);
    std::iter::from_fn(move || {
        while let Some(i) = text[pos..].find(']') {
            let at = pos + i;
            if text.as_bytes().get(at + 1) != Some(&b'(') {
                pos = at + 1;
                continue;
            }
            let start = text[line_floor..at]
                .rfind('\n')
                .map_or(line_floor, |j| line_floor + j + 1);
            let end = text[at..].find('\n').map_or(text.len(), |j| at + j);
            pos = (end + 1).min(text.len());
            line_floor = pos;
            if in_excluded.contains(start) {
                continue;
            }
            if let Some(content) = content_line(start, &text[start..end]) {
                return Some(content);
            }
        }
        None
    })
}

/// The byte offset of `part` within `whole`; both must be slices of one string.
fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// `**Status:** x` and `**Status**: x` read as `Status: x`.
fn strip_label_emphasis(line: &str) -> String {
    line.replacen("**", "", 2).replacen("__", "", 2)
}

/// The bytes of `line` that [`strip_label_emphasis`] removes, in order:
/// with them, an offset into the stripped text maps back into the line.
fn emphasis_removed(line: &str) -> Vec<usize> {
    let first: Vec<usize> = line
        .match_indices("**")
        .take(2)
        .flat_map(|(i, _)| [i, i + 1])
        .collect();
    let stripped = line.replacen("**", "", 2);
    let mut removed: Vec<usize> = stripped
        .match_indices("__")
        .take(2)
        .flat_map(|(i, _)| [i, i + 1])
        .map(|i| unstripped_offset(i, &first))
        .collect();
    removed.extend(first);
    removed.sort_unstable();
    removed
}

/// The offset in the original text of byte `offset` of a text from which
/// the bytes at `removed` (sorted) were taken out.
fn unstripped_offset(offset: usize, removed: &[usize]) -> usize {
    let mut at = offset;
    for &r in removed {
        if r <= at {
            at += 1;
        } else {
            break;
        }
    }
    at
}

/// The link a line states, if it starts with a link keyword.
fn link_line(line: &str, span: Span) -> Option<Link> {
    // Every keyword starts with one of these: most lines need no expression
    // (one that starts otherwise outside ASCII still gets it: `(?i)` folds
    // `ſ` to `s`).
    let head = &line.as_bytes()[..line.len().min(3)];
    if head.is_ascii()
        && !matches!(
            &*head.to_ascii_lowercase(),
            b"sup" | b"ame" | b"rel" | b"rep"
        )
    {
        return None;
    }
    let caps = LINK_LINE.captures(line)?;
    let keyword = caps[1].to_ascii_lowercase();
    let keyword: String = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
    let kind = match keyword.as_str() {
        "supersedes" | "supercedes" | "replaces" => LinkKind::Supersedes,
        "superseded by" | "superceded by" | "replaced by" => LinkKind::SupersededBy,
        "amends" => LinkKind::Amends,
        "amended by" => LinkKind::AmendedBy,
        _ => LinkKind::RelatesTo,
    };
    Some(link_to(kind, &caps[2], span))
}

/// A link of `kind` to what `rest` names: a Markdown link or a reference.
fn link_to(kind: LinkKind, rest: &str, span: Span) -> Link {
    let (label, path) = match MD_LINK.captures(rest) {
        Some(c) => (c[1].trim().to_string(), Some(c[2].to_string())),
        None => (rest.trim().trim_end_matches('.').trim().to_string(), None),
    };
    let number = path
        .as_deref()
        .and_then(|p| p.rsplit('/').next())
        .and_then(number_in_name)
        .or_else(|| number_in_name(label.trim_start_matches(['#', ' '])));
    Link {
        kind,
        path,
        label,
        number,
        span,
        target: None,
    }
}

/// The supersede links a status line states in other words than a line of
/// its own: `Superseded, replaced by [ADR-7](…)`, `Accepted (replaces
/// ADR-0003)`, `Superseded [0019](…)` (a target without a keyword).
fn links_in_status(text: &str, span: &Span, canonical: Option<super::Status>) -> Vec<Link> {
    const KEYWORDS: [(&str, LinkKind); 6] = [
        ("superseded by ", LinkKind::SupersededBy),
        ("superceded by ", LinkKind::SupersededBy),
        ("replaced by ", LinkKind::SupersededBy),
        ("supersedes ", LinkKind::Supersedes),
        ("supercedes ", LinkKind::Supersedes),
        ("replaces ", LinkKind::Supersedes),
    ];
    // ASCII lower case keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut out: Vec<Link> = Vec::new();
    for (word, kind) in KEYWORDS {
        let mut from = 0;
        while let Some(i) = lower[from..].find(word).map(|i| from + i) {
            from = i + word.len();
            let at_word_start = lower[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if !at_word_start {
                continue;
            }
            if let Some(link) = status_target(kind, &text[from..], span)
                && !out.iter().any(|l| l.kind == kind)
            {
                out.push(link);
            }
        }
    }
    if canonical == Some(super::Status::Superseded)
        && !out.iter().any(|l| l.kind == LinkKind::SupersededBy)
    {
        let at = lower.find("supersed").or_else(|| lower.find("superced"));
        if let Some(at) = at {
            let rest = text[at..]
                .trim_start_matches(|c: char| c.is_alphabetic())
                .trim_start();
            if let Some(link) = status_target(LinkKind::SupersededBy, rest, span) {
                out.push(link);
            }
        }
    }
    out
}

/// The record named at the start of `rest`: a Markdown link, or a
/// reference (`ADR-0003`, `#12`, `0019`) up to the next space or mark.
fn status_target(kind: LinkKind, rest: &str, span: &Span) -> Option<Link> {
    let rest = rest.trim_start();
    let link = if rest.starts_with('[') {
        let c = MD_LINK
            .captures(rest)
            .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))?;
        link_to(kind, c.get(0).map_or("", |m| m.as_str()), span.clone())
    } else {
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '('))
            .unwrap_or(rest.len());
        link_to(kind, &rest[..end], span.clone())
    };
    (link.path.is_some() || link.number.is_some()).then_some(link)
}

/// `^(?i)(status|date)\b(\s*:\s*|\s+)(.*)$`: the key (`status` or `date`),
/// whether a colon follows it, and where the value starts. Read by hand
/// where the line's start is ASCII (it runs for every line under a title);
/// the expression reads the rest.
fn meta_line(plain: &str) -> Option<(&'static str, bool, usize)> {
    let bytes = plain.as_bytes();
    if !bytes[..bytes.len().min(7)].is_ascii() || plain.contains('\n') {
        let caps = META_LINE.captures(plain)?;
        let key = match caps[1].to_ascii_lowercase().as_str() {
            "status" => "status",
            "date" => "date",
            _ => return None,
        };
        let value_at = caps.get(3).map(|m| m.start()).unwrap_or(plain.len());
        return Some((key, caps[2].contains(':'), value_at));
    }
    let (key, len) = if bytes.len() >= 6 && bytes[..6].eq_ignore_ascii_case(b"status") {
        ("status", 6)
    } else if bytes.len() >= 4 && bytes[..4].eq_ignore_ascii_case(b"date") {
        ("date", 4)
    } else {
        return None;
    };
    if bytes
        .get(len)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    {
        return None;
    }
    let rest = &plain[len..];
    let after_space = rest.trim_start();
    if let Some(value) = after_space.strip_prefix(':') {
        return Some((key, true, plain.len() - value.trim_start().len()));
    }
    (after_space.len() < rest.len()).then(|| (key, false, plain.len() - after_space.len()))
}

/// A row of a metadata table under the title (`| Status | Draft |`, as
/// Open Data Hub's records keep their fields): the key of its first cell
/// (`status` or `date`, emphasis and a colon around it allowed), and where
/// the second cell's text starts in `line`, with that text.
fn table_row(line: &str) -> Option<(&'static str, usize, &str)> {
    let rest = line.strip_prefix('|')?;
    let (key, after) = rest.split_once('|')?;
    let key = key.trim().trim_matches(['*', '_']).trim_end_matches(':');
    let key = if key.eq_ignore_ascii_case("status") {
        "status"
    } else if key.eq_ignore_ascii_case("date") {
        "date"
    } else {
        return None;
    };
    let cell = after.split('|').next().unwrap_or(after);
    let value = cell.trim();
    let value_at = line.len() - after.len() + (cell.len() - cell.trim_start().len());
    Some((key, value_at, value))
}

/// `^#?(\d+)(?:[.:)]|\s*-\s|\s*-$|\s+|$)\s*(.*)$` on a title: the digits and
/// where the title text starts (`# 23 Logging` is read as `# 23. Logging`). Read by hand where the digits are ASCII;
/// the expression reads the rest.
fn title_numbered(norm: &str) -> Option<(Span, usize)> {
    let bytes = norm.as_bytes();
    let start = usize::from(bytes.first() == Some(&b'#'));
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
    if bytes.get(end).is_some_and(|b| !b.is_ascii()) || norm.contains('\n') {
        let c = TITLE_NUMBERED.captures(norm)?;
        let digits = c.get(1).expect("group 1").range();
        return Some((digits, c.get(2).map(|g| g.start()).unwrap_or(norm.len())));
    }
    if end == start {
        return None;
    }
    let text_at = |rest: &str| norm.len() - rest.trim_start().len();
    let rest = &norm[end..];
    match rest.as_bytes().first() {
        None => Some((start..end, norm.len())),
        Some(b'.' | b':' | b')') => Some((start..end, text_at(&rest[1..]))),
        Some(_) => {
            let trimmed = rest.trim_start();
            let spaced = trimmed.len() < rest.len();
            match trimmed.strip_prefix('-').map(|a| (a, a.chars().next())) {
                Some((_, None)) => Some((start..end, norm.len())),
                Some((after_dash, Some(c))) if c.is_whitespace() => {
                    Some((start..end, text_at(after_dash)))
                }
                _ if spaced => Some((start..end, text_at(rest))),
                _ => None,
            }
        }
    }
}

/// Reads one record. Never fails.
pub fn parse_record(path: PathBuf, source: Arc<SourceFile>, statuses: &StatusMap) -> Record {
    let text = source.text.as_str();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let fm = front_matter::read(text, start);
    let outline = outline(text, fm.body_start);

    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let mut oversized = Vec::new();
    let file_digits = number_digits_in_name(&stem);
    let file_number = file_digits.and_then(|d| d.parse().ok());
    if let (Some(digits), None) = (file_digits, file_number) {
        oversized.push(OversizedNumber {
            digits: digits.to_string(),
            source: FieldSource::FileName,
            span: None,
        });
    }
    let mut lookalikes = Vec::new();

    // The title: the first H1, else front matter `title`.
    let title_at = outline.headings.iter().position(|h| h.level == 1);
    let mut title_prefixed = false;
    let title = match title_at {
        Some(i) => {
            let span = heading_text_span(text, &outline.headings[i].span);
            let (title, prefixed) = read_title(text, span, &mut lookalikes, &mut oversized);
            title_prefixed = prefixed;
            Some(title)
        }
        None => fm.fields.iter().find(|f| f.key == "title").map(|f| Title {
            text: f.value.clone(),
            raw: f.value.clone(),
            span: f.value_span.clone(),
            text_span: f.value_span.clone(),
            number: None,
            source: FieldSource::FrontMatter,
        }),
    };

    // Sections: every heading but the title's.
    let mut sections = Vec::new();
    for (i, h) in outline.headings.iter().enumerate() {
        if Some(i) == title_at {
            continue;
        }
        let end = outline.headings[i + 1..]
            .iter()
            .find(|next| next.level <= h.level)
            .map(|next| next.span.start)
            .unwrap_or(text.len());
        let heading_span = heading_text_span(text, &h.span);
        let heading = strip_html_comment(&text[heading_span.clone()]);
        sections.push(Section {
            key: heading_key(&heading),
            heading,
            level: h.level,
            heading_span,
            body_span: h.span.end.min(end)..end,
        });
    }

    // The preamble: between the title and the first section.
    let preamble_start = title_at
        .map(|i| outline.headings[i].span.end)
        .unwrap_or(fm.body_start);
    let preamble_end = outline
        .headings
        .iter()
        .find(|h| h.span.start >= preamble_start)
        .map(|h| h.span.start)
        .unwrap_or(text.len());

    let mut status: Option<StatusField> = None;
    let mut date: Option<(String, Span, FieldSource)> = None;
    let mut links = Vec::new();
    let mut bullet_metadata = false;
    let mut line_date = false;

    let set_status = |status: &mut Option<StatusField>, line: &str, span: Span, source| {
        if status.is_none() {
            let (canonical, key) = read_status(line, statuses);
            *status = Some(StatusField {
                canonical,
                text: line.to_string(),
                key,
                span,
                source,
            });
        }
    };

    // `## Status` section.
    if let Some(section) = sections.iter().find(|s| s.key() == "status") {
        let mut lines =
            content_lines(text, section.body_span.clone(), &outline.excluded).peekable();
        while let Some((at, line)) = lines.next() {
            let span = at..at + line.len();
            let mut link = link_line(line, span.clone());
            // `Superseded by` with its target on the next line of the same
            // paragraph (a soft break, as the Guardian's records write it).
            if let Some(l) = &mut link
                && l.label.is_empty()
                && l.path.is_none()
                && let Some(&(next_at, next)) = lines.peek()
                && text[span.end..next_at]
                    .replace("\r\n", "\n")
                    .matches(['\n', '\r'])
                    .count()
                    <= 1
            {
                let joined = link_to(l.kind, next, at..next_at + next.len());
                if joined.path.is_some() || joined.number.is_some() {
                    *l = joined;
                    lines.next();
                }
            }
            // A keyword with nothing after it names no record: the status
            // alone (superseded-without-target says what is missing).
            if link
                .as_ref()
                .is_some_and(|l| l.label.is_empty() && l.path.is_none())
            {
                link = None;
            }
            if let Some(link) = link {
                if link.kind == LinkKind::SupersededBy {
                    set_status(&mut status, line, span.clone(), FieldSource::Section);
                }
                links.push(link);
            } else if status.is_none() {
                set_status(&mut status, line, span.clone(), FieldSource::Section);
            }
        }
    }
    // `## Date` section.
    if let Some(section) = sections.iter().find(|s| s.key() == "date")
        && let Some((at, line)) =
            content_lines(text, section.body_span.clone(), &outline.excluded).next()
    {
        date = Some((line.to_string(), at..at + line.len(), FieldSource::Section));
    }
    // Lines and bullets under the title.
    if preamble_start < preamble_end {
        for (at, line) in content_lines(text, preamble_start..preamble_end, &outline.excluded) {
            let span = at..at + line.len();
            let bullet = at > 0 && {
                let before = text[..at].trim_end_matches([' ', '\t']);
                before.ends_with(['-', '*', '+'])
            };
            if let Some((key, value_at, value)) = table_row(line) {
                let value_span = at + value_at..at + value_at + value.len();
                match key {
                    "status" => set_status(&mut status, value, value_span, FieldSource::Line),
                    "date" if date.is_none() && !value.is_empty() => {
                        date = Some((value.to_string(), value_span, FieldSource::Line));
                    }
                    _ => {}
                }
                continue;
            }
            if let Some(link) = link_line(line, span.clone()) {
                links.push(link);
                continue;
            }
            // `status` or `date`, perhaps after emphasis (`**Status:**`).
            if line
                .trim_start_matches(['*', '_'])
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii() && !matches!(c, 's' | 'S' | 'd' | 'D'))
            {
                continue;
            }
            let plain = strip_label_emphasis(line);
            let Some((key, has_colon, value_in_plain)) = meta_line(&plain) else {
                continue;
            };
            // Map the value back into `line` (emphasis removal shifted it).
            let value = plain[value_in_plain..].trim();
            let value_span = match line.rfind(value).filter(|_| !value.is_empty()) {
                Some(i) => at + i..at + i + value.len(),
                // Emphasis inside the value (`2024**-01`): from its first
                // byte to its last in the line, emphasis included.
                None if value.is_empty() => at + line.len()..at + line.len(),
                None => {
                    let removed = emphasis_removed(line);
                    let first = offset_in(&plain, value);
                    let start = unstripped_offset(first, &removed);
                    let end = unstripped_offset(first + value.len() - 1, &removed) + 1;
                    at + start..at + end
                }
            };
            match key {
                "status" if has_colon => {
                    bullet_metadata |= bullet;
                    if status.is_none() {
                        set_status(&mut status, value, value_span.clone(), FieldSource::Line);
                    }
                }
                "date" if has_colon || value.starts_with(|c: char| c.is_ascii_digit()) => {
                    bullet_metadata |= bullet;
                    line_date |= !bullet;
                    if date.is_none() {
                        date = Some((value.to_string(), value_span, FieldSource::Line));
                    }
                }
                _ => {}
            }
        }
    }
    // A `## Links` section (log4brains, MADR 2).
    if let Some(section) = sections.iter().find(|s| s.key() == "links") {
        for (at, line) in content_lines(text, section.body_span.clone(), &outline.excluded) {
            if let Some(link) = link_line(line, at..at + line.len()) {
                links.push(link);
            }
        }
    }
    // Elsewhere in the body, a line that starts with a link keyword and a
    // Markdown link states a link too (MADR 4 keeps them in any section).
    let scanned = merge_spans(
        sections
            .iter()
            .filter(|s| matches!(s.key(), "status" | "links"))
            .map(|s| s.body_span.clone())
            .chain(std::iter::once(preamble_start..preamble_end))
            .collect(),
    );
    let mut in_scanned = SpanCursor::new(&scanned);
    for (at, line) in lines_with_links(text, fm.body_start, &outline.excluded) {
        if in_scanned.contains(at) {
            continue;
        }
        // `Replaces`/`Replaced by` start ordinary sentences too: in the body
        // they state a link only to a numbered Markdown file.
        let everyday_word = line.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("rep"));
        if let Some(link) = link_line(line, at..at + line.len())
            && link.path.is_some()
            && (!everyday_word
                || (link.number.is_some()
                    && link.path.as_deref().is_some_and(|p| {
                        p.split(['#', '?']).next().unwrap_or("").ends_with(".md")
                    })))
        {
            links.push(link);
        }
    }
    // Front matter last: the body wins where both speak.
    if status.is_none()
        && let Some(f) = fm.fields.iter().find(|f| f.key == "status")
        && !f.value.is_empty()
    {
        set_status(
            &mut status,
            &f.value,
            f.value_span.clone(),
            FieldSource::FrontMatter,
        );
    }
    if date.is_none()
        && let Some(f) = fm.fields.iter().find(|f| f.key == "date")
        && !f.value.is_empty()
    {
        date = Some((
            f.value.clone(),
            f.value_span.clone(),
            FieldSource::FrontMatter,
        ));
    }
    // `Superseded [0019](…)`, `superseded by ADR-0123`, `Superseded, replaced
    // by [ADR-7](…)`: links stated in the status line itself.
    if let Some(st) = &status {
        for link in links_in_status(&st.text, &st.span, st.canonical) {
            let stated = links.iter().any(|l| {
                l.kind == link.kind
                    && ((l.path.is_some() && l.path == link.path)
                        || (l.number.is_some() && l.number == link.number))
            });
            if !stated {
                links.push(link);
            }
        }
    }

    let date = date.map(|(raw, span, source)| {
        let (normalised, found) = lookalike::normalise(&raw);
        // Where the date was read with emphasis taken out, the look-alikes
        // are found where they stand in the file.
        let found = match text.get(span.clone()) {
            Some(written) if written != raw => lookalike::normalise(written).1,
            _ => found,
        };
        for (offset, character) in &found {
            lookalikes.push(Lookalike {
                field: LookalikeField::Date,
                character: *character,
                span: span.start + offset..span.start + offset + character.len_utf8(),
            });
        }
        DateField {
            value: parse_date(&normalised),
            text: raw,
            span,
            source,
        }
    });

    // The number: the file name's, else the title's, else front matter's.
    let fm_adr = fm.fields.iter().find(|f| f.key == "adr");
    let fm_number = fm_adr.and_then(|f| f.value.trim().parse::<u32>().ok());
    if let Some(f) = fm_adr
        && fm_number.is_none()
        && !f.value.trim().is_empty()
        && f.value.trim().bytes().all(|b| b.is_ascii_digit())
    {
        oversized.push(OversizedNumber {
            digits: f.value.trim().to_string(),
            source: FieldSource::FrontMatter,
            span: Some(f.value_span.clone()),
        });
    }
    let title_number = title.as_ref().and_then(|t| t.number.as_ref()).map(|n| n.0);
    let (number, number_source) = match (file_number, title_number, fm_number) {
        (Some(n), _, _) => (Some(n), Some(FieldSource::FileName)),
        (None, Some(n), _) => (Some(n), Some(FieldSource::Heading)),
        (None, None, Some(n)) => (Some(n), Some(FieldSource::FrontMatter)),
        _ => (None, None),
    };
    let id = match number {
        Some(n) => Record::id_for_number(n),
        None => stem.clone(),
    };

    let dialect = detect_dialect(DialectClues {
        front_matter: &fm.fields,
        sections: &sections,
        bullet_metadata,
        line_date,
        date_named: is_date_named(&stem),
        title_prefixed,
        title_numbered: title_number.is_some() && !title_prefixed,
        has_status_section: sections.iter().any(|s| s.key() == "status"),
    });

    Record {
        path,
        read_problem: None,
        number,
        number_source,
        file_number,
        id,
        title,
        status,
        date,
        links,
        body_links: outline.links,
        sections,
        front_matter: fm.fields,
        front_matter_unclosed: fm.unclosed,
        lookalikes,
        oversized_numbers: oversized,
        dialect,
        source,
    }
}

/// `text` without `<!-- … -->` comments (an unclosed one runs to the end), trimmed.
pub fn strip_html_comment(heading: &str) -> String {
    const OPEN: &str = "<!--";
    if !heading.as_bytes().contains(&b'<') {
        return heading.trim().to_string();
    }
    // One pass. A comment is cut from its `<!--` to the first `-->` after
    // it; what is left before the cut can end in the start of a new `<!--`
    // that the text after the cut completes (`<!` + `<!--x-->` + `--y-->`),
    // so that is checked before looking further ahead.
    let mut out = String::with_capacity(heading.len());
    let mut rest = heading;
    loop {
        let joined = (1..OPEN.len())
            .rev()
            .find(|&k| out.ends_with(&OPEN[..k]) && rest.starts_with(&OPEN[k..]));
        let after_open = match joined {
            Some(k) => {
                out.truncate(out.len() - k);
                &rest[OPEN.len() - k..]
            }
            None => match rest.find(OPEN) {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    &rest[i + OPEN.len()..]
                }
                None => {
                    out.push_str(rest);
                    break;
                }
            },
        };
        // The `--` of `<!--` can begin the closing `-->` (`<!-->`, `<!--->`).
        rest = if let Some(r) = after_open.strip_prefix('>') {
            r
        } else if let Some(r) = after_open.strip_prefix("->") {
            r
        } else {
            match after_open.find("-->") {
                Some(e) => &after_open[e + 3..],
                None => "",
            }
        };
    }
    out.trim().to_string()
}

/// Reads the H1 text at `span`: number, id prefix and title.
fn read_title(
    text: &str,
    span: Span,
    lookalikes: &mut Vec<Lookalike>,
    oversized: &mut Vec<OversizedNumber>,
) -> (Title, bool) {
    let raw = &text[span.clone()];
    let (norm, replaced) = lookalike::normalise(raw);
    let to_orig = |n: usize| span.start + original_offset(n, &replaced);
    let mut number = None;
    let mut prefixed = false;
    let mut title_start = 0;
    let mut read_number = |norm: &str, at: Span| {
        let digits = &norm[at.clone()];
        let digits_span = to_orig(at.start)..to_orig(at.end);
        match digits.parse() {
            Ok(n) => Some((n, digits_span)),
            // `\d` also matches other scripts' digits, which are no number.
            Err(_) if !digits.bytes().all(|b| b.is_ascii_digit()) => None,
            Err(_) => {
                oversized.push(OversizedNumber {
                    digits: digits.to_string(),
                    source: FieldSource::Heading,
                    span: Some(digits_span),
                });
                None
            }
        }
    };
    // Which expressions can match, by the first character (a character
    // outside ASCII may fold or be a digit: those get every expression).
    let first = norm.chars().next().unwrap_or(' ');
    let may = |ascii: &[char]| !first.is_ascii() || ascii.contains(&first.to_ascii_lowercase());
    let digits: &[char] = &['#', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    if let Some(c) = may(&['a', 'r', 'd'])
        .then(|| TITLE_PREFIXED.captures(&norm))
        .flatten()
    {
        number = read_number(&norm, c.get(1).expect("group 1").range());
        prefixed = true;
        title_start = c.get(2).map(|g| g.start()).unwrap_or(norm.len());
    } else if let Some((digits, text_at)) = may(digits).then(|| title_numbered(&norm)).flatten() {
        number = read_number(&norm, digits);
        title_start = text_at;
    } else if let Some(c) = may(&['a', 'd'])
        .then(|| TITLE_LABELLED.captures(&norm))
        .flatten()
    {
        title_start = c.get(1).map(|g| g.start()).unwrap_or(norm.len());
    }
    let text_span = to_orig(title_start)..span.end;
    let title_text = strip_html_comment(&text[text_span.clone()]);
    for (offset, character) in &replaced {
        let at = span.start + offset;
        let char_span = at..at + character.len_utf8();
        if at < text_span.start {
            lookalikes.push(Lookalike {
                field: LookalikeField::Id,
                character: *character,
                span: char_span,
            });
        } else {
            // In a title, a dash between words is typography; a hyphen
            // look-alike inside a word (`Trade‑offs`) is not.
            let before = text[..at].chars().next_back();
            let after = text[char_span.end..].chars().next();
            if before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric)
            {
                lookalikes.push(Lookalike {
                    field: LookalikeField::Title,
                    character: *character,
                    span: char_span,
                });
            }
        }
    }
    (
        Title {
            text: title_text,
            raw: raw.to_string(),
            span,
            text_span,
            number,
            source: FieldSource::Heading,
        },
        prefixed,
    )
}

struct DialectClues<'a> {
    front_matter: &'a [FrontMatterField],
    sections: &'a [Section],
    bullet_metadata: bool,
    line_date: bool,
    date_named: bool,
    title_prefixed: bool,
    title_numbered: bool,
    has_status_section: bool,
}

fn detect_dialect(c: DialectClues<'_>) -> Dialect {
    let fm_has = |key: &str| c.front_matter.iter().any(|f| f.key == key);
    let madr_sections = c.sections.iter().any(|s| {
        matches!(
            s.key(),
            "context and problem statement" | "decision outcome" | "considered options"
        )
    });
    if fm_has("adr") {
        Dialect::FrontMatter
    } else if c.bullet_metadata {
        if c.date_named {
            Dialect::Log4brains
        } else {
            Dialect::Madr2
        }
    } else if madr_sections {
        Dialect::Madr
    } else if c.title_prefixed || c.sections.iter().any(|s| s.key() == "date") {
        Dialect::Adrift
    } else if c.title_numbered || c.line_date {
        Dialect::AdrTools
    } else if c.has_status_section {
        Dialect::Nygard
    } else if fm_has("status") || fm_has("date") {
        Dialect::Madr
    } else {
        Dialect::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Status;

    fn parse(name: &str, text: &str) -> Record {
        let source = SourceFile::new(name.to_string(), text.to_string());
        parse_record(PathBuf::from(name), source, &StatusMap::default())
    }

    #[test]
    fn the_seed_dialect_with_lookalike_hyphens() {
        let r = parse(
            "ADR-0012-persistence.md",
            "# ADR\u{2011}0012: Persistence and Database Strategy\n\n## Status\n\nAccepted\n\n## Date\n\n2026\u{2011}01\u{2011}23\n\n## Context\n\nx\n",
        );
        assert_eq!(r.dialect, Dialect::Adrift);
        assert_eq!(r.number, Some(12));
        assert_eq!(r.id, "ADR-0012");
        assert_eq!(r.title_text(), "Persistence and Database Strategy");
        assert_eq!(r.canonical_status(), Some(Status::Accepted));
        assert_eq!(
            r.date.as_ref().unwrap().value.as_ref().unwrap().to_string(),
            "2026-01-23"
        );
        let fields: Vec<_> = r.lookalikes.iter().map(|l| l.field).collect();
        assert_eq!(
            fields,
            [
                LookalikeField::Id,
                LookalikeField::Date,
                LookalikeField::Date
            ]
        );
        assert_eq!(&r.source.text[r.title.unwrap().number.unwrap().1], "0012");
    }

    #[test]
    fn adr_tools_with_links() {
        let r = parse(
            "0002-use-postgres.md",
            "# 2. Use PostgreSQL\r\n\r\nDate: 2024-05-01\r\n\r\n## Status\r\n\r\nSuperceded by [3. Use MySQL](0003-use-mysql.md)\r\n\r\nAmends [1. Record](0001-record.md)\r\n\r\n## Context\r\n",
        );
        assert_eq!(r.dialect, Dialect::AdrTools);
        assert_eq!(r.canonical_status(), Some(Status::Superseded));
        assert_eq!(r.links.len(), 2);
        assert_eq!(r.links[0].kind, LinkKind::SupersededBy);
        assert_eq!(r.links[0].number, Some(3));
        assert_eq!(r.links[1].kind, LinkKind::Amends);
        assert_eq!(r.date.as_ref().unwrap().text, "2024-05-01");
    }

    #[test]
    fn log4brains_bullets_and_links_section() {
        let r = parse(
            "20200926-use-numbers.md",
            "# Use numbers\n\n- Status: superseded by [20201016-use-slugs](20201016-use-slugs.md)\n- Date: 2020-09-26\n\n## Decision\n\nx\n\n## Links\n\n- Relates to [x](20200101-x.md)\n",
        );
        assert_eq!(r.dialect, Dialect::Log4brains);
        assert_eq!(r.id, "20200926-use-numbers");
        assert_eq!(r.number, None);
        assert_eq!(r.canonical_status(), Some(Status::Superseded));
        let kinds: Vec<_> = r.links.iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LinkKind::RelatesTo, LinkKind::SupersededBy]);
        assert_eq!(r.links[1].path.as_deref(), Some("20201016-use-slugs.md"));
    }

    #[test]
    fn madr_front_matter_and_code_blocks() {
        let r = parse(
            "0003-own-tools.md",
            "---\nparent: Decisions\nstatus: on hold\n---\n# Write Own Tooling\n\n## Context and Problem Statement\n\n```\n## Status\nAccepted\n```\n",
        );
        assert_eq!(r.dialect, Dialect::Madr);
        assert_eq!(r.status.as_ref().unwrap().key, "on hold");
        assert_eq!(r.status.as_ref().unwrap().canonical, None);
        assert_eq!(r.sections.len(), 1);
    }

    #[test]
    fn nygard_variant_reads_number_from_file_name() {
        let r = parse(
            "adr-006-core-runtime.md",
            "# Architecture Decision Record: Core Runtime\n\n## Context\n\nx\n\n## Status\n\nPROPOSED\n",
        );
        assert_eq!(r.dialect, Dialect::Nygard);
        assert_eq!(r.number, Some(6));
        assert_eq!(r.title_text(), "Core Runtime");
        assert_eq!(r.canonical_status(), Some(Status::Proposed));
    }

    #[test]
    fn broken_input_still_yields_a_record() {
        for text in ["", "\u{feff}", "---\n", "#", "# 12.", "## Status", "\0\0"] {
            let r = parse("0001-x.md", text);
            assert_eq!(r.number, Some(1));
        }
        let r = parse("0001-x.md", "# 12.\n");
        assert_eq!(r.title.as_ref().unwrap().text, "");
        assert_eq!(r.title.as_ref().unwrap().number.as_ref().unwrap().0, 12);
    }

    /// The rule `strip_html_comment` implements in one pass: cut the first
    /// comment, then look again from the start.
    fn strip_html_comment_by_repetition(text: &str) -> String {
        let mut out = text.to_string();
        while let Some(start) = out.find("<!--") {
            let end = out[start..]
                .find("-->")
                .map(|e| start + e + 3)
                .unwrap_or(out.len());
            out.replace_range(start..end, "");
        }
        out.trim().to_string()
    }

    #[test]
    fn html_comments_are_cut_in_one_pass_as_by_repetition() {
        let alphabet = ["<", "!", "-", ">", "a", " ", "<!--", "-->", "é"];
        let mut state = 0x5eed_u64;
        for _ in 0..50_000 {
            let mut text = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            for _ in 0..(state >> 60) + 2 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                text.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(
                strip_html_comment(&text),
                strip_html_comment_by_repetition(&text),
                "{text:?}"
            );
        }
        assert_eq!(strip_html_comment("<!<!--x-->--y-->z"), "z");
        assert_eq!(strip_html_comment("a<!-->b<!--->c"), "abc");
    }

    #[test]
    fn names_are_read_as_the_expressions_say() {
        let date =
            Regex::new(r"^(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:[-_ ]|$)")
                .unwrap();
        let number = Regex::new(r"^(?i:adr|rfc|dr)?[-_ ]?#?0*(\d+)(?:[-_. ]|$)").unwrap();
        let alphabet = [
            "0", "1", "2", "9", "19", "20", "12", "31", "-", "_", " ", ".", "#", "a", "adr", "ADR",
            "dr", "rfc", "x", "é",
        ];
        let mut state = 0x5eed_u64;
        for _ in 0..200_000 {
            let mut stem = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            for _ in 0..(state >> 60) {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                stem.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            assert_eq!(is_date_named(&stem), date.is_match(&stem), "{stem:?}");
            let want = if date.is_match(&stem) {
                None
            } else {
                number.captures(&stem).map(|c| c.get(1).unwrap().as_str())
            };
            assert_eq!(number_digits_in_name(&stem), want, "{stem:?}");
        }
        for (stem, want) in [
            ("20200924-slug", true),
            ("2020-09-24-slug", true),
            ("2020-0924", true),
            ("10000000-x", false),
            ("20201324-x", false),
            ("2020", false),
        ] {
            assert_eq!(is_date_named(stem), want, "{stem}");
        }
        assert_eq!(number_in_name("1000000-x"), Some(1_000_000));
        assert_eq!(number_in_name("ADR-4294967295"), Some(u32::MAX));
        assert_eq!(number_in_name("4294967296-x"), None);
        assert_eq!(number_digits_in_name("4294967296-x"), Some("4294967296"));
    }

    #[test]
    fn meta_lines_and_numbered_titles_are_read_as_the_expressions_say() {
        let alphabet = [
            "status", "Date", "STATUS", "date", ":", " ", "\u{a0}", "\t", "-", ".", ")", "#", "1",
            "23", "x", "_", "ſ", "é", "١", "\r", "\n", "s",
        ];
        let mut state = 0xfeed_u64;
        for _ in 0..300_000 {
            let mut text = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            for _ in 0..(state >> 61) + 1 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                text.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let want = META_LINE.captures(&text).and_then(|c| {
                let key = match c[1].to_ascii_lowercase().as_str() {
                    "status" => "status",
                    "date" => "date",
                    _ => return None,
                };
                Some((key, c[2].contains(':'), c.get(3).unwrap().start()))
            });
            assert_eq!(meta_line(&text), want, "{text:?}");
            let want = TITLE_NUMBERED
                .captures(&text)
                .map(|c| (c.get(1).unwrap().range(), c.get(2).unwrap().start()));
            assert_eq!(title_numbered(&text), want, "{text:?}");
        }
    }

    #[test]
    fn ascii_heading_keys_are_the_keys_of_every_heading() {
        for heading in [
            "  ## Context and  Problem\tStatement: ",
            "Status:",
            "\u{b}Decision\u{b}Outcome\u{c}",
            "1. Why?",
            "-- Pros_and CONS --",
            "",
            ":::",
        ] {
            let slow: String = super::super::heading_key_chars(heading).collect();
            assert_eq!(heading_key(heading), slow, "{heading:?}");
        }
    }

    #[test]
    fn a_value_with_emphasis_inside_keeps_a_span_in_its_line() {
        // (Found by fuzzing: the span ended inside the `€`, and a look-alike
        // after the emphasis was placed two bytes early.)
        let r = parse(
            "0001-x.md",
            "date: 2024**€\u{2011}1\nstatus: acc__e__pted\n",
        );
        let text = &r.source.text;
        let date = r.date.as_ref().unwrap();
        assert_eq!(date.text, "2024€\u{2011}1");
        assert_eq!(text.get(date.span.clone()), Some("2024**€\u{2011}1"));
        let status = r.status.as_ref().unwrap();
        assert_eq!(status.text, "accepted");
        assert_eq!(text.get(status.span.clone()), Some("acc__e__pted"));
        assert_eq!(r.lookalikes.len(), 1);
        assert_eq!(text.get(r.lookalikes[0].span.clone()), Some("\u{2011}"));
    }

    #[test]
    fn removed_emphasis_is_where_it_was() {
        let alphabet = ["*", "_", "a", "é", "**", "__"];
        let mut state = 0xabc_u64;
        for _ in 0..50_000 {
            let mut line = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            for _ in 0..(state >> 60) + 1 {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                line.push_str(alphabet[(state >> 33) as usize % alphabet.len()]);
            }
            let removed = emphasis_removed(&line);
            let kept: Vec<u8> = line
                .bytes()
                .enumerate()
                .filter(|(i, _)| !removed.contains(i))
                .map(|(_, b)| b)
                .collect();
            assert_eq!(kept, strip_label_emphasis(&line).into_bytes(), "{line:?}");
        }
    }

    #[test]
    fn templates_and_indexes_are_recognised() {
        for name in [
            "template.md",
            "0000-TEMPLATE.md",
            "adr-template.md",
            "ODH-ADR-0000-template.md",
            "adr-000_template.md",
            "README.md",
            "index.md",
        ] {
            assert!(classify_file_name(name).is_some(), "{name}");
        }
        for name in [
            "0001-use-templates.md",
            "0002-template-engine.md",
            "0003-use-a-template.md",
        ] {
            assert!(classify_file_name(name).is_none(), "{name}");
        }
    }
}

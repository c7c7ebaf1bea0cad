//! The decision record model and the parser that fills it.
//!
//! A [`Record`] is what adrift knows about one ADR file: its number, id,
//! title, status, date, links and sections, each with the span it was read
//! from. The parser never fails: a broken file still gives a record with what
//! could be read, and the lints turn what is missing or odd into findings.

mod date;
mod front_matter;
mod lookalike;
mod parse;
mod status;

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

pub use date::{DateProblem, parse_date};
pub use front_matter::FrontMatterField;
pub use lookalike::{LOOKALIKE_HYPHENS, is_lookalike_hyphen};
pub use parse::{
    IgnoredKind, classify_file_name, is_date_named, number_in_name, parse_record,
    strip_html_comment,
};
pub use status::{StatusMap, read_status, status_meaning};

use crate::source::{SourceFile, Span};

/// The five canonical statuses every written status maps to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Proposed,
    Accepted,
    Rejected,
    Deprecated,
    Superseded,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Proposed,
        Status::Accepted,
        Status::Rejected,
        Status::Deprecated,
        Status::Superseded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Deprecated => "deprecated",
            Status::Superseded => "superseded",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The way of writing records a file follows. Detected per record, with no
/// configuration; a collection's dialect is the one most of its records use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dialect {
    /// The user's own: `# ADR-0012: Title`, `## Status` and `## Date` sections.
    Adrift,
    /// npryce/adr-tools: `# 12. Title`, a `Date:` line, a `## Status` section.
    AdrTools,
    /// Michael Nygard's original template: a `## Status` section, no date.
    Nygard,
    /// MADR 3 and 4: optional YAML front matter, MADR section names.
    Madr,
    /// MADR 2: `* Status:` and `* Date:` bullets under the title.
    Madr2,
    /// log4brains: MADR 2 bullets in date-named files (`20200924-slug.md`).
    Log4brains,
    /// Front matter carrying the id (`adr: "0001"`), as Docusaurus sites do.
    FrontMatter,
    /// Nothing recognisable.
    Unknown,
}

impl Dialect {
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Adrift => "adrift",
            Dialect::AdrTools => "adr-tools",
            Dialect::Nygard => "nygard",
            Dialect::Madr => "madr",
            Dialect::Madr2 => "madr2",
            Dialect::Log4brains => "log4brains",
            Dialect::FrontMatter => "front-matter",
            Dialect::Unknown => "unknown",
        }
    }

    /// Whether records of this dialect carry a date.
    pub fn has_dates(self) -> bool {
        matches!(self, Dialect::Adrift | Dialect::AdrTools)
    }

    /// Whether records of this dialect must state a status. MADR makes the
    /// status optional; every other dialect has one in its template.
    pub fn requires_status(self) -> bool {
        !matches!(self, Dialect::Madr | Dialect::FrontMatter)
    }

    /// The sections a record of this dialect must have. Each entry lists the
    /// headings that satisfy it, the first being the one to suggest.
    pub fn required_sections(self) -> &'static [&'static [&'static str]] {
        match self {
            Dialect::Adrift => &[
                &["Status"],
                &["Date"],
                &["Context"],
                &["Decision"],
                &["Consequences"],
            ],
            Dialect::AdrTools | Dialect::Nygard => {
                &[&["Status"], &["Context"], &["Decision"], &["Consequences"]]
            }
            Dialect::Madr | Dialect::Madr2 => &[
                &["Context and Problem Statement"],
                &["Considered Options"],
                &["Decision Outcome"],
            ],
            // log4brains' own records keep only the decision when that is all
            // there is to say (its template marks the rest as optional in use).
            Dialect::Log4brains => &[&["Decision Outcome", "Decision"]],
            Dialect::FrontMatter | Dialect::Unknown => &[],
        }
    }
}

/// The headings teams write for a required section: its plural or singular
/// and its common synonyms (`## Decisions`, `## Decision Outcome`, `## Chosen
/// Option`, `## Proposal` for Decision). Looked up by the section's loose
/// key; `[sections] aliases` in `adrift.toml` adds a team's own.
pub fn section_synonyms(name: &str) -> &'static [&'static str] {
    match heading_key(name).as_str() {
        "context" => &[
            "Context and Problem Statement",
            "Problem Statement",
            "Context and Problem",
            "Background",
            "Problem",
            "Contexts",
        ],
        "context and problem statement" => &[
            "Context",
            "Problem Statement",
            "Context and Problem",
            "Background",
            "Problem",
        ],
        "decision" => &[
            "Decisions",
            "Decision Outcome",
            "Chosen Option",
            "Chosen Options",
            "Proposal",
            "Proposed Solution",
            "What’s proposed",
            "What's proposed",
            "Solution",
            "Resolution",
            "Outcome",
        ],
        "decision outcome" => &[
            "Decision",
            "Decisions",
            "Chosen Option",
            "Outcome",
            "Proposal",
            "Resolution",
        ],
        "consequences" => &[
            "Consequence",
            "Implications",
            "Impact",
            "Positive Consequences",
            "Negative Consequences",
        ],
        "considered options" => &[
            "Options",
            "Options Considered",
            "Considered Alternatives",
            "Alternatives Considered",
            "Alternatives",
            "Considered Option",
        ],
        "status" => &["Statuses"],
        "date" => &["Dates"],
        _ => &[],
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a field was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldSource {
    /// The H1 heading.
    Heading,
    /// A section of its own (`## Status`, `## Date`).
    Section,
    /// A line, bullet or metadata table row under the title (`Date: …`,
    /// `* Status: …`, `| Status | Draft |`).
    Line,
    /// YAML front matter.
    FrontMatter,
    /// The file name.
    FileName,
}

/// The record's title, from its H1 (or front matter when it has no H1).
#[derive(Debug, Clone)]
pub struct Title {
    /// The title without its number prefix, look-alike hyphens kept as written.
    pub text: String,
    /// The whole heading text as written.
    pub raw: String,
    /// Span of the whole heading text.
    pub span: Span,
    /// Span of the title text after any number prefix.
    pub text_span: Span,
    /// The number written in the heading (`12` in `# 12. Title`) and its span.
    pub number: Option<(u32, Span)>,
    pub source: FieldSource,
}

/// The status as written and what it means.
#[derive(Debug, Clone)]
pub struct StatusField {
    /// `None` when the text is no status adrift knows.
    pub canonical: Option<Status>,
    /// The text as written (`✅ Accepted (documenting an existing thing)`).
    pub text: String,
    /// The word or phrase that was looked up (`accepted`), lower case.
    pub key: String,
    pub span: Span,
    pub source: FieldSource,
}

/// The date as written and what it means.
#[derive(Debug, Clone)]
pub struct DateField {
    /// The text as written.
    pub text: String,
    pub span: Span,
    pub source: FieldSource,
    /// The calendar date, or why the text is not an ISO 8601 date.
    pub value: Result<jiff::civil::Date, DateProblem>,
}

/// The kinds of link between records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    Supersedes,
    SupersededBy,
    Amends,
    AmendedBy,
    RelatesTo,
}

impl LinkKind {
    /// The link the other record should carry back, if the kind has one.
    pub fn reciprocal(self) -> Option<LinkKind> {
        match self {
            LinkKind::Supersedes => Some(LinkKind::SupersededBy),
            LinkKind::SupersededBy => Some(LinkKind::Supersedes),
            LinkKind::Amends => Some(LinkKind::AmendedBy),
            LinkKind::AmendedBy => Some(LinkKind::Amends),
            LinkKind::RelatesTo => None,
        }
    }

    pub fn as_words(self) -> &'static str {
        match self {
            LinkKind::Supersedes => "supersedes",
            LinkKind::SupersededBy => "superseded by",
            LinkKind::Amends => "amends",
            LinkKind::AmendedBy => "amended by",
            LinkKind::RelatesTo => "relates to",
        }
    }
}

/// A link to another record, as written in the status or a links list.
#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    /// The Markdown link destination, if the target was written as a link.
    pub path: Option<String>,
    /// The link text, or the plain text after the keyword.
    pub label: String,
    /// A number read from the label (`3` in `[3. Use MySQL]`, `ADR-0123`).
    pub number: Option<u32>,
    /// The span of the whole line that states the link.
    pub span: Span,
    /// The index of the target record in its collection, once resolved.
    pub target: Option<usize>,
}

/// A Markdown link anywhere in the body.
#[derive(Debug, Clone)]
pub struct BodyLink {
    pub dest: String,
    pub span: Span,
}

/// A section: a heading and what stands under it up to the next heading of
/// the same or a higher rank.
#[derive(Debug, Clone)]
pub struct Section {
    pub heading: String,
    /// The heading in its loose form (see [`heading_key`]), for comparisons.
    pub key: String,
    pub level: u8,
    pub heading_span: Span,
    pub body_span: Span,
}

impl Section {
    /// The heading compared loosely: lower case, no trailing colon, no emoji,
    /// straight apostrophes, single spaces.
    pub fn key(&self) -> &str {
        &self.key
    }
}

/// The loose form of a heading used to compare section names.
pub fn heading_key(heading: &str) -> String {
    let mut key = String::with_capacity(heading.len());
    if heading.is_ascii() {
        // The same, a byte at a time.
        for (i, word) in key_words(heading).split_whitespace().enumerate() {
            if i > 0 {
                key.push(' ');
            }
            key.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        }
    } else {
        key.extend(heading_key_chars(heading));
    }
    key
}

/// What of a heading its key is made of: without leading punctuation or
/// emoji, or a trailing colon.
fn key_words(heading: &str) -> &str {
    heading
        .trim()
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| c == ':' || c.is_whitespace())
}

/// Whether a name is its own [`heading_key`] but for ASCII case (as
/// `Context and Problem Statement` is): compared without allocating.
fn is_plain_key(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphanumeric)
        && bytes.last().is_some_and(u8::is_ascii_alphanumeric)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b' ')
        && !bytes.windows(2).any(|w| w == b"  ")
}

/// The characters of [`heading_key`], computed as they are read (comparing
/// with a key then allocates nothing).
fn heading_key_chars(heading: &str) -> impl Iterator<Item = char> + '_ {
    key_words(heading)
        .split_whitespace()
        .enumerate()
        .flat_map(|(i, word)| {
            let space = (i > 0).then_some(' ');
            space.into_iter().chain(
                word.chars()
                    .map(|c| match c {
                        '\u{2018}' | '\u{2019}' => '\'',
                        c => c,
                    })
                    .flat_map(char::to_lowercase),
            )
        })
}

/// A field of a record where a look-alike character was read as `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LookalikeField {
    Id,
    Title,
    Date,
}

/// A look-alike hyphen in an id, title or date.
#[derive(Debug, Clone)]
pub struct Lookalike {
    pub field: LookalikeField,
    pub character: char,
    pub span: Span,
}

/// A record number written with more digits than a record number can
/// have (above 4,294,967,295): reported, and not read as the number.
#[derive(Debug, Clone)]
pub struct OversizedNumber {
    pub digits: String,
    /// The file name, the title or front matter's `adr`.
    pub source: FieldSource,
    /// Where it is written (none for the file name).
    pub span: Option<Span>,
}

/// Why a file could not be read as text.
#[derive(Debug, Clone)]
pub enum ReadProblem {
    /// The operating system refused or failed (message from it).
    Io(String),
    /// The path is a directory, not a file.
    Directory,
    /// The path is no regular file: `"a FIFO"`, `"a character device"`, …
    /// (never opened: opening a FIFO blocks, reading a device never ends).
    NotAFile { kind: &'static str },
    /// Larger than adrift reads as a record.
    TooLarge { bytes: u64, limit: u64 },
    /// NUL bytes: a binary file with a record's name.
    Binary,
    /// Not UTF-8; the offset of the first bad byte.
    NotUtf8 { offset: usize },
}

/// One decision record: everything read from one file.
#[derive(Debug, Clone)]
pub struct Record {
    pub path: PathBuf,
    pub source: Arc<SourceFile>,
    /// Set when the file could not be read (the record is then empty).
    pub read_problem: Option<ReadProblem>,
    pub number: Option<u32>,
    /// Where the number came from.
    pub number_source: Option<FieldSource>,
    /// The number in the file name, if any.
    pub file_number: Option<u32>,
    /// `ADR-0012` for numbered records, the file stem for others.
    pub id: String,
    pub title: Option<Title>,
    pub status: Option<StatusField>,
    pub date: Option<DateField>,
    pub links: Vec<Link>,
    pub body_links: Vec<BodyLink>,
    pub sections: Vec<Section>,
    pub front_matter: Vec<FrontMatterField>,
    /// Span of an opening `---` that is never closed.
    pub front_matter_unclosed: Option<Span>,
    pub lookalikes: Vec<Lookalike>,
    /// Numbers too large to read, where they were written.
    pub oversized_numbers: Vec<OversizedNumber>,
    pub dialect: Dialect,
}

impl Record {
    pub fn file_name(&self) -> &str {
        self.path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    /// The title text, or `""`.
    pub fn title_text(&self) -> &str {
        self.title.as_ref().map(|t| t.text.as_str()).unwrap_or("")
    }

    pub fn canonical_status(&self) -> Option<Status> {
        self.status.as_ref().and_then(|s| s.canonical)
    }

    /// Whether the file reads as a decision record rather than a numbered
    /// note: it states a status (a section, a line, a bullet or front
    /// matter, wherever in the file), or it is a MADR record, whose status
    /// is optional (its sections, or front matter with a date).
    pub fn is_adr_like(&self) -> bool {
        self.status.is_some() || self.dialect == Dialect::Madr
    }

    /// The date, when it was read as a calendar date. A date that could
    /// not be read is no date to the outputs that show dates (`list`, the
    /// index); `show` and `lint` say what was written.
    pub fn read_date(&self) -> Option<jiff::civil::Date> {
        self.date
            .as_ref()
            .and_then(|d| d.value.as_ref().ok().copied())
    }

    /// This record as the outputs that show only read dates see it: itself
    /// (borrowed) when its date was read or it has none, else a copy
    /// without the date it could not read.
    pub fn with_read_date_only(&self) -> std::borrow::Cow<'_, Record> {
        match &self.date {
            Some(d) if d.value.is_err() => {
                let mut record = self.clone();
                record.date = None;
                std::borrow::Cow::Owned(record)
            }
            _ => std::borrow::Cow::Borrowed(self),
        }
    }

    /// The first section whose heading is one of `names`, compared loosely.
    pub fn section(&self, names: &[&str]) -> Option<&Section> {
        // The first section any name matches; each name's plainness is
        // checked once, not per section.
        names
            .iter()
            .filter_map(|n| {
                let plain = is_plain_key(n);
                self.sections.iter().position(|s| {
                    if plain {
                        s.key.eq_ignore_ascii_case(n)
                    } else {
                        heading_key_chars(n).eq(s.key.chars())
                    }
                })
            })
            .min()
            .map(|i| &self.sections[i])
    }

    /// The first section whose heading is one of `names` or its plural or
    /// singular (`Decisions` for `Decision`), compared loosely.
    pub fn section_like(&self, names: &[&str]) -> Option<&Section> {
        self.section(names).or_else(|| {
            let keys: Vec<String> = names.iter().map(|n| heading_key(n)).collect();
            self.sections.iter().find(|s| {
                keys.iter().any(|k| {
                    s.key.strip_suffix('s') == Some(k.as_str())
                        || k.strip_suffix('s') == Some(s.key.as_str())
                })
            })
        })
    }

    pub fn front_matter(&self, key: &str) -> Option<&FrontMatterField> {
        self.front_matter.iter().find(|f| f.key == key)
    }

    /// `ADR-0012` and the title, for messages.
    pub fn describe(&self) -> String {
        match &self.title {
            Some(t) if !t.text.is_empty() => format!("{} ({})", self.id, t.text),
            _ => self.id.clone(),
        }
    }

    /// The id a numbered record gets.
    pub fn id_for_number(number: u32) -> String {
        format!("ADR-{number:04}")
    }
}

/// The number a user's reference names: `12`, `0012`, `ADR-0012`, `adr-12`.
pub fn parse_number_reference(text: &str) -> Option<u32> {
    let lower = text.trim().to_ascii_lowercase();
    let digits = lower
        .strip_prefix("adr")
        .map(|r| r.trim_start_matches(['-', ' ', '#', '_']))
        .unwrap_or(&lower);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// Lower case, letters and digits, words joined by `-` (adr-tools' slugs).
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Dialect {
    pub const ALL: [Dialect; 7] = [
        Dialect::Adrift,
        Dialect::AdrTools,
        Dialect::Nygard,
        Dialect::Madr,
        Dialect::Madr2,
        Dialect::Log4brains,
        Dialect::FrontMatter,
    ];

    /// The dialect named `name` (`adr-tools`, `madr`, …).
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL.into_iter().find(|d| d.as_str() == name.trim())
    }
}

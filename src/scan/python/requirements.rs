//! A requirements file, read line by line as pip 23 reads it
//! (`pip/_internal/req/req_file.py` and `req/constructors.py`): text in,
//! entries out, no I/O. The scan in the parent module follows includes,
//! resolves local projects and turns entries into declarations.
//!
//! What pip does, in order, and what this parser does the same way:
//!
//! 1. Lines are Python's `str.splitlines()`: `\n`, `\r\n`, `\r`, `\v`, `\f`,
//!    `\x1c`–`\x1e`, `\x85`, `\u2028`, `\u2029` all end a line.
//! 2. A line ending in `\` is joined with the next (no space between:
//!    `fast\` + `api` is `fastapi`), after every leading and trailing `\` is
//!    stripped from it; a comment line ends the joining.
//! 3. A comment starts at `#` at the start of a line or after white space
//!    (Python's `\s`); the line is then stripped, and empty lines dropped.
//! 4. `${VAR}` (upper case, digits, `_`) is replaced by the variable's value
//!    where it is set. adrift cannot know the value: in a package name or
//!    an included path it is a finding, elsewhere it is harmless.
//! 5. The line is cut at the first space-separated word starting with `-`:
//!    before it the requirement, from it the options, which are split as
//!    `shlex.split` does and parsed by `optparse` ([`super::options`]).
//!    An option pip does not know, or a bad value, makes pip stop: a
//!    `parse-error` here.
//! 6. A line with a requirement is one requirement (its `-r` and other
//!    global options are ignored, as pip ignores them); else a line with
//!    `-e` is one editable requirement (the first `-e`); else the first `-r`
//!    is followed, else the first `-c`; other options change where pip looks
//!    for packages, not which.
//! 7. A requirement is named as pip names it: a PEP 508 string by its name;
//!    a URL by its `#egg=` fragment, or a wheel by its file name; a path
//!    that looks like a directory is a local project (named by the scan from
//!    its metadata); an archive path by its file name. What pip can name
//!    only by downloading or building it (a VCS URL without `#egg=`) is a
//!    finding that says how to write it (`name @ url`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::decode::is_line_boundary;
use super::options::{self, Value};
use super::pep508::{self, is_py_space, py_strip};
use crate::source::Span;

/// What a requirements file says, in file order.
#[derive(Debug, Default)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Package(Package),
    Include(Include),
    Local(LocalProject),
}

/// A package the line installs, named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The name as pip takes it (a wheel's `_` become `-`).
    pub name: String,
    /// Where the name stands (the whole requirement when it is not written
    /// as one piece, such as a quoted `-e` value).
    pub span: Span,
    /// The whole line, with its continuation lines.
    pub line: Span,
    pub marker: Option<String>,
    pub extras: Vec<String>,
    pub source: Source,
}

/// Where pip gets a package from, when it is not the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Index,
    /// A URL (with `#egg=`, or `name @ url`).
    Url {
        url: String,
        editable: bool,
    },
    /// A wheel, named by its file name.
    Wheel {
        file: String,
    },
    /// A source archive pip names only by building it; adrift reads the
    /// name from the file name.
    Sdist {
        file: String,
    },
}

/// `-r file` or `-c file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    pub constraint: bool,
    pub target: String,
    pub span: Span,
}

/// A local directory pip installs as a project (`-e .`, `./lib`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalProject {
    pub path: String,
    pub span: Span,
    pub line: Span,
    pub editable: bool,
    pub marker: Option<String>,
    /// Why pip rejects the line if the path is not a directory.
    pub otherwise: String,
}

/// A line pip rejects, or one adrift cannot name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
    pub help: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// pip stops with an error here.
    Rejected,
    /// pip installs something here that adrift cannot name. In a
    /// constraints file, where nothing is installed, it does not matter.
    Unnamed,
}

const REJECTED_HELP: &str = "pip stops with an error on this line, so `pip install -r` fails; fix the line, and adrift reads it as pip then will";

/// One logical line: physical lines joined, with where each byte came from.
struct Logical {
    text: String,
    /// The text offset of each byte of `text`, and one past the end.
    map: Vec<usize>,
    /// The physical lines it spans, in the text.
    source: Span,
}

impl Logical {
    fn new(start: usize) -> Logical {
        Logical {
            text: String::new(),
            map: Vec::new(),
            source: start..start,
        }
    }

    fn push(&mut self, piece: &str, at: usize) {
        self.text.push_str(piece);
        self.map.extend(at..at + piece.len());
    }

    /// A character pip adds that is not in the file.
    fn push_virtual(&mut self, c: char, at: usize) {
        self.text.push(c);
        self.map.extend(std::iter::repeat_n(at, c.len_utf8()));
    }

    /// The text span of a range of `text`.
    fn span(&self, range: Range<usize>) -> Span {
        if range.start >= range.end || range.start >= self.map.len() {
            let at = self
                .map
                .get(range.start)
                .copied()
                .unwrap_or(self.source.end);
            return at..at;
        }
        let last = range.end.min(self.map.len()) - 1;
        self.map[range.start]..self.map[last] + 1
    }
}

/// Python's `str.splitlines()`: each line's range, without its end.
fn split_lines(text: &str) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_line_boundary(c) {
            continue;
        }
        lines.push(start..i);
        start = i + c.len_utf8();
        if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
            chars.next();
            start += 1;
        }
    }
    if start < text.len() {
        lines.push(start..text.len());
    }
    lines
}

/// `COMMENT_RE.match(line)`: `#` first, or after leading white space.
fn is_comment_line(line: &str) -> bool {
    line.trim_start_matches(is_py_space).starts_with('#')
}

/// pip's `join_lines`.
fn join_lines(text: &str) -> Vec<Logical> {
    let mut out = Vec::new();
    let mut current: Option<Logical> = None;
    for range in split_lines(text) {
        let line = &text[range.clone()];
        let comment = is_comment_line(line);
        if !line.ends_with('\\') || comment {
            let mut logical = current.take().unwrap_or_else(|| Logical::new(range.start));
            if comment {
                // pip puts a space in front so that the comment is found
                // in the joined line.
                logical.push_virtual(' ', range.start);
            }
            logical.push(line, range.start);
            logical.source.end = range.end;
            out.push(logical);
        } else {
            let logical = current.get_or_insert_with(|| Logical::new(range.start));
            let lead = line.len() - line.trim_start_matches('\\').len();
            let kept = line[lead..].trim_end_matches('\\');
            logical.push(kept, range.start + lead);
            logical.source.end = range.end;
        }
    }
    out.extend(current);
    out
}

/// Where `COMMENT_RE` cuts a line: the first `#` at the start or after
/// white space.
fn comment_start(line: &str) -> usize {
    let mut previous: Option<char> = None;
    for (i, c) in line.char_indices() {
        if c == '#' && previous.is_none_or(is_py_space) {
            return i;
        }
        previous = Some(c);
    }
    line.len()
}

static ENV_VAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Z0-9_]+)\}").expect("regex"));

/// Reads a requirements file's text (after any byte-order mark).
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for logical in join_lines(text) {
        let cut = comment_start(&logical.text);
        let kept = py_strip(&logical.text[..cut]);
        if kept.is_empty() {
            continue;
        }
        let line = Line {
            logical: &logical,
            start: kept.start,
            text: &logical.text[kept],
        };
        line.read(&mut parsed);
    }
    parsed
}

/// A piece of a line: its text, and where it stands.
struct Piece {
    text: String,
    /// The logical-line offset of `text`'s first byte when the text is
    /// written verbatim; otherwise offsets within it are not located.
    base: Option<usize>,
    /// The whole piece in the logical line.
    whole: Range<usize>,
}

impl Piece {
    /// A range of `text` as a range of the logical line.
    fn at(&self, range: Range<usize>) -> Range<usize> {
        match self.base {
            Some(base) => base + range.start..base + range.end,
            None => self.whole.clone(),
        }
    }
}

/// One logical line, stripped of comments and white space.
struct Line<'a> {
    logical: &'a Logical,
    /// Where `text` starts in the logical line.
    start: usize,
    text: &'a str,
}

impl Line<'_> {
    fn span(&self, range: Range<usize>) -> Span {
        self.logical.span(range)
    }

    fn problem(
        &self,
        parsed: &mut Parsed,
        kind: ProblemKind,
        range: Range<usize>,
        message: String,
        help: &str,
    ) {
        parsed.problems.push(Problem {
            kind,
            span: self.span(range),
            message,
            help: help.to_string(),
        });
    }

    /// The environment variables in a range of the logical line.
    fn variables_in(&self, range: &Range<usize>) -> Vec<String> {
        ENV_VAR
            .captures_iter(self.text)
            .filter(|c| {
                let m = c.get(0).expect("match");
                let (s, e) = (self.start + m.start(), self.start + m.end());
                s < range.end && range.start < e
            })
            .map(|c| c[1].to_string())
            .collect()
    }

    fn read(&self, parsed: &mut Parsed) {
        // `break_args_options`: the words before the first one that starts
        // with `-`, split on spaces only.
        let mut at = 0;
        let mut options_at = None;
        for word in self.text.split(' ') {
            if word.starts_with('-') {
                options_at = Some(at);
                break;
            }
            at += word.len() + 1;
        }
        let (args, options_text, options_start) = match options_at {
            Some(0) => ("", self.text, 0),
            Some(i) => (&self.text[..i - 1], &self.text[i..], i),
            None => (self.text, "", self.text.len()),
        };
        let options_base = self.start + options_start;
        let options = match options::shlex_split(options_text) {
            Ok(words) => match options::parse(&words) {
                Ok(options) => Some(options),
                Err(e) => {
                    let span = options_base + e.span.start..options_base + e.span.end;
                    self.problem(
                        parsed,
                        ProblemKind::Rejected,
                        span,
                        format!("pip rejects this option: {}", e.message),
                        REJECTED_HELP,
                    );
                    None
                }
            },
            Err(message) => {
                let span = options_base..options_base + options_text.len();
                self.problem(
                    parsed,
                    ProblemKind::Rejected,
                    span,
                    format!("pip cannot split the options `{options_text}`: {message}"),
                    REJECTED_HELP,
                );
                None
            }
        };
        if !args.is_empty() {
            let piece = Piece {
                text: args.to_string(),
                base: Some(self.start),
                whole: self.start..self.start + args.len(),
            };
            self.requirement(parsed, &piece);
            return;
        }
        let Some(options) = options else { return };
        let value_piece = |value: &Value| {
            let whole = options_base + value.span.start..options_base + value.span.end;
            let verbatim = self
                .text
                .get(whole.start - self.start..whole.end - self.start)
                == Some(value.text.as_str());
            Piece {
                text: value.text.clone(),
                base: verbatim.then_some(whole.start),
                whole,
            }
        };
        if let Some(editable) = options.editables.first() {
            self.editable(parsed, &value_piece(editable));
        } else if let Some(target) = options.requirements.first() {
            self.include(parsed, &value_piece(target), false);
        } else if let Some(target) = options.constraints.first() {
            self.include(parsed, &value_piece(target), true);
        }
    }

    fn include(&self, parsed: &mut Parsed, target: &Piece, constraint: bool) {
        let variables = self.variables_in(&target.whole);
        if !variables.is_empty() {
            // A constraints file installs nothing: where it is does not
            // matter to the gate.
            if !constraint {
                self.problem(
                    parsed,
                    ProblemKind::Unnamed,
                    target.whole.clone(),
                    format!(
                        "adrift cannot tell which file `-r {}` includes: its path depends on {}",
                        target.text,
                        describe_variables(&variables)
                    ),
                    "write the path without environment variables, or list the included file's requirements in a file adrift reads",
                );
            }
            return;
        }
        parsed.entries.push(Entry::Include(Include {
            constraint,
            target: target.text.clone(),
            span: self.span(target.whole.clone()),
        }));
    }

    /// An `-e` value (pip's `parse_editable`).
    fn editable(&self, parsed: &mut Parsed, value: &Piece) {
        let text = value.text.as_str();
        let without_extras = strip_extras(text);
        let variables = self.variables_in(&value.whole);
        if without_extras.to_ascii_lowercase().starts_with("file:") {
            if self.egg(
                parsed,
                value,
                without_extras,
                None,
                Source::Url {
                    url: text.to_string(),
                    editable: true,
                },
            ) {
                return;
            }
            self.local(
                parsed,
                value,
                file_url_path(without_extras),
                true,
                None,
                &variables,
                "it is not a directory".to_string(),
            );
            return;
        }
        let mut url = text.to_string();
        for vcs in ["bzr", "git", "hg", "svn"] {
            if text.to_ascii_lowercase().starts_with(&format!("{vcs}:")) {
                url = format!("{vcs}+{text}");
                break;
            }
        }
        if url_scheme(&url).is_some_and(|s| VCS_SCHEMES.contains(&s.as_str())) {
            let source = Source::Url {
                url: text.to_string(),
                editable: true,
            };
            if !self.egg(parsed, value, text, None, source) {
                self.problem(
                    parsed,
                    ProblemKind::Rejected,
                    value.whole.clone(),
                    format!("pip cannot install `-e {text}`: it needs `#egg=<name>` to know which package it is"),
                    "add the package's name: `-e <url>#egg=<name>` (or drop `-e` and write `<name> @ <url>`)",
                );
            }
            return;
        }
        self.local(
            parsed,
            value,
            without_extras.to_string(),
            true,
            None,
            &variables,
            "it is neither a local project directory nor a VCS URL (`git+https://…`)".to_string(),
        );
    }

    /// A local project: named by the scan, which can look at the directory.
    #[allow(clippy::too_many_arguments)]
    fn local(
        &self,
        parsed: &mut Parsed,
        value: &Piece,
        path: String,
        editable: bool,
        marker: Option<String>,
        variables: &[String],
        otherwise: String,
    ) {
        if !variables.is_empty() {
            self.problem(
                parsed,
                ProblemKind::Unnamed,
                value.whole.clone(),
                format!(
                    "adrift cannot tell which project `{}` installs: its path depends on {}",
                    value.text,
                    describe_variables(variables)
                ),
                "write the path without environment variables",
            );
            return;
        }
        parsed.entries.push(Entry::Local(LocalProject {
            path,
            span: self.span(value.whole.clone()),
            line: self.logical.source.clone(),
            editable,
            marker,
            otherwise,
        }));
    }

    /// Names a URL by its `#egg=` fragment; false when it has none.
    fn egg(
        &self,
        parsed: &mut Parsed,
        piece: &Piece,
        url: &str,
        marker: Option<String>,
        source: Source,
    ) -> bool {
        let Some(m) = EGG.captures(url).and_then(|c| c.get(1)) else {
            return false;
        };
        let egg = m.as_str();
        let located = piece.at(m.range());
        if !self.variables_in(&located).is_empty() {
            self.unnamed_by_variable(parsed, located);
            return true;
        }
        match pep508::parse(egg, false) {
            Ok(r) => {
                let name_range = piece.at(m.start() + r.name.start..m.start() + r.name.end);
                self.package(
                    parsed,
                    egg[r.name].to_string(),
                    name_range,
                    marker,
                    r.extras,
                    source,
                );
            }
            Err(e) => self.problem(
                parsed,
                ProblemKind::Rejected,
                located,
                format!(
                    "the `#egg=` fragment of `{url}` is not a package name: {}",
                    e.message
                ),
                REJECTED_HELP,
            ),
        }
        true
    }

    fn unnamed_by_variable(&self, parsed: &mut Parsed, range: Range<usize>) {
        let variables = self.variables_in(&range);
        self.problem(
            parsed,
            ProblemKind::Unnamed,
            range,
            format!(
                "adrift cannot tell which package this installs: its name depends on {}",
                describe_variables(&variables)
            ),
            "write the package's name without environment variables (they are fine in versions, URLs and options)",
        );
    }

    fn package(
        &self,
        parsed: &mut Parsed,
        name: String,
        range: Range<usize>,
        marker: Option<String>,
        extras: Vec<String>,
        source: Source,
    ) {
        if !self.variables_in(&range).is_empty() {
            self.unnamed_by_variable(parsed, range);
            return;
        }
        parsed.entries.push(Entry::Package(Package {
            name,
            span: self.span(range),
            line: self.logical.source.clone(),
            marker,
            extras,
            source,
        }));
    }

    /// A requirement (pip's `parse_req_from_line`).
    fn requirement(&self, parsed: &mut Parsed, piece: &Piece) {
        let text = piece.text.as_str();
        let url_like = is_url(text);
        let separator = if url_like { "; " } else { ";" };
        let (main_end, marker) = match text.find(separator) {
            Some(i) => {
                let after = i + separator.len();
                let m = py_strip(&text[after..]);
                let marker_range = after + m.start..after + m.end;
                let marker_text = &text[marker_range.clone()];
                if marker_text.is_empty() {
                    (i, None)
                } else {
                    if let Err(e) = pep508::parse_marker(marker_text) {
                        self.problem(
                            parsed,
                            ProblemKind::Rejected,
                            piece.at(marker_range),
                            format!("invalid environment marker `{marker_text}`: {}", e.message),
                            REJECTED_HELP,
                        );
                    }
                    (i, Some(marker_text.to_string()))
                }
            }
            None => (text.len(), None),
        };
        let m = py_strip(&text[..main_end]);
        let main = &text[m.clone()];
        let sub = |range: Range<usize>| piece.at(m.start + range.start..m.start + range.end);
        if is_url(main) {
            self.link(parsed, piece, m.start, main, marker);
            return;
        }
        let path = strip_extras(main);
        if pep508::is_archive(path) {
            let pep508_url = main
                .split_once('@')
                .is_some_and(|(before, _)| !looks_like_path(before));
            if !pep508_url {
                let file = path.rsplit('/').next().unwrap_or(path);
                let offset = path.len() - file.len();
                self.named_file(parsed, piece, m.start + offset, file, marker, main);
                return;
            }
        } else if looks_like_path(main) && pep508::parse(main, false).is_err() {
            let reason = pep508::parse(main, false)
                .err()
                .map(|e| e.message)
                .unwrap_or_default();
            let variables = self.variables_in(&sub(0..main.len()));
            let piece = Piece {
                text: main.to_string(),
                base: piece.base.map(|b| b + m.start),
                whole: sub(0..main.len()),
            };
            self.local(
                parsed,
                &piece,
                path.to_string(),
                false,
                marker,
                &variables,
                format!("it is not a directory, and not a valid requirement either ({reason})"),
            );
            return;
        }
        self.pep508(parsed, piece, m.start, main, marker);
    }

    /// A PEP 508 requirement without its marker.
    fn pep508(
        &self,
        parsed: &mut Parsed,
        piece: &Piece,
        offset: usize,
        main: &str,
        marker: Option<String>,
    ) {
        let sub = |range: Range<usize>| piece.at(offset + range.start..offset + range.end);
        // An unset variable stays as written, which is never a valid
        // name; a set one could be anything. Read the requirement with
        // each variable as a placeholder of the same length.
        let placeholder =
            ENV_VAR.replace_all(main, |c: &regex::Captures<'_>| "x".repeat(c[0].len()));
        match pep508::parse(&placeholder, false) {
            Ok(r) => {
                let source = match &r.url {
                    Some(u) => Source::Url {
                        url: main[u.clone()].to_string(),
                        editable: false,
                    },
                    None => Source::Index,
                };
                self.package(
                    parsed,
                    main[r.name.clone()].to_string(),
                    sub(r.name),
                    marker,
                    r.extras,
                    source,
                );
            }
            Err(e) => {
                let hint = if main.contains(std::path::MAIN_SEPARATOR) {
                    "; it looks like a path, but a path pip installs is a directory or an archive"
                } else {
                    ""
                };
                self.problem(
                    parsed,
                    ProblemKind::Rejected,
                    sub(0..main.len()),
                    format!("invalid requirement `{main}`: {}{hint}", e.message),
                    REJECTED_HELP,
                );
                // Fail closed: a name that leads the broken line is still
                // what its author meant to install.
                if let Some(name) = leading_name(&placeholder)
                    && self.variables_in(&sub(name.clone())).is_empty()
                {
                    self.package(
                        parsed,
                        main[name.clone()].to_string(),
                        sub(name),
                        marker,
                        Vec::new(),
                        Source::Index,
                    );
                }
            }
        }
    }

    /// A URL requirement (pip's `Link`): a wheel by its file name, else by
    /// `#egg=`, else adrift names a source archive by its file name, else
    /// nothing can name it.
    fn link(
        &self,
        parsed: &mut Parsed,
        piece: &Piece,
        offset: usize,
        url: &str,
        marker: Option<String>,
    ) {
        let sub_piece = Piece {
            text: url.to_string(),
            base: piece.base.map(|b| b + offset),
            whole: piece.at(offset..offset + url.len()),
        };
        let (file, file_at) = link_file_name(url);
        if pep508::extension(&file) == ".whl" {
            let at = file_at.map(|a| offset + a);
            self.named_file(parsed, piece, at.unwrap_or(offset), &file, marker, url);
            return;
        }
        let source = Source::Url {
            url: url.to_string(),
            editable: false,
        };
        if self.egg(parsed, &sub_piece, url, marker.clone(), source) {
            return;
        }
        if pep508::sdist_name(&file).is_some() {
            let at = file_at.map(|a| offset + a).unwrap_or(offset);
            self.named_file(parsed, piece, at, &file, marker, url);
            return;
        }
        let vcs = url_scheme(url).is_some_and(|s| VCS_SCHEMES.contains(&s.as_str()));
        let how = if vcs {
            "pip names it only after cloning and building it"
        } else {
            "pip names it only after downloading and building it"
        };
        self.problem(
            parsed,
            ProblemKind::Unnamed,
            sub_piece.whole.clone(),
            format!("adrift cannot tell which package `{url}` installs: {how}"),
            "name it: write `<name> @ <url>` (or add `#egg=<name>` to the URL)",
        );
    }

    /// A wheel or source archive, named by its file name. `at` is where
    /// the file name starts in the piece (when the piece is verbatim).
    fn named_file(
        &self,
        parsed: &mut Parsed,
        piece: &Piece,
        at: usize,
        file: &str,
        marker: Option<String>,
        whole: &str,
    ) {
        let located = |range: Range<usize>| -> Range<usize> {
            let candidate = piece.at(at + range.start..at + range.end);
            let written = self
                .logical
                .text
                .get(candidate.clone())
                .is_some_and(|t| t == &file[range.clone()]);
            if written {
                candidate
            } else {
                piece.whole.clone()
            }
        };
        if pep508::extension(file) == ".whl" {
            match pep508::wheel_name(file) {
                Some(range) => {
                    let name = file[range.clone()].replace('_', "-");
                    if pep508::is_name(&name) {
                        let source = Source::Wheel {
                            file: file.to_string(),
                        };
                        self.package(parsed, name, located(range), marker, Vec::new(), source);
                    } else {
                        self.problem(
                            parsed,
                            ProblemKind::Rejected,
                            located(range),
                            format!(
                                "`{name}` (from the wheel `{file}`) is not a valid package name"
                            ),
                            REJECTED_HELP,
                        );
                    }
                }
                None => self.problem(
                    parsed,
                    ProblemKind::Rejected,
                    piece.whole.clone(),
                    format!("`{file}` is not a valid wheel file name"),
                    "a wheel is named `{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl`",
                ),
            }
            return;
        }
        match pep508::sdist_name(file) {
            Some(range) => {
                let source = Source::Sdist { file: file.to_string() };
                self.package(parsed, file[range.clone()].to_string(), located(range), marker, Vec::new(), source);
            }
            None => self.problem(
                parsed,
                ProblemKind::Unnamed,
                piece.whole.clone(),
                format!("adrift cannot tell which package `{whole}` installs: pip names an archive only after building it, and its file name is not `<name>-<version>`"),
                "name it: write `<name> @ <url>`",
            ),
        }
    }
}

fn describe_variables(variables: &[String]) -> String {
    let names: Vec<String> = variables.iter().map(|v| format!("`${{{v}}}`")).collect();
    if names.len() == 1 {
        format!("the environment variable {}", names[0])
    } else {
        format!("the environment variables {}", names.join(", "))
    }
}

/// The name a broken requirement starts with, if it starts with one.
fn leading_name(text: &str) -> Option<Range<usize>> {
    let start = text.len() - text.trim_start_matches([' ', '\t']).len();
    let rest = &text[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(rest.len());
    let name = rest[..end].trim_end_matches(['-', '_', '.']);
    (!name.is_empty() && pep508::is_name(name)).then(|| start..start + name.len())
}

static EGG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[#&]egg=([^&]*)").expect("regex"));

/// pip's `_strip_extras`: a path without a trailing `[extras]`.
fn strip_extras(text: &str) -> &str {
    if text.ends_with(']')
        && let Some(open) = text.rfind('[')
        && open > 0
        && !text[open + 1..text.len() - 1].contains(']')
        && text.len() - open > 2
    {
        return &text[..open];
    }
    text
}

/// pip's `_looks_like_path`.
fn looks_like_path(text: &str) -> bool {
    text.contains('/') || text.starts_with('.')
}

/// The VCS URL schemes pip knows (`vcs.all_schemes`).
pub const VCS_SCHEMES: [&str; 22] = [
    "bzr+http",
    "bzr+https",
    "bzr+ssh",
    "bzr+sftp",
    "bzr+ftp",
    "bzr+lp",
    "bzr+file",
    "git+http",
    "git+https",
    "git+ssh",
    "git+git",
    "git+file",
    "hg+file",
    "hg+http",
    "hg+https",
    "hg+ssh",
    "hg+static-http",
    "svn+ssh",
    "svn+http",
    "svn+https",
    "svn+svn",
    "svn+file",
];

/// pip's `get_url_scheme`: what stands before the first `:`, lower case.
fn url_scheme(text: &str) -> Option<String> {
    text.split_once(':').map(|(s, _)| s.to_ascii_lowercase())
}

/// pip's `is_url`.
fn is_url(text: &str) -> bool {
    url_scheme(text).is_some_and(|s| {
        matches!(s.as_str(), "http" | "https" | "file" | "ftp") || VCS_SCHEMES.contains(&s.as_str())
    })
}

/// A URL's file name (the last part of its path, percent-decoded), and
/// where it starts in the URL when it is written as decoded.
fn link_file_name(url: &str) -> (String, Option<usize>) {
    let after_scheme = url.find(':').map(|i| i + 1).unwrap_or(0);
    let end = url[after_scheme..]
        .find(['?', '#'])
        .map(|i| after_scheme + i)
        .unwrap_or(url.len());
    let mut path_start = after_scheme;
    if url[after_scheme..].starts_with("//") {
        // Skip the host.
        path_start = url[after_scheme + 2..end]
            .find('/')
            .map(|i| after_scheme + 2 + i)
            .unwrap_or(end);
    }
    let path = url[path_start..end].trim_end_matches('/');
    let raw = path.rsplit('/').next().unwrap_or("");
    let at = path_start + path.len() - raw.len();
    let decoded = percent_decode(raw);
    let located = (decoded == raw).then_some(at);
    (decoded, located)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The local path of a `file:` URL (`file:///srv/x`, `file:./x`).
pub fn file_url_path(url: &str) -> String {
    let rest = &url[url.find(':').map(|i| i + 1).unwrap_or(0)..];
    let rest = rest.split(['#', '?']).next().unwrap_or("");
    let path = match rest.strip_prefix("//") {
        Some(host_and_path) => match host_and_path.find('/') {
            Some(i) => &host_and_path[i..],
            None => "",
        },
        None => rest,
    };
    percent_decode(path)
}

/// What a remote include is: `http:`, `https:` (pip fetches them), or
/// `file:` (a local path).
pub fn include_scheme(target: &str) -> Option<String> {
    let scheme = url_scheme(target)?;
    matches!(scheme.as_str(), "http" | "https" | "file").then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        parse(text)
            .entries
            .into_iter()
            .filter_map(|e| match e {
                Entry::Package(p) => Some(p.name),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn lines_split_and_join_as_pip_does() {
        assert_eq!(names("fastapi\rsqlalchemy\r"), ["fastapi", "sqlalchemy"]);
        assert_eq!(
            names("a\x0bb\x0cc\x1cd\x1de\x1ef\u{85}g\u{2028}h\u{2029}i\r\nj"),
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]
        );
        assert_eq!(names("fast\\\napi\n"), ["fastapi"]);
        assert_eq!(names("foo # c \\\nbar\nbaz\n"), ["foo", "baz"]);
        assert_eq!(names("foo \\\n# c\nbar"), ["foo", "bar"]);
        assert_eq!(names("foo#bar\n"), ["foo"]);
        assert_eq!(names("  # x\n\tfoo\u{a0}\n"), ["foo"]);
        let text = "fast\\\napi==1 # c\n";
        let p = parse(text);
        let Entry::Package(p) = &p.entries[0] else {
            panic!()
        };
        assert_eq!(&text[p.span.clone()], "fast\\\napi");
        assert_eq!(p.line, 0..16);
    }

    #[test]
    fn includes_and_options() {
        let p = parse(
            "-r\tbase.txt\n-rother.txt\n--requirement=x.txt\n--requirement y.txt\n-c c.txt\n--requirem z.txt\n-r a.txt -r b.txt\nfoo -r ignored.txt\n",
        );
        let includes: Vec<(bool, &str)> = p
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Include(i) => Some((i.constraint, i.target.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(
            includes,
            [
                (false, "base.txt"),
                (false, "other.txt"),
                (false, "x.txt"),
                (false, "y.txt"),
                (true, "c.txt"),
                (false, "z.txt"),
                (false, "a.txt"),
            ]
        );
        assert!(p.problems.is_empty(), "{:?}", p.problems);
        let p = parse("--req base.txt\n");
        assert!(p.entries.is_empty());
        assert!(p.problems[0].message.contains("ambiguous option: --req"));
    }
}

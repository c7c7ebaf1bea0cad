//! The human report: one miette diagnostic per finding, with the source
//! snippet, labels and help, then a summary line.
//!
//! miette draws whatever it is given, so this module hands it only what it
//! can draw. Spans are clamped to the text and to character boundaries.
//! Control characters are shown as `?` in snippets and escaped in messages,
//! so that no file can move the cursor or hide a line of the report. A
//! snippet whose lines are very long is cut to a window around the finding:
//! miette pads underlines with a format width, which panics past column
//! 65,535, and nobody reads a line that long anyway. And if miette still
//! fails, the finding is written as one plain line: a report never loses a
//! finding.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{Style, printable};
use crate::finding::{Finding, Severity, Summary};
use crate::source::{SourceFile, Span};

/// Lines longer than this many bytes are never shown whole. A byte is at
/// most four columns (a tab), so a shown line stays far below miette's
/// limit of 65,535 columns.
const LONG_LINE: usize = 1024;

/// A file's text as miette reads it, with line and column numbers as the
/// other formats count them (lines by `\n`, columns in characters).
struct Text {
    file: Arc<SourceFile>,
    /// The text with control characters replaced, when it has any.
    shown: Option<Arc<str>>,
}

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.shown.as_deref().unwrap_or(&self.file.text);
        // Only the lines around the span are handed to miette, which would
        // otherwise scan the file from its start for every finding.
        let file = &self.file;
        let end = (span.offset() + span.len()).min(text.len());
        let first = (file.line_col(span.offset()).line - 1).saturating_sub(context_lines_before);
        let last = file.line_col(end).line - 1 + context_lines_after;
        let lo = file.line_span(first + 1).start.min(span.offset());
        let hi = if last + 2 > file.line_count() {
            text.len()
        } else {
            file.line_span(last + 2).start.max(end)
        };
        let part = text.get(lo..hi).unwrap_or(text);
        let lo = if part.len() == text.len() { 0 } else { lo };
        let relative = SourceSpan::new((span.offset() - lo).into(), span.len());
        let contents = part.read_span(&relative, context_lines_before, context_lines_after)?;
        let whole_line = if lo == 0 { 0 } else { first };
        // miette counts columns in bytes; the header shows this position.
        let (line, column) = if context_lines_before == 0 {
            let at = file.line_col(span.offset());
            (at.line - 1, at.column - 1)
        } else {
            (contents.line() + whole_line, contents.column())
        };
        let data_span = SourceSpan::new(
            (contents.span().offset() + lo).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            data_span,
            line,
            column,
            contents.line_count(),
        )))
    }
}

/// A window cut from one long line: `…` + part of the line + `…`, and where
/// the part stands in the file.
struct Window {
    text: String,
    /// 0-based line of the window in the file.
    line: usize,
    /// 0-based character column where the part starts.
    column: usize,
    /// Bytes of the leading `…` (0 when the window starts the line).
    lead: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            let at = floor_boundary(&self.text, span.offset().max(self.lead));
            self.column + self.text[self.lead..at].chars().count()
        } else {
            0
        };
        Ok(Box::new(MietteSpanContents::new(
            contents.data(),
            *contents.span(),
            self.line,
            column,
            contents.line_count(),
        )))
    }
}

enum Snippet {
    Whole(Text),
    Window(Window),
}

impl SourceCode for Snippet {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        match self {
            Snippet::Whole(text) => text.read_span(span, context_lines_before, context_lines_after),
            Snippet::Window(window) => {
                window.read_span(span, context_lines_before, context_lines_after)
            }
        }
    }
}

/// A finding made ready for miette: printable text, spans that fit.
struct FindingDiagnostic {
    code: String,
    severity: Severity,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<NamedSource<Snippet>>,
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.source.is_none() || self.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Source text as a snippet shows it: each control character but tab, line
/// feed and the carriage return of a CRLF becomes `?` per byte, so every
/// byte offset stays where it was. `None` when there is none.
fn shown_text(text: &str) -> Option<String> {
    let hidden = |c: char, next: Option<char>| {
        c.is_control() && c != '\t' && c != '\n' && !(c == '\r' && next == Some('\n'))
    };
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            any = true;
            break;
        }
    }
    if !any {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if hidden(c, chars.peek().copied()) {
            out.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Some(out)
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// A span moved inside the text and onto character boundaries, never
/// reversed.
fn clamp(text: &str, span: &Span) -> Span {
    let start = floor_boundary(text, span.start);
    let end = ceil_boundary(text, span.end.max(span.start)).max(start);
    start..end
}

/// Whether a snippet over `spans` (with miette's one line of context around
/// each) would show a line longer than [`LONG_LINE`].
fn shows_long_line(file: &SourceFile, spans: &[Span]) -> bool {
    let (Some(low), Some(high)) = (
        spans.iter().map(|s| s.start).min(),
        spans.iter().map(|s| s.end).max(),
    ) else {
        return false;
    };
    let first = file.line_col(low).line.saturating_sub(1).max(1);
    let last = file.line_col(high).line + 1;
    let from = file.line_span(first).start;
    let to = file.line_span(last).end;
    file.text[from..to].split('\n').any(|l| l.len() > LONG_LINE)
}

/// How many characters of a long line a window shows.
fn window_chars(style: Style) -> usize {
    style.width.saturating_sub(20).clamp(40, 200)
}

/// The window of `primary`'s first line around its start, and the byte
/// range of the file it shows.
fn window(file: &SourceFile, primary: &Span, chars: usize) -> (Window, Span) {
    let text = &file.text;
    let at = file.line_col(primary.start);
    let line = file.line_span(at.line);
    let line_start = if line.start == 0 && text.starts_with('\u{feff}') {
        3.min(line.end)
    } else {
        line.start
    };
    let start = primary.start.clamp(line_start, line.end);
    let from = text[line_start..start]
        .char_indices()
        .rev()
        .take(chars / 4)
        .last()
        .map_or(start, |(i, _)| line_start + i);
    let to = text[from..line.end]
        .char_indices()
        .nth(chars)
        .map_or(line.end, |(i, _)| from + i);
    let part = &text[from..to];
    let lead = if from > line_start { "…" } else { "" };
    let mut shown = String::with_capacity(part.len() + 6);
    shown.push_str(lead);
    shown.push_str(shown_text(part).as_deref().unwrap_or(part));
    if to < line.end {
        shown.push('…');
    }
    let column = file.line_col(from).column - 1;
    (
        Window {
            text: shown,
            line: at.line - 1,
            column,
            lead: lead.len(),
        },
        from..to,
    )
}

/// A finding made ready for miette. `shown` keeps each file's text with its
/// control characters replaced, made once per file.
fn prepare(
    finding: &Finding,
    shown: &mut HashMap<*const SourceFile, Option<Arc<str>>>,
    style: Style,
) -> FindingDiagnostic {
    let mut diagnostic = FindingDiagnostic {
        code: printable(&super::code_shown(finding), false).into_owned(),
        severity: finding.severity,
        message: printable(&finding.message, true).into_owned(),
        help: finding
            .help
            .as_deref()
            .map(|h| printable(h, true).into_owned()),
        labels: Vec::new(),
        source: None,
    };
    let (file, span) = match (&finding.file, &finding.span) {
        (Some(file), Some(span)) => (file, span),
        (Some(file), None) => {
            // Without a span miette shows no file name: say it first.
            diagnostic.message =
                format!("{}: {}", printable(&file.path, false), diagnostic.message);
            return diagnostic;
        }
        (None, _) => return diagnostic,
    };
    let name = printable(&file.path, false).into_owned();
    let primary = clamp(&file.text, span);
    let labels: Vec<(Span, String)> = finding
        .labels
        .iter()
        .map(|l| {
            (
                clamp(&file.text, &l.span),
                printable(&l.text, false).into_owned(),
            )
        })
        .collect();
    let spans: Vec<Span> = std::iter::once(primary.clone())
        .chain(labels.iter().map(|(s, _)| s.clone()))
        .collect();

    if !shows_long_line(file, &spans) {
        let shown = shown
            .entry(Arc::as_ptr(file))
            .or_insert_with(|| shown_text(&file.text).map(Arc::from))
            .clone();
        diagnostic
            .labels
            .push(LabeledSpan::new_primary_with_span(None, primary));
        diagnostic.labels.extend(
            labels
                .into_iter()
                .map(|(s, text)| LabeledSpan::new_with_span(Some(text), s)),
        );
        let text = Text {
            file: Arc::clone(file),
            shown,
        };
        diagnostic.source = Some(NamedSource::new(name, Snippet::Whole(text)));
        return diagnostic;
    }

    // A long line: a window around the primary span, and the labels that
    // fall inside it; the others are said in words.
    let (window, part) = window(file, &primary, window_chars(style));
    // An offset in the file as an offset in the window (a span that goes
    // on past the window ends with it).
    let inside = |offset: usize| window.lead + (offset.clamp(part.start, part.end) - part.start);
    diagnostic.labels.push(LabeledSpan::new_primary_with_span(
        None,
        inside(primary.start)..inside(primary.end),
    ));
    let mut notes = Vec::new();
    for (span, text) in labels {
        if span.start >= part.start && span.end <= part.end {
            diagnostic.labels.push(LabeledSpan::new_with_span(
                Some(text),
                inside(span.start)..inside(span.end),
            ));
        } else {
            let at = file.line_col(span.start);
            notes.push(format!("{text} (line {}, column {})", at.line, at.column));
        }
    }
    if !notes.is_empty() {
        let notes = notes.join("\n");
        diagnostic.help = Some(match diagnostic.help.take() {
            Some(help) => format!("{help}\n{notes}"),
            None => notes,
        });
    }
    diagnostic.source = Some(NamedSource::new(name, Snippet::Window(window)));
    diagnostic
}

/// A finding as plain lines, for when miette cannot draw it.
fn plain(finding: &Finding) -> String {
    let mark = match finding.severity {
        Severity::Error => "×",
        Severity::Warning => "⚠",
    };
    let place = match (&finding.file, &finding.span) {
        (Some(file), Some(_)) => {
            let (start, _) = finding.range();
            format!(
                "{}:{}:{}: ",
                printable(&file.path, false),
                start.line,
                start.column
            )
        }
        (Some(file), None) => format!("{}: ", printable(&file.path, false)),
        (None, _) => String::new(),
    };
    let mut out = format!(
        "{}\n\n  {mark} {place}{}\n",
        printable(&super::code_shown(finding), false),
        printable(&finding.message, true)
    );
    if let Some(help) = &finding.help {
        out.push_str(&format!("  help: {}\n", printable(help, true)));
    }
    out
}

/// Renders findings and the summary line.
pub fn render(findings: &[Finding], summary: Summary, noun: &str, style: Style) -> String {
    render_with_suppressed(findings, summary, noun, 0, 0, style)
}

/// Renders findings and the summary line, which counts waived findings and
/// those a baseline held.
pub fn render_with_suppressed(
    findings: &[Finding],
    summary: Summary,
    noun: &str,
    waived: usize,
    baselined: usize,
    style: Style,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width.max(20))
        .with_links(false)
        // Wrap only at spaces: a rule id, a waiver comment or a path is
        // never broken at a hyphen or inside a word.
        .with_break_words(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation);
    let mut shown = HashMap::new();
    let mut out = String::new();
    for finding in findings {
        let diagnostic = prepare(finding, &mut shown, style);
        let mut report = String::new();
        // miette can fail (or, being someone else's code, panic) on a
        // finding: then the finding is still said, in one plain line.
        let drawn = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            handler.render_report(&mut report, &diagnostic)
        }));
        match drawn {
            Ok(Ok(())) => out.push_str(&report),
            _ => out.push_str(&plain(finding)),
        }
        out.push('\n');
    }
    out.push_str(&summary_line(summary, noun, style));
    let mut notes = Vec::new();
    if waived > 0 {
        let what = if waived == 1 { "finding" } else { "findings" };
        notes.push(format!("{waived} {what} waived"));
    }
    if baselined > 0 {
        notes.push(format!("{baselined} in the baseline"));
    }
    if !notes.is_empty() {
        out.push_str(&format!(" ({})", notes.join(", ")));
    }
    out.push('\n');
    out
}

/// `found 2 errors and 1 warning in 12 records`, or `no problems in 12 records`.
pub fn summary_line(summary: Summary, noun: &str, style: Style) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let files = plural(summary.files, noun);
    if summary.errors == 0 && summary.warnings == 0 {
        return style.paint("32", &format!("no problems found in {files}"));
    }
    let mut parts = Vec::new();
    if summary.errors > 0 {
        parts.push(style.paint("31;1", &plural(summary.errors, "error")));
    }
    if summary.warnings > 0 {
        parts.push(style.paint("33;1", &plural(summary.warnings, "warning")));
    }
    let covering = match summary.declarations {
        Some(n) => format!(" (covering {})", plural(n, "declaration")),
        None => String::new(),
    };
    format!("found {}{covering} in {files}", parts.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLE: Style = Style {
        color: false,
        width: 80,
    };

    fn finding(text: &str, span: Span) -> Finding {
        let file = SourceFile::new("a.md".into(), text.into());
        Finding::new(&crate::lints::FILE_UNREADABLE, "the message")
            .in_file(&file)
            .at(span)
            .help("the help")
    }

    fn report(finding: Finding) -> String {
        let summary = Summary::of(std::slice::from_ref(&finding), 1);
        render(&[finding], summary, "record", STYLE)
    }

    #[test]
    fn spans_outside_the_text_or_reversed_are_clamped() {
        let out = report(finding("abc", 10..20).label(Span { start: 7, end: 3 }, "the label"));
        assert!(out.contains("× the message"), "{out}");
        assert!(out.contains("╭─[a.md:1:4]"), "{out}");
        assert!(!out.contains("Failed to read"), "{out}");
        assert!(out.contains("help: the help"), "{out}");
    }

    #[test]
    fn empty_files_and_spans_inside_a_character() {
        let out = report(finding("", 0..0));
        assert!(out.contains("╭─[a.md:1:1]"), "{out}");
        assert!(out.contains("× the message"), "{out}");
        let out = report(finding("ü\n", 1..1));
        assert!(out.contains("╭─[a.md:1:1]"), "{out}");
        assert!(out.contains(" 1 │ ü\n"), "{out}");
    }

    #[test]
    fn labels_outside_a_long_lines_window_are_said_in_words() {
        let text = format!("a{}b\n", "x".repeat(5000));
        let out = report(finding(&text, 5001..5002).label(0..1, "the other"));
        assert!(out.contains("╭─[a.md:1:5002]"), "{out}");
        assert!(out.contains("xxxb\n"), "{out}");
        assert!(out.contains("the other (line 1, column 1)"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 100), "{out}");
        // A span longer than the window ends with it.
        let out = report(finding(&text, 2..5003));
        assert!(out.contains("╭─[a.md:1:3]"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 100), "{out}");
    }

    #[test]
    fn the_plain_fallback_names_the_place() {
        let out = plain(&finding("ab\ncd", 4..5));
        assert_eq!(
            out,
            "file-unreadable\n\n  × a.md:2:2: the message\n  help: the help\n"
        );
    }
}

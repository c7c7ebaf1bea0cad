//! The human report: one miette diagnostic per finding, with the source
//! snippet, labels and help, then a summary line.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource,
    SourceCode, SourceSpan, SpanContents,
};

use super::Style;
use crate::finding::{Finding, Severity, Summary};
use crate::source::SourceFile;

/// A source file as miette reads it.
struct Text(Arc<SourceFile>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .text
            .read_span(span, context_lines_before, context_lines_after)
    }
}

struct FindingDiagnostic<'a> {
    finding: &'a Finding,
    source: Option<NamedSource<Text>>,
}

impl fmt::Debug for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl fmt::Display for FindingDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.finding.file, &self.finding.span) {
            // Without a span miette shows no file name: say it first.
            (Some(file), None) => write!(f, "{}: {}", file.path, self.finding.message),
            _ => f.write_str(&self.finding.message),
        }
    }
}

impl std::error::Error for FindingDiagnostic<'_> {}

impl Diagnostic for FindingDiagnostic<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.finding.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.finding
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.finding.span.as_ref()?;
        let primary =
            LabeledSpan::new_primary_with_span(None, span.start..span.end.max(span.start));
        let secondary = self
            .finding
            .labels
            .iter()
            .map(|l| LabeledSpan::new_with_span(Some(l.text.clone()), l.span.clone()));
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
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
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for finding in findings {
        let diagnostic = FindingDiagnostic {
            finding,
            source: finding
                .file
                .as_ref()
                .filter(|_| finding.span.is_some())
                .map(|f| NamedSource::new(f.path.clone(), Text(Arc::clone(f)))),
        };
        // Rendering into a String cannot fail.
        let _ = handler.render_report(&mut out, &diagnostic);
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
    format!("found {} in {files}", parts.join(" and "))
}

//! Inline waivers: `adrift:allow=RULE: reason` in a comment.
//!
//! ```text
//! # adrift:allow=no-persistence: the ALB access-log bucket holds no app state
//! // adrift:allow=no-persistence until 2027-03-31: migration off RDS, see OPS-142
//! sqlx = "0.8"  # adrift:allow=no-persistence: the offline migration tool only
//! ```
//!
//! A waiver stands on the finding's line (a trailing comment) or in the
//! comment lines directly above the block or line the finding is in. It
//! waives that rule's finding there and nothing else. The reason after the
//! colon is mandatory; `until YYYY-MM-DD` is optional, and after that day the
//! waiver is an error and waives nothing. `adrift:allow=a,b: reason` waives
//! both rules.

use std::sync::LazyLock;

use regex::Regex;

use crate::record::{DateProblem, parse_date};
use crate::source::{SourceFile, Span};

static WAIVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"adrift:allow=([A-Za-z0-9_-]*(?:[ \t]*,[ \t]*[A-Za-z0-9_-]+)*)([^\r\n]*)")
        .expect("waiver regex")
});

/// One waiver comment.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: String,
    pub reason: Option<String>,
    pub until: Option<Result<jiff::civil::Date, DateProblem>>,
    /// The 1-based line the comment is on.
    pub line: usize,
    pub span: Span,
    /// For a waiver written in a declaration's own data rather than a
    /// comment (a CloudFormation resource's `Metadata`): the identity of
    /// the declarations it covers, whatever else stands on its line.
    pub scope: Option<String>,
}

/// The comment markers of a file kind.
#[derive(Debug, Clone, Copy)]
pub enum Comments {
    /// `#` and `//` (Terraform).
    HashOrSlashes,
    /// `#` (TOML, requirements files).
    Hash,
    /// `//` (go.mod, go.work).
    Slashes,
    /// Any common comment marker (`#`, `//`, `/*`, `*`, `<!--`, `--`, `;`,
    /// `%`): a text file of any kind (`citation-stale`). A doc comment
    /// (`///`, `//!`) is documentation, where a waiver is only an example.
    AnyText,
}

impl Comments {
    fn is_comment_start(self, before: &str) -> bool {
        let t = before.trim_end();
        match self {
            Comments::HashOrSlashes => t.contains('#') || t.contains("//") || t.contains("/*"),
            Comments::Hash => t.contains('#'),
            Comments::Slashes => t.contains("//"),
            Comments::AnyText => {
                !t.trim_start().starts_with("///")
                    && !t.trim_start().starts_with("//!")
                    && ["#", "//", "/*", "*", "<!--", "--", ";", "%"]
                        .iter()
                        .any(|m| t.contains(m))
            }
        }
    }

    /// Whether a whole line is a comment.
    pub fn is_comment_line(self, line: &str) -> bool {
        let t = line.trim_start();
        match self {
            Comments::HashOrSlashes => t.starts_with('#') || t.starts_with("//"),
            Comments::Hash => t.starts_with('#'),
            Comments::Slashes => t.starts_with("//"),
            Comments::AnyText => ["#", "//", "/*", "*", "<!--", "--", ";", "%"]
                .iter()
                .any(|m| t.starts_with(m)),
        }
    }
}

/// Every waiver comment in a file.
pub fn find(file: &SourceFile, comments: Comments) -> Vec<Waiver> {
    let text = &file.text;
    if !text.contains("adrift:allow") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for caps in WAIVER.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        let line_start = text[..whole.start()]
            .rfind('\n')
            .map(|i| i + 1)
            .unwrap_or(0);
        if !comments.is_comment_start(&text[line_start..whole.start()]) {
            continue;
        }
        let rest = caps[2]
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim();
        let (until, reason) = match rest.strip_prefix("until") {
            Some(after) if after.starts_with(char::is_whitespace) => {
                let after = after.trim_start();
                let end = after.find([':', ' ', '\t']).unwrap_or(after.len());
                let date = &after[..end];
                (Some(parse_date(date)), after[end..].trim_start())
            }
            _ => (None, rest),
        };
        let reason = reason
            .strip_prefix(':')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        // `adrift:allow=a,b: reason` waives both rules: one waiver each,
        // sharing the comment (so each is checked and reported on its own).
        let line = file.line_col(whole.start()).line;
        for rule in caps[1].split(',') {
            out.push(Waiver {
                rule: rule.trim().to_string(),
                reason: reason.clone(),
                until: until.clone(),
                line,
                span: whole.start()..whole.end(),
                scope: None,
            });
        }
    }
    out
}

/// The lines whose waivers apply to something at `line` in a block that
/// starts at `block_line`: the line itself, the block's first line, and the
/// comment lines directly above the block.
pub fn covering_lines(
    file: &SourceFile,
    comments: Comments,
    line: usize,
    block_line: usize,
) -> Vec<usize> {
    let mut lines = vec![line];
    if block_line != line {
        lines.push(block_line);
    }
    let mut above = block_line;
    while above > 1 {
        above -= 1;
        let text = &file.text[file.line_span(above)];
        if !comments.is_comment_line(text) {
            break;
        }
        lines.push(above);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waivers_are_read_with_reason_and_expiry() {
        let file = SourceFile::new(
            "main.tf".into(),
            "# adrift:allow=no-persistence: logs only\nresource \"a\" \"b\" {} // adrift:allow=no-db until 2027-03-31: migration\n# adrift:allow=x\n\"adrift:allow=y: in a string\"\n".into(),
        );
        let w = find(&file, Comments::HashOrSlashes);
        assert_eq!(w.len(), 3);
        assert_eq!(
            (w[0].rule.as_str(), w[0].reason.as_deref(), w[0].line),
            ("no-persistence", Some("logs only"), 1)
        );
        assert_eq!(
            w[1].until.as_ref().unwrap().as_ref().unwrap().to_string(),
            "2027-03-31"
        );
        assert_eq!(w[1].reason.as_deref(), Some("migration"));
        assert_eq!(w[2].reason, None);
        assert_eq!(covering_lines(&file, Comments::HashOrSlashes, 2, 2), [2, 1]);
    }
}

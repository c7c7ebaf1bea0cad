//! Renderers: each turns findings (or records) into text, and never prints.
//! The binary decides where the text goes.

pub mod codeclimate;
pub mod compact;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod records;
pub mod rules;
pub mod sarif;

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::finding::Finding;

/// A finding's code as the text formats show it: `rule (may)` for a
/// finding adrift is not sure of (its message says why).
pub fn code_shown(f: &Finding) -> Cow<'_, str> {
    if f.may.is_some() {
        Cow::Owned(format!("{} (may)", f.code))
    } else {
        Cow::Borrowed(&f.code)
    }
}

/// The declarations a finding also covers (one thing, one finding), one
/// `path:line:column: subject: relation` each.
pub fn covered(f: &Finding) -> Vec<String> {
    f.covers
        .iter()
        .map(|c| {
            let at = c.file.line_col(c.span.start);
            format!(
                "{}:{}:{}: {}: {}",
                c.file.path, at.line, at.column, c.subject, c.relation
            )
        })
        .collect()
}

/// How output is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal and `NO_COLOR` is not set.
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour, given whether the output is a terminal. With
    /// `auto`, a non-empty `NO_COLOR` turns colour off, then a non-empty
    /// `FORCE_COLOR` or `CLICOLOR_FORCE` other than `0` turns it on.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let set =
                    |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
                if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                    false
                } else if set("FORCE_COLOR") || set("CLICOLOR_FORCE") {
                    true
                } else {
                    is_terminal
                }
            }
        }
    }
}

/// Settings shared by the human renderers.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Style {
    pub fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Text for a terminal or a one-line format: control characters (escape
/// sequences, carriage returns, NUL, and line feeds unless `keep_newlines`)
/// are written as Rust escapes (`\u{1b}`), so that no file name, title or
/// message can move the cursor, recolour or hide a line of the output, or
/// split one finding into two lines. Tabs are kept.
pub fn printable(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let hidden = |c: char| c.is_control() && c != '\t' && !(keep_newlines && c == '\n');
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

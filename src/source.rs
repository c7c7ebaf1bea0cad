//! Source text with a line index, shared by records and findings.
//!
//! Every finding points into the text it was found in. Keeping the text and
//! its line starts behind one `Arc` lets a finding carry its source to any
//! renderer without copying the file, and turns byte spans into the 1-based
//! lines and columns of the output contract in one place.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// A byte range into a [`SourceFile`]'s text.
pub type Span = Range<usize>;

/// The text of one file as adrift read it, with its display path.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as shown to users: relative to the working directory, with `/`.
    pub path: String,
    /// The text. Invalid UTF-8 is replaced (the reading lint says where).
    pub text: String,
    /// Built on first use: most files scanned produce no finding.
    line_starts: OnceLock<Vec<usize>>,
    /// Characters before each multiple of [`CHAR_MARK_BYTES`], built on
    /// first use by a column far into a long line.
    char_marks: OnceLock<Vec<usize>>,
}

/// Columns further than this into a line are counted from the nearest mark,
/// so that many findings on one long line cost linear time, not quadratic.
const CHAR_MARK_BYTES: usize = 256;

/// A 1-based line and column; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> Arc<Self> {
        Arc::new(SourceFile {
            path,
            text,
            line_starts: OnceLock::new(),
            char_marks: OnceLock::new(),
        })
    }

    /// A file read as bytes: its text, and the offset of the first byte that
    /// is not UTF-8 if any (the text then holds replacement characters there).
    pub fn from_bytes(path: String, bytes: Vec<u8>) -> (Arc<Self>, Option<usize>) {
        match String::from_utf8(bytes) {
            Ok(text) => (SourceFile::new(path, text), None),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                (SourceFile::new(path, text), Some(offset))
            }
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(memchr_newlines(self.text.as_bytes()));
            starts
        })
    }

    /// The line and column of a byte offset (clamped to the text and moved
    /// back to a character boundary, so it never panics).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_starts = self.line_starts();
        let line = match line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = line_starts[line];
        // A byte-order mark is not a column anyone can see.
        let start = if start == 0 && self.text.starts_with('\u{feff}') {
            3.min(offset)
        } else {
            start
        };
        let column = if offset - start < CHAR_MARK_BYTES {
            self.text[start..offset].chars().count() + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The number of characters before byte `offset` (a character boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let bytes = self.text.as_bytes();
        let marks = self.char_marks.get_or_init(|| {
            let mut marks = vec![0];
            for chunk in bytes.chunks(CHAR_MARK_BYTES) {
                marks.push(marks[marks.len() - 1] + char_starts(chunk));
            }
            marks
        });
        let mark = offset / CHAR_MARK_BYTES;
        marks[mark] + char_starts(&bytes[mark * CHAR_MARK_BYTES..offset])
    }

    /// `span` made safe to show: clamped to the text, widened out to
    /// character boundaries, and an empty span widened to the character at
    /// it unless that ends the line (then the report points between
    /// characters), so a report never cuts a character in two.
    pub fn visible_span(&self, span: Span) -> Span {
        let text = self.text.as_str();
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = span.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        if end == start {
            end = text[start..]
                .chars()
                .next()
                .filter(|c| !matches!(c, '\n' | '\r'))
                .map_or(start, |c| start + c.len_utf8());
        }
        start..end
    }

    /// How many lines the text has (at least one).
    pub fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// The byte range of the 1-based line `line`, without its line ending
    /// (clamped to the first and last lines, so it never panics).
    pub fn line_span(&self, line: usize) -> Span {
        let line_starts = self.line_starts();
        let line = line.clamp(1, line_starts.len());
        let start = line_starts[line - 1];
        let end = line_starts
            .get(line)
            .map(|next| next - 1)
            .unwrap_or(self.text.len());
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        start..end
    }
}

/// How many characters start in `bytes` (the bytes that are not UTF-8
/// continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_spans_never_cut_a_character() {
        // "é" is two bytes, "‑" three.
        let file = SourceFile::new("a.json".into(), "{é‑}".into());
        // Empty: widened to the whole character at it.
        assert_eq!(file.visible_span(1..1), 1..3);
        assert_eq!(file.visible_span(3..3), 3..6);
        // Inside a character: out to its boundaries.
        assert_eq!(file.visible_span(2..4), 1..6);
        assert_eq!(file.visible_span(4..4), 3..6);
        // Past the end: clamped, and empty at the end of the text.
        assert_eq!(file.visible_span(99..120), 7..7);
        assert_eq!(
            file.visible_span(std::ops::Range { start: 5, end: 2 }),
            3..6
        );
        // At a line's end: a point.
        let file = SourceFile::new("a.tf".into(), "a =\nb".into());
        assert_eq!(file.visible_span(3..3), 3..3);
        for start in 0..8 {
            for end in 0..8 {
                let span = file.visible_span(start..end);
                assert!(
                    file.text.get(span.clone()).is_some(),
                    "{start}..{end} → {span:?}"
                );
            }
        }
    }

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let file = SourceFile::new("a.md".into(), "ab\r\n‑c\nd".into());
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(4), LineCol { line: 2, column: 1 });
        // After the three-byte U+2011 comes column 2.
        assert_eq!(file.line_col(7), LineCol { line: 2, column: 2 });
        assert_eq!(file.line_col(9), LineCol { line: 3, column: 1 });
        assert_eq!(file.line_col(999), LineCol { line: 3, column: 2 });
        assert_eq!(file.line_col(5), LineCol { line: 2, column: 1 });
        assert_eq!(&file.text[file.line_span(1)], "ab");
        assert_eq!(&file.text[file.line_span(3)], "d");
        assert_eq!(&file.text[file.line_span(0)], "ab");
        assert_eq!(&file.text[file.line_span(9)], "d");
        let empty = SourceFile::new("e.md".into(), String::new());
        assert_eq!(empty.line_span(1), 0..0);
        assert_eq!(empty.line_span(2), 0..0);
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters() {
        let line = "é‑a".repeat(5000);
        let file = SourceFile::new("a.md".into(), format!("x\n{line}\n"));
        for (chars, (byte, _)) in line.char_indices().enumerate().step_by(997) {
            assert_eq!(
                file.line_col(2 + byte),
                LineCol {
                    line: 2,
                    column: chars + 1
                }
            );
        }
    }
}

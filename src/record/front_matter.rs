//! YAML front matter, read just far enough for records.
//!
//! Records use front matter for flat scalar fields (`status`, `date`, `adr`,
//! `title`); Jekyll and Docusaurus add others (`parent`, `tags: [a, b]`).
//! adrift reads the top-level `key: value` pairs with their spans line by
//! line, which also reads what YAML rejects and real records write
//! (`title: ADR-1: Use X`). Where the block is valid YAML, its scalar values
//! are then taken as YAML reads them, through the shared spanned reader
//! (`crate::scan::yaml`, ADR-0017): escapes in quotes, block scalars
//! (`status: >-`), flow-style quoting. Reading never fails: lines it does
//! not understand are kept out of the fields, never an error.

use crate::source::Span;

/// One top-level `key: value` pair.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FrontMatterField {
    pub key: String,
    /// The value with quotes and a trailing comment removed.
    pub value: String,
    #[serde(skip)]
    pub key_span: Span,
    #[serde(skip)]
    pub value_span: Span,
}

/// The result of looking for front matter at `start` in `text`.
pub struct FrontMatter {
    pub fields: Vec<FrontMatterField>,
    /// Where the Markdown body starts.
    pub body_start: usize,
    /// The opening `---` line when no closing line follows.
    pub unclosed: Option<Span>,
}

/// Reads front matter starting at byte `start` (after any BOM).
pub fn read(text: &str, start: usize) -> FrontMatter {
    let none = FrontMatter {
        fields: Vec::new(),
        body_start: start,
        unclosed: None,
    };
    let mut lines = Lines::new(text, start);
    let Some((first_start, first)) = lines.next() else {
        return none;
    };
    if first.trim_end() != "---" {
        return none;
    }
    let mut fields = Vec::new();
    let content_start = lines.pos;
    for (line_start, line) in lines.by_ref() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            as_yaml_reads_it(&mut fields, text, content_start..line_start);
            return FrontMatter {
                fields,
                body_start: lines.pos,
                unclosed: None,
            };
        }
        if let Some(field) = field(line, line_start) {
            fields.push(field);
        }
    }
    FrontMatter {
        fields: Vec::new(),
        body_start: start,
        unclosed: Some(first_start..first_start + first.trim_end().len()),
    }
}

/// Where the block `text[block]` is valid YAML with a mapping at its top,
/// each field whose value is a scalar takes YAML's value and span (without
/// the quotes); other fields keep the line reading.
fn as_yaml_reads_it(fields: &mut [FrontMatterField], text: &str, block: std::ops::Range<usize>) {
    let Some(source) = text.get(block.clone()) else {
        return;
    };
    let stream = crate::scan::yaml::parse(source);
    if stream.error.is_some() || stream.documents.len() != 1 {
        return;
    }
    let Some(entries) = stream.documents[0].entries() else {
        return;
    };
    for field in fields.iter_mut() {
        let Some((_, value)) = entries.iter().find(|(k, _)| k.as_str() == Some(&field.key)) else {
            continue;
        };
        let Some(scalar) = value.as_str() else {
            continue;
        };
        let written = &source[value.span.clone()];
        // A tag (`!!str "x"`) is not part of the value.
        let mut span = value.span.clone();
        if value.tag.is_some()
            && let Some(space) = written.find([' ', '\t'])
        {
            let skip = space + (written[space..].len() - written[space..].trim_start().len());
            span.start += skip;
        }
        // saphyr's end mark may fall after trailing white space.
        let written = &source[span.clone()];
        span.end = span.start + written.trim_end().len();
        let written = &source[span.clone()];
        let quoted = written.len() >= 2
            && ((written.starts_with('"') && written.ends_with('"'))
                || (written.starts_with('\'') && written.ends_with('\'')));
        if quoted {
            span = span.start + 1..span.end - 1;
        }
        field.value = scalar.trim().to_string();
        field.value_span = block.start + span.start..block.start + span.end;
    }
}

fn field(line: &str, line_start: usize) -> Option<FrontMatterField> {
    // Top-level keys start at column 1; indented lines belong to a value.
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let colon = line.find(':')?;
    let key = line[..colon].trim();
    let key = key.trim_matches(|c| c == '"' || c == '\'');
    if key.is_empty() || key.contains(char::is_whitespace) {
        return None;
    }
    let after = &line[colon + 1..];
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let raw_start = colon + 1 + (after.len() - after.trim_start().len());
    let mut raw = after.trim();
    // A comment starts at ` #` outside quotes.
    if !raw.starts_with(['"', '\'']) {
        if let Some(hash) = raw.find(" #") {
            raw = raw[..hash].trim_end();
        }
        if raw.starts_with('#') {
            raw = "";
        }
    }
    let (value, value_offset, value_len) = unquote(raw);
    let value_start = line_start + raw_start + value_offset;
    Some(FrontMatterField {
        key: key.to_string(),
        value,
        key_span: line_start..line_start + colon,
        value_span: value_start..value_start + value_len,
    })
}

/// Removes matching quotes; returns the value, its offset in `raw` and its
/// length in the source.
fn unquote(raw: &str) -> (String, usize, usize) {
    for q in ['"', '\''] {
        if raw.len() >= 2
            && raw.starts_with(q)
            && let Some(end) = raw[1..].find(q)
        {
            let inner = &raw[1..1 + end];
            return (inner.to_string(), 1, inner.len());
        }
    }
    (raw.to_string(), 0, raw.len())
}

/// Lines with their start offsets, without line endings.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, pos: usize) -> Self {
        Lines { text, pos }
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let (line, advance) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scalars_with_spans_and_skips_nested_values() {
        let text = "---\r\nstatus: \"accepted\" \r\ndate: 2024-01-02 # when\r\ntags:\r\n  - a\r\nadr: '0001'\r\n---\r\n# T\r\n";
        let fm = read(text, 0);
        assert!(fm.unclosed.is_none());
        let keys: Vec<_> = fm
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(
            keys,
            [
                ("status", "accepted"),
                ("date", "2024-01-02"),
                ("tags", ""),
                ("adr", "0001")
            ]
        );
        assert_eq!(&text[fm.fields[0].value_span.clone()], "accepted");
        assert_eq!(&text[fm.fields[1].value_span.clone()], "2024-01-02");
        assert_eq!(&text[fm.body_start..], "# T\r\n");
    }

    #[test]
    fn valid_yaml_is_read_as_yaml_reads_it() {
        let text = "---\ntitle: \"Use \\\"Kafka\\\" for events\"\nstatus: >-\n  Accepted\ndate: '2024-01-02'\n---\n# T\n";
        let fm = read(text, 0);
        let value = |k: &str| fm.fields.iter().find(|f| f.key == k).unwrap();
        assert_eq!(value("title").value, "Use \"Kafka\" for events");
        assert_eq!(
            &text[value("title").value_span.clone()],
            "Use \\\"Kafka\\\" for events"
        );
        assert_eq!(value("status").value, "Accepted");
        assert_eq!(value("date").value, "2024-01-02");
        assert_eq!(&text[value("date").value_span.clone()], "2024-01-02");
    }

    #[test]
    fn what_yaml_rejects_is_still_read_line_by_line() {
        let text = "---\ntitle: ADR-1: Use X\nstatus: accepted\n---\n";
        let fm = read(text, 0);
        let keys: Vec<_> = fm
            .fields
            .iter()
            .map(|f| (f.key.as_str(), f.value.as_str()))
            .collect();
        assert_eq!(keys, [("title", "ADR-1: Use X"), ("status", "accepted")]);
    }

    #[test]
    fn unclosed_front_matter_is_reported_and_ignored() {
        let fm = read("---\nstatus: x\n# T\n", 0);
        assert!(fm.fields.is_empty());
        assert_eq!(fm.unclosed, Some(0..3));
        assert_eq!(fm.body_start, 0);
    }

    #[test]
    fn no_front_matter() {
        let fm = read("# Title\n---\n", 0);
        assert!(fm.fields.is_empty() && fm.unclosed.is_none());
    }
}

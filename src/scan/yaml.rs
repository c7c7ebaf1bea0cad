//! YAML, read through saphyr-parser's events into a small tree whose every
//! node keeps its byte span (ADR-0017).
//!
//! The ecosystems that read YAML (pnpm locks, Compose files, Kubernetes
//! manifests, Helm charts, CloudFormation templates) share this one reader:
//! text in, documents out, no I/O. It never panics and never recurses: the
//! tree is built with an explicit stack, nesting deeper than [`MAX_DEPTH`] is
//! an error, and aliases are kept as aliases (never expanded, so a "billion
//! laughs" file stays small); [`Stream::anchored`] finds what an alias names.
//! On a syntax error the documents read so far, and the part of the current
//! one before the error, are kept beside the error, so a broken file still
//! has what can be read of it checked.

use std::ops::Range;

use std::sync::Arc;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use crate::finding::Finding;
use crate::source::SourceFile;

/// Deeper nesting than this is an error (a real manifest nests a few dozen
/// levels; the limit keeps dropping the tree off the stack's edge).
pub const MAX_DEPTH: usize = 512;

/// One node of a document: its byte span in the text, its tag as written
/// (`!Ref`, `!!str`), its anchor (0 for none) and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Range<usize>,
    pub tag: Option<String>,
    pub anchor: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar's value (escapes and folding applied) and whether it was
    /// written plain (unquoted, so `null`, `true` and numbers are not
    /// strings).
    Scalar {
        value: String,
        plain: bool,
    },
    Map(Vec<(Node, Node)>),
    Seq(Vec<Node>),
    /// `*name`: the anchor id it refers to.
    Alias(usize),
}

/// A YAML stream: its documents, and the syntax error that ended it early.
#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<Node>,
    pub error: Option<YamlError>,
}

/// A syntax error: what is wrong and the byte offset where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
}

impl Node {
    /// The scalar's value, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The mapping's entries, if this is a mapping.
    pub fn entries(&self) -> Option<&[(Node, Node)]> {
        match &self.kind {
            Kind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The sequence's items, if this is a sequence.
    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The value of the first entry whose key is the scalar `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v)
    }

    /// Whether this is a plain `null`, `~` or empty scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

impl Stream {
    /// The node anchor `id` was set on (the last one before `before`, as
    /// YAML lets a later anchor reuse a name), for an alias at `before`.
    pub fn anchored(&self, id: usize, before: usize) -> Option<&Node> {
        if id == 0 {
            return None;
        }
        let mut found = None;
        let mut stack: Vec<&Node> = self.documents.iter().rev().collect();
        while let Some(node) = stack.pop() {
            if node.span.start >= before {
                continue;
            }
            if node.anchor == id {
                found = Some(node);
            }
            match &node.kind {
                Kind::Map(entries) => {
                    for (k, v) in entries.iter().rev() {
                        stack.push(v);
                        stack.push(k);
                    }
                }
                Kind::Seq(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
        found
    }
}

impl YamlError {
    /// The `parse-error` finding for this error in `file`: the same for
    /// every ecosystem that reads the file, so it is reported once.
    pub fn finding(&self, file: &Arc<SourceFile>) -> Finding {
        crate::scan::parse_error(
            file,
            self.offset..self.offset,
            format!("not valid YAML: {}", self.message),
            "fix the syntax (a YAML linter says more); adrift fails closed on files it cannot read, and checks what it read before the error",
        )
    }
}

/// Maps saphyr's character indices to byte offsets in increasing order
/// (events come in text order), with a checkpoint every 4,096 characters
/// for the few that go back.
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
    checkpoints: Vec<usize>,
    at: (usize, usize),
}

const CHECKPOINT: usize = 4096;

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        if !ascii {
            for (n, (byte, _)) in text.char_indices().enumerate() {
                if n % CHECKPOINT == 0 {
                    checkpoints.push(byte);
                }
            }
        }
        Offsets {
            text,
            ascii,
            checkpoints,
            at: (0, 0),
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return char_index.min(self.text.len());
        }
        if char_index < self.at.0 || char_index - self.at.0 > CHECKPOINT {
            let k = (char_index / CHECKPOINT).min(self.checkpoints.len().saturating_sub(1));
            self.at = (
                k * CHECKPOINT,
                self.checkpoints.get(k).copied().unwrap_or(0),
            );
        }
        let (mut chars, mut byte) = self.at;
        let mut rest = self.text[byte..].chars();
        while chars < char_index {
            match rest.next() {
                Some(c) => {
                    byte += c.len_utf8();
                    chars += 1;
                }
                None => break,
            }
        }
        self.at = (chars, byte);
        byte
    }

    fn span(&mut self, span: &Span) -> Range<usize> {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        start..end
    }
}

/// A container being built.
struct Open {
    node: Node,
    /// A mapping's key waiting for its value.
    key: Option<Node>,
}

/// Reads `text` as a YAML stream. Never fails: a syntax error is returned
/// beside what was read before it.
pub fn parse(text: &str) -> Stream {
    let mut stream = Stream::default();
    let mut offsets = Offsets::new(text);
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(pair) => pair,
            Err(error) => {
                stream.error = Some(YamlError {
                    message: error.info().to_string(),
                    offset: offsets.byte(error.marker().index()),
                });
                break;
            }
        };
        let at = offsets.span(&span);
        let leaf = match event {
            Event::StreamStart | Event::StreamEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                stack.clear();
                root = None;
                None
            }
            Event::DocumentEnd => {
                if let Some(node) = root.take() {
                    stream.documents.push(node);
                }
                None
            }
            Event::Alias(id) => Some(Node {
                span: at,
                tag: None,
                anchor: 0,
                kind: Kind::Alias(id),
            }),
            Event::Scalar(value, style, anchor, tag) => Some(Node {
                span: at,
                tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                anchor,
                kind: Kind::Scalar {
                    value: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                },
            }),
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if stack.len() >= MAX_DEPTH {
                    stream.error = Some(YamlError {
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        offset: at.start,
                    });
                    break;
                }
                let kind = if matches!(event, Event::MappingStart(..)) {
                    Kind::Map(Vec::new())
                } else {
                    Kind::Seq(Vec::new())
                };
                stack.push(Open {
                    node: Node {
                        span: at,
                        tag: tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix)),
                        anchor,
                        kind,
                    },
                    key: None,
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => stack.pop().map(|open| {
                let mut node = open.node;
                node.span.end = node.span.end.max(at.end);
                node
            }),
        };
        if let Some(node) = leaf {
            attach(&mut stack, &mut root, node);
        }
    }
    // What was open when the text stopped (an error, or a stream without
    // its end events) is kept as far as it was read.
    while let Some(open) = stack.pop() {
        let mut node = open.node;
        if let Some(key) = open.key {
            let end = key.span.end;
            add(
                &mut node,
                key,
                Some(Node {
                    span: end..end,
                    tag: None,
                    anchor: 0,
                    kind: Kind::Scalar {
                        value: String::new(),
                        plain: true,
                    },
                }),
            );
        }
        attach(&mut stack, &mut root, node);
    }
    if let Some(node) = root.take() {
        stream.documents.push(node);
    }
    stream
}

/// Adds a finished node to the container on top of the stack, or makes it
/// the document's root.
fn attach(stack: &mut [Open], root: &mut Option<Node>, node: Node) {
    let Some(open) = stack.last_mut() else {
        *root = Some(node);
        return;
    };
    if let Kind::Map(_) = open.node.kind {
        match open.key.take() {
            None => open.key = Some(node),
            Some(key) => add(&mut open.node, key, Some(node)),
        }
    } else {
        add(&mut open.node, node, None);
    }
}

fn add(container: &mut Node, first: Node, value: Option<Node>) {
    let end = value.as_ref().map_or(first.span.end, |v| v.span.end);
    match (&mut container.kind, value) {
        (Kind::Map(entries), Some(value)) => entries.push((first, value)),
        (Kind::Seq(items), _) => items.push(first),
        _ => {}
    }
    container.span.end = container.span.end.max(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.clone()]
    }

    #[test]
    fn nodes_keep_byte_spans_past_wide_characters() {
        let text = "# é\nservices:\n  dé:\n    image: \"postgres:16\"\n    x: !Ref Tbl\n";
        let stream = parse(text);
        assert_eq!(stream.error, None);
        let doc = &stream.documents[0];
        let service = doc.get("services").unwrap().get("dé").unwrap();
        let image = service.get("image").unwrap();
        assert_eq!(image.as_str(), Some("postgres:16"));
        assert_eq!(text_of(text, image), "\"postgres:16\"");
        let x = service.get("x").unwrap();
        assert_eq!(x.tag.as_deref(), Some("!Ref"));
        assert_eq!(text_of(text, x), "!Ref Tbl");
    }

    #[test]
    fn several_documents_and_aliases() {
        let text = "a: &x {image: redis}\n---\n- *x\n- b\n...\n---\nc: d\n";
        let stream = parse(text);
        assert_eq!(stream.error, None);
        assert_eq!(stream.documents.len(), 3);
        let alias = &stream.documents[1].items().unwrap()[0];
        let Kind::Alias(id) = alias.kind else {
            panic!("{alias:?}")
        };
        let target = stream.anchored(id, alias.span.start).unwrap();
        assert_eq!(target.get("image").unwrap().as_str(), Some("redis"));
    }

    #[test]
    fn an_error_keeps_what_was_read_before_it() {
        let text = "one: 1\n---\nimage: mysql\nports: [1, 2\nnext: x\n";
        let stream = parse(text);
        let error = stream.error.clone().unwrap();
        assert!(error.offset > text.find("ports").unwrap(), "{error:?}");
        assert_eq!(stream.documents.len(), 2);
        assert_eq!(
            stream.documents[1].get("image").unwrap().as_str(),
            Some("mysql")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        let stream = parse(&text);
        assert!(stream.error.is_some());
        let text = "- ".repeat(MAX_DEPTH + 10) + "x\n";
        let stream = parse(&text);
        assert!(stream.error.is_some());
    }

    #[test]
    fn block_scalars_and_nulls() {
        let text = "a: |\n  line one\n  line two\nb:\nc: ~\nd: 'null'\n";
        let stream = parse(text);
        let doc = &stream.documents[0];
        assert_eq!(doc.get("a").unwrap().as_str(), Some("line one\nline two\n"));
        assert!(doc.get("b").unwrap().is_null());
        assert!(doc.get("c").unwrap().is_null());
        assert!(!doc.get("d").unwrap().is_null());
    }
}

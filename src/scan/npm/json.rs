//! JSON with spans (jsonc-parser, strict: what `JSON.parse` accepts), after
//! a nesting check so a hostile file cannot take the parser's recursion off
//! the stack's edge.

use std::ops::Range;

use jsonc_parser::ast::{ObjectPropName, Value};

/// Deeper nesting than this is refused (npm's files nest a dozen levels).
pub const MAX_DEPTH: usize = 256;

/// Why a JSON file was not read: the message and where.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    pub message: String,
    pub span: Range<usize>,
}

/// The parsed value of `text` (a leading byte-order mark is skipped, as
/// npm does); spans are into `text`. Text `JSON.parse` refuses is read
/// again leniently (comments, trailing commas, ...), so what can be read
/// is still checked: the value then comes with the strict error.
pub fn parse(text: &str) -> Result<(Value<'_>, usize, Option<JsonError>), JsonError> {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[offset..];
    if let Some(at) = too_deep(body) {
        return Err(JsonError {
            message: format!("nested deeper than {MAX_DEPTH} levels"),
            span: at + offset..at + offset + 1,
        });
    }
    let strict = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let error = match jsonc_parser::parse_to_ast(body, &Default::default(), &strict) {
        Ok(parsed) => {
            return match parsed.value {
                Some(value) => Ok((value, offset, None)),
                None => Err(JsonError {
                    message: "the file is empty".to_string(),
                    span: offset..offset,
                }),
            };
        }
        Err(e) => {
            let r = e.range();
            JsonError {
                message: e.kind().to_string(),
                span: r.start + offset..r.end.max(r.start) + offset,
            }
        }
    };
    match jsonc_parser::parse_to_ast(body, &Default::default(), &Default::default()) {
        Ok(parsed) => match parsed.value {
            Some(value) => Ok((value, offset, Some(error))),
            None => Err(error),
        },
        Err(_) => Err(error),
    }
}

/// The offset of the first bracket nested deeper than [`MAX_DEPTH`],
/// outside strings.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A property name's decoded text and its span (quotes included).
pub fn prop_name<'a>(name: &'a ObjectPropName<'a>) -> (&'a str, Range<usize>) {
    match name {
        ObjectPropName::String(s) => (s.value.as_ref(), s.range.start..s.range.end),
        ObjectPropName::Word(w) => (w.value, w.range.start..w.range.end),
    }
}

/// A value's span.
pub fn span(value: &Value<'_>) -> Range<usize> {
    use jsonc_parser::common::Ranged;
    let r = value.range();
    r.start..r.end
}

/// How a message names a JSON value's kind.
pub fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

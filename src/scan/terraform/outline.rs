//! The outline of a `.tf` file: every block header and the few attributes a
//! rule can match, read with Terraform's own lexical rules ([`super::lexer`])
//! in one linear pass with no recursion and no nesting limit.
//!
//! The outline is the Terraform prefilter: a file whose outline is clean and
//! declares nothing a rule wants is never parsed further (property-tested
//! against hcl-edit in `super::tests`). It is also the reader of last
//! resort: where hcl-edit is stricter than Terraform (its nesting and
//! operator limits, duplicate object keys, heredoc markers after white space
//! other than spaces and tabs) or the file does not parse at all, the
//! outline's declarations are still checked.

use std::ops::Range;

use super::lexer::{Kind, Lexer, Token, decode_quoted};

/// A value adrift may need: a constant string, or an expression it cannot
/// read without evaluating it (which the hcl-edit reader then tries).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Unknown,
}

/// What a header or attribute declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// `resource` or `data` (`data: true`), at the top level or in a
    /// `check` block.
    Block {
        data: bool,
        ty: String,
        name: String,
        /// From the keyword to the last label.
        header: Range<usize>,
        /// `count`/`for_each` as written; `None` when absent.
        count: Option<(String, String)>,
        /// The `provider = x.y` meta-argument's local name.
        provider: Option<String>,
        /// From the keyword to the closing `}` (to the end of the text
        /// when it is never closed); what it refers to is read from here.
        body: Range<usize>,
        /// Its attributes, read by hcl-edit for a resource some rule
        /// wants (the outline reads none).
        attributes: Option<std::sync::Arc<crate::scan::target::Attributes>>,
    },
    Module {
        name: String,
        header: Range<usize>,
        /// The `source` value, and its span (the block when absent).
        source: Option<(Value, Range<usize>)>,
        count: Option<(String, String)>,
    },
    /// An entry of `terraform { required_providers { … } }`.
    RequiredProvider {
        local: String,
        /// The entry's `source`; `None` when it has none (`hashicorp/<local>`).
        source: Option<Value>,
        /// The source value's span, or the entry's.
        span: Range<usize>,
    },
    /// `provider "name" { … }`.
    ProviderBlock { local: String, header: Range<usize> },
    /// A container image of an `aws_ecs_task_definition` (read by hcl-edit
    /// only: the outline reads headers and sources, and the prefilter
    /// sends every task definition on when images are wanted).
    ContainerImage {
        /// The task definition's name.
        task: String,
        header: Range<usize>,
        image: Value,
        span: Range<usize>,
        count: Option<(String, String)>,
    },
}

/// A file's outline.
#[derive(Debug, Default)]
pub struct Outline {
    pub items: Vec<Item>,
    /// The first problem, with where it is: the file is not valid HCL.
    pub error: Option<(String, Range<usize>)>,
    /// The file uses something hcl-edit rejects and Terraform accepts.
    pub lenient: bool,
    /// hcl-edit reads the file differently from Terraform (see
    /// [`Lexer::hcl_edit_diverges`]): both readings are then checked.
    pub diverges: bool,
}

/// What the block being read is, as far as the outline cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Other,
    /// The body of the `items[index]` resource, data or module block.
    Declaring(usize),
    Terraform,
    RequiredProviders,
    Check,
}

struct Reader<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    peeked: Option<Token>,
    out: Outline,
}

impl Reader<'_> {
    fn next(&mut self) -> Token {
        self.peeked
            .take()
            .unwrap_or_else(|| self.lexer.next_token())
    }

    fn peek(&mut self) -> &Token {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token());
        }
        self.peeked.as_ref().expect("peeked")
    }

    fn fail(&mut self, message: impl Into<String>, span: Range<usize>) {
        if self.out.error.is_none() {
            self.out.error = Some((message.into(), span));
        }
    }

    fn text_of(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }
}

/// Reads the outline of `text`; `bad_bytes` are the offsets where the text
/// holds a replacement for a byte that was not UTF-8.
pub fn outline(text: &str, bad_bytes: &[usize]) -> Outline {
    let mut r = Reader {
        text,
        lexer: Lexer::new(text, bad_bytes),
        peeked: None,
        out: Outline::default(),
    };
    // The open blocks, innermost last.
    let mut stack: Vec<Context> = Vec::new();
    loop {
        let token = r.next();
        match token.kind {
            Kind::Eof => {
                if !stack.is_empty() {
                    r.fail("a block that is never closed (`}` expected)", token.span);
                }
                break;
            }
            Kind::Newline => {}
            Kind::CBrace if !stack.is_empty() => {
                if let Some(Context::Declaring(index)) = stack.pop()
                    && let Item::Block { body, .. } = &mut r.out.items[index]
                {
                    body.end = token.span.end;
                }
                // A block ends its line.
                expect_line_end(&mut r);
            }
            Kind::Ident => body_item(&mut r, token, &mut stack),
            Kind::Error(message) => {
                r.fail(format!("cannot read Terraform: {message}"), token.span);
                skip_line(&mut r);
            }
            _ => {
                r.fail(
                    "cannot read Terraform: an argument or block definition is expected here",
                    token.span,
                );
                skip_line(&mut r);
            }
        }
    }
    r.out.lenient = r.lexer.lenient_heredoc;
    r.out.diverges = r.lexer.hcl_edit_diverges;
    r.out
}

/// After a block's `}`: the end of the line (or file).
fn expect_line_end(r: &mut Reader<'_>) {
    match r.peek().kind {
        Kind::Newline | Kind::Eof => {}
        // `}` of the enclosing single-line block.
        Kind::CBrace => {}
        _ => {
            let span = r.peek().span.clone();
            r.fail(
                "cannot read Terraform: a newline is expected after a block",
                span,
            );
        }
    }
}

fn skip_line(r: &mut Reader<'_>) {
    loop {
        match r.peek().kind {
            Kind::Newline | Kind::Eof => return,
            _ => {
                r.next();
            }
        }
    }
}

/// One body item starting with the identifier `first`.
fn body_item(r: &mut Reader<'_>, first: Token, stack: &mut Vec<Context>) {
    let keyword = r.text_of(&first.span).to_string();
    if r.peek().kind == Kind::Equal {
        r.next();
        attribute(r, &keyword, first, stack);
        return;
    }
    // A block: labels, then `{`.
    let mut labels: Vec<(String, Range<usize>)> = Vec::new();
    loop {
        let token = r.next();
        match token.kind {
            Kind::Ident => labels.push((r.text_of(&token.span).to_string(), token.span)),
            Kind::Str { template: false } => {
                let raw = r.text_of(&token.span).to_string();
                match decode_quoted(&raw) {
                    Some(label) => labels.push((label, token.span)),
                    None => {
                        r.fail(
                            "cannot read Terraform: an invalid escape in a block label",
                            token.span.clone(),
                        );
                        labels.push((raw, token.span));
                    }
                }
            }
            Kind::OBrace => {
                let header = first.span.start..labels.last().map_or(first.span.end, |l| l.1.end);
                let context = open_block(r, stack.last().copied(), &keyword, &labels, header);
                stack.push(context);
                return;
            }
            Kind::Error(message) => {
                r.fail(format!("cannot read Terraform: {message}"), token.span);
                skip_line(r);
                return;
            }
            _ => {
                r.fail(
                    "cannot read Terraform: a block label or `{` is expected here",
                    token.span,
                );
                if token.kind != Kind::Newline {
                    skip_line(r);
                }
                return;
            }
        }
    }
}

/// What a block is, from where it stands, its keyword and its labels.
fn open_block(
    r: &mut Reader<'_>,
    parent: Option<Context>,
    keyword: &str,
    labels: &[(String, Range<usize>)],
    header: Range<usize>,
) -> Context {
    let label = |i: usize| labels.get(i).map(|l| l.0.clone()).unwrap_or_default();
    match (parent, keyword) {
        (None | Some(Context::Check), "resource" | "data")
            if parent.is_none() || keyword == "data" =>
        {
            r.out.items.push(Item::Block {
                data: keyword == "data",
                ty: label(0),
                name: label(1),
                body: header.start..r.text.len(),
                header,
                count: None,
                provider: None,
                attributes: None,
            });
            Context::Declaring(r.out.items.len() - 1)
        }
        (None, "module") => {
            r.out.items.push(Item::Module {
                name: label(0),
                header,
                source: None,
                count: None,
            });
            Context::Declaring(r.out.items.len() - 1)
        }
        (None, "provider") => {
            r.out.items.push(Item::ProviderBlock {
                local: label(0),
                header,
            });
            Context::Other
        }
        (None, "terraform") => Context::Terraform,
        (None, "check") => Context::Check,
        (Some(Context::Terraform), "required_providers") => Context::RequiredProviders,
        _ => Context::Other,
    }
}

/// An attribute `name = expression`; the expression runs to the end of the
/// line outside brackets (or to the `}` of a single-line block).
fn attribute(r: &mut Reader<'_>, name: &str, key: Token, stack: &[Context]) {
    let context = stack.last().copied();
    let keep = match context {
        Some(Context::RequiredProviders) => true,
        Some(Context::Declaring(_)) => matches!(name, "source" | "provider"),
        _ => false,
    };
    let (expression, extent) = read_expression(r, keep);
    let extent = extent.unwrap_or(key.span.clone());
    match context {
        Some(Context::Declaring(index)) => {
            let written = r.text.get(extent.clone()).unwrap_or("").trim().to_string();
            let count = matches!(name, "count" | "for_each").then(|| (name.to_string(), written));
            let source =
                (name == "source").then(|| (constant(r.text, &expression), extent.clone()));
            let provider = (name == "provider").then(|| {
                expression
                    .first()
                    .filter(|t| t.kind == Kind::Ident)
                    .map(|t| r.text_of(&t.span).to_string())
            });
            match &mut r.out.items[index] {
                Item::Block {
                    count: c,
                    provider: p,
                    ..
                } => {
                    if count.is_some() {
                        *c = count;
                    }
                    if let Some(local) = provider {
                        *p = local;
                    }
                }
                Item::Module {
                    source: s,
                    count: c,
                    ..
                } => {
                    if count.is_some() {
                        *c = count;
                    }
                    if source.is_some() {
                        *s = source;
                    }
                }
                _ => {}
            }
        }
        Some(Context::RequiredProviders) => {
            let (source, span) = provider_requirement(r.text, &expression, key.span.clone());
            r.out.items.push(Item::RequiredProvider {
                local: name.to_string(),
                source,
                span,
            });
        }
        _ => {}
    }
}

/// The tokens of an expression (kept only when `keep`) and its extent, up
/// to (not including) the newline or the `}` that ends it. Brackets nest;
/// newlines inside brackets do not end it.
fn read_expression(r: &mut Reader<'_>, keep: bool) -> (Vec<Token>, Option<Range<usize>>) {
    let mut tokens = Vec::new();
    let mut extent: Option<Range<usize>> = None;
    let mut depth: Vec<Kind> = Vec::new();
    loop {
        let kind = r.peek().kind;
        match kind {
            Kind::Eof => break,
            Kind::Newline if depth.is_empty() => break,
            Kind::CBrace if depth.is_empty() => break,
            _ => {}
        }
        let token = r.next();
        match token.kind {
            Kind::Error(message) => {
                r.fail(
                    format!("cannot read Terraform: {message}"),
                    token.span.clone(),
                );
            }
            Kind::OBrace | Kind::OBrack | Kind::OParen => depth.push(token.kind),
            Kind::CBrace | Kind::CBrack | Kind::CParen => {
                let open = depth.pop();
                let matches = matches!(
                    (open, token.kind),
                    (Some(Kind::OBrace), Kind::CBrace)
                        | (Some(Kind::OBrack), Kind::CBrack)
                        | (Some(Kind::OParen), Kind::CParen)
                );
                if !matches {
                    r.fail(
                        "cannot read Terraform: a closing bracket that does not match",
                        token.span.clone(),
                    );
                }
            }
            _ => {}
        }
        extent = Some(extent.map_or(token.span.clone(), |e| e.start..token.span.end));
        if keep {
            tokens.push(token);
        }
    }
    if extent.is_none() {
        let span = r.peek().span.clone();
        r.fail(
            "cannot read Terraform: an expression is expected here",
            span,
        );
    }
    (tokens, extent)
}

/// The constant string an expression is, when it is only a quoted string
/// with no template sequence; anything else is [`Value::Unknown`].
pub fn constant(text: &str, tokens: &[Token]) -> Value {
    match tokens {
        [token] if token.kind == (Kind::Str { template: false }) => text
            .get(token.span.clone())
            .and_then(decode_quoted)
            .map_or(Value::Unknown, Value::Text),
        _ => Value::Unknown,
    }
}

/// A `required_providers` entry's value: `{ source = "…", … }` (its source,
/// or none), a version string (no source), or something else (unknown).
fn provider_requirement(
    text: &str,
    tokens: &[Token],
    key_span: Range<usize>,
) -> (Option<Value>, Range<usize>) {
    let whole = tokens.first().map_or(key_span.clone(), |t| {
        key_span.start..tokens.last().map_or(t.span.end, |l| l.span.end)
    });
    match tokens.first().map(|t| t.kind) {
        Some(Kind::Str { .. } | Kind::Heredoc { .. }) if tokens.len() == 1 => (None, whole),
        Some(Kind::OBrace) => {
            // Items `key = value` or `key: value`, separated by commas or
            // newlines; only a top-level `source` key matters. An item that
            // does not start with a plain key (a computed one, or anything
            // odd) may be `source`: the value is then unknown.
            let inner = match tokens.last().map(|t| t.kind) {
                Some(Kind::CBrace) if tokens.len() >= 2 => &tokens[1..tokens.len() - 1],
                _ => return (Some(Value::Unknown), whole),
            };
            let mut items: Vec<&[Token]> = Vec::new();
            let mut depth = 0usize;
            let mut start = 0;
            for (i, t) in inner.iter().enumerate() {
                match t.kind {
                    Kind::OBrace | Kind::OBrack | Kind::OParen => depth += 1,
                    Kind::CBrace | Kind::CBrack | Kind::CParen => depth = depth.saturating_sub(1),
                    Kind::Comma | Kind::Newline if depth == 0 => {
                        items.push(&inner[start..i]);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            items.push(&inner[start..]);
            let mut found: Option<(Value, Range<usize>)> = None;
            let mut unknown_key = false;
            for item in items.into_iter().filter(|i| !i.is_empty()) {
                let key = match item {
                    [k, sep, _, ..] if matches!(sep.kind, Kind::Equal | Kind::Colon) => {
                        match k.kind {
                            Kind::Ident => text.get(k.span.clone()).map(str::to_string),
                            Kind::Str { template: false } => {
                                text.get(k.span.clone()).and_then(decode_quoted)
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                match key.as_deref() {
                    Some("source") => {
                        let value = &item[2..];
                        let span = value[0].span.start..value[value.len() - 1].span.end;
                        found = Some((constant(text, value), span));
                    }
                    Some(_) => {}
                    None => unknown_key = true,
                }
            }
            match found {
                Some((value, span)) => (Some(value), span),
                None if unknown_key => (Some(Value::Unknown), whole),
                None => (None, whole),
            }
        }
        _ => (Some(Value::Unknown), whole),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<Item> {
        let o = outline(text, &[]);
        assert_eq!(o.error, None, "{text}");
        o.items
    }

    #[test]
    fn headers_sources_and_providers() {
        let got = items(
            "terraform {\n  required_providers {\n    mysql = { version = \"~> 1.9\" }\n    pg = {\n      source = \"cyrilgdn/postgresql\"\n    }\n    legacy = \"1.0\"\n  }\n}\nresource /* c\n */ \"aws\\u005fdb_instance\" \"x\" {\n  count = var.n\n  provider = aws.west\n}\nmodule \"m\" { source = \"terraform-aws-modules/rds/aws\" }\nmodule \"t\" {\n  source = \"${\"x\"}\"\n}\ncheck \"c\" {\n  data \"aws_s3_bucket\" \"b\" {}\n}\nprovider \"mysql\" {}\n",
        );
        let summary: Vec<String> = got
            .iter()
            .map(|i| match i {
                Item::Block {
                    ty,
                    count,
                    provider,
                    data,
                    ..
                } => format!(
                    "{} {ty} {count:?} {provider:?}",
                    if *data { "data" } else { "resource" }
                ),
                Item::Module { name, source, .. } => {
                    format!("module {name} {:?}", source.as_ref().map(|s| &s.0))
                }
                Item::RequiredProvider { local, source, .. } => format!("req {local} {source:?}"),
                Item::ProviderBlock { local, .. } => format!("provider {local}"),
                Item::ContainerImage { task, .. } => format!("image of {task}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "req mysql None",
                "req pg Some(Text(\"cyrilgdn/postgresql\"))",
                "req legacy None",
                "resource aws_db_instance Some((\"count\", \"var.n\")) Some(\"aws\")",
                "module m Some(Text(\"terraform-aws-modules/rds/aws\"))",
                "module t Some(Unknown)",
                "data aws_s3_bucket None None",
                "provider mysql",
            ]
        );
    }

    #[test]
    fn problems_are_located() {
        let o = outline("resource \"a\" \"b\" {\n  engine = \n}\n", &[]);
        let (message, span) = o.error.expect("an error");
        assert!(message.contains("expression is expected"), "{message}");
        assert_eq!(span.start, 30);
        let o = outline("resource \"a\"\n\"b\" {}\n", &[]);
        assert!(o.error.is_some());
        let o = outline("x = <<EOT\nno end\n", &[]);
        assert!(o.error.is_some());
    }
}

//! `go.mod` and `go.work` read the way the go command reads them
//! (golang.org/x/mod/modfile: `Parse` with no version fixer, which is what
//! `go mod edit` uses, and `ParseWork`): text in, directives out, no I/O.
//!
//! The grammar: `//` comments to the end of the line (`/* */` is an
//! error); tokens separated by spaces, tabs and `\r`; `"…"` strings with
//! Go's escapes and `` `…` `` raw strings (which the lexer accepts and every
//! directive then refuses, as modfile does); a statement is the tokens of
//! one line, and `verb (` at the end of a line opens a block whose lines
//! each take the verb, up to a `)` on a line of its own.
//!
//! The go command stops at its first syntax error; adrift reports it with
//! its location and reads on (the rest of that line is dropped), so what
//! can be read of a broken file is still checked. A directive the go
//! command refuses (an unknown verb, a wrong number of arguments, a bad
//! quoted string, a version that is not semantic, a major version that
//! does not match the path) is a problem at the directive, and a `require`
//! or `replace` whose module path can still be read is kept, marked
//! `rejected`.

use std::sync::LazyLock;

use regex::Regex;

use crate::source::Span;

/// Which file: `go.mod` or `go.work`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Mod,
    Work,
}

/// One `require` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub path: String,
    pub version: String,
    /// From the module path to the version.
    pub span: Span,
    /// `// indirect` (or `// indirect; …`) after it.
    pub indirect: bool,
    /// The byte offset where its statement starts: the `require` of a
    /// block, or of its own line.
    pub block: usize,
    /// The go command refuses this line (the problem says why).
    pub rejected: bool,
}

/// One `replace` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub old: String,
    pub old_version: Option<String>,
    pub new: String,
    pub new_version: Option<String>,
    /// Whether `new` is a directory (`./x`, `../x`, `/x`, `C:\x`).
    pub directory: bool,
    /// From the replacement's path to its version (or the path alone).
    pub span: Span,
    pub block: usize,
    pub rejected: bool,
}

/// One `use` line of a `go.work`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use {
    pub dir: String,
    pub span: Span,
}

/// What the go command would refuse, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Span,
    pub message: String,
}

/// A file read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The `module` directive's path, if it has one.
    pub module: Option<String>,
    pub requires: Vec<Require>,
    pub replaces: Vec<Replace>,
    pub uses: Vec<Use>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Newline,
    /// A `//` comment after something on its line (it ends the line).
    EolComment,
    /// A `//` comment alone on its line (with its newline).
    Comment,
    LParen,
    RParen,
    /// `[`, `]`, `{`, `}`, `,`.
    Punct,
    String,
    Ident,
    /// What a lexical error left of its line (already reported).
    Bad,
    Eof,
}

impl Kind {
    fn is_eol(self) -> bool {
        matches!(self, Kind::Newline | Kind::EolComment | Kind::Eof)
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    span: Span,
}

/// The lexer: modfile's `readToken`, with recovery after an error.
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    problems: Vec<Problem>,
    /// Another unexpected character before this offset (on the same line)
    /// is not reported again.
    quiet_until: usize,
}

/// Whether a character is part of an identifier (modfile's `isIdent`):
/// printable, not a space, not one of ` ()[]{},`. Go's `unicode.IsPrint`
/// is approximated: control and format characters and private-use ones are
/// not printable (unassigned code points are taken as printable).
fn is_ident(c: char) -> bool {
    if matches!(c, ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',') {
        return false;
    }
    !c.is_whitespace() && !c.is_control() && !is_format_or_private(c)
}

fn is_format_or_private(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F
        | 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

impl<'a> Lexer<'a> {
    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// The end of the current line (the offset of its `\n`, or the end).
    fn line_end(&self) -> usize {
        self.rest()
            .find('\n')
            .map(|i| self.pos + i)
            .unwrap_or(self.text.len())
    }

    fn error(&mut self, span: Span, message: String) {
        self.problems.push(Problem { span, message });
    }

    fn next(&mut self) -> Token {
        loop {
            if let Some(token) = self.next_or_skip() {
                return token;
            }
        }
    }

    /// The next token, or `None` after a character no token can hold
    /// (reported once per line, and skipped).
    fn next_or_skip(&mut self) -> Option<Token> {
        // Spaces, and comments.
        loop {
            match self.peek_char() {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                _ if self.rest().starts_with("//") => {
                    let start = self.pos;
                    let line_start = self.text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                    let suffix = !self.text[line_start..start].trim().is_empty();
                    let end = self.line_end();
                    // The comment token takes its newline with it.
                    self.pos = (end + 1).min(self.text.len());
                    let kind = if suffix {
                        Kind::EolComment
                    } else {
                        Kind::Comment
                    };
                    return Some(Token {
                        kind,
                        span: start..end,
                    });
                }
                _ if self.rest().starts_with("/*") => {
                    return Some(self.bad_line(NO_BLOCK_COMMENTS));
                }
                _ => break,
            }
        }
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            return Some(Token {
                kind: Kind::Eof,
                span: start..start,
            });
        };
        let one = |kind| Token {
            kind,
            span: start..start + 1,
        };
        let token = match c {
            '\n' => {
                self.pos += 1;
                one(Kind::Newline)
            }
            '(' => {
                self.pos += 1;
                one(Kind::LParen)
            }
            ')' => {
                self.pos += 1;
                one(Kind::RParen)
            }
            '[' | ']' | '{' | '}' | ',' => {
                self.pos += 1;
                one(Kind::Punct)
            }
            '"' | '`' => self.string(c),
            c if is_ident(c) => {
                while let Some(c) = self.peek_char() {
                    if !is_ident(c) || self.rest().starts_with("//") {
                        break;
                    }
                    if self.rest().starts_with("/*") {
                        return Some(self.bad_line(NO_BLOCK_COMMENTS));
                    }
                    self.pos += c.len_utf8();
                }
                Token {
                    kind: Kind::Ident,
                    span: start..self.pos,
                }
            }
            c => {
                let end = start + c.len_utf8();
                if start >= self.quiet_until {
                    self.error(
                        start..end,
                        format!("unexpected input character {}", quote_char(c)),
                    );
                    self.quiet_until = self.line_end();
                }
                // Read on after the character.
                self.pos = end;
                return None;
            }
        };
        Some(token)
    }

    fn string(&mut self, quote: char) -> Token {
        let start = self.pos;
        self.pos += 1;
        loop {
            let Some(c) = self.peek_char() else {
                self.error(start..self.pos, "unexpected EOF in string".to_string());
                return Token {
                    kind: Kind::Bad,
                    span: start..self.pos,
                };
            };
            if c == '\n' {
                self.error(start..self.pos, "unexpected newline in string".to_string());
                return Token {
                    kind: Kind::Bad,
                    span: start..self.pos,
                };
            }
            self.pos += c.len_utf8();
            if c == quote {
                return Token {
                    kind: Kind::String,
                    span: start..self.pos,
                };
            }
            if c == '\\' && quote != '`' {
                // The escaped character, whatever it is (a newline too: the
                // string then fails to unquote).
                match self.peek_char() {
                    Some(e) => self.pos += e.len_utf8(),
                    None => {
                        self.error(start..self.pos, "unexpected EOF in string".to_string());
                        return Token {
                            kind: Kind::Bad,
                            span: start..self.pos,
                        };
                    }
                }
            }
        }
    }

    /// A lexical error the go command stops at: reported, and the rest of
    /// the line is one `Bad` token.
    fn bad_line(&mut self, message: &str) -> Token {
        let start = self.pos;
        let end = self.line_end();
        self.error(
            start..end.max(start + 1).min(self.text.len()),
            message.to_string(),
        );
        self.pos = end;
        Token {
            kind: Kind::Bad,
            span: start..end,
        }
    }
}

const NO_BLOCK_COMMENTS: &str = "mod files must use // comments (not /* */ comments)";

fn quote_char(c: char) -> String {
    if c.is_control() || is_format_or_private(c) || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("`{c}`")
    }
}

/// One statement: its tokens and the comment that ends its line.
#[derive(Debug, Clone)]
struct Line {
    tokens: Vec<Token>,
    comment: Option<Span>,
}

impl Line {
    fn span(&self) -> Span {
        let start = self.tokens.first().map(|t| t.span.start).unwrap_or(0);
        let end = self.tokens.last().map(|t| t.span.end).unwrap_or(start);
        start..end
    }
}

enum Stmt {
    Line(Line),
    Block { verb: Vec<Token>, lines: Vec<Line> },
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    token: Token,
}

impl Parser<'_> {
    fn lex(&mut self) -> Token {
        let next = self.lexer.next();
        std::mem::replace(&mut self.token, next)
    }

    fn peek(&self) -> Kind {
        self.token.kind
    }

    fn statements(&mut self) -> Vec<Stmt> {
        let mut out = Vec::new();
        loop {
            match self.peek() {
                Kind::Newline | Kind::Comment | Kind::EolComment => {
                    self.lex();
                }
                Kind::Eof => return out,
                _ => out.push(self.statement()),
            }
        }
    }

    fn statement(&mut self) -> Stmt {
        let mut tokens = vec![self.lex()];
        loop {
            let tok = self.lex();
            match tok.kind {
                k if k.is_eol() => {
                    let comment = (k == Kind::EolComment).then_some(tok.span);
                    return Stmt::Line(Line { tokens, comment });
                }
                Kind::LParen => {
                    if self.peek().is_eol() {
                        return self.block(tokens);
                    } else if self.peek() == Kind::RParen {
                        let rparen = self.lex();
                        if self.peek().is_eol() {
                            self.lex();
                            return Stmt::Block {
                                verb: tokens,
                                lines: Vec::new(),
                            };
                        }
                        tokens.push(tok);
                        tokens.push(rparen);
                    } else {
                        tokens.push(tok);
                    }
                }
                _ => tokens.push(tok),
            }
        }
    }

    fn block(&mut self, verb: Vec<Token>) -> Stmt {
        let mut lines = Vec::new();
        loop {
            match self.peek() {
                Kind::EolComment | Kind::Newline | Kind::Comment => {
                    self.lex();
                }
                Kind::Eof => {
                    let start = verb[0].span.start;
                    let end = verb.last().map(|t| t.span.end).unwrap_or(start);
                    self.lexer.error(
                        start..end,
                        "syntax error (unterminated block: no `)` closes it)".to_string(),
                    );
                    return Stmt::Block { verb, lines };
                }
                Kind::RParen => {
                    let rparen = self.lex();
                    if !self.peek().is_eol() {
                        let start = self.token.span.start;
                        let end = self.lexer.line_end().max(self.token.span.end);
                        self.lexer.error(
                            start.min(rparen.span.end)..end.max(rparen.span.end),
                            "syntax error (expected newline after closing paren)".to_string(),
                        );
                        while !self.peek().is_eol() {
                            self.lex();
                        }
                    }
                    self.lex();
                    return Stmt::Block { verb, lines };
                }
                _ => {
                    let mut tokens = vec![self.lex()];
                    loop {
                        let tok = self.lex();
                        if tok.kind.is_eol() {
                            let comment = (tok.kind == Kind::EolComment).then_some(tok.span);
                            lines.push(Line { tokens, comment });
                            break;
                        }
                        tokens.push(tok);
                    }
                }
            }
        }
    }
}

/// Reads a `go.mod` or `go.work`.
pub fn parse(text: &str, kind: FileKind) -> Parsed {
    let mut parser = Parser {
        lexer: Lexer {
            text,
            pos: 0,
            problems: Vec::new(),
            quiet_until: 0,
        },
        token: Token {
            kind: Kind::Eof,
            span: 0..0,
        },
    };
    parser.lex();
    let statements = parser.statements();
    let mut reader = Reader {
        text,
        kind,
        out: Parsed {
            problems: std::mem::take(&mut parser.lexer.problems),
            ..Parsed::default()
        },
        seen_go: false,
        seen_toolchain: false,
        seen_module: false,
    };
    for stmt in &statements {
        match stmt {
            Stmt::Line(line) => {
                let verb = reader.token_text(&line.tokens[0]).to_string();
                reader.directive(
                    &verb,
                    &line.tokens[1..],
                    line,
                    line.tokens[0].span.start,
                    false,
                );
            }
            Stmt::Block { verb, lines, .. } => {
                let name = reader.token_text(&verb[0]).to_string();
                let blockable = match kind {
                    FileKind::Mod => matches!(
                        name.as_str(),
                        "module"
                            | "godebug"
                            | "require"
                            | "exclude"
                            | "replace"
                            | "retract"
                            | "tool"
                            | "ignore"
                    ),
                    FileKind::Work => matches!(name.as_str(), "godebug" | "use" | "replace"),
                };
                let start = verb[0].span.start;
                if verb.len() > 1 || !blockable {
                    let words: Vec<&str> = verb.iter().map(|t| reader.token_text(t)).collect();
                    let end = verb.last().map(|t| t.span.end).unwrap_or(start);
                    reader.problem(
                        start..end,
                        format!("unknown block type: {}", words.join(" ")),
                    );
                }
                // The go command reads nothing in a block it refuses; adrift
                // still reads what it can (the problem is already out).
                let quiet = verb.len() > 1 || !blockable;
                for line in lines {
                    reader.directive(&name, &line.tokens, line, start, quiet);
                }
            }
        }
    }
    let mut out = reader.out;
    if kind == FileKind::Mod && !reader.seen_module {
        out.problems.push(Problem {
            span: 0..0,
            message: "no module directive: the go command refuses a go.mod without `module <path>`"
                .to_string(),
        });
    }
    out.problems.sort_by_key(|p| (p.span.start, p.span.end));
    out
}

struct Reader<'a> {
    text: &'a str,
    kind: FileKind,
    out: Parsed,
    seen_go: bool,
    seen_toolchain: bool,
    seen_module: bool,
}

static GO_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$")
        .expect("go version regex")
});

static TOOLCHAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^default$|^go1($|\.)").expect("toolchain regex"));

/// A directive's argument as a string, or why not.
enum Arg {
    Ok(String),
    /// The go command refuses it; what it reads as (for a path adrift
    /// still checks) and why.
    Bad(Option<String>, String),
}

impl<'a> Reader<'a> {
    fn token_text(&self, t: &Token) -> &'a str {
        &self.text[t.span.clone()]
    }

    fn problem(&mut self, span: Span, message: String) {
        let span = if span.is_empty() && span.start < self.text.len() {
            let c = self.text[span.start..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            span.start..span.start + c
        } else {
            span
        };
        self.out.problems.push(Problem { span, message });
    }

    /// modfile's `parseString`: a `"…"` string unquoted, an unquoted word
    /// as it is; any other quote is an error.
    fn string(&self, t: &Token) -> Arg {
        let text = self.token_text(t);
        if t.kind == Kind::Bad {
            // An unterminated string or a line the lexer gave up on: its
            // first word, for what can still be checked.
            let word = text
                .trim_start_matches(['"', '`'])
                .split_whitespace()
                .next()
                .map(|w| w.trim_end_matches(['"', '`']).to_string());
            return Arg::Bad(word.filter(|w| !w.is_empty()), String::new());
        }
        if text.starts_with('"') {
            return match unquote(text) {
                Ok(s) => Arg::Ok(s),
                Err(e) => Arg::Bad(
                    Some(text.trim_matches('"').to_string()),
                    format!("invalid quoted string: {e}"),
                ),
            };
        }
        if text.contains(['"', '\'', '`']) {
            // A word made only of quotes leaves no path to check.
            let word = text.trim_matches(['"', '\'', '`']);
            return Arg::Bad(
                Some(word.to_string()).filter(|w| !w.is_empty()),
                "invalid quoted string: unquoted string cannot contain quote".to_string(),
            );
        }
        Arg::Ok(text.to_string())
    }

    fn directive(&mut self, verb: &str, args: &[Token], line: &Line, block: usize, quiet: bool) {
        let span = line.span();
        let had_bad = line.tokens.iter().any(|t| t.kind == Kind::Bad);
        // A line the lexer already reported is not reported again.
        let quiet = quiet || had_bad;
        let mut errors: Vec<(Span, String)> = Vec::new();
        match (self.kind, verb) {
            (_, "go") => {
                if self.seen_go {
                    errors.push((span.clone(), "repeated go statement".into()));
                } else if args.len() != 1 {
                    errors.push((
                        span.clone(),
                        "go directive expects exactly one argument".into(),
                    ));
                } else if !GO_VERSION.is_match(self.token_text(&args[0])) {
                    errors.push((
                        args[0].span.clone(),
                        format!(
                            "invalid go version '{}': must match format 1.23.0",
                            self.token_text(&args[0])
                        ),
                    ));
                } else {
                    self.seen_go = true;
                }
            }
            (_, "toolchain") => {
                if self.seen_toolchain {
                    errors.push((span.clone(), "repeated toolchain statement".into()));
                } else if args.len() != 1 {
                    errors.push((
                        span.clone(),
                        "toolchain directive expects exactly one argument".into(),
                    ));
                } else if !TOOLCHAIN.is_match(self.token_text(&args[0])) {
                    errors.push((
                        args[0].span.clone(),
                        format!(
                            "invalid toolchain version '{}': must match format go1.23.0 or default",
                            self.token_text(&args[0])
                        ),
                    ));
                } else {
                    self.seen_toolchain = true;
                }
            }
            (_, "godebug") => {
                let ok = args.len() == 1 && {
                    let a = self.token_text(&args[0]);
                    !a.contains(['"', '`', '\'', ',']) && a.contains('=')
                };
                if !ok {
                    errors.push((span.clone(), "usage: godebug key=value".into()));
                }
            }
            (FileKind::Mod, "module") => {
                if self.seen_module {
                    errors.push((span.clone(), "repeated module statement".into()));
                } else {
                    self.seen_module = true;
                    if args.len() != 1 {
                        errors.push((span.clone(), "usage: module module/path".into()));
                    } else {
                        match self.string(&args[0]) {
                            Arg::Ok(path) => self.out.module = Some(path),
                            Arg::Bad(_, e) => errors.push((args[0].span.clone(), e)),
                        }
                    }
                }
            }
            (FileKind::Mod, "require" | "exclude") => {
                self.require(verb, args, line, block, &mut errors);
            }
            (_, "replace") => self.replace(args, line, block, &mut errors),
            (FileKind::Mod, "retract") => {
                if let Err((at, e)) = self.retract(args) {
                    errors.push((at.unwrap_or(span.clone()), e));
                }
            }
            (FileKind::Mod, "tool" | "ignore") | (FileKind::Work, "use") => {
                if args.len() != 1 {
                    let message = match verb {
                        "use" => "usage: use local/dir".to_string(),
                        _ => format!("{verb} directive expects exactly one argument"),
                    };
                    errors.push((span.clone(), message));
                } else {
                    match self.string(&args[0]) {
                        Arg::Ok(dir) if verb == "use" => self.out.uses.push(Use {
                            dir,
                            span: args[0].span.clone(),
                        }),
                        Arg::Ok(_) => {}
                        Arg::Bad(_, e) => errors.push((args[0].span.clone(), e)),
                    }
                }
            }
            _ => errors.push((
                line.tokens[0].span.clone(),
                format!("unknown directive: {verb}"),
            )),
        }
        if !quiet {
            for (at, message) in errors {
                if !message.is_empty() {
                    self.problem(at, message);
                }
            }
        }
    }

    fn require(
        &mut self,
        verb: &str,
        args: &[Token],
        line: &Line,
        block: usize,
        errors: &mut Vec<(Span, String)>,
    ) {
        let span = line.span();
        let usage = || (span.clone(), format!("usage: {verb} module/path v1.2.3"));
        if args.len() != 2 {
            errors.push(usage());
        }
        let Some(first) = args.first() else {
            return;
        };
        let (path, ok) = match self.string(first) {
            // `go mod edit` drops a requirement of the empty path without a
            // word and every go build refuses it ("malformed module path"):
            // a problem, so that nothing required is silently unread.
            Arg::Ok(p) if p.is_empty() => {
                errors.push((
                    first.span.clone(),
                    "malformed module path \"\": empty string".to_string(),
                ));
                (None, false)
            }
            Arg::Ok(p) => (Some(p), true),
            Arg::Bad(p, e) => {
                errors.push((first.span.clone(), e));
                (p.filter(|p| !p.is_empty()), false)
            }
        };
        let mut rejected = !ok || args.len() != 2;
        let mut version = String::new();
        if let (Some(path), Some(v), true) = (&path, args.get(1), args.len() == 2) {
            match self.version(verb, path, v) {
                Ok(v) => version = v,
                Err(e) => {
                    errors.push(e);
                    rejected = true;
                }
            }
            if !rejected && let Err(e) = check_path_major(path, &version) {
                errors.push((line.span(), format!("{verb} {path}: {e}")));
                rejected = true;
            }
        }
        if verb != "require" {
            return;
        }
        let Some(path) = path else {
            return;
        };
        let end = args
            .get(1)
            .filter(|_| args.len() == 2)
            .map_or(first.span.end, |v| v.span.end);
        let indirect = line.comment.as_ref().is_some_and(|c| {
            let words: Vec<&str> = self.text[c.clone()]
                .trim_start_matches("//")
                .split_whitespace()
                .collect();
            words == ["indirect"] || words.first() == Some(&"indirect;") && words.len() > 1
        });
        self.out.requires.push(Require {
            path,
            version,
            span: first.span.start..end,
            indirect,
            block,
            rejected,
        });
    }

    /// modfile's `parseVersion` without a fixer: the canonical form of a
    /// semantic version, or the error.
    fn version(&self, verb: &str, path: &str, t: &Token) -> Result<String, (Span, String)> {
        let text = match self.string(t) {
            Arg::Ok(s) => s,
            Arg::Bad(_, e) => {
                return Err((
                    t.span.clone(),
                    format!("{verb} {path}: version {}: {e}", self.token_text(t)),
                ));
            }
        };
        canonical_version(&text).ok_or_else(|| {
            (
                t.span.clone(),
                format!("{verb} {path}: version {text:?} invalid: must be of the form v1.2.3"),
            )
        })
    }

    fn replace(
        &mut self,
        args: &[Token],
        line: &Line,
        block: usize,
        errors: &mut Vec<(Span, String)>,
    ) {
        let span = line.span();
        let words: Vec<&str> = args.iter().map(|t| self.token_text(t)).collect();
        let arrow = if words.len() >= 2 && words[1] == "=>" {
            1
        } else {
            2
        };
        if words.len() < arrow + 2 || words.len() > arrow + 3 || words[arrow] != "=>" {
            errors.push((
                span,
                "usage: replace module/path [v1.2.3] => other/module v1.4\n\t or replace module/path [v1.2.3] => ../local/directory".to_string(),
            ));
            // What can still be read: `old … => new [version]`.
            if let Some(at) = words.iter().position(|w| *w == "=>")
                && let Some(new_tok) = args.get(at + 1)
                && let Some(old_tok) = args.first()
                && at > 0
            {
                let old = match self.string(old_tok) {
                    Arg::Ok(s) => s,
                    Arg::Bad(s, _) => s.unwrap_or_default(),
                };
                let new = match self.string(new_tok) {
                    Arg::Ok(s) => Some(s),
                    Arg::Bad(s, _) => s,
                };
                if let Some(new) = new {
                    self.out.replaces.push(Replace {
                        directory: is_directory_path(&new),
                        old,
                        old_version: None,
                        new,
                        new_version: None,
                        span: new_tok.span.clone(),
                        block,
                        rejected: true,
                    });
                }
            }
            return;
        }
        let base = errors.len();
        let old = match self.string(&args[0]) {
            Arg::Ok(s) => s,
            Arg::Bad(s, e) => {
                errors.push((args[0].span.clone(), e));
                s.unwrap_or_default()
            }
        };
        if errors.len() == base && split_path_version(&old).is_none() {
            errors.push((
                args[0].span.clone(),
                format!("replace {old}: invalid module path"),
            ));
        }
        let mut old_version = None;
        if arrow == 2 && errors.len() == base {
            match self.version("replace", &old, &args[1]) {
                Ok(v) => {
                    if let Err(e) = check_path_major(&old, &v) {
                        errors.push((span.clone(), format!("replace {old}: {e}")));
                    }
                    old_version = Some(v);
                }
                Err(e) => errors.push(e),
            }
        }
        let new_tok = &args[arrow + 1];
        let new = match self.string(new_tok) {
            Arg::Ok(s) => s,
            Arg::Bad(s, e) => {
                errors.push((
                    new_tok.span.clone(),
                    if errors.len() == base {
                        e
                    } else {
                        String::new()
                    },
                ));
                s.unwrap_or_default()
            }
        };
        let directory = is_directory_path(&new);
        let mut new_version = None;
        let mut end = new_tok.span.end;
        if args.len() == arrow + 2 && errors.len() == base {
            if !directory {
                let message = if new.contains('@') {
                    "replacement module must match format 'path version', not 'path@version'"
                } else {
                    "replacement module without version must be directory path (rooted or starting with . or ..)"
                };
                errors.push((new_tok.span.clone(), message.to_string()));
            } else if new.contains('\\') {
                errors.push((
                    new_tok.span.clone(),
                    "replacement directory appears to be Windows path (on a non-windows system)"
                        .to_string(),
                ));
            }
        }
        if args.len() == arrow + 3 {
            let v_tok = &args[arrow + 2];
            end = v_tok.span.end;
            if errors.len() == base {
                match self.version("replace", &new, v_tok) {
                    Ok(v) => new_version = Some(v),
                    Err(e) => errors.push(e),
                }
                if errors.len() == base && directory {
                    errors.push((
                        new_tok.span.clone(),
                        format!("replacement module directory path {new:?} cannot have version"),
                    ));
                }
            }
        }
        if new.is_empty() {
            return;
        }
        self.out.replaces.push(Replace {
            old,
            old_version,
            new,
            new_version,
            directory,
            span: new_tok.span.start..end,
            block,
            rejected: errors.len() > base,
        });
    }

    /// `retract v1.0.0` or `retract [v1.0.0, v1.1.0]`, nothing after.
    fn retract(&self, args: &[Token]) -> Result<(), (Option<Span>, String)> {
        let words: Vec<&str> = args.iter().map(|t| self.token_text(t)).collect();
        let version = |i: usize| -> Result<(), (Option<Span>, String)> {
            self.version("retract", "", &args[i])
                .map(|_| ())
                .map_err(|(at, e)| (Some(at), e))
        };
        let rest = match words.first() {
            None | Some(&"(") => return Err((None, "expected '[' or version".into())),
            Some(&"[") => {
                if words.len() < 2 {
                    return Err((None, "expected version after '['".into()));
                }
                version(1)?;
                if words.get(2) != Some(&",") {
                    return Err((None, "expected ',' after version".into()));
                }
                if words.len() < 4 {
                    return Err((None, "expected version after ','".into()));
                }
                version(3)?;
                if words.get(4) != Some(&"]") {
                    return Err((None, "expected ']' after version".into()));
                }
                5
            }
            Some(_) => {
                version(0)?;
                1
            }
        };
        if let Some(extra) = words.get(rest) {
            return Err((
                Some(args[rest].span.clone()),
                format!("unexpected token after version: {extra:?}"),
            ));
        }
        Ok(())
    }
}

/// modfile's `IsDirectoryPath`: `.`, `..`, `./…`, `../…` (either slash),
/// rooted paths and Windows drive paths.
pub fn is_directory_path(p: &str) -> bool {
    let b = p.as_bytes();
    p == "."
        || p.starts_with("./")
        || p.starts_with(".\\")
        || p == ".."
        || p.starts_with("../")
        || p.starts_with("..\\")
        || p.starts_with('/')
        || p.starts_with('\\')
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// Go's `strconv.Unquote` for a double-quoted string.
pub fn unquote(s: &str) -> Result<String, &'static str> {
    let inner = s
        .strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .filter(|_| s.len() >= 2)
        .ok_or("invalid syntax")?;
    if inner.contains('\n') {
        return Err("invalid syntax");
    }
    let mut bytes: Vec<u8> = Vec::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err("invalid syntax"),
            '\\' => {
                let e = chars.next().ok_or("invalid syntax")?;
                let simple = match e {
                    'a' => Some(7u8),
                    'b' => Some(8),
                    'f' => Some(12),
                    'n' => Some(b'\n'),
                    'r' => Some(b'\r'),
                    't' => Some(b'\t'),
                    'v' => Some(11),
                    '\\' => Some(b'\\'),
                    '"' => Some(b'"'),
                    _ => None,
                };
                if let Some(b) = simple {
                    bytes.push(b);
                    continue;
                }
                let mut hex = |n: usize| -> Result<u32, &'static str> {
                    let mut v = 0u32;
                    for _ in 0..n {
                        let d = chars
                            .next()
                            .and_then(|c| c.to_digit(16))
                            .ok_or("invalid syntax")?;
                        v = v * 16 + d;
                    }
                    Ok(v)
                };
                match e {
                    'x' => bytes.push(hex(2)? as u8),
                    'u' | 'U' => {
                        let v = hex(if e == 'u' { 4 } else { 8 })?;
                        let c = char::from_u32(v).ok_or("invalid syntax")?;
                        let mut buf = [0u8; 4];
                        bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    }
                    '0'..='7' => {
                        let mut v = e.to_digit(8).expect("octal digit");
                        for _ in 0..2 {
                            let d = chars
                                .next()
                                .and_then(|c| c.to_digit(8))
                                .ok_or("invalid syntax")?;
                            v = v * 8 + d;
                        }
                        if v > 255 {
                            return Err("invalid syntax");
                        }
                        bytes.push(v as u8);
                    }
                    _ => return Err("invalid syntax"),
                }
            }
            c => {
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    // Go strings may hold any bytes; a module path that is not UTF-8 is
    // refused later by the go command.
    String::from_utf8(bytes).map_err(|_| "not valid UTF-8")
}

/// golang.org/x/mod/semver's parse: `(major, prerelease and build kept
/// apart)`; `Some(canonical)` for a valid version.
fn semver_canonical(v: &str) -> Option<(String, &str, &str)> {
    let rest = v.strip_prefix('v')?;
    fn int(s: &str) -> Option<(&str, &str)> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 || (s.as_bytes()[0] == b'0' && n != 1) {
            return None;
        }
        Some((&s[..n], &s[n..]))
    }
    let (major, rest) = int(rest)?;
    if rest.is_empty() {
        return Some((format!("v{major}.0.0"), major, ""));
    }
    let (minor, rest) = int(rest.strip_prefix('.')?)?;
    if rest.is_empty() {
        return Some((format!("v{major}.{minor}.0"), major, ""));
    }
    let (patch, mut rest) = int(rest.strip_prefix('.')?)?;
    let mut pre = "";
    if let Some(after) = rest.strip_prefix('-') {
        let end = after.find('+').unwrap_or(after.len());
        let body = &after[..end];
        for ident in body.split('.') {
            let bad_num = ident.len() > 1
                && ident.bytes().all(|b| b.is_ascii_digit())
                && ident.starts_with('0');
            if ident.is_empty()
                || bad_num
                || !ident
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return None;
            }
        }
        pre = &rest[..end + 1];
        rest = &after[end..];
    }
    let mut build = "";
    if let Some(after) = rest.strip_prefix('+') {
        for ident in after.split('.') {
            if ident.is_empty()
                || !ident
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return None;
            }
        }
        build = rest;
        rest = "";
    }
    if !rest.is_empty() {
        return None;
    }
    let _ = build;
    Some((format!("v{major}.{minor}.{patch}{pre}"), major, build))
}

/// module.CanonicalVersion: semver's canonical form, keeping
/// `+incompatible`.
pub fn canonical_version(v: &str) -> Option<String> {
    let (canonical, _, build) = semver_canonical(v)?;
    Some(if build == "+incompatible" {
        canonical + "+incompatible"
    } else {
        canonical
    })
}

/// module.SplitPathVersion: `(prefix, major suffix)` (`/v2`, `.v3`,
/// `.v1-unstable`, or empty); `None` for a path the go command refuses
/// (`…/v1`, `…/v0`, `…/v2.1`, a `gopkg.in` path without `.vN`).
pub fn split_path_version(path: &str) -> Option<(&str, &str)> {
    let b = path.as_bytes();
    if path.starts_with("gopkg.in/") {
        let mut i = path.len();
        if path.ends_with("-unstable") {
            i -= "-unstable".len();
        }
        while i > 0 && b[i - 1].is_ascii_digit() {
            i -= 1;
        }
        if i <= 1 || b[i - 1] != b'v' || b[i - 2] != b'.' {
            return None;
        }
        let major = &path[i - 2..];
        if major.len() <= 2 || (major.as_bytes()[2] == b'0' && major != ".v0") {
            return None;
        }
        return Some((&path[..i - 2], major));
    }
    let mut i = path.len();
    let mut dot = false;
    while i > 0 && (b[i - 1].is_ascii_digit() || b[i - 1] == b'.') {
        dot |= b[i - 1] == b'.';
        i -= 1;
    }
    if i <= 1 || i == path.len() || b[i - 1] != b'v' || b[i - 2] != b'/' {
        return Some((path, ""));
    }
    let major = &path[i - 2..];
    if dot || major.len() <= 2 || major.as_bytes()[2] == b'0' || major == "/v1" {
        return None;
    }
    Some((&path[..i - 2], major))
}

/// module.CheckPathMajor for a canonical version, after SplitPathVersion.
fn check_path_major(path: &str, version: &str) -> Result<(), String> {
    let Some((_, path_major)) = split_path_version(path) else {
        return Err("invalid module path".to_string());
    };
    let path_major = path_major
        .strip_suffix("-unstable")
        .filter(|m| m.starts_with(".v"))
        .unwrap_or(path_major);
    if version.starts_with("v0.0.0-") && path_major == ".v1" {
        return Ok(());
    }
    let Some((_, major, build)) = semver_canonical(version) else {
        return Err(format!("version {version:?} invalid"));
    };
    let m = format!("v{major}");
    let wanted = if path_major.is_empty() {
        if m == "v0" || m == "v1" || build == "+incompatible" {
            return Ok(());
        }
        "v0 or v1".to_string()
    } else {
        if m == path_major[1..] {
            return Ok(());
        }
        path_major[1..].to_string()
    };
    Err(format!(
        "version {version:?} invalid: should be {wanted}, not {m}"
    ))
}

//! Terraform's lexical rules, as HCL's own scanner (`hclsyntax/scan_tokens.rl`)
//! applies them: comments, quoted templates with escapes and nested
//! `${ … }` / `%{ … }` sequences, heredocs whose end marker is found after
//! trimming every kind of white space, and the newlines that end body items.
//!
//! Strings and heredocs come out as one token each, with their nested
//! template sequences consumed inside the lexer: the outline reader above
//! only needs to know where a string is and whether it is a constant. The
//! lexer never recurses, so no input can overflow the stack, and it never
//! stops early: a problem is a token of kind [`Kind::Error`] and lexing goes
//! on from a safe place.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ident,
    Number,
    /// A quoted string; `template` when it holds a `${` or `%{` sequence.
    Str {
        template: bool,
    },
    /// A heredoc, from `<<` to its end marker; `indent` for `<<-`.
    Heredoc {
        template: bool,
        indent: bool,
    },
    /// A newline that ends a body item (also the end of a line comment).
    Newline,
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    /// `=` on its own (not `==`, `=>`).
    Equal,
    /// `:` on its own (not `::`).
    Colon,
    Question,
    Comma,
    Dot,
    /// Any other operator or symbol.
    Other,
    /// Something HCL's scanner rejects; the message says what.
    Error(&'static str),
    Eof,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub span: Range<usize>,
}

/// Where inside a compound string token the lexer is.
#[derive(Debug, Clone)]
enum Frame {
    Quoted,
    Heredoc {
        marker: Range<usize>,
        start_of_line: bool,
    },
    /// A `${`/`%{` sequence: the braces opened inside it.
    Sequence {
        braces: usize,
    },
}

pub struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Offsets (sorted) where the text holds a replacement for a byte that
    /// was not UTF-8 in the file: allowed in comments only, as in HCL.
    bad_bytes: &'a [usize],
    /// Whether a heredoc ended at a marker line that hcl-edit does not
    /// accept (white space other than spaces and tabs around the marker).
    pub lenient_heredoc: bool,
    /// Whether a heredoc holds a line hcl-edit takes for its end and
    /// Terraform does not (`  EOT + 1`): hcl-edit then reads the file
    /// differently from Terraform.
    pub hcl_edit_diverges: bool,
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c == '-' || c.is_alphanumeric() || (!c.is_ascii() && is_mark(c))
}

/// Combining marks, which continue identifiers (Unicode's ID_Continue).
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str, bad_bytes: &'a [usize]) -> Lexer<'a> {
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            text,
            bytes: text.as_bytes(),
            pos,
            bad_bytes,
            lenient_heredoc: false,
            hcl_edit_diverges: false,
        }
    }

    fn peek(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    fn char_at(&self, at: usize) -> Option<char> {
        self.text.get(at..).and_then(|s| s.chars().next())
    }

    fn is_bad(&self, at: usize) -> bool {
        !self.bad_bytes.is_empty() && self.bad_bytes.binary_search(&at).is_ok()
    }

    /// Whether a bad byte lies in `range` (outside comments, that is an error).
    fn has_bad(&self, range: Range<usize>) -> bool {
        let i = self.bad_bytes.partition_point(|&b| b < range.start);
        self.bad_bytes.get(i).is_some_and(|&b| b < range.end)
    }

    fn token(&self, kind: Kind, start: usize) -> Token {
        Token {
            kind,
            span: start..self.pos,
        }
    }

    /// The end of the line at `from` (the offset of its `\n`, or the end).
    fn line_end(&self, from: usize) -> usize {
        let from = from.min(self.bytes.len());
        memchr::memchr(b'\n', &self.bytes[from..]).map_or(self.bytes.len(), |i| from + i)
    }

    /// Skips a block comment starting at `/*`; false when it never ends.
    fn skip_block_comment(&mut self) -> bool {
        match memchr::memmem::find(&self.bytes[self.pos + 2..], b"*/") {
            Some(i) => {
                self.pos += 2 + i + 2;
                true
            }
            None => {
                self.pos = self.bytes.len();
                false
            }
        }
    }

    /// The next token in the main (expression and structure) context.
    pub fn next_token(&mut self) -> Token {
        loop {
            let start = self.pos;
            let Some(&b) = self.bytes.get(self.pos) else {
                return self.token(Kind::Eof, start);
            };
            match b {
                b' ' | b'\t' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    return self.token(Kind::Newline, start);
                }
                b'\r' if self.peek(self.pos + 1) == b'\n' => {
                    self.pos += 2;
                    return self.token(Kind::Newline, start);
                }
                b'#' => return self.line_comment(start),
                b'/' if self.peek(self.pos + 1) == b'/' => return self.line_comment(start),
                b'/' if self.peek(self.pos + 1) == b'*' => {
                    if !self.skip_block_comment() {
                        return self.token(Kind::Error("a /* comment that is never closed"), start);
                    }
                }
                b'"' => return self.string(start),
                b'<' if self.peek(self.pos + 1) == b'<' => {
                    if let Some(token) = self.heredoc(start) {
                        return token;
                    }
                    self.pos += 2;
                    return self.token(Kind::Other, start);
                }
                b'{' => return self.single(Kind::OBrace, start),
                b'}' => return self.single(Kind::CBrace, start),
                b'[' => return self.single(Kind::OBrack, start),
                b']' => return self.single(Kind::CBrack, start),
                b'(' => return self.single(Kind::OParen, start),
                b')' => return self.single(Kind::CParen, start),
                b',' => return self.single(Kind::Comma, start),
                b'?' => return self.single(Kind::Question, start),
                b'=' => {
                    return match self.peek(self.pos + 1) {
                        b'=' | b'>' => {
                            self.pos += 2;
                            self.token(Kind::Other, start)
                        }
                        _ => self.single(Kind::Equal, start),
                    };
                }
                b':' => {
                    return if self.peek(self.pos + 1) == b':' {
                        self.pos += 2;
                        self.token(Kind::Other, start)
                    } else {
                        self.single(Kind::Colon, start)
                    };
                }
                b'.' => {
                    return if self.text[self.pos..].starts_with("...") {
                        self.pos += 3;
                        self.token(Kind::Other, start)
                    } else {
                        self.single(Kind::Dot, start)
                    };
                }
                b'~' if self.peek(self.pos + 1) == b'}' => {
                    self.pos += 2;
                    return self.token(Kind::CBrace, start);
                }
                b'0'..=b'9' => return self.number(start),
                b'*' | b'%' | b'+' | b'-' | b'<' | b'>' | b'!' | b'&' | b'|' | b'^' | b';'
                | b'`' | b'\'' | b'~' => {
                    // Two-character operators are one token in HCL; for
                    // structure, one symbol at a time reads the same.
                    return self.single(Kind::Other, start);
                }
                b'/' => return self.single(Kind::Other, start),
                _ => {
                    let Some(c) = self.char_at(self.pos) else {
                        self.pos += 1;
                        return self.token(Kind::Error("a byte that is not UTF-8"), start);
                    };
                    if self.is_bad(self.pos) {
                        self.pos += c.len_utf8();
                        return self.token(Kind::Error("a byte that is not UTF-8"), start);
                    }
                    if is_ident_start(c) {
                        return self.ident(start);
                    }
                    self.pos += c.len_utf8();
                    return self.token(Kind::Error("a character HCL does not allow here"), start);
                }
            }
        }
    }

    fn single(&mut self, kind: Kind, start: usize) -> Token {
        self.pos += 1;
        self.token(kind, start)
    }

    /// `#` or `//` to the end of the line: the newline it ends with counts
    /// as the newline that ends a body item, as in HCL.
    fn line_comment(&mut self, start: usize) -> Token {
        let end = self.line_end(self.pos);
        if end >= self.bytes.len() {
            self.pos = self.bytes.len();
            return self.token(Kind::Eof, self.pos);
        }
        self.pos = end + 1;
        Token {
            kind: Kind::Newline,
            span: start.max(end.saturating_sub(1)).min(end)..end + 1,
        }
    }

    fn ident(&mut self, start: usize) -> Token {
        loop {
            match self.bytes.get(self.pos) {
                Some(b) if b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-' => self.pos += 1,
                Some(b) if b.is_ascii() => break,
                None => break,
                Some(_) => {
                    let Some(c) = self.char_at(self.pos) else {
                        break;
                    };
                    if !is_ident_continue(c) || self.is_bad(self.pos) {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
            }
        }
        self.token(Kind::Ident, start)
    }

    fn number(&mut self, start: usize) -> Token {
        while let Some(&b) = self.bytes.get(self.pos) {
            let exponent_sign =
                matches!(b, b'+' | b'-') && matches!(self.bytes[self.pos - 1], b'e' | b'E');
            if b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || exponent_sign {
                self.pos += 1;
            } else {
                break;
            }
        }
        self.token(Kind::Number, start)
    }

    /// `<<ID\n` or `<<-ID\n` starts a heredoc; anything else is not one.
    fn heredoc(&mut self, start: usize) -> Option<Token> {
        let indent = self.peek(start + 2) == b'-';
        let (marker, after) = self.heredoc_start(start)?;
        self.pos = after;
        let (template, error) = self.compound(Frame::Heredoc {
            marker,
            start_of_line: true,
        });
        let kind = match error {
            Some(message) => Kind::Error(message),
            None => Kind::Heredoc { template, indent },
        };
        Some(self.token(kind, start))
    }

    fn string(&mut self, start: usize) -> Token {
        self.pos += 1;
        let (template, error) = self.compound(Frame::Quoted);
        let kind = match error {
            Some(message) => Kind::Error(message),
            None => Kind::Str { template },
        };
        self.token(kind, start)
    }

    /// Consumes a quoted string or heredoc with every sequence nested in
    /// it, iteratively. Returns whether it held a template sequence, and the
    /// first problem met.
    fn compound(&mut self, first: Frame) -> (bool, Option<&'static str>) {
        let mut stack = vec![first];
        let mut template = false;
        let mut error: Option<&'static str> = None;
        let fail = |message: &'static str, error: &mut Option<&'static str>| {
            if error.is_none() {
                *error = Some(message);
            }
        };
        while let Some(frame) = stack.last_mut() {
            if self.pos >= self.bytes.len() {
                let message = match frame {
                    Frame::Quoted => "a string that is never closed",
                    Frame::Heredoc { .. } => "a heredoc whose end marker never comes",
                    Frame::Sequence { .. } => "a ${ or %{ sequence that is never closed",
                };
                fail(message, &mut error);
                return (template, error);
            }
            match frame {
                Frame::Quoted => {
                    let b = self.bytes[self.pos];
                    match b {
                        b'"' => {
                            self.pos += 1;
                            stack.pop();
                        }
                        b'\\' => {
                            // An escape takes the next character, which may
                            // not end the line.
                            match self.char_at(self.pos + 1) {
                                Some('\n' | '\r') | None => {
                                    fail("a backslash at the end of a line", &mut error);
                                    self.pos += 1;
                                }
                                Some(c) => {
                                    if self.is_bad(self.pos + 1) {
                                        fail("a byte that is not UTF-8", &mut error);
                                    }
                                    self.pos += 1 + c.len_utf8();
                                }
                            }
                        }
                        b'\n' | b'\r' => {
                            // HCL rejects a newline inside a quoted string;
                            // the string is taken to end here so the rest of
                            // the file still lexes.
                            fail("a newline inside a quoted string", &mut error);
                            stack.pop();
                        }
                        b'$' | b'%' if self.peek(self.pos + 1) == b'{' => {
                            template = true;
                            self.pos += 2;
                            if self.peek(self.pos) == b'~' {
                                self.pos += 1;
                            }
                            stack.push(Frame::Sequence { braces: 0 });
                        }
                        b'$' | b'%'
                            if self.peek(self.pos + 1) == b && self.peek(self.pos + 2) == b'{' =>
                        {
                            // `$${` and `%%{` are the literal `${` and `%{`.
                            self.pos += 3;
                        }
                        _ => {
                            // A run of ordinary characters, to the next byte
                            // that means something in a quoted string.
                            let run_end =
                                memchr::memchr3(b'"', b'\\', b'$', &self.bytes[self.pos..])
                                    .map_or(self.bytes.len(), |i| self.pos + i);
                            let run_end =
                                memchr::memchr3(b'%', b'\n', b'\r', &self.bytes[self.pos..run_end])
                                    .map_or(run_end, |i| self.pos + i);
                            let run_end = run_end.max(self.pos + 1);
                            if self.has_bad(self.pos..run_end) {
                                fail("a byte that is not UTF-8", &mut error);
                            }
                            self.pos = run_end;
                            while !self.text.is_char_boundary(self.pos) {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Frame::Heredoc {
                    marker,
                    start_of_line,
                } => {
                    let line_start = self.pos;
                    let end = self.line_end(line_start);
                    if *start_of_line {
                        let line = &self.text[line_start..end];
                        let marker_text = &self.text[marker.clone()];
                        if line.trim() == marker_text {
                            // The marker ends the heredoc; its newline is the
                            // newline that ends the attribute.
                            let lenient = line.trim_matches([' ', '\t', '\r']) != marker_text;
                            self.lenient_heredoc |= lenient;
                            self.hcl_edit_diverges |= lenient;
                            // The line's newline (`\n` or `\r\n`) is left for
                            // the main context: it ends the attribute.
                            self.pos = if end > line_start && self.bytes[end - 1] == b'\r' {
                                end - 1
                            } else {
                                end
                            };
                            stack.pop();
                            continue;
                        }
                        let after_space = line.trim_start_matches([' ', '\t']);
                        if let Some(rest) = after_space.strip_prefix(marker_text)
                            && !rest.chars().next().is_some_and(is_ident_continue)
                        {
                            self.hcl_edit_diverges = true;
                        }
                    }
                    // A literal run up to a sequence or the end of the line.
                    let mut at = line_start;
                    let mut entered = false;
                    if self.has_bad(line_start..end) {
                        fail("a byte that is not UTF-8", &mut error);
                    }
                    while at < end {
                        // Only `$` and `%` can start a sequence.
                        match memchr::memchr2(b'$', b'%', &self.bytes[at..end]) {
                            Some(i) => at += i,
                            None => break,
                        }
                        let b = self.bytes[at];
                        if (b == b'$' || b == b'%') && self.peek(at + 1) == b'{' {
                            template = true;
                            self.pos = at + 2;
                            if self.peek(self.pos) == b'~' {
                                self.pos += 1;
                            }
                            *start_of_line = false;
                            entered = true;
                            break;
                        }
                        if (b == b'$' || b == b'%')
                            && self.peek(at + 1) == b
                            && self.peek(at + 2) == b'{'
                        {
                            at += 3;
                            continue;
                        }
                        at += 1;
                    }
                    if entered {
                        stack.push(Frame::Sequence { braces: 0 });
                        continue;
                    }
                    *start_of_line = true;
                    self.pos = (end + 1).min(self.bytes.len());
                    if end >= self.bytes.len() {
                        // The last line had no newline: no marker can follow.
                        self.pos = self.bytes.len();
                    }
                }
                Frame::Sequence { braces } => {
                    // The main context, inside a template sequence.
                    let b = self.bytes[self.pos];
                    match b {
                        b'{' => {
                            *braces += 1;
                            self.pos += 1;
                        }
                        b'}' => {
                            self.pos += 1;
                            if *braces == 0 {
                                stack.pop();
                            } else {
                                *braces -= 1;
                            }
                        }
                        b'~' if self.peek(self.pos + 1) == b'}' => {
                            self.pos += 2;
                            if *braces == 0 {
                                stack.pop();
                            } else {
                                *braces -= 1;
                            }
                        }
                        b'"' => {
                            self.pos += 1;
                            stack.push(Frame::Quoted);
                        }
                        b'#' => self.pos = self.line_end(self.pos),
                        b'/' if self.peek(self.pos + 1) == b'/' => {
                            self.pos = self.line_end(self.pos);
                        }
                        b'/' if self.peek(self.pos + 1) == b'*' => {
                            if !self.skip_block_comment() {
                                fail("a /* comment that is never closed", &mut error);
                            }
                        }
                        b'<' if self.peek(self.pos + 1) == b'<' => {
                            let save = self.pos;
                            match self.heredoc_start(save) {
                                Some((marker, after)) => {
                                    template = true;
                                    self.pos = after;
                                    stack.push(Frame::Heredoc {
                                        marker,
                                        start_of_line: true,
                                    });
                                }
                                None => self.pos += 2,
                            }
                        }
                        _ => {
                            if self.is_bad(self.pos) {
                                fail("a byte that is not UTF-8", &mut error);
                            }
                            let len = self.char_at(self.pos).map_or(1, char::len_utf8);
                            self.pos += len;
                        }
                    }
                }
            }
        }
        (template, error)
    }

    /// The marker and the offset after the introducer's newline, for a
    /// heredoc starting at `start` (`<<`).
    fn heredoc_start(&self, start: usize) -> Option<(Range<usize>, usize)> {
        let mut at = start + 2;
        if self.peek(at) == b'-' {
            at += 1;
        }
        let marker_start = at;
        let first = self.char_at(at)?;
        if !is_ident_start(first) {
            return None;
        }
        at += first.len_utf8();
        while let Some(c) = self.char_at(at) {
            if !is_ident_continue(c) {
                break;
            }
            at += c.len_utf8();
        }
        let after = match (self.peek(at), self.peek(at + 1)) {
            (b'\n', _) => at + 1,
            (b'\r', b'\n') => at + 2,
            _ => return None,
        };
        Some((marker_start..at, after))
    }

    /// Whether the text in `range` holds a byte that was not UTF-8.
    pub fn bad_in(&self, range: Range<usize>) -> bool {
        self.has_bad(range)
    }
}

/// The value of a quoted string token with no template sequence: escapes
/// decoded as HCL decodes them; `None` for an escape HCL rejects.
pub fn decode_quoted(raw: &str) -> Option<String> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'u' => out.push(hex_char(&mut chars, 4)?),
                'U' => out.push(hex_char(&mut chars, 8)?),
                _ => return None,
            },
            '$' | '%' => {
                out.push(c);
                // `$${` is a literal `${`.
                let rest = chars.as_str();
                if rest.starts_with(c) && rest[1..].starts_with('{') {
                    chars.next();
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

fn hex_char(chars: &mut std::str::Chars<'_>, digits: usize) -> Option<char> {
    let hex: String = chars.by_ref().take(digits).collect();
    if hex.len() != digits {
        return None;
    }
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Kind> {
        let mut lexer = Lexer::new(text, &[]);
        let mut out = Vec::new();
        loop {
            let t = lexer.next_token();
            out.push(t.kind);
            if t.kind == Kind::Eof {
                return out;
            }
        }
    }

    #[test]
    fn strings_templates_and_comments_are_single_tokens() {
        use Kind::*;
        assert_eq!(
            kinds("a = \"x${ {b = \"}\"} }y\" # c\n/* d\n */ e"),
            [Ident, Equal, Str { template: true }, Newline, Ident, Eof]
        );
        assert_eq!(kinds("\"$${x}\""), [Str { template: false }, Eof]);
        assert_eq!(
            kinds("\"a\nb\""),
            [
                Error("a newline inside a quoted string"),
                Newline,
                Ident,
                Error("a string that is never closed"),
                Eof
            ]
        );
    }

    #[test]
    fn heredoc_markers_are_found_after_any_white_space() {
        use Kind::*;
        let text = "x = <<EOT\n  a ${b} EOT\n\u{0b}EOT\u{a0}\ny = 1\n";
        let mut lexer = Lexer::new(text, &[]);
        let mut got = Vec::new();
        loop {
            let t = lexer.next_token();
            got.push(t.kind);
            if t.kind == Eof {
                break;
            }
        }
        assert_eq!(
            got,
            [
                Ident,
                Equal,
                Heredoc {
                    template: true,
                    indent: false
                },
                Newline,
                Ident,
                Equal,
                Number,
                Newline,
                Eof
            ]
        );
        assert!(lexer.lenient_heredoc);
    }

    #[test]
    fn escapes_decode_as_hcl_does() {
        assert_eq!(
            decode_quoted("\"aws\\u005fdb_instance\"").as_deref(),
            Some("aws_db_instance")
        );
        assert_eq!(decode_quoted("\"a\\U0001F600\"").as_deref(), Some("a😀"));
        assert_eq!(decode_quoted("\"$${x}\"").as_deref(), Some("${x}"));
        assert_eq!(decode_quoted("\"\\q\"").as_deref(), None);
    }
}

//! `setup.py`: the dependencies setuptools installs with a project, when
//! they are written as literals (`install_requires=[...]`,
//! `extras_require={"extra": [...]}`, as keywords of `setup(...)` or keys
//! of a dict passed to it). adrift never runs a `setup.py` (ADR-0016): a
//! value it cannot read as a literal (a name, a call, a comprehension, a
//! file read at build time) is a problem at that value, so the gate fails
//! closed rather than pass what it did not read. A name bound once in the
//! file to a literal (`REQUIRES = [...]`) is read through. Text in,
//! entries out.

use std::ops::Range;

use super::setup_cfg::{Parsed, requirement};

/// A Python token, as far as literals need: a string's contents, a name,
/// or one character of punctuation.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// A string literal: the span of its contents (prefix and quotes
    /// excluded), and whether it has an escape (then it is not read).
    Str(Range<usize>, bool),
    Name(Range<usize>),
    /// An f-string, a number, or anything else a literal list cannot hold.
    Other(Range<usize>),
    Punct(char, usize),
}

fn tokens(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_whitespace() || c == b'\\' {
            i += 1;
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] >= 0x80)
            {
                i += 1;
            }
            let word = &text[start..i];
            // A string prefix: r, u, b, f and their pairs.
            let prefix = word.len() <= 2
                && word.chars().all(|c| "rRuUbBfF".contains(c))
                && i < bytes.len()
                && (bytes[i] == b'"' || bytes[i] == b'\'');
            if !prefix {
                out.push(Tok::Name(start..i));
                continue;
            }
            let formatted = word.contains(['f', 'F']);
            let (tok, end) = string(text, i);
            i = end;
            out.push(match tok {
                Tok::Str(r, _) if formatted => Tok::Other(r),
                other => other,
            });
            continue;
        }
        if c == b'"' || c == b'\'' {
            let (tok, end) = string(text, i);
            i = end;
            out.push(tok);
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                i += 1;
            }
            out.push(Tok::Other(start..i));
            continue;
        }
        out.push(Tok::Punct(c as char, i));
        i += 1;
    }
    out
}

/// The string literal whose opening quote is at `at`: its token and the
/// offset after it. An unterminated string runs to the end of the text.
fn string(text: &str, at: usize) -> (Tok, usize) {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let triple = bytes.get(at..at + 3) == Some(&[quote, quote, quote][..]);
    let open = if triple { 3 } else { 1 };
    let start = at + open;
    let mut i = start;
    let mut escaped = false;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            escaped = true;
            i += 2;
            continue;
        }
        if !triple && bytes[i] == b'\n' {
            break;
        }
        if bytes[i] == quote && (!triple || bytes.get(i..i + 3) == Some(&[quote; 3][..])) {
            return (Tok::Str(start..i, escaped), i + open);
        }
        i += 1;
    }
    let end = i.min(bytes.len());
    (Tok::Other(at..end), end)
}

/// Where a token starts and ends.
fn span(t: &Tok) -> Range<usize> {
    match t {
        Tok::Str(r, _) | Tok::Name(r) | Tok::Other(r) => r.clone(),
        Tok::Punct(_, at) => *at..at + 1,
    }
}

/// The keys whose values setuptools installs.
const KEYS: [&str; 2] = ["install_requires", "extras_require"];

/// How many declarations of those keys a file may make. Each is read in
/// time linear in the file, so a cap keeps the whole read linear; a real
/// `setup.py` makes one or two. Beyond it, the file is a problem (the
/// gate fails closed) rather than a hang.
const MAX_DECLARATIONS: usize = 64;

/// Reads a `setup.py`.
pub fn parse(text: &str) -> Parsed {
    let toks = tokens(text);
    let mut parsed = Parsed::default();
    let mut declarations = 0;
    let name = |t: &Tok| match t {
        Tok::Name(r) | Tok::Str(r, false) => Some(&text[r.clone()]),
        _ => None,
    };
    for (i, t) in toks.iter().enumerate() {
        let Some(key) = name(t).filter(|k| KEYS.contains(k)) else {
            continue;
        };
        // `install_requires=` (a keyword, not `==`) or `"install_requires":`.
        let next = toks.get(i + 1);
        let is_keyword = matches!(t, Tok::Name(_))
            && matches!(next, Some(Tok::Punct('=', _)))
            && !matches!(toks.get(i + 2), Some(Tok::Punct('=', _)))
            && !matches!(
                i.checked_sub(1).and_then(|p| toks.get(p)),
                Some(Tok::Punct('.', _))
            );
        let is_key = matches!(t, Tok::Str(..)) && matches!(next, Some(Tok::Punct(':', _)));
        if !is_keyword && !is_key {
            continue;
        }
        declarations += 1;
        if declarations > MAX_DECLARATIONS {
            parsed.problems.push((
                span(t),
                format!(
                    "more than {MAX_DECLARATIONS} declarations of install_requires or extras_require: adrift reads no further"
                ),
            ));
            break;
        }
        let value = i + 2;
        if key == "install_requires" {
            read_list(text, &toks, value, None, &mut parsed, 0);
        } else {
            read_extras(text, &toks, value, &mut parsed);
        }
    }
    parsed
}

/// The index of the token that closes the bracket opened at `open`.
fn closing(toks: &[Tok], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, t) in toks.iter().enumerate().skip(open) {
        match t {
            Tok::Punct('[' | '(' | '{', _) => depth += 1,
            Tok::Punct(']' | ')' | '}', _) => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether the value whose last token is `last` ends there: the text goes
/// on with a `,` or a closing bracket, ends, or starts a new statement on
/// a later line; not with an operator (`[...] + EXTRA`, `REQS.copy()`).
fn ends(text: &str, toks: &[Tok], last: usize) -> bool {
    match toks.get(last + 1) {
        None | Some(Tok::Punct(',' | ')' | ']' | '}', _)) => true,
        Some(next @ (Tok::Name(_) | Tok::Str(..) | Tok::Other(_))) => {
            text[span(&toks[last]).end..span(next).start].contains('\n')
                && !matches!(next, Tok::Name(r) if matches!(&text[r.clone()], "if" | "for" | "and" | "or" | "else"))
        }
        Some(Tok::Punct(..)) => false,
    }
}

/// Where a value that is not a literal ends, for its problem's span: the
/// next `,` or closing bracket at its own depth.
fn value_end(toks: &[Tok], at: usize) -> usize {
    let mut depth = 0usize;
    let mut last = at;
    for (i, t) in toks.iter().enumerate().skip(at) {
        match t {
            Tok::Punct('[' | '(' | '{', _) => depth += 1,
            Tok::Punct(']' | ')' | '}', _) if depth == 0 => break,
            Tok::Punct(']' | ')' | '}', _) => depth -= 1,
            Tok::Punct(',', _) if depth == 0 => break,
            _ => {}
        }
        last = i;
    }
    last
}

fn unreadable(text: &str, toks: &[Tok], at: usize, what: &str, parsed: &mut Parsed) {
    let Some(first) = toks.get(at) else {
        parsed.problems.push((
            text.len()..text.len(),
            format!("`{what}` has no value adrift can read"),
        ));
        return;
    };
    let start = span(first).start;
    let end = span(&toks[value_end(toks, at)]).end.max(start);
    let written: String = text[start..end].chars().take(60).collect();
    parsed.problems.push((
        start..end,
        format!(
            "adrift cannot read `{what}` without running setup.py: it is `{}`",
            written.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
    ));
}

/// A list or tuple of requirement strings at `at` (or one name bound to
/// one), each read as a requirement with `extra`.
fn read_list(
    text: &str,
    toks: &[Tok],
    at: usize,
    extra: Option<String>,
    parsed: &mut Parsed,
    hops: usize,
) {
    let what = extra.as_ref().map_or("install_requires".to_string(), |e| {
        format!("extras_require[{e:?}]")
    });
    match toks.get(at) {
        Some(Tok::Punct('[' | '(', _)) => {
            let Some(close) = closing(toks, at) else {
                return unreadable(text, toks, at, &what, parsed);
            };
            // Strings and commas only; anything else is not a literal list.
            let inner = &toks[at + 1..close];
            if inner
                .iter()
                .any(|t| !matches!(t, Tok::Str(_, false) | Tok::Punct(',', _)))
                || !ends(text, toks, close)
            {
                return unreadable(text, toks, at, &what, parsed);
            }
            for t in inner {
                if let Tok::Str(r, _) = t {
                    requirement(text, r.clone(), extra.clone(), parsed);
                }
            }
        }
        // setuptools splits a string into lines.
        Some(Tok::Str(r, false)) if ends(text, toks, at) => {
            let mut offset = r.start;
            for line in text[r.clone()].split_inclusive('\n') {
                let body = line.trim_end_matches(['\n', '\r']);
                requirement(text, offset..offset + body.len(), extra.clone(), parsed);
                offset += line.len();
            }
        }
        Some(Tok::Name(r)) if hops < 4 && ends(text, toks, at) => {
            match binding(text, toks, &text[r.clone()]) {
                Some(value) => read_list(text, toks, value, extra, parsed, hops + 1),
                None => unreadable(text, toks, at, &what, parsed),
            }
        }
        _ => unreadable(text, toks, at, &what, parsed),
    }
}

/// The value of the one top-level assignment `name = ...` in the file;
/// `None` when there is none, or more than one (which one holds is then
/// a matter of running it).
fn binding(text: &str, toks: &[Tok], name: &str) -> Option<usize> {
    let mut found = None;
    for (i, t) in toks.iter().enumerate() {
        let Tok::Name(r) = t else { continue };
        if &text[r.clone()] != name {
            continue;
        }
        let assigns = matches!(toks.get(i + 1), Some(Tok::Punct('=', _)))
            && !matches!(toks.get(i + 2), Some(Tok::Punct('=', _)));
        // `name += [...]`, `name.append(...)`, `name.extend(...)`: changed
        // after it is bound.
        let changes = matches!(toks.get(i + 1), Some(Tok::Punct('+' | '.', _)));
        let line_start = text[..r.start].rfind('\n').map_or(0, |n| n + 1);
        let top_level = r.start == line_start;
        if changes || (assigns && !top_level) {
            return None;
        }
        if assigns {
            if found.is_some() {
                return None;
            }
            found = Some(i + 2);
        }
    }
    found
}

/// `extras_require={"extra": [...] or "...", ...}` (or a name bound to one).
fn read_extras(text: &str, toks: &[Tok], at: usize, parsed: &mut Parsed) {
    let at = match toks.get(at) {
        Some(Tok::Name(r)) if ends(text, toks, at) => match binding(text, toks, &text[r.clone()]) {
            Some(value) => value,
            None => return unreadable(text, toks, at, "extras_require", parsed),
        },
        _ => at,
    };
    let Some(Tok::Punct('{', _)) = toks.get(at) else {
        return unreadable(text, toks, at, "extras_require", parsed);
    };
    let Some(close) = closing(toks, at).filter(|&close| ends(text, toks, close)) else {
        return unreadable(text, toks, at, "extras_require", parsed);
    };
    let mut i = at + 1;
    while i < close {
        match (&toks[i], toks.get(i + 1)) {
            (Tok::Str(key, false), Some(Tok::Punct(':', _))) => {
                let extra = text[key.clone()].to_string();
                read_list(text, toks, i + 2, Some(extra), parsed, 0);
                i = value_end(toks, i + 2) + 1;
                if matches!(toks.get(i), Some(Tok::Punct(',', _))) {
                    i += 1;
                }
            }
            _ => return unreadable(text, toks, i, "extras_require", parsed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&str, Option<String>)> {
        parse(text)
            .requirements
            .iter()
            .map(|r| (&text[r.name.clone()], r.extra.clone()))
            .collect()
    }

    #[test]
    fn literal_lists_dicts_and_names_bound_to_them() {
        let text = r#"
from setuptools import setup

REQUIRES = [
    "fastapi>=0.100",  # the API
    'SQLAlchemy[asyncio]>=2; python_version > "3.8"',
]

setup(
    name="svc",
    install_requires=REQUIRES,
    extras_require={
        "cache": ["redis"],
        'mongo': """pymongo
motor""",
    },
)
"#;
        assert_eq!(
            names(text),
            vec![
                ("fastapi", None),
                ("SQLAlchemy", None),
                ("redis", Some("cache".to_string())),
                ("pymongo", Some("mongo".to_string())),
                ("motor", Some("mongo".to_string())),
            ]
        );
        assert!(
            parse(text).problems.is_empty(),
            "{:?}",
            parse(text).problems
        );
    }

    #[test]
    fn dict_keys_and_tuples() {
        let text = "kw = {'install_requires': ('psycopg2-binary',)}\nsetup(**kw)\n";
        assert_eq!(names(text), vec![("psycopg2-binary", None)]);
    }

    /// What only running setup.py can say is a problem at that value.
    #[test]
    fn values_only_running_can_tell_are_problems() {
        for text in [
            "setup(install_requires=open('requirements.txt').read().splitlines())",
            "setup(install_requires=[r for r in REQS])",
            "setup(install_requires=BASE + ['redis'])",
            "setup(install_requires=get_requires())",
            "REQS = []\nREQS.append('redis')\nsetup(install_requires=REQS)",
            "if x:\n    REQS = ['a']\nsetup(install_requires=REQS)",
            "setup(install_requires=[f'redis{V}'])",
            "setup(extras_require=EXTRAS)",
            "setup(extras_require={k: v for k, v in X})",
            "setup(extras_require={'a': ['redis']} | MORE)",
            "setup(install_requires=['a\\x62'])",
        ] {
            let parsed = parse(text);
            assert!(!parsed.problems.is_empty(), "{text}");
            for (span, message) in &parsed.problems {
                assert!(text.get(span.clone()).is_some(), "{text}: {span:?}");
                assert!(message.contains("install_requires") || message.contains("extras_require"));
            }
        }
    }

    /// Not a dependency declaration: comparisons, attributes, strings and
    /// comments that mention the keys.
    #[test]
    fn mentions_are_not_declarations() {
        let text = "# install_requires=['redis']\nif install_requires == []:\n    pass\nx = setup.install_requires\ndoc = 'install_requires=[\"redis\"]'\n";
        let parsed = parse(text);
        assert!(parsed.requirements.is_empty(), "{:?}", parsed.requirements);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    /// A file that declares the keys without end is a problem, not a hang
    /// (each declaration's value runs to the end of the file here).
    #[test]
    fn endless_declarations_are_a_problem() {
        let text = format!("setup({})", "install_requires=[".repeat(100_000));
        let parsed = parse(&text);
        assert!(
            parsed
                .problems
                .iter()
                .any(|(_, m)| m.starts_with("more than 64 declarations")),
            "{:?}",
            parsed.problems.last()
        );
    }

    #[test]
    fn any_text_parses_with_spans_in_it() {
        let mut seed = 7u64;
        let pieces = [
            "install_requires",
            "=",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "'a'",
            "\"b\"",
            ",",
            ":",
            "\n",
            "#",
            "'''",
            "extras_require",
            "X",
            "é",
            "\\",
            "f'",
            "r\"",
        ];
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 17) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let parsed = parse(&text);
            for r in &parsed.requirements {
                assert!(text.get(r.name.clone()).is_some(), "{text:?}");
            }
            for (span, _) in &parsed.problems {
                assert!(text.get(span.clone()).is_some(), "{text:?}");
            }
        }
    }
}

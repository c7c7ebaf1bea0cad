//! PEP 508 dependency specifiers, as pip 23's vendored `packaging` 21.3
//! accepts them (`packaging/requirements.py`, `markers.py`): a name, extras,
//! then a URL (`name @ url`) or version specifiers (PEP 440 or the lenient
//! "legacy" ones, optionally in parentheses), then an environment marker.
//! Where newer `packaging` is stricter, adrift stays lenient: it never
//! calls a line invalid that some pip accepts.
//!
//! Also the names pip reads from files: wheel file names (pip's
//! `Wheel.wheel_file_re`) and source distributions (`name-version.tar.gz`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// A parsed requirement: ranges into the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub name: Range<usize>,
    pub extras: Vec<String>,
    pub url: Option<Range<usize>>,
    pub marker: Option<Range<usize>>,
}

/// Why a text is not a requirement, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub at: usize,
    pub message: String,
}

/// pyparsing's default white space, which it skips between tokens.
fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Python's `str.isspace` (and the regex `\s` on `str`): Unicode white
/// space plus the separators `\x1c`–`\x1f`.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Python's `str.strip()`: the range of `text` without surrounding white
/// space.
pub fn py_strip(text: &str) -> Range<usize> {
    let start = text.len() - text.trim_start_matches(is_py_space).len();
    let end = text.trim_end_matches(is_py_space).len().max(start);
    start..end
}

struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn skip_ws(&mut self) {
        let rest = self.rest();
        self.at += rest.len() - rest.trim_start_matches(is_ws).len();
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn eat(&mut self, literal: &str) -> bool {
        if self.rest().starts_with(literal) {
            self.at += literal.len();
            true
        } else {
            false
        }
    }

    fn invalid(&self, message: impl Into<String>) -> Invalid {
        Invalid {
            at: self.at,
            message: message.into(),
        }
    }

    /// What stands at the cursor, for messages.
    fn here(&self) -> String {
        match self.rest().chars().next() {
            None => "the end".to_string(),
            Some(_) => {
                let word: String = self.rest().chars().take(12).collect();
                format!("`{word}`")
            }
        }
    }

    /// `[A-Za-z0-9]([-_.]*[A-Za-z0-9])*`, the longest.
    fn identifier(&mut self) -> Option<Range<usize>> {
        let start = self.at;
        let bytes = self.text.as_bytes();
        if !bytes.get(self.at).is_some_and(u8::is_ascii_alphanumeric) {
            return None;
        }
        let mut end = self.at + 1;
        let mut i = end;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphanumeric() {
                i += 1;
                end = i;
            } else if matches!(b, b'-' | b'_' | b'.') {
                i += 1;
            } else {
                break;
            }
        }
        self.at = end;
        Some(start..end)
    }
}

/// Whether `name` is a valid project name (PEP 508).
pub fn is_name(name: &str) -> bool {
    let mut c = Cursor { text: name, at: 0 };
    c.identifier().is_some_and(|r| r.end == name.len())
}

/// Parses a requirement. With `markers`, a `; marker` may follow (as in
/// `pyproject.toml`); requirements files split the marker off first.
pub fn parse(text: &str, markers: bool) -> Result<Requirement, Invalid> {
    parse_inner(text, markers).map_err(|mut e| {
        // pip's hint for the commonest mistake.
        if text.contains('=') && !has_operator(text) {
            e.message
                .push_str(" (`=` is not a version operator: did you mean `==`?)");
        }
        e
    })
}

fn parse_inner(text: &str, markers: bool) -> Result<Requirement, Invalid> {
    let mut c = Cursor { text, at: 0 };
    c.skip_ws();
    let name = c
        .identifier()
        .ok_or_else(|| c.invalid(format!("expected a package name, found {}", c.here())))?;
    c.skip_ws();
    let mut extras = Vec::new();
    if c.eat("[") {
        c.skip_ws();
        if !c.eat("]") {
            loop {
                c.skip_ws();
                let extra = c.identifier().ok_or_else(|| {
                    c.invalid(format!("expected an extra's name, found {}", c.here()))
                })?;
                extras.push(text[extra].to_string());
                c.skip_ws();
                if c.eat(",") {
                    continue;
                }
                if c.eat("]") {
                    break;
                }
                return Err(c.invalid(format!(
                    "expected `,` or `]` in the extras, found {}",
                    c.here()
                )));
            }
        }
        c.skip_ws();
    }
    let mut url = None;
    if c.eat("@") {
        c.skip_ws();
        let start = c.at;
        let len = c.rest().find(' ').unwrap_or(c.rest().len());
        if len == 0 {
            return Err(c.invalid("expected a URL after `@`"));
        }
        c.at += len;
        let u = &text[start..c.at];
        if !valid_url(u) {
            return Err(Invalid {
                at: start,
                message: format!("`{u}` is not a URL"),
            });
        }
        url = Some(start..c.at);
    } else {
        version_spec(&mut c)?;
    }
    c.skip_ws();
    let mut marker = None;
    if markers && c.eat(";") {
        c.skip_ws();
        let start = c.at;
        parse_marker_at(&mut c)?;
        marker = Some(start..c.at);
        c.skip_ws();
    }
    if c.at < text.len() {
        return Err(c.invalid(format!("unexpected {}", c.here())));
    }
    Ok(Requirement {
        name,
        extras,
        url,
        marker,
    })
}

fn has_operator(text: &str) -> bool {
    ["~=", "==", "!=", "<=", ">=", "<", ">", "==="]
        .iter()
        .any(|op| text.contains(op))
}

/// `packaging` 21.3's URL check: `file:` URLs, or a scheme and a host.
fn valid_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return false;
    }
    if scheme.eq_ignore_ascii_case("file") {
        return true;
    }
    rest.strip_prefix("//")
        .is_some_and(|r| !r.is_empty() && !r.starts_with(['/', '?', '#']))
}

/// The compatible-release operator takes a PEP 440 version with at least
/// two release segments and no wildcard or local part.
static COMPATIBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\s*v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)+(?:[-_\.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_\.]?[0-9]*)?(?:(?:-[0-9]+)|(?:[-_\.]?(?:post|rev|r)[-_\.]?[0-9]*))?(?:[-_\.]?dev[-_\.]?[0-9]*)?",
    )
    .expect("regex")
});

/// Version specifiers: `>=1, <2`, `(>=1)`, or nothing.
fn version_spec(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    let paren = c.eat("(");
    if paren {
        c.skip_ws();
    }
    let starts = |c: &Cursor<'_>| c.rest().starts_with(['<', '>', '=', '!', '~']);
    if starts(c) {
        loop {
            version_one(c)?;
            c.skip_ws();
            if c.eat(",") {
                c.skip_ws();
                if !starts(c) {
                    return Err(c.invalid(format!(
                        "expected a version specifier after `,`, found {}",
                        c.here()
                    )));
                }
                continue;
            }
            break;
        }
    } else if paren {
        return Err(c.invalid(format!("expected a version specifier, found {}", c.here())));
    }
    if paren {
        c.skip_ws();
        if !c.eat(")") {
            return Err(c.invalid(format!("expected `)`, found {}", c.here())));
        }
    }
    Ok(())
}

fn version_one(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    let at = c.at;
    let op = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"]
        .into_iter()
        .find(|op| c.rest().starts_with(op))
        .ok_or_else(|| c.invalid(format!("expected a version operator, found {}", c.here())))?;
    c.at += op.len();
    let rest = c.rest();
    let lead = rest.len() - rest.trim_start_matches(is_py_space).len();
    let body = &rest[lead..];
    let consumed = match op {
        // The identity operator takes every character up to white space.
        "===" => lead + body.find(is_py_space).unwrap_or(body.len()),
        "~=" => match COMPATIBLE.find(rest) {
            Some(m) => m.end(),
            None => {
                return Err(Invalid {
                    at,
                    message: "`~=` needs a version with at least two parts (`~=1.4`)".to_string(),
                });
            }
        },
        // A "legacy" version: anything but `,`, `;`, `)` and white space.
        _ => {
            lead + body
                .find(|ch: char| matches!(ch, ',' | ';' | ')') || is_py_space(ch))
                .unwrap_or(body.len())
        }
    };
    let version = rest[..consumed].trim_matches(is_py_space);
    c.at += consumed;
    if version.ends_with(']') {
        return Err(Invalid {
            at,
            message: format!("extras after the version `{op}{version}`: write them after the name"),
        });
    }
    Ok(())
}

const MARKER_VARIABLES: [&str; 18] = [
    "implementation_version",
    "platform_python_implementation",
    "implementation_name",
    "python_full_version",
    "platform_release",
    "platform_version",
    "platform_machine",
    "platform_system",
    "python_version",
    "sys_platform",
    "os_name",
    "os.name",
    "sys.platform",
    "platform.version",
    "platform.machine",
    "platform.python_implementation",
    "python_implementation",
    "extra",
];

/// Checks an environment marker.
pub fn parse_marker(text: &str) -> Result<(), Invalid> {
    let mut c = Cursor { text, at: 0 };
    c.skip_ws();
    parse_marker_at(&mut c)?;
    c.skip_ws();
    if c.at < text.len() {
        return Err(c.invalid(format!("unexpected {} in the marker", c.here())));
    }
    Ok(())
}

fn parse_marker_at(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    loop {
        c.skip_ws();
        marker_atom(c)?;
        let save = c.at;
        c.skip_ws();
        if c.eat("and") || c.eat("or") {
            continue;
        }
        c.at = save;
        return Ok(());
    }
}

fn marker_atom(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    let save = c.at;
    if marker_item(c).is_ok() {
        return Ok(());
    }
    c.at = save;
    if c.eat("(") {
        parse_marker_at(c)?;
        c.skip_ws();
        if c.eat(")") {
            return Ok(());
        }
        return Err(c.invalid(format!("expected `)` in the marker, found {}", c.here())));
    }
    // Report the item's own error.
    marker_item(c)
}

fn marker_item(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    marker_var(c)?;
    c.skip_ws();
    let op = [
        "===", "==", ">=", "<=", "!=", "~=", ">", "<", "not in", "in",
    ]
    .into_iter()
    .find(|op| c.rest().starts_with(op))
    .ok_or_else(|| c.invalid(format!("expected a marker operator, found {}", c.here())))?;
    c.at += op.len();
    c.skip_ws();
    marker_var(c)
}

fn marker_var(c: &mut Cursor<'_>) -> Result<(), Invalid> {
    if let Some(v) = MARKER_VARIABLES.iter().find(|v| c.rest().starts_with(*v)) {
        c.at += v.len();
        return Ok(());
    }
    if let Some(q) = c.peek().filter(|q| matches!(q, '\'' | '"')) {
        let body = &c.rest()[1..];
        return match body.find([q, '\n', '\r']) {
            Some(end) if body[end..].starts_with(q) => {
                c.at += 1 + end + 1;
                Ok(())
            }
            _ => Err(c.invalid("a quoted string in the marker is not closed")),
        };
    }
    Err(c.invalid(format!(
        "expected a marker variable (`python_version`, `sys_platform`, …) or a quoted string, found {}",
        c.here()
    )))
}

/// pip's `Wheel.wheel_file_re`.
static WHEEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?P<name>[^\s-]+?)-(?P<ver>[^\s-]*?)(?:(?:-(?P<build>\d[^-]*?))?-(?P<pyver>[^\s-]+?)-(?P<abi>[^\s-]+?)-(?P<plat>[^\s-]+?)\.whl|\.dist-info)$",
    )
    .expect("regex")
});

/// The name part of a wheel file name (`Foo_Bar-1.0-py3-none-any.whl` →
/// `Foo_Bar`), as a range of `file_name`; `None` when it is not a valid
/// wheel file name.
pub fn wheel_name(file_name: &str) -> Option<Range<usize>> {
    WHEEL.captures(file_name)?.name("name").map(|m| m.range())
}

/// pip's archive extensions (`pip/_internal/utils/filetypes.py`), checked
/// case-insensitively.
pub const ARCHIVE_EXTENSIONS: [&str; 12] = [
    ".zip",
    ".whl",
    ".tar.bz2",
    ".tbz",
    ".tar.gz",
    ".tgz",
    ".tar",
    ".tar.xz",
    ".txz",
    ".tlz",
    ".tar.lz",
    ".tar.lzma",
];

/// pip's `splitext`: the extension, with `.tar` kept in front of a second
/// extension (`.tar.gz`).
pub fn extension(file_name: &str) -> &str {
    let base = file_name.rsplit('/').next().unwrap_or(file_name);
    let offset = file_name.len() - base.len();
    // posixpath.splitext: the last dot that is not leading.
    let trimmed = base.trim_start_matches('.');
    let lead = base.len() - trimmed.len();
    let Some(dot) = trimmed.rfind('.').map(|d| d + lead) else {
        return "";
    };
    let stem = &base[..dot];
    if stem.to_ascii_lowercase().ends_with(".tar") {
        return &file_name[offset + dot - 4..];
    }
    &file_name[offset + dot..]
}

/// Whether pip takes a path or file name for an archive.
pub fn is_archive(file_name: &str) -> bool {
    let ext = extension(file_name).to_ascii_lowercase();
    ARCHIVE_EXTENSIONS.contains(&ext.as_str())
}

/// The name of a source distribution from its file name: what stands
/// before the last `-` that a digit follows (`foo-bar-1.0.tar.gz` →
/// `foo-bar`), when that is a valid project name.
pub fn sdist_name(file_name: &str) -> Option<Range<usize>> {
    if !is_archive(file_name) {
        return None;
    }
    let stem = &file_name[..file_name.len() - extension(file_name).len()];
    let dash = stem
        .match_indices('-')
        .map(|(i, _)| i)
        .rfind(|&i| stem[i + 1..].starts_with(|c: char| c.is_ascii_digit()))?;
    is_name(&stem[..dash]).then_some(0..dash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Result<&str, String> {
        parse(text, true)
            .map(|r| &text[r.name])
            .map_err(|e| e.message)
    }

    #[test]
    fn requirements_parse_as_packaging_21_does() {
        for ok in [
            "foo",
            "FOO.BAR_baz",
            "foo[bar, baz] >= 1.0 , < 2 ; python_version > \"3\"",
            "foo [bar]",
            "foo(>=1)",
            "foo (>=1.0, <2)",
            "foo ~=1.0",
            "foo==",
            "foo==${V}",
            "foo[]",
            "foo===anything-goes",
            "foo @ file:///tmp/x",
            "foo @ git+https://github.com/a/b.git@v1",
            "foo;python_version>\"3\"and os_name=='posix'",
            "foo; (python_version>'3' or extra == \"x\")",
            "foo; os.name == 'nt'",
            "foo; 'linux' in sys_platform",
            "foo; sys_platform not in 'win32 cygwin'",
        ] {
            assert_eq!(
                name(ok).map(|n| n.to_ascii_lowercase().starts_with("foo")),
                Ok(true),
                "{ok}"
            );
        }
        for bad in [
            "",
            "-foo",
            "foo-",
            "foo=1.0",
            "foo>=1.0[bar]",
            "foo ~= 1",
            "foo==1.0)",
            "foo (==1.0",
            "foo @ ./x",
            "foo @ ",
            "foo; python_versoin > '3'",
            "foo; python_version > '3",
            "foo; python_version >",
            "foo bar",
            "foo\t--hash=sha256:x",
            "foo[bar",
            "foo[bar baz]",
            "foo>=1,",
        ] {
            assert!(parse(bad, true).is_err(), "{bad}");
        }
        assert!(name("foo=1.0").unwrap_err().contains("did you mean `==`"));
        assert_eq!(parse("  foo >=1", false).unwrap().name, 2..5);
        assert_eq!(parse("foo[a,b]", false).unwrap().extras, ["a", "b"]);
    }

    #[test]
    fn names_from_file_names() {
        let w = "Foo_Bar-1.0-py3-none-any.whl";
        assert_eq!(&w[wheel_name(w).unwrap()], "Foo_Bar");
        assert_eq!(wheel_name("foo-1.0.whl"), None);
        let w = "foo-1.0-1-cp311-cp311-manylinux_2_17_x86_64.whl";
        assert_eq!(&w[wheel_name(w).unwrap()], "foo");
        for (file, expected) in [
            ("foo-bar-1.0.tar.gz", Some("foo-bar")),
            ("foo_bar-2024.1.zip", Some("foo_bar")),
            ("Foo-1.0.TAR.GZ", Some("Foo")),
            ("v1.2.tar.gz", None),
            ("main.zip", None),
            ("foo-1.0.txt", None),
        ] {
            assert_eq!(sdist_name(file).map(|r| &file[r]), expected, "{file}");
        }
        assert_eq!(extension("a/b.c/foo.tar.gz"), ".tar.gz");
        assert_eq!(extension(".bashrc"), "");
        assert!(is_archive("x.WHL"));
    }
}

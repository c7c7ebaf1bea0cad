//! `setup.cfg`: the dependencies setuptools installs with a project
//! (`[options] install_requires`, `[options.extras_require]`), read as
//! setuptools reads them through configparser: a value runs on over the
//! indented lines after its key, whole-line `#` and `;` comments are
//! dropped, a value of several lines is one requirement a line, a value of
//! one line is split at `;`, and `file: a.txt, b.txt` names files the
//! requirements are read from. Text in, entries out.

use std::ops::Range;

use super::pep508;

/// One requirement of a `setup.cfg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The name, as written.
    pub name: Range<usize>,
    /// The extra it is installed with (`[options.extras_require]`).
    pub extra: Option<String>,
    /// Its environment marker, as written.
    pub marker: Option<String>,
}

/// What a `setup.cfg` declares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    pub requirements: Vec<Requirement>,
    /// `file:` references, as written, with their spans.
    pub files: Vec<(String, Range<usize>)>,
    /// Entries setuptools rejects: span and message.
    pub problems: Vec<(Range<usize>, String)>,
}

/// A value being collected: its key's extra (None for `install_requires`)
/// and its pieces (text and offset), one per line.
struct Value {
    extra: Option<String>,
    indent: usize,
    pieces: Vec<(usize, usize)>,
}

/// Reads a `setup.cfg`.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut section = String::new();
    let mut value: Option<Value> = None;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim();
        let indent = line.len() - line.trim_start().len();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(v) = value.as_mut()
            && indent > v.indent
        {
            v.pieces
                .push((start + indent, start + indent + trimmed.len()));
            continue;
        }
        if let Some(v) = value.take() {
            finish(text, v, &mut parsed);
        }
        if indent == 0 && trimmed.starts_with('[') {
            if let Some(end) = trimmed.find(']') {
                section = trimmed[1..end].to_string();
            }
            continue;
        }
        // configparser: the key ends at the first `=` or `:`.
        let Some(at) = line.find(['=', ':']) else {
            continue;
        };
        let key = line[..at].trim().replace('-', "_");
        let extra = match (section.as_str(), key.as_str()) {
            ("options", "install_requires") => None,
            ("options.extras_require", _) => Some(line[..at].trim().to_string()),
            _ => continue,
        };
        let rest = &line[at + 1..];
        let first = start + at + 1 + (rest.len() - rest.trim_start().len());
        let mut pieces = Vec::new();
        if !rest.trim().is_empty() {
            pieces.push((first, first + rest.trim().len()));
        }
        value = Some(Value {
            extra,
            indent,
            pieces,
        });
    }
    if let Some(v) = value.take() {
        finish(text, v, &mut parsed);
    }
    parsed
}

/// The requirements (or `file:` references) of one value.
fn finish(text: &str, value: Value, parsed: &mut Parsed) {
    let Some(&(first_start, first_end)) = value.pieces.first() else {
        return;
    };
    if let Some(spec) = text[first_start..first_end].strip_prefix("file:") {
        let mut pieces = vec![(first_end - spec.len(), first_end)];
        pieces.extend(value.pieces.iter().skip(1).copied());
        for (s, e) in pieces {
            let mut at = s;
            for path in text[s..e].split(',') {
                let lead = path.len() - path.trim_start().len();
                let name = path.trim();
                if !name.is_empty() {
                    parsed
                        .files
                        .push((name.to_string(), at + lead..at + lead + name.len()));
                }
                at += path.len() + 1;
            }
        }
        return;
    }
    let mut entries: Vec<Range<usize>> = Vec::new();
    if value.pieces.len() == 1 {
        let mut at = first_start;
        for part in text[first_start..first_end].split(';') {
            entries.push(at..at + part.len());
            at += part.len() + 1;
        }
    } else {
        entries.extend(value.pieces.iter().map(|&(s, e)| s..e));
    }
    for range in entries {
        requirement(text, range, value.extra.clone(), parsed);
    }
}

/// One requirement string at `range` of `text` (a `setup.cfg` line, a
/// `setup.py` string literal): read, or a problem with its leading name
/// still reported.
pub(super) fn requirement(
    text: &str,
    range: Range<usize>,
    extra: Option<String>,
    parsed: &mut Parsed,
) {
    let entry = &text[range.clone()];
    let lead = entry.len() - entry.trim_start().len();
    let body = entry.trim();
    if body.is_empty() || body.starts_with('#') {
        return;
    }
    let at = range.start + lead;
    match pep508::parse(body, true) {
        Ok(r) => parsed.requirements.push(Requirement {
            name: at + r.name.start..at + r.name.end,
            extra: extra.clone(),
            marker: r.marker.map(|m| body[m].to_string()),
        }),
        Err(e) => {
            parsed.problems.push((
                at..at + body.len(),
                format!("invalid requirement `{body}`: {}", e.message),
            ));
            // The leading name is still reported.
            let end = body
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
                .unwrap_or(body.len());
            let name = body[..end].trim_end_matches(['-', '_', '.']);
            if pep508::is_name(name) {
                parsed.requirements.push(Requirement {
                    name: at..at + name.len(),
                    extra: extra.clone(),
                    marker: None,
                });
            }
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
    fn multi_line_single_line_extras_and_comments() {
        let text = "[metadata]\nname = svc\n[options]\ninstall_requires =\n    fastapi\n  # sqlalchemy\n    ; redis\n    SQLAlchemy[asyncio]>=2; python_version>'3'\npackages = find:\n[options.extras_require]\ncache = redis; psycopg2_binary\n";
        assert_eq!(
            names(text),
            vec![
                ("fastapi", None),
                ("SQLAlchemy", None),
                ("redis", Some("cache".to_string())),
                ("psycopg2_binary", Some("cache".to_string())),
            ]
        );
        assert!(parse(text).problems.is_empty());
    }

    #[test]
    fn dashed_keys_files_and_invalid_entries() {
        let text = "[options]\ninstall-requires = file: requirements.in, more.txt\n[options.extras_require]\ndb =\n  pymongo = 4\n";
        let parsed = parse(text);
        let files: Vec<&str> = parsed
            .files
            .iter()
            .map(|(f, r)| {
                assert_eq!(&text[r.clone()], f);
                f.as_str()
            })
            .collect();
        assert_eq!(files, vec!["requirements.in", "more.txt"]);
        assert_eq!(names(text), vec![("pymongo", Some("db".to_string()))]);
        assert_eq!(parsed.problems.len(), 1);
    }

    #[test]
    fn other_sections_and_keys_are_not_requirements() {
        assert!(
            names("[flake8]\ninstall_requires = sqlalchemy\n[options]\ntests_require = redis\n")
                .is_empty()
        );
    }

    /// Generated files of the pieces a `setup.cfg` is made of: nothing
    /// panics, every span lies in the text on character boundaries, every
    /// name is a PEP 508 name, and `file:` references are their text.
    #[test]
    fn generated_files_keep_their_properties() {
        const PIECES: &[&str] = &[
            "[options]\n",
            "[options.extras_require]\n",
            "[metadata]\n",
            "install_requires",
            "install-requires",
            "db",
            " = ",
            ": ",
            "=",
            "\n",
            "\r\n",
            "    ",
            "\t",
            "# c\n",
            "; c\n",
            "file:",
            " a.txt",
            ",",
            ";",
            "SQLAlchemy",
            "[asyncio]",
            ">=2",
            " ; python_version<'3'",
            "é",
            "ß",
            "💾",
            "===",
            "(",
            "@ https://x/y.whl",
            "\\",
            "[",
            "]",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 33) % 24;
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(PIECES[((seed >> 33) as usize) % PIECES.len()]);
            }
            let parsed = parse(&text);
            for r in &parsed.requirements {
                let name = text.get(r.name.clone()).expect("a name on char boundaries");
                assert!(pep508::is_name(name), "{name:?} in {text:?}");
            }
            for (file, span) in &parsed.files {
                assert_eq!(text.get(span.clone()), Some(file.as_str()), "{text:?}");
            }
            for (span, message) in &parsed.problems {
                assert!(
                    text.get(span.clone()).is_some() && !message.is_empty(),
                    "{text:?}"
                );
            }
        }
    }
}

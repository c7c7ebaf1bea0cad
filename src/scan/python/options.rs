//! The options part of a requirements-file line, read as pip reads it:
//! split by `shlex.split` (POSIX mode) and parsed by `optparse` with the
//! options pip allows in a requirements file (`SUPPORTED_OPTIONS` and
//! `SUPPORTED_OPTIONS_REQ` in `pip/_internal/req/req_file.py`, defined in
//! `pip/_internal/cli/cmdoptions.py`), including optparse's unique-prefix
//! abbreviations of long options (`--requirem`) and its errors (`--req` is
//! ambiguous: `--require-hashes`, `--requirement`).

use std::ops::Range;

/// One word of the options, with where it stands in the options string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Range<usize>,
    /// Whether the word is written exactly as its text (no quotes, no
    /// escapes), so that offsets into the text are offsets into the line.
    pub verbatim: bool,
}

/// `shlex.split(text)` in POSIX mode: words separated by ` \t\r\n`, with
/// `'…'`, `"…"` (where `\` escapes only `"` and `\`) and `\` escapes.
pub fn shlex_split(text: &str) -> Result<Vec<Word>, String> {
    #[derive(PartialEq)]
    enum State {
        Between,
        Word,
        Quote(char),
        Escape(Option<char>),
    }
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n');
    let mut words = Vec::new();
    let mut state = State::Between;
    let mut token = String::new();
    let mut start = 0;
    let mut quoted = false;
    let mut verbatim = true;
    let mut finish =
        |token: &mut String, start: usize, end: usize, quoted: &mut bool, verbatim: &mut bool| {
            if !token.is_empty() || *quoted {
                words.push(Word {
                    text: std::mem::take(token),
                    span: start..end,
                    verbatim: *verbatim,
                });
            }
            *quoted = false;
            *verbatim = true;
        };
    for (i, c) in text.char_indices() {
        match state {
            State::Between => {
                if is_space(c) {
                    continue;
                }
                start = i;
                match c {
                    '\\' => {
                        verbatim = false;
                        state = State::Escape(None);
                    }
                    '\'' | '"' => {
                        quoted = true;
                        verbatim = false;
                        state = State::Quote(c);
                    }
                    _ => {
                        token.push(c);
                        state = State::Word;
                    }
                }
            }
            State::Word => match c {
                c if is_space(c) => {
                    finish(&mut token, start, i, &mut quoted, &mut verbatim);
                    state = State::Between;
                }
                '\'' | '"' => {
                    quoted = true;
                    verbatim = false;
                    state = State::Quote(c);
                }
                '\\' => {
                    verbatim = false;
                    state = State::Escape(None);
                }
                c => token.push(c),
            },
            State::Quote(q) => {
                if c == q {
                    state = State::Word;
                } else if c == '\\' && q == '"' {
                    state = State::Escape(Some('"'));
                } else {
                    token.push(c);
                }
            }
            State::Escape(inside) => {
                // Inside double quotes, a backslash escapes only `"` and `\`.
                if inside.is_some() && c != '"' && c != '\\' {
                    token.push('\\');
                }
                token.push(c);
                state = match inside {
                    Some(q) => State::Quote(q),
                    None => State::Word,
                };
            }
        }
    }
    match state {
        State::Quote(_) => Err("no closing quotation".to_string()),
        State::Escape(_) => Err("no escaped character".to_string()),
        State::Word | State::Between => {
            finish(&mut token, start, text.len(), &mut quoted, &mut verbatim);
            Ok(words)
        }
    }
}

/// What an option does with the value it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Flag,
    Requirement,
    Constraint,
    Editable,
    Hash,
    ConfigSettings,
    Binary,
    Value,
}

/// The options pip accepts in a requirements file: long name, short name,
/// kind.
const OPTIONS: &[(&str, Option<char>, Kind)] = &[
    ("--index-url", Some('i'), Kind::Value),
    ("--pypi-url", None, Kind::Value),
    ("--extra-index-url", None, Kind::Value),
    ("--no-index", None, Kind::Flag),
    ("--constraint", Some('c'), Kind::Constraint),
    ("--requirement", Some('r'), Kind::Requirement),
    ("--editable", Some('e'), Kind::Editable),
    ("--find-links", Some('f'), Kind::Value),
    ("--no-binary", None, Kind::Binary),
    ("--only-binary", None, Kind::Binary),
    ("--prefer-binary", None, Kind::Flag),
    ("--require-hashes", None, Kind::Flag),
    ("--pre", None, Kind::Flag),
    ("--trusted-host", None, Kind::Value),
    ("--use-feature", None, Kind::Value),
    ("--global-option", None, Kind::Value),
    ("--hash", None, Kind::Hash),
    ("--config-settings", Some('C'), Kind::ConfigSettings),
];

/// A value an option was given, and where it stands in the options string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub text: String,
    pub span: Range<usize>,
}

/// What optparse made of a line's options.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub requirements: Vec<Value>,
    pub constraints: Vec<Value>,
    pub editables: Vec<Value>,
    pub hashes: usize,
}

/// An option pip rejects: optparse's message, and where.
#[derive(Debug, PartialEq, Eq)]
pub struct OptionError {
    pub message: String,
    pub span: Range<usize>,
}

/// Resolves a long option as optparse does: an exact name, or the one
/// name it is a prefix of.
fn long_option(given: &str) -> Result<(&'static str, Kind), String> {
    if let Some(&(name, _, kind)) = OPTIONS.iter().find(|(name, _, _)| *name == given) {
        return Ok((name, kind));
    }
    let matches: Vec<&(&str, Option<char>, Kind)> = OPTIONS
        .iter()
        .filter(|(name, _, _)| name.starts_with(given))
        .collect();
    match matches.as_slice() {
        [one] => Ok((one.0, one.2)),
        [] => Err(format!("no such option: {given}")),
        many => {
            let mut names: Vec<&str> = many.iter().map(|o| o.0).collect();
            names.sort_unstable();
            Err(format!("ambiguous option: {given} ({}?)", names.join(", ")))
        }
    }
}

/// Parses the words of a line's options as pip's optparse parser does.
/// Words that are not options (and everything after `--`) are ignored, as
/// pip ignores them.
pub fn parse(words: &[Word]) -> Result<Options, OptionError> {
    let mut out = Options::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let arg = word.text.as_str();
        if arg == "--" {
            break;
        }
        let error = |message: String| OptionError {
            message,
            span: word.span.clone(),
        };
        let (name, kind, inline): (String, Kind, Option<Value>) = if arg.starts_with("--") {
            let (given, inline) = match arg.split_once('=') {
                Some((given, value)) => {
                    let span = if word.verbatim {
                        word.span.start + given.len() + 1..word.span.end
                    } else {
                        word.span.clone()
                    };
                    (
                        given,
                        Some(Value {
                            text: value.to_string(),
                            span,
                        }),
                    )
                }
                None => (arg, None),
            };
            let (name, kind) = long_option(given).map_err(error)?;
            if kind == Kind::Flag && inline.is_some() {
                return Err(error(format!("{name} option does not take a value")));
            }
            (name.to_string(), kind, inline)
        } else if arg.len() > 1 && arg.starts_with('-') {
            let letter = arg[1..].chars().next().unwrap_or('-');
            let Some(&(_, _, kind)) = OPTIONS.iter().find(|(_, short, _)| *short == Some(letter))
            else {
                return Err(error(format!("no such option: -{letter}")));
            };
            // Every short option pip allows takes a value: the rest of the
            // word, or the next word.
            let rest = &arg[1 + letter.len_utf8()..];
            let inline = (!rest.is_empty()).then(|| Value {
                text: rest.to_string(),
                span: if word.verbatim {
                    word.span.start + 1 + letter.len_utf8()..word.span.end
                } else {
                    word.span.clone()
                },
            });
            (format!("-{letter}"), kind, inline)
        } else {
            continue;
        };
        if kind == Kind::Flag {
            continue;
        }
        let value = match inline {
            Some(value) => value,
            None => match words.get(i) {
                Some(next) => {
                    i += 1;
                    Value {
                        text: next.text.clone(),
                        span: next.span.clone(),
                    }
                }
                None => return Err(error(format!("{name} option requires 1 argument"))),
            },
        };
        let value_error = |message: String| OptionError {
            message,
            span: value.span.clone(),
        };
        match kind {
            Kind::Requirement => out.requirements.push(value),
            Kind::Constraint => out.constraints.push(value),
            Kind::Editable => out.editables.push(value),
            Kind::Hash => {
                let Some((algorithm, _)) = value.text.split_once(':') else {
                    return Err(value_error(format!(
                        "arguments to {name} must be a hash name followed by a value, like --hash=sha256:abcde…"
                    )));
                };
                if !matches!(algorithm, "sha256" | "sha384" | "sha512") {
                    return Err(value_error(format!(
                        "allowed hash algorithms for {name} are sha256, sha384, sha512"
                    )));
                }
                out.hashes += 1;
            }
            Kind::ConfigSettings => {
                if !value.text.contains('=') {
                    return Err(value_error(format!(
                        "arguments to {name} must be of the form KEY=VAL"
                    )));
                }
            }
            Kind::Binary => {
                if value.text.starts_with('-') {
                    return Err(value_error(
                        "--no-binary / --only-binary option requires 1 argument".to_string(),
                    ));
                }
            }
            Kind::Value | Kind::Flag => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        shlex_split(text)
            .unwrap()
            .into_iter()
            .map(|w| w.text)
            .collect()
    }

    fn options(text: &str) -> Result<Options, String> {
        parse(&shlex_split(text).unwrap()).map_err(|e| e.message)
    }

    #[test]
    fn shlex_splits_as_python_does() {
        assert_eq!(words("-r\tbase.txt"), ["-r", "base.txt"]);
        assert_eq!(
            words(r#"-r "my file.txt" 'a b' c\ d"#),
            ["-r", "my file.txt", "a b", "c d"]
        );
        assert_eq!(words(r#""a\x\"b""#), [r#"a\x"b"#]);
        assert_eq!(words("'' x"), ["", "x"]);
        assert_eq!(words("a\u{a0}b"), ["a\u{a0}b"]);
        assert!(shlex_split("-r \"x").is_err());
        assert!(shlex_split("-r x\\").is_err());
        let w = shlex_split("  --hash=sha256:x  -rfile").unwrap();
        assert_eq!((w[0].span.clone(), w[1].span.clone()), (2..17, 19..25));
    }

    #[test]
    fn options_parse_as_optparse_does() {
        let o = options("-rbase.txt").unwrap();
        assert_eq!(o.requirements[0].text, "base.txt");
        assert_eq!(o.requirements[0].span, 2..10);
        let o = options("--requirement=base.txt").unwrap();
        assert_eq!(
            (
                o.requirements[0].text.as_str(),
                o.requirements[0].span.clone()
            ),
            ("base.txt", 14..22)
        );
        assert_eq!(
            options("--requirem base.txt").unwrap().requirements[0].text,
            "base.txt"
        );
        assert_eq!(options("-r=x").unwrap().requirements[0].text, "=x");
        assert_eq!(
            options("--req base.txt").unwrap_err(),
            "ambiguous option: --req (--require-hashes, --requirement?)"
        );
        assert_eq!(options("--frob").unwrap_err(), "no such option: --frob");
        assert_eq!(options("-x").unwrap_err(), "no such option: -x");
        assert_eq!(
            options("--pre=1").unwrap_err(),
            "--pre option does not take a value"
        );
        assert_eq!(options("-r").unwrap_err(), "-r option requires 1 argument");
        assert_eq!(
            options("--no-binary -x").unwrap_err(),
            "--no-binary / --only-binary option requires 1 argument"
        );
        assert!(options("--hash=md5:x").is_err());
        assert!(options("--hash=x").is_err());
        assert!(options("-C x").is_err());
        assert!(
            options("--pre fastapi -- -x")
                .unwrap()
                .requirements
                .is_empty()
        );
        let o = options("-e a -e b -c c --hash sha256:x").unwrap();
        assert_eq!(o.editables.len(), 2);
        assert_eq!(o.constraints[0].text, "c");
        assert_eq!(o.hashes, 1);
        assert!(options("-i https://x --extra-index-url u -f l --no-index --prefer-binary --require-hashes --trusted-host h --use-feature fast-deps --global-option x --only-binary :all: -C k=v").is_ok());
    }
}

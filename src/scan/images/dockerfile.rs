//! Dockerfiles: the images `FROM` (and `COPY --from=`) pull, as BuildKit
//! reads them: the `# escape=` directive, line continuations (comment lines
//! inside one are dropped), heredocs (`RUN <<EOF` … `EOF`) skipped,
//! `--platform` and other flags, `AS` stages (a later `FROM stage` or
//! `--from=stage` is not an image), `scratch`, and the `ARG`s declared
//! before the first `FROM` with their defaults (`ARG PG=16`,
//! `FROM postgres:${PG}`). A `FROM` whose repository is a variable without
//! a default is a `parse-error` (docker build fails on it too unless
//! `--build-arg` sets it, which adrift does not see).

use std::ops::Range;

use super::reference::{Lookup, interpolate, known_repository};
use super::{Found, Parsed, Problem, What};

/// Whether a file name (without its directory) is a Dockerfile's:
/// `Dockerfile`, `Containerfile`, `Dockerfile.*`, `*.Dockerfile`, any case,
/// but not `*.dockerignore`.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".dockerignore") {
        return false;
    }
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// One instruction: its words with their spans in the text, and where it
/// starts.
struct Instruction {
    start: usize,
    words: Vec<(String, Range<usize>)>,
}

/// Splits the text into instructions (continuations joined, comments and
/// heredoc bodies left out) and their words.
fn instructions(text: &str) -> Vec<Instruction> {
    let mut escape = '\\';
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        lines.push((offset, line));
        offset += line.len();
    }
    // Parser directives: `# key=value` lines at the very top.
    for (_, line) in &lines {
        let t = line.trim();
        let Some(directive) = t.strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = directive.split_once('=') else {
            break;
        };
        if key.trim().eq_ignore_ascii_case("escape") {
            let value = value.trim();
            if value == "`" {
                escape = '`';
            }
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        i += 1;
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        // The instruction's characters and their offsets, continuations
        // joined.
        let mut chars: Vec<(char, usize)> = Vec::new();
        let mut segment = (start, body);
        loop {
            let (seg_start, seg) = segment;
            let content = seg.trim_end();
            let continues = content.ends_with(escape);
            let upto = if continues {
                content.len() - escape.len_utf8()
            } else {
                seg.len()
            };
            chars.extend(seg[..upto].char_indices().map(|(o, c)| (c, seg_start + o)));
            if !continues {
                break;
            }
            chars.push((' ', seg_start + upto));
            // Next line that is not a comment or empty.
            let mut next = None;
            while i < lines.len() {
                let (s, l) = lines[i];
                i += 1;
                let b = l.trim_end_matches(['\n', '\r']);
                if b.trim_start().starts_with('#') || b.trim().is_empty() {
                    continue;
                }
                next = Some((s, b));
                break;
            }
            match next {
                Some(n) => segment = n,
                None => break,
            }
        }
        let words = split_words(&chars);
        // Heredocs: `<<EOF`, `<<-EOF`, `<<"EOF"`; their bodies are not
        // instructions.
        let mut ends: Vec<(String, bool)> = Vec::new();
        for (w, _) in words.iter().skip(1) {
            if let Some(marker) = w.strip_prefix("<<") {
                let (dash, marker) = match marker.strip_prefix('-') {
                    Some(m) => (true, m),
                    None => (false, marker),
                };
                let marker = marker.trim_matches(['"', '\'']);
                if !marker.is_empty() && marker.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    ends.push((marker.to_string(), dash));
                }
            }
        }
        for (marker, _) in ends {
            while i < lines.len() {
                let (_, l) = lines[i];
                i += 1;
                if l.trim_end_matches(['\n', '\r']).trim_start_matches('\t') == marker
                    || l.trim() == marker
                {
                    break;
                }
            }
        }
        out.push(Instruction {
            start: chars.first().map_or(start, |c| c.1),
            words,
        });
    }
    out
}

fn split_words(chars: &[(char, usize)]) -> Vec<(String, Range<usize>)> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut span: Option<Range<usize>> = None;
    for &(c, at) in chars {
        if c.is_whitespace() {
            if let Some(s) = span.take() {
                words.push((std::mem::take(&mut current), s));
            }
            continue;
        }
        current.push(c);
        let end = at + c.len_utf8();
        span = Some(span.map_or(at..end, |s| s.start..end));
    }
    if let Some(s) = span {
        words.push((current, s));
    }
    words
}

/// `ARG NAME[=value] …`: quotes around a value removed.
fn read_args(words: &[(String, Range<usize>)], args: &mut Vec<(String, Option<String>)>) {
    for (word, _) in words.iter().skip(1) {
        match word.split_once('=') {
            Some((name, value)) => {
                let value = value
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                    .unwrap_or(value);
                args.push((name.to_string(), Some(value.to_string())));
            }
            None => args.push((word.clone(), None)),
        }
    }
}

/// Reads a Dockerfile's text.
pub fn parse(text: &str) -> Parsed {
    let mut out = Parsed {
        mine: true,
        ..Parsed::default()
    };
    let mut global_args: Vec<(String, Option<String>)> = Vec::new();
    let mut stages: Vec<String> = Vec::new();
    for instruction in instructions(text) {
        let words = &instruction.words;
        let Some((keyword, _)) = words.first() else {
            continue;
        };
        let keyword = keyword.to_ascii_uppercase();
        match keyword.as_str() {
            "ARG" if stages.is_empty() => read_args(words, &mut global_args),
            "FROM" => {
                let mut rest = words[1..].iter().filter(|(w, _)| !w.starts_with("--"));
                let Some((image, span)) = rest.next() else {
                    continue;
                };
                let stage_name = match (rest.next(), rest.next()) {
                    (Some((as_word, _)), Some((name, _))) if as_word.eq_ignore_ascii_case("as") => {
                        Some(name.to_ascii_lowercase())
                    }
                    _ => None,
                };
                let context = match &stage_name {
                    Some(name) => format!("in stage \"{name}\""),
                    None => format!("in stage {}", stages.len()),
                };
                base_image(
                    image,
                    span,
                    &global_args,
                    &stages,
                    &context,
                    instruction.start,
                    &mut out,
                );
                stages.push(stage_name.unwrap_or_default());
            }
            "COPY" | "ADD" => {
                for (word, span) in &words[1..] {
                    let Some(from) = word.strip_prefix("--from=") else {
                        if !word.starts_with("--") {
                            break;
                        }
                        continue;
                    };
                    let offset = span.start + "--from=".len();
                    let context = match stages.last() {
                        Some(name) if !name.is_empty() => {
                            format!("copied from by stage \"{name}\"")
                        }
                        _ => format!("copied from by stage {}", stages.len().max(1) - 1),
                    };
                    if from.parse::<usize>().is_ok() {
                        continue;
                    }
                    base_image(
                        from,
                        &(offset..span.end),
                        &global_args,
                        &stages,
                        &context,
                        instruction.start,
                        &mut out,
                    );
                }
            }
            _ => {}
        }
    }
    out
}

fn base_image(
    written: &str,
    span: &Range<usize>,
    args: &[(String, Option<String>)],
    stages: &[String],
    context: &str,
    block: usize,
    out: &mut Parsed,
) {
    let (resolved, _) = interpolate(written, &Lookup::Args(args), false);
    let lower = resolved.to_ascii_lowercase();
    if lower == "scratch" || stages.iter().any(|s| !s.is_empty() && *s == lower) {
        return;
    }
    match known_repository(&resolved) {
        Some(repository) => {
            let subject = format!("image \"{repository}\" {context}");
            let note = (resolved != written).then(|| format!("`{written}` with its ARG defaults"));
            out.found.push(Found {
                what: What::Image,
                name: repository,
                identity: subject.clone(),
                subject,
                span: span.clone(),
                block,
                note,
            });
        }
        None => out.problems.push(Problem {
            span: span.clone(),
            message: format!(
                "adrift cannot tell which image `{written}` {context} is: an ARG without a default stands in its repository"
            ),
            help: "give the ARG a default before the first FROM (`ARG BASE=python:3.12`): docker build takes it from --build-arg, which adrift does not see".to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String)> {
        parse(text)
            .found
            .iter()
            .map(|f| (f.name.clone(), text[f.span.clone()].to_string()))
            .collect()
    }

    #[test]
    fn multi_stage_with_args_platform_and_continuations() {
        let text = "# syntax=docker/dockerfile:1\nARG PG_VERSION=16\nARG BASE\nFROM --platform=$BUILDPLATFORM python:3.12-slim AS build\nRUN <<EOF\nFROM mysql\nEOF\nFROM \\\n  # a comment inside\n  postgres:${PG_VERSION} as db\nFROM build AS final\nCOPY --from=build /a /b\nCOPY --chown=1:1 --from=redis:7 /data /data\nfrom scratch\n";
        assert_eq!(
            names(text),
            [
                ("python".to_string(), "python:3.12-slim".to_string()),
                ("postgres".to_string(), "postgres:${PG_VERSION}".to_string()),
                ("redis".to_string(), "redis:7".to_string()),
            ]
        );
        let parsed = parse(text);
        assert_eq!(
            parsed.found[1].identity,
            "image \"postgres\" in stage \"db\""
        );
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn an_arg_without_default_in_the_repository_is_a_problem() {
        let text = "ARG BASE\nARG TAG\nFROM ${BASE}:${TAG}\nFROM node:${TAG}\n";
        let parsed = parse(text);
        assert_eq!(parsed.problems.len(), 1);
        assert_eq!(&text[parsed.problems[0].span.clone()], "${BASE}:${TAG}");
        assert_eq!(parsed.found[0].name, "node");
    }

    #[test]
    fn escape_directive() {
        let text = "# escape=`\nFROM `\n  mcr.microsoft.com/mssql/server:2022\n";
        assert_eq!(names(text)[0].0, "mssql/server");
    }

    #[test]
    fn file_names() {
        for (name, yes) in [
            ("Dockerfile", true),
            ("dockerfile", true),
            ("Dockerfile.prod", true),
            ("api.Dockerfile", true),
            ("Containerfile", true),
            ("Dockerfile.dockerignore", false),
            ("Dockerfiles.md", false),
        ] {
            assert_eq!(is_dockerfile_name(name), yes, "{name}");
        }
    }
}

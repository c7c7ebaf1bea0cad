//! Go: every `go.mod` (and `go.work`) in the tree, read the way the go
//! command reads them ([`modfile`]).
//!
//! Every `require` is a declaration at its module path and version. Since
//! Go 1.17, go.mod lists every module the build needs (module graph
//! pruning), so a `// indirect` requirement is a module the build really
//! uses, reached through another one: it is reported too, and its message
//! says so. A `replace old => new version` means the build uses `new` in
//! place of `old`: `new` is a declaration at the replace line (what it
//! replaces is in the message), and the requirement of `old` is noted as
//! replaced. A replacement by a local directory (`=> ../db`) declares
//! nothing of its own (the directory's module keeps `old`'s path, which
//! its requirement already declares) and is noted on that requirement. A
//! `go.work`'s `replace` lines are read the same way; its `use` lines name
//! directories whose own go.mod files the walk reads anyway.
//!
//! `go.sum` is not read: it holds checksums of every module version the go
//! command looked at while resolving, including versions and modules that
//! the build does not use, and every module the build does use is in
//! go.mod. (A module whose `go` line is older than 1.17 lists only its
//! direct requirements; modules reached through them are then not seen.)
//!
//! A go.mod the go command refuses is a located `parse-error`, and what can
//! be read of it is still checked: a requirement on a line the go command
//! refuses is still a declaration. Versions follow `go mod edit`, which
//! reads go.mod with no version fixer: `v1.2` is read as `v1.2.0`, and a
//! version that is not semantic (`master`) is refused (a build under the
//! default `-mod=readonly` refuses it too).
//!
//! Module paths are compared in one normal form ([`normalise_module`]):
//! lower case (a gate should not let `github.com/Sirupsen/logrus` past a
//! rule naming `github.com/sirupsen/logrus`), with the module proxy's case
//! encoding undone (`!azure` is `azure`), and the major-version suffix
//! written `@vN` (`github.com/jackc/pgx/v5` is `github.com/jackc/pgx@v5`,
//! `gopkg.in/yaml.v3` is `gopkg.in/yaml@v3`), so that a pattern without a
//! major version stands for every major version ([`module_pattern`]) and
//! one with a major version for that one alone.
//!
//! There is no prefilter: every file is parsed (a go.mod is small).

#[doc(hidden)]
pub mod generate;
pub mod modfile;

#[doc(hidden)]
pub use generate::generated_for_interop;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::waiver::{self, Comments};
use super::{Declaration, Ecosystem, Job, ScannedFile, Target, TargetInfo};
use crate::finding::Finding;
use crate::source::SourceFile;
use modfile::{FileKind, Parsed};

/// A module path in the form patterns and names are compared in: trimmed,
/// the proxy's `!x` case encoding undone, lower case, and a major-version
/// suffix (`/v2`, gopkg.in's `.v3`) written `@v2`, `@v3`.
pub fn normalise_module(path: &str) -> String {
    let trimmed = path.trim().trim_end_matches('/');
    let mut decoded = String::with_capacity(trimmed.len());
    let mut chars = trimmed.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '!' && chars.peek().is_some_and(char::is_ascii_lowercase) {
            continue;
        }
        decoded.push(c);
    }
    let lower = decoded.to_lowercase();
    // A pattern may hold globs; only a literal major suffix is moved.
    match modfile::split_path_version(&lower) {
        Some((prefix, major)) if !major.is_empty() => {
            format!("{prefix}@{}", &major[1..])
        }
        _ => lower,
    }
}

/// A pattern without a major version stands for every major version of
/// the module (`github.com/jackc/pgx` for `github.com/jackc/pgx/v5`,
/// `gopkg.in/yaml` for `gopkg.in/yaml.v3`); one with a major version
/// (`…@v5` once normalised) for that one.
pub fn module_pattern(pattern: &str) -> Vec<String> {
    if pattern.contains('@') {
        vec![pattern.to_string()]
    } else {
        vec![pattern.to_string(), format!("{pattern}@*")]
    }
}

pub static MODULE: TargetInfo = TargetInfo {
    ecosystem: "go",
    key: "modules",
    noun: "module",
    normalise: normalise_module,
    expand: module_pattern,
};

pub static GO: Ecosystem = Ecosystem {
    name: "go",
    targets: &[&MODULE],
    has_dev: false,
    claims: |name| file_kind(name).is_some(),
    scan: scan_job,
    known_names: None,
};

/// `go.mod` and `go.work`, by file name.
pub fn file_kind(name: &[u8]) -> Option<FileKind> {
    match name {
        b"go.mod" => Some(FileKind::Mod),
        b"go.work" => Some(FileKind::Work),
        _ => None,
    }
}

fn kind_of(path: &Path) -> FileKind {
    path.file_name()
        .and_then(|n| file_kind(n.as_encoded_bytes()))
        .unwrap_or(FileKind::Mod)
}

fn scan_job(job: &Job<'_>) -> Vec<ScannedFile> {
    let wanted = job.wanted.wants_ecosystem("go");
    let mut out = Vec::new();
    for path in job.paths {
        let file = match job.reader.read(path) {
            Ok(file) => file,
            Err(finding) => {
                if wanted {
                    out.push(ScannedFile::problem_only(*finding));
                }
                continue;
            }
        };
        if !wanted {
            // Nothing to match: only the waivers count (an unused one is a
            // finding of its own).
            out.extend(ScannedFile::waivers_only(file, Comments::Slashes));
            continue;
        }
        let scanned = scan_file(file, kind_of(path));
        if !scanned.is_empty() {
            out.push(scanned);
        }
    }
    out
}

/// Every declaration and problem of one file.
pub fn scan_file(file: Arc<SourceFile>, kind: FileKind) -> ScannedFile {
    let parsed = modfile::parse(&file.text, kind);
    let declarations = declarations(&file, &parsed);
    let problems = parsed
        .problems
        .iter()
        .map(|p| {
            Finding::new(
                &crate::check::PARSE_ERROR,
                format!("the go command refuses this {}: {}", name_of(kind), p.message),
            )
            .in_file(&file)
            .at(p.span.clone())
            .help("fix it (`go mod edit -fmt` and `go mod tidy` show what the go command reads); adrift fails closed on files it cannot read")
        })
        .collect();
    ScannedFile {
        waivers: waiver::find(&file, Comments::Slashes),
        declarations,
        problems,
        file,
    }
}

fn name_of(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Mod => "go.mod",
        FileKind::Work => "go.work",
    }
}

/// What a go.mod's lines declare.
pub fn declarations(file: &SourceFile, parsed: &Parsed) -> Vec<Declaration> {
    let target = Target(&MODULE);
    let line_of = |offset: usize| file.line_col(offset).line;
    // The comment lines above a block, once per block (a block may hold
    // many lines).
    let mut above_block: HashMap<usize, Vec<usize>> = HashMap::new();
    let has_waivers = file.text.contains("adrift:allow");
    let mut waiver_lines = |offset: usize, block: usize| {
        if !has_waivers {
            return Vec::new();
        }
        let line = line_of(offset);
        let mut lines = waiver::covering_lines(file, Comments::Slashes, line, line);
        let block_line = line_of(block);
        if block_line != line {
            let above = above_block.entry(block_line).or_insert_with(|| {
                waiver::covering_lines(file, Comments::Slashes, block_line, block_line)
            });
            lines.extend_from_slice(above);
        }
        lines
    };
    // What replaces each module: a versioned replacement only that version.
    let mut replaced: HashMap<&str, Vec<&modfile::Replace>> = HashMap::new();
    for r in &parsed.replaces {
        replaced.entry(r.old.as_str()).or_default().push(r);
    }
    let mut out = Vec::new();
    for req in &parsed.requires {
        let subject = format!("module {:?}", req.path);
        let mut notes = Vec::new();
        if req.indirect {
            notes.push(
                "// indirect: required through another module; since Go 1.17 go.mod lists every module the build uses"
                    .to_string(),
            );
        }
        // A replacement of this version wins over one of every version.
        let replacement = replaced.get(req.path.as_str()).and_then(|list| {
            let exact = list
                .iter()
                .find(|r| r.old_version.as_deref() == Some(req.version.as_str()));
            exact.or_else(|| list.iter().find(|r| r.old_version.is_none()))
        });
        if let Some(r) = replacement {
            let line = line_of(r.span.start);
            if r.directory {
                notes.push(format!(
                    "replaced by the local directory {} on line {line}: the build uses that directory's code",
                    r.new
                ));
            } else {
                notes.push(
                    format!(
                        "replaced by {} {} on line {line}",
                        r.new,
                        r.new_version.as_deref().unwrap_or("")
                    )
                    .trim_end()
                    .to_string(),
                );
            }
        }
        if req.rejected {
            notes.push("on a line the go command refuses".to_string());
        }
        let mut d = Declaration::new(
            target,
            normalise_module(&req.path),
            subject,
            req.span.clone(),
        );
        d.note = (!notes.is_empty()).then(|| notes.join("; "));
        d.waiver_lines = waiver_lines(req.span.start, req.block);
        out.push(d);
    }
    for r in &parsed.replaces {
        if r.directory {
            continue;
        }
        let old = match &r.old_version {
            Some(v) => format!("{} {v}", r.old),
            None => r.old.clone(),
        };
        let mut note = format!("replaces {old}: the build uses it in its place");
        if r.rejected {
            note.push_str("; on a line the go command refuses");
        }
        let mut d = Declaration::new(
            target,
            normalise_module(&r.new),
            format!("module {:?}", r.new),
            r.span.clone(),
        );
        d.identity = format!("module {:?} replacing {:?}", r.new, r.old);
        d.note = Some(note);
        d.waiver_lines = waiver_lines(r.span.start, r.block);
        out.push(d);
    }
    out
}

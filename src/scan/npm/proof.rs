//! The properties the property tests and fuzz targets check on any text:
//! no panic, every span inside the text on character boundaries, every
//! edge to a package, and the prefilter's soundness (a package name a
//! parser reads is one [`super::may_name_wanted`] finds in the text).

use std::ops::Range;

use super::lock::Lock;
use super::{PACKAGE, may_name_wanted, normalise_package};
use crate::scan::{Target, Wanted};

fn span_ok(text: &str, span: &Range<usize>) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "span {span:?} outside {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "span {span:?} splits a character"
    );
}

/// Checks a `package.json` reading.
pub fn manifest(text: &str) {
    match super::manifest::parse(text) {
        Ok(m) => {
            for d in &m.deps {
                span_ok(text, &d.span);
            }
            for p in &m.problems {
                span_ok(text, &p.span);
            }
        }
        Err(p) => span_ok(text, &p.span),
    }
}

/// Checks a lock reading (`name` is the lock's file name): the graph, and
/// that the prefilter says yes for every package name the parser reads.
pub fn lock(name: &str, text: &str) {
    let file = crate::source::SourceFile::new(format!("p/{name}"), text.to_string());
    let (parsed, problems) = super::parse_lock(&file);
    for f in &problems {
        if let Some(span) = &f.span {
            span_ok(text, span);
        }
    }
    let Some(lock) = parsed else { return };
    graph(text, &lock);
    for p in lock.packages.iter().filter(|p| !p.importer) {
        let n = normalise_package(&p.name);
        let wanted = Wanted::new([(Target(&PACKAGE), n.as_str())]);
        assert!(
            may_name_wanted(text, &wanted),
            "the prefilter skipped a text whose lock names {n:?}"
        );
    }
}

fn graph(text: &str, lock: &Lock) {
    let n = lock.packages.len();
    for p in &lock.packages {
        span_ok(text, &p.span);
        assert!(p.deps.iter().all(|&d| d < n));
    }
    for (node, deps) in lock.importers.values() {
        assert!(*node < n && deps.iter().all(|&(_, d)| d < n));
    }
    for &node in lock.folders.values().chain(lock.descriptors.values()) {
        assert!(node < n);
    }
}

/// What each npm fuzz target runs on a lock named `name`: [`lock`], then
/// the whole scan of `text` beside a `package.json` (every package wanted),
/// which must not panic either.
pub fn lock_and_scan(name: &str, text: &str) {
    lock(name, text);
    scan(
        "{\"name\": \"app\", \"dependencies\": {\"a\": \"^1\", \"db\": \"npm:pg@^8\"}, \"devDependencies\": {\"b\": \"1\"}}",
        name,
        text,
    );
}

/// What the `package.json` fuzz target runs: [`manifest`], then the whole
/// scan of `text` beside a lock naming its packages.
pub fn manifest_and_scan(text: &str) {
    manifest(text);
    scan(
        text,
        "yarn.lock",
        "a@^1:\n  version \"1.0.0\"\n  dependencies:\n    pg \"^8\"\npg@^8:\n  version \"8.0.0\"\n",
    );
}

fn scan(manifest: &str, lock_name: &str, lock: &str) {
    use crate::source::SourceFile;
    use std::path::PathBuf;
    let wanted = Wanted::new([(Target(&PACKAGE), "*")]);
    let manifests = [(
        PathBuf::from("p"),
        SourceFile::new("p/package.json".into(), manifest.to_string()),
    )];
    let locks = [(
        PathBuf::from("p"),
        SourceFile::new(format!("p/{lock_name}"), lock.to_string()),
    )];
    let _ = super::analyse(&manifests, &locks, &wanted);
}

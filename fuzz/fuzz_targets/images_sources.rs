//! Arbitrary text through every reader of the images ecosystem (Compose,
//! Kubernetes, Helm, Dockerfiles, task definitions, Kustomize): nothing may panic,
//! every span lies on character boundaries inside the text, an image's
//! normal form is never empty, and the prefilter is sound: a text it rules
//! out holds no manifest the full reading would find.

#![no_main]

use adrift::scan::images::{self, FileKind, yaml_sources};
use adrift::scan::yaml;
use libfuzzer_sys::fuzz_target;

const KINDS: [FileKind; 8] = [
    FileKind::Yaml,
    FileKind::Compose,
    FileKind::Dockerfile,
    FileKind::TaskDefinition,
    FileKind::Chart,
    FileKind::Values,
    FileKind::Template,
    FileKind::Kustomization,
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let kind = KINDS[first as usize % KINDS.len()];
    // A Compose `.env` file: every value is read or left unknown, never a panic.
    for (key, _) in images::reference::dotenv(&text) {
        assert!(!key.is_empty());
    }
    let parsed = images::parse(kind, &text);
    for span in parsed
        .found
        .iter()
        .map(|f| f.span.clone())
        .chain(parsed.problems.iter().map(|p| p.span.clone()))
    {
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
    }
    for f in &parsed.found {
        assert!(f.block <= text.len() && text.is_char_boundary(f.block));
        assert!(!f.name.is_empty());
    }
    if kind == FileKind::Yaml && !yaml_sources::could_be_manifest(&text) {
        let full = yaml_sources::kubernetes(&yaml::parse(&text));
        assert!(!full.mine && full.found.is_empty() && full.problems.is_empty());
    }
});

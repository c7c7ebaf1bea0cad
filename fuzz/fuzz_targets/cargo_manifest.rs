//! `Cargo.toml` text in: the parser never panics, every span it returns
//! points into the text, and the whole scan (with every crate wanted)
//! never panics either.
#![no_main]

use std::path::PathBuf;

use adrift::scan::cargo::{CRATE, analyse, manifest};
use adrift::scan::{Target, Wanted};
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, span: &std::ops::Range<usize>) {
    assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(m) = manifest::parse(&text) {
        for p in &m.problems {
            check_span(&text, &p.span);
        }
        for d in &m.deps {
            check_span(&text, &d.span);
        }
    }
    let wanted = Wanted::new([(Target(&CRATE), "*")]);
    let manifests = [(
        PathBuf::from("ws"),
        SourceFile::new("ws/Cargo.toml".into(), text.to_string()),
    )];
    let scanned = analyse(&manifests, &[], &wanted, &mut |_| None);
    for s in &scanned {
        for d in &s.declarations {
            check_span(&s.file.text, &d.span);
        }
    }
});

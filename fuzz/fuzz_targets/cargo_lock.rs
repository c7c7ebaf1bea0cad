//! `Cargo.lock` text in: the parser never panics, every problem points
//! into the text, every edge names a package, and the walk over it from a
//! member (with every crate wanted) never panics either.
#![no_main]

use std::path::PathBuf;

use adrift::scan::cargo::{CRATE, analyse, lock};
use adrift::scan::{Target, Wanted};
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(l) = lock::parse(&text) {
        for p in &l.problems {
            assert!(p.span.start <= p.span.end && p.span.end <= text.len());
            assert!(text.is_char_boundary(p.span.start) && text.is_char_boundary(p.span.end));
        }
        for p in &l.packages {
            assert!(p.deps.iter().all(|&d| d < l.packages.len()));
        }
    }
    let wanted = Wanted::new([(Target(&CRATE), "*")]);
    let manifests = [(
        PathBuf::from("ws"),
        SourceFile::new(
            "ws/Cargo.toml".into(),
            "[package]\nname = \"a\"\nversion = \"0.1.0\"\n[dependencies]\nb = \"1\"\n[dev-dependencies]\nc = \"1\"\n".into(),
        ),
    )];
    let locks = [(
        PathBuf::from("ws"),
        SourceFile::new("ws/Cargo.lock".into(), text.to_string()),
    )];
    let _ = analyse(&manifests, &locks, &wanted, &mut |_| None);
});

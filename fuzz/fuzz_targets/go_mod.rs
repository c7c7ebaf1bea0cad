//! Fuzzes the go.mod / go.work reader (`scan::go::modfile`) and the
//! declarations made from it.
//!
//! Properties: nothing panics; every span (problem, requirement,
//! replacement, declaration) lies in the text on character boundaries;
//! a file with no problem declares every requirement it reads; a
//! declaration's name matches its own pattern; parsing is deterministic.

#![no_main]

use adrift::scan::go::modfile::{self, FileKind};
use adrift::scan::go::{MODULE, declarations};
use adrift::scan::{Target, Wanted};
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for kind in [FileKind::Mod, FileKind::Work] {
        let parsed = modfile::parse(&text, kind);
        let valid = |span: &std::ops::Range<usize>| {
            assert!(text.get(span.clone()).is_some(), "span {span:?} not in {text:?}");
        };
        for p in &parsed.problems {
            valid(&p.span);
            assert!(!p.message.is_empty());
        }
        for r in &parsed.requires {
            valid(&r.span);
            assert!(!r.path.is_empty());
            if parsed.problems.is_empty() {
                assert!(!r.rejected, "{r:?} rejected without a problem in {text:?}");
            }
        }
        for r in &parsed.replaces {
            valid(&r.span);
        }
        let file = SourceFile::new("go.mod".into(), text.to_string());
        let target = Target(&MODULE);
        for d in declarations(&file, &parsed) {
            valid(&d.span);
            let patterns = target.expand(&d.name);
            let wanted = Wanted::new(patterns.iter().map(|p| (target, p.as_str())));
            assert!(wanted.matches(target, &d.name), "{:?}", d.name);
        }
        assert_eq!(modfile::parse(&text, kind), parsed);
    }
});

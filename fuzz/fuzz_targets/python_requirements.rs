//! Fuzzes the requirements-file reader: pip's decoding of the bytes
//! (byte-order marks, `coding:` comments) and the text-in parser.
//!
//! Properties: nothing panics; the shown text has the decoded text's
//! length (so spans hold in both); every span lies in the text on
//! character boundaries; every package is named by a valid PEP 508 name;
//! parsing is deterministic.

#![no_main]

use adrift::scan::python::requirements::{self, Entry};
use adrift::scan::python::{decode, pep508};
use libfuzzer_sys::fuzz_target;

fn check(text: &str) {
    let parsed = requirements::parse(text);
    let valid = |span: &std::ops::Range<usize>| {
        assert!(text.get(span.clone()).is_some(), "span {span:?} not in {text:?}");
    };
    for entry in &parsed.entries {
        match entry {
            Entry::Package(p) => {
                valid(&p.span);
                valid(&p.line);
                assert!(p.line.start <= p.span.start && p.span.end <= p.line.end, "{p:?}");
                assert!(pep508::is_name(&p.name), "{:?} from {text:?}", p.name);
            }
            Entry::Include(i) => valid(&i.span),
            Entry::Local(l) => {
                valid(&l.span);
                valid(&l.line);
            }
        }
    }
    for problem in &parsed.problems {
        valid(&problem.span);
        assert!(!problem.message.is_empty());
    }
    let again = requirements::parse(text);
    assert_eq!(again.entries, parsed.entries);
    assert_eq!(again.problems, parsed.problems);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(decoded) = decode::decode(data) {
        assert_eq!(decode::display_text(&decoded.text).len(), decoded.text.len());
        assert!(decoded.text.is_char_boundary(decoded.body));
        check(&decoded.text[decoded.body..]);
    }
    check(&String::from_utf8_lossy(data));
});

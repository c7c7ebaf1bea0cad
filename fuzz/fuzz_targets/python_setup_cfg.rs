//! Fuzzes the `setup.cfg` reader (`install_requires`, `extras_require`,
//! `file:`) and the `setup.py` reader (literal values), on the same text.
//!
//! Properties: nothing panics; every span lies in the text on character
//! boundaries; every requirement is named by a valid PEP 508 name; a
//! `file:` reference is the text at its span; parsing is deterministic.

#![no_main]

use adrift::scan::python::{pep508, setup_cfg, setup_py};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for (parsed, again) in [
        (setup_cfg::parse(text), setup_cfg::parse(text)),
        (setup_py::parse(text), setup_py::parse(text)),
    ] {
        check(text, &parsed);
        assert_eq!(again, parsed);
    }
});

fn check(text: &str, parsed: &setup_cfg::Parsed) {
    for r in &parsed.requirements {
        let name = text.get(r.name.clone()).expect("a name on character boundaries");
        assert!(pep508::is_name(name), "{name:?} in {text:?}");
    }
    for (file, span) in &parsed.files {
        assert_eq!(text.get(span.clone()), Some(file.as_str()), "{text:?}");
    }
    for (span, message) in &parsed.problems {
        assert!(text.get(span.clone()).is_some() && !message.is_empty(), "{text:?}");
    }
}

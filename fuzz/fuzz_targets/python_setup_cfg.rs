//! Fuzzes the `setup.cfg` reader (`install_requires`, `extras_require`,
//! `file:`).
//!
//! Properties: nothing panics; every span lies in the text on character
//! boundaries; every requirement is named by a valid PEP 508 name; a
//! `file:` reference is the text at its span; parsing is deterministic.

#![no_main]

use adrift::scan::python::{pep508, setup_cfg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = setup_cfg::parse(text);
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
    assert_eq!(setup_cfg::parse(text), parsed);
});

//! `package.json` text in: the reader never panics, every span is inside
//! the text on character boundaries, and the whole scan (with every
//! package wanted, beside a lock naming them) never panics either.
#![no_main]

use std::path::PathBuf;

use adrift::scan::npm::{PACKAGE, analyse, proof};
use adrift::scan::{Target, Wanted};
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    proof::manifest(&text);
    let wanted = Wanted::new([(Target(&PACKAGE), "*")]);
    let manifests = [(
        PathBuf::from("p"),
        SourceFile::new("p/package.json".into(), text.to_string()),
    )];
    let locks = [(
        PathBuf::from("p"),
        SourceFile::new(
            "p/yarn.lock".into(),
            "a@^1:\n  version \"1.0.0\"\n  dependencies:\n    pg \"^8\"\npg@^8:\n  version \"8.0.0\"\n".into(),
        ),
    )];
    let _ = analyse(&manifests, &locks, &wanted);
});

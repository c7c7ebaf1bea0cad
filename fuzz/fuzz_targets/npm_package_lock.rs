//! package-lock.json and npm-shrinkwrap.json (v1–v3) text in: the parser never panics, every span is inside the text
//! on character boundaries, every edge names a package, the prefilter says
//! yes for every package name the parser reads, and the scan beside a
//! package.json (every package wanted) never panics.
#![no_main]

use std::path::PathBuf;

use adrift::scan::npm::{PACKAGE, analyse, proof};
use adrift::scan::{Target, Wanted};
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    proof::lock("package-lock.json", &text);
    let wanted = Wanted::new([(Target(&PACKAGE), "*")]);
    let manifests = [(
        PathBuf::from("p"),
        SourceFile::new(
            "p/package.json".into(),
            "{\"name\": \"app\", \"dependencies\": {\"a\": \"^1\", \"db\": \"npm:pg@^8\"}, \"devDependencies\": {\"b\": \"1\"}}".into(),
        ),
    )];
    let locks = [(
        PathBuf::from("p"),
        SourceFile::new("p/package-lock.json".into(), text.to_string()),
    )];
    let _ = analyse(&manifests, &locks, &wanted);
});

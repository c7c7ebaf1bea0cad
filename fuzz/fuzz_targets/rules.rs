//! A rule file of arbitrary text: parsed (catalog expansion included), and
//! any error rendered as the user would see it. Nothing may panic.

#![no_main]

use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("rules/fuzz.toml".into(), text.to_string());
    if let Err(e) = adrift::rules::parse(file) {
        let mut out = String::new();
        let _ = miette::GraphicalReportHandler::new().render_report(&mut out, &e);
    }
});

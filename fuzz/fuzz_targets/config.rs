//! `adrift.toml` of arbitrary text: parsed, and any error rendered as the
//! user would see it. Nothing may panic.

#![no_main]

use std::path::Path;

use adrift::config::Config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Config::parse(text, "adrift.toml", Path::new("/fuzz")) {
        let mut out = String::new();
        let _ = miette::GraphicalReportHandler::new().render_report(&mut out, &e);
    }
});

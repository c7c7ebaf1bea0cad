//! Image references and interpolation on arbitrary text: nothing may
//! panic, and a reference's normal form does not depend on its registry,
//! tag or digest.

#![no_main]

use adrift::scan::images::reference::{self, Lookup};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let normal = reference::normalise_image(&text);
    let (resolved, _) = reference::interpolate(&text, &Lookup::Unset, true);
    let _ = reference::known_repository(&resolved);
    let args = vec![("A".to_string(), Some(text.to_string()))];
    let _ = reference::interpolate(&text, &Lookup::Args(&args), false);
    if !text.contains(['@', ':', '/']) && !text.is_empty() && !text.contains(char::is_whitespace) {
        assert_eq!(
            reference::normalise_image(&format!("ghcr.io/{text}:1")),
            normal
        );
    }
});

//! `package.json` text in: the reader never panics, every span is inside
//! the text on character boundaries, and the whole scan (with every
//! package wanted, beside a lock naming them) never panics either.
#![no_main]

use adrift::scan::npm::proof;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    proof::manifest_and_scan(&String::from_utf8_lossy(data));
});

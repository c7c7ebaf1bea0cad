//! package-lock.json and npm-shrinkwrap.json (v1–v3) text in: the parser never panics, every span is inside the text
//! on character boundaries, every edge names a package, the prefilter says
//! yes for every package name the parser reads, and the scan beside a
//! package.json (every package wanted) never panics.
#![no_main]

use adrift::scan::npm::proof;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    proof::lock_and_scan("package-lock.json", &String::from_utf8_lossy(data));
});

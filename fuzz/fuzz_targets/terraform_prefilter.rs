//! The Terraform prefilter is sound on any text: when either stage says a
//! file cannot declare a wanted name, a full reading finds none
//! (`scan::terraform::proof::prefilter_sound`), for a fixed set of patterns
//! of every target. Also reads the bytes as a whole file (JSON and HCL), so
//! nothing in the scan of one file may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(unsound) = adrift::scan::terraform::proof::prefilter_sound(&text) {
        panic!("{unsound}");
    }
    adrift::scan::terraform::proof::scan_whole(data);
});

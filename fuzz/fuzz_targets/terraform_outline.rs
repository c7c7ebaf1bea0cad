//! Terraform text of any shape: the outline (the prefilter's second stage
//! and the reader of last resort) never panics, and wherever hcl-edit
//! reads the file, the outline reads the same declarations
//! (`scan::terraform::proof::agree`), which is what makes skipping a file
//! on its outline sound.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(disagreement) = adrift::scan::terraform::proof::agree(&text) {
        panic!("{disagreement}");
    }
});

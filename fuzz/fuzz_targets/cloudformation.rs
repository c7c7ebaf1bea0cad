//! CloudFormation templates of arbitrary text, as YAML and as JSON
//! (`scan::cloudformation::proof::check`): nothing may panic, every span
//! and finding lies inside the text on character boundaries, and the text
//! stage is sound (a text it says no to gives no resource and no problem).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Err(unsound) = adrift::scan::cloudformation::proof::check(&text) {
        panic!("{unsound}");
    }
});

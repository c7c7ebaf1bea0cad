//! YAML of arbitrary text through the shared reader (`scan::yaml`): nothing
//! may panic, every node's span lies on character boundaries inside the
//! text and inside its parent's, and an error's offset is in the text.

#![no_main]

use adrift::scan::yaml::{self, Kind, Node};
use libfuzzer_sys::fuzz_target;

fn check(text: &str, node: &Node, outer: &std::ops::Range<usize>) {
    let mut stack = vec![(node, outer.clone())];
    while let Some((node, outer)) = stack.pop() {
        let span = &node.span;
        assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(outer.start <= span.start && span.end <= outer.end, "{span:?} in {outer:?}");
        match &node.kind {
            Kind::Map(entries) => {
                for (k, v) in entries {
                    stack.push((k, span.clone()));
                    stack.push((v, span.clone()));
                }
            }
            Kind::Seq(items) => stack.extend(items.iter().map(|i| (i, span.clone()))),
            _ => {}
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let stream = yaml::parse(&text);
    for doc in &stream.documents {
        check(&text, doc, &(0..text.len()));
    }
    if let Some(error) = &stream.error {
        assert!(error.offset <= text.len());
    }
});

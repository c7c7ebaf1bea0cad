//! A record file of arbitrary bytes: decoded as the collection decodes
//! files, parsed, linted as a one-record collection, and rendered as JSON
//! (the human renderer, miette's, is slow enough to starve the search).
//! Nothing may panic, and every span must lie on character boundaries of
//! its text.

#![no_main]

use std::collections::HashSet;
use std::path::PathBuf;

use adrift::collection::Collection;
use adrift::config::Config;
use adrift::finding::Summary;
use adrift::lints::{self, LintContext};
use adrift::record::{ReadProblem, StatusMap, parse_record};
use adrift::render::json;
use adrift::source::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks a file name: numbered, date-named, or neither.
    let (name, bytes) = match data.split_first() {
        Some((b, rest)) => (
            ["0001-fuzz.md", "20200924-fuzz.md", "fuzz.md", "ADR-0002-fuzz.md"][usize::from(*b) % 4],
            rest,
        ),
        None => ("0001-fuzz.md", data),
    };
    let dir = PathBuf::from("/fuzz/adr");
    let (source, bad_byte) = SourceFile::from_bytes(format!("adr/{name}"), bytes.to_vec());
    let mut record = parse_record(dir.join(name), source, &StatusMap::default());
    if let Some(offset) = bad_byte {
        record.read_problem = Some(ReadProblem::NotUtf8 { offset });
    }
    let text = &record.source.text;
    let spans = record
        .links
        .iter()
        .map(|l| l.span.clone())
        .chain(record.body_links.iter().map(|l| l.span.clone()))
        .chain(record.sections.iter().flat_map(|s| [s.heading_span.clone(), s.body_span.clone()]))
        .chain(record.title.iter().flat_map(|t| [t.span.clone(), t.text_span.clone()]))
        .chain(record.status.iter().map(|s| s.span.clone()))
        .chain(record.date.iter().map(|d| d.span.clone()))
        .chain(record.lookalikes.iter().map(|l| l.span.clone()))
        .chain(record.oversized_numbers.iter().filter_map(|n| n.span.clone()))
        .chain(record.front_matter.iter().flat_map(|f| [f.key_span.clone(), f.value_span.clone()]));
    for span in spans {
        assert!(text.get(span.clone()).is_some(), "span {span:?} is not in the text");
    }
    let collection = Collection::assemble(dir, "adr".into(), vec![record], HashSet::new());
    let config = Config::default_at(&PathBuf::from("/fuzz"));
    let ctx = LintContext {
        collection: &collection,
        config: &config,
        today: jiff::civil::date(2026, 11, 28),
    };
    let findings = lints::run(&ctx);
    for f in &findings {
        if let (Some(file), Some(span)) = (&f.file, &f.span) {
            assert!(file.text.get(span.clone()).is_some(), "{f:?}");
            let _ = file.line_col(span.start);
            let _ = file.line_col(span.end);
        }
    }
    let _ = json::render(&findings, Summary::of(&findings, 1));
});

//! Parsing never fails and nothing panics: thousands of records built from
//! the fragments real records are made of (look-alike hyphens, emoji, CRLF,
//! BOMs, unclosed front matter and code fences, half-written links) go
//! through the parser, every lint and both renderers.

use std::collections::HashSet;
use std::path::PathBuf;

use adrift::collection::Collection;
use adrift::config::Config;
use adrift::finding::Summary;
use adrift::lints::{self, LintContext};
use adrift::record::{StatusMap, parse_record};
use adrift::render::{Style, human, json};
use adrift::source::SourceFile;

const FRAGMENTS: &[&str] = &[
    "# ",
    "## Status\n",
    "## Date\n",
    "Date: ",
    "2026\u{2011}01\u{2011}23",
    "\r\n",
    "\n",
    "\n\n",
    "---\n",
    "* Status: ",
    "- Date: ",
    "Superseded by [",
    "](0002-x.md)",
    "ADR\u{2011}",
    "12",
    ". ",
    "é",
    "🚀",
    "`",
    "```\n",
    "<!--",
    "-->",
    "#",
    " ",
    "[",
    "]",
    "(",
    ")",
    "\u{feff}",
    "status: ",
    "adr: 7\n",
    "Supersedes ",
    "**",
    "\t",
    "Accepted",
    "—",
    ":",
    "Amends [3. A](0003-a.md)\n",
    "09/04/2018",
    "title: T\n",
    "\u{2212}",
    "## Context\n",
    "text ",
    "0",
    "   ",
    "\r",
];

/// A small deterministic generator (no dependency, same cases every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn generated_records_never_panic_anything() {
    let mut rng = Lcg(0x5eed);
    let statuses = StatusMap::default();
    let cwd = PathBuf::from("/nowhere");
    let config = Config::default_at(&cwd);
    let today = jiff::civil::date(2026, 11, 27);
    for round in 0..300 {
        let mut records = Vec::new();
        for i in 0..10 {
            let mut text = String::new();
            for _ in 0..rng.next() % 40 {
                text.push_str(FRAGMENTS[rng.next() % FRAGMENTS.len()]);
            }
            let name = format!("{:04}-r{round}-{i}.md", rng.next() % 5);
            let source = SourceFile::new(format!("adr/{name}"), text);
            let record = parse_record(PathBuf::from("/nowhere/adr").join(&name), source, &statuses);
            for span in record
                .links
                .iter()
                .map(|l| l.span.clone())
                .chain(record.title.iter().map(|t| t.span.clone()))
            {
                assert!(
                    record.source.text.get(span.clone()).is_some(),
                    "span {span:?} splits a character"
                );
            }
            records.push(record);
        }
        let collection = Collection::assemble(
            PathBuf::from("/nowhere/adr"),
            "adr".into(),
            records,
            HashSet::new(),
        );
        let ctx = LintContext {
            collection: &collection,
            config: &config,
            today,
        };
        let findings = lints::run(&ctx);
        for f in &findings {
            if let (Some(file), Some(span)) = (&f.file, &f.span) {
                assert!(
                    span.start <= span.end && span.end <= file.text.len(),
                    "{f:?}"
                );
            }
        }
        let summary = Summary::of(&findings, 10);
        let _ = human::render(
            &findings,
            summary,
            "record",
            Style {
                color: false,
                width: 80,
            },
        );
        let _ = json::render(&findings, summary);
    }
}

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

const TF_FRAGMENTS: &[&str] = &[
    "resource ",
    "data ",
    "module ",
    "terraform ",
    "required_providers ",
    "\"aws_db_instance\" ",
    "\"main\" ",
    "{",
    "}",
    "\n",
    "\r\n",
    "source = ",
    "\"git::https://github.com/x/terraform-aws-rds.git?ref=1\"",
    "count = ",
    "0",
    "var.x ? 1 : 0",
    "for_each = ",
    "# adrift:allow=r: why\n",
    "// c\n",
    "/* x */",
    "<<EOT\n",
    "EOT\n",
    "é",
    "🚀",
    "\u{feff}",
    "=",
    "\"",
    "[",
    "]",
    ",",
    " ",
    "x",
    "\t",
];

const TOML_FRAGMENTS: &[&str] = &[
    "[package]\n",
    "name = \"x\"\n",
    "[dependencies]\n",
    "sqlx = \"0.8\"\n",
    "db = { package = \"sqlx\", optional = true }\n",
    "[features]\n",
    "f = [\"dep:db\"]\n",
    "[target.'cfg(unix)'.dependencies]\n",
    "redis.workspace = true\n",
    "[workspace.dependencies]\n",
    "[project]\n",
    "dependencies = [\"SQLAlchemy>=2 ; python_version>'3'\"]\n",
    "[tool.poetry.dependencies]\n",
    "é = 1\n",
    "\"",
    "[",
    "]",
    "=",
    "\n",
    "\r\n",
    "# adrift:allow=r\n",
    "{",
    "}",
];

/// The scanners and every renderer never panic, whatever the project files
/// hold: each run ends with exit code 0 or 1.
#[test]
fn generated_project_files_never_panic_the_check() {
    let mut rng = Lcg(0xfeed);
    let dir = crate::support::temp_dir("robust-check");
    crate::support::write(&dir, "adrift.toml", "");
    crate::support::write(
        &dir,
        "adr/0001-a.md",
        crate::support::adr_tools_record(1, "A", "Accepted"),
    );
    crate::support::write(
        &dir,
        "rules/r.toml",
        "id = \"r\"\ndecision = \"1\"\nmessage = \"m\"\ninclude = [\"persistence\"]\n[terraform]\nmodules = [\"*/rds/*\"]\n",
    );
    for round in 0..40 {
        let mut text = |fragments: &[&str]| {
            let mut t = String::new();
            for _ in 0..rng.next() % 60 {
                t.push_str(fragments[rng.next() % fragments.len()]);
            }
            t
        };
        crate::support::write(&dir, "main.tf", text(TF_FRAGMENTS));
        crate::support::write(&dir, "Cargo.toml", text(TOML_FRAGMENTS));
        crate::support::write(&dir, "pyproject.toml", text(TOML_FRAGMENTS));
        crate::support::write(&dir, "requirements.txt", text(TOML_FRAGMENTS));
        for format in ["json", "sarif", "human"] {
            let run = crate::support::adrift(&dir, &["check", "--format", format]);
            assert!(
                run.code == 0 || run.code == 1,
                "round {round}, {format}: exit {} {}",
                run.code,
                run.stderr
            );
            assert!(
                !run.stderr.contains("panicked"),
                "round {round}: {}",
                run.stderr
            );
        }
    }
}

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
    // A retired record, so citation-stale searches every text file too.
    crate::support::write(
        &dir,
        "adr/0002-b.md",
        crate::support::adr_tools_record(2, "B", "Superseded by [1. A](0001-a.md)"),
    );
    let mut cited = 0;
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
        crate::support::write(&dir, "notes.md", text(CITATION_FRAGMENTS));
        for format in ["json", "sarif", "human"] {
            let run = crate::support::adrift(&dir, &["check", "--format", format]);
            if format == "json" && run.stdout.contains("\"citation-stale\"") {
                cited += 1;
            }
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
    assert!(cited > 0, "no round cited the retired record");
}

/// Just under the 4 MiB a record may have.
const FOUR_MB: usize = 4 * 1024 * 1024 - 1024;

/// `head`, then `unit` repeated to about 4 MB.
fn four_mb(head: &str, unit: &str) -> String {
    filled(FOUR_MB, head, unit)
}

/// `head`, then `unit` repeated to at most `size` bytes.
fn filled(size: usize, head: &str, unit: &str) -> String {
    let mut text = String::with_capacity(size);
    text.push_str(head);
    while text.len() + unit.len() <= size {
        text.push_str(unit);
    }
    text
}

/// Runs `adrift` with `args` in `dir`; fails if it has not finished after two
/// minutes (the pathological records below took from minutes to hours when
/// the parser or a lint was quadratic, and a FIFO blocked forever). Output
/// goes to a file so that a large report never blocks on a pipe.
fn adrift_within_a_minute(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    use std::time::{Duration, Instant};
    let out = dir.with_extension("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_adrift"))
        .args(args)
        .current_dir(dir)
        .stdout(std::fs::File::create(&out).expect("output file"))
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("adrift runs");
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let stdout = std::fs::read_to_string(&out).unwrap_or_default();
            let _ = std::fs::remove_file(&out);
            return (status.code().unwrap_or(-1), stdout);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("adrift {args:?} in {} ran past two minutes", dir.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Records of the largest size adrift reads, in the shapes that once made
/// reading or linting quadratic, go through `adrift lint` in linear time:
/// every run ends (exit 1: each has findings) well inside the hang guard.
#[test]
fn pathological_four_megabyte_records_are_linted_in_linear_time() {
    let adr_tools = |n: u32| crate::support::adr_tools_record(n, "X", "Accepted");
    let title = "# 1. Pathological\n\n";
    // (name, output format, files as (name, text))
    type Shape = (&'static str, &'static str, Vec<(String, String)>);
    let shapes: Vec<Shape> = vec![
        // Every `## Status` section's lines were tested against every other's.
        (
            "status-headings",
            "human",
            vec![(
                "0001-p.md".into(),
                four_mb(title, "## Status\n\nAccepted\n\n"),
            )],
        ),
        // Every line was tested against every code and HTML block.
        (
            "code-blocks",
            "human",
            vec![(
                "0001-p.md".into(),
                four_mb(title, "```\nx\n```\n\n<div>\nx\n</div>\n\n"),
            )],
        ),
        // HTML comments were cut one at a time from a copy of the section.
        (
            "comments",
            "human",
            vec![(
                "0001-p.md".into(),
                four_mb(
                    "# 1. P\n\nDate: 2024-05-01\n\n## Status\n\nAccepted\n\n## Decision\n\nx\n\n## Consequences\n\nx\n\n## Context\n\n",
                    "<!-- c -->\n",
                ),
            )],
        ),
        // Every body link was tested against every link between records,
        // and every link against every link of its target.
        (
            "links",
            "json",
            vec![
                (
                    "0001-p.md".into(),
                    four_mb(
                        "# 1. P\n\n## Status\n\nAccepted\n\n",
                        "Supersedes [2. X](0002-x.md)\n",
                    ),
                ),
                (
                    "0002-x.md".into(),
                    four_mb(
                        "# 2. X\n\n## Status\n\nAccepted\n\n",
                        "Relates to [1. P](0001-p.md)\n",
                    ) + "Superseded by [1. P](0001-p.md)\n",
                ),
            ],
        ),
        // Each finding's column was counted from the start of its line.
        (
            "long-line",
            "json",
            vec![(
                "0001-p.md".into(),
                four_mb(
                    title,
                    "[a](missing.md) and some words to make the line longer. ",
                ),
            )],
        ),
        // One finding labelled each of a title's 250,000 look-alike hyphens.
        (
            "lookalikes",
            "human",
            vec![("0001-p.md".into(), filled(1 << 20, "# 1. P", "a\u{2011}"))],
        ),
        // Each of 10,000 records sharing a number named all the others.
        (
            "duplicates",
            "human",
            (0..10_000)
                .map(|i| (format!("0001-r{i}.md"), adr_tools(1)))
                .collect(),
        ),
    ];
    for (name, format, files) in shapes {
        let dir = crate::support::temp_dir(name);
        for (file, text) in &files {
            crate::support::write(&dir, file, text);
        }
        let adr = dir.display().to_string();
        let (code, report) =
            adrift_within_a_minute(&dir, &["lint", "--format", format, "--adr-dir", &adr]);
        assert_eq!(code, 1, "{name}: exit code");
        // Linear output too: nothing like a report per pair of records.
        assert!(
            report.len() < 300_000_000,
            "{name}: {} bytes of report",
            report.len()
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A FIFO, a character device (through a symbolic link) and a socket with
/// record names are reported as `file-unreadable`, never opened: opening the
/// FIFO used to block `adrift lint` forever, and reading `/dev/zero` never
/// ends. A FIFO named `.adr-dir` is refused too.
#[cfg(unix)]
#[test]
fn records_that_are_no_regular_files_are_reported_not_opened() {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let mkfifo = |path: &std::path::Path| {
        let c = CString::new(path.as_os_str().as_bytes()).expect("path");
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
    };
    let dir = crate::support::temp_dir("not-files");
    crate::support::write(&dir, "adrift.toml", "");
    crate::support::write(
        &dir,
        "adr/0001-a.md",
        crate::support::adr_tools_record(1, "A", "Accepted"),
    );
    mkfifo(&dir.join("adr/0002-fifo.md"));
    std::os::unix::fs::symlink("/dev/zero", dir.join("adr/0003-zero.md")).expect("symlink");
    let _socket =
        std::os::unix::net::UnixListener::bind(dir.join("adr/0004-socket.md")).expect("socket");
    let (code, stdout) = adrift_within_a_minute(&dir, &["lint", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let unreadable: Vec<(&str, &str)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "file-unreadable")
        .map(|f| {
            (
                f["path"].as_str().expect("path"),
                f["message"].as_str().expect("message"),
            )
        })
        .collect();
    assert_eq!(
        unreadable,
        [
            (
                "adr/0002-fifo.md",
                "is a FIFO (named pipe), not a record file"
            ),
            (
                "adr/0003-zero.md",
                "is a character device, not a record file"
            ),
            ("adr/0004-socket.md", "is a socket, not a record file"),
        ]
    );
    // `list` reads the same way, and `.adr-dir` is never opened as a FIFO.
    let (code, _) = adrift_within_a_minute(&dir, &["list"]);
    assert_eq!(code, 0);
    let marker = crate::support::temp_dir("fifo-marker");
    mkfifo(&marker.join(".adr-dir"));
    let (code, _) = adrift_within_a_minute(&marker, &["list"]);
    assert_eq!(code, 2);
}

/// Pieces of text files that cite records, for citation-stale: ids, paths,
/// links, waivers, near-misses, multi-byte characters and line breaks.
const CITATION_FRAGMENTS: &[&str] = &[
    "ADR-0002",
    "adr 2",
    "ADR-2",
    "[ADR 2](adr/0002-b.md)",
    "adr/0002-b.md",
    "0002-b.md",
    "MADR-2",
    "ADR-20",
    "[",
    "](",
    ")",
    "é",
    "💥",
    " ",
    "\n",
    "\r\n",
    "<!-- adrift:allow=citation-stale: x -->",
    "# adrift:allow=citation-stale until 2020-01-01: y\n",
    "adrift:allow=citation-stale",
    "<!-- adrift:index:start -->",
    "<!-- adrift:index:end -->",
];

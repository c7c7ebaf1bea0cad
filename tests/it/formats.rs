//! The output formats CI systems read, and `adrift explain`.

use crate::support::{adr_tools_record, adrift, fixtures, gated_project, temp_dir, write};

/// A rule banning `aws_db_instance`, enforced by the gated project's record.
const NO_DB: &str = "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\n[terraform]\nresources = [\"aws_db_instance\"]\n";

/// `path:line:col` of each finding, from `--format compact`.
fn compact_places(stdout: &str) -> Vec<(String, String)> {
    stdout
        .lines()
        .map(|l| {
            let (place, rest) = l.split_once(": ").expect("path:line:col: ...");
            (place.to_string(), rest.to_string())
        })
        .collect()
}

/// Asserts the human report shows every finding compact shows, at the same
/// line and column (in the snippet header, or first for whole-file ones).
fn human_shows_every_finding(human: &str, compact: &str) {
    let places = compact_places(compact);
    assert!(!places.is_empty());
    for (place, rest) in places {
        let path = place.rsplitn(3, ':').nth(2).expect("path");
        assert!(
            human.contains(&format!("╭─[{place}]")) || human.contains(&format!("× {path}: ")),
            "{place} ({rest}) is not in the human report:\n{human}"
        );
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

#[test]
fn compact_and_github_lines() {
    let dir = fixtures().join("lints/number-mismatch");
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--format", "compact"]);
    assert_eq!(
        run.stdout,
        "adr/0002-ip-ranges.md:1:3: error number-mismatch title says 3 but the file name says 2\n"
    );
    assert_eq!(run.code, 1);
    let run = adrift(&dir, &["lint", "--adr-dir", "adr", "--format", "github"]);
    assert_eq!(
        run.stdout,
        "::error file=adr/0002-ip-ranges.md,line=1,endLine=1,col=3,endColumn=4,title=number-mismatch::title says 3 but the file name says 2%0Ahelp: the file name decides the number: write 2 in the title, or rename the file\n"
    );
    let run = adrift(
        &fixtures().join("check/proposed"),
        &["check", "--format", "github"],
    );
    assert!(run.stdout.starts_with("::warning file=main.tf,line=1,endLine=1,col=1,endColumn=34,title=no-persistence (ADR-0012)::"), "{}", run.stdout);
}

#[test]
fn junit_has_a_case_per_code_and_file() {
    let dir = fixtures().join("check/terraform");
    let run = adrift(&dir, &["check", "--format", "junit"]);
    let xml = run.stdout;
    assert!(
        xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"adrift\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"no-persistence\" tests=\"6\" failures=\"6\""),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase name=\"infra/main.tf\" classname=\"adrift.no-persistence\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<failure type=\"no-persistence\" message=\"provider &quot;postgresql&quot;"),
        "{xml}"
    );
    assert!(
        xml.contains("<testsuite name=\"title-missing\" tests=\"1\" failures=\"0\""),
        "codes that found nothing pass: {xml}"
    );
}

#[test]
fn sarif_describes_every_code_and_fingerprints_survive_moved_lines() {
    let dir = gated_project(
        "sarif",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no database\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_db_instance\" \"main\" {}\n",
    );
    let first = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let run = &first["runs"][0];
    assert_eq!(first["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "adrift");
    let ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    for lint in adrift::lints::LINTS
        .iter()
        .chain(adrift::check::CHECK_CODES)
    {
        assert!(ids.contains(&lint.code), "{} is not described", lint.code);
    }
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["id"] == "no-db")
        .expect("no-db");
    assert_eq!(rule["properties"]["decision"], "ADR-0001");
    assert!(
        rule["help"]["markdown"]
            .as_str()
            .expect("help")
            .contains("Enforces ADR-0001 \"Stateless\"")
    );
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "no-db");
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"],
        serde_json::json!({"uri": "main.tf", "uriBaseId": "%SRCROOT%"})
    );
    assert_eq!(location["region"]["startLine"], 1);
    let print = result["partialFingerprints"]["adriftFingerprint/v1"].clone();

    write(
        &dir,
        "main.tf",
        "# moved down\n\n\nresource \"aws_db_instance\" \"main\" {}\n",
    );
    let second = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let result = &second["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(result["partialFingerprints"]["adriftFingerprint/v1"], print);
}

#[test]
fn explain_lists_and_documents_every_code() {
    let dir = fixtures().join("check/proposed");
    let run = adrift(&dir, &["explain", "--color", "never"]);
    for lint in adrift::lints::LINTS
        .iter()
        .chain(adrift::check::CHECK_CODES)
    {
        assert!(
            run.stdout.contains(&format!("  {}", lint.code)),
            "{} missing:\n{}",
            lint.code,
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("no-persistence"),
        "rules are listed: {}",
        run.stdout
    );
    let run = adrift(&dir, &["explain", "status-unknown", "--color", "never"]);
    assert!(run.stdout.starts_with("status-unknown (a status is not one adrift knows, error by default)\n\n## What it does\n"), "{}", run.stdout);
    assert!(run.stdout.contains("## Use instead"));
    let run = adrift(&dir, &["explain", "no-persistence", "--color", "never"]);
    assert!(
        run.stdout
            .contains("Decision: ADR-0012 \"Persistence and Database Strategy\" (proposed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("The rule is previewed"),
        "{}",
        run.stdout
    );
    let run = adrift(&dir, &["explain", "no-persistance"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean \"no-persistence\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn completions_and_man_page() {
    let dir = temp_dir("completions");
    for shell in ["bash", "zsh", "fish"] {
        let run = adrift(&dir, &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("adrift"), "{shell}");
        assert!(
            run.stdout.contains("supersede"),
            "{shell}: subcommands are completed"
        );
    }
    let run = adrift(&dir, &["man"]);
    assert!(run.stdout.contains(".TH adrift 1"), "{}", run.stdout);
    assert!(run.stdout.contains("check"), "{}", run.stdout);
    // Neither needs a project, nor minds a broken one.
    write(&dir, "adrift.toml", "bogus = 1\n");
    assert_eq!(adrift(&dir, &["man"]).code, 0);
}

#[test]
fn a_finding_past_column_65535_is_shown_in_a_window() {
    // miette pads the underline with a format width, which panics past
    // column 65,535: a minified `.tf.json`, a padded `.tf` or a one-line
    // record took the human report, and the gate's verdict, down with it.
    let dir = gated_project("long-lines", NO_DB);
    write(
        &dir,
        "adrift.toml",
        "[severity]\nlookalike-characters = \"error\"\n",
    );
    let pad = "x".repeat(70_000);
    write(
        &dir,
        "adr/0002-long.md",
        adr_tools_record(2, &format!("{pad}\u{2011}y"), "Accepted"),
    );
    write(
        &dir,
        "main.tf",
        format!(
            "{}resource \"aws_db_instance\" \"main\" {{}}\n",
            " ".repeat(70_000)
        ),
    );
    write(
        &dir,
        "db.tf.json",
        format!(
            "{{\"locals\":{{\"pad\":\"{pad}\"}},\"resource\":{{\"aws_db_instance\":{{\"json\":{{}}}}}}}}"
        ),
    );
    let compact = adrift(&dir, &["check", "--format", "compact"]).stdout;
    assert_eq!(compact.lines().count(), 3, "{compact}");
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    human_shows_every_finding(&run.stdout, &compact);
    assert!(run.stdout.contains("╭─[main.tf:1:70001]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("╭─[adr/0002-long.md:1:70006]"),
        "{}",
        run.stdout
    );
    // The window around the finding, not 70,000 characters of line.
    assert!(
        run.stdout
            .contains(" 1 │ …                    resource \"aws_db_instance\" \"main\" {}\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("xxxxx‑y\n"), "{}", run.stdout);
    let longest = run.stdout.lines().map(|l| l.chars().count()).max();
    assert!(longest < Some(200), "{longest:?}");

    let run = adrift(&dir, &["lint"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("╭─[adr/0002-long.md:1:70006]"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_snippets_agree_with_compact_on_awkward_spans() {
    let dir = gated_project("awkward-spans", NO_DB);
    // A span at the very end of a file with no final newline.
    write(&dir, "eof.tf", "resource \"aws_db_instance\" \"eof\" {");
    // Tabs before the span; multi-byte characters before it on its line.
    write(
        &dir,
        "tabs.tf",
        "\t\t\tresource \"aws_db_instance\" \"tabs\" {}\n",
    );
    write(
        &dir,
        "mb.tf.json",
        "{\"locals\": {\"name\": \"ünïcödé ✓ 日本\"}, \"resource\": {\"aws_db_instance\": {\"mb\": {}}}}",
    );
    write(
        &dir,
        "crlf.tf",
        "# a\r\nresource \"aws_db_instance\" \"crlf\" {}\r\n",
    );
    // Empty files: a record (a finding about the file) and others.
    write(&dir, "adr/0002-empty.md", "");
    write(&dir, "empty.tf", "");
    write(&dir, "empty.tf.json", "");
    let compact = adrift(&dir, &["check", "--format", "compact"]).stdout;
    // eof.tf does not parse: a parse error, and its resource still read.
    assert_eq!(compact.lines().count(), 6, "{compact}");
    let run = adrift(&dir, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    human_shows_every_finding(&run.stdout, &compact);
    // Columns count characters in the header as everywhere else.
    assert!(run.stdout.contains("╭─[mb.tf.json:1:51]"), "{}", run.stdout);
    assert!(run.stdout.contains("╭─[eof.tf:1:34]"), "{}", run.stdout);
    // The underline starts under the span, tabs or not.
    let lines: Vec<&str> = run.stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("resource \"aws_db_instance\" \"tabs\""))
        .expect("tabs snippet");
    let text_column = lines[at].chars().position(|c| c == 'r');
    let underline_column = lines[at + 1].chars().position(|c| c == '─');
    assert_eq!(
        text_column,
        underline_column,
        "{}\n{}",
        lines[at],
        lines[at + 1]
    );
}

#[test]
fn control_characters_cannot_hide_or_split_a_finding() {
    // A rule's message, a record's title and a file name all reach the
    // output; an escape sequence in them could erase the line above (the
    // finding) on a terminal or a CI log, and a line break could split one
    // finding of a one-line format into two.
    let rule = NO_DB.replace(
        "no database",
        "no database\\u001b[1A\\u001b[2K\\r\\u0000 ]]> \\u000b\\ufffe",
    );
    let dir = gated_project("control-characters", &rule);
    write(
        &dir,
        "adr/0001-stateless.md",
        crate::support::adr_tools_record(1, "Stateless\u{1b}[8m", "Accepted"),
    );
    write(
        &dir,
        "e\u{1b}[2Ksc\nape.tf",
        "resource \"aws_db_instance\" \"x\" {}\n",
    );
    write(
        &dir,
        "main.tf",
        "resource \"aws_db_instance\" \"y\" {}\n\u{1b}[1A\u{1b}[2K\n",
    );

    let json = json(&adrift(&dir, &["check", "--format", "json"]).stdout);
    let findings = json["findings"].as_array().expect("findings");
    // main.tf does not parse (an escape character outside a string): its
    // parse error comes after the two resources.
    assert_eq!(findings.len(), 3, "{json}");
    assert_eq!(findings[2]["code"], "parse-error", "{json}");
    assert_eq!(
        findings[0]["path"], "e\u{1b}[2Ksc\nape.tf",
        "JSON keeps the path"
    );

    let run = adrift(&dir, &["check", "--color", "never"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains(['\u{1b}', '\r', '\0']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout.contains("╭─[e\\u{1b}[2Ksc\\nape.tf:1:1]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("no database\\u{1b}[1A"),
        "{}",
        run.stdout
    );
    // The snippet shows the escape sequence's bytes as `?`, in place.
    assert!(run.stdout.contains(" 2 │ ?[1A?[2K\n"), "{}", run.stdout);

    let run = adrift(&dir, &["check", "--format", "compact"]);
    assert_eq!(run.stdout.lines().count(), 3, "{:?}", run.stdout);
    assert!(
        !run.stdout.contains(['\u{1b}', '\r', '\0']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .starts_with("e\\u{1b}[2Ksc\\nape.tf:1:1: error no-db ")
    );

    let run = adrift(&dir, &["check", "--format", "github"]);
    assert_eq!(run.stdout.lines().count(), 3, "{:?}", run.stdout);
    assert!(
        run.stdout
            .starts_with("::error file=e\u{1b}[2Ksc%0Aape.tf,line=1,")
    );

    for args in [&["list"][..], &["show", "1"], &["rules"]] {
        let run = adrift(&dir, args);
        assert!(!run.stdout.contains('\u{1b}'), "{args:?}: {:?}", run.stdout);
        assert!(
            run.stdout.contains("Stateless\\u{1b}[8m"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

#[test]
fn junit_is_well_formed_whatever_the_messages_hold() {
    let rule = NO_DB.replace(
        "no database",
        "no ]]> <database> & \\\"x\\\" \\u0000\\u001b\\u000b\\ufffe\\r\\ttab",
    );
    let dir = gated_project("junit-hostile", &rule);
    write(
        &dir,
        "q\"uote\u{1}\n.tf",
        "resource \"aws_db_instance\" \"x\" {}\n",
    );
    let run = adrift(&dir, &["check", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let xml = run.stdout;
    let bad: Vec<char> = xml.chars().filter(|c| !xml_char(*c)).collect();
    assert!(bad.is_empty(), "characters XML 1.0 forbids: {bad:?}\n{xml}");
    assert!(
        xml.contains("<testcase name=\"q&quot;uote\u{2401}&#10;.tf\" classname=\"adrift.no-db\">"),
        "{xml}"
    );
    assert!(
        xml.contains("no ]]&gt; &lt;database&gt; &amp; &quot;x&quot; \u{2400}\u{241b}\u{240b}\u{fffd}&#13;&#9;tab"),
        "{xml}"
    );
    // Markup only where the renderer put it: every `<` opens a known tag.
    for tag in xml.split('<').skip(1) {
        assert!(
            [
                "?xml",
                "testsuites",
                "/testsuites",
                "testsuite",
                "/testsuite",
                "testcase",
                "/testcase",
                "failure",
                "/failure",
                "system-out",
                "/system-out",
                "!--"
            ]
            .iter()
            .any(|t| tag.starts_with(t)),
            "<{tag}"
        );
    }
}

/// Percent-decoding, as a URI parser does it.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("two hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8")
}

/// Whether `text` is an RFC 3986 path: unreserved characters, `/` and
/// `%XX` escapes (the only ones adrift writes).
fn uri_path(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                if !(i + 2 < bytes.len()
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit())
                {
                    return false;
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) => i += 1,
            _ => return false,
        }
    }
    true
}

#[test]
fn file_names_are_escaped_for_each_format() {
    let dir = gated_project("sarif uris", NO_DB);
    let names = [
        "a b.tf",
        "q\"uote.tf",
        "100%.tf",
        "x#y.tf",
        "ü.tf",
        "a,b:c.tf",
        "sub dir/é?&=+;.tf",
    ];
    for name in names {
        write(&dir, name, "resource \"aws_db_instance\" \"x\" {}\n");
    }
    let plain = json(&adrift(&dir, &["check", "--format", "json"]).stdout);
    let paths: Vec<&str> = plain["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["path"].as_str().expect("path"))
        .collect();
    let mut sorted = names.to_vec();
    sorted.sort();
    assert_eq!(paths, sorted, "the JSON contract keeps the plain path");

    let sarif = json(&adrift(&dir, &["check", "--format", "sarif"]).stdout);
    let run = &sarif["runs"][0];
    let uris: Vec<&str> = run["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .expect("uri")
        })
        .collect();
    for (uri, path) in uris.iter().zip(&paths) {
        assert!(uri_path(uri), "{uri:?} is not a URI path");
        assert_eq!(&percent_decode(uri), path);
    }
    for expected in [
        "a%20b.tf",
        "q%22uote.tf",
        "100%25.tf",
        "x%23y.tf",
        "%C3%BC.tf",
        "a%2Cb%3Ac.tf",
        "sub%20dir/%C3%A9%3F%26%3D%2B%3B.tf",
    ] {
        assert!(uris.contains(&expected), "{expected} not in {uris:?}");
    }
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("root");
    let root_path = root.strip_prefix("file://").expect("file URI");
    assert!(uri_path(root_path), "{root:?}");
    assert!(root_path.contains("sarif%20uris/"), "{root}");
    let cwd = dir.canonicalize().expect("dir");
    assert_eq!(
        percent_decode(root_path).trim_end_matches('/'),
        cwd.to_str().expect("UTF-8 dir")
    );

    let github = adrift(&dir, &["check", "--format", "github"]).stdout;
    assert_eq!(github.lines().count(), names.len(), "{github}");
    for expected in [
        "file=100%25.tf,",
        "file=a%2Cb%3Ac.tf,",
        "file=a b.tf,",
        "file=q\"uote.tf,",
    ] {
        assert!(github.contains(expected), "{expected} not in:\n{github}");
    }

    let junit = adrift(&dir, &["check", "--format", "junit"]).stdout;
    assert!(
        junit.contains("<testcase name=\"q&quot;uote.tf\""),
        "{junit}"
    );
    assert!(
        junit.contains("<testcase name=\"sub dir/é?&amp;=+;.tf\""),
        "{junit}"
    );
}

/// One run, several reports: what stdout shows and every `--output` file
/// hold the same findings, each in its format; GitLab's Code Quality shape
/// and Markdown's table come out right, and a file that cannot be written
/// is exit 2, never a silent loss.
#[test]
fn one_run_writes_several_reports() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = crate::support::temp_dir("outputs");
    let sarif = out.join("adrift.sarif");
    let junit = out.join("report.xml");
    let quality = out.join("gl-code-quality.json");
    let summary = out.join("summary.md");
    let arg = |format: &str, path: &std::path::Path| format!("{format}={}", path.display());
    let run = crate::support::adrift(
        root,
        &[
            "--config",
            "examples/platform/adrift.toml",
            "check",
            "--format",
            "json",
            "--output",
            &arg("sarif", &sarif),
            "--output",
            &arg("junit", &junit),
            "--output",
            &arg("codeclimate", &quality),
            "--output",
            &arg("markdown", &summary),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json on stdout");
    let count = report["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(count, 4);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif")).expect("json");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(count)
    );
    let junit = std::fs::read_to_string(&junit).expect("junit");
    assert!(junit.starts_with("<?xml"), "{junit}");
    let quality: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&quality).expect("quality")).expect("json");
    let issues = quality.as_array().expect("an array");
    assert_eq!(issues.len(), count);
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(
                issue[key].as_str().is_some_and(|v| !v.is_empty()),
                "{key}: {issue}"
            );
        }
        assert!(["major", "minor"].contains(&issue["severity"].as_str().unwrap_or_default()));
        assert!(issue["location"]["path"].as_str().is_some());
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1)
        );
    }
    let prints: std::collections::HashSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(prints.len(), count, "fingerprints are unique");
    let markdown = std::fs::read_to_string(&summary).expect("markdown");
    assert!(
        markdown.starts_with("### ❌ adrift: 2 errors and 2 warnings in 9 files (1 waived)\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| ADR-0012 | no-persistence | error | 2 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| ❌ | examples/platform/infra/sessions.tf:3 |"),
        "{markdown}"
    );
    // Nothing is written where the directory does not exist: exit 2.
    let run = crate::support::adrift(
        root,
        &[
            "--config",
            "examples/platform/adrift.toml",
            "check",
            "--output",
            &arg("sarif", &out.join("missing/dir/adrift.sarif")),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    let run = crate::support::adrift(root, &["check", "--output", "yaml=x"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unknown format \"yaml\""),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(out);
}

/// Text from the project never breaks the Markdown table or injects markup.
#[test]
fn markdown_reports_escape_what_files_say() {
    let dir = crate::support::gated_project(
        "markdown-escape",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"no <b>db</b> | ever\"\ninclude = [\"persistence\"]\n",
    );
    crate::support::write(
        &dir,
        "infra/main.tf",
        "resource \"aws_db_instance\" \"a|b<script>\" {\n}\n",
    );
    let run = crate::support::adrift(&dir, &["check", "--format", "markdown"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let row = run
        .stdout
        .lines()
        .find(|l| l.contains("infra/main.tf:1"))
        .expect("the finding's row");
    assert!(row.contains("a\\|b&lt;script&gt;"), "{row}");
    assert!(row.contains("no &lt;b&gt;db&lt;/b&gt; \\| ever"), "{row}");
    // Four cell borders, no more: every `|` from the files is escaped.
    let borders = row
        .char_indices()
        .filter(|&(i, c)| c == '|' && !row[..i].ends_with('\\'))
        .count();
    assert_eq!(borders, 4, "{row}");
}

/// The help says how to waive a finding in the file it is in, and what it
/// says works: a comment in `.tf`; JSON has no comments, so a `"//"` key in
/// a `package.json`, the resource's `Metadata` in a CloudFormation JSON
/// template, and a baseline for a `.tf.json`. Each snippet is taken from
/// the help itself and written into the file.
#[test]
fn the_waiver_help_says_what_works_in_each_kind_of_file() {
    let dir = gated_project(
        "waiver-help",
        "id = \"no-persistence\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n",
    );
    let tf = "resource \"aws_db_instance\" \"a\" {}\n";
    let tf_json =
        "{\n  \"resource\": {\n    \"aws_db_instance\": {\n      \"b\": {}\n    }\n  }\n}\n";
    let package =
        "{\n  \"name\": \"app\",\n  \"dependencies\": {\n    \"pg\": \"^8.11.0\"\n  }\n}\n";
    let stack = "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"Db\": {\n      \"Type\": \"AWS::RDS::DBInstance\",\n      \"Properties\": {}\n    }\n  }\n}\n";
    write(&dir, "infra/main.tf", tf);
    write(&dir, "infra/gen.tf.json", tf_json);
    write(&dir, "package.json", package);
    write(&dir, "stack.json", stack);

    let run = adrift(&dir, &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = json(&run.stdout);
    let help = |path: &str| -> String {
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("a finding in {path}: {report:#}"))["help"]
            .as_str()
            .expect("help")
            .to_string()
    };
    // The last `code span` of the help, with a reason.
    let snippet = |help: &str| -> String {
        let parts: Vec<&str> = help.split('`').collect();
        parts[parts.len() - 2].replace("<reason>", "agreed in review")
    };

    let help_tf = help("infra/main.tf");
    assert!(
        help_tf.ends_with("or waive it with a reason in a comment on this line or just above its block: `adrift:allow=no-persistence: <reason>`"),
        "{help_tf}"
    );
    let help_package = help("package.json");
    assert!(
        help_package.ends_with("or waive it with a reason in a `\"//\"` key (JSON has no comments) on this line or just above it: `\"//\": \"adrift:allow=no-persistence: <reason>\"`"),
        "{help_package}"
    );
    let help_stack = help("stack.json");
    assert!(
        help_stack.ends_with("or waive it with a reason in the resource's `Metadata` (JSON has no comments): `\"Metadata\": {\"adrift\": {\"allow\": [{\"rule\": \"no-persistence\", \"reason\": \"<reason>\"}]}}`"),
        "{help_stack}"
    );
    let help_tf_json = help("infra/gen.tf.json");
    assert!(
        help_tf_json.ends_with("or hold it in a baseline, as this JSON file has no comments to waive it in: `adrift check --write-baseline adrift-baseline.json` records today's findings, then `adrift check --baseline adrift-baseline.json` reports only new ones"),
        "{help_tf_json}"
    );
    for help in [&help_tf, &help_package, &help_stack, &help_tf_json] {
        assert_eq!(
            help.matches("in a comment").count(),
            usize::from(help == &help_tf)
        );
    }

    // What each help says, done.
    write(
        &dir,
        "infra/main.tf",
        format!("# {}\n{tf}", snippet(&help_tf)),
    );
    write(
        &dir,
        "package.json",
        package.replace(
            "    \"pg\"",
            &format!("    {},\n    \"pg\"", snippet(&help_package)),
        ),
    );
    write(
        &dir,
        "stack.json",
        stack.replace(
            "      \"Properties\"",
            &format!("      {},\n      \"Properties\"", snippet(&help_stack)),
        ),
    );
    let run = adrift(&dir, &["check", "--format", "compact"]);
    assert_eq!(
        run.stdout,
        "infra/gen.tf.json:3:5: error no-persistence resource \"aws_db_instance\" \"b\" contradicts ADR-0001: stateless\n",
        "{}",
        run.stderr
    );
    assert_eq!(run.code, 1);
    let run = adrift(&dir, &["check", "--write-baseline", "adrift-baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = adrift(&dir, &["check", "--baseline", "adrift-baseline.json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("(3 findings waived, 1 in the baseline)"),
        "{}",
        run.stdout
    );
}

/// One thing, one finding, in every format: what a finding also covers is
/// named in GitHub annotations (those in its own file; the help names the
/// others), JUnit, markdown and Code Climate's `other_locations`, as in
/// JSON's `covers` and SARIF's `relatedLocations`.
#[test]
fn every_format_names_what_a_finding_also_covers() {
    let dir = fixtures().join("check").join("terraform-fold");
    let run_format = |format: &str| {
        let run = adrift(&dir, &["check", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        run.stdout
    };
    let bucket_versioning = "infra/storage/bucket.tf:6:1: resource \"aws_s3_bucket_versioning\" \"exports\": configures it";
    let lifecycle = "infra/storage/lifecycle.tf:2:1: resource \"aws_s3_bucket_lifecycle_configuration\" \"exports\": configures it";

    let github = run_format("github");
    let bucket = github
        .lines()
        .find(|l| l.contains("file=infra/storage/bucket.tf,line=2,"))
        .expect("the bucket's annotation");
    // The help names the other file's declaration; the message the one in
    // the bucket's own file, which the human report shows as a label.
    assert!(
        bucket.contains(&format!("%0AAlso covers:%0A{lifecycle}")),
        "{bucket}"
    );
    assert!(
        bucket.ends_with(&format!("%0Aalso covers {bucket_versioning}")),
        "{bucket}"
    );

    let junit = run_format("junit");
    assert!(
        junit.contains(
            &format!("one finding for 3 declarations)&#10;  also covers {bucket_versioning}&#10;  also covers {lifecycle}")
                .replace('"', "&quot;")
        ),
        "{junit}"
    );

    let markdown = run_format("markdown");
    assert!(
        markdown.contains("<br>also covers infra/storage/bucket.tf:6:1: resource \"aws\\_s3\\_bucket\\_versioning\" \"exports\": configures it<br>also covers infra/storage/lifecycle.tf:2:1:"),
        "{markdown}"
    );

    let issues = json(&run_format("codeclimate"));
    let bucket = issues
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["location"]["path"] == "infra/storage/bucket.tf")
        .expect("the bucket's issue");
    assert_eq!(
        bucket["other_locations"],
        serde_json::json!([
            { "path": "infra/storage/bucket.tf", "lines": { "begin": 6 } },
            { "path": "infra/storage/lifecycle.tf", "lines": { "begin": 2 } },
        ])
    );
    let lone = issues
        .as_array()
        .expect("issues")
        .iter()
        .find(|i| i["location"]["path"] == "infra/db/other-module-ref.tf")
        .expect("a finding that covers nothing");
    assert!(lone.get("other_locations").is_none(), "{lone}");
}

/// A module matched by the words of its name alone is a "may" too: a guess,
/// which every format marks as one (JSON `may`, `(may)` after the code).
#[test]
fn a_module_matched_by_its_name_is_a_may() {
    let dir = gated_project(
        "module-may",
        "id = \"no-db\"\ndecision = \"1\"\nmessage = \"stateless\"\ninclude = [\"persistence\"]\n",
    );
    write(
        &dir,
        "infra/main.tf",
        "module \"orders_db\" {\n  source = \"acme/RDS_Postgres/aws\"\n}\n\nmodule \"catalogued\" {\n  source = \"terraform-aws-modules/rds/aws\"\n}\n",
    );
    let report = json(&adrift(&dir, &["check", "--format", "json"]).stdout);
    let got: Vec<(u64, &str, Option<&str>)> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap_or_default(),
                f["severity"].as_str().unwrap_or_default(),
                f.get("may").and_then(|m| m.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                "warning",
                Some(
                    "a guess from the module's name: adrift cannot see what a remote module creates"
                )
            ),
            (6, "error", None),
        ]
    );
    let compact = adrift(&dir, &["check", "--format", "compact"]).stdout;
    assert!(
        compact.starts_with("infra/main.tf:2:12: warning no-db (may) module \"orders_db\""),
        "{compact}"
    );
    assert!(
        compact.contains("\ninfra/main.tf:6:12: error no-db module \"catalogued\""),
        "{compact}"
    );
}

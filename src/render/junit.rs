//! JUnit XML, for GitLab and Jenkins test reports: one test suite per code,
//! one test case per code and file. Errors are failures; a case with only
//! warnings passes and lists them; a code that found nothing is one passing
//! case, so the report counts what was checked.

use std::collections::BTreeMap;

use crate::finding::{Finding, Severity, Summary};

/// Text escaped for XML 1.0 content and attribute values. Characters XML
/// 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF) become their
/// control pictures (U+2400 + code) or U+FFFD; tab, line feed and carriage
/// return become character references, which attribute values keep as they
/// are. Nothing is emitted raw that a parser could reject or rewrite.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'))
            }
            '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `path:line:col: severity message`, `severity (may)` for a finding
/// adrift is not sure of, then a line for each declaration it also covers.
fn line(f: &Finding) -> String {
    let (start, _) = f.range();
    let mut out = format!(
        "{}:{}:{}: {}{} {}",
        f.path(),
        start.line,
        start.column,
        f.severity.as_str(),
        if f.may.is_some() { " (may)" } else { "" },
        f.message
    );
    for c in super::covered(f) {
        out.push_str(&format!("\n  also covers {c}"));
    }
    out
}

/// `codes` lists every code that ran, so those that found nothing show.
pub fn render(findings: &[Finding], codes: &[String], summary: Summary) -> String {
    let mut by_code: BTreeMap<&str, BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
    for code in codes {
        by_code.entry(code.as_str()).or_default();
    }
    for f in findings {
        by_code
            .entry(&f.code)
            .or_default()
            .entry(f.path())
            .or_default()
            .push(f);
    }
    let mut suites = String::new();
    let (mut total, mut failed) = (0, 0);
    for (code, files) in &by_code {
        let mut cases = String::new();
        let (mut tests, mut failures) = (0, 0);
        if files.is_empty() {
            tests += 1;
            cases.push_str(&format!(
                "    <testcase name=\"all files\" classname=\"adrift.{}\"/>\n",
                xml(code)
            ));
        }
        for (path, list) in files {
            tests += 1;
            let name = if path.is_empty() { "(no file)" } else { path };
            let errors: Vec<&&Finding> = list
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .collect();
            let body: Vec<String> = list.iter().map(|f| xml(&line(f))).collect();
            if errors.is_empty() {
                cases.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"adrift.{}\">\n      <system-out>{}</system-out>\n    </testcase>\n",
                    xml(name),
                    xml(code),
                    body.join("\n")
                ));
            } else {
                failures += 1;
                cases.push_str(&format!(
                    "    <testcase name=\"{}\" classname=\"adrift.{}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    xml(name),
                    xml(code),
                    xml(code),
                    xml(&errors[0].message),
                    body.join("\n")
                ));
            }
        }
        total += tests;
        failed += failures;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n{cases}  </testsuite>\n",
            xml(code)
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"adrift\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\">\n{suites}</testsuites>\n<!-- {} errors, {} warnings in {} files -->\n",
        summary.errors, summary.warnings, summary.files
    )
}

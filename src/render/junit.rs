//! JUnit XML, for GitLab and Jenkins test reports: one test suite per code,
//! one test case per code and file. Errors are failures; a case with only
//! warnings passes and lists them; a code that found nothing is one passing
//! case, so the report counts what was checked.

use std::collections::BTreeMap;

use crate::finding::{Finding, Severity, Summary};

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn line(f: &Finding) -> String {
    let (start, _) = f.range();
    format!(
        "{}:{}:{}: {} {}",
        f.path(),
        start.line,
        start.column,
        f.severity.as_str(),
        f.message
    )
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

//! `path:line:col: severity code message`, one finding a line, for editors
//! and grep; a finding adrift is not sure of is `code (may)`. Control characters and line breaks in paths and messages are
//! escaped, so a line is always one whole finding.

use super::printable;
use crate::finding::Finding;

pub fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let (start, _) = f.range();
        let path = if f.path().is_empty() {
            "adrift"
        } else {
            f.path()
        };
        let path = printable(path, false);
        out.push_str(&format!(
            "{path}:{}:{}: {} {} {}\n",
            start.line,
            start.column,
            f.severity.as_str(),
            printable(&super::code_shown(f), false),
            printable(&f.message, false)
        ));
    }
    out
}

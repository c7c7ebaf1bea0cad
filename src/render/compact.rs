//! `path:line:col: severity code message`, one finding a line, for editors
//! and grep.

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
        out.push_str(&format!(
            "{path}:{}:{}: {} {} {}\n",
            start.line,
            start.column,
            f.severity.as_str(),
            f.code,
            f.message
        ));
    }
    out
}

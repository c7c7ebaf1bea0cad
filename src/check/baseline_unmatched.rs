declare_lint! {
    /// ## What it does
    /// Warns about an entry of the baseline (`--baseline FILE`, or
    /// `baseline` in `adrift.toml`) that no longer matches any finding: the
    /// drift it recorded was fixed, or moved to another file.
    ///
    /// ## Why is this bad?
    /// A baseline lets a repository that already drifts adopt the gate
    /// without stopping work. It should only shrink: an entry that matches
    /// nothing would silently accept the same drift if it came back.
    ///
    /// ## Example
    /// A baseline entry for `resource "aws_db_instance" "legacy"` in
    /// `infra/main.tf`, after the resource was removed.
    ///
    /// ## Use instead
    /// Remove the entry, or rewrite the baseline with `adrift check
    /// --write-baseline FILE`.
    pub static BASELINE_UNMATCHED = {
        code: "baseline-unmatched",
        severity: Warning,
        summary: "a baseline entry matches no finding",
        check: super::reported_by_check,
    }
}

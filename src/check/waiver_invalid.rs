declare_lint! {
    /// ## What it does
    /// Reports a waiver comment that cannot waive anything: it gives no
    /// reason, names a rule that does not exist, or has an `until` date that
    /// is not a date. An invalid waiver waives nothing.
    ///
    /// ## Why is this bad?
    /// A waiver is an exception to an accepted decision. Without a reason,
    /// the next reader cannot tell whether it still holds; with a misspelt
    /// rule, it silently waives nothing.
    ///
    /// ## Example
    /// ```hcl
    /// # adrift:allow=no-persistence
    /// resource "aws_s3_bucket" "alb_logs" {}
    /// ```
    ///
    /// ## Use instead
    /// ```hcl
    /// # adrift:allow=no-persistence: ALB access logs, no application state
    /// resource "aws_s3_bucket" "alb_logs" {}
    /// ```
    pub static WAIVER_INVALID = {
        code: "waiver-invalid",
        severity: Error,
        summary: "a waiver has no reason, an unknown rule or a bad date",
        check: super::reported_by_check,
    }
}

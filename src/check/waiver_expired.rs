declare_lint! {
    /// ## What it does
    /// Reports a waiver whose `until` date has passed. It no longer waives
    /// anything, so the finding it covered is reported again beside it.
    ///
    /// ## Why is this bad?
    /// A dated waiver is a promise to fix something by then. An expired one
    /// is a promise broken; the gate holds the line again.
    ///
    /// ## Example
    /// ```hcl
    /// # adrift:allow=no-persistence until 2025-01-31: migrating off RDS
    /// ```
    ///
    /// ## Use instead
    /// Finish the work and remove the waiver, or agree a new date.
    pub static WAIVER_EXPIRED = {
        code: "waiver-expired",
        severity: Error,
        summary: "a waiver's until date has passed",
        check: super::reported_by_check,
    }
}

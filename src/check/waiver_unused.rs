declare_lint! {
    /// ## What it does
    /// Warns about a valid waiver that waives nothing: no finding of its rule
    /// stands on its line or in the block below it (or its rule is inactive).
    ///
    /// ## Why is this bad?
    /// Stale waivers pile up and, if the code moves back under them, waive
    /// something nobody reviewed.
    ///
    /// ## Example
    /// A waiver left above a resource that was since deleted.
    ///
    /// ## Use instead
    /// Remove the waiver.
    pub static WAIVER_UNUSED = {
        code: "waiver-unused",
        severity: Warning,
        summary: "a waiver waives nothing",
        check: super::reported_by_check,
    }
}

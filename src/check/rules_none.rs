declare_lint! {
    /// ## What it does
    /// Warns when `adrift check` runs with no rule in force (none at all,
    /// or only rules whose decisions are superseded, deprecated or
    /// rejected): the records are linted, but the gate enforces nothing.
    ///
    /// ## Why is this bad?
    /// A green "no problems found" from a gate that checks nothing reads
    /// like a project that keeps its decisions. It is usually a first run
    /// (the rules are still to be written), a wrong `rules_dir`, or a
    /// collection whose decisions have all been replaced.
    ///
    /// ## Example
    /// A new project after `adrift init`: one record, an empty `rules/`.
    ///
    /// ## Use instead
    /// Write a rule for an accepted decision in the rules directory (one file
    /// per rule); `adrift rules suggest N` drafts one from record N's text.
    /// A proposed decision's rule previews its findings as warnings.
    pub static RULES_NONE = {
        code: "rules-none",
        severity: Warning,
        summary: "the gate enforces no rule",
        check: super::reported_by_check,
    }
}

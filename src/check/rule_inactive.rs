declare_lint! {
    /// ## What it does
    /// Warns about a rule whose decision is superseded, deprecated or
    /// rejected. Such a rule no longer applies: `adrift check` does not
    /// enforce it, and says so here so the stale rule does not linger.
    ///
    /// ## Why is this bad?
    /// The rule file still reads as if the decision held. When a decision is
    /// superseded, its successor usually needs a rule of its own (or none).
    ///
    /// ## Example
    /// `rules/no-persistence.toml` with `decision = "ADR-0012"`, after
    /// ADR-0013 superseded ADR-0012 to allow DynamoDB.
    ///
    /// ## Use instead
    /// Remove the rule, or bind it to the decision now in force.
    pub static RULE_INACTIVE = {
        code: "rule-inactive",
        severity: Warning,
        summary: "a rule's decision no longer holds",
        check: super::reported_by_check,
    }
}

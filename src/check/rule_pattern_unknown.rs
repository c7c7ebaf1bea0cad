declare_lint! {
    /// ## What it does
    /// Warns about a Terraform resource or data-source pattern in a rule
    /// that matches no type adrift knows: for `aws_`, every resource and
    /// data source type of the AWS provider (`data/aws-types.txt`); for
    /// `azurerm_` and `google_`, the catalog's. It names the close types,
    /// or none when nothing is close.
    ///
    /// ## Why is this bad?
    /// A misspelt pattern (`aws_dynamo_table`) matches nothing, and the rule
    /// silently lets through what it was written to stop.
    ///
    /// ## Example
    /// ```toml
    /// [terraform]
    /// resources = ["aws_dynamo_table"]
    /// ```
    ///
    /// ## Use instead
    /// ```toml
    /// [terraform]
    /// resources = ["aws_dynamodb_table"]
    /// ```
    pub static RULE_PATTERN_UNKNOWN = {
        code: "rule-pattern-unknown",
        severity: Warning,
        summary: "a rule pattern matches no type its provider has",
        check: super::reported_by_check,
    }
}

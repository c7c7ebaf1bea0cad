declare_lint! {
    /// ## What it does
    /// Reports a file `adrift check` reads (a `.tf` or `.tf.json` file, a
    /// `Cargo.toml`, a lockfile, a requirements file) that does not parse,
    /// at the place the parser stopped.
    ///
    /// ## Why is this bad?
    /// adrift cannot tell what a file it cannot parse declares. A gate that
    /// skipped it would let anything through, so it fails closed instead.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   engine =
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Fix the syntax (`terraform validate`, `cargo metadata` say more), or
    /// exclude a file that is not part of the project in `adrift.toml`.
    pub static PARSE_ERROR = {
        code: "parse-error",
        severity: Error,
        summary: "a file adrift check reads does not parse",
        check: super::reported_by_check,
    }
}

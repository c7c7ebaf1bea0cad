declare_lint! {
    /// ## What it does
    /// Reports a file `adrift check` reads (a `.tf` or `.tf.json` file, a
    /// `Cargo.toml`, a lockfile, a requirements file) that does not parse,
    /// at the place the parser stopped.
    ///
    /// ## Why is this bad?
    /// adrift cannot tell what a file it cannot parse declares. A gate that
    /// skipped it would let anything through, so it fails closed instead:
    /// the finding is always an error (`[severity]` cannot lower or turn it
    /// off), and what can be read of the file is still checked, so a
    /// baselined parse error never hides new drift in the same file. It is
    /// also how adrift says it cannot read a value Terraform would evaluate
    /// (a module source that is not a constant), a requirement pip could
    /// only name by downloading it, or a manifest cargo would reject.
    ///
    /// ## Example
    /// ```hcl
    /// resource "aws_db_instance" "main" {
    ///   engine =
    /// }
    /// ```
    ///
    /// ## Use instead
    /// Fix the syntax (`terraform validate`, `cargo metadata`, `pip install
    /// --dry-run` say more), or exclude a file that is not part of the
    /// project in `adrift.toml` (`exclude = ["path/**"]`).
    pub static PARSE_ERROR = {
        code: "parse-error",
        severity: Error,
        summary: "a file adrift check reads does not parse",
        check: super::reported_by_check,
    }
}

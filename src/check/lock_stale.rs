declare_lint! {
    /// ## What it does
    /// Reports a dependency of a workspace member that the workspace's
    /// `Cargo.lock` does not hold: the lock was not updated when the
    /// dependency was added (or renamed to another crate), at the
    /// dependency's line in `Cargo.toml`.
    ///
    /// ## Why is this bad?
    /// adrift finds the crates a member reaches through `Cargo.lock`. A
    /// dependency the lock does not hold brings in crates nobody has
    /// checked: a banned crate behind it passes the gate until the lock
    /// catches up, and the next `cargo build` brings it in. A gate fails
    /// closed, so a stale lock is a finding (an error unless `[severity]`
    /// says otherwise). cargo itself refuses such a lock under `--locked`.
    /// It is checked only when a rule bans crates, and only for members the
    /// lock holds (a manifest of another workspace, or of none, is not
    /// compared with a lock that is not its own).
    ///
    /// ## Example
    /// ```toml
    /// [dependencies]
    /// session-kit = "0.3"   # added, but Cargo.lock was not updated
    /// ```
    ///
    /// ## Use instead
    /// Update and commit the lock (`cargo update --workspace`, or any
    /// `cargo build`), and run cargo with `--locked` in CI.
    pub static LOCK_STALE = {
        code: "lock-stale",
        severity: Error,
        summary: "a dependency the workspace's Cargo.lock does not hold",
        check: super::reported_by_check,
    }
}

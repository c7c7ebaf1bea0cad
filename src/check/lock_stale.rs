declare_lint! {
    /// ## What it does
    /// Reports a dependency of a workspace member that the workspace's
    /// `Cargo.lock` does not hold, or a `package.json` dependency whose name
    /// its lock (`package-lock.json`, `npm-shrinkwrap.json`,
    /// `pnpm-lock.yaml`, `yarn.lock`) does not even mention: the lock was
    /// not updated when the dependency was added (or renamed to another
    /// package), at the dependency's line.
    ///
    /// ## Why is this bad?
    /// adrift finds the crates a member reaches through `Cargo.lock`. A
    /// dependency the lock does not hold brings in crates nobody has
    /// checked: a banned crate behind it passes the gate until the lock
    /// catches up, and the next `cargo build` brings it in. A gate fails
    /// closed, so a stale lock is a finding (an error unless `[severity]`
    /// says otherwise). cargo refuses such a lock under `--locked`, as
    /// `npm ci` and frozen-lockfile installs do. It is checked only when a
    /// rule bans crates (or npm packages), only for members the lock holds
    /// (a manifest of another workspace, or of none, is not compared with
    /// a lock that is not its own), and not for npm peer dependencies
    /// (the consumer's to install) or workspace packages (yarn v1 lists
    /// none). An npm dependency whose name the lock mentions may still be
    /// stale in its range: that is for `npm ci` to say.
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
        summary: "a dependency the project's lock does not hold",
        check: super::reported_by_check,
    }
}

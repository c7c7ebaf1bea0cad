//! What adrift asks git: the files changed since a revision
//! (`check --changed-since`) and the records another branch holds
//! (`lint --against`).
//!
//! Through the `git` command (`std::process`), not a library: git is
//! already on every machine these flags make sense on (a clone, a CI
//! runner), it reads the repository exactly as the user's git does
//! (worktrees, sparse and partial clones, `safe.directory`, alternates,
//! every index and pack format), and it adds no crate (gix or git2 and
//! libgit2 would add hundreds of thousands of lines for a few read-only
//! plumbing calls). adrift runs only read-only commands (`rev-parse`,
//! `merge-base`, `diff --name-only`, `ls-files`, `ls-tree`, `cat-file`),
//! with `GIT_OPTIONAL_LOCKS=0` so that even the index is never refreshed.
//!
//! It fails closed: git missing, a directory that is no repository, a
//! revision git does not know, or any other failure of git is an error
//! (exit 2) that says what to do, never an empty list of changes.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::Error;

/// A repository, at its top-level directory.
#[derive(Debug)]
pub struct Repo {
    /// The top level, as git gives it (symbolic links resolved).
    pub top: PathBuf,
    /// The flag that asked (`--changed-since`), for messages.
    flag: &'static str,
}

fn usage(message: String, help: String) -> Error {
    Error::Usage { message, help }
}

impl Repo {
    /// The repository `dir` is in.
    pub fn open(dir: &Path, flag: &'static str) -> Result<Repo, Error> {
        let out = run_git(dir, ["rev-parse", "--show-toplevel"], flag)?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if stderr.contains("not a git repository") {
                return Err(usage(
                    format!(
                        "{flag} needs a git repository, and {} is not in one",
                        dir.display()
                    ),
                    format!(
                        "run adrift inside the repository's working tree, or run it without {flag} to check everything"
                    ),
                ));
            }
            return Err(failed(flag, "rev-parse --show-toplevel", &stderr));
        }
        let top = String::from_utf8(out.stdout)
            .map_err(|_| failed(flag, "rev-parse --show-toplevel", "the path is not UTF-8"))?;
        Ok(Repo {
            top: PathBuf::from(top.trim_end_matches(['\n', '\r'])),
            flag,
        })
    }

    fn git<I, S>(&self, args: I, what: &str) -> Result<Vec<u8>, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let out = run_git(&self.top, args, self.flag)?;
        if !out.status.success() {
            return Err(failed(
                self.flag,
                what,
                &String::from_utf8_lossy(&out.stderr),
            ));
        }
        Ok(out.stdout)
    }

    /// The commit `rev` names (a branch, tag, `origin/main`, a hash).
    pub fn commit(&self, rev: &str) -> Result<String, Error> {
        let unknown = || {
            usage(
                format!("{}: unknown revision {rev:?}", self.flag),
                "name a branch, tag or commit of this repository (`git branch -a` lists the branches); in CI, fetch it first (`git fetch origin main`, or a clone with `fetch-depth: 0`)".to_string(),
            )
        };
        if rev.is_empty() || rev.starts_with('-') {
            return Err(unknown());
        }
        let out = run_git(
            &self.top,
            [
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
            self.flag,
        )?;
        if !out.status.success() {
            return Err(unknown());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Where `HEAD` and `rev` meet.
    pub fn merge_base(&self, rev: &str) -> Result<String, Error> {
        let commit = self.commit(rev)?;
        let out = run_git(&self.top, ["merge-base", "HEAD", &commit], self.flag)?;
        if !out.status.success() {
            return Err(usage(
                format!(
                    "{}: {rev:?} and HEAD share no history (no merge base)",
                    self.flag
                ),
                "a shallow clone may have cut it off: fetch more history (`git fetch --unshallow`, or `fetch-depth: 0`)".to_string(),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Every path (from the top level) that differs between `base` and the
    /// working tree: committed, staged or not, deleted, and untracked files
    /// git does not ignore.
    pub fn changed_since(&self, base: &str) -> Result<Vec<PathBuf>, Error> {
        let diff = self.git(
            [
                "diff",
                "--name-only",
                "-z",
                "--no-renames",
                "--no-ext-diff",
                "--no-textconv",
                base,
                "--",
            ],
            "diff --name-only",
        )?;
        let untracked = self.git(
            ["ls-files", "-z", "--others", "--exclude-standard"],
            "ls-files --others",
        )?;
        let mut paths: Vec<PathBuf> = split_z(&diff).chain(split_z(&untracked)).collect();
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The files under `dir` (from the top level) in commit `rev`.
    pub fn files_at(&self, rev: &str, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut spec = dir.as_os_str().to_owned();
        if !spec.is_empty() {
            spec.push("/");
        }
        let listed = self.git(
            [
                OsStr::new("ls-tree"),
                OsStr::new("-r"),
                OsStr::new("-z"),
                OsStr::new("--name-only"),
                OsStr::new(rev),
                OsStr::new("--"),
                &spec,
            ],
            "ls-tree",
        )?;
        Ok(split_z(&listed).collect())
    }

    /// A file's bytes in commit `rev`.
    pub fn read_at(&self, rev: &str, path: &Path) -> Result<Vec<u8>, Error> {
        let mut object = std::ffi::OsString::from(format!("{rev}:"));
        object.push(path.as_os_str());
        self.git(
            [OsStr::new("cat-file"), OsStr::new("blob"), &object],
            "cat-file",
        )
    }

    /// `path` (absolute) from the top level, if it is inside the repository.
    pub fn relative(&self, path: &Path) -> Option<PathBuf> {
        let real = std::fs::canonicalize(path).ok()?;
        let top = std::fs::canonicalize(&self.top).ok()?;
        real.strip_prefix(&top).ok().map(Path::to_path_buf)
    }
}

fn split_z(bytes: &[u8]) -> impl Iterator<Item = PathBuf> + '_ {
    use std::os::unix::ffi::OsStrExt;
    bytes
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| PathBuf::from(OsStr::from_bytes(p)))
}

fn failed(flag: &str, what: &str, stderr: &str) -> Error {
    usage(
        format!("{flag}: `git {what}` failed: {}", stderr.trim()),
        format!(
            "adrift cannot tell what changed without git; fix the repository, or run without {flag} to check everything"
        ),
    )
}

/// Runs git in `dir`; a git that cannot be started is an error naming it.
fn run_git<I, S>(dir: &Path, args: I, flag: &str) -> Result<std::process::Output, Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            let what = if e.kind() == std::io::ErrorKind::NotFound {
                "git is not installed (or not on PATH)".to_string()
            } else {
                format!("cannot run git: {e}")
            };
            usage(
                format!("{flag} needs git: {what}"),
                format!("install git, or run without {flag} to check everything"),
            )
        })
}

//! The record directory's lock: an exclusive `flock` on the directory
//! itself, waited for at most `ADRIFT_LOCK_TIMEOUT` seconds (10 by
//! default). While it is held, `.adrift-lock` in the directory says who
//! holds it (process id, command line, start time), so that a command that
//! gives up waiting can say whom it waited for. The file is removed when
//! the lock is released; one left by a killed process is overwritten by the
//! next holder, and only believed while its process is alive.

use std::fs::{self, File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{process_alive, refuse, replace_file};
use crate::config::display;
use crate::error::Error;

/// The file that names the lock's holder, in the record directory.
pub const LOCK_INFO: &str = ".adrift-lock";

/// How long to wait for the lock when `ADRIFT_LOCK_TIMEOUT` is not set.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Holds an exclusive advisory lock on a directory while alive.
pub struct DirLock {
    info: PathBuf,
    _file: File,
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Before the lock is released (the file closes after this).
        let _ = fs::remove_file(&self.info);
    }
}

/// How long to wait: `ADRIFT_LOCK_TIMEOUT` seconds, else 10.
fn timeout() -> Result<Duration, Error> {
    let Ok(value) = std::env::var("ADRIFT_LOCK_TIMEOUT") else {
        return Ok(DEFAULT_TIMEOUT);
    };
    value
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| {
            refuse(
                format!("ADRIFT_LOCK_TIMEOUT={value:?} is not a number of seconds"),
                "set it to how many seconds to wait for the record directory's lock, like 30, or unset it (the default is 10)",
            )
        })
}

/// Locks `dir`, waiting at most the timeout; then says who holds it.
pub fn lock_dir(dir: &Path, cwd: &Path) -> Result<DirLock, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: display(dir, cwd),
        message: format!("cannot lock the record directory: {e}"),
    };
    let wait = timeout()?;
    let file = File::open(dir).map_err(io)?;
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {
                let waited = start.elapsed();
                if waited >= wait {
                    return Err(held(dir, cwd, wait));
                }
                std::thread::sleep((wait - waited).min(Duration::from_millis(25)));
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
    }
    let info = dir.join(LOCK_INFO);
    let text = format!(
        "pid: {}\ncommand: {}\nstarted: {}\n",
        std::process::id(),
        super::command_line(),
        jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_default()
    );
    // The lock is held either way; a directory that cannot take the note
    // only makes a waiter's message vaguer.
    let _ = replace_file(&info, text.as_bytes());
    hold_for_tests();
    Ok(DirLock { info, _file: file })
}

/// Debug builds only: `ADRIFT_HOLD_LOCK=SECONDS` keeps the lock that long
/// once taken, so that tests can meet a held lock. Release builds compile
/// it to nothing.
fn hold_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(seconds) = std::env::var("ADRIFT_HOLD_LOCK")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
    {
        std::thread::sleep(seconds);
    }
}

/// Who holds the lock, from `.adrift-lock`, if its process is alive.
struct Holder {
    pid: u32,
    command: String,
    started: String,
}

fn holder(dir: &Path) -> Option<Holder> {
    let text = fs::read_to_string(dir.join(LOCK_INFO)).ok()?;
    // Shown in a message: no control characters from a file anyone
    // could have written.
    let field = |key: &str| {
        text.lines().find_map(|l| l.strip_prefix(key)).map(|v| {
            v.trim()
                .chars()
                .filter(|c| !c.is_control())
                .collect::<String>()
        })
    };
    let pid: u32 = field("pid:")?.parse().ok()?;
    if process_alive(pid) == Some(false) {
        return None;
    }
    Some(Holder {
        pid,
        command: field("command:").unwrap_or_default(),
        started: field("started:").unwrap_or_default(),
    })
}

fn held(dir: &Path, cwd: &Path, waited: Duration) -> Error {
    let shown = display(dir, cwd);
    let seconds = format!("{:.1}", waited.as_secs_f64());
    let seconds = seconds.trim_end_matches(".0");
    match holder(dir) {
        Some(h) => refuse(
            format!(
                "the record directory {shown} is locked by another adrift command: process {} (`{}`), running since {}; waited {seconds} s",
                h.pid, h.command, h.started
            ),
            format!(
                "wait for it to finish and try again (ADRIFT_LOCK_TIMEOUT=SECONDS waits longer); if it is stuck, stop it with `kill {}`",
                h.pid
            ),
        ),
        None => refuse(
            format!(
                "the record directory {shown} is locked by another process, which did not say who it is; waited {seconds} s"
            ),
            format!(
                "another adrift may be starting or finishing: try again (ADRIFT_LOCK_TIMEOUT=SECONDS waits longer); `fuser -v {shown}` or `lsof {shown}` shows which process holds it"
            ),
        ),
    }
}

//! Work spread over the cores, with no way to lose a worker's result.
//!
//! A worker that panics must never turn into an empty result: that would
//! make `adrift check` say "no problems found" about files it never read.
//! Every join here re-raises the worker's panic on the calling thread; the
//! binary turns a panic into an internal error with exit code 2.

use std::thread::ScopedJoinHandle;

/// How many threads to use for a job, at most `cap`.
pub fn threads(cap: usize) -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, cap.max(1))
}

/// Joins a scoped worker; its panic is re-raised here, never swallowed.
pub fn join<T>(handle: ScopedJoinHandle<'_, T>) -> T {
    match handle.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

/// Maps `f` over `items` in order, in contiguous chunks across up to `cap`
/// threads when there are at least `min_parallel` items.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    min_parallel: usize,
    cap: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads(cap);
    if threads <= 1 || items.len() < min_parallel.max(2) {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles.into_iter().flat_map(join).collect()
    })
}

/// A fault-injection point for tests of the fail-closed promise: in debug
/// builds, `ADRIFT_FAULT=<name>` makes the worker at `name` panic. Release
/// builds compile it to nothing.
pub fn fault_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("ADRIFT_FAULT").is_ok_and(|v| v == name) {
        panic!("injected fault at {name}");
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

/// A crash-injection point for tests of interrupted writes: in debug
/// builds, `ADRIFT_CRASH=<name>` aborts the process at `name`, as `kill -9`
/// would (no unwinding, no destructors). Release builds compile it to
/// nothing.
pub fn crash_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("ADRIFT_CRASH").is_ok_and(|v| v == name) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_their_order() {
        let items: Vec<usize> = (0..1000).collect();
        assert_eq!(
            map(&items, 1, 4, |i| i * 2),
            (0..2000).step_by(2).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_worker_panic_reaches_the_caller() {
        let items: Vec<usize> = (0..100).collect();
        let caught = std::panic::catch_unwind(|| {
            map(&items, 1, 4, |&i| {
                assert!(i != 77, "worker fails");
                i
            })
        });
        assert!(caught.is_err(), "the panic was swallowed");
    }
}

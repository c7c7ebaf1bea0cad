//! What both benchmarks share: running a command once, measuring its wall
//! time and its own peak memory.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs a command once; wall time and the child's peak RSS in KiB.
// The child is reaped by `wait4`, which also gives its own peak memory.
#[allow(clippy::zombie_processes)]
pub fn run_once(mut command: Command) -> (Duration, i64) {
    let start = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut status = 0;
    // SAFETY: wait4 on our own child's pid, with valid out-pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = start.elapsed();
    assert!(pid > 0, "wait4 failed");
    (elapsed, usage.ru_maxrss)
}

/// Runs `make()` once to warm the cache, then `runs` times; prints and
/// returns the median.
pub fn bench(name: &str, make: &dyn Fn() -> Command, runs: usize) -> Duration {
    let _ = run_once(make());
    let mut times = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let (t, rss) = run_once(make());
        times.push(t);
        peak = peak.max(rss);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<34} median {:>7.1} ms   min {:>7.1} ms   max {:>7.1} ms   peak RSS {:>6.1} MB   ({runs} runs)",
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        peak as f64 / 1024.0
    );
    median
}

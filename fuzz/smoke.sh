#!/usr/bin/env bash
# A bounded fuzzing run for CI: each target for SECONDS (default 20) from
# the seed corpus. Exits non-zero when a target crashes (libFuzzer leaves
# the input in fuzz/artifacts/<target>/). Needs the nightly toolchain and
# cargo-fuzz (`cargo install cargo-fuzz`).
# Usage: fuzz/smoke.sh [SECONDS] [TARGET...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-20}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cd "$root/fuzz/fuzz_targets" && ls -- *.rs | sed 's/\.rs$//')
fi
"$root/fuzz/seed.sh" > /dev/null
cd "$root/fuzz"
failed=()
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for t in "${targets[@]}"; do
    echo "== fuzz/$t for ${seconds}s"
    mkdir -p "corpus/$t"
    status=0
    # No sanitizer: the targets are safe Rust (a panic or a failed property
    # is the crash), and without ASan the build and the runs are faster.
    cargo +nightly fuzz run --sanitizer none "$t" "corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        > "$log" 2>&1 || status=$?
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)' "$log" || true
    if [ "$status" -ne 0 ]; then
        tail -n 60 "$log"
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz smoke run failed: ${failed[*]} (inputs in fuzz/artifacts/)"
    exit 1
fi
echo "fuzz smoke run: ${#targets[@]} targets, no crash"

#!/usr/bin/env bash
# Installs adrift for the GitHub Action: the binary wheel from PyPI into a
# virtual environment of its own (no Rust toolchain, a few seconds), or,
# with ADRIFT_VERSION=local, this action's checkout built with cargo.
# Environment: ADRIFT_VERSION, GITHUB_ACTION_PATH, GITHUB_PATH, RUNNER_TEMP;
# ADRIFT_DIST (the PyPI distribution) and ADRIFT_INDEX_ARGS (extra pip
# arguments, e.g. `--find-links DIR --no-index` for a local wheel) are for
# tests and mirrors.
set -euo pipefail
version="${ADRIFT_VERSION:-}"
dist="${ADRIFT_DIST:-adrift-adr}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
if [ "$version" = "local" ]; then
    cargo install --locked --quiet --root "$temp/adrift" --path "$GITHUB_ACTION_PATH"
    bin="$temp/adrift/bin"
else
    venv="$temp/adrift-venv"
    python3 -m venv "$venv"
    spec="$dist"
    if [ -n "$version" ]; then
        spec="$dist==$version"
    fi
    # shellcheck disable=SC2086 # ADRIFT_INDEX_ARGS is a list of arguments
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check ${ADRIFT_INDEX_ARGS:-} "$spec"
    bin="$venv/bin"
fi
"$bin/adrift" --version
echo "$bin" >> "${GITHUB_PATH:?GITHUB_PATH is set by GitHub Actions}"

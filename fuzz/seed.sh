#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's own files: records from
# the fixtures, examples and adr/; adrift.toml files; rule files.
# Usage: fuzz/seed.sh  (from anywhere; existing corpus files are kept)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/fuzz/corpus"
for t in "$root"/fuzz/fuzz_targets/*.rs; do
    mkdir -p "$corpus/$(basename "$t" .rs)"
done

# The record target reads its first byte as the choice of file name: each
# seed gets a 0 (a numbered name) in front of the file's bytes.
find "$root/tests/fixtures" "$root/examples" "$root/adr" -name '*.md' -type f -print0 |
    while IFS= read -r -d '' f; do
        name="$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
        { printf '\0'; cat "$f"; } > "$corpus/record/$name"
    done

find "$root" -path "$root/fuzz" -prune -o -path "$root/target" -prune -o \
    -name 'adrift.toml' -type f -print0 |
    while IFS= read -r -d '' f; do
        cp "$f" "$corpus/config/$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
    done

find "$root/rules" "$root/tests/fixtures" "$root/examples" "$root/catalog" \
    -name '*.toml' -type f ! -name 'adrift.toml' ! -name 'Cargo.toml' ! -name 'pyproject.toml' -print0 |
    while IFS= read -r -d '' f; do
        cp "$f" "$corpus/rules/$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
    done

# Each ecosystem's files, from the fixtures and the example.
seed() {
    local target="$1"
    shift
    find "$root/tests/fixtures" "$root/examples" "$@" -type f -print0 |
        while IFS= read -r -d '' f; do
            cp "$f" "$corpus/$target/$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
        done
}
seed terraform_outline \( -name '*.tf' -o -name '*.tf.json' \)
seed terraform_prefilter \( -name '*.tf' -o -name '*.tf.json' \)
seed cargo_lock -name 'Cargo.lock'
seed cargo_manifest -name 'Cargo.toml'
seed python_requirements \( -name '*requirements*.txt' -o -name '*.in' \)
seed python_setup_cfg -name 'setup.cfg'
seed yaml \( -name '*.yaml' -o -name '*.yml' \)
# images_sources reads its first byte as the kind of file: 0 a YAML file,
# 1 a Compose file, 2 a Dockerfile, 3 a task definition.
seed_kind() {
    local kind="$1"
    shift
    find "$root/tests/fixtures" "$root/examples" "$@" -type f -print0 |
        while IFS= read -r -d '' f; do
            name="$(printf '%s' "${f#"$root"/}" | tr '/' '_')"
            { printf "\\$kind"; cat "$f"; } > "$corpus/images_sources/$name"
        done
}
seed_kind 0 \( -name '*.yaml' -o -name '*.yml' \) ! -name 'compose*' ! -name 'docker-compose*'
seed_kind 1 \( -name 'compose*.y*ml' -o -name 'docker-compose*.y*ml' \)
seed_kind 2 -name '*Dockerfile*'
seed_kind 3 -name '*task*def*.json'
seed cloudformation \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \)
seed go_mod \( -name 'go.mod' -o -name 'go.work' \)
seed npm_manifest -name 'package.json'
seed npm_package_lock \( -name 'package-lock.json' -o -name 'npm-shrinkwrap.json' \)
seed npm_pnpm -name 'pnpm-lock.yaml'
seed npm_yarn -name 'yarn.lock'

for t in "$root"/fuzz/fuzz_targets/*.rs; do
    t="$(basename "$t" .rs)"
    echo "fuzz/corpus/$t: $(find "$corpus/$t" -type f | wc -l) files"
done

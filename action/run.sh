#!/usr/bin/env bash
# Runs the gate once for the GitHub Action: findings as annotations on
# stdout, SARIF to ADRIFT_SARIF, a Markdown summary appended to
# GITHUB_STEP_SUMMARY, the exit code to GITHUB_OUTPUT; exits with adrift's
# own code, so the job fails on findings (1) and on adrift failing (2).
# Environment: ADRIFT_ARGS, ADRIFT_SARIF, ADRIFT_SUMMARY, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY.
set -uo pipefail
args=(check --format github)
if [ -n "${ADRIFT_SARIF:-}" ]; then
    args+=(--output "sarif=$ADRIFT_SARIF")
fi
summary=""
if [ "${ADRIFT_SUMMARY:-true}" = "true" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    summary="$(mktemp)"
    args+=(--output "markdown=$summary")
fi
read -ra extra <<< "${ADRIFT_ARGS:-}"
status=0
adrift "${args[@]}" "${extra[@]}" || status=$?
if [ -n "$summary" ]; then
    if [ -s "$summary" ]; then
        cat "$summary" >> "$GITHUB_STEP_SUMMARY"
    elif [ "$status" -eq 2 ]; then
        printf '### adrift\n\nadrift could not do its job (exit code 2): see the step log.\n' >> "$GITHUB_STEP_SUMMARY"
    fi
    rm -f "$summary"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
        echo "exit-code=$status"
        if [ -n "${ADRIFT_SARIF:-}" ] && [ -f "$ADRIFT_SARIF" ]; then
            echo "sarif=$ADRIFT_SARIF"
        else
            echo "sarif="
        fi
    } >> "$GITHUB_OUTPUT"
fi
if [ "$status" -eq 2 ]; then
    echo "::error title=adrift::adrift could not do its job (exit code 2); see the messages above"
fi
exit "$status"

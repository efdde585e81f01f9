#!/usr/bin/env bash
# Runs every test file (node:test + tsx). Node 20 does not expand globs, so the list is built here.
set -euo pipefail
cd "$(dirname "$0")/.."
dirs=$(for d in src test examples bench tools; do [ -d "$d" ] && echo "$d"; done)
# shellcheck disable=SC2086
files=$(find $dirs -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ -z "$files" ]; then echo "no test files"; exit 1; fi
# shellcheck disable=SC2086
exec node --import tsx --test --test-concurrency=2 $files

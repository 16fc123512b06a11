#!/usr/bin/env bash
# Sets up (if needed), builds and runs the whole test suite with CTest (every label but gpu).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
preset="${HONE_PRESET:-$([ "${CI:-}" = "true" ] && echo ci || echo release)}"
bash scripts/build.sh "$preset"
ctest --preset "$preset" "$@"

#!/usr/bin/env bash
# Configures and builds one CMake preset (default: release; CI builds "ci", warnings as errors).
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-${HONE_PRESET:-$([ "${CI:-}" = "true" ] && echo ci || echo release)}}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"

#!/usr/bin/env bash
# Sets up (if needed), builds and launches the Hone workbench.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh release
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "hone: no display (DISPLAY is unset); starting under a virtual X server (xvfb-run)" >&2
  exec xvfb-run -a -s "-screen 0 1600x1000x24" build/release/bin/hone "$@"
fi
exec build/release/bin/hone "$@"

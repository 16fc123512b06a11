#!/usr/bin/env bash
# Saves a PNG of every New-run wizard page (default size and minimum size), the settings dialog and
# the main window, in English and in Simplified Chinese, and fails when a label or button cuts its
# text or a widget sticks out of its parent (tests/ui/tst_screenshots.cpp does the work).
#
#   tools/screenshots.sh [build-dir] [out-dir]      defaults: build/release, build/screenshots
#
# Needs the default model (scripts/setup.sh) and ../shared/data. Look at the PNGs afterwards.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build/release}"
out="${2:-$root/build/screenshots}"
cmake --build "$build" --target tst_ui_screenshots
mkdir -p "$out"
rm -f "$out"/*.png
# The environment CTest gives every test (cmake/HoneAddTest.cmake): its fixtures and binaries.
QT_QPA_PLATFORM=offscreen HONE_SOURCE_DIR="$root" HONE_TEST_DATA="$root/tests/data" HONE_BIN_DIR="$build/bin" \
  HONE_SCREENSHOT_DIR="$out" "$build/tests/tst_ui_screenshots"
echo "screenshots: $out ($(ls "$out"/*.png | wc -l) files)"

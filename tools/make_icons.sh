#!/usr/bin/env bash
# Renders the application icon (resources/icons/hone-<size>.png) with ImageMagick primitives;
# hone.svg is the same drawing for packaging. Run by hand after changing the design.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
# A falling loss curve as short line segments (ImageMagick fills open paths).
curve() { awk 'BEGIN { for (i = 0; i < 24; i++) { t0 = i / 24; t1 = (i + 1) / 24;
  printf "line %d,%d %d,%d ", 44 + 168 * t0, 188 - 104 * (1 - t0) ^ 3, 44 + 168 * t1, 188 - 104 * (1 - t1) ^ 3 } }'; }
convert -size 256x256 xc:none \
  -fill '#2456b8' -draw 'roundrectangle 8,8 247,247 52,52' \
  -stroke '#ffffff' -strokewidth 18 -draw "$(curve)" \
  -stroke none -fill '#ffd166' -draw 'circle 44,84 58,84' \
  -fill '#06d6a0' -draw 'circle 212,188 226,188' \
  -fill '#ffffff99' -draw 'roundrectangle 44,206 212,220 7,7' \
  hone-256.png
for s in 16 24 32 48 64 128; do convert hone-256.png -resize ${s}x${s} hone-$s.png; done

#!/usr/bin/env bash
# The README's pictures from the end-to-end run's screenshots (test/e2e/tour.test.ts, dark theme):
#   media/readme/main-flow.gif  the main flow, one frame per screenshot
#   media/readme/terminal.png   the signed-in terminal
# Run after `npm run test:e2e` (or `npm test`). Installs Debian's imagemagick when it is absent.
# Usage: bash scripts/readme/animate.sh [SCREENSHOTS_DIR]   (default: test-results/screenshots)
set -euo pipefail
cd "$(dirname "$0")/../.."
shots=${1:-test-results/screenshots}
out=media/readme

if ! dpkg -s imagemagick >/dev/null 2>&1; then
  echo "[readme] installing imagemagick (Debian)"
  apt-get install -y -o DPkg::Lock::Timeout=900 imagemagick >/dev/null
fi
convert=/usr/bin/convert
[ -x /usr/bin/convert-im6.q16 ] && convert=/usr/bin/convert-im6.q16

frames=()
for step in tour-1-tree tour-2-object tour-3-tab-menu tour-4-terminal; do
  # Screenshots are numbered in the order taken (NN-name.png): the latest of each name wins.
  file=$(ls "$shots"/*-"$step".png 2>/dev/null | sort | tail -n 1 || true)
  if [ -z "$file" ]; then
    echo "[readme] no screenshot named *-$step.png in $shots: run the e2e suite first (test/e2e/tour.test.ts)" >&2
    exit 1
  fi
  frames+=("$file")
done

mkdir -p "$out"
# 1440x900 screenshots, shown at 960 px wide: small enough for the VSIX, large enough to read the tree.
"$convert" -delay 220 -loop 0 "${frames[@]}" -resize 960x -dither None -colors 64 -layers Optimize "$out/main-flow.gif"
"$convert" "${frames[3]}" -resize 1100x -dither None -colors 64 "PNG8:$out/terminal.png"
ls -l "$out"/main-flow.gif "$out"/terminal.png | awk '{print "[readme] " $NF ": " $5 " bytes"}'

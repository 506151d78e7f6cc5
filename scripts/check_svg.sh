#!/usr/bin/env bash
# Renders plm_score's SVG overview of the shipped two-ankle night to PNG with rsvg-convert, to show
# the SVG is well-formed and drawable (not just a file that exists). Installs rsvg-convert from
# Debian's librsvg2-bin when it is missing. With a second argument, also renders that
# multi-night SVG (plm_score on a multi-day recording; .ci/examples writes one) and checks its
# per-night strips and bar chart. Usage: scripts/check_svg.sh OUT_DIR [NIGHTS_SVG]
set -euo pipefail
out=${1:?output directory}
mkdir -p "$out"
if ! command -v rsvg-convert >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq librsvg2-bin >/dev/null
fi
night=fixtures/sim/night_25hz_15min
cargo run --quiet --release --example plm_score -- --left "$night/left.csv" --right "$night/right.csv" \
  --svg "$out/night.svg" --json "$out/night.json" 2>/dev/null
rsvg-convert --format png --output "$out/night.png" "$out/night.svg"
# A PNG starts with an 8-byte signature and then an IHDR chunk holding width and height.
size=$(stat -c %s "$out/night.png")
read -r width height < <(od -An -tu1 -j16 -N8 "$out/night.png" |
  awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
echo "rendered $out/night.svg -> night.png: ${width}x${height}, $size bytes"
grep -q 'left ankle' "$out/night.svg" && grep -q 'right ankle' "$out/night.svg" &&
  grep -q "inter-movement intervals" "$out/night.svg" || { echo "SVG lacks a panel"; exit 1; }
[ "$width" -ge 1000 ] && [ "$height" -ge 600 ] && [ "$size" -gt 20000 ] || { echo "PNG too small"; exit 1; }
nights=${2:-}
if [ -n "$nights" ]; then
  rsvg-convert --format png --output "$out/nights.png" "$nights"
  read -r width height < <(od -An -tu1 -j16 -N8 "$out/nights.png" |
    awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
  echo "rendered $nights -> nights.png: ${width}x${height}, $(stat -c %s "$out/nights.png") bytes"
  grep -q 'night 2 ' "$nights" && grep -q 'PLMS index per night' "$nights" &&
    grep -q 'nights pooled' "$nights" || { echo "multi-night SVG lacks a strip or the chart"; exit 1; }
  [ "$width" -ge 1000 ] && [ "$height" -ge 150 ] || { echo "multi-night PNG too small"; exit 1; }
fi

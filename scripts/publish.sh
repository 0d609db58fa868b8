#!/usr/bin/env bash
# Copies a finished run folder into results/NAME for publishing: derived CSVs, plots, report,
# machine and run records, the sweep's state, and the raw JMH JSON gzipped. Refuses to replace a
# published folder unless --force is given.
#   scripts/publish.sh results/runs/standard-20261126T040000Z standard-20261126 [--force]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ] || [ ! -f "$1/results.csv" ]; then
  echo "publish.sh: give an analyzed run folder (with results.csv) and a name; got '${1:-}' '${2:-}'" >&2
  exit 2
fi
run=$1
target=results/$2
if [ -e "$target" ]; then
  if [ "${3:-}" != "--force" ]; then
    echo "publish.sh: $target exists; add --force to replace it" >&2
    exit 2
  fi
  rm -rf "$target"
fi
tmp=$(mktemp -d "results/.publish-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for f in results.csv machine.json run.json sweep.json report.html tuning.txt peer-pytorch.csv "$run"/*.png; do
  f=$(basename "$f")
  if [ -f "$run/$f" ]; then cp "$run/$f" "$tmp/"; fi
done
for json in "$run"/jmh-*.json; do
  gzip -9 -c "$json" > "$tmp/$(basename "$json").gz"
done
chmod 755 "$tmp"
mv "$tmp" "$target"
trap - EXIT
echo "published $run as $target ($(du -sh "$target" | cut -f1))"

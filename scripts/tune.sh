#!/usr/bin/env bash
# Runs the JVM/allocator/engine option matrix (benchmarks/jvm-flags.properties) for one model and
# names the best launch set for latency and for throughput, as ratios against the baseline; with
# --variants DIR, the model's variant files (scripts/export_variants.py) against its fp32 file.
#   scripts/tune.sh resnet50 [--definition FILE]
#   scripts/tune.sh resnet50 --variants /tmp/effbench-variants/resnet50
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "tune.sh: give a model, e.g. resnet50" >&2; exit 2; }
[ -f target/benchmarks.jar ] || { echo "tune.sh: target/benchmarks.jar is missing; run mvn -B verify" >&2; exit 2; }
model=$1
shift
exec java -jar target/benchmarks.jar tune --model "$model" "$@"

#!/usr/bin/env bash
# Runs a sweep definition; run it again after a crash and it resumes where it stopped.
#   scripts/sweep.sh benchmarks/standard.properties [--shard i/n] [--retry-failed]
# One shard per machine: --shard "$JOB_COMPLETION_INDEX/N" in a Kubernetes Indexed Job, or the
# matrix index in CI; then: java -jar target/benchmarks.jar merge --output DIR FOLDER...
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "sweep.sh: give a definition, e.g. benchmarks/standard.properties" >&2; exit 2; }
[ -f target/benchmarks.jar ] || { echo "sweep.sh: target/benchmarks.jar is missing; run mvn -B verify" >&2; exit 2; }
exec java -jar target/benchmarks.jar sweep "$@"

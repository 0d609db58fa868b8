#!/usr/bin/env bash
# ResNet-50 latency at batch 1 and 8 with 1 and 2 intra-op threads, one caller: the figures the
# foundation issue asks for. Each configuration runs in its own fork; SampleTime gives the
# distribution. Extra arguments go to JMH (e.g. -i 10 for more iterations).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/benchmarks.jar
[ -f "$jar" ] || { echo "scripts/resnet50-latency.sh: $jar is missing; build it with mvn -B verify" >&2; exit 2; }
exec java -jar "$jar" -p model=resnet50 -p batchSize=1,8 -p intraOpThreads=1,2 -t 1 \
  -bm sample -wi 3 -w 2s -i 5 -r 3s -f 1 "$@"

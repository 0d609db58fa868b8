#!/usr/bin/env bash
# Makes the JMH JSON test fixtures of src/test/resources/jmh from target/benchmarks.jar, with the JMH
# options that give them their shape:
#   scripts/make-jmh-fixtures.sh [OUTDIR]   (default target/jmh-fixtures; OUTDIR = src/test/resources/jmh replaces them)
#
# all-modes-2-callers.json: InferenceBenchmark.infer on mlp and squeezenet1_1 at batch 2, 1 intra-op
#   thread, 2 callers (JMH threads), in the four modes thrpt, avgt, sample, ss, times in ms; 1 fork,
#   1 warm-up iteration of 100 ms, 2 measured iterations of 300 ms. 8 forks.
# ceilings.json: MatmulPeakBenchmark.matmul (512 x 512) and MemoryBandwidthBenchmark.addInPlace
#   (256 MiB) at 1 and 2 intra-op threads, Throughput in ops/s; 1 fork, 1 caller, 1 warm-up iteration
#   of 300 ms, 2 measured iterations of 500 ms. 4 forks; both files in about 30 s on 2 cores.
# Plain JMH (org.openjdk.jmh.Main in the jar), not effbench's runner: the forks get only the
# benchmarks' own -Dai.djl.offline=true, as in the committed files.
#
# The committed files were recorded on 2026-11-26 (commit 630afef) with these options, JMH 1.37 and
# OpenJDK 17.0.15, before this script existed, by a harness whose InferenceBenchmark had only the
# parameters model, batchSize and intraOpThreads. This script, run on 2026-11-28, gave the same
# entries in the same order, with the parameters added since (input = "", interOpThreads = 0) and
# this machine's timings. The committed files are kept: tests pin numbers read from them (DeriverTest,
# CeilingsTest, ChartsTest), which new files would need worked out again.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/jmh-fixtures}
jar=target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q package -DskipTests
mkdir -p "$out"

jmh() {
  local file=$1
  shift
  java -cp "$jar" org.openjdk.jmh.Main "$@" -f 1 -rf json -rff "$out/$file.partial"
  mv "$out/$file.partial" "$out/$file"
  echo "wrote $out/$file"
}

jmh all-modes-2-callers.json 'org\.effbench\.bench\.InferenceBenchmark\.infer$' \
  -bm thrpt,avgt,sample,ss -tu ms -p model=mlp,squeezenet1_1 -p batchSize=2 -p intraOpThreads=1 -t 2 \
  -wi 1 -w 100ms -i 2 -r 300ms

jmh ceilings.json 'org\.effbench\.bench\.MatmulPeakBenchmark\.matmul$' \
  'org\.effbench\.bench\.MemoryBandwidthBenchmark\.addInPlace$' \
  -bm thrpt -tu s -p matrixSize=512 -p arrayMiB=256 -p intraOpThreads=1,2 -t 1 \
  -wi 1 -w 300ms -i 2 -r 500ms

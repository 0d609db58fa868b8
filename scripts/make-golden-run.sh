#!/usr/bin/env bash
# Rebuilds the golden run: a run folder made of the JMH fixtures, a published machine profile and
# the model metrics the engine counts for them, with the results.csv the post-processor derives
# from it. RunGoldenTest derives the folder again and must get this results.csv byte for byte;
# when a change to the derivation is intended, run this and review the diff of results.csv.
#   mvn -B -q package -DskipTests && scripts/make-golden-run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/benchmarks.jar
[ -f "$jar" ] || { echo "make-golden-run.sh: $jar is missing; build it with mvn -B package -DskipTests" >&2; exit 2; }
golden=src/test/resources/golden-run
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run="$work/golden-run"
mkdir "$run"
cp src/test/resources/jmh/all-modes-2-callers.json "$run/jmh-models.json"
cp src/test/resources/jmh/ceilings.json "$run/jmh-ceiling.json"
cp src/test/resources/jmh/peer-pytorch.csv "$run/peer-pytorch.csv"
# a real serve run of mlp (its serve.json and serve.hlog), made on this harness's 2-core VM with
#   java -jar target/benchmarks.jar serve --model mlp --p99 10ms --workers 1 --threads 1 \
#     --max-batch 4 --max-delay 1ms --min-seconds 2 --seconds 3 --min-queries 100
cp src/test/resources/serve/serve-mlp.json "$run/serve-mlp.json"
cp src/test/resources/serve/serve-mlp.hlog "$run/serve-mlp.hlog"
# the published machine profile of results/standard-20261126 with the CPUID identity later versions
# record (vendor, family, model, SMT), as /proc/cpuinfo gives it on that machine class: an "AMD EPYC"
# VM that hides its SKU, so its energy estimate comes from the EPYC 9004 family row
cp src/test/resources/machine-epyc-genoa-vm.json "$run/machine.json"
java -jar "$jar" analyze "$run" > "$work/analyze.log"
mkdir -p "$golden"
for f in jmh-models.json jmh-ceiling.json peer-pytorch.csv serve-mlp.json serve-mlp.hlog machine.json model-metrics.json results.csv; do
    cp "$run/$f" "$golden/$f"
done
echo "golden run written to $golden ($(($(wc -l < "$golden/results.csv") - 1)) rows)"

#!/usr/bin/env bash
# Runs the Python PyTorch peer beside an effbench run and merges it into the run's results:
#   scripts/peer-pytorch.sh RUN_FOLDER [--models resnet50,bert_base] [--batches 1,8] [--threads 1,2]
# Installs Debian's torch if missing and gives the peer its best settings, or a win means nothing:
# OpenBLAS (OpenMP build) instead of the reference BLAS that Debian's torch links by default,
# OPENBLAS_CORETYPE=SkylakeX on AVX-512 CPUs, and the allocator effbench's forks used (its preload
# and variables, from the run's run.json). Run nothing else meanwhile: two cores, one benchmark at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ ! -f "$1/run.json" ]; then
  echo "peer-pytorch.sh: give a run folder with run.json (e.g. results/runs/quick-...); got '${1:-}'" >&2
  exit 2
fi
run=$1
shift
[ -f target/benchmarks.jar ] || { echo "peer-pytorch.sh: target/benchmarks.jar is missing; run mvn -B verify" >&2; exit 2; }

missing=()
for p in python3-torch python3-torchvision libopenblas0-openmp libtcmalloc-minimal4; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "peer-pytorch.sh: installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

openblas=/usr/lib/x86_64-linux-gnu/openblas-openmp
export LD_LIBRARY_PATH="$openblas${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if grep -qw avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX; fi
# The forks' allocator: its library (not the MKL dispatch shim: the peer's torch has no MKL) and variables.
allocator_env=$(/usr/bin/python3 - "$run/run.json" <<'PY'
import json, shlex, sys
forks = json.load(open(sys.argv[1])).get("forks") or {}
first = next(iter(forks.values()), None)
if isinstance(first, dict):
    forks = first  # per launch set: the first is the run's default
for key, value in forks.items():
    if not key.startswith("env.") or key == "env.EFFBENCH_EXPECT_PRELOADED":
        continue
    if key == "env.LD_PRELOAD":
        value = " ".join(p for p in value.split() if "mkl-intel-cpu" not in p)
    if value:
        print("export %s=%s" % (key[4:], shlex.quote(value)))
PY
)
eval "$allocator_env"
allocator=$(/usr/bin/python3 -c '
import json, sys
f = json.load(open(sys.argv[1])).get("forks") or {}
first = next(iter(f.values()), None)
print((first if isinstance(first, dict) else f).get("allocator", "glibc"))' "$run/run.json")
export EFFBENCH_PEER_SETTINGS="BLAS $openblas, OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-auto}, allocator $allocator (LD_PRELOAD=${LD_PRELOAD:-none})"

/usr/bin/python3 scripts/peer_pytorch.py --out "$run/peer-pytorch.csv" --run-id "$(basename "$run")" "$@"
unset LD_PRELOAD LD_LIBRARY_PATH GLIBC_TUNABLES MALLOC_CONF JE_MALLOC_CONF
java -jar target/benchmarks.jar analyze "$run" --force

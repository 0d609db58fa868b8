#!/usr/bin/env bash
# Rebuilds the TorchScript test fixtures with Debian's python3-torch (installed if missing).
#   scripts/make-torchscript-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dpkg -s python3-torch >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-torch; }
# the reference BLAS the fixtures were made with, even where OpenBLAS is installed (it is the system
# default then): the bf16/fp32 deviation figures in reference.json move in their 8th digit with it
if [ -d /usr/lib/x86_64-linux-gnu/blas ]; then export LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/blas; fi
/usr/bin/python3 scripts/make_torchscript_fixtures.py src/test/resources/torchscript

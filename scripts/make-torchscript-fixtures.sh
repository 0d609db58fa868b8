#!/usr/bin/env bash
# Rebuilds the TorchScript test fixtures with Debian's python3-torch (installed if missing).
#   scripts/make-torchscript-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dpkg -s python3-torch >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-torch; }
/usr/bin/python3 scripts/make_torchscript_fixtures.py src/test/resources/torchscript

#!/usr/bin/env bash
# Checks effbench's TorchScript counts against PyTorch's on torchvision's classification models:
#   scripts/check-torchscript-counts.sh OUTDIR [--models a,b] [--max-params N]
# 1. scripts/torchvision_reference.py exports each model traced with seeded random weights into
#    OUTDIR and writes OUTDIR/reference.csv (forward-hook MACs, cross-checked by a dispatch count;
#    parameters from model.parameters()). Debian's python3-torch and python3-torchvision, nothing
#    downloaded; resumable.
# 2. `profile --format json` counts each file from its code and from libtorch's trace of one pass.
# 3. OUTDIR/table.csv: one row per model with both counts beside the reference.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/check-torchscript-counts.sh OUTDIR [--models a,b] [--max-params N]}
shift
dpkg -s python3-torchvision >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-torchvision; }
[ -f target/benchmarks.jar ] || mvn -B -q package -DskipTests
/usr/bin/python3 scripts/torchvision_reference.py "$out" "$@"
tail -n +2 "$out/reference.csv" | while IFS=, read -r model input _; do
  [ -s "$out/$model.counts.json" ] && continue
  if ! java -jar target/benchmarks.jar profile --model "file:$out/$model.pt" --input "$input" --no-measure \
      --format json --output "$out/$model.counts.json.partial" 2> "$out/$model.counts.log"; then
    echo "$model: profile failed, see $out/$model.counts.log" >&2
    continue
  fi
  mv "$out/$model.counts.json.partial" "$out/$model.counts.json"
done
/usr/bin/python3 - "$out" <<'PY'
import csv, json, os, sys
out = sys.argv[1]
rows = []
with open(os.path.join(out, "reference.csv")) as f:
    for ref in csv.DictReader(f):
        path = os.path.join(out, ref["model"] + ".counts.json")
        c = json.load(open(path)) if os.path.exists(path) else {}
        params = c.get("parameters", 0) + c.get("packed_parameters", 0) if c else ""
        rows.append({
            "model": ref["model"], "input": ref["input"],
            "params_reference": ref["params"], "params_code": params,
            "macs_reference": ref["macs"], "macs_code": c.get("macs", ""), "macs_trace": c.get("macs_trace", ""),
            "code_complete": c.get("complete", ""),
            "code_exact": bool(c) and c["complete"] and c["macs"] == int(ref["macs"]) and params == int(ref["params"]),
            "trace_exact": bool(c) and c.get("macs_trace") == int(ref["macs"]),
            "not_understood_trace": " ".join(c.get("not_understood_trace", [])),
        })
with open(os.path.join(out, "table.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
code = sum(r["code_exact"] is True for r in rows)
trace = sum(r["trace_exact"] is True for r in rows)
print(f"{len(rows)} models: {code} exact from the code (MACs and parameters), {trace} exact MACs from the trace; "
      f"table: {os.path.join(out, 'table.csv')}")
for r in rows:
    if r["code_exact"] is not True or r["trace_exact"] is not True:
        print(f"  {r['model']}: reference {r['macs_reference']}, code {r['macs_code']} (complete {r['code_complete']}), "
              f"trace {r['macs_trace']} {r['not_understood_trace']}")
PY

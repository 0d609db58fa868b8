#!/usr/bin/env bash
# Copies a finished run folder into results/NAME for publishing: derived CSVs, plots, report,
# machine and run records, the sweep's state, and the raw JMH JSON and serve files (serve*.json and
# their HdrHistogram logs) gzipped. The run folder is
# never changed.
#   scripts/publish.sh results/runs/standard-20261126T040000Z standard-20261126 [--force]
#       [--allow-quick] [--allow-dirty]
#
# NAME is a plain folder name under results/ (letters, digits, '.', '_', '+', '-'; not starting
# with '.' or '-'; no '..'; not 'runs', where the run folders live). The copy is built in a hidden
# folder inside results/ and renamed into place only when complete; --force replaces a published
# folder of that name, moving the old one aside and deleting it only once the new one is in place.
# Refused unless told: a quick run (--allow-quick: its iterations are a first look, not a
# measurement) and a run measured from uncommitted code, or from code whose commit machine.json
# does not record (--allow-dirty).
#
# Bad input: one line naming the value and what is accepted, exit 2. A failure: one line with its
# cause, exit 1.
set -uo pipefail

bad() {
  echo "publish.sh: $*" >&2
  exit 2
}
fail() {
  echo "publish.sh: $*" >&2
  exit 1
}
first_line() {
  printf '%s' "${1%%$'\n'*}"
}

force=false
allow_quick=false
allow_dirty=false
positional=()
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    --allow-quick) allow_quick=true ;;
    --allow-dirty) allow_dirty=true ;;
    --*) bad "unknown option '$arg'; accepted: --force, --allow-quick, --allow-dirty" ;;
    *) positional+=("$arg") ;;
  esac
done
if [ ${#positional[@]} -ne 2 ]; then
  bad "give a run folder and a name (and optionally --force, --allow-quick, --allow-dirty); got ${#positional[@]} arguments"
fi
run_arg=${positional[0]}
name=${positional[1]}

if [ -z "$name" ] || [[ $name == *..* ]] || [[ ! $name =~ ^[A-Za-z0-9][A-Za-z0-9._+-]*$ ]] || [ "$name" = runs ]; then
  bad "name '$name' is not accepted; accepted: a plain folder name under results/ (letters, digits, '.', '_', '+', '-'; not empty, not starting with '.' or '-', no '/' or '..', not 'runs')"
fi
if [ ! -f "$run_arg/results.csv" ]; then
  bad "run folder '$run_arg' is not accepted; accepted: an analyzed run folder (with results.csv)"
fi
run=$(cd "$run_arg" && pwd -P) || fail "cannot enter run folder '$run_arg'"

cd "$(dirname "$0")/.." || fail "cannot enter the repository folder"
mkdir -p results || fail "cannot create results/"
results=$(cd results && pwd -P)
target=$results/$name

case "$run/" in
  "$target"/*) bad "name '$name' is not accepted: the run folder $run_arg lies inside results/$name" ;;
esac

# A quick run: by its folder name, or by the kind run.json records.
run_name=$(basename "$run")
json_field() { # the first "field" : "value" in a JSON file, or nothing
  grep -o "\"$1\" *: *\"[^\"]*\"" "$2" 2>/dev/null | head -n 1 | sed 's/.*: *"\(.*\)"/\1/'
}
kind=$(json_field kind "$run/run.json")
if ! $allow_quick && { [[ $run_name == quick-* ]] || [ "$kind" = quick ]; }; then
  bad "run folder '$run_arg' is a quick run (short iterations, a first look, not a publishable measurement); accepted: a full run, or add --allow-quick"
fi

# Committed code: machine.json records the commit, with +uncommitted when git status showed changes.
commit=$(json_field gitCommit "$run/machine.json")
if ! $allow_dirty; then
  if [[ $commit == *+uncommitted ]]; then
    bad "run folder '$run_arg' was measured from uncommitted code (gitCommit $commit in machine.json); accepted: a run from committed code, or add --allow-dirty"
  elif [[ ! $commit =~ ^[0-9a-f]{40}$ ]]; then
    bad "run folder '$run_arg': cannot tell whether it was measured from committed code (machine.json records gitCommit '${commit}'); accepted: a run whose machine.json names its commit, or add --allow-dirty"
  fi
fi

if [ -e "$target" ] && ! $force; then
  bad "name '$name' is not accepted: results/$name exists; add --force to replace it"
fi
if [ -e "$target" ] && [ ! -d "$target" ]; then
  bad "name '$name' is not accepted: results/$name is a file, not a published folder"
fi

tmp=$(mktemp -d "$results/.publish-XXXXXX" 2>&1) || fail "cannot create a folder in results/: $(first_line "$tmp")"
aside=
cleanup() {
  rm -rf "$tmp"
  # the old copy is put back if the new one never took its place
  if [ -n "$aside" ] && [ -e "$aside" ] && [ ! -e "$target" ]; then
    mv -T "$aside" "$target"
  fi
}
trap cleanup EXIT

# a run in rounds keeps each round's figures (rounds.csv); the peer's rows (peer-pytorch.csv of
# older runs, one peer-<job>.csv per peer job) and the script that measured them; a tune run's
# variants.json and deviation.csv, from which its verdict derives
for f in results.csv rounds.csv results.json machine.json run.json sweep.json energy.json model-metrics.json report.html tuning.txt \
  peer-pytorch.csv "$run"/peer-*.csv peer_pytorch.py variants.json deviation.csv "$run"/*.png; do
  f=$(basename "$f")
  if [ -f "$run/$f" ]; then
    out=$(cp "$run/$f" "$tmp/" 2>&1) || fail "cannot copy $run/$f: $(first_line "$out")"
  fi
done
for json in "$run"/jmh-*.json "$run"/serve*.json "$run"/serve*.hlog; do
  [ -e "$json" ] || continue
  out=$(gzip -9 -c "$json" 2>&1 >"$tmp/$(basename "$json").gz") \
    || fail "cannot compress $json: $(first_line "$out")"
done
chmod 755 "$tmp" || fail "cannot set the permissions of $tmp"

replaced=
if [ -e "$target" ]; then
  aside=$tmp.old
  out=$(mv -T "$target" "$aside" 2>&1) || fail "cannot move results/$name aside: $(first_line "$out")"
  replaced=" (replacing the earlier copy)"
fi
out=$(mv -T "$tmp" "$target" 2>&1) || fail "cannot move the new copy to results/$name: $(first_line "$out")"
if [ -n "$aside" ]; then
  rm -rf "$aside"
  aside=
fi
trap - EXIT
echo "published $run_arg as results/$name$replaced ($(du -sh "$target" | cut -f1))"

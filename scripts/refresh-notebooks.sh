#!/usr/bin/env bash
# Regenerates the committed outputs of notebooks: executes them in full mode (notebooks/run-notebooks.sh, which strips
# per-cell timestamps and records the kit version, commit and source hashes in metadata.cbrnn.outputs), copies each
# notebook that passed over the committed one, regenerates the student copies from their instructor copies, and runs
# the currency check (python3 scripts/notebooks.py check, as CI does). Review the diff, then commit.
# Usage: scripts/refresh-notebooks.sh [notebook.ipynb ...]    (default: every notebook except the student copies)
# CBRNN_SIMD_BITS=512|256|128: run the notebooks' JVMs at that vector width (-Dcbrnn.simd.bits through
# JAVA_TOOL_OPTIONS). Trained numbers are bit-identical only at one width, so to keep the committed numbers on a machine
# of another kind, use the width their metadata records (metadata.cbrnn.outputs.kernels).
# Full mode trains in notebooks 1 and 5 (a few minutes each) and only reads data/runs (3), data/freeze-timing and data/reproduction (4, 6).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
nbs=("$@")
if [ ${#nbs[@]} -eq 0 ]; then
  mapfile -t nbs < <(for f in notebooks/[0-9]*.ipynb; do
    /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["metadata"].get("cbrnn",{}).get("student_of") else 1)' "$f" || echo "$f"
  done)
fi
for nb in "${nbs[@]}"; do
  if /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["metadata"].get("cbrnn",{}).get("student_of") else 1)' "$nb"; then
    echo "refresh-notebooks: $nb is a generated student copy; refresh its instructor copy instead" >&2
    exit 2
  fi
done
if [ -n "${CBRNN_SIMD_BITS:-}" ]; then
  case "$CBRNN_SIMD_BITS" in 512|256|128) ;; *) echo "refresh-notebooks: CBRNN_SIMD_BITS must be 512, 256 or 128, not '$CBRNN_SIMD_BITS'" >&2; exit 2 ;; esac
  export JAVA_TOOL_OPTIONS="-Dcbrnn.simd.bits=$CBRNN_SIMD_BITS${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
fi
# the recorded hashes are of today's sources, so the jars that run the notebooks must be built from them
mvn -q -B -ntp package -DskipTests -pl lib,kernel -am
run_rc=0
bash notebooks/run-notebooks.sh "${nbs[@]}" || run_rc=$?
while IFS=$'\t' read -r name status; do
  if [ "$status" = ok ]; then
    cp "notebooks/out/$name.ipynb" "notebooks/$name.ipynb"
    echo "refreshed notebooks/$name.ipynb"
  else
    echo "not refreshed: notebooks/$name.ipynb ($status)" >&2
  fi
done <notebooks/out/status.tsv
/usr/bin/python3 scripts/notebooks.py student
/usr/bin/python3 scripts/notebooks.py check || { echo "refresh-notebooks: the check still fails (see above)" >&2; exit 1; }
exit "$run_rc"

#!/usr/bin/env bash
# Executes every notebook headlessly on the kit's Java kernel and checks it:
#   no cell raised an error, and the notebook produced at least the figures its metadata declares
#   (metadata.cbrnn.expected_images). Executed copies and HTML exports go to notebooks/out/, and one line per
#   notebook ("name<TAB>ok" or "name<TAB>FAILED ...") to notebooks/out/status.tsv (scripts/test.sh counts it).
#   A student copy (metadata.cbrnn.student_of) also fails if any solution cell produced output: "Run All" must skip them.
#   Every executed copy is finished by scripts/notebooks.py: per-cell timestamps stripped, and the kit version, commit
#   and source hashes that made its outputs recorded in metadata.cbrnn.outputs (scripts/refresh-notebooks.sh copies
#   full-mode results over the committed notebooks).
# Usage: notebooks/run-notebooks.sh [--quick] [notebook.ipynb ...]
#   --quick   sets CBRNN_QUICK=1: every notebook's parameter cell then picks its reduced (CI) budget.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mode=full
if [ "${1:-}" = "--quick" ]; then export CBRNN_QUICK=1; mode=quick; shift; fi
nbs=("$@")
if [ ${#nbs[@]} -eq 0 ]; then mapfile -t nbs < <(ls notebooks/[0-9]*.ipynb); fi

if [ ! -f kernel/target/cbrnn-kernel.jar ] || [ ! -f lib/target/cbrnn-lib.jar ]; then
  mvn -q -B -ntp package -DskipTests
fi
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
bash kernel/install.sh --prefix "$prefix" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
export OMP_NUM_THREADS=1
mkdir -p notebooks/out
status_file=notebooks/out/status.tsv
: >"$status_file"

fail=0
printf '%-34s %8s %7s  %s\n' notebook seconds images status
for nb in "${nbs[@]}"; do
  name="$(basename "$nb" .ipynb)"
  t0=$(date +%s)
  status=ok
  # run from the notebooks directory so relative paths (../data, runs/) behave as in Jupyter
  if ! (cd notebooks && jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=java \
        --ExecutePreprocessor.timeout=1800 --output-dir out --output "$name" "$(basename "$nb")" >"out/$name.log" 2>&1); then
    status="FAILED (see notebooks/out/$name.log)"
    fail=1
  fi
  secs=$(( $(date +%s) - t0 ))
  images=0
  if [ -f "notebooks/out/$name.ipynb" ]; then
    check=$(/usr/bin/python3 - "notebooks/out/$name.ipynb" "$nb" <<'PY'
import json, sys
out = json.load(open(sys.argv[1]))
src = json.load(open(sys.argv[2]))
errors = [o for c in out["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"]
images = sum(1 for c in out["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
want = src.get("metadata", {}).get("cbrnn", {}).get("expected_images", 1)
solutions_ran = [i for i, c in enumerate(out["cells"]) if "solution" in c.get("metadata", {}).get("tags", []) and c.get("outputs")] \
    if src.get("metadata", {}).get("cbrnn", {}).get("student_of") else []
msg = f"student copy: Run All ran the solution in cell {solutions_ran[0]}" if solutions_ran else "ok" if not errors and images >= want else ("cell error: " + errors[0].get("ename", "") + " " + errors[0].get("evalue", "")[:200] if errors else f"only {images} images, expected >= {want}")
print(images, msg)
PY
)
    /usr/bin/python3 scripts/notebooks.py finish --mode "$mode" "notebooks/out/$name.ipynb" || { status="FAILED: scripts/notebooks.py finish"; fail=1; }
    images="${check%% *}"
    verdict="${check#* }"
    if [ "$status" = ok ] && [ "$verdict" != ok ]; then status="FAILED: $verdict"; fail=1; fi
    jupyter nbconvert --to html --output-dir notebooks/out "notebooks/out/$name.ipynb" >/dev/null 2>&1 || true
  fi
  printf '%-34s %8d %7s  %s\n' "$name" "$secs" "$images" "$status"
  printf '%s\t%s\n' "$name" "$status" >>"$status_file"
done
if [ $fail -ne 0 ]; then
  echo "notebooks: FAILED"
  exit 1
fi
echo "notebooks: all passed (executed copies and HTML in notebooks/out/)"

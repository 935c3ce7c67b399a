#!/usr/bin/env bash
# The mechanism analyses of data/mechanisms (docs/protocol.md §9) for one finished network (parity or DMS), from its level
# checkpoints (levels/NXX.bin, which are not committed: run this on the machine that trained it, e.g. right after it
# finishes, as scripts/freeze-study.sh does). Writes the per-run CSVs and the stacked and summary tables into
# data/mechanisms; an analysis already computed for the run is kept (cbrnn analyse is resumable). Niced, one thread.
#   scripts/analyse-network.sh STORE RUN [LABEL]      e.g. data/reproduction parity__cbrnn-h64-g256__joint__s5__<hash>
# CBRNN_ANALYSE_JAR=<cbrnn.jar>: run that build instead of ./cbrnn (which rebuilds when the sources change);
# CBRNN_MECHANISMS_OUT=<dir>: write there instead of data/mechanisms.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: scripts/analyse-network.sh STORE RUN [LABEL]" >&2; exit 2; }
store="$1"; run="$2"; label=(); [ -n "${3:-}" ] && label=(--label "$3")
cd "$root"
[ -d "$store/$run/levels" ] || { echo "analyse-network: $store/$run has no level checkpoints (levels/) on this machine" >&2; exit 2; }
if [ -n "${CBRNN_ANALYSE_JAR:-}" ]; then
  a() { nice -n 19 env OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx2g -cp "$CBRNN_ANALYSE_JAR" org.cbrnn.cli.Main analyse "$@"; }
else
  a() { nice -n 19 "$root/cbrnn" analyse "$@"; }
fi
case "$run" in
  dms__*) even=2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38; sparse=2,10,18,26,34 ;;
  *)      even=2,4,6,8,10,12,14,16,18; sparse=2,6,10,14,18 ;;
esac
common=(--store "$store" --runs "$run" --out "${CBRNN_MECHANISMS_OUT:-data/mechanisms}" "${label[@]}")
failed=0
for analysis in ablation readout sparsity jacobian dimensionality; do
  levels=(--levels "$even"); [ "$analysis" = ablation ] && levels=()
  a "$analysis" "${common[@]}" "${levels[@]}" || failed=$((failed + 1))
done
# one analysis that cannot run (say a network that never solved level 10) does not stop the others
a final-states "${common[@]}" --level 10 || failed=$((failed + 1))
a timescales "${common[@]}" --levels "$sparse" || failed=$((failed + 1))
echo "analyse-network: $run done ($failed of 7 analyses could not run)"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# The freeze-timing study (data/freeze-timing/README.md), one seed after another, at low priority (nice 19, one engine
# thread, one run at a time). For each seed: first the joint CB-RNN run of data/reproduction (the trunk: the paper's
# protocol, 1000 epochs, which saves a state at every solved level and every 50th epoch), then the freeze branches of
# data/grids/freeze-timing-<task>.properties, each starting from the trunk's saved state at its freeze point. Both
# steps are plain `cbrnn sweep`s: finished runs are reused and interrupted ones resume, so the script can be stopped
# (kill, Ctrl-C, end of a session) and started again with the same arguments.
#   scripts/freeze-study.sh parity 4 5        seeds 4 and 5 of N-parity
#   scripts/freeze-study.sh dms 2 3           seeds 2 and 3 of N-DMS
# CBRNN_JAR=<cbrnn.jar> CBRNN_COMMIT=<commit>: compute with a pinned build instead of this checkout's (a study must
# stay one computation: data/freeze-timing/README.md names the build its runs use).
# Each finished trunk (and on parity its freeze-L2 branch) is then analysed into data/mechanisms
# (scripts/analyse-network.sh), while their level checkpoints exist on this machine; CBRNN_ANALYSE=0 skips that, and
# CBRNN_ANALYSE_JAR=<cbrnn.jar> runs the analyses from a fixed build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
usage() { echo "usage: scripts/freeze-study.sh parity|dms SEED..." >&2; exit 2; }
[ $# -ge 2 ] || usage
task="$1"; shift
case "$task" in parity|dms) ;; *) echo "freeze-study: task must be parity or dms, not '$task'" >&2; usage ;; esac
for s in "$@"; do
  [[ "$s" =~ ^[0-9]+$ ]] || { echo "freeze-study: a seed must be a non-negative integer, not '$s'" >&2; usage; }
done
grid="$root/data/grids/freeze-timing-$task.properties"
if [ -n "${CBRNN_JAR:-}" ]; then
  [ -f "$CBRNN_JAR" ] || { echo "freeze-study: CBRNN_JAR=$CBRNN_JAR is not a file" >&2; exit 2; }
  commit="${CBRNN_COMMIT:?CBRNN_JAR needs CBRNN_COMMIT, the commit the jar was built from}"
  cbrnn() { nice -n 19 env OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx2g -Dcbrnn.commit="$commit" \
              -cp "$CBRNN_JAR" org.cbrnn.cli.Main "$@"; }
else
  cbrnn() { nice -n 19 "$root/cbrnn" "$@"; }
fi
cd "$root"
analyse() {   # STORE PREFIX LABEL: the mechanism analyses of the finished run whose directory starts with PREFIX
  [ "${CBRNN_ANALYSE:-1}" = 1 ] || return 0
  local d
  for d in "$1/$2"*/; do
    [ -f "$d/DONE" ] && [ -d "$d/levels" ] || continue
    bash "$root/scripts/analyse-network.sh" "$1" "$(basename "$d")" "$3" || echo "freeze-study: the analyses of $d failed (the study goes on)"
  done
}
for s in "$@"; do
  echo "== $task seed $s: trunk (joint CB-RNN, 1000 epochs) in data/reproduction  $(date -u +%FT%TZ)"
  cbrnn sweep --tasks "$task" --conditions cbrnn --seeds "$s" --epochs 1000 --out data/reproduction \
        --parallel 1 --threads 1 --yes
  analyse data/reproduction "${task}__cbrnn-h64-g256__joint__s${s}__" ""
  echo "== $task seed $s: freeze branches in data/freeze-timing  $(date -u +%FT%TZ)"
  cbrnn sweep --grid "$grid" --seeds "$s" --out data/freeze-timing --share-from data/reproduction \
        --parallel 1 --threads 1 --yes
  if [ "$task" = parity ]; then analyse data/freeze-timing "${task}__cbrnn-h64-g256__freeze-L2__s${s}__" "Frozen core after N=2"; fi
done
echo "== done: $task seeds $*  $(date -u +%FT%TZ)"

#!/usr/bin/env bash
# Starts the long studies in the background at low priority, in the project's compute order, on a fresh machine:
# builds the pinned v1 jar the Table-4 and freeze-timing stores are computed with (commit 144e10f, in a worktree) if it
# is missing, then runs W workers (default 2 = cores), each taking the next unfinished paper-protocol run from one
# shared queue (a flock-guarded file) and computing it with `cbrnn sweep` (nice 19, one engine thread; a finished run
# is reused in a second, an interrupted one resumes from its checkpoint.bin, and the run store's lock keeps two
# workers off one run).
#
# Queue order (scripts/maintainers/README.md): first the paper's two reservoirs of seeds 1-5, which the freeze-timing
# study compares against (data/freeze-timing), then every Table-4 condition seed by seed (seed 1 to 8; per seed DMS
# and parity, CB-RNN, RNN-202, full reservoir, interleaved reservoir).
#
#   scripts/maintainers/background.sh               start (prints the workers' pids and log files)
#   scripts/maintainers/background.sh --dry-run     print the queue and the commands, start nothing
#   scripts/maintainers/background.sh --stop        stop the workers (each run loses at most its current epoch)
# Environment: CBRNN_BG_DIR (jar, queue, logs; default /tmp/cbrnn-bg), CBRNN_BG_WORKERS (default 2).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${CBRNN_BG_DIR:-/tmp/cbrnn-bg}"
workers="${CBRNN_BG_WORKERS:-2}"
commit=144e10f
[[ "$workers" =~ ^[1-9][0-9]?$ ]] || { echo "background: CBRNN_BG_WORKERS must be an integer in [1, 99], not '$workers'" >&2; exit 2; }
case "${1:-}" in
  ""|--dry-run|--stop) ;;
  *) echo "background: unknown argument '$1' (allowed: --dry-run, --stop)" >&2; exit 2 ;;
esac

if [ "${1:-}" = --stop ]; then
  pkill -f "cbrnn-bg-worker" || true
  pkill -f "org.cbrnn.cli.Main sweep .*--out data/reproduction" || true
  echo "background: stopped; run /usr/bin/python3 scripts/maintainers/finalize-data.py before committing"
  exit 0
fi

queue() {
  for s in 1 2 3 4 5; do for t in dms parity; do for c in full-reservoir interleaved; do echo "$t $c $s"; done; done; done
  for s in 1 2 3 4 5 6 7 8; do for t in dms parity; do for c in cbrnn rnn202 full-reservoir interleaved; do
    case "$c:$s" in full-reservoir:[1-5]|interleaved:[1-5]) ;; *) echo "$t $c $s" ;; esac
  done; done; done
}

jar="$dir/cbrnn-$commit.jar"
if [ "${1:-}" = --dry-run ]; then
  echo "jar: $jar ($( [ -f "$jar" ] && echo present || echo "to build from commit $commit"))"
  echo "$workers workers; queue ($(queue | wc -l) runs; finished ones are reused in a second):"
  queue | sed 's/^/  /'
  echo "each: nice -n 19 java -cp $jar org.cbrnn.cli.Main sweep --tasks T --conditions C --seeds S --epochs 1000 --out data/reproduction --parallel 1 --threads 1 --yes"
  exit 0
fi

mkdir -p "$dir/logs"
if [ ! -f "$jar" ]; then
  wt="$dir/v1"
  [ -d "$wt" ] || git -C "$root" worktree add -f "$wt" "$commit" >/dev/null
  echo "background: building the v1 jar (commit $commit) in $wt"
  (cd "$wt" && mvn -q -B package -DskipTests -pl lib -am)
  cp "$wt/lib/target/cbrnn.jar" "$jar.tmp" && mv "$jar.tmp" "$jar"
fi
queue >"$dir/queue"

worker() {   # N: take the queue's first line under its lock until it is empty
  local n="$1" line
  while true; do
    line="$(flock "$dir/queue.lock" sh -c 'head -n 1 "$1"; sed -i 1d "$1"' _ "$dir/queue")"
    [ -n "$line" ] || break
    read -r t c s <<<"$line"
    echo "== worker $n: $t $c seed $s $(date -u +%FT%TZ)"
    (cd "$root" && nice -n 19 env OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx2g -Dcbrnn.commit="$commit" \
        -cp "$jar" org.cbrnn.cli.Main sweep --tasks "$t" --conditions "$c" --seeds "$s" --epochs 1000 \
        --out data/reproduction --parallel 1 --threads 1 --yes) || echo "== worker $n: $t $c seed $s ended with $? (the queue goes on)"
  done
  echo "== worker $n: queue empty $(date -u +%FT%TZ)"
}
for n in $(seq 1 "$workers"); do
  # the marker in argv lets --stop find the workers
  nohup bash -c "$(declare -f worker); dir='$dir' jar='$jar' root='$root' commit='$commit' worker $n # cbrnn-bg-worker" \
      >"$dir/logs/worker-$n.log" 2>&1 &
  echo "background: worker $n, pid $!, log $dir/logs/worker-$n.log"
  sleep 2   # the first worker takes the queue's head before the second looks
done

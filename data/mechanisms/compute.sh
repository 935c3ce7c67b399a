#!/usr/bin/env bash
# Computes data/mechanisms from the finished parity runs that keep their level checkpoints (levels/NXX.bin are not
# committed: run this where the stores have them). One engine thread, lowest priority; three streams side by side.
#   bash data/mechanisms/compute.sh [REPRODUCTION_STORE] [FREEZE_TIMING_STORE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repro="${1:-$root/data/reproduction}"
freeze="${2:-$root/data/freeze-timing}"
out="$root/data/mechanisms"
cb=parity__cbrnn-h64-g256__joint__s2__bce85978c129,parity__cbrnn-h64-g256__joint__s3__3478a79eb500
rnn=parity__rnn-h202__joint__s2__b14e3bd5fb1c
frozen=parity__cbrnn-h64-g256__freeze-L2__s1__203804314256,parity__cbrnn-h64-g256__freeze-L2__s2__dcb758493887,parity__cbrnn-h64-g256__freeze-L2__s3__fb5f07dcb76b
frozen_label="Frozen core after N=2"
even=2,4,6,8,10,12,14,16,18
sparse=2,6,10,14,18
a() { nice -n 19 env OMP_NUM_THREADS=1 "$root/cbrnn" analyse "$@" --out "$out"; }
stream1() {
  a ablation --store "$repro" --runs "$cb"
  a ablation --store "$freeze" --runs "$frozen" --label "$frozen_label"
  a final-states --store "$repro" --runs "$cb" --level 10
  a final-states --store "$freeze" --runs "$frozen" --label "$frozen_label" --level 10
  a readout --store "$repro" --runs "$cb" --levels "$even"
  a readout --store "$freeze" --runs "$frozen" --label "$frozen_label" --levels "$even"
  a sparsity --store "$repro" --runs "$cb" --levels "$even"
  a sparsity --store "$freeze" --runs "$frozen" --label "$frozen_label" --levels "$even"
  a jacobian --store "$repro" --runs "$cb,$rnn" --levels "$even"
  a jacobian --store "$freeze" --runs "$frozen" --label "$frozen_label" --levels "$even"
}
stream2() {
  a timescales --store "$repro" --runs "$cb,$rnn" --levels "$sparse"
  a timescales --store "$freeze" --runs "$frozen" --label "$frozen_label" --levels "$sparse"
}
stream3() {
  a dimensionality --store "$repro" --runs "$cb,$rnn" --levels "$even"
  a dimensionality --store "$freeze" --runs "$frozen" --label "$frozen_label" --levels "$even"
}
# a stream can be run alone: bash compute.sh REPRO FREEZE stream2
if [ -n "${3:-}" ]; then "$3" >> "$out/log-${3#stream}.txt" 2>&1; exit; fi
stream1 > "$out/log-1.txt" 2>&1 &
p1=$!
stream2 > "$out/log-2.txt" 2>&1 &
p2=$!
stream3 > "$out/log-3.txt" 2>&1 &
p3=$!
wait $p1 $p2 $p3

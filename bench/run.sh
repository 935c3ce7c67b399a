#!/usr/bin/env bash
# One command, one run: median ms per training step of the Java fast engine (1 and 2 threads) next to the same
# model in PyTorch (1 and 2 threads), for the CB-RNN and RNN-202 at B64 T30, B64 T60 and B256 T60.
#
#   bash bench/run.sh
#
# Prints one markdown table (plus sgemm GFLOP/s, a per-phase profile of the Java step and machine info) and writes
# it atomically to bench/results/latest.md. On a fresh Debian machine it first installs python3-torch and
# libopenblas0-pthread with apt-get and selects OpenBLAS (pthread) as the libblas/liblapack alternative: Debian's
# torch otherwise runs on the reference BLAS, 4-15x slower, which would make the comparison meaningless.
#
# Knobs (environment): ENGINES (Java engines, default fast1,fast2,samediff: any engine provider on the class path, or
# class:<EngineClass>#1 for another engine), SIZES (default 64x30,64x60,256x60), MODELS (cbrnn,rnn202), JAVA_REPS/JAVA_WARMUP/JAVA_WARMUP_MS,
# TORCH_REPS/TORCH_WARMUP/TORCH_MAX_S, PROFILE (1: add the instrumented per-phase breakdown at B64 T60), SKIP_BUILD=1,
# RESULTS (report path, default bench/results/latest.md). `./cbrnn bench` sets these from its options after checking
# them all (with the harness's own declarations, org.cbrnn.cli.BenchOptions), so a bad option fails before anything
# here is installed or built; run directly, the harness checks the same declarations when it starts.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

ENGINES="${ENGINES:-fast1,fast2,samediff}"
SIZES="${SIZES:-64x30,64x60,256x60}"
MODELS="${MODELS:-cbrnn,rnn202}"   # also cbrnn-k2, cbrnn-k19, rnn202-k2, rnn202-k19: K readout heads, all labelled
JAVA_REPS="${JAVA_REPS:-40}"
JAVA_WARMUP="${JAVA_WARMUP:-20}"
JAVA_WARMUP_MS="${JAVA_WARMUP_MS:-1500}"
TORCH_REPS="${TORCH_REPS:-40}"
TORCH_WARMUP="${TORCH_WARMUP:-10}"
TORCH_MAX_S="${TORCH_MAX_S:-12}"   # per PyTorch run: stop timing after this many seconds (min 5 reps)
PROFILE="${PROFILE:-1}"
QUIET_WAIT="${QUIET_WAIT:-20}"   # max seconds to wait, before each group, for other processes to leave the CPUs
RESULTS="${RESULTS:-bench/results/latest.md}"   # where the report goes (written atomically)
PY=/usr/bin/python3   # Debian's interpreter: python3-torch lives there, not in a pyenv python3 earlier on PATH

log() { echo "[bench] $*" >&2; }
# busy jiffies and all jiffies of the whole machine
cpu_jiffies() { awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, b+$5+$6; exit}' /proc/stat; }
# percent of the machine's CPU used by other processes over one second while this script sleeps
others_busy_pct() {
    local a b
    a=($(cpu_jiffies)); sleep 1; b=($(cpu_jiffies))
    echo $(( 100 * (b[0] - a[0]) / (b[1] - a[1] > 0 ? b[1] - a[1] : 1) ))
}
wait_quiet() {
    local waited=0 busy
    busy=$(others_busy_pct)
    while [ "$busy" -gt 25 ] && [ "$waited" -lt "$QUIET_WAIT" ]; do
        [ "$waited" -eq 0 ] && log "other processes use ${busy}% of the CPUs; waiting up to ${QUIET_WAIT}s"
        sleep 2; waited=$((waited + 3)); busy=$(others_busy_pct)
    done
    echo "$busy" >>"$WORK/busy.txt"
}
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else log "need root for: $*"; return 1
    fi
}

# ---------------------------------------------------------------- PyTorch + OpenBLAS
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
missing=()
for p in python3-torch libopenblas0-pthread; do installed "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt-get)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
TRIPLET="$($PY -c 'import sysconfig; print(sysconfig.get_config_var("MULTIARCH") or "x86_64-linux-gnu")')"
for lib in libblas.so.3 liblapack.so.3; do
    name="$lib-$TRIPLET"
    want="/usr/lib/$TRIPLET/openblas-pthread/$lib"
    have="$(update-alternatives --query "$name" 2>/dev/null | awk '/^Value:/{print $2}')"
    if [ "$have" != "$want" ]; then
        log "selecting OpenBLAS pthread for $name (was: ${have:-none})"
        as_root update-alternatives --set "$name" "$want" >&2
    fi
done

# ---------------------------------------------------------------- build
# Maven runs only when the harness jar is missing or older than a source or pom of the modules it is built from.
JAR=bench/target/cbrnn-bench.jar   # version-free <finalName> in bench/pom.xml
if [ "${SKIP_BUILD:-0}" != 1 ] && { [ ! -f "$JAR" ] || [ -n "$(find pom.xml lib/pom.xml lib/src/main dl4j/pom.xml dl4j/src/main bench/pom.xml \
        bench/src/main -newer "$JAR" -print -quit)" ]; }; then
    log "building (mvn -q -pl bench -am package -DskipTests)"
    mvn -q -pl bench -am package -DskipTests >&2
fi
CP="$JAR:bench/target/deps/*"

# ./cbrnn bench --paired: the kit and PyTorch alternate cell by cell in rounds (docs/performance.md section 1)
if [ "${PAIRED:-0}" = 1 ]; then
    exec "$PY" bench/python/paired.py --rounds "${ROUNDS:-5}" --models "$MODELS" --sizes "$SIZES" --engines "$ENGINES" --out "$RESULTS"
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
JAVA_OUT="$WORK/java.jsonl"; TORCH_OUT="$WORK/torch.jsonl"; PROF_OUT="$WORK/profile.jsonl"
: >"$JAVA_OUT"; : >"$TORCH_OUT"; : >"$PROF_OUT"

java_bench() {
    OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -Xmx2g -cp "$CP" org.cbrnn.bench.StepBenchmark \
        --warmup "$JAVA_WARMUP" --warmup-ms "$JAVA_WARMUP_MS" --reps "$JAVA_REPS" --json "$@" 2>"$WORK/java.err" \
        || { cat "$WORK/java.err" >&2; return 1; }
}
torch_bench() {
    "$PY" bench/python/torch_reference.py --warmup "$TORCH_WARMUP" --reps "$TORCH_REPS" --max-seconds "$TORCH_MAX_S" --json "$@"
}

# ---------------------------------------------------------------- measure
: >"$WORK/busy.txt"
read -r busy0 all0 < <(cpu_jiffies)
t_start=$(date +%s.%N)
times >"$WORK/times0"   # the builtin must run in this shell (not a subshell) to see our children
# sgemm context first, then size by size: the Java and PyTorch numbers of one row are taken within a minute of
# each other, so slow drifts of this shared machine hit both sides alike.
wait_quiet
log "sgemm peak (Java kernel, torch.mm)"
java_bench --gemm --no-steps >>"$JAVA_OUT"
for t in 1 2; do torch_bench --threads "$t" --gemm --no-step >>"$TORCH_OUT"; done
IFS=',' read -r -a size_list <<<"$SIZES"
IFS=',' read -r -a model_list <<<"$MODELS"
for s in "${size_list[@]}"; do
    wait_quiet
    log "size $s: Java ($ENGINES)"
    java_bench --engines "$ENGINES" --models "$MODELS" --sizes "$s" | grep '"kind": "step"' >>"$JAVA_OUT"
    b="${s%x*}"; T="${s#*x}"
    for m in "${model_list[@]}"; do
        for t in 1 2; do
            log "size $s: PyTorch $m, $t thread(s)"
            torch_bench --model "$m" --batch "$b" --steps "$T" --threads "$t" >>"$TORCH_OUT"
        done
    done
done
if [ "$PROFILE" = 1 ]; then
    log "instrumented profile of the Java step (fast1, B64 T60)"
    java_bench --engines fast1 --models "$MODELS" --sizes 64x60 --profile | grep '"kind": "profile"' >>"$PROF_OUT"
fi

read -r busy1 all1 < <(cpu_jiffies)
t_end=$(date +%s.%N)
times >"$WORK/times1"

# ---------------------------------------------------------------- report
# CPU time other processes took while we measured: machine busy time minus this script's children's CPU time
hz=$(getconf CLK_TCK)
noise="$("$PY" - "$busy0" "$busy1" "$hz" "$(tail -1 "$WORK/times0")" "$(tail -1 "$WORK/times1")" "$t_start" "$t_end" "$(nproc --all)" "$WORK/busy.txt" <<'PYEOF'
import re, sys
b0, b1, hz = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
def secs(line):  # "0m24.490s 0m2.715s" -> user + sys
    return sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", line))
ours = secs(sys.argv[5]) - secs(sys.argv[4])
wall = float(sys.argv[7]) - float(sys.argv[6])
cpus = int(sys.argv[8])
others = max(0.0, (b1 - b0) / hz - ours)
pre = [int(x) for x in open(sys.argv[9]).read().split()]
print(f"other processes used {others:.0f} CPU-s of the {wall * cpus:.0f} available during the {wall:.0f} s of measurement "
      f"({100 * others / (wall * cpus):.0f}%); before each group they used {', '.join(f'{p}%' for p in pre)} of the CPUs")
PYEOF
)"
log "$noise"
cpu="$(lscpu 2>/dev/null | awk -F: '/^Model name/{gsub(/^[ \t]+/, "", $2); print $2; exit}')"
jver="$(java -version 2>&1 | head -1)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- 2>/dev/null || echo '+uncommitted')"
REPORT="$WORK/report.md"
{
    echo "## Training-step benchmark: Java fast engine vs PyTorch"
    echo
    "$PY" bench/python/make_table.py "$JAVA_OUT" "$TORCH_OUT" "$PROF_OUT" \
        "date=$(date -u '+%Y-%m-%d %H:%M UTC')" "nproc=$(nproc --all)" "CPU=${cpu:-unknown}" "java -version=$jver" \
        "commit=$commit" "CPU contention=$noise" "command=bash bench/run.sh (Java reps $JAVA_REPS, PyTorch reps $TORCH_REPS; OMP_NUM_THREADS=1 for Java)"
} >"$REPORT"
cat "$REPORT"
mkdir -p "$(dirname "$RESULTS")"
tmp="$(mktemp "$(dirname "$RESULTS")/.$(basename "$RESULTS").XXXXXX")"
cp "$REPORT" "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$RESULTS"
log "wrote $RESULTS"

#!/usr/bin/python3
"""Paired-rounds benchmark: the kit's fast engine and PyTorch alternate, cell by cell, round after round.

On a shared machine the speed of both sides drifts with the other processes' load by far more than the difference
being measured. Here both sides run as long-lived warm workers (org.cbrnn.bench.PairedWorker and
torch_reference.py --serve), and every round measures each cell on both sides back to back (the order flips every
round). A round's ratio (kit / PyTorch) compares two measurements taken within a second of each other; the report
gives the median of the per-round ratios with their spread (min-max and interquartile range over rounds), which a
load change between rounds does not move.

Cells:
  sgemm  M x K x N (T: A stored transposed, as in the weight gradients): ratio = kit GFLOP/s / torch.mm GFLOP/s,
         both on one thread (target >= 0.85)
  step   one training step (h_0 draw, forward, BPTT, clip, Nesterov SGD): fast1 / torch1 (target <= 0.5) and
         fast2 / the faster of torch1 and torch2 in that round (target <= 0.4)

Run with Debian's /usr/bin/python3 (python3-torch) from the repository root, after building the bench module:
  /usr/bin/python3 bench/python/paired.py --rounds 7 [--jvm-args=-XX:UseAVX=2] [--java /path/to/java]
"""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

# The shapes the models use: batch 64 and 256 against the CB-RNN's layers (H64, [h; x] = 65, GC256, PC64) and
# RNN-202's recurrent product, the weight-gradient products over B*T rows (A transposed), and 256^3.
DEFAULT_GEMMS = "64x65x256,64x256x64,64x64x64,64x202x202,256x65x256,256x256x64,256x202x202,256x3840x64T,202x3840x202T,256x256x256"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--rounds", type=int, default=7, help="rounds (each cell once per side per round); default 7")
    p.add_argument("--warmup-rounds", type=int, default=1, help="untimed rounds first (the JIT of a newer JDK may take "
                   "longer than the workers' own warm-up on a loaded machine); default 1")
    p.add_argument("--reps", type=int, default=10, help="timed training steps per cell per round; default 10")
    p.add_argument("--gemm-reps", type=int, default=15, help="timed samples (~1 ms each) per GEMM cell per round")
    p.add_argument("--models", default="cbrnn,rnn202")
    p.add_argument("--sizes", default="64x60", help="comma list of BxT step cells (default 64x60); '' for none")
    p.add_argument("--gemms", default=DEFAULT_GEMMS, help="comma list of MxKxN[T] GEMM cells; '' for none")
    p.add_argument("--engines", default="fast1,fast2", help="Java engines of the step cells (fast1 and/or fast2)")
    p.add_argument("--java", default="java", help="the java launcher (e.g. a JDK 25's bin/java)")
    p.add_argument("--jvm-args", default="", help="extra JVM options, e.g. -XX:UseAVX=2 or -Dcbrnn.simd.bits=256")
    p.add_argument("--width", type=int, choices=[0, 128, 256, 512], default=0,
                   help="emulate a narrower machine on an AVX-512 CPU: 256 = -XX:UseAVX=2 for Java and OpenBLAS's Haswell "
                        "kernels + ATen's avx2 path for PyTorch; 128 = -XX:UseAVX=1 (128-bit vectors with FMA, like NEON; UseAVX=0 has no FMA) and OpenBLAS Sandybridge (AVX, 128-bit FMA-less kernels are its closest) + ATen's "
                        "default path; 512 or 0 (default) = the machine as it is")
    p.add_argument("--label", default="", help="a name for this machine kind in the report (e.g. 'AVX2 via UseAVX=2')")
    p.add_argument("--sweep", default="", help="instead of the GEMM and step cells: the planning number, paper-protocol "
                   "epochs per hour of a sweep of 2 runs x 1 thread (two kit processes at once against two PyTorch processes at "
                   "once), for cells MODEL:TASK:LEVEL, e.g. cbrnn:parity:10,cbrnn:dms:20,rnn202:parity:10,rnn202:dms:20")
    p.add_argument("--json-out", default="", help="also write every measurement as JSON lines here")
    p.add_argument("--out", default="", help="also write the markdown report here")
    p.add_argument("--baseline", default="", help="instead of PyTorch: the kit built in another checkout or worktree "
                   "(its bench/target jars), e.g. the commit before a kernel change; ratios are this build / that one")
    p.add_argument("--heads", default="", help="instead of PyTorch: each step cell's model with K readout heads (a comma "
                   "list of K in [2, 64], e.g. 2,19) against the same model with one head, in one worker, the order "
                   "rotating every round; ratios are K heads / 1 head")
    a = p.parse_args(argv)
    if a.heads:
        try:
            a.heads = [int(k) for k in a.heads.split(",")]
        except ValueError:
            p.error(f"--heads: a comma list of integers in [2, 64], got '{a.heads}'")
        if not all(2 <= k <= 64 for k in a.heads) or len(set(a.heads)) != len(a.heads):
            p.error(f"--heads: distinct integers in [2, 64], got {a.heads}")
        if a.baseline:
            p.error("--heads and --baseline are two different comparisons: give one")
    for name in ("rounds", "reps", "gemm_reps"):
        v = getattr(a, name)
        if not 1 <= v <= 10000:
            p.error(f"--{name.replace('_', '-')} must be in [1, 10000], got {v}")
    for e in a.engines.split(","):
        if e not in ("fast1", "fast2"):
            p.error(f"--engines: each must be fast1 or fast2, got '{e}'")
    return a


def parse_cells(a):
    gemms, steps = [], []
    for g in filter(None, a.gemms.split(",")):
        trans = g.endswith("T")
        dims = g.rstrip("T").split("x")
        if len(dims) != 3 or not all(d.isdigit() and 1 <= int(d) <= 8192 for d in dims):
            sys.exit(f"paired.py: --gemms: '{g}' is not MxKxN[T] with sizes in [1, 8192]")
        gemms.append((int(dims[0]), int(dims[1]), int(dims[2]), trans))
    for s in filter(None, a.sizes.split(",")):
        bt = s.split("x")
        if len(bt) != 2 or not all(d.isdigit() for d in bt) or not (1 <= int(bt[0]) <= 4096 and 2 <= int(bt[1]) <= 100000):
            sys.exit(f"paired.py: --sizes: '{s}' is not BxT with B in [1, 4096] and T in [2, 100000]")
        for m in a.models.split(","):
            if m not in ("cbrnn", "rnn202"):
                sys.exit(f"paired.py: --models: each must be cbrnn or rnn202, got '{m}'")
            steps.append((m, int(bt[0]), int(bt[1])))
    return gemms, steps


class Worker:
    """A long-lived measuring process speaking the line protocol of PairedWorker / torch_reference.py --serve."""

    def __init__(self, name, cmd, env):
        self.name = name
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env, cwd=ROOT)

    def ask(self, line):
        self.p.stdin.write(line + "\n")
        self.p.stdin.flush()
        reply = self.p.stdout.readline()
        if not reply:
            err = self.p.stderr.read()
            sys.exit(f"paired.py: the {self.name} worker ended (command '{line}'):\n{err}")
        r = json.loads(reply)
        if r.get("kind") == "error":
            sys.exit(f"paired.py: the {self.name} worker refused '{line}': {r.get('message')}")
        self.settle()
        return r

    def cpu_ns(self):
        """CPU time of all the worker's threads, in ns (/proc/PID/task/*/schedstat), or None where there is no /proc."""
        total = 0
        try:
            for t in os.listdir(f"/proc/{self.p.pid}/task"):
                try:
                    with open(f"/proc/{self.p.pid}/task/{t}/schedstat") as f:
                        total += int(f.read().split()[0])
                except (OSError, ValueError, IndexError):
                    pass
        except OSError:
            return None
        return total

    def settle(self, window=0.02, busy=0.1, limit=2.0):
        """
        Waits until the worker is idle: after a multi-threaded call, OpenBLAS's and OpenMP's threads keep spinning
        (measured here: a full core for 0.1-0.15 s after 2-thread torch.mm calls), which would slow whatever the other
        side measures next. Returns when one window of `window` s has the worker's threads using less than `busy` of
        a core, or after `limit` s.
        """
        t_end = time.time() + limit
        c0 = self.cpu_ns()
        if c0 is None:
            return
        while time.time() < t_end:
            time.sleep(window)
            c1 = self.cpu_ns()
            if c1 is None or c1 - c0 < busy * window * 1e9:
                return
            c0 = c1

    def close(self):
        try:
            self.p.stdin.write("quit\n")
            self.p.stdin.close()
            self.p.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self.p.kill()


def write_atomic(path, text):
    """Writes text to path through a temporary file and a rename, so a crash never leaves a half-written report."""
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def spread(v):
    """median, min, max, q1, q3 of the per-round values."""
    s = sorted(v)
    if len(s) >= 4:
        q = statistics.quantiles(s, n=4, method="inclusive")
        q1, q3 = q[0], q[2]
    else:
        q1, q3 = s[0], s[-1]
    return statistics.median(s), s[0], s[-1], q1, q3


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def both(workers, cmds):
    """Sends each worker its command at once, then collects the answers: the workers compute concurrently."""
    for w, c in zip(workers, cmds):
        w.p.stdin.write(c + "\n")
        w.p.stdin.flush()
    out = []
    for w, c in zip(workers, cmds):
        line = w.p.stdout.readline()
        if not line:
            sys.exit(f"paired.py: the {w.name} worker ended (command '{c}'):\n{w.p.stderr.read()}")
        r = json.loads(line)
        if r.get("kind") == "error":
            sys.exit(f"paired.py: the {w.name} worker refused '{c}': {r.get('message')}")
        out.append(r)
    return out


def sweep(a, java, java_cmd, env, torch_env, torch_ref, jenv, tenv):
    """Epochs per hour of 2 runs x 1 thread: two kit processes at once, then two PyTorch processes at once, per round."""
    cells = []
    for c in filter(None, a.sweep.split(",")):
        parts = c.split(":")
        if len(parts) != 3 or parts[0] not in ("cbrnn", "rnn202") or parts[1] not in ("parity", "dms") or not parts[2].isdigit():
            sys.exit(f"paired.py: --sweep: '{c}' is not MODEL:TASK:LEVEL with MODEL cbrnn|rnn202, TASK parity|dms")
        cells.append((parts[0], parts[1], int(parts[2])))
    kits = [java, Worker("Java (run 2)", java_cmd, env)]
    torches = [Worker(f"PyTorch (run {i + 1})", [sys.executable, torch_ref, "--serve", "--threads", "1"], torch_env) for i in range(2)]
    rows, log = {}, []
    load0 = os.getloadavg()
    for model, task, level in cells:  # one untimed epoch per process and cell: JIT, allocation, caches
        both(kits, [f"epoch {model} {task} {level} {s}" for s in (1, 2)])
        both(torches, [f"epoch {model} {task} {level} {s}" for s in (1, 2)])
    for r in range(a.rounds):
        for model, task, level in cells:
            cmds = [f"epoch {model} {task} {level} {s}" for s in (1, 2)]
            order = [kits, torches] if r % 2 == 0 else [torches, kits]
            res = {id(g): both(g, cmds) for g in order}
            kit = sum(3600 / x["seconds"] for x in res[id(kits)])
            tor = sum(3600 / x["seconds"] for x in res[id(torches)])
            rows.setdefault(f"{model} {task} N = {level}", []).append((kit, tor, kit / tor))
            log += [dict(x, side="kit", round=r) for x in res[id(kits)]] + [dict(x, side="torch", round=r) for x in res[id(torches)]]
        print(f"paired.py: sweep round {r + 1}/{a.rounds} done", file=sys.stderr)
    load1 = os.getloadavg()
    for w in kits + torches:
        w.close()
    blas = tenv.get("blas") or {}
    lines = [
        f"### Planning number: {a.label or jenv['kernels']}",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} processors; java {jenv['java']}{' ' + a.jvm_args if a.jvm_args else ''}; "
        f"kernels: {jenv['kernels']}; PyTorch {tenv['torch']} on {blas.get('kind', '?')}",
        f"- paper-protocol epochs (100 SGD steps at B64 + 50 evaluation batches of 64, T ~ U{{N+2..4N+1}}) per hour of a "
        f"sweep of 2 runs x 1 thread (two processes at once), {a.rounds} paired rounds of one epoch per run; "
        f"load average {load0[0]:.1f} before, {load1[0]:.1f} after; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| runs at | kit epochs/h | PyTorch epochs/h | kit / PyTorch: median of rounds | min-max |",
        "|---|---|---|---|---|",
    ]
    for name, v in rows.items():
        med, lo, hi, _, _ = spread([x[2] for x in v])
        lines.append(f"| {name} | {statistics.median(x[0] for x in v):,.0f} | {statistics.median(x[1] for x in v):,.0f} | "
                     f"**{med:.2f}** | {lo:.2f}-{hi:.2f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    for path, text in ((a.out, report), (a.json_out, "".join(json.dumps(x, sort_keys=True) + "\n" for x in log))):
        if path:
            write_atomic(path, text)


def versus_baseline(a, gemms, steps, java, java_cmd, env):
    """This build against another build of the kit, cell by cell in alternating order: the before/after of a change."""
    base_root = os.path.abspath(a.baseline)
    jar = os.path.join(base_root, "bench/target/cbrnn-bench.jar")
    if not os.path.exists(jar):
        sys.exit(f"paired.py: --baseline: {jar} is missing (build it there: mvn -q -pl bench -am package -DskipTests)")
    cmd = list(java_cmd)
    cmd[cmd.index("-cp") + 1] = jar + os.pathsep + os.path.join(base_root, "bench/target/deps/*")
    base = Worker("Java (baseline)", cmd, env)
    def commit(root):
        try:
            return subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip() or "?"
        except OSError:
            return "?"
    jenv, benv = java.ask("env"), base.ask("env")
    engines = a.engines.split(",")
    rows = {}
    load0 = os.getloadavg()
    for r in range(-a.warmup_rounds, a.rounds):
        order = [java, base] if r % 2 == 0 else [base, java]
        for (m, k, n, trans) in gemms:
            res = {w.name: w.ask(f"gemm {m} {k} {n} {1 if trans else 0} {a.gemm_reps}") for w in order}
            if r >= 0:
                new, old = res["Java"]["gflops_median"], res[base.name]["gflops_median"]
                # a time ratio, like the step cells: below 1 is faster
                rows.setdefault(f"sgemm {m}x{k}x{n}{' (A transposed)' if trans else ''}", []).append((new, old, old / new))
        for (model, b, t) in steps:
            for e in engines:
                res = {w.name: w.ask(f"step {e} {model} {b} {t} {a.reps}") for w in order}
                if r >= 0:
                    new, old = res["Java"]["median_ms"], res[base.name]["median_ms"]
                    rows.setdefault(f"step {model} B{b} T{t} {e}", []).append((new, old, new / old))
        print(f"paired.py: {'warm-up round' if r < 0 else f'round {r + 1}/{a.rounds}'} done", file=sys.stderr)
    load1 = os.getloadavg()
    java.close()
    base.close()
    lines = [
        f"### {a.label or 'this build against a baseline build'}",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} processors; JVM: {jenv['vm']} (java {jenv['java']}); kernels: this build "
        f"{jenv['kernels']} (commit {commit(ROOT)}), baseline {benv['kernels']} (commit {commit(base_root)})",
        f"- {a.rounds} paired rounds after {a.warmup_rounds} untimed, the order flipping every round; load average "
        f"{load0[0]:.1f} before, {load1[0]:.1f} after; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| cell | this build | baseline | time ratio this / baseline: median of rounds | min-max | IQR |",
        "|---|---|---|---|---|---|",
    ]
    lines += ratio_rows(rows, lambda name, x: f"{x:.1f}{' GFLOP/s' if name.startswith('sgemm') else ' ms'}", 2)
    publish(a, lines)


def ratio_rows(rows, value, digits):
    """Table rows of a two-builds or two-variants comparison: per cell the medians of both sides (formatted by
    value(name, x)) and the median, min-max and IQR of the per-round ratios, to `digits` decimals."""
    out = []
    for name, v in rows.items():
        med, lo, hi, q1, q3 = spread([x[2] for x in v])
        out.append(f"| {name} | {value(name, statistics.median(x[0] for x in v))} | {value(name, statistics.median(x[1] for x in v))} | "
                   f"**{med:.{digits}f}** | {lo:.{digits}f}-{hi:.{digits}f} | {q1:.{digits}f}-{q3:.{digits}f} |")
    return out


def publish(a, lines):
    """Prints the report and writes it atomically to --out when given."""
    report = "\n".join(lines) + "\n"
    print(report)
    if a.out:
        write_atomic(a.out, report)


def versus_one_head(a, steps, java):
    """K readout heads against one, per step cell, in one warm worker: what the multi-head protocols cost per step."""
    jenv = java.ask("env")
    engines = a.engines.split(",")
    rows = {}
    load0 = os.getloadavg()
    for r in range(-a.warmup_rounds, a.rounds):
        for (model, b, t) in steps:
            for e in engines:
                names = [model] + [f"{model}-k{k}" for k in a.heads]
                shift = r % len(names)
                order = names[shift:] + names[:shift]   # each variant takes every position in turn
                res = {n: java.ask(f"step {e} {n} {b} {t} {a.reps}")["median_ms"] for n in order}
                if r >= 0:
                    for k in a.heads:
                        rows.setdefault(f"step {model} B{b} T{t} {e}: K = {k} / K = 1", []).append(
                            (res[f"{model}-k{k}"], res[model], res[f"{model}-k{k}"] / res[model]))
        print(f"paired.py: {'warm-up round' if r < 0 else f'round {r + 1}/{a.rounds}'} done", file=sys.stderr)
    load1 = os.getloadavg()
    java.close()
    lines = [
        f"### {a.label or 'K readout heads against one'}",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} processors; JVM: {jenv['vm']} (java {jenv['java']}); kernels: {jenv['kernels']}",
        f"- {a.rounds} rounds after {a.warmup_rounds} untimed, the order of the variants rotating every round; every head "
        f"labelled (the multitask step); load average {load0[0]:.1f} before, {load1[0]:.1f} after; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| cell | K heads | 1 head | time ratio K / 1: median of rounds | min-max | IQR |",
        "|---|---|---|---|---|---|",
    ]
    lines += ratio_rows(rows, lambda name, x: f"{x:.2f} ms", 3)
    publish(a, lines)


def main(argv):
    a = parse_args(argv)
    gemms, steps = parse_cells(a)
    env = dict(os.environ, OMP_NUM_THREADS="1")
    torch_env = dict(env)
    jvm_args = a.jvm_args
    if a.width == 256:
        jvm_args = "-XX:UseAVX=2 " + jvm_args
        torch_env.update(OPENBLAS_CORETYPE="Haswell", ATEN_CPU_CAPABILITY="avx2")
    elif a.width == 128:
        jvm_args = "-XX:UseAVX=1 " + jvm_args
        torch_env.update(OPENBLAS_CORETYPE="Sandybridge", ATEN_CPU_CAPABILITY="default")
    a.jvm_args = jvm_args.strip()
    cp = os.path.join(ROOT, "bench/target/cbrnn-bench.jar") + os.pathsep + os.path.join(ROOT, "bench/target/deps/*")
    if not os.path.exists(os.path.join(ROOT, "bench/target/cbrnn-bench.jar")):
        sys.exit("paired.py: bench/target/cbrnn-bench.jar is missing: mvn -q -pl bench -am package -DskipTests")
    java_cmd = [a.java, "--add-modules", "jdk.incubator.vector", "-Xmx2g"] + shlex.split(a.jvm_args) + \
               ["-cp", cp, "org.cbrnn.bench.PairedWorker"]
    torch_ref = os.path.join(HERE, "torch_reference.py")
    java = Worker("Java", java_cmd, env)
    if a.heads:
        return versus_one_head(a, steps, java)
    if a.baseline:
        return versus_baseline(a, gemms, steps, java, java_cmd, env)
    need_t2 = "fast2" in a.engines.split(",") and steps
    torch1 = Worker("PyTorch (1 thread)", [sys.executable, torch_ref, "--serve", "--threads", "1"], torch_env)
    torch2 = Worker("PyTorch (2 threads)", [sys.executable, torch_ref, "--serve", "--threads", "2"],
                    dict(torch_env, OMP_NUM_THREADS="2")) if need_t2 else None
    jenv, tenv = java.ask("env"), torch1.ask("env")
    if a.sweep:
        for w in (torch1, torch2):
            if w is not None:
                w.close()
        return sweep(a, java, java_cmd, env, torch_env, torch_ref, jenv, tenv)
    engines = a.engines.split(",")
    rows = {}  # cell name -> list of (kit value, torch value, ratio)
    log = []
    load0 = os.getloadavg()
    t_start = time.time()
    print(f"paired.py: {a.rounds} rounds of {len(gemms)} GEMM and {len(steps)} step cells; kernels {jenv['kernels']}",
          file=sys.stderr)
    for r in range(-a.warmup_rounds, a.rounds):
        java_first = r % 2 == 0
        for (m, k, n, trans) in gemms:
            cmd = f"gemm {m} {k} {n} {1 if trans else 0} {a.gemm_reps}"
            order = [java, torch1] if java_first else [torch1, java]
            res = {w.name: w.ask(cmd) for w in order}
            kit, tor = res["Java"]["gflops_median"], res[torch1.name]["gflops_median"]
            name = f"sgemm {m}x{k}x{n}{' (A transposed)' if trans else ''}"
            if r < 0:
                continue
            rows.setdefault(name, []).append((kit, tor, kit / tor))
            log += [dict(res["Java"], side="kit", round=r), dict(res[torch1.name], side="torch", round=r)]
        for (model, b, t) in steps:
            got = {}
            seq = []
            for e in engines:
                seq.append((java, f"step {e} {model} {b} {t} {a.reps}", e))
            seq.append((torch1, f"step torch1 {model} {b} {t} {a.reps}", "torch1"))
            if torch2 is not None:
                seq.append((torch2, f"step torch2 {model} {b} {t} {a.reps}", "torch2"))
            if not java_first:
                seq.reverse()
            for w, cmd, tag in seq:
                got[tag] = w.ask(cmd)
                if r >= 0:
                    log.append(dict(got[tag], side=tag, round=r))
            if r < 0:
                continue
            t1 = got["torch1"]["median_ms"]
            best = min(t1, got["torch2"]["median_ms"]) if "torch2" in got else t1
            for e in engines:
                ref, ref_name = (t1, "torch1") if e == "fast1" else (best, "best torch")
                kit = got[e]["median_ms"]
                rows.setdefault(f"step {model} B{b} T{t}: {e} / {ref_name}", []).append((kit, ref, kit / ref))
        print(f"paired.py: {'warm-up round' if r < 0 else f'round {r + 1}/{a.rounds}'} done ({time.time() - t_start:.0f} s)", file=sys.stderr)
    load1 = os.getloadavg()
    for w in (java, torch1, torch2):
        if w is not None:
            w.close()

    blas = tenv.get("blas") or {}
    core = (blas.get("openblas") or {}).get("core", "")
    lines = [
        f"### {a.label or jenv['kernels']}",
        "",
        f"- CPU: {cpu_model()}, {os.cpu_count()} processors; JVM: {jenv['vm']} (java {jenv['java']}){' ' + a.jvm_args if a.jvm_args else ''}; "
        f"kernels: {jenv['kernels']}",
        f"- PyTorch {tenv['torch']} on {blas.get('kind', '?')}{' (' + core + ')' if core else ''}"
        f"{' with ' + ' '.join(k + '=' + v for k, v in torch_env.items() if k in ('OPENBLAS_CORETYPE', 'ATEN_CPU_CAPABILITY')) if a.width in (128, 256) else ''}; "
        f"{a.rounds} paired rounds after {a.warmup_rounds} untimed ({a.reps} steps or {a.gemm_reps} GEMM samples per cell per side per round); "
        f"load average {load0[0]:.1f} before, {load1[0]:.1f} after; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| cell | kit | PyTorch | ratio: median of rounds | min-max | IQR |",
        "|---|---|---|---|---|---|",
    ]
    for name, v in rows.items():
        kit = statistics.median(x[0] for x in v)
        tor = statistics.median(x[1] for x in v)
        med, lo, hi, q1, q3 = spread([x[2] for x in v])
        unit = " GFLOP/s" if name.startswith("sgemm") else " ms"
        lines.append(f"| {name} | {kit:.1f}{unit} | {tor:.1f}{unit} | **{med:.2f}** | {lo:.2f}-{hi:.2f} | {q1:.2f}-{q3:.2f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if a.out:
        write_atomic(a.out, report)
    if a.json_out:
        head = [dict(jenv, side="kit-env", label=a.label, jvm_args=a.jvm_args), dict(tenv, side="torch-env")]
        write_atomic(a.json_out, "".join(json.dumps(x) + "\n" for x in head)
                     + "".join(json.dumps(x, sort_keys=True) + "\n" for x in log))


if __name__ == "__main__":
    main(sys.argv[1:])

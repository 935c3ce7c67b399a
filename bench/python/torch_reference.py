#!/usr/bin/python3
"""PyTorch reference for the step benchmark: one training step of the CB-RNN or the plain RNN-202.

Written from the equations of docs/protocol.md §2.2-2.3 and the optimiser of §4.3-4.4:

    h_0    = 0.1 * U(0,1)                          (fresh draw on every forward call)
    a_t    = W_in x_t + b_in + W_hh h_{t-1} + b_hh
    c_t    = W_dcn ReLU(W_pc ReLU(W_gc [h_{t-1}; x_t] + b_gc) + b_pc) + b_dcn      (CB-RNN only)
    h_t    = (1 - alpha) h_{t-1} + alpha LeakyReLU_0.01(a_t + c_t),  alpha = 1/tau = 2/3
    logits = W_o h_T + b_o

A training step is: forward with a Python loop over t, cross-entropy on the final logits, backward,
clip_grad_norm_(params, 7.5), SGD(lr=0.01, momentum=0.1, nesterov=True).step().

Run it with Debian's interpreter (python3-torch): /usr/bin/python3 bench/python/torch_reference.py --help
Output: with --json one JSON object per line, otherwise a human-readable line.
"""
import argparse
import json
import os
import re
import statistics
import sys
import time


def positive_int(name, lo, hi):
    def parse(text):
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be an integer in [{lo}, {hi}], got '{text}'")
        if v < lo or v > hi:
            raise argparse.ArgumentTypeError(f"{name} must be in [{lo}, {hi}], got {v}")
        return v
    return parse


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", choices=["cbrnn", "rnn202"], default="cbrnn")
    p.add_argument("--batch", type=positive_int("batch", 1, 65536), default=64)
    p.add_argument("--steps", type=positive_int("steps", 2, 100000), default=60)
    p.add_argument("--threads", type=positive_int("threads", 1, 256), default=1)
    p.add_argument("--warmup", type=positive_int("warmup", 0, 100000), default=10)
    p.add_argument("--reps", type=positive_int("reps", 1, 100000), default=30)
    p.add_argument("--max-seconds", type=float, default=0.0,
                   help="stop timing after this many seconds (at least 5 reps are kept); 0 = no limit")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--gemm", action="store_true",
                   help="also measure torch.mm GFLOP/s on 256x256x256 float32 at --threads")
    p.add_argument("--no-step", action="store_true", help="skip the training-step measurement (with --gemm)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--serve", action="store_true",
                   help="paired-rounds worker (bench/python/paired.py): read commands from stdin, one JSON line each")
    return p.parse_args(argv)


# The native thread pools read their size when the libraries load: set them before importing torch.
ARGS = parse_args(sys.argv[1:])
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
os.environ["OPENBLAS_NUM_THREADS"] = str(ARGS.threads)
os.environ["MKL_NUM_THREADS"] = str(ARGS.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


class CbRnn(nn.Module):
    """Leaky Elman RNN, optionally with the cerebellar bias inside the loop (use_cb)."""

    def __init__(self, hidden=64, inputs=1, granule=256, purkinje=64, classes=2, tau=1.5, slope=0.01, use_cb=True):
        super().__init__()
        self.hidden, self.alpha, self.slope, self.use_cb = hidden, 1.0 / tau, slope, use_cb
        self.inp = nn.Linear(inputs, hidden)       # PyTorch default init: U(+-1/sqrt(fan_in)), weight and bias
        self.hh = nn.Linear(hidden, hidden)
        if use_cb:
            self.gc = nn.Linear(hidden + inputs, granule)
            self.pc = nn.Linear(granule, purkinje)
            self.dcn = nn.Linear(purkinje, hidden)
            # absolute standard deviations, zero biases ("initialise CB near zero")
            for layer, std in ((self.gc, 0.01), (self.pc, 0.1), (self.dcn, 0.1)):
                nn.init.normal_(layer.weight, 0.0, std)
                nn.init.zeros_(layer.bias)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        steps, batch, _ = x.shape
        h = 0.1 * torch.rand(batch, self.hidden)
        a = self.alpha
        for t in range(steps):
            xt = x[t]
            z = self.inp(xt) + self.hh(h)
            if self.use_cb:
                u = torch.cat((h, xt), dim=1)
                z = z + self.dcn(F.relu(self.pc(F.relu(self.gc(u)))))
            h = (1.0 - a) * h + a * F.leaky_relu(z, self.slope)
        return self.head(h)


def make_model(name):
    if name == "cbrnn":
        return CbRnn(hidden=64, use_cb=True)
    return CbRnn(hidden=202, use_cb=False)


def parity_batch(batch, steps, level, gen):
    x = torch.randint(0, 2, (steps, batch, 1), generator=gen).float()
    y = (x[steps - level:, :, 0].sum(dim=0).long() % 2)
    return x, y


def blas_info():
    """What BLAS torch was built for and which one the process actually loaded."""
    cfg = torch.__config__.show()
    m = re.search(r"BLAS_INFO=([^,\s]+)", cfg)
    build = "BLAS_INFO=" + (m.group(1) if m else "?")
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                base = os.path.basename(path)
                if "blas" in base or "lapack" in base or "mkl" in base:
                    libs.add(os.path.realpath(path))
    except OSError:
        pass
    info = {"build": build, "loaded": sorted(libs)}
    opb = next((l for l in sorted(libs) if "libopenblas" in os.path.basename(l)), None)
    if opb is None:
        opb = next((l for l in sorted(libs) if "openblas" in l and "libblas" in os.path.basename(l)), None)
    if opb:
        try:
            import ctypes
            lib = ctypes.CDLL(opb)
            lib.openblas_get_config.restype = ctypes.c_char_p
            lib.openblas_get_corename.restype = ctypes.c_char_p
            info["openblas"] = {"config": lib.openblas_get_config().decode().strip(),
                                "core": lib.openblas_get_corename().decode().strip(),
                                "threads": lib.openblas_get_num_threads()}
        except (OSError, AttributeError):
            pass
    kind = "openblas" if any("openblas" in l for l in libs) else ("mkl" if any("mkl" in l for l in libs) else
                                                                   ("reference" if libs else "unknown"))
    info["kind"] = kind
    return info


def make_step(args):
    """One training step of args.model at args.batch x args.steps, as a function of the step index."""
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed + 1)
    model = make_model(args.model)
    params = [p for p in model.parameters()]
    opt = torch.optim.SGD(params, lr=0.01, momentum=0.1, nesterov=True)
    batches = [parity_batch(args.batch, args.steps, 2, gen) for _ in range(4)]

    def step(i):
        x, y = batches[i % len(batches)]
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 7.5)
        opt.step()
        return loss

    step.params = params
    return step


def time_steps(args):
    step = make_step(args)
    params = step.params
    start = time.perf_counter()
    for i in range(args.warmup):
        step(i)
        if args.max_seconds > 0 and i >= 2 and time.perf_counter() - start > args.max_seconds / 2:
            break
    times = []
    loss = None
    start = time.perf_counter()
    for i in range(args.reps):
        t0 = time.perf_counter()
        loss = step(i)
        times.append((time.perf_counter() - t0) * 1e3)
        if args.max_seconds > 0 and len(times) >= 5 and time.perf_counter() - start > args.max_seconds:
            break
    return {
        "kind": "step", "engine": f"torch{args.threads}", "model": args.model, "batch": args.batch,
        "steps": args.steps, "threads": args.threads, "warmup": args.warmup, "reps": len(times),
        "median_ms": statistics.median(times), "min_ms": min(times),
        "params": sum(p.numel() for p in params), "loss": float(loss),
    }


def time_gemm(threads, n=256, reps=200):
    a, b = torch.randn(n, n), torch.randn(n, n)
    c = torch.empty(n, n)
    for _ in range(20):
        torch.mm(a, b, out=c)
    best = float("inf")
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        dt = time.perf_counter() - t0
        times.append(dt)
        best = min(best, dt)
    flop = 2.0 * n * n * n
    return {"kind": "gemm", "engine": f"torch{threads}", "m": n, "n": n, "k": n, "threads": threads,
            "gflops_median": flop / statistics.median(times) / 1e9, "gflops_best": flop / best / 1e9}


class Server:
    """The PyTorch side of bench/python/paired.py; the same commands as org.cbrnn.bench.PairedWorker:
    env | step ENGINE MODEL BATCH STEPS REPS | gemm M K N TRANS REPS | epoch MODEL TASK LEVEL SEED | quit. Cells stay warm between rounds."""

    FIRST_WARMUP_S = 1.5

    def __init__(self, threads):
        self.threads = threads
        self.steps = {}
        self.gemms = {}

    def handle(self, c):
        if c[0] == "env":
            return {"kind": "env", "torch": torch.__version__, "python": sys.version.split()[0],
                    "torch_threads": torch.get_num_threads(), "blas": blas_info()}
        if c[0] == "step" and len(c) == 6:
            model_name, batch, steps, reps = c[2], int(c[3]), int(c[4]), int(c[5])
            key = (model_name, batch, steps)
            first = key not in self.steps
            if first:
                ns = argparse.Namespace(model=model_name, batch=batch, steps=steps, seed=1)
                self.steps[key] = make_step(ns)
            step = self.steps[key]
            start = time.perf_counter()
            i = 0
            while i < 2 or (first and time.perf_counter() - start < self.FIRST_WARMUP_S):
                step(i)
                i += 1
            times = []
            for i in range(reps):
                t0 = time.perf_counter()
                step(i)
                times.append((time.perf_counter() - t0) * 1e3)
            return {"kind": "step", "engine": f"torch{self.threads}", "model": model_name, "batch": batch, "steps": steps,
                    "reps": reps, "median_ms": statistics.median(times), "min_ms": min(times)}
        if c[0] == "gemm" and len(c) == 6:
            m, k, n, trans, reps = int(c[1]), int(c[2]), int(c[3]), c[4] == "1", int(c[5])
            key = (m, k, n, trans)
            first = key not in self.gemms
            if first:
                a = torch.randn(k, m).t() if trans else torch.randn(m, k)  # trans: A stored k x m, as the kit's
                self.gemms[key] = (a, torch.randn(k, n), torch.empty(m, n))
            a, b, out = self.gemms[key]
            start = time.perf_counter()
            i = 0
            while i < 3 or (first and time.perf_counter() - start < self.FIRST_WARMUP_S):
                torch.mm(a, b, out=out)
                i += 1
            flop = 2.0 * m * n * k
            inner = int(max(1, min(10000, 5e7 / flop)))
            gf = []
            for _ in range(reps):
                t0 = time.perf_counter()
                for _ in range(inner):
                    torch.mm(a, b, out=out)
                gf.append(flop * inner / (time.perf_counter() - t0) / 1e9)
            return {"kind": "gemm", "m": m, "k": k, "n": n, "trans": int(trans), "reps": reps,
                    "gflops_median": statistics.median(gf), "gflops_best": max(gf)}
        if c[0] == "epoch" and len(c) == 5:
            # one paper-protocol epoch at a fixed level: 100 SGD steps at B64 and 50 evaluation batches of 64, each
            # batch with its own length T ~ U{N+2 .. 4N+1} (docs/protocol.md 3.1). The labels are parity's for both
            # tasks: the cost of a step depends on T and the model, not on what the labels mean.
            model_name, level, seed = c[1], int(c[3]), int(c[4])
            key = ("epoch", model_name, c[2], level, seed)
            if key not in self.steps:
                torch.manual_seed(seed)
                model = make_model(model_name)
                params = list(model.parameters())
                self.steps[key] = (model, params, torch.optim.SGD(params, lr=0.01, momentum=0.1, nesterov=True),
                                   torch.Generator().manual_seed(seed + 1))
            model, params, opt, gen = self.steps[key]
            t0 = time.perf_counter()
            for _ in range(100):
                T = int(torch.randint(level + 2, 4 * level + 2, (1,), generator=gen))
                x, y = parity_batch(64, T, level, gen)
                opt.zero_grad(set_to_none=True)
                F.cross_entropy(model(x), y).backward()
                torch.nn.utils.clip_grad_norm_(params, 7.5)
                opt.step()
            with torch.no_grad():
                for _ in range(50):
                    T = int(torch.randint(level + 2, 4 * level + 2, (1,), generator=gen))
                    x, y = parity_batch(64, T, level, gen)
                    model(x).argmax(dim=1).eq(y).float().mean()
            return {"kind": "epoch", "model": model_name, "task": c[2], "level": level,
                    "seconds": time.perf_counter() - t0}
        raise ValueError(f"bad command {' '.join(c)!r} (env, step, gemm, epoch, quit)")

    def run(self):
        for line in sys.stdin:
            c = line.split()
            if not c:
                continue
            if c[0] == "quit":
                break
            try:
                r = self.handle(c)
            except (ValueError, IndexError) as e:
                r = {"kind": "error", "command": line.strip(), "message": str(e)}
            print(json.dumps(r, sort_keys=True), flush=True)


def main(args):
    torch.set_num_threads(args.threads)
    if args.serve:
        Server(args.threads).run()
        return
    env = {"torch": torch.__version__, "python": sys.version.split()[0], "torch_threads": torch.get_num_threads(),
           "interop_threads": torch.get_num_interop_threads(), "blas": None}
    out = []
    if not args.no_step:
        out.append(time_steps(args))
    if args.gemm:
        out.append(time_gemm(args.threads))
    env["blas"] = blas_info()  # after the first GEMM so lazily loaded libraries show up
    for r in out:
        r.update({"torch": env["torch"], "torch_threads": env["torch_threads"], "blas": env["blas"]})
        if args.json:
            print(json.dumps(r, sort_keys=True))
        elif r["kind"] == "step":
            print(f"{r['engine']:8s} {r['model']:7s} B{r['batch']:<4d} T{r['steps']:<4d} median {r['median_ms']:8.2f} ms"
                  f"  min {r['min_ms']:8.2f} ms  ({r['reps']} reps; torch {env['torch']}, {env['torch_threads']} threads,"
                  f" BLAS {env['blas']['kind']} {env['blas']['build']})")
        else:
            print(f"{r['engine']:8s} sgemm {r['m']}x{r['n']}x{r['k']}: {r['gflops_median']:.1f} GFLOP/s median,"
                  f" {r['gflops_best']:.1f} best")
    if env["blas"]["kind"] not in ("openblas", "mkl"):
        print(f"warning: torch runs on the {env['blas']['kind']} BLAS {env['blas']['loaded']}; select OpenBLAS: "
              "update-alternatives --set libblas.so.3-x86_64-linux-gnu "
              "/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3", file=sys.stderr)


if __name__ == "__main__":
    main(ARGS)

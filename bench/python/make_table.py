#!/usr/bin/python3
"""Turns the JSON lines of StepBenchmark (Java) and torch_reference.py into the markdown report of bench/run.sh.

usage: make_table.py JAVA.jsonl TORCH.jsonl [PROFILE.jsonl] [--machine KEY=VALUE ...]

Columns: one per Java engine (in the order they first appear; fast1 and fast2 are titled "Java fast 1t/2t"),
PyTorch 1 and 2 threads, the ratio Java fast2 / best PyTorch, and fast2's effective GFLOP/s.
If a cell was measured more than once (several rounds), the median of the medians is shown.
"""
import json
import statistics
import sys

TARGET_RATIO = 0.4


def read(path):
    out = []
    if not path:
        return out
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return out


def title(engine):
    if engine.startswith("fast") and engine[4:].isdigit():
        return f"Java fast {engine[4:]}t"
    if engine.startswith("SameDiffEngine") or engine == "samediff":
        return "DL4J SameDiff 1t"
    if engine.startswith("torch") and engine[5:].isdigit():
        return f"PyTorch {engine[5:]}t"
    return f"Java {engine}"


def fmt(v, digits=2):
    return "n/a" if v is None else f"{v:.{digits}f}"


def main(argv):
    files = [a for a in argv if not a.startswith("--") and "=" not in a]
    machine = [a.split("=", 1) for a in argv if "=" in a and not a.startswith("--")]
    java, torch = read(files[0]), read(files[1])
    profile = read(files[2]) if len(files) > 2 else []
    rows = []   # (model, batch, steps) in first-seen order
    cells = {}  # (model, batch, steps, engine) -> [median_ms]
    mins = {}   # the same for min_ms
    gflops = {}
    java_engines, torch_engines = [], []
    for rec, engines in ((java, java_engines), (torch, torch_engines)):
        for r in rec:
            if r.get("kind") != "step":
                continue
            key = (r["model"], r["batch"], r["steps"])
            if key not in rows:
                rows.append(key)
            if r["engine"] not in engines:
                engines.append(r["engine"])
            cells.setdefault(key + (r["engine"],), []).append(r["median_ms"])
            mins.setdefault(key + (r["engine"],), []).append(r["min_ms"])
            if r.get("gflop"):
                gflops[key] = r["gflop"]
    model_order = {"cbrnn": 0, "rnn202": 1}
    rows.sort(key=lambda k: (model_order.get(k[0], 9), k[1], k[2]))
    torch_engines.sort()

    def cell(key, engine):
        v = cells.get(key + (engine,))
        return statistics.median(v) if v else None

    out = []
    head = ["model", "B", "T"] + [title(e) for e in java_engines] + [title(e) for e in torch_engines] + \
           ["ratio Java 2t / PyTorch best", "Java 2t GFLOP/s"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(head) - 3)) + "|")
    verdicts = []
    for key in rows:
        vals = [cell(key, e) for e in java_engines] + [cell(key, e) for e in torch_engines]
        tbest = [v for v in (cell(key, e) for e in torch_engines) if v is not None]
        j2 = cell(key, "fast2")
        ratio = j2 / min(tbest) if (j2 is not None and tbest) else None
        gf = gflops.get(key) / (j2 / 1e3) if (j2 and gflops.get(key)) else None
        name = {"cbrnn": "CB-RNN", "rnn202": "RNN-202"}.get(key[0], key[0])
        out.append("| " + " | ".join([name, str(key[1]), str(key[2])] + [fmt(v) for v in vals] +
                                      [fmt(ratio), fmt(gf, 1)]) + " |")
        if key[1] == 64 and key[2] == 60 and ratio is not None:
            verdicts.append(f"{name} {ratio:.2f}x ({'met' if ratio <= TARGET_RATIO else 'NOT met'})")
    out.append("")
    out.append("Median ms per training step (h_0 draw + forward + BPTT + clip 7.5 + SGD Nesterov 0.1 update), "
               "parity inputs; lower is better. PyTorch: Python loop over t, same equations (bench/python/torch_reference.py).")
    if verdicts:
        out.append(f"Target fast 2t <= {TARGET_RATIO}x PyTorch's best at B64 T60: " + "; ".join(verdicts) + ".")
    out.append("")
    out.append("Fastest single step (min ms) of the same runs, less sensitive to other processes on the machine:")
    out.append("")
    eng = java_engines + torch_engines
    out.append("| model | B | T | " + " | ".join(title(e) for e in eng) + " | ratio Java 2t / PyTorch best |")
    out.append("|" + "|".join(["---"] * 3 + ["---:"] * (len(eng) + 1)) + "|")
    for key in rows:
        mv = [min(mins[key + (e,)]) if mins.get(key + (e,)) else None for e in eng]
        tb = [min(mins[key + (e,)]) for e in torch_engines if mins.get(key + (e,))]
        j2 = min(mins[key + ("fast2",)]) if mins.get(key + ("fast2",)) else None
        name = {"cbrnn": "CB-RNN", "rnn202": "RNN-202"}.get(key[0], key[0])
        out.append("| " + " | ".join([name, str(key[1]), str(key[2])] + [fmt(v) for v in mv]
                                      + [fmt(j2 / min(tb) if (j2 and tb) else None)]) + " |")
    out.append("")
    gemm = [r for r in java + torch if r.get("kind") == "gemm"]
    if gemm:
        out.append("sgemm peak for context (float32, m=n=k):")
        for r in gemm:
            who = "Java Vector-API kernel" if not r["engine"].startswith("torch") else "torch.mm"
            note = " (independent GEMMs on each thread, aggregate)" if who.startswith("Java") and r["threads"] > 1 else ""
            out.append(f"- {who} {r['m']}^3, {r['threads']} thread{'s' if r['threads'] > 1 else ''}{note}: "
                       f"{r['gflops_median']:.1f} GFLOP/s median, {r['gflops_best']:.1f} best")
        out.append("")
    for p in profile:
        if p.get("kind") != "profile":
            continue
        total = sum(p["phases_ms"].values())
        ph = ", ".join(f"{k} {v:.2f} ({100 * v / total:.0f}%)" for k, v in p["phases_ms"].items())
        out.append(f"Profile fast1 {p['model']} B{p['batch']} T{p['steps']} (instrumented {p['instrumented_ms']:.2f} ms/step, "
                   f"plain {fmt(p.get('plain_ms'))} ms), ms/step: {ph}")
        top = "; ".join(f"{k['phase']} {k['op']} {k['shape']} {k['ms']:.2f} ms"
                        + (f" @ {k['gflops']:.0f} GFLOP/s" if k.get("gflops") else "") for k in p["kernels"][:6])
        out.append(f"  top kernels: {top}")
    if profile:
        out.append("")
    env = next((r for r in java if r.get("kind") == "env"), {})
    t = next((r for r in torch if r.get("kind") in ("step", "gemm")), {})
    blas = t.get("blas") or {}
    opb = blas.get("openblas") or {}
    out.append("Machine and versions:")
    for k, v in machine:
        out.append(f"- {k}: {v}")
    if env:
        out.append(f"- Java: {env.get('java')} ({env.get('vm')}), kernels: {env.get('kernels')}, "
                   f"{env.get('processors')} processors visible to the JVM")
    if t:
        out.append(f"- torch {t.get('torch')}, {blas.get('build')}, loaded BLAS: {blas.get('kind')} "
                   f"{opb.get('config', '')} core {opb.get('core', '?')}".rstrip())
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv[1:])

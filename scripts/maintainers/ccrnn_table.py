#!/usr/bin/env python3
"""The results tables of data/ccrnn/README.md (maintainers' tool), printed as Markdown from the run stores.

One row per group of runs that differ only in the seed (directory names without their `_s<seed>` suffix): how many
are complete (cortex.bin written), the epochs of the longest, and over the runs mean ± SEM of the training curve and
the validation error averaged over each run's last 10 epochs, the validation error at epoch 10, and the wall seconds
per run. With --final, one more column: the validation error at each run's last epoch (the trained network).
Usage: /usr/bin/python3 scripts/maintainers/ccrnn_table.py [--final] [data/ccrnn/line-drawing ...]
"""
import csv
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def mean_sem(xs):
    xs = [x for x in xs if math.isfinite(x)]
    if not xs:
        return "–"
    m = sum(xs) / len(xs)
    if len(xs) < 2:
        return f"{m:.3f} ± nan"
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
    return f"{m:.3f} ± {sd / math.sqrt(len(xs)):.3f}"


def spec_task(run):
    """The task= line of a run's spec.txt (a store's directory name need not be its task's), or None."""
    try:
        with open(os.path.join(run, "spec.txt")) as f:
            for line in f:
                if line.startswith("task="):
                    return line.strip()[len("task="):]
    except OSError:
        pass
    return None


def table(store, final=False):
    groups = {}
    for name in sorted(os.listdir(store)):
        run = os.path.join(store, name)
        m = re.fullmatch(r"(.+)_s(\d+)", name)
        if not m or not os.path.exists(os.path.join(run, "epochs.csv")):
            continue
        with open(os.path.join(run, "epochs.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        if rows:
            groups.setdefault(m.group(1), []).append((run, rows))
    name = os.path.basename(store.rstrip("/"))
    print(f"### {name}\n")
    print("| runs (condition_tau[_from E]) | complete | epochs | train curve, last 10 epochs (mean ± SEM) | val error, last 10 epochs "
          "| val error at epoch 10 |" + (" val error, last epoch |" if final else "") + " wall s/run (shared machine) |")
    print("|---|---|---|---|---|---|---|" + ("---|" if final else ""))
    for g, runs in sorted(groups.items()):
        task = spec_task(runs[0][0])
        label = g[len(task) + 1:] if task and g.startswith(task + "_") else g
        done = sum(os.path.exists(os.path.join(r, "cortex.bin")) for r, _ in runs)
        epochs = max(len(rows) for _, rows in runs)
        last = lambda rows, col: sum(float(x[col]) for x in rows[-10:]) / len(rows[-10:])
        tc = mean_sem([last(rows, "train_curve") for _, rows in runs])
        ve = mean_sem([last(rows, "val_error") for _, rows in runs])
        v10 = mean_sem([float(rows[9]["val_error"]) for _, rows in runs if len(rows) >= 10])
        fin = f" {mean_sem([float(rows[-1]['val_error']) for _, rows in runs])} |" if final else ""
        wall = sum(sum(float(x["seconds"]) for x in rows) for _, rows in runs) / len(runs)
        print(f"| {label} | {done} of {len(runs)} | {epochs} | {tc} | {ve} | {v10} |{fin} {wall:.0f} |")
    print()


def main():
    args = sys.argv[1:]
    final = "--final" in args
    args = [a for a in args if a != "--final"]
    stores = args or [os.path.join(ROOT, "data/ccrnn", d) for d in ("line-drawing", "digit-drawing", "digit-drawing-3000x20-lr3e-3")]
    for s in stores:
        table(s, final)


if __name__ == "__main__":
    main()

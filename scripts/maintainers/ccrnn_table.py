#!/usr/bin/env python3
"""The results tables of data/ccrnn/README.md (maintainers' tool), printed as Markdown from the run stores.

One row per group of runs that differ only in the seed (directory names without their `_s<seed>` suffix): how many
are complete (cortex.bin written), the epochs of the longest, and over the runs mean ± SEM of the training curve and
the validation error averaged over each run's last 10 epochs, the validation error at epoch 10, and the wall seconds
per run. Usage: /usr/bin/python3 scripts/maintainers/ccrnn_table.py [data/ccrnn/line-drawing ...]
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


def table(store):
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
    task = os.path.basename(store.rstrip("/"))
    print(f"### {task}\n")
    print("| runs (condition_tau[_from E]) | complete | epochs | train curve, last 10 epochs (mean ± SEM) | val error, last 10 epochs "
          "| val error at epoch 10 | wall s/run (shared machine) |")
    print("|---|---|---|---|---|---|---|")
    for g, runs in sorted(groups.items()):
        label = g[len(task) + 1:] if g.startswith(task + "_") else g
        done = sum(os.path.exists(os.path.join(r, "cortex.bin")) for r, _ in runs)
        epochs = max(len(rows) for _, rows in runs)
        last = lambda rows, col: sum(float(x[col]) for x in rows[-10:]) / len(rows[-10:])
        tc = mean_sem([last(rows, "train_curve") for _, rows in runs])
        ve = mean_sem([last(rows, "val_error") for _, rows in runs])
        v10 = mean_sem([float(rows[9]["val_error"]) for _, rows in runs if len(rows) >= 10])
        wall = sum(sum(float(x["seconds"]) for x in rows) for _, rows in runs) / len(runs)
        print(f"| {label} | {done} of {len(runs)} | {epochs} | {tc} | {ve} | {v10} | {wall:.0f} |")
    print()


def main():
    stores = sys.argv[1:] or [os.path.join(ROOT, "data/ccrnn", d) for d in ("line-drawing", "digit-drawing")]
    for s in stores:
        table(s)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Per-checkpoint wall and CPU seconds of the stored analyses (the `seconds` and `cpu_seconds` columns that
`cbrnn analyse` writes), as a Markdown table: python3 data/mechanisms/timing.py"""
import csv, glob, os, statistics, sys
here = os.path.dirname(os.path.abspath(__file__))
rows = []
for f in sorted(glob.glob(os.path.join(here, "*.csv"))):
    name = os.path.basename(f)[:-4]
    if name.endswith("-summary") or name in ("scaling", "autocorrelation"):
        continue
    per = {}
    with open(f) as fh:
        for r in csv.DictReader(fh):
            per.setdefault((r["run"], r["N"]), (float(r["seconds"]), float(r["cpu_seconds"])))
    if not per:
        continue
    wall = [v[0] for v in per.values()]
    cpu = [v[1] for v in per.values()]
    rows.append((name, len(per), statistics.median(cpu), max(cpu), sum(cpu) / 60, sum(wall) / 60))
print("| analysis | checkpoints | median CPU s per checkpoint | max CPU s | total CPU min | total wall min |")
print("|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.1f} | {r[5]:.1f} |")
print(f"| all | {sum(r[1] for r in rows)} | | | {sum(r[4] for r in rows):.1f} | {sum(r[5] for r in rows):.1f} |")

#!/usr/bin/env python3
"""Stage the committed run stores of data/ for a commit at the end of a working session (maintainers' tool).

Machines here are not kept between sessions, so what is not committed is lost. A run store commits its tables and,
for an unfinished run, checkpoint.bin (what resuming needs; .gitignore keeps levels/, states/, model.bin and
final-state.bin out). The freeze-timing study adds one need: a freeze branch that has not been computed yet starts
from its trunk's saved state at the freeze point (data/freeze-timing/README.md, "Shared prefixes"); without that
state it would recompute its prefix. So for every joint CB-RNN trunk in data/reproduction whose freeze branches are
not all finished, this stages (git add -f) exactly the trunk states those branches start from: for a branch frozen
after level L, the latest state at or before the epoch that solved L; for one frozen after epoch E, the latest state
at or before E. It also stages every checkpoint.bin of an unfinished run and never a temporary of an atomic write.

Usage (from the repository root, after the background runs have been stopped):
    /usr/bin/python3 scripts/maintainers/finalize-data.py [--dry-run]
Prints what it stages and the bytes involved.
"""
import argparse
import csv
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STORES = ["data/reproduction", "data/freeze-timing", "data/multitask", "data/mechanisms"]
TRUNK = re.compile(r"^(parity|dms)__cbrnn-h64-g256__joint__s(\d+)__[0-9a-f]{12}$")


def grid_schedules(task):
    """The vary.schedule list of data/grids/freeze-timing-<task>.properties."""
    with open(os.path.join(ROOT, "data/grids", f"freeze-timing-{task}.properties")) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line.startswith("vary.schedule"):
                return [s.strip() for s in line.split("=", 1)[1].split(",") if s.strip()]
    raise SystemExit(f"no vary.schedule in the {task} freeze-timing grid")


def finished(store, prefix):
    d = os.path.join(ROOT, store)
    if not os.path.isdir(d):
        return False
    return any(n.startswith(prefix) and os.path.exists(os.path.join(d, n, "DONE")) for n in os.listdir(d))


def solved_epochs(run_dir):
    """level -> first epoch whose evaluation solved that level, from epochs.csv."""
    out = {}
    path = os.path.join(run_dir, "epochs.csv")
    if not os.path.exists(path):
        return out
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["solved"] == "true":
                out.setdefault(int(row["level"]), int(row["epoch"]))
    return out


def state_epochs(run_dir):
    d = os.path.join(run_dir, "states")
    if not os.path.isdir(d):
        return []
    return sorted(int(n[1:5]) for n in os.listdir(d) if re.fullmatch(r"E\d{4}\.bin", n))


def needed_states(trunk_dir, task, seed):
    solved = solved_epochs(trunk_dir)
    have = state_epochs(trunk_dir)
    need = set()
    for sched in grid_schedules(task):
        if sched == "freeze-start" or finished("data/freeze-timing", f"{task}__cbrnn-h64-g256__{sched}__s{seed}__"):
            continue
        m = re.fullmatch(r"freeze-([LE])(\d+)", sched)
        if not m:
            continue
        point = solved.get(int(m.group(2))) if m.group(1) == "L" else int(m.group(2))
        if point is None:
            continue  # the trunk has not solved that level (yet): no state to keep for it
        below = [e for e in have if e <= point]
        if below:
            need.add(max(below))
    return [os.path.join(trunk_dir, "states", f"E{e:04d}.bin") for e in sorted(need)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="list what would be staged, stage nothing")
    a = ap.parse_args()
    stage, forced = [], []
    for store in STORES:
        d = os.path.join(ROOT, store)
        if not os.path.isdir(d):
            continue
        for name in sorted(os.listdir(d)):
            run = os.path.join(d, name)
            if not os.path.isdir(run) or name.startswith("."):
                continue
            cp = os.path.join(run, "checkpoint.bin")
            if os.path.exists(cp) and not os.path.exists(os.path.join(run, "DONE")):
                stage.append(cp)
            m = TRUNK.match(name)
            if store == "data/reproduction" and m:
                forced += needed_states(run, m.group(1), int(m.group(2)))
    total = sum(os.path.getsize(p) for p in stage + forced)
    for p in stage:
        print("checkpoint", os.path.relpath(p, ROOT))
    for p in forced:
        print("trunk state", os.path.relpath(p, ROOT))
    print(f"{len(stage)} checkpoints, {len(forced)} trunk states, {total / 1e6:.1f} MB")
    if a.dry_run:
        return 0
    # the tables of every store (new runs included); .gitignore keeps out what is not to be committed
    subprocess.run(["git", "add", "--all", "--"] + [s for s in STORES if os.path.isdir(os.path.join(ROOT, s))], cwd=ROOT, check=True)
    if stage:
        subprocess.run(["git", "add", "--"] + stage, cwd=ROOT, check=True)
    if forced:
        subprocess.run(["git", "add", "-f", "--"] + forced, cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Puts the current tables of `./cbrnn freeze-timing` into data/freeze-timing/README.md.

The README's "State" section holds three fenced blocks, in this order: the design table, the verdicts and the
family-wise verdicts. This script runs the command (or reads its saved output with --from FILE), takes the three tables
by their titles and replaces the three blocks, so the README shows exactly what the code prints. The prose around them
(the State paragraph, "What the data say") is still written by hand from the same output.

    /usr/bin/python3 scripts/maintainers/freeze-readme.py            # run ./cbrnn freeze-timing, rewrite the README
    /usr/bin/python3 scripts/maintainers/freeze-readme.py --check    # exit 1 if the README's tables are not current
"""
import argparse
import difflib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "data/freeze-timing/README.md"
# title fragment of each table, in the order of the README's blocks
TITLES = ("design:", "verdicts vs joint", "family-wise verdicts")


def tables(output):
    """The printed tables by the first title fragment each one's first line contains."""
    found = {}
    for chunk in output.split("\n\n"):
        lines = [l for l in chunk.split("\n") if l.strip()]
        if not lines:
            continue
        for t in TITLES:
            if t in lines[0] and t not in found:
                found[t] = "\n".join(lines)
    missing = [t for t in TITLES if t not in found]
    if missing:
        sys.exit(f"freeze-readme: the output of cbrnn freeze-timing has no table titled {missing}")
    return [found[t] for t in TITLES]


def splice(text, blocks):
    """text with the first three fenced blocks after '## State' replaced by blocks."""
    start = text.find("\n## State")
    if start < 0:
        sys.exit(f"freeze-readme: {README} has no '## State' section")
    out, pos, search = [text[:start]], start, start
    for b in blocks:
        open_ = text.find("\n```\n", search)
        close = text.find("\n```\n", open_ + 4) if open_ >= 0 else -1
        if close < 0:
            sys.exit(f"freeze-readme: {README} has fewer than {len(blocks)} fenced blocks after '## State'")
        out.append(text[pos:open_ + 5])   # everything up to and including the opening fence
        out.append(b)
        pos = close                        # the closing fence is copied with what follows it
        search = close + 4                 # the next opening fence starts after this closing one
    out.append(text[pos:])
    return "".join(out)


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--from", dest="source", help="saved output of ./cbrnn freeze-timing instead of running it")
    p.add_argument("--check", action="store_true", help="only say whether the README's tables are current")
    a = p.parse_args(argv)
    if a.source:
        output = Path(a.source).read_text()
    else:
        output = subprocess.run([str(ROOT / "cbrnn"), "freeze-timing"], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout
    text = README.read_text()
    new = splice(text, tables(output))
    if a.check:
        print("freeze-readme: the README's tables are " + ("current" if new == text else "NOT current"))
        if new != text:   # what differs, so that a failing CI log says which rows moved
            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True),
                                                       "README.md (committed)", "README.md (from the stores)", n=0))
        return 0 if new == text else 1
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(new)
    os.replace(tmp, README)   # atomic: never a half-written README
    print(f"freeze-readme: {README.relative_to(ROOT)}: " + ("unchanged" if new == text else "tables replaced"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

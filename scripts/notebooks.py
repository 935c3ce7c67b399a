#!/usr/bin/env python3
"""Housekeeping for the committed notebooks (python3 standard library only).

  finish NB --mode quick|full   strip per-cell timestamps from an executed notebook and record which code made its
                                outputs (run-notebooks.sh calls it on every executed copy in notebooks/out/)
  student                       regenerate every student copy from its instructor copy (5-workshop.ipynb from
                                5-workshop-instructor.ipynb)
  check [--tsv FILE]            CI check of the committed notebooks: no per-cell timestamps, student copies equal to
                                the generated ones, and outputs that are current (rule below); one line per notebook

Which outputs count as current. A notebook's outputs depend on the kit code it calls, so when it is executed in full
mode `finish` records, in metadata.cbrnn.outputs, the kit version, the git commit, and a hash of the sources of every
library package the notebook references (its import lines and fully qualified names, e.g. org.cbrnn.plot) plus the
kernel's sources (the kernel renders every output). `check` recomputes those hashes from the working tree and fails
when one differs, naming the notebook, the packages that changed and the one command that regenerates it. Hashes are
taken over the Java tokens with comments and whitespace removed, so Javadoc and formatting edits, which the library
gets daily, do not make outputs stale; any change to code in a package the notebook uses does. Packages the notebook
does not reference are not hashed: a change that reaches a notebook only through a package it never names (say the
engine, for a notebook that reads a finished store) is not seen; that is the price of not failing every notebook on
every commit.
"""
import argparse
import copy
import datetime
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LIB_SRC = ROOT / "lib/src/main/java"
KERNEL_SRC = ROOT / "kernel/src/main/java"
REFRESH = "scripts/refresh-notebooks.sh"

# Notebooks the currency check leaves out for now, with the reason (printed, so the exclusion stays visible).
EXCLUDED: dict = {}

# Per-cell execution metadata written by nbconvert / JupyterLab: timestamps that change on every run.
TIMESTAMP_KEYS = ("execution", "ExecuteTime")


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def dumps(nb):
    # nbformat's own layout, so a notebook saved by Jupyter and one written here diff cleanly
    return json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def save(nb, path):
    Path(path).write_text(dumps(nb), encoding="utf-8")


def source(cell):
    s = cell.get("source", "")
    return s if isinstance(s, str) else "".join(s)


def set_source(cell, text):
    cell["source"] = text.splitlines(keepends=True)


# ---------------------------------------------------------------------------------------------------------- hashing

def java_tokens(text):
    """The source without comments, with every run of whitespace (outside literals) turned into one space."""
    out, i, n = [], 0, len(text)

    def space():
        if out and out[-1] != " ":
            out.append(" ")

    def literal_end(start, quote):
        j = start + len(quote)
        while j < n:
            if text[j] == "\\":
                j += 2
                continue
            if text.startswith(quote, j):
                return j + len(quote)
            j += 1
        return n

    while i < n:
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            space()
        elif text.startswith('"""', i):
            j = literal_end(i, '"""')
            out.append(text[i:j])
            i = j
        elif text[i] in "\"'":
            j = literal_end(i, text[i])
            out.append(text[i:j])
            i = j
        elif text[i].isspace():
            while i < n and text[i].isspace():
                i += 1
            space()
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "\"'/":
                j += 1
            if j == i:  # a lone '/' (division)
                j = i + 1
            out.append(text[i:j])
            i = j
    return "".join(out).strip()


def tree_hash(files, base):
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(base)).encode())
        h.update(b"\0")
        h.update(java_tokens(f.read_text(encoding="utf-8")).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


def lib_packages():
    return {".".join(d.relative_to(LIB_SRC).parts) for d in LIB_SRC.rglob("*") if d.is_dir() and any(d.glob("*.java"))}


def referenced_packages(nb):
    """The library packages a notebook's code cells name: import lines and fully qualified names alike."""
    known = lib_packages()
    found = set()
    for cell in nb["cells"]:
        if cell.get("cell_type") != "code":
            continue
        for m in re.finditer(r"\borg\.cbrnn\.((?:[a-z_][a-z0-9_]*\.?)+)", source(cell)):
            parts = m.group(1).rstrip(".").split(".")
            while parts and ".".join(["org", "cbrnn"] + parts) not in known:
                parts.pop()
            if parts:
                found.add(".".join(["org", "cbrnn"] + parts))
    return sorted(found)


def source_hashes(packages):
    hashes = {}
    for p in packages:
        d = LIB_SRC.joinpath(*p.split("."))
        hashes[p] = tree_hash(list(d.glob("*.java")), LIB_SRC)   # the package itself; sub-packages count on their own
    hashes["kernel"] = tree_hash(list(KERNEL_SRC.rglob("*.java")), KERNEL_SRC)
    return hashes


def git(*args):
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def kit_version():
    text = (ROOT / "pom.xml").read_text(encoding="utf-8")
    text = re.sub(r"<parent>.*?</parent>", "", text, flags=re.S)
    m = re.search(r"<version>([^<]+)</version>", text)
    return m.group(1) if m else "unknown"


# ------------------------------------------------------------------------------------------------------------ finish

def strip_timestamps(nb):
    removed = 0
    for cell in nb["cells"]:
        md = cell.get("metadata", {})
        for k in TIMESTAMP_KEYS:
            if k in md:
                del md[k]
                removed += 1
    return removed


def kernels():
    """
    The kernel identity the notebooks' JVMs train with (org.cbrnn.engine.fast.Kernels, with this environment's
    JAVA_TOOL_OPTIONS, e.g. -Dcbrnn.simd.bits=256): trained numbers are bit-identical only at one vector width.
    """
    jar = ROOT / "lib" / "target" / "cbrnn.jar"
    if not jar.exists():
        return "unknown (lib/target/cbrnn.jar not built)"
    try:
        out = subprocess.run(["java", "--add-modules", "jdk.incubator.vector", "-cp", str(jar), "org.cbrnn.engine.fast.Kernels"],
                             capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"
    lines = [l for l in out.stdout.splitlines() if l.strip()]
    return lines[-1].strip() if out.returncode == 0 and lines else "unknown (exit %d)" % out.returncode


def cmd_finish(args):
    nb = load(args.notebook)
    strip_timestamps(nb)
    meta = nb.setdefault("metadata", {}).setdefault("cbrnn", {})
    if meta.get("student_of"):
        meta.pop("outputs", None)   # a student copy's outputs are never committed: nothing to record
    else:
        packages = referenced_packages(nb)
        meta["outputs"] = {
            "mode": args.mode,
            "kit_version": kit_version(),
            "commit": git("rev-parse", "HEAD") or "unknown",
            "uncommitted_changes": bool(git("status", "--porcelain", "--", "lib/src/main", "kernel/src/main")),
            "executed": datetime.date.today().isoformat(),
            "kernels": kernels(),
            "source_hashes": source_hashes(packages),
        }
    save(nb, args.notebook)


# ----------------------------------------------------------------------------------------------------------- student

def student_copy(nb, instructor_name):
    """The student copy of an instructor notebook.

    Cells tagged "instructor" (discussions of the answers) are dropped; every output is cleared, so nothing the
    solutions print or draw is committed; the cell tagged "solutions-flag" gets SOLUTIONS = false, so "Run All" skips
    the solutions (each is guarded by `if (SOLUTIONS)`) until the student sets it; solution sources stay collapsed.
    """
    nb = copy.deepcopy(nb)
    cells = []
    flags = 0
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if "instructor" in tags:
            continue
        for k in TIMESTAMP_KEYS:
            cell.get("metadata", {}).pop(k, None)
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        if "solutions-flag" in tags:
            text, k = re.subn(r"\bSOLUTIONS = true;", "SOLUTIONS = false;", source(cell))
            if k != 1:
                raise SystemExit(f"{instructor_name}: the solutions-flag cell must contain 'SOLUTIONS = true;' once")
            set_source(cell, text)
            flags += 1
        if "solution" in tags:
            if "if (SOLUTIONS)" not in source(cell):
                raise SystemExit(f"{instructor_name}: every solution cell must be guarded by 'if (SOLUTIONS)'")
            cell.setdefault("metadata", {}).setdefault("jupyter", {})["source_hidden"] = True
        cells.append(cell)
    if flags != 1:
        raise SystemExit(f"{instructor_name}: exactly one cell must be tagged solutions-flag")
    nb["cells"] = cells
    meta = nb["metadata"]["cbrnn"]
    meta.pop("outputs", None)
    student_name = meta.pop("student_copy")
    meta["title"] = meta.get("title", "").replace(" (instructor copy)", "") + " (student copy)"
    meta["expected_images"] = 0   # Run All draws nothing: the solutions are skipped
    meta["student_of"] = instructor_name
    meta["generated_by"] = "python3 scripts/notebooks.py student (do not edit: edit " + instructor_name + ")"
    return student_name, nb


def instructor_notebooks():
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        nb = load(path)
        if nb.get("metadata", {}).get("cbrnn", {}).get("student_copy"):
            yield path, nb


def cmd_student(args):
    for path, nb in instructor_notebooks():
        name, student = student_copy(nb, path.name)
        save(student, NOTEBOOKS / name)
        print(f"wrote notebooks/{name} from notebooks/{path.name}")


# ------------------------------------------------------------------------------------------------------------- check

def check_notebook(path, students):
    """Problems with one committed notebook (an empty list when it passes)."""
    nb = load(path)
    name = path.stem
    problems = []
    stamped = [i for i, c in enumerate(nb["cells"]) if any(k in c.get("metadata", {}) for k in TIMESTAMP_KEYS)]
    if stamped:
        problems.append(f"{len(stamped)} cells carry execution timestamps (first: cell {stamped[0]}); "
                        f"refresh with {REFRESH} {path.relative_to(ROOT)}")
    meta = nb.get("metadata", {}).get("cbrnn", {})
    if meta.get("student_of"):
        want = students.get(path.name)
        if want is None:
            problems.append(f"student copy of {meta['student_of']}, which does not name it as its student_copy")
        elif dumps(want) != dumps(nb):
            problems.append(f"differs from the copy generated from {meta['student_of']}: "
                            "run python3 scripts/notebooks.py student")
        return problems
    has_outputs = any(c.get("outputs") for c in nb["cells"] if c.get("cell_type") == "code")
    if not has_outputs:
        return problems
    regen = f"{REFRESH} {path.relative_to(ROOT)}"
    rec = meta.get("outputs")
    if not rec:
        return problems + [f"committed outputs record no provenance; regenerate with {regen}"]
    if rec.get("mode") != "full":
        problems.append(f"committed outputs are {rec.get('mode')}-mode, not full; regenerate with {regen}")
    now = source_hashes(referenced_packages(nb))
    old = rec.get("source_hashes", {})
    changed = [p for p in now if old.get(p) != now[p]]
    if changed:
        commit = rec.get("commit", "unknown")
        paths = " ".join("kernel/src/main" if p == "kernel" else "lib/src/main/java/" + p.replace(".", "/") for p in changed)
        problems.append(f"stale outputs: made by commit {commit[:12]} (kit {rec.get('kit_version')}); since then the "
                        f"sources of {', '.join(changed)} changed (git diff {commit[:12]} -- {paths}). "
                        f"Regenerate: {regen}")
    return problems


def cmd_check(args):
    students = {}
    for path, nb in instructor_notebooks():
        name, student = student_copy(nb, path.name)
        students[name] = student
        if not (NOTEBOOKS / name).exists():
            print(f"FAILED {name}: missing; run python3 scripts/notebooks.py student")
    rows, stale = [], []
    for path in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        if path.stem in EXCLUDED:
            print(f"skipped {path.name}: {EXCLUDED[path.stem]}")   # no row: neither passed nor failed
            continue
        problems = check_notebook(path, students)
        for p in problems:
            print(f"FAILED {path.name}: {p}")
        if not problems:
            print(f"ok     {path.name}")
        rows.append((path.stem, "ok" if not problems else "FAILED " + problems[0]))
        if problems and not load(path)["metadata"].get("cbrnn", {}).get("student_of"):
            stale.append(str(path.relative_to(ROOT)))
    for name in students:
        if not (NOTEBOOKS / name).exists():
            rows.append((Path(name).stem, f"FAILED missing; run python3 scripts/notebooks.py student"))
    if stale:
        print(f"regenerate them all with: {REFRESH} {' '.join(stale)}")
    if args.tsv:
        Path(args.tsv).parent.mkdir(parents=True, exist_ok=True)
        Path(args.tsv).write_text("".join(f"{n}\t{s}\n" for n, s in rows), encoding="utf-8")
    return 1 if any(s != "ok" for _, s in rows) else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("finish", help="strip timestamps and record provenance in an executed notebook")
    f.add_argument("notebook")
    f.add_argument("--mode", choices=["quick", "full"], required=True)
    sub.add_parser("student", help="regenerate the student copies")
    c = sub.add_parser("check", help="CI check of the committed notebooks")
    c.add_argument("--tsv", help="also write one 'name<TAB>ok|FAILED ...' line per notebook to this file")
    args = ap.parse_args()
    if args.cmd == "finish":
        cmd_finish(args)
    elif args.cmd == "student":
        cmd_student(args)
    else:
        sys.exit(cmd_check(args))


if __name__ == "__main__":
    main()

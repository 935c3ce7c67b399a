#!/usr/bin/env bash
# The kit's test command (README "Set-up"; CI runs exactly this):
#   1. installs missing system packages (JDK 17, Maven, Jupyter, Chromium and chromedriver from Debian),
#   2. builds every module and runs all tests (mvn verify: unit tests, gradient checks, the kernel's Jupyter test,
#      notebook 1 in headless Chromium: browser/, screenshots in notebooks/out/browser/),
#   3. executes every notebook headlessly in quick mode on the kit's Java kernel and checks its figures,
#   4. checks the committed notebooks (scripts/notebooks.py check): no per-cell timestamps, student copies equal to the
#      ones generated from the instructor copies, and outputs made by the library sources the notebook uses today;
#      and that data/freeze-timing/README.md's tables are what `cbrnn freeze-timing` prints from the committed runs.
# Every stage runs even when an earlier one failed; the closing line counts what passed and failed over all of them
# (JUnit test cases from the surefire/failsafe XML reports, one entry per notebook, one for a build that broke), and
# the script exits non-zero if anything failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# without a JDK, Maven and Jupyter no stage can run: stop here
bash scripts/install-deps.sh --test || { echo "test.sh: installing the dependencies failed"; exit 1; }
export OMP_NUM_THREADS=1

# Reports of earlier runs would be counted as this run's: remove them (the build itself stays incremental).
rm -rf -- */target/surefire-reports */target/failsafe-reports notebooks/out/status.tsv notebooks/out/checks.tsv

# Test failures do not stop the reactor (every module's tests run and land in the reports); a broken build
# (compilation, packaging, a plugin) still makes mvn exit non-zero and counts as one failure of its own.
build_failed=0
mvn -B -ntp verify -Dmaven.test.failure.ignore=true || build_failed=1

# The fast engine's kernel tests again at 256-bit vectors (HotSpot's AVX2 code path, also on an AVX-512 CPU; on a
# CPU without AVX2 the 256-bit species is emulated and the test says so): GEMM blocks and tails, finite-difference
# gradients, float/double agreement and determinism. Their reports are TEST-*-avx2.xml beside the others, counted below.
if [ "$build_failed" = 0 ]; then
    mvn -B -ntp -q -pl lib surefire:test -Dmaven.test.failure.ignore=true -Dsurefire.reportNameSuffix=avx2 \
        -Dtest='GemmTest,ColumnSumTest,GradientFiniteDifferenceTest,FloatPathTest,MultiHeadGradientTest' \
        "-Dvector.flag=--add-modules=jdk.incubator.vector -XX:UseAVX=2 -Dcbrnn.test.simd.bits=256" || build_failed=1
    # and at 128-bit vectors (the species forced, as on NEON), so that a CI machine with AVX2 only, where the stage
    # above runs the width the main build already ran, still tests two widths (reports TEST-*-w128.xml)
    mvn -B -ntp -q -pl lib surefire:test -Dmaven.test.failure.ignore=true -Dsurefire.reportNameSuffix=w128 \
        -Dtest='GemmTest,ColumnSumTest,GradientFiniteDifferenceTest,FloatPathTest,MultiHeadGradientTest' \
        "-Dvector.flag=--add-modules=jdk.incubator.vector -Dcbrnn.simd.bits=128 -Dcbrnn.test.simd.bits=128" || build_failed=1
fi

notebooks_rc=0
bash notebooks/run-notebooks.sh --quick || notebooks_rc=$?

# one line per committed notebook in notebooks/out/checks.tsv, counted below; the reasons are printed here
/usr/bin/python3 scripts/notebooks.py check --tsv notebooks/out/checks.tsv || true
[ -f notebooks/out/checks.tsv ] || printf 'scripts/notebooks.py check\tFAILED: it wrote no result (see above)\n' >notebooks/out/checks.tsv
if /usr/bin/python3 scripts/test_notebooks.py; then r=ok; else r="FAILED (see above)"; fi
printf 'scripts/test_notebooks.py\t%s\n' "$r" >>notebooks/out/checks.tsv
# the freeze-timing store's README shows the tables the code prints from the committed runs (one source of truth)
if /usr/bin/python3 scripts/maintainers/test_freeze_readme.py; then r=ok; else r="FAILED (see above)"; fi
printf 'scripts/maintainers/test_freeze_readme.py\t%s\n' "$r" >>notebooks/out/checks.tsv
if /usr/bin/python3 scripts/maintainers/freeze-readme.py --check; then r=ok; else r="FAILED: run scripts/maintainers/freeze-readme.py"; fi
printf 'data/freeze-timing/README.md tables\t%s\n' "$r" >>notebooks/out/checks.tsv

/usr/bin/env python3 - "$build_failed" "$notebooks_rc" <<'PY'
import glob, sys
import xml.etree.ElementTree as ET

build_failed, notebooks_rc = int(sys.argv[1]), int(sys.argv[2])
passed = failed = skipped = 0
failures = []
for f in sorted(glob.glob("*/target/surefire-reports/TEST-*.xml") + glob.glob("*/target/failsafe-reports/TEST-*.xml")):
    try:
        suite = ET.parse(f).getroot()
    except ET.ParseError as e:  # a report cut short (e.g. a forked JVM that died) is a failure, not nothing
        failed += 1
        failures.append(f"{f}: unreadable report ({e})")
        continue
    for case in suite.iter("testcase"):
        name = f"{f.split('/')[0]}{' (AVX2)' if f.endswith('-avx2.xml') else ' (128-bit)' if f.endswith('-w128.xml') else ''}: {case.get('classname')}#{case.get('name')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            failures.append(name)
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
junit_passed, junit_failed = passed, failed

nb_total = len(glob.glob("notebooks/[0-9]*.ipynb"))
nb_passed = nb_failed = 0
try:
    with open("notebooks/out/status.tsv") as fh:
        for line in fh:
            name, _, status = line.rstrip("\n").partition("\t")
            if status == "ok":
                nb_passed += 1
            else:
                nb_failed += 1
                failures.append(f"notebook {name}: {status.removeprefix('FAILED').lstrip(': ') or 'failed'}")
except FileNotFoundError:
    pass
# notebooks that never got to run (the runner stopped early) count as failed
missing = nb_total - nb_passed - nb_failed
if missing > 0 or (notebooks_rc != 0 and nb_failed == 0):
    missing = max(missing, 1)
    nb_failed += missing
    failures.append(f"notebooks: {missing} did not run (notebooks/run-notebooks.sh exited {notebooks_rc})")
passed += nb_passed
failed += nb_failed
# committed-notebook checks (scripts/notebooks.py check): one entry per notebook, a missing file is one failure
chk_passed = chk_failed = 0
try:
    with open("notebooks/out/checks.tsv") as fh:
        for line in fh:
            name, _, status = line.rstrip("\n").partition("\t")
            if status == "ok":
                chk_passed += 1
            else:
                chk_failed += 1
                failures.append(f"committed notebook {name}: {status.removeprefix('FAILED').lstrip()}")
except FileNotFoundError:
    chk_failed += 1
    failures.append("committed notebooks: no notebooks/out/checks.tsv")
passed += chk_passed
failed += chk_failed
if build_failed:
    failed += 1
    failures.append("maven build: mvn verify exited non-zero (see the build log above)")

print()
print(f"JUnit: {junit_passed} passed, {junit_failed} failed, {skipped} skipped; "
      f"notebooks: {nb_passed} passed, {nb_failed} failed; committed-notebook checks: {chk_passed} passed, "
      f"{chk_failed} failed; maven build: {'FAILED' if build_failed else 'ok'}")
for name in failures:
    print(f"  FAILED {name}")
print(f"total: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
PY

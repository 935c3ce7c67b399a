#!/usr/bin/env bash
# The kit's test command (README "Set-up"; CI runs exactly this):
#   1. installs missing system packages (JDK 17, Maven, headless Jupyter from Debian),
#   2. builds every module and runs all tests (mvn verify: unit tests, gradient checks, the kernel's Jupyter test),
#   3. executes every notebook headlessly in quick mode on the kit's Java kernel and checks its figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-deps.sh
export OMP_NUM_THREADS=1
mvn -B -ntp verify
bash notebooks/run-notebooks.sh --quick

# one closing line over everything that ran: JUnit tests of every module (surefire + failsafe) and the notebooks
tests=0; failed=0
for f in */target/surefire-reports/TEST-*.xml */target/failsafe-reports/TEST-*.xml; do
  [ -f "$f" ] || continue
  head=$(grep -m1 -o '<testsuite [^>]*>' "$f")
  t=$(sed -n 's/.* tests="\([0-9]*\)".*/\1/p' <<<"$head"); fl=$(sed -n 's/.* failures="\([0-9]*\)".*/\1/p' <<<"$head")
  er=$(sed -n 's/.* errors="\([0-9]*\)".*/\1/p' <<<"$head"); sk=$(sed -n 's/.* skipped="\([0-9]*\)".*/\1/p' <<<"$head")
  tests=$((tests + ${t:-0} - ${sk:-0})); failed=$((failed + ${fl:-0} + ${er:-0}))
done
notebooks=$(ls notebooks/[0-9]*.ipynb | wc -l)
echo "JUnit tests ($tests) and notebooks ($notebooks), one closing line:"
echo "total: $((tests - failed + notebooks)) passed, $failed failed"

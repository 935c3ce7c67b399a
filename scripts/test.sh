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

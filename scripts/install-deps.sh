#!/usr/bin/env bash
# Installs the system packages the kit needs on a Debian machine: JDK 17 and Maven (all the `cbrnn` launcher needs);
# with --test also what scripts/test.sh needs: headless Jupyter for the notebooks, and for the browser test of the
# notebooks (browser/) the Jupyter Notebook server, Chromium and chromedriver. Only Debian packages and Maven Central
# are used; nothing comes from PyPI or conda. (Ubuntu ships Chromium as a snap: install chromium-browser and
# chromium-chromedriver yourself, then this script finds them.)
# --fashion-mnist (opt-in): also Debian's dataset-fashion-mnist (~30 MB, Expat licence; IDX files under
# /usr/share/datasets/fashion-mnist), the data of the ccRNN study's seq-fashion task (docs/ccrnn.md §3.4).
set -euo pipefail
if [ "${1:-}" = "--fashion-mnist" ]; then
  if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    echo "install-deps: dataset-fashion-mnist already present"
    exit 0
  fi
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  echo "install-deps: installing dataset-fashion-mnist"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
  exit 0
fi
need=()
command -v javac >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
if [ "${1:-}" != "--test" ]; then
  if [ ${#need[@]} -eq 0 ]; then exit 0; fi
  echo "install-deps: installing ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
command -v jupyter-nbconvert >/dev/null 2>&1 || need+=(jupyter-nbconvert)
python3 -c 'import nbclient' >/dev/null 2>&1 || /usr/bin/python3 -c 'import nbclient' >/dev/null 2>&1 || need+=(python3-nbclient)
command -v jupyter-kernelspec >/dev/null 2>&1 || need+=(jupyter-client jupyter-core)
/usr/bin/python3 -c 'import ipykernel' >/dev/null 2>&1 || need+=(python3-ipykernel)
# the browser test (browser/src/test/java/org/cbrnn/browser/NotebookBrowserIT.java)
command -v jupyter-notebook >/dev/null 2>&1 || need+=(jupyter-notebook)
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
  echo "install-deps: JDK, Maven, Jupyter, Chromium and chromedriver already present"
  exit 0
fi
echo "install-deps: installing ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

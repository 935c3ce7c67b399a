#!/usr/bin/env bash
# Installs the cbrnn Java kernel ("java") as a Jupyter kernelspec.
#
#   kernel/install.sh [--user | --prefix DIR] [--classpath CP] [--jar JAR]
#
#   --user         install for the current user (default)
#   --prefix DIR   install under DIR/share/jupyter/kernels/java (then run Jupyter with JUPYTER_PATH=DIR/share/jupyter)
#   --classpath CP what notebooks get on their class path (IJAVA_CLASSPATH; ':'-separated, entries may end in /*).
#                  Default: the kit's library jars from this repository (lib/ and, if built, dl4j/).
#   --jar JAR      the kernel jar (default: kernel/target/cbrnn-kernel.jar; build it with
#                  `mvn -pl kernel -am package`)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$script_dir/.." && pwd)"

mode=user
prefix=""
classpath=""
classpath_given=0
jar="$script_dir/target/cbrnn-kernel.jar"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --user) mode=user; shift ;;
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }
              mode=prefix; prefix="$2"; shift 2 ;;
    --prefix=*) mode=prefix; prefix="${1#--prefix=}"; shift ;;
    --classpath) [ $# -ge 2 ] || { echo "install.sh: --classpath needs a value" >&2; exit 2; }
                 classpath="$2"; classpath_given=1; shift 2 ;;
    --classpath=*) classpath="${1#--classpath=}"; classpath_given=1; shift ;;
    --jar) [ $# -ge 2 ] || { echo "install.sh: --jar needs a path" >&2; exit 2; }
           jar="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

if [ ! -f "$jar" ]; then
  echo "install.sh: kernel jar not found: $jar" >&2
  echo "  build it first: (cd '$repo' && mvn -pl kernel -am package -DskipTests)" >&2
  exit 1
fi
command -v jupyter >/dev/null 2>&1 || {
  echo "install.sh: 'jupyter' not found. On Debian/Ubuntu: apt-get install -y jupyter-client jupyter-core jupyter-nbconvert python3-nbclient python3-ipykernel" >&2
  exit 1
}
command -v python3 >/dev/null 2>&1 || { echo "install.sh: python3 not found (Jupyter needs it)" >&2; exit 1; }

if [ "$classpath_given" -eq 0 ]; then
  # version-free names (<finalName> in lib/pom.xml and dl4j/pom.xml): a version bump changes only the poms
  lib_jar="$repo/lib/target/cbrnn-lib.jar"
  dl4j_jar="$repo/dl4j/target/cbrnn-dl4j.jar"
  parts=("$lib_jar" "$repo/lib/target/deps/*")
  if [ -f "$dl4j_jar" ]; then
    parts+=("$dl4j_jar" "$repo/dl4j/target/deps/*")
  fi
  classpath="$(IFS=:; echo "${parts[*]}")"
  if [ ! -f "$lib_jar" ]; then
    echo "install.sh: note: $lib_jar does not exist yet; build the library (mvn -pl lib -am package) before using it in notebooks" >&2
  fi
fi

if [ "$mode" = prefix ]; then
  mkdir -p "$prefix"
  prefix="$(cd "$prefix" && pwd)"
  target="$prefix/share/jupyter/kernels/java"
else
  target="$(jupyter --data-dir)/kernels/java"
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/java"
cp "$jar" "$stage/java/cbrnn-kernel.jar"

python3 - "$stage/java/kernel.json" "$target/cbrnn-kernel.jar" "$classpath" <<'PY'
import json, sys
out, jar, cp = sys.argv[1:4]
spec = {
    "argv": ["java", "-Djava.awt.headless=true", "--add-modules=jdk.incubator.vector", "-Xmx4g",
             "-jar", jar, "{connection_file}"],
    "display_name": "Java (cbrnn)",
    "language": "java",
    "interrupt_mode": "message",
    "env": {
        "IJAVA_CLASSPATH": cp,
        "IJAVA_COMPILER_OPTS": "--add-modules=jdk.incubator.vector",
        "OMP_NUM_THREADS": "1",
    },
}
with open(out, "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
PY

if [ "$mode" = prefix ]; then
  jupyter kernelspec install --replace --name java --prefix "$prefix" "$stage/java" >/dev/null
else
  jupyter kernelspec install --replace --name java --user "$stage/java" >/dev/null
fi

if [ ! -f "$target/cbrnn-kernel.jar" ]; then
  echo "install.sh: expected the kernel at $target, but it is not there" >&2
  exit 1
fi
echo "Installed Jupyter kernel 'java' (Java (cbrnn)) in $target"
echo "  kernel jar: $target/cbrnn-kernel.jar"
echo "  IJAVA_CLASSPATH: $classpath"
if [ "$mode" = prefix ]; then
  echo "  use it with: JUPYTER_PATH=$prefix/share/jupyter jupyter nbconvert --execute --to notebook --ExecutePreprocessor.kernel_name=java NOTEBOOK.ipynb"
fi

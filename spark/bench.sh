#!/usr/bin/env bash
# The Spark executor's scaling benchmark (README, "Running on a cluster"): 8 short runs on LocalExecutor (1 and 2 at a
# time) and on a standalone cluster on 127.0.0.1 (1 worker x 1 core, 2 workers x 1 core) started from the
# Maven-resolved Spark jars; prints wall times, the speed-up and Spark's per-run overhead. Not a test.
#   spark/bench.sh                 3 epochs x 20 steps per run
#   EPOCHS=5 STEPS=40 spark/bench.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl spark -am package -DskipTests
mvn -q -B -pl spark -am test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test.classpath
cp="$(cat spark/target/test.classpath)"
export OMP_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
exec java --add-modules jdk.incubator.vector -Xmx2g -Depochs="${EPOCHS:-3}" -Dsteps="${STEPS:-20}" \
  -Dcbrnn.spark.app.jar=spark/target/cbrnn-spark-app.jar -Dcbrnn.spark.deps=spark/target/spark-deps \
  -cp "spark/target/test-classes:spark/target/classes:$cp" org.cbrnn.spark.ScalingBench 2> >(grep -v '^WARNING: Using incubator' >&2)

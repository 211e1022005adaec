#!/bin/sh
# Speed benchmark of the generator presets (see src/test/java/org/revivegan/bench/SpeedBenchmark.java).
# Usage: bench/speed.sh [--presets tiny,small,...] [--quick] [--out docs/performance.md] [--help]
# Run it on a quiet machine: other load skews the numbers. MVN_FLAGS (default -o) goes to Maven.
set -e
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never ${MVN_FLAGS--o} test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Xmx8g -Dorg.eclipse.deeplearning4j.helpers.disable=false \
	-cp "$(cat target/test-classpath.txt):target/classes:target/test-classes" \
	org.revivegan.bench.SpeedBenchmark "$@"

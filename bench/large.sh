#!/bin/sh
# Large-image benchmark: inpainting (1 % and 10 % damage), OpenCV Telea and colourisation at 1-64 MP, in the
# core and (fiji-* cases) through the Fiji commands' code on an RGB ImagePlus; one child JVM per case for its
# own peak RSS and heap (see src/test/java/org/revivegan/bench/LargeImageBenchmark.java).
# Usage: bench/large.sh [--sizes 1,4,16,64] [--out target/large-bench] [--inpaint-model FILE]
#        [--colorize-model FILE] [--xmx 4g] [--aspect 1.5] [--batch N] [--cases inpaint-1%,colorize,fiji-colorize] [--help]
# Writes large.md (table) and large.png (plot) to the output folder. Run it on a quiet machine.
set -e
cd "$(dirname "$0")/.."
mvn -B -q -Dstyle.color=never ${MVN_FLAGS--o} test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Xmx1g -Dorg.eclipse.deeplearning4j.helpers.disable=false \
	-cp "$(cat target/test-classpath.txt):target/classes:target/test-classes" \
	org.revivegan.bench.LargeImageBenchmark "$@"

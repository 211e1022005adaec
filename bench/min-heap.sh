#!/bin/sh
# The smallest Java heap (-Xmx, to 16 MB) in which a large-image benchmark case completes: a figure of the
# memory a case needs that neither garbage nor timing moves, unlike peak RSS or heap in use. Bisects between
# --lo (fails) and --hi (completes), one child JVM of LargeImageBenchmark per try; ND4J's off-heap limit is
# set apart from the heap (by default JavaCPP ties it to -Xmx).
# Usage: bench/min-heap.sh [--mp 24] [--aspect 1.5] [--lo 64] [--hi 1024] CASE... (cases as in bench/large.sh)
set -e
cd "$(dirname "$0")/.."
mp=24 aspect=1.5 lo0=64 hi0=1024
while [ $# -gt 0 ]; do
	case "$1" in
		--mp) mp=$2; shift 2;;
		--aspect) aspect=$2; shift 2;;
		--lo) lo0=$2; shift 2;;
		--hi) hi0=$2; shift 2;;
		--help) sed -n 2,6p "$0"; exit 0;;
		*) break;;
	esac
done
mvn -B -q -Dstyle.color=never ${MVN_FLAGS--o} test-compile dependency:build-classpath \
	-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="$(cat target/test-classpath.txt):target/classes:target/test-classes"
completes() { # heap-MB case
	r=$(java -Xmx"$1"m -Dorg.bytedeco.javacpp.maxbytes=6g -Dorg.bytedeco.javacpp.maxphysicalbytes=12g \
		-Dorg.eclipse.deeplearning4j.helpers.disable=false -cp "$cp" org.revivegan.bench.LargeImageBenchmark \
		--child "$2" --mp "$mp" --aspect "$aspect" 2>&1 | grep -E '^(RESULT|ERROR)' | tr '\n' ' ')
	echo "  $2 -Xmx$1m: $r"
	case "$r" in *"RESULT NaN"*) return 1;; *RESULT*) return 0;; *) return 1;; esac
}
for c in "$@"; do
	lo=$lo0 hi=$hi0
	if ! completes $hi "$c"; then echo "$c at $mp MP: fails even at -Xmx${hi}m"; continue; fi
	while [ $((hi - lo)) -gt 16 ]; do
		mid=$(( (lo + hi) / 32 * 16 ))
		if completes $mid "$c"; then hi=$mid; else lo=$mid; fi
	done
	echo "$c at $mp MP: completes with -Xmx${hi}m, runs out of heap with ${lo}m"
done

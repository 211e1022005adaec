#!/usr/bin/env bash
# Builds ReviveGAN and lays it out as it would be in a Fiji installation, with pom-scijava's populate-app
# goal (scijava-maven-plugin), then checks the layout that the update site will have:
#   plugins/ReviveGAN_-<version>.jar   the plugin (IJ1 puts jars with plugins.config in plugins/)
#   jars/*.jar                         the dependencies (DL4J, ND4J, JavaCPP, OpenBLAS, OpenCV, ...)
#   jars/<platform>/*.jar              the native libraries, one folder per platform (linux64, macosx, win64)
# Usage: bench/fiji-layout.sh [Fiji.app folder]   (default: a new temporary folder; kept, and printed)
# Needs every artifact in ~/.m2 (a normal 'mvn test' run puts them there). Maven runs without -o because
# populate-app declares that it needs online mode (it refuses to run with -o); with -nsu and everything in ~/.m2,
# nothing is downloaded. Takes a few minutes.
# pom-scijava binds populate-app to the install phase; the goal is called here right after the jar is made
# instead, so that nothing is written to ~/.m2. The build stops at process-classes and makes the jar with jar:jar
# (the plugin and configuration the package phase uses) because the package phase also makes the sources jar,
# which Fiji does not need and whose plugin's dependencies (maven-archiver 3.6.1) an offline ~/.m2 may lack.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-$(mktemp -d "${TMPDIR:-/tmp}/revivegan-fiji.XXXXXX")/Fiji.app}"
mkdir -p "$app" # populate-app copies nothing if the folder does not exist
mvn -nsu -B -q process-classes org.apache.maven.plugins:maven-jar-plugin:jar \
	org.scijava:scijava-maven-plugin:3.0.0:populate-app \
	-Dscijava.app.directory="$app" -Dscijava.deleteOtherVersions=older

fail=0
check() { # description, then a command that must succeed
	local what="$1"; shift
	if "$@" >/dev/null 2>&1; then echo "ok   $what"; else echo "FAIL $what"; fail=1; fi
}
version=$(grep -A1 '<artifactId>ReviveGAN_</artifactId>' pom.xml | sed -n 's|.*<version>\(.*\)</version>.*|\1|p')
check "plugins/ReviveGAN_-$version.jar" compgen -G "$app/plugins/ReviveGAN_-$version.jar"
check "plugins.config at the plugin jar's root" bash -c "unzip -l '$app'/plugins/ReviveGAN_-*.jar | grep -q ' plugins.config$'"
check "no ReviveGAN jar in jars/" bash -c "! compgen -G '$app/jars/ReviveGAN_*'"
check "DL4J in jars/" compgen -G "$app/jars/deeplearning4j-nn-*.jar"
check "ND4J native API in jars/" compgen -G "$app/jars/nd4j-native-[0-9]*.jar"
check "ImgLib2 in jars/" compgen -G "$app/jars/imglib2-[0-9]*.jar"
check "a platform folder under jars/" bash -c "ls -d '$app'/jars/*/ | grep -q ."
check "ND4J natives in a platform folder" compgen -G "$app/jars/*/nd4j-native-*-*.jar"
check "OpenBLAS natives in a platform folder" compgen -G "$app/jars/*/openblas-*-*.jar"
check "no native jar directly in jars/" bash -c "! ls '$app'/jars/*.jar | grep -E -- '-(linux|macosx|windows)-(x86_64|arm64)'"

echo "--- layout of $app"
(cd "$app" && find . -type d | sort && echo "plugins: $(ls plugins)" && echo "jars/: $(ls jars/*.jar | wc -l) jars," \
	"$(du -sh jars | cut -f1) in all" && for d in jars/*/; do echo "$d: $(ls "$d" | tr '\n' ' ')"; done)
exit $fail

#!/usr/bin/env bash
# Builds ReviveGAN and lays it out as it would be in a Fiji installation, with pom-scijava's populate-app
# goal (scijava-maven-plugin), then checks the layout that the update site will have:
#   plugins/ReviveGAN_-<version>.jar   the plugin (IJ1 puts jars with plugins.config in plugins/)
#   jars/*.jar                         the dependencies (DL4J, ND4J, JavaCPP, OpenBLAS, OpenCV, ...)
#   jars/<platform>/*.jar              the native libraries, one folder per platform (linux64, macosx, win64)
#   models/revivegan/<task>-<v>.zip    the default models, each its own versioned file (not in the plugin jar)
#   models/revivegan/inpaint-realistic-1.zip   the realistic inpainting model (model=realistic; copied and
#                                      checked whenever the repository's models/revivegan/ has it, as it now does)
#   macros/toolsets/ReviveGAN.ijm      the toolset, for the toolbar's ">>" menu
# and then makes it safe for an update site (org.revivegan.layout.FijiLayout, a test class): ND4J's relocated
# jars with generic names get a prefix (jars/guava-1.0.0-M2.1.jar would replace Fiji's Guava), ND4J's protobuf
# jar loses its unrelocated com.google.thirdparty classes, and no jar may have the name of an artifact that
# pom-scijava 40.0.0 (what Fiji ships) manages at another version.
# Usage: bench/fiji-layout.sh [Fiji.app folder]   (default: a new temporary folder; kept, and printed)
# Needs every artifact in ~/.m2 (a normal 'mvn test' run puts them there). Maven runs without -o because
# populate-app declares that it needs online mode (it refuses to run with -o); with -nsu and everything in ~/.m2,
# nothing is downloaded. Takes a few minutes.
# pom-scijava binds populate-app to the install phase; the goal is called here right after the jar is made
# instead, so that nothing is written to ~/.m2. The build stops at test-compile (FijiLayout is a test class)
# and makes the jar with jar:jar
# (the plugin and configuration the package phase uses) because the package phase also makes the sources jar,
# which Fiji does not need and whose plugin's dependencies (maven-archiver 3.6.1) an offline ~/.m2 may lack.
set -euo pipefail
cd "$(dirname "$0")/.."
app="${1:-$(mktemp -d "${TMPDIR:-/tmp}/revivegan-fiji.XXXXXX")/Fiji.app}"
mkdir -p "$app" # populate-app copies nothing if the folder does not exist
mvn -nsu -B -q test-compile org.apache.maven.plugins:maven-jar-plugin:jar \
	org.scijava:scijava-maven-plugin:3.0.0:populate-app \
	-Dscijava.app.directory="$app" -Dscijava.deleteOtherVersions=older

bom=~/.m2/repository/org/scijava/pom-scijava/40.0.0/pom-scijava-40.0.0.pom
layout() { java -cp target/test-classes org.revivegan.layout.FijiLayout "$@"; }
layout rename "$app"
layout strip "$app"
mkdir -p "$app/macros/toolsets" "$app/models/revivegan"
cp macros/toolsets/ReviveGAN.ijm "$app/macros/toolsets/"
cp models/revivegan/*.zip "$app/models/revivegan/"

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
check "no jar name that pom-scijava manages at another version (FijiLayout check)" layout check "$app" "$bom"
check "ND4J's Guava as jars/nd4j-guava-*.jar" compgen -G "$app/jars/nd4j-guava-*.jar"
check "no jars/guava-1.0.0-M2.1.jar" bash -c "! compgen -G '$app/jars/guava-1.0.0-*.jar'"
check "no unrelocated com/google/thirdparty classes in any jar" bash -c \
	"for j in '$app'/jars/*.jar; do unzip -l \"\$j\" | grep -q ' com/google/thirdparty/' && exit 1; done; exit 0"
check "JavaCPP is Fiji's (1.5.10)" compgen -G "$app/jars/javacpp-1.5.10.jar"
for gone in fastutil flatbuffers-java oshi-core commons-net byteunits neoitertools; do
	check "no $gone (never loaded, excluded in the pom)" bash -c "! compgen -G '$app/jars/$gone-[0-9]*.jar'"
done
check "the toolset in macros/toolsets/" test -f "$app/macros/toolsets/ReviveGAN.ijm"
for m in models/revivegan/*.zip; do check "$m" test -f "$app/$m"; done
check "no model inside the plugin jar" bash -c "! unzip -l '$app'/plugins/ReviveGAN_-*.jar | grep -q '\.zip$'"
# the layout's own jars (renamed, stripped, without the excluded ones) on the class path, as Fiji would have them:
# the command line's info loads the natives and reads the three default models found next to the plugin jar
platform=$(ls -d "$app"/jars/*/ | head -1)
check "the layout's jars run 'revive info' and find the 3 models in models/revivegan" bash -c \
	"java -cp '$app/plugins/*:$app/jars/*:${platform}*' org.revivegan.cli.Main info 2>/dev/null | grep -c '^[a-z]* model: *ReviveGAN' | grep -qx 3"
realistic=models/revivegan/inpaint-realistic-1.zip # optional until it ships: checked only when it is there
if [ -f "$realistic" ]; then
	check "the layout's jars run 'revive info' and find the realistic inpainting model ($realistic)" bash -c \
		"java -cp '$app/plugins/*:$app/jars/*:${platform}*' org.revivegan.cli.Main info 2>/dev/null | grep -q '^realistic inpaint model: '"
fi

echo "--- layout of $app"
mib() { du -cb "$@" | tail -1 | awk '{printf "%.1f MiB", $1 / 1048576}'; }
(cd "$app" && find . -type d | sort &&
	echo "plugins: $(ls plugins) ($(mib plugins/*.jar))" &&
	echo "models/revivegan: $(ls models/revivegan | tr '\n' ' ')($(mib models/revivegan))" &&
	echo "jars/: $(ls jars/*.jar | wc -l) jars, $(mib jars/*.jar): $(cd jars && ls *.jar | sed 's/\.jar$//' | tr '\n' ' ')" &&
	for d in jars/*/; do echo "$d ($(mib "$d")): $(ls "$d" | tr '\n' ' ')"; done &&
	for d in jars/*/; do echo "download for ${d%/}: $(mib plugins/*.jar models/revivegan jars/*.jar "$d") (plugin, models," \
		"jars/ and ${d%/}; less what the user's Fiji already has)"; done)
exit $fail

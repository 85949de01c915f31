#!/usr/bin/env bash
# The engine's column file (memory-mapped, read in place) next to an Apache Arrow IPC file read with Arrow Java
# (arrow-vector 19 + arrow-memory-unsafe), same generated columns (a dictionary text column of 35,000 communes, a
# number column with 1 % nulls, a double column), the engine's access pattern: open the version, count rows equal to a
# value, sum a number column, read 1,000,000 random rows. One JVM, the two interleaved, best of REPS; prints ms and
# Arrow/engine ratios. A benchmark, not a test (issue 22: "a maintained format ... unless measured faster").
#
# Usage: bench/column-format.sh                 12,000,000 rows, 5 repetitions (about 1 minute, 1 GB of disk)
#        ROWS=1000000 REPS=3 bench/column-format.sh
#        GEOEDUC_JAR=/path/geoeduc.jar bench/column-format.sh
set -euo pipefail
bench="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$bench")"
source "$repo/scripts/find-java.sh"
find_java >/dev/null
JDK="$JAVA_HOME"
work="${BENCH_WORK:-$bench/results/column-format-work}"
mkdir -p "$work"
jar="${GEOEDUC_JAR:-$repo/app/target/geoeduc.jar}"
if [[ ! -f "$jar" ]]; then
  echo "building app/target/geoeduc.jar…" >&2
  (cd "$repo" && ./mvnw -B -ntp -q package -pl app -am -DskipTests) >&2
fi
cp "$jar" "$work/geoeduc.jar"
(cd "$bench/column-format" && "$repo/mvnw" -B -ntp -q dependency:build-classpath -Dmdep.outputFile="$work/arrow.cp") >&2
classes="$work/classes"
rm -rf "$classes" && mkdir -p "$classes"
CP="$work/geoeduc.jar:$(cat "$work/arrow.cp")"
"$JDK/bin/javac" --release 21 -nowarn -d "$classes" -cp "$CP" "$bench/src/main/java/fr/geoeduc/core/engine/ColumnFormatBench.java"
report="$bench/results/column-format-$(date +%Y-%m-%d-%H%M%S).txt"
{
  echo "Engine column file vs Apache Arrow IPC (Arrow Java 19.0.0) — $(date '+%Y-%m-%d %H:%M:%S'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), JDK $("$JDK/bin/java" -version 2>&1 | head -n 1)"
  "$JDK/bin/java" -Xmx4g --add-opens=java.base/java.nio=ALL-UNNAMED -cp "$classes:$CP" fr.geoeduc.core.engine.ColumnFormatBench \
    "${ROWS:-12000000}" "$work/files" "${REPS:-5}" 2>&1 | grep -v -E '^SLF4J|^WARNING: (A terminally|sun\.misc|Please consider)'
} | tee "$report"
rm -rf "$work/files"
echo "report: $report"

#!/usr/bin/env bash
# Sector polygons from a national BAN-format file (issue 21): GéoÉduc vs LivingData's carte-scolaire (~1 hour for
# France, its README). A SYNTHETIC national file is generated from the real 35 carte and 2018 commune polygons,
# repeated under DEPS département codes (the carte renumbered alike), loaded with `referentiel load ban`, then
# `carte-scolaire secteurs` builds the polygons reading carte and addresses through the query service.
# Prints the addresses, the load and build times, the peak memory, and the build time extrapolated linearly to
# 26 M addresses against LivingData's hour. Never fails on timing.
#
# Settings (short by default; the full national run is DEPS=95 PAR_COMMUNE=600 PAR_PLAGE=20, about 26 M addresses):
#   DEPS=4 PAR_COMMUNE=100 PAR_PLAGE=5 XMX=2g BENCH_BUILD=1 (package the jar first; never `install`)
#   JAR=/path/to/geoeduc.jar runs another build (e.g. a copy of an earlier one, for before/after figures)
#   BENCH_JFR=/tmp/secteurs.jfr records the build step with Java Flight Recorder (summary: bench/jfr-top.py FILE),
#   BENCH_JFR_LOAD=/tmp/load.jfr the load step
#   BENCH_JAVA_OPTS="-XX:+UseSerialGC" adds JVM options to both measured steps (default: none, G1)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/find-java.sh"
find_java >/dev/null
data_root="${SHARED_DATA:-$repo/../shared/data}"
carte35="$data_root/ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv"
communes="$data_root/geometry/communes-2018/communes-35-ille-et-vilaine.geojson"
[[ -f "$carte35" && -f "$communes" ]] || { echo "skip: $carte35 or $communes absent"; exit 0; }
DEPS="${DEPS:-4}"; PAR_COMMUNE="${PAR_COMMUNE:-100}"; PAR_PLAGE="${PAR_PLAGE:-5}"; XMX="${XMX:-2g}"
jar="${JAR:-$repo/app/target/geoeduc.jar}"
if [[ "${BENCH_BUILD:-}" == 1 || ! -f "$jar" ]]; then
  (cd "$repo" && ./mvnw -B -ntp -o -q package -pl app -am -DskipTests) >&2
fi
work="$(mktemp -d /tmp/geoeduc-sectors-XXXX)"
trap 'rm -rf "$work"' EXIT
g() { "$JAVA" -Xmx"$XMX" --enable-native-access=ALL-UNNAMED -jar "$jar" --data "$work/data" "$@"; }
# the first DEPS metropolitan département codes (2A/2B excluded: the renumbering keeps 5-digit numeric codes)
deps=$(printf '%02d\n' $(seq 1 95) | grep -v '^20$' | head -n "$DEPS" | paste -sd, -)
g referentiel load cog-mouvements "$repo/core/src/main/resources/referentiel/cog-mouvements-35-extrait.csv" >/dev/null
g referentiel load communes "$communes" --millesime 2018 >/dev/null
g ingest "$carte35" --dataset fr-en-carte-scolaire-colleges-publics >/dev/null
g synthetic ban --out "$work/adresses-france.csv.gz" --departements "$deps" --par-commune "$PAR_COMMUNE" --par-plage "$PAR_PLAGE"
# the national carte: the 35 rows repeated under each code (code_insee is the 8th column)
{ head -n 1 "$carte35"; for d in ${deps//,/ }; do tail -n +2 "$carte35" | awk -F';' -v OFS=';' -v d="$d" '{ $8 = d substr($8, 3); print }'; done; } \
  > "$work/carte-national.csv"
g ingest "$work/carte-national.csv" --dataset fr-en-carte-scolaire-colleges-publics >/dev/null
n=$(zcat "$work/adresses-france.csv.gz" | tail -n +2 | wc -l)
t0=$(date +%s.%N)
jfr_load=()
[[ -n "${BENCH_JFR_LOAD:-}" ]] && jfr_load=(-XX:StartFlightRecording=filename="$BENCH_JFR_LOAD",settings=profile)
/usr/bin/time -f "%M %U %S" -o "$work/load.mem" "$JAVA" -Xmx"$XMX" ${BENCH_JAVA_OPTS:-} "${jfr_load[@]}" --enable-native-access=ALL-UNNAMED -jar "$jar" --data "$work/data" \
  referentiel load ban "$work/adresses-france.csv.gz" | tail -n 1
t1=$(date +%s.%N)
jfr=()
[[ -n "${BENCH_JFR:-}" ]] && jfr=(-XX:StartFlightRecording=filename="$BENCH_JFR",settings=profile)
/usr/bin/time -f "%M %U %S" -o "$work/build.mem" "$JAVA" -Xmx"$XMX" ${BENCH_JAVA_OPTS:-} "${jfr[@]}" --enable-native-access=ALL-UNNAMED -jar "$jar" --data "$work/data" \
  carte-scolaire secteurs --geojson "$work/secteurs.geojson"
t2=$(date +%s.%N)
read -r ml lu ls < "$work/load.mem"
read -r mb bu bs < "$work/build.mem"
awk -v n="$n" -v l="$(echo "$t1 - $t0" | bc)" -v b="$(echo "$t2 - $t1" | bc)" -v ml="$ml" -v mb="$mb" \
    -v lc="$(echo "$lu + $ls" | bc)" -v bc="$(echo "$bu + $bs" | bc)" -v cores="$(nproc)" \
    -v load="$(cut -d' ' -f1 /proc/loadavg)" -v deps="$DEPS" 'BEGIN {
  printf "addresses (SYNTHETIC, %s département(s)): %d; load average at the end %s on %d cores\n", deps, n, load, cores
  printf "load ban:          %7.1f s  CPU %7.1f s  peak RSS %5d MB  (%.0f addresses/s)\n", l, lc, ml / 1024, n / l
  printf "build sectors:     %7.1f s  CPU %7.1f s  peak RSS %5d MB  (%.0f addresses/s)\n", b, bc, mb / 1024, n / b
  f = 26000000 / n
  printf "extrapolated to 26 M addresses (linear): load %.0f s, build %.0f s, total %.0f s (goal < 300 s for the build)\n", l * f, b * f, (l + b) * f
  printf "ratio vs LivingData (~3600 s for France): build %.2fx, load+build %.2fx (above 1 = faster)\n", 3600 / (b * f), 3600 / ((l + b) * f)
  # on a shared machine the wall clock counts other jobs: the CPU time spread over the cores is what a quiet machine would take at best
  printf "from CPU time (quiet machine, %d cores, at best): build %.0f s for 26 M, ratio %.2fx; load+build %.0f s, ratio %.2fx\n", cores, bc * f / cores, 3600 / (bc * f / cores), (lc + bc) * f / cores, 3600 / ((lc + bc) * f / cores)
}'

#!/usr/bin/env bash
# The map explorer in a real browser (issue 20's benchmark): headless system Chromium opens /carte on the 70,000-row
# national annuaire (bench/gen-annuaire.py), RUNS times with an empty cache, and measures the time to the first
# rendered points, the time to an idle map, and the JS + CSS transferred (gzip where the server compresses); the
# medians are printed as ratios against the issue's goals (points < 2 s on this machine, < 1.5 MB transferred).
# A benchmark, not a test: it never fails on timing (exit 1 only when a tool is missing or the build fails).
#
# Usage: bench/ui-map.sh            (about 3 to 6 minutes the first time: jar, data, ingest; then about a minute)
# Environment (all optional):
#   RUNS=5          cold page loads measured
#   ROWS=70000      rows of the generated national annuaire
#   CHROMIUM=/usr/bin/chromium
#   PORTS=18200-18299  ports the server may listen on (the first free one)
#   BENCH_BUILD=1   rebuild app/target/geoeduc.jar (./mvnw -o package -pl app -am -DskipTests) even if it exists
#   BENCH_WORK=DIR  scratch directory (default bench/results/ui-map-work, git-ignored)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
shared="$repo/../shared/data"
ANNUAIRE_35="$shared/ille-et-vilaine/fr-en-annuaire-education.csv"
RUNS="${RUNS:-5}"
ROWS="${ROWS:-70000}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
DATASET="fr-en-annuaire-education"
results="$bench/results"
work="${BENCH_WORK:-$results/ui-map-work}"
stamp="$(date +%Y-%m-%d-%H%M%S)"
report="$results/ui-map-$stamp.txt"
log() { printf '%s\n' "$*" >&2; }
# the first free port of PORTS (FIRST-LAST), so that the server stays in the range given to this work
free_port() { python3 -c 'import socket, sys
lo, hi = map(int, sys.argv[1].split("-"))
for p in range(lo, hi + 1):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); print(p); break
    except OSError:
        pass
    finally:
        s.close()
else:
    sys.exit("no free port in " + sys.argv[1])' "${PORTS:-18200-18299}"; }

[[ -f "$ANNUAIRE_35" ]] || { log "missing $ANNUAIRE_35 (../shared/data beside the checkout)"; exit 1; }
[[ -x "$CHROMIUM" ]] || { log "missing $CHROMIUM (apt-get install chromium)"; exit 1; }
source "$repo/scripts/find-java.sh"
find_java >/dev/null # sets JAVA and JAVA_HOME (JDK 21+)
JAVAC="$JAVA_HOME/bin/javac"
[[ -x "$JAVAC" ]] || { log "a JDK with javac is required"; exit 1; }

jar="$repo/app/target/geoeduc.jar"
if [[ "${BENCH_BUILD:-}" == 1 || ! -f "$jar" ]]; then
  log "building app/target/geoeduc.jar (./mvnw -o package -pl app -am -DskipTests)…"
  (cd "$repo" && ./mvnw -B -ntp -q -o package -pl app -am -DskipTests >&2) || { log "the build failed"; exit 1; }
fi
mkdir -p "$results" "$work"
work="$(cd "$work" && pwd)"
cp "$jar" "$work/geoeduc.jar" # a snapshot: a rebuild of app/target cannot change the code under test mid-run

# Playwright for Java, as the browser tests use it (from the local Maven repository, no browser download)
cpfile="$work/playwright.cp"
if [[ ! -s "$cpfile" ]]; then
  # in the reactor with core (-am, package): server's test classpath holds core's test-jar, which no repository has
  (cd "$repo" && ./mvnw -B -ntp -q -o package dependency:build-classpath -pl server -am -DskipTests -Dmdep.includeScope=test \
      -Dmdep.outputFile="$cpfile.all" >&2)
  tr ':' '\n' <"$cpfile.all" | grep -E '/(playwright|driver|driver-bundle|gson|opentest4j)-[0-9.]+\.jar$' | paste -sd: >"$cpfile"
fi
rm -rf "$work/classes" && mkdir -p "$work/classes"
"$JAVAC" -nowarn -cp "$(cat "$cpfile")" -d "$work/classes" "$bench/src/UiMapBench.java"

# the national-size annuaire, ingested once
annuaire="$results/annuaire-$ROWS.csv"
ref="$repo/core/src/main/resources/referentiel"
if [[ ! -f "$annuaire" || "$bench/gen-annuaire.py" -nt "$annuaire" ]]; then
  python3 "$bench/gen-annuaire.py" "$ANNUAIRE_35" "$ref/departements.csv" "$ref/academies.csv" "$ref/regions.csv" \
    "$shared/geometry/departements.geojson" "$annuaire.part" "$ROWS" >&2
  mv "$annuaire.part" "$annuaire"
fi
data="$work/data"
if [[ ! -f "$data/.ingested-$ROWS" || "$annuaire" -nt "$data/.ingested-$ROWS" ]]; then
  rm -rf "$data"
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$work/geoeduc.jar" --data "$data" ingest "$annuaire" --dataset "$DATASET" >"$work/ingest.log" 2>&1 \
    || { log "ingest failed:"; tail -n 20 "$work/ingest.log" >&2; exit 1; }
  "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$work/geoeduc.jar" --data "$data" referentiel load departements \
    "$shared/geometry/departements.geojson" >>"$work/ingest.log" 2>&1 || log "base layer (départements) not loaded: the map draws without it"
  touch "$data/.ingested-$ROWS"
fi

port=$(free_port)
GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$work/geoeduc.jar" --data "$data" \
  serve --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/api/health" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { log "the server did not start:"; tail -n 20 "$work/serve.log" >&2; exit 1; }
  sleep 0.1
done
# warm the server (first query loads the dataset in memory): the benchmark measures the page, not the cold start
curl -fsS -o /dev/null "http://127.0.0.1:$port/api/explore/v2.1/catalog/datasets/$DATASET/records?limit=1"

url="http://127.0.0.1:$port/carte?jeu=$DATASET"
{
  echo "GéoÉduc map explorer in headless Chromium — $(date '+%F %T')"
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $("$CHROMIUM" --version 2>/dev/null | head -n 1)"
  echo "jar of $(date -r "$jar" '+%F %T'), commit $(git -C "$repo" log -1 --format=%h)"
  echo "page: $url ($(($(wc -l <"$annuaire") - 1)) rows), 1280×900, $RUNS cold runs (fresh browser context each)"
} | tee "$report"
"$JAVA" -cp "$(cat "$cpfile"):$work/classes" UiMapBench "$url" "$CHROMIUM" "$RUNS" "$report"
log "report: $report"

#!/usr/bin/env bash
# Query benchmark: GéoÉduc's Explore API v2.1 (in-memory columnar snapshots) next to the same ten queries written in
# SQL against PostgreSQL 15 + PostGIS through JDBC from a small Java HTTP endpoint, same machine, same run.
# Data: a national-size annuaire (70,000 rows generated from the Ille-et-Vilaine file with new UAIs, spread over
# 70 other départements), the national géolocalisation of the collèges and the IPS of the écoles.
# wrk (64 connections, 2 threads, --latency) on each query and each side; prints req/s, p50, p99, the throughput
# ratio GéoÉduc / PostgreSQL, the geometric mean of the ratios and GéoÉduc's memory per dataset.
# A benchmark, not a test: it never fails on timing (exit 1 only if a tool or a server fails to start).
#
# Usage: bench/explore-vs-postgresql.sh          (about 20 minutes: 10 queries × 2 sides × (warm-ups + 15 s), profile)
# Environment (all optional):
#   DURATION=15        seconds of wrk per query and side (measured)
#   WARMUP=5           seconds of wrk per query and side in a first pass over all queries (JIT, caches, pools)
#   STEADY_MIN=15 STEADY_MAX=60 STEADY_STEP=3   then, just before each measured run, wrk runs of STEADY_STEP seconds
#                      on that query and side until two in a row agree within 10 % and STEADY_MIN seconds have passed
#                      (at most STEADY_MAX): on 2 cores the JIT compiles under the load and a fixed 5 s measured
#                      GéoÉduc's in_bbox at 1.8-2.5k req/s, where it runs at 3.7-4.2k after 20 s
#   CONNECTIONS=64 THREADS=2    wrk settings
#   ROWS=70000         rows of the generated annuaire
#   POOL=8             JDBC connections of the PostgreSQL endpoint (HikariCP)
#   PROFILE=1          after the measured runs, one more wrk run per query on GéoÉduc with jcmd thread dumps
#                      (Thread.dump_to_file, which includes virtual threads) and a JFR recording (JFR.start) to list
#                      hot frames with file:line; 0 to skip
#   PROFILE_SAMPLES=15 dumps per query (each jcmd takes about a second)
#   GEOEDUC_JAVA_OPTS  JVM options of the GéoÉduc server (default -Xmx1g, as the ./geoeduc launcher)
#   GEOEDUC_PG_DIR     the throw-away PostgreSQL cluster (default /tmp/geoeduc-bench-pg; scripts/pg-test-cluster.sh)
#   KEEP=1             leave both servers and the cluster running at the end (prints their URLs)
#   BENCH_WORK=DIR     scratch directory (default bench/results/explore-work, git-ignored)
#   BENCH_MAX_LOAD=N   before each measured query, wait (at most 2 min) until the 1-min load average is below N
#   GEOEDUC_JAR=FILE   the jar to measure (default app/target/geoeduc.jar, built with ./mvnw -o install -DskipTests if
#                      missing), e.g. one built in a clean clone of HEAD while others work in this tree
#   BENCH_LAUNCHER=1   start the server through ./geoeduc (which may rebuild mid-run if sources change) instead
#                      of the exact java command line the launcher execs, on a snapshot of the jar
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
shared="$repo/../shared/data"
ANNUAIRE_35="$shared/ille-et-vilaine/fr-en-annuaire-education.csv"
GEOLOC_FILE="$shared/national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"
IPS_FILE="$shared/national/fr-en-ips_ecoles-2021-2022.csv"
ANNUAIRE_ID="fr-en-annuaire-education"
GEOLOC_ID="fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"
IPS_ID="fr-en-ips_ecoles"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
STEADY_MIN="${STEADY_MIN:-15}"
STEADY_MAX="${STEADY_MAX:-60}"
STEADY_STEP="${STEADY_STEP:-3}"
CONNECTIONS="${CONNECTIONS:-64}"
THREADS="${THREADS:-2}"
ROWS="${ROWS:-70000}"
POOL="${POOL:-8}"
PROFILE="${PROFILE:-1}"
PROFILE_SAMPLES="${PROFILE_SAMPLES:-15}"
export GEOEDUC_PG_DIR="${GEOEDUC_PG_DIR:-/tmp/geoeduc-bench-pg}"
M2="$HOME/.m2/repository"
PGJDBC="$M2/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar"
HIKARI="$(ls "$M2"/com/zaxxer/HikariCP/*/HikariCP-*.jar 2>/dev/null | sort -V | tail -n 1 || true)"
results="$bench/results"
work="${BENCH_WORK:-$results/explore-work}"
stamp="$(date +%Y-%m-%d-%H%M%S)"
report="$results/explore-$stamp.txt"
mkdir -p "$results" "$work"
work="$(cd "$work" && pwd)"

say() { printf '%s\n' "$*" | tee -a "$report"; }
log() { printf '%s\n' "$*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- tools
for f in "$ANNUAIRE_35" "$GEOLOC_FILE" "$IPS_FILE"; do
  [[ -f "$f" ]] || { log "missing $f (../shared/data beside the checkout)"; exit 1; }
done
apt_install() {
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing $* (Debian packages)…"
  $sudo apt-get install -y "$@" >"$work/apt.log" 2>&1 \
    || { $sudo apt-get update >>"$work/apt.log" 2>&1 && $sudo apt-get install -y "$@" >>"$work/apt.log" 2>&1; } \
    || { log "apt-get install $* failed: see $work/apt.log"; exit 1; }
}
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v psql >/dev/null 2>&1 && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 \
  && ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || apt_install postgresql postgresql-15-postgis-3
[[ -f "$PGJDBC" ]] || { log "missing $PGJDBC: run ./mvnw install once (the project depends on it)"; exit 1; }

java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}') || true
  v=${v%%.*}
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}
find_jdk() { # the newest JDK >= 21 with javac and jcmd (the launcher also picks the newest)
  local best="" best_v=0 home v homes=()
  [[ -n "${JAVA_HOME:-}" ]] && homes+=("$JAVA_HOME")
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do homes+=("$home"); done
  for home in "${homes[@]}"; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    v=$(java_major "$home/bin/java")
    if ((v >= 21 && v > best_v)); then best="$home"; best_v=$v; fi
  done
  [[ -n "$best" ]] || { log "a JDK 21+ with javac is required (set JAVA_HOME)"; exit 1; }
  echo "$best"
}
JDK="$(find_jdk)"
JAVA="$JDK/bin/java"
jar="${GEOEDUC_JAR:-$repo/app/target/geoeduc.jar}"
if [[ ! -f "$jar" ]]; then
  log "building app/target/geoeduc.jar…"
  (cd "$repo" && JAVA_HOME="$JDK" MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ./mvnw -q -o install -DskipTests) >&2
fi
stale=""
if [[ -z "${GEOEDUC_JAR:-}" && -n "$(find "$repo/core/src/main" "$repo/server/src/main" "$repo/app/src/main" -newer "$jar" -type f 2>/dev/null | head -n 1)" ]]; then
  stale=" (NOTE: some sources are newer than the jar; rebuild with ./mvnw -o install -DskipTests to measure them)"
fi
SNAPSHOT="$work/geoeduc.jar" # a copy: a concurrent rebuild of app/target cannot change the code under test mid-run
cp "$jar" "$SNAPSHOT"
classes="$work/classes"
rm -rf "$classes" && mkdir -p "$classes"
CP="$PGJDBC${HIKARI:+:$HIKARI}:$SNAPSHOT:$classes"
"$JDK/bin/javac" --release 21 -nowarn -cp "$CP" -d "$classes" "$bench/src/main/java/fr/geoeduc/bench/PgExploreEndpoint.java"

pids=()
cleanup() {
  local p
  if [[ "${KEEP:-}" == 1 ]]; then
    log "KEEP=1: GéoÉduc http://127.0.0.1:${GPORT:-?}/ (pid ${GPID:-?}), PostgreSQL endpoint http://127.0.0.1:${PPORT:-?}/q/ (pid ${PPID_:-?}), cluster in $GEOEDUC_PG_DIR"
    return
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$repo/scripts/pg-test-cluster.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

source "$bench/wait-http.sh"

: >"$report"
say "GéoÉduc Explore API v2.1 vs PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -n 1) + PostGIS through JDBC — $(date '+%F %T')"
say "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); JDK $(java_major "$JAVA") ($JDK); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2)"
say "jar: $jar of $(date -r "$jar" '+%F %T'); last commit of the work tree before it: $(git -C "$repo" log -1 --format='%h %cd' --date=format:'%F %T' --before="$(date -r "$jar" '+%F %T')" 2>/dev/null || echo '?')$stale"
say "wrk: $CONNECTIONS connections, $THREADS threads, ${WARMUP} s warm-up pass, then per query and side a warm-up to steady state"
say "     (${STEADY_STEP} s runs until two agree within 10 %, at least ${STEADY_MIN} s, at most ${STEADY_MAX} s) + ${DURATION} s measured, --latency, --timeout 10s"
say "load average at start: $(loadavg)"

# ---------------------------------------------------------------- 1. data: the national-size annuaire
annuaire="$results/annuaire-$ROWS.csv"
gen="$bench/gen-annuaire.py"
ref="$repo/core/src/main/resources/referentiel"
if [[ ! -f "$annuaire" || "$gen" -nt "$annuaire" || "$ANNUAIRE_35" -nt "$annuaire" ]]; then
  python3 "$gen" "$ANNUAIRE_35" "$ref/departements.csv" "$ref/academies.csv" "$ref/regions.csv" \
    "$shared/geometry/departements.geojson" "$annuaire.part" "$ROWS" >&2
  mv "$annuaire.part" "$annuaire"
fi
say "annuaire: $annuaire ($(($(wc -l <"$annuaire") - 1)) rows, $(calc %.1f "$(stat -c %s "$annuaire") / 1048576") MB)"

# ---------------------------------------------------------------- 2. GéoÉduc: ingest, serve
GDATA="$work/geoeduc-data"
rm -rf "$GDATA"
geoeduc_cli() {
  if [[ "${BENCH_LAUNCHER:-}" == 1 ]]; then
    "$repo/geoeduc" "$@"
  else # the command line ./geoeduc execs
    "$JAVA" --enable-native-access=ALL-UNNAMED ${GEOEDUC_JAVA_OPTS:--Xmx1g} -jar "$SNAPSHOT" "$@"
  fi
}
for spec in "$annuaire|$ANNUAIRE_ID" "$GEOLOC_FILE|$GEOLOC_ID" "$IPS_FILE|$IPS_ID"; do
  f="${spec%%|*}"
  id="${spec##*|}"
  t0=$(date +%s.%N)
  geoeduc_cli --data "$GDATA" ingest "$f" --dataset "$id" >"$work/ingest-$id.log" 2>&1 \
    || { log "GéoÉduc ingest of $f failed:"; tail -n 20 "$work/ingest-$id.log" >&2; exit 1; }
  say "GéoÉduc ingest $id: $(grep -m1 -o '[0-9]* lignes/rows' "$work/ingest-$id.log" | cut -d' ' -f1) rows in $(calc %.1f "$(date +%s.%N) - $t0") s"
done
GPORT=$(free_port)
# the per-dataset memory of /api/health is for the platform administrator only (it would name restricted datasets)
export GEOEDUC_ADMIN_KEY="${GEOEDUC_ADMIN_KEY:-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 48)}"
if [[ "${BENCH_LAUNCHER:-}" == 1 ]]; then # the launcher execs java: $! is the JVM's pid either way
  GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$repo/geoeduc" --data "$GDATA" serve --port "$GPORT" >"$work/geoeduc-serve.log" 2>&1 &
else
  GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$JAVA" --enable-native-access=ALL-UNNAMED ${GEOEDUC_JAVA_OPTS:--Xmx1g} -jar "$SNAPSHOT" \
    --data "$GDATA" serve --port "$GPORT" >"$work/geoeduc-serve.log" 2>&1 &
fi
GPID=$!
pids+=("$GPID")
wait_http "http://127.0.0.1:$GPORT/api/health" 60 "$GPID" || { log "GéoÉduc did not start:"; tail -n 20 "$work/geoeduc-serve.log" >&2; exit 1; }
GBASE="http://127.0.0.1:$GPORT"

# ---------------------------------------------------------------- 3. PostgreSQL: cluster, COPY, indexes, endpoint
pg_env="$("$repo/scripts/pg-test-cluster.sh" start)"
pg_url="$(sed -n 's/^export GEOEDUC_TEST_PG=//p' <<<"$pg_env")"
[[ "$pg_url" =~ ^postgresql://([^@]+)@([^:/]+):([0-9]+)/ ]] || { log "unexpected cluster URL: $pg_url"; exit 1; }
PGUSER_="${BASH_REMATCH[1]}"
PGHOST_="${BASH_REMATCH[2]}"
PGPORT_="${BASH_REMATCH[3]}"
psql_() { psql -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_ -d postgres -c "DROP DATABASE IF EXISTS geoeduc_bench" -c "CREATE DATABASE geoeduc_bench"
JDBC="jdbc:postgresql://$PGHOST_:$PGPORT_/geoeduc_bench?user=$PGUSER_"
: >"$work/pg-load.log"
t0=$(date +%s.%N)
for spec in "$annuaire|$ANNUAIRE_ID|annuaire" "$GEOLOC_FILE|$GEOLOC_ID|geoloc" "$IPS_FILE|$IPS_ID|ips"; do
  IFS='|' read -r f id table <<<"$spec"
  "$JAVA" -cp "$CP" fr.geoeduc.bench.PgExploreEndpoint load "$JDBC" "$GBASE" "$id" "$table" "$f" >>"$work/pg-load.log" 2>&1 \
    || { log "PostgreSQL load of $f failed:"; tail -n 20 "$work/pg-load.log" >&2; exit 1; }
done
psql_ -d geoeduc_bench <<'SQL' >>"$work/pg-load.log"
-- full-text search: words without accents, as GéoÉduc's index (unaccent is not immutable: a stored column)
ALTER TABLE annuaire ADD COLUMN nom_tsv tsvector;
UPDATE annuaire SET nom_tsv = to_tsvector('simple', unaccent(coalesce(nom_etablissement, '')));
VACUUM FULL annuaire;
CREATE INDEX annuaire_uai ON annuaire (identifiant_de_l_etablissement);
CREATE INDEX annuaire_commune ON annuaire (code_commune);
CREATE INDEX annuaire_academie ON annuaire (code_academie);
CREATE INDEX annuaire_departement ON annuaire (code_departement);
CREATE INDEX annuaire_type ON annuaire (type_etablissement);
CREATE INDEX annuaire_position ON annuaire USING gist (position);
CREATE INDEX annuaire_position_geog ON annuaire USING gist ((position::geography));
CREATE INDEX annuaire_nom_tsv ON annuaire USING gin (nom_tsv);
CREATE INDEX geoloc_uai ON geoloc (numero_uai);
CREATE INDEX geoloc_commune ON geoloc (code_commune);
CREATE INDEX geoloc_academie ON geoloc (code_academie);
CREATE INDEX geoloc_position ON geoloc USING gist (position);
CREATE INDEX ips_uai ON ips (uai);
VACUUM (FREEZE, ANALYZE) annuaire, geoloc, ips;
ALTER DATABASE geoeduc_bench SET jit = off;
SQL
say "PostgreSQL load (COPY, typed tables, indexes, VACUUM ANALYZE): $(calc %.1f "$(date +%s.%N) - $t0") s; $(grep -c "rows COPY'd" "$work/pg-load.log") tables"
PPORT=$(free_port)
# the same number of carrier threads for its virtual threads as GéoÉduc's server sets for itself (2 per core)
# TCP_NODELAY on the endpoint's sockets, as GéoÉduc's Jetty has: without it, answers of some sizes wait for the
# client's delayed ACK (about 40 ms each), which would slow the peer for nothing of its own
"$JAVA" -Xmx512m -Djdk.virtualThreadScheduler.parallelism=$((2 * $(nproc))) -Dsun.net.httpserver.nodelay=true -cp "$CP" fr.geoeduc.bench.PgExploreEndpoint serve "$JDBC" "$PPORT" "$POOL" >"$work/pg-serve.log" 2>&1 &
PPID_=$!
pids+=("$PPID_")
wait_http "http://127.0.0.1:$PPORT/health" 30 "$PPID_" || { log "PostgreSQL endpoint did not start:"; tail -n 20 "$work/pg-serve.log" >&2; exit 1; }
PBASE="http://127.0.0.1:$PPORT"
say "PostgreSQL: shared_buffers $(psql_ -d geoeduc_bench -c 'show shared_buffers'), work_mem $(psql_ -d geoeduc_bench -c 'show work_mem'), jit off, fsync off (throw-away cluster); endpoint: HikariCP pool $POOL, virtual threads"

# ---------------------------------------------------------------- 4. the ten queries
UAI_LOOKUP="$(awk -F';' -v n=$((ROWS / 2 + 1)) 'NR == n {print $1}' "$annuaire")"
IPS_UAI="$(awk -F';' 'NR == 16001 {print $5}' "$IPS_FILE")"
queries="$work/queries.txt"
python3 - "$UAI_LOOKUP" "$IPS_UAI" >"$queries" <<'PY'
import sys
from urllib.parse import urlencode, quote
uai, ips_uai = sys.argv[1], sys.argv[2]
A = "fr-en-annuaire-education"
G = "fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"
I = "fr-en-ips_ecoles"
def g(ds, params, kind="records"):
    return f"/api/explore/v2.1/catalog/datasets/{ds}/{kind}?" + urlencode(params, quote_via=quote)
def p(name, params):
    return f"/q/{name}?" + urlencode(params, quote_via=quote)
for q in [
    ("uai", g(A, [("where", f'identifiant_de_l_etablissement="{uai}"')]), p("uai", [("uai", uai)])),
    ("commune", g(A, [("refine", "code_commune:35238"), ("limit", "20")]), p("commune", [("code", "35238"), ("limit", "20")])),
    ("in_bbox", g(A, [("where", "in_bbox(position,48.0,-1.8,48.2,-1.6)"), ("limit", "100")]),
     p("bbox", [("lat1", "48.0"), ("lon1", "-1.8"), ("lat2", "48.2"), ("lon2", "-1.6"), ("limit", "100")])),
    ("distance", g(A, [("where", "within_distance(position, geom'POINT(-1.68 48.11)', 2km)"), ("limit", "20")]),
     p("distance", [("lon", "-1.68"), ("lat", "48.11"), ("meters", "2000"), ("limit", "20")])),
    ("search", g(A, [("where", 'search(nom_etablissement,"jean")'), ("limit", "20")]), p("search", [("q", "jean"), ("limit", "20")])),
    ("group_avg", g(A, [("select", "code_academie,avg(nombre_d_eleves) as m"), ("group_by", "code_academie"), ("limit", "100")]),
     p("groupavg", [("limit", "100")])),
    ("count", g(A, [("select", "count(*) as n"), ("where", 'type_etablissement="Collège"')]), p("count", [("type", "Collège")])),
    ("page_order", g(G, [("where", 'code_academie="01"'), ("order_by", "appellation_officielle"), ("limit", "20"), ("offset", "20")]),
     p("page", [("academie", "01"), ("limit", "20"), ("offset", "20")])),
    ("ips_uai", g(I, [("where", f'uai="{ips_uai}"')]), p("ips", [("uai", ips_uai)])),
    ("export_csv", g(A, [("where", 'code_departement="035"')], "exports/csv"), p("export", [("dep", "035")])),
]:
    print("|".join(q))
PY
say ""
say "Queries (GéoÉduc: GET /api/explore/v2.1/catalog/datasets/…; PostgreSQL endpoint: GET /q/…, SQL in bench/src/main/java/fr/geoeduc/bench/PgExploreEndpoint.java):"
while IFS='|' read -r name gpath ppath; do
  say "  $(printf '%-10s' "$name") $(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1].split("/datasets/", 1)[1]))' "$gpath")"
done <"$queries"

# ---------------------------------------------------------------- 5. same answers?
say ""
say "Same answers? (total_count, results; unordered pages compared as whole result sets; CSV rows compared as sets, numbers by value)"
python3 "$bench/explore-check.py" "$queries" "$GBASE" "$PBASE" 2>&1 | sed 's/^/  /' | tee -a "$report" || true

# ---------------------------------------------------------------- 6. wrk
to_ms() { # wrk durations: 830.00us 1.23ms 2.00s 1.05m
  awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.2f", n }'
}
run_wrk() { # URL seconds out
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2}s" --timeout 10s --latency "$1" >"$3" 2>&1 || true
}
parse_wrk() { # file → "rps p50 p99 errors"
  local f="$1" rps p50 p99 non2xx sockerr
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$f")
  p50=$(awk '$1 == "50%" {print $2}' "$f")
  p99=$(awk '$1 == "99%" {print $2}' "$f")
  non2xx=$(awk -F': ' '/Non-2xx/ {print $2}' "$f")
  # "Socket errors: connect 0, read 12, write 0, timeout 0": every kind counts (a read error is a connection the server
  # closed or reset under wrk)
  sockerr=$(awk '/Socket errors/ {gsub(",", ""); s = 0; for (i = 3; i < NF; i += 2) s += $(i + 1); print s}' "$f")
  echo "${rps:-0} $(to_ms "${p50:-0ms}") $(to_ms "${p99:-0ms}") $((${non2xx:-0} + ${sockerr:-0}))"
}
CLK_TCK=$(getconf CLK_TCK)
cpu_snapshot() { # "pid ticks" (user + system CPU) of the given processes, one a line
  local p
  for p in "$@"; do
    awk -v p="$p" '{ sub(/^.*\) /, ""); print p, $12 + $13 }' "/proc/$p/stat" 2>/dev/null || true
  done
}
cpu_delta() { # ticks used between two snapshots: processes in both, plus those born in between (an autovacuum worker
  # that ends in between would otherwise count negatively)
  awk 'NR == FNR { before[$1] = $2; next } { d += $2 - (($1 in before) ? before[$1] : 0) } END { print d + 0 }' "$1" "$2"
}
pg_pids() { # the PostgreSQL endpoint's JVM, the postmaster and its children (backends of the pool, background workers)
  local pm
  pm=$(head -n 1 "$GEOEDUC_PG_DIR/data/postmaster.pid" 2>/dev/null || true)
  echo "$PPID_" ${pm:+$pm $(pgrep -P "$pm" | tr '\n' ' ')}
}
wrk_requests() { awk '/ requests in / {print $1}' "$1"; }

wait_load() {
  [[ -n "${BENCH_MAX_LOAD:-}" ]] || return 0
  local i
  for ((i = 0; i < 120; i++)); do
    awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v m="$BENCH_MAX_LOAD" 'BEGIN { exit !(l < m) }' && return 0
    sleep 1
  done
}

# Before each measured run, both servers must be idle: a run that wrk ends mid-answer (an export) leaves work behind
# that would otherwise land in the next measurement. Quiet = under 5 % of a core over half a second, waited for at
# most 20 s; a run that started on a busy server is named in the report.
NOT_QUIET=()
wait_quiet() { # label
  local i d
  for ((i = 0; i < 40; i++)); do
    # shellcheck disable=SC2046
    cpu_snapshot "$GPID" $(pg_pids) >"$work/quiet0"
    sleep 0.5
    # shellcheck disable=SC2046
    cpu_snapshot "$GPID" $(pg_pids) >"$work/quiet1"
    d=$(cpu_delta "$work/quiet0" "$work/quiet1")
    awk -v d="$d" -v t="$CLK_TCK" 'BEGIN { exit !(d <= 0.05 * 0.5 * t) }' && return 0
  done
  NOT_QUIET+=("$1")
  log "$1: the servers were still busy after 20 s; measuring anyway"
}

declare -A STEADY_S STEADY_OK
warm_to_steady_state() { # URL key
  local prev=0 rps t=0 f="$work/steady-$2.txt"
  STEADY_OK[$2]=no
  while ((t < STEADY_MAX)); do
    run_wrk "$1" "$STEADY_STEP" "$f"
    t=$((t + STEADY_STEP))
    read -r rps _ < <(parse_wrk "$f")
    if ((t >= STEADY_MIN)) && awk -v a="${rps:-0}" -v b="$prev" 'BEGIN { exit !(a > 0 && b > 0 && a <= 1.1 * b && a >= b / 1.1) }'; then
      STEADY_OK[$2]=yes
      break
    fi
    prev=${rps:-0}
  done
  STEADY_S[$2]=$t
}

log "warm-up: ${WARMUP} s per query and side…"
while IFS='|' read -r name gpath ppath; do
  run_wrk "$GBASE$gpath" "$WARMUP" "$work/warm-geoeduc-$name.txt"
  run_wrk "$PBASE$ppath" "$WARMUP" "$work/warm-pg-$name.txt"
done <"$queries"

declare -A G_RPS G_P50 G_P99 G_ERR G_CPU P_RPS P_P50 P_P99 P_ERR P_CPU LOADS
names=()
while IFS='|' read -r name gpath ppath; do
  names+=("$name")
  wait_load
  LOADS[$name]="$(cut -d' ' -f1 /proc/loadavg)"
  log "measuring $name: GéoÉduc then PostgreSQL (each warmed to steady state first), ${DURATION} s each…"
  warm_to_steady_state "$GBASE$gpath" "g-$name"
  wait_quiet "$name GéoÉduc"
  cpu_snapshot "$GPID" >"$work/cpu0"
  run_wrk "$GBASE$gpath" "$DURATION" "$work/wrk-geoeduc-$name.txt"
  cpu_snapshot "$GPID" >"$work/cpu1"
  read -r G_RPS[$name] G_P50[$name] G_P99[$name] G_ERR[$name] < <(parse_wrk "$work/wrk-geoeduc-$name.txt")
  G_CPU[$name]=$(calc %.3f "1000 * $(cpu_delta "$work/cpu0" "$work/cpu1") / $CLK_TCK / ($(wrk_requests "$work/wrk-geoeduc-$name.txt") + 1e-9)")
  warm_to_steady_state "$PBASE$ppath" "p-$name"
  wait_quiet "$name PostgreSQL"
  # shellcheck disable=SC2046
  cpu_snapshot $(pg_pids) >"$work/cpu0"
  run_wrk "$PBASE$ppath" "$DURATION" "$work/wrk-pg-$name.txt"
  # shellcheck disable=SC2046
  cpu_snapshot $(pg_pids) >"$work/cpu1"
  read -r P_RPS[$name] P_P50[$name] P_P99[$name] P_ERR[$name] < <(parse_wrk "$work/wrk-pg-$name.txt")
  P_CPU[$name]=$(calc %.3f "1000 * $(cpu_delta "$work/cpu0" "$work/cpu1") / $CLK_TCK / ($(wrk_requests "$work/wrk-pg-$name.txt") + 1e-9)")
done <"$queries"

say ""
say "Results ($CONNECTIONS connections, ${DURATION} s per query and side; latencies in ms; ratio = GéoÉduc req/s ÷ PostgreSQL req/s;"
say "goals (p99/3x): GéoÉduc p99 < 10 ms, ratio ≥ 3; err = non-2xx responses + socket errors; cpu = server CPU ms per request (GéoÉduc:"
say "its JVM; PostgreSQL: endpoint JVM + postmaster and backends), cpu ratio = PG cpu ÷ GéoÉduc cpu, which other load on the"
say "machine disturbs less than req/s; load = 1-min load average before the pair)"
say "$(printf '%-11s %9s %7s %7s %3s %6s | %9s %7s %7s %3s %6s | %6s %6s  %-7s %5s' query GéoÉduc/s p50 p99 err cpu PG/s p50 p99 err cpu ratio 'cpu r' p99/3x load)"
logsum=0
logcpu=0
ncpu=0
n=0
met=0
for name in "${names[@]}"; do
  g=${G_RPS[$name]} p=${P_RPS[$name]}
  ratio=$(calc %.2f "($p > 0) ? $g / $p : 0")
  goals=""
  awk -v x="${G_P99[$name]}" 'BEGIN { exit !(x < 10) }' && goals+="yes/" || goals+="no/"
  awk -v x="$ratio" 'BEGIN { exit !(x >= 3) }' && goals+="yes" || goals+="no"
  [[ "$goals" == "yes/yes" ]] && met=$((met + 1))
  if awk -v a="$g" -v b="$p" 'BEGIN { exit !(a > 0 && b > 0) }'; then
    logsum=$(calc %.6f "$logsum + log($g / $p)")
    n=$((n + 1))
  fi
  cratio=$(calc %.2f "(${G_CPU[$name]} > 0) ? ${P_CPU[$name]} / ${G_CPU[$name]} : 0")
  if awk -v a="${G_CPU[$name]}" -v b="${P_CPU[$name]}" 'BEGIN { exit !(a > 0 && b > 0) }'; then
    logcpu=$(calc %.6f "$logcpu + log(${P_CPU[$name]} / ${G_CPU[$name]})")
    ncpu=$((ncpu + 1))
  fi
  say "$(printf '%-11s %9.0f %7.2f %7.2f %3d %6.2f | %9.0f %7.2f %7.2f %3d %6.2f | %5.2fx %5.2fx  %-7s %5s' "$name" "$g" "${G_P50[$name]}" \
    "${G_P99[$name]}" "${G_ERR[$name]}" "${G_CPU[$name]}" "$p" "${P_P50[$name]}" "${P_P99[$name]}" "${P_ERR[$name]}" "${P_CPU[$name]}" \
    "$ratio" "$cratio" "$goals" "${LOADS[$name]}")"
done
geo=$(calc %.2f "($n > 0) ? exp($logsum / $n) : 0")
geocpu=$(calc %.2f "($ncpu > 0) ? exp($logcpu / $ncpu) : 0")
say "geometric mean of the throughput ratios: ${geo}x over $n queries (of the CPU-per-request ratios: ${geocpu}x);"
say "both goals (p99 < 10 ms, ratio ≥ 3) met on $met of ${#names[@]} queries"
steady_of() { # key → "18" or "60 (not steady)"
  printf '%s' "${STEADY_S[$1]}"
  [[ "${STEADY_OK[$1]}" == yes ]] || printf ' (not steady)'
}
steady=""
for name in "${names[@]}"; do
  steady+=" $name $(steady_of "g-$name")/$(steady_of "p-$name");"
done
say "warm-up to steady state before the measured runs, seconds (GéoÉduc/PostgreSQL):$steady"
if ((${#NOT_QUIET[@]} > 0)); then
  say "measured while a server was still busy from the previous run (20 s wait exceeded): ${NOT_QUIET[*]}"
else
  say "every measured run started on idle servers (< 5 % of a core)"
fi

# ---------------------------------------------------------------- 6b. the machine's floor
# What p99 a server reaches here when it does no work at all: the same wrk settings on constant answers. Below this
# floor no query can go, whatever its engine; nginx (C, if installed) shows what the machine itself allows.
say ""
say "Floor: constant answers, no data read (same wrk settings, ${DURATION} s each)"
floor_line() { # tag label URL
  local f="$work/wrk-floor-$1.txt" rps p50 p99 err
  wait_quiet "floor $1"
  run_wrk "$3" "$DURATION" "$f"
  read -r rps p50 p99 err < <(parse_wrk "$f")
  say "$(printf '  %-52s %9.0f req/s  p50 %6.2f ms  p99 %7.2f ms  err %d' "$2" "$rps" "$p50" "$p99" "$err")"
}
floor_line geoeduc "GéoÉduc GET /favicon.ico (204, Javalin/Jetty)" "$GBASE/favicon.ico"
floor_line pg "PostgreSQL endpoint GET /health (JDK HttpServer)" "$PBASE/health"
if command -v nginx >/dev/null 2>&1; then
  NPORT=$(free_port)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 2; daemon on; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; server { listen 127.0.0.1:$NPORT; location / { return 200 '{"status":"ok"}'; } } }
NGINX
  if nginx -c "$work/nginx/nginx.conf" 2>>"$work/nginx/error.log"; then
    floor_line nginx "nginx return 200 (C, 2 workers)" "http://127.0.0.1:$NPORT/"
    nginx -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
  fi
else
  say "  (nginx not installed: apt-get install nginx-light to add the machine's own floor)"
fi

# ---------------------------------------------------------------- 7. memory
say ""
say "Memory"
curl -fsS -H "Authorization: Bearer $GEOEDUC_ADMIN_KEY" "$GBASE/api/health" >"$work/health.json" || true
python3 - "$work/health.json" <<'PY' | tee -a "$report"
import json, sys
h = json.load(open(sys.argv[1]))
m = h.get("memory_bytes_by_dataset", {})
total = 0
for k, v in sorted(m.items(), key=lambda kv: -kv[1]):
    total += v
    print(f"  GéoÉduc snapshot {k}: {v / 1048576:.1f} MiB")
print(f"  GéoÉduc snapshots, total: {total / 1048576:.1f} MiB (GET /api/health memory_bytes_by_dataset)")
PY
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$GPID/status" 2>/dev/null || echo 0)
heap_kb=$("$JDK/bin/jcmd" "$GPID" GC.heap_info 2>/dev/null | awk '/ total / {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1) + 0; exit}}' || true)
"$JDK/bin/jcmd" "$GPID" GC.run >/dev/null 2>&1 || true
live_kb=$("$JDK/bin/jcmd" "$GPID" GC.heap_info 2>/dev/null | awk '/ total / {for (i = 1; i <= NF; i++) if ($i == "used") {print $(i + 1) + 0; exit}}' || true)
say "  GéoÉduc JVM (${GEOEDUC_JAVA_OPTS:--Xmx1g}): RSS $(calc %.0f "$rss_kb / 1024") MiB; heap used $(calc %.0f "${heap_kb:-0} / 1024") MiB after the runs, $(calc %.0f "${live_kb:-0} / 1024") MiB after a full GC (jcmd GC.run)"
psql_ -d geoeduc_bench -c "SELECT '  PostgreSQL ' || c.relname || ': table ' || pg_size_pretty(pg_table_size(c.oid)) || ', indexes ' || pg_size_pretty(pg_indexes_size(c.oid)) FROM pg_class c WHERE c.relname IN ('annuaire', 'geoloc', 'ips') ORDER BY pg_total_relation_size(c.oid) DESC" | tee -a "$report"
prss=$(awk '/VmRSS/ {print $2}' "/proc/$PPID_/status" 2>/dev/null || echo 0)
say "  PostgreSQL endpoint JVM (-Xmx512m): RSS $(calc %.0f "$prss / 1024") MiB; PostgreSQL shared_buffers $(psql_ -d geoeduc_bench -c 'show shared_buffers')"

# ---------------------------------------------------------------- 8. where GéoÉduc's time goes
if [[ "$PROFILE" == 1 ]]; then
  say ""
  say "Where GéoÉduc's time goes, per query, during an extra unmeasured wrk run: (a) $PROFILE_SAMPLES jcmd thread dumps"
  say "(jcmd PID Thread.dump_to_file -format=text: Thread.print shows only the carrier threads, 'Carrying virtual thread #N',"
  say "not the virtual threads that run the requests), running stacks only; (b) a JFR recording started with jcmd (JFR.start"
  say "settings=profile) over the same run: its execution samples (more of them, same reading)"
  prof="$work/profile"
  rm -rf "$prof" && mkdir -p "$prof"
  while IFS='|' read -r name gpath ppath; do
    secs=$(calc %.0f "$PROFILE_SAMPLES * 2 + 4") # a jcmd takes about a second to attach; wrk outlasts the dumps
    run_wrk "$GBASE$gpath" "$secs" "$prof/wrk-$name.txt" &
    wpid=$!
    sleep 2
    "$JDK/bin/jcmd" "$GPID" JFR.start name="bench-$name" settings=profile duration="$((secs - 4))s" \
      filename="$prof/$name.jfr" >/dev/null 2>&1 || true
    for ((s = 0; s < PROFILE_SAMPLES; s++)); do
      "$JDK/bin/jcmd" "$GPID" Thread.dump_to_file -format=text "$prof/$name-$s.txt" >/dev/null 2>&1 || true
      sleep 0.2
    done
    wait "$wpid" || true
    sleep 1
    say "  $name (a) thread dumps:"
    if (( PROFILE_SAMPLES > 0 )); then python3 "$bench/explore-hotframes.py" --top 5 "$prof/$name"-*.txt | tee -a "$report"; fi
    for ((s = 0; s < 15; s++)); do # the recording is written when it ends: wait for it
      if [[ -f "$prof/$name.jfr" ]] && "$JDK/bin/jfr" print --events jdk.ExecutionSample --stack-depth 64 "$prof/$name.jfr" \
        >"$prof/$name.jfr.txt" 2>/dev/null && [[ -s "$prof/$name.jfr.txt" ]]; then
        break
      fi
      sleep 1
    done
    if [[ -s "$prof/$name.jfr.txt" ]]; then
      say "  $name (b) JFR:"
      python3 "$bench/explore-hotframes.py" --top 5 "$prof/$name.jfr.txt" | tee -a "$report"
    fi
  done <"$queries"
fi

say ""
say "load average at end: $(loadavg)"
say "report: $report"

#!/usr/bin/env bash
# OGC API benchmark: GéoÉduc's /ogc next to MapServer 8 (Debian mapserver-bin/cgi-mapserver, OGC API Features, FastCGI
# behind lighttpd) for items, and next to PostGIS ST_AsMVT (bench/src/main/java/fr/geoeduc/bench/PgMvtEndpoint.java)
# for tiles; both peers read the same data from PostgreSQL 15 + PostGIS, copied from GéoÉduc's own OGC API with
# ogr2ogr (the national géolocalisation of the collèges, 7,654 points; the 2018 communes, about 35,000 polygons).
# wrk on each URL and side; prints req/s, p50, p99 and the throughput ratio GéoÉduc / peer, one run.
# GéoÉduc builds every tile on each request here (-Dgeoeduc.ogc.tileCacheBytes=0), as ST_AsMVT does; the
# cached figure is printed apart. A benchmark, not a test: it never fails on timing (exit 1 only if a tool or a
# server fails to start).
#
# Usage: bench/ogc-vs-mapserver.sh          (about 6 minutes with the defaults: 2.5 of set-up)
# Environment (all optional):
#   DURATION=5 WARMUP=3      seconds of wrk per URL and side (measured, then warm-up just before)
#   CONNECTIONS=8 THREADS=2  wrk settings (MapServer runs 2 FastCGI processes per core: more connections only queue)
#   POOL=8                   JDBC connections of the ST_AsMVT endpoint; MapServer runs 2 FastCGI processes per core
#   GEOEDUC_JAR=FILE         the jar to measure (default app/target/geoeduc.jar, built with
#                            ./mvnw -o package -pl app -am -DskipTests if missing)
#   GEOEDUC_PG_DIR           the throw-away PostgreSQL cluster (default /tmp/geoeduc-bench-ogc-pg)
#   GEOEDUC_PG_PORT          its port when the cluster is created (default: a free port)
#   PORT_BASE=N              HTTP ports N (GéoÉduc), N+1 (MapServer), N+2 (ST_AsMVT) instead of free ports
#   REUSE_PG=1               keep the PostgreSQL tables of a previous run (the copy takes minutes on a busy machine)
#   BENCH_WORK=DIR           scratch directory (default bench/results/ogc-work, git-ignored)
#   KEEP=1                   leave the servers running at the end (prints their URLs)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
shared="$repo/../shared/data"
GEOLOC_FILE="$shared/national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"
COMMUNES_DIR="$shared/geometry/communes-2018"
GEOLOC_ID="fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"
COMMUNES_ID="referentiel-communes"
DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
POOL="${POOL:-8}"
export GEOEDUC_PG_DIR="${GEOEDUC_PG_DIR:-/tmp/geoeduc-bench-ogc-pg}"
M2="$HOME/.m2/repository"
PGJDBC="$(ls "$M2"/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | sort -V | tail -n 1 || true)"
HIKARI="$(ls "$M2"/com/zaxxer/HikariCP/*/HikariCP-*.jar 2>/dev/null | sort -V | tail -n 1 || true)"
results="$bench/results"
work="${BENCH_WORK:-$results/ogc-work}"
stamp="$(date +%Y-%m-%d-%H%M%S)"
report="$results/ogc-$stamp.txt"
mkdir -p "$results" "$work"
work="$(cd "$work" && pwd)"

say() { printf '%s\n' "$*" | tee -a "$report"; }
log() { printf '%s\n' "$*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---------------------------------------------------------------- tools
[[ -f "$GEOLOC_FILE" && -d "$COMMUNES_DIR" ]] || { log "missing $GEOLOC_FILE or $COMMUNES_DIR (../shared/data beside the checkout)"; exit 1; }
apt_install() {
  local sudo=""
  [[ "$(id -u)" == 0 ]] || sudo="sudo"
  log "installing $* (Debian packages)…"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >"$work/apt.log" 2>&1 \
    || { $sudo apt-get update >>"$work/apt.log" 2>&1 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >>"$work/apt.log" 2>&1; } \
    || { log "apt-get install $* failed: see $work/apt.log"; exit 1; }
}
command -v wrk >/dev/null 2>&1 || apt_install wrk
command -v ogr2ogr >/dev/null 2>&1 || apt_install gdal-bin
command -v mapserv >/dev/null 2>&1 || apt_install mapserver-bin cgi-mapserver
command -v lighttpd >/dev/null 2>&1 || apt_install lighttpd
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || apt_install postgresql postgresql-15-postgis-3
mapserv -v | grep -q OGCAPI_SERVER || { log "this mapserv has no OGC API support: $(mapserv -v)"; exit 1; }
[[ -f "$PGJDBC" && -f "$HIKARI" ]] || { log "pgjdbc and HikariCP are needed in ~/.m2 (the project depends on them)"; exit 1; }

source "$repo/scripts/find-java.sh"
find_java >/dev/null || { log "a JDK 21+ is required"; exit 1; }
JDK="$JAVA_HOME"
jar="${GEOEDUC_JAR:-$repo/app/target/geoeduc.jar}"
if [[ ! -f "$jar" ]]; then
  log "building app/target/geoeduc.jar…"
  (cd "$repo" && ./mvnw -B -ntp -q -o package -pl app -am -DskipTests) >&2
fi
SNAPSHOT="$work/geoeduc.jar"
cp "$jar" "$SNAPSHOT"
classes="$work/classes"
rm -rf "$classes" && mkdir -p "$classes"
CP="$PGJDBC:$HIKARI:$SNAPSHOT:$classes" # the jar brings the SLF4J that HikariCP logs with
"$JDK/bin/javac" --release 21 -nowarn -cp "$CP" -d "$classes" "$bench/src/main/java/fr/geoeduc/bench/PgMvtEndpoint.java"

pids=()
cleanup() {
  local p
  if [[ "${KEEP:-}" == 1 ]]; then
    log "KEEP=1: GéoÉduc ${GBASE:-?}/ogc, MapServer ${MBASE:-?}/mapserv/ogcapi, ST_AsMVT ${TBASE:-?}/tiles, cluster in $GEOEDUC_PG_DIR"
    return
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  "$repo/scripts/pg-test-cluster.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
source "$bench/wait-http.sh"

: >"$report"
say "GéoÉduc OGC API vs MapServer $(mapserv -v | awk '{print $3}') (items) and PostGIS ST_AsMVT (tiles) — $(date '+%F %T')"
say "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -n 1); $(wrk --version 2>&1 | head -n 1 | cut -d' ' -f1-2); $CONNECTIONS connections, $THREADS threads, ${WARMUP} s warm-up + ${DURATION} s measured per URL and side"
say "jar: $jar of $(date -r "$jar" '+%F %T')"

# ---------------------------------------------------------------- 1. GéoÉduc
GDATA="$work/geoeduc-data"
rm -rf "$GDATA"
geoeduc_cli() { "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$SNAPSHOT" --data "$GDATA" "$@"; }
geoeduc_cli ingest "$GEOLOC_FILE" --dataset "$GEOLOC_ID" >"$work/ingest.log" 2>&1 || { tail -n 20 "$work/ingest.log" >&2; exit 1; }
geoeduc_cli referentiel load commune "$COMMUNES_DIR"/*.geojson --millesime 2018 >"$work/referentiel.log" 2>&1 \
  || { tail -n 20 "$work/referentiel.log" >&2; exit 1; }
GPORT=$( [[ -n "${PORT_BASE:-}" ]] && echo "$PORT_BASE" || free_port)
GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -Dgeoeduc.ogc.tileCacheBytes=0 -jar "$SNAPSHOT" \
  --data "$GDATA" serve --port "$GPORT" >"$work/geoeduc-serve.log" 2>&1 &
GPID=$!
pids+=("$GPID")
wait_http "http://127.0.0.1:$GPORT/ogc" 60 "$GPID" || { log "GéoÉduc did not start:"; tail -n 20 "$work/geoeduc-serve.log" >&2; exit 1; }
GBASE="http://127.0.0.1:$GPORT"

# ---------------------------------------------------------------- 2. PostgreSQL: the same features, copied by ogr2ogr
pg_env="$("$repo/scripts/pg-test-cluster.sh" start)"
pg_url="$(sed -n 's/^export GEOEDUC_TEST_PG=//p' <<<"$pg_env")"
[[ "$pg_url" =~ ^postgresql://([^@]+)@([^:/]+):([0-9]+)/ ]] || { log "unexpected cluster URL: $pg_url"; exit 1; }
PGUSER_="${BASH_REMATCH[1]}" PGHOST_="${BASH_REMATCH[2]}" PGPORT_="${BASH_REMATCH[3]}"
psql_() { psql -h "$PGHOST_" -p "$PGPORT_" -U "$PGUSER_" -v ON_ERROR_STOP=1 -qAt "$@"; }
PGCONN="host=$PGHOST_ port=$PGPORT_ user=$PGUSER_ dbname=geoeduc_ogc"
t0=$(date +%s.%N)
if [[ "${REUSE_PG:-}" == 1 ]] && [[ "$(psql_ -d geoeduc_ogc -c "select count(*) from pg_tables where tablename in ('colleges', 'communes')" 2>/dev/null)" == 2 ]]; then
  how="kept from a previous run (REUSE_PG=1)"
else
  psql_ -d postgres -c "DROP DATABASE IF EXISTS geoeduc_ogc" -c "CREATE DATABASE geoeduc_ogc"
  psql_ -d geoeduc_ogc -c "CREATE EXTENSION postgis" -c "ALTER DATABASE geoeduc_ogc SET jit = off"
  for spec in "$GEOLOC_ID|colleges|POINT" "$COMMUNES_ID|communes|MULTIPOLYGON"; do
    IFS='|' read -r id table type <<<"$spec"
    ogr2ogr -f PostgreSQL "PG:$PGCONN" "OAPIF:$GBASE/ogc" "$id" -oo PAGE_SIZE=5000 -nln "$table" -nlt "$type" \
      -lco GEOMETRY_NAME=geom -lco FID=ogc_fid >>"$work/pg-load.log" 2>&1 || { log "ogr2ogr $id failed:"; tail -n 20 "$work/pg-load.log" >&2; exit 1; }
  done
  psql_ -d geoeduc_ogc -c "VACUUM (FREEZE, ANALYZE) colleges, communes"
  how="copied from GéoÉduc with ogr2ogr in $(calc %.1f "$(date +%s.%N) - $t0") s"
fi
say "PostgreSQL $(psql_ -d geoeduc_ogc -c 'show server_version') + PostGIS $(psql_ -d geoeduc_ogc -c 'select postgis_lib_version()'): colleges $(psql_ -d geoeduc_ogc -c 'select count(*) from colleges') rows, communes $(psql_ -d geoeduc_ogc -c 'select count(*) from communes') rows (GiST on geom), $how"

# ---------------------------------------------------------------- 3. MapServer 8 (FastCGI behind lighttpd)
MPORT=$( [[ -n "${PORT_BASE:-}" ]] && echo $((PORT_BASE + 1)) || free_port)
mkdir -p "$work/www"
cat >"$work/geoeduc.map" <<EOF_MAP
MAP
  NAME "geoeduc"
  EXTENT -180 -90 180 90
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "ows_title" "GéoÉduc (MapServer)"
      "ows_enable_request" "*"
      "ows_srs" "EPSG:4326"
      "oga_onlineresource" "http://127.0.0.1:$MPORT/mapserv/geoeduc/ogcapi"
      "oga_html_template_directory" "/usr/share/mapserver/ogcapi/templates/html-plain/"
      "oga_max_limit" "10000"
    END
  END
  LAYER
    NAME "colleges"
    TYPE POINT
    STATUS ON
    TEMPLATE "ttt"
    CONNECTIONTYPE POSTGIS
    CONNECTION "$PGCONN"
    DATA "geom from colleges using unique ogc_fid using srid=4326"
    PROJECTION "init=epsg:4326" END
    METADATA
      "ows_title" "colleges"
      "ows_extent" "-180 -90 180 90"
      "gml_include_items" "all"
      "gml_featureid" "ogc_fid"
      "gml_types" "auto"
    END
  END
  LAYER
    NAME "communes"
    TYPE POLYGON
    STATUS ON
    TEMPLATE "ttt"
    CONNECTIONTYPE POSTGIS
    CONNECTION "$PGCONN"
    DATA "geom from communes using unique ogc_fid using srid=4326"
    PROJECTION "init=epsg:4326" END
    METADATA
      "ows_title" "communes"
      "ows_extent" "-180 -90 180 90"
      "gml_include_items" "all"
      "gml_featureid" "ogc_fid"
      "gml_types" "auto"
    END
  END
END
EOF_MAP
# MapServer 8 serves only the mapfiles its configuration file names (URL /mapserv/{name}/ogcapi/…)
printf 'CONFIG\n  MAPS\n    "geoeduc" "%s"\n  END\nEND\n' "$work/geoeduc.map" >"$work/mapserver.conf"
cat >"$work/lighttpd.conf" <<CONF
server.document-root = "$work/www"
server.bind = "127.0.0.1"
server.port = $MPORT
server.modules = ("mod_fastcgi")
server.errorlog = "$work/lighttpd-error.log"
server.max-connections = 1024
fastcgi.server = ( "/mapserv" => (( "bin-path" => "/usr/bin/mapserv", "socket" => "$work/mapserv.sock",
  "check-local" => "disable", "max-procs" => $((2 * $(nproc))),
  "bin-environment" => ( "MAPSERVER_CONFIG_FILE" => "$work/mapserver.conf" ) )) )
CONF
lighttpd -D -f "$work/lighttpd.conf" >"$work/lighttpd.log" 2>&1 &
MPID=$!
pids+=("$MPID")
MBASE="http://127.0.0.1:$MPORT"
wait_http "$MBASE/mapserv/geoeduc/ogcapi/collections?f=json" 30 "$MPID" || { log "MapServer did not answer:"; tail -n 20 "$work/lighttpd-error.log" "$work/lighttpd.log" >&2; exit 1; }

# ---------------------------------------------------------------- 4. PostGIS ST_AsMVT endpoint
TPORT=$( [[ -n "${PORT_BASE:-}" ]] && echo $((PORT_BASE + 2)) || free_port)
# TCP_NODELAY on the endpoint's sockets, as GéoÉduc's Jetty has: without it, answers of some sizes wait for the
# client's delayed ACK (about 40 ms each), which would slow the peer for nothing of its own
"$JAVA" -Xmx512m -Djdk.virtualThreadScheduler.parallelism=$((2 * $(nproc))) -Dsun.net.httpserver.nodelay=true -cp "$CP" fr.geoeduc.bench.PgMvtEndpoint \
  "jdbc:postgresql://$PGHOST_:$PGPORT_/geoeduc_ogc?user=$PGUSER_" "$TPORT" "$POOL" >"$work/mvt-serve.log" 2>&1 &
TPID=$!
pids+=("$TPID")
TBASE="http://127.0.0.1:$TPORT"
wait_http "$TBASE/health" 30 "$TPID" || { log "ST_AsMVT endpoint did not start:"; tail -n 20 "$work/mvt-serve.log" >&2; exit 1; }

# ---------------------------------------------------------------- 5. the URLs
BBOX35="-2.29,47.63,-1.01,48.71" # Ille-et-Vilaine
CQL="libelle_academie = 'Rennes' AND secteur_public_prive_libe = 'Public'"
urls="$work/urls.txt"
python3 - "$GBASE" "$MBASE" "$TBASE" "$GEOLOC_ID" "$COMMUNES_ID" "$BBOX35" "$CQL" >"$urls" <<'PY'
import math, sys
from urllib.parse import quote
g, m, t, geoloc, communes, bbox, cql = sys.argv[1:]
def tile(z, lon, lat):
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return z, y, x
rows = [
    ("items colleges bbox 35", f"{g}/ogc/collections/{geoloc}/items?bbox={bbox}&limit=100",
     f"{m}/mapserv/geoeduc/ogcapi/collections/colleges/items?f=json&bbox={bbox}&limit=100"),
    ("items communes bbox 35", f"{g}/ogc/collections/{communes}/items?bbox={bbox}&limit=100",
     f"{m}/mapserv/geoeduc/ogcapi/collections/communes/items?f=json&bbox={bbox}&limit=100"),
    ("items colleges CQL2", f"{g}/ogc/collections/{geoloc}/items?limit=100&filter={quote(cql)}",
     "-"),  # MapServer 8.0 has no Part 3: it ignores filter (and property parameters) and answers unfiltered
]
# the tiles carry the same attributes on both sides (ST_AsMVT: those PgMvtEndpoint selects)
for layer, gid, props in (("colleges", geoloc, "numero_uai,appellation_officielle"), ("communes", communes, "code,nom")):
    for z in (6, 10, 14):
        zz, y, x = tile(z, -1.6778, 48.1173)  # Rennes
        rows.append((f"tile {layer} z{z}", f"{g}/ogc/collections/{gid}/tiles/WebMercatorQuad/{zz}/{y}/{x}?properties={props}",
                     f"{t}/tiles/{layer}/{zz}/{y}/{x}"))
for r in rows:
    print("|".join(r))
PY

# ---------------------------------------------------------------- 6. same answers?
say ""
say "Answers (GéoÉduc | peer): status, features, bytes"
describe() { # URL → "status features bytes"
  curl -s -o "$work/answer" -w '%{http_code} %{size_download}' "$1" | {
    read -r code size
    n=$(python3 -c 'import json,sys
try:
    d=json.load(open(sys.argv[1])); print(len(d.get("features", [])), "of", d.get("numberMatched", "?"))
except Exception:
    print("-")' "$work/answer" 2>/dev/null)
    echo "$code, $n, $size B"
  }
}
while IFS='|' read -r name gurl purl; do
  [[ "$purl" == - ]] && peer="not supported by MapServer 8.0 (no OGC API Features Part 3)" || peer="$(describe "$purl")"
  say "  $(printf '%-24s' "$name") $(describe "$gurl") | $peer"
done <"$urls"
z5=$(python3 -c 'import math; n=32; lon,lat=2.35,46.6; print(f"5/{int((1-math.asinh(math.tan(math.radians(lat)))/math.pi)/2*n)}/{int((lon+180)/360*n)}")')
say "  national point layer z5 tile $z5: GéoÉduc $(curl -s -o /dev/null -w '%{size_download}' "$GBASE/ogc/collections/$GEOLOC_ID/tiles/WebMercatorQuad/$z5") B (clustered), ST_AsMVT $(curl -s -o /dev/null -w '%{size_download}' "$TBASE/tiles/colleges/$z5") B; communes: GéoÉduc $(curl -s -o /dev/null -w '%{size_download}' "$GBASE/ogc/collections/$COMMUNES_ID/tiles/WebMercatorQuad/$z5") B, ST_AsMVT $(curl -s -o /dev/null -w '%{size_download}' "$TBASE/tiles/communes/$z5") B"

# ---------------------------------------------------------------- 7. wrk
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.2f", n }'; }
measure() { # URL → "rps p50 p99 non2xx"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "$1" >/dev/null 2>&1 || true
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "$1" >"$work/wrk.out" 2>&1 || true
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' "$work/wrk.out")
  p50=$(awk '$1 == "50%" {print $2}' "$work/wrk.out")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk.out")
  bad=$(awk '/Non-2xx/ {print $NF}' "$work/wrk.out")
  echo "${rps:-0} $(to_ms "${p50:-0}") $(to_ms "${p99:-0}") ${bad:-0}"
}
say ""
say "$(printf '%-24s %12s %9s %9s   %12s %9s %9s   %s' query 'GéoÉduc r/s' p50_ms p99_ms 'peer r/s' p50_ms p99_ms 'ratio')"
while IFS='|' read -r name gurl purl; do
  read -r grps gp50 gp99 gbad <<<"$(measure "$gurl")"
  if [[ "$purl" == - ]]; then
    say "$(printf '%-24s %12.0f %9s %9s   %12s %9s %9s   %s' "$name" "$grps" "$gp50" "$gp99" '-' '-' '-' 'n/a (MapServer: no CQL2)')"
    continue
  fi
  read -r prps pp50 pp99 pbad <<<"$(measure "$purl")"
  ratio=$(awk -v a="$grps" -v b="$prps" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }')
  note=""
  [[ "$gbad" != 0 ]] && note+=" (GéoÉduc non-2xx: $gbad)"
  [[ "$pbad" != 0 ]] && note+=" (peer non-2xx: $pbad)"
  say "$(printf '%-24s %12.0f %9s %9s   %12.0f %9s %9s   %s%s' "$name" "$grps" "$gp50" "$gp99" "$prps" "$pp50" "$pp99" "$ratio" "$note")"
done <"$urls"
# the same tiles once GéoÉduc keeps them (its default: 64 MB of tiles per version and caller's view)
kill "$GPID" 2>/dev/null || true
wait "$GPID" 2>/dev/null || true
GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g -jar "$SNAPSHOT" \
  --data "$GDATA" serve --port "$GPORT" >"$work/geoeduc-serve-cached.log" 2>&1 &
GPID=$!
pids+=("$GPID")
wait_http "$GBASE/ogc" 60 "$GPID" || { log "GéoÉduc did not restart"; exit 1; }
cached=$(grep '^tile communes z6|' "$urls" | cut -d'|' -f2)
curl -s -o /dev/null --max-time 120 "$cached" || true # its first build (every commune simplified for z6) fills the cache
read -r crps cp50 cp99 cbad <<<"$(measure "$cached")"
say "$(printf '%-24s %12.0f %9s %9s   (tile cache on, as served by default)' 'tile communes z6 cached' "$crps" "$cp50" "$cp99")"
say ""
say "report: $report"

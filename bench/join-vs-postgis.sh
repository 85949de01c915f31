#!/usr/bin/env bash
# Point-in-polygon join: GéoÉduc's spatial step (PolygonIndex over its PolygonGrid, kept between runs by PolygonIndexCache;
# points located in parallel) next to PostgreSQL 15 + PostGIS (ST_Contains with a GiST index, parallel workers), same
# machine, same run, same points, same answers (checked: the point → commune pairs of both sides are compared line by line).
# Data: the 35,357 commune polygons of ../shared/data/geometry/communes-2018 and generated points (a random commune,
# a uniform point in its envelope, seed 42). A benchmark, not a test: it never fails on timing.
#
# What is timed (wall clock; neither side counts reading the input files, loading the tables or starting a process):
#   PostGIS   CREATE INDEX … USING gist on the communes (once), then the query (CREATE UNLOGGED TABLE ans AS SELECT …
#             GROUP BY p.id: every point with the first commune containing it), tables already loaded, best of PG_RUNS
#   GéoÉduc   (in one JVM, rows already in memory) the index built from the polygons (best of 3), built and written to
#             its file once, read back from its file (best of 3: a later jointure on the same polygon version), and the
#             points located with it into an array (best of 3)
# Ratios: "index ready" = PostGIS query / (index read back + locate), like for like since PostGIS's GiST index exists
# before its query; "index in memory" = PostGIS query / locate; "index built" = (CREATE INDEX + query) / (build + locate).
#
# Usage: bench/join-vs-postgis.sh                (POINTS="1000000 10000000": 10M takes PostGIS several minutes)
#   POINTS="1000000"   point counts to run
#   WORKERS=2          max_parallel_workers_per_gather of PostgreSQL
#   PG_RUNS=2          runs of the PostGIS query (the best is kept)
#   GEOEDUC_PG_DIR     the throw-away cluster (default /tmp/geoeduc-bench-pg; scripts/pg-test-cluster.sh)
#   GEOEDUC_PG_PORT    its port when the script creates it (default: a free port)
#   KEEP=1             leave the cluster running
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
communes="$repo/../shared/data/geometry/communes-2018"
POINTS="${POINTS:-1000000 10000000}"
WORKERS="${WORKERS:-2}"
PG_RUNS="${PG_RUNS:-2}"
export GEOEDUC_PG_DIR="${GEOEDUC_PG_DIR:-/tmp/geoeduc-bench-pg}"
work="$bench/results/join-work"
mkdir -p "$work"
[[ -d "$communes" ]] || { echo "missing $communes" >&2; exit 1; }

source "$repo/scripts/find-java.sh" && find_java >/dev/null
(cd "$repo" && ./mvnw -B -ntp -o -q compile -pl core)
M2="$HOME/.m2/repository"
# a snapshot of the classes, so that a build running meanwhile does not pull them from under the benchmark
rm -rf "$work/core-classes" && cp -r "$repo/core/target/classes" "$work/core-classes"
cp="$work/core-classes:$(ls "$M2"/org/locationtech/jts/jts-core/*/jts-core-*.jar | grep -v sources | sort -V | tail -n1)"
for a in com/fasterxml/jackson/core/jackson-databind com/fasterxml/jackson/core/jackson-core com/fasterxml/jackson/core/jackson-annotations; do
  cp="$cp:$(ls "$M2/$a"/2.20*/*.jar | grep -v sources | sort -V | tail -n1)"
done
"$JAVA_HOME/bin/javac" --release 21 -nowarn -cp "$cp" -d "$work/classes" "$bench/src/main/java/fr/geoeduc/bench/JoinBench.java"
cp="$cp:$work/classes"

eval "$("$repo/scripts/pg-test-cluster.sh" start)"
psql_() { psql "$GEOEDUC_TEST_PG" -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_ -c "CREATE EXTENSION IF NOT EXISTS postgis"
chmod o+rx "$work" 2>/dev/null || true

for n in $POINTS; do
  echo "== $n points × communes-2018"
  "$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" fr.geoeduc.bench.JoinBench prepare "$communes" "$n" "$work" >/dev/null
  psql_ <<SQL
DROP TABLE IF EXISTS communes, pts, ans;
CREATE UNLOGGED TABLE communes (idx int, code text, wkt text);
\copy communes FROM '$work/communes.csv'
ALTER TABLE communes ADD COLUMN geom geometry(Geometry, 4326);
UPDATE communes SET geom = ST_SetSRID(ST_GeomFromText(wkt), 4326);
ALTER TABLE communes DROP COLUMN wkt;
CREATE UNLOGGED TABLE pts (id int, lon float8, lat float8);
\copy pts FROM '$work/points.csv'
ALTER TABLE pts ADD COLUMN geom geometry(Point, 4326);
UPDATE pts SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326);
VACUUM ANALYZE pts;
SQL
  t0=$(date +%s.%N)
  psql_ -c "CREATE INDEX ON communes USING gist (geom)"
  t1=$(date +%s.%N)
  pg_index_s=$(echo "$t1 - $t0" | bc -l)
  psql_ -c "VACUUM ANALYZE communes"
  # the timed query: every point with the first commune (in the files' order) that contains it
  pg_s=""
  for run in $(seq "$PG_RUNS"); do
    psql_ -c "DROP TABLE IF EXISTS ans"
    t0=$(date +%s.%N)
    psql_ -c "SET max_parallel_workers_per_gather = $WORKERS; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
      CREATE UNLOGGED TABLE ans AS SELECT p.id, min(c.idx) AS idx FROM pts p JOIN communes c ON ST_Contains(c.geom, p.geom) GROUP BY p.id"
    t1=$(date +%s.%N)
    s_=$(echo "$t1 - $t0" | bc -l)
    echo "postgis query run $run: $(printf '%.3f' "$s_") s"
    if [[ -z "$pg_s" ]] || (( $(echo "$s_ < $pg_s" | bc -l) )); then pg_s=$s_; fi
  done
  psql_ -c "\copy (SELECT id, idx FROM ans ORDER BY id) TO '$work/postgis-answers.csv'"
  out=$("$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" fr.geoeduc.bench.JoinBench run "$communes" "$n" "$work")
  echo "$out"
  field() { echo "$out" | sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
  warm_s=$(field warm_s); locate_s=$(field locate_s); cold_s=$(field cold_s)
  pg_matched=$(wc -l < "$work/postgis-answers.csv")
  # ST_Contains leaves out points on a boundary, GéoÉduc counts them inside: compare on the points both placed
  same=$(join -t $'\t' <(sort -k1,1 "$work/geoeduc-answers.csv") <(sort -k1,1 "$work/postgis-answers.csv") | awk -F'\t' '$2==$3' | wc -l)
  echo "postgis points=$n matched=$pg_matched create_index_s=$(printf '%.3f' "$pg_index_s") query_s=$(printf '%.3f' "$pg_s") workers=$WORKERS"
  echo "same answer on $same of $pg_matched points PostGIS placed"
  printf 'ratio PostGIS/GéoÉduc (time), index ready (read back from its file): %.1fx\n' "$(echo "$pg_s / $warm_s" | bc -l)"
  printf 'ratio PostGIS/GéoÉduc (time), index in memory: %.1fx\n' "$(echo "$pg_s / $locate_s" | bc -l)"
  printf 'ratio PostGIS/GéoÉduc (time), index built in the run (CREATE INDEX + query vs build + locate): %.1fx\n' \
    "$(echo "($pg_index_s + $pg_s) / $cold_s" | bc -l)"
  uptime
done
[[ "${KEEP:-}" == 1 ]] || "$repo/scripts/pg-test-cluster.sh" stop

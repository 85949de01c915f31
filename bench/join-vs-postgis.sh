#!/usr/bin/env bash
# Point-in-polygon join: GéoÉduc's spatial step (STR-tree + indexed point-in-area locators, parallel) next to
# PostgreSQL 15 + PostGIS (ST_Contains with a GiST index, parallel workers), same machine, same run, same points,
# same answers (checked: the point → commune pairs of both sides are compared line by line).
# Data: the 35,357 commune polygons of ../shared/data/geometry/communes-2018 and generated points (a random commune,
# a uniform point in its envelope, seed 42). A benchmark, not a test: it never fails on timing.
#
# Usage: bench/join-vs-postgis.sh                (POINTS="1000000 10000000": 10M takes PostGIS several minutes)
#   POINTS="1000000"   point counts to run
#   WORKERS=2          max_parallel_workers_per_gather of PostgreSQL
#   GEOEDUC_PG_DIR     the throw-away cluster (default /tmp/geoeduc-bench-pg; scripts/pg-test-cluster.sh)
#   GEOEDUC_PG_PORT    its port when the script creates it (default: a free port)
#   KEEP=1             leave the cluster running
set -euo pipefail
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
communes="$repo/../shared/data/geometry/communes-2018"
POINTS="${POINTS:-1000000 10000000}"
WORKERS="${WORKERS:-2}"
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
CREATE INDEX ON communes USING gist (geom);
CREATE UNLOGGED TABLE pts (id int, lon float8, lat float8);
\copy pts FROM '$work/points.csv'
ALTER TABLE pts ADD COLUMN geom geometry(Point, 4326);
UPDATE pts SET geom = ST_SetSRID(ST_MakePoint(lon, lat), 4326);
VACUUM ANALYZE communes; VACUUM ANALYZE pts;
SQL
  # the timed query: every point with the first commune (in the files' order) that contains it
  t0=$(date +%s.%N)
  psql_ -c "SET max_parallel_workers_per_gather = $WORKERS; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
    CREATE UNLOGGED TABLE ans AS SELECT p.id, min(c.idx) AS idx FROM pts p JOIN communes c ON ST_Contains(c.geom, p.geom) GROUP BY p.id"
  t1=$(date +%s.%N)
  pg_s=$(echo "$t1 - $t0" | bc -l)
  psql_ -c "\copy (SELECT id, idx FROM ans ORDER BY id) TO '$work/postgis-answers.csv'"
  out=$("$JAVA_HOME/bin/java" -Xmx2g -cp "$cp" fr.geoeduc.bench.JoinBench run "$communes" "$n" "$work")
  echo "$out"
  ge_s=$(echo "$out" | sed -n 's/.* total_s=\([0-9.]*\).*/\1/p')
  pg_matched=$(wc -l < "$work/postgis-answers.csv")
  # ST_Contains leaves out points on a boundary, GéoÉduc counts them inside: compare on the points both placed
  same=$(join -t $'\t' <(sort -k1,1 "$work/geoeduc-answers.csv") <(sort -k1,1 "$work/postgis-answers.csv") | awk -F'\t' '$2==$3' | wc -l)
  echo "postgis points=$n matched=$pg_matched query_s=$(printf '%.3f' "$pg_s") workers=$WORKERS"
  echo "same answer on $same of $pg_matched points PostGIS placed"
  printf 'ratio GéoÉduc/PostGIS (time): %.1fx\n' "$(echo "$pg_s / $ge_s" | bc -l)"
done
[[ "${KEEP:-}" == 1 ]] || "$repo/scripts/pg-test-cluster.sh" stop

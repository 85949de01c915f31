#!/usr/bin/env bash
# Ingest of the national géolocalisation file into the embedded store and into PostgreSQL + PostGIS, same run,
# through the real CLI; best of N runs each; prints rows/s and the ratio. Not a test: never fails on timing.
# Usage: bench/ingest-stores.sh [runs]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-3}"
file="$here/../shared/data/national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"
dataset=fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre
[[ -f "$file" ]] || { echo "missing $file (../shared/data beside the checkout)"; exit 1; }
rows=$(($(wc -l < "$file") - 1))
work=$(mktemp -d /tmp/geoeduc-bench-stores.XXXXXX)
chmod 755 "$work"   # the unprivileged postgres user must reach its cluster directory
export GEOEDUC_PG_DIR="$work/pg"
trap '"$here/scripts/pg-test-cluster.sh" remove >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
eval "$("$here/scripts/pg-test-cluster.sh" start)"
"$here/geoeduc" --version >/dev/null   # builds the jar if needed

best() { # best wall time in seconds of "$@" over $runs runs
  local b=999999 t0 t1 t
  for ((i = 0; i < runs; i++)); do
    t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l); if (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
  done
  echo "$b"
}

emb=$(best "$here/geoeduc" --data "$work/embedded" ingest "$file" --dataset "$dataset")
pg=$(best "$here/geoeduc" --data "$work/pgdata" --store "$GEOEDUC_TEST_PG" ingest "$file" --dataset "$dataset")
versions=$("$here/geoeduc" --data "$work/pgdata" --store "$GEOEDUC_TEST_PG" versions "$dataset" | tail -n +2 | wc -l)
gis=$(psql "$GEOEDUC_TEST_PG" -tAc "SELECT count(*) FROM donnees.tables_publiees" 2>/dev/null || echo "?")
printf '\nIngest of %s (%d rows), best of %d runs, CLI wall time including JVM start\n' "$(basename "$file")" "$rows" "$runs"
printf '%-34s %8s s %10s rows/s\n' "embedded store (SQLite)" "$emb" "$(echo "$rows / $emb" | bc)"
printf '%-34s %8s s %10s rows/s\n' "PostgreSQL 15 + PostGIS (+GIS table)" "$pg" "$(echo "$rows / $pg" | bc)"
printf 'ratio PostgreSQL / embedded time: %.2f   (PostgreSQL versions published: %s, GIS tables: %s)\n' "$(echo "$pg / $emb" | bc -l)" "$versions" "$gis"

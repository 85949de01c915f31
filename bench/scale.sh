#!/usr/bin/env bash
# National-scale benchmark (issue 22): generated files of N rows (géolocalisation-like: 37 fields; pupil-like: 11
# fields), each through the whole life of a version with the default heap (-Xmx1g): ingest (next to ogr2ogr into a
# GeoPackage), a second version with 0.01 % of the rows removed and 0.01 % changed, diff of the two, then a server
# on the store (start-up, first answer = the snapshot load, then the Explore queries under wrk) next to the same
# queries in SQL on PostgreSQL answered as JSON by a small Java HTTP endpoint over JDBC (src/main/java/fr/geoeduc/bench/
# PgScaleEndpoint.java: HikariCP, virtual threads; the peer of explore-vs-postgresql.sh), under wrk with the same
# connections and duration; pgbench's raw SQL throughput (no HTTP, no JSON) is an extra column. Both sides' answers
# are compared once per query (total_count, rows; WARNING when they differ). Time, CPU time and maximum resident
# memory of every step are printed. A benchmark, not a test: it never fails on timing.
#
# Usage: bench/scale.sh                       (defaults: 300,000 rows of each kind, about 6 minutes on 2 cores)
#   SIZES="1000000 5000000 12000000" bench/scale.sh      the issue's sizes (géolocalisation-like at most 9,999,999)
# Environment (all optional):
#   SIZES="300000"        rows per generated file          KINDS="geoloc eleves"   which files
#   XMX=1g                heap of every GéoÉduc process    GEOEDUC_OPTS="-D…"  more JVM options for them    DURATION=5 CONNECTIONS=4   wrk and pgbench settings (both sides)
#   POOL=8                JDBC connections of the PostgreSQL endpoint
#   WARMUP=5              seconds of wrk per query in a first pass over all queries (JIT and GC after the load)
#   PG=1                  compare the queries with PostgreSQL (scripts/pg-test-cluster.sh); 0 to skip
#   OGR=1                 time ogr2ogr on the same file; 0 to skip
#   GEOEDUC_JAR=FILE      the jar to measure (default app/target/geoeduc.jar, built with ./mvnw -o package if missing)
#   PORT=18590            the server's HTTP port (PORT+1: the PostgreSQL endpoint's)
#   GEOEDUC_PG_PORT=…     the PostgreSQL cluster's port (default: a free one)   GEOEDUC_PG_DIR=…  its directory
#   STEPS="ingest serve"  ingest: generate, ingest (+ ogr2ogr), second version, diff; serve: server start (builds the
#                         column file), restart (maps it), queries. STEPS=serve reuses the store of a previous run.
#                         restricted (pupil-like only, after ingest or on the store of a previous run): the file again
#                         as a RESTRICTED dataset, a convention granting all of it (ine pseudonymised) and an API
#                         client; a server on the store, the convention's first answer (its view built: memory-mapped
#                         past geoeduc.offheap.cells) and the queries as that client next to the same queries on the
#                         open dataset, in the same server (no PostgreSQL: the ratio is restricted/open).
#   BENCH_WORK=DIR        scratch directory (default bench/results/scale-work, git-ignored; emptied per size)
#   BENCH_FILES=DIR       generated files, kept between runs (default bench/results/scale-files, git-ignored)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
shared="$repo/../shared/data"
GEOLOC_SRC="$shared/national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"
SIZES="${SIZES:-300000}"
KINDS="${KINDS:-geoloc eleves}"
XMX="${XMX:-1g}"
DURATION="${DURATION:-5}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-4}"
PG="${PG:-1}"
OGR="${OGR:-1}"
PORT="${PORT:-18590}"
PG_HTTP_PORT="${PG_HTTP_PORT:-$((PORT + 1))}"
POOL="${POOL:-8}"
STEPS="${STEPS:-ingest serve}"
work="${BENCH_WORK:-$bench/results/scale-work}"
files="${BENCH_FILES:-$bench/results/scale-files}"
mkdir -p "$bench/results" "$work" "$files"
pgdir="${GEOEDUC_PG_DIR:-$work/pg}"
report="$bench/results/scale-$(date -u +%Y-%m-%d-%H%M%S).txt"
say() { echo "$*" | tee -a "$report"; }

source "$repo/scripts/find-java.sh"
find_java >/dev/null
jar="${GEOEDUC_JAR:-$repo/app/target/geoeduc.jar}"
if [[ ! -f "$jar" ]]; then
  (cd "$repo" && ./mvnw -B -ntp -o -q package -pl app -am -DskipTests) >&2
fi
cp "$jar" "$work/geoeduc.jar" # a concurrent rebuild cannot change the code under test mid-run
read -r -a EXTRA_OPTS <<<"${GEOEDUC_OPTS:-}"
GEOEDUC=("$JAVA" "-Xmx$XMX" "${EXTRA_OPTS[@]}" --enable-native-access=ALL-UNNAMED -jar "$work/geoeduc.jar")
geoeduc() { "${GEOEDUC[@]}" "$@"; }

# timed NAME CMD…: runs CMD, records wall seconds, CPU seconds (user+sys) and maximum RSS (MB) in $T_s, $T_cpu, $T_mb
timed() {
  local name=$1; shift
  local tf="$work/time.$name" u sy
  /usr/bin/time -f "%e %U %S %M" -o "$tf" "$@" >"$work/$name.out" 2>"$work/$name.err" || { say "  $name FAILED (exit $?): $(tail -n 3 "$work/$name.err" | tr '\n' ' ')"; T_s=NaN; T_cpu=NaN; T_mb=NaN; return 0; }
  read -r T_s u sy kb < <(tail -n 1 "$tf")
  T_cpu=$(python3 -c "print(f'{$u + $sy:.1f}')")
  T_mb=$((kb / 1024))
}
load() { cut -d' ' -f1-3 /proc/loadavg; }
ratio() { # A B → A/B with 2 decimals, or ? when either is not a positive number
  python3 -c "
import sys
try:
    a, b = float(sys.argv[1]), float(sys.argv[2])
    print(f'{a / b:.2f}' if b > 0 and a == a else '?')
except ValueError:
    print('?')" "$1" "$2"
}

pg_url=""
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "${endpoint_pid:-}" ]] && kill "$endpoint_pid" 2>/dev/null || true
  if [[ -n "$pg_url" ]]; then GEOEDUC_PG_DIR="$pgdir" "$repo/scripts/pg-test-cluster.sh" remove >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
if [[ "$PG" == 1 && " $STEPS " == *" serve "* ]]; then
  eval "$(GEOEDUC_PG_DIR="$pgdir" "$repo/scripts/pg-test-cluster.sh" start)"
  pg_url="$GEOEDUC_TEST_PG"
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  psql -q "$pg_url" -c "ALTER DATABASE geoeduc_test SET jit = off" >/dev/null
  # the PostgreSQL endpoint (as explore-vs-postgresql.sh's): pgjdbc and HikariCP from the local Maven repository,
  # Jackson from the jar under test
  M2="$HOME/.m2/repository"
  PGJDBC="$(ls "$M2"/org/postgresql/postgresql/*/postgresql-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n 1 || true)"
  HIKARI="$(ls "$M2"/com/zaxxer/HikariCP/*/HikariCP-*.jar 2>/dev/null | grep -v sources | sort -V | tail -n 1 || true)"
  [[ -f "$PGJDBC" && -f "$HIKARI" ]] || { echo "pgjdbc or HikariCP missing from $M2 (a project build downloads them)" >&2; exit 1; }
  mkdir -p "$work/classes"
  PG_CP="$PGJDBC:$HIKARI:$work/geoeduc.jar:$work/classes"
  "$(dirname "$JAVA")/javac" --release 21 -nowarn -cp "$PG_CP" -d "$work/classes" "$bench/src/main/java/fr/geoeduc/bench/PgScaleEndpoint.java"
fi

say "GéoÉduc scale benchmark — $(date -u +%FT%TZ) — $(git -C "$repo" log -1 --format='%h %s' | cut -c1-80)"
say "java: $("$JAVA" -version 2>&1 | head -n 1); heap -Xmx$XMX; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
say "wrk (both sides) and pgbench: $CONNECTIONS connections, ${DURATION}s per query; PostgreSQL endpoint: HikariCP pool $POOL, virtual threads"

# ---------------------------------------------------------------- generated files
generate() { # KIND ROWS OUT
  case $1 in
    geoloc) python3 "$bench/gen-geoloc.py" "$GEOLOC_SRC" "$3" "$2" >/dev/null ;;
    eleves) # SyntheticPupils: about 68,935 pupils per rentrée at scale 1 on the Ille-et-Vilaine annuaire, cut to ROWS;
      # it holds every pupil in memory, so at most 1,000,000 are drawn and gen-eleves.py repeats them with new INEs
      local base=$(($2 < 1000000 ? $2 : 1000000)) scale
      scale=$(python3 -c "print(max(0.01, $base / 68935 * 1.02))")
      geoeduc synthetic eleves --out "$3.full" --scale "$scale" --annuaire "$shared/ille-et-vilaine/fr-en-annuaire-education.csv" >/dev/null 2>&1
      head -n $((base + 1)) "$3.full" >"$3.base"; rm -f "$3.full"
      if (($2 > base)); then python3 "$bench/gen-eleves.py" "$3.base" "$3" "$2"; rm -f "$3.base"; else mv "$3.base" "$3"; fi ;;
  esac
}
second_version() { # IN OUT: 0.01 % of the rows removed, 0.01 % with their second field changed
  python3 - "$1" "$2" <<'EOF'
import sys
src, dst = sys.argv[1], sys.argv[2]
with open(src, "rb") as f, open(dst, "wb") as w:
    for i, line in enumerate(f):
        if i > 0 and i % 10_000 == 7:
            continue
        if i > 0 and i % 10_000 == 3:
            c = line.split(b";")
            c[1] = c[1] + b"-modifie"
            line = b";".join(c)
        w.write(line)
EOF
}

# ---------------------------------------------------------------- the queries (Explore API path | SQL)
queries() { # KIND → lines "name|explore path and query|SQL"
  case $1 in
    geoloc) cat <<'EOF'
uai|records?where=numero_uai%3D%220000098G%22|SELECT * FROM t WHERE numero_uai = '0000098G'
commune|records?refine=code_commune:15152&limit=20|SELECT * FROM t WHERE code_commune = '15152' LIMIT 20
in_bbox|records?where=in_bbox(position,48.0,-1.8,48.2,-1.6)&limit=100|SELECT * FROM t WHERE latitude BETWEEN 48.0 AND 48.2 AND longitude BETWEEN -1.8 AND -1.6 LIMIT 100
distance|records?where=within_distance(position,geom%27POINT(-1.68%2048.11)%27,2km)&limit=20|SELECT * FROM t WHERE latitude BETWEEN 48.092 AND 48.128 AND longitude BETWEEN -1.707 AND -1.653 AND 12742017.6 * asin(sqrt(power(sin(radians(latitude - 48.11) / 2), 2) + cos(radians(48.11)) * cos(radians(latitude)) * power(sin(radians(longitude + 1.68) / 2), 2))) <= 2000 LIMIT 20
search|records?where=search(appellation_officielle,%22jean%22)&limit=20|SELECT * FROM t WHERE appellation_officielle ILIKE '%jean%' LIMIT 20
group_avg|records?select=code_academie,avg(latitude)%20as%20m&group_by=code_academie&limit=100|SELECT code_academie, avg(latitude) FROM t GROUP BY code_academie LIMIT 100
count|records?select=count(*)%20as%20n&where=nature_uai_libe%3D%22Coll%C3%A8ge%22|SELECT count(*) FROM t WHERE nature_uai_libe = 'Collège'
page_order|records?where=code_academie%3D%2225%22&order_by=appellation_officielle&limit=20&offset=20|SELECT * FROM t WHERE code_academie = '25' ORDER BY appellation_officielle LIMIT 20 OFFSET 20
export_csv|exports/csv?where=code_departement%3D%22035%22|SELECT * FROM t WHERE code_departement = '035'
EOF
    ;;
    eleves) cat <<'EOF'
ine|records?where=ine%3D%22{INE}%22|SELECT * FROM t WHERE ine = '{INE}'
ecole|records?refine=uai_ecole:{UAI}&limit=20|SELECT * FROM t WHERE uai_ecole = '{UAI}' LIMIT 20
box|records?where=adresse_lat%3E%3D48.0%20and%20adresse_lat%3C%3D48.2%20and%20adresse_lon%3E%3D-1.8%20and%20adresse_lon%3C%3D-1.6&limit=100|SELECT * FROM t WHERE adresse_lat BETWEEN 48.0 AND 48.2 AND adresse_lon BETWEEN -1.8 AND -1.6 LIMIT 100
group_count|records?select=mef,count(*)%20as%20n&group_by=mef&limit=100|SELECT mef, count(*) FROM t GROUP BY mef LIMIT 100
where_two|records?select=count(*)%20as%20n&where=sexe%3D%22F%22%20and%20pcs_groupe%3D%22moyenne%22|SELECT count(*) FROM t WHERE sexe = 'F' AND pcs_groupe = 'moyenne'
page_order|records?where=mef%3D%22CM2%22&order_by=annee_naissance,ine&limit=20&offset=20|SELECT * FROM t WHERE mef = 'CM2' ORDER BY annee_naissance, ine LIMIT 20 OFFSET 20
export_csv|exports/csv?where=commune_residence%3D%22{COMMUNE}%22|SELECT * FROM t WHERE commune_residence = '{COMMUNE}'
EOF
    ;;
  esac
}
pg_types() { # KIND → "column type" lines for the numeric columns (the rest is text)
  case $1 in
    geoloc) printf 'latitude double precision\nlongitude double precision\n' ;;
    eleves) printf 'adresse_lat double precision\nadresse_lon double precision\nannee_naissance integer\nrentree_scolaire integer\n' ;;
  esac
}
pg_indexes() {
  case $1 in
    geoloc) echo "numero_uai code_commune code_academie code_departement nature_uai_libe latitude,longitude" ;;
    eleves) echo "ine uai_ecole mef commune_residence adresse_lat,adresse_lon" ;;
  esac
}

pg_load() { # KIND FILE → loads table t; prints seconds
  local kind=$1 file=$2 header cols=() start
  header=$(head -n 1 "$file" | sed 's/^\xEF\xBB\xBF//; s/\r$//')
  IFS=';' read -r -a cols <<<"$header"
  local ddl="DROP TABLE IF EXISTS t; CREATE TABLE t ("
  for c in "${cols[@]}"; do
    local type=text
    type=$(pg_types "$kind" | awk -v c="$c" '$1 == c { $1 = ""; print substr($0, 2) }')
    ddl+="\"$c\" ${type:-text},"
  done
  ddl="${ddl%,});"
  start=$(date +%s.%N)
  psql -q "$pg_url" -c "$ddl" >/dev/null
  tail -n +2 "$file" | sed 's/\r$//' | psql -q "$pg_url" -c "\\copy t FROM STDIN WITH (FORMAT csv, DELIMITER ';', NULL '')" >/dev/null
  for ix in $(pg_indexes "$kind"); do psql -q "$pg_url" -c "CREATE INDEX ON t ($ix)" >/dev/null; done
  psql -q "$pg_url" -c "VACUUM (FREEZE, ANALYZE) t" >/dev/null # as explore-vs-postgresql.sh: no autovacuum during the queries
  python3 -c "import time; print(f'{time.time() - $start:.1f}')"
}

cpu_ticks() { # PID… → user+system clock ticks of these processes
  local p
  for p in "$@"; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || true; done | awk '{ s += $1 } END { print s + 0 }'
}
cpu_ms() { # TICKS_BEFORE TICKS_AFTER WRK_OUTPUT → CPU milliseconds per request
  local n
  n=$(awk '/requests in/ { print $1 }' "$3")
  python3 -c "import os, sys; b, a, n = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3] or 0); print(f'{(a - b) * 1000 / os.sysconf(\"SC_CLK_TCK\") / n:.3f}' if n > 0 else '?')" "$1" "$2" "${n:-0}"
}
rss_mb() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$1/status" 2>/dev/null || echo "?"; }

start_server() { # → server_pid, up (seconds to /api/health), first (HTTP code and seconds of the first answer)
  local start
  start=$(date +%s.%N)
  GEOEDUC_QUOTA_ANONYMOUS=1000000000 "$JAVA" "-Xmx$XMX" "${EXTRA_OPTS[@]}" --enable-native-access=ALL-UNNAMED -jar "$work/geoeduc.jar" --data "$work/data" serve --port "$PORT" \
    >"$work/serve.log" 2>&1 &
  server_pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/api/health"; do
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  up=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  up_cpu=$(cpu_s "$server_pid")
  first=$(curl -s -o "$work/first.json" -w "%{http_code} %{time_total}" "$base/records?limit=1")
  first_total=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
  first_cpu=$(cpu_s "$server_pid")
}
cpu_s() { # PID → CPU seconds (user+system) used by the process so far
  python3 -c "import os, sys; print(f'{int(sys.argv[1]) / os.sysconf(\"SC_CLK_TCK\"):.1f}')" "$(cpu_ticks "$1")"
}
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
heap_mb() { # heap in use after a full GC (MB), through jcmd
  "$(dirname "$JAVA")/jcmd" "$1" GC.run >/dev/null 2>&1 || true
  "$(dirname "$JAVA")/jcmd" "$1" GC.heap_info 2>/dev/null | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); print int(v / 1024); exit } }'
}

# The pupil-like file as a restricted dataset served to a convention's client (issue 22: an académie's 12M pupils under
# a convention within the default heap). Needs the store of the ingest step ($work/data with dataset eleves).
restricted_step() {
  [[ -d "$work/data" ]] || { say "  restricted: no store in $work/data (run STEPS=\"ingest restricted\" first)"; return 0; }
  local r="eleves-restreints" conv="$work/convention-scale.json" key communes
  if ! geoeduc --data "$work/data" org list 2>/dev/null | grep -q rectorat-scale; then
    geoeduc --data "$work/data" org create --id rectorat-scale --name "Rectorat (banc d'essai)" --kind academie --territory 14 >/dev/null
    geoeduc --data "$work/data" org create --id region-scale --name "Région (banc d'essai)" --kind region --territory 53 >/dev/null
  fi
  if geoeduc --data "$work/data" versions "$r" >/dev/null 2>&1; then
    say "  restricted: $r already in the store (a previous run's): not ingested again"
  else
    timed ingest_restricted "${GEOEDUC[@]}" --data "$work/data" ingest --dataset "$r" --access restricted --owner rectorat-scale "$v1"
    say "  restricted: ingest of the same file as $r   ${T_s} s (CPU ${T_cpu} s)   max RSS ${T_mb} MB   (load $(load))"
  fi
  communes=$(cut -d';' -f9 "$v1" | tail -n +2 | sort -u | python3 -c "import json, sys; print(json.dumps([l.strip() for l in sys.stdin if l.strip()]))")
  python3 - "$conv" "$r" "$communes" <<'PY'
import json, sys
path, dataset, communes = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
fields = ["ine", "uai_ecole", "rentree_scolaire", "mef", "sexe", "annee_naissance", "pcs_groupe", "boursier",
          "commune_residence", "adresse_lon", "adresse_lat"]
json.dump({
    "id": "conv-scale", "number": "BENCH-22", "title": "Banc d'essai : élèves à l'échelle nationale", "notifiedOn": "2026-09-01",
    "parties": [{"organisation": "rectorat-scale", "role": "PROVIDER", "signatoryName": "Recteur", "signatoryFunction": "recteur"},
                {"organisation": "region-scale", "role": "RECIPIENT", "signatoryName": "Président", "signatoryFunction": "président"}],
    "legalBasis": {"texts": ["Code de l'éducation, art. L.214-1"], "rgpdBasis": "RGPD art. 6.1.e", "url": None},
    "purposes": [{"label": "banc d'essai", "competence": "L.214-1"}],
    "scopes": [{"dataset": dataset, "fields": fields, "granularity": "INDIVIDUAL_PSEUDONYMISED",
                "territory": {"field": "commune_residence", "codes": communes},
                "period": {"field": "rentree_scolaire", "from": 2023, "to": 2023}, "personalData": True,
                "pseudonymisedFields": ["ine"], "quasiIdentifiers": [], "k": 1, "secret": None}],
    "deliveries": [], "recipients": {"personalDataServices": ["SIG"], "subcontractorRule": "non"},
    "uses": {"permitted": ["banc d'essai"], "forbidden": ["toute décision individuelle"]},
    "protection": {"securityMeasures": "clé d'API", "sourceCitation": "synthétique"},
    "retention": {"monthsPerDataset": {dataset: 1}, "deletionDelayMonths": 1},
    "rights": {"familiesContact": "dpd@example.fr", "dpdPerParty": {"rectorat-scale": "dpd@example.fr", "region-scale": "dpd@example.fr"},
               "responsableDeTraitement": "Recteur", "technicalContact": "sig@example.fr"},
    "lifeCycle": {"startsOn": "2026-01-01", "endsOn": None, "durationMonths": 24, "tacitRenewal": False, "reviewMeeting": None,
                  "noticeMonths": 1, "terminatedOn": None, "amendments": []},
    "financialTerms": "aucune"}, open(path, "w"), ensure_ascii=False)
PY
  if ! geoeduc --data "$work/data" convention list 2>/dev/null | grep -q conv-scale; then
    geoeduc --data "$work/data" convention create "$conv" >/dev/null
    geoeduc --data "$work/data" convention status conv-scale validated >/dev/null
    geoeduc --data "$work/data" convention status conv-scale active >/dev/null
  fi
  key=$(geoeduc --data "$work/data" client create --org region-scale --label "banc d'essai" --daily-limit 1000000000 | grep -o 'gek_[A-Za-z0-9_-]*' | head -n 1)
  [[ -n "$key" ]] || { say "  restricted: no API key printed by client create"; return 0; }
  local rbase="http://127.0.0.1:$PORT/api/explore/v2.1/catalog/datasets/$r" auth=(-H "Authorization: Apikey $key")
  start_server
  local t0 t1 code
  t0=$(date +%s.%N)
  code=$(curl -s "${auth[@]}" -o "$work/first-restricted.json" -w "%{http_code}" "$rbase/records?limit=1")
  t1=$(date +%s.%N)
  say "  restricted: first answer of the convention's client HTTP $code in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s (its view built); server CPU so far $(cpu_s "$server_pid") s; RSS $(rss_mb "$server_pid") MB; heap after a full GC $(heap_mb "$server_pid") MB of -Xmx$XMX (load $(load))"
  grep -o 'view of .*' "$work/serve.log" | sed 's/^/    log: /' | tee -a "$report" || true
  [[ $code == 200 ]] || { say "    body: $(head -c 300 "$work/first-restricted.json")"; stop_server; return 0; }
  # after a restart the version's column file is mapped at once: the first answer is the view's build alone
  stop_server
  start_server
  t0=$(date +%s.%N)
  code=$(curl -s "${auth[@]}" -o "$work/first-restricted.json" -w "%{http_code}" "$rbase/records?limit=1")
  t1=$(date +%s.%N)
  say "  restricted, restart: first answer of the client HTTP $code in $(python3 -c "print(f'{$t1 - $t0:.1f}')") s; server CPU so far $(cpu_s "$server_pid") s; RSS $(rss_mb "$server_pid") MB; heap after a full GC $(heap_mb "$server_pid") MB (load $(load))"
  grep -o 'view of .*' "$work/serve.log" | sed 's/^/    log: /' | tee -a "$report" || true
  local pseudo
  pseudo=$(python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['results'][0]['ine'])" "$work/first-restricted.json")
  queries eleves | sed "s/{UAI}/$(sed -n 2p "$v1" | cut -d';' -f2)/g; s/{COMMUNE}/$(sed -n 2p "$v1" | cut -d';' -f9)/g" >"$work/queries-restricted.txt"
  say "  req/s under wrk ($CONNECTIONS connections, ${DURATION} s), the same server: open dataset (anonymous) and restricted (the client); ine: the"
  say "  first row's INE on the open side, a pseudonym on the restricted side"
  say "  $(printf '%-12s %10s %10s %12s %9s %9s  %s' query open/s restr/s restr/open open-ms restr-ms load)"
  while IFS='|' read -r name path sql; do
    local opath=${path//\{INE\}/$(sed -n 2p "$v1" | cut -d';' -f1)} rpath=${path//\{INE\}/$pseudo} o r oms rms c0 c1
    wrk -t2 "-c$CONNECTIONS" "-d${WARMUP}s" "$base/$opath" >/dev/null 2>&1 || true
    wrk -t2 "-c$CONNECTIONS" "-d${WARMUP}s" -H "Authorization: Apikey $key" "$rbase/$rpath" >/dev/null 2>&1 || true
    c0=$(cpu_ticks "$server_pid"); wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" "$base/$opath" >"$work/wrk.out" 2>&1 || true; c1=$(cpu_ticks "$server_pid")
    o=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.out"); oms=$(cpu_ms "$c0" "$c1" "$work/wrk.out")
    c0=$(cpu_ticks "$server_pid"); wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" -H "Authorization: Apikey $key" "$rbase/$rpath" >"$work/wrk-r.out" 2>&1 || true; c1=$(cpu_ticks "$server_pid")
    r=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk-r.out"); rms=$(cpu_ms "$c0" "$c1" "$work/wrk-r.out")
    code=$(curl -s "${auth[@]}" -o /dev/null -w "%{http_code}" "$rbase/$rpath")
    say "  $(printf '%-12s %10s %10s %12s %9s %9s  %s' "$name" "${o:-?}" "${r:-?}" "$(ratio "${r:-0}" "${o:-0}")" "$oms" "$rms" "$(load)")$([[ $code == 200 ]] || echo "  HTTP $code")$(grep -q Non-2xx "$work/wrk-r.out" && echo "  non-2xx under load")"
  done <"$work/queries-restricted.txt"
  say "  restricted: server after the queries: RSS $(rss_mb "$server_pid") MB, heap after a full GC $(heap_mb "$server_pid") MB of -Xmx$XMX; load $(load)"
  stop_server
}

for size in $SIZES; do
  for kind in $KINDS; do
    v1="$files/$kind-$size.csv"
    v2="$files/$kind-$size-v2.csv"
    base="http://127.0.0.1:$PORT/api/explore/v2.1/catalog/datasets/$kind"
    say ""
    say "== $kind, $size rows (load $(cut -d' ' -f1-3 /proc/loadavg))"
    if [[ " $STEPS " == *" ingest "* ]]; then
    rm -rf "$work/data" "$work"/*.gpkg
    # generated files are kept (BENCH_FILES); written under a temporary name, so that a run stopped midway leaves none
    [[ -s "$v1" ]] || { generate "$kind" "$size" "$v1.tmp" && mv "$v1.tmp" "$v1"; }
    [[ -s "$v2" ]] || { second_version "$v1" "$v2.tmp" && mv "$v2.tmp" "$v2"; }
    rows=$(($(wc -l <"$v1") - 1))
    say "  file: $rows rows, $(head -n 1 "$v1" | tr ';' '\n' | wc -l) fields, $(($(stat -c %s "$v1") / 1048576)) MB"

    timed ingest1 "${GEOEDUC[@]}" --data "$work/data" ingest --dataset "$kind" "$v1"
    ingest_s=$T_s ingest_cpu=$T_cpu
    say "  ingest v1          ${T_s} s (CPU ${T_cpu} s)   max RSS ${T_mb} MB   (load $(load))"
    if [[ "$OGR" == 1 ]] && command -v ogr2ogr >/dev/null; then
      # the same ogr2ogr command as ingest-vs-ogr2ogr.sh's
      args=(-f GPKG "$work/$kind.gpkg" "$v1" -oo SEPARATOR=SEMICOLON -oo AUTODETECT_TYPE=YES)
      [[ $kind == geoloc ]] && args+=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326)
      timed ogr ogr2ogr "${args[@]}"
      say "  ogr2ogr (GPKG)     ${T_s} s (CPU ${T_cpu} s)   max RSS ${T_mb} MB   ratio ogr2ogr/GéoÉduc $(ratio "$T_s" "$ingest_s")x wall, $(ratio "$T_cpu" "$ingest_cpu")x CPU   (load $(load))"
      rm -f "$work/$kind.gpkg"
    fi
    timed ingest2 "${GEOEDUC[@]}" --data "$work/data" ingest --dataset "$kind" "$v2"
    say "  ingest v2          ${T_s} s (CPU ${T_cpu} s)   max RSS ${T_mb} MB   (load $(load))"
    timed diff "${GEOEDUC[@]}" --data "$work/data" diff "$kind" 1 2 --limit 0
    say "  diff v1 v2         ${T_s} s (CPU ${T_cpu} s)   max RSS ${T_mb} MB   (load $(load))"
    say "    $(grep -o 'clé/key.*' "$work/diff.out" | head -n 1); $(grep -o 'ajoutées.*' "$work/diff.out" | head -n 1)"
    fi
    if [[ " $STEPS " == *" restricted "* && $kind == eleves ]]; then
      restricted_step
    fi
    [[ " $STEPS " == *" serve "* ]] || continue
    [[ -f "$v1" ]] || { say "  no store of a previous run for $kind $size (STEPS=serve needs one)"; continue; }

    # ---- server: start-up and first answer twice: the first start reads the store and writes the column file of
    # the version, the restart maps it; then each query under wrk
    rm -rf "$work/data/columns"
    jvm=$( { /usr/bin/time -f "%e" "${GEOEDUC[@]}" --version >/dev/null; } 2>&1 | tail -n 1)
    say "  baseline: a JVM printing geoeduc --version takes ${jvm} s at this load"
    start_server
    say "  serve, no column file:  /api/health after ${up} s (CPU ${up_cpu} s); first answer HTTP ${first% *} in ${first#* } s (${first_total} s from the start, CPU ${first_cpu} s); RSS $(rss_mb "$server_pid") MB; heap $(heap_mb "$server_pid") MB (load $(cut -d' ' -f1-3 /proc/loadavg))"
    [[ ${first% *} == 200 ]] || say "    body: $(head -c 300 "$work/first.json")"
    stop_server
    start_server
    say "  restart, file mapped:   /api/health after ${up} s (CPU ${up_cpu} s); first answer HTTP ${first% *} in ${first#* } s (${first_total} s from the start, CPU ${first_cpu} s); RSS $(rss_mb "$server_pid") MB; heap $(heap_mb "$server_pid") MB (load $(cut -d' ' -f1-3 /proc/loadavg))"
    say "    column files: $(du -sh "$work/data/columns" 2>/dev/null | cut -f1); $(grep -c 'columns mapped from' "$work/serve.log" || true) version(s) mapped"
    queries "$kind" | sed "s/{INE}/$(sed -n 2p "$v1" | cut -d';' -f1)/g; s/{UAI}/$(sed -n 2p "$v1" | cut -d';' -f2)/g; s/{COMMUNE}/$(sed -n 2p "$v1" | cut -d';' -f9)/g" >"$work/queries.txt"
    pbase=""
    if [[ "$PG" == 1 ]]; then
      # the version the server serves: the second one when the ingest step made it
      pg_file="$v1"; [[ -s "$v2" ]] && pg_file="$v2"
      say "  PostgreSQL load of $(basename "$pg_file") (\\copy + indexes + vacuum analyze): $(pg_load "$kind" "$pg_file") s (load $(load))"
      cut -d'|' -f1,3 "$work/queries.txt" >"$work/pg-queries.txt"
      # TCP_NODELAY on its sockets, as GéoÉduc's Jetty: without it, answers of some sizes wait for the client's delayed
      # ACK (about 40 ms each: at most 100 req/s over 4 connections)
      "$JAVA" -Xmx512m -Djdk.virtualThreadScheduler.parallelism=$((2 * $(nproc))) -Dsun.net.httpserver.nodelay=true \
        -cp "$PG_CP" fr.geoeduc.bench.PgScaleEndpoint \
        "jdbc:postgresql://${pg_url#postgresql://geoeduc@}?user=geoeduc" "$PG_HTTP_PORT" "$POOL" "$work/pg-queries.txt" >"$work/pg-endpoint.log" 2>&1 &
      endpoint_pid=$!
      for _ in $(seq 150); do curl -s -o /dev/null "http://127.0.0.1:$PG_HTTP_PORT/health" && break; kill -0 "$endpoint_pid" 2>/dev/null || break; sleep 0.2; done
      pbase="http://127.0.0.1:$PG_HTTP_PORT/q"
      postmaster=$(head -n 1 "$pgdir/data/postmaster.pid")
      # same answers? total_count and rows of each query on both sides, once
      awk -F'|' -v g="$base/" -v p="$pbase/" '{ print $1 "|" g $2 "|" p $1 }' "$work/queries.txt" >"$work/check.txt"
      python3 "$bench/scale-check.py" "$work/check.txt" | sed 's/^/    /' | tee -a "$report"
    fi
    # a first pass over every query (the server has just loaded millions of rows: JIT and GC are still busy)
    while IFS='|' read -r name path sql; do
      wrk -t2 "-c$CONNECTIONS" "-d${WARMUP}s" "$base/$path" >/dev/null 2>&1 || true
      [[ -n "$pbase" ]] && { wrk -t2 "-c$CONNECTIONS" "-d${WARMUP}s" "$pbase/$name" >/dev/null 2>&1 || true; }
    done <"$work/queries.txt"
    say "  req/s under wrk, both sides over HTTP with JSON answers (CSV for the export); CPU ms per request of the"
    say "  server process(es): GéoÉduc's JVM; the endpoint's JVM + every PostgreSQL process; pgbench = raw SQL, no HTTP"
    say "  $(printf '%-12s %10s %10s %7s %8s %8s %7s %12s %8s  %s' query GéoÉduc/s PG-HTTP/s ratio G-cpu-ms P-cpu-ms cpu-x pgbench-SQL/s ratio load)"
    while IFS='|' read -r name path sql; do
      code=$(curl -s -o /dev/null -w "%{http_code}" "$base/$path")
      c0=$(cpu_ticks "$server_pid")
      wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" "$base/$path" >"$work/wrk.out" 2>&1 || true
      c1=$(cpu_ticks "$server_pid")
      g=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.out")
      gms=$(cpu_ms "$c0" "$c1" "$work/wrk.out")
      grep -q "Non-2xx" "$work/wrk.out" && code="non-2xx under load"
      p="-" pms="-" b="-"
      if [[ -n "$pbase" ]]; then
        pids=("$endpoint_pid" "$postmaster" $(pgrep -P "$postmaster" || true))
        c0=$(cpu_ticks "${pids[@]}")
        wrk -t2 "-c$CONNECTIONS" "-d${DURATION}s" "$pbase/$name" >"$work/wrk-pg.out" 2>&1 || true
        c1=$(cpu_ticks "${pids[@]}")
        p=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk-pg.out")
        pms=$(cpu_ms "$c0" "$c1" "$work/wrk-pg.out")
        grep -q "Non-2xx" "$work/wrk-pg.out" && code="$code; PostgreSQL endpoint non-2xx under load"
        echo "$sql;" >"$work/q.sql"
        b=$("$PGBIN/pgbench" -n -f "$work/q.sql" "-c$CONNECTIONS" -j2 "-T$DURATION" "$pg_url" 2>/dev/null | awk '/^tps/ { print $3 }')
      fi
      say "  $(printf '%-12s %10s %10s %7s %8s %8s %7s %12s %8s  %s' "$name" "${g:-?}" "${p:-?}" "$(ratio "${g:-0}" "${p:-0}")" "$gms" "$pms" "$(ratio "$pms" "$gms")" "${b:-?}" "$(ratio "${g:-0}" "${b:-0}")" "$(load)")$([[ $code == 200 ]] || echo "  HTTP $code")"
    done <"$work/queries.txt"
    if [[ -n "${endpoint_pid:-}" ]]; then kill "$endpoint_pid" 2>/dev/null || true; wait "$endpoint_pid" 2>/dev/null || true; endpoint_pid=""; fi
    say "  server after the queries: RSS $(rss_mb "$server_pid") MB (mapped pages count in RSS), heap after a full GC $(heap_mb "$server_pid") MB of -Xmx$XMX; load $(cut -d' ' -f1-3 /proc/loadavg)"
    if [[ $kind == eleves ]]; then
      # requests whose structures once grew with the rows (each filled -Xmx1g at 12M): answered once each, in order
      say "  once each, status and seconds (facets, distinct counts, record ids, search and groups over a near-unique field):"
      for q in "facets?facet=ine" "records?select=count(distinct%20ine)%20as%20n" \
               "records?group_by=uai_ecole,mef,sexe&select=count(distinct%20ine)%20as%20d&limit=2" \
               "records?select=_id&limit=2" "records?where=search(ine,%22100172%22)&limit=2" \
               "records?group_by=ine&select=count(*)%20as%20n&limit=2" "records?select=percentile(annee_naissance,50)%20as%20p"; do
        say "    $(curl -s -o /dev/null -m 300 -w "%{http_code} %{time_total}" "$base/$q")  $q"
      done
      say "    heap after a full GC $(heap_mb "$server_pid") MB; the server log holds $(grep -c OutOfMemoryError "$work/serve.log" || true) OutOfMemoryError"
    fi
    stop_server
  done
done
say ""
say "report: $report"

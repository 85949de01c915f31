#!/usr/bin/env bash
# BAN address suggestions (issue 21) on a generated BAN of a real département's size (Ille-et-Vilaine: ~450k
# addresses): a SYNTHETIC BAN-format file from the real 35 carte and 2018 commune polygons (`synthetic ban`), loaded with
# `referentiel load ban`, served by `geoeduc serve`, which builds the word index in the background at start: the time
# from the server's start until /api/health lists the index ready is printed, then the first request's, then QUERIES queries typed as a user would ("12 rue anta renn": the
# number, four letters of a street word, four of the commune) from random addresses of the file, one at a time.
# Prints the addresses, the index build, the median / p95 / max per query, the load average. Never fails on timing.
#
# Settings: PAR_COMMUNE=800 PAR_PLAGE=60 (about 450k addresses) QUERIES=300 PORT=18531 XMX=2g BENCH_BUILD=1
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$repo/scripts/find-java.sh"
find_java >/dev/null
source "$repo/bench/wait-http.sh"
data_root="${SHARED_DATA:-$repo/../shared/data}"
carte35="$data_root/ille-et-vilaine/fr-en-carte-scolaire-colleges-publics.csv"
communes="$data_root/geometry/communes-2018/communes-35-ille-et-vilaine.geojson"
[[ -f "$carte35" && -f "$communes" ]] || { echo "skip: $carte35 or $communes absent"; exit 0; }
PAR_COMMUNE="${PAR_COMMUNE:-800}"; PAR_PLAGE="${PAR_PLAGE:-60}"; QUERIES="${QUERIES:-300}"; PORT="${PORT:-18531}"; XMX="${XMX:-2g}"
jar="$repo/app/target/geoeduc.jar"
if [[ "${BENCH_BUILD:-}" == 1 || ! -f "$jar" ]]; then
  (cd "$repo" && ./mvnw -B -ntp -o -q package -pl app -am -DskipTests) >&2
fi
work="$(mktemp -d /tmp/geoeduc-suggestions-XXXX)"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT
g() { "$JAVA" -Xmx"$XMX" --enable-native-access=ALL-UNNAMED -jar "$jar" --data "$work/data" "$@"; }
g referentiel load cog-mouvements "$repo/core/src/main/resources/referentiel/cog-mouvements-35-extrait.csv" >/dev/null
g referentiel load communes "$communes" --millesime 2018 >/dev/null
g ingest "$carte35" --dataset fr-en-carte-scolaire-colleges-publics >/dev/null
g synthetic ban --out "$work/adresses-35.csv.gz" --par-commune "$PAR_COMMUNE" --par-plage "$PAR_PLAGE" >/dev/null
t0=$(date +%s.%N)
g referentiel load ban "$work/adresses-35.csv.gz" | tail -n 1
t1=$(date +%s.%N)
t_serve=$(date +%s.%N)
"$JAVA" -Xmx"$XMX" --enable-native-access=ALL-UNNAMED -jar "$jar" --data "$work/data" serve --port "$PORT" >"$work/serve.log" 2>&1 &
pid=$!
wait_http "http://127.0.0.1:$PORT/" 120 "$pid" || { tail -n 20 "$work/serve.log" >&2; exit 1; }
python3 - "$work/adresses-35.csv.gz" "$PORT" "$QUERIES" "$(echo "$t1 - $t0" | bc)" "$t_serve" <<'EOF'
import gzip, json, random, statistics, sys, time, unicodedata, urllib.parse, urllib.request
path, port, n, load_s, t_serve = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
while True:  # only /api/health until the index built at start is ready (no suggestion request before)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as r:
        if any(s.startswith("ban-adresses-35 ") for s in json.load(r).get("suggestions_adresses", {}).get("pretes", [])):
            break
    time.sleep(0.2)
ready_s = time.time() - t_serve
rows = []
with gzip.open(path, "rt", encoding="utf-8") as f:
    head = f.readline().rstrip("\n").split(";")
    i_num, i_voie, i_com = head.index("numero"), head.index("nom_voie"), head.index("nom_commune")
    for line in f:
        c = line.rstrip("\n").split(";")
        rows.append((c[i_num], c[i_voie], c[i_com]))
def word(s):
    s = unicodedata.normalize("NFD", s).encode("ascii", "ignore").decode().lower()
    ws = [w for w in "".join(ch if ch.isalnum() else " " for ch in s).split() if len(w) >= 5]
    return ws[0][:4] if ws else None
random.seed(21)
queries = []
while len(queries) < n:
    num, voie, com = random.choice(rows)
    a, b = word(voie), word(com)
    if a and b and num.isdigit() and int(num) < 10000:
        queries.append(f"{num} {a} {b}")
def get(q):
    url = f"http://127.0.0.1:{port}/api/carte-scolaire/suggestions?limit=10&q=" + urllib.parse.quote(q)
    t = time.perf_counter()
    with urllib.request.urlopen(url) as r:
        body = json.load(r)
    return (time.perf_counter() - t) * 1000, len(body["suggestions"])
first, _ = get("1 rue renn")  # served from the index built at start
times, found = [], 0
for q in queries:
    ms, k = get(q)
    times.append(ms)
    found += k > 0
times.sort()
p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
print(f"addresses (SYNTHETIC, 35): {len(rows)}; load average {open('/proc/loadavg').read().split()[0]}")
print(f"referentiel load ban: {load_s:.1f} s")
print(f"index ready (built in the background from the server's start, read through the query service): {ready_s:.1f} s after start")
print(f"first request: {first:.0f} ms")
print(f"{len(times)} queries (one at a time, HTTP): median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms, max {times[-1]:.1f} ms; {found} with suggestions")
EOF

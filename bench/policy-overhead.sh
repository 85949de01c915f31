#!/usr/bin/env bash
# Policy overhead benchmark: the same eight Explore queries, in one JVM and one run, as an anonymous caller on OPEN data
# (eleves-ouverts) and as an API client under an active convention on RESTRICTED data of the same rows
# (eleves-restreints: convention covering every row, all 11 fields, ine pseudonymised, k = 1), both through the
# QueryService of AccessServices.open(...); a third mode runs the restricted calls with AuditSink.NONE to show the
# audit append's share. Modes interleaved, warm-up first; prints p50/p95 per query and mode, the overhead ratios,
# the geometric mean, the one-time view build cost and a stage breakdown (bench/src/PolicyOverheadBench.java).
# Goal of the issue: overhead < 10 %. A benchmark, not a test: it never fails on timing (exit 1 only if a tool is missing
# or the build/compile fails).
#
# Usage: bench/policy-overhead.sh          (about 4 to 8 minutes on a 2-CPU machine)
# Environment (all optional):
#   ITERATIONS=200   timed iterations per query and mode (the "what-if" pass uses half)
#   WARMUP=40        warm-up iterations per query and mode
#   HTTP=1           also run the queries through the HTTP Explore API of a server started in the bench (0 to skip)
#   HTTP_ONLY=0      1: the HTTP pass alone (no in-process passes, no stage breakdown), e.g. to profile the server's threads
#   HTTP_MODE=       open or restricted: the HTTP pass sends that mode's requests only (profile one mode at a time);
#                    keyed: open data as anonymous vs as the API client (authentication and quota alone)
#   PROFILE_THREADS= the thread-name prefix the profile keeps (default: main, or JettyServerThreadPool with HTTP_ONLY=1;
#                    "all": every thread)
#   ENGINE_PROFILE=  a query's name (or its start, e.g. "search"): after the in-process passes, runs it for 5 s on the
#                    published rows then on the view, in threads engine-open and engine-view (profile one with
#                    PROFILE=1 PROFILE_THREADS=engine-view)
#   EXPORT_COMMUNE=  commune code of the export query (default: the commune with the most pupils)
#   PROFILE=0        1: record the run with JFR and print the hottest GéoÉduc frames (file:line), native SQLite included
#   JAVA_OPTS        JVM options (default -Xmx2g)
#   BENCH_BUILD=1    build app/target/geoeduc.jar first (./mvnw -q -o package -pl app -am -DskipTests) even if it exists
#   JAR=PATH         run another build's jar instead of app/target/geoeduc.jar (before/after comparisons)
#   BENCH_WORK=DIR   scratch directory (default bench/results/policy-work, git-ignored)
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
ANNUAIRE="$repo/../shared/data/ille-et-vilaine/fr-en-annuaire-education.csv"
ITERATIONS="${ITERATIONS:-200}"
WARMUP="${WARMUP:-40}"
PROFILE="${PROFILE:-0}"
JAVA_OPTS="${JAVA_OPTS:--Xmx2g}"
results="$bench/results"
work="${BENCH_WORK:-$results/policy-work}"
stamp="$(date +%Y-%m-%d-%H%M%S)"
report="$results/policy-$stamp.txt"
log() { printf '%s\n' "$*" >&2; }

[[ -f "$ANNUAIRE" ]] || { log "missing $ANNUAIRE (../shared/data beside the checkout)"; exit 1; }

java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2; exit }')
  v=${v%%.*}
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}
find_jdk() { # JAVA_HOME if it is a JDK >= 21 with javac, else the newest one installed
  local best="" best_v=0 home v homes=()
  [[ -n "${JAVA_HOME:-}" ]] && homes+=("$JAVA_HOME")
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do homes+=("$home"); done
  for home in "${homes[@]}"; do
    [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || continue
    v=$(java_major "$home/bin/java")
    if [[ -n "${JAVA_HOME:-}" && "$home" == "$JAVA_HOME" && $v -ge 21 ]]; then best="$home"; break; fi
    if ((v >= 21 && v > best_v)); then best="$home"; best_v=$v; fi
  done
  [[ -n "$best" ]] || { log "a JDK 21+ with javac is required (set JAVA_HOME)"; exit 1; }
  echo "$best"
}
JDK="$(find_jdk)"

jar="${JAR:-$repo/app/target/geoeduc.jar}"
if [[ -z "${JAR:-}" && ( "${BENCH_BUILD:-}" == 1 || ! -f "$jar" ) ]]; then
  log "building app/target/geoeduc.jar (./mvnw -q -o package -pl app -am -DskipTests)…"
  opts="${MAVEN_OPTS:-}"
  if (($(java_major "$JDK/bin/java") >= 24)); then opts="$opts --sun-misc-unsafe-memory-access=allow"; fi
  (cd "$repo" && JAVA_HOME="$JDK" MAVEN_OPTS="$opts" ./mvnw -q -o package -pl app -am -DskipTests >&2) || { log "the build failed"; exit 1; }
fi

mkdir -p "$results" "$work"
work="$(cd "$work" && pwd)"
rm -rf "$work/store" "$work/classes"
# a snapshot of the jar: other work may rebuild app/target while the benchmark runs
cp "$jar" "$work/geoeduc-policy.jar"
"$JDK/bin/javac" --release 21 -nowarn -cp "$work/geoeduc-policy.jar" -d "$work/classes" "$bench/src/PolicyOverheadBench.java"

jfr_opts=()
if [[ "$PROFILE" == 1 ]]; then
  jfr_opts=("-Xlog:jfr+startup=off" "-XX:StartFlightRecording=filename=$work/policy.jfr,settings=profile")
fi
log "running PolicyOverheadBench ($ITERATIONS iterations, $WARMUP warm-up per query and mode; report $report)…"
# shellcheck disable=SC2086
"$JDK/bin/java" $JAVA_OPTS --enable-native-access=ALL-UNNAMED "${jfr_opts[@]}" -cp "$work/geoeduc-policy.jar:$work/classes" \
  PolicyOverheadBench "$work" "$ANNUAIRE" "$report" "$ITERATIONS" "$WARMUP" 2> >(grep -v '^WARNING: ' >&2)

if [[ "$PROFILE" == 1 && -f "$work/policy.jfr" ]]; then
  "$JDK/bin/jfr" print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample "$work/policy.jfr" > "$work/policy-samples.json"
  threads=main # the in-process passes; with HTTP_ONLY=1, the server's request threads
  [[ "${HTTP_ONLY:-0}" == 1 ]] && threads=JettyServerThreadPool
  [[ -n "${PROFILE_THREADS:-}" ]] && threads="$PROFILE_THREADS"
  python3 - "$work/policy-samples.json" "$threads" <<'PY' | tee -a "$report"
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
by_leaf, by_frame, by_thread, total = collections.Counter(), collections.Counter(), collections.Counter(), 0
for e in events:
    st = e["values"].get("stackTrace")
    name = (e["values"].get("sampledThread") or {}).get("javaName") or ""
    if not st or not (sys.argv[2] == "all" or name.startswith(sys.argv[2])):
        continue
    by_thread[name.rstrip("0123456789-")] += 1
    total += 1
    frames = [(f["method"]["type"]["name"], f["method"]["name"], f["lineNumber"]) for f in st["frames"]]
    ours = [f"{t.split('/')[-1]}.{m}:{l}" for t, m, l in frames if t.startswith("fr/geoeduc/")]
    leaf = f"{frames[0][0].split('/')[-1]}.{frames[0][1]}"
    by_leaf[(leaf, " < ".join(ours[:3]))] += 1
    for f in set(ours):
        by_frame[f] += 1
print(f"\n## JFR profile of the whole run (threads {sys.argv[2]}*, {total} samples: Java + native)")
print("samples by thread:", ", ".join(f"{t or '?'} {n}" for t, n in by_thread.most_common(8)))
print("hottest leaf frames, with the first GéoÉduc frames above them:")
for (leaf, ours), n in by_leaf.most_common(15):
    print(f"{100 * n / total:5.1f} %  {leaf}  ←  {ours}")
print("GéoÉduc frames by inclusive share:")
for f, n in by_frame.most_common(20):
    print(f"{100 * n / total:5.1f} %  {f}")
PY
fi

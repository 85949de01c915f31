#!/usr/bin/env bash
# Ingest benchmark: GéoÉduc (CLI cold, and in-process warm) next to GDAL's ogr2ogr loading the same CSV into a
# GeoPackage, same machine, same run. Prints rows/s, MB/s and the ratios ogr2ogr time / GéoÉduc time.
# A benchmark, not a test: it never fails on timing (exit 1 only if a tool errors or loads the wrong row count).
#
# Usage: bench/ingest-vs-ogr2ogr.sh        (from anywhere; 10-15 minutes on 2 cores, mostly the 1M-row file)
# Environment (all optional):
#   RUNS=5            measured runs per tool for the two national files (the best is reported)
#   RUNS_BIG=3        measured runs per tool for the generated file
#   WARMUP=30         in-process warm-up ingests for the national files (1 for the generated file, which is long
#                     enough to warm the JIT by itself)
#   BIG_ROWS=1000000  rows of the generated géolocalisation file (0: skip it)
#   BENCH_WORK=DIR    scratch directory (default bench/results/work, git-ignored)
#   BENCH_MAX_LOAD=N  before each measured run, wait until the 1-min load average is below N (shared machines)
#   BENCH_MAX_WAIT=S  at most S seconds of such waiting in the whole benchmark (default 1200), then measure anyway
#   BENCH_BUILD=1     build (mvnw install -DskipTests) before measuring; by default the script builds only when
#                     app/target/geoeduc.jar is missing, and notes when sources are newer than the jar (others
#                     may be building the same tree: two concurrent Maven builds break each other)
#   BENCH_JAR=FILE    benchmark this geoeduc.jar (e.g. one built from a clean checkout) instead of app/target's
#   BENCH_LAUNCHER=1  time the CLI through ./geoeduc (which may rebuild mid-run if sources change) instead of the
#                     exact java command line the launcher execs, run on a snapshot of the jar
set -euo pipefail

bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$bench/.." && pwd)"
national="$repo/../shared/data/national"
GEOLOC_FILE="$national/fr-en-adresse-et-geolocalisation-colleges-2024.csv"
GEOLOC_ID="fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre"
IPS_FILE="$national/fr-en-ips_ecoles-2021-2022.csv"
IPS_ID="fr-en-ips_ecoles"
RUNS="${RUNS:-5}"
RUNS_BIG="${RUNS_BIG:-3}"
WARMUP="${WARMUP:-30}"
BIG_ROWS="${BIG_ROWS:-1000000}"
HEAP="-Xmx1g"
results="$bench/results"
work="${BENCH_WORK:-$results/work}"
report="$results/ingest-$(date +%Y-%m-%d-%H%M%S).txt"
mkdir -p "$results" "$work"
work="$(cd "$work" && pwd)"

say() { printf '%s\n' "$*" | tee -a "$report"; }
log() { printf '%s\n' "$*" >&2; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }
lt() { awk "BEGIN { exit !($1 < $2) }"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- ogr2ogr (Debian gdal-bin)
dpkg_busy() {
  if command -v fuser >/dev/null 2>&1 \
    && fuser /var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock >/dev/null 2>&1; then
    return 0
  fi
  pgrep -x 'apt-get|apt|dpkg|unattended-upgr' >/dev/null 2>&1
}

ensure_ogr2ogr() {
  command -v ogr2ogr >/dev/null 2>&1 && return 0
  local sudo="" i
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  log "ogr2ogr not found: waiting for any running apt/dpkg (it may be installing gdal-bin already)…"
  for ((i = 0; i < 180; i++)); do # up to 15 min
    command -v ogr2ogr >/dev/null 2>&1 && return 0
    dpkg_busy || break
    sleep 5
  done
  command -v ogr2ogr >/dev/null 2>&1 && return 0
  log "installing gdal-bin…"
  export DEBIAN_FRONTEND=noninteractive
  local apt=($sudo apt-get -o DPkg::Lock::Timeout=900 -y -q)
  "${apt[@]}" install --no-install-recommends gdal-bin >&2 \
    || { "${apt[@]}" update >&2 && "${apt[@]}" install --no-install-recommends gdal-bin >&2; }
  command -v ogr2ogr >/dev/null 2>&1 || { log "ogr2ogr is still missing after installing gdal-bin"; exit 1; }
}

# ---------------------------------------------------------------- JDK and jar
java_major() {
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}') || true
  v=${v%%.*}
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_jdk() { # the home of the newest JDK >= 21 with javac (the launcher also picks the newest)
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

jar_is_stale() {
  [[ -n "$(find "$repo/core/src/main" "$repo/server/src/main" "$repo/app/src/main" "$repo/pom.xml" "$repo"/*/pom.xml \
    -newer "$repo/app/target/geoeduc.jar" -type f 2>/dev/null | head -n 1)" ]]
}

build_note=""
ensure_jar() {
  if [[ "${BENCH_BUILD:-}" != 1 && -f "$repo/app/target/geoeduc.jar" ]]; then
    if jar_is_stale; then
      build_note="NOTE: some sources are newer than app/target/geoeduc.jar; the jar was benchmarked as it is (BENCH_BUILD=1 builds first)"
    fi
    return 0
  fi
  log "building app/target/geoeduc.jar (mvnw install -DskipTests)…"
  local opts="${MAVEN_OPTS:-}"
  if (($(java_major "$JAVA") >= 24)); then opts="$opts --sun-misc-unsafe-memory-access=allow"; fi
  if ! (cd "$repo" && JAVA_HOME="$JDK" MAVEN_OPTS="$opts" ./mvnw -q -B install -DskipTests >&2); then
    [[ -f "$repo/app/target/geoeduc.jar" ]] || { log "the build failed and there is no jar"; exit 1; }
    build_note="WARNING: the build of the working tree failed; the previous app/target/geoeduc.jar was benchmarked"
    log "$build_note"
  fi
}

waited=0
wait_for_calm() { # before each measured run; at most BENCH_MAX_WAIT seconds in total over the whole benchmark
  [[ -n "${BENCH_MAX_LOAD:-}" ]] || return 0
  local announced=0
  while ((waited < ${BENCH_MAX_WAIT:-1200})); do
    lt "$(cut -d' ' -f1 /proc/loadavg)" "$BENCH_MAX_LOAD" && return 0
    ((announced++)) || log "   waiting for the load average ($(loadavg)) to drop below $BENCH_MAX_LOAD…"
    sleep 5
    waited=$((waited + 5))
  done
  ((waited != ${BENCH_MAX_WAIT:-1200})) || log "   waited ${waited}s in total for a calmer machine: measuring without waiting from now on"
  waited=$((waited + 1))
}

# ---------------------------------------------------------------- one measured run of each tool
# `time` (bash keyword) gives wall, user and sys seconds of the command and its children.
TIMEFORMAT='%R %U %S'

gc_heap() { # "peak heap before a GC, max live after a GC, max committed" in MB, from -Xlog:gc
  awk '{ if (match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/)) { s = substr($0, RSTART, RLENGTH); gsub(/[M()]/, " ", s);
         sub(/->/, " ", s); split(s, a, " "); if (a[1] + 0 > b) b = a[1] + 0; if (a[2] + 0 > l) l = a[2] + 0;
         if (a[3] + 0 > c) c = a[3] + 0 } } END { printf "%d %d %d", b, l, c }' "$1"
}

geoeduc_cli_once() { # FILE DATASET TAG → "wall cpu rows heap_before heap_after committed exit"
  local file="$1" dataset="$2" tag="$3"
  local data="$work/cli-data" out="$work/cli-$tag.out" gc="$work/gc-$tag.log" tf="$work/time-cli-$tag" rc=0
  rm -rf "$data" "$gc"
  local opts="$HEAP -Xlog:gc:file=$gc"
  if [[ "${BENCH_LAUNCHER:-}" == 1 ]]; then
    { time GEOEDUC_JAVA_OPTS="$opts" "$repo/geoeduc" --data "$data" ingest "$file" --dataset "$dataset" >"$out" 2>&1 \
      || rc=$?; } 2>"$tf"
  else # exactly what ./geoeduc execs, on the snapshot jar
    { time "$JAVA" --enable-native-access=ALL-UNNAMED $opts ${AOT_OPTS[@]+"${AOT_OPTS[@]}"} -jar "$SNAPSHOT" --data "$data" ingest "$file" \
      --dataset "$dataset" >"$out" 2>&1 || rc=$?; } 2>"$tf"
  fi
  local rows wall user sys
  read -r wall user sys <"$tf"
  rows=$(grep -o '[0-9]* lignes/rows' "$out" | head -n 1 | cut -d' ' -f1 || true)
  if ((rc != 0)) || grep -q OutOfMemoryError "$out"; then
    log "   geoeduc ingest of $file failed (exit $rc), see $out:"
    tail -n 5 "$out" >&2
    ((rc != 0)) || rc=99
  fi
  rm -rf "$data"
  echo "$wall $(calc %.3f "$user + $sys") ${rows:-0} $(gc_heap "$gc") $rc"
}

ogr2ogr_once() { # FILE TAG GEO(1|0) → "wall cpu rows"
  local file="$1" tag="$2" geo="$3"
  local out="$work/ogr-$tag.gpkg" tf="$work/time-ogr-$tag" rc=0
  rm -f "$out"
  local args=(-f GPKG "$out" "$file" -oo SEPARATOR=SEMICOLON -oo AUTODETECT_TYPE=YES)
  if ((geo)); then args+=(-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326); fi
  { time ogr2ogr "${args[@]}" >"$work/ogr-$tag.out" 2>&1 || rc=$?; } 2>"$tf"
  ((rc == 0)) || { log "   ogr2ogr failed on $file (exit $rc):"; tail -n 5 "$work/ogr-$tag.out" >&2; }
  local rows wall user sys
  read -r wall user sys <"$tf"
  rows=$(ogrinfo -so -al "$out" 2>/dev/null | awk -F': ' '/^Feature Count/ {print $2; exit}' || true)
  rm -f "$out"
  echo "$wall $(calc %.3f "$user + $sys") ${rows:-0}"
}

# ---------------------------------------------------------------- setup
ensure_ogr2ogr
JDK="$(find_jdk)"
JAVA="$JDK/bin/java"
[[ -n "${BENCH_JAR:-}" ]] || ensure_jar
SNAPSHOT="$work/geoeduc.jar" # a copy: a concurrent rebuild of app/target cannot change the code under test mid-run
source_jar="${BENCH_JAR:-$repo/app/target/geoeduc.jar}"
cp "$source_jar" "$SNAPSHOT"
jar_date="$(date -r "$source_jar" '+%F %T')"
classes="$work/bench-classes"
rm -rf "$classes" && mkdir -p "$classes"
"$JDK/bin/javac" --release 21 -nowarn -cp "$SNAPSHOT" -d "$classes" "$bench/src/main/java/fr/geoeduc/bench/IngestBench.java"

# the launcher's ahead-of-time class cache (JDK 25+), recorded the same way for the snapshot jar
AOT_OPTS=()
aot_note="no AOT cache (JDK < 25 or BENCH_AOT=0)"
if [[ "${BENCH_AOT:-1}" == 1 && "${BENCH_LAUNCHER:-}" != 1 ]] && (($(java_major "$JAVA") >= 25)); then
  aot="$work/geoeduc.aot"
  rm -f "$aot"
  log "recording the AOT class cache (geoeduc aot-training, as ./geoeduc does once per build)…"
  if "$JAVA" --enable-native-access=ALL-UNNAMED $HEAP -XX:AOTCacheOutput="$aot" -Xlog:aot=off,cds=off -jar "$SNAPSHOT" aot-training \
      >"$work/aot-training.log" 2>&1 && [[ -s "$aot" ]]; then
    AOT_OPTS=(-XX:AOTCache="$aot" -Xlog:aot=off,cds=off)
    aot_note="with the launcher's AOT class cache (-XX:AOTCache, recorded by geoeduc aot-training; BENCH_AOT=0 to measure without)"
  else
    log "AOT cache not recorded (see $work/aot-training.log): CLI measured without it"
  fi
fi

launcher_overhead=""
if [[ "${BENCH_LAUNCHER:-}" != 1 && -z "${BENCH_JAR:-}" ]] && ! jar_is_stale; then # the launcher would not rebuild: measure its own cost
  best_l="" best_j=""
  for ((r = 0; r < 3; r++)); do
    { time "$repo/geoeduc" --version >/dev/null 2>&1; } 2>"$work/time-launcher"
    read -r w _ <"$work/time-launcher"
    if [[ -z "$best_l" ]] || lt "$w" "$best_l"; then best_l=$w; fi
    { time "$JAVA" --enable-native-access=ALL-UNNAMED $HEAP -jar "$SNAPSHOT" --version >/dev/null 2>&1; } 2>"$work/time-launcher"
    read -r w _ <"$work/time-launcher"
    if [[ -z "$best_j" ]] || lt "$w" "$best_j"; then best_j=$w; fi
  done
  launcher_overhead="$(calc %.2f "$best_l - $best_j") s (measured)"
else # the launcher would rebuild first: time its JDK probes instead (one java -XshowSettings per candidate JDK)
  candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$d/bin/java" ]] && candidates+=("$d/bin/java")
  done
  { time for c in "${candidates[@]}"; do java_major "$c" >/dev/null; done; } 2>"$work/time-launcher"
  read -r w _ <"$work/time-launcher"
  launcher_overhead="$w s (estimated: ${#candidates[@]} JDK probes)"
fi

for f in "$GEOLOC_FILE" "$IPS_FILE"; do
  [[ -f "$f" ]] || { log "missing input $f (expected in ../shared/data/national next to the repository)"; exit 1; }
done
files=("$GEOLOC_FILE|$GEOLOC_ID|1|$RUNS|$WARMUP" "$IPS_FILE|$IPS_ID|0|$RUNS|$WARMUP")
if ((BIG_ROWS > 0)); then
  big="$results/geoloc-$BIG_ROWS.csv"
  if [[ ! -f "$big" ]] || (($(wc -l <"$big") != BIG_ROWS + 1)); then
    log "generating $big ($BIG_ROWS rows, new unique UAIs)…"
    python3 "$bench/gen-geoloc.py" "$GEOLOC_FILE" "$big.part" "$BIG_ROWS" >&2
    mv "$big.part" "$big"
  fi
  files+=("$big|$GEOLOC_ID|1|$RUNS_BIG|1")
fi

# ---------------------------------------------------------------- run
: >"$report"
say "GéoÉduc ingest vs ogr2ogr — $(date -R)"
say "machine: $(nproc) CPU ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM"
say "java: $("$JAVA" -version 2>&1 | head -n 1) ($JDK), heap $HEAP"
say "ogr2ogr: $(ogr2ogr --version)"
say "code: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$repo" && [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]] && echo ' + uncommitted changes' || true); ${source_jar#"$repo/"} of $jar_date (snapshot copied to the work dir)"
if [[ -n "$build_note" ]]; then say "$build_note"; fi
say "CLI  = $([[ "${BENCH_LAUNCHER:-}" == 1 ]] && echo "./geoeduc with GEOEDUC_JAVA_OPTS='$HEAP -Xlog:gc:…'" || echo "java --enable-native-access=ALL-UNNAMED $HEAP -Xlog:gc:… -jar geoeduc.jar (what ./geoeduc execs)") --data <fresh dir> ingest FILE --dataset ID; includes JVM start-up; $aot_note"
say "warm = bench/src/main/java/fr/geoeduc/bench/IngestBench.java: same ingest API in one JVM ($HEAP), after warm-up ingests, fresh store each run"
say "ogr  = ogr2ogr -f GPKG out.gpkg FILE -oo SEPARATOR=SEMICOLON -oo AUTODETECT_TYPE=YES [-oo X_POSSIBLE_NAMES=longitude -oo Y_POSSIBLE_NAMES=latitude -a_srs EPSG:4326]; row count checked with ogrinfo -so"
say "load average at start (1/5/15 min): $(loadavg); other processes on the machine make the figures noisier (cpu = user+sys seconds is less sensitive)"
if [[ -n "$launcher_overhead" ]]; then
  say "launcher: ./geoeduc adds $launcher_overhead to every command (its JDK detection); not included in the CLI column"
fi
say "times: wall clock seconds, best of the measured runs; MB = 10^6 bytes; ratio = ogr2ogr time / GéoÉduc time (> 1: GéoÉduc faster; goal ≥ 3)"
say ""

# the median of the numbers given as arguments
median() { printf '%s\n' "$@" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
table=()
heap_lines=()
problems=0
big_ok=yes
for entry in "${files[@]}"; do
  IFS='|' read -r file dataset geo runs warmup <<<"$entry"
  name="$(basename "$file")"
  tag="${name%.csv}"
  bytes=$(stat -c %s "$file")
  expected=$(($(grep -c '' "$file") - 1)) # lines minus the header (these files have no multi-line cells)
  wait_for_calm
  load_at_start="$(loadavg)"
  log "== $name ($expected rows, $bytes bytes), load average $load_at_start"

  # CLI and ogr2ogr runs alternate, so that both see the same conditions on a shared machine
  cli_w="" cli_c="" cli_rows="" cli_all="" heap_info="" ogr_w="" ogr_c="" ogr_rows="" ogr_all=""
  for ((r = 0; r < runs; r++)); do
    wait_for_calm
    read -r w c rows hb ha hc rc < <(geoeduc_cli_once "$file" "$dataset" "$tag-$r")
    log "   geoeduc CLI run $r: ${w}s (cpu ${c}s) rows=$rows; heap MB: peak before GC $hb, max after a GC $ha, committed $hc; exit $rc"
    cli_all+="$w "
    cli_rows+="$rows "
    heap_info+="${hb}/${ha}/${hc}$( ((rc == 0)) || echo "(exit $rc)") "
    if ((rc != 0)) || [[ "$rows" != "$expected" ]]; then
      problems=1
      [[ "$file" != "${big:-}" ]] || big_ok=no
    fi
    if [[ -z "$cli_w" ]] || lt "$w" "$cli_w"; then cli_w=$w; fi
    if [[ -z "$cli_c" ]] || lt "$c" "$cli_c"; then cli_c=$c; fi

    wait_for_calm
    read -r w c rows < <(ogr2ogr_once "$file" "$tag-$r" "$geo")
    log "   ogr2ogr run $r: ${w}s (cpu ${c}s) rows=$rows"
    ogr_all+="$w "
    ogr_rows+="$rows "
    [[ "$rows" == "$expected" ]] || problems=1
    if [[ -z "$ogr_w" ]] || lt "$w" "$ogr_w"; then ogr_w=$w; fi
    if [[ -z "$ogr_c" ]] || lt "$c" "$ogr_c"; then ogr_c=$c; fi
  done
  heap_lines+=("$name, CLI $HEAP: heap MB per run (peak before a GC / max after a GC / committed): $heap_info")

  wait_for_calm
  log "   geoeduc warm (in-process, $warmup warm-up + $runs measured)…"
  rm -f "$work/gc-warm-$tag.log"
  "$JAVA" --enable-native-access=ALL-UNNAMED $HEAP -Xlog:gc:file="$work/gc-warm-$tag.log" \
    -cp "$SNAPSHOT:$classes" fr.geoeduc.bench.IngestBench \
    "$file" "$dataset" "$work/warm" "$warmup" "$runs" >"$work/warm-$tag.out" 2>"$work/warm-$tag.err" || true
  sed 's/^/     /' "$work/warm-$tag.out" >&2
  warm_line=$(grep '^RESULT' "$work/warm-$tag.out" || true)
  field() { sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p" <<<" $warm_line"; }
  warm_w=$(field best_s) warm_c=$(field best_cpu_s) warm_rows=$(field rows)
  if [[ -z "$warm_w" ]]; then
    log "   the in-process benchmark failed:"
    tail -n 5 "$work/warm-$tag.err" >&2
    warm_w=nan warm_c=nan problems=1
  fi
  read -r hb ha hc <<<"$(gc_heap "$work/gc-warm-$tag.log")"
  heap_lines+=("$name, warm JVM $HEAP, $((warmup + runs)) ingests in one JVM: heap MB peak before a GC $hb / max after a GC $ha / committed $hc")
  [[ "$warm_rows" == "$expected" ]] || problems=1
  say "$name: $expected rows expected; loaded: geoeduc CLI ${cli_rows% }, warm ${warm_rows:-?}, ogr2ogr (ogrinfo -so) ${ogr_rows% }"
  say "   wall s per run: geoeduc CLI ${cli_all% }; warm $(field all_s); ogr2ogr ${ogr_all% } (load average at start $load_at_start)"
  warm_m=$(field median_s)
  table+=("$name|$expected|$bytes|$cli_w|$warm_w|$ogr_w|$cli_c|$warm_c|$ogr_c|$(median $cli_all)|${warm_m:-nan}|$(median $ogr_all)")
done

ratio() { if [[ "$2" == nan || "$1" == nan ]]; then echo "n/a"; else calc '%.2f×' "$1 / $2"; fi; }
per() { if [[ "$2" == nan ]]; then echo "n/a"; else calc "$3" "$1 / $2"; fi; }
say ""
say "| file | rows | MB | geoeduc CLI s | geoeduc warm s | ogr2ogr s | CLI rows/s | CLI MB/s | warm rows/s | warm MB/s | ogr2ogr rows/s | ogr2ogr MB/s | ratio cold (ogr/CLI) | ratio warm (ogr/warm) |"
say "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${table[@]}"; do
  IFS='|' read -r name n bytes cw ww ow cc wc oc _ <<<"$row"
  mbv=$(calc %.4f "$bytes / 1e6")
  say "| $name | $n | $(calc %.1f "$mbv") | $cw | $ww | $ow | $(per "$n" "$cw" %.0f) | $(per "$mbv" "$cw" %.2f) | $(per "$n" "$ww" %.0f) | $(per "$mbv" "$ww" %.2f) | $(per "$n" "$ow" %.0f) | $(per "$mbv" "$ow" %.2f) | $(ratio "$ow" "$cw") | $(ratio "$ow" "$ww") |"
done
say ""
say "Medians of the same runs (wall clock s), the best runs' ratios above being the goal's measure:"
say ""
say "| file | geoeduc CLI s | geoeduc warm s | ogr2ogr s | ratio cold (ogr/CLI) | ratio warm (ogr/warm) |"
say "|---|---:|---:|---:|---:|---:|"
for row in "${table[@]}"; do
  IFS='|' read -r name n bytes cw ww ow cc wc oc cm wm om <<<"$row"
  say "| $name | $cm | $wm | $om | $(ratio "$om" "$cm") | $(ratio "$om" "$wm") |"
done
say ""
say "CPU seconds (user+sys, all threads; best run), less sensitive to other load than wall clock:"
say ""
say "| file | geoeduc CLI cpu s | geoeduc warm cpu s | ogr2ogr cpu s | cpu ratio cold (ogr/CLI) | cpu ratio warm (ogr/warm) |"
say "|---|---:|---:|---:|---:|---:|"
for row in "${table[@]}"; do
  IFS='|' read -r name n bytes cw ww ow cc wc oc _ <<<"$row"
  say "| $name | $cc | $wc | $oc | $(ratio "$oc" "$cc") | $(ratio "$oc" "$wc") |"
done
say ""
for h in "${heap_lines[@]}"; do say "$h"; done
if ((BIG_ROWS > 0)); then
  say "$BIG_ROWS-row file ingested by the CLI within $HEAP (no OutOfMemoryError, all rows published, every run): $big_ok"
fi
say "load average at end: $(loadavg)"
if ((problems)); then say "WARNING: some run failed or loaded an unexpected row count (details in ${work#"$repo/"})"; fi
say ""
say "(saved to ${report#"$repo/"})"
exit "$problems"

# Sourced by ./geoeduc and ./run-tests: sets JAVA to a java 21+ binary and JAVA_HOME to its JDK.
# Looks at JAVA_HOME, the java on PATH, then /usr/lib/jvm/*, /opt/java*, SDKMAN; takes the newest 21+.

java_major() { # the feature version of a java binary, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}') || true
  v=${v%%.*}
  [[ "$v" =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

find_java() {
  local candidates=() d c v best="" best_v=0
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*; do
    [[ -x "$d/bin/java" && -x "$d/bin/javac" ]] && candidates+=("$d/bin/java")
  done
  # probing each JDK costs a JVM start (0.1-0.2 s each): remember the choice while the candidates are unchanged
  local cache="${GEOEDUC_JAVA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/geoeduc/java-choice}" key="" line
  # modification time (GNU stat, else BSD/macOS stat): a JDK updated in place is probed again
  for c in "${candidates[@]}"; do key+="$c:$(stat -L -c %Y "$c" 2>/dev/null || stat -L -f %m "$c" 2>/dev/null || echo 0);"; done
  if [[ -r "$cache" ]]; then
    line=$(head -n 1 "$cache")
    if [[ "${line%%|*}" == "$key" ]]; then
      best_v=${line##*|}; line=${line%|*}; best=${line#*|}
      [[ -x "$best" ]] || { best=""; best_v=0; }
    fi
  fi
  if [[ -z "$best" ]]; then
    for c in "${candidates[@]}"; do
      v=$(java_major "$c")
      if (( v >= 21 && v > best_v )); then best="$c"; best_v=$v; fi
    done
    if [[ -n "$best" ]]; then
      mkdir -p "$(dirname "$cache")" 2>/dev/null && printf '%s|%s|%s\n' "$key" "$best" "$best_v" > "$cache" 2>/dev/null || true
    fi
  fi
  if [[ -z "$best" ]]; then
    echo "Java 21 ou plus est nécessaire / a JDK 21+ is required: install one or set JAVA_HOME" >&2
    return 1
  fi
  JAVA="$best"
  JAVA_MAJOR="$best_v"
  JAVA_HOME="$(cd "$(dirname "$best")/.." && pwd)"
  export JAVA_HOME
  # Maven 3.9 on JDK 24+ warns about sun.misc.Unsafe: allow it quietly
  if (( best_v >= 24 )); then export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"; fi
}

# The build of the web interface (server/src/main/web: npm ci, then a copy into target/) needs Node.js 18+ and npm.
find_node() {
  local v
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Node.js 18 ou plus et npm sont nécessaires pour construire l'interface web / Node.js 18+ and npm are required to build the web interface (Debian: apt-get install nodejs npm)" >&2
    return 1
  fi
  v=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if (( v < 18 )); then
    echo "Node.js 18 ou plus est nécessaire (trouvé $(node --version)) / Node.js 18+ is required to build the web interface" >&2
    return 1
  fi
}

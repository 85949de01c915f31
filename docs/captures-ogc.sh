#!/usr/bin/env bash
# Regenerates the screenshots of the OGC API pages shown in docs/ogc-api.md: the browser test (Playwright driving the
# system Chromium, headless) opens each French page of /ogc on a server with real data, checks it (HTTP 200, DSFR
# header and footer, axe-core without serious violation, no console error) and saves a full-page PNG; this script
# runs it and copies the OGC ones to docs/captures/ (git-ignored: images are built, not committed).
# Usage: docs/captures-ogc.sh   (needs ../shared/data and chromium; about 2 minutes)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
source scripts/find-java.sh
find_java >/dev/null
./mvnw -B -ntp -o -q test -pl server -am -Dtest='BrowserTest#everyPageLoadsWithoutConsoleErrorAndPassesAxe' \
  -Dsurefire.failIfNoSpecifiedTests=false
mkdir -p docs/captures
cp server/target/ui/ogc-*.png server/target/ui/carte-colleges-nationale.png docs/captures/ 2>/dev/null \
  || cp server/target/ui/ogc-*.png docs/captures/
ls -1 docs/captures/

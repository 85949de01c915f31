# Sourced by the benchmark scripts that start servers.
# wait_http URL SECONDS PID: waits until URL answers 2xx; fails when PID exits first or after SECONDS.
wait_http() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

#!/usr/bin/env bash
# Soak test (not part of CI): Skep under wrk keep-alive load for N minutes, then a report of requests,
# errors (must be 0), and the server's RSS, threads and descriptors at the start, every minute, and the end.
#   scripts/soak.sh            # 10 minutes, wrk -t2 -c200, skep serve --workers = cores
#   scripts/soak.sh 1          # one minute
#   SOAK_CONNECTIONS=800 SOAK_WORKERS=4 SOAK_IO=nio scripts/soak.sh 30
# Exit status: 0 when there were no errors and no non-2xx answers, 1 otherwise, 2 on a usage problem.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
minutes=${1:-10}
connections=${SOAK_CONNECTIONS:-200}
threads=${SOAK_THREADS:-2}
workers=${SOAK_WORKERS:-$(nproc)}
io=${SOAK_IO:-auto}
[[ "$minutes" =~ ^[0-9]+$ ]] && [ "$minutes" -ge 1 ] || { echo "soak: minutes must be a whole number >= 1, got '$minutes'" >&2; exit 2; }
command -v wrk >/dev/null 2>&1 || { echo "soak: wrk is needed: apt-get install wrk (or brew install wrk)" >&2; exit 2; }

work=$(mktemp -d /tmp/skep-soak.XXXXXX)
"$root/skep" serve --host 127.0.0.1 --port 0 --workers "$workers" --io "$io" > "$work/server.log" 2>&1 &
launcher=$!
cleanup() {
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true
  kill -TERM "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
}
trap cleanup EXIT

# The launcher may build first; wait (bounded) for the start-up line and its port.
port=""
for _ in $(seq 1 600); do
  port=$(sed -n -E 's#.*listening on http://127\.0\.0\.1:([0-9]+)/.*#\1#p' "$work/server.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$launcher" 2>/dev/null || { echo "soak: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$port" ] || { echo "soak: no start-up line after 5 minutes" >&2; exit 1; }
server=$launcher # the launcher execs java: same process

sample() { # label: RSS in KiB, threads, descriptors of the server process
  local rss threads fds
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$server/status")
  threads=$(ls "/proc/$server/task" | wc -l)
  fds=$(ls "/proc/$server/fd" | wc -l)
  printf '%-8s rss=%6d KiB  threads=%3d  fds=%5d\n' "$1" "$rss" "$threads" "$fds"
}

echo "soak: Skep on port $port (pid $server, io=$io, workers=$workers), wrk -t$threads -c$connections for $minutes min"
echo "soak: work files in $work"
sample start | tee "$work/samples.txt"
( for m in $(seq 1 $((minutes - 1))); do sleep 60; sample "min $m" >> "$work/samples.txt"; done ) &
sampler=$!

wrk -t"$threads" -c"$connections" -d"${minutes}m" --latency "http://127.0.0.1:$port/" > "$work/wrk.txt" 2>&1 || true
kill "$sampler" 2>/dev/null || true
sample end >> "$work/samples.txt"
sleep 2 # let the closed wrk connections leave the server, so the descriptor count can return to its start
sample idle >> "$work/samples.txt"

requests=$(sed -n -E 's/^ *([0-9]+) requests in .*/\1/p' "$work/wrk.txt")
rate=$(sed -n -E 's/^Requests\/sec: *([0-9.]+).*/\1/p' "$work/wrk.txt")
socket_errors=$(sed -n -E 's/.*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+).*/\1 \2 \3 \4/p' "$work/wrk.txt")
non2xx=$(sed -n -E 's/.*Non-2xx or 3xx responses: ([0-9]+).*/\1/p' "$work/wrk.txt")
errors=0
for e in $socket_errors ${non2xx:-0}; do errors=$((errors + e)); done

echo
cat "$work/samples.txt"
echo
grep -E "Latency|50%|99%|requests in|Requests/sec|Socket errors|Non-2xx" "$work/wrk.txt" || cat "$work/wrk.txt"
echo
echo "soak: requests=${requests:-0} rate=${rate:-0}/s errors=$errors (socket: ${socket_errors:-0 0 0 0}, non-2xx: ${non2xx:-0})"
kill -TERM "$launcher" 2>/dev/null || true
wait "$launcher" && status=0 || status=$?
echo "soak: server stopped with exit status $status"
trap - EXIT
[ "$errors" -eq 0 ] && [ -n "$requests" ] && [ "$status" -eq 0 ]

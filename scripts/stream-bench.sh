#!/usr/bin/env bash
# Streaming a 1 GiB body over loopback: Skep (a FileChannel streamed by Response.body(channel, length), served
# by the hidden `serve --stream-file`) against nginx serving the same file (sendfile), 3 curl downloads
# each, median bytes/s. usage: scripts/stream-bench.sh [SKEP_PORT=18190] [NGINX_PORT=18191] [WORKERS=2]
# Heavy on the CPU: run it on a quiet machine, once.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
skep_port="${1:-18190}"
nginx_port="${2:-18191}"
workers="${3:-2}"
dir=/tmp/skep-stream-bench
file="$dir/stream"
mkdir -p "$dir"
if [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" != 1073741824 ]; then
  echo "making $file (1 GiB of random bytes)..." >&2
  head -c 1073741824 /dev/urandom > "$file"
fi
cat "$file" > /dev/null # into the page cache for both

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

"$root/skep" serve --host 127.0.0.1 --port "$skep_port" --workers "$workers" --log-level warn \
    --stream-file "$file" & pids+=($!)
"$root/../shared/bench/anchors/run-nginx-static.sh" "$nginx_port" "$dir" 1 > /dev/null 2>&1 & pids+=($!)

wait_up() {
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "nothing answers on port $1" >&2
  exit 1
}
wait_up "$skep_port"
wait_up "$nginx_port"

median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
run() {
  local url=$1 speeds=() s size
  for _ in 1 2 3; do
    read -r s size < <(curl -s -o /dev/null -w '%{speed_download} %{size_download}\n' "$url")
    [ "$size" = 1073741824 ] || { echo "$url: got $size bytes, not 1 GiB" >&2; exit 1; }
    speeds+=("$s")
  done
  echo "$url: ${speeds[*]} bytes/s" >&2
  median "${speeds[@]}"
}
skep=$(run "http://127.0.0.1:$skep_port/stream")
nginx=$(run "http://127.0.0.1:$nginx_port/stream")
awk -v s="$skep" -v n="$nginx" 'BEGIN {
  printf "skep  %.0f MB/s\nnginx %.0f MB/s\nratio %.2f (goal >= 0.80)\n", s / 1e6, n / 1e6, s / n }'

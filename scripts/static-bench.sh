#!/usr/bin/env bash
# Static files: Skep (serve --root, 2 workers) against nginx with 1 worker, with and without its open_file_cache
# (../shared/bench/anchors/run-nginx-static.sh), serving the same files from /tmp/skep-static-bench/root.
# Every part runs interleaved rounds (A B C A B C ...) with a fresh server per measurement:
#   keepalive  compare.py --loads keepalive (wrk -t2 -c200 -d10s) on /1k and on /64k
#   304        wrk -t2 -c200 -d10s -H 'If-None-Match: <the ETag of the server's own answer>' on /1k, with the
#              server's CPU time per request (utime + stime of its process group, from /proc)
#   download   curl -o /dev/null of the 1 GiB file, 3 times per server per round, median bytes/s
# then a summary table: medians, paired ratios (per round, then the median) against each nginx, CPU per request.
# Heavy on the CPU (wrk and the servers share the cores): run it on a quiet machine.
#
# usage: scripts/static-bench.sh [--parts keepalive,304,download] [--rounds 3] [--skep ./skep]
#          [--servers nginx-1w,nginx-1w-cache,skep-2[,skep-2-nocache]] [--duration 10] [--warmup 5] [--out DIR]
# Raw output (every tool's output, server logs, JSON) goes under --out (default static-bench-<date>-<time>).
# Exit status: 0 clean; 1 a run had errors or a tool failed; 2 a server did not start or died.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="${SKEP_BENCH_DIR:-$root/../shared/bench}"
helper="$root/scripts/static-bench.py"

parts=keepalive,304,download
rounds=3
skep="$root/skep" # this checkout's ./skep
servers=nginx-1w,nginx-1w-cache,skep-2
duration=10
warmup=5
out="static-bench-$(date +%Y%m%d-%H%M%S)"
usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) parts=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --skep) skep=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "static-bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$rounds" "$duration" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "static-bench.sh: '$n' is not a whole number" >&2; exit 2; }
done
[ "$rounds" -ge 3 ] || echo "static-bench.sh: $rounds round(s): fine for a smoke run, the goals need 3 or more" >&2
for p in ${parts//,/ }; do
  case "$p" in keepalive|304|download) ;; *) echo "static-bench.sh: unknown part '$p'" >&2; exit 2 ;; esac
done
for tool in wrk curl python3 /usr/sbin/nginx; do
  command -v "$tool" >/dev/null || { echo "static-bench.sh: $tool is needed" >&2; exit 2; }
done
[ -f "$bench/compare.py" ] || { echo "static-bench.sh: no $bench/compare.py (set SKEP_BENCH_DIR)" >&2; exit 2; }

# ------------------------------------------------------------------------------------------ the files
dir=/tmp/skep-static-bench
files="$dir/root"
mkdir -p "$files/site"
make_random() { # NAME BYTES: random bytes, made once
  if [ "$(stat -c %s "$files/$1" 2>/dev/null || echo 0)" != "$2" ]; then
    echo "making $files/$1 ($2 random bytes)..." >&2
    head -c "$2" /dev/urandom > "$files/$1.tmp" && mv "$files/$1.tmp" "$files/$1"
  fi
}
make_random 1k 1024
make_random 64k 65536
case ",$parts," in *,download,*) make_random 1g 1073741824 ;; esac # only where it is needed: 1 GiB
cat > "$files/site/index.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Skep static site</title>
<link rel="stylesheet" href="style.css"></head>
<body><h1>Served by a static-file server</h1><img id="logo" src="logo.png" alt="logo">
<p id="result">script not run</p><script src="app.js"></script></body></html>
EOF
printf 'body { background: #1e90ff; color: #fff; font-family: sans-serif; }\n' > "$files/site/style.css"
printf "const img = document.getElementById('logo');\nconst show = () => document.getElementById('result').textContent = String(img.naturalWidth);\nif (img.complete) show(); else { img.onload = show; img.onerror = show; }\n" > "$files/site/app.js"
python3 - "$files/site/logo.png" <<'EOF'
import struct, sys, zlib
w, h = 64, 32
raw = b"".join(b"\0" + b"\xc8\x00\x00" * w for _ in range(h))
chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
EOF

# ------------------------------------------------------------------------------------------ the servers
specs=()
for s in ${servers//,/ }; do
  case "$s" in
    nginx-1w) specs+=("nginx-1w={bench}/anchors/run-nginx-static.sh {port} $files 1 off") ;;
    nginx-1w-cache) specs+=("nginx-1w-cache={bench}/anchors/run-nginx-static.sh {port} $files 1 on") ;;
    skep-2)
      [ -x "$skep" ] || { echo "static-bench.sh: no Skep launcher at '$skep' (--skep)" >&2; exit 2; }
      skep_abs="$(cd "$(dirname "$skep")" && pwd)/$(basename "$skep")"
      "$skep_abs" --version > /dev/null # builds the jar now (the launcher rebuilds a stale one), not mid-run
      specs+=("skep-2=$(printf %q "$skep_abs") serve --host 127.0.0.1 --port {port} --workers 2 --log-level warn --root $files") ;;
    skep-2-nocache) # the same without the open-file cache: a descriptor opened and closed per request
      [ -x "$skep" ] || { echo "static-bench.sh: no Skep launcher at '$skep' (--skep)" >&2; exit 2; }
      skep_abs="$(cd "$(dirname "$skep")" && pwd)/$(basename "$skep")"
      specs+=("skep-2-nocache=$(printf %q "$skep_abs") serve --host 127.0.0.1 --port {port} --workers 2 --log-level warn --root $files --open-file-cache 0") ;;
    *) echo "static-bench.sh: unknown server '$s' (nginx-1w, nginx-1w-cache, skep-2, skep-2-nocache)" >&2; exit 2 ;;
  esac
done
server_args=()
for spec in "${specs[@]}"; do server_args+=(--server "$spec"); done

mkdir -p "$out"
out=$(cd "$out" && pwd)
echo "static-bench: parts $parts, $rounds round(s), servers $servers; raw output in $out" >&2
status=0
note() { local rc=$1; if [ "$rc" -gt "$status" ]; then status=$rc; fi; }

# compare.py stops at once (exit 2) when a server does not start; 1 means errors, still reported
for p in ${parts//,/ }; do
  case "$p" in
    keepalive)
      for size in 1k 64k; do
        echo "== keep-alive GET /$size" >&2
        rc=0
        python3 "$bench/compare.py" --rounds "$rounds" --loads keepalive --path "/$size" --duration "$duration" \
          --warmup "$warmup" --base-port 18880 --out "$out/keepalive-$size" "${server_args[@]}" \
          > "$out/keepalive-$size.log" 2>&1 || rc=$?
        grep '^\[' "$out/keepalive-$size.log" >&2 || true
        [ "$rc" = 0 ] || { echo "compare.py exited $rc: $out/keepalive-$size.log" >&2; tail -5 "$out/keepalive-$size.log" >&2; }
        note "$rc"
      done ;;
    304)
      echo "== 304 revalidation of /1k (If-None-Match)" >&2
      rc=0
      python3 "$helper" revalidate --out "$out/revalidate-304" --rounds "$rounds" --path /1k --duration "$duration" \
        --warmup "$warmup" --base-port 18890 "${server_args[@]}" >&2 || rc=$?
      note "$rc" ;;
    download)
      echo "== download of the 1 GiB file" >&2
      cat "$files/1g" > /dev/null # into the page cache for every server alike
      rc=0
      python3 "$helper" download --out "$out/download-1g" --rounds "$rounds" --path /1g --size 1073741824 \
        --downloads 3 --base-port 18900 "${server_args[@]}" >&2 || rc=$?
      note "$rc" ;;
  esac
done

echo
python3 "$helper" summary --out "$out" || note 1
echo
echo "static-bench: summary in $out/summary.md; exit $status" >&2
exit "$status"

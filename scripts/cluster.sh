#!/usr/bin/env bash
# Starts N Skep instances on free ports of 127.0.0.1 and nginx in front of them as the load balancer
# (deploy/nginx/skep-lb.conf, with passive health checks), prints the URLs, and on Ctrl-C or SIGTERM stops
# them all: Skep gracefully (SIGTERM), nginx gracefully (SIGQUIT), then whatever is left with SIGKILL.
#   scripts/cluster.sh N [--port P] [--nginx-workers W] [-- skep serve options...]
#     --port P            nginx listens on 127.0.0.1:P (default 8080)
#     --nginx-workers W   nginx worker processes (default auto)
#     after --             passed to every 'skep serve', e.g. -- --workers 2 --io nio; not --admin-port
#                          or --drain-delay, which cluster.sh sets itself (SKEP_CLUSTER_OPS=0 leaves them out)
# nginx comes from the PATH or /usr/sbin/nginx (scripts/test-tools.sh installs it); it runs without root
# from a temporary prefix (its pid file, logs and temp files), removed at exit unless SKEP_CLUSTER_KEEP=1.
# Each instance gets an admin port and a drain delay (see backend_args; SKEP_CLUSTER_OPS=0 leaves them out).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
usage() { sed -n '5,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

[ $# -ge 1 ] || usage
n=$1
shift
[[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "cluster.sh: N must be a positive number, not '$n'" >&2; usage; }
port=8080
nginx_workers=auto
serve_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --port) port=${2:?--port needs a value}; shift 2 ;;
    --nginx-workers) nginx_workers=${2:?--nginx-workers needs a value}; shift 2 ;;
    --) shift; serve_opts=("$@"); break ;;
    *) echo "cluster.sh: unknown option '$1'" >&2; usage ;;
  esac
done
[[ "$port" =~ ^[0-9]+$ ]] || { echo "cluster.sh: bad port '$port'" >&2; exit 2; }

# The back ends' command line, in this one place. Each instance starts on port 0 (a free one, read back
# from its log), so no port is guessed. Each gets an admin port (/metrics, /livez, /readyz) and a short drain
# delay on SIGTERM (SKEP_CLUSTER_OPS=0 leaves both out). nginx (open source) does not read /readyz: it learns
# that an instance is gone from refused connections, and the drain's Connection: close empties its pool of
# connections to it, so a short drain delay is enough here.
backend_args() {
  args=(serve --host 127.0.0.1 --port 0)
  if [ "${SKEP_CLUSTER_OPS:-1}" = 1 ]; then
    args+=(--admin-port 0 --drain-delay "${SKEP_CLUSTER_DRAIN_DELAY:-1}")
  fi
  args+=("${serve_opts[@]}")
}
if [ "${SKEP_CLUSTER_OPS:-1}" = 1 ]; then
  for opt in "${serve_opts[@]}"; do
    case "$opt" in
      --admin-port|--admin-port=*|--drain-delay|--drain-delay=*)
        echo "cluster.sh: $opt after -- is set by cluster.sh itself (SKEP_CLUSTER_OPS=0 leaves it to you)" >&2; exit 2 ;;
    esac
  done
fi

nginx_bin=$(command -v nginx || true)
[ -n "$nginx_bin" ] || { [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx; }
[ -n "$nginx_bin" ] || { echo "cluster.sh: nginx is needed (apt-get install nginx, or scripts/test-tools.sh as root)" >&2; exit 1; }

# Build the jar once, before starting N of them (./skep builds it when it is missing or stale).
"$root/skep" --version >/dev/null

dir=$(mktemp -d "${TMPDIR:-/tmp}/skep-cluster.XXXXXX")
chmod 755 "$dir" # nginx's workers run as 'nobody' when it is started as root
mkdir -p "$dir/tmp"
pids=()       # the Skep JVMs (./skep execs java), in order
nginx_pid=""
stopping=0

# Stops everything that was started: SIGTERM (graceful) to each Skep, SIGQUIT (graceful) to nginx, a bounded
# wait, then SIGKILL for anything left. Run once, from the traps.
stop_all() {
  [ "$stopping" = 1 ] && return
  stopping=1
  trap '' INT TERM
  echo "cluster: stopping ${#pids[@]} Skep instance(s) and nginx" >&2
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  # Skep waits up to --shutdown-timeout (10 s) for requests in flight, after its drain delay.
  local deadline=$((SECONDS + ${SKEP_CLUSTER_STOP_WAIT:-30}))
  for pid in "${pids[@]}" $nginx_pid; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "cluster: $pid did not stop in time: SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  # nginx's workers leave with their master; any that did not are killed by the process group (set -m
  # below gives each background job a group of its own).
  [ -n "$nginx_pid" ] && kill -KILL -- "-$nginx_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ "${SKEP_CLUSTER_KEEP:-0}" = 1 ]; then
    echo "cluster: logs kept in $dir" >&2
  else
    rm -rf "$dir"
  fi
}
trap 'stop_all; exit 0' INT TERM
trap 'stop_all' EXIT

# Each background job in a process group of its own: a Ctrl-C in the terminal reaches this script only, not
# the instances (which would otherwise get SIGINT and then our SIGTERM: twice, which stops Skep at once).
set -m

# Waits (bounded) for PATTERN in FILE while PID lives; prints the first capture group of the regex.
await_log() {
  local pid=$1 file=$2 regex=$3 what=$4 deadline=$((SECONDS + 60)) line
  while [ $SECONDS -lt $deadline ]; do
    line=$(grep -Eo "$regex" "$file" 2>/dev/null | head -n1 || true)
    if [ -n "$line" ]; then
      [[ "$line" =~ $regex ]] && echo "${BASH_REMATCH[1]}"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "cluster: $what exited; its log ($file):" >&2; cat "$file" >&2; return 1; }
    sleep 0.1
  done
  echo "cluster: $what did not start within 60 s; its log ($file):" >&2
  cat "$file" >&2
  return 1
}

ports=()
admin_urls=()
for i in $(seq 1 "$n"); do
  backend_args
  log="$dir/skep-$i.log"
  "$root/skep" "${args[@]}" >"$log" 2>&1 </dev/null &
  pids+=($!)
done
for i in $(seq 1 "$n"); do
  pid=${pids[$((i - 1))]}
  log="$dir/skep-$i.log"
  p=$(await_log "$pid" "$log" 'listening on http://[^:]+:([0-9]+)/' "Skep instance $i") || exit 1
  ports+=("$p")
  if [ "${SKEP_CLUSTER_OPS:-1}" = 1 ]; then
    a=$(await_log "$pid" "$log" 'Admin on (http://[^ ]+/)' "Skep instance $i (admin port)") || exit 1
    admin_urls+=("$a")
  fi
done

servers=""
for p in "${ports[@]}"; do
  servers+="server 127.0.0.1:$p max_fails=2 fail_timeout=3s; "
done
sed -e "s/@LISTEN@/127.0.0.1:$port/" -e "s/@SERVERS@/$servers/" "$root/deploy/nginx/skep-lb.conf" >"$dir/nginx.conf"
"$nginx_bin" -p "$dir/" -e "$dir/error.log" -c "$dir/nginx.conf" -g "worker_processes $nginx_workers;" \
  >"$dir/nginx.out" 2>&1 </dev/null &
nginx_pid=$!
deadline=$((SECONDS + 20))
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
  if ! kill -0 "$nginx_pid" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "cluster: nginx did not start on 127.0.0.1:$port:" >&2
    cat "$dir/nginx.out" "$dir/error.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.1
done

echo "cluster: nginx on http://127.0.0.1:$port/ in front of $n Skep instance(s):"
for i in $(seq 1 "$n"); do
  line="  $i: http://127.0.0.1:${ports[$((i - 1))]}/ (pid ${pids[$((i - 1))]}"
  [ ${#admin_urls[@]} -gt 0 ] && line+=", admin ${admin_urls[$((i - 1))]}"
  echo "$line)"
done
echo "cluster: logs in $dir (nginx: error.log, retries.log); Ctrl-C stops all"

# Wait until Ctrl-C/SIGTERM (the trap stops all) or until one of them exits by itself (then stop the rest).
while true; do
  wait -n || true
  [ "$stopping" = 1 ] && break
  for pid in "${pids[@]}" "$nginx_pid"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "cluster: process $pid exited by itself; stopping the rest" >&2
      exit 1
    fi
  done
done

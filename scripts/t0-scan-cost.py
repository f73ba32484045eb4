#!/usr/bin/env python3
"""T0's CPU time while a server holds N idle keep-alive connections (a measurement, not part of CI).

Starts `SKEP serve` (the launcher: ./skep, or another build's), opens N connections that each get one
answer and then stay idle, and reads the CPU time of the thread named skep-t0 over a window: its timeout
scan is then all it does, four times a second. Prints one line per run.

  scripts/t0-scan-cost.py --connections 100
  scripts/t0-scan-cost.py --skep /tmp/skep-before/skep --connections 19000 --max-connections 19500

Needs `ulimit -n` above N for this process and the server's. CPU time comes from
/proc/PID/task/TID/schedstat (nanoseconds) and, as a cross-check, /proc/PID/task/TID/stat (clock ticks).
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

GET = b"GET / HTTP/1.1\r\nHost: t\r\n\r\n"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def java_pid(launcher_pid, deadline):
    """The launcher execs java, so its pid is the server's; wait until it runs java with a skep-t0 thread."""
    while time.time() < deadline:
        if t0_tid(launcher_pid) is not None:
            return launcher_pid
        time.sleep(0.1)
    raise SystemExit("no skep-t0 thread in process %d" % launcher_pid)


def t0_tid(pid):
    try:
        for tid in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/comm" % (pid, tid)) as f:
                if f.read().strip() == "skep-t0":
                    return int(tid)
    except FileNotFoundError:
        return None
    return None


def cpu(pid, tid):
    """(nanoseconds on CPU from schedstat or None, utime+stime in clock ticks) of one thread."""
    base = "/proc/%d/task/%d/" % (pid, tid)
    ns = None
    try:
        with open(base + "schedstat") as f:
            ns = int(f.read().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        pass
    with open(base + "stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return ns, int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)


def answered(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise IOError("closed before an answer")
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise IOError("closed in the body")
        body += chunk
    return head.startswith(b"HTTP/1.1 200")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--skep", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "skep"))
    p.add_argument("--connections", type=int, default=100)
    p.add_argument("--max-connections", type=int, default=None, help="default: the server's own default")
    p.add_argument("--seconds", type=float, default=10.0, help="the measured window")
    p.add_argument("--label", default="")
    a = p.parse_args()

    port = free_port()
    cmd = [a.skep, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warn"]
    if a.max_connections:
        cmd += ["--max-connections", str(a.max_connections)]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    socks = []
    try:
        pid = java_pid(server.pid, time.time() + 120)
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("server not listening on %d" % port)
                time.sleep(0.1)
        opened_at = time.time()
        for _ in range(a.connections):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(GET)
            if not answered(s):
                raise SystemExit("not a 200")
            socks.append(s)
        opened_s = time.time() - opened_at
        tid = t0_tid(pid)
        time.sleep(1.0)  # let the last answers' re-arms settle
        ns0, ticks0 = cpu(pid, tid)
        t0 = time.monotonic()
        time.sleep(a.seconds)
        ns1, ticks1 = cpu(pid, tid)
        wall = time.monotonic() - t0
        hz = os.sysconf("SC_CLK_TCK")
        ns_part = "n/a" if ns0 is None else "%.3f" % ((ns1 - ns0) / 1e6 / wall)
        print("%s connections=%d max-connections=%s window=%.1fs: T0 CPU %s ms/s (schedstat), %.1f ms/s (stat ticks);"
              " opening took %.1fs" % (a.label, a.connections, a.max_connections or "default", wall, ns_part,
                                        (ticks1 - ticks0) * 1000.0 / hz / wall, opened_s))
    finally:
        for s in socks:
            s.close()
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    sys.exit(main())

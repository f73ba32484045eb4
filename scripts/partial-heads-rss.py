#!/usr/bin/env python3
"""Server RSS with many connections, each with a partial request head in flight (not in CI).

    scripts/partial-heads-rss.py [--skep ./skep] [--connections 10000] [--port 18093]

Starts `SKEP serve --port PORT --io epoll`, opens CONNECTIONS connections, sends each a request head
without its final CRLF, waits until the server has read them (its RSS stops growing), and prints the
server's RSS before and after. Needs `ulimit -n` above CONNECTIONS (for the server too). About 20 s.
"""
import argparse
import os
import resource
import signal
import socket
import subprocess
import sys
import time

HEAD = b"GET /partial HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: partial-heads-rss\r\nAccept: */*\r\n"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def java_pid(launcher_pid):
    # ./skep execs java, so the launcher's pid is the JVM's.
    return launcher_pid


def wait_for_port(port, deadline):
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer on port {port}")


def settle(pid, seconds_max=15):
    """Waits until the RSS has not grown for a second (bounded); returns it."""
    last, stable_since, end = rss_kib(pid), time.time(), time.time() + seconds_max
    while time.time() < end:
        time.sleep(0.25)
        now = rss_kib(pid)
        if now > last:
            last, stable_since = now, time.time()
        elif time.time() - stable_since >= 1.0:
            break
    return last


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--skep", default="./skep")
    p.add_argument("--connections", type=int, default=10_000)
    p.add_argument("--port", type=int, default=18093)
    a = p.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if hard < a.connections + 100:
        sys.exit(f"ulimit -n is {hard}: too low for {a.connections} connections")

    server = subprocess.Popen([a.skep, "serve", "--port", str(a.port), "--io", "epoll", "--log-level", "warn"],
                              stdout=subprocess.DEVNULL, start_new_session=True)
    conns = []
    try:
        wait_for_port(a.port, time.time() + 120)
        pid = java_pid(server.pid)
        before = settle(pid)
        t0 = time.time()
        for _ in range(a.connections):
            s = socket.create_connection(("127.0.0.1", a.port), timeout=10)
            s.sendall(HEAD)
            conns.append(s)
        opened = time.time() - t0
        after = settle(pid)
        print(f"server: {a.skep}  connections with a partial head: {len(conns)} (opened in {opened:.1f} s)")
        print(f"RSS before: {before / 1024:.1f} MiB  after: {after / 1024:.1f} MiB  "
              f"growth: {(after - before) / 1024:.1f} MiB = {(after - before) / len(conns):.1f} KiB per connection")
    finally:
        for s in conns:
            s.close()
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Helper of scripts/static-bench.sh (run that): the loads compare.py cannot run, and the summary table.

    static-bench.py revalidate --out DIR --rounds N --path /1k --server NAME=COMMAND ...
    static-bench.py download   --out DIR --rounds N --path /1g --size BYTES --server NAME=COMMAND ...
    static-bench.py summary    --out DIR

It reuses ../shared/bench/compare.py for the servers (own process group, readiness probe, stop by group id)
and for reading CPU time from /proc, so every number is taken the same way as compare.py takes it.
revalidate: per round and server, a fresh server; its ETag from its own answer to a plain GET; a check that
If-None-Match with it gets 304; a warm-up; then wrk -t2 -c200 -d{duration}s -H 'If-None-Match: ETAG', with the
server's CPU time (utime + stime of its process group) before and after. download: per round and server, a
fresh server and --downloads curl -o /dev/null of the big file, with the server's CPU time around each.
summary: medians, paired ratios (within a round, then the median) and CPU per request, as Markdown.
"""

import argparse
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.environ.get("SKEP_BENCH_DIR", os.path.join(os.path.dirname(ROOT), "shared", "bench"))
sys.path.insert(0, BENCH)
import compare  # noqa: E402  (../shared/bench/compare.py)

# Issue 13's goals: Skep's paired ratio against each nginx, per part of the summary
GOALS = {"keepalive-1k": 1.0, "keepalive-64k": 1.0, "revalidate-304": 1.0, "download-1g": 0.95}


def request(port, path, headers=()):
    """One GET on a fresh connection, headers only (the body is not read): (status, {lowercase name: value})."""
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as s:
        extra = "".join(f"{h}\r\n" for h in headers)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{extra}Connection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", head[0])
    if not m:
        raise RuntimeError(f"not an HTTP response: {data[:60]!r}")
    fields = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    return int(m.group(1)), fields


def wrk_json(out):
    m = re.search(r"^JSON (\{.*\})$", out, re.M)
    if not m:
        raise RuntimeError("wrk printed no JSON summary")
    return json.loads(m.group(1))


def run_logged(cmd, raw_path, limit):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    with open(raw_path, "w") as f:
        f.write("$ " + shlex.join(cmd) + "\n" + p.stdout + p.stderr)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {(p.stderr or p.stdout).strip()[-300:]}")
    return p.stdout


def each_server(args, measure):
    """Rounds x servers, interleaved, a fresh server each time; measure(server, round, raw prefix) -> dict."""
    servers = compare.parse_servers(args.server, args.base_port)
    raw = os.path.join(args.out, "raw")
    os.makedirs(raw, exist_ok=True)
    runs, total, k = [], args.rounds * len(servers), 0
    for rnd in range(1, args.rounds + 1):
        for s in servers:
            k += 1
            tag = f"r{rnd}-{s.name}"
            print(f"[{k}/{total}] round {rnd} {s.name:16}", end=" ", flush=True)
            s.start(os.path.join(raw, f"{tag}.server.log"), args.probe_path, args.start_timeout)
            try:
                rec = {"round": rnd, "server": s.name}
                rec.update(measure(s, os.path.join(raw, tag)))
                if not s.alive():
                    raise RuntimeError(f"{s.name} died during the load")
                runs.append(rec)
            finally:
                s.stop()
    return runs


def revalidate(args):
    hz = os.sysconf("SC_CLK_TCK")

    def measure(s, raw):
        status, fields = request(s.port, args.path)
        etag = fields.get("etag")
        if status != 200 or not etag:
            raise RuntimeError(f"{s.name}: GET {args.path} gave {status} and ETag {etag!r}; need 200 and an ETag")
        header = f"If-None-Match: {etag}"
        status, _ = request(s.port, args.path, [header])
        if status != 304:
            raise RuntimeError(f"{s.name}: GET {args.path} with {header} gave {status}, not 304")
        url = f"http://127.0.0.1:{s.port}{args.path}"
        base = ["wrk", "-t2", "-c200", "--latency", "-H", header]
        if args.warmup > 0:
            run_logged(base + [f"-d{args.warmup}s", "-s", compare.WRK_SCRIPT, url], raw + ".warmup.txt",
                       args.warmup + 60)
        pids = s.pids()
        t0, c0 = time.monotonic(), compare.cpu_ticks(pids)
        out = run_logged(base + [f"-d{args.duration}s", "-s", compare.WRK_SCRIPT, url], raw + ".txt",
                         args.duration + 60)
        cpu_s = (compare.cpu_ticks(s.pids()) - c0) / hz
        wall = time.monotonic() - t0
        j = wrk_json(out)
        rec = compare.parse_wrk(out)
        rec.update({"etag": etag, "cpu_pct": 100 * cpu_s / wall, "cpu_s": cpu_s,
                    "cpu_us_per_request": 1e6 * cpu_s / j["requests"] if j["requests"] else None,
                    "bytes_per_response": j["bytes"] / j["requests"] if j["requests"] else None})
        # wrk counts only statuses >= 400 as errors: a server answering 200 with the body would pass unseen
        if rec["bytes_per_response"] and rec["bytes_per_response"] >= args.body_bytes:
            rec["errors"] += j["requests"]
            rec["not_304"] = True
        print(f"{rec['rps']:>10,.0f} req/s  cpu {rec['cpu_us_per_request']:.1f} us/req  "
              f"{rec['bytes_per_response']:.0f} B/response  err {rec['errors']}", flush=True)
        return rec

    return finish(args, "revalidate", each_server(args, measure))


def download(args):
    hz = os.sysconf("SC_CLK_TCK")

    def measure(s, raw):
        url = f"http://127.0.0.1:{s.port}{args.path}"
        speeds, cpus = [], []
        with open(raw + ".txt", "w") as log:
            for _ in range(args.downloads):
                pids = s.pids()
                c0 = compare.cpu_ticks(pids)
                cmd = ["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}\n", url]
                p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
                cpu_s = (compare.cpu_ticks(s.pids()) - c0) / hz
                log.write("$ " + shlex.join(cmd) + "\n" + p.stdout + p.stderr)
                code, size, speed = (p.stdout.split() + ["", "", ""])[:3]
                if p.returncode != 0 or code != "200" or int(size or 0) != args.size:
                    raise RuntimeError(f"{s.name}: curl {url}: exit {p.returncode}, status {code}, {size} bytes "
                                       f"(expected {args.size}) {p.stderr.strip()}")
                speeds.append(float(speed))
                cpus.append(cpu_s)
        rec = {"bytes_per_s_all": speeds, "bytes_per_s": compare.median(speeds),
               "cpu_s_per_gib": compare.median(cpus) * (1 << 30) / args.size, "errors": 0}
        print(f"{rec['bytes_per_s'] / 1e6:>10,.0f} MB/s  cpu {rec['cpu_s_per_gib']:.2f} s/GiB  "
              f"({' / '.join(f'{x / 1e6:,.0f}' for x in speeds)})", flush=True)
        return rec

    return finish(args, "download", each_server(args, measure))


def finish(args, kind, runs):
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump({"kind": kind, "argv": sys.argv, "path": args.path, "runs": runs}, f, indent=1)
    bad = [r for r in runs if r.get("errors")]
    for r in bad:
        print(f"ERRORS: round {r['round']} {r['server']}: {r['errors']}", file=sys.stderr)
    return 1 if bad else 0


# ----------------------------------------------------------------------------------------------- summary

def rows_from_compare(path):
    """compare.py's results.json -> [{round, server, value, cpu}] with value = req/s, cpu = us per request."""
    with open(path) as f:
        runs = json.load(f)["runs"]
    rows = []
    for r in runs:
        if "rps" in r:
            cpu = 1e6 * r["cpu_pct"] / 100 / r["rps"] if r.get("cpu_pct") is not None and r["rps"] else None
            rows.append({"round": r["round"], "server": r["server"], "value": r["rps"], "cpu": cpu,
                         "errors": r["errors"]})
    return rows


def rows_from_own(path):
    with open(path) as f:
        data = json.load(f)
    rows = []
    for r in data["runs"]:
        if data["kind"] == "revalidate":
            rows.append({"round": r["round"], "server": r["server"], "value": r["rps"],
                         "cpu": r["cpu_us_per_request"], "errors": r["errors"]})
        else:
            rows.append({"round": r["round"], "server": r["server"], "value": r["bytes_per_s"],
                         "cpu": r["cpu_s_per_gib"], "errors": r["errors"]})
    return rows


def paired(rows, server, ref, key="value"):
    """The median over rounds of server / ref within the same round."""
    ratios = []
    for rnd in sorted({r["round"] for r in rows}):
        a = [r[key] for r in rows if r["round"] == rnd and r["server"] == server and r[key]]
        b = [r[key] for r in rows if r["round"] == rnd and r["server"] == ref and r[key]]
        if a and b:
            ratios.append(a[0] / b[0])
    return compare.median(ratios), ratios


def summary(args):
    parts = [  # (name, results file, unit of value, unit of cpu, scale of value)
        ("keepalive-1k", "keepalive-1k/results.json", "req/s", "CPU us/req", 1),
        ("keepalive-64k", "keepalive-64k/results.json", "req/s", "CPU us/req", 1),
        ("revalidate-304", "revalidate-304/results.json", "req/s", "CPU us/req", 1),
        ("download-1g", "download-1g/results.json", "MB/s", "CPU s/GiB", 1e-6),
    ]
    out = []
    for name, rel, unit, cpu_unit, scale in parts:
        path = os.path.join(args.out, rel)
        if not os.path.exists(path):
            continue
        rows = rows_from_compare(path) if name.startswith("keepalive") else rows_from_own(path)
        servers = list(dict.fromkeys(r["server"] for r in rows))
        refs = [s for s in servers if s.startswith("nginx")]
        goal = GOALS[name]
        out.append(f"### {name} (goal: skep >= {goal:.2f}x each nginx; paired ratio = median of the per-round ratios)")
        out.append("")
        out.append(f"| server | median {unit} | per round | median {cpu_unit} | "
                   + " | ".join(f"paired ratio vs {ref} | {cpu_unit} ratio vs {ref}" for ref in refs)
                   + " | errors |")
        out.append("|---|---:|---|---:|" + "---:|---:|" * len(refs) + "---:|")
        for s in servers:
            mine = [r for r in rows if r["server"] == s]
            med = compare.median([r["value"] for r in mine])
            cpu = compare.median([r["cpu"] for r in mine])
            cells = [s, compare.fmt(med * scale if med else None, ",.0f"),
                     " / ".join(f"{r['value'] * scale:,.0f}" for r in mine), compare.fmt(cpu, ".2f")]
            for ref in refs:
                ratio, _ = paired(rows, s, ref)
                cpu_ratio, _ = paired(rows, s, ref, "cpu")
                mark = "" if s in refs or ratio is None else (" ok" if ratio >= goal else " **below goal**")
                cells += [compare.fmt(ratio, ".2f") + mark, compare.fmt(cpu_ratio, ".2f")]
            cells.append(str(sum(r["errors"] or 0 for r in mine)))
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if not out:
        print(f"no results under {args.out}", file=sys.stderr)
        return 1
    text = "\n".join(out)
    with open(os.path.join(args.out, "summary.md"), "w") as f:
        f.write(text + "\n")
    print(text)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["revalidate", "download", "summary"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--server", action="append", default=[], metavar="NAME=COMMAND")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--duration", type=int, default=10, help="seconds of the measured wrk load (revalidate)")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of the same load before it (revalidate)")
    ap.add_argument("--path", default="/1k")
    ap.add_argument("--probe-path", default="/1k", help="GET that must answer 200 before a server is measured")
    ap.add_argument("--body-bytes", type=int, default=1024,
                    help="revalidate: a mean response this large or larger means bodies were sent (not 304)")
    ap.add_argument("--size", type=int, default=1 << 30, help="download: the file's size in bytes")
    ap.add_argument("--downloads", type=int, default=3, help="download: curl runs per server per round")
    ap.add_argument("--base-port", type=int, default=18880)
    ap.add_argument("--start-timeout", type=float, default=30)
    args = ap.parse_args()
    if args.kind != "summary" and not args.server:
        sys.exit("--server is needed")
    os.makedirs(args.out, exist_ok=True)

    def on_signal(signum, _frame):  # unwind through the finally blocks, which stop the running server
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        return {"revalidate": revalidate, "download": download, "summary": summary}[args.kind](args)
    except compare.StartError as e:
        print(f"\nFATAL: {e}", file=sys.stderr)
        return 2
    except RuntimeError as e:
        print(f"\nFAILED: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:
        print(f"\ninterrupted ({e})", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

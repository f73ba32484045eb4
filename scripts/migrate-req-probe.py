#!/usr/bin/env python3
"""What this kernel does with the connections queued on a closed SO_REUSEPORT listener, in the current network
namespace: opens a listener, queues 4 connections on it, opens a second listener on the port, closes the first,
and prints how many of the 4 the second one gets ("migrated N of 4"). With net.ipv4.tcp_migrate_req=1
(Linux 5.14+) all move; with 0 they are reset. Run by http.ReusePortKernelTest in private namespaces."""
import socket

QUEUED = 4


def listener(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    return s


old = listener(0)
port = old.getsockname()[1]
clients = [socket.create_connection(("127.0.0.1", port), timeout=2) for _ in range(QUEUED)]
new = listener(port)
old.close()
new.settimeout(1)
migrated = []
try:
    while len(migrated) < QUEUED:
        migrated.append(new.accept()[0])
except socket.timeout:
    pass
print("migrated %d of %d" % (len(migrated), QUEUED))
for s in migrated + clients + [new]:
    s.close()

#!/usr/bin/env python3
"""The host side of guest-net.sh, for tests/guest/linux/net.sh.

Serves DIR over HTTP on 127.0.0.1 (a free port), picks a free port for the
hostfwd rule, and writes "HTTP_PORT FWD_PORT" to PORTS_FILE.  When the guest
fetches /hostfwd-ready, its listener is up: connect to 127.0.0.1:FWD_PORT
(through gemu's hostfwd), read until the marker, and print
"hostfwd: read MARKER" or "hostfwd: FAILED ...".  Exits after that, or
after TIMEOUT seconds.

Usage: net-host.py DIR PORTS_FILE MARKER TIMEOUT
"""
import functools
import http.server
import os
import socket
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_marker(port, marker, deadline):
    data = b""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.settimeout(max(1.0, deadline - time.monotonic()))
        while marker not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    return data


def main():
    root, ports_file, marker = sys.argv[1:4]
    timeout = float(sys.argv[4])
    deadline = time.monotonic() + timeout
    ready = threading.Event()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/hostfwd-ready":
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
                ready.set()
                return
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tmp = ports_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(f"{server.server_address[1]} {free_port()}\n")
    os.rename(tmp, ports_file)
    fwd_port = int(open(ports_file).read().split()[1])

    if not ready.wait(max(0.0, deadline - time.monotonic())):
        print("hostfwd: FAILED, the guest never said its listener was up")
        return
    try:
        data = read_marker(fwd_port, marker.encode(), deadline)
    except OSError as e:
        print(f"hostfwd: FAILED, {e}")
        return
    if marker.encode() in data:
        print(f"hostfwd: read {marker}")
    else:
        print(f"hostfwd: FAILED, read {data!r}")


main()

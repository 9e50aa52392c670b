"""Fixtures of the hostile suite: a canary file that must never be read, and a loopback listener that must never be asked.

Every attack in tests/hostile/ points at both: a DOCTYPE, a link, a profile path or a symlink that would read the canary
or fetch from the listener if the tool followed it. The tests then assert that the listener saw no request and that no
output holds a canary byte.
"""

from __future__ import annotations

import dataclasses
import http.server
import os
import re
import secrets
import socketserver
import tempfile
import threading
import time
import zlib
from pathlib import Path

import pytest


@dataclasses.dataclass
class Canary:
    """A secret file outside every input and output: its token must appear in nothing the tool writes or prints."""

    path: Path
    token: str

    def assert_absent(self, *places) -> None:
        """Each place is bytes, str, or a path (a folder is searched file by file, recursively)."""
        needle = self.token.encode()
        for place in places:
            if isinstance(place, (bytes, bytearray)):
                assert needle not in place, "canary bytes leaked into output"
            elif isinstance(place, str):
                assert self.token not in place, "canary text leaked into output"
            else:
                path = Path(place)
                files = [path] if path.is_file() else [f for f in path.rglob("*") if f.is_file() and not f.is_symlink()]
                for f in files:
                    if f.resolve() == self.path.resolve():
                        continue
                    data = f.read_bytes()
                    assert needle not in data, f"canary bytes leaked into {f}"
                    if data.startswith(b"%PDF"):
                        for stream in pdf_streams(data):
                            assert needle not in stream, f"canary bytes leaked into a stream of {f}"


def pdf_streams(data: bytes):
    """The decompressed content of every Flate stream of a PDF (attachments and page text are stored so)."""
    for match in re.finditer(rb"stream\r?\n", data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end < 0:
            break
        raw = data[start:end]
        try:
            yield zlib.decompressobj().decompress(raw)
        except zlib.error:
            yield raw


@pytest.fixture
def canary() -> Canary:
    # A short path (the temporary folder and a few letters), so that an attack that must fit a length limit (a
    # shortened running head, say) can still name it.
    fd, name = tempfile.mkstemp(prefix="c")
    token = "CANARY-" + secrets.token_hex(8)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(f"{token}\n")
    try:
        yield Canary(Path(name), token)
    finally:
        os.unlink(name)


class _Handler(http.server.BaseHTTPRequestHandler):
    def _record(self):
        self.server.requests.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
        body = b'<!ENTITY % x "leak">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_HEAD = _record

    def log_message(self, *args):  # quiet
        pass


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


@dataclasses.dataclass
class Listener:
    """An HTTP listener on 127.0.0.1 only; it records every request and stops itself after `lifetime` seconds."""

    url: str
    requests: list[str]

    def assert_untouched(self) -> None:
        time.sleep(0.05)  # a request in flight lands before we look
        assert self.requests == [], f"the listener was asked: {self.requests}"


@pytest.fixture
def listener():
    server = _Server(("127.0.0.1", 0), _Handler)
    server.requests = []  # type: ignore[attr-defined]
    server.timeout = 0.2
    lifetime = float(os.environ.get("TEI_EDITION_LISTENER_SECONDS", "120"))
    deadline = time.monotonic() + lifetime
    stop = threading.Event()

    def serve():  # bounded: at most `lifetime` seconds and 1,000 requests, then it stops by itself
        while not stop.is_set() and time.monotonic() < deadline and len(server.requests) < 1000:  # type: ignore[attr-defined]
            server.handle_request()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield Listener(f"http://{host}:{port}", server.requests)  # type: ignore[attr-defined]
    finally:
        stop.set()
        thread.join(timeout=2)
        server.server_close()

"""Support for the server and browser tests (no tests here): a real occlink server on a free loopback port."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from dataclasses import dataclass

from occlink.exports.web.server import make_server
from occlink.taxonomy.namespaces import Namespaces


@dataclass
class Running:
    url: str
    server: object
    app: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.close()
        self.server.task_dispatcher.shutdown()
        self.thread.join(timeout=30)
        self.app.close()


def start_server(ns: Namespaces | None = None, **kwargs) -> Running:
    """waitress in a background thread, bound to 127.0.0.1 on a port the OS picks."""
    server, app = make_server(ns or Namespaces(), host="127.0.0.1", port=0, **kwargs)
    thread = threading.Thread(target=server.run, name="occlink-test-server", daemon=True)
    thread.start()
    return Running(f"http://127.0.0.1:{server.effective_port}", server, app, thread)


def fetch(url: str, *, accept: str | None = None, data: bytes | None = None, content_type: str | None = None,
          method: str | None = None) -> tuple[int, dict, bytes]:
    """(status, headers, body) — HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=data, method=method)
    if accept:
        request.add_header("Accept", accept)
    if content_type:
        request.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()

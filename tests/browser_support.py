"""Helpers for the browser tests: find Chromium, serve a built site on 127.0.0.1, record requests."""
from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

# Quiet, fast and offline: no updates, sync or other background traffic of the browser's own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def find_chromium() -> str | None:
    """A Chromium to drive: $CHROMIUM, Debian's chromium, or one Playwright downloaded."""
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                  shutil.which("chromium-browser"), shutil.which("google-chrome")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    try:  # a browser from `playwright install chromium`, if there is one
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            path = p.chromium.executable_path
        return path if path and Path(path).is_file() else None
    except Exception:
        return None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest output clean
        pass


@contextlib.contextmanager
def serve(site: Path):
    """Serve `site` on a free port of 127.0.0.1 for the duration of the block; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class RequestLog:
    """Every request a browser context makes; requests that leave the site are aborted and kept."""

    def __init__(self, allowed_origin: str | None):
        # allowed_origin: "http://127.0.0.1:PORT" for a served site, None for file:// pages.
        self.allowed_origin = allowed_origin
        self.all: list[str] = []
        self.outside: list[str] = []

    def is_inside(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if self.allowed_origin is None:
            return parts.scheme == "file"
        return f"{parts.scheme}://{parts.netloc}" == self.allowed_origin

    def attach(self, context) -> "RequestLog":
        def record(request):
            self.all.append(request.url)
            if not self.is_inside(request.url):
                self.outside.append(request.url)

        def route(route, request):
            if self.is_inside(request.url):
                route.continue_()
            else:  # never let it reach the network, but it is recorded as a failure
                route.abort()
        context.on("request", record)
        context.route(lambda url: not self.is_inside(url), route)
        return self

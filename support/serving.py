"""`mkdocs serve` on a throw-away project, read as an author sees it: its log, line by line,
and its pages over HTTP. Shared by the tests and the benchmark."""
from __future__ import annotations

import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from .projects import REPO


class Serving:
    """`mkdocs serve` in `project` on a free port, until `stop` (or the end of a with block)."""

    def __init__(self, project: Path, env: dict | None = None):
        full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1",
                        PYTHONPATH=str(REPO / "hooks") + os.pathsep + os.environ.get("PYTHONPATH", ""))
        full_env.update(env or {})
        with socket.socket() as probe:  # a free port for this server alone
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
                                     cwd=project, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        self.log: list[str] = []
        self._lines: "queue.Queue[str]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.log.append(line)
            self._lines.put(line)

    def wait_for(self, text: str, timeout: float = 300) -> str:
        """The next line of the log holding `text`; fails (the server stopped) after `timeout` s."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._lines.get(timeout=1)
            except queue.Empty:
                if self.proc.poll() is not None:
                    break
                continue
            if text in line:
                return line
        self.stop()
        raise RuntimeError(f"mkdocs serve did not log {text!r}; its log:\n{''.join(self.log)[-3000:]}")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
            return response.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> "Serving":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

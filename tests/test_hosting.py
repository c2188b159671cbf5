"""The staff site's hosting recipe (deploy/nginx-staff.conf, docs/publishing.md) tried for real:
nginx serves a staff site on 127.0.0.1, a free port, and asks for a password. The test starts
nginx itself, stops it at the end, and makes requests to 127.0.0.1 only."""
from __future__ import annotations

import base64
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO

CONFIG = REPO / "deploy" / "nginx-staff.conf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, user: str | None = None, password: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url)
    if user is not None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


@pytest.fixture
def staff_server(tmp_path):
    """The shipped server block, filled in as the docs say, inside a minimal nginx main config."""
    root = tmp_path / "staff-site"
    (root / "1.0.0" / "facilitator" / "breathing").mkdir(parents=True)
    (root / "1.0.0" / "facilitator" / "breathing" / "index.html").write_text("<h1>Session guide</h1>\n")
    (root / "1.0.0" / "404.html").write_text("<h1>Not found</h1>\n")
    (root / "latest").symlink_to("1.0.0")
    (root / "index.html").write_text('<a href="latest/">latest</a>\n')
    htpasswd = tmp_path / "staff.htpasswd"
    made = subprocess.run(["htpasswd", "-b", "-c", "-B", str(htpasswd), "counselor", "correct horse"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    port = free_port()
    server = (CONFIG.read_text(encoding="utf-8").replace("@LISTEN@", f"127.0.0.1:{port}")
              .replace("@ROOT@", str(root)).replace("@HTPASSWD@", str(htpasswd)))
    assert "@" not in server.replace("@LISTEN@", "")  # every placeholder filled in
    (tmp_path / "staff.conf").write_text(server)
    # Root runs nginx's workers as `nobody` by default, who cannot read a test's private folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"  access_log {tmp_path}/access.log;\n"
        + "".join(f"  {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                          "uwsgi", "scgi"))
        + f"  include {tmp_path}/staff.conf;\n}}\n")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    checked = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)  # nginx's graceful stop, for the master and its worker
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_staff_site_refuses_a_request_without_the_password(staff_server):
    page = f"{staff_server}/latest/facilitator/breathing/"
    status, body = get(page)
    assert status == 401 and b"Session guide" not in body
    assert get(page, "counselor", "wrong password")[0] == 401
    assert get(f"{staff_server}/1.0.0/404.html")[0] == 401  # every file, not only the pages
    status, body = get(page, "counselor", "correct horse")
    assert status == 200 and b"Session guide" in body
    status, body = get(f"{staff_server}/1.0.0/no-such-page/", "counselor", "correct horse")
    assert status == 404 and b"Not found" in body


def test_the_config_ships_every_placeholder_the_docs_fill_in():
    text = CONFIG.read_text(encoding="utf-8")
    docs = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    for placeholder in ("@LISTEN@", "@ROOT@", "@HTPASSWD@"):
        assert placeholder in text and placeholder in docs
    assert "auth_basic_user_file @HTPASSWD@;" in text

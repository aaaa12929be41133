"""Real servers for the serving tests: redis-server, gunicorn app processes and nginx, each on
127.0.0.1 (or a Unix socket) in a temporary folder, each stopped by the test that started it."""
import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


def require(program):
    """The path of a Debian program the test needs: skip without it, fail in CI (.ci/run installs it)."""
    path = shutil.which(program) or next((p for p in (f"/usr/sbin/{program}", f"/usr/bin/{program}")
                                          if os.path.exists(p)), None)
    if path is None:
        message = f"{program} is not installed (Debian package; .ci/run installs it)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what, process=None):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {STARTUP_SECONDS} s")


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def get(port, host, path, cookie=None):
    """(status, headers as a lower-cased dict, body text) of GET http://127.0.0.1:port/path with Host: host."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": host}
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode()
    finally:
        connection.close()


class Redis:
    def __init__(self, folder):
        self.socket = folder / "redis.sock"
        self.process = subprocess.Popen(
            [require("redis-server"), "--port", "0", "--unixsocket", str(self.socket), "--unixsocketperm", "700",
             "--save", "", "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(self.socket.exists, "redis-server", self.process)

    @property
    def url(self):
        return f"unix://{self.socket}"

    def stop(self):
        stop(self.process)


class AppServer:
    """gunicorn (one sync worker unless told otherwise) with production settings on `database_name`;
    `environment` adds or overrides variables (another DJANGO_SETTINGS_MODULE, the page cache...)."""

    def __init__(self, folder, database_name, cache_url="", workers=1, **environment):
        self.port = free_port()
        self.log = folder / f"gunicorn-{self.port}.log"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sitegroup.settings.production",
               "DJANGO_SECRET_KEY": "serving-test-only-key", "DJANGO_ALLOWED_HOSTS": "*",
               "SECURE_SSL_REDIRECT": "false", "SITEGROUP_TASKS": "immediate",
               "SITEGROUP_DB_NAME": database_name, "CACHE_URL": cache_url}
        env.pop("DATABASE_URL", None)
        env.update(environment)
        command = [sys.executable, "-m", "gunicorn", "sitegroup.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=self.log.open("wb"))
        try:
            wait_until(lambda: get(self.port, "localhost", "/")[0] == 200, "gunicorn", self.process)
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"{exc}:\n{self.log.read_text()[-3000:]}") from exc

    def get(self, host, path, cookie=None):
        return get(self.port, host, path, cookie)

    def stop(self):
        stop(self.process)


NGINX_CONF = """\
{user}
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    proxy_cache_path {folder}/cache levels=1:2 keys_zone=sitegroup_pages:10m inactive=7d use_temp_path=off;
    include {deploy}/page-cache-http.conf;
    upstream sitegroup_app {{ server 127.0.0.1:{app_port}; keepalive 4; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {deploy}/page-cache-location.conf;
        }}
    }}
}}
"""


class Nginx:
    """nginx with deploy/nginx/page-cache-*.conf in front of one app server."""

    def __init__(self, folder, app_port):
        self.port = free_port()
        config = folder / "nginx.conf"
        config.write_text(NGINX_CONF.format(
            user="user root;" if os.geteuid() == 0 else "", folder=folder, app_port=app_port, port=self.port,
            deploy=ROOT / "deploy" / "nginx"))
        self.folder = folder
        self.process = subprocess.Popen([require("nginx"), "-c", str(config), "-p", str(folder)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: socket.create_connection(("127.0.0.1", self.port), timeout=1).close() or True,
                   "nginx", self.process)

    def get(self, host, path, cookie=None):
        return get(self.port, host, path, cookie)

    def stop(self):
        stop(self.process)

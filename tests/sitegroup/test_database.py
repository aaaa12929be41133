"""The database the project runs on: real PostgreSQL with an explicit UTF-8 locale."""
import pytest
from django.conf import settings
from django.db import connection

from sitegroup import pgserver

pytestmark = pytest.mark.django_db


def fetch(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def test_database_has_an_explicit_utf8_locale_whatever_the_environment():
    encoding, provider, ctype = fetch(
        "SELECT pg_encoding_to_char(encoding), datlocprovider, datctype FROM pg_database "
        "WHERE datname = current_database()")
    assert encoding == "UTF8"
    if connection.pg_version >= 170000:
        assert provider == "b"  # PostgreSQL's built-in C.UTF-8, no OS locale involved
    assert ctype == "C.UTF-8"


def test_trigrams_see_chinese_text():
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    (trigrams,) = fetch("SELECT show_trgm('政府网站集约化建设')")
    assert len(trigrams) >= 5, trigrams
    (similar,) = fetch("SELECT '政府网站集约化建设' ILIKE '%集约化%'")
    assert similar is True


def test_locale_clause_matches_the_server_version():
    assert "BUILTIN_LOCALE 'C.UTF-8'" in pgserver.locale_clause(180000)
    assert pgserver.locale_clause(160000) == " LOCALE 'C.UTF-8'"


@pytest.mark.skipif(not settings.SITEGROUP_EMBEDDED_PG, reason="DATABASE_URL points at an external server")
def test_starting_the_embedded_server_twice_reuses_the_running_one():
    first = pgserver.ensure_running()
    pid = (pgserver.pgdata_path() / "postmaster.pid").read_text().split()[0]
    second = pgserver.ensure_running()
    assert first == second
    assert (pgserver.pgdata_path() / "postmaster.pid").read_text().split()[0] == pid
    assert pgserver.is_running()


def test_the_table_list_of_a_schema_is_exactly_djangos_with_the_search_path_looked_up_first(cluster):
    """`migrate` lists a site's tables several times; the faster query must answer as Django's does,
    in a site, in public and with a temporary table on the connection."""
    from django.db.backends.postgresql.introspection import DatabaseIntrospection

    from sitegroup.db.base import SchemaIntrospection

    assert isinstance(connection.introspection, SchemaIntrospection)

    def djangos():   # Django's own query, on the path django-tenants' introspection sets
        with connection.cursor() as inner:
            inner.execute("SHOW search_path")
            path = inner.fetchone()[0]
            inner.execute(f'SET search_path = "{connection.schema_name}"')
            try:
                return sorted(DatabaseIntrospection.get_table_list(connection.introspection, inner))
            finally:
                inner.execute(f"SET search_path = {path}")

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE scratch_rows (n int)")
        for schema in (cluster.peach.schema_name, cluster.east.schema_name, "public"):
            connection.set_schema(schema)
            ours = sorted(connection.introspection.get_table_list(cursor))
            assert ours == djangos()
            names = {table.name for table in ours}
            assert "scratch_rows" in names
            if schema == "public":
                assert "tenants_tenant" in names and "wagtailcore_page" not in names
            else:
                assert {"wagtailcore_page", "django_migrations"} <= names and "tenants_tenant" not in names
        connection.set_schema_to_public()
        cursor.execute("DROP TABLE scratch_rows")

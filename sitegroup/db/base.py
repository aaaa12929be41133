"""django-tenants' PostgreSQL backend with three additions.

* Databases it creates (the test database included) get an explicit UTF-8 locale,
  so Chinese full-text and trigram search behave the same on every machine.
* When the settings point at the embedded server (no DATABASE_URL), the first
  connection starts it if needed, so every entry point (manage.py, pytest, wsgi)
  works without a separate start step.
* Switching schemas costs nothing per request: `SET search_path` is issued only when the path
  wanted differs from the one last set on the connection (django-tenants re-issues it after
  every switch, and routing switches to public and back on every request), and Django's
  content-type cache is kept (django-tenants clears it on every switch because ids could
  differ between schemas; here every site is cloned from one template, so they are the same,
  and the public schema has none: tests/tenants/test_isolation.py checks both).
* Listing the tables of a schema (what `migrate` asks several times per site, e.g. "does
  django_migrations exist?") looks up the schemas on the search path instead of testing every
  relation of the database for visibility: with 1,000 sites pg_class holds over half a million
  rows and Django's query took about 450 ms per call, this one about 20 ms (bench/scale.py).
"""
from django.conf import settings
from django.db.backends.postgresql.creation import DatabaseCreation
from django.db.backends.postgresql.introspection import TableInfo
from django_tenants.postgresql_backend import base as tenant_backend
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper
from django_tenants.postgresql_backend.introspection import (
    DatabaseSchemaIntrospection,
    DatabaseSchemaIntrospectionSearchPathContext,
)
from django_tenants.utils import get_limit_set_calls

from sitegroup import pgserver


class UTF8DatabaseCreation(DatabaseCreation):
    def sql_table_creation_suffix(self):
        suffix = super().sql_table_creation_suffix()
        with self.connection._nodb_cursor() as cursor:
            version = cursor.connection.info.server_version
        return suffix + pgserver.locale_clause(version)


class SchemaIntrospection(DatabaseSchemaIntrospection):
    # Django's query (postgresql/introspection.py) with the namespaces of the search path joined
    # first: pg_class is then read through its (relname, relnamespace) index by skip scan, and
    # pg_table_is_visible() runs on this schema's relations only. current_schemas(true) keeps the
    # implicit pg_temp and pg_catalog, so the answer is exactly Django's (tests/sitegroup/test_database.py).
    TABLE_LIST_SQL = """
        SELECT
            c.relname,
            CASE
                WHEN c.relispartition THEN 'p'
                WHEN c.relkind IN ('m', 'v') THEN 'v'
                ELSE 't'
            END,
            obj_description(c.oid, 'pg_class')
        FROM pg_catalog.pg_namespace n
        JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
        WHERE n.nspname = ANY (current_schemas(true))
            AND c.relkind IN ('f', 'm', 'p', 'r', 'v')
            AND n.nspname NOT IN ('pg_catalog', 'pg_toast')
            AND pg_catalog.pg_table_is_visible(c.oid)
    """

    def get_table_list(self, cursor):
        with DatabaseSchemaIntrospectionSearchPathContext(cursor=cursor, connection=self.connection):
            cursor.execute(self.TABLE_LIST_SQL)
            return [TableInfo(*row) for row in cursor.fetchall() if row[0] not in self.ignored_tables]


class DatabaseWrapper(TenantDatabaseWrapper):
    creation_class = UTF8DatabaseCreation

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.introspection = SchemaIntrospection(self)

    def get_connection_params(self):
        if settings.SITEGROUP_EMBEDDED_PG and not self.settings_dict.get("HOST"):
            server = pgserver.ensure_running()
            self.settings_dict["HOST"] = server["host"]
            self.settings_dict["PORT"] = server["port"]
            self.settings_dict["USER"] = self.settings_dict.get("USER") or server["user"]
        return super().get_connection_params()

    def get_new_connection(self, conn_params):
        try:
            return super().get_new_connection(conn_params)
        except Exception as exc:
            # First run against the embedded server: create the project database (with its
            # explicit locale) instead of failing. Real servers (DATABASE_URL) are left alone.
            name = self.settings_dict.get("NAME")
            if (settings.SITEGROUP_EMBEDDED_PG and name == settings.DATABASES["default"]["NAME"]
                    and f'database "{name}" does not exist' in str(exc)):
                pgserver.ensure_database(name, pgserver.ensure_running())
                return super().get_new_connection(conn_params)
            raise

    def set_tenant(self, tenant, include_public=True):
        # django-tenants' set_tenant, less the content-type cache clearing (see the module doc)
        # and less forgetting which search_path the connection has (_handle_search_path compares).
        self.tenant = tenant
        self.schema_name = tenant.schema_name
        self.include_public_schema = include_public
        self.set_settings_schema(self.schema_name)
        if tenant_backend.EXTRA_SET_TENANT_METHOD:
            tenant_backend.EXTRA_SET_TENANT_METHOD(self, tenant)

    def _handle_search_path(self, cursor=None):
        if (get_limit_set_calls() and self.search_path_set_schemas and not self._setting_search_path
                and self.schema_name):
            if self._get_cursor_search_paths() == self.search_path_set_schemas:
                return
            self.search_path_set_schemas = None
        super()._handle_search_path(cursor)

"""django-tenants' PostgreSQL backend with two additions.

* Databases it creates (the test database included) get an explicit UTF-8 locale,
  so Chinese full-text and trigram search behave the same on every machine.
* When the settings point at the embedded server (no DATABASE_URL), the first
  connection starts it if needed, so every entry point (manage.py, pytest, wsgi)
  works without a separate start step.
"""
from django.conf import settings
from django.db.backends.postgresql.creation import DatabaseCreation
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper

from sitegroup import pgserver


class UTF8DatabaseCreation(DatabaseCreation):
    def sql_table_creation_suffix(self):
        suffix = super().sql_table_creation_suffix()
        with self.connection._nodb_cursor() as cursor:
            version = cursor.connection.info.server_version
        return suffix + pgserver.locale_clause(version)


class DatabaseWrapper(TenantDatabaseWrapper):
    creation_class = UTF8DatabaseCreation

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

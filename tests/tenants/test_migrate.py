"""`migrate` keeps the template current and skips sites that are already up to date."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tenants.management.commands.migrate_schemas import Command as MigrateCommand

pytestmark = pytest.mark.django_db


def test_a_no_op_migrate_visits_no_site_schema(cluster):
    out = io.StringIO()
    call_command("migrate", stdout=out)
    assert "5 of 5 site schema(s) up to date; migrating 0." in out.getvalue()
    assert "sitegroup_template" in out.getvalue()


def test_a_site_missing_a_migration_the_template_has_is_selected(cluster):
    command = MigrateCommand()
    assert not command.lacks_template_migrations(cluster.peach.schema_name)
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{cluster.peach.schema_name}".django_migrations '
                       "WHERE id = (SELECT max(id) FROM \"" + cluster.peach.schema_name + "\".django_migrations)")
    assert command.lacks_template_migrations(cluster.peach.schema_name)
    assert not command.lacks_template_migrations(cluster.willow.schema_name)


# A migration nothing depends on (a leaf of the graph), creating two tables: it can be taken back and
# re-applied. themes.0002_form_page was one until syndication's first migration came to depend on it.
LEAF = ("legacy_import", "0001_initial")
LEAF_NAME = ".".join(LEAF)
LEAF_TABLES = ("legacy_import_importrun", "legacy_import_legacyitem")


def forget_leaf_migration(schema, *, drop_tables):
    """Make `schema` one migration behind the template; without dropping its tables re-applying it fails."""
    with connection.cursor() as cursor:
        cursor.execute(f'DELETE FROM "{schema}".django_migrations WHERE app = %s AND name = %s', LEAF)
        if drop_tables:
            drop_leaf_tables(cursor, schema)


def drop_leaf_tables(cursor, schema):
    cursor.execute("DROP TABLE " + ", ".join(f'"{schema}".{table}' for table in LEAF_TABLES) + " CASCADE")


def tables_of(schema):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename = ANY(%s)",
                       [schema, list(LEAF_TABLES)])
        return cursor.fetchone()[0]


def test_a_migration_failing_in_one_site_is_reported_the_others_migrate_and_a_rerun_resumes(cluster):
    peach, willow = cluster.peach.schema_name, cluster.willow.schema_name
    forget_leaf_migration(peach, drop_tables=True)
    forget_leaf_migration(willow, drop_tables=False)        # "relation already exists" when re-applied

    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("migrate", stdout=out, stderr=err)
    message = str(refused.value)
    assert "1 site schema(s) failed to migrate" in message
    assert f"willow ({willow}): 1 migration(s) behind, from {LEAF_NAME}" in message
    assert "peach" not in message
    assert "already exists" in err.getvalue()
    assert "3 of 5 site schema(s) up to date; migrating 2." in out.getvalue()
    # peach was migrated all the same; willow kept its last good state, recorded as it is.
    assert tables_of(peach) == 2 and not MigrateCommand().lacks_template_migrations(peach)
    assert MigrateCommand().lacks_template_migrations(willow)

    with connection.cursor() as cursor:      # the operator fixes the cause...
        drop_leaf_tables(cursor, willow)
    out = io.StringIO()
    call_command("migrate", stdout=out)      # ...and runs migrate again: only willow is visited
    assert "4 of 5 site schema(s) up to date; migrating 1." in out.getvalue()
    assert tables_of(willow) == 2 and not MigrateCommand().lacks_template_migrations(willow)


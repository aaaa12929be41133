"""`migrate` keeps the template current and skips sites that are already up to date."""
import io

import pytest
from django.core.management import call_command
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

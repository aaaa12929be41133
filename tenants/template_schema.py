"""The prepared template schema every new site is cloned from.

Cloning (about half a second) replaces replaying ~200 migrations per site (many
seconds). It has three traps, each guarded here (docs/architecture.md, "Provisioning"):

1. PostgreSQL names cloned unique constraints its own way, so a later migration that
   drops a constraint by Django's name would fail only on cloned sites:
   `restore_constraint_names` renames them back after every clone.
2. A clone is recorded as fully migrated, so a template that lags behind the code would
   produce sites that claim migrations they never ran: `pending_migrations` is checked
   before every clone and cloning is refused while any are pending.
3. Cloning copies every row of the template: the template is reduced to a known
   baseline after migrating (`reset_baseline`), and cloning is refused while it holds
   anything else (`unexpected_rows`).
"""
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context, schema_exists


class TemplateNotReady(Exception):
    """The template schema cannot be cloned now; the message says why and what to run."""


def template_schema_name():
    return settings.TENANT_BASE_SCHEMA


# Rows the template may hold, per table: anything else would be copied into every new
# site. (table, allowed SQL condition); tables not listed must be empty or are
# pure reference data (content types, permissions, migrations).
BASELINE_LIMITS = {
    "wagtailcore_page": "depth = 1",              # the tree root only
    "wagtailcore_site": "false",                  # each site gets its own
    "auth_user": "false",                         # nobody from the template
    "wagtailimages_image": "false",
    "wagtaildocs_document": "false",
    "wagtailcore_revision": "false",
    "wagtailredirects_redirect": "false",
    "wagtailforms_formsubmission": "false",
    "django_session": "false",
    "wagtailcore_pagelogentry": "false",
    "wagtailcore_modellogentry": "false",
}


def ensure_template(stdout=None, verbosity=1):
    """Create the template schema if missing, migrate it, and reset it to the baseline."""
    name = template_schema_name()
    created = False
    if not schema_exists(name):
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
        created = True
    if created or pending_migrations():
        call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False,
                     verbosity=verbosity, stdout=stdout, skip_template=True)
    reset_baseline()
    return created


def pending_migrations():
    """Migrations the code has that the template schema has not applied."""
    with schema_context(template_schema_name()):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def reset_baseline(schema=None):
    """Remove what Wagtail's migrations create that must not reach new sites."""
    with schema_context(schema or template_schema_name()), transaction.atomic():
        from wagtail.models import Locale, Page, Site

        Site.objects.all().delete()
        # The "Welcome to your new Wagtail site!" page and anything else below the root.
        for page in Page.objects.filter(depth=2):
            page.delete()
        # Deleting pages writes log entries; they describe the template, not a site.
        from wagtail.models import ModelLogEntry, PageLogEntry

        PageLogEntry.objects.all().delete()
        ModelLogEntry.objects.all().delete()
        for code, _label in settings.WAGTAIL_CONTENT_LANGUAGES:
            Locale.objects.get_or_create(language_code=code)


def unexpected_rows():
    """{table: count} of rows in the template beyond the baseline."""
    found = {}
    with connection.cursor() as cursor:
        for table, allowed in BASELINE_LIMITS.items():
            cursor.execute(
                f'SELECT count(*) FROM "{template_schema_name()}"."{table}" WHERE NOT ({allowed})'
            )
            count = cursor.fetchone()[0]
            if count:
                found[table] = count
    return found


# The template's migration state last verified in this process: re-checking the
# migration graph on every clone would cost more than the clone itself.
_verified_state = None


def _migration_state():
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*), max(id) FROM "{template_schema_name()}".django_migrations')
        return cursor.fetchone()


def assert_ready():
    """Raise TemplateNotReady unless the template can be cloned safely."""
    global _verified_state
    name = template_schema_name()
    if not schema_exists(name):
        raise TemplateNotReady(
            f"The template schema “{name}” does not exist. Run `manage.py migrate` first."
        )
    state = _migration_state()
    if state != _verified_state:
        pending = pending_migrations()
        if pending:
            raise TemplateNotReady(
                f"The template schema “{name}” has {len(pending)} unapplied migration(s) "
                f"({', '.join(pending[:5])}{' …' if len(pending) > 5 else ''}); a site cloned from it would "
                "record migrations it never ran. Run `manage.py migrate` first."
            )
        _verified_state = state
    extra = unexpected_rows()
    if extra:
        listing = ", ".join(f"{table}: {count}" for table, count in sorted(extra.items()))
        raise TemplateNotReady(
            f"The template schema “{name}” holds rows that would be copied into every new site "
            f"({listing}). Run `manage.py migrate` to reset it to its baseline."
        )


def clone_into(schema):
    """Create `schema` as a copy of the (verified) template. See tenants.schema_clone."""
    from . import schema_clone

    if schema_exists(schema, case_sensitive=False):
        raise TemplateNotReady(f"Schema “{schema}” exists already.")
    return schema_clone.clone(template_schema_name(), schema, _migration_state())


_CONSTRAINTS_SQL = """
    SELECT cls.relname, con.conname, con.contype,
           replace(pg_get_constraintdef(con.oid), %(schema)s || '.', '')
    FROM pg_constraint con
    JOIN pg_class cls ON cls.oid = con.conrelid
    JOIN pg_namespace nsp ON nsp.oid = cls.relnamespace
    WHERE nsp.nspname = %(schema)s
    ORDER BY cls.relname, con.conname
"""


def constraint_signatures(schema):
    """[(table, name, type, definition)] of every constraint in `schema`."""
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS_SQL, {"schema": schema})
        return cursor.fetchall()


def restore_constraint_names(schema):
    """Give the clone's constraints the template's names; return how many were renamed."""
    expected = {}
    for table, name, kind, definition in constraint_signatures(template_schema_name()):
        expected.setdefault((table, kind, definition), []).append(name)
    renames = []
    actual = {}
    for table, name, kind, definition in constraint_signatures(schema):
        actual.setdefault((table, kind, definition), []).append(name)
    for key, names in actual.items():
        wanted = expected.get(key, [])
        missing = sorted(set(wanted) - set(names))
        extra = sorted(set(names) - set(wanted))
        renames.extend((key[0], old, new) for old, new in zip(extra, missing, strict=False))
    with connection.cursor() as cursor:
        for table, old, new in renames:
            cursor.execute(f'ALTER TABLE "{schema}"."{table}" RENAME CONSTRAINT "{old}" TO "{new}"')
    return len(renames)

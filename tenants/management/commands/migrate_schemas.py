"""django-tenants' migrate_schemas, plus the template schema, skipping sites already up to date.

A plain `migrate` / `migrate_schemas`:
1. migrates the public schema;
2. migrates the template schema new sites are cloned from, and resets it to its baseline
   (so the template never lags behind the code);
3. migrates only the sites that lack a migration the template has. A no-op deploy on
   hundreds of sites then costs one small query per site instead of a full migration
   run per site (`--all-schemas` restores django-tenants' visit-every-schema behaviour).
"""
from django.db import connection
from django_tenants.management.commands.migrate_schemas import GET_EXECUTOR_FUNCTION, MigrateSchemasCommand
from django_tenants.utils import get_public_schema_name, get_tenant_model

from tenants import template_schema


class Command(MigrateSchemasCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--skip-template", action="store_true", dest="skip_template",
                            help="Do not migrate the template schema new sites are cloned from.")
        parser.add_argument("--all-schemas", action="store_true", dest="all_schemas",
                            help="Run migrate in every site schema even when it is up to date.")

    def handle(self, *args, **options):
        skip_template = options.pop("skip_template", False)
        all_schemas = options.pop("all_schemas", False)
        whole_cluster = not options.get("schema_name") and not options.get("shared") and not options.get("tenant")
        targeted = options.get("app_label") or options.get("migration_name") or options.get("fake") \
            or options.get("fake_initial") or options.get("plan") or options.get("check_unapplied")
        if not whole_cluster or targeted or skip_template:
            return super().handle(*args, **options)

        super().handle(*args, **{**options, "shared": True})
        self.say(f"Template schema “{template_schema.template_schema_name()}”:", options)
        template_schema.ensure_template(stdout=self.stdout, verbosity=options.get("verbosity", 1))

        schemas = list(get_tenant_model().objects.exclude(schema_name=get_public_schema_name())
                       .order_by("pk").values_list("schema_name", flat=True))
        outdated = schemas if all_schemas else [s for s in schemas if self.lacks_template_migrations(s)]
        self.say(f"{len(schemas) - len(outdated)} of {len(schemas)} site schema(s) up to date; "
                 f"migrating {len(outdated)}.", options)
        if outdated:
            # SyncCommon.handle sets up the executor state from the options.
            super(MigrateSchemasCommand, self).handle(*args, **{**options, "tenant": True})
            GET_EXECUTOR_FUNCTION(codename=self.executor)(self.args, self.options).run_migrations(tenants=outdated)

    def lacks_template_migrations(self, schema):
        template = template_schema.template_schema_name()
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT EXISTS (SELECT app, name FROM "{template}".django_migrations '
                f'EXCEPT SELECT app, name FROM "{schema}".django_migrations)')
            return cursor.fetchone()[0]

    def say(self, message, options):
        if options.get("verbosity", 1):
            self.stdout.write(message)

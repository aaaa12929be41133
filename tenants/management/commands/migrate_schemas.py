"""django-tenants' migrate_schemas, plus the template schema new sites are cloned from.

A plain `migrate` / `migrate_schemas` migrates the public schema, every site, and the
template (then resets the template to its baseline), so the template can never lag
behind the code.
"""
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from tenants import template_schema


class Command(MigrateSchemasCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--skip-template", action="store_true", dest="skip_template",
                            help="Do not migrate the template schema new sites are cloned from.")

    def handle(self, *args, **options):
        skip_template = options.pop("skip_template", False)
        whole_cluster = not options.get("schema_name") and not options.get("shared")
        super().handle(*args, **options)
        if whole_cluster and not skip_template and not options.get("migration_name"):
            if options.get("verbosity", 1):
                self.stdout.write(f"Template schema “{template_schema.template_schema_name()}”:")
            template_schema.ensure_template(stdout=self.stdout, verbosity=options.get("verbosity", 1))

"""django-tenants' migrate_schemas, plus the template schema, skipping sites already up to date.

A plain `migrate` / `migrate_schemas`:
1. migrates the public schema;
2. migrates the template schema new sites are cloned from, and resets it to its baseline
   (so the template never lags behind the code);
3. migrates only the sites that lack a migration the template has. A no-op deploy on
   hundreds of sites then costs one small query per site instead of a full migration
   run per site (`--all-schemas` visits every site schema anyway).
Sites are migrated by tenants.migrating (migration files read and project states rendered once
per process, not once per site; `--executor=multiprocessing` forks
TENANT_MULTIPROCESSING_MAX_PROCESSES processes). A site whose migration fails is reported and
the others go on; at the end the sites still behind are listed and the command fails, and
running it again resumes with exactly those sites.
"""
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand
from django_tenants.utils import get_public_schema_name, get_tenant_model
from tqdm import tqdm

from tenants import template_schema
from tenants.migrating import lacks_template_migrations, migrate_schemas, sites_behind

# Without a terminal, a progress line this often.
LOG_EVERY_SECONDS = 30


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
            self.migrate_sites(outdated, options)

    def lacks_template_migrations(self, schema):
        return lacks_template_migrations(schema)

    def migrate_sites(self, schemas, options):
        verbosity = options.get("verbosity", 1)
        processes = settings.TENANT_MULTIPROCESSING_MAX_PROCESSES if options.get("executor") == "multiprocessing" else 1
        failed, started, last_line = [], time.monotonic(), [time.monotonic()]
        interactive = verbosity and self.stderr._out.isatty()
        bar = tqdm(total=len(schemas), unit="site", desc="Migrating sites", file=self.stderr._out,
                   disable=not interactive)

        def done(outcome, number, total):
            bar.update(1)
            if outcome.error:
                failed.append(outcome)
                bar.set_postfix(failed=len(failed), refresh=False)
                self.stderr.write(f"{outcome.schema}: migration failed: {outcome.error.splitlines()[0]}")
            if verbosity > 1 and outcome.applied:
                self.stdout.write(f"{outcome.schema}: {', '.join(outcome.applied)} ({outcome.seconds:.2f} s)")
            quiet_for = time.monotonic() - last_line[0]
            if verbosity and not interactive and (number == total or quiet_for > LOG_EVERY_SECONDS):
                self.stdout.write(f"migrated {number}/{total} site schema(s), {len(failed)} failed")
                last_line[0] = time.monotonic()

        migrate_schemas(schemas, processes=processes, verbosity=max(verbosity - 1, 0), on_done=done)
        bar.close()
        connection.set_schema_to_public()
        seconds = time.monotonic() - started
        self.say(f"Migrated {len(schemas) - len(failed)} of {len(schemas)} site schema(s) in {seconds:.1f} s "
                 f"({seconds / len(schemas):.3f} s per site, {processes} process(es)).", options)
        if failed:
            self.report_behind(schemas, failed)

    def report_behind(self, schemas, failed):
        names = dict(get_tenant_model().objects.filter(schema_name__in=schemas).values_list("schema_name", "slug"))
        for outcome in failed:
            self.stderr.write(f"\n{names.get(outcome.schema, outcome.schema)} ({outcome.schema}):\n{outcome.error}")
        behind = sites_behind(schemas)
        lines = [f"  {names.get(schema, schema)} ({schema}): {len(missing)} migration(s) behind, from {missing[0]}"
                 for schema, missing in behind]
        raise CommandError(
            f"{len(failed)} site schema(s) failed to migrate; every other site was migrated and each failed "
            f"site kept its last good migration. Sites still behind:\n" + "\n".join(lines)
            + "\nFix the cause and run `manage.py migrate` again: it continues with these sites only.")

    def say(self, message, options):
        if options.get("verbosity", 1):
            self.stdout.write(message)

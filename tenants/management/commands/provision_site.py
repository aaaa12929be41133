"""Provision one site, or many from a YAML/CSV list, cloned from the template schema.

    manage.py provision_site donghu --name 东湖区 --level district --parent qingchuan
    manage.py provision_site --file sites.yaml
"""
import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tenants import template_schema
from tenants.bulk import SiteListError, in_creation_order, read_site_list
from tenants.models import Tenant
from tenants.provisioning import SiteSpec, build_tenant, provision_site


def format_errors(exc):
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Create a site ready to edit (schema, domain, home page, standard columns), or many from a file."

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?", help="Site slug, e.g. donghu (also its schema and default domain).")
        parser.add_argument("--name", help="Display name, e.g. 东湖区人民政府.")
        parser.add_argument("--level", choices=Tenant.Level.values)
        parser.add_argument("--parent", help="Slug of the parent site (required below city level).")
        parser.add_argument("--domain", action="append", default=[], dest="domains",
                            help="Domain to answer on (repeatable; first is primary). "
                                 "Default: <slug>.<SITEGROUP_SITE_DOMAIN_SUFFIX>.")
        parser.add_argument("--file", help="YAML or CSV list of sites (fields: slug, name, level, parent, domains).")

    def handle(self, *args, **options):
        if options["file"]:
            if options["slug"]:
                raise CommandError("Give either a slug or --file, not both.")
            return self.provision_many(options["file"])
        if not (options["slug"] and options["name"] and options["level"]):
            raise CommandError("A slug, --name and --level are required (or --file).")
        spec = SiteSpec(slug=options["slug"], name=options["name"], level=options["level"],
                        parent=options["parent"], domains=options["domains"])
        try:
            build_tenant(spec)
        except ValidationError as exc:
            raise CommandError(f"Site “{spec.slug}” not created: {format_errors(exc)}") from exc
        self.prepare_template()
        started = time.perf_counter()
        try:
            tenant = provision_site(spec, verify_template=False)
        except ValidationError as exc:
            raise CommandError(f"Site “{spec.slug}” not created: {format_errors(exc)}") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Created {tenant.name} ({tenant.slug}, schema {tenant.schema_name}) in "
            f"{time.perf_counter() - started:.2f} s: http://{tenant.primary_domain_name()}/"))

    def prepare_template(self):
        try:
            template_schema.assert_ready()
        except template_schema.TemplateNotReady as exc:
            raise CommandError(str(exc)) from exc

    def provision_many(self, path):
        try:
            specs = in_creation_order(read_site_list(path))
        except SiteListError as exc:
            raise CommandError(str(exc)) from exc
        existing = set(Tenant.objects.filter(slug__in=[s.slug for s in specs]).values_list("slug", flat=True))
        todo = [spec for spec in specs if spec.slug not in existing]
        # Validate the whole file before creating anything, so one typo costs nothing.
        planned, problems = {}, []
        for spec in todo:
            try:
                tenant, _domains = build_tenant(spec, known_parents=planned)
                planned[spec.slug] = tenant
            except ValidationError as exc:
                problems.append(f"  {spec.slug}: {format_errors(exc)}")
        slugs = [spec.slug for spec in todo]
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            problems.append(f"  listed more than once: {', '.join(duplicates)}")
        if problems:
            raise CommandError("Nothing was created; fix these sites first:\n" + "\n".join(problems))
        if existing:
            self.stdout.write(f"Skipping {len(existing)} site(s) that already exist: {', '.join(sorted(existing))}")
        if not todo:
            self.stdout.write(self.style.SUCCESS("All sites in the file exist already."))
            return
        self.prepare_template()
        done = []
        started = time.perf_counter()
        with tqdm(total=len(todo), unit="site", desc="Provisioning", file=self.stderr._out) as bar:
            for spec in todo:
                bar.set_postfix_str(spec.slug)
                try:
                    provision_site(spec, verify_template=False)
                except Exception as exc:
                    message = format_errors(exc) if isinstance(exc, ValidationError) else repr(exc)
                    raise CommandError(
                        f"Stopped at “{spec.slug}”: {message}\n{len(done)} site(s) were created "
                        f"and kept; “{spec.slug}” was not created. Fix it and run the same command again: "
                        "existing sites are skipped.") from exc
                done.append(spec.slug)
                bar.update(1)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(
            f"Created {len(done)} site(s) in {elapsed:.1f} s ({elapsed / len(done):.2f} s per site)."))

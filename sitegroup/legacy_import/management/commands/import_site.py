"""manage.py import_site SLUG --from URL|FOLDER [--base-url URL] [--dry-run] [--mapping FILE] ..."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tenants.utils import tenant_context
from tqdm import tqdm

from tenants.models import Tenant

from ...finishing import url_map_csv
from ...importer import ImportRefused
from ...service import fetcher_for, import_legacy_site, proposed_mapping


class _Progress:
    def __init__(self, bar):
        self.bar = bar

    def __call__(self, url):
        self.bar.update(1)
        self.bar.set_postfix_str(url[-60:], refresh=False)

    def over(self, items, label):
        return tqdm(items, desc=label, unit=pgettext("legacy import", "page"), leave=False, disable=self.bar.disable)


class Command(BaseCommand):
    help = _("Import a legacy site (crawled over HTTP, or a saved folder) into a site, with its old URLs.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help=_("the site to import into"))
        parser.add_argument("--from", dest="source", required=True,
                            help=_("the legacy site's home page URL, a folder of its saved pages, or a WordPress "
                                   "export (.xml)"))
        parser.add_argument("--base-url", default="",
                            help=_("for a folder: the legacy site's address (its links use it); default http://legacy.local/"))
        parser.add_argument("--dry-run", action="store_true",
                            help=_("crawl and report the columns found and where they would go; write nothing"))
        parser.add_argument("--mapping", help=_("a YAML mapping of legacy columns (from --write-mapping, edited)"))
        parser.add_argument("--write-mapping", help=_("write the proposed mapping to this YAML file"))
        parser.add_argument("--unmapped", choices=["create", "skip"], default="create",
                            help=_("what happens to columns no rule or mapping names: a new column, or skipped"))
        parser.add_argument("--max-pages", type=int, default=5000, help=_("stop after fetching this many pages"))
        parser.add_argument("--delay", type=float, default=0.5,
                            help=_("seconds between two requests to the legacy host"))
        parser.add_argument("--csv",
                            help=_("write old URL → new URL as CSV to this file (for the legacy host's redirects)"))
        parser.add_argument("--report", help=_("write the full report as JSON to this file"))
        parser.add_argument("--take-over-domain", action="store_true",
                            help=_("when the import completes, add the legacy host to the site's domains, so old "
                                   "URLs on the old host reach their redirects (refused if another site holds it)"))

    def handle(self, *args, slug, source, base_url, dry_run, mapping, write_mapping, unmapped, max_pages, delay,
               csv, report, take_over_domain=False, **options):
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(_("There is no site “%(slug)s”.") % {"slug": slug})
        mapping_text = None
        if mapping:
            try:
                mapping_text = Path(mapping).read_text("utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(_("Cannot read the mapping file: %(error)s") % {"error": error}) from None
        bar = tqdm(total=max_pages, unit=pgettext("legacy import", "page"), desc=tenant.slug,
                   disable=options["verbosity"] < 1)
        try:
            with tenant_context(tenant):
                fetcher = fetcher_for(source, base_url=base_url, delay=delay)
                site_import = import_legacy_site(tenant, fetcher, mapping_text=mapping_text, unmapped=unmapped,
                                                 max_pages=max_pages, dry_run=dry_run, progress=_Progress(bar),
                                                 take_over_domain=take_over_domain)
                bar.close()
                if dry_run:
                    return self.dry_run_report(site_import, write_mapping)
                if csv:
                    Path(csv).write_text(url_map_csv(site_import.site), "utf-8")
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError(_("Interrupted. What was imported stays a draft; run the same command again to go "
                                 "on where it stopped.")) from None
        finally:
            bar.close()
            connection.set_schema_to_public()
        if report:
            Path(report).write_text(json.dumps(site_import.result, ensure_ascii=False, indent=2), "utf-8")
        self.print_report(site_import.result)

    def dry_run_report(self, site_import, write_mapping):
        text = proposed_mapping(site_import)
        self.stdout.write(_("Dry run: nothing was written. Columns found and where their pages would go:"))
        self.stdout.write(text)
        if write_mapping:
            Path(write_mapping).write_text(text, "utf-8")
            self.stdout.write(_("Mapping written to %(file)s: edit it, then import with --mapping.")
                              % {"file": write_mapping})
        for url, item in sorted(site_import.dry_items.items()):
            if item["reason"] and item["status"] == "skipped":
                self.stdout.write(f"  {_('skipped')}: {url} — {item['reason']}")

    def print_report(self, result):
        self.stdout.write(_("Import complete."))
        for key, count in result["counts"].items():
            self.stdout.write(f"  {key}: {count}")
        if result["flagged"]:
            self.stdout.write(_("Kept as drafts because of content-safety findings:"))
            for item in result["flagged"]:
                words = ", ".join(sorted({" ".join(f["matched"].split())[:40] for f in item["findings"]}))
                self.stdout.write(f"  {item['url']} {item['title']} — {words}")
        if result["problems"]:
            self.stdout.write(_("Not imported:"))
            for problem in result["problems"]:
                self.stdout.write(f"  [{problem['kind']}] {problem['url']} — {problem['reason']}")
        if result["images_without_alt"]:
            self.stdout.write(_("%(count)s images have no alt text: the accessibility checks will list them.")
                              % {"count": result["images_without_alt"]})
        domain = result.get("domain")
        if domain:
            message = (_("The site now also answers on %(host)s: old URLs there reach their redirects.")
                       if domain["added"] else _("%(host)s was not added to the site's domains: %(reason)s."))
            self.stdout.write(message % domain)
        if result["not_followed"]:
            self.stdout.write(_("%(count)s links were not followed (page limit reached); run again with a higher "
                                "--max-pages to go on.") % {"count": result["not_followed"]})

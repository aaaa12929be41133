"""Rebuild the cross-site index from the sites' pages: `manage.py reindex [--site SLUG]`.

`manage.py reindex --vocabulary` only recounts the indexed words (and the common words' counts
per site) from the documents: after changing SITEGROUP_SEARCH_SITE_COUNTS_ABOVE, or to repair
drift, without reading any page.

Each site's documents are swapped in one transaction, so searches keep returning results
(the old ones for a site until its new ones are in) while the rebuild runs.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.backends.base import get_backend
from search.reindex import rebuild_site
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Rebuild the cross-site search index (the configured backend) from every site, or one."

    def add_arguments(self, parser):
        parser.add_argument("--site", help="Slug of the one site to rebuild.")
        parser.add_argument("--vocabulary", action="store_true",
                            help="Only recount the indexed words and the common words per site.")

    def handle(self, *args, site=None, vocabulary=False, **options):
        if vocabulary:
            if site:
                raise CommandError("--vocabulary recounts the whole index; leave out --site.")
            started = time.perf_counter()
            get_backend().finish_rebuild()
            self.stdout.write(self.style.SUCCESS(f"Vocabulary recounted in {time.perf_counter() - started:.1f} s."))
            return
        sites = Tenant.objects.order_by("level", "name")
        if site:
            sites = sites.filter(slug=site)
            if not sites.exists():
                raise CommandError(f"No site with slug “{site}”.")
        backend = get_backend()
        started, total = time.perf_counter(), 0
        with tqdm(list(sites), unit="site", desc="Reindexing", file=self.stderr._out) as bar:
            for tenant in bar:
                bar.set_postfix_str(tenant.slug)
                total += rebuild_site(tenant, backend)
        if not site:
            backend.finish_rebuild()  # recount the vocabulary from what is now indexed
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {total} page(s) of {sites.count()} site(s) with {type(backend).__name__} "
            f"in {time.perf_counter() - started:.1f} s."))

"""The import as a background task, so the console's request does not wait for a whole legacy site.

With the immediate task backend it runs inline; with the database backend a worker runs it (in
the public schema: it enters the site's schema itself). Progress is written to the run's report
every few pages, so the console can show how far it got.
"""
from django.db import connection
from django.utils import timezone
from django_tasks import task
from django_tenants.utils import tenant_context

PROGRESS_EVERY = 10


class RunProgress:
    """Counts fetched pages and writes the count to the open run now and then."""

    def __init__(self):
        self.site_import = None
        self.pages = 0

    def __call__(self, url):
        self.pages += 1
        run = self.site_import.run if self.site_import else None
        if run is not None and self.pages % PROGRESS_EVERY == 0:
            run.report = {**run.report, "progress": {"pages": self.pages, "last_url": url}}
            run.save(update_fields=["report"])


@task()
def import_site_task(slug, source, mapping_text="", unmapped="create", max_pages=5000, delay=0.5, dry_run=False,
                     take_over_domain=False):
    from tenants.models import Tenant

    from .models import ImportRun
    from .service import fetcher_for, import_legacy_site, proposed_mapping

    tenant = Tenant.objects.get(slug=slug)
    try:
        with tenant_context(tenant):
            progress = RunProgress()
            fetcher = fetcher_for(source, delay=delay)
            site_import = import_legacy_site(tenant, fetcher, mapping_text=mapping_text or None, unmapped=unmapped,
                                             max_pages=max_pages, dry_run=dry_run, progress=progress,
                                             take_over_domain=take_over_domain)
            if dry_run:
                # Nothing is imported; the proposal is kept so the console can show it and offer it to edit.
                skipped = sorted((url, item["reason"]) for url, item in site_import.dry_items.items()
                                 if item["status"] == "skipped" and item["reason"])
                run = ImportRun.objects.create(
                    source=fetcher.start_url, finished_at=timezone.now(), options={"dry_run": True},
                    report={"mapping": proposed_mapping(site_import), "columns": dict(site_import.columns_seen),
                            "problems": [{"url": url, "reason": reason} for url, reason in skipped]})
                return run.pk
            return site_import.run.pk
    finally:
        connection.set_schema_to_public()

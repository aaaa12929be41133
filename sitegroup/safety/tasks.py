"""Background scans: one task per site, queued from inside the site's schema (sitegroup.tasks
carries the schema to the worker)."""
from django_tasks import task


@task()
def scan_site_task(site_id, trigger="scheduled"):
    from tenants.models import Tenant

    from .pages import scan_site

    site = Tenant.objects.filter(pk=site_id).first()
    if site is None:
        return None
    run = scan_site(site, trigger)
    return {"run": run.pk, "pages": run.pages, "high": run.high, "medium": run.medium, "low": run.low}


def queue_site_scan(site, trigger="scheduled"):
    """Queue a scan of `site` (enters its schema to queue, so the task carries it)."""
    from django_tenants.utils import tenant_context

    with tenant_context(site):
        return scan_site_task.enqueue(site.pk, trigger)

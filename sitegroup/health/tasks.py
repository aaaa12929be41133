"""Background health runs and probes: one task per site, queued from inside its schema
(sitegroup.tasks carries the schema to the worker)."""
from django_tasks import task


@task()
def site_health_task(site_id, links=False):
    from tenants.models import Tenant

    from .notify import alert_site
    from .runner import run_site_health

    site = Tenant.objects.filter(pk=site_id).first()
    if site is None:
        return None
    run = run_site_health(site, links=links)
    alert_site(site, run)
    return {"run": run.pk, "passed": run.passed, "score": run.score}


def queue_site_health(site, links=False):
    from django_tenants.utils import tenant_context

    with tenant_context(site):
        return site_health_task.enqueue(site.pk, links)

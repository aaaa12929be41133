from django_tasks import task


@task()
def audit_site_task(site_id):
    """The audit as a background task (the worker runs in the public schema; sites are entered per page)."""
    from tenants.models import Tenant

    from .audit import Auditor, LocalServer, audit_site

    tenant = Tenant.objects.get(pk=site_id)
    with LocalServer() as server, Auditor() as auditor:
        return audit_site(tenant, server.url, auditor).pk

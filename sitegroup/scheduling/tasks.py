"""The background task behind queued per-site jobs: runs in the site's schema (sitegroup/tasks wraps it)."""
from django.db import connection
from django_tasks import task

from tenants.models import Tenant

from .registry import get_scheduled_job
from .runner import record_site_result, run_in_transaction


@task()
def run_site_job(job_name, run_id):
    """Run the per-site job `job_name` for the site whose schema this task runs in; report to run `run_id`."""
    job = get_scheduled_job(job_name)
    if job is None:
        raise LookupError(f"The scheduled job “{job_name}” is no longer registered.")
    site = Tenant.objects.get(schema_name=connection.schema_name)
    try:
        summary = run_in_transaction(job, site)
    except Exception as exc:
        record_site_result(run_id, site.slug, f"{type(exc).__name__}: {exc}"[:2000])
        raise
    record_site_result(run_id, site.slug)
    return summary

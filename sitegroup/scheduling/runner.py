"""Run scheduled jobs: what is due now (`run_due_jobs`) or one job on demand (`run_job`).

* A job runs at most once at a time across every host: it holds a PostgreSQL advisory lock
  for the length of its run; a second scheduler finding it locked skips it.
* A per-site job visits every site in scope, each inside its schema and its own transaction.
  A failing site is recorded (`ScheduledRun.failures`) and the run goes on with the next one;
  progress goes to the `ScheduledRun` row and to the `progress` callback.
* A queued per-site job enqueues one background task per site (each carries its site's
  schema, sitegroup/tasks) and returns at once; the tasks update the same run row.
"""
import hashlib
import logging
import time

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Tenant

from .models import ScheduledRun
from .registry import PartialFailure, get_scheduled_job, scheduled_jobs

log = logging.getLogger(__name__)

# Write progress to the run row at most this often (one UPDATE), so a run over 2,000 sites
# shows where it is without a write per site.
PROGRESS_EVERY_SECONDS = 5


class JobLocked(Exception):
    """Another scheduler (or an earlier run still going) holds this job."""


def _lock_key(name):
    return int.from_bytes(hashlib.sha256(f"sitegroup.scheduling:{name}".encode()).digest()[:8], "big", signed=True)


def _try_lock(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [_lock_key(name)])
        return cursor.fetchone()[0]


def _unlock(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [_lock_key(name)])


def last_started(job_name):
    return (ScheduledRun.objects.filter(job=job_name).order_by("-started_at")
            .values_list("started_at", flat=True).first())


def due_jobs(now=None):
    now = now or timezone.now()
    return [job for job in scheduled_jobs() if job.is_due(last_started(job.name), now)]


def run_due_jobs(now=None, progress=None):
    """Run every job that is due; returns the ScheduledRun rows of the runs made."""
    runs = []
    for job in due_jobs(now):
        try:
            runs.append(run_job(job, trigger="schedule", now=now, progress=progress))
        except JobLocked:
            log.info("scheduled job %s is running elsewhere; skipped", job.name)
    return runs


def sites_for(job, only=None):
    sites = Tenant.objects.filter(status__in=job.statuses).order_by("pk")
    if only:
        sites = sites.filter(slug__in=only)
    return list(sites)


def run_job(job, *, trigger="manual", now=None, sites=None, progress=None):
    """Run `job` (a ScheduledJob or its name) now. `sites`: slugs to limit a per-site job to."""
    job = get_scheduled_job(job) if isinstance(job, str) else job
    connection.set_schema_to_public()
    if not _try_lock(job.name):
        raise JobLocked(job.name)
    try:
        # Runs of this job that never finished were cut short (the lock was free, so no one runs them).
        ScheduledRun.objects.filter(job=job.name, state=ScheduledRun.State.RUNNING).update(
            state=ScheduledRun.State.INTERRUPTED)
        run = ScheduledRun.objects.create(job=job.name, trigger=trigger, started_at=now or timezone.now())
        if job.per_site:
            _run_per_site(job, run, sites_for(job, sites), progress)
        else:
            _run_platform(job, run)
        return run
    finally:
        connection.set_schema_to_public()
        _unlock(job.name)


def _finish(run, state, **fields):
    for name, value in fields.items():
        setattr(run, name, value)
    run.state, run.finished_at = state, timezone.now()
    run.save()


def _error_text(exc):
    return f"{type(exc).__name__}: {exc}"[:2000]


def run_in_transaction(job, *args):
    """`job.run(*args)` in one transaction; a PartialFailure commits what was done, then is raised again."""
    with transaction.atomic():
        try:
            return job.run(*args)
        except PartialFailure as exc:
            partial = exc
    raise partial


def _run_platform(job, run):
    try:
        summary = run_in_transaction(job)
    except Exception as exc:
        log.exception("scheduled job %s failed", job.name)
        _finish(run, ScheduledRun.State.FAILED, failures={"": _error_text(exc)})
        return
    _finish(run, ScheduledRun.State.DONE, summary=str(summary or ""))


def _run_per_site(job, run, sites, progress):
    run.sites_total = len(sites)
    run.save(update_fields=["sites_total"])
    if job.queue:
        return _queue_per_site(job, run, sites, progress)
    failures, summaries, last_write = {}, [], time.monotonic()
    for number, site in enumerate(sites, 1):
        try:
            with schema_context(site.schema_name):
                summary = run_in_transaction(job, site)
            if summary:
                summaries.append(f"{site.slug}: {summary}")
        except Exception as exc:
            # One site's trouble never stops the others.
            log.exception("scheduled job %s failed on site %s", job.name, site.slug)
            failures[site.slug] = _error_text(exc)
        finally:
            connection.set_schema_to_public()
        if progress:
            progress(job, number, len(sites), site, failures)
        if time.monotonic() - last_write > PROGRESS_EVERY_SECONDS:
            ScheduledRun.objects.filter(pk=run.pk).update(sites_done=number, sites_failed=len(failures),
                                                          failures=failures)
            last_write = time.monotonic()
    _finish(run, ScheduledRun.State.FAILED if failures else ScheduledRun.State.DONE, sites_done=len(sites),
            sites_failed=len(failures), failures=failures, summary="\n".join(summaries[:200]))


def _queue_per_site(job, run, sites, progress):
    from .tasks import run_site_job

    task = run_site_job.using(priority=job.priority)
    for number, site in enumerate(sites, 1):
        with schema_context(site.schema_name):
            task.enqueue(job.name, run.pk)
        connection.set_schema_to_public()
        if progress:
            progress(job, number, len(sites), site, {})
    run.refresh_from_db()
    # With the immediate backend the tasks have already run and counted themselves.
    if run.sites_done >= run.sites_total:
        _finish(run, ScheduledRun.State.FAILED if run.sites_failed else ScheduledRun.State.DONE)
    else:
        _finish(run, ScheduledRun.State.QUEUED)


def record_site_result(run_id, slug, error=None):
    """A queued per-site task reports back (from any worker, in one UPDATE): done, or failed with `error`."""
    with connection.cursor() as cursor:
        if error:
            cursor.execute(
                "UPDATE public.scheduling_scheduledrun SET sites_done = sites_done + 1, "
                "sites_failed = sites_failed + 1, failures = failures || jsonb_build_object(%s::text, %s::text) "
                "WHERE id = %s", [slug, error, run_id])
        else:
            cursor.execute("UPDATE public.scheduling_scheduledrun SET sites_done = sites_done + 1 WHERE id = %s",
                           [run_id])


def next_runs(now=None):
    """[(job, last run or None, next due datetime or None)] for every registered job."""
    now = now or timezone.now()
    rows = []
    for job in scheduled_jobs():
        last = ScheduledRun.objects.filter(job=job.name).order_by("-started_at").first()
        due = job.next_due(last.started_at if last else None, now) if job.is_enabled else None
        rows.append((job, last, max(due, now) if due else None))
    return rows
